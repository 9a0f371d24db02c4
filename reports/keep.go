package reports

import (
	"container/heap"
	"slices"

	"github.com/exportcheck/exportcheck/checker"
)

// severity ranks a line for the formats that can hold only some of a
// book's lines: a line that could not be judged first, then the decisions,
// most severe first.
func severity(r *checker.Result) int {
	if r.Err != nil {
		return int(checker.Prohibited) + 1
	}
	return int(r.Decision)
}

// keeper holds the most severe of a run's items within a budget (a count,
// or bytes when items have sizes): when an item does not fit, the least
// severe and, among equals, the latest items give way. Items held come
// back in the order they were added. Formats read by a service with a
// limit (GitHub's code scanning, job summaries and annotations) keep their
// lines in one, so that a large book neither breaks the upload nor fills
// memory, and every format keeps the same lines.
type keeper[T any] struct {
	budget int // the most it holds: 0 holds nothing
	// out, if set, is given each item added that gives way, when it does
	// (the item offered, when it is left out at once); an item skip
	// leaves out is the caller's.
	out     func(T)
	used    int
	seq     int
	held    keptHeap[T]
	dropped int
	// gaveWay is 1 + the highest rank that gave way to make room (0:
	// none): a later item of that rank or lower is left out too, so that
	// among equals the first stay even when a later one is smaller.
	gaveWay int
}

type kept[T any] struct {
	rank, seq, size int
	v               T
}

// keptHeap is a min-heap of the item to give way first: the lowest rank,
// then the latest.
type keptHeap[T any] []kept[T]

func (h keptHeap[T]) Len() int { return len(h) }
func (h keptHeap[T]) Less(i, j int) bool {
	if h[i].rank != h[j].rank {
		return h[i].rank < h[j].rank
	}
	return h[i].seq > h[j].seq
}
func (h keptHeap[T]) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *keptHeap[T]) Push(x any)   { *h = append(*h, x.(kept[T])) }
func (h *keptHeap[T]) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// add offers an item of the given rank and size (1 for a count).
func (k *keeper[T]) add(rank, size int, v T) {
	k.seq++
	if size > k.budget || rank < k.gaveWay {
		k.dropped++
		if k.out != nil {
			k.out(v)
		}
		return
	}
	heap.Push(&k.held, kept[T]{rank: rank, seq: k.seq, size: size, v: v})
	k.used += size
	k.fit(k.budget)
}

// skip reports whether an item of the given rank and size would give way
// at once (every item held is at least as severe, and earlier), counting
// it as left out: a caller can then skip building it.
func (k *keeper[T]) skip(rank, size int) bool {
	if size > k.budget || rank < k.gaveWay || k.used+size > k.budget && len(k.held) > 0 && rank <= k.held[0].rank && size >= k.held[0].size {
		k.seq++
		k.dropped++
		return true
	}
	return false
}

// fit gives way until what is held is within budget.
func (k *keeper[T]) fit(budget int) {
	for k.used > budget && len(k.held) > 0 {
		x := heap.Pop(&k.held).(kept[T])
		k.used -= x.size
		k.dropped++
		k.gaveWay = max(k.gaveWay, x.rank+1)
		if k.out != nil {
			k.out(x.v)
		}
	}
}

// ranked returns what is held in the order it would be kept: the most
// severe first and, among equals, the earliest (the reverse of the order
// it gives way in). A prefix of it is what a tighter count would keep.
func (k *keeper[T]) ranked() []kept[T] {
	h := slices.Clone(k.held)
	slices.SortFunc(h, func(a, b kept[T]) int {
		if a.rank != b.rank {
			return b.rank - a.rank
		}
		return a.seq - b.seq
	})
	return h
}

// items returns what is held, in the order it was added.
func (k *keeper[T]) items() []T {
	h := slices.Clone(k.held)
	slices.SortFunc(h, func(a, b kept[T]) int { return a.seq - b.seq })
	out := make([]T, len(h))
	for i, x := range h {
		out[i] = x.v
	}
	return out
}
