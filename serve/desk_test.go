package serve_test

import (
	"cmp"
	"context"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/ownership"
	"github.com/exportcheck/exportcheck/records"
	"github.com/exportcheck/exportcheck/screening"
	"github.com/exportcheck/exportcheck/serve"
)

// evil is text a hostile order book might hold: markup and a spreadsheet
// formula. The desk shows it as text.
const evil = `<script>alert("x")</script>=HYPERLINK("http://evil.example")`

// deskServer is a committing server with tokens and lines in its ledger:
// a screening candidate (review), a line needing a licence whose every
// field is hostile text, and a line allowed (not in the queue).
func deskServer(t *testing.T) (*httptest.Server, map[string]string) {
	t.Helper()
	srv, tok, _ := deskServerLedger(t)
	return srv, tok
}

// deskChecker is a new SQLite ledger and a checker that screens against
// the excerpt (m) and reads drawdown from the ledger.
func deskChecker(t *testing.T) (*ledger.Ledger, *checker.Checker, *screening.Matcher) {
	t.Helper()
	return deskCheckerOn(t, "sqlite")
}

// deskCheckerOn is deskChecker with a new ledger of kind.
func deskCheckerOn(t *testing.T, kind string) (*ledger.Ledger, *checker.Checker, *screening.Matcher) {
	t.Helper()
	l := newLedger(t, kind)
	m := screening.NewMatcher(screening.Excerpt())
	c, err := checker.New(context.Background(), checker.Options{Screener: screening.Screener{M: m}, Drawdown: ledger.ContextDrawdown{L: l}, Horizon: farHorizon})
	if err != nil {
		t.Fatal(err)
	}
	return l, c, m
}

// deskServerLedger is deskServer and its ledger.
func deskServerLedger(t *testing.T) (*httptest.Server, map[string]string, *ledger.Ledger) {
	t.Helper()
	return deskServerWith(t, func(*serve.Options) {})
}

// deskServerWith is deskServerLedger with its options changed by opt
// (a logger, say) before the server is made.
func deskServerWith(t *testing.T, opt func(*serve.Options)) (*httptest.Server, map[string]string, *ledger.Ledger) {
	t.Helper()
	return deskServerOn(t, "sqlite", opt)
}

// deskServerOn is deskServerWith with a ledger of kind.
func deskServerOn(t *testing.T, kind string, opt func(*serve.Options)) (*httptest.Server, map[string]string, *ledger.Ledger) {
	t.Helper()
	l, c, m := deskCheckerOn(t, kind)
	ts, tok := tokens(t)
	o := serve.Options{Checker: c, Tokens: ts, Ledger: l, Commit: true, Entry: m.Entry}
	opt(&o)
	srv := httptest.NewServer(serve.New(o))
	t.Cleanup(srv.Close)
	body := `{"orders": [
		{"id": "REV-1", "product": "nvidia-rtx-4060", "quantity": 2, "destination": "AE", "end_user": "Atlas Sanatgar Trading", "end_user_hq": "AE", "date": "` + shipDay + `"},
		{"id": ` + jsonString(evil) + `, "product": "nvidia-h100-sxm5", "quantity": 1, "destination": "CN", "end_user": ` + jsonString(evil) + `, "end_user_hq": "CN", "date": "2026-03-02", "note": ` + jsonString(evil) + `},
		{"id": "OK-1", "product": "nvidia-h100-sxm5", "quantity": 1, "destination": "DE", "end_user": "Berlin Render GmbH", "end_user_hq": "DE", "date": "2026-03-02"}
	]}`
	commit(t, srv, tok, body)
	return srv, tok, l
}

// shipDay is the ship date of the lines the desk tests clear or assign:
// the day after the desk's clearances and assignments are made (today),
// since either holds for lines shipping on or after the day it was made. farHorizon keeps
// such a date judged whatever the day the tests run.
var shipDay = time.Now().UTC().AddDate(0, 0, 1).Format(time.DateOnly)

const farHorizon = 50 * 365 * 24 * time.Hour

func jsonString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}

// browser is a client that keeps cookies and does not follow redirects.
type browser struct {
	t   *testing.T
	c   *http.Client
	url string
}

// openLine finds order id in the queue at path ("/desk/", or one
// filtered) and opens its page: the line's sequence number and the page.
func (b *browser) openLine(path, id string) (seq, page string) {
	b.t.Helper()
	_, queue := b.do("GET", path, nil, nil)
	m := regexp.MustCompile(`href="/desk/lines/(\d+)">` + regexp.QuoteMeta(id) + `<`).FindStringSubmatch(queue)
	if m == nil {
		b.t.Fatalf("%s is not in the queue:\n%s", id, queue)
	}
	_, page = b.do("GET", "/desk/lines/"+m[1], nil, nil)
	return m[1], page
}

func newBrowser(t *testing.T, srv *httptest.Server) *browser {
	jar, _ := cookiejar.New(nil)
	c := *srv.Client()
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &browser{t: t, c: &c, url: srv.URL}
}

func (b *browser) do(method, path string, form url.Values, header map[string]string) (*http.Response, string) {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, b.url+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	// A cell's data-label (its column's header, which the phone-width
	// layout shows: TestDeskInBrowser) is left out, so that the tests
	// read cells as <td>text</td>; so is the span that keeps a word with
	// a hyphen (a licence number, a date) on one line.
	return resp, wordSpan.ReplaceAllString(dataLabel.ReplaceAllString(string(out), ""), "$1")
}

var (
	dataLabel = regexp.MustCompile(` data-label="[^"]*"`)
	wordSpan  = regexp.MustCompile(`<span class="word">([^<]*)</span>`)
)

// refusal is a change to a good form and how the desk must refuse it.
type refusal struct {
	change func(url.Values)
	status int
	want   string
}

// refused posts form to path once per refusal, changed, and checks each
// is refused as it says.
func (b *browser) refused(path string, form url.Values, cases map[string]refusal) {
	b.t.Helper()
	for name, tt := range cases {
		v := url.Values{}
		for k, x := range form {
			v[k] = x
		}
		tt.change(v)
		if resp, body := b.do("POST", path, v, nil); resp.StatusCode != tt.status || !strings.Contains(body, tt.want) {
			b.t.Errorf("%s: %d\n%s", name, resp.StatusCode, body)
		}
	}
}

// standing is each order's standing row in the ledger, as "order kind
// decision auth", in log order.
func standing(t *testing.T, l *ledger.Ledger) []string {
	t.Helper()
	var rows []string
	for r, err := range l.Query(context.Background(), ledger.Filter{Standing: true}) {
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, strings.TrimSpace(r.OrderID+" "+r.Kind+" "+r.Decision+" "+r.Auth))
	}
	return rows
}

// TestDesk: signing in (and being refused without the review role), the
// queue with its counts and filters, a line's page, hostile text shown as
// text, the headers every page carries, and signing out.
func TestDesk(t *testing.T) {
	srv, tok, l := deskServerLedger(t)
	ctx := context.Background()
	b := newBrowser(t, srv)

	resp, _ := b.do("GET", "/desk/", nil, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/desk/login" {
		t.Fatalf("the queue before signing in: %d to %q, want 303 to /desk/login", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, body := b.do("GET", "/desk/login", nil, nil)
	if resp.StatusCode != 200 || !strings.Contains(body, `<label for="token">`) || !strings.Contains(body, `id="token"`) {
		t.Fatalf("the sign-in page: %d\n%s", resp.StatusCode, body)
	}
	for _, tt := range []struct {
		name, token string
		status      int
		want        string
	}{
		{"not a token", "nonsense", http.StatusUnauthorized, "That is not a token this server accepts."},
		{"a token without the review role", tok["pipeline"], http.StatusForbidden, "Token pipeline does not have the review role"},
	} {
		resp, body := b.do("POST", "/desk/login", url.Values{"token": {tt.token}}, nil)
		if resp.StatusCode != tt.status || !strings.Contains(body, tt.want) || len(resp.Cookies()) != 0 {
			t.Errorf("%s: %d %v\n%s", tt.name, resp.StatusCode, resp.Cookies(), body)
		}
	}
	// A sign-in posted from another site is refused before the token is read.
	resp, _ = b.do("POST", "/desk/login", url.Values{"token": {tok["reviewer"]}}, map[string]string{"Sec-Fetch-Site": "cross-site"})
	if resp.StatusCode != http.StatusForbidden || len(resp.Cookies()) != 0 {
		t.Errorf("a cross-site sign-in: %d %v", resp.StatusCode, resp.Cookies())
	}
	resp, _ = b.do("POST", "/desk/login", url.Values{"token": {tok["reviewer"]}}, nil)
	if resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) != 1 {
		t.Fatalf("signing in as reviewer: %d %v", resp.StatusCode, resp.Cookies())
	}
	if c := resp.Cookies()[0]; !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/desk/" {
		t.Errorf("the session cookie: %+v", c)
	}

	resp, queue := b.do("GET", "/desk/", nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("the queue: %d\n%s", resp.StatusCode, queue)
	}
	for k, v := range map[string]string{
		"Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
		"X-Content-Type-Options":  "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
	} {
		if got := resp.Header.Get(k); got != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
	for _, want := range []string{
		"Signed in as <strong>reviewer</strong>",
		// A keyboard reaches the page past the header in one step.
		`<a href="#main" class="skip">Skip to the page's content</a>`, `<main id="main" tabindex="-1">`,
		"licence required: <strong>1</strong>", "licence exception: <strong>0</strong>", "review: <strong>1</strong>",
		">REV-1</a>", "2 Mar 2026", "possible UVL match", `<label for="end_user">`,
		// Hostile text is shown as text, in every field it was put in.
		`&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;=HYPERLINK(&#34;http://evil.example&#34;)</a>`,
		`<td>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;=HYPERLINK(&#34;http://evil.example&#34;)</td>`,
	} {
		if !strings.Contains(queue, want) {
			t.Errorf("the queue lacks %s", want)
		}
	}
	for _, bad := range []string{"<script>", "OK-1", "<style", "style="} {
		if strings.Contains(queue, bad) {
			t.Errorf("the queue holds %s", bad)
		}
	}

	resp, body = b.do("GET", "/desk/?decision=review", nil, nil)
	if resp.StatusCode != 200 || !strings.Contains(body, ">REV-1</a>") || strings.Contains(body, "/desk/lines/2\"") {
		t.Errorf("the queue of review lines: %d\n%s", resp.StatusCode, body)
	}
	// Lines decided just now have not waited a day.
	if resp, body = b.do("GET", "/desk/?waiting=1", nil, nil); resp.StatusCode != 200 || !strings.Contains(body, "No open line matches.") || !strings.Contains(body, `<option value="1" selected>1 day</option>`) {
		t.Errorf("lines waiting a day: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ = b.do("GET", "/desk/?waiting=forever", nil, nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a bad waiting filter: %d", resp.StatusCode)
	}
	if resp, body = b.do("GET", "/desk/?decision=allow", nil, nil); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "decision allow is not one the queue holds") {
		t.Errorf("an allow filter: %d\n%s", resp.StatusCode, body)
	}

	seq := regexp.MustCompile(`href="/desk/lines/(\d+)">REV-1<`).FindStringSubmatch(queue)
	if seq == nil {
		t.Fatalf("no link to REV-1 in the queue:\n%s", queue)
	}
	resp, line := b.do("GET", "/desk/lines/"+seq[1], nil, nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Security-Policy") == "" {
		t.Fatalf("REV-1's page: %d\n%s", resp.StatusCode, line)
	}
	for _, want := range []string{
		"Order REV-1: review", "<code>screening.candidate</code>", "<td>UVL</td>", "<td>Atlas Sanatgaran</td>", "<td>0.89</td>",
		"<td>Atlas Sanatgar Trading</td>", `<th scope="row">End user</th><td>Atlas Sanatgar Trading</td>`, `<th scope="row">End-user headquarters</th><td>AE</td>`, "<p>posted to the service, order 1 of its request</p>", "committed by pipeline", "Policy revision",
		// The entry's whole record beside the order's end user.
		"UVL entry Atlas Sanatgaran, beside the order's end user", `<tr><th scope="row">Where</th><td>`, "<td>ships to AE; headquartered in AE</td>",
		"<td>Unverified List (UVL) - Bureau of Industry and Security</td>", "Komitas 26/114, Yerevan, Armenia, AM<br>",
		// The classification arithmetic on the ship date.
		"Classification on the ship date", "As the policy revision that decided this line classifies it", "<dt>TPP</dt><dd>968</dd>",
		"<dt>On</dt><dd>" + shipDay + " (rule version",
	} {
		if !strings.Contains(line, want) {
			t.Errorf("REV-1's page lacks %s", want)
		}
	}
	if strings.Contains(line, "has changed since the line was judged") {
		t.Error("REV-1's page says its entry changed; it did not")
	}
	evilSeq := regexp.MustCompile(`href="/desk/lines/(\d+)">&lt;script`).FindStringSubmatch(queue)
	_, evilLine := b.do("GET", "/desk/lines/"+evilSeq[1], nil, nil)
	if strings.Contains(evilLine, "<script>") || !strings.Contains(evilLine, `<th scope="row">note</th><td>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;=HYPERLINK(`) {
		t.Errorf("the hostile line's page:\n%s", evilLine)
	}
	if resp, _ = b.do("GET", "/desk/lines/999", nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a line not in the ledger: %d", resp.StatusCode)
	}

	// Adjudicating a candidate: a record that would not load is the
	// line's page again with the problems, and nothing is written.
	csrf := regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`).FindStringSubmatch(line)
	if csrf == nil {
		t.Fatal("no form token on the line's page")
	}
	entry := regexp.MustCompile(`<option value="([0-9a-f]+)">UVL Atlas Sanatgaran \(0.89\)</option>`).FindStringSubmatch(line)
	if entry == nil {
		t.Fatalf("no candidate to adjudicate on the line's page:\n%s", line)
	}
	today := time.Now().UTC()
	form := url.Values{"csrf": {csrf[1]}, "entry": {entry[1]}, "outcome": {"false_positive"},
		"reason":  {"Different company: Atlas Sanatgar Trading is registered in Dubai (licence 12345), the listed party in Tehran."},
		"expires": {today.AddDate(0, 6, 0).Format(time.DateOnly)}}
	b.refused("/desk/lines/"+seq[1]+"/clearance", form, map[string]refusal{
		"too long":        {func(v url.Values) { v.Set("expires", today.AddDate(3, 0, 0).Format(time.DateOnly)) }, http.StatusUnprocessableEntity, "A clearance holds at most 12 months"},
		"no reason":       {func(v url.Values) { v.Set("reason", " ") }, http.StatusUnprocessableEntity, "reason"},
		"another entry":   {func(v url.Values) { v.Set("entry", "x") }, http.StatusUnprocessableEntity, "That candidate is not one of this line&#39;s."},
		"a forged form":   {func(v url.Values) { v.Set("csrf", "forged") }, http.StatusForbidden, "The form was not one this desk gave you"},
		"a wrong outcome": {func(v url.Values) { v.Set("outcome", "maybe") }, http.StatusUnprocessableEntity, "outcome"},
	})
	if kept, err := l.Kept(ctx); err != nil || len(kept) != 0 {
		t.Fatalf("refused adjudications kept %d clearances (%v)", len(kept), err)
	}
	// A good one is kept in the ledger under the reviewer's name, the
	// line is judged again at once, and its page shows the new decision.
	resp, _ = b.do("POST", "/desk/lines/"+seq[1]+"/clearance", form, nil)
	loc := regexp.MustCompile(`^/desk/lines/(\d+)\?kept=(\d+)$`).FindStringSubmatch(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || loc == nil {
		t.Fatalf("adjudicating: %d to %q, want 303 to the line judged again", resp.StatusCode, resp.Header.Get("Location"))
	}
	at := resp.Header.Get("Location")
	resp, now := b.do("GET", at, nil, nil)
	for _, want := range []string{
		"Order REV-1: allow", "Clearance kept", "(judged again after a record made by reviewer)", "<code>screening.cleared</code>", "as a false positive by reviewer on " + today.Format(time.DateOnly),
		// Not yet in the records: the reason says where it is, and to commit it.
		"(the clearance kept at the review desk, ledger row " + loc[2] + ", downloaded as atlas-sanatgar-trading-" + entry[1][:12] + "-97ed6567-" + today.Format(time.DateOnly) + ".yaml; commit it to the records)",
		"Your false positive clearance of Atlas Sanatgar Trading against UVL entry Atlas Sanatgaran is kept in the ledger (log row " + loc[2] + ")",
		"The line was judged again at once: this line is now <strong>allow</strong>", `<a href="/desk/records/` + loc[2] + `" download>`,
		"<td>clearance</td><td>cleared entry Atlas Sanatgaran for Atlas Sanatgar Trading as false positive, adjudicated on " + today.Format("2 Jan 2006") + "</td><td>reviewer</td>", "<td>judged again</td><td>allow</td><td>reviewer</td>",
		`<a href="/desk/lines/` + seq[1] + `">` + seq[1] + `</a></td><td>committed</td><td>review</td><td>pipeline</td>`,
	} {
		if !strings.Contains(now, want) {
			t.Errorf("the line judged again lacks %s", want)
		}
	}
	if resp.StatusCode != 200 || strings.Contains(now, "<code>screening.candidate</code>") {
		t.Errorf("the line judged again: %d\n%s", resp.StatusCode, now)
	}
	// The notice is the session's that made the record: the same address
	// opened in another session (a link sent to a colleague) shows the
	// line without announcing a record its reader did not make.
	other := newBrowser(t, srv)
	if resp, _ := other.do("POST", "/desk/login", url.Values{"token": {tok["reviewer"]}}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("signing in a second session: %d", resp.StatusCode)
	}
	resp, theirs := other.do("GET", at, nil, nil)
	if resp.StatusCode != 200 || !strings.Contains(theirs, "Order REV-1: allow") || strings.Contains(theirs, "kept in the ledger (log row") || strings.Contains(theirs, "judged again at once") {
		t.Errorf("another session's page of %s: %d\n%s", at, resp.StatusCode, theirs)
	}
	// The page of the version before says it is no longer standing.
	if _, old := b.do("GET", "/desk/lines/"+seq[1], nil, nil); !strings.Contains(old, `the one standing is <a href="/desk/lines/`+loc[1]+`">`) {
		t.Errorf("the earlier version's page does not point to the standing one:\n%s", old)
	}
	// Records are made on a standing line only: not on the version
	// before, nor on the clearance's own row.
	for at, want := range map[string]string{seq[1]: "is an earlier version of order REV-1", loc[2]: "is a reviewer&#39;s clearance, not a line"} {
		if resp, body := b.do("POST", "/desk/lines/"+at+"/clearance", form, nil); resp.StatusCode != http.StatusConflict || !strings.Contains(body, want) {
			t.Errorf("a clearance on row %s: %d\n%s", at, resp.StatusCode, body)
		}
	}
	// The queue no longer holds the line.
	if _, q := b.do("GET", "/desk/", nil, nil); strings.Contains(q, ">REV-1</a>") || !strings.Contains(q, "review: <strong>0</strong>") {
		t.Errorf("the queue after the clearance:\n%s", q)
	}
	// The record downloads as the YAML file for git, and loads.
	resp, yml := b.do("GET", "/desk/records/"+loc[2], nil, nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Disposition") != `attachment; filename="atlas-sanatgar-trading-`+entry[1][:12]+"-97ed6567-"+today.Format(time.DateOnly)+`.yaml"` {
		t.Fatalf("downloading the clearance: %d %q\n%s", resp.StatusCode, resp.Header.Get("Content-Disposition"), yml)
	}
	set, err := records.Parse("clearance.yaml", []byte(yml))
	if err != nil {
		t.Fatalf("the clearance does not load: %v\n%s", err, yml)
	}
	c, ok := set.Clearance("Atlas Sanatgar Trading", entry[1])
	if !ok || c.By != "reviewer" || c.Outcome != "false_positive" || c.At != today.Format(time.DateOnly) || !strings.HasPrefix(c.EntryHash, "sha256:") || c.List != "UVL" {
		t.Errorf("the clearance: %+v\n%s", c, yml)
	}
	// Its comment says where to save it: the name it downloads under, in
	// the directory `exportcheck clear -o` writes by default.
	name := "atlas-sanatgar-trading-" + entry[1][:12] + "-97ed6567-" + today.Format(time.DateOnly) + ".yaml"
	want := "# Made at the exportcheck review desk by \"reviewer\" on " + entered(t, l, loc[2]) + " (adjudicated on " + today.Format(time.DateOnly) + ") for ledger row " + seq[1] + " (order \"REV-1\"), and kept in the ledger.\n" +
		"# To keep it in git as well, save it as records/clearances/" + name + " and commit it for review.\n" +
		"record: clearance\n" +
		"end_user: Atlas Sanatgar Trading\n" +
		"entry: " + entry[1] + "\n" +
		"entry_name: Atlas Sanatgaran\n" +
		"list: UVL\n" +
		"entry_hash: " + c.EntryHash + "\n" +
		"outcome: false_positive\n" +
		"by: reviewer\n" +
		"at: \"" + today.Format(time.DateOnly) + "\"\n" +
		"reason: 'Different company: Atlas Sanatgar Trading is registered in Dubai (licence 12345), the listed party in Tehran.'\n" +
		"expires: \"" + today.AddDate(0, 6, 0).Format(time.DateOnly) + "\"\n" +
		"recorded: \"" + today.Format(time.DateOnly) + "\"\n"
	if diff := gocmp.Diff(want, yml); diff != "" {
		t.Errorf("the clearance downloaded (-want +got):\n%s", diff)
	}
	if resp, _ = b.do("GET", "/desk/records/"+loc[1], nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a line's row as a clearance: %d", resp.StatusCode)
	}
	// The log holds the action under the reviewer's name, and verifies.
	var kinds []string
	for r, err := range l.Query(ctx, ledger.Filter{OrderID: "REV-1"}) {
		if err != nil {
			t.Fatal(err)
		}
		kinds = append(kinds, r.Kind+" "+r.Decision+" "+cmp.Or(r.Run.Actor, "-"))
	}
	if diff := gocmp.Diff([]string{"decision review pipeline", "clearance false_positive reviewer", "rejudgement allow reviewer"}, kinds); diff != "" {
		t.Errorf("REV-1's rows (-want +got):\n%s", diff)
	}
	if _, err := l.Verify(ctx, ""); err != nil {
		t.Errorf("verify: %v", err)
	}

	// Signing out needs the form's token.
	if resp, _ = b.do("POST", "/desk/logout", url.Values{"csrf": {"forged"}}, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("signing out with a forged token: %d", resp.StatusCode)
	}
	csrf = regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`).FindStringSubmatch(queue)
	if csrf == nil {
		t.Fatal("no sign-out form in the queue")
	}
	if resp, _ = b.do("POST", "/desk/logout", url.Values{"csrf": {csrf[1]}}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("signing out: %d", resp.StatusCode)
	}
	if resp, _ = b.do("GET", "/desk/", nil, nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the queue after signing out: %d", resp.StatusCode)
	}
}

