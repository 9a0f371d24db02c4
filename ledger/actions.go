package ledger

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/records"
	"github.com/exportcheck/exportcheck/screening"
)

// Actions: what a person did at the review desk, kept in the decision log
// beside the decisions, as rows of their own kind, so that the hash chain
// covers them and each names its run, whose actor is the reviewer.

// Kinds of rows.
const (
	KindDecision    = "decision"    // a line committed for the first time
	KindAmendment   = "amendment"   // a line committed before with other content (--amend)
	KindRejudgement = "rejudgement" // a line judged again, unchanged, under new records (a clearance), or committed again and come out otherwise
	KindClearance   = "clearance"   // a reviewer's clearance of a screening candidate: an action, not a version of the order
	KindAssignment  = "assignment"  // a reviewer's assignment of the end user to a licence or notification: an action
)

// actionKinds is the SQL list of the kinds of actions.
const actionKinds = "('" + KindClearance + "', '" + KindAssignment + "')"

// versionRow is the SQL condition, on a decisions row aliased a, that it
// is a version of its order (a line), not an action.
func versionRow(a string) string { return a + ".kind NOT IN " + actionKinds }

// IsAction reports whether the row records a reviewer's action (a
// clearance, an assignment) rather than a line.
func (r *Row) IsAction() bool { return r.Kind == KindClearance || r.Kind == KindAssignment }

// Action is a record made at the review desk for a line: a clearance of
// one of its screening candidates, or an assignment of its end user to a
// licence or notification.
type Action struct {
	Kind    string // KindClearance or KindAssignment
	Line    *Row   // the line it was made on
	Name    string // the record's file name (clearances/…, assignments/…)
	Record  []byte // the record, as the YAML records reads
	Outcome string // a clearance's false_positive or true_match; an assignment's "assigned"
	Hit     string // a clearance's candidate (JSON, as in Row.Hits)
	Auth    string // an assignment's record, kind:number as in Row.Auth
}

// AddAction writes a reviewer's action to the log, after what the run
// has added so far; it returns the row's sequence number.
func (s *Session) AddAction(ctx context.Context, a Action) (int64, error) {
	if a.Kind != KindClearance && a.Kind != KindAssignment {
		return 0, fmt.Errorf("ledger: %q is not an action", a.Kind)
	}
	if err := s.flush(ctx); err != nil {
		return 0, err
	}
	inputs := strs("record", string(a.Record))
	l := a.Line
	hits := "[]"
	if a.Hit != "" {
		hits = "[" + a.Hit + "]"
	}
	r := Row{
		Kind: a.Kind, RunID: s.run.ID, OrderID: l.OrderID, File: a.Name, Line: 1,
		InputHash: sum(inputs), Inputs: inputs, ShipDate: l.ShipDate, Product: l.Product, Destination: l.Destination, EndUser: l.EndUser,
		Decision: a.Outcome, Hits: hits, Auth: a.Auth, Drawn: "[]", Reasons: "[]", ReasonsHash: noReasons, Run: s.rf,
	}
	s.seq++
	r.Seq, r.PrevHash = s.seq, s.head
	r.RowHash = r.hash()
	s.head = r.RowHash
	if err := s.write(ctx, []*Row{&r}, nil); err != nil {
		return 0, err
	}
	s.stats.Actions++
	return r.Seq, nil
}

// Rejudge writes a line judged again (under new records: a clearance
// made at the desk) as a rejudgement row, whatever its input hash, and
// replaces what the order draws with what it draws now.
func (s *Session) Rejudge(ctx context.Context, r *checker.Result) (int64, error) {
	if r.Err != nil {
		return 0, r.Err
	}
	if err := s.flush(ctx); err != nil {
		return 0, err
	}
	s.rejudging = true
	defer func() { s.rejudging = false }()
	if err := s.Add(ctx, r); err != nil {
		return 0, err
	}
	if err := s.flush(ctx); err != nil {
		return 0, err
	}
	return s.seq, nil
}

