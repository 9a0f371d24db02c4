// Package orders reads order books into [checker.Order] streams: CSV, JSON
// (an array or {"orders": [...]}), JSON Lines, YAML and XLSX. Readers stream
// where the format allows and report every bad line with its file and line
// as a [*checker.InputError], then go on with the next line.
//
// Columns (any order): id, product, quantity, destination, end_user,
// end_user_hq, date, end_use, ship_from, end_user_parent, consignee, under the names
// [Columns] lists, matched without
// regard to case, spaces, hyphens or invisible format characters. A name
// close to a recognised one (end_usr, destinaton, end_user_name) is an
// error naming the column it looks like; other columns are carried through
// as [checker.Field]s. A column or key given twice, or two names for one
// field (country and destination), is an error in every format.
//
// Text is UTF-8, checked on every line, or one of [Encodings] named in
// [Options.Encoding]. CSV lines may end in CRLF, LF or CR; the separator
// (one of [Delimiters]) is detected from the header line; fields and
// columns are bounded by [MaxFieldBytes] and [MaxColumns]; a quoted field
// that spans lines is an error unless [Options.MultilineFields]. XLSX input
// is bounded by [MaxXLSXBytes], [MaxXLSXUnzippedBytes] and [MaxXLSXRatio],
// checked before the workbook is opened.
package orders

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/adrg/strutil/metrics"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"

	"github.com/exportcheck/exportcheck/checker"
)

// Formats lists the input formats.
var Formats = []string{"csv", "json", "jsonl", "yaml", "xlsx"}

// Encodings lists the text encodings [Options.Encoding] accepts; utf-8 is
// the default and is checked: a byte that is not UTF-8 is an error on its
// line, never a replacement character.
var Encodings = []string{"utf-8", "windows-1252", "latin1", "latin9"}

// Delimiters lists the CSV separators [Options.Delimiter] accepts and the
// reader detects from the header line.
var Delimiters = []string{",", ";", "tab", "|"}

// Options configure reading.
type Options struct {
	Format string    // one of Formats; empty detects from the file name
	Sheet  string    // XLSX sheet; empty reads the first
	Stdin  io.Reader // read for the path "-"
	// StdinFile, when set, is a copy of standard input on disk: the path
	// "-" is read from it, opened anew on each read, so that a book from
	// standard input can be read twice. Results still name "-".
	StdinFile string

	// Encoding of text input: one of Encodings (or an alias: utf8, cp1252,
	// iso-8859-1, iso-8859-15); empty is utf-8.
	Encoding string
	// Delimiter separates CSV fields: one of Delimiters (or a tab
	// character); empty detects it from the header line.
	Delimiter string
	// MultilineFields lets a quoted CSV field hold line breaks. Without it
	// such a field is an error naming the lines it spans, as a stray quote
	// would otherwise swallow the lines up to the next quote.
	MultilineFields bool
	// BytesRead, when set, counts the bytes read from the input as they
	// are read (for progress: bytes of the input's size).
	BytesRead *atomic.Int64
	// Facts are the columns beyond the order's fields that the checker
	// reads ([checker.Checker.FactColumns]: the documents its policy
	// names, unit_value), by [checker.ColumnKey]: in a workbook a formula
	// in one is checked as in an order's field (no value saved, or a
	// value the workbook asks to recalculate), not carried as written.
	Facts []string
}

// counting counts the bytes read through it.
type counting struct {
	r io.Reader
	n *atomic.Int64
}

func (c counting) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// readStop is a reader that keeps the first error its reader failed with
// (other than io.EOF).
type readStop struct {
	r   io.Reader
	err error
}

func (s *readStop) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err != nil && err != io.EOF && s.err == nil {
		s.err = err
	}
	return n, err
}

// stoppedHint is the hint of the error at which reading a book stopped.
const stoppedHint = "reading stopped here: the lines after it were not read"

