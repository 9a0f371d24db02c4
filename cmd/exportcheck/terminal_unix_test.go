//go:build linux || darwin

package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/creack/pty"
)

// TestWarningsOnceInATerminal: where the text report and standard error
// are the same terminal, each warning is shown once (the report opens
// with them), not also on standard error; redirected, standard error still
// has them (TestScripts asserts that).
func TestWarningsOnceInATerminal(t *testing.T) {
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
	code := run(context.Background(), []string{"check", "--screening-list", "demo", "--progress=false", "../../examples/orders.csv"}, nil, tty, tty)
	tty.Close()
	<-read
	if code != exitFailed {
		t.Errorf("exit %d, want %d:\n%s", code, exitFailed, screen.String())
	}
	const warning = "DEMONSTRATION screening"
	if n := strings.Count(screen.String(), warning); n != 1 {
		t.Errorf("the terminal shows %q %d times, want once:\n%s", warning, n, screen.String())
	}
}
