package main

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/profiler"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/spf13/cobra"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/ledger/ledgertest"
	"github.com/exportcheck/exportcheck/orders"
	"github.com/exportcheck/exportcheck/records"
	"github.com/exportcheck/exportcheck/reports"
	"github.com/exportcheck/exportcheck/screening"
)

func init() { commands = append(commands, newBenchCmd, newGenerateCmd) }

func newGenerateCmd(e *env) *cobra.Command {
	var lines int
	var seed uint64
	cmd := &cobra.Command{
		Use:   "generate",
		Short: "Write a realistic synthetic order book (CSV) for benchmarks and tests",
		Long: `Write a synthetic order book to standard output, in CSV with the columns check reads (id,
product, quantity, destination, end_user, end_user_hq, date): --lines lines shipping between
2022 and 2026, skewed as real books are (a few products, destinations and customers make most
lines; every product and country the data knows appears), customers keeping their country and
headquarters, some named as the demonstration screening list's entries, a few lines with the
headquarters left blank. The same --seed writes the same book. No line is a real order: it is
for trying exportcheck on a large book (exportcheck generate --lines 100000 > book.csv, then
check book.csv) and for measuring it (bench checks such books).`,
		Example: `  exportcheck generate --lines 100000 --seed 7`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := checker.New(cmd.Context(), checker.Options{})
			if err != nil {
				return err
			}
			return orders.Generate(e.stdout, generateOptions(c, lines, seed))
		},
	}
	cmd.Flags().IntVar(&lines, "lines", 1000, "`N` order lines")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "the random `SEED`")
	return cmd
}

// generateOptions draws products and destinations from the catalog,
// popular ones first.
func generateOptions(c *checker.Checker, lines int, seed uint64) orders.GenerateOptions {
	popular := []string{"nvidia-h20", "nvidia-l40s", "nvidia-rtx-4090", "nvidia-h100-sxm5", "nvidia-rtx-4090d", "nvidia-a100-sxm4-80gb",
		"nvidia-l20", "nvidia-h800-sxm5", "nvidia-rtx-4060", "nvidia-l4", "nvidia-h200-sxm", "nvidia-dgx-h100", "amd-mi300x", "nvidia-b200"}
	seen := map[string]bool{}
	for _, p := range popular {
		seen[p] = true
	}
	for _, p := range c.Catalog().Products() {
		if !seen[p.ID] {
			popular = append(popular, p.ID)
		}
	}
	countries := []string{"CN", "US", "DE", "JP", "SG", "HK", "TW", "KR", "IN", "AE", "GB", "FR", "NL", "SA", "VN", "IL", "MY", "TH", "BR", "MO", "RU", "KH", "CY", "IR"}
	seenC := map[string]bool{}
	for _, x := range countries {
		seenC[x] = true
	}
	for _, x := range c.Catalog().Countries() {
		if !seenC[x.Code] {
			countries = append(countries, x.Code)
		}
	}
	var names []string
	for _, en := range screening.Excerpt().Entries {
		names = append(names, en.Name)
	}
	released := map[string]string{}
	for _, p := range popular {
		released[p] = c.Catalog().FirstShipDate(p)
	}
	return orders.GenerateOptions{Lines: lines, Seed: seed, Products: popular, Countries: countries, EndUsers: names, Released: released}
}

