package checker

import (
	"context"
	"fmt"
	"sync"

	"github.com/open-policy-agent/opa/v1/rego"
)

const clearanceFromQuery = `x := data.exportcheck.screening.clearance_from(input)`

// clearanceFrom is the prepared query of [Checker.ClearanceFrom].
type clearanceFrom struct {
	once  sync.Once
	query rego.PreparedEvalQuery
	err   error
}

// ClearanceFrom is the day a clearance adjudicated on at (YYYY-MM-DD) and
// written on recorded ("" when the record does not say) stands from, as
// the policy says it (screening.clearance_from): a line shipping before it
// is not cleared by it. The review desk and `records list` read it to say
// which lines a clearance can clear, rather than compare the days
// themselves.
func (c *Checker) ClearanceFrom(ctx context.Context, at, recorded string) (string, error) {
	c.clearanceFrom.once.Do(func() { c.clearanceFrom.query, c.clearanceFrom.err = c.prepareQuery(ctx, clearanceFromQuery) })
	if c.clearanceFrom.err != nil {
		return "", c.clearanceFrom.err
	}
	in := map[string]any{"at": at}
	if recorded != "" {
		in["recorded"] = recorded
	}
	rs, err := c.clearanceFrom.query.Eval(ctx, rego.EvalInput(in))
	if err != nil {
		return "", err
	}
	if len(rs) == 0 {
		return "", fmt.Errorf("screening.clearance_from: undefined for a clearance of %s recorded on %q", at, recorded)
	}
	from, ok := rs[0].Bindings["x"].(string)
	if !ok || DateError(from) != nil {
		return "", fmt.Errorf("screening.clearance_from: %v is not a day (YYYY-MM-DD)", rs[0].Bindings["x"])
	}
	return from, nil
}
