package serve_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/ledger/ledgertest"
	"github.com/exportcheck/exportcheck/records"
	"github.com/exportcheck/exportcheck/serve"
)

// ask sends srv a request addressed to loopback (the servers here have no
// tokens), and checks the answer against the OpenAPI document.
func ask(t *testing.T, srv http.Handler, method, path, body string) (int, map[string]any, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(method, "http://127.0.0.1"+path, strings.NewReader(body)))
	router, _ := openAPI(t)
	vreq, _ := http.NewRequest(method, "http://127.0.0.1:8080"+path, strings.NewReader(body))
	route, params, err := router.FindRoute(vreq)
	if err != nil {
		t.Fatalf("the OpenAPI document has no route for %s %s: %v", method, path, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true}}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code, Header: rec.Header(), Body: io.NopCloser(bytes.NewReader(rec.Body.Bytes())),
		Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		t.Errorf("%s %s: the response is not as the document says: %v", method, path, err)
	}
	var p map[string]any
	if rec.Header().Get("Content-Type") == "application/problem+json" {
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
			t.Fatalf("%s %s: %v: %s", method, path, err, rec.Body)
		}
	}
	return rec.Code, p, rec.Body.String()
}

// problemJSON is a problem details object as the server writes it.
func problemJSON(status int, slug, title, detail string) map[string]any {
	return map[string]any{"type": serve.ProblemBase + slug, "title": title, "status": float64(status), "detail": detail}
}

const falconOrder = `{"id": "RC-1", "product": "nvidia-h100-sxm5", "quantity": 8, "destination": "AE", "end_user": "Falcon Compute Data Center LLC", "consignee": "Falcon Compute Data Center LLC", "end_user_hq": "AE", "date": "2026-03-02"}`

// TestRevisionConflictAtCommit: another server committed first under the
// bundle revision this one serves, with other policies and data. A commit
// is refused for good (409 revision-conflict naming the revision and both
// contents, not a 503 a client would retry for ever), /readyz says the
// server is not ready and why, and /metrics counts the refusal.
func TestRevisionConflictAtCommit(t *testing.T) {
	for _, kind := range ledgertest.Kinds {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			dsn := ledgertest.DSN(t, kind)
			l := ledgerAt(t, dsn)
			set, err := records.Load("../examples/records")
			if err != nil {
				t.Fatal(err)
			}
			c, err := checker.New(ctx, checker.Options{Records: set.Checker(), Drawdown: ledger.ContextDrawdown{L: l}, Revision: "v1"})
			if err != nil {
				t.Fatal(err)
			}
			srv := serve.New(serve.Options{Checker: c, Ledger: l, Commit: true})
			if code, _, body := ask(t, srv, "GET", "/readyz", ""); code != http.StatusOK {
				t.Fatalf("/readyz before: %d %s", code, body)
			}
			// The other server, under v1 with other content, commits first.
			other, err := ledger.Open(ctx, dsn, false)
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			const otherContent = "0f0e0d0c0b0a09080706050403020100f0e0d0c0b0a090807060504030201000"
			s, err := other.Begin(ctx, ledger.Run{Started: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), ToolVersion: "test", PolicyRevision: "v1", Content: otherContent}, false)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Finish(ctx); err != nil {
				t.Fatal(err)
			}

			conflict := "revision v1 committed decisions made with other policies and data (SHA-256 " + otherContent + ", first committed 2026-06-01T12:00:00Z) than this server serves under it (SHA-256 " + c.Bundle().Content +
				"): every decision names only the revision, so the ledger takes no other content under it"
			for _, tt := range []struct {
				method, path, body string
				status             int
				want               map[string]any
			}{
				{"POST", "/v1/check", falconOrder, http.StatusConflict, problemJSON(http.StatusConflict, "revision-conflict",
					"The ledger holds other policies and data for this revision; nothing was committed",
					conflict+"; nothing of this request was committed, and no commit of this server will be until it serves that content or a bundle built under a new revision (exportcheck bundle build names its content's hash)")},
				{"GET", "/readyz", "", http.StatusServiceUnavailable, problemJSON(http.StatusServiceUnavailable, "revision-conflict",
					"Not ready: the ledger holds other policies and data for this revision",
					conflict+"; the ledger refuses its decisions: serve that content, or a bundle built under a new revision (exportcheck bundle build names its content's hash)")},
			} {
				code, got, body := ask(t, srv, tt.method, tt.path, tt.body)
				if code != tt.status {
					t.Errorf("%s %s: status %d, want %d: %s", tt.method, tt.path, code, tt.status, body)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("%s %s (-want +got):\n%s", tt.method, tt.path, diff)
				}
			}
			for r, err := range l.Query(ctx, ledger.Filter{OrderID: "RC-1"}) {
				if err != nil {
					t.Fatal(err)
				}
				t.Errorf("the refused request committed %s under %s", r.OrderID, r.Run.PolicyRevision)
			}
			_, _, metrics := ask(t, srv, "GET", "/metrics", "")
			if !strings.Contains(metrics, "\nexportcheck_revision_conflicts_total 1\n") {
				t.Errorf("/metrics does not count the conflict:\n%s", metrics)
			}
		})
	}
}

