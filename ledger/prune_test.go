package ledger_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
)

// pruneStep is a row of a log a prune is tried on: a line shipped on a
// day (citing, in its reasons, the reviewer's record in a row), or a
// reviewer's record (YAML) made at the desk on the line before it.
type pruneStep struct {
	id, date string
	cites    int64
	record   string
}

// shipped is a line of order id shipped on date, to Falcon Compute DC.
func shipped(id, date string) pruneStep { return pruneStep{id: id, date: date} }

// citing is a line whose reasons cite the record kept in row seq.
func citing(id, date string, seq int64) pruneStep { return pruneStep{id: id, date: date, cites: seq} }

func assigned(at string) pruneStep {
	return pruneStep{record: "record: assignment\nend_user: Falcon Compute DC\nlicence: D1\nby: r.chen\nat: " + at + "\nreason: the same company\n"}
}

func withdrawn(at string) pruneStep {
	return pruneStep{record: "record: assignment\nend_user: Falcon Compute DC\nlicence: D1\nby: r.chen\nat: " + at + "\nreason: not the same company\nstatus: withdrawn\n"}
}

func cleared(at, expires string) pruneStep {
	return pruneStep{record: "record: clearance\nend_user: Falcon Compute DC\nentry: e1\nlist: EL\nentry_hash: sha256:" + strings.Repeat("0", 64) +
		"\noutcome: false_positive\nby: r.chen\nat: " + at + "\nreason: another company\nexpires: " + expires + "\n"}
}

// writeSteps commits the steps in order, each line its own run, each
// record its own reviewer's run, and returns the head.
func writeSteps(t *testing.T, l *ledger.Ledger, steps []pruneStep) string {
	t.Helper()
	ctx := context.Background()
	var on ledger.Row // the line the next record is made on
	head := ""
	for _, st := range steps {
		if st.record == "" {
			r := line(st.id, 1, "")
			r.Order.EndUser, r.Date, r.Order.Date = "Falcon Compute DC", st.date, st.date
			if st.cites > 0 {
				r.Reasons = []checker.Reason{{Rule: "license.d5", Citation: "15 CFR 742.6(a)(6)", Message: fmt.Sprintf("needs a licence (see ledger row %d, records/falcon.yaml:1)", st.cites)}}
			}
			s, err := commit(t, l, false, r)
			if err != nil {
				t.Fatal(err)
			}
			head = s.Head
			for r, err := range l.Query(ctx, ledger.Filter{OrderID: st.id}) {
				if err != nil {
					t.Fatal(err)
				}
				on = r
			}
			continue
		}
		s, err := l.Begin(ctx, ledger.Run{Started: time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC), ToolVersion: "test", PolicyRevision: "p1", Actor: "r.chen"}, false)
		if err != nil {
			t.Fatal(err)
		}
		a := ledger.Action{Kind: ledger.KindAssignment, Line: &on, Name: "falcon-compute-dc-D1.yaml", Record: []byte(st.record), Outcome: "assigned", Auth: "license:D1"}
		switch {
		case strings.HasPrefix(st.record, "record: clearance"):
			a = ledger.Action{Kind: ledger.KindClearance, Line: &on, Name: "falcon-compute-dc-e1.yaml", Record: []byte(st.record), Outcome: "false_positive", Hit: `{"list":"EL","entry_id":"e1"}`}
		case strings.Contains(st.record, "status: withdrawn"):
			a.Outcome = "withdrawn"
		}
		if _, err := s.AddAction(ctx, a); err != nil {
			t.Fatal(err)
		}
		stats, err := s.Finish(ctx)
		if err != nil {
			t.Fatal(err)
		}
		head = stats.Head
	}
	return head
}

