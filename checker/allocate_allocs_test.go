package checker

import (
	"context"
	"testing"
)

// TestAllocateNotificationAllocs: a line drawn on a notification's
// quantity and dollar value costs no more than one drawn on a licence's
// quantity and value: what is left on a notification's limits is written
// only into the reason that refuses a line, not for every line drawn.
func TestAllocateNotificationAllocs(t *testing.T) {
	ctx := context.Background()
	c, err := New(ctx, Options{Records: &Records{
		Data: map[string]any{
			"licences": map[string]any{"L1": map[string]any{
				"number": "L1", "kind": "license", "status": "active", "issued": "2024-01-01", "expires": "2027-01-01",
				"items":        map[string]any{"products": []any{"nvidia-h100-sxm5"}, "eccns": []any{"3A090.a"}},
				"destinations": []any{"AE"}, "end_users": []any{"a"}, "end_user_keys": []any{"a"},
				"end_user_spellings": []any{map[string]any{"spelling": "a"}},
				"quantity_limits":    map[string]any{"3A090.a": 1_000_000}, "value_limit_usd": 1e12, "conditions": "", "flags": []any{},
				"file": "records/l.yaml", "line": 1,
			}},
			"notifications": map[string]any{"N1": map[string]any{
				"bis_reference": "N1", "exception": "NAC", "filed_on": "2024-01-01", "status": "confirmed", "confirmation": "A123456",
				"items": map[string]any{"products": []any{"nvidia-h100-sxm5"}, "eccns": []any{}}, "destination": "AE",
				"end_user": "a", "end_user_key": "a", "end_user_spelling": map[string]any{"spelling": "a"},
				"quantity": 1_000_000, "value_usd": 1e12, "file": "records/n.yaml", "line": 1,
			}},
		},
		Normalize: func(s string) string { return s },
		Spell:     func(s string) string { return s },
		Licences:  map[string][]string{"a": {"L1"}}, Notifications: map[string][]string{"a": {"N1"}}, Clearances: map[[2]string][]*ClearanceFact{},
	}})
	if err != nil {
		t.Fatal(err)
	}
	allocs := func(kind, number string, limits ...string) float64 {
		out := &authOutcome{Eligible: []eligibleRecord{{Kind: kind, Number: number, Limits: limits}}}
		claims := []claim{{seq: 0, date: 20260601, quantity: 2, value: 2000, out: out}}
		plan, err := c.allocate(ctx, claims, nil)
		if err != nil || len(plan) != 1 || plan[0].used != 0 {
			t.Fatalf("%s %s: the line is not drawn: %v %+v", kind, number, err, plan)
		}
		return testing.AllocsPerRun(50, func() { c.allocate(ctx, claims, nil) })
	}
	if n, l := allocs("notification", "N1", "quantity", "value"), allocs("license", "L1", "3A090.a", "value"); n > l {
		t.Errorf("a line drawn on a notification allocates %v times, on a licence %v", n, l)
	}
}
