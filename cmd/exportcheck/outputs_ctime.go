//go:build linux || darwin

package main

import (
	"io/fs"
	"syscall"
	"time"
)

// changeTime is when a file's inode last changed (ctime): for a hard
// link or a rename, when it was made.
func changeTime(fi fs.FileInfo) (time.Time, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return time.Time{}, false
	}
	ts := ctime(st)
	return time.Unix(ts.Unix()), true
}
