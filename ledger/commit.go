package ledger

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/reports"
)

// Run describes one committing run of exportcheck check. When its
// PolicyRevision is not the hash of its Content (a signed bundle's
// manifest revision), Begin and Next record the content for the revision
// (the revisions table), and refuse the run (RevisionConflict) when the
// ledger keeps other content for it.
type Run struct {
	ID              string    // made by Begin when empty
	Started         time.Time // when the run began
	ToolVersion     string    // exportcheck's version
	PolicyRevision  string    // the policy and data revision
	Content         string    // the SHA-256 of the policy and data files (checker.Bundle.Content); "" when not known
	RecordsRevision string    // the records' revision, "" for none
	// Screening are the screening lists the run screened against, each as
	// check's outputs record it (path, SHA-256, entries, newest entry,
	// download time, demonstration excerpt); none with ScreeningOff.
	Screening []reports.Snapshot
	// ScreeningOff says the run screened against no list, by choice
	// (--screening-list none; a server whose checker has no Screener).
	ScreeningOff bool
	Inputs       map[string]string // input file -> SHA-256
	Actor        string            // who committed: a serve token's name, check's --actor; "" for the command line without it
	// Reason is why the run was committed, as its committer gave it
	// (check --reason, which --amend needs): kept in the run's row and
	// hashed with it (migration 6); "" for none.
	Reason string

	// stored, when set, is stored as the run's screening as it is: what
	// an earlier version wrote, for tests (WithStoredScreening).
	stored string
	// unhashed leaves the content out of the run's row and hash, as
	// versions before migration 6 wrote it, for tests (WithoutContent).
	unhashed bool
}

// Commits reports whether decisions judged under regime may be committed:
// only under the rules in force ("enforced", or none named). A run does not
// name its regime, so a what-if's rows would read as decisions under the
// rules in force.
func Commits(regime string) bool { return regime == "" || regime == "enforced" }

// Stats counts what a commit did.
type Stats struct {
	Committed int // lines written to the log for the first time
	Already   int // lines committed before with the same content and outcome: not written again, not drawn again
	Amended   int // lines committed before with other content, recorded as amendments (--amend)
	Skipped   int // lines that could not be judged or name no order id: not committed
	Rejudged  int // lines committed before with the same content that came out otherwise, or judged again under new records (Rejudge)
	Actions   int // reviewers' actions written (AddClearance)
	Head      string
	Conflicts []Conflict
	// Unauthorized are the orders committed before drawing on a record
	// that, judged again unchanged, draw on none now (the records changed:
	// a limit lowered, a licence revoked): a run names each, not only
	// counts it among the rejudgements.
	Unauthorized []Unauthorized
}

// Unauthorized is an order a rejudgement took off the record it drew on.
type Unauthorized struct {
	OrderID string
	File    string // this run's line
	Line    int
	Auth    string // what its version before drew on ("license:D1234567")
}

// Conflict is an order committed before with other content, or (Repeated)
// given again in the same run after a line of it that draws on a record.
type Conflict struct {
	OrderID       string
	File          string // this run's line
	Line          int
	PriorFile     string // the version on record (Repeated: the run's line that draws)
	PriorLine     int
	PriorRun      string
	PriorDecided  string
	PriorSequence int64
	// Repeated: the order is on an earlier line of this run (PriorFile,
	// PriorLine), which draws on PriorAuth, or ("") has other content.
	// The ledger keeps an order once, by its id: it could not count what
	// the run reports both lines drew, nor tell which line is the order.
	// No amendment settles it.
	Repeated  bool
	PriorAuth string
}

func (c Conflict) Error() string {
	if c.Repeated {
		return c.Describe() + ": give each line its own order id"
	}
	return c.Describe() + ": commit with --amend --reason TEXT to record the change and why"
}

// Describe says what conflicts, without what to do about it, which
// depends on what committed: check --amend amends, a server does not.
// Places are "file:line" ("-:2": standard input, line 2).
func (c Conflict) Describe() string {
	return c.DescribeAt(func(file string, line int, _ bool) string { return fmt.Sprintf("%s:%d", file, line) })
}

// DescribeAt is Describe with each place as place words it: this run's
// lines (thisRun), and the place the version on record was committed
// from (not thisRun; "" leaves it out, and the ledger row names it). A
// server words a request's places "order 2".
func (c Conflict) DescribeAt(place func(file string, line int, thisRun bool) string) string {
	at := place(c.File, c.Line, true)
	if c.Repeated && c.PriorAuth != "" {
		return fmt.Sprintf("%s: order %s is also on %s of this run, which draws on %s: the ledger keeps an order once, by its id, and cannot count what both lines draw",
			at, c.OrderID, place(c.PriorFile, c.PriorLine, true), c.PriorAuth)
	}
	if c.Repeated {
		return fmt.Sprintf("%s: order %s is also on %s of this run, with other content: the ledger keeps an order once, by its id, and cannot tell which line is the order",
			at, c.OrderID, place(c.PriorFile, c.PriorLine, true))
	}
	row := fmt.Sprintf("ledger row %d", c.PriorSequence)
	if p := place(c.PriorFile, c.PriorLine, false); p != "" {
		row = p + ", " + row
	}
	return fmt.Sprintf("%s: order %s differs from the version committed by run %s at %s (%s)",
		at, c.OrderID, c.PriorRun, c.PriorDecided, row)
}

// ErrConflict is returned by Session.Finish when orders conflict.
var ErrConflict = errors.New("orders committed before with other content")

// ErrNoOrderID is returned by Session.Add for a line without an order id.
var ErrNoOrderID = errors.New("the line has no order id (an id, order_id or line_id column): the ledger keeps orders by id, so it was not committed")

// querier is what a commit reads and writes through: a transaction
// (PostgreSQL) or a connection holding SQLite's write lock.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// Session is one run's commit: it holds the ledger's write lock from
// Begin to Finish, so that the drawdown the checker reads is the one its
// lines are committed against (commits are serialised: two runs never
// draw on the same remainder).
type Session struct {
	l       *Ledger
	q       querier
	conn    *sql.Conn // the connection holding the transaction
	run     Run
	amend   bool
	seq     int64  // the last row's sequence number
	head    string // the last row's hash
	batch   []Row
	inBatch map[string]bool
	// drawing is where the run under way gave each order that draws on a
	// record (Add's): a later line of the order is refused (repeats).
	drawing map[string]Conflict
	repeats []Conflict
	// already is where the run under way gave each order the writer
	// skipped as committed before unchanged (the writer's alone): a later
	// line of one with other content repeats its id, which the ledger,
	// finding only the earlier run's version, would take for an amendment.
	already     map[string]place
	rf          runFields
	texts       map[string]bool // reasons written (or found) in this run
	reasonsJSON map[reasonsKey][2]string
	stmts       map[string]*sql.Stmt
	raw         map[string]driver.Stmt // SQLite: the log's INSERTs, prepared on the driver's connection
	named       []driver.NamedValue    // SQLite: a batch's values (the writer's)
	stats       Stats
	done        bool
	ended       bool   // the run under way ended (EndRun, RollbackRun)
	rejudging   bool   // Rejudge: rows are rejudgements, whatever their input hash
	pruned      bool   // the log was pruned: an order new to it may have draws kept from its pruned rows
	markSeq     int64  // the chain's head when the run under way began
	markHead    string //
	// claimed is the revisions this transaction recorded (claim), with
	// their content, until it commits.
	claimed map[string]string

	// Full batches are written in the background while Add gathers and
	// prepares the next (the database's work, and a server's round trips,
	// overlap the check's): one batch at a time, in order, on the session's
	// connection, up to Queued batches waiting. Everything else that uses
	// the connection or what the writing changes (seq, head, stats, texts)
	// settles them first.
	queued  []*job  // the batches handed to the background, oldest first
	spare   []spare // written batches' buffers, to reuse
	err     error   // a background write's failure: the session is done for
	arena   []byte  // what the batch's rows are prepared in (Row.prepare)
	inBuf   []byte  // a line's inputs (Add's)
	hashBuf []byte  // a row's canonical content (the writer's)
	copyBuf []byte  // PostgreSQL: a batch in COPY's binary format (the writer's)
	blobs   []byte  // SQLite: a batch's hashes as 32-byte blobs (the writer's)
	idsBuf  []byte  // SQLite: a batch's order IDs as a JSON array (the writer's)
}

// BatchSize is how many lines a commit writes at once to SQLite, in one
// INSERT; PostgreSQL takes eight times as many, by COPY.
const BatchSize = 256

func (l *Ledger) batchSize() int {
	if l.kind == "postgres" {
		return 8 * BatchSize
	}
	return BatchSize
}

