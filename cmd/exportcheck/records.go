package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/internal/prose"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/ownership"
	"github.com/exportcheck/exportcheck/records"
	"github.com/exportcheck/exportcheck/reports"
)

func init() { commands = append(commands, newRecordsCmd) }

func newRecordsCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "records",
		Short: "Validate and list the licences, clearances and notifications a team keeps in git",
		Long: `Compliance records are YAML files under one or more directories: the licences and VEU
authorizations the company holds, the screening clearances its reviewers made (see
` + "`exportcheck clear`" + `) and the NAC/ACA notifications it filed. One record per YAML document,
each with a record field (licence, clearance, notification or assignment); docs/records.md
describes them.`,
	}
	var data checkerFlags
	var cfgPath string
	cmd.PersistentFlags().StringVar(&cfgPath, "config", "", "the configuration `FILE`, whose records: are read when no DIR is given (default: "+ConfigName+" from the working directory up)")
	check := &cobra.Command{
		Use:   "check [DIR...]",
		Short: "Validate record files: every problem with its file and line",
		Long: `Read and validate every .yaml/.yml file under each DIR (or each FILE), and check that
the products and countries the licences and notifications name are ones the data knows
(the embedded data, and --data as check reads it), and that no end user is written as a
placeholder (TBD, N/A, Customer: the policy's words, and --policy's). A DIR that holds no
record file is a problem too. Without DIR, the directories records: names in the
configuration (as check reads them).

Exit codes: 0 the records are valid; 2 at least one problem (each listed on standard
error with its file and line; nothing is loaded).`,
		Example: `  exportcheck records check records/
  exportcheck records check --data examples/company-data records/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			args, err := recordsToRead(cfgPath, "check", args)
			if err != nil {
				return err
			}
			c, err := data.checker(cmd)
			if err != nil {
				return err
			}
			// Names the data does not know are listed with the other
			// problems, in one run.
			known := knownData(c)
			set, err := records.Options{Known: &known}.Load(args...)
			if err := recordProblems(e, err); err != nil {
				return err
			}
			kinds := []string{countOf(len(set.Licences), "licence"), countOf(len(set.Clearances), "clearance"), countOf(len(set.Notifications), "notification")}
			if n := len(set.Assignments); n > 0 {
				kinds = append(kinds, countOf(n, "assignment"))
			}
			fmt.Fprintf(e.stdout, "%s: %s and %s in %s; revision %s\n", strings.Join(args, ", "),
				strings.Join(kinds[:len(kinds)-1], ", "), kinds[len(kinds)-1], countOf(len(set.Files()), "file"), set.Revision()[:12])
			// Which records cover no line until amended is the policy's:
			// a checker that holds them says.
			rc, err := withRecords(cmd.Context(), checker.Options{PolicyDirs: data.policies, DataDirs: data.data, Regime: data.regime}, set)
			if err != nil {
				return err
			}
			ws, err := licenceWarnings(set, rc)
			if err != nil {
				return err
			}
			for _, w := range append(append(emptyRecordsWarnings(set), ws...), unrecordedClearanceWarnings(set)...) {
				warn(e.stderr, w)
			}
			return nil
		},
	}
	var expiring, asOf, ledgerDSN string
	var wide bool
	list := &cobra.Command{
		Use:   "list [--expiring 30d] [DIR...]",
		Short: "Show licences, clearances and notifications, and what expires soon",
		Long: `Show the licences (number, kind, status, expiry and whether BIS extended it, the Federal
Register citations a VEU was listed under, what they cover, limits), the clearances
and the notifications under each DIR, as tables. With --expiring, show only the licences and
clearances that expire within that time from today (--as-of), and those that expired within
the same time before it (a clearance renewed by a newer one for the same end user and entry
left out): those to renew or adjudicate again (older ones are kept for the record, not due);
it exits 1 when it lists any, so a scheduled job can fail on them. With --ledger (or ledger: in
the configuration), a REMAINING column shows what each licence and notification has left
after the shipments committed to the ledger (check --commit).`,
		Example: `  exportcheck records list records/
  exportcheck records list --expiring 30d records/
  exportcheck records list --ledger sqlite:ledger.db records/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			// The flags first: "--expiring records/" takes the directory
			// as the time, and should say so rather than that no
			// directory was named.
			today := time.Now().UTC().Format(time.DateOnly)
			if asOf != "" {
				if err := checker.DateError(asOf); err != nil {
					return fmt.Errorf("--as-of %q: %w", asOf, err)
				}
				today = asOf
			}
			since, until := "", ""
			if expiring != "" {
				d, err := parseDuration(expiring)
				if !strings.HasSuffix(strings.TrimSpace(expiring), "d") {
					// Records expire on days: 1m read as a minute would list
					// what its reader did not mean.
					err = fmt.Errorf("bad duration %q: records expire on days: give whole days, e.g. 30d (a month) or 7d (a week)", expiring)
				}
				if err != nil {
					if _, serr := os.Stat(expiring); serr == nil {
						return fmt.Errorf("--expiring: %w (it takes a time before the directory: records list --expiring 30d %s)", err, expiring)
					}
					return fmt.Errorf("--expiring: %w", err)
				}
				t, _ := time.Parse(time.DateOnly, today)
				since, until = t.Add(-d).Format(time.DateOnly), t.Add(d).Format(time.DateOnly)
			}
			args, err := recordsToRead(cfgPath, "list", args)
			if err != nil {
				return err
			}
			set, err := loadRecords(e, args)
			if err != nil {
				return err
			}
			// How each licence stands today, why a record covers no line,
			// and what records check warns of are the policy's: the
			// embedded one, with the embedded data (list takes no --data).
			c, err := withRecords(cmd.Context(), checker.Options{}, set)
			if err != nil {
				return err
			}
			ws, err := licenceWarnings(set, c)
			if err != nil {
				return err
			}
			for _, w := range ws {
				warn(e.stderr, w)
			}
			if ledgerDSN == "" {
				// The configuration's ledger:, as check reads it.
				cfg, err := loadConfig(cfgPath)
				if err != nil {
					return err
				}
				ledgerDSN = cfg.Ledger
			}
			var drawn map[string]map[string]float64
			if ledgerDSN != "" {
				l, err := ledger.Open(cmd.Context(), ledgerDSN, false)
				if err != nil {
					return err
				}
				defer l.Close()
				if drawn, err = l.DrawnByRecordKey(cmd.Context()); err != nil {
					return err
				}
				for _, w := range unrecordedDrawWarnings(drawn, set) {
					warn(e.stderr, w)
				}
			}
			standing, err := c.Standings(cmd.Context(), today)
			if err != nil {
				return err
			}
			// The day each clearance stands from is the policy's too
			// (screening.clearance_from).
			from := func(cl *records.Clearance) (string, error) {
				if c == nil { // clearances only: the policy without records
					if c, err = checker.New(cmd.Context(), checker.Options{}); err != nil {
						return "", err
					}
				}
				return c.ClearanceFrom(cmd.Context(), cl.At, cl.Recorded)
			}
			due, err := listRecords(e.stdout, terminalWidth(e.stdout, wide), set, today, since, until, drawn, standing, from)
			if err == nil && due > 0 {
				// Something to renew or adjudicate again: a scheduled
				// job fails on it, as lists status does on a stale list.
				return exitError{exitFailed}
			}
			return err
		},
	}
	list.Flags().StringVar(&expiring, "expiring", "", "only what expires within `DURATION`, e.g. 30d")
	list.Flags().Var(once(&ledgerDSN, "ledger", "the ledger whose drawdown counts"), "ledger", "show what remains after the shipments committed to the ledger `DSN` (sqlite:PATH or postgres://…; default: the configuration's ledger)")
	list.Flags().StringVar(&asOf, "as-of", "", "count expiry from `DATE`, YYYY-MM-DD (default: today)")
	list.Flags().BoolVar(&wide, "wide", false, "on a terminal: do not cut columns to its width")
	data.registerData(check)
	check.Flags().StringArrayVar(&data.policies, "policy", nil, "the Rego files under `DIR` add to or replace the embedded policies, as check reads them (its placeholder words; repeatable)")
	cmd.AddCommand(check, list)
	return cmd
}

