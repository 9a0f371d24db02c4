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
