// Package screening matches names against the US Consolidated Screening
// List (CSL), the lists of restricted parties that trade.gov publishes
// together: the Entity List (EL), Denied Persons List (DPL), Unverified
// List (UVL), Military End User List (MEU), OFAC's SDN and other lists, and
// the State Department's lists. It computes facts only: how closely an
// order's party resembles a listed one. What a score means is decided by
// policy, with the thresholds in data/screening.yaml.
//
// Read a list with [Load] (or [ReadCSV], [ReadJSON] for a stream), which
// takes either the CSL CSV download or the CSL API's JSON; every [Entry]
// remembers the line it came from and the [List] a [Snapshot] of its file
// (path, SHA-256, newest start date) for the audit record. [Excerpt] is a
// small real excerpt for tests and demonstrations, [Synthetic] a
// generated list of any size for benchmarks.
//
// Build a [Matcher] once with [NewMatcher] and ask it for the [Match.Score]
// of names with [Matcher.Best] (or [Matcher.Matches] for every candidate):
//
//	m := screening.NewMatcher(list)
//	if hit, ok := m.Best("Hebei Semiconductor Research Institute", "2025-01-31"); ok {
//		fmt.Println(hit.Entry.List, hit.Entry.Name, hit.MatchedName, hit.Score)
//	}
//
// Names are compared after [Normalize] as sets of weighted words: rare words
// weigh more, words may be misspelt, transliterated, abbreviated to
// initials, joined or split, spelt out letter by letter or written with
// digits for letters; the [Matcher] documentation gives the score's
// definition and what the thresholds mean for it. Scores below [Floor] are
// not reported. Names in other scripts are romanised (Cyrillic, Greek,
// Arabic, Persian, Hebrew, Korean, Chinese, ...); [Unromanisable] reports a
// name this package cannot romanise reliably (Thai, Japanese kanji, ...),
// and [MixedScripts] a name whose words mix Latin letters with Cyrillic or
// Greek lookalikes, which is matched as the Latin name it imitates. Both
// are facts for the policy to judge. A list without entries is an error
// ([ErrNoEntries]).
package screening
