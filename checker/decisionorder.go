package checker

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
)

// decisionOrderQuery is the policy's decisions from the least to the most
// severe (decision.order).
const decisionOrderQuery = "data.exportcheck.decision_order"

// checkDecisionOrder refuses a policy whose order of decisions is not the
// one Decision compares in (--fail-on, exit codes, the levels outputs
// grade lines by): a policy that ranked review above exception would have
// the checker grade its lines by an order it does not hold. Licensed is
// the records' (an authorization covering a line), not the policy's
// decision, and is left out.
func checkDecisionOrder(ctx context.Context, comp *ast.Compiler, store storage.Store) error {
	var got []string
	rs, err := rego.New(rego.Query(decisionOrderQuery), rego.Compiler(comp), rego.Store(store)).Eval(ctx)
	switch {
	case err != nil:
		return fmt.Errorf("the policy's order of decisions (decision.order): %w", err)
	case len(rs) == 0 || len(rs[0].Expressions) == 0:
		// A tree or bundle made before the policy published it (an
		// exportcheck before 2026-12-07): its order cannot be confirmed.
		return fmt.Errorf("the policy does not publish its order of decisions (%s, decision.order): a policy tree or bundle made for an exportcheck before 2026-12-07? Build the bundle again with this version (exportcheck bundle build), or add the rule from the embedded decision.rego to a policy that replaces it", decisionOrderQuery)
	}
	b, err := json.Marshal(rs[0].Expressions[0].Value)
	if err == nil {
		err = json.Unmarshal(b, &got)
	}
	if err != nil {
		return fmt.Errorf("the policy's order of decisions (decision.order): %w", err)
	}
	var want []string
	for _, d := range Decisions() {
		if d != Licensed {
			want = append(want, d.String())
		}
	}
	if !slices.Equal(got, want) {
		return fmt.Errorf("the policy orders its decisions %s (decision.order), the checker %s: the checker would grade lines (--fail-on, exit codes) by an order the policy does not hold", strings.Join(got, " < "), strings.Join(want, " < "))
	}
	return nil
}

// checkDeciding refuses a policy whose results do not mark the reason that
// decided each line (deciding, which every output headlines), at load
// rather than at the first line: serve would swap such a bundle in on
// reload and then fail every check. It reads the compiled policy, once
// per policy, and evaluates nothing: a result object the package of
// decision.results builds (one with a decision and reasons) without
// deciding, as every one did in a policy made for an exportcheck before
// 2026-12-07. A result made otherwise (a company's decision.rego that
// assembles it with object.union alone) is not seen here, and stops the
// check at its first line instead (decodeOutcomeTerm).
func checkDeciding(p *compiledPolicy) error {
	if loc := p.undecidingResult(); loc != nil {
		return fmt.Errorf("%v: the policy builds a result without deciding (the index of the reason that decided the line, in decision.results): a policy tree or bundle made for an exportcheck before 2026-12-07? Build the bundle again with this version (exportcheck bundle build), or mark it as the embedded decision.rego does", loc)
	}
	return nil
}

// undecidingResult is where the package of decision.results first builds
// an object with "decision" and "reasons" but no "deciding"; nil for none.
func (p *compiledPolicy) undecidingResult() *ast.Location {
	p.decidingOnce.Do(func() {
		ref := ast.MustParseRef(DecisionQuery)
		pkg := ref[:len(ref)-1]
		for _, name := range sortedKeys(p.comp.Modules) {
			m := p.comp.Modules[name]
			if !m.Package.Path.Equal(pkg) {
				continue
			}
			ast.WalkTerms(m, func(t *ast.Term) bool {
				o, ok := t.Value.(ast.Object)
				if p.undeciding != nil || !ok {
					return p.undeciding != nil
				}
				has := func(k string) bool { return o.Get(ast.InternedTerm(k)) != nil }
				if has("decision") && has("reasons") && !has("deciding") {
					p.undeciding = t.Location
				}
				return false
			})
			if p.undeciding != nil {
				break
			}
		}
	})
	return p.undeciding
}
