package screening

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// scoringList is an invented list for the scoring cases below.
func scoringList() *List {
	src := "Specially Designated Nationals (SDN) - Treasury Department"
	l := &List{}
	for i, n := range []string{
		"ZHANG, Jinping",
		"KIM Jong Un",
		"Evren KAYAKIRAN",
		"Cesareo Estanislao Benitez",
		"Sergei Viktorovich KOVALENKO",
		"Hussein Ali KARIMI",
		"Abd al-Rahman QASIMI",
		"I. ASH",
		"Orbitrex Sanatgaran",
		"Sino-Bright Dynamics",
		"Zentrovik Machinery Import Export Corporation",
		"PETROV, Zentrovik Ivanovich",
	} {
		l.Entries = append(l.Entries, Entry{ID: string(rune('a' + i)), Source: src, List: "SDN", Name: n})
	}
	return l
}

// TestScoring pins what the score does with words added, missing,
// misspelt, transliterated, joined, split and abbreviated.
func TestScoring(t *testing.T) {
	th := readThresholds(t)
	m := NewMatcher(scoringList())
	const match, review, none = "match", "review", "none"
	if !(th.Review <= coreSim && coreSim < th.Match) {
		t.Errorf("coreSim %v: want review_threshold %v <= coreSim < match_threshold %v (data/screening.yaml)", coreSim, th.Review, th.Match)
	}
	for _, tc := range []struct {
		query, want, band string
	}{
		// Joined and split words.
		{"Zhang Jin Ping", "a", match},
		{"Zhangjinping", "a", match},
		{"Kimjongun", "b", match},
		{"Kim Jongun", "b", match},
		{"Gimjeongeun", "b", match}, // run-on Revised Romanization
		{"Sinobright Dynamics", "j", match},
		// One word more is cheaper than one word less.
		{"Evren Mehmet Kayakiran", "c", review},
		{"Cesareo Benitez", "d", review},
		{"Sergei Kovalenko", "e", review},
		// Transliterations and near misses.
		{"Sergey Viktorovich Kovalenko", "e", match},
		{"Serguei Viktorovitch Kovalenko", "e", match},
		{"Husayn Ali Karimi", "f", match},
		{"Hossein Ali Karimi", "f", match},
		{"Hassan Ali Karimi", "f", none},
		{"Abdulrahman Qasimi", "g", match},
		{"Abdurrahman Qasimi", "g", match},
		{"Abdel Rahman Qasimi", "g", match},
		// Initials either way round; an initial does not stand for a generic word.
		{"Ivan Ash", "h", match},
		{"Ash Industries", "h", none},
		// Added city, added generic word.
		{"Orbitrex Sanatgaran, Yerevan", "i", review},
		{"Orbitrex Sanatgaran Trading", "i", review},
		{"Orbitrex Trading", "i", none},
		// The distinctive words of a listed name with other company words
		// and places, or none: reviewed ([coreSim]), not matched; not a
		// person's name without its other parts, nor a name with a
		// distinctive word of its own or only company words in common.
		{"Zentrovik", "k", review},
		{"Zentrovik Trading Co.", "k", review},
		{"Zentrovik Machinery (Shanghai)", "k", review},
		{"Zentrovik Pharma", "k", none},
		{"Zentrovic Trading", "k", review}, // c for k: another transliteration
		{"Zentrovek Trading", "k", none},   // a misspelling
		{"Machinery Import Export", "k", none},
		{"Zentrovik Petrov", "l", review},
		{"Petrov Trading", "l", none},
	} {
		t.Run(tc.query, func(t *testing.T) {
			got, ok := m.Best(tc.query, "")
			band := none
			if ok && got.Entry.ID == tc.want {
				switch {
				case got.Score >= th.Match:
					band = match
				case got.Score >= th.Review:
					band = review
				}
			}
			if band != tc.band {
				t.Errorf("Best(%q) = %q %.4f (ok %v): %s, want %s of entry %s", tc.query, got.MatchedName, got.Score, ok, band, tc.band, tc.want)
			}
		})
	}
}

