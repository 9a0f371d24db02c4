package main

import (
	"os"
	"path/filepath"
)

// lockName is the lock file of a cache directory: `lists update` holds it
// exclusively while it checks the cached list and replaces it with its
// record, and readers hold it shared while they read the two, so that no
// reader sees a list beside the record of another and two updates (two CI
// jobs sharing a cache) cannot leave the list of one beside the record of
// the other. An operating-system lock (flock): it is released
// when its holder dies, so a killed update leaves no stale lock behind.
const lockName = ".lists.lock"

// lockWaiting is called when a lock is held by another and this one
// waits for it; tests use it to know that a reader or an update waits.
var lockWaiting = func() {}

// noLocksWarning is what `lists update` says where there are no file
// locks ([fileLocks] false).
const noLocksWarning = "no file locks on this system: the cache directory is updated unlocked; " +
	"two updates at once may leave the list of one beside the record of the other, " +
	"which a check then reads as a list with no known download time"

// lockCache takes the cache directory's lock, exclusive for an update,
// shared for a reader. create makes the lock file if there is none; a
// reader that may not open or create it (a read-only cache) reads
// unlocked, and a list read beside another's record then has no known
// download time (the record's hash does not match), which is a warning.
//
// The lock file is opened for writing when it may be (flock on NFS is a
// byte-range lock, which takes a descriptor open for writing to be
// exclusive), else read-only, for the exclusive lock too: flock on a
// local file needs no write access, and a cache directory shared by
// several users (a CI runner's group-writable cache) holds a lock file
// another user made, which this one may not write. It is made 0666 less
// the umask, for the others to open.
//
// Where there are no file locks ([fileLocks] false) nothing is locked.
func lockCache(dir string, exclusive, create bool) (unlock func(), err error) {
	if !fileLocks {
		return func() {}, nil
	}
	name := filepath.Join(dir, lockName)
	flag := os.O_RDWR
	if create {
		flag |= os.O_CREATE
	}
	f, err := os.OpenFile(name, flag, 0o666)
	if err != nil { // not ours to write, or a read-only file system
		f, err = os.OpenFile(name, flag&^os.O_RDWR|os.O_RDONLY, 0o666)
	}
	if err != nil && !exclusive {
		return func() {}, nil
	}
	if err != nil {
		return nil, err
	}
	busy, err := tryLockFile(f, exclusive)
	if err == nil && busy {
		lockWaiting()
		err = lockFile(f, exclusive)
	}
	if err != nil {
		f.Close()
		if !exclusive {
			return func() {}, nil
		}
		return nil, err
	}
	return func() {
		unlockFile(f)
		f.Close()
	}, nil
}
