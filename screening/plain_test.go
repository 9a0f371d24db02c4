package screening

import (
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
)

// TestPlainReadings: a name written to read as one thing to a person and
// another to a matcher is also read as the person reads it; a name
// written plainly has no other reading.
func TestPlainReadings(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		// Letters spelt out one by one.
		{"A t l a s  S a n a t g a r a n", []string{"Atlas  Sanatgaran"}},
		{"A t l a s S a n a t g a r a n", []string{"AtlasSanatgaran", "Atlas Sanatgaran"}},
		{"A. T. L. A. S. Sanatgaran", []string{"ATLAS. Sanatgaran"}},
		{"A_t_l_a_s Sanatgaran", []string{"Atlas Sanatgaran"}},
		{"A/T/L/A/S Sanatgaran", []string{"ATLAS Sanatgaran"}},
		{"A - T - L - A - S Sanatgaran", []string{"ATLAS Sanatgaran"}},
		{"R O S N E F T Trade Limited", []string{"ROSNEFT Trade Limited"}},
		{"K a y a k i r a n, Evren", []string{"Kayakiran, Evren"}},
		{"S M E Bank", []string{"SME Bank"}},
		{"R 0 S N E F T Trade", []string{"R0SNEFT Trade", "ROSNEFT Trade"}},
		// Words run together.
		{"RosneftTradeLimited", []string{"Rosneft Trade Limited"}},
		{"AtlasSanatgaranLLC", []string{"Atlas Sanatgaran LLC"}},
		{"SMEBank", []string{"SME Bank"}},
		// Digits for letters, 1 read both ways; a capital I for an l.
		{"R0sneft Trade Limited", []string{"Rosneft Trade Limited"}},
		{"At1as Sanatgaran", []string{"Atlas Sanatgaran", "Atias Sanatgaran"}},
		{"4TL4S S4N4TG4R4N", []string{"ATLAS SANATGARAN"}},
		{"SME 8ank", []string{"SME bank"}},
		{"AtIas Sanatgaran", []string{"Atlas Sanatgaran"}},
		{"RlM Ryong Nam", []string{"RIM Ryong Nam"}},
		{"Rl Pyong Chol", []string{"RI Pyong Chol"}},
		{"Llc Ltd", nil}, // lower-case letters besides the l: a word, not capitals
		{"GmbH Rl", []string{"GmbH RI"}},
		// A name wholly in Cyrillic letters that all look Latin.
		{"СЕТС 13", []string{"cetc 13"}},
		// Written plainly: no other reading.
		{"Atlas Sanatgaran", nil},
		{"I. Ash", nil},
		{"J & K Holdings", nil},
		{"A B Trading", nil},  // two initials are initials
		{"Siemens GmbH", nil}, // a capital that begins no word
		{"CETC 13", nil},      // a number
		{"China Electronics 13th Research Institute", nil}, // an ordinal
		{"3M Company", nil}, // a code of one letter
		// A number run on to the letters of a word, read apart (and its
		// digits as letters too).
		{"CETC13", []string{"CETCLE", "CETCIE", "CETC 13"}},
		{"A320 Parts", nil}, // a code of one letter
		{"BioInformatics Ltd", []string{"Bio Informatics Ltd", "Biolnformatics Ltd"}}, // harmless: only adds candidates
		{"Роснефть", nil}, // Cyrillic, not lookalikes
		{"习 近 平", nil},    // Chinese characters are syllables
	} {
		if diff := cmp.Diff(tc.want, plainReadings(tc.in)); diff != "" {
			t.Errorf("plainReadings(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

// TestDisguisedNames: a listed name spelt out letter by letter, with digits
// for letters, run together, in small capitals, in Cyrillic letters that
// look Latin or with its legal form spelt out is still the listed name, at
// or above match_threshold; names that only share such a spelling are not
// candidates.
func TestDisguisedNames(t *testing.T) {
	th := readThresholds(t)
	m := NewMatcher(Excerpt())
	const (
		atlas    = "1b5979e8fd3920a1a0985bf5088dad930a6a5562d1513f9e4b015e42"
		sino     = "233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b"
		cetc     = "99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be"
		rosneft  = "18300"
		rim      = "52291"
		kayakira = "26182"
		sme      = "18283"
	)
	for _, tc := range []struct{ name, query, wantID string }{
		{"letter-spaced", "A t l a s  S a n a t g a r a n", atlas},
		{"letter-spaced, one space", "A t l a s S a n a t g a r a n", atlas},
		{"letter-spaced, lower case", "a t l a s s a n a t g a r a n", atlas},
		{"letter-spaced word", "R O S N E F T Trade Limited", rosneft},
		{"letter-spaced with dots and spaces", "A. T. L. A. S. Sanatgaran", atlas},
		{"letter-spaced with underscores", "A_t_l_a_s Sanatgaran", atlas},
		{"letter-spaced with slashes", "A/T/L/A/S Sanatgaran", atlas},
		{"letter-spaced with hyphens and spaces", "A - T - L - A - S Sanatgaran", atlas},
		{"letter-spaced after c/o", "Harmless Co c/o R I M Ryong Nam", rim},
		{"letter-spaced family name", "K a y a k i r a n, Evren", kayakira},
		{"letter-spaced within a longer name", "A t l a s S a n a t g a r a n Co., Ltd.", atlas},
		{"zero for o", "R0sneft Trade Limited", rosneft},
		{"one for l", "At1as Sanatgaran", atlas},
		{"one for i", "Evren Kayak1ran", kayakira},
		{"digits for letters in an SDN name", "R1m Ry0ng Nam", rim},
		{"four for a, capitals", "4TL4S S4N4TG4R4N", atlas},
		{"five for s", "5inobright Import and Export", sino},
		{"eight for b", "SME 8ank", sme},
		{"capital I for l", "AtIas Sanatgaran", atlas},
		{"run together, capitals", "RosneftTradeLimited", rosneft},
		{"run together with a legal form", "AtlasSanatgaranLLC", atlas},
		{"small capitals", "ᴀᴛʟᴀꜱ ꜱᴀɴᴀᴛɢᴀʀᴀɴ", atlas},
		{"circled letters", "Ⓐⓣⓛⓐⓢ Ⓢⓐⓝⓐⓣⓖⓐⓡⓐⓝ", atlas},
		{"Lisu lookalike", "ꓮtlas Sanatgaran", atlas},
		{"Cyrillic lookalikes only", "СЕТС 13", cetc},
		{"Limited Liability Company", "Rim Ryong Nam Limited Liability Company", rim},
		{"Anonim Şirketi", "Atlas Sanatgaran Anonim Şirketi", atlas},
		{"Kabushiki Kaisha", "Atlas Sanatgaran Kabushiki Kaisha", atlas},
		{"S.A. de C.V.", "Atlas Sanatgaran S.A. de C.V.", atlas},
		{"Sherkat", "Sherkat Atlas Sanatgaran", atlas},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := m.Best(tc.query, "")
			if !ok || got.Entry.ID != tc.wantID || got.Score < th.Match {
				t.Errorf("Best(%q) = %q %.4f (ok %v), want entry %s at >= %v", tc.query, got.MatchedName, got.Score, ok, tc.wantID, th.Match)
			}
		})
	}
	for _, q := range []string{"A B C Trading", "I B M", "3M Company", "G4S Secure Solutions", "H3C Technologies", "X5 Retail Group", "Atlas Copco AB", "PetroChina Company Limited", "S & P Global"} {
		if got, ok := m.Best(q, ""); ok && got.Score >= th.Review {
			t.Errorf("Best(%q) = %q %.4f, want below review_threshold %v", q, got.MatchedName, got.Score, th.Review)
		}
	}
}

// TestPreChecks: the pre-checks never spare a name [splitCamel] would
// split, and spare most names; the ASCII path of [maySpace] reads as
// the path for any text does.
func TestPreChecks(t *testing.T) {
	splits := func(s string) bool {
		rs := []rune(s)
		for i := 2; i < len(rs); i++ {
			if unicode.IsUpper(rs[i]) && camelAt(rs, i) {
				return true
			}
		}
		return false
	}
	names := []string{"RosneftTradeLimited", "SMEBank", "AtlasSanatgaranLLC", "GmbH", "hALIL", "AHMADy", "McDonald",
		"ÖlTradeGmbH", "SanatgaranLLC Yerevan", "Atlas Sanatgaran", "ROSNEFT TRADE LIMITED", "Siemens AG"}
	for _, r := range readEval(t) {
		names = append(names, r.query)
	}
	names = append(names, benchNames(Synthetic(2000, 42), 5000, 43)...)
	spared := 0
	for _, s := range append(names, "A t l a s", "A. T. L. A. S.", "O'Neil J K L", "S M E Bank", "A B") {
		if maySpace(s) != maySpaceRunes(s) {
			t.Errorf("maySpace(%q) = %v, maySpaceRunes = %v", s, maySpace(s), maySpaceRunes(s))
		}
	}
	for _, s := range names {
		if !mayCamel(s) {
			spared++
			if splits(s) {
				t.Errorf("mayCamel(%q) = false, but splitCamel splits it", s)
			}
		}
	}
	if spared < len(names)*9/10 {
		t.Errorf("mayCamel spares %d of %d names, want nine in ten", spared, len(names))
	}
}

// TestRunOnLegalForms: a name run together in lower case with its legal
// form ([Matcher.unLegal]) is read as the listed words it holds; a legal
// form of two letters, or a rest that is no listed word, is left alone.
func TestRunOnLegalForms(t *testing.T) {
	m := NewMatcher(Excerpt())
	for _, tc := range []struct {
		in   []string
		want []string // nil: no rewrite
	}{
		{[]string{"atlassanatgaranllc"}, []string{"atlas", "sanatgaran"}},
		{[]string{"atlassanatgaranltd"}, []string{"atlas", "sanatgaran"}},
		{[]string{"atlassanatgarancoltd"}, []string{"atlas", "sanatgaran"}},
		{[]string{"rosnefttradelimited"}, []string{"rosneft", "trade"}},
		{[]string{"smebankpjsc"}, []string{"sme", "bank"}},
		{[]string{"ooorosnefttrade"}, []string{"rosneft", "trade"}},
		{[]string{"sinobrightltd", "import"}, []string{"sinobright", "import"}},
		{[]string{"atlascopcoltd"}, nil},       // "atlascopco" is no listed word
		{[]string{"atlassanatgaranag"}, nil},   // "ag" ends too many words
		{[]string{"unlimited", "energy"}, nil}, // "un" is too short to be a name
	} {
		if diff := cmp.Diff(tc.want, m.rewrite(tc.in)); diff != "" {
			t.Errorf("rewrite(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

// TestUnkern: letters set close to look like one ("rn" for "m") are read
// as that letter after a vowel; acronyms, words beginning with "cl" and
// ordinary words ending in "rn" are read as written.
func TestUnkern(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"rirn", "rim"},
		{"kirn", "kim"},
		{"vladirnir", "vladimir"},
		{"huavvei", "huawei"},
		{"vlaclimir", "vladimir"},
		{"moclern", "modern"},
		{"rarnzan", "ramzan"},
		{"burn", ""},   // an ordinary word ending in rn
		{"modern", ""}, // likewise
		{"bern", ""},
		{"turner", ""}, // rn between vowels after u
		{"bernard", ""},
		{"clark", ""}, // cl begins the word
		{"kcla", ""},  // an acronym: no vowel before the pair
		{"abrn", ""},
		{"atlas", ""},
		{"lgor", "igor"}, // a lower-case l for I
		{"lvanovich", "ivanovich"},
		{"lsmail", "ismail"},
		{"lbrahirn", "ibrahim"},
		{"lhasa", ""},
		{"ljubljana", ""},
		{"lloyd", ""},
		{"lwow", ""},
		{"lyon", ""},
		{"lee", ""},
		{"ln", ""},
		{"", ""},
	} {
		if diff := cmp.Diff(tc.want, unkern(tc.in)); diff != "" {
			t.Errorf("unkern(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

// TestLookalikeLetters: a listed name written with letters set close to
// look like another ("Rirn" for "RIM") is the listed name; an ordinary
// word that reads so is not a listed word that looks like it.
func TestLookalikeLetters(t *testing.T) {
	band := bands(t, "RIM, Ryong Nam", "Huawei Technologies", "KADYROV, Ramzan", "BUM TRADING", "MOCLERN LTD", "DEAN ENERGY", "Tumer Industries", "SECHIN, Igor")
	want := []banded{
		{"Rirn Ryong Nam", "a", "match"},
		{"Huavvei Technologies", "b", "match"},
		{"Kaclyrov Rarnzan", "c", "match"},
		{"Burn Trading", "", "none"},      // not BUM
		{"Modern Ltd", "", "none"},        // not MOCLERN: the reading is the query's only
		{"Clean Energy", "", "none"},      // not DEAN: cl begins the word
		{"Turner Industries", "", "none"}, // not Tumer: rn between vowels is how words are spelt
		{"lgor Sechin", "h", "match"},     // a lower-case l for I
		{"Lirn Ryong Nam", "a", "match"},  // rn for m in a Korean surname spelt the South's way
		{"Lloyd Sechin", "", "none"},
	}
	var got []banded
	for _, w := range want {
		got = append(got, band(w.Query))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Best (-want +got):\n%s", diff)
	}
}
