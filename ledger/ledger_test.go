package ledger_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/ledger/ledgertest"
)

// openLedger opens a migrated ledger.
func openLedger(t testing.TB, dsn string) *ledger.Ledger {
	t.Helper()
	l, err := ledger.Open(context.Background(), dsn, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	if _, err := l.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return l
}

// forEachKind runs f as a subtest of t for each kind of database a
// ledger runs on (ledgertest.Kinds), named for it. ledgertest.DSN skips
// PostgreSQL's, saying why, when EXPORTCHECK_TEST_POSTGRES is not set.
func forEachKind(t *testing.T, f func(t *testing.T, kind string)) {
	t.Helper()
	for _, kind := range ledgertest.Kinds {
		t.Run(kind, func(t *testing.T) { f(t, kind) })
	}
}

// forEachLedger runs f on a new migrated ledger of each kind, as
// forEachKind's subtests.
func forEachLedger(t *testing.T, f func(t *testing.T, l *ledger.Ledger)) {
	t.Helper()
	forEachKind(t, func(t *testing.T, kind string) {
		f(t, openLedger(t, ledgertest.DSN(t, kind)))
	})
}

// line is a judged line drawing qty units on licence number (none when "").
func line(id string, qty int64, licence string) checker.Result {
	r := checker.Result{
		Order:     checker.Order{File: "orders.csv", Line: 2, ID: id, Product: "H100", Quantity: fmt.Sprint(qty), Destination: "CN", EndUser: "Acme", Date: "2026-06-01"},
		ProductID: "H100", Date: "2026-06-01", Decision: checker.LicenseRequired, ECCN: "3A090.a", Regime: "ear",
		Reasons: []checker.Reason{{Rule: "license.d5", Citation: "15 CFR 742.6(a)(6)", Message: "needs a licence"}},
	}
	if licence != "" {
		r.Decision = checker.Licensed
		r.Authorization = &checker.Authorization{Kind: "license", Number: licence, Drawn: qty, Draws: []checker.Draw{{Limit: "H100", Amount: float64(qty)}}}
	}
	return r
}

// commit commits lines as one run.
func commit(t testing.TB, l *ledger.Ledger, amend bool, lines ...checker.Result) (ledger.Stats, error) {
	t.Helper()
	ctx := context.Background()
	s, err := l.Begin(ctx, ledger.Run{Started: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), ToolVersion: "test", PolicyRevision: "p1"}, amend)
	if err != nil {
		t.Fatal(err)
	}
	for i := range lines {
		if err := s.Add(ctx, &lines[i]); err != nil {
			s.Rollback()
			return ledger.Stats{}, err
		}
	}
	return s.Finish(ctx)
}

// committedAs commits one line and checks what the commit counted and
// what the ledger then says is drawn.
func committedAs(t *testing.T, l *ledger.Ledger, amend bool, name string, line checker.Result, stats ledger.Stats, drawn map[[2]string]float64) {
	t.Helper()
	st, err := commit(t, l, amend, line)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if diff := cmp.Diff(stats, st, ignoreHead); diff != "" {
		t.Errorf("%s: stats (-want +got):\n%s", name, diff)
	}
	d, err := l.Drawn(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(drawn, d, quantitiesOnly); diff != "" {
		t.Errorf("%s: drawn (-want +got):\n%s", name, diff)
	}
}

func TestSchema(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		dsn := ledgertest.DSN(t, kind)
		l, err := ledger.Open(ctx, dsn, true)
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		if err := l.Ready(ctx); err == nil || !strings.Contains(err.Error(), "has no schema: create it with exportcheck ledger migrate") {
			t.Errorf("Ready before migrating: %v", err)
		}
		got, err := l.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var every []int64
		for v := range ledger.SchemaVersion() {
			every = append(every, v+1)
		}
		if diff := cmp.Diff(every, got); diff != "" {
			t.Errorf("applied (-want +got):\n%s", diff)
		}
		if err := l.Ready(ctx); err != nil {
			t.Errorf("Ready after migrating: %v", err)
		}
		if got, _ := l.Migrate(ctx); len(got) != 0 {
			t.Errorf("migrating again applied %v", got)
		}
		// A schema from a newer exportcheck is refused.
		if _, err := l.DB().Exec("INSERT INTO goose_db_version (version_id, is_applied) VALUES (99, true)"); err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("its schema is version 99, newer than this exportcheck knows (%d)", ledger.SchemaVersion())
		l2, err := ledger.Open(ctx, dsn, false) // a process started after the newer exportcheck migrated
		if err != nil {
			t.Fatal(err)
		}
		defer l2.Close()
		for name, err := range map[string]error{"Ready": l2.Ready(ctx), "Migrate": second(l.Migrate(ctx))} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s on a newer schema: %v, want %q", name, err, want)
			}
		}
	})
}

func second[T any](_ T, err error) error { return err }

// TestMigrateConcurrently: processes that start on a new ledger at once
// (pipelines committing their first books, replicas of serve) each
// create its schema, or find it created: none fails, and the schema is
// whole and applied once.
func TestMigrateConcurrently(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		dsn := ledgertest.DSN(t, kind)
		const n = 6
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				l, err := ledger.Open(ctx, dsn, true)
				if err != nil {
					errs[i] = err
					return
				}
				defer l.Close()
				if _, err := l.Migrate(ctx); err != nil {
					errs[i] = err
					return
				}
				errs[i] = l.Ready(ctx)
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("process %d: %v", i, err)
			}
		}
		l, err := ledger.Open(ctx, dsn, false)
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		var applied int64
		if err := l.DB().QueryRow("SELECT count(*) FROM goose_db_version WHERE version_id > 0").Scan(&applied); err != nil {
			t.Fatal(err)
		}
		if applied != ledger.SchemaVersion() {
			t.Errorf("%d migrations recorded, want %d (each once)", applied, ledger.SchemaVersion())
		}
	})
}

// TestSQLitePath: a ledger is the file its DSN names, whatever the name
// holds (a URI would read ? as a query, # as a fragment and %41 as A).
func TestSQLitePath(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"a b", "q?x", "h#1", "p%41", "%3f&mode=ro"} {
		dir := filepath.Join(t.TempDir(), name)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "ledger.db")
		l := openLedger(t, "sqlite:"+path)
		if _, err := commit(t, l, false, line("PO-1", 1, "")); err != nil {
			t.Errorf("%q: %v", name, err)
		}
		l.Close()
		ents, _ := os.ReadDir(filepath.Dir(dir))
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		if diff := cmp.Diff([]string{name}, names); diff != "" {
			t.Errorf("%q: beside the ledger's directory (-want +got):\n%s", name, diff)
		}
		again, err := ledger.Open(ctx, "sqlite:"+path, false)
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		if v, err := again.Verify(ctx, ""); err != nil || v.Rows != 1 {
			t.Errorf("%q: verify: %+v %v", name, v, err)
		}
		again.Close()
	}
}

// TestSQLiteFile: a new SQLite ledger is made with 16 KB pages and the WAL
// (readers read while a run commits); one made before keeps its pages.
func TestSQLiteFile(t *testing.T) {
	ctx := context.Background()
	pragmas := func(l *ledger.Ledger) (got [3]string) {
		t.Helper()
		for i, p := range []string{"page_size", "journal_mode", "synchronous"} {
			if err := l.DB().QueryRowContext(ctx, "PRAGMA "+p).Scan(&got[i]); err != nil {
				t.Fatal(err)
			}
		}
		return got
	}
	l := openLedger(t, ledgertest.DSN(t, "sqlite"))
	if diff := cmp.Diff([3]string{"16384", "wal", "1"}, pragmas(l)); diff != "" {
		t.Errorf("a new ledger's page_size, journal_mode, synchronous (-want +got):\n%s", diff)
	}
	old := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+old)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA page_size = 4096; CREATE TABLE t (x)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	l = openLedger(t, "sqlite:"+old)
	if diff := cmp.Diff([3]string{"4096", "wal", "1"}, pragmas(l)); diff != "" {
		t.Errorf("a ledger made before (-want +got):\n%s", diff)
	}
}

func TestOpenFaults(t *testing.T) {
	ctx := context.Background()
	missing := filepath.Join(t.TempDir(), "none.db")
	for _, tt := range []struct{ dsn, want string }{
		{"sqlite:" + missing, ": there is no such file (create it with: exportcheck ledger migrate --ledger sqlite:"},
		{"mysql://x", `want sqlite:PATH or postgres://USER@HOST/DATABASE`},
		{"mysql://nobody:secret@127.0.0.1/none", `ledger "mysql://nobody:xxxxx@127.0.0.1/none": want sqlite:PATH or postgres://USER@HOST/DATABASE`},
		{"host=127.0.0.1 user=nobody password=secret dbname=none", `ledger "host=127.0.0.1 user=nobody password=xxxxx dbname=none": want sqlite:PATH`},
		{"host=127.0.0.1 password='se cret' dbname=none", `ledger "host=127.0.0.1 password=xxxxx dbname=none": want sqlite:PATH`},
		{"postgres://nobody:secret@127.0.0.1:1/none?connect_timeout=2", "ledger postgres://nobody:xxxxx@127.0.0.1:1/none?connect_timeout=2: cannot reach the database"},
		// libpq's URLs take the password as a parameter too.
		{"postgres://nobody@127.0.0.1:1/none?connect_timeout=2&password=secret&sslmode=disable", "ledger postgres://nobody@127.0.0.1:1/none?connect_timeout=2&password=xxxxx&sslmode=disable: cannot reach the database"},
		// A password url.Parse cannot read (a bad %-escape) is not shown either.
		{"postgres://nobody:secret%zz@127.0.0.1:1/none", "ledger postgres://xxxxx@127.0.0.1:1/none: cannot reach the database"},
	} {
		_, err := ledger.Open(ctx, tt.dsn, false)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Open(%q) = %v, want %q", tt.dsn, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("Open(%q) error shows the password: %v", tt.dsn, err)
		}
		if err != nil && strings.ContainsAny(err.Error(), "\n\t") {
			t.Errorf("Open(%q) error is not on one line: %q", tt.dsn, err)
		}
	}
	// A directory is not a ledger file.
	dir := t.TempDir()
	if _, err := ledger.Open(ctx, "sqlite:"+dir, true); err == nil || !strings.Contains(err.Error(), dir+" is a directory: give the ledger's file (sqlite:"+filepath.Join(dir, "ledger.db")+")") {
		t.Errorf("Open of a directory: %v", err)
	}
	// A commit creates the file, not its directory.
	_, err := ledger.Open(ctx, "sqlite:"+filepath.Join(missing, "ledger.db"), true)
	if want := "its directory " + missing + " does not exist: create it first"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Open in a missing directory: %v, want %q", err, want)
	}
}

