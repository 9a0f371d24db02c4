// Package orders reads order books into [checker.Order] streams: CSV, JSON
// (an array or {"orders": [...]}), JSON Lines, YAML and XLSX. Readers stream
// where the format allows and report every bad line with its file and line
// as a [*checker.InputError], then go on with the next line.
//
// Columns (any order, case-insensitive): id, product, quantity, destination,
// end_user, end_user_hq, date. Other columns are carried through as
// [checker.Field]s.
package orders

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/exportcheck/exportcheck/checker"
)

// Formats lists the input formats.
var Formats = []string{"csv", "json", "jsonl", "yaml", "xlsx"}

// Options configure reading.
type Options struct {
	Format string    // one of Formats; empty detects from the file name
	Sheet  string    // XLSX sheet; empty reads the first
	Stdin  io.Reader // read for the path "-"
}

// Detect returns the format for a file name from its extension.
func Detect(name string) (string, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".txt":
		return "csv", nil
	case ".json":
		return "json", nil
	case ".jsonl", ".ndjson":
		return "jsonl", nil
	case ".yaml", ".yml":
		return "yaml", nil
	case ".xlsx", ".xlsm":
		return "xlsx", nil
	}
	return "", fmt.Errorf("%s: cannot tell the format from the name; use --input-format (known: %s)", name, strings.Join(Formats, ", "))
}

// Read streams the orders of one file ("-" for standard input, read as CSV
// unless Options.Format says otherwise).
func Read(path string, opts Options) iter.Seq2[checker.Order, error] {
	return func(yield func(checker.Order, error) bool) {
		format := opts.Format
		if format == "" {
			if path == "-" {
				format = "csv"
			} else {
				f, err := Detect(path)
				if err != nil {
					yield(checker.Order{File: path}, &checker.InputError{File: path, Err: fmt.Errorf("%w: %v", checker.ErrBadInput, err)})
					return
				}
				format = f
			}
		}
		var r io.Reader
		if path == "-" {
			if opts.Stdin == nil {
				yield(checker.Order{File: path}, &checker.InputError{File: path, Err: fmt.Errorf("%w: no standard input", checker.ErrBadInput)})
				return
			}
			r = opts.Stdin
		} else {
			f, err := os.Open(path)
			if err != nil {
				yield(checker.Order{File: path}, &checker.InputError{File: path, Err: err})
				return
			}
			defer f.Close()
			r = f
		}
		if format == "xlsx" {
			readXLSX(r, path, opts.Sheet, yield)
			return
		}
		br := bufio.NewReaderSize(r, 64<<10)
		if err := sniff(br, path); err != nil {
			yield(checker.Order{File: path}, err)
			return
		}
		switch format {
		case "csv":
			readCSV(br, path, yield)
		case "json":
			readJSON(br, path, yield)
		case "jsonl":
			readJSONL(br, path, yield)
		case "yaml":
			readYAML(br, path, yield)
		default:
			yield(checker.Order{File: path}, &checker.InputError{File: path, Err: fmt.Errorf("%w: unknown input format %q; known: %s", checker.ErrBadInput, format, strings.Join(Formats, ", "))})
		}
	}
}

// sniff rejects empty and binary text input.
func sniff(br *bufio.Reader, path string) error {
	head, err := br.Peek(8 << 10)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return &checker.InputError{File: path, Err: err}
	}
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")))
	if len(trimmed) == 0 {
		return &checker.InputError{File: path, Err: fmt.Errorf("%w: empty file", checker.ErrBadInput)}
	}
	if bytes.IndexByte(head, 0) >= 0 || !utf8.Valid(trimUTF8Tail(head)) {
		return &checker.InputError{File: path, Err: fmt.Errorf("%w: binary file (not UTF-8 text)", checker.ErrBadInput)}
	}
	return nil
}

// trimUTF8Tail drops a rune cut off at the end of a peeked buffer.
func trimUTF8Tail(b []byte) []byte {
	for i := 0; i < 3 && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return b
		}
		b = b[:len(b)-1]
	}
	return b
}

// columns maps header names to order fields.
type columns struct {
	names []string // header as written
	field []string // canonical field per column ("" for extra)
}

var canonical = map[string]string{
	"id": "id", "order_id": "id", "line_id": "id",
	"product": "product", "sku": "product", "model": "product",
	"quantity": "quantity", "qty": "quantity",
	"destination": "destination", "country": "destination", "ship_to_country": "destination",
	"end_user": "end_user", "enduser": "end_user", "customer": "end_user",
	"end_user_hq": "end_user_hq", "hq": "end_user_hq", "headquarters": "end_user_hq", "end_user_headquarters": "end_user_hq",
	"date": "date", "ship_date": "date",
}

func headerKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "\ufeff")))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(s)
}

func newColumns(header []string) (*columns, error) {
	c := &columns{names: header, field: make([]string, len(header))}
	seen := map[string]bool{}
	for i, h := range header {
		f := canonical[headerKey(h)]
		if f != "" && seen[f] {
			return nil, fmt.Errorf("%w: column %q appears twice", checker.ErrBadInput, f)
		}
		seen[f] = true
		c.field[i] = f
	}
	if !seen["product"] || !seen["destination"] {
		return nil, fmt.Errorf("%w: header needs at least product and destination columns (got %s)", checker.ErrBadInput, strings.Join(header, ", "))
	}
	return c, nil
}

func (c *columns) order(file string, line int, values []string) checker.Order {
	o := checker.Order{File: file, Line: line}
	for i, v := range values {
		if i >= len(c.field) {
			break
		}
		if v = strings.TrimSpace(v); !setField(&o, c.field[i], v) {
			o.Extra = append(o.Extra, checker.Field{Name: c.names[i], Value: v})
		}
	}
	return withID(o)
}

// setField sets a canonical field of an order; false for extra columns.
func setField(o *checker.Order, field, v string) bool {
	switch field {
	case "id":
		o.ID = v
	case "product":
		o.Product = v
	case "quantity":
		o.Quantity = v
	case "destination":
		o.Destination = v
	case "end_user":
		o.EndUser = v
	case "end_user_hq":
		o.EndUserHQ = v
	case "date":
		o.Date = v
	default:
		return false
	}
	return true
}

// withID gives an order without an id its file:line.
func withID(o checker.Order) checker.Order {
	if o.ID == "" {
		o.ID = fmt.Sprintf("%s:%d", filepath.Base(o.File), o.Line)
	}
	return o
}

// fromMap builds an order from a decoded JSON/YAML object.
func fromMap(file string, line int, m map[string]any) checker.Order {
	o := checker.Order{File: file, Line: line}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	for _, k := range keys {
		if v := scalar(m[k]); !setField(&o, canonical[headerKey(k)], v) {
			o.Extra = append(o.Extra, checker.Field{Name: k, Value: v})
		}
	}
	return withID(o)
}

func scalar(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(x)
	case fmt.Stringer:
		return x.String()
	default:
		return strings.TrimSpace(fmt.Sprint(x))
	}
}
