package orders

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/checker"
)

// Limits on XLSX input. An XLSX file is a zip archive; the sizes its
// directory declares are checked before the workbook is opened (and
// archive/zip holds every part to its declared size), so a small file that
// claims gigabytes is refused rather than allocated.
const (
	// MaxXLSXBytes is the largest XLSX file read, 256 MiB.
	MaxXLSXBytes = 256 << 20
	// MaxXLSXUnzippedBytes is the most the parts of a workbook may declare
	// unzipped, together: 1 GiB (excelize's UnzipSizeLimit).
	MaxXLSXUnzippedBytes = 1 << 30
	// MaxXLSXRatio is the most a workbook may declare unzipped per byte of
	// the file, 100 (spreadsheets compress 5 to 30 times); checked once
	// the parts declare more than MaxXLSXPartInMemory together.
	MaxXLSXRatio = 100
	// MaxXLSXPartInMemory is the largest worksheet or shared-string part
	// unzipped into memory, 16 MiB; larger ones are unzipped to a temporary
	// file (excelize's UnzipXMLSizeLimit).
	MaxXLSXPartInMemory = 16 << 20
)

// checkZip refuses a workbook whose zip directory declares more than the
// limits allow.
func checkZip(b []byte) error {
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return fmt.Errorf("not a readable XLSX workbook: %v", err)
	}
	var total uint64
	for _, f := range z.File {
		total += f.UncompressedSize64
		if total > MaxXLSXUnzippedBytes || total < f.UncompressedSize64 {
			return fmt.Errorf("the workbook's parts declare more than the %s unzipped allowed (%s alone declares %s): refused as a likely zip bomb",
				size(MaxXLSXUnzippedBytes), f.Name, size(f.UncompressedSize64))
		}
	}
	if total > MaxXLSXPartInMemory && total/uint64(max(len(b), 1)) > MaxXLSXRatio {
		return fmt.Errorf("the workbook's parts declare %s unzipped from a file of %s, more than %d times its size: refused as a likely zip bomb",
			size(total), size(uint64(len(b))), MaxXLSXRatio)
	}
	return nil
}

// size writes a byte count for people: 612 bytes, 6 KiB, 1.5 GiB.
func size(n uint64) string {
	units := []string{"KiB", "MiB", "GiB", "TiB"}
	if n < 1<<10 {
		return fmt.Sprintf("%d bytes", n)
	}
	v, unit := float64(n)/(1<<10), units[0]
	for _, u := range units[1:] {
		if v < 1<<10 {
			break
		}
		v, unit = v/(1<<10), u
	}
	return strings.TrimSuffix(strconv.FormatFloat(v, 'f', 1, 64), ".0") + " " + unit
}

