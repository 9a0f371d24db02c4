// Package checker evaluates hardware orders against the export-control
// policies. [New] loads the embedded policies and data (plus any overlays),
// compiles them and prepares the query once; [Checker.Check] streams
// [Result]s for a stream of [Order]s, evaluating Rego in batches on all
// cores and once per distinct decision key.
//
// The checker decides nothing itself: it resolves what orders name
// (products, countries, dates), hands facts to the policies and types what
// they return.
package checker

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/puzpuzpuz/xsync/v4"

	"github.com/exportcheck/exportcheck/data"
	"github.com/exportcheck/exportcheck/policies"
)

// Options configure a Checker. The zero value uses the embedded policies and
// data, the enforced regime, each order's own date, all cores and the cache.
type Options struct {
	PolicyDirs []string // add or replace Rego files
	DataDirs   []string // overlay data documents
	Regime     string   // "enforced" (default) or another regime in data.regimes
	AsOf       string   // judge every line as of this date (YYYY-MM-DD) instead of its own
	Screener   Screener // restricted-party screening; nil screens nothing
	NoCache    bool     // evaluate every line through Rego: no decision-key cache (the policy's memo still shares work)
	NoMemo     bool     // recompute memoized policy functions in every evaluation; judge each line on its own date, by its own codes
	ShipFrom   string   // the country lines ship from when they do not say (default "US": exports from the United States)
	// Horizon is how far past the date the data is "as of" (the earliest
	// sources.*.as_of in data) a ship date may lie before it is an error
	// rather than a plan the data cannot judge; default DefaultHorizon.
	Horizon time.Duration
	// EvalTimeout bounds one evaluation of the policy (a batch of at most
	// BatchSize decision keys); past it the check stops with an error naming
	// the rule being evaluated. Default DefaultEvalTimeout.
	EvalTimeout time.Duration
	Workers     int // evaluation goroutines; default GOMAXPROCS
	BatchSize   int // orders per Rego evaluation; default 512

	// Tracer, when set, traces every evaluation (e.g. OPA's profiler, to
	// see which policy expressions cost most); one that is not safe for
	// concurrent use needs Workers: 1.
	Tracer topdown.QueryTracer

	// ownDates (tests) judges each line on its own date and by its own
	// codes, as NoMemo does, but keeps the policy's memo (pure functions,
	// keyed by their arguments): a reference independent of the periods and
	// profiles, fast enough to compare them with exhaustively.
	ownDates bool

	// PolicyFS and DataFS replace the embedded policies and data when set
	// (policy review compares against another tree). Rego files are found
	// anywhere below the root; data files likewise.
	PolicyFS, DataFS fs.FS
}

// Checker evaluates orders. It is safe for concurrent use.
type Checker struct {
	opts    Options
	bundle  *Bundle
	catalog *Catalog
	query   rego.PreparedEvalQuery
	days    *periodDays // every date named in data, and the day standing for each interval
	periods *periodIndex

	reviewFloor float64 // data.screening.review_threshold
	cacheNote   string  // why the decision cache falls back, "" when it does not
	latest      string  // the latest ship date judged (the data's as-of date plus the horizon), "" for none

	memo          *memo
	profiles      *profiles        // nil: keys hold country codes
	products      *productProfiles // nil: keys hold product IDs
	classifyOnce  sync.Once
	classifyQuery rego.PreparedEvalQuery
	classifyErr   error
	evaluated     atomic.Int64 // order lines evaluated through Rego
	judgedMu      sync.RWMutex
	judged        map[[6]string]*judged
	keys          map[string]*keyEntry // profiled decision key -> its entry (guarded by judgedMu)
	namesMu       sync.RWMutex
	names         map[[5]string]*names
	batches       sync.Pool // *batch, free
	cacheMu       sync.RWMutex
	cache         map[string]*outcome    // decision key -> outcome
	flight        map[string]*evaluation // decision key -> its evaluation under way (guarded by cacheMu)
	// decoded keeps policy results decoded by their term under NoCache: a
	// result the memo keeps comes back as the same term for every line that
	// shares it (the key holds the term, so its memory is not reused for
	// another).
	decoded *xsync.Map[*ast.Term, *outcome]
	inputs  *xsync.Map[string, *ast.Term] // a profiled line's policy input, by its fields
}

// planOverride replaces the derived cache plan (tests only: to show what a
// plan that ignores a dependency would get wrong).
var planOverride *cachePlan

