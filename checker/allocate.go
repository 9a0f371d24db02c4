package checker

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Allocation: quantities drawn on the records that cover lines. The policy
// says which records cover a line (eligible, in the order to try them: the
// one that expires first first); the checker draws each line's quantity
// in ship-date order, then input order, on the first record with enough
// left on every limit the policy named. A line is never split. This is
// bookkeeping, not legal judgement: a line no record has room for keeps
// the decision the policy gave it, with a reason per record saying what is
// left.

// Check evaluates orders and yields one Result per order, in input order.
// An order that cannot be judged yields a Result with Err set (an
// *InputError); a read error that is not an *InputError ends the sequence
// with that error.
//
// With licences or notifications on record (Options.Records), a line's
// authorization depends on the lines that ship before it, wherever they
// are in the book: every line is judged first, its result kept in a
// temporary file, quantities are allocated in ship-date order, and then the
// results are yielded (see Buffers).
func (c *Checker) Check(ctx context.Context, orders iter.Seq2[Order, error]) iter.Seq2[Result, error] {
	return c.judge(ctx, source{seq: orders})
}

// CheckLines is Check of lines already read: each an Order, or (Err set)
// the *InputError reading it. A book that fits in one batch (one request
// to the service) is judged on the calling goroutine.
func (c *Checker) CheckLines(ctx context.Context, lines []Result) iter.Seq2[Result, error] {
	return c.judge(ctx, source{lines: lines})
}

func (c *Checker) judge(ctx context.Context, orders source) iter.Seq2[Result, error] {
	if c.auth == nil {
		return c.check(ctx, orders, nil)
	}
	return func(yield func(Result, error) bool) {
		sp, err := NewSpool()
		if err != nil {
			yield(Result{}, err)
			return
		}
		defer sp.Close()
		var claims []claim
		// The orders of the book judged (not those that could not be):
		// a committing run replaces what each drew before with what it
		// draws now (nothing, when no record covers it now), so what they
		// drew before counts no more, whether or not they draw now.
		var ids []string
		seq := 0
		joined := joiner{} // used by the hook, then by the replay: never at once
		hook := func(r *Result, a *authOutcome) {
			defer func() { seq++ }()
			if r.Err != nil {
				return
			}
			// A line without an id goes by its file and line (orders.Read),
			// which is no order a commit records: an order so named in the
			// ledger keeps what it drew. Only a ledger's drawdown reads the
			// ids (a million of them are tens of MB).
			id := ""
			if c.opts.Drawdown != nil {
				if id = strings.TrimSpace(r.Order.ID); id != "" && !NamedByLine(id, r.Order.File, r.Order.Line) {
					ids = append(ids, id)
				} else {
					id = ""
				}
			}
			if a == nil {
				return
			}
			if len(a.Eligible) == 0 {
				c.apply(r, a, nil, joined) // nothing to draw on: final now
				return
			}
			q, _ := parseQuantity(strings.TrimSpace(r.Order.Quantity))
			cl := claim{seq: seq, date: dateNumber(r.Date), quantity: q, out: a, id: id}
			cl.value, cl.valueErr = lineValue(r.Order, q)
			claims = append(claims, cl)
		}
		var readErr error // a read error ends the book: the lines before it are still allocated and yielded
		for r, err := range c.check(ctx, orders, hook) {
			if err != nil {
				readErr = err
				break
			}
			if err := sp.Put(&r); err != nil {
				yield(Result{}, fmt.Errorf("spooling results: %w", err))
				return
			}
		}
		plan, err := c.allocate(ctx, claims, ids)
		if err != nil {
			yield(Result{}, err)
			return
		}
		claims, ids = nil, nil
		i, next := 0, 0 // the plan is in input order
		for r, err := range sp.All() {
			if err != nil {
				yield(Result{}, err)
				return
			}
			if next < len(plan) && plan[next].seq == i {
				c.apply(r, plan[next].out, &plan[next], joined)
				next++
			}
			i++
			if !yield(*r, nil) {
				return
			}
		}
		if readErr != nil {
			yield(Result{}, readErr)
		}
	}
}

