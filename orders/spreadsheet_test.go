package orders_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/checker"
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
	if diff := cmp.Diff([]line{unread(1, `e.xlsx:1: bad input: empty sheet "Sheet1"`)}, collect(empty, orders.Options{})); diff != "" {
		t.Errorf("a sheet of spaces (-want +got):\n%s", diff)
	}
}

// A report's title rows above its table (one value each: its name, the day
// it was run) are skipped; a row of more values above the header is the
// book's error, and so is a title with no header after it.
func TestXLSXTitleRows(t *testing.T) {
	path := workbook(t, "t.xlsx", map[string][]any{
		"A1": {"Open orders report"},
		"C2": {"Run on 2026-12-01"},
		"A4": {"id", "product", "destination", "end_user"},
		"A5": {"A", "H20", "DE", "Acme"},
	}, nil)
	if diff := cmp.Diff([]line{ok(5, "A", "H20", "DE", "Acme", "")}, collect(path, orders.Options{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	two := workbook(t, "two.xlsx", map[string][]any{
		"A1": {"Open orders", "December"},
		"A2": {"id", "product", "destination"},
		"A3": {"A", "H20", "DE"},
	}, nil)
	got := collect(two, orders.Options{})
	if want := notRead + "two.xlsx:1: bad input: header needs at least product and destination columns (got Open orders, December;"; len(got) != 1 || !strings.HasPrefix(got[0].Err, want) {
		t.Errorf("two values above the header: %+v, want %s…", got, want)
	}
	alone := workbook(t, "alone.xlsx", map[string][]any{"B2": {"Open orders report"}}, nil)
	got = collect(alone, orders.Options{})
	if want := notRead + "alone.xlsx:2: bad input: header needs at least product and destination columns (got , Open orders report;"; len(got) != 1 || !strings.HasPrefix(got[0].Err, want) {
		t.Errorf("a title alone: %+v, want %s…", got, want)
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

// rewritePart replaces old with new in one part of a saved workbook: what
// a spreadsheet program writes that excelize does not.
func rewritePart(t *testing.T, path, part, old, new string) {
	t.Helper()
	found := false
	rewriteZip(t, path, func(name string, b []byte) (string, []byte) {
		if name != part {
			return name, b
		}
		if !bytes.Contains(b, []byte(old)) {
			t.Fatalf("%s holds no %s:\n%s", part, old, b)
		}
		found = true
		return name, bytes.ReplaceAll(b, []byte(old), []byte(new))
	})
	if !found {
		t.Fatalf("no part %s", part)
	}
}

// rewriteZip rewrites each part of a saved workbook, its name and its bytes.
func rewriteZip(t *testing.T, path string, edit func(name string, b []byte) (string, []byte)) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		name, b := edit(f.Name, b)
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A formula the workbook keeps no value of (a program that writes
// workbooks without calculating them) is not known, not blank: read as
// blank, a ship-from country would be the default. A formula whose
// result is empty text (=IF(…,"",…), which Excel and LibreOffice save as a
// string with an empty value) is blank, as the sheet shows it; a formula
// with its value is read as that value.
func TestXLSXFormulaWithoutValue(t *testing.T) {
	path := workbook(t, "f.xlsx", map[string][]any{
		"A1": {"id", "product", "destination", "ship_from", "quantity", "note"},
		"A2": {"A", "H20", "DE", nil, 8},
		"A3": {"B", "H20", "DE", "TW", nil},
		"A4": {"C", "H20", "DE", nil, 8, nil},
		"A5": {"D", "H20", "DE", nil, 8},
	}, func(f *excelize.File, sheet string) {
		for cell, formula := range map[string]string{"D2": `"T"&"W"`, "E3": "2*4", "F4": `"x"&"y"`, "D5": `IF(1=1,"","x")`} {
			if err := f.SetCellFormula(sheet, cell, formula); err != nil {
				t.Fatal(err)
			}
		}
	})
	// Excel and LibreOffice save the empty text result so.
	rewritePart(t, path, "xl/worksheets/sheet1.xml", `<c r="D5" t="str"><f>IF(1=1,&#34;&#34;,&#34;x&#34;)</f></c>`, `<c r="D5" t="str"><f>IF(1=1,&#34;&#34;,&#34;x&#34;)</f><v></v></c>`)
	want := []line{
		bad(2, `f.xlsx:2: bad input: the ship_from cell (Sheet1!D2) holds the formula ="T"&"W" but no value: the workbook was saved without calculating it (open it in Excel or LibreOffice and save it again, or export the values)`),
		bad(3, `f.xlsx:3: bad input: the quantity cell (Sheet1!E3) holds the formula =2*4 but no value: the workbook was saved without calculating it (open it in Excel or LibreOffice and save it again, or export the values)`),
		ok(4, "C", "H20", "DE", "", "", checker.Field{Name: "note"}), // not an order field: read as blank
		ok(5, "D", "H20", "DE", "", ""),
	}
	wantLines(t, want, collect(path, orders.Options{}))
}

// A spreadsheet's error value (#N/A from a VLOOKUP that found nothing,
// #REF!, LibreOffice's Err:502) in an order's field is no value, in every
// format a book exported from a spreadsheet may come in: an end user #REF!
// would be screened as the name "ref" and pass. In a column the checker
// does not read it is carried through as written.
func TestSpreadsheetErrorValues(t *testing.T) {
	const hint = ", a spreadsheet's error value, not a value (correct the formula or the value in the spreadsheet, then export the book again)"
	runCases(t, []inputCase{
		{"csv", "o.csv", "id,product,destination,end_user,end_user_hq,note\n" +
			"A,H20,DE,#REF!,DE,\n" +
			"B,H20,DE,Acme,#n/a,\n" +
			"C,H20,DE,Acme,Err:502,\n" +
			"D,H20,DE,Acme,DE,#N/A\n" +
			"E,H20,DE,#NA,DE,\n", orders.Options{}, []line{
			bad(2, "o.csv:2: bad input: the end_user field holds #REF!"+hint),
			bad(3, "o.csv:3: bad input: the end_user_hq field holds #n/a"+hint),
			bad(4, "o.csv:4: bad input: the end_user_hq field holds Err:502"+hint),
			{5, "D", "H20", "", "DE", "Acme", "DE", "", []checker.Field{{Name: "note", Value: "#N/A"}}, ""},
			{6, "E", "H20", "", "DE", "#NA", "DE", "", []checker.Field{{Name: "note"}}, ""},
		}},
		{"json", "o.json", `[{"id": "A", "product": "H20", "destination": "DE",
 "end_user": "#VALUE!"}]`, orders.Options{}, []line{
			bad(2, `o.json:2: bad input: key "end_user" holds #VALUE!`+hint),
		}},
		{"jsonl", "o.jsonl", `{"product": "H20", "destination": "#N/A"}` + "\n", orders.Options{}, []line{
			bad(1, `o.jsonl:1: bad input: key "destination" holds #N/A`+hint),
		}},
		{"yaml", "o.yaml", "- product: H20\n  destination: DE\n  ship_from: '#NAME?'\n", orders.Options{}, []line{
			bad(3, `o.yaml:3: bad input: key "ship_from" holds #NAME?`+hint),
		}},
	})

	// In a workbook: an error cell (what Excel saves for a formula that
	// failed), and the same as text.
	path := workbook(t, "e.xlsx", map[string][]any{
		"A1": {"id", "product", "destination", "end_user"},
		"A2": {"A", "H20", "DE", nil},
		"A3": {"B", "H20", "DE", "#DIV/0!"},
	}, func(f *excelize.File, sheet string) {
		if err := f.SetCellFormula(sheet, "D2", "VLOOKUP(1,Z1:Z2,1,FALSE)"); err != nil {
			t.Fatal(err)
		}
	})
	rewritePart(t, path, "xl/worksheets/sheet1.xml", `<c r="D2" t="str"><f>VLOOKUP(1,Z1:Z2,1,FALSE)</f></c>`, `<c r="D2" t="e"><f>VLOOKUP(1,Z1:Z2,1,FALSE)</f><v>#N/A</v></c>`)
	want := []line{
		bad(2, "e.xlsx:2: bad input: the end_user cell (Sheet1!D2) holds #N/A, a spreadsheet's error value, not a value (correct the formula or the value in the spreadsheet)"),
		bad(3, "e.xlsx:3: bad input: the end_user cell (Sheet1!D3) holds #DIV/0!, a spreadsheet's error value, not a value (correct the formula or the value in the spreadsheet)"),
	}
	if diff := cmp.Diff(want, collect(path, orders.Options{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// An id stored as a number is read where it is exact: Excel keeps 15
// digits of a number (a 16-digit order number typed in loses its last),
// and an id has no exponent or fraction. Leading zeros the cell's format
// shows (00000) are the id's, as a CSV export of the sheet writes them;
// an id typed as text is read as written, but for a number as a
// spreadsheet shows a long one (1.2E+3, text in a book saved as CSV and
// opened again).
func TestXLSXNumericIDs(t *testing.T) {
	path := workbook(t, "i.xlsx", map[string][]any{
		"A1": {"id", "product", "destination"},
		"A2": {123456789012345, "H20", "DE"},
		"A3": {1234567890123456, "H20", "DE"},
		"A4": {1.2345678901234568e18, "H20", "DE"},
		"A5": {12.5, "H20", "DE"},
		"A6": {123, "H20", "DE"},
		"A7": {"000123", "H20", "DE"},
		"A8": {1230, "H20", "DE"},
		"A9": {"1.2E+3", "H20", "DE"},
	}, func(f *excelize.File, sheet string) {
		zeros := "000000"
		style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &zeros})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle(sheet, "A6", "A6", style); err != nil {
			t.Fatal(err)
		}
		thousands, err := f.NewStyle(&excelize.Style{NumFmt: 3}) // #,##0
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle(sheet, "A8", "A8", thousands); err != nil {
			t.Fatal(err)
		}
	})
	const why = ": an id stored as a number may not be the id (Excel keeps 15 digits of a number; an id has no exponent or fraction) (format the id column as text and enter the ids again, or export them from the system they come from)"
	want := []line{
		ok(2, "123456789012345", "H20", "DE", "", ""),
		bad(3, "i.xlsx:3: bad input: the id cell (Sheet1!A3) holds the number 1234567890123456"+why),
		bad(4, "i.xlsx:4: bad input: the id cell (Sheet1!A4) holds the number 1234567890123450000"+why),
		bad(5, "i.xlsx:5: bad input: the id cell (Sheet1!A5) holds the number 12.5"+why),
		ok(6, "000123", "H20", "DE", "", ""),
		ok(7, "000123", "H20", "DE", "", ""),
		ok(8, "1230", "H20", "DE", "", ""),
		bad(9, "i.xlsx:9: bad input: the id cell (Sheet1!A9) holds 1.2E+3, a number as a spreadsheet shows it, its digits lost: no order id (format the id column as text and enter the ids again, or export them from the system they come from)"),
	}
	if diff := cmp.Diff(want, collect(path, orders.Options{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// In a date column a number is a date only where its number format shows
// one: a price or a percentage there (a column shifted) is no date, nor is
// a time of day. A date with a time is its day; the 1904 date system is
// read as such.
func TestXLSXDateFormats(t *testing.T) {
	type format struct {
		id     int
		custom string
	}
	formats := []format{
		{14, ""}, {22, ""}, {0, "yyyy-mm-dd"}, {0, "[$-409]d mmmm yyyy;@"}, {0, "dd/mm/yyyy hh:mm"}, {0, "mmm yy"}, {0, `YYYY\-MM\-DD`},
		{20, ""}, {7, ""}, {10, ""}, {11, ""}, {12, ""}, {44, ""},
		{0, "$#,##0.00"}, {0, "0.00E+00"}, {0, "[h]:mm"}, {0, `"Day "0`}, {0, "#,##0;[Red]-#,##0"}, {0, "[Blue]0.0"},
	}
	rows := map[string][]any{"A1": {"product", "destination", "date"}}
	for i := range formats {
		rows[fmt.Sprintf("A%d", i+2)] = []any{"H20", "DE", 46087.75} // 2026-03-06 18:00
	}
	build := func(date1904 bool) string {
		return workbook(t, "d.xlsx", rows, func(f *excelize.File, sheet string) {
			if date1904 {
				if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
					t.Fatal(err)
				}
			}
			for i, nf := range formats {
				st := &excelize.Style{NumFmt: nf.id}
				if nf.custom != "" {
					st.CustomNumFmt = &nf.custom
				}
				style, err := f.NewStyle(st)
				if err != nil {
					t.Fatal(err)
				}
				cell := fmt.Sprintf("C%d", i+2)
				if err := f.SetCellStyle(sheet, cell, cell, style); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	dates := 7 // the formats above that show a date
	got := collect(build(false), orders.Options{})
	var want []line
	for i := range formats {
		if i < dates {
			want = append(want, ok(i+2, fmt.Sprintf("d.xlsx:%d", i+2), "H20", "DE", "", "2026-03-06"))
			continue
		}
		want = append(want, line{Line: i + 2, Err: got[i].Err})
		if !strings.Contains(got[i].Err, "holds the number 46087.75") || !strings.HasSuffix(got[i].Err, ", not a date (format the cell as a date, or write YYYY-MM-DD)") {
			want[i].Err = "the number 46087.75 (shown as …), not a date"
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(bad(15, "d.xlsx:15: bad input: the date cell (Sheet1!C15) holds the number 46087.75 (shown as $46,087.75), not a date (format the cell as a date, or write YYYY-MM-DD)"), got[13]); diff != "" {
		t.Errorf("a price in the date column (-want +got):\n%s", diff)
	}
	got = collect(build(true), orders.Options{})
	if diff := cmp.Diff(ok(2, "d.xlsx:2", "H20", "DE", "", "2030-03-07"), got[0]); diff != "" {
		t.Errorf("the 1904 date system (-want +got):\n%s", diff)
	}
}

// Rows and columns hidden (or filtered out) in the sheet are read: an
// order a filter hides is still an order. A workbook of several sheets
// needs --sheet, and says which are hidden.
func TestXLSXHidden(t *testing.T) {
	path := workbook(t, "h.xlsx", map[string][]any{
		"A1": {"id", "product", "destination", "end_user"},
		"A2": {"A", "H20", "DE", "Acme"},
		"A3": {"B", "H20", "DE", "Beta"},
	}, func(f *excelize.File, sheet string) {
		if err := f.SetRowVisible(sheet, 3, false); err != nil {
			t.Fatal(err)
		}
		if err := f.SetColVisible(sheet, "D", false); err != nil {
			t.Fatal(err)
		}
		if _, err := f.NewSheet("Lookups"); err != nil {
			t.Fatal(err)
		}
		if err := f.SetSheetVisible("Lookups", false); err != nil {
			t.Fatal(err)
		}
	})
	want := []line{bad(0, "h.xlsx: bad input: the workbook has 2 sheets (Sheet1, Lookups (hidden)): name the one with the orders with --sheet")}
	if diff := cmp.Diff(want, collect(path, orders.Options{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	want = []line{ok(2, "A", "H20", "DE", "Acme", ""), ok(3, "B", "H20", "DE", "Beta", "")}
	if diff := cmp.Diff(want, collect(path, orders.Options{Sheet: "Sheet1"})); diff != "" {
		t.Errorf("--sheet Sheet1 (-want +got):\n%s", diff)
	}
}

// An id as a spreadsheet shows a long number (1.23457E+15, what Excel
// writes to CSV for a 16-digit order number in General format) has lost
// its digits: two orders would be one id, and the ledger keeps orders by
// id. It is an error in every format; a number written plainly, or an id
// with letters, is read as written.
func TestIDShownAsExponent(t *testing.T) {
	const lost = ", a number as a spreadsheet shows it, its digits lost: no order id (format the id column as text before the book is saved, or export it from the system it comes from)"
	runCases(t, []inputCase{
		{"csv", "o.csv", "id,product,destination,note\n1.23457E+15,H20,DE,\n1.2e-3,H20,DE,\n1234567890123456,H20,DE,1.5E+3\nSO-1E+3,H20,DE,\n1E3,H20,DE,\n", orders.Options{}, []line{
			bad(2, "o.csv:2: bad input: the id field holds 1.23457E+15"+lost),
			bad(3, "o.csv:3: bad input: the id field holds 1.2e-3"+lost),
			{4, "1234567890123456", "H20", "", "DE", "", "", "", []checker.Field{{Name: "note", Value: "1.5E+3"}}, ""},
			{5, "SO-1E+3", "H20", "", "DE", "", "", "", []checker.Field{{Name: "note"}}, ""},
			{6, "1E3", "H20", "", "DE", "", "", "", []checker.Field{{Name: "note"}}, ""},
		}},
		{"json", "o.json", `[{"id": 1.23457E+15, "product": "H20", "destination": "DE"}, {"id": "1.23457E+15", "product": "H20", "destination": "DE"}]`, orders.Options{}, []line{
			bad(1, `o.json:1: bad input: key "id" holds 1.23457E+15`+lost),
			bad(1, `o.json:1: bad input: key "id" holds 1.23457E+15`+lost),
		}},
		{"yaml", "o.yaml", "- {order_id: 9.87654E+17, product: H20, destination: DE}\n", orders.Options{}, []line{
			bad(1, `o.yaml:1: bad input: key "order_id" holds 9.87654E+17`+lost),
		}},
	})
}

// TRUE or FALSE in a column the checker does not read is carried through
// as the sheet shows it, not as 1 or 0.
func TestXLSXBooleanInOtherColumn(t *testing.T) {
	path := workbook(t, "b.xlsx", map[string][]any{
		"A1": {"id", "product", "destination", "screened", "count"},
		"A2": {"A", "H20", "DE", true, 1},
		"A3": {"B", "H20", "DE", false, 0},
	}, nil)
	want := []line{
		ok(2, "A", "H20", "DE", "", "", checker.Field{Name: "screened", Value: "TRUE"}, checker.Field{Name: "count", Value: "1"}),
		ok(3, "B", "H20", "DE", "", "", checker.Field{Name: "screened", Value: "FALSE"}, checker.Field{Name: "count", Value: "0"}),
	}
	if diff := cmp.Diff(want, collect(path, orders.Options{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// An XLSX cell is read as its value, not as the text it shows: a quantity
// 2.5 shown as 3 is 2.5 (which the checker refuses), 1000 shown as 1,000
// is 1000; a date typed as text is the text (06/03/2026, which the checker
// refuses rather than guess the day and the month).
func TestXLSXValueNotShownText(t *testing.T) {
	path := workbook(t, "v.xlsx", map[string][]any{
		"A1": {"id", "product", "destination", "quantity", "date"},
		"A2": {"A", "H20", "DE", 2.5, "06/03/2026"},
		"A3": {"B", "H20", "DE", 1000, "2026-03-06"},
		"A4": {"C", "H20", "DE", 1e3, nil},
	}, func(f *excelize.File, sheet string) {
		for cell, id := range map[string]int{"D2": 1, "D3": 3, "D4": 11} { // 0, #,##0, 0.00E+00
			style, err := f.NewStyle(&excelize.Style{NumFmt: id})
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellStyle(sheet, cell, cell, style); err != nil {
				t.Fatal(err)
			}
		}
	})
	want := []line{
		{2, "A", "H20", "2.5", "DE", "", "", "06/03/2026", nil, ""},
		{3, "B", "H20", "1000", "DE", "", "", "2026-03-06", nil, ""},
		{4, "C", "H20", "1000", "DE", "", "", "", nil, ""},
	}
	if diff := cmp.Diff(want, collect(path, orders.Options{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// --sheet matches the sheet's name without regard to case, as excelize
// does; errors name the sheet as the workbook does, and a formula without
// a value is found on it.
func TestXLSXSheetNamedInOtherCase(t *testing.T) {
	path := workbook(t, "s.xlsx", map[string][]any{
		"A1": {"id", "product", "destination", "ship_from"},
		"A2": {"A", "H20", "DE", nil},
	}, func(f *excelize.File, sheet string) {
		if err := f.SetCellFormula(sheet, "D2", `"T"&"W"`); err != nil {
			t.Fatal(err)
		}
		if err := f.SetSheetName(sheet, "Orders"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.NewSheet("Notes"); err != nil {
			t.Fatal(err)
		}
	})
	want := []line{bad(2, `s.xlsx:2: bad input: the ship_from cell (Orders!D2) holds the formula ="T"&"W" but no value: the workbook was saved without calculating it (open it in Excel or LibreOffice and save it again, or export the values)`)}
	if diff := cmp.Diff(want, collect(path, orders.Options{Sheet: "orders"})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// The workbook part need not be xl/workbook.xml: the package's
// relationships name it, and the sheets' parts are named from it.
func TestXLSXWorkbookElsewhere(t *testing.T) {
	path := workbook(t, "w.xlsx", map[string][]any{
		"A1": {"id", "product", "destination", "ship_from"},
		"A2": {"A", "H20", "DE", nil},
	}, func(f *excelize.File, sheet string) {
		if err := f.SetCellFormula(sheet, "D2", `"T"&"W"`); err != nil {
			t.Fatal(err)
		}
	})
	rewriteZip(t, path, func(name string, b []byte) (string, []byte) {
		switch name {
		case "xl/workbook.xml":
			return "book/main.xml", b
		case "xl/_rels/workbook.xml.rels":
			return "book/_rels/main.xml.rels", bytes.ReplaceAll(b, []byte(`Target="`), []byte(`Target="../xl/`))
		case "_rels/.rels", "[Content_Types].xml":
			return name, bytes.ReplaceAll(b, []byte("xl/workbook.xml"), []byte("book/main.xml"))
		}
		return name, b
	})
	want := []line{bad(2, `w.xlsx:2: bad input: the ship_from cell (Sheet1!D2) holds the formula ="T"&"W" but no value: the workbook was saved without calculating it (open it in Excel or LibreOffice and save it again, or export the values)`)}
	if diff := cmp.Diff(want, collect(path, orders.Options{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// A date cell may hold ISO 8601 text (t="d", which some programs write
// rather than a serial number): its day is the date, as of a serial with
// a time. The same text in a text cell is read as written (and refused by
// the checker).
func TestXLSXISODateCell(t *testing.T) {
	path := workbook(t, "d.xlsx", map[string][]any{
		"A1": {"id", "product", "destination", "date"},
		"A2": {"A", "H20", "DE", nil},
		"A3": {"B", "H20", "DE", "2026-03-06T10:00:00Z"},
	}, func(f *excelize.File, sheet string) {
		if err := f.SetCellInt(sheet, "D2", 7); err != nil {
			t.Fatal(err)
		}
	})
	rewritePart(t, path, "xl/worksheets/sheet1.xml", `<c r="D2"><v>7</v></c>`, `<c r="D2" t="d"><v>2026-03-06T18:00:00Z</v></c>`)
	want := []line{ok(2, "A", "H20", "DE", "", "2026-03-06"), ok(3, "B", "H20", "DE", "", "2026-03-06T10:00:00Z")}
	if diff := cmp.Diff(want, collect(path, orders.Options{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// A workbook that asks to be calculated when it is opened (fullCalcOnLoad,
// as XlsxWriter and openpyxl write it) keeps no trustworthy formula values:
// XlsxWriter saves 0 as each one's value, and an end user 0 would be
// screened as a name and pass. A formula in an order's field is an error
// there; plain values, and formulas in other columns, are read. Without the
// flag a formula's saved value is its result.
func TestXLSXFormulaValuesNotCalculated(t *testing.T) {
	rows := map[string][]any{
		"A1": {"id", "product", "destination", "end_user", "quantity", "note"},
		"A2": {"A", "H20", "DE", nil, 8},
		"A3": {"B", "H20", "DE", "Acme", nil},
		"A4": {"C", "H20", "DE", "Acme", 8, nil},
	}
	formulas := func(f *excelize.File, sheet string) {
		for cell, formula := range map[string]string{"D2": "Customers!A1", "E3": "2*4", "F4": "E4*2"} {
			if err := f.SetCellFormula(sheet, cell, formula); err != nil {
				t.Fatal(err)
			}
		}
	}
	// The values XlsxWriter saves: 0 for every formula, whatever its type.
	saved := func(t *testing.T, path string) {
		rewritePart(t, path, "xl/worksheets/sheet1.xml", `<c r="D2" t="str"><f>Customers!A1</f></c>`, `<c r="D2"><f>Customers!A1</f><v>0</v></c>`)
		rewritePart(t, path, "xl/worksheets/sheet1.xml", `<c r="E3" t="str"><f>2*4</f></c>`, `<c r="E3"><f>2*4</f><v>0</v></c>`)
		rewritePart(t, path, "xl/worksheets/sheet1.xml", `<c r="F4" t="str"><f>E4*2</f></c>`, `<c r="F4"><f>E4*2</f><v>0</v></c>`)
	}
	const hint = ", and the workbook asks to be calculated when it is opened: the value saved with it (\"0\") may not be its result (open it in Excel or LibreOffice and save it again, or export the values)"
	t.Run("fullCalcOnLoad", func(t *testing.T) {
		path := workbook(t, "c.xlsx", rows, func(f *excelize.File, sheet string) {
			formulas(f, sheet)
			on := true
			if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &on}); err != nil {
				t.Fatal(err)
			}
		})
		saved(t, path)
		want := []line{
			bad(2, "c.xlsx:2: bad input: the end_user cell (Sheet1!D2) holds the formula =Customers!A1"+hint),
			bad(3, "c.xlsx:3: bad input: the quantity cell (Sheet1!E3) holds the formula =2*4"+hint),
			ok(4, "C", "H20", "DE", "Acme", "", checker.Field{Name: "note", Value: "0"}),
		}
		wantLines(t, want, collect(path, orders.Options{}))
	})
	t.Run("calculated", func(t *testing.T) {
		path := workbook(t, "v.xlsx", rows, formulas)
		saved(t, path)
		want := []line{
			ok(2, "A", "H20", "DE", "0", ""),
			ok(3, "B", "H20", "DE", "Acme", ""),
			ok(4, "C", "H20", "DE", "Acme", "", checker.Field{Name: "note", Value: "0"}),
		}
		wantLines(t, want, collect(path, orders.Options{}))
	})
}

// The columns the checker reads beyond an order's fields (a document the
// policy names, unit_value: Options.Facts) are checked for formulas as an
// order's fields are: a stale "EUC-1" kept with a formula in a workbook
// that asks to be recalculated, or a formula with no value, is an error
// naming the cell; the same columns are carried as written when the
// checker does not read them.
func TestXLSXFormulasInFactColumns(t *testing.T) {
	path := workbook(t, "d.xlsx", map[string][]any{
		"A1": {"id", "product", "destination", "End Use Certificate", "Unit Value"},
		"A2": {"A", "H20", "DE", nil, 100},
		"A3": {"B", "H20", "DE", "EUC-2", nil},
	}, func(f *excelize.File, sheet string) {
		for cell, formula := range map[string]string{"D2": "Certificates!A1", "E3": "Prices!B2"} {
			if err := f.SetCellFormula(sheet, cell, formula); err != nil {
				t.Fatal(err)
			}
		}
		on := true
		if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &on}); err != nil {
			t.Fatal(err)
		}
	})
	rewritePart(t, path, "xl/worksheets/sheet1.xml", `<c r="D2" t="str"><f>Certificates!A1</f></c>`, `<c r="D2" t="str"><f>Certificates!A1</f><v>EUC-1</v></c>`)
	facts := []line{
		bad(2, `d.xlsx:2: bad input: the End Use Certificate cell (Sheet1!D2) holds the formula =Certificates!A1, and the workbook asks to be calculated when it is opened: the value saved with it ("EUC-1") may not be its result (open it in Excel or LibreOffice and save it again, or export the values)`),
		bad(3, `d.xlsx:3: bad input: the Unit Value cell (Sheet1!E3) holds the formula =Prices!B2 but no value: the workbook was saved without calculating it (open it in Excel or LibreOffice and save it again, or export the values)`),
	}
	if diff := cmp.Diff(facts, collect(path, orders.Options{Facts: []string{"end_use_certificate", "unit_value"}})); diff != "" {
		t.Errorf("facts (-want +got):\n%s", diff)
	}
	carried := []line{
		ok(2, "A", "H20", "DE", "", "", checker.Field{Name: "End Use Certificate", Value: "EUC-1"}, checker.Field{Name: "Unit Value", Value: "100"}),
		ok(3, "B", "H20", "DE", "", "", checker.Field{Name: "End Use Certificate", Value: "EUC-2"}, checker.Field{Name: "Unit Value"}),
	}
	if diff := cmp.Diff(carried, collect(path, orders.Options{})); diff != "" {
		t.Errorf("not facts (-want +got):\n%s", diff)
	}
}

// wantLines compares the lines read with want, their quantities left out
// (what a test of other fields does not set).
func wantLines(t *testing.T, want, got []line) {
	t.Helper()
	for i := range got {
		got[i].Quantity = ""
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