func newBenchCmd(e *env) *cobra.Command {
	var lines, noCacheLines, latency, listSize, profileTop, rounds, licences int
	var ledgers []string
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure lines/s and peak memory on a generated order book, next to the I/O floor",
		Long: `Generate an order book, then measure in one run: the I/O floor (read the CSV and write one
JSON line per order, no decision) and the full check (CSV in, JSON Lines out, screening on against
a synthetic CSL of --screening-entries entries), in turns for --rounds rounds (each check on a new
checker, nothing cached) and reporting the fastest of each; the check with --no-cache (on the same
book, or on one of --no-cache-lines lines); and single-line latency through the library API
(p50/p99): from scratch (--no-cache --no-memo), through Rego with the policy's memo warm
(--no-cache), and for a cached decision key. With --ledger, also the check committing the
book to a new ledger of each kind given, and ledger verify of what it committed.`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runBench(cmd.Context(), e, lines, noCacheLines, latency, listSize, profileTop, rounds, licences, ledgers)
		},
	}
	cmd.AddCommand(newBenchServeCmd(e))
	cmd.Flags().IntVar(&lines, "lines", 1_000_000, "`N` order lines for the floor and the cached check")
	cmd.Flags().IntVar(&noCacheLines, "no-cache-lines", 0, "`N` order lines for the uncached check, on a book of its own (default: the same book as the cached check)")
	cmd.Flags().StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the first cached check to `FILE` (go tool pprof), and of the first check with licences to FILE-records")
	cmd.Flags().IntVar(&rounds, "rounds", 3, "measure the I/O floor and the cached check `N` times, in turns (each check on a new checker), and report the fastest of each")
	cmd.Flags().IntVar(&licences, "licences", 1000, "also check the book with `N` licences on record (naming the book's most frequent end users) and compare with the check without (0: skip)")
	cmd.Flags().IntVar(&latency, "latency-samples", 2000, "`N` single-line latency samples")
	cmd.Flags().StringArrayVar(&ledgers, "ledger", nil, "also check the book committing it to a new `LEDGER`, and verify it, --rounds times: sqlite (a file of the bench's own), or a postgres:// server (in a schema of the bench's own, dropped after); repeatable")
	cmd.Flags().IntVar(&listSize, "screening-entries", 20_000, "`N` entries in the synthetic screening list")
	cmd.Flags().IntVar(&profileTop, "rego-profile", 0, "also check the first --no-cache-lines lines (default: up to 100,000) on one core under OPA's profiler and print the `N` policy rules that cost most")
	return cmd
}

// stage is one measured run over a book.
type stage struct {
	d         time.Duration
	lines     int
	rss       float64 // peak RSS, MB
	evaluated int64   // Rego evaluations
}

func (s stage) perSecond() float64 { return float64(s.lines) / s.d.Seconds() }

// cpuProfile is where bench writes a CPU profile of the cached check.
var cpuProfile string

// stages are the rounds of one measurement.
type stages []stage

func (ss stages) fastest() stage {
	return slices.MinFunc(ss, func(a, b stage) int { return cmp.Compare(a.d, b.d) })
}

func (ss stages) peakRSS() float64 {
	return slices.MaxFunc(ss, func(a, b stage) int { return cmp.Compare(a.rss, b.rss) }).rss
}

// spread notes the rounds when there were several: how many, and the
// slowest.
func (ss stages) spread() string {
	if len(ss) < 2 {
		return ""
	}
	slowest := slices.MaxFunc(ss, func(a, b stage) int { return cmp.Compare(a.d, b.d) })
	return fmt.Sprintf("   (fastest of %d; slowest %.2f s)", len(ss), slowest.d.Seconds())
}

// lineLatency times one order at a time through the library API, sorted.
func lineLatency(ctx context.Context, c *checker.Checker, sample []checker.Order) ([]time.Duration, error) {
	ds := make([]time.Duration, 0, len(sample))
	for _, o := range sample {
		t0 := time.Now()
		if _, err := c.CheckAll(ctx, []checker.Order{o}); err != nil {
			return nil, err
		}
		ds = append(ds, time.Since(t0))
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds, nil
}

// resetPeakRSS starts a new peak-RSS measurement (Linux: clear_refs 5 resets
// VmHWM); elsewhere peaks are for the whole process.
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS is the peak resident set size in MB since resetPeakRSS (VmHWM on
// Linux), else since the process started.
func peakRSS() float64 {
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				var kb float64
				if _, err := fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), &kb); err == nil {
					return kb / 1024
				}
			}
		}
	}
	return maxRSS()
}

