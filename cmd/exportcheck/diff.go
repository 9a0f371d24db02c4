package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/orders"
	"github.com/exportcheck/exportcheck/records"
	"github.com/exportcheck/exportcheck/reports"
	"github.com/exportcheck/exportcheck/review"
)

func init() { commands = append(commands, newDiffCmd) }

type diffOpts struct {
	checkerFlags
	before, after               string
	beforeRegime, afterRegime   string
	basePolicies, baseData      string
	baseRecords                 string
	baseSet                     *records.Set       // what --base-records loaded
	cfg                         *config            // the configuration both sides read
	warnings                    []string           // about the screening lists and records, as check gives them
	snaps                       []reports.Snapshot // the screening lists both sides read
	format, output              string
	input                       inputFlags
	decisionsOnly, failOnChange bool
}

func newDiffCmd(e *env) *cobra.Command {
	o := &diffOpts{}
	cmd := &cobra.Command{
		Use:   "diff FILE...",
		Short: "Show which order lines a rule change changes",
		Long: `Judge the same order books twice and report every line whose outcome changed:
first the lines whose decision changed, then the lines whose decision held but whose
ECCN, review policy, exception or license-determination reasons changed, each with a
structured diff (- before, + after). A classification whose wording changed while its
ECCN held is not a change.

The two sides differ by date (--before/--after: every line judged as of that date
instead of its own), by regime (--before-regime/--after-regime, or --regime for both),
or by policy and data trees: --base-policies/--base-data replace the embedded policies
or data on the before side (e.g. a checkout of the main branch), and --policy/--data
overlay the after side as check does. Between two dates or regimes without --base-*,
--policy/--data (a company's products and rules) overlay both sides.

Exit codes: 0 done; 1 with --fail-on-change when a line is reported as changed;
2 usage or input error (every line that cannot be judged is reported with its file
and line).`,
		Example: `  exportcheck diff --screening-list demo --before 2023-11-16 --after 2023-11-17 examples/orders.csv
  exportcheck diff --before-regime enforced --after-regime ai-diffusion orders.csv
  exportcheck diff --base-policies main/policies --base-data main/data --format markdown orders.csv
  exportcheck diff --before 2024-01-01 --after 2026-01-15 --format xlsx -o impact.xlsx orders.csv`,
		Args: atLeastOne("order book (FILE, or - for standard input)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if o.format, err = reviewFormat(cmd.Flags(), o.format, o.output); err != nil {
				return err
			}
			return runDiff(cmd.Context(), e, o, args)
		},
	}
	o.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&o.before, "before", "", "judge the before side as of `DATE` (YYYY-MM-DD); default each line's own date")
	fl.StringVar(&o.after, "after", "", "judge the after side as of `DATE` (YYYY-MM-DD); default each line's own date")
	fl.StringVar(&o.beforeRegime, "before-regime", "", "the regime `ID` of the before side (default --regime)")
	fl.StringVar(&o.afterRegime, "after-regime", "", "the regime `ID` of the after side (default --regime)")
	fl.StringVar(&o.basePolicies, "base-policies", "", "before side: the Rego files under `DIR` replace the embedded policies")
	fl.StringVar(&o.baseData, "base-data", "", "before side: the data files under `DIR` replace the embedded data")
	fl.StringVar(&o.baseRecords, "base-records", "", "before side: the compliance records under `DIR` instead of --records (none: no records), to see which lines a new or changed record moves")
	fl.StringVarP(&o.format, "format", "f", "text", "the `FORMAT`: "+strings.Join(review.Formats, "|")+" (default: the one --output's name says, else text)")
	fl.Lookup("format").DefValue = "" // the usage says the default; not (default "text") after it as well
	fl.StringVarP(&o.output, "output", "o", "", "write to `PATH` instead of standard output (required for xlsx)")
	fl.BoolVar(&o.decisionsOnly, "decisions-only", false, "report only the lines whose decision changed")
	fl.BoolVar(&o.failOnChange, "fail-on-change", false, "exit 1 when a line is reported as changed")
	o.input.register(fl)
	return cmd
}

