package checker

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/util"
	"sigs.k8s.io/yaml"

	"github.com/exportcheck/exportcheck/data"
	"github.com/exportcheck/exportcheck/policies"
)

// Bundle is the set of policies and data a checker evaluates with: the
// embedded ones, plus any directories given in Options.
type Bundle struct {
	Modules  map[string]string // path -> Rego source (tests excluded)
	Tests    map[string]string // path -> Rego source of *_test.rego files
	Data     map[string]any    // the merged data document
	Revision string            // sha256 over every policy and data file used, hex
	Files    []string          // the files that made the bundle, in load order
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
	b := &Bundle{Modules: map[string]string{}, Tests: map[string]string{}, Data: map[string]any{}}
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
		if err := walk(os.DirFS(dir), ".", ".rego", func(p string, content []byte) error {
			b.put(p, string(content))
			return nil
		}); err != nil {
			return nil, fmt.Errorf("--policy %s: %w", dir, err)
		}
	}
	for _, name := range sortedKeys(b.Modules) {
		add("policy", name, []byte(b.Modules[name]))
	}
	// Data.
	load := func(fsys fs.FS, label string) error {
		var files []string
		for _, ext := range []string{".yaml", ".yml", ".json"} {
			if err := walk(fsys, ".", ext, func(p string, _ []byte) error {
				files = append(files, p)
				return nil
			}); err != nil {
				return err
			}
		}
		sort.Strings(files)
		for _, p := range files {
			content, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			doc, err := parseDocument(p, content)
			if err != nil {
				return fmt.Errorf("%s: %w", path.Join(label, p), err)
			}
			merge(b.Data, doc)
			add("data", path.Join(label, p), content)
		}
		return nil
	}
	if err := load(dataFS, "data"); err != nil {
		return nil, err
	}
	for _, dir := range dataDirs {
		if err := load(os.DirFS(dir), dir); err != nil {
			return nil, fmt.Errorf("--data %s: %w", dir, err)
		}
	}
	b.Revision = hex.EncodeToString(h.Sum(nil))
	return b, nil
}

func (b *Bundle) put(p, src string) {
	if strings.HasSuffix(p, "_test.rego") {
		b.Tests[p] = src
		return
	}
	b.Modules[p] = src
}

// ShortRevision is the first 12 hex digits of the revision.
func (b *Bundle) ShortRevision() string { return b.Revision[:12] }

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
// with json.Number numbers (as OPA expects).
func parseDocument(name string, content []byte) (map[string]any, error) {
	js := content
	if !strings.HasSuffix(name, ".json") {
		var err error
		if js, err = yaml.YAMLToJSON(content); err != nil {
			return nil, err
		}
	}
	var doc map[string]any
	if err := util.UnmarshalJSON(js, &doc); err != nil {
		return nil, err
	}
	return doc, nil
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