func runBench(ctx context.Context, e *env, lines, noCacheLines, latency, listSize, profileTop, rounds, licences int, ledgers []string) error {
	for _, dsn := range ledgers {
		if _, err := benchLedgerKind(dsn); err != nil {
			return err
		}
	}
	dir, err := os.MkdirTemp("", "exportcheck-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	list := screening.Synthetic(listSize, 1)
	// Each check gets a screener of its own: names it screened before are
	// not screened again.
	newScreener := func() screening.Screener {
		return screening.Screener{M: screening.NewMatcher(list, screening.Excerpt())}
	}
	scr := newScreener()
	c, err := checker.New(ctx, checker.Options{Screener: scr})
	if err != nil {
		return err
	}
	path := filepath.Join(dir, "orders.csv")
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bookOpts, smallOpts := generateOptions(c, lines, 42), generateOptions(c, noCacheLines, 7)
	if err := orders.Generate(f, bookOpts); err != nil {
		return err
	}
	f.Close()
	fi, _ := os.Stat(path)
	fmt.Fprintf(e.stdout, "order book: %d lines, %.1f MB (generated); screening list: %d synthetic entries + the excerpt; %d cores\n\n",
		lines, float64(fi.Size())/1e6, listSize, c.Options().Workers)
	run := &reports.Run{Revision: c.Revision(), Regime: "enforced", FailOn: checker.Review}
	devnull, _ := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	defer devnull.Close()

	// I/O floor: read and write JSON Lines with no decision.
	ioFloor := func() (stage, error) {
		runtime.GC()
		debug.FreeOSMemory()
		resetPeakRSS()
		t0 := time.Now()
		w, _ := reports.New("jsonl", devnull, run)
		n := 0
		for o, err := range orders.Read(path, orders.Options{}) {
			if err != nil {
				return stage{}, err
			}
			r := checker.Result{Order: o}
			if err := w.Write(&r); err != nil {
				return stage{}, err
			}
			n++
		}
		w.Close(reports.NewSummary())
		return stage{d: time.Since(t0), lines: n, rss: peakRSS()}, nil
	}
	// The first cached check is profiled (--cpuprofile FILE), and the
	// first check with records to FILE-records.
	profiled := map[bool]bool{}
	check := func(c *checker.Checker, path string) (stage, error) {
		runtime.GC()
		debug.FreeOSMemory()
		resetPeakRSS()
		if rec := c.Options().Records != nil; cpuProfile != "" && !profiled[rec] {
			profiled[rec] = true
			name := cpuProfile
			if rec {
				name = strings.TrimSuffix(name, filepath.Ext(name)) + "-records" + filepath.Ext(name)
			}
			f, err := os.Create(name)
			if err != nil {
				return stage{}, err
			}
			defer f.Close()
			if err := pprof.StartCPUProfile(f); err != nil {
				return stage{}, err
			}
			defer pprof.StopCPUProfile()
		}
		t0 := time.Now()
		n, err := checkBook(ctx, c, path, devnull, run, nil)
		if err != nil {
			return stage{}, err
		}
		return stage{d: time.Since(t0), lines: n, rss: peakRSS(), evaluated: c.Evaluated()}, nil
	}

	// The floor and the cached check in turns, each check on a new checker
	// (nothing cached): the machine's speed drifts, and the fastest of each
	// is the one least disturbed.
	var floors, checks stages
	for i := range max(1, rounds) {
		if i > 0 {
			if c, err = checker.New(ctx, checker.Options{Screener: newScreener()}); err != nil {
				return err
			}
		}
		fl, err := ioFloor()
		if err != nil {
			return err
		}
		floors = append(floors, fl)
		ck, err := check(c, path)
		if err != nil {
			return err
		}
		checks = append(checks, ck)
	}
	floor, best := floors.fastest(), checks.fastest()
	fmt.Fprintf(e.stdout, "%-34s %9d lines %8.2f s %11.0f lines/s   peak RSS %6.0f MB%s\n", "I/O floor (CSV -> JSONL)",
		floor.lines, floor.d.Seconds(), floor.perSecond(), floors.peakRSS(), floors.spread())
	fmt.Fprintf(e.stdout, "%-34s %9d lines %8.2f s %11.0f lines/s   peak RSS %6.0f MB   %7d Rego evaluations   %.1f× the I/O floor%s\n", "check (cached, screening on)",
		best.lines, best.d.Seconds(), best.perSecond(), checks.peakRSS(), best.evaluated, best.d.Seconds()/floor.d.Seconds(), checks.spread())

	c = nil // the checks below do not share memory with the cached one: its caches would count in their peak RSS
	if licences > 0 {
		recs, err := benchRecords(dir, bookOpts, licences)
		if err != nil {
			return err
		}
		var withRecords stages
		for range max(1, rounds) {
			rc, err := checker.New(ctx, checker.Options{Screener: newScreener(), Records: recs})
			if err != nil {
				return err
			}
			st, err := check(rc, path)
			if err != nil {
				return err
			}
			st.evaluated += rc.AuthorizationsEvaluated()
			withRecords = append(withRecords, st)
		}
		wr := withRecords.fastest()
		fmt.Fprintf(e.stdout, "%-34s %9d lines %8.2f s %11.0f lines/s   peak RSS %6.0f MB   %7d Rego evaluations (and of records)   %.2f× the check without%s\n", fmt.Sprintf("check with %d licences", licences),
			wr.lines, wr.d.Seconds(), wr.perSecond(), withRecords.peakRSS(), wr.evaluated, wr.d.Seconds()/best.d.Seconds(), withRecords.spread())
	}

	for _, dsn := range ledgers {
		if err := benchLedger(ctx, e, dir, path, dsn, max(1, rounds), best, newScreener, run); err != nil {
			return err
		}
	}

	small := path // the uncached check runs on the same book, unless told otherwise
	if noCacheLines > 0 && noCacheLines != lines {
		small = filepath.Join(dir, "small.csv")
		f, _ = os.Create(small)
		orders.Generate(f, smallOpts)
		f.Close()
	}
	var sample []checker.Order
	for o, err := range orders.Read(small, orders.Options{}) {
		if err == nil && len(sample) < latency {
			sample = append(sample, o)
		}
	}

	// Single-line latency through the library API, for keys the cached
	// check has seen (the sample is checked once first)...
	if c, err = checker.New(ctx, checker.Options{Screener: newScreener()}); err != nil {
		return err
	}
	if _, err := c.CheckAll(ctx, sample); err != nil {
		return err
	}
	cachedLatency, err := lineLatency(ctx, c, sample)
	if err != nil {
		return err
	}
	c = nil // the uncached run does not share memory with the cached one

	scr = newScreener()
	nc, err := checker.New(ctx, checker.Options{Screener: scr, NoCache: true})
	if err != nil {
		return err
	}
	st, err := check(nc, small)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%-34s %9d lines %8.2f s %11.0f lines/s   peak RSS %6.0f MB   %7d Rego evaluations\n", "check --no-cache",
		st.lines, st.d.Seconds(), st.perSecond(), st.rss, st.evaluated)
	// ... for every line through Rego (the policy's memo warm from the
	// uncached check) ...
	uncachedLatency, err := lineLatency(ctx, nc, sample)
	if err != nil {
		return err
	}
	// ... and for every line from scratch.
	nm, err := checker.New(ctx, checker.Options{Screener: scr, NoCache: true, NoMemo: true})
	if err != nil {
		return err
	}
	scratchLatency, err := lineLatency(ctx, nm, sample)
	if err != nil {
		return err
	}
	for _, l := range []struct {
		label string
		ds    []time.Duration
	}{{"latency, one line (from scratch)", scratchLatency}, {"latency, one line (--no-cache)", uncachedLatency}, {"latency, one line (cached key)", cachedLatency}} {
		fmt.Fprintf(e.stdout, "%-34s p50 %8.1f µs   p99 %8.1f µs   (%d samples)\n", l.label,
			float64(l.ds[len(l.ds)/2].Microseconds()), float64(l.ds[len(l.ds)*99/100].Microseconds()), len(l.ds))
	}
	if profileTop > 0 {
		return regoProfile(ctx, e, checker.Options{Screener: scr}, path, cmp.Or(noCacheLines, min(lines, 100_000)), profileTop)
	}
	return nil
}

