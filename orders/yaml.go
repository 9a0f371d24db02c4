package orders

import (
	"fmt"
	"io"

	"go.yaml.in/yaml/v3"

	"github.com/exportcheck/exportcheck/checker"
)

// readYAML reads a sequence of orders or a mapping with an "orders"
// sequence; lines are the line each order starts on.
func readYAML(r io.Reader, path string, yield func(checker.Order, error) bool) {
	var doc yaml.Node
	if err := yaml.NewDecoder(r).Decode(&doc); err != nil {
		yield(checker.Order{File: path}, &checker.InputError{File: path, Err: fmt.Errorf("%w: %v", checker.ErrBadInput, err)})
		return
	}
	n := &doc
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind == yaml.MappingNode {
		var seq *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "orders" {
				seq = n.Content[i+1]
			}
		}
		n = seq
	}
	if n == nil || n.Kind != yaml.SequenceNode {
		yield(checker.Order{File: path, Line: 1}, &checker.InputError{File: path, Line: 1, Err: fmt.Errorf("%w: want a list of orders or a mapping with an \"orders\" list", checker.ErrBadInput)})
		return
	}
	for _, item := range n.Content {
		var m map[string]any
		if err := item.Decode(&m); err != nil || item.Kind != yaml.MappingNode {
			if err == nil {
				err = fmt.Errorf("an order must be a mapping")
			}
			if !yield(checker.Order{File: path, Line: item.Line}, &checker.InputError{File: path, Line: item.Line, Err: fmt.Errorf("%w: %v", checker.ErrBadInput, err)}) {
				return
			}
			continue
		}
		if !yield(fromMap(path, item.Line, m), nil) {
			return
		}
	}
}
