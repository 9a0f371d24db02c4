package main

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestClosedOutput: standard output closed by its reader before the run
// has written everything (exportcheck doc | head) fails the run (exit 2)
// and says so in words, not as "write /dev/stdout: broken pipe".
func TestClosedOutput(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	r.Close() // the reader is gone: a write is EPIPE
	var errb bytes.Buffer
	code := run(context.Background(), []string{"doc"}, nil, w, &errb)
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	want := "exportcheck: standard output was closed before everything was written (broken pipe): the output is incomplete\n"
	if d := cmp.Diff(want, errb.String()); d != "" {
		t.Errorf("standard error (-want +got):\n%s", d)
	}
}