// sides builds the checker options of the two sides.
func (o *diffOpts) sides() (before, after checker.Options, bs, as review.Side, err error) {
	// One configuration and screening list for both sides: they differ in
	// date, regime or policies only.
	for _, f := range [][2]string{{"--before", o.before}, {"--after", o.after}} {
		if f[1] == "" {
			continue
		}
		if err = checker.CheckAsOf(f[0], f[1]); err != nil {
			return
		}
	}
	var scr *screen
	if before, scr, o.cfg, err = o.options(o.before); err != nil {
		return
	}
	o.warnings, o.snaps = scr.warnings, scr.snaps
	after = before
	after.AsOf = o.after
	before.AsOfFlag, after.AsOfFlag = "--before", "--after"
	if o.beforeRegime != "" {
		before.Regime = o.beforeRegime
	}
	if o.afterRegime != "" {
		after.Regime = o.afterRegime
	}
	bs = review.Side{AsOf: o.before, Regime: before.Regime, Policies: withOverlays(o.policies), Data: withOverlays(o.data)}
	// Two dates or regimes compare the company's setup with itself: its
	// --policy and --data are on both sides. Otherwise they are the change
	// under review, on the after side only (the before side is the embedded
	// tree, or the --base-* trees).
	if o.before == o.after && before.Regime == after.Regime || o.basePolicies != "" || o.baseData != "" {
		before.PolicyDirs, before.DataDirs = nil, nil
		bs.Policies, bs.Data = "embedded", "embedded"
	}
	as = review.Side{AsOf: o.after, Regime: after.Regime, Policies: withOverlays(o.policies), Data: withOverlays(o.data)}
	if o.loaded != nil {
		as.Records, as.RecordsRevision = recordDirs(o.records), o.loaded.Revision()
		bs.Records, bs.RecordsRevision = as.Records, as.RecordsRevision
	}
	if o.basePolicies != "" {
		if before.PolicyFS, err = dirFS("--base-policies", o.basePolicies); err != nil {
			return
		}
		bs.Policies = o.basePolicies
	}
	if o.baseData != "" {
		if before.DataFS, err = dirFS("--base-data", o.baseData); err != nil {
			return
		}
		bs.Data = o.baseData
	}
	switch o.baseRecords {
	case "":
	case "none":
		before.Records, bs.Records, bs.RecordsRevision = nil, "", ""
	default:
		// Against the base side's policies and data, as check reads them.
		set, err2 := loadRecordsFor(before, []string{o.baseRecords})
		if err2 != nil {
			err = flagRecordsError("--base-records", err2)
			return
		}
		before.Records, bs.Records, bs.RecordsRevision, o.baseSet = set.Checker(), o.baseRecords, set.Revision(), set
	}
	if o.before == o.after && before.Regime == after.Regime && o.basePolicies == "" && o.baseData == "" && o.baseRecords == "" &&
		len(o.policies) == 0 && len(o.data) == 0 {
		err = errors.New("nothing to compare: give --before/--after dates, --before-regime/--after-regime, --base-policies/--base-data/--base-records, or --policy/--data")
	}
	return
}

// recordDirs names the records directories of a side ("" for none).
func recordDirs(dirs []string) string {
	if len(dirs) == 0 {
		return "(configuration)"
	}
	return strings.Join(dirs, " + ")
}

func withOverlays(dirs []string) string {
	return strings.Join(append([]string{"embedded"}, dirs...), " + ")
}

func dirFS(flag, dir string) (fs.FS, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", flag, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s %s: not a directory", flag, dir)
	}
	return os.DirFS(dir), nil
}

