package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/adrg/strutil/metrics"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/internal/prose"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/records"
	"github.com/exportcheck/exportcheck/reports"
	"github.com/exportcheck/exportcheck/screening"
	"github.com/exportcheck/exportcheck/serve"
)

func init() { commands = append(commands, newLedgerCmd) }

// ledgerFlags are check's ledger flags.
type ledgerFlags struct {
	dsn           string
	commit, amend bool
	actor         string
	reason        string
}

func (f *ledgerFlags) register(cmd *cobra.Command) {
	cmd.Flags().Var(once(&f.dsn, "ledger", "the ledger whose drawdown counts"), "ledger", "the ledger `DSN`: sqlite:PATH or postgres://USER@HOST/DATABASE (default: the configuration's ledger); its drawdown counts against licences")
	cmd.Flags().BoolVar(&f.commit, "commit", false, "record every judged line in the ledger (idempotent by order id; needs --ledger)")
	cmd.Flags().BoolVar(&f.amend, "amend", false, "with --commit: record orders committed before with other content as amendments instead of refusing them")
	cmd.Flags().StringVar(&f.actor, "actor", "", "with --commit: the `NAME` of who commits the run, recorded and hashed with it (e.g. your name, or $GITHUB_ACTOR in CI); without it the ledger names the command line")
	cmd.Flags().StringVar(&f.reason, "reason", "", "with --commit: `TEXT` saying why the run is committed (e.g. the customer's revised order, a licence granted), recorded and hashed with it; --amend needs it")
}

// committable refuses --commit under a what-if regime (ledger.Commits).
func committable(commit bool, regime string) error {
	if commit && !ledger.Commits(regime) {
		return fmt.Errorf("--regime %s is a what-if: --commit records decisions under the rules in force (enforced); check the what-if without --commit", regime)
	}
	return nil
}

// open opens the ledger a check reads and, with --commit, writes; nil
// when none is configured. The checker reads its drawdown through the
// returned Drawdown; a commit's session is begun later (begin), once the
// policy is compiled, so that the write lock is held no longer than the
// check itself.
//
// --commit to a ledger that does not exist (no SQLite file, or a database
// without the schema) creates it, and created says so: a mistyped DSN
// would otherwise start an empty ledger without a word, and every licence
// would find its whole limit left. strict refuses to: a pipeline commits
// to a ledger made on purpose (ledger migrate).
func (f *ledgerFlags) open(ctx context.Context, cfgDSN string, strict bool) (*ledger.Ledger, *ledgerDrawdown, bool, error) {
	if err := f.checkActor(); err != nil {
		return nil, nil, false, err
	}
	if err := f.checkReason(); err != nil {
		return nil, nil, false, err
	}
	dsn := cmp.Or(f.dsn, cfgDSN)
	if dsn == "" {
		if f.commit || f.amend {
			return nil, nil, false, fmt.Errorf("--commit and --amend need a ledger: --ledger sqlite:PATH or postgres://…, or ledger: in the configuration")
		}
		return nil, nil, false, nil
	}
	if f.amend && !f.commit {
		return nil, nil, false, fmt.Errorf("--amend records amendments: use it with --commit")
	}
	// Without --commit, or with --strict, a SQLite file that is not there
	// is refused, naming ledger migrate.
	l, err := ledger.Open(ctx, dsn, f.commit && !strict)
	if f.commit && errors.Is(err, ledger.ErrNoLedger) {
		return nil, nil, false, fmt.Errorf("%w; --strict commits only to a ledger that exists", err)
	}
	if err != nil {
		return nil, nil, false, err
	}
	created := false
	if f.commit {
		if v, err := l.Version(ctx); err == nil && v == 0 { // a new ledger: create its schema
			if strict {
				l.Close()
				return nil, nil, false, fmt.Errorf("ledger %s has no tables: --strict commits only to a ledger that exists (create it with: exportcheck ledger migrate --ledger %s)", l.Name(), dsn)
			}
			if _, err := l.Migrate(ctx); err != nil {
				l.Close()
				return nil, nil, false, err
			}
			created = true
		}
	}
	if err := l.Ready(ctx); err != nil {
		l.Close()
		return nil, nil, false, err
	}
	return l, &ledgerDrawdown{l: l}, created, nil
}

// createdWarning is the warning of a run that created the ledger it
// commits to (ledgerFlags.open).
func createdWarning(name string) string {
	return fmt.Sprintf("ledger %s did not exist: this run created it, so no shipment committed before counts against the records; "+
		"if you meant another ledger, remove this one and commit there (--strict refuses a ledger that does not exist; exportcheck ledger migrate creates one)", name)
}

// checkActor refuses an --actor that names no one, or that is given
// without --commit (nothing would record it).
func (f *ledgerFlags) checkActor() error {
	switch {
	case f.actor == "":
		return nil
	case !f.commit:
		return fmt.Errorf("--actor names who commits a run: use it with --commit")
	case !saysSomething(f.actor):
		return fmt.Errorf("--actor %q: give a name (letters, not only spaces or control characters)", f.actor)
	}
	return nil
}

// saysSomething reports whether a name or reason given on the command
// line is text a ledger can keep: not only spaces, on one line, without
// control characters.
func saysSomething(s string) bool {
	return strings.TrimSpace(s) != "" && !strings.ContainsFunc(s, unicode.IsControl)
}

// checkReason refuses an amendment without a reason, a reason that says
// nothing, and one given without --commit (nothing would record it). A
// reason is the run's: --commit without --amend may give one too (a run
// again after a licence was granted, whose rejudgements amend nothing).
func (f *ledgerFlags) checkReason() error {
	switch {
	case f.reason == "" && f.amend && f.commit:
		return fmt.Errorf("--amend needs --reason: say why the orders changed (e.g. --reason %q); the ledger keeps it with the amendments (15 CFR 762.2(a): memoranda and notes of the transaction)", "customer revised PO 4471 to 12 units")
	case f.reason == "":
		return nil
	case !f.commit:
		return fmt.Errorf("--reason says why a run is committed: use it with --commit")
	case !saysSomething(f.reason):
		return fmt.Errorf("--reason %q: say why (words on one line, not only spaces or control characters)", f.reason)
	}
	return nil
}

// begin starts the run's commit (with --commit): from here until it is
// finished or rolled back the run holds the ledger's write lock.
func (f *ledgerFlags) begin(ctx context.Context, d *ledgerDrawdown, run ledger.Run) (*ledger.Session, error) {
	if d == nil || !f.commit {
		return nil, nil
	}
	run.Actor, run.Reason = strings.TrimSpace(f.actor), strings.TrimSpace(f.reason)
	s, err := d.l.Begin(ctx, run, f.amend)
	if err != nil {
		return nil, err
	}
	d.s = s
	return s, nil
}

// ledgerDrawdown is the checker's drawdown: inside the commit's lock when
// the run commits, else read from the ledger as it stands.
type ledgerDrawdown struct {
	l *ledger.Ledger
	s *ledger.Session
}

func (d *ledgerDrawdown) Drawn(ctx context.Context, except []string) (map[[2]string]float64, error) {
	if d.s != nil {
		return d.s.Drawn(ctx, except)
	}
	return d.l.Drawn(ctx, except)
}