// TestDeskLicences: the licences page shows what remains on each licence
// after the shipments committed to the ledger, or why the policy says it
// covers no line shipping today (revoked, suspended, a condition it cannot
// check, a VEU without its Federal Register listing), and those expiring
// within 30, 60 or 90 days; a licence's extension beside its expiry, and a
// VEU's Federal Register listing (or none).
func TestDeskLicences(t *testing.T) {
	ctx := context.Background()
	l := newLedger(t, "sqlite")
	now := time.Now().UTC()
	day := func(days int) string { return now.AddDate(0, 0, days).Format(time.DateOnly) }
	// The page writes every date as the rest of the desk does.
	human := func(days int) string { return now.AddDate(0, 0, days).Format("2 Jan 2006") }
	licence := func(number string, expires int, limit string) string {
		return "record: licence\nnumber: " + number + "\nkind: license\nstatus: active\nissued: " + day(-400) + "\nexpires: " + day(expires) +
			"\nitems: {products: [nvidia-h100-sxm5]}\ndestinations: [AE]\nend_users: [Falcon Compute Data Center LLC]\nquantity_limits: {nvidia-h100-sxm5: " + limit + "}\n"
	}
	// D0000010, revoked, is not one to renew, and has no room left.
	revoked := strings.Replace(licence("D0000010", 10, "50"), "status: active", "status: revoked", 1)
	// D0000030, suspended since 5 days ago: the day it took effect.
	suspended := strings.Replace(licence("D0000030", 30, "10"), "status: active", "status: suspended\nstatus_from: "+day(-5), 1)
	extended := licence("D0000400", 400, "1000") + "extended: validity extended by BIS, letter of 2026-01-05\n"
	// D0000200 carries a condition the policy cannot check: a person
	// applies it, so it covers no line and has no room to show.
	flagged := licence("D0000200", 200, "20") + "conditions: an export plan agreed with BIS before each shipment\nflags: [needs_export_plan]\n"
	veu := func(number, listing string) string {
		return "record: licence\nnumber: " + number + "\nkind: veu\nstatus: active\nissued: " + day(-400) +
			"\nitems: {eccns: [3A090.a]}\ndestinations: [AE]\nend_users: [Oasis Cloud Campus]\n" + listing
	}
	set, err := records.Parse("licences.yaml", []byte(licence("D0000020", 20, "100")+"---\n"+licence("D0000045", 45, "5")+"---\n"+extended+"---\n"+revoked+"---\n"+suspended+"---\n"+flagged+
		"---\n"+veu("VEU-1", "federal_register: [73 FR 57495, 89 FR 12345]\n")+"---\n"+veu("VEU-2", "")))
	if err != nil {
		t.Fatal(err)
	}
	c, err := checker.New(ctx, checker.Options{Records: set.Checker(), Drawdown: ledger.ContextDrawdown{L: l}})
	if err != nil {
		t.Fatal(err)
	}
	ts, tok := tokens(t)
	srv := httptest.NewServer(serve.New(serve.Options{Checker: c, Tokens: ts, Ledger: l, Commit: true, Records: set}))
	t.Cleanup(srv.Close)
	commit(t, srv, tok, `{"id": "L-1", "product": "nvidia-h100-sxm5", "quantity": 60, "destination": "AE", "end_user": "Falcon Compute Data Center LLC", "end_user_hq": "AE", "date": "`+day(0)+`"}`)

	b := signedIn(t, srv, tok)
	resp, body := b.do("GET", "/desk/licences", nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("the licences page: %d\n%s", resp.StatusCode, body)
	}
	for _, want := range []string{
		"All: <strong>8</strong>", "Expiring within 30 days: <strong>1</strong>", "Expiring within 60 days: <strong>2</strong>", "Expiring within 90 days: <strong>2</strong>",
		"<td>D0000010</td><td>licence</td><td>revoked</td><td>" + human(10) + " (in 10 days)</td><td>-</td><td>nvidia-h100-sxm5</td><td>AE</td><td>none named</td><td>Falcon Compute Data Center LLC</td><td>50 nvidia-h100-sxm5</td><td>- (revoked)</td>",
		// D0000020 expires first and drew the 60 units (the line is allocated to the licence expiring first).
		"<td>D0000030</td><td>licence</td><td>suspended from " + human(-5) + "</td><td>" + human(30) + " (in 30 days)</td><td>-</td><td>nvidia-h100-sxm5</td><td>AE</td><td>none named</td><td>Falcon Compute Data Center LLC</td><td>10 nvidia-h100-sxm5</td><td>- (suspended " + human(-5) + ")</td>",
		"<td>D0000200</td><td>licence</td><td>active</td>", "<td>20 nvidia-h100-sxm5</td><td>- (condition needs_export_plan not checkable)</td>",
		"<td>D0000020</td><td>licence</td><td>active</td><td>" + human(20) + " (in 20 days)</td><td>-</td><td>nvidia-h100-sxm5</td><td>AE</td><td>none named</td><td>Falcon Compute Data Center LLC</td><td>100 nvidia-h100-sxm5</td><td>40 nvidia-h100-sxm5</td>",
		"<td>D0000400</td><td>licence</td><td>active</td><td>" + human(400) + " (in 400 days)<br>extended: validity extended by BIS, letter of 2026-01-05</td><td>-</td>",
		"<td>1,000 nvidia-h100-sxm5</td><td>1,000 nvidia-h100-sxm5</td>",
		"<td>VEU-1</td><td>VEU authorization</td><td>active</td><td>none</td><td>73 FR 57495, 89 FR 12345</td><td>3A090.a</td>",
		"<td>VEU-2</td><td>VEU authorization</td><td>active</td><td>none</td><td>none</td><td>3A090.a</td>",
		"<td>Oasis Cloud Campus</td><td>no limit</td><td>- (no federal_register)</td>",
		`<th scope="col">Expires</th><th scope="col">Federal Register listing</th>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the licences page lacks %s\n%s", want, body)
		}
	}
	_, body = b.do("GET", "/desk/licences?expiring=30", nil, nil)
	if !strings.Contains(body, "<td>D0000020</td>") || strings.Contains(body, "<td>D0000045</td>") || strings.Contains(body, "<td>D0000010</td>") || !strings.Contains(body, "expiring within 30 days") {
		t.Errorf("expiring within 30 days:\n%s", body)
	}
	if resp, _ = b.do("GET", "/desk/licences?expiring=soon", nil, nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a bad filter: %d", resp.StatusCode)
	}

	// The licence's number written otherwise in its file since ("d
	// 0000020" is D0000020, as the records compare numbers): what it drew
	// is still counted.
	edited, err := records.Parse("licences.yaml", []byte(licence("d 0000020", 20, "100")))
	if err != nil {
		t.Fatal(err)
	}
	srv2 := httptest.NewServer(serve.New(serve.Options{Checker: c, Tokens: ts, Ledger: l, Records: edited}))
	t.Cleanup(srv2.Close)
	b2 := newBrowser(t, srv2)
	b2.do("POST", "/desk/login", url.Values{"token": {tok["reviewer"]}}, nil)
	if _, body = b2.do("GET", "/desk/licences", nil, nil); !strings.Contains(body, "<td>100 nvidia-h100-sxm5</td><td>40 nvidia-h100-sxm5</td>") {
		t.Errorf("the licence's number written otherwise: its drawings are lost\n%s", body)
	}

	// Notifications say what is left of their units and dollar value, or
	// why nothing may ship under them, as records list does: every fault
	// the policy finds in the record (more than six products, none).
	nac := func(ref, items, rest string) string {
		return "record: notification\nbis_reference: " + ref + "\nexception: NAC\nfiled_on: " + day(-60) +
			"\nitems: " + items + "\ndestination: CN\nend_user: Pearl River Render Studio Co.\nquantity: 10\n" + rest
	}
	const rtx = "{products: [nvidia-rtx-4090]}"
	notified, err := records.Parse("notifications.yaml", []byte(nac("NAC-1", rtx, "status: confirmed\nconfirmation: A000001\nvalue_usd: 15990\n")+"---\n"+
		nac("NAC-2", rtx, "status: objected\nvalue_usd: 15990\n")+"---\n"+nac("NAC-3", rtx, "status: filed\nvalue_usd: 15990\n")+"---\n"+
		nac("NAC-4", "{products: [nvidia-rtx-4090, nvidia-h100-sxm5, nvidia-h100-pcie, nvidia-h800-sxm5, nvidia-h800-pcie, nvidia-h200-sxm, nvidia-h20]}",
			"status: confirmed\nconfirmation: A000004\nvalue_usd: 15990\n")+"---\n"+
		nac("NAC-5", "{eccns: [3A090.a]}", "status: confirmed\nconfirmation: A000005\nvalue_usd: 15990\n")))
	if err != nil {
		t.Fatal(err)
	}
	c3, err := checker.New(ctx, checker.Options{Records: notified.Checker(), Drawdown: ledger.ContextDrawdown{L: l}})
	if err != nil {
		t.Fatal(err)
	}
	srv3 := httptest.NewServer(serve.New(serve.Options{Checker: c3, Tokens: ts, Ledger: l, Records: notified}))
	t.Cleanup(srv3.Close)
	b3 := signedIn(t, srv3, tok)
	_, body = b3.do("GET", "/desk/licences", nil, nil)
	for _, want := range []string{"<td>10</td><td>10; USD 15,990</td>", "<td>10</td><td>- (objected)</td>", "<td>10</td><td>- (not confirmed)</td>",
		"<td>NAC-4</td>", "<td>10</td><td>- (7 products, more than six)</td>", "<td>3A090.a</td><td>CN</td><td>Pearl River Render Studio Co.</td><td>none named</td><td>10</td><td>- (no product listed)</td>"} {
		if !strings.Contains(body, want) {
			t.Errorf("the notifications lack %s\n%s", want, body)
		}
	}
}

// TestDeskLookup: a product's classification on a date and a name
// screened, on the desk.
func TestDeskLookup(t *testing.T) {
	srv, tok := deskServer(t)
	b := signedIn(t, srv, tok)
	for _, tt := range []struct {
		name, query string
		status      int
		want        []string
	}{
		{"classify", "product=H100+SXM5&date=2024-06-01", 200, []string{"<dd>nvidia-h100-sxm5</dd>", "<dd>2024-06-01 (rule version ear-2024-04-04)</dd>", "<dd>3A090.a</dd>", "<dd>15,832 (published by the vendor: 15,840)</dd>", "<code>classify.3a090.a.1</code>"}},
		{"classify before the rules", "product=H800+SXM5&date=2021-06-01", 200, []string{"<dd>not 3A090/4A090</dd>", "classify.not_in_force"}},
		{"an unknown product", "product=H999&date=2024-06-01", 404, []string{`unknown product &#34;H999&#34;`}},
		{"a bad date", "product=H20&date=June", 400, []string{"date June: want YYYY-MM-DD"}},
		{"screen", "name=Atlas+Sanatgar+Trading&on=2026-03-02", 200, []string{"<td>UVL</td>", "<td>Atlas Sanatgaran</td>", "<td>0.89</td>"}},
		{"screen a name on no list", "name=Berlin+Render+GmbH&on=2026-03-02", 200, []string{"No entry reaches the review threshold."}},
		{"hostile text", "name=%3Cscript%3Ealert(1)%3C%2Fscript%3E", 200, []string{`value="&lt;script&gt;alert(1)&lt;/script&gt;"`}},
	} {
		resp, body := b.do("GET", "/desk/lookup?"+tt.query, nil, nil)
		if resp.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, resp.StatusCode, tt.status)
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: the page lacks %s\n%s", tt.name, w, body)
			}
		}
		if strings.Contains(body, "<script>") {
			t.Errorf("%s: the page holds <script>", tt.name)
		}
	}
}

