package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/screening"
)

// TestScreenServedWarnings: what a server says in every check response
// of its screening, as check says it in every output: the demonstration
// excerpt and screening off alike, each named as the server's (a client
// gave no flag). The excerpt is warned of as a demonstration, once, not
// also as a list short of the whole CSL.
func TestScreenServedWarnings(t *testing.T) {
	now := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	cfg := (&config{}).withDefaults()
	cov := testCoverage(t)
	for _, tc := range []struct {
		list string
		want []string
	}{
		{"none", []string{"restricted-party screening is off (the server's screening list none): no end user is screened against any list, so a listed party can come out allow"}},
		{"demo", []string{"DEMONSTRATION screening: end users were screened against the embedded 13-entry excerpt (the server's screening list demo), not the Consolidated Screening List; listed parties can come out allow"}},
	} {
		scr, err := newScreen([]string{tc.list}, cfg, coverageOf(cov), now)
		if err != nil {
			t.Fatal(err)
		}
		if scr.served == nil {
			t.Errorf("%s: a server would say nothing of its screening in its responses", tc.list)
			continue
		}
		if diff := cmp.Diff(tc.want, scr.served(now)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.list, diff)
		}
	}
}

// coverageOf and noCoverage are what newScreen reads a list's coverage
// with: cov, or none required.
func coverageOf(cov screening.Coverage) func() (screening.Coverage, error) {
	return func() (screening.Coverage, error) { return cov, nil }
}

var noCoverage = coverageOf(screening.Coverage{})

// testCoverage is what the embedded data says a list must hold to be the
// whole CSL.
func testCoverage(t *testing.T) screening.Coverage {
	t.Helper()
	cov, err := listCoverage(nil)
	if err != nil {
		t.Fatal(err)
	}
	return cov
}

// wholeList is a CSV list like the whole CSL: 20,000 entries, of every
// list cov requires, and the extra entries.
func wholeList(t *testing.T, cov screening.Coverage, extra ...screening.Entry) []byte {
	t.Helper()
	l := screening.Synthetic(20000, 7)
	for i, s := range cov.Sources {
		l.Entries[i].Source = s.Name
	}
	l.Entries = append(l.Entries, extra...)
	var b bytes.Buffer
	if err := screening.WriteCSV(&b, l); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestScreenWholeList: a list short of the whole Consolidated Screening
// List (a source it cannot do without missing, far fewer entries) is a
// warning on every check that screens against it, cached or a file, as
// the demonstration list is; a list file the configuration names under
// partial_lists (a company's own, a test's), by any path, is not judged so,
// unless `lists update` downloaded it; the whole list is no warning.
func TestScreenWholeList(t *testing.T) {
	cov := testCoverage(t)
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	own := write("own.csv", []byte("_id,source,name,start_date\nacme-1,Acme denied parties,Atlas Sanatgaran,2026-12-01\n"))
	whole := write("whole.csv", wholeList(t, cov))
	cfgPath := write(ConfigName, []byte("screening:\n  partial_lists: [own.csv]\n  newest_entry_max_age: 36500d\n"))
	cfg, err := loadConfig(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	// The same few entries, downloaded by `lists update` into the cache
	// directory, which partial_lists names too.
	body := []byte("_id,source,name,start_date\nsdn-1,Specially Designated Nationals (SDN) - Treasury Department,Atlas Sanatgaran,2026-12-01\n")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) }))
	defer srv.Close()
	cache := filepath.Join(dir, "cache")
	if _, err := updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", cache, "", now, false, screening.Coverage{}); err != nil {
		t.Fatal(err)
	}
	cfg.Screening.CacheDir = cache
	cached := filepath.Join(cache, "consolidated.csv")
	cfg.Screening.PartialLists = append(cfg.Screening.PartialLists, cached)
	t.Chdir(dir)

	short := func(path, has, advice string) string {
		return "screening list " + path + " is not the whole Consolidated Screening List: it has " + has +
			" (data/screening.yaml, screening.csl), so a listed party it lacks can come out allow (a download cut short, an error page, a list filtered to some of its sources?); " + advice
	}
	all := `no entry whose source is "Denied Persons List (DPL) - Bureau of Industry and Security", "Entity List (EL) - Bureau of Industry and Security", ` +
		`"Military End User (MEU) List - Bureau of Industry and Security", "Specially Designated Nationals (SDN) - Treasury Department" or "Unverified List (UVL) - Bureau of Industry and Security", ` +
		"and 1 entry in all, where the whole list has 10,000 or more"
	noSDN := strings.Replace(all, `, "Specially Designated Nationals (SDN) - Treasury Department"`, "", 1)
	ownAdvice := "run `exportcheck lists update` and screen against cached, or, for a list of your own screened beside the whole list, name it under screening.partial_lists in .exportcheck.yaml"
	update := "run `exportcheck lists update`"
	for _, tc := range []struct {
		name  string
		lists []string
		want  []string
	}{
		{"the whole list", []string{whole}, nil},
		{"a list of its own beside it, named under partial_lists (by another path)", []string{whole, "own.csv"}, nil},
		// Excused as screened beside the whole list: alone, it is as
		// loud as screening off (a party listed only there is allowed).
		{"a list of its own alone, named under partial_lists", []string{own}, []string{
			"end users were screened only against " + own + ", of your own and not the whole Consolidated Screening List (" + cfgPath + ": line 2: screening.partial_lists), " +
				"so a party listed only on the whole list can come out allow; screen beside it too (cached, after `exportcheck lists update`)"}},
		{"a list of its own beside the demonstration list: warned of as a demonstration", []string{own, listDemo},
			[]string{"DEMONSTRATION screening: end users were screened against the embedded 13-entry excerpt (--screening-list demo), not the Consolidated Screening List; listed parties can come out allow"}},
		{"the cached list, a download of one entry", []string{listCached}, []string{short(cached, noSDN, update)}},
		{"the downloaded list by its path, named under partial_lists", []string{cached}, []string{short(cached, noSDN, update)}},
		{"the demonstration list: warned of once, as a demonstration", []string{listDemo},
			[]string{"DEMONSTRATION screening: end users were screened against the embedded 13-entry excerpt (--screening-list demo), not the Consolidated Screening List; listed parties can come out allow"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			scr, err := newScreen(tc.lists, cfg, coverageOf(cov), now)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, scr.warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			// As the run starts nobody has been screened yet: the same
			// warnings in the present tense.
			var starting []string
			for _, w := range tc.want {
				starting = append(starting, strings.Replace(w, "end users were screened", "end users are screened", 1))
			}
			if diff := cmp.Diff(starting, scr.starting); diff != "" {
				t.Errorf("as the run starts (-want +got):\n%s", diff)
			}
			// A server says it in every response, however long it runs.
			if diff := cmp.Diff(tc.want, scr.at(now.Add(24*time.Hour))); !slices.Contains(tc.lists, listDemo) && diff != "" {
				t.Errorf("a day later (-want +got):\n%s", diff)
			}
		})
	}
	// Not named under partial_lists, the company's own list is judged.
	cfg.Screening.PartialLists = nil
	scr, err := newScreen([]string{own}, cfg, coverageOf(cov), now)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{short(own, all, ownAdvice)}, scr.warnings); diff != "" {
		t.Errorf("a list of its own, not named under partial_lists (-want +got):\n%s", diff)
	}
}