func (d *ledgerDrawdown) Committed(ctx context.Context, ids []string) (map[string]checker.CommittedDraw, error) {
	if d.s != nil {
		return d.s.Committed(ctx, ids)
	}
	return d.l.Committed(ctx, ids)
}

// finishCommit commits a run's lines and says what it did; conflicts are
// listed and nothing is committed.
func finishCommit(ctx context.Context, e *env, l *ledger.Ledger, s *ledger.Session) (*reports.Committed, error) {
	st, err := s.Finish(ctx)
	if errors.Is(err, ledger.ErrConflict) {
		var changed, repeated int
		for _, c := range st.Conflicts {
			printError(e.stderr, "", c)
			if c.Repeated {
				repeated++
			} else {
				changed++
			}
		}
		var what []string
		if changed > 0 {
			what = append(what, countOf(changed, "order")+" committed before with other content")
		}
		if repeated > 0 {
			what = append(what, countOf(repeated, "line")+" repeating the order id of an earlier line")
		}
		fmt.Fprintf(e.stderr, "exportcheck: ledger %s: %s; nothing was committed\n", reports.LogText(l.Name()), strings.Join(what, ", "))
		return nil, exitError{exitUsage}
	}
	if err != nil {
		return nil, err
	}
	// An amendment and a rejudgement are lines committed, of their own
	// kinds: counted with the new ones, as the report counts them, and
	// named.
	lines := st.Committed + st.Amended + st.Rejudged
	fmt.Fprintf(e.stderr, "exportcheck: ledger %s: run %s committed %s", reports.LogText(l.Name()), s.RunID(), countOf(lines, "line"))
	if st.Amended > 0 || st.Rejudged > 0 {
		var kinds []string
		if st.Committed > 0 {
			kinds = append(kinds, countOf(st.Committed, "new order"))
		}
		if st.Amended > 0 {
			kinds = append(kinds, plural(st.Amended, "amendment of an order committed before with other content", "amendments of orders committed before with other content"))
		}
		if st.Rejudged > 0 {
			kinds = append(kinds, plural(st.Rejudged, "rejudgement of an order committed before unchanged that came out otherwise", "rejudgements of orders committed before unchanged that came out otherwise"))
		}
		fmt.Fprintf(e.stderr, " (%s)", strings.Join(kinds, ", "))
	}
	if st.Already > 0 {
		fmt.Fprintf(e.stderr, ", %d already committed (not drawn again)", st.Already)
	}
	if st.Head != "" {
		fmt.Fprintf(e.stderr, "; chain head %s", st.Head)
	}
	fmt.Fprintln(e.stderr)
	// A rejudgement that takes an order off its licence is named: the
	// count alone would hide that an order committed as licensed (perhaps
	// shipped) needs one again.
	const named = 20
	for i, u := range st.Unauthorized {
		if i == named {
			warn(e.stderr, fmt.Sprintf("and %d more orders committed before drawing on a record draw on none now", len(st.Unauthorized)-named))
			break
		}
		warn(e.stderr, fmt.Sprintf("order %s (%s:%d), committed before drawing on %s, draws on no record now: judged again unchanged under this run's records, its reasons say why; if it has shipped, it shipped as committed",
			reports.LogText(u.OrderID), reports.LogText(u.File), u.Line, reports.LogText(u.Auth)))
	}
	return &reports.Committed{Ledger: l.Name(), RunID: s.RunID(), Head: st.Head, Lines: st.Committed + st.Amended + st.Rejudged}, nil
}

// plural is n and one or many, as n asks.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// ledgerRun is what the ledger records of a run.
func ledgerRun(run *reports.Run, records string) ledger.Run {
	// When it ran is the clock's, not SOURCE_DATE_EPOCH's: that makes the
	// outputs reproducible, and would backdate the decision log.
	// What it screened against as its outputs record it: each list whole
	// (entries, newest entry, download time, demonstration excerpt), or
	// screening off, said so.
	lr := ledger.Run{Started: time.Now().UTC(), ToolVersion: run.Version, PolicyRevision: run.Revision, RecordsRevision: records,
		Screening: slices.Clone(run.Screening), Inputs: map[string]string{}}
	if run.Checker != nil {
		// A bundle's revision names its content: the ledger keeps that
		// content for it, and refuses other content under it.
		lr.Content = run.Checker.Bundle().Content
		lr.ScreeningOff = run.Checker.Options().Screener == nil
	}
	for _, in := range run.Inputs {
		lr.Inputs[in.Path] = in.SHA256
	}
	if o := run.Ownership; o != nil {
		// The ownership register is an input of every line's decision.
		lr.Inputs["ownership:"+strings.Join(o.Files, ",")] = o.Revision
	}
	return lr
}

