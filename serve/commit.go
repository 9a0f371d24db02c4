package serve

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/records"
)

// Group commit: requests that commit to the ledger while another group is
// being committed wait, and are then judged and committed together in one
// transaction, one run each, one after another (each reads the drawdown
// the runs before it left), with one COMMIT: on SQLite the cost of a
// commit is its sync to disk, and a group pays it once.

// MaxGroup is how many requests one group commit takes at most.
const MaxGroup = 128

// errCheck marks a job that failed in the check, not in the ledger.
var errCheck = errors.New("check")

// commitJob is one request's commit.
type commitJob struct {
	ctx     context.Context
	c       *checker.Checker
	lines   []checker.Result
	run     ledger.Run
	results []checker.Result
	stats   ledger.Stats
	err     error
	noID    []string // lines without an order id: the job is not committed
	done    chan struct{}
}

// groupCommit queues the committing requests; one goroutine at a time
// commits what is queued.
type groupCommit struct {
	mu      sync.Mutex
	queue   []*commitJob
	leading bool
}

// commit queues the job and returns when it is committed or failed.
func (g *groupCommit) commit(s *Server, job *commitJob) {
	g.mu.Lock()
	g.queue = append(g.queue, job)
	if !g.leading {
		g.leading = true
		go g.lead(s)
	}
	g.mu.Unlock()
	<-job.done
}

// lead commits groups until the queue is empty.
func (g *groupCommit) lead(s *Server) {
	for {
		g.mu.Lock()
		n := min(len(g.queue), MaxGroup)
		if n == 0 {
			g.leading = false
			g.mu.Unlock()
			return
		}
		jobs := g.queue[:n:n]
		g.queue = g.queue[n:]
		g.mu.Unlock()
		s.commitGroup(jobs)
		for _, j := range jobs {
			close(j.done)
		}
	}
}

// commitGroup judges and commits jobs in one transaction. A job whose
// orders conflict or cannot be committed is undone alone, as is one whose
// revision the ledger keeps with other content (a RevisionConflict); a
// ledger fault fails them all.
func (s *Server) commitGroup(jobs []*commitJob) {
	// The transaction outlives any one request: a client that goes away
	// stops its own check, not the others'.
	ctx := context.WithoutCancel(jobs[0].ctx)
	fail := func(err error) {
		for _, j := range jobs {
			if j.err == nil {
				j.err, j.results = err, nil
			}
		}
	}
	sess, err := s.opts.Ledger.Begin(ctx, jobs[0].run, false)
	var rc *ledger.RevisionConflict
	if errors.As(err, &rc) {
		// Refused for the jobs under the revision with that content (the
		// ledger keeps other content for it: for good); those a reload
		// gave another checker are committed without them.
		var rest []*commitJob
		for _, j := range jobs {
			if j.run.PolicyRevision == rc.Revision && j.run.Content == rc.Content {
				j.err, j.results = err, nil
			} else {
				rest = append(rest, j)
			}
		}
		if len(rest) > 0 {
			s.commitGroup(rest)
		}
		return
	}
	if err != nil {
		fail(err)
		return
	}
	defer sess.Rollback()
	// Inside the lock: the records the ledger keeps now. When a reviewer
	// (at this server's desk or another's) made one since a job took its
	// checker, it is judged with one that applies it: the checker serving
	// may apply it already (the desk's own record, swapped in while the
	// jobs waited for the lock), but the job's does not.
	kept, err := s.freshRecords(ctx, sess)
	if err != nil {
		fail(err)
		return
	}
	// Each job is judged by the checker it took (the policy revision its
	// run and its answer name, its regime) with those records: a reload
	// since it took it must not judge it by another revision.
	made := map[*checker.Checker]*checker.Checker{}
	for i, j := range jobs {
		if kept != nil && recordsRevision(j.c) != kept.rev {
			c, ok := made[j.c]
			if !ok {
				set, err := kept.read(ctx, s, sess)
				if err != nil {
					fail(err)
					return
				}
				if c, err = checkerWith(ctx, j.c, set); err != nil {
					fail(err)
					return
				}
				made[j.c] = c
			}
			j.c = c
		}
		j.run.RecordsRevision = recordsRevision(j.c)
		if i == 0 {
			err = sess.SetRecordsRevision(j.run.RecordsRevision)
		} else {
			err = sess.Next(ctx, j.run, false)
		}
		if errors.As(err, &rc) {
			// Refused before the run began: the transaction, and the
			// runs before it, stand.
			j.err = err
			continue
		}
		if err != nil {
			fail(err)
			return
		}
		j.run.ID = sess.RunID()
		if err := s.commitOne(ctx, sess, j); err != nil {
			fail(err) // the ledger failed: nothing of the group stands
			return
		}
	}
	if err := sess.Commit(ctx); err != nil {
		fail(err)
	}
}

