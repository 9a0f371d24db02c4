package checker_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
)

// TestHeadlineCompanyRule: the reason a line shows first is the one the
// policy marks as deciding, whatever its rule id. A company rule named
// like a classification's (classify.…) that decides the line is the
// headline; read by rule-id prefix, it was hidden behind the destination's
// licence requirement.
func TestHeadlineCompanyRule(t *testing.T) {
	dir := t.TempDir()
	rule := `package exportcheck.company

import data.exportcheck.text

requirements(ctx) := parts(ctx)

# METADATA
# title: Acme parts embargo
# description: Acme ships no 3A090 parts to the Gulf.
# custom:
#   id: classify.acme.gulf_parts
#   citation: Acme export compliance manual, section 4.3
parts(ctx) := {req |
	ctx.cls.class in {"a", "b"}
	ctx.c == "AE"
	req := {
		"effect": "prohibited", "review_policy": "", "exception": "",
		"reasons": [text.reason(rego.metadata.rule(), concat("", ["Acme ships no ", ctx.cls.eccn, " to ", ctx.dest]))],
	}
}
`
	if err := os.MkdirAll(filepath.Join(dir, "exportcheck", "company"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "exportcheck", "company", "company.rego"), []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	want := checker.Reason{Rule: "classify.acme.gulf_parts", Citation: "Acme export compliance manual, section 4.3", Message: "Acme ships no 3A090.a to AE"}
	for _, noCache := range []bool{false, true} {
		c, err := checker.New(context.Background(), checker.Options{PolicyDirs: []string{dir}, NoCache: noCache})
		if err != nil {
			t.Fatal(err)
		}
		rs, err := c.CheckAll(context.Background(), []checker.Order{{Quantity: "1", Product: "H100 SXM5", Destination: "AE", EndUserHQ: "AE", Date: "2024-06-01"}})
		if err != nil {
			t.Fatal(err)
		}
		r := rs[0]
		if r.Err != nil || r.Decision != checker.Prohibited {
			t.Fatalf("NoCache %v: decision %v, error %v; want prohibited", noCache, r.Decision, r.Err)
		}
		if diff := cmp.Diff(want, r.HeadlineReason()); diff != "" {
			t.Errorf("NoCache %v: headline (-want +got):\n%s\nreasons: %+v", noCache, diff, r.Reasons)
		}
	}
}

// TestHeadlineRecords: what the records say heads a line as
// authorization.results marks it: the licence drawn on, one that ran out
// of room or expired (acting on it settles the line); never a licence
// for another item, which could not have covered the line in any state
// (the requirement heads it).
func TestHeadlineRecords(t *testing.T) {
	falcon := func(id, qty string) checker.Order {
		return checker.Order{ID: id, Product: "nvidia-h100-sxm5", Quantity: qty, Destination: "AE", EndUser: "Falcon Compute Data Center LLC", EndUserHQ: "AE", Date: "2026-03-02"}
	}
	expired := strings.NewReplacer("D1234567", "D7654321", "expires: 2030-01-12", "expires: 2026-02-01").Replace(licence100)
	other := strings.NewReplacer("D1234567", "D5550001", "nvidia-h100-sxm5", "nvidia-rtx-4090").Replace(licence100)
	headline := func(r checker.Result) string {
		if r.Err != nil {
			return r.Order.ID + " error: " + r.Err.Error()
		}
		x := r.HeadlineReason()
		return r.Order.ID + " " + r.Decision.String() + ": " + x.Rule + ": " + x.Message
	}
	for _, tt := range []struct {
		name   string
		recs   []string
		orders []checker.Order
		want   []string
	}{
		{"drawn on, then out of room", []string{licence100}, []checker.Order{falcon("a", "60"), falcon("b", "60")}, []string{
			"a licensed: authorization.licence: covered by licence D1234567 (expires 2030-01-12): AE, product nvidia-h100-sxm5, end user named; drawn on its limit for nvidia-h100-sxm5",
			"b license_required: authorization.exhausted: licence D1234567 has no room for this line: 40 units of its limit for nvidia-h100-sxm5 left, the line needs 60",
		}},
		{"expired", []string{expired}, []checker.Order{falcon("c", "1")}, []string{
			"c license_required: authorization.licence: licence D7654321 does not cover this line: it expired on 2026-02-01",
		}},
		{"for another item", []string{other}, []checker.Order{falcon("d", "1")}, []string{
			"d license_required: license.destination.d145: license required for 3A090.a to AE (D:4; not in A:5 or A:6)",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, r := range checkAll(t, checker.Options{Records: testRecords(t, tt.recs...)}, tt.orders) {
				got = append(got, headline(r))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("headlines (-want +got):\n%s", diff)
			}
		})
	}
}

// TestHeadlineReason: the reason every output headlines is the one the policy marks
// (checker.Result.Headline), whatever its rule id: a company rule named
// like a classification's decides as any other. A line without the mark
// (a ledger row written before rows kept it) shows its first reason.
func TestHeadlineReason(t *testing.T) {
	var (
		class    = checker.Reason{Rule: "classify.3a090.a.1", Message: "3A090.a.1: TPP 4,992 ≥ 4,800"}
		required = checker.Reason{Rule: "license.destination.d145", Message: "license required for 3A090.a to CN"}
		company  = checker.Reason{Rule: "classify.company.embargoed_parts", Message: "the company does not ship these parts to CN"}
		expired  = checker.Reason{Rule: "authorization.licence", Message: "licence D1 does not cover this line: it expired on 2025-12-31"}
	)
	tests := []struct {
		name string
		r    checker.Result
		want checker.Reason
	}{
		{"the requirement marked", checker.Result{Decision: checker.LicenseRequired, Reasons: []checker.Reason{class, required, expired}, Headline: 2}, required},
		{"the records marked", checker.Result{Decision: checker.LicenseRequired, Reasons: []checker.Reason{class, required, expired}, Headline: 3}, expired},
		{"a company rule named like a classification's", checker.Result{Decision: checker.Prohibited, Reasons: []checker.Reason{class, company, required}, Headline: 2}, company},
		{"not marked: the first", checker.Result{Decision: checker.LicenseRequired, Reasons: []checker.Reason{class, required}}, class},
		{"marked past the reasons: the first", checker.Result{Decision: checker.LicenseRequired, Reasons: []checker.Reason{class, required}, Headline: 3}, class},
		{"no reasons", checker.Result{Decision: checker.Allow}, checker.Reason{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.r.HeadlineReason()); diff != "" {
				t.Errorf("HeadlineReason (-want +got):\n%s", diff)
			}
		})
	}
}