// joinKey is a decision's reasons (a shared slice) and the authorization
// outcome whose reasons are appended to them.
type joinKey struct {
	p    *Reason
	n    int
	a    *authOutcome
	used int // the eligible record drawn on, or -1
}

// joinedLimit bounds the reasons kept for sharing in one run.
const joinedLimit = 1 << 15

// Buffers reports whether Check reads every order before it yields the
// first result (licences or notifications are on record): a caller that
// feeds two checkers from one reading must let each read on its own.
func (c *Checker) Buffers() bool { return c.auth != nil }

// drawing is the allocation's outcome for one line.
type drawing struct {
	seq     int          // the line's place in the input
	out     *authOutcome // what the policy said of the line's records
	used    int          // the eligible record drawn on, or -1
	left    []float64    // what remains on each of its limits after the line
	refused []Reason     // when none: why each eligible record had no room
}

// claim is a line that some record covers, waiting for its allocation.
type claim struct {
	seq      int
	date     int32 // YYYYMMDD
	quantity int64
	value    float64 // quantity × unit_value; 0 when the line has none
	valueErr string  // why the line has no value, when a record limits value
	out      *authOutcome
	id       string // the order, when a ledger's drawdown is read ("" for a line named by its place)
	kept     bool   // the order drew when committed, and the line claims no more than it drew: it keeps its place
}

// dateNumber is a YYYY-MM-DD date as the number YYYYMMDD.
func dateNumber(s string) int32 {
	n := int32(0)
	for _, c := range []byte(s) {
		if c >= '0' && c <= '9' {
			n = n*10 + int32(c-'0')
		}
	}
	return n
}

// Drawdown is what shipments committed in earlier runs (a ledger) have
// drawn on the records.
type Drawdown interface {
	// Drawn returns what committed shipments have drawn on each record
	// ("kind:number") and limit, not counting the orders whose ids are in
	// except: the orders of this run's book that were judged, drawing or
	// not, whose draws a commit of the run replaces. Under the limit
	// Unvalued, the units of the orders that drew on the record but not
	// on its value.
	Drawn(ctx context.Context, except []string) (map[[2]string]float64, error)
	// Committed returns, of the orders ids, those whose committed version
	// draws on the records, each with the most it draws on any one record.
	Committed(ctx context.Context, ids []string) (map[string]CommittedDraw, error)
}

// CommittedDraw is the most a committed order draws on any one record: in
// units (on its quantity limits) and in USD (on its value limit; 0 for
// none).
type CommittedDraw struct {
	Units, Value float64
}

// Unvalued is not a limit: what Drawdown.Drawn gives under it is the
// units of the committed orders that drew on a record's quantities but
// nothing on its value (each order's quantity, once). On a record with a
// value limit they are shipments committed before the limit was recorded,
// whose value the ledger does not hold: the record's
// value_drawn_before_usd must say what they were worth before the record
// covers a line that draws on its value.
const Unvalued = "(unvalued)"

// NumberKey is the form licence numbers and BIS references are compared
// in: their letters and digits, in upper case. "D1234567", "d1234567 ",
// "D 1234567" and "D-1234567" are one licence: a space or a dash in
// a number is how it was written, not another number, and reading two
// spellings as two records would allow a limit twice.
func NumberKey(number string) string {
	return strings.ToUpper(strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, number))
}

// RecordKey is the identity what is drawn on a record is counted under,
// from the kind and number a ledger keeps ("kind:number", as written when
// the line was committed): licences and VEUs share one set of numbers
// (a licence whose kind was corrected keeps its draws), notifications
// another, and numbers are compared by NumberKey.
func RecordKey(kind, number string) string {
	if kind == "notification" {
		return "notification:" + NumberKey(number)
	}
	return "licence:" + NumberKey(number)
}

// recordName is a record's kind as the policy's reasons name it
// (authorization.kind_names): "licence D1234567", "VEU authorization
// VEU-DC-0001", never the record's field value ("license", "veu"); the
// value itself for a kind the policy names none of.
func (a *authorizer) recordName(kind string) string {
	if n, ok := a.kindNames[kind]; ok {
		return n
	}
	return kind
}

