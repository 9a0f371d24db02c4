package orders

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/exportcheck/exportcheck/checker"
)

// readJSON reads an array of orders or {"orders": [...]}; lines are the
// line each object starts on.
func readJSON(r io.Reader, path string, length int, yield func(checker.Order, error) bool) {
	// Read whole, into a buffer of the input's size when it is known.
	buf := bytes.NewBuffer(make([]byte, 0, max(length, 0)+bytes.MinRead))
	_, err := buf.ReadFrom(r)
	b := buf.Bytes()
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
	bad := func(off int64, err error) bool {
		l := lineAt(off)
		return yield(checker.Order{File: path, Line: l}, &checker.InputError{File: path, Line: l, Err: fmt.Errorf("%w: %v", checker.ErrBadInput, err)})
	}
	if fastJSON && json.Valid(b) {
		if walkBook(b, path, valid, lineAt, bad, yield) {
			return
		}
		lastOff, lastLine = 0, 1
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		bad(dec.InputOffset(), err)
		return
	}
	wrapped := tok == json.Delim('{')
	if wrapped {
		// Find the "orders" key; the keys before it are errors once it is
		// found (an object without one is no book: one error for it).
		open := int64(skipSpace(b, 0))
		type key struct {
			name string
			at   int64
		}
		var before []key
		besides := func() bool {
			for _, k := range before {
				if !bad(k.at, besideOrders(k.name)) {
					return false
				}
			}
			return true
		}
		for {
			k, err := dec.Token()
			if err == nil && k == json.Delim('}') {
				bad(open, fmt.Errorf("want an array of orders or {\"orders\": [...]}, not an object without \"orders\" (one order is [{...}]; one order a line is --input-format jsonl)"))
				return
			}
			if err != nil {
				if besides() {
					bad(dec.InputOffset(), fmt.Errorf("want an array of orders or {\"orders\": [...]}"))
				}
				return
			}
			if k == "orders" {
				break
			}
			name, _ := k.(string)
			before = append(before, key{name, dec.InputOffset()})
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				if besides() {
					bad(dec.InputOffset(), err)
				}
				return
			}
		}
		if !besides() {
			return
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
		err := decodeOrder(dec, obj, lineAt)
		if no := (*notObject)(nil); errors.As(err, &no) {
			// Read whole, and not an order: an error for it alone.
			l := lineAt(off)
			if !yield(checker.Order{File: path, Line: l}, &checker.InputError{File: path, Line: l, Err: fmt.Errorf("%w: %v", checker.ErrBadInput, err)}) {
				return
			}
			continue
		}
		if err != nil {
			// The line of the error: where the syntax broke, or the end.
			at := dec.InputOffset()
			var se *json.SyntaxError
			switch {
			case errors.As(err, &se):
				at = se.Offset
			case errors.Is(err, io.ErrUnexpectedEOF): // after the last thing written
				at = int64(len(bytes.TrimRight(b, " \t\r\n")))
			}
			bad(at, err)
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
	// The end: "]", the keys after "orders" and "}", then nothing.
	end := func() error {
		if tok, err := dec.Token(); err != nil || tok != json.Delim(']') {
			return fmt.Errorf("want , or ] after an order")
		}
		if wrapped {
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				name, _ := k.(string)
				return besideOrders(name)
			}
			if _, err := dec.Token(); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != io.EOF {
			return fmt.Errorf("text after the orders")
		}
		return nil
	}
	if err := end(); err != nil {
		bad(dec.InputOffset(), err)
	}
}

// errSecondOrders: a book {"orders": [...], "orders": [...]} (a decoder
// would keep one list and drop the other's lines without a word).
// notObject is an entry of a book that is not an object: an error for it
// alone, after which the next entry is read.
type notObject struct{ what string }

func (e *notObject) Error() string { return "an order must be an object, not " + e.what }

var errSecondOrders = errors.New(`a second "orders" key: put every order in one list`)

// besideOrders is the error of a key beside "orders" in {"orders": [...]}:
// orders under another key ("Orders", "lines") would go unread, and a
// book's other data has no place there.
func besideOrders(name string) error {
	if name == "orders" {
		return errSecondOrders
	}
	return fmt.Errorf(`key %q beside "orders": a book is an array of orders, or {"orders": [...]} and nothing else`, validUTF8(name))
}

// validUTF8 is s with each byte that is not UTF-8 read as U+FFFD, as
// encoding/json reads a string: both readers of a book name a key alike.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s { // an invalid byte ranges as RuneError, one at a time
		b.WriteRune(r)
	}
	return b.String()
}

