package ownership

import (
	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/screening"
)

// Checker adapts the register to [checker.Ownership].
func (r *Register) Checker() checker.Ownership { return adapter{r} }

type adapter struct{ r *Register }

func (a adapter) Above(entity, date string) ([]checker.OwnershipRow, bool, bool) {
	rows, covered, cut := a.r.Above(entity, date)
	out := make([]checker.OwnershipRow, len(rows))
	for i, x := range rows {
		out[i] = checker.OwnershipRow{Entity: x.Entity, Owner: x.Owner, Share: x.Share, AsOf: x.AsOf, Source: x.Source, File: x.File, Line: x.Line}
	}
	return out, covered, cut
}

func (a adapter) Snapshot(date string) int { return a.r.Snapshot(date) }

func (a adapter) Covers(entity string) bool { return a.r.Covers(entity) }

func (a adapter) WidelyHeld(entity, date string) bool { return a.r.WidelyHeld(entity, date) }

func (a adapter) Normalize(name string) string { return screening.Normalize(name) }

func (a adapter) Revision() string { return a.r.Revision() }
