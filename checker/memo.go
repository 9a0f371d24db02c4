package checker

import (
	"fmt"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// Function memo. OPA already caches, within one evaluation, the result of
// every function call by its name and arguments. A function that reads no
// input (directly or through what it calls), calls no non-deterministic
// built-in and uses no `with` returns the same value for the same
// arguments in every evaluation over the same policies and data, so its
// results can be kept for the checker's lifetime: the policy's derived
// facts (a country's groups on a date, a product's classification under a
// rule version) are computed once, by Rego, instead of once per batch.

// pureFunctions names the functions of a compiled policy that are pure in
// that sense, and says for the others why not.
func pureFunctions(c *ast.Compiler) (pure map[string]bool, why map[string]string) {
	type node struct {
		impure bool
		why    string // what makes it impure, where
		deps   []*ast.Rule
	}
	nodes := map[*ast.Rule]*node{}
	var all []*ast.Rule
	for _, m := range c.Modules {
		for _, r := range m.Rules {
			for x := r; x != nil; x = x.Else {
				all = append(all, x)
			}
		}
	}
	for _, r := range all {
		n := &node{}
		nodes[r] = n
		impure := func(why string, loc *ast.Location) {
			if !n.impure {
				n.impure, n.why = true, fmt.Sprintf("%s at %v", why, loc)
			}
		}
		ast.WalkExprs(r, func(e *ast.Expr) bool {
			if len(e.With) > 0 {
				impure("uses `with`", e.Location)
			}
			if e.IsCall() {
				name := e.Operator().String()
				if b, ok := ast.BuiltinMap[name]; ok && b.Nondeterministic {
					impure("calls the non-deterministic "+name, e.Location)
				}
			}
			return false
		})
		ast.WalkRefs(r, func(ref ast.Ref) bool {
			if ref.HasPrefix(ast.InputRootRef) {
				impure("reads input", ref[0].Location)
			}
			if ref.HasPrefix(ast.DefaultRootRef) {
				n.deps = append(n.deps, c.GetRulesDynamicWithOpts(ref, ast.RulesOptions{IncludeHiddenModules: true})...)
			}
			return false
		})
	}
	for changed := true; changed; {
		changed = false
		for _, n := range nodes {
			if n.impure {
				continue
			}
			for _, d := range n.deps {
				if dn := nodes[d]; dn != nil && dn.impure {
					n.impure, n.why, changed = true, dn.why, true
					break
				}
			}
		}
	}
	// A function is pure when every definition of it is.
	pure, why = map[string]bool{}, map[string]string{}
	for r, n := range nodes {
		if len(r.Head.Args) == 0 {
			continue
		}
		name := r.Ref().String()
		if r.Path() != nil {
			name = r.Path().String()
		}
		if n.impure {
			if why[name] == "" {
				why[name] = n.why
			}
		} else {
			pure[name] = true
		}
	}
	for k := range why {
		delete(pure, k)
	}
	return pure, why
}

// memo holds the results of pure functions across evaluations.
type memo struct {
	pure map[string]bool
	fns  sync.Map // *ast.Term (a function name in the compiled policy) -> *memoFn
	mu   sync.RWMutex
	root topdown.VirtualCache
}

type memoFn struct {
	name string
	pure bool
	size int // results held (guarded by memo.mu)
}

// memoLimit bounds the results kept per function: past it, results are
// still computed, just not kept.
const memoLimit = 1 << 14

// newMemo memoizes the functions whose METADATA says `memo: true`, and
// those that say `memo: uncached` when the checker's decision-key cache is
// off (a function as fine as the decision key: with the cache on, its
// results are already kept as whole decisions). Each must be pure.
func newMemo(p *compiledPolicy, cached bool) (*memo, error) {
	pure, why := p.pureFunctions()
	marked := map[string]bool{}
	for _, e := range p.comp.GetAnnotationSet().Flatten() {
		if e.Annotations == nil || e.Annotations.Custom["memo"] == nil {
			continue
		}
		v := e.Annotations.Custom["memo"]
		switch v {
		case true, "uncached":
		case false:
			continue
		default:
			return nil, fmt.Errorf("%s: `memo: %v`: want true or uncached", e.Annotations.Location, v)
		}
		// Checked in every mode: the decision-key cache relies on the same
		// (a decision that read input beyond its order would not be a
		// function of its key).
		name := e.Path.String()
		if !pure[name] {
			return nil, fmt.Errorf("%s: %s is marked `memo: %v` but %s (itself or through what it calls); a memoized function must read no input, call no non-deterministic built-in and use no `with`", e.Annotations.Location, name, v, why[name])
		}
		if v == true || !cached {
			marked[name] = true
		}
	}
	return &memo{pure: marked, root: topdown.NewVirtualCache()}, nil
}

// fn returns the memoized function a cache key names, or nil.
func (m *memo) fn(ref ast.Ref) *memoFn {
	if len(ref) < 2 {
		return nil
	}
	name, ok := ref[0].Value.(ast.Ref)
	if !ok {
		return nil
	}
	if v, ok := m.fns.Load(ref[0]); ok {
		return v.(*memoFn)
	}
	f := &memoFn{name: name.String()}
	f.pure = m.pure[f.name]
	v, _ := m.fns.LoadOrStore(ref[0], f)
	return v.(*memoFn)
}

// sizes reports the results held per memoized function.
func (m *memo) sizes() map[string]int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := map[string]int{}
	m.fns.Range(func(_, v any) bool {
		if f := v.(*memoFn); f.pure {
			out[f.name] += f.size
		}
		return true
	})
	return out
}

// evalCache is the VirtualCache of one evaluation: pure function results go
// to (and come from) the memo; everything else lives for the evaluation.
type evalCache struct {
	m     *memo
	local topdown.VirtualCache
	depth int // frames pushed by `with`; the memo is used only outside them
}

func (m *memo) cache() topdown.VirtualCache {
	return &evalCache{m: m, local: topdown.NewVirtualCache()}
}

func (c *evalCache) Push() { c.depth++; c.local.Push() }
func (c *evalCache) Pop()  { c.depth--; c.local.Pop() }

func (c *evalCache) Get(ref ast.Ref) (*ast.Term, bool) {
	if f := c.m.fn(ref); c.depth == 0 && f != nil && f.pure {
		c.m.mu.RLock()
		defer c.m.mu.RUnlock()
		return c.m.root.Get(ref)
	}
	return c.local.Get(ref)
}

func (c *evalCache) Put(ref ast.Ref, v *ast.Term) {
	if f := c.m.fn(ref); c.depth == 0 && f != nil && f.pure {
		c.m.mu.Lock()
		defer c.m.mu.Unlock()
		if f.size < memoLimit {
			f.size++
			c.m.root.Put(ref, v)
		}
		return
	}
	c.local.Put(ref, v)
}

func (c *evalCache) Keys() []ast.Ref { return c.local.Keys() }
