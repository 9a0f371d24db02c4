package checker

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sync"
)

// Streaming: orders in batches to the workers, results in input order.

// newBatch takes a batch from the free ones, or makes one.
func (c *Checker) newBatch() *batch {
	b, ok := c.batches.Get().(*batch)
	if !ok {
		b = &batch{} // grows to BatchSize by appends; a small book (one API request) allocates little
	}
	b.done = make(chan struct{})
	return b
}

// freeBatch returns a batch whose results have all been yielded.
func (c *Checker) freeBatch(b *batch) {
	clear(b.results)
	clear(b.preps)
	clear(b.prepared)
	clear(b.auths)
	clear(b.outs)
	b.results, b.preps, b.prepared, b.auths, b.outs, b.err = b.results[:0], b.preps[:0], b.prepared[:0], b.auths[:0], b.outs[:0], nil
	c.batches.Put(b)
}

type batch struct {
	results  []Result
	preps    []*prepared // into prepared; nil for a line that cannot be judged
	prepared []prepared
	auths    []*authOutcome // what the policy said of the records naming each line's end user
	outs     []*outcome     // the policy's decision for each line (nil: none)
	// authorize's scratch, kept for the next batch: the lines whose
	// records are judged, those to evaluate, the keys asked.
	authTodo, authEval []authTodo
	authSeen           map[authKey]bool
	authLocal          map[authKey]*authOutcome
	done               chan struct{}
	err                error
}

// judgeBatch resolves, evaluates and authorizes the lines of a batch.
func (c *Checker) judgeBatch(ctx context.Context, b *batch) {
	n := len(b.results)
	b.preps = slices.Grow(b.preps[:0], n)[:n]
	b.prepared = slices.Grow(b.prepared[:0], n)[:n]
	b.auths = slices.Grow(b.auths[:0], n)[:n]
	b.outs = slices.Grow(b.outs[:0], n)[:n]
	for i := range b.results {
		if r := &b.results[i]; r.Err == nil {
			b.preps[i], r.Err = c.resolve(ctx, &r.Order, r, &b.prepared[i])
		}
	}
	b.err = c.evalBatch(ctx, b)
	if b.err == nil {
		b.err = c.authorize(ctx, b)
	}
}

// source is what a check reads: a sequence of orders, or lines already
// read (each an order, or the *InputError reading it).
type source struct {
	seq   iter.Seq2[Order, error]
	lines []Result
}

// check evaluates orders and yields one Result per order, in input order,
// each first handed to hook (when not nil) with what the policy said of
// the records naming its end user.
func (c *Checker) check(ctx context.Context, src source, hook func(*Result, *authOutcome)) iter.Seq2[Result, error] {
	if src.seq == nil && len(src.lines) <= c.opts.BatchSize {
		return c.checkSmall(ctx, src.lines, hook)
	}
	orders := src.seq
	if orders == nil {
		orders = func(yield func(Order, error) bool) {
			for _, r := range src.lines {
				if !yield(r.Order, r.Err) {
					return
				}
			}
		}
	}
	return func(yield func(Result, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		// The memory budget: past it every evaluation under way stops.
		ctx, stopWatch := c.watchMemory(ctx)
		defer stopWatch()
		// Batches in flight, in input order: enough that the workers can run
		// ahead while the writer waits for a batch with many new keys, with
		// a fixed slack rather than one growing with the cores.
		jobs := make(chan *batch, 2*c.opts.Workers)
		queue := make(chan *batch, 2*c.opts.Workers+12)
		var fatal error
		go func() {
			defer close(jobs)
			defer close(queue)
			cur := c.newBatch()
			flush := func() bool {
				select {
				case queue <- cur:
				case <-ctx.Done():
					return false
				}
				select {
				case jobs <- cur:
				case <-ctx.Done():
					return false
				}
				cur = c.newBatch()
				return true
			}
			for o, err := range orders {
				if err != nil {
					var ie *InputError
					if !errors.As(err, &ie) {
						fatal = err
						break
					}
				}
				// Lines are resolved (and screened) by the workers.
				cur.results = append(cur.results, Result{Order: o, Err: err})
				if len(cur.results) >= c.opts.BatchSize && !flush() {
					return
				}
			}
			if len(cur.results) > 0 {
				flush()
			}
		}()
		var wg sync.WaitGroup
		for range c.opts.Workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for b := range jobs {
					c.judgeBatch(ctx, b)
					close(b.done)
				}
			}()
		}
		// On an early return, stop the reader before waiting for the workers.
		defer func() {
			cancel()
			wg.Wait()
		}()
		for b := range queue {
			select {
			case <-b.done:
			case <-ctx.Done():
				yield(Result{}, c.stopped(ctx))
				return
			}
			if !c.yieldBatch(b, hook, yield) {
				return
			}
		}
		switch {
		case fatal != nil:
			yield(Result{}, fatal)
		case ctx.Err() != nil:
			// Stopped while reading: the reader may have dropped the lines
			// it had not queued, and ended the queue as if at the end of
			// the book; a book cut short must not read as whole.
			yield(Result{}, c.stopped(ctx))
		}
	}
}

