//go:build unix

package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCreateOutputMode: a new output is made 0666 less the umask, as
// os.Create makes it, so that a umask of 077 keeps a report of the
// company's orders from other users; an output replacing a file keeps
// that file's permissions.
func TestCreateOutputMode(t *testing.T) {
	for _, tc := range []struct {
		umask          int
		existing, want fs.FileMode // existing 0: no file there
	}{
		{umask: 0o077, want: 0o600},
		{umask: 0o002, want: 0o664},
		{umask: 0o022, want: 0o644},
		{umask: 0o077, existing: 0o644, want: 0o644},
		{umask: 0o022, existing: 0o640, want: 0o640},
	} {
		func() {
			defer syscall.Umask(syscall.Umask(tc.umask))
			path := filepath.Join(t.TempDir(), "audit.json")
			if tc.existing != 0 {
				if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, tc.existing); err != nil {
					t.Fatal(err)
				}
			}
			f, err := createOutput(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.WriteString("new"); err != nil {
				t.Fatal(err)
			}
			if err := f.commit(context.Background()); err != nil {
				t.Fatal(err)
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, fi.Mode().Perm()); diff != "" {
				t.Errorf("umask %03o, existing %03o: mode (-want +got):\n%s", tc.umask, tc.existing, diff)
			}
		}()
	}
}

// TestCreateOutputReadOnly: an output over a file its user may not write
// is refused, as os.Create refuses it, and the file stays as it was; the
// rename beside it needs only the directory's permission. (Root may
// write any file: there is nothing to refuse.)
func TestCreateOutputReadOnly(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write a read-only file")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "q3-audit.json")
	if err := os.WriteFile(path, []byte("kept"), 0o444); err != nil {
		t.Fatal(err)
	}
	f, err := createOutput(path)
	if err == nil {
		f.WriteString("new")
		f.commit(context.Background())
		t.Errorf("createOutput over a read-only file: no error")
	} else if !errors.Is(err, fs.ErrPermission) {
		t.Errorf("error %v, want permission denied", err)
	}
	want := map[string]string{"q3-audit.json": "kept"}
	if got := readText(t, dir); !cmp.Equal(want, got) {
		t.Errorf("files (-want +got):\n%s", cmp.Diff(want, got))
	}
}

