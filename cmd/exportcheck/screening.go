package main

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/data"
	"github.com/exportcheck/exportcheck/reports"
	"github.com/exportcheck/exportcheck/screening"
	"github.com/exportcheck/exportcheck/serve"
)

// errNoList is the error when no screening list was chosen: screening is
// a deliberate choice, never a silent default.
var errNoList = errors.New(`no screening list chosen: give --screening-list FILE (the Consolidated Screening List; ` +
	"`exportcheck lists update`" + ` downloads it), --screening-list cached (the downloaded one), --screening-list demo ` +
	`(the embedded 13-entry excerpt, for demonstrations only) or --screening-list none (no screening); or name them ` +
	`under screening.lists in ` + ConfigName)

// screen is the restricted-party screening a run does, and what its
// outputs must say about it.
type screen struct {
	screener checker.Screener // nil: screening deliberately off
	snaps    []reports.Snapshot
	warnings []string // a demonstration list, a stale list
	// starting is warnings as a server says them when it starts, before
	// it has screened anyone.
	starting []string
	// at is the warnings at a later time (a server's lists go stale while
	// it runs); nil when screening is off.
	at func(now time.Time) []string
	// served is at as a server's clients read it: the demonstration list
	// is the server's (serve.DemoList), not a flag they never gave; with
	// screening off, that it is off (serve.NoList).
	served func(now time.Time) []string
}

// newScreen builds the screening from the lists named by --screening-list
// (args), else by the configuration: files, "cached", "demo" or "none".
// Each list but the demonstration one and the configuration's
// partial_lists is judged by what the whole Consolidated Screening List
// holds (coverage: [listCoverage]), which is read only when a list is
// judged by it, once.
func newScreen(args []string, cfg *config, coverage func() (screening.Coverage, error), now time.Time) (*screen, error) {
	var cov *screening.Coverage
	names := args
	// from names where list i was given: on the command line, or on its
	// line of the configuration.
	from := func(int) string { return "--screening-list" }
	if len(names) == 0 {
		names = cfg.Screening.Lists
		from = func(i int) string { return cfg.at("screening.lists", i) }
	}
	if len(names) == 0 {
		return nil, errNoList
	}
	for i, n := range names {
		if n == listNone && len(names) > 1 {
			return nil, fmt.Errorf("%s: %q turns screening off and cannot be given with other lists (%s)", from(i), listNone, strings.Join(names, ", "))
		}
	}
	s := &screen{}
	if names[0] == listNone {
		// As loud as a demonstration list, which screens some names: a
		// pipeline must not get past a stale list's --strict by
		// screening against none.
		s.warnings = []string{reports.ScreeningOffWarning(from(0) + " " + listNone)}
		s.starting = s.warnings
		// A server says it in every check response, as it says a
		// demonstration list's.
		off := []string{reports.ScreeningOffWarning(serve.NoList)}
		s.served = func(time.Time) []string { return off }
		return s, nil
	}
	var lists []*screening.List
	// each list's warning at a time ("" for none), in the words of say
	var each []func(t time.Time, say wording) string
	given := map[string]string{} // the name each list was given by, by its hash
	// Whether a list screened holds what the whole CSL holds, and the
	// partial lists excused from it (or the demonstration list, warned
	// of as one): partial lists are excused as screened beside the
	// whole list, so lists all partial are as loud as none.
	whole, demo := false, false
	var excused []string
	for i, n := range names {
		l, snap, rec, err := loadListRecord(n, cfg)
		switch {
		case errors.Is(err, fs.ErrNotExist) && n != listCached:
			return nil, fmt.Errorf("%s: %q: no such file: give a CSL file, cached (the list `exportcheck lists update` downloads), demo or none", from(i), n)
		case err != nil && n != listCached: // cached's error says what to run
			return nil, fmt.Errorf("%s: %w", from(i), err)
		case err != nil:
			return nil, err
		}
		if first, ok := given[snap.SHA256]; ok {
			// Its hits would count twice, crowding out other candidates,
			// and the outputs would record two screenings for one.
			return nil, fmt.Errorf("%s: %q is the same list as %q (sha256 %s): give it once", from(i), n, first, snap.SHA256[:12])
		}
		given[snap.SHA256] = n
		if snap.Demo {
			demo = true
			n := len(l.Entries)
			each = append(each, func(_ time.Time, say wording) string { return say.demo(n) })
		} else {
			ls, downloaded := l.Snapshot, snap.Downloaded
			each = append(each, func(t time.Time, _ wording) string { return staleness(ls, downloaded, cfg, t) })
			// A list `lists update` downloaded (cached, or a file its
			// record names) that has changed since: an entry taken out
			// by hand would otherwise screen as the download did.
			if rec != nil {
				if w := changedSince(l.Snapshot, *rec); w != "" {
					each = append(each, func(time.Time, wording) string { return w })
				}
			}
			// A list short of the whole CSL (a download cut short, an
			// error page that parses, a list filtered to some sources)
			// passes the parties it lacks. A list `lists update`
			// downloaded is the CSL whatever partial_lists says.
			if cov == nil {
				c, err := coverage()
				if err != nil {
					return nil, err
				}
				cov = &c
			}
			switch g := cov.Gaps(l); {
			case g.None():
				whole = true
			case rec != nil || !cfg.partialList(n):
				w := incompleteWarning(l.Snapshot.Path, g, rec != nil)
				each = append(each, func(time.Time, wording) string { return w })
			default:
				excused = append(excused, l.Snapshot.Path)
			}
		}
		s.snaps = append(s.snaps, snap)
		lists = append(lists, l)
	}
	if !whole && !demo && len(excused) > 0 {
		where := cfg.at("screening.partial_lists", -1)
		each = append(each, func(_ time.Time, say wording) string { return partialOnlyWarning(excused, where, say.tense) })
	}
	if err := screening.CheckIDs(lists...); err != nil {
		return nil, fmt.Errorf("%s: %w", from(-1), err)
	}
	warnings := func(t time.Time, say wording) []string {
		var out []string
		for _, w := range each {
			if x := w(t, say); x != "" {
				out = append(out, x)
			}
		}
		return out
	}
	demoAs := func(given string) wording {
		return wording{func(n int) string { return reports.DemoWarning(n, given) }, "were"}
	}
	s.at = func(t time.Time) []string { return warnings(t, demoAs("--screening-list demo")) }
	s.served = func(t time.Time) []string { return warnings(t, demoAs(serve.DemoList)) }
	s.warnings = s.at(now)
	s.starting = warnings(now, wording{func(n int) string { return reports.DemoStartWarning(n, "--screening-list demo") }, "are"})
	s.screener = screening.Screener{M: screening.NewMatcher(lists...)}
	return s, nil
}