func TestCommit(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		st, err := commit(t, l, false, line("PO-1", 10, "D1"), line("PO-2", 5, "D1"), line("PO-3", 3, ""))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ledger.Stats{Committed: 3}, st, ignoreHead); diff != "" {
			t.Errorf("first commit (-want +got):\n%s", diff)
		}
		drawn := func(except ...string) map[[2]string]float64 {
			d, err := l.Drawn(ctx, except)
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		if diff := cmp.Diff(map[[2]string]float64{{"license:D1", "H100"}: 15}, drawn(), quantitiesOnly); diff != "" {
			t.Errorf("drawn (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(map[[2]string]float64{{"license:D1", "H100"}: 5}, drawn("PO-1", "PO-9"), quantitiesOnly); diff != "" {
			t.Errorf("drawn except PO-1 (-want +got):\n%s", diff)
		}

		// The same orders again: nothing written, nothing drawn twice.
		st, err = commit(t, l, false, line("PO-1", 10, "D1"), line("PO-2", 5, "D1"), line("PO-4", 1, "D1"))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ledger.Stats{Committed: 1, Already: 2}, st, ignoreHead); diff != "" {
			t.Errorf("second commit (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(map[[2]string]float64{{"license:D1", "H100"}: 16}, drawn(), quantitiesOnly); diff != "" {
			t.Errorf("drawn after the second commit (-want +got):\n%s", diff)
		}

		// PO-2 changed: a conflict, and nothing of the run is written.
		changed := line("PO-2", 7, "D1")
		changed.Order.Line = 9
		st, err = commit(t, l, false, line("PO-5", 1, "D1"), changed)
		if !errors.Is(err, ledger.ErrConflict) {
			t.Fatalf("changed order committed: %v", err)
		}
		want := []ledger.Conflict{{OrderID: "PO-2", File: "orders.csv", Line: 9, PriorFile: "orders.csv", PriorLine: 2, PriorRun: st.Conflicts[0].PriorRun, PriorDecided: "2026-06-01T12:00:00Z", PriorSequence: 2}}
		if diff := cmp.Diff(want, st.Conflicts); diff != "" {
			t.Errorf("conflicts (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(map[[2]string]float64{{"license:D1", "H100"}: 16}, drawn(), quantitiesOnly); diff != "" {
			t.Errorf("drawn after the conflict (-want +got):\n%s", diff)
		}

		// With --amend: recorded as an amendment, the drawdown adjusted.
		st, err = commit(t, l, true, changed)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ledger.Stats{Amended: 1}, st, ignoreHead); diff != "" {
			t.Errorf("amend (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(map[[2]string]float64{{"license:D1", "H100"}: 18}, drawn(), quantitiesOnly); diff != "" {
			t.Errorf("drawn after the amendment (-want +got):\n%s", diff)
		}
		var kinds []string
		for r, err := range l.Query(ctx, ledger.Filter{OrderID: "PO-2"}) {
			if err != nil {
				t.Fatal(err)
			}
			kinds = append(kinds, fmt.Sprintf("%d %s %s", r.Seq, r.Kind, r.Drawn))
		}
		if diff := cmp.Diff([]string{`2 decision [{"limit":"H100","amount":5}]`, `5 amendment [{"limit":"H100","amount":7}]`}, kinds); diff != "" {
			t.Errorf("PO-2's rows (-want +got):\n%s", diff)
		}
		v, err := l.Verify(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if v.Rows != 5 || v.Head != st.Head {
			t.Errorf("verify: %+v, want 5 rows ending at %s", v, st.Head)
		}
	})
}

// TestCommitJudgedOtherwise commits an order again, unchanged, after it
// came out otherwise (room freed on its licence, other records): the
// ledger must keep what the run decided and drew, not the version before
// (a line reported licensed that the ledger kept as drawing nothing left
// its units free for the next order).
func TestCommitJudgedOtherwise(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		for _, tt := range []struct {
			name  string
			line  checker.Result
			stats ledger.Stats
			drawn map[[2]string]float64
		}{
			{"no room: licence_required", line("PO-1", 10, ""), ledger.Stats{Committed: 1}, map[[2]string]float64{}},
			{"room freed: licensed", line("PO-1", 10, "D1"), ledger.Stats{Rejudged: 1}, map[[2]string]float64{{"license:D1", "H100"}: 10}},
			{"the same again", line("PO-1", 10, "D1"), ledger.Stats{Already: 1}, map[[2]string]float64{{"license:D1", "H100"}: 10}},
			{"licence gone: licence_required", line("PO-1", 10, ""), ledger.Stats{Rejudged: 1, Unauthorized: []ledger.Unauthorized{{OrderID: "PO-1", File: "orders.csv", Line: 2, Auth: "license:D1"}}}, map[[2]string]float64{}},
		} {
			committedAs(t, l, false, tt.name, tt.line, tt.stats, tt.drawn)
		}
		var rows []string
		for r, err := range l.Query(ctx, ledger.Filter{OrderID: "PO-1"}) {
			if err != nil {
				t.Fatal(err)
			}
			rows = append(rows, fmt.Sprintf("%d %s %s %s", r.Seq, r.Kind, r.Decision, r.Drawn))
		}
		want := []string{"1 decision license_required []", `2 rejudgement licensed [{"limit":"H100","amount":10}]`, "3 rejudgement license_required []"}
		if diff := cmp.Diff(want, rows); diff != "" {
			t.Errorf("PO-1's rows (-want +got):\n%s", diff)
		}
		if _, err := l.Verify(ctx, ""); err != nil {
			t.Errorf("verify: %v", err)
		}
	})
}

// quantitiesOnly compares what was drawn on limits, leaving out the
// units drawn without value (checker.Unvalued: TestDrawnUnvalued).
var quantitiesOnly = cmpopts.IgnoreMapEntries(func(k [2]string, _ float64) bool { return k[1] == checker.Unvalued })

var ignoreHead = cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Head" }, cmp.Ignore())

func TestCommitNeedsOrderID(t *testing.T) {
	l := openLedger(t, ledgertest.DSN(t, "sqlite"))
	_, err := commit(t, l, false, line("", 1, ""))
	want := "orders.csv:2: the line has no order id"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("commit without an id: %v, want %q", err, want)
	}
}

// TestCommitIDsAsWritten commits orders whose IDs JSON escapes, twice:
// the second run must find every one of them committed (SQLite looks a
// batch's IDs up as one JSON array).
func TestCommitIDsAsWritten(t *testing.T) {
	ids := []string{`PO "1"`, `PO\2`, "PO\t3", "PO-ü4", "PO-\u2028", "PO-\x7f", `PO-\u0041`, "PO-1"}
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		var lines []checker.Result
		for i, id := range ids {
			lines = append(lines, line(id, int64(i+1), ""))
		}
		if _, err := commit(t, l, false, lines...); err != nil {
			t.Fatal(err)
		}
		st, err := commit(t, l, false, lines...)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ledger.Stats{Already: len(ids)}, st, ignoreHead); diff != "" {
			t.Errorf("the same orders again (-want +got):\n%s", diff)
		}
	})
}

// TestVerifyTamper changes the log behind the ledger's back, as someone
// with database access could, and checks that verify names the row.
func TestVerifyTamper(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		for _, tt := range []struct {
			name    string
			sql     []string
			head    bool // verify against the head hash recorded before the change
			seq     int64
			because string
		}{
			{name: "edit", sql: []string{"UPDATE decisions SET decision = 'allow' WHERE seq = 3"}, seq: 3, because: "was changed after it was written"},
			{name: "mark a headline", sql: []string{"UPDATE decisions SET headline = 1 WHERE seq = 3"}, seq: 3, because: "was changed after it was written"},
			{name: "edit with a rehash", sql: []string{"UPDATE decisions SET decision = 'allow', row_hash = 'x' WHERE seq = 3"}, seq: 3, because: "was changed after it was written"},
			{name: "delete", sql: []string{"DELETE FROM decisions WHERE seq = 3"}, seq: 3, because: "is missing"},
			{name: "delete and renumber", sql: []string{"DELETE FROM decisions WHERE seq = 3", "UPDATE decisions SET seq = seq - 1 WHERE seq > 3"}, seq: 3, because: "names"},
			{name: "reorder", sql: []string{"UPDATE decisions SET seq = 100 WHERE seq = 2", "UPDATE decisions SET seq = 2 WHERE seq = 4", "UPDATE decisions SET seq = 4 WHERE seq = 100"}, seq: 2, because: "names"},
			{name: "edit a run", sql: []string{"UPDATE runs SET policy_revision = 'p2'"}, seq: 1, because: "was changed after it was written"},
			{name: "delete a run", sql: []string{"DELETE FROM runs"}, seq: 1, because: "names run"},
			{name: "edit reasons", sql: []string{"UPDATE texts SET body = '[]'"}, seq: 1, because: "refers to reasons"},
			{name: "delete reasons", sql: []string{"DELETE FROM texts"}, seq: 1, because: "refers to reasons"},
			{name: "free a licence's quantity", sql: []string{"DELETE FROM draws WHERE order_id = 'PO-2'"}, seq: 2, because: "is order PO-2's standing version and draws 1 on license:D1 (H100), but the draws table does not have it"},
			{name: "change a draw", sql: []string{"UPDATE draws SET amount = 0 WHERE order_id = 'PO-3'"}, seq: 3, because: "is order PO-3's standing version, but the draws table says it draws 0"},
			{name: "add a draw", sql: []string{"INSERT INTO draws (order_id, record, lim, amount, seq) VALUES ('PO-9', 'license:D1', 'H100', 50, 9)"}, seq: 0, because: "the draws table has order PO-9 drawing 50"},
			{name: "truncate", sql: []string{"DELETE FROM decisions WHERE seq = 5"}, head: true, seq: 0, because: "no row hashes to the head given ("},
		} {
			t.Run(tt.name, func(t *testing.T) {
				ctx := context.Background()
				l := openLedger(t, ledgertest.DSN(t, kind))
				var lines []checker.Result
				for i := range 5 {
					lines = append(lines, line(fmt.Sprintf("PO-%d", i+1), 1, "D1"))
				}
				st, err := commit(t, l, false, lines...)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := l.Verify(ctx, st.Head); err != nil {
					t.Fatalf("before the change: %v", err)
				}
				for _, q := range tt.sql {
					if _, err := l.DB().Exec(q); err != nil {
						t.Fatal(err)
					}
				}
				head := ""
				if tt.head {
					head = st.Head
				}
				_, err = l.Verify(ctx, head)
				var b *ledger.Broken
				if !errors.As(err, &b) {
					t.Fatalf("verify after %s: %v, want a broken row", tt.name, err)
				}
				if b.Seq != tt.seq || !strings.HasPrefix(b.Why, tt.because) {
					t.Errorf("verify after %s: %v, want row %d %q…", tt.name, b, tt.seq, tt.because)
				}
			})
		}
	})
}

// TestVerifyHead: a head no row hashes to fails verification (rows
// removed from the end look so), saying both things it can mean; a head
// that is not 64 hex digits (a prefix, as revisions are printed) is
// refused as not a head, not reported as rows removed (before, both read
// "row N is missing: … so rows after row N-1 were removed").
func TestVerifyHead(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		st, err := commit(t, l, false, line("PO-1", 1, ""), line("PO-2", 1, ""))
		if err != nil {
			t.Fatal(err)
		}
		other := strings.Repeat("a", 64)
		for _, tt := range []struct {
			name, head, want string
			broken           bool
		}{
			{"the head", st.Head, "", false},
			{"none", "", "", false},
			{"another head", other, "no row hashes to the head given (" + other + "): either rows after row 2, the last one kept, were removed, or the head was mistyped or is another ledger's", true},
			{"a prefix", st.Head[:12], fmt.Sprintf("the head %q is not a row's hash (64 lower-case hex digits): no row could hash to it", st.Head[:12]), false},
			{"not hex", strings.Repeat("g", 64), fmt.Sprintf("the head %q is not a row's hash (64 lower-case hex digits): no row could hash to it", strings.Repeat("g", 64)), false},
		} {
			_, err := l.Verify(ctx, tt.head)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, diff)
			}
			var b *ledger.Broken
			if errors.As(err, &b) != tt.broken {
				t.Errorf("%s: %v, broken %v", tt.name, err, !tt.broken)
			}
		}
	})
}

// TestVerifyBatches: verify reads the log in batches on a goroutine of
// its own; a change in the first row, at each batch's edges and in the
// last row is found, and verify returns (the reader stopped) while
// batches behind the broken one are still waiting.
func TestVerifyBatches(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		n := int64(4*ledger.VerifyBatch + 7)
		var lines []checker.Result
		for i := range n {
			lines = append(lines, line(fmt.Sprintf("PO-%d", i+1), 1, "D1"))
		}
		st, err := commit(t, l, false, lines...)
		if err != nil {
			t.Fatal(err)
		}
		v, err := l.Verify(ctx, st.Head)
		if err != nil || v.Rows != n || v.Head != st.Head {
			t.Fatalf("verify: %+v, %v; want %d rows to head %s", v, err, n, st.Head)
		}
		b := int64(ledger.VerifyBatch)
		for _, seq := range []int64{1, b, b + 1, 2 * b, 2*b + 1, n} {
			var was string
			if err := l.DB().QueryRow(fmt.Sprintf("SELECT decision FROM decisions WHERE seq = %d", seq)).Scan(&was); err != nil {
				t.Fatal(err)
			}
			if _, err := l.DB().Exec(fmt.Sprintf("UPDATE decisions SET decision = 'allow' WHERE seq = %d", seq)); err != nil {
				t.Fatal(err)
			}
			_, err := l.Verify(ctx, st.Head)
			var broken *ledger.Broken
			if !errors.As(err, &broken) || broken.Seq != seq || !strings.HasPrefix(broken.Why, "was changed after it was written") {
				t.Errorf("row %d changed: verify says %v", seq, err)
			}
			if _, err := l.DB().Exec(fmt.Sprintf("UPDATE decisions SET decision = '%s' WHERE seq = %d", was, seq)); err != nil {
				t.Fatal(err)
			}
		}
		if v, err := l.Verify(ctx, st.Head); err != nil || v.Rows != n {
			t.Errorf("restored: %+v, %v", v, err)
		}
	})
}

