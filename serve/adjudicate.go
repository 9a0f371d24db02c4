package serve

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/records"
	"github.com/exportcheck/exportcheck/screening"
)

// A clearance made at the review desk is kept in the ledger (a row of the
// hash chain whose run names the reviewer), applied from then on by this
// server (its checker is made again with the records from files plus the
// clearances the ledger keeps), and the standing lines it bears on — the
// orders of that end user with a hit on that entry — are judged again at
// once and written as rejudgement rows, all in one transaction.

// adjudicated is what a clearance did.
type adjudicated struct {
	Clearance int64            // the clearance's row
	Lines     map[string]int64 // order id -> its rejudgement row
}

// adjudicate keeps the clearance record (YAML) made for a candidate of
// line, and judges the lines it bears on again.
func (s *Server) adjudicate(ctx context.Context, line *ledger.Row, c *records.Clearance, record []byte, hit deskHit, actor string) (*adjudicated, error) {
	l := s.opts.Ledger
	if l == nil {
		return nil, fmt.Errorf("the server keeps no ledger")
	}
	s.reload.Lock() // one new checker at a time (reloads, clearances)
	defer s.reload.Unlock()
	ctx = context.WithoutCancel(ctx) // a reviewer who goes away does not undo it half-way
	// The standing lines with a hit on the entry, for this end user as
	// screening matches names.
	var lines []checker.Result
	key := screening.Normalize(c.EndUser)
	for row, err := range l.Query(ctx, ledger.Filter{Standing: true, Entry: c.Entry}) {
		if err != nil {
			return nil, err
		}
		var hits []deskHit
		json.Unmarshal([]byte(row.Hits), &hits)
		named := false
		for _, h := range hits {
			named = named || h.EntryID == c.Entry
		}
		if !named || screening.Normalize(row.EndUser) != key {
			continue
		}
		res, err := row.Result()
		if err != nil {
			return nil, err
		}
		lines = append(lines, checker.Result{Order: res.Order})
	}
	hitJSON, _ := json.Marshal(hit)
	name := c.FileName()
	base := s.current.Load()
	sess, err := l.Begin(ctx, ledger.Run{Started: time.Now(), ToolVersion: s.opts.Version, PolicyRevision: base.Revision(),
		Screening: s.opts.Screening, Inputs: map[string]string{"desk:" + name: "sha256:" + hex.EncodeToString(sha256Sum(record))}, Actor: actor}, false)
	if err != nil {
		return nil, err
	}
	defer sess.Rollback()
	// Inside the lock: the records are those from files and every
	// clearance the ledger keeps, this one (the next row) included.
	kept, err := sess.Clearances(ctx)
	if err != nil {
		return nil, err
	}
	kept = append(kept, ledger.StoredClearance{Seq: sess.Seq() + 1, Name: name, Record: record})
	set, err := ledger.WithClearances(s.opts.Records, kept)
	if err != nil {
		return nil, err
	}
	o := base.Options()
	o.Records = set.Checker()
	next, err := checker.New(ctx, o)
	if err != nil {
		return nil, err
	}
	if err := sess.SetRecordsRevision(set.Revision()); err != nil {
		return nil, err
	}
	out := &adjudicated{Lines: map[string]int64{}}
	if out.Clearance, err = sess.AddClearance(ctx, ledger.ClearanceAction{Line: line, Name: name, Record: record, Outcome: string(c.Outcome), Hit: string(hitJSON)}); err != nil {
		return nil, err
	}
	results, err := judge(ledger.WithSession(ctx, sess), next, lines)
	if err != nil {
		return nil, err
	}
	for i := range results {
		r := &results[i]
		if r.Err != nil {
			return nil, fmt.Errorf("%s:%d: %w", r.Order.File, r.Order.Line, r.Err)
		}
		seq, err := sess.Rejudge(ctx, r)
		if err != nil {
			return nil, err
		}
		out.Lines[r.Order.ID] = seq
	}
	if _, err := sess.Finish(ctx); err != nil {
		return nil, err
	}
	s.swap(next)
	s.opts.Logger.Info("desk clearance kept", "by", actor, "row", out.Clearance, "entry", c.Entry, "outcome", string(c.Outcome), "rejudged", len(out.Lines), "records_revision", set.Revision())
	return out, nil
}

func sha256Sum(b []byte) []byte {
	h := sha256.Sum256(b)
	return h[:]
}