// TestDeskEntryChanged: a candidate whose list entry has changed since the
// line was judged says so on the line's page.
func TestDeskEntryChanged(t *testing.T) {
	ctx := context.Background()
	l := newLedger(t, "sqlite")
	m := screening.NewMatcher(screening.Excerpt())
	c, err := checker.New(ctx, checker.Options{Screener: screening.Screener{M: m}, Drawdown: ledger.ContextDrawdown{L: l}})
	if err != nil {
		t.Fatal(err)
	}
	changed := func(id string) (*screening.Entry, bool) {
		e, ok := m.Entry(id)
		if !ok {
			return nil, false
		}
		x := *e
		x.Addresses = append([]string{"a new address"}, x.Addresses...)
		x.Details = append(x.Details, screening.Detail{Field: "dates_of_birth", Value: "1978-12-05"})
		return &x, true
	}
	srv := httptest.NewServer(serve.New(serve.Options{Checker: c, Ledger: l, Commit: true, Entry: changed}))
	t.Cleanup(srv.Close)
	resp, err := srv.Client().Post(srv.URL+"/v1/check", "application/json", strings.NewReader(`{"id": "REV-1", "product": "nvidia-rtx-4060", "quantity": 2, "destination": "AE", "end_user": "Atlas Sanatgar Trading", "end_user_hq": "AE", "date": "2026-03-02"}`))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("committing: %v %v", resp, err)
	}
	resp.Body.Close()
	b := newBrowser(t, srv) // no tokens: loopback, no signing in
	resp, body := b.do("GET", "/desk/lines/1", nil, nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "This entry has changed since the line was judged") || !strings.Contains(body, "a new address<br>") ||
		!strings.Contains(body, `<th scope="row">Dates of birth</th><td>1978-12-05</td>`) ||
		!strings.Contains(body, `<td>ships 2 Mar 2026</td>`) {
		t.Errorf("the line's page: %d\n%s", resp.StatusCode, body)
	}
	if strings.Contains(body, "Sign out") {
		t.Errorf("a server without tokens offers signing out:\n%s", body)
	}
	// A clearance of the changed entry is refused: its record would
	// fingerprint the entry the line was judged against, not the one the
	// reviewer compared.
	csrf := regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`).FindStringSubmatch(body)
	entry := regexp.MustCompile(`<option value="([0-9a-f]+)">UVL`).FindStringSubmatch(body)
	if csrf == nil || entry == nil {
		t.Fatalf("no clearance form on the line's page:\n%s", body)
	}
	resp, body = b.do("POST", "/desk/lines/1/clearance", url.Values{"csrf": {csrf[1]}, "entry": {entry[1]}, "outcome": {"false_positive"},
		"reason": {"Registered in Dubai."}, "expires": {time.Now().UTC().AddDate(0, 3, 0).Format(time.DateOnly)}}, nil)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, `<p id="entry-error" class="field-error">This entry has changed since the line was judged`) {
		t.Errorf("a clearance of the changed entry: %d\n%s", resp.StatusCode, body)
	}
	if kept, err := l.Kept(ctx); err != nil || len(kept) != 0 {
		t.Errorf("the refused clearance kept %d records (%v)", len(kept), err)
	}
}

// TestDeskAssignList: the records a line that needs an authorization can
// be assigned to say whether each can cover it at all, as the policy says:
// a licence as it stands on the ship date (revoked from a day after it
// still covers; revoked before it does not), one with a condition the
// policy cannot check, a VEU without its Federal Register listing, a
// notification BIS objected to, one not usable until 25 days after filing.
func TestDeskAssignList(t *testing.T) {
	ctx := context.Background()
	l := newLedger(t, "sqlite")
	now := time.Now().UTC()
	day := func(days int) string { return now.AddDate(0, 0, days).Format(time.DateOnly) }
	licence := func(number, rest string) string {
		return "record: licence\nnumber: " + number + "\nkind: license\nissued: " + day(-400) + "\nexpires: " + day(400) +
			"\nitems: {products: [nvidia-h100-sxm5]}\ndestinations: [AE]\nend_users: [Falcon Compute Data Center LLC]\nquantity_limits: {nvidia-h100-sxm5: 50}\n" + rest
	}
	// Confirmed, filed 24 and 25 days before the ship day (shipDay,
	// tomorrow): usable from 25 days after filing (15 CFR 740.8).
	nac := func(ref, filed string) string {
		return "record: notification\nbis_reference: " + ref + "\nexception: NAC\nfiled_on: " + filed + "\nitems: {products: [nvidia-h100-sxm5]}\ndestination: AE\n" +
			"end_user: Falcon Compute Data Center LLC\nquantity: 10\nvalue_usd: 300000\nstatus: confirmed\nconfirmation: A123456\n"
	}
	set, err := records.Parse("records.yaml", []byte(licence("D-LATER", "status: revoked\nstatus_from: "+day(10)+"\n")+"---\n"+
		licence("D-NOW", "status: revoked\nstatus_from: "+day(0)+"\n")+"---\n"+
		licence("D-FLAG", "status: active\nflags: [needs_export_plan]\n")+"---\n"+
		"record: licence\nnumber: VEU-X\nkind: veu\nstatus: active\nissued: "+day(-400)+"\nitems: {eccns: [3A090.a]}\ndestinations: [AE]\nend_users: [Oasis Cloud Campus]\n---\n"+
		"record: notification\nbis_reference: NAC-X\nexception: NAC\nfiled_on: "+day(-60)+"\nitems: {products: [nvidia-h100-sxm5]}\ndestination: AE\n"+
		"end_user: Falcon Compute Data Center LLC\nquantity: 10\nvalue_usd: 300000\nstatus: objected\n---\n"+
		nac("NAC-EARLY", day(-23))+"---\n"+nac("NAC-DUE", day(-24))))
	if err != nil {
		t.Fatal(err)
	}
	c, err := checker.New(ctx, checker.Options{Records: set.Checker(), Drawdown: ledger.ContextDrawdown{L: l}})
	if err != nil {
		t.Fatal(err)
	}
	ts, tok := tokens(t)
	srv := httptest.NewServer(serve.New(serve.Options{Checker: c, Tokens: ts, Ledger: l, Commit: true, Records: set}))
	t.Cleanup(srv.Close)
	commit(t, srv, tok, `{"id": "ASL-1", "product": "nvidia-h100-sxm5", "quantity": 10, "destination": "AE", "end_user": "Falcon Compute DC", "end_user_hq": "AE", "date": "`+shipDay+`"}`)
	b := signedIn(t, srv, tok)
	_, queue := b.do("GET", "/desk/", nil, nil)
	seq := regexp.MustCompile(`href="/desk/lines/(\d+)">ASL-1<`).FindStringSubmatch(queue)
	if seq == nil {
		t.Fatalf("ASL-1 is not in the queue:\n%s", queue)
	}
	_, line := b.do("GET", "/desk/lines/"+seq[1], nil, nil)
	var got []string
	for _, m := range regexp.MustCompile(`<option value="(?:licence|notification):[^"]+">([^<]*)</option>`).FindAllStringSubmatch(line, -1) {
		got = append(got, m[1])
	}
	want := []string{
		"licence D-LATER: AE; Falcon Compute Data Center LLC; " + day(400),
		"licence D-NOW: AE; Falcon Compute Data Center LLC; " + day(400) + " (not usable: revoked " + day(0) + ")",
		"licence D-FLAG: AE; Falcon Compute Data Center LLC; " + day(400) + " (not usable: condition needs_export_plan not checkable)",
		"VEU authorization VEU-X: AE; Oasis Cloud Campus; no expiry (not usable: no federal_register)",
		"NAC notification NAC-X: AE; Falcon Compute Data Center LLC; filed " + day(-60) + " (not usable: objected)",
		"NAC notification NAC-EARLY: AE; Falcon Compute Data Center LLC; filed " + day(-23) + " (not usable: usable from " + day(2) + ")",
		"NAC notification NAC-DUE: AE; Falcon Compute Data Center LLC; filed " + day(-24),
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("ASL-1's records to assign (-want +got):\n%s\n%s", diff, line)
	}
}

