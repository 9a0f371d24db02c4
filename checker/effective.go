package checker

import (
	"context"
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage"
)

// treatedQuery is the country the policy treats each code of the data as
// (license.effective_country: Hong Kong is China).
const treatedQuery = `{c: data.exportcheck.license.effective_country(c) | some c, _ in data.countries}`

// treatedAs is, for each code of data.countries the policy treats as
// another country (license.effective_country), that country: evaluated
// once at load from the compiled policy, so that the catalog, the period
// index and the country profiles hold no copy of the rule. A code the
// policy gives no country for is refused (it would judge no line to it).
func treatedAs(ctx context.Context, comp *ast.Compiler, store storage.Store, doc map[string]any) (map[string]string, error) {
	var all map[string]string
	if err := evalJSON(ctx, comp, store, treatedQuery, &all); err != nil {
		return nil, fmt.Errorf("the country each code is treated as (license.effective_country): %w", err)
	}
	countries, _ := doc["countries"].(map[string]any)
	treated := map[string]string{}
	for _, code := range sortedKeys(countries) {
		t, ok := all[code]
		if !ok || t == "" {
			return nil, fmt.Errorf("license.effective_country: undefined for %s (data.countries)", code)
		}
		if t != code {
			treated[code] = t
		}
	}
	return treated, nil
}
