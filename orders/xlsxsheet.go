package orders

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// A sheet is read in one pass over its XML, row by row, with
// encoding/xml's tokens rather than excelize's per-cell lookups: those parse the
// whole sheet into memory the first time (GetCellType, GetCellStyle,
// GetMergeCells) and format every number through its number format
// (GetCellValue, Rows().Columns()), tens of microseconds a row. The values
// read are excelize's own: a cell's value raw as excelize's RawCellValue
// gives it, and, where a value as shown is needed, excelize formats it.

// sheetCell is a cell as the sheet's XML holds it.
type sheetCell struct {
	col    int    // 1-based
	ref    string // its r attribute, "" if it has none
	t      string // its type: "" or n (a number), s, str, inlineStr, b, e, d
	s      int    // its style
	v      string // the text of its <v>
	hasV   bool   // it has a <v>
	f      bool   // it holds a formula
	is     string // the text of its inline string
	hasIS  bool
	vText  bool // its <v> holds more than spaces
	raw    string
	shown  string // set by a merged range
	filled bool   // its value is a merged range's
	merged *merge // the merged range that covers it, if any
}

// xmlScanner reads the tokens of a sheet's XML through encoding/xml's
// RawToken: names by their local part (x:c is c), no namespaces looked
// up, and the text of a token valid until the next.
type xmlScanner struct {
	d     *xml.Decoder
	name  string // the local name of the last tag
	attrs []xml.Attr
	text  []byte // the text of the last text token, its entities read
}

type tokKind int

const (
	tokStart tokKind = iota + 1
	tokEnd
	tokText
)

var errXMLSyntax = errors.New("not well-formed XML")

func newXMLScanner(r io.Reader) *xmlScanner {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && string(b) == "\xef\xbb\xbf" {
		br.Discard(3)
	}
	d := xml.NewDecoder(br)
	d.Strict = true // an unknown entity is an error, not text
	d.CharsetReader = func(enc string, r io.Reader) (io.Reader, error) {
		if strings.EqualFold(enc, "utf8") {
			return r, nil
		}
		return nil, fmt.Errorf("the sheet's XML is in %s, not UTF-8", enc)
	}
	return &xmlScanner{d: d}
}

// next returns the next token; io.EOF at the end. An empty element
// (<c/>) is a start and an end.
func (x *xmlScanner) next() (tokKind, error) {
	for {
		tok, err := x.d.RawToken()
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return 0, fmt.Errorf("%w: %s", errXMLSyntax, se.Msg)
			}
			return 0, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			x.name, x.attrs = t.Name.Local, t.Attr
			return tokStart, nil
		case xml.EndElement:
			x.name = t.Name.Local
			return tokEnd, nil
		case xml.CharData:
			x.text = t
			return tokText, nil
		case xml.Directive:
			return 0, fmt.Errorf("%w: a document type or declaration (<!) in a sheet", errXMLSyntax)
		}
	}
}