// Begin starts a run's commit: it takes the ledger's write lock (waiting
// up to LockTimeout for another run's) and reads the chain's head.
func (l *Ledger) Begin(ctx context.Context, run Run, amend bool) (*Session, error) {
	if err := l.Ready(ctx); err != nil {
		return nil, err
	}
	if l.readOnly {
		return nil, fmt.Errorf("ledger %s: cannot commit: the ledger can only be read here (its file or directory cannot be written)", l.name)
	}
	if err := run.valid(); err != nil {
		return nil, err
	}
	if run.ID == "" {
		run.ID = newRunID(run.Started)
	}
	// Waiting for the lock, then the rest.
	ctx, cancel := context.WithTimeoutCause(ctx, LockTimeout+StatementTimeout, &timeout{LockTimeout + StatementTimeout, "ledger.LockTimeout + ledger.StatementTimeout"})
	defer cancel()
	s := &Session{l: l, run: run, amend: amend, inBatch: map[string]bool{}, texts: map[string]bool{}, reasonsJSON: map[reasonsKey][2]string{}, stmts: map[string]*sql.Stmt{}}
	s.rf = run.fields()
	s.rf.hash()
	// One connection for the whole commit, its transaction begun and
	// ended by statements, so that PostgreSQL's COPY (through the pgx
	// connection underneath) writes within it.
	conn, err := l.db.Conn(ctx)
	if err != nil {
		return nil, s.faultIn(ctx, "connecting", err)
	}
	s.conn, s.q = conn, conn
	lock := []string{"BEGIN IMMEDIATE"} // SQLite: the write lock, now
	if l.kind == "postgres" {
		// One advisory lock for the ledger's writers, released with the
		// transaction (also when the process dies).
		lock = []string{"BEGIN", fmt.Sprintf("SET LOCAL lock_timeout = '%dms'", LockTimeout.Milliseconds()), "SELECT pg_advisory_xact_lock(7353725131)"}
	}
	for _, q := range lock {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			s.Rollback()
			return nil, s.faultIn(ctx, "taking the write lock", err)
		}
	}
	err = s.q.QueryRowContext(ctx, "SELECT seq, row_hash FROM decisions ORDER BY seq DESC LIMIT 1").Scan(&s.seq, &s.head)
	if errors.Is(err, sql.ErrNoRows) {
		err = s.q.QueryRowContext(ctx, "SELECT anchor_seq, anchor_hash FROM chain WHERE id = 1").Scan(&s.seq, &s.head)
		if errors.Is(err, sql.ErrNoRows) {
			err = nil
		}
	}
	if err == nil {
		var n int
		err = s.q.QueryRowContext(ctx, "SELECT COUNT(*) FROM chain").Scan(&n)
		s.pruned = n > 0
	}
	s.head = readHash(s.head)
	if err != nil {
		s.Rollback()
		return nil, s.faultIn(ctx, "reading the chain's head", err)
	}
	if err := s.claim(ctx); err != nil {
		s.Rollback()
		return nil, err
	}
	if err := s.mark(ctx); err != nil {
		s.Rollback()
		return nil, err
	}
	return s, nil
}

// mark starts the run under way at a savepoint, so that it can be undone
// alone (RollbackRun) when others share the transaction.
func (s *Session) mark(ctx context.Context) error {
	ctx, cancel := within(ctx)
	defer cancel()
	if _, err := s.q.ExecContext(ctx, "SAVEPOINT run"); err != nil {
		return s.faultIn(ctx, "starting the run", err)
	}
	s.markSeq, s.markHead, s.ended = s.seq, s.head, false
	s.drawing, s.repeats, s.already = map[string]Conflict{}, nil, map[string]place{}
	return nil
}

// place is a line's file and line number.
type place struct {
	file string
	line int
}

// Next starts another run in the same transaction, after the one before
// ended (EndRun or RollbackRun): group commit, several runs (a service's
// requests) committed at once, each reading the drawdown the runs before
// it left.
func (s *Session) Next(ctx context.Context, run Run, amend bool) error {
	if !s.ended || s.done {
		return fmt.Errorf("ledger: Next before the run under way ended")
	}
	if err := s.settle(); err != nil { // nothing is written in the background between runs (Add refuses): a failed session stays failed
		return err
	}
	if err := run.valid(); err != nil {
		return err
	}
	if run.ID == "" {
		run.ID = newRunID(run.Started)
	}
	s.run, s.amend, s.stats = run, amend, Stats{}
	s.rf = run.fields()
	s.rf.hash()
	if err := s.claim(ctx); err != nil {
		return err
	}
	return s.mark(ctx)
}

// valid says what of the run cannot be recorded.
func (r *Run) valid() error {
	if r.ScreeningOff && len(r.Screening) > 0 {
		return fmt.Errorf("ledger: a run with screening off names screening lists (%s)", r.Screening[0].Path)
	}
	for _, sn := range r.Screening {
		if sn.Path == "" || sn.SHA256 == "" {
			return fmt.Errorf("ledger: a screening list without its path or SHA-256 (%q, %q)", sn.Path, sn.SHA256)
		}
	}
	return nil
}

func newRunID(started time.Time) string {
	b := make([]byte, 8)
	rand.Read(b)
	return started.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b)
}

// EndRun writes what is left of the run under way and its run row,
// without committing the transaction: when its orders conflict, the run
// is undone alone and EndRun returns ErrConflict with the conflicts in
// the stats.
func (s *Session) EndRun(ctx context.Context) (Stats, error) {
	if err := s.flush(ctx); err != nil {
		s.RollbackRun(ctx)
		return s.stats, err
	}
	s.stats.Head = s.head
	s.stats.Conflicts = append(s.stats.Conflicts, s.repeats...)
	if len(s.stats.Conflicts) > 0 {
		s.RollbackRun(ctx)
		return s.stats, ErrConflict
	}
	rf := s.run.fields()
	sctx, cancel := within(ctx)
	defer cancel()
	if _, err := s.q.ExecContext(sctx, "INSERT INTO runs (run_id, started_at, tool_version, policy_revision, records_revision, screening, inputs, actor, content, reason) VALUES ("+s.l.params(1, 10)+")",
		s.run.ID, rf.Started, rf.ToolVersion, rf.PolicyRevision, rf.RecordsRevision, rf.Screening, rf.Inputs, rf.Actor, rf.Content, rf.Reason); err != nil {
		s.RollbackRun(ctx)
		return s.stats, s.faultIn(sctx, "writing the run", err)
	}
	if _, err := s.q.ExecContext(sctx, "RELEASE SAVEPOINT run"); err != nil {
		return s.stats, s.faultIn(sctx, "ending the run", err)
	}
	s.ended = true
	return s.stats, nil
}

// RollbackRun undoes the run under way alone: the runs before it in the
// transaction stay.
func (s *Session) RollbackRun(ctx context.Context) error {
	failed := s.settle() // a failed write leaves the session failed: said once the run is undone
	if s.ended || s.done {
		return failed
	}
	s.ended = true
	s.seq, s.head = s.markSeq, s.markHead
	s.batch, s.arena = s.batch[:0], s.arena[:0]
	clear(s.inBatch)
	clear(s.texts) // written again if need be (ON CONFLICT DO NOTHING)
	// Undone even when the caller's deadline has passed.
	ctx, cancel := within(context.WithoutCancel(ctx))
	defer cancel()
	for _, q := range []string{"ROLLBACK TO SAVEPOINT run", "RELEASE SAVEPOINT run"} {
		if _, err := s.q.ExecContext(ctx, q); err != nil {
			return s.faultIn(ctx, "undoing the run", err)
		}
	}
	return failed
}

// Commit commits the runs ended in the transaction.
func (s *Session) Commit(ctx context.Context) error {
	if !s.ended {
		return fmt.Errorf("ledger: Commit before the run under way ended")
	}
	return s.commit(ctx)
}

// fault wraps a database error with what the ledger was doing, and says
// so plainly when the cause is another run's lock.
func (l *Ledger) fault(doing string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked") || strings.Contains(msg, "lock timeout") || strings.Contains(msg, "55P03") {
		return fmt.Errorf("ledger %s: %s: another run holds the ledger's lock and did not finish within %s: %w", l.name, doing, LockTimeout, err)
	}
	if gone := l.schemaGone(doing, err); gone != nil {
		return gone
	}
	if l.readOnly || strings.Contains(msg, "readonly database") {
		return fmt.Errorf("ledger %s: %s: the ledger can only be read here (its file or directory cannot be written): %w", l.name, doing, err)
	}
	return fmt.Errorf("ledger %s: %s: %w", l.name, doing, err)
}

