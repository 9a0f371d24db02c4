package screening

import (
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"

	"github.com/puzpuzpuz/xsync/v4"
)

// Floor is the lowest score [Matcher.Best] reports; weaker candidates are
// not matches at all.
const Floor = 0.70

// Scoring parameters; the [Matcher] documentation explains them.
const (
	// extraCost and missingCost are the shares of its weight that a query
	// word the listed name lacks, and a listed word the query lacks, cost.
	extraCost   = 0.65
	missingCost = 0.7
	// simFull is the Jaro–Winkler similarity from which two different words
	// count as the same word misspelt, with that similarity; from simLow to
	// simFull they get partial credit rising quadratically from 0 to
	// simFull ([ramp]).
	simFull = 0.90
	simLow  = 0.86
	// keySim is the similarity of two words spelt differently that are the
	// same word in another transliteration ([translitKey]).
	keySim = 0.95
	// consSim is the similarity of a word written in an abjad to a listed
	// word with the same consonants ("hsyn", "Hussein"), consSimShort when
	// they are two or fewer: vowels that are not written cannot tell "Hassan"
	// from "Hussein", so such a match is never certain.
	consSim      = 0.88
	consSimShort = 0.85
	// lookSim is the similarity of a word with letters run together to
	// look like another ("rn" for "m": [unkern]) to the listed word it
	// looks like.
	lookSim = 0.95
	// formSim is the similarity of two forms of one company word
	// ("Trading" and "Trade": [companyWordForms]): less than a spelling,
	// since sister companies are named so ("Rosneft Trade Limited",
	// "Rosneft Trading S.A."): a name differing from a listed one only so
	// is reviewed, not matched.
	formSim = 0.80
	// initialSim is the similarity of an initial to a word it begins.
	initialSim = 0.90
	// coreSim is the most a name scores that agrees with a listed name in
	// its distinctive words and differs from it only in company words and
	// places ("Sinobright Trading" for "Sinobright Import and Export
	// Company": [Matcher.core]): above review_threshold and below
	// match_threshold in data/screening.yaml, since a listed party trades
	// under the short form of its name, and short names collide more.
	coreSim = 0.90
	// idfFull: a word held by at most one in idfFull listed names weighs
	// fully; more common words weigh less, down to idfMin. Lists of fewer
	// than idfRef names count as idfRef names long, so that a small list
	// does not make every word common.
	idfFull = 1000.0
	idfRef  = 10000.0
	idfMin  = 0.5
	// updateMax is the longest postings a token that admits no candidates
	// is still visited for, to tighten the bound of those admitted.
	updateMax = 4096
	// cacheMax bounds each of the matcher's caches (names and tokens).
	cacheMax = 1 << 20
)

// Match is a listed party a name matched.
type Match struct {
	Entry       *Entry
	MatchedName string  // the entry's name or alt name that scored best, as listed
	Score       float64 // similarity in [0,1], rounded to 4 decimals
	// Contained is the entry's name or alt name, as listed, whose words
	// all appear together within the longer name screened ("Rim Ryong Nam
	// Shenyang General Trading" holds "RIM, Ryong Nam"), whatever the
	// score; "" when none does ([Matcher] explains when a listed name
	// counts).
	Contained string
}

