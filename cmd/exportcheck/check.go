package main

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/internal/prose"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/orders"
	"github.com/exportcheck/exportcheck/ownership"
	"github.com/exportcheck/exportcheck/records"
	"github.com/exportcheck/exportcheck/reports"
	"github.com/exportcheck/exportcheck/screening"
)

func init() { commands = append(commands, newCheckCmd) }

// checkerFlags are the flags every command that evaluates orders shares.
type checkerFlags struct {
	policies, data []string
	regime         string
	screening      []string
	config         string
	shipFrom       string
	evalTimeout    time.Duration
	evalMemoryMiB  int64
	horizon        duration
	noCache        bool
	noMemo         bool
	records        []string
	ownership      []string
	owners         *ownership.Register // the ownership register read by options; nil for none
	loaded         *records.Set        // the records read by options; nil for none
	// recordsFrom and ownershipFrom name where the records and the register
	// were given (a flag, or the configuration's line), for their errors.
	recordsFrom, ownershipFrom string
	fromFiles                  *records.Set // loaded before the ledger's kept records were added

	bundle, verificationKey, signingAlg string        // a signed policy bundle (registerBundle)
	source                              *bundleSource // where it came from, for reloads
}

// registerBundle registers the flags that take the policies and data from
// a signed bundle instead (check and serve).
func (f *checkerFlags) registerBundle(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.bundle, "bundle", "", "take the policies and data from the signed bundle (exportcheck bundle build) in `FILE`, or at an HTTP(S) URL, instead of the embedded ones; needs --verification-key")
	cmd.Flags().StringVar(&f.verificationKey, "verification-key", "", "the bundle must be signed with the public key (PEM) in `FILE`")
	cmd.Flags().StringVar(&f.signingAlg, "signing-alg", "RS256", "the bundle signature's `ALGORITHM` (RS256, ES256, PS256, …)")
}

// registerPolicy registers the flags that choose the policies and data,
// for commands that judge no order lines (classify, products, countries).
func (f *checkerFlags) registerPolicy(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&f.policies, "policy", nil, "the Rego files under `DIR` add to or replace the embedded policies (repeatable)")
	f.registerData(cmd)
	cmd.Flags().StringVar(&f.regime, "regime", "enforced", "the regime `ID`: enforced, or a what-if: ai-diffusion (the 2025 framework), affiliates-suspended (the BIS affiliates rule still suspended)")
}

// registerData registers --data alone, for a command that only lists
// what the data knows.
func (f *checkerFlags) registerData(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&f.data, "data", nil, "the YAML/JSON data files under `DIR` are merged over the embedded data, e.g. a company SKU catalog (repeatable)")
}

// register registers every flag of a command that judges order lines.
func (f *checkerFlags) register(cmd *cobra.Command) {
	f.registerPolicy(cmd)
	cmd.Flags().StringArrayVar(&f.screening, "screening-list", nil, "the screening `LIST`: a CSL file (CSV or JSON), cached (see exportcheck lists update), demo (the embedded excerpt) or none (repeatable; default: the configuration's)")
	cmd.Flags().StringVar(&f.shipFrom, "ship-from", "", "the country lines ship from when they do not say, by its `CODE` (ship_from column; default: the configuration's ship_from, else US)")
	f.horizon = duration(checker.DefaultHorizon)
	cmd.Flags().Var(&f.horizon, "date-horizon", "a ship date more than `DURATION` (e.g. 730d) past the date the data is as of is an error")
	cmd.Flags().Int64Var(&f.evalMemoryMiB, "eval-memory", checker.DefaultEvalMemory>>20, "stop with an error when the heap grows past this many `MiB` while the policy is evaluated")
	cmd.Flags().DurationVar(&f.evalTimeout, "eval-timeout", checker.DefaultEvalTimeout, "stop with an error naming the rule when one evaluation of the policy (a batch of decision keys) takes longer than `DURATION`")
	cmd.Flags().StringVar(&f.config, "config", "", "the configuration `FILE` (default: "+ConfigName+" from the working directory up)")
	cmd.Flags().StringArrayVar(&f.records, "records", nil, "the compliance records (licences, clearances, NAC notifications) under `DIR` to apply (repeatable; default: the configuration's records)")
	cmd.Flags().StringArrayVar(&f.ownership, "ownership", nil, "the ownership register in `FILE`, CSV or YAML: who owns whom, for the 50 % rules (repeatable; default: the configuration's)")
	cmd.Flags().BoolVar(&f.noCache, "no-cache", false, "evaluate every line through Rego instead of once per decision key (the policy's memo still shares work)")
	cmd.Flags().BoolVar(&f.noMemo, "no-memo", false, "recompute the policy's memoized functions in every evaluation and judge each line on its own date, by its own product and country codes (with --no-cache: every line from scratch)")
}