// StatementTimeout is how long each step of a commit around its batches may
// take (reading the chain's head or the drawdown, starting, ending or
// undoing a run, COMMIT, ROLLBACK; taking the lock may take LockTimeout
// more): a database that stops answering (a server stalled, a network
// gone silent) fails the commit instead of holding it, and its lock,
// for ever. The batches have BatchTimeout. A SQLite write blocked in the
// kernel (a stalled disk) is not cut short.
var StatementTimeout = 2 * time.Minute

// timeout is the cause of a step's deadline, telling it from the
// caller's own: how long the step had, and the setting that gave it.
type timeout struct {
	d       time.Duration
	setting string
}

func (t *timeout) Error() string { return fmt.Sprintf("ledger: %s (%s) passed", t.setting, t.d) }

// within bounds one step by StatementTimeout.
func within(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeoutCause(ctx, StatementTimeout, &timeout{StatementTimeout, "ledger.StatementTimeout"})
}

// timedOut is the step's own deadline if it ended ctx, else nil.
func timedOut(ctx context.Context) *timeout {
	var t *timeout
	if errors.As(context.Cause(ctx), &t) {
		return t
	}
	return nil
}

// faultFunc wraps an error of a step with what the ledger was doing.
type faultFunc func(ctx context.Context, doing string, err error) error

// faultIn is fault for a read bounded by within: it says so when the
// database did not answer in time.
func (l *Ledger) faultIn(ctx context.Context, doing string, err error) error {
	if t := timedOut(ctx); t != nil {
		return fmt.Errorf("ledger %s: %s: the database did not answer within %s (%s): %w", l.name, doing, t.d, t.setting, err)
	}
	return l.fault(doing, err)
}

// faultIn is fault for a step of a commit bounded by within: when the
// database did not answer in time, the commit fails, and nothing of the
// run was committed.
func (s *Session) faultIn(ctx context.Context, doing string, err error) error {
	if t := timedOut(ctx); t != nil {
		return fmt.Errorf("ledger %s: %s: the database did not answer within %s (%s); nothing of the run was committed: %w", s.l.name, doing, t.d, t.setting, err)
	}
	return s.l.fault(doing, err)
}

// RunID is the run's id.
func (s *Session) RunID() string { return s.run.ID }

// Drawn implements checker.Drawdown inside the commit's lock.
func (s *Session) Drawn(ctx context.Context, except []string) (map[[2]string]float64, error) {
	if err := s.settle(); err != nil {
		return nil, err
	}
	return s.l.drawn(ctx, s.q, except, s.faultIn)
}

// Drawn implements checker.Drawdown for a run that only reads the ledger:
// the draws are checked and read in one read-only transaction (one
// snapshot: PostgreSQL's repeatable read, SQLite's read transaction).
func (l *Ledger) Drawn(ctx context.Context, except []string) (map[[2]string]float64, error) {
	if err := l.Ready(ctx); err != nil {
		return nil, err
	}
	tx, err := l.db.BeginTx(ctx, l.readTx()) // ends with ctx, or at the rollback
	if err != nil {
		return nil, l.fault("reading what the licences have drawn", err)
	}
	defer tx.Rollback()
	return l.drawn(ctx, tx, except, l.faultIn)
}

// drawn is what the licences have drawn, less what the orders in except
// drew: one read of the draws, bounded by StatementTimeout. A record
// drawn on only by orders in except is not in it (as if never drawn).
func (l *Ledger) drawn(ctx context.Context, q querier, except []string, fault faultFunc) (map[[2]string]float64, error) {
	// An order on several lines of the book (lines that draw nothing may
	// repeat one) is one order to leave out, and one parameter.
	seen := make(map[string]bool, len(except))
	once := make([]string, 0, len(except))
	for _, id := range except {
		if !seen[id] {
			seen[id] = true
			once = append(once, id)
		}
	}
	except = once
	out := map[[2]string]float64{}
	ctx, cancel := within(ctx)
	defer cancel()
	// What remains on a licence is counted from the draws table: first,
	// that it says what the log's standing versions draw (fail closed).
	if err := l.drawsCheck(ctx, q, fault); err != nil {
		return nil, err
	}
	var rows *sql.Rows
	var err error
	if len(except) > exceptScan {
		// Most of a large book's orders draw nothing (the checker leaves
		// out every order of the book, not only those drawing now): one
		// pass over the draws, summing those of other orders, rather than
		// a list of ids too long for one statement.
		rows, err = q.QueryContext(ctx, "SELECT order_id, record, lim, amount FROM draws")
		if err == nil {
			err = func() error {
				defer rows.Close()
				for rows.Next() {
					var id, rec, lim string
					var amount float64
					if err := rows.Scan(&id, &rec, &lim, &amount); err != nil {
						return err
					}
					if !seen[id] {
						out[[2]string{rec, lim}] += amount
					}
				}
				return rows.Err()
			}()
		}
		if err == nil {
			// The units of each order that drew on a record but not on
			// its value (checker.Unvalued), grouped by the database: kept
			// here, every drawing order's id would be held at once.
			rows, err = q.QueryContext(ctx, "SELECT order_id, record, MAX(CASE WHEN lim = 'value' THEN 0 ELSE amount END) FROM draws"+
				" GROUP BY order_id, record HAVING MAX(CASE WHEN lim = 'value' THEN 1 ELSE 0 END) = 0")
			if err == nil {
				err = func() error {
					defer rows.Close()
					for rows.Next() {
						var id, rec string
						var units float64
						if err := rows.Scan(&id, &rec, &units); err != nil {
							return err
						}
						if !seen[id] {
							out[[2]string{rec, checker.Unvalued}] += units
						}
					}
					return rows.Err()
				}()
			}
		}
	} else {
		// A small book: the database sums the draws of the other orders,
		// in one statement (one snapshot: not a total and then the book's
		// draws by batches, which a commit between them could set apart,
		// and which left a record only the book drew on as drawn 0, or a
		// rounding's remainder, where the pass above leaves it out).
		var where, where2 string
		args := anys(except)
		if len(except) > 0 {
			where = " WHERE order_id NOT IN (" + l.params(1, len(except)) + ")"
			where2 = " WHERE order_id NOT IN (" + l.params(len(except)+1, len(except)) + ")"
			args = append(args, args...)
		}
		// And, under checker.Unvalued, the units of the orders that drew
		// on a record but not on its value (each order's quantity once:
		// it draws all of it under each quantity limit).
		rows, err = q.QueryContext(ctx, "SELECT record, lim, SUM(amount) FROM draws"+where+" GROUP BY record, lim"+
			" UNION ALL SELECT record, '"+checker.Unvalued+"', SUM(units) FROM (SELECT record,"+
			" MAX(CASE WHEN lim = 'value' THEN 0 ELSE amount END) AS units,"+
			" MAX(CASE WHEN lim = 'value' THEN 1 ELSE 0 END) AS valued FROM draws"+where2+
			" GROUP BY order_id, record) AS o WHERE valued = 0 GROUP BY record", args...)
		if err == nil {
			err = scanDraws(rows, out)
		}
	}
	if err != nil {
		return nil, fault(ctx, "reading what the licences have drawn", err)
	}
	return out, nil
}

// Committed implements checker.Drawdown inside the commit's lock.
func (s *Session) Committed(ctx context.Context, ids []string) (map[string]checker.CommittedDraw, error) {
	if err := s.settle(); err != nil {
		return nil, err
	}
	return s.l.committed(ctx, s.q, ids, s.faultIn)
}

// Committed implements checker.Drawdown for a run that only reads the
// ledger, in a read-only transaction of its own.
func (l *Ledger) Committed(ctx context.Context, ids []string) (map[string]checker.CommittedDraw, error) {
	if err := l.Ready(ctx); err != nil {
		return nil, err
	}
	tx, err := l.db.BeginTx(ctx, l.readTx())
	if err != nil {
		return nil, l.fault("reading what committed orders drew", err)
	}
	defer tx.Rollback()
	return l.committed(ctx, tx, ids, l.faultIn)
}

