package checker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// Country profiles. With the embedded policies a country code matters to a
// decision in two ways only: through the facts the policy derives from its
// group memberships on a day (exportcheck.license.country_facts), and by
// name, where policies or data name the code (a sanctions programme, a
// notice, the AI-diffusion tiers, the 2026 review destinations, Macau,
// Hong Kong treated as China, ...). Codes named nowhere are interchangeable
// when their facts on the day are equal, so the decision key holds a
// country's profile — its code when it is named, else its facts — instead
// of its code: one evaluation serves every such country. As the end user's
// headquarters the policy reads less of a country than its facts (what
// exportcheck.headquarters_profile gives: whether D:5 or Macau, the groups
// notices name headquarters by), and the key holds that. Reasons name the
// country through a placeholder (the policy's destination_text and
// end_user_hq_text) that each line fills with its own code.

// Placeholders the policy writes where reasons name the destination and the
// end user's headquarters of a profiled key.
const (
	destPlaceholder = "\u2063destination\u2063"
	hqPlaceholder   = "\u2063headquarters\u2063"
)

// factsQuery is what the policy derives from a country's group memberships;
// hqQuery what it reads of them when the country is the end user's
// headquarters.
const (
	factsQuery = "data.exportcheck.license.country_facts(input.country, input.day)"
	hqQuery    = "data.exportcheck.headquarters_profile(input.country, input.day)"
)

type profiles struct {
	named map[string]bool     // codes policies or data name
	dates map[string][]string // code -> the dates of its own facts (periodIndex.country)
	memo  *memo
	dest  *view // a country as destination: its facts
	hq    *view // as the end user's headquarters: its headquarters profile
}

// view is one way the policy reads countries that are not named: a query
// of a country's group memberships on a day, evaluated once per period of
// its own dates, and the countries that share its answer.
type view struct {
	what   string // what the query gives, for errors
	query  rego.PreparedEvalQuery
	seen   *kept[[2]string, profile] // code, day -> its profile
	read   *kept[[2]string, string]  // code, the day standing for its own period -> the query's answer
	groups *groups
}

// profile is a country's profile on a day: its code when named (named),
// else its facts; rep is the code judged for every country with it.
type profile struct {
	profile string
	named   bool
	rep     string
}

func newProfiles(ctx context.Context, b *Bundle, comp *ast.Compiler, codes map[string]bool, ix *periodIndex, m *memo) (*profiles, error) {
	newView := func(what, query string) (*view, error) {
		q, err := rego.New(rego.Query(query), rego.Compiler(comp), rego.Store(newStore(b))).PrepareForEval(ctx)
		if err != nil {
			return nil, err
		}
		return &view{what: what, query: q, seen: newKept[[2]string, profile](), read: newKept[[2]string, string](), groups: newGroups()}, nil
	}
	dest, err := newView("country facts", factsQuery)
	if err != nil {
		return nil, err
	}
	hq, err := newView("headquarters profile", hqQuery)
	if err != nil {
		return nil, err
	}
	return &profiles{named: namedCodes(b.Data, comp, codes, ix.treated), dates: ix.country, memo: m, dest: dest, hq: hq}, nil
}

// namedCodes collects the country codes that policies (string literals,
// object keys) or data outside each country's own entry name, and the codes
// the policy treats as another country (treated: treatedAs) and those.
func namedCodes(doc map[string]any, comp *ast.Compiler, codes map[string]bool, treated map[string]string) map[string]bool {
	named := map[string]bool{}
	add := func(s string) {
		if codes[s] {
			named[s] = true
		}
	}
	var visit func(v any)
	visit = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				add(k)
				visit(e)
			}
		case []any:
			for _, e := range x {
				visit(e)
			}
		case string:
			add(x)
		}
	}
	for k, v := range doc {
		if k != "countries" {
			visit(v)
		}
	}
	for code, t := range treated {
		named[code], named[t] = true, true
	}
	for _, m := range comp.Modules {
		ast.WalkTerms(m, func(t *ast.Term) bool {
			if s, ok := t.Value.(ast.String); ok {
				add(string(s))
			}
			return false
		})
	}
	return named
}

// of returns a country's profile on a day as a destination.
func (pr *profiles) of(ctx context.Context, code, day string) (profile, error) {
	return pr.in(ctx, pr.dest, code, day)
}

// headquartersOf returns a country's profile on a day as the end user's
// headquarters.
func (pr *profiles) headquartersOf(ctx context.Context, code, day string) (profile, error) {
	return pr.in(ctx, pr.hq, code, day)
}