// readXLSX reads the first sheet (or the named one): a header row, then one
// order per row. Date cells become YYYY-MM-DD; a number or TRUE/FALSE that
// is not formatted as a date is an error in the date column.
func readXLSX(r io.Reader, path, sheet string, facts []string, yield func(checker.Order, error) bool) {
	read := false // a row was read: an error now is not the whole file's
	fail := func(line int, err error) {
		if !errors.Is(err, checker.ErrBadInput) { // a header's error says so already
			err = fmt.Errorf("%w: %v", checker.ErrBadInput, err)
		}
		yield(checker.Order{File: path, Line: line}, &checker.InputError{File: path, Line: line, Err: err, Unread: line > 0 && !read})
	}
	b, err := io.ReadAll(io.LimitReader(r, MaxXLSXBytes+1))
	if err != nil {
		fail(0, err)
		return
	}
	if len(b) > MaxXLSXBytes {
		fail(0, fmt.Errorf("larger than the %d MiB an XLSX file may be", MaxXLSXBytes>>20))
		return
	}
	if err := checkZip(b); err != nil {
		fail(0, err)
		return
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: MaxXLSXUnzippedBytes, UnzipXMLSizeLimit: MaxXLSXPartInMemory})
	if err != nil {
		fail(0, fmt.Errorf("not a readable XLSX workbook: %v", err))
		return
	}
	defer f.Close()
	if sheet == "" {
		// One sheet, or which holds the orders is not known: orders on a
		// sheet not read would go unjudged, and a hidden first sheet is
		// not the one its user sees.
		if list := f.GetSheetList(); len(list) > 1 {
			names := make([]string, len(list))
			for i, name := range list {
				names[i] = name
				if visible, err := f.GetSheetVisible(name); err == nil && !visible {
					names[i] += " (hidden)" // a sheet of lookups, or of orders its user does not see
				}
			}
			fail(0, fmt.Errorf("the workbook has %d sheets (%s): name the one with the orders with --sheet", len(list), strings.Join(names, ", ")))
			return
		}
		sheet = f.GetSheetName(0)
	}
	idx, err := f.GetSheetIndex(sheet)
	if err != nil || idx < 0 {
		fail(0, fmt.Errorf("no sheet %q (sheets: %s)", sheet, strings.Join(f.GetSheetList(), ", ")))
		return
	}
	// --sheet orders names the sheet Orders (excelize matches without
	// regard to case): its own name, in cell references and in the
	// workbook's parts.
	sheet = f.GetSheetList()[idx]
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	// A workbook that asks to be calculated when it is opened
	// (fullCalcOnLoad) was written by a program that does not calculate:
	// XlsxWriter saves 0 as every formula's value, and a value kept from
	// before an edit is not the formula's result either. Excel and
	// LibreOffice drop the flag when they save what they calculated.
	recalc := false
	if calc, err := f.GetCalcProps(); err == nil && calc.FullCalcOnLoad != nil {
		recalc = *calc.FullCalcOnLoad
	}
	// One pass over the sheet's XML: the raw values for the orders, and
	// each cell's type, style and formula; the value as shown (which
	// tells a date-formatted number from a plain one or a boolean) is
	// asked of excelize only for the cells whose checks need it.
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		fail(0, fmt.Errorf("not a readable XLSX workbook: %v", err))
		return
	}
	part, err := sheetPart(z, sheet)
	if err != nil {
		fail(0, err)
		return
	}
	open := func() (io.ReadCloser, error) { return openPart(z, part) }
	sst, err := sharedStrings(z)
	if err != nil {
		fail(0, err)
		return
	}
	var merged merges
	if has, err := hasMerges(open); err != nil {
		fail(0, fmt.Errorf("sheet %q: %v", sheet, err))
		return
	} else if has {
		// Rare in an export: read through excelize, which parses the
		// whole sheet.
		if merged, err = mergedCells(f, sheet); err != nil {
			fail(0, err)
			return
		}
	}
	rc, err := open()
	if err != nil {
		fail(0, fmt.Errorf("sheet %q: %v", sheet, err))
		return
	}
	defer rc.Close()
	sr := &sheetReader{x: newXMLScanner(rc), sst: sst}
	shownOf := &shownValues{f: f, sheet: sheet}
	formats := &dateFormats{f: f, known: map[int]bool{}}
	var (
		cols    *columns
		search  headerSearch // title rows above the header are skipped
		checked []bool       // column -> its formulas are checked (an order's field, or a fact)
		raw     []string
		row     xlsxRow
	)
	line := 0
	for {
		num, cells, ok, err := sr.nextRow()
		if err != nil {
			fail(sr.row, fmt.Errorf("sheet %q: %v", sheet, err))
			return
		}
		if !ok {
			break
		}
		line = num
		if raw, err = sr.values(cells, raw[:0]); err != nil {
			fail(line, err)
			return
		}
		row.reset(cells, len(raw))
		raw = merged.fill(line, raw, row.setMerged)
		if blankRow(raw) {
			// Nothing to read: blank rows above the header (a sheet whose
			// table starts lower down), between orders and after them
			// (cells Excel keeps for their format, or cleared to spaces).
			continue
		}
		if cols == nil {
			// The header's cells are kept; the rows' are read into one
			// slice again and again.
			c, at, err := search.row(line, slices.Clone(raw))
			if err != nil {
				fail(at, err)
				return
			}
			if c == nil {
				continue // a title above the header
			}
			cols = c
			// The columns whose formulas are checked: the order's fields
			// and the facts the checker reads (a stale "EUC-1" in an
			// end_use_certificate column would meet a licence's condition).
			checked = make([]bool, len(raw))
			for i := range checked {
				checked[i] = i < len(cols.field) && cols.field[i] != "" || slices.Contains(facts, checker.ColumnKey(cols.name(i)))
			}
			continue
		}
		read = true
		var dateErr error
		errField, hint := "", ""
		for i, v := range raw {
			c := row.cell(i)
			// shown is the cell's value as the sheet shows it.
			shown := func() string { return row.shown(i, shownOf, line) }
			// cell names a cell for a person: its field (or column) and
			// where it is on the sheet, as Excel writes a reference.
			cell := func() string { return fmt.Sprintf("the %s cell (%s)", cols.name(i), cellRef(sheet, i+1, line)) }
			field := ""
			if i < len(cols.field) {
				field = cols.field[i]
			}
			if at := strings.IndexFunc(v, func(r rune) bool { return r < 0x20 && isControl(byte(r)) }); at >= 0 && dateErr == nil {
				// A NUL or other control character is not text a person
				// typed (a cell may hold tabs and line feeds): the name
				// may not read as it shows, as in CSV.
				errField = cols.name(i)
				dateErr = fmt.Errorf("%s holds the control character 0x%02X", cell(), v[at])
				hint = "remove it, or export the order book again"
			}
			// TRUE and FALSE are read raw as 1 and 0; only those may be.
			maybeBool := v == "1" || v == "0"
			if field != "" && field != "date" && maybeBool && dateErr == nil && isBool(v, shown()) {
				// TRUE is no quantity, country or name: read raw, it
				// would be the quantity 1.
				dateErr = fmt.Errorf("%s holds %s, not a value", cell(), strings.ToUpper(strings.TrimSpace(shown())))
				errField = field
			}
			if field == "" && maybeBool && isBool(v, shown()) {
				// In another column, TRUE as the sheet shows it, not 1.
				raw[i] = strings.ToUpper(strings.TrimSpace(shown()))
			}
			if field != "" && checker.SpreadsheetError(v) && dateErr == nil {
				// #N/A, #REF!: a cell whose formula failed (the type of
				// the cell says so, and so does its text).
				dateErr = fmt.Errorf("%s holds %s, a spreadsheet's error value, not a value", cell(), strings.TrimSpace(v))
				errField, hint = field, "correct the formula or the value in the spreadsheet"
			}
			if field == "id" && shownNumber(v) && dateErr == nil {
				// Text 1.23457E+15: a number's digits lost on the way
				// (a CSV saved from Excel and opened again); a number
				// cell is read below.
				if t := c.cellType(); t != excelize.CellTypeUnset && t != excelize.CellTypeNumber {
					dateErr = fmt.Errorf("%s holds %s, a number as a spreadsheet shows it, its digits lost: no order id", cell(), strings.TrimSpace(v))
					errField, hint = "id", "format the id column as text and enter the ids again, or export them from the system they come from"
				}
			}
			isChecked := i < len(checked) && checked[i]
			if isChecked && strings.TrimSpace(v) == "" && dateErr == nil && c.uncalculated() {
				// A formula the workbook keeps no value of (written by a
				// program that does not calculate): read as blank, a
				// ship-from country would be the default.
				formula, err := f.GetCellFormula(sheet, c.ref)
				if err != nil {
					fail(line, err)
					return
				}
				if formula != "" {
					dateErr = fmt.Errorf("%s holds the formula =%s but no value: the workbook was saved without calculating it", cell(), formula)
					errField, hint = cmp.Or(field, cols.name(i)), "open it in Excel or LibreOffice and save it again, or export the values"
				}
			}
			if isChecked && recalc && c.f && dateErr == nil {
				// The value saved with the formula is not known to be its
				// result: an end user 0, or a quantity 0, read as written.
				what := "a formula"
				if ref, err := excelize.CoordinatesToCellName(i+1, line); err == nil {
					if formula, err := f.GetCellFormula(sheet, ref); err == nil && formula != "" {
						what = "the formula =" + formula
					}
				}
				dateErr = fmt.Errorf("%s holds %s, and the workbook asks to be calculated when it is opened: the value saved with it (%q) may not be its result", cell(), what, strings.TrimSpace(v))
				errField, hint = cmp.Or(field, cols.name(i)), "open it in Excel or LibreOffice and save it again, or export the values"
			}
			if field == "id" && strings.TrimSpace(v) != "" && dateErr == nil {
				if raw[i], err = excelID(c, v, shown); err != nil {
					dateErr, errField = fmt.Errorf("%s holds %v", cell(), err), "id"
					hint = "format the id column as text and enter the ids again, or export them from the system they come from"
				}
			}
			if field == "date" {
				isDate := func() bool { return formats.date(c, sheet, i+1, line) }
				if len(v) > 10 && v[10] == 'T' && checker.DateError(v[:10]) == nil && c.cellType() == excelize.CellTypeDate {
					// A date cell of ISO 8601 text (t="d", which some
					// programs write): its day, as a date with a time.
					v = v[:10]
				}
				s := ""
				if _, err := strconv.ParseFloat(v, 64); err == nil {
					s = shown() // only a number's shown value is read
				}
				if raw[i], err = excelDate(v, s, isDate, date1904); err != nil && dateErr == nil {
					dateErr, errField = fmt.Errorf("%s holds %v", cell(), err), "date"
				}
			}
		}
		if dateErr != nil {
			// The row's order as read, as a CSV line's error keeps it: the
			// table names the order whose cell is wrong.
			if !yield(cols.order(path, line, raw), &checker.InputError{File: path, Line: line, Field: errField, Err: fmt.Errorf("%w: %v", checker.ErrBadInput, dateErr), Hint: hint}) {
				return
			}
			continue
		}
		if !yield(cols.order(path, line, raw), nil) {
			return
		}
	}
	if cols == nil {
		if at, err := search.end(); err != nil {
			fail(at, err)
			return
		}
		fail(1, fmt.Errorf("empty sheet %q", sheet))
	}
}

