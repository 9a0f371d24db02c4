package ledger

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/exportcheck/exportcheck/checker"
)

// Broken is the first row of the decision log that does not verify.
type Broken struct {
	Seq int64  // the row's sequence number (or the one missing); 0 when no one row is (the draws table, a head not reached)
	Why string // what is wrong with it
}

func (b *Broken) Error() string {
	if b.Seq == 0 { // not a row of the log: the draws table
		return b.Why
	}
	return fmt.Sprintf("ledger row %d: %s", b.Seq, b.Why)
}

// Where is the broken place in words: "row 12 was changed …".
func (b *Broken) Where() string {
	if b.Seq == 0 {
		return b.Why
	}
	return fmt.Sprintf("row %d %s", b.Seq, b.Why)
}

// IsHash reports whether s is a row's hash as the ledger prints it: 64
// lower-case hex digits.
func IsHash(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// Verified is what a verification read.
type Verified struct {
	Rows   int64  // rows checked
	First  int64  // the first row's sequence number (after a prune, not 1)
	Head   string // the last row's hash: write it down to detect a truncated tail later
	Anchor string // the hash the chain starts from ("" unless pruned)
	// PrunedAt is when the rows before First were pruned (RFC 3339; ""
	// unless pruned). The anchor is the database's word: compare it with
	// what ledger prune printed when the prune was made.
	PrunedAt string
	// Uncovered are the revisions the revisions table keeps whose content
	// no row's run hashes (kept by a version before migration 6, or their
	// rows pruned, or added by hand): not checked, in order.
	Uncovered []string
}

// Pruned reports the rows a prune removed from the start of the log: the
// last row pruned (0 for a ledger never pruned) and when (RFC 3339), as
// the chain's anchor records them. What reads a part of the log says so:
// a query after a prune must not read as the whole record.
func (l *Ledger) Pruned(ctx context.Context) (last int64, at string, err error) {
	if err := l.Ready(ctx); err != nil {
		return 0, "", err
	}
	err = l.db.QueryRowContext(ctx, "SELECT anchor_seq, pruned_at FROM chain WHERE id = 1").Scan(&last, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	if err != nil {
		return 0, "", l.fault("reading the chain's anchor", err)
	}
	return last, at, nil
}

// Verify recomputes the chain of the decision log from its first row (or
// the prune anchor) and returns the first row that is missing, out of
// place, or changed (a *Broken error). head, when given, is a head hash
// recorded earlier: a log whose rows end before it was truncated.
func (l *Ledger) Verify(ctx context.Context, head string) (Verified, error) {
	var v Verified
	if head != "" && !IsHash(head) {
		return v, fmt.Errorf("the head %q is not a row's hash (64 lower-case hex digits): no row could hash to it", head)
	}
	if err := l.Ready(ctx); err != nil {
		return v, err
	}
	var seq int64
	prev := ""
	err := l.db.QueryRowContext(ctx, "SELECT anchor_seq, anchor_hash, pruned_at FROM chain WHERE id = 1").Scan(&seq, &prev, &v.PrunedAt)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return v, l.fault("reading the chain's anchor", err)
	}
	v.Anchor, v.First = prev, seq+1
	runs, err := l.runs(ctx)
	if err != nil {
		return v, err
	}
	rows, err := l.db.QueryContext(ctx, "SELECT "+columns+", standing FROM decisions ORDER BY seq")
	if err != nil {
		return v, l.fault("reading the decision log", err)
	}
	defer rows.Close()
	// The log is read on a goroutine of its own, a batch of rows at a
	// time, while this one checks the batch before: the driver's reading
	// and the hashing take about as long as each other.
	scanned, stop := readLog(rows)
	defer stop() // before rows.Close: the reader has returned
	var buf []byte
	seenHead := head == ""
	reasons := map[string]int64{} // reasons referred to -> the first row referring
	held := map[string]bool{}     // reasons the texts table holds
	type standing struct {
		seq         int64
		auth, drawn string
	}
	draws := map[string]standing{} // order -> its latest row, for orders that drew
	latest := map[string]int64{}   // order -> its latest version's row, negative when flagged as standing
	contents := map[string]int64{} // runs whose hash covers their revision's content -> the first row of each
	for b := range scanned.batches {
		for i := range b.rows {
			r, flag := &b.rows[i], b.flags[i]
			seq++
			rf, ok := runs[r.RunID]
			if ok {
				r.Run = *rf
			}
			switch {
			case r.Seq > seq:
				return v, &Broken{seq, fmt.Sprintf("is missing: the log goes from row %d to row %d (a row was deleted)", seq-1, r.Seq)}
			case r.Seq < seq:
				return v, &Broken{r.Seq, "is out of place (rows were renumbered)"}
			case r.PrevHash != prev:
				return v, &Broken{r.Seq, fmt.Sprintf("names %.12s… as the row before it, but that row's hash is %.12s… (a row before it was changed, removed or reordered)", r.PrevHash, prev)}
			case !ok:
				return v, &Broken{r.Seq, fmt.Sprintf("names run %s, which the ledger does not hold (its run was deleted)", r.RunID)}
			case !r.hashes(&buf):
				return v, &Broken{r.Seq, fmt.Sprintf("was changed after it was written (order %s, line %s:%d, or its run %s): its content no longer hashes to %.12s…", r.OrderID, r.File, r.Line, r.RunID, r.RowHash)}
			}
			switch at, ok := latest[r.OrderID]; {
			case r.IsAction():
				if flag != 0 {
					return v, &Broken{r.Seq, "is a reviewer's action, but is flagged as its order's standing version: the standing column was changed"}
				}
			case ok && at < 0:
				return v, &Broken{-at, fmt.Sprintf("is not order %s's latest version (row %d is later), but is flagged as its standing one: the standing column was changed", r.OrderID, r.Seq)}
			case flag != 0:
				latest[r.OrderID] = -r.Seq
			default:
				latest[r.OrderID] = r.Seq
			}
			if _, ok := reasons[r.ReasonsHash]; !ok {
				reasons[r.ReasonsHash] = r.Seq
			}
			if r.Run.Content != "" {
				if _, ok := contents[r.RunID]; !ok {
					contents[r.RunID] = r.Seq
				}
			}
			// What the order's standing version draws (the draws table must
			// say the same): kept only for orders that drew at some point.
			if _, ok := draws[r.OrderID]; (ok || r.Auth != "") && !r.IsAction() {
				draws[r.OrderID] = standing{seq: r.Seq, auth: r.Auth, drawn: r.Drawn}
			}
			prev = r.RowHash
			if r.RowHash == head {
				seenHead = true
			}
			v.Rows++
		}
		switch {
		case b.scanErr != nil:
			return v, b.scanErr
		case b.err != nil:
			return v, l.fault("reading the decision log", b.err)
		}
		scanned.recycle(b)
	}
	// The reasons the rows refer to: each must be there, as written.
	trows, err := l.db.QueryContext(ctx, "SELECT hash, body FROM texts")
	if err != nil {
		return v, l.fault("reading the reasons", err)
	}
	defer trows.Close()
	for trows.Next() {
		var h, body string
		if err := trows.Scan(&h, &body); err != nil {
			return v, err
		}
		h = readHash(h) // a ledger written over versions may hold one text in two forms: each is checked
		if at, ok := reasons[h]; ok {
			if sum(body) != h {
				return v, &Broken{at, fmt.Sprintf("refers to reasons %.12s…, which were changed after they were written", h)}
			}
			held[h] = true
		}
	}
	if err := trows.Err(); err != nil {
		return v, l.fault("reading the reasons", err)
	}
	for h, at := range reasons {
		if !held[h] {
			return v, &Broken{at, fmt.Sprintf("refers to reasons %.12s…, which the ledger does not hold (they were deleted)", h)}
		}
	}
	if v.Uncovered, err = l.verifyRevisions(ctx, runs, contents); err != nil {
		return v, err
	}
	v.Head = prev
	if !seenHead {
		// Fail closed, but without taking a sure side: a head recorded
		// before and not found can be rows removed from the end, or a head
		// mistyped or copied from another ledger (Verify cannot tell).
		after := "rows of the log were removed (it holds none)"
		if v.Rows > 0 {
			after = fmt.Sprintf("rows after row %d, the last one kept, were removed", seq)
		}
		return v, &Broken{0, fmt.Sprintf("no row hashes to the head given (%s): either %s, or the head was mistyped or is another ledger's", head, after)}
	}
	// The standing flags the review desk's queue reads: each order's
	// latest row that is not an action has it, no other row does.
	hidden, order := int64(0), ""
	for o, at := range latest {
		if at > 0 && (hidden == 0 || at < hidden) {
			hidden, order = at, o
		}
	}
	if hidden > 0 {
		return v, &Broken{hidden, fmt.Sprintf("is order %s's standing version, but is not flagged so (the review desk would not show it): the standing column was changed", order)}
	}
	// The draws table, from which what remains on a licence is counted,
	// is what the log's standing versions draw. (Orders whose rows were
	// pruned are not in the log any more: their draws are not checked.)
	type draw struct {
		Limit  string  `json:"limit"`
		Amount float64 `json:"amount"`
	}
	want := map[[3]string]float64{}
	for order, st := range draws {
		if st.auth == "" {
			continue
		}
		var ds []draw
		json.Unmarshal([]byte(st.drawn), &ds)
		for _, d := range ds {
			want[[3]string{order, st.auth, d.Limit}] = d.Amount
		}
	}
	drows, err := l.db.QueryContext(ctx, "SELECT order_id, record, lim, amount FROM draws")
	if err != nil {
		return v, l.fault("reading the draws", err)
	}
	defer drows.Close()
	seen := map[[3]string]bool{}
	for drows.Next() {
		var k [3]string
		var amount float64
		if err := drows.Scan(&k[0], &k[1], &k[2], &amount); err != nil {
			return v, err
		}
		st, known := draws[k[0]]
		if !known {
			if v.Anchor == "" {
				return v, &Broken{0, fmt.Sprintf("the draws table has order %s drawing %g on %s (%s), which no row of the log records (a row of the log was deleted, or the draw added)", k[0], amount, k[1], k[2])}
			}
			continue // pruned
		}
		if w, ok := want[k]; !ok || w != amount {
			return v, &Broken{st.seq, fmt.Sprintf("is order %s's standing version, but the draws table says it draws %g on %s (%s), not what the row says (%s %s): the draws were changed", k[0], amount, k[1], k[2], cmp.Or(st.auth, "nothing"), st.drawn)}
		}
		seen[k] = true
	}
	if err := drows.Err(); err != nil {
		return v, l.fault("reading the draws", err)
	}
	for k := range want {
		if !seen[k] {
			return v, &Broken{draws[k[0]].seq, fmt.Sprintf("is order %s's standing version and draws %g on %s (%s), but the draws table does not have it: the draws were changed", k[0], want[k], k[1], k[2])}
		}
	}
	return v, nil
}

// verifyRevisions checks the revisions table (outside the chain) against
// the content the runs' hashes cover (contents: run -> its first row):
// each such run's revision must be there with that content. It returns
// the revisions the table keeps that no such run names (not checked).
func (l *Ledger) verifyRevisions(ctx context.Context, runs map[string]*runFields, contents map[string]int64) ([]string, error) {
	rows, err := l.db.QueryContext(ctx, "SELECT revision, content FROM revisions ORDER BY revision")
	if err != nil {
		return nil, l.fault("reading the revisions", err)
	}
	defer rows.Close()
	kept := map[string]string{}
	var order []string
	for rows.Next() {
		var rev, content string
		if err := rows.Scan(&rev, &content); err != nil {
			return nil, err
		}
		kept[rev] = content
		order = append(order, rev)
	}
	if err := rows.Err(); err != nil {
		return nil, l.fault("reading the revisions", err)
	}
	// The first broken row, in log order.
	var broken *Broken
	covered := map[string]bool{}
	for id, at := range contents {
		rf := runs[id]
		covered[rf.PolicyRevision] = true
		if broken != nil && broken.Seq < at {
			continue
		}
		switch known, ok := kept[rf.PolicyRevision]; {
		case !ok:
			broken = &Broken{at, fmt.Sprintf("was committed under revision %s, whose policies and data its run %s recorded as SHA-256 %.12s…, but the revisions table does not hold the revision (its row there was deleted)", rf.PolicyRevision, id, rf.Content)}
		case known != rf.Content:
			broken = &Broken{at, fmt.Sprintf("was committed under revision %s, whose policies and data its run %s recorded as SHA-256 %.12s…, but the revisions table says %.12s… (the revisions table was changed)", rf.PolicyRevision, id, rf.Content, known)}
		}
	}
	if broken != nil {
		return nil, broken
	}
	var uncovered []string
	for _, rev := range order {
		if !covered[rev] {
			uncovered = append(uncovered, rev)
		}
	}
	return uncovered, nil
}

// runs are the ledger's runs' fields by id.
func (l *Ledger) runs(ctx context.Context) (map[string]*runFields, error) {
	rows, err := l.db.QueryContext(ctx, "SELECT run_id, started_at, tool_version, policy_revision, records_revision, screening, inputs, actor, content, reason FROM runs")
	if err != nil {
		return nil, l.fault("reading the runs", err)
	}
	defer rows.Close()
	out := map[string]*runFields{}
	for rows.Next() {
		var id string
		var f runFields
		if err := rows.Scan(&id, &f.Started, &f.ToolVersion, &f.PolicyRevision, &f.RecordsRevision, &f.Screening, &f.Inputs, &f.Actor, &f.Content, &f.Reason); err != nil {
			return nil, err
		}
		f.hash()
		out[id] = &f
	}
	return out, rows.Err()
}

// Pruned is what a prune removed.
type Pruned struct {
	Rows       int64
	AnchorSeq  int64
	AnchorHash string
	// Held is the reviewer's record that stopped the prune before rows
	// that shipped before the date (nil when none did): it is kept, and
	// every row after it.
	Held *Held
}

// Prune deletes the rows at the start of the log whose ship dates are
// before a date, up to the first reviewer's record still in force on the
// date or cited by a row kept (Pruned.Held), and records where the chain
// now starts so that it still verifies. A date later than the retention
// period before now is refused: rows are kept at least that long after
// their ship date (the period is the data's, checker.Bundle.Retention).
func (l *Ledger) Prune(ctx context.Context, before string, now time.Time, keep checker.Retention) (Pruned, error) {
	var p Pruned
	if err := checker.DateError(before); err != nil {
		return p, fmt.Errorf("--before %q: %w", before, err)
	}
	d, _ := time.Parse(time.DateOnly, before)
	if keep.Years < 1 {
		return p, fmt.Errorf("no retention period: rows cannot be pruned")
	}
	if limit := now.UTC().AddDate(-keep.Years, 0, 0); d.After(limit) {
		return p, fmt.Errorf("--before %s: rows are kept %d years after their ship date (%s); the latest date rows may be pruned before is %s, %d years before today (%s, in UTC)", before, keep.Years, keep.Citation, limit.Format(time.DateOnly), keep.Years, now.UTC().Format(time.DateOnly))
	}
	s, err := l.Begin(ctx, Run{Started: now}, false)
	if err != nil {
		return p, err
	}
	defer s.Rollback()
	// What is pruned is chosen by ship dates, which whoever can write the
	// database can change: a row made to look old would be pruned, and the
	// anchor printed for it would make the chain left verify whole. The
	// chain is verified first, inside the lock (no commit moves it on).
	if _, err := l.Verify(ctx, ""); err != nil {
		if b := (*Broken)(nil); errors.As(err, &b) {
			return p, fmt.Errorf("%w: the ledger does not verify, so nothing was pruned (find out what changed it first: a changed ship date could make young rows look old)", err)
		}
		return p, err
	}
	// The prefix of the log that shipped before the date: up to the first
	// row of an order one of whose rows did not (an amendment that moved
	// its ship date later keeps the versions before it, however old: the
	// export is young, and so is the record of how it was decided).
	var stop sql.NullInt64
	if err := s.q.QueryRowContext(ctx, "SELECT MIN(seq) FROM decisions WHERE order_id IN (SELECT order_id FROM decisions WHERE ship_date >= "+l.params(1, 1)+" OR ship_date = '')", before).Scan(&stop); err != nil {
		return p, l.fault("finding rows to prune", err)
	}
	last := s.seq
	if stop.Valid {
		last = stop.Int64 - 1
	}
	// Reviewers' records (clearances, assignments, withdrawals) carry the
	// ship date of the line they were made on, but lines shipped later
	// rest on them: the prefix stops at the first one still in force on
	// the date or cited by a row that is kept.
	if p.Held, err = s.held(ctx, last, before); err != nil {
		return p, err
	}
	if p.Held != nil {
		last = p.Held.Seq - 1
	}
	err = s.q.QueryRowContext(ctx, "SELECT seq, row_hash FROM decisions WHERE seq <= "+l.params(1, 1)+" ORDER BY seq DESC LIMIT 1", last).Scan(&p.AnchorSeq, &p.AnchorHash)
	p.AnchorHash = readHash(p.AnchorHash)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil // nothing that old
	}
	if err != nil {
		return p, l.fault("finding rows to prune", err)
	}
	res, err := s.q.ExecContext(ctx, "DELETE FROM decisions WHERE seq <= "+l.params(1, 1), p.AnchorSeq)
	if err != nil {
		return p, l.fault("pruning", err)
	}
	p.Rows, _ = res.RowsAffected()
	if _, err := s.q.ExecContext(ctx, "DELETE FROM chain WHERE id = 1"); err != nil {
		return p, l.fault("pruning", err)
	}
	if _, err := s.q.ExecContext(ctx, "INSERT INTO chain (id, anchor_seq, anchor_hash, pruned_at) VALUES (1, "+l.params(1, 3)+")", p.AnchorSeq, p.AnchorHash, time.Now().UTC().Format(time.RFC3339)); err != nil { // when it was pruned: the clock, whatever now says
		return p, l.fault("pruning", err)
	}
	if err := s.commit(ctx); err != nil {
		return p, err
	}
	return p, nil
}

