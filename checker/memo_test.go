package checker

import (
	"context"
	"slices"
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
	got, why := pureFunctions(c)
	want := map[string]bool{"data.p.double": true, "data.p.via_data": true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pure functions (-want +got):\n%s", diff)
	}
	// Each impure function says what makes it so and where, through what it
	// calls too.
	wantWhy := map[string]string{
		"data.p.reads_input":  "reads input at p.rego:7",
		"data.p.calls_impure": "reads input at p.rego:7",
		"data.p.reads_rule":   "reads input at p.rego:13",
		"data.p.uses_with":    "uses `with` at p.rego:15",
		"data.p.clock":        "calls the non-deterministic time.now_ns at p.rego:17",
		"data.p.both":         "reads input at p.rego:21",
	}
	if diff := cmp.Diff(wantWhy, why); diff != "" {
		t.Errorf("why impure (-want +got):\n%s", diff)
	}
}

// TestMemoRejected: a policy is refused at load, with the reason, when a
// function marked `memo: true` or `memo: uncached` reads input (in every
// mode), or `memo:` says neither true, false nor uncached.
func TestMemoRejected(t *testing.T) {
	for _, tc := range []struct{ memo, body, want string }{
		{"true", `{"decision": "allow", "reasons": [], "n": count(input.orders), "o": o}`,
			"data.exportcheck.f is marked `memo: true` but reads input at p.rego:"},
		// With the key cache on, a memo: uncached function is not memoized,
		// but the cache relies on the same purity.
		{"uncached", `{"decision": "allow", "reasons": [], "n": count(input.orders), "o": o}`,
			"data.exportcheck.f is marked `memo: uncached` but reads input at p.rego:"},
		{"always", `{"decision": "allow", "reasons": [], "o": o}`, "`memo: always`: want true or uncached"},
	} {
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
#   memo: ` + tc.memo + `
f(o) := ` + tc.body + "\n"
		_, err := New(context.Background(), Options{PolicyFS: fstest.MapFS{"p.rego": {Data: []byte(policy)}}})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("memo: %s: New: %v, want %q", tc.memo, err, tc.want)
		}
	}
}

// TestMemoizedFunctions: the embedded policy's memoized functions are the
// ones its METADATA marks; `memo: uncached` ones only with the decision-key
// cache off.
func TestMemoizedFunctions(t *testing.T) {
	always := []string{
		"data.exportcheck._timeline", "data.exportcheck._classification",
		"data.exportcheck._class_options", "data.exportcheck.license.country_facts",
		"data.exportcheck._destination_part", "data.exportcheck._options", "data.exportcheck.product_profile",
		"data.exportcheck._headquarters", "data.exportcheck.license.product_notices",
		"data.exportcheck._allow", "data.exportcheck.screening.requirements", "data.exportcheck.license._terms",
	}
	for _, tc := range []struct {
		opts Options
		want []string
	}{
		{Options{}, always},
		{Options{NoCache: true}, append(slices.Clone(always), "data.exportcheck.decide")},
	} {
		c, err := New(context.Background(), tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{}
		for _, f := range tc.want {
			want[f] = true
		}
		if diff := cmp.Diff(want, c.memo.pure); diff != "" {
			t.Errorf("NoCache %v: memoized (-want +got):\n%s", tc.opts.NoCache, diff)
		}
	}
}

// TestNamedCodes: a country code is named when a policy literal or key,
// data outside the countries table name, or the policy treats it as another
// country (license.effective_country) or another as it.
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
	if diff := cmp.Diff(want, namedCodes(doc, c, codes, map[string]string{"HK": "CN"})); diff != "" {
		t.Errorf("named codes (-want +got):\n%s", diff)
	}
}

// TestReasonWithoutMetadataRefused: a rule that builds its reason from its
// own METADATA but has none (or none with custom.id and custom.citation)
// would add nothing, without a word: it is refused, with its file and line.
// A rule's METADATA covers that definition only, not an else branch nor a
// second definition of the function.
func TestReasonWithoutMetadataRefused(t *testing.T) {
	const reason = `package p

reason(meta, msg) := {"rule": meta.custom.id, "citation": meta.custom.citation, "message": msg}
`
	tests := []struct {
		name, src string
		want      string // "" when compiled
	}{
		{"annotated", `
# METADATA
# custom:
#   id: acme.x
#   citation: manual
x(c) := reason(rego.metadata.rule(), "m") if c == 1
`, ""},
		{"no metadata", `
x(c) := reason(rego.metadata.rule(), "m") if c == 1
`, "company.rego:3: rego_compile_error: x builds its reasons from its METADATA (rego.metadata.rule()), which gives no custom.id or custom.citation"},
		{"no citation", `
# METADATA
# custom:
#   id: acme.x
x(c) := reason(rego.metadata.rule(), "m") if c == 1
`, "company.rego:6: rego_compile_error: x builds its reasons from its METADATA (rego.metadata.rule()), which gives no custom.citation"},
		{"in the body", `
# METADATA
# custom:
#   citation: manual
x(c) := r if {
	c == 1
	r := reason(rego.metadata.rule(), "m")
}
`, "company.rego:6: rego_compile_error: x builds its reasons from its METADATA (rego.metadata.rule()), which gives no custom.id"},
		{"second definition", `
# METADATA
# custom:
#   id: acme.x
#   citation: manual
x(c) := reason(rego.metadata.rule(), "m") if c == 1

x(c) := reason(rego.metadata.rule(), "n") if c == 2
`, "company.rego:9: rego_compile_error: x builds its reasons"},
		{"else branch", `
# METADATA
# custom:
#   id: acme.x
#   citation: manual
x(c) := reason(rego.metadata.rule(), "m") if c == 1
else := reason(rego.metadata.rule(), "n")
`, "company.rego:8: rego_compile_error: x builds its reasons"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile(map[string]string{"reason.rego": reason, "company.rego": "package p\n" + tt.src})
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want != "" && err == nil:
				t.Fatal("compiled")
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Fatalf("got %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}
