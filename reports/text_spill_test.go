package reports

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
)

// TestTextSpills: past textSpill bytes the text table keeps its rows in a
// temporary file, and prints the same bytes as when it kept them in
// memory (aligned, cut to a terminal, with --explain), and leaves no file
// behind after Close or Abort.
func TestTextSpills(t *testing.T) {
	const lines = 3000
	write := func(t *testing.T, run *Run, spill int, abort bool) (string, bool) {
		t.Helper()
		old := textSpill
		textSpill = spill
		defer func() { textSpill = old }()
		tmp := t.TempDir()
		t.Setenv("TMPDIR", tmp)
		var b bytes.Buffer
		w, err := New("text", &b, run)
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
		name string
		run  func() *Run
	}{
		{"file", func() *Run { return testRun(nil) }},
		{"terminal, coloured, explained", func() *Run {
			r := testRun(nil)
			r.Width, r.Color, r.Explain = 100, true, true
			r.Warnings = []string{"DEMONSTRATION screening"}
			return r
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			inMemory, spilled := write(t, tt.run(), 1<<30, false)
			if spilled {
				t.Fatal("a temporary file for a table kept in memory")
			}
			onDisk, spilled := write(t, tt.run(), 4096, false)
			if !spilled {
				t.Fatal("no temporary file: the test does not test")
			}
			if n := strings.Count(onDisk, "\n"); n < lines {
				t.Fatalf("%d lines of output for %d rows", n, lines)
			}
			if diff := cmp.Diff(inMemory, onDisk); diff != "" {
				t.Errorf("kept on disk (-in memory +on disk):\n%s", diff)
			}
			write(t, tt.run(), 4096, true)
		})
	}
}