// TestCommitOutputsAllOrNone: a run writing several reports replaces all
// of them or none. A report that cannot be flushed or renamed into place
// (here a directory made where it goes, which fails for root too) leaves
// every earlier report as it was, byte for byte, a path that held none
// holding none, and no temporary file or kept copy beside them; the
// error names the output and says so. Where a file system has no hard
// links, the file replaced is renamed aside and back. Where putting one
// back fails, the error says which path holds what.
func TestCommitOutputsAllOrNone(t *testing.T) {
	noLink := func(string, string) error { return syscall.EPERM }
	for _, tc := range []struct {
		name    string
		old     map[string]string // the files before the run
		provoke func(t *testing.T, dir string, files []*outputFile)
		link    func(string, string) error // nil: os.Link
		fail    func(from, to string) bool // a rename fails with EIO
		want    map[string]string          // the files after, "dir" for a directory
		wantErr string                     // DIR stands for the directory
	}{{
		name: "all written",
		old:  map[string]string{"a.json": "old a\n", "b.md": "old b\n"},
		want: map[string]string{"a.json": "new a.json\n", "b.md": "new b.md\n", "c.xlsx": "new c.xlsx\n"},
	}, {
		name:    "the last is a directory",
		old:     map[string]string{"a.json": "old a\n", "b.md": "old b\n"},
		provoke: directoryAt("c.xlsx"),
		want:    map[string]string{"a.json": "old a\n", "b.md": "old b\n", "c.xlsx": "dir", "c.xlsx/keep": "kept\n"},
		wantErr: "DIR/c.xlsx: cannot put this run's report in place: file exists; no report was replaced",
	}, {
		name:    "the second is a directory",
		old:     map[string]string{"a.json": "old a\n", "c.xlsx": "old c\n"},
		provoke: directoryAt("b.md"),
		want:    map[string]string{"a.json": "old a\n", "b.md": "dir", "b.md/keep": "kept\n", "c.xlsx": "old c\n"},
		wantErr: "DIR/b.md: cannot put this run's report in place: file exists; no report was replaced",
	}, {
		name:    "the second cannot be flushed",
		old:     map[string]string{"a.json": "old a\n", "b.md": "old b\n", "c.xlsx": "old c\n"},
		provoke: func(t *testing.T, dir string, files []*outputFile) { files[1].File.Close() },
		want:    map[string]string{"a.json": "old a\n", "b.md": "old b\n", "c.xlsx": "old c\n"},
		wantErr: "DIR/b.md: sync DIR/.b.md.TMP.tmp: file already closed; no report was replaced",
	}, {
		name:    "no hard links",
		old:     map[string]string{"a.json": "old a\n", "b.md": "old b\n"},
		provoke: directoryAt("c.xlsx"),
		link:    noLink,
		want:    map[string]string{"a.json": "old a\n", "b.md": "old b\n", "c.xlsx": "dir", "c.xlsx/keep": "kept\n"},
		wantErr: "DIR/c.xlsx: cannot put this run's report in place: file exists; no report was replaced",
	}, {
		name:    "a path that held none",
		old:     map[string]string{"b.md": "old b\n"},
		provoke: directoryAt("c.xlsx"),
		want:    map[string]string{"b.md": "old b\n", "c.xlsx": "dir", "c.xlsx/keep": "kept\n"},
		wantErr: "DIR/c.xlsx: cannot put this run's report in place: file exists; no report was replaced",
	}, {
		name:    "no hard links, the second renamed aside and back",
		old:     map[string]string{"a.json": "old a\n", "b.md": "old b\n", "c.xlsx": "old c\n"},
		link:    noLink,
		fail:    func(from, to string) bool { return strings.HasSuffix(from, ".tmp") && filepath.Base(to) == "b.md" },
		want:    map[string]string{"a.json": "old a\n", "b.md": "old b\n", "c.xlsx": "old c\n"},
		wantErr: "DIR/b.md: cannot put this run's report in place: input/output error; no report was replaced",
	}, {
		name: "no hard links, all written",
		old:  map[string]string{"a.json": "old a\n"},
		link: noLink,
		want: map[string]string{"a.json": "new a.json\n", "b.md": "new b.md\n", "c.xlsx": "new c.xlsx\n"},
	}, {
		name:    "putting back fails",
		old:     map[string]string{"a.json": "old a\n"},
		provoke: directoryAt("c.xlsx"),
		fail:    func(from, _ string) bool { return strings.HasSuffix(from, ".old") },
		want:    map[string]string{".a.json.KEPT.old": "old a\n", "a.json": "new a.json\n", "c.xlsx": "dir", "c.xlsx/keep": "kept\n"},
		wantErr: "DIR/c.xlsx: cannot put this run's report in place: file exists; putting back the earlier reports failed: DIR/a.json holds this run's report, and the earlier report is at DIR/.a.json.KEPT.old (input/output error); DIR/b.md put back as it was",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.link != nil {
				defer func(l func(string, string) error) { outputLink = l }(outputLink)
				outputLink = tc.link
			}
			if tc.fail != nil {
				defer func(r func(string, string) error) { outputRename = r }(outputRename)
				rename := outputRename
				outputRename = func(from, to string) error {
					if tc.fail(from, to) {
						return &os.LinkError{Op: "rename", Old: from, New: to, Err: syscall.EIO}
					}
					return rename(from, to)
				}
			}
			dir := t.TempDir()
			for name, text := range tc.old {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var outs []output
			var files []*outputFile
			for _, name := range []string{"a.json", "b.md", "c.xlsx"} {
				f, err := createOutput(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if _, err := f.WriteString("new " + name + "\n"); err != nil {
					t.Fatal(err)
				}
				files = append(files, f)
				outs = append(outs, output{closer: f, path: name})
			}
			outs = append(outs, output{path: "-"}) // standard output: no file to commit
			if tc.provoke != nil {
				tc.provoke(t, dir, files)
			}
			err := commitOutputs(context.Background(), outs)
			got := ""
			if err != nil {
				got = strings.ReplaceAll(err.Error(), dir, "DIR")
				got = regexp.MustCompile(`\.(\w+)\.\w+\.(tmp|old)\b`).ReplaceAllString(got, ".$1.$2")
				got = strings.NewReplacer(".b.md.tmp", ".b.md.TMP.tmp", ".a.json.old", ".a.json.KEPT.old").Replace(got)
			}
			if got != tc.wantErr {
				t.Errorf("error:\n got %s\nwant %s", got, tc.wantErr)
			}
			after := map[string]string{}
			for name, text := range tree(t, dir) {
				if strings.HasPrefix(name, ".a.json.") && strings.HasSuffix(name, ".old") {
					name = ".a.json.KEPT.old" // the kept copy's name is random
				}
				after[name] = text
			}
			if diff := cmp.Diff(tc.want, after); diff != "" {
				t.Errorf("files (-want +got):\n%s", diff)
			}
		})
	}
}

// directoryAt makes a directory, not empty, where the output name goes,
// after its temporary file is made.
func directoryAt(name string) func(t *testing.T, dir string, files []*outputFile) {
	return func(t *testing.T, dir string, files []*outputFile) {
		p := filepath.Join(dir, name)
		if err := os.RemoveAll(p); err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(p, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "keep"), []byte("kept\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// tree returns every file under dir with its content, and "dir" for each
// directory.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			m[rel] = "dir"
			return nil
		}
		b, err := os.ReadFile(p)
		m[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}
