package serve

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

// TestCommitGroupMixedRevisions: one group commit holds requests judged
// under two revisions (a reload came between them), and the ledger keeps
// one of them with other content. Those requests are refused (a
// RevisionConflict each), the others are committed, each once, whether
// the refused revision leads the group (the transaction cannot begin
// under it) or follows (its runs are refused inside the transaction).
func TestCommitGroupMixedRevisions(t *testing.T) {
	ctx := context.Background()
	refused, err := checker.New(ctx, checker.Options{Revision: "v1"})
	if err != nil {
		t.Fatal(err)
	}
	served, err := checker.New(ctx, checker.Options{Revision: "v2"})
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range ledgertest.Kinds {
		for _, lead := range []string{"v1", "v2"} {
			t.Run(kind+"/"+lead+" first", func(t *testing.T) {
				dsn := ledgertest.DSN(t, kind)
				l, err := ledger.Open(ctx, dsn, true)
				if err != nil {
					t.Fatal(err)
				}
				defer l.Close()
				if _, err := l.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				// Another server committed first under v1, with other content.
				sess, err := l.Begin(ctx, ledger.Run{Started: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), ToolVersion: "test", PolicyRevision: "v1", Content: "0f0e0d0c0b0a09080706050403020100f0e0d0c0b0a090807060504030201000"}, false)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := sess.Finish(ctx); err != nil {
					t.Fatal(err)
				}

				s := New(Options{Checker: served, Ledger: l, Commit: true})
				job := func(c *checker.Checker, id string) *commitJob {
					o := checker.Order{File: "-", Line: 1, ID: id, Product: "nvidia-h100-sxm5", Quantity: "8", Destination: "DE",
						EndUser: "Berlin Robotics GmbH", Consignee: "Berlin Robotics GmbH", EndUserHQ: "DE", Date: "2026-03-02"}
					return &commitJob{ctx: ctx, c: c, lines: []checker.Result{{Order: o}}, done: make(chan struct{}),
						run: ledger.Run{Started: time.Now(), ToolVersion: "test", PolicyRevision: c.Revision(), Content: c.Bundle().Content, RecordsRevision: recordsRevision(c)}}
				}
				first, second := refused, served
				if lead == "v2" {
					first, second = served, refused
				}
				jobs := []*commitJob{job(first, "A"), job(second, "B"), job(first, "C"), job(second, "D")}
				s.commitGroup(jobs)

				got := map[string]string{}
				for _, j := range jobs {
					var rc *ledger.RevisionConflict
					switch {
					case errors.As(j.err, &rc):
						got[j.lines[0].Order.ID] = "refused: revision conflict over " + rc.Revision
					case j.err != nil:
						got[j.lines[0].Order.ID] = "failed: " + j.err.Error()
					default:
						got[j.lines[0].Order.ID] = fmt.Sprintf("committed %d line(s) under %s, decided %s", j.stats.Committed, j.run.PolicyRevision, j.results[0].Decision)
					}
				}
				for r, err := range l.Query(ctx, ledger.Filter{}) {
					if err != nil {
						t.Fatal(err)
					}
					got["ledger "+r.OrderID] += r.Run.PolicyRevision + " "
				}
				want := map[string]string{}
				for _, id := range []string{"A", "C"} { // first's
					want[id] = map[*checker.Checker]string{refused: "refused: revision conflict over v1", served: "committed 1 line(s) under v2, decided allow"}[first]
				}
				for _, id := range []string{"B", "D"} { // second's
					want[id] = map[*checker.Checker]string{refused: "refused: revision conflict over v1", served: "committed 1 line(s) under v2, decided allow"}[second]
				}
				for _, id := range []string{"A", "B", "C", "D"} {
					if want[id] != "refused: revision conflict over v1" {
						want["ledger "+id] = "v2 "
					}
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			})
		}
	}
}
