package ledger_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/exportcheck/exportcheck/ledger"
)

// TestReadOnlyStorage: a SQLite ledger seen through a read-only mount
// while another process writes it (which made its index, PATH-shm) opens
// for reading and sees each commit made beside it; a commit through the
// read-only mount is refused before it starts. A ledger with no index
// there (closed, nothing beside it) is refused with what to do: SQLite
// cannot read it without writing, and reading the file as immutable could
// read it stale. It mounts a tmpfs and a read-only bind of it, which needs
// root (CI runs as root); elsewhere it is skipped.
func TestReadOnlyStorage(t *testing.T) {
	ctx := context.Background()
	dir, rodir := t.TempDir(), t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=32m"); err != nil {
		t.Skipf("skipped: mounting a tmpfs to make read-only needs root: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	if err := syscall.Mount(dir, rodir, "", syscall.MS_BIND, ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Unmount(rodir, syscall.MNT_DETACH) })
	if err := syscall.Mount("", rodir, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		t.Fatal(err)
	}
	path, ropath := filepath.Join(dir, "ledger.db"), filepath.Join(rodir, "ledger.db")

	w := openLedger(t, "sqlite:"+path)
	if _, err := commit(t, w, false, line("PO-1", 1, "L1"), line("PO-2", 2, "L1"), line("PO-3", 3, "")); err != nil {
		t.Fatal(err)
	}
	ro, err := ledger.Open(ctx, "sqlite:"+ropath, false)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if !ro.ReadOnly() {
		t.Error("ReadOnly: false")
	}
	if v, err := ro.Verify(ctx, ""); err != nil || v.Rows != 3 {
		t.Errorf("verify: %+v %v", v, err)
	}
	st, err := commit(t, w, false, line("PO-4", 4, "L1"))
	if err != nil {
		t.Fatal(err)
	}
	if v, err := ro.Verify(ctx, st.Head); err != nil || v.Rows != 4 {
		t.Errorf("verify after a commit beside it: %+v %v, want 4 rows", v, err)
	}
	if d, err := ro.Drawn(ctx, nil); err != nil || d[[2]string{"license:L1", "H100"}] != 7 {
		t.Errorf("drawn: %v %v, want 7", d, err)
	}
	_, err = ro.Begin(ctx, ledger.Run{Started: time.Date(2026, 6, 2, 12, 0, 0, 0, time.UTC)}, false)
	if want := "cannot commit: the ledger can only be read here"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Begin: %v, want %q", err, want)
	}
	ro.Close()

	w.Close() // the last connection: the log moved into the file, the index removed
	if _, err := os.Stat(path + "-shm"); err == nil {
		t.Fatal("the index is still there after the ledger closed")
	}
	for _, create := range []bool{false, true} {
		_, err = ledger.Open(ctx, "sqlite:"+ropath, create)
		if want := "copy the ledger file (with its -wal file, if any) to storage that can be written"; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Open (create %v) with no index: %v, want %q", create, err, want)
		}
	}
}

// TestFullDisk: a commit that fills the disk fails with SQLite's word for
// it, naming the ledger, and leaves the commits before it whole.
func TestFullDisk(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=2m"); err != nil {
		t.Skipf("skipped: mounting a small tmpfs needs root: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	l := openLedger(t, "sqlite:"+filepath.Join(dir, "ledger.db"))
	st, err := commit(t, l, false, line("PO-1", 1, "L1"), line("PO-2", 2, "L1"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = commit(t, l, false, benchLines(20_000)...)
	if want := "database or disk is full"; err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "ledger sqlite:") {
		t.Fatalf("a commit larger than the disk: %v, want %q", err, want)
	}
	if v, err := l.Verify(ctx, st.Head); err != nil || v.Rows != 2 || v.Head != st.Head {
		t.Errorf("after the failed commit: %+v %v, want the two rows before", v, err)
	}
}