func newLedgerCmd(e *env) *cobra.Command {
	var dsn, config string
	cmd := &cobra.Command{
		Use:   "ledger",
		Short: "Create, verify, query and prune the ledger of decisions and shipments",
		Long: `The ledger is a database of what check --commit decided and shipped: SQLite
(sqlite:PATH, embedded) or PostgreSQL (postgres://USER@HOST/DATABASE). Every row of its
decision log carries the hash of the row before it; verify recomputes the chain.`,
	}
	cmd.PersistentFlags().Var(once(&dsn, "ledger", "the ledger the command reads"), "ledger", "the ledger `DSN`: sqlite:PATH or postgres://USER@HOST/DATABASE (default: the configuration's ledger)")
	cmd.PersistentFlags().StringVar(&config, "config", "", "the configuration `FILE` (default: "+ConfigName+" from the working directory up)")
	// which is the ledger's DSN, and the configuration file read for it
	// ("" when --ledger names it).
	which := func() (string, string, error) {
		d, cfgPath := dsn, ""
		if d == "" {
			cfg, err := loadConfig(config)
			if err != nil {
				return "", "", err
			}
			d, cfgPath = cfg.Ledger, cfg.Path
		}
		if d == "" {
			return "", "", fmt.Errorf("no ledger: give --ledger sqlite:PATH or postgres://…, or ledger: in the configuration")
		}
		return d, cfgPath, nil
	}
	open := func(ctx context.Context, create bool) (*ledger.Ledger, error) {
		d, _, err := which()
		if err != nil {
			return nil, err
		}
		return ledger.Open(ctx, d, create)
	}

	migrate := &cobra.Command{
		Use:   "migrate",
		Short: "Create the ledger's schema, or bring it to this exportcheck's version",
		Long: `Create the ledger's tables, or apply the migrations this exportcheck has that the ledger
lacks. A ledger whose schema is newer than this exportcheck knows is refused. For a team's
PostgreSQL: --ledger postgres://USER@HOST/DATABASE (a libpq-style URL; sslmode, search_path and
the like as query parameters).`,
		Example: `  exportcheck ledger migrate --ledger sqlite:ledger.db`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer l.Close()
			applied, err := l.Migrate(cmd.Context())
			if err != nil {
				return err
			}
			if len(applied) == 0 {
				fmt.Fprintf(e.stdout, "ledger %s: schema already at version %d\n", l.Name(), ledger.SchemaVersion())
				return nil
			}
			fmt.Fprintf(e.stdout, "ledger %s: schema at version %d (applied %s)\n", l.Name(), ledger.SchemaVersion(), joinInts(applied))
			return nil
		},
	}

	var head, anchor string
	verify := &cobra.Command{
		Use:   "verify",
		Short: "Recompute the decision log's hash chain and name the first broken row",
		Long: `Read the decision log in order and recompute each row's hash from the row before it.

Exit codes: 0 the chain is whole; 1 a row was changed, removed or reordered (the first
is named); 2 the ledger could not be read, or --head is not a head. Keep the head hash it
prints (or that check --commit prints) somewhere else, and pass it whole (64 hex digits) as
--head later: rows removed from the end of the log can only be noticed against a head
recorded before. Likewise the anchor ledger prune prints, as --anchor (none for a ledger
never pruned): rows deleted from the start of the log with an anchor written in the
database look like a prune, but not like this one.`,
		Example: `  exportcheck ledger verify --ledger sqlite:ledger.db
  exportcheck ledger verify --ledger sqlite:ledger.db --head 7ae1884f6677958bce444e29aca2972bf840080b53fd77dd8b4d4e1c61403267 --anchor none`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			head := strings.ToLower(strings.TrimSpace(head)) // as the anchor: the hex however it was copied
			if err := headError(head); err != nil {
				return err
			}
			l, err := open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer l.Close()
			v, err := l.Verify(cmd.Context(), head)
			var b *ledger.Broken
			if errors.As(err, &b) {
				before := "no row verified before it"
				if v.Rows > 0 {
					before = fmt.Sprintf("rows %d to %d verified before it", v.First, v.First+v.Rows-1)
				}
				switch {
				case b.Seq == 0: // not a row: found after the rows verified (the draws, the head)
					before = countOf(int(v.Rows), "row") + " verified"
					if v.Rows > 0 {
						before = fmt.Sprintf("rows %d to %d verified", v.First, v.First+v.Rows-1)
					}
				case v.Rows > 0 && b.Seq < v.First+v.Rows:
					// A row whose own hash held: its reasons, its standing
					// flag or the draws, checked against the chain, did not
					// ("rows 1 to 32 verified before" row 2 would be false).
					before = fmt.Sprintf("rows %d to %d hash whole as a chain, this one too; the break was found checking the reasons, revisions, standing flags and draws against them", v.First, v.First+v.Rows-1)
				}
				fmt.Fprintf(e.stdout, "ledger %s: BROKEN: %s\n(%s)\n", l.Name(), b.Where(), before)
				return exitError{exitFailed}
			}
			if err != nil {
				return err
			}
			if want := strings.ToLower(strings.TrimSpace(anchor)); want != "" && want != cmp.Or(v.Anchor, "none") {
				starts := "the first row: it was never pruned"
				if v.Anchor != "" {
					starts = fmt.Sprintf("%s (a prune on %s)", v.Anchor, v.PrunedAt)
				}
				fmt.Fprintf(e.stdout, "ledger %s: BROKEN: the chain starts from %s, not from the anchor given (%s): rows were pruned that no recorded prune removed, or the anchor is not this ledger's\n", l.Name(), starts, anchor)
				return exitError{exitFailed}
			}
			from := "the first row"
			if v.Anchor != "" {
				from = fmt.Sprintf("row %d (rows before it were pruned on %s; the chain starts from %.12s…)", v.First, v.PrunedAt, v.Anchor)
			}
			fmt.Fprintf(e.stdout, "ledger %s: %s verified from %s; head %s\n", l.Name(), countOf(int(v.Rows), "row"), from, cmp.Or(v.Head, "(empty)"))
			if head == "" {
				// A chain whose last rows were deleted is whole: only a head
				// recorded before shows they are gone.
				fmt.Fprintln(e.stdout, "(rows removed from the end of the log were not looked for: give a head recorded before as --head)")
			}
			if len(v.Uncovered) > 0 {
				// Kept before the chain covered them: said, not passed over.
				fmt.Fprintf(e.stdout, "(the content the revisions table keeps for %s was not checked: no row's run records it, as runs committed before 2026-12-07 did not, or its rows were pruned)\n", revisionsText(v.Uncovered))
			}
			return nil
		},
	}
	verify.Flags().StringVar(&head, "head", "", "a head `HASH` recorded earlier, its 64 hex digits as check --commit or ledger verify printed it: the log must still reach it")
	verify.Flags().StringVar(&anchor, "anchor", "", "the anchor `HASH` the last ledger prune printed, or none: the chain must start from it")

	var before string
	var data []string
	prune := &cobra.Command{
		Use:   "prune --before DATE",
		Short: "Delete rows that shipped before a date further back than the retention period",
		Long: `Delete the rows at the start of the decision log whose ship dates are before DATE, keeping
the chain verifiable (the last pruned row's hash is kept as its anchor). A DATE later than
the retention period before today is refused: 15 CFR 762.6(a) asks for records to be kept five
years from the export (data/timeline.yaml, recordkeeping; a --data overlay may lengthen it,
not shorten it). Today is the day in UTC, as every exportcheck command dates things (check's
records, clear's --at, records list): west of Greenwich, in the evening, it is already
tomorrow's date.
The ledger knows each row's ship date only, as the line was judged for it: five years run from
the latest of the export, any known reexport, transshipment or diversion of the item, and any
other end of the transaction (762.6(a)(1)-(3)). A shipment that left later than its row says
(commit it again with --amend), or one reexported or ended later, needs a DATE before that.
A reviewer's record kept in the ledger (a clearance, an assignment, a withdrawal) made on an
old line is kept while it is in force on DATE or a row kept cites it, and the rows after it
with it: the prune stops there, and says so.
Records an agency has asked for must not be destroyed, however old (762.6(b)): do not prune
while such a request stands.`,
		Example: `  exportcheck ledger prune --ledger sqlite:ledger.db --before 2021-01-01`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if before == "" {
				return fmt.Errorf("--before DATE is required")
			}
			now, err := generatedAt(os.Getenv)
			if err != nil {
				return err
			}
			// SOURCE_DATE_EPOCH makes the output reproducible; it may move
			// the day earlier, never later: a day in the future would let
			// rows younger than the retention period go.
			if t := time.Now().UTC(); now.After(t) {
				now = t
			}
			l, err := open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer l.Close()
			// A company's data may lengthen the period, never shorten the
			// regulation's (the embedded data's): the longer of the two.
			var keep checker.Retention
			overlays := [][]string{nil}
			if len(data) > 0 {
				overlays = append(overlays, data)
			}
			for _, dirs := range overlays {
				b, err := checker.LoadBundle(nil, dirs)
				if err != nil {
					return err
				}
				r, err := b.Retention()
				if err != nil {
					return err
				}
				if r.Years > keep.Years {
					keep = r
				}
			}
			p, err := l.Prune(cmd.Context(), before, now, keep)
			if err != nil {
				return err
			}
			// A reviewer's record that stopped the prune: said, as the
			// rows it keeps shipped before the date.
			held := ""
			if p.Held != nil {
				held = fmt.Sprintf("row %d is kept, with every row after it (a prune removes only the start of the log): it is %s\n", p.Held.Seq, p.Held.Why)
			}
			switch {
			case p.Rows == 0 && held != "":
				fmt.Fprintf(e.stdout, "ledger %s: nothing pruned: %s", l.Name(), held)
			case p.Rows == 0:
				fmt.Fprintf(e.stdout, "ledger %s: no row at the start of the log shipped before %s\n", l.Name(), before)
			default:
				fmt.Fprintf(e.stdout, "ledger %s: pruned %s, through row %d; the chain now starts from %s\n%s", l.Name(), countOf(int(p.Rows), "row"), p.AnchorSeq, p.AnchorHash, held)
			}
			return nil
		},
	}
	prune.Flags().StringVar(&before, "before", "", "delete rows that shipped before `DATE`, YYYY-MM-DD")
	prune.Flags().StringArrayVar(&data, "data", nil, "read the retention period from the YAML/JSON data files under `DIR` too, merged over the embedded data (repeatable)")

	var f ledger.Filter
	var format string
	query := &cobra.Command{
		Use:   "query [--order ID | --end-user TEXT | --licence NUMBER | --since DATE]",
		Short: "Show the decision log's rows for an order, an end user, a licence or a period",
		Example: `  exportcheck ledger query --ledger sqlite:ledger.db --order PO-1001
  exportcheck ledger query --ledger sqlite:ledger.db --end-user "atlas sanatgaran"   # every end user whose name holds it
  exportcheck ledger query --ledger sqlite:ledger.db --licence D1234567 --format csv`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f.Licence = licenceNumber(f.Licence)
			if err := checkFilter(f); err != nil {
				return err
			}
			// 0 is every row; below it no number of rows is meant
			// (before, -1 showed every row as if asked for).
			if f.Limit < 0 {
				return fmt.Errorf("--limit %d: give the most rows to show, 1 or more (without --limit, every row)", f.Limit)
			}
			w, err := newRowWriter(format, e.stdout)
			if err != nil {
				return err
			}
			l, err := open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer l.Close()
			for r, err := range l.Query(cmd.Context(), f) {
				if err != nil {
					return err
				}
				if err := w.write(&r); err != nil {
					return err
				}
			}
			if err := w.close(); err != nil {
				return err
			}
			if w.n == 0 && f.Licence != "" {
				// A number mistyped finds no row, as a licence never drawn
				// on does: name the numbers drawn on that are like it.
				if like, err := drawnLike(cmd.Context(), l, f.Licence); err != nil {
					return err
				} else if len(like) > 0 {
					fmt.Fprintf(e.stderr, "exportcheck: no row drew on %s; the ledger holds draws on %s, %s: did you mean %s?\n", reports.LogText(f.Licence), strings.Join(like, " and "),
						prose.Agree(len(like), "a number like it", "numbers like it"), prose.Agree(len(like), "it", "one of them"))
				}
			}
			// Rows pruned are not there to show: say so, under the table
			// (on standard error for CSV and JSON, which a program reads),
			// as --licence would otherwise read as the licence's whole use.
			last, at, err := l.Pruned(cmd.Context())
			if err != nil || last == 0 {
				return err
			}
			note := e.stderr
			if format == "text" {
				note = e.stdout
			}
			fmt.Fprintf(note, "(rows 1 to %d were pruned on %s (ledger prune): none of them is shown, and what they drew still counts against the licences)\n", last, reports.LogText(at))
			return nil
		},
	}
	fl := query.Flags()
	filterFlags(fl, &f)
	fl.IntVar(&f.Limit, "limit", 0, "at most `N` rows, 1 or more (default: every row)")
	fl.StringVarP(&format, "format", "f", "text", "the `FORMAT`: text, json (JSON Lines, one row a line) or csv")

	var exportTo string
	var ef ledger.Filter
	export := &cobra.Command{
		Use:   "export -o audit.xlsx",
		Short: "Write the audit workbook from the ledger's rows, with a Ledger sheet",
		Long: `Write the audit workbook (as check --output xlsx=… writes it: Summary, Orders, Products,
Rules, Inputs) from the rows of the ledger, or those --order, --end-user, --licence or --since
select, and a Ledger sheet: the ledger, the head of its chain and whether it verified, then every
row with its run, revisions and hashes. The Inputs sheet has each run's screening lists (SHA-256,
entries, newest entry, download time) and input files (SHA-256), as the ledger recorded them, and
the Summary warns of runs screened against the demonstration excerpt or against no list. A
ledger that does not verify is still exported, and the sheet says where the chain breaks. What
the export leaves out (the rows --order, --end-user, --licence or --since do not select; rows
pruned before) is named on the Ledger sheet, in the Summary's warnings and in what it prints.`,
		Example: `  exportcheck ledger export --ledger sqlite:ledger.db -o audit.xlsx
  exportcheck ledger export --ledger sqlite:ledger.db --since 2026-01-01 -o audit-2026.xlsx`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if exportTo == "" {
				return fmt.Errorf("-o PATH is required: the workbook to write, such as audit.xlsx")
			}
			ef.Licence = licenceNumber(ef.Licence)
			if err := checkFilter(ef); err != nil {
				return err
			}
			d, cfgPath, err := which()
			if err != nil {
				return err
			}
			if err := outputClash(exportTo, nil, nil, exportReads(d, cfgPath)...); err != nil {
				return err
			}
			l, err := open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer l.Close()
			return exportLedger(cmd.Context(), e, l, ef, exportTo)
		},
	}
	export.Flags().StringVarP(&exportTo, "output", "o", "", "write the workbook to `PATH`")
	filterFlags(export.Flags(), &ef)

	cmd.AddCommand(migrate, verify, prune, query, export)
	return cmd
}

