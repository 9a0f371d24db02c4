//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package main

import (
	"errors"
	"os"
)

// Elsewhere there is no file lock: nothing is locked ([lockCache]), and
// `lists update` says so. Two updates sharing a cache directory may leave
// the list of one beside the record of the other, and a reader may read
// them halfway: the record's hash then does not match the list, whose
// download time is unknown (a warning), never a list taken for another.
var fileLocks = false

func tryLockFile(f *os.File, exclusive bool) (bool, error) { return false, errNoLocks }

func lockFile(f *os.File, exclusive bool) error { return errNoLocks }

func unlockFile(f *os.File) error { return nil }

var errNoLocks = errors.New("no file locks on this system")