// yield passes orders and errors on; once the reader has failed, a line's
// error that is not the book's own (checker.ErrBadInput) is the read error
// (a reader may fail with a new error value each call) and gets
// stoppedHint.
func (s *readStop) yield(yield func(checker.Order, error) bool) func(checker.Order, error) bool {
	return func(o checker.Order, err error) bool {
		var ie *checker.InputError
		if s.err != nil && errors.As(err, &ie) && ie.Line > 0 && ie.Hint == "" && !errors.Is(ie.Err, checker.ErrBadInput) {
			ie.Hint = stoppedHint
		}
		return yield(o, err)
	}
}

// Detect returns the format for a file name from its extension.
func Detect(name string) (string, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".txt", ".tsv":
		return "csv", nil
	case ".json":
		return "json", nil
	case ".jsonl", ".ndjson":
		return "jsonl", nil
	case ".yaml", ".yml":
		return "yaml", nil
	case ".xlsx", ".xlsm":
		return "xlsx", nil
	case ".xls", ".xlsb", ".ods", ".numbers":
		// Workbooks of another format: read as XLSX they would be refused
		// as not a workbook, which says less.
		return "", fmt.Errorf("%s: a %s workbook, which exportcheck does not read: save it as .xlsx (Excel Workbook) or .csv (an XLSX file under another name: --input-format xlsx)", name, strings.ToLower(filepath.Ext(name)))
	}
	return "", fmt.Errorf("%s: cannot tell the format from the name; use --input-format (known: %s)", name, strings.Join(Formats, ", "))
}

// decoder returns the decoder for an encoding name; nil for UTF-8.
func decoder(name string) (*encoding.Decoder, error) {
	switch strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), "_", "-") {
	case "", "utf-8", "utf8":
		return nil, nil
	case "windows-1252", "cp1252":
		return charmap.Windows1252.NewDecoder(), nil
	case "latin1", "latin-1", "iso-8859-1":
		return charmap.ISO8859_1.NewDecoder(), nil
	case "latin9", "latin-9", "iso-8859-15":
		return charmap.ISO8859_15.NewDecoder(), nil
	}
	return nil, fmt.Errorf("%w: unknown encoding %q; known: %s", checker.ErrBadInput, name, strings.Join(Encodings, ", "))
}

// delimiter returns the separator byte for Options.Delimiter; 0 detects.
func delimiter(name string) (byte, error) {
	switch name {
	case "":
		return 0, nil
	case ",", ";", "|":
		return name[0], nil
	case "\t", "tab", "TAB", `\t`:
		return '\t', nil
	}
	known := make([]string, len(Delimiters))
	for i, d := range Delimiters {
		known[i] = strconv.Quote(d)
	}
	return 0, fmt.Errorf("%w: unknown delimiter %q; known: %s", checker.ErrBadInput, name, strings.Join(known, ", "))
}

// CheckFlags says what is wrong with the input format, encoding and
// delimiter a person named (--input-format, --encoding, --delimiter), in
// the flag's terms, before any file is read; nil when they are known.
func CheckFlags(format, encoding, delim string) error {
	if format != "" && !slices.Contains(Formats, format) {
		return fmt.Errorf("--input-format %q: unknown; known: %s", format, strings.Join(Formats, ", "))
	}
	if _, err := decoder(encoding); err != nil {
		return fmt.Errorf("--encoding: %s", strings.TrimPrefix(err.Error(), checker.ErrBadInput.Error()+": "))
	}
	if _, err := delimiter(delim); err != nil {
		return fmt.Errorf("--delimiter: %s", strings.TrimPrefix(err.Error(), checker.ErrBadInput.Error()+": "))
	}
	return nil
}

