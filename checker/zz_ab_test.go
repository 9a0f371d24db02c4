package checker

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"syscall"
	"testing"
)

func cpuNow() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Sec) + float64(ru.Utime.Usec)/1e6 + float64(ru.Stime.Sec) + float64(ru.Stime.Usec)/1e6
}

func TestZZAB(t *testing.T) {
	if os.Getenv("ZZPROF") == "" {
		t.Skip()
	}
	ctx := context.Background()
	f, _ := os.Open("/tmp/b300.csv")
	r := csv.NewReader(f)
	hdr, _ := r.Read()
	var all []Order
	for len(all) < 60000 {
		rec, err := r.Read()
		if err != nil {
			break
		}
		m := map[string]string{}
		for i, h := range hdr {
			m[h] = rec[i]
		}
		all = append(all, Order{Product: m["product"], Destination: m["destination"], EndUserHQ: m["end_user_hq"], Date: m["date"]})
	}
	best := 1e9
	var n int64
	for rep := 0; rep < 3; rep++ {
		c, _ := New(ctx, Options{Workers: 1})
		st := cpuNow()
		for range c.Check(ctx, func(yield func(Order, error) bool) {
			for _, o := range all {
				if !yield(o, nil) {
					return
				}
			}
		}) {
		}
		if d := cpuNow() - st; d < best {
			best = d
		}
		n = c.Evaluated()
	}
	fmt.Printf("AB: %d evaluations, %.0f µs CPU per evaluation (best of 3)\n", n, best*1e6/float64(n))
}
