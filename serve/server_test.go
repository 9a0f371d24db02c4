package serve_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/reports"
	"github.com/exportcheck/exportcheck/screening"
	"github.com/exportcheck/exportcheck/serve"
)

var (
	compiled     *checker.Checker
	compiledOnce sync.Once
)

// testChecker is the embedded policy, screening against the embedded
// excerpt of the screening list, compiled once for the package.
func testChecker(t testing.TB) *checker.Checker {
	t.Helper()
	compiledOnce.Do(func() {
		c, err := checker.New(context.Background(), checker.Options{Screener: screening.Screener{M: screening.NewMatcher(screening.Excerpt())}})
		if err != nil {
			t.Fatal(err)
		}
		compiled = c
	})
	return compiled
}

// tokens writes a tokens file with a token per role set and returns the
// tokens by name.
func tokens(t *testing.T) (*serve.Tokens, map[string]string) {
	t.Helper()
	var doc strings.Builder
	doc.WriteString("tokens:\n")
	out := map[string]string{}
	for name, roles := range map[string][]string{"pipeline": {"check"}, "reviewer": {"review"}, "admin": {"admin"}} {
		tok, entry := serve.NewToken(name, roles)
		out[name] = tok
		fmt.Fprintf(&doc, "  - name: %s\n    sha256: %s\n    roles: [%s]\n", entry.Name, entry.SHA256, strings.Join(entry.Roles, ", "))
	}
	path := filepath.Join(t.TempDir(), "tokens.yaml")
	os.WriteFile(path, []byte(doc.String()), 0o600)
	ts, err := serve.LoadTokens(path)
	if err != nil {
		t.Fatal(err)
	}
	return ts, out
}

// openAPI is a router over the API's own OpenAPI document, which every
// response is validated against.
func openAPI(t *testing.T) (routers.Router, *openapi3.T) {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(serve.OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the OpenAPI document does not validate: %v", err)
	}
	r, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return r, doc
}