// Matcher finds the listed parties a name most resembles. It is built once
// from one or more lists and is safe for concurrent use.
//
// # Score
//
// Both names are split into variants and normalised ([Normalize]) into
// sets of words. Words pair one-to-one when they are
//   - equal (similarity 1);
//   - the same word in two transliterations, such as "Sergei" and "Sergey",
//     "Hussein" and "Husayn", "Rossiyskiy" and "Rossiiskii" (0.95; see
//     [translitKey]);
//   - the same word misspelt: a Jaro–Winkler similarity j of at least 0.90
//     counts as j, and from 0.86 to 0.90 a near miss gets partial credit
//     rising quadratically from 0 to 0.90 (0.51 at j = 0.89); both words
//     have four letters or more, no digits (numbers and acronyms must be
//     equal), and lengths within 25%;
//   - two syllables of Korean or Chinese names in two romanisations
//     ("eun" and "un", "yeo" and "yo": 0.95), and a Korean surname in the
//     North's and the South's romanisation ("Ri", "Lee", "Yi"; "Rim",
//     "Lim", "Im": 0.95, [koreanSurnames]);
//   - for a name written in Arabic, Persian or Hebrew, a listed word with
//     the same consonants ([consonantKey]: 0.88, or 0.85 for two or fewer);
//   - a word with letters set close to look like another ("Rirn" for
//     "Rim", "Huavvei" for "Huawei": [unkern]) and the listed word it
//     looks like (0.95);
//   - two forms of one company word, such as "Trading" and "Trade",
//     "Importers" and "Import" (0.80, [formSim]: sister companies are
//     named so, so a two-word name differing only so is reviewed, not
//     matched);
//   - an ordinal in words and its number ("Thirteenth" and "13", 0.95;
//     [ordinalWords]);
//   - an initial and a name word it begins, either way round (0.90).
//
// Words written together on one side and apart on the other ("Xi Jin
// Ping" and "Xi Jinping", "Kimjongun" and "Kim Jong Un", "Sinobright" and
// "Sino-Bright") are compared both ways: a query whose adjacent words join
// into a listed word, or whose word splits into adjacent listed words (also
// once a legal form run on to it is taken off: "atlassanatgaranllc"), is
// also compared in that form.
//
// A name written so that a person reads a listed name in it and a matcher
// reading word by word does not is also compared as the person reads it
// ([plainReadings]): letters spelt out one by one ("A t l a s", "A. T. L.
// A. S."), words run together at their capitals ("RosneftTradeLimited"),
// digits for the letters they look like ("R0sneft", "At1as"), a name
// wholly in Cyrillic letters that look Latin ("СЕТС 13"). Such a reading
// only adds candidates; a name written plainly has none.
//
// Each word w has a weight w(w) ≤ 1 for its kind: 1, or 0.6 for words
// common in company names ("international", "technology", "trading"), 0.5
// for initials and patronymics ("Vladimirovich"), 0.3 for particles ("al",
// "bin", "abu", "van") and places ("China", "Russia", "Moscow"). A listed
// word's weight is multiplied by its rarity in the loaded lists (inverse
// document frequency: log(N/df)/log(1000), between 0.5 and 1, where df is
// the number of listed names holding the word and N the number of listed
// names, but at least 10,000), so that a word many listed names share
// identifies less and costs less when missing; a query word keeps the
// weight of its kind, since how common it is among listed names says
// nothing about how common it is among the names screened.
//
// With pairs p of similarity s(p) between query words q(p) and listed
// words c(p),
//
//	score = Σ s(p)·(w(q(p))+w(c(p))) / (Σ (w(q(p))+w(c(p))) + 0.65·U_q + 0.7·U_c)
//
// where U_q is the weight of query words left unpaired and U_c that of
// listed words left unpaired (pairs are chosen greedily, best first, and
// only while they raise the score). Equal names score 1; word order, legal
// forms and stop words cost nothing; a misspelt word costs a little; a
// query word the list lacks (a middle name, a city, "Trading") costs less
// than a listed word the query lacks. An entry's score is that of its
// best-scoring name or alt name.
//
// A listed party trades under the short form of its name, which the words
// alone score low ("Sinobright" for "Sinobright Import and Export Company":
// 0.70; "Sinobright Trading": below Floor). So a name that agrees with a
// listed name in its distinctive words, and differs from it only in company
// words and places, scores at least coreSim (0.90) times their mean
// similarity ([Matcher.core]): reviewed, not matched. The distinctive words
// are those of full weight for their kind; the listed name's must be two or
// more, one of three letters or more, or one of four letters or more, and
// its other words all company words or places (a particle, initial or
// patronymic makes it a person's name, which is not so shortened); each
// pairs with a distinctive query word that is the same word, equal or in
// another transliteration (not misspelt); and each distinctive query word
// pairs so, or is a word of the entry's addresses ("AASPT Xian" for the
// AASPT of Xian), the query's other words being company words and places.
// A name with a distinctive word of its own ("Sinobright Pharma") or with
// only company words and places in common is scored by its words.
//
// What the thresholds of data/screening.yaml mean for this score, for
// words of full weight: at match_threshold (0.93) every listed word is
// present, equal or nearly so (one word of two misspelt with Jaro–Winkler
// 0.93 scores 0.965, one of two in another transliteration 0.975), with
// no extra word for listed names of up to four words (one extra word to
// four listed ones scores 8/8.65 = 0.925, to five 0.939); at
// review_threshold (0.85) one listed word of three may be missing (4/4.7 =
// 0.851), or one word added to a listed name of two (4/4.65 = 0.860), or
// several words misspelt. Lighter words cost less: a missing patronymic
// ("Vladimir Putin" for "PUTIN, Vladimir Vladimirovich") scores 4/4.35 =
// 0.920, an added "Trading" to a listed name of two words 4/4.39 = 0.911,
// both under match_threshold; a short form of a listed name (above) 0.90,
// between the two. Rarity weights move these figures a little.
// The evaluation in eval_test.go measures them on labelled names.
//
// # Search
//
// An inverted index maps each distinct listed word to the names holding it;
// query words are looked up exactly and, through prefix, suffix and
// transliteration-key indexes of the vocabulary, fuzzily. Words are visited
// rarest first, and once the words left could no longer lift an unseen name
// to [Floor] no new candidates are admitted (prefix filtering); candidates
// are then bounded and scored exactly. Results are cached per name as given
// and per distinct normalised name (its words in order), and word look-ups
// per distinct word. The names a query may agree with in its distinctive
// words (a short form, above), which the bounds do not foresee, are
// indexed under their rarest distinctive word and found through the listed
// words that are the same words as the query's distinctive words.
//
// # Listed names within longer names
//
// A branch, office or trading arm of a listed party is written as its name
// and more words ("Rosneft Trade Limited Cyprus Office"), and every added
// word lowers the score. So, apart from the score, a listed name is found
// within a longer name screened when, after normalisation, every word of
// it appears, exactly, and together as one run of adjacent words (in any
// order: "Rim Ryong Nam" and "RIM, Ryong Nam" are one name), and it is
// distinctive enough: of two or more words, one of them of full weight
// (not a company word, place, particle or initial) and three letters or
// more; or one word of full weight and four letters or more, where
// every other word of the name screened is lighter (company words,
// places, particles, initials: "AASPT International Trading"), so that a
// one-word listed name such as "Atlas" within "Atlas Copco Service" does
// not count. A name of two or more words does not count when the other
// words are all syllables of Korean or Chinese names: "Kim Ryong Nam" is
// another person than "KIM, Ryong". Such a candidate is reported with
// [Match.Contained] set, whatever its score: what it means is for the
// policy to decide. Each listed name that can be found so is indexed under
// its rarest word, and a name screened looks up each of its words once.
type Matcher struct {
	entries []*Entry
	names   []nameRec

	nameW    []float64 // name index -> its weight, dense for the bound check
	vocab    map[string]int32
	words    []string
	keys     []string // vocabulary id -> transliteration key, "" unless fuzzy
	weights  []float64
	fuzzy    []bool              // vocabulary id -> may match fuzzily
	post     [][]int32           // vocabulary id -> names holding it
	prefixes map[string][]int32  // first three letters -> fuzzy vocabulary ids by length
	suffixes map[string][]int32  // last three letters -> fuzzy vocabulary ids by length
	counts   []uint8             // 26 letter counts per vocabulary id, for fuzzy words
	byKey    map[string][]int32  // transliteration key -> vocabulary ids
	byCons   map[string][]int32  // consonant key -> vocabulary ids
	splits   map[string][]string // adjacent listed words joined -> those words
	splitKey map[string][]string // transliteration key of splits' words -> those words
	initials [26]int32           // letter -> vocabulary id of the one-letter word, or -1
	anchors  map[int32][]int32   // vocabulary id -> names that may be found within longer names, by their rarest word
	addrs    [][]string          // entry -> the words of its addresses, sorted ([Matcher.core])
	cores    map[int32][]int32   // vocabulary id -> names with distinctive words ([nameRec.core]), by their rarest distinctive word

	tokCache            *xsync.Map[string, []tokMatch]
	nameCache, rawCache *xsync.Map[string, []cand]
	scratch             sync.Pool

	byIDOnce sync.Once
	byID     map[string]*Entry // id -> the first entry with it ([Matcher.Entry])
}

// nameRec is one listed name (an entry's name, alt name or acronym).
type nameRec struct {
	entry   int32
	display string
	toks    []int32
	weight  float64
	// core has a bit for each of toks that is a distinctive word (of full
	// weight for its kind, [classWeight]), and is 0 when those words are
	// too few to tell a party by or the others not all company words and
	// places ([Matcher.coreMask]).
	core uint64
}

type tokMatch struct {
	id  int32
	sim float64
}

// cand is an entry that scored at least Floor for a query, or one of whose
// names the query holds whole (whatever the score).
type cand struct {
	entry, name int32
	score       float64
	in          int32 // 1 + the index of the entry's name found within the query; 0 for none
}

