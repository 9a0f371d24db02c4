package checker

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
)

// TestProfilesPerOwnPeriod: a country's facts and a product's profile are
// evaluated once per period of their own dates; on every date named in data
// and the day before it, taken in order (so a period's first evaluation is
// reused for the days after it), they are what the policy gives on that day.
func TestProfilesPerOwnPeriod(t *testing.T) {
	ctx := context.Background()
	c, err := New(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var days []string
	for _, d := range dates(c.bundle.Data) {
		days = append(days, shiftDay(d, -1), d)
	}
	slices.Sort(days)
	days = slices.Compact(days)
	own := newTestMemo(t, c) // keyed by the day itself
	direct := func(q string, input map[string]any) string {
		t.Helper()
		query := c.profiles.query
		if q == "product" {
			query = c.products.query
		}
		v, err := evalOne(ctx, query, own, input)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
	changes := 0
	for _, x := range c.Catalog().Countries() {
		prev := ""
		for _, d := range days {
			got, err := c.profiles.factsOn(ctx, x.Code, d)
			if err != nil {
				t.Fatal(err)
			}
			if want := direct("country", map[string]any{"country": x.Code, "day": d}); got != want {
				t.Errorf("facts of %s on %s: kept %s, the policy gives %s", x.Code, d, got, want)
			}
			if prev != "" && got != prev {
				changes++
			}
			prev = got
		}
	}
	for _, p := range c.Catalog().Products() {
		prev := ""
		for _, d := range days {
			r, err := c.products.readOn(ctx, p.ID, d)
			if err != nil {
				t.Fatal(err)
			}
			v := direct("product", map[string]any{"product": p.ID, "day": d, "regime": c.opts.Regime})
			var m map[string]any
			if err := json.Unmarshal([]byte(v), &m); err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal([]any{m["profile"], m["notices"]})
			if string(b) != r.profile || str(m["tpp_text"]) != r.tppText || str(m["dram_text"]) != r.dramText {
				t.Errorf("profile of %s on %s: kept %s, the policy gives %s", p.ID, d, r.profile, b)
			}
			if prev != "" && r.profile != prev {
				changes++
			}
			prev = r.profile
		}
	}
	if changes == 0 {
		t.Error("no profile changes over the dates in data: the test cannot tell a stale profile")
	}
}

// newTestMemo is a memo of its own, so direct evaluations share nothing
// with what the checker keeps.
func newTestMemo(t *testing.T, c *Checker) *memo {
	t.Helper()
	comp, err := Compile(c.bundle.Modules)
	if err != nil {
		t.Fatal(err)
	}
	m, err := newMemo(comp, true)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
