package serve_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/records"
	"github.com/exportcheck/exportcheck/screening"
	"github.com/exportcheck/exportcheck/serve"
)

// TestDeskRefusesPlaceholders: an assignment made at the desk for a line
// whose end user names no one by the policy ("TBD", "Customer Ltd") is
// refused as a record file naming it is, and nothing is kept.
func TestDeskRefusesPlaceholders(t *testing.T) {
	for _, eu := range []string{"TBD", "Customer Ltd"} {
		t.Run(eu, func(t *testing.T) {
			ctx := context.Background()
			l, err := ledger.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "led.db"), true)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			if _, err := l.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			set, err := records.Load("../examples/records")
			if err != nil {
				t.Fatal(err)
			}
			m := screening.NewMatcher(screening.Excerpt())
			c, err := checker.New(ctx, checker.Options{Screener: screening.Screener{M: m}, Records: set.Checker(), Drawdown: ledger.ContextDrawdown{L: l}, Horizon: farHorizon})
			if err != nil {
				t.Fatal(err)
			}
			ts, tok := tokens(t)
			srv := httptest.NewServer(serve.New(serve.Options{Checker: c, Tokens: ts, Ledger: l, Commit: true, Records: set, Entry: m.Entry}))
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
			_, queue := b.do("GET", "/desk/", nil, nil)
			seq := regexp.MustCompile(`href="/desk/lines/(\d+)">PH-1<`).FindStringSubmatch(queue)
			if seq == nil {
				t.Fatalf("PH-1 is not in the queue:\n%s", queue)
			}
			_, line := b.do("GET", "/desk/lines/"+seq[1], nil, nil)
			csrf := regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`).FindStringSubmatch(line)
			form := url.Values{"csrf": {csrf[1]}, "record": {"licence:D1234567"}, "reason": {"same company"}}
			resp, page := b.do("POST", "/desk/lines/"+seq[1]+"/assignment", form, nil)
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
