package checker

import (
	"context"
	"fmt"
	"sync"

	"github.com/open-policy-agent/opa/v1/rego"
)

// dayRule is a public policy function that gives the day a record applies
// from (screening.clearance_from, authorization.assignment_from), prepared
// once per checker: what Go says of a record's days it asks the policy.
type dayRule struct {
	name  string // the rule under data.exportcheck
	once  sync.Once
	query rego.PreparedEvalQuery
	err   error
}

func (r *dayRule) queryText() string { return "x := data.exportcheck." + r.name + "(input)" }

// eval is the day the rule gives for the record in (what: the record, in
// words, for an error).
func (r *dayRule) eval(ctx context.Context, c *Checker, in map[string]any, what string) (string, error) {
	r.once.Do(func() { r.query, r.err = c.prepareQuery(ctx, r.queryText()) })
	if r.err != nil {
		return "", r.err
	}
	return evalDay(ctx, r.name, r.query, in, what)
}

func evalDay(ctx context.Context, name string, q rego.PreparedEvalQuery, in map[string]any, what string) (string, error) {
	rs, err := q.Eval(ctx, rego.EvalInput(in))
	if err != nil {
		return "", err
	}
	if len(rs) == 0 {
		return "", fmt.Errorf("%s: undefined for %s", name, what)
	}
	day, ok := rs[0].Bindings["x"].(string)
	if !ok || DateError(day) != nil {
		return "", fmt.Errorf("%s: %v is not a day (YYYY-MM-DD)", name, rs[0].Bindings["x"])
	}
	return day, nil
}
