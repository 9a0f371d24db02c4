package checker

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync/atomic"
	"unique"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/puzpuzpuz/xsync/v4"
)

// Authorizations: the company's records (licences, VEUs, NAC/ACA
// notifications) applied to lines the policy decided. The policy decides
// which records cover a line (AuthorizationQuery); the checker hands each
// line the records that name its end user, and allocates quantities among
// the records that cover it, in ship-date order (allocate.go).

// AuthorizationQuery is the Rego entry point that judges which records
// cover a line.
const AuthorizationQuery = "data.exportcheck.authorization.results"

// Records are the company's compliance records as the checker hands them to
// the policy: data.records, and indexes of the records by the end users
// they name (the records package builds them).
type Records struct {
	Revision string
	// Data is data.records: {"licences": {number: {...}},
	// "notifications": {bis_reference: {...}}}.
	Data map[string]any
	// Normalize puts an end-user name in the form the indexes hold.
	Normalize func(string) string
	// Spell returns an end-user name in the form the policy compares
	// with the names on records (screening.Spell): every word, legal forms
	// written one way.
	Spell func(string) string
	// Readings are the other texts a person reads an end-user name as
	// ("A t l a s" as "Atlas": screening.Readings); nil for none.
	Readings func(string) []string
	// Licences and Notifications are the licence numbers and notification
	// references naming each end user (normalised), in record order.
	Licences, Notifications map[string][]string
	// Clearances are the clearances on record by normalised end user and
	// list entry ID, oldest first (at), one a day: a clearance's history.
	Clearances map[[2]string][]*ClearanceFact
}

// authorizer judges lines against the records.
type authorizer struct {
	rec          *Records
	query        rego.PreparedEvalQuery
	dates        map[string][]string     // "l:"+number, "n:"+reference -> the days its eligibility can change
	documents    []string                // order columns handed over as documents the line holds
	notHeld      map[string]bool         // words saying a document column holds no document
	numberLabels map[string]bool         // words of notHeld that before a number label it ("No. 42")
	judged       map[string]bool         // the decisions the policy says anything of (data.exportcheck.authorization.judged)
	products     map[string]bool         // the products the policy reads of a line beyond its reasons (data.exportcheck.authorization.products_read)
	consignee    map[string]bool         // "l:"+number, "n:"+reference: the records whose judgement reads a line's consignee (data.exportcheck.authorization.consignee_read)
	uncounted    Reason                  // a record with limits not drawn on: what earlier orders drew is not known (Options.Uncounted)
	kindNames    map[string]string       // a record's kind as reasons name it (data.exportcheck.authorization.kind_names)
	faults       map[string]recordFaults // RecordKey -> what makes the record cover no line whatever the line and the day (authorization.compiled)
	comp         *ast.Compiler           // the policy and the store the query reads, for the standing of the licences on a day
	store        storage.Store
	cache        *xsync.Map[authKey, *authOutcome]
	names        *xsync.Map[string, *named] // end user as written -> what names it
	evaluated    atomic.Int64               // lines judged through the authorization query
	sigs         *xsync.Map[sigKey, unique.Handle[string]]
}

// named is what the records hold for one end user.
type named struct {
	key                     string    // normalised
	spelling                *ast.Term // the end user as written, for the policy: {"spelling"}
	licences, notifications []string
	consignee               bool     // a licence of them reads the line's consignee (consignee_read)
	dates                   []string // sorted: the days eligibility can change for any of them
}

// authLine is a line's part in the authorization query.
type authLine struct {
	named *named
	day   string // the day that stands for the ship date among named.dates
	docs  []string
	// consignee is the line's consignee as written when a record naming
	// the end user reads it (named.consignee), "" otherwise.
	consignee string
}

// authOutcome is what the policy says of a line's records.
type authOutcome struct {
	Eligible   []eligibleRecord   `json:"eligible"`
	Ineligible []ineligibleRecord `json:"ineligible"`
	Blocked    []Reason           `json:"blocked"`
	// Decides is false when what the records say decides nothing (the
	// line is decided review or prohibited; nil: it decides).
	Decides *bool `json:"decides"`
}

// decides reads a mark of authorization.results: absent, it decides.
func decides(b *bool) bool { return b == nil || *b }