// in returns a country's profile on a day in a view: its code when named,
// else the view's answer for it.
func (pr *profiles) in(ctx context.Context, v *view, code, day string) (profile, error) {
	if code == "" || pr.named[code] {
		return profile{profile: "=" + code, named: true, rep: code}, nil
	}
	return v.seen.get([2]string{code, day}, func() (profile, error) {
		text, err := pr.readOn(ctx, v, code, day)
		if err != nil {
			return profile{}, err
		}
		var p profile
		p.profile, p.rep = v.groups.join(text, day, code)
		return p, nil
	})
}

// readOn returns a view's answer for a country on a day (JSON). Both views
// read its group memberships, which change only on the dates of its own
// memberships: the answer is evaluated once per period of those (once, for
// a country with none).
func (pr *profiles) readOn(ctx context.Context, v *view, code, day string) (string, error) {
	return v.read.get([2]string{code, ownPeriod(pr.dates[code], day)}, func() (string, error) {
		a, err := evalOne(ctx, v.query, pr.memo, map[string]any{"country": code, "day": day})
		if err != nil {
			return "", fmt.Errorf("%s of %s on %s: %w", v.what, code, day, err)
		}
		b, err := json.Marshal(a)
		return string(b), err
	})
}

// ownPeriod names the period of a list of dates that day falls in: the day
// standing for it, or "" when the list is empty (one period).
func ownPeriod(list []string, day string) string {
	if len(list) == 0 {
		return ""
	}
	return standingDay(list, day)
}

// groups joins countries, or products, that share a profile: each profile
// text gets a short token that decision keys hold ("~" and a number), and
// on each day the first code seen with a profile is the one judged for all.
type groups struct {
	mu     sync.Mutex
	tokens map[string]string    // profile text -> token
	reps   map[[2]string]string // token, day -> the code judged
}

func newGroups() *groups {
	return &groups{tokens: map[string]string{}, reps: map[[2]string]string{}}
}

// join returns the token of a profile's text and the code judged on a day
// for every code with it.
func (g *groups) join(text, day, code string) (token, rep string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	token, ok := g.tokens[text]
	if !ok {
		token = "~" + strconv.Itoa(len(g.tokens))
		g.tokens[text] = token
	}
	k := [2]string{token, day}
	if rep, ok = g.reps[k]; !ok {
		rep = code
		g.reps[k] = rep
	}
	return token, rep
}

// evalOne evaluates a prepared query that yields one value, sharing the
// policy's memo with the decisions.
func evalOne(ctx context.Context, q rego.PreparedEvalQuery, m *memo, input map[string]any) (any, error) {
	rs, err := q.Eval(ctx, rego.EvalInput(input), rego.EvalVirtualCache(m.cache()))
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 || len(rs[0].Expressions) == 0 {
		return nil, errors.New("the policy gives none")
	}
	return rs[0].Expressions[0].Value, nil
}

// render fills the placeholders of reasons with a line's codes and its
// product's classification reasons and figures (prod nil: none);
// reasons without placeholders are returned as they are.
func render(rs []Reason, dest, hq string, prod *productProfile) []Reason {
	var out []Reason
	for i, r := range rs {
		if prod != nil && r.Rule == productTag {
			if out == nil {
				out = append(make([]Reason, 0, len(rs)+len(prod.reasons)), rs[:i]...)
			}
			out = append(out, prod.reasons...)
			continue
		}
		if !strings.Contains(r.Message, "\u2063") {
			if out != nil {
				out = append(out, r)
			}
			continue
		}
		if out == nil {
			out = append(make([]Reason, 0, len(rs)), rs[:i]...)
		}
		r.Message = fill(r.Message, dest, hq, prod)
		out = append(out, r)
	}
	if out == nil {
		return rs
	}
	return out
}

// renderedIndex is where the i-th of reasons rs is once render has filled
// them in: each placeholder of the product's classification reasons
// before it is that many reasons.
func renderedIndex(rs []Reason, i int, prod *productProfile) int {
	if prod == nil {
		return i
	}
	j := i
	for _, r := range rs[:min(i, len(rs))] {
		if r.Rule == productTag {
			j += len(prod.reasons) - 1
		}
	}
	return j
}

// fill replaces the placeholders of one message in a single pass.
func fill(msg, dest, hq string, prod *productProfile) string {
	var b strings.Builder
	b.Grow(len(msg) + 8)
	for {
		i := strings.Index(msg, "\u2063")
		if i < 0 {
			b.WriteString(msg)
			return b.String()
		}
		b.WriteString(msg[:i])
		msg = msg[i:]
		switch {
		case strings.HasPrefix(msg, destPlaceholder):
			b.WriteString(dest)
			msg = msg[len(destPlaceholder):]
		case strings.HasPrefix(msg, hqPlaceholder):
			b.WriteString(hq)
			msg = msg[len(hqPlaceholder):]
		case prod != nil && strings.HasPrefix(msg, productTag+"tpp"):
			b.WriteString(prod.tppText)
			msg = msg[len(productTag+"tpp"):]
		case prod != nil && strings.HasPrefix(msg, productTag+"dram"):
			b.WriteString(prod.dramText)
			msg = msg[len(productTag+"dram"):]
		default:
			b.WriteString("\u2063")
			msg = msg[len("\u2063"):]
		}
	}
}

