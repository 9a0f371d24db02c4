package checker

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
)

// What the decision cache depends on, derived from the compiled policy.
//
// The period index (periods.go) narrows a line's rule periods to the dates
// of the data that concerns it, and the profiles (profiles.go) judge a
// country or a product by what the policy reads of it. Both are correct
// only for a policy that reads the data they account for, in the way they
// account for it. Rather than trusting that, the checker walks every rule
// reachable from the entry point and the profile queries, collects each
// path of the data document a rule reads, and keeps narrowing and
// profiles only where every path is one they account for:
//
//   - Narrowing: every dated value (a YYYY-MM-DD string) under a path the
//     policy reads is one of the dates the period index collects: the
//     rules (data.rules), the notices (data.notices), the countries' group
//     memberships (data.countries[_].groups) and the sanctions programmes
//     (data.sanctions.countries).
//   - Country profiles: data.countries is read only by the functions that
//     derive a country's facts and its effective code
//     (exportcheck.license.country_facts, .effective_country) and what
//     they call.
//   - Product profiles: data.products is read only by the product profile
//     (exportcheck.product_profile) and what it calls. A destination's
//     scopes (exportcheck.destination_scopes), which say which of the
//     profile's scoped parts a line's key holds, are an entry point too.
//
// Otherwise the checker falls back, saying why (Checker.CacheNote), to
// keying by every date in data and every code: slower, and correct for any
// policy that compares dates only with dates from data.

// entryRefs are the queries the checker evaluates.
var entryRefs = []string{DecisionQuery, "data.exportcheck.license.country_facts", "data.exportcheck.headquarters_profile", "data.exportcheck.product_profile", "data.exportcheck.destination_scopes"}

// datedLocations are where the period index collects dates from (a path
// pattern of the data document, "*" for any key or index, and what is
// under it).
var datedLocations = []string{"rules", "notices", "countries.*.groups", "sanctions.countries", "ownership.rules"}

// profileReaders name the functions whose reads of a data root the
// profiles account for (with everything they call).
var profileReaders = map[string][]string{
	"countries": {"data.exportcheck.license.country_facts", "data.exportcheck.license.effective_country"},
	"products":  {"data.exportcheck.product_profile"},
}

// dataRead is a path of the data document a rule reads ("countries.*.groups").
type dataRead struct {
	rule string // the rule (function) that reads it
	loc  string // where, file:row
	path []string
}

func (r dataRead) String() string { return "data." + strings.Join(r.path, ".") }

// cachePlan is what the decision cache may rely on for a policy.
type cachePlan struct {
	narrow   bool // rule periods narrowed to the dates that concern a line
	profiles bool // countries and products judged by profile
	note     string
}

// planCache derives the plan from the compiled policy and the data.
func planCache(p *compiledPolicy, doc map[string]any) cachePlan {
	c := p.comp
	reads, closure := p.policyReads()
	plan := cachePlan{narrow: true, profiles: true}
	var why []string
	for _, fn := range entryRefs[1:] {
		if len(c.GetRulesDynamicWithOpts(ast.MustParseRef(fn), ast.RulesOptions{})) == 0 {
			plan.profiles = false
			why = append(why, "the policy has no "+fn+" for the profiles")
		}
	}
	for _, r := range reads {
		if d, ok := undatedBy(doc, r.path); !ok {
			plan.narrow, plan.profiles = false, false
			why = append(why, fmt.Sprintf("%s reads %s, which holds dates the rule periods do not account for (%s)", r.rule, r, d))
			break
		}
	}
	if plan.profiles {
		for root, fns := range profileReaders {
			allowed := map[string]bool{}
			for _, f := range fns {
				for r := range closure(f) {
					allowed[r] = true
				}
			}
			for _, r := range reads {
				if r.path[0] == root && !allowed[r.rule] {
					plan.profiles = false
					why = append(why, fmt.Sprintf("%s (%s) reads %s directly, which the %s profiles do not account for", r.rule, r.loc, r, strings.TrimSuffix(root, "s")))
					break
				}
			}
		}
	}
	switch {
	case !plan.narrow:
		plan.note = "decision cache keyed by every date in data and every code: " + strings.Join(why, "; ")
	case !plan.profiles:
		plan.note = "decision cache keyed by every code (no profiles): " + strings.Join(why, "; ")
	}
	return plan
}

// undatedBy reports whether every date under the data a path reads lies
// in a dated location the period index collects; if not, it names one.
func undatedBy(doc map[string]any, path []string) (string, bool) {
	var bad string
	var visit func(v any, at []string, rest []string)
	visit = func(v any, at []string, rest []string) {
		if bad != "" {
			return
		}
		if len(rest) > 0 {
			switch x := v.(type) {
			case map[string]any:
				if rest[0] == "*" {
					for k, e := range x {
						visit(e, append(at, k), rest[1:])
					}
				} else if e, ok := x[rest[0]]; ok {
					visit(e, append(at, rest[0]), rest[1:])
				}
			case []any:
				for i, e := range x {
					visit(e, append(at, fmt.Sprint(i)), rest[1:])
				}
			}
			return
		}
		switch x := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				visit(x[k], append(at, k), nil)
			}
		case []any:
			for i, e := range x {
				visit(e, append(at, fmt.Sprint(i)), nil)
			}
		case string:
			if len(x) == 10 && !datedLocation(at) {
				if _, err := time.Parse(time.DateOnly, x); err == nil {
					bad = strings.Join(at, ".") + " = " + x
				}
			}
		}
	}
	visit(doc, nil, path)
	return bad, bad == ""
}

