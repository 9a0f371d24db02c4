package checker

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
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
func checkDecisionOrder(ctx context.Context, comp *ast.Compiler, store storage.Store, b *Bundle) error {
	var got []string
	rs, err := rego.New(rego.Query(decisionOrderQuery), rego.Compiler(comp), rego.Store(store)).Eval(ctx)
	switch {
	case err != nil:
		return fmt.Errorf("the policy's order of decisions (decision.order): %w", err)
	case len(rs) == 0 || len(rs[0].Expressions) == 0:
		// A tree or bundle made before the policy published it (an
		// exportcheck before 2026-12-07): its order cannot be confirmed.
		const what = "the policy does not publish its order of decisions (" + decisionOrderQuery + ", decision.order)"
		if file := policyDirFile(b, ast.MustParseRef(decisionOrderQuery)[:2]); file != "" {
			return fmt.Errorf("%s: %s, as decision.rego did before exportcheck of 2026-12-07: add the rule decision_order from the embedded decision.rego to it", file, what)
		}
		return fmt.Errorf("%s: %s", what, madeBefore)
	}
	raw, err := json.Marshal(rs[0].Expressions[0].Value)
	if err == nil {
		err = json.Unmarshal(raw, &got)
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
//
// What to do depends on where the file came from: one under --policy
// (check's, or bundle build's, which loads the policy as check does
// before it writes) is brought up to date; anything else is a bundle or
// policy tree made before, and made again.
func checkDeciding(p *compiledPolicy, b *Bundle) error {
	loc := p.undecidingResult()
	if loc == nil {
		return nil
	}
	const what = "the policy builds a result without deciding (the index of the reason that decided the line, in decision.results)"
	for name, dir := range b.PolicyFrom {
		if filepath.Join(dir, name) == loc.File {
			return fmt.Errorf("%v: %s, as decision.rego did before exportcheck of 2026-12-07: add deciding to the result as the embedded decision.rego does", loc, what)
		}
	}
	return fmt.Errorf("%v: %s: %s", loc, what, madeBefore)
}

// madeBefore is what to do about a policy from a bundle or a policy tree
// (not a file under --policy) made for an exportcheck before 2026-12-07.
const madeBefore = "the bundle or policy tree was made for an exportcheck before 2026-12-07; build the bundle again with this version (exportcheck bundle build), or take the tree from this version's policies/"

// policyDirFile is the first file from a --policy directory (by its path
// in the policy tree) of the package pkg, as the user names it; "" for
// none.
func policyDirFile(b *Bundle, pkg ast.Ref) string {
	for _, name := range sortedKeys(b.PolicyFrom) {
		src, ok := b.Modules[name]
		if !ok {
			continue
		}
		if m := packageLine.FindStringSubmatch(src); m != nil && "data."+m[1] == pkg.String() {
			return filepath.Join(b.PolicyFrom[name], name)
		}
	}
	return ""
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
