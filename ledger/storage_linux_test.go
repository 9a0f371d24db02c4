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

// TestReadOnlyStorage: a SQLite ledger on read-only storage (an auditor's
// copy, a read-only mount) opens for reading: verify, the drawdown and
// queries work, and a commit is refused before it starts. A copy with
// commits still in its write-ahead log is not read from the file alone.
// It mounts a tmpfs and makes it read-only, which needs root (CI runs as
// root); elsewhere it is skipped.
func TestReadOnlyStorage(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=32m"); err != nil {
		t.Skipf("skipped: mounting a tmpfs to make read-only needs root: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	path := filepath.Join(dir, "ledger.db")
	l := openLedger(t, "sqlite:"+path)
	st, err := commit(t, l, false, line("PO-1", 1, "L1"), line("PO-2", 2, "L1"), line("PO-3", 3, ""))
	if err != nil {
		t.Fatal(err)
	}
	// A copy taken while the ledger is open: its commits are in the log.
	live := filepath.Join(dir, "live")
	if err := os.Mkdir(live, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(path + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(live, "ledger.db"+suffix), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		t.Fatal(err)
	}

	ro, err := ledger.Open(ctx, "sqlite:"+path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if !ro.ReadOnly() {
		t.Error("ReadOnly: false")
	}
	if v, err := ro.Verify(ctx, st.Head); err != nil || v.Rows != 3 {
		t.Errorf("verify: %+v %v", v, err)
	}
	if d, err := ro.Drawn(ctx, nil); err != nil || d[[2]string{"license:L1", "H100"}] != 3 {
		t.Errorf("drawn: %v %v, want 3", d, err)
	}
	_, err = ro.Begin(ctx, ledger.Run{Started: time.Date(2026, 6, 2, 12, 0, 0, 0, time.UTC)}, false)
	if want := "cannot commit: the ledger can only be read here"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Begin: %v, want %q", err, want)
	}
	if _, err := ledger.Open(ctx, "sqlite:"+path, true); err != nil {
		t.Errorf("Open to commit: %v, want the ledger opened (and Begin to refuse)", err)
	}

	_, err = ledger.Open(ctx, "sqlite:"+filepath.Join(live, "ledger.db"), false)
	if want := "write-ahead log (" + filepath.Join(live, "ledger.db") + "-wal) holds commits not yet in the file"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Open with commits in the log: %v, want %q", err, want)
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
