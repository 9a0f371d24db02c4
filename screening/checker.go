package screening

import (
	"strconv"
	"strings"

	"github.com/puzpuzpuz/xsync/v4"

	"github.com/exportcheck/exportcheck/checker"
)

// Screener adapts a [Matcher] to [checker.Screener]: every active entry
// scoring at least the floor (and [Floor]) becomes a fact the policies
// judge, and what [MixedScripts] and [Unromanisable] find in the name
// itself becomes a flag.
type Screener struct{ M *Matcher }

// Screen implements checker.Screener.
func (s Screener) Screen(name, date string, floor float64) []*checker.ScreeningFact {
	ms := s.M.Matches(name, date, floor)
	if len(ms) == 0 {
		return nil
	}
	out := make([]*checker.ScreeningFact, len(ms))
	for i, m := range ms {
		out[i] = fact(m)
	}
	return out
}

func fact(m Match) *checker.ScreeningFact {
	e := m.Entry
	f := &checker.ScreeningFact{
		List: e.List, EntryID: e.ID, Name: e.Name, MatchedName: m.MatchedName, Score: m.Score,
		FederalRegisterNotice: e.FederalRegisterNotice, LicenseRequirement: e.LicenseRequirement,
		LicensePolicy: e.LicensePolicy, Source: e.Source, Contained: m.Contained,
	}
	h := entryHash(e)
	f.EntryHash, f.EntryHashV1 = h.now, h.v1
	return f
}

// ScreenEntry implements checker.EntryScreener: the entry with the id, as
// name scores against it (0, and its own name as the name matched, when
// the name does not resemble it at all); nil when it is not active on the
// date; and listed false when no list holds it.
func (s Screener) ScreenEntry(name, id, date string) (*checker.ScreeningFact, bool) {
	e, ok := s.M.Entry(id)
	if !ok {
		return nil, false
	}
	if !e.Active(date) {
		return nil, true
	}
	for _, m := range s.M.Matches(name, date, 0) {
		if m.Entry == e {
			return fact(m), true
		}
	}
	return fact(Match{Entry: e, MatchedName: e.Name}), true
}

// Normalize is a name as the matcher compares it ([Normalize]): the
// checker reads an end user that is a placeholder once normalised
// ("Customer Ltd") as no end user.
func (s Screener) Normalize(name string) string { return Normalize(name) }

// Floor is the lowest score Screen reports (checker.New refuses a review
// threshold below it).
func (s Screener) Floor() float64 { return Floor }

// Flags implements checker.Screener: "mixed_scripts" when a word of the
// name mixes Latin with lookalike letters of another script,
// "unromanisable" when the name is in a script this package cannot
// romanise reliably (a weak score against the lists then says little), and
// "invisible_characters" when it holds characters that show nothing.
func (s Screener) Flags(name string) []checker.NameFlag {
	if f, ok := nameFlags.Load(name); ok {
		return f
	}
	var out []checker.NameFlag
	if scripts := MixedScripts(name); len(scripts) > 0 {
		out = append(out, checker.NameFlag{ID: "mixed_scripts", Detail: strings.Join(scripts, ", ") + " in " + strconv.Quote(name)})
	}
	if Unromanisable(name) {
		out = append(out, checker.NameFlag{ID: "unromanisable", Detail: strconv.Quote(name)})
	}
	if cs := Invisible(name); len(cs) > 0 {
		out = append(out, checker.NameFlag{ID: "invisible_characters", Detail: strings.Join(cs, ", ") + " in " + strconv.QuoteToASCII(name)})
	}
	keep(nameFlags, name, out)
	return out
}

// entryHashes keeps the hashes of each entry met in a hit: [EntryHash],
// and [EntryHashV1] when it differs.
var entryHashes = xsync.NewMap[*Entry, hashes]()

type hashes struct{ now, v1 string }

func entryHash(e *Entry) hashes {
	if h, ok := entryHashes.Load(e); ok {
		return h
	}
	h := hashes{now: EntryHash(e)}
	if len(e.Details) > 0 {
		h.v1 = EntryHashV1(e)
	}
	entryHashes.Store(e, h)
	return h
}

// nameFlags keeps the flags of names seen (they depend on the name alone).
var nameFlags = xsync.NewMap[string, []checker.NameFlag]()
