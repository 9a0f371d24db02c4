// Package checker evaluates hardware orders against the export-control
// policies. [New] loads the embedded policies and data (plus any overlays),
// compiles them and prepares the query once; [Checker.Check] streams
// [Result]s for a stream of [Order]s, evaluating Rego in batches on all
// cores and once per distinct decision key.
//
// The checker decides nothing itself: it resolves what orders name
// (products, countries, dates), hands facts to the policies and types what
// they return.
//
// Where things are: checker.go (options, loading, compiling), resolve.go
// (what an order names, its screening and its decision key), batch.go
// (streaming orders through the workers in batches), keycache.go (each
// decision key evaluated once), eval.go (evaluating the policy and typing
// its results), periods.go and profiles.go (what a key holds instead of a
// date or a code), dependencies.go (what the cache may rely on, derived
// from the compiled policy), memo.go (pure policy functions kept across
// evaluations), screen.go (what screening hands the policy).
package checker

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"maps"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/ast/location"
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
	AsOfFlag   string   // the flag AsOf was given with, for its errors (default "--as-of")
	Screener   Screener // restricted-party screening; nil screens nothing
	NoCache    bool     // evaluate every line through Rego: no decision-key cache (the policy's memo still shares work)
	NoMemo     bool     // recompute memoized policy functions in every evaluation; judge each line on its own date, by its own codes
	ShipFrom   string   // the country lines ship from when they do not say (default "US": exports from the United States)
	// ShipFromSource names where ShipFrom was given ("--ship-from",
	// ".exportcheck.yaml: line 3: ship_from"), for its error; "" says "ship from".
	ShipFromSource string
	// Records are the company's licences, notifications and clearances;
	// nil for none.
	Records *Records
	// Ownership is the company's ownership register (who owns whom); nil
	// for none. Owners are screened, so it needs a Screener.
	Ownership Ownership
	// Drawdown is what shipments committed in earlier runs have drawn on
	// the records (a ledger); nil when there is none.
	Drawdown Drawdown
	// Uncounted, when set, says why what earlier orders drew on the
	// records is not known (a service that keeps no ledger answers each
	// request alone): no record with a limit covers a line, each saying
	// so (authorization.uncounted); records without limits still do.
	Uncounted string
	// Horizon is how far past the date the data is "as of" (the earliest
	// sources.*.as_of in data) a ship date may lie before it is an error
	// rather than a plan the data cannot judge; default DefaultHorizon.
	Horizon time.Duration
	// EvalMemory bounds the heap while orders are checked (bytes): past it
	// the evaluations under way stop with ErrMemoryBudget. Default
	// DefaultEvalMemory.
	EvalMemory int64
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
	// Revision, when set, names the policies and data instead of the hash
	// of their files: a signed bundle's manifest revision.
	Revision string
	// Bundle, when set, is the policies and data loaded already: what
	// LoadBundleFrom made of PolicyFS, DataFS, PolicyDirs and DataDirs
	// (a bundle fetched, hashed and checked before it is swapped in). New
	// builds the checker from it, reading no file again, and leaves it as
	// it is. Options() does not return it: a checker made from those
	// options, maybe with other files, reads its files.
	Bundle *Bundle
}