// recordsToRead is the records directories a records command reads: those
// named, else those the configuration (cfgPath, or the one found from the
// working directory up) names in records:, as check reads them; with
// neither, an error asks for them by name, with an example.
func recordsToRead(cfgPath, sub string, args []string) ([]string, error) {
	if len(args) > 0 {
		return args, nil
	}
	cfg, err := loadConfig(cfgPath)
	if err != nil {
		return nil, err
	}
	if len(cfg.Records) > 0 {
		return cfg.Records, nil
	}
	return nil, fmt.Errorf("name the records directory (or files), or records: in %s: exportcheck records %s records/", ConfigName, sub)
}

// loadRecords loads record directories; on problems it lists each on
// standard error and returns exit code 2.
func loadRecords(e *env, dirs []string) (*records.Set, error) {
	set, err := records.Load(dirs...)
	if err := recordProblems(e, err); err != nil {
		return nil, err
	}
	return set, nil
}

// recordProblems lists records.Errors on standard error and returns exit
// code 2; other errors it returns as they are.
func recordProblems(e *env, err error) error {
	var errs records.Errors
	if errors.As(err, &errs) {
		for _, re := range errs {
			printError(e.stderr, "", re)
		}
		fmt.Fprintf(e.stderr, "exportcheck: %s in the records; nothing was loaded\n", countOf(len(errs), "problem"))
		return exitError{exitUsage}
	}
	return err
}

