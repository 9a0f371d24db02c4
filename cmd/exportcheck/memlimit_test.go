package main

import (
	"math"
	"runtime/debug"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSoftMemoryLimit: the floor while the live heap is small, then half
// again what is live and the runtime's slack, so the collector always has
// room to work.
func TestSoftMemoryLimit(t *testing.T) {
	tests := []struct {
		live uint64
		want int64
	}{
		{0, 320 << 20},
		{100 << 20, 320 << 20},
		{192 << 20, 320 << 20}, // 288 + 32 MiB: the floor exactly
		{194 << 20, 323 << 20},
		{400 << 20, 632 << 20},
		{math.MaxUint64, math.MaxInt64 / 2},
	}
	for _, tt := range tests {
		if got := softMemoryLimit(tt.live); got != tt.want {
			t.Errorf("softMemoryLimit(%d MiB) = %d MiB, want %d MiB", tt.live>>20, got>>20, tt.want>>20)
		}
	}
}

// TestStartMemoryLimit: the limit is set only when neither GOMEMLIMIT nor
// GOGC is, and stop puts back the one before.
func TestStartMemoryLimit(t *testing.T) {
	const unset = math.MaxInt64
	before := debug.SetMemoryLimit(unset)
	defer debug.SetMemoryLimit(before)
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	tests := []struct {
		name string
		env  func(string) string
		want int64
	}{
		{"neither set", env(), memoryFloor},
		{"GOMEMLIMIT set", env("GOMEMLIMIT", "1GiB"), unset},
		{"GOGC set", env("GOGC", "200"), unset},
		{"GOGC off", env("GOGC", "off"), unset},
	}
	var got []int64
	var want []int64
	for _, tt := range tests {
		stop := startMemoryLimit(tt.env)
		got = append(got, debug.SetMemoryLimit(-1))
		stop()
		want = append(want, tt.want)
		if after := debug.SetMemoryLimit(-1); after != unset {
			t.Errorf("%s: after stop the limit is %d, want the one before (%d)", tt.name, after, int64(unset))
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("limits set (-want +got):\n%s", d)
	}
}
