//go:build linux || darwin

package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creack/pty"
)

// TestWarningsOnceInATerminal: where the text report and standard error
// are the same terminal, each warning is shown once (the report opens
// with them), not also on standard error; redirected, standard error still
// has them (TestScripts asserts that).
func TestWarningsOnceInATerminal(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		code int
	}{
		{"judged", nil, exitFailed},
		// Stopped before the report is written: the warnings held back
		// for it are printed all the same.
		{"stopped", []string{"--ledger", "sqlite:" + filepath.Join(t.TempDir(), "none.db")}, exitUsage},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ptmx, tty, err := pty.Open()
			if err != nil {
				t.Skipf("no pseudo-terminal here: %v", err)
			}
			defer ptmx.Close()
			var screen bytes.Buffer
			read := make(chan struct{})
			go func() {
				io.Copy(&screen, ptmx) // ends with an error once tty is closed
				close(read)
			}()
			args := append([]string{"check", "--screening-list", "demo", "--progress=false"}, tt.args...)
			code := run(context.Background(), append(args, "../../examples/orders.csv"), nil, tty, tty)
			tty.Close()
			<-read
			if code != tt.code {
				t.Errorf("exit %d, want %d:\n%s", code, tt.code, screen.String())
			}
			const warning = "DEMONSTRATION screening"
			if n := strings.Count(screen.String(), warning); n != 1 {
				t.Errorf("the terminal shows %q %d times, want once:\n%s", warning, n, screen.String())
			}
		})
	}
}
