package ledger_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
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
		if err := old.Ready(ctx); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("its schema is version 3, older than this exportcheck's %d: run exportcheck ledger migrate", ledger.SchemaVersion())) {
			t.Errorf("Ready at version 3: %v", err)
		}
		applied, err := old.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var after []int64 // 4 and every one after it
		for v := int64(4); v <= ledger.SchemaVersion(); v++ {
			after = append(after, v)
		}
		if diff := cmp.Diff(after, applied); diff != "" {
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

// TestVerifyRevisions: the revisions table is outside the chain, but each
// run under a bundle's revision records the revision's content, and its
// hash covers it: verify finds a revision's content changed, or its row
// deleted, in the table (naming the run's first row), as it finds the run
// changed. A run written before it was kept (migration 6) verifies as
// before; the revisions no run's hash covers are named, not checked.
func TestVerifyRevisions(t *testing.T) {
	for _, tt := range []struct {
		name      string
		sql       string
		broken    *ledger.Broken // %s: the run of the row
		uncovered []string
	}{
		{name: "as committed", uncovered: []string{"v0"}},
		{name: "a revision's content changed", sql: "UPDATE revisions SET content = 'cx' WHERE revision = 'v1'",
			broken: &ledger.Broken{Seq: 2, Why: "was committed under revision v1, whose policies and data its run %s recorded as SHA-256 c1…, but the revisions table says cx… (the revisions table was changed)"}},
		{name: "a revision's row deleted", sql: "DELETE FROM revisions WHERE revision = 'v2'",
			broken: &ledger.Broken{Seq: 4, Why: "was committed under revision v2, whose policies and data its run %s recorded as SHA-256 c2…, but the revisions table does not hold the revision (its row there was deleted)"}},
		{name: "every revision deleted", sql: "DELETE FROM revisions",
			broken: &ledger.Broken{Seq: 2, Why: "was committed under revision v1, whose policies and data its run %s recorded as SHA-256 c1…, but the revisions table does not hold the revision (its row there was deleted)"}},
		{name: "a run's content changed with the table", sql: "UPDATE runs SET content = 'cx' WHERE policy_revision = 'v2'; UPDATE revisions SET content = 'cx' WHERE revision = 'v2'",
			broken: &ledger.Broken{Seq: 4, Why: "was changed after it was written (order C, line orders.csv:2, or its run %s): its content no longer hashes to"}},
		{name: "a run's content taken away", sql: "UPDATE runs SET content = '' WHERE policy_revision = 'v1'",
			broken: &ledger.Broken{Seq: 2, Why: "was changed after it was written (order A, line orders.csv:2, or its run %s): its content no longer hashes to"}},
		// Not covered: a run of a version before kept it.
		{name: "a revision an earlier version kept, changed", sql: "UPDATE revisions SET content = 'cx' WHERE revision = 'v0'", uncovered: []string{"v0"}},
		{name: "a revision added", sql: "INSERT INTO revisions (revision, content, first_seen) VALUES ('v9', 'c9', '2026-06-01T12:00:00Z')", uncovered: []string{"v0", "v9"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
				ctx := context.Background()
				// Row 1: a run of a version before migration 6 under v0;
				// rows 2 and 5 under v1, 3 under a revision that is its
				// content's hash, 4 under v2.
				old, err := l.Begin(ctx, ledger.WithoutContent(revisionRun("v0", "c0")), false)
				if err != nil {
					t.Fatal(err)
				}
				r := line("Z", 1, "")
				if err := old.Add(ctx, &r); err != nil {
					t.Fatal(err)
				}
				if _, err := old.Finish(ctx); err != nil {
					t.Fatal(err)
				}
				for _, c := range []struct{ rev, content, id string }{{"v1", "c1", "A"}, {"h1", "h1", "B"}, {"v2", "c2", "C"}, {"v1", "c1", "D"}} {
					if err := commitUnder(t, l, c.rev, c.content, c.id); err != nil {
						t.Fatal(err)
					}
				}
				runOf := map[int64]string{}
				for r, err := range l.Query(ctx, ledger.Filter{}) {
					if err != nil {
						t.Fatal(err)
					}
					runOf[r.Seq] = r.RunID
				}
				for q := range strings.SplitSeq(tt.sql, "; ") {
					if q == "" {
						continue
					}
					if _, err := l.DB().Exec(q); err != nil {
						t.Fatal(err)
					}
				}
				v, err := l.Verify(ctx, "")
				if tt.broken == nil {
					if err != nil {
						t.Fatalf("verify: %v", err)
					}
					if diff := cmp.Diff(tt.uncovered, v.Uncovered); diff != "" {
						t.Errorf("uncovered (-want +got):\n%s", diff)
					}
					return
				}
				var b *ledger.Broken
				if !errors.As(err, &b) {
					t.Fatalf("verify: %v, want row %d broken", err, tt.broken.Seq)
				}
				want := *tt.broken
				want.Why = fmt.Sprintf(want.Why, runOf[want.Seq])
				if strings.HasSuffix(want.Why, "hashes to") { // then the hash
					b.Why = b.Why[:len(want.Why)]
				}
				if diff := cmp.Diff(&want, b); diff != "" {
					t.Errorf("verify (-want +got):\n%s", diff)
				}
			})
		})
	}
}

// TestRunContentMigration: a ledger written before migration 6 (its runs
// record no content) is migrated with its chain untouched, verifies as
// before, and goes on with runs that record it.
func TestRunContentMigration(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		old, err := l.Begin(ctx, ledger.WithoutContent(revisionRun("v0", "c0")), false)
		if err != nil {
			t.Fatal(err)
		}
		r := line("A", 1, "")
		if err := old.Add(ctx, &r); err != nil {
			t.Fatal(err)
		}
		st, err := old.Finish(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := ledger.MigrateDownTo(ctx, l, 5); err != nil {
			t.Fatal(err)
		}
		if got, err := l.Migrate(ctx); err != nil || !slices.Equal(got, []int64{6, 7}) {
			t.Fatalf("migrate: %v %v, want 6 and 7 applied", got, err)
		}
		if v, err := l.Verify(ctx, st.Head); err != nil || !slices.Equal(v.Uncovered, []string{"v0"}) {
			t.Errorf("verify after the migration: %+v %v", v, err)
		}
		if err := commitUnder(t, l, "v1", "c1", "B"); err != nil {
			t.Fatal(err)
		}
		if v, err := l.Verify(ctx, ""); err != nil || v.Rows != 2 || !slices.Equal(v.Uncovered, []string{"v0"}) {
			t.Errorf("verify after a run that records its content: %+v %v", v, err)
		}
	})
}