// loadRecordsFor loads the records dirs for a checker built with opts.
// When they have problems, those records check lists are listed with them
// in one run (not once the others are fixed): the products, countries and
// end users the data and policy of opts do not know, by the same
// records.Options.Known. The checker that knows them is built only then;
// valid records are checked against the run's own (checkRecords).
func loadRecordsFor(opts checker.Options, dirs []string) (*records.Set, error) {
	set, err := records.Load(dirs...)
	var errs records.Errors
	if !errors.As(err, &errs) {
		return set, err
	}
	opts.Screener, opts.Records, opts.Ownership, opts.Drawdown = nil, nil, nil, nil
	c, cerr := checker.New(context.Background(), opts)
	if cerr != nil {
		return nil, err // the policy's or data's own problem is told once the records are right
	}
	known := knownData(c)
	if _, kerr := (records.Options{Known: &known}).Load(dirs...); kerr != nil {
		return nil, kerr
	}
	return nil, err
}

// knownData is what a checker's data knows, for records.Set.CheckKnown:
// its product IDs and country codes, and how it reads other names of
// them (for hints).
func knownData(c *checker.Checker) records.Known {
	cat := c.Catalog()
	k := records.Known{Products: map[string]bool{}, Countries: map[string]bool{}, IsName: c.IsName, ResolveProduct: cat.ResolveProduct, ResolveCountry: cat.ResolveCountry}
	for _, p := range cat.Products() {
		k.Products[p.ID] = true
	}
	for _, x := range cat.Countries() {
		k.Countries[x.Code] = true
	}
	return k
}

// checkRecords checks the records and the ownership register read by the
// options against the data and policy of the checker built with them: a
// product or country the data does not know, or an end user or owner
// written as a placeholder ("TBD"), is a problem of the file naming it.
func (f *checkerFlags) checkRecords(c *checker.Checker) error {
	if err := f.loaded.CheckKnown(knownData(c)); err != nil {
		return flagRecordsError(cmp.Or(f.recordsFrom, "--records"), err)
	}
	if err := f.owners.CheckNames(c.IsName); err != nil {
		return ownershipError(cmp.Or(f.ownershipFrom, "--ownership"), err)
	}
	return nil
}

