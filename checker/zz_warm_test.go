package checker_test

import (
	"context"
	"testing"
	"time"

	"github.com/exportcheck/exportcheck/checker"
)

func TestZZWarm(t *testing.T) {
	ctx := context.Background()
	orders := book(20000, 5)
	for _, o := range []checker.Options{{NoCache: true}, {NoCache: true, NoMemo: true}} {
		c, _ := checker.New(ctx, o)
		c.CheckAll(ctx, orders)
		st := time.Now()
		c.CheckAll(ctx, orders)
		t.Logf("%+v warm: %.0f lines/s", o, float64(len(orders))/time.Since(st).Seconds())
	}
}