// hashes reports whether the row's content hashes to its row_hash
// (buf: the canonical content's buffer, reused).
func (r *Row) hashes(buf *[]byte) bool {
	var h string
	h, *buf = r.hashWith(*buf)
	return h == r.RowHash
}

// logBatch is rows of the decision log as read, with their standing
// flags; the last batch read holds how reading ended, if not well.
type logBatch struct {
	rows    []Row
	flags   []int
	scanErr error // a row that would not scan
	err     error // the driver's (rows.Err)
}

// logReader hands batches of the log from the reading goroutine to the
// checking one, and the checked ones back to be read into again.
type logReader struct {
	batches chan *logBatch
	free    chan *logBatch
}

// verifyBatch is how many rows of the log are read at once.
const verifyBatch = 512

// readLog reads rows on a goroutine of its own, in batches, in order.
// stop ends the reading (at the end of a batch) and waits for it: call it
// before rows.Close.
func readLog(rows *sql.Rows) (logReader, func()) {
	lr := logReader{batches: make(chan *logBatch, 2), free: make(chan *logBatch, 4)}
	quit, exited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(exited)
		defer close(lr.batches)
		for {
			var b *logBatch
			select {
			case b = <-lr.free:
				b.rows, b.flags = b.rows[:0], b.flags[:0]
			default:
				b = &logBatch{rows: make([]Row, 0, verifyBatch), flags: make([]int, 0, verifyBatch)}
			}
			for len(b.rows) < verifyBatch && rows.Next() {
				b.rows = append(b.rows, Row{})
				b.flags = append(b.flags, 0)
				r := &b.rows[len(b.rows)-1]
				if err := rows.Scan(append(r.scanArgs(), &b.flags[len(b.flags)-1])...); err != nil {
					b.rows, b.flags = b.rows[:len(b.rows)-1], b.flags[:len(b.flags)-1]
					b.scanErr = err
					break
				}
				r.readHashes()
			}
			last := len(b.rows) < verifyBatch
			if last && b.scanErr == nil {
				b.err = rows.Err()
			}
			select {
			case lr.batches <- b:
			case <-quit:
				return
			}
			if last {
				return
			}
		}
	}()
	return lr, func() {
		close(quit)
		<-exited
	}
}

// recycle hands a checked batch back to be read into.
func (lr logReader) recycle(b *logBatch) {
	select {
	case lr.free <- b:
	default:
	}
}