// NewMatcher indexes the entries of lists. The lists must not be changed
// while the matcher is in use; matches point into their Entries.
func NewMatcher(lists ...*List) *Matcher {
	m := &Matcher{
		vocab:    map[string]int32{},
		prefixes: map[string][]int32{},
		suffixes: map[string][]int32{},
		byKey:    map[string][]int32{},
		byCons:   map[string][]int32{},
		splits:   map[string][]string{},
		splitKey: map[string][]string{},
		cores:    map[int32][]int32{},

		tokCache:  xsync.NewMap[string, []tokMatch](),
		nameCache: xsync.NewMap[string, []cand](),
		rawCache:  xsync.NewMap[string, []cand](),
	}
	for _, l := range lists {
		if l == nil {
			continue
		}
		for i := range l.Entries {
			e := &l.Entries[i]
			ei := int32(len(m.entries))
			m.entries = append(m.entries, e)
			m.addrs = append(m.addrs, addressWords(e.Addresses))
			var seen []variant
			for _, raw := range append([]string{e.Name}, e.AltNames...) {
			next:
				for _, v := range variants(raw) {
					for _, s := range seen {
						if sameSet(s.tokens, v.tokens) {
							continue next
						}
					}
					seen = append(seen, v)
					m.addName(ei, v)
				}
			}
		}
	}
	m.post = make([][]int32, len(m.words))
	for ni := range m.names {
		for _, t := range m.names[ni].toks {
			m.post[t] = append(m.post[t], int32(ni))
		}
	}
	ref := max(float64(len(m.names)), idfRef)
	m.weights = make([]float64, len(m.words))
	for id, w := range m.words {
		m.weights[id] = classWeight(w) * idfWeight(ref, len(m.post[id]))
	}
	m.nameW = make([]float64, len(m.names))
	for ni := range m.names {
		nr := &m.names[ni]
		for _, t := range nr.toks {
			nr.weight += m.weights[t]
		}
		m.nameW[ni] = nr.weight
		if nr.core = m.coreMask(nr); nr.core != 0 {
			a := int32(-1)
			for j, t := range nr.toks {
				if nr.core&(1<<j) != 0 && (a < 0 || len(m.post[t]) < len(m.post[a])) {
					a = t
				}
			}
			m.cores[a] = append(m.cores[a], int32(ni))
		}
	}
	m.anchors = map[int32][]int32{}
	for ni := range m.names {
		nr := &m.names[ni]
		if !m.distinctive(nr) {
			continue
		}
		a := nr.toks[0]
		for _, t := range nr.toks[1:] {
			if len(m.post[t]) < len(m.post[a]) {
				a = t
			}
		}
		m.anchors[a] = append(m.anchors[a], int32(ni))
	}
	m.fuzzy = make([]bool, len(m.words))
	m.counts = make([]uint8, 26*len(m.words))
	m.keys = make([]string, len(m.words))
	for id, w := range m.words {
		if m.fuzzy[id] = fuzzyOK(w); m.fuzzy[id] {
			m.prefixes[w[:3]] = append(m.prefixes[w[:3]], int32(id))
			m.suffixes[w[len(w)-3:]] = append(m.suffixes[w[len(w)-3:]], int32(id))
			letterCounts(w, m.counts[26*id:26*id+26])
			if k := translitKey(w); len(k) >= 3 {
				m.keys[id] = k
				m.byKey[k] = append(m.byKey[k], int32(id))
			}
		} else if syllable(w) {
			k := translitKey(w)
			m.byKey[k] = append(m.byKey[k], int32(id))
		}
	}
	for id, w := range m.words {
		if len(w) >= 2 && !strings.ContainsAny(w, "0123456789") {
			if k := consonantKey(w); k != "" {
				m.byCons[k] = append(m.byCons[k], int32(id))
			}
		}
	}
	for _, blocks := range []map[string][]int32{m.prefixes, m.suffixes} {
		for _, ids := range blocks {
			slices.SortStableFunc(ids, func(a, b int32) int { return len(m.words[a]) - len(m.words[b]) })
		}
	}
	for c := range m.initials {
		m.initials[c] = -1
		if id, ok := m.vocab[string(rune('a'+c))]; ok {
			m.initials[c] = id
		}
	}
	// Adjacent listed words written as one word.
	for ni := range m.names {
		toks := m.names[ni].toks
		for k := 2; k <= 3; k++ {
			for i := 0; i+k <= len(toks); i++ {
				parts := make([]string, k)
				n := 0
				for j := range parts {
					parts[j] = m.words[toks[i+j]]
					n += len(parts[j])
				}
				if n > 24 || !slices.ContainsFunc(parts, fuzzyOK) && n < 5 {
					continue
				}
				joined := strings.Join(parts, "")
				if _, listed := m.vocab[joined]; listed || strings.ContainsAny(joined, "0123456789") {
					continue
				}
				if _, dup := m.splits[joined]; !dup {
					m.splits[joined] = parts
					if k := translitKey(joined); len(k) >= 6 {
						if _, dup := m.splitKey[k]; !dup {
							m.splitKey[k] = parts
						}
					}
				}
			}
		}
	}
	m.scratch.New = func() any { return newScratch(len(m.names)) }
	return m
}

func (m *Matcher) addName(entry int32, v variant) {
	r := nameRec{entry: entry, display: v.display}
	for _, t := range v.tokens {
		id, ok := m.vocab[t]
		if !ok {
			id = int32(len(m.words))
			m.vocab[t] = id
			m.words = append(m.words, t)
		}
		r.toks = append(r.toks, id)
	}
	m.names = append(m.names, r)
}

// distinctive reports whether listed name nr counts when found within a
// longer name: two or more words, one of full weight ([classWeight]) and
// three letters or more; or one word of full weight and four letters or
// more (found only among lighter words, [Matcher.within]).
func (m *Matcher) distinctive(nr *nameRec) bool {
	least := 3
	if len(nr.toks) == 1 {
		least = 4
	}
	for _, t := range nr.toks {
		if w := m.words[t]; len(w) >= least && classWeight(w) == 1 {
			return true
		}
	}
	return false
}

// coreMask returns the bits of listed name nr's distinctive words: words
// of full weight for their kind ([classWeight]); 0 when its other words are
// not all company words and places ([qualifier]: a particle, initial or
// patronymic is part of a person's name), or the distinctive words are too
// few to tell a party by, as for a name found within a longer one
// ([Matcher.distinctive]): two or more, one of three letters or more; or
// one of four letters or more.
func (m *Matcher) coreMask(nr *nameRec) uint64 {
	var mask uint64
	n, longest := 0, 0
	for j, t := range nr.toks {
		switch w := m.words[t]; {
		case classWeight(w) == 1:
			mask |= 1 << j
			n++
			longest = max(longest, letters(w))
		case !qualifier(w):
			return 0
		}
	}
	if n == 0 || longest < 3 || n == 1 && longest < 4 {
		return 0
	}
	return mask
}

