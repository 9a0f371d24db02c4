package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/screening"
)

const testList = `_id,source,name,start_date
uvl-1,Unverified List (UVL) - Bureau of Industry and Security,Atlas Sanatgaran,2026-11-20
`

// TestListsUpdate: `lists update` downloads the list with its time and
// hash; a failed, unreadable or empty download leaves the cached list as
// it was; check --screening-list cached screens against it and dates it by
// its download.
func TestListsUpdate(t *testing.T) {
	fastTries(t, new([]time.Duration))
	body, status := testList, http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		w.WriteHeader(status)
		w.Write([]byte(body))
	}))
	defer srv.Close()
	dir := t.TempDir()
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	m, err := updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", dir, "", now, false, screening.Coverage{})
	if err != nil {
		t.Fatal(err)
	}
	want := listMeta{URL: srv.URL + "/consolidated.csv", File: "consolidated.csv", Downloaded: "2026-12-01T10:00:00Z",
		SHA256: m.SHA256, Rows: 1, Newest: "2026-11-20", ETag: `"v1"`}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("metadata (-want +got):\n%s", diff)
	}
	l, got, err := loadCached(dir)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(m, got); diff != "" || l.Snapshot.SHA256 != m.SHA256 {
		t.Errorf("cached metadata (-want +got):\n%s", diff)
	}

	// Failed downloads change nothing.
	for _, bad := range []struct {
		name, body string
		status     int
		err        string
	}{
		{"server error", testList, http.StatusInternalServerError, "500 Internal Server Error"},
		{"not a list", "<html>maintenance</html>", http.StatusOK, "cannot be read"},
		{"no entries", "_id,source,name\n", http.StatusOK, "no entries"},
	} {
		body, status = bad.body, bad.status
		_, err := updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", dir, "", now.Add(time.Hour), false, screening.Coverage{})
		if err == nil || !strings.Contains(err.Error(), bad.err) || !strings.Contains(err.Error(), "unchanged") {
			t.Errorf("%s: error %v, want %q and that the cached list is unchanged", bad.name, err, bad.err)
		}
		if _, got, err := loadCached(dir); err != nil || got != m {
			t.Errorf("%s: cached list changed: %+v, %v", bad.name, got, err)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 3 {
			t.Errorf("%s: %d files in the cache directory, want the list, its metadata and the lock", bad.name, len(entries))
		}
	}

	// The download time dates the list.
	cfg := (&config{}).withDefaults()
	snap := l.Snapshot
	if w := staleness(snap, m.Downloaded, cfg, now.Add(6*24*time.Hour)); w != "" {
		t.Errorf("6 days after download: %q, want fresh", w)
	}
	if w := staleness(snap, m.Downloaded, cfg, now.Add(8*24*time.Hour)); !strings.Contains(w, "is stale: downloaded 2026-12-01, 8 days ago (maximum age 7 days") {
		t.Errorf("8 days after download: %q", w)
	}
	// A server's screening goes stale while it runs: its warnings are
	// those of the time asked.
	cfg.Screening.CacheDir = dir
	scr, err := newScreen([]string{listCached}, cfg, noCoverage, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(scr.warnings) != 0 || len(scr.at(now.Add(6*24*time.Hour))) != 0 {
		t.Errorf("fresh: %q, %q", scr.warnings, scr.at(now.Add(6*24*time.Hour)))
	}
	if w := scr.at(now.Add(8 * 24 * time.Hour)); len(w) != 1 || !strings.Contains(w[0], "is stale: downloaded 2026-12-01, 8 days ago") {
		t.Errorf("8 days after download: %q", w)
	}
	// A list changed since its download has no known download time: its
	// newest entry dates it.
	if err := os.WriteFile(filepath.Join(dir, "consolidated.csv"), []byte(testList+"uvl-2,Unverified List (UVL) - Bureau of Industry and Security,Other Name,2026-11-21\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, got, err := loadCached(dir); err != nil || got.Downloaded != "" {
		t.Errorf("changed list: download time %q, %v; want unknown", got.Downloaded, err)
	}

	// check --screening-list cached, with the cache directory from the
	// configuration: a list as long as the whole one, with the test's
	// entry, which lists update takes as the whole list.
	cov := testCoverage(t)
	body, status = string(wholeList(t, cov, screening.Entry{ID: "uvl-1", Source: "Unverified List (UVL) - Bureau of Industry and Security", Name: "Atlas Sanatgaran", StartDate: "2026-11-20"})), http.StatusOK
	if _, err := updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", dir, "", time.Now().UTC(), false, cov); err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	cfgPath := filepath.Join(work, ConfigName)
	os.WriteFile(cfgPath, []byte("screening:\n  lists: [cached]\n  cache_dir: "+dir+"\n"), 0o644)
	os.WriteFile(filepath.Join(work, "orders.csv"), []byte("id,product,quantity,destination,end_user,end_user_hq,date\nA,nvidia-rtx-4060,1,AM,Atlas Sanatgaran,AM,2024-06-01\n"), 0o644)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"check", "--config", cfgPath, "--format", "json", filepath.Join(work, "orders.csv")}, nil, &stdout, &stderr)
	if code != exitFailed || stderr.String() != "exportcheck: 1 line: 1 review, 1 at or above --fail-on review\n" || !strings.Contains(stdout.String(), `"decision":"review"`) || !strings.Contains(stdout.String(), `"downloaded":"`) {
		t.Errorf("check with the cached list: exit %d\nstdout %s\nstderr %s", code, stdout.String(), stderr.String())
	}
	// lists status says whether the list is stale, also when it is not.
	stdout.Reset()
	if code := run(context.Background(), []string{"lists", "status", "--config", cfgPath}, nil, &stdout, &stderr); code != 0 ||
		!strings.HasSuffix(stdout.String(), "\nnot stale: downloaded within the maximum age, 7d (screening.max_age)\n") {
		t.Errorf("lists status of a fresh list: exit %d\n%s", code, stdout.String())
	}
}

