package checker

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/hbollon/go-edlib"
)

// Catalog is what the data knows about products and countries, for
// resolving what an order names. It decides nothing.
type Catalog struct {
	products  map[string]string   // normalised ID or alias -> product ID
	ambiguous map[string][]string // normalised alias -> candidate IDs
	countries map[string]string   // code or lower-case name -> code
	data      map[string]any
	// treated is the country the policy treats a code as, for the codes
	// it treats as another (treatedAs): set once the policy is compiled.
	treated map[string]string
	// spelt keeps the suggestions for names the catalog does not know, by
	// what was written: a book whose every line names one unknown SKU
	// looks each up once (edit distances over every alias cost ~0.5 ms).
	spelt      sync.Map // string -> []string
	speltCount atomic.Int64
}

// speltLimit bounds the suggestions kept (one per distinct unknown name).
const speltLimit = 4096

// rememberSpelt is the suggestions for key, computed by f once.
func (c *Catalog) rememberSpelt(key string, f func() []string) []string {
	if v, ok := c.spelt.Load(key); ok {
		return v.([]string)
	}
	out := f()
	if c.speltCount.Load() < speltLimit {
		if _, loaded := c.spelt.LoadOrStore(key, out); !loaded {
			c.speltCount.Add(1)
		}
	}
	return out
}

// Product describes one product as the data holds it.
type Product struct {
	ID, Name, Vendor, Kind string
	Aliases                []string
	Raw                    map[string]any
}

// Country describes one country as the data holds it.
type Country struct {
	Code, Name string
	Raw        map[string]any
}

func newCatalog(doc map[string]any) (*Catalog, error) {
	c := &Catalog{products: map[string]string{}, ambiguous: map[string][]string{}, countries: map[string]string{}, data: doc}
	products, _ := doc["products"].(map[string]any)
	if len(products) == 0 {
		return nil, fmt.Errorf("data has no products")
	}
	claims := map[string]map[string]bool{}
	claim := func(key, id string) {
		k := normalize(key)
		if k == "" {
			return
		}
		if claims[k] == nil {
			claims[k] = map[string]bool{}
		}
		claims[k][id] = true
	}
	for id, v := range products {
		p, _ := v.(map[string]any)
		claim(id, id)
		vendor, _ := p["vendor"].(string)
		if pre := normalize(vendor) + "-"; strings.HasPrefix(id, pre) {
			claim(strings.TrimPrefix(id, pre), id)
		}
		for _, a := range stringList(p["aliases"]) {
			claim(a, id)
		}
	}
	for k, ids := range claims {
		if ids[k] { // a product ID always wins over an alias
			c.products[k] = k
			continue
		}
		if len(ids) == 1 {
			for id := range ids {
				c.products[k] = id
			}
			continue
		}
		c.ambiguous[k] = sortedKeys(ids)
	}
	countries, _ := doc["countries"].(map[string]any)
	names := map[string][]string{}
	for code, v := range countries {
		c.countries[strings.ToLower(code)] = code
		cm, _ := v.(map[string]any)
		// Names, aliases and the alpha-3 code ("CHN"), which some systems
		// export for the alpha-2 code.
		for _, n := range append(stringList(cm["aliases"]), str(cm["name"]), str(cm["alpha_3"])) {
			if n != "" {
				names[strings.ToLower(n)] = append(names[strings.ToLower(n)], code)
			}
		}
	}
	for n, codes := range names {
		if len(codes) == 1 {
			if _, taken := c.countries[n]; !taken {
				c.countries[n] = codes[0]
			}
		}
	}
	return c, nil
}

// ResolveProduct maps a product ID or alias (case-insensitive, any
// punctuation) to its product ID.
func (c *Catalog) ResolveProduct(s string) (string, error) {
	k := normalize(s)
	if id, ok := c.products[k]; ok {
		return id, nil
	}
	if ids, ok := c.ambiguous[k]; ok {
		return "", fmt.Errorf("%w %q: ambiguous, one of %s", ErrUnknownProduct, s, strings.Join(ids, ", "))
	}
	cands := c.productsNamedBy(k)
	if len(cands) == 0 {
		cands = c.rememberSpelt("product\x00"+k, func() []string { return c.productsSpeltLike(k) })
	}
	if len(cands) > 0 {
		return "", fmt.Errorf("%w %q: did you mean %s?", ErrUnknownProduct, s, strings.Join(cands, ", "))
	}
	return "", fmt.Errorf("%w %q", ErrUnknownProduct, s)
}

