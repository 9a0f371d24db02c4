package checker

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// TestPureFunctions: a function is pure when neither it nor anything it
// calls reads input, calls a non-deterministic built-in or uses `with`.
func TestPureFunctions(t *testing.T) {
	c, err := Compile(map[string]string{"p.rego": `package p

double(x) := x * 2

via_data(x) := data.q.table[x]

reads_input(x) := x + input.n

calls_impure(x) := reads_input(x) * 2

reads_rule(x) := x + limit

limit := input.limit

uses_with(x) := y if y := calls_impure(x) with input as {"n": 1}

clock(_) := time.now_ns()

both(x) := 1 if x == 1

both(x) := input.n if x != 1
`, "q.rego": `package q

table := {"a": 1}
`})
	if err != nil {
		t.Fatal(err)
	}
	got := pureFunctions(c)
	want := map[string]bool{"data.p.double": true, "data.p.via_data": true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pure functions (-want +got):\n%s", diff)
	}
}

// TestMemoRejectsImpure: `memo: true` on a function that reads input is an
// error at load, naming the function.
func TestMemoRejectsImpure(t *testing.T) {
	policy := `package exportcheck

# METADATA
# title: Results
# entrypoint: true
# custom:
#   id: decision.results
results := [f(o) | some o in input.orders]

# METADATA
# title: F
# custom:
#   id: f
#   memo: true
f(o) := {"decision": "allow", "reasons": [], "n": count(input.orders), "o": o}
`
	_, err := New(context.Background(), Options{PolicyFS: fstest.MapFS{"p.rego": {Data: []byte(policy)}}})
	if err == nil || !strings.Contains(err.Error(), "data.exportcheck.f is marked `memo: true` but reads input") {
		t.Fatalf("New: %v, want the impure memo function named", err)
	}
}

// TestMemoizedFunctions: the embedded policy's memoized functions are the
// ones its METADATA marks.
func TestMemoizedFunctions(t *testing.T) {
	c, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{
		"data.exportcheck._timeline": true, "data.exportcheck._classification": true,
		"data.exportcheck._class_options": true, "data.exportcheck.license.country_facts": true,
		"data.exportcheck._destination_part": true, "data.exportcheck._options": true, "data.exportcheck.product_profile": true,
		"data.exportcheck._headquarters": true, "data.exportcheck.license.product_notices": true,
	}
	if diff := cmp.Diff(want, c.memo.pure); diff != "" {
		t.Errorf("memoized (-want +got):\n%s", diff)
	}
}

// TestNamedCodes: a country code is named when a policy literal or key,
// data outside the countries table, or a treated_as names it.
func TestNamedCodes(t *testing.T) {
	c, err := Compile(map[string]string{"p.rego": `package p

sections := {"CU": "15 CFR 746.2"}

macau(c) if c == "MO"
`})
	if err != nil {
		t.Fatal(err)
	}
	doc := map[string]any{
		"countries": map[string]any{
			"HK": map[string]any{"treated_as": "CN"}, "CN": map[string]any{}, "MO": map[string]any{},
			"CU": map[string]any{}, "RU": map[string]any{}, "BR": map[string]any{}, "AR": map[string]any{"groups": map[string]any{"D:1": []any{}}},
		},
		"sanctions": map[string]any{"countries": map[string]any{"RU": map[string]any{"title": "BR is not named by a title"}}},
	}
	codes := map[string]bool{"HK": true, "CN": true, "MO": true, "CU": true, "RU": true, "BR": true, "AR": true}
	want := map[string]bool{"HK": true, "CN": true, "MO": true, "CU": true, "RU": true}
	if diff := cmp.Diff(want, namedCodes(doc, c, codes)); diff != "" {
		t.Errorf("named codes (-want +got):\n%s", diff)
	}
}
