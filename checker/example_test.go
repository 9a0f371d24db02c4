package checker_test

import (
	"context"
	"fmt"

	"github.com/exportcheck/exportcheck/checker"
)

// The H800 was designed to pass the 2022 rule and was caught by the 2023 one.
func ExampleChecker_Check() {
	ctx := context.Background()
	c, err := checker.New(ctx, checker.Options{})
	if err != nil {
		panic(err)
	}
	orders := []checker.Order{
		{ID: "1", Quantity: "8", Product: "H800 SXM5", Destination: "CN", EndUserHQ: "CN", Date: "2023-10-20"},
		{ID: "2", Quantity: "8", Product: "H800 SXM5", Destination: "CN", EndUserHQ: "CN", Date: "2023-11-17"},
	}
	seq := func(yield func(checker.Order, error) bool) {
		for _, o := range orders {
			if !yield(o, nil) {
				return
			}
		}
	}
	for r, err := range c.Check(ctx, seq) {
		if err != nil {
			panic(err)
		}
		fmt.Println(r.Order.ID, r.Decision, r.ECCN, r.Regime)
	}
	// Output:
	// 1 allow  ear-2023-01-18
	// 2 license_required 3A090.a ear-2023-11-17
}

func ExampleChecker_Classify() {
	ctx := context.Background()
	c, err := checker.New(ctx, checker.Options{})
	if err != nil {
		panic(err)
	}
	cl, err := c.Classify(ctx, "RTX 4090 D", "2024-06-01")
	if err != nil {
		panic(err)
	}
	fmt.Println(cl.Class, cl.Reasons[0].Message)
	// Output:
	// none not 3A090 (Note 2): not designed or marketed for datacenters and TPP 4,707 < 4,800 (FP16_fp16acc 294.2 × 16 bits)
}