// TestSchemaGone: a PostgreSQL ledger's schema dropped while the server
// runs. Commits, reads and /readyz answer 503 ledger-schema-gone, naming
// the schema and the database, not in PostgreSQL's words ("relation …
// does not exist").
func TestSchemaGone(t *testing.T) {
	dsn := ledgertest.DSN(t, "postgres") // skipped without PostgreSQL
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	schema, database := u.Query().Get("search_path"), strings.TrimPrefix(u.Path, "/")
	l, c, _ := committingAt(t, dsn)
	srv := serve.New(serve.Options{Checker: c, Ledger: l, Commit: true})
	reading := serve.New(serve.Options{Checker: c, Ledger: l})
	if code, _, body := ask(t, srv, "POST", "/v1/check", falconOrder); code != http.StatusOK {
		t.Fatalf("a commit before: %d %s", code, body)
	}
	if _, err := l.DB().Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
		t.Fatal(err)
	}
	gone := fmt.Sprintf("the ledger's schema %q is gone from database %q (dropped while the server ran): nothing can be read from the ledger or committed to it until the operator restores it", schema, database)
	unavailable(t, []problemAsk{
		{srv, "POST", "/v1/check", strings.ReplaceAll(falconOrder, "RC-1", "RC-2"), problemJSON(503, "ledger-schema-gone", "The ledger cannot take the commit", "nothing of this request was committed: "+gone)},
		{reading, "POST", "/v1/check", strings.ReplaceAll(falconOrder, "RC-1", "RC-3"), problemJSON(503, "ledger-schema-gone", "The ledger cannot be read", gone)},
		{srv, "GET", "/v1/decisions", "", problemJSON(503, "ledger-schema-gone", "The ledger cannot be read", gone)},
		{srv, "GET", "/readyz", "", problemJSON(503, "ledger-schema-gone", "Not ready", "the server cannot serve checks: "+gone)},
	})
}

// problemAsk is a request to a server and the problem it should answer.
type problemAsk struct {
	srv                http.Handler
	method, path, body string
	want               map[string]any
}

// unavailable sends each request and expects 503 with its problem.
func unavailable(t *testing.T, asks []problemAsk) {
	t.Helper()
	for _, q := range asks {
		code, got, body := ask(t, q.srv, q.method, q.path, q.body)
		if code != http.StatusServiceUnavailable {
			t.Errorf("%s %s: status %d, want 503: %s", q.method, q.path, code, body)
		}
		if diff := cmp.Diff(q.want, got); diff != "" {
			t.Errorf("%s %s (-want +got):\n%s", q.method, q.path, diff)
		}
	}
}

