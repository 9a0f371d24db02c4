package main

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/review"
)

func TestDiffSides(t *testing.T) {
	type want struct {
		Before, After             review.Side
		BeforeRegime, AfterRegime string
		BeforeDirs, AfterDirs     []string
		BaseFS                    bool
		Err                       string
	}
	tests := []struct {
		name string
		o    diffOpts
		want want
	}{
		{
			name: "dates",
			o:    diffOpts{checkerFlags: checkerFlags{screening: []string{"none"}, regime: "enforced"}, before: "2023-10-20", after: "2023-11-17"},
			want: want{
				Before:       review.Side{AsOf: "2023-10-20", Regime: "enforced", Policies: "embedded", Data: "embedded"},
				After:        review.Side{AsOf: "2023-11-17", Regime: "enforced", Policies: "embedded", Data: "embedded"},
				BeforeRegime: "enforced", AfterRegime: "enforced",
			},
		},
		{
			name: "regimes",
			o:    diffOpts{checkerFlags: checkerFlags{screening: []string{"none"}, regime: "enforced"}, afterRegime: "ai-diffusion"},
			want: want{
				Before:       review.Side{Regime: "enforced", Policies: "embedded", Data: "embedded"},
				After:        review.Side{Regime: "ai-diffusion", Policies: "embedded", Data: "embedded"},
				BeforeRegime: "enforced", AfterRegime: "ai-diffusion",
			},
		},
		{
			name: "overlays apply to the after side only",
			o:    diffOpts{checkerFlags: checkerFlags{screening: []string{"none"}, regime: "enforced", policies: []string{"company"}, data: []string{"skus"}}},
			want: want{
				Before:       review.Side{Regime: "enforced", Policies: "embedded", Data: "embedded"},
				After:        review.Side{Regime: "enforced", Policies: "embedded + company", Data: "embedded + skus"},
				BeforeRegime: "enforced", AfterRegime: "enforced",
				AfterDirs: []string{"company", "skus"},
			},
		},
		{
			name: "dates with overlays: on both sides",
			o:    diffOpts{checkerFlags: checkerFlags{screening: []string{"none"}, regime: "enforced", policies: []string{"company"}, data: []string{"skus"}}, before: "2023-10-20", after: "2023-11-17"},
			want: want{
				Before:       review.Side{AsOf: "2023-10-20", Regime: "enforced", Policies: "embedded + company", Data: "embedded + skus"},
				After:        review.Side{AsOf: "2023-11-17", Regime: "enforced", Policies: "embedded + company", Data: "embedded + skus"},
				BeforeRegime: "enforced", AfterRegime: "enforced",
				BeforeDirs: []string{"company", "skus"}, AfterDirs: []string{"company", "skus"},
			},
		},
		{
			name: "regimes with overlays: on both sides",
			o:    diffOpts{checkerFlags: checkerFlags{screening: []string{"none"}, regime: "enforced", data: []string{"skus"}}, afterRegime: "ai-diffusion"},
			want: want{
				Before:       review.Side{Regime: "enforced", Policies: "embedded", Data: "embedded + skus"},
				After:        review.Side{Regime: "ai-diffusion", Policies: "embedded", Data: "embedded + skus"},
				BeforeRegime: "enforced", AfterRegime: "ai-diffusion",
				BeforeDirs: []string{"skus"}, AfterDirs: []string{"skus"},
			},
		},
		{
			name: "base trees and overlays: the overlays are the change",
			o:    diffOpts{checkerFlags: checkerFlags{screening: []string{"none"}, regime: "enforced", data: []string{"skus"}}, before: "2023-10-20", after: "2023-11-17", baseData: "../../data"},
			want: want{
				Before:       review.Side{AsOf: "2023-10-20", Regime: "enforced", Policies: "embedded", Data: "../../data"},
				After:        review.Side{AsOf: "2023-11-17", Regime: "enforced", Policies: "embedded", Data: "embedded + skus"},
				BeforeRegime: "enforced", AfterRegime: "enforced",
				AfterDirs: []string{"skus"},
			},
		},
		{
			name: "base trees",
			o:    diffOpts{checkerFlags: checkerFlags{screening: []string{"none"}, regime: "enforced"}, basePolicies: "../../policies", baseData: "../../data"},
			want: want{
				Before:       review.Side{Regime: "enforced", Policies: "../../policies", Data: "../../data"},
				After:        review.Side{Regime: "enforced", Policies: "embedded", Data: "embedded"},
				BeforeRegime: "enforced", AfterRegime: "enforced", BaseFS: true,
			},
		},
		{
			name: "nothing differs",
			o:    diffOpts{checkerFlags: checkerFlags{screening: []string{"none"}, regime: "enforced"}, before: "2024-01-01", after: "2024-01-01", afterRegime: "enforced"},
			want: want{Err: "nothing to compare: give --before/--after dates, --before-regime/--after-regime, --base-policies/--base-data/--base-records, or --policy/--data"},
		},
		{
			name: "base directory missing",
			o:    diffOpts{checkerFlags: checkerFlags{screening: []string{"none"}, regime: "enforced"}, baseData: "testdata/nope"},
			want: want{Err: "--base-data: stat testdata/nope: no such file or directory"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, a, bs, as, err := tt.o.sides()
			var got want
			if err != nil {
				got.Err = err.Error()
			} else {
				got = want{
					Before: bs, After: as, BeforeRegime: b.Regime, AfterRegime: a.Regime,
					BeforeDirs: append(b.PolicyDirs, b.DataDirs...), AfterDirs: append(a.PolicyDirs, a.DataDirs...),
					BaseFS: b.PolicyFS != nil && b.DataFS != nil,
				}
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("sides (-want +got):\n%s", d)
			}
		})
	}
}

// TestJudgeTwice pairs the two judgements of every line in input order,
// across many small batches (the two sides share one read of the input
// through a bounded queue).
func TestJudgeTwice(t *testing.T) {
	ctx := context.Background()
	newChecker := func(asOf string) *checker.Checker {
		c, err := checker.New(ctx, checker.Options{AsOf: asOf, BatchSize: 3, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	before, after := newChecker("2023-10-20"), newChecker("2023-11-17")
	const n = 20000
	products := []string{"H800 SXM5", "H100 SXM5", "nope"}
	src := func(yield func(checker.Order, error) bool) {
		for i := range n {
			o := checker.Order{Quantity: "1", File: "gen", Line: i + 1, ID: fmt.Sprint(i), Product: products[i%3], Destination: "CN", EndUserHQ: "CN"}
			if !yield(o, nil) {
				return
			}
		}
	}
	type pair struct{ Line, BeforeLine, AfterLine int }
	var mismatched []pair
	lines, changed, errs := 0, 0, 0
	for p, err := range judgeTwice(ctx, before, after, src) {
		if err != nil {
			t.Fatal(err)
		}
		lines++
		if p[0].Order.Line != lines || p[1].Order.Line != lines {
			mismatched = append(mismatched, pair{lines, p[0].Order.Line, p[1].Order.Line})
		}
		if p[0].Err != nil && p[1].Err != nil {
			errs++
		}
		if c, ok := review.Diff(&p[0], &p[1]); ok && c.Kind == review.DecisionChanged {
			changed++
		}
	}
	got := []int{lines, changed, errs, len(mismatched)}
	want := []int{n, (n + 2) / 3, n / 3, 0} // every H800 line changes; every "nope" line is an error
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("lines, decision changes, errors, mismatched pairs (-want +got):\n%s\nfirst mismatches: %v", d, mismatched[:min(3, len(mismatched))])
	}
}
