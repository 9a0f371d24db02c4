package checker

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// withQatarAsUAE is the embedded policy with license.effective_country
// edited to treat Qatar as the UAE, whose groups change on 2026-07-10
// (91 FR 43034) where Qatar's do not.
func withQatarAsUAE(t *testing.T) fstest.MapFS {
	t.Helper()
	return editedPolicy(t, "exportcheck/license/countries.rego", "effective_country(c) := t if {\n\tt := data.countries[c].treated_as\n} else := c\n", "effective_country(c) := t if {\n\tt := data.countries[c].treated_as\n} else := \"AE\" if {\n\tc == \"QA\"\n} else := c\n")
}

// TestTreatedAsFromPolicy: the country the checker's catalog takes a code
// for, when it narrows a line's rule periods and keys its decisions, is
// the policy's license.effective_country, not a reading of treated_as of
// its own: under a policy that treats Qatar as the UAE, a line to or
// headquartered in Qatar is judged by the UAE's facts, and the decision
// cache gives each line what judging it on its own date gives, across the
// day the UAE's groups change.
func TestTreatedAsFromPolicy(t *testing.T) {
	ctx := context.Background()
	pfs := withQatarAsUAE(t)
	c, err := New(ctx, Options{PolicyFS: pfs})
	if err != nil {
		t.Fatal(err)
	}
	if note := c.CacheNote(); note != "" {
		t.Fatalf("the edited policy is not narrowed: %s", note)
	}
	got := map[string]string{}
	for _, code := range []string{"QA", "HK", "PR", "AE", "DE", ""} {
		got[code] = c.catalog.effective(code)
	}
	want := map[string]string{"QA": "AE", "HK": "CN", "PR": "US", "AE": "AE", "DE": "DE", "": ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the catalog's effective countries (-want +got):\n%s", diff)
	}
	var orders []Order
	for _, day := range []string{"2026-07-08", "2026-07-09", "2026-07-10", "2026-07-11", "2026-09-01"} {
		for _, p := range []string{"nvidia-h100-sxm5", "nvidia-h20", "nvidia-l40"} {
			for _, dest := range [][2]string{{"QA", "QA"}, {"QA", ""}, {"DE", "QA"}, {"AE", "AE"}} {
				orders = append(orders, Order{File: "x", Line: len(orders) + 2, Quantity: "1", Product: p, Destination: dest[0], EndUserHQ: dest[1], Date: day})
			}
		}
	}
	own := checkWith(t, Options{PolicyFS: pfs, NoCache: true, ownDates: true}, orders)
	// The edit matters: a line to Qatar is judged otherwise from the day
	// the UAE's groups change.
	if own[0].Decision == own[len(orders)-12].Decision && cmp.Equal(own[0].Reasons, own[len(orders)-12].Reasons) {
		t.Fatalf("the edited policy judges a line to Qatar alike before and after 2026-07-10: %v", own[0].Decision)
	}
	for _, opts := range []Options{{PolicyFS: pfs}, {PolicyFS: pfs, NoCache: true}} {
		if diff := cmp.Diff(own, checkWith(t, opts, orders), errText); diff != "" {
			t.Errorf("NoCache %v differs from each line on its own date (-own +got):\n%s", opts.NoCache, diff)
		}
	}
}