// loadList reads one screening list named on the command line or in the
// configuration: "demo" (the embedded excerpt), "cached" (the list `lists
// update` downloaded) or a file; and the snapshot outputs record of it.
func loadList(name string, cfg *config) (*screening.List, reports.Snapshot, error) {
	l, snap, _, err := loadListRecord(name, cfg)
	return l, snap, err
}

// loadListRecord is loadList with the record of the list's download when
// `lists update` downloaded it (nil else), read together with the list.
func loadListRecord(name string, cfg *config) (*screening.List, reports.Snapshot, *listMeta, error) {
	var l *screening.List
	var rec *listMeta
	var err error
	snap := reports.Snapshot{}
	switch name {
	case listDemo:
		l = screening.Excerpt()
		snap.Demo = true
	case listCached:
		var m listMeta
		if l, m, err = loadCached(cfg.Screening.CacheDir); err != nil {
			return nil, snap, nil, err
		}
		snap.Downloaded, rec = m.Downloaded, &m
	default:
		if l, rec, err = loadFile(name); err != nil {
			return nil, snap, nil, err
		}
		// The cached list named by its path, or an archived list, is
		// dated by its download as `cached` is, not by its newest entry,
		// while it is the list downloaded.
		if rec != nil && rec.SHA256 == l.Snapshot.SHA256 {
			snap.Downloaded = rec.Downloaded
		}
	}
	sn := l.Snapshot
	snap.Path, snap.SHA256, snap.Rows, snap.Newest = sn.Path, sn.SHA256, sn.Rows, sn.Newest
	return l, snap, rec, nil
}

// loadFile reads the list file name, and the record of `lists update`
// beside it when it names that file (nil else): both under the cache's
// lock when there is a record, so that no update replaces the list and
// its record between the reading of the one and of the other.
func loadFile(name string) (*screening.List, *listMeta, error) {
	dir := filepath.Dir(name)
	_, err := os.Stat(filepath.Join(dir, metaName))
	unlock, err := lockCache(dir, false, err == nil)
	if err != nil {
		return nil, nil, err
	}
	defer unlock()
	l, err := screening.Load(name)
	if err != nil {
		return nil, nil, err
	}
	if m, ok := metaBeside(name); ok {
		return l, &m, nil
	}
	return l, nil, nil
}

