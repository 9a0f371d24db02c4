package serve_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/ledger/ledgertest"
	"github.com/exportcheck/exportcheck/records"
	"github.com/exportcheck/exportcheck/reports"
	"github.com/exportcheck/exportcheck/screening"
	"github.com/exportcheck/exportcheck/serve"
)

// newLedger is a new ledger of kind, migrated, closed when the test ends.
func newLedger(t *testing.T, kind string) *ledger.Ledger {
	t.Helper()
	return ledgerAt(t, ledgertest.DSN(t, kind))
}

// ledgerAt is the ledger dsn names, migrated, closed when the test ends.
func ledgerAt(t *testing.T, dsn string) *ledger.Ledger {
	t.Helper()
	ctx := context.Background()
	l, err := ledger.Open(ctx, dsn, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	if _, err := l.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return l
}

// committing is a new ledger of kind, migrated (closed when the test
// ends), the example records, and a checker drawing down on both.
func committing(t *testing.T, kind string) (*ledger.Ledger, *checker.Checker, *records.Set) {
	t.Helper()
	return committingAt(t, ledgertest.DSN(t, kind))
}

// committingAt is committing on the ledger dsn names.
func committingAt(t *testing.T, dsn string) (*ledger.Ledger, *checker.Checker, *records.Set) {
	t.Helper()
	ctx := context.Background()
	l := ledgerAt(t, dsn)
	set, err := records.Load("../examples/records")
	if err != nil {
		t.Fatal(err)
	}
	c, err := checker.New(ctx, checker.Options{Records: set.Checker(), Drawdown: ledger.ContextDrawdown{L: l}})
	if err != nil {
		t.Fatal(err)
	}
	return l, c, set
}

// TestCommit: with a ledger and Commit, each request is a run named after
// its token; what it draws counts for the next request; the same order
// again draws nothing twice; changed, it is a conflict; GET /v1/decisions
// pages through the log.
func TestCommit(t *testing.T) {
	for _, kind := range ledgertest.Kinds {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			l, c, set := committing(t, kind)
			ts, tok := tokens(t)
			srv := httptest.NewServer(serve.New(serve.Options{Checker: c, Tokens: ts, Ledger: l, Commit: true, Inputs: map[string]string{"ownership:own.csv": "sha256:0123456789abcdef"}}))
			defer srv.Close()
			do := func(method, path, body string) (int, string) {
				t.Helper()
				req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+tok["pipeline"])
				resp, err := srv.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				return resp.StatusCode, string(b)
			}
			order := func(id, qty string) string {
				return `{"id": "` + id + `", "product": "nvidia-h100-sxm5", "quantity": ` + qty + `, "destination": "AE", "end_user": "Falcon Compute Data Center LLC", "consignee": "Falcon Compute Data Center LLC", "end_user_hq": "AE", "date": "2026-03-02"}`
			}
			for _, step := range []struct {
				name, body string
				status     int
				want       []string
			}{
				{"60 of 100", order("LIC-1", "60"), 200, []string{`"decision":"licensed"`, `"remaining_after":40`, `"committed":{"already":0,"chain_head":"`, `"lines":1`, `"rejudged":0`}},
				{"50 do not fit", order("LIC-2", "50"), 200, []string{`"decision":"license_required"`, `40 units of its limit for nvidia-h100-sxm5 left, the line needs 50`, `"lines":1`}},
				{"the same order again", order("LIC-1", "60"), 200, []string{`"decision":"licensed"`, `"remaining_after":40`, `"already":1`, `"lines":0`}},
				{"changed", order("LIC-1", "61"), 409, []string{`"type":"` + serve.ProblemBase + `conflict"`, `"detail":"order 1: order LIC-1 differs from the version committed by run`, ` (ledger row 1): the server does not amend`,
					`: the server does not amend a committed order (exportcheck check --commit --amend does)`}},
				{"one order twice in a request", `{"orders": [` + order("LIC-9", "10") + `, ` + order("LIC-9", "10") + `]}`, 409, []string{`"title":"Orders that cannot be committed; nothing was committed"`,
					`"detail":"order 2: order LIC-9 is also on order 1 of this run, which draws on license:D1234567: the ledger keeps an order once`}},
				{"no id", `{"product": "nvidia-h100-sxm5", "quantity": 1, "destination": "AE", "end_user": "X", "date": "2026-03-02"}`, 422, []string{`no-order-id`,
					`"detail":"order 1 has no id (id, order_id or line_id): the ledger keeps orders by their ids"`}},
				{"no date", `{"id": "ND-1", "product": "nvidia-h100-sxm5", "quantity": 1, "destination": "AE", "end_user": "X"}`, 200, []string{`"error":"order 1: missing date (give the order's ship date as YYYY-MM-DD)"`}},
			} {
				code, body := do("POST", "/v1/check", step.body)
				if code != step.status {
					t.Fatalf("%s: status %d, want %d\n%s", step.name, code, step.status, body)
				}
				for _, w := range step.want {
					if !strings.Contains(body, w) {
						t.Errorf("%s: body lacks %s\n%s", step.name, w, body)
					}
				}
				if strings.Contains(body, "commit with --amend") { // a flag the API has not
					t.Errorf("%s: the answer points an API client at --amend\n%s", step.name, body)
				}
				if strings.Contains(body, "-:") || strings.Contains(body, "column") { // standard input's places, a CSV file's columns
					t.Errorf("%s: the answer names the command line's places\n%s", step.name, body)
				}
			}
			code, body := do("GET", "/v1/decisions?licence=D1234567", "")
			if code != 200 || strings.Count(body, `"seq":`) != 1 || !strings.Contains(body, `"actor":"pipeline"`) || !strings.Contains(body, `"order_id":"LIC-1"`) || !strings.Contains(body, `"next":null`) {
				t.Errorf("decisions on D1234567: %d %s", code, body)
			}
			code, body = do("GET", "/v1/decisions?limit=1", "")
			if code != 200 || !strings.Contains(body, `"order_id":"LIC-1"`) || !strings.Contains(body, `"next":1`) {
				t.Errorf("the first page: %d %s", code, body)
			}
			code, body = do("GET", "/v1/decisions?limit=1&after=1", "")
			if code != 200 || !strings.Contains(body, `"order_id":"LIC-2"`) {
				t.Errorf("the second page: %d %s", code, body)
			}
			if code, body = do("GET", "/v1/decisions?limit=5000", ""); code != 400 || !strings.Contains(body, `limit \"5000\": want a whole number from 1 to 1000`) {
				t.Errorf("limit 5000: %d %s", code, body)
			}
			if code, body = do("GET", "/v1/decisions?after=abc", ""); code != 400 || !strings.Contains(body, `after \"abc\": want a whole number, 0 or more (a page's next)`) {
				t.Errorf("after abc: %d %s", code, body)
			}
			if v, err := l.Verify(ctx, ""); err != nil || v.Rows != 2 {
				t.Errorf("verify: %+v %v", v, err)
			}
			// Each run names the request and the further inputs it was judged with.
			for r, err := range l.Query(ctx, ledger.Filter{OrderID: "LIC-1"}) {
				if err != nil {
					t.Fatal(err)
				}
				var in map[string]string
				if err := json.Unmarshal([]byte(r.Run.Inputs), &in); err != nil {
					t.Fatalf("run inputs %q: %v", r.Run.Inputs, err)
				}
				if in["ownership:own.csv"] != "sha256:0123456789abcdef" || len(in["request"]) != 64 {
					t.Errorf("run inputs %v", in)
				}
				if r.Run.RecordsRevision != set.Revision() {
					t.Errorf("run records revision %q, want the records' %q", r.Run.RecordsRevision, set.Revision())
				}
			}
		})
	}
}

