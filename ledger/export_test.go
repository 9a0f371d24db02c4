package ledger

import "context"

// MigrateDownTo undoes the migrations after version v, for tests of a
// migration's backfill.
func MigrateDownTo(ctx context.Context, l *Ledger, v int64) error {
	p, err := l.provider()
	if err != nil {
		return err
	}
	_, err = p.DownTo(ctx, v)
	return err
}

// VerifyBatch is how many rows Verify reads at once.
const VerifyBatch = verifyBatch

// ExceptScan is how many orders Drawn leaves out of the database's sum
// at most; more, it reads the draws whole.
func ExceptScan() int { return exceptScan }

// WithStoredScreening is run storing screening as its runs row's
// screening, as it is: what an earlier version wrote.
func WithStoredScreening(run Run, screening string) Run {
	run.stored = screening
	return run
}

// WithoutContent is run writing no content in its runs row, nor hashing
// it: what a version before migration 6 wrote.
func WithoutContent(run Run) Run {
	run.unhashed = true
	return run
}
