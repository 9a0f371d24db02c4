package checker

import (
	"context"
	"strings"
	"testing"
)

// TestDecisionOrderRefused: a policy that ranks its decisions otherwise
// than the checker compares them (here exception below review) is refused
// at load, saying both orders: --fail-on review would otherwise pass lines
// the policy holds more severe than review.
func TestDecisionOrderRefused(t *testing.T) {
	m := editedPolicy(t, "exportcheck/decision.rego", `_decisions := ["allow", "review", "exception", "license_required", "prohibited"]`, `_decisions := ["allow", "exception", "review", "license_required", "prohibited"]`)
	_, err := New(context.Background(), Options{PolicyFS: m})
	want := "the policy orders its decisions allow < exception < review < license_required < prohibited (decision.order), the checker allow < review < exception < license_required < prohibited"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("New: %v, want it to say %q", err, want)
	}
}

// TestDecisionOrderMissing: a policy tree (or a bundle) made before the
// policy published its order is refused with what to do, not with the
// query's "undefined".
func TestDecisionOrderMissing(t *testing.T) {
	m := editedPolicy(t, "exportcheck/decision.rego", "decision_order := _decisions\n", "_unused_order := _decisions\n")
	_, err := New(context.Background(), Options{PolicyFS: m})
	want := "the policy does not publish its order of decisions (data.exportcheck.decision_order, decision.order): a policy tree or bundle made for an exportcheck before 2026-12-07? Build the bundle again with this version (exportcheck bundle build), or add the rule from the embedded decision.rego to a policy that replaces it"
	if err == nil || err.Error() != want {
		t.Errorf("New: %v\nwant: %s", err, want)
	}
}

// TestDecidingMissing: a policy tree (or a bundle) made before the policy
// marked the reason that decided each line stops the check with what to
// do, rather than headlining one of its reasons at random.
func TestDecidingMissing(t *testing.T) {
	ctx := context.Background()
	m := editedPolicy(t, "exportcheck/decision.rego", "\t\"deciding\": _deciding(reasons, leveled, top, exception),\n", "")
	c, err := New(ctx, Options{PolicyFS: m})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CheckAll(ctx, []Order{{File: "o.csv", Line: 2, Quantity: "1", Product: "nvidia-h100-sxm5", Destination: "CN", EndUserHQ: "CN", Date: "2024-06-01"}})
	want := "policy result has no deciding (the index of the reason that decided the line): a policy tree or bundle made for an exportcheck before 2026-12-07? Build the bundle again with this version (exportcheck bundle build), or mark it as the embedded decision.rego does"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("CheckAll: %v\nwant it to say: %s", err, want)
	}
}
