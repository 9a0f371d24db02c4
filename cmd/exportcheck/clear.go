package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/internal/prose"
	"github.com/exportcheck/exportcheck/records"
	"github.com/exportcheck/exportcheck/reports"
	"github.com/exportcheck/exportcheck/screening"
)

func init() { commands = append(commands, newClearCmd) }

type clearOpts struct {
	endUser, entry, outcome, by, reason, expires, at string
	lists                                            []string
	out, config                                      string
}

func newClearCmd(e *env) *cobra.Command {
	o := &clearOpts{}
	cmd := &cobra.Command{
		Use:   "clear --end-user NAME --entry ID --outcome false_positive|true_match --by NAME --reason TEXT --expires DATE",
		Short: "Write a screening clearance: a reviewer's decision on a hit, to commit",
		Long: `Write a clearance record: a person's adjudication of a screening hit, for an end user and
one screening list entry. false_positive says the end user is not the listed party (the hit no
longer applies); true_match says it is, whatever the score. The clearance records a hash of the
list entry as it stands now (computed from --screening-list, default the configuration's lists):
if the entry changes, or the clearance expires (at most a year after it was made), it no longer
holds. --at is the day the names were compared (default today); the record also says the day
it is written (recorded: today, in UTC), and clears no line that shipped before that day,
whatever --at says: a record made after a shipment is evidence of a later review, not of
screening before it (the line stays review, its reasons naming this clearance).
The file is written to -o DIR (default records/clearances) to be reviewed and committed;
an existing file is never replaced: another day's clearance, or another spelling's of a name
that normalises alike, gets a file of its own beside it. -o - writes to standard output.`,
		Example: `  exportcheck clear --screening-list cached --end-user "Atlas Sanatgar Trading" \
    --entry 1b5979e8fd3920a1a0985bf5088dad930a6a5562d1513f9e4b015e42 --outcome false_positive \
    --by "J. Rivera" --reason "Different company: Yerevan trading firm, registry no. 12.345.678" \
    --expires 2027-03-01 -o records/clearances`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runClear(e, o) },
	}
	fl := cmd.Flags()
	fl.StringVar(&o.endUser, "end-user", "", "the end user's `NAME`, as on the orders (required)")
	fl.StringVar(&o.entry, "entry", "", "the `ID` of the screening list entry (its _id; required)")
	fl.StringVar(&o.outcome, "outcome", "", "the `OUTCOME`: false_positive or true_match (required)")
	fl.StringVar(&o.by, "by", "", "the `NAME` of who adjudicated (required)")
	fl.StringVar(&o.reason, "reason", "", "`TEXT` saying why (required)")
	fl.StringVar(&o.expires, "expires", "", "the `DATE` until which the clearance holds, YYYY-MM-DD, at most a year after --at (required)")
	fl.StringVar(&o.at, "at", "", "the `DATE` it was adjudicated, YYYY-MM-DD (default: today); the record is dated recorded today all the same, and clears no line shipped before today")
	fl.StringArrayVar(&o.lists, "screening-list", nil, "the screening `LIST` holding the entry: a CSL file, cached or demo (repeatable; default: the configuration's)")
	fl.StringVarP(&o.out, "output", "o", filepath.FromSlash(records.Dir("clearance")), "write the clearance file to `DIR`, or - for standard output")
	fl.StringVar(&o.config, "config", "", "the configuration `FILE` (default: "+ConfigName+" from the working directory up)")
	for _, f := range []string{"end-user", "entry", "outcome", "by", "reason", "expires"} {
		_ = cmd.MarkFlagRequired(f)
	}
	return cmd
}

