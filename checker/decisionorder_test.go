package checker

import (
	"context"
	"os"
	"path/filepath"
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

// madeBeforeAdvice is what New says of a bundle or policy tree made for
// an exportcheck before 2026-12-07.
const madeBeforeAdvice = ": the bundle or policy tree was made for an exportcheck before 2026-12-07; build the bundle again with this version (exportcheck bundle build), or take the tree from this version's policies/"

// TestDecisionOrderMissing: a policy tree (or a bundle) made before the
// policy published its order is refused with what to do, not with the
// query's "undefined"; a decision.rego of the company's (--policy, as
// bundle build loads it too) is named, with what to add to it, and
// nobody is told to build a bundle again.
func TestDecisionOrderMissing(t *testing.T) {
	const what = "the policy does not publish its order of decisions (data.exportcheck.decision_order, decision.order)"
	m := editedPolicy(t, "exportcheck/decision.rego", "decision_order := _decisions\n", "_unused_order := _decisions\n")
	dir := policyDir(t, "exportcheck/decision.rego", m["exportcheck/decision.rego"].Data)
	for _, tt := range []struct {
		name string
		opts Options
		want string
	}{
		{"a bundle or tree", Options{PolicyFS: m}, what + madeBeforeAdvice},
		{"under --policy", Options{PolicyDirs: []string{dir}}, filepath.Join(dir, "exportcheck/decision.rego") + ": " + what + ", as decision.rego did before exportcheck of 2026-12-07: add the rule decision_order from the embedded decision.rego to it"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(context.Background(), tt.opts)
			if err == nil || err.Error() != tt.want {
				t.Errorf("New: %v\nwant: %s", err, tt.want)
			}
		})
	}
}

// TestDecidingMissing: a policy tree (or a bundle) made before the policy
// marked the reason that decided each line is refused at load, naming
// where it builds a result without the mark and saying what to do: serve
// would otherwise swap such a bundle in on reload and fail every check.
// So is one that leaves the mark out of one kind of result only. A
// decision.rego under --policy is told to add the mark, not to build a
// bundle again (bundle build loads --policy as check does).
func TestDecidingMissing(t *testing.T) {
	const what = ": the policy builds a result without deciding (the index of the reason that decided the line, in decision.results)"
	old := withoutDeciding(t)
	dir := policyDir(t, "exportcheck/decision.rego", old["exportcheck/decision.rego"].Data)
	for _, tt := range []struct {
		name string
		opts Options
		want string
	}{
		{"made before deciding", Options{PolicyFS: old}, "exportcheck/decision.rego:576" + what + madeBeforeAdvice},
		{"one result without", Options{PolicyFS: editedPolicy(t, "exportcheck/decision.rego", "\t\"deciding\": _deciding(reasons, leveled, top, exception),\n", "")}, "exportcheck/decision.rego:589" + what + madeBeforeAdvice},
		{"under --policy", Options{PolicyDirs: []string{dir}}, filepath.Join(dir, "exportcheck/decision.rego") + ":576" + what + ", as decision.rego did before exportcheck of 2026-12-07: add deciding to the result as the embedded decision.rego does"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(context.Background(), tt.opts)
			if err == nil || err.Error() != tt.want {
				t.Errorf("New: %v\nwant: %s", err, tt.want)
			}
		})
	}
}

// policyDir is a --policy directory holding src at path.
func policyDir(t *testing.T, path string, src []byte) string {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, path)
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
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
	want := "policy result has no deciding (the index of the reason that decided the line), as results did before exportcheck of 2026-12-07: a decision.rego under --policy adds it as the embedded one does; a bundle made before then is built again with this version (exportcheck bundle build)"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("CheckAll: %v\nwant it to say: %s", err, want)
	}
}
