package checker_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
)

// TestReplay: a book with records is read back from its spool. Every line
// comes back once, in input order, with what it drew; a caller that stops
// early, at any line, leaves no goroutine behind and no spool on disk.
func TestReplay(t *testing.T) {
	ctx := context.Background()
	t.Setenv("TMPDIR", t.TempDir())
	c, err := checker.New(ctx, checker.Options{Records: testRecords(t, licence100), Horizon: 10 * 365 * 24 * 3600e9})
	if err != nil {
		t.Fatal(err)
	}
	// 3,000 one-unit lines on 28 days: the licence's 100 units go to the
	// first 100 in ship-date order, then input order.
	var book []checker.Order
	for i := range 3000 {
		book = append(book, checker.Order{ID: fmt.Sprint(i), Product: "nvidia-h100-sxm5", Quantity: "1", Destination: "AE",
			EndUser: "Falcon Compute Data Center LLC", EndUserHQ: "AE", Date: fmt.Sprintf("2026-03-%02d", 1+(i*11)%28)})
	}
	order := make([]int, len(book))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(book[a].Date, book[b].Date) })
	var want []string
	drew := map[int]int{}
	for k, i := range order[:100] {
		drew[i] = 100 - k - 1
	}
	for i, o := range book {
		if left, ok := drew[i]; ok {
			want = append(want, fmt.Sprintf("%s licensed D1234567 drew 1 left %d", o.ID, left))
		} else {
			want = append(want, o.ID+" license_required exhausted")
		}
	}
	lines := func(yield func(checker.Order, error) bool) {
		for _, o := range book {
			if !yield(o, nil) {
				return
			}
		}
	}
	var got []string
	for r, err := range c.Check(ctx, lines) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, drawn(r))
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}

	before := runtime.NumGoroutine()
	for _, n := range []int{1, 255, 256, 257, 1024, 1500, 2999} {
		got = got[:0]
		for r, err := range c.Check(ctx, lines) {
			if err != nil {
				t.Fatal(err)
			}
			if got = append(got, drawn(r)); len(got) == n {
				break
			}
		}
		if d := cmp.Diff(want[:n], got); d != "" {
			t.Errorf("stopping after %d: (-want +got):\n%s", n, d)
		}
		spools, _ := filepath.Glob(filepath.Join(os.Getenv("TMPDIR"), "exportcheck-spool-*"))
		if len(spools) > 0 {
			t.Errorf("stopping after %d: spools left: %v", n, spools)
		}
	}
	// The workers of a stopped check end as they see it.
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after the stopped checks, %d before", n, before)
	}
}
