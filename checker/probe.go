package checker

import (
	"cmp"
	"context"
	"errors"
	"fmt"
)

// Probe judges one line, as check and serve judge their first: a policy
// whose results the checker cannot read (a result without deciding built
// in a way New does not see) is refused before a bundle of it is signed or
// served, not at the first line of every check. The line: the catalog's
// first product, to Germany, on the day the data is as of. A line the
// data cannot judge (an input error) says nothing of the policy.
func (c *Checker) Probe(ctx context.Context) error {
	products := c.catalog.Products()
	if len(products) == 0 {
		return nil
	}
	day := cmp.Or(DataAsOf(c.bundle.Data), DateFloor)
	o := Order{File: "(a line judged to try the policy)", Line: 1, Quantity: "1", Product: products[0].ID,
		Destination: "DE", EndUserHQ: "DE", EndUser: "A line to try the policy", Date: day, Hypothetical: true}
	for r, err := range c.Check(ctx, func(yield func(Order, error) bool) { yield(o, nil) }) {
		if err != nil {
			return err
		}
		var bad *InputError
		if r.Err != nil && !errors.As(r.Err, &bad) {
			return fmt.Errorf("a line judged to try the policy (%s to DE on %s): %w", products[0].ID, day, r.Err)
		}
	}
	return nil
}
