package screening

import (
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/adrg/strutil/metrics"
	"github.com/puzpuzpuz/xsync/v4"
)

// Floor is the lowest score [Matcher.Best] reports; weaker candidates are
// not matches at all.
const Floor = 0.70

const (
	// tokenSimMin is the Jaro–Winkler similarity two different tokens need to
	// count as the same word misspelt; below it they do not match at all.
	tokenSimMin = 0.90
	// initialSim is the similarity of a one-letter query token (an initial)
	// to a listed word it begins.
	initialSim = 0.90
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
}

// Matcher finds the listed parties a name most resembles. It is built once
// from one or more lists and is safe for concurrent use.
//
// Scoring: both names are split into variants and normalised ([Normalize])
// into token sets. Tokens pair one-to-one when they are equal, when their
// Jaro–Winkler similarity is at least 0.90 (lengths within 25%, neither
// shorter than four letters nor containing a digit), or when a one-letter
// query token is the initial of a listed word. Each token weighs 1, or 0.5
// for words common in company names ("international", "technology", "china")
// and for initials. The score is the weighted Sørensen–Dice overlap
//
//	Σ sim(q,c)·(w(q)+w(c)) / (Σ w(query tokens) + Σ w(listed tokens))
//
// so reordering words and dropping legal forms cost nothing, while a missing
// or extra word costs its weight. An entry's score is that of its
// best-scoring name or alt name. Scores depend only on the two names, never
// on what else is listed.
//
// Search: an inverted index maps each distinct listed token to the names
// holding it; query tokens are looked up exactly and, through a prefix and
// suffix index of the vocabulary, fuzzily. Tokens are visited rarest first,
// and once the tokens left could no longer lift an unseen name to [Floor]
// no new candidates are admitted (prefix filtering); candidates are then
// bounded and scored exactly. Results are cached per name as given and per
// distinct normalised name, and token look-ups per distinct token.
type Matcher struct {
	entries []*Entry
	names   []nameRec

	vocab   map[string]int32
	words   []string
	weights []float64
	fuzzy   []bool             // vocabulary id -> may match fuzzily
	post    [][]int32          // vocabulary id -> names holding it
	blocks  map[string][]int32 // "p:"+prefix / "s:"+suffix -> vocabulary ids by length

	jw *metrics.JaroWinkler

	tokCache            *xsync.Map[string, []tokMatch]
	nameCache, rawCache *xsync.Map[string, []cand]
	scratch             sync.Pool
}

// nameRec is one listed name (an entry's name, alt name or acronym).
type nameRec struct {
	entry   int32
	display string
	toks    []int32
	weight  float64
}

type tokMatch struct {
	id  int32
	sim float64
}

// cand is an entry that scored at least Floor for a query.
type cand struct {
	entry, name int32
	score       float64
}

// NewMatcher indexes the entries of lists. The lists must not be changed
// while the matcher is in use; matches point into their Entries.
func NewMatcher(lists ...*List) *Matcher {
	m := &Matcher{
		vocab:  map[string]int32{},
		blocks: map[string][]int32{},
		jw:     metrics.NewJaroWinkler(),

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
	m.fuzzy = make([]bool, len(m.words))
	for id, w := range m.words {
		if m.fuzzy[id] = fuzzyOK(w); m.fuzzy[id] {
			m.blocks["p:"+w[:3]] = append(m.blocks["p:"+w[:3]], int32(id))
			m.blocks["s:"+w[len(w)-3:]] = append(m.blocks["s:"+w[len(w)-3:]], int32(id))
		}
	}
	for _, ids := range m.blocks {
		slices.SortStableFunc(ids, func(a, b int32) int { return len(m.words[a]) - len(m.words[b]) })
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
			m.weights = append(m.weights, tokenWeight(t))
		}
		r.toks = append(r.toks, id)
		r.weight += m.weights[id]
	}
	m.names = append(m.names, r)
}