// TestListCoverage: a run's own data (--data, a signed bundle's) makes
// what the whole list must hold stricter, never looser; data without
// screening.csl (a bundle built before it) leaves the embedded facts.
func TestListCoverage(t *testing.T) {
	base := testCoverage(t)
	ssi := screening.Source{Code: "SSI", Name: "Sectoral Sanctions Identifications List (SSI) - Treasury Department"}
	csl := func(sources map[string]any, min any) map[string]any {
		return map[string]any{"screening": map[string]any{"csl": map[string]any{"required_sources": sources, "min_entries": min}}}
	}
	dpl, el, meu, sdn, uvl := base.Sources[0], base.Sources[1], base.Sources[2], base.Sources[3], base.Sources[4]
	if uvl.Code != "UVL" {
		t.Fatalf("the embedded sources: %v", base.Sources)
	}
	stricter := screening.Coverage{Sources: []screening.Source{dpl, el, meu, sdn, ssi, uvl}, MinEntries: 30000}
	for _, tc := range []struct {
		name string
		doc  map[string]any
		want screening.Coverage
		err  string
	}{
		{"none", nil, base, ""},
		{"no screening.csl", map[string]any{"screening": map[string]any{}}, base, ""},
		{"looser", csl(map[string]any{"DPL": "Denied Persons List (DPL) - Bureau of Industry and Security"}, 1), base, ""},
		{"stricter", csl(map[string]any{ssi.Code: ssi.Name}, 30000), stricter, ""},
		{"malformed", csl(map[string]any{"EL": "E"}, "many"), screening.Coverage{}, "data: screening.csl: min_entries: want a whole number of entries, at least 1, not many"},
	} {
		got, err := listCoverage(tc.doc)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%s: error %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

// TestScreenReadsCoverage: what the whole list holds is read where a list
// is judged by it, once, whether the lists are given with --screening-list
// or named by the configuration (newScreen alone says which lists a run
// screens against), and not for none or the demonstration list: a data
// overlay that does not read does not stop a run that judges no list.
func TestScreenReadsCoverage(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	for p, row := range map[string]string{a: "a-1,Acme,Atlas Sanatgaran,2026-12-01", b: "b-1,Acme,Pearl River,2026-12-01"} {
		if err := os.WriteFile(p, []byte("_id,source,name,start_date\n"+row+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bad := errors.New("data/screening.yaml: does not read")
	for _, tc := range []struct {
		name        string
		args, lists []string // --screening-list, the configuration's screening.lists
		reads       int
	}{
		{"none", []string{listNone}, nil, 0},
		{"demo", []string{listDemo}, nil, 0},
		{"demo, named by the configuration", nil, []string{listDemo}, 0},
		{"two files", []string{a, b}, nil, 1},
		{"a file named by the configuration", nil, []string{a}, 1},
		{"the flag over the configuration", []string{listDemo}, []string{a}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := (&config{}).withDefaults()
			cfg.Screening.Lists = tc.lists
			cfg.Screening.NewestMaxAge = duration(100 * 365 * 24 * time.Hour)
			reads := 0
			if _, err := newScreen(tc.args, cfg, func() (screening.Coverage, error) { reads++; return screening.Coverage{}, nil }, now); err != nil || reads != tc.reads {
				t.Errorf("coverage read %d times, want %d (%v)", reads, tc.reads, err)
			}
			if _, err := newScreen(tc.args, cfg, func() (screening.Coverage, error) { return screening.Coverage{}, bad }, now); errors.Is(err, bad) != (tc.reads > 0) {
				t.Errorf("a coverage that does not read: %v", err)
			}
		})
	}
}
