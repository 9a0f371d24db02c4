package checker

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ExpectedChangesFile is the file in a --policy directory that lists the
// built-in Rego tests the company's rules are meant to change (verify).
const ExpectedChangesFile = "verify.yaml"

// ExpectedChange is a built-in Rego test a company lists as one its
// --policy rules change on purpose: it passes with the embedded policies
// alone and fails with the company's, and the run does not fail for it.
type ExpectedChange struct {
	Test   string `json:"test"`   // data.PACKAGE.test_NAME
	Reason string `json:"reason"` // why the company's rules change it
	File   string `json:"file"`   // the verify.yaml that lists it
	Line   int    `json:"line"`
}

// Where is the file and line that list the change.
func (e ExpectedChange) Where() string { return fmt.Sprintf("%s:%d", e.File, e.Line) }

// ReadExpectedChanges reads DIR/verify.yaml of each --policy directory
// that has one:
//
//	expected_changes:
//	  - test: data.exportcheck_test.test_l40_to_uae_aca
//	    reason: Acme reviews 3A090 to the Gulf by hand
//
// Every entry names a test and a reason; a key of any other name, a test
// listed twice or an entry without a reason is an error with file:line.
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
				return nil, fmt.Errorf("%s: %s is listed already, at %s", e.Where(), e.Test, prev.Where())
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
	if len(root.Content) == 0 {
		return nil, fmt.Errorf("%s:1: empty: want expected_changes, a list of {test, reason}", name)
	}
	fail := func(n *yaml.Node, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", name, n.Line, fmt.Sprintf(format, args...))
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, fail(doc, "want a mapping with the key expected_changes")
	}
	var list *yaml.Node
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		if k.Value != "expected_changes" {
			return nil, fail(k, "unknown key %q: the file takes expected_changes only%s", k.Value, MeantKey(k.Value, []string{"expected_changes"}))
		}
		list = v
	}
	if list == nil {
		return nil, fail(doc, "no expected_changes")
	}
	if list.Kind != yaml.SequenceNode {
		return nil, fail(list, "expected_changes: want a list of {test, reason}")
	}
	var out []ExpectedChange
	for i, item := range list.Content {
		if item.Kind != yaml.MappingNode {
			return nil, fail(item, "expected_changes[%d]: want {test, reason}", i)
		}
		e := ExpectedChange{File: name, Line: item.Line}
		for j := 0; j+1 < len(item.Content); j += 2 {
			k, v := item.Content[j], item.Content[j+1]
			if k.Value != "test" && k.Value != "reason" {
				return nil, fail(k, "expected_changes[%d]: unknown key %q: an entry takes test and reason%s", i, k.Value, MeantKey(k.Value, []string{"test", "reason"}))
			}
			if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!str" || strings.TrimSpace(v.Value) == "" {
				return nil, fail(v, "expected_changes[%d].%s: want text", i, k.Value)
			}
			if k.Value == "test" {
				e.Test = strings.TrimSpace(v.Value)
			} else {
				e.Reason = strings.TrimSpace(v.Value)
			}
		}
		switch {
		case e.Test == "":
			return nil, fail(item, "expected_changes[%d]: no test (data.PACKAGE.test_NAME, as verify names it)", i)
		case e.Reason == "":
			return nil, fail(item, "expected_changes[%d]: %s has no reason: say why your rules change it", i, e.Test)
		}
		out = append(out, e)
	}
	return out, nil
}
