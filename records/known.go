package records

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/adrg/strutil/metrics"
	"go.yaml.in/yaml/v3"
)

// Known is what the project's data and policy know, for [Set.CheckKnown]:
// the product IDs and country codes records may name, and which names
// name someone. The caller derives it from the checker it built (the
// data's products and countries, the policy's placeholders).
type Known struct {
	Products  map[string]bool // product IDs
	Countries map[string]bool // ISO 3166-1 alpha-2 codes
	// IsName reports whether an end user as written names someone (not a
	// placeholder such as "TBD"); nil checks no names.
	IsName func(string) bool
	// ResolveProduct and ResolveCountry, when set, read another name as
	// the data does (an alias: "h100-sxm5" is nvidia-h100-sxm5, "UK" is
	// GB), for hints.
	ResolveProduct, ResolveCountry func(string) (string, error)
}

// ref is a product ID or country code a licence or notification names,
// where it is written.
type ref struct {
	what, field, value string // "licence D1", "items.products", "nvidia-h100-sxm5"
	country            bool
	name               bool // an end user's name (what is empty: the message names the field)
	pos                Pos
}

// recordWhat names a record in messages as its other messages do:
// "licence D1", "notification NAC-7", or its kind alone.
func recordWhat(n *yaml.Node, kind string) string {
	key := "number"
	if kind == recordNotification {
		key = "bis_reference"
	}
	what := kind
	if v := valueOf(n, key); v != nil && v.Kind == yaml.ScalarNode && !isNull(v) && strings.TrimSpace(v.Value) != "" {
		what += " " + strings.TrimSpace(v.Value)
	}
	return what
}

// noteRefs notes the product IDs and country codes of a licence or
// notification that are written as such, for [Set.CheckKnown] (the
// fields' own checks report the rest).
func (l *loader) noteRefs(d *decoder, n *yaml.Node, kind string) {
	country := "destinations"
	if kind == recordNotification {
		country = "destination"
	} else if kind != recordLicence {
		return
	}
	what := recordWhat(n, kind)
	note := func(field string, v *yaml.Node, isCountry bool) {
		pattern := productRE
		if isCountry {
			pattern = countryRE
		}
		for _, s := range scalarsOf(v) {
			if x := strings.TrimSpace(s.Value); pattern.MatchString(x) {
				l.set.refs = append(l.set.refs, ref{what: what, field: field, value: x, country: isCountry, pos: Pos{File: d.file, Line: s.Line}})
			}
		}
	}
	note("items.products", valueOf(valueOf(n, "items"), "products"), false)
	note(country, valueOf(n, country), true)
}

// CheckKnown reports, with its file and line, each product ID and country
// code a licence or notification names that the data does not know (a
// record naming a product by a typo, "nvidia-h100-sxm", would otherwise
// load, and never cover a line), and each end user a record names that
// names no one by k.IsName. Nil when every one is known.
func (s *Set) CheckKnown(k Known) error {
	if s == nil {
		return nil
	}
	errs := s.unknown(k)
	if len(errs) == 0 {
		return nil
	}
	slices.SortStableFunc(errs, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
	return errs
}

// unknown is CheckKnown's problems, unsorted.
func (s *Set) unknown(k Known) Errors {
	var errs Errors
	for _, r := range s.refs {
		var msg string
		switch {
		case r.name:
			if k.IsName == nil {
				continue
			}
			if msg := placeholderName(k.IsName, r.field, r.value); msg != "" {
				errs = append(errs, &Error{File: r.pos.File, Line: r.pos.Line, Msg: r.what + ": " + msg})
			}
			continue
		case r.country && !k.Countries[r.value]:
			msg = fmt.Sprintf("is not a country code the data knows%s; exportcheck countries lists them", resolved(k.ResolveCountry, r.value))
		case !r.country && !k.Products[r.value]:
			hint := resolved(k.ResolveProduct, r.value)
			if hint == "" {
				hint = alike(r.value, k.Products)
			}
			msg = fmt.Sprintf("is not a product ID the data knows%s; exportcheck products lists them, --data adds your own", hint)
		default:
			continue
		}
		errs = append(errs, &Error{File: r.pos.File, Line: r.pos.Line, Msg: fmt.Sprintf("%s: %s: %q %s", r.what, r.field, r.value, msg)})
	}
	return errs
}

// resolved is " (did you mean X?)" when resolve reads s as X.
func resolved(resolve func(string) (string, error), s string) string {
	if resolve == nil {
		return ""
	}
	if x, err := resolve(s); err == nil && x != s {
		return " (did you mean " + x + "?)"
	}
	return ""
}

// alike is " (did you mean X?)" for the known IDs (at most three) that
// hold s or that s holds, or else that are fewest edits from it (one or
// two).
func alike(s string, known map[string]bool) string {
	var holding []string
	closest, fewest := []string(nil), 3
	for id := range known {
		if strings.Contains(id, s) || strings.Contains(s, id) {
			holding = append(holding, id)
		}
		switch n := levenshtein.Distance(s, id); {
		case n < fewest:
			closest, fewest = []string{id}, n
		case n == fewest:
			closest = append(closest, id)
		}
	}
	out := holding
	if len(out) == 0 {
		out = closest
	}
	if len(out) == 0 || len(out) > 3 {
		return ""
	}
	slices.Sort(out)
	return " (did you mean " + strings.Join(out, " or ") + "?)"
}

// levenshtein counts the edits between two IDs (alike's hints).
var levenshtein = metrics.NewLevenshtein()
