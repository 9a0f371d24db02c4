package ledger_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
)

// TestHeadlineKept: the reason the policy marked as deciding a line
// (checker.Result.Headline) is kept with its row, read back as it was
// (the desk and the ledger's reports show the same headline after a
// reload), and hashed: changing it breaks the chain. A row without the
// mark (as every row written before the ledger kept it) reads its first
// reason.
func TestHeadlineKept(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		company := checker.Reason{Rule: "classify.acme.gulf_parts", Citation: "Acme manual 4.3", Message: "Acme ships no 3A090.a to AE"}
		marked := line("PO-1", 1, "")
		marked.Decision = checker.Prohibited
		marked.Reasons = append([]checker.Reason{{Rule: "classify.3a090.a.1", Citation: "88 FR 73458", Message: "3A090.a.1"}, company}, marked.Reasons...)
		marked.Headline = 2
		unmarked := line("PO-2", 1, "")
		if _, err := commit(t, l, false, marked, unmarked); err != nil {
			t.Fatal(err)
		}
		type got struct {
			Headline int
			Reason   checker.Reason
		}
		var rows []got
		for _, rr := range readBack(t, l) {
			rows = append(rows, got{rr.row.Headline, rr.res.HeadlineReason()})
		}
		want := []got{{2, company}, {0, unmarked.Reasons[0]}}
		if diff := cmp.Diff(want, rows); diff != "" {
			t.Errorf("headlines read back (-want +got):\n%s", diff)
		}
		if _, err := l.Verify(ctx, ""); err != nil {
			t.Fatalf("verify: %v", err)
		}
		if _, err := l.DB().Exec("UPDATE decisions SET headline = 1 WHERE seq = 1"); err != nil {
			t.Fatal(err)
		}
		_, err := l.Verify(ctx, "")
		var b *ledger.Broken
		if !errors.As(err, &b) || b.Seq != 1 || !strings.HasPrefix(b.Why, "was changed after it was written") {
			t.Errorf("verify after the headline was changed: %v, want row 1 changed", err)
		}
	})
}

// TestHeadlineMigration: a ledger written before its rows kept the
// headline (migration 7) is migrated with its chain untouched, verifies
// against the head it had, reads its rows' first reason as their
// headline, and goes on with rows that keep one.
func TestHeadlineMigration(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		before := line("PO-1", 1, "")
		before.Reasons = append([]checker.Reason{{Rule: "classify.3a090.a.1", Message: "3A090.a.1"}}, before.Reasons...)
		st, err := commit(t, l, false, before)
		if err != nil {
			t.Fatal(err)
		}
		if err := ledger.MigrateDownTo(ctx, l, 6); err != nil {
			t.Fatal(err)
		}
		got, err := l.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]int64{7}, got); diff != "" {
			t.Errorf("migrate (-want +got):\n%s", diff)
		}
		if _, err := l.Verify(ctx, st.Head); err != nil {
			t.Fatalf("verify after the migration: %v", err)
		}
		after := line("PO-2", 1, "")
		after.Reasons = before.Reasons
		after.Headline = 2
		if _, err := commit(t, l, false, after); err != nil {
			t.Fatal(err)
		}
		if _, err := l.Verify(ctx, ""); err != nil {
			t.Fatalf("verify after a row with a headline: %v", err)
		}
		var heads []string
		for _, rr := range readBack(t, l) {
			heads = append(heads, rr.res.HeadlineReason().Rule)
		}
		if diff := cmp.Diff([]string{"classify.3a090.a.1", "license.d5"}, heads); diff != "" {
			t.Errorf("headlines (-want +got):\n%s", diff)
		}
	})
}

// TestClassificationMarkKept: the policy's mark on the reasons that state
// the item's classification (checker.Reason.Classification) is kept in the
// row's reasons and read back, so that the desk and the ledger's reports
// count them apart as check does; a company rule named like a
// classification's is kept unmarked, and an unmarked reason's JSON is as
// before (no field).
func TestClassificationMarkKept(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		r := line("PO-1", 1, "")
		r.Decision = checker.Prohibited
		r.Reasons = []checker.Reason{
			{Rule: "classify.3a090.a.1", Citation: "88 FR 73458", Message: "3A090.a.1", Classification: true},
			{Rule: "classify.acme.gulf_parts", Citation: "Acme manual 4.3", Message: "Acme ships no 3A090.a to AE"},
		}
		r.Headline = 2
		if _, err := commit(t, l, false, r); err != nil {
			t.Fatal(err)
		}
		var stored []string
		var back [][]checker.Reason
		for _, rr := range readBack(t, l) {
			stored = append(stored, rr.row.Reasons)
			back = append(back, rr.res.Reasons)
		}
		want := []string{`[{"rule":"classify.3a090.a.1","citation":"88 FR 73458","message":"3A090.a.1","classification":true},{"rule":"classify.acme.gulf_parts","citation":"Acme manual 4.3","message":"Acme ships no 3A090.a to AE"}]`}
		if diff := cmp.Diff(want, stored); diff != "" {
			t.Errorf("reasons stored (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([][]checker.Reason{r.Reasons}, back); diff != "" {
			t.Errorf("reasons read back (-want +got):\n%s", diff)
		}
		if _, err := l.Verify(ctx, ""); err != nil {
			t.Fatalf("verify: %v", err)
		}
	})
}

// readBack is every row of the ledger with the result it reads back as.
func readBack(t *testing.T, l *ledger.Ledger) []rowRead {
	t.Helper()
	var out []rowRead
	for row, err := range l.Query(context.Background(), ledger.Filter{}) {
		if err != nil {
			t.Fatal(err)
		}
		res, err := row.Result()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rowRead{row, res})
	}
	return out
}

type rowRead struct {
	row ledger.Row
	res checker.Result
}
