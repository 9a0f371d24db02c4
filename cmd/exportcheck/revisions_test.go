package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/ledger/ledgertest"
)

// TestBundleRevisionRemembered: a bundle's revision that committed
// decisions keeps its policies and data in the ledger across restarts. A
// later process given a bundle under that revision with other data (as
// opa build --revision can make it) is refused: check --commit exits 2
// committing nothing, serve does not start, and a server that never
// served the revision refuses the reload and keeps serving its bundle.
// The same content under the revision is taken, and commits.
func TestBundleRevisionRemembered(t *testing.T) {
	for _, kind := range ledgertest.Kinds {
		t.Run(kind, func(t *testing.T) {
			dsn := ledgertest.DSN(t, kind)
			dir := t.TempDir()
			priv, pub := signingKeys(t, dir)
			key, _ := os.ReadFile(priv)
			write := func(name string, b []byte) string {
				path := filepath.Join(dir, name)
				if err := os.WriteFile(path, b, 0o644); err != nil {
					t.Fatal(err)
				}
				return path
			}
			day := func(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC) }
			first := write("first.tar.gz", opaBundle(t, key, "v1", day(1)))
			other := write("other.tar.gz", opaBundle(t, key, "v1", day(3), "../../examples/company-data"))
			books := func(id string) string {
				return write(id+".csv", []byte("id,product,quantity,destination,end_user,end_user_hq,date\n"+id+",nvidia-h100-sxm5,1,DE,Berlin Robotics GmbH,DE,2026-03-02\n"))
			}
			exec := func(ctx context.Context, args ...string) (int, string) {
				var errb bytes.Buffer
				code := run(ctx, args, nil, io.Discard, &errb)
				return code, errb.String()
			}
			check := func(bundle, book string) (int, string) {
				return exec(context.Background(), "check", "--screening-list", "demo", "--fail-on", "prohibited", "--bundle", bundle, "--verification-key", pub, "--ledger", dsn, "--commit", book)
			}
			rows := func() string {
				var out bytes.Buffer
				run(context.Background(), []string{"ledger", "query", "--ledger", dsn, "--format", "csv"}, nil, &out, io.Discard)
				return out.String()
			}
			if code, errs := check(first, books("R-1")); code != 0 {
				t.Fatalf("check --commit with the first bundle: exit %d\n%s", code, errs)
			}
			before := rows()
			refusal := "is refused: ledger " + dsn + ": revision v1 committed decisions made with other policies and data (SHA-256 "

			code, errs := check(other, books("R-3"))
			if want := "--bundle " + other + " " + refusal; code != exitUsage || !strings.Contains(errs, want) || !strings.Contains(errs, "nothing was committed") {
				t.Errorf("check --commit under v1 with other data: exit %d\n%s\nwant exit 2 and %q", code, errs, want)
			}
			if after := rows(); after != before {
				t.Errorf("the refused run committed:\n%s\nwas:\n%s", after, before)
			}

			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			code, errs = exec(ctx, "serve", "--screening-list", "demo", "--listen", "127.0.0.1:0", "--bundle", other, "--verification-key", pub, "--ledger", dsn)
			if want := "--bundle " + other + " " + refusal; code != exitUsage || !strings.Contains(errs, want) || strings.Contains(errs, "serving on") {
				t.Errorf("serve under v1 with other data: exit %d\n%s\nwant exit 2 and %q", code, errs, want)
			}

			// A server that never served v1 reloads to it.
			file := write("bundle.tar.gz", opaBundle(t, key, "v2", day(2)))
			_, addr := startServe(t, "--bundle", file, "--verification-key", pub, "--ledger", dsn, "--commit")
			post := func(path, body string) (int, string) { t.Helper(); return postJSON(t, addr+path, body) }
			write("bundle.tar.gz", opaBundle(t, key, "v1", day(3), "../../examples/company-data"))
			if code, body := post("/v1/reload", ""); code != http.StatusBadGateway || !strings.Contains(body, "--bundle "+file+" "+refusal) {
				t.Errorf("a reload under v1 with other data: %d %s\nwant 502 with %q", code, body, "--bundle "+file+" "+refusal)
			}
			if rev := revisionOf(t, addr); rev != "v2" {
				t.Errorf("after the refused reload, serving %s, want v2", rev)
			}
			// The first bundle's content under v1, built since: taken, and
			// its decisions committed.
			write("bundle.tar.gz", opaBundle(t, key, "v1", day(4)))
			if code, body := post("/v1/reload", ""); code != http.StatusOK || !strings.Contains(body, `"revision":"v1"`) {
				t.Errorf("a reload to the first bundle's content under v1: %d %s", code, body)
			}
			order := `{"id": "R-2", "product": "nvidia-h100-sxm5", "quantity": 1, "destination": "DE", "end_user": "Berlin Robotics GmbH", "end_user_hq": "DE", "date": "2026-03-02"}`
			if code, body := post("/v1/check", order); code != http.StatusOK || !strings.Contains(body, `"revision":"v1"`) || !strings.Contains(body, `"run_id"`) {
				t.Errorf("a commit under v1 with its content: %d %s", code, body)
			}
		})
	}
}

