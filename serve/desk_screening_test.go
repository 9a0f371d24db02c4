package serve_test

import (
	"context"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/reports"
	"github.com/exportcheck/exportcheck/screening"
	"github.com/exportcheck/exportcheck/serve"
)

// screeningNote is the text of a desk page's note of the screening it
// does, one string a paragraph.
func screeningNote(t *testing.T, page string) []string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<div class="screening[^"]*"[^>]*>(.*?)</div>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the page has no screening note:\n%s", page)
	}
	var out []string
	for _, p := range regexp.MustCompile(`(?s)<p>(.*?)</p>`).FindAllStringSubmatch(m[1], -1) {
		out = append(out, html.UnescapeString(tag.ReplaceAllString(p[1], "")))
	}
	return out
}

// deskPages are the desk's pages a note of the screening must be on: the
// queue, the licences, the look-up, a message page (a line not found)
// and, signed out, the sign-in page.
func deskPages(t *testing.T, srv *httptest.Server, tok map[string]string) map[string]string {
	t.Helper()
	b := signedIn(t, srv, tok)
	pages := map[string]string{}
	for _, p := range []string{"/desk/", "/desk/licences", "/desk/lookup", "/desk/lines/99999"} {
		_, pages[p] = b.do("GET", p, nil, nil)
	}
	_, pages["/desk/login"] = newBrowser(t, srv).do("GET", "/desk/login", nil, nil)
	return pages
}

// TestDeskNamesScreening: every desk page names the lists the server
// screens against (entries, date and age), with the demonstration
// excerpt's warning; the look-up's answer names them too.
func TestDeskNamesScreening(t *testing.T) {
	excerpt := screening.Excerpt().Snapshot
	downloaded := time.Now().Add(-50 * time.Hour).UTC().Truncate(time.Second)
	lists := []reports.Snapshot{
		{Path: excerpt.Path, SHA256: excerpt.SHA256, Rows: excerpt.Rows, Newest: excerpt.Newest, Demo: true},
		{Path: "/srv/lists/consolidated.csv", SHA256: "ab", Rows: 12345, Newest: "2026-01-02", Downloaded: downloaded.Format(time.RFC3339)},
	}
	srv, tok, _ := deskServerWith(t, func(o *serve.Options) { o.Lists = lists })
	demo := "DEMONSTRATION screening: end users were screened against the embedded 13-entry excerpt (the server's screening list demo), not the Consolidated Screening List; listed parties can come out allow"
	age := regexp.MustCompile(`\(\d[\d,]* days ago;`)
	for path, page := range deskPages(t, srv, tok) {
		got := screeningNote(t, page)
		if len(got) == 2 {
			// The excerpt's newest entry is years old, and older each day.
			got[1] = age.ReplaceAllString(got[1], "(N days ago;")
		}
		want := []string{demo + ".",
			"Screening lists: the embedded DEMONSTRATION excerpt (screening/lists/csl-excerpt.csv): 13 entries, newest entry 19 Jul 2023 (N days ago; when it was downloaded is not known); " +
				"/srv/lists/consolidated.csv: 12,345 entries, downloaded " + downloaded.Format("2 Jan 2006 15:04 UTC") + " (2 days ago)"}
		if d := gocmp.Diff(want, got); d != "" {
			t.Errorf("%s: the screening note (-want +got):\n%s", path, d)
		}
		if !strings.Contains(page, `class="screening screening-warn"`) {
			t.Errorf("%s: the demonstration list is not in the colours of a warning", path)
		}
	}

	_, page := signedIn(t, srv, tok).do("GET", "/desk/lookup?name=Huawei+Technologies&on=2026-03-02", nil, nil)
	answer := pageText(page)
	for i := range answer {
		answer[i] = age.ReplaceAllString(answer[i], "(N days ago;")
	}
	if i := strings.Index(strings.Join(answer, "\n"), "No entry reaches"); i < 0 {
		t.Fatalf("the look-up's answer: %q", answer)
	}
	want := []string{"No entry reaches the review threshold.",
		"Screened against the embedded DEMONSTRATION excerpt (screening/lists/csl-excerpt.csv): 13 entries, newest entry 19 Jul 2023 (N days ago; when it was downloaded is not known); " +
			"/srv/lists/consolidated.csv: 12,345 entries, downloaded " + downloaded.Format("2 Jan 2006 15:04 UTC") + " (2 days ago).",
		demo + "."}
	for i, a := range answer {
		if a == want[0] {
			if d := gocmp.Diff(want, answer[i:min(i+3, len(answer))]); d != "" {
				t.Errorf("the look-up's answer (-want +got):\n%s", d)
			}
		}
	}
}

// TestDeskListsUnknown: a server given a checker that screens but no
// lists to name (serve.Options.Lists empty: library use) says on every
// desk page, in the colours of a warning, that the desk does not know
// them, and the look-up says so under its answer (before: "Screening
// lists: " and "Screened against ." with nothing named).
func TestDeskListsUnknown(t *testing.T) {
	srv, tok, _ := deskServerWith(t, func(o *serve.Options) { o.Lists = nil })
	want := []string{"Screening lists not known to this desk: this server screens end users, but was not told which lists it screens against, so this desk cannot say how old they are or whether one is a demonstration."}
	for path, page := range deskPages(t, srv, tok) {
		if d := gocmp.Diff(want, screeningNote(t, page)); d != "" {
			t.Errorf("%s: the screening note (-want +got):\n%s", path, d)
		}
		if !strings.Contains(page, `class="screening screening-warn"`) {
			t.Errorf("%s: lists not known are not in the colours of a warning", path)
		}
	}
	_, page := signedIn(t, srv, tok).do("GET", "/desk/lookup?name=Zyxwvut+Orchards&on=2026-03-02", nil, nil)
	if w := "Screened against the server's lists, which this desk was not told."; !slices.Contains(pageText(page), w) {
		t.Errorf("the look-up's answer lacks %q: %q", w, pageText(page))
	}
}

// TestDeskNamesNoScreening: a server that screens against no list says so
// on every desk page, and the look-up of a name says why it screens none.
func TestDeskNamesNoScreening(t *testing.T) {
	l := newLedger(t, "sqlite")
	c, err := checker.New(context.Background(), checker.Options{Drawdown: ledger.ContextDrawdown{L: l}, Horizon: farHorizon})
	if err != nil {
		t.Fatal(err)
	}
	ts, tok := tokens(t)
	srv := httptest.NewServer(serve.New(serve.Options{Checker: c, Tokens: ts, Ledger: l, Commit: true}))
	t.Cleanup(srv.Close)
	want := []string{"No restricted-party screening: this server screens end users against no list (screening is off in its configuration). Listed parties pass unscreened."}
	for path, page := range deskPages(t, srv, tok) {
		if d := gocmp.Diff(want, screeningNote(t, page)); d != "" {
			t.Errorf("%s: the screening note (-want +got):\n%s", path, d)
		}
	}
	resp, page := signedIn(t, srv, tok).do("GET", "/desk/lookup?"+url.Values{"name": {"Huawei Technologies"}}.Encode(), nil, nil)
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("the look-up of a name: status %d, want 409", resp.StatusCode)
	}
	if w := "Screening is off: this server screens end users against no restricted-party list (its configuration turns screening off), so no name can be screened here."; !strings.Contains(html.UnescapeString(page), w) {
		t.Errorf("the look-up of a name lacks %q:\n%s", w, page)
	}
}