// qualifier reports whether t is a company word or a place ([generic],
// [places]), which tells apart a party's arms, not parties.
func qualifier(t string) bool {
	return generic[t] || places[t]
}

// same reports whether query token q and listed word id are one word as
// written: equal, in another transliteration ([translitKey]), or with
// letters set close ([unkern]); not a misspelling.
func (m *Matcher) same(q *qtok, id int32) bool {
	w := m.words[id]
	return q.s == w || q.look == w || q.key != "" && q.key == m.keys[id]
}

// letters counts the letters a–z of an ASCII token.
func letters(t string) int {
	n := 0
	for i := 0; i < len(t); i++ {
		if t[i] >= 'a' && t[i] <= 'z' {
			n++
		}
	}
	return n
}

// addressWords returns the words of an entry's addresses that may stand
// for a place in a name ("Xian" in "AASPT Xian"): of four letters or more,
// without digits, sorted.
func addressWords(addrs []string) []string {
	var out []string
	for _, a := range addrs {
		for _, t := range normTokens(a) {
			if fuzzyOK(t) && classWeight(t) == 1 {
				out = append(out, t)
			}
		}
	}
	slices.Sort(out)
	return slices.Clip(slices.Compact(out))
}

// core returns the score of query tokens qs against listed name nr over
// their distinctive words alone ([Matcher.coreMask]), when those agree:
// every distinctive word of nr pairs with a distinctive word of the query
// that is the same word ([Matcher.same]: equal, or in another
// transliteration; not a misspelling, "Sansung" for "Samsung"), and every
// distinctive word of the query with one of nr, or is a word of the
// entry's addresses (a place: "AASPT Xian" for the AASPT of Xian); the
// other words of either are company words and places. It is then the mean
// similarity of those pairs, weighted as in the score; 0 when they do not
// agree. pairs are the candidate pairs of the score, best first.
func (m *Matcher) core(qs []qtok, nr *nameRec, pairs []pair) float64 {
	if nr.core == 0 {
		return 0
	}
	var usedQ, usedC uint64
	var num, den float64
	for _, p := range pairs {
		if nr.core&(1<<p.c) == 0 || qs[p.q].w < 1 || usedQ&(1<<p.q) != 0 || usedC&(1<<p.c) != 0 || !m.same(&qs[p.q], nr.toks[p.c]) {
			continue
		}
		usedQ |= 1 << p.q
		usedC |= 1 << p.c
		num += p.v
		den += qs[p.q].w + m.weights[nr.toks[p.c]]
	}
	if usedC != nr.core {
		return 0
	}
	for i := range qs {
		switch t := qs[i].s; {
		case usedQ&(1<<i) != 0:
		case qs[i].w == 1:
			if _, ok := slices.BinarySearch(m.addrs[nr.entry], t); !ok {
				return 0
			}
		case !qualifier(t):
			return 0
		}
	}
	return num / den
}

// within appends to found the candidates whose distinctive listed names
// ([Matcher.distinctive]) query tokens qs (of total weight wq) hold whole:
// every word of the name, exactly, as one run of adjacent query words in
// any order, the query being longer; a one-word name only among query words
// lighter than full weight. Each is scored as usual.
func (m *Matcher) within(qs []qtok, wq float64, found []cand) []cand {
	var ids [maxTokens + 8]int32
	if len(qs) < 2 || len(qs) > len(ids) {
		return found
	}
	heavy := 0
	for i := range qs {
		ids[i] = -1
		if id, ok := m.vocab[qs[i].s]; ok {
			ids[i] = id
		}
		if qs[i].w >= 1 {
			heavy++
		}
	}
	for i := range qs {
		if ids[i] < 0 {
			continue
		}
	names:
		for _, ni := range m.anchors[ids[i]] {
			nr := &m.names[ni]
			n := len(nr.toks)
			switch {
			case n >= len(qs):
				continue // not a longer name: the score judges it
			case n == 1:
				if heavy > 1 {
					continue
				}
			default:
				lo, hi := len(qs), -1
				for _, t := range nr.toks {
					j := slices.Index(ids[:len(qs)], t)
					if j < 0 {
						continue names
					}
					lo, hi = min(lo, j), max(hi, j)
				}
				if hi-lo+1 != n || namesOnly(qs, lo, hi) {
					continue
				}
			}
			found = append(found, cand{entry: nr.entry, name: ni, score: m.score(qs, wq, nr), in: ni + 1})
		}
	}
	return found
}

// namesOnly reports whether every query word outside qs[lo:hi+1] is a
// syllable of a Korean or Chinese name ([syllable]): "Kim Ryong Nam" is
// another person than "KIM, Ryong", not a branch of theirs.
func namesOnly(qs []qtok, lo, hi int) bool {
	for i := range qs {
		if (i < lo || i > hi) && !syllable(qs[i].s) {
			return false
		}
	}
	return true
}

// classWeight is the weight of a word for what kind of word it is: 0.5 for
// an initial or a patronymic, 0.6 for a word common in company names, 0.3
// for a particle or a place, 1 otherwise.
func classWeight(t string) float64 {
	switch {
	case len(t) == 1:
		return 0.5
	case particles[t], places[t]:
		return 0.3
	case isPatronymic(t):
		return 0.5
	case generic[t]:
		return 0.6
	}
	return 1
}

// idfWeight is the factor for a word held by df of ref names:
// log(ref/df)/log(idfFull), between idfMin and 1.
func idfWeight(ref float64, df int) float64 {
	if df <= 1 {
		return 1
	}
	return min(1, max(idfMin, math.Log(ref/float64(df))/math.Log(idfFull)))
}

// fuzzyOK reports whether a token may match other tokens approximately:
// words of four or more letters without digits. Numbers and acronyms must
// match exactly.
func fuzzyOK(t string) bool {
	if len(t) < 4 {
		return false
	}
	return !strings.ContainsAny(t, "0123456789")
}

// syllable reports whether a short token (two or three letters) is a
// syllable with a vowel, as in Korean and Chinese names, which may match
// its other romanisations; acronyms without vowels must match exactly.
func syllable(t string) bool {
	if len(t) < 2 || len(t) > 3 {
		return false
	}
	vowel := false
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c < 'a' || c > 'z':
			return false
		case strings.IndexByte("aeiouy", c) >= 0:
			vowel = true
		}
	}
	return vowel
}