// attr is the value of an attribute of the last start tag.
func (x *xmlScanner) attr(name string) (string, bool) {
	for _, a := range x.attrs {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// sheetReader reads a sheet's rows from its XML.
type sheetReader struct {
	x      *xmlScanner
	sst    []string
	inData bool
	done   bool
	row    int // the number of the last row read
	cells  []sheetCell
}

// nextRow returns the next row of the sheet and its number; a row of no
// cells at the end (ok false).
func (r *sheetReader) nextRow() (num int, cells []sheetCell, ok bool, err error) {
	if r.done {
		return 0, nil, false, nil
	}
	r.cells = r.cells[:0]
	var cell *sheetCell
	inV, inIS, inT, inRPh := false, false, false, false
	inRow := false
	for {
		kind, err := r.x.next()
		if err == io.EOF {
			if inRow || r.inData {
				return 0, nil, false, fmt.Errorf("%w: the sheet's XML ends inside its rows", errXMLSyntax)
			}
			r.done = true
			return 0, nil, false, nil
		}
		if err != nil {
			return 0, nil, false, err
		}
		switch kind {
		case tokText:
			switch {
			case cell != nil && inV:
				cell.v += string(r.x.text)
			case cell != nil && inIS && inT && !inRPh:
				cell.is += string(r.x.text)
			}
		case tokStart:
			switch r.x.name {
			case "sheetData":
				r.inData = true
			case "row":
				if !r.inData {
					continue
				}
				num := r.row + 1
				if v, ok := r.x.attr("r"); ok {
					n, err := strconv.Atoi(v)
					if err != nil || n < 1 {
						return 0, nil, false, fmt.Errorf("a row numbered %q", v)
					}
					if n > excelize.TotalRows {
						return 0, nil, false, excelize.ErrMaxRows
					}
					if n <= r.row {
						return 0, nil, false, fmt.Errorf("row %d comes after row %d in the sheet's XML", n, r.row)
					}
					num = n
				}
				r.row = num
				inRow = true
			case "c":
				if !inRow {
					continue
				}
				c := sheetCell{col: 1}
				if len(r.cells) > 0 {
					c.col = r.cells[len(r.cells)-1].col + 1
				}
				for _, a := range r.x.attrs {
					switch a.Name.Local {
					case "r":
						c.ref = a.Value
						col, row, err := excelize.CellNameToCoordinates(c.ref)
						if err != nil {
							return 0, nil, false, err
						}
						if row != r.row {
							return 0, nil, false, fmt.Errorf("cell %s is in row %d of the sheet's XML", c.ref, r.row)
						}
						c.col = col
					case "s":
						s, err := strconv.Atoi(a.Value)
						if err != nil {
							return 0, nil, false, fmt.Errorf("cell %s: a style %q", c.ref, a.Value)
						}
						c.s = s
					case "t":
						c.t = a.Value
					}
				}
				if c.col > excelize.MaxColumns {
					return 0, nil, false, excelize.ErrColumnNumber
				}
				if n := len(r.cells); n > 0 && c.col <= r.cells[n-1].col {
					return 0, nil, false, fmt.Errorf("cell %s comes after cell %s in the sheet's XML", cellName(c.col, r.row), cellName(r.cells[n-1].col, r.row))
				}
				r.cells = append(r.cells, c)
				cell = &r.cells[len(r.cells)-1]
			case "v":
				if cell != nil {
					cell.hasV, cell.v = true, ""
					inV = true
				}
			case "f":
				if cell != nil {
					cell.f = true
				}
			case "is":
				if cell != nil {
					cell.hasIS = true
					inIS = true
				}
			case "rPh":
				inRPh = true
			case "t":
				inT = true
			}
		case tokEnd:
			switch r.x.name {
			case "v":
				inV = false
			case "t":
				inT = false
			case "rPh":
				inRPh = false
			case "is":
				inIS = false
			case "c":
				cell = nil
			case "row":
				if inRow {
					return r.row, r.cells, true, nil
				}
			case "sheetData":
				r.inData = false
				r.done = true
				return 0, nil, false, nil
			}
		}
	}
}

// values sets the raw value of each cell, as excelize reads it with
// RawCellValue, and returns the row's values by column: a shared string's
// text, an inline string's, else the text of <v>. A cell with no value
// and no formula is blank.
func (r *sheetReader) values(cells []sheetCell, out []string) ([]string, error) {
	out = out[:0]
	for i := range cells {
		c := &cells[i]
		if !utf8.ValidString(c.v) || !utf8.ValidString(c.is) {
			return out, fmt.Errorf("cell %s holds text that is not UTF-8", cellName(c.col, r.row))
		}
		c.vText = strings.TrimSpace(c.v) != ""
		switch c.t {
		case "s":
			if c.v != "" {
				idx, _ := strconv.Atoi(strings.TrimSpace(c.v))
				if idx < 0 || idx >= len(r.sst) {
					return out, fmt.Errorf("cell %s names shared string %d, of %d the workbook has", cellName(c.col, r.row), idx, len(r.sst))
				}
				c.raw = r.sst[idx]
			}
		case "inlineStr":
			if c.hasIS {
				c.raw = bstrUnmarshal(c.is)
			} else {
				c.raw = c.v
			}
		default:
			c.raw = c.v
		}
		if c.raw == "" && !c.f {
			continue
		}
		for len(out) < c.col-1 {
			out = append(out, "")
		}
		out = append(out, c.raw)
	}
	return out, nil
}

// bstrExp is an escaped character in a string (_x000D_), as excelize reads
// it.
var bstrExp = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)

// bstrUnmarshal reads the escapes of a string item (_x0007_ is BEL,
// _x005F_ an underscore), as excelize does.
func bstrUnmarshal(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var result strings.Builder
	cursor := 0
	for _, m := range bstrExp.FindAllStringIndex(s, -1) {
		result.WriteString(s[cursor:m[0]])
		sub := s[m[0]:m[1]]
		cursor = m[1]
		if sub == "_x005F_" {
			result.WriteString("_")
			continue
		}
		v, _ := strconv.Unquote(`"\u` + s[m[0]+2:m[1]-1] + `"`)
		result.WriteString(v)
	}
	result.WriteString(s[cursor:])
	return result.String()
}

// sharedStrings reads a workbook's shared strings, as excelize reads
// them: the text of each item and of its runs, not of its phonetic runs.
func sharedStrings(z *zip.Reader) ([]string, error) {
	var part *zip.File
	for _, f := range z.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, "\\", "/"), "xl/sharedStrings.xml") {
			part = f
		}
	}
	if part == nil {
		return nil, nil
	}
	rc, err := part.Open()
	if err != nil {
		return nil, fmt.Errorf("the shared strings: %v", err)
	}
	defer rc.Close()
	type text struct {
		Val string `xml:",chardata"`
	}
	type item struct {
		T *text `xml:"t"`
		R []struct {
			T *text `xml:"t"`
		} `xml:"r"`
	}
	var out []string
	d := xml.NewDecoder(bufio.NewReaderSize(rc, 64<<10))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("the shared strings: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "si" {
			var si item
			if err := d.DecodeElement(&si, &se); err != nil {
				return nil, fmt.Errorf("the shared strings: %v", err)
			}
			var b strings.Builder
			if si.T != nil {
				b.WriteString(si.T.Val)
			}
			for _, r := range si.R {
				if r.T != nil {
					b.WriteString(r.T.Val)
				}
			}
			out = append(out, bstrUnmarshal(b.String()))
		}
	}
}

