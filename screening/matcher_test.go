package screening

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBest(t *testing.T) {
	m := NewMatcher(Excerpt())
	type result struct {
		ID, List, MatchedName string
		Score                 float64
	}
	for _, tc := range []struct {
		name, on string
		want     *result // nil: no match
	}{
		{"Hebei Semiconductor Research Institute", "", &result{"99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be", "EL", "Hebei Semiconductor Research Institute", 1}},
		{"CHINA ELECTRONICS TECHNOLOGY GROUP CORP., 13TH RESEARCH INSTITUTE", "2025-01-01",
			&result{"99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be", "EL", "China Electronics Technology Group Corporation 13th Research Institute", 1}},
		{"CETC 13", "", &result{"99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be", "EL", "CETC 13", 1}},
		{"Sinobright Import & Export Co", "", &result{"233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b", "ISN", "Sinobright Import and Export Company", 1}},
		{"Ryong Nam Rim", "", &result{"52291", "SDN", "RIM, Ryong Nam", 1}},
		{"TNK Trade Limited", "", &result{"18300", "SSI", "TNK TRADE LIMITED", 1}},
		// Another form of a company word counts 0.80 ([formSim]): in a
		// two-word name reviewed, not matched. Unpaired, they were 0.71
		// and below Floor, and "TNK Trade International" was 0.89 against
		// "TNK TRADE LIMITED".
		{"Rosneft Trading Limited", "", &result{"18300", "SSI", "ROSNEFT TRADE LIMITED", 0.925}},
		{"Rosneft Traders Ltd", "", &result{"18300", "SSI", "ROSNEFT TRADE LIMITED", 0.925}},
		{"TNK Trade International", "", &result{"28603", "SSI", "TNK Trading International S.A.", 0.9455}},
		// 0.8909 by the words; as the listed name's distinctive word with
		// company words only, coreSim.
		{"Sinobright Importers and Exporters Co.", "", &result{"233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b", "ISN", "Sinobright Import and Export Company", 0.9}},
		{"Atlas Traders", "", nil},
		// A listed party's distinctive words with other company words and
		// places, or none, score coreSim ([Matcher.core]): reviewed, not
		// matched. By the words they scored 0.70 ("Sinobright"), 0.75
		// ("AASPT Xian": Xian, a place of the entry's address) or below
		// Floor.
		{"Sinobright", "", &result{"233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b", "ISN", "Sinobright Import and Export Company", 0.9}},
		{"Sinobright Co., Ltd.", "", &result{"233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b", "ISN", "Sinobright Import and Export Company", 0.9}},
		{"Sinobright Trading", "", &result{"233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b", "ISN", "Sinobright Import and Export Company", 0.9}},
		{"Sinobright Technology Co Ltd", "", &result{"233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b", "ISN", "Sinobright Import and Export Company", 0.9}},
		{"Sinobright (Hong Kong) Ltd", "", &result{"233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b", "ISN", "Sinobright Import and Export Company", 0.9}},
		{"AASPT Xian", "", &result{"66f6ab3f26234b75a9093fce79ef0ce0", "MEU", "AASPT", 0.9}},
		{"Rosneft Trading International", "", &result{"18300", "SSI", "ROSNEFT TRADE LIMITED", 0.9}},
		// Not when the name has a distinctive word of its own, shares only
		// company words and places, misspells the distinctive word, or has
		// a place of the entry's address but not its distinctive word.
		{"Sinobright Pharma", "", nil},
		{"Sinobright Xian", "", nil},
		{"Brightstar Import and Export", "", nil},
		{"China Import and Export Company", "", &result{"233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b", "ISN", "Sinobright Import and Export Company", 0.7284}}, // by the words
		{"Sinobrite Trading", "", nil},
		{"Xian Trading", "", nil},
		{"Atlas Trading", "", nil},
		// A number run on to an acronym, read apart as "CETC-13" is; it
		// was below Floor.
		{"CETC13", "", &result{"99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be", "EL", "CETC 13", 1}},
		// A Korean legal form, dropped: it was three syllables more (below
		// Floor).
		{"Atlas Sanatgaran 주식회사", "", &result{"1b5979e8fd3920a1a0985bf5088dad930a6a5562d1513f9e4b015e42", "UVL", "Atlas Sanatgaran", 1}},
		// An ordinal in words for its number (0.95): it was unpaired,
		// "Thirteenth" an extra word and "13" a missing one (0.77).
		{"CETC Thirteenth Research Institute", "", &result{"99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be", "EL", "CETC Research Institute 13", 0.9844}},
		// Weighted Dice: "copco" is unmatched, so 2·1 / (2 + 2) = 0.5 < Floor.
		{"Atlas Copco AB", "", nil},
		// 13 vs 14: five generic words of weight 0.6 and "china" (0.3) match,
		// "14" is extra and "13" missing: 6.6 / (6.6 + 0.65 + 0.7) = 0.8302.
		{"China Electronics Technology Group 14th Research Institute", "",
			&result{"99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be", "EL", "China Electronics Technology Group Corporation 13th Research Institute", 0.8302}},
		{"Acme Widgets", "", nil},
		{"", "", nil},
		{"Co., Ltd.", "", nil},
	} {
		got, ok := m.Best(tc.name, tc.on)
		var r *result
		if ok {
			r = &result{got.Entry.ID, got.Entry.List, got.MatchedName, got.Score}
		}
		if diff := cmp.Diff(tc.want, r); diff != "" {
			t.Errorf("Best(%q, %q) (-want +got):\n%s", tc.name, tc.on, diff)
		}
	}
}