func tokenWeight(t string) float64 {
	if len(t) == 1 || generic[t] {
		return 0.5
	}
	return 1
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

// tokenSim is the similarity of two different normalised tokens that may
// both match fuzzily ([fuzzyOK]), 0 when they do not match.
func (m *Matcher) tokenSim(a, b string) float64 {
	la, lb := len(a), len(b)
	if 4*(max(la, lb)-min(la, lb)) > max(la, lb) {
		return 0
	}
	if jwBound(a, b) < tokenSimMin {
		return 0
	}
	if s := m.jw.Compare(a, b); s >= tokenSimMin {
		return s
	}
	return 0
}

// jwBound is an upper bound of the Jaro–Winkler similarity of two ASCII
// tokens from the letters they share, cheap enough to rule out most pairs
// before computing the similarity itself.
func jwBound(a, b string) float64 {
	var count [128]int8
	for i := 0; i < len(a); i++ {
		count[a[i]&127]++
	}
	common := 0
	for i := 0; i < len(b); i++ {
		if c := b[i] & 127; count[c] > 0 {
			count[c]--
			common++
		}
	}
	if common == 0 {
		return 0
	}
	c := float64(common)
	jaro := (c/float64(len(a)) + c/float64(len(b)) + 1) / 3
	return jaro + 0.4*(1-jaro)
}

// lookup returns the vocabulary tokens matching query token q, cached.
func (m *Matcher) lookup(q string) []tokMatch {
	if v, ok := m.tokCache.Load(q); ok {
		return v
	}
	var res []tokMatch
	exact, hasExact := m.vocab[q]
	if hasExact {
		res = append(res, tokMatch{exact, 1})
	}
	if fuzzyOK(q) {
		p, s := q[:3], q[len(q)-3:]
		// Only words whose length is within 25% of q's can match.
		lo, hi := (3*len(q)+3)/4, 4*len(q)/3
		window := func(ids []int32) []int32 {
			i, _ := slices.BinarySearchFunc(ids, lo, func(id int32, n int) int { return len(m.words[id]) - n })
			j, _ := slices.BinarySearchFunc(ids, hi+1, func(id int32, n int) int { return len(m.words[id]) - n })
			return ids[i:j]
		}
		for _, id := range window(m.blocks["p:"+p]) {
			if (id == exact && hasExact) || !m.fuzzy[id] {
				continue
			}
			if sim := m.tokenSim(q, m.words[id]); sim > 0 {
				res = append(res, tokMatch{id, sim})
			}
		}
		for _, id := range window(m.blocks["s:"+s]) {
			w := m.words[id]
			if w[:3] == p || (id == exact && hasExact) || !m.fuzzy[id] {
				continue // seen in the prefix block
			}
			if sim := m.tokenSim(q, w); sim > 0 {
				res = append(res, tokMatch{id, sim})
			}
		}
	}
	keep(m.tokCache, q, res)
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
}

// Best returns the best-scoring entry active on the date on (YYYY-MM-DD;
// "" counts every entry as active), and false when no active entry scores at
// least [Floor]. Ties go to the entry listed first.
func (m *Matcher) Best(name, on string) (Match, bool) {
	for _, c := range m.candidates(name) {
		if e := m.entries[c.entry]; e.Active(on) {
			return m.match(c), true
		}
	}
	return Match{}, false
}

// Matches returns every entry active on the date on that scores at least
// min (and at least [Floor]) against name, best first.
func (m *Matcher) Matches(name, on string, min float64) []Match {
	var out []Match
	for _, c := range m.candidates(name) {
		if c.score < min {
			break
		}
		if m.entries[c.entry].Active(on) {
			out = append(out, m.match(c))
		}
	}
	return out
}

func (m *Matcher) match(c cand) Match {
	return Match{
		Entry:       m.entries[c.entry],
		MatchedName: m.names[c.name].display,
		Score:       math.Round(c.score*1e4) / 1e4,
	}
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

func (m *Matcher) normalisedCandidates(name string) []cand {
	vs := variants(name)
	if len(vs) == 0 {
		return nil
	}
	var kb strings.Builder
	for i, v := range vs {
		if i > 0 {
			kb.WriteByte('|')
		}
		ts := slices.Clone(v.tokens)
		slices.Sort(ts)
		kb.WriteString(strings.Join(ts, " "))
	}
	key := kb.String()
	if c, ok := m.nameCache.Load(key); ok {
		return c
	}
	res := m.search(vs)
	keep(m.nameCache, key, res)
	return res
}

func (m *Matcher) search(vs []variant) []cand {
	sc := m.scratch.Get().(*scratch)
	defer m.scratch.Put(sc)
	var found []cand
	for _, v := range vs {
		found = m.searchVariant(sc, v.tokens, found)
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
		if !slices.ContainsFunc(out, func(o cand) bool { return o.entry == c.entry }) {
			out = append(out, c)
		}
	}
	return slices.Clip(out)
}

func (m *Matcher) searchVariant(sc *scratch, toks []string, found []cand) []cand {
	qs := make([]qtok, len(toks))
	var wq float64
	var admitting []int // tokens with vocabulary matches, rarest first
	var restW float64   // weight of tokens that admit no candidates
	restN := 0
	for i, t := range toks {
		q := qtok{s: t, w: tokenWeight(t)}
		wq += q.w
		if len(t) > 1 {
			q.matches = m.lookup(t)
			for _, tm := range q.matches {
				q.postN += len(m.post[tm.id])
			}
		}
		qs[i] = q
		if len(q.matches) > 0 {
			admitting = append(admitting, i)
		} else {
			restW += q.w
			restN++
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
		r, n := restW, float64(restN)
		for _, i := range admitting[k:] {
			r += qs[i].w
			n++
		}
		if (r+n)/(wq+n) < Floor {
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
	// assumed to add at most w(q)+1.
	rem := restW + float64(restN)
	for _, i := range admitting[k:] {
		q := &qs[i]
		if q.postN > updateMax {
			rem += q.w + 1
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
	for _, ni := range sc.touched {
		nr := &m.names[ni]
		den := wq + nr.weight
		if (sc.sum[ni]+rem)/den < Floor {
			continue
		}
		if s := m.score(qs, nr) / den; s >= Floor {
			found = append(found, cand{entry: nr.entry, name: ni, score: s})
		}
	}
	return found
}

type pair struct {
	q, c int
	v    float64
}

// score returns the numerator of the weighted Dice score of query tokens qs
// against name nr, pairing tokens greedily by contribution.
func (m *Matcher) score(qs []qtok, nr *nameRec) float64 {
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
				} else if len(w) > 1 && w[0] == q.s[0] {
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
				pairs = append(pairs, pair{i, j, sim * (q.w + m.weights[id])})
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
	var sum float64
	for _, p := range pairs {
		if usedQ&(1<<p.q) != 0 || usedC&(1<<p.c) != 0 {
			continue
		}
		usedQ |= 1 << p.q
		usedC |= 1 << p.c
		sum += p.v
	}
	return sum
}
