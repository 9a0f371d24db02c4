package checker

import (
	"context"
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
	m := copyFS(t, policies.FS)
	const path = "exportcheck/decision.rego"
	old := `_decisions := ["allow", "review", "exception", "license_required", "prohibited"]`
	src := string(m[path].Data)
	if !strings.Contains(src, old) {
		t.Fatalf("%s no longer holds %q", path, old)
	}
	m[path] = &fstest.MapFile{Data: []byte(strings.Replace(src, old, `_decisions := ["allow", "exception", "review", "license_required", "prohibited"]`, 1))}
	_, err := New(context.Background(), Options{PolicyFS: m})
	want := "the policy orders its decisions allow < exception < review < license_required < prohibited (decision.order), the checker allow < review < exception < license_required < prohibited"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("New: %v, want it to say %q", err, want)
	}
}
