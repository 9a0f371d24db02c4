package checker

import "github.com/open-policy-agent/opa/v1/ast"

// RuleInfo is a policy rule's METADATA.
type RuleInfo struct {
	ID, Title, Description, Citation string
	Package                          string
	Effective, EffectiveUntil        string
}

// RuleIDs returns the METADATA of every rule with a custom.id in the bundle's
// policies, keyed by id.
func RuleIDs(b *Bundle) (map[string]RuleInfo, error) {
	out := map[string]RuleInfo{}
	for _, name := range sortedKeys(b.Modules) {
		m, err := ast.ParseModuleWithOpts(name, b.Modules[name], ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return nil, err
		}
		for _, a := range m.Annotations {
			id, _ := a.Custom["id"].(string)
			if id == "" {
				continue
			}
			cite, _ := a.Custom["citation"].(string)
			eff, _ := a.Custom["effective"].(string)
			until, _ := a.Custom["effective_until"].(string)
			out[id] = RuleInfo{ID: id, Title: a.Title, Description: a.Description, Citation: cite, Package: m.Package.Path.String(), Effective: eff, EffectiveUntil: until}
		}
	}
	return out, nil
}