// romanDigraph reports whether a syllable has a vowel digraph that
// romanisations of Korean and Chinese spell differently ("eo", "eu", "ou",
// "yo"): only such syllables match other spellings.
func romanDigraph(t string) bool {
	for _, d := range []string{"eo", "eu", "ou", "oo", "ee", "yo", "ye", "ya", "yu", "ae", "oe", "wo", "wa", "ui"} {
		if strings.Contains(t, d) {
			return true
		}
	}
	return false
}

// unkern returns word t (ASCII lower case) with the pairs of letters that
// look like one letter when set close read as that letter: "rn" as "m"
// ("Rirn" for "Rim", "Rarnzan" for "Ramzan"), "vv" as "w" ("Huavvei"),
// "cl" as "d" ("Vlaclimir"), each after a vowel; "" when t has none. A
// pair after a consonant is letters of an acronym ("KCLA", "ABRN") or
// begins a word ("Clark"); "rn" after a, e, o or u and before a vowel or
// at the end is how ordinary words are spelt ("Turner", "Bernard",
// "burn", "modern"), and only after i or y ("Rirn", "Kirn", "Vladirnir")
// or before a consonant ("Rarnzan") is it read as "m". A word that
// begins with a lower-case l before a consonant is read with an I there
// ("lgor" for "Igor", "lsmail"), as no word is spelt so but Lh-, Lj-,
// Ll-, Lw- and Ly- ones ("Lhasa", "Ljubljana", "Lloyd", "Lyon").
func unkern(t string) string {
	var b []byte
	last := 0
	vowel := func(c byte) bool { return strings.IndexByte("aeiouy", c) >= 0 }
	if len(t) >= 3 && t[0] == 'l' && !vowel(t[1]) && strings.IndexByte("hjlw", t[1]) < 0 {
		b = append(make([]byte, 0, len(t)), 'i')
		last = 1
	}
	for i := 1; i+1 < len(t); i++ {
		var c byte
		switch {
		case !vowel(t[i-1]):
			continue
		case t[i] == 'r' && t[i+1] == 'n':
			if t[i-1] != 'i' && t[i-1] != 'y' && (i+2 == len(t) || vowel(t[i+2])) {
				continue
			}
			c = 'm'
		case t[i] == 'v' && t[i+1] == 'v':
			c = 'w'
		case t[i] == 'c' && t[i+1] == 'l':
			c = 'd'
		default:
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(t))
		}
		b = append(append(b, t[last:i]...), c)
		last = i + 2
		i++
	}
	if b == nil {
		return ""
	}
	return string(append(b, t[last:]...))
}

// ramp maps a Jaro–Winkler similarity to a word similarity: itself from
// simFull, rising quadratically from 0 at simLow to simFull below it.
func ramp(j float64) float64 {
	switch {
	case j >= simFull:
		return j
	case j > simLow:
		x := (j - simLow) / (simFull - simLow)
		return simFull * x * x
	}
	return 0
}

// letterCounts counts the letters a–z of an ASCII token into c.
func letterCounts(t string, c []uint8) {
	for i := 0; i < len(t); i++ {
		if l := t[i] - 'a'; l < 26 && c[l] < 255 {
			c[l]++
		}
	}
}

// fuzzySim is the similarity of query token q (letter counts qc,
// transliteration key kq) to the different fuzzy vocabulary word id, 0
// when they do not match. An upper bound of their Jaro–Winkler similarity
// from the letters they share and their common prefix rules out most
// words before the similarity itself is computed.
func (m *Matcher) fuzzySim(q string, qc *[26]uint8, kq string, id int32) float64 {
	w := m.words[id]
	sameKey := kq != "" && kq == m.keys[id]
	if !sameKey {
		la, lb := len(q), len(w)
		if 4*(max(la, lb)-min(la, lb)) > max(la, lb) {
			return 0
		}
		wc := m.counts[26*int(id) : 26*int(id)+26]
		common := 0
		for i, n := range qc {
			common += int(min(n, wc[i]))
		}
		if common == 0 {
			return 0
		}
		c := float64(common)
		jaro := (c/float64(la) + c/float64(lb) + 1) / 3
		p := 0
		for p < 4 && p < la && p < lb && q[p] == w[p] {
			p++
		}
		if jaro+0.1*float64(p)*(1-jaro) <= simLow {
			return 0
		}
	}
	s := ramp(jaroWinkler(q, w))
	if sameKey {
		s = max(s, keySim)
	}
	return s
}

