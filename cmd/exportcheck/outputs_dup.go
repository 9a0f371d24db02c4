//go:build unix

package main

import (
	"os"
	"syscall"
)

// dupFile is a copy of descriptor fd, named path, when fd is open: it
// shares fd's offset, and closing it leaves fd open.
func dupFile(fd int, path string) (*os.File, bool) {
	syscall.ForkLock.RLock()
	d, err := syscall.Dup(fd)
	if err == nil {
		syscall.CloseOnExec(d)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return nil, false
	}
	return os.NewFile(uintptr(d), path), true
}