// ineligibleRecord is a record the policy says does not cover a line, and
// why.
type ineligibleRecord struct {
	Kind    string   `json:"kind"`
	Number  string   `json:"number"`
	Reasons []Reason `json:"reasons"`
	// Decides is false for a record that could not have covered the
	// line in any state (nil: it decides).
	Decides *bool `json:"decides"`
}

// eligibleRecord is a record the policy says covers a line, in the order
// to draw on them, with the limits that apply.
type eligibleRecord struct {
	Kind      string   `json:"kind"`
	Number    string   `json:"number"`
	Expires   string   `json:"expires"`
	Limits    []string `json:"limits"`
	Reasons   []Reason `json:"reasons"`
	Exhausted Reason   `json:"exhausted"`
}

func newAuthorizer(ctx context.Context, b *Bundle, comp *ast.Compiler, rec *Records) (*authorizer, error) {
	doc := make(map[string]any, len(b.Data)+1)
	for k, v := range b.Data {
		doc[k] = v
	}
	records := make(map[string]any, len(rec.Data)+1)
	for k, v := range rec.Data {
		records[k] = v
	}
	doc["records"] = records
	store := inmem.NewFromObjectWithOpts(doc, inmem.OptRoundTripOnWrite(false), inmem.OptReturnASTValuesOnRead(true))
	// What the policy works out of each record once (authorization.compiled)
	// is handed back to it as data.records.compiled: judging a line looks it
	// up instead of working it out again.
	compiled, err := evalValue(ctx, comp, store, "data.exportcheck.authorization.compiled")
	if err != nil {
		return nil, fmt.Errorf("records: %w", err)
	}
	// A licence or notification the policy could not compile would be
	// judged as no record at all, and listed as usable: refused.
	all, _ := compiled.(map[string]any)
	for _, kind := range []string{"licences", "notifications"} {
		want, _ := rec.Data[kind].(map[string]any)
		if got, _ := all[kind].(map[string]any); len(got) != len(want) {
			return nil, fmt.Errorf("records: the policy compiled %d of %d %s (authorization.compiled)", len(got), len(want), kind)
		}
	}
	faults, err := compiledFaults(all)
	if err != nil {
		return nil, fmt.Errorf("records: authorization.compiled: %w", err)
	}
	if err := storage.WriteOne(ctx, store, storage.AddOp, storage.Path{"records", "compiled"}, compiled); err != nil {
		return nil, fmt.Errorf("records: %w", err)
	}
	q, err := rego.New(rego.Query(AuthorizationQuery), rego.Compiler(comp), rego.Store(store)).PrepareForEval(ctx)
	if err != nil {
		return nil, fmt.Errorf("records: %w", err)
	}
	a := &authorizer{rec: rec, query: q, faults: faults, comp: comp, store: store, cache: xsync.NewMap[authKey, *authOutcome](), names: xsync.NewMap[string, *named](), sigs: xsync.NewMap[sigKey, unique.Handle[string]]()}
	// What the policy says of the records themselves: the days each one's
	// eligibility can change, and the documents a line may hold.
	var meta struct {
		Dates struct {
			Licences      map[string][]string `json:"licences"`
			Notifications map[string][]string `json:"notifications"`
		} `json:"dates"`
		Documents    []string `json:"documents"`
		NotHeld      []string `json:"not_held"`
		NumberLabels []string `json:"number_labels"`
		Judged       []string `json:"judged"`
		Products     []string `json:"products"`
		Consignee    struct {
			Licences      []string `json:"licences"`
			Notifications []string `json:"notifications"`
		} `json:"consignee"`
		Uncounted Reason            `json:"uncounted"`
		KindNames map[string]string `json:"kind_names"`
	}
	if err := evalJSON(ctx, comp, store, `{"dates": data.exportcheck.authorization.record_dates, "documents": [d | some d in data.exportcheck.authorization.documents], "not_held": [w | some w in data.exportcheck.authorization.not_held], "number_labels": [w | some w in data.exportcheck.authorization.number_labels], "judged": [d | some d in data.exportcheck.authorization.judged], "products": [p | some p in data.exportcheck.authorization.products_read], "consignee": {k: [n | some n in ns] | some k, ns in data.exportcheck.authorization.consignee_read}, "uncounted": data.exportcheck.authorization.uncounted, "kind_names": data.exportcheck.authorization.kind_names}`, &meta); err != nil {
		return nil, fmt.Errorf("records: %w", err)
	}
	a.dates = map[string][]string{}
	for n, ds := range meta.Dates.Licences {
		a.dates["l:"+n] = ds
	}
	for n, ds := range meta.Dates.Notifications {
		a.dates["n:"+n] = ds
	}
	slices.Sort(meta.Documents)
	a.documents = meta.Documents
	// The words are compared as the checker reads a value: lower case,
	// letters and digits. A policy without them, or with one written
	// otherwise, would let "pending" name a document: refused.
	if len(meta.Documents) > 0 && len(meta.NotHeld) == 0 {
		return nil, fmt.Errorf("records: the policy names documents (authorization.documents) but no words that say one is not held (authorization.not_held)")
	}
	for _, w := range slices.Concat(meta.NotHeld, meta.NumberLabels) {
		if w == "" || strings.ContainsFunc(w, func(r rune) bool { return !('a' <= r && r <= 'z' || '0' <= r && r <= '9') }) {
			return nil, fmt.Errorf("records: authorization.not_held and number_labels hold single words in lower case (letters and digits), not %q", w)
		}
	}
	a.notHeld, a.numberLabels = set(meta.NotHeld), set(meta.NumberLabels)
	a.judged, a.products = set(meta.Judged), set(meta.Products)
	// Keyed as the dates are: "l:"+number, "n:"+reference.
	a.consignee = map[string]bool{}
	for _, n := range meta.Consignee.Licences {
		a.consignee["l:"+n] = true
	}
	for _, r := range meta.Consignee.Notifications {
		a.consignee["n:"+r] = true
	}
	a.uncounted, a.kindNames = meta.Uncounted, meta.KindNames
	return a, nil
}

