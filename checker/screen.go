package checker

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"golang.org/x/text/unicode/norm"
)

// screened is what screening hands the policy for one line
// (input.orders[_].screening): every hit at or above the review threshold,
// bounded by [MaxHits], or that the line names no end user to screen. A
// line screened with no hit hands over nothing (the policy reads nothing of
// it), so it shares its decision key with lines not screened at all.
type screened struct {
	day       string // the ship date, when a hit carries a clearance (the policy compares its expiry)
	noEndUser bool
	hits      []*ScreeningFact
	flags     []NameFlag
	owners    *owned // the end user's owners, when a register or the order names any
}

// screen screens a line's end user and its owners; nil when the policy has
// nothing to read (screening off, or no hit at or above the floor and no
// owners to hand over).
func (c *Checker) screen(ctx context.Context, o *Order, date string) (*screened, error) {
	if c.opts.Screener == nil {
		return nil, nil
	}
	name := strings.TrimSpace(o.EndUser)
	if !c.IsName(name) {
		return &screened{noEndUser: true}, nil
	}
	hits := c.confirmedHits(name, date, boundHits(c.opts.Screener.Screen(name, date, c.reviewFloor)))
	flags := c.opts.Screener.Flags(name)
	own, ownCleared, err := c.owners(ctx, o, name, date)
	if err != nil {
		return nil, err
	}
	if len(hits) == 0 && len(flags) == 0 && own == nil {
		return nil, nil
	}
	s := &screened{hits: hits, flags: flags, owners: own}
	h, cleared, err := c.withClearances(ctx, name, hits, date)
	if err != nil {
		return nil, err
	}
	if cleared {
		s.hits, s.day = h, date
	}
	if ownCleared {
		s.day = date
	}
	return s, nil
}

// confirmedHits adds to hits, the screening hits on name, each entry a
// true_match clearance on record names for name that is not among them
// (the name does not resemble it: a listed party under another name), as
// the screener finds it on date, so that the policy judges the
// clearance: a person's word that the end user is the listed party holds
// whatever the score (screening.true_match), and lapsed, it is reviewed.
func (c *Checker) confirmedHits(name, date string, hits []*ScreeningFact) []*ScreeningFact {
	if len(c.confirmed) == 0 {
		return hits
	}
	key := c.clearanceKey(name)
	ids := c.confirmed[key]
	if len(ids) == 0 {
		return hits
	}
	es, _ := c.opts.Screener.(EntryScreener)
	for _, id := range ids {
		if slices.ContainsFunc(hits, func(h *ScreeningFact) bool { return h.EntryID == id }) {
			continue
		}
		f, listed := es.ScreenEntry(name, id, date)
		if !listed {
			// No list loaded holds the entry: delisted, given another
			// ID, or another list than the one cleared against. A person
			// said the end user is that party: the clearance is judged
			// against an entry that is no longer as cleared (no hash),
			// which lapses it, and the line is reviewed.
			cs := c.opts.Records.Clearances[[2]string{key, id}]
			last := cs[len(cs)-1]
			f = &ScreeningFact{List: last.List, EntryID: id, Name: cmp.Or(last.EntryName, id), MatchedName: cmp.Or(last.EntryName, id)}
		}
		if f != nil {
			hits = append(slices.Clip(hits), f)
		}
	}
	return hits
}

// confirmedEntries are, by normalised end user, the list entries a
// clearance on record names (at any time of its history) with an outcome
// the policy says brings its entry (screening.entry_outcomes, true_match);
// and cleared, the end users any clearance names.
func confirmedEntries(ctx context.Context, comp *ast.Compiler, store storage.Store, r *Records) (_ map[string][]string, cleared map[string]bool, _ error) {
	if r == nil || len(r.Clearances) == 0 {
		return nil, nil, nil
	}
	var outcomes []string
	if err := evalJSON(ctx, comp, store, `[o | some o in data.exportcheck.screening.entry_outcomes]`, &outcomes); err != nil {
		return nil, nil, fmt.Errorf("screening.entry_outcomes: %w", err)
	}
	if len(outcomes) == 0 {
		return nil, nil, errors.New("the records hold clearances and the policy names no outcome that brings its list entry (screening.entry_outcomes): a true match under a name screening does not find would be missed")
	}
	out, cleared := map[string][]string{}, map[string]bool{}
	for k, cs := range r.Clearances {
		cleared[k[0]] = true
		if slices.ContainsFunc(cs, func(c *ClearanceFact) bool { return slices.Contains(outcomes, c.Outcome) }) {
			out[k[0]] = append(out[k[0]], k[1])
		}
	}
	for _, ids := range out {
		slices.Sort(ids)
	}
	return out, cleared, nil
}

