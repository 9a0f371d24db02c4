package ledger_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/ledger/ledgertest"
)

// TestDrawsChanged: a row of the draws table edited, deleted or added in
// the database (not by a commit) is found by every read of the drawdown,
// which refuses, naming the order, the record and the order's standing
// row: the check reading it, and a commit's, inside its lock. A ledger
// as committed, amended (--amend), rejudged or pruned reads as before.
func TestDrawsChanged(t *testing.T) {
	keep := checker.Retention{Years: 5, Citation: "15 CFR 762.6(a)"}
	prune := func(t *testing.T, l *ledger.Ledger) {
		t.Helper()
		// PO-1 … PO-3 shipped in 2019: pruned, their draws kept.
		if p, err := l.Prune(context.Background(), "2020-01-01", time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), keep); err != nil || p.Rows != 3 {
			t.Fatal(p, err)
		}
	}
	forEachKind(t, func(t *testing.T, kind string) {
		for _, tt := range []struct {
			name  string
			after func(t *testing.T, l *ledger.Ledger) // before the SQL
			sql   []string
			drawn float64 // on D1's H100 limit, when the draws are whole
			want  *ledger.DrawsChanged
		}{
			{name: "as committed", drawn: 5},
			{name: "amended", after: func(t *testing.T, l *ledger.Ledger) {
				a := line("PO-2", 3, "D1")
				a.Order.Quantity = "3"
				b := line("PO-3", 1, "")
				b.Order.Quantity = "2"
				c := line("PO-6", 4, "D1") // drew nothing, draws now
				c.Order.Quantity = "5"
				if st, err := commit(t, l, true, a, b, c); err != nil || st.Amended != 3 {
					t.Fatal(st, err)
				}
			}, drawn: 1 + 3 + 1 + 1 + 4},
			{name: "rejudged", after: func(t *testing.T, l *ledger.Ledger) {
				// The same lines come out otherwise: PO-4 now draws nothing.
				r := line("PO-4", 1, "")
				if st, err := commit(t, l, false, r); err != nil || st.Rejudged != 1 {
					t.Fatal(st, err)
				}
			}, drawn: 4},
			{name: "pruned", after: prune, drawn: 5},
			{name: "fractions", after: func(t *testing.T, l *ledger.Ledger) {
				// Amounts as the JSON of the row writes them, read back by
				// the database's own parser: equal to the table's, to the bit.
				var rs []checker.Result
				for i, v := range []float64{0.1, 1.0 / 3, 2500000.37, 1e-7, 123456789.123456789, 7e21, 2.8133029380535923e17} {
					r := line(fmt.Sprintf("FR-%d", i), 1, "D2")
					r.Authorization.Draws = []checker.Draw{{Limit: "value", Amount: v}}
					rs = append(rs, r)
				}
				if _, err := commit(t, l, false, rs...); err != nil {
					t.Fatal(err)
				}
			}, drawn: 5},
			{name: "pruned, then committed again", after: func(t *testing.T, l *ledger.Ledger) {
				prune(t, l)
				// An order whose rows were pruned, committed anew: its draws replace those kept.
				r := line("PO-1", 2, "D1")
				r.Order.Date, r.Date = "2019-06-01", "2019-06-01"
				if _, err := commit(t, l, false, r); err != nil {
					t.Fatal(err)
				}
			}, drawn: 6},
			{name: "edited", sql: []string{"UPDATE draws SET amount = 0 WHERE order_id = 'PO-4'"},
				want: &ledger.DrawsChanged{Order: "PO-4", Record: "license:D1", Limit: "H100", Seq: 4, Table: 0, InTable: true, Log: 1, InLog: true}},
			{name: "deleted", sql: []string{"DELETE FROM draws WHERE order_id = 'PO-2'"},
				want: &ledger.DrawsChanged{Order: "PO-2", Record: "license:D1", Limit: "H100", Seq: 2, Log: 1, InLog: true}},
			{name: "added, an order the log does not have", sql: []string{"INSERT INTO draws (order_id, record, lim, amount, seq) VALUES ('PO-9', 'license:D1', 'H100', 50, 9)"},
				want: &ledger.DrawsChanged{Order: "PO-9", Record: "license:D1", Limit: "H100", Table: 50, InTable: true}},
			{name: "added, an order that draws nothing", sql: []string{"INSERT INTO draws (order_id, record, lim, amount, seq) VALUES ('PO-6', 'license:D1', 'H100', 50, 6)"},
				want: &ledger.DrawsChanged{Order: "PO-6", Record: "license:D1", Limit: "H100", Seq: 6, Table: 50, InTable: true}},
			{name: "moved to another licence", sql: []string{"UPDATE draws SET record = 'license:D2' WHERE order_id IN ('PO-1', 'PO-2', 'PO-3', 'PO-5')", "DELETE FROM draws WHERE order_id = 'PO-4'"},
				// whichever difference comes first: one of them
				want: nil},
			{name: "deleted, the standing flag changed with it", sql: []string{"DELETE FROM draws WHERE order_id = 'PO-5'", "UPDATE decisions SET standing = 0 WHERE order_id = 'PO-5'"},
				want: &ledger.DrawsChanged{Order: "PO-5", Record: "license:D1", Limit: "H100", Seq: 5, Log: 1, InLog: true}},
			{name: "deleted after a prune", after: prune, sql: []string{"DELETE FROM draws WHERE order_id = 'PO-5'"},
				want: &ledger.DrawsChanged{Order: "PO-5", Record: "license:D1", Limit: "H100", Seq: 5, Log: 1, InLog: true}},
			{name: "an amendment's draws edited", after: func(t *testing.T, l *ledger.Ledger) {
				a := line("PO-2", 3, "D1")
				a.Order.Quantity = "3"
				if _, err := commit(t, l, true, a); err != nil {
					t.Fatal(err)
				}
			}, sql: []string{"UPDATE draws SET amount = 1 WHERE order_id = 'PO-2'"},
				want: &ledger.DrawsChanged{Order: "PO-2", Record: "license:D1", Limit: "H100", Seq: 7, Table: 1, InTable: true, Log: 3, InLog: true}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				ctx := context.Background()
				l := openLedger(t, ledgertest.DSN(t, kind))
				var lines []checker.Result
				for i := range 5 {
					r := line(fmt.Sprintf("PO-%d", i+1), 1, "D1")
					if i < 3 {
						r.Order.Date, r.Date = "2019-06-01", "2019-06-01"
					}
					lines = append(lines, r)
				}
				lines = append(lines, line("PO-6", 1, ""))
				if _, err := commit(t, l, false, lines...); err != nil {
					t.Fatal(err)
				}
				if tt.after != nil {
					tt.after(t, l)
				}
				for _, q := range tt.sql {
					if _, err := l.DB().Exec(q); err != nil {
						t.Fatal(err)
					}
				}
				if tt.sql == nil {
					if err := l.CheckDraws(ctx); err != nil {
						t.Fatal(err)
					}
					d, err := l.Drawn(ctx, nil)
					if err != nil {
						t.Fatal(err)
					}
					if got := d[[2]string{"license:D1", "H100"}]; got != tt.drawn {
						t.Errorf("drawn %g, want %g", got, tt.drawn)
					}
					return
				}
				s, err := l.Begin(ctx, ledger.Run{Started: time.Now(), ToolVersion: "test", PolicyRevision: "p1"}, false)
				if err != nil {
					t.Fatal(err)
				}
				defer s.Rollback()
				for name, read := range map[string]func() error{
					"CheckDraws": func() error { return l.CheckDraws(ctx) },
					"Drawn":      func() error { _, err := l.Drawn(ctx, nil); return err },
					"Drawn, a big book": func() error {
						except := make([]string, 3*ledger.BatchSize*8)
						for i := range except {
							except[i] = fmt.Sprint("BOOK-", i)
						}
						_, err := l.Drawn(ctx, except)
						return err
					},
					"a commit's Drawn": func() error { _, err := s.Drawn(ctx, []string{"PO-1"}); return err },
				} {
					var got *ledger.DrawsChanged
					if err := read(); !errors.As(err, &got) {
						t.Fatalf("%s: %v, want the draws changed", name, err)
					}
					if tt.want == nil {
						continue
					}
					want := *tt.want
					want.Ledger = l.Name()
					got.TableRows, got.LogRows = 0, 0 // the counts that told a difference
					if diff := cmp.Diff(&want, got); diff != "" {
						t.Errorf("%s (-want +got):\n%s", name, diff)
					}
				}
			})
		}
	})
}