// DateFloor is the earliest ship date judged: the controls this tool
// encodes begin in 2022, and a date before 1990 is a typo or a default
// (0001-01-01, 1899-12-31, 1970-01-01), never a shipment to judge as
// "no control in force".
const DateFloor = "1990-01-01"

// DefaultHorizon is the default of Options.Horizon.
const DefaultHorizon = 2 * 365 * 24 * time.Hour

// DefaultEvalTimeout is the default of Options.EvalTimeout: a batch of new
// decision keys takes well under a second.
const DefaultEvalTimeout = 30 * time.Second

// DecisionQuery is the Rego entry point the checker evaluates.
const DecisionQuery = "data.exportcheck.results"

// New loads and compiles the policies and data and prepares the query.
func New(ctx context.Context, opts Options) (*Checker, error) {
	if opts.Regime == "" {
		opts.Regime = "enforced"
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 512
	}
	if opts.ShipFrom == "" {
		opts.ShipFrom = "US"
	}
	if opts.EvalTimeout <= 0 {
		opts.EvalTimeout = DefaultEvalTimeout
	}
	if opts.Horizon <= 0 {
		opts.Horizon = DefaultHorizon
	}
	pfs, dfs := opts.PolicyFS, opts.DataFS
	if pfs == nil {
		pfs = policies.FS
	}
	if dfs == nil {
		dfs = data.FS
	}
	b, err := LoadBundleFrom(pfs, dfs, opts.PolicyDirs, opts.DataDirs)
	if err != nil {
		return nil, err
	}
	regimes, _ := b.Data["regimes"].(map[string]any)
	if _, ok := regimes[opts.Regime]; !ok {
		return nil, fmt.Errorf("unknown regime %q; known: %s", opts.Regime, strings.Join(sortedKeys(regimes), ", "))
	}
	if opts.AsOf != "" {
		if _, err := time.Parse(time.DateOnly, opts.AsOf); err != nil {
			return nil, fmt.Errorf("--as-of %q: %w: want YYYY-MM-DD", opts.AsOf, ErrBadDate)
		}
	}
	cat, err := newCatalog(b.Data)
	if err != nil {
		return nil, err
	}
	if opts.ShipFrom, err = cat.ResolveCountry(opts.ShipFrom); err != nil {
		return nil, fmt.Errorf("ship from: %w", err)
	}
	q, comp, err := prepare(ctx, b, DecisionQuery)
	if err != nil {
		return nil, err
	}
	floor, err := reviewThreshold(b.Data)
	if err != nil {
		return nil, err
	}
	m, err := newMemo(comp, !opts.NoCache)
	if err != nil {
		return nil, err
	}
	// Narrowing and profiles only where the compiled policy reads nothing
	// they do not account for (dependencies.go); company policies are keyed
	// by every date and code.
	plan := planCache(comp, b.Data)
	if planOverride != nil {
		plan = *planOverride
	}
	narrow := len(opts.PolicyDirs) == 0 && plan.narrow
	periods := newPeriodIndex(b.Data, narrow, opts.Regime)
	var pr *profiles
	var pp *productProfiles
	if narrow && plan.profiles && !opts.NoMemo && !opts.ownDates {
		codes := map[string]bool{}
		for _, x := range cat.Countries() {
			codes[x.Code] = true
		}
		if pr, err = newProfiles(ctx, b, comp, codes, periods, m); err != nil {
			return nil, err
		}
		if pp, err = newProductProfiles(ctx, b, comp, opts.Regime, periods, m); err != nil {
			return nil, err
		}
	}
	latest := ""
	if asOf := DataAsOf(b.Data); asOf != "" {
		t, _ := time.Parse(time.DateOnly, asOf)
		latest = t.Add(opts.Horizon).Format(time.DateOnly)
	}
	return &Checker{latest: latest, cacheNote: plan.note, profiles: pr, products: pp, opts: opts, bundle: b, catalog: cat, query: q, days: newPeriodDays(dates(b.Data), narrow), periods: periods, reviewFloor: floor, memo: m, cache: map[string]*outcome{}, flight: map[string]*evaluation{}, decoded: xsync.NewMap[*ast.Term, *outcome](), inputs: xsync.NewMap[string, *ast.Term](), names: map[[5]string]*names{}, judged: map[[6]string]*judged{}, keys: map[string]*keyEntry{}}, nil
}

