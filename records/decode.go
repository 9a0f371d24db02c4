package records

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/exportcheck/exportcheck/checker"
)

// The fields of each record are declared once, in a table of [field]s
// whose values know how to decode themselves from a YAML node (with its
// line for errors) and how to describe themselves in JSON Schema: the
// loader and schema.json come from the same table (TestSchema keeps the
// file in step).

// field is one field of a record.
type field struct {
	name     string
	required bool
	doc      string
	v        value
}

// value decodes one field's YAML value into its Go destination.
type value interface {
	// decode stores n's value, or reports what is wrong with it and
	// returns false.
	decode(d *decoder, n *yaml.Node) bool
	schema() map[string]any
}

// decoder collects the errors of one file.
type decoder struct {
	file string
	errs []*Error
	// country, when set, reads a country name as the data does
	// (Known.ResolveCountry), to tell the code to write instead.
	country func(string) (string, error)
}

// mismatch reports s, a value of the field name that is not of pattern
// (want says what is). Records name countries by code only, so that what
// a record covers does not change with the data's names; a country name
// the data reads is told the code to write for it.
func (d *decoder) mismatch(line int, name, s, want string, pattern *regexp.Regexp) {
	if pattern == countryRE && d.country != nil {
		if code, err := d.country(s); err == nil {
			want, _, _ = strings.Cut(want, " (e.g.")
			d.errorf(line, "%s: %q is not %s: write %s for %s (records name countries by their code)", name, s, want, code, s)
			return
		}
	}
	d.errorf(line, "%s: %q is not %s", name, s, want)
}

func (d *decoder) errorf(line int, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// isNull reports whether n is written as nothing: "", "~" or null. A
// value tagged so ("expires: !!null 2030-01-01") says something, and is
// not left out: a VEU's expiry so written would read as none.
func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null" && slices.Contains([]string{"", "~", "null", "Null", "NULL"}, n.Value)
}

// kindName names a node's kind for "want X, got Y" messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	switch n.Tag {
	case "!!int", "!!float":
		return "the number " + n.Value
	case "!!bool":
		return "the boolean " + n.Value
	}
	if isNull(n) {
		return "nothing"
	}
	return strconv.Quote(n.Value)
}

// scalar returns n's text as written, or reports that n is not a scalar.
func scalar(d *decoder, n *yaml.Node, name, want string) (string, bool) {
	if n.Kind != yaml.ScalarNode || isNull(n) {
		d.errorf(n.Line, "%s: want %s, got %s", name, want, kindName(n))
		return "", false
	}
	s := strings.TrimSpace(n.Value)
	if s == "" {
		d.errorf(n.Line, "%s: want %s, got an empty string", name, want)
		return "", false
	}
	if r, bad := invisible(s, false); bad {
		d.errorf(n.Line, "%s: %q holds U+%04X, a control character: retype the value", name, s, r)
		return "", false
	}
	return s, true
}

// invisible finds a character in s that shows nothing: a C0 control
// character other than a tab, a line or page break (as order books may
// hold them), which YAML lets in through an escape ("\0"); and with
// format (a number or reference), any control or format character, such
// as a zero-width space or a direction mark. A licence number
// "D\u200b1234567" reads as D1234567 to the reviewer and is another number
// to the loader: its limit would be allowed twice. (Names may hold format
// characters: names are compared without them, and screening flags them.)
func invisible(s string, format bool) (rune, bool) {
	for _, r := range s {
		switch {
		case format && (unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r)):
			return r, true
		case r < 0x20 && !strings.ContainsRune("\t\n\r\v\f", r):
			return r, true
		}
	}
	return 0, false
}

// text is a string field, optionally of a pattern.
type text struct {
	p       *string
	name    string
	pattern *regexp.Regexp
	want    string // what the pattern asks for, in words
	// id: a number or reference, compared by its letters and digits (in
	// upper case): no character that shows nothing.
	id bool
}

func (t text) decode(d *decoder, n *yaml.Node) bool {
	want := t.want
	if want == "" {
		want = "a string"
	}
	s, ok := scalar(d, n, t.name, want)
	if !ok {
		return false
	}
	if r, bad := invisible(s, t.id); bad {
		d.errorf(n.Line, "%s: %q holds U+%04X, a character that shows nothing: retype the value", t.name, s, r)
		return false
	}
	if t.pattern != nil && !t.pattern.MatchString(s) {
		d.mismatch(n.Line, t.name, s, want, t.pattern)
		return false
	}
	if t.id && numberKey(s) == "" {
		// Compared by its letters and digits, it would be every other
		// number without one.
		d.errorf(n.Line, "%s: %q has no letter or digit: give the number as issued", t.name, s)
		return false
	}
	*t.p = s
	return true
}

