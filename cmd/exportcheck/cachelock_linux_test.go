package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

// asAnotherUser runs f where the files of this test's user are another
// user's: as root, on a thread of its own whose file-system user is
// nobody (a thread the runtime drops when f returns); else as this user,
// for whom a file of mode 0444 is as read-only as another's.
func asAnotherUser(t *testing.T, f func()) {
	t.Helper()
	if os.Geteuid() != 0 {
		f()
		return
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread() // never unlocked: the thread ends with f
		if err := syscall.Setfsuid(65534); err != nil {
			t.Errorf("setfsuid: %v", err)
			return
		}
		f()
	}()
	<-done
}

// TestLockCacheOthersLockFile: in a cache directory shared by several
// users, `lists update` takes the exclusive lock on a lock file another
// user made and this one may not write.
func TestLockCacheOthersLockFile(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	name := filepath.Join(dir, lockName)
	if err := os.WriteFile(name, nil, 0o444); err != nil {
		t.Fatal(err)
	}
	asAnotherUser(t, func() {
		if f, err := os.OpenFile(name, os.O_RDWR, 0); !errors.Is(err, fs.ErrPermission) {
			if err == nil {
				f.Close()
			}
			t.Errorf("the lock file can be opened for writing (%v): the test tests nothing", err)
			return
		}
		unlock, err := lockCache(dir, true, true)
		if err != nil {
			t.Errorf("exclusive lock on a lock file not ours to write: %v", err)
			return
		}
		defer unlock()
		// Held: another's exclusive lock must wait.
		f, err := os.Open(name)
		if err != nil {
			t.Error(err)
			return
		}
		defer f.Close()
		if busy, err := tryLockFile(f, true); err != nil || !busy {
			t.Errorf("while the update holds the lock, another takes it: busy %v, %v", busy, err)
		}
	})
}