// fastJSON: a book that is valid JSON as a whole is walked over its
// bytes (walkBook) rather than read through a json.Decoder; a test turns
// it off to compare the two.
var fastJSON = true

// walkBook reads the orders of b, valid JSON, as the decoder path of
// readJSON does, and reports false, having yielded nothing, when b is not
// an array of orders or {"orders": [...]} (the decoder path then says
// why).
func walkBook(b []byte, path string, valid bool, lineAt func(int64) int, bad func(int64, error) bool, yield func(checker.Order, error) bool) bool {
	i := skipSpace(b, 0)
	if b[i] == '{' { // the "orders" key's value
		found := false
		type key struct {
			name string
			at   int
		}
		var other []key // before "orders"
		for i = skipSpace(b, i+1); b[i] != '}'; {
			if b[i] == ',' {
				i = skipSpace(b, i+1)
			}
			kEnd := stringEnd(b, i)
			name, err := unquote(b[i:kEnd])
			if err != nil {
				return false
			}
			at := i
			i = skipSpace(b, skipSpace(b, kEnd)+1) // past ':'
			if name == "orders" {
				found = true
				break
			}
			other = append(other, key{name, at})
			i = skipSpace(b, valueEnd(b, i))
		}
		if !found {
			return false
		}
		for _, k := range other {
			if !bad(int64(k.at), besideOrders(k.name)) {
				return true
			}
		}
	}
	if b[i] != '[' {
		return false
	}
	for i = skipSpace(b, i+1); b[i] != ']'; i = skipSpace(b, i) {
		if b[i] == ',' {
			i = skipSpace(b, i+1)
		}
		end := valueEnd(b, i)
		obj := newObject(path, lineAt(int64(i)))
		if err := walkObject(b[i:end], int64(i), obj, lineAt); err != nil {
			// Not an order (null, a number, a list): an error for it
			// alone; the book is valid JSON, so the next one is read.
			l := lineAt(int64(i))
			if !yield(checker.Order{File: path, Line: l}, &checker.InputError{File: path, Line: l, Err: fmt.Errorf("%w: %v", checker.ErrBadInput, err)}) {
				return true
			}
			i = end
			continue
		}
		o, err := obj.order()
		if !valid {
			if at := invalidUTF8(b[i:end]); at >= 0 {
				o, err = checker.Order{File: path, Line: lineAt(int64(i + at))}, utf8Error(path, lineAt(int64(i+at)), b[i+at])
			}
		}
		if !yield(o, err) {
			return true
		}
		i = end
	}
	if b[skipSpace(b, 0)] == '{' { // the keys after "orders": none is "orders" again
		for i = skipSpace(b, i+1); i < len(b) && b[i] != '}'; {
			if b[i] == ',' {
				i = skipSpace(b, i+1)
			}
			kEnd := stringEnd(b, i)
			if name, err := unquote(b[i:kEnd]); err == nil {
				bad(int64(i), besideOrders(name))
				return true
			}
			i = skipSpace(b, skipSpace(b, kEnd)+1) // past ':'
			i = skipSpace(b, valueEnd(b, i))
		}
	}
	return true
}

// decodeOrder is decodeObject; a test swaps in the token-by-token decoder
// it replaced, to compare the two.
var decodeOrder = decodeObject

// decodeObject reads one JSON object into obj, key by key in order, each
// with its line; an error is one of syntax, after which the decoder cannot
// go on. The object is read whole first (encoding/json checks its syntax)
// and then walked here: decoding it token by token cost most of a JSON
// book's reading.
func decodeObject(dec *json.Decoder, obj *object, lineAt func(int64) int) error {
	start := dec.InputOffset()
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return err
	}
	// Where raw starts in the input: past the white space and separator
	// before it.
	base := dec.InputOffset() - int64(len(raw))
	if base < start {
		base = start
	}
	return walkObject(raw, base, obj, lineAt)
}

// Object reads one order from a JSON object, as Read reads it from a file
// named path holding [b]: what a service is sent.
func Object(path string, b []byte) (checker.Order, error) { return readObject(path, b, false) }

