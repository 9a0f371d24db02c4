package checker

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/util"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/exportcheck/exportcheck/data"
	"github.com/exportcheck/exportcheck/policies"
)

// Bundle is the set of policies and data a checker evaluates with: the
// embedded ones, plus any directories given in Options.
type Bundle struct {
	Modules  map[string]string // path -> Rego source (tests excluded)
	Tests    map[string]string // path -> Rego source of *_test.rego files
	Data     map[string]any    // the merged data document
	Revision string            // sha256 over every policy and data file used, hex, or the revision Options.Revision names them by
	Content  string            // sha256 over every policy and data file used, hex, whatever Options.Revision names them
	Files    []string          // the files that made the bundle, in load order

	// PolicyFrom is the --policy directory of every policy or test file that
	// came from one; Replaced is the embedded source of those that replaced
	// an embedded file of the same path.
	PolicyFrom, Replaced map[string]string
}

// LoadBundle reads the embedded policies and data and overlays policyDirs
// (Rego files add to, or replace by relative path, the embedded ones) and
// dataDirs (YAML/JSON documents merged into the data document).
func LoadBundle(policyDirs, dataDirs []string) (*Bundle, error) {
	return LoadBundleFrom(policies.FS, data.FS, policyDirs, dataDirs)
}

// LoadBundleFrom is LoadBundle with other base trees in place of the
// embedded policies and data (e.g. a copy of policies/ before a change).
func LoadBundleFrom(policyFS, dataFS fs.FS, policyDirs, dataDirs []string) (*Bundle, error) {
	b := &Bundle{Modules: map[string]string{}, Tests: map[string]string{}, Data: map[string]any{},
		PolicyFrom: map[string]string{}, Replaced: map[string]string{}}
	h := sha256.New()
	add := func(kind, name string, content []byte) {
		fmt.Fprintf(h, "%s\x00%s\x00%d\x00", kind, name, len(content))
		h.Write(content)
		b.Files = append(b.Files, name)
	}
	// Policies.
	if err := walk(policyFS, ".", ".rego", func(p string, content []byte) error {
		b.put(p, string(content))
		return nil
	}); err != nil {
		return nil, err
	}
	for _, dir := range policyDirs {
		if err := isDir("--policy", dir); err != nil {
			return nil, err
		}
		n := 0
		if err := walk(os.DirFS(dir), ".", ".rego", func(p string, content []byte) error {
			n++
			if _, ok := b.PolicyFrom[p]; !ok {
				if old, ok := b.source(p); ok {
					b.Replaced[p] = old
				}
			}
			b.PolicyFrom[p] = dir
			b.put(p, string(content))
			return nil
		}); err != nil {
			return nil, fmt.Errorf("--policy %s: %w", dir, err)
		}
		if n == 0 { // a misspelt extension, or the wrong directory: nothing of the company's would apply
			return nil, fmt.Errorf("--policy %s: no Rego files (*.rego) under it", dir)
		}
	}
	for _, name := range sortedKeys(b.Modules) {
		add("policy", name, []byte(b.Modules[name]))
	}
	// Data.
	var sources []*dataSource
	load := func(fsys fs.FS, label string, base bool) (int, error) {
		var files []string
		for _, ext := range []string{".yaml", ".yml", ".json"} {
			if err := walk(fsys, ".", ext, func(p string, _ []byte) error {
				if !(base && p == data.SchemaFile) {
					files = append(files, p)
				}
				return nil
			}); err != nil {
				return 0, err
			}
		}
		sort.Strings(files)
		for _, p := range files {
			content, err := fs.ReadFile(fsys, p)
			if err != nil {
				return 0, err
			}
			name := path.Join(label, p)
			doc, err := parseDocument(name, content)
			if err != nil {
				return 0, err
			}
			merge(b.Data, doc)
			add("data", name, content)
			sources = append(sources, &dataSource{name: name, content: content, doc: doc})
		}
		return len(files), nil
	}
	if _, err := load(dataFS, "data", true); err != nil {
		return nil, err
	}
	for _, dir := range dataDirs {
		if err := isDir("--data", dir); err != nil {
			return nil, err
		}
		switch n, err := load(os.DirFS(dir), dir, false); {
		case err != nil:
			return nil, fmt.Errorf("--data %s: %w", dir, err)
		case n == 0:
			return nil, fmt.Errorf("--data %s: no data files (*.yaml, *.yml, *.json) under it", dir)
		}
	}
	// The base tree's schema, when it has one, checks the merged document.
	schema, err := fs.ReadFile(dataFS, data.SchemaFile)
	if err == nil {
		err = validateData(schema, b.Data, sources)
	} else if errors.Is(err, fs.ErrNotExist) {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	b.Revision = hex.EncodeToString(h.Sum(nil))
	b.Content = b.Revision
	return b, nil
}

func (b *Bundle) put(p, src string) {
	if strings.HasSuffix(p, "_test.rego") {
		b.Tests[p] = src
		return
	}
	b.Modules[p] = src
}

// source is the policy or test file at p.
func (b *Bundle) source(p string) (string, bool) {
	if src, ok := b.Modules[p]; ok {
		return src, true
	}
	src, ok := b.Tests[p]
	return src, ok
}

// ShortRevision is the first 12 hex digits of the revision.
func (b *Bundle) ShortRevision() string { return b.Revision[:min(12, len(b.Revision))] }

func walk(fsys fs.FS, root, ext string, fn func(p string, content []byte) error) error {
	return fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ext) {
			return nil
		}
		content, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		return fn(filepath.ToSlash(p), content)
	})
}