// TestListsUpdateJSON: a URL ending in .json keeps the JSON form.
func TestListsUpdateJSON(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"results":[{"id":"x1","source":"Entity List (EL) - Bureau of Industry and Security","name":"Example Entity","start_date":"2026-11-01"}]}`))
	}))
	defer srv.Close()
	dir := t.TempDir()
	m, err := updateList(context.Background(), srv.Client(), srv.URL+"/v1/consolidated.json", dir, "", time.Now().UTC(), false, screening.Coverage{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := screening.Load(filepath.Join(dir, m.File))
	if err != nil || m.File != "consolidated.json" || len(l.Entries) != 1 {
		t.Errorf("file %s: %v, %v", m.File, l, err)
	}
}

// fastTries makes lists update note how long it would wait between tries
// (in *waits) instead of waiting, and shortens how long a silent
// connection is given, for the test.
func fastTries(t *testing.T, waits *[]time.Duration) {
	t.Helper()
	idle, wait := listIdle, listWait
	listIdle = 300 * time.Millisecond
	listWait = func(ctx context.Context, d time.Duration) error {
		*waits = append(*waits, d)
		return ctx.Err()
	}
	t.Cleanup(func() { listIdle, listWait = idle, wait })
}

// bigList is a CSV list of n entries.
func bigList(n int) string {
	var b strings.Builder
	b.WriteString("_id,source,name,start_date\n")
	for i := range n {
		fmt.Fprintf(&b, "el-%d,Entity List (EL) - Bureau of Industry and Security,Entity Number %d,2026-11-20\n", i, i)
	}
	return b.String()
}

// TestListsUpdateTries: what fails on the way (a busy or failing server, a
// connection cut or silent mid-list) is tried again, three times in all,
// waiting as long as the server asks (within bounds); what trying again
// cannot cure (404, a list that cannot be read, a Retry-After of hours) is
// not; when every try fails, the error says so and the cached list is
// unchanged.
func TestListsUpdateTries(t *testing.T) {
	full := bigList(200)
	type reply func(w http.ResponseWriter)
	status := func(code int, header ...string) reply {
		return func(w http.ResponseWriter) {
			for i := 0; i < len(header); i += 2 {
				w.Header().Set(header[i], header[i+1])
			}
			w.WriteHeader(code)
		}
	}
	ok := func(w http.ResponseWriter) { w.Write([]byte(full)) }
	cut := func(w http.ResponseWriter) { // promises the whole list, sends half and hangs up
		w.Header().Set("Content-Length", strconv.Itoa(len(full)))
		w.Write([]byte(full[:len(full)/2]))
		panic(http.ErrAbortHandler)
	}
	silent := func(w http.ResponseWriter) { // sends half, then nothing
		w.Write([]byte(full[:len(full)/2]))
		w.(http.Flusher).Flush()
		time.Sleep(2 * listIdle)
	}
	slow := func(w http.ResponseWriter) { // slow but steady: longer in all than listIdle, a tenth of it between bytes
		for i := range 16 {
			w.Write([]byte(full[i*len(full)/16 : (i+1)*len(full)/16]))
			w.(http.Flusher).Flush()
			time.Sleep(listIdle / 10)
		}
	}
	in90s := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
	const s = time.Second
	for _, tt := range []struct {
		name    string
		replies []reply
		waits   []time.Duration // between tries
		err     string          // "" for success
	}{
		{"slow but steady", []reply{slow}, nil, ""},
		{"503, then the list", []reply{status(503), ok}, []time.Duration{5 * s}, ""},
		{"429 with Retry-After, 502, then the list", []reply{status(429, "Retry-After", "30"), status(502), ok}, []time.Duration{30 * s, 20 * s}, ""},
		{"Retry-After shorter than the backoff", []reply{status(503, "Retry-After", "1"), ok}, []time.Duration{5 * s}, ""},
		{"Retry-After as a date", []reply{status(503, "Retry-After", in90s), ok}, nil,
			"the server asks to be left for 1m"},
		{"Retry-After of hours is not waited for", []reply{status(429, "Retry-After", "7200"), ok}, nil,
			"429 Too Many Requests; the server asks to be left for 2h0m0s (Retry-After), so it was not tried again: run lists update after 2026-12-05T14:00:00Z (the cached list is unchanged)"},
		{"cut mid-list, then the list", []reply{cut, ok}, []time.Duration{5 * s}, ""},
		{"silent mid-list, then the list", []reply{silent, ok}, []time.Duration{5 * s}, ""},
		{"503 every time", []reply{status(503), status(503), status(503)}, []time.Duration{5 * s, 20 * s},
			"503 Service Unavailable (tried 3 times) (the cached list is unchanged)"},
		{"silent, 500, 500", []reply{silent, status(500), status(500)}, []time.Duration{5 * s, 20 * s},
			"500 Internal Server Error (tried 3 times; before: the server sent nothing for 300ms)"},
		{"404 is not tried again", []reply{status(404), ok}, nil, "404 Not Found (the cached list is unchanged)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var waits []time.Duration
			fastTries(t, &waits)
			if tt.name == "slow but steady" {
				// Room for a loaded machine: a gap ten times the sleep
				// would be needed to look idle.
				listIdle = time.Second
			}
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				i := int(n.Add(1)) - 1
				tt.replies[min(i, len(tt.replies)-1)](w)
			}))
			defer srv.Close()
			dir := t.TempDir()
			now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
			m, err := updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", dir, "", now, false, screening.Coverage{})
			switch {
			case tt.err == "" && (err != nil || m.Rows != 200):
				t.Errorf("%d rows, %v; want the list", m.Rows, err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Errorf("error %v, want %q", err, tt.err)
			}
			if diff := cmp.Diff(tt.waits, waits); diff != "" {
				t.Errorf("waits between tries (-want +got):\n%s", diff)
			}
			if got, want := int(n.Load()), len(tt.waits)+1; got != want {
				t.Errorf("%d tries, want %d", got, want)
			}
			entries, _ := os.ReadDir(dir)
			// The list, its record and the lock; no temporary file left.
			if want := map[bool]int{true: 3, false: 0}[tt.err == ""]; len(entries) != want {
				t.Errorf("%d files in the cache directory, want %d", len(entries), want)
			}
		})
	}
}

// TestListsUpdatePermanent: what trying again cannot cure is tried once,
// and the error says what it was: a certificate that does not verify, a
// redirect loop, a URL that is not http(s), a list that cannot be written
// (a full disk).
func TestListsUpdatePermanent(t *testing.T) {
	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(testList)) }))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path == "/loop.csv" {
			http.Redirect(w, r, "/loop.csv", http.StatusFound)
			return
		}
		w.Write([]byte(testList))
	}))
	defer srv.Close()
	full := func(dir, pattern string) (*os.File, error) { // writes to it fail as on a full disk
		name := filepath.Join(dir, strings.Replace(pattern, "*", "full", 1))
		if err := os.Symlink("/dev/full", name); err != nil {
			return nil, err
		}
		return os.OpenFile(name, os.O_WRONLY, 0)
	}
	for _, tt := range []struct {
		name, url string
		temp      func(string, string) (*os.File, error)
		hits      int32 // on srv
		err       string
	}{
		{"a certificate no one vouches for", tlsSrv.URL + "/consolidated.csv", nil, 0, "certificate signed by unknown authority"},
		{"a redirect loop", srv.URL + "/loop.csv", nil, 10, "redirected 10 times"},
		{"not http", "ftp://example.com/consolidated.csv", nil, 0, "ftp://example.com/consolidated.csv: not an http or https URL"},
		{"a full disk", srv.URL + "/consolidated.csv", full, 1, "writing the downloaded list to "},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var waits []time.Duration
			fastTries(t, &waits)
			if tt.temp != nil {
				defer func(f func(string, string) (*os.File, error)) { listTemp = f }(listTemp)
				listTemp = tt.temp
			}
			hits.Store(0)
			dir := t.TempDir()
			_, err := updateList(context.Background(), listClient(), tt.url, dir, "", time.Now().UTC(), false, screening.Coverage{})
			if err == nil || !strings.Contains(err.Error(), tt.err) || strings.Contains(err.Error(), "tried") {
				t.Errorf("error %v, want %q, tried once", err, tt.err)
			}
			if len(waits) != 0 || hits.Load() != tt.hits {
				t.Errorf("waited %v, %d requests; want no wait, %d requests", waits, hits.Load(), tt.hits)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("%d files left in the cache directory", len(entries))
			}
		})
	}
}

// TestListsUpdateInterrupted: interrupted while waiting to try again, lists
// update says so with what the tries before it met.
func TestListsUpdateInterrupted(t *testing.T) {
	var waits []time.Duration
	fastTries(t, &waits)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	listWait = func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		if len(waits) == 2 {
			cancel()
		}
		return ctx.Err()
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadGateway) }))
	defer srv.Close()
	_, err := updateList(ctx, srv.Client(), srv.URL+"/consolidated.csv", t.TempDir(), "", time.Now().UTC(), false, screening.Coverage{})
	want := "downloading the screening list: context canceled while waiting to try again (after 2 tries: " +
		srv.URL + "/consolidated.csv: 502 Bad Gateway) (the cached list is unchanged)"
	if err == nil || err.Error() != want {
		t.Errorf("error %v\nwant %s", err, want)
	}
}

// TestListsUpdateShrink: a list with a tenth fewer entries than the cached
// one is refused (a list cut short screens less) unless --allow-shrink;
// a few fewer (a delisting) pass.
func TestListsUpdateShrink(t *testing.T) {
	body := bigList(1000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(body)) }))
	defer srv.Close()
	dir := t.TempDir()
	update := func(allow bool) (listMeta, error) {
		return updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", dir, "", time.Now().UTC(), allow, screening.Coverage{})
	}
	first, err := update(false)
	if err != nil {
		t.Fatal(err)
	}
	body = bigList(899)
	_, err = update(false)
	if err == nil || !strings.Contains(err.Error(), "the downloaded list has 899 entries, against 1000 in the cached list") || !strings.Contains(err.Error(), "--allow-shrink") {
		t.Errorf("a list a tenth shorter: %v", err)
	}
	if _, m, err := loadCached(dir); err != nil || m != first {
		t.Errorf("the cached list changed: %+v, %v", m, err)
	}
	if m, err := update(true); err != nil || m.Rows != 899 {
		t.Errorf("--allow-shrink: %d rows, %v", m.Rows, err)
	}
	body = bigList(810) // 90 % of 899 (809.1) or more: a delisting
	if m, err := update(false); err != nil || m.Rows != 810 {
		t.Errorf("a few entries fewer: %d rows, %v", m.Rows, err)
	}
}

// TestRetryAfter: seconds or an HTTP date; anything else is no wait.
// TestStalenessFuture: a list dated in the future, by its download time
// (a clock set wrong where it was downloaded) or, without one, by its
// newest entry (a mistyped start date), is stale: its age is not known,
// and it would otherwise stay fresh until that date. A clock minutes
// ahead, and an entry dated tomorrow, are believed.
func TestStalenessFuture(t *testing.T) {
	cfg := (&config{}).withDefaults()
	now := time.Date(2026, 12, 6, 13, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name, downloaded, newest, want string
	}{
		{"download a minute ahead", "2026-12-06T13:01:00Z", "2026-11-20", ""},
		{"download a day ahead", "2026-12-07T13:00:00Z", "2026-11-20",
			"screening list l.csv is stale: its download time, 2026-12-07T13:00:00Z, is in the future (a clock set wrong where it was downloaded?), so its age is not known; run `exportcheck lists update`"},
		{"download years ahead", "2099-01-01T00:00:00+02:00", "2026-11-20",
			"screening list l.csv is stale: its download time, 2098-12-31T22:00:00Z, is in the future (a clock set wrong where it was downloaded?), so its age is not known; run `exportcheck lists update`"},
		{"newest entry tomorrow", "", "2026-12-07", ""},
		{"newest entry years ahead", "", "2206-12-01",
			"screening list l.csv may be stale: download time unknown and its newest entry is dated 2206-12-01, in the future, so it dates nothing (a mistyped start date?)"},
	} {
		snap := screening.Snapshot{Path: "l.csv", Rows: 1, Newest: c.newest}
		if diff := cmp.Diff(c.want, staleness(snap, c.downloaded, cfg, now)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.name, diff)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"": 0, "7": 7 * time.Second, "-1": 0, "soon": 0,
		"Sat, 05 Dec 2026 12:00:30 GMT": 30 * time.Second, "Sat, 05 Dec 2026 11:00:00 GMT": 0,
	} {
		if got := retryAfter(v, now); got != want {
			t.Errorf("Retry-After %q: %s, want %s", v, got, want)
		}
	}
}

// TestListsUpdateDowngrade: a redirect from https to plain http is
// refused, and not tried again: whoever sits on the path could serve a
// list with a party taken out, and the download would look as good as
// trade.gov's. Redirects within https are followed.
func TestListsUpdateDowngrade(t *testing.T) {
	var plainHits atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		plainHits.Add(1)
		w.Write([]byte(testList))
	}))
	defer plain.Close()
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/down.csv":
			http.Redirect(w, r, plain.URL+"/consolidated.csv", http.StatusFound)
		case "/moved.csv":
			http.Redirect(w, r, "/consolidated.csv", http.StatusMovedPermanently)
		default:
			w.Write([]byte(testList))
		}
	}))
	defer tlsSrv.Close()
	for _, tt := range []struct {
		name, path string
		err        string // "" for success
	}{
		{"within https", "/moved.csv", ""},
		{"to http", "/down.csv", "redirected from https to " + plain.URL + "/consolidated.csv: a list over plain http could have been changed on the way (the cached list is unchanged)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var waits []time.Duration
			fastTries(t, &waits)
			plainHits.Store(0)
			dir := t.TempDir()
			_, err := updateList(context.Background(), tlsSrv.Client(), tlsSrv.URL+tt.path, dir, "", time.Now().UTC(), false, screening.Coverage{})
			got := ""
			if err != nil {
				got = err.Error()
			}
			if tt.err == "" && got != "" || tt.err != "" && !strings.HasSuffix(got, tt.err) {
				t.Errorf("error %q, want suffix %q", got, tt.err)
			}
			if diff := cmp.Diff([]time.Duration(nil), waits); diff != "" || plainHits.Load() != 0 {
				t.Errorf("tried again (-want +got):\n%s; %d requests over http", diff, plainHits.Load())
			}
		})
	}
}

// TestListsUpdateShrinkByList: the shrink check is made list by list too:
// a list (Denied Persons, say) gone from the download, or a tenth
// shorter, is refused even when the whole is within a tenth of the cached
// one; --allow-shrink accepts it.
// TestListsUpdateShrinkAltNames: a list with a tenth fewer alternative
// names than the cached one is refused as one with fewer entries is: its
// alt_names column dropped at the source, it would keep every entry and
// screen none of their aliases.
func TestListsUpdateShrinkAltNames(t *testing.T) {
	list := func(alts bool) string {
		var b strings.Builder
		b.WriteString("_id,source,name")
		if alts {
			b.WriteString(",alt_names")
		}
		b.WriteString("\n")
		for i := range 20 {
			fmt.Fprintf(&b, "el-%d,Entity List (EL) - Bureau of Industry and Security,Listed Company %d", i, i)
			if alts {
				fmt.Fprintf(&b, ",Alias %d; Other Alias %d", i, i)
			}
			b.WriteString("\n")
		}
		return b.String()
	}
	body := list(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(body)) }))
	defer srv.Close()
	dir := t.TempDir()
	update := func(allow bool) (listMeta, error) {
		return updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", dir, "", time.Now().UTC(), allow, screening.Coverage{})
	}
	first, err := update(false)
	if err != nil {
		t.Fatal(err)
	}
	body = list(false)
	if _, err := update(false); err == nil || !strings.Contains(err.Error(), "the downloaded list has 0 alternative names, against 40 in the cached list") || !strings.Contains(err.Error(), "--allow-shrink") {
		t.Errorf("a list without its alt_names column: %v", err)
	}
	if _, m, err := loadCached(dir); err != nil || m != first {
		t.Errorf("the cached list changed: %+v, %v", m, err)
	}
	if _, err := update(true); err != nil {
		t.Errorf("--allow-shrink: %v", err)
	}
}

// TestListsUpdateCacheUnreadable: a cached list that cannot be read (its
// file removed or cut short, its record broken) cannot be compared with
// the download, so a download cut short would pass: the update is refused
// until --allow-shrink asks to replace it.
func TestListsUpdateCacheUnreadable(t *testing.T) {
	body := bigList(100)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(body)) }))
	defer srv.Close()
	for name, breakCache := range map[string]func(t *testing.T, dir string){
		"list removed": func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "consolidated.csv")) },
		"list cut short": func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "consolidated.csv"), []byte("_id,so"), 0o644)
		},
		"record not JSON": func(t *testing.T, dir string) { os.WriteFile(filepath.Join(dir, metaName), []byte("{"), 0o644) },
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			update := func(allow bool) error {
				_, err := updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", dir, "", time.Now().UTC(), allow, screening.Coverage{})
				return err
			}
			body = bigList(100)
			if err := update(false); err != nil {
				t.Fatal(err)
			}
			breakCache(t, dir)
			body = bigList(10) // cut short
			if err := update(false); err == nil || !strings.Contains(err.Error(), "the cached list cannot be read") || !strings.Contains(err.Error(), "--allow-shrink") {
				t.Errorf("a download over a cache that cannot be read: %v", err)
			}
			if err := update(true); err != nil {
				t.Errorf("--allow-shrink: %v", err)
			}
			if err := update(false); err != nil { // the cache reads again
				t.Errorf("after --allow-shrink: %v", err)
			}
		})
	}
}

func TestListsUpdateShrinkByList(t *testing.T) {
	const dpl = "Denied Persons List (DPL) - Bureau of Industry and Security"
	withDPL := func(el, n int) string {
		var b strings.Builder
		b.WriteString(bigList(el))
		for i := range n {
			fmt.Fprintf(&b, "dpl-%d,%s,Denied Person %d,2026-11-20\n", i, dpl, i)
		}
		return b.String()
	}
	body := withDPL(1000, 50)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(body)) }))
	defer srv.Close()
	dir := t.TempDir()
	update := func(allow bool) error {
		_, err := updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", dir, "", time.Now().UTC(), allow, screening.Coverage{})
		return err
	}
	if err := update(false); err != nil {
		t.Fatal(err)
	}
	got := func(err error) string {
		if err == nil {
			return ""
		}
		_, after, _ := strings.Cut(err.Error(), "the downloaded list has ")
		before, _, _ := strings.Cut(after, " (downloaded")
		return before
	}
	for _, tt := range []struct {
		name    string
		el, dpl int
		want    string
	}{
		{"DPL gone", 1010, 0, "no DPL entries, against 50 in the cached list"},
		{"DPL a tenth shorter", 1000, 44, "44 DPL entries, against 50 in the cached list"},
		{"a DPL entry fewer", 1000, 49, ""},
	} {
		body = withDPL(tt.el, tt.dpl)
		err := update(false)
		if diff := cmp.Diff(tt.want, got(err)); diff != "" {
			t.Errorf("%s (-want +got):\n%s\n%v", tt.name, diff, err)
		}
		if tt.want != "" && (err == nil || !strings.Contains(err.Error(), "--allow-shrink")) {
			t.Errorf("%s: %v, want it to name --allow-shrink", tt.name, err)
		}
		if _, m, err := loadCached(dir); err != nil || m.Rows != 1050 && tt.want != "" {
			t.Errorf("%s: the cached list changed: %d rows, %v", tt.name, m.Rows, err)
		}
	}
	body = withDPL(1010, 0)
	if err := update(true); err != nil {
		t.Errorf("--allow-shrink: %v", err)
	}
}

// TestListsUpdateUnreadable: a download that cannot be read is named by
// its URL and line, not by the temporary file it was written to (gone by
// the time the error is read).
func TestListsUpdateUnreadable(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/consolidated.json":
			w.Write([]byte("[\n{\"name\": \"A\", \"source\": \"Entity List (EL) - Bureau of Industry and Security\", \"end_date\": \"soon\"}]"))
		default:
			w.Write([]byte(testList + "uvl-2,Unverified List (UVL) - Bureau of Industry and Security,Beta,2026-13-01\n"))
		}
	}))
	defer srv.Close()
	for _, tt := range []struct{ path, want string }{
		{"/v1/consolidated.csv", `the downloaded list cannot be read (the cached list is unchanged): ` + srv.URL + `/v1/consolidated.csv:3: entry "Beta": start_date: bad date "2026-13-01", want YYYY-MM-DD`},
		{"/v1/consolidated.json", `the downloaded list cannot be read (the cached list is unchanged): ` + srv.URL + `/v1/consolidated.json:2: results[0]: entry "A": end_date: bad date "soon", want YYYY-MM-DD`},
	} {
		_, err := updateList(context.Background(), srv.Client(), srv.URL+tt.path, t.TempDir(), "", time.Now().UTC(), false, screening.Coverage{})
		got := ""
		if err != nil {
			got = err.Error()
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.path, diff)
		}
	}
}

// TestListsCachedByPath: the cached list named by its path, not as
// `cached`, is dated by its download as `cached` is (not by its newest
// entry, which would let it be weeks older than screening.max_age), as
// long as it is the list downloaded.
func TestListsCachedByPath(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(testList)) }))
	defer srv.Close()
	dir := t.TempDir()
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC) // the day after the list's newest entry
	if _, err := updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", dir, "", now, false, screening.Coverage{}); err != nil {
		t.Fatal(err)
	}
	cfg := (&config{}).withDefaults()
	cfg.Screening.CacheDir = dir
	path := filepath.Join(dir, "consolidated.csv")
	later := now.Add(20 * 24 * time.Hour)
	want := []string{"screening list " + path + " is stale: downloaded 2026-11-21, 20 days ago (maximum age 7 days; run `exportcheck lists update`)"}
	for _, name := range []string{listCached, path} {
		scr, err := newScreen([]string{name}, cfg, noCoverage, later)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, scr.warnings); diff != "" {
			t.Errorf("%s 20 days after its download (-want +got):\n%s", name, diff)
		}
		if got := scr.snaps[0].Downloaded; got != "2026-11-21T10:00:00Z" {
			t.Errorf("%s: recorded download time %q", name, got)
		}
	}
	// Changed since: its download time is not known.
	if err := os.WriteFile(path, []byte(testList+"uvl-2,Unverified List (UVL) - Bureau of Industry and Security,Other Name,2026-11-20\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	scr, err := newScreen([]string{path}, cfg, noCoverage, later)
	if err != nil {
		t.Fatal(err)
	}
	if scr.snaps[0].Downloaded != "" {
		t.Errorf("a changed list: recorded download time %q, want none", scr.snaps[0].Downloaded)
	}
}

// TestListsCachedChanged: a cached list that is no longer the one `lists
// update` downloaded (an entry taken out by hand, a crash between the list
// and its metadata) is a warning whatever its entries' dates, named by
// `cached` or by its path, and in lists status: left silent, an edited
// list would screen as a downloaded one.
func TestListsCachedChanged(t *testing.T) {
	two := testList + "uvl-2,Unverified List (UVL) - Bureau of Industry and Security,Other Name,2026-11-20\n"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(two)) }))
	defer srv.Close()
	dir := t.TempDir()
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	m, err := updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", dir, "", now, false, screening.Coverage{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "consolidated.csv")
	if err := os.WriteFile(path, []byte(testList), 0o644); err != nil { // Other Name taken out
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(testList))
	want := []string{"screening list " + path + " is not the list `exportcheck lists update` downloaded: its sha256 is " + hex.EncodeToString(sum[:])[:12] +
		", the download's " + m.SHA256[:12] + " (changed since; run `exportcheck lists update`)"}
	cachedWarns(t, dir, path, now.Add(time.Hour), want)
}

