package review

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// TestComparisonXLSXCells: on the Impact sheet the dates each side judged
// a line as of are dates (sortable, filterable).
func TestComparisonXLSXCells(t *testing.T) {
	c := sampleComparison()
	var b bytes.Buffer
	if err := WriteComparison(&b, "xlsx", c); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type cell struct {
		Type       excelize.CellType
		Raw, Shown string
	}
	get := func(ref string) cell {
		typ, _ := f.GetCellType("Impact", ref)
		raw, _ := f.GetCellValue("Impact", ref, excelize.Options{RawCellValue: true})
		shown, _ := f.GetCellValue("Impact", ref)
		return cell{typ, raw, shown}
	}
	got := []cell{get("G6"), get("K6")}
	want := []cell{
		{excelize.CellTypeUnset, "45246", "2023-11-16"},
		{excelize.CellTypeUnset, "45247", "2023-11-17"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("dates (-want +got):\n%s", d)
	}
}
