package screening

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/exportcheck/exportcheck/internal/prose"
)

// Coverage is what a list must hold to be screened against as the whole
// Consolidated Screening List: an entry from each of the lists a screen
// cannot do without, and as many entries as the whole list plausibly has.
// The facts are data (data/screening.yaml, screening.csl: [CoverageOf]). A
// list that falls short ([Coverage.Gaps]) is a download cut short, an
// error page that happens to parse, or a list filtered to some of its
// sources: a listed party it lacks would pass.
type Coverage struct {
	Sources    []Source // the lists required, by code
	MinEntries int      // the fewest entries in all
}

// Source is one of the lists the CSL combines: its code ([Entry.List],
// "EL") and its source as the CSL spells it ("Entity List (EL) - Bureau of
// Industry and Security").
type Source struct{ Code, Name string }

// Gaps is how a list falls short of a [Coverage]: the required lists it
// has no entry from, and its entries when they are fewer than the
// fewest (Entries and MinEntries both 0 when they are not).
type Gaps struct {
	Missing             []Source
	Entries, MinEntries int
}

// None reports whether the list falls short in nothing.
func (g Gaps) None() bool { return len(g.Missing) == 0 && g.MinEntries == 0 }

// String says how the list falls short, for a sentence "the list has
// ...": `no entry whose source is "X" or "Y", and 2 entries in all, where
// the whole list has 10,000 or more`; "" when it does not.
func (g Gaps) String() string {
	var parts []string
	if len(g.Missing) > 0 {
		names := make([]string, len(g.Missing))
		for i, s := range g.Missing {
			names[i] = fmt.Sprintf("%q", s.Name)
		}
		or := names[0]
		if n := len(names); n > 1 {
			or = strings.Join(names[:n-1], ", ") + " or " + names[n-1]
		}
		parts = append(parts, "no entry whose source is "+or)
	}
	if g.MinEntries > 0 {
		n := prose.Number(g.Entries) + " entries"
		if g.Entries == 1 {
			n = "1 entry"
		}
		parts = append(parts, fmt.Sprintf("%s in all, where the whole list has %s or more", n, prose.Number(g.MinEntries)))
	}
	return strings.Join(parts, ", and ")
}

// Gaps is how l falls short of c: the required lists with no entry in it
// (by [Entry.List]), and its entries when fewer than c.MinEntries.
func (c Coverage) Gaps(l *List) Gaps {
	has := map[string]bool{}
	for i := range l.Entries {
		has[l.Entries[i].List] = true
	}
	var g Gaps
	for _, s := range c.Sources {
		if !has[s.Code] {
			g.Missing = append(g.Missing, s)
		}
	}
	if len(l.Entries) < c.MinEntries {
		g.Entries, g.MinEntries = len(l.Entries), c.MinEntries
	}
	return g
}

// Stricter is c with what o asks beside it: every list either requires,
// and the larger of the two counts. A company's data adds to what the
// embedded data requires and never takes from it.
func (c Coverage) Stricter(o Coverage) Coverage {
	out := Coverage{Sources: slices.Clone(c.Sources), MinEntries: max(c.MinEntries, o.MinEntries)}
	for _, s := range o.Sources {
		if !slices.ContainsFunc(out.Sources, func(t Source) bool { return t.Code == s.Code }) {
			out.Sources = append(out.Sources, s)
		}
	}
	slices.SortFunc(out.Sources, func(a, b Source) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// ErrNoCoverage is the error [CoverageOf] wraps for a data document
// without screening.csl.
var ErrNoCoverage = errors.New("no screening.csl: what a list must hold to be the whole Consolidated Screening List")

// CoverageOf reads screening.csl of a data document (the merged data, or
// one data file, decoded from YAML or JSON): required_sources, an object
// of list codes and their sources as the CSL spells them, and
// min_entries, a whole number of at least 1. Sources come sorted by code.
func CoverageOf(doc map[string]any) (Coverage, error) {
	s, _ := doc["screening"].(map[string]any)
	csl, ok := s["csl"].(map[string]any)
	if !ok {
		return Coverage{}, ErrNoCoverage
	}
	bad := func(what string) (Coverage, error) {
		return Coverage{}, fmt.Errorf("data: screening.csl: %s", what)
	}
	req, ok := csl["required_sources"].(map[string]any)
	if !ok || len(req) == 0 {
		return bad("want required_sources, the list codes a list must have entries of, each with its source as the CSL spells it")
	}
	var c Coverage
	for code, v := range req {
		name, ok := v.(string)
		if !ok || strings.TrimSpace(name) == "" || strings.TrimSpace(code) == "" {
			return bad(fmt.Sprintf("required_sources: %s: want the source as the CSL spells it, not %v", code, v))
		}
		c.Sources = append(c.Sources, Source{Code: code, Name: name})
	}
	slices.SortFunc(c.Sources, func(a, b Source) int { return strings.Compare(a.Code, b.Code) })
	// A YAML int, a JSON number: read as written.
	var err error
	if c.MinEntries, err = strconv.Atoi(fmt.Sprint(csl["min_entries"])); err != nil || c.MinEntries < 1 {
		return bad(fmt.Sprintf("min_entries: want a whole number of entries, at least 1, not %v", csl["min_entries"]))
	}
	return c, nil
}
