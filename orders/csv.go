package orders

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/exportcheck/exportcheck/checker"
)

// Limits on CSV input, so that a broken or hostile file is an error on its
// line rather than memory: a record is never held beyond
// MaxColumns × MaxFieldBytes.
const (
	// MaxFieldBytes is the largest CSV field, 64 KiB. The rest of a longer
	// field is skipped unread into memory and its line is an error.
	MaxFieldBytes = 64 << 10
	// MaxColumns is the most fields a CSV line may have, header included.
	MaxColumns = 1024
)

// csvReader reads RFC 4180 records as encoding/csv does (quotes, doubled
// quotes, blank lines skipped: lines of separators and spaces too), and
// also: lines may end in CRLF, LF or a
// lone CR (Excel's "CSV (Macintosh)"); fields and columns are bounded; a
// quoted field that spans lines is an error unless multiline; a byte that
// is not UTF-8 is an error on its line. encoding/csv has neither bounds
// nor CR-only lines, hence a reader of our own.
type csvReader struct {
	r         io.Reader
	buf       []byte
	pos, end  int
	eof       bool
	err       error // read error other than io.EOF
	comma     byte
	unquoted  *[256]bool // bytes that end an unquoted run
	quoted    *[256]bool // bytes that end a quoted run
	multiline bool
	line      int // line of the next byte

	rec    []byte // the record's fields, back to back
	ends   []int  // end of each field in rec
	fields []string
}

// csvRecord is one record, its first line, and its first error.
type csvRecord struct {
	fields []string
	start  int
	err    error
	hint   string
}

func newCSVReader(r io.Reader, comma byte, multiline bool) *csvReader {
	c := &csvReader{r: r, buf: make([]byte, 64<<10), comma: comma, multiline: multiline, line: 1, unquoted: new([256]bool), quoted: new([256]bool)}
	for _, b := range []byte{comma, '"', '\r', '\n'} {
		c.unquoted[b] = true
	}
	for _, b := range []byte{'"', '\r', '\n'} {
		c.quoted[b] = true
	}
	return c
}

// index returns the index of the first byte of b in the set, or -1.
func index(b []byte, set *[256]bool) int {
	for i, c := range b {
		if set[c] {
			return i
		}
	}
	return -1
}

// fill reads more input; false at the end.
func (c *csvReader) fill() bool {
	if c.eof {
		return false
	}
	if c.pos < c.end {
		return true
	}
	c.pos, c.end = 0, 0
	for c.end == 0 {
		n, err := c.r.Read(c.buf)
		c.end = n
		if err != nil {
			c.eof = true
			if err != io.EOF {
				c.err = err
			}
			return n > 0
		}
	}
	return true
}

func (c *csvReader) next() (byte, bool) {
	if c.pos >= c.end && !c.fill() {
		return 0, false
	}
	b := c.buf[c.pos]
	c.pos++
	return b, true
}

func (c *csvReader) peek() (byte, bool) {
	if c.pos >= c.end && !c.fill() {
		return 0, false
	}
	return c.buf[c.pos], true
}

// newline consumes the LF of a CRLF after b and counts the line.
func (c *csvReader) newline(b byte) {
	if b == '\r' {
		if p, ok := c.peek(); ok && p == '\n' {
			c.pos++
		}
	}
	c.line++
}

// skipLine discards input up to and including the end of the line.
func (c *csvReader) skipLine() {
	for {
		if c.pos >= c.end && !c.fill() {
			return
		}
		chunk := c.buf[c.pos:c.end]
		i := bytes.IndexAny(chunk, "\r\n")
		if i < 0 {
			c.pos = c.end
			continue
		}
		c.pos += i + 1
		c.newline(chunk[i])
		return
	}
}

// read returns the next record; false at the end of the input.
func (c *csvReader) read() (csvRecord, bool) {
	for {
		r, ok, blank := c.record()
		if !ok {
			return r, false
		}
		if !blank {
			return r, true
		}
	}
}

