package checker

import "context"

// AssignmentFrom is the day an assignment of an end user to a licence or
// notification made on at (YYYY-MM-DD) applies from, as the policy says it
// (authorization.assignment_from): a line shipping before it is not
// covered by it. The review desk reads it to say which lines an
// assignment made today can cover, rather than compare the days itself.
func (c *Checker) AssignmentFrom(ctx context.Context, at string) (string, error) {
	return c.assignmentFrom.eval(ctx, c, map[string]any{"at": at}, "an assignment made on "+at)
}