func TestPrune(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		var lines []checker.Result
		for i, d := range []string{"2019-03-01", "2020-07-01", "2021-06-01", "2020-01-01", "2026-01-01"} {
			r := line(fmt.Sprintf("PO-%d", i+1), 1, "")
			r.Date = d
			lines = append(lines, r)
		}
		st, err := commit(t, l, false, lines...)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
		b, err := checker.LoadBundle(nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		keep, err := b.Retention() // the data's: five years (15 CFR 762.6(a))
		if err != nil || keep != (checker.Retention{Years: 5, Citation: "15 CFR 762.6(a)"}) {
			t.Fatalf("retention %+v %v", keep, err)
		}
		if _, err := l.Prune(ctx, "2022-01-01", now, keep); err == nil || !strings.Contains(err.Error(), "the latest date rows may be pruned before is 2021-12-04") {
			t.Errorf("prune of younger rows: %v", err)
		}
		// Rows 1 and 2 shipped before 2021; row 4 did too, but row 3
		// did not: the chain is pruned only up to row 3.
		p, err := l.Prune(ctx, "2021-01-01", now, keep)
		if err != nil {
			t.Fatal(err)
		}
		if p.Rows != 2 || p.AnchorSeq != 2 {
			t.Errorf("pruned %+v, want rows 1-2", p)
		}
		v, err := l.Verify(ctx, st.Head)
		if err != nil {
			t.Fatalf("verify after the prune: %v", err)
		}
		if v.First != 3 || v.Rows != 3 {
			t.Errorf("verify after the prune: %+v, want rows 3-5", v)
		}
		// The chain goes on from where it was.
		st, err = commit(t, l, false, line("PO-6", 1, ""))
		if err != nil {
			t.Fatal(err)
		}
		if v, err := l.Verify(ctx, st.Head); err != nil || v.Rows != 4 {
			t.Errorf("verify after the next commit: %+v, %v", v, err)
		}
	})
}

// TestPrunedOrderAgain commits an order whose rows were pruned (the draws
// of a pruned order are kept): its draws are replaced by what it draws
// now, as the check that judged it counted them (it reads the drawdown
// without the book's own orders), instead of the commit failing on the
// draws' key.
func TestPrunedOrderAgain(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		old := func(id string, qty int64) checker.Result {
			r := line(id, qty, "D1")
			r.Date = "2019-01-01"
			return r
		}
		if _, err := commit(t, l, false, old("PO-1", 3), old("PO-2", 2)); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
		if _, err := l.Prune(ctx, "2020-01-01", now, checker.Retention{Years: 5, Citation: "15 CFR 762.6(a)"}); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			name  string
			line  checker.Result
			stats ledger.Stats
			drawn float64
		}{
			{"the same order again", old("PO-1", 3), ledger.Stats{Committed: 1}, 5},
			{"then changed", old("PO-1", 4), ledger.Stats{Amended: 1}, 6},
			{"a new order", old("PO-3", 1), ledger.Stats{Committed: 1}, 7},
		} {
			committedAs(t, l, true, tt.name, tt.line, tt.stats, map[[2]string]float64{{"license:D1", "H100"}: tt.drawn})
			if _, err := l.Verify(ctx, ""); err != nil {
				t.Errorf("%s: verify: %v", tt.name, err)
			}
		}
	})
}

// TestLocked: a commit waits for another run's lock, then gives up with a
// clear message; nothing of it is written.
func TestLocked(t *testing.T) {
	defer func(d time.Duration) { ledger.LockTimeout = d }(ledger.LockTimeout)
	ledger.LockTimeout = 300 * time.Millisecond
	forEachKind(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		dsn := ledgertest.DSN(t, kind)
		a := openLedger(t, dsn)
		b := openLedger(t, dsn)
		s, err := a.Begin(ctx, ledger.Run{Started: time.Now()}, false)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Rollback()
		_, err = b.Begin(ctx, ledger.Run{Started: time.Now()}, false)
		want := "another run holds the ledger's lock and did not finish within 300ms"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("Begin while another run commits: %v, want %q", err, want)
		}
		s.Rollback()
		if _, err := commit(t, b, false, line("PO-1", 1, "")); err != nil {
			t.Errorf("commit after the other run ended: %v", err)
		}
	})
}

// TestBatchTimeout: a database that stops answering mid-commit (here a
// trigger that takes seconds on one order) fails the commit after
// BatchTimeout, saying so; nothing of the run is written, and the ledger
// takes the next commit.
func TestBatchTimeout(t *testing.T) {
	defer func(d time.Duration) { ledger.BatchTimeout = d }(ledger.BatchTimeout)
	ledger.BatchTimeout = 300 * time.Millisecond
	slow := map[string][]string{
		"sqlite": {
			"CREATE TABLE n (x)",
			"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 400) INSERT INTO n SELECT x FROM c", // 64 million rows joined
			"CREATE TRIGGER slow AFTER INSERT ON decisions WHEN NEW.order_id = 'SLOW' BEGIN SELECT count(*) FROM n a, n b, n c; END",
		},
		"postgres": {
			"CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(3); RETURN NEW; END $$",
			"CREATE TRIGGER slow BEFORE INSERT ON decisions FOR EACH ROW WHEN (NEW.order_id = 'SLOW') EXECUTE FUNCTION slow()",
		},
	}
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		st, err := commit(t, l, false, line("PO-1", 1, "L1"))
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range slow[l.Kind()] {
			if _, err := l.DB().ExecContext(ctx, q); err != nil {
				t.Fatal(q, ": ", err)
			}
		}
		lines := benchLines(3 * ledger.BatchSize)
		lines[ledger.BatchSize+5].Order.ID = "SLOW"
		start := time.Now()
		_, err = commit(t, l, false, lines...)
		if want := "did not write a batch of"; err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("the commit: %v, want %q", err, want)
		}
		if took := time.Since(start); took > 10*time.Second {
			t.Errorf("the commit gave up after %s", took)
		}
		if l.Kind() == "sqlite" {
			if _, err := l.DB().ExecContext(ctx, "DROP TRIGGER slow"); err != nil {
				t.Fatal(err)
			}
		}
		if v, err := l.Verify(ctx, st.Head); err != nil || v.Rows != 1 {
			t.Errorf("after the failed commit: %+v %v, want the one row before", v, err)
		}
		if _, err := commit(t, l, false, line("PO-2", 1, "L1")); err != nil {
			t.Errorf("the next commit: %v", err)
		}
	})
}

// TestBatchFails: a batch that fails at a row in its middle leaves
// nothing of the run, neither the batches before it nor the rows of its
// own statement before the failing one (SQLite's INSERT is OR FAIL, which
// keeps those until the transaction is rolled back, and no statement
// journal), and the next commit goes through.
func TestBatchFails(t *testing.T) {
	fail := map[string][]string{
		"sqlite": {"CREATE TRIGGER bad BEFORE INSERT ON decisions WHEN NEW.order_id = 'BAD' BEGIN SELECT RAISE(FAIL, 'bad row'); END"},
		"postgres": {
			"CREATE FUNCTION bad() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'bad row'; END $$",
			"CREATE TRIGGER bad BEFORE INSERT ON decisions FOR EACH ROW WHEN (NEW.order_id = 'BAD') EXECUTE FUNCTION bad()",
		},
	}
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		st, err := commit(t, l, false, line("PO-1", 1, "L1"))
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range fail[l.Kind()] {
			if _, err := l.DB().ExecContext(ctx, q); err != nil {
				t.Fatal(q, ": ", err)
			}
		}
		lines := benchLines(3 * ledger.BatchSize)
		lines[ledger.BatchSize+5].Order.ID = "BAD"
		if _, err = commit(t, l, false, lines...); err == nil || !strings.Contains(err.Error(), "bad row") {
			t.Fatalf("the commit: %v, want the trigger's error", err)
		}
		var rows int
		if err := l.DB().QueryRowContext(ctx, "SELECT count(*) FROM decisions").Scan(&rows); err != nil || rows != 1 {
			t.Errorf("rows after the failed commit: %d %v, want the one before", rows, err)
		}
		if v, err := l.Verify(ctx, st.Head); err != nil || v.Rows != 1 {
			t.Errorf("after the failed commit: %+v %v, want the one row before", v, err)
		}
		if _, err := commit(t, l, false, line("PO-2", 1, "L1")); err != nil {
			t.Errorf("the next commit: %v", err)
		}
		if v, err := l.Verify(ctx, ""); err != nil || v.Rows != 2 {
			t.Errorf("after the next commit: %+v %v, want two rows", v, err)
		}
	})
}

