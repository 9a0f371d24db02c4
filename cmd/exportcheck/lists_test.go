package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
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
	body, status := testList, http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		w.WriteHeader(status)
		w.Write([]byte(body))
	}))
	defer srv.Close()
	dir := t.TempDir()
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	m, err := updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", dir, now)
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
		_, err := updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", dir, now.Add(time.Hour))
		if err == nil || !strings.Contains(err.Error(), bad.err) || !strings.Contains(err.Error(), "unchanged") {
			t.Errorf("%s: error %v, want %q and that the cached list is unchanged", bad.name, err, bad.err)
		}
		if _, got, err := loadCached(dir); err != nil || got != m {
			t.Errorf("%s: cached list changed: %+v, %v", bad.name, got, err)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 2 {
			t.Errorf("%s: %d files in the cache directory, want the list and its metadata", bad.name, len(entries))
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
	scr, err := newScreen([]string{listCached}, cfg, now.Add(time.Hour))
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
	// configuration.
	body, status = testList, http.StatusOK
	if _, err := updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", dir, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	cfgPath := filepath.Join(work, ConfigName)
	os.WriteFile(cfgPath, []byte("screening:\n  lists: [cached]\n  cache_dir: "+dir+"\n"), 0o644)
	os.WriteFile(filepath.Join(work, "orders.csv"), []byte("id,product,quantity,destination,end_user,end_user_hq,date\nA,nvidia-rtx-4060,1,AM,Atlas Sanatgaran,AM,2024-06-01\n"), 0o644)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"check", "--config", cfgPath, "--format", "json", filepath.Join(work, "orders.csv")}, nil, &stdout, &stderr)
	if code != exitFailed || stderr.String() != "exportcheck: 1 lines: 1 review, 1 at or above --fail-on review\n" || !strings.Contains(stdout.String(), `"decision":"review"`) || !strings.Contains(stdout.String(), `"downloaded":"`) {
		t.Errorf("check with the cached list: exit %d\nstdout %s\nstderr %s", code, stdout.String(), stderr.String())
	}
}

// TestListsUpdateJSON: a URL ending in .json keeps the JSON form.
func TestListsUpdateJSON(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"results":[{"id":"x1","source":"Entity List (EL) - Bureau of Industry and Security","name":"Example Entity","start_date":"2026-11-01"}]}`))
	}))
	defer srv.Close()
	dir := t.TempDir()
	m, err := updateList(context.Background(), srv.Client(), srv.URL+"/v1/consolidated.json", dir, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	l, err := screening.Load(filepath.Join(dir, m.File))
	if err != nil || m.File != "consolidated.json" || len(l.Entries) != 1 {
		t.Errorf("file %s: %v, %v", m.File, l, err)
	}
}