// blankRow reports whether a row holds nothing but blanks and spaces.
func blankRow(cells []string) bool {
	for _, v := range cells {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// excelDate turns a date cell into YYYY-MM-DD: raw is its value, shown its
// value as the sheet shows it, isDate whether its number format is a
// date's. Text passes through (the checker reads it); a number is a date
// only when its format shows it as one (a price in a date column, a
// column shifted, is no date), and TRUE or FALSE is never one. An error
// says what the cell holds instead.
func excelDate(raw, shown string, isDate func() bool, date1904 bool) (string, error) {
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return raw, nil
	}
	switch s := strings.TrimSpace(shown); {
	case strings.EqualFold(s, "TRUE") || strings.EqualFold(s, "FALSE"):
		return "", fmt.Errorf("%s, not a date", strings.ToUpper(s))
	case s == "" || isNumber(s) || !isDate():
		if s == "" || s == raw {
			return "", fmt.Errorf("the number %s, not a date (format the cell as a date, or write YYYY-MM-DD)", raw)
		}
		return "", fmt.Errorf("the number %s (shown as %s), not a date (format the cell as a date, or write YYYY-MM-DD)", raw, s)
	}
	t, err := excelize.ExcelDateToTime(serial, date1904)
	if err != nil || serial < 1 {
		return "", fmt.Errorf("%s, not a date", raw)
	}
	return t.Format(time.DateOnly), nil
}

// dateFormats tells the cells whose number format shows a date.
type dateFormats struct {
	f     *excelize.File
	known map[int]bool // style index -> its format shows a date
}

// date reports whether the number format of a cell shows a date: its
// own style, or for a cell with none (one a merged range covers) the
// style excelize gives it from its row or column.
func (d *dateFormats) date(c *sheetCell, sheet string, col, row int) bool {
	idx := c.s
	if idx == 0 {
		var err error
		if idx, err = d.f.GetCellStyle(sheet, cellName(col, row)); err != nil {
			return false
		}
	}
	if v, ok := d.known[idx]; ok {
		return v
	}
	st, err := d.f.GetStyle(idx)
	v := err == nil && (st.CustomNumFmt != nil && dateCode(*st.CustomNumFmt) || st.CustomNumFmt == nil && builtinDate(st.NumFmt))
	d.known[idx] = v
	return v
}

// builtinDate reports whether a built-in number format (by its id) shows
// a date: 14-17 and 22 (m/d/yy h:mm), and the East Asian and Thai dates;
// not the times (18-21, 45-47 and the East Asian and Thai times), which
// show no day.
func builtinDate(id int) bool {
	switch id {
	case 14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58, 71, 72, 73, 74, 77, 81:
		return true
	}
	return false
}

// dateCode reports whether a number format code shows a date: it has a
// year, a day or a month (m not among hours and seconds, where it is the
// minutes), outside quoted text, escapes and [brackets] (a colour, a
// locale; an elapsed [h] is a time).
func dateCode(code string) bool {
	var b strings.Builder
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '\\', '_', '*':
			i++ // the next character is shown as written, or fills
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				j = len(code) - i
			}
			if in := strings.ToLower(code[i+1 : i+j]); in != "" && strings.Trim(in, "hms") == "" {
				b.WriteString("h") // elapsed time: [h]:mm, [mm]:ss
			}
			i += j
		default:
			b.WriteByte(c | 0x20) // lower case for letters
		}
	}
	s := strings.ReplaceAll(b.String(), "general", "")
	return strings.ContainsAny(s, "ydeb") && !strings.Contains(s, "0e+") && !strings.Contains(s, "0e-") ||
		strings.Contains(s, "m") && !strings.ContainsAny(s, "hs")
}

