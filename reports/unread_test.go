package reports

import (
	"errors"
	"io/fs"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
)

// TestSummaryUnreadFiles: a file that could not be read is told apart
// from lines in the summary's prose (it is not "1 line: 1 error"), and a
// line's error after lines read stays a line's.
func TestSummaryUnreadFiles(t *testing.T) {
	missing := func(f string) checker.Result {
		return checker.Result{Order: checker.Order{File: f}, Err: &checker.InputError{File: f, Err: fs.ErrNotExist}}
	}
	ok := checker.Result{Order: checker.Order{File: "a.csv", Line: 2}, Decision: checker.Allow, Date: "2024-06-01"}
	midway := checker.Result{Order: checker.Order{File: "a.csv", Line: 3}, Err: &checker.InputError{File: "a.csv", Line: 3, Err: errors.New("read error")}}
	for _, tc := range []struct {
		name    string
		results []checker.Result
		want    string
	}{
		{"one missing", []checker.Result{missing("order.csv")}, "0 lines: 0 at or above --fail-on review; 1 file could not be read (order.csv)"},
		{"missing and read", []checker.Result{missing("b.csv"), ok, missing("-")}, "1 line: 1 allow, 0 at or above --fail-on review; 2 files could not be read (b.csv, standard input)"},
		{"read partly", []checker.Result{ok, midway}, "2 lines: 1 allow, 1 error, 1 at or above --fail-on review or errors"},
	} {
		s := NewSummary()
		for i := range tc.results {
			s.Add(&tc.results[i], checker.Review)
		}
		if diff := cmp.Diff(tc.want, s.Line(checker.Review)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}