func (c *csvReader) record() (r csvRecord, ok, blank bool) {
	if _, more := c.peek(); !more {
		if c.err != nil {
			// The input broke at the end of a line: the lines after it
			// are missing, and the book must not read as whole.
			r.start, r.err = c.line, c.err
			return r, true, false
		}
		return r, false, false
	}
	r.start = c.line
	c.rec, c.ends = c.rec[:0], c.ends[:0]
	columns := 0
	fail := func(err error, hint string) {
		if r.err == nil {
			r.err, r.hint = err, hint
		}
	}
	for {
		fieldStart := len(c.rec)
		long := false
		add := func(b []byte) {
			if room := MaxFieldBytes - (len(c.rec) - fieldStart); len(b) > room {
				b, long = b[:max(room, 0)], true
			}
			c.rec = append(c.rec, b...)
		}
		endOfRecord := false
		b, more := c.next()
		switch {
		case !more:
			endOfRecord = true
		case b == '"':
			from, last := c.line, c.line
			closed := false
			for !closed {
				if c.pos >= c.end && !c.fill() {
					break
				}
				chunk := c.buf[c.pos:c.end]
				i := index(chunk, c.quoted)
				if i < 0 {
					add(chunk)
					c.pos = c.end
					last = c.line
					continue
				}
				add(chunk[:i])
				c.pos += i + 1
				if i > 0 || chunk[i] == '"' {
					last = c.line
				}
				switch chunk[i] {
				case '"':
					if p, ok := c.peek(); ok && p == '"' {
						c.pos++
						add([]byte{'"'})
					} else {
						closed = true
					}
				default:
					c.newline(chunk[i])
					add([]byte{'\n'})
				}
			}
			if !closed {
				fail(fmt.Errorf("%w: quoted field opened on line %d is not closed (a stray \"?): lines %d-%d are unread", checker.ErrBadInput, from, from, last), "")
				endOfRecord = true
				break
			}
			if c.line > from && !c.multiline {
				fail(fmt.Errorf("%w: quoted field spans lines %d-%d (a stray \"?)", checker.ErrBadInput, from, c.line),
					"give --multiline-fields if fields hold line breaks")
			}
			b, more = c.next()
			switch {
			case !more:
				endOfRecord = true
			case b == c.comma:
			case b == '\r' || b == '\n':
				c.newline(b)
				endOfRecord = true
			default:
				fail(fmt.Errorf(`%w: extraneous or missing " in quoted-field`, checker.ErrBadInput), "")
				c.skipLine()
				endOfRecord = true
			}
		default:
			c.pos-- // b starts the unquoted run
			for {
				if c.pos >= c.end && !c.fill() {
					endOfRecord = true
					break
				}
				chunk := c.buf[c.pos:c.end]
				i := index(chunk, c.unquoted)
				if i < 0 {
					add(chunk)
					c.pos = c.end
					continue
				}
				add(chunk[:i])
				c.pos += i + 1
				if chunk[i] == c.comma {
					break
				}
				if chunk[i] == '"' {
					fail(fmt.Errorf(`%w: bare " in non-quoted-field`, checker.ErrBadInput), "")
					c.skipLine()
				} else {
					c.newline(chunk[i])
				}
				endOfRecord = true
				break
			}
		}
		columns++
		if long {
			fail(fmt.Errorf("%w: field %d is longer than %d KiB", checker.ErrBadInput, columns, MaxFieldBytes>>10), "")
		}
		if columns > MaxColumns {
			fail(fmt.Errorf("%w: more than %d columns", checker.ErrBadInput, MaxColumns), "")
			c.rec = c.rec[:fieldStart]
		} else {
			if at := invalidUTF8(c.rec[fieldStart:]); at >= 0 {
				fail(fmt.Errorf("%w: byte 0x%02X is not UTF-8", checker.ErrBadInput, c.rec[fieldStart+at]),
					"save the file as UTF-8, or name its encoding: --encoding "+strings.Join(Encodings[1:], "|"))
			} else if at := controlAt(c.rec[fieldStart:]); at >= 0 {
				// A NUL or other control character is not text a person
				// typed: the field may not read as it shows.
				fail(fmt.Errorf("%w: field %d holds the control character 0x%02X", checker.ErrBadInput, columns, c.rec[fieldStart+at]),
					"remove it, or export the order book again as text")
			}
			c.ends = append(c.ends, len(c.rec))
		}
		if endOfRecord {
			break
		}
	}
	if c.err != nil {
		fail(c.err, "")
	}
	// A line of nothing but separators and spaces is blank too: Excel
	// writes one for each empty row of a sheet's used range (,,,,).
	if r.err == nil && len(bytes.TrimSpace(c.rec)) == 0 {
		return r, true, true
	}
	s := string(c.rec)
	c.fields = c.fields[:0]
	from := 0
	for _, e := range c.ends {
		c.fields = append(c.fields, s[from:e])
		from = e
	}
	r.fields = c.fields
	return r, true, false
}

// detectComma picks the separator of the header line, the first that
// holds more than separators and spaces (past title lines without a
// separator): the candidate that occurs most often outside quotes (a comma
// when none does).
func detectComma(head []byte) byte {
	titles := 0
	for len(head) > 0 {
		end := bytes.IndexAny(head, "\r\n")
		if end < 0 {
			end = len(head)
		}
		if len(bytes.Trim(head[:end], ",;\t| \v\f")) > 0 {
			// A title above the header, without a separator, says
			// nothing of the separator (headerSearch).
			if titles == titleRows || bytes.ContainsAny(head[:end], ",;\t|") {
				break
			}
			titles++
		}
		head = head[min(end+1, len(head)):]
	}
	best, most := byte(','), 0
	for _, cand := range []byte{',', ';', '\t', '|'} {
		n, quoted := 0, false
	scan:
		for _, b := range head {
			switch {
			case b == '"':
				quoted = !quoted
			case !quoted && (b == '\n' || b == '\r'):
				break scan
			case !quoted && b == cand:
				n++
			}
		}
		if n > most {
			best, most = cand, n
		}
	}
	return best
}