// ResolveCountry maps an ISO 3166-1 alpha-2 code or an unambiguous country
// name to its code.
func (c *Catalog) ResolveCountry(s string) (string, error) {
	if code, ok := c.countries[strings.ToLower(strings.TrimSpace(s))]; ok {
		return code, nil
	}
	if cands := c.namedBy(s); len(cands) > 1 {
		return "", fmt.Errorf("%w %q: ambiguous, one of %s", ErrUnknownCountry, s, strings.Join(cands, ", "))
	} else if len(cands) == 1 {
		return "", fmt.Errorf("%w %q: did you mean %s?", ErrUnknownCountry, s, cands[0])
	}
	if cands := c.rememberSpelt("country\x00"+s, func() []string { return c.countriesSpeltLike(s) }); len(cands) > 0 {
		return "", fmt.Errorf("%w %q: did you mean %s?", ErrUnknownCountry, s, strings.Join(cands, " or "))
	}
	return "", fmt.Errorf("%w %q", ErrUnknownCountry, s)
}

// productsNamedBy lists the products (at most 8) one of whose IDs or
// aliases holds every one of the normalised words k ("h100", "a100-80gb"
// for "A100 SXM4 80GB"), sorted.
func (c *Catalog) productsNamedBy(k string) []string {
	if k == "" {
		return nil
	}
	want := strings.Split(k, "-")
	seen := map[string]bool{}
	for alias, id := range c.products {
		words := strings.Split(alias, "-")
		if !seen[id] && !slices.ContainsFunc(want, func(w string) bool { return !slices.Contains(words, w) }) {
			seen[id] = true
		}
	}
	out := sortedKeys(seen)
	if len(out) > 8 {
		out = append(out[:8], "…")
	}
	return out
}

// typo is whether b is a's likely mistyping: one or two edits apart
// (a letter left out, added, changed or two swapped), no more than one
// edit in three letters of a, so that short codes and words are not
// "corrected" into others.
func typo(a, b string) (edits int, ok bool) {
	if len(a) < 4 {
		return 0, false
	}
	return closeTo(a, b)
}

// closeTo is whether b is one or two edits from a, and no more than one
// edit in three letters of a. Optimal string alignment: two letters
// swapped are one edit ("Chnia"), as a letter left out, added or changed
// is.
func closeTo(a, b string) (edits int, ok bool) {
	n := edlib.OSADamerauLevenshteinDistance(a, b)
	return n, n > 0 && n <= 2 && 3*n <= len(a)
}

// fewestEdits keeps, of the candidates each with its edits, those fewest
// edits away (at most three, sorted; none when more tie).
func fewestEdits(edits map[string]int) []string {
	var out []string
	fewest := 3
	for x, n := range edits {
		switch {
		case n < fewest:
			out, fewest = []string{x}, n
		case n == fewest:
			out = append(out, x)
		}
	}
	if len(out) > 3 {
		return nil
	}
	sort.Strings(out)
	return out
}

// productsSpeltLike lists the products (at most three) whose ID or an
// alias the normalised name k mistypes ("nvidia-h100-sxm",
// "nvidai-h100-sxm5"), fewest edits first; none when k is short. A number
// in k is a model's and is kept: "h100-nvl" is one edit from "h200-nvl",
// another product, not a mistyping of it.
func (c *Catalog) productsSpeltLike(k string) []string {
	edits := map[string]int{}
	nums := numbers(k)
	for alias, id := range c.products {
		if n, ok := typo(k, alias); ok && !slices.ContainsFunc(nums, func(x string) bool { return !slices.Contains(numbers(alias), x) }) {
			if was, seen := edits[id]; !seen || n < was {
				edits[id] = n
			}
		}
	}
	return fewestEdits(edits)
}

// numbers are the runs of digits in s ("h100-sxm5": 100, 5).
func numbers(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}

// countriesSpeltLike lists the countries ("CN (China)"; at most three)
// one of whose names s mistypes ("Chna", "Germnay"); codes are not
// compared (any two letters are a code or two edits from one). Country
// names lie closer together than product names, and a suggestion taken
// without a second look would judge another country: no more than one
// edit in four letters (Persia is two from Serbia, Holland from Poland).
func (c *Catalog) countriesSpeltLike(s string) []string {
	k := strings.ReplaceAll(normalize(s), "-", " ")
	edits := map[string]int{}
	countries, _ := c.data["countries"].(map[string]any)
	for code, v := range countries {
		cm, _ := v.(map[string]any)
		for _, n := range append([]string{str(cm["name"])}, stringList(cm["aliases"])...) {
			if e, ok := typo(k, strings.ReplaceAll(normalize(n), "-", " ")); ok && 4*e <= len(k) {
				x := fmt.Sprintf("%s (%s)", code, str(cm["name"]))
				if was, seen := edits[x]; !seen || e < was {
					edits[x] = e
				}
			}
		}
	}
	return fewestEdits(edits)
}

