package screening

import "github.com/exportcheck/exportcheck/checker"

// Screener adapts a [Matcher] to [checker.Screener]: the best active entry
// scoring at least [Floor] becomes the fact the policies judge.
type Screener struct{ M *Matcher }

// Screen implements checker.Screener.
func (s Screener) Screen(name, date string) (*checker.ScreeningFact, bool) {
	m, ok := s.M.Best(name, date)
	if !ok {
		return nil, false
	}
	e := m.Entry
	return &checker.ScreeningFact{
		List: e.List, EntryID: e.ID, Name: e.Name, MatchedName: m.MatchedName, Score: m.Score,
		FederalRegisterNotice: e.FederalRegisterNotice, LicenseRequirement: e.LicenseRequirement,
		LicensePolicy: e.LicensePolicy, Source: e.Source,
	}, true
}
