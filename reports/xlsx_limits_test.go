package reports

import (
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/checker"
)

func TestXLSXCellText(t *testing.T) {
	const max = excelize.TotalCellChars
	tests := []struct {
		name, in, want string
	}{
		{"short", "abc", "abc"},
		{"at the limit", strings.Repeat("a", max), strings.Repeat("a", max)},
		{"one over", strings.Repeat("a", max+1), strings.Repeat("a", max-26) + " … [cut: 27 characters]"},
		{"multibyte at the limit", strings.Repeat("é", max), strings.Repeat("é", max)},
		// An emoji is two UTF-16 units: 16,384 of them are 32,768 units.
		{"surrogate pairs", strings.Repeat("😀", 16384), strings.Repeat("😀", 16370) + " … [cut: 14 characters]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := xlsxCellText(tc.in)
			if n := len(utf16.Encode([]rune(got))); n > max {
				t.Errorf("%d UTF-16 units, more than %d", n, max)
			}
			if got != tc.want {
				t.Errorf("got %d runes ending %q, want %d ending %q", len([]rune(got)), tail(got), len([]rune(tc.want)), tail(tc.want))
			}
		})
	}
}

func tail(s string) string {
	r := []rune(s)
	return string(r[max(0, len(r)-30):])
}

// TestXLSXLongCells: a cell's looks never fail the workbook. A long reason
// (here echoing a 3,000-character product name) makes a row taller than a
// sheet allows: the height is capped. A value over a cell's limit is cut
// with a visible marker.
func TestXLSXLongCells(t *testing.T) {
	long := strings.Repeat("x", 3000)
	huge := strings.Repeat("y", 40000)
	a := synthetic(0)
	a.Order.Product = long
	a.Order.EndUser = huge
	a.Reasons = append(a.Reasons, checker.Reason{Rule: "classify.unknown", Message: "unknown product " + long})
	b := synthetic(1)
	b.Err = &checker.InputError{File: "orders.csv", Line: 3, Field: "product", Err: checker.ErrUnknownProduct, Hint: huge}
	f := writeXLSX(t, testRun(nil), []checker.Result{a, b})

	rows := ordersRows(t, f, "Orders")
	type cell struct{ Product, EndUser, ReasonsEnd string }
	var got []cell
	for _, m := range rows {
		got = append(got, cell{m["Product (as given)"], m["End user"], tail(m["Reasons [citation] / error"])})
	}
	want := []cell{
		{long, strings.Repeat("y", excelize.TotalCellChars-26) + " … [cut: 7259 characters]", tail("unknown product " + long)},
		{"H100 SXM5", "Shanghai Cloud Compute Co.", "yyyyy … [cut: 7291 characters]"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	for row := 2; row <= 3; row++ {
		h, err := f.GetRowHeight("Orders", row)
		if err != nil {
			t.Fatal(err)
		}
		if h != excelize.MaxRowHeight {
			t.Errorf("row %d: height %v, want %v", row, h, excelize.MaxRowHeight)
		}
	}
}
