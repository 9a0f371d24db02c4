package screening

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSpoofedNames: a listed name written with invisible format characters
// or with Cyrillic and Greek lookalike letters is still the listed name, at
// or above match_threshold.
func TestSpoofedNames(t *testing.T) {
	th := readThresholds(t)
	m := NewMatcher(Excerpt())
	for _, tc := range []struct{ name, query, wantID string }{
		{"zero-width space", "ROSN\u200bEFT TRADE LIMITED", "18300"},
		{"word joiner", "Evren KAYA\u2060KIRAN", "26182"},
		{"BOM and soft hyphen", "\ufeffSino\u00adbright Import and Export Company", "233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b"},
		{"bidi controls", "\u202aAtlas Sanatgaran\u202c", "1b5979e8fd3920a1a0985bf5088dad930a6a5562d1513f9e4b015e42"},
		{"zero-width joiner and non-joiner", "Ev\u200dren Kay\u200cakiran", "26182"},
		{"Cyrillic y", "RIM, Rуong Nam", "52291"},
		{"Cyrillic o, a, e", "Rоsnеft Trаde Limited", "18300"},
		{"Cyrillic capitals", "RОSNЕFТ ТRАDЕ LIМIТЕD", "18300"},
		{"Greek omicron", "Atlas Sanatgarαn Cο", "1b5979e8fd3920a1a0985bf5088dad930a6a5562d1513f9e4b015e42"},
		{"Cyrillic capital I", "SМЕ BАNK", "18283"},
		{"lookalikes and zero-width space", "Ev\u200bren Kаyаkirаn", "26182"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := m.Best(tc.query, "")
			if !ok || got.Entry.ID != tc.wantID || got.Score < th.Match {
				t.Errorf("Best(%q) = %q %.4f (ok %v), want entry %s at >= %v", tc.query, got.MatchedName, got.Score, ok, tc.wantID, th.Match)
			}
		})
	}
}

func TestMixedScripts(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Rosneft Trade", nil},
		{"Rоsneft Trade", []string{"Cyrillic", "Latin"}},
		{"Atlas Sanatgarαn", []string{"Greek", "Latin"}},
		{"Rоsneft Sanatgarαn", []string{"Cyrillic", "Greek", "Latin"}},
		{"Ros\u200bneft", nil},
		{"Ros\u200bнефть", []string{"Cyrillic", "Latin"}}, // a format character does not split a word
		{"Роснефть Trade", nil},                           // each word in one script
		{"Российский Банк", nil},
		{"Müller Straße", nil},
		{"习近平", nil},
		{"", nil},
	} {
		if diff := cmp.Diff(tc.want, MixedScripts(tc.in)); diff != "" {
			t.Errorf("MixedScripts(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}