// recordFaults is, of what makes a record cover no line whatever the line
// and the day as the policy compiled it, the faults amending the record
// mends (the listings read every fault from authorization.standing).
type recordFaults struct {
	amend []Amendment
}

// Amendment is a fault of a licence's or notification's record that makes
// it cover no line until the record is amended (authorization.compiled's
// amend): a VEU without the Federal Register citation of its listing, a
// NAC notification without value_usd.
type Amendment struct {
	Text     string // why it covers no line, as a line's reason says it
	Citation string // the provision that makes it a fault
}

// compiledFaults reads, of each licence and notification the policy
// compiled (authorization.compiled), the faults that make it cover no line
// whatever the line and the day that amending the record mends, by
// RecordKey.
func compiledFaults(compiled map[string]any) (map[string]recordFaults, error) {
	var all map[string]map[string]struct {
		Compiled struct {
			Faults map[string]string `json:"faults"`
			Amend  map[string]string `json:"amend"`
		} `json:"compiled"`
	}
	b, err := json.Marshal(compiled)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, err
	}
	out := map[string]recordFaults{}
	for kind, key := range map[string]string{"licences": "licence", "notifications": "notification"} {
		for number, r := range all[kind] {
			var f recordFaults
			for _, w := range slices.Sorted(maps.Keys(r.Compiled.Amend)) {
				text, ok := r.Compiled.Faults[w]
				if !ok {
					return nil, fmt.Errorf("%s %s: amend names %q, not one of its faults", key, number, w)
				}
				f.amend = append(f.amend, Amendment{Text: text, Citation: r.Compiled.Amend[w]})
			}
			out[RecordKey(key, number)] = f
		}
	}
	return out, nil
}

// notJudged is what a listing shows of a record the checker does not hold
// (it was built without it): never usable.
const notJudged = "not judged by the policy"

// Amendments are the faults the policy finds in a licence's (kind
// "licence") or notification's ("notification") record that make it cover
// no line until the record is amended (authorization.compiled), for
// records check, records list and check to warn of; none for a record the
// checker does not hold.
func (c *Checker) Amendments(kind, number string) []Amendment {
	if c == nil || c.auth == nil {
		return nil
	}
	return c.auth.faults[RecordKey(kind, number)].amend
}