// lookup returns the vocabulary tokens matching query token q, cached. A
// token romanised from an abjad (abjad) also matches listed words with its
// consonants ([consonantKey]), with similarity consSim.
func (m *Matcher) lookup(q string, abjad bool) []tokMatch {
	ck := q
	if abjad {
		ck = "\x00" + q
	}
	if v, ok := m.tokCache.Load(ck); ok {
		return v
	}
	var res []tokMatch
	exact, hasExact := m.vocab[q]
	if hasExact {
		res = append(res, tokMatch{exact, 1})
	}
	if fuzzyOK(q) {
		kq := translitKey(q)
		if len(kq) < 3 {
			kq = ""
		}
		var qc [26]uint8
		letterCounts(q, qc[:])
		p, s := q[:3], q[len(q)-3:]
		// Only words whose length is within 25% of q's can match.
		lo, hi := (3*len(q)+3)/4, 4*len(q)/3
		window := func(ids []int32) []int32 {
			i, _ := slices.BinarySearchFunc(ids, lo, func(id int32, n int) int { return len(m.words[id]) - n })
			j, _ := slices.BinarySearchFunc(ids, hi+1, func(id int32, n int) int { return len(m.words[id]) - n })
			return ids[i:j]
		}
		for _, id := range window(m.prefixes[p]) {
			if id == exact && hasExact {
				continue
			}
			if sim := m.fuzzySim(q, &qc, kq, id); sim > 0 {
				res = append(res, tokMatch{id, sim})
			}
		}
		for _, id := range window(m.suffixes[s]) {
			w := m.words[id]
			if w[0] == p[0] && w[1] == p[1] && w[2] == p[2] || id == exact && hasExact {
				continue // seen in the prefix block
			}
			if sim := m.fuzzySim(q, &qc, kq, id); sim > 0 {
				res = append(res, tokMatch{id, sim})
			}
		}
		if kq != "" {
			for _, id := range m.byKey[kq] {
				if id == exact && hasExact || !m.fuzzy[id] || slices.ContainsFunc(res, func(tm tokMatch) bool { return tm.id == id }) {
					continue // seen in a block
				}
				if sim := m.fuzzySim(q, &qc, kq, id); sim > 0 {
					res = append(res, tokMatch{id, sim})
				}
			}
		}
	} else if syllable(q) {
		// Short syllables of Korean and Chinese names in two romanisations
		// ("eun", "un"; "yeo", "yo").
		for _, id := range m.byKey[translitKey(q)] {
			if (id != exact || !hasExact) && (romanDigraph(q) || romanDigraph(m.words[id])) {
				res = append(res, tokMatch{id, keySim})
			}
		}
	}
	// Letters run together to look like another ("Rirn" for "Rim").
	unkerned := unkern(q)
	if r := unkerned; r != "" && !hasExact {
		if id, ok := m.vocab[r]; ok {
			if i := slices.IndexFunc(res, func(tm tokMatch) bool { return tm.id == id }); i < 0 {
				res = append(res, tokMatch{id, lookSim})
			} else {
				res[i].sim = max(res[i].sim, lookSim)
			}
		}
	}
	// A Korean surname in the other Korea's romanisation ("Lim" for "RIM",
	// "Lee" for "RI"), also with letters set close ("Lirn": both
	// similarities).
	surname, sim := q, keySim
	if _, ok := koreanSurnames[q]; !ok && unkerned != "" {
		surname, sim = unkerned, keySim*lookSim
	}
	if g, ok := koreanSurnames[surname]; ok {
		for _, w := range koreanSurnameSpellings[g] {
			if id, ok := m.vocab[w]; ok && w != q && !slices.ContainsFunc(res, func(tm tokMatch) bool { return tm.id == id }) {
				res = append(res, tokMatch{id, sim})
			}
		}
	}
	// Another form of a company word ("Trading" for "TRADE").
	for _, w := range companyWordForms[q] {
		if id, ok := m.vocab[w]; ok && w != q {
			if i := slices.IndexFunc(res, func(tm tokMatch) bool { return tm.id == id }); i < 0 {
				res = append(res, tokMatch{id, formSim})
			} else {
				res[i].sim = max(res[i].sim, formSim)
			}
		}
	}
	// An ordinal in words for its number, or the number for it
	// ("Thirteenth" for "13").
	if w, ok := ordinalWords[q]; ok {
		if id, ok := m.vocab[w]; ok && !slices.ContainsFunc(res, func(tm tokMatch) bool { return tm.id == id }) {
			res = append(res, tokMatch{id, keySim})
		}
	}
	// A listed initial, for a name word.
	if c := q[0]; len(q) > 1 && c >= 'a' && c <= 'z' && (classWeight(q) == 1 || isPatronymic(q)) {
		if id := m.initials[c-'a']; id >= 0 {
			res = append(res, tokMatch{id, initialSim})
		}
	}
	if abjad && len(q) >= 2 {
		if k := consonantKey(q); k != "" {
			sim := consSim
			if len(k) <= 2 {
				sim = consSimShort
			}
			for _, id := range m.byCons[k] {
				if i := slices.IndexFunc(res, func(tm tokMatch) bool { return tm.id == id }); i < 0 {
					res = append(res, tokMatch{id, sim})
				} else if res[i].sim < sim {
					res[i].sim = sim
				}
			}
		}
	}
	keep(m.tokCache, ck, res)
	return res
}

// scratch holds per-search accumulators indexed by name, reused via a pool.
type scratch struct {
	gen     uint32
	stamp   []uint32
	lastQ   []int32
	sum     []float64
	cur     []float64
	touched []int32
}

func newScratch(n int) *scratch {
	return &scratch{
		stamp: make([]uint32, n),
		lastQ: make([]int32, n),
		sum:   make([]float64, n),
		cur:   make([]float64, n),
	}
}

// qtok is one query token with its weight and vocabulary matches.
type qtok struct {
	s       string
	w       float64
	matches []tokMatch
	postN   int
	maxC    float64 // the most the token adds to a score's numerator
	// key is the token's transliteration key when it may match fuzzily,
	// look the word its letters set close look like ([unkern]), for
	// [Matcher.same]; "" for none.
	key, look string
}

// queryToks returns the query tokens of one variant's words, and their
// total weight.
func (m *Matcher) queryToks(toks []string, abjad bool) ([]qtok, float64) {
	qs := make([]qtok, len(toks))
	var wq float64
	for i, t := range toks {
		q := qtok{s: t, w: classWeight(t), look: unkern(t)}
		if q.w == 1 && fuzzyOK(t) {
			if k := translitKey(t); len(k) >= 3 {
				q.key = k
			}
		}
		wq += q.w
		if len(t) > 1 {
			q.matches = m.lookup(t, abjad)
			for _, tm := range q.matches {
				q.postN += len(m.post[tm.id])
				q.maxC = max(q.maxC, tm.sim*(q.w+m.weights[tm.id]))
			}
		} else {
			q.maxC = q.w + 1 // an initial: its word or an equal one-letter word
		}
		qs[i] = q
	}
	return qs, wq
}

// Best returns the best-scoring entry active on the date on (YYYY-MM-DD;
// "" counts every entry as active), and false when no active entry scores at
// least [Floor]. Ties go to the entry listed first.
func (m *Matcher) Best(name, on string) (Match, bool) {
	for _, c := range m.candidates(name) {
		if e := m.entries[c.entry]; e.Active(on) && c.score >= Floor {
			return m.match(c), true
		}
	}
	return Match{}, false
}

// Matches returns every entry active on the date on that scores at least
// min (and at least [Floor]) against name, or one of whose names name
// holds whole ([Match.Contained]), best first.
func (m *Matcher) Matches(name, on string, min float64) []Match {
	var out []Match
	for _, c := range m.candidates(name) {
		if c.score < min && c.in == 0 {
			continue
		}
		if m.entries[c.entry].Active(on) {
			out = append(out, m.match(c))
		}
	}
	return out
}

func (m *Matcher) match(c cand) Match {
	r := Match{
		Entry:       m.entries[c.entry],
		MatchedName: m.names[c.name].display,
		Score:       math.Round(c.score*1e4) / 1e4,
	}
	if c.in > 0 {
		r.Contained = m.names[c.in-1].display
	}
	return r
}

// candidates returns the entries scoring at least Floor against name, best
// first, from the cache when name's normalised form was seen before.
func (m *Matcher) candidates(name string) []cand {
	// An order book names the same end users again and again: the name as
	// given finds its result without normalising it.
	if c, ok := m.rawCache.Load(name); ok {
		return c
	}
	res := m.normalisedCandidates(name)
	keep(m.rawCache, name, res)
	return res
}

// keep caches v for k unless the cache holds cacheMax results already.
func keep[V any](c *xsync.Map[string, V], k string, v V) {
	if c.Size() < cacheMax {
		c.LoadOrStore(k, v)
	}
}

// qvariant is one form of a query: its words, and whether they were
// romanised from an abjad.
type qvariant struct {
	toks  []string
	abjad bool
}