func runClear(e *env, o *clearOpts) error {
	cfg, err := loadConfig(o.config)
	if err != nil {
		return err
	}
	names := o.lists
	given := func(int) string { return "--screening-list " + listNone }
	if len(names) == 0 {
		names = cfg.Screening.Lists
		given = func(i int) string { return fmt.Sprintf("%s: %q", cfg.at("screening.lists", i), listNone) }
	}
	if len(names) == 0 {
		return errors.New("no screening list: give --screening-list FILE, cached or demo (the list holding the entry, to record its hash)")
	}
	var entry *screening.Entry
	var from *screening.List
	for i, n := range names {
		if n == listNone {
			return fmt.Errorf("%s: a clearance records the hash of a list entry; name the list that holds it", given(i))
		}
		l, _, err := loadList(n, cfg)
		if err != nil {
			return err
		}
		for i := range l.Entries {
			if l.Entries[i].ID == o.entry {
				if entry != nil && records.EntryHash(entry) != records.EntryHash(&l.Entries[i]) {
					return fmt.Errorf("entry %q is in %s and in %s, differently: name one list", o.entry, from.Snapshot.Path, l.Snapshot.Path)
				}
				entry, from = &l.Entries[i], l
			}
		}
	}
	if entry == nil {
		return fmt.Errorf("entry %q is not on the screening %s %s: give the entry's whole _id, as check --explain prints it under the line's screening hit", o.entry, prose.Agree(len(names), "list", "lists"), strings.Join(names, ", "))
	}
	today := time.Now().UTC().Format(time.DateOnly)
	at := cmp.Or(o.at, today)
	c := &records.Clearance{
		EndUser: o.endUser, Entry: entry.ID, EntryName: entry.Name, List: entry.List, EntryHash: records.EntryHash(entry),
		Outcome: records.Outcome(o.outcome), By: o.by, At: at, Reason: o.reason, Expires: o.expires,
		// Written today, whatever day it says the names were compared
		// on: the policy clears no line shipped before it (a record made
		// after a shipment is not screening before it).
		Recorded: today,
	}
	doc := append([]byte(fmt.Sprintf("# Written by `exportcheck clear` from %s (sha256 %.12s).\n# Review it, then commit it.\n",
		from.Snapshot.Path, from.Snapshot.SHA256)), c.YAML()...)
	path := "-"
	if o.out != "-" {
		path = filepath.Join(o.out, c.FileName())
	}
	// The record must load as it will be read: the same rules, the same
	// messages.
	set, err := records.Parse(path, doc)
	if err == nil {
		// Its end user must name someone by the embedded policy's
		// placeholders (a clearance for "TBD" would clear nothing: such a
		// line has no end user to screen).
		ph, perr := checker.LoadPlaceholders(context.Background(), nil, nil)
		if perr != nil {
			return perr
		}
		err = set.CheckKnown(records.Known{IsName: ph.IsName})
	}
	if err != nil {
		var errs records.Errors
		if errors.As(err, &errs) {
			for _, re := range errs {
				fmt.Fprintf(e.stderr, "exportcheck: clear: %s\n", reports.LogText(re.Msg))
			}
			return fmt.Errorf("the clearance would not load (above); nothing was written")
		}
		return err
	}
	m := screening.NewMatcher(from)
	score := -1.0
	for _, hit := range m.Matches(o.endUser, "", 0) {
		if hit.Entry.ID == entry.ID {
			score = hit.Score
			break
		}
	}
	if score < 0 {
		fmt.Fprintln(e.stderr, reports.LogText(fmt.Sprintf("exportcheck: warning: %q does not resemble %s entry %q (%s) at all: is --entry right?", o.endUser, entry.List, entry.ID, entry.Name)))
	}
	// The day it stands from is the policy's (screening.clearance_from):
	// recorded today, today.
	since, err := checker.ClearanceFromPolicy(context.Background(), nil, nil, at, today)
	if err != nil {
		return err
	}
	if w := records.ClearanceExpired(at, c.Expires, today, since); w != "" {
		// Recording an adjudication made back then is right; unsaid, it
		// would read as clearing the lines shipped while it held.
		fmt.Fprintf(e.stderr, "exportcheck: warning: %s: for those, adjudicate the candidate again and run clear without --at\n", reports.LogText(w))
	} else if since != at {
		// Adjudicated before today, written today: the lines shipped
		// since --at are not cleared by it, and should not be expected to.
		fmt.Fprintf(e.stderr, "exportcheck: warning: adjudicated on %s, this clearance is recorded today (%s): it clears the lines that ship from today, not those shipped before (a record made after a shipment is evidence of a later review, not of screening before it: such a line stays review, its reasons naming this clearance)\n", at, today)
	}
	if path == "-" {
		_, err := e.stdout.Write(doc)
		return err
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	f, path, err := createClearance(o.out, &set.Clearances[0])
	if err != nil {
		return err
	}
	// Whole on disk or not there: a clearance cut short would stand in
	// the way of the next `clear` ("exists and does not load").
	_, err = f.Write(doc)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("writing %s: %w (nothing was kept)", path, err)
	}
	fmt.Fprintf(e.stdout, "%s: %s for %q against %s entry %s (%s", path, c.Outcome, c.EndUser, entry.List, shortID(entry.ID), entry.Name)
	if score >= 0 {
		fmt.Fprintf(e.stdout, ", score %.2f", score)
	}
	fmt.Fprintf(e.stdout, "), until %s. Review and commit it.\n", c.Expires)
	return nil
}

// createClearance creates the file for the clearance c (as loaded) in dir,
// never one that exists: its FileName, or, when that holds other
// clearances, the first free of DatedFileName (the same name's of another
// day beside it), SpeltFileName (another spelling's that normalises alike)
// and SpeltDatedFileName. A file holding the same record (end user spelt
// alike, entry and day) is an error: that is an edit, not a new record.
func createClearance(dir string, c *records.Clearance) (*os.File, string, error) {
	names := []string{c.FileName(), c.DatedFileName(), c.SpeltFileName(), c.SpeltDatedFileName()}
	// The same record under any of its names (the desk names its
	// downloads by the last) is refused before a free name is taken.
	for _, n := range names {
		path := filepath.Join(dir, n)
		if before, err := records.Load(path); err == nil {
			if err := sameRecordErr(path, before, c); err != nil {
				return nil, "", err
			}
		}
	}
	for i := 0; i < len(names); i++ {
		path := filepath.Join(dir, names[i])
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if !errors.Is(err, os.ErrExist) {
			return f, path, err
		}
		before, err := records.Load(path)
		if err != nil {
			return nil, "", fmt.Errorf("%s exists and does not load (%v): mend or remove it first", path, err)
		}
		if err := sameRecordErr(path, before, c); err != nil {
			return nil, "", err
		}
		for _, b := range before.Clearances {
			// Another name's, not the same name's of another day: its
			// dated files are not this name's either.
			same := *c
			same.At = b.At
			if i == 0 && !b.SameRecord(&same) {
				i = 1
			}
		}
	}
	return nil, "", fmt.Errorf("%s and %s exist and hold other clearances: write this one with -o - and save it under a name of its own", names[0], names[len(names)-1])
}

// sameRecordErr refuses c when the file at path holds the same record.
func sameRecordErr(path string, before *records.Set, c *records.Clearance) error {
	for _, b := range before.Clearances {
		if b.SameRecord(c) {
			name := strconv.Quote(b.EndUser)
			if b.EndUser != c.EndUser {
				name += fmt.Sprintf(" (the same name as %q, spelt alike)", c.EndUser)
			}
			return fmt.Errorf("%s exists: %s and entry %s were adjudicated on %s there; edit that file (git keeps the history) or remove it first", path, name, shortID(c.Entry), c.At)
		}
	}
	return nil
}