// TestDrawsChangedMessage is the whole message a check refused by changed
// draws gives.
func TestDrawsChangedMessage(t *testing.T) {
	for _, tt := range []struct {
		e    ledger.DrawsChanged
		want string
	}{
		{ledger.DrawsChanged{Ledger: "sqlite:t2.db", Order: "B-1", Record: "license:D1234567", Limit: "nvidia-h100-sxm5", Seq: 12, Table: 1, InTable: true, Log: 14.5, InLog: true},
			"ledger sqlite:t2.db: the draws do not match the decision log: the draws table has order B-1 drawing 1 on license:D1234567 (nvidia-h100-sxm5), but its standing version, ledger row 12, draws 14.5. The draws were changed other than by a commit, and what remains on the licences is not counted from draws that cannot be trusted: nothing was judged or committed against them. Run exportcheck ledger verify and find out what changed"},
		{ledger.DrawsChanged{Ledger: "sqlite:t2.db", Order: "B-1", Record: "notification:N1", Limit: "quantity", Seq: 12, Log: 4, InLog: true},
			"ledger sqlite:t2.db: the draws do not match the decision log: order B-1's standing version, ledger row 12, draws 4 on notification:N1 (quantity), but the draws table does not have it. The draws were changed other than by a commit, and what remains on the licences is not counted from draws that cannot be trusted: nothing was judged or committed against them. Run exportcheck ledger verify and find out what changed"},
		{ledger.DrawsChanged{Ledger: "sqlite:t2.db", Order: "B-2", Record: "license:D1", Limit: "value", Seq: 3, Table: 250000, InTable: true},
			"ledger sqlite:t2.db: the draws do not match the decision log: the draws table has order B-2 drawing 250000 on license:D1 (value), which its standing version, ledger row 3, does not draw. The draws were changed other than by a commit, and what remains on the licences is not counted from draws that cannot be trusted: nothing was judged or committed against them. Run exportcheck ledger verify and find out what changed"},
		{ledger.DrawsChanged{Ledger: "sqlite:t2.db", Order: "B-9", Record: "license:D1", Limit: "value", Table: 250000, InTable: true},
			"ledger sqlite:t2.db: the draws do not match the decision log: the draws table has order B-9 drawing 250000 on license:D1 (value), which no row of the log records. The draws were changed other than by a commit, and what remains on the licences is not counted from draws that cannot be trusted: nothing was judged or committed against them. Run exportcheck ledger verify and find out what changed"},
	} {
		if diff := cmp.Diff(tt.want, tt.e.Error()); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	}
}