func runDiff(ctx context.Context, e *env, o *diffOpts, files []string) error {
	if !slices.Contains(review.Formats, o.format) {
		return fmt.Errorf("unknown format %q; known: %s", o.format, strings.Join(review.Formats, ", "))
	}
	if o.format == "xlsx" && o.output == "" {
		return errors.New("--format xlsx writes a binary workbook: use --output PATH")
	}
	if err := o.input.check(); err != nil {
		return err
	}
	if err := booksOnce(files); err != nil {
		return err
	}
	bopts, aopts, bside, aside, err := o.sides()
	if err != nil {
		return err
	}
	if o.output != "" {
		read := o.readPaths(o.cfg, "")
		for _, d := range [][2]string{{o.basePolicies, "the --base-policies directory"}, {o.baseData, "the --base-data directory"}} {
			if d[0] != "" {
				read = append(read, readPath{d[0], d[1], true})
			}
		}
		if o.baseRecords != "" && o.baseRecords != "none" {
			read = append(read, recordsPath(o.baseRecords, "the --base-records %s"))
		}
		if err := outputClash(o.output, files, nil, read...); err != nil {
			return err
		}
	}
	// Both sides screen against the same lists: a demonstration or stale
	// list is said, as check says it; so is a records path that holds no
	// record (on either side).
	o.warnings = append(o.warnings, emptyRecordsWarnings(o.loaded)...)
	for _, w := range emptyRecordsWarnings(o.baseSet) {
		if !slices.Contains(o.warnings, w) {
			o.warnings = append(o.warnings, w)
		}
	}
	for _, w := range o.warnings {
		warn(e.stderr, w)
	}
	// An error of a side's date names its flag (--before, --after): it
	// needs no "before:" or "after:" too.
	var asOfErr *checker.AsOfError
	before, err := checker.New(ctx, bopts)
	switch {
	case errors.Is(err, checker.ErrNoPolicies):
		return fmt.Errorf("--base-policies %s: no Rego files", o.basePolicies)
	case errors.As(err, &asOfErr):
		return err
	case err != nil:
		return fmt.Errorf("before: %w", err)
	}
	after, err := checker.New(ctx, aopts)
	switch {
	case errors.As(err, &asOfErr):
		return err
	case err != nil:
		return fmt.Errorf("after: %w", err)
	}
	// Records name products and countries each side's data must know, as
	// check requires: a record that names no product would move nothing.
	if err := o.checkRecords(after); err != nil {
		return err
	}
	if set := o.baseSet; set != nil {
		if err := set.CheckKnown(knownData(before)); err != nil {
			return flagRecordsError("--base-records", err)
		}
	}
	// A licence valid for longer than the data's licence_validity, on
	// either side, is said as check says it.
	for _, side := range []struct {
		set *records.Set
		c   *checker.Checker
	}{{o.loaded, after}, {o.baseSet, before}} {
		lw, err := licenceWarnings(side.set, side.c)
		if err != nil {
			return err
		}
		for _, w := range lw {
			if !slices.Contains(o.warnings, w) {
				warn(e.stderr, w)
				o.warnings = append(o.warnings, w)
			}
		}
	}
	if (o.loaded != nil || o.baseSet != nil) && o.cfg != nil && o.cfg.Ledger != "" {
		// diff reads no ledger: a licence the configuration's ledger shows
		// drawn on would read as having the room it had before.
		w := fmt.Sprintf("diff judges the book against the records alone: what the shipments committed to the ledger %s (ledger: in %s) drew is not counted, so a record may have less left than this shows; check --ledger counts it",
			reports.LogText(ledger.Redact(o.cfg.Ledger)), o.cfg.Path)
		warn(e.stderr, w)
		o.warnings = append(o.warnings, w)
	}
	bside.Revision, aside.Revision = before.Revision(), after.Revision()
	// The changed lines are kept on disk, to write the decision changes
	// first: a large book can change on most of its lines.
	rec := review.NewRecorder(bside, aside, o.decisionsOnly)
	defer rec.Close()
	lines, errs := 0, 0
	stdinFile := ""
	if (before.Buffers() || after.Buffers()) && slices.Contains(files, "-") {
		tmp, err := spoolStdin(e.stdin)
		if err != nil {
			return err
		}
		defer os.Remove(tmp)
		stdinFile = tmp
	}
	// The facts either side reads (its records' documents, unit_value).
	facts := append(before.FactColumns(), after.FactColumns()...)
	src := readAll(files, o.input.options(orders.Options{Stdin: e.stdin, StdinFile: stdinFile, Facts: facts}))
	for pair, err := range judgeTwice(ctx, before, after, src) {
		if err != nil {
			if ctx.Err() != nil {
				return errOutputsInterrupted
			}
			return err
		}
		lines++
		b, a := &pair[0], &pair[1]
		switch {
		case b.Err != nil && a.Err != nil:
			printError(e.stderr, "", a.Err)
		case b.Err != nil:
			printError(e.stderr, "before: ", b.Err)
		case a.Err != nil:
			printError(e.stderr, "after: ", a.Err)
		}
		if b.Err != nil || a.Err != nil {
			errs++
			rec.AddUnjudged(b, a)
			continue
		}
		if err := rec.Add(b, a); err != nil {
			return err
		}
	}
	res := rec.Comparison(lines, errs)
	generated, err := generatedAt(os.Getenv)
	if err != nil {
		return err
	}
	res.Run = &review.Run{Tool: "exportcheck " + toolVersion(), Generated: generated, Inputs: files, Screening: o.snaps, Warnings: o.warnings}
	signalPoint("judged")
	if err := writeTo(ctx, e.stdout, e.stderr, o.output, func(w io.Writer) error { return review.WriteComparison(w, o.format, res) }); err != nil {
		return err
	}
	switch {
	case errs > 0:
		fmt.Fprintf(e.stderr, "exportcheck: %s could not be judged\n", countOf(errs, "line"))
		e.code = exitUsage
	case o.failOnChange && res.Listed() > 0:
		e.code = exitFailed
	}
	return nil
}

