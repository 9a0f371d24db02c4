package checker

import (
	"context"
	"sync"
	"sync/atomic"
)

// The decision-key cache: each key is evaluated once, however many
// workers meet it at the same time.

// keyEntry holds the outcome of a profiled decision key without screening,
// so lines need not look their key up by its text.
type keyEntry struct {
	key string // the key, one copy for every judged that has it
	out atomic.Pointer[outcome]
	mu  sync.Mutex
	ev  *evaluation // its evaluation, once a worker has taken it on
}

// take returns the key's evaluation, and whether the caller is to do it
// (the first to ask is).
func (e *keyEntry) take() (*evaluation, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ev != nil {
		return e.ev, false
	}
	e.ev = newEvaluation()
	return e.ev, true
}

// evaluation is the one evaluation of a decision key: the worker that takes
// it on evaluates it; workers that meet the key meanwhile wait for it.
type evaluation struct {
	done chan struct{} // closed once out or err is set
	out  *outcome      // nil: the policy gave no decision
	err  error
}

func newEvaluation() *evaluation { return &evaluation{done: make(chan struct{})} }

// wait returns the outcome once the evaluation is done.
func (ev *evaluation) wait(ctx context.Context) (*outcome, error) {
	select {
	case <-ev.done:
		return ev.out, ev.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// take returns the outcome kept for a decision key (and a nil
// evaluation), or its evaluation and whether the caller is to do it (none
// was under way).
func (c *Checker) take(key string) (*outcome, *evaluation, bool) {
	c.cacheMu.RLock()
	out, ok := c.cache[key]
	c.cacheMu.RUnlock()
	if ok {
		return out, nil, false
	}
	c.cacheMu.Lock()
	defer c.cacheMu.Unlock()
	if out, ok := c.cache[key]; ok {
		return out, nil, false
	}
	if ev, ok := c.flight[key]; ok {
		return nil, ev, false
	}
	ev := newEvaluation()
	c.flight[key] = ev
	return nil, ev, true
}

// publish keeps the outcomes of the evaluations taken on (nil for a key
// the policy gave no decision for) and ends them, waking the workers that
// wait for them. A failed evaluation is not kept: the key can be taken on
// again.
func (c *Checker) publish(todo []*prepared, taken []*evaluation, outs []*outcome, err error, local map[string]*outcome) {
	c.cacheMu.Lock()
	defer c.cacheMu.Unlock()
	for i, p := range todo {
		ev := taken[i]
		if err != nil {
			ev.err = err
		} else {
			ev.out = outs[i]
		}
		if e := p.entry(); e != nil {
			if ev.out != nil {
				e.out.Store(ev.out)
			}
			if err != nil || ev.out == nil {
				e.mu.Lock()
				e.ev = nil
				e.mu.Unlock()
			}
		} else {
			delete(c.flight, p.key)
			if ev.out != nil {
				c.cache[p.key] = ev.out
			}
			local[p.key] = ev.out
		}
		close(ev.done)
	}
}

// entry is the key entry of a profiled line without screening, or nil.
func (p *prepared) entry() *keyEntry {
	if p.judged == nil || p.screen != nil {
		return nil
	}
	return p.judged.entry
}