// clearanceKey is name as the clearances on record are keyed: normalised,
// or, when no clearance is on record for that and one is for a reading of
// it ("Z e p h y r Holdings" read as "Zephyr Holdings", as screening reads
// it), the reading's. The policy judges whether a clearance made for
// another spelling holds (a false positive does not).
func (c *Checker) clearanceKey(name string) string {
	key, ok := c.clearanceKeys.Load(name)
	if !ok {
		r := c.opts.Records
		key = r.Normalize(name)
		if !c.clearedKeys[key] && r.Readings != nil {
			for _, s := range r.Readings(name) {
				if k := r.Normalize(s); c.clearedKeys[k] {
					key = k
					break
				}
			}
		}
		if c.clearanceKeys.Size() < namesLimit {
			c.clearanceKeys.Store(name, key)
		}
	}
	return key
}

// withClearances gives each hit on name that a clearance on record
// adjudicated the clearance it is judged by on the ship date (date), and
// the one made after it that may have found it a true match since (Later):
// see [Checker.standing]. A copy of hits when any is cleared; cleared
// reports whether one was.
func (c *Checker) withClearances(ctx context.Context, name string, hits []*ScreeningFact, date string) (_ []*ScreeningFact, cleared bool, _ error) {
	r := c.opts.Records
	if r == nil || len(r.Clearances) == 0 || len(hits) == 0 {
		return hits, false, nil
	}
	key := c.clearanceKey(name)
	out := hits
	var screened *Spelled
	for i, h := range hits {
		if cs := r.Clearances[[2]string{key, h.EntryID}]; len(cs) > 0 {
			if !cleared {
				out, cleared = slices.Clone(hits), true
				screened = &Spelled{Name: name, Spelling: r.Spell(name)}
			}
			x := *h
			x.Screened = screened
			var err error
			if x.Clearance, x.Later, err = c.standing(ctx, key, &x, cs, date); err != nil {
				return nil, false, err
			}
			out[i] = &x
		}
	}
	return out, cleared, nil
}

// standing is the clearance of history cs (the clearances of h's entry
// for names normalised alike, oldest first) that hit h is judged by on
// date, and later, one made after date that may have found it a true
// match since. Of the history of one spelling of the name that is the
// clearance made last on or before date (or, when none was, the first,
// which the policy finds made after it), and the newest when made after
// date: which version of a record stood on a date is bookkeeping. Where
// several spellings were cleared, each spelling's are candidates and the
// policy picks (screening.clearance_of): whether a clearance made for
// another spelling holds is its to say. So it is when the clearance made
// last on or before date was written after it (recorded): the one on file
// on date (onFile), which a renewal written late must not hide, is a
// candidate beside it.
func (c *Checker) standing(ctx context.Context, key string, h *ScreeningFact, cs []*ClearanceFact, date string) (cl, later *ClearanceFact, _ error) {
	if !slices.ContainsFunc(cs, func(p *ClearanceFact) bool { return p.For.Spelling != cs[0].For.Spelling }) {
		// One spelling (the usual history): no copies, judged each line.
		cl = asOf(cs, date)
		if newest := cs[len(cs)-1]; newest != cl && newest.At > date {
			later = newest
		}
		if f := onFile(cs, date); f != nil && f != cl {
			var after []*ClearanceFact
			if later != nil {
				after = append(after, later)
			}
			return c.pickClearance(ctx, key, h, []*ClearanceFact{cl, f}, after, date)
		}
		return cl, later, nil
	}
	var now, after []*ClearanceFact // of each spelling
	for i, cf := range cs {
		if slices.ContainsFunc(cs[:i], func(p *ClearanceFact) bool { return p.For.Spelling == cf.For.Spelling }) {
			continue
		}
		one := slices.DeleteFunc(slices.Clone(cs[i:]), func(p *ClearanceFact) bool { return p.For.Spelling != cf.For.Spelling })
		at := asOf(one, date)
		now = append(now, at)
		if f := onFile(one, date); f != nil && f != at {
			now = append(now, f)
		}
		if newest := one[len(one)-1]; newest != at && newest.At > date {
			after = append(after, newest)
		}
	}
	return c.pickClearance(ctx, key, h, now, after, date)
}