// parseDocument parses a YAML or JSON file into a JSON-compatible object
// with json.Number numbers (as OPA expects). YAML is read as YAML 1.2:
// NO, ON, yes and off are strings (Norway is "NO", not false); a key given
// twice is an error.
func parseDocument(name string, content []byte) (map[string]any, error) {
	if strings.HasSuffix(name, ".json") {
		var doc map[string]any
		if err := util.UnmarshalJSON(content, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return doc, nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(content, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if root.Kind == 0 || len(root.Content) == 0 { // empty file
		return map[string]any{}, nil
	}
	v, err := (&yamlReader{budget: 10*yamlNodes(root.Content[0]) + 100_000}).value(root.Content[0])
	if err != nil {
		return nil, fmt.Errorf("%s:%w", name, err)
	}
	switch doc := v.(type) {
	case map[string]any:
		return doc, nil
	case nil:
		return map[string]any{}, nil
	}
	return nil, fmt.Errorf("%s:%d: want a mapping of keys at the top", name, root.Content[0].Line)
}

// yamlNodes counts the nodes of a YAML document as written (an alias is
// one node). A document may expand, through its aliases, to ten times as
// many values and 100,000 more: a few aliases of aliases can stand for
// billions.
func yamlNodes(n *yaml.Node) int {
	c := 1
	for _, x := range n.Content {
		c += yamlNodes(x)
	}
	return c
}

// yamlReader converts YAML nodes to the values encoding/json would give
// for the same document, with json.Number numbers. Errors start with the
// line number.
type yamlReader struct {
	budget   int                 // values still allowed
	aliasing map[*yaml.Node]bool // anchors being expanded
}

func (y *yamlReader) value(n *yaml.Node) (any, error) {
	if y.budget--; y.budget < 0 {
		return nil, fmt.Errorf("%d: the aliases expand the document to too many values (more than ten times its size)", n.Line)
	}
	switch n.Kind {
	case yaml.AliasNode:
		if y.aliasing[n.Alias] {
			return nil, fmt.Errorf("%d: alias *%s refers to itself", n.Line, n.Value)
		}
		if y.aliasing == nil {
			y.aliasing = map[*yaml.Node]bool{}
		}
		y.aliasing[n.Alias] = true
		v, err := y.value(n.Alias)
		delete(y.aliasing, n.Alias)
		return v, err
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		lines := make(map[string]int, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!merge" {
				return nil, fmt.Errorf("%d: want a plain key", k.Line)
			}
			if first, ok := lines[k.Value]; ok {
				return nil, fmt.Errorf("%d: key %q given twice (first on line %d)", k.Line, k.Value, first)
			}
			lines[k.Value] = k.Line
			v, err := y.value(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[k.Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		a := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := y.value(c)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		return a, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err != nil {
				return nil, fmt.Errorf("%d: %w", n.Line, err)
			}
			return b, nil
		case "!!int", "!!float":
			var f any
			if err := n.Decode(&f); err != nil {
				return nil, fmt.Errorf("%d: %w", n.Line, err)
			}
			switch x := f.(type) {
			case int:
				return json.Number(strconv.Itoa(x)), nil
			case int64:
				return json.Number(strconv.FormatInt(x, 10)), nil
			case uint64:
				return json.Number(strconv.FormatUint(x, 10)), nil
			case float64:
				if math.IsInf(x, 0) || math.IsNaN(x) {
					return nil, fmt.Errorf("%d: %s is not a number JSON can hold", n.Line, n.Value)
				}
				if isJSONNumber(n.Value) {
					return json.Number(n.Value), nil // as written: 66.9 stays 66.9
				}
				return json.Number(strconv.FormatFloat(x, 'g', -1, 64)), nil
			}
			return nil, fmt.Errorf("%d: %s: not a number", n.Line, n.Value)
		}
		return n.Value, nil // strings, and dates, which stay text
	}
	return nil, fmt.Errorf("%d: unexpected YAML node", n.Line)
}

func isJSONNumber(s string) bool {
	var n json.Number
	return json.Unmarshal([]byte(s), &n) == nil
}

// dataSource is one data file as loaded, kept to name the file and line of
// a value the schema rejects.
type dataSource struct {
	name    string
	content []byte
	doc     map[string]any
}

// dataSchema is the compiled schema, by its text (one in practice).
var dataSchema = struct {
	sync.Mutex
	m map[string]*jsonschema.Schema
}{m: map[string]*jsonschema.Schema{}}

func compileSchema(text []byte) (*jsonschema.Schema, error) {
	dataSchema.Lock()
	defer dataSchema.Unlock()
	if s, ok := dataSchema.m[string(text)]; ok {
		return s, nil
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("data/%s: %w", data.SchemaFile, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat() // "format": "date" is checked: 2024-02-30 is no date
	if err := c.AddResource(data.SchemaFile, doc); err != nil {
		return nil, err
	}
	s, err := c.Compile(data.SchemaFile)
	if err != nil {
		return nil, fmt.Errorf("data/%s: %w", data.SchemaFile, err)
	}
	dataSchema.m[string(text)] = s
	return s, nil
}

// DataError is a value in the data document that its schema rejects, with
// the file (and line, when known) that gave it.
type DataError struct {
	File string
	Line int    // 0: unknown
	Path string // the value's path in the data document, e.g. notices.x.effect
	Msg  string
}

func (e *DataError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc += ":" + strconv.Itoa(e.Line)
	}
	return fmt.Sprintf("%s: %s: %s", loc, cmp.Or(e.Path, "(top)"), e.Msg)
}

// maxDataErrors is how many schema errors a load reports.
const maxDataErrors = 20

// validateData checks the merged document against the schema. Every error
// names the file that gave the value (the last one that has its path) and,
// for YAML and JSON alike, the line of its key.
func validateData(schemaText []byte, doc map[string]any, sources []*dataSource) error {
	s, err := compileSchema(schemaText)
	if err != nil {
		return err
	}
	var schema any
	if err := json.Unmarshal(schemaText, &schema); err != nil {
		return err
	}
	misspelt := misspeltKeys(schema, doc, sources)
	err = s.Validate(doc)
	var ve *jsonschema.ValidationError
	if err == nil {
		return dataErrors(append(misspelt, checkReferences(doc, sources)...))
	}
	if !errors.As(err, &ve) {
		return err
	}
	p := message.NewPrinter(language.English)
	errs := misspelt
	var leaves func(e *jsonschema.ValidationError)
	report := func(at []string, msg string) {
		errs = append(errs, dataError(sources, msg, at...))
	}
	// causes is what the causes of e say, in one line.
	var causes func(e *jsonschema.ValidationError) []string
	causes = func(e *jsonschema.ValidationError) []string {
		if len(e.Causes) == 0 {
			return []string{e.ErrorKind.LocalizedString(p)}
		}
		var out []string
		for _, c := range e.Causes {
			out = append(out, causes(c)...)
		}
		return out
	}
	leaves = func(e *jsonschema.ValidationError) {
		switch k := e.ErrorKind.(type) {
		case *kind.PropertyNames: // the causes are about the key, at no location
			at := append(slices.Clone(e.InstanceLocation), k.Property)
			report(at, fmt.Sprintf("key %q: %s", k.Property, strings.Join(causes(e), "; ")))
			return
		case *kind.AnyOf:
			report(e.InstanceLocation, "want one of: "+strings.Join(causes(e), "; or "))
			return
		case *kind.AdditionalProperties: // each key on its own line, with what it may mean
			_, ptr, _ := strings.Cut(e.SchemaURL, "#")
			known := schemaKeys(schema, ptr)
			for _, k := range k.Properties {
				report(append(slices.Clone(e.InstanceLocation), k), fmt.Sprintf("unknown key %q%s", k, MeantKey(k, known)))
			}
			return
		}
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				leaves(c)
			}
			return
		}
		report(e.InstanceLocation, e.ErrorKind.LocalizedString(p))
	}
	leaves(ve)
	return dataErrors(errs)
}

// schemaKeys are the keys the schema at the JSON pointer ptr lists under
// properties: what a key it does not know may have been meant as.
func schemaKeys(schema any, ptr string) []string {
	v := schema
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		if tok == "" {
			continue
		}
		m, _ := v.(map[string]any)
		v = m[strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)]
	}
	m, _ := v.(map[string]any)
	props, _ := m["properties"].(map[string]any)
	return slices.Sorted(maps.Keys(props))
}

// misspeltKeys finds the keys one or two letters from a key the schema
// lists where they stand, in the document, a product, a country, a rule or
// a notice. A key of one's own is allowed there (a company's rules read
// their own data), but one so close to a key the policies read is a
// misspelling of it, and the field it meant would be read as absent: a
// figure unknown, a notice without its end.
func misspeltKeys(schema any, doc map[string]any, sources []*dataSource) []*DataError {
	var errs []*DataError
	look := func(v any, known []string, at ...string) {
		m, _ := v.(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if slices.Contains(known, k) {
				continue
			}
			if hint := MeantKey(k, known); hint != "" {
				errs = append(errs, dataError(sources, fmt.Sprintf("unknown key %q%s", k, hint), append(slices.Clone(at), k)...))
			}
		}
	}
	look(doc, schemaKeys(schema, ""))
	for _, x := range [][2]string{{"products", "product"}, {"countries", "country"}, {"rules", "rule"}, {"notices", "notice"}} {
		set, _ := doc[x[0]].(map[string]any)
		known := schemaKeys(schema, "/$defs/"+x[1])
		for _, id := range slices.Sorted(maps.Keys(set)) {
			look(set[id], known, x[0], id)
		}
	}
	return errs
}

// dataError is msg about the value at path, with the file and line that
// gave it.
func dataError(sources []*dataSource, msg string, at ...string) *DataError {
	de := &DataError{Path: strings.Join(at, "."), Msg: msg}
	if src := sourceOf(at, sources); src != nil {
		de.File, de.Line = src.name, src.line(at)
	}
	return de
}

// MeantKey is ": did you mean K?" for the known keys fewest edits from an
// unknown one (one or two, a letter swapped counting one; at most three),
// or "".
func MeantKey(s string, known []string) string {
	edits := map[string]int{}
	for _, k := range known {
		if n, ok := closeTo(s, k); ok {
			edits[k] = n
		}
	}
	out := fewestEdits(edits)
	if len(out) == 0 {
		return ""
	}
	return ": did you mean " + strings.Join(out, " or ") + "?"
}

// dataErrors sorts errs by file and line and makes one error of them.
func dataErrors(errs []*DataError) error {
	if len(errs) == 0 {
		return nil
	}
	sort.SliceStable(errs, func(i, j int) bool {
		a, b := errs[i], errs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Path < b.Path
	})
	errs = slices.CompactFunc(errs, func(a, b *DataError) bool { return *a == *b })
	out := make([]error, 0, min(len(errs), maxDataErrors)+1)
	for i, e := range errs {
		if i == maxDataErrors {
			out = append(out, fmt.Errorf("… and %d more", len(errs)-i))
			break
		}
		out = append(out, e)
	}
	return fmt.Errorf("%w:\n%w", ErrBadData, errors.Join(out...))
}

// checkReferences finds names the data uses that it does not define: a
// notice or a system naming a product that is not in products, a country
// code that is not in countries, a regime naming a rule that is not in
// rules. A JSON Schema cannot say these, and each would switch a control
// off without a word (a notice for "nvidia-h2O" applies to nothing). It
// runs on a document the schema accepted.
func checkReferences(doc map[string]any, sources []*dataSource) []*DataError {
	var errs []*DataError
	check := func(set string, name any, at ...string) {
		s, _ := name.(string)
		if defined, _ := doc[set].(map[string]any); defined != nil {
			if _, ok := defined[s]; ok {
				return
			}
		}
		de := &DataError{Path: strings.Join(at, "."), Msg: fmt.Sprintf("%q is not in %s", s, set)}
		if src := sourceOf(at, sources); src != nil {
			de.File, de.Line = src.name, src.line(at)
		}
		errs = append(errs, de)
	}
	each := func(v any, f func(i string, x any)) {
		switch v := v.(type) {
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(v)) {
				f(k, v[k])
			}
		case []any:
			for i, x := range v {
				f(strconv.Itoa(i), x)
			}
		}
	}
	field := func(v any, k string) any {
		m, _ := v.(map[string]any)
		return m[k]
	}
	// A period that ends before it starts holds no day: a date typo that
	// would switch the membership or the notice off without a word.
	period := func(from, until any, at ...string) {
		f, _ := from.(string)
		u, _ := until.(string)
		if f == "" || u == "" || f < u {
			return
		}
		errs = append(errs, dataError(sources, fmt.Sprintf("until %s is not after %s %s: the period holds no day", u, at[len(at)-1], f), at...))
	}
	each(doc["countries"], func(code string, c any) {
		each(field(c, "groups"), func(g string, periods any) {
			each(periods, func(i string, p any) {
				period(field(p, "from"), field(p, "until"), "countries", code, "groups", g, i, "from")
			})
		})
	})
	each(doc["notices"], func(id string, n any) {
		period(field(n, "effective"), field(n, "until"), "notices", id, "effective")
		each(field(n, "products"), func(i string, p any) { check("products", p, "notices", id, "products", i) })
		for _, k := range []string{"destinations", "headquarters"} {
			each(field(n, k), func(i string, c any) { check("countries", c, "notices", id, k, i) })
		}
	})
	each(doc["products"], func(id string, p any) {
		each(field(p, "components"), func(i string, c any) {
			check("products", field(c, "product"), "products", id, "components", i, "product")
		})
	})
	each(doc["countries"], func(code string, c any) {
		if t := field(c, "treated_as"); t != nil {
			check("countries", t, "countries", code, "treated_as")
		}
	})
	each(field(doc["sanctions"], "countries"), func(code string, _ any) {
		check("countries", code, "sanctions", "countries", code)
	})
	each(field(doc["review_policy_2026"], "destinations"), func(i string, c any) {
		check("countries", c, "review_policy_2026", "destinations", i)
	})
	each(doc["unknown_headquarters"], func(i string, c any) { check("countries", c, "unknown_headquarters", i) })
	each(doc["regimes"], func(id string, r any) {
		each(field(r, "includes_unenforced"), func(i string, x any) { check("rules", x, "regimes", id, "includes_unenforced", i) })
		each(field(r, "excludes"), func(i string, x any) {
			if !ownershipPeriods(doc)[str(x)] {
				at := []string{"regimes", id, "excludes", i}
				de := &DataError{Path: strings.Join(at, "."), Msg: fmt.Sprintf("%q is not a period of data.ownership.rules", str(x))}
				if src := sourceOf(at, sources); src != nil {
					de.File, de.Line = src.name, src.line(at)
				}
				errs = append(errs, de)
			}
		})
	})
	return errs
}

