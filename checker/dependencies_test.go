package checker

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/data"
	"github.com/exportcheck/exportcheck/policies"
)

// TestCachePlanEmbedded: the embedded policy reads only what the period
// index and the profiles account for, so the decision cache narrows
// periods and judges by profile.
func TestCachePlanEmbedded(t *testing.T) {
	b, err := LoadBundle(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	comp, err := Compile(b.Modules)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(cachePlan{narrow: true, profiles: true}, planCache(newCompiledPolicy(comp), b.Data), cmp.AllowUnexported(cachePlan{})); diff != "" {
		t.Errorf("plan for the embedded policy (-want +got):\n%s", diff)
	}
}

// withCompanyRule is the embedded policy tree with the company extension
// point replaced by rule (the body of requirements(ctx)), as a maintainer
// adding a rule to the policies would have it.
func withCompanyRule(t *testing.T, rule string) fs.FS {
	m := copyFS(t, policies.FS)
	m["exportcheck/company/company.rego"] = &fstest.MapFile{Data: []byte(`package exportcheck.company

import data.exportcheck.text

# METADATA
# title: Test rule
# description: A rule a maintainer adds.
# custom:
#   id: company.test
#   citation: test
requirements(ctx) := {req |
` + rule + `
	req := {
		"effect": "license_required", "review_policy": "unspecified", "exception": "",
		"reasons": [text.reason(rego.metadata.rule(), "license required by the test rule")],
	}
}
`)}
	return m
}

// copyFS copies the files of a tree into one a test can change.
// editedPolicy is the embedded policy with one text of one file replaced
// (old must be there, once or more: the first is replaced), for tests
// that show Go following an edit of the policy.
func editedPolicy(t *testing.T, path, old, new string) fstest.MapFS {
	t.Helper()
	m := copyFS(t, policies.FS)
	src := string(m[path].Data)
	if !strings.Contains(src, old) {
		t.Fatalf("%s no longer holds %q", path, old)
	}
	m[path] = &fstest.MapFile{Data: []byte(strings.Replace(src, old, new, 1))}
	return m
}

func copyFS(t *testing.T, src fs.FS) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(src, p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// withData is the embedded data with a file added.
func withData(t *testing.T, name, content string) fs.FS {
	m := copyFS(t, data.FS)
	m[name] = &fstest.MapFile{Data: []byte(content)}
	return m
}

// TestCacheFollowsPolicyEdit: a maintainer adds dated data and a rule that
// reads it (a licence requirement for Malaysia from a date), or a rule that
// reads a product's data outside its classification. The checker derives
// from the compiled policy that the cache does not account for these reads,
// says so, and falls back; its results equal judging every line from
// scratch. With the plan forced to ignore the new reads, they would not
// (the test can fail).
func TestCacheFollowsPolicyEdit(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name, rule, dataFile, data, note string
		products, dests, hqs             []string
	}{
		{
			name: "dated rule reading new data",
			rule: `	r := data.malaysia_rule
	r.effective <= ctx.d
	ctx.c in r.countries
	ctx.cls.class in {"a", "b"}`,
			dataFile: "malaysia.yaml", data: "malaysia_rule:\n  effective: \"2025-03-01\"\n  countries: [\"MY\"]\n",
			note:     "data.exportcheck.company.requirements reads data.malaysia_rule, which holds dates the rule periods do not account for (malaysia_rule.effective = 2025-03-01)",
			products: []string{"nvidia-h100-sxm5", "nvidia-h20", "nvidia-rtx-4090"},
			dests:    []string{"MY", "SG", "CN"},
			hqs:      []string{"", "MY", "US"},
		},
		{
			name: "rule reading product data directly",
			rule: `	data.products[ctx.id].vendor == "AMD"
	ctx.c == "AE"`,
			note:     "decision cache keyed by every code (no profiles): data.exportcheck.company.requirements",
			products: []string{"amd-mi308x", "nvidia-h20", "nvidia-l4", "nvidia-h100-sxm5", "amd-mi300x"},
			dests:    []string{"AE"},
			hqs:      []string{"AE"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{PolicyFS: withCompanyRule(t, tt.rule)}
			if tt.dataFile != "" {
				opts.DataFS = withData(t, tt.dataFile, tt.data)
			}
			c, err := New(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(c.CacheNote(), tt.note) {
				t.Errorf("cache note %q, want it to say %q", c.CacheNote(), tt.note)
			}
			var orders []Order
			for _, d := range dates(c.Bundle().Data) {
				if d < "2022-01-01" {
					continue
				}
				for _, day := range []string{shiftDay(d, -1), d} {
					for _, p := range tt.products {
						for _, dest := range tt.dests {
							for _, hq := range tt.hqs {
								orders = append(orders, Order{File: "t", Line: len(orders) + 2, Quantity: "1", Product: p, Destination: dest, EndUserHQ: hq, Date: day})
							}
						}
					}
				}
			}
			ref := opts
			ref.NoCache, ref.NoMemo = true, true
			want := checkWith(t, ref, orders)
			if diff := cmp.Diff(want, checkResults(t, c, orders), errText); diff != "" {
				t.Errorf("cached results differ from every line from scratch (-want +got):\n%s", diff)
			}
			planOverride = &cachePlan{narrow: true, profiles: true}
			defer func() { planOverride = nil }()
			if cmp.Equal(want, checkWith(t, opts, orders), errText) {
				t.Errorf("with the new reads ignored the cache still gives every line's own result: the test cannot fail")
			}
		})
	}
}

// FuzzCacheComplete: random order books over random overlays (a notice
// naming products, destinations or headquarters by code or group from a
// date, a country joining or leaving a group on a date), judged with the
// decision cache, with --no-cache, and every line from scratch, give the
// same results.
func FuzzCacheComplete(f *testing.F) {
	for _, seed := range []uint64{1, 2, 3} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		r := rand.New(rand.NewPCG(seed, 11))
		products := []string{"nvidia-h100-sxm5", "nvidia-h20", "nvidia-rtx-4090", "nvidia-l4", "amd-mi308x", "nvidia-hgx-h20", "nvidia-a100-sxm4-80gb"}
		countries := []string{"CN", "MO", "HK", "MY", "SG", "AE", "DE", "BR", "VN", "US", "KH", "RU", "IR"}
		groups := []string{"D:1", "D:4", "D:5", "A:5", "E:1"}
		pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
		day := func() string { return epochDay(19000 + r.IntN(365*5)) }
		overlay := fmt.Sprintf(`notices:
  fuzz-notice:
    title: "fuzz notice"
    citation: "test"
    effective: %q
    effect: %s
    review_policy: unspecified
    products: [%q]
    destinations: [%q]
    headquarters_groups: [%q]
    source: "test"
countries:
  %s:
    groups:
      %q:
        - from: %q
`, day(), pick([]string{"license_required", "review", "prohibited"}), pick(products), pick(countries), pick(groups), pick(countries), pick(groups), day())
		dfs := withData(t, "fuzz.yaml", overlay)
		var orders []Order
		uses := []string{""}
		if eu, ok := c0(t).Bundle().Data["end_uses"].(map[string]any); ok {
			for k := range eu {
				uses = append(uses, k)
			}
			slices.Sort(uses)
		}
		for i := range 300 {
			orders = append(orders, Order{File: "fuzz", Line: i + 2, Quantity: "1", Product: pick(products), Destination: pick(countries),
				EndUserHQ: pick(append(countries, "")), Date: day(), EndUse: pick(uses), ShipFrom: pick([]string{"", "", "US", "SG", "CN", "DE"})})
		}
		want := checkWith(t, Options{DataFS: dfs, NoCache: true, NoMemo: true}, orders)
		for _, opts := range []Options{{DataFS: dfs}, {DataFS: dfs, NoCache: true}} {
			if diff := cmp.Diff(want, checkWith(t, opts, orders), errText); diff != "" {
				t.Fatalf("seed %d, overlay\n%s\n%+v differs from every line from scratch (-want +got):\n%s", seed, overlay, opts, diff)
			}
		}
	})
}