// options builds the checker options and the screening from the flags and
// the configuration file.
func (f *checkerFlags) options(asOf string) (checker.Options, *screen, *config, error) {
	opts := checker.Options{PolicyDirs: f.policies, DataDirs: f.data, Regime: f.regime, AsOf: asOf, NoCache: f.noCache, NoMemo: f.noMemo, EvalTimeout: f.evalTimeout, Horizon: time.Duration(f.horizon), EvalMemory: f.evalMemoryMiB << 20}
	if err := f.loadBundle(&opts); err != nil {
		return opts, nil, nil, err
	}
	cfg, err := loadConfig(f.config)
	if err != nil {
		return opts, nil, nil, err
	}
	opts.ShipFrom = cmp.Or(f.shipFrom, cfg.ShipFrom)
	switch {
	case f.shipFrom != "":
		opts.ShipFromSource = "--ship-from"
	case cfg.ShipFrom != "":
		opts.ShipFromSource = cfg.at("ship_from", -1)
	}
	now, err := generatedAt(os.Getenv) // SOURCE_DATE_EPOCH makes the list's age reproducible too
	if err != nil {
		return opts, nil, nil, err
	}
	// It may make the list older, never younger: set to a commit's time
	// (the reproducible-builds way), it would have a stale list pass.
	if t := time.Now().UTC(); t.After(now) {
		now = t
	}
	// What the whole list holds, read where a list is judged by it.
	scr, err := newScreen(f.screening, cfg, func() (screening.Coverage, error) { return f.coverage(opts) }, now)
	if err != nil {
		return opts, nil, nil, err
	}
	if scr.screener != nil {
		opts.Screener = scr.screener
	}
	var dirs, files []string
	dirs, f.recordsFrom = f.records, "--records"
	if len(dirs) == 0 {
		dirs, f.recordsFrom = cfg.Records, cfg.at("records", -1)
	}
	if len(dirs) > 0 {
		set, err := loadRecordsFor(opts, dirs)
		if err != nil {
			return opts, nil, nil, flagRecordsError(f.recordsFrom, err)
		}
		f.loaded, opts.Records = set, set.Checker()
	}
	files, f.ownershipFrom = f.ownership, "--ownership"
	if len(files) == 0 {
		files, f.ownershipFrom = cfg.Ownership, cfg.at("ownership", -1)
	}
	if len(files) > 0 {
		reg, err := ownership.Load(files...)
		if err != nil {
			return opts, nil, nil, ownershipError(f.ownershipFrom, err)
		}
		if opts.Screener == nil {
			return opts, nil, nil, fmt.Errorf("--ownership: the owners it names are screened, and screening is off (--screening-list none); name a screening list")
		}
		f.owners, opts.Ownership = reg, reg.Checker()
	}
	return opts, scr, cfg, nil
}

// coverage is what a list must hold to be screened against as the whole
// CSL ([listCoverage]): the embedded data's, made stricter by the data
// the run judges with, a signed bundle's or the --data overlays'.
func (f *checkerFlags) coverage(opts checker.Options) (screening.Coverage, error) {
	switch {
	case opts.Bundle != nil:
		return listCoverage(opts.Bundle.Data)
	case len(f.data) > 0:
		b, err := checker.LoadBundle(nil, f.data)
		if err != nil {
			return screening.Coverage{}, err
		}
		return listCoverage(b.Data)
	}
	return listCoverage(nil)
}

// checker builds a checker from the flags for commands that judge no end
// users (screening lists are not loaded).
func (f *checkerFlags) checker(cmd *cobra.Command) (*checker.Checker, error) {
	return checker.New(cmd.Context(), checker.Options{PolicyDirs: f.policies, DataDirs: f.data, Regime: f.regime})
}

type checkOpts struct {
	checkerFlags
	input                     inputFlags
	ledger                    ledgerFlags
	asOf, failOn, format      string
	sarifCategory             string
	outputs                   []string
	explain, progress, strict bool
	wide, onlyFailing         bool
}