// ValidObject is [Object] for b the caller has already found to be valid
// JSON ([encoding/json.Valid]): it is not checked again.
func ValidObject(path string, b []byte) (checker.Order, error) { return readObject(path, b, true) }

// Request splits what a service is sent into its orders: one order
// object, or {"orders": [...]} and nothing else (a key beside "orders"
// would be an order's field, or a typo, read as nothing). Each entry is
// read with [Entry]; an entry that is not an object is an error for that
// entry alone. The error returned is the request's: the body is not JSON,
// not an object, or not a batch of at least one entry.
func Request(b []byte) (entries [][]byte, err error) {
	if !json.Valid(b) {
		err := json.Unmarshal(b, new(json.RawMessage))
		return nil, fmt.Errorf("the body is not JSON: %v", err)
	}
	i := skipSpace(b, 0)
	if b[i] != '{' {
		return nil, fmt.Errorf("the body is not a JSON object: want an order or {\"orders\": [...]}")
	}
	at, keys := -1, 0 // where the value of "orders" starts; how many keys
	for j := skipSpace(b, i+1); b[j] != '}'; {
		if b[j] == ',' {
			j = skipSpace(b, j+1)
		}
		kEnd := stringEnd(b, j)
		name, err := unquote(b[j:kEnd])
		if err != nil {
			return nil, err
		}
		j = skipSpace(b, skipSpace(b, kEnd)+1) // past ':'
		if name == "orders" {
			if at >= 0 {
				return nil, errSecondOrders
			}
			at = j
		}
		keys++
		j = skipSpace(b, valueEnd(b, j))
	}
	switch {
	case at < 0:
		return [][]byte{b}, nil
	case keys > 1:
		return nil, fmt.Errorf(`a batch is {"orders": [...]} and nothing else (an order has no "orders" field)`)
	case b[at] != '[':
		return nil, fmt.Errorf(`"orders" must be an array of order objects`)
	}
	for k := skipSpace(b, at+1); b[k] != ']'; k = skipSpace(b, k) {
		if b[k] == ',' {
			k = skipSpace(b, k+1)
		}
		end := valueEnd(b, k)
		entries = append(entries, b[k:end])
		k = end
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf(`"orders" is empty`)
	}
	return entries, nil
}

// Entry reads the order at place n of a request (an entry [Request]
// returned): its line is n, and so is that of any error in it.
func Entry(path string, n int, b []byte) (checker.Order, error) {
	return readObjectAt(path, b, true, func(int64) int { return n })
}

func readObject(path string, b []byte, valid bool) (checker.Order, error) {
	return readObjectAt(path, b, valid, func(off int64) int { return 1 + bytes.Count(b[:off], []byte("\n")) })
}

func readObjectAt(path string, b []byte, valid bool, lines func(int64) int) (checker.Order, error) {
	bad := func(off int64, err error) (checker.Order, error) {
		l := lines(off)
		return checker.Order{File: path, Line: l}, &checker.InputError{File: path, Line: l, Err: fmt.Errorf("%w: %v", checker.ErrBadInput, err)}
	}
	if !valid && !json.Valid(b) {
		err := json.Unmarshal(b, new(json.RawMessage))
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return bad(se.Offset, err)
		}
		return bad(int64(len(bytes.TrimRight(b, " \t\r\n"))), err)
	}
	off := int64(skipSpace(b, 0))
	raw := bytes.TrimRight(b[off:], " \t\r\n")
	obj := newObject(path, lines(off))
	if err := walkObject(raw, off, obj, lines); err != nil {
		return bad(off, err)
	}
	if at := invalidUTF8(b); at >= 0 {
		return checker.Order{File: path, Line: lines(int64(at))}, utf8Error(path, lines(int64(at)), b[at])
	}
	return obj.order()
}

