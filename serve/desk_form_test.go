package serve_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
)

// TestDeskFormErrors: a clearance the desk refuses is the line's page
// again with each problem in words beside its field (the control marked
// invalid and described by it), what the reviewer typed kept, and no
// loader's wording (a YAML key, "want a string", an entry's hash).
func TestDeskFormErrors(t *testing.T) {
	srv, tok, l := deskServerLedger(t)
	b := signedIn(t, srv, tok)
	seq, line := b.openLine("/desk/?decision=review", "REV-1")
	csrf := regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`).FindStringSubmatch(line)
	entry := regexp.MustCompile(`<option value="([0-9a-f]+)"`).FindStringSubmatch(line)
	if csrf == nil || entry == nil {
		t.Fatalf("no clearance form on the line's page:\n%s", line)
	}
	today := time.Now().UTC()
	reason := "Registered in Dubai <trade licence 12345>, the listed party in Yerevan."
	good := url.Values{"csrf": {csrf[1]}, "entry": {entry[1]}, "outcome": {"true_match"}, "reason": {reason},
		"expires": {today.AddDate(0, 6, 0).Format(time.DateOnly)}}
	limit := today.AddDate(1, 0, 0).Format("2 Jan 2006")
	for _, tt := range []struct {
		name, field, value, want string
	}{
		{"no reason", "reason", "  ", "Say why"},
		{"no date", "expires", "", "Give the date the clearance holds until"},
		{"not a date", "expires", "01/02/2027", "is not a date"},
		{"today", "expires", today.Format(time.DateOnly), "must be after the day you adjudicated it (" + today.Format("2 Jan 2006") + ")"},
		{"past", "expires", "2020-01-01", "must be after the day you adjudicated it"},
		{"too long", "expires", today.AddDate(3, 0, 0).Format(time.DateOnly), "at most 12 months from the day you adjudicated it (" + today.Format("2 Jan 2006") + "): give " + limit + " or earlier"},
		{"adjudicated ahead", "at", today.AddDate(0, 0, 2).Format(time.DateOnly), "is after today (" + today.Format(time.DateOnly) + "): a clearance is dated the day it was adjudicated"},
		{"adjudicated on no date", "at", "yesterday", "is not a date: give the day you compared the names"},
		{"no outcome", "outcome", "maybe", "Choose false positive or true match"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := url.Values{}
			for k, x := range good {
				v[k] = x
			}
			v.Set(tt.field, tt.value)
			resp, body := b.do("POST", "/desk/lines/"+seq+"/clearance", v, nil)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("%d, want 422", resp.StatusCode)
			}
			id := tt.field + "-error"
			// The problem sits beside its field, and the field is marked.
			near := regexp.MustCompile(`<p id="` + id + `" class="field-error">([^<]*)</p>\s*<[a-z]+ [^>]*aria-invalid="true" aria-describedby="` + id + `"`)
			if tt.field == "outcome" {
				near = regexp.MustCompile(`<fieldset aria-describedby="` + id + `">\s*<legend>Outcome</legend>\s*<p id="` + id + `" class="field-error">([^<]*)</p>`)
			}
			m := near.FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("no problem beside %s:\n%s", tt.field, body)
			}
			if got := html.UnescapeString(m[1]); !strings.Contains(got, tt.want) {
				t.Errorf("beside %s: %q, want %q in it", tt.field, got, tt.want)
			}
			for _, bad := range []string{"want a string", "want a date", "is not after at", entry[1] + " for"} {
				if strings.Contains(body, bad) {
					t.Errorf("the page says %q", bad)
				}
			}
			// What the reviewer typed is kept.
			if tt.field != "reason" && !strings.Contains(body, ">"+html.EscapeString(reason)+"</textarea>") {
				t.Errorf("the reason typed is lost")
			}
			if tt.field != "outcome" && !regexp.MustCompile(`id="tm" name="outcome" value="true_match" checked`).MatchString(body) {
				t.Errorf("the outcome chosen is lost")
			}
			if tt.field == "expires" && !strings.Contains(body, `value="`+html.EscapeString(tt.value)+`"`) {
				t.Errorf("the date typed is lost")
			}
			if !strings.Contains(body, `role="alert"`) || !strings.Contains(body, `href="#adjudicate-h"`) {
				t.Errorf("no summary at the top linking to the form")
			}
		})
	}
	// A form past what the desk reads (a reason pasted from a long memo)
	// says so, not that the form was not the desk's: read past its limit,
	// it lost its form token with the rest.
	t.Run("form too long", func(t *testing.T) {
		v := url.Values{}
		for k, x := range good {
			v[k] = x
		}
		v.Set("reason", strings.Repeat("memo ", 4000))
		resp, body := b.do("POST", "/desk/lines/"+seq+"/clearance", v, nil)
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "The form is longer than the desk takes (16 KB): shorten the reason") {
			t.Errorf("%d:\n%s", resp.StatusCode, body)
		}
	})
	if kept, err := l.Kept(context.Background()); err != nil || len(kept) != 0 {
		t.Fatalf("refused clearances kept %d records (%v)", len(kept), err)
	}
}

// TestDeskLineWords: a line's page says what a ledger row keeps as a code
// in words: its review policy.
func TestDeskLineWords(t *testing.T) {
	srv, tok, _ := deskServerLedger(t)
	b := signedIn(t, srv, tok)
	_, queue := b.do("GET", "/desk/?decision=license_required", nil, nil)
	seq := regexp.MustCompile(`href="/desk/lines/(\d+)">`).FindStringSubmatch(queue)
	if seq == nil {
		t.Fatalf("no line needing a licence in the queue:\n%s", queue)
	}
	_, line := b.do("GET", "/desk/lines/"+seq[1], nil, nil)
	m := regexp.MustCompile(`<dt>Review policy</dt><dd>([^<]*)</dd>`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("no review policy on the page of a line needing a licence to CN:\n%s", line)
	}
	if m[1] != "presumption of denial" && m[1] != "policy of denial" && m[1] != "case by case" {
		t.Errorf("the review policy reads %q, not in words", m[1])
	}
}

// TestDeskQueueFilterNames: the queue's product and destination filters
// take what a reviewer types (an alias such as "H100 SXM5", a country's
// name), as check reads an order's, and the ledger's codes.
func TestDeskQueueFilterNames(t *testing.T) {
	srv, tok, _ := deskServerLedger(t)
	b := signedIn(t, srv, tok)
	for _, tt := range []struct {
		query, want string
	}{
		{"product=nvidia-h100-sxm5", "HYPERLINK"},
		{"product=H100+SXM5", "HYPERLINK"},
		{"destination=CN", "HYPERLINK"},
		{"destination=China", "HYPERLINK"},
		{"product=RTX+4060", ">REV-1<"},
		{"destination=United+Arab+Emirates", ">REV-1<"},
		// The end user by a part of its name, in any case.
		{"end_user=sanatgar", ">REV-1<"},
		{"end_user=ATLAS+SANATGAR+TRADING", ">REV-1<"},
	} {
		resp, body := b.do("GET", "/desk/?"+tt.query, nil, nil)
		if resp.StatusCode != 200 || !strings.Contains(body, tt.want) {
			t.Errorf("%s: %d, the queue lacks %s", tt.query, resp.StatusCode, tt.want)
		}
	}
	if _, body := b.do("GET", "/desk/?end_user=sanatgar", nil, nil); strings.Contains(body, "HYPERLINK") {
		t.Errorf("end_user=sanatgar: the queue holds a line of another end user")
	}
	// A % or _ is a character of the name, not a wildcard.
	if _, body := b.do("GET", "/desk/?end_user=%25", nil, nil); !strings.Contains(body, "No open line matches.") {
		t.Errorf("end_user=%%: the queue is not empty")
	}
	// A filter value that names nothing still filters (to nothing), and
	// the page says it names nothing the data knows: a reviewer who
	// mistyped a country must not read an empty queue as nothing waiting.
	for query, want := range map[string][]string{
		"product=no-such-thing": {"No open line matches.", `Product "no-such-thing" is not a product ID or alias the data knows: the queue looked for it as typed.`},
		"destination=Narnia":    {"No open line matches.", `Destination "Narnia" is not a country code or name the data knows: the queue looked for it as typed.`},
	} {
		_, body := b.do("GET", "/desk/?"+query, nil, nil)
		got := pageText(body)
		if len(got) > len(want) {
			got = got[len(got)-len(want):]
		}
		if diff := gocmp.Diff(want, got); diff != "" {
			t.Errorf("%s: the page's end (-want +got):\n%s", query, diff)
		}
	}
	if _, body := b.do("GET", "/desk/?destination=China", nil, nil); strings.Contains(body, "the data knows") {
		t.Errorf("destination=China: the page says the data does not know it")
	}
}

// TestDeskQueueBefore: the queue's page cursor (?before=, as its link to
// older lines gives it) that is not a log row's number is refused with a
// plain message, not read as the first page.
func TestDeskQueueBefore(t *testing.T) {
	srv, tok, _ := deskServerLedger(t) // REV-1 is log row 1, the line to CN row 2
	b := signedIn(t, srv, tok)
	for _, tt := range []struct {
		query       string
		status      int
		want, never string
	}{
		{"before=2", 200, ">REV-1<", "HYPERLINK"},
		{"before=1", 200, "No open line matches.", ">REV-1<"},
		{"before=3", 200, "HYPERLINK", "Bad page"},
		{"before=abc", 400, "before=abc is not a log row&#39;s number", ">REV-1<"},
		{"before=-5", 400, "before=-5 is not a log row&#39;s number", ">REV-1<"},
		{"before=0", 400, "before=0 is not a log row&#39;s number", ">REV-1<"},
		{"before=", 400, "before= is not a log row&#39;s number", ">REV-1<"},
		{"before=99999999999999999999", 400, "is not a log row&#39;s number", ">REV-1<"},
		{"decision=review&before=2x", 400, "before=2x is not a log row&#39;s number", ">REV-1<"},
	} {
		resp, body := b.do("GET", "/desk/?"+tt.query, nil, nil)
		if resp.StatusCode != tt.status || !strings.Contains(body, tt.want) || strings.Contains(body, tt.never) {
			t.Errorf("%s: %d, want %d with %q and without %q:\n%s", tt.query, resp.StatusCode, tt.status, tt.want, tt.never, body)
		}
	}
}