func newCheckCmd(e *env) *cobra.Command {
	o := &checkOpts{}
	cmd := &cobra.Command{
		Use:   "check FILE...",
		Short: "Check order books and fail when something must not ship",
		Long: `Check every line of one or more order books (CSV, JSON, JSON Lines, YAML, XLSX; - for
standard input) and write the decisions in one or more formats.

Exit codes: 0 nothing at or above --fail-on; 1 at least one line at or above it;
2 usage or input error (every bad line is reported with its file and line, and the
good lines are still judged and written).`,
		Example: `  exportcheck check --screening-list demo examples/orders.csv
  exportcheck check --screening-list cached --as-of 2023-11-17 --explain examples/orders.csv
  exportcheck check orders.csv --format sarif --output junit=junit.xml --output xlsx=audit.xlsx   # lists from .exportcheck.yaml`,
		Args: atLeastOne("order book (FILE, or - for standard input)"),
		RunE: func(cmd *cobra.Command, args []string) error { return runCheck(cmd, e, o, args) },
	}
	o.register(cmd)
	o.registerBundle(cmd)
	o.ledger.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&o.asOf, "as-of", "", "judge every line as of `DATE` (YYYY-MM-DD) instead of its own date")
	fl.StringVar(&o.failOn, "fail-on", "review", "exit 1 when a line's decision is at or above `DECISION`: licensed, review, exception, license_required (or licence_required), prohibited; allow fails every line")
	fl.StringVarP(&o.format, "format", "f", "text", "the `FORMAT` on standard output: "+strings.Join(stdoutFormats(), "|"))
	fl.StringArrayVarP(&o.outputs, "output", "o", nil, "also write `FORMAT=PATH`, or PATH with the format from its name (audit.xlsx, report.sarif); repeatable")
	fl.StringVar(&o.sarifCategory, "sarif-category", "", "SARIF: the analysis `CATEGORY` code scanning keeps this run's alerts under (runs[].automationDetails.id); give each SARIF uploaded for one commit its own (default none: the uploader's)")
	fl.BoolVar(&o.wide, "wide", false, "text on a terminal: do not cut the table (the WHY column first) to the terminal's width")
	fl.BoolVar(&o.onlyFailing, "only-failing", false, "text: list only the lines at or above --fail-on (the summary counts every line)")
	fl.BoolVar(&o.explain, "explain", false, "text: print every rule that fired, with numbers and citations, and each screening hit's list entry _id (for clear --entry)")
	o.input.register(fl)
	fl.BoolVar(&o.progress, "progress", true, "show a progress bar on standard error when it is a terminal")
	fl.BoolVar(&o.strict, "strict", false, "make warnings errors (exit 2): a demonstration, stale or incomplete screening list or none, lines after the data's as-of date, no line judged")
	return cmd
}

type output struct {
	w      reports.Writer
	closer io.Closer
	path   string
}

// keptRecords adds the records made at the review desk (clearances,
// assignments), which the ledger keeps, to the records the checker
// applies.
func (f *checkerFlags) keptRecords(ctx context.Context, led *ledger.Ledger, opts *checker.Options) error {
	f.fromFiles = f.loaded
	kept, err := led.Kept(ctx)
	if err != nil || len(kept) == 0 {
		return err
	}
	set, err := ledger.WithKept(f.loaded, kept)
	if err != nil {
		return err
	}
	f.loaded, opts.Records = set, set.Checker()
	return nil
}

// stdoutFormats are the formats standard output takes: every writer's but
// xlsx's.
func stdoutFormats() []string {
	return slices.DeleteFunc(reports.Formats(), func(f string) bool { return f == "xlsx" })
}

// stdoutFormat refuses, before anything is loaded or warned of, a
// --format standard output cannot take: xlsx (a binary workbook, written
// with --output) or one no writer knows.
func stdoutFormat(format string, outputs []string) error {
	if format == "xlsx" {
		for _, spec := range outputs {
			if strings.HasSuffix(strings.ToLower(spec), ".xlsx") {
				// --format xlsx -o audit.xlsx: the workbook goes to the file
				// already; standard output cannot take it.
				return fmt.Errorf("--format names what standard output gets, and it cannot take a binary workbook: --output %s writes the workbook already; leave out --format xlsx (standard output then gets the text table)", spec)
			}
		}
		return fmt.Errorf("--format xlsx writes a binary workbook: use --output xlsx=PATH")
	}
	if known := stdoutFormats(); !slices.Contains(known, format) {
		return fmt.Errorf("unknown format %q; known: %s", format, strings.Join(known, ", "))
	}
	return nil
}