// TestStatementTimeout: a database that stops answering in a step of a
// commit around its batches (writing the run's row, reading the
// drawdown, COMMIT) fails the commit after StatementTimeout, with what it
// was doing, instead of holding it and the ledger's lock; what was
// committed before stays whole, and the next commit goes through. Each
// step is slowed by a trigger, or kept waiting by a lock another
// connection holds.
func TestStatementTimeout(t *testing.T) {
	defer func(d time.Duration) { ledger.StatementTimeout = d }(ledger.StatementTimeout)
	ledger.StatementTimeout = 300 * time.Millisecond
	type step struct {
		name, kind string
		slow       []string                                           // statements that slow the step down
		during     func(t *testing.T, l *ledger.Ledger) (stop func()) // or something held while it runs
		do         func(ctx context.Context, l *ledger.Ledger, s *ledger.Session) error
		want       string
	}
	finish := func(ctx context.Context, _ *ledger.Ledger, s *ledger.Session) error {
		_, err := s.Finish(ctx)
		return err
	}
	lockDraws := func(t *testing.T, l *ledger.Ledger) func() {
		tx, err := l.DB().BeginTx(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec("LOCK TABLE draws IN ACCESS EXCLUSIVE MODE"); err != nil {
			t.Fatal(err)
		}
		return func() { tx.Rollback() }
	}
	deferred := []string{
		"CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(3); RETURN NEW; END $$",
		"CREATE CONSTRAINT TRIGGER slow AFTER INSERT ON runs DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow()",
	}
	steps := []step{
		{name: "writing the run", kind: "sqlite", slow: []string{
			"CREATE TABLE n (x)",
			"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 400) INSERT INTO n SELECT x FROM c",
			"CREATE TRIGGER slow AFTER INSERT ON runs BEGIN SELECT count(*) FROM n a, n b, n c; END",
		}, do: finish, want: "writing the run: the database did not answer within 300ms (ledger.StatementTimeout); nothing of the run was committed"},
		{name: "writing the run", kind: "postgres", slow: []string{
			"CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(3); RETURN NEW; END $$",
			"CREATE TRIGGER slow BEFORE INSERT ON runs FOR EACH ROW EXECUTE FUNCTION slow()",
		}, do: finish, want: "writing the run: the database did not answer within 300ms (ledger.StatementTimeout); nothing of the run was committed"},
		{name: "committing", kind: "postgres", slow: deferred, do: finish,
			want: "committing: the database did not answer within 300ms (ledger.StatementTimeout): whether the run was committed is not known"},
		{name: "committing, the caller gives up", kind: "postgres", slow: deferred, do: func(ctx context.Context, l *ledger.Ledger, s *ledger.Session) error {
			ctx, cancel := context.WithTimeout(ctx, 150*time.Millisecond)
			defer cancel()
			return finish(ctx, l, s)
		}, want: "committing: interrupted (context deadline exceeded) while the database committed: whether the run was committed is not known"},
		{name: "reading the drawdown in a commit", kind: "postgres", during: lockDraws, do: func(ctx context.Context, _ *ledger.Ledger, s *ledger.Session) error {
			_, err := s.Drawn(ctx, nil)
			return err
		}, want: "reading what the licences have drawn: the database did not answer within 300ms (ledger.StatementTimeout); nothing of the run was committed: "},
		{name: "reading the drawdown outside a commit", kind: "postgres", during: lockDraws, do: func(ctx context.Context, l *ledger.Ledger, _ *ledger.Session) error {
			_, err := l.Drawn(ctx, nil)
			return err
		}, want: "reading what the licences have drawn: the database did not answer within 300ms (ledger.StatementTimeout): "},
	}
	for _, tt := range steps {
		t.Run(tt.kind+"/"+tt.name, func(t *testing.T) {
			ctx := context.Background()
			l := openLedger(t, ledgertest.DSN(t, tt.kind))
			st, err := commit(t, l, false, line("PO-1", 1, "L1"))
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range tt.slow {
				if _, err := l.DB().ExecContext(ctx, q); err != nil {
					t.Fatal(q, ": ", err)
				}
			}
			s, err := l.Begin(ctx, ledger.Run{Started: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), ToolVersion: "test", PolicyRevision: "p1"}, false)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Add(ctx, ptr(line("PO-2", 1, "L1"))); err != nil {
				t.Fatal(err)
			}
			stop := func() {}
			if tt.during != nil {
				stop = tt.during(t, l)
			}
			start := time.Now()
			err = tt.do(ctx, l, s)
			took := time.Since(start)
			stop()
			s.Rollback()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			if took > 2500*time.Millisecond {
				t.Errorf("gave up after %s", took)
			}
			for _, q := range []string{"DROP TRIGGER slow", "DROP TRIGGER slow ON runs"} {
				l.DB().ExecContext(ctx, q) // the one its database knows
			}
			if v, err := l.Verify(ctx, st.Head); err != nil || v.Rows != 1 {
				t.Errorf("after the failed commit: %+v %v, want the one row before", v, err)
			}
			if _, err := commit(t, l, false, line("PO-3", 1, "L1")); err != nil {
				t.Errorf("the next commit: %v", err)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// TestReadOnly: a database that refuses writes is a clean error.
func TestReadOnly(t *testing.T) {
	dsn := ledgertest.DSN(t, "postgres")
	openLedger(t, dsn)
	l, err := ledger.Open(context.Background(), dsn+"&default_transaction_read_only=on", false)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, err = commit(t, l, false, line("PO-1", 1, ""))
	want := "cannot execute INSERT in a read-only transaction"
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "ledger postgres://") {
		t.Errorf("commit to a read-only database: %v, want %q", err, want)
	}
}

// TestGroup: runs in one transaction (Next, EndRun, Commit): one that
// conflicts, and one undone by RollbackRun, leave no trace and the runs
// around them stand; each run's drawdown counts the runs before it; the
// log verifies.
func TestGroup(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		if _, err := commit(t, l, false, line("A", 5, "L1")); err != nil {
			t.Fatal(err)
		}
		run := ledger.Run{Started: time.Date(2026, 6, 2, 12, 0, 0, 0, time.UTC), ToolVersion: "test", PolicyRevision: "p1"}
		s, err := l.Begin(ctx, run, false)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Rollback()
		steps := []struct {
			lines []checker.Result
			undo  bool
			want  error
		}{
			{lines: []checker.Result{line("B", 3, "L1")}},
			{lines: []checker.Result{line("C", 4, "L1"), line("A", 6, "L1")}, want: ledger.ErrConflict}, // A changed
			{lines: []checker.Result{line("D", 7, "L1")}, undo: true},
			{lines: []checker.Result{line("E", 2, "L1")}},
		}
		var drawn []float64
		for i, st := range steps {
			if i > 0 {
				if err := s.Next(ctx, run, false); err != nil {
					t.Fatal(err)
				}
			}
			d, err := s.Drawn(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			drawn = append(drawn, d[[2]string{"license:L1", "H100"}])
			for j := range st.lines {
				if err := s.Add(ctx, &st.lines[j]); err != nil {
					t.Fatal(err)
				}
			}
			if st.undo {
				if err := s.RollbackRun(ctx); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if _, err := s.EndRun(ctx); !errors.Is(err, st.want) {
				t.Fatalf("step %d: %v, want %v", i, err, st.want)
			}
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]float64{5, 8, 8, 8}, drawn); diff != "" {
			t.Errorf("drawn before each run (-want +got):\n%s", diff)
		}
		d, err := l.Drawn(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := d[[2]string{"license:L1", "H100"}]; got != 10 {
			t.Errorf("drawn after the group: %v, want 10 (A 5, B 3, E 2)", got)
		}
		if v, err := l.Verify(ctx, ""); err != nil || v.Rows != 3 {
			t.Errorf("verify: %+v %v", v, err)
		}
	})
}

// TestStanding: the queue's view of the log: each order's standing
// version, filtered by decision, product and destination, newest first,
// paged, and counted by decision.
func TestStanding(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		b := line("B", 2, "")
		b.Order.Destination, b.Order.Quantity = "AE", "2"
		if _, err := commit(t, l, false, line("A", 1, ""), b, line("C", 3, "")); err != nil {
			t.Fatal(err)
		}
		if _, err := commit(t, l, true, line("A", 5, "D1")); err != nil { // A amended (5 units): now licensed
			t.Fatal(err)
		}
		ids := func(f ledger.Filter) []string {
			var out []string
			for r, err := range l.Query(ctx, f) {
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, fmt.Sprintf("%s@%d", r.OrderID, r.Seq))
			}
			return out
		}
		open := ledger.Filter{Standing: true, Decisions: []string{"license_required", "review"}, Newest: true}
		for name, tt := range map[string]struct {
			f    ledger.Filter
			want []string
		}{
			"all, in log order":     {ledger.Filter{}, []string{"A@1", "B@2", "C@3", "A@4"}},
			"standing":              {ledger.Filter{Standing: true}, []string{"B@2", "C@3", "A@4"}},
			"open, newest first":    {open, []string{"C@3", "B@2"}},
			"open, a page of one":   {with(open, func(f *ledger.Filter) { f.Limit = 1 }), []string{"C@3"}},
			"open, the next page":   {with(open, func(f *ledger.Filter) { f.Limit, f.Before = 1, 3 }), []string{"B@2"}},
			"open, to AE":           {with(open, func(f *ledger.Filter) { f.Destination = "ae" }), []string{"B@2"}},
			"open, another product": {with(open, func(f *ledger.Filter) { f.Product = "H20" }), nil},
			"one row by its seq":    {ledger.Filter{Seq: 1}, []string{"A@1"}},
		} {
			if d := cmp.Diff(tt.want, ids(tt.f)); d != "" {
				t.Errorf("%s (-want +got):\n%s", name, d)
			}
		}
		for name, tt := range map[string]struct {
			f    ledger.Filter
			want map[string]int
		}{
			"every row": {ledger.Filter{}, map[string]int{"license_required": 3, "licensed": 1}},
			"standing":  {ledger.Filter{Standing: true, Limit: 1, Before: 2}, map[string]int{"license_required": 2, "licensed": 1}},
		} {
			got, err := l.Counts(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("counts, %s (-want +got):\n%s", name, d)
			}
		}
	})
}

func with(f ledger.Filter, change func(*ledger.Filter)) ledger.Filter {
	change(&f)
	return f
}

// TestClearanceAndRejudge: a clearance kept in the log is an action, not
// a version of its order (committing the order again is not a conflict,
// the standing version stays the line); a rejudgement with the same input
// hash is the new standing version and replaces what the order draws; the
// chain verifies and covers the action.
func TestClearanceAndRejudge(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		a := line("A", 2, "")
		a.Decision = checker.Review
		a.Screening = []*checker.ScreeningFact{{List: "EL", EntryID: "e1", Name: "Acme Ltd", Score: 0.9, EntryHash: "sha256:00"}}
		if _, err := commit(t, l, false, a, line("B", 1, "")); err != nil {
			t.Fatal(err)
		}
		var first ledger.Row
		for r, err := range l.Query(ctx, ledger.Filter{OrderID: "A"}) {
			if err != nil {
				t.Fatal(err)
			}
			first = r
		}
		s, err := l.Begin(ctx, ledger.Run{Started: time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC), ToolVersion: "test", PolicyRevision: "p1", Actor: "reviewer"}, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetRecordsRevision("r2"); err != nil {
			t.Fatal(err)
		}
		record := []byte("record: clearance\nend_user: Acme\n")
		cseq, err := s.AddAction(ctx, ledger.Action{Kind: ledger.KindClearance, Line: &first, Name: "acme-e1.yaml", Record: record, Outcome: "false_positive", Hit: `{"list":"EL","entry_id":"e1"}`})
		if err != nil || cseq != 3 {
			t.Fatalf("AddAction: row %d, %v; want row 3", cseq, err)
		}
		if err := s.SetRecordsRevision("r3"); err == nil {
			t.Error("SetRecordsRevision after a row: no error")
		}
		cleared := line("A", 2, "D1") // the same order, judged again: licensed now
		rseq, err := s.Rejudge(ctx, &cleared)
		if err != nil || rseq != 4 {
			t.Fatalf("Rejudge: row %d, %v; want row 4", rseq, err)
		}
		st, err := s.Finish(ctx)
		if err != nil || st.Rejudged != 1 || st.Actions != 1 || st.Committed != 0 {
			t.Fatalf("Finish: %+v %v", st, err)
		}
		// The same book committed again: nothing new, no conflict.
		if st, err := commit(t, l, false, line("A", 2, "D1"), line("B", 1, "")); err != nil || st.Already != 2 {
			t.Errorf("the book again: %+v %v", st, err)
		}
		var rows []string
		for r, err := range l.Query(ctx, ledger.Filter{}) {
			if err != nil {
				t.Fatal(err)
			}
			rows = append(rows, fmt.Sprintf("%d %s %s %s %s %s", r.Seq, r.Kind, r.OrderID, r.Decision, r.Run.Actor, r.Run.RecordsRevision))
		}
		want := []string{"1 decision A review  ", "2 decision B license_required  ", "3 clearance A false_positive reviewer r2", "4 rejudgement A licensed reviewer r2"}
		if d := cmp.Diff(want, rows); d != "" {
			t.Errorf("the log (-want +got):\n%s", d)
		}
		var standing []string
		for r, err := range l.Query(ctx, ledger.Filter{Standing: true, Entry: "e1"}) {
			if err != nil {
				t.Fatal(err)
			}
			standing = append(standing, fmt.Sprintf("%s@%d", r.OrderID, r.Seq))
		}
		if d := cmp.Diff([]string(nil), standing); d != "" { // A's standing version has no hit now
			t.Errorf("standing lines with a hit on e1 (-want +got):\n%s", d)
		}
		kept, err := l.Kept(ctx)
		if err != nil || len(kept) != 1 || kept[0].Seq != 3 || kept[0].Kind != ledger.KindClearance || string(kept[0].Record) != string(record) || kept[0].Name != "acme-e1.yaml" {
			t.Errorf("Kept: %+v %v", kept, err)
		}
		if d, err := l.DrawnByRecord(ctx); err != nil || d["license:D1"]["H100"] != 2 {
			t.Errorf("drawn after the rejudgement: %v %v", d, err)
		}
		if _, err := l.Verify(ctx, ""); err != nil {
			t.Errorf("verify: %v", err)
		}
		if _, err := l.DB().Exec("UPDATE decisions SET decision = 'true_match' WHERE seq = 3"); err != nil {
			t.Fatal(err)
		}
		var b *ledger.Broken
		if _, err := l.Verify(ctx, ""); !errors.As(err, &b) || b.Seq != 3 {
			t.Errorf("verify after editing the clearance: %v", err)
		}
	})
}

