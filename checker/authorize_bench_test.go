package checker

import (
	"context"
	"fmt"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"
)

// BenchmarkAuthorizationQuery measures the policy's authorization query
// alone: a batch of 100 lines, each naming one of 1,000 licences, as
// license_required lines (the records are judged in full).
func BenchmarkAuthorizationQuery(b *testing.B) {
	ctx := context.Background()
	ls := map[string]any{}
	index := map[string][]string{}
	for i := range 1000 {
		n, key := fmt.Sprintf("B%07d", i), fmt.Sprintf("customer %d", i)
		ls[n] = map[string]any{
			"number": n, "kind": "license", "status": "active", "issued": "2024-01-01", "expires": "2027-01-01",
			"items":        map[string]any{"products": []any{"nvidia-h100-sxm5", "nvidia-h200-sxm"}, "eccns": []any{"3A090.a"}},
			"destinations": []any{"AE"}, "end_users": []any{key}, "end_user_keys": []any{key},
			"end_user_spellings": []any{map[string]any{"spelling": key}},
			"quantity_limits":    map[string]any{"3A090.a": 500}, "conditions": "", "flags": []any{},
			"file": "records/l.yaml", "line": i + 1,
		}
		index[key] = []string{n}
	}
	c, err := New(ctx, Options{Records: &Records{
		Data:      map[string]any{"licences": ls, "notifications": map[string]any{}},
		Normalize: func(s string) string { return s },
		Spell:     func(s string) string { return s },
		Licences:  index, Notifications: map[string][]string{}, Clearances: map[[2]string][]*ClearanceFact{},
	}})
	if err != nil {
		b.Fatal(err)
	}
	products := []string{"nvidia-h100-sxm5", "nvidia-a100-sxm4-80gb"}
	var lines []any
	for i := range 100 {
		lines = append(lines, map[string]any{
			"day": "2025-06-01", "product": products[i%2], "destination": "AE", "end_user": "x",
			"end_user_key": fmt.Sprintf("customer %d", i*7), "documents": []any{},
			"end_user_spelling": map[string]any{"spelling": fmt.Sprintf("customer %d", i*7)},
			"licences":          []any{fmt.Sprintf("B%07d", i*7)}, "notifications": []any{},
			"outcome": map[string]any{"decision": "license_required", "exception": "", "eccn": "3A090.a",
				"rules": []any{"classify.3a090.a.1", "license.destination.d145", "license.review_policy.2026"}},
		})
	}
	input := rego.EvalInput(map[string]any{"lines": lines})
	b.ResetTimer()
	for range b.N {
		rs, err := c.auth.query.Eval(ctx, input)
		if err != nil || len(rs) == 0 {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(lines)), "µs/line")
}
