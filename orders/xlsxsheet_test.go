package orders_test

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/orders"
)

// writeRawBook writes a workbook whose sheet and shared strings are the
// XML given, as programs other than Excel write them.
func writeRawBook(t *testing.T, sheetXML, sharedXML string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "raw.xlsx")
	if err := os.WriteFile(path, rawBook(t, sheetXML, sharedXML), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// rawBook is the workbook writeRawBook writes.
func rawBook(t testing.TB, sheetXML, sharedXML string) []byte {
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Orders" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", sheetXML},
		{"xl/sharedStrings.xml", sharedXML},
	}
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p.body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

const rawShared = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">
<si><t>product</t></si><si><t>destination</t></si><si><t xml:space="preserve">end_user</t></si>
<si><r><rPr><b/></rPr><t>Acme </t></r><r><t>&amp; Sons</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si>
<si><t>Tab_x0009_Co _x005F_x0041_</t></si><si><t>H20</t></si>
</sst>`

// The sheet is read in one pass of its own (not excelize's Rows): its
// values are excelize's, for the forms of XML that programs write:
// shared strings with rich text runs and phonetic runs, inline strings,
// entities, CDATA, comments, namespace prefixes, cells without a
// reference, rows without a number, and gaps.
func TestXLSXSheetXMLForms(t *testing.T) {
	sheet := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<x:sheetData>
<!-- a comment -->
<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c><x:c r="C1" t="s"><x:v>2</x:v></x:c></x:row>
<x:row r="2"><x:c r="A2" t="s"><x:v>5</x:v></x:c><x:c r="B2" t="inlineStr"><x:is><x:t>CN</x:t></x:is></x:c><x:c r="C2" t="s"><x:v> 3 </x:v></x:c></x:row>
<x:row><x:c t="s"><x:v>5</x:v></x:c><x:c t="str"><x:f>"D"&amp;"E"</x:f><x:v>DE</x:v></x:c><x:c t="s"><x:v>4</x:v></x:c></x:row>
<x:row r="6"><x:c r="A6" t="inlineStr"><x:is><x:r><x:t>H</x:t></x:r><x:r><x:t xml:space="preserve">20</x:t></x:r><x:rPh><x:t>x</x:t></x:rPh></x:is></x:c><x:c r="B6"><x:v><![CDATA[AE]]></x:v></x:c><x:c r="C6" t="inlineStr"><x:is><x:t>&#x41;&lt;b&gt; &quot;&apos;&#66;</x:t></x:is></x:c></x:row>
</x:sheetData>
</x:worksheet>`
	path := writeRawBook(t, sheet, rawShared)
	want := []line{
		ok(2, "raw.xlsx:2", "H20", "CN", "Acme & Sons", ""),
		ok(3, "raw.xlsx:3", "H20", "DE", "Tab\tCo _x0041_", ""),
		ok(6, "raw.xlsx:6", "H20", "AE", `A<b> "'B`, ""),
	}
	if diff := cmp.Diff(want, collect(path, orders.Options{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// excelize reads the same values.
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := f.GetRows("Orders", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	wantRows := [][]string{{"product", "destination", "end_user"}, {"H20", "CN", "Acme & Sons"}, {"H20", "DE", "Tab\tCo _x0041_"}, nil, nil, {"H20", "AE", `A<b> "'B`}}
	if diff := cmp.Diff(wantRows, got); diff != "" {
		t.Errorf("excelize (-want +got):\n%s", diff)
	}
}

// A sheet whose XML the one-pass reader cannot read as it is meant is
// refused naming what is wrong, not read in part (excelize's Rows read
// rows out of order as other rows, and an unknown shared string as blank).
func TestXLSXSheetXMLErrors(t *testing.T) {
	head := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>`
	for _, tc := range []struct{ name, rows, want string }{
		{"rows out of order", `<row r="3"><c r="A3" t="s"><v>5</v></c></row><row r="2"><c r="A2" t="s"><v>5</v></c></row>`,
			`raw.xlsx:3: bad input: sheet "Orders": row 2 comes after row 3 in the sheet's XML`},
		{"cells out of order", `<row r="2"><c r="B2" t="s"><v>5</v></c><c r="A2" t="s"><v>5</v></c></row>`,
			`raw.xlsx:2: bad input: sheet "Orders": cell A2 comes after cell B2 in the sheet's XML`},
		{"a cell in another row", `<row r="2"><c r="A3" t="s"><v>5</v></c></row>`,
			`raw.xlsx:2: bad input: sheet "Orders": cell A3 is in row 2 of the sheet's XML`},
		{"no such shared string", `<row r="2"><c r="A2" t="s"><v>99</v></c></row>`,
			`raw.xlsx:2: bad input: cell A2 names shared string 99, of 6 the workbook has`},
		{"an unknown entity", `<row r="2"><c r="A2" t="inlineStr"><is><t>&nbsp;</t></is></c></row>`,
			`raw.xlsx:2: bad input: sheet "Orders": not well-formed XML: invalid character entity &nbsp;`},
		{"text not UTF-8", "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>H\xe920</t></is></c></row>",
			`raw.xlsx:2: bad input: sheet "Orders": not well-formed XML: invalid UTF-8`},
		{"declared in another encoding", `<row r="2"><c r="A2" t="s"><v>5</v></c></row>`,
			`raw.xlsx: bad input: sheet "Orders": xml: opening charset "windows-1252": the sheet's XML is in windows-1252, not UTF-8`},
		{"cut short", `<row r="2"><c r="A2" t="inlineStr"><is><t>H20`,
			`raw.xlsx:2: bad input: sheet "Orders": not well-formed XML: the sheet's XML ends inside its rows`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tail := `</sheetData></worksheet>`
			if tc.name == "cut short" {
				tail = ""
			}
			sheet := head + tc.rows + tail
			if tc.name == "declared in another encoding" {
				sheet = strings.Replace(sheet, "UTF-8", "windows-1252", 1)
			}
			path := writeRawBook(t, sheet, rawShared)
			var errs []string
			for _, err := range orders.Read(path, orders.Options{}) {
				if err != nil {
					errs = append(errs, strings.TrimPrefix(err.Error(), filepath.Dir(path)+"/"))
				}
			}
			if diff := cmp.Diff([]string{tc.want}, errs); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// The value as shown is excelize's number format applied, also where the
// one-pass reader asks it only of the cells that need it: a 1 formatted
// "TRUE";"TRUE";"FALSE" (LibreOffice's boolean format) is TRUE, in an
// order's field an error; FALSE in another column is carried as shown; text 1
// in a text format is the quantity 1; a number in a date format is the
// day, in 1904 and 1900 books alike.
func TestXLSXShownValues(t *testing.T) {
	for _, date1904 := range []bool{false, true} {
		f := excelize.NewFile()
		sheet := f.GetSheetName(0)
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
			t.Fatal(err)
		}
		boolFmt := `"TRUE";"TRUE";"FALSE"`
		boolean, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &boolFmt})
		text, _ := f.NewStyle(&excelize.Style{NumFmt: 49})
		day, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		rows := [][]any{
			{"product", "destination", "quantity", "date", "checked"},
			{"H20", "CN", 1, 45444, 1},
			{"H20", "CN", "1", 45445, false},
		}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(sheet, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
		for _, s := range []struct {
			cell  string
			style int
		}{{"C2", boolean}, {"E2", boolean}, {"C3", text}, {"D2", day}, {"D3", day}} {
			if err := f.SetCellStyle(sheet, s.cell, s.cell, s.style); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(t.TempDir(), "o.xlsx")
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		d3 := "2024-06-02"
		if date1904 {
			d3 = "2028-06-03"
		}
		want := []line{
			bad(2, "o.xlsx:2: bad input: the quantity cell (Sheet1!C2) holds TRUE, not a value"),
			{Line: 3, ID: "o.xlsx:3", Product: "H20", Quantity: "1", Destination: "CN", Date: d3, Extra: []checker.Field{{Name: "checked", Value: "FALSE"}}},
		}
		got := collect(path, orders.Options{})
		if len(got) > 0 && got[0].Err != "" {
			got[0] = bad(got[0].Line, got[0].Err) // the order read beside the error is not what is tested
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("1904 %v (-want +got):\n%s", date1904, diff)
		}
	}
}

// A cell a merged range covers has the type of the range's first cell, as
// excelize gives it: an id of text merged down two rows is the second
// row's id too, not "the number SO-1", and a date cell merged down is a
// date in both rows.
func TestXLSXMergedCellTypes(t *testing.T) {
	f := excelize.NewFile()
	sheet := f.GetSheetName(0)
	rows := [][]any{
		{"id", "product", "destination", "date"},
		{"SO-1", "H20", "CN", 45444},
		{nil, "L40", "CN", nil},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	day, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	for _, c := range []string{"D2", "D3"} {
		if err := f.SetCellStyle(sheet, c, c, day); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range []string{"A", "D"} {
		if err := f.MergeCell(sheet, r+"2", r+"3"); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "m.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	want := []line{
		{Line: 2, ID: "SO-1", Product: "H20", Destination: "CN", Date: "2024-06-01"},
		{Line: 3, ID: "SO-1", Product: "L40", Destination: "CN", Date: "2024-06-01"},
	}
	if diff := cmp.Diff(want, collect(path, orders.Options{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