// exportReads are the files `ledger export` reads, which its workbook
// must not replace: a SQLite ledger's file and the files SQLite keeps
// beside it (its write-ahead log and that log's index), and the
// configuration that named the ledger.
func exportReads(dsn, cfgPath string) []readPath {
	var out []readPath
	if p, ok := ledger.SQLitePath(dsn); ok && p != "" {
		out = append(out, ledgerReads(p)...)
	}
	if cfgPath != "" {
		out = append(out, readPath{path: cfgPath, what: "the configuration"})
	}
	return out
}

// ledgerReads are a SQLite ledger's file and the files SQLite keeps
// beside it while it is open (its write-ahead log, which holds the
// commits not yet copied into the file, and that log's index): an output
// renamed over any of them loses decisions.
func ledgerReads(path string) []readPath {
	return []readPath{{path: path, what: "the ledger"},
		{path: path + "-wal", what: "the ledger's write-ahead log"},
		{path: path + "-shm", what: "the index of the ledger's write-ahead log"}}
}

// inputsText is a row's inputs (JSON name, value pairs, as hashed) one
// "name: value" a line; as stored when they are not pairs.
func inputsText(inputs string) string {
	var fields []string
	if err := json.Unmarshal([]byte(inputs), &fields); err != nil || len(fields)%2 != 0 {
		return inputs
	}
	var b strings.Builder
	for i := 0; i < len(fields); i += 2 {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(fields[i] + ": " + fields[i+1])
	}
	return b.String()
}