// TestLedgerVerifyRevisions: ledger verify finds the revisions table
// edited or a row of it deleted in the database (the revision's content,
// which the run committed under it recorded and hashed), naming the run's
// first row, exit 1; a revision no run records is named under a chain
// that verifies, not passed over. Before, verify did not read the table.
func TestLedgerVerifyRevisions(t *testing.T) {
	for _, kind := range ledgertest.Kinds {
		t.Run(kind, func(t *testing.T) {
			dsn := ledgertest.DSN(t, kind)
			dir := t.TempDir()
			priv, pub := signingKeys(t, dir)
			key, _ := os.ReadFile(priv)
			bundle := filepath.Join(dir, "bundle.tar.gz")
			book := filepath.Join(dir, "book.csv")
			if err := os.WriteFile(bundle, opaBundle(t, key, "v1", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(book, []byte("id,product,quantity,destination,end_user,end_user_hq,date\nR-1,nvidia-h100-sxm5,1,DE,Berlin Robotics GmbH,DE,2026-03-02\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if code := run(context.Background(), []string{"check", "--screening-list", "demo", "--fail-on", "prohibited", "--bundle", bundle, "--verification-key", pub, "--ledger", dsn, "--commit", book}, nil, io.Discard, io.Discard); code != 0 {
				t.Fatalf("commit: exit %d", code)
			}
			l, err := ledger.Open(context.Background(), dsn, false)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			var content, runID string
			if err := l.DB().QueryRow("SELECT content, run_id FROM runs WHERE policy_revision = 'v1'").Scan(&content, &runID); err != nil || len(content) != 64 {
				t.Fatalf("the run's content: %q %v", content, err)
			}
			verify := func(want int) string {
				t.Helper()
				var out bytes.Buffer
				if code := run(context.Background(), []string{"ledger", "verify", "--ledger", dsn}, nil, &out, io.Discard); code != want {
					t.Fatalf("verify: exit %d, want %d\n%s", code, want, out.String())
				}
				return strings.TrimPrefix(out.String(), "ledger "+l.Name()+": ")
			}
			exec := func(q string) {
				t.Helper()
				if _, err := l.DB().Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			if got := verify(0); strings.Contains(got, "revision") {
				t.Errorf("verify of the ledger as committed: %q", got)
			}
			exec("INSERT INTO revisions (revision, content, first_seen) VALUES ('v9', 'c9', '2026-01-01T00:00:00Z')")
			if got, want := verify(0), "(the content the revisions table keeps for revision v9 was not checked: no row's run records it, as runs committed before 2026-12-07 did not, or its rows were pruned)\n"; !strings.HasSuffix(got, want) {
				t.Errorf("verify with a revision no run records: %q, want it to end %q", got, want)
			}
			whole := "\n(rows 1 to 1 hash whole as a chain, this one too; the break was found checking the reasons, revisions, standing flags and draws against them)\n"
			exec("UPDATE revisions SET content = '" + strings.Repeat("0", 64) + "' WHERE revision = 'v1'")
			if got, want := verify(1), "BROKEN: row 1 was committed under revision v1, whose policies and data its run "+runID+" recorded as SHA-256 "+content[:12]+"…, but the revisions table says 000000000000… (the revisions table was changed)"+whole; got != want {
				t.Errorf("verify after the revision's content was changed:\n%q\nwant\n%q", got, want)
			}
			exec("DELETE FROM revisions WHERE revision = 'v1'")
			if got, want := verify(1), "BROKEN: row 1 was committed under revision v1, whose policies and data its run "+runID+" recorded as SHA-256 "+content[:12]+"…, but the revisions table does not hold the revision (its row there was deleted)"+whole; got != want {
				t.Errorf("verify after the revision's row was deleted:\n%q\nwant\n%q", got, want)
			}
		})
	}
}