// problemAsDocumented checks a response against one of the document's
// shared responses: its required headers, and its body against the schema.
func problemAsDocumented(t *testing.T, doc *openapi3.T, name string, h http.Header, body []byte) {
	t.Helper()
	ref := doc.Components.Responses[name]
	if ref == nil {
		t.Fatalf("the OpenAPI document has no response %s", name)
	}
	for k, hdr := range ref.Value.Headers {
		if hdr.Value.Required && h.Get(k) == "" {
			t.Errorf("response %s: no %s header", name, k)
		}
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	if err := ref.Value.Content.Get("application/problem+json").Schema.Value.VisitJSON(v); err != nil {
		t.Errorf("response %s: the body is not as the document says: %v", name, err)
	}
}

// TestAPI sends each route every kind of request and checks status, the
// body's essentials, and that request and response match the OpenAPI
// document.
func TestAPI(t *testing.T) {
	ts, tok := tokens(t)
	// What the names are screened against, and a warning, said in every
	// check and screen response.
	lists := []reports.Snapshot{{Path: "screening/lists/csl-excerpt.csv", SHA256: "dc1c", Rows: 13, Newest: "2023-07-19", Demo: true}}
	demo := func() []string { return []string{"DEMONSTRATION screening"} }
	srv := httptest.NewServer(serve.New(serve.Options{Checker: testChecker(t), Version: "test", Tokens: ts, MaxOrders: 3, MaxBody: 4096, Lists: lists, Warnings: demo}))
	defer srv.Close()
	router, doc := openAPI(t)
	h100 := `{"id": "A-1", "product": "nvidia-h100-sxm5", "quantity": 8, "destination": "CN", "end_user": "Acme", "date": "2026-03-02"}`
	for _, tt := range []struct {
		name, method, path, token, body string
		status                          int
		want                            []string // substrings of the body
		noSpec                          bool     // the request is outside the document on purpose
		header                          map[string]string
		allow                           string // the Allow header of a 405
	}{
		// The classification's reason marked as such, and the reason
		// that decided the line (headline), as ledger rows carry them:
		// the document describes both (Reason, Result).
		{name: "one order", method: "POST", path: "/v1/check", token: "pipeline", body: h100, status: 200,
			want: []string{`"id":"A-1"`, `"decision":"license_required"`, `"eccn":"3A090.a"`, `"rule":"license.destination`, `"revision":"`,
				`"rule":"classify.3a090.a.1","citation":"ECCN 3A090.a.1 (88 FR 73458)","message":"3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)","classification":true}`,
				`"message":"license required for 3A090.a to CN (D:1, D:4, D:5; not in A:5 or A:6)"},`, `],"headline":2}`,
				`,"screening":[{"path":"screening/lists/csl-excerpt.csv",`, `"warnings":["DEMONSTRATION screening"]}`}},
		{name: "a batch with a bad order", method: "POST", path: "/v1/check", token: "pipeline",
			body:   `{"orders": [` + h100 + `, {"id": "B-2", "product": "no-such-chip", "quantity": 1, "destination": "DE", "date": "2026-03-02"}, {"id": "B-3", "product": "nvidia-rtx-4060", "quantity": 1, "destination": "DE", "end_user": "Acme", "date": "2026-03-02"}]}`,
			status: 200, want: []string{`"id":"B-2"`, `"decision":"error","error":"order 2: unknown product \"no-such-chip\"`, `"id":"B-3"`, `"decision":"allow"`, `"total":3,"errors":1`}},
		// The service's words: no command-line flag where a person
		// reading the API's answer would look for the server's
		// configuration.
		{name: "an order without an end user", method: "POST", path: "/v1/check", token: "pipeline", body: `{"id": "N-1", "product": "nvidia-rtx-4060", "quantity": 1, "destination": "DE", "date": "2026-03-02"}`,
			status: 200, want: []string{`"decision":"review"`, `"message":"no end user to screen against the restricted-party lists: name the end user (end_user), or turn screening off deliberately"`}},
		// An unknown product points at the API's list of products, an
		// order without a date at the API's as_of: not at the command
		// line's `exportcheck products` and --as-of.
		{name: "an unknown product's hint", method: "POST", path: "/v1/check", token: "pipeline", body: `{"id": "U-1", "product": "h1000", "quantity": 1, "destination": "DE", "end_user": "Acme", "date": "2026-03-02"}`,
			status: 200, want: []string{`"error":"order 1: unknown product \"h1000\" (GET /v1/products lists them)"`}},
		{name: "an order without a date", method: "POST", path: "/v1/check", token: "pipeline", body: `{"id": "D-1", "product": "nvidia-rtx-4060", "quantity": 1, "destination": "DE", "end_user": "Acme"}`,
			status: 200, want: []string{`"error":"order 1: missing date (give the order's ship date as YYYY-MM-DD, or judge every order as of a date with ?as_of=)"`}},
		{name: "as of a date", method: "POST", path: "/v1/check?as_of=2022-01-10", token: "pipeline", body: h100, status: 200,
			want: []string{`"date":"2022-01-10"`, `"decision":"allow"`}},
		// Before the product could ship: asked as of a date, a what-if, as
		// check --as-of judges it (a line's own such date is a typo).
		{name: "as of a date before the product shipped", method: "POST", path: "/v1/check?as_of=2020-06-01", token: "pipeline", body: `{"id": "B-1", "product": "nvidia-b200", "quantity": 1, "destination": "DE", "end_user": "Acme", "end_user_hq": "DE", "date": "2026-03-02"}`, status: 200,
			want: []string{`"date":"2020-06-01"`, `"decision":"allow"`}},
		{name: "explained", method: "POST", path: "/v1/check?explain=true", token: "pipeline", body: h100, status: 200,
			want: []string{`"decision":"license_required"`, `"classification":{"product":"nvidia-h100-sxm5","date":"2026-03-02","regime":"ear-`, `"tpp":15832`, `"class":"a"`}},
		{name: "no token", method: "POST", path: "/v1/check", body: h100, status: 401, want: []string{`"type":"` + serve.ProblemBase + `unauthorized"`}},
		{name: "a wrong token", method: "POST", path: "/v1/check", token: "ec_nope", body: h100, status: 401, want: []string{`unauthorized`}},
		{name: "a token without the role", method: "POST", path: "/v1/check", token: "reviewer", body: h100, status: 403,
			want: []string{`"type":"` + serve.ProblemBase + `forbidden"`, `token reviewer does not have the check role`}},
		{name: "not JSON", method: "POST", path: "/v1/check", token: "pipeline", body: `id,product`, status: 400, want: []string{`bad-json`}, noSpec: true},
		{name: "a truncated order", method: "POST", path: "/v1/check", token: "pipeline", body: h100[:len(h100)-1], status: 400, want: []string{`bad-json`, `the body is not JSON: unexpected end of JSON input`}, noSpec: true},
		{name: "text after the order", method: "POST", path: "/v1/check", token: "pipeline", body: h100 + ` x`, status: 400, want: []string{`bad-json`, `invalid character 'x' after top-level value`}, noSpec: true},
		{name: "two orders, not in a list", method: "POST", path: "/v1/check", token: "pipeline", body: h100 + h100, status: 400, want: []string{`bad-json`, `after top-level value`}, noSpec: true},
		{name: "an array", method: "POST", path: "/v1/check", token: "pipeline", body: `[` + h100 + `]`, status: 400, want: []string{`bad-json`, `the body is not a JSON object`}, noSpec: true},
		{name: "orders spelt with an escape", method: "POST", path: "/v1/check", token: "pipeline", body: `{"\u006frders": [` + h100 + `, ` + h100 + `]}`, status: 200,
			want: []string{`"total":2`}},
		{name: "an order with an orders field", method: "POST", path: "/v1/check", token: "pipeline", body: `{"id": "B", "product": "nvidia-h800-sxm5", "quantity": 8, "destination": "CN", "orders": [` + h100 + `]}`,
			status: 400, want: []string{`bad-json`, `a batch is {\"orders\": [...]} and nothing else`}, noSpec: true},
		{name: "a batch with another field", method: "POST", path: "/v1/check", token: "pipeline", body: `{"orders": [` + h100 + `], "note": 1}`,
			status: 400, want: []string{`bad-json`, `nothing else`}, noSpec: true},
		{name: "a batch with entries that are not orders", method: "POST", path: "/v1/check", token: "pipeline", body: `{"orders": [null, [1, 2], {"product": "nvidia-rtx-4060", "quantity": 1, "destination": "DE", "end_user": "Acme", "date": "2026-03-02"}]}`,
			status: 200, want: []string{`"error":"order 1: bad input: an order must be an object, not null"`, `"error":"order 2: bad input: an order must be an object, not an array"`,
				`"id":"-:3","file":"-","line":3,"product":"nvidia-rtx-4060"`, `"decision":"allow"`, `"total":3,"errors":2`}, noSpec: true},
		{name: "a query with a semicolon", method: "POST", path: "/v1/check?as_of=2022-01-10;", token: "pipeline", body: h100, status: 400, want: []string{`bad-parameter`, `cannot be read whole`}, noSpec: true},
		{name: "a parameter twice", method: "POST", path: "/v1/check?as_of=2022-01-10&as_of=2026-01-10", token: "pipeline", body: h100, status: 400, want: []string{`bad-parameter`, `\"as_of\" is given 2 times`}, noSpec: true},
		{name: "a cross-site request", method: "POST", path: "/v1/check", token: "pipeline", body: h100, header: map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://elsewhere.example"},
			status: 403, want: []string{`cross-origin`}, noSpec: true},
		{name: "too many orders", method: "POST", path: "/v1/check", token: "pipeline", body: `{"orders": [{}, {}, {}, {}]}`, status: 413, want: []string{`too-many-orders`, `more than 3 orders; at most 3 in one request: send the orders in batches of 3 or fewer`}},
		{name: "too large", method: "POST", path: "/v1/check", token: "pipeline", body: `{"id": "` + strings.Repeat("x", 5000) + `"}`, status: 413, want: []string{`too-large`}},
		{name: "a bad date", method: "POST", path: "/v1/check?as_of=tomorrow", token: "pipeline", body: h100, status: 400, want: []string{`as_of \"tomorrow\": want YYYY-MM-DD`}, noSpec: true},
		{name: "a date with no such day", method: "POST", path: "/v1/check?as_of=2024-02-30", token: "pipeline", body: h100, status: 400, want: []string{`as_of \"2024-02-30\": no such day: February 2024 has 29 days`}, noSpec: true},
		{name: "a date before any control", method: "POST", path: "/v1/check?as_of=0001-01-01", token: "pipeline", body: h100, status: 400, want: []string{`bad-parameter`, `as_of \"0001-01-01\": before 1990`}, noSpec: true},
		{name: "an unknown parameter", method: "POST", path: "/v1/check?verbose=x", token: "pipeline", body: h100, status: 400, want: []string{`\"verbose\" is not a parameter`}, noSpec: true},
		{name: "a bad explain", method: "POST", path: "/v1/check?explain=x", token: "pipeline", body: h100, status: 400, want: []string{`explain \"x\": want true or false`}, noSpec: true},
		{name: "an unknown regime", method: "POST", path: "/v1/check?regime=x", token: "pipeline", body: h100, status: 400, want: []string{`regime \"x\": this server judges under enforced`}},
		{name: "products", method: "GET", path: "/v1/products", token: "pipeline", status: 200, want: []string{`"id":"nvidia-h800-sxm5"`}},
		{name: "a classification", method: "GET", path: "/v1/products/nvidia-h800-sxm5/classification?date=2023-06-01", token: "pipeline", status: 200,
			want: []string{`"product":"nvidia-h800-sxm5"`, `"date":"2023-06-01"`, `"class":"none"`, `I/O 528 GB/s < 600 GB/s`}},
		{name: "a classification after the 2023 rule", method: "GET", path: "/v1/products/nvidia-h800-sxm5/classification?date=2024-06-01", token: "pipeline", status: 200,
			want: []string{`"eccn":"3A090.a"`, `"tpp":`, `"performance_density":`}},
		{name: "an unknown product", method: "GET", path: "/v1/products/no-such-chip/classification", token: "pipeline", status: 404, want: []string{`unknown-product`}},
		// A default date an ERP sends for "no date" would read "no control in force yet".
		{name: "a classification on a default date", method: "GET", path: "/v1/products/nvidia-h100-sxm5/classification?date=0001-01-01", token: "pipeline", status: 400,
			want: []string{`bad-parameter`, `date \"0001-01-01\": bad date: before 1990-01-01, a typo or a default date`}},
		{name: "a classification past the date horizon", method: "GET", path: "/v1/products/nvidia-h100-sxm5/classification?date=2099-01-01", token: "pipeline", status: 400,
			want: []string{`bad-parameter`, `date \"2099-01-01\": bad date: after 20`, `further past the date the data is as of than the horizon (--date-horizon)`}},
		{name: "a country past the date horizon", method: "GET", path: "/v1/countries/CN?date=2099-01-01", token: "pipeline", status: 400,
			want: []string{`bad-parameter`, `further past the date the data is as of than the horizon`}},
		{name: "a country on a default date", method: "GET", path: "/v1/countries/CN?date=1899-12-31", token: "pipeline", status: 400,
			want: []string{`bad-parameter`, `date \"1899-12-31\": bad date: before 1990-01-01`}},
		{name: "Nicaragua before 2024-03-15", method: "GET", path: "/v1/countries/NI?date=2024-03-01", token: "pipeline", status: 200,
			want: []string{`"code":"NI"`, `"name":"Nicaragua"`, `"d145":false`}},
		{name: "Nicaragua after", method: "GET", path: "/v1/countries/Nicaragua?date=2024-03-15", token: "pipeline", status: 200,
			want: []string{`"groups":["D:1"`, `"d145":true`, `"d5_or_macau":true`}},
		{name: "an unknown country", method: "GET", path: "/v1/countries/XX", token: "pipeline", status: 404, want: []string{`unknown-country`}},
		{name: "a country without the role", method: "GET", path: "/v1/countries/CN", token: "reviewer", status: 403, want: []string{`forbidden`}},
		{name: "screen a name", method: "POST", path: "/v1/screen", token: "pipeline", body: `{"name": "Atlas Sanatgaran", "date": "2026-03-02"}`, status: 200,
			want: []string{`"candidates":[{"list":"UVL"`, `"name":"Atlas Sanatgaran"`, `"score":1`}},
		{name: "screen a clean name", method: "POST", path: "/v1/screen", token: "pipeline", body: `{"name": "Zyxwvut Orchards"}`, status: 200,
			want: []string{`"candidates":[]`, `"screening":[{"path":"screening/lists/csl-excerpt.csv","sha256":"dc1c","rows":13,"newest":"2023-07-19","demo":true}]`, `"warnings":["DEMONSTRATION screening"]`}},
		{name: "screen without a name", method: "POST", path: "/v1/screen", token: "pipeline", body: `{"date": "2026-03-02"}`, status: 400, want: []string{`bad-json`}, noSpec: true},
		{name: "a matrix before and after", method: "POST", path: "/v1/matrix", token: "pipeline",
			body: `{"products": ["nvidia-h800-sxm5"], "destinations": ["CN", "DE"], "before": "2023-06-01", "after": "2024-06-01"}`, status: 200,
			want: []string{`"before": "2023-06-01"`, `"destination": "CN"`, `"decision": "license_required"`, `"destination": "DE"`}},
		{name: "a matrix of an unknown group", method: "POST", path: "/v1/matrix", token: "pipeline", body: `{"products": ["nvidia-h100-sxm5"], "destinations": ["D:9"], "date": "2024-06-01"}`,
			status: 400, want: []string{`bad-json`, `unknown country group \"D:9\"`}, noSpec: true},
		// Only the cells that changed need two dates: the request's
		// error, in its fields, not a failed check naming check's flags.
		{name: "a matrix of changes on one date", method: "POST", path: "/v1/matrix", token: "pipeline", body: `{"products": ["nvidia-h100-sxm5"], "destinations": ["CN"], "date": "2024-06-01", "changes_only": true}`,
			status: 400, want: []string{`"type":"` + serve.ProblemBase + `bad-json"`, `"detail":"changes_only: only the cells that changed between two dates: give \"before\" and \"after\", not \"date\""`}, noSpec: true},
		{name: "screen a name twice", method: "POST", path: "/v1/screen", token: "pipeline", body: `{"name": "Atlas Sanatgaran", "name": "Zyxwvut Orchards"}`, status: 400, want: []string{`\"name\" is given twice`}, noSpec: true},
		{name: "screen a name twice, once capitalised", method: "POST", path: "/v1/screen", token: "pipeline", body: `{"name": "Atlas Sanatgaran", "Name": "Zyxwvut Orchards"}`, status: 400,
			want: []string{`bad-json`, `unknown field \"Name\" (name, date)`}, noSpec: true},
		{name: "screen a name in capitals", method: "POST", path: "/v1/screen", token: "pipeline", body: `{"NAME": "Atlas Sanatgaran"}`, status: 400, want: []string{`unknown field \"NAME\"`}, noSpec: true},
		{name: "a matrix dated twice, once capitalised", method: "POST", path: "/v1/matrix", token: "pipeline",
			body: `{"products": ["nvidia-h100-sxm5"], "destinations": ["CN"], "date": "2024-06-01", "Date": "2022-01-10"}`, status: 400, want: []string{`unknown field \"Date\"`}, noSpec: true},
		{name: "screen a number", method: "POST", path: "/v1/screen", token: "pipeline", body: `{"name": 5}`, status: 400, want: []string{`\"name\": want a string, not number`}, noSpec: true},
		{name: "screen, then more", method: "POST", path: "/v1/screen", token: "pipeline", body: `{"name": "a"}{"name": "b"}`, status: 400, want: []string{`the body is not JSON`}, noSpec: true},
		{name: "screen with a parameter", method: "POST", path: "/v1/screen?fuzzy=1", token: "pipeline", body: `{"name": "a"}`, status: 400, want: []string{`\"fuzzy\" is not a parameter of /v1/screen (none)`}, noSpec: true},
		{name: "screen too large", method: "POST", path: "/v1/screen", token: "pipeline", body: `{"name": "` + strings.Repeat("x", 5000) + `"}`, status: 413, want: []string{`too-large`}, noSpec: true},
		{name: "a matrix without products", method: "POST", path: "/v1/matrix", token: "pipeline", body: `{"products": [], "destinations": ["CN"], "date": "2024-06-01"}`, status: 413, want: []string{`too-many-cells`}, noSpec: true},
		{name: "healthz", method: "GET", path: "/healthz", status: 200, want: []string{`"status":"ok"`}},
		{name: "readyz", method: "GET", path: "/readyz", status: 200, want: []string{`"status":"ready"`, `"revision":"`}},
		{name: "openapi", method: "GET", path: "/v1/openapi.json", status: 200, want: []string{`"openapi": "3.1.0"`}},
		{name: "no such route", method: "GET", path: "/v2/check", status: 404, want: []string{`not-found`}, noSpec: true},
		{name: "a route's wrong method", method: "GET", path: "/v1/check", token: "pipeline", status: 405, want: []string{`method-not-allowed`, `/v1/check takes POST, not GET`}, allow: "POST", noSpec: true},
		{name: "a wrong method on a path with a parameter", method: "DELETE", path: "/v1/products/nvidia-h800-sxm5/classification", status: 405,
			want: []string{`method-not-allowed`, `takes GET or HEAD, not DELETE`}, allow: "GET, HEAD", noSpec: true},
		{name: "a screen too large", method: "POST", path: "/v1/screen", token: "pipeline", body: `{"name": "` + strings.Repeat("x", 5000) + `"}`, status: 413, want: []string{`too-large`}},
		{name: "a matrix too large", method: "POST", path: "/v1/matrix", token: "pipeline", body: `{"products": ["` + strings.Repeat("x", 5000) + `"]}`, status: 413, want: []string{`too-large`}},
		{name: "products with an unknown parameter", method: "GET", path: "/v1/products?vendor=nvidia", token: "pipeline", status: 400, want: []string{`bad-parameter`, `\"vendor\" is not a parameter`}},
		{name: "a reload with an unknown parameter", method: "POST", path: "/v1/reload?force=true", token: "admin", status: 400, want: []string{`bad-parameter`, `\"force\" is not a parameter`}},
		{name: "a wrong method on no route", method: "DELETE", path: "/v2/check", status: 404, want: []string{`not-found`}, noSpec: true},
		{name: "a path as sent", method: "GET", path: "/v1/check%0A", status: 404, want: []string{`GET /v1/check%0A is not a route`}, noSpec: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
			if tt.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			if tt.token != "" {
				bearer := tok[tt.token]
				if bearer == "" {
					bearer = tt.token
				}
				req.Header.Set("Authorization", "Bearer "+bearer)
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, tt.status, body)
			}
			for _, w := range tt.want {
				if !bytes.Contains(body, []byte(w)) {
					t.Errorf("body lacks %s:\n%s", w, body)
				}
			}
			if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options: %q, want nosniff", got)
			}
			if got := resp.Header.Get("Allow"); got != tt.allow {
				t.Errorf("Allow: %q, want %q", got, tt.allow)
			}
			if resp.StatusCode >= 400 {
				var p map[string]any
				if err := json.Unmarshal(body, &p); err != nil || resp.Header.Get("Content-Type") != "application/problem+json" || p["status"] != float64(tt.status) {
					t.Errorf("not a problem details object (%s): %s", resp.Header.Get("Content-Type"), body)
				}
			}
			if tt.noSpec || resp.StatusCode == 401 {
				// A path that is no route, or a method a route does not
				// take, and a request without a valid token are answered
				// as the document's shared responses say (headers too).
				if name := map[int]string{401: "Unauthorized", 404: "NotFound", 405: "MethodNotAllowed"}[resp.StatusCode]; name != "" {
					problemAsDocumented(t, doc, name, resp.Header, body)
				}
			}
			if tt.noSpec {
				return
			}
			// Request and response as the OpenAPI document says.
			vreq, _ := http.NewRequest(tt.method, "http://127.0.0.1:8080"+tt.path, strings.NewReader(tt.body))
			vreq.Header = req.Header
			route, params, err := router.FindRoute(vreq)
			if err != nil {
				t.Fatalf("the OpenAPI document has no route for %s %s: %v", tt.method, tt.path, err)
			}
			in := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route,
				Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true}}
			if tt.status < 400 {
				if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
					t.Errorf("request not as the document says: %v", err)
				}
			}
			out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header, Body: io.NopCloser(bytes.NewReader(body)),
				Options: &openapi3filter.Options{IncludeResponseStatus: true}}
			if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
				t.Errorf("response not as the document says: %v", err)
			}
		})
	}
	// The metrics count what was decided and asked.
	resp, err := srv.Client().Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, w := range []string{
		`exportcheck_decisions_total{decision="license_required"} 5`,
		`exportcheck_decisions_total{decision="error"} 5`,
		`exportcheck_http_requests_total{code="401",route="POST /v1/check"} 2`,
		`exportcheck_http_requests_total{code="403",route="POST /v1/check"} 2`, // a token without the role, a cross-site request
		`exportcheck_policy_info{revision="` + testChecker(t).Revision() + `",version="test"} 1`,
		`exportcheck_rego_evaluations_total`,
		`exportcheck_http_request_duration_seconds_bucket{route="POST /v1/check",le="0.005"}`,
	} {
		if !bytes.Contains(metrics, []byte(w)) {
			t.Errorf("metrics lack %s", w)
		}
	}
}

