// Command exportcheck checks hardware orders against US export controls.
// See README.md; `exportcheck help` lists the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	// Interrupted or terminated (Ctrl-C, a CI job cancelled): stop, and
	// leave earlier outputs as they were.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
