package orders

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/exportcheck/exportcheck/checker"
)

func sortStrings(s []string) { sort.Strings(s) }

// readJSON reads an array of orders or {"orders": [...]}; lines are the
// line each object starts on.
func readJSON(r io.Reader, path string, yield func(checker.Order, error) bool) {
	b, err := io.ReadAll(r)
	if err != nil {
		yield(checker.Order{File: path}, &checker.InputError{File: path, Err: err})
		return
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	lineAt := func(off int64) int { return bytes.Count(b[:off], []byte("\n")) + 1 }
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
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			bad(off, err)
			return
		}
		if !yield(fromMap(path, lineAt(off), m), nil) {
			return
		}
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
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.UseNumber()
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			if !yield(checker.Order{File: path, Line: line}, &checker.InputError{File: path, Line: line, Err: fmt.Errorf("%w: %v", checker.ErrBadInput, err)}) {
				return
			}
			continue
		}
		if !yield(fromMap(path, line, m), nil) {
			return
		}
	}
	if err := sc.Err(); err != nil {
		yield(checker.Order{File: path, Line: line + 1}, &checker.InputError{File: path, Line: line + 1, Err: err})
	}
}
