package checker

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ExpectedChangesFile is the file in a --policy directory that lists the
// built-in Rego tests the company's rules are meant to change (verify).
const ExpectedChangesFile = "verify.yaml"

// ExpectedChange is a built-in Rego test a company lists as one its
// --policy rules change on purpose: it passes with the embedded policies
// alone and fails with the company's, and the run does not fail for it.
// Listed under expected_removals (Removal), it is one the company's
// --policy no longer runs: it replaces the built-in test file that has it
// with one that does not have it as built in.
type ExpectedChange struct {
	Test    string `json:"test"`   // data.PACKAGE.test_NAME
	Reason  string `json:"reason"` // why the company's rules change it
	File    string `json:"file"`   // the verify.yaml that lists it
	Line    int    `json:"line"`
	Removal bool   `json:"removal,omitempty"` // listed under expected_removals
}

// listKey is the key of verify.yaml that lists the entry.
func (e ExpectedChange) listKey() string {
	if e.Removal {
		return "expected_removals"
	}
	return "expected_changes"
}

// Where is the file and line that list the change.
func (e ExpectedChange) Where() string { return fmt.Sprintf("%s:%d", e.File, e.Line) }

// ReadExpectedChanges reads DIR/verify.yaml of each --policy directory
// that has one:
//
//	expected_changes:
//	  - test: data.exportcheck_test.test_l40_to_uae_aca
//	    reason: Acme reviews 3A090 to the Gulf by hand
//	expected_removals:
//	  - test: data.exportcheck.names_test.test_same_party
//	    reason: Acme matches parties by its own register (names_test.rego replaced)
//
// Either list may be left out. Every entry names a test and a reason; a
// key of any other name, a test listed twice (in either list) or an entry
// without a reason is an error with file:line.
// Whether each names a built-in test is known when the tests run.
func ReadExpectedChanges(dirs []string) ([]ExpectedChange, error) {
	var out []ExpectedChange
	seen := map[string]ExpectedChange{}
	for _, dir := range dirs {
		name := filepath.Join(dir, ExpectedChangesFile)
		content, err := os.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		list, err := parseExpectedChanges(name, content)
		if err != nil {
			return nil, err
		}
		for _, e := range list {
			if prev, ok := seen[e.Test]; ok {
				return nil, fmt.Errorf("%s: %s is listed already, at %s%s", e.Where(), e.Test, prev.Where(), map[bool]string{true: " (under " + prev.listKey() + ")"}[prev.Removal != e.Removal])
			}
			seen[e.Test] = e
			out = append(out, e)
		}
	}
	return out, nil
}

func parseExpectedChanges(name string, content []byte) ([]ExpectedChange, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(content, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	keys := []string{"expected_changes", "expected_removals"}
	if len(root.Content) == 0 {
		return nil, fmt.Errorf("%s:1: empty: want expected_changes or expected_removals, each a list of {test, reason}", name)
	}
	fail := func(n *yaml.Node, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", name, n.Line, fmt.Sprintf(format, args...))
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, fail(doc, "want a mapping with the keys expected_changes and expected_removals")
	}
	var out []ExpectedChange
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, list := doc.Content[i], doc.Content[i+1]
		if !slices.Contains(keys, k.Value) {
			return nil, fail(k, "unknown key %q: the file takes expected_changes and expected_removals only%s", k.Value, MeantKey(k.Value, keys))
		}
		if list.Kind != yaml.SequenceNode {
			return nil, fail(list, "%s: want a list of {test, reason}", k.Value)
		}
		for j, item := range list.Content {
			e, err := parseExpectedEntry(name, k.Value, j, item)
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		}
	}
	if len(doc.Content) == 0 {
		return nil, fail(doc, "no expected_changes or expected_removals")
	}
	return out, nil
}

// parseExpectedEntry reads entry i of the list under key.
func parseExpectedEntry(name, key string, i int, item *yaml.Node) (ExpectedChange, error) {
	fail := func(n *yaml.Node, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s[%d]%s", name, n.Line, key, i, fmt.Sprintf(format, args...))
	}
	if item.Kind != yaml.MappingNode {
		return ExpectedChange{}, fail(item, ": want {test, reason}")
	}
	e := ExpectedChange{File: name, Line: item.Line, Removal: key == "expected_removals"}
	for j := 0; j+1 < len(item.Content); j += 2 {
		k, v := item.Content[j], item.Content[j+1]
		if k.Value != "test" && k.Value != "reason" {
			return e, fail(k, ": unknown key %q: an entry takes test and reason%s", k.Value, MeantKey(k.Value, []string{"test", "reason"}))
		}
		if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!str" || strings.TrimSpace(v.Value) == "" {
			return e, fail(v, ".%s: want text", k.Value)
		}
		if k.Value == "test" {
			e.Test = strings.TrimSpace(v.Value)
		} else {
			e.Reason = strings.TrimSpace(v.Value)
		}
	}
	why := "change it"
	if e.Removal {
		why = "no longer run it"
	}
	switch {
	case e.Test == "":
		return e, fail(item, ": no test (data.PACKAGE.test_NAME, as verify names it)")
	case e.Reason == "":
		return e, fail(item, ": %s has no reason: say why your rules %s", e.Test, why)
	}
	return e, nil
}
