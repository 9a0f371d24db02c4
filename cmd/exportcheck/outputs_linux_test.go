package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestRemoveOutputLeftovers: the next output to a path removes what runs
// killed while writing it left beside it, and only what can be lost
// without loss: temporary files no process holds, untouched for an hour,
// and copies of the earlier report that are the report itself (a hard
// link) or empty. The only copy of an earlier report, a file in use, a
// fresh file and every name this code does not make stay.
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
	removeOutputLeftovers(target, now)
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