func (t text) schema() map[string]any {
	m := map[string]any{"type": "string", "minLength": 1}
	if t.pattern != nil {
		m["pattern"] = t.pattern.String()
	}
	return m
}

// date is a YYYY-MM-DD field, quoted or not.
type date struct {
	p    *string
	name string
}

var dateRE = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

func (t date) decode(d *decoder, n *yaml.Node) bool {
	s, ok := scalar(d, n, t.name, "a date YYYY-MM-DD")
	if !ok {
		return false
	}
	if !dateRE.MatchString(s) {
		d.errorf(n.Line, "%s: %q is not a date: want YYYY-MM-DD", t.name, s)
		return false
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		d.errorf(n.Line, "%s: %s is not a date: no such day", t.name, s)
		return false
	}
	*t.p = s
	return true
}

func (t date) schema() map[string]any {
	return map[string]any{"type": "string", "format": "date", "pattern": dateRE.String()}
}

// enum is a string field with a fixed set of values.
type enum[T ~string] struct {
	p      *T
	name   string
	values []T
}

func (t enum[T]) decode(d *decoder, n *yaml.Node) bool {
	var known []string
	for _, v := range t.values {
		known = append(known, string(v))
	}
	s, ok := scalar(d, n, t.name, "one of "+strings.Join(known, ", "))
	if !ok {
		return false
	}
	if !slices.Contains(t.values, T(s)) {
		d.errorf(n.Line, "%s: unknown value %q; want one of %s", t.name, s, strings.Join(known, ", "))
		return false
	}
	*t.p = T(s)
	return true
}

func (t enum[T]) schema() map[string]any {
	var vs []any
	for _, v := range t.values {
		vs = append(vs, string(v))
	}
	return map[string]any{"type": "string", "enum": vs}
}

// list is a list of strings of one pattern, each once.
type list struct {
	p       *[]string
	name    string
	pattern *regexp.Regexp
	want    string
	key     func(string) string // identity for "listed twice" (default: as written)
}

func (t list) decode(d *decoder, n *yaml.Node) bool {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n.Line, "%s: want a list, each %s, got %s", t.name, t.want, kindName(n))
		return false
	}
	if len(n.Content) == 0 {
		d.errorf(n.Line, "%s: the list is empty", t.name)
		return false
	}
	ok := true
	seen := map[string]int{}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		c = resolve(c)
		s, good := scalar(d, c, t.name, t.want)
		if good && t.pattern != nil && !t.pattern.MatchString(s) {
			d.mismatch(c.Line, t.name, s, t.want, t.pattern)
			good = false
		}
		if !good {
			ok = false
			continue
		}
		k := s
		if t.key != nil {
			k = t.key(s)
			if k == "" {
				d.errorf(c.Line, "%s: %q has no letters or digits to match", t.name, s)
				ok = false
				continue
			}
		}
		if at, dup := seen[k]; dup {
			d.errorf(c.Line, "%s: %q is listed twice (also line %d)", t.name, s, at)
			ok = false
			continue
		}
		seen[k] = c.Line
		out = append(out, s)
	}
	if ok {
		*t.p = out
	}
	return ok
}

func (t list) schema() map[string]any {
	item := map[string]any{"type": "string", "minLength": 1}
	if t.pattern != nil {
		item["pattern"] = t.pattern.String()
	}
	return map[string]any{"type": "array", "minItems": 1, "uniqueItems": true, "items": item}
}

// oneOrMore is a list that may also be written as its one value.
type oneOrMore struct{ list }

func (t oneOrMore) decode(d *decoder, n *yaml.Node) bool {
	switch resolve(n).Kind {
	case yaml.SequenceNode:
		n = resolve(n)
	case yaml.ScalarNode: // its one value: read as a list of one
		n = &yaml.Node{Kind: yaml.SequenceNode, Line: n.Line, Content: []*yaml.Node{n}}
	default:
		scalar(d, n, t.name, t.want+", or a list of them") // says what it is instead
		return false
	}
	return t.list.decode(d, n)
}

