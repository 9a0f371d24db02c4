//go:build unix

package orders_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/internal/testtool"
	"github.com/exportcheck/exportcheck/orders"
)

// TestXLSXSavedByLibreOffice reads a book as LibreOffice Calc saves it: a
// workbook written without calculating its formulas is opened, calculated
// and saved again as XLSX. Its dates are date cells in LibreOffice's own
// number formats; its formulas have the values LibreOffice calculated (an
// empty text result saved as an empty string, #N/A as an error cell).
func TestXLSXSavedByLibreOffice(t *testing.T) {
	bin := testtool.Soffice(t, "the LibreOffice order-book test")
	path := workbook(t, "book.xlsx", map[string][]any{
		"A2": {"id", "product", "destination", "quantity", "ship_from", "end_user_hq", "end_user", "date"},
		"A3": {"A", "H20", "DE", nil, nil, nil, "Acme", 46087.75},
		"A4": {"B", "H20", "DE", 8, "US", "DE", nil, 46088},
	}, func(f *excelize.File, sheet string) {
		for cell, formula := range map[string]string{"D3": "2*4", "E3": `"T"&"W"`, "F3": `IF(1=1,"","x")`, "G4": "NA()"} {
			if err := f.SetCellFormula(sheet, cell, formula); err != nil {
				t.Fatal(err)
			}
		}
		style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle(sheet, "H3", "H4", style); err != nil {
			t.Fatal(err)
		}
	})
	// As written, the formulas have no value.
	if got := collect(path, orders.Options{}); len(got) != 2 || !strings.Contains(got[0].Err, "holds the formula =2*4 but no value") {
		t.Fatalf("before LibreOffice: %+v", got)
	}

	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := testtool.SofficeConvert(ctx, bin, dir, "xlsx", path)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out.String())
	}
	saved := filepath.Join(dir, "lo", "book.xlsx")
	want := []line{
		{3, "A", "H20", "8", "DE", "Acme", "", "2026-03-06", nil, ""},
		bad(4, "book.xlsx:4: bad input: the end_user cell (Sheet1!G4) holds #N/A, a spreadsheet's error value, not a value (correct the formula or the value in the spreadsheet)"),
	}
	got := collect(saved, orders.Options{})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("saved by LibreOffice (-want +got):\n%s", diff)
	}
	// The ship-from country LibreOffice calculated.
	for o, err := range orders.Read(saved, orders.Options{}) {
		if o.Line == 3 && (err != nil || o.ShipFrom != "TW") {
			t.Errorf("row 3: ship_from %q, %v; want TW", o.ShipFrom, err)
		}
	}
}
