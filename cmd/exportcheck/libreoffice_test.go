//go:build unix

package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/internal/testtool"
	"github.com/exportcheck/exportcheck/ledger"
)

// TestWorkbooksInLibreOffice has a real LibreOffice Calc open the three
// workbooks exportcheck writes (check --output audit.xlsx, ledger export,
// diff --format xlsx) and save them as flat OpenDocument, which keeps each
// cell's type: every sheet opens, every cell reads back as written (text
// as text, numbers as numbers), and the cells an auditor relies on are of
// the right kind (dates as dates, quantities and amounts as numbers, text
// that looks like a formula or a number as text). LibreOffice must say
// nothing on standard error and exit 0.
func TestWorkbooksInLibreOffice(t *testing.T) {
	bin := testtool.Soffice(t, "the workbooks' LibreOffice test")
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	// A book with what a spreadsheet program is tempted to read otherwise:
	// a formula, a leading zero, a date in a free column, separators, an
	// error line whose date stays as written.
	book := filepath.Join(dir, "book.csv")
	if err := os.WriteFile(book, []byte(`id,product,quantity,destination,end_user,end_user_hq,date,unit_value,po,note,consignee
LIC-1,nvidia-h100-sxm5,60,AE,Falcon Compute Data Center LLC,AE,2026-03-02,"25,000.50",0012,"=HYPERLINK(""http://example.com"")","Falcon Compute Data Center, L.L.C."
NAC-1,RTX 4090,"1,000",CN,Pearl River Render Studio Co.,CN,2024-02-29,1250.5,1e3,2026-03-02,
SO-3,nvidia-h100-sxm5,2,XX,Müller & Söhne <GmbH>,DE,2026-13-01,-2,TRUE,"a  b	c",=1+1
`), 0o644); err != nil {
		t.Fatal(err)
	}
	dsn := "sqlite:" + filepath.Join(dir, "ledger.db")
	for _, args := range [][]string{
		{"check", "--screening-list", "demo", "--records", "../../examples/records", "--fail-on", "prohibited", "-o", filepath.Join(dir, "audit.xlsx"), book},
		{"check", "--screening-list", "demo", "--records", "../../examples/records", "--fail-on", "prohibited", "--ledger", dsn, "--commit", "--format", "json", "../../examples/records-orders.csv"},
		{"ledger", "export", "--ledger", dsn, "-o", filepath.Join(dir, "ledger.xlsx")},
		{"diff", "--screening-list", "demo", "--before", "2023-11-16", "--after", "2023-11-17", "-f", "xlsx", "-o", filepath.Join(dir, "impact.xlsx"), book},
	} {
		var errb bytes.Buffer
		code := run(ctx, args, nil, io.Discard, &errb)
		if want := map[bool]int{true: 2, false: 0}[args[len(args)-1] == book]; code != want { // book.csv has a bad line
			t.Fatalf("exportcheck %s: exit %d, want %d\n%s", strings.Join(args, " "), code, want, errb.String())
		}
	}

	workbooks := []string{"audit", "ledger", "impact"}
	var files []string
	for _, name := range workbooks {
		files = append(files, filepath.Join(dir, name+".xlsx"))
	}
	cmd := testtool.SofficeConvert(ctx, bin, dir, "fods", files...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("soffice: %v (after %v)\nstdout:\n%s\nstderr:\n%s", err, time.Since(start), stdout.String(), stderr.String())
	}
	t.Logf("LibreOffice converted %d workbooks in %v", len(workbooks), time.Since(start).Round(time.Millisecond))
	// Debian's LibreOffice has no Java: it says so, and nothing else.
	if s := strings.ReplaceAll(stderr.String(), "Warning: failed to launch javaldx - java may not function correctly\n", ""); s != "" {
		t.Errorf("soffice wrote on standard error:\n%s", s)
	}
	var converted []string
	for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		converted = append(converted, strings.ReplaceAll(line, dir+string(filepath.Separator), ""))
	}
	var wantConverted []string
	for _, name := range workbooks {
		wantConverted = append(wantConverted, fmt.Sprintf("convert %s.xlsx -> lo/%s.fods using filter : OpenDocument Spreadsheet Flat XML", name, name))
	}
	if d := cmp.Diff(wantConverted, converted); d != "" {
		t.Fatalf("what soffice converted (-want +got):\n%s", d)
	}

	lo := map[string]*odsBook{}
	for _, name := range workbooks {
		b, err := readFODS(filepath.Join(dir, "lo", name+".fods"))
		if err != nil {
			t.Fatalf("%s.fods: %v", name, err)
		}
		lo[name] = b
		t.Run(name+"/every cell", func(t *testing.T) { sameCells(t, filepath.Join(dir, name+".xlsx"), b) })
	}

	t.Run("audit/Orders", func(t *testing.T) {
		got := columns(lo["audit"].cells["Orders"], 0, "ID", "Quantity", "Date", "unit_value", "po", "note", "Consignee", "Judged as of", "Decision")
		want := [][]string{
			{"string LIC-1", "float 60", "date 2026-03-02", "float 25000.5 [25,000.50]", "string 0012", `string =HYPERLINK("http://example.com")`, "string Falcon Compute Data Center, L.L.C.", "date 2026-03-02", "string licensed"},
			{"string NAC-1", "float 1000", "date 2024-02-29", "float 1250.5 [1,250.50]", "string 1e3", "string 2026-03-02", "", "date 2024-02-29", "string exception"},
			{"string SO-3", "float 2", "string 2026-13-01", "string -2", "string TRUE", "string a  b\tc", "string =1+1", "", "string error"},
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("Orders as LibreOffice reads it (-want +got):\n%s", d)
		}
	})
	t.Run("audit/Summary", func(t *testing.T) {
		got := labelled(lo["audit"].cells["Summary"], "Retain until (15 CFR 762.6(a): 5 years from the latest ship date)", "Lines", "Not judged (errors)", "countries")
		want := [][]string{{"date 2031-03-02"}, {"float 3"}, {"float 1"}, {"date 2026-07-23"}}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("Summary as LibreOffice reads it (-want +got):\n%s", d)
		}
		if g := labelled(lo["audit"].cells["Summary"], "Generated (UTC)"); len(g) != 1 || !dateTime.MatchString(g[0][0]) {
			t.Errorf("Generated (UTC) reads %q, want a date and time", g)
		}
	})
	t.Run("audit/Licences", func(t *testing.T) {
		got := columns(lo["audit"].cells["Licences"], 0, "Number / entry", "Issued / filed", "Expires", "Federal Register / extended", "Drawn in this run", "Remaining after this run")
		want := [][]string{
			{"string D1234567", "date 2026-01-12", "date 2030-01-12", "", "float 60", "float 40"},
			{"string VEU-DC-0001", "date 2025-10-01", "", "string 89 FR 12345", "float 0", ""},
			{"string D1100042", "date 2021-12-31", "date 2025-12-31", "", "float 0", ""},
			{"string D1200077", "date 2025-03-03", "date 2029-03-03", "", "float 0", ""},
			{"string NAC-2026-0113", "date 2026-02-05", "", "", "float 0", ""},
		}
		if len(got) > len(want) { // then the clearances
			got = got[:len(want)]
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("Licences as LibreOffice reads it (-want +got):\n%s", d)
		}
	})
	t.Run("ledger/Ledger", func(t *testing.T) {
		cells := lo["ledger"].cells["Ledger"]
		got := columns(cells, 4, "Row", "Decided at (UTC)", "Order", "Line", "Ship date", "Decision")
		// Each row's time as LibreOffice shows it is the second the ledger
		// recorded (a serial cut to 15 digits showed the second before).
		decided := map[string]string{}
		l, err := ledger.Open(ctx, dsn, false)
		if err != nil {
			t.Fatal(err)
		}
		for r, err := range l.Query(ctx, ledger.Filter{}) {
			if err != nil {
				t.Fatal(err)
			}
			at, _ := time.Parse(time.RFC3339, r.Run.Started)
			decided["float "+strconv.FormatInt(r.Seq, 10)] = "[" + at.Format(time.DateTime) + "]"
		}
		l.Close()
		for _, r := range got {
			if len(r) > 1 && dateTime.MatchString(r[1]) {
				if shown := r[1][strings.Index(r[1], "["):]; shown != decided[r[0]] {
					t.Errorf("Ledger: row %s decided at %s in LibreOffice, %s in the ledger", strings.TrimPrefix(r[0], "float "), shown, decided[r[0]])
				}
				r[1] = "date (a time)"
			}
		}
		want := [][]string{
			{"float 1", "date (a time)", "string LIC-1", "float 2", "date 2026-03-02", "string licensed"},
			{"float 2", "date (a time)", "string LIC-2", "float 3", "date 2026-03-09", "string license_required"},
		}
		if len(got) != 11 {
			t.Fatalf("Ledger: %d rows, want 11", len(got))
		}
		if d := cmp.Diff(want, got[:2]); d != "" {
			t.Errorf("Ledger as LibreOffice reads it (-want +got):\n%s", d)
		}
	})
	t.Run("impact/Impact", func(t *testing.T) {
		got := columns(lo["impact"].cells["Impact"], 4, "ID", "Before date", "Before decision", "After date", "After decision", "After ECCN")
		want := [][]string{
			{"string NAC-1", "date 2023-11-16", "string allow", "date 2023-11-17", "string exception", "string 3A090.a"},
			{"string LIC-1", "date 2023-11-16", "string license_required", "date 2023-11-17", "string license_required", "string 3A090.a"},
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("Impact as LibreOffice reads it (-want +got):\n%s", d)
		}
		got = columns(lo["impact"].cells["Not judged"], 2, "Side", "Error")
		want = [][]string{{"string both sides", "string " + book + `:4: unknown country "XX" (want a country code such as CN or a name such as China)`}}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("Not judged as LibreOffice reads it (-want +got):\n%s", d)
		}
	})
}