// TestDecisionsEndUser: GET /v1/decisions?end_user= finds part of the
// end user's name in any case, as ledger query --end-user and the review
// desk do (before, only the whole name did: "falcon compute" found
// nothing), and a blank one is refused, not read as every row.
func TestDecisionsEndUser(t *testing.T) {
	l, c, _ := committing(t, "sqlite")
	srv := httptest.NewServer(serve.New(serve.Options{Checker: c, Ledger: l, Commit: true}))
	defer srv.Close()
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := srv.Client().Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	orders := `{"orders": [` + falconOrder + `, {"id": "AT-1", "product": "nvidia-h100-sxm5", "quantity": 1, "destination": "DE", "end_user": "Atlas Sanatgaran GmbH", "end_user_hq": "DE", "date": "2026-03-02"}]}`
	resp, err := srv.Client().Post(srv.URL+"/v1/check", "application/json", strings.NewReader(orders))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("commit: status %d", resp.StatusCode)
	}
	for _, tt := range []struct {
		query  string
		orders []string
	}{
		{"end_user=falcon+compute", []string{"RC-1"}},
		{"end_user=ATLAS+SANATGARAN+GMBH", []string{"AT-1"}},
		{"end_user=Sanatgaran", []string{"AT-1"}},
		{"end_user=%25", nil}, // a % is a letter of the name, not a wildcard
		{"end_user=+Atlas+", []string{"AT-1"}},
	} {
		code, body := get("/v1/decisions?" + tt.query)
		var page struct {
			Decisions []struct {
				OrderID string `json:"order_id"`
			} `json:"decisions"`
		}
		if err := json.Unmarshal([]byte(body), &page); code != 200 || err != nil {
			t.Errorf("%s: %d %v\n%s", tt.query, code, err, body)
			continue
		}
		var got []string
		for _, d := range page.Decisions {
			got = append(got, d.OrderID)
		}
		if diff := cmp.Diff(tt.orders, got); diff != "" {
			t.Errorf("%s: orders (-want +got):\n%s", tt.query, diff)
		}
	}
	for _, q := range []string{"end_user=", "end_user=+++"} {
		code, body := get("/v1/decisions?" + q)
		var got map[string]any
		json.Unmarshal([]byte(body), &got)
		v, _ := strings.CutPrefix(q, "end_user=")
		v = strings.ReplaceAll(v, "+", " ")
		want := problemJSON(400, "bad-parameter", "Bad end_user", fmt.Sprintf("end_user %q: give part of the end user's name", v))
		if diff := cmp.Diff(want, got); code != 400 || diff != "" {
			t.Errorf("%s: status %d, problem (-want +got):\n%s", q, code, diff)
		}
	}
}