// datedLocation reports whether a concrete data path lies under one of
// datedLocations.
func datedLocation(at []string) bool {
next:
	for _, loc := range datedLocations {
		p := strings.Split(loc, ".")
		if len(at) < len(p) {
			continue
		}
		for i, k := range p {
			if k != "*" && k != at[i] {
				continue next
			}
		}
		return true
	}
	return false
}

// policyReads returns every data path read by a rule reachable from the
// entry refs (sorted), and a function giving the rules reachable from a
// function's name.
func policyReads(c *ast.Compiler) ([]dataRead, func(string) map[string]bool) {
	deps := map[*ast.Rule][]*ast.Rule{}
	var reads []dataRead
	readsOf := map[*ast.Rule][]dataRead{}
	rulesOf := func(ref ast.Ref) []*ast.Rule {
		return c.GetRulesDynamicWithOpts(ref, ast.RulesOptions{IncludeHiddenModules: true})
	}
	isVirtual := func(ref ast.Ref) bool {
		if len(ref) < 2 {
			return true // data itself, or data[x]: treated as a read of everything below
		}
		s, ok := ref[1].Value.(ast.String)
		root := c.RuleTree.Child(ast.DefaultRootDocument.Value)
		return !ok || (root != nil && root.Child(s) != nil)
	}
	var visit func(r *ast.Rule)
	visit = func(r *ast.Rule) {
		if _, seen := deps[r]; seen {
			return
		}
		deps[r] = nil
		name := ruleName(r)
		extended := map[*ast.Term][]string{} // object.get(data.x, path, _): the data ref and the path it reads
		// The compiler binds a data ref passed to a built-in to a local
		// variable first (x = data.countries; object.get(x, ...)).
		bound := map[ast.Var]*ast.Term{}
		ast.WalkExprs(r, func(e *ast.Expr) bool {
			if e.IsEquality() || e.IsAssignment() {
				a, b := e.Operand(0), e.Operand(1)
				for _, pair := range [][2]*ast.Term{{a, b}, {b, a}} {
					if v, ok := pair[0].Value.(ast.Var); ok {
						if ref, ok := pair[1].Value.(ast.Ref); ok && ref.HasPrefix(ast.DefaultRootRef) {
							bound[v] = pair[1]
						}
					}
				}
			}
			return false
		})
		objectGet := func(op string, ops []*ast.Term) {
			if op != "object.get" || len(ops) < 2 {
				return
			}
			if v, ok := ops[0].Value.(ast.Var); ok && bound[v] != nil {
				ops = append([]*ast.Term{bound[v]}, ops[1:]...)
			}
			if ref, ok := ops[0].Value.(ast.Ref); ok && ref.HasPrefix(ast.DefaultRootRef) && !isVirtual(ref) {
				switch k := ops[1].Value.(type) {
				case ast.String:
					extended[ops[0]] = []string{string(k)}
				case *ast.Array:
					var p []string
					k.Foreach(func(t *ast.Term) { p = append(p, pathKey(t)) })
					extended[ops[0]] = p
				}
			}
		}
		ast.WalkExprs(r, func(e *ast.Expr) bool {
			if e.IsCall() {
				objectGet(e.Operator().String(), e.Operands())
			}
			return false
		})
		ast.WalkTerms(r, func(t *ast.Term) bool {
			if call, ok := t.Value.(ast.Call); ok && len(call) > 0 {
				objectGet(call[0].String(), call[1:])
			}
			return false
		})
		ast.WalkTerms(r, func(t *ast.Term) bool {
			ref, ok := t.Value.(ast.Ref)
			if !ok || !ref.HasPrefix(ast.DefaultRootRef) {
				return false
			}
			if isVirtual(ref) {
				for _, d := range rulesOf(ref) {
					deps[r] = append(deps[r], d)
				}
				if len(ref) >= 2 {
					return false
				}
			}
			var p []string
			for _, k := range ref[1:] {
				p = append(p, pathKey(k))
			}
			p = append(p, extended[t]...)
			if len(p) == 0 {
				p = []string{"*"}
			}
			readsOf[r] = append(readsOf[r], dataRead{rule: name, loc: fmt.Sprint(r.Location), path: p})
			return false
		})
		for _, d := range deps[r] {
			visit(d)
		}
		if r.Else != nil {
			visit(r.Else)
		}
	}
	for _, e := range entryRefs {
		for _, r := range rulesOf(ast.MustParseRef(e)) {
			visit(r)
		}
	}
	for _, rs := range readsOf {
		reads = append(reads, rs...)
	}
	sort.Slice(reads, func(i, j int) bool {
		if reads[i].rule != reads[j].rule {
			return reads[i].rule < reads[j].rule
		}
		return reads[i].String() < reads[j].String()
	})
	closure := func(fn string) map[string]bool {
		out := map[string]bool{}
		var walk func(r *ast.Rule)
		walk = func(r *ast.Rule) {
			for x := r; x != nil; x = x.Else {
				n := ruleName(x)
				if out[n+"@"+fmt.Sprint(x.Location)] {
					continue
				}
				out[n+"@"+fmt.Sprint(x.Location)] = true
				out[n] = true
				for _, d := range deps[x] {
					walk(d)
				}
			}
		}
		for _, r := range rulesOf(ast.MustParseRef(fn)) {
			walk(r)
		}
		return out
	}
	return reads, closure
}

// pathKey is a ref or path element as a path key: its string, or "*".
func pathKey(t *ast.Term) string {
	if s, ok := t.Value.(ast.String); ok {
		return string(s)
	}
	return "*"
}

// ruleName is a rule's full name (data.exportcheck.license.country_facts).
func ruleName(r *ast.Rule) string {
	if p := r.Path(); p != nil {
		return p.String()
	}
	return r.Ref().String()
}