// dateTime is how a date-and-time cell reads in [odsCell.String].
var dateTime = regexp.MustCompile(`^date \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)? \[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\]$`)

// sameCells: LibreOffice has the sheets excelize reads, and in each every
// cell excelize reads: the same text, or a number (a date is its serial
// number, which LibreOffice keeps to a hundredth of a second) within a
// millionth.
func sameCells(t *testing.T, path string, lo *odsBook) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if d := cmp.Diff(f.GetSheetList(), lo.sheets); d != "" {
		t.Fatalf("sheets (-excelize +LibreOffice):\n%s", d)
	}
	type cell struct {
		Text   string
		Number float64
	}
	for _, sheet := range lo.sheets {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		var want, got [][]cell
		for r, row := range rows {
			want = append(want, make([]cell, len(row)))
			for c, v := range row {
				if v == "" {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				typ, err := f.GetCellType(sheet, ref)
				if err != nil {
					t.Fatal(err)
				}
				n, nerr := strconv.ParseFloat(v, 64)
				if nerr == nil && (typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber || typ == excelize.CellTypeDate) {
					want[r][c] = cell{Number: n}
				} else {
					want[r][c] = cell{Text: v}
				}
			}
		}
		for _, row := range lo.cells[sheet] {
			got = append(got, make([]cell, len(row)))
			for c, v := range row {
				switch v.Type {
				case "float":
					n, err := strconv.ParseFloat(v.Value, 64)
					if err != nil {
						t.Fatalf("%s: %v", sheet, err)
					}
					got[len(got)-1][c] = cell{Number: n}
				case "date":
					n, err := odsSerial(v.Value)
					if err != nil {
						t.Fatalf("%s: %v", sheet, err)
					}
					got[len(got)-1][c] = cell{Number: n}
				case "":
				default:
					got[len(got)-1][c] = cell{Text: v.Value}
				}
			}
		}
		trim := func(rows [][]cell) [][]cell {
			for i, row := range rows {
				for len(row) > 0 && row[len(row)-1] == (cell{}) {
					row = row[:len(row)-1]
				}
				rows[i] = row
			}
			for len(rows) > 0 && len(rows[len(rows)-1]) == 0 {
				rows = rows[:len(rows)-1]
			}
			return rows
		}
		if d := cmp.Diff(trim(want), trim(got), cmpopts.EquateApprox(0, 1e-6), cmpopts.EquateEmpty()); d != "" {
			t.Errorf("sheet %s (-excelize +LibreOffice):\n%s", sheet, d)
		}
	}
}