// Read streams the orders of one file ("-" for standard input, read as CSV
// unless Options.Format says otherwise).
func Read(path string, opts Options) iter.Seq2[checker.Order, error] {
	return func(yield func(checker.Order, error) bool) {
		fail := func(err error) { yield(checker.Order{File: path}, &checker.InputError{File: path, Err: err}) }
		format := opts.Format
		if format == "" {
			if path == "-" {
				format = "csv"
			} else {
				f, err := Detect(path)
				if err != nil {
					fail(fmt.Errorf("%w: %v", checker.ErrBadInput, err))
					return
				}
				format = f
			}
		}
		dec, err := decoder(opts.Encoding)
		if err != nil {
			fail(err)
			return
		}
		comma, err := delimiter(opts.Delimiter)
		if err != nil {
			fail(err)
			return
		}
		var r io.Reader
		if path == "-" && opts.StdinFile != "" {
			f, err := os.Open(opts.StdinFile)
			if err != nil {
				fail(err)
				return
			}
			defer f.Close()
			r = f
		} else if path == "-" {
			if opts.Stdin == nil {
				fail(fmt.Errorf("%w: no standard input", checker.ErrBadInput))
				return
			}
			r = opts.Stdin
		} else {
			f, err := os.Open(path)
			if err != nil {
				if pe, ok := err.(*fs.PathError); ok && pe.Path == path {
					err = pe.Err // the message names the file already: "orders.csv: no such file or directory"
				}
				fail(err)
				return
			}
			defer f.Close()
			r = f
		}
		// A read error part-way (a pipe or a network file that breaks) is
		// reported at the line it reached, with a hint that nothing after
		// it was read: it stops the book, it is not a bad line.
		stopped := &readStop{r: r}
		yield = stopped.yield(yield)
		length := -1 // the input's size in bytes, when known
		if f, ok := r.(*os.File); ok {
			if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
				length = int(st.Size())
			}
		} else if l, ok := r.(interface{ Len() int }); ok {
			length = l.Len()
		}
		r = stopped
		if opts.BytesRead != nil {
			r = counting{r, opts.BytesRead}
		}
		if format == "xlsx" {
			readXLSX(r, path, opts.Sheet, opts.Facts, yield)
			return
		}
		if dec != nil {
			r = transform.NewReader(r, dec)
		}
		size := 64 << 10
		if length >= 0 && dec == nil { // a small input (a request body) has a buffer no larger than it
			size = min(size, length+1)
		}
		br := bufio.NewReaderSize(r, size)
		if err := sniff(br, path); err != nil {
			yield(checker.Order{File: path}, err)
			return
		}
		switch format {
		case "csv":
			// No CSV header begins with { or [ (it names product and
			// destination): JSON piped in, or a JSON file named .csv.
			head, _ := br.Peek(64)
			if lead := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n"); len(lead) > 0 && (lead[0] == '{' || lead[0] == '[') {
				yield(checker.Order{File: path, Line: 1}, &checker.InputError{File: path, Line: 1,
					Err:    fmt.Errorf("%w: this is JSON, not CSV", checker.ErrBadInput),
					Hint:   "give --input-format json for an array of orders, jsonl for one order a line",
					Unread: true})
				return
			}
			readCSV(br, path, comma, opts.MultilineFields, yield)
		case "json":
			readJSON(br, path, length, yield)
		case "jsonl":
			readJSONL(br, path, yield)
		case "yaml":
			readYAML(br, path, yield)
		default:
			fail(fmt.Errorf("%w: unknown input format %q; known: %s", checker.ErrBadInput, format, strings.Join(Formats, ", ")))
		}
	}
}

