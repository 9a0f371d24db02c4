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
// that sense.
func pureFunctions(c *ast.Compiler) map[string]bool {
	type node struct {
		impure bool
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
		ast.WalkExprs(r, func(e *ast.Expr) bool {
			if len(e.With) > 0 {
				n.impure = true
			}
			if e.IsCall() {
				name := e.Operator().String()
				if b, ok := ast.BuiltinMap[name]; ok && b.Nondeterministic {
					n.impure = true
				}
			}
			return false
		})
		ast.WalkRefs(r, func(ref ast.Ref) bool {
			if ref.HasPrefix(ast.InputRootRef) {
				n.impure = true
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
					n.impure, changed = true, true
					break
				}
			}
		}
	}
	// A function is pure when every definition of it is.
	pure := map[string]bool{}
	impure := map[string]bool{}
	for r, n := range nodes {
		if len(r.Head.Args) == 0 {
			continue
		}
		name := r.Ref().String()
		if r.Path() != nil {
			name = r.Path().String()
		}
		if n.impure {
			impure[name] = true
		} else {
			pure[name] = true
		}
	}
	for k := range impure {
		delete(pure, k)
	}
	return pure
}

// memo holds the results of pure functions across evaluations.
type memo struct {
	pure  map[string]bool
	names sync.Map // *ast.Term (function name in the compiled policy) -> bool
	mu    sync.RWMutex
	root  topdown.VirtualCache
	size  int // results held; at memoLimit the memo stops growing
}

// memoLimit bounds the memo (about 1.5 KB a result): past it, results are
// still computed, just not kept.
const memoLimit = 1 << 17

// newMemo memoizes the functions whose METADATA says `memo: true`; each
// must be pure.
func newMemo(c *ast.Compiler) (*memo, error) {
	pure := pureFunctions(c)
	marked := map[string]bool{}
	for _, e := range c.GetAnnotationSet().Flatten() {
		if e.Annotations == nil || e.Annotations.Custom["memo"] != true {
			continue
		}
		name := e.Path.String()
		if !pure[name] {
			return nil, fmt.Errorf("%s: %s is marked `memo: true` but reads input, calls a non-deterministic built-in or uses `with` (directly or through what it calls)", e.Annotations.Location, name)
		}
		marked[name] = true
	}
	return &memo{pure: marked, root: topdown.NewVirtualCache()}, nil
}

func (m *memo) isPure(ref ast.Ref) bool {
	if len(ref) < 2 {
		return false
	}
	fn, ok := ref[0].Value.(ast.Ref)
	if !ok {
		return false
	}
	if v, ok := m.names.Load(ref[0]); ok {
		return v.(bool)
	}
	p := m.pure[fn.String()]
	m.names.Store(ref[0], p)
	return p
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
	if c.depth == 0 && c.m.isPure(ref) {
		c.m.mu.RLock()
		defer c.m.mu.RUnlock()
		return c.m.root.Get(ref)
	}
	return c.local.Get(ref)
}

func (c *evalCache) Put(ref ast.Ref, v *ast.Term) {
	if c.depth == 0 && c.m.isPure(ref) {
		c.m.mu.Lock()
		defer c.m.mu.Unlock()
		if c.m.size < memoLimit {
			c.m.size++
			c.m.root.Put(ref, v)
		}
		return
	}
	c.local.Put(ref, v)
}

func (c *evalCache) Keys() []ast.Ref { return c.local.Keys() }
