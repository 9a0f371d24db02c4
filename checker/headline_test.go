package checker_test

import (
	"context"
	"os"
	"path/filepath"
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
