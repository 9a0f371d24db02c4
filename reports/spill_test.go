package reports

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
)

// TestSpills: past spillAt bytes the text table and JUnit keep their rows
// in a temporary file, print the same bytes as when they kept them in
// memory (the table aligned, cut to a terminal, with --explain), and leave
// no file behind after Close or Abort.
func TestSpills(t *testing.T) {
	const lines = 3000
	write := func(t *testing.T, format string, run *Run, spill int, abort bool) (string, bool) {
		t.Helper()
		old := spillAt
		spillAt = spill
		defer func() { spillAt = old }()
		tmp := t.TempDir()
		t.Setenv("TMPDIR", tmp)
		var b bytes.Buffer
		w, err := New(format, &b, run)
		if err != nil {
			t.Fatal(err)
		}
		s := NewSummary()
		spilled := false
		if err := benchResults(lines, func(r *checker.Result) error {
			s.Add(r, run.FailOn)
			if err := w.Write(r); err != nil {
				return err
			}
			if !spilled {
				ents, _ := os.ReadDir(tmp)
				spilled = len(ents) > 0
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if abort {
			w.(Aborter).Abort()
		} else if err := w.Close(s); err != nil {
			t.Fatal(err)
		}
		if ents, _ := os.ReadDir(tmp); len(ents) > 0 {
			t.Errorf("left in TMPDIR: %v", ents)
		}
		return b.String(), spilled
	}
	for _, tt := range []struct {
		name, format string
		run          func() *Run
	}{
		{"text to a file", "text", func() *Run { return testRun(nil) }},
		{"junit", "junit", func() *Run { return testRun(nil) }},
		{"text to a terminal, coloured, explained", "text", func() *Run {
			r := testRun(nil)
			r.Width, r.Color, r.Explain = 100, true, true
			r.Warnings = []string{"DEMONSTRATION screening"}
			return r
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			inMemory, spilled := write(t, tt.format, tt.run(), 1<<30, false)
			if spilled {
				t.Fatal("a temporary file for a table kept in memory")
			}
			onDisk, spilled := write(t, tt.format, tt.run(), 4096, false)
			if !spilled {
				t.Fatal("no temporary file: the test does not test")
			}
			if n := strings.Count(onDisk, "\n"); n < lines {
				t.Fatalf("%d lines of output for %d rows", n, lines)
			}
			if diff := cmp.Diff(inMemory, onDisk); diff != "" {
				t.Errorf("kept on disk (-in memory +on disk):\n%s", diff)
			}
			write(t, tt.format, tt.run(), 4096, true)
		})
	}
}