// walkObject reads the JSON value raw (valid JSON, at offset base of the
// input) into obj, key by key in order, each with its line.
func walkObject(raw []byte, base int64, obj *object, lineAt func(int64) int) error {
	if raw[0] != '{' {
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		tok, _ := d.Token()
		return &notObject{describeToken(tok)}
	}
	i := 1
	for {
		i = skipSpace(raw, i)
		if raw[i] == '}' {
			return nil
		}
		if raw[i] == ',' {
			i = skipSpace(raw, i+1)
		}
		kEnd := stringEnd(raw, i)
		name, err := unquote(raw[i:kEnd])
		if err != nil {
			return err
		}
		line := lineAt(base + int64(kEnd)) // the key's line, where its value may not be
		i = skipSpace(raw, kEnd)
		i = skipSpace(raw, i+1) // ':'

		vEnd := valueEnd(raw, i)
		val := raw[i:vEnd]
		switch val[0] {
		case '"':
			sv, err := unquote(val)
			if err != nil {
				return err
			}
			obj.add(name, line, strings.TrimSpace(sv), true)
		case '{', '[':
			var v any
			d := json.NewDecoder(bytes.NewReader(val))
			d.UseNumber()
			if err := d.Decode(&v); err != nil {
				return err
			}
			b, _ := json.Marshal(v)
			obj.add(name, line, string(b), false)
		case 'n':
			obj.add(name, line, "", true)
		case 't', 'f':
			// true or false is no product, country, date or name: an end
			// user false would be screened as the name "false" and pass.
			obj.add(name, line, string(val), true)
			if canonical[checker.ColumnKey(name)] != "" {
				obj.fail(line, fmt.Errorf("%w: key %q: want text or a number, not %s", checker.ErrBadInput, name, val))
			}
		default: // a number, as written
			obj.add(name, line, string(val), true)
		}
		i = vEnd
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

// stringEnd is the index past the string literal starting at b[i].
func stringEnd(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(b)
}

// valueEnd is the index past the JSON value starting at b[i] (b is valid
// JSON: encoding/json read it).
func valueEnd(b []byte, i int) int {
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				j = stringEnd(b, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
		return len(b)
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\n' && b[j] != '\r' && b[j] != '\t' {
		j++
	}
	return j
}

// unquote is a JSON string literal's value.
func unquote(lit []byte) (string, error) {
	if bytes.IndexByte(lit, '\\') < 0 {
		return string(lit[1 : len(lit)-1]), nil
	}
	var s string
	err := json.Unmarshal(lit, &s)
	return s, err
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

// MaxJSONLLine is the longest line of a JSON Lines book read (16 MiB): a
// longer one is an error for that line, and the lines after it are read.
const MaxJSONLLine = 16 << 20

// readJSONL reads one JSON object per line; blank lines are skipped.
func readJSONL(r io.Reader, path string, yield func(checker.Order, error) bool) {
	br := bufio.NewReaderSize(r, 64<<10)
	var buf []byte
	line := 0
	for {
		text, tooLong, readErr := readLine(br, buf[:0], MaxJSONLLine)
		buf = text
		if readErr != nil && readErr != io.EOF {
			yield(checker.Order{File: path, Line: line + 1}, &checker.InputError{File: path, Line: line + 1, Err: readErr})
			return
		}
		if readErr == io.EOF && len(text) == 0 && !tooLong {
			return
		}
		line++
		text = bytes.TrimSpace(text)
		if line == 1 {
			text = bytes.TrimPrefix(text, []byte("\xef\xbb\xbf"))
		}
		switch {
		case tooLong:
			// Skipped to its end: the lines after it are still orders.
			err := fmt.Errorf("%w: the line is longer than %d MiB, the most one JSON Lines line may hold", checker.ErrBadInput, MaxJSONLLine>>20)
			if !yield(checker.Order{File: path, Line: line}, &checker.InputError{File: path, Line: line, Err: err}) {
				return
			}
		case len(text) == 0:
		default:
			if !readJSONLine(text, path, line, yield) {
				return
			}
		}
		if readErr == io.EOF {
			return
		}
	}
}

// readLine reads a line into buf, up to and with its line feed, or to the
// end of the input; past max bytes it reads on to the line's end and
// reports it too long, keeping none of it.
func readLine(br *bufio.Reader, buf []byte, max int) ([]byte, bool, error) {
	tooLong := false
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(chunk) > max {
				tooLong, buf = true, buf[:0]
			} else {
				buf = append(buf, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return buf, tooLong, err
	}
}

// readJSONLine reads one line of a JSON Lines book; it reports whether to
// go on.
func readJSONLine(text []byte, path string, line int, yield func(checker.Order, error) bool) bool {
	if at := invalidUTF8(text); at >= 0 {
		return yield(checker.Order{File: path, Line: line}, utf8Error(path, line, text[at]))
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
		return yield(checker.Order{File: path, Line: line}, &checker.InputError{File: path, Line: line, Err: fmt.Errorf("%w: %v", checker.ErrBadInput, err)})
	}
	return yield(obj.order())
}