func prepare(ctx context.Context, b *Bundle, query string) (rego.PreparedEvalQuery, *ast.Compiler, error) {
	compiler, err := Compile(b.Modules)
	if err != nil {
		return rego.PreparedEvalQuery{}, nil, err
	}
	q, err := rego.New(
		rego.Query(query),
		rego.Compiler(compiler),
		rego.Store(newStore(b)),
	).PrepareForEval(ctx)
	return q, compiler, err
}

func newStore(b *Bundle) storage.Store {
	return inmem.NewFromObjectWithOpts(b.Data, inmem.OptRoundTripOnWrite(false))
}

// Compile parses and compiles Rego modules (path -> source) strictly.
func Compile(modules map[string]string) (*ast.Compiler, error) {
	parsed := make(map[string]*ast.Module, len(modules))
	for _, name := range sortedKeys(modules) {
		m, err := ast.ParseModuleWithOpts(name, modules[name], ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return nil, err
		}
		parsed[name] = m
	}
	c := ast.NewCompiler().WithStrict(true).WithEnablePrintStatements(false)
	c.Compile(parsed)
	if c.Failed() {
		return nil, c.Errors
	}
	return c, nil
}

// DataAsOf is the date the data is as of: the earliest sources.*.as_of
// date in the data document, "" when it states none.
func DataAsOf(doc map[string]any) string {
	m := ""
	sources, _ := doc["sources"].(map[string]any)
	for _, v := range sources {
		if s, ok := v.(map[string]any); ok {
			if d, ok := s["as_of"].(string); ok && isDate(d) && (m == "" || d < m) {
				m = d
			}
		}
	}
	return m
}

// CacheNote says why the decision cache keys lines by more than the
// policy needs (every date in data, or every code), because the policy
// reads data the cache does not account for; "" when it does not.
func (c *Checker) CacheNote() string { return c.cacheNote }

// Bundle returns the policies and data the checker uses.
func (c *Checker) Bundle() *Bundle { return c.bundle }

// Catalog returns what the data knows about products and countries.
func (c *Checker) Catalog() *Catalog { return c.catalog }

// Revision is the policy revision: a hash of every policy and data file used.
func (c *Checker) Revision() string { return c.bundle.Revision }

// Evaluated is the number of order lines the checker has evaluated through
// Rego so far: one per distinct decision key, or every line with NoCache.
func (c *Checker) Evaluated() int64 { return c.evaluated.Load() }

// Options returns the options the checker was built with (defaults filled in).
func (c *Checker) Options() Options { return c.opts }

// outcome is what the policy decided for one decision key.
type outcome struct {
	Decision     Decision
	ECCN         string
	Regime       string
	ReviewPolicy string
	Exception    string
	Reasons      []Reason
}

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
	fail := func(field string, err error, hint string) error {
		return &InputError{File: o.File, Line: o.Line, Field: field, Err: err, Hint: hint}
	}
	n, err := c.resolveNames(o, fail)
	if err != nil {
		return nil, err
	}
	id, dest, hq := n.id, n.dest, n.hq
	r.ProductID = id
	date := c.opts.AsOf
	if date == "" {
		date = strings.TrimSpace(o.Date)
		if date == "" {
			return nil, fail("date", ErrMissingDate, "give the ship date as YYYY-MM-DD, or --as-of")
		}
		if !isDate(date) {
			return nil, fail("date", fmt.Errorf("%w %q", ErrBadDate, o.Date), dateHint(date))
		}
	}
	if date < DateFloor {
		return nil, fail("date", fmt.Errorf("%w %q", ErrBadDate, date), "before "+DateFloor+": a typo or a default date, not a ship date")
	}
	if c.latest != "" && date > c.latest {
		return nil, fail("date", fmt.Errorf("%w %q", ErrBadDate, date), "after "+c.latest+", further past the date the data is as of than the horizon (--date-horizon); update the data to judge it")
	}
	r.Date = date
	q := strings.TrimSpace(o.Quantity)
	if q == "" {
		return nil, fail("quantity", fmt.Errorf("%w: quantity", ErrMissingField), "give the number of units, a positive whole number")
	}
	if n, err := parseQuantity(q); err != nil || n <= 0 {
		return nil, fail("quantity", fmt.Errorf("%w %q", ErrBadQuantity, o.Quantity), "want a positive whole number, with or without thousands separators (1000 or 1,000)")
	}
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
	p.screen = c.screen(o, date)
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
	if p.screen != nil {
		p.key += p.screen.key()
	}
	return p, nil
}

