package orders

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/exportcheck/exportcheck/checker"
)

// readJSON reads an array of orders or {"orders": [...]}; lines are the
// line each object starts on.
func readJSON(r io.Reader, path string, yield func(checker.Order, error) bool) {
	b, err := io.ReadAll(r)
	if err != nil {
		yield(checker.Order{File: path}, &checker.InputError{File: path, Err: err})
		return
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	valid := invalidUTF8(b) < 0
	// lineAt counts lines from the last offset asked for: offsets mostly
	// grow, and counting from the start each time is quadratic.
	lastOff, lastLine := int64(0), 1
	lineAt := func(off int64) int {
		if off < lastOff {
			lastOff, lastLine = 0, 1
		}
		lastLine += bytes.Count(b[lastOff:off], []byte("\n"))
		lastOff = off
		return lastLine
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	bad := func(off int64, err error) {
		l := lineAt(off)
		yield(checker.Order{File: path, Line: l}, &checker.InputError{File: path, Line: l, Err: fmt.Errorf("%w: %v", checker.ErrBadInput, err)})
	}
	tok, err := dec.Token()
	if err != nil {
		bad(dec.InputOffset(), err)
		return
	}
	if tok == json.Delim('{') {
		// Find the "orders" key.
		for {
			k, err := dec.Token()
			if err != nil || k == json.Delim('}') {
				bad(dec.InputOffset(), fmt.Errorf("want an array of orders or {\"orders\": [...]}"))
				return
			}
			if k == "orders" {
				break
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				bad(dec.InputOffset(), err)
				return
			}
		}
		if tok, err = dec.Token(); err != nil {
			bad(dec.InputOffset(), err)
			return
		}
	}
	if tok != json.Delim('[') {
		bad(dec.InputOffset(), fmt.Errorf("want an array of orders or {\"orders\": [...]}"))
		return
	}
	for dec.More() {
		off := dec.InputOffset()
		// Skip the separator and white space to the object's first byte.
		for off < int64(len(b)) && (b[off] == ',' || b[off] == ' ' || b[off] == '\n' || b[off] == '\r' || b[off] == '\t') {
			off++
		}
		obj := newObject(path, lineAt(off))
		if err := decodeObject(dec, obj, lineAt); err != nil {
			bad(dec.InputOffset(), err)
			return
		}
		o, err := obj.order()
		if !valid {
			// encoding/json would read such bytes as U+FFFD.
			if at := invalidUTF8(b[off:dec.InputOffset()]); at >= 0 {
				o, err = checker.Order{File: path, Line: lineAt(off + int64(at))}, utf8Error(path, lineAt(off+int64(at)), b[off+int64(at)])
			}
		}
		if !yield(o, err) {
			return
		}
	}
}

// decodeObject reads one JSON object key by key into obj; an error is one
// of syntax, after which the decoder cannot go on.
func decodeObject(dec *json.Decoder, obj *object, lineAt func(int64) int) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('{') {
		return fmt.Errorf("an order must be an object, not %v", describeToken(tok))
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return err
		}
		name, _ := k.(string)
		line := lineAt(dec.InputOffset())
		var v any
		if err := dec.Decode(&v); err != nil {
			return err
		}
		switch v.(type) {
		case map[string]any, []any:
			raw, _ := json.Marshal(v)
			obj.add(name, line, string(raw), false)
		default:
			obj.add(name, line, scalar(v), true)
		}
	}
	_, err = dec.Token() // '}'
	return err
}

func describeToken(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			return "an array"
		}
		return string(t)
	case string:
		return fmt.Sprintf("the string %q", t)
	case nil:
		return "null"
	default:
		return fmt.Sprint(t)
	}
}

// readJSONL reads one JSON object per line; blank lines are skipped.
func readJSONL(r io.Reader, path string, yield func(checker.Order, error) bool) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if line == 1 {
			text = bytes.TrimPrefix(text, []byte("\xef\xbb\xbf"))
		}
		if len(text) == 0 {
			continue
		}
		if at := invalidUTF8(text); at >= 0 {
			if !yield(checker.Order{File: path, Line: line}, utf8Error(path, line, text[at])) {
				return
			}
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.UseNumber()
		obj := newObject(path, line)
		err := decodeObject(dec, obj, func(int64) int { return line })
		if err == nil {
			if _, end := dec.Token(); end != io.EOF {
				err = fmt.Errorf("one object per line: more follows the object")
			}
		}
		if err != nil {
			if !yield(checker.Order{File: path, Line: line}, &checker.InputError{File: path, Line: line, Err: fmt.Errorf("%w: %v", checker.ErrBadInput, err)}) {
				return
			}
			continue
		}
		if !yield(obj.order()) {
			return
		}
	}
	if err := sc.Err(); err != nil {
		yield(checker.Order{File: path, Line: line + 1}, &checker.InputError{File: path, Line: line + 1, Err: err})
	}
}