func runCheck(cmd *cobra.Command, e *env, o *checkOpts, files []string) error {
	ctx := cmd.Context()
	failOn, err := checker.ParseDecision(o.failOn)
	if err != nil {
		return fmt.Errorf("--fail-on: %w", err)
	}
	if err := o.input.check(); err != nil {
		return err
	}
	if err := checkSARIFCategory(cmd.Flags().Changed("sarif-category"), o.sarifCategory); err != nil {
		return err
	}
	if err := stdoutFormat(o.format, o.outputs); err != nil {
		return err
	}
	if err := booksOnce(files); err != nil {
		return err
	}
	opts, scr, cfg, err := o.options(o.asOf)
	if err != nil {
		return err
	}
	if err := committable(o.ledger.commit, opts.Regime); err != nil {
		return err
	}
	if o.ledger.commit && o.asOf != "" {
		// Judged as of another day than the one they ship, lines would
		// stand in the ledger with that day as their ship date: decided
		// under rules not in force when they ship, drawn in its order, and
		// pruned by it (--as-of 1990-01-02 could be pruned at once).
		return fmt.Errorf("--as-of %s judges every line as of that date, not the day it ships: a what-if; --commit records each line as decided on its ship date (the date column); check the what-if without --commit", o.asOf)
	}
	strict := o.strict || cfg.Strict
	strictBy := strictSource(o.strict, cfg)
	// The run's warnings open the text report too: where it and standard
	// error are both a terminal, the same screen would show each twice.
	// They are held back until the report is written; a run that stops
	// before (an error, an interrupt) prints them after all.
	warnings := e.stderr
	var held bytes.Buffer
	if o.format == "text" && isTerminal(e.stdout) && isTerminal(e.stderr) && !strict {
		warnings = &held
		defer func() { e.stderr.Write(held.Bytes()) }()
	}
	// Said as the run starts (end users "are screened"): the run may stop
	// before it screens anyone (--strict, a policy that does not load).
	// Its outputs say what was done.
	for _, w := range scr.starting {
		warn(warnings, w)
	}
	if strict && len(scr.warnings) > 0 {
		return fmt.Errorf("%s: %s about the screening lists (above); nothing was checked", strictBy, countOf(len(scr.warnings), "warning"))
	}
	// Not one that --strict makes an error: no records only makes
	// decisions stricter, and a records repository may have none yet.
	recWarnings := emptyRecordsWarnings(o.loaded)
	for _, w := range recWarnings {
		warn(warnings, w)
	}
	// The ledger: what its committed shipments drew counts against the
	// records; with --commit the run holds its write lock from the first
	// line read until its lines are committed.
	led, drawdown, created, err := o.ledger.open(ctx, cfg.Ledger, strict)
	if err != nil {
		return err
	}
	if created {
		w := createdWarning(led.Name())
		warn(warnings, w)
		recWarnings = append(recWarnings, w)
	}
	if led != nil {
		defer led.Close()
		opts.Drawdown = drawdown
		if o.loaded != nil {
			drawn, err := led.DrawnByRecordKey(ctx)
			if err != nil {
				return fmt.Errorf("%w: %w", checker.ErrDrawdown, err) // as the allocation says it
			}
			uw := unrecordedDrawWarnings(drawn, o.loaded)
			for _, w := range uw {
				warn(warnings, w)
			}
			if strict && len(uw) > 0 {
				return fmt.Errorf("%s: the ledger's shipments drew on %s no record holds (above); nothing was checked", strictBy, countOf(len(uw), "record"))
			}
			recWarnings = append(recWarnings, uw...)
		}
		if err := o.keptRecords(ctx, led, &opts); err != nil {
			return err
		}
	}
	c, err := checker.New(ctx, opts)
	if err != nil {
		return err
	}
	if err := o.checkRecords(c); err != nil {
		return err
	}
	lw, err := licenceWarnings(o.loaded, c)
	if err != nil {
		return err
	}
	for _, w := range lw {
		warn(warnings, w)
	}
	recWarnings = append(recWarnings, lw...)
	if n := c.CacheNote(); n != "" {
		fmt.Fprintf(e.stderr, "exportcheck: note: %s\n", reports.LogText(n))
	}
	generated, err := generatedAt(os.Getenv)
	if err != nil {
		return err
	}
	var standing checker.Standings // how each licence stands on the run's day, for the outputs
	if o.loaded != nil {
		if standing, err = c.Standings(ctx, generated.UTC().Format(time.DateOnly)); err != nil {
			return err
		}
	}
	run := &reports.Run{
		Tool: "exportcheck", Version: toolVersion(), Revision: c.Revision(), Regime: opts.Regime, AsOf: o.asOf,
		FailOn: failOn, Generated: generated, Explain: o.explain, Screening: scr.snaps,
		Color: isTerminal(e.stdout) && os.Getenv("NO_COLOR") == "", Checker: c, DataAsOf: dataAsOf(c),
		Width: terminalWidth(e.stdout, o.wide), OnlyFailing: o.onlyFailing, SARIFCategory: o.sarifCategory,
		Warnings: append(slices.Clone(scr.warnings), recWarnings...), Records: recordsSummary(o.loaded, standing), Ownership: ownershipSummary(o.owners),
	}
	for _, f := range files {
		// A file that cannot be read is an error for that file (reported
		// when its turn comes); the other files are still judged.
		in, _ := describeInput(f)
		run.Inputs = append(run.Inputs, in)
	}
	recRev := ""
	if o.loaded != nil {
		recRev = o.loaded.Revision()
	}
	sess, err := o.ledger.begin(ctx, drawdown, ledgerRun(run, recRev))
	var rc *ledger.RevisionConflict
	switch {
	case errors.As(err, &rc) && o.bundle != "":
		return fmt.Errorf("--bundle %s is refused: %w; nothing was committed", o.bundle, err)
	case err != nil:
		return err
	}
	if sess != nil {
		defer sess.Rollback()
		// Inside the lock: a record a reviewer kept since the ledger was
		// read would not be applied; stop rather than commit without it.
		kept, err := sess.Kept(ctx)
		if err != nil {
			return err
		}
		now, err := ledger.WithKept(o.fromFiles, kept)
		if err != nil {
			return err
		}
		if now.Revision() != o.loaded.Revision() {
			return fmt.Errorf("ledger %s: a reviewer kept a record (clearance or assignment) while this run was starting; nothing was committed: run it again to apply it", led.Name())
		}
	}
	var outs []output
	closeAll := func() {
		for _, out := range outs {
			if a, ok := out.w.(reports.Aborter); ok {
				a.Abort()
			}
			if out.closer != nil {
				out.closer.Close()
			}
		}
	}
	defer closeAll()
	w, err := reports.New(o.format, e.stdout, run)
	if err != nil {
		return err
	}
	outs = append(outs, output{w: w, path: "-"})
	for _, spec := range o.outputs {
		format, path, ok := strings.Cut(spec, "=")
		if !ok { // --output audit.xlsx: the format from the name
			format, path = formatOf(spec), spec
		}
		if path == "" || format == "" {
			return fmt.Errorf("--output %q: want FORMAT=PATH, or a PATH ending in .xlsx, .json, .jsonl, .sarif, .xml (JUnit), .md or .txt", spec)
		}
		if path == "-" {
			return fmt.Errorf("--output %q: standard output takes --format (-f %s); --output writes files", spec, format)
		}
		if err := outputClash(path, files, outs, o.readPaths(cfg, o.ledger.dsn)...); err != nil {
			return err
		}
		f, err := createOutput(path)
		if err != nil {
			return err
		}
		for _, w := range f.warnings() {
			warn(e.stderr, w)
		}
		w, err := reports.New(format, f, run)
		if err != nil {
			f.Close()
			return err
		}
		outs = append(outs, output{w: w, closer: f, path: path})
	}
	// Progress: bytes read of the inputs' size (a percentage and an ETA
	// from the first update), with the lines judged; the last line stays.
	var bar *progressbar.ProgressBar
	var read atomic.Int64
	if o.progress && isTerminal(e.stderr) {
		var total int64
		for _, in := range run.Inputs {
			total += in.Size
		}
		if total == 0 {
			total = -1 // standard input: no size to compare with
		}
		bar = progressbar.NewOptions64(total, progressbar.OptionSetWriter(e.stderr), progressbar.OptionSetDescription("checking"),
			progressbar.OptionShowBytes(true), progressbar.OptionSetPredictTime(true), progressbar.OptionShowElapsedTimeOnFinish(),
			progressbar.OptionThrottle(100*time.Millisecond))
	}
	summary := reports.NewSummary()
	asOf := checker.DataAsOf(c.Bundle().Data)
	late, noEndUser, uncommitted := 0, 0, 0
	// Lines that drew on a record with limits while no ledger counts what
	// shipments before the run drew, and the records they drew on.
	uncounted, uncountedOn := 0, map[string]bool{}
	var r checker.Result // one result at a time (writers copy what they keep), not one allocation a line
	for res, err := range c.Check(ctx, readAll(files, o.input.options(orders.Options{Stdin: e.stdin, BytesRead: &read, Facts: c.FactColumns()}))) {
		if err != nil {
			if ctx.Err() != nil {
				return errInterrupted(sess != nil)
			}
			return err
		}
		r = res
		if file, why, ok := reports.NotRead(&r); ok && r.Order.Line == 0 {
			// A file, not a line: say so (it is still a result, which
			// every output records as failed).
			fmt.Fprintln(e.stderr, reports.LogText(fmt.Sprintf("exportcheck: %s could not be read (%s); nothing in it was judged", file, why)))
		} else if ok {
			// The file's error has a place (its header): named as a
			// line's is, for editors and CI logs that link it.
			fmt.Fprintln(e.stderr, lineError(&r)+"; the file could not be read: nothing in it was judged")
		} else if r.Err != nil {
			fmt.Fprintln(e.stderr, lineError(&r))
		}
		summary.Add(&r, failOn)
		if sess != nil {
			if err := sess.Add(ctx, &r); errors.Is(err, ledger.ErrNoOrderID) {
				fmt.Fprintln(e.stderr, reports.LogText(reports.Location(&r.Order)+": "+ledger.ErrNoOrderID.Error()))
				uncommitted++
			} else if err != nil {
				return err
			}
		}
		if r.Err == nil {
			if asOf != "" && r.Date > asOf {
				late++
			}
			if opts.Screener != nil && !c.IsName(strings.TrimSpace(r.Order.EndUser)) {
				noEndUser++
			}
			if a := r.Authorization; led == nil && a != nil && a.Limit != "" {
				uncounted++
				uncountedOn[a.Number] = true
			}
		}
		for _, out := range outs {
			if err := out.w.Write(&r); err != nil {
				return fmt.Errorf("%s: %w", out.path, err)
			}
		}
		if bar != nil && summary.Total%1024 == 0 {
			bar.Describe("checking: " + prose.Count(summary.Total, "line"))
			bar.Set64(read.Load())
		}
	}
	if bar != nil {
		bar.Describe("checked: " + prose.Count(summary.Total, "line"))
		bar.Set64(read.Load())
		bar.Finish()
		fmt.Fprintln(e.stderr) // the last progress line stays
	}
	signalPoint("judged")
	// A signal that arrives before the ledger's commit begins stops the
	// run: nothing is committed, no output is replaced. Once the ledger
	// holds the run, its reports are written, signal or not: a committed
	// run without its report could not be checked against it.
	outCtx := ctx
	if sess != nil {
		if ctx.Err() != nil {
			return errInterrupted(true)
		}
		if run.Committed, err = finishCommit(ctx, e, led, sess); err != nil {
			return err
		}
		outCtx = context.WithoutCancel(ctx)
		signalPoint("committed")
	}
	var errs []string // warnings that --strict makes errors
	if late > 0 {
		errs = append(errs, fmt.Sprintf("%s %s after %s, the date the data is as of: rules or country groups may have changed since (re-check against the eCFR, or update the data)", countOf(late, "line"), prose.Agree(late, "ships", "ship"), asOf))
	}
	if uncounted > 0 {
		errs = append(errs, uncountedWarning(uncounted, slices.Sorted(maps.Keys(uncountedOn))))
	}
	if summary.Total == 0 {
		// A book with lines that all could not be judged fails on its
		// errors (exit 2), each named; "1 line read" would count a file
		// that is not there as a line.
		errs = append(errs, "no order line was judged: the books hold no order lines")
	}
	run.Warnings = append(run.Warnings, errs...)
	for _, w := range errs {
		warn(warnings, w)
	}
	if noEndUser > 0 {
		fmt.Fprintf(e.stderr, "exportcheck: %s %s no end user to screen (blank, or a placeholder such as TBD or N/A) and %s reviewed (columns read as the end user: %s); --screening-list none turns screening off deliberately\n",
			countOf(noEndUser, "line"), prose.Agree(noEndUser, "names", "name"), prose.Agree(noEndUser, "is", "are"), reports.LogText(endUserColumns()))
	}
	for _, out := range outs {
		if err := out.w.Close(summary); err != nil {
			return fmt.Errorf("%s: %w", out.path, err)
		}
	}
	held.Reset() // the text report showed them
	if err := commitOutputs(outCtx, outs); err != nil {
		if errors.Is(err, errOutputsInterrupted) {
			return errInterrupted(false)
		}
		return err
	}
	outs = nil
	if sess != nil && ctx.Err() != nil {
		fmt.Fprintf(e.stderr, "exportcheck: interrupted after ledger %s committed run %s: its reports were written all the same\n", reports.LogText(led.Name()), run.Committed.RunID)
	}
	if o.format != "text" {
		// The text table ends with this line; other formats say it here.
		fmt.Fprintf(e.stderr, "exportcheck: %s\n", reports.LogText(summary.Line(failOn)))
	}
	switch {
	case summary.Errors > 0:
		// Files not read and lines not judged are told apart: a file
		// that is not there is not a line.
		var not []string
		if len(summary.Unread) > 0 {
			not = append(not, summary.UnreadText())
		}
		if n := summary.LineErrors(); n > 0 {
			not = append(not, countOf(n, "line")+" could not be judged")
		}
		fmt.Fprintf(e.stderr, "exportcheck: %s\n", reports.LogText(strings.Join(not, " and ")))
		e.code = exitUsage
	case uncommitted > 0:
		fmt.Fprintf(e.stderr, "exportcheck: %s %s no order id and %s not committed to the ledger\n", countOf(uncommitted, "line"), prose.Agree(uncommitted, "names", "name"), prose.Agree(uncommitted, "was", "were"))
		e.code = exitUsage
	case strict && len(errs) > 0:
		fmt.Fprintf(e.stderr, "exportcheck: %s: %s\n", reports.LogText(strictBy), prose.Agree(len(errs), "1 warning is an error", countOf(len(errs), "warning")+" are errors"))
		e.code = exitUsage
	case summary.Failed > 0:
		e.code = exitFailed
	}
	return nil
}