// writeTo writes to the file path, or to stdout when path is empty. The
// file is an output as [outputFile] writes one: a write that fails, or a
// run interrupted (ctx ended) before the file is renamed into place,
// leaves what was at path as it was (a good earlier report, a device),
// not a truncated file or none. Its warnings go to stderr.
func writeTo(ctx context.Context, stdout, stderr io.Writer, path string, write func(io.Writer) error) error {
	if path == "" {
		return write(stdout)
	}
	f, err := createOutput(path)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, w := range f.warnings() {
		warn(stderr, w)
	}
	if err := write(f); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.commit(ctx)
}

// judgeTwice reads the orders once and judges every line with both
// checkers, yielding the two results of each line in input order. Memory
// stays bounded: the after side reads the orders the before side has read
// through a bounded queue.
func judgeTwice(ctx context.Context, before, after *checker.Checker, src iter.Seq2[checker.Order, error]) iter.Seq2[[2]checker.Result, error] {
	type item struct {
		o   checker.Order
		err error
	}
	return func(yield func([2]checker.Result, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		queue := make(chan item, 8192)
		first := func(yield func(checker.Order, error) bool) {
			defer close(queue)
			for o, err := range src {
				select {
				case queue <- item{o, err}:
				case <-ctx.Done():
					return
				}
				if !yield(o, err) {
					return
				}
			}
		}
		second := func(yield func(checker.Order, error) bool) {
			for it := range queue {
				if !yield(it.o, it.err) {
					return
				}
			}
		}
		if before.Buffers() || after.Buffers() {
			// A side with records reads the whole book before its first
			// result (quantities are drawn in ship-date order): each side
			// reads it on its own.
			first, second = src, src
		}
		next, stop := iter.Pull2(after.Check(ctx, second))
		defer stop()
		for b, err := range before.Check(ctx, first) {
			if err != nil {
				yield([2]checker.Result{}, err)
				return
			}
			a, err, ok := next()
			if !ok {
				yield([2]checker.Result{}, errors.New("the after side ended early"))
				return
			}
			if err != nil {
				yield([2]checker.Result{}, err)
				return
			}
			if !yield([2]checker.Result{b, a}, nil) {
				return
			}
		}
	}
}

// reviewFormat is the format diff and matrix write: --format when given,
// else the one the --output file's name says ("impact.xlsx": xlsx, as check
// reads -o), else text. A workbook's name written as another format is
// refused: no spreadsheet program opens text named .xlsx.
func reviewFormat(fl *pflag.FlagSet, format, output string) (string, error) {
	named := formatOf(output)
	switch {
	case !fl.Changed("format") && slices.Contains(review.Formats, named):
		return named, nil
	case named == "xlsx" && format != "xlsx":
		return "", fmt.Errorf("--output %s names a workbook, and --format is %s: give --format xlsx, or a file name for %s", output, format, format)
	}
	return format, nil
}
