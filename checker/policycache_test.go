package checker

import (
	"errors"
	"sync"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// TestPolicyCacheBounded: the cache keeps the two policies used last, keeps
// no failed compilation, and compiles a policy asked for at once only once.
func TestPolicyCacheBounded(t *testing.T) {
	pc := policyCache{size: 2}
	builds := 0
	get := func(key byte) *compiledPolicy {
		t.Helper()
		p, err := pc.get([32]byte{key}, func() (*ast.Compiler, error) { builds++; return ast.NewCompiler(), nil })
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	a, b := get(1), get(2)
	if get(1) != a || builds != 2 {
		t.Fatalf("a policy kept was compiled again (%d compilations)", builds)
	}
	get(3) // evicts 2, used least recently
	if len(pc.entries) != 2 {
		t.Errorf("%d policies kept, want 2", len(pc.entries))
	}
	if get(1) != a {
		t.Error("the policy used last but one was evicted")
	}
	if get(2) == b {
		t.Error("the policy used least recently was kept past the bound")
	}

	fail := errors.New("compile error")
	for range 2 {
		if _, err := pc.get([32]byte{9}, func() (*ast.Compiler, error) { return nil, fail }); err != fail {
			t.Fatalf("got %v, want the compile error", err)
		}
	}
	for _, e := range pc.entries {
		if e.key == [32]byte{9} {
			t.Error("a failed compilation is kept")
		}
	}

	var wg sync.WaitGroup
	var mu sync.Mutex
	n, got := 0, map[*compiledPolicy]bool{}
	for range 4 {
		wg.Go(func() {
			p, _ := pc.get([32]byte{7}, func() (*ast.Compiler, error) {
				mu.Lock()
				n++
				mu.Unlock()
				return ast.NewCompiler(), nil
			})
			mu.Lock()
			got[p] = true
			mu.Unlock()
		})
	}
	wg.Wait()
	if n != 1 || len(got) != 1 {
		t.Errorf("4 checkers built at once compiled the policy %d times, got %d policies", n, len(got))
	}
}
