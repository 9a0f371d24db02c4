package orders_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/orders"
)

// Issue #15: in a date column only a date is a date: a plain number is not
// 1905-07-16 and TRUE is not 1900-01-01.
func TestXLSXDateCells(t *testing.T) {
	f := excelize.NewFile()
	sheet := f.GetSheetName(0)
	rows := [][]any{
		{"product", "destination", "date"},
		{"H20", "CN", 45444.0}, // formatted as a date below
		{"H20", "CN", 2024},
		{"H20", "CN", true},
		{"H20", "CN", 45444.0}, // a serial shown as a number
		{"H20", "CN", "2024-06-03"},
		{"H20", "CN", ""},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStyle(sheet, "C2", "C2", dateStyle); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "o.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	want := []line{
		ok(2, "o.xlsx:2", "H20", "CN", "", "2024-06-01"),
		bad(3, "o.xlsx:3: bad input: the date cell (Sheet1!C3) holds the number 2024, not a date (format the cell as a date, or write YYYY-MM-DD)"),
		bad(4, "o.xlsx:4: bad input: the date cell (Sheet1!C4) holds TRUE, not a date"),
		bad(5, "o.xlsx:5: bad input: the date cell (Sheet1!C5) holds the number 45444, not a date (format the cell as a date, or write YYYY-MM-DD)"),
		ok(6, "o.xlsx:6", "H20", "CN", "", "2024-06-03"),
		ok(7, "o.xlsx:7", "H20", "CN", "", ""),
	}
	if diff := cmp.Diff(want, collect(path, orders.Options{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// bomb writes an XLSX-named zip whose directory claims size bytes unzipped
// for a part that holds a few bytes.
func bomb(t *testing.T, part string, size uint64) string {
	t.Helper()
	var data bytes.Buffer
	fw, _ := flate.NewWriter(&data, flate.BestCompression)
	fw.Write([]byte(strings.Repeat("<row/>", 100)))
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: part, Method: zip.Deflate, CompressedSize64: uint64(data.Len()), UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "bomb.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Issue #15: a small file that claims gigabytes is refused before it is
// opened, with a clear error.
func TestXLSXZipBomb(t *testing.T) {
	tests := []struct {
		name string
		size uint64
		want string
	}{
		{"claims 4 GiB", 4 << 30, "bomb.xlsx: bad input: the workbook's parts declare more than the 1 GiB unzipped allowed (xl/worksheets/sheet1.xml alone declares 4 GiB): refused as a likely zip bomb"},
		{"claims 600 MiB", 600 << 20, "bomb.xlsx: bad input: the workbook's parts declare 600 MiB unzipped from a file of 164 bytes, more than 100 times its size: refused as a likely zip bomb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := bomb(t, "xl/worksheets/sheet1.xml", tt.size)
			got := collect(path, orders.Options{})
			if diff := cmp.Diff([]line{bad(0, tt.want)}, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// A value merged across cells is each cell's, as the sheet shows it: the
// rows under a merged end user or headquarters are not read as blank (an
// owner or a country of shipment dropped); a header merged across two
// columns names both, an error. TRUE in an order's field is an error, not
// the quantity 1.
func TestXLSXMergedAndBooleanCells(t *testing.T) {
	f := excelize.NewFile()
	sheet := f.GetSheetName(0)
	rows := [][]any{
		{"id", "product", "quantity", "end_user", "end_user_hq", "destination"},
		{"A", "H20", 8, "Acme", "CN", "DE"},
		{"B", "H20", 8, nil, nil, "DE"},
		{"C", "H20", true, "Beta", "DE", "DE"},
		{"D", "H20", 1, "Gamma", "DE", "DE"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.MergeCell(sheet, "D2", "E3"); err != nil { // end user and headquarters, two rows
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "m.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	want := []line{
		{2, "A", "H20", "8", "DE", "Acme", "Acme", "", nil, ""},
		{3, "B", "H20", "8", "DE", "Acme", "Acme", "", nil, ""},
		bad(4, "m.xlsx:4: bad input: the quantity cell (Sheet1!C4) holds TRUE, not a value"),
		{5, "D", "H20", "1", "DE", "Gamma", "DE", "", nil, ""},
	}
	if diff := cmp.Diff(want, collect(path, orders.Options{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// The row with the bad cell is still its order, as a CSV line's error
	// is: the table names the order whose cell is wrong.
	for o, err := range orders.Read(path, orders.Options{}) {
		if o.Line == 4 && (err == nil || o.ID != "C" || o.Product != "H20") {
			t.Errorf("row 4: %+v, %v: want order C with its error", o, err)
		}
	}

	if err := f.UnmergeCell(sheet, "D2", "E3"); err != nil {
		t.Fatal(err)
	}
	if err := f.MergeCell(sheet, "D1", "E1"); err != nil { // "end_user" over two columns
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	got := collect(path, orders.Options{})
	if len(got) != 1 || got[0].Err != notRead+`m.xlsx:1: bad input: column "end_user" appears twice (columns 4 and 5)` {
		t.Errorf("header merged over two columns: got %+v", got)
	}
}

// TestXLSXControlCharacters: a cell holding a NUL or other control
// character is an error of its row, as in CSV (the name may not read as it
// shows); tab and line feed, which a cell may hold, are kept. Excel keeps a
// control character in a cell as the escape _xHHHH_, which is what the
// sheet's XML holds and excelize reads back as the character.
func TestXLSXControlCharacters(t *testing.T) {
	f := excelize.NewFile()
	sheet := f.GetSheetName(0)
	rows := [][]any{
		{"id", "product", "quantity", "end_user", "destination", "note"},
		{"A", "H20", 8, "Acme_x0000_Corp", "DE", ""},
		{"B", "H20", 8, "Beta\tCorp", "DE", "line one\nline two"},
		{"C", "H20", 8, "Gamma", "DE", "bell_x0007_"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "c.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	got := collect(path, orders.Options{})
	want := []string{
		"c.xlsx:2: bad input: the end_user cell (Sheet1!D2) holds the control character 0x00 (remove it, or export the order book again)",
		"",
		"c.xlsx:4: bad input: the note cell (Sheet1!F4) holds the control character 0x07 (remove it, or export the order book again)",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i].Err != want[i] {
			t.Errorf("row %d: error %q, want %q", i+2, got[i].Err, want[i])
		}
	}
	if got[1].EndUser != "Beta\tCorp" {
		t.Errorf("row 3: end user %q, want the tab kept", got[1].EndUser)
	}
}