// TestStandingFlags: the standing flag the queue reads is kept at commit
// (a later version, amendment or rejudgement, takes it from the one
// before; an action never has it), migration 2 computes it for a ledger
// written before, and verify catches a flag changed by hand.
func TestStandingFlags(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		if _, err := commit(t, l, false, line("A", 1, ""), line("B", 1, ""), line("C", 1, "")); err != nil {
			t.Fatal(err)
		}
		if _, err := commit(t, l, true, line("A", 2, "")); err != nil {
			t.Fatal(err)
		}
		var b ledger.Row
		for r := range l.Query(ctx, ledger.Filter{OrderID: "B"}) {
			b = r
		}
		s, err := l.Begin(ctx, ledger.Run{Started: time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC), Actor: "reviewer"}, false)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddAction(ctx, ledger.Action{Kind: ledger.KindClearance, Line: &b, Name: "b.yaml", Record: []byte("record: clearance\n"), Outcome: "false_positive", Hit: "{}"}); err != nil {
			t.Fatal(err)
		}
		rb := line("B", 1, "D1")
		if _, err := s.Rejudge(ctx, &rb); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Finish(ctx); err != nil {
			t.Fatal(err)
		}
		flags := func() string {
			t.Helper()
			rows, err := l.DB().Query("SELECT order_id, kind, standing FROM decisions ORDER BY seq")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var id, k string
				var st int
				rows.Scan(&id, &k, &st)
				out = append(out, fmt.Sprintf("%s %s %d", id, k, st))
			}
			return strings.Join(out, "; ")
		}
		want := "A decision 0; B decision 0; C decision 1; A amendment 1; B clearance 0; B rejudgement 1"
		if got := flags(); got != want {
			t.Errorf("the flags kept at commit:\n got %s\nwant %s", got, want)
		}
		if err := ledger.MigrateDownTo(ctx, l, 1); err != nil {
			t.Fatal(err)
		}
		if _, err := l.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if got := flags(); got != want {
			t.Errorf("the flags migration 2 computes:\n got %s\nwant %s", got, want)
		}
		if _, err := l.Verify(ctx, ""); err != nil {
			t.Fatalf("verify: %v", err)
		}
		for name, tt := range map[string]struct {
			sql string
			seq int64
		}{
			"a superseded version flagged": {"UPDATE decisions SET standing = 1 WHERE seq = 1", 1},
			"the standing version hidden":  {"UPDATE decisions SET standing = 0 WHERE seq = 3", 3},
			"an action flagged":            {"UPDATE decisions SET standing = 1 WHERE seq = 5", 5},
		} {
			if _, err := l.DB().Exec(tt.sql); err != nil {
				t.Fatal(err)
			}
			var br *ledger.Broken
			if _, err := l.Verify(ctx, ""); !errors.As(err, &br) || br.Seq != tt.seq || !strings.Contains(br.Why, "standing") {
				t.Errorf("%s: verify says %v, want row %d and the standing flag", name, err, tt.seq)
			}
			if _, err := l.DB().Exec("UPDATE decisions SET standing = CASE WHEN seq IN (3, 4, 6) THEN 1 ELSE 0 END"); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// TestWithKeptChecksRows: a kept record must be one record of its row's
// kind about its row's end user and candidate (or record): a second
// document smuggled in, or a record about someone else, is an error
// naming the row, and nothing is applied.
func TestWithKeptChecksRows(t *testing.T) {
	clear := func(endUser, entry string) string {
		return "record: clearance\nend_user: " + endUser + "\nentry: " + entry + "\nentry_hash: sha256:" + strings.Repeat("a", 64) +
			"\noutcome: false_positive\nby: r\nat: 2026-12-01\nreason: why\nexpires: 2027-01-01\n"
	}
	hit := `[{"entry_id":"e1"}]`
	for name, tt := range map[string]struct {
		k    ledger.Kept
		want string
	}{
		"as its row says": {ledger.Kept{Seq: 3, Kind: ledger.KindClearance, Name: "a.yaml", Record: []byte(clear("Acme Ltd", "e1")), EndUser: "ACME LTD.", Hits: hit}, ""},
		"a document smuggled in": {ledger.Kept{Seq: 3, Kind: ledger.KindClearance, Name: "a.yaml", Record: []byte(clear("Acme Ltd", "e1") + "---\n" + clear("Other Co", "e2")), EndUser: "Acme Ltd", Hits: hit},
			"ledger row 3: the clearance row must hold one record, and holds 2"},
		"another end user": {ledger.Kept{Seq: 3, Kind: ledger.KindClearance, Name: "a.yaml", Record: []byte(clear("Other Co", "e1")), EndUser: "Acme Ltd", Hits: hit},
			`ledger row 3: its clearance (of e1 for "Other Co") is not of the row's end user "Acme Ltd" and candidate`},
		"another candidate": {ledger.Kept{Seq: 3, Kind: ledger.KindClearance, Name: "a.yaml", Record: []byte(clear("Acme Ltd", "e2")), EndUser: "Acme Ltd", Hits: hit},
			`ledger row 3: its clearance (of e2 for "Acme Ltd") is not of the row's end user "Acme Ltd" and candidate`},
		"of the owner its hit is on": {ledger.Kept{Seq: 3, Kind: ledger.KindClearance, Name: "a.yaml", Record: []byte(clear("Parent Holdings", "e1")), EndUser: "Acme Ltd", Hits: `[{"entry_id":"e1","owner":"PARENT HOLDINGS"}]`}, ""},
		"of the end user, the hit on an owner": {ledger.Kept{Seq: 3, Kind: ledger.KindClearance, Name: "a.yaml", Record: []byte(clear("Acme Ltd", "e1")), EndUser: "Acme Ltd", Hits: `[{"entry_id":"e1","owner":"Parent Holdings"}]`},
			`ledger row 3: its clearance (of e1 for "Acme Ltd") is not of the owner "Parent Holdings" its hit is on and candidate`},
		"another kind": {ledger.Kept{Seq: 3, Kind: ledger.KindAssignment, Name: "a.yaml", Record: []byte(clear("Acme Ltd", "e1")), EndUser: "Acme Ltd", Auth: "license:D1"},
			"ledger row 3: its record is not of kind assignment"},
	} {
		_, err := ledger.WithKept(nil, []ledger.Kept{tt.k})
		got := ""
		if err != nil {
			got = strings.TrimPrefix(err.Error(), "the records kept in the ledger: ")
		}
		if got != tt.want {
			t.Errorf("%s: %q, want %q", name, got, tt.want)
		}
	}
}

// TestEntryFilter: the rows whose hits name a list entry, whatever
// characters its id holds, on both databases (LIKE's wildcards and
// escape, JSON's escapes).
func TestEntryFilter(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		var lines []checker.Result
		for i, id := range []string{`a_b"c\d<e>`, `axb"c\d<e>`, `50%`, `5000`} {
			r := line(fmt.Sprintf("E-%d", i), 1, "")
			r.Screening = []*checker.ScreeningFact{{List: "EL", EntryID: id, Name: "X", Score: 0.9}}
			lines = append(lines, r)
		}
		if _, err := commit(t, l, false, lines...); err != nil {
			t.Fatal(err)
		}
		for entry, want := range map[string]string{`a_b"c\d<e>`: "E-0", `50%`: "E-2", `b"c`: ""} {
			var got []string
			for r, err := range l.Query(ctx, ledger.Filter{Entry: entry}) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, r.OrderID)
			}
			if strings.Join(got, ",") != want {
				t.Errorf("entry %s: %v, want %s", entry, got, want)
			}
		}
	})
}

// TestCommitBatches commits a book of several batches (each written while
// the next is gathered) with an order repeated within a batch and across
// batches: every line is decided as if written one at a time.
func TestCommitBatches(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		const n = 8*8*ledger.BatchSize + 5 // past several of PostgreSQL's batches too
		var lines []checker.Result
		for i := range n {
			drawn := "D1"
			if i == 3 || i == 7 {
				drawn = "" // repeated below: an order that draws may not be (TestRepeatedOrder)
			}
			lines = append(lines, line(fmt.Sprintf("PO-%d", i), 1, drawn))
		}
		// PO-3 again at once (within its batch), PO-7 again batches later:
		// the same content, so not written twice.
		lines = append(lines[:5], append([]checker.Result{line("PO-3", 1, "")}, lines[5:]...)...)
		lines = append(lines, line("PO-7", 1, ""))
		st, err := commit(t, l, false, lines...)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ledger.Stats{Committed: n, Already: 2}, st, ignoreHead); diff != "" {
			t.Errorf("stats (-want +got):\n%s", diff)
		}
		d, err := l.Drawn(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[[2]string]float64{{"license:D1", "H100"}: n - 2}, d, quantitiesOnly); diff != "" {
			t.Errorf("drawn (-want +got):\n%s", diff)
		}
		v, err := l.Verify(ctx, st.Head)
		if err != nil {
			t.Fatal(err)
		}
		if v.Rows != n {
			t.Errorf("verify: %+v, want %d whole rows", v, n)
		}

		// A commit that fails while a batch is written (the context
		// ends): nothing of it is kept.
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		s, err := l.Begin(cctx, ledger.Run{Started: time.Date(2026, 6, 2, 12, 0, 0, 0, time.UTC), ToolVersion: "test", PolicyRevision: "p1"}, false)
		if err != nil {
			t.Fatal(err)
		}
		var addErr error
		for i := range 4 * 8 * ledger.BatchSize {
			if i == 8*ledger.BatchSize+1 {
				cancel()
			}
			r := line(fmt.Sprintf("PX-%d", i), 1, "D1")
			if addErr = s.Add(cctx, &r); addErr != nil {
				break
			}
		}
		if _, err := s.Finish(cctx); err == nil && addErr == nil {
			t.Fatal("a commit whose context ended finished")
		}
		s.Rollback()
		if v, err := l.Verify(ctx, st.Head); err != nil || v.Rows != n || v.Head != st.Head {
			t.Errorf("after the failed commit: %+v, %v; want the %d rows before", v, err, n)
		}
	})
}

// TestCommitWriteFails: a batch that fails in the background (a trigger
// refuses one of its rows) fails the commit, however many batches were
// queued behind it: Add or Finish says so (none of them is lost), and
// nothing of the run is kept.
func TestCommitWriteFails(t *testing.T) {
	ctx := context.Background()
	l := openLedger(t, ledgertest.DSN(t, "sqlite"))
	st, err := commit(t, l, false, line("PO-before", 1, "D1"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.DB().ExecContext(ctx, "CREATE TRIGGER refuse BEFORE INSERT ON decisions WHEN NEW.order_id = 'PX-600' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"); err != nil {
		t.Fatal(err)
	}
	s, err := l.Begin(ctx, ledger.Run{Started: time.Date(2026, 6, 2, 12, 0, 0, 0, time.UTC), ToolVersion: "test", PolicyRevision: "p1"}, false)
	if err != nil {
		t.Fatal(err)
	}
	added := 0
	for i := range (2*ledger.Queued + 4) * ledger.BatchSize {
		r := line(fmt.Sprintf("PX-%d", i), 1, "D1")
		if err = s.Add(ctx, &r); err != nil {
			break
		}
		added++
	}
	if err == nil {
		_, err = s.Finish(ctx)
	}
	s.Rollback()
	if err == nil || !strings.Contains(err.Error(), "refused by the test") {
		t.Fatalf("the commit: %v, want the trigger's refusal", err)
	}
	if added >= (2*ledger.Queued+4)*ledger.BatchSize {
		t.Errorf("every line was added: Add should fail once the failed batch is settled")
	}
	if v, err := l.Verify(ctx, st.Head); err != nil || v.Rows != 1 || v.Head != st.Head {
		t.Errorf("after the failed commit: %+v, %v; want the one row before", v, err)
	}
	var n int
	if err := l.DB().QueryRowContext(ctx, "SELECT COUNT(*) FROM decisions").Scan(&n); err != nil || n != 1 {
		t.Errorf("rows in the log: %d, %v; want 1", n, err)
	}
}

// TestCommitText commits values that COPY's text format (which the ledger
// wrote before its binary one) and the canonical form escape: they come
// back as they went in, and the chain verifies.
func TestCommitText(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		r := line("PO-\\1", 1, "")
		r.Order.EndUser = "Tab\there, new\nline, return\r, back\\slash \\N, \"quoted\", Zürich 北京"
		r.Order.Extra = []checker.Field{{Name: "note", Value: "\\t is not a tab"}}
		st, err := commit(t, l, false, r)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for row, err := range l.Query(ctx, ledger.Filter{OrderID: "PO-\\1"}) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, row.EndUser, row.Inputs)
		}
		want := []string{r.Order.EndUser, `["id","PO-\\1","product","H100","quantity","1","destination","CN","end_user","Tab\u0009here, new\u000aline, return\u000d, back\\slash \\N, \"quoted\", Zürich 北京","end_user_hq","","date","2026-06-01","end_use","","ship_from","","note","\\t is not a tab"]`}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("the row read back (-want +got):\n%s", diff)
		}
		if v, err := l.Verify(ctx, st.Head); err != nil || v.Rows != 1 {
			t.Errorf("verify: %+v, %v", v, err)
		}
	})
}