// checkBook checks the book at path as check does, writing JSON Lines to
// out and handing each result to add (when given) before it is written;
// it returns the lines read.
func checkBook(ctx context.Context, c *checker.Checker, path string, out *os.File, run *reports.Run, add func(*checker.Result) error) (int, error) {
	w, _ := reports.New("jsonl", out, run)
	s := reports.NewSummary()
	var r checker.Result // one at a time, as check does
	for res, err := range c.Check(ctx, orders.Read(path, orders.Options{})) {
		if err != nil {
			return 0, err
		}
		r = res
		s.Add(&r, checker.Review)
		if add != nil {
			if err := add(&r); err != nil {
				return 0, err
			}
		}
		if err := w.Write(&r); err != nil {
			return 0, err
		}
	}
	return s.Total, w.Close(s)
}

// benchLedgerKind is the kind of ledger bench --ledger names.
func benchLedgerKind(dsn string) (string, error) {
	switch {
	case dsn == "sqlite":
		return "sqlite", nil
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return "postgres", nil
	}
	return "", fmt.Errorf("--ledger %q: want sqlite, or a postgres:// server", dsn)
}

// benchLedger checks the book committing it to a new ledger (dsn: sqlite,
// or a PostgreSQL server), rounds times, and verifies what the last round
// committed; it prints the fastest round next to the check without.
func benchLedger(ctx context.Context, e *env, dir, path, dsn string, rounds int, without stage, newScreener func() screening.Screener, run *reports.Run) error {
	kind, err := benchLedgerKind(dsn)
	if err != nil {
		return err
	}
	devnull, _ := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	defer devnull.Close()
	var commits stages
	var verified time.Duration
	for i := range rounds {
		// A new, empty ledger each round.
		target, drop := "sqlite:"+filepath.Join(dir, fmt.Sprintf("ledger-%d.db", i)), func() {}
		if kind == "postgres" {
			var err error
			if target, drop, err = ledgertest.SchemaNamed(dsn, "exportcheck_bench_"); err != nil {
				return fmt.Errorf("--ledger %s: %w", dsn, err)
			}
		}
		err := func() error {
			defer drop()
			c, err := checker.New(ctx, checker.Options{Screener: newScreener()})
			if err != nil {
				return err
			}
			l, err := ledger.Open(ctx, target, true)
			if err != nil {
				return err
			}
			defer l.Close()
			if _, err := l.Migrate(ctx); err != nil {
				return err
			}
			runtime.GC()
			debug.FreeOSMemory()
			resetPeakRSS()
			t0 := time.Now()
			sess, err := l.Begin(ctx, ledgerRun(run, ""), false)
			if err != nil {
				return err
			}
			defer sess.Rollback()
			n, err := checkBook(ctx, c, path, devnull, run, func(r *checker.Result) error { return sess.Add(ctx, r) })
			if err != nil {
				return err
			}
			if _, err := sess.Finish(ctx); err != nil {
				return err
			}
			commits = append(commits, stage{d: time.Since(t0), lines: n, rss: peakRSS(), evaluated: c.Evaluated()})
			if i == rounds-1 {
				t0 = time.Now()
				if _, err := l.Verify(ctx, ""); err != nil {
					return err
				}
				verified = time.Since(t0)
			}
			return nil
		}()
		if err != nil {
			return fmt.Errorf("--ledger %s: %w", dsn, err)
		}
	}
	st := commits.fastest()
	fmt.Fprintf(e.stdout, "%-34s %9d lines %8.2f s %11.0f lines/s   peak RSS %6.0f MB   %.2f× the check without%s\n", "check --commit to "+kind,
		st.lines, st.d.Seconds(), st.perSecond(), commits.peakRSS(), st.d.Seconds()/without.d.Seconds(), commits.spread())
	fmt.Fprintf(e.stdout, "%-34s %9d rows  %8.2f s\n", "ledger verify ("+kind+")", st.lines, verified.Seconds())
	return nil
}

