package reports_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/reports"
)

// The reason a report headlines is the one the policy marks
// (checker.Result.Headline), whatever its rule id: a company rule named
// like a classification's decides as any other. A line without the mark
// (a ledger row written before rows kept it) shows its first reason.
func TestDecidingReason(t *testing.T) {
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
			if diff := cmp.Diff(tt.want, reports.DecidingReason(&tt.r)); diff != "" {
				t.Errorf("DecidingReason (-want +got):\n%s", diff)
			}
		})
	}
}
