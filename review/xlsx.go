package review

import (
	"cmp"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/internal/prose"
	"github.com/exportcheck/exportcheck/reports"
)

// fills are the cell colours of the decisions.
var fills = map[checker.Decision]string{
	checker.Allow:           "C6EFCE",
	checker.Licensed:        "B7E1CD",
	checker.Review:          "FFEB9C",
	checker.Exception:       "BDD7EE",
	checker.LicenseRequired: "FFC7CE",
	checker.Prohibited:      "C00000",
}

// book is a workbook being written, with one style per decision.
type book struct {
	f       *excelize.File
	styles  map[checker.Decision]int
	bold    int
	wrap    int // text wrapped in its column, from the top
	top     int // text from the top
	date    int // YYYY-MM-DD
	err     error
	heading reports.PageSetup // of every printed page
}

// pageSetup sets how a sheet prints, as the audit workbook's sheets do.
func (b *book) pageSetup(sheet string) {
	if b.err == nil {
		b.check(reports.XLSXPageSetup(b.f, sheet, b.heading))
	}
}

// comparisonHeading heads the printed pages of a comparison: the two
// policy revisions, when they differ, and when it was made.
func comparisonHeading(c *Comparison) reports.PageSetup {
	short := func(rev string) string {
		if rev == "" {
			return "not known"
		}
		return reports.ShortRevision(rev)
	}
	h := reports.PageSetup{Title: "exportcheck policy review"}
	switch before, after := c.Before.Revision, c.After.Revision; {
	case before == after && after != "":
		h.Right = "policy revision " + short(after)
	case before != after:
		h.Right = "policy revision " + short(before) + " → " + short(after)
	}
	if c.Run != nil {
		h.Generated = c.Run.Generated
	}
	return h
}

func newBook(first string) *book {
	b := &book{f: excelize.NewFile(), styles: map[checker.Decision]int{}}
	// Every cell from the top: a row as tall as a wrapped text reads
	// across from its first line.
	top := &excelize.Alignment{Vertical: "top"}
	b.check(b.f.SetSheetName("Sheet1", first))
	// In the decisions' order, not the map's: a style's number is in the
	// workbook's bytes, which are then the same on every run.
	for _, d := range checker.Decisions() {
		color := fills[d]
		font := &excelize.Font{Color: "000000"}
		if d == checker.Prohibited {
			font = &excelize.Font{Color: "FFFFFF", Bold: true}
		}
		id, err := b.f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}, Font: font, Alignment: top})
		b.check(err)
		b.styles[d] = id
	}
	id, err := b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	b.check(err)
	b.bold = id
	id, err = b.f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	b.check(err)
	b.wrap = id
	iso := "yyyy-mm-dd"
	id, err = b.f.NewStyle(&excelize.Style{CustomNumFmt: &iso, Alignment: top})
	b.check(err)
	b.date = id
	id, err = b.f.NewStyle(&excelize.Style{Alignment: top})
	b.check(err)
	b.top = id
	return b
}

// dateCell is a date cell for YYYY-MM-DD, else the text as written.
func (b *book) dateCell(s string) any {
	if d, ok := reports.XLSXDate(s); ok {
		return excelize.Cell{StyleID: b.date, Value: d}
	}
	return reports.XLSXText(s)
}

func (b *book) check(err error) {
	if b.err == nil {
		b.err = err
	}
}

func (b *book) name(col, row int) string {
	n, err := excelize.CoordinatesToCellName(col, row)
	b.check(err)
	return n
}

// row writes values from column 1 of a row; an excelize.Cell is its
// value with its style (as the stream writer takes it).
func (b *book) row(sheet string, row int, values ...any) {
	styles := map[int]int{}
	for i, v := range values {
		if c, ok := v.(excelize.Cell); ok {
			values[i], styles[i] = c.Value, c.StyleID
		}
	}
	b.check(b.f.SetSheetRow(sheet, b.name(1, row), &values))
	for i, style := range styles {
		b.style(sheet, i+1, row, style)
	}
}

func (b *book) style(sheet string, col, row, style int) {
	n := b.name(col, row)
	b.check(b.f.SetCellStyle(sheet, n, n, style))
}

func (b *book) header(sheet string, row, cols int) {
	b.check(b.f.SetCellStyle(sheet, b.name(1, row), b.name(cols, row), b.bold))
	b.check(b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: row, TopLeftCell: b.name(1, row+1), ActivePane: "bottomLeft"}))
}

func (b *book) write(w io.Writer) error {
	if b.err != nil {
		return fmt.Errorf("xlsx: %w", b.err)
	}
	return b.f.Write(w)
}

