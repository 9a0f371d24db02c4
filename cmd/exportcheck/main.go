// Command exportcheck checks hardware orders against US export controls.
// See README.md; `exportcheck help` lists the commands.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"syscall"

	"github.com/exportcheck/exportcheck/reports"
)

func main() {
	ctx, stop := signalContext()
	// For maintainers: EXPORTCHECK_CPUPROFILE=FILE writes a CPU profile of
	// the whole command (go tool pprof).
	if path := os.Getenv("EXPORTCHECK_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			defer f.Close()
		} else {
			fmt.Fprintf(os.Stderr, "exportcheck: EXPORTCHECK_CPUPROFILE=%s: cannot write a profile there\n", reports.LogText(path))
		}
	}
	stopLimit := startMemoryLimit(os.Getenv)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stopLimit()
	stop()
	pprof.StopCPUProfile()
	// EXPORTCHECK_MEMPROFILE=FILE writes what the command allocated, for
	// the garbage collector's share of a profile (go tool pprof
	// -sample_index=alloc_space).
	if path := os.Getenv("EXPORTCHECK_MEMPROFILE"); path != "" {
		runtime.GC() // the profile counts allocations up to the last collection
		f, err := os.Create(path)
		if err == nil {
			err = pprof.Lookup("allocs").WriteTo(f, 0)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "exportcheck: EXPORTCHECK_MEMPROFILE=%s: cannot write a profile there\n", reports.LogText(path))
		}
	}
	if code != 0 {
		os.Exit(code)
	}
}

// signalContext is the context a run is stopped by: interrupted or
// terminated (Ctrl-C, a CI job cancelled), it stops and leaves earlier
// outputs as they were. Standard output closed under it (exportcheck
// check | head) is a write error, EPIPE, rather than Go's default of a
// kill by SIGPIPE: the run fails (exit 2) as on a full disk, and removes
// the temporary files of its unfinished --output files instead of
// leaving them beside the reports.
func signalContext() (context.Context, context.CancelFunc) {
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}
