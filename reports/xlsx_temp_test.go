package reports

import (
	"errors"
	"os"
	"testing"

	"github.com/exportcheck/exportcheck/checker"
)

// failingWriter fails every write: a full disk under the workbook.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestXLSXTempFiles: a workbook large enough for excelize to spill the
// Orders sheet to a temporary file leaves none behind, whether the run is
// aborted mid-way or fails while writing the workbook.
func TestXLSXTempFiles(t *testing.T) {
	const lines = 25_000 // well over excelize's 16 MB in memory
	tests := []struct {
		name string
		run  func(t *testing.T, w Writer)
	}{
		{"aborted", func(t *testing.T, w Writer) {
			w.(Aborter).Abort()
		}},
		{"write fails", func(t *testing.T, w Writer) {
			if err := w.Close(NewSummary()); err == nil {
				t.Error("Close: no error")
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp)
			w, err := New("xlsx", failingWriter{}, testRun(nil))
			if err != nil {
				t.Fatal(err)
			}
			spilled := false
			if err := benchResults(lines, func(r *checker.Result) error {
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
			if !spilled {
				t.Fatal("no temporary file while writing: the test does not test")
			}
			tc.run(t, w)
			if ents, _ := os.ReadDir(tmp); len(ents) > 0 {
				t.Errorf("left in TMPDIR: %v", ents)
			}
		})
	}
}