// TestNoTokens: without a tokens file, every route answers without one.
func TestNoTokens(t *testing.T) {
	srv := httptest.NewServer(serve.New(serve.Options{Checker: testChecker(t)}))
	defer srv.Close()
	resp, err := srv.Client().Post(srv.URL+"/v1/check", "application/json", strings.NewReader(`{"id": "1", "product": "nvidia-rtx-4060", "quantity": 1, "destination": "DE", "end_user": "Acme", "date": "2026-03-02"}`))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Results []struct{ ID, Decision string }
	}
	json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	if diff := cmp.Diff([]struct{ ID, Decision string }{{"1", "allow"}}, got.Results); resp.StatusCode != 200 || diff != "" {
		t.Errorf("status %d, results (-want +got):\n%s", resp.StatusCode, diff)
	}
}

// TestNoTokensLoopbackOnly: without a tokens file the server answers
// only requests addressed to loopback. A web page whose name its author
// points at 127.0.0.1 (DNS rebinding) is the browser's same origin: it
// could otherwise read the desk's form token and post clearances, and
// check and commit orders.
func TestNoTokensLoopbackOnly(t *testing.T) {
	srv := httptest.NewServer(serve.New(serve.Options{Checker: testChecker(t)}))
	defer srv.Close()
	router, _ := openAPI(t)
	_, port, _ := strings.Cut(strings.TrimPrefix(srv.URL, "http://"), ":")
	type answer struct {
		Host   string
		Status int
	}
	var want, got []answer
	for _, tt := range []struct {
		host   string
		status int
	}{
		{"127.0.0.1:" + port, 200},
		{"localhost:" + port, 200},
		{"LocalHost", 200},
		{"[::1]:" + port, 200},
		{"127.0.0.2", 200},
		{"rebind.evil.example:" + port, 403},
		{"127.0.0.1.nip.io:" + port, 403},
		{"localhost.evil.example", 403},
		{"192.168.1.10:" + port, 403},
	} {
		for _, path := range []string{"/v1/products", "/desk/lookup", "/healthz", "/readyz", "/metrics", "/v1/openapi.json"} {
			req, _ := http.NewRequest("GET", srv.URL+path, nil)
			req.Host = tt.host
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			want = append(want, answer{tt.host + " " + path, tt.status})
			got = append(got, answer{tt.host + " " + path, resp.StatusCode})
			if tt.status == 403 && !strings.Contains(string(b), "not-loopback") {
				t.Errorf("%s %s: %s", tt.host, path, b)
			}
			// The refusal is an answer the document lists, for every
			// route of the API (/desk/ is none).
			vreq, _ := http.NewRequest("GET", "http://127.0.0.1:8080"+path, nil)
			route, params, err := router.FindRoute(vreq)
			if err != nil || tt.status != 403 {
				continue
			}
			in := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route, Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
			out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header, Body: io.NopCloser(bytes.NewReader(b)),
				Options: &openapi3filter.Options{IncludeResponseStatus: true}}
			if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
				t.Errorf("%s %s: response not as the document says: %v", tt.host, path, err)
			}
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("status by Host (-want +got):\n%s", diff)
	}
}