func (t oneOrMore) schema() map[string]any {
	l := t.list.schema()
	return map[string]any{"oneOf": []any{l["items"], l}}
}

// count is a positive whole number.
type count struct {
	p    *int64
	name string
}

func (t count) decode(d *decoder, n *yaml.Node) bool {
	v, ok := positiveInt(d, n, t.name)
	if ok {
		*t.p = v
	}
	return ok
}

func positiveInt(d *decoder, n *yaml.Node, name string) (int64, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		d.errorf(n.Line, "%s: want a whole number, got %s", name, kindName(n))
		return 0, false
	}
	if strings.HasPrefix(n.Value, "-") {
		d.errorf(n.Line, "%s: want a positive whole number, got %s", name, n.Value)
		return 0, false
	}
	if !decimalRE.MatchString(n.Value) {
		d.errorf(n.Line, "%s: want a whole number in decimal digits, got %s (YAML reads 010 as 8 and 0x10 as 16)", name, n.Value)
		return 0, false
	}
	v, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 10, 64)
	if err != nil || v <= 0 {
		d.errorf(n.Line, "%s: want a positive whole number, got %s", name, n.Value)
		return 0, false
	}
	if v > checker.MaxQuantity {
		// Counted as float64, as what is drawn on it is, a limit past 2^53
		// units is not exact: one unit more could read as allowed.
		d.errorf(n.Line, "%s: %s is more than %d units (2^53), the most an order line may hold", name, n.Value, int64(checker.MaxQuantity))
		return 0, false
	}
	return v, true
}

// decimalRE is a number as people write it: decimal digits (underscores
// between them allowed, as YAML allows), without a leading zero before
// another digit, a 0x/0o/0b prefix or a sign, then a fraction and an
// exponent if any. A licence's "010" is 10 units to the officer who wrote
// it, 8 to YAML.
var decimalRE = regexp.MustCompile(`^(0|[1-9][0-9_]*)(\.[0-9_]*)?([eE][+-]?[0-9]+)?$`)

func (t count) schema() map[string]any {
	return map[string]any{"type": "integer", "minimum": 1, "maximum": checker.MaxQuantity}
}

// amount is a positive number (of US dollars).
type amount struct {
	p    *float64
	name string
}

func (t amount) decode(d *decoder, n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		d.errorf(n.Line, "%s: want a number, got %s", t.name, kindName(n))
		return false
	}
	if strings.HasPrefix(n.Value, "-") {
		d.errorf(n.Line, "%s: want a positive number, got %s", t.name, n.Value)
		return false
	}
	if n.Tag == "!!int" && !decimalRE.MatchString(n.Value) {
		d.errorf(n.Line, "%s: want a number in decimal digits, got %s (YAML reads 010 as 8 and 0x10 as 16)", t.name, n.Value)
		return false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
	if err != nil || v <= 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		d.errorf(n.Line, "%s: want a positive number, got %s", t.name, n.Value)
		return false
	}
	if !decimalRE.MatchString(n.Value) {
		// A float as ParseFloat reads it, not as people write it:
		// !!float 0x1p4 is 16.
		d.errorf(n.Line, "%s: want a number in decimal digits, got %s (YAML reads 010 as 8 and 0x10 as 16)", t.name, n.Value)
		return false
	}
	// Values are counted to the millionth of a dollar (checker.Dollars):
	// a limit below one counts as none, and one past 2^53 dollars as
	// infinite, a licence without a limit.
	if checker.Dollars(v) == 0 {
		d.errorf(n.Line, "%s: %s is less than a millionth of a US dollar, the least a value limit counts", t.name, n.Value)
		return false
	}
	if v > checker.MaxQuantity {
		d.errorf(n.Line, "%s: %s is more than %d US dollars (2^53), more than any licence allows: check the digits", t.name, n.Value, int64(checker.MaxQuantity))
		return false
	}
	*t.p = v
	return true
}

func (t amount) schema() map[string]any {
	return map[string]any{"type": "number", "exclusiveMinimum": 0, "maximum": checker.MaxQuantity}
}

// limits maps product IDs or ECCNs to positive quantities; lines keeps
// the line of each key for later checks.
type limits struct {
	p     *map[string]int64
	name  string
	lines map[string]int
}

