package reports

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/checker"
)

// TestXLSXOrderFields: the order's fields the decision rests on beyond the
// usual columns (the stated end use, the country it ships from, an owner of
// the end user) are on the Orders sheet, as the JSON output has them.
func TestXLSXOrderFields(t *testing.T) {
	a, b := synthetic(0), synthetic(1)
	a.Order.EndUse = "military"
	a.Order.ShipFrom = "SG"
	a.Order.EndUserParent = "Academy of Aerospace Solid Propulsion Technology"
	f := writeXLSX(t, testRun(nil), []checker.Result{a, b})
	type fields struct{ EndUse, ShipFrom, Parent, PO string }
	var got []fields
	for _, m := range ordersRows(t, f, "Orders") {
		got = append(got, fields{m["End use"], m["Ship from"], m["End-user parent"], m["po"]})
	}
	want := []fields{
		{"military", "SG", "Academy of Aerospace Solid Propulsion Technology", "PO-0"},
		{"", "", "", "PO-1"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Orders (-want +got):\n%s", d)
	}
}

// TestXLSXNumbers: a quantity written with thousands separators, as the
// checker accepts it, and a unit_value in US dollars are number cells;
// what is not a plain amount stays text as written.
func TestXLSXNumbers(t *testing.T) {
	// A streamed number cell has no type attribute: excelize reads it as
	// unset; text is an inline string.
	const num = excelize.CellTypeUnset
	tests := []struct {
		quantity, unitValue string
		wantQty, wantValue  excelize.CellType
		qty, value          string // raw cell values
	}{
		{"8", "1250.50", num, num, "8", "1250.5"},
		{"1,000", "25,000.50", num, num, "1000", "25000.5"},
		{"12,345,678", "3", num, num, "12345678", "3"},
		{"1,5", "25.000", excelize.CellTypeInlineString, excelize.CellTypeInlineString, "1,5", "25.000"},
		{"08", "0,5", excelize.CellTypeInlineString, excelize.CellTypeInlineString, "08", "0,5"},
		{"-2", "-2", excelize.CellTypeInlineString, excelize.CellTypeInlineString, "-2", "-2"},
		{"=1+1", "+1", excelize.CellTypeInlineString, excelize.CellTypeInlineString, "=1+1", "+1"},
		{"1e3", "NaN", excelize.CellTypeInlineString, excelize.CellTypeInlineString, "1e3", "NaN"},
	}
	for _, tc := range tests {
		t.Run(tc.quantity+"/"+tc.unitValue, func(t *testing.T) {
			r := synthetic(0)
			r.Order.Quantity = tc.quantity
			r.Order.Extra = []checker.Field{{Name: "Unit Value", Value: tc.unitValue}}
			f := writeXLSX(t, testRun(nil), []checker.Result{r})
			rows, err := f.GetRows("Orders", excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			col := func(name string) string {
				for i, h := range rows[0] {
					if h == name {
						c, _ := excelize.CoordinatesToCellName(i+1, 2)
						return c
					}
				}
				t.Fatalf("no column %q", name)
				return ""
			}
			cell := func(name string) [2]any {
				c := col(name)
				typ, err := f.GetCellType("Orders", c)
				if err != nil {
					t.Fatal(err)
				}
				v, err := f.GetCellValue("Orders", c, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				return [2]any{typ, v}
			}
			got := [][2]any{cell("Quantity"), cell("Unit Value")}
			want := [][2]any{{tc.wantQty, tc.qty}, {tc.wantValue, tc.value}}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// TestXLSXRecordsFiles: the Summary names the record files the records
// revision was computed over, not only the hash, as the JSON output does.
func TestXLSXRecordsFiles(t *testing.T) {
	run := testRun(nil)
	run.Records = &Records{Revision: "d86ad82d", Files: []string{"records/licences/D1.yaml", "records/clearances/c.yaml"}}
	f := writeXLSX(t, run, []checker.Result{synthetic(0)})
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for i, r := range rows {
		if len(r) > 0 && r[0] == "Records revision (SHA-256)" {
			got = rows[i : i+3]
		}
	}
	want := [][]string{
		{"Records revision (SHA-256)", "d86ad82d"},
		{"Record files (see Licences)", "records/licences/D1.yaml"},
		{"", "records/clearances/c.yaml"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Summary (-want +got):\n%s", d)
	}
}

// TestSummaryLatestShipDate: the retention period runs from the latest
// ship date in the book, not from the date the lines were judged as of:
// with --as-of before the last shipment, the workbook must not say it may
// be discarded before five years after that shipment.
func TestSummaryLatestShipDate(t *testing.T) {
	tests := []struct {
		name          string
		shipped, asOf []string // per line: the order's date, the date judged as of
		errLine       bool
		want          string
	}{
		{"own dates", []string{"2024-01-01", "2025-05-01"}, []string{"2024-01-01", "2025-05-01"}, false, "2025-05-01"},
		{"as of before the last shipment", []string{"2024-01-01", "2025-05-01"}, []string{"2024-06-01", "2024-06-01"}, false, "2025-05-01"},
		{"as of after every shipment", []string{"2024-01-01", "2025-05-01"}, []string{"2026-01-01", "2026-01-01"}, false, "2025-05-01"},
		{"no date in the book, --as-of", []string{"", ""}, []string{"2024-06-01", "2024-06-01"}, false, "2024-06-01"},
		{"a line not judged", []string{"2027-01-01"}, []string{""}, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := NewSummary()
			for i := range tc.shipped {
				r := synthetic(i)
				r.Order.Date, r.Date = tc.shipped[i], tc.asOf[i]
				if tc.errLine {
					r.Err = checker.ErrBadDate
				}
				s.Add(&r, checker.Review)
			}
			if s.Latest != tc.want {
				t.Errorf("Latest = %q, want %q", s.Latest, tc.want)
			}
		})
	}
}

// TestXLSXScreeningEntries: a line's screening hits name the list entry
// (its list, name and _id, what a clearance is kept against) on the Orders
// sheet, as check --explain and the JSON output do; the same entry once.
func TestXLSXScreeningEntries(t *testing.T) {
	r := synthetic(0)
	r.Decision = checker.Review
	r.Reasons = r.Reasons[:1]
	uvl := &checker.ScreeningFact{List: "UVL", EntryID: "1b5979e8", Name: "Atlas Sanatgaran", Score: 0.9112}
	r.Screening = []*checker.ScreeningFact{uvl, uvl,
		{List: "MEU", EntryID: "66f6ab3f", Name: "Academy of Aerospace Solid Propulsion Technology (AASPT)", Score: 1, Owner: "Academy of Aerospace Solid Propulsion Technology"}}
	bad := synthetic(1)
	bad.Err = checker.ErrBadDate
	bad.Screening = []*checker.ScreeningFact{uvl}
	f := writeXLSX(t, testRun(nil), []checker.Result{r, bad})
	var got []string
	for _, m := range ordersRows(t, f, "Orders") {
		got = append(got, m["Reasons [citation] / error"])
	}
	want := []string{
		ReasonText(r.Reasons[0]) + "\n" +
			`screening entry: UVL "Atlas Sanatgaran", _id 1b5979e8 (score 0.91)` + "\n" +
			`screening entry: MEU "Academy of Aerospace Solid Propulsion Technology (AASPT)", _id 66f6ab3f (score 1.00), a hit on the owner "Academy of Aerospace Solid Propulsion Technology"`,
		checker.ErrBadDate.Error(),
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Orders reasons (-want +got):\n%s", d)
	}
}

// TestXLSXScreeningDownloaded: when the screening list was downloaded is a
// date and time (UTC) on the Summary, not RFC 3339 text.
func TestXLSXScreeningDownloaded(t *testing.T) {
	run := testRun(nil)
	run.Screening = []Snapshot{
		{Path: "csl.csv", SHA256: "def", Rows: 13, Newest: "2023-07-19", Downloaded: "2026-11-30T08:15:00Z"},
		{Path: "other.csv", SHA256: "abc", Rows: 2, Newest: "2023-07-19", Downloaded: "2026-11-30T09:15:00+01:00"},
	}
	f := writeXLSX(t, run, []checker.Result{synthetic(0)})
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, r := range rows {
		if len(r) > 4 && r[0] == "File" {
			got = append(got, r[4], rows[i+1][4], rows[i+2][4])
		}
	}
	want := []string{"Downloaded (UTC)", "2026-11-30 08:15:00", "2026-11-30 08:15:00"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Summary, screening lists (-want +got):\n%s", d)
	}
}