// ownershipPeriods are the ids of the in-force periods of data.ownership.rules.
func ownershipPeriods(doc map[string]any) map[string]bool {
	ids := map[string]bool{}
	rules, _ := doc["ownership"].(map[string]any)["rules"].(map[string]any)
	for _, r := range rules {
		for _, p := range anyList(r.(map[string]any)["in_force"]) {
			if m, ok := p.(map[string]any); ok {
				ids[str(m["id"])] = true
			}
		}
	}
	return ids
}

// ErrBadData is the error of a data document that does not match its
// schema, or names what it does not define.
var ErrBadData = errors.New("invalid data (see data/schema.json)")

// ErrNoPolicies is the error of a checker whose policy tree holds no Rego
// files: nothing would judge the orders.
var ErrNoPolicies = errors.New("no Rego files")

// sourceOf is the file that gave the value at path: the last loaded that
// has the whole path, else the last that has the longest part of it.
func sourceOf(at []string, sources []*dataSource) *dataSource {
	var best *dataSource
	bestN := -1
	for i := len(sources) - 1; i >= 0; i-- {
		n := depth(sources[i].doc, at)
		if n == len(at) {
			return sources[i]
		}
		if n > bestN {
			best, bestN = sources[i], n
		}
	}
	return best
}

// depth is how many steps of path v has.
func depth(v any, at []string) int {
	for i, k := range at {
		switch x := v.(type) {
		case map[string]any:
			c, ok := x[k]
			if !ok {
				return i
			}
			v = c
		case []any:
			j, err := strconv.Atoi(k)
			if err != nil || j < 0 || j >= len(x) {
				return i
			}
			v = x[j]
		default:
			return i
		}
	}
	return len(at)
}