func (t limits) decode(d *decoder, n *yaml.Node) bool {
	if n.Kind != yaml.MappingNode {
		d.errorf(n.Line, "%s: want a mapping of product ID or ECCN to a quantity, got %s", t.name, kindName(n))
		return false
	}
	if len(n.Content) == 0 {
		d.errorf(n.Line, "%s: the mapping is empty", t.name)
		return false
	}
	ok := true
	m := map[string]int64{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		key, good := scalar(d, k, t.name, "a product ID or ECCN")
		if !good {
			ok = false
			continue
		}
		if at, dup := t.lines[key]; dup {
			d.errorf(k.Line, "%s: %q is given twice (also line %d)", t.name, key, at)
			ok = false
			continue
		}
		t.lines[key] = k.Line
		q, good := positiveInt(d, v, t.name+"."+key)
		if !good {
			ok = false
			continue
		}
		m[key] = q
	}
	if ok {
		*t.p = m
	}
	return ok
}

func (t limits) schema() map[string]any {
	return map[string]any{"type": "object", "minProperties": 1,
		"additionalProperties": map[string]any{"type": "integer", "minimum": 1, "maximum": checker.MaxQuantity}}
}

// object is a nested mapping with fields of its own.
type object struct {
	name   string
	fields []field
	lines  lines
}

func (t object) decode(d *decoder, n *yaml.Node) bool {
	return decodeFields(d, n, t.name, t.fields, t.lines)
}

func (t object) schema() map[string]any { return objectSchema(t.fields) }

// lines are the lines of a mapping's values by field name; a field whose
// value was wrong has a negative line.
type lines map[string]int

// good reports whether the field was given and is valid.
func (l lines) good(name string) bool { return l[name] > 0 }

// has reports whether the field was given, valid or not.
func (l lines) has(name string) bool { _, ok := l[name]; return ok }

// at is the line of a field's value.
func (l lines) at(name string) int { return max(l[name], -l[name]) }

// decodeFields decodes the mapping n into fields, reporting unknown,
// repeated and missing fields. seen receives the line of each field's
// value, negative for a value that is wrong.
func decodeFields(d *decoder, n *yaml.Node, what string, fields []field, seen lines) bool {
	if n.Kind != yaml.MappingNode {
		d.errorf(n.Line, "%s: want a mapping, got %s", what, kindName(n))
		return false
	}
	ok := true
	empty := map[string]int{} // fields given with nothing, by line
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		name := k.Value
		j := slices.IndexFunc(fields, func(f field) bool { return f.name == name })
		if k.Kind != yaml.ScalarNode || j < 0 {
			var known []string
			for _, f := range fields {
				known = append(known, f.name)
			}
			if k.Tag == "!!merge" {
				// A record says each of its fields where a reviewer
				// reads them, not in a mapping merged from elsewhere.
				d.errorf(k.Line, "%s: a merge key (<<) is not read: write each field in the record itself", what)
				ok = false
				continue
			}
			d.errorf(k.Line, "%s: unknown field %q; known: %s", what, name, strings.Join(known, ", "))
			ok = false
			continue
		}
		if _, dup := seen[name]; dup {
			d.errorf(k.Line, "%s: field %q is given twice (also line %d)", what, name, seen.at(name))
			ok = false
			continue
		}
		if at, dup := empty[name]; dup {
			d.errorf(k.Line, "%s: field %q is given twice (also line %d, empty)", what, name, at)
			seen[name] = -v.Line // given, not valid: not missing either
			ok = false
			continue
		}
		if isNull(v) {
			// "field:" with nothing after it is the field left out;
			// given again, it is given twice.
			empty[name] = k.Line
			continue
		}
		seen[name] = v.Line
		if !fields[j].v.decode(d, v) {
			seen[name] = -v.Line
			ok = false
		}
	}
	for _, f := range fields {
		if _, there := seen[f.name]; f.required && !there {
			d.errorf(n.Line, "%s: missing required field %q", what, f.name)
			ok = false
		}
	}
	return ok
}

// objectSchema is the JSON Schema of a mapping with these fields.
func objectSchema(fields []field) map[string]any {
	props := map[string]any{}
	required := []any{}
	for _, f := range fields {
		s := f.v.schema()
		if f.doc != "" {
			s["description"] = f.doc
		}
		props[f.name] = s
		if f.required {
			required = append(required, f.name)
		}
	}
	return map[string]any{"type": "object", "additionalProperties": false, "properties": props, "required": required}
}
