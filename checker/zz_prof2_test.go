package checker

import (
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/profiler"
	"github.com/open-policy-agent/opa/v1/rego"
)

var zzProf *profiler.Profiler

func TestZZProf2(t *testing.T) {
	if os.Getenv("ZZPROF") == "" {
		t.Skip()
	}
	ctx := context.Background()
	c, _ := New(ctx, Options{NoCache: true})
	var ps []*prepared
	for i := 0; i < 4096; i++ {
		o := zzOrder(i)
		var r Result
		p, err := c.resolve(context.Background(), &o, &r)
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	if _, err := c.eval(ctx, ps); err != nil {
		t.Fatal(err)
	} // warm
	zzProf = profiler.New()
	orders := make([]any, len(ps))
	for i, p := range ps {
		orders[i] = p.input()
	}
	_, err := c.query.Eval(ctx, rego.EvalInput(map[string]any{"regime": "enforced", "orders": orders}), rego.EvalVirtualCache(c.memo.cache()), rego.EvalQueryTracer(zzProf))
	if err != nil {
		t.Fatal(err)
	}
	tot := 0
	for _, r := range zzProf.ReportTopNResults(1000, []string{"total_time_ns"}) {
		tot += r.NumEval
	}
	fmt.Println("evals per line", float64(tot)/4096)
	for _, r := range zzProf.ReportTopNResults(40, []string{"total_time_ns"}) {
		fmt.Printf("%8.2fms %6d %s\n", float64(r.ExprTimeNs)/1e6, r.NumEval, r.Location)
	}
}

var zzR = rand.New(rand.NewPCG(11, 1))

func zzOrder(i int) Order {
	products := []string{"nvidia-h100-sxm5", "nvidia-h800-sxm5", "nvidia-h20", "nvidia-a100-sxm4-80gb", "nvidia-a800-sxm4-80gb",
		"nvidia-l40s", "nvidia-l40", "nvidia-l20", "nvidia-l4", "nvidia-rtx-4090", "nvidia-rtx-4090d", "nvidia-rtx-4060",
		"nvidia-dgx-h100", "nvidia-hgx-h20", "amd-mi300x", "amd-mi308x", "intel-gaudi3", "huawei-ascend-910b", "nvidia-h200-sxm", "nvidia-b200"}
	countries := []string{"CN", "HK", "MO", "DE", "JP", "US", "SG", "AE", "SA", "IL", "TW", "VN", "RU", "IR", "KH", "CY", "IN", "BR", ""}
	r := zzR
	return Order{Line: i, Product: products[r.IntN(len(products))], Destination: countries[r.IntN(len(countries)-1)], EndUserHQ: countries[r.IntN(len(countries))],
		Date: fmt.Sprintf("%d-%02d-%02d", 2022+r.IntN(5), 1+r.IntN(12), 1+r.IntN(28))}
}

func TestZZSizes(t *testing.T) {
	if os.Getenv("ZZPROF") == "" {
		t.Skip()
	}
	ctx := context.Background()
	c, _ := New(ctx, Options{})
	seq := func(yield func(Order, error) bool) {
		f, _ := os.Open("/tmp/b300.csv")
		defer f.Close()
		r := csv.NewReader(f)
		hdr, _ := r.Read()
		_ = hdr
		for {
			rec, err := r.Read()
			if err != nil {
				return
			}
			m := map[string]string{}
			for i, h := range hdr {
				m[h] = rec[i]
			}
			if !yield(Order{Product: m["product"], Destination: m["destination"], EndUserHQ: m["end_user_hq"], Date: m["date"]}, nil) {
				return
			}
		}
	}
	n := 0
	for range c.Check(ctx, seq) {
		n++
	}
	t.Log(n, c.memo.sizes())
	keys := 0
	keys = len(c.cache)
	t.Log("keys", keys)
}

func TestZZHeap(t *testing.T) {
	if os.Getenv("ZZPROF") == "" {
		t.Skip()
	}
	ctx := context.Background()
	for _, o := range []Options{{}, {NoMemo: true}} {
		c, _ := New(ctx, o)
		seq := func(yield func(Order, error) bool) {
			f, _ := os.Open("/tmp/b300.csv")
			defer f.Close()
			r := csv.NewReader(f)
			hdr, _ := r.Read()
			for {
				rec, err := r.Read()
				if err != nil {
					return
				}
				m := map[string]string{}
				for i, h := range hdr {
					m[h] = rec[i]
				}
				if !yield(Order{Product: m["product"], Destination: m["destination"], EndUserHQ: m["end_user_hq"], Date: m["date"]}, nil) {
					return
				}
			}
		}
		for range c.Check(ctx, seq) {
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		t.Logf("%+v heap %d MB", o.NoMemo, ms.HeapAlloc>>20)
		runtime.KeepAlive(c)
	}
}

func TestZZSecond(t *testing.T) {
	if os.Getenv("ZZPROF") == "" {
		t.Skip()
	}
	ctx := context.Background()
	c, _ := New(ctx, Options{})
	var all []Order
	f, _ := os.Open("/tmp/b300.csv")
	r := csv.NewReader(f)
	hdr, _ := r.Read()
	for {
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
	for pass := 0; pass < 2; pass++ {
		if pass == 1 {
			pf, _ := os.Create("/tmp/cpu2.prof")
			pprof.StartCPUProfile(pf)
			defer pprof.StopCPUProfile()
		}
		st := time.Now()
		n := 0
		for range c.Check(ctx, func(yield func(Order, error) bool) {
			for _, o := range all {
				if !yield(o, nil) {
					return
				}
			}
		}) {
			n++
		}
		t.Logf("pass %d: %v for %d", pass, time.Since(st), n)
	}
}

func TestZZKeyCost(t *testing.T) {
	if os.Getenv("ZZPROF") == "" {
		t.Skip()
	}
	ctx := context.Background()
	c, _ := New(ctx, Options{NoCache: true})
	var ps []*prepared
	for i := 0; i < 512; i++ {
		o := zzOrder(i)
		var r Result
		p, err := c.resolve(context.Background(), &o, &r)
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	c.eval(ctx, ps)
	st := time.Now()
	for i := 0; i < 20; i++ {
		c.eval(ctx, ps)
	}
	t.Logf("policy: %.1f µs/line", float64(time.Since(st).Microseconds())/float64(20*512))
	orders := make([]any, len(ps))
	for i, p := range ps {
		orders[i] = p.input()
	}
	q, _ := rego.New(rego.Query(`x := [{"decision": "allow", "eccn": "", "reasons": [{"rule": "a", "citation": "b", "message": o.product}]} | some o in input.orders]`)).PrepareForEval(ctx)
	st = time.Now()
	for i := 0; i < 20; i++ {
		for j := range ps {
			orders[j] = ps[j].input()
		}
		q.Eval(ctx, rego.EvalInput(map[string]any{"orders": orders}))
	}
	t.Logf("trivial: %.1f µs/line", float64(time.Since(st).Microseconds())/float64(20*512))
}