// flagRecordsError is a records.Load error as check reports it: every
// problem with its file and line, and that nothing was checked in the
// records given by flag (--records, diff's --base-records, or the
// configuration's line).
func flagRecordsError(flag string, err error) error {
	var errs records.Errors
	if errors.As(err, &errs) {
		return fmt.Errorf("%w\n%s in the records (%s); nothing was checked", err, countOf(len(errs), "problem"), flag)
	}
	return fmt.Errorf("%s: %w", flag, err)
}

// ownershipError says which register is wrong (given by from: a flag, or
// the configuration's line) and that nothing was checked.
func ownershipError(from string, err error) error {
	var errs ownership.Errors
	if errors.As(err, &errs) {
		return fmt.Errorf("%w\n%s in the ownership register (%s); nothing was checked", err, countOf(len(errs), "problem"), from)
	}
	return fmt.Errorf("%s: %w", from, err)
}

// ownershipSummary is what the outputs show of the ownership register a
// run applied.
func ownershipSummary(r *ownership.Register) *reports.Ownership {
	if r == nil {
		return nil
	}
	return &reports.Ownership{Revision: r.Revision(), Files: r.Files(), Rows: r.Len()}
}

// emptyRecordsWarnings says which records paths hold no record (their
// files only comments): a path named wrong looks just so.
func emptyRecordsWarnings(set *records.Set) []string {
	var ws []string
	for _, p := range set.Empty() {
		ws = append(ws, fmt.Sprintf("no records found in %s: its files hold only comments or empty documents, so no licence, clearance or notification applies", p))
	}
	return ws
}

// unrecordedDrawWarnings says which records a ledger's committed
// shipments drew on that set does not hold (by checker.RecordKey): a
// licence renumbered, or its file removed, would have its room back
// otherwise without a word.
func unrecordedDrawWarnings(drawn map[string]map[string]float64, set *records.Set) []string {
	held := map[string]bool{}
	for _, l := range set.Licences {
		held[checker.RecordKey(string(l.Kind), l.Number)] = true
	}
	for _, n := range set.Notifications {
		held[checker.RecordKey("notification", n.BISReference)] = true
	}
	var ws []string
	for _, rk := range slices.Sorted(maps.Keys(drawn)) {
		if held[rk] {
			continue
		}
		kind, number, _ := strings.Cut(rk, ":")
		ws = append(ws, fmt.Sprintf("the ledger's committed shipments drew on %s %s, which no record holds: if it was renumbered, or its file removed, what they drew does not count against it now; "+
			"restore its number or its file (exportcheck ledger query --licence %s lists the shipments)", kind, number, number))
	}
	return ws
}

// unrecordedClearanceWarnings says which clearances do not say the day
// they were written (recorded): each is taken as written on its at day,
// and clears the lines shipped from then, which a clearance written later
// by hand must not (docs/records.md, "Clearances recorded after a
// shipment").
func unrecordedClearanceWarnings(set *records.Set) []string {
	var ws []string
	for _, c := range set.Clearances {
		if c.Recorded != "" || c.Pos.Row != 0 {
			continue
		}
		ws = append(ws, fmt.Sprintf("%s:%d: the clearance of %q (entry %s) does not say when it was written (recorded): it is taken as written on %s, the day it was made, and clears the lines shipped from then; "+
			"if it was written later, add recorded: with that day, so that it does not clear lines that shipped before it existed (exportcheck clear writes it)", c.Pos.File, c.Pos.Line, c.EndUser, c.Entry, c.At))
	}
	return ws
}

// uncountedWarning is the warning of a run without a ledger in which n
// lines drew on the records numbered (licences, notifications) with
// limits: what shipments before the run drew on them is not counted, so
// the room a line found may be gone.
func uncountedWarning(n int, numbers []string) string {
	on := strings.Join(numbers, ", ")
	if len(numbers) > 3 {
		on = strings.Join(numbers[:3], ", ") + fmt.Sprintf(" and %d more", len(numbers)-3)
	}
	return fmt.Sprintf("%s drew on records with limits (%s) counting only this run's lines: without a ledger, what shipments before this run drew on them is not counted, "+
		"so a record may have less left than this run shows; --ledger DSN (or ledger: in %s) counts what committed shipments drew",
		countOf(n, "line"), on, ConfigName)
}