// exportLedger writes the audit workbook from a ledger's rows.
func exportLedger(ctx context.Context, e *env, l *ledger.Ledger, f ledger.Filter, path string) error {
	verified := "yes: the chain is whole"
	v, err := l.Verify(ctx, "")
	var b *ledger.Broken
	switch {
	case errors.As(err, &b):
		verified = "NO: " + b.Where()
	case err != nil:
		return err
	}
	c, err := checker.New(ctx, checker.Options{})
	if err != nil {
		return err
	}
	words, err := c.ReviewPolicyWords(ctx)
	if err != nil {
		return err
	}
	now, err := generatedAt(os.Getenv)
	if err != nil {
		return err
	}
	// The workbook's run: this export; the revisions each line was
	// decided under are on the Ledger sheet.
	// A ledger holds decisions under the rules in force only (--commit
	// refuses a what-if regime), so that is the regime of every row.
	stored, err := l.Runs(ctx, f)
	if err != nil {
		return err
	}
	runs, warnings := exportRuns(stored)
	for _, w := range warnings {
		warn(e.stderr, w)
	}
	run := &reports.Run{Tool: "exportcheck", Version: toolVersion(), Revision: "see the Ledger sheet (each row's run)", Generated: now, Checker: c,
		Regime: c.Options().Regime,
		FailOn: checker.Review, DataAsOf: dataAsOf(c), Warnings: append(warnings, "exported from the ledger "+l.Name()+": each order as it stands (its latest version), decided by the run the Ledger sheet names; every version is on the Ledger sheet. The Products sheet and the data's as-of date are this exportcheck's data, not necessarily the data a row was decided with (its policy revision says which). Not kept in the ledger, so not here: the licences, notifications and clearances on file (the records tree at each row's records revision holds them; exportcheck records check prints a tree's revision; the records kept at the review desk are rows of the Ledger sheet) and the warnings of a stale screening list check gave (each list's newest entry and download time are on the Inputs sheet)")}
	// What the ledger held that the export does not: an export of some
	// rows, or of a pruned ledger, must not read as the whole record.
	missing := exportMissing(f, v)
	for _, m := range missing { // before where the rows come from, which is last
		run.Warnings = slices.Insert(run.Warnings, len(run.Warnings)-1, "not in this export: "+m)
	}
	run.Ledger = &reports.LedgerSheet{Name: l.Name(), Head: cmp.Or(v.Head, "(empty)"), Verified: verified, Missing: missing,
		Runs: runs,
		// Product, rule version and tool version: what reproducing a
		// superseded version's decision needs, which the Orders sheet (the
		// standing versions) does not show.
		Header: []string{"Row", "Kind", "Run", "Decided at (UTC)", "By", "Reason given", "Order", "File", "Line", "Ship date", "To", "End user", "Product", "Decision", "ECCN", "Rule version", "Authorization", "Drawn", "Reasons", "Policy revision", "Records revision", "Tool version", "Row hash", "Previous row hash", "Input hash", "Inputs"},
		Rows: func(row func([]any) error) error {
			for r, err := range l.Query(ctx, f) {
				if err != nil {
					return err
				}
				if err := row([]any{r.Seq, r.Kind, r.RunID, r.Run.Started, serve.ActorText(r.Run.Actor, r.Run.Inputs, r.File), r.Run.Reason, r.OrderID, r.File, r.Line, r.ShipDate, r.Destination, r.EndUser, r.Product, r.Decision, r.ECCN, r.Regime,
					r.Auth, drawnText(r.Drawn), strings.Join(reasonTexts(&r), "\n"), r.Run.PolicyRevision, r.Run.RecordsRevision, r.Run.ToolVersion, r.RowHash, r.PrevHash, r.InputHash, inputsText(r.Inputs)}); err != nil {
					return err
				}
			}
			return nil
		}}
	out, err := createOutput(path)
	if err != nil {
		return err
	}
	for _, w := range out.warnings() {
		warn(e.stderr, w)
	}
	w, err := reports.New("xlsx", out, run)
	if err != nil {
		out.Close()
		return err
	}
	outs := []output{{w: w, closer: out, path: path}}
	fail := func(err error) error {
		if a, ok := w.(reports.Aborter); ok {
			a.Abort()
		}
		out.Close()
		return err
	}
	// The Orders sheet and the counts: each order as it stands (its
	// latest version), so an amended order is one line; every version is
	// on the Ledger sheet.
	standing := f
	standing.Standing = true
	summary := reports.NewSummary()
	for r, err := range l.Query(ctx, standing) {
		if err != nil {
			return fail(err)
		}
		if r.IsAction() { // on the Ledger sheet only
			continue
		}
		res, err := r.Result()
		if err != nil {
			return fail(err)
		}
		res.ReviewPolicyText = words[res.ReviewPolicy] // the ledger keeps the name
		summary.Add(&res, run.FailOn)
		if err := w.Write(&res); err != nil {
			return fail(fmt.Errorf("%s: %w", path, err))
		}
	}
	if err := w.Close(summary); err != nil {
		out.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := commitOutputs(ctx, outs); err != nil {
		return err
	}
	chain := "the chain verified whole"
	if b != nil {
		chain = "the chain is BROKEN: " + b.Where()
	}
	fmt.Fprintf(e.stdout, "%s: %s from ledger %s (chain head %s; %s)\n", path, countOf(summary.Total, "line"), l.Name(), cmp.Or(v.Head, "(empty)"), chain)
	for _, m := range missing {
		fmt.Fprintf(e.stdout, "not in it: %s\n", m)
	}
	return nil
}

// exportMissing says what the ledger held that an export with filter f
// leaves out: the rows the filter does not select, and the rows pruned
// before the chain's first (v, as verified).
func exportMissing(f ledger.Filter, v ledger.Verified) []string {
	var out []string
	var which, flags []string
	if f.OrderID != "" {
		which, flags = append(which, "of order "+f.OrderID), append(flags, "--order "+f.OrderID)
	}
	if f.EndUserPart != "" {
		which, flags = append(which, fmt.Sprintf("whose end user's name holds %q", f.EndUserPart)), append(flags, fmt.Sprintf("--end-user %q", f.EndUserPart))
	}
	if f.Licence != "" {
		which, flags = append(which, "drawn on "+f.Licence+" (and the reviewers' assignments to it)"), append(flags, "--licence "+f.Licence)
	}
	if f.Since != "" {
		which, flags = append(which, "that ship on or after "+f.Since), append(flags, "--since "+f.Since)
	}
	if len(which) > 0 {
		out = append(out, fmt.Sprintf("the rows %s does not select: the export holds only the rows %s, not the whole ledger (the chain was verified over the whole ledger)", strings.Join(flags, " "), strings.Join(which, " and ")))
	}
	if v.Anchor != "" {
		out = append(out, fmt.Sprintf("rows 1 to %d, pruned on %s (ledger prune): the chain starts from their anchor %s, which should be the one the prune printed (ledger verify --anchor); what they drew still counts against the licences", v.First-1, v.PrunedAt, v.Anchor))
	}
	return out
}

// exportRuns are the runs of an export as its workbook shows them (the
// screening lists and input files each recorded, the demonstration
// excerpt named as such), and the warnings check gave them that the
// ledger still tells: screening against the demonstration excerpt, or
// against none; and a run whose lists cannot be read, or that records
// none. From what the ledger keeps alone: the files may be long gone.
// Since 2026-12-07 a run records each list as check's outputs do
// (entries, newest entry, download time, demonstration excerpt); before,
// its path and SHA-256 only, and the rows and newest entry of such a list
// are known only for the excerpt this exportcheck embeds (by its
// SHA-256).
func exportRuns(stored []ledger.RunRecord) ([]reports.LedgerRun, []string) {
	excerpt := screening.Excerpt().Snapshot
	var runs []reports.LedgerRun
	// entries (0: not known) and how the list was chosen -> runs
	type demoKey struct {
		entries int
		given   string
	}
	demo := map[demoKey][]string{}
	off := map[string][]string{} // how screening was turned off -> runs
	var unread []string
	for _, sr := range stored {
		lr := reports.LedgerRun{ID: sr.ID, Started: sr.Started, Decided: sr.Decided}
		var problems []string
		if sr.Missing {
			problems = append(problems, "the ledger has no record of this run (its screening lists and input files are not known)")
		}
		files, ferr := sr.Files()
		// A server's run (its request, or a reviewer's record on the
		// desk): its demonstration list is the server's.
		given, none := "--screening-list demo", "--screening-list none"
		for path := range files {
			if path == "request" || strings.HasPrefix(path, "desk:") {
				given, none = serve.DemoList, serve.NoList
			}
		}
		scr, err := sr.Screened()
		if err != nil && !sr.Missing {
			problems = append(problems, err.Error())
		}
		lr.Whole = scr.Whole
		if err == nil && scr.Whole && !scr.Off && len(scr.Lists) == 0 && sr.Decided {
			problems = append(problems, "the ledger records no screening list for this run, and not that screening was off")
		}
		for _, sn := range scr.Lists {
			// The excerpt is named by its path whichever version embedded
			// it; the rows and newest entry of a list recorded by path and
			// SHA-256 alone are known for this one's.
			sn.Demo = sn.Demo || sn.Path == screening.ExcerptPath || sn.SHA256 == excerpt.SHA256
			if !scr.Whole && sn.SHA256 == excerpt.SHA256 {
				sn.Rows, sn.Newest = excerpt.Rows, excerpt.Newest
			}
			k := demoKey{sn.Rows, given}
			if sn.Demo && sr.Decided && !slices.Contains(demo[k], sr.ID) {
				demo[k] = append(demo[k], sr.ID)
			}
			lr.Screening = append(lr.Screening, sn)
		}
		if ferr != nil && !sr.Missing {
			problems = append(problems, ferr.Error())
		}
		for _, path := range slices.Sorted(maps.Keys(files)) {
			lr.Inputs = append(lr.Inputs, reports.Input{Path: path, SHA256: files[path]})
		}
		lr.Problem = strings.Join(problems, "; ")
		switch {
		case lr.Problem != "" && sr.Decided:
			unread = append(unread, sr.ID)
		case lr.Off():
			off[none] = append(off[none], sr.ID)
		}
		runs = append(runs, lr)
	}
	var warnings []string
	for _, k := range slices.SortedFunc(maps.Keys(demo), func(a, b demoKey) int {
		return cmp.Or(cmp.Compare(a.entries, b.entries), strings.Compare(a.given, b.given))
	}) {
		warnings = append(warnings, runsText(demo[k])+": "+reports.DemoWarning(k.entries, k.given))
	}
	for _, none := range slices.Sorted(maps.Keys(off)) {
		warnings = append(warnings, runsText(off[none])+": "+reports.ScreeningOffWarning(none))
	}
	if len(unread) > 0 {
		warnings = append(warnings, runsText(unread)+": what the run screened against cannot be read from the ledger (the Inputs sheet says why); its lines may not have been screened")
	}
	return runs, warnings
}

// runsText names runs for a warning: "run A", "runs A and B", "runs A, B,
// C and 7 more (each on the Inputs sheet)".
func runsText(ids []string) string {
	const named = 3
	if len(ids) == 1 {
		return "run " + ids[0]
	}
	if len(ids) <= named {
		return "runs " + strings.Join(ids[:len(ids)-1], ", ") + " and " + ids[len(ids)-1]
	}
	return fmt.Sprintf("runs %s and %d more (each on the Inputs sheet)", strings.Join(ids[:named], ", "), len(ids)-named)
}

// revisionsText names revisions: "revision A", "revisions A and B",
// "revisions A, B, C and 7 more".
func revisionsText(revs []string) string {
	const named = 3
	switch {
	case len(revs) == 1:
		return "revision " + revs[0]
	case len(revs) <= named:
		return "revisions " + strings.Join(revs[:len(revs)-1], ", ") + " and " + revs[len(revs)-1]
	}
	return fmt.Sprintf("revisions %s and %d more", strings.Join(revs[:named], ", "), len(revs)-named)
}

// drawnText writes what a ledger row drew (its JSON, [{"limit",
// "amount"}]) for the people who read the workbook: "60
// nvidia-h100-sxm5", "4 units" on a notification's quantity, "USD
// 1,250.50" on a value limit, several joined by "; ", nothing for none.
// What does not parse is shown as stored.
func drawnText(js string) string {
	var draws []struct {
		Limit  string  `json:"limit"`
		Amount float64 `json:"amount"`
	}
	if err := json.Unmarshal([]byte(js), &draws); err != nil {
		return js
	}
	var out []string
	for _, d := range draws {
		switch d.Limit {
		case "value":
			out = append(out, "USD "+records.Amount(d.Amount))
		case "quantity":
			out = append(out, records.Amount(d.Amount)+" units")
		default:
			out = append(out, records.Amount(d.Amount)+" "+d.Limit)
		}
	}
	return strings.Join(out, "; ")
}

// drawnOn is what a ledger row drew and on what, as a person reads it:
// "60 nvidia-h100-sxm5 on license D1234567"; "" for a row that drew
// nothing.
func drawnOn(r *ledger.Row) string {
	d := drawnText(r.Drawn)
	if d == "" || r.Auth == "" {
		return d
	}
	return d + " on " + strings.Replace(r.Auth, ":", " ", 1)
}

// rowReasons are a ledger row's reasons (stored as JSON); none when they
// do not parse.
func rowReasons(r *ledger.Row) []checker.Reason {
	var reasons []checker.Reason
	json.Unmarshal([]byte(r.Reasons), &reasons)
	return reasons
}

// reasonTexts are a row's reasons as people read them: "rule: message
// [citation]" each.
func reasonTexts(r *ledger.Row) []string {
	var out []string
	for _, re := range rowReasons(r) {
		out = append(out, reports.ReasonText(re))
	}
	if len(out) == 0 && r.IsAction() {
		if why := actionReason(r); why != "" {
			out = append(out, why)
		}
	}
	return out
}

// actionReason is a reviewer's record (a clearance, an assignment or its
// withdrawal) as its row's reason: who decided what, on what day, and the
// reason they wrote, from the record the row keeps. A row of an action
// has no reasons of the policy's, and its WHY read "-": an auditor asking
// why an end user was assigned to a licence found the answer only in the
// JSON's inputs. The record is read as written, for these words only (it
// names a licence that only the records hold, so records.Parse, which
// checks that, refuses it alone); "" for one that does not read.
func actionReason(r *ledger.Row) string {
	b, err := r.Record()
	if err != nil {
		return ""
	}
	var rec struct {
		Record       string `yaml:"record"`
		EndUser      string `yaml:"end_user"`
		Licence      string `yaml:"licence"`
		Notification string `yaml:"notification"`
		By           string `yaml:"by"`
		At           string `yaml:"at"`
		Reason       string `yaml:"reason"`
		Status       string `yaml:"status"`
		Outcome      string `yaml:"outcome"`
		List         string `yaml:"list"`
		Entry        string `yaml:"entry"`
		EntryName    string `yaml:"entry_name"`
		Expires      string `yaml:"expires"`
	}
	if yaml.Unmarshal(b, &rec) != nil {
		return ""
	}
	switch rec.Record {
	case "clearance":
		return fmt.Sprintf("clearance: %s for %s against %s entry %s (%s), by %s, adjudicated on %s, until %s: %s", rec.Outcome, rec.EndUser, rec.List, rec.Entry, rec.EntryName, rec.By, rec.At, rec.Expires, rec.Reason)
	case "assignment":
		what := "licence " + rec.Licence
		if rec.Licence == "" {
			what = "notification " + rec.Notification
		}
		verb := "assigned to"
		if rec.Status == string(records.AssignmentWithdrawn) {
			verb = "assignment withdrawn from"
		}
		return fmt.Sprintf("assignment: %s %s %s, by %s on %s: %s", rec.EndUser, verb, what, rec.By, rec.At, rec.Reason)
	}
	return ""
}

// rowWhy is the reason that decided a row, as check's WHY column picks it
// (checker.Result.HeadlineReason), in the words of reports.ReasonText.
func rowWhy(r *ledger.Row) string {
	res := checker.Result{Exception: r.Exception, Reasons: rowReasons(r), Headline: r.Headline}
	if d, err := checker.ParseDecision(r.Decision); err == nil {
		res.Decision = d
	}
	if r.Auth != "" {
		res.Authorization = &checker.Authorization{}
	}
	if len(res.Reasons) == 0 {
		if r.IsAction() {
			return cmp.Or(actionReason(r), "-")
		}
		return "-"
	}
	return reports.ReasonText(res.HeadlineReason())
}

// revisions names the policy (and records) revision that decided a row,
// short as check prints them: "policy 8451bc52116d, records d86ad82d0a03".
func revisions(r *ledger.Row) string {
	s := "policy " + reports.ShortHash(r.Run.PolicyRevision)
	if r.Run.RecordsRevision != "" {
		s += ", records " + reports.ShortHash(r.Run.RecordsRevision)
	}
	return s
}

// filterFlags are the flags that select rows of the decision log.
func filterFlags(fl *pflag.FlagSet, f *ledger.Filter) {
	fl.Var(once(&f.OrderID, "order", "one order's rows"), "order", "the rows of order `ID`")
	// Part of the name, as the review desk's filter: "did we ever ship to
	// Atlas Sanatgaran" must find "Atlas Sanatgaran GmbH" (before, only
	// the whole name did, and "(no rows)" misled); each row names its end
	// user in full.
	fl.Var(once(&f.EndUserPart, "end-user", "the rows of one name, or part of one"), "end-user", "the rows whose end user's name holds `TEXT`, in any case (\"atlas sanat\" finds \"Atlas Sanatgaran GmbH\")")
	licence := once(&f.Licence, "licence", "the rows of one licence, VEU or notification")
	fl.Var(licence, "licence", "the rows drawn on the licence, VEU or notification `NUMBER` (or license:NUMBER, as a row names it), and the reviewers' assignments to it; one (run the command once for each)")
	fl.Var(licence, "license", "the same as --licence `NUMBER`")
	fl.Var(once(&f.Since, "since", "the rows from one date on"), "since", "the rows that ship on or after `DATE`, YYYY-MM-DD")
}

// onceValue is a filter flag's value, which may be given once: pflag keeps
// the last of two silently, so "--licence D1 --licence D2" showed D2's
// rows alone, read as the rows of both. --licence and --license share
// one, as spellings of one flag.
type onceValue struct {
	p             *string
	name, selects string // the flag, and what it selects, for the error
	given         bool
}

func once(p *string, name, selects string) *onceValue {
	return &onceValue{p: p, name: name, selects: selects}
}

// Set refuses a second value other than the first (the same one again
// loses nothing).
func (o *onceValue) Set(s string) error {
	if o.given && s != *o.p {
		return fmt.Errorf("given already, as %q: give --%s once: it selects %s (run the command once for each)", *o.p, o.name, o.selects)
	}
	*o.p, o.given = s, true
	return nil
}

func (o *onceValue) String() string { return *o.p }
func (o *onceValue) Type() string   { return "string" }

// headError refuses a --head that is not a head at all (a prefix, as
// revisions are printed, or a mistyped one): no row could hash to it, and
// verify would report the rows after the last as removed.
func headError(head string) error {
	if head == "" || ledger.IsHash(head) {
		return nil
	}
	what := fmt.Sprintf("this has %d characters", len([]rune(head)))
	if strings.Trim(head, "0123456789abcdef") != "" {
		what = "this has characters that are not hex digits"
	}
	return fmt.Errorf("--head %q is not a head: a head is the hash of the log's last row when it was recorded, 64 hex digits, as check --commit prints it after \"chain head\" and ledger verify after \"head\"; give it whole (%s)", head, what)
}

// licenceNumber is --licence's number as the ledger is asked for it: the
// AUTHORIZATION column writes a row's as "license:D1234567" (the kind, then
// the number), and that copied into --licence found "(no rows)" for a
// licence that had them. The kind is dropped, as the number alone finds
// every kind's rows.
func licenceNumber(s string) string {
	kind, number, ok := strings.Cut(strings.TrimSpace(s), ":")
	switch strings.ToLower(strings.TrimSpace(kind)) {
	case "license", "licence", "veu", "notification":
		if ok {
			return strings.TrimSpace(number)
		}
	}
	return s
}

func checkFilter(f ledger.Filter) error {
	if f.EndUserPart != "" {
		if err := ledger.EndUserPartError(f.EndUserPart); err != nil {
			return fmt.Errorf("--end-user %q: %w", f.EndUserPart, err)
		}
	}
	if f.Since != "" {
		if err := checker.DateError(f.Since); err != nil {
			return fmt.Errorf("--since %q: %w", f.Since, err)
		}
	}
	return nil
}

func joinInts(v []int64) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ", ")
}

