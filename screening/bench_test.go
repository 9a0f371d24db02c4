package screening

import (
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// benchNames returns n distinct names to screen against l: one in five a
// listed name or alt name as an order might spell it (legal form changed or
// dropped, words reordered, a typo, different case), the rest the names of
// other, unlisted companies and people generated the same way.
func benchNames(l *List, n int, seed int64) []string {
	r := rand.New(rand.NewPCG(uint64(seed), 7))
	others := Synthetic(n, seed+1000)
	seen := make(map[string]bool, n)
	out := make([]string, 0, n)
	add := func(s string) {
		if !seen[s] && len(out) < n {
			seen[s] = true
			out = append(out, s)
		}
	}
	for i := 0; len(out) < n; i++ {
		var name string
		if r.IntN(5) == 0 {
			e := &l.Entries[r.IntN(len(l.Entries))]
			name = e.Name
			if len(e.AltNames) > 0 && r.IntN(3) == 0 {
				name = e.AltNames[r.IntN(len(e.AltNames))]
			}
			name = vary(r, name)
		} else {
			e := &others.Entries[i%len(others.Entries)]
			name = e.Name
			if i >= len(others.Entries) {
				name = vary(r, name)
			}
		}
		add(name)
		if len(out) < n && !seen[name+" Ltd"] && r.IntN(50) == 0 {
			add(name + " Ltd")
		}
	}
	return out
}

// vary spells a name the way an order might.
func vary(r *rand.Rand, name string) string {
	w := strings.Fields(name)
	switch r.IntN(5) {
	case 0:
		if len(w) > 1 {
			w = w[:len(w)-1] // drop the legal form or last word
		}
	case 1:
		r.Shuffle(len(w), func(i, j int) { w[i], w[j] = w[j], w[i] })
	case 2:
		i := r.IntN(len(w))
		w[i] = respell(r, w[i])
	case 3:
		w = append(w, []string{"Co., Ltd.", "LLC", "GmbH", "Trading", "(HK)"}[r.IntN(5)])
	default:
		return strings.ToUpper(name)
	}
	return strings.Join(w, " ")
}

// BenchmarkMatcher screens 100,000 distinct names against a 20,000-entry
// synthetic list on all GOMAXPROCS cores, each iteration with a fresh
// (cold-cache) matcher, and reports names per second.
func BenchmarkMatcher(b *testing.B) {
	const entries, queries = 20000, 100000
	l := Synthetic(entries, 42)
	names := benchNames(l, queries, 43)
	workers := runtime.GOMAXPROCS(0)
	b.ResetTimer()
	var hits atomic.Int64
	for it := 0; it < b.N; it++ {
		b.StopTimer()
		m := NewMatcher(l)
		hits.Store(0)
		b.StartTimer()
		var next atomic.Int64
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(64)) - 64
					if i >= len(names) {
						return
					}
					for _, name := range names[i:min(i+64, len(names))] {
						if _, ok := m.Best(name, "2025-06-30"); ok {
							hits.Add(1)
						}
					}
				}
			}()
		}
		wg.Wait()
	}
	b.StopTimer()
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(b.N*queries)/sec, "names/s")
	b.ReportMetric(float64(hits.Load())/queries, "hit-ratio")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkNewMatcher measures indexing a 20,000-entry list.
func BenchmarkNewMatcher(b *testing.B) {
	l := Synthetic(20000, 42)
	b.ResetTimer()
	for b.Loop() {
		NewMatcher(l)
	}
}
