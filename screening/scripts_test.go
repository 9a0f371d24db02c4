package screening

import (
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
)

// TestSpoofedNames: a listed name written with invisible format characters
// or with Cyrillic and Greek lookalike letters is still the listed name, at
// or above match_threshold.
func TestSpoofedNames(t *testing.T) {
	th := readThresholds(t)
	m := NewMatcher(Excerpt())
	for _, tc := range []struct{ name, query, wantID string }{
		{"zero-width space", "ROSN\u200bEFT TRADE LIMITED", "18300"},
		{"zero-width space in an SDN name", "RIM, Ry\u200bong Nam", "52291"},
		{"Cyrillic homoglyphs in an SDN name", "RІM, Rуоng Nаm", "52291"},
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
		{"ꓮtlas Sanatgaran", []string{"Latin", "Lisu"}}, // Lisu ꓮ
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

// TestCrossScript: names written in another script meet their Latin
// listing. Names of the North Korean, Russian, Hizballah and al-Qa'ida
// figures are spelt as the SDN list spells them; the others are common or
// invented names.
func TestCrossScript(t *testing.T) {
	th := readThresholds(t)
	src := "Specially Designated Nationals (SDN) - Treasury Department"
	l := &List{}
	for _, n := range []string{
		"KIM Jong Un", "CHOE Ryong Hae", "RI Pyong Chol", "LEE Jae Min", "PARK Sung Hoon",
		"Muhammad Abdullah", "Hussein Ali KARIMI", "Abd al-Rahman QASIMI", "Usama BIN LADIN", "Hassan NASRALLAH",
		"Nikolaos KONSTANTINIDIS", "Georgios PAPADOPOULOS", "Moshe LEVI",
		"Yevgeniy Viktorovich PRIGOZHIN", "Sergei Kuzhugetovich SHOIGU", "ZHANG Jinping",
	} {
		l.Entries = append(l.Entries, Entry{ID: n, Source: src, List: "SDN", Name: n})
	}
	m := NewMatcher(l)
	for _, tc := range []struct {
		query, want string
		min         float64
	}{
		{"김정은", "KIM Jong Un", th.Match}, // McCune–Reischauer as the SDN list writes it
		{"최룡해", "CHOE Ryong Hae", th.Match},
		{"리병철", "RI Pyong Chol", th.Match},
		{"이재민", "LEE Jae Min", th.Match},                 // Revised Romanization, family name as in passports
		{"박성훈", "PARK Sung Hoon", th.Review},             // RR "seong" for "sung", "hun" for "hoon"
		{"محمد عبد الله", "Muhammad Abdullah", th.Match}, // vowels not written
		{"حسين علي كريمي", "Hussein Ali KARIMI", th.Review},
		{"عبد الرحمن قاسمي", "Abd al-Rahman QASIMI", th.Review},
		{"أسامة بن لادن", "Usama BIN LADIN", th.Review},
		{"حسن نصر الله", "Hassan NASRALLAH", th.Review},
		{"Νικόλαος Κωνσταντινίδης", "Nikolaos KONSTANTINIDIS", th.Match}, // ELOT 743
		{"Γεώργιος Παπαδόπουλος", "Georgios PAPADOPOULOS", th.Match},
		{"משה לוי", "Moshe LEVI", th.Review}, // Hebrew
		{"Евгений Викторович Пригожин", "Yevgeniy Viktorovich PRIGOZHIN", th.Match},
		{"Сергей Кужугетович Шойгу", "Sergei Kuzhugetovich SHOIGU", th.Match},
		{"张金平", "ZHANG Jinping", th.Match}, // pinyin per syllable, given name joined
	} {
		t.Run(tc.want, func(t *testing.T) {
			got, ok := m.Best(tc.query, "")
			if !ok || got.Entry.ID != tc.want || got.Score < tc.min {
				t.Errorf("Best(%q) = %q %.4f (ok %v), want %q at >= %v", tc.query, got.MatchedName, got.Score, ok, tc.want, tc.min)
			}
			if Unromanisable(tc.query) != strings.ContainsFunc(tc.query, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				t.Errorf("Unromanisable(%q) = %v, want true for Chinese characters only", tc.query, Unromanisable(tc.query))
			}
		})
	}
}

func TestHangulReadings(t *testing.T) {
	want := []string{"kim jong un", "gim jeong eun", "kim jung eun"}
	if diff := cmp.Diff(want, hangulReadings("김정은")); diff != "" {
		t.Errorf("hangulReadings(김정은) (-want +got):\n%s", diff)
	}
}

func TestUnromanisable(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"Rosneft", false},
		{"Роснефть", false},
		{"김정은", false},
		{"习近平", true}, // Chinese characters: readings unreliable
		{"محمد", false},
		{"สมชาย ใจดี", true},  // Thai
		{"山田 たろう", true},      // Japanese: kanji with kana
		{"やまだ たろう", false},    // kana alone
		{"ມະຫາຊົນ", true},     // Lao
		{"Acme ᠮᠣᠩᠭᠣᠯ", true}, // Mongolian
	} {
		if got := Unromanisable(tc.in); got != tc.want {
			t.Errorf("Unromanisable(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// TestInvisibleFlag: a name holding characters that show nothing is
// flagged with each, once; a plain name, or one in another script, is not.
func TestInvisibleFlag(t *testing.T) {
	var s Screener
	for name, want := range map[string][]checker.NameFlag{
		"Frankfurt Rechenzentrum GmbH":             nil,
		"Франкфурт Rechenzentrum GmbH":             nil,
		"Frank\u200bfurt Rechen\u200bzentrum GmbH": {{ID: "invisible_characters", Detail: `U+200B in "Frank\u200bfurt Rechen\u200bzentrum GmbH"`}},
		"Acme\u00ad\u202e Ltd\ufe0f":               {{ID: "invisible_characters", Detail: `U+00AD, U+202E, U+FE0F in "Acme\u00ad\u202e Ltd\ufe0f"`}},
		"\u3164Acme\u2800":                         {{ID: "invisible_characters", Detail: `U+3164, U+2800 in "\u3164Acme\u2800"`}},
	} {
		if diff := cmp.Diff(want, s.Flags(name)); diff != "" {
			t.Errorf("%q (-want +got):\n%s", name, diff)
		}
	}
}