// Seq is the sequence number of the last row written (or of the chain's
// head when the session began): the next row is Seq()+1.
func (s *Session) Seq() int64 {
	s.settle() // a failure is returned by what writes next
	return s.seq
}

// SetRecordsRevision names the records the run under way is judged with,
// when they are known only inside the lock (a clearance the run keeps is
// one of them); only before the run has added anything.
func (s *Session) SetRecordsRevision(rev string) error {
	if err := s.settle(); err != nil {
		return err
	}
	if s.seq != s.markSeq || len(s.batch) > 0 || s.ended {
		return fmt.Errorf("ledger: SetRecordsRevision after the run added rows")
	}
	s.run.RecordsRevision = rev
	s.rf = s.run.fields()
	s.rf.hash()
	return nil
}

// Kept is a record the ledger keeps: a reviewer's action.
type Kept struct {
	Seq    int64
	Kind   string // KindClearance or KindAssignment
	Name   string // its file name
	Record []byte // YAML
	// What the action's row says it is about: the record must be about
	// that and nothing else (WithKept checks).
	EndUser string // the line's end user
	Hits    string // a clearance's candidate, JSON as in Row.Hits
	Auth    string // an assignment's record, kind:number
}

// Kept are the records made at the review desk (clearances and
// assignments), in log order.
func (l *Ledger) Kept(ctx context.Context) ([]Kept, error) {
	if err := l.Ready(ctx); err != nil {
		return nil, err
	}
	return l.kept(ctx, l.db, l.faultIn)
}

// LastAction is the row of the newest reviewer's action (0 for none),
// read inside the commit's lock.
func (s *Session) LastAction(ctx context.Context) (int64, error) {
	if err := s.settle(); err != nil {
		return 0, err
	}
	return s.l.lastAction(ctx, s.q, s.faultIn)
}

// LastAction is the row of the newest reviewer's action (0 for none).
func (l *Ledger) LastAction(ctx context.Context) (int64, error) {
	if err := l.Ready(ctx); err != nil {
		return 0, err
	}
	return l.lastAction(ctx, l.db, l.faultIn)
}

func (l *Ledger) lastAction(ctx context.Context, q querier, fault faultFunc) (int64, error) {
	ctx, cancel := within(ctx)
	defer cancel()
	var seq int64
	if err := q.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) FROM decisions WHERE kind IN "+actionKinds).Scan(&seq); err != nil {
		return 0, fault(ctx, "reading the reviewers' actions", err)
	}
	return seq, nil
}

// Kept are the records made at the review desk, read inside the commit's
// lock.
func (s *Session) Kept(ctx context.Context) ([]Kept, error) {
	if err := s.settle(); err != nil {
		return nil, err
	}
	return s.l.kept(ctx, s.q, s.faultIn)
}

func (l *Ledger) kept(ctx context.Context, q querier, fault faultFunc) ([]Kept, error) {
	ctx, cancel := within(ctx)
	defer cancel()
	rows, err := q.QueryContext(ctx, "SELECT seq, kind, file, inputs, end_user, hits, auth FROM decisions WHERE kind IN "+actionKinds+" ORDER BY seq")
	if err != nil {
		return nil, fault(ctx, "reading the records kept", err)
	}
	defer rows.Close()
	var out []Kept
	for rows.Next() {
		var c Kept
		var inputs string
		if err := rows.Scan(&c.Seq, &c.Kind, &c.Name, &inputs, &c.EndUser, &c.Hits, &c.Auth); err != nil {
			return nil, err
		}
		if c.Record, err = actionRecord(c.Seq, inputs); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fault(ctx, "reading the records kept", err)
	}
	return out, nil
}