// parseQuantity accepts a whole number written plainly (no sign, no
// leading zeros).
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

// keyEntry holds the outcome of a profiled decision key without screening,
// so lines need not look their key up by its text.
type keyEntry struct {
	key string // the key, one copy for every judged that has it
	out atomic.Pointer[outcome]
	mu  sync.Mutex
	ev  *evaluation // its evaluation, once a worker has taken it on
}

// take returns the key's evaluation, and whether the caller is to do it
// (the first to ask is).
func (e *keyEntry) take() (*evaluation, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ev != nil {
		return e.ev, false
	}
	e.ev = newEvaluation()
	return e.ev, true
}

// evaluation is the one evaluation of a decision key: the worker that takes
// it on evaluates it; workers that meet the key meanwhile wait for it.
type evaluation struct {
	done chan struct{} // closed once out or err is set
	out  *outcome      // nil: the policy gave no decision
	err  error
}

func newEvaluation() *evaluation { return &evaluation{done: make(chan struct{})} }

// wait returns the outcome once the evaluation is done.
func (ev *evaluation) wait(ctx context.Context) (*outcome, error) {
	select {
	case <-ev.done:
		return ev.out, ev.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
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
	j, err := c.judgedAs(ctx, n, standingDay(n.list, date))
	if err != nil {
		return nil, err
	}
	n.judged[k].Store(j)
	return j, nil
}

// judgedAs returns how n is judged on a day, from what was kept when the
// same product and countries were seen on that day before.
func (c *Checker) judgedAs(ctx context.Context, n *names, day string) (*judged, error) {
	k := [6]string{n.id, n.dest, n.hq, day, n.endUse, n.shipFrom}
	c.judgedMu.RLock()
	j, ok := c.judged[k]
	c.judgedMu.RUnlock()
	if ok {
		return j, nil
	}
	pp, err := c.products.of(ctx, n.id, day)
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
	j = &judged{day: day, key: pp.profile + "|" + dp.profile + "|" + hp.profile + "|" + day + "|" + n.endUse + "|" + n.shipFrom}
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
	if len(c.judged) < namesLimit {
		c.judged[k] = j
	}
	c.judgedMu.Unlock()
	return j, nil
}

// names is what an order's product, destination and headquarters resolve
// to, and the dates that concern them.
type names struct {
	id, dest, hq     string
	endUse, shipFrom string // "" when no end use is known; the country shipped from
	list             []string
	judged           []atomic.Pointer[judged] // with profiles: how judged in each half-open period, once known
}

// namesLimit bounds the resolutions kept (one per distinct spelling of a
// product, destination and headquarters) and the keys kept (one per
// product, destination, headquarters and day): ~20 MB at most.
const namesLimit = 1 << 17

// resolveNames resolves an order's product and countries, from the
// resolutions kept when the same spellings were seen before.
func (c *Checker) resolveNames(o *Order, fail func(string, error, string) error) (*names, error) {
	k := [5]string{o.Product, o.Destination, o.EndUserHQ, o.EndUse, o.ShipFrom}
	c.namesMu.RLock()
	n, ok := c.names[k]
	c.namesMu.RUnlock()
	if ok {
		return n, nil
	}
	if strings.TrimSpace(o.Product) == "" {
		return n, fail("product", fmt.Errorf("%w: product", ErrMissingField), "")
	}
	id, err := c.catalog.ResolveProduct(o.Product)
	if err != nil {
		return n, fail("product", err, "see `exportcheck products`")
	}
	if strings.TrimSpace(o.Destination) == "" {
		return n, fail("destination", fmt.Errorf("%w: destination", ErrMissingField), "")
	}
	dest, err := c.catalog.ResolveCountry(o.Destination)
	if err != nil {
		return n, fail("destination", err, "want an ISO 3166-1 alpha-2 code")
	}
	hq := ""
	if s := strings.TrimSpace(o.EndUserHQ); s != "" && !strings.EqualFold(s, "unknown") {
		if hq, err = c.catalog.ResolveCountry(s); err != nil {
			return n, fail("end_user_hq", err, "want an ISO 3166-1 alpha-2 code, or blank when unknown")
		}
	}
	endUse, err := c.catalog.ResolveEndUse(o.EndUse)
	if err != nil {
		return n, fail("end_use", err, "")
	}
	shipFrom := c.opts.ShipFrom
	if s := strings.TrimSpace(o.ShipFrom); s != "" {
		if shipFrom, err = c.catalog.ResolveCountry(s); err != nil {
			return n, fail("ship_from", err, "the country the item ships from, an ISO 3166-1 alpha-2 code; blank: "+c.opts.ShipFrom)
		}
	}
	n = &names{id: id, dest: dest, hq: hq, endUse: endUse, shipFrom: shipFrom,
		list: c.periods.listFor(id, c.catalog.effective(dest), c.catalog.effective(hq), c.catalog.effective(shipFrom))}
	if c.profiles != nil && len(n.list) > 0 {
		n.judged = make([]atomic.Pointer[judged], len(n.list)+1)
	}
	c.namesMu.Lock()
	if len(c.names) < namesLimit {
		c.names[k] = n
	}
	c.namesMu.Unlock()
	return n, nil
}

func parseQuantity(s string) (int64, error) {
	if strings.Contains(s, ",") {
		// Thousands separators, in groups of three: 1,000 and 12,345,678.
		groups := strings.Split(s, ",")
		for i, g := range groups {
			if (i > 0 && len(g) != 3) || (i == 0 && (len(g) == 0 || len(g) > 3)) {
				return 0, ErrBadQuantity
			}
		}
		s = strings.Join(groups, "")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err == nil && strconv.FormatInt(n, 10) != s {
		err = ErrBadQuantity
	}
	return n, err
}

// dates collects every YYYY-MM-DD string anywhere in the data document.
func dates(doc any) []string {
	seen := map[string]bool{}
	var visit func(v any)
	visit = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for _, e := range x {
				visit(e)
			}
		case []any:
			for _, e := range x {
				visit(e)
			}
		case string:
			if len(x) == 10 {
				if _, err := time.Parse(time.DateOnly, x); err == nil {
					seen[x] = true
				}
			}
		}
	}
	visit(doc)
	return sortedKeys(seen)
}

