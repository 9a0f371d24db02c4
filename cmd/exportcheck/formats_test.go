package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// normalize replaces what changes with every policy edit or build.
func normalize(s string) string {
	s = regexp.MustCompile(`[0-9a-f]{64}`).ReplaceAllString(s, "REVISION")
	s = regexp.MustCompile(`(revision[ "]*|revision `+"`"+`)[0-9a-f]{12}`).ReplaceAllString(s, "${1}REVISION")
	s = strings.ReplaceAll(s, `"version": "`+toolVersion()+`"`, `"version": "VERSION"`)
	return s
}

// TestFormatsGolden writes the example order book in every format and
// compares with testdata/golden (go test -run Golden -update rewrites them).
func TestFormatsGolden(t *testing.T) {
	for _, format := range []string{"text", "json", "jsonl", "junit", "sarif", "github", "markdown"} {
		t.Run(format, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{"check", "--screening-list", "demo", "--format", format, "../../examples/orders.csv"}, nil, &stdout, &stderr)
			lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
			wantErr := []string{"exportcheck: warning: DEMONSTRATION screening:"}
			if format != "text" { // the text table ends with the summary; other formats put it on stderr
				wantErr = append(wantErr, "exportcheck: 14 lines: 7 allow, 1 exception, 6 license_required, 7 at or above --fail-on review")
			}
			if code != exitFailed || len(lines) != len(wantErr) || !strings.HasPrefix(lines[0], wantErr[0]) || (len(wantErr) > 1 && lines[1] != wantErr[1]) {
				t.Fatalf("exit %d, stderr %q; want exit 1 and %q", code, stderr.String(), wantErr)
			}
			got := normalize(stdout.String())
			path := filepath.Join("testdata", "golden", "check."+format)
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", path, diff)
			}
		})
	}
}

// TestSameInputSameBytes: output order is input order and runs are repeatable.
func TestSameInputSameBytes(t *testing.T) {
	book, err := os.ReadFile("../../examples/orders.csv")
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "orders.csv") // the same lines, another book (one book twice is refused)
	if err := os.WriteFile(other, book, 0o644); err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	run(context.Background(), []string{"check", "--screening-list", "demo", "--format", "jsonl", "../../examples/orders.csv", other}, nil, &a, &bytes.Buffer{})
	run(context.Background(), []string{"check", "--screening-list", "demo", "--format", "jsonl", "../../examples/orders.csv", other}, nil, &b, &bytes.Buffer{})
	if a.String() != b.String() || strings.Count(a.String(), "\n") != 28 {
		t.Errorf("runs differ or lines lost:\n%s", a.String())
	}
}