// pickQuery is the policy's pick of a hit's candidate clearances.
const pickQuery = "x := data.exportcheck.screening.clearance_of(input.hit, input.day)"

// asksPick reports whether the policy may be asked to pick among a hit's
// candidate clearances: a history of r's clearances holds clearances of
// more than one spelling of the name, or one written after the day it
// was adjudicated (the one on file before it is a candidate beside it).
func asksPick(r *Records) bool {
	if r == nil {
		return false
	}
	for _, cs := range r.Clearances {
		if slices.ContainsFunc(cs, func(cf *ClearanceFact) bool { return cf.For.Spelling != cs[0].For.Spelling || cf.Recorded > cf.At }) {
			return true
		}
	}
	return false
}

// clearancePick is what the policy picks of a hit's candidate clearances.
type clearancePick struct {
	Clearance *pickedClearance `json:"clearance"`
	Later     *pickedClearance `json:"later_clearance"`
}

// pickedClearance names a candidate: one spelling's clearance of a day.
type pickedClearance struct {
	At      string `json:"at"`
	EndUser struct {
		Spelling string `json:"spelling"`
	} `json:"end_user"`
}

// pickClearance asks the policy (screening.clearance_of) which of the
// candidates (now: of each spelling, the one standing on date; after:
// of each, the newest made after it) hit h is judged by.
func (c *Checker) pickClearance(ctx context.Context, key string, h *ScreeningFact, now, after []*ClearanceFact, date string) (cl, later *ClearanceFact, _ error) {
	mk := strings.Join([]string{key, h.EntryID, date, h.EntryHash, h.EntryHashV1, h.Screened.Spelling}, "\x00")
	if p, ok := c.picks.Load(mk); ok {
		return p[0], p[1], nil
	}
	terms := func(cs []*ClearanceFact) []any {
		out := make([]any, len(cs))
		for i, cf := range cs {
			out[i] = cf.term()
		}
		return out
	}
	hit := map[string]any{
		"list": h.List, "entry_id": h.EntryID, "entry_hash": h.EntryHash,
		"clearances": terms(now), "later_clearances": terms(after),
		"screened": h.Screened.term(),
	}
	if h.EntryHashV1 != "" {
		hit["entry_hash_v1"] = h.EntryHashV1
	}
	rs, err := c.pickQuery.Eval(ctx, rego.EvalInput(map[string]any{"hit": hit, "day": date}))
	if err != nil {
		return nil, nil, fmt.Errorf("screening.clearance_of: %w", err)
	}
	var p clearancePick
	if len(rs) == 1 {
		b, err := json.Marshal(rs[0].Bindings["x"])
		if err != nil {
			return nil, nil, fmt.Errorf("screening.clearance_of: %w", err)
		}
		if err := json.Unmarshal(b, &p); err != nil {
			return nil, nil, fmt.Errorf("screening.clearance_of: %w", err)
		}
	}
	find := func(x *pickedClearance, cs []*ClearanceFact) *ClearanceFact {
		if x == nil {
			return nil
		}
		i := slices.IndexFunc(cs, func(cf *ClearanceFact) bool { return cf.At == x.At && cf.For.Spelling == x.EndUser.Spelling })
		if i < 0 {
			return nil
		}
		return cs[i]
	}
	cl, later = find(p.Clearance, now), find(p.Later, append(slices.Clip(now), after...))
	if cl == nil || p.Later != nil && later == nil {
		// Fail closed: a hit with clearances on record is never handed
		// over as if none were.
		return nil, nil, fmt.Errorf("screening.clearance_of picks no clearance of the %d candidates for %s entry %s on %s", len(now), h.List, h.EntryID, date)
	}
	if c.picks.Size() < namesLimit {
		c.picks.Store(mk, [2]*ClearanceFact{cl, later})
	}
	return cl, later, nil
}

// asOf is the clearance of a history (oldest first) made last on or
// before date, or the first when none was.
func asOf(cs []*ClearanceFact, date string) *ClearanceFact {
	n, _ := slices.BinarySearchFunc(cs, date, func(c *ClearanceFact, d string) int {
		if c.At <= d {
			return -1
		}
		return 1
	})
	return cs[max(n-1, 0)]
}