// newBatch takes a batch from the free ones, or makes one.
func (c *Checker) newBatch() *batch {
	b, ok := c.batches.Get().(*batch)
	if !ok {
		b = &batch{results: make([]Result, 0, c.opts.BatchSize)}
	}
	b.done = make(chan struct{})
	return b
}

// freeBatch returns a batch whose results have all been yielded.
func (c *Checker) freeBatch(b *batch) {
	clear(b.results)
	clear(b.preps)
	clear(b.prepared)
	b.results, b.preps, b.prepared, b.err = b.results[:0], b.preps[:0], b.prepared[:0], nil
	c.batches.Put(b)
}

type batch struct {
	results  []Result
	preps    []*prepared // into prepared; nil for a line that cannot be judged
	prepared []prepared
	done     chan struct{}
	err      error
}

// Check evaluates orders and yields one Result per order, in input order.
// An order that cannot be judged yields a Result with Err set (an
// *InputError); a read error that is not an *InputError ends the sequence
// with that error.
func (c *Checker) Check(ctx context.Context, orders iter.Seq2[Order, error]) iter.Seq2[Result, error] {
	return func(yield func(Result, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		// Batches in flight, in input order: enough that the workers can run
		// ahead while the writer waits for a batch with many new keys, with
		// a fixed slack rather than one growing with the cores.
		jobs := make(chan *batch, 2*c.opts.Workers)
		queue := make(chan *batch, 2*c.opts.Workers+12)
		var fatal error
		go func() {
			defer close(jobs)
			defer close(queue)
			cur := c.newBatch()
			flush := func() bool {
				select {
				case queue <- cur:
				case <-ctx.Done():
					return false
				}
				select {
				case jobs <- cur:
				case <-ctx.Done():
					return false
				}
				cur = c.newBatch()
				return true
			}
			for o, err := range orders {
				if err != nil {
					var ie *InputError
					if !errors.As(err, &ie) {
						fatal = err
						break
					}
				}
				// Lines are resolved (and screened) by the workers.
				cur.results = append(cur.results, Result{Order: o, Err: err})
				if len(cur.results) >= c.opts.BatchSize && !flush() {
					return
				}
			}
			if len(cur.results) > 0 {
				flush()
			}
		}()
		var wg sync.WaitGroup
		for range c.opts.Workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for b := range jobs {
					n := len(b.results)
					b.preps = slices.Grow(b.preps[:0], n)[:n]
					b.prepared = slices.Grow(b.prepared[:0], n)[:n]
					for i := range b.results {
						if r := &b.results[i]; r.Err == nil {
							b.preps[i], r.Err = c.resolve(ctx, &r.Order, r, &b.prepared[i])
						}
					}
					b.err = c.evalBatch(ctx, b)
					close(b.done)
				}
			}()
		}
		// On an early return, stop the reader before waiting for the workers.
		defer func() {
			cancel()
			wg.Wait()
		}()
		for b := range queue {
			select {
			case <-b.done:
			case <-ctx.Done():
				yield(Result{}, ctx.Err())
				return
			}
			if b.err != nil {
				yield(Result{}, b.err)
				return
			}
			for i := range b.results {
				if !yield(b.results[i], nil) {
					return
				}
			}
			c.freeBatch(b)
		}
		if fatal != nil {
			yield(Result{}, fatal)
		}
	}
}