// readPath is a file a run reads besides its order books, and what it is
// ("the configuration", "a --screening-list file"); with dir, a directory
// it reads files from ("a --data directory").
type readPath struct {
	path, what string
	dir        bool
}

// readPaths are the files a run reads besides its order books: the
// configuration, screening list files, ownership registers and a SQLite
// ledger (the flag's or the configuration's), none of which an output
// may replace; and the directories it reads files from: --policy, --data
// and records directories, and the cache directory of a `cached` list,
// in none of which an output may be written (see [outputClash]).
func (f *checkerFlags) readPaths(cfg *config, ledgerDSN string) []readPath {
	var out []readPath
	if cfg.Path != "" {
		out = append(out, readPath{path: cfg.Path, what: "the configuration"})
	}
	lists, what := f.screening, "a --screening-list file"
	if len(lists) == 0 {
		lists, what = cfg.Screening.Lists, "a screening list the configuration names"
	}
	for _, l := range lists {
		if !isListName(l) {
			out = append(out, readPath{path: l, what: what})
		}
	}
	if slices.Contains(lists, listCached) {
		out = append(out, readPath{cfg.Screening.CacheDir, "the screening list cache directory", true})
	}
	owners, what := f.ownership, "an --ownership register"
	if len(owners) == 0 {
		owners, what = cfg.Ownership, "an ownership register the configuration names"
	}
	for _, o := range owners {
		out = append(out, readPath{path: o, what: what})
	}
	// The file as the ledger opens it: sqlite://PATH is PATH, and a "?"
	// is part of the name.
	if p, ok := ledger.SQLitePath(cmp.Or(ledgerDSN, cfg.Ledger)); ok && p != "" {
		out = append(out, ledgerReads(p)...)
	}
	out = append(out, treeReads(f.policies, f.data)...)
	recs, whose := f.records, "a --records %s"
	if len(recs) == 0 {
		recs, whose = cfg.Records, "a records %s the configuration names"
	}
	for _, r := range recs {
		out = append(out, recordsPath(r, whose))
	}
	return out
}

