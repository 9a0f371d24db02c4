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
	return evalClearanceFrom(ctx, c.clearanceFrom.query, at, recorded)
}

// ClearanceFromPolicy is [Checker.ClearanceFrom] by the policy of the
// policy and data trees (the embedded ones, with dirs overlaid), for a
// command that judges no orders (exportcheck clear).
func ClearanceFromPolicy(ctx context.Context, policyDirs, dataDirs []string, at, recorded string) (string, error) {
	b, err := LoadBundle(policyDirs, dataDirs)
	if err != nil {
		return "", err
	}
	q, _, err := prepare(ctx, b, clearanceFromQuery)
	if err != nil {
		return "", err
	}
	return evalClearanceFrom(ctx, q, at, recorded)
}

func evalClearanceFrom(ctx context.Context, q rego.PreparedEvalQuery, at, recorded string) (string, error) {
	in := map[string]any{"at": at}
	if recorded != "" {
		in["recorded"] = recorded
	}
	rs, err := q.Eval(ctx, rego.EvalInput(in))
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