// hasMerges reports whether a sheet's XML names merged cells: a quick
// search, before the rows are read, as <mergeCells> comes after them.
func hasMerges(open func() (io.ReadCloser, error)) (bool, error) {
	rc, err := open()
	if err != nil {
		return false, err
	}
	defer rc.Close()
	const word = "mergeCell"
	buf := make([]byte, 256<<10)
	keep := 0
	for {
		n, err := io.ReadFull(rc, buf[keep:])
		if bytes.Contains(buf[:keep+n], []byte(word)) {
			return true, nil
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if keep+n >= len(word) {
			keep = copy(buf, buf[keep+n-len(word)+1:keep+n])
		}
	}
}

// cellTypes are the cell types as excelize names them.
var cellTypes = map[string]excelize.CellType{
	"b": excelize.CellTypeBool, "d": excelize.CellTypeDate, "n": excelize.CellTypeNumber,
	"e": excelize.CellTypeError, "s": excelize.CellTypeSharedString,
	"str": excelize.CellTypeFormula, "inlineStr": excelize.CellTypeInlineString,
}

// cellType is the cell's type as excelize's GetCellType gives it: that
// of the first cell of a merged range that covers it.
func (c *sheetCell) cellType() excelize.CellType {
	if c.merged != nil {
		return c.merged.typ
	}
	return cellTypes[c.t]
}

// uncalculated reports whether the cell holds a formula and no value to
// show (no <v>, or an empty one on a cell that is not a string): written
// by a program that does not calculate. A formula whose result is empty
// text (=IF(…,"",…)) is saved as a string with an empty value, and is
// blank.
func (c *sheetCell) uncalculated() bool {
	return c.f && c.ref != "" && (!c.hasV || !c.vText && c.t != "str")
}

// xlsxRow finds the cells of a row by column, and the values merged
// ranges show in them.
type xlsxRow struct {
	cells []sheetCell
	at    []int32 // column-1 -> index in cells, or -1
	none  sheetCell
	extra []sheetCell // cells a merged range fills that the XML has not
}

func (r *xlsxRow) reset(cells []sheetCell, width int) {
	r.cells, r.extra = cells, r.extra[:0]
	r.at = r.at[:0]
	for range width {
		r.at = append(r.at, -1)
	}
	for i, c := range cells {
		if c.col <= width {
			r.at[c.col-1] = int32(i)
		}
	}
}

// cell is the cell at column i+1 (a blank one where the XML has none).
func (r *xlsxRow) cell(i int) *sheetCell {
	if i < len(r.at) {
		if j := r.at[i]; j >= 0 {
			return &r.cells[j]
		}
		if j := -r.at[i] - 2; j >= 0 {
			return &r.extra[j]
		}
	}
	r.none = sheetCell{col: i + 1}
	return &r.none
}

// setMerged records the merged range that covers column col, and the
// value it shows there.
func (r *xlsxRow) setMerged(col int, m *merge) {
	for len(r.at) < col {
		r.at = append(r.at, -1)
	}
	c := r.cell(col - 1)
	if c == &r.none {
		r.extra = append(r.extra, sheetCell{col: col})
		r.at[col-1] = -int32(len(r.extra)) - 1
		c = &r.extra[len(r.extra)-1]
	}
	c.merged = m
	if m.raw != "" {
		c.filled, c.shown = true, m.shown
	}
}

// shown is the value of the cell in column i+1 as the sheet shows it.
func (r *xlsxRow) shown(i int, sv *shownValues, row int) string {
	c := r.cell(i)
	if c.filled {
		return c.shown
	}
	if c.raw == "" && !c.f && c.t == "" && !c.hasV {
		return "" // no cell, or no value
	}
	return sv.of(c, row)
}

// plainNumber is a number as a sheet's XML writes one.
var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)

