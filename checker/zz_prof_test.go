package checker_test

import (
	"context"
	"os"
	"runtime"
	"runtime/pprof"
	"testing"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/orders"
)

func TestZZProf(t *testing.T) {
	if os.Getenv("ZZPROF") == "" {
		t.Skip()
	}
	c, err := checker.New(context.Background(), checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open("/tmp/b300.csv")
	f.Close()
	seq := orders.Read("/tmp/b300.csv", orders.Options{})
	if err != nil {
		t.Fatal(err)
	}
	runtime.SetMutexProfileFraction(1)
	runtime.SetBlockProfileRate(10000)
	pf, _ := os.Create("/tmp/cpu.prof")
	pprof.StartCPUProfile(pf)
	n := 0
	for _, err := range c.Check(context.Background(), seq) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	pprof.StopCPUProfile()
	runtime.GC()
	hf, _ := os.Create("/tmp/heap.prof")
	pprof.Lookup("heap").WriteTo(hf, 0)
	hf.Close()
	runtime.KeepAlive(c)
	mf, _ := os.Create("/tmp/mutex.prof")
	pprof.Lookup("mutex").WriteTo(mf, 0)
	mf.Close()
	bf, _ := os.Create("/tmp/block.prof")
	pprof.Lookup("block").WriteTo(bf, 0)
	bf.Close()
	t.Log(n)
}