// Checker evaluates orders. It is safe for concurrent use.
type Checker struct {
	// interned are reasons filled in, by a hash of their text (intern).
	interned   *xsync.Map[uint64, []Reason]
	internSeed maphash.Seed

	opts         Options
	bundle       *Bundle
	placeholders *Placeholders            // the policy's words that name no one
	named        *xsync.Map[string, bool] // IsName of names the screener normalises
	confirmed    map[string][]string      // normalised end user -> entries a true_match clearance names
	clearedKeys  map[string]bool          // normalised end users any clearance names
	catalog      *Catalog
	query        rego.PreparedEvalQuery
	comp         *ast.Compiler // the compiled policy, for the queries beside the decision
	store        storage.Store // the data those queries read
	watch        memoryWatch   // stops the checks under way past Options.EvalMemory
	days         *periodDays   // every date named in data, and the day standing for each interval
	periods      *periodIndex

	reviewFloor float64 // data.screening.review_threshold
	cacheNote   string  // why the decision cache falls back, "" when it does not
	latest      string  // the latest ship date judged (the data's as-of date plus the horizon), "" for none

	memo           *memo
	profiles       *profiles        // nil: keys hold country codes
	products       *productProfiles // nil: keys hold product IDs
	classifyOnce   sync.Once
	classifyQuery  rego.PreparedEvalQuery
	classifyErr    error
	countryOnce    sync.Once
	countryQuery   rego.PreparedEvalQuery
	countryErr     error
	clearanceFrom  dayRule // screening.clearance_from: ClearanceFrom
	assignmentFrom dayRule // authorization.assignment_from: AssignmentFrom
	wordsOnce      sync.Once
	words          map[string]string // text.review_policies
	wordsErr       error
	evaluated      atomic.Int64 // order lines evaluated through Rego
	decided        atomic.Int64 // order lines given the policy's decision (from Rego or the cache)
	judgedMu       sync.RWMutex
	judged         map[[6]string]*judged
	keys           map[string]*keyEntry // profiled decision key -> its entry (guarded by judgedMu)
	namesMu        sync.RWMutex
	names          map[[5]string]*names // as spelt in the book
	resolved       map[[5]string]*names // as resolved: product, destination, headquarters, end use, ship from
	batches        sync.Pool            // *batch, free
	cacheMu        sync.RWMutex
	cache          map[string]*outcome    // decision key -> outcome
	flight         map[string]*evaluation // decision key -> its evaluation under way (guarded by cacheMu)
	// decoded keeps policy results decoded by their term under NoCache: a
	// result the memo keeps comes back as the same term for every line that
	// shares it (the key holds the term, so its memory is not reused for
	// another).
	decoded       *xsync.Map[*ast.Term, *outcome]
	inputs        *xsync.Map[string, *ast.Term]  // a profiled line's policy input, by its fields
	auth          *authorizer                    // nil: no licence or notification on record
	clearanceKeys *xsync.Map[string, string]     // end user as written -> normalised, for clearances
	ownerWalks    *xsync.Map[string, *ownerWalk] // end user, parent as written and register snapshot -> what the register records above
	// pickQuery asks the policy which of the clearances of several
	// spellings of a name, or of one written late and the one on file
	// before it, a hit is judged by (screening.clearance_of), prepared
	// when the records hold such (asksPick); picks keeps its answers.
	pickQuery rego.PreparedEvalQuery
	picks     *xsync.Map[string, [2]*ClearanceFact]
}

// planOverride replaces the derived cache plan (tests only: to show what a
// plan that ignores a dependency would get wrong).
var planOverride *cachePlan

// DateFloor is the earliest ship date judged: the controls this tool
// encodes begin in 2022, and a date before 1990 is a typo or a default
// (0001-01-01, 1899-12-31, 1970-01-01), never a shipment to judge as
// "no control in force".
const DateFloor = "1990-01-01"

// AsOfError is the error of a date given with Flag (--as-of, or diff's
// --before and --after) to judge every line as of: not a date, before
// DateFloor, or past the data's horizon.
type AsOfError struct {
	Flag, AsOf string
	Err        error
}

func (e *AsOfError) Error() string { return fmt.Sprintf("%s %q: %v", e.Flag, e.AsOf, e.Err) }
func (e *AsOfError) Unwrap() error { return e.Err }

// CheckAsOf is the error of asOf given with flag to judge every line as
// of, when it is not a date or is before DateFloor; nil else. New checks
// Options.AsOf with it (and the horizon, which needs the data); a command
// checks its flags with it before it loads anything.
func CheckAsOf(flag, asOf string) error {
	if err := DateError(asOf); err != nil {
		return &AsOfError{flag, asOf, err}
	}
	if asOf < DateFloor {
		return &AsOfError{flag, asOf, fmt.Errorf("before %s, when no control this tool knows was in force", DateFloor)}
	}
	return nil
}

// DefaultHorizon is the default of Options.Horizon.
const DefaultHorizon = 2 * 365 * 24 * time.Hour