// booksOnce refuses an order book given more than once, by one name or
// by two (./a.csv and a.csv, a symbolic link), before anything is read:
// its lines would be judged twice, counted twice in the summary and the
// exit code, drawn twice against a licence's limit and, with --commit,
// committed twice. Overlapping globs (orders/*.csv orders/2026-*.csv)
// are the usual cause: the error names the book, so that the command
// line can be fixed, rather than a run that quietly reads it once.
// Standard input given twice is refused too: the second read would find
// nothing. A file that is not there is that file's own error later.
func booksOnce(files []string) error {
	if i := slices.Index(files, "-"); i >= 0 && slices.Contains(files[i+1:], "-") {
		return errors.New("- (standard input) is given twice: it can be read once")
	}
	type book struct {
		name string
		fi   os.FileInfo
	}
	var books []book
	byName := map[string]bool{}
	for _, f := range files {
		if f == "-" {
			continue
		}
		if byName[filepath.Clean(f)] {
			return fmt.Errorf("order book %s is given twice: give each book once", reports.LogText(f))
		}
		byName[filepath.Clean(f)] = true
		fi, err := os.Stat(f)
		if err != nil {
			continue
		}
		for _, b := range books {
			if os.SameFile(b.fi, fi) {
				return fmt.Errorf("order books %s and %s are one file: give it once", reports.LogText(b.name), reports.LogText(f))
			}
		}
		books = append(books, book{f, fi})
	}
	return nil
}