func TestLoadTokens(t *testing.T) {
	dir := t.TempDir()
	_, good := serve.NewToken("a", []string{"check"})
	for _, tt := range []struct{ name, doc, want string }{
		{"no role", "tokens:\n  - name: a\n    sha256: " + good.SHA256 + "\n    roles: []\n", "tokens.yaml:2: token a has no roles"},
		{"bad role", "tokens:\n  - name: a\n    sha256: " + good.SHA256 + "\n    roles: [root]\n", `tokens.yaml:2: token a: unknown role "root"`},
		{"not a hash", "tokens:\n  - name: a\n    sha256: secret\n    roles: [check]\n", "tokens.yaml:2: token a: sha256 must be the token's SHA-256"},
		{"twice", "tokens:\n  - name: a\n    sha256: " + good.SHA256 + "\n    roles: [check]\n  - name: a\n    sha256: " + strings.Repeat("0", 64) + "\n    roles: [check]\n", "tokens.yaml:5: token a is also named at line 2"},
		{"one token under two names", "tokens:\n  - name: erp\n    sha256: " + good.SHA256 + "\n    roles: [check]\n  - name: desk\n    sha256: " + strings.ToUpper(good.SHA256) + "\n    roles: [review]\n",
			"tokens.yaml:5: token desk has the same sha256 as token erp at line 2: give each holder a token of their own (exportcheck serve token)"},
		{"twice in another case", "tokens:\n  - name: erp\n    sha256: " + good.SHA256 + "\n    roles: [check]\n  - name: ERP\n    sha256: " + strings.Repeat("0", 64) + "\n    roles: [check]\n", "tokens.yaml:5: token ERP is also named at line 2 (names are compared in any case"},
		{"name with spaces around", "tokens:\n  - name: ' erp'\n    sha256: " + good.SHA256 + "\n    roles: [check]\n", `tokens.yaml:2: token name " erp": no spaces before or after it`},
		{"name with an invisible character", "tokens:\n  - name: \"e\\u200brp\"\n    sha256: " + good.SHA256 + "\n    roles: [check]\n", `tokens.yaml:2: token name "e\u200brp" holds U+200B, a character that does not show: retype it`},
		{"no name", "tokens:\n  - sha256: " + good.SHA256 + "\n    roles: [check]\n", `tokens.yaml:2: a token needs a name`},
		{"unknown field", "tokens:\n  - name: a\n    token: x\n", `tokens.yaml:3: unknown field "token"`},
		{"not YAML", "tokens:\n  - name: a\n    roles: [check\n  - name: b\n", `tokens.yaml:3: not YAML: did not find expected ',' or ']'`},
		{"not UTF-8", "tokens:\n  - name: a\xff\n", `tokens.yaml:2: not YAML: invalid leading UTF-8 octet`},
		{"empty", "tokens: []\n", "no tokens"},
		{"empty file", "", "tokens.yaml: no tokens: a tokens file holds one key, tokens:, with a list of the entries exportcheck serve token prints"},
		// What serve token prints, pasted whole: the file's shape, not the decoder's Go types.
		{"serve token's output", "token (give it to a; it is not shown again):\n  ec_x\n\nentry for the tokens file, under tokens:\n  - name: a\n",
			`tokens.yaml:1: unknown key "token (give it to a; it is not shown again)": a tokens file holds one key, tokens:, with a list of the entries exportcheck serve token prints`},
		{"bare list", "- name: a\n  sha256: " + good.SHA256 + "\n  roles: [check]\n", "tokens.yaml:1: a tokens file holds one key, tokens:"},
		{"not a list", "tokens:\n  name: a\n", "tokens.yaml:2: tokens: want a list of entries"},
		{"tokens twice", "tokens:\n  - name: a\n    sha256: " + good.SHA256 + "\n    roles: [check]\ntokens: []\n", "tokens.yaml:5: tokens: is also at line 1"},
		{"roles not a list", "tokens:\n  - name: a\n    sha256: " + good.SHA256 + "\n    roles: check\n", "tokens.yaml:2: a token entry is name: NAME, sha256: its SHA-256 in hex and roles: a list (check, review, admin)"},
		{"entry not a mapping", "tokens:\n  - a\n", "tokens.yaml:2: a token entry is name: NAME"},
		// A token added after --- would be refused without a word of why.
		{"a second document", "tokens:\n  - name: a\n    sha256: " + good.SHA256 + "\n    roles: [check]\n---\ntokens:\n  - name: b\n    sha256: " + strings.Repeat("0", 64) + "\n    roles: [admin]\n",
			"tokens.yaml:6: a second YAML document (after ---): a tokens file holds one key, tokens:, with a list of the entries exportcheck serve token prints"},
		{"a second document not YAML", "tokens:\n  - name: a\n    sha256: " + good.SHA256 + "\n    roles: [check]\n---\ntokens: [\n", "tokens.yaml:6: not YAML: did not find expected node content"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "tokens.yaml")
			os.WriteFile(path, []byte(tt.doc), 0o600)
			_, err := serve.LoadTokens(path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadTokens: %v, want %q", err, tt.want)
			}
			if err != nil && strings.ContainsAny(err.Error(), "{}") {
				t.Errorf("LoadTokens: %v: a message for people, not Go types", err)
			}
		})
	}
}

