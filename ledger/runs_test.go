package ledger_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
)

// TestRuns: the runs that wrote the rows a filter selects, in the order
// they started, each with the screening lists and input files it
// recorded; a run that wrote only a reviewer's action is not one that
// decided lines.
func TestRuns(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		begin := func(day int, screening, inputs map[string]string, actor string) *ledger.Session {
			t.Helper()
			s, err := l.Begin(ctx, ledger.Run{Started: time.Date(2026, 6, day, 12, 0, 0, 0, time.UTC), ToolVersion: "test", PolicyRevision: "p1",
				Screening: screening, Inputs: inputs, Actor: actor}, false)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		commit := func(s *ledger.Session, lines ...checker.Result) string {
			t.Helper()
			for i := range lines {
				if err := s.Add(ctx, &lines[i]); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.Finish(ctx); err != nil {
				t.Fatal(err)
			}
			return s.RunID()
		}
		// Begun out of the order they started: listed by when they started.
		none := commit(begin(3, nil, map[string]string{"c.csv": "cc"}, ""), line("C", 1, ""))
		lists := commit(begin(1, map[string]string{"screening/lists/csl-excerpt.csv": "dc1c", "csl.csv": "ab12"}, map[string]string{"a.csv": "aa"}, ""), line("A", 1, ""), line("B", 1, ""))
		var a ledger.Row
		for r, err := range l.Query(ctx, ledger.Filter{OrderID: "A"}) {
			if err != nil {
				t.Fatal(err)
			}
			a = r
		}
		s := begin(4, map[string]string{"csl.csv": "ab12"}, map[string]string{"desk:a.yaml": "sha256:ee"}, "reviewer")
		if _, err := s.AddAction(ctx, ledger.Action{Kind: ledger.KindClearance, Line: &a, Name: "a.yaml", Record: []byte("record: clearance\n"), Outcome: "false_positive", Hit: "{}"}); err != nil {
			t.Fatal(err)
		}
		desk := commit(s)

		runOf := map[string]ledger.RunRecord{
			lists: {ID: lists, Started: "2026-06-01T12:00:00Z", ToolVersion: "test", PolicyRevision: "p1",
				Screening: `{"csl.csv":"ab12","screening/lists/csl-excerpt.csv":"dc1c"}`, Inputs: `{"a.csv":"aa"}`, Decided: true},
			none: {ID: none, Started: "2026-06-03T12:00:00Z", ToolVersion: "test", PolicyRevision: "p1", Screening: `{}`, Inputs: `{"c.csv":"cc"}`, Decided: true},
			desk: {ID: desk, Started: "2026-06-04T12:00:00Z", ToolVersion: "test", PolicyRevision: "p1", Actor: "reviewer",
				Screening: `{"csl.csv":"ab12"}`, Inputs: `{"desk:a.yaml":"sha256:ee"}`},
		}
		for _, tc := range []struct {
			name string
			f    ledger.Filter
			want []string
		}{
			{"every row", ledger.Filter{}, []string{lists, none, desk}},
			{"an order and the action on it", ledger.Filter{OrderID: "A"}, []string{lists, desk}},
			{"an order", ledger.Filter{OrderID: "C"}, []string{none}},
			{"a page of rows is all of the filter's", ledger.Filter{OrderID: "C", Limit: 1, After: 99}, []string{none}},
			{"no row", ledger.Filter{OrderID: "Z"}, nil},
		} {
			got, err := l.Runs(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var want []ledger.RunRecord
			for _, id := range tc.want {
				want = append(want, runOf[id])
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: runs (-want +got):\n%s", tc.name, diff)
			}
		}
		got, err := l.Runs(ctx, ledger.Filter{OrderID: "A"})
		if err != nil {
			t.Fatal(err)
		}
		var parsed []map[string]string
		for _, r := range got {
			sl, err := r.Lists()
			if err != nil {
				t.Fatal(err)
			}
			in, err := r.Files()
			if err != nil {
				t.Fatal(err)
			}
			parsed = append(parsed, sl, in)
		}
		want := []map[string]string{{"csl.csv": "ab12", "screening/lists/csl-excerpt.csv": "dc1c"}, {"a.csv": "aa"}, {"csl.csv": "ab12"}, {"desk:a.yaml": "sha256:ee"}}
		if diff := cmp.Diff(want, parsed); diff != "" {
			t.Errorf("lists and files (-want +got):\n%s", diff)
		}

		// A run the runs table lost (a ledger that does not verify) is
		// still one of the rows' runs, saying so.
		if _, err := l.DB().Exec("DELETE FROM runs WHERE run_id = '" + none + "'"); err != nil {
			t.Fatal(err)
		}
		got, err = l.Runs(ctx, ledger.Filter{OrderID: "C"})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]ledger.RunRecord{{ID: none, Decided: true, Missing: true}}, got); diff != "" {
			t.Errorf("a lost run (-want +got):\n%s", diff)
		}
	})
}
