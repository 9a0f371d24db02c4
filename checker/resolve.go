package checker

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Resolving an order: what its product, countries, end use and date name,
// its screening, and the decision key it is judged under.

// prepared is an order resolved for evaluation.
type prepared struct {
	product, destination, hq, date string
	endUse, shipFrom               string
	day                            string // the day that stands for the date's rule period
	destText, hqText               string // placeholders the reasons name the countries by, when profiled
	judgeDest, judgeHQ             string // the codes judged instead, when profiled
	judgeProduct                   string // the product judged instead, when profiled
	prod                           *productProfile
	screen                         *screened // what screening hands the policy; nil: nothing
	auth                           authLine  // the records naming the end user; named nil: none
	key                            string
	judged                         *judged // how it is judged, when profiled
}

// input is the order as the policy reads it (input.orders[_]). Under
// NoCache, a profiled line without screening hands over the same term as
// every line that hands over the same fields (kept with how it is judged),
// so the policy's memo finds its decision by the term's identity.
func (c *Checker) input(p *prepared) (*ast.Term, error) {
	if !c.opts.NoCache || p.judged == nil || p.screen != nil {
		return p.inputTerm()
	}
	if t := p.judged.input.Load(); t != nil {
		return t, nil
	}
	t, err := p.inputTerm()
	if err != nil {
		return nil, err
	}
	k := p.judged.key + "|" + p.judgeProduct + "|" + p.judgeDest + "|" + p.judgeHQ + "|" + p.destText + "|" + p.hqText
	if c.inputs.Size() < namesLimit {
		t, _ = c.inputs.LoadOrStore(k, t)
	}
	p.judged.input.Store(t)
	return t, nil
}

// inputTerm builds the order as the policy reads it: only what the
// decision reads (the day, not the date), so that lines agreeing on it
// share the policy's memo under NoCache.
func (p *prepared) inputTerm() (*ast.Term, error) {
	dest := cmp.Or(p.judgeDest, p.destination)
	tag := ""
	if p.judgeProduct != "" {
		tag = productTag
	}
	screen, err := p.screen.term()
	if err != nil {
		return nil, err
	}
	return ast.ObjectTerm(
		ast.Item(ast.InternedTerm("day"), ast.StringTerm(p.day)),
		ast.Item(ast.InternedTerm("product"), ast.StringTerm(cmp.Or(p.judgeProduct, p.product))),
		ast.Item(ast.InternedTerm("product_text"), ast.StringTerm(tag)),
		ast.Item(ast.InternedTerm("destination"), ast.StringTerm(dest)),
		ast.Item(ast.InternedTerm("destination_text"), ast.StringTerm(cmp.Or(p.destText, dest))),
		ast.Item(ast.InternedTerm("end_user_hq"), ast.StringTerm(cmp.Or(p.judgeHQ, p.hq))),
		ast.Item(ast.InternedTerm("end_user_hq_text"), ast.StringTerm(p.hqText)),
		ast.Item(ast.InternedTerm("screening"), screen),
		ast.Item(ast.InternedTerm("end_use"), ast.StringTerm(p.endUse)),
		ast.Item(ast.InternedTerm("ship_from"), ast.StringTerm(p.shipFrom)),
	), nil
}