// openPart opens a part of a workbook by its name, as excelize finds it: a
// name written with backslashes (xl\worksheets\sheet1.xml) is the same.
func openPart(z *zip.Reader, name string) (io.ReadCloser, error) {
	for _, f := range z.File {
		if strings.ReplaceAll(f.Name, "\\", "/") == name {
			return f.Open()
		}
	}
	return nil, fmt.Errorf("no part %s in the workbook", name)
}

// sheetPart is the zip part of the sheet named so, as the package's, the
// workbook's and its relationships' parts say (the workbook is
// xl/workbook.xml where Excel writes it, but may be elsewhere).
func sheetPart(z *zip.Reader, sheet string) (string, error) {
	read := func(name string, v any) error {
		r, err := openPart(z, name)
		if err != nil {
			return err
		}
		defer r.Close()
		return xml.NewDecoder(r).Decode(v)
	}
	type relationships struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	// target is the part a relationship of the part at base names.
	target := func(base, t string) string {
		if strings.HasPrefix(t, "/") {
			return strings.TrimPrefix(t, "/")
		}
		return path.Join(path.Dir(base), t)
	}
	book := "xl/workbook.xml"
	var pkg relationships
	if err := read("_rels/.rels", &pkg); err == nil {
		for _, rel := range pkg.Rels {
			if strings.HasSuffix(rel.Type, "/officeDocument") {
				book = target("", rel.Target)
				break
			}
		}
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels relationships
	if err := read(book, &wb); err != nil {
		return "", fmt.Errorf("the workbook's list of sheets: %v", err)
	}
	if err := read(path.Join(path.Dir(book), "_rels", path.Base(book)+".rels"), &rels); err != nil {
		return "", fmt.Errorf("the workbook's list of sheets: %v", err)
	}
	for _, s := range wb.Sheets {
		if s.Name != sheet {
			continue
		}
		for _, rel := range rels.Rels {
			if rel.ID == s.ID {
				return target(book, rel.Target), nil
			}
		}
	}
	return "", fmt.Errorf("sheet %q: not found in the workbook's parts", sheet)
}

// excelID reads an id cell: raw is its value, shown its value as the sheet
// shows it. Text is the id as written. A number is an id only where it is
// exact: Excel keeps 15 digits of a number (an 18-digit id typed in is
// another id), and none in an exponent or a fraction. A number shown with
// its leading zeros (a format 00000) is the id as shown, as a CSV export of
// the sheet writes it.
func excelID(c *sheetCell, raw string, shown func() string) (string, error) {
	if t := c.cellType(); t != excelize.CellTypeUnset && t != excelize.CellTypeNumber {
		return raw, nil // text, or a formula's text
	}
	digits := strings.TrimLeft(raw, "0")
	if raw == "" || strings.Trim(raw, "0123456789") != "" || len(digits) > 15 {
		return "", fmt.Errorf("the number %s: an id stored as a number may not be the id (Excel keeps 15 digits of a number; an id has no exponent or fraction)", raw)
	}
	if !c.filled && c.s == 0 {
		return raw, nil // General: no leading zeros shown
	}
	if s := strings.TrimSpace(shown()); len(s) > len(raw) && strings.Trim(s, "0123456789") == "" && strings.TrimLeft(s, "0") == digits {
		return s, nil
	}
	return raw, nil
}

// cellName is a cell's name, C4; "" past the sheet's last column.
func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// cellRef is a cell's reference as Excel writes one: Orders!C4, or
// 'Order book'!C4 for a sheet name with a space or a sign in it.
func cellRef(sheet string, col, row int) string {
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		cell = fmt.Sprintf("R%dC%d", row, col)
	}
	if strings.IndexFunc(sheet, func(r rune) bool { return !(r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r)) }) >= 0 ||
		sheet == "" || unicode.IsDigit([]rune(sheet)[0]) {
		sheet = "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
	}
	return sheet + "!" + cell
}