// evalBatch fills the results of a batch, evaluating each distinct
// decision key that is not cached once: a key another worker is evaluating
// is waited for, not evaluated again.
func (c *Checker) evalBatch(ctx context.Context, b *batch) error {
	var todo []*prepared
	var taken []*evaluation           // with the cache: the evaluations of todo, taken on here
	waits := map[*evaluation]string{} // taken on by other workers: their key (text keys) or ""
	index := map[string]bool{}        // text keys met in this batch
	pending := map[*keyEntry]bool{}
	local := map[string]*outcome{}
	for _, p := range b.preps {
		switch {
		case p == nil:
		case c.opts.NoCache:
			todo = append(todo, p)
		case p.entry() != nil:
			e := p.entry()
			if e.out.Load() != nil || pending[e] {
				continue
			}
			pending[e] = true
			if ev, mine := e.take(); mine {
				todo, taken = append(todo, p), append(taken, ev)
			} else {
				waits[ev] = ""
			}
		case !index[p.key]:
			index[p.key] = true
			switch out, ev, mine := c.take(p.key); {
			case ev == nil:
				local[p.key] = out
			case mine:
				todo, taken = append(todo, p), append(taken, ev)
			default:
				waits[ev] = p.key
			}
		}
	}
	outs, err := c.eval(ctx, todo)
	if !c.opts.NoCache {
		c.publish(todo, taken, outs, err, local)
	}
	if err != nil {
		return err
	}
	c.evaluated.Add(int64(len(todo)))
	for ev, key := range waits {
		o, err := ev.wait(ctx)
		if err != nil {
			return err
		}
		if key != "" {
			local[key] = o
		}
	}
	n := 0
	for i, p := range b.preps {
		if p == nil || b.results[i].Err != nil {
			continue
		}
		var o *outcome
		switch {
		case c.opts.NoCache:
			o = outs[n]
			n++
		case p.entry() != nil:
			o = p.entry().out.Load()
		default:
			o = local[p.key]
		}
		r := &b.results[i]
		if o == nil {
			r.Err = &InputError{File: r.Order.File, Line: r.Order.Line, Err: fmt.Errorf("%w: the policy produced no decision for %s to %s", ErrBadInput, p.product, p.destination)}
			continue
		}
		r.Decision, r.ECCN, r.Regime, r.ReviewPolicy, r.Exception, r.Reasons = o.Decision, o.ECCN, o.Regime, o.ReviewPolicy, o.Exception, o.Reasons
		if p.destText != "" || p.hqText != "" || p.prod != nil {
			r.Reasons = c.rendered(p, o)
		}
	}
	return nil
}

// take returns the outcome kept for a decision key (and a nil
// evaluation), or its evaluation and whether the caller is to do it (none
// was under way).
func (c *Checker) take(key string) (*outcome, *evaluation, bool) {
	c.cacheMu.RLock()
	out, ok := c.cache[key]
	c.cacheMu.RUnlock()
	if ok {
		return out, nil, false
	}
	c.cacheMu.Lock()
	defer c.cacheMu.Unlock()
	if out, ok := c.cache[key]; ok {
		return out, nil, false
	}
	if ev, ok := c.flight[key]; ok {
		return nil, ev, false
	}
	ev := newEvaluation()
	c.flight[key] = ev
	return nil, ev, true
}