// resolve validates an order against the catalog and computes its decision
// key: every field the policy reads, with the date replaced by the period
// between the dates named in data it falls in (the policies compare dates
// only with dates from data, so the decision is constant within a period).
func (c *Checker) resolve(ctx context.Context, o *Order, r *Result, p *prepared) (*prepared, error) {
	// Every problem with the line at once: a book is mended in one pass,
	// not one field a run.
	bad := problems{o: o}
	n := c.resolveNames(o, &bad)
	var id, dest, hq string
	if n != nil {
		id, dest, hq = n.id, n.dest, n.hq
		r.ProductID = id
	}
	date := c.opts.AsOf
	if date == "" {
		date = strings.TrimSpace(o.Date)
	}
	switch {
	case date == "":
		bad.add("date", ErrMissingDate, HintNoDate)
	case !isDate(date):
		bad.add("date", fmt.Errorf("%w %q", ErrBadDate, o.Date), dateHint(date))
	case date < DateFloor:
		bad.add("date", fmt.Errorf("%w %q", ErrBadDate, date), "before "+DateFloor+": a typo or a default date, not a ship date")
	case n != nil && date < n.released && c.opts.AsOf == "" && !o.Hypothetical:
		// A shipment of a product before it existed is a typo (2006 for
		// 2026), not a line to judge as "no control in force". Judged as
		// of a date (--as-of, diff) or asked what-if (the matrix), it is
		// the question asked.
		year, _ := c.catalog.ReleaseYear(id)
		bad.add("date", fmt.Errorf("%w %q", ErrBadDate, date), fmt.Sprintf("before %s could ship: the data gives its release as %d, and takes dates from %s on; a typo, not a ship date", id, year, n.released))
	case c.latest != "" && date > c.latest:
		bad.add("date", fmt.Errorf("%w %q", ErrBadDate, date), "after "+c.latest+", further past the date the data is as of than the horizon (--date-horizon); update the data to judge it")
	default:
		r.Date = date
	}
	q := strings.TrimSpace(o.Quantity)
	if q == "" {
		bad.add("quantity", fmt.Errorf("%w: quantity", ErrMissingField), "give the number of units, a positive whole number")
	} else if n, err := parseQuantity(q); n > MaxQuantity && (err == nil || errors.Is(err, strconv.ErrRange)) {
		// Drawn on a licence's limit, it would not be counted exactly (past
		// an int64, ParseInt gives its largest with ErrRange).
		bad.add("quantity", fmt.Errorf("%w %q", ErrBadQuantity, o.Quantity), "more units than one line may hold: at most 9,007,199,254,740,992 (2^53)")
	} else if err != nil || n <= 0 {
		bad.add("quantity", fmt.Errorf("%w %q", ErrBadQuantity, o.Quantity), "want a positive whole number, with or without thousands separators (1000 or 1,000)")
	}
	if err := bad.err(); err != nil {
		return nil, err
	}
	var err error
	*p = prepared{product: id, destination: dest, hq: hq, date: date, endUse: n.endUse, shipFrom: n.shipFrom}
	switch {
	case c.opts.NoMemo || c.opts.ownDates:
		p.day = date // nothing is shared between dates: judge each on its own
	case c.profiles == nil:
		p.day = c.days.day(date)
	}
	// A score below the review threshold is a fact the policy provably
	// ignores (exportcheck.screening reads nothing below it), so it is not
	// handed over and does not split the decision key.
	if p.screen, err = c.screen(ctx, o, date); err != nil {
		return nil, err
	}
	r.Screening = p.screen.facts()
	if c.profiles != nil {
		// Judged on the day that stands for the order's own period, with the
		// product and each country by its profile.
		j, err := c.judgedOn(ctx, n, date)
		if err != nil {
			return nil, err
		}
		p.day = j.day
		p.key, p.judgeProduct, p.prod, p.judgeDest, p.destText, p.judgeHQ, p.hqText, p.judged =
			j.key, j.judgeProduct, j.prod, j.judgeDest, j.destText, j.judgeHQ, j.hqText, j
	} else {
		p.key = id + "|" + dest + "|" + hq + "|" + strconv.Itoa(period(n.list, date, c.periods.narrow)) + "|" + n.endUse + "|" + n.shipFrom
	}
	if p.screen != nil && p.screen.day != "" {
		// A hit someone cleared: the policy compares the clearance's expiry
		// with the ship date, a date the periods do not know. Judged on its
		// own date, by its own codes.
		p.day, p.judged, p.prod = date, nil, nil
		p.judgeProduct, p.judgeDest, p.destText, p.judgeHQ, p.hqText = "", "", "", "", ""
		p.key = id + "|" + dest + "|" + hq + "|" + date + "|" + n.endUse + "|" + n.shipFrom
	}
	if p.screen != nil {
		p.key += p.screen.key()
	}
	p.auth = c.authLine(o, date)
	return p, nil
}