// TestPruneKeepsDeskRecords: a prune stops at the first reviewer's record
// (clearance, assignment, withdrawal) that is still in force on the date,
// or that a row kept cites (15 CFR 762.6(a): a shipment kept is kept with
// the records it was decided under), and keeps it and every row after it;
// the chain left verifies, and the records kept still apply. Before, such
// records went with the ship date of the line they were made on: a line
// shipped later cited "ledger row 2", a row gone, and the end user's next
// line was judged without the assignment.
func TestPruneKeepsDeskRecords(t *testing.T) {
	const (
		assignment = "the assignment of Falcon Compute DC to licence D1 by r.chen on "
		clearance  = "the clearance of Falcon Compute DC against EL entry e1 (false positive, by r.chen on "
	)
	for _, tt := range []struct {
		name  string
		steps []pruneStep
		want  ledger.Pruned
		kept  []int64 // the rows left
	}{
		{
			name:  "an assignment still in force",
			steps: []pruneStep{shipped("PO-1", "2019-03-01"), assigned("2019-03-02"), shipped("PO-2", "2019-04-01"), shipped("PO-3", "2026-01-01")},
			want:  ledger.Pruned{Rows: 1, AnchorSeq: 1, Held: &ledger.Held{Seq: 2, Why: assignment + "2019-03-02, still in force on or after 2020-01-01 (not withdrawn before it)"}},
			kept:  []int64{2, 3, 4},
		},
		{
			// The withdrawal stays in force: it may take back an
			// assignment in the records files.
			name:  "an assignment withdrawn before the date",
			steps: []pruneStep{shipped("PO-1", "2019-03-01"), assigned("2019-03-02"), shipped("PO-2", "2019-04-01"), withdrawn("2019-06-01"), shipped("PO-3", "2019-07-01"), shipped("PO-4", "2026-01-01")},
			want: ledger.Pruned{Rows: 3, AnchorSeq: 3, Held: &ledger.Held{Seq: 4,
				Why: "the withdrawal of the assignment of Falcon Compute DC to licence D1 by r.chen on 2019-06-01, still in force on or after 2020-01-01 (not assigned again before it)"}},
			kept: []int64{4, 5, 6},
		},
		{
			name:  "withdrawn and assigned again before the date",
			steps: []pruneStep{shipped("PO-1", "2019-03-01"), assigned("2019-03-02"), withdrawn("2019-04-01"), assigned("2019-05-01"), shipped("PO-2", "2026-01-01")},
			want:  ledger.Pruned{Rows: 3, AnchorSeq: 3, Held: &ledger.Held{Seq: 4, Why: assignment + "2019-05-01, still in force on or after 2020-01-01 (not withdrawn before it)"}},
			kept:  []int64{4, 5},
		},
		{
			name:  "an assignment withdrawn after the date",
			steps: []pruneStep{shipped("PO-1", "2019-03-01"), assigned("2019-03-02"), shipped("PO-2", "2019-04-01"), withdrawn("2020-02-01"), shipped("PO-3", "2026-01-01")},
			want:  ledger.Pruned{Rows: 1, AnchorSeq: 1, Held: &ledger.Held{Seq: 2, Why: assignment + "2019-03-02, still in force on or after 2020-01-01 (not withdrawn before it)"}},
			kept:  []int64{2, 3, 4, 5},
		},
		{
			name:  "a clearance expired before the date, cited by no row kept",
			steps: []pruneStep{shipped("PO-1", "2019-03-01"), cleared("2019-03-02", "2019-12-31"), citing("PO-2", "2019-04-01", 2), shipped("PO-3", "2026-01-01")},
			want:  ledger.Pruned{Rows: 3, AnchorSeq: 3},
			kept:  []int64{4},
		},
		{
			name:  "a clearance still in force",
			steps: []pruneStep{shipped("PO-1", "2019-03-01"), cleared("2019-03-02", "2020-03-01"), shipped("PO-2", "2019-04-01"), shipped("PO-3", "2026-01-01")},
			want:  ledger.Pruned{Rows: 1, AnchorSeq: 1, Held: &ledger.Held{Seq: 2, Why: clearance + "2019-03-02), still in force on or after 2020-01-01 (it holds until 2020-03-01)"}},
			kept:  []int64{2, 3, 4},
		},
		{
			name:  "an expired clearance a row kept cites",
			steps: []pruneStep{shipped("PO-1", "2019-03-01"), cleared("2019-03-02", "2019-12-31"), shipped("PO-2", "2019-04-01"), citing("PO-3", "2026-01-01", 2)},
			want:  ledger.Pruned{Rows: 1, AnchorSeq: 1, Held: &ledger.Held{Seq: 2, Why: clearance + "2019-03-02), which row 4 relies on (its reasons cite it), and row 4 is kept"}},
			kept:  []int64{2, 3, 4},
		},
		{
			// Row 4 holds the prune at row 3; row 5, kept with it,
			// cites row 2: held there.
			name:  "a row kept behind a record cites an older one",
			steps: []pruneStep{shipped("PO-1", "2019-03-01"), cleared("2019-03-02", "2019-12-31"), shipped("PO-2", "2019-04-01"), assigned("2019-05-01"), citing("PO-4", "2019-06-01", 2), shipped("PO-3", "2026-01-01")},
			want:  ledger.Pruned{Rows: 1, AnchorSeq: 1, Held: &ledger.Held{Seq: 2, Why: clearance + "2019-03-02), which row 5 relies on (its reasons cite it), and row 5 is kept"}},
			kept:  []int64{2, 3, 4, 5, 6},
		},
		{
			name:  "a record that does not read",
			steps: []pruneStep{shipped("PO-1", "2019-03-01"), {record: "record: clearance\nend_user: Falcon Compute DC\n"}, shipped("PO-2", "2026-01-01")},
			want:  ledger.Pruned{Rows: 1, AnchorSeq: 1, Held: &ledger.Held{Seq: 2}},
			kept:  []int64{2, 3},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
				ctx := context.Background()
				head := writeSteps(t, l, tt.steps)
				before, err := l.Kept(ctx)
				if err != nil {
					t.Fatal(err)
				}
				p, err := l.Prune(ctx, "2020-01-01", time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC), checker.Retention{Years: 5, Citation: "15 CFR 762.6(a)"})
				if err != nil {
					t.Fatal(err)
				}
				ignore := cmpopts.IgnoreFields(ledger.Pruned{}, "AnchorHash")
				if tt.want.Held != nil && tt.want.Held.Why == "" { // the parser's words: said, not asserted
					if p.Held == nil || !strings.HasPrefix(p.Held.Why, "a reviewer's record that does not read (") || !strings.HasSuffix(p.Held.Why, "), so whether it is still in force cannot be told") {
						t.Errorf("held: %+v, want a record that does not read", p.Held)
					}
					ignore = cmp.Options{ignore, cmpopts.IgnoreFields(ledger.Held{}, "Why")}
				}
				if diff := cmp.Diff(tt.want, p, ignore); diff != "" {
					t.Errorf("pruned (-want +got):\n%s", diff)
				}
				var rows []int64
				for r, err := range l.Query(ctx, ledger.Filter{}) {
					if err != nil {
						t.Fatal(err)
					}
					rows = append(rows, r.Seq)
				}
				if diff := cmp.Diff(tt.kept, rows); diff != "" {
					t.Errorf("rows left (-want +got):\n%s", diff)
				}
				if _, err := l.Verify(ctx, head); err != nil {
					t.Errorf("verify after the prune: %v", err)
				}
				// The records kept are those of the rows left.
				var want []ledger.Kept
				for _, k := range before {
					if k.Seq > p.AnchorSeq {
						want = append(want, k)
					}
				}
				kept, err := l.Kept(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, kept); diff != "" {
					t.Errorf("records kept after the prune (-want +got):\n%s", diff)
				}
				// Pruned again: nothing, held at the same row.
				again, err := l.Prune(ctx, "2020-01-01", time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC), checker.Retention{Years: 5, Citation: "15 CFR 762.6(a)"})
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(ledger.Pruned{Held: p.Held}, again); diff != "" {
					t.Errorf("pruned again (-want +got):\n%s", diff)
				}
			})
		})
	}
}
