package ledger_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/reports"
)

// TestRuns: the runs that wrote the rows a filter selects, in the order
// they started, each with the screening lists and input files it
// recorded; a run that wrote only a reviewer's action is not one that
// decided lines.
func TestRuns(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		// screening is what an earlier version stored (JSON path ->
		// SHA-256).
		begin := func(day int, screening string, inputs map[string]string, actor string) *ledger.Session {
			t.Helper()
			s, err := l.Begin(ctx, ledger.WithStoredScreening(ledger.Run{Started: time.Date(2026, 6, day, 12, 0, 0, 0, time.UTC), ToolVersion: "test", PolicyRevision: "p1",
				Inputs: inputs, Actor: actor}, screening), false)
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
		none := commit(begin(3, `{}`, map[string]string{"c.csv": "cc"}, ""), line("C", 1, ""))
		lists := commit(begin(1, `{"csl.csv":"ab12","screening/lists/csl-excerpt.csv":"dc1c"}`, map[string]string{"a.csv": "aa"}, ""), line("A", 1, ""), line("B", 1, ""))
		var a ledger.Row
		for r, err := range l.Query(ctx, ledger.Filter{OrderID: "A"}) {
			if err != nil {
				t.Fatal(err)
			}
			a = r
		}
		s := begin(4, `{"csl.csv":"ab12"}`, map[string]string{"desk:a.yaml": "sha256:ee"}, "reviewer")
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
		var parsed []any
		for _, r := range got {
			sl, err := r.Screened()
			if err != nil {
				t.Fatal(err)
			}
			in, err := r.Files()
			if err != nil {
				t.Fatal(err)
			}
			parsed = append(parsed, sl, in)
		}
		want := []any{
			ledger.Screening{Lists: []reports.Snapshot{{Path: "csl.csv", SHA256: "ab12"}, {Path: "screening/lists/csl-excerpt.csv", SHA256: "dc1c"}}}, map[string]string{"a.csv": "aa"},
			ledger.Screening{Lists: []reports.Snapshot{{Path: "csl.csv", SHA256: "ab12"}}}, map[string]string{"desk:a.yaml": "sha256:ee"},
		}
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

// TestRunScreening: a run records each list it screened against as
// check's outputs record it, and screening off as {"off":true}; a ledger whose
// earlier runs hold the form earlier versions wrote (path -> SHA-256, {}
// for screening off) beside runs of the new form still verifies, and
// each run reads back as what it screened against, in either form.
func TestRunScreening(t *testing.T) {
	demo := reports.Snapshot{Path: "screening/lists/csl-excerpt.csv", SHA256: "dc1c", Rows: 13, Newest: "2023-07-19", Demo: true}
	csl := reports.Snapshot{Path: "/var/cache/exportcheck/consolidated.csv", SHA256: "ab12", Rows: 19876, Newest: "2026-11-30", Downloaded: "2026-12-01T06:00:00Z"}
	odd := reports.Snapshot{Path: `lists/<a & b> "2".csv`, SHA256: "cd34", Rows: 0}
	for _, tc := range []struct {
		name   string
		run    ledger.Run
		stored string // "": as this version stores it
		want   string // the runs row's screening
		read   ledger.Screening
	}{
		{
			name: "lists, as check records them",
			run:  ledger.Run{Screening: []reports.Snapshot{csl, demo}},
			want: `[{"path":"/var/cache/exportcheck/consolidated.csv","sha256":"ab12","rows":19876,"newest":"2026-11-30","downloaded":"2026-12-01T06:00:00Z"},` +
				`{"path":"screening/lists/csl-excerpt.csv","sha256":"dc1c","rows":13,"newest":"2023-07-19","demo":true}]`,
			read: ledger.Screening{Lists: []reports.Snapshot{csl, demo}, Whole: true},
		},
		{
			name: "a path JSON escapes, an empty list",
			run:  ledger.Run{Screening: []reports.Snapshot{odd}},
			want: `[{"path":"lists/<a & b> \"2\".csv","sha256":"cd34","rows":0,"newest":""}]`,
			read: ledger.Screening{Lists: []reports.Snapshot{odd}, Whole: true},
		},
		{
			name: "screening off",
			run:  ledger.Run{ScreeningOff: true},
			want: `{"off":true}`,
			read: ledger.Screening{Off: true, Whole: true},
		},
		{
			name: "no list known (a run of reviewers' actions)",
			run:  ledger.Run{},
			want: `[]`,
			read: ledger.Screening{Whole: true},
		},
		{
			name:   "an earlier version's lists",
			stored: `{"csl.csv":"ab12","screening/lists/csl-excerpt.csv":"dc1c"}`,
			want:   `{"csl.csv":"ab12","screening/lists/csl-excerpt.csv":"dc1c"}`,
			read:   ledger.Screening{Lists: []reports.Snapshot{{Path: "csl.csv", SHA256: "ab12"}, {Path: "screening/lists/csl-excerpt.csv", SHA256: "dc1c"}}},
		},
		{
			name:   "an earlier version's screening off",
			stored: `{}`,
			want:   `{}`,
			read:   ledger.Screening{Off: true},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
				ctx := context.Background()
				var head string
				// An earlier version's run before and after: the chain
				// runs through both forms.
				for i, run := range []ledger.Run{ledger.WithStoredScreening(ledger.Run{}, `{"old.csv":"ee"}`), tc.run, ledger.WithStoredScreening(ledger.Run{}, `{}`)} {
					run.Started, run.ToolVersion, run.PolicyRevision = time.Date(2026, 6, 1+i, 12, 0, 0, 0, time.UTC), "test", "p1"
					if i == 1 && tc.stored != "" {
						run = ledger.WithStoredScreening(run, tc.stored)
					}
					s, err := l.Begin(ctx, run, false)
					if err != nil {
						t.Fatal(err)
					}
					if err := s.Add(ctx, ptr(line(fmt.Sprintf("PO-%d", i), 1, ""))); err != nil {
						t.Fatal(err)
					}
					st, err := s.Finish(ctx)
					if err != nil {
						t.Fatal(err)
					}
					head = st.Head
				}
				if _, err := l.Verify(ctx, head); err != nil {
					t.Errorf("verify: %v", err)
				}
				runs, err := l.Runs(ctx, ledger.Filter{OrderID: "PO-1"})
				if err != nil {
					t.Fatal(err)
				}
				if len(runs) != 1 {
					t.Fatalf("runs of PO-1: %+v", runs)
				}
				if runs[0].Screening != tc.want {
					t.Errorf("stored screening %s, want %s", runs[0].Screening, tc.want)
				}
				got, err := runs[0].Screened()
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tc.read, got); diff != "" {
					t.Errorf("read back (-want +got):\n%s", diff)
				}
				// Its row's hash covers what is stored, in either form, as
				// it is: a space more is a change.
				if _, err := l.DB().Exec("UPDATE runs SET screening = screening || ' ' WHERE run_id = '" + runs[0].ID + "'"); err != nil {
					t.Fatal(err)
				}
				if _, err := l.Verify(ctx, head); err == nil || !strings.Contains(err.Error(), "was changed after it was written") {
					t.Errorf("verify after the run's screening changed: %v", err)
				}
			})
		})
	}
}

