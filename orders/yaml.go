package orders

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/internal/yamlerr"
)

// readYAML reads a sequence of orders or a mapping with an "orders"
// sequence; lines are the line each order starts on. Values are read as
// written (2024-06-01 is the date, 007 keeps its zeros), not as the YAML
// types they resolve to.
func readYAML(r io.Reader, path string, yield func(checker.Order, error) bool) {
	b, err := io.ReadAll(r)
	if err != nil {
		yield(checker.Order{File: path}, &checker.InputError{File: path, Err: err})
		return
	}
	// The YAML parser stops at the first byte that is not UTF-8 without
	// saying where: find such lines first, parse with them replaced, and
	// report the orders they fall in.
	var badLines []int
	var badBytes []byte
	if invalidUTF8(b) >= 0 {
		for i, l := range bytes.Split(b, []byte("\n")) {
			if at := invalidUTF8(l); at >= 0 {
				badLines, badBytes = append(badLines, i+1), append(badBytes, l[at])
			}
		}
		b = bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		line, msg := yamlerr.Locate(err, b)
		yield(checker.Order{File: path, Line: line}, &checker.InputError{File: path, Line: line, Err: fmt.Errorf("%w: not YAML: %s", checker.ErrBadInput, msg), Unread: true})
		return
	}
	// One document: the lines of a second (after ---) would otherwise be
	// dropped without a word.
	var more yaml.Node
	if err := dec.Decode(&more); err != io.EOF {
		line := 1
		if err == nil {
			line = max(more.Line, 1)
			if len(more.Content) > 0 {
				line = more.Content[0].Line
			}
		}
		yield(checker.Order{File: path, Line: line}, &checker.InputError{File: path, Line: line, Err: fmt.Errorf("%w: a second YAML document (after ---): put every order in one list", checker.ErrBadInput), Unread: true})
		return
	}
	n := &doc
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind == yaml.MappingNode {
		var seq *yaml.Node
		var other []*yaml.Node // keys beside "orders"
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value != "orders" {
				if n.Content[i+1].Anchor == "" { // a key holding anchors for the orders' merge keys has its place
					other = append(other, n.Content[i])
				}
				continue
			}
			if seq != nil {
				line := n.Content[i].Line
				yield(checker.Order{File: path, Line: line}, &checker.InputError{File: path, Line: line, Err: fmt.Errorf("%w: %v", checker.ErrBadInput, errSecondOrders), Unread: true})
				return
			}
			seq = n.Content[i+1]
		}
		if seq != nil {
			for _, k := range other {
				if !yield(checker.Order{File: path, Line: k.Line}, &checker.InputError{File: path, Line: k.Line, Err: fmt.Errorf("%w: %v", checker.ErrBadInput, besideOrders(k.Value))}) {
					return
				}
			}
		}
		n = seq
	}
	if n == nil || n.Kind != yaml.SequenceNode {
		yield(checker.Order{File: path, Line: 1}, &checker.InputError{File: path, Line: 1, Err: fmt.Errorf("%w: want a list of orders or a mapping with an \"orders\" list", checker.ErrBadInput), Unread: true})
		return
	}
	bad := 0 // next entry of badLines
	for i, item := range n.Content {
		end := int(^uint(0) >> 1)
		if i+1 < len(n.Content) {
			end = n.Content[i+1].Line
		}
		var o checker.Order
		var err error
		for bad < len(badLines) && badLines[bad] < end {
			if err == nil {
				o, err = checker.Order{File: path, Line: badLines[bad]}, utf8Error(path, badLines[bad], badBytes[bad])
			} else if !yield(checker.Order{File: path, Line: badLines[bad]}, utf8Error(path, badLines[bad], badBytes[bad])) {
				return
			}
			bad++
		}
		if err == nil {
			o, err = yamlOrder(path, item)
		}
		if !yield(o, err) {
			return
		}
	}
}

// yamlOrder builds an order from one mapping node, merge keys (<<) included.
func yamlOrder(path string, item *yaml.Node) (checker.Order, error) {
	item = resolve(item)
	if item.Kind != yaml.MappingNode {
		return checker.Order{File: path, Line: item.Line}, &checker.InputError{File: path, Line: item.Line, Err: fmt.Errorf("%w: an order must be a mapping", checker.ErrBadInput)}
	}
	obj := newObject(path, item.Line)
	explicit := map[string]bool{}
	for i := 0; i+1 < len(item.Content); i += 2 {
		if k := item.Content[i]; k.ShortTag() != "!!merge" {
			explicit[k.Value] = true
		}
	}
	var add func(m *yaml.Node, merged bool, depth int)
	add = func(m *yaml.Node, merged bool, depth int) {
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i], resolve(m.Content[i+1])
			if k.ShortTag() == "!!merge" {
				if depth > 8 {
					obj.fail(k.Line, fmt.Errorf("%w: merge keys nested too deep", checker.ErrBadInput))
					continue
				}
				switch v.Kind {
				case yaml.MappingNode:
					add(v, true, depth+1)
				case yaml.SequenceNode:
					for _, s := range v.Content {
						if s = resolve(s); s.Kind == yaml.MappingNode {
							add(s, true, depth+1)
						}
					}
				}
				continue
			}
			if merged && explicit[k.Value] {
				continue // an explicit key overrides a merged one
			}
			if v.Kind == yaml.ScalarNode {
				value := v.Value
				if v.ShortTag() == "!!null" {
					value = ""
				}
				obj.add(k.Value, k.Line, strings.TrimSpace(value), true)
				if v.ShortTag() == "!!bool" && canonical[checker.ColumnKey(k.Value)] != "" {
					// An unquoted true or false is no product, country,
					// date or name, as in JSON: an end user false would be
					// screened as the name "false" and pass.
					obj.fail(k.Line, fmt.Errorf("%w: key %q: want text or a number, not %s (quote it if it is a name: %q)", checker.ErrBadInput, k.Value, value, value))
				}
				continue
			}
			var x any
			_ = v.Decode(&x)
			obj.add(k.Value, k.Line, scalar(x), false)
		}
	}
	add(item, false, 0)
	return obj.order()
}

// resolve follows aliases.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 16; i++ {
		n = n.Alias
	}
	return n
}
