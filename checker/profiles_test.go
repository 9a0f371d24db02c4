package checker

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"
)

// TestProfilesPerOwnPeriod: a country's facts and headquarters profile and a
// product's profile are evaluated once per period of their own dates; on
// every date named in data
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
		query := map[string]rego.PreparedEvalQuery{"country": c.profiles.dest.query, "hq": c.profiles.hq.query, "product": c.products.query, "scopes": c.products.scopeQuery}[q]
		v, err := evalOne(ctx, query, own, input)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
	// each compares, day by day, what is kept for one code with what the
	// policy gives, and counts the days it changes on.
	changes := 0
	each := func(what string, kept func(day string) (string, error), gives func(day string) string) {
		prev := ""
		for _, d := range days {
			got, err := kept(d)
			if err != nil {
				t.Fatal(err)
			}
			if want := gives(d); got != want {
				t.Errorf("%s on %s: kept %s, the policy gives %s", what, d, got, want)
			}
			if prev != "" && got != prev {
				changes++
			}
			prev = got
		}
	}
	for _, x := range c.Catalog().Countries() {
		each("facts of "+x.Code, func(d string) (string, error) { return c.profiles.readOn(ctx, c.profiles.dest, x.Code, d) },
			func(d string) string { return direct("country", map[string]any{"country": x.Code, "day": d}) })
		each("headquarters profile of "+x.Code, func(d string) (string, error) { return c.profiles.readOn(ctx, c.profiles.hq, x.Code, d) },
			func(d string) string { return direct("hq", map[string]any{"country": x.Code, "day": d}) })
		// The scopes of a destination, kept once per period of the rules.
		each("scopes of "+x.Code, func(d string) (string, error) {
			sc, err := c.products.scopesOf(ctx, x.Code, d)
			return strings.ReplaceAll(sc, scopeSep, ","), err
		}, func(d string) string {
			var l []string
			if err := json.Unmarshal([]byte(direct("scopes", map[string]any{"country": x.Code, "day": d, "regime": c.opts.Regime})), &l); err != nil {
				t.Fatal(err)
			}
			return strings.Join(l, ",")
		})
	}
	// A product as kept: its profile text, its scoped parts and the figures
	// its reasons show.
	shown := func(profile string, scoped map[string]string, tpp, dram string) string {
		b, _ := json.Marshal(scoped)
		return profile + " scoped " + string(b) + " tpp " + tpp + " dram " + dram
	}
	for _, p := range c.Catalog().Products() {
		each("profile of "+p.ID, func(d string) (string, error) {
			r, err := c.products.readOn(ctx, p.ID, d)
			if err != nil {
				return "", err
			}
			return shown(r.profile, r.scoped, r.tppText, r.dramText), nil
		}, func(d string) string {
			var m map[string]any
			if err := json.Unmarshal([]byte(direct("product", map[string]any{"product": p.ID, "day": d, "regime": c.opts.Regime})), &m); err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal([]any{m["profile"], m["notices"]})
			scoped := map[string]string{}
			for s, x := range m["scoped"].(map[string]any) {
				part, _ := json.Marshal(x)
				scoped[s] = string(part)
			}
			return shown(string(b), scoped, str(m["tpp_text"]), str(m["dram_text"]))
		})
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
	m, err := newMemo(newCompiledPolicy(comp), true)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