// withRecords is a checker built with opts and the records of set (nil
// for none), for what the policy says of the records themselves.
func withRecords(ctx context.Context, opts checker.Options, set *records.Set) (*checker.Checker, error) {
	if len(set.Licences)+len(set.Notifications) == 0 {
		return nil, nil
	}
	opts.Records = set.Checker()
	return checker.New(ctx, opts)
}

// licenceWarnings says, with its file and line, which licences and
// notifications the policy of c (a checker built with set) says cover no
// line until their record is amended (a VEU without the Federal Register
// citation of its listing, 15 CFR 748.15(a); a NAC notification without
// value_usd, 15 CFR 740.8(a)(2)(ii)), and which BIS licences are recorded
// as valid for longer than the data's licence_validity (15 CFR 750.7(g)):
// a date to check against the licence. In the order of their files and
// lines.
func licenceWarnings(set *records.Set, c *checker.Checker) ([]string, error) {
	if set == nil || c == nil { // no records (withRecords): none to warn of
		return nil, nil
	}
	v, err := c.Bundle().LicenceValidity()
	if err != nil {
		return nil, err
	}
	found := set.Warnings(v)
	amended := func(kind, number string, pos records.Pos) {
		for _, a := range c.Amendments(kind, number) {
			found = append(found, records.Warning{File: pos.File, Line: pos.Line, Msg: fmt.Sprintf(
				"%s %s: it will not cover any line until its record is amended (%s): %s", kind, number, a.Citation, a.Text)})
		}
	}
	for _, l := range set.Licences {
		amended("licence", l.Number, l.Pos)
	}
	for _, n := range set.Notifications {
		amended("notification", n.BISReference, n.Pos)
	}
	slices.SortStableFunc(found, func(a, b records.Warning) int { return cmp.Or(strings.Compare(a.File, b.File), a.Line-b.Line) })
	var ws []string
	for _, w := range found {
		ws = append(ws, w.String())
	}
	return ws, nil
}

// recordsSummary is what the outputs show of the records a run applied,
// a licence's or notification's status as the policy says it stands on
// the run's day (standing: expired, revoked from a date, usable from a
// day to come), not only as its record was written.
func recordsSummary(set *records.Set, standing checker.Standings) *reports.Records {
	if set == nil {
		return nil
	}
	r := &reports.Records{Revision: set.Revision(), Files: set.Files(), Assignments: len(set.Assignments)}
	for _, l := range set.Licences {
		lim := map[string]float64{}
		for k, v := range l.QuantityLimits {
			lim[k] = float64(v)
		}
		if l.ValueLimitUSD > 0 {
			lim["value"] = l.ValueLimitUSD
		}
		r.Licences = append(r.Licences, reports.LicenceRecord{Number: l.Number, Kind: string(l.Kind), Status: records.StatusText(standing.Licence(l.Number), nil),
			Issued: l.Issued, Expires: l.Expires, Extended: l.Extended, FederalRegister: l.FederalRegister, Limits: lim, Destinations: l.Destinations, EndUsers: l.EndUsers,
			Conditions: l.Conditions, Flags: l.Flags, File: l.Pos.File, Line: l.Pos.Line})
	}
	for _, c := range set.Clearances {
		r.Clearances = append(r.Clearances, reports.ClearanceRecord{EndUser: c.EndUser, Entry: c.Entry, EntryName: c.EntryName, List: c.List,
			Outcome: string(c.Outcome), By: c.By, At: c.At, Expires: c.Expires, Recorded: c.Recorded, Reason: c.Reason, File: c.Pos.File, Line: c.Pos.Line})
	}
	for _, n := range set.Notifications {
		r.Notifications = append(r.Notifications, reports.NotificationRecord{BISReference: n.BISReference, Exception: string(n.Exception),
			FiledOn: n.FiledOn, Destination: n.Destination, EndUser: n.EndUser, Status: records.StatusText(standing.Notification(n.BISReference), nil), Quantity: n.Quantity, File: n.Pos.File, Line: n.Pos.Line})
	}
	return r
}

