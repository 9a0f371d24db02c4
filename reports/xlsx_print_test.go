package reports

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/checker"
)

// TestXLSXPrintLayout: a printed or PDF copy of the Orders sheet is
// landscape on A3, fitted to the width, with the header row repeated on
// every page.
func TestXLSXPrintLayout(t *testing.T) {
	_, f := printBook(t, &Run{Generated: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), FailOn: checker.Review})
	layout, err := f.GetPageLayout("Orders")
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		Orientation       string
		Size, Width, Tall int
		FitToPage         bool
		PrintTitles       string
	}
	g := got{Orientation: *layout.Orientation, Size: *layout.Size, Width: *layout.FitToWidth, Tall: *layout.FitToHeight}
	props, err := f.GetSheetProps("Orders")
	if err != nil {
		t.Fatal(err)
	}
	if props.FitToPage != nil {
		g.FitToPage = *props.FitToPage
	}
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm.Print_Titles" && d.Scope == "Orders" {
			g.PrintTitles = d.RefersTo
		}
	}
	want := got{Orientation: "landscape", Size: 8, Width: 1, Tall: 0, FitToPage: true, PrintTitles: "'Orders'!$1:$1"}
	if diff := cmp.Diff(want, g); diff != "" {
		t.Errorf("Orders print layout (-want +got):\n%s", diff)
	}
}

// TestXLSXSummaryPageBreak: a printed Summary starts the results on a page
// of their own, so that the chart beside them is not cut across two pages.
func TestXLSXSummaryPageBreak(t *testing.T) {
	b, f := printBook(t, &Run{Generated: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), FailOn: checker.Review})
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	resultsRow := 0
	for i, row := range rows {
		if len(row) > 0 && row[0] == "Results" {
			resultsRow = i + 1
		}
	}
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var sheet struct {
		RowBreaks struct {
			Brk []struct {
				ID int `xml:"id,attr"`
			} `xml:"brk"`
		} `xml:"rowBreaks"`
	}
	for _, zf := range z.File {
		if zf.Name != "xl/worksheets/sheet1.xml" { // the Summary is the first sheet
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		if err := xml.NewDecoder(rc).Decode(&sheet); err != nil {
			t.Fatal(err)
		}
		rc.Close()
	}
	var breaks []int // rows a page ends after
	for _, b := range sheet.RowBreaks.Brk {
		breaks = append(breaks, b.ID)
	}
	if diff := cmp.Diff([]int{resultsRow - 1}, breaks); diff != "" || resultsRow == 0 {
		t.Errorf("Summary page breaks, Results on row %d (-want +got):\n%s", resultsRow, diff)
	}
}

// TestXLSXPrintedPagesSayWhere: every printed page names its sheet, the
// policy revision and when the workbook was generated, and its number: a
// page taken out of an audit binder says where it comes from. The Orders
// sheet is streamed; its header is set before the stream takes it over.
func TestXLSXPrintedPagesSayWhere(t *testing.T) {
	_, f := printBook(t, &Run{Generated: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Revision: "0123456789abcdef0123", FailOn: checker.Review})
	want := &excelize.HeaderFooterOptions{
		OddHeader: "&L&A&Cexportcheck audit workbook&Rpolicy revision 0123456789ab",
		OddFooter: "&Lgenerated 2026-01-02 03:04 UTC&RPage &P of &N",
	}
	for _, sheet := range f.GetSheetList() {
		got, err := f.GetHeaderFooter(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: header and footer (-want +got):\n%s", sheet, diff)
		}
	}
}

// printBook is the audit workbook of one allowed line for run, as bytes
// and opened.
func printBook(t *testing.T, run *Run) ([]byte, *excelize.File) {
	t.Helper()
	results := []checker.Result{{Order: checker.Order{File: "o.csv", Line: 2, ID: "A", Product: "H20", Quantity: "1", Destination: "CN", Date: "2024-06-01"},
		ProductID: "nvidia-h20", Date: "2024-06-01", Decision: checker.Allow}}
	b := xlsxBytes(t, run, results)
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return b, f
}

// TestXLSXSummaryLabelsWrap: every label of the Summary sheet is whole
// when printed: column A keeps its width, a label wraps, and its row is
// tall enough for its lines ("Retain until (15 CFR 762.6(a): 5 years from
// the latest ship date)" and "Ships from, where a line does not say
// (--ship-from)" were cut at the column's edge).
func TestXLSXSummaryLabelsWrap(t *testing.T) {
	c, err := checker.New(context.Background(), checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, f := printBook(t, testRun(c))
	width, err := f.GetColWidth("Summary", "A")
	if err != nil {
		t.Fatal(err)
	}
	type label struct {
		Text   string
		Wrap   bool
		Height float64
	}
	var got, want []label
	for _, text := range []string{
		"Ships from, where a line does not say (--ship-from)",
		"Retain until (15 CFR 762.6(a): 5 years from the latest ship date)",
	} {
		want = append(want, label{text, true, XLSXRowHeight(XLSXLineCount(text, xlsxBoldWidth(width)))})
	}
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		if len(row) == 0 || !slices.ContainsFunc(want, func(l label) bool { return l.Text == row[0] }) {
			continue
		}
		cell := "A" + strconv.Itoa(i+1)
		id, err := f.GetCellStyle("Summary", cell)
		if err != nil {
			t.Fatal(err)
		}
		style, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		h, err := f.GetRowHeight("Summary", i+1)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, label{row[0], style.Alignment != nil && style.Alignment.WrapText, h})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Summary labels (column A %g wide) (-want +got):\n%s", width, diff)
	}
	if width > 60 {
		t.Errorf("Summary column A is %g wide: the values beside it would leave the page", width)
	}
}