// cachedWarns checks the list cached in dir (also named by its path) is
// read with the warnings want at now, and that lists status calls it
// stale (exit 1) with the first of them.
func cachedWarns(t *testing.T, dir, path string, now time.Time, want []string) {
	t.Helper()
	cfg := (&config{}).withDefaults()
	cfg.Screening.CacheDir = dir
	for _, name := range []string{listCached, path} {
		scr, err := newScreen([]string{name}, cfg, noCoverage, now)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, scr.warnings); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
	cfgPath := filepath.Join(t.TempDir(), ConfigName)
	os.WriteFile(cfgPath, []byte("screening:\n  cache_dir: "+dir+"\n"), 0o644)
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"lists", "status", "--config", cfgPath}, nil, &stdout, &stderr); code != exitFailed || !strings.Contains(stdout.String(), want[0]) {
		t.Errorf("lists status: exit %d, want %d\n%s%s", code, exitFailed, stdout.String(), stderr.String())
	}
}

// TestListsRecordUndated: a cached list whose record gives no download
// time, or no SHA-256 to tie one to it (a record edited or cut short), is
// a warning and stale in lists status: dated by its newest entry alone, a
// list weeks older than max_age would pass as fresh.
func TestListsRecordUndated(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(testList)) }))
	defer srv.Close()
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		edit func(*listMeta)
		want string
	}{
		{"no download time", func(m *listMeta) { m.Downloaded = "" },
			`: the record of its download gives no download time (""), so its age is not known (run ` + "`exportcheck lists update`)"},
		{"a date, not a time", func(m *listMeta) { m.Downloaded = "2026-11-21" },
			`: the record of its download gives no download time ("2026-11-21"), so its age is not known (run ` + "`exportcheck lists update`)"},
		{"no sha256", func(m *listMeta) { m.SHA256 = "" },
			": the record of its download gives no sha256, so its download time is not known to be this list's (run `exportcheck lists update`)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			m, err := updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", dir, "", now, false, screening.Coverage{})
			if err != nil {
				t.Fatal(err)
			}
			c.edit(&m)
			b, _ := json.Marshal(m)
			if err := os.WriteFile(filepath.Join(dir, metaName), b, 0o644); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "consolidated.csv")
			cachedWarns(t, dir, path, now.Add(time.Hour), []string{"screening list " + path + c.want})
		})
	}
}

