package review

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/exportcheck/exportcheck/checker"
)

var (
	cls2022   = checker.Reason{Rule: "classify.3a090.2022", Citation: "87 FR 62186", Message: "3A090.a (2022 text)", Classification: true}
	cls2023   = checker.Reason{Rule: "classify.3a090.a.1", Citation: "88 FR 73458", Message: "3A090.a.1", Classification: true}
	cls2023a2 = checker.Reason{Rule: "classify.3a090.a.2", Citation: "88 FR 73458", Message: "3A090.a.2", Classification: true}
	nlr       = checker.Reason{Rule: "decision.nlr", Citation: "15 CFR 732.3 (NLR)", Message: "no license required"}
	china     = checker.Reason{Rule: "license.destination.china", Citation: "87 FR 62186", Message: "license required under the 2022 rule"}
	d145      = checker.Reason{Rule: "license.destination.d145", Citation: "88 FR 73458", Message: "license required (D:1, D:4, D:5)"}
)

// result is a judged line; its last reason decided it, as the policy marks
// (the reasons here are a classification's, then the one that decided).
func result(line int, d checker.Decision, eccn, policy, exception string, reasons ...checker.Reason) checker.Result {
	return checker.Result{
		Order:     checker.Order{Quantity: "1", File: "orders.csv", Line: line, ID: "SO-" + string(rune('0'+line)), Product: "p", Destination: "CN"},
		ProductID: "nvidia-h800-sxm5", Decision: d, ECCN: eccn, ReviewPolicy: policy, Exception: exception, Reasons: reasons, Headline: len(reasons),
	}
}

// at sets the rule version a result was judged under.
func at(r checker.Result, regime string) checker.Result {
	r.Regime = regime
	return r
}

