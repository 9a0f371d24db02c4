package reports

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
)

func TestXLSXWidthRuns(t *testing.T) {
	widths := []float64{22, 7, 16, 16, 16, 20, 20, 7}
	want := []xlsxWidthRun{{1, 1, 22}, {2, 2, 7}, {3, 5, 16}, {6, 7, 20}, {8, 8, 7}}
	if d := cmp.Diff(want, xlsxWidthRuns(widths), cmp.AllowUnexported(xlsxWidthRun{})); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	// The Orders layout with 8,000 extra columns: one call per run of
	// widths, not one per column (which took 113 s).
	x := &xlsxWriter{}
	first := synthetic(0)
	first.Order.Extra = manyFields(8000)
	x.layout(&first)
	if got := len(xlsxWidthRuns(x.widths)); got > len(xlsxInputCols)+len(xlsxResultCols)+2 {
		t.Errorf("%d calls to set %d column widths", got, len(x.widths))
	}
}

func manyFields(n int) []checker.Field {
	f := make([]checker.Field, n)
	for i := range f {
		f[i] = checker.Field{Name: fmt.Sprintf("c%d", i+1), Value: fmt.Sprintf("v%d", i+1)}
	}
	return f
}

// TestXLSXManyExtraColumns: past xlsxMaxExtraCols, extra columns go to
// "Other input columns", and the Summary says so.
func TestXLSXManyExtraColumns(t *testing.T) {
	n := xlsxMaxExtraCols + 3
	a, b := synthetic(0), synthetic(1)
	a.Order.Extra = manyFields(n)
	b.Order.Extra = manyFields(n)[1:] // not the first line's columns
	f := writeXLSX(t, testRun(nil), []checker.Result{a, b})
	rows, err := f.GetRows("Orders")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(rows[0]), len(xlsxInputCols)+xlsxMaxExtraCols+1+len(xlsxResultCols); got != want {
		t.Errorf("%d columns, want %d", got, want)
	}
	m := ordersRows(t, f, "Orders")
	type row struct{ First, Last, Other string }
	last := fmt.Sprintf("c%d", xlsxMaxExtraCols)
	got := []row{{m[0]["c1"], m[0][last], m[0]["Other input columns"]}, {m[1]["c1"], m[1][last], m[1]["Other input columns"]}}
	want := []row{
		{"v1", fmt.Sprintf("v%d", xlsxMaxExtraCols), "c1001: v1001\nc1002: v1002\nc1003: v1003"},
		{"", fmt.Sprintf("v%d", xlsxMaxExtraCols), "c1001: v1001\nc1002: v1002\nc1003: v1003"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	summary, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for i, row := range summary {
		if len(row) > 0 && row[0] == "Warnings" && i+1 < len(summary) && len(summary[i+1]) > 0 {
			found = summary[i+1][0] == "the input has 1003 extra columns: the first 1000 have columns of their own on Orders, the other 3 are in “Other input columns”"
		}
	}
	if !found {
		t.Errorf("Summary: no warning about the extra columns under Warnings")
	}
}

// TestXLSXLongHeader: an extra column's title is cut at 255 characters
// (Excel's limit for a table column's name), visibly.
func TestXLSXLongHeader(t *testing.T) {
	a := synthetic(0)
	a.Order.Extra = []checker.Field{{Name: strings.Repeat("h", 300), Value: "v"}}
	f := writeXLSX(t, testRun(nil), []checker.Result{a})
	got, err := f.GetCellValue("Orders", "O1")
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Repeat("h", 254) + "…"; got != want {
		t.Errorf("title of %d characters ending %q, want %d", len([]rune(got)), tail(got), len([]rune(want)))
	}
}