// benchRecords writes n licences naming the book's n most frequent end
// users (each for its country, the popular chips, a quantity limit by
// ECCN, issued and expiring at random over the book's years) and loads them.
func benchRecords(dir string, o orders.GenerateOptions, n int) (*checker.Records, error) {
	customers := orders.Customers(o)
	r := rand.New(rand.NewPCG(uint64(n), 16))
	var b strings.Builder
	start := time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC)
	seen := map[string]bool{}
	for i := 0; i < n && i < len(customers); i++ {
		cu := customers[i]
		if seen[cu.Name] {
			continue
		}
		seen[cu.Name] = true
		issued := start.AddDate(0, 0, r.IntN(4*365))
		fmt.Fprintf(&b, "record: licence\nnumber: B%07d\nkind: license\nstatus: active\nissued: %s\nexpires: %s\n", i, issued.Format(time.DateOnly), issued.AddDate(2+r.IntN(3), 0, 0).Format(time.DateOnly))
		fmt.Fprintf(&b, "items: {products: [nvidia-h100-sxm5, nvidia-h800-sxm5, nvidia-a100-sxm4-80gb, nvidia-h200-sxm], eccns: [3A090.a]}\ndestinations: [%s]\nend_users: [%q]\n", cu.Country, cu.Name)
		fmt.Fprintf(&b, "quantity_limits: {3A090.a: %d}\n---\n", 500+r.IntN(20000))
	}
	p := filepath.Join(dir, "records", "licences.yaml")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(p, []byte(strings.TrimSuffix(b.String(), "---\n")), 0o644); err != nil {
		return nil, err
	}
	set, err := records.Load(filepath.Dir(p))
	if err != nil {
		return nil, err
	}
	return set.Checker(), nil
}