// TestListsUpdateArchive: with an archive, every list downloaded is kept
// by its SHA-256, compressed, before it is cached; the archived copy
// screens as the list it was (the same SHA-256 in the outputs), and an
// archive that cannot be written leaves the cached list as it was.
func TestListsUpdateArchive(t *testing.T) {
	fastTries(t, new([]time.Duration))
	body := testList
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(body)) }))
	defer srv.Close()
	dir, archive := t.TempDir(), filepath.Join(t.TempDir(), "archive")
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	first, err := updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", dir, archive, now, false, screening.Coverage{})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(testList))
	want := filepath.Join(archive, hex.EncodeToString(sum[:])+".csv.gz")
	if first.Archived != want {
		t.Errorf("archived as %q, want %q", first.Archived, want)
	}
	// The same list again is kept as it was; a changed one beside it.
	if m, err := updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", dir, archive, now.Add(24*time.Hour), false, screening.Coverage{}); err != nil || m.Archived != want {
		t.Fatalf("the same list again: %+v, %v", m, err)
	}
	body = testList + "uvl-2,Unverified List (UVL) - Bureau of Industry and Security,Other Name,2026-11-21\n"
	second, err := updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", dir, archive, now.Add(48*time.Hour), false, screening.Coverage{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	entries, _ := os.ReadDir(archive)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	wantNames := []string{first.SHA256 + ".csv.gz", first.SHA256 + ".meta.json", second.SHA256 + ".csv.gz", second.SHA256 + ".meta.json"}
	slices.Sort(wantNames)
	if diff := cmp.Diff(wantNames, names); diff != "" {
		t.Errorf("archive (-want +got):\n%s", diff)
	}
	// The first download's record is kept, not the repeat's.
	b, _ := os.ReadFile(filepath.Join(archive, first.SHA256+".meta.json"))
	if !strings.Contains(string(b), `"downloaded": "2026-12-01T10:00:00Z"`) {
		t.Errorf("the archived list's record:\n%s", b)
	}
	// The archived copy is the list: its SHA-256, its entries.
	l, err := screening.Load(want)
	if err != nil {
		t.Fatal(err)
	}
	if l.Snapshot.SHA256 != first.SHA256 || l.Snapshot.Rows != 1 || l.Snapshot.Path != want {
		t.Errorf("the archived list read back: %+v, want sha256 %s", l.Snapshot, first.SHA256)
	}

	// An archive that cannot be written: nothing cached changes.
	blocked := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocked, nil, 0o644)
	body = testList + "uvl-3,Unverified List (UVL) - Bureau of Industry and Security,Third Name,2026-11-22\n"
	_, err = updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", dir, blocked, now.Add(72*time.Hour), false, screening.Coverage{})
	if err == nil || !strings.Contains(err.Error(), "archiving the downloaded list in "+blocked+" (the cached list is unchanged)") {
		t.Errorf("archive not writable: %v", err)
	}
	if _, got, err := loadCached(dir); err != nil || got.SHA256 != second.SHA256 {
		t.Errorf("after a failed archive the cache holds %+v, %v; want the second list", got, err)
	}
}

