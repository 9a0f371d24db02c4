package ledger_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/ledger/ledgertest"
)

// revisionRun is a run under a bundle's revision holding content.
func revisionRun(rev, content string) ledger.Run {
	return ledger.Run{Started: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), ToolVersion: "test", PolicyRevision: rev, Content: content}
}

// commitUnder commits lines as one run under rev with content.
func commitUnder(t *testing.T, l *ledger.Ledger, rev, content string, ids ...string) error {
	t.Helper()
	ctx := context.Background()
	s, err := l.Begin(ctx, revisionRun(rev, content), false)
	if err != nil {
		return err
	}
	for _, id := range ids {
		r := line(id, 1, "")
		if err := s.Add(ctx, &r); err != nil {
			s.Rollback()
			return err
		}
	}
	_, err = s.Finish(ctx)
	return err
}

// revisionsOf is the revisions table: revision -> content.
func revisionsOf(t *testing.T, l *ledger.Ledger) map[string]string {
	t.Helper()
	rows, err := l.DB().Query("SELECT revision, content FROM revisions")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]string{}
	for rows.Next() {
		var r, c string
		if err := rows.Scan(&r, &c); err != nil {
			t.Fatal(err)
		}
		got[r] = c
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return got
}

// reopen opens the ledger again: a process started after, which has
// none of the first one's memory.
func reopen(t *testing.T, dsn string) *ledger.Ledger {
	t.Helper()
	l2, err := ledger.Open(context.Background(), dsn, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l2.Close() })
	return l2
}

// isConflict checks that err refuses rev, naming both contents.
func isConflict(t *testing.T, what string, err error, rev, known, content string) {
	t.Helper()
	var rc *ledger.RevisionConflict
	if !errors.As(err, &rc) {
		t.Errorf("%s: %v, want a RevisionConflict", what, err)
		return
	}
	if rc.Revision != rev || rc.Known != known || rc.Content != content || rc.FirstSeen != "2026-06-01T12:00:00Z" {
		t.Errorf("%s: %+v, want revision %s known as %s, given %s, first seen 2026-06-01T12:00:00Z", what, rc, rev, known, content)
	}
	if want := "revision " + rev + " committed decisions made with other policies and data (SHA-256 " + known + ", first committed 2026-06-01T12:00:00Z; these are " + content + ")"; !strings.Contains(err.Error(), want) {
		t.Errorf("%s: %q\nwant %q", what, err, want)
	}
}

// TestRevisionContent: the ledger keeps the content of each bundle
// revision that committed decisions, and refuses (a process started
// later, which remembers nothing) a run or a bundle under that revision
// with other content; the same content is taken. A revision that is its
// content's hash (a checker built from files) records nothing.
func TestRevisionContent(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		dsn := ledgertest.DSN(t, kind)
		l := openLedger(t, dsn)
		if err := commitUnder(t, l, "v1", "c1", "A"); err != nil {
			t.Fatal(err)
		}
		// Named by their hash, or content not known: not recorded.
		if err := commitUnder(t, l, "h1", "h1", "B"); err != nil {
			t.Fatal(err)
		}
		if err := commitUnder(t, l, "h2", "", "C"); err != nil {
			t.Fatal(err)
		}
		// A run undone leaves no revision behind.
		s, err := l.Begin(ctx, revisionRun("v3", "c3"), false)
		if err != nil {
			t.Fatal(err)
		}
		s.Rollback()
		if diff := cmp.Diff(map[string]string{"v1": "c1"}, revisionsOf(t, l)); diff != "" {
			t.Errorf("revisions (-want +got):\n%s", diff)
		}

		// A restart.
		l2 := reopen(t, dsn)
		isConflict(t, "a commit under v1 with other content", commitUnder(t, l2, "v1", "c2", "D"), "v1", "c1", "c2")
		isConflict(t, "a bundle under v1 with other content", l2.CheckRevision(ctx, "v1", "c2"), "v1", "c1", "c2")
		for _, rc := range [][2]string{{"v1", "c1"}, {"v3", "c4"}, {"h1", "h1"}, {"h1", "x"}} {
			if err := l2.CheckRevision(ctx, rc[0], rc[1]); err != nil {
				t.Errorf("CheckRevision(%s, %s): %v", rc[0], rc[1], err)
			}
		}
		if err := commitUnder(t, l2, "v1", "c1", "E"); err != nil {
			t.Errorf("a commit under v1 with its content: %v", err)
		}
		if err := commitUnder(t, l2, "v3", "c4", "F"); err != nil {
			t.Errorf("a commit under v3, undone before with other content: %v", err)
		}
		// The first process, which saw v1 committed: refused as well.
		isConflict(t, "the first process, under v1 with other content", commitUnder(t, l, "v1", "c2", "G"), "v1", "c1", "c2")
		if diff := cmp.Diff(map[string]string{"v1": "c1", "v3": "c4"}, revisionsOf(t, l)); diff != "" {
			t.Errorf("revisions (-want +got):\n%s", diff)
		}
		var orders []string
		for r, err := range l.Query(ctx, ledger.Filter{}) {
			if err != nil {
				t.Fatal(err)
			}
			orders = append(orders, r.OrderID+" "+r.Run.PolicyRevision)
		}
		if diff := cmp.Diff([]string{"A v1", "B h1", "C h2", "E v1", "F v3"}, orders); diff != "" {
			t.Errorf("committed (-want +got):\n%s", diff)
		}
		if _, err := l.Verify(ctx, ""); err != nil {
			t.Errorf("verify: %v", err)
		}
	})
}