// comparisonXLSX writes the Impact sheet a row at a time (excelize's
// stream writer, which keeps at most 16 MB of rows in memory and the rest
// in a temporary file): a comparison of a million lines holds its changes
// in spools, not in the workbook.
func comparisonXLSX(w io.Writer, c *Comparison) error {
	const sheet = "Impact"
	b := newBook(sheet)
	if b.err != nil {
		return fmt.Errorf("xlsx: %w", b.err)
	}
	b.heading = comparisonHeading(c)
	b.heading.A3 = true // seventeen columns: on A3, a line on one row across
	b.pageSetup(sheet)
	const headRow = 5
	b.check(b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, headRow, headRow), Scope: sheet}))
	if b.err != nil {
		return fmt.Errorf("xlsx: %w", b.err)
	}
	sw, err := b.f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	// Widths and panes come before the rows in a streamed sheet.
	for _, cw := range []struct {
		col   int
		width float64
	}{{1, 24}, {3, 24}, {6, 30}, {7, 11}, {8, 18}, {11, 11}, {12, 18}, {15, 80}, {16, 40}, {17, 100}} {
		b.check(sw.SetColWidth(cw.col, cw.col, cw.width))
	}
	// Why, its citation and what changed are wrapped in their columns (not
	// run on over the page), their rows as tall as their lines: readers do
	// not fit a generated row's height to wrapped text.
	wrapped := map[int]float64{15: 80, 16: 40, 17: 100}
	b.check(sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: headRow, TopLeftCell: b.name(1, headRow+1), ActivePane: "bottomLeft"}))
	b.check(sw.SetRow("A1", []any{"exportcheck diff: " + headline(c)}))
	b.check(sw.SetRow("A2", []any{"before: " + c.Before.Label()}))
	b.check(sw.SetRow("A3", []any{"after: " + c.After.Label()}))
	var head []any
	for _, h := range []string{"Line", "ID", "Product", "Destination", "End-user HQ", "Change",
		"Before date", "Before decision", "Before ECCN", "Before policy/exception",
		"After date", "After decision", "After ECCN", "After policy/exception", "Why (after)", "Citation (after)",
		"What changed (+ appeared, - disappeared)"} {
		head = append(head, excelize.Cell{StyleID: b.bold, Value: h})
	}
	b.check(sw.SetRow(b.name(1, headRow), head))
	row := headRow
	for ch, err := range c.all() {
		if err != nil {
			return err
		}
		if b.err != nil {
			break
		}
		bf, af := &ch.Before, &ch.After
		r := af.HeadlineReason()
		row++
		vals := []any{lineOf(af), ch.ID(), af.ProductID, af.Order.Destination, af.Order.EndUserHQ, ch.change(),
			b.dateCell(bf.Date), excelize.Cell{StyleID: b.styles[bf.Decision], Value: bf.Decision.String()}, bf.ECCN, reports.Detail(bf),
			b.dateCell(af.Date), excelize.Cell{StyleID: b.styles[af.Decision], Value: af.Decision.String()}, af.ECCN, reports.Detail(af), r.Message, r.Citation, strings.Join(ch.Explain(), "\n")}
		lines := 1
		for i, v := range vals {
			if s, ok := v.(string); ok {
				s = reports.XLSXText(s) // excelize would cut a long one without a word
				vals[i] = excelize.Cell{StyleID: b.top, Value: s}
				if width, ok := wrapped[i+1]; ok {
					vals[i] = excelize.Cell{StyleID: b.wrap, Value: s}
					lines = max(lines, reports.XLSXLineCount(s, width))
				}
			}
		}
		var opts []excelize.RowOpts
		if lines > 1 {
			opts = append(opts, excelize.RowOpts{Height: reports.XLSXRowHeight(lines)})
		}
		b.check(sw.SetRow(b.name(1, row), vals, opts...))
	}
	b.check(sw.Flush())
	unjudgedXLSX(b, c)
	runXLSX(b, c)
	return b.write(w)
}

