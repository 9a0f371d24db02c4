//go:build unix

package main

import (
	"runtime"
	"syscall"
)

// maxRSS is the process's peak resident set size in MiB, as getrusage
// gives it: in KiB on Linux and the BSDs, in bytes on macOS.
func maxRSS() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return float64(ru.Maxrss) / (1 << 20)
	}
	return float64(ru.Maxrss) / 1024
}
