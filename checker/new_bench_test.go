package checker_test

import (
	"context"
	"testing"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/records"
)

// BenchmarkNew measures building a checker: loading the embedded policies
// and data, preparing the queries and deriving what the checker keeps from
// the policy; alone, and with the example records (as serve rebuilds a
// checker when the records change), the policy compiled by the checker
// before; and "first" compiling it, as the first checker of a process does.
func BenchmarkNew(b *testing.B) {
	ctx := context.Background()
	set, err := records.Options{Today: "2026-12-31"}.Load("../examples/records")
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name  string
		opts  checker.Options
		first bool
	}{{"embedded", checker.Options{}, false}, {"records", checker.Options{Records: set.Checker()}, false}, {"first", checker.Options{}, true}} {
		b.Run(bc.name, func(b *testing.B) {
			if _, err := checker.New(ctx, bc.opts); err != nil { // the policy compiled, outside the timing
				b.Fatal(err)
			}
			for b.Loop() {
				if bc.first {
					checker.ForgetPolicies()
				}
				if _, err := checker.New(ctx, bc.opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