// queryVariants returns the word lists a query name is compared as: the
// variants of each name it contains ([queryTexts]) and of its plain
// readings ([plainReadings]: letters spelt out, words run together, digits
// for letters), each also with adjacent words joined or a word split where
// that gives listed words ([Matcher.rewrite]).
func (m *Matcher) queryVariants(name string) []qvariant {
	var out []qvariant
	add := func(toks []string, abjad bool) {
		if !slices.ContainsFunc(out, func(o qvariant) bool { return o.abjad == abjad && sameSet(o.toks, toks) }) {
			out = append(out, qvariant{toks, abjad})
		}
	}
	addText := func(t string) {
		for _, v := range variants(t) {
			add(v.tokens, v.abjad)
			if r := m.rewrite(v.tokens); r != nil {
				add(r, v.abjad)
			}
		}
	}
	for _, text := range queryTexts(name) {
		addText(text)
		for _, t := range plainReadings(text) {
			addText(t)
		}
	}
	return out
}

// rewrite returns toks with runs of two or three adjacent words joined
// where the joined word is listed ("xi jin ping" gives "xi jinping" when
// "jinping" is listed) and words split where they are adjacent listed words
// written together, in the same or another transliteration ("kimjongun"
// and "gimjeongeun" give "kim jong un"), or nil when nothing changes.
func (m *Matcher) rewrite(toks []string) []string {
	var out []string
	var buf [64]byte
	changed := false
	for i := 0; i < len(toks); {
		parts, ok := m.splits[toks[i]]
		if !ok && len(toks[i]) >= 7 {
			if _, listed := m.vocab[toks[i]]; !listed {
				// A run-on word in another transliteration ("gimjeongeun"),
				// or with its legal form run on ("atlassanatgaranllc").
				parts, ok = m.splitKey[translitKey(toks[i])]
				if !ok {
					parts, ok = m.unLegal(toks[i])
				}
			}
		}
		if ok {
			if !changed {
				out = append(make([]string, 0, len(toks)+2), toks[:i]...)
			}
			out = append(out, parts...)
			changed = true
			i++
			continue
		}
		joined := false
		for k := min(3, len(toks)-i); k >= 2; k-- {
			c := buf[:0]
			for _, t := range toks[i : i+k] {
				c = append(c, t...)
			}
			if id, ok := m.vocab[string(c)]; ok { // no allocation
				if !changed {
					out = append(make([]string, 0, len(toks)), toks[:i]...)
				}
				out = append(out, m.words[id])
				changed, joined = true, true
				i += k
				break
			}
		}
		if !joined {
			if changed {
				out = append(out, toks[i])
			}
			i++
		}
	}
	if !changed || len(out) > maxTokens {
		return nil
	}
	return out
}

// runOnLegal are the legal forms that a name run together in lower case
// ends with ("atlassanatgaranllc", "rosnefttradelimited"), and
// runOnLegalFirst those it begins with ("ooorosneft"): forms of three
// letters or more, as "co", "sa" or "ag" end too many words.
var (
	runOnLegal      = strings.Fields(`llc ltd ltda limited inc corp corporation company gmbh jsc pjsc ojsc cjsc plc llp pte pvt fze fzco bhd srl sarl`)
	runOnLegalFirst = strings.Fields(`ooo oao zao pao pjsc ojsc cjsc jsc tov`)
)

// unLegal returns the listed words t holds once a legal form run on to it
// ([runOnLegal], and a "co" before "ltd") is taken off: adjacent listed
// words run together ("atlassanatgaranllc" is "atlas sanatgaran"), or one
// listed word of five letters or more ("sinobrightltd"); false when there
// is none.
func (m *Matcher) unLegal(t string) ([]string, bool) {
	try := func(rest string) ([]string, bool) {
		if len(rest) < 5 {
			return nil, false
		}
		if parts, ok := m.splits[rest]; ok {
			return parts, true
		}
		if id, ok := m.vocab[rest]; ok {
			return m.words[id : id+1], true
		}
		return nil, false
	}
	for _, f := range runOnLegal {
		if rest, ok := strings.CutSuffix(t, f); ok {
			if parts, ok := try(rest); ok {
				return parts, true
			}
			if rest, ok := strings.CutSuffix(rest, "co"); ok {
				return try(rest)
			}
		}
	}
	for _, f := range runOnLegalFirst {
		if rest, ok := strings.CutPrefix(t, f); ok {
			return try(rest)
		}
	}
	return nil, false
}

func (m *Matcher) normalisedCandidates(name string) []cand {
	vs := m.queryVariants(name)
	if len(vs) == 0 {
		return nil
	}
	var kb strings.Builder
	for i, v := range vs {
		if i > 0 {
			kb.WriteByte('|')
		}
		if v.abjad {
			kb.WriteByte(0)
		}
		// In order: whether a listed name is held whole depends on which
		// words are adjacent ([Matcher.within]).
		kb.WriteString(strings.Join(v.toks, " "))
	}
	key := kb.String()
	if c, ok := m.nameCache.Load(key); ok {
		return c
	}
	res := m.search(vs)
	keep(m.nameCache, key, res)
	return res
}

func (m *Matcher) search(vs []qvariant) []cand {
	sc := m.scratch.Get().(*scratch)
	defer m.scratch.Put(sc)
	var found []cand
	for _, v := range vs {
		found = m.searchVariant(sc, v, found)
	}
	// Best per entry, best first; ties to the entry listed first.
	slices.SortFunc(found, func(a, b cand) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return int(a.entry - b.entry)
	})
	out := found[:0]
	for _, c := range found {
		if i := slices.IndexFunc(out, func(o cand) bool { return o.entry == c.entry }); i < 0 {
			out = append(out, c)
		} else if out[i].in == 0 {
			out[i].in = c.in // a name of the entry held whole, if any
		}
	}
	return slices.Clip(out)
}

// admitBound is the highest score a name could reach from query words that
// add at most a to the numerator and weigh r, when the query weighs wq in
// all: the rest of the query stays unpaired.
func admitBound(a, r, wq float64) float64 {
	return a / (a + extraCost*(wq-r))
}

// scoreBound is the highest score a name of weight wc could reach if its
// pairs with a query of weight wq sum to at most a (Σ s·(w(q)+w(c))): the
// denominator is at least extraCost·wq + missingCost·wc + (1-missingCost)·a.
func scoreBound(a, wq, wc float64) float64 {
	return a / (extraCost*wq + missingCost*wc + (1-missingCost)*a)
}