// judged is how a product, destination and headquarters are judged on a
// day: the decision key's profiles and the codes judged for them.
type judged struct {
	day   string    // the day judged on
	key   string    // the decision key (without screening)
	entry *keyEntry // the key's outcome, once evaluated

	// The codes judged instead of the line's own, and the placeholders the
	// reasons name them by, when profiled.
	judgeProduct, judgeDest, judgeHQ string
	destText, hqText                 string
	prod                             *productProfile

	rendered atomic.Pointer[renderedReasons] // the reasons filled in for these codes
	input    atomic.Pointer[ast.Term]        // the order as handed to the policy, without screening
}

// renderedReasons are an outcome's reasons filled in for one judged.
type renderedReasons struct {
	out     *outcome
	reasons []Reason
}

// judgedOn returns how n is judged on a date (on the day standing for its
// period), from what n keeps per period.
func (c *Checker) judgedOn(ctx context.Context, n *names, date string) (*judged, error) {
	if len(n.judged) == 0 {
		return c.judgedAs(ctx, n, standingDay(n.list, date))
	}
	k := period(n.list, date, true)
	if j := n.judged[k].Load(); j != nil {
		return j, nil
	}
	j, err := c.judgeOn(ctx, n, standingDay(n.list, date))
	if err != nil {
		return nil, err
	}
	if !n.judged[k].CompareAndSwap(nil, j) {
		j = n.judged[k].Load() // another line judged the period first
	}
	return j, nil
}

// judgedAs returns how n is judged on a day, from what was kept when the
// same product and countries were seen on that day before: for names
// without periods of their own (judgedOn keeps the others').
func (c *Checker) judgedAs(ctx context.Context, n *names, day string) (*judged, error) {
	k := [6]string{n.id, n.dest, n.hq, day, n.endUse, n.shipFrom}
	c.judgedMu.RLock()
	j, ok := c.judged[k]
	c.judgedMu.RUnlock()
	if ok {
		return j, nil
	}
	j, err := c.judgeOn(ctx, n, day)
	if err != nil {
		return nil, err
	}
	c.judgedMu.Lock()
	if len(c.judged) < namesLimit {
		c.judged[k] = j
	}
	c.judgedMu.Unlock()
	return j, nil
}

// judgeOn works out how n is judged on a day: its profiles, and the decision
// key's entry.
func (c *Checker) judgeOn(ctx context.Context, n *names, day string) (*judged, error) {
	pp, err := c.products.on(ctx, n.id, n.dest, day)
	if err != nil {
		return nil, err
	}
	dp, err := c.profiles.of(ctx, n.dest, day)
	if err != nil {
		return nil, err
	}
	hp, err := c.profiles.headquartersOf(ctx, n.hq, day)
	if err != nil {
		return nil, err
	}
	j := &judged{day: day, key: pp.profile + "|" + dp.profile + "|" + hp.profile + "|" + day + "|" + n.endUse + "|" + n.shipFrom}
	if !pp.named {
		j.judgeProduct, j.prod = pp.rep, pp
	}
	if !dp.named {
		j.destText, j.judgeDest = destPlaceholder, dp.rep
	}
	if !hp.named {
		j.hqText, j.judgeHQ = hqPlaceholder, hp.rep
	}
	c.judgedMu.Lock()
	if j.entry = c.keys[j.key]; j.entry != nil {
		j.key = j.entry.key
	} else if len(c.keys) < namesLimit {
		j.entry = &keyEntry{key: j.key}
		c.keys[j.key] = j.entry
	}
	c.judgedMu.Unlock()
	return j, nil
}

// Hints of InputErrors that name the command line's ways: a server says
// its own (serve), matching them by these values.
const (
	HintProducts = "see `exportcheck products`"                   // an unknown product
	HintNoDate   = "give the ship date as YYYY-MM-DD, or --as-of" // an order without a date
)

