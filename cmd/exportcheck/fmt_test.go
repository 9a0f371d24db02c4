package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFormatFile(t *testing.T) {
	const tidy = "package company\n\nallow if input.n > 1\n"
	tests := []struct {
		name        string
		src         string
		write       bool
		wantChanged bool
		wantFile    string
		wantErr     bool
	}{
		{name: "formatted", src: tidy, write: true, wantFile: tidy},
		{name: "unformatted, check", src: "package company\nallow if {   input.n > 1 }\n", wantChanged: true, wantFile: "package company\nallow if {   input.n > 1 }\n"},
		{name: "unformatted, write", src: "package company\nallow if {   input.n > 1 }\n", write: true, wantChanged: true, wantFile: tidy},
		{name: "v0 syntax is not Rego v1", src: "package company\nallow { input.n > 1 }\n", write: true, wantErr: true, wantFile: "package company\nallow { input.n > 1 }\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "p.rego")
			if err := os.WriteFile(path, []byte(tt.src), 0o600); err != nil {
				t.Fatal(err)
			}
			changed, err := formatFile(path, tt.write)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error %v", err, tt.wantErr)
			}
			if changed != tt.wantChanged {
				t.Errorf("changed %v, want %v", changed, tt.wantChanged)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.wantFile, string(got)); d != "" {
				t.Errorf("file (-want +got):\n%s", d)
			}
		})
	}
}

func TestRegoFiles(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"a.rego", "sub/b.rego", "sub/c.txt", ".git/d.rego", "sub/.cache/e.rego"} {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	got, err := regoFiles([]string{dir, filepath.Join(dir, "sub/c.txt")})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "a.rego"), filepath.Join(dir, "sub/b.rego"), filepath.Join(dir, "sub/c.txt")}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
}