// versionedLists serves a different list of the same size for each
// ?v=N, so that updates from it replace one another without shrinking.
func versionedLists(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := r.URL.Query().Get("v")
		fmt.Fprintf(w, "_id,source,name,start_date\nuvl-1,Unverified List (UVL) - Bureau of Industry and Security,Atlas Sanatgaran %s,2026-11-20\n", v)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// hooked sets the hooks of the cache lock and of an update between its
// list and its record, for the test.
func hooked(t *testing.T, renamed, waiting func()) {
	oldRenamed, oldWaiting := listRenamed, lockWaiting
	listRenamed, lockWaiting = renamed, waiting
	t.Cleanup(func() { listRenamed, lockWaiting = oldRenamed, oldWaiting })
}

// consistent fails the test when the list read from the cache is not the
// one its record records.
func consistent(t *testing.T, what string, l *screening.List, m listMeta, err error) {
	t.Helper()
	if err != nil {
		t.Errorf("%s: %v", what, err)
		return
	}
	if l.Snapshot.SHA256 != m.SHA256 || m.Downloaded == "" {
		t.Errorf("%s: the list read (sha256 %s) is not the one its record records (sha256 %s, downloaded %q)", what, l.Snapshot.SHA256[:12], m.SHA256[:12], m.Downloaded)
	}
}

// TestListsUpdateLocked: an update replacing the cached list and its
// record does so as one. A reader that comes between the two waits and
// reads them together; a second update that comes between them waits and
// then replaces both, never leaving its list beside the first's record.
func TestListsUpdateLocked(t *testing.T) {
	srv := versionedLists(t)
	dir := t.TempDir()
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	update := func(v int) (listMeta, error) {
		return updateList(context.Background(), srv.Client(), fmt.Sprintf("%s/consolidated.csv?v=%d", srv.URL, v), dir, "", now, false, screening.Coverage{})
	}
	if _, err := update(0); err != nil {
		t.Fatal(err)
	}

	// A reader between the list and its record.
	waiting := make(chan struct{}, 1)
	var first atomic.Bool
	type read struct {
		l   *screening.List
		m   listMeta
		err error
	}
	got := make(chan read, 1)
	hooked(t, func() {
		if first.Swap(true) {
			return
		}
		go func() {
			l, m, err := loadCached(dir)
			got <- read{l, m, err}
		}()
		// Either the reader waits for the lock, or (unlocked) it reads
		// the new list beside the old record.
		select {
		case <-waiting:
		case r := <-got:
			got <- r
		}
	}, func() { waiting <- struct{}{} })
	m1, err := update(1)
	if err != nil {
		t.Fatal(err)
	}
	r := <-got
	consistent(t, "a reader during an update", r.l, r.m, r.err)
	if r.err == nil && r.m.SHA256 != m1.SHA256 {
		t.Errorf("a reader during an update read sha256 %s, want the update's %s", r.m.SHA256[:12], m1.SHA256[:12])
	}

	// A second update between the first's list and its record.
	first.Store(false)
	done := make(chan error, 1)
	var m3 listMeta
	hooked(t, func() {
		if first.Swap(true) {
			return
		}
		go func() {
			var err error
			m3, err = update(3)
			done <- err
		}()
		select {
		case <-waiting:
		case err := <-done:
			done <- err
		}
	}, func() { waiting <- struct{}{} })
	if _, err := update(2); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	l, m, err := loadCached(dir)
	consistent(t, "after two updates at once", l, m, err)
	if m != m3 {
		t.Errorf("after two updates at once the cache records %+v, want the later update's %+v", m, m3)
	}
}

// TestListsUpdateConcurrent: updates run at once (CI jobs sharing a cache
// directory), with checks screening against the cache meanwhile, leave a
// list and a record that belong together, and every check reads the two
// together.
func TestListsUpdateConcurrent(t *testing.T) {
	srv := versionedLists(t)
	dir := t.TempDir()
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	url := func(v int) string { return fmt.Sprintf("%s/consolidated.csv?v=%d", srv.URL, v) }
	if _, err := updateList(context.Background(), srv.Client(), url(0), dir, "", now, false, screening.Coverage{}); err != nil {
		t.Fatal(err)
	}
	cfg := (&config{}).withDefaults()
	cfg.Screening.CacheDir = dir
	path := filepath.Join(dir, "consolidated.csv")
	const updates = 8
	var wg, readers sync.WaitGroup
	var stop atomic.Bool
	for _, name := range []string{listCached, path} {
		readers.Go(func() {
			for !stop.Load() {
				scr, err := newScreen([]string{name}, cfg, noCoverage, now)
				if err != nil {
					t.Error(err)
					return
				}
				if len(scr.warnings) != 0 || scr.snaps[0].Downloaded == "" {
					t.Errorf("%s read during updates: download time %q, warnings %q", name, scr.snaps[0].Downloaded, scr.warnings)
					return
				}
			}
		})
	}
	for v := 1; v <= updates; v++ {
		wg.Go(func() {
			if _, err := updateList(context.Background(), srv.Client(), url(v), dir, "", now, false, screening.Coverage{}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	stop.Store(true)
	readers.Wait()
	l, m, err := loadCached(dir)
	consistent(t, "after the updates", l, m, err)
}

// TestListsArchivedDated: an archived list used again (check
// --screening-list DIR/SHA256.csv.gz) is dated by the download its record
// beside it records, as the cached list is, not by its newest entry; an
// archived file that is not the list its name and record give has no known
// download time and is a warning of its own.
func TestListsArchivedDated(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(testList)) }))
	defer srv.Close()
	dir, archive := t.TempDir(), t.TempDir()
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC) // 11 days after the list's newest entry
	m, err := updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", dir, archive, now, false, screening.Coverage{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := (&config{}).withDefaults()
	later := now.Add(20 * 24 * time.Hour)
	scr, err := newScreen([]string{m.Archived}, cfg, noCoverage, later)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"screening list " + m.Archived + " is stale: downloaded 2026-12-01, 20 days ago (maximum age 7 days; run `exportcheck lists update`)"}
	if diff := cmp.Diff(want, scr.warnings); diff != "" {
		t.Errorf("an archived list 20 days after its download (-want +got):\n%s", diff)
	}
	if got := scr.snaps[0].Downloaded; got != "2026-12-01T10:00:00Z" {
		t.Errorf("an archived list: recorded download time %q, want its download's", got)
	}
	// Two days after its download it is not stale, though its newest
	// entry is 13 days old.
	if scr, err := newScreen([]string{m.Archived}, cfg, noCoverage, now.Add(48*time.Hour)); err != nil || len(scr.warnings) != 0 {
		t.Errorf("an archived list 2 days after its download: warnings %q, %v; want none", scr.warnings, err)
	}

	// Another list under the archived one's name.
	other := testList + "uvl-2,Unverified List (UVL) - Bureau of Industry and Security,Other Name,2026-11-20\n"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(other))
	zw.Close()
	if err := os.WriteFile(m.Archived, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	scr, err = newScreen([]string{m.Archived}, cfg, noCoverage, now)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(other))
	want = []string{"screening list " + m.Archived + " is not the list `exportcheck lists update` downloaded: its sha256 is " + hex.EncodeToString(sum[:])[:12] +
		", the download's " + m.SHA256[:12] + " (changed since; run `exportcheck lists update`)"}
	if diff := cmp.Diff(want, scr.warnings); diff != "" {
		t.Errorf("a changed archived list (-want +got):\n%s", diff)
	}
	if got := scr.snaps[0].Downloaded; got != "" {
		t.Errorf("a changed archived list: recorded download time %q, want none", got)
	}
}

