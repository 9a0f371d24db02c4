//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"errors"
	"os"
	"syscall"
)

// fileLocks: the cache's lock is a file lock (flock).
var fileLocks = true

func how(exclusive bool) int {
	if exclusive {
		return syscall.LOCK_EX
	}
	return syscall.LOCK_SH
}

// tryLockFile locks f if it can at once; busy when another holds it.
func tryLockFile(f *os.File, exclusive bool) (busy bool, err error) {
	err = flock(f, how(exclusive)|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return true, nil
	}
	return false, err
}

func lockFile(f *os.File, exclusive bool) error { return flock(f, how(exclusive)) }

func unlockFile(f *os.File) error { return flock(f, syscall.LOCK_UN) }

func flock(f *os.File, how int) error {
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			return err
		}
	}
}