// rowWriter writes decision-log rows as text, JSON Lines or CSV.
type rowWriter struct {
	format string
	tw     *tabwriter.Writer
	cw     *csvWriter
	enc    *json.Encoder
	n      int
	out    io.Writer
}

// standing says whether a row is its order's standing version, the one
// whose draws count: a version a later one replaced is "superseded" (an
// action, no version of the order, is neither).
//
// by is who made the row's run, as the review desk names it: a token's
// name, "command line", or the service or desk without a token (the JSON's
// actor is as stored: "" for the command line). commit_reason is why the
// run was committed, as its committer gave it (check --reason); "" for
// none.
var rowHeader = []string{"seq", "kind", "run_id", "order_id", "file", "line", "ship_date", "product", "destination", "end_user", "decision", "eccn", "authorization", "drawn", "reasons", "policy_revision", "records_revision", "decided_at", "row_hash", "standing", "by", "commit_reason"}

// standingText is a row's standing column: yes, superseded, or - for an
// action.
func standingText(r *ledger.Row) string {
	switch {
	case r.IsAction():
		return "-"
	case r.Standing:
		return "yes"
	}
	return "superseded"
}

func newRowWriter(format string, w io.Writer) (*rowWriter, error) {
	rw := &rowWriter{format: format, out: w}
	switch format {
	case "text":
		rw.tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(rw.tw, "ROW\tSHIPS\tORDER\tLINE\tEND USER\tPRODUCT\tTO\tDECISION\tAUTHORIZATION\tDRAWN\tDECIDED\tREVISION\tWHY\tREASON GIVEN")
	case "csv":
		rw.cw = &csvWriter{w: bufio.NewWriter(w)}
		rw.cw.Write(rowHeader)
	case "json":
		rw.enc = json.NewEncoder(reports.JSONLog(w)) // "##[" from a book starts no workflow command in a CI log
	default:
		return nil, fmt.Errorf("--format %q: want text, json or csv", format)
	}
	return rw, nil
}