// line is the line of the value at path in the file (of its key, for a
// mapping entry), or of the deepest part of the path the file has; 0 when
// the file cannot be read as YAML (JSON is YAML).
func (s *dataSource) line(at []string) int {
	var root yaml.Node
	if yaml.Unmarshal(s.content, &root) != nil || len(root.Content) == 0 {
		return 0
	}
	n, line := root.Content[0], root.Content[0].Line
	for _, k := range at {
		for n.Kind == yaml.AliasNode {
			n = n.Alias
		}
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == k {
					line, next = n.Content[i].Line, n.Content[i+1]
				}
			}
		case yaml.SequenceNode:
			if j, err := strconv.Atoi(k); err == nil && j >= 0 && j < len(n.Content) {
				next = n.Content[j]
				line = next.Line
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	return line
}

// merge deep-merges src into dst; objects merge key by key, anything else
// in src replaces what dst had.
func merge(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				merge(dm, sm)
				continue
			}
		}
		dst[k] = v
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Retention is how long records are kept, as the data says (15 CFR 762.6).
type Retention struct {
	Years    int    // whole years from the export (the latest ship date)
	Citation string // e.g. 15 CFR 762.6(a)
}

// Until is the day records of an export on date (YYYY-MM-DD) may be
// destroyed from.
func (r Retention) Until(date time.Time) time.Time { return date.AddDate(r.Years, 0, 0) }