// Product profiles. As with countries, a product named nowhere in the
// policies or in data outside the products table and the notices matters
// to a decision only through what the policy reads of it on the day: its
// classifications and the notices in force that name it
// (exportcheck.product_profile): products that share it are judged once,
// and reasons show each line's own classification reasons and figures
// through placeholders (the policy's product_text). Some fields of its
// classifications a rule reads only for some destinations on some days
// (the 2026 review policy's, for China and Macau from its effective date):
// the profile gives them apart, by scope, and the policy says which scopes
// a destination has on a day (exportcheck.destination_scopes); a line's key
// holds the scoped parts of its destination's scopes only, so that
// products that differ in them alone share a key everywhere else.

// productTag is the placeholder the policy writes for a product's
// classification reasons (a reason whose rule is the tag) and figures (the
// tag followed by "tpp" or "dram").
const productTag = "\u2063product\u2063"

const (
	productQuery = "data.exportcheck.product_profile(input.product, input.day, input.regime)"
	scopesQuery  = "data.exportcheck.destination_scopes(input.country, input.day, input.regime)"
)

type productProfiles struct {
	named      map[string]bool
	dates      func(id string) []string // the dates of what its profile reads (periodIndex.productDates)
	ruleDates  []string                 // the dates of the rules the regime counts (periodIndex.global)
	regime     string
	query      rego.PreparedEvalQuery
	scopeQuery rego.PreparedEvalQuery
	memo       *memo
	seen       *kept[[2]string, *productProfile] // product, day
	read       *kept[[2]string, *productProfile] // product, the day standing for its own period -> what the policy gave (no token)
	scopes     *kept[[2]string, string]          // destination, the day standing for its rule period -> its scopes, joined by scopeSep
	within     *kept[[3]string, *productProfile] // product, day, scopes -> the profile with those scoped parts
	groups     *groups
}

// scopeSep joins a destination's scopes, and a scope's name and fields in
// a profile's text.
const scopeSep = "\x00"

// productProfile is a product's profile on a day and what its reasons show.
type productProfile struct {
	profile           string
	named             bool
	rep               string
	reasons           []Reason
	tppText, dramText string
	scoped            map[string]string // scope -> the fields the policy gives in it (JSON); in what readOn gives
}

func newProductProfiles(ctx context.Context, b *Bundle, comp *ast.Compiler, regime string, ix *periodIndex, m *memo) (*productProfiles, error) {
	prepare := func(query string) (rego.PreparedEvalQuery, error) {
		return rego.New(rego.Query(query), rego.Compiler(comp), rego.Store(newStore(b))).PrepareForEval(ctx)
	}
	q, err := prepare(productQuery)
	if err != nil {
		return nil, err
	}
	sq, err := prepare(scopesQuery)
	if err != nil {
		return nil, err
	}
	return &productProfiles{named: namedProducts(b.Data, comp), dates: ix.productDates, ruleDates: ix.global, regime: regime, query: q, scopeQuery: sq, memo: m,
		seen: newKept[[2]string, *productProfile](), read: newKept[[2]string, *productProfile](),
		scopes: newKept[[2]string, string](), within: newKept[[3]string, *productProfile](), groups: newGroups()}, nil
}

// namedProducts collects the products that policies or data outside the
// products table and the notices name (the notices in force that name a
// product, itself or through a component, are part of its profile), and
// the systems that contain them.
func namedProducts(doc map[string]any, comp *ast.Compiler) map[string]bool {
	products, _ := doc["products"].(map[string]any)
	ids := map[string]bool{}
	for id := range products {
		ids[id] = true
	}
	rest := map[string]any{}
	for k, v := range doc {
		if k != "products" && k != "notices" {
			rest[k] = v
		}
	}
	named := namedCodes(rest, comp, ids, nil)
	for id, v := range products {
		p, _ := v.(map[string]any)
		for _, x := range anyList(p["components"]) {
			if m, ok := x.(map[string]any); ok && named[str(m["product"])] {
				named[id] = true
			}
		}
	}
	return named
}

// of returns a product's profile on a day.
func (pp *productProfiles) of(ctx context.Context, id, day string) (*productProfile, error) {
	if pp.named[id] {
		return &productProfile{profile: "=" + id, named: true, rep: id}, nil
	}
	return pp.seen.get([2]string{id, day}, func() (*productProfile, error) {
		r, err := pp.readOn(ctx, id, day)
		if err != nil {
			return nil, err
		}
		p := &productProfile{tppText: r.tppText, dramText: r.dramText, reasons: r.reasons}
		p.profile, p.rep = pp.groups.join(r.profile, day, id)
		return p, nil
	})
}