// TestLoadTokensRead: a tokens file as editors write it (CRLF, a byte
// order mark, a --- at the end, the hash in capitals) loads, and its token
// is accepted.
func TestLoadTokensRead(t *testing.T) {
	tok, e := serve.NewToken("erp", []string{"check"})
	entry := "tokens:\n  - name: erp\n    sha256: " + e.SHA256 + "\n    roles: [check]\n"
	for _, tt := range []struct{ name, doc string }{
		{"CRLF", strings.ReplaceAll(entry, "\n", "\r\n")},
		{"byte order mark", "\ufeff" + entry},
		{"--- at the end", entry + "---\n"},
		{"--- before and after", "---\n" + entry + "---\n"},
		{"hash in capitals", strings.Replace(entry, e.SHA256, strings.ToUpper(e.SHA256), 1)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "tokens.yaml")
			os.WriteFile(path, []byte(tt.doc), 0o600)
			ts, err := serve.LoadTokens(path)
			if err != nil {
				t.Fatal(err)
			}
			srv := serve.New(serve.Options{Checker: testChecker(t), Tokens: ts})
			req := httptest.NewRequest("GET", "/v1/products", nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			if rec.Code != 200 {
				t.Errorf("GET /v1/products with the token: %d %s", rec.Code, rec.Body)
			}
		})
	}
}