// Record is the YAML record an action's row holds.
func (r *Row) Record() ([]byte, error) {
	if !r.IsAction() {
		return nil, fmt.Errorf("ledger row %d is a %s, not a reviewer's record", r.Seq, r.Kind)
	}
	return actionRecord(r.Seq, r.Inputs)
}

func actionRecord(seq int64, inputs string) ([]byte, error) {
	var f []string
	if err := json.Unmarshal([]byte(inputs), &f); err != nil || len(f) != 2 || f[0] != "record" {
		return nil, &RowError{Seq: seq, Why: `an action whose inputs are not ["record", YAML]`}
	}
	return []byte(f[1]), nil
}

// RowError is a row the ledger holds that does not read as a row of its
// kind (written wrong, or changed by hand): a problem of the data, which
// trying again does not cure, as against the ledger failing.
type RowError struct {
	Seq int64
	Why string
}

func (e *RowError) Error() string { return fmt.Sprintf("ledger row %d: %s", e.Seq, e.Why) }

// WithKept is base (the records read from files; nil for none) with the
// records kept in the ledger: see records.Set.WithKept. Each kept record
// must be exactly one record of its row's kind, about its row's end user
// and candidate (a clearance) or record (an assignment): anything else —
// a record that no longer reads, a document smuggled in beside it — is an
// error naming its row, and nothing is applied.
func WithKept(base *records.Set, kept []Kept) (*records.Set, error) {
	if len(kept) == 0 {
		return base, nil
	}
	files := make([]records.File, len(kept))
	for i, c := range kept {
		files[i] = records.File{Name: fmt.Sprintf("ledger row %d, %s", c.Seq, c.Name), Data: c.Record, Row: c.Seq}
		one, err := records.Options{}.ParseEach(files[i])
		if err != nil {
			return nil, fmt.Errorf("the records kept in the ledger: %w", err)
		}
		if err := c.check(one); err != nil {
			return nil, fmt.Errorf("the records kept in the ledger: ledger row %d: %w", c.Seq, err)
		}
	}
	set, err := records.Options{}.ParseEach(files...)
	if err != nil {
		return nil, fmt.Errorf("the records kept in the ledger: %w", err)
	}
	return base.WithKept(set), nil
}

// check reports whether a kept record is what its row says.
func (c *Kept) check(one *records.Set) error {
	n := len(one.Licences) + len(one.Notifications) + len(one.Clearances) + len(one.Assignments)
	key := screening.Normalize(c.EndUser)
	switch {
	case n != 1:
		return fmt.Errorf("the %s row must hold one record, and holds %d", c.Kind, n)
	case c.Kind == KindClearance && len(one.Clearances) == 1:
		cl := one.Clearances[0]
		var hits []struct {
			EntryID string `json:"entry_id"`
			Owner   string `json:"owner"` // a hit on an owner of the end user
		}
		json.Unmarshal([]byte(c.Hits), &hits)
		party := fmt.Sprintf("the row's end user %q", c.EndUser)
		if len(hits) == 1 && hits[0].Owner != "" {
			key, party = screening.Normalize(hits[0].Owner), fmt.Sprintf("the owner %q its hit is on", hits[0].Owner)
		}
		if cl.EndUserKey != key || len(hits) != 1 || hits[0].EntryID != cl.Entry {
			return fmt.Errorf("its clearance (of %s for %q) is not of %s and candidate", cl.Entry, cl.EndUser, party)
		}
		return nil
	case c.Kind == KindAssignment && len(one.Assignments) == 1:
		a := one.Assignments[0]
		_, number, _ := strings.Cut(c.Auth, ":")
		if !a.Of(c.EndUser) || number == "" || number != a.Licence+a.Notification {
			return fmt.Errorf("its assignment (of %q to %s) is not of the row's end user %q and record %s", a.EndUser, a.Licence+a.Notification, c.EndUser, c.Auth)
		}
		return nil
	}
	return fmt.Errorf("its record is not of kind %s", c.Kind)
}
