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
