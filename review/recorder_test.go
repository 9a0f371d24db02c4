package review

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
)

// bookJudgedTwice is a book of 13 lines judged twice: decision changes and
// detail changes interleaved with lines that held, and lines carrying what
// the JSON writes of a result (extra columns, an owner, a screening hit, an
// authorization).
func bookJudgedTwice() (before, after []checker.Result) {
	const was, is = "ear-2023-01-18", "ear-2023-11-17"
	left := 40.0
	for i := range 13 {
		line := i + 2
		b := at(result(line, checker.Allow, "", "", "", nlr), was)
		a := at(result(line, checker.Allow, "", "", "", nlr), is)
		switch i % 4 {
		case 0: // the decision changed
			a = at(result(line, checker.LicenseRequired, "3A090.a", "presumption_of_denial", "", cls2023, d145), is)
		case 1: // the reasons changed, the decision held
			b = at(result(line, checker.LicenseRequired, "3A090.a", "presumption_of_denial", "", cls2022, china), was)
			a = at(result(line, checker.LicenseRequired, "3A090.a", "presumption_of_denial", "", cls2023, d145), is)
		case 3: // the exception changed, the decision held
			b = at(result(line, checker.Exception, "3A090.a", "", "NAC", d145), was)
			a = at(result(line, checker.Exception, "3A090.a", "", "ACA", d145), is)
		}
		switch i {
		case 4:
			a.Decision = checker.Licensed
			a.Authorization = &checker.Authorization{Kind: "license", Number: "D1234567", Limit: "nvidia-h800-sxm5", Drawn: 1, RemainingAfter: &left, File: "records/licences/d1234567.yaml", Line: 1}
		case 5:
			b.Order.Extra = []checker.Field{{Name: "po", Value: "PO-7"}}
			a.Order.Extra = b.Order.Extra
			a.Order.EndUserParent = "Academy of Aerospace Solid Propulsion Technology"
		case 8:
			a.Screening = []*checker.ScreeningFact{{List: "Entity List", EntryID: "e1", Name: "Atlas", MatchedName: "atlas", Score: 0.91}}
		}
		for _, r := range []*checker.Result{&b, &a} {
			r.Order.ID = fmt.Sprintf("SO-%d", line)
		}
		b.Date, a.Date = "2023-11-16", "2023-11-17"
		before, after = append(before, b), append(after, a)
	}
	return before, after
}

// record compares the book with a Recorder.
func record(t *testing.T, decisionsOnly bool) (*Comparison, func()) {
	t.Helper()
	before, after := bookJudgedTwice()
	rec := NewRecorder(Side{AsOf: "2023-11-16", Regime: "enforced"}, Side{AsOf: "2023-11-17", Regime: "enforced"}, decisionsOnly)
	for i := range before {
		if err := rec.Add(&before[i], &after[i]); err != nil {
			rec.Close()
			t.Fatal(err)
		}
	}
	return rec.Comparison(len(before)+1, 1), rec.Close
}

// TestRecorderOrder: a recorded comparison lists the decision changes
// first, then the detail changes, each in input order, and counts as
// Summarize does.
func TestRecorderOrder(t *testing.T) {
	type row struct {
		Line int
		Kind Kind
	}
	all := Summary{Lines: 14, Errors: 1, DecisionChanges: 4, DetailChanges: 6, Transitions: []Transition{
		{Before: checker.Allow, After: checker.LicenseRequired, Count: 3},
		{Before: checker.Allow, After: checker.Licensed, Count: 1},
	}}
	tests := []struct {
		name          string
		decisionsOnly bool
		want          []row
		listed        int
	}{
		{
			name: "every change",
			want: []row{
				{2, DecisionChanged}, {6, DecisionChanged}, {10, DecisionChanged}, {14, DecisionChanged},
				{3, DetailChanged}, {5, DetailChanged}, {7, DetailChanged}, {9, DetailChanged}, {11, DetailChanged}, {13, DetailChanged},
			},
			listed: 10,
		},
		{
			name:          "decisions only",
			decisionsOnly: true,
			want:          []row{{2, DecisionChanged}, {6, DecisionChanged}, {10, DecisionChanged}, {14, DecisionChanged}},
			listed:        4,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, done := record(t, tt.decisionsOnly)
			defer done()
			for read := range 2 { // Markdown reads the changes twice
				var got []row
				for ch, err := range c.all() {
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, row{ch.After.Order.Line, ch.Kind})
				}
				if d := cmp.Diff(tt.want, got); d != "" {
					t.Errorf("read %d: changes (-want +got):\n%s", read+1, d)
				}
			}
			if d := cmp.Diff(all, c.Summary); d != "" {
				t.Errorf("summary (-want +got):\n%s", d)
			}
			if got := c.Listed(); got != tt.listed {
				t.Errorf("Listed() = %d, want %d", got, tt.listed)
			}
		})
	}
}