// TestDecisionsRow: a row of GET /v1/decisions is the row as ledger query
// -f json gives it (less what only its hash needs), with headline: 1 + the
// index in reasons of the reason that decided the line, here the licence
// requirement for the destination, not the classification listed first;
// and as the OpenAPI document says.
func TestDecisionsRow(t *testing.T) {
	ctx := context.Background()
	l, c, set := committing(t, "sqlite")
	srv := serve.New(serve.Options{Checker: c, Ledger: l, Commit: true})
	call := func(method, path, body string) map[string]any {
		t.Helper()
		code, _, text := ask(t, srv, method, path, body) // and as the OpenAPI document says
		var got map[string]any
		if err := json.Unmarshal([]byte(text), &got); err != nil || code != 200 {
			t.Fatalf("%s %s: %d %v\n%s", method, path, code, err, text)
		}
		return got
	}
	checked := call("POST", "/v1/check", `{"id": "CN-1", "product": "nvidia-h100-sxm5", "quantity": 2, "destination": "CN", "end_user": "Example Co", "end_user_hq": "CN", "date": "2026-03-02"}`)
	result := checked["results"].([]any)[0].(map[string]any)
	committed := checked["committed"].(map[string]any)
	var started string
	for r, err := range l.Query(ctx, ledger.Filter{OrderID: "CN-1"}) {
		if err != nil {
			t.Fatal(err)
		}
		started = r.Run.Started
	}
	reasons := result["reasons"].([]any)
	if rule := reasons[1].(map[string]any)["rule"]; rule != "license.destination.d145" {
		t.Fatalf("the second reason is %v, want the licence requirement for CN", rule)
	}
	// The ledger keeps the policy's mark on the classification's reason
	// (listed first), which check's JSON leaves out.
	stored := append([]any{}, reasons...)
	cls := map[string]any{"classification": true}
	for k, v := range stored[0].(map[string]any) {
		cls[k] = v
	}
	stored[0] = cls
	inputs := []any{"id", "CN-1", "product", "nvidia-h100-sxm5", "quantity", "2", "destination", "CN", "end_user", "Example Co", "end_user_hq", "CN", "date", "2026-03-02", "end_use", "", "ship_from", ""}
	want := map[string]any{
		"seq": 1.0, "kind": "decision", "run_id": committed["run_id"], "order_id": "CN-1", "file": "-", "line": 1.0,
		"ship_date": "2026-03-02", "product": "nvidia-h100-sxm5", "destination": "CN", "end_user": "Example Co",
		"decision": "license_required", "eccn": "3A090.a", "regime": "ear-2026-01-15", "review_policy": "case_by_case", "exception": "",
		"authorization": "", "drawn": []any{}, "reasons": stored, "screening_hits": []any{}, "headline": 2.0, "inputs": inputs,
		"policy_revision": c.Revision(), "records_revision": set.Revision(), "decided_at": started, "actor": "", "commit_reason": "",
		"prev_hash": "", "row_hash": committed["chain_head"],
	}
	got := call("GET", "/v1/decisions", "")
	if diff := cmp.Diff(map[string]any{"decisions": []any{want}, "next": nil}, got); diff != "" {
		t.Errorf("GET /v1/decisions (-want +got):\n%s", diff)
	}
}