// TestCommitShortContexts: each Add's context may end when it returns
// (the batch it filled is written after): the commit is whole.
func TestCommitShortContexts(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		s, err := l.Begin(ctx, ledger.Run{Started: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), ToolVersion: "test", PolicyRevision: "p1"}, false)
		if err != nil {
			t.Fatal(err)
		}
		const n = 3*8*ledger.BatchSize + 1
		for i := range n {
			r := line(fmt.Sprintf("PO-%d", i), 1, "")
			actx, cancel := context.WithCancel(ctx)
			err := s.Add(actx, &r)
			cancel()
			if err != nil {
				s.Rollback()
				t.Fatalf("line %d: %v", i, err)
			}
		}
		st, err := s.Finish(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if v, err := l.Verify(ctx, st.Head); err != nil || v.Rows != n {
			t.Errorf("verify: %+v, %v; want %d rows", v, err, n)
		}
	})
}

// TestCommitBadText: a NUL byte or text that is not UTF-8 in a field a
// ledger keeps as text is refused by Add, naming the line, on both
// databases (PostgreSQL would refuse it a batch later), and nothing of
// the run is kept.
func TestCommitBadText(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		for _, tc := range []struct {
			edit func(*checker.Result)
			want string
		}{
			{func(r *checker.Result) { r.Order.EndUser = "Acme\x00Ltd" }, "orders.csv:2: the order's end user holds a NUL byte or text that is not UTF-8: a ledger keeps text, so it was not committed"},
			{func(r *checker.Result) { r.Order.ID = "PO-\xff" }, "orders.csv:2: the order's id holds a NUL byte or text that is not UTF-8: a ledger keeps text, so it was not committed"},
			{func(r *checker.Result) { r.Order.Destination = "C\x00" }, "orders.csv:2: the order's destination holds a NUL byte or text that is not UTF-8: a ledger keeps text, so it was not committed"},
		} {
			l := openLedger(t, ledgertest.DSN(t, kind))
			good, bad := line("PO-1", 1, ""), line("PO-2", 1, "")
			tc.edit(&bad)
			_, err := commit(t, l, false, good, bad)
			if err == nil || err.Error() != tc.want {
				t.Errorf("commit: %v, want %q", err, tc.want)
			}
			n := 0
			for _, err := range l.Query(context.Background(), ledger.Filter{}) {
				if err != nil {
					t.Fatal(err)
				}
				n++
			}
			if n != 0 {
				t.Errorf("%d rows kept after the refused line, want none", n)
			}
		}
	})
}

// TestStoredHashes: the database keeps the hashes small (SQLite 32-byte
// blobs, PostgreSQL 43 characters of base64) while every reader sees hex;
// a ledger whose rows were written as hex before (as earlier versions
// wrote them) reads, verifies and takes new rows on the same chain.
func TestStoredHashes(t *testing.T) {
	asHex := map[string]string{
		"sqlite":   "lower(hex(%[1]s))",
		"postgres": "CASE WHEN length(%[1]s) = 43 THEN encode(decode(%[1]s || '=', 'base64'), 'hex') ELSE %[1]s END",
	}
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		first, err := commit(t, l, false, line("PO-1", 1, "D1"), line("PO-2", 2, ""))
		if err != nil {
			t.Fatal(err)
		}
		var lengths []int
		rows, err := l.DB().Query("SELECT length(input_hash), length(reasons_hash), length(prev_hash), length(row_hash) FROM decisions WHERE seq = 2 UNION ALL SELECT length(hash), 0, 0, 0 FROM texts")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var a, b, c, d int
			if err := rows.Scan(&a, &b, &c, &d); err != nil {
				t.Fatal(err)
			}
			lengths = append(lengths, a, b, c, d)
		}
		rows.Close()
		w := map[string]int{"sqlite": 32, "postgres": 43}[l.Kind()]
		if d := cmp.Diff([]int{w, w, w, w, w, 0, 0, 0}, lengths); d != "" {
			t.Errorf("stored lengths of a row's hashes, then the reasons' (-want +got):\n%s", d)
		}
		for _, q := range []string{
			"UPDATE decisions SET input_hash = %s, reasons_hash = %s, prev_hash = %s, row_hash = %s",
			"UPDATE texts SET hash = %s",
		} {
			cols := []any{"input_hash", "reasons_hash", "prev_hash", "row_hash"}
			if strings.HasPrefix(q, "UPDATE texts") {
				cols = []any{"hash"}
			}
			var args []any
			for _, c := range cols {
				args = append(args, fmt.Sprintf(asHex[l.Kind()], c))
			}
			if _, err := l.DB().Exec(fmt.Sprintf(q, args...)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := l.Verify(ctx, first.Head); err != nil {
			t.Fatalf("rows as hex: %v", err)
		}
		second, err := commit(t, l, false, line("PO-1", 1, "D1"), line("PO-3", 3, ""))
		if err != nil {
			t.Fatal(err)
		}
		if second.Already != 1 || second.Committed != 1 {
			t.Errorf("PO-1 again, PO-3 new: %+v", second)
		}
		if _, err := l.Verify(ctx, second.Head); err != nil {
			t.Fatalf("hex rows, then new ones: %v", err)
		}
		var got []string
		for r, err := range l.Query(ctx, ledger.Filter{}) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprintf("%d %s %d %d %s", r.Seq, r.OrderID, len(r.RowHash), len(r.PrevHash), r.Reasons))
		}
		reasons := `[{"rule":"license.d5","citation":"15 CFR 742.6(a)(6)","message":"needs a licence"}]`
		want := []string{"1 PO-1 64 0 " + reasons, "2 PO-2 64 64 " + reasons, "3 PO-3 64 64 " + reasons}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("rows (-want +got):\n%s", d)
		}
	})
}

// TestSessionMisuse: a line added after its run ended is refused, not
// written with the next run or half-committed; the session goes on.
func TestSessionMisuse(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		run := ledger.Run{Started: time.Date(2026, 6, 2, 12, 0, 0, 0, time.UTC), ToolVersion: "test", PolicyRevision: "p1"}
		s, err := l.Begin(ctx, run, false)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Rollback()
		first := line("A", 1, "L1")
		if err := s.Add(ctx, &first); err != nil {
			t.Fatal(err)
		}
		if _, err := s.EndRun(ctx); err != nil {
			t.Fatal(err)
		}
		var refused int
		for i := range 2*ledger.BatchSize*8 + 44 { // full batches of either kind, and a partial one
			r := line(fmt.Sprintf("X-%d", i), 1, "L1")
			if s.Add(ctx, &r) != nil {
				refused++
			}
		}
		if refused != 2*ledger.BatchSize*8+44 {
			t.Errorf("%d lines refused after EndRun, want every one", refused)
		}
		if err := s.Next(ctx, run, false); err != nil {
			t.Fatal(err)
		}
		second := line("B", 2, "L1")
		if err := s.Add(ctx, &second); err != nil {
			t.Fatal(err)
		}
		if _, err := s.EndRun(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.Add(ctx, &second); err == nil {
			t.Error("Add after Commit: no error")
		}
		v, err := l.Verify(ctx, "")
		if err != nil || v.Rows != 2 {
			t.Errorf("verify: %+v %v; want the two lines added in runs", v, err)
		}
	})
}

// TestCommitFails: a COMMIT that SQLite refuses (here a deferred foreign
// key) leaves nothing written and no transaction open on a connection
// the next commit takes.
func TestCommitFails(t *testing.T) {
	ctx := context.Background()
	l := openLedger(t, ledgertest.DSN(t, "sqlite"))
	l.DB().SetMaxOpenConns(1) // the test's PRAGMA and the commits share the connection
	for _, q := range []string{
		"PRAGMA foreign_keys = ON",
		"CREATE TABLE parent (id INTEGER PRIMARY KEY)",
		"CREATE TABLE child (p INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)",
		"CREATE TRIGGER orphan AFTER INSERT ON decisions WHEN NEW.order_id = 'BAD' BEGIN INSERT INTO child VALUES (42); END",
	} {
		if _, err := l.DB().ExecContext(ctx, q); err != nil {
			t.Fatal(q, ": ", err)
		}
	}
	_, err := commit(t, l, false, line("BAD", 1, "L1"))
	if err == nil || !strings.Contains(err.Error(), "committing") {
		t.Fatalf("the commit: %v, want COMMIT's refusal", err)
	}
	if n := l.DB().Stats().OpenConnections; n != 0 {
		t.Errorf("%d connections kept after the failed COMMIT, want the one it ran on discarded", n)
	}
	st, err := commit(t, l, false, line("GOOD", 1, "L1"))
	if err != nil {
		t.Fatalf("the next commit: %v", err)
	}
	if v, err := l.Verify(ctx, st.Head); err != nil || v.Rows != 1 {
		t.Errorf("verify: %+v %v; want only GOOD", v, err)
	}
}

