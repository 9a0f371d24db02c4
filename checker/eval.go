package checker

import (
	"context"
	"errors"
	"fmt"
	"runtime/metrics"
	"slices"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// Evaluating the policy for a batch of decision keys and typing what it
// returns.

// outcome is what the policy decided for one decision key.
type outcome struct {
	Decision     Decision
	ECCN         string
	Regime       string
	ReviewPolicy string
	// ReviewPolicyText is the review policy in the policy's words
	// (text.review_policies).
	ReviewPolicyText string
	Exception        string
	Reasons          []Reason
	// Deciding is the index in Reasons of the reason that decided
	// (the policy's deciding).
	Deciding int
}

// eval evaluates the policy for the prepared orders; a nil outcome means the
// policy produced none for that order.
func (c *Checker) eval(ctx context.Context, ps []*prepared) ([]*outcome, error) {
	if len(ps) == 0 {
		return nil, nil
	}
	orders := make([]*ast.Term, len(ps))
	for i, p := range ps {
		t, err := c.input(p)
		if err != nil {
			return nil, err
		}
		orders[i] = t
	}
	in := ast.NewObject(
		ast.Item(ast.InternedTerm("regime"), ast.StringTerm(c.opts.Regime)),
		ast.Item(ast.InternedTerm("orders"), ast.ArrayTerm(orders...)),
	)
	opts := []rego.EvalOption{rego.EvalParsedInput(in)}
	if !c.opts.NoMemo {
		opts = append(opts, rego.EvalVirtualCache(c.memo.cache()))
	}
	if c.opts.Tracer != nil {
		opts = append(opts, rego.EvalQueryTracer(c.opts.Tracer))
	}
	opts = append(opts, rego.EvalGenerateJSON(rawTerm))
	ectx, cancel := context.WithTimeout(ctx, c.opts.EvalTimeout)
	defer cancel()
	rs, err := c.query.Eval(ectx, opts...)
	if err != nil {
		if ctx.Err() != nil {
			// The memory budget, or the caller gone (an interrupt): OPA's
			// eval_cancel_error does not say which.
			return nil, c.stopped(ctx)
		}
		if errors.Is(ectx.Err(), context.DeadlineExceeded) {
			keys := fmt.Sprintf("%d decision keys", len(ps))
			if len(ps) == 1 {
				keys = "1 decision key"
			}
			return nil, fmt.Errorf("evaluating policies: %s took longer than the evaluation budget (%s, --eval-timeout): %w", keys, c.opts.EvalTimeout, c.whereStuck(ctx, opts, err))
		}
		return nil, fmt.Errorf("evaluating policies: %w", err)
	}
	var list *ast.Array
	if len(rs) > 0 && len(rs[0].Expressions) > 0 {
		if t, ok := rs[0].Expressions[0].Value.(*ast.Term); ok {
			list, _ = t.Value.(*ast.Array)
		}
	}
	if list == nil || list.Len() != len(ps) {
		if len(ps) == 1 {
			return []*outcome{nil}, nil
		}
		// Some order produced no decision: find it by evaluating one by one.
		out := make([]*outcome, len(ps))
		for i := range ps {
			o, err := c.eval(ctx, ps[i:i+1])
			if err != nil {
				return nil, err
			}
			out[i] = o[0]
		}
		return out, nil
	}
	out := make([]*outcome, len(ps))
	for i := range list.Len() {
		if out[i], err = c.decode(list.Elem(i)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// decode types a policy result; under NoCache, once per term.
func (c *Checker) decode(t *ast.Term) (*outcome, error) {
	if !c.opts.NoCache {
		return decodeOutcomeTerm(t) // each key is evaluated once
	}
	if o, ok := c.decoded.Load(t); ok {
		return o, nil
	}
	o, err := decodeOutcomeTerm(t)
	if err != nil {
		return nil, err
	}
	if c.decoded.Size() >= decodedLimit {
		c.decoded.Clear()
	}
	c.decoded.Store(t, o)
	return o, nil
}

// decodedLimit bounds the policy results kept decoded; past it, the map
// starts over.
const decodedLimit = 1 << 14

// ErrMemoryBudget is the cause of an evaluation stopped because the
// process's heap grew past Options.EvalMemory.
var ErrMemoryBudget = errors.New("the heap grew past the memory budget")

// stopped is why a check's context ended: the memory budget, or the
// caller's cancellation.
func (c *Checker) stopped(ctx context.Context) error {
	if errors.Is(context.Cause(ctx), ErrMemoryBudget) {
		return fmt.Errorf("evaluating policies: %w (%d MiB, --eval-memory): a rule builds something very large", ErrMemoryBudget, c.opts.EvalMemory>>20)
	}
	return ctx.Err()
}

// watchMemory returns a context that is cancelled, with ErrMemoryBudget,
// when the heap grows past the memory budget, and a function that stops
// watching. One goroutine per checker watches every check under way (a
// service starts thousands a second), and only while there is one.
func (c *Checker) watchMemory(ctx context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	w := &c.watch
	w.mu.Lock()
	if w.checks == nil {
		w.checks = map[*context.CancelCauseFunc]bool{}
	}
	w.checks[&cancel] = true
	if !w.running {
		w.running = true
		go c.watchLoop()
	}
	w.mu.Unlock()
	return ctx, func() {
		w.mu.Lock()
		delete(w.checks, &cancel)
		w.mu.Unlock()
		cancel(nil)
	}
}

// memoryWatch is the checks a checker's memory watcher stops past the
// budget.
type memoryWatch struct {
	mu      sync.Mutex
	checks  map[*context.CancelCauseFunc]bool
	running bool // the watcher's goroutine is
}

// watchLoop samples the heap every 50 ms while checks are under way, and
// cancels them all past the budget.
func (c *Checker) watchLoop() {
	w := &c.watch
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for range t.C {
		metrics.Read(sample)
		over := sample[0].Value.Kind() == metrics.KindUint64 && sample[0].Value.Uint64() > uint64(c.opts.EvalMemory)
		w.mu.Lock()
		if over {
			for cancel := range w.checks {
				(*cancel)(ErrMemoryBudget)
			}
			clear(w.checks)
		}
		if len(w.checks) == 0 {
			w.running = false
			w.mu.Unlock()
			return
		}
		w.mu.Unlock()
	}
}

// whereStuck names the rule an evaluation that ran past its budget was
// in: it evaluates again, traced, for a short while, and reports the last
// policy expression reached (only after a failure: tracing is slow).
func (c *Checker) whereStuck(ctx context.Context, opts []rego.EvalOption, err error) error {
	ctx, cancel := context.WithTimeout(ctx, min(c.opts.EvalTimeout, 2*time.Second))
	defer cancel()
	tr := &lastLocation{}
	_, _ = c.query.Eval(ctx, append(slices.Clip(opts), rego.EvalQueryTracer(tr))...)
	if loc := tr.get(); loc != nil {
		return fmt.Errorf("stopped in the rule at %s:%d: %w", loc.File, loc.Row, err)
	}
	return err
}

// lastLocation is a tracer that keeps the location of the last policy
// expression evaluated.
type lastLocation struct {
	mu  sync.Mutex
	loc *ast.Location
}

func (*lastLocation) Enabled() bool { return true }

func (*lastLocation) Config() topdown.TraceConfig { return topdown.TraceConfig{} }

func (l *lastLocation) get() *ast.Location { l.mu.Lock(); defer l.mu.Unlock(); return l.loc }

func (l *lastLocation) TraceEvent(ev topdown.Event) {
	if ev.Location != nil && ev.Location.File != "" && ev.Op == topdown.EvalOp {
		l.mu.Lock()
		l.loc = ev.Location
		l.mu.Unlock()
	}
}

// rawTerm hands a policy result over as OPA's term, unconverted.
func rawTerm(t *ast.Term, _ *rego.EvalContext) (any, error) { return t, nil }

// decodeOutcomeTerm types a decision object as the policy returned it.
func decodeOutcomeTerm(t *ast.Term) (*outcome, error) {
	m, ok := t.Value.(ast.Object)
	if !ok {
		return nil, fmt.Errorf("policy result is %v, want an object", ast.TypeName(t.Value))
	}
	d, err := ParseDecision(termStr(m, "decision"))
	if err != nil {
		return nil, fmt.Errorf("policy result: %w", err)
	}
	o := &outcome{Decision: d, ECCN: termStr(m, "eccn"), Regime: termStr(m, "regime"), ReviewPolicy: termStr(m, "review_policy"), ReviewPolicyText: termStr(m, "review_policy_text"), Exception: termStr(m, "exception")}
	v := m.Get(ast.InternedTerm("reasons"))
	if v == nil {
		return nil, fmt.Errorf("policy result has no reasons")
	}
	o.Reasons = reasonsOf(v)
	n, ok := termInt(m, "deciding")
	switch {
	case !ok:
		// A tree or bundle made before the policy marked the reason that
		// decided (New refuses those it can see: checkDeciding): outputs
		// would headline a reason at random.
		return nil, fmt.Errorf("policy result has no deciding (the index of the reason that decided the line), as results did before exportcheck of 2026-12-07: a decision.rego under --policy adds it as the embedded one does; a bundle made before then is built again with this version (exportcheck bundle build)")
	case len(o.Reasons) > 0 && (n < 0 || n >= len(o.Reasons)):
		return nil, fmt.Errorf("policy result's deciding is %d, not the index of one of its %d reasons", n, len(o.Reasons))
	}
	o.Deciding = n
	return o, nil
}

// termInt is the integer at key k of an object.
func termInt(m ast.Object, k string) (int, bool) {
	v := m.Get(ast.InternedTerm(k))
	if v == nil {
		return 0, false
	}
	n, ok := v.Value.(ast.Number)
	if !ok {
		return 0, false
	}
	i, ok := n.Int()
	return i, ok
}

// reasonsOf types the reasons a policy result lists.
func reasonsOf(t *ast.Term) []Reason {
	rs, _ := t.Value.(*ast.Array)
	if rs == nil {
		return nil
	}
	out := make([]Reason, 0, rs.Len())
	for i := range rs.Len() {
		if rm, ok := rs.Elem(i).Value.(ast.Object); ok {
			out = append(out, Reason{Rule: termStr(rm, "rule"), Citation: termStr(rm, "citation"), Message: termStr(rm, "message"), Classification: termBool(rm, "classification")})
		}
	}
	return out
}

// termStr is the string at key k of an object, or "".
func termStr(m ast.Object, k string) string {
	if v := m.Get(ast.InternedTerm(k)); v != nil {
		if s, ok := v.Value.(ast.String); ok {
			return string(s)
		}
	}
	return ""
}

// termBool is the boolean at key k of an object; false when absent or
// not a boolean.
func termBool(m ast.Object, k string) bool {
	if v := m.Get(ast.InternedTerm(k)); v != nil {
		b, ok := v.Value.(ast.Boolean)
		return ok && bool(b)
	}
	return false
}

// decodeReasons types the reasons in a policy result converted to Go.
func decodeReasons(v any) ([]Reason, error) {
	t, err := ast.InterfaceToValue(v)
	if err != nil {
		return nil, err
	}
	return reasonsOf(ast.NewTerm(t)), nil
}