func TestScoreProperties(t *testing.T) {
	m := NewMatcher(Excerpt())
	score := func(name string) float64 {
		got, _ := m.Best(name, "")
		return got.Score
	}
	// Word order, case, punctuation and legal forms do not matter.
	for _, pair := range [][2]string{
		{"Ryong Nam Rim", "RIM, Ryong Nam"},
		{"Trading International TNK", "TNK Trading International S.A."},
		{"rosneft trade", "ROSNEFT TRADE LIMITED"},
	} {
		if a, b := score(pair[0]), score(pair[1]); a != b || a != 1 {
			t.Errorf("score(%q) = %v, score(%q) = %v, want both 1", pair[0], a, pair[1], b)
		}
	}
	// A typo costs a little, a missing word more, a wrong word most.
	typo := score("Academy of Aerospace Solid Propulsoin Technology")
	missing := score("Aerospace Solid Propulsion Technology")
	wrong := score("Academy of Aerospace Liquid Propulsion Technology")
	if !(1 > typo && typo > missing && missing > wrong) || wrong >= 0.85 {
		t.Errorf("typo %v, missing word %v, wrong word %v", typo, missing, wrong)
	}
	// A missing word costs less when many listed names share it (IDF).
	alone := &List{Entries: []Entry{{ID: "z", Name: "Zorvex Kaltran"}}}
	crowd := &List{Entries: []Entry{{ID: "z", Name: "Zorvex Kaltran"}}}
	for i := 0; i < 2000; i++ {
		crowd.Entries = append(crowd.Entries, Entry{ID: fmt.Sprint(i), Name: fmt.Sprintf("Kaltran Q%dx", i)})
	}
	a, aok := NewMatcher(alone).Best("Zorvex", "")
	b, bok := NewMatcher(crowd).Best("Zorvex", "")
	if !aok || !bok || !(a.Score < b.Score) || a.Entry.ID != "z" || b.Entry.ID != "z" {
		t.Errorf("Zorvex: %v against the name alone, %v when 2,000 listed names share Kaltran; want the second higher", a.Score, b.Score)
	}
	exact, _ := NewMatcher(crowd).Best("Zorvex Kaltran", "")
	if exact.Score != 1 {
		t.Errorf("Zorvex Kaltran = %v, want 1", exact.Score)
	}
}

func TestInactive(t *testing.T) {
	l := &List{Entries: []Entry{
		{ID: "old", List: "DPL", Name: "Acme Photonics Trading LLC", EndDate: "2020-06-30"},
		{ID: "new", List: "EL", Name: "Acme Photonics Trading Co.", StartDate: "2021-01-01"},
		{ID: "gone", List: "DPL", Name: "Zeta Optronics Ltd", EndDate: "2019-12-31"},
	}}
	m := NewMatcher(l)
	for _, tc := range []struct {
		name, on, want string
	}{
		{"Acme Photonics Trading", "", "old"},           // all active: the first listed wins the tie
		{"Acme Photonics Trading", "2020-06-30", "old"}, // ends that day: still active
		{"Acme Photonics Trading", "2020-07-01", "new"}, // ended: the next candidate
		{"Zeta Optronics", "2019-12-31", "gone"},        // last day
		{"Zeta Optronics", "2024-05-01", ""},            // only candidate inactive
		{"I. Ash", "2056-06-29", "b601cbf2841d0aaedfe63661581ffbc3d54b6ba39d7e3a9027cff50e"},
		{"I. Ash", "2056-06-30", ""},
	} {
		mm := m
		if tc.name == "I. Ash" {
			mm = NewMatcher(Excerpt())
		}
		got, ok := mm.Best(tc.name, tc.on)
		id := ""
		if ok {
			id = got.Entry.ID
		}
		if id != tc.want {
			t.Errorf("Best(%q, %q) = %q, want %q", tc.name, tc.on, id, tc.want)
		}
	}
	all := m.Matches("Acme Photonics Trading", "2020-07-01", 0)
	if len(all) != 1 || all[0].Entry.ID != "new" {
		t.Errorf("Matches after the end date = %+v, want only the active entry", all)
	}
	all = m.Matches("Acme Photonics Trading", "", 0.9)
	if len(all) != 2 || all[0].Entry.ID != "old" || all[1].Entry.ID != "new" {
		t.Errorf("Matches = %+v, want both entries", all)
	}
}