func (w *rowWriter) write(r *ledger.Row) error {
	w.n++
	switch w.format {
	case "text":
		auth := cmp.Or(r.Auth, "-")
		switch r.Kind {
		case ledger.KindAmendment, ledger.KindRejudgement:
			auth += " (" + r.Kind
			if !r.Standing {
				auth += ", superseded"
			}
			auth += ")"
		case ledger.KindDecision:
			if !r.Standing {
				// A later version replaced it: what it drew counts no more.
				auth += " (superseded)"
			}
		case ledger.KindClearance, ledger.KindAssignment:
			auth = cmp.Or(r.Auth+" ", "") + "(" + r.Kind + " by " + reports.Visible(r.Run.Actor) + ")"
		}
		// What the line drew, as an auditor following a licence reads it:
		// "60 nvidia-h100-sxm5" (a superseded version's counts no more).
		drawn := cmp.Or(drawnText(r.Drawn), "-")
		// Why the run was committed, as its committer gave it (--reason):
		// last, as it is most often none.
		_, err := fmt.Fprintf(w.tw, "%d\t%s\t%s\t%s:%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Seq, r.ShipDate, reports.Visible(r.OrderID), reports.Visible(r.File), r.Line,
			reports.Visible(r.EndUser), r.Product, r.Destination, r.Decision, auth, drawn, r.Run.Started, revisions(r), reports.Visible(rowWhy(r)), cmp.Or(reports.Visible(r.Run.Reason), "-"))
		return err
	case "csv":
		// For a person with a spreadsheet: what was drawn and on what
		// ("60 nvidia-h100-sxm5 on license D1234567"), the reasons one a
		// line ("rule: message [citation]"); -f json keeps them as stored.
		t := csvText
		return w.cw.Write([]string{fmt.Sprint(r.Seq), r.Kind, r.RunID, t(r.OrderID), t(r.File), fmt.Sprint(r.Line), t(r.ShipDate), t(r.Product), t(r.Destination), t(r.EndUser),
			r.Decision, r.ECCN, t(r.Auth), t(drawnOn(r)), t(strings.Join(reasonTexts(r), "\n")), r.Run.PolicyRevision, r.Run.RecordsRevision, r.Run.Started, r.RowHash, standingText(r),
			t(serve.ActorText(r.Run.Actor, r.Run.Inputs, r.File)), t(r.Run.Reason)})
	}
	m := r.Map()
	m["standing"] = standingText(r)
	// What else the row's hash covers (docs/ledger.md, the hash chain;
	// headline, when set, is in Map already), so that an auditor can hash
	// every row again from this output alone.
	raw := func(s string) any {
		if json.Valid([]byte(s)) {
			return json.RawMessage(s)
		}
		return s // as stored
	}
	m["input_hash"], m["reasons_hash"] = r.InputHash, r.ReasonsHash
	m["tool_version"], m["run_screening"], m["run_inputs"] = r.Run.ToolVersion, raw(r.Run.Screening), raw(r.Run.Inputs)
	if r.Run.Content != "" { // hashed as the run's last field when set
		m["run_content"] = r.Run.Content
	}
	return w.enc.Encode(m)
}