// isNumber reports whether a shown value is a plain number (1,000 or 2024).
func isNumber(s string) bool {
	_, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	return err == nil
}

// isBool reports whether a cell is TRUE or FALSE: raw 1 or 0, shown as
// the boolean.
func isBool(raw, shown string) bool {
	s := strings.TrimSpace(shown)
	return (raw == "1" || raw == "0") && (strings.EqualFold(s, "TRUE") || strings.EqualFold(s, "FALSE"))
}

// merge is a range of merged cells: Excel shows the value of its first
// cell across all of them.
type merge struct {
	col1, row1, col2, row2 int // 1-based, inclusive
	raw, shown             string
	typ                    excelize.CellType // excelize gives it for every cell of the range
}

// merges are a sheet's merged ranges.
type merges []merge

// mergedCells reads the merged ranges of a sheet and the value each shows.
func mergedCells(f *excelize.File, sheet string) (merges, error) {
	mcs, err := f.GetMergeCells(sheet, true)
	if err != nil {
		return nil, err
	}
	var out merges
	for _, mc := range mcs {
		c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("merged cells %s:%s: not a range", mc.GetStartAxis(), mc.GetEndAxis())
		}
		m := merge{col1: min(c1, c2), row1: min(r1, r2), col2: max(c1, c2), row2: max(r1, r2)}
		start, _ := excelize.CoordinatesToCellName(m.col1, m.row1)
		if m.raw, err = f.GetCellValue(sheet, start, excelize.Options{RawCellValue: true}); err != nil {
			return nil, err
		}
		if m.shown, err = f.GetCellValue(sheet, start); err != nil {
			return nil, err
		}
		if m.typ, err = f.GetCellType(sheet, start); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// fill gives the cells of a row that merged ranges cover the value the
// range shows: a value merged down several rows belongs to each of them,
// as the sheet shows it, rather than to the first alone (an owner or a
// country of shipment read as blank on the others). set is told each cell
// a range covers (its type is the range's first cell's, as excelize gives
// it, whether the range holds a value or not).
func (ms merges) fill(row int, raw []string, set func(col int, m *merge)) []string {
	for i := range ms {
		m := &ms[i]
		last := min(m.col2, MaxColumns)
		if row < m.row1 || row > m.row2 || m.col1 > last {
			continue
		}
		for len(raw) < last && m.raw != "" {
			raw = append(raw, "")
		}
		for c := m.col1; c <= last; c++ {
			if row == m.row1 && c == m.col1 {
				continue
			}
			if m.raw != "" {
				raw[c-1] = m.raw
			}
			set(c, m)
		}
	}
	return raw
}