// TestDeskAssignment: a line that needs a licence because the licence on
// record spells its end user otherwise is assigned to it at the desk: the
// assignment is kept in the ledger under the reviewer's name, the lines of
// that end user that need an authorization are judged again at once (and
// draw on the licence), and an assignment the policy cannot accept (the
// licence does not list the destination) leaves the line as it was, saying
// why.
func TestDeskAssignment(t *testing.T) {
	ctx := context.Background()
	l, c, set := committing(t, "sqlite")
	ts, tok := tokens(t)
	srv := httptest.NewServer(serve.New(serve.Options{Checker: c, Tokens: ts, Ledger: l, Commit: true, Records: set}))
	t.Cleanup(srv.Close)
	order := func(id, qty, to string) string {
		return `{"id": "` + id + `", "product": "nvidia-h100-sxm5", "quantity": ` + qty + `, "destination": "` + to + `", "end_user": "Falcon Compute DC", "consignee": "Falcon Compute Data Center LLC", "end_user_hq": "AE", "date": "` + shipDay + `"}`
	}
	commit(t, srv, tok, `{"orders": [`+order("ASG-1", "10", "AE")+`, `+order("ASG-2", "5", "AE")+`, `+order("ASG-3", "1", "SA")+`]}`)

	b := signedIn(t, srv, tok)
	_, queue := b.do("GET", "/desk/", nil, nil)
	seq := regexp.MustCompile(`href="/desk/lines/(\d+)">ASG-1<`).FindStringSubmatch(queue)
	if seq == nil {
		t.Fatalf("ASG-1 is not in the queue:\n%s", queue)
	}
	_, line := b.do("GET", "/desk/lines/"+seq[1], nil, nil)
	for _, want := range []string{"Order ASG-1: licence required", `<option value="licence:D1234567">licence D1234567: AE; Falcon Compute Data Center LLC; 2030-01-12</option>`,
		`licence D1100042: AE; Sandstone AI Labs FZ-LLC; 2025-12-31 (not usable: expired 2025-12-31)</option>`, `; 2029-03-03 (not usable: revoked)</option>`,
		`<option value="notification:NAC-2026-0113">NAC notification NAC-2026-0113:`, `<label for="assign-reason">`} {
		if !strings.Contains(line, want) {
			t.Errorf("ASG-1's page lacks %s", want)
		}
	}
	csrf := regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`).FindStringSubmatch(line)
	form := url.Values{"csrf": {csrf[1]}, "record": {"licence:D1234567"}, "reason": {"The same company: trade licence CN-1234567 on both."}}
	b.refused("/desk/lines/"+seq[1]+"/assignment", form, map[string]refusal{
		"no reason":         {func(v url.Values) { v.Set("reason", "") }, http.StatusUnprocessableEntity, "reason"},
		"a record not held": {func(v url.Values) { v.Set("record", "licence:D9") }, http.StatusUnprocessableEntity, "That is not a licence or notification on record."},
		"a forged form":     {func(v url.Values) { v.Set("csrf", "forged") }, http.StatusForbidden, "The form was not one this desk gave you"},
		"not a record ID":   {func(v url.Values) { v.Set("record", "D1234567") }, http.StatusUnprocessableEntity, "not a licence or notification on record"},
	})
	if kept, err := l.Kept(ctx); err != nil || len(kept) != 0 {
		t.Fatalf("refused assignments kept %d records (%v)", len(kept), err)
	}
	resp, _ := b.do("POST", "/desk/lines/"+seq[1]+"/assignment", form, nil)
	loc := regexp.MustCompile(`^/desk/lines/(\d+)\?kept=(\d+)$`).FindStringSubmatch(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || loc == nil {
		t.Fatalf("assigning: %d to %q, want 303 to the line judged again with ASG-2 and ASG-3", resp.StatusCode, resp.Header.Get("Location"))
	}
	// The line, licensed now, needs nothing assigned: its page offers no
	// form, and one posted is refused.
	if resp, body := b.do("POST", "/desk/lines/"+loc[1]+"/assignment", form, nil); resp.StatusCode != http.StatusConflict ||
		!strings.Contains(body, "Order ASG-1 is licensed: a licence or notification is assigned from a line that needs one") {
		t.Errorf("assigning from a licensed line: %d\n%s", resp.StatusCode, body)
	}
	_, now := b.do("GET", resp.Header.Get("Location"), nil, nil)
	for _, want := range []string{
		"Order ASG-1: licensed", "Assignment kept", "Your assignment (assigned Falcon Compute DC to licence D1234567) is kept in the ledger (log row " + loc[2] + ") and applies to the lines that ship from " + time.Now().UTC().Format("2 Jan 2006") + " (the day it was made).",
		"3 lines were judged again at once: this line is now <strong>licensed</strong>",
		"end user assigned to it by reviewer on ", "The same company: trade licence CN-1234567 on both.",
		"<td>assignment</td><td>assigned Falcon Compute DC to licence D1234567</td><td>reviewer</td>",
	} {
		if !strings.Contains(now, want) {
			t.Errorf("the line judged again lacks %s", want)
		}
	}
	if strings.Contains(now, `id="assign-h"`) {
		t.Error("a licensed line offers to assign a licence")
	}
	// The rows: ASG-1 and ASG-2 licensed on D1234567 (15 drawn), ASG-3
	// (to SA, which the licence does not list) judged again, still
	// licence required.
	if d := gocmp.Diff([]string{"ASG-1 rejudgement licensed license:D1234567", "ASG-2 rejudgement licensed license:D1234567", "ASG-3 rejudgement license_required"}, standing(t, l)); d != "" {
		t.Errorf("standing rows (-want +got):\n%s", d)
	}
	if drawn, err := l.DrawnByRecord(ctx); err != nil || drawn["license:D1234567"]["nvidia-h100-sxm5"] != 15 {
		t.Errorf("drawn: %v %v", drawn, err)
	}
	resp, yml := b.do("GET", "/desk/records/"+loc[2], nil, nil)
	if resp.Header.Get("Content-Disposition") != `attachment; filename="falcon-compute-dc-D1234567.yaml"` || !strings.Contains(yml, "record: assignment\nend_user: Falcon Compute DC\nlicence: D1234567\norder: ASG-1\nby: reviewer\n") {
		t.Errorf("the assignment's file: %q\n%s", resp.Header.Get("Content-Disposition"), yml)
	}
	// Assigned to a licence that does not list its destination, ASG-3
	// stays licence required, and says why.
	_, queue = b.do("GET", "/desk/", nil, nil)
	seq3 := regexp.MustCompile(`href="/desk/lines/(\d+)">ASG-3<`).FindStringSubmatch(queue)
	_, now = b.do("GET", "/desk/lines/"+seq3[1], nil, nil)
	if !strings.Contains(now, "Order ASG-3: licence required") || !strings.Contains(now, "licence D1234567 does not cover this line: it does not list destination SA (it lists AE)") {
		t.Errorf("ASG-3 after its assignment:\n%s", now)
	}
	// Its end user is assigned to D1234567 already: the form does not
	// offer it again, and an assignment posted anyway keeps nothing.
	if i, j := strings.Index(now, `id="assign-h"`), strings.Index(now, `id="withdraw-h"`); i < 0 || j < i || strings.Contains(now[i:j], `value="licence:D1234567"`) {
		t.Errorf("ASG-3's page offers again the licence its end user is assigned to (or lacks a form):\n%s", now)
	}
	if resp, body := b.do("POST", "/desk/lines/"+seq3[1]+"/assignment", form, nil); resp.StatusCode != http.StatusConflict ||
		!strings.Contains(strings.Join(pageText(body), "\n"), "Falcon Compute DC is assigned to licence D1234567 already (by reviewer on "+time.Now().UTC().Format(time.DateOnly)+": The same company: trade licence CN-1234567 on both.), so nothing was kept.") {
		t.Errorf("assigning again: %d\n%q", resp.StatusCode, pageText(body))
	}
	if kept, err := l.Kept(ctx); err != nil || len(kept) != 1 {
		t.Errorf("after assigning again the ledger keeps %d records (%v), want the one assignment", len(kept), err)
	}
	if _, err := l.Verify(ctx, ""); err != nil {
		t.Errorf("verify: %v", err)
	}
	// The licences page shows what remains on D1234567, and the
	// notifications on record.
	_, page := b.do("GET", "/desk/licences", nil, nil)
	for _, want := range []string{"<td>D1234567</td>", "<td>AE</td><td>Falcon Compute Data Center LLC</td><td>Falcon Compute Data Center LLC</td><td>100 nvidia-h100-sxm5</td><td>85 nvidia-h100-sxm5</td>",
		"<td>NAC-2026-0113</td><td>NAC</td><td>confirmed</td><td>5 Feb 2026</td><td>nvidia-rtx-4090</td><td>CN</td><td>Pearl River Render Studio Co.</td><td>none named</td><td>10</td><td>10; USD 15,990</td>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the licences page lacks %s\n%s", want, page)
		}
	}

	// Withdrawn (made in error): the lines licensed on it are judged
	// again at once and need the licence again; nothing is drawn; the
	// reason says who withdrew it.
	_, line = b.do("GET", "/desk/lines/"+loc[1], nil, nil)
	if !strings.Contains(line, `<option value="licence:D1234567">Falcon Compute DC to licence D1234567, assigned by reviewer on `) {
		t.Errorf("ASG-1's page offers no withdrawal:\n%s", line)
	}
	form = url.Values{"csrf": {csrf[1]}, "record": {"licence:D1234567"}, "reason": {"A different company after all: the trade licences differ."}}
	b.refused("/desk/lines/"+loc[1]+"/withdrawal", form, map[string]refusal{
		"no reason":     {func(v url.Values) { v.Set("reason", "") }, http.StatusUnprocessableEntity, "reason"},
		"none in force": {func(v url.Values) { v.Set("record", "notification:NAC-2026-0113") }, http.StatusUnprocessableEntity, "No assignment of this end user to that record is in force."},
		"a forged form": {func(v url.Values) { v.Set("csrf", "forged") }, http.StatusForbidden, "The form was not one this desk gave you"},
	})
	b.refused("/desk/lines/"+seq[1]+"/withdrawal", form, map[string]refusal{
		"an earlier version": {func(url.Values) {}, http.StatusConflict, "An earlier version"},
	})
	// A line licensed on it that cannot be judged again (its product is no
	// longer in the data) would stay licensed: nothing is withdrawn, and
	// the reviewer is told why. Amended to a product the data knows, the
	// withdrawal goes through and judges it again too.
	commitRow := func(id, product, kind, number string, amend bool) {
		t.Helper()
		sess, err := l.Begin(ctx, ledger.Run{Started: time.Now(), ToolVersion: "test", PolicyRevision: "p"}, amend)
		if err != nil {
			t.Fatal(err)
		}
		defer sess.Rollback()
		left := 0.0
		if err := sess.Add(ctx, &checker.Result{Order: checker.Order{File: "old.csv", Line: 2, ID: id, Product: product, Quantity: "1", Destination: "AE", EndUser: "Falcon Compute DC", EndUserHQ: "AE", Date: shipDay},
			ProductID: product, Date: shipDay, Decision: checker.Licensed, ECCN: "3A090.a", Authorization: &checker.Authorization{Kind: kind, Number: number, Limit: "nvidia-h100-sxm5", Drawn: 1, RemainingAfter: &left}}); err != nil {
			t.Fatal(err)
		}
		if _, err := sess.Finish(ctx); err != nil {
			t.Fatal(err)
		}
	}
	commitRow("ASG-9", "acme-retired-box", "license", "D1234567", false)
	keptBefore, _ := l.Kept(ctx)
	if resp, body := b.do("POST", "/desk/lines/"+loc[1]+"/withdrawal", form, nil); resp.StatusCode != http.StatusConflict ||
		!strings.Contains(body, "order ASG-9 (old.csv:2) could not be judged again, and would keep a decision this assignment makes wrong") || !strings.Contains(body, "nothing was kept") {
		t.Errorf("withdrawing with a line that cannot be judged again: %d\n%s", resp.StatusCode, body)
	}
	if keptAfter, _ := l.Kept(ctx); len(keptAfter) != len(keptBefore) {
		t.Errorf("a refused withdrawal kept a record: %d, were %d", len(keptAfter), len(keptBefore))
	}
	commitRow("ASG-9", "nvidia-h100-sxm5", "license", "D1234567", true)
	// Lines licensed on the record as the ledger wrote it then: its kind
	// since corrected, its number written otherwise. The same record,
	// they are judged again too.
	commitRow("ASG-10", "nvidia-h100-sxm5", "veu", "D1234567", false)
	commitRow("ASG-11", "nvidia-h100-sxm5", "license", "d-1234567", false)
	resp, _ = b.do("POST", "/desk/lines/"+loc[1]+"/withdrawal", form, nil)
	wd := regexp.MustCompile(`^/desk/lines/(\d+)\?kept=(\d+)$`).FindStringSubmatch(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || wd == nil {
		t.Fatalf("withdrawing: %d to %q, want 303 to the line judged again with ASG-2 and ASG-9", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, now = b.do("GET", resp.Header.Get("Location"), nil, nil)
	for _, want := range []string{
		"Order ASG-1: licence required", "Withdrawal kept", "Your withdrawal (withdrew the assignment of Falcon Compute DC to licence D1234567) is kept in the ledger",
		"it does not name this end user (its assignment was withdrawn by reviewer on ", "A different company after all: the trade licences differ.",
		"<td>assignment</td><td>withdrew the assignment of Falcon Compute DC to licence D1234567</td><td>reviewer</td>",
	} {
		if !strings.Contains(now, want) {
			t.Errorf("the line after the withdrawal lacks %s", want)
		}
	}
	if strings.Contains(now, `id="withdraw-h"`) {
		t.Error("a withdrawn assignment is offered for withdrawal again")
	}
	if d := gocmp.Diff([]string{"ASG-3 rejudgement license_required", "ASG-1 rejudgement license_required", "ASG-2 rejudgement license_required", "ASG-9 rejudgement license_required",
		"ASG-10 rejudgement license_required", "ASG-11 rejudgement license_required"}, standing(t, l)); d != "" {
		t.Errorf("standing rows after the withdrawal (-want +got):\n%s", d)
	}
	if drawn, err := l.DrawnByRecord(ctx); err != nil || drawn["license:D1234567"]["nvidia-h100-sxm5"] != 0 {
		t.Errorf("drawn after the withdrawal: %v %v", drawn, err)
	}
	if _, yml := b.do("GET", "/desk/records/"+wd[2], nil, nil); !strings.Contains(yml, "licence: D1234567\norder: ASG-1\nby: reviewer\n") || !strings.HasSuffix(yml, "status: withdrawn\n") {
		t.Errorf("the withdrawal's file:\n%s", yml)
	}
	if _, err := l.Verify(ctx, ""); err != nil {
		t.Errorf("verify after the withdrawal: %v", err)
	}
}

// TestDeskOwnerClearance: a line in review for a fuzzy hit on an owner of
// its end user (from the ownership register) offers that candidate with
// the owner's name; clearing it keeps a clearance naming the owner, and
// every standing line owned by it with that hit is judged again at once,
// whatever its end user.
func TestDeskOwnerClearance(t *testing.T) {
	ctx := context.Background()
	l := newLedger(t, "sqlite")
	m := screening.NewMatcher(screening.Excerpt())
	reg, err := ownership.Parse("register.csv", []byte("entity,owner,share,as_of,source\nGulf Render FZE,China Electronic Technology Group Corp 13th Institute,60,2026-01-01,registry\nGulf Render Two FZE,China Electronic Technology Group Corp 13th Institute,55,2026-01-01,registry\n"+
		// Who owns the owner is recorded too: an owner the register does not
		// trace keeps the lines in review once its hit is cleared.
		"China Electronic Technology Group Corp 13th Institute,,,2026-01-01,registry: no owner of note\n"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := checker.New(ctx, checker.Options{Screener: screening.Screener{M: m}, Ownership: reg.Checker(), Drawdown: ledger.ContextDrawdown{L: l}, Horizon: farHorizon})
	if err != nil {
		t.Fatal(err)
	}
	ts, tok := tokens(t)
	srv := httptest.NewServer(serve.New(serve.Options{Checker: c, Tokens: ts, Ledger: l, Commit: true, Entry: m.Entry}))
	t.Cleanup(srv.Close)
	order := func(id, endUser string) string {
		return `{"id": "` + id + `", "product": "nvidia-rtx-4060", "quantity": 2, "destination": "AE", "end_user": "` + endUser + `", "end_user_hq": "AE", "date": "` + shipDay + `"}`
	}
	req, _ := http.NewRequest("POST", srv.URL+"/v1/check", strings.NewReader(`{"orders": [`+order("OWN-1", "Gulf Render FZE")+`, `+order("OWN-2", "Gulf Render Two FZE")+`]}`))
	req.Header.Set("Authorization", "Bearer "+tok["pipeline"])
	resp, err := srv.Client().Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("committing the lines: %v %v", resp, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `"owner":"China Electronic Technology Group Corp 13th Institute"`) {
		t.Errorf("the API's result names no owner on the hit:\n%s", body)
	}

	b := signedIn(t, srv, tok)
	seq, line := b.openLine("/desk/", "OWN-1")
	for _, want := range []string{"Order OWN-1: licence required", "<td>China Electronic Technology Group Corp 13th Institute (an owner of the end user)</td>",
		`<option value="owner:0">EL China Electronics Technology Group Corporation 13th Research Institute (CETC 13) (0.95), on owner China Electronic Technology Group Corp 13th Institute</option>`} {
		if !strings.Contains(line, want) {
			t.Errorf("OWN-1's page lacks %s", want)
		}
	}
	csrf := regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`).FindStringSubmatch(line)
	form := url.Values{"csrf": {csrf[1]}, "entry": {"owner:0"}, "outcome": {"false_positive"}, "reason": {"Different company: registry numbers differ."}, "expires": {time.Now().AddDate(0, 6, 0).Format(time.DateOnly)}}
	b.refused("/desk/lines/"+seq+"/clearance", form, map[string]refusal{
		"the entry as if on the end user": {func(v url.Values) { v.Set("entry", "99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be") }, http.StatusUnprocessableEntity, "That candidate is not one of this line"},
		"another hit":                     {func(v url.Values) { v.Set("entry", "owner:1") }, http.StatusUnprocessableEntity, "That candidate is not one of this line"},
	})
	resp, _ = b.do("POST", "/desk/lines/"+seq+"/clearance", form, nil)
	loc := regexp.MustCompile(`^/desk/lines/(\d+)\?kept=(\d+)$`).FindStringSubmatch(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || loc == nil {
		t.Fatalf("clearing: %d to %q, want 303 to the line judged again with OWN-2", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, now := b.do("GET", resp.Header.Get("Location"), nil, nil)
	for _, want := range []string{"Clearance kept",
		"Your false positive clearance of China Electronic Technology Group Corp 13th Institute (an owner of Gulf Render FZE) against EL entry China Electronics Technology Group Corporation 13th Research Institute (CETC 13) is kept",
		"cleared entry China Electronics Technology Group Corporation 13th Research Institute (CETC 13) for China Electronic Technology Group Corp 13th Institute (an owner of Gulf Render FZE) as false positive"} {
		if !strings.Contains(now, want) {
			t.Errorf("the line judged again lacks %s", want)
		}
	}
	if d := gocmp.Diff([]string{"OWN-1 rejudgement allow", "OWN-2 rejudgement allow"}, standing(t, l)); d != "" {
		t.Errorf("standing rows (-want +got):\n%s", d)
	}
	if _, yml := b.do("GET", "/desk/records/"+loc[2], nil, nil); !strings.Contains(yml, "end_user: China Electronic Technology Group Corp 13th Institute\n") {
		t.Errorf("the clearance does not name the owner:\n%s", yml)
	}
	if _, err := l.Verify(ctx, ""); err != nil {
		t.Errorf("verify: %v", err)
	}
}

// TestRefresh: a server on the same ledger as a desk that kept a
// clearance applies it once it refreshes (serve --ledger-poll), and only
// then; a second refresh changes nothing.
func TestRefresh(t *testing.T) {
	ctx := context.Background()
	srv, tok, l := deskServerLedger(t)
	m := screening.NewMatcher(screening.Excerpt())
	c, err := checker.New(ctx, checker.Options{Screener: screening.Screener{M: m}, Drawdown: ledger.ContextDrawdown{L: l}, Horizon: farHorizon})
	if err != nil {
		t.Fatal(err)
	}
	other := serve.New(serve.Options{Checker: c, Ledger: l})
	check := func() string {
		t.Helper()
		rec := httptest.NewRecorder()
		other.ServeHTTP(rec, httptest.NewRequest("POST", "http://127.0.0.1/v1/check", strings.NewReader(`{"id": "REV-2", "product": "nvidia-rtx-4060", "quantity": 1, "destination": "AE", "end_user": "Atlas Sanatgar Trading", "end_user_hq": "AE", "date": "`+shipDay+`"}`)))
		return rec.Body.String()
	}
	if got := check(); !strings.Contains(got, `"decision":"review"`) {
		t.Fatalf("before the clearance: %s", got)
	}
	// The desk of the first server clears the candidate.
	clearREV1(t, srv, tok)
	if got := check(); !strings.Contains(got, `"decision":"review"`) {
		t.Errorf("the other server before it refreshes: %s", got)
	}
	// A server that commits judges inside the ledger's lock with the
	// records the ledger keeps, refreshed or not.
	committing := serve.New(serve.Options{Checker: c, Ledger: l, Commit: true})
	rec := httptest.NewRecorder()
	committing.ServeHTTP(rec, httptest.NewRequest("POST", "http://127.0.0.1/v1/check", strings.NewReader(`{"id": "REV-3", "product": "nvidia-rtx-4060", "quantity": 1, "destination": "AE", "end_user": "Atlas Sanatgar Trading", "end_user_hq": "AE", "date": "`+shipDay+`"}`)))
	if got := rec.Body.String(); !strings.Contains(got, `"decision":"allow"`) || !strings.Contains(got, "screening.cleared") {
		t.Errorf("a committing server that has not refreshed: %s", got)
	}
	for r, err := range l.Query(ctx, ledger.Filter{OrderID: "REV-3"}) {
		if err != nil || r.Decision != "allow" || r.Run.RecordsRevision == "" {
			t.Errorf("REV-3 as committed: %s, records revision %q (%v)", r.Decision, r.Run.RecordsRevision, err)
		}
	}
	if swapped, err := other.Refresh(ctx); !swapped || err != nil {
		t.Fatalf("Refresh: %v %v, want a swap", swapped, err)
	}
	if got := check(); !strings.Contains(got, `"decision":"allow"`) || !strings.Contains(got, "screening.cleared") {
		t.Errorf("the other server after it refreshed: %s", got)
	}
	if swapped, err := other.Refresh(ctx); swapped || err != nil {
		t.Errorf("a second Refresh: %v %v, want nothing to do", swapped, err)
	}
}

// TestDeskRefusesPlaceholders: an assignment made at the desk for a line
// whose end user names no one by the policy ("TBD", "Customer Ltd") is
// refused as a record file naming it is, and nothing is kept.
func TestDeskRefusesPlaceholders(t *testing.T) {
	for _, eu := range []string{"TBD", "Customer Ltd"} {
		t.Run(eu, func(t *testing.T) {
			ctx := context.Background()
			l, c, set := committing(t, "sqlite")
			ts, tok := tokens(t)
			srv := httptest.NewServer(serve.New(serve.Options{Checker: c, Tokens: ts, Ledger: l, Commit: true, Records: set}))
			t.Cleanup(srv.Close)
			req, _ := http.NewRequest("POST", srv.URL+"/v1/check", strings.NewReader(`{"orders": [{"id": "PH-1", "product": "nvidia-h100-sxm5", "quantity": 5, "destination": "AE", "end_user": "`+eu+`", "end_user_hq": "AE", "date": "`+shipDay+`"}]}`))
			req.Header.Set("Authorization", "Bearer "+tok["pipeline"])
			resp, err := srv.Client().Do(req)
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("commit: %v %v", resp, err)
			}
			resp.Body.Close()
			b := newBrowser(t, srv)
			b.do("POST", "/desk/login", url.Values{"token": {tok["reviewer"]}}, nil)
			seq, line := b.openLine("/desk/", "PH-1")
			csrf := regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`).FindStringSubmatch(line)
			form := url.Values{"csrf": {csrf[1]}, "record": {"licence:D1234567"}, "reason": {"same company"}}
			resp, page := b.do("POST", "/desk/lines/"+seq+"/assignment", form, nil)
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "a placeholder, not a name") {
				t.Errorf("assignment: %d, want 422 naming the placeholder", resp.StatusCode)
			}
			kept, err := l.Kept(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(kept) != 0 {
				t.Errorf("kept %d records, want none", len(kept))
			}
		})
	}
}

// TestDeskSessionsPerToken: a token signed in over and over keeps its
// newest sessions only; the oldest is signed out, the others stay.
func TestDeskSessionsPerToken(t *testing.T) {
	srv, tok := deskServer(t)
	var bs []*browser
	for range 17 {
		b := newBrowser(t, srv)
		if resp, _ := b.do("POST", "/desk/login", url.Values{"token": {tok["reviewer"]}}, nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("signing in: %d", resp.StatusCode)
		}
		bs = append(bs, b)
	}
	var got []int
	for _, b := range bs {
		resp, _ := b.do("GET", "/desk/", nil, nil)
		got = append(got, resp.StatusCode)
	}
	want := []int{http.StatusSeeOther}
	for range 16 {
		want = append(want, http.StatusOK)
	}
	if d := gocmp.Diff(want, got); d != "" {
		t.Errorf("the queue in each of 17 sessions of one token (-want +got):\n%s", d)
	}
}

// TestDeskCookieSecure: the session cookie is Secure when the browser
// came over TLS, also through a proxy that says so.
func TestDeskCookieSecure(t *testing.T) {
	srv, tok := deskServer(t)
	var got []bool
	for _, h := range []map[string]string{nil, {"X-Forwarded-Proto": "https"}, {"X-Forwarded-Proto": "http"}} {
		resp, _ := newBrowser(t, srv).do("POST", "/desk/login", url.Values{"token": {tok["reviewer"]}}, h)
		if len(resp.Cookies()) != 1 {
			t.Fatalf("signing in with %v: %d %v", h, resp.StatusCode, resp.Cookies())
		}
		got = append(got, resp.Cookies()[0].Secure)
	}
	if d := gocmp.Diff([]bool{false, true, false}, got); d != "" {
		t.Errorf("Secure: plain, behind a TLS proxy, behind a plain one (-want +got):\n%s", d)
	}
}

// TestDeskRate: a reviewer's desk pages count against the token's --rate
// as its API requests do; the page past it says so (429), and another
// token's allowance is its own.
func TestDeskRate(t *testing.T) {
	l, c, m := deskChecker(t)
	ts, tok := tokens(t)
	srv := httptest.NewServer(serve.New(serve.Options{Checker: c, Tokens: ts, Ledger: l, Entry: m.Entry, Rate: 0.001}))
	t.Cleanup(srv.Close)
	b := newBrowser(t, srv)
	if resp, _ := b.do("POST", "/desk/login", url.Values{"token": {tok["reviewer"]}}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("signing in: %d (signing in is not counted)", resp.StatusCode)
	}
	if resp, body := b.do("GET", "/desk/", nil, nil); resp.StatusCode != 200 {
		t.Fatalf("the queue, the token's one request: %d\n%s", resp.StatusCode, body)
	}
	resp, body := b.do("GET", "/desk/", nil, nil)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "1" || !strings.Contains(body, "Token reviewer may make at most 0.001 requests a second") {
		t.Errorf("the queue past the rate: %d %q\n%s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	req, _ := http.NewRequest("POST", srv.URL+"/v1/check", strings.NewReader(`{"id": "A", "product": "nvidia-h100-sxm5", "quantity": 1, "destination": "DE", "end_user": "Berlin Render GmbH", "end_user_hq": "DE", "date": "2026-03-02"}`))
	req.Header.Set("Authorization", "Bearer "+tok["pipeline"])
	r2, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	if r2.StatusCode != 200 {
		t.Errorf("another token's check: %d, want 200 (its own allowance)", r2.StatusCode)
	}
}

// TestSetTokens: the tokens file read again (SetTokens) takes effect at
// once: a token taken out of it is refused by the API, and the desk
// sessions signed in with it end; a token whose roles changed must sign
// in again; the others carry on.
func TestSetTokens(t *testing.T) {
	_, c, _ := deskChecker(t)
	tokFile := func(entries ...serve.Token) *serve.Tokens {
		var doc strings.Builder
		doc.WriteString("tokens:\n")
		for _, e := range entries {
			doc.WriteString("  - name: " + e.Name + "\n    sha256: " + e.SHA256 + "\n    roles: [" + strings.Join(e.Roles, ", ") + "]\n")
		}
		path := t.TempDir() + "/tokens.yaml"
		if err := os.WriteFile(path, []byte(doc.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		ts, err := serve.LoadTokens(path)
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	pipeTok, pipe := serve.NewToken("pipeline", []string{"check"})
	aliceTok, alice := serve.NewToken("alice", []string{"review", "check"})
	bobTok, bob := serve.NewToken("bob", []string{"review"})
	carolTok, carol := serve.NewToken("carol", []string{"review"})
	srv := serve.New(serve.Options{Checker: c, Tokens: tokFile(pipe, alice, bob, carol)})
	h := httptest.NewServer(srv)
	defer h.Close()
	api := func(tok string) int {
		req, _ := http.NewRequest("GET", h.URL+"/v1/products", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := h.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	browsers := map[string]*browser{}
	for name, tok := range map[string]string{"alice": aliceTok, "bob": bobTok, "carol": carolTok} {
		browsers[name] = newBrowser(t, h)
		if resp, _ := browsers[name].do("POST", "/desk/login", url.Values{"token": {tok}}, nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s signing in: %d", name, resp.StatusCode)
		}
	}
	// alice's token is revoked, bob loses the review role, carol keeps hers.
	bob.Roles = []string{"check"}
	if err := srv.SetTokens(tokFile(pipe, bob, carol)); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for name, tok := range map[string]string{"pipeline": pipeTok, "alice": aliceTok, "bob": bobTok} {
		got["api "+name] = strconv.Itoa(api(tok))
	}
	for name, b := range browsers {
		resp, _ := b.do("GET", "/desk/", nil, nil)
		got["desk "+name] = strconv.Itoa(resp.StatusCode) + " " + resp.Header.Get("Location")
	}
	want := map[string]string{"api pipeline": "200", "api alice": "401", "api bob": "200",
		"desk alice": "303 /desk/login", "desk bob": "303 /desk/login", "desk carol": "200 "}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("after the tokens changed (-want +got):\n%s", diff)
	}
	if resp, _ := browsers["alice"].do("POST", "/desk/login", url.Values{"token": {aliceTok}}, nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a revoked token signing in: %d", resp.StatusCode)
	}
	if err := serve.New(serve.Options{Checker: c}).SetTokens(tokFile(pipe)); err == nil {
		t.Errorf("a server without tokens took some")
	}
}

// TestDeskLedgerFault: a ledger that fails is a 503 page that names neither
// the ledger nor the driver's error (the operator's, in the log).
func TestDeskLedgerFault(t *testing.T) {
	defer func(d time.Duration) { ledger.LockTimeout = d }(ledger.LockTimeout)
	ledger.LockTimeout = 100 * time.Millisecond // SQLite's busy timeout, set as the ledger opens
	srv, tok, l := deskServerLedger(t)
	b := signedIn(t, srv, tok)
	// A clearance while another run holds the ledger's write lock past
	// ledger.LockTimeout is not kept, and the page says so without the
	// ledger's name (its path, a database's host and user).
	seq, line := b.openLine("/desk/", "REV-1")
	csrf := regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`).FindStringSubmatch(line)
	entry := regexp.MustCompile(`<option value="([0-9a-f]+)">UVL`).FindStringSubmatch(line)
	held, err := l.Begin(context.Background(), ledger.Run{Started: time.Now()}, false)
	if err != nil {
		t.Fatal(err)
	}
	resp, body := b.do("POST", "/desk/lines/"+seq+"/clearance", url.Values{"csrf": {csrf[1]}, "entry": {entry[1]}, "outcome": {"false_positive"},
		"reason": {"Registered in Dubai."}, "expires": {time.Now().UTC().AddDate(0, 3, 0).Format(time.DateOnly)}}, nil)
	held.Rollback()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "The clearance was not kept: the ledger could not be reached") {
		t.Errorf("a clearance while the ledger is locked: %d\n%s", resp.StatusCode, body)
	}
	for _, secret := range []string{l.Name(), "lock timeout", "database is locked"} {
		if strings.Contains(body, secret) {
			t.Errorf("a clearance while the ledger is locked: the page says %q", secret)
		}
	}
	l.Close() // every use of it now fails
	for _, path := range []string{"/desk/"} {
		resp, body := b.do("GET", path, nil, nil)
		if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "The ledger cannot be read") {
			t.Errorf("%s: %d\n%s", path, resp.StatusCode, body)
		}
		for _, secret := range []string{l.Name(), "sql:", "closed"} {
			if strings.Contains(body, secret) {
				t.Errorf("%s: the page says %q", path, secret)
			}
		}
	}
}

// TestDeskRevisionConflict: another server committed first under the
// policy revision this one serves, with other policies and data. A
// clearance at this server's desk is refused for good (409), on a page
// that says so in words and what to do, not "try again"; nothing is kept
// and the line stands as it was.
func TestDeskRevisionConflict(t *testing.T) {
	ctx := context.Background()
	var o serve.Options
	_, tok, l := deskServerWith(t, func(x *serve.Options) { o = *x })
	// The same ledger, served under the named revision v1.
	co := o.Checker.Options()
	co.Revision = "v1"
	c, err := checker.New(ctx, co)
	if err != nil {
		t.Fatal(err)
	}
	o.Checker = c
	v1 := httptest.NewServer(serve.New(o))
	t.Cleanup(v1.Close)
	// Another server, under v1 with other content, committed first.
	const other = "0f0e0d0c0b0a09080706050403020100f0e0d0c0b0a090807060504030201000"
	s, err := l.Begin(ctx, ledger.Run{Started: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), ToolVersion: "test", PolicyRevision: "v1", Content: other}, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	before := standing(t, l)
	b, seq, csrf, entry := openREV1(t, v1, tok)
	resp, body := b.do("POST", "/desk/lines/"+seq[1]+"/clearance", url.Values{"csrf": {csrf[1]}, "entry": {entry[1]}, "outcome": {"false_positive"},
		"reason": {"Registered in Dubai."}, "expires": {time.Now().UTC().AddDate(0, 3, 0).Format(time.DateOnly)}}, nil)
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("a clearance under a revision the ledger keeps with other content: %d, want 409\n%s", resp.StatusCode, body)
	}
	want := []string{
		"Not kept: the ledger holds other policies under this revision",
		"The clearance was not kept, and order REV-1 stands as it was. The ledger already holds decisions made under policy revision v1 with other policies and data than this server serves under that name (first committed 1 Jun 2026 12:00 UTC; the ledger's SHA-256 " + other + ", this server's " + c.Bundle().Content + "). Each decision names only its revision, so the ledger takes nothing more under it: an auditor could not tell which policies made it.",
		"What to do",
		"Trying again will not help, and no record can be kept at this desk, nor any check committed by this server, until it changes. Tell the server's operator: serve the policies and data that committed under revision v1, or a bundle built under a new revision (exportcheck bundle build names it by its content's hash).",
		"Back to the line",
	}
	if diff := gocmp.Diff(want, pageText(body)); diff != "" {
		t.Errorf("the page (-want +got):\n%s", diff)
	}
	if diff := gocmp.Diff(before, standing(t, l)); diff != "" {
		t.Errorf("the refused clearance changed the ledger (-before +after):\n%s", diff)
	}
}