// sniff rejects empty and binary input: a file that begins as a zip
// (XLSX), an OLE (XLS) or PDF file or with a UTF-16 byte-order mark, or
// whose first 8 KiB are control characters more than one byte in ten
// (UTF-16 text, an image). A stray control character in a text
// file is an error of its line, and bytes that are not UTF-8 are reported
// on their own lines too, so that one bad byte does not lose the file.
func sniff(br *bufio.Reader, path string) error {
	head, err := br.Peek(8 << 10)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return &checker.InputError{File: path, Err: err}
	}
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")))
	if len(trimmed) == 0 {
		return &checker.InputError{File: path, Err: fmt.Errorf("%w: empty file", checker.ErrBadInput)}
	}
	if bytes.HasPrefix(head, []byte("\xff\xfe")) || bytes.HasPrefix(head, []byte("\xfe\xff")) {
		return &checker.InputError{File: path, Err: fmt.Errorf("%w: UTF-16 text (Excel's \"Unicode Text\"), not UTF-8", checker.ErrBadInput),
			Hint: "save the book as \"CSV UTF-8\""}
	}
	binary := false
	for _, magic := range []string{"PK\x03\x04", "\xd0\xcf\x11\xe0", "%PDF", "\xff\xfe", "\xfe\xff"} {
		binary = binary || bytes.HasPrefix(head, []byte(magic))
	}
	controls := 0
	for _, c := range head {
		if isControl(c) {
			controls++
		}
	}
	if binary || controls > 1 && controls*10 > len(head) {
		return &checker.InputError{File: path, Err: fmt.Errorf("%w: binary file (not UTF-8 text)", checker.ErrBadInput)}
	}
	return nil
}

// isControl reports whether c is a control character text does not hold
// (C0 but tab, line feed, carriage return, vertical tab and form feed).
func isControl(c byte) bool {
	return c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f'
}

// controlAt returns the offset of the first control character in b
// ([isControl]), or -1.
func controlAt(b []byte) int {
	for i, c := range b {
		if isControl(c) {
			return i
		}
	}
	return -1
}

// invalidUTF8 returns the offset of the first byte in b that is not UTF-8,
// or -1.
func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// utf8Error reports a byte that is not UTF-8 at a line.
func utf8Error(path string, line int, c byte) *checker.InputError {
	return &checker.InputError{File: path, Line: line,
		Err:  fmt.Errorf("%w: byte 0x%02X is not UTF-8", checker.ErrBadInput, c),
		Hint: "save the file as UTF-8, or name its encoding: --encoding " + strings.Join(Encodings[1:], "|")}
}

// columns maps header names to order fields.
type columns struct {
	names []string // header as written
	field []string // canonical field per column ("" for extra)
}

// name is column i's order field, else its header as written, else its
// place ("column 7").
func (c *columns) name(i int) string {
	switch {
	case i < len(c.field) && c.field[i] != "":
		return c.field[i]
	case i < len(c.names) && strings.TrimSpace(c.names[i]) != "":
		return strings.TrimSpace(c.names[i])
	}
	return fmt.Sprintf("column %d", i+1)
}

// placeName names column i, which has no header, by its place: "column
// 7", or "column 7 (no header)" when another column's header is "column
// 7" (two values under one name, one would hide the other).
func (c *columns) placeName(i int) string {
	name := fmt.Sprintf("column %d", i+1)
	for _, h := range c.names {
		if strings.EqualFold(strings.TrimSpace(h), name) {
			return name + " (no header)"
		}
	}
	return name
}

// fields are the order fields in the order people read them.
var fields = []string{"id", "product", "quantity", "destination", "end_user", "end_user_hq", "date", "end_use", "ship_from", "end_user_parent", "consignee"}

// canonical maps normalised column names ([checker.ColumnKey]) to order fields.
var canonical = map[string]string{
	"id": "id", "order_id": "id", "line_id": "id",
	"product": "product", "sku": "product", "model": "product",
	"quantity": "quantity", "qty": "quantity",
	"destination": "destination", "country": "destination", "ship_to_country": "destination",
	"end_user": "end_user", "enduser": "end_user", "customer": "end_user",
	"end_user_hq": "end_user_hq", "hq": "end_user_hq", "headquarters": "end_user_hq", "end_user_headquarters": "end_user_hq",
	"date": "date", "ship_date": "date",
	"end_use": "end_use", "enduse": "end_use", "intended_end_use": "end_use", "intended_use": "end_use", "end_use_description": "end_use", "stated_end_use": "end_use",
	"ship_from": "ship_from", "origin": "ship_from", "ship_from_country": "ship_from", "export_from": "ship_from",
	"end_user_parent": "end_user_parent", "parent_company": "end_user_parent", "end_user_owner": "end_user_parent",
	"consignee": "consignee", "ship_to_name": "consignee", "consignee_name": "consignee",
}