// ResolveEndUse maps an end use as written ("Supercomputer", "advanced node
// IC fab") to its key in data.end_uses; blank is "" (no end use known).
func (c *Catalog) ResolveEndUse(s string) (string, error) {
	k := strings.ReplaceAll(normalize(s), "-", "_")
	if k == "" {
		return "", nil
	}
	uses, _ := c.data["end_uses"].(map[string]any)
	if _, ok := uses[k]; ok {
		return k, nil
	}
	known := sortedKeys(uses)
	if len(known) == 0 {
		known = []string{"none: the data defines no end uses"}
	}
	return "", fmt.Errorf("%w %q; known: %s", ErrUnknownEndUse, s, strings.Join(known, ", "))
}

// namedBy lists the countries ("KR (South Korea)") one of whose names
// contains s as whole words ("Korea"), sorted.
func (c *Catalog) namedBy(s string) []string {
	words := func(x string) string { return " " + strings.ReplaceAll(normalize(x), "-", " ") + " " }
	want := words(s)
	if strings.TrimSpace(want) == "" {
		return nil
	}
	var out []string
	countries, _ := c.data["countries"].(map[string]any)
	for _, code := range sortedKeys(countries) {
		cm, _ := countries[code].(map[string]any)
		for _, n := range append([]string{str(cm["name"])}, stringList(cm["aliases"])...) {
			if strings.Contains(words(n), want) {
				out = append(out, fmt.Sprintf("%s (%s)", code, str(cm["name"])))
				break
			}
		}
	}
	return out
}

// Products lists every product, sorted by ID.
func (c *Catalog) Products() []Product {
	products, _ := c.data["products"].(map[string]any)
	out := make([]Product, 0, len(products))
	for _, id := range sortedKeys(products) {
		p, _ := products[id].(map[string]any)
		out = append(out, Product{ID: id, Name: str(p["name"]), Vendor: str(p["vendor"]), Kind: str(p["kind"]), Aliases: stringList(p["aliases"]), Raw: p})
	}
	return out
}

// Product returns one product by ID.
func (c *Catalog) Product(id string) (Product, bool) {
	products, _ := c.data["products"].(map[string]any)
	p, ok := products[id].(map[string]any)
	if !ok {
		return Product{}, false
	}
	return Product{ID: id, Name: str(p["name"]), Vendor: str(p["vendor"]), Kind: str(p["kind"]), Aliases: stringList(p["aliases"]), Raw: p}, true
}

// FirstShipDate is the earliest ship date a line of the product may have
// ("2023-01-01"): the first day of the year before the year the data gives
// as its release (a year early for early shipments, and for a release year
// that is the launch's, not the first shipment's); "" when the data gives
// none. A date before it is a typo (2006 for 2026).
func (c *Catalog) FirstShipDate(id string) string {
	y, ok := c.ReleaseYear(id)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%04d-01-01", y-1)
}

// ReleaseYear is the year the data gives as the product's release.
func (c *Catalog) ReleaseYear(id string) (int, bool) {
	p, ok := c.Product(id)
	if !ok {
		return 0, false
	}
	y := int(toFloat(p.Raw["release_year"]))
	return y, y > 0
}

// Countries lists every country, sorted by code.
func (c *Catalog) Countries() []Country {
	countries, _ := c.data["countries"].(map[string]any)
	out := make([]Country, 0, len(countries))
	for _, code := range sortedKeys(countries) {
		m, _ := countries[code].(map[string]any)
		out = append(out, Country{Code: code, Name: str(m["name"]), Raw: m})
	}
	return out
}

// Data returns the merged data document (read-only).
func (c *Catalog) Data() map[string]any { return c.data }

func normalize(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func stringList(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// effective is the country the policy treats a code as
// (license.effective_country: Hong Kong is China), as evaluated at load
// (treatedAs); a code it treats as no other is itself.
func (c *Catalog) effective(code string) string {
	if t, ok := c.treated[code]; ok {
		return t
	}
	return code
}