// TestScreenedUnreadable: what a run's screening cannot be read as is an
// error naming the run and what is stored.
func TestScreenedUnreadable(t *testing.T) {
	for _, stored := range []string{`["x"]`, `[{"path":"a.csv"}]`, `[{"sha256":"ab"}]`, `"off"`, `{"off":false}`, `{"off": true}`, `{"a.csv":1}`, ``, `null`} {
		r := ledger.RunRecord{ID: "r1", Screening: stored}
		got, err := r.Screened()
		want := fmt.Sprintf(`ledger run r1: its screening lists are not stored in a form the ledger writes (a JSON array of lists, each with its path and SHA-256; {"off":true}; before 2026-12-07, a JSON object of path -> SHA-256): %q`, stored)
		if err == nil || err.Error() != want {
			t.Errorf("%s: %+v, %v; want the error %s", stored, got, err, want)
		}
	}
}

// TestRunScreeningRefused: a run cannot both screen against no list and
// name lists, nor name a list without its path or SHA-256.
func TestRunScreeningRefused(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		for _, tc := range []struct {
			run  ledger.Run
			want string
		}{
			{ledger.Run{ScreeningOff: true, Screening: []reports.Snapshot{{Path: "a.csv", SHA256: "ab"}}}, "ledger: a run with screening off names screening lists (a.csv)"},
			{ledger.Run{Screening: []reports.Snapshot{{Path: "a.csv"}}}, `ledger: a screening list without its path or SHA-256 ("a.csv", "")`},
		} {
			s, err := l.Begin(context.Background(), tc.run, false)
			if err == nil {
				s.Rollback()
			}
			if err == nil || err.Error() != tc.want {
				t.Errorf("%+v: %v, want %s", tc.run, err, tc.want)
			}
		}
	})
}