// publish keeps the outcomes of the evaluations taken on (nil for a key
// the policy gave no decision for) and ends them, waking the workers that
// wait for them. A failed evaluation is not kept: the key can be taken on
// again.
func (c *Checker) publish(todo []*prepared, taken []*evaluation, outs []*outcome, err error, local map[string]*outcome) {
	c.cacheMu.Lock()
	defer c.cacheMu.Unlock()
	for i, p := range todo {
		ev := taken[i]
		if err != nil {
			ev.err = err
		} else {
			ev.out = outs[i]
		}
		if e := p.entry(); e != nil {
			if ev.out != nil {
				e.out.Store(ev.out)
			}
			if err != nil || ev.out == nil {
				e.mu.Lock()
				e.ev = nil
				e.mu.Unlock()
			}
		} else {
			delete(c.flight, p.key)
			if ev.out != nil {
				c.cache[p.key] = ev.out
			}
			local[p.key] = ev.out
		}
		close(ev.done)
	}
}

// entry is the key entry of a profiled line without screening, or nil.
func (p *prepared) entry() *keyEntry {
	if p.judged == nil || p.screen != nil {
		return nil
	}
	return p.judged.entry
}

// rendered returns o's reasons filled in for p's own codes and product,
// kept with how p is judged when p has no screening fact (the reasons are
// then the same for every line judged so).
func (c *Checker) rendered(p *prepared, o *outcome) []Reason {
	if p.judged == nil || p.screen != nil {
		return render(o.Reasons, p.destination, p.hq, p.prod)
	}
	if rr := p.judged.rendered.Load(); rr != nil && rr.out == o {
		return rr.reasons
	}
	rs := render(o.Reasons, p.destination, p.hq, p.prod)
	p.judged.rendered.Store(&renderedReasons{out: o, reasons: rs})
	return rs
}

