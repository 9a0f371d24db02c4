package ledger

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/exportcheck/exportcheck/records"
	"github.com/exportcheck/exportcheck/screening"
)

// Held is a reviewer's record (a row of the log: a clearance, an
// assignment, a withdrawal) that a prune keeps, and with it every row
// after it: the chain is pruned only at its start.
type Held struct {
	Seq int64  // the record's row
	Why string // what it is and why it is kept, after "it is"
}

// deskRecord is a reviewer's record kept in the log, as a prune weighs it.
type deskRecord struct {
	seq     int64
	what    string // the record in words: "the assignment of … to licence D1 by r.chen on 2019-05-01"
	inForce string // why it is in force on or after the prune's date; "" when it is not
}

// citation is how a reason cites a record kept in the ledger: the
// policy names it by its row ("ledger row 33, assignments/….yaml:2",
// "the clearance kept at the review desk, ledger row 33, …").
var citation = regexp.MustCompile(`ledger row ([0-9]+)`)

// held is the first reviewer's record among the rows up to last (the
// rows a prune would remove by their ship dates) that must be kept: one
// still in force on or after before (a clearance that has not expired by
// then, an assignment not withdrawn or replaced before it), or one cited
// by the reasons of a row that is kept (15 CFR 762.6(a): a record a
// retained shipment was decided under is part of its record). Rows after
// it are kept too, and they may cite records before it: held looks again
// until no record before the cut must be kept. nil when none must.
func (s *Session) held(ctx context.Context, last int64, before string) (*Held, error) {
	kept, err := s.Kept(ctx)
	if err != nil {
		return nil, err
	}
	if len(kept) == 0 || kept[0].Seq > last {
		return nil, nil
	}
	desks := deskRecords(kept, before)
	citers, err := s.citers(ctx, kept[0].Seq, last)
	if err != nil {
		return nil, err
	}
	var h *Held
	for cut := last; ; {
		var found *Held
		for _, d := range desks {
			if d.seq > cut {
				break
			}
			if d.inForce != "" {
				found = &Held{d.seq, d.what + ", " + d.inForce}
				break
			}
			if at := firstAfter(citers[d.seq], cut); at > 0 {
				found = &Held{d.seq, fmt.Sprintf("%s, which row %d relies on (its reasons cite it), and row %d is kept", d.what, at, at)}
				break
			}
		}
		if found == nil {
			return h, nil
		}
		h, cut = found, found.Seq-1
	}
}

// firstAfter is the first of seqs (ascending) after cut, or 0.
func firstAfter(seqs []int64, cut int64) int64 {
	for _, s := range seqs {
		if s > cut {
			return s
		}
	}
	return 0
}

// citers are, for each row up to last, the rows after it whose reasons
// cite it, in log order (rows from first on: none before the first
// reviewer's record can cite one).
func (s *Session) citers(ctx context.Context, first, last int64) (map[int64][]int64, error) {
	rows, err := s.q.QueryContext(ctx, "SELECT hash, body FROM texts WHERE body LIKE '%ledger row %'")
	if err != nil {
		return nil, s.faultIn(ctx, "reading the reasons that cite reviewers' records", err)
	}
	cites := map[string][]int64{} // reasons -> the rows up to last they cite
	for rows.Next() {
		var h, body string
		if err := rows.Scan(&h, &body); err != nil {
			rows.Close()
			return nil, err
		}
		for _, m := range citation.FindAllStringSubmatch(body, -1) {
			if n, err := strconv.ParseInt(m[1], 10, 64); err == nil && first <= n && n <= last {
				cites[readHash(h)] = append(cites[readHash(h)], n)
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.faultIn(ctx, "reading the reasons that cite reviewers' records", err)
	}
	out := map[int64][]int64{}
	if len(cites) == 0 {
		return out, nil
	}
	rows, err = s.q.QueryContext(ctx, "SELECT seq, reasons_hash FROM decisions WHERE seq > "+s.l.params(1, 1)+" ORDER BY seq", first)
	if err != nil {
		return nil, s.faultIn(ctx, "reading the rows that cite reviewers' records", err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var h string
		if err := rows.Scan(&seq, &h); err != nil {
			return nil, err
		}
		for _, n := range cites[readHash(h)] {
			if n < seq {
				out[n] = append(out[n], seq)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, s.faultIn(ctx, "reading the rows that cite reviewers' records", err)
	}
	return out, nil
}

// deskRecords are the reviewers' records kept (all of them, in log
// order), each with whether it is in force on or after before.
func deskRecords(kept []Kept, before string) []deskRecord {
	type assignment struct {
		i         int
		key, at   string
		withdrawn bool
	}
	out := make([]deskRecord, len(kept))
	var as []assignment
	for i, k := range kept {
		d := &out[i]
		d.seq = k.Seq
		set, err := records.Options{}.ParseEach(records.File{Name: k.Name, Data: k.Record})
		switch {
		case err != nil:
			d.what = "a reviewer's record that does not read (" + err.Error() + ")"
			d.inForce = "so whether it is still in force cannot be told"
		case k.Kind == KindClearance && len(set.Clearances) == 1:
			c := set.Clearances[0]
			d.what = fmt.Sprintf("the clearance of %s against %s entry %s (%s, by %s on %s)", c.EndUser, c.List, c.Entry, strings.ReplaceAll(string(c.Outcome), "_", " "), c.By, c.At)
			if c.Expires == "" || c.Expires >= before {
				d.inForce = fmt.Sprintf("still in force on or after %s (it holds until %s)", before, c.Expires)
			}
		case k.Kind == KindAssignment && len(set.Assignments) == 1:
			a := set.Assignments[0]
			to := "licence " + a.Licence
			if a.Licence == "" {
				to = "notification " + a.Notification
			}
			if a.Status == records.AssignmentWithdrawn {
				// In force as an assignment is: it may take back one
				// in the records files, which a prune does not read,
				// and which would stand again without it.
				d.what = fmt.Sprintf("the withdrawal of the assignment of %s to %s by %s on %s", a.EndUser, to, a.By, a.At)
				d.inForce = fmt.Sprintf("still in force on or after %s (not assigned again before it)", before)
			} else {
				d.what = fmt.Sprintf("the assignment of %s to %s by %s on %s", a.EndUser, to, a.By, a.At)
				d.inForce = fmt.Sprintf("still in force on or after %s (not withdrawn before it)", before)
			}
			as = append(as, assignment{i, screening.Spell(a.EndUser) + "\x00" + to, a.At, a.Status == records.AssignmentWithdrawn})
		default:
			d.what = fmt.Sprintf("a reviewer's %s row whose record is not one %s", k.Kind, k.Kind)
			d.inForce = "so whether it is still in force cannot be told"
		}
	}
	// An assignment (or withdrawal) is replaced by a later record of the
	// same end user (as spelt) and record made after its day, or on it
	// unless only it is a withdrawal (records.Set.WithKept keeps that
	// one), and before the date: it is then not in force on it.
	for x, a := range as {
		for _, b := range as[x+1:] {
			if b.key == a.key && (a.at < b.at || a.at == b.at && (b.withdrawn || !a.withdrawn)) && b.at < before {
				out[a.i].inForce = ""
				break
			}
		}
	}
	return out
}