// TestDeskShipsBefore: a line that ships before today. A clearance
// recorded today holds from today, so it leaves the line's decision as it
// is: the form says so before, and the notice after, rather than a
// reviewer reading "this line is now review" with no word why.
func TestDeskShipsBefore(t *testing.T) {
	srv, tok, _ := deskServerLedger(t)
	shipped := time.Now().UTC().AddDate(0, 0, -3)
	commit(t, srv, tok, `{"id": "OLD-1", "product": "nvidia-rtx-4060", "quantity": 2, "destination": "AE", "end_user": "Atlas Sanatgar Trading", "end_user_hq": "AE", "date": "`+shipped.Format(time.DateOnly)+`"}`)
	b := signedIn(t, srv, tok)
	seq, line := b.openLine("/desk/", "OLD-1")
	note := "This line ships on " + shipped.Format("2 Jan 2006") + ", before today. A clearance recorded today will not change this line's decision, whatever day you give as \"Adjudicated on\": a record made after a line shipped is evidence of a later review, not of screening before it. The line's reasons will name it, and it does cover this end user's lines that ship from today on."
	if !slices.Contains(pageText(line), note) {
		t.Errorf("OLD-1's page does not say a clearance made today leaves it as it is:\n%q", pageText(line))
	}
	csrf := regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`).FindStringSubmatch(line)
	entry := regexp.MustCompile(`<option value="([0-9a-f]+)">UVL`).FindStringSubmatch(line)
	if csrf == nil || entry == nil {
		t.Fatalf("no clearance form on OLD-1's page:\n%s", line)
	}
	resp, _ := b.do("POST", "/desk/lines/"+seq+"/clearance", url.Values{"csrf": {csrf[1]}, "entry": {entry[1]}, "outcome": {"false_positive"},
		"reason": {"Registered in Dubai."}, "expires": {time.Now().UTC().AddDate(0, 3, 0).Format(time.DateOnly)}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("clearing OLD-1: %d", resp.StatusCode)
	}
	_, after := b.do("GET", resp.Header.Get("Location"), nil, nil)
	text := pageText(after)
	if i := slices.Index(text, "Clearance kept"); i < 0 || i+1 >= len(text) || !strings.HasSuffix(text[i+1], "judged again at once: this line is now review, as it ships before the clearance was adjudicated (see the reasons).") {
		t.Errorf("the notice after the clearance:\n%q", text)
	}
	// REV-1 ships tomorrow: no such note.
	_, rev := b.do("GET", "/desk/lines/1", nil, nil)
	if h := pageText(rev); len(h) == 0 || h[0] != "Order REV-1: review" {
		t.Fatalf("log row 1 is not REV-1: %q", h)
	}
	for _, p := range pageText(rev) {
		if strings.Contains(p, "before today") {
			t.Errorf("REV-1, shipping tomorrow, says %q", p)
		}
	}
}

// shippedLine commits order id, an RTX 4060 for a name resembling a UVL
// entry, shipped on a day, and opens its page at the desk: the reviewer's
// browser, the ledger, the line's log row and page, the page's CSRF token
// and the candidate's entry (csrf and entry are each [whole, value]).
func shippedLine(t *testing.T, id string, shipped time.Time) (b *browser, l *ledger.Ledger, seq, line string, csrf, entry []string) {
	t.Helper()
	srv, tok, l := deskServerLedger(t)
	commit(t, srv, tok, `{"id": "`+id+`", "product": "nvidia-rtx-4060", "quantity": 2, "destination": "AE", "end_user": "Atlas Sanatgar Trading", "end_user_hq": "AE", "date": "`+shipped.Format(time.DateOnly)+`"}`)
	b = signedIn(t, srv, tok)
	seq, line = b.openLine("/desk/", id)
	csrf = regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`).FindStringSubmatch(line)
	entry = regexp.MustCompile(`<option value="([0-9a-f]+)">UVL`).FindStringSubmatch(line)
	if csrf == nil || entry == nil {
		t.Fatalf("no clearance form on %s's page:\n%s", id, line)
	}
	return b, l, seq, line, csrf, entry
}