// names is what an order's product, destination and headquarters resolve
// to, and the dates that concern them.
type names struct {
	id, dest, hq     string
	released         string // the product's first ship date, when the data gives one (Catalog.FirstShipDate)
	endUse, shipFrom string // "" when no end use is known; the country shipped from
	list             []string
	judged           []atomic.Pointer[judged] // with profiles: how judged in each half-open period, once known
}

// namesLimit bounds the resolutions kept (one per distinct spelling of a
// product, destination and headquarters) and the keys kept (one per
// product, destination, headquarters and day): ~20 MB at most.
const namesLimit = 1 << 17

// resolveNames resolves an order's product and countries, from the
// resolutions kept when the same spellings were seen before; nil, with
// every name that does not resolve added to bad, when one does not.
func (c *Checker) resolveNames(o *Order, bad *problems) *names {
	k := [5]string{o.Product, o.Destination, o.EndUserHQ, o.EndUse, o.ShipFrom}
	c.namesMu.RLock()
	n, ok := c.names[k]
	c.namesMu.RUnlock()
	if ok {
		return n
	}
	before := len(bad.list)
	var id, dest, hq string
	var err error
	if strings.TrimSpace(o.Product) == "" {
		bad.add("product", fmt.Errorf("%w: product", ErrMissingField), "")
	} else if id, err = c.catalog.ResolveProduct(o.Product); err != nil {
		bad.add("product", err, HintProducts)
	}
	if strings.TrimSpace(o.Destination) == "" {
		bad.add("destination", fmt.Errorf("%w: destination", ErrMissingField), "")
	} else if dest, err = c.catalog.ResolveCountry(o.Destination); err != nil {
		bad.add("destination", err, "want a country code such as CN or a name such as China")
	}
	if s := strings.TrimSpace(o.EndUserHQ); s != "" && !strings.EqualFold(s, "unknown") {
		if hq, err = c.catalog.ResolveCountry(s); err != nil {
			bad.add("end_user_hq", err, "want a country code such as CN or a name such as China, or blank when unknown")
		}
	}
	endUse, err := c.catalog.ResolveEndUse(o.EndUse)
	if err != nil {
		bad.add("end_use", err, "")
	}
	shipFrom := c.opts.ShipFrom
	if s := strings.TrimSpace(o.ShipFrom); s != "" {
		if shipFrom, err = c.catalog.ResolveCountry(s); err != nil {
			bad.add("ship_from", err, "the country the item ships from, a code such as US or a name; blank: "+c.opts.ShipFrom)
		}
	}
	if len(bad.list) > before {
		return nil
	}
	// Spellings that resolve alike share one names, and with it how each
	// period is judged.
	same := [5]string{id, dest, hq, endUse, shipFrom}
	c.namesMu.RLock()
	n, ok = c.resolved[same]
	c.namesMu.RUnlock()
	if !ok {
		n = &names{id: id, dest: dest, hq: hq, endUse: endUse, shipFrom: shipFrom, released: c.catalog.FirstShipDate(id),
			list: c.periods.listFor(id, c.catalog.effective(dest), c.catalog.effective(hq), c.catalog.effective(shipFrom))}
		if c.profiles != nil && len(n.list) > 0 {
			n.judged = make([]atomic.Pointer[judged], len(n.list)+1)
		}
	}
	c.namesMu.Lock()
	if m, ok := c.resolved[same]; ok {
		n = m
	} else if len(c.resolved) < namesLimit {
		c.resolved[same] = n
	}
	if len(c.names) < namesLimit {
		c.names[k] = n
	}
	c.namesMu.Unlock()
	return n
}

// parseQuantity accepts a whole number written plainly (no sign, no
// leading zeros), with or without thousands separators in groups of three.
// ParseQuantity reads a quantity as the checker judges one: a whole number
// above 0 and at most MaxQuantity, written plainly, with or without
// thousands separators in groups of three ("1,000"); false for anything
// else.
func ParseQuantity(s string) (int64, bool) {
	n, err := parseQuantity(strings.TrimSpace(s))
	return n, err == nil && n > 0 && n <= MaxQuantity
}

