package serve

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/records"
	"github.com/exportcheck/exportcheck/screening"
)

// A record made at the review desk — a clearance of a screening
// candidate, an assignment of an end user to a licence or notification —
// is kept in the ledger (a row of the hash chain whose run names the
// reviewer), applied from then on by this server (its checker is made
// again with the records from files plus those the ledger keeps), and the
// standing lines it bears on are judged again at once and written as
// rejudgement rows, all in one transaction under the ledger's write lock.

// kept is what a record made at the desk did.
type kept struct {
	Row   int64            // the action's row
	Lines map[string]int64 // order id -> its rejudgement row
}

// bears selects, among the standing lines a filter gives, those a record
// bears on.
type bears struct {
	filter ledger.Filter
	keep   func(*ledger.Row) bool
	// tightens: the record can only take an authorization or a clearance
	// away (a withdrawal, a true match). A line it bears on that cannot be
	// judged again would keep a standing version the record has made
	// wrong, so nothing is kept then; a record that can only loosen leaves
	// such a line its stricter standing version.
	tightens bool
	// check, when set, says whether the records with the new one do what
	// it was made for (an error: nothing is kept).
	check func(*records.Set) error
}

// refusedError is a record not kept for what it would do (an assignment
// dated later stays in force, a line it bears on cannot be judged again):
// the same request would be refused again, unlike a ledger fault.
type refusedError struct{ error }

func (e refusedError) Unwrap() error { return e.error }

// keep keeps the record an action holds, made on line and entered at
// now (its run's time), and judges the standing lines it bears on again.
func (s *Server) keep(ctx context.Context, a ledger.Action, on bears, actor string, now time.Time) (*kept, error) {
	l := s.opts.Ledger
	if l == nil {
		return nil, fmt.Errorf("the server keeps no ledger")
	}
	s.reload.Lock() // one new checker at a time (reloads, the desk's records)
	defer s.reload.Unlock()
	ctx = context.WithoutCancel(ctx) // a reviewer who goes away does not undo it half-way
	base := s.current.Load()
	sum := sha256.Sum256(a.Record)
	run := ledger.Run{Started: now, ToolVersion: s.opts.Version, PolicyRevision: base.Revision(), Content: base.Bundle().Content,
		Inputs: map[string]string{"desk:" + a.Name: "sha256:" + hex.EncodeToString(sum[:])}, Actor: actor}
	run.Screening, run.ScreeningOff = s.runScreening(base)
	sess, err := l.Begin(ctx, run, false)
	if err != nil {
		return nil, ledgerErr(err)
	}
	defer sess.Rollback()
	// Inside the lock: the records are those from files and every record
	// the ledger keeps, this one (the next row) included; the lines are
	// the standing ones now.
	all, err := sess.Kept(ctx)
	if err != nil {
		return nil, ledgerErr(err)
	}
	hits := ""
	if a.Hit != "" {
		hits = "[" + a.Hit + "]"
	}
	all = append(all, ledger.Kept{Seq: sess.Seq() + 1, Kind: a.Kind, Name: a.Name, Record: a.Record, EndUser: a.Line.EndUser, Hits: hits, Auth: a.Auth})
	set, err := ledger.WithKept(s.opts.Records, all)
	if err != nil {
		return nil, err
	}
	if on.check != nil {
		if err := on.check(set); err != nil {
			return nil, refusedError{err}
		}
	}
	next, err := checkerWith(ctx, base, set)
	if err != nil {
		return nil, err
	}
	if err := sess.SetRecordsRevision(set.Revision()); err != nil {
		return nil, ledgerErr(err)
	}
	f := on.filter
	f.Standing = true
	var lines []checker.Result
	for row, err := range l.Query(ctx, f) {
		if err != nil {
			return nil, ledgerErr(err)
		}
		if !on.keep(&row) {
			continue
		}
		res, err := row.Result()
		if err != nil {
			return nil, err
		}
		lines = append(lines, checker.Result{Order: res.Order})
	}
	out := &kept{Lines: map[string]int64{}}
	if out.Row, err = sess.AddAction(ctx, a); err != nil {
		return nil, ledgerErr(err)
	}
	results, err := judge(ledger.WithSession(ctx, sess), next, lines)
	if errors.Is(err, checker.ErrDrawdown) {
		return nil, ledgerErr(err)
	} else if err != nil {
		return nil, err
	}
	for i := range results {
		r := &results[i]
		if r.Err != nil && on.tightens {
			return nil, refusedError{fmt.Errorf("order %s (%s:%d) could not be judged again, and would keep a decision this %s makes wrong: %w; nothing was kept",
				r.Order.ID, r.Order.File, r.Order.Line, a.Kind, r.Err)}
		}
		if r.Err != nil {
			// A line that cannot be judged now (its product left the
			// data, say) keeps its standing version, stricter than the
			// record would make it; the others go on.
			s.opts.Logger.Warn("a line the desk's record bears on could not be judged again; it keeps its standing version", "file", r.Order.File, "line", r.Order.Line, "err", r.Err)
			continue
		}
		seq, err := sess.Rejudge(ctx, r)
		if err != nil {
			return nil, ledgerErr(err)
		}
		out.Lines[r.Order.ID] = seq
	}
	if _, err := sess.Finish(ctx); err != nil {
		return nil, ledgerErr(err)
	}
	s.swap(next)
	s.opts.Logger.Info("desk record kept", "kind", a.Kind, "by", actor, "row", out.Row, "file", a.Name, "rejudged", len(out.Lines), "records_revision", set.Revision())
	return out, nil
}

