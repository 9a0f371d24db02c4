package serve

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/exportcheck/exportcheck/checker"
)

// TestRegimeAfterReload: a reload to a checker of the same revision but
// other data (a bundle whose manifest keeps its revision) is never
// answered, under ?regime=, by a regime checker made from the old one,
// not even one a request that took the old checker made after the swap.
func TestRegimeAfterReload(t *testing.T) {
	ctx := context.Background()
	old, err := checker.New(ctx, checker.Options{Revision: "v1"})
	if err != nil {
		t.Fatal(err)
	}
	next, err := checker.New(ctx, checker.Options{Revision: "v1", DataDirs: []string{"../examples/company-data"}})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var bases []*checker.Checker
	s := New(Options{Checker: old,
		Reload: func(context.Context) (*checker.Checker, error) { return next, nil },
		Regime: func(ctx context.Context, base *checker.Checker, regime string) (*checker.Checker, error) {
			mu.Lock()
			bases = append(bases, base)
			mu.Unlock()
			o := base.Options()
			o.Regime = regime
			return checker.New(ctx, o)
		}})
	check := func() string {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("POST", "http://127.0.0.1/v1/check?regime=ai-diffusion",
			strings.NewReader(`{"id": "A-1", "product": "acme-inference-box-4", "quantity": 1, "destination": "DE", "end_user": "Berlin Robotics GmbH", "end_user_hq": "DE", "date": "2025-02-01"}`)))
		if rec.Code != http.StatusOK {
			t.Fatalf("?regime=ai-diffusion: %d %s", rec.Code, rec.Body)
		}
		return rec.Body.String()
	}
	if body := check(); !strings.Contains(body, `"decision":"error"`) {
		t.Fatalf("before the reload the data does not know the Acme product, but: %s", body)
	}
	if _, err := s.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	// A request that took the old checker before the swap asks for its
	// regime's checker after it.
	if _, err := s.regime(ctx, old, "ai-diffusion"); err != nil {
		t.Fatal(err)
	}
	if body := check(); strings.Contains(body, `"decision":"error"`) || !strings.Contains(body, `"revision":"v1"`) {
		t.Errorf("after the reload to data that knows the Acme product, ?regime= still decides with the old data: %s", body)
	}
	mu.Lock()
	defer mu.Unlock()
	if last := bases[len(bases)-1]; last != next {
		t.Errorf("the last regime checker was made from the old checker, want the one serving")
	}
}