// onFile is the clearance of a history (oldest first) made last on or
// before date of those written by then (recorded on or before it, or not
// saying when), or nil for none: the one on file when a line shipping on
// date shipped. Bookkeeping, as asOf: whether it holds is the policy's.
func onFile(cs []*ClearanceFact, date string) *ClearanceFact {
	for i := len(cs) - 1; i >= 0; i-- {
		if c := cs[i]; c.At <= date && (c.Recorded == "" || c.Recorded <= date) {
			return c
		}
	}
	return nil
}

// boundHits keeps at most MaxHits hits, best first: the best hit of every
// list, then the next best. Bookkeeping only: which hit matters is the
// policy's to say, and the best hit of each list is all a list's severity
// depends on.
func boundHits(hits []*ScreeningFact) []*ScreeningFact {
	if len(hits) <= MaxHits {
		return hits
	}
	keep := make([]bool, len(hits))
	seen := map[string]bool{}
	n := 0
	for i, h := range hits {
		if !seen[h.List] {
			seen[h.List], keep[i] = true, true
			n++
		}
	}
	for i := range hits {
		if n >= MaxHits {
			break
		}
		if !keep[i] {
			keep[i] = true
			n++
		}
	}
	out := make([]*ScreeningFact, 0, n)
	for i, h := range hits {
		if keep[i] {
			out = append(out, h)
		}
	}
	return out
}

// key is what the screening adds to a decision key: everything handed over,
// so that lines share a key only when the policy reads the same of them
// (the reasons name the entry and the listed name matched).
func (s *screened) key() string {
	if s.noEndUser {
		return "|no-end-user"
	}
	var b strings.Builder
	for _, h := range s.hits {
		hitKey(&b, h)
	}
	if s.day != "" {
		b.WriteString("|day" + s.day)
	}
	for _, f := range s.flags {
		b.WriteString("|flag")
		b.WriteString(strconv.Quote(f.ID))
		b.WriteString(strconv.Quote(f.Detail))
	}
	if s.owners != nil {
		s.owners.key(&b)
	}
	return b.String()
}

// hitKey writes everything of a hit the policy reads. The entry's hash,
// when the screener gives one, stands for every field of the entry (its
// name, notice, licence requirement and policy, source and list).
func hitKey(b *strings.Builder, h *ScreeningFact) {
	b.WriteString("|")
	if h.EntryHash != "" {
		for _, f := range []string{h.List, h.EntryID, h.EntryHash, h.MatchedName, h.Contained} {
			b.WriteString(strconv.Quote(f))
		}
	} else {
		for _, f := range []string{h.List, h.EntryID, h.Name, h.MatchedName, h.Contained, h.FederalRegisterNotice, h.LicenseRequirement, h.LicensePolicy, h.Source} {
			b.WriteString(strconv.Quote(f))
		}
	}
	b.WriteString(strconv.FormatFloat(h.Score, 'g', -1, 64))
	for i, cf := range [...]*ClearanceFact{h.Clearance, h.Later} {
		if cf == nil {
			continue
		}
		b.WriteString([...]string{"|clearance", "|later"}[i])
		for _, f := range []string{h.EntryHash, cf.Outcome, cf.EntryHash, cf.By, cf.At, cf.Reason, cf.Expires, cf.Recorded, cf.File, strconv.Itoa(cf.Line),
			cf.For.Name, cf.For.Spelling} {
			b.WriteString(strconv.Quote(f))
		}
	}
	if h.Clearance != nil {
		if sc := h.Screened; sc != nil {
			for _, f := range []string{sc.Name, sc.Spelling} {
				b.WriteString(strconv.Quote(f))
			}
		}
	}
}