// eval evaluates the policy for the prepared orders; a nil outcome means the
// policy produced none for that order.
func (c *Checker) eval(ctx context.Context, ps []*prepared) ([]*outcome, error) {
	if len(ps) == 0 {
		return nil, nil
	}
	orders := make([]*ast.Term, len(ps))
	for i, p := range ps {
		t, err := c.input(p)
		if err != nil {
			return nil, err
		}
		orders[i] = t
	}
	in := ast.NewObject(
		ast.Item(ast.InternedTerm("regime"), ast.StringTerm(c.opts.Regime)),
		ast.Item(ast.InternedTerm("orders"), ast.ArrayTerm(orders...)),
	)
	opts := []rego.EvalOption{rego.EvalParsedInput(in)}
	if !c.opts.NoMemo {
		opts = append(opts, rego.EvalVirtualCache(c.memo.cache()))
	}
	if c.opts.Tracer != nil {
		opts = append(opts, rego.EvalQueryTracer(c.opts.Tracer))
	}
	opts = append(opts, rego.EvalGenerateJSON(rawTerm))
	ectx, cancel := context.WithTimeout(ctx, c.opts.EvalTimeout)
	defer cancel()
	rs, err := c.query.Eval(ectx, opts...)
	if err != nil {
		if ctx.Err() == nil && errors.Is(ectx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("evaluating policies: %d decision key(s) took longer than the evaluation budget (%s, --eval-timeout): %w", len(ps), c.opts.EvalTimeout, c.whereStuck(ctx, opts, err))
		}
		return nil, fmt.Errorf("evaluating policies: %w", err)
	}
	var list *ast.Array
	if len(rs) > 0 && len(rs[0].Expressions) > 0 {
		if t, ok := rs[0].Expressions[0].Value.(*ast.Term); ok {
			list, _ = t.Value.(*ast.Array)
		}
	}
	if list == nil || list.Len() != len(ps) {
		if len(ps) == 1 {
			return []*outcome{nil}, nil
		}
		// Some order produced no decision: find it by evaluating one by one.
		out := make([]*outcome, len(ps))
		for i := range ps {
			o, err := c.eval(ctx, ps[i:i+1])
			if err != nil {
				return nil, err
			}
			out[i] = o[0]
		}
		return out, nil
	}
	out := make([]*outcome, len(ps))
	for i := range list.Len() {
		if out[i], err = c.decode(list.Elem(i)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// decode types a policy result; under NoCache, once per term.
func (c *Checker) decode(t *ast.Term) (*outcome, error) {
	if !c.opts.NoCache {
		return decodeOutcomeTerm(t) // each key is evaluated once
	}
	if o, ok := c.decoded.Load(t); ok {
		return o, nil
	}
	o, err := decodeOutcomeTerm(t)
	if err != nil {
		return nil, err
	}
	if c.decoded.Size() >= decodedLimit {
		c.decoded.Clear()
	}
	c.decoded.Store(t, o)
	return o, nil
}

// decodedLimit bounds the policy results kept decoded; past it, the map
// starts over.
const decodedLimit = 1 << 14

// whereStuck names the rule an evaluation that ran past its budget was
// in: it evaluates again, traced, for a short while, and reports the last
// policy expression reached (only after a failure: tracing is slow).
func (c *Checker) whereStuck(ctx context.Context, opts []rego.EvalOption, err error) error {
	ctx, cancel := context.WithTimeout(ctx, min(c.opts.EvalTimeout, 2*time.Second))
	defer cancel()
	tr := &lastLocation{}
	_, _ = c.query.Eval(ctx, append(slices.Clip(opts), rego.EvalQueryTracer(tr))...)
	if loc := tr.get(); loc != nil {
		return fmt.Errorf("stopped in the rule at %s:%d: %w", loc.File, loc.Row, err)
	}
	return err
}

// lastLocation is a tracer that keeps the location of the last policy
// expression evaluated.
type lastLocation struct {
	mu  sync.Mutex
	loc *ast.Location
}

func (*lastLocation) Enabled() bool               { return true }
func (*lastLocation) Config() topdown.TraceConfig { return topdown.TraceConfig{} }
func (l *lastLocation) get() *ast.Location        { l.mu.Lock(); defer l.mu.Unlock(); return l.loc }
func (l *lastLocation) TraceEvent(ev topdown.Event) {
	if ev.Location != nil && ev.Location.File != "" && ev.Op == topdown.EvalOp {
		l.mu.Lock()
		l.loc = ev.Location
		l.mu.Unlock()
	}
}

// rawTerm hands a policy result over as OPA's term, unconverted.
func rawTerm(t *ast.Term, _ *rego.EvalContext) (any, error) { return t, nil }

// decodeOutcomeTerm types a decision object as the policy returned it.
func decodeOutcomeTerm(t *ast.Term) (*outcome, error) {
	m, ok := t.Value.(ast.Object)
	if !ok {
		return nil, fmt.Errorf("policy result is %v, want an object", ast.TypeName(t.Value))
	}
	d, err := ParseDecision(termStr(m, "decision"))
	if err != nil {
		return nil, fmt.Errorf("policy result: %w", err)
	}
	o := &outcome{Decision: d, ECCN: termStr(m, "eccn"), Regime: termStr(m, "regime"), ReviewPolicy: termStr(m, "review_policy"), Exception: termStr(m, "exception")}
	v := m.Get(ast.InternedTerm("reasons"))
	if v == nil {
		return nil, fmt.Errorf("policy result has no reasons")
	}
	o.Reasons = reasonsOf(v)
	return o, nil
}

// reasonsOf types the reasons a policy result lists.
func reasonsOf(t *ast.Term) []Reason {
	rs, _ := t.Value.(*ast.Array)
	if rs == nil {
		return nil
	}
	out := make([]Reason, 0, rs.Len())
	for i := range rs.Len() {
		if rm, ok := rs.Elem(i).Value.(ast.Object); ok {
			out = append(out, Reason{Rule: termStr(rm, "rule"), Citation: termStr(rm, "citation"), Message: termStr(rm, "message")})
		}
	}
	return out
}

// termStr is the string at key k of an object, or "".
func termStr(m ast.Object, k string) string {
	if v := m.Get(ast.InternedTerm(k)); v != nil {
		if s, ok := v.Value.(ast.String); ok {
			return string(s)
		}
	}
	return ""
}

// decodeReasons types the reasons in a policy result converted to Go.
func decodeReasons(v any) ([]Reason, error) {
	t, err := ast.InterfaceToValue(v)
	if err != nil {
		return nil, err
	}
	return reasonsOf(ast.NewTerm(t)), nil
}

// CheckAll evaluates a slice of orders; a convenience for small inputs.
func (c *Checker) CheckAll(ctx context.Context, orders []Order) ([]Result, error) {
	var out []Result
	for r, err := range c.Check(ctx, func(yield func(Order, error) bool) {
		for _, o := range orders {
			if !yield(o, nil) {
				return
			}
		}
	}) {
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

// reviewThreshold reads data.screening.review_threshold.
func reviewThreshold(doc map[string]any) (float64, error) {
	s, _ := doc["screening"].(map[string]any)
	var f float64
	if _, err := fmt.Sscan(fmt.Sprint(s["review_threshold"]), &f); err != nil {
		return 0, fmt.Errorf("data: screening.review_threshold: %w", err)
	}
	return f, nil
}