// Columns returns the recognised columns: each order field with the header
// names (and JSON/YAML keys) accepted for it, sorted. Names match after
// normalisation: case, spaces and hyphens (read as underscores) and
// invisible format characters (Unicode Cf, such as U+200B and U+FEFF) do not
// count.
func Columns() map[string][]string {
	out := make(map[string][]string, len(fields))
	for name, field := range canonical {
		out[field] = append(out[field], name)
	}
	for _, names := range out {
		slices.Sort(names)
	}
	return out
}

// columnList is Columns as text: "id (id, line_id, order_id), product (…)".
func columnList() string {
	cols := Columns()
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = f + " (" + strings.Join(cols[f], ", ") + ")"
	}
	return strings.Join(parts, ", ")
}

var levenshtein = metrics.NewLevenshtein()

// nearMiss returns the field an unknown normalised column name probably
// means: a recognised name within a small edit distance (none for names of
// three letters or fewer; one for up to six letters, with the same first
// letter, so rate is not taken for date; two beyond), or a recognised name
// with "_name" or "_code" added, or a note in brackets ("Ship From (ISO)").
func nearMiss(key string) string {
	if key == "" {
		return ""
	}
	for _, suffix := range []string{"_name", "_code"} {
		if base, ok := strings.CutSuffix(key, suffix); ok && canonical[base] != "" {
			return canonical[base]
		}
	}
	// A recognised name with a note in brackets: Ship From (ISO code),
	// Quantity [pcs], Date (YYYY-MM-DD). Left extra, the field would be
	// blank: a ship-from country the default.
	if at := strings.IndexAny(key, "([{"); at > 0 {
		if base := strings.TrimRight(key[:at], "_"); canonical[base] != "" {
			return canonical[base]
		}
	}
	best, field := 3, ""
	// Fields in the order people read them (end_user before end_use), then
	// names: the first of equally close names wins.
	names := slices.SortedFunc(maps.Keys(canonical), func(a, b string) int {
		if c := slices.Index(fields, canonical[a]) - slices.Index(fields, canonical[b]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	for _, name := range names {
		limit := 0
		switch n := utf8.RuneCountInString(name); {
		case n >= 7:
			limit = 2
		case n >= 4 && key[0] == name[0]:
			limit = 1
		}
		if d := levenshtein.Distance(key, name); d <= limit && d < best {
			best, field = d, canonical[name]
		}
	}
	return field
}

// partyName reports whether an unknown normalised column name is that of
// a column naming a party (end user, consignee, owner) with "_name" added:
// beside the party's own column, one of the two may be an account number.
func partyName(key string) bool {
	base, ok := strings.CutSuffix(key, "_name")
	switch canonical[base] {
	case "end_user", "consignee", "end_user_parent":
		return ok
	}
	return false
}

// nearMissError names the field a column or key probably means.
func nearMissError(what, name, field string) error {
	return fmt.Errorf("%w: %s %q is not a recognised column but looks like %s (accepted: %s); rename it, or see the recognised columns: %s",
		checker.ErrBadInput, what, name, field, strings.Join(Columns()[field], ", "), columnList())
}

// titleRows bounds the title rows read above a header.
const titleRows = 5

// headerSearch finds a book's header among its first rows. A spreadsheet
// report often puts a title above its table (the report's name, the day it
// was run): a row holding one value, which no header is (a header names at
// least the product and destination columns) and no order is (its columns
// are not known yet). Up to titleRows such rows above the header are
// skipped; any other row that is not a header is the book's error, as is
// a first row of one value when no header follows (a file read with the
// wrong separator is all rows of one value).
type headerSearch struct {
	titles    int
	first     error // the first title row's error as a header
	firstLine int
}

// row reads a row as the header: its columns; or none and no error, when
// the row is a title to skip; or the error to report and its line.
func (h *headerSearch) row(line int, cells []string) (*columns, int, error) {
	cols, err := newColumns(cells)
	if err == nil {
		return cols, 0, nil
	}
	if !titleRow(cells) {
		return nil, line, err
	}
	if h.titles == 0 {
		h.first, h.firstLine = err, line
	}
	if h.titles == titleRows {
		return nil, h.firstLine, h.first
	}
	h.titles++
	return nil, 0, nil
}

// end is the error of a book whose rows ended while its header was sought
// among title rows, and its line; none if no row was read.
func (h *headerSearch) end() (int, error) { return h.firstLine, h.first }

// titleRow reports whether a row holds exactly one value.
func titleRow(cells []string) bool {
	n := 0
	for _, v := range cells {
		if strings.TrimSpace(v) != "" {
			n++
		}
	}
	return n == 1
}

func newColumns(header []string) (*columns, error) {
	c := &columns{names: header, field: make([]string, len(header))}
	first := map[string]int{} // field -> column
	for i, h := range header {
		f := canonical[checker.ColumnKey(h)]
		if f == "" {
			continue
		}
		if j, dup := first[f]; dup {
			if header[j] == h {
				return nil, fmt.Errorf("%w: column %q appears twice (columns %d and %d)", checker.ErrBadInput, h, j+1, i+1)
			}
			if checker.ColumnKey(header[j]) == checker.ColumnKey(h) {
				return nil, fmt.Errorf("%w: columns %d (%q) and %d (%q) are one column, %s, twice (names match without regard to case, spaces or hyphens)",
					checker.ErrBadInput, j+1, header[j], i+1, h, f)
			}
			return nil, fmt.Errorf("%w: columns %q and %q both give the %s", checker.ErrBadInput, header[j], h, f)
		}
		first[f] = i
		c.field[i] = f
	}
	for i, h := range header {
		if c.field[i] != "" {
			continue
		}
		if f := nearMiss(checker.ColumnKey(h)); f != "" {
			j, ok := first[f]
			if !ok {
				return nil, nearMissError("column", h, f)
			}
			if partyName(checker.ColumnKey(h)) {
				// "End User" beside "End User Name": which one is the end
				// user (the other may be an account number, which screens
				// clean) is not guessed.
				return nil, fmt.Errorf("%w: columns %q and %q both look like the %s: which one it is is not guessed; rename or remove the other", checker.ErrBadInput, header[j], h, f)
			}
		}
	}
	_, product := first["product"]
	_, destination := first["destination"]
	if !product || !destination {
		return nil, fmt.Errorf("%w: header needs at least product and destination columns (got %s; recognised: %s)", checker.ErrBadInput, strings.Join(header, ", "), columnList())
	}
	return c, nil
}

func (c *columns) order(file string, line int, values []string) checker.Order {
	o := checker.Order{File: file, Line: line}
	for i, v := range values {
		v = strings.TrimSpace(v)
		if i < len(c.field) && setField(&o, c.field[i], v) {
			continue
		}
		// An extra column; one with no name (an empty header cell, or an
		// XLSX cell past the header's last) is named by its place, and
		// kept where it holds something: a note typed there is not lost.
		name := ""
		if i < len(c.names) {
			name = c.names[i]
		}
		if strings.TrimSpace(name) == "" {
			if v == "" {
				continue
			}
			name = c.placeName(i)
		}
		o.Extra = append(o.Extra, checker.Field{Name: name, Value: v})
	}
	return withID(o)
}

// spreadsheetErrorOf is the error of an order field that holds a
// spreadsheet's error value; what names the field or cell.
func spreadsheetErrorOf(what, v string) error {
	return fmt.Errorf("%w: %s holds %s, a spreadsheet's error value, not a value (correct the formula or the value in the spreadsheet, then export the book again)",
		checker.ErrBadInput, what, strings.TrimSpace(v))
}

// shownNumber reports whether v is a number as a spreadsheet shows a long
// one in a narrow column or in General format (1.23457E+15): its digits
// beyond the sixth are lost, and a CSV export writes it so.
func shownNumber(v string) bool {
	if strings.IndexByte(v, 'E') < 0 && strings.IndexByte(v, 'e') < 0 {
		return false // every line's id comes here: the common case first
	}
	v = strings.TrimPrefix(strings.TrimSpace(v), "-")
	mant, exp, ok := strings.Cut(strings.ToUpper(v), "E")
	if !ok || len(exp) < 2 || (exp[0] != '+' && exp[0] != '-') || strings.Trim(exp[1:], "0123456789") != "" {
		return false
	}
	whole, frac, _ := strings.Cut(mant, ".")
	return whole != "" && strings.Trim(whole, "0123456789") == "" && strings.Trim(frac, "0123456789") == ""
}

// valueError is the error of a value no order field holds: a
// spreadsheet's error value, or an id a spreadsheet shows as an exponent
// (two orders 1234567890123456 and 1234567890123457 both read
// 1.23457E+15, and the ledger keeps orders by id); what names the field.
func valueError(field, what, v string) error {
	if !badValue(field, v) {
		return nil
	}
	switch {
	case checker.SpreadsheetError(v): // an end user #REF! would be screened as the name "ref"
		return spreadsheetErrorOf(what, v)
	case field == "id" && shownNumber(v):
		return fmt.Errorf("%w: %s holds %s, a number as a spreadsheet shows it, its digits lost: no order id (format the id column as text before the book is saved, or export it from the system it comes from)",
			checker.ErrBadInput, what, strings.TrimSpace(v))
	}
	return nil
}

// badValue reports whether v in field is a value no order field holds
// ([valueError]); cheap, so that the error's words are made only for one.
func badValue(field, v string) bool {
	return checker.SpreadsheetError(v) || field == "id" && shownNumber(v)
}

// cellError returns the first order field of a row that holds a value
// no order field holds ([valueError]), and its error; "" and nil when
// none does.
func (c *columns) cellError(values []string) (string, error) {
	for i, v := range values {
		if i < len(c.field) && c.field[i] != "" && badValue(c.field[i], v) {
			return c.field[i], valueError(c.field[i], "the "+c.field[i]+" field", v)
		}
	}
	return "", nil
}

// setField sets a canonical field of an order; false for extra columns.
func setField(o *checker.Order, field, v string) bool { return o.Set(field, v) }

// withID gives an order without an id its file:line.
func withID(o checker.Order) checker.Order {
	if o.ID == "" {
		o.ID = fmt.Sprintf("%s:%d", filepath.Base(o.File), o.Line)
	}
	return o
}

// object builds an order from the keys of one JSON or YAML object in the
// order they are written. A key given twice, two keys for one field
// (country and destination) and a key that looks like a misspelt column
// are errors, as they are in a CSV header.
type object struct {
	o      checker.Order
	keys   []named // normalised key -> the key as written (an order has few: slices, not maps)
	fields []named // field -> the key that gave it
	extra  []key
	nested *key // the first extra key whose value is a list or mapping
	err    *checker.InputError
	buf    [16]named // keys and fields of a usual order, without allocating
}

type key struct {
	name string
	line int
}

// named is a key under a name.
type named struct {
	name string
	key  key
}

func find(ns []named, name string) (key, bool) {
	for _, n := range ns {
		if n.name == name {
			return n.key, true
		}
	}
	return key{}, false
}

func newObject(file string, line int) *object {
	b := &object{o: checker.Order{File: file, Line: line}}
	b.keys, b.fields = b.buf[:0:10], b.buf[10:10]
	return b
}

func (b *object) fail(line int, err error) {
	if b.err == nil {
		b.err = &checker.InputError{File: b.o.File, Line: line, Err: err}
	}
}

// twoKeys names two keys of one object, each with its line when they
// are on different lines ("country" (line 3) and "destination" (line 4));
// on one line, which the error names already, without ("product" and
// "Product"): an object written on one line, as JSON Lines and requests
// to serve are, is not told "(line 1) and ... (line 1)".
func twoKeys(a, b key) string {
	if a.line == b.line {
		return fmt.Sprintf("%q and %q", a.name, b.name)
	}
	return fmt.Sprintf("%q (line %d) and %q (line %d)", a.name, a.line, b.name, b.line)
}

// onLines is format with the two lines, or "" when they are one.
func onLines(a, b int, format string) string {
	if a == b {
		return ""
	}
	return fmt.Sprintf(format, a, b)
}

// add sets one key; single is false for a list or mapping value.
func (b *object) add(name string, line int, value string, single bool) {
	k := checker.ColumnKey(name)
	if prev, dup := find(b.keys, k); dup {
		if prev.name == name {
			b.fail(line, fmt.Errorf("%w: key %q appears twice%s", checker.ErrBadInput, name, onLines(prev.line, line, " (lines %d and %d)")))
		} else {
			b.fail(line, fmt.Errorf("%w: keys %s are the same column", checker.ErrBadInput, twoKeys(prev, key{name, line})))
		}
		return
	}
	b.keys = append(b.keys, named{k, key{name, line}})
	field := canonical[k]
	if field == "" {
		b.extra = append(b.extra, key{name, line})
		if !single && b.nested == nil {
			b.nested = &key{name, line}
		}
		b.o.Extra = append(b.o.Extra, checker.Field{Name: name, Value: value})
		return
	}
	if prev, ok := find(b.fields, field); ok {
		b.fail(line, fmt.Errorf("%w: keys %s both give the %s", checker.ErrBadInput, twoKeys(prev, key{name, line}), field))
		return
	}
	b.fields = append(b.fields, named{field, key{name, line}})
	if !single {
		b.fail(line, fmt.Errorf("%w: key %q: want one value, not a list or mapping", checker.ErrBadInput, name))
		return
	}
	if badValue(field, value) {
		b.fail(line, valueError(field, fmt.Sprintf("key %q", name), value))
		return
	}
	setField(&b.o, field, value)
}

// order returns the order, or the first error in it.
func (b *object) order() (checker.Order, error) {
	if b.err == nil {
		for _, k := range b.extra {
			if f := nearMiss(checker.ColumnKey(k.name)); f != "" {
				prev, ok := find(b.fields, f)
				if !ok {
					b.fail(k.line, nearMissError("key", k.name, f))
					break
				}
				if partyName(checker.ColumnKey(k.name)) {
					b.fail(k.line, fmt.Errorf("%w: keys %s both look like the %s: which one it is is not guessed; rename or remove the other", checker.ErrBadInput, twoKeys(prev, k), f))
					break
				}
			}
		}
	}
	if _, ok := find(b.fields, "product"); b.err == nil && !ok && b.nested != nil {
		// {"order": {"product": ...}}: an order wrapped in a key of its
		// own would be told only that it has no product.
		b.fail(b.nested.line, fmt.Errorf("%w: key %q holds a list or mapping and the order has no product: give the order's own keys (product, destination, ...), not wrapped in %q", checker.ErrBadInput, b.nested.name, b.nested.name))
	}
	if b.err != nil {
		return checker.Order{File: b.o.File, Line: b.err.Line}, b.err
	}
	return withID(b.o), nil
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