// DefaultEvalMemory is the default of Options.EvalMemory: a check of a
// million lines stays under 300 MB.
const DefaultEvalMemory = 4 << 30

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
	if opts.EvalMemory <= 0 {
		opts.EvalMemory = DefaultEvalMemory
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
	var b *Bundle
	var err error
	if opts.Bundle != nil {
		cp := *opts.Bundle // its Revision is set below; the caller's is kept
		b, opts.Bundle = &cp, nil
	} else if b, err = LoadBundleFrom(pfs, dfs, opts.PolicyDirs, opts.DataDirs); err != nil {
		return nil, err
	}
	if len(b.Modules) == 0 {
		return nil, ErrNoPolicies
	}
	if opts.Revision != "" {
		b.Revision = opts.Revision
	}
	if opts.Ownership != nil && opts.Screener == nil {
		// The owners it names could not be screened: never a silent pass.
		return nil, errors.New("an ownership register needs a Screener: its owners are screened")
	}
	regimes, _ := b.Data["regimes"].(map[string]any)
	if _, ok := regimes[opts.Regime]; !ok {
		return nil, fmt.Errorf("unknown regime %q; known: %s", opts.Regime, strings.Join(sortedKeys(regimes), ", "))
	}
	asOfFlag := cmp.Or(opts.AsOfFlag, "--as-of")
	if opts.AsOf != "" {
		if err := CheckAsOf(asOfFlag, opts.AsOf); err != nil {
			return nil, err
		}
	}
	cat, err := newCatalog(b.Data)
	if err != nil {
		return nil, err
	}
	if opts.ShipFrom, err = cat.ResolveCountry(opts.ShipFrom); err != nil {
		return nil, fmt.Errorf("%s: %w", cmp.Or(opts.ShipFromSource, "ship from"), err)
	}
	q, pol, err := prepare(ctx, b, DecisionQuery)
	if err != nil {
		return nil, err
	}
	comp := pol.comp
	floor, err := reviewThreshold(b.Data)
	if err != nil {
		return nil, err
	}
	if f, ok := opts.Screener.(interface{ Floor() float64 }); ok && floor < f.Floor() {
		// The screener reports nothing below its floor: candidates between
		// the two would be dropped, not reviewed.
		return nil, fmt.Errorf("data: screening.review_threshold %v is below %v, the lowest score the screener reports: candidates between would never be reviewed", floor, f.Floor())
	}
	m, err := newMemo(pol, !opts.NoCache)
	if err != nil {
		return nil, err
	}
	// Narrowing and profiles only where the compiled policy reads nothing
	// they do not account for (dependencies.go); company policies are keyed
	// by every date and code.
	plan := planCache(pol, b.Data)
	if planOverride != nil {
		plan = *planOverride
	}
	narrow := len(opts.PolicyDirs) == 0 && plan.narrow
	store := newStore(b)
	treated, err := treatedAs(ctx, comp, store, b.Data)
	if err != nil {
		return nil, err
	}
	cat.treated = treated
	periods := newPeriodIndex(b.Data, narrow, opts.Regime, treated)
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
	// An --as-of no line could be judged on is the flag's error, said once,
	// not every line's (before DateFloor: CheckAsOf, above).
	if opts.AsOf != "" && latest != "" && opts.AsOf > latest {
		return nil, &AsOfError{asOfFlag, opts.AsOf, fmt.Errorf("after %s, further past the date the data is as of than the horizon (--date-horizon); update the data to judge it", latest)}
	}
	if err := checkDecisionOrder(ctx, comp, store, b); err != nil {
		return nil, err
	}
	if err := checkDeciding(pol, b); err != nil {
		return nil, err
	}
	ph, err := placeholdersOf(ctx, comp, store)
	if err != nil {
		return nil, err
	}
	confirmed, cleared, err := confirmedEntries(ctx, comp, store, opts.Records)
	if err != nil {
		return nil, err
	}
	if _, ok := opts.Screener.(EntryScreener); len(confirmed) > 0 && !ok && opts.Screener != nil {
		// A true match the name does not resemble would be missed.
		return nil, errors.New("the records hold true_match clearances and the Screener cannot screen a name against one entry (EntryScreener)")
	}
	var pick rego.PreparedEvalQuery
	if asksPick(opts.Records) {
		pick, err = rego.New(rego.Query(pickQuery), rego.Compiler(comp), rego.Store(store)).PrepareForEval(ctx)
		if err != nil {
			return nil, fmt.Errorf("the records clear names spelt otherwise that normalise alike, or hold a clearance written after the day it was adjudicated, and the policy cannot say which clearance a line is judged by (screening.clearance_of): %w", err)
		}
	}
	var auth *authorizer
	if r := opts.Records; r != nil && len(r.Licences)+len(r.Notifications) > 0 {
		if auth, err = newAuthorizer(ctx, b, comp, r); err != nil {
			return nil, err
		}
	}
	return &Checker{clearanceFrom: dayRule{name: "screening.clearance_from"}, assignmentFrom: dayRule{name: "authorization.assignment_from"}, placeholders: ph, named: xsync.NewMap[string, bool](), confirmed: confirmed, clearedKeys: cleared, auth: auth, clearanceKeys: xsync.NewMap[string, string](), ownerWalks: xsync.NewMap[string, *ownerWalk](), pickQuery: pick, picks: xsync.NewMap[string, [2]*ClearanceFact](), latest: latest, cacheNote: plan.note, profiles: pr, products: pp, opts: opts, bundle: b, catalog: cat, query: q, comp: comp, store: store, days: newPeriodDays(dates(b.Data), narrow), periods: periods, reviewFloor: floor, memo: m, cache: map[string]*outcome{}, flight: map[string]*evaluation{}, decoded: xsync.NewMap[*ast.Term, *outcome](), inputs: xsync.NewMap[string, *ast.Term](), names: map[[5]string]*names{}, resolved: map[[5]string]*names{}, judged: map[[6]string]*judged{}, keys: map[string]*keyEntry{}, interned: xsync.NewMap[uint64, []Reason](), internSeed: maphash.MakeSeed()}, nil
}

