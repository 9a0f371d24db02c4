//go:build unix

package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
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
			if err := f.commit(); err != nil {
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
		f.commit()
		t.Errorf("createOutput over a read-only file: no error")
	} else if !errors.Is(err, fs.ErrPermission) {
		t.Errorf("error %v, want permission denied", err)
	}
	want := map[string]string{"q3-audit.json": "kept"}
	if got := readText(t, dir); !cmp.Equal(want, got) {
		t.Errorf("files (-want +got):\n%s", cmp.Diff(want, got))
	}
}
