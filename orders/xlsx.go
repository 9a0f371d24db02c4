package orders

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/checker"
)

// readXLSX reads the first sheet (or the named one): a header row, then one
// order per row. Date cells become YYYY-MM-DD.
func readXLSX(r io.Reader, path, sheet string, yield func(checker.Order, error) bool) {
	fail := func(line int, err error) {
		yield(checker.Order{File: path, Line: line}, &checker.InputError{File: path, Line: line, Err: fmt.Errorf("%w: %v", checker.ErrBadInput, err)})
	}
	f, err := excelize.OpenReader(r)
	if err != nil {
		fail(0, fmt.Errorf("not a readable XLSX workbook: %v", err))
		return
	}
	defer f.Close()
	if sheet == "" {
		sheet = f.GetSheetName(0)
	}
	if idx, err := f.GetSheetIndex(sheet); err != nil || idx < 0 {
		fail(0, fmt.Errorf("no sheet %q (sheets: %v)", sheet, f.GetSheetList()))
		return
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		fail(0, err)
		return
	}
	defer rows.Close()
	var cols *columns
	line := 0
	for rows.Next() {
		line++
		raw, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			fail(line, err)
			return
		}
		if cols == nil {
			if len(raw) == 0 {
				fail(line, fmt.Errorf("empty sheet %q", sheet))
				return
			}
			if cols, err = newColumns(raw); err != nil {
				fail(line, err)
				return
			}
			continue
		}
		empty := true
		for _, v := range raw {
			if v != "" {
				empty = false
			}
		}
		if empty {
			continue
		}
		for i, v := range raw {
			if i < len(cols.field) && cols.field[i] == "date" {
				raw[i] = excelDate(v)
			}
		}
		if !yield(cols.order(path, line, raw), nil) {
			return
		}
	}
	if cols == nil {
		fail(1, fmt.Errorf("empty sheet %q", sheet))
	}
}

// excelDate turns a date serial number into YYYY-MM-DD; text passes through.
func excelDate(v string) string {
	serial, err := strconv.ParseFloat(v, 64)
	if err != nil || serial < 1 {
		return v
	}
	t, err := excelize.ExcelDateToTime(serial, false)
	if err != nil {
		return v
	}
	return t.Format(time.DateOnly)
}