// FoldDrawn is what was drawn on a record under each of its quantity
// limits now (limits: their names, product IDs or ECCNs), from what
// committed shipments drew on it by the limit they were drawn under
// (drawn: limit -> amount, "value" the USD of its value limit). What was
// drawn under a quantity limit the record no longer has (its file was
// edited: a limit per product made one per ECCN) counts against each of
// its quantity limits: the shipments are not forgotten, and a limit that
// no longer covers them is drawn on too (conservative: a line may be
// refused that would fit, never licensed past a limit). folded names the
// limits whose draws were so counted, sorted; nil when there are none.
func FoldDrawn(limits []string, drawn map[string]float64) (out map[string]float64, folded []string) {
	var orphaned float64
	for lim, v := range drawn {
		if lim != "value" && lim != "quantity" && lim != Unvalued && !slices.Contains(limits, lim) && v != 0 {
			orphaned += v
			folded = append(folded, lim)
		}
	}
	if folded == nil {
		return drawn, nil
	}
	slices.Sort(folded)
	out = make(map[string]float64, len(drawn))
	for lim, v := range drawn {
		out[lim] = v
	}
	for _, lim := range limits {
		out[lim] += orphaned
	}
	return out, folded
}

// ErrDrawdown marks a check that failed because what committed shipments
// drew (Options.Drawdown, the ledger's) could not be read: the ledger's
// fault, not the policy's, and its error names the ledger.
var ErrDrawdown = errors.New("reading the ledger's drawdown")

