package ledger

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/records"
)

// Actions: what a person did at the review desk, kept in the decision log
// beside the decisions, as rows of their own kind, so that the hash chain
// covers them and each names its run, whose actor is the reviewer.

// Kinds of rows.
const (
	KindDecision    = "decision"    // a line committed for the first time
	KindAmendment   = "amendment"   // a line committed before with other content (--amend)
	KindRejudgement = "rejudgement" // a line judged again, unchanged, under new records (a clearance)
	KindClearance   = "clearance"   // a reviewer's clearance of a screening candidate: an action, not a version of the order
)

// versionRow is the SQL condition, on a decisions row aliased a, that it
// is a version of its order (a line), not an action.
func versionRow(a string) string { return a + ".kind <> '" + KindClearance + "'" }

// IsAction reports whether the row records a reviewer's action (a
// clearance) rather than a line.
func (r *Row) IsAction() bool { return r.Kind == KindClearance }

// ClearanceAction is a clearance made at the review desk for a line's
// screening candidate.
type ClearanceAction struct {
	Line    *Row   // the line whose candidate was adjudicated
	Name    string // the record's file name (records/clearances/…)
	Record  []byte // the clearance record, as the YAML records reads
	Outcome string // false_positive or true_match
	Hit     string // JSON: the candidate, as in Row.Hits
}

// AddClearance writes a clearance to the log, after what the run has
// added so far; it returns the row's sequence number.
func (s *Session) AddClearance(ctx context.Context, a ClearanceAction) (int64, error) {
	if err := s.flush(ctx); err != nil {
		return 0, err
	}
	inputs := strs("record", string(a.Record))
	l := a.Line
	r := Row{
		Kind: KindClearance, RunID: s.run.ID, OrderID: l.OrderID, File: a.Name, Line: 1,
		InputHash: sum(inputs), Inputs: inputs, ShipDate: l.ShipDate, Product: l.Product, Destination: l.Destination, EndUser: l.EndUser,
		Decision: a.Outcome, Hits: "[" + a.Hit + "]", Drawn: "[]", Reasons: "[]", ReasonsHash: noReasons, Run: s.rf,
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
func (s *Session) Seq() int64 { return s.seq }

// SetRecordsRevision names the records the run under way is judged with,
// when they are known only inside the lock (a clearance the run keeps is
// one of them); only before the run has added anything.
func (s *Session) SetRecordsRevision(rev string) error {
	if s.seq != s.markSeq || len(s.batch) > 0 || s.ended {
		return fmt.Errorf("ledger: SetRecordsRevision after the run added rows")
	}
	s.run.RecordsRevision = rev
	s.rf = s.run.fields()
	s.rf.hash()
	return nil
}

// StoredClearance is a clearance record the ledger keeps.
type StoredClearance struct {
	Seq    int64
	Name   string // its file name
	Record []byte // YAML
}

// Clearances are the clearances made at the review desk, in log order.
func (l *Ledger) Clearances(ctx context.Context) ([]StoredClearance, error) {
	if err := l.Ready(ctx); err != nil {
		return nil, err
	}
	return l.clearances(ctx, l.db)
}

// Clearances are the clearances in the ledger, read inside the commit's
// lock.
func (s *Session) Clearances(ctx context.Context) ([]StoredClearance, error) {
	return s.l.clearances(ctx, s.q)
}

func (l *Ledger) clearances(ctx context.Context, q querier) ([]StoredClearance, error) {
	rows, err := q.QueryContext(ctx, "SELECT seq, file, inputs FROM decisions WHERE kind = '"+KindClearance+"' ORDER BY seq")
	if err != nil {
		return nil, l.fault("reading the clearances", err)
	}
	defer rows.Close()
	var out []StoredClearance
	for rows.Next() {
		var c StoredClearance
		var inputs string
		if err := rows.Scan(&c.Seq, &c.Name, &inputs); err != nil {
			return nil, err
		}
		if c.Record, err = clearanceRecord(c.Seq, inputs); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, l.fault("reading the clearances", err)
	}
	return out, nil
}

// ClearanceRecord is the YAML record a clearance row holds.
func (r *Row) ClearanceRecord() ([]byte, error) {
	if r.Kind != KindClearance {
		return nil, fmt.Errorf("ledger row %d is a %s, not a clearance", r.Seq, r.Kind)
	}
	return clearanceRecord(r.Seq, r.Inputs)
}

func clearanceRecord(seq int64, inputs string) ([]byte, error) {
	var f []string
	if err := json.Unmarshal([]byte(inputs), &f); err != nil || len(f) != 2 || f[0] != "record" {
		return nil, fmt.Errorf("ledger row %d: a clearance whose inputs are not [\"record\", YAML]", seq)
	}
	return []byte(f[1]), nil
}

// WithClearances is base (the records read from files; nil for none) with
// the clearances kept in the ledger: see records.Set.WithClearances. A
// kept clearance that no longer reads is an error naming its row.
func WithClearances(base *records.Set, kept []StoredClearance) (*records.Set, error) {
	if len(kept) == 0 {
		return base, nil
	}
	files := make([]records.File, len(kept))
	for i, c := range kept {
		files[i] = records.File{Name: fmt.Sprintf("ledger row %d, %s", c.Seq, c.Name), Data: c.Record}
	}
	set, err := records.Options{}.ParseEach(files...)
	if err != nil {
		return nil, fmt.Errorf("the clearances kept in the ledger: %w", err)
	}
	return base.WithClearances(set), nil
}