// commitOne judges one job's lines within the group's transaction and
// adds them as a run; it returns an error only when the ledger failed.
func (s *Server) commitOne(ctx context.Context, sess *ledger.Session, j *commitJob) error {
	results, err := judge(ledger.WithSession(j.ctx, sess), j.c, j.lines) // the drawdown is read inside the transaction
	if err != nil {
		j.err = fmt.Errorf("%w: %w", errCheck, err)
		return sess.RollbackRun(ctx)
	}
	for i := range results {
		if err := sess.Add(ctx, &results[i]); errors.Is(err, ledger.ErrNoOrderID) {
			// The order's place in the request, not the command line's
			// "-:2" and the "column" of a CSV file.
			j.noID = append(j.noID, fmt.Sprintf("order %d has no id (id, order_id or line_id): the ledger keeps orders by their ids", results[i].Order.Line))
		} else if err != nil {
			return err
		}
	}
	if len(j.noID) > 0 {
		return sess.RollbackRun(ctx)
	}
	j.stats, err = sess.EndRun(ctx)
	if errors.Is(err, ledger.ErrConflict) {
		j.err = err // undone alone
		return nil
	}
	if err != nil {
		return err
	}
	j.results = results
	return nil
}

// judge checks lines and keeps the results; a line that could not be
// read or judged is a result with its error.
func judge(ctx context.Context, c *checker.Checker, lines []checker.Result) ([]checker.Result, error) {
	out := make([]checker.Result, 0, len(lines))
	for res, err := range c.CheckLines(ctx, lines) {
		if err != nil {
			var ie *checker.InputError
			if !errors.As(err, &ie) {
				return nil, err
			}
			res = checker.Result{Order: checker.Order{File: ie.File, Line: ie.Line}, Err: ie}
		}
		out = append(out, res)
	}
	return out, nil
}

// keptState is what the records the ledger keeps were when last read:
// the newest action's row and the records' revision with them.
type keptState struct {
	seq int64
	rev string
}

// ledgerRecords are the records from files and those the ledger keeps,
// as a commit's lock finds them: their revision, and the set once read.
type ledgerRecords struct {
	rev string
	set *records.Set // nil until read
}

// read is the set of records, read inside the commit's lock when it was
// not read yet (its revision as read: the jobs' runs name their checker's).
func (k *ledgerRecords) read(ctx context.Context, s *Server, sess *ledger.Session) (*records.Set, error) {
	if k.set != nil {
		return k.set, nil
	}
	all, err := sess.Kept(ctx)
	if err != nil {
		return nil, err
	}
	if k.set, err = ledger.WithKept(s.opts.Records, all); err != nil {
		return nil, err
	}
	k.rev = k.set.Revision()
	return k.set, nil
}

// freshRecords returns, inside a commit's lock, the records the ledger
// keeps now with those from files (nil when a reviewer has made none: the
// records from files each checker applies stand). It also has the serving
// checker refreshed when it does not apply them, for the requests to come.
func (s *Server) freshRecords(ctx context.Context, sess *ledger.Session) (*ledgerRecords, error) {
	cur := s.current.Load()
	seq, err := sess.LastAction(ctx)
	if err != nil {
		return nil, err
	}
	if seq == 0 { // no reviewer has made one
		return nil, nil
	}
	if st := s.kept.Load(); st != nil && st.seq == seq {
		if st.rev != recordsRevision(cur) {
			go s.Refresh(context.WithoutCancel(ctx))
		}
		return &ledgerRecords{rev: st.rev}, nil
	}
	all, err := sess.Kept(ctx)
	if err != nil {
		return nil, err
	}
	set, err := ledger.WithKept(s.opts.Records, all)
	if err != nil {
		return nil, err
	}
	rev := set.Revision()
	s.kept.Store(&keptState{seq, rev})
	if rev != recordsRevision(cur) {
		go s.Refresh(context.WithoutCancel(ctx))
	}
	return &ledgerRecords{rev: rev, set: set}, nil
}
