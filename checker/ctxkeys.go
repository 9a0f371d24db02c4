package checker

import (
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Company rules read the order through ctx, the argument of
// exportcheck.company.requirements(ctx). A misspelt key of it (ctx.country
// for ctx.c) is undefined, not an error, and the rule would add nothing:
// a line it means to review would go through. The policy publishes the
// keys ctx has (exportcheck.company_ctx_keys, held by a Rego test to what
// it builds); Go keeps no copy of them.
var (
	companyRequirementsRef = ast.MustParseRef("data.exportcheck.company.requirements")
	companyCtxKeysRef      = ast.MustParseRef("data.exportcheck.company_ctx_keys")
	objectGetRef           = ast.ObjectGet.Ref()
)

// companyContextReads finds, in a compiled policy, the reads of a key of
// ctx that the policy does not give: in company.requirements and in every
// function it hands ctx to as an argument (under whatever name the
// function gives it), through a chain of such calls; a read is ctx.KEY,
// ctx["KEY"] or object.get(ctx, "KEY" or ["KEY", ...], default). Not
// caught: ctx bound to another variable first (x := ctx), a key that is a
// variable (ctx[k]), or keys below the first (ctx.cls.eccnn). A policy
// that publishes no company_ctx_keys (an older base tree) is not checked.
func companyContextReads(c *ast.Compiler) ast.Errors {
	keyRules := c.GetRulesExact(companyCtxKeysRef)
	if len(keyRules) == 0 {
		return nil
	}
	known := map[string]bool{}
	for _, r := range keyRules {
		var ok bool
		if r.Head.Value != nil && len(r.Head.Args) == 0 && r.Head.Value.IsGround() {
			ok = stringsOf(r.Head.Value.Value, known)
		}
		if !ok {
			return ast.Errors{ast.NewError(ast.CompileErr, r.Location, "%s: want a set of strings written out (the keys of ctx company rules read)", companyCtxKeysRef)}
		}
	}
	keys := make([]string, 0, len(known))
	for k := range known {
		keys = append(keys, k)
	}
	slices.Sort(keys)

	type param struct {
		rule *ast.Rule
		i    int
	}
	seen := map[param]bool{}
	var work []param
	push := func(rules []*ast.Rule, i int) {
		for _, rule := range rules {
			for r := rule; r != nil; r = r.Else {
				p := param{r, i}
				if i < len(r.Head.Args) && !seen[p] {
					seen[p] = true
					work = append(work, p)
				}
			}
		}
	}
	push(c.GetRulesExact(companyRequirementsRef), 0)
	var errs ast.Errors
	reported := map[*ast.Location]bool{}
	check := func(key *ast.Term, r *ast.Rule, loc *ast.Location) {
		s, ok := key.Value.(ast.String)
		if !ok || known[string(s)] {
			return
		}
		if loc == nil {
			loc = key.Location
		}
		if loc == nil {
			loc = r.Location
		}
		if reported[loc] {
			return
		}
		reported[loc] = true
		errs = append(errs, ast.NewError(ast.CompileErr, loc,
			"%s reads ctx.%s, which ctx does not have%s: a company rule reads the order through ctx, whose keys are %s (exportcheck.company_ctx_keys; docs/company.md); the key would be undefined and the rule add nothing",
			r.Head.Ref(), string(s), MeantKey(string(s), keys), strings.Join(keys, ", ")))
	}
	for len(work) > 0 {
		p := work[0]
		work = work[1:]
		v, ok := p.rule.Head.Args[p.i].Value.(ast.Var)
		if !ok || v.IsWildcard() {
			continue
		}
		isCtx := func(t *ast.Term) bool {
			x, ok := t.Value.(ast.Var)
			return ok && x.Equal(v)
		}
		ast.WalkRefs(p.rule, func(ref ast.Ref) bool {
			if len(ref) > 1 && isCtx(ref[0]) {
				check(ref[1], p.rule, ref[1].Location)
			}
			return false
		})
		call := func(op ast.Ref, args []*ast.Term, loc *ast.Location) {
			if op.Equal(objectGetRef) {
				if len(args) >= 2 && isCtx(args[0]) {
					key := args[1]
					if a, ok := key.Value.(*ast.Array); ok && a.Len() > 0 {
						key = a.Elem(0)
					}
					check(key, p.rule, loc)
				}
				return
			}
			for i, a := range args {
				if isCtx(a) {
					push(c.GetRulesExact(op), i)
				}
			}
		}
		ast.WalkExprs(p.rule, func(e *ast.Expr) bool {
			if e.IsCall() {
				call(e.Operator(), e.Operands(), e.Location)
			}
			return false
		})
		ast.WalkTerms(p.rule, func(t *ast.Term) bool {
			if x, ok := t.Value.(ast.Call); ok {
				if op, ok := x[0].Value.(ast.Ref); ok {
					call(op, x[1:], t.Location)
				}
			}
			return false
		})
	}
	slices.SortStableFunc(errs, func(a, b *ast.Error) int { return a.Location.Compare(b.Location) })
	return errs
}

// stringsOf adds the strings of a set or array to out; false when it
// holds anything else.
func stringsOf(v ast.Value, out map[string]bool) bool {
	var terms []*ast.Term
	switch x := v.(type) {
	case ast.Set:
		terms = x.Slice()
	case *ast.Array:
		for i := range x.Len() {
			terms = append(terms, x.Elem(i))
		}
	default:
		return false
	}
	for _, t := range terms {
		s, ok := t.Value.(ast.String)
		if !ok {
			return false
		}
		out[string(s)] = true
	}
	return len(terms) > 0
}