// TestRepeatedOrder: an order id given on more than one line of a run, one
// of which draws on a record, is refused (exit 2 at the command line),
// whatever the lines say and with or without --amend: the ledger keeps an
// order once, so it could not count what the run reports both lines drew
// (two lines alike were kept once, drawn twice in the report; a second
// line that found no room was kept as a rejudgement drawing nothing, and
// the first line's draw was lost). Lines that draw nothing may repeat an
// order alike, as before; with other content they are refused too (which
// line is the order?), --amend or not. Two runs may repeat an order.
func TestRepeatedOrder(t *testing.T) {
	at := func(r checker.Result, n int) checker.Result {
		r.Order.Line = n
		return r
	}
	refused := func(n int) string {
		return fmt.Sprintf("orders.csv:%d: order PO-1 is also on orders.csv:2 of this run, which draws on license:D1: the ledger keeps an order once, by its id, and cannot count what both lines draw: give each line its own order id", n)
	}
	// Before, a repeat of a line that draws nothing was taken for a version
	// committed before: "differs from the version committed by run  at
	// (:0, ledger row 1): commit with --amend", and --amend kept it.
	otherwise := func(n int) string {
		return fmt.Sprintf("orders.csv:%d: order PO-1 is also on orders.csv:2 of this run, with other content: the ledger keeps an order once, by its id, and cannot tell which line is the order: give each line its own order id", n)
	}
	forEachKind(t, func(t *testing.T, kind string) {
		for _, tt := range []struct {
			name      string
			amend     bool
			lines     []checker.Result
			stats     ledger.Stats // without conflicts
			conflicts []string
			drawn     map[[2]string]float64
		}{
			{"two lines alike, drawn", false, []checker.Result{at(line("PO-1", 5, "D1"), 2), at(line("PO-1", 5, "D1"), 3)},
				ledger.Stats{Committed: 1}, []string{refused(3)}, map[[2]string]float64{}},
			{"the second found no room", false, []checker.Result{at(line("PO-1", 5, "D1"), 2), at(line("PO-1", 5, ""), 3)},
				ledger.Stats{Committed: 1}, []string{refused(3)}, map[[2]string]float64{}},
			{"amended in the same run", true, []checker.Result{at(line("PO-1", 5, "D1"), 2), at(line("PO-1", 4, "D1"), 3), at(line("PO-1", 3, ""), 4)},
				ledger.Stats{Committed: 1}, []string{refused(3), refused(4)}, map[[2]string]float64{}},
			{"lines that draw nothing", false, []checker.Result{at(line("PO-1", 5, ""), 2), at(line("PO-1", 5, ""), 3)},
				ledger.Stats{Committed: 1, Already: 1}, nil, map[[2]string]float64{}},
			{"lines that draw nothing, otherwise", false, []checker.Result{at(line("PO-1", 5, ""), 2), at(line("PO-1", 9, ""), 3)},
				ledger.Stats{Committed: 1}, []string{otherwise(3)}, map[[2]string]float64{}},
			{"lines that draw nothing, otherwise, amended", true, []checker.Result{at(line("PO-1", 5, ""), 2), at(line("PO-1", 9, ""), 3)},
				ledger.Stats{Committed: 1}, []string{otherwise(3)}, map[[2]string]float64{}},
			{"then one that draws, amended", true, []checker.Result{at(line("PO-1", 50, ""), 2), at(line("PO-1", 5, "D1"), 3)},
				ledger.Stats{Committed: 1}, []string{otherwise(3)}, map[[2]string]float64{}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				l := openLedger(t, ledgertest.DSN(t, kind))
				st, err := commit(t, l, tt.amend, tt.lines...)
				var got []string
				for _, c := range st.Conflicts {
					got = append(got, c.Error())
				}
				if diff := cmp.Diff(tt.conflicts, got); diff != "" {
					t.Errorf("conflicts (-want +got):\n%s", diff)
				}
				if (err != nil) != (len(tt.conflicts) > 0) || err != nil && !errors.Is(err, ledger.ErrConflict) {
					t.Errorf("commit: %v", err)
				}
				st.Conflicts = nil
				if diff := cmp.Diff(tt.stats, st, ignoreHead); diff != "" {
					t.Errorf("stats (-want +got):\n%s", diff)
				}
				d, err := l.Drawn(context.Background(), nil)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.drawn, d, quantitiesOnly); diff != "" {
					t.Errorf("drawn (-want +got):\n%s", diff)
				}
			})
		}
		// Two runs: the same order again, alike, draws nothing twice.
		l := openLedger(t, ledgertest.DSN(t, kind))
		committedAs(t, l, false, "first run", line("PO-1", 5, "D1"), ledger.Stats{Committed: 1}, map[[2]string]float64{{"license:D1", "H100"}: 5})
		committedAs(t, l, false, "second run", line("PO-1", 5, "D1"), ledger.Stats{Already: 1}, map[[2]string]float64{{"license:D1", "H100"}: 5})
		// A run whose first line of an order is the version committed
		// before, unchanged (not written again), and whose second has
		// other content: a repeat, with --amend or not, not an amendment
		// of the earlier run's version.
		for _, amend := range []bool{false, true} {
			l := openLedger(t, ledgertest.DSN(t, kind))
			committedAs(t, l, false, "first run", at(line("PO-1", 4, ""), 2), ledger.Stats{Committed: 1}, map[[2]string]float64{})
			st, err := commit(t, l, amend, at(line("PO-1", 4, ""), 2), at(line("PO-1", 9, ""), 3))
			var got []string
			for _, c := range st.Conflicts {
				got = append(got, c.Error())
			}
			if diff := cmp.Diff([]string{otherwise(3)}, got); diff != "" || !errors.Is(err, ledger.ErrConflict) {
				t.Errorf("amend %v: %v; conflicts (-want +got):\n%s", amend, err, diff)
			}
		}
	})
}

// TestPruneKeepsYoungOrders: a prune keeps every row of an order one of
// whose rows ships on or after the date (an amendment that moved the ship
// date, a rejudgement): the export is young, so the record of how it was
// decided, from its first version on, is kept the retention period.
func TestPruneKeepsYoungOrders(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		dated := func(id, date string, qty int64) checker.Result {
			r := line(id, qty, "")
			r.Date, r.Order.Date = date, date
			return r
		}
		// Rows 1 and 2 ship in 2019; row 3 amends order PO-2 to ship in
		// 2026; row 4 ships in 2019 again.
		if _, err := commit(t, l, false, dated("PO-1", "2019-03-01", 1), dated("PO-2", "2019-04-01", 1)); err != nil {
			t.Fatal(err)
		}
		if _, err := commit(t, l, true, dated("PO-2", "2026-04-01", 2)); err != nil {
			t.Fatal(err)
		}
		st, err := commit(t, l, false, dated("PO-3", "2019-05-01", 1))
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
		p, err := l.Prune(ctx, "2020-01-01", now, checker.Retention{Years: 5, Citation: "15 CFR 762.6(a)"})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ledger.Pruned{Rows: 1, AnchorSeq: 1}, p, cmpopts.IgnoreFields(ledger.Pruned{}, "AnchorHash")); diff != "" {
			t.Errorf("pruned (-want +got):\n%s", diff)
		}
		var orders []string
		for r, err := range l.Query(ctx, ledger.Filter{}) {
			if err != nil {
				t.Fatal(err)
			}
			orders = append(orders, fmt.Sprintf("%d %s %s", r.Seq, r.OrderID, r.ShipDate))
		}
		want := []string{"2 PO-2 2019-04-01", "3 PO-2 2026-04-01", "4 PO-3 2019-05-01"}
		if diff := cmp.Diff(want, orders); diff != "" {
			t.Errorf("rows kept (-want +got):\n%s", diff)
		}
		if _, err := l.Verify(ctx, st.Head); err != nil {
			t.Errorf("verify after the prune: %v", err)
		}
	})
}

// TestEndUserFilterCase: the end user filter finds a name whatever its
// case, letters beyond ASCII included, on both databases (SQLite's own
// lower() folds ASCII only: "überlandwerk" did not find "Überlandwerk").
func TestEndUserFilterCase(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		named := func(id, endUser string) checker.Result {
			r := line(id, 1, "")
			r.Order.EndUser = endUser
			return r
		}
		if _, err := commit(t, l, false, named("PO-1", "Überlandwerk Société Générale"), named("PO-2", "ÇUKUROVA ÉLECTRONIQUE"), named("PO-3", "Acme")); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			name string
			f    ledger.Filter
			want []string
		}{
			{"whole name, other case", ledger.Filter{EndUserPart: "ÜBERLANDWERK SOCIÉTÉ GÉNÉRALE"}, []string{"PO-1"}},
			{"whole name, lower case", ledger.Filter{EndUserPart: "çukurova électronique"}, []string{"PO-2"}},
			{"part of a name", ledger.Filter{EndUserPart: "société"}, []string{"PO-1"}},
			{"part, upper case", ledger.Filter{EndUserPart: "ÉLECTRONIQUE"}, []string{"PO-2"}},
			{"ascii", ledger.Filter{EndUserPart: "ACME"}, []string{"PO-3"}},
		} {
			var got []string
			for r, err := range l.Query(ctx, tt.f) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, r.OrderID)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, diff)
			}
		}
		// Blank, the part would select every row: refused, not every row.
		var refused error
		for r, err := range l.Query(ctx, ledger.Filter{EndUserPart: "  "}) {
			if err != nil {
				refused = err
				break
			}
			t.Errorf("a blank end user selected %s", r.OrderID)
		}
		if refused == nil || !strings.Contains(refused.Error(), "give part of the end user's name") {
			t.Errorf("a blank end user: %v, want it refused", refused)
		}
	})
}

// TestPruneVerifiesFirst: a prune reads only ship dates, which someone
// who can write the database can change; it verifies the chain first and
// prunes nothing of a ledger that does not verify (before, young rows
// whose ship dates were changed to old ones were pruned, and the anchor
// it printed made the chain that was left verify whole).
func TestPruneVerifiesFirst(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		st, err := commit(t, l, false, line("PO-1", 1, "D1"), line("PO-2", 1, "D1"), line("PO-3", 1, "D1"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := l.DB().Exec("UPDATE decisions SET ship_date = '2019-01-01' WHERE seq <= 2"); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
		p, err := l.Prune(ctx, "2020-01-01", now, checker.Retention{Years: 5, Citation: "15 CFR 762.6(a)"})
		var b *ledger.Broken
		if !errors.As(err, &b) || b.Seq != 1 || !strings.Contains(err.Error(), "nothing was pruned") {
			t.Errorf("prune of a changed ledger: %+v, %v; want row 1 broken, nothing pruned", p, err)
		}
		var n int
		if err := l.DB().QueryRow("SELECT COUNT(*) FROM decisions").Scan(&n); err != nil || n != 3 {
			t.Errorf("rows after the prune: %d, %v; want 3", n, err)
		}
		if _, err := l.Verify(ctx, st.Head); !errors.As(err, &b) || b.Seq != 1 {
			t.Errorf("verify after the prune: %v, want row 1 broken", err)
		}
	})
}

// TestDrawnExceptRepeated: an order on several lines of a book (lines
// that draw nothing may repeat an order) is left out of the drawdown
// once, however far apart its lines are (before, its draws were taken
// away once per batch of ids it was in: a licence read as having room it
// did not have).
func TestDrawnExceptRepeated(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		if _, err := commit(t, l, false, line("PO-A", 60, "D1"), line("PO-B", 10, "D1")); err != nil {
			t.Fatal(err)
		}
		near := []string{"PO-A", "PO-A"}
		far := []string{"PO-A"}
		for i := range ledger.BatchSize + 10 {
			far = append(far, fmt.Sprintf("X-%d", i))
		}
		far = append(far, "PO-A", "PO-A")
		many := []string{"PO-A"} // the draws read whole
		for i := range ledger.ExceptScan() + 10 {
			many = append(many, fmt.Sprintf("X-%d", i))
		}
		many = append(many, "PO-A")
		for _, tt := range []struct {
			name   string
			except []string
			want   map[[2]string]float64
		}{
			{"none", nil, map[[2]string]float64{{"license:D1", "H100"}: 70, {"license:D1", checker.Unvalued}: 70}},
			{"in one batch", near, map[[2]string]float64{{"license:D1", "H100"}: 10, {"license:D1", checker.Unvalued}: 10}},
			{"batches apart", far, map[[2]string]float64{{"license:D1", "H100"}: 10, {"license:D1", checker.Unvalued}: 10}},
			{"many", many, map[[2]string]float64{{"license:D1", "H100"}: 10, {"license:D1", checker.Unvalued}: 10}},
		} {
			got, err := l.Drawn(ctx, tt.except)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, diff)
			}
		}
	})
}

// TestCommitted: of the orders asked about, those whose committed versions
// draw, each with the most it draws on one record in units and in value,
// read by the database (few orders) and from the draws read whole (more
// than ExceptScan) alike, in a read and inside a commit.
func TestCommitted(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		valued := line("PO-V", 5, "D2")
		valued.Authorization.Draws = append(valued.Authorization.Draws, checker.Draw{Limit: "value", Amount: 1500.5})
		if _, err := commit(t, l, false, line("PO-A", 60, "D1"), line("PO-B", 10, "D1"), line("PO-N", 7, ""), valued); err != nil {
			t.Fatal(err)
		}
		few := []string{"PO-A", "PO-N", "PO-V", "PO-X"}
		many := slices.Clone(few)
		for i := range ledger.ExceptScan() + 10 {
			many = append(many, fmt.Sprintf("X-%d", i))
		}
		want := map[string]checker.CommittedDraw{"PO-A": {Units: 60}, "PO-V": {Units: 5, Value: 1500.5}}
		for name, ids := range map[string][]string{"few": few, "many": many} {
			got, err := l.Committed(ctx, ids)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", name, diff)
			}
		}
		s, err := l.Begin(ctx, ledger.Run{Started: time.Date(2026, 6, 2, 12, 0, 0, 0, time.UTC), ToolVersion: "test", PolicyRevision: "p1"}, false)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Rollback()
		got, err := s.Committed(ctx, few)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("in a commit (-want +got):\n%s", diff)
		}
	})
}

