package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestCheckFactColumnsFormulas: check hands the order reader the columns
// its records make it read (a document such as End Use Certificate,
// unit_value): with records, a formula in one whose value the workbook
// asks to recalculate is an error naming the cell (a stale "EUC-1" would
// meet a licence's condition); without records the column is only
// carried, and the line is judged.
func TestCheckFactColumnsFormulas(t *testing.T) {
	f := excelize.NewFile()
	sheet := f.GetSheetName(0)
	for i, row := range [][]any{
		{"id", "product", "quantity", "destination", "end_user", "end_user_hq", "date", "End Use Certificate"},
		{"LIC-1", "nvidia-h100-sxm5", 60, "AE", "Falcon Compute Data Center LLC", "AE", "2026-03-02", nil},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetCellFormula(sheet, "H2", "Certificates!A1"); err != nil {
		t.Fatal(err)
	}
	on := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &on}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	// The value the writing program kept with the formula.
	book := filepath.Join(t.TempDir(), "book.xlsx")
	writeZipReplacing(t, buf.Bytes(), book, "xl/worksheets/sheet1.xml", `<f>Certificates!A1</f>`, `<f>Certificates!A1</f><v>EUC-1</v>`)
	for _, tt := range []struct {
		records bool
		code    int
		stderr  string
	}{
		{true, 2, `book.xlsx:2: bad input: the End Use Certificate cell (Sheet1!H2) holds the formula =Certificates!A1, and the workbook asks to be calculated when it is opened`},
		{false, 1, ""},
	} {
		args := []string{"check", "--screening-list", "none", book}
		if tt.records {
			args = append(args[:3], "--records", "../../examples/records", book)
		}
		var out, errb bytes.Buffer
		code := run(context.Background(), args, nil, &out, &errb)
		if code != tt.code || !strings.Contains(errb.String(), tt.stderr) {
			t.Errorf("records %v: exit %d, want %d; stderr:\n%s", tt.records, code, tt.code, errb.String())
		}
	}
}

// writeZipReplacing writes the zip archive b to path with old replaced by
// new in its part name.
func writeZipReplacing(t *testing.T, b []byte, path, name, old, new string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	replaced := false
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if zf.Name == name && bytes.Contains(data, []byte(old)) {
			data, replaced = bytes.Replace(data, []byte(old), []byte(new), 1), true
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if !replaced {
		t.Fatalf("%s holds no %s", name, old)
	}
}