// term is the screening as the policy reads it: {"end_user": false} or
// {"end_user": true, "hits": [...], "flags": [{"id", "detail"}, ...]}.
func (s *screened) term() (*ast.Term, error) {
	if s == nil {
		return ast.InternedNullTerm, nil
	}
	if s.noEndUser {
		return ast.ObjectTerm(
			ast.Item(ast.InternedTerm("end_user"), ast.BooleanTerm(false)),
			ast.Item(ast.InternedTerm("hits"), ast.ArrayTerm()),
		), nil
	}
	hits, err := hitTerms(s.hits)
	if err != nil {
		return nil, err
	}
	flags := make([]*ast.Term, len(s.flags))
	for i, f := range s.flags {
		flags[i] = ast.ObjectTerm(
			ast.Item(ast.InternedTerm("id"), ast.StringTerm(f.ID)),
			ast.Item(ast.InternedTerm("detail"), ast.StringTerm(f.Detail)),
		)
	}
	items := [][2]*ast.Term{
		ast.Item(ast.InternedTerm("end_user"), ast.BooleanTerm(true)),
		ast.Item(ast.InternedTerm("hits"), ast.ArrayTerm(hits...)),
		ast.Item(ast.InternedTerm("flags"), ast.ArrayTerm(flags...)),
	}
	if s.day != "" {
		items = append(items, ast.Item(ast.InternedTerm("day"), ast.StringTerm(s.day)))
	}
	if s.owners != nil {
		t, err := s.owners.term()
		if err != nil {
			return nil, err
		}
		items = append(items, ast.Item(ast.InternedTerm("owners"), t))
	}
	return ast.ObjectTerm(items...), nil
}

// term is a clearance as the policy reads it: one kept at the review
// desk with its row and the name it downloads as ("kept").
func (cf *ClearanceFact) term() map[string]any {
	t := map[string]any{
		"outcome": cf.Outcome, "entry_hash": cf.EntryHash, "by": cf.By, "at": cf.At,
		"reason": cf.Reason, "expires": cf.Expires, "file": cf.File, "line": cf.Line,
		"end_user": cf.For.term(),
	}
	if cf.Kept != 0 {
		t["kept"] = map[string]any{"row": cf.Kept, "downloads_as": cf.DownloadsAs}
	}
	if cf.Recorded != "" {
		t["recorded"] = cf.Recorded
	}
	return t
}

// hitTerms are hits as the policy reads them.
func hitTerms(hs []*ScreeningFact) ([]*ast.Term, error) {
	hits := make([]*ast.Term, len(hs))
	for i, h := range hs {
		m := map[string]any{
			"list": h.List, "entry_id": h.EntryID, "name": h.Name,
			"matched_name": h.MatchedName, "score": h.Score,
			"federal_register_notice": h.FederalRegisterNotice,
			"license_requirement":     h.LicenseRequirement,
			"license_policy":          h.LicensePolicy, "source": h.Source,
		}
		if h.Contained != "" {
			m["contained"] = h.Contained
		}
		if cf := h.Clearance; cf != nil {
			m["entry_hash"] = h.EntryHash
			if h.EntryHashV1 != "" {
				m["entry_hash_v1"] = h.EntryHashV1
			}
			m["clearance"] = cf.term()
			if h.Later != nil {
				m["later_clearance"] = h.Later.term()
			}
			if h.Screened != nil { // nil: the policy holds the clearance for no name
				m["screened"] = h.Screened.term()
			}
		}
		v, err := ast.InterfaceToValue(m)
		if err != nil {
			return nil, err
		}
		hits[i] = ast.NewTerm(v)
	}
	return hits, nil
}

// facts are the hits a result reports (nil for none): the end user's,
// then each owner's (nearest first), named by the owner.
func (s *screened) facts() []*ScreeningFact {
	if s == nil {
		return nil
	}
	if s.owners == nil || len(s.owners.order) == 0 {
		return slices.Clip(s.hits)
	}
	out := slices.Clone(s.hits)
	for _, k := range s.owners.order {
		name := k
		for i, keys := range s.owners.keys {
			if keys[1] == k {
				name = s.owners.rows[i].Owner
				break
			}
		}
		for _, h := range s.owners.hits[k] {
			f := *h
			f.Owner = name
			out = append(out, &f)
		}
	}
	return out
}

// ScreenName screens a name as of a date as a line's end user is screened:
// the list entries at or above the policy's review threshold, best first,
// with any clearance on record, and the facts about the name itself. ok is
// false when screening is off (no Screener).
func (c *Checker) ScreenName(ctx context.Context, name, date string) (hits []*ScreeningFact, flags []NameFlag, ok bool, err error) {
	if c.opts.Screener == nil {
		return nil, nil, false, nil
	}
	s, err := c.screen(ctx, &Order{EndUser: name}, date)
	if s == nil || err != nil {
		return nil, nil, true, err
	}
	return s.hits, s.flags, true, nil
}

