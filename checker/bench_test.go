package checker_test

import (
	"context"
	"testing"

	"github.com/exportcheck/exportcheck/checker"
)

// BenchmarkCheck measures lines/s through the policies, once per decision
// key (cached) and once per line (uncached), on a generated book.
func BenchmarkCheck(b *testing.B) {
	ctx := context.Background()
	orders := book(5000, 11)
	for _, bc := range []struct {
		name string
		opts checker.Options
	}{{"cached", checker.Options{}}, {"uncached", checker.Options{NoCache: true}}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				c, err := checker.New(ctx, bc.opts) // a fresh cache each time
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, err := c.CheckAll(ctx, orders); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(orders)*b.N)/b.Elapsed().Seconds(), "lines/s")
		})
	}
}