// regoProfile checks the first n lines of path on one core under OPA's
// profiler (the decision-key cache and the memo on, as in a real run) and
// prints the policy rules that cost most: their share of the time and their
// expression evaluations per Rego evaluation.
// evalProfiles gives each evaluation a profiler of its own. One profiler
// counts the time from an expression to the next one it sees to the first;
// over many evaluations that would count the checker's own work between
// them to the last expression of the one before.
type evalProfiles struct {
	cur  *profiler.Profiler
	done []*profiler.Profiler
}

const endOfEvaluation = "(end of evaluation)"

func (e *evalProfiles) Enabled() bool               { return true }
func (e *evalProfiles) Config() topdown.TraceConfig { return topdown.TraceConfig{} }

func (e *evalProfiles) TraceEvent(ev topdown.Event) {
	if ev.Op == topdown.EnterOp && ev.QueryID == 0 && ev.ParentID == 0 {
		e.close() // an evaluation starts
		e.cur = profiler.New()
	}
	if e.cur != nil {
		e.cur.TraceEvent(ev)
	}
}

// close ends the current evaluation's profile: an expression is recorded
// when the next one is seen, so the last is closed by a marker (results
// leave the marker out).
func (e *evalProfiles) close() {
	if e.cur == nil {
		return
	}
	e.cur.TraceEvent(topdown.Event{Op: topdown.EvalOp, Node: &ast.Expr{Location: &ast.Location{File: endOfEvaluation}}})
	e.done = append(e.done, e.cur)
	e.cur = nil
}

