package checker

import (
	"runtime/debug"
	"testing"
)

// LessGC lets the heap grow further between collections for the rest of a
// test (GOGC 400), up to a soft limit of 2 GiB (half DefaultEvalMemory, so
// no check is stopped by the budget for it), and restores the collector
// after. The differential tests that call it allocate hundreds of megabytes
// of Rego terms per checker, and about a third of their CPU went to
// collecting them; the setting changes when memory is reclaimed, not what is
// evaluated or compared. It is process-wide: tests that call it do not run
// in parallel with others.
func LessGC(t testing.TB) {
	gc, limit := debug.SetGCPercent(400), debug.SetMemoryLimit(2<<30)
	t.Cleanup(func() {
		debug.SetGCPercent(gc)
		debug.SetMemoryLimit(limit)
	})
}
