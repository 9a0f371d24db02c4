package checker

import (
	"context"
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/exportcheck/exportcheck/policies"
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
// marked the reason that decided each line is refused at load, naming
// where it builds a result without the mark and saying what to do: serve
// would otherwise swap such a bundle in on reload and fail every check.
// So is one that leaves the mark out of one kind of result only.
func TestDecidingMissing(t *testing.T) {
	advice := ": the policy builds a result without deciding (the index of the reason that decided the line, in decision.results): a policy tree or bundle made for an exportcheck before 2026-12-07? Build the bundle again with this version (exportcheck bundle build), or mark it as the embedded decision.rego does"
	for _, tt := range []struct {
		name string
		m    fs.FS
		want string
	}{
		{"made before deciding", withoutDeciding(t), "exportcheck/decision.rego:576" + advice},
		{"one result without", editedPolicy(t, "exportcheck/decision.rego", "\t\"deciding\": _deciding(reasons, leveled, top, exception),\n", ""), "exportcheck/decision.rego:589" + advice},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(context.Background(), Options{PolicyFS: tt.m})
			if err == nil || err.Error() != tt.want {
				t.Errorf("New: %v\nwant: %s", err, tt.want)
			}
		})
	}
}

// withoutDeciding is the embedded policies as an exportcheck before
// 2026-12-07 had them: no result marks the reason that decided.
func withoutDeciding(t *testing.T) fstest.MapFS {
	t.Helper()
	m := copyFS(t, policies.FS)
	const path = "exportcheck/decision.rego"
	src := string(m[path].Data)
	out := regexp.MustCompile(`(?m)^\t"deciding": .*\n`).ReplaceAllString(src, "")
	if n := strings.Count(src, `"deciding"`); n == 0 || strings.Contains(out, `"deciding"`) {
		t.Fatalf("%s: %d lines say deciding, and not all of them alone", path, n)
	}
	m[path] = &fstest.MapFile{Data: []byte(out)}
	return m
}

// TestDecidingDropped: a result the load cannot see lacks the mark (here
// taken off each result as a whole) stops the check at its first line
// with what to do, rather than headlining one of its reasons at random.
func TestDecidingDropped(t *testing.T) {
	ctx := context.Background()
	m := editedPolicy(t, "exportcheck/decision.rego", `_worded(d) := object.union(d, {"review_policy_text": text.review_policy(d.review_policy)})`, `_worded(d) := object.remove(object.union(d, {"review_policy_text": text.review_policy(d.review_policy)}), ["deciding"])`)
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