// TestScreeningOffWords: a server screening against no list says so to
// a client asking it to screen a name, as its operator would put it.
func TestScreeningOffWords(t *testing.T) {
	_, c, _ := committing(t, "sqlite") // a checker without a screener
	srv := httptest.NewServer(serve.New(serve.Options{Checker: c}))
	defer srv.Close()
	resp, err := srv.Client().Post(srv.URL+"/v1/screen", "application/json", strings.NewReader(`{"name": "Atlas Sanatgaran", "date": "2026-03-02"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	want := problemJSON(409, "screening-off", "Screening is off", "this server screens end users against no restricted-party list (its configuration turns screening off), so no name can be screened here")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problem (-want +got):\n%s", diff)
	}
}

// TestGroupCommit: requests committing at once are committed in groups,
// each judged as if the requests had come one after another: a licence is
// never overdrawn, a request that conflicts or names no order id is
// refused alone, and the log verifies.
func TestGroupCommit(t *testing.T) {
	for _, kind := range ledgertest.Kinds {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			l, c, _ := committing(t, kind)
			srv := httptest.NewServer(serve.New(serve.Options{Checker: c, Ledger: l, Commit: true}))
			defer srv.Close()
			post := func(body string) (int, string) {
				resp, err := srv.Client().Post(srv.URL+"/v1/check", "application/json", strings.NewReader(body))
				if err != nil {
					return 0, err.Error()
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				return resp.StatusCode, string(b)
			}
			order := func(id string, qty int) string {
				return fmt.Sprintf(`{"id": %q, "product": "nvidia-h100-sxm5", "quantity": %d, "destination": "AE", "end_user": "Falcon Compute Data Center LLC", "consignee": "Falcon Compute Data Center LLC", "end_user_hq": "AE", "date": "2026-03-02"}`, id, qty)
			}
			if code, body := post(order("CONF-1", 1)); code != 200 {
				t.Fatalf("CONF-1: %d %s", code, body)
			}
			// 40 orders of 7 against the 99 left of 100, with a changed
			// CONF-1 and orders without an id among them.
			var bodies []string
			for i := range 40 {
				bodies = append(bodies, order(fmt.Sprintf("G-%d", i), 7))
				if i%10 == 5 {
					bodies = append(bodies, order("CONF-1", 2), strings.Replace(order("", 1), `"id": "", `, "", 1))
				}
			}
			type answer struct {
				code int
				body string
			}
			answers := make([]answer, len(bodies))
			var wg sync.WaitGroup
			for i, b := range bodies {
				wg.Go(func() { answers[i].code, answers[i].body = post(b) })
			}
			wg.Wait()
			count := map[string]int{}
			for i, a := range answers {
				switch {
				case a.code == 200 && strings.Contains(a.body, `"decision":"licensed"`) && strings.Contains(a.body, `"lines":1`):
					count["licensed"]++
				case a.code == 200 && strings.Contains(a.body, `"decision":"license_required"`) && strings.Contains(a.body, `"lines":1`):
					count["license_required"]++
				case a.code == 409 && strings.Contains(bodies[i], "CONF-1"):
					count["conflict"]++
				case a.code == 422 && !strings.Contains(bodies[i], `"id"`):
					count["no id"]++
				default:
					t.Errorf("%s: %d %s", bodies[i], a.code, a.body)
				}
			}
			// As if one after another: 14 × 7 = 98 of the 99 left.
			want := map[string]int{"licensed": 14, "license_required": 26, "conflict": 4, "no id": 4}
			if diff := cmp.Diff(want, count); diff != "" {
				t.Errorf("answers (-want +got):\n%s", diff)
			}
			drawn, err := l.Drawn(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			// 99 units, each order's drawn on the quantity limit only
			// (the licence has no value limit).
			wantDrawn := map[[2]string]float64{{"license:D1234567", "nvidia-h100-sxm5"}: 99, {"license:D1234567", checker.Unvalued}: 99}
			if diff := cmp.Diff(wantDrawn, drawn); diff != "" {
				t.Errorf("drawn (-want +got):\n%s", diff)
			}
			if v, err := l.Verify(ctx, ""); err != nil || v.Rows != 41 {
				t.Errorf("verify: %+v %v", v, err)
			}
		})
	}
}

// TestCommitRefusesWhatIf: a committing server judges ?regime= and ?as_of=
// what-ifs for no one: the ledger's row of a line judged under a what-if would
// read as the rules in force (its run does not name the regime), and an
// allow under a regime without the affiliates rule keeps off the desk a
// line the rules in force send for review. The regime serving is taken.
func TestCommitRefusesWhatIf(t *testing.T) {
	l, c, _ := committing(t, "sqlite")
	srv := httptest.NewServer(serve.New(serve.Options{Checker: c, Ledger: l, Commit: true,
		Regime: func(ctx context.Context, base *checker.Checker, regime string) (*checker.Checker, error) {
			o := base.Options()
			o.Regime = regime
			return checker.New(ctx, o)
		}}))
	defer srv.Close()
	type answer struct {
		Query  string
		Status int
		Type   string
	}
	var want, got []answer
	for i, tt := range []struct {
		query  string
		status int
		typ    string
	}{
		{"?regime=ai-diffusion", 400, serve.ProblemBase + "bad-parameter"},
		{"?regime=affiliates-suspended", 400, serve.ProblemBase + "bad-parameter"},
		{"?as_of=2023-01-01", 400, serve.ProblemBase + "bad-parameter"},
		{"?regime=enforced", 200, ""},
		{"", 200, ""},
	} {
		order := fmt.Sprintf(`{"id": "W-%d", "product": "nvidia-h100-sxm5", "quantity": 1, "destination": "IN", "end_user": "Acme", "end_user_hq": "IN", "date": "2025-06-01"}`, i)
		resp, err := srv.Client().Post(srv.URL+"/v1/check"+tt.query, "application/json", strings.NewReader(order))
		if err != nil {
			t.Fatal(err)
		}
		var p struct{ Type string }
		json.NewDecoder(resp.Body).Decode(&p)
		resp.Body.Close()
		want = append(want, answer{tt.query, tt.status, tt.typ})
		got = append(got, answer{tt.query, resp.StatusCode, p.Type})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	var orders []string
	for r, err := range l.Query(context.Background(), ledger.Filter{}) {
		if err != nil {
			t.Fatal(err)
		}
		orders = append(orders, r.OrderID)
	}
	if diff := cmp.Diff([]string{"W-3", "W-4"}, orders); diff != "" {
		t.Errorf("the orders committed (-want +got):\n%s", diff)
	}
}

// gatedBody is a request body whose first Read says the handler is
// reading (it has taken its checker) and waits to be let go.
type gatedBody struct {
	reading, go_ chan struct{}
	r            io.Reader
	once         sync.Once
}

func (g *gatedBody) Read(p []byte) (int, error) {
	g.once.Do(func() { close(g.reading); <-g.go_ })
	return g.r.Read(p)
}

func (g *gatedBody) Close() error { return nil }

// TestCommitOneRevision: a committing request is judged by the policy
// revision its answer and its ledger run name, even when a reload swapped
// in another revision while it was read, and a reviewer's record (kept in
// the ledger by another server's desk) has the commit judge it with the
// records the ledger keeps.
func TestCommitOneRevision(t *testing.T) {
	ctx := context.Background()
	desk, tok, l := deskServerLedger(t)
	// The desk of the first server clears a candidate: the ledger keeps
	// a record the committing server below has not read.
	clearREV1(t, desk, tok)
	m := screening.NewMatcher(screening.Excerpt())
	mk := func(rev string, data ...string) *checker.Checker {
		c, err := checker.New(ctx, checker.Options{Screener: screening.Screener{M: m}, Drawdown: ledger.ContextDrawdown{L: l}, Horizon: farHorizon, Revision: rev, DataDirs: data})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// r2 knows a product r1 does not.
	r1, r2 := mk("r1"), mk("r2", "../examples/company-data")
	srv := serve.New(serve.Options{Checker: r1, Ledger: l, Commit: true, Reload: func(context.Context) (*checker.Checker, error) { return r2, nil }})
	body := &gatedBody{reading: make(chan struct{}), go_: make(chan struct{}),
		r: strings.NewReader(`{"id": "NEW-1", "product": "acme-inference-box-4", "quantity": 1, "destination": "DE", "end_user": "Berlin Render GmbH", "end_user_hq": "DE", "date": "2026-03-02"}`)}
	req := httptest.NewRequest("POST", "http://127.0.0.1/v1/check", nil)
	req.Body = body
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() { srv.ServeHTTP(rec, req); close(done) }()
	<-body.reading
	if _, err := srv.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	close(body.go_)
	<-done
	var got struct {
		Results []struct {
			Decision string `json:"decision"`
		} `json:"results"`
		Revision string `json:"revision"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	var rows []string
	for r, err := range l.Query(ctx, ledger.Filter{OrderID: "NEW-1"}) {
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r.Run.PolicyRevision+" "+r.Decision)
	}
	// r1 does not know the product: the line cannot be judged by it, and
	// a line that cannot be judged is not committed.
	var want []string
	if diff := cmp.Diff(want, rows); diff != "" || got.Revision != "r1" || len(got.Results) != 1 || got.Results[0].Decision != "error" {
		t.Errorf("the answer names %s, decides %+v; the ledger (-want +got):\n%s\n%s", got.Revision, got.Results, diff, rec.Body)
	}
}

// TestLedgerFaultLeaksNothing: when the ledger fails, the client is told
// so (503 ledger-unavailable, nothing committed) without the ledger's
// name (a file's path, a database's host and user) or the driver's error;
// the server's log has them.
func TestLedgerFaultLeaksNothing(t *testing.T) {
	l, c, _ := committing(t, "sqlite")
	var log strings.Builder
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(lockedWriter{&mu, &log}, nil))
	srv := serve.New(serve.Options{Checker: c, Ledger: l, Commit: true, Logger: logger})
	// Without --commit the ledger is read for the drawdown of a line a
	// licence with limits would cover.
	reading := serve.New(serve.Options{Checker: c, Ledger: l, Logger: logger})
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", "http://127.0.0.1/readyz", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("/readyz with the ledger up: %d %s", rec.Code, rec.Body)
	}
	l.Close() // every use of it now fails
	for _, tt := range []struct {
		srv                *serve.Server
		method, path, body string
	}{
		{srv, "POST", "/v1/check", `{"id": "F-1", "product": "nvidia-h100-sxm5", "quantity": 1, "destination": "DE", "end_user": "Berlin Render GmbH", "end_user_hq": "DE", "date": "2026-03-02"}`},
		{srv, "GET", "/v1/decisions", ""},
		{reading, "GET", "/readyz", ""}, // not ready: every check would fail
		{reading, "POST", "/v1/check", `{"id": "F-2", "product": "nvidia-h100-sxm5", "quantity": 8, "destination": "AE", "end_user": "Falcon Compute Data Center LLC", "consignee": "Falcon Compute Data Center LLC", "end_user_hq": "AE", "date": "2026-03-02"}`},
	} {
		rec := httptest.NewRecorder()
		tt.srv.ServeHTTP(rec, httptest.NewRequest(tt.method, "http://127.0.0.1"+tt.path, strings.NewReader(tt.body)))
		var p struct {
			Type, Detail string
			Status       int
		}
		json.Unmarshal(rec.Body.Bytes(), &p)
		got := fmt.Sprintf("%d %s %s", rec.Code, rec.Header().Get("Content-Type"), strings.TrimPrefix(p.Type, serve.ProblemBase))
		if diff := cmp.Diff("503 application/problem+json ledger-unavailable", got); diff != "" {
			t.Errorf("%s %s (-want +got):\n%s", tt.method, tt.path, diff)
		}
		for _, secret := range []string{l.Name(), "sql:", "closed"} {
			if strings.Contains(rec.Body.String(), secret) {
				t.Errorf("%s %s: the answer says %q: %s", tt.method, tt.path, secret, rec.Body)
			}
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(log.String(), "database is closed") {
		t.Errorf("the log lacks the cause:\n%s", log.String())
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}

// TestCommitRecordsScreening: each run a server commits records what it
// screened against as check's outputs record it (each list whole, the
// demonstration excerpt marked), screening off said so, and no list when
// the server was not told its lists: never the form before 2026-12-07,
// whose {} read as screening off.
func TestCommitRecordsScreening(t *testing.T) {
	excerpt := screening.Excerpt()
	demo := reports.Snapshot{Path: excerpt.Snapshot.Path, SHA256: excerpt.Snapshot.SHA256, Rows: excerpt.Snapshot.Rows, Newest: excerpt.Snapshot.Newest, Demo: true}
	csl := reports.Snapshot{Path: "/var/cache/exportcheck/consolidated.csv", SHA256: "ab12", Rows: 19876, Newest: "2026-11-30", Downloaded: "2026-12-01T06:00:00Z"}
	for _, kind := range ledgertest.Kinds {
		for _, tc := range []struct {
			name     string
			screener checker.Screener
			lists    []reports.Snapshot
			want     ledger.Screening
		}{
			{"lists", screening.Screener{M: screening.NewMatcher(excerpt)}, []reports.Snapshot{csl, demo}, ledger.Screening{Lists: []reports.Snapshot{csl, demo}, Whole: true}},
			{"screening off", nil, nil, ledger.Screening{Off: true, Whole: true}},
			{"lists not told", screening.Screener{M: screening.NewMatcher(excerpt)}, nil, ledger.Screening{Whole: true}},
		} {
			t.Run(kind+"/"+tc.name, func(t *testing.T) {
				ctx := context.Background()
				l := newLedger(t, kind)
				c, err := checker.New(ctx, checker.Options{Screener: tc.screener, Drawdown: ledger.ContextDrawdown{L: l}})
				if err != nil {
					t.Fatal(err)
				}
				srv := httptest.NewServer(serve.New(serve.Options{Checker: c, Ledger: l, Commit: true, Lists: tc.lists}))
				defer srv.Close()
				resp, err := srv.Client().Post(srv.URL+"/v1/check", "application/json", strings.NewReader(`{"id": "S-1", "product": "nvidia-h100-sxm5", "quantity": 8, "destination": "DE", "end_user": "Acme GmbH", "end_user_hq": "DE", "date": "2026-03-02"}`))
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || !strings.Contains(string(b), `"lines":1`) {
					t.Fatalf("POST /v1/check: %d %s", resp.StatusCode, b)
				}
				runs, err := l.Runs(ctx, ledger.Filter{})
				if err != nil || len(runs) != 1 {
					t.Fatalf("runs %+v, %v", runs, err)
				}
				got, err := runs[0].Screened()
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("the run's screening %s (-want +got):\n%s", runs[0].Screening, diff)
				}
				if _, err := l.Verify(ctx, ""); err != nil {
					t.Errorf("verify: %v", err)
				}
			})
		}
	}
}