// TestConcurrent screens the same and different names from many goroutines
// and compares with sequential results; run with -race.
func TestConcurrent(t *testing.T) {
	syn := Synthetic(2000, 11)
	var names []string
	for i := 0; i < 300; i++ {
		e := &syn.Entries[i*5]
		names = append(names, e.Name, vary(rand.New(rand.NewPCG(uint64(i), 1)), e.Name), fmt.Sprintf("Unlisted Name %d Trading", i))
	}
	names = append(names, "Hebei Semiconductor Research Institute", "Atlas Copco AB")
	want := map[string]Match{}
	ex := Excerpt()
	seq := NewMatcher(ex, syn)
	for _, n := range names {
		want[n], _ = seq.Best(n, "2025-01-01")
	}
	m := NewMatcher(ex, syn)
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(names))
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := range names {
				n := names[(i*7+g*13)%len(names)]
				got, _ := m.Best(n, "2025-01-01")
				if got != want[n] {
					errs <- fmt.Sprintf("Best(%q) = %+v, want %+v", n, got, want[n])
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestSynthetic(t *testing.T) {
	a, b := Synthetic(3000, 9), Synthetic(3000, 9)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Fatalf("Synthetic is not deterministic:\n%s", diff)
	}
	if c := Synthetic(3000, 10); c.Snapshot.SHA256 == a.Snapshot.SHA256 {
		t.Error("different seeds gave the same list")
	}
	if a.Snapshot.Rows != 3000 || len(a.Entries) != 3000 {
		t.Errorf("Rows %d, entries %d, want 3000", a.Snapshot.Rows, len(a.Entries))
	}
	lists := map[string]int{}
	var alt, individuals, ended, successor int
	for _, e := range a.Entries {
		lists[e.List]++
		if len(e.AltNames) > 0 {
			alt++
		}
		if e.Type == "Individual" {
			individuals++
		}
		if e.EndDate != "" && e.EndDate < "2025-01-01" {
			ended++
		}
		if Normalize(e.Name) == "" {
			t.Errorf("line %d: name %q normalises to nothing", e.Line, e.Name)
		}
		if strings.Contains(e.Name, "; and any successor") && len(variants(e.Name)) == 1 {
			successor++
		}
	}
	for _, code := range []string{"EL", "SDN", "SSI", "DPL", "DTC", "UVL", "MEU", "ISN", "FSE", "CMIC", "MBS", "CAP", "PLC"} {
		if lists[code] == 0 {
			t.Errorf("no entries of list %s: %v", code, lists)
		}
	}
	if alt < 300 || individuals < 300 || ended == 0 || successor == 0 {
		t.Errorf("alt names %d, individuals %d, ended %d, successor clauses %d: want a realistic mix", alt, individuals, ended, successor)
	}
}

// TestIndexExact checks that the index and its pruning find exactly the
// entries an exhaustive comparison with every listed name finds.
func TestIndexExact(t *testing.T) {
	l := Synthetic(3000, 21)
	m := NewMatcher(Excerpt(), l)
	names := benchNames(l, 1500, 22)
	// Listed names within longer ones: a branch, and one in brackets.
	for i := 0; i < 300; i++ {
		e := &l.Entries[i*7]
		names = append(names, e.Name+" Yerevan Branch Office", "Harmless Co ("+e.Name+")", "Kazan "+e.Name+" Sales Office")
	}
	within := 0
	for _, n := range names {
		want := map[int32]float64{}
		wantIn := map[int32]bool{}
		for _, v := range m.queryVariants(n) {
			qs, wq := m.queryToks(v.toks, v.abjad)
			for ni := range m.names {
				nr := &m.names[ni]
				if s := m.score(qs, wq, nr); s >= Floor && s > want[nr.entry] {
					want[nr.entry] = s
				}
				if holdsWhole(m, v.toks, nr) {
					wantIn[nr.entry] = true
				}
			}
		}
		got := map[int32]float64{}
		gotIn := map[int32]bool{}
		for _, c := range m.candidates(n) {
			if c.score >= Floor {
				got[c.entry] = c.score
			}
			if c.in > 0 {
				gotIn[c.entry] = true
				if e := m.names[c.in-1].entry; e != c.entry {
					t.Errorf("%q: candidate of entry %d holds a name of entry %d", n, c.entry, e)
				}
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%q: index vs exhaustive (-want +got):\n%s", n, diff)
		}
		if diff := cmp.Diff(wantIn, gotIn); diff != "" {
			t.Errorf("%q: names held whole, index vs exhaustive (-want +got):\n%s", n, diff)
		}
		within += len(gotIn)
	}
	if within < 500 {
		t.Errorf("%d listed names found within longer names, want at least 500: the test checks too little", within)
	}
}

// holdsWhole is [Matcher.within] for one listed name, written plainly:
// whether query words q hold nr's words as a run of adjacent words.
func holdsWhole(m *Matcher, q []string, nr *nameRec) bool {
	n := len(nr.toks)
	if n >= len(q) || !m.distinctive(nr) {
		return false
	}
	if n == 1 {
		w := m.words[nr.toks[0]]
		for _, t := range q {
			if t != w && classWeight(t) >= 1 {
				return false
			}
		}
		return slices.Contains(q, w)
	}
	for i := 0; i+n <= len(q); i++ {
		run := q[i : i+n]
		all := true
		for _, id := range nr.toks {
			all = all && slices.Contains(run, m.words[id])
		}
		if !all {
			continue
		}
		for _, t := range slices.Concat(q[:i], q[i+n:]) {
			if !syllable(t) {
				return true // not another person's name
			}
		}
	}
	return false
}

// FuzzBest: any name is screened without panicking, to a score in
// [Floor, 1] when anything is found.
func FuzzBest(f *testing.F) {
	m := NewMatcher(Excerpt(), scoringList())
	for _, s := range []string{"Kimjongun", "Zhang Jin Ping", "김정은", "محمد عبد الله", "I. Ash", "a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh ii jj kk ll mm nn oo pp qq rr ss tt uu vv ww xx yy zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, ok := m.Best(s, ""); ok && (got.Score < Floor || got.Score > 1) {
			t.Fatalf("Best(%q) = %v", s, got.Score)
		}
	})
}