// csvText is text from an order book as a CSV cell a spreadsheet will not
// run (OWASP's "CSV Injection"; OWASP ASVS 5.0 requirement 1.2.10, which
// adds NUL): one that starts like a formula (=, +, -, @, a tab, a carriage
// return or NUL) gets a leading apostrophe, and so does one that starts
// with an apostrophe, so that the value is always the cell less one
// leading apostrophe when it has one. Spaces before a formula character
// count as nothing: LibreOffice Calc's CSV import with "Trim spaces"
// (remove spaces) runs " =1+2" as the formula =1+2 (7.4, tried on an
// unquoted field; this writer quotes every field, which 7.4 does not
// trim, but another reader may), so " =1+2" gets the apostrophe too.
func csvText(s string) string {
	if s == "" {
		return s
	}
	t := strings.TrimLeftFunc(s, unicode.IsSpace)
	if strings.ContainsRune("=+-@\t\r\x00'", rune(s[0])) || t != "" && strings.ContainsRune("=+-@", rune(t[0])) {
		return "'" + s
	}
	return s
}

// csvWriter writes CSV (RFC 4180, lines ending in LF) with every field
// quoted: a spreadsheet that splits lines at ";" (Excel and LibreOffice
// where the decimal separator is a comma) keeps "Acme;=HYPERLINK(…)" one
// cell, rather than starting a cell with the formula (OWASP: a field
// separator inside a value starts a cell too).
type csvWriter struct {
	w   *bufio.Writer
	err error
}

func (c *csvWriter) Write(record []string) error {
	for i, f := range record {
		if i > 0 {
			c.w.WriteByte(',')
		}
		c.w.WriteByte('"')
		c.w.WriteString(strings.ReplaceAll(f, `"`, `""`))
		c.w.WriteByte('"')
	}
	_, err := c.w.WriteString("\n")
	c.err = cmp.Or(c.err, err)
	return err
}

func (c *csvWriter) Flush()       { c.err = cmp.Or(c.err, c.w.Flush()) }
func (c *csvWriter) Error() error { return c.err }

func (w *rowWriter) close() error {
	switch w.format {
	case "text":
		if w.n == 0 {
			fmt.Fprintln(w.tw, "(no rows)")
		}
		return w.tw.Flush()
	case "csv":
		w.cw.Flush()
		return w.cw.Error()
	}
	return nil
}

var numberDistance = metrics.NewLevenshtein()

// drawnLike is the numbers of the records the ledger holds draws on that
// are like number (as licence numbers are compared, at most two letters
// or digits apart), other than number itself.
func drawnLike(ctx context.Context, l *ledger.Ledger, number string) ([]string, error) {
	drawn, err := l.DrawnByRecordKey(ctx)
	if err != nil {
		return nil, err
	}
	want := checker.NumberKey(number)
	var like []string
	for rk := range drawn {
		_, n, _ := strings.Cut(rk, ":")
		if n != want && numberDistance.Distance(n, want) <= 2 {
			like = append(like, n)
		}
	}
	slices.Sort(like)
	return slices.Compact(like), nil
}