// allocate draws the claims' quantities in ship-date order, then input
// order, on what the records allow less what committed shipments drew
// other than the orders ids (the book's: drawn again by this run); the
// drawing of each line in input order. With a ledger, the lines of orders
// committed drawing on the records come first, in that order, if they
// claim no more than their orders drew (kept): an order added to the book,
// or amended to claim more, draws only on what the committed orders leave,
// whatever its ship date, so committing it never takes an order committed
// before off its authorization (it would be licensed past the limit if that
// order has shipped) and its outcome does not depend on which committed
// orders the run's book holds.
func (c *Checker) allocate(ctx context.Context, claims []claim, ids []string) ([]drawing, error) {
	var prior map[[2]string]float64
	if c.opts.Drawdown != nil && len(claims) > 0 {
		drawn, err := c.opts.Drawdown.Drawn(ctx, ids)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrDrawdown, err)
		}
		if err := c.keep(ctx, claims); err != nil {
			return nil, err
		}
		// By the record's identity, not as the ledger wrote it: a number
		// written otherwise since, or a kind corrected, is the same record,
		// and what was drawn on it stays drawn.
		prior = make(map[[2]string]float64, len(drawn))
		for k, v := range drawn {
			kind, number, _ := strings.Cut(k[0], ":")
			prior[[2]string{RecordKey(kind, number), k[1]}] += v
		}
	}
	// What each record's limits have had drawn, once per record: draws
	// under a limit it no longer has count against those it has
	// (FoldDrawn).
	priorOf := map[string]map[string]float64{}
	foldedOf := map[string][]string{}
	recordPrior := func(rk, kind, number string) map[string]float64 {
		if p, ok := priorOf[rk]; ok {
			return p
		}
		byLimit := map[string]float64{}
		for k, v := range prior {
			if k[0] == rk {
				byLimit[k[1]] += v
			}
		}
		p, folded := FoldDrawn(c.auth.quantityLimits(kind, number), byLimit)
		priorOf[rk], foldedOf[rk] = p, folded
		return p
	}
	slices.SortStableFunc(claims, func(a, b claim) int {
		return cmp.Or(-cmpBool(a.kept, b.kept), cmp.Compare(a.date, b.date), cmp.Compare(a.seq, b.seq))
	})
	left := map[[2]string]float64{} // record, limit -> what remains
	plan := make([]drawing, 0, len(claims))
	for _, cl := range claims {
		d := drawing{seq: cl.seq, out: cl.out, used: -1}
		for i, e := range cl.out.Eligible {
			if c.opts.Uncounted != "" && len(e.Limits) > 0 {
				x := c.auth.uncounted
				x.Message = fmt.Sprintf("%s %s: %s: %s", c.auth.recordName(e.Kind), e.Number, x.Message, c.opts.Uncounted)
				d.refused = append(d.refused, x)
				continue
			}
			rk := RecordKey(e.Kind, e.Number)
			if u := recordPrior(rk, e.Kind, e.Number)[Unvalued]; u > 0 && slices.Contains(e.Limits, "value") && c.auth.valueBefore(e.Kind, e.Number) == 0 {
				// Shipments committed before its value was recorded drew
				// units only: what is left of the value is not known.
				x := c.auth.uncounted
				file, line := c.auth.where(e.Kind, e.Number)
				x.Message = fmt.Sprintf("%s %s: %s: %s units committed to the ledger under it drew nothing on %s (they were committed before it was recorded), and what they were worth is not given: record it as value_drawn_before_usd (%s:%d)",
					c.auth.recordName(e.Kind), e.Number, x.Message, num(u), limitName(e.Kind, "value"), file, line)
				d.refused = append(d.refused, x)
				continue
			}
			ok, why := true, []string(nil)
			for _, lim := range e.Limits {
				k := [2]string{rk, lim}
				have, known := left[k]
				if !known {
					have = c.auth.limit(e.Kind, e.Number, lim) - recordPrior(rk, e.Kind, e.Number)[lim]
					if lim == "value" {
						have = dollars(have - c.auth.valueBefore(e.Kind, e.Number))
					}
					left[k] = have
				}
				need, unit := float64(cl.quantity), "units"
				if lim == "value" {
					need, unit = cl.value, "USD"
					if cl.valueErr != "" {
						w := cl.valueErr
						if w == noUnitValue {
							w = valueLimited(e.Kind) + " and " + w
						}
						ok, why = false, append(why, w)
						continue
					}
				}
				if need > have {
					ok = false
					w := fmt.Sprintf("%s %s of %s left, the line needs %s", num(have), unit, limitName(e.Kind, lim), num(need))
					if have < 0 {
						// A limit lowered below what committed shipments
						// drew: "-3 units left" reads as a typo.
						w = fmt.Sprintf("%s is overdrawn by %s %s (committed shipments drew more than it now allows), the line needs %s", limitName(e.Kind, lim), num(-have), unit, num(need))
					}
					if f := foldedOf[rk]; f != nil && lim != "value" && lim != "quantity" {
						w += fmt.Sprintf(" (counting what was drawn under limits the record no longer has: %s)", strings.Join(f, ", "))
					}
					why = append(why, w)
				}
			}
			if !ok {
				x := e.Exhausted
				if x.Rule == "" {
					x.Rule = "authorization.exhausted"
				}
				// A notification's reason says what is left of both its
				// quantity and its dollar value (740.8(a)(2)(ii)): of the
				// limits the line fits too. Written only here: a line
				// drawn, the common case, formats nothing.
				if e.Kind == "notification" {
					why = append(why, roomLeft(e.Limits, rk, left, cl)...)
				}
				x.Message = strings.TrimSuffix(x.Message, ".") + ": " + strings.Join(why, "; ")
				d.refused = append(d.refused, x)
				continue
			}
			d.left = make([]float64, len(e.Limits))
			for j, lim := range e.Limits {
				k := [2]string{rk, lim}
				if lim == "value" {
					left[k] = dollars(left[k] - cl.value)
				} else {
					left[k] -= float64(cl.quantity)
				}
				d.left[j] = left[k]
			}
			d.used, d.refused = i, nil
			break
		}
		plan = append(plan, d)
	}
	slices.SortFunc(plan, func(a, b drawing) int { return cmp.Compare(a.seq, b.seq) })
	return plan, nil
}

