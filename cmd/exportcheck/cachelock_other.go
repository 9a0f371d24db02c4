//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package main

import (
	"errors"
	"os"
)

// Elsewhere there is no file lock: an update refuses to run rather than
// race another, and readers read unlocked (a list beside another's record
// has no known download time, a warning).

func tryLockFile(f *os.File, exclusive bool) (bool, error) {
	if exclusive {
		return false, errors.New("no file locks on this system: lists update cannot keep the cache consistent")
	}
	return false, errors.New("no file locks")
}

func lockFile(f *os.File, exclusive bool) error { return errors.New("no file locks") }

func unlockFile(f *os.File) error { return nil }
