package serve_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/exportcheck/exportcheck/internal/testtool"
)

// TestDeskInBrowser drives the desk in a real headless Chromium: sign in,
// the queue, a line with a screening candidate cleared and judged again
// at once, a line of hostile text
// (no script runs, no Content-Security-Policy violation), a phone-width
// queue, and a token without the review role refused. Screenshots of each
// page are written to the test's artifact directory (go test -artifacts).
func TestDeskInBrowser(t *testing.T) {
	// Debian's chromium (.ci/run installs it and sets
	// EXPORTCHECK_TEST_BROWSER=required).
	bin := testtool.Find(t, "EXPORTCHECK_TEST_BROWSER", "chromium", "the desk's browser test", "chromium", "chromium-browser", "google-chrome")
	srv, tok := deskServer(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.WindowSize(1280, 800))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	var problems []string
	if err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *page.EventJavascriptDialogOpening:
			problems = append(problems, "a script opened a dialog: "+e.Message)
		case *runtime.EventConsoleAPICalled:
			problems = append(problems, "console: "+string(e.Type))
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text)
		}
	}); err != nil {
		t.Fatal(err)
	}
	dir := t.ArtifactDir()
	shot := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			b, err := chromedp.FullScreenshot(100)(ctx, tg)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, name+".png"), b, 0o644)
		})
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("reading %s: %v", sel, err)
		}
		return s
	}
	run := func(steps ...chromedp.Action[chromedp.Void]) error {
		_, err := chromedp.Run(ctx, chromedp.Steps(steps...))
		return err
	}

	// Sign in: the queue sends a stranger to the sign-in page.
	if err := run(
		chromedp.Navigate(srv.URL+"/desk/"),
		chromedp.WaitVisible(chromedp.CSS("#token")),
		shot("sign-in"),
		chromedp.SendKeys(chromedp.CSS("#token"), tok["reviewer"]),
		chromedp.Submit(chromedp.CSS("#token")),
		chromedp.WaitVisible(chromedp.CSS("table")),
		shot("queue"),
	); err != nil {
		t.Fatal(err)
	}
	if h := text("h1"); h != "Lines waiting for a person" {
		t.Errorf("the queue's heading: %q", h)
	}
	if c := text(".counts"); !strings.Contains(c, "licence required: 1") || !strings.Contains(c, "review: 1") {
		t.Errorf("the counts: %q", c)
	}
	wide := func(limit int64) {
		t.Helper()
		w, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if w > limit {
			t.Errorf("the page is %d px wide in a %d px window: it scrolls sideways", w, limit)
		}
	}
	wide(1280)
	// An order id and a product wrap at spaces only, never at a hyphen
	// ("PO-" over "2606", "nvidia-rtx-" over "4060").
	broken, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('td[data-label="Order"], td[data-label="Product"]')]
		.filter(td => /^\S*-\S*$/.test(td.textContent.trim()))
		.filter(td => { const r = document.createRange(); r.selectNodeContents(td); return r.getBoundingClientRect().height > 1.5 * parseFloat(getComputedStyle(td).lineHeight); })
		.map(td => td.textContent.trim())`))
	if err != nil {
		t.Fatal(err)
	}
	if len(broken) > 0 {
		t.Errorf("the queue breaks these words over lines: %q", broken)
	}

	// The line with a screening candidate.
	if err := run(
		chromedp.Click(`//a[.="REV-1"]`),
		chromedp.WaitVisible(chromedp.CSS("#hits-h")),
		shot("line"),
	); err != nil {
		t.Fatal(err)
	}
	wide(1280)
	if h := text("h1"); h != "Order REV-1: review" {
		t.Errorf("the line's heading: %q", h)
	}
	if h := text("#hits-h + .scroll table"); !strings.Contains(h, "Atlas Sanatgaran") || !strings.Contains(h, "0.89") {
		t.Errorf("the screening candidates: %q", h)
	}

	// Focus is visible on every control of the form: an outline of at
	// least 3:1 against the page's white (WCAG 2.1 1.4.11).
	for _, sel := range []string{"#entry", "#fp", "#reason", "#expires", ".adjudicate button", "main a"} {
		ratio, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => {
			const e = document.querySelector(`+"`"+sel+"`"+`); e.focus();
			const cs = getComputedStyle(e);
			if (cs.outlineStyle === "none" || parseFloat(cs.outlineWidth) < 2) return 0;
			const lum = c => { const [r, g, b] = c.match(/\d+/g).slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
			return (1 + 0.05) / (lum(cs.outlineColor) + 0.05);
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		if ratio < 3 {
			t.Errorf("%s focused: its outline's contrast with the page is %.2f:1, under 3:1", sel, ratio)
		}
	}

	// Clear the candidate as a false positive: the clearance is kept and
	// the line judged again at once.
	if err := run(
		chromedp.SendKeys(chromedp.CSS("#reason"), "Different company: registered in Dubai, the listed party in Yerevan."),
		chromedp.Click(chromedp.CSS(".adjudicate button")),
		chromedp.WaitVisible(chromedp.CSS("#kept-h")),
		shot("line-cleared"),
	); err != nil {
		t.Fatal(err)
	}
	cleared, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href`))
	if err != nil {
		t.Fatal(err)
	}
	if h := text("h1"); h != "Order REV-1: allow" {
		t.Errorf("the line judged again: %q", h)
	}
	if n := text(".notice"); !strings.Contains(n, "The line was judged again at once: this line is now allow.") {
		t.Errorf("the clearance's notice: %q", n)
	}
	wide(1280)

	// The hostile line: its text is text.
	if err := run(
		chromedp.Navigate(srv.URL+"/desk/?decision=license_required"),
		chromedp.WaitVisible(chromedp.CSS("table")),
		chromedp.Click(chromedp.CSS("tbody a")),
		chromedp.WaitVisible(chromedp.CSS("#order-h")),
		shot("hostile-line"),
	); err != nil {
		t.Fatal(err)
	}
	if h := text("h1"); !strings.HasPrefix(h, `Order <script>alert("x")</script>=HYPERLINK(`) {
		t.Errorf("the hostile line's heading: %q", h)
	}

	// The licences page (this server applies no records: it says so).
	if err := run(
		chromedp.Click(`//header//a[text()="Licences"]`),
		chromedp.WaitVisible(chromedp.CSS("main p")),
		shot("licences"),
	); err != nil {
		t.Fatal(err)
	}
	if e := text("main p"); !strings.Contains(e, "--records DIR") {
		t.Errorf("the licences page without records: %q", e)
	}

	// Look up a product and a name.
	if err := run(
		chromedp.Navigate(srv.URL+"/desk/lookup?product=H800+SXM5&date=2023-11-17&name=Atlas+Sanatgar+Trading"),
		chromedp.WaitVisible(chromedp.CSS("#screen-h + form + .scroll table")),
		shot("lookup"),
	); err != nil {
		t.Fatal(err)
	}
	wide(1280)
	if d := text("#classify-h ~ dl"); !strings.Contains(d, "3A090.a") {
		t.Errorf("the H800's classification on 2023-11-17: %q", d)
	}

	// labelled checks that at phone width, where a table's rows are
	// cards, each cell says which column it is (its header, hidden).
	labelled := func(what string) {
		t.Helper()
		bad, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
			const bad = [];
			for (const t of document.querySelectorAll("main table")) {
				const heads = [...t.querySelectorAll("thead th")].map(h => h.textContent.trim());
				for (const tr of t.querySelectorAll("tbody tr")) {
					if (heads.length === 2 && tr.querySelector("th")) continue; // a row header names its one cell
					[...tr.children].forEach((c, i) => {
						if (c.tagName !== "TD" || !heads[i]) return;
						const b = getComputedStyle(c, "::before").content;
						if (!b.includes(heads[i])) bad.push(heads[i] + " (" + b + ")");
					});
				}
			}
			return [...new Set(bad)].join("; ");
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		if bad != "" {
			t.Errorf("%s at phone width: cells that do not name their column: %s", what, bad)
		}
	}

	// Phone width (360 px): the queue is one column of cards.
	if err := run(
		chromedp.EmulateViewport(360, 780),
		chromedp.Navigate(srv.URL+"/desk/"),
		chromedp.WaitVisible(chromedp.CSS("table")),
		shot("queue-phone"),
	); err != nil {
		t.Fatal(err)
	}
	wide(360)
	labelled("the queue")
	// and a line's page fits it too, long hostile text and all.
	if err := run(
		chromedp.Click(chromedp.CSS("tbody a")),
		chromedp.WaitVisible(chromedp.CSS("#order-h")),
		shot("line-phone"),
	); err != nil {
		t.Fatal(err)
	}
	wide(360)
	labelled("the hostile line's page")
	if err := run(
		chromedp.Navigate(cleared),
		chromedp.WaitVisible(chromedp.CSS("#hits-h")),
		shot("line-cleared-phone"),
	); err != nil {
		t.Fatal(err)
	}
	wide(360)
	labelled("a line's page, its candidate beside the end user")

	// Sign out; a token without the review role is refused.
	if err := run(
		chromedp.EmulateViewport(1280, 800),
		chromedp.Click(chromedp.CSS("header button")),
		chromedp.WaitVisible(chromedp.CSS("#token")),
		chromedp.SendKeys(chromedp.CSS("#token"), tok["pipeline"]),
		chromedp.Submit(chromedp.CSS("#token")),
		chromedp.WaitVisible(chromedp.CSS(".error")),
		shot("refused"),
	); err != nil {
		t.Fatal(err)
	}
	if e := text(".error"); !strings.Contains(e, "does not have the review role") {
		t.Errorf("signing in without the review role: %q", e)
	}
	for _, p := range problems {
		t.Error(p)
	}
}