// checkSARIFCategory refuses a --sarif-category given with no name (a
// blank one would be the category "/", which no upload means) or with a
// control character.
func checkSARIFCategory(given bool, category string) error {
	switch {
	case given && strings.TrimSpace(strings.ReplaceAll(category, "/", "")) == "":
		return fmt.Errorf("--sarif-category %q: give the analysis a name (such as the books it checks: orders/europe)", category)
	case strings.ContainsFunc(category, unicode.IsControl):
		return fmt.Errorf("--sarif-category %q: a category holds no control characters", category)
	}
	return nil
}

// recordsPath is a records path as a path read: a directory, or a file
// (records.Load reads either), whose (with a %s for which) saying whose.
func recordsPath(path, whose string) readPath {
	if st, err := os.Stat(path); err == nil && !st.IsDir() {
		return readPath{path, fmt.Sprintf(whose, "file"), false}
	}
	return readPath{path, fmt.Sprintf(whose, "directory"), true}
}

// outputClash refuses an --output path that is an order book being read
// (the run would replace the book with its report), another file the run
// reads (the configuration, a screening list, an ownership register, the
// ledger), or that an earlier --output names too (one would silently
// replace the other). It refuses any path inside a directory the run
// reads files from, not only a file read there: the readers walk the
// directory for every file of their extensions, so a report there
// replaces a file this run reads or adds one the next run reads (a JSON
// report in a --data directory is merged into the data), and for the
// cache directory, `lists update` alone writes there.
//
// It refuses "-" as well: matrix, diff, doc and ledger export would
// write a file called "-" where standard output was meant.
func outputClash(path string, inputs []string, earlier []output, read ...readPath) error {
	if path == "-" {
		return errors.New("--output -: give a file name (- is not standard output here; without --output, text formats go to standard output)")
	}
	same := func(a, b string) bool {
		if filepath.Clean(a) == filepath.Clean(b) {
			return true
		}
		// The files the two name, as far as they exist: an output not yet
		// written, reached through a symbolic link or a linked directory,
		// is the same file as another naming it directly. Not a device:
		// /dev/stdin and /dev/stdout lead to one terminal.
		if t := resolved(outputTarget(a)); t == resolved(outputTarget(b)) {
			if fi, err := os.Stat(t); err != nil || fi.Mode().IsRegular() {
				return true
			}
		}
		fa, errA := os.Stat(a)
		fb, errB := os.Stat(b)
		// Regular files only: /dev/stdin and /dev/stdout may be one terminal.
		return errA == nil && errB == nil && fa.Mode().IsRegular() && os.SameFile(fa, fb)
	}
	for _, in := range inputs {
		if in != "-" && same(path, in) {
			return fmt.Errorf("--output %s is an order book this run reads: write the report to another file", path)
		}
	}
	for _, r := range read {
		if r.dir && within(path, r.path) {
			return fmt.Errorf("--output %s is inside %s this run reads, %s: write the report outside it", path, r.what, r.path)
		}
		if !r.dir && same(path, r.path) {
			return fmt.Errorf("--output %s is %s this run reads: write the report to another file", path, r.what)
		}
	}
	for _, o := range earlier {
		if o.path != "-" && same(path, o.path) {
			return fmt.Errorf("--output %s is given twice: give each output a file of its own", path)
		}
	}
	return nil
}