func TestDiff(t *testing.T) {
	bad := checker.Result{Err: errors.New("orders.csv:2: unknown product")}
	tests := []struct {
		name          string
		before, after checker.Result
		want          *Change // nil: no change
	}{
		{
			name:   "same outcome",
			before: result(2, checker.Allow, "", "", "", nlr),
			after:  result(2, checker.Allow, "", "", "", nlr),
		},
		{
			name:   "classification wording changed, ECCN held",
			before: at(result(2, checker.Allow, "3A090.a", "", "", cls2022, nlr), "ear-2023-01-18"),
			after:  at(result(2, checker.Allow, "3A090.a", "", "", cls2023, nlr), "ear-2023-11-17"),
		},
		{
			name:   "classification paragraph changed under the same rule version",
			before: at(result(2, checker.Allow, "3A090.a", "", "", cls2023, nlr), "ear-2024-04-04"),
			after:  at(result(2, checker.Allow, "3A090.a", "", "", cls2023a2, nlr), "ear-2024-04-04"),
			want:   &Change{Kind: DetailChanged, Fields: []string{"classification"}},
		},
		{
			// A company rule named like a classification's is a
			// requirement's reason, as the policy marks it: its change
			// across rule versions is a change (read by rule-id prefix, it
			// was a classification's wording, and ignored).
			name:   "a company rule named like a classification's changed",
			before: at(result(2, checker.Review, "3A090.a", "", "", cls2022, checker.Reason{Rule: "classify.acme.parts_review", Citation: "Acme 4.3", Message: "Acme reviews 3A090 parts"}), "ear-2023-01-18"),
			after:  at(result(2, checker.Review, "3A090.a", "", "", cls2023, checker.Reason{Rule: "classify.acme.parts_review", Citation: "Acme 4.3", Message: "Acme reviews 3A090 parts to CN"}), "ear-2023-11-17"),
			want:   &Change{Kind: DetailChanged, Fields: []string{"reasons"}},
		},
		{
			// A company reason that marks itself a classification is
			// compared as one: another class under the same rule version.
			name:   "a company classification marked, its class changed",
			before: at(result(2, checker.Allow, "3A090.a", "", "", cls2023, checker.Reason{Rule: "acme.class.g2", Citation: "Acme register", Message: "Acme class G2", Classification: true}, nlr), "ear-2024-04-04"),
			after:  at(result(2, checker.Allow, "3A090.a", "", "", cls2023, checker.Reason{Rule: "acme.class.g3", Citation: "Acme register", Message: "Acme class G3", Classification: true}, nlr), "ear-2024-04-04"),
			want:   &Change{Kind: DetailChanged, Fields: []string{"classification"}},
		},
		{
			name: "rule version name differs only",
			before: func() checker.Result {
				r := result(2, checker.Allow, "", "", "", nlr)
				r.Regime = "ear-2023-01-18"
				return r
			}(),
			after: func() checker.Result {
				r := result(2, checker.Allow, "", "", "", nlr)
				r.Regime = "ear-2023-11-17"
				return r
			}(),
		},
		{
			name:   "decision changed",
			before: at(result(2, checker.Allow, "", "", "", nlr), "ear-2023-01-18"),
			after:  at(result(2, checker.LicenseRequired, "3A090.a", "presumption_of_denial", "", cls2023, d145), "ear-2023-11-17"),
			want:   &Change{Kind: DecisionChanged, Fields: []string{"decision", "eccn", "review_policy", "reasons"}},
		},
		{
			name:   "reasons changed, decision held",
			before: at(result(2, checker.LicenseRequired, "3A090.a", "presumption_of_denial", "", cls2022, china), "ear-2023-01-18"),
			after:  at(result(2, checker.LicenseRequired, "3A090.a", "presumption_of_denial", "", cls2023, d145), "ear-2023-11-17"),
			want:   &Change{Kind: DetailChanged, Fields: []string{"reasons"}},
		},
		{
			name:   "exception changed",
			before: result(2, checker.Exception, "3A090.a", "", "NAC", d145),
			after:  result(2, checker.Exception, "3A090.a", "", "ACA", d145),
			want:   &Change{Kind: DetailChanged, Fields: []string{"exception"}},
		},
		{
			name:   "ECCN changed",
			before: result(2, checker.Allow, "3A090.b", "", "", nlr),
			after:  result(2, checker.Allow, "3A090.a", "", "", nlr),
			want:   &Change{Kind: DetailChanged, Fields: []string{"eccn"}},
		},
		{
			name:   "before side could not judge",
			before: bad,
			after:  result(2, checker.Allow, "", "", "", nlr),
		},
		{
			name:   "after side could not judge",
			before: result(2, checker.Allow, "", "", "", nlr),
			after:  bad,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Diff(&tt.before, &tt.after)
			if tt.want == nil {
				if ok {
					t.Fatalf("Diff reported a change: %+v", got)
				}
				return
			}
			if !ok {
				t.Fatal("Diff reported no change")
			}
			tt.want.Before, tt.want.After = tt.before, tt.after
			if d := cmp.Diff(*tt.want, got, cmpopts.IgnoreFields(checker.Result{}, "Err")); d != "" {
				t.Errorf("Diff mismatch (-want +got):\n%s", d)
			}
			if len(got.Explain()) == 0 {
				t.Error("a change that Explain says nothing of")
			}
		})
	}
}

