package checker_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/orders"
	"github.com/exportcheck/exportcheck/records"
)

// readOrders reads an example order file.
func readOrders(t *testing.T, path string) []checker.Order {
	t.Helper()
	var out []checker.Order
	for o, err := range orders.Read(path, orders.Options{}) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, o)
	}
	return out
}

// TestSharedPolicyDecidesAlike: a checker built from the policy another
// checker compiled (and has evaluated) decides every line exactly as that
// one, compiled from scratch: the embedded policy, with the example
// records, and with the company's --policy and --data overlays.
func TestSharedPolicyDecidesAlike(t *testing.T) {
	ctx := context.Background()
	set, err := records.Options{Today: "2026-12-31"}.Load("../examples/records")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		opts   checker.Options
		orders []checker.Order
	}{
		{"embedded", checker.Options{}, append(readOrders(t, "../examples/orders.csv"), book(2000, 3)...)},
		{"records", checker.Options{Records: set.Checker(), Horizon: 10 * 365 * 24 * 3600e9}, readOrders(t, "../examples/records-orders.csv")},
		{"no cache", checker.Options{Records: set.Checker(), NoCache: true, Horizon: 10 * 365 * 24 * 3600e9}, readOrders(t, "../examples/records-orders.csv")},
		{"company policy", checker.Options{PolicyDirs: []string{"../examples/company-policy"}, DataDirs: []string{"../examples/company-data"}},
			readOrders(t, "../examples/company-orders.csv")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checker.ForgetPolicies()
			fresh, err := checker.New(ctx, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			want, err := fresh.CheckAll(ctx, tt.orders)
			if err != nil {
				t.Fatal(err)
			}
			shared, err := checker.New(ctx, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if !checker.SamePolicy(fresh, shared) {
				t.Fatal("the second checker compiled the policy again")
			}
			got, err := shared.CheckAll(ctx, tt.orders)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got, sameErrors); diff != "" {
				t.Errorf("shared policy decides otherwise (-fresh +shared):\n%s", diff)
			}
		})
	}
}

// TestChangedPolicyNotShared: a --policy file changed in place, or the
// same file in another directory (its locations name that one), is
// compiled anew, and judged by what it now says.
func TestChangedPolicyNotShared(t *testing.T) {
	ctx := context.Background()
	src, err := os.ReadFile("../examples/company-policy/exportcheck/company/company.rego")
	if err != nil {
		t.Fatal(err)
	}
	write := func(dir, text string) {
		t.Helper()
		p := filepath.Join(dir, "exportcheck", "company", "company.rego")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lines := readOrders(t, "../examples/company-orders.csv")
	build := func(dir string) (*checker.Checker, string) {
		t.Helper()
		c, err := checker.New(ctx, checker.Options{PolicyDirs: []string{dir}, DataDirs: []string{"../examples/company-data"}})
		if err != nil {
			t.Fatal(err)
		}
		rs, err := c.CheckAll(ctx, lines[1:2]) // ACME-2: 4A090.a to DE, allowed
		if err != nil {
			t.Fatal(err)
		}
		return c, rs[0].Decision.String()
	}
	dir, other := t.TempDir(), t.TempDir()
	write(dir, string(src))
	before, got := build(dir)
	if got != "allow" {
		t.Fatalf("ACME-2 before the change: %s, want allow", got)
	}
	withDE := strings.Replace(string(src), `"AE", "SA"`, `"AE", "DE", "SA"`, 1)
	if withDE == string(src) {
		t.Fatal(`company.rego no longer names "AE", "SA" in its Gulf review`)
	}
	write(dir, withDE)
	after, got := build(dir)
	if checker.SamePolicy(before, after) {
		t.Error("the changed file was served from the cache")
	}
	if got != "review" {
		t.Errorf("ACME-2 once the Gulf review names DE: %s, want review", got)
	}
	write(other, withDE)
	moved, _ := build(other)
	if checker.SamePolicy(after, moved) {
		t.Error("the same file in another directory shares the policy whose locations name the first")
	}
	again, _ := build(dir)
	if !checker.SamePolicy(after, again) {
		t.Error("the unchanged file was compiled again")
	}
}