// TestListsUpdateNoFileLocks: where there are no file locks, `lists
// update` updates the cache unlocked, and says so, rather than refuse.
func TestListsUpdateNoFileLocks(t *testing.T) {
	old := fileLocks
	fileLocks = false
	t.Cleanup(func() { fileLocks = old })
	whole := wholeList(t, testCoverage(t))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(whole) }))
	defer srv.Close()
	dir, work := t.TempDir(), t.TempDir()
	cfgPath := filepath.Join(work, ConfigName)
	os.WriteFile(cfgPath, []byte("screening:\n  cache_dir: "+dir+"\n"), 0o644)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"lists", "update", "--config", cfgPath, "--url", srv.URL + "/consolidated.csv"}, nil, &stdout, &stderr)
	if code != 0 || stderr.String() != "exportcheck: warning: "+noLocksWarning+"\n" {
		t.Errorf("lists update without file locks: exit %d\nstdout %s\nstderr %s", code, stdout.String(), stderr.String())
	}
	if _, m, err := loadCached(dir); err != nil || m.Rows != 20000 {
		t.Errorf("the cached list read back: %+v, %v", m, err)
	}
	if _, err := os.Stat(filepath.Join(dir, lockName)); !os.IsNotExist(err) {
		t.Errorf("a lock file where nothing is locked: %v", err)
	}
}

