package checker

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"path/filepath"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// The compiled policy is most of what New costs (parsing and compiling
// the Rego modules: four fifths of it; BenchmarkNew), and New is called
// again and again for the same policy: serve rebuilds its checker when the
// records change and keeps one per regime, diff and matrix build two, the
// tests dozens. compiledPolicies keeps the policies compiled last, keyed
// by a hash of everything compile reads, so that a checker built from the
// same modules evaluates the policy compiled already.
//
// Sharing is safe because nothing changes a compiled policy: the checker
// and its authorizer, profiles and side queries only read it (walks of its
// modules, GetRulesDynamic, the annotation set) and prepare queries against
// it with rego.Compiler and stores of their own, with no module, bundle,
// partial evaluation, instrumentation or evaluation mode that would make
// rego compile or reconfigure it again; one checker already evaluates it
// on every core at once. Errors are not kept: userFileFirst rewrites them
// in place, and a failed compilation is tried again.
var compiledPolicies = policyCache{size: 2}

// compileOptions names the options compile gives the parser and compiler;
// it is part of the key, so a change to them is a change of key.
const compileOptions = "rego.v1 annotations strict no-print opa-default-capabilities"

// policyKey is the hash of what a compiled policy depends on: each
// module's path, the file its locations name (a --policy module names its
// own path) and its source, with the compile options.
func policyKey(modules map[string]string, file func(string) string) [sha256.Size]byte {
	h := sha256.New()
	field := func(h hash.Hash, s string) {
		h.Write(binary.AppendUvarint(nil, uint64(len(s))))
		h.Write([]byte(s))
	}
	field(h, compileOptions)
	for _, name := range sortedKeys(modules) {
		field(h, name)
		field(h, file(name))
		field(h, modules[name])
	}
	return [sha256.Size]byte(h.Sum(nil))
}

// policyCache holds the last size compiled policies, most recently used
// last; a policy being compiled is there already, so that checkers built
// at once for the same policy compile it once.
type policyCache struct {
	mu      sync.Mutex
	size    int
	entries []*policyEntry
}

type policyEntry struct {
	key   [sha256.Size]byte
	ready chan struct{} // closed when pol and err are set
	pol   *compiledPolicy
	err   error
}

// compiledPolicy is a compiled policy and what the checker derives from it
// alone, derived once (and kept with it in compiledPolicies). What it
// returns is shared by every checker built from the policy: read, never
// written.
type compiledPolicy struct {
	comp *ast.Compiler

	pureOnce sync.Once
	pure     map[string]bool
	why      map[string]string

	readsOnce sync.Once
	reads     []dataRead
	closure   func(string) map[string]bool

	decidingOnce sync.Once
	undeciding   *ast.Location
}

func newCompiledPolicy(comp *ast.Compiler) *compiledPolicy { return &compiledPolicy{comp: comp} }

// pureFunctions is pureFunctions of the policy.
func (p *compiledPolicy) pureFunctions() (pure map[string]bool, why map[string]string) {
	p.pureOnce.Do(func() { p.pure, p.why = pureFunctions(p.comp) })
	return p.pure, p.why
}

// policyReads is policyReads of the policy, its closure kept by function.
func (p *compiledPolicy) policyReads() ([]dataRead, func(string) map[string]bool) {
	p.readsOnce.Do(func() {
		reads, closure := policyReads(p.comp)
		var mu sync.Mutex
		kept := map[string]map[string]bool{}
		p.reads, p.closure = reads, func(fn string) map[string]bool {
			mu.Lock()
			defer mu.Unlock()
			if _, ok := kept[fn]; !ok {
				kept[fn] = closure(fn)
			}
			return kept[fn]
		}
	})
	return p.reads, p.closure
}

// get returns the policy compiled under key, compiling it with build when
// it is not kept (or failed).
func (pc *policyCache) get(key [sha256.Size]byte, build func() (*ast.Compiler, error)) (*compiledPolicy, error) {
	pc.mu.Lock()
	for i, e := range pc.entries {
		if e.key != key {
			continue
		}
		pc.entries = append(append(pc.entries[:i:i], pc.entries[i+1:]...), e)
		pc.mu.Unlock()
		<-e.ready
		if e.err != nil {
			comp, err := build() // an error of its own: userFileFirst rewrites it
			if err != nil {
				return nil, err
			}
			return newCompiledPolicy(comp), nil
		}
		return e.pol, nil
	}
	e := &policyEntry{key: key, ready: make(chan struct{})}
	pc.entries = append(pc.entries, e)
	if len(pc.entries) > pc.size {
		pc.entries = append(pc.entries[:0:0], pc.entries[len(pc.entries)-pc.size:]...)
	}
	pc.mu.Unlock()
	comp, err := build()
	if err != nil {
		pc.forget(e)
	} else {
		e.pol = newCompiledPolicy(comp)
	}
	e.err = err
	close(e.ready)
	return e.pol, err
}

// forget drops e, or every entry when e is nil.
func (pc *policyCache) forget(e *policyEntry) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if e == nil {
		pc.entries = nil
		return
	}
	for i, x := range pc.entries {
		if x == e {
			pc.entries = append(pc.entries[:i:i], pc.entries[i+1:]...)
			return
		}
	}
}

// compileBundle compiles the bundle's modules, each named by its own path
// when it came from a --policy directory, or returns the policy compiled
// from the same already.
func compileBundle(b *Bundle) (*compiledPolicy, error) {
	file := func(name string) string {
		if dir, ok := b.PolicyFrom[name]; ok {
			return filepath.Join(dir, name)
		}
		return name
	}
	return compiledPolicies.get(policyKey(b.Modules, file), func() (*ast.Compiler, error) {
		return compile(b.Modules, file)
	})
}
