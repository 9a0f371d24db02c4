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
// function it hands ctx, or an object in it, to as an argument (under
// whatever name the function gives it), through a chain of such calls,
// and through variables bound to them (x := ctx, c := ctx.cls, d := c);
// a read is ctx.KEY, ctx["KEY"] or object.get(ctx, "KEY" or
// ["KEY", ...], default). A key below the first of an object
// company_ctx_nested_keys names is checked too: ctx.cls.SUB,
// object.get(ctx.cls, "SUB", default), object.get(ctx, ["cls", "SUB"],
// default), c.SUB after c := ctx.cls. Not caught: a key that is a
// variable (ctx[k]), or keys below the first of an object the policy does
// not publish keys of (ctx.f), or below the second. A policy that publishes no
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

	// A work item is a parameter of a function that company.requirements
	// hands ctx to, or (parent set) the object ctx[parent].
	type param struct {
		rule   *ast.Rule
		i      int
		parent *ast.Term
	}
	seen := map[param]bool{}
	var work []param
	push := func(rules []*ast.Rule, i int, parent *ast.Term) {
		for _, rule := range rules {
			for r := rule; r != nil; r = r.Else {
				p := param{r, i, parent}
				if i < len(r.Head.Args) && !seen[p] {
					seen[p] = true
					work = append(work, p)
				}
			}
		}
	}
	push(c.GetRulesExact(companyRequirementsRef), 0, nil)
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
		base := []*ast.Term{} // the keys of ctx the parameter stands for
		if p.parent != nil {
			base = []*ast.Term{p.parent}
		}
		// What each variable of the rule stands for: the parameter; a
		// variable bound to it or to another such (x := ctx); a variable
		// bound to a key of one (c := ctx.cls; the compiler binds ctx.cls
		// to one of its own where it is a call's argument), as keys of ctx.
		bound := map[ast.Var][]*ast.Term{v: base}
		var pathOf func(t *ast.Term) ([]*ast.Term, bool)
		pathOf = func(t *ast.Term) ([]*ast.Term, bool) {
			switch x := t.Value.(type) {
			case ast.Var:
				path, ok := bound[x]
				return path, ok
			case ast.Ref:
				path, ok := pathOf(x[0])
				if !ok {
					return nil, false
				}
				for _, k := range x[1:] {
					if _, isStr := k.Value.(ast.String); !isStr {
						return nil, false // ctx[k]: which key is not known
					}
					path = append(slices.Clip(path), k)
				}
				return path, true
			}
			return nil, false
		}
		for grown := true; grown; {
			grown = false
			ast.WalkExprs(p.rule, func(e *ast.Expr) bool {
				if ops := e.Operands(); len(ops) == 2 && (e.IsEquality() || e.IsAssignment()) {
					for i, o := range ops {
						x, isVar := o.Value.(ast.Var)
						if _, done := bound[x]; !isVar || done || x.IsWildcard() {
							continue
						}
						if path, ok := pathOf(ops[1-i]); ok {
							bound[x], grown = path, true
						}
					}
				}
				return false
			})
		}
		// read checks key, read of the object at path: a key of ctx, or of
		// an object in ctx the policy publishes the keys of; nothing deeper.
		read := func(path []*ast.Term, key *ast.Term, loc *ast.Location) {
			switch len(path) {
			case 0:
				check(key, p.rule, loc)
			case 1:
				checkSub(path[0], key, p.rule, loc)
			}
		}
		ast.WalkRefs(p.rule, func(ref ast.Ref) bool {
			path, ok := pathOf(ref[0])
			for _, k := range ref[1:] {
				if !ok {
					break
				}
				read(path, k, k.Location)
				_, ok = k.Value.(ast.String)
				path = append(slices.Clip(path), k)
			}
			return false
		})
		call := func(op ast.Ref, args []*ast.Term, loc *ast.Location) {
			if op.Equal(objectGetRef) {
				if len(args) < 2 {
					return
				}
				path, ok := pathOf(args[0])
				if !ok {
					return
				}
				key := []*ast.Term{args[1]}
				if a, isArr := args[1].Value.(*ast.Array); isArr {
					key = nil
					for i := range a.Len() {
						key = append(key, a.Elem(i))
					}
				}
				for _, k := range key {
					read(path, k, loc)
					if _, isStr := k.Value.(ast.String); !isStr {
						break
					}
					path = append(slices.Clip(path), k)
				}
				return
			}
			for i, a := range args {
				switch path, ok := pathOf(a); {
				case ok && len(path) == 0:
					push(c.GetRulesExact(op), i, nil)
				case ok && len(path) == 1:
					push(c.GetRulesExact(op), i, path[0])
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
