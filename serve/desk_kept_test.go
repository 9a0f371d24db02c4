package serve

import (
	"cmp"
	"context"
	"encoding/json"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/policies"
	"github.com/exportcheck/exportcheck/records"
)

// clearanceFromAt is the embedded policy with screening.clearance_from
// edited so that a clearance stands from its at, however late written.
func clearanceFromAt(t *testing.T) fs.FS {
	t.Helper()
	return editedPolicy(t, "exportcheck/screening/screening.rego",
		"clearance_from(c) := c.recorded if {\n\tc.recorded > c.at\n} else := c.at\n", "clearance_from(c) := c.at\n")
}

// assignmentFromDayAfter is the embedded policy with
// authorization.assignment_from edited so that an assignment applies from
// the day after it was made.
func assignmentFromDayAfter(t *testing.T) fs.FS {
	t.Helper()
	return editedPolicy(t, "exportcheck/authorization/authorization.rego",
		"assignment_from(a) := a.at\n", "assignment_from(a) := _plus_days(a.at, 1)\n")
}

// editedPolicy is the embedded policy with old replaced by new in the
// module at path.
func editedPolicy(t *testing.T, path, old, new string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(policies.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(policies.FS, p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(m[path].Data), old) {
		t.Fatalf("%s no longer holds %q", path, old)
	}
	m[path] = &fstest.MapFile{Data: []byte(strings.Replace(string(m[path].Data), old, new, 1))}
	return m
}

// TestKeptClearanceDays: what the line page says of a clearance kept (the
// day it applies from, that the line ships before it) and of one to be
// recorded today (that it cannot clear a line shipped before today) is the
// policy's screening.clearance_from, not a comparison of days of the
// desk's own, and so is whether one kept after its expiry clears no line:
// under a policy that has a clearance stand from its at however late it
// was written, the page says none of it.
func TestKeptClearanceDays(t *testing.T) {
	ctx := context.Background()
	embedded, err := checker.New(ctx, checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	edited, err := checker.New(ctx, checker.Options{PolicyFS: clearanceFromAt(t)})
	if err != nil {
		t.Fatal(err)
	}
	rec := `record: clearance
end_user: Atlas Sanatgar Trading
entry: 1b5979e8fd3920a1a0985bf5088dad930a6a5562d1513f9e4b015e42
entry_name: Atlas Sanatgaran
list: UVL
entry_hash: sha256:aa1ad8a0d997e529e3ee8a99ff9f02e2fad98c774e22fcaf2b2b30db11138c6b
outcome: false_positive
by: J. Rivera
at: "2026-02-16"
reason: a different company
expires: "2027-02-16"
recorded: "2026-03-10"
`
	inputs, err := json.Marshal([]string{"record", rec})
	if err != nil {
		t.Fatal(err)
	}
	kept := &ledger.Row{Seq: 7, Kind: ledger.KindClearance, File: "atlas.yaml", Inputs: string(inputs)}
	// Adjudicated a year before it was written, and expired by then.
	old := strings.NewReplacer(`at: "2026-02-16"`, `at: "2025-03-01"`, `expires: "2027-02-16"`, `expires: "2026-02-28"`).Replace(rec)
	if inputs, err = json.Marshal([]string{"record", old}); err != nil {
		t.Fatal(err)
	}
	expired := &ledger.Row{Seq: 8, Kind: ledger.KindClearance, File: "atlas-old.yaml", Inputs: string(inputs)}
	line := &ledger.Row{Seq: 3, Kind: ledger.KindDecision, ShipDate: "2026-03-02"}
	now := time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC)
	type said struct{ Recorded, Later, Before, Expired string }
	for _, tt := range []struct {
		name string
		c    *checker.Checker
		want said
	}{
		{"embedded policy", embedded, said{"10 Mar 2026", "the clearance was recorded", "2026-03-02",
			"This clearance expired on 2026-02-28, before today (2026-03-12): recorded today, it clears no line: those shipped from 2025-03-01 to 2026-02-28 shipped before it was recorded (their reasons will name it, as a review made after they shipped), and it holds for none shipping from today"}},
		{"a clearance stands from its at", edited, said{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			from, err := keptFrom(ctx, tt.c, kept)
			if err != nil {
				t.Fatal(err)
			}
			before, err := clearedBefore(ctx, tt.c, line, now)
			if err != nil {
				t.Fatal(err)
			}
			old, err := keptFrom(ctx, tt.c, expired)
			if err != nil {
				t.Fatal(err)
			}
			got := said{recordedOn(kept, from), keptLater(kept, line, from), before, keptExpired(expired, old, now)}
			if diff := gocmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestKeptAssignmentDays: which lines an assignment covers is the
// policy's authorization.assignment_from, not a comparison of days of the
// desk's own. Before one is made, the line page says whether one made
// today covers the line (Before: "This line ships on …, before today", or
// before BeforeFrom when the policy has one made today apply from another
// day). After one is kept, the notice says the lines it applies to (from
// Made, the day it was made, or from From when the policy has it apply
// from another day) and, for a line shipping before that day, why the
// line is as it is (Later, after "as it ships before"): judged by the day
// the assignment was made (its at), whatever day the page is read on, and
// worded as what is true of that day: "the assignment was made" only when
// it applies from the day it was made. A withdrawal replaces the
// assignment for every line: it ships before nothing.
func TestKeptAssignmentDays(t *testing.T) {
	ctx := context.Background()
	embedded, err := checker.New(ctx, checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	edited, err := checker.New(ctx, checker.Options{PolicyFS: assignmentFromDayAfter(t)})
	if err != nil {
		t.Fatal(err)
	}
	// Kept rows as the desk keeps them: the record made on 12 Mar 2026.
	row := func(seq int64, status records.AssignmentStatus) *ledger.Row {
		a := &records.Assignment{EndUser: "Falcon Compute DC", Licence: "D1234567", Order: "ASG-1", By: "reviewer", At: "2026-03-12",
			Reason: "The same company: trade licence CN-1234567 on both.", Status: status}
		inputs, err := json.Marshal([]string{"record", string(a.YAML())})
		if err != nil {
			t.Fatal(err)
		}
		return &ledger.Row{Seq: seq, Kind: ledger.KindAssignment, File: a.FileName(), Decision: cmp.Or(string(status), "assigned"), Inputs: string(inputs)}
	}
	assigned, withdrawn := row(7, ""), row(8, records.AssignmentWithdrawn)
	made := time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC)
	later := time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)
	ahead := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC) // a record dated ahead of today
	const dayAfter = "13 Mar 2026, the day the policy has the assignment apply from"
	type said struct{ Before, BeforeFrom, Made, From, Later string }
	for _, tt := range []struct {
		name string
		c    *checker.Checker
		kept *ledger.Row
		now  time.Time
		ship string
		want said
	}{
		{"embedded policy, shipped the day before", embedded, assigned, made, "2026-03-11", said{"2026-03-11", "", "12 Mar 2026", "", "the assignment was made"}},
		{"embedded policy, shipping that day", embedded, assigned, made, "2026-03-12", said{"", "", "12 Mar 2026", "", ""}},
		{"embedded policy, no ship date", embedded, assigned, made, "", said{"", "", "12 Mar 2026", "", ""}},
		{"embedded policy, read a week later, shipped the day it was made", embedded, assigned, later, "2026-03-12", said{"2026-03-12", "", "12 Mar 2026", "", ""}},
		{"embedded policy, read a week later, shipped the day before", embedded, assigned, later, "2026-03-11", said{"2026-03-11", "", "12 Mar 2026", "", "the assignment was made"}},
		{"embedded policy, dated ahead of today, shipped the day before", embedded, assigned, ahead, "2026-03-11", said{"", "", "12 Mar 2026", "", "the assignment was made"}},
		{"applies from the day after, shipping that day", edited, assigned, made, "2026-03-12", said{"2026-03-12", "13 Mar 2026", "12 Mar 2026", "13 Mar 2026", dayAfter}},
		{"applies from the day after, shipped the day before", edited, assigned, made, "2026-03-11", said{"2026-03-11", "13 Mar 2026", "12 Mar 2026", "13 Mar 2026", dayAfter}},
		{"applies from the day after, shipping the day after", edited, assigned, made, "2026-03-13", said{"", "", "12 Mar 2026", "13 Mar 2026", ""}},
		{"applies from the day after, read a week later, shipping that day", edited, assigned, later, "2026-03-12", said{"2026-03-12", "21 Mar 2026", "12 Mar 2026", "13 Mar 2026", dayAfter}},
		{"applies from the day after, read a week later, shipping the day after", edited, assigned, later, "2026-03-13", said{"2026-03-13", "21 Mar 2026", "12 Mar 2026", "13 Mar 2026", ""}},
		{"a withdrawal, shipped the day before", embedded, withdrawn, made, "2026-03-11", said{"2026-03-11", "", "", "", ""}},
		{"a withdrawal, applies from the day after, shipping that day", edited, withdrawn, made, "2026-03-12", said{"2026-03-12", "13 Mar 2026", "", "", ""}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			line := &ledger.Row{Seq: 3, Kind: ledger.KindDecision, ShipDate: tt.ship}
			before, beforeFrom, err := assignedBefore(ctx, tt.c, line, tt.now)
			if err != nil {
				t.Fatal(err)
			}
			from, err := keptFrom(ctx, tt.c, tt.kept)
			if err != nil {
				t.Fatal(err)
			}
			got := said{before, beforeFrom, madeOn(tt.kept), appliesFrom(tt.kept, from), keptLater(tt.kept, line, from)}
			if diff := gocmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