// TestAgeText: the ages a stale list's warning gives, down to a maximum age
// under a day.
func TestAgeText(t *testing.T) {
	got := map[time.Duration]string{}
	for _, d := range []time.Duration{0, time.Minute, 90 * time.Minute, 2 * time.Hour, 12 * time.Hour, 30 * time.Hour, 71 * time.Hour, 72 * time.Hour, 8 * 24 * time.Hour} {
		got[d] = ageText(d)
	}
	want := map[time.Duration]string{0: "0 minutes", time.Minute: "1 minute", 90 * time.Minute: "90 minutes", 2 * time.Hour: "2 hours", 12 * time.Hour: "12 hours",
		30 * time.Hour: "30 hours", 71 * time.Hour: "71 hours", 72 * time.Hour: "3 days", 8 * 24 * time.Hour: "8 days"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ageText (-want +got):\n%s", diff)
	}
}

// TestListsUpdateLeftovers: the temporary files a killed update left in
// the cache directory are removed by the next update; one written just
// now (another update's download in progress) is left alone.
func TestListsUpdateLeftovers(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(testList)) }))
	defer srv.Close()
	dir := t.TempDir()
	now := time.Now()
	for name, age := range map[string]time.Duration{".download-1-consolidated.csv": 2 * time.Hour, ".tmp-2-consolidated.meta.json": 3 * time.Hour,
		".download-3-consolidated.csv": time.Minute, "notes.txt": 48 * time.Hour} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", dir, "", now.UTC(), false, screening.Coverage{}); err != nil {
		t.Fatal(err)
	}
	var got []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := []string{".download-3-consolidated.csv", lockName, "consolidated.csv", metaName, "notes.txt"}
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the cache directory (-want +got):\n%s", diff)
	}
}