// TestDrawsChanged: a row of the ledger's draws table edited, deleted or
// added in the database (not by a commit). A check a licence could cover
// reads the drawdown, finds it, and is refused (503 ledger-draws-changed,
// not judged, nothing committed), and /readyz says the server is not
// ready; the answer names neither the ledger nor the order (the log
// does). An untouched ledger serves.
func TestDrawsChanged(t *testing.T) {
	const detail = "the ledger's draws table, from which what remains on the licences is counted, does not say what its decision log's standing versions draw (it was changed other than by a commit): no line a licence could cover is judged, and nothing committed, against draws that cannot be trusted, until the operator runs exportcheck ledger verify and finds out what changed (the server's log names the order and the record)"
	for _, kind := range ledgertest.Kinds {
		for _, tt := range []struct{ name, sql string }{
			{"edited", "UPDATE draws SET amount = 1 WHERE order_id = 'RC-1'"},
			{"deleted", "DELETE FROM draws WHERE order_id = 'RC-1'"},
			{"added", "INSERT INTO draws (order_id, record, lim, amount, seq) VALUES ('RC-9', 'license:D1234567', 'nvidia-h100-sxm5', 50, 9)"},
		} {
			t.Run(kind+"/"+tt.name, func(t *testing.T) {
				ctx := context.Background()
				l, c, _ := committing(t, kind)
				var logged bytes.Buffer
				logger := slog.New(slog.NewTextHandler(&logged, nil))
				srv := serve.New(serve.Options{Checker: c, Ledger: l, Commit: true, Logger: logger})
				reading := serve.New(serve.Options{Checker: c, Ledger: l, Logger: logger})
				if code, _, body := ask(t, srv, "POST", "/v1/check", falconOrder); code != http.StatusOK || !strings.Contains(body, `"decision":"licensed"`) {
					t.Fatalf("a commit before: %d %s", code, body)
				}
				for _, h := range []http.Handler{srv, reading} {
					if code, _, body := ask(t, h, "GET", "/readyz", ""); code != http.StatusOK {
						t.Fatalf("/readyz before: %d %s", code, body)
					}
					if code, _, body := ask(t, h, "POST", "/v1/check", strings.ReplaceAll(falconOrder, "RC-1", "RC-2")); code != http.StatusOK {
						t.Fatalf("/v1/check before: %d %s", code, body)
					}
				}
				if _, err := l.DB().Exec(tt.sql); err != nil {
					t.Fatal(err)
				}
				unavailable(t, []problemAsk{
					{srv, "POST", "/v1/check", strings.ReplaceAll(falconOrder, "RC-1", "RC-3"), problemJSON(503, "ledger-draws-changed", "The ledger cannot take the commit: its draws do not match its decision log", "nothing of this request was committed: "+detail)},
					{reading, "POST", "/v1/check", strings.ReplaceAll(falconOrder, "RC-1", "RC-4"), problemJSON(503, "ledger-draws-changed", "The ledger cannot be read: its draws do not match its decision log", detail)},
					{srv, "GET", "/readyz", "", problemJSON(503, "ledger-draws-changed", "Not ready: its draws do not match its decision log", "the server cannot serve checks: "+detail)},
				})
				// A check no licence could cover reads no drawdown: judged.
				allow := `{"id": "AL-1", "product": "nvidia-h100-sxm5", "quantity": 1, "destination": "DE", "end_user": "Example GmbH", "date": "2026-03-02"}`
				if code, _, body := ask(t, reading, "POST", "/v1/check", allow); code != http.StatusOK {
					t.Errorf("a line no licence covers: %d %s", code, body)
				}
				for r, err := range l.Query(ctx, ledger.Filter{OrderID: "RC-3"}) {
					if err != nil {
						t.Fatal(err)
					}
					t.Errorf("the refused request committed %s", r.OrderID)
				}
				if !strings.Contains(logged.String(), "the draws do not match the decision log") {
					t.Errorf("the server's log does not say why:\n%s", logged.String())
				}
			})
		}
	}
}
