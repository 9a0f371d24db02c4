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
)

// reasonRun is a run under policy revision rev (with content, "" for
// none) committed for reason ("" for none).
func reasonRun(rev, content, reason string) ledger.Run {
	return ledger.Run{Started: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), ToolVersion: "test", PolicyRevision: rev, Content: content, Reason: reason}
}

// commitRun commits lines as one run.
func commitRun(t *testing.T, l *ledger.Ledger, run ledger.Run, amend bool, lines ...checker.Result) ledger.Stats {
	t.Helper()
	ctx := context.Background()
	s, err := l.Begin(ctx, run, amend)
	if err != nil {
		t.Fatal(err)
	}
	for i := range lines {
		if err := s.Add(ctx, &lines[i]); err != nil {
			s.Rollback()
			t.Fatal(err)
		}
	}
	st, err := s.Finish(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// reasonRow is what TestRunReason reads of a row.
type reasonRow struct {
	Seq             int64
	Kind, Order     string
	Content, Reason string
	JSON            any // the row's commit_reason, as ledger query -f json and the API give it
}

// commitReasons commits, on l: PO-1 and PO-2 with no reason (row 1, 2);
// PO-1 amended for a reason (row 3); PO-3 for a reason, under a signed
// bundle's revision (row 4); PO-2 amended under that revision, with no
// reason (row 5). It returns each row's run.
func commitReasons(t *testing.T, l *ledger.Ledger) map[int64]string {
	t.Helper()
	commitRun(t, l, reasonRun("p1", "", ""), false, line("PO-1", 10, "D1"), line("PO-2", 5, "D1"))
	commitRun(t, l, reasonRun("p1", "", "PO-1 now ships 12: customer's revised purchase order 4471"), true, line("PO-1", 12, "D1"))
	commitRun(t, l, reasonRun("v1", "c1", "re-run after licence D123 was granted"), false, line("PO-3", 1, ""))
	commitRun(t, l, reasonRun("v1", "c1", ""), true, line("PO-2", 6, "D1"))
	runOf := map[int64]string{}
	for r, err := range l.Query(context.Background(), ledger.Filter{}) {
		if err != nil {
			t.Fatal(err)
		}
		runOf[r.Seq] = r.RunID
	}
	return runOf
}

// TestRunReason: the reason a run was committed for is kept with the run
// and shown on each of its rows (Row.Run.Reason, and the row's JSON); the
// run's hash covers it, so that editing, adding or removing it breaks
// verify at the run's first row, and runs without one hash as they did.
func TestRunReason(t *testing.T) {
	amended := "PO-1 now ships 12: customer's revised purchase order 4471"
	rerun := "re-run after licence D123 was granted"
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		commitReasons(t, l)
		var got []reasonRow
		for r, err := range l.Query(ctx, ledger.Filter{}) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, reasonRow{r.Seq, r.Kind, r.OrderID, r.Run.Content, r.Run.Reason, r.Map()["commit_reason"]})
		}
		want := []reasonRow{
			{1, "decision", "PO-1", "", "", ""},
			{2, "decision", "PO-2", "", "", ""},
			{3, "amendment", "PO-1", "", amended, amended},
			{4, "decision", "PO-3", "c1", rerun, rerun},
			{5, "amendment", "PO-2", "c1", "", ""},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("rows (-want +got):\n%s", diff)
		}
		v, err := l.Verify(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ledger.Verified{First: 1, Rows: 5, Head: v.Head}, v); diff != "" || len(v.Head) != 64 {
			t.Errorf("verify (-want +got):\n%s", diff)
		}
	})
}

// TestVerifyRunReason: a run's reason edited, removed, or given to a run
// committed without one is found by verify, naming the run's first row.
func TestVerifyRunReason(t *testing.T) {
	for _, tt := range []struct {
		name string
		sql  string
		seq  int64 // the row verify names; 0: none
	}{
		{name: "as committed"},
		{name: "an amendment's reason edited", sql: "UPDATE runs SET reason = 'typo fixed' WHERE reason LIKE 'PO-1 now%'", seq: 3},
		{name: "an amendment's reason removed", sql: "UPDATE runs SET reason = '' WHERE reason LIKE 'PO-1 now%'", seq: 3},
		{name: "a reason given to a run committed without one", sql: "UPDATE runs SET reason = 'approved by counsel' WHERE run_id = (SELECT run_id FROM decisions WHERE seq = 1)", seq: 1},
		{name: "an amendment under a bundle given a reason", sql: "UPDATE runs SET reason = 'approved by counsel' WHERE run_id = (SELECT run_id FROM decisions WHERE seq = 5)", seq: 5},
		{name: "the reason of a run under a bundle edited", sql: "UPDATE runs SET reason = 're-run' WHERE content = 'c1' AND reason <> ''", seq: 4},
		// The content and the reason are each a field of the run's hash:
		// moving the one into the other is a change.
		{name: "the content moved into the reason", sql: "UPDATE runs SET content = '', reason = 'c1' WHERE run_id = (SELECT run_id FROM decisions WHERE seq = 5)", seq: 5},
	} {
		t.Run(tt.name, func(t *testing.T) {
			forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
				ctx := context.Background()
				runOf := commitReasons(t, l)
				if tt.sql != "" {
					if _, err := l.DB().Exec(tt.sql); err != nil {
						t.Fatal(err)
					}
				}
				v, err := l.Verify(ctx, "")
				if tt.seq == 0 {
					if err != nil || v.Rows != 5 {
						t.Errorf("verify: %+v, %v; want 5 rows verified", v, err)
					}
					return
				}
				var b *ledger.Broken
				if !errors.As(err, &b) {
					t.Fatalf("verify: %v, want row %d broken", err, tt.seq)
				}
				orders := map[int64]string{3: "PO-1", 1: "PO-1", 5: "PO-2", 4: "PO-3"}
				prefix := fmt.Sprintf("was changed after it was written (order %s, line orders.csv:2, or its run %s): its content no longer hashes to", orders[tt.seq], runOf[tt.seq])
				if len(b.Why) > len(prefix) {
					b.Why = b.Why[:len(prefix)] // then the hashes
				}
				if diff := cmp.Diff(&ledger.Broken{Seq: tt.seq, Why: prefix}, b); diff != "" {
					t.Errorf("verify (-want +got):\n%s", diff)
				}
			})
		})
	}
}

// TestRunReasonMigration: a ledger written before its runs kept a reason
// (migration 6) is migrated with its chain untouched, verifies against
// the head it had, and goes on with runs that keep one.
func TestRunReasonMigration(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		st := commitRun(t, l, reasonRun("p1", "", ""), false, line("PO-1", 1, ""))
		if err := ledger.MigrateDownTo(ctx, l, 5); err != nil {
			t.Fatal(err)
		}
		got, err := l.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]int64{6, 7}, got); diff != "" {
			t.Errorf("migrate (-want +got):\n%s", diff)
		}
		v, err := l.Verify(ctx, st.Head)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ledger.Verified{First: 1, Rows: 1, Head: st.Head}, v); diff != "" {
			t.Errorf("verify after the migration (-want +got):\n%s", diff)
		}
		st = commitRun(t, l, reasonRun("p1", "", "the customer moved the ship date"), true, line("PO-1", 2, ""))
		v, err = l.Verify(ctx, st.Head)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ledger.Verified{First: 1, Rows: 2, Head: st.Head}, v); diff != "" {
			t.Errorf("verify after a run with a reason (-want +got):\n%s", diff)
		}
	})
}
