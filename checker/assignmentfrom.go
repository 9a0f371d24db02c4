package checker

import (
	"context"
	"fmt"
	"sync"

	"github.com/open-policy-agent/opa/v1/rego"
)

const assignmentFromQuery = `x := data.exportcheck.authorization.assignment_from(input)`

// assignmentFrom is the prepared query of [Checker.AssignmentFrom].
type assignmentFrom struct {
	once  sync.Once
	query rego.PreparedEvalQuery
	err   error
}

// AssignmentFrom is the day an assignment of an end user to a licence or
// notification made on at (YYYY-MM-DD) applies from, as the policy says it
// (authorization.assignment_from): a line shipping before it is not
// covered by it. The review desk reads it to say which lines an
// assignment made today can cover, rather than compare the days itself.
func (c *Checker) AssignmentFrom(ctx context.Context, at string) (string, error) {
	c.assignmentFrom.once.Do(func() { c.assignmentFrom.query, c.assignmentFrom.err = c.prepareQuery(ctx, assignmentFromQuery) })
	if c.assignmentFrom.err != nil {
		return "", c.assignmentFrom.err
	}
	rs, err := c.assignmentFrom.query.Eval(ctx, rego.EvalInput(map[string]any{"at": at}))
	if err != nil {
		return "", err
	}
	if len(rs) == 0 {
		return "", fmt.Errorf("authorization.assignment_from: undefined for an assignment made on %s", at)
	}
	from, ok := rs[0].Bindings["x"].(string)
	if !ok || DateError(from) != nil {
		return "", fmt.Errorf("authorization.assignment_from: %v is not a day (YYYY-MM-DD)", rs[0].Bindings["x"])
	}
	return from, nil
}
