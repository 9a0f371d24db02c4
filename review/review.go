// Package review shows what a policy change does before it ships. It
// compares the results of the same order lines judged twice — as of two
// dates, under two regimes, or with two policy/data trees — with [Compare]
// (or, for a book too large to hold, line by line with a [Recorder]),
// builds the license-determination matrix with [BuildMatrix], renders the
// rule reference from the policies' METADATA with [BuildReference], and
// writes Rego unit-test reports with [WriteTests].
//
// Nothing here decides: every outcome comes from the checker (Rego). Review
// only pairs, compares and presents results.
package review

import (
	"slices"
	"strings"
	"time"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/reports"
)

// Kind says how a line's outcome changed.
type Kind int

// The kinds of change, most important first.
const (
	DecisionChanged Kind = iota // the decision itself changed
	DetailChanged               // the decision held; its ECCN, review policy, exception or reasons changed
)

func (k Kind) String() string {
	if k == DecisionChanged {
		return "decision"
	}
	return "detail"
}

// MarshalText implements encoding.TextMarshaler.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Outcome is the part of a result that a comparison looks at: what the
// policy decided, not the input or the rule version's name (which differs
// whenever the dates do).
type Outcome struct {
	Decision     checker.Decision
	ECCN         string
	ReviewPolicy string
	Exception    string
	// Reasons are the license-determination reasons. Classification
	// reasons are summarised by ECCN: a classification whose wording
	// changed (e.g. the 2022 text replaced by the 2023 text) while the
	// ECCN held does not change the outcome.
	Reasons []checker.Reason
	// Classification holds the classification reasons (those the policy
	// marks checker.Reason.Classification, whatever their rule ids); they
	// make a change on their own only when both sides were judged under
	// the same rule version (see Diff).
	Classification []checker.Reason
}

// OutcomeOf extracts the outcome of a judged result.
func OutcomeOf(r *checker.Result) Outcome {
	o := Outcome{Decision: r.Decision, ECCN: r.ECCN, ReviewPolicy: r.ReviewPolicy, Exception: r.Exception}
	for _, x := range r.Reasons {
		if x.Classification {
			o.Classification = append(o.Classification, x)
		} else {
			o.Reasons = append(o.Reasons, x)
		}
	}
	return o
}

func ruleIDs(rs []checker.Reason) []string {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.Rule
	}
	return ids
}

// Change is one order line whose outcome changed.
type Change struct {
	Kind          Kind
	Fields        []string // what changed: decision, eccn, review_policy, exception, reasons
	Before, After checker.Result
}

// ID is the order ID of the line.
func (c *Change) ID() string { return c.After.Order.ID }

// Diff compares one line judged twice. It reports false when the outcome
// held, or when either side could not be judged (the caller reports input
// errors).
func Diff(before, after *checker.Result) (Change, bool) {
	if before.Err != nil || after.Err != nil {
		return Change{}, false
	}
	b, a := OutcomeOf(before), OutcomeOf(after)
	var fields []string
	if b.Decision != a.Decision {
		fields = append(fields, "decision")
	}
	if b.ECCN != a.ECCN {
		fields = append(fields, "eccn")
	}
	if b.ReviewPolicy != a.ReviewPolicy {
		fields = append(fields, "review_policy")
	}
	if b.Exception != a.Exception {
		fields = append(fields, "exception")
	}
	// slices.Equal, not cmp.Equal (~7 µs a line): Reason is a struct of
	// strings and a mark, and OutcomeOf makes no empty slice that is not nil.
	if !slices.Equal(b.Reasons, a.Reasons) {
		fields = append(fields, "reasons")
	}
	// Under the same rule version, another classification paragraph is a
	// change in itself: a policy or data edit moved the item (its numbers
	// and wording may change without that). Across rule versions the
	// paragraphs change with the text.
	if before.Regime == after.Regime && !slices.Equal(ruleIDs(b.Classification), ruleIDs(a.Classification)) {
		fields = append(fields, "classification")
	}
	if len(fields) == 0 {
		return Change{}, false
	}
	kind := DetailChanged
	if b.Decision != a.Decision {
		kind = DecisionChanged
	}
	return Change{Kind: kind, Fields: fields, Before: *before, After: *after}, true
}

// Compare pairs two judgements of the same order lines by position and
// returns the lines whose outcome changed: decision changes first, then
// detail changes, each in input order. Lines either side could not judge
// are left out.
func Compare(before, after []checker.Result) []Change {
	var out []Change
	for i := range min(len(before), len(after)) {
		if c, ok := Diff(&before[i], &after[i]); ok {
			out = append(out, c)
		}
	}
	Sort(out)
	return out
}

// Sort orders changes as Compare returns them: decision changes first,
// then detail changes; input order within each (stable).
func Sort(changes []Change) {
	slices.SortStableFunc(changes, func(a, b Change) int { return int(a.Kind) - int(b.Kind) })
}