// odsSerial is the spreadsheet serial number (days since 1899-12-30) of an
// office:date-value.
func odsSerial(s string) (float64, error) {
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24, nil
		}
	}
	return 0, fmt.Errorf("date-value %q", s)
}

// columns is the named columns of every row below the header at row
// header (0-based), each cell as [odsCell.String] reads.
func columns(rows [][]odsCell, header int, names ...string) [][]string {
	if len(rows) <= header {
		return nil
	}
	at := map[string]int{}
	for i, c := range rows[header] {
		at[c.Value] = i
	}
	var out [][]string
	for _, row := range rows[header+1:] {
		var r []string
		for _, name := range names {
			i, ok := at[name]
			if !ok {
				r = append(r, "no column "+name)
			} else if i < len(row) {
				r = append(r, row[i].String())
			} else {
				r = append(r, "")
			}
		}
		out = append(out, r)
	}
	return out
}

// labelled is the cell right of each label in the first column.
func labelled(rows [][]odsCell, labels ...string) [][]string {
	var out [][]string
	for _, label := range labels {
		var got []string
		for _, row := range rows {
			if len(row) > 1 && row[0].Value == label {
				got = append(got, row[1].String())
			}
		}
		out = append(out, got)
	}
	return out
}

// odsCell is a cell as LibreOffice saved it: its type (string, float,
// date, ... or "" when empty), its value, and the text it shows.
type odsCell struct{ Type, Value, Text string }

// String is "TYPE VALUE", then "[TEXT]" when it shows something else.
func (c odsCell) String() string {
	if c.Type == "" {
		return ""
	}
	s := c.Type + " " + c.Value
	if c.Text != c.Value {
		s += " [" + c.Text + "]"
	}
	return s
}

// odsBook is a flat OpenDocument spreadsheet's sheets and their cells.
type odsBook struct {
	sheets []string
	cells  map[string][][]odsCell
}