// MaxQuantity is the most units one line may hold: amounts drawn on
// licences are counted exactly up to it (2^53, a float64's whole numbers).
const MaxQuantity = 1 << 53

func parseQuantity(s string) (int64, error) {
	s, ok := ungroup(s)
	if !ok {
		return 0, ErrBadQuantity
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err == nil && strconv.FormatInt(n, 10) != s {
		err = ErrBadQuantity
	}
	return n, err
}

// ungroup removes the thousands separators of a whole number, which must
// stand in groups of three (1,000 and 12,345,678); ok is false when commas
// stand elsewhere ("1,5", "10,00", ",100": a decimal comma, or a typo).
func ungroup(s string) (_ string, ok bool) {
	if !strings.Contains(s, ",") {
		return s, true
	}
	groups := strings.Split(s, ",")
	for i, g := range groups {
		if (i > 0 && len(g) != 3) || (i == 0 && (len(g) == 0 || len(g) > 3)) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

// rendered returns o's reasons filled in for p's own codes and product,
// kept with how p is judged when p has no screening fact (the reasons are
// then the same for every line judged so).
func (c *Checker) rendered(p *prepared, o *outcome) []Reason {
	if p.judged == nil || p.screen != nil {
		return c.intern(render(o.Reasons, p.destination, p.hq, p.prod))
	}
	if rr := p.judged.rendered.Load(); rr != nil && rr.out == o {
		return rr.reasons
	}
	rs := c.intern(render(o.Reasons, p.destination, p.hq, p.prod))
	p.judged.rendered.Store(&renderedReasons{out: o, reasons: rs})
	return rs
}

// intern returns the reasons as one slice for every line whose reasons
// read alike, however many keys, periods and codes gave them (a million
// lines' reasons are ~20,000 texts in ~66,000 slices without it): the
// writers, the spool and the ledger then encode each text once.
func (c *Checker) intern(rs []Reason) []Reason {
	if len(rs) == 0 {
		return rs
	}
	rs = slices.Clip(rs) // shared: an append copies
	var h maphash.Hash
	h.SetSeed(c.internSeed)
	for _, r := range rs {
		h.WriteString(r.Rule)
		h.WriteByte(0)
		h.WriteString(r.Citation)
		h.WriteByte(0)
		h.WriteString(r.Message)
		if r.Classification {
			h.WriteByte(2)
		} else {
			h.WriteByte(1)
		}
	}
	k := h.Sum64()
	if got, ok := c.interned.Load(k); ok {
		if slices.Equal(got, rs) {
			return got
		}
		return rs // another text with the same hash: not shared
	}
	if c.interned.Size() < namesLimit {
		if got, loaded := c.interned.LoadOrStore(k, rs); loaded && slices.Equal(got, rs) {
			return got
		}
	}
	return rs
}

// PolicyInput is the input document the policy reads to judge one order,
// {"regime": …, "orders": [the order as the policy reads it]}, as JSON:
// for evaluating the same policy and data with another engine (bench
// serve drives `opa run --server` with it). The order is named as given
// and read on its own date, nothing stood in for it.
func (c *Checker) PolicyInput(ctx context.Context, o Order) ([]byte, error) {
	var r Result
	var p prepared
	pp, err := c.resolve(ctx, &o, &r, &p)
	if err != nil {
		return nil, err
	}
	own := prepared{product: pp.product, destination: pp.destination, hq: pp.hq, day: pp.date, endUse: pp.endUse, shipFrom: pp.shipFrom, screen: pp.screen}
	t, err := own.inputTerm()
	if err != nil {
		return nil, err
	}
	in := ast.NewObject(
		ast.Item(ast.InternedTerm("regime"), ast.StringTerm(c.opts.Regime)),
		ast.Item(ast.InternedTerm("orders"), ast.ArrayTerm(t)),
	)
	v, err := ast.JSON(in)
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}