// TestDeskClearanceExpiredAlready: a clearance recorded after the fact,
// adjudicated on a past day and expired before today, is kept (the
// reasons of the line that shipped while it held name it), but clears no
// line: the line shipped before it was recorded stays review, and the
// page says so, as exportcheck clear warns.
func TestDeskClearanceExpiredAlready(t *testing.T) {
	now := time.Now().UTC()
	shipped := now.AddDate(0, 0, -40)
	b, _, seq, _, csrf, entry := shippedLine(t, "OLD-2", shipped)
	at, expires := shipped.Format(time.DateOnly), shipped.AddDate(0, 0, 30).Format(time.DateOnly)
	resp, _ := b.do("POST", "/desk/lines/"+seq+"/clearance", url.Values{"csrf": {csrf[1]}, "entry": {entry[1]}, "outcome": {"false_positive"},
		"reason": {"Registered in Dubai, as the notes of that day show."}, "at": {at}, "expires": {expires}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("adjudicating after the fact: %d, want 303 to the line judged again", resp.StatusCode)
	}
	_, after := b.do("GET", resp.Header.Get("Location"), nil, nil)
	want := "This clearance expired on " + expires + ", before today (" + now.Format(time.DateOnly) + "): recorded today, it clears no line: those shipped from " + at + " to " + expires + " shipped before it was recorded (their reasons will name it, as a review made after they shipped), and it holds for none shipping from today."
	if !slices.Contains(pageText(after), want) || !slices.Contains(pageText(after), "Order OLD-2: review") {
		t.Errorf("OLD-2 after a clearance expired already lacks %q or its new decision:\n%q", want, pageText(after))
	}
}

// TestDeskAdjudicatedOn: a clearance the reviewer says was adjudicated
// on a line's ship date, before today (the names compared then, as their
// notes show), is recorded today: a record made after the line shipped is
// evidence of a later review, not of screening before it, so judged
// again the line stays review, its reasons naming the clearance and the
// day it was recorded. A day after today is refused as the records
// loader and `exportcheck clear --at` refuse it, and "holds until" is at
// most 12 months from the day adjudicated, not from today. The ledger row
// keeps the time it was entered: the line's history and the record
// downloaded show both (recorded: today), and the notice says the lines
// it applies to: those that ship from the day it was recorded to the day
// it holds until.
func TestDeskAdjudicatedOn(t *testing.T) {
	now := time.Now().UTC()
	shipped := now.AddDate(0, 0, -40)
	b, l, seq, line, csrf, entry := shippedLine(t, "OLD-1", shipped)
	if want := `<input id="at" name="at" type="date" value="` + now.Format(time.DateOnly) + `">`; !strings.Contains(line, want) {
		t.Errorf("the form's \"Adjudicated on\" is not today by default: no %s in\n%s", want, line)
	}
	shipDate, shipText := shipped.Format(time.DateOnly), shipped.Format("2 Jan 2006")
	form := func(at, expires string) url.Values {
		return url.Values{"csrf": {csrf[1]}, "entry": {entry[1]}, "outcome": {"false_positive"}, "reason": {"Registered in Dubai, as the notes of that day show."},
			"at": {at}, "expires": {expires}}
	}
	page := func(problem string) []string {
		return []string{"Order OLD-1: review", "Back to the queue", "The clearance was not kept: correct the form below; each problem is shown beside its field.",
			"Decision", "Classification on the ship date", "As the policy revision that decided this line classifies it: the arithmetic behind the ECCN.", "Reasons", "Screening candidates",
			"The clearance is kept in the ledger under your name and applies at once: this line, and the other open lines with the same candidate on the same party (this end user, or the owner the candidate is on), are judged again. You can then download it as a record for the company's records in git.",
			"This line ships on " + shipText + ", before today. A clearance recorded today will not change this line's decision, whatever day you give as \"Adjudicated on\": a record made after a line shipped is evidence of a later review, not of screening before it. The line's reasons will name it, and it does cover this end user's lines that ship from today on.",
			problem, // beside its field
			"History of order OLD-1", "The order as received", "posted to the service, order 1 of its request"}
	}
	ahead := now.AddDate(0, 0, 2).Format(time.DateOnly)
	limit := records.ClearanceLimit(shipped, 12)
	for _, tt := range []struct {
		name string
		form url.Values
		want []string
	}{
		{"adjudicated after today", form(ahead, now.AddDate(0, 3, 0).Format(time.DateOnly)), page("At " + ahead + " is after today (" + now.Format(time.DateOnly) + "): a clearance is dated the day it was adjudicated (dated ahead, it would hold more than 12 months after that).")},
		// Within 12 months of today, but not of the day adjudicated.
		{"holds more than 12 months after the day adjudicated", form(shipDate, limit.AddDate(0, 0, 1).Format(time.DateOnly)), page("A clearance holds at most 12 months from the day you adjudicated it (" + shipText + "): give " + limit.Format("2 Jan 2006") + " or earlier, and adjudicate the candidate again then.")},
	} {
		resp, body := b.do("POST", "/desk/lines/"+seq+"/clearance", tt.form, nil)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", tt.name, resp.StatusCode)
		}
		if diff := gocmp.Diff(tt.want, pageText(body)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
	if kept, err := l.Kept(context.Background()); err != nil || len(kept) != 0 {
		t.Fatalf("refused adjudications kept %d clearances (%v)", len(kept), err)
	}

	// Adjudicated on the ship date, recorded today: the line shipped then
	// is not cleared by it.
	expires, expiresText := now.AddDate(0, 3, 0).Format(time.DateOnly), now.AddDate(0, 3, 0).Format("2 Jan 2006")
	resp, _ := b.do("POST", "/desk/lines/"+seq+"/clearance", form(shipDate, expires), nil)
	loc := regexp.MustCompile(`^/desk/lines/(\d+)\?kept=(\d+)$`).FindStringSubmatch(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || loc == nil {
		t.Fatalf("adjudicating on the ship date: %d to %q, want 303 to the line judged again", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, after := b.do("GET", resp.Header.Get("Location"), nil, nil)
	name := "atlas-sanatgar-trading-" + entry[1][:12] + "-97ed6567-" + shipDate + ".yaml"
	want := []string{"Order OLD-1: review", "Back to the queue", "Clearance kept",
		"Your false positive clearance of Atlas Sanatgar Trading against UVL entry Atlas Sanatgaran is kept in the ledger (log row " + loc[2] + ") and applies to the lines that ship from " + now.Format("2 Jan 2006") +
			" (the day it was recorded; you adjudicated it on " + shipText + ") to " + expiresText + " (the day it holds until).\n2 lines were judged again at once: this line is now review, as it ships before the clearance was recorded (see the reasons).",
		"Download the clearance record to keep it in git as well, as records/clearances/" + name + ".",
		"Decision", "Classification on the ship date", "As the policy revision that decided this line classifies it: the arithmetic behind the ECCN.", "Reasons", "Screening candidates",
		"The clearance is kept in the ledger under your name and applies at once: this line, and the other open lines with the same candidate on the same party (this end user, or the owner the candidate is on), are judged again. You can then download it as a record for the company's records in git.",
		"This line ships on " + shipText + ", before today. A clearance recorded today will not change this line's decision, whatever day you give as \"Adjudicated on\": a record made after a line shipped is evidence of a later review, not of screening before it. The line's reasons will name it, and it does cover this end user's lines that ship from today on.",
		"History of order OLD-1", "The order as received", "posted to the service, order 1 of its request"}
	if diff := gocmp.Diff(want, pageText(after)); diff != "" {
		t.Errorf("OLD-1 after the clearance adjudicated on its ship date (-want +got):\n%s", diff)
	}
	// Its reasons say why: the clearance was recorded after it shipped.
	if why := "(cleared as a false positive by reviewer on " + shipDate + ", recorded on " + now.Format(time.DateOnly) + ", the clearance kept at the review desk, ledger row " + loc[2] +
		", downloaded as " + name + "; commit it to the records) does not hold: it was recorded only on " + now.Format(time.DateOnly) +
		", after the ship date; a clearance made or written after the ship date is evidence of a review after the line shipped, not of screening before it"; !strings.Contains(after, why) {
		t.Errorf("OLD-1's reasons do not say %q:\n%s", why, after)
	}
	// The history: the clearance entered now, adjudicated on the ship date.
	at := entered(t, l, loc[2])
	enteredText, _ := time.Parse(time.RFC3339, at)
	history := regexp.MustCompile(`<td>(?:<a [^>]*>)?\d+(?: \(this page\))?(?:</a>)?</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>`).FindAllStringSubmatch(after, -1)
	var rows [][]string
	for _, h := range history {
		rows = append(rows, h[1:])
	}
	if diff := gocmp.Diff([][]string{
		{"committed", "review", "pipeline", rowDecided(t, l, seq)},
		{"clearance", "cleared entry Atlas Sanatgaran for Atlas Sanatgar Trading as false positive, adjudicated on " + shipText, "reviewer", enteredText.Format("2 Jan 2006 15:04 UTC")},
		{"judged again", "review", "reviewer", enteredText.Format("2 Jan 2006 15:04 UTC")},
	}, rows); diff != "" {
		t.Errorf("OLD-1's history (-want +got):\n%s", diff)
	}
	// The record downloaded: entered now, at the ship date.
	_, yml := b.do("GET", "/desk/records/"+loc[2], nil, nil)
	set, err := records.Parse(name, []byte(yml))
	if err != nil || len(set.Clearances) != 1 {
		t.Fatalf("the clearance does not load: %v\n%s", err, yml)
	}
	wantYAML := "# Made at the exportcheck review desk by \"reviewer\" on " + at + " (adjudicated on " + shipDate + ") for ledger row " + seq + " (order \"OLD-1\"), and kept in the ledger.\n" +
		"# To keep it in git as well, save it as records/clearances/" + name + " and commit it for review.\n" +
		"record: clearance\n" +
		"end_user: Atlas Sanatgar Trading\n" +
		"entry: " + entry[1] + "\n" +
		"entry_name: Atlas Sanatgaran\n" +
		"list: UVL\n" +
		"entry_hash: " + set.Clearances[0].EntryHash + "\n" +
		"outcome: false_positive\n" +
		"by: reviewer\n" +
		"at: \"" + shipDate + "\"\n" +
		"reason: Registered in Dubai, as the notes of that day show.\n" +
		"expires: \"" + expires + "\"\n" +
		"recorded: \"" + now.Format(time.DateOnly) + "\"\n"
	if diff := gocmp.Diff(wantYAML, yml); diff != "" {
		t.Errorf("the clearance downloaded (-want +got):\n%s", diff)
	}
}

// entered is the time the ledger's row seq was written (its run's), as
// the ledger keeps it (RFC 3339).
func entered(t *testing.T, l *ledger.Ledger, seq string) string {
	t.Helper()
	n, _ := strconv.ParseInt(seq, 10, 64)
	for r, err := range l.Query(context.Background(), ledger.Filter{Seq: n}) {
		if err != nil {
			t.Fatal(err)
		}
		return r.Run.Started
	}
	t.Fatalf("no ledger row %s", seq)
	return ""
}

// rowDecided is when the ledger's row seq was written, as the desk's
// history shows it.
func rowDecided(t *testing.T, l *ledger.Ledger, seq string) string {
	t.Helper()
	at, err := time.Parse(time.RFC3339, entered(t, l, seq))
	if err != nil {
		t.Fatal(err)
	}
	return at.UTC().Format("2 Jan 2006 15:04 UTC")
}

// TestDeskAssignShipsBefore: the assignment form of a line that ships
// before today says an assignment made today leaves it as it is.
func TestDeskAssignShipsBefore(t *testing.T) {
	l, c, set := committing(t, "sqlite")
	ts, tok := tokens(t)
	srv := httptest.NewServer(serve.New(serve.Options{Checker: c, Tokens: ts, Ledger: l, Commit: true, Records: set}))
	t.Cleanup(srv.Close)
	shipped := time.Now().UTC().AddDate(0, 0, -3)
	commit(t, srv, tok, `{"id": "ASG-OLD", "product": "nvidia-h100-sxm5", "quantity": 1, "destination": "AE", "end_user": "Falcon Compute DC", "consignee": "Falcon Compute Data Center LLC", "end_user_hq": "AE", "date": "`+shipped.Format(time.DateOnly)+`"}`)
	b := signedIn(t, srv, tok)
	_, line := b.openLine("/desk/", "ASG-OLD")
	note := "This line ships on " + shipped.Format("2 Jan 2006") + ", before today. An assignment made here holds for lines shipping from today, so it will not change this line's decision (it does cover this end user's lines that ship from today on)."
	if !strings.Contains(line, `id="assign-h"`) || !slices.Contains(pageText(line), note) {
		t.Errorf("ASG-OLD's assignment form does not say an assignment made today leaves it as it is:\n%q", pageText(line))
	}
}

// TestDeskAssignmentAppliesLater: under a policy that has an assignment
// apply from the day after it was made (authorization.assignment_from), a
// line shipping today is one an assignment made today does not cover.
// The form says so before, naming that day rather than "before today";
// the notice after says the lines it applies to from that day, and that
// the line ships before it (not "before the assignment was made": it
// ships on the day it was made); a withdrawal says neither.
func TestDeskAssignmentAppliesLater(t *testing.T) {
	l, _, set := committing(t, "sqlite")
	c, err := checker.New(context.Background(), checker.Options{PolicyFS: serve.AssignmentFromDayAfter(t), Records: set.Checker(), Drawdown: ledger.ContextDrawdown{L: l}})
	if err != nil {
		t.Fatal(err)
	}
	ts, tok := tokens(t)
	srv := httptest.NewServer(serve.New(serve.Options{Checker: c, Tokens: ts, Ledger: l, Commit: true, Records: set}))
	t.Cleanup(srv.Close)
	now := time.Now().UTC()
	today, tomorrow := now.Format("2 Jan 2006"), now.AddDate(0, 0, 1).Format("2 Jan 2006")
	order := func(id, day string) string {
		return `{"id": "` + id + `", "product": "nvidia-h100-sxm5", "quantity": 1, "destination": "AE", "end_user": "Falcon Compute DC", "consignee": "Falcon Compute Data Center LLC", "end_user_hq": "AE", "date": "` + day + `"}`
	}
	commit(t, srv, tok, `{"orders": [`+order("ASG-NOW", now.Format(time.DateOnly))+`, `+order("ASG-NEXT", shipDay)+`]}`)
	b := signedIn(t, srv, tok)
	seq, line := b.openLine("/desk/", "ASG-NOW")
	note := "This line ships on " + today + ", before " + tomorrow + ", the day the policy has an assignment made today apply from. An assignment made here holds for lines shipping from that day, so it will not change this line's decision (it does cover this end user's lines that ship from then on)."
	if !slices.Contains(pageText(line), note) {
		t.Errorf("ASG-NOW's assignment form does not say an assignment made today leaves it as it is:\n%q", pageText(line))
	}
	csrf := regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`).FindStringSubmatch(line)
	if csrf == nil {
		t.Fatalf("no form on ASG-NOW's page:\n%s", line)
	}
	resp, _ := b.do("POST", "/desk/lines/"+seq+"/assignment", url.Values{"csrf": {csrf[1]}, "record": {"licence:D1234567"}, "reason": {"The same company: trade licence CN-1234567 on both."}}, nil)
	loc := regexp.MustCompile(`^/desk/lines/(\d+)\?kept=(\d+)$`).FindStringSubmatch(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || loc == nil {
		t.Fatalf("assigning: %d to %q, want 303 to the line judged again", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, after := b.do("GET", resp.Header.Get("Location"), nil, nil)
	text := pageText(after)
	want := []string{"Order ASG-NOW: licence required", "Back to the queue", "Assignment kept",
		"Your assignment (assigned Falcon Compute DC to licence D1234567) is kept in the ledger (log row " + loc[2] + ") and applies to the lines that ship from " + tomorrow +
			" (the day the policy has it apply from; it was made on " + today + ").\n2 lines were judged again at once: this line is now licence required, as it ships before " + tomorrow +
			", the day the policy has the assignment apply from (see the reasons).",
		"Download the assignment record to keep it in git as well, as records/assignments/falcon-compute-dc-D1234567.yaml."}
	if len(text) < len(want) || gocmp.Diff(want, text[:len(want)]) != "" {
		t.Errorf("ASG-NOW after the assignment (-want +got):\n%s", gocmp.Diff(want, text[:min(len(want), len(text))]))
	}
	if d := gocmp.Diff([]string{"ASG-NOW rejudgement license_required", "ASG-NEXT rejudgement licensed license:D1234567"}, standing(t, l)); d != "" {
		t.Errorf("standing rows (-want +got):\n%s", d)
	}

	// Withdrawn from ASG-NEXT's page: it replaces the assignment for every
	// line, whatever its ship date, so the notice says of no day.
	next := ""
	for r, err := range l.Query(context.Background(), ledger.Filter{Standing: true}) {
		if err != nil {
			t.Fatal(err)
		}
		if r.OrderID == "ASG-NEXT" {
			next = strconv.FormatInt(r.Seq, 10)
		}
	}
	_, line = b.do("GET", "/desk/lines/"+next, nil, nil)
	csrf = regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`).FindStringSubmatch(line)
	if csrf == nil {
		t.Fatalf("no form on ASG-NEXT's page:\n%s", line)
	}
	resp, _ = b.do("POST", "/desk/lines/"+next+"/withdrawal", url.Values{"csrf": {csrf[1]}, "record": {"licence:D1234567"}, "reason": {"A different company after all."}}, nil)
	wd := regexp.MustCompile(`^/desk/lines/(\d+)\?kept=(\d+)$`).FindStringSubmatch(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || wd == nil {
		t.Fatalf("withdrawing: %d to %q, want 303 to the line judged again", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, after = b.do("GET", resp.Header.Get("Location"), nil, nil)
	want = []string{"Order ASG-NEXT: licence required", "Back to the queue", "Withdrawal kept",
		"Your withdrawal (withdrew the assignment of Falcon Compute DC to licence D1234567) is kept in the ledger (log row " + wd[2] + ") and applies from now on.\nThe line was judged again at once: this line is now licence required."}
	if text := pageText(after); len(text) < len(want) || gocmp.Diff(want, text[:len(want)]) != "" {
		t.Errorf("ASG-NEXT after the withdrawal (-want +got):\n%s", gocmp.Diff(want, text[:min(len(want), len(text))]))
	}
}

// TestDeskSchemaGone: a PostgreSQL ledger's schema dropped while the
// server runs. The queue and a clearance are a page that says what
// happened, naming the schema and the database (not the host or the
// user, nor PostgreSQL's words), and what to do: not "try again".
func TestDeskSchemaGone(t *testing.T) {
	srv, tok, l := deskServerOn(t, "postgres", func(*serve.Options) {})
	b, seq, csrf, entry := openREV1(t, srv, tok)
	var schema, database string
	if err := l.DB().QueryRow("SELECT current_schema(), current_database()").Scan(&schema, &database); err != nil {
		t.Fatal(err)
	}
	if _, err := l.DB().Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
		t.Fatal(err)
	}
	gone := "The ledger's tables are gone: its schema \"" + schema + "\" is no longer in database \"" + database + "\" (it was dropped while the server ran). The desk can neither show the decisions nor keep a reviewer's record until it is back."
	do := "Trying again will not help. Tell the server's operator: the schema must be restored from a backup, which holds the decision log (exportcheck ledger migrate would make a new, empty one). Then come back to the queue."
	for _, tt := range []struct {
		method, path string
		form         url.Values
		want         []string
	}{
		{"GET", "/desk/", nil, []string{"The ledger is gone from its database", gone, "What to do", do, "Back to the queue"}},
		{"POST", "/desk/lines/" + seq[1] + "/clearance", url.Values{"csrf": {csrf[1]}, "entry": {entry[1]}, "outcome": {"false_positive"},
			"reason": {"Registered in Dubai."}, "expires": {time.Now().UTC().AddDate(0, 3, 0).Format(time.DateOnly)}},
			[]string{"The ledger is gone from its database", "Nothing was kept. " + gone, "What to do", do, "Back to the queue"}},
	} {
		resp, body := b.do(tt.method, tt.path, tt.form, nil)
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("%s %s: %d, want 503\n%s", tt.method, tt.path, resp.StatusCode, body)
		}
		if diff := gocmp.Diff(tt.want, pageText(body)); diff != "" {
			t.Errorf("%s %s (-want +got):\n%s", tt.method, tt.path, diff)
		}
	}
}

// pageText is the text of a desk page's main part, a string for each
// heading, paragraph and link, as a reader sees it.
func pageText(body string) []string {
	main := body
	if i := strings.Index(main, `<main`); i >= 0 {
		main = main[i:]
	}
	var out []string
	for _, m := range pageBlock.FindAllStringSubmatch(main, -1) {
		text := html.UnescapeString(strings.TrimSpace(tag.ReplaceAllString(m[1], "")))
		if text != "" {
			out = append(out, text)
		}
	}
	return out
}

var (
	pageBlock = regexp.MustCompile(`(?s)<(?:h1|h2|p)[^>]*>(.*?)</(?:h1|h2|p)>`)
	tag       = regexp.MustCompile(`<[^>]*>`)
)

// TestDeskHistoryCutShort: a line's page whose order's history the
// ledger fails to read part-way (a row that no longer reads, after rows
// that did) is the plain ledger-fault page, not the page with the history
// read so far as if whole: cut short, it would hide the version standing
// and show an earlier one as the order's own.
func TestDeskHistoryCutShort(t *testing.T) {
	srv, tok, l := deskServerLedger(t)
	clearREV1(t, srv, tok) // REV-1: its first version, the clearance, the version judged again
	var rows []int64
	for r, err := range l.Query(context.Background(), ledger.Filter{OrderID: "REV-1"}) {
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r.Seq)
	}
	if len(rows) != 3 {
		t.Fatalf("REV-1's rows: %v, want its first version, the clearance and the version judged again", rows)
	}
	b := signedIn(t, srv, tok)
	first := "/desk/lines/" + strconv.FormatInt(rows[0], 10)
	if resp, body := b.do("GET", first, nil, nil); resp.StatusCode != 200 || !strings.Contains(body, "This is an earlier version of order REV-1") {
		t.Fatalf("REV-1's first version, before the fault: %d\n%s", resp.StatusCode, body)
	}
	// The version standing no longer reads: the ledger yields the rows
	// before it, then fails.
	if _, err := l.DB().Exec("UPDATE decisions SET line = 'x' WHERE seq = ?", rows[2]); err != nil {
		t.Fatal(err)
	}
	resp, body := b.do("GET", first, nil, nil)
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "The ledger cannot be read") {
		t.Errorf("REV-1's first version, its history cut short: %d\n%s", resp.StatusCode, body)
	}
	for _, secret := range []string{l.Name(), "sql:", "converting"} {
		if strings.Contains(body, secret) {
			t.Errorf("the page says %q", secret)
		}
	}
}

// TestDeskHistoryReason: an order amended from the command line for a
// reason (check --commit --amend --reason) shows the reason in its
// history, on the row of the run that gave it, and on the amendment's
// page beside who committed it.
func TestDeskHistoryReason(t *testing.T) {
	srv, tok, l := deskServerLedger(t) // REV-1 committed by the pipeline's token, without a reason
	ctx := context.Background()
	why := "Customer revised PO 4471 to 3 units & moved the date"
	sess, err := l.Begin(ctx, ledger.Run{Started: time.Now(), ToolVersion: "test", PolicyRevision: "p", Actor: "R. Chen", Reason: why}, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Add(ctx, &checker.Result{Order: checker.Order{File: "revised.csv", Line: 2, ID: "REV-1", Product: "nvidia-rtx-4060", Quantity: "3", Destination: "AE", EndUser: "Atlas Sanatgar Trading", EndUserHQ: "AE", Date: shipDay},
		ProductID: "nvidia-rtx-4060", Date: shipDay, Decision: checker.Review, ECCN: "EAR99"}); err != nil {
		sess.Rollback()
		t.Fatal(err)
	}
	if st, err := sess.Finish(ctx); err != nil || st.Amended != 1 {
		t.Fatalf("amending REV-1: %+v %v", st, err)
	}
	var rows []int64
	for r, err := range l.Query(ctx, ledger.Filter{OrderID: "REV-1"}) {
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r.Seq)
	}
	if len(rows) != 2 {
		t.Fatalf("REV-1's rows: %v, want its first version and the amendment", rows)
	}
	b := signedIn(t, srv, tok)
	_, page := b.do("GET", "/desk/lines/"+strconv.FormatInt(rows[1], 10), nil, nil)
	history := regexp.MustCompile(`<td>(?:<a [^>]*>)?\d+(?: \(this page\))?(?:</a>)?</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>[^<]*</td><td>([^<]*)</td></tr>`).FindAllStringSubmatch(page, -1)
	var got [][]string
	for _, h := range history {
		got = append(got, []string{h[1], h[2], h[3], html.UnescapeString(h[4])})
	}
	if diff := gocmp.Diff([][]string{
		{"committed", "review", "pipeline", ""},
		{"amended", "review", "R. Chen", why},
	}, got); diff != "" {
		t.Errorf("REV-1's history (-want +got):\n%s", diff)
	}
	if want := "<dt>Reason given</dt><dd>" + html.EscapeString(why) + "</dd>"; !strings.Contains(page, want) {
		t.Errorf("the amendment's page does not say %s:\n%s", want, page)
	}
	_, first := b.do("GET", "/desk/lines/"+strconv.FormatInt(rows[0], 10), nil, nil)
	if strings.Contains(first, "<dt>Reason given</dt>") {
		t.Errorf("the first version's page gives a reason its run did not:\n%s", first)
	}
}

// TestDeskKeptUnreadable: a record kept in the ledger that no longer
// reads is a data problem, not the ledger out of reach: the line's page
// and a withdrawal say the records could not be read (trying again does
// not help), and the log says which and why.
func TestDeskKeptUnreadable(t *testing.T) {
	yamlBad, _ := json.Marshal([]string{"record", "record: clearance\nend_user: [Atlas Sanatgar Trading\n"})
	for name, bad := range map[string]string{
		"a record that does not parse": string(yamlBad),
		"inputs that are not a record": `["something else"]`,
	} {
		t.Run(name, func(t *testing.T) { deskKeptUnreadable(t, bad) })
	}
}

func deskKeptUnreadable(t *testing.T, bad string) {
	var log strings.Builder
	var mu sync.Mutex
	srv, tok, l := deskServerWith(t, func(o *serve.Options) {
		o.Logger = slog.New(slog.NewTextHandler(lockedWriter{&mu, &log}, nil))
	})
	clearREV1(t, srv, tok)
	kept, err := l.Kept(context.Background())
	if err != nil || len(kept) != 1 {
		t.Fatalf("the records kept: %d (%v), want REV-1's clearance", len(kept), err)
	}
	if _, err := l.DB().Exec("UPDATE decisions SET inputs = ? WHERE seq = ?", bad, kept[0].Seq); err != nil {
		t.Fatal(err)
	}
	var seq string // REV-1's version judged again, standing
	for r, err := range l.Query(context.Background(), ledger.Filter{OrderID: "REV-1", Standing: true}) {
		if err != nil {
			t.Fatal(err)
		}
		seq = strconv.FormatInt(r.Seq, 10)
	}
	b := signedIn(t, srv, tok)
	_, line := b.do("GET", "/desk/lines/"+seq, nil, nil)
	csrf := regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`).FindStringSubmatch(line)
	if csrf == nil {
		t.Fatalf("REV-1's page has no form token:\n%s", line)
	}
	if want := "The assignments in force cannot be read: a record kept in the ledger could not be read"; !strings.Contains(line, want) {
		t.Errorf("REV-1's page lacks %q:\n%s", want, line)
	}
	resp, body := b.do("POST", "/desk/lines/"+seq+"/withdrawal", url.Values{"csrf": {csrf[1]}, "record": {"licence:D1234567"}, "reason": {"Made in error."}}, nil)
	if resp.StatusCode != http.StatusInternalServerError || !strings.Contains(body, "The records kept in the ledger cannot be read") ||
		!strings.Contains(body, "Nothing was withdrawn: a record kept in the ledger could not be read") {
		t.Errorf("a withdrawal: %d\n%s", resp.StatusCode, body)
	}
	for _, page := range []string{line, body} {
		if strings.Contains(page, "could not be reached") || strings.Contains(page, "The ledger cannot be read") {
			t.Errorf("a record that does not read is shown as the ledger out of reach:\n%s", page)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if want := "ledger row " + strconv.FormatInt(kept[0].Seq, 10); strings.Count(log.String(), want) != 2 {
		t.Errorf("the log does not say twice which record (%s):\n%s", want, log.String())
	}
}

// TestDeskLineUnreadable: a line whose screening candidates or reasons
// the ledger keeps in a form that no longer reads says so on its page,
// and does not read as a line without them.
func TestDeskLineUnreadable(t *testing.T) {
	srv, tok, l := deskServerLedger(t)
	b, seq, _, _ := openREV1(t, srv, tok)
	// A reasons text that does not decode, for the row to name.
	if _, err := l.DB().Exec(`INSERT INTO texts (hash, body) VALUES ('unreadable', '[{"rule": ')`); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		column, want, never string
	}{
		{"hits", "This line&#39;s screening candidates cannot be read from the ledger, so they are not shown", "No screening candidate was handed to the policy."},
		{"reasons_hash", "This line&#39;s reasons cannot be read from the ledger", "No screening candidate was handed to the policy."},
	} {
		value := "[{\"list\": "
		if tt.column == "reasons_hash" {
			value = "unreadable"
		}
		if _, err := l.DB().Exec("UPDATE decisions SET "+tt.column+" = ? WHERE seq = ?", value, seq[1]); err != nil {
			t.Fatal(err)
		}
		resp, line := b.do("GET", "/desk/lines/"+seq[1], nil, nil)
		if resp.StatusCode != 200 || !strings.Contains(line, tt.want) || strings.Contains(line, tt.never) {
			t.Errorf("%s that does not read: %d, want %q and not %q:\n%s", tt.column, resp.StatusCode, tt.want, tt.never, line)
		}
		switch tt.column {
		case "hits":
			// A clearance of a candidate is refused as unreadable, not
			// as a candidate that is not the line's.
			csrf := regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`).FindStringSubmatch(line)
			form := url.Values{"csrf": {csrf[1]}, "entry": {"1b5979e8fd3920a1a0985bf5088dad930a6a5562d1513f9e4b015e42"}, "outcome": {"false_positive"},
				"reason": {"Different company."}, "expires": {time.Now().UTC().AddDate(0, 6, 0).Format(time.DateOnly)}}
			if resp, body := b.do("POST", "/desk/lines/"+seq[1]+"/clearance", form, nil); resp.StatusCode != http.StatusInternalServerError ||
				!strings.Contains(body, "Nothing was kept: this line&#39;s screening candidates cannot be read") {
				t.Errorf("a clearance of a line whose candidates do not read: %d\n%s", resp.StatusCode, body)
			}
		case "reasons_hash":
			// The queue's one-line reason says so, not nothing.
			if _, q := b.do("GET", "/desk/", nil, nil); !strings.Contains(q, "(its reasons cannot be read from the ledger: open the line)") {
				t.Errorf("the queue of a line whose reasons do not read:\n%s", q)
			}
		}
	}
}