// firstLine is the first line of head, for a message.
func firstLine(head []byte) string {
	if i := bytes.IndexAny(head, "\r\n"); i >= 0 {
		head = head[:i]
	}
	if len(head) > 40 {
		head = head[:40]
	}
	return string(bytes.ToValidUTF8(head, []byte("\uFFFD")))
}

func commaName(c byte) string {
	if c == '\t' {
		return "tab"
	}
	return string(c)
}

func readCSV(r *bufio.Reader, path string, comma byte, multiline bool, yield func(checker.Order, error) bool) {
	if bom, _ := r.Peek(3); string(bom) == "\ufeff" {
		r.Discard(3)
	}
	bad0 := func(err error) {
		yield(checker.Order{File: path, Line: 1}, &checker.InputError{File: path, Line: 1, Err: err, Unread: true})
	}
	first := 1 // the line the header may start on
	if head, _ := r.Peek(64 << 10); len(head) >= 5 && strings.EqualFold(string(head[:4]), "sep=") {
		// Excel's hint line, sep=; or sep=, before the header: it names
		// the separator and is no header.
		sep, rest := head[4], head[5:]
		if len(rest) > 0 && rest[0] != '\r' && rest[0] != '\n' || !strings.ContainsRune(",;\t|", rune(sep)) {
			bad0(fmt.Errorf("%w: the first line %q: want sep= and one separator (, ; tab |), or the header", checker.ErrBadInput, firstLine(head)))
			return
		}
		if comma != 0 && comma != sep {
			bad0(fmt.Errorf("%w: the first line says the separator is %q, --delimiter says %q", checker.ErrBadInput, commaName(sep), commaName(comma)))
			return
		}
		comma = sep
		r.Discard(5)
		if b, _ := r.Peek(2); string(b) == "\r\n" {
			r.Discard(2)
		} else if len(b) > 0 {
			r.Discard(1)
		}
		first = 2
	}
	if comma == 0 {
		head, _ := r.Peek(64 << 10)
		comma = detectComma(head)
	}
	cr := newCSVReader(r, comma, multiline)
	cr.line = first
	bad := func(rec csvRecord, err error, hint string) bool {
		return yield(checker.Order{File: path, Line: rec.start}, &checker.InputError{File: path, Line: rec.start, Err: err, Hint: hint})
	}
	// Without a header no line can be read: the file is not read.
	badHeader := func(rec csvRecord, err error, hint string) {
		yield(checker.Order{File: path, Line: rec.start}, &checker.InputError{File: path, Line: rec.start, Err: err, Hint: hint, Unread: true})
	}
	var (
		header []string
		cols   *columns
		search headerSearch // title rows above the header are skipped
	)
	sepHint := fmt.Sprintf("read as fields separated by %q; give --delimiter if the file uses another", commaName(comma))
	for cols == nil {
		hrec, ok := cr.read()
		if !ok {
			if line, err := search.end(); err != nil {
				badHeader(csvRecord{start: line}, err, sepHint)
			} else {
				badHeader(csvRecord{start: 1}, fmt.Errorf("%w: no header line", checker.ErrBadInput), "")
			}
			return
		}
		if hrec.err != nil {
			badHeader(hrec, hrec.err, hrec.hint)
			return
		}
		header = append(header[:0:0], hrec.fields...)
		c, line, err := search.row(hrec.start, header)
		if err != nil {
			badHeader(csvRecord{start: line}, err, sepHint)
			return
		}
		cols = c
	}
	for {
		rec, ok := cr.read()
		if !ok {
			return
		}
		if rec.err != nil {
			if !bad(rec, rec.err, rec.hint) {
				return
			}
			if cr.err != nil {
				return
			}
			continue
		}
		if len(rec.fields) != len(header) {
			o := cols.order(path, rec.start, rec.fields)
			if !yield(o, &checker.InputError{File: path, Line: rec.start, Err: fmt.Errorf("%w: %d fields, the header has %d", checker.ErrBadInput, len(rec.fields), len(header)), Hint: "short or long row"}) {
				return
			}
			continue
		}
		if field, err := cols.cellError(rec.fields); err != nil {
			if !yield(cols.order(path, rec.start, rec.fields), &checker.InputError{File: path, Line: rec.start, Field: field, Err: err}) {
				return
			}
			continue
		}
		if !yield(cols.order(path, rec.start, rec.fields), nil) {
			return
		}
	}
}