// TestRecorderWrites: a recorded comparison writes the bytes the same
// comparison held in memory writes, in every format.
func TestRecorderWrites(t *testing.T) {
	for _, format := range Formats {
		for _, decisionsOnly := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s decisions only %v", format, decisionsOnly), func(t *testing.T) {
				before, after := bookJudgedTwice()
				changes := Compare(before, after)
				held := &Comparison{
					Before: Side{AsOf: "2023-11-16", Regime: "enforced"}, After: Side{AsOf: "2023-11-17", Regime: "enforced"},
					Changes: changes, Summary: Summarize(changes, len(before)+1, 1),
				}
				if decisionsOnly {
					held.DropDetails()
				}
				recorded, done := record(t, decisionsOnly)
				defer done()
				var want, got bytes.Buffer
				if err := WriteComparison(&want, format, held); err != nil {
					t.Fatal(err)
				}
				if err := WriteComparison(&got, format, recorded); err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(want.String(), got.String()); d != "" {
					t.Errorf("(-held +recorded):\n%s", d)
				}
			})
		}
	}
}

// TestRecorderUnjudged: the lines a side could not judge are listed, by
// side, in the outputs read without the run's standard error.
func TestRecorderUnjudged(t *testing.T) {
	ok := checker.Result{Decision: checker.Allow}
	bad := func(msg string) checker.Result { return checker.Result{Err: errors.New(msg)} }
	rec := NewRecorder(Side{AsOf: "2023-11-16", Regime: "enforced"}, Side{AsOf: "2023-11-17", Regime: "enforced"}, false)
	defer rec.Close()
	pairs := [][2]checker.Result{
		{bad(`b.csv:2: unknown product "H999"`), bad(`b.csv:2: unknown product "H999"`)},
		{ok, bad("b.csv:3: after side failed")},
		{bad("b.csv:4: before side failed"), ok},
		{ok, ok},
	}
	for _, p := range pairs {
		rec.AddUnjudged(&p[0], &p[1])
	}
	c := rec.Comparison(4, 3)
	want := []Unjudged{
		{Side: "both", Error: `b.csv:2: unknown product "H999"`},
		{Side: "after", Error: "b.csv:3: after side failed"},
		{Side: "before", Error: "b.csv:4: before side failed"},
	}
	if d := cmp.Diff(want, c.Unjudged); d != "" {
		t.Errorf("unjudged (-want +got):\n%s", d)
	}
	var md bytes.Buffer
	if err := WriteComparison(&md, "markdown", c); err != nil {
		t.Fatal(err)
	}
	wantMD := `### exportcheck diff

**no line of 4 changes decision, ECCN, review policy, exception or reasons; 3 could not be judged.**

- before: as of 2023-11-16, regime enforced
- after: as of 2023-11-17, regime enforced

**3 lines could not be judged** (their decisions are not compared):

- both sides: b.csv:2: unknown product "H999"
- after only: b.csv:3: after side failed
- before only: b.csv:4: before side failed
`
	if d := cmp.Diff(wantMD, md.String()); d != "" {
		t.Errorf("markdown (-want +got):\n%s", d)
	}
}