// TestCheckDrawsEvery: with CheckDrawsEvery (serve's), a check of the draws
// that passed holds for that long, so a change is found at the next check
// after it; a check that failed is not kept: every read refuses until one
// passes. Without it every read checks.
func TestCheckDrawsEvery(t *testing.T) {
	ctx := context.Background()
	dsn := ledgertest.DSN(t, "sqlite")
	l := openLedger(t, dsn)
	if _, err := commit(t, l, false, line("PO-1", 1, "D1"), line("PO-2", 1, "D1")); err != nil {
		t.Fatal(err)
	}
	l.CheckDrawsEvery(time.Hour)
	if _, err := l.Drawn(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := l.DB().Exec("UPDATE draws SET amount = 0 WHERE order_id = 'PO-1'"); err != nil {
		t.Fatal(err)
	}
	// Within the hour of the check that passed: not checked again.
	for name, read := range map[string]func() error{
		"Drawn":      func() error { _, err := l.Drawn(ctx, nil); return err },
		"CheckDraws": func() error { return l.CheckDraws(ctx) },
	} {
		if err := read(); err != nil {
			t.Errorf("%s within the hour: %v, want no check", name, err)
		}
	}
	// Another handle, its first check: refused, and again (not kept).
	other := openLedger(t, dsn)
	other.CheckDrawsEvery(time.Hour)
	for i := range 2 {
		var changed *ledger.DrawsChanged
		if err := other.CheckDraws(ctx); !errors.As(err, &changed) {
			t.Errorf("read %d: %v, want the draws changed", i+1, err)
		}
	}
	// Every read checks by default.
	fresh := openLedger(t, dsn)
	var changed *ledger.DrawsChanged
	if _, err := fresh.Drawn(ctx, nil); !errors.As(err, &changed) {
		t.Errorf("without CheckDrawsEvery: %v, want the draws changed", err)
	}
}