const (
	odsTable  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	odsOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	odsText   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
)

// readFODS reads the sheets of a .fods file: their rows of cells, with
// repeated rows and cells spelt out (short of the empty ones that run to
// the sheet's edge), and nothing drawn over them (charts).
func readFODS(path string) (*odsBook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	b := &odsBook{cells: map[string][][]odsCell{}}
	attr := func(e xml.StartElement, space, local string) string {
		for _, a := range e.Attr {
			if a.Name.Space == space && a.Name.Local == local {
				return a.Value
			}
		}
		return ""
	}
	repeat := func(e xml.StartElement, local string) int {
		n, err := strconv.Atoi(attr(e, odsTable, local))
		if err != nil || n < 1 {
			return 1
		}
		return n
	}
	var sheet string
	var blankRows int
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		e, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch {
		case e.Name.Space == odsTable && e.Name.Local == "table":
			sheet, blankRows = attr(e, odsTable, "name"), 0
			b.sheets = append(b.sheets, sheet)
		case e.Name.Space == odsTable && e.Name.Local == "table-row":
			row, err := readRow(d, attr, repeat)
			if err != nil {
				return nil, fmt.Errorf("sheet %s: %w", sheet, err)
			}
			n := repeat(e, "number-rows-repeated")
			if len(row) == 0 {
				blankRows += n
				continue
			}
			for ; blankRows > 0; blankRows-- {
				b.cells[sheet] = append(b.cells[sheet], nil)
			}
			for range n {
				b.cells[sheet] = append(b.cells[sheet], row)
			}
		case e.Name.Space == odsTable && e.Name.Local == "shapes",
			e.Name.Space == odsOffice && (e.Name.Local == "settings" || e.Name.Local == "styles" || e.Name.Local == "automatic-styles"):
			if err := d.Skip(); err != nil {
				return nil, err
			}
		}
	}
	return b, nil
}

// readRow reads a table:table-row's cells up to its end.
func readRow(d *xml.Decoder, attr func(xml.StartElement, string, string) string, repeat func(xml.StartElement, string) int) ([]odsCell, error) {
	var row []odsCell
	blank := 0
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		switch e := tok.(type) {
		case xml.EndElement:
			return row, nil
		case xml.StartElement:
			if e.Name.Space != odsTable || (e.Name.Local != "table-cell" && e.Name.Local != "covered-table-cell") {
				if err := d.Skip(); err != nil {
					return nil, err
				}
				continue
			}
			c := odsCell{Type: attr(e, odsOffice, "value-type")}
			text, err := readCellText(d)
			if err != nil {
				return nil, err
			}
			c.Text = text
			switch c.Type {
			case "float", "percentage", "currency":
				c.Value = attr(e, odsOffice, "value")
			case "date":
				c.Value = attr(e, odsOffice, "date-value")
			case "boolean":
				c.Value = attr(e, odsOffice, "boolean-value")
			default:
				c.Value = text
			}
			n := repeat(e, "number-columns-repeated")
			if c.Type == "" {
				blank += n
				continue
			}
			for ; blank > 0; blank-- {
				row = append(row, odsCell{})
			}
			for range n {
				row = append(row, c)
			}
		}
	}
}

// readCellText reads a cell's paragraphs up to its end, one a line, with
// its spaces, tabs and line breaks; what is drawn in it (a chart) and
// notes are left out.
func readCellText(d *xml.Decoder) (string, error) {
	var b strings.Builder
	paragraphs, depth := 0, 0
	for {
		tok, err := d.Token()
		if err != nil {
			return "", err
		}
		switch e := tok.(type) {
		case xml.EndElement:
			if depth == 0 {
				return b.String(), nil
			}
			depth--
		case xml.CharData:
			if depth > 0 {
				b.Write(e)
			}
		case xml.StartElement:
			switch {
			case depth == 0 && e.Name.Space == odsText && e.Name.Local == "p":
				if paragraphs++; paragraphs > 1 {
					b.WriteByte('\n')
				}
				depth++
			case depth > 0 && e.Name.Space == odsText && e.Name.Local == "s":
				n := 1
				for _, a := range e.Attr {
					if a.Name.Local == "c" {
						n, _ = strconv.Atoi(a.Value)
					}
				}
				b.WriteString(strings.Repeat(" ", n))
				depth++
			case depth > 0 && e.Name.Space == odsText && e.Name.Local == "tab":
				b.WriteByte('\t')
				depth++
			case depth > 0 && e.Name.Space == odsText && e.Name.Local == "line-break":
				b.WriteByte('\n')
				depth++
			case depth > 0: // a span, a link: its text counts
				depth++
			default: // a drawing, a note
				if err := d.Skip(); err != nil {
					return "", err
				}
			}
		}
	}
}