// committed is, of the orders ids, those whose standing versions draw on
// the records (the draws table holds only theirs), each with the most
// it draws on any one record, in units and in value.
func (l *Ledger) committed(ctx context.Context, q querier, ids []string, fault faultFunc) (map[string]checker.CommittedDraw, error) {
	out := map[string]checker.CommittedDraw{}
	if len(ids) == 0 {
		return out, nil
	}
	ctx, cancel := within(ctx)
	defer cancel()
	add := func(id string, units, value float64) {
		d := out[id]
		out[id] = checker.CommittedDraw{Units: max(d.Units, units), Value: max(d.Value, value)}
	}
	var rows *sql.Rows
	var err error
	if len(ids) > exceptScan {
		// A large book: one pass over the draws, as drawn reads them.
		want := make(map[string]bool, len(ids))
		for _, id := range ids {
			want[id] = true
		}
		rows, err = q.QueryContext(ctx, "SELECT order_id, lim, amount FROM draws")
		if err == nil {
			err = func() error {
				defer rows.Close()
				for rows.Next() {
					var id, lim string
					var amount float64
					if err := rows.Scan(&id, &lim, &amount); err != nil {
						return err
					}
					if !want[id] {
						continue
					}
					if lim == "value" {
						add(id, 0, amount)
					} else {
						add(id, amount, 0)
					}
				}
				return rows.Err()
			}()
		}
	} else {
		const sums = "SELECT order_id, MAX(CASE WHEN lim = 'value' THEN 0 ELSE amount END), MAX(CASE WHEN lim = 'value' THEN amount ELSE 0 END) FROM draws WHERE "
		if l.kind == "postgres" {
			rows, err = q.QueryContext(ctx, sums+"order_id = ANY($1) GROUP BY order_id, record", ids)
		} else {
			var list []byte
			if list, err = json.Marshal(ids); err == nil {
				rows, err = q.QueryContext(ctx, sums+"order_id IN (SELECT value FROM json_each(?)) GROUP BY order_id, record", string(list))
			}
		}
		if err == nil {
			err = func() error {
				defer rows.Close()
				for rows.Next() {
					var id string
					var units, value float64
					if err := rows.Scan(&id, &units, &value); err != nil {
						return err
					}
					add(id, units, value)
				}
				return rows.Err()
			}()
		}
	}
	if err != nil {
		return nil, fault(ctx, "reading what committed orders drew", err)
	}
	return out, nil
}

// exceptScan is how many orders to leave out of the drawdown above which
// the draws are read whole rather than summed by the database without
// those orders (at most 4,096 parameters, each order twice: SQLite allows
// 32,766 and PostgreSQL 65,535 in one statement).
var exceptScan = 8 * BatchSize

func scanDraws(rows *sql.Rows, out map[[2]string]float64) error {
	defer rows.Close()
	for rows.Next() {
		var rec, lim string
		var amount float64
		if err := rows.Scan(&rec, &lim, &amount); err != nil {
			return err
		}
		out[[2]string{rec, lim}] += amount
	}
	return rows.Err()
}

// params is n parameters numbered from from: "$1, $2, …" for PostgreSQL,
// "?, ?, …" for SQLite (whose parser looks numbered parameters up by name,
// at a cost that grows with their number).
func (l *Ledger) params(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		if l.kind == "sqlite" {
			b.WriteByte('?')
		} else {
			fmt.Fprintf(&b, "$%d", from+i)
		}
	}
	return b.String()
}

// insert begins a commit's multi-row INSERT. SQLite's is OR FAIL: with
// the default (ABORT), SQLite keeps a statement journal to undo a failing
// statement alone, writing the page as it was before of every page the
// statement changes to a temporary file (/var/tmp), again for each
// statement: 212 of the 326 MB a 100,000-line commit wrote. A commit never goes on
// after a failed statement: the session fails and its transaction is
// rolled back whole (TestBatchFails), which undoes the failed statement's
// rows too.
func (l *Ledger) insert() string {
	if l.kind == "postgres" {
		return "INSERT INTO "
	}
	return "INSERT OR FAIL INTO "
}

// rowsOf is n parenthesised rows of ncol parameters each. A full batch's
// is kept (a commit asks for it thousands of times); others, of every
// size, are not, so that a long-running service keeps a few at most.
func (l *Ledger) rowsOf(n, ncol int) string {
	full := n == l.batchSize()
	if v, ok := l.rows.Load([2]int{n, ncol}); full && ok {
		return v.(string)
	}
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		b.WriteString(l.params(i*ncol+1, ncol))
		b.WriteByte(')')
	}
	if !full {
		return b.String()
	}
	v, _ := l.rows.LoadOrStore([2]int{n, ncol}, b.String())
	return v.(string)
}

// exec runs a statement, prepared once per run and reused.
func (s *Session) exec(ctx context.Context, query string, args ...any) error {
	st, err := s.prepared(ctx, query)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return err
}

// prepared is the statement of query, prepared once per run.
func (s *Session) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	st, ok := s.stmts[query]
	if !ok {
		var err error
		if st, err = s.q.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		s.stmts[query] = st
	}
	return st, nil
}

