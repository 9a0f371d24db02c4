package orders_test

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/orders"
)

// workbook saves a one-sheet workbook with the rows given by their first
// cell ("A3": the row that starts at A3), after edit has styled it.
func workbook(t *testing.T, name string, rows map[string][]any, edit func(f *excelize.File, sheet string)) string {
	t.Helper()
	f := excelize.NewFile()
	sheet := f.GetSheetName(0)
	for cell, r := range rows {
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if edit != nil {
		edit(f, sheet)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// A table that starts lower down (blank rows, or cells cleared to spaces,
// above its header) is read from its header; rows of nothing but blanks
// and spaces, between orders or after them, are no orders.
func TestXLSXBlankRows(t *testing.T) {
	path := workbook(t, "b.xlsx", map[string][]any{
		"A2": {"  ", ""},
		"A3": {"id", "product", "destination", "end_user"},
		"A4": {"A", "H20", "DE", "Acme"},
		"A5": {" ", "  ", "", " "},
		"A6": {"B", "H20", "DE", "Beta"},
		"A9": {"", "   "},
	}, nil)
	want := []line{
		ok(4, "A", "H20", "DE", "Acme", ""),
		ok(6, "B", "H20", "DE", "Beta", ""),
	}
	if diff := cmp.Diff(want, collect(path, orders.Options{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	empty := workbook(t, "e.xlsx", map[string][]any{"B2": {"  "}}, nil)
	if diff := cmp.Diff([]line{bad(1, `e.xlsx:1: bad input: empty sheet "Sheet1"`)}, collect(empty, orders.Options{})); diff != "" {
		t.Errorf("a sheet of spaces (-want +got):\n%s", diff)
	}
}

// An error of a cell names it as Excel writes a reference, its sheet quoted
// where the name has a space or a sign in it.
func TestXLSXErrorNamesCell(t *testing.T) {
	path := workbook(t, "r.xlsx", map[string][]any{
		"A1": {"product", "destination", "quantity"},
		"A2": {"H20", "DE", true},
	}, func(f *excelize.File, sheet string) {
		if err := f.SetSheetName(sheet, "Ann's book"); err != nil {
			t.Fatal(err)
		}
	})
	want := []line{bad(2, `r.xlsx:2: bad input: the quantity cell ('Ann''s book'!C2) holds TRUE, not a value`)}
	if diff := cmp.Diff(want, collect(path, orders.Options{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