// TestListsUpdateNotWhole: a download that is not the whole Consolidated
// Screening List (a source it cannot do without missing, far fewer
// entries) is refused, exit 2, with no cached list (a fresh CI runner)
// and with one (which stays as it was), --allow-shrink or not; the whole
// list is taken. A short list cached before (by an exportcheck that took
// it) is a warning in lists status, exit 1.
func TestListsUpdateNotWhole(t *testing.T) {
	cov := testCoverage(t)
	whole := wholeList(t, cov)
	body := []byte(testList)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) }))
	defer srv.Close()
	dir := t.TempDir()
	cfgPath := filepath.Join(t.TempDir(), ConfigName)
	os.WriteFile(cfgPath, []byte("screening:\n  cache_dir: "+dir+"\n"), 0o644)
	update := func(args ...string) (int, string) {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), append([]string{"lists", "update", "--config", cfgPath, "--url", srv.URL + "/consolidated.csv"}, args...), nil, &stdout, &stderr)
		return code, stderr.String()
	}
	lacks := `no entry whose source is "Denied Persons List (DPL) - Bureau of Industry and Security", "Entity List (EL) - Bureau of Industry and Security", ` +
		`"Military End User (MEU) List - Bureau of Industry and Security" or "Specially Designated Nationals (SDN) - Treasury Department", ` +
		"and 1 entry in all, where the whole list has 10,000 or more (data/screening.yaml, screening.csl)"
	refused := "exportcheck: the downloaded list from " + srv.URL + "/consolidated.csv is not the whole Consolidated Screening List: it has " + lacks +
		": a list cut short, an error page or a list filtered to some of its sources screens less, so it is refused and the cached list is unchanged\n"
	for _, args := range [][]string{nil, {"--allow-shrink"}} {
		code, stderr := update(args...)
		if diff := cmp.Diff(refused, stderr); code != exitUsage || diff != "" {
			t.Errorf("no cached list, %q: exit %d, want %d (-want +got):\n%s", args, code, exitUsage, diff)
		}
		if _, _, err := loadCached(dir); err == nil {
			t.Errorf("no cached list, %q: a list was cached", args)
		}
	}
	body = whole
	if code, stderr := update(); code != 0 {
		t.Fatalf("the whole list: exit %d\n%s", code, stderr)
	}
	_, was, err := loadCached(dir)
	if err != nil {
		t.Fatal(err)
	}
	body = []byte(testList)
	for _, args := range [][]string{nil, {"--allow-shrink"}} {
		code, stderr := update(args...)
		if diff := cmp.Diff(refused, stderr); code != exitUsage || diff != "" {
			t.Errorf("the whole list cached, %q: exit %d, want %d (-want +got):\n%s", args, code, exitUsage, diff)
		}
		if _, m, err := loadCached(dir); err != nil || m != was {
			t.Errorf("the whole list cached, %q: the cache changed: %+v, %v", args, m, err)
		}
	}

	// A short list in the cache (taken before lists update judged lists
	// so): lists status says what it lacks and exits 1.
	short := t.TempDir()
	if _, err := updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", short, "", time.Now().UTC(), false, screening.Coverage{}); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"lists", "status", "--config", cfgPath, "--cache-dir", short}, nil, &stdout, &stderr)
	want := "screening list " + filepath.Join(short, "consolidated.csv") + " is not the whole Consolidated Screening List: it has " + lacks +
		", so a listed party it lacks can come out allow (a download cut short, an error page, a list filtered to some of its sources?); run `exportcheck lists update`\n"
	if code != exitFailed || !strings.Contains(stdout.String(), want) {
		t.Errorf("lists status of a short cached list: exit %d, want %d\n%s%s\nwant the line %s", code, exitFailed, stdout.String(), stderr.String(), want)
	}
}
