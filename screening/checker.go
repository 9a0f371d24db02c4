package screening

import "github.com/exportcheck/exportcheck/checker"

// Screener adapts a [Matcher] to [checker.Screener]: every active entry
// scoring at least the floor (and [Floor]) becomes a fact the policies judge.
type Screener struct{ M *Matcher }

// Flags implements checker.Screener: none yet.
func (s Screener) Flags(name string) []checker.NameFlag { return nil }

// Screen implements checker.Screener.
func (s Screener) Screen(name, date string, floor float64) []*checker.ScreeningFact {
	ms := s.M.Matches(name, date, floor)
	if len(ms) == 0 {
		return nil
	}
	out := make([]*checker.ScreeningFact, len(ms))
	for i, m := range ms {
		e := m.Entry
		out[i] = &checker.ScreeningFact{
			List: e.List, EntryID: e.ID, Name: e.Name, MatchedName: m.MatchedName, Score: m.Score,
			FederalRegisterNotice: e.FederalRegisterNotice, LicenseRequirement: e.LicenseRequirement,
			LicensePolicy: e.LicensePolicy, Source: e.Source,
		}
	}
	return out
}