func TestCompareOrder(t *testing.T) {
	before := []checker.Result{
		result(2, checker.LicenseRequired, "3A090.a", "presumption_of_denial", "", china),
		result(3, checker.Allow, "", "", "", nlr),
		result(4, checker.Allow, "", "", "", nlr),
		result(5, checker.Allow, "", "", "", nlr),
	}
	after := []checker.Result{
		result(2, checker.LicenseRequired, "3A090.a", "presumption_of_denial", "", d145),
		result(3, checker.LicenseRequired, "3A090.a", "presumption_of_denial", "", d145),
		result(4, checker.Allow, "", "", "", nlr),
		result(5, checker.Exception, "3A090.a", "", "NAC", d145),
	}
	got := Compare(before, after)
	type row struct {
		Line int
		Kind Kind
	}
	var rows []row
	for _, c := range got {
		rows = append(rows, row{c.After.Order.Line, c.Kind})
	}
	want := []row{{3, DecisionChanged}, {5, DecisionChanged}, {2, DetailChanged}}
	if d := cmp.Diff(want, rows); d != "" {
		t.Errorf("Compare order (-want +got):\n%s", d)
	}
	s := Summarize(got, 4, 0)
	wantSummary := Summary{Lines: 4, DecisionChanges: 2, DetailChanges: 1, Transitions: []Transition{
		{Before: checker.Allow, After: checker.LicenseRequired, Count: 1},
		{Before: checker.Allow, After: checker.Exception, Count: 1},
	}}
	if d := cmp.Diff(wantSummary, s); d != "" {
		t.Errorf("Summarize (-want +got):\n%s", d)
	}
	c := &Comparison{Changes: got, Summary: s}
	c.DropDetails()
	if len(c.Changes) != 2 || !c.DecisionsOnly || c.Summary.DetailChanges != 1 {
		t.Errorf("DropDetails: %d changes, DecisionsOnly %v, summary %+v", len(c.Changes), c.DecisionsOnly, c.Summary)
	}
}

// A side judged with records names their revision, as check's outputs do:
// a directory alone does not say which records made the decisions.
func TestSideLabelNamesRecordsRevision(t *testing.T) {
	for _, tt := range []struct {
		side Side
		want string
	}{
		{Side{Regime: "enforced", Revision: "0123456789abcdef"}, "each line's own date, regime enforced, revision 0123456789ab"},
		{Side{AsOf: "2026-03-02", Regime: "enforced", Records: "records", RecordsRevision: "d86ad82d0a03c779", Revision: "0123456789abcdef"},
			"as of 2026-03-02, regime enforced, records records (revision d86ad82d0a03), revision 0123456789ab"},
	} {
		if diff := cmp.Diff(tt.want, tt.side.Label()); diff != "" {
			t.Errorf("Label() (-want +got):\n%s", diff)
		}
		if got := sideJSON(tt.side).RecordsRevision; got != tt.side.RecordsRevision {
			t.Errorf("JSON records_revision = %q, want %q", got, tt.side.RecordsRevision)
		}
	}
}

// TestExplainFields: the ECCN, review policy and exception lines of a
// change say before → after once, the label not repeated in the value.
func TestExplainFields(t *testing.T) {
	for _, tt := range []struct {
		name          string
		before, after checker.Result
		want          []string
	}{
		{
			name: "review policy in the policy's words",
			before: func() checker.Result {
				r := result(3, checker.LicenseRequired, "", "unspecified", "", china)
				r.ReviewPolicyText = "review policy not stated"
				return r
			}(),
			after: func() checker.Result {
				r := result(3, checker.LicenseRequired, "3A090.a", "denial", "", d145)
				r.ReviewPolicyText = "presumption of denial"
				return r
			}(),
			want: []string{
				"ECCN: none → 3A090.a",
				"review policy: not stated → presumption of denial",
				"+ license.destination.d145: license required (D:1, D:4, D:5) [88 FR 73458]",
				"- license.destination.china: license required under the 2022 rule [87 FR 62186]",
			},
		},
		{
			name:   "an exception appears",
			before: result(4, checker.Allow, "", "", "", nlr),
			after:  result(4, checker.Exception, "3A090.a", "", "NAC", d145),
			want: []string{
				"ECCN: none → 3A090.a",
				"exception: none → NAC",
				"+ license.destination.d145: license required (D:1, D:4, D:5) [88 FR 73458]",
				"- decision.nlr: no license required [15 CFR 732.3 (NLR)]",
			},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := Diff(&tt.before, &tt.after)
			if !ok {
				t.Fatal("Diff reported no change")
			}
			if d := cmp.Diff(tt.want, c.Explain()); d != "" {
				t.Errorf("Explain (-want +got):\n%s", d)
			}
		})
	}
}
