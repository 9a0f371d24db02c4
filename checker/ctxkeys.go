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
// keys ctx has (exportcheck.company_ctx_keys) and the keys of the objects
// in it it builds (exportcheck.company_ctx_nested_keys), each held by a
// Rego test to what it builds; Go keeps no copy of them.
var (
	companyRequirementsRef = ast.MustParseRef("data.exportcheck.company.requirements")
	companyCtxKeysRef      = ast.MustParseRef("data.exportcheck.company_ctx_keys")
	companyCtxNestedRef    = ast.MustParseRef("data.exportcheck.company_ctx_nested_keys")
	objectGetRef           = ast.ObjectGet.Ref()
)

// companyContextReads finds, in a compiled policy, the reads of a key of
// ctx that the policy does not give: in company.requirements and in every
// function it hands ctx to as an argument (under whatever name the
// function gives it), through a chain of such calls; a read is ctx.KEY,
// ctx["KEY"] or object.get(ctx, "KEY" or ["KEY", ...], default). A key
// below the first of an object company_ctx_nested_keys names is checked
// too: ctx.cls.SUB, object.get(ctx.cls, "SUB", default),
// object.get(ctx, ["cls", "SUB"], default), and c.SUB after c := ctx.cls
// in the same rule. Not caught: ctx bound to another variable first
// (x := ctx), ctx.cls handed to another function, a key that is a variable
// (ctx[k]), or keys below the first of an object the policy does not
// publish keys of (ctx.f), or below the second. A policy that publishes no
// company_ctx_keys (an older base tree) is not checked, nor keys below the
// first when it publishes no company_ctx_nested_keys.
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
	nested := map[string]map[string]bool{} // key of ctx -> the keys of its object
	for _, r := range c.GetRulesExact(companyCtxNestedRef) {
		ok := r.Head.Value != nil && len(r.Head.Args) == 0 && r.Head.Value.IsGround()
		if ok {
			obj, isObj := r.Head.Value.Value.(ast.Object)
			ok = isObj && obj.Len() > 0
			if ok {
				obj.Foreach(func(k, v *ast.Term) {
					name, isStr := k.Value.(ast.String)
					sub := map[string]bool{}
					if !isStr || !known[string(name)] || !stringsOf(v.Value, sub) {
						ok = false
						return
					}
					nested[string(name)] = sub
				})
			}
		}
		if !ok {
			return ast.Errors{ast.NewError(ast.CompileErr, r.Location, "%s: want an object written out, from keys of company_ctx_keys to sets of strings (the keys of the objects in ctx company rules read)", companyCtxNestedRef)}
		}
	}

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
	where := func(key *ast.Term, r *ast.Rule, loc *ast.Location) *ast.Location {
		if loc == nil {
			loc = key.Location
		}
		if loc == nil {
			loc = r.Location
		}
		if reported[loc] {
			return nil
		}
		reported[loc] = true
		return loc
	}
	check := func(key *ast.Term, r *ast.Rule, loc *ast.Location) {
		s, ok := key.Value.(ast.String)
		if !ok || known[string(s)] {
			return
		}
		if loc = where(key, r, loc); loc == nil {
			return
		}
		errs = append(errs, ast.NewError(ast.CompileErr, loc,
			"%s reads ctx.%s, which ctx does not have%s: a company rule reads the order through ctx, whose keys are %s (exportcheck.company_ctx_keys; docs/company.md); the key would be undefined and the rule add nothing",
			r.Head.Ref(), string(s), MeantKey(string(s), keys), strings.Join(keys, ", ")))
	}
	// checkSub checks sub, a key of the object at ctx[parent].
	checkSub := func(parent, sub *ast.Term, r *ast.Rule, loc *ast.Location) {
		p, ok := parent.Value.(ast.String)
		if !ok || nested[string(p)] == nil {
			return
		}
		s, ok := sub.Value.(ast.String)
		if !ok || nested[string(p)][string(s)] {
			return
		}
		if loc = where(sub, r, loc); loc == nil {
			return
		}
		subs := make([]string, 0, len(nested[string(p)]))
		for k := range nested[string(p)] {
			subs = append(subs, k)
		}
		slices.Sort(subs)
		errs = append(errs, ast.NewError(ast.CompileErr, loc,
			"%s reads ctx.%s.%s, which ctx.%s does not have%s: its keys are %s (exportcheck.company_ctx_nested_keys; docs/company.md); the key would be undefined and the rule add nothing",
			r.Head.Ref(), string(p), string(s), string(p), MeantKey(string(s), subs), strings.Join(subs, ", ")))
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
		// Variables bound to an object in ctx (c := ctx.cls; the compiler
		// binds ctx.cls to one of its own where it is a call's argument).
		alias := map[ast.Var]*ast.Term{}
		ast.WalkExprs(p.rule, func(e *ast.Expr) bool {
			if ops := e.Operands(); len(ops) == 2 && (e.IsEquality() || e.IsAssignment()) {
				for i, o := range ops {
					v, ok := o.Value.(ast.Var)
					ref, isRef := ops[1-i].Value.(ast.Ref)
					if ok && isRef && len(ref) == 2 && isCtx(ref[0]) {
						alias[v] = ref[1]
					}
				}
			}
			return false
		})
		sub := func(t *ast.Term) *ast.Term { // the key of ctx t is bound to, or nil
			if v, ok := t.Value.(ast.Var); ok {
				return alias[v]
			}
			if ref, ok := t.Value.(ast.Ref); ok && len(ref) == 2 && isCtx(ref[0]) {
				return ref[1]
			}
			return nil
		}
		ast.WalkRefs(p.rule, func(ref ast.Ref) bool {
			if parent := sub(ref[0]); parent != nil && len(ref) > 1 {
				checkSub(parent, ref[1], p.rule, ref[1].Location)
			}
			if len(ref) > 1 && isCtx(ref[0]) {
				check(ref[1], p.rule, ref[1].Location)
				if len(ref) > 2 {
					checkSub(ref[1], ref[2], p.rule, ref[2].Location)
				}
			}
			return false
		})
		call := func(op ast.Ref, args []*ast.Term, loc *ast.Location) {
			if op.Equal(objectGetRef) {
				if len(args) >= 2 && isCtx(args[0]) {
					key := args[1]
					if a, ok := key.Value.(*ast.Array); ok && a.Len() > 0 {
						key = a.Elem(0)
						if a.Len() > 1 {
							checkSub(key, a.Elem(1), p.rule, loc)
						}
					}
					check(key, p.rule, loc)
				}
				if len(args) >= 2 {
					if parent := sub(args[0]); parent != nil {
						key := args[1]
						if a, ok := key.Value.(*ast.Array); ok && a.Len() > 0 {
							key = a.Elem(0)
						}
						checkSub(parent, key, p.rule, loc)
					}
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