// checkSmall judges lines that fit in one batch on the calling goroutine:
// one request to the service costs no goroutines and no channels.
func (c *Checker) checkSmall(ctx context.Context, lines []Result, hook func(*Result, *authOutcome)) iter.Seq2[Result, error] {
	return func(yield func(Result, error) bool) {
		ctx, stopWatch := c.watchMemory(ctx)
		defer stopWatch()
		b := c.newBatch()
		b.results = append(b.results, lines...)
		c.judgeBatch(ctx, b)
		if b.err == nil && ctx.Err() != nil {
			b.err = c.stopped(ctx)
		}
		c.yieldBatch(b, hook, yield)
	}
}

// yieldBatch yields a judged batch's results, each first handed to hook,
// or its error, and frees it; false when the sequence must end.
func (c *Checker) yieldBatch(b *batch, hook func(*Result, *authOutcome), yield func(Result, error) bool) bool {
	if b.err != nil {
		yield(Result{}, b.err)
		return false
	}
	for i := range b.results {
		if hook != nil {
			hook(&b.results[i], b.auths[i])
		}
		if !yield(b.results[i], nil) {
			return false
		}
	}
	c.freeBatch(b)
	return true
}

// evalBatch fills the results of a batch, evaluating each distinct
// decision key that is not cached once: a key another worker is evaluating
// is waited for, not evaluated again.
func (c *Checker) evalBatch(ctx context.Context, b *batch) error {
	var todo []*prepared
	var taken []*evaluation           // with the cache: the evaluations of todo, taken on here
	waits := map[*evaluation]string{} // taken on by other workers: their key (text keys) or ""
	index := map[string]bool{}        // text keys met in this batch
	pending := map[*keyEntry]bool{}
	local := map[string]*outcome{}
	for _, p := range b.preps {
		switch {
		case p == nil:
		case c.opts.NoCache:
			todo = append(todo, p)
		case p.entry() != nil:
			e := p.entry()
			if e.out.Load() != nil || pending[e] {
				continue
			}
			pending[e] = true
			if ev, mine := e.take(); mine {
				todo, taken = append(todo, p), append(taken, ev)
			} else {
				waits[ev] = ""
			}
		case !index[p.key]:
			index[p.key] = true
			switch out, ev, mine := c.take(p.key); {
			case ev == nil:
				local[p.key] = out
			case mine:
				todo, taken = append(todo, p), append(taken, ev)
			default:
				waits[ev] = p.key
			}
		}
	}
	outs, err := c.eval(ctx, todo)
	if !c.opts.NoCache {
		c.publish(todo, taken, outs, err, local)
	}
	if err != nil {
		return err
	}
	c.evaluated.Add(int64(len(todo)))
	for ev, key := range waits {
		o, err := ev.wait(ctx)
		if err != nil {
			return err
		}
		if key != "" {
			local[key] = o
		}
	}
	n, decided := 0, 0
	defer func() { c.decided.Add(int64(decided)) }()
	for i, p := range b.preps {
		if p == nil || b.results[i].Err != nil {
			continue
		}
		decided++
		var o *outcome
		switch {
		case c.opts.NoCache:
			o = outs[n]
			n++
		case p.entry() != nil:
			o = p.entry().out.Load()
		default:
			o = local[p.key]
		}
		r := &b.results[i]
		if o == nil {
			r.Err = &InputError{File: r.Order.File, Line: r.Order.Line, Err: fmt.Errorf("%w: the policy produced no decision for %s to %s", ErrBadInput, p.product, p.destination)}
			continue
		}
		b.outs[i] = o
		r.Decision, r.ECCN, r.Regime, r.ReviewPolicy, r.Exception, r.Reasons = o.Decision, o.ECCN, o.Regime, o.ReviewPolicy, o.Exception, o.Reasons
		r.ReviewPolicyText = o.ReviewPolicyText
		r.Headline = 1 + o.Deciding
		if p.destText != "" || p.hqText != "" || p.prod != nil {
			r.Reasons = c.rendered(p, o)
			r.Headline = 1 + renderedIndex(o.Reasons, o.Deciding, p.prod)
		}
	}
	return nil
}

// CheckAll evaluates a slice of orders; a convenience for small inputs.
func (c *Checker) CheckAll(ctx context.Context, orders []Order) ([]Result, error) {
	var out []Result
	for r, err := range c.Check(ctx, func(yield func(Order, error) bool) {
		for _, o := range orders {
			if !yield(o, nil) {
				return
			}
		}
	}) {
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}
