package reports_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/reports"
)

// The reason a report headlines: what the records say of a line they
// covered or could have covered, never a record for another item,
// destination or exception (the policy's authorization.elsewhere).
func TestDecidingReason(t *testing.T) {
	var (
		class     = checker.Reason{Rule: "classify.3a090.a.1", Message: "3A090.a.1: TPP 4,992 ≥ 4,800"}
		required  = checker.Reason{Rule: "license.destination.d145", Message: "license required for 3A090.a to CN"}
		elsewhere = checker.Reason{Rule: "authorization.elsewhere", Message: "licence D3 does not cover this line: it covers neither product nvidia-h800-sxm5 nor ECCN 3A090.a"}
		expired   = checker.Reason{Rule: "authorization.licence", Message: "licence D1 does not cover this line: it expired on 2025-12-31"}
		covered   = checker.Reason{Rule: "authorization.licence", Message: "covered by licence D2"}
		nac       = checker.Reason{Rule: "license.exception.nac", Message: "License Exception NAC may apply"}
	)
	tests := []struct {
		name string
		r    checker.Result
		want checker.Reason
	}{
		{"a licence for another item: the requirement", checker.Result{Decision: checker.LicenseRequired, Reasons: []checker.Reason{class, required, elsewhere}}, required},
		{"an expired licence that would have covered it", checker.Result{Decision: checker.LicenseRequired, Reasons: []checker.Reason{class, required, elsewhere, expired}}, expired},
		{"covered", checker.Result{Decision: checker.Licensed, Authorization: &checker.Authorization{Number: "D2"}, Reasons: []checker.Reason{class, covered}}, covered},
		{"an exception with only another exception's notification", checker.Result{Decision: checker.Exception, Exception: "NAC", Reasons: []checker.Reason{class, nac, elsewhere}}, nac},
		{"nothing but the classification", checker.Result{Decision: checker.Allow, Reasons: []checker.Reason{class}}, class},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, reports.DecidingReason(&tt.r)); diff != "" {
				t.Errorf("DecidingReason (-want +got):\n%s", diff)
			}
		})
	}
}
