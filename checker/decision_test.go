package checker_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
)

// TestParseDecision: a decision's name in any case, and the British
// spellings the prose uses (licence_required, licenced); anything else is
// an error naming the decisions known.
func TestParseDecision(t *testing.T) {
	type out struct {
		D   checker.Decision
		Err string
	}
	for _, tt := range []struct {
		in   string
		want out
	}{
		{"licensed", out{D: checker.Licensed}},
		{"LICENSE_REQUIRED", out{D: checker.LicenseRequired}},
		{"licence_required", out{D: checker.LicenseRequired}},
		{"Licenced", out{D: checker.Licensed}},
		{"licence", out{Err: `unknown decision "licence"; known: allow, licensed, review, exception, license_required, prohibited`}},
	} {
		d, err := checker.ParseDecision(tt.in)
		got := out{D: d}
		if err != nil {
			got = out{Err: err.Error()}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseDecision(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}