// Standing is how the policy says a licence, VEU or notification on
// record stands on a day (authorization.standing), for what listings show
// of it.
type Standing struct {
	// Status is its status as people read it that day: active, expired
	// (an active licence past its expiry), revoked, suspended; a
	// notification's as recorded (filed, confirmed, objected).
	Status string `json:"status"`
	// From is the day a revocation or suspension took effect, when the
	// record gives one: before it, the licence still covers.
	From string `json:"from"`
	// UsableFrom is, for a notification, the day it may be used from when
	// that is after the day (a NAC notification, 25 days after filing);
	// "" once usable.
	UsableFrom string `json:"usable_from"`
	// Withdrawn is whether it is revoked or suspended that day.
	Withdrawn bool `json:"withdrawn"`
	// Faults are why it covers no line shipping that day, whatever the
	// line, in the few words a listing shows ("revoked 2026-03-10",
	// "expired 2027-01-12", "no federal_register", "usable from
	// 2026-01-26", "not confirmed"), sorted; none when it may cover lines.
	Faults []string `json:"faults"`
}

// Standings are the standings of the licences and notifications on
// record on one day, by RecordKey.
type Standings map[string]Standing

// Licence is a licence's standing. One the checker did not hold is "not
// judged by the policy", its fault too: never shown as usable.
func (s Standings) Licence(number string) Standing {
	if st, ok := s[RecordKey("licence", number)]; ok {
		return st
	}
	return Standing{Status: notJudged, Faults: []string{notJudged}}
}

// Notification is a notification's standing. One the checker did not hold
// is "not judged by the policy", its fault too: never shown as usable.
func (s Standings) Notification(ref string) Standing {
	if st, ok := s[RecordKey("notification", ref)]; ok {
		return st
	}
	return Standing{Status: notJudged, Faults: []string{notJudged}}
}

// StandingQuery is the Rego entry point that says how each licence and
// notification on record stands on a day (input.day).
const StandingQuery = "data.exportcheck.authorization.standing"

// Standings is how each licence, VEU and notification the checker holds
// stands on day (YYYY-MM-DD), as the policy says (authorization.standing):
// evaluated once, for a listing of them all. Empty for a checker without records
// (each one is then not judged by the policy).
func (c *Checker) Standings(ctx context.Context, day string) (Standings, error) {
	if c == nil || c.auth == nil {
		return Standings{}, nil
	}
	if err := DateError(day); err != nil {
		return nil, fmt.Errorf("standing on %q: %w", day, err)
	}
	rs, err := rego.New(rego.Query(StandingQuery), rego.Compiler(c.auth.comp), rego.Store(c.auth.store), rego.Input(map[string]any{"day": day})).Eval(ctx)
	if err != nil {
		return nil, fmt.Errorf("records: %w", err)
	}
	if len(rs) == 0 || len(rs[0].Expressions) == 0 {
		return nil, fmt.Errorf("records: %s: undefined", StandingQuery)
	}
	var v struct {
		Licences      map[string]Standing `json:"licences"`
		Notifications map[string]Standing `json:"notifications"`
	}
	b, err := json.Marshal(rs[0].Expressions[0].Value)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, fmt.Errorf("records: %s: %w", StandingQuery, err)
	}
	out := make(Standings, len(v.Licences)+len(v.Notifications))
	for n, st := range v.Licences {
		out[RecordKey("licence", n)] = st
	}
	for ref, st := range v.Notifications {
		out[RecordKey("notification", ref)] = st
	}
	return out, nil
}

// evalValue evaluates a query once and returns its value.
func evalValue(ctx context.Context, comp *ast.Compiler, store storage.Store, query string) (any, error) {
	r := rego.New(rego.Query(query), rego.Compiler(comp), rego.Store(store))
	rs, err := r.Eval(ctx)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 || len(rs[0].Expressions) == 0 {
		return nil, fmt.Errorf("%s: undefined", query)
	}
	return rs[0].Expressions[0].Value, nil
}

