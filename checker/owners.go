package checker

import (
	"context"
	"strconv"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Ownership is a register of who owns whom (package ownership): the
// checker walks it up from an end user and screens every owner; the policy
// (exportcheck.ownership) decides what the owners' shares mean.
type Ownership interface {
	// Above is every row the register records above entity on date (its
	// owners, theirs, and so on, each as the register has them on date,
	// each row once, nearest first); covered reports whether the register
	// has entity at all, cut whether the walk stopped short of the whole
	// tree.
	Above(entity, date string) (rows []OwnershipRow, covered, cut bool)
	// Snapshot numbers the dates on which the register reads alike: Above
	// returns the same rows on two dates with the same number.
	Snapshot(date string) int
	// Covers reports whether the register has a row for entity (as an
	// entity: its owners, or that it has none of note).
	Covers(entity string) bool
	// WidelyHeld reports whether entity's rows on date include one with no
	// owner: beside owners, the shares they leave unrecorded are widely
	// held (no holder of note); alone, it has no owner of note.
	WidelyHeld(entity, date string) bool
	// Normalize puts a name in the form the register keys it by.
	Normalize(name string) string
	// Revision fingerprints the register's content.
	Revision() string
}

// OwnershipRow is one fact of an ownership register: Owner holds Share
// percent of Entity (Share nil: not known).
type OwnershipRow struct {
	Entity, Owner string
	Share         *float64
	AsOf, Source  string
	File          string // "" for a row from the order's end_user_parent column
	Line          int
}

// owned is what the checker hands the policy about an end user's owners
// (input.orders[_].screening.owners).
type owned struct {
	*ownerWalk
	hits    map[string][]*ScreeningFact // by an owner's normalised name
	order   []string                    // the owners with hits, in the rows' order
	flags   map[string][]NameFlag       // facts about owners' names (a script the matcher cannot romanise), by normalised name
	flagged []string                    // the owners with flags, in the rows' order
}

// ownerWalk is what the register (and a parent named in the order)
// records above an end user: the same on every date of one of the
// register's snapshots (Ownership.Snapshot), so kept per end user, parent
// as written and snapshot.
type ownerWalk struct {
	register, covered, cut bool
	endUser                string
	rows                   []OwnershipRow
	keys                   [][2]string
	untraced               []string // owners (keys) the register has no row for: their owners are not known
	widelyHeld             []string // entities (keys) of the rows whose rest is widely held (Ownership.WidelyHeld)
	key                    string   // what the walk adds to a decision key
}

// owners finds and screens the owners of a line's end user (name), from
// the register and the order's end_user_parent column; nil when there is
// neither. cleared reports whether an owner's hit carries a clearance.
func (c *Checker) owners(ctx context.Context, o *Order, name, date string) (ow *owned, cleared bool, _ error) {
	parent := strings.TrimSpace(o.EndUserParent)
	if !c.IsName(parent) {
		// A placeholder ("unknown", "TBD") names no owner: read as it
		// were blank, not as an owner the register then knows of.
		parent = ""
	}
	if c.opts.Ownership == nil && parent == "" {
		return nil, false, nil
	}
	snap := 0
	if c.opts.Ownership != nil {
		snap = c.opts.Ownership.Snapshot(date)
	}
	k := name + "\x00" + parent + "\x00" + strconv.Itoa(snap)
	w, ok := c.ownerWalks.Load(k)
	if !ok {
		w = c.walkOwners(name, parent, date)
		if c.ownerWalks.Size() < namesLimit {
			c.ownerWalks.Store(k, w)
		}
	}
	ow = &owned{ownerWalk: w}
	for i, r := range w.rows {
		k := w.keys[i][1]
		if _, done := ow.hits[k]; done || c.opts.Screener == nil {
			continue
		}
		if ow.hits == nil {
			ow.hits = map[string][]*ScreeningFact{}
		}
		hits := c.confirmedHits(r.Owner, date, boundHits(c.opts.Screener.Screen(r.Owner, date, c.reviewFloor)))
		hits, cl, err := c.withClearances(ctx, r.Owner, hits, date)
		if err != nil {
			return nil, false, err
		}
		cleared = cleared || cl
		ow.hits[k] = hits
		if len(hits) > 0 {
			ow.order = append(ow.order, k)
		}
		if fl := c.opts.Screener.Flags(r.Owner); len(fl) > 0 {
			if ow.flags == nil {
				ow.flags = map[string][]NameFlag{}
			}
			ow.flags[k] = fl
			ow.flagged = append(ow.flagged, k)
		}
	}
	return ow, cleared, nil
}

// walkOwners walks the register up from an end user and the parent its
// order names, as the register has them on date.
func (c *Checker) walkOwners(name, parent, date string) *ownerWalk {
	reg := c.opts.Ownership
	norm := c.normalizeOwner
	w := &ownerWalk{register: reg != nil, endUser: norm(name)}
	if reg != nil {
		w.rows, w.covered, w.cut = reg.Above(name, date)
	}
	keys := func(r OwnershipRow) [2]string { return [2]string{norm(r.Entity), norm(r.Owner)} }
	if parent != "" {
		pk := norm(parent)
		seen := map[[2]string]bool{}
		for _, r := range w.rows {
			seen[keys(r)] = true
		}
		if top := [2]string{w.endUser, pk}; !seen[top] && pk != "" && pk != w.endUser {
			seen[top] = true
			rows := append([]OwnershipRow{{Entity: name, Owner: parent, Source: "named in the order's end_user_parent column"}}, w.rows...)
			if reg != nil {
				more, _, cut := reg.Above(parent, date)
				w.cut = w.cut || cut
				for _, r := range more {
					if k := keys(r); !seen[k] {
						seen[k] = true
						rows = append(rows, r)
					}
				}
			}
			w.rows = rows
		}
	}
	w.keys = make([][2]string, len(w.rows))
	seen, entities := map[string]bool{}, map[string]bool{}
	for i, r := range w.rows {
		w.keys[i] = keys(r)
		if k := w.keys[i][0]; reg != nil && !entities[k] {
			entities[k] = true
			if reg.WidelyHeld(r.Entity, date) {
				w.widelyHeld = append(w.widelyHeld, k)
			}
		}
		if k := w.keys[i][1]; reg != nil && !seen[k] {
			seen[k] = true
			if !reg.Covers(r.Owner) {
				w.untraced = append(w.untraced, k)
			}
		}
	}
	w.key = w.keyText()
	return w
}

// normalizeOwner is the register's normal form of a name.
func (c *Checker) normalizeOwner(name string) string {
	if c.opts.Ownership == nil {
		if r := c.opts.Records; r != nil && r.Normalize != nil {
			return r.Normalize(name)
		}
		return strings.Join(strings.Fields(strings.ToLower(name)), " ")
	}
	return c.opts.Ownership.Normalize(name)
}

// keyText is what the walk adds to a decision key: everything of it
// handed over.
func (w *ownerWalk) keyText() string {
	var b strings.Builder
	b.WriteString("|owners")
	for _, f := range []bool{w.register, w.covered, w.cut} {
		b.WriteString(strconv.FormatBool(f))
	}
	b.WriteString(strconv.Quote(w.endUser))
	for i, r := range w.rows {
		b.WriteString("|row")
		for _, f := range []string{r.Entity, w.keys[i][0], r.Owner, w.keys[i][1], r.AsOf, r.Source, r.File, strconv.Itoa(r.Line)} {
			b.WriteString(strconv.Quote(f))
		}
		if r.Share != nil {
			b.WriteString(strconv.FormatFloat(*r.Share, 'g', -1, 64))
		} else {
			b.WriteString("?")
		}
	}
	for _, k := range w.untraced {
		b.WriteString("|untraced" + strconv.Quote(k))
	}
	for _, k := range w.widelyHeld {
		b.WriteString("|widely" + strconv.Quote(k))
	}
	return b.String()
}

// key is what the owners add to a decision key: the walk and every hit.
func (ow *owned) key(b *strings.Builder) {
	b.WriteString(ow.ownerWalk.key)
	for _, k := range ow.order {
		b.WriteString("|owner" + strconv.Quote(k))
		for _, h := range ow.hits[k] {
			hitKey(b, h)
		}
	}
	for _, k := range ow.flagged {
		b.WriteString("|ownerflags" + strconv.Quote(k))
		for _, f := range ow.flags[k] {
			b.WriteString(strconv.Quote(f.ID) + strconv.Quote(f.Detail))
		}
	}
}

// term is the owners as the policy reads them.
func (ow *owned) term() (*ast.Term, error) {
	rows := make([]*ast.Term, len(ow.rows))
	for i, r := range ow.rows {
		share := ast.InternedNullTerm
		if r.Share != nil {
			share = ast.FloatNumberTerm(*r.Share)
		}
		rows[i] = ast.ObjectTerm(
			ast.Item(ast.InternedTerm("entity"), ast.StringTerm(r.Entity)),
			ast.Item(ast.InternedTerm("entity_key"), ast.StringTerm(ow.keys[i][0])),
			ast.Item(ast.InternedTerm("owner"), ast.StringTerm(r.Owner)),
			ast.Item(ast.InternedTerm("owner_key"), ast.StringTerm(ow.keys[i][1])),
			ast.Item(ast.InternedTerm("share"), share),
			ast.Item(ast.InternedTerm("as_of"), ast.StringTerm(r.AsOf)),
			ast.Item(ast.InternedTerm("source"), ast.StringTerm(r.Source)),
			ast.Item(ast.InternedTerm("file"), ast.StringTerm(r.File)),
			ast.Item(ast.InternedTerm("line"), ast.IntNumberTerm(r.Line)),
		)
	}
	hits := make([][2]*ast.Term, 0, len(ow.order))
	for _, k := range ow.order {
		t, err := hitTerms(ow.hits[k])
		if err != nil {
			return nil, err
		}
		hits = append(hits, ast.Item(ast.StringTerm(k), ast.ArrayTerm(t...)))
	}
	flags := make([][2]*ast.Term, 0, len(ow.flagged))
	for _, k := range ow.flagged {
		fs := make([]*ast.Term, len(ow.flags[k]))
		for i, f := range ow.flags[k] {
			fs[i] = ast.ObjectTerm(ast.Item(ast.InternedTerm("id"), ast.StringTerm(f.ID)), ast.Item(ast.InternedTerm("detail"), ast.StringTerm(f.Detail)))
		}
		flags = append(flags, ast.Item(ast.StringTerm(k), ast.ArrayTerm(fs...)))
	}
	untraced := make([]*ast.Term, len(ow.untraced))
	for i, k := range ow.untraced {
		untraced[i] = ast.StringTerm(k)
	}
	widely := make([]*ast.Term, len(ow.widelyHeld))
	for i, k := range ow.widelyHeld {
		widely[i] = ast.StringTerm(k)
	}
	return ast.ObjectTerm(
		ast.Item(ast.InternedTerm("flags"), ast.ObjectTerm(flags...)),
		ast.Item(ast.InternedTerm("register"), ast.BooleanTerm(ow.register)),
		ast.Item(ast.InternedTerm("covered"), ast.BooleanTerm(ow.covered)),
		ast.Item(ast.InternedTerm("cut"), ast.BooleanTerm(ow.cut)),
		ast.Item(ast.InternedTerm("end_user"), ast.StringTerm(ow.endUser)),
		ast.Item(ast.InternedTerm("rows"), ast.ArrayTerm(rows...)),
		ast.Item(ast.InternedTerm("untraced"), ast.ArrayTerm(untraced...)),
		ast.Item(ast.InternedTerm("widely_held"), ast.ArrayTerm(widely...)),
		ast.Item(ast.InternedTerm("hits"), ast.ObjectTerm(hits...)),
	), nil
}