// keep marks the claims whose orders keep their place in the allocation:
// committed drawing on the records, and claiming no more units, nor more
// value where they drew on a value limit, than they drew.
func (c *Checker) keep(ctx context.Context, claims []claim) error {
	var ids []string
	for _, cl := range claims {
		if cl.id != "" {
			ids = append(ids, cl.id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	committed, err := c.opts.Drawdown.Committed(ctx, ids)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrDrawdown, err)
	}
	for i, cl := range claims {
		d, ok := committed[cl.id]
		claims[i].kept = ok && float64(cl.quantity) <= d.Units && (d.Value == 0 || dollars(cl.value) <= dollars(d.Value))
	}
	return nil
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// apply gives a line the authorization drawn for it, or the reasons no
// record covers it.
func (c *Checker) apply(r *Result, a *authOutcome, d *drawing, joined joiner) {
	if r.Err != nil || a == nil {
		return
	}
	var extra []Reason
	used := -1     // the eligible record drawn on
	headline := -1 // the index in extra of the reason that decides (authorization.results' marks)
	if d != nil && d.used >= 0 {
		used = d.used
		e := a.Eligible[d.used]
		q, _ := parseQuantity(strings.TrimSpace(r.Order.Quantity))
		auth := &Authorization{Kind: e.Kind, Number: e.Number, Drawn: q, Expires: e.Expires}
		auth.File, auth.Line = c.auth.where(e.Kind, e.Number)
		if j := tightest(e.Limits, d.left); j >= 0 {
			left := d.left[j]
			auth.Limit, auth.RemainingAfter = e.Limits[j], &left
		}
		for j, lim := range e.Limits {
			amount := float64(q)
			if lim == "value" {
				amount, _ = lineValue(r.Order, q)
			}
			auth.Draws = append(auth.Draws, Draw{Limit: lim, Amount: amount, Left: d.left[j]})
		}
		r.Decision, r.Authorization, r.ReviewPolicy, r.ReviewPolicyText = Licensed, auth, "", ""
		if e.Kind != "notification" {
			r.Exception = ""
		}
		extra, headline = e.Reasons, 0
	} else {
		if d != nil {
			extra = append(extra, d.refused...)
		}
		for _, x := range a.Ineligible {
			if headline < 0 && decides(x.Decides) && len(x.Reasons) > 0 {
				headline = len(extra)
			}
			extra = append(extra, x.Reasons...)
		}
		if headline < 0 && len(a.Blocked) > 0 {
			headline = len(extra)
		}
		extra = append(extra, a.Blocked...)
		if d != nil && len(d.refused) > 0 {
			headline = 0 // a record that could have covered the line has no room left
		}
		if !decides(a.Decides) {
			headline = -1
		}
	}
	if len(extra) == 0 {
		return
	}
	if headline >= 0 && headline < len(extra) {
		r.Headline = 1 + len(r.Reasons) + headline
	}
	if d != nil && len(d.refused) > 0 {
		r.Reasons = slices.Concat(r.Reasons, extra) // the line's own numbers
		return
	}
	r.Reasons = joined.join(r.Reasons, a, used, extra)
}

// tightest is the limit a licensed line reports what remains on
// (Authorization.Limit): of the limits drawn on, in the policy's order
// (the product's, then ECCNs most specific first, then value), the unit
// limit with the least left after the line, the first of equals, since it
// bounds what more of the item the record allows; the value limit only
// when the record limits no units. -1 when none was drawn on (a VEU).
func tightest(limits []string, left []float64) int {
	j := -1
	for i, lim := range limits {
		switch {
		case lim == "value":
			if j < 0 {
				j = i
			}
		case j < 0 || limits[j] == "value" || left[i] < left[j]:
			j = i
		}
	}
	return j
}

// joiner shares the reasons of lines whose decision's reasons (a shared
// slice) and authorization outcome are the same, as lines without records
// share them: the spool and the writers then handle one slice, not one a
// line.
type joiner map[joinKey][]Reason

func (j joiner) join(rs []Reason, a *authOutcome, used int, extra []Reason) []Reason {
	k := joinKey{a: a, n: len(rs), used: used}
	if k.n > 0 {
		k.p = &rs[0]
	}
	if out, ok := j[k]; ok {
		return out
	}
	out := slices.Concat(rs, extra)
	if j != nil && len(j) < joinedLimit {
		j[k] = out
	}
	return out
}

// decimalAmount reports whether s is digits with at most one decimal
// point among or after them.
func decimalAmount(s string) bool {
	digits, points := 0, 0
	for _, c := range []byte(s) {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			points++
		default:
			return false
		}
	}
	return digits > 0 && points <= 1
}

// ParseUnitValue reads a unit_value as a line's value is drawn on a value
// limit: US dollars above 0, digits with thousands separators in groups of
// three and at most one decimal point ("1,250.50"); false for anything
// else (a decimal comma, a dot before three digits alone, a sign, an
// exponent, NaN or Inf).
func ParseUnitValue(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	// Thousands separators in groups of three before the decimal
	// point ("1,250.50"): a decimal comma ("0,5", "1.250,50") is
	// refused, not read as 5 or 1.2505.
	whole, frac, point := strings.Cut(s, ".")
	// "25.000" is 25,000 written with a dot between thousands as
	// often as it is 25 dollars: refused, as a decimal comma is.
	ambiguous := point && len(frac) == 3 && !strings.Contains(whole, ",") && strings.Trim(frac, "0123456789") == ""
	whole, grouped := ungroup(whole)
	if point {
		s = whole + "." + frac
	} else {
		s = whole
	}
	// Digits and at most one decimal point: ParseFloat would also take
	// NaN, Inf and hex floats, and a NaN compares as room on any limit.
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && grouped && !ambiguous && decimalAmount(s) && v > 0
}

// lineValue is a line's value in US dollars from its unit_value column
// (named as the order readers match columns: "Unit Value" too), or why it
// has none. Two such columns that disagree give none.
func lineValue(o Order, quantity int64) (float64, string) {
	var col *Field
	for i, f := range o.Extra {
		if strings.TrimSpace(f.Value) == "" || ColumnKey(f.Name) != UnitValueColumn {
			continue
		}
		if col != nil && strings.TrimSpace(col.Value) != strings.TrimSpace(f.Value) {
			return 0, fmt.Sprintf("the line's columns %q (%s) and %q (%s) both give its unit_value", col.Name, col.Value, f.Name, f.Value)
		}
		if col == nil {
			col = &o.Extra[i]
		}
	}
	if col == nil {
		return 0, noUnitValue
	}
	v, ok := ParseUnitValue(col.Value)
	if !ok || math.IsInf(v*float64(quantity), 0) {
		return 0, fmt.Sprintf("the line's unit_value %q is not an amount in US dollars above 0 (write 1250.50 or 1,250.50; a dot or comma before three digits alone is ambiguous)", col.Value)
	}
	x := dollars(v * float64(quantity))
	if x == 0 {
		// A value counted as 0 draws nothing: on a value limit used up,
		// the line would be licensed.
		return 0, fmt.Sprintf("the line's value (unit_value %q × %d) is less than a millionth of a US dollar, the least a value limit counts", col.Value, quantity)
	}
	return x, ""
}

// roomLeft says what is left on each of a notification's limits that
// claim cl fits (left: record, limit -> what remains), for the reason
// that refuses it on another.
func roomLeft(limits []string, rk string, left map[[2]string]float64, cl claim) []string {
	var out []string
	for _, lim := range limits {
		have := left[[2]string{rk, lim}]
		need, unit := float64(cl.quantity), "units"
		if lim == "value" {
			if cl.valueErr != "" {
				continue
			}
			need, unit = cl.value, "USD"
		}
		if need <= have {
			out = append(out, fmt.Sprintf("%s %s of %s left", num(have), unit, limitName("notification", lim)))
		}
	}
	return out
}

// noUnitValue is why a line without a unit_value draws nothing on a value
// limit, after what the record limits (valueLimited).
const noUnitValue = "the line has no unit_value column to draw it by"

// valueLimited says that a record limits value: a licence's value limit,
// a notification's dollar value.
func valueLimited(kind string) string {
	if kind == "notification" {
		return "the notification states a dollar value"
	}
	return "the record limits value"
}

// dollars is an amount in US dollars rounded to six decimals (a millionth
// of a dollar). Values are kept as float64, whose sums and differences
// are not exact in decimal (1000.30 - 1000.20 is 0.09999999999990905):
// rounded, a line that uses up a value limit exactly fits it (it was
// refused, "0.10 USD left, the line needs 0.10"), and what is left reads
// as written. Below a billion dollars the millionths are whole numbers a
// float64 holds exactly.
func dollars(x float64) float64 {
	return math.Round(x*1e6) / 1e6
}

// Dollars is an amount in US dollars as the check counts it, to the
// millionth: what is left of a value limit, for people.
func Dollars(x float64) float64 { return dollars(x) }

// limit is what a record allows on one of its limits, from the records.
func (a *authorizer) limit(kind, number, lim string) float64 {
	rec := a.record(kind, number)
	switch {
	case rec == nil:
		return 0
	case lim == "value" && kind == "notification":
		return toFloat(rec["value_usd"])
	case lim == "value":
		return toFloat(rec["value_limit_usd"])
	case lim == "quantity":
		return toFloat(rec["quantity"])
	}
	q, _ := rec["quantity_limits"].(map[string]any)
	return toFloat(q[lim])
}

// valueBefore is the value_drawn_before_usd of a record: what the
// shipments committed before its value was recorded were worth (0: not
// given).
func (a *authorizer) valueBefore(kind, number string) float64 {
	return toFloat(a.record(kind, number)["value_drawn_before_usd"])
}

// quantityLimits are the names of a record's quantity limits (product IDs
// or ECCNs), sorted.
func (a *authorizer) quantityLimits(kind, number string) []string {
	q, _ := a.record(kind, number)["quantity_limits"].(map[string]any)
	return slices.Sorted(maps.Keys(q))
}

// where is a record's file and line.
func (a *authorizer) where(kind, number string) (string, int) {
	rec := a.record(kind, number)
	if rec == nil {
		return "", 0
	}
	f, _ := rec["file"].(string)
	return f, int(toFloat(rec["line"]))
}

func (a *authorizer) record(kind, number string) map[string]any {
	set := "licences"
	if kind == "notification" {
		set = "notifications"
	}
	m, _ := a.rec.Data[set].(map[string]any)
	rec, _ := m[number].(map[string]any)
	return rec
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case float64:
		return x
	case json.Number:
		f, _ := x.Float64()
		return f
	}
	return 0
}

