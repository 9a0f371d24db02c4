package records_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/records"
)

// FuzzParse: whatever a record file holds, reading it never panics; it
// gives records or problems, never both, every problem names the file
// (with a line when it has one, never a negative one), and reading the
// same bytes again gives the same answer.
func FuzzParse(f *testing.F) {
	seeds, err := filepath.Glob("../examples/records/*/*.yaml")
	if err != nil || len(seeds) == 0 {
		f.Fatalf("no example records to seed from (%v)", err)
	}
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("licences:\n  - number: D1\n    kind: license\n"))
	f.Add([]byte("- [\n"))
	f.Add([]byte{0xef, 0xbb, 0xbf, 'a', ':', ' ', '1'})
	opts := records.Options{Today: "2026-07-08"}
	const name = "records/fuzz.yaml"
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := opts.Parse(name, data)
		if (set == nil) == (err == nil) {
			t.Fatalf("Parse gave records %v and error %v: want exactly one", set != nil, err)
		}
		if err != nil {
			var es records.Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error %T %q: want records.Errors with at least one problem", err, err)
			}
			for _, e := range es {
				if e.File != name || e.Line < 0 || strings.TrimSpace(e.Msg) == "" {
					t.Errorf("problem %+v: want the file %s, a line of 0 or more and a message", *e, name)
				}
			}
		}
		again, err2 := opts.Parse(name, data)
		if diff := cmp.Diff(errText(err), errText(err2)); diff != "" {
			t.Errorf("read again, the problems differ (-first +again):\n%s", diff)
		}
		if set != nil && again != nil && set.Revision() != again.Revision() {
			t.Errorf("read again, the revision differs: %s then %s", set.Revision(), again.Revision())
		}
	})
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
