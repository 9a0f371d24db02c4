package checker

import (
	"context"
	"fmt"
)

// ClearanceFrom is the day a clearance adjudicated on at (YYYY-MM-DD) and
// written on recorded ("" when the record does not say) stands from, as
// the policy says it (screening.clearance_from): a line shipping before it
// is not cleared by it. The review desk and `records list` read it to say
// which lines a clearance can clear, rather than compare the days
// themselves.
func (c *Checker) ClearanceFrom(ctx context.Context, at, recorded string) (string, error) {
	return c.clearanceFrom.eval(ctx, c, clearanceInput(at, recorded), clearanceWhat(at, recorded))
}

// ClearanceFromPolicy is [Checker.ClearanceFrom] by the policy of the
// policy and data trees (the embedded ones, with dirs overlaid), for a
// command that judges no orders (exportcheck clear).
func ClearanceFromPolicy(ctx context.Context, policyDirs, dataDirs []string, at, recorded string) (string, error) {
	b, err := LoadBundle(policyDirs, dataDirs)
	if err != nil {
		return "", err
	}
	r := dayRule{name: "screening.clearance_from"}
	q, _, err := prepare(ctx, b, r.queryText())
	if err != nil {
		return "", err
	}
	return evalDay(ctx, r.name, q, clearanceInput(at, recorded), clearanceWhat(at, recorded))
}

// clearanceInput is what screening.clearance_from is given of a
// clearance.
func clearanceInput(at, recorded string) map[string]any {
	in := map[string]any{"at": at}
	if recorded != "" {
		in["recorded"] = recorded
	}
	return in
}

func clearanceWhat(at, recorded string) string {
	return fmt.Sprintf("a clearance of %s recorded on %q", at, recorded)
}