// Retention reads data.recordkeeping (the schema requires it).
func (b *Bundle) Retention() (Retention, error) {
	years, cit, err := b.yearsCited("recordkeeping", "retention_years")
	return Retention{Years: years, Citation: cit}, err
}

// yearsCited reads data[key][field], whole years (at least 1), and
// data[key].citation.
func (b *Bundle) yearsCited(key, field string) (int, string, error) {
	m, _ := b.Data[key].(map[string]any)
	n, _ := m[field].(json.Number)
	years, err := n.Int64()
	cit, _ := m["citation"].(string)
	if err != nil || years < 1 || cit == "" {
		return 0, "", fmt.Errorf("data: %s: want %s (whole years, at least 1) and citation", key, field)
	}
	return int(years), cit, nil
}

// LicenceValidity is how long a BIS licence is valid from its issue
// unless it says otherwise, as the data says (15 CFR 750.7(g)).
type LicenceValidity struct {
	Years    int    // whole years from the day it was issued
	Citation string // e.g. 15 CFR 750.7(g)
}

// LicenceValidity reads data.licence_validity (the schema requires it).
func (b *Bundle) LicenceValidity() (LicenceValidity, error) {
	years, cit, err := b.yearsCited("licence_validity", "years")
	return LicenceValidity{Years: years, Citation: cit}, err
}

// isDir says, in the flag's terms, why dir cannot be read as a directory
// of policies or data: none there, or a file (give its directory).
func isDir(flag, dir string) error {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s %s: no such directory", flag, dir)
	case err != nil:
		return fmt.Errorf("%s %s: %w", flag, dir, err)
	case !st.IsDir():
		return fmt.Errorf("%s %s: not a directory (give the directory that holds the files)", flag, dir)
	}
	return nil
}
