package checker_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/exportcheck/exportcheck/checker"
)

// TestEvalMemory: a company rule that builds something very large is
// stopped at the memory budget.
func TestEvalMemory(t *testing.T) {
	dir := companyRule(t, `package exportcheck.company

# METADATA
# title: Large rule
# description: Builds a set of ten million numbers for every line.
# custom:
#   id: company.large
#   citation: test
requirements(ctx) := {req |
	n := count({x | some x in numbers.range(1, 10000000)})
	n < count(ctx.id)
	req := {"effect": "review", "review_policy": "", "exception": "", "reasons": []}
}
`)
	c, err := checker.New(context.Background(), checker.Options{PolicyDirs: []string{dir}, EvalMemory: 256 << 20})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CheckAll(context.Background(), []checker.Order{{Quantity: "1", Product: "H20", Destination: "DE", EndUserHQ: "DE", Date: "2024-06-01"}})
	if !errors.Is(err, checker.ErrMemoryBudget) || !strings.Contains(err.Error(), "(256 MiB, --eval-memory)") {
		t.Errorf("error %v, want the memory budget of 256 MiB", err)
	}
}

// companyRule writes a company policy file and returns its directory.
func companyRule(t *testing.T, rule string) string {
	dir := t.TempDir()
	p := filepath.Join(dir, "exportcheck", "company")
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(p, "company.rego"), []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestEvalBudget: a company rule that loops far too long is stopped at the
// evaluation budget with an error naming its file and line.
func TestEvalBudget(t *testing.T) {
	dir := companyRule(t, `package exportcheck.company

# METADATA
# title: Slow rule
# description: Counts to fifty million for every line.
# custom:
#   id: company.slow
#   citation: test
requirements(ctx) := {req |
	n := count(numbers.range(1, 50000000))
	n < count(ctx.id)
	req := {"effect": "review", "review_policy": "", "exception": "", "reasons": []}
}
`)
	c, err := checker.New(context.Background(), checker.Options{PolicyDirs: []string{dir}, EvalTimeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CheckAll(context.Background(), []checker.Order{{Quantity: "1", Product: "H20", Destination: "DE", EndUserHQ: "DE", Date: "2024-06-01"}})
	want := "evaluating policies: 1 decision key took longer than the evaluation budget (500ms, --eval-timeout): stopped in the rule at " + filepath.Join(dir, "exportcheck/company/company.rego") + ":10"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %v, want it to start %q", err, want)
	}
}
