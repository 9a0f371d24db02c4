package reports

import (
	"fmt"
	"io"
	"testing"

	"github.com/exportcheck/exportcheck/checker"
)

// BenchmarkWriters writes 100,000 results in each streaming text format.
func BenchmarkWriters(b *testing.B) {
	const lines = 100_000
	rs := make([]checker.Result, 1000)
	for i := range rs {
		rs[i] = checker.Result{
			Order:     checker.Order{File: "orders.csv", Line: i + 2, ID: fmt.Sprint("SO-", i), Product: "H100 SXM5", Quantity: "8", Destination: "CN", EndUser: "Acme", EndUserHQ: "CN", Date: "2024-06-01"},
			ProductID: "nvidia-h100-sxm5", Date: "2024-06-01", Decision: checker.LicenseRequired, ECCN: "3A090.a", Regime: "ear-2024-04-04", ReviewPolicy: "presumption_of_denial",
			Reasons: []checker.Reason{
				{Rule: "classify.3a090.a.1", Citation: "ECCN 3A090.a.1 (88 FR 73458)", Message: "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)"},
				{Rule: "license.destination.d145", Citation: "15 CFR 742.6(a)(6)(iii); 88 FR 73458", Message: "license required for 3A090.a to CN (D:1, D:4, D:5; not in A:5 or A:6)"},
			},
		}
	}
	run := &Run{Revision: "0123456789abcdef", Regime: "enforced", FailOn: checker.Review}
	for _, format := range []string{"jsonl", "json", "github", "junit", "sarif", "markdown", "text"} {
		b.Run(format, func(b *testing.B) {
			for b.Loop() {
				w, err := New(format, io.Discard, run)
				if err != nil {
					b.Fatal(err)
				}
				s := NewSummary()
				for i := range lines {
					r := &rs[i%len(rs)]
					s.Add(r, run.FailOn)
					if err := w.Write(r); err != nil {
						b.Fatal(err)
					}
				}
				if err := w.Close(s); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(lines*b.N)/b.Elapsed().Seconds(), "lines/s")
		})
	}
}