// TestReloadTokens: a tokens file read again takes a token taken out of
// it away; one that does not load (half written, empty) leaves the tokens
// in use, and says so in the log and in /metrics; tokens: [] takes every
// token away.
func TestReloadTokens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.yaml")
	keep, keepEntry := serve.NewToken("erp", []string{"check"})
	gone, goneEntry := serve.NewToken("old-erp", []string{"check"})
	write := func(doc string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	entry := func(e serve.Token) string {
		return fmt.Sprintf("  - name: %s\n    sha256: %s\n    roles: [check]\n", e.Name, e.SHA256)
	}
	write("tokens:\n" + entry(keepEntry) + entry(goneEntry))
	ts, err := serve.LoadTokens(path)
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	srv := serve.New(serve.Options{Checker: testChecker(t), Tokens: ts, Logger: slog.New(slog.NewTextHandler(&log, nil))})
	get := func(path, token string) (int, string) {
		req := httptest.NewRequest("GET", path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	codes := func() [2]int {
		a, _ := get("/v1/products", keep)
		b, _ := get("/v1/products", gone)
		return [2]int{a, b}
	}

	// Revoked: the token taken out of the file is refused.
	write("tokens:\n" + entry(keepEntry))
	if err := srv.ReloadTokens(path); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([2]int{200, 401}, codes()); diff != "" {
		t.Errorf("after the token was taken out (-want +got):\n%s", diff)
	}
	// Half written: refused, and the tokens in use stay.
	write("tokens:\n  - name: erp\n    sha256: " + keepEntry.SHA256[:20])
	if err := srv.ReloadTokens(path); err == nil || !strings.Contains(err.Error(), "tokens.yaml:2: token erp: sha256 must be") {
		t.Errorf("a half-written file: %v", err)
	}
	if diff := cmp.Diff([2]int{200, 401}, codes()); diff != "" {
		t.Errorf("after a file that does not load (-want +got):\n%s", diff)
	}
	if !strings.Contains(log.String(), `level=ERROR msg="the tokens file was not read again; the tokens in use stay"`) {
		t.Errorf("the log does not say the file was not read:\n%s", log.String())
	}
	// Emptied (a file of no YAML, as one cut short at its start): the
	// tokens in use stay too.
	write("")
	if err := srv.ReloadTokens(path); err == nil {
		t.Errorf("an empty file: no error")
	}
	if diff := cmp.Diff([2]int{200, 401}, codes()); diff != "" {
		t.Errorf("after an empty file (-want +got):\n%s", diff)
	}
	// Every token taken away, as written: each is refused.
	write("tokens: []\n")
	if err := srv.ReloadTokens(path); err != nil {
		t.Errorf("tokens: []: %v", err)
	}
	if diff := cmp.Diff([2]int{401, 401}, codes()); diff != "" {
		t.Errorf("after tokens: [] (-want +got):\n%s", diff)
	}
	if !strings.Contains(log.String(), `level=WARN msg="the tokens file lists no tokens: every request that needs one is refused"`) {
		t.Errorf("the log does not say every token was taken away:\n%s", log.String())
	}
	_, metrics := get("/metrics", "")
	got := regexp.MustCompile(`(?m)^exportcheck_tokens_reloads_total.*$`).FindAllString(metrics, -1)
	want := []string{`exportcheck_tokens_reloads_total{result="failure"} 2`, `exportcheck_tokens_reloads_total{result="success"} 2`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("/metrics (-want +got):\n%s", diff)
	}
}

// TestReload: an admin reload swaps the checker in; a failed one keeps the
// one in use; without a reload source it is a conflict; other roles may not.
func TestReload(t *testing.T) {
	ts, tok := tokens(t)
	base := testChecker(t)
	next, err := checker.New(context.Background(), checker.Options{Revision: "r2"})
	if err != nil {
		t.Fatal(err)
	}
	fail := false
	srv := serve.New(serve.Options{Checker: base, Tokens: ts, Reload: func(context.Context) (*checker.Checker, error) {
		if fail {
			return nil, fmt.Errorf("bundle refused: digest mismatch")
		}
		return next, nil
	}})
	h := httptest.NewServer(srv)
	defer h.Close()
	do := func(method, path, token string) (int, string) {
		req, _ := http.NewRequest(method, h.URL+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := h.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := do("POST", "/v1/reload", tok["pipeline"]); code != 403 {
		t.Errorf("reload with the check role: %d, want 403", code)
	}
	if code, body := do("POST", "/v1/reload", tok["admin"]); code != 200 || !strings.Contains(body, `"revision":"r2"`) {
		t.Errorf("reload: %d %s", code, body)
	}
	if _, body := do("GET", "/readyz", ""); !strings.Contains(body, `"revision":"r2"`) {
		t.Errorf("readyz after the reload: %s", body)
	}
	fail = true
	if code, body := do("POST", "/v1/reload", tok["admin"]); code != 502 || !strings.Contains(body, "reload-failed") || !strings.Contains(body, "digest mismatch") {
		t.Errorf("a failed reload: %d %s", code, body)
	}
	if srv.Checker() != next {
		t.Errorf("a failed reload swapped the checker")
	}
	_, metrics := do("GET", "/metrics", "")
	for _, w := range []string{`exportcheck_bundle_reloads_total{result="failure"} 1`, `exportcheck_bundle_reloads_total{result="success"} 1`, `exportcheck_policy_info{revision="r2",version=""} 1`} {
		if !strings.Contains(metrics, w) {
			t.Errorf("metrics lack %s", w)
		}
	}
	if strings.Contains(metrics, `revision="`+base.Revision()+`"`) {
		t.Errorf("metrics still name the old revision")
	}
	plain := httptest.NewServer(serve.New(serve.Options{Checker: base}))
	defer plain.Close()
	resp, _ := plain.Client().Post(plain.URL+"/v1/reload", "", nil)
	if resp.StatusCode != 409 {
		t.Errorf("reload without a bundle: %d, want 409", resp.StatusCode)
	}
	resp.Body.Close()
}

// TestRateLimit: beyond its rate a token gets 429 with Retry-After; another
// token has its own.
func TestRateLimit(t *testing.T) {
	ts, tok := tokens(t)
	srv := httptest.NewServer(serve.New(serve.Options{Checker: testChecker(t), Tokens: ts, Rate: 2}))
	defer srv.Close()
	get := func(token string) *http.Response {
		req, _ := http.NewRequest("GET", srv.URL+"/v1/products", nil)
		req.Header.Set("Authorization", "Bearer "+tok[token])
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	var codes []int
	for range 3 {
		codes = append(codes, get("pipeline").StatusCode)
	}
	if diff := cmp.Diff([]int{200, 200, 429}, codes); diff != "" {
		t.Errorf("three requests at once at 2 a second (-want +got):\n%s", diff)
	}
	if r := get("pipeline"); r.Header.Get("Retry-After") != "1" {
		t.Errorf("429 without Retry-After: %v", r.Header)
	}
	// As the document's shared response says, header and body.
	_, doc := openAPI(t)
	req, _ := http.NewRequest("GET", srv.URL+"/v1/products", nil)
	req.Header.Set("Authorization", "Bearer "+tok["pipeline"])
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 429 {
		t.Fatalf("status %d, want 429", resp.StatusCode)
	}
	problemAsDocumented(t, doc, "TooManyRequests", resp.Header, body)
	if code := get("reviewer").StatusCode; code != 403 {
		t.Errorf("another token's first request: %d, want its own limit (and 403 for the role)", code)
	}
	tok["nobody"] = "ec_not-a-token"
	codes = nil
	for range 3 {
		codes = append(codes, get("nobody").StatusCode)
	}
	if diff := cmp.Diff([]int{401, 401, 401}, codes); diff != "" {
		t.Errorf("requests without a valid token (-want +got):\n%s", diff)
	}
}

// TestRegime: ?regime= judges under another regime (made once per
// revision); an unknown one is a bad parameter naming the known ones.
func TestRegime(t *testing.T) {
	made := 0
	srv := httptest.NewServer(serve.New(serve.Options{Checker: testChecker(t), Regime: func(ctx context.Context, base *checker.Checker, regime string) (*checker.Checker, error) {
		made++
		o := base.Options()
		o.Regime = regime
		return checker.New(ctx, o)
	}}))
	defer srv.Close()
	order := `{"id": "1", "product": "nvidia-h100-sxm5", "quantity": 8, "destination": "IN", "end_user": "Acme", "end_user_hq": "IN", "date": "2025-06-01"}`
	post := func(q string) (int, string) {
		resp, err := srv.Client().Post(srv.URL+"/v1/check"+q, "application/json", strings.NewReader(order))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	_, enforced := post("")
	for range 2 {
		code, whatIf := post("?regime=ai-diffusion")
		if code != 200 || !strings.Contains(whatIf, `"regime":"ai-diffusion"`) || !strings.Contains(enforced, `"regime":"enforced"`) {
			t.Fatalf("?regime=ai-diffusion: %d %s\nenforced: %s", code, whatIf, enforced)
		}
		if strings.Contains(whatIf, `"decision":"allow"`) || !strings.Contains(enforced, `"decision":"allow"`) {
			t.Errorf("H100 to India in June 2025: enforced %s; ai-diffusion %s", enforced, whatIf)
		}
	}
	if made != 1 {
		t.Errorf("the ai-diffusion checker was made %d times, want once", made)
	}
	if code, body := post("?regime=tomorrow"); code != 400 || !strings.Contains(body, `regime \"tomorrow\": this server judges under affiliates-suspended, ai-diffusion, enforced`) {
		t.Errorf("an unknown regime: %d %s", code, body)
	}
}

// TestMetricsCache: /metrics counts the lines answered from the
// decision-key cache and those evaluated through Rego, across reloads
// (the counters never go down), and each screening list's age.
func TestMetricsCache(t *testing.T) {
	ctx := context.Background()
	newChecker := func() *checker.Checker {
		c, err := checker.New(ctx, checker.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	srv := serve.New(serve.Options{Checker: newChecker(), Reload: func(context.Context) (*checker.Checker, error) { return newChecker(), nil },
		ScreeningDates: map[string]time.Time{"lists/consolidated.csv": time.Now().Add(-48 * time.Hour)},
		BundleBuilt:    func() time.Time { return time.Now().Add(-72 * time.Hour) }})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	post := func(path, body string) {
		t.Helper()
		resp, err := ts.Client().Post(ts.URL+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
	}
	order := func(id string) string {
		return `{"id": "` + id + `", "product": "nvidia-h20", "quantity": 1, "destination": "DE", "date": "2026-03-02"}`
	}
	counts := func() [2]string {
		t.Helper()
		resp, err := ts.Client().Get(ts.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !regexp.MustCompile(`(?m)^exportcheck_screening_list_age_seconds\{list="consolidated.csv"\} 17280[0-9](\.[0-9]+)?$`).Match(b) {
			t.Errorf("no age of the screening list, or not two days:\n%s", b)
		}
		if !regexp.MustCompile(`(?m)^exportcheck_bundle_age_seconds 25920[0-9](\.[0-9]+)?$`).Match(b) {
			t.Errorf("no age of the bundle, or not three days:\n%s", b)
		}
		get := func(name string) string {
			m := regexp.MustCompile(`(?m)^` + name + ` (\S+)$`).FindSubmatch(b)
			if m == nil {
				t.Fatalf("metrics lack %s", name)
			}
			return string(m[1])
		}
		if get("exportcheck_rego_evaluations_total") != get("exportcheck_decision_cache_misses_total") {
			t.Errorf("Rego evaluations and cache misses differ")
		}
		return [2]string{get("exportcheck_decision_cache_hits_total"), get("exportcheck_decision_cache_misses_total")}
	}
	steps := []struct {
		do   func()
		want [2]string // hits, misses
	}{
		{func() {}, [2]string{"0", "0"}},
		{func() { post("/v1/check", `{"orders": [`+order("1")+`,`+order("2")+`,`+order("3")+`,`+order("4")+`]}`) }, [2]string{"3", "1"}},
		{func() { post("/v1/check", order("5")) }, [2]string{"4", "1"}},
		{func() { post("/v1/reload", "") }, [2]string{"4", "1"}}, // a new checker: its cache is empty, the counts stay
		{func() { post("/v1/check", order("6")) }, [2]string{"4", "2"}},
	}
	for i, st := range steps {
		st.do()
		if got := counts(); got != st.want {
			t.Errorf("step %d: hits, misses %v, want %v", i, got, st.want)
		}
	}
}

// TestTooManyOrdersBounded: a body of many short entries is refused as too
// many orders without being split into them first (each costs a slice
// header, some 40 times the entry's bytes); a big body of no more than
// --max-orders entries is still judged, and "orders" is found however its
// key is spelled.
func TestTooManyOrdersBounded(t *testing.T) {
	srv := serve.New(serve.Options{Checker: testChecker(t), MaxOrders: 100, MaxBody: 64 << 20})
	order := `{"id": "BIG-%d", "product": "nvidia-h100-sxm5", "quantity": 1, "destination": "DE", "end_user": "Berlin Render GmbH", "end_user_hq": "DE", "date": "2026-03-02", "note": "%s"}`
	pad := strings.Repeat("x", 20_000)
	var fifty []string
	for i := range 50 {
		fifty = append(fifty, fmt.Sprintf(order, i, pad))
	}
	for _, tt := range []struct {
		name   string
		body   string
		status int
		// maxAlloc bounds the bytes the request may allocate, as a
		// multiple of its body's size.
		maxAlloc int
	}{
		{"8M zeros", `{"orders": [` + strings.Repeat("0,", 8<<20) + `0]}`, 413, 4},
		{"escaped key", `{"\u006frders": [` + strings.Repeat("{},", 1<<20) + `{}]}`, 413, 4},
		{"commas in strings", `{"orders": [` + strings.Join(fifty, ",") + `, "` + strings.Repeat(",", 2<<20) + `"]}`, 200, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest("POST", "http://127.0.0.1/v1/check", strings.NewReader(tt.body)))
			runtime.ReadMemStats(&after)
			if rec.Code != tt.status {
				t.Errorf("%d, want %d: %.300s", rec.Code, tt.status, rec.Body)
			}
			if tt.status == 413 && !strings.Contains(rec.Body.String(), "too-many-orders") {
				t.Errorf("not too-many-orders: %.300s", rec.Body)
			}
			if got := after.TotalAlloc - before.TotalAlloc; tt.maxAlloc > 0 && got > uint64(tt.maxAlloc*len(tt.body)) {
				t.Errorf("allocated %d MB for a body of %d MB", got>>20, len(tt.body)>>20)
			}
		})
	}
}

// TestMetricsListNames: /metrics, which needs no token, names each
// screening list by its file's name, not the path it was read from (a
// home directory, a user name); two lists of one name stay apart.
func TestMetricsListNames(t *testing.T) {
	day := time.Now().Add(-24 * time.Hour)
	srv := serve.New(serve.Options{Checker: testChecker(t), ScreeningDates: map[string]time.Time{
		"/home/jdoe/.cache/exportcheck/csl.json": day, "/srv/lists/csl.json": day, "lists/consolidated.csv": day}})
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", "http://127.0.0.1/metrics", nil))
	var got []string
	for _, m := range regexp.MustCompile(`(?m)^exportcheck_screening_list_age_seconds\{list="([^"]*)"\}`).FindAllStringSubmatch(rec.Body.String(), -1) {
		got = append(got, m[1])
	}
	want := []string{"consolidated.csv", "csl.json", "csl.json (2)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("list labels (-want +got):\n%s", diff)
	}
}

// TestReloadUnchanged: a reload that finds the bundle unchanged (a poll,
// SIGHUP) keeps the checker serving, and the counters the checkers keep
// count no evaluation twice.
func TestReloadUnchanged(t *testing.T) {
	c, err := checker.New(context.Background(), checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var srv *serve.Server
	srv = serve.New(serve.Options{Checker: c, Reload: func(context.Context) (*checker.Checker, error) { return srv.Checker(), nil }})
	get := func(method, path, body string) string {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(method, "http://127.0.0.1"+path, strings.NewReader(body)))
		return rec.Body.String()
	}
	get("POST", "/v1/check", `{"id": "U-1", "product": "nvidia-h100-sxm5", "quantity": 1, "destination": "DE", "end_user": "Berlin Render GmbH", "end_user_hq": "DE", "date": "2026-03-02"}`)
	counters := func() []string {
		return regexp.MustCompile(`(?m)^exportcheck_(rego_evaluations|decision_cache_misses|decision_cache_hits)_total .*$`).FindAllString(get("GET", "/metrics", ""), -1)
	}
	before := counters()
	for range 3 {
		if _, err := srv.Reload(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff(before, counters()); diff != "" {
		t.Errorf("counters after three unchanged reloads (-before +after):\n%s", diff)
	}
}

// TestSmallBodies: a request that is not a book of orders (a screening, a
// matrix) may be at most MaxSmallBody, whatever --max-body allows a check:
// decoded, 2 MiB of short product names would take many times that.
func TestSmallBodies(t *testing.T) {
	srv := serve.New(serve.Options{Checker: testChecker(t)})
	names := `"a",`
	body := `{"products": [` + strings.Repeat(names, (serve.MaxSmallBody+1)/len(names)) + `"a"], "destinations": ["CN"], "date": "2025-01-01"}`
	for _, path := range []string{"/v1/matrix", "/v1/screen"} {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("POST", "http://127.0.0.1"+path, strings.NewReader(body)))
		if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "too-large") {
			t.Errorf("%s: %d %.300s", path, rec.Code, rec.Body)
		}
	}
}

// TestBodyNotRead: a body that does not arrive whole is bad-request in the
// request's terms; the answer names no address of the connection (the
// server's, or a proxy's inside the network).
func TestBodyNotRead(t *testing.T) {
	srv := httptest.NewUnstartedServer(serve.New(serve.Options{Checker: testChecker(t)}))
	srv.Config.ReadTimeout = 200 * time.Millisecond
	srv.Start()
	defer srv.Close()
	type answer struct {
		Status       int
		Type, Detail string
	}
	var want, got []answer
	for _, path := range []string{"/v1/check", "/v1/screen"} {
		c, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		// Ten bytes of the hundred the request says it has, then
		// nothing until the server's read timeout.
		fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"id\": \"1\"", path)
		c.SetDeadline(time.Now().Add(5 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		var p struct {
			Status       int
			Type, Detail string
		}
		json.NewDecoder(resp.Body).Decode(&p)
		resp.Body.Close()
		want = append(want, answer{400, serve.ProblemBase + "bad-request", "the body did not arrive in the time the server waits for a request"})
		got = append(got, answer{resp.StatusCode, p.Type, p.Detail})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
