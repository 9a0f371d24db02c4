package main

import (
	"math"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// The soft memory limit exportcheck runs under when neither GOMEMLIMIT nor
// GOGC is set. Go's collector lets the heap grow to twice what was live
// after the last collection (GOGC=100): on a 1,000,000-line book, whose
// caches hold ~200 MB live by its end, that is ~430 MB of peak RSS, much
// of it garbage not yet collected. The limit makes the collector run
// before the process holds memoryFloor, and so keeps peak RSS near it for
// books whose live heap stays under ~190 MiB.
//
// A fixed limit below a larger book's live heap would have the collector
// run without pause (Go caps it at half the CPU, so the run would crawl
// rather than stop): the limit follows the live heap instead, at half as
// much again plus memorySlack (the limit counts the runtime's own memory,
// stacks and the collector's, beside the heap) when that is more than the
// floor. The heap may then always grow by about half of what is live, as
// under GOGC=50: the collector runs up to twice as often as by default on
// large heaps, which costs a CPU-bound check time (a 1,000,000-line check
// with 1,000 licences ~30 %). Measurements: docs/performance.md (memory).
const (
	memoryFloor = 320 << 20
	memorySlack = 32 << 20
)

// softMemoryLimit is the limit for a live heap of live bytes.
func softMemoryLimit(live uint64) int64 {
	const most = math.MaxInt64 / 2
	if live > most/3*2-memorySlack {
		return most
	}
	return max(int64(live+live/2+memorySlack), memoryFloor)
}

// startMemoryLimit sets the soft memory limit and raises it as the live
// heap grows, until stop is called; it does nothing (and stop nothing)
// when the environment sets GOMEMLIMIT or GOGC: whoever set them chose.
func startMemoryLimit(getenv func(string) string) (stop func()) {
	if getenv("GOMEMLIMIT") != "" || getenv("GOGC") != "" {
		return func() {}
	}
	before := debug.SetMemoryLimit(memoryFloor)
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		set := int64(memoryFloor)
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() != metrics.KindUint64 {
				continue
			}
			// Only ever raised: a limit lowered under a heap that has just
			// grown would make the collector chase it.
			if want := softMemoryLimit(sample[0].Value.Uint64()); want > set {
				set = want
				debug.SetMemoryLimit(set)
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		debug.SetMemoryLimit(before)
	}
}