// results are the expression statistics of every evaluation, merged by
// location.
func (e *evalProfiles) results() []profiler.ExprStats {
	e.close()
	type at struct {
		file string
		row  int
	}
	index := map[at]int{}
	var out []profiler.ExprStats
	for _, p := range e.done {
		for _, s := range p.ReportTopNResults(math.MaxInt32, []string{"total_time_ns"}) {
			if s.Location == nil || s.Location.File == endOfEvaluation {
				continue
			}
			k := at{s.Location.File, s.Location.Row}
			if i, ok := index[k]; ok {
				out[i].ExprTimeNs += s.ExprTimeNs
				out[i].NumEval += s.NumEval
				continue
			}
			index[k] = len(out)
			out = append(out, s)
		}
	}
	return out
}

func regoProfile(ctx context.Context, e *env, opts checker.Options, path string, n, top int) error {
	prof := &evalProfiles{}
	opts.Workers, opts.Tracer = 1, prof
	c, err := checker.New(ctx, opts)
	if err != nil {
		return err
	}
	lines := 0
	for _, err := range c.Check(ctx, func(yield func(checker.Order, error) bool) {
		for o, err := range orders.Read(path, orders.Options{}) {
			if lines >= n || !yield(o, err) {
				return
			}
			lines++
		}
	}) {
		if err != nil {
			return err
		}
	}
	rules, err := ruleStarts(c.Bundle().Modules)
	if err != nil {
		return err
	}
	type cost struct {
		ns    int64
		evals int
	}
	by := map[string]*cost{}
	var total int64
	var evals int
	for _, s := range prof.results() {
		if s.Location == nil {
			continue
		}
		name := s.Location.File + " " + rules.at(s.Location.File, s.Location.Row)
		if by[name] == nil {
			by[name] = &cost{}
		}
		by[name].ns += s.ExprTimeNs
		by[name].evals += s.NumEval
		total += s.ExprTimeNs
		evals += s.NumEval
	}
	names := make([]string, 0, len(by))
	for k := range by {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool { return by[names[i]].ns > by[names[j]].ns })
	per := float64(max(c.Evaluated(), 1))
	fmt.Fprintf(e.stdout, "\nRego profile: %d lines, %d Rego evaluations, %.0f expression evaluations each\n", lines, c.Evaluated(), float64(evals)/per)
	fmt.Fprintf(e.stdout, "%7s %12s  %s\n", "time", "evals/eval", "rule")
	for _, k := range names[:min(top, len(names))] {
		fmt.Fprintf(e.stdout, "%6.1f%% %12.1f  %s\n", 100*float64(by[k].ns)/float64(max(total, 1)), float64(by[k].evals)/per, k)
	}
	return nil
}

// ruleIndex finds the rule a line of a policy file belongs to.
type ruleIndex map[string][]ruleStart

type ruleStart struct {
	row  int
	name string
}

func ruleStarts(modules map[string]string) (ruleIndex, error) {
	ix := ruleIndex{}
	for file, src := range modules {
		m, err := ast.ParseModuleWithOpts(file, src, ast.ParserOptions{RegoVersion: ast.RegoV1})
		if err != nil {
			return nil, err
		}
		for _, r := range m.Rules {
			ix[file] = append(ix[file], ruleStart{r.Location.Row, r.Head.Ref().String()})
		}
		sort.Slice(ix[file], func(i, j int) bool { return ix[file][i].row < ix[file][j].row })
	}
	return ix, nil
}

func (ix ruleIndex) at(file string, row int) string {
	rs := ix[file]
	i := sort.Search(len(rs), func(i int) bool { return rs[i].row > row })
	if i == 0 {
		return "(query)"
	}
	return rs[i-1].name
}