func TestTranslitKey(t *testing.T) {
	same := [][2]string{
		{"sergei", "sergey"}, {"rossiyskiy", "rossiiskii"}, {"yevgeny", "evgeniy"}, {"alexei", "aleksey"},
		{"muhammad", "mohamed"}, {"hussein", "husayn"}, {"hossein", "husain"}, {"omar", "umar"},
		{"zhukov", "jukov"}, {"khodorkovsky", "hodorkovski"}, {"tchaikovsky", "chaikovskiy"}, {"tsoi", "tzoi"},
	}
	for _, p := range same {
		if a, b := translitKey(p[0]), translitKey(p[1]); a != b {
			t.Errorf("translitKey(%q) = %q, translitKey(%q) = %q, want equal", p[0], a, p[1], b)
		}
	}
	for _, p := range [][2]string{{"hassan", "hussein"}, {"ivan", "evan"}, {"rosneft", "rostec"}} {
		if a, b := translitKey(p[0]), translitKey(p[1]); a == b {
			t.Errorf("translitKey(%q) = translitKey(%q) = %q, want different", p[0], p[1], a)
		}
	}
}

// TestKoreanSurnames: the surnames the two Koreas romanise differently
// ([koreanSurnames]) are one surname in either spelling, as another
// transliteration; Ri and Rim stay two surnames, and a shared surname
// alone is no match.
func TestKoreanSurnames(t *testing.T) {
	band := bands(t, "RI, Pyong Chol", "RIM, Ryong Nam", "LEE, Sung Ho", "LIM, Chang Su", "RO, Kwang Chol", "YU, Pu Ung", "RYU, Jong Su")
	want := []banded{
		{"Lee Pyong Chol", "a", "match"},
		{"Yi Pyong Chol", "a", "match"},
		{"Rhee Pyong Chol", "a", "match"},
		{"Lim Ryong Nam", "b", "match"},
		{"Im Ryong Nam", "b", "match"},
		{"Leem Ryong-nam", "b", "match"},
		{"Ri Sung Ho", "c", "match"}, // the North Korean spelling of a listed South Korean one
		{"Rim Chang Su", "d", "match"},
		{"Rim Pyong Chol", "", "none"}, // Rim is not Ri
		{"Li Pyong Chol", "", "none"},  // the Chinese reading is left out
		{"Kim Lee Trading", "", "none"},
		{"Lee Trading", "", "none"},
		{"Lim Kok Thay", "", "none"},
		{"Roh Kwang Chol", "e", "match"},
		{"Noh Kwang Chol", "e", "match"},
		{"Rho Kwang-chol", "e", "match"},
		{"Ryu Pu Ung", "f", "match"},
		{"Yoo Pu Ung", "f", "match"},
		{"Lyu Pu Ung", "f", "match"},
		{"Yu Jong Su", "g", "match"},
		{"Rhyu Jong Su", "g", "match"},
		{"Roh Pu Ung", "", "none"}, // Ro is not Yu
		{"Yoo Jin Trading", "", "none"},
	}
	var got []banded
	for _, w := range want {
		got = append(got, band(w.Query))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Best (-want +got):\n%s", diff)
	}
}

// banded is where a query's best entry scores: its id (the entries of
// [bands] are a, b, c, … in order) and none, review or match by the
// thresholds in data/screening.yaml.
type banded struct{ Query, ID, Band string }

// bands returns a function that bands a query against an SDN list of the
// names given.
func bands(t *testing.T, names ...string) func(string) banded {
	t.Helper()
	th := readThresholds(t)
	l := &List{}
	for i, n := range names {
		l.Entries = append(l.Entries, Entry{ID: string(rune('a' + i)), Source: "Specially Designated Nationals (SDN) - Treasury Department", List: "SDN", Name: n})
	}
	m := NewMatcher(l)
	return func(q string) banded {
		got, ok := m.Best(q, "")
		switch {
		case !ok || got.Score < th.Review:
			return banded{q, "", "none"}
		case got.Score < th.Match:
			return banded{q, got.Entry.ID, "review"}
		}
		return banded{q, got.Entry.ID, "match"}
	}
}