// TestRevisionContentGroup: in a group commit, a run under a revision
// the ledger keeps with other content is refused by Next, and the runs
// before it commit; a revision first recorded by the group is kept.
func TestRevisionContentGroup(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		dsn := ledgertest.DSN(t, kind)
		l := openLedger(t, dsn)
		if err := commitUnder(t, l, "v1", "c1", "A"); err != nil {
			t.Fatal(err)
		}
		l = reopen(t, dsn)
		s, err := l.Begin(ctx, revisionRun("v2", "c2"), false)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Rollback()
		r := line("B", 1, "")
		if err := s.Add(ctx, &r); err != nil {
			t.Fatal(err)
		}
		if _, err := s.EndRun(ctx); err != nil {
			t.Fatal(err)
		}
		isConflict(t, "Next under v1 with other content", s.Next(ctx, revisionRun("v1", "c9"), false), "v1", "c1", "c9")
		if err := s.Next(ctx, revisionRun("v2", "c2"), false); err != nil {
			t.Fatal(err)
		}
		r = line("C", 1, "")
		if err := s.Add(ctx, &r); err != nil {
			t.Fatal(err)
		}
		if _, err := s.EndRun(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[string]string{"v1": "c1", "v2": "c2"}, revisionsOf(t, l)); diff != "" {
			t.Errorf("revisions (-want +got):\n%s", diff)
		}
		isConflict(t, "after the group, v2 with other content", reopen(t, dsn).CheckRevision(ctx, "v2", "c3"), "v2", "c2", "c3")
	})
}

// TestRevisionContentRace: processes committing under one new revision
// at once end with one row; those with other content than the first to
// commit are refused, and the others commit.
func TestRevisionContentRace(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		dsn := ledgertest.DSN(t, kind)
		openLedger(t, dsn)
		const n = 6
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				l, err := ledger.Open(context.Background(), dsn, false)
				if err != nil {
					errs[i] = err
					return
				}
				defer l.Close()
				errs[i] = commitUnder(t, l, "v1", []string{"even", "odd"}[i%2], string(rune('A'+i)))
			})
		}
		wg.Wait()
		l := reopen(t, dsn)
		revs := revisionsOf(t, l)
		won := revs["v1"]
		if len(revs) != 1 || (won != "even" && won != "odd") {
			t.Fatalf("revisions: %v, want v1 once", revs)
		}
		for i, err := range errs {
			want := []string{"even", "odd"}[i%2]
			var rc *ledger.RevisionConflict
			switch {
			case want == won && err != nil:
				t.Errorf("process %d, with the content recorded: %v", i, err)
			case want != won && (!errors.As(err, &rc) || rc.Known != won):
				t.Errorf("process %d, with other content than recorded (%s): %v", i, won, err)
			}
		}
	})
}

// TestRevisionsMigration: a ledger at schema 3 (before the revisions
// table) is refused until migrated; ledger migrate applies migration 4
// and those after it, the chain still verifies, and the revisions are kept from then
// on.
func TestRevisionsMigration(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		dsn := ledgertest.DSN(t, kind)
		l := openLedger(t, dsn)
		if err := commitUnder(t, l, "h1", "", "A", "B"); err != nil {
			t.Fatal(err)
		}
		if err := ledger.MigrateDownTo(ctx, l, 3); err != nil {
			t.Fatal(err)
		}
		old := reopen(t, dsn)
		if v, err := old.Version(ctx); err != nil || v != 3 {
			t.Fatalf("version %d, %v; want 3", v, err)
		}
		if err := old.Ready(ctx); err == nil || !strings.Contains(err.Error(), "its schema is version 3, older than this exportcheck's 5: run exportcheck ledger migrate") {
			t.Errorf("Ready at version 3: %v", err)
		}
		applied, err := old.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]int64{4, 5}, applied); diff != "" {
			t.Errorf("applied (-want +got):\n%s", diff)
		}
		if _, err := old.Verify(ctx, ""); err != nil {
			t.Errorf("verify after migrating: %v", err)
		}
		if err := commitUnder(t, old, "v1", "c1", "C"); err != nil {
			t.Fatal(err)
		}
		isConflict(t, "after migrating, v1 with other content", commitUnder(t, reopen(t, dsn), "v1", "c2", "D"), "v1", "c1", "c2")
	})
}