func limitName(kind, lim string) string {
	switch {
	case lim == "value" && kind == "notification":
		return "the notified value"
	case lim == "value":
		return "its value limit"
	case lim == "quantity":
		return "the notified quantity"
	}
	return "its limit for " + lim
}

// num writes an amount without a fraction when it has none, with cents
// when they write it whole, else to the millionths values are counted in
// (0.000001 USD is not "0.00": the line would read as fitting the 0 left).
func num(f float64) string {
	if f == float64(int64(f)) {
		return strconv.FormatInt(int64(f), 10)
	}
	if s := strconv.FormatFloat(f, 'f', 2, 64); dollars(f) == dollars(mustFloat(s)) {
		return s
	}
	return strconv.FormatFloat(dollars(f), 'f', -1, 64)
}

func mustFloat(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// NamedByLine reports whether id is the name orders.Read gives a line
// without one, its file's base name and line ("book.csv:2"), without
// allocating: it is asked of every line. No commit records such a line
// under it (the ledger asks it too).
func NamedByLine(id, file string, line int) bool {
	var b [20]byte
	n := strconv.AppendInt(b[:0], int64(line), 10)
	base := filepath.Base(file)
	return len(id) == len(base)+1+len(n) && strings.HasPrefix(id, base) && id[len(base)] == ':' && id[len(base)+1:] == string(n)
}