// prepareQuery prepares a query beside the decision against the policy
// the checker compiled (not compiling it again: a second copy of the
// policy in memory, and a second or more before the first answer).
func (c *Checker) prepareQuery(ctx context.Context, query string) (rego.PreparedEvalQuery, error) {
	return rego.New(rego.Query(query), rego.Compiler(c.comp), rego.Store(c.store)).PrepareForEval(ctx)
}

func prepare(ctx context.Context, b *Bundle, query string) (rego.PreparedEvalQuery, *compiledPolicy, error) {
	// A module from --policy DIR is named by its own path, so that errors
	// and locations lead with the user's file. The policy compiled from the
	// same modules already is used again (compiled.go).
	pol, err := compileBundle(b)
	if err != nil {
		return rego.PreparedEvalQuery{}, nil, userFileFirst(err, b)
	}
	q, err := rego.New(
		rego.Query(query),
		rego.Compiler(pol.comp),
		rego.Store(newStore(b)),
	).PrepareForEval(ctx)
	return q, pol, err
}

func newStore(b *Bundle) storage.Store {
	return inmem.NewFromObjectWithOpts(b.Data, inmem.OptRoundTripOnWrite(false))
}

var (
	undefinedRef = regexp.MustCompile(`undefined (?:function|ref):? (data\.[\w.]+)`)
	packageLine  = regexp.MustCompile(`(?m)^package\s+([\w.]+)`)
)

// userFileFirst makes a compile error that an embedded module reports,
// because a --policy module that replaced an embedded one lacks a rule
// the embedded modules use, lead with the user's file and name the rule.
func userFileFirst(err error, b *Bundle) error {
	var errs ast.Errors
	if !errors.As(err, &errs) || len(b.Replaced) == 0 {
		return err
	}
	for _, e := range errs {
		m := undefinedRef.FindStringSubmatch(e.Message)
		if m == nil || e.Location == nil {
			continue
		}
		if _, mine := b.PolicyFrom[e.Location.File]; mine {
			continue
		}
		for _, name := range slices.Sorted(maps.Keys(b.Replaced)) {
			pkg := packageLine.FindStringSubmatch(b.Modules[name])
			if pkg == nil || !strings.HasPrefix(m[1], "data."+pkg[1]+".") {
				continue
			}
			rule := strings.TrimPrefix(m[1], "data."+pkg[1]+".")
			e.Message = fmt.Sprintf("does not define %s, which %s:%d uses (the embedded %s defines it; keep its rules when replacing it): %s",
				rule, e.Location.File, e.Location.Row, name, e.Message)
			e.Location = &location.Location{File: filepath.Join(b.PolicyFrom[name], name), Row: 1, Col: 1}
			break
		}
	}
	return errs
}

// Compile parses and compiles Rego modules (path -> source) strictly.
func Compile(modules map[string]string) (*ast.Compiler, error) {
	return compile(modules, func(name string) string { return name })
}