// runXLSX adds a sheet of what the comparison was made with: each side's
// date, rule version, policies, data and records with their whole
// revisions, the tool, the order books and the screening lists, so that
// an auditor reading the workbook can tell what made it.
func runXLSX(b *book, c *Comparison) {
	const sheet = "Run"
	_, err := b.f.NewSheet(sheet)
	b.check(err)
	b.pageSetup(sheet)
	r := 1
	kv := func(label string, v any) {
		if s, ok := v.(string); ok {
			v = reports.XLSXText(s)
		}
		b.row(sheet, r, label, v)
		r++
	}
	b.row(sheet, r, "exportcheck diff: "+headline(c))
	r += 2
	if run := c.Run; run != nil {
		kv("Tool", run.Tool)
		if !run.Generated.IsZero() {
			kv("Generated (UTC)", run.Generated.UTC().Format("2006-01-02 15:04:05"))
		}
		label := "Order books"
		for _, in := range run.Inputs {
			kv(label, in)
			label = ""
		}
		for _, w := range run.Warnings {
			kv("Warning", w)
		}
	}
	for _, side := range []struct {
		name string
		s    Side
	}{{"Before", c.Before}, {"After", c.After}} {
		r++
		b.row(sheet, r, side.name)
		b.style(sheet, 1, r, b.bold)
		r++
		s := side.s
		if s.AsOf != "" {
			kv("As of", b.dateCell(s.AsOf))
		} else {
			kv("As of", "each line's own date")
		}
		kv("Rule version (regime)", s.Regime)
		kv("Policies", s.Policies)
		kv("Data", s.Data)
		kv("Policy revision (SHA-256)", s.Revision)
		if s.Records != "" {
			kv("Records", s.Records)
			kv("Records revision (SHA-256)", s.RecordsRevision)
		} else {
			kv("Records", "none")
		}
	}
	if run := c.Run; run != nil && len(run.Screening) > 0 {
		r++
		b.row(sheet, r, "Screening lists (both sides)", "Rows", "Newest entry", "SHA-256", "Downloaded (UTC)")
		b.check(b.f.SetCellStyle(sheet, b.name(1, r), b.name(5, r), b.bold))
		r++
		for _, sn := range run.Screening {
			path := sn.Path
			if sn.Demo {
				path += " (DEMONSTRATION excerpt)"
			}
			b.row(sheet, r, reports.XLSXText(path), sn.Rows, b.dateCell(sn.Newest), sn.SHA256, reports.XLSXText(cmp.Or(sn.Downloaded, "not known")))
			r++
		}
	}
	b.check(b.f.SetColWidth(sheet, "A", "A", 30))
	b.check(b.f.SetColWidth(sheet, "B", "B", 70))
}

// unjudgedXLSX adds a sheet of the lines that could not be judged, when
// there are any: a reader of the workbook does not see the run's standard
// error.
func unjudgedXLSX(b *book, c *Comparison) {
	if c.Summary.Errors == 0 {
		return
	}
	const sheet = "Not judged"
	_, err := b.f.NewSheet(sheet)
	b.check(err)
	b.pageSetup(sheet)
	b.row(sheet, 1, fmt.Sprintf("%d %s could not be judged (%s)", c.Summary.Errors, prose.Agree(c.Summary.Errors, "line", "lines"), unjudgedNote(c)))
	b.row(sheet, 3, "Side", "Error")
	b.header(sheet, 3, 2)
	for i, u := range c.Unjudged {
		b.row(sheet, 4+i, unjudgedSide(u.Side), reports.XLSXText(u.Error))
	}
	b.check(b.f.SetColWidth(sheet, "A", "A", 14))
	b.check(b.f.SetColWidth(sheet, "B", "B", 120))
}

func matrixXLSX(w io.Writer, m *Matrix) error {
	const sheet = "Matrix"
	b := newBook(sheet)
	b.heading = reports.PageSetup{Title: "exportcheck license determination matrix"}
	if m.Revision != "" {
		b.heading.Right = "policy revision " + reports.ShortRevision(m.Revision)
	}
	b.pageSetup(sheet)
	b.row(sheet, 1, matrixTitle(m))
	if m.ChangesOnly {
		b.row(sheet, 3, "Product", "Destination", "Before "+m.Dates[0], "After "+m.Dates[1])
		b.header(sheet, 3, 4)
		for i := range m.Cells {
			c := &m.Cells[i]
			b.row(sheet, 4+i, c.Product, c.Destination, c.Values[0].Text(), c.Values[1].Text())
			b.style(sheet, 3, 4+i, b.styles[c.Values[0].Decision])
			b.style(sheet, 4, 4+i, b.styles[c.Values[1].Decision])
		}
		b.check(b.f.SetColWidth(sheet, "A", "A", 28))
		b.check(b.f.SetColWidth(sheet, "C", "D", 32))
		notesXLSX(b, sheet, 5+len(m.Cells), m)
		return b.write(w)
	}
	head := []any{"Product"}
	for _, d := range m.Destinations {
		head = append(head, d)
	}
	b.row(sheet, 3, head...)
	b.header(sheet, 3, len(head))
	for i, p := range m.Products {
		row := []any{p}
		for j := range m.Destinations {
			row = append(row, cellText(m.Cell(i, j)))
		}
		b.row(sheet, 4+i, row...)
		for j := range m.Destinations {
			c := m.Cell(i, j)
			b.style(sheet, 2+j, 4+i, b.styles[c.Values[len(c.Values)-1].Decision])
		}
	}
	b.check(b.f.SetColWidth(sheet, "A", "A", 28))
	last, err := excelize.ColumnNumberToName(1 + len(m.Destinations))
	b.check(err)
	b.check(b.f.SetColWidth(sheet, "B", last, 26))
	notesXLSX(b, sheet, 5+len(m.Products), m)
	return b.write(w)
}

// notesXLSX writes the notes under a matrix from row r, one a row.
func notesXLSX(b *book, sheet string, r int, m *Matrix) {
	if len(m.Notes) == 0 {
		return
	}
	b.row(sheet, r, notesHead)
	for i, n := range m.Notes {
		b.row(sheet, r+1+i, fmt.Sprintf("[%d] %s", i+1, n))
	}
}
