package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestRemoveOutputLeftovers: the next output to a path removes what runs
// killed while writing it left beside it, and only what can be lost
// without loss: temporary files no process holds, untouched for an hour,
// and copies of the earlier report that are the report itself (a hard
// link) or empty. The only copy of an earlier report, a file in use, a
// fresh file and every name this code does not make stay; the only copy
// is returned, to be warned of, unless it is fresh.
func TestRemoveOutputLeftovers(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "x.json")
	write := func(name, text string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("x.json", "the report\n")
	write(".x.json.1a2b.tmp", "half a report") // a killed run's
	fresh := write(".x.json.3c4d.tmp", "half a report")
	held := write(".x.json.5e6f.tmp", "a report being written")
	if err := os.Link(target, filepath.Join(dir, ".x.json.7g8h.old")); err != nil { // the report itself
		t.Fatal(err)
	}
	write(".x.json.9i0j.old", "")                     // made for a rename aside, never renamed onto
	write(".x.json.k1l2.old", "the earlier report\n") // the only copy
	write(".x.json.ABC.tmp", "not a name this code makes")
	write(".x.json.0abc.tmp", "not a name this code makes")
	write(".x.json.notes.txt.tmp", "not a name this code makes")
	write(".x.json.1a2b.tmp.keep", "not a name this code makes")
	write("x.json.1a2b.tmp", "not a name this code makes")
	write(".y.json.1a2b.tmp", "another output's")

	now := time.Now().Add(3 * time.Hour) // every file but the fresh one made three hours ago
	if err := os.Chtimes(fresh, now, now.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(held) // a live run's: it holds a lock on it
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if busy, err := tryLockFile(f, false); busy || err != nil {
		t.Fatalf("locking %s: busy %v, %v", held, busy, err)
	}

	want := readText(t, dir)
	delete(want, ".x.json.1a2b.tmp")
	delete(want, ".x.json.7g8h.old")
	delete(want, ".x.json.9i0j.old")
	// Not regular files: read apart.
	if err := os.Mkdir(filepath.Join(dir, ".x.json.m3n4.tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("x.json", filepath.Join(dir, ".x.json.o5p6.old")); err != nil {
		t.Fatal(err)
	}
	if kept := removeOutputLeftovers(target, time.Now()); kept != nil {
		t.Errorf("leftovers made just now: %v returned as kept, want none", kept)
	}
	kept := removeOutputLeftovers(target, now)
	only := filepath.Join(dir, ".x.json.k1l2.old")
	fi, err := os.Stat(only)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]keptReport{{name: only, written: fi.ModTime()}}, kept, cmp.AllowUnexported(keptReport{})); diff != "" {
		t.Errorf("kept copies of earlier reports (-want +got):\n%s", diff)
	}
	for _, name := range []string{".x.json.m3n4.tmp", ".x.json.o5p6.old"} {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if got := readText(t, dir); !cmp.Equal(want, got) {
		t.Errorf("after removing leftovers (-want +got):\n%s", cmp.Diff(want, got))
	}
}

// TestCreateOutputHoldsItsTemporaryFile: an output removes the leftovers
// of its path as it is created; the one being written is not taken for a
// leftover, however long it stays untouched; once the run is killed (its
// file closed, and so unlocked) it is.
func TestCreateOutputHoldsItsTemporaryFile(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "x.json")
	killed := filepath.Join(dir, ".x.json.1a2b.tmp")
	if err := os.WriteFile(killed, []byte("half a report"), 0o644); err != nil {
		t.Fatal(err)
	}
	then := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(killed, then, then); err != nil {
		t.Fatal(err)
	}
	out, err := createOutput(target)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if _, err := os.Stat(killed); !os.IsNotExist(err) {
		t.Errorf("a killed run's temporary file %s stays after a new output to its path: %v", killed, err)
	}
	later := time.Now().Add(3 * time.Hour)
	removeOutputLeftovers(target, later)
	if _, err := os.Stat(out.tmp); err != nil {
		t.Fatalf("the output being written was removed: %v", err)
	}
	out.File.Close() // killed: the file is closed, its lock gone
	removeOutputLeftovers(target, later)
	if _, err := os.Stat(out.tmp); !os.IsNotExist(err) {
		t.Errorf("a killed run's temporary file %s stays: %v", out.tmp, err)
	}
}

// TestOutputWarnsOfKeptReport: a command writing an output beside the
// only copy of an earlier report that a killed run kept says so on
// standard error, once, naming the file and when it was written; the
// copy stays. Copies the cleanup removes are not named.
func TestOutputWarnsOfKeptReport(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	book := filepath.Join(t.TempDir(), "in.csv")
	if err := os.WriteFile(book, []byte("id,product,quantity,destination,end_user_hq,date\nA,H100 SXM5,8,DE,DE,2024-06-01\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args func(out string) []string
	}{
		{"check", func(out string) []string {
			return []string{"check", "--progress=false", "--screening-list", "none", book, "-o", "json=" + out}
		}},
		{"doc", func(out string) []string { return []string{"doc", "-o", out} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "x.out")
			if err := os.WriteFile(out, []byte("the earlier report\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			only := filepath.Join(dir, ".x.out.k1l2.old")
			if err := os.WriteFile(only, []byte("a report before that\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			written := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
			if err := os.Chtimes(only, written, written); err != nil {
				t.Fatal(err)
			}
			if err := os.Link(out, filepath.Join(dir, ".x.out.7g8h.old")); err != nil { // removed
				t.Fatal(err)
			}
			defer func(now func() time.Time) { outputsNow = now }(outputsNow)
			outputsNow = func() time.Time { return time.Now().Add(2 * time.Hour) }

			var stderr bytes.Buffer
			if code := run(context.Background(), tc.args(out), nil, io.Discard, &stderr); code != exitOK {
				t.Fatalf("exit %d: %s", code, &stderr)
			}
			var got []string
			for line := range strings.Lines(stderr.String()) {
				if strings.Contains(line, "warning:") && strings.Contains(line, dir) { // not the screening's
					got = append(got, line)
				}
			}
			want := []string{"exportcheck: warning: " + only + ", last written 2026-03-04T05:06:07Z, is a copy of an earlier report that a run stopped while replacing reports kept; it may be the only copy: move it away or delete it when it is not needed\n"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			var names []string
			for name := range readText(t, dir) {
				names = append(names, name)
			}
			slices.Sort(names)
			if diff := cmp.Diff([]string{".x.out.k1l2.old", "x.out"}, names); diff != "" {
				t.Errorf("files after the run (-want +got):\n%s", diff)
			}
		})
	}
}