// within reports whether path is dir or lies under it, the two compared
// as absolute paths with their symbolic links resolved as far as they
// exist (an output's file, or the directories above it, may not yet).
func within(path, dir string) bool {
	rel, err := filepath.Rel(resolved(dir), resolved(path))
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// resolved is p absolute, with the symbolic links of its longest existing
// prefix resolved.
func resolved(p string) string {
	p, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	rest := ""
	for {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return filepath.Join(p, rest)
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}

// strictSource names what made a run strict, for its errors: the flag,
// or the configuration file (which --strict=false does not undo).
func strictSource(flag bool, cfg *config) string {
	if flag || cfg.Path == "" {
		return "--strict"
	}
	return "strict: true in " + cfg.Path
}

// readAll chains the orders of every file.
func readAll(files []string, opts orders.Options) iter.Seq2[checker.Order, error] {
	return func(yield func(checker.Order, error) bool) {
		for _, f := range files {
			for o, err := range orders.Read(f, opts) {
				if !yield(o, err) {
					return
				}
			}
		}
	}
}

// describeInput returns a file's size and SHA-256 for the audit trail.
func describeInput(path string) (reports.Input, error) {
	if path == "-" {
		return reports.Input{Path: "-"}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return reports.Input{Path: path}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return reports.Input{Path: path}, fmt.Errorf("%s: %w", path, err)
	}
	return reports.Input{Path: path, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// formatOf is the output format a file name says, "" when it says none.
// A name ending ".sarif.json" is SARIF: the SARIF standard (§3.2) lets a
// log's name add ".json" to ".sarif".
func formatOf(path string) string {
	if strings.HasSuffix(strings.ToLower(path), ".sarif.json") {
		return "sarif"
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx":
		return "xlsx"
	case ".json":
		return "json"
	case ".jsonl", ".ndjson":
		return "jsonl"
	case ".sarif":
		return "sarif"
	case ".xml":
		return "junit"
	case ".md":
		return "markdown"
	case ".txt":
		return "text"
	}
	return ""
}

// endUserColumns names the input columns read as the end user.
func endUserColumns() string {
	names := slices.DeleteFunc(orders.Columns()["end_user"], func(n string) bool { return n == "end_user" })
	return strings.Join(append([]string{"end_user"}, names...), ", ")
}

// dataAsOf collects the "as of" dates the data files state.
func dataAsOf(c *checker.Checker) map[string]string {
	out := map[string]string{}
	doc := c.Catalog().Data()
	if s, ok := doc["sources"].(map[string]any); ok {
		for name, v := range s {
			if m, ok := v.(map[string]any); ok {
				if d, ok := m["as_of"].(string); ok {
					out[name] = d
				}
			}
		}
	}
	return out
}