// metaBeside is the record of `lists update` beside the list file name,
// when it names that file: in a cache directory, consolidated.meta.json
// naming it; in an archive (`lists update --archive`), SHA256.meta.json
// beside SHA256.csv.gz, recording that SHA-256.
func metaBeside(name string) (listMeta, bool) {
	var m listMeta
	if sum, ok := archivedSum(filepath.Base(name)); ok {
		b, err := os.ReadFile(filepath.Join(filepath.Dir(name), sum+".meta.json"))
		if err != nil || json.Unmarshal(b, &m) != nil || m.SHA256 != sum {
			return listMeta{}, false
		}
		return m, true
	}
	b, err := os.ReadFile(filepath.Join(filepath.Dir(name), metaName))
	if err != nil || json.Unmarshal(b, &m) != nil || m.File != filepath.Base(name) {
		return listMeta{}, false
	}
	return m, true
}

// archivedSum is the SHA-256 an archived list's file name base gives
// (SHA256.csv.gz or SHA256.json.gz, as archiveList names it), if it is one.
func archivedSum(base string) (string, bool) {
	sum, ok := strings.CutSuffix(base, ".csv.gz")
	if !ok {
		sum, ok = strings.CutSuffix(base, ".json.gz")
	}
	if !ok || len(sum) != sha256.Size*2 || strings.Trim(sum, "0123456789abcdef") != "" {
		return "", false
	}
	return sum, true
}

// partialList reports whether the list file name is one the
// configuration names under screening.partial_lists: the same file,
// however it is named ("cached" never is).
func (c *config) partialList(name string) bool {
	if name == listCached || len(c.Screening.PartialLists) == 0 {
		return false
	}
	fi, err := os.Stat(name)
	if err != nil {
		return false
	}
	for _, p := range c.Screening.PartialLists {
		if pi, err := os.Stat(p); err == nil && os.SameFile(fi, pi) {
			return true
		}
	}
	return false
}

// incompleteWarning is the warning for a screening list at path that
// falls short of the whole Consolidated Screening List as g says;
// downloaded when `lists update` downloaded it (partial_lists cannot
// name it).
func incompleteWarning(path string, g screening.Gaps, downloaded bool) string {
	advice := "run `exportcheck lists update` and screen against cached, or, for a list of your own screened beside the whole list, name it under screening.partial_lists in " + ConfigName
	if downloaded {
		advice = "run `exportcheck lists update`"
	}
	return fmt.Sprintf("screening list %s is not the whole Consolidated Screening List: it has %s (data/screening.yaml, screening.csl), "+
		"so a listed party it lacks can come out allow (a download cut short, an error page, a list filtered to some of its sources?); %s",
		path, g, advice)
}

// partialOnlyWarning is the warning of a screen against lists of one's
// own named under screening.partial_lists and nothing else: screening.
// partial_lists excuses a list screened beside the whole Consolidated
// Screening List, and without it a party listed there only comes out
// allow, as with screening off.
func partialOnlyWarning(paths []string, where, tense string) string {
	return fmt.Sprintf("end users %s screened only against %s, of your own and not the whole Consolidated Screening List (%s), "+
		"so a party listed only on the whole list can come out allow; screen beside it too (cached, after `exportcheck lists update`)",
		tense, strings.Join(paths, ", "), where)
}

// wording is how a run's screening warnings are said: the demonstration
// list's warning (n entries), and the tense of "screened": "were" in what
// a run writes, "are" as it starts, before anyone is screened.
type wording struct {
	demo  func(n int) string
	tense string
}

// listCoverage is what a list must hold to be screened against as the
// whole Consolidated Screening List: the embedded data's screening.csl,
// made stricter, never looser, by the run's own data (doc: the merged
// data of --data overlays or of a signed bundle; nil for none), as ledger
// prune keeps records for the longer of the two periods.
func listCoverage(doc map[string]any) (screening.Coverage, error) {
	b, err := data.FS.ReadFile("screening.yaml")
	if err != nil {
		return screening.Coverage{}, err
	}
	var base map[string]any
	if err := yaml.Unmarshal(b, &base); err != nil {
		return screening.Coverage{}, fmt.Errorf("data/screening.yaml: %w", err)
	}
	cov, err := screening.CoverageOf(base)
	if err != nil {
		return cov, fmt.Errorf("data/screening.yaml: %w", err)
	}
	if doc == nil {
		return cov, nil
	}
	switch o, err := screening.CoverageOf(doc); {
	case errors.Is(err, screening.ErrNoCoverage):
		// A bundle built before the data had it: the embedded holds.
		return cov, nil
	case err != nil:
		return cov, err
	default:
		return cov.Stricter(o), nil
	}
}