// shownValues gives the values of cells as the sheet shows them: their
// number formats applied, as excelize's GetCellValue applies them. A
// number is formatted in a sheet of excelize's own beside the workbook's
// (with its styles), memoized; other cells rarely need it, and are asked
// of excelize on the sheet itself.
type shownValues struct {
	f       *excelize.File
	sheet   string
	scratch string
	memo    map[shownKey]string
}

type shownKey struct {
	s    int
	v    string
	text bool
}

func (sv *shownValues) of(c *sheetCell, row int) string {
	switch {
	case c.t == "b" && (c.v == "1" || c.v == "0"):
		if c.v == "1" {
			return "TRUE"
		}
		return "FALSE"
	case c.t == "str":
		return c.v
	case c.s == 0 && (c.t == "s" || c.t == "inlineStr" || c.t == "e"):
		return c.raw
	case (c.t == "" || c.t == "n") && plainNumber.MatchString(c.v):
		if v, ok := sv.format(shownKey{c.s, c.v, false}); ok {
			return v
		}
	case c.t == "s" || c.t == "inlineStr":
		// Text with a style: excelize formats shared and inline
		// strings alike.
		if v, ok := sv.format(shownKey{c.s, c.raw, true}); ok {
			return v
		}
	}
	v, _ := sv.f.GetCellValue(sv.sheet, cellName(c.col, row))
	return v
}

// format formats a number or text with a style of the workbook.
func (sv *shownValues) format(k shownKey) (string, bool) {
	if s, ok := sv.memo[k]; ok {
		return s, true
	}
	if sv.scratch == "" {
		name := "exportcheck shown values"
		for i := 0; ; i++ {
			if idx, err := sv.f.GetSheetIndex(name); err == nil && idx < 0 {
				break
			}
			name = fmt.Sprintf("exportcheck shown values %d", i)
		}
		if _, err := sv.f.NewSheet(name); err != nil {
			return "", false
		}
		sv.scratch, sv.memo = name, map[shownKey]string{}
	}
	set := sv.f.SetCellDefault
	if k.text {
		set = sv.f.SetCellStr
	}
	if err := set(sv.scratch, "A1", k.v); err != nil {
		return "", false
	}
	if err := sv.f.SetCellStyle(sv.scratch, "A1", "A1", k.s); err != nil {
		return "", false
	}
	s, err := sv.f.GetCellValue(sv.scratch, "A1")
	if err != nil {
		return "", false
	}
	if len(sv.memo) < 1<<14 {
		sv.memo[k] = s
	}
	return s, true
}