// TestDrawnPathsAgree: a book judged with few orders left out (the
// database sums the draws of the others) and with more than ExceptScan
// (the draws read whole) reads the same drawdown. Before, the few were a
// total less the book's draws by batches: a record drawn on only by the
// book read as drawn 0, or a rounding's remainder, where the pass over
// the draws left it out.
func TestDrawnPathsAgree(t *testing.T) {
	drawing := func(id, licence string, amount float64) checker.Result {
		r := line(id, 1, licence)
		r.Authorization.Draws = []checker.Draw{{Limit: "value", Amount: amount}}
		return r
	}
	tenth, fifth := 0.1, 0.2 // summed as float64s, not as Go's exact constants
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		if _, err := commit(t, l, false,
			drawing("PO-A", "D1", 60), drawing("PO-B", "D1", 10.5),
			drawing("PO-C", "D2", tenth), drawing("PO-D", "D2", fifth),
			drawing("PO-E", "D3", 7.25), drawing("PO-F", "D3", 0.25)); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			name string
			book []string
			want map[[2]string]float64
		}{
			{"nothing left out", nil, map[[2]string]float64{{"license:D1", "value"}: 70.5, {"license:D2", "value"}: tenth + fifth, {"license:D3", "value"}: 7.5}},
			{"one of a licence's orders", []string{"PO-A", "PO-E"}, map[[2]string]float64{{"license:D1", "value"}: 10.5, {"license:D2", "value"}: tenth + fifth, {"license:D3", "value"}: 0.25}},
			{"every order of a licence", []string{"PO-A", "PO-C", "PO-D"}, map[[2]string]float64{{"license:D1", "value"}: 10.5, {"license:D3", "value"}: 7.5}},
			{"every order", []string{"PO-A", "PO-B", "PO-C", "PO-D", "PO-E", "PO-F"}, map[[2]string]float64{}},
		} {
			few := append([]string{"X-0"}, tt.book...)
			many := slices.Clone(tt.book)
			for i := range ledger.ExceptScan() + 1 - len(tt.book) {
				many = append(many, fmt.Sprintf("X-%d", i))
			}
			byIDs, err := l.Drawn(ctx, few)
			if err != nil {
				t.Fatal(err)
			}
			whole, err := l.Drawn(ctx, many)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, byIDs); diff != "" {
				t.Errorf("%s, %d orders left out (-want +got):\n%s", tt.name, len(few), diff)
			}
			if diff := cmp.Diff(byIDs, whole); diff != "" {
				t.Errorf("%s: %d orders left out (-) and %d (+) read apart:\n%s", tt.name, len(few), len(many), diff)
			}
		}
	})
}

// TestOrderFilterSpaces: the order filter finds an order given with
// spaces around its id, as the ledger keeps ids without them (before, an
// id pasted with a trailing space found no rows: "(no rows)" for an order
// the ledger holds).
func TestOrderFilterSpaces(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		if _, err := commit(t, l, false, line("PO-1", 1, ""), line("PO-2", 1, "")); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"PO-1", "PO-1 ", " PO-1\t"} {
			var got []string
			for r, err := range l.Query(ctx, ledger.Filter{OrderID: id}) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, r.OrderID)
			}
			if diff := cmp.Diff([]string{"PO-1"}, got); diff != "" {
				t.Errorf("--order %q (-want +got):\n%s", id, diff)
			}
		}
	})
}

// TestLicenceFilterAssignments: --licence finds the rows drawn on a
// licence and the reviewers' assignments of end users to it (why the
// rows of an end user the licence does not name drew on it), not the
// other actions, nor another licence's rows.
func TestLicenceFilterAssignments(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		if _, err := commit(t, l, false, line("A", 2, ""), line("B", 1, "D2")); err != nil {
			t.Fatal(err)
		}
		var a ledger.Row
		for r, err := range l.Query(ctx, ledger.Filter{OrderID: "A"}) {
			if err != nil {
				t.Fatal(err)
			}
			a = r
		}
		s, err := l.Begin(ctx, ledger.Run{Started: time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC), ToolVersion: "test", PolicyRevision: "p1", Actor: "reviewer"}, false)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddAction(ctx, ledger.Action{Kind: ledger.KindClearance, Line: &a, Name: "acme-e1.yaml", Record: []byte("record: clearance\n"), Outcome: "false_positive", Hit: `{"list":"EL","entry_id":"e1"}`}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddAction(ctx, ledger.Action{Kind: ledger.KindAssignment, Line: &a, Name: "acme-d1.yaml", Record: []byte("record: assignment\n"), Outcome: "assigned", Auth: "license:D1"}); err != nil {
			t.Fatal(err)
		}
		licensed := line("A", 2, "D1")
		if _, err := s.Rejudge(ctx, &licensed); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Finish(ctx); err != nil {
			t.Fatal(err)
		}
		var got []string
		for r, err := range l.Query(ctx, ledger.Filter{Licence: "d-1"}) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprintf("%d %s %s %s", r.Seq, r.Kind, r.OrderID, r.Auth))
		}
		want := []string{"4 assignment A license:D1", "5 rejudgement A license:D1"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("--licence D1 (-want +got):\n%s", diff)
		}
	})
}

// TestPostgresNoSchema: a PostgreSQL ledger whose search_path names no
// schema that exists is refused when it is opened, for a migration and
// for a read alike, saying which schema is missing and what to do; the
// schema is not made.
func TestPostgresNoSchema(t *testing.T) {
	base, why := ledgertest.Postgres()
	if base == "" {
		t.Skip(why)
	}
	ctx := context.Background()
	// Names no other test makes, folded as PostgreSQL folds them.
	missing := "exportcheck_test_missing_" + strings.ReplaceAll(time.Now().Format("150405.000000000"), ".", "")
	other := "Exportcheck_Test_Other_" + missing[len("exportcheck_test_missing_"):]
	withPath := func(path string) string {
		u, err := url.Parse(base)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("search_path", path)
		u.RawQuery = q.Encode()
		return u.String()
	}
	database := strings.TrimPrefix(must(url.Parse(base)).Path, "/")
	for _, tt := range []struct {
		name, path, want string
	}{
		{"one", missing, `schema "` + missing + `" does not exist in database ` + database + `: create it (CREATE SCHEMA ` + missing + `) or change search_path`},
		{"several", missing + `,"` + other + `"`, `none of the schemas its search_path names ("` + missing + `", "` + other + `") exists in database ` + database + `: create one (CREATE SCHEMA ` + missing + `) or change search_path`},
		{"folded", strings.ToUpper(missing), `schema "` + missing + `" does not exist in database ` + database + `: create it (CREATE SCHEMA ` + missing + `) or change search_path`},
		{"quoted", `"` + other + `"`, `schema "` + other + `" does not exist in database ` + database + `: create it (CREATE SCHEMA "` + other + `") or change search_path`},
		{"empty", "", `its search_path is empty, so database ` + database + ` has no schema to keep the ledger's tables in: name an existing schema (?search_path=SCHEMA)`},
	} {
		dsn := withPath(tt.path)
		for _, c := range []struct {
			command string
			run     func() error
		}{
			{"migrate", func() error {
				l, err := ledger.Open(ctx, dsn, true)
				if err != nil {
					return err
				}
				defer l.Close()
				_, err = l.Migrate(ctx)
				return err
			}},
			{"verify", func() error {
				l, err := ledger.Open(ctx, dsn, false)
				if err != nil {
					return err
				}
				defer l.Close()
				_, err = l.Verify(ctx, "")
				return err
			}},
		} {
			t.Run(tt.name+"/"+c.command, func(t *testing.T) {
				err := c.run()
				got := fmt.Sprint(err)
				if diff := cmp.Diff("ledger "+dsn+": "+tt.want, got); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			})
		}
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var made int
	if err := db.QueryRow("SELECT count(*) FROM pg_namespace WHERE nspname IN ($1, $2)", missing, other).Scan(&made); err != nil {
		t.Fatal(err)
	}
	if made != 0 {
		t.Errorf("%d of the missing schemas were made", made)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestPostgresSchemaNotUsable: a schema that exists but that the role may
// not use is not the current schema either: Open says so, and what to
// grant.
func TestPostgresSchemaNotUsable(t *testing.T) {
	base, why := ledgertest.Postgres()
	if base == "" {
		t.Skip(why)
	}
	dsn := ledgertest.DSN(t, "postgres")
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	role := fmt.Sprintf("exportcheck_test_role_%d", time.Now().UnixNano())
	if _, err := db.Exec("CREATE ROLE " + role + " LOGIN"); err != nil {
		t.Skipf("cannot make a role on EXPORTCHECK_TEST_POSTGRES's server: %v", err)
	}
	t.Cleanup(func() { db.Exec("DROP ROLE " + role) })
	u := must(url.Parse(dsn))
	u.User = url.User(role)
	schema := u.Query().Get("search_path")
	_, err = ledger.Open(context.Background(), u.String(), false)
	want := "ledger " + u.String() + ": role " + role + ` may not use schema "` + schema + `" in database ` + strings.TrimPrefix(u.Path, "/") +
		": grant it (GRANT USAGE ON SCHEMA " + schema + " TO " + role + ") or change search_path"
	if diff := cmp.Diff(want, fmt.Sprint(err)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestDrawnUnvalued: under checker.Unvalued the drawdown gives, per
// record, the units of the orders that drew on it but not on its value
// (each order's quantity once, however many quantity limits it drew), the
// same whether the database sums the draws or they are read whole, and
// without the orders left out.
func TestDrawnUnvalued(t *testing.T) {
	forEachLedger(t, func(t *testing.T, l *ledger.Ledger) {
		ctx := context.Background()
		// PO-1 drew units only, on two quantity limits; PO-2 units and
		// value; PO-3 units only; PO-4 value only, on a licence whose
		// only limit is its value.
		po1 := line("PO-1", 10, "D1")
		po1.Authorization.Draws = append(po1.Authorization.Draws, checker.Draw{Limit: "3A090.a", Amount: 10})
		po2 := line("PO-2", 4, "D1")
		po2.Authorization.Draws = append(po2.Authorization.Draws, checker.Draw{Limit: "value", Amount: 1000})
		po3 := line("PO-3", 5, "D1")
		po4 := line("PO-4", 2, "D2")
		po4.Authorization.Draws = []checker.Draw{{Limit: "value", Amount: 500}}
		if _, err := commit(t, l, false, po1, po2, po3, po4); err != nil {
			t.Fatal(err)
		}
		many := []string{"PO-3"} // the draws read whole
		for i := range ledger.ExceptScan() + 10 {
			many = append(many, fmt.Sprintf("X-%d", i))
		}
		for _, tt := range []struct {
			name   string
			except []string
			want   map[[2]string]float64
		}{
			{"all", nil, map[[2]string]float64{
				{"license:D1", "H100"}: 19, {"license:D1", "3A090.a"}: 10, {"license:D1", "value"}: 1000, {"license:D1", checker.Unvalued}: 15,
				{"license:D2", "value"}: 500,
			}},
			{"but PO-3, summed", []string{"PO-3"}, map[[2]string]float64{
				{"license:D1", "H100"}: 14, {"license:D1", "3A090.a"}: 10, {"license:D1", "value"}: 1000, {"license:D1", checker.Unvalued}: 10,
				{"license:D2", "value"}: 500,
			}},
			{"but PO-3, read whole", many, map[[2]string]float64{
				{"license:D1", "H100"}: 14, {"license:D1", "3A090.a"}: 10, {"license:D1", "value"}: 1000, {"license:D1", checker.Unvalued}: 10,
				{"license:D2", "value"}: 500,
			}},
		} {
			got, err := l.Drawn(ctx, tt.except)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, diff)
			}
		}
	})
}