// on returns a product's profile on a day for a line to a destination: its
// profile, with the scoped parts of the destination's scopes on the day
// when it has any. The products judged alike are those that share all of
// it: the one judged for them is chosen among them.
func (pp *productProfiles) on(ctx context.Context, id, dest, day string) (*productProfile, error) {
	p, err := pp.of(ctx, id, day)
	if err != nil || p.named {
		return p, err
	}
	sc, err := pp.scopesOf(ctx, dest, day)
	if err != nil || sc == "" {
		return p, err
	}
	return pp.within.get([3]string{id, day, sc}, func() (*productProfile, error) {
		r, err := pp.readOn(ctx, id, day)
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		b.WriteString(r.profile)
		for _, s := range strings.Split(sc, scopeSep) {
			part, ok := r.scoped[s]
			if !ok {
				return nil, fmt.Errorf("profile of %s on %s: the policy gives no scoped part %q, which destination_scopes names for %s", id, day, s, dest)
			}
			b.WriteString(scopeSep + s + scopeSep + part)
		}
		q := &productProfile{tppText: r.tppText, dramText: r.dramText, reasons: r.reasons}
		q.profile, q.rep = pp.groups.join(b.String(), day, id)
		return q, nil
	})
}

// scopesOf returns the scopes of a destination on a day, joined by
// scopeSep ("" none). They change only on the dates of the rules the regime
// counts: they are evaluated once per period of those.
func (pp *productProfiles) scopesOf(ctx context.Context, dest, day string) (string, error) {
	return pp.scopes.get([2]string{dest, ownPeriod(pp.ruleDates, day)}, func() (string, error) {
		v, err := evalOne(ctx, pp.scopeQuery, pp.memo, map[string]any{"country": dest, "day": day, "regime": pp.regime})
		if err != nil {
			return "", fmt.Errorf("scopes of %s on %s: %w", dest, day, err)
		}
		l, ok := v.([]any)
		if !ok {
			return "", fmt.Errorf("scopes of %s on %s: the policy gives %v, not a list", dest, day, v)
		}
		names := make([]string, len(l))
		for i, x := range l {
			if names[i], ok = x.(string); !ok || names[i] == "" || strings.Contains(names[i], scopeSep) {
				return "", fmt.Errorf("scopes of %s on %s: the policy gives %v, not a list of names", dest, day, v)
			}
		}
		return strings.Join(names, scopeSep), nil
	})
}

// readOn returns what the policy gives of a product on a day: its profile
// text (profile, without a token), its scoped parts, reasons and figures.
// They change only on the dates of the rules the regime counts and of the
// notices that name it: they are evaluated once per period of those.
func (pp *productProfiles) readOn(ctx context.Context, id, day string) (*productProfile, error) {
	return pp.read.get([2]string{id, ownPeriod(pp.dates(id), day)}, func() (*productProfile, error) {
		v, err := evalOne(ctx, pp.query, pp.memo, map[string]any{"product": id, "day": day, "regime": pp.regime})
		if err != nil {
			return nil, fmt.Errorf("profile of %s on %s: %w", id, day, err)
		}
		m, _ := v.(map[string]any)
		b, err := json.Marshal([]any{m["profile"], m["notices"]})
		if err != nil {
			return nil, err
		}
		reasons, err := decodeReasons(m["reasons"])
		if err != nil {
			return nil, err
		}
		scoped, _ := m["scoped"].(map[string]any)
		parts := make(map[string]string, len(scoped))
		for s, x := range scoped {
			b, err := json.Marshal(x)
			if err != nil {
				return nil, err
			}
			parts[s] = string(b)
		}
		return &productProfile{profile: string(b), tppText: str(m["tpp_text"]), dramText: str(m["dram_text"]), reasons: reasons, scoped: parts}, nil
	})
}

// kept holds what was computed for each key, for many goroutines: a key
// two compute at once is computed twice, and the first result kept.
type kept[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]V
}

func newKept[K comparable, V any]() *kept[K, V] { return &kept[K, V]{m: map[K]V{}} }

// get returns what is kept for k, else computes it, keeps and returns it
// (an error is returned and not kept).
func (c *kept[K, V]) get(k K, compute func() (V, error)) (V, error) {
	c.mu.RLock()
	v, ok := c.m[k]
	c.mu.RUnlock()
	if ok {
		return v, nil
	}
	v, err := compute()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if first, ok := c.m[k]; ok {
		return first, nil
	}
	c.m[k] = v
	return v, nil
}
