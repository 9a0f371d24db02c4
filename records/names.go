package records

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/exportcheck/exportcheck/screening"
)

// noteNames notes each end user of a record, for [Set.CheckKnown] to
// report one written as a placeholder ("TBD", "N/A", "unknown",
// "customer", "various"), as written or as names are compared ("T.B.D.",
// "The Customer"): a licence for "TBD" would cover every order whose end
// user is written so. Which words name no one is the policy's
// (screening.placeholders). The fields' own checks report the rest (a
// value that is not a string, a name with no letters or digits).
func (l *loader) noteNames(d *decoder, n *yaml.Node, kind string) {
	if kind == "" {
		return // not a record: reported as such
	}
	field := "end_user"
	if kind == recordLicence {
		field = "end_users"
	}
	for _, v := range scalarsOf(valueOf(n, field)) {
		if s := strings.TrimSpace(v.Value); screening.Normalize(s) != "" {
			l.set.refs = append(l.set.refs, ref{what: recordWhat(n, kind), field: field, value: s, name: true, pos: Pos{File: d.file, Line: v.Line}})
		}
	}
}

// placeholderName is why name, an end user a record names, names no one
// by isName, as written or as names are compared; "" when it names one.
func placeholderName(isName func(string) bool, field, name string) string {
	switch key := screening.Normalize(name); {
	case !isName(name):
		return fmt.Sprintf("%s: %q is a placeholder, not a name: write the end user's name", field, name)
	case !isName(key):
		return fmt.Sprintf("%s: %q reads as %q, a placeholder, not a name: write the end user's name", field, name, key)
	}
	return ""
}

// valueOf is the value of a mapping's field, or nil.
func valueOf(n *yaml.Node, field string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := resolve(n.Content[i]); k.Kind == yaml.ScalarNode && k.Value == field {
			return resolve(n.Content[i+1])
		}
	}
	return nil
}

// scalarsOf are the strings of a value that is one, or a list of them,
// with their lines; anything else is the fields' own checks' to report.
func scalarsOf(n *yaml.Node) []*yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.SequenceNode {
		var out []*yaml.Node
		for _, c := range n.Content {
			if c = resolve(c); c.Kind == yaml.ScalarNode && !isNull(c) {
				out = append(out, c)
			}
		}
		return out
	}
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		return []*yaml.Node{n}
	}
	return nil
}