// errLedger marks an error of the ledger itself (it could not be reached,
// was locked too long, refused the write): it names the ledger (a file's
// path, a database's host and user), which is the operator's to read in
// the log, not the reviewer's on the page.
var errLedger = errors.New("the ledger failed")

func ledgerErr(err error) error { return fmt.Errorf("%w: %w", errLedger, err) }

// clearanceBears: the standing lines with a hit on the entry for the
// party (as screening matches names): their end user, or an owner of it.
func clearanceBears(party, entry string, outcome records.Outcome) bears {
	key := screening.Normalize(party)
	return bears{filter: ledger.Filter{Entry: entry}, keep: func(r *ledger.Row) bool {
		var hits []deskHit
		json.Unmarshal([]byte(r.Hits), &hits)
		return slices.ContainsFunc(hits, func(h deskHit) bool {
			return h.EntryID == entry && screening.Normalize(h.party(r.EndUser)) == key
		})
	}, tightens: outcome == records.TrueMatch}
}

// assignmentBears: the standing lines of the end user (as screening
// matches names) that need an authorization.
func assignmentBears(endUser string) bears {
	key := screening.Normalize(endUser)
	return bears{filter: ledger.Filter{Decisions: []string{checker.LicenseRequired.String(), checker.Exception.String()}}, keep: func(r *ledger.Row) bool {
		return screening.Normalize(r.EndUser) == key
	}}
}

// withdrawalBears: the standing lines of the end user (as screening
// matches names) licensed on the record; the withdrawal must leave no
// assignment of that end user to that record in force. A line names the
// record as the ledger wrote it when the line was committed: the record
// is known by checker.RecordKey (its kind since corrected, its number
// written otherwise, it is the same record).
func withdrawalBears(endUser, auth string, stillInForce func(*records.Set) bool) bears {
	key := screening.Normalize(endUser)
	record := authKey(auth)
	return bears{filter: ledger.Filter{Decisions: []string{checker.Licensed.String()}}, keep: func(r *ledger.Row) bool {
		return screening.Normalize(r.EndUser) == key && r.Auth != "" && authKey(r.Auth) == record
	}, tightens: true, check: func(set *records.Set) error {
		if stillInForce(set) {
			return fmt.Errorf("an assignment of %s to %s dated later than today stays in force: withdraw it where it was made", endUser, auth)
		}
		return nil
	}}
}

// authKey is the record a ledger's "kind:number" names, by
// checker.RecordKey.
func authKey(auth string) string {
	kind, number, _ := strings.Cut(auth, ":")
	return checker.RecordKey(kind, number)
}

// Refresh makes the checker serving apply the records the ledger keeps
// now (another server's desk may have made some since): when they differ
// from those it applies, a checker is made with them and swapped in. It
// reports whether it swapped.
func (s *Server) Refresh(ctx context.Context) (bool, error) {
	l := s.opts.Ledger
	if l == nil {
		return false, nil
	}
	s.reload.Lock()
	defer s.reload.Unlock()
	base := s.current.Load()
	seq, err := l.LastAction(ctx)
	if err != nil || seq == 0 { // none made: the records serving stand
		return false, err
	}
	if st := s.kept.Load(); st != nil && st.seq == seq && st.rev == recordsRevision(base) {
		return false, nil // read already, and applied
	}
	all, err := l.Kept(ctx)
	if err != nil {
		return false, err
	}
	set, err := ledger.WithKept(s.opts.Records, all)
	if err != nil {
		return false, err
	}
	rev := set.Revision()
	s.kept.Store(&keptState{seq, rev})
	if rev == recordsRevision(base) {
		return false, nil
	}
	next, err := checkerWith(ctx, base, set)
	if err != nil {
		return false, err
	}
	s.swap(next)
	s.opts.Logger.Info("records kept in the ledger applied", "records_revision", rev, "was", recordsRevision(base))
	return true, nil
}

// checkerWith is a checker like base that applies the records set, built
// as base was from the same policy and data (the compiled policy is
// shared: checker/compiled.go).
func checkerWith(ctx context.Context, base *checker.Checker, set *records.Set) (*checker.Checker, error) {
	o := base.Options()
	o.Records = set.Checker()
	return checker.New(ctx, o)
}