// Side describes how one side of a comparison was judged.
type Side struct {
	AsOf     string // empty: each line's own date
	Regime   string
	Policies string // "embedded" or a directory, plus overlays
	Data     string
	Records  string // the records directories applied, "" for none
	// RecordsRevision is the SHA-256 of the records applied, as check
	// names it; "" for none.
	RecordsRevision string
	Revision        string
}

// Label is a short description of the side for headings.
func (s Side) Label() string {
	var parts []string
	if s.AsOf != "" {
		parts = append(parts, "as of "+s.AsOf)
	} else {
		parts = append(parts, "each line's own date")
	}
	parts = append(parts, "regime "+s.Regime)
	if s.Policies != "" && s.Policies != "embedded" {
		parts = append(parts, "policies "+s.Policies)
	}
	if s.Data != "" && s.Data != "embedded" {
		parts = append(parts, "data "+s.Data)
	}
	if s.Records != "" {
		r := "records " + s.Records
		if len(s.RecordsRevision) >= 12 {
			r += " (revision " + reports.ShortHash(s.RecordsRevision) + ")"
		}
		parts = append(parts, r)
	}
	if len(s.Revision) >= 12 {
		parts = append(parts, "revision "+reports.ShortHash(s.Revision))
	}
	return strings.Join(parts, ", ")
}

// Transition counts the lines whose decision went from one value to another.
type Transition struct {
	Before, After checker.Decision
	Count         int
}

// Summary counts a comparison.
type Summary struct {
	Lines           int // order lines read
	Errors          int // lines either side could not judge
	DecisionChanges int
	DetailChanges   int
	Transitions     []Transition // decision changes by (before, after), most severe after first
}

// Changed is the number of lines whose outcome changed.
func (s *Summary) Changed() int { return s.DecisionChanges + s.DetailChanges }

// Comparison is a whole comparison: the two sides, the changes and the
// counts. A [Recorder] makes one whose changes are in its files, not in
// Changes.
type Comparison struct {
	Before, After Side
	Changes       []Change
	Summary       Summary
	// DecisionsOnly: the detail changes were left out of Changes (they are
	// still counted in Summary).
	DecisionsOnly bool
	// Unjudged are the first [MaxUnjudged] lines that either side could
	// not judge (Summary.Errors counts them all), for the outputs that are
	// read without the run's standard error: a pull-request comment, a
	// workbook, a JSON file.
	Unjudged []Unjudged
	// Run says who made the comparison, when and from what, for the
	// workbook read on its own; its screening lists and warnings head
	// every format. nil when not known.
	Run *Run
	// spools hold the changes instead of Changes when a Recorder made
	// the comparison.
	spools *[2]*checker.Spool
}

// Run is what a comparison was made with, beside its two sides.
type Run struct {
	Tool      string    // the tool and its version, "exportcheck v1.2.3"
	Generated time.Time // when
	Inputs    []string  // the order books read
	Screening []reports.Snapshot
	Warnings  []string // a demonstration, stale or no list, empty records, as check gives them
}

// MaxUnjudged bounds [Comparison.Unjudged]: a book that cannot be read
// fails on every line alike.
const MaxUnjudged = 100

// Unjudged is a line that could not be judged: on which side ("before",
// "after" or "both") and the error, as file:line: message.
type Unjudged struct {
	Side  string `json:"side"`
	Error string `json:"error"`
}

// Summarize counts changes among lines lines, errors of which could not be judged.
func Summarize(changes []Change, lines, errors int) Summary {
	s := Summary{Lines: lines, Errors: errors}
	for i := range changes {
		s.add(&changes[i])
	}
	s.sort()
	return s
}

// add counts a change.
func (s *Summary) add(c *Change) {
	if c.Kind != DecisionChanged {
		s.DetailChanges++
		return
	}
	s.DecisionChanges++
	for i := range s.Transitions {
		if t := &s.Transitions[i]; t.Before == c.Before.Decision && t.After == c.After.Decision {
			t.Count++
			return
		}
	}
	s.Transitions = append(s.Transitions, Transition{Before: c.Before.Decision, After: c.After.Decision, Count: 1})
}

// sort orders the transitions, most severe after first.
func (s *Summary) sort() {
	slices.SortFunc(s.Transitions, func(a, b Transition) int {
		if a.After != b.After {
			return int(b.After) - int(a.After)
		}
		return int(b.Before) - int(a.Before)
	})
}

// DropDetails leaves only the decision changes in Changes (Summary still
// counts the detail changes).
func (r *Comparison) DropDetails() {
	r.DecisionsOnly = true
	r.Changes = slices.DeleteFunc(r.Changes, func(c Change) bool { return c.Kind != DecisionChanged })
}