// TestScreenEntry: an entry is screened against a name whatever the score
// (a true match under another name scores 0), and not at all when no list
// holds it active on the date.
func TestScreenEntry(t *testing.T) {
	s := Screener{M: NewMatcher(&List{Entries: []Entry{
		{ID: "el-1", List: "EL", Name: "Borealis Systems Co.", StartDate: "2021-01-01"},
		{ID: "dpl-1", List: "DPL", Name: "Zeta Optronics Ltd", EndDate: "2019-12-31"},
	}})}
	type got struct {
		List, Name, Matched string
		Score               float64
	}
	for _, tc := range []struct {
		name, id, on string
		want         *got
	}{
		{"Borealis Systems", "el-1", "2026-03-02", &got{"EL", "Borealis Systems Co.", "Borealis Systems Co.", 1}},
		{"Northwind Quantum Trading", "el-1", "2026-03-02", &got{"EL", "Borealis Systems Co.", "Borealis Systems Co.", 0}},
		{"Zeta Optronics", "dpl-1", "2024-05-01", nil}, // no longer listed
		{"Borealis Systems", "nope", "2026-03-02", nil},
	} {
		f, listed := s.ScreenEntry(tc.name, tc.id, tc.on)
		var g *got
		if f != nil {
			g = &got{f.List, f.Name, f.MatchedName, f.Score}
		}
		if listed != (tc.id != "nope") {
			t.Errorf("%s: listed %v", tc.id, listed)
		}
		if d := cmp.Diff(tc.want, g); d != "" {
			t.Errorf("%s against %s on %s (-want +got):\n%s", tc.name, tc.id, tc.on, d)
		}
	}
}

// TestMatcherEntry: an entry is found by its id in every list given, the
// first of two with one id; an id no list holds is not.
func TestMatcherEntry(t *testing.T) {
	a := &List{Entries: []Entry{{ID: "1", Name: "Alpha Trading", List: "EL"}, {ID: "2", Name: "Beta Trading", List: "EL"}}}
	b := &List{Entries: []Entry{{ID: "2", Name: "Beta Trading (again)", List: "SDN"}, {ID: "3", Name: "Gamma Trading", List: "SDN"}}}
	m := NewMatcher(a, nil, b)
	var got []string
	for _, id := range []string{"1", "2", "3", "4", ""} {
		if e, ok := m.Entry(id); ok {
			got = append(got, id+" "+e.List+" "+e.Name)
		} else {
			got = append(got, id+" none")
		}
	}
	want := []string{"1 EL Alpha Trading", "2 EL Beta Trading", "3 SDN Gamma Trading", "4 none", " none"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Entry (-want +got):\n%s", d)
	}
}