// Placeholders are the policy's words that name no one
// (screening.placeholders: "unknown", "tbd", "customer") and its
// placeholders written in single letters (screening.letter_placeholders:
// "na" for "N/A"). An end user (or owner) of none but these names no one:
// the line is screened as one with none, not as a name that matches
// nothing (which would let it through).
type Placeholders struct {
	words, letters map[string]bool
}

// maxPlaceholder is the longest placeholder word, and maxLetters the most
// single letters one spells: placeholder compares on the stack.
const maxPlaceholder, maxLetters = 64, 8

// placeholdersOf reads the placeholders from the compiled policy. A policy
// without them, or with one IsName could not compare, is refused: "N/A"
// would be screened as a name.
func placeholdersOf(ctx context.Context, comp *ast.Compiler, store storage.Store) (*Placeholders, error) {
	var v struct {
		Words   []string `json:"words"`
		Letters []string `json:"letters"`
	}
	if err := evalJSON(ctx, comp, store, `{"words": [w | some w in data.exportcheck.screening.placeholders], "letters": [w | some w in data.exportcheck.screening.letter_placeholders]}`, &v); err != nil {
		return nil, fmt.Errorf("screening.placeholders: %w", err)
	}
	if len(v.Words) == 0 {
		return nil, errors.New("the policy names no words that name no one (screening.placeholders): an end user written N/A or unknown would be screened as a name")
	}
	for _, w := range v.Words {
		// Names are compared in NFKC (IsName): a word written otherwise
		// ("ka\u0308ufer") would never match.
		if w == "" || len(w) > maxPlaceholder || words(w) != w || strings.Contains(w, " ") || norm.NFKC.String(w) != w {
			return nil, fmt.Errorf("screening.placeholders holds single words in lower case (letters and digits in NFKC, at most %d bytes), not %q", maxPlaceholder, w)
		}
	}
	for _, w := range v.Letters {
		if w == "" || len(w) > maxLetters || strings.ContainsFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) {
			return nil, fmt.Errorf("screening.letter_placeholders holds the letters a to z run together (at most %d), not %q", maxLetters, w)
		}
	}
	return &Placeholders{words: set(v.Words), letters: set(v.Letters)}, nil
}

// LoadPlaceholders reads the placeholders of the policy and data trees
// (the embedded ones, with dirs overlaid), for a command that checks names
// without judging orders.
func LoadPlaceholders(ctx context.Context, policyDirs, dataDirs []string) (*Placeholders, error) {
	b, err := LoadBundle(policyDirs, dataDirs)
	if err != nil {
		return nil, err
	}
	_, pol, err := prepare(ctx, b, "true")
	if err != nil {
		return nil, err
	}
	return placeholdersOf(ctx, pol.comp, newStore(b))
}

// words is s as IsName compares it with the placeholders: lower case,
// anything but letters and digits read as a space, words one space apart.
func words(s string) string {
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
			return ' '
		}
		return unicode.ToLower(r)
	}, s)), " ")
}

// IsName reports whether an end user (or owner) as written names someone:
// it holds a letter, and a word that is not a placeholder ("TBD", "N/A",
// "unknown end user"; "0" or "12345" name no one either). A line whose end
// user does not is screened as one with none. Letters written in
// compatibility forms ("Ⓐⓣⓛⓐⓢ", "Ａｔｌａｓ") are letters: such a name is
// screened, as the matcher reads them.
func (p *Placeholders) IsName(s string) bool {
	if strings.ContainsFunc(s, func(r rune) bool { return r >= utf8.RuneSelf }) {
		s = norm.NFKC.String(s)
	}
	return strings.ContainsFunc(s, unicode.IsLetter) && !p.placeholder(s)
}

// IsName reports whether an end user (or owner) as written names someone,
// by the placeholders of the checker's policy (Placeholders.IsName), as
// written and as the screener compares names when it says (legal forms
// dropped: "Customer Ltd" is "customer", a placeholder).
func (c *Checker) IsName(s string) bool {
	if !c.placeholders.IsName(s) {
		return false
	}
	n, ok := c.opts.Screener.(interface{ Normalize(string) string })
	if !ok {
		return true
	}
	if v, ok := c.named.Load(s); ok {
		return v
	}
	v := c.placeholders.IsName(n.Normalize(s))
	if c.named.Size() < namesLimit {
		c.named.Store(s, v)
	}
	return v
}

