package checker_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
)

// TestCompanyContextKeys: a company rule that reads a key of ctx the
// policy's company_ctx_keys does not name is refused when the policy is
// compiled, with its file and line; one that reads known keys, or a
// policy that publishes no keys, compiles.
func TestCompanyContextKeys(t *testing.T) {
	const keys = "package exportcheck\n\ncompany_ctx_keys := {\"c\", \"dest\", \"end_use\"}\n"
	const nested = "package exportcheck\n\ncompany_ctx_keys := {\"c\", \"cls\"}\n\ncompany_ctx_nested_keys := {\"cls\": {\"eccn\", \"tpp\", \"datacenter\"}}\n"
	for _, tt := range []struct {
		name    string
		keys    string
		company string
		want    []string // error lines, file:line: message start
	}{
		{"known keys", keys, "requirements(ctx) := {x | ctx.c == \"MY\"; x := ctx.dest}\n", nil},
		{"misspelt key", keys, "requirements(ctx) := {x |\n\tctx.country == \"MY\"\n\tx := 1\n}\n",
			[]string{"company.rego:4: rego_compile_error: requirements reads ctx.country, which ctx does not have: a company rule reads the order through ctx, whose keys are c, dest, end_use"}},
		{"under another name, two calls down, with object.get", keys,
			"requirements(a) := f(1, a)\n\nf(_, b) := g(b)\n\ng(c) := {x |\n\tx := object.get(c, [\"enduse\"], \"\")\n\tc[\"dst\"] == 1\n}\n",
			[]string{
				"company.rego:8: rego_compile_error: g reads ctx.enduse, which ctx does not have: did you mean end_use?",
				"company.rego:9: rego_compile_error: g reads ctx.dst, which ctx does not have: did you mean dest?",
			}},
		{"no keys published: not checked", "package exportcheck\n", "requirements(ctx) := {x | x := ctx.country}\n", nil},
		{"known keys below the first", nested, "requirements(ctx) := {x | ctx.cls.eccn == \"3A090.a\"; x := object.get(ctx, [\"cls\", \"tpp\"], 0) + object.get(ctx.cls, \"tpp\", 0)}\n", nil},
		{"misspelt keys below the first", nested,
			"requirements(ctx) := {x |\n\tctx.cls.eccnn == \"3A090.a\"\n\tx := object.get(ctx, [\"cls\", \"tppp\"], 0)\n\tobject.get(ctx.cls, \"datacentre\", false)\n\tctx.c.x == 1\n\tcls := ctx.cls\n\tcls.ecn == 1\n}\n",
			[]string{
				"company.rego:4: rego_compile_error: requirements reads ctx.cls.eccnn, which ctx.cls does not have: did you mean eccn?: its keys are datacenter, eccn, tpp (exportcheck.company_ctx_nested_keys; docs/company.md); the key would be undefined and the rule add nothing",
				"company.rego:5: rego_compile_error: requirements reads ctx.cls.tppp, which ctx.cls does not have: did you mean tpp?",
				"company.rego:6: rego_compile_error: requirements reads ctx.cls.datacentre, which ctx.cls does not have: did you mean datacenter?",
				"company.rego:9: rego_compile_error: requirements reads ctx.cls.ecn, which ctx.cls does not have: did you mean eccn?",
			}},
		{"through variables bound to ctx and to an object in it", nested,
			"requirements(ctx) := {x |\n\ty := ctx\n\tz = y\n\tz.cc == 1\n\tobject.get(y, \"clss\", {})\n\tc := y.cls\n\td := c\n\td.tp == 1\n\tx := object.get(z, [\"cls\", \"eccn\"], \"\")\n}\n",
			[]string{
				"company.rego:6: rego_compile_error: requirements reads ctx.cc, which ctx does not have: a company rule reads the order through ctx",
				"company.rego:7: rego_compile_error: requirements reads ctx.clss, which ctx does not have: did you mean cls?",
				"company.rego:10: rego_compile_error: requirements reads ctx.cls.tp, which ctx.cls does not have: its keys are datacenter, eccn, tpp",
			}},
		{"an object in ctx handed to another function", nested,
			"requirements(ctx) := f(ctx.cls) | g(ctx)\n\nf(k) := {x | x := k.eccnn}\n\ng(a) := h(a.cls)\n\nh(m) := {x |\n\tn := m\n\tx := object.get(n, \"datacentre\", false)\n\tm.tpp.x == 1\n}\n",
			[]string{
				"company.rego:5: rego_compile_error: f reads ctx.cls.eccnn, which ctx.cls does not have: did you mean eccn?",
				"company.rego:11: rego_compile_error: h reads ctx.cls.datacentre, which ctx.cls does not have: did you mean datacenter?",
			}},
		{"a key that is a variable, and keys below the second: not checked", nested,
			"requirements(ctx) := {x | some k in [\"q\"]; ctx[k] == 1; x := ctx.cls.tpp.anything}\n", nil},
		{"nested keys not written out", keys + "\ncompany_ctx_nested_keys := {\"cls\": {k | some k in [\"eccn\"]}}\n", "requirements(ctx) := {x | x := ctx.c}\n",
			[]string{"keys.rego:5: rego_compile_error: data.exportcheck.company_ctx_nested_keys: want an object written out"}},
		{"keys not written out", "package exportcheck\n\ncompany_ctx_keys := {k | some k in [\"c\"]}\n", "requirements(ctx) := {x | x := ctx.c}\n",
			[]string{"keys.rego:3: rego_compile_error: data.exportcheck.company_ctx_keys: want a set of strings written out"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := checker.Compile(map[string]string{
				"keys.rego":    tt.keys,
				"company.rego": "package exportcheck.company\n\n" + tt.company,
			})
			var got []string
			if err != nil {
				for _, l := range strings.Split(err.Error(), "\n") {
					if i := strings.Index(l, ".rego:"); i >= 0 {
						l = strings.TrimPrefix(strings.TrimSpace(l), "1 error occurred: ")
						for _, w := range tt.want {
							if strings.HasPrefix(l, w) {
								l = w
							}
						}
						got = append(got, l)
					}
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s\nerror: %v", diff, err)
			}
		})
	}
}