// c0 is a checker with the embedded policies and data.
func c0(t *testing.T) *Checker {
	t.Helper()
	c, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var errText = cmp.Comparer(func(x, y error) bool { return fmt.Sprint(x) == fmt.Sprint(y) })

func epochDay(d int) string { return shiftDay("1970-01-01", d) }

func checkWith(t *testing.T, opts Options, orders []Order) []Result {
	t.Helper()
	c, err := New(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return checkResults(t, c, orders)
}

func checkResults(t *testing.T, c *Checker, orders []Order) []Result {
	t.Helper()
	rs, err := c.CheckAll(context.Background(), orders)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// TestCacheExhaustive: every product to every country (each pair on two
// of the days, in turn), every country as destination and as the end
// user's headquarters on the day before and the day of every date in data,
// in both regimes: the decision cache and
// --no-cache give each line the result of judging it on its own date by its
// own codes (with the policy's memo, which is keyed by what the functions
// are given; TestCacheComplete compares with no memo at all).
func TestCacheExhaustive(t *testing.T) {
	if testing.Short() {
		t.Skip("exhaustive: every product, country and date")
	}
	LessGC(t)
	ctx := context.Background()
	c, err := New(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var days []string
	for _, d := range dates(c.Bundle().Data) {
		days = append(days, shiftDay(d, -1), d)
	}
	var orders []Order
	add := func(p, dest, hq, day string) {
		orders = append(orders, Order{File: "x", Line: len(orders) + 2, Quantity: "1", Product: p, Destination: dest, EndUserHQ: hq, Date: day})
	}
	countries := c.Catalog().Countries()
	// Every product to every country on two of the days, in turn; every
	// country as destination and as headquarters on every day.
	for i, p := range c.Catalog().Products() {
		for j, x := range countries {
			hq := []string{x.Code, countries[(i+j)%len(countries)].Code, ""}[(i+j)%3]
			add(p.ID, x.Code, hq, days[(i*7+j)%len(days)])
			add(p.ID, x.Code, hq, days[(i*7+j+len(days)/2)%len(days)])
		}
	}
	for j, x := range countries {
		for _, day := range days {
			add("nvidia-h100-sxm5", x.Code, []string{x.Code, ""}[j%2], day)
			add("nvidia-h20", "AE", x.Code, day)
		}
	}
	// Every country shipped from, every end use.
	uses, _ := c.Bundle().Data["end_uses"].(map[string]any)
	useKeys := append([]string{""}, sortedKeys(uses)...)
	for j, x := range countries {
		for k, day := range days {
			o := Order{File: "x", Line: len(orders) + 2, Quantity: "1", Product: []string{"nvidia-h100-sxm5", "nvidia-h20", "nvidia-rtx-4090"}[k%3],
				Destination: []string{"CN", "MO", "SG", "AE"}[j%4], EndUserHQ: []string{"", "CN", "US"}[k%3], Date: day,
				ShipFrom: x.Code, EndUse: useKeys[(j+k)%len(useKeys)]}
			orders = append(orders, o)
		}
	}
	// A correctness test, not a timed one: the evaluation budget is far
	// past what a loaded machine needs (the default, 30 s a batch, was
	// met once beside four other test runs).
	const budget = 10 * time.Minute
	for _, regime := range []string{"enforced", "ai-diffusion"} {
		want := checkWith(t, Options{Regime: regime, NoCache: true, ownDates: true, EvalTimeout: budget}, orders)
		for _, opts := range []Options{{Regime: regime, EvalTimeout: budget}, {Regime: regime, NoCache: true, EvalTimeout: budget}} {
			got := checkWith(t, opts, orders)
			if diff := cmp.Diff(want, got, errText); diff != "" {
				t.Fatalf("%d lines, %+v differs from each line on its own date by its own codes (-own +got):\n%s", len(orders), opts, diff)
			}
		}
	}
}