func (m *Matcher) searchVariant(sc *scratch, v qvariant, found []cand) []cand {
	qs, wq := m.queryToks(v.toks, v.abjad)
	var admitting []int      // tokens with vocabulary matches, rarest first
	var restW, restC float64 // weight of tokens that admit no candidates, what they may add
	nCore := 0               // distinctive query words ([Matcher.core])
	for i := range qs {
		if qs[i].w == 1 {
			nCore++
		}
		if len(qs[i].matches) > 0 {
			admitting = append(admitting, i)
		} else {
			restW += qs[i].w
			restC += qs[i].maxC
		}
	}
	slices.SortStableFunc(admitting, func(a, b int) int { return qs[a].postN - qs[b].postN })

	sc.gen++
	if sc.gen == 0 {
		clear(sc.stamp)
		sc.gen = 1
	}
	sc.touched = sc.touched[:0]
	k := 0
	for ; k < len(admitting); k++ {
		// Best score a name not yet seen could reach from the tokens left.
		a, r := restC, restW
		for _, i := range admitting[k:] {
			a += qs[i].maxC
			r += qs[i].w
		}
		if admitBound(a, r, wq) < Floor {
			break
		}
		i := admitting[k]
		q := &qs[i]
		for _, tm := range q.matches {
			c := tm.sim * (q.w + m.weights[tm.id])
			for _, ni := range m.post[tm.id] {
				if sc.stamp[ni] != sc.gen {
					sc.stamp[ni] = sc.gen
					sc.sum[ni], sc.cur[ni], sc.lastQ[ni] = c, c, int32(i)
					sc.touched = append(sc.touched, ni)
				} else if sc.lastQ[ni] != int32(i) {
					sc.sum[ni] += c
					sc.cur[ni], sc.lastQ[ni] = c, int32(i)
				} else if c > sc.cur[ni] {
					sc.sum[ni] += c - sc.cur[ni]
					sc.cur[ni] = c
				}
			}
		}
	}
	// The remaining tokens admit no new names but may still add to those
	// admitted; a token with very long postings is not visited and is
	// assumed to add the most it can.
	rem := restC
	for _, i := range admitting[k:] {
		q := &qs[i]
		if q.postN > updateMax {
			rem += q.maxC
			continue
		}
		for _, tm := range q.matches {
			c := tm.sim * (q.w + m.weights[tm.id])
			for _, ni := range m.post[tm.id] {
				if sc.stamp[ni] != sc.gen {
					continue
				}
				if sc.lastQ[ni] != int32(i) {
					sc.sum[ni] += c
					sc.cur[ni], sc.lastQ[ni] = c, int32(i)
				} else if c > sc.cur[ni] {
					sc.sum[ni] += c - sc.cur[ni]
					sc.cur[ni] = c
				}
			}
		}
	}
	bound := func(ni int32) bool {
		return sc.stamp[ni] == sc.gen && scoreBound(sc.sum[ni]+rem, wq, m.nameW[ni]) >= Floor
	}
	for _, ni := range sc.touched {
		if !bound(ni) {
			continue
		}
		nr := &m.names[ni]
		if s := m.score(qs, wq, nr); s >= Floor {
			found = append(found, cand{entry: nr.entry, name: ni, score: s})
		}
	}
	// A listed name agreeing with the query in its distinctive words
	// scores up to coreSim however many other words either has
	// ([Matcher.core]), which the bounds above do not know: every one of
	// its distinctive words is the same word as a distinctive query word,
	// its rarest among them, under which it is indexed; those names are
	// scored when the bounds passed them over.
	if nCore > 0 {
		var same []int32 // listed words that are the same word as a distinctive query word
		for i := range qs {
			if qs[i].w == 1 {
				for _, tm := range qs[i].matches {
					if m.same(&qs[i], tm.id) && !slices.Contains(same, tm.id) {
						same = append(same, tm.id)
					}
				}
			}
		}
		for _, id := range same {
		names:
			for _, ni := range m.cores[id] {
				nr := &m.names[ni]
				if bits.OnesCount64(nr.core) > nCore || bound(ni) {
					continue
				}
				for j, t := range nr.toks {
					if nr.core&(1<<j) != 0 && !slices.Contains(same, t) {
						continue names
					}
				}
				if s := m.score(qs, wq, nr); s >= Floor {
					found = append(found, cand{entry: nr.entry, name: ni, score: s})
				}
			}
		}
	}
	return m.within(qs, wq, found)
}

type pair struct {
	q, c int
	v, d float64 // what the pair adds to the score's numerator and denominator
}

// score returns the score of query tokens qs (of total weight wq) against
// name nr, pairing tokens greedily, best first, while a pair raises the
// score.
func (m *Matcher) score(qs []qtok, wq float64, nr *nameRec) float64 {
	var buf [16]pair
	pairs := buf[:0]
	for i := range qs {
		q := &qs[i]
		for j, id := range nr.toks {
			var sim float64
			if len(q.s) == 1 {
				w := m.words[id]
				if w == q.s {
					sim = 1
				} else if len(w) > 1 && w[0] == q.s[0] && (classWeight(w) == 1 || isPatronymic(w)) {
					sim = initialSim
				}
			} else {
				for _, tm := range q.matches {
					if tm.id == id {
						sim = tm.sim
						break
					}
				}
			}
			if sim > 0 {
				wc := m.weights[id]
				pairs = append(pairs, pair{i, j, sim * (q.w + wc), (1-extraCost)*q.w + (1-missingCost)*wc})
			}
		}
	}
	// Insertion sort, best first, stable: there are only a few pairs.
	for i := 1; i < len(pairs); i++ {
		for j := i; j > 0 && pairs[j].v > pairs[j-1].v; j-- {
			pairs[j], pairs[j-1] = pairs[j-1], pairs[j]
		}
	}
	var usedQ, usedC uint64
	num, den := 0.0, extraCost*wq+missingCost*nr.weight
	for _, p := range pairs {
		if usedQ&(1<<p.q) != 0 || usedC&(1<<p.c) != 0 || p.v*den < num*p.d {
			continue
		}
		usedQ |= 1 << p.q
		usedC |= 1 << p.c
		num += p.v
		den += p.d
	}
	if den == 0 {
		return 0
	}
	return min(1, max(num/den, coreSim*m.core(qs, nr, pairs)))
}

// Entry is the active-or-not entry with the CSL id, for showing a
// candidate's whole record; false when no list holds it.
// The index is made the first time one is asked for (a true match's
// entry, the desk's candidate), holding the first entry of each id.
func (m *Matcher) Entry(id string) (*Entry, bool) {
	m.byIDOnce.Do(func() {
		m.byID = make(map[string]*Entry, len(m.entries))
		for _, e := range m.entries {
			if _, dup := m.byID[e.ID]; !dup {
				m.byID[e.ID] = e
			}
		}
	})
	e, ok := m.byID[id]
	return e, ok
}