// TestDeskRecordUnreadable: a reviewer's record whose row does not read
// is a 500 saying so, not "no such record"; a line's row asked for as a
// record is one.
func TestDeskRecordUnreadable(t *testing.T) {
	srv, tok, l := deskServerLedger(t)
	clearREV1(t, srv, tok)
	kept, err := l.Kept(context.Background())
	if err != nil || len(kept) != 1 {
		t.Fatalf("kept %d records (%v), want the clearance", len(kept), err)
	}
	b := signedIn(t, srv, tok)
	line := "1" // the first line committed
	if _, err := l.DB().Exec("UPDATE decisions SET inputs = 'x' WHERE seq = ?", kept[0].Seq); err != nil {
		t.Fatal(err)
	}
	if resp, body := b.do("GET", "/desk/records/"+strconv.FormatInt(kept[0].Seq, 10), nil, nil); resp.StatusCode != http.StatusInternalServerError || !strings.Contains(body, "holds a reviewer&#39;s record that cannot be read") {
		t.Errorf("a kept record that does not read: %d\n%s", resp.StatusCode, body)
	}
	if resp, body := b.do("GET", "/desk/records/"+line, nil, nil); resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "not a reviewer&#39;s record") {
		t.Errorf("a line's row as a record: %d\n%s", resp.StatusCode, body)
	}
}