// placeholder reports whether s holds no word but placeholders, or its
// words are single letters that spell one ("N/A"), or it holds no letter
// or digit. On the stack for ASCII, so that the line's path allocates
// nothing.
func (p *Placeholders) placeholder(s string) bool {
	var buf [maxPlaceholder]byte
	var letters [maxLetters]byte // the single-letter words, run together
	n, nl := 0, 0
	word := func() bool { // whether the word in buf[:n] may be part of a placeholder; buf emptied
		w := buf[:n]
		n = 0
		switch {
		case len(w) == 0:
		case len(w) == 1 && 'a' <= w[0] && w[0] <= 'z' && nl < len(letters):
			letters[nl] = w[0]
			nl++
		case p.words[string(w)]:
		default:
			return false
		}
		return true
	}
	end := func() bool { // nothing; or placeholder words, and any single letters spell one
		if nl > 0 {
			return p.letters[string(letters[:nl])]
		}
		return true
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= utf8.RuneSelf:
			n, nl = 0, 0
			for _, w := range strings.Fields(words(s)) {
				if len(w) > len(buf) {
					return false
				}
				n = copy(buf[:], w)
				if !word() {
					return false
				}
			}
			return end()
		case 'a' <= ch && ch <= 'z' || '0' <= ch && ch <= '9':
		case 'A' <= ch && ch <= 'Z':
			ch += 'a' - 'A'
		default: // a space, punctuation: the end of a word
			if !word() {
				return false
			}
			continue
		}
		if n == len(buf) {
			return false // longer than any placeholder word
		}
		buf[n] = ch
		n++
	}
	return word() && end()
}

// holdsDocument reports whether the value of a document column (one the
// policy names, such as end_use_certificate) says the line holds the
// document: it holds something other than zeros and placeholders ("N/A", "TBD",
// "see notes": the policy's screening.placeholders), and none of its
// words is one the policy says a document is not held by (notHeld: "No -
// pending", "not yet received", "N/A - awaiting EUC"), but for a label
// before a number ("EUC No. 42"). A condition a licence sets is not met by
// a column that is merely filled.
func (p *Placeholders) holdsDocument(s string, notHeld, labels map[string]bool) bool {
	if SpreadsheetError(s) {
		return false // #REF!: a formula that failed holds no document
	}
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) || p.placeholder(s) {
		return false
	}
	ws := strings.Fields(words(s))
	if strings.Trim(strings.Join(ws, ""), "0") == "" {
		return false
	}
	for i, w := range ws {
		if labels[w] && i+1 < len(ws) && hasDigit(ws[i+1]) && allNumbers(ws[i+2:]) {
			continue // "EUC No. 42", "No. 42/2026": a number; not "No 2026 EUC", "EUC: no 2nd copy"
		}
		if notHeld[w] {
			return false
		}
	}
	return true
}

func hasDigit(w string) bool { return strings.ContainsAny(w, "0123456789") }

// allNumbers: every word holds a digit ("42 2026", or none at all).
func allNumbers(ws []string) bool {
	for _, w := range ws {
		if !hasDigit(w) {
			return false
		}
	}
	return true
}

// spreadsheetErrors are the values Excel, LibreOffice and Google Sheets
// show in a cell whose formula failed (a VLOOKUP that found nothing is
// #N/A); a CSV export writes them as text. LibreOffice also shows Err:502
// and the like.
var spreadsheetErrors = []string{"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
	"#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
	"#PYTHON!", "#EXTERNAL!", "#ERROR!"}

// SpreadsheetError reports whether v is a spreadsheet's error value (#REF!,
// #N/A, Err:502): no value at all. The order readers refuse one in an
// order's field; a document column holding one holds no document.
func SpreadsheetError(v string) bool {
	// Every line's every field comes here: the common case first, a
	// value that starts otherwise than one (or than a space before one).
	if v == "" {
		return false
	}
	if c := v[0]; c < utf8.RuneSelf && c != '#' && c != 'E' && c != 'e' && !isSpace(c) {
		return false
	}
	v = strings.TrimSpace(v)
	if v == "" || v[0] != '#' && v[0] != 'E' && v[0] != 'e' {
		return false
	}
	if len(v) == 7 && strings.EqualFold(v[:4], "Err:") && strings.Trim(v[4:], "0123456789") == "" {
		return true
	}
	for _, e := range spreadsheetErrors {
		if strings.EqualFold(v, e) {
			return true
		}
	}
	return false
}

// isSpace is an ASCII space, as strings.TrimSpace trims one.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}
