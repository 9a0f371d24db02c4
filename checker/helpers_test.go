package checker_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
)

func epochDay(d int) string { return time.Unix(int64(d)*86400, 0).UTC().Format(time.DateOnly) }

// sameUnderEveryCache checks orders with every line through Rego on its
// own date (no cache, no memo, odd batches), with the caches, and with
// the memo alone, each with the options set gives, and fails unless all
// three agree; it returns the results. The collector runs less meanwhile
// (LessGC).
func sameUnderEveryCache(t *testing.T, orders []checker.Order, set func(*checker.Options)) []checker.Result {
	t.Helper()
	checker.LessGC(t)
	var want []checker.Result
	for _, opts := range []checker.Options{{NoCache: true, NoMemo: true, BatchSize: 97}, {}, {NoCache: true}} {
		set(&opts)
		got := checkAll(t, opts, orders)
		if want == nil {
			want = got
			continue
		}
		if diff := cmp.Diff(want, got, sameErrors); diff != "" {
			t.Errorf("%+v: results differ from every line through Rego on its own date (-want +got):\n%s", opts, diff)
		}
	}
	return want
}