// rawExec runs a statement on the driver's connection underneath (SQLite),
// prepared once per run and reused, its values handed over as they are.
func (s *Session) rawExec(ctx context.Context, query string, args []driver.NamedValue) error {
	return s.conn.Raw(func(dc any) error {
		st, ok := s.raw[query]
		if !ok {
			p, ok := dc.(driver.ConnPrepareContext)
			if !ok {
				return fmt.Errorf("ledger: %T cannot prepare", dc)
			}
			var err error
			if st, err = p.PrepareContext(ctx, query); err != nil {
				return err
			}
			if s.raw == nil {
				s.raw = map[string]driver.Stmt{}
			}
			s.raw[query] = st
		}
		x, ok := st.(driver.StmtExecContext)
		if !ok {
			return fmt.Errorf("ledger: %T cannot execute", st)
		}
		_, err := x.ExecContext(ctx, args)
		return err
	})
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// job is a batch handed to the background: its rows, what they were
// prepared in, and, once done is closed, how writing them went. A job is
// not reused (the next one reads it when done); its buffers are.
type job struct {
	spare
	done chan struct{}
	err  error
}

type spare struct {
	rows  []Row
	arena []byte
}

// Queued is how many full batches may wait to be written while Add
// gathers the next: enough that the writer never waits for the check
// while the check runs, few enough to hold little: 4 measured ~3 % faster
// and 30 MB more, over the 400 MB goal with a full-size screening list
// (docs/ledger.md).
const Queued = 2

// settle waits for the batches written in the background, and returns
// the first failure of a background write.
func (s *Session) settle() error {
	for len(s.queued) > 0 {
		s.retire()
	}
	return s.err
}

// retire waits for the oldest batch in the background, and keeps its
// buffers for another.
func (s *Session) retire() {
	j := s.queued[0]
	<-j.done
	if j.err != nil && s.err == nil {
		s.err = j.err
	}
	s.queued = s.queued[1:]
	s.spare = append(s.spare, spare{j.rows[:0], j.arena[:0]})
}

// Add keeps a result to commit. Results that could not be judged, and
// lines without an order id, are not committed (Add returns an error for
// the latter, naming the line).
func (s *Session) Add(ctx context.Context, r *checker.Result) error {
	if s.ended || s.done {
		// Kept, it would be written with the next run's batches, or,
		// by Commit, half of it (the full batches) and the rest dropped.
		return fmt.Errorf("ledger: Add after the run ended (EndRun, RollbackRun, Finish or Rollback): start another with Next")
	}
	if r.Err != nil {
		s.stats.Skipped++
		return nil
	}
	row := s.newRow(r)
	// A line without an id is named by its file and line in the reports
	// (orders.Read); that is no order id to keep.
	if row.OrderID == "" || isLineName(row.OrderID, r.Order.File, r.Order.Line) {
		s.stats.Skipped++
		return fmt.Errorf("%s:%d: %w", r.Order.File, r.Order.Line, ErrNoOrderID)
	}
	if f := row.badText(); f != "" {
		// Refused here, naming the line, rather than by PostgreSQL a batch
		// later; SQLite would keep it, and a ledger reads the same on both.
		s.stats.Skipped++
		return fmt.Errorf("%s:%d: the order's %s holds a NUL byte or text that is not UTF-8: a ledger keeps text, so it was not committed", r.Order.File, r.Order.Line, f)
	}
	if !s.rejudging {
		// An order drawn on a line before in this run: the ledger keeps
		// the order once, so it cannot count both (kept alike, the line
		// is drawn once; come out otherwise, the draw is lost).
		if c, ok := s.drawing[row.OrderID]; ok {
			c.File, c.Line = r.Order.File, r.Order.Line
			s.repeats = append(s.repeats, c)
			return nil
		}
		if len(row.draws) > 0 {
			s.drawing[row.OrderID] = Conflict{OrderID: row.OrderID, PriorFile: r.Order.File, PriorLine: r.Order.Line, PriorRun: s.run.ID, Repeated: true, PriorAuth: row.Auth}
		}
	}
	if _, ok := s.inBatch[row.OrderID]; ok {
		// The same order twice within a batch: write the first first (the
		// batches are written in order).
		if err := s.flushBackground(ctx); err != nil {
			return err
		}
	}
	s.inBatch[row.OrderID] = true
	s.arena = row.prepare(s.arena, s.l.kind == "postgres")
	s.batch = append(s.batch, row)
	if len(s.batch) >= s.l.batchSize() {
		return s.flushBackground(ctx)
	}
	return nil
}

// isLineName reports whether id is file:line, the name orders.Read gives
// a line without an id: as the checker tells it, leaving such a name out
// of the drawdown.
func isLineName(id, file string, line int) bool { return checker.NamedByLine(id, file, line) }

// flush writes what Add has gathered, and waits until it is written.
func (s *Session) flush(ctx context.Context) error {
	if err := s.settle(); err != nil {
		return err
	}
	err := s.writeBatch(ctx, s.batch)
	s.batch, s.arena = s.batch[:0], s.arena[:0]
	clear(s.inBatch)
	return err
}

// flushBackground hands what Add has gathered to the background, to be
// written after the batches before it; Add gathers the next meanwhile.
func (s *Session) flushBackground(ctx context.Context) error {
	if len(s.queued) >= Queued {
		s.retire()
	}
	if s.err != nil {
		s.settle()
		return s.err
	}
	// The rows prepared in the arena are written from it: both go with
	// the job, and Add takes spare ones.
	j := &job{spare: spare{s.batch, s.arena}, done: make(chan struct{})}
	s.batch, s.arena = nil, nil
	if n := len(s.spare); n > 0 {
		s.batch, s.arena = s.spare[n-1].rows, s.spare[n-1].arena
		s.spare = s.spare[:n-1]
	}
	clear(s.inBatch)
	var before *job
	if n := len(s.queued); n > 0 {
		before = s.queued[n-1]
	}
	s.queued = append(s.queued, j)
	// The write outlives the Add that started it: not its deadline or
	// cancellation (a caller may end each Add's context), the session's
	// end (Finish, Rollback) is what waits for it.
	wctx := context.WithoutCancel(ctx)
	go func() {
		defer close(j.done)
		defer func() {
			if p := recover(); p != nil {
				j.err = fmt.Errorf("ledger: writing a batch: %v", p)
			}
		}()
		if before != nil {
			if <-before.done; before.err != nil {
				j.err = before.err
				return
			}
		}
		j.err = s.writeBatch(wctx, j.rows)
	}()
	return nil
}

// BatchTimeout is how long writing a batch may take: a database that
// stops answering mid-commit (a server hung, a network gone silent)
// fails the commit instead of holding it, and the ledger's
// lock, until the connection dies. A batch takes milliseconds.
var BatchTimeout = 2 * time.Minute

var errBatchTimeout = errors.New("ledger: BatchTimeout")

// writeBatch writes a batch: new orders as decisions, changed ones as
// amendments (or conflicts), unchanged ones that came out otherwise as
// rejudgements, the others not at all; within BatchTimeout.
func (s *Session) writeBatch(ctx context.Context, batch []Row) error {
	if len(batch) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeoutCause(ctx, BatchTimeout, errBatchTimeout)
	defer cancel()
	err := s.writeRows(ctx, batch)
	if err != nil && context.Cause(ctx) == errBatchTimeout { // not the caller's own deadline
		return fmt.Errorf("ledger %s: the database did not write a batch of %d lines within %s (ledger.BatchTimeout); nothing of the run was committed: %w", s.l.name, len(batch), BatchTimeout, err)
	}
	return err
}

// unauthorized notes a rejudgement that takes an order off the record its
// version before drew on.
func (s *Session) unauthorized(before string, r *Row) {
	if before != "" && r.Auth == "" {
		s.stats.Unauthorized = append(s.stats.Unauthorized, Unauthorized{OrderID: r.OrderID, File: r.File, Line: r.Line, Auth: before})
	}
}

func (s *Session) writeRows(ctx context.Context, batch []Row) error {
	ids := make([]string, len(batch))
	for i, r := range batch {
		ids[i] = r.OrderID
	}
	type prior struct {
		hash                  string
		seq                   int64
		decision, auth, drawn string // what it decided and drew
		run, file             string // the run that wrote it, and its line
		line                  int
	}
	known := map[string]prior{} // the standing version: the latest row of each order
	var rows *sql.Rows
	var err error
	if s.l.kind == "postgres" { // one array, not a parameter an order: one plan for every batch
		rows, err = s.q.QueryContext(ctx, "SELECT order_id, input_hash, seq, decision, auth, drawn, run_id, file, line FROM decisions d WHERE order_id = ANY($1) AND "+versionRow("d"), ids)
	} else { // one JSON array too: one statement prepared for the run, one value bound a batch, not one an order
		s.idsBuf = append(s.idsBuf[:0], '[')
		for i, id := range ids {
			if i > 0 {
				s.idsBuf = append(s.idsBuf, ',')
			}
			s.idsBuf = canon(s.idsBuf).str(id) // IDs are valid UTF-8 without NUL (badText): the array holds them as they are
		}
		s.idsBuf = append(s.idsBuf, ']')
		var st *sql.Stmt
		if st, err = s.prepared(ctx, "SELECT order_id, input_hash, seq, decision, auth, drawn, run_id, file, line FROM decisions d WHERE order_id IN (SELECT value FROM json_each(?)) AND "+versionRow("d")); err == nil {
			rows, err = st.QueryContext(ctx, string(s.idsBuf))
		}
	}
	if err != nil {
		return s.l.fault("reading committed orders", err)
	}
	for rows.Next() {
		var id string
		var p prior
		if err := rows.Scan(&id, &p.hash, &p.seq, &p.decision, &p.auth, &p.drawn, &p.run, &p.file, &p.line); err != nil {
			rows.Close()
			return err
		}
		p.hash = readHash(p.hash)
		if k, ok := known[id]; !ok || p.seq > k.seq {
			known[id] = p
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var write []*Row
	var amended []string
	for i := range batch {
		r := &batch[i]
		p, ok := known[r.OrderID]
		switch {
		case !ok:
			r.Kind = KindDecision
			s.stats.Committed++
			if s.pruned {
				// Its rows may have been pruned and their draws kept: what
				// it draws now replaces them (the check read the drawdown
				// without them).
				amended = append(amended, r.OrderID)
			}
		case s.rejudging:
			r.Kind = KindRejudgement
			s.stats.Rejudged++
			s.unauthorized(p.auth, r)
			amended = append(amended, r.OrderID)
		case p.hash == r.InputHash && p.decision == r.Decision && p.auth == r.Auth && p.drawn == r.Drawn:
			s.stats.Already++
			if _, ok := s.already[r.OrderID]; !ok {
				s.already[r.OrderID] = place{r.File, r.Line}
			}
			continue
		case s.already[r.OrderID] != (place{}):
			// An earlier line of this run, unchanged from the version
			// committed before (so not written), and this one with other
			// content: one order id given to two lines, not an amendment.
			at := s.already[r.OrderID]
			s.stats.Conflicts = append(s.stats.Conflicts, Conflict{OrderID: r.OrderID, File: r.File, Line: r.Line,
				PriorFile: at.file, PriorLine: at.line, PriorRun: s.run.ID, PriorSequence: p.seq, Repeated: true})
			continue
		case p.run == s.run.ID:
			// An earlier line of this run, with other content: not a
			// version committed before, which --amend would replace, but
			// one order id given to two lines (Add refuses a line
			// repeating one that draws before it gets here).
			s.stats.Conflicts = append(s.stats.Conflicts, Conflict{OrderID: r.OrderID, File: r.File, Line: r.Line,
				PriorFile: p.file, PriorLine: p.line, PriorRun: p.run, PriorSequence: p.seq, Repeated: true})
			continue
		case p.hash == r.InputHash:
			// Unchanged, but judged otherwise now (room freed or taken on
			// its licence, other records): what the run decided and drew
			// is what stands, as it reports.
			r.Kind = KindRejudgement
			s.stats.Rejudged++
			s.unauthorized(p.auth, r)
			amended = append(amended, r.OrderID)
		case s.amend:
			r.Kind = KindAmendment
			s.stats.Amended++
			amended = append(amended, r.OrderID)
		default:
			c := Conflict{OrderID: r.OrderID, File: r.File, Line: r.Line, PriorSequence: p.seq}
			s.q.QueryRowContext(ctx, "SELECT d.file, d.line, d.run_id, r.started_at FROM decisions d JOIN runs r ON r.run_id = d.run_id WHERE d.seq = "+s.l.params(1, 1), p.seq).Scan(&c.PriorFile, &c.PriorLine, &c.PriorRun, &c.PriorDecided)
			s.stats.Conflicts = append(s.stats.Conflicts, c)
			continue
		}
		s.seq++
		r.Seq, r.PrevHash = s.seq, s.head
		r.RowHash, s.hashBuf = r.hashWith(s.hashBuf)
		s.head = r.RowHash
		write = append(write, r)
	}
	if len(write) > 0 && len(s.stats.Conflicts) == 0 {
		return s.write(ctx, write, amended)
	}
	return nil
}

// write inserts the rows and their reasons, and replaces the draws of
// the orders amended.
func (s *Session) write(ctx context.Context, rows []*Row, amended []string) error {
	var args []any
	var texts int
	for _, r := range rows {
		if !s.texts[r.ReasonsHash] {
			s.texts[r.ReasonsHash] = true
			args = append(args, s.l.storedHash(r.ReasonsHash), r.Reasons)
			texts++
		}
	}
	if texts > 0 {
		if err := s.exec(ctx, s.l.insert()+"texts (hash, body) VALUES "+s.l.rowsOf(texts, 2)+" ON CONFLICT (hash) DO NOTHING", args...); err != nil {
			return s.l.fault("writing reasons", err)
		}
	}
	if len(amended) > 0 {
		// The versions before stand no longer; their draws are replaced.
		if _, err := s.q.ExecContext(ctx, "UPDATE decisions SET standing = 0 WHERE standing = 1 AND order_id IN ("+s.l.params(1, len(amended))+")", anys(amended)...); err != nil {
			return s.l.fault("marking the versions before", err)
		}
		if _, err := s.q.ExecContext(ctx, "DELETE FROM draws WHERE order_id IN ("+s.l.params(1, len(amended))+")", anys(amended)...); err != nil {
			return s.l.fault("replacing draws", err)
		}
	}
	if err := s.insertDecisions(ctx, rows); err != nil {
		return s.l.fault("writing decisions", err)
	}
	args = args[:0]
	n := 0
	for _, r := range rows {
		for _, d := range r.draws {
			args = append(args, r.OrderID, r.Auth, d.Limit, d.Amount, r.Seq)
			n++
		}
	}
	if n > 0 {
		if err := s.exec(ctx, s.l.insert()+"draws (order_id, record, lim, amount, seq) VALUES "+s.l.rowsOf(n, 5), args...); err != nil {
			return s.l.fault("writing draws", err)
		}
	}
	return nil
}

// insertDecisions writes rows of the log: by COPY to PostgreSQL (in its
// binary format, written here: no value is boxed, encoded twice or parsed),
// by multi-row INSERT to SQLite.
func (s *Session) insertDecisions(ctx context.Context, rows []*Row) error {
	if s.l.kind == "postgres" {
		s.copyBuf = append(s.copyBuf[:0], copyHeader...)
		for _, r := range rows {
			s.copyBuf = r.appendCopy(s.copyBuf)
		}
		s.copyBuf = append(s.copyBuf, copyTrailer...)
		return s.conn.Raw(func(dc any) error {
			c, ok := dc.(*stdlib.Conn)
			if !ok {
				return fmt.Errorf("not a pgx connection: %T", dc)
			}
			_, err := c.Conn().PgConn().CopyFrom(ctx, bytes.NewReader(s.copyBuf), "COPY decisions ("+insertColumns+") FROM STDIN (FORMAT binary)")
			return err
		})
	}
	// SQLite: one multi-row INSERT a batch, its values handed to the
	// driver as they are (through database/sql, every batch's 6,400
	// values were copied into a slice of its own and checked, which with
	// the SQL text built again made most of a commit's garbage).
	s.blobs = slices.Grow(s.blobs[:0], len(rows)*len(hashColumns)*sha256.Size) // not moved while the batch's values point into it
	named := s.named[:0]
	for _, r := range rows {
		start := len(named)
		for _, v := range r.values() {
			named = append(named, driver.NamedValue{Ordinal: len(named) + 1, Value: v})
		}
		named = append(named, driver.NamedValue{Ordinal: len(named) + 1, Value: int64(r.standing())})
		for j, i := range hashColumns {
			if j < 2 && r.stored != nil { // input_hash, reasons_hash: prepared by Add
				named[start+i].Value = r.stored[j*sha256.Size : (j+1)*sha256.Size : (j+1)*sha256.Size]
				continue
			}
			n := len(s.blobs)
			s.blobs = storeHash(s.blobs, named[start+i].Value.(string))
			named[start+i].Value = s.blobs[n:len(s.blobs):len(s.blobs)]
		}
	}
	s.named = named
	return s.rawExec(ctx, s.l.insert()+"decisions ("+insertColumns+") VALUES "+s.l.rowsOf(len(rows), ncolumns+1), named)
}

// Finish writes what is left and commits the run, or, when orders
// conflict, rolls everything back and returns ErrConflict with the
// conflicts in the stats.
func (s *Session) Finish(ctx context.Context) (Stats, error) {
	st, err := s.EndRun(ctx)
	if err != nil {
		s.Rollback()
		return st, err
	}
	return st, s.commit(ctx)
}

func (s *Session) commit(ctx context.Context) error {
	if err := s.settle(); err != nil {
		s.Rollback()
		return err
	}
	s.closeStmts()
	cctx, cancel := within(ctx)
	defer cancel()
	_, err := s.conn.ExecContext(cctx, "COMMIT")
	s.done = true
	if err != nil {
		// A COMMIT that failed may leave the transaction open (SQLite,
		// when it is busy or the context ended): undone here, and the
		// connection is not handed back to the pool to be used again.
		rctx, cancel := within(context.WithoutCancel(ctx))
		defer cancel()
		s.conn.ExecContext(rctx, "ROLLBACK")
		s.conn.Raw(func(any) error { return driver.ErrBadConn })
		s.conn.Close()
		// Unless the database said no, it may have committed and not
		// said so.
		var why string
		var refused *pgconn.PgError
		switch t := timedOut(cctx); {
		case t != nil:
			why = fmt.Sprintf("the database did not answer within %s (%s)", t.d, t.setting)
		case cctx.Err() != nil:
			why = fmt.Sprintf("interrupted (%v) while the database committed", context.Cause(cctx))
		case s.l.kind == "postgres" && !errors.As(err, &refused):
			why = "the connection failed while the database committed"
		default:
			return s.l.fault("committing", err)
		}
		return fmt.Errorf("ledger %s: committing: %s: whether the run was committed is not known (`exportcheck ledger query --since` shows what the ledger holds; committing the same book again draws nothing twice): %w",
			s.l.name, why, err)
	}
	s.conn.Close()
	for rev, content := range s.claimed {
		s.l.revisions.Store(rev, content)
	}
	return nil
}

// Rollback abandons the commit: nothing of the run is written.
func (s *Session) Rollback() {
	s.settle()
	if s.done {
		return
	}
	s.done = true
	s.closeStmts()
	ctx, cancel := within(context.Background())
	defer cancel()
	if _, err := s.conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		s.conn.Raw(func(any) error { return driver.ErrBadConn }) // not back to the pool in an unknown state
	}
	s.conn.Close()
}

func (s *Session) closeStmts() {
	for _, st := range s.stmts {
		st.Close()
	}
	clear(s.stmts)
	if len(s.raw) > 0 {
		s.conn.Raw(func(any) error {
			for _, st := range s.raw {
				st.Close()
			}
			return nil
		})
		clear(s.raw)
	}
}

// runFields are a run's columns as stored.
type runFields struct {
	Started, ToolVersion, PolicyRevision, RecordsRevision, Screening, Inputs, Actor string
	// Content is the content behind PolicyRevision when the revision is
	// not its hash (as the revisions table keeps it); "" otherwise, and
	// for runs written before it was kept (migration 6).
	Content string
	// Reason is why the run was committed, as its committer gave it
	// (Run.Reason); "" for none, and for runs written before it was kept
	// (migration 6).
	Reason string
	sum    string // hash, once computed
}

// hash is the SHA-256 of the run's fields as a JSON array (canon): the
// seven fields every run has; then the content when there is one; then,
// when there is a reason, the content ("" or not) and the reason. Runs
// without them (all those written before) hash as they did; the array's
// length says which fields it holds.
func (f *runFields) hash() string {
	if f.sum == "" {
		fs := []string{f.Started, f.ToolVersion, f.PolicyRevision, f.RecordsRevision, f.Screening, f.Inputs, f.Actor}
		if f.Content != "" || f.Reason != "" {
			fs = append(fs, f.Content)
		}
		if f.Reason != "" {
			fs = append(fs, f.Reason)
		}
		f.sum = sum(strs(fs...))
	}
	return f.sum
}

// screeningOff is what the runs table records of a run that screened
// against no list (Run.ScreeningOff), as its screening. An object, not the
// JSON string "off": ledger query -f json gives the stored JSON as it is,
// and a string there would read as text stored, which is not what the
// run's hash covers.
const screeningOff = `{"off":true}`

// screening is what the runs table records of what a run screened
// against: {"off":true} when screening was off; else a JSON
// array of its lists, each the object check's JSON output writes for it
// (reports.Snapshot), [] when none is known. Runs recorded before
// 2026-12-07 hold a JSON object of path -> SHA-256 instead ({} for
// none, screening off); RunRecord.Screened reads both.
func (r *Run) screening() string {
	if r.stored != "" {
		return r.stored
	}
	if r.ScreeningOff {
		return screeningOff
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	lists := r.Screening
	if lists == nil {
		lists = []reports.Snapshot{}
	}
	enc.Encode(lists)
	return strings.TrimSuffix(b.String(), "\n")
}

func (r Run) fields() runFields {
	in, _ := json.Marshal(r.Inputs)
	if r.Inputs == nil {
		in = []byte("{}")
	}
	f := runFields{Started: r.Started.UTC().Format(time.RFC3339), ToolVersion: r.ToolVersion, PolicyRevision: r.PolicyRevision, RecordsRevision: r.RecordsRevision, Screening: r.screening(), Inputs: string(in), Actor: r.Actor, Reason: r.Reason}
	if named(r.PolicyRevision, r.Content) && !r.unhashed {
		f.Content = r.Content // what the revisions table keeps for it: hashed, so that verify checks the table
	}
	return f
}

// Row is one row of the decision log, with what it refers to: its run's
// fields and its reasons.
type Row struct {
	Seq         int64
	Kind        string // decision | amendment | rejudgement | clearance (Kind*)
	RunID       string
	OrderID     string
	File        string
	Line        int
	InputHash   string
	Inputs      string // JSON: the line's fields as read, name then value
	ShipDate    string
	Product     string
	Destination string
	EndUser     string
	Decision    string
	ECCN        string
	Regime      string
	Review      string // review policy
	Exception   string // licence exception
	Hits        string // JSON: the screening hits the policy read
	Auth        string // kind:number, "" for none
	Drawn       string // JSON: [{"limit", "amount"}]
	ReasonsHash string
	PrevHash    string
	RowHash     string
	// Headline is 1 + the index in Reasons of the reason that decided the
	// line, as the policy marked it (checker.Result.Headline); 0 for a
	// row written before rows kept it, and for an action. Hashed when not
	// 0: rows written before hash as they did.
	Headline int

	Reasons string    // JSON: the reasons ReasonsHash names
	Run     runFields // the run's fields (decided at, revisions, lists)
	// Standing (read by Query; not hashed) is whether the row is its
	// order's standing version, the one whose draws count: false for a
	// version a later one replaced, and for an action.
	Standing bool

	draws []checker.Draw
	// pre is what prepare wrote (nil when not prepared): the canonical
	// content after the kind, then (from preCopy) the COPY fields of the
	// middle columns.
	pre     []byte
	preCopy int
	// stored is, for SQLite, the input and reasons hashes as stored (two
	// 32-byte blobs), written by prepare.
	stored []byte
}

// badText is the first of a row's text columns taken from the order that
// holds a NUL byte or is not UTF-8 (PostgreSQL keeps neither); "" when
// none does.
func (r *Row) badText() string {
	for _, f := range [...]struct{ name, v string }{
		{"id", r.OrderID}, {"file name", r.File}, {"product", r.Product}, {"destination", r.Destination},
		{"end user", r.EndUser}, {"date", r.ShipDate},
	} {
		if strings.IndexByte(f.v, 0) >= 0 || !utf8.ValidString(f.v) {
			return f.name
		}
	}
	return ""
}

const (
	columns  = "seq, kind, run_id, order_id, file, line, input_hash, inputs, ship_date, product, destination, end_user, decision, eccn, regime, review, exception, hits, auth, drawn, reasons_hash, prev_hash, row_hash, headline"
	ncolumns = 24
	// insertColumns are the columns a row is written with: its own, and
	// the standing flag (kept at commit, not hashed).
	insertColumns = columns + ", standing"
)

// standing is the flag a row is written with: a line is its order's
// standing version until a later one comes; an action never is.
func (r *Row) standing() int16 {
	if r.IsAction() {
		return 0
	}
	return 1
}

func (r *Row) values() []any {
	return []any{r.Seq, r.Kind, r.RunID, r.OrderID, r.File, int64(r.Line), r.InputHash, r.Inputs, r.ShipDate, r.Product, r.Destination, r.EndUser,
		r.Decision, r.ECCN, r.Regime, r.Review, r.Exception, r.Hits, r.Auth, r.Drawn, r.ReasonsHash, r.PrevHash, r.RowHash, int64(r.Headline)}
}

// PostgreSQL takes the log's rows by COPY in its binary format, written
// here: every field is its length and its bytes, so nothing is escaped by
// the ledger or parsed as text by the server (a 1M-row COPY measured
// 6.1–6.6 s of the server's against 6.9–8.3 s in the text format).
const (
	copyHeader  = "PGCOPY\n\xff\r\n\x00" + "\x00\x00\x00\x00" + "\x00\x00\x00\x00" // signature, flags, no extension
	copyTrailer = "\xff\xff"
)

// appendCopy appends the row as insertColumns in COPY's binary format: the
// number of fields, then its values (Row.values, then the standing flag),
// each its length and bytes (TestPrepared holds the two to the same order).
func (r *Row) appendCopy(b []byte) []byte {
	b = binary.BigEndian.AppendUint16(b, ncolumns+1)
	b = copyInt(b, r.Seq, 8)
	b = copyText(b, r.Kind)
	if r.pre != nil && len(r.pre) > r.preCopy {
		b = append(b, r.pre[r.preCopy:]...)
	} else {
		b = r.copyMiddle(b)
	}
	b = copyHash(copyHash(b, r.PrevHash), r.RowHash)
	b = copyInt(b, int64(r.Headline), 8)
	return copyInt(b, int64(r.standing()), 2)
}

// copyMiddle is the COPY fields of the columns from run_id to reasons_hash.
func (r *Row) copyMiddle(b []byte) []byte {
	for _, v := range [...]string{r.RunID, r.OrderID, r.File} {
		b = copyText(b, v)
	}
	b = copyInt(b, int64(r.Line), 8)
	b = copyHash(b, r.InputHash)
	for _, v := range [...]string{r.Inputs, r.ShipDate, r.Product, r.Destination, r.EndUser,
		r.Decision, r.ECCN, r.Regime, r.Review, r.Exception, r.Hits, r.Auth, r.Drawn} {
		b = copyText(b, v)
	}
	return copyHash(b, r.ReasonsHash)
}

// copyText appends a text field: its length, then its bytes.
func copyText(b []byte, v string) []byte {
	return append(binary.BigEndian.AppendUint32(b, uint32(len(v))), v...)
}

// copyInt appends an integer field of size bytes (8: BIGINT, 2: SMALLINT).
func copyInt(b []byte, v int64, size int) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(size))
	if size == 2 {
		return binary.BigEndian.AppendUint16(b, uint16(v))
	}
	return binary.BigEndian.AppendUint64(b, uint64(v))
}

// copyHash appends a hash field: hex hash h as PostgreSQL stores it
// (pgHash).
func copyHash(b []byte, h string) []byte {
	n := len(b)
	b = pgHash(append(b, 0, 0, 0, 0), h)
	binary.BigEndian.PutUint32(b[n:], uint32(len(b)-n-4))
	return b
}

// The hashes a row stores (input, reasons, previous row, row) are hex
// SHA-256s wherever they are compared, hashed or shown; the database
// keeps them smaller: SQLite as 32-byte blobs, PostgreSQL (a text column)
// in unpadded base64, 43 characters. Rows written before keep their hex,
// and readHash reads all three forms (docs/ledger.md).
var hashColumns = [...]int{6, 20, 21, 22} // input_hash, reasons_hash, prev_hash, row_hash in values()

// storeHash appends hex hash h as SQLite stores it: its 32 bytes (h as is
// when it is not a hex SHA-256, such as the empty hash before the first
// row).
func storeHash(b []byte, h string) []byte {
	if len(h) != 2*sha256.Size {
		return append(b, h...)
	}
	n := len(b)
	b = append(b, make([]byte, sha256.Size)...)
	if !decodeHex(b[n:], h) {
		return append(b[:n], h...)
	}
	return b
}

// decodeHex decodes lower-case hex s into dst (len(s)/2 bytes), reporting
// whether s was lower-case hex.
func decodeHex(dst []byte, s string) bool {
	var bad byte
	for i := range dst {
		hi, lo := unhex[s[2*i]], unhex[s[2*i+1]]
		bad |= hi | lo
		dst[i] = hi<<4 | lo
	}
	return bad < 16
}

// unhex is a lower-case hex digit's value, and 255 for every other byte
// (a commit decodes four hashes a row: a table, not a switch).
var unhex = func() (t [256]byte) {
	for c := range t {
		switch {
		case '0' <= c && c <= '9':
			t[c] = byte(c - '0')
		case 'a' <= c && c <= 'f':
			t[c] = byte(c - 'a' + 10)
		default:
			t[c] = 255
		}
	}
	return t
}()

// pgHash appends hex hash h as PostgreSQL stores it: unpadded base64 (h
// as is when it is not a hex SHA-256).
func pgHash(b []byte, h string) []byte {
	var raw [sha256.Size]byte
	if len(h) != 2*sha256.Size || !decodeHex(raw[:], h) {
		return append(b, h...)
	}
	return base64.RawStdEncoding.AppendEncode(b, raw[:])
}

// storedHash is hex hash h as the ledger's database stores it, for a
// statement's argument.
func (l *Ledger) storedHash(h string) any {
	if l.kind == "postgres" {
		return string(pgHash(nil, h))
	}
	return storeHash(nil, h)
}

// readHash is a stored hash as hex: a 32-byte blob (SQLite), 43
// characters of base64 (PostgreSQL), or hex as rows written before.
func readHash(s string) string {
	switch len(s) {
	case sha256.Size:
		return hex.EncodeToString([]byte(s))
	case base64.RawStdEncoding.EncodedLen(sha256.Size):
		if raw, err := base64.RawStdEncoding.DecodeString(s); err == nil {
			return hex.EncodeToString(raw)
		}
	}
	return s
}

// readHashes turns a scanned row's stored hashes into hex.
func (r *Row) readHashes() {
	for _, h := range [...]*string{&r.InputHash, &r.ReasonsHash, &r.PrevHash, &r.RowHash} {
		*h = readHash(*h)
	}
}

func (r *Row) scanArgs() []any {
	return []any{&r.Seq, &r.Kind, &r.RunID, &r.OrderID, &r.File, &r.Line, &r.InputHash, &r.Inputs, &r.ShipDate, &r.Product, &r.Destination, &r.EndUser,
		&r.Decision, &r.ECCN, &r.Regime, &r.Review, &r.Exception, &r.Hits, &r.Auth, &r.Drawn, &r.ReasonsHash, &r.PrevHash, &r.RowHash, &r.Headline}
}

// canonical is the row's content as hashed, after the previous row's hash
// and a newline: every column but the hashes, then the hash of its run's
// fields (runFields.hash), then the headline when not 0, as a JSON array
// (canon).
func (r *Row) canonical(buf []byte) []byte {
	c := canon(append(buf, r.PrevHash...))
	c = append(c, '\n', '[')
	c = c.int(r.Seq)
	c = append(c, ',')
	c = c.str(r.Kind)
	if r.pre != nil {
		return append(c, r.pre[:r.preCopy]...)
	}
	return r.canonicalTail(c)
}

// canonicalTail is the canonical content after the row's kind: what does
// not depend on its place in the chain.
func (r *Row) canonicalTail(c canon) canon {
	for _, s := range []string{r.RunID, r.OrderID, r.File} {
		c = append(c, ',')
		c = c.str(s)
	}
	c = append(c, ',')
	c = c.int(int64(r.Line))
	for _, s := range []string{r.InputHash, r.Inputs, r.ShipDate, r.Product, r.Destination, r.EndUser, r.Decision, r.ECCN, r.Regime, r.Review, r.Exception, r.Hits, r.Auth, r.Drawn, r.ReasonsHash, r.Run.hash()} {
		c = append(c, ',')
		c = c.str(s)
	}
	if r.Headline != 0 {
		c = append(c, ',')
		c = c.int(int64(r.Headline))
	}
	return append(c, ']')
}

// prepare writes, in buf, what does not depend on the row's place in the
// chain: the canonical content after its kind and, for PostgreSQL, its
// COPY fields from its run to its reasons. Add prepares each row while the
// batch before is written, so that the writer, which holds the database's
// one connection, does little more than hash and send.
func (r *Row) prepare(buf []byte, forCopy bool) []byte {
	start := len(buf)
	buf = r.canonicalTail(canon(buf))
	mid := len(buf)
	if forCopy {
		buf = r.copyMiddle(buf)
	}
	r.pre, r.preCopy = buf[start:len(buf):len(buf)], mid-start
	if !forCopy && len(r.InputHash) == 2*sha256.Size && len(r.ReasonsHash) == 2*sha256.Size {
		n := len(buf)
		buf = storeHash(storeHash(buf, r.InputHash), r.ReasonsHash)
		if len(buf)-n == 2*sha256.Size {
			r.stored = buf[n:len(buf):len(buf)]
		}
	}
	return buf
}

// hash is SHA-256 of the previous row's hash, a newline and the row's
// canonical content.
func (r *Row) hash() string {
	h, _ := r.hashWith(nil)
	return h
}

// hashWith is hash, the canonical content written in buf (returned for
// the next row).
func (r *Row) hashWith(buf []byte) (string, []byte) {
	buf = r.canonical(buf[:0])
	return sumOf(buf), buf
}

// sum is the hex SHA-256 of s.
func sum(s string) string { return sumOf([]byte(s)) }

// sumOf is the hex SHA-256 of b.
func sumOf(b []byte) string {
	h := sha256.Sum256(b)
	var x [2 * sha256.Size]byte
	hex.Encode(x[:], h[:])
	return string(x[:])
}

// reasons is a line's reasons as JSON, and its hash. Lines judged by one
// decision key share one slice of reasons (the checker never changes it):
// the JSON is made once per slice. The cache holds the slice, so its
// address is not reused while it is a key.
func (s *Session) reasons(rs []checker.Reason) (string, string) {
	if len(rs) == 0 {
		return "[]", noReasons
	}
	k := reasonsKey{unsafe.SliceData(rs), len(rs)}
	if j, ok := s.reasonsJSON[k]; ok {
		return j[0], j[1]
	}
	b, _ := json.Marshal(rs)
	j := [2]string{string(b), sum(string(b))}
	if len(s.reasonsJSON) >= 1<<16 {
		clear(s.reasonsJSON)
	}
	s.reasonsJSON[k] = j
	return j[0], j[1]
}

var noReasons = sum("[]")

// hits are the screening hits a line's decision read, as JSON.
func hits(fs []*checker.ScreeningFact) string {
	if len(fs) == 0 {
		return "[]"
	}
	type hit struct {
		List      string  `json:"list"`
		EntryID   string  `json:"entry_id"`
		Name      string  `json:"name"`
		Score     float64 `json:"score"`
		EntryHash string  `json:"entry_hash,omitempty"`
		Owner     string  `json:"owner,omitempty"` // the end user's owner the hit is on
	}
	hs := make([]hit, len(fs))
	for i, f := range fs {
		hs[i] = hit{f.List, f.EntryID, f.Name, f.Score, f.EntryHash, f.Owner}
	}
	b, _ := json.Marshal(hs)
	return string(b)
}

type reasonsKey struct {
	p *checker.Reason
	n int
}

// lateColumns are order columns added after orders were first committed:
// hashed only when set, so that an order committed before keeps its input
// hash (committing the same book again draws nothing).
var lateColumns = map[string]bool{"end_user_parent": true, "consignee": true}

// newRow is the log row for a judged line (without its place in the chain).
func (s *Session) newRow(r *checker.Result) Row {
	run, rf := s.run, s.rf
	o := r.Order
	// The inputs as strs writes them (name, value, …), in a buffer of the
	// session's.
	c := append(canon(s.inBuf[:0]), '[')
	for _, name := range checker.Columns {
		if v := o.Get(name); v != "" || !lateColumns[name] {
			c = append(c.str(name), ',')
			c = append(c.str(v), ',')
		}
	}
	for _, f := range o.Extra {
		c = append(c.str(f.Name), ',')
		c = append(c.str(f.Value), ',')
	}
	if c[len(c)-1] == ',' {
		c = c[:len(c)-1]
	}
	c = append(c, ']')
	s.inBuf = c
	reasons, reasonsHash := s.reasons(r.Reasons)
	row := Row{
		RunID: run.ID, OrderID: strings.TrimSpace(o.ID), File: o.File, Line: o.Line,
		InputHash: sumOf(c), Inputs: string(c), ShipDate: r.Date,
		Product: r.ProductID, Destination: strings.TrimSpace(o.Destination), EndUser: strings.TrimSpace(o.EndUser),
		Decision: r.Decision.String(), ECCN: r.ECCN, Regime: r.Regime, Review: r.ReviewPolicy, Exception: r.Exception, Hits: hits(r.Screening), Drawn: "[]",
		Reasons: reasons, ReasonsHash: reasonsHash, Headline: r.Headline, Run: rf,
	}
	if a := r.Authorization; a != nil {
		row.Auth = a.Kind + ":" + a.Number
		row.draws = a.Draws
		type draw struct {
			Limit  string  `json:"limit"`
			Amount float64 `json:"amount"`
		}
		ds := make([]draw, len(a.Draws))
		for i, d := range a.Draws {
			ds[i] = draw{d.Limit, d.Amount}
		}
		b, _ := json.Marshal(ds)
		row.Drawn = string(b)
	}
	return row
}