// spoolStdin copies standard input to a temporary file, for diff when a
// side buffers the whole book (records on file) and each side reads it.
func spoolStdin(r io.Reader) (string, error) {
	f, err := os.CreateTemp("", "exportcheck-stdin-*")
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := io.Copy(f, r); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), f.Close()
}

// recordedText is the day a clearance was written, as records list shows
// it: "after at" when the policy has the clearance stand from it rather
// than from at (from: screening.clearance_from; it clears no line shipped
// before it), "-" when the record does not say.
func recordedText(c *records.Clearance, from string) string {
	switch {
	case c.Recorded == "":
		return "-"
	case from != c.At && from == c.Recorded:
		return c.Recorded + " (after at)"
	}
	return c.Recorded
}

// listRecords writes the records as tables: every record, or with until
// set, the licences and clearances whose expiry date (their last day)
// falls from since to until: those expiring soon and those that expired
// lately and were not renewed.
//
// A licence's status, and whether it is one to renew (not revoked or
// suspended by today), and a notification's status (usable from a day to
// come) are as the policy says each stands on today (standing, of a
// checker built with set). With drawn (what a ledger's committed
// shipments drew, by record and limit), licences and notifications show
// what remains, or why the policy says each covers no line shipping
// today. due is how many records it listed as due (with until set; 0
// otherwise). from is the day the policy says a clearance stands from.
func listRecords(w io.Writer, width int, set *records.Set, today, since, until string, drawn map[string]map[string]float64, standing checker.Standings, from func(*records.Clearance) (string, error)) (due int, err error) {
	remain := ""
	if drawn != nil {
		remain = "\tREMAINING"
	}
	soon := func(expires string) bool { return until == "" || (expires >= since && expires <= until) }
	var lics []records.Licence
	for _, l := range set.Licences {
		// What to renew: not a licence revoked or suspended by today.
		if until == "" || (l.Expires != "" && soon(l.Expires) && !standing.Licence(l.Number).Withdrawn) {
			lics = append(lics, l)
		}
	}
	// What to renew: a clearance renewed since (a newer one of the same
	// end user and entry) is not.
	newest := map[[2]string]string{}
	for _, c := range set.Clearances {
		if k := [2]string{c.EndUserKey, c.Entry}; c.At > newest[k] {
			newest[k] = c.At
		}
	}
	var clrs []records.Clearance
	for _, c := range set.Clearances {
		if soon(c.Expires) && (until == "" || newest[[2]string{c.EndUserKey, c.Entry}] == c.At) {
			clrs = append(clrs, c)
		}
	}
	within := ""
	if until != "" {
		within = fmt.Sprintf(" expired since %s or expiring by %s", since, until)
	}
	fmt.Fprintf(w, "%s%s.\n", upperFirst(countOf(len(lics), "licence")), within)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if len(lics) > 0 {
		rows := [][]string{strings.Split("NUMBER\tKIND\tSTATUS\tISSUED\tEXPIRES\tLISTED\tITEMS\tDESTINATIONS\tCONSIGNEE\tEND USERS\tLIMITS"+remain, "\t")}
		for _, l := range lics {
			items := slices.Concat(l.Items.Products, l.Items.ECCNs)
			expires := records.ExpiryIn(l.Expires, today)
			if l.Extended != "" {
				expires += ", extended"
			}
			st := standing.Licence(l.Number)
			r := []string{l.Number, string(l.Kind), records.StatusText(st, nil), l.Issued, expires, listedText(&l),
				strings.Join(items, ", "), strings.Join(l.Destinations, ", "), orDash(l.Consignee), strings.Join(l.EndUsers, "; "), l.LimitsText(nil)}
			if drawn != nil {
				r = append(r, l.Remaining(drawn[checker.RecordKey(string(l.Kind), l.Number)], st.Faults))
			}
			rows = append(rows, cells(r))
		}
		fitRows(rows, width, 2, 9, 8, 6, 7, 10) // on a terminal: end users, consignee, items, destinations, limits cut to fit
		for _, r := range rows {
			fmt.Fprintln(tw, strings.Join(r, "\t"))
		}
	}
	if err := tw.Flush(); err != nil {
		return 0, err
	}
	fmt.Fprintf(w, "\n%s%s.\n", upperFirst(countOf(len(clrs), "clearance")), within)
	if len(clrs) > 0 {
		rows := [][]string{{"END USER", "OUTCOME", "LIST", "ENTRY", "ENTRY NAME", "BY", "AT", "RECORDED", "EXPIRES"}}
		for _, c := range clrs {
			f, err := from(&c)
			if err != nil {
				return 0, err
			}
			rows = append(rows, cells([]string{c.EndUser, strings.ReplaceAll(string(c.Outcome), "_", " "), orDash(c.List), shortID(c.Entry), orDash(c.EntryName),
				c.By, c.At, recordedText(&c, f), records.ExpiryIn(c.Expires, today)}))
		}
		fitRows(rows, width, 2, 5, 4, 0) // on a terminal: who, the entry's name, the end user cut to fit
		for _, r := range rows {
			fmt.Fprintln(tw, strings.Join(r, "\t"))
		}
	}
	if err := tw.Flush(); err != nil {
		return 0, err
	}
	if until != "" {
		return len(lics) + len(clrs), nil
	}
	fmt.Fprintf(w, "\n%s.\n", upperFirst(countOf(len(set.Notifications), "notification")))
	if len(set.Notifications) > 0 {
		fmt.Fprintln(tw, "REFERENCE\tEXCEPTION\tFILED ON\tSTATUS\tITEMS\tDESTINATION\tEND USER\tCONSIGNEE\tQUANTITY"+remain)
	}
	for _, n := range set.Notifications {
		items := slices.Concat(n.Items.Products, n.Items.ECCNs)
		fmt.Fprintf(tw, "%s\t%d", strings.Join(cells([]string{n.BISReference, string(n.Exception), n.FiledOn, records.StatusText(standing.Notification(n.BISReference), nil),
			strings.Join(items, ", "), n.Destination, n.EndUser, orDash(n.Consignee)}), "\t"), n.Quantity)
		if drawn != nil {
			fmt.Fprintf(tw, "\t%s", n.Remaining(drawn[checker.RecordKey("notification", n.BISReference)], standing.Notification(n.BISReference).Faults))
		}
		fmt.Fprintln(tw)
	}
	return 0, tw.Flush()
}

// listedText is where a VEU was listed in Supplement No. 7 to part 748:
// its Federal Register citations, or "none" when it gives none; "-" for
// a BIS licence, which is not listed.
func listedText(l *records.Licence) string {
	switch {
	case l.Kind != records.KindVEU:
		return "-"
	case len(l.FederalRegister) == 0:
		return "none"
	}
	return strings.Join(l.FederalRegister, ", ")
}

// cells writes each cell of a table row on one line, its runs of white
// space (a tab or a line break a name in a record may hold) as one space:
// a tab would start another column, a line break another row.
func cells(row []string) []string {
	for i, c := range row {
		row[i] = strings.Join(strings.Fields(c), " ")
	}
	return row
}

// countOf is n and the noun in prose: "no lines", "1 line", "1,234 lines".
func countOf(n int, noun string) string {
	if n == 0 {
		return "no " + noun + "s"
	}
	return prose.Count(n, noun)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// shortID shortens a long list entry id for a table.
func shortID(id string) string {
	if len(id) > 14 {
		return id[:12] + "…"
	}
	return id
}