// TestDeskKeptNotMine: a line's page announces a record kept only to the
// session that made it: a link with ?kept= in another session's hands,
// ?kept=0 included (a session that made none), announces nothing.
func TestDeskKeptNotMine(t *testing.T) {
	srv, tok, l := deskServerLedger(t)
	clearREV1(t, srv, tok)
	var seq, kept string // REV-1 judged again, and the clearance
	for r, err := range l.Query(context.Background(), ledger.Filter{OrderID: "REV-1"}) {
		if err != nil {
			t.Fatal(err)
		}
		if r.IsAction() {
			kept = strconv.FormatInt(r.Seq, 10)
		} else {
			seq = strconv.FormatInt(r.Seq, 10)
		}
	}
	b := newBrowser(t, srv) // another session, which made no record
	b.do("POST", "/desk/login", url.Values{"token": {tok["reviewer"]}}, nil)
	for _, k := range []string{kept, "0", "-1", ""} {
		resp, line := b.do("GET", "/desk/lines/"+seq+"?kept="+k, nil, nil)
		if resp.StatusCode != 200 || strings.Contains(line, `aria-labelledby="kept-h"`) {
			t.Errorf("?kept=%s in a session that made no record: %d\n%s", k, resp.StatusCode, line)
		}
	}
}

// TestDeskWithoutSlash: /desk, as a person types it, is the desk.
func TestDeskWithoutSlash(t *testing.T) {
	srv, _ := deskServer(t)
	c := srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Get(srv.URL + "/desk")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/desk/" {
		t.Errorf("GET /desk: %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// openREV1 signs in to srv's desk as the reviewer and opens REV-1's page
// (deskServerLedger's line): the browser, and the submatches of its log
// row, its form token and its UVL candidate's entry (each [1]).
func openREV1(t *testing.T, srv *httptest.Server, tok map[string]string) (b *browser, seq, csrf, entry []string) {
	t.Helper()
	b = newBrowser(t, srv)
	b.do("POST", "/desk/login", url.Values{"token": {tok["reviewer"]}}, nil)
	_, queue := b.do("GET", "/desk/", nil, nil)
	seq = regexp.MustCompile(`href="/desk/lines/(\d+)">REV-1<`).FindStringSubmatch(queue)
	if seq == nil {
		t.Fatalf("REV-1 is not in the queue:\n%s", queue)
	}
	_, line := b.do("GET", "/desk/lines/"+seq[1], nil, nil)
	csrf = regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`).FindStringSubmatch(line)
	entry = regexp.MustCompile(`<option value="([0-9a-f]+)">UVL`).FindStringSubmatch(line)
	if csrf == nil || entry == nil {
		t.Fatalf("no clearance form on REV-1's page:\n%s", line)
	}
	return b, seq, csrf, entry
}

// clearREV1 signs in to srv's desk as the reviewer and clears REV-1's UVL
// candidate (deskServerLedger's line) as a false positive.
func clearREV1(t *testing.T, srv *httptest.Server, tok map[string]string) {
	t.Helper()
	b, seq, csrf, entry := openREV1(t, srv, tok)
	if resp, _ := b.do("POST", "/desk/lines/"+seq[1]+"/clearance", url.Values{"csrf": {csrf[1]}, "entry": {entry[1]}, "outcome": {"false_positive"},
		"reason": {"Registered in Dubai."}, "expires": {time.Now().UTC().AddDate(0, 3, 0).Format(time.DateOnly)}}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("clearing: %d", resp.StatusCode)
	}
}

// TestDeskRecordWhileCommitting: a request that took the checker before
// a reviewer's record was kept, and commits after, is judged with the
// record: the desk swaps in a checker that applies it, but the request's
// own does not, and its run names the records revision with the record.
func TestDeskRecordWhileCommitting(t *testing.T) {
	srv, tok, l := deskServerLedger(t)
	b, seq, csrf, entry := openREV1(t, srv, tok)

	order := func(id string) string {
		return `{"id": "` + id + `", "product": "nvidia-rtx-4060", "quantity": 2, "destination": "AE", "end_user": "Atlas Sanatgar Trading", "end_user_hq": "AE", "date": "` + shipDay + `"}`
	}
	check := func(body io.Reader) (*http.Response, error) {
		req, _ := http.NewRequest("POST", srv.URL+"/v1/check", body)
		req.Header.Set("Authorization", "Bearer "+tok["pipeline"])
		// The server asks for the body (100 Continue) when the handler
		// first reads it, after it took its checker; the client sends it
		// only then.
		req.Header.Set("Expect", "100-continue")
		tr := srv.Client().Transport.(*http.Transport).Clone()
		tr.ExpectContinueTimeout = time.Hour
		return (&http.Client{Transport: tr}).Do(req)
	}
	// The decision and the screening rules that made it.
	decision := func(resp *http.Response, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		m := regexp.MustCompile(`"decision":"([a-z_]+)"`).FindSubmatch(b)
		if resp.StatusCode != 200 || m == nil {
			t.Fatalf("checking: %d %s", resp.StatusCode, b)
		}
		out := string(m[1])
		for _, r := range regexp.MustCompile(`"rule":"(screening\.[a-z_]+)"`).FindAllSubmatch(b, -1) {
			out += " " + string(r[1])
		}
		return out
	}
	pr, pw := io.Pipe()
	type answer struct {
		resp *http.Response
		err  error
	}
	done := make(chan answer)
	go func() {
		resp, err := check(pr)
		done <- answer{resp, err}
	}()
	body := order("REV-2")
	pw.Write([]byte(body[:1])) // returns once the handler reads the body: it holds its checker
	// Meanwhile a reviewer finds the candidate a true match.
	if resp, _ := b.do("POST", "/desk/lines/"+seq[1]+"/clearance", url.Values{"csrf": {csrf[1]}, "entry": {entry[1]}, "outcome": {"true_match"},
		"reason": {"The same company: registry numbers match."}, "expires": {time.Now().UTC().AddDate(0, 3, 0).Format(time.DateOnly)}}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the true match: %d", resp.StatusCode)
	}
	pw.Write([]byte(body[1:]))
	pw.Close()
	a := <-done
	got := decision(a.resp, a.err)
	want := decision(check(strings.NewReader(order("REV-3"))))
	if got != want || !strings.Contains(got, "screening.true_match") {
		t.Errorf("the order committed while the true match was kept: %s; the same order after: %s", got, want)
	}
	var revs []string
	for r, err := range l.Query(context.Background(), ledger.Filter{Standing: true}) {
		if err != nil {
			t.Fatal(err)
		}
		if r.OrderID == "REV-2" || r.OrderID == "REV-3" {
			revs = append(revs, r.OrderID+" "+r.Decision+" "+r.Run.RecordsRevision)
		}
	}
	if len(revs) != 2 || strings.TrimPrefix(revs[0], "REV-2") != strings.TrimPrefix(revs[1], "REV-3") {
		t.Errorf("the two orders' rows: %q", revs)
	}
}

// TestDeskProhibited: a prohibited line waits on the queue like the others
// (counted, filtered), and an SDN match that is a false positive is
// cleared from its page: the line is judged again and leaves the queue.
// An order to an embargoed destination is on the queue too, with no
// candidate to clear.
func TestDeskProhibited(t *testing.T) {
	srv, tok, _ := deskServerLedger(t)
	order := func(id, to, endUser string) string {
		return `{"id": "` + id + `", "product": "nvidia-rtx-4060", "quantity": 1, "destination": "` + to + `", "end_user": "` + endUser + `", "end_user_hq": "` + to + `", "date": "` + shipDay + `"}`
	}
	commit(t, srv, tok, `{"orders": [`+order("SDN-1", "DE", "Rim Ryong Nam")+`, `+order("EMB-1", "IR", "Tehran Render Co")+`]}`)

	b := signedIn(t, srv, tok)
	_, queue := b.do("GET", "/desk/", nil, nil)
	for _, want := range []string{"prohibited: <strong>2</strong>", ">SDN-1</a>", ">EMB-1</a>", `<option value="prohibited">prohibited</option>`} {
		if !strings.Contains(queue, want) {
			t.Errorf("the queue lacks %s", want)
		}
	}
	_, only := b.do("GET", "/desk/?decision=prohibited", nil, nil)
	if !strings.Contains(only, ">SDN-1</a>") || strings.Contains(only, ">REV-1</a>") {
		t.Errorf("the queue of prohibited lines:\n%s", only)
	}
	emb := regexp.MustCompile(`href="/desk/lines/(\d+)">EMB-1<`).FindStringSubmatch(queue)
	if _, line := b.do("GET", "/desk/lines/"+emb[1], nil, nil); !strings.Contains(line, "Order EMB-1: prohibited") || strings.Contains(line, `name="entry"`) {
		t.Errorf("EMB-1's page (no candidate to clear):\n%s", line)
	}
	seq := regexp.MustCompile(`href="/desk/lines/(\d+)">SDN-1<`).FindStringSubmatch(queue)
	_, line := b.do("GET", "/desk/lines/"+seq[1], nil, nil)
	csrf := regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`).FindStringSubmatch(line)
	entry := regexp.MustCompile(`<option value="([0-9a-f]+)">SDN RIM, Ryong Nam \(1.00\)</option>`).FindStringSubmatch(line)
	if !strings.Contains(line, "Order SDN-1: prohibited") || csrf == nil || entry == nil {
		t.Fatalf("SDN-1's page offers no clearance of its candidate:\n%s", line)
	}
	form := url.Values{"csrf": {csrf[1]}, "entry": {entry[1]}, "outcome": {"false_positive"},
		"reason":  {"Different person: our customer's passport and date of birth differ from the SDN entry's."},
		"expires": {time.Now().UTC().AddDate(0, 6, 0).Format(time.DateOnly)}}
	resp, _ := b.do("POST", "/desk/lines/"+seq[1]+"/clearance", form, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("clearing SDN-1's candidate: %d", resp.StatusCode)
	}
	if _, now := b.do("GET", resp.Header.Get("Location"), nil, nil); !strings.Contains(now, "Order SDN-1: allow") {
		t.Errorf("SDN-1 judged again:\n%s", now)
	}
	if _, q := b.do("GET", "/desk/", nil, nil); strings.Contains(q, ">SDN-1</a>") || !strings.Contains(q, "prohibited: <strong>1</strong>") {
		t.Errorf("the queue after the clearance:\n%s", q)
	}
}

// commit posts body to /v1/check with the pipeline's token: the server
// commits its lines to the ledger.
func commit(t *testing.T, srv *httptest.Server, tok map[string]string, body string) {
	t.Helper()
	req, _ := http.NewRequest("POST", srv.URL+"/v1/check", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok["pipeline"])
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("committing the lines: %d %s", resp.StatusCode, b)
	}
}

// signedIn is a browser signed in to the desk with the reviewer's token.
func signedIn(t *testing.T, srv *httptest.Server, tok map[string]string) *browser {
	t.Helper()
	b := newBrowser(t, srv)
	if resp, body := b.do("POST", "/desk/login", url.Values{"token": {tok["reviewer"]}}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("signing in as reviewer: %d\n%s", resp.StatusCode, body)
	}
	return b
}