// TestClassificationMarks: the reasons that state the item's
// classification are those the policy marks ("classification": true),
// whatever their rule ids: the embedded classification's, and a company
// reason that marks itself; a company rule named like a classification's
// (classify.…) is not one. Read by rule-id prefix, the company rule was
// counted out of "(and 2 more reasons)" and compared as a classification.
func TestClassificationMarks(t *testing.T) {
	dir := t.TempDir()
	rule := `package exportcheck.company

import data.exportcheck.text

requirements(ctx) := {req |
	ctx.cls.class in {"a", "b"}
	ctx.c == "AE"
	req := {
		"effect": "review", "review_policy": "", "exception": "",
		"reasons": [parts(ctx), object.union(register(ctx), {"classification": true})],
	}
}

# METADATA
# title: Acme parts review
# description: Acme reviews 3A090 parts to the Gulf by hand.
# custom:
#   id: classify.acme.parts_review
#   citation: Acme export compliance manual, section 4.3
parts(ctx) := text.reason(rego.metadata.rule(), concat("", ["Acme reviews ", ctx.cls.eccn, " to ", ctx.dest]))

# METADATA
# title: Acme classification register
# description: Acme's own class of the item.
# custom:
#   id: acme.register
#   citation: Acme classification register
register(_) := text.reason(rego.metadata.rule(), "Acme class G2 (GPU accelerators)")
`
	if err := os.MkdirAll(filepath.Join(dir, "exportcheck", "company"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "exportcheck", "company", "company.rego"), []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"classify.3a090.a.1 (classification)",
		"license.destination.d145",
		"classify.acme.parts_review",
		"acme.register (classification)",
	}
	orders := []checker.Order{
		{ID: "a", Quantity: "1", Product: "H100 SXM5", Destination: "AE", EndUserHQ: "AE", Date: "2024-06-01"},
		{ID: "b", Quantity: "1", Product: "nvidia-h100-sxm5", Destination: "AE", EndUserHQ: "AE", Date: "2024-06-01"},
	}
	for _, noCache := range []bool{false, true} {
		c, err := checker.New(context.Background(), checker.Options{PolicyDirs: []string{dir}, NoCache: noCache})
		if err != nil {
			t.Fatal(err)
		}
		rs, err := c.CheckAll(context.Background(), orders)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if r.Err != nil {
				t.Fatalf("NoCache %v: order %s: %v", noCache, r.Order.ID, r.Err)
			}
			var got []string
			for _, x := range r.Reasons {
				if x.Classification {
					got = append(got, x.Rule+" (classification)")
				} else {
					got = append(got, x.Rule)
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("NoCache %v: order %s: reasons (-want +got):\n%s", noCache, r.Order.ID, diff)
			}
		}
	}
}