// compile is Compile with each module's file named by file(path).
func compile(modules map[string]string, file func(string) string) (*ast.Compiler, error) {
	parsed := make(map[string]*ast.Module, len(modules))
	for _, name := range sortedKeys(modules) {
		m, err := ast.ParseModuleWithOpts(file(name), modules[name], ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return nil, err
		}
		parsed[name] = m
	}
	if errs := unannotatedReasons(parsed); len(errs) > 0 {
		return nil, errs
	}
	c := ast.NewCompiler().WithStrict(true).WithEnablePrintStatements(false)
	c.Compile(parsed)
	if c.Failed() {
		return nil, c.Errors
	}
	if errs := companyContextReads(c); len(errs) > 0 {
		return nil, errs
	}
	return c, nil
}

// unannotatedReasons finds the rules that build their reasons from their
// own METADATA (rego.metadata.rule(), as text.reason is called) without a
// METADATA block of their own that gives custom.id and custom.citation.
// OPA hands such a rule an empty object: its reason is undefined, and the
// rule adds nothing, so a company rule meant to review a line would let it
// through without a word. A rule's METADATA covers that definition only:
// an else branch or a second definition of a function needs its own.
func unannotatedReasons(parsed map[string]*ast.Module) ast.Errors {
	mods := make([]*ast.Module, 0, len(parsed))
	for _, name := range sortedKeys(parsed) {
		mods = append(mods, parsed[name])
	}
	as, errs := ast.BuildAnnotationSet(mods)
	if len(errs) > 0 {
		return nil // the compiler reports them
	}
	metadataRule := ast.RegoMetadataRule.Ref()
	calls := func(r *ast.Rule) bool {
		found := false
		vis := func(t *ast.Term) bool {
			if c, ok := t.Value.(ast.Call); ok && c[0].Value.Compare(metadataRule) == 0 {
				found = true
			}
			return found
		}
		ast.WalkTerms(r.Head, vis)
		ast.WalkTerms(r.Body, vis)
		return found
	}
	var out ast.Errors
	for _, m := range mods {
		for _, rule := range m.Rules {
			for r := rule; r != nil; r = r.Else {
				if !calls(r) {
					continue
				}
				var missing []string
				custom := map[string]any{}
				if a := as.GetRuleScope(r); len(a) > 0 {
					custom = a[0].Custom
				}
				for _, k := range []string{"id", "citation"} {
					if s, _ := custom[k].(string); s == "" {
						missing = append(missing, "custom."+k)
					}
				}
				if len(missing) > 0 {
					out = append(out, ast.NewError(ast.CompileErr, r.Location, "%s builds its reasons from its METADATA (rego.metadata.rule()), which gives no %s: put a # METADATA block with them right above this definition (without, its reasons are undefined and it adds nothing)",
						r.Head.Ref(), strings.Join(missing, " or ")))
				}
			}
		}
	}
	return out
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

// Decided is how many order lines the checker has given the policy's
// decision; those not Evaluated were answered from the decision-key cache.
func (c *Checker) Decided() int64 { return c.decided.Load() }

// Options returns the options the checker was built with (defaults filled in).
func (c *Checker) Options() Options { return c.opts }

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

// reviewThreshold reads data.screening.review_threshold.
func reviewThreshold(doc map[string]any) (float64, error) {
	s, _ := doc["screening"].(map[string]any)
	var f float64
	if _, err := fmt.Sscan(fmt.Sprint(s["review_threshold"]), &f); err != nil {
		return 0, fmt.Errorf("data: screening.review_threshold: %w", err)
	}
	return f, nil
}

// ReviewPolicyWords are the review policies in the policy's words
// (text.review_policies): name -> words, for results read back without
// them (a ledger keeps the name).
func (c *Checker) ReviewPolicyWords(ctx context.Context) (map[string]string, error) {
	c.wordsOnce.Do(func() {
		q, err := c.prepareQuery(ctx, "x := data.exportcheck.text.review_policies")
		if err != nil {
			c.wordsErr = err
			return
		}
		rs, err := q.Eval(ctx)
		if err != nil {
			c.wordsErr = err
			return
		}
		c.words = map[string]string{}
		if len(rs) == 1 {
			m, _ := rs[0].Bindings["x"].(map[string]any)
			for k, v := range m {
				if s, ok := v.(string); ok {
					c.words[k] = s
				}
			}
		}
	})
	return c.words, c.wordsErr
}