// evalJSON evaluates a query once and decodes its value into v.
func evalJSON(ctx context.Context, comp *ast.Compiler, store storage.Store, query string, v any) error {
	x, err := evalValue(ctx, comp, store, query)
	if err != nil {
		return err
	}
	b, err := json.Marshal(x)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// namedFor returns what the records hold for an end user as written; nil
// when no licence or notification names it.
func (a *authorizer) namedFor(endUser string) *named {
	if n, ok := a.names.Load(endUser); ok {
		return n
	}
	key := a.rec.Normalize(endUser)
	var n *named
	if ls, ns := a.rec.Licences[key], a.rec.Notifications[key]; len(ls)+len(ns) > 0 {
		n = &named{key: key, licences: ls, notifications: ns}
		n.spelling = spellingTerm(a.rec.Spell(endUser))
		for _, l := range ls {
			n.dates = append(n.dates, a.dates["l:"+l]...)
			n.consignee = n.consignee || a.consignee["l:"+l]
		}
		for _, x := range ns {
			n.dates = append(n.dates, a.dates["n:"+x]...)
			n.consignee = n.consignee || a.consignee["n:"+x]
		}
		slices.Sort(n.dates)
		n.dates = slices.Compact(n.dates)
	}
	if a.names.Size() < namesLimit {
		a.names.Store(endUser, n)
	}
	return n
}

// authLine prepares a line's part in the authorization query; none (named
// nil) when no record names its end user (the policy has nothing to judge:
// no record, no authorization). A value, kept in the line's prepared: not
// one allocation a line.
func (c *Checker) authLine(o *Order, date string) (l authLine) {
	if c.auth == nil {
		return l
	}
	n := c.auth.namedFor(strings.TrimSpace(o.EndUser))
	if n == nil {
		return l
	}
	l = authLine{named: n, day: date}
	if n.consignee || c.opts.NoMemo || c.opts.NoCache || c.opts.ownDates {
		// Only a record naming a consignee reads it (consignee_read): for
		// other lines the consignee is left out of the query and its key
		// (without the caches, every line hands it over).
		l.consignee = strings.TrimSpace(o.Consignee)
	}
	if !c.opts.NoMemo && !c.opts.NoCache && !c.opts.ownDates {
		// The policy compares the ship date only with the days the records'
		// eligibility can change (record_dates): every date between two of
		// them is judged alike, on the first.
		l.day = DateFloor
		if i, found := slices.BinarySearch(n.dates, date); found {
			l.day = n.dates[i]
		} else if i > 0 {
			l.day = n.dates[i-1]
		}
	}
	for _, f := range o.Extra {
		if c.placeholders.holdsDocument(f.Value, c.auth.notHeld, c.auth.numberLabels) {
			// "End Use Certificate" names the column end_use_certificate, as
			// the order readers match columns.
			if k := ColumnKey(f.Name); slices.Contains(c.auth.documents, k) {
				l.docs = append(l.docs, k)
			}
		}
	}
	slices.Sort(l.docs)
	l.docs = slices.Compact(l.docs) // "End Use Certificate" and end_use_certificate: one document
	return l
}

// authTodo is a line whose records the policy is to judge.
type authTodo struct {
	r   *Result
	p   *prepared
	i   int     // in the batch
	key authKey // the line's
	gen authKey // what the query is asked: key, or key for any product (productPlaceholder) when the policy reads nothing of the product but what the reasons say
	// cached is whether the cache held key's outcome (out) when the line
	// was taken on.
	cached bool
	out    *authOutcome
}

// productPlaceholder stands for the product of a line in the authorization
// query when the policy reads nothing of it but what the decision's
// reasons say (it is not in products_read): lines of every such product
// are judged once, and the product is filled into the reasons after.
const productPlaceholder = "\u2063product\u2063"

// authKey is everything the authorization query reads of a line: the
// policy's decision (its decision, exception, ECCN and reasons' rules are
// the same for every line the decision is kept for, with the product's own
// classification reasons when profiled), the product and destination, the
// records naming the end user, the day, the documents and the consignee
// (when a record naming the end user reads it).
type authKey struct {
	out                  unique.Handle[string] // what the query reads of the decision (signature), one handle per text: compared by pointer
	product, destination string
	named                *named
	day, docs, consignee string
}

// authorize judges the records of a batch's lines that have any, once per
// distinct authorization key.
func (c *Checker) authorize(ctx context.Context, b *batch) error {
	if c.auth == nil {
		return nil
	}
	// The batch's scratch, kept from one batch to the next (batches are
	// reused).
	todo, eval, seen := b.authTodo[:0], b.authEval[:0], b.authSeen
	if seen == nil {
		seen = map[authKey]bool{}
		b.authSeen = seen
	}
	defer func() {
		clear(todo)
		clear(eval)
		clear(seen)
		clear(b.authLocal)
		b.authTodo, b.authEval = todo[:0], eval[:0]
	}()
	for i, p := range b.preps {
		r := &b.results[i]
		if p == nil || p.auth.named == nil || r.Err != nil {
			continue
		}
		if !c.opts.NoCache && !c.auth.judged[r.Decision.String()] {
			continue // the policy says nothing of such a line (--no-cache asks anyway)
		}
		t := authTodo{r: r, p: p, i: i, key: authKey{c.auth.signature(b.outs[i], r), p.product, p.destination, p.auth.named, p.auth.day, strings.Join(p.auth.docs, ","), p.auth.consignee}}
		t.gen = t.key
		if c.opts.NoCache {
			todo = append(todo, t)
			eval = append(eval, t)
			continue
		}
		if !c.auth.products[p.product] {
			t.gen.product = productPlaceholder
		}
		if o, ok := c.auth.cache.Load(t.key); ok {
			t.cached, t.out = true, o
			todo = append(todo, t)
			continue
		}
		todo = append(todo, t)
		if _, ok := c.auth.cache.Load(t.gen); !ok && !seen[t.gen] {
			seen[t.gen] = true
			eval = append(eval, t)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	outs, err := c.auth.eval(ctx, eval)
	if err != nil {
		if ctx.Err() != nil {
			return c.stopped(ctx) // OPA's eval_cancel_error does not say why
		}
		return err
	}
	c.auth.evaluated.Add(int64(len(eval)))
	if c.opts.NoCache {
		for i, t := range eval {
			b.auths[t.i] = outs[i]
		}
		return nil
	}
	local := b.authLocal
	if local == nil {
		local = make(map[authKey]*authOutcome, len(eval))
		b.authLocal = local
	}
	for i, t := range eval {
		local[t.gen] = outs[i]
		if c.auth.cache.Size() < namesLimit {
			c.auth.cache.Store(t.gen, outs[i])
		}
	}
	for _, t := range todo {
		if t.cached {
			b.auths[t.i] = t.out
			continue
		}
		o, ok := local[t.key]
		if !ok {
			o, ok = c.auth.cache.Load(t.key)
		}
		if !ok {
			if o, ok = local[t.gen]; !ok {
				o, _ = c.auth.cache.Load(t.gen)
			}
			o = o.withProduct(t.key.product)
			local[t.key] = o
			if c.auth.cache.Size() < namesLimit {
				c.auth.cache.Store(t.key, o)
			}
		}
		b.auths[t.i] = o
	}
	return nil
}

// withProduct is o, judged for any product, with product filled in where
// its reasons name the product; o itself when none does (or o is nil).
func (o *authOutcome) withProduct(product string) *authOutcome {
	if o == nil {
		return nil
	}
	names := func(rs ...Reason) bool {
		return slices.ContainsFunc(rs, func(r Reason) bool { return strings.Contains(r.Message, productPlaceholder) })
	}
	found := names(o.Blocked...)
	for _, e := range o.Eligible {
		found = found || names(e.Reasons...) || names(e.Exhausted)
	}
	for _, x := range o.Ineligible {
		found = found || names(x.Reasons...)
	}
	if !found {
		return o
	}
	fill := func(rs []Reason) []Reason {
		out := slices.Clone(rs)
		for i := range out {
			out[i].Message = strings.ReplaceAll(out[i].Message, productPlaceholder, product)
		}
		return out
	}
	n := &authOutcome{Blocked: fill(o.Blocked), Eligible: slices.Clone(o.Eligible), Ineligible: slices.Clone(o.Ineligible), Decides: o.Decides}
	for i := range n.Eligible {
		n.Eligible[i].Reasons = fill(n.Eligible[i].Reasons)
		n.Eligible[i].Exhausted = fill([]Reason{n.Eligible[i].Exhausted})[0]
	}
	for i := range n.Ineligible {
		n.Ineligible[i].Reasons = fill(n.Ineligible[i].Reasons)
	}
	return n
}

// signature is what the authorization query reads of a decision: its
// decision, exception, ECCN and its reasons' rules (r's, as filled in for
// the line's product), once per decision kept and product.
func (a *authorizer) signature(o *outcome, r *Result) unique.Handle[string] {
	k := sigKey{o, r.ProductID}
	if s, ok := a.sigs.Load(k); ok {
		return s
	}
	var b strings.Builder
	for _, s := range []string{r.Decision.String(), r.Exception, r.ECCN} {
		b.WriteString(s)
		b.WriteByte(0)
	}
	for _, x := range r.Reasons {
		b.WriteString(x.Rule)
		b.WriteByte(1)
	}
	s := unique.Make(b.String())
	if a.sigs.Size() < namesLimit {
		a.sigs.Store(k, s)
	}
	return s
}

// sigKey is a decision kept and the product its reasons are filled in for.
type sigKey struct {
	o       *outcome
	product string
}

// AuthorizationsEvaluated counts the lines judged through the authorization
// query (once per distinct authorization key, with the cache).
func (c *Checker) AuthorizationsEvaluated() int64 {
	if c.auth == nil {
		return 0
	}
	return c.auth.evaluated.Load()
}

// eval evaluates the authorization query for lines.
func (a *authorizer) eval(ctx context.Context, ts []authTodo) ([]*authOutcome, error) {
	if len(ts) == 0 {
		return nil, nil
	}
	// The input is handed over as the policy's own terms: converting Go
	// maps (rego.EvalInput) cost more than judging some of the lines.
	str := ast.StringTerm
	lines := make([]*ast.Term, len(ts))
	for i, t := range ts {
		rules := make([]*ast.Term, len(t.r.Reasons))
		for j, x := range t.r.Reasons {
			rules[j] = str(x.Rule)
		}
		lines[i] = ast.ObjectTerm(
			ast.Item(ast.InternedTerm("day"), str(t.p.auth.day)),
			ast.Item(ast.InternedTerm("product"), str(t.gen.product)),
			ast.Item(ast.InternedTerm("destination"), str(t.p.destination)),
			ast.Item(ast.InternedTerm("end_user"), str(strings.TrimSpace(t.r.Order.EndUser))),
			ast.Item(ast.InternedTerm("end_user_key"), str(t.p.auth.named.key)),
			ast.Item(ast.InternedTerm("end_user_spelling"), t.p.auth.named.spelling),
			ast.Item(ast.InternedTerm("consignee"), str(t.p.auth.consignee)),
			ast.Item(ast.InternedTerm("consignee_spelling"), spellingTerm(a.rec.Spell(t.p.auth.consignee))),
			ast.Item(ast.InternedTerm("outcome"), ast.ObjectTerm(
				ast.Item(ast.InternedTerm("decision"), str(t.r.Decision.String())),
				ast.Item(ast.InternedTerm("exception"), str(t.r.Exception)),
				ast.Item(ast.InternedTerm("eccn"), str(t.r.ECCN)),
				ast.Item(ast.InternedTerm("rules"), ast.ArrayTerm(rules...)),
			)),
			ast.Item(ast.InternedTerm("documents"), strTerms(t.p.auth.docs)),
			ast.Item(ast.InternedTerm("licences"), strTerms(t.p.auth.named.licences)),
			ast.Item(ast.InternedTerm("notifications"), strTerms(t.p.auth.named.notifications)),
		)
	}
	rs, err := a.query.Eval(ctx, rego.EvalParsedInput(ast.NewObject(ast.Item(ast.InternedTerm("lines"), ast.ArrayTerm(lines...)))), rego.EvalGenerateJSON(rawTerm))
	if err != nil {
		return nil, fmt.Errorf("evaluating the records: %w", err)
	}
	var outs []*authOutcome
	if len(rs) > 0 && len(rs[0].Expressions) > 0 {
		if t, ok := rs[0].Expressions[0].Value.(*ast.Term); ok {
			if outs, err = decodeAuthOutcomes(t); err != nil {
				return nil, fmt.Errorf("evaluating the records: %w", err)
			}
		}
	}
	if len(outs) != len(ts) {
		return nil, fmt.Errorf("evaluating the records: the policy judged %d of %d lines", len(outs), len(ts))
	}
	return outs, nil
}

// strTerms is an array of strings as the policy reads it.
func strTerms(s []string) *ast.Term {
	ts := make([]*ast.Term, len(s))
	for i, x := range s {
		ts[i] = ast.StringTerm(x)
	}
	return ast.ArrayTerm(ts...)
}

// spellingTerm is a name's spelling as names.same_party reads it:
// {"spelling": s}.
func spellingTerm(s string) *ast.Term {
	return ast.ObjectTerm(ast.Item(ast.InternedTerm("spelling"), ast.StringTerm(s)))
}

// set holds each of ws.
func set(ws []string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
