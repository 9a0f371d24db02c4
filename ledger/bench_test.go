package ledger_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/ledger/ledgertest"
)

// benchLines are n judged lines as a generated book gives them: a few
// decision keys' reasons, every order its own id.
func benchLines(n int) []checker.Result {
	out := make([]checker.Result, n)
	for i := range out {
		r := line(fmt.Sprintf("SO-%d", i+1), int64(1+i%7), "")
		r.Order.Line = i + 2
		r.Order.EndUser = fmt.Sprintf("End User %d Ltd", i%5000)
		r.Reasons = append(r.Reasons, checker.Reason{Rule: "classify.3a090.a.1", Citation: "ECCN 3A090.a.1 (88 FR 73458)", Message: fmt.Sprintf("3A090.a.1: TPP %d ≥ 4,800 (FP8 1979 × 8 bits)", 15000+i%40)})
		if i%10 == 0 {
			r = line(fmt.Sprintf("SO-%d", i+1), 2, "D1")
			r.Order.Line = i + 2
		}
		out[i] = r
	}
	return out
}

// BenchmarkCommit commits a book of 100,000 lines per operation to a new
// ledger: compare with the check's own cost per line (README, Performance).
func BenchmarkCommit(b *testing.B) {
	const n = 100_000
	lines := benchLines(n)
	for _, kind := range ledgertest.Kinds {
		b.Run(kind, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				l := openLedger(b, ledgertest.DSN(b, kind))
				b.StartTimer()
				if _, err := commit(b, l, false, lines...); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/line")
		})
	}
}

// BenchmarkVerify verifies a log of 100,000 rows per operation.
func BenchmarkVerify(b *testing.B) {
	const n = 100_000
	lines := benchLines(n)
	for _, kind := range ledgertest.Kinds {
		b.Run(kind, func(b *testing.B) {
			l := openLedger(b, ledgertest.DSN(b, kind))
			if _, err := commit(b, l, false, lines...); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if v, err := l.Verify(context.Background(), ""); err != nil || v.Rows != n {
					b.Fatal(v, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
		})
	}
}

// BenchmarkDrawn reads the drawdown of a ledger of 1,000,000 rows, 100,000
// of which draw on a licence: "check" is the comparison of the draws
// table with the log's standing versions every read of the drawdown makes
// first (CheckDraws), "drawn" the whole read (the comparison, then the
// draws summed) as a check of a small book makes it, "drawn-big" as a
// check of a 1M-line book (every order left out: one pass over the
// draws). Compare with a check of 1M lines (docs/ledger.md, Performance).
func BenchmarkDrawn(b *testing.B) {
	const n = 1_000_000
	lines := benchLines(n)
	except := make([]string, n)
	for i := range except {
		except[i] = fmt.Sprintf("BOOK-%d", i)
	}
	for _, kind := range ledgertest.Kinds {
		b.Run(kind, func(b *testing.B) {
			ctx := context.Background()
			l := openLedger(b, ledgertest.DSN(b, kind))
			if _, err := commit(b, l, false, lines...); err != nil {
				b.Fatal(err)
			}
			if kind == "postgres" {
				if _, err := l.DB().Exec("VACUUM ANALYZE"); err != nil {
					b.Fatal(err)
				}
			}
			b.Run("check", func(b *testing.B) {
				for b.Loop() {
					if err := l.CheckDraws(ctx); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("drawn", func(b *testing.B) {
				for b.Loop() {
					if d, err := l.Drawn(ctx, nil); err != nil || d[[2]string{"license:D1", "H100"}] != 2*n/10 {
						b.Fatal(d, err)
					}
				}
			})
			b.Run("drawn-big", func(b *testing.B) {
				for b.Loop() {
					if d, err := l.Drawn(ctx, except); err != nil || d[[2]string{"license:D1", "H100"}] != 2*n/10 {
						b.Fatal(d, err)
					}
				}
			})
		})
	}
}

// BenchmarkQueue is the review desk's queue page on a log of 200,000
// lines, 180,000 of them open and 20,000 amended since: the counts by
// decision of the standing open lines, and their newest 100.
func BenchmarkQueue(b *testing.B) {
	const n = 200_000
	lines := benchLines(n)
	var amended []checker.Result
	for i := 1; i < n; i += 10 {
		r := line(fmt.Sprintf("SO-%d", i+1), 3, "")
		r.Decision, r.Order.Quantity = checker.Review, "3"
		amended = append(amended, r)
	}
	open := ledger.Filter{Standing: true, Decisions: []string{"license_required", "exception", "review"}, Newest: true}
	for _, kind := range ledgertest.Kinds {
		b.Run(kind, func(b *testing.B) {
			ctx := context.Background()
			l := openLedger(b, ledgertest.DSN(b, kind))
			if _, err := commit(b, l, false, lines...); err != nil {
				b.Fatal(err)
			}
			if _, err := commit(b, l, true, amended...); err != nil {
				b.Fatal(err)
			}
			if kind == "postgres" {
				// What autovacuum does to a table that took this many
				// rows: the counts then read the index alone.
				if _, err := l.DB().Exec("VACUUM ANALYZE decisions"); err != nil {
					b.Fatal(err)
				}
			}
			for b.Loop() {
				counts, err := l.Counts(ctx, open)
				if err != nil || counts["license_required"] != 160_000 || counts["review"] != 20_000 {
					b.Fatal(counts, err)
				}
				page := open
				page.Limit = 100
				rows := 0
				for _, err := range l.Query(ctx, page) {
					if err != nil {
						b.Fatal(err)
					}
					rows++
				}
				if rows != 100 {
					b.Fatal(rows)
				}
			}
		})
	}
}

var _ = time.Second
var _ = ledger.BatchSize
