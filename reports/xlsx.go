package reports

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/checker"
)

// The audit workbook (xlsx): Summary, Orders (streamed, continued on
// "Orders (2)", … past a sheet's row limit), Products, Rules and Inputs.
// Orders rows go through excelize's StreamWriter as they arrive; the other
// sheets are written in Close from counts kept on the way, so memory grows
// with the number of distinct destinations, products and rules, not with
// the number of lines. Text from the order book is always written as a
// string cell, never as a formula.

func init() { register("xlsx", newXLSX) }

// xlsxMaxRows is how many rows, header included, an Orders sheet holds
// before the next line goes on the next sheet. A variable so that tests can
// lower it.
var xlsxMaxRows = excelize.TotalRows

// Decision slots: the decisions in order, then lines that were not judged.
const (
	xlsxSlots   = 6 + 1
	xlsxErrSlot = xlsxSlots - 1
)

// xlsxSlotNames names the slots as DecisionText prints them.
var xlsxSlotNames = func() [xlsxSlots]string {
	var n [xlsxSlots]string
	for i, d := range checker.Decisions() {
		n[i] = d.String()
	}
	n[xlsxErrSlot] = "error"
	return n
}()

// Row fills (light, for text on top) and chart colours (strong) per slot.
var (
	xlsxFills  = [xlsxSlots]string{"E2EFDA", "D9F2EE", "FFF2CC", "DDEBF7", "FCE4D6", "F4B6B6", "E4DFEC"}
	xlsxColors = [xlsxSlots]string{"70AD47", "2E8B7A", "FFC000", "5B9BD5", "ED7D31", "C00000", "7030A0"}
)

func xlsxSlot(r *checker.Result) int {
	if r.Err != nil || r.Decision < 0 || int(r.Decision) >= xlsxErrSlot {
		return xlsxErrSlot
	}
	return int(r.Decision)
}

// xlsxFont is the workbook's font (excelize's default); bold fonts name it
// too, or some readers fall back to a serif face.
const xlsxFont = "Calibri"

// xlsxStyles are the workbook's cell styles, created once in newXLSX.
type xlsxStyles struct {
	header, title, section, label, labelWrap, value, wrap, int, dec, general, count, total, date, datetime, bold int
	dollars                                                                                                      int // US dollars, saying so
	// Orders cells per decision slot: text, wrapped text, whole number,
	// date, US dollars.
	text, wrapped, num, day, usd [xlsxSlots]int
	slot                         [xlsxSlots]int // a decision's cell on Summary
}

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	var st xlsxStyles
	var err error
	add := func(dst *int, s *excelize.Style) {
		if err == nil {
			*dst, err = f.NewStyle(s)
		}
	}
	iso, isoTime := "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss"
	top := &excelize.Alignment{Vertical: "top"}
	grey := []excelize.Border{
		{Type: "left", Color: "D9D9D9", Style: 1}, {Type: "right", Color: "D9D9D9", Style: 1},
		{Type: "top", Color: "D9D9D9", Style: 1}, {Type: "bottom", Color: "D9D9D9", Style: 1},
	}
	add(&st.header, &excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "FFFFFF", Family: xlsxFont},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E78"}},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
		Border:    grey,
	})
	add(&st.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Family: xlsxFont}})
	add(&st.section, &excelize.Style{
		Font:   &excelize.Font{Bold: true, Size: 12, Color: "1F4E78", Family: xlsxFont},
		Border: []excelize.Border{{Type: "bottom", Color: "1F4E78", Style: 1}},
	})
	add(&st.label, &excelize.Style{Font: &excelize.Font{Bold: true, Family: xlsxFont}, Alignment: top})
	add(&st.labelWrap, &excelize.Style{Font: &excelize.Font{Bold: true, Family: xlsxFont}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	add(&st.value, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"}})
	add(&st.wrap, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	add(&st.int, &excelize.Style{NumFmt: 3, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"}})
	add(&st.dec, &excelize.Style{NumFmt: 4, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"}})
	add(&st.general, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"}})
	add(&st.count, &excelize.Style{NumFmt: 3})
	add(&st.total, &excelize.Style{NumFmt: 3, Font: &excelize.Font{Bold: true, Family: xlsxFont}})
	add(&st.date, &excelize.Style{CustomNumFmt: &iso, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"}})
	add(&st.datetime, &excelize.Style{CustomNumFmt: &isoTime, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"}})
	add(&st.bold, &excelize.Style{Font: &excelize.Font{Bold: true, Family: xlsxFont}})
	usd := `"USD "#,##0.00`
	add(&st.dollars, &excelize.Style{CustomNumFmt: &usd, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"}})
	for k := range xlsxSlots {
		fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{xlsxFills[k]}}
		add(&st.text[k], &excelize.Style{Fill: fill, Border: grey, Alignment: top})
		add(&st.wrapped[k], &excelize.Style{Fill: fill, Border: grey, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
		add(&st.num[k], &excelize.Style{Fill: fill, Border: grey, Alignment: top, NumFmt: 1})
		add(&st.day[k], &excelize.Style{Fill: fill, Border: grey, Alignment: top, CustomNumFmt: &iso})
		add(&st.usd[k], &excelize.Style{Fill: fill, Border: grey, Alignment: top, NumFmt: 4}) // #,##0.00
		add(&st.slot[k], &excelize.Style{Fill: fill, Border: grey})
	}
	return st, err
}

// xlsxWriter writes the audit workbook.
type xlsxWriter struct {
	out io.Writer
	run *Run
	f   *excelize.File
	st  xlsxStyles
	zip *xlsxZip

	// Rows on their way to the streaming goroutine (see startStream).
	cur        *xlsxBatch
	full, free chan *xlsxBatch
	done       chan struct{}
	mu         sync.Mutex
	err        error // the streaming goroutine's first error
	closed     bool

	// The Orders sheet being streamed; only the streaming goroutine uses
	// these until it is done.
	sw     *excelize.StreamWriter
	sheets int // Orders sheets started
	row    int // rows written on the current sheet, header included
	lines  int

	// Column layout, fixed by the first line.
	header     []string
	widths     []float64
	extras     []string        // extra input columns, as the first line named them
	extrasCut  int             // extra columns of the first line past xlsxMaxExtraCols
	extraCol   map[string]int  // extra column name -> index in extras (first occurrence)
	colExtra   int             // first extra column (0-based)
	colOther   int             // extra fields the first line did not have
	colResults int             // "Judged as of", then decision, ECCN, …
	cells      []excelize.Cell // the row being filled, in cur
	used       []bool
	buf        []byte

	// What the other sheets need.
	byDest     map[string]*[xlsxSlots]int
	byProduct  map[string]*[xlsxSlots]int
	destKey    map[string]string // destination as written -> country code
	productErr map[string]bool   // byProduct keys that are not product IDs
	productKey map[string]string // a failed line's product as written -> its byProduct key
	rules      map[xlsxRuleKey]int
	drawn      map[string]*xlsxDrawn // authorization number -> what this run drew on it
	cleared    map[string]int        // clearance file:line -> lines it cleared or confirmed
}

type xlsxRuleKey struct{ rule, citation string }

// xlsxDrawn is what the run drew on one licence, VEU or notification.
type xlsxDrawn struct {
	units     int64
	amounts   map[string]float64 // per limit drawn on, what the run's lines counted against it (units, or US dollars)
	remaining map[string]float64 // per limit drawn on, the least left after any line (lines are drawn in ship-date order)
	lines     []string           // the first lines drawn on it (ID or file:line)
	more      int                // lines past those
}

// xlsxDrawnLines is how many lines the Licences sheet names per record.
const xlsxDrawnLines = 50

func newXLSX(w io.Writer, run *Run) (Writer, error) {
	f := excelize.NewFile()
	// The parts go straight to w, sorted, dated run.Generated (see xlsxZip),
	// not to the buffer excelize writes through.
	zw := newXLSXZip(w, run.Generated)
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zw })
	st, err := newXLSXStyles(f)
	if err == nil {
		err = f.SetSheetName("Sheet1", "Summary")
	}
	if err == nil {
		err = f.SetDocProps(&excelize.DocProperties{
			Title:       "Export-control audit workbook",
			Creator:     xlsxTool(run),
			Description: "exportcheck check results; policy revision " + run.Revision,
			Created:     run.Generated.UTC().Format(time.RFC3339),
			Modified:    run.Generated.UTC().Format(time.RFC3339),
		})
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &xlsxWriter{
		out: w, run: run, f: f, st: st, zip: zw,
		byDest: map[string]*[xlsxSlots]int{}, byProduct: map[string]*[xlsxSlots]int{},
		destKey: map[string]string{}, productKey: map[string]string{}, productErr: map[string]bool{}, rules: map[xlsxRuleKey]int{},
		drawn: map[string]*xlsxDrawn{}, cleared: map[string]int{},
	}, nil
}

func xlsxTool(run *Run) string {
	tool := run.Tool
	if tool == "" {
		tool = "exportcheck"
	}
	if run.Version != "" {
		tool += " " + run.Version
	}
	return tool
}

// The fixed Orders columns before the extra input columns, and after them.
var (
	xlsxInputCols = []struct {
		name  string
		width float64
	}{
		{"File", 22}, {"Line", 7}, {"ID", 13}, {"Product (as given)", 20}, {"Product ID", 24},
		{"Quantity", 10}, {"Destination", 13}, {"End user", 32}, {"End-user HQ", 13}, {"Date", 12},
		{"End use", 14}, {"Ship from", 10}, {"End-user parent", 32}, {"Consignee", 32},
	}
	xlsxReasonsWidth = 90.0
	xlsxResultCols   = []struct {
		name  string
		width float64
	}{
		{"Judged as of", 13}, {"Decision", 18}, {"ECCN", 11}, {"Rule version", 17},
		{"Review policy / exception / authorization", 30}, {"Reasons [citation] / error", xlsxReasonsWidth},
	}
)

// xlsxMaxExtraCols is how many extra input columns the Orders sheet
// carries as columns of their own; the rest go to "Other input columns"
// and the Summary says so. A sheet has at most 16,384 columns, and a
// workbook with thousands is no longer one a person reads.
const xlsxMaxExtraCols = 1000

// xlsxMaxHeader is the longest column title (a table column's name is at
// most 255 characters in Excel); a longer one is cut, ending in "…". The
// full name is still in the input.
const xlsxMaxHeader = 255

// xlsxWidthRun is a range of columns of one width (1-based, inclusive).
type xlsxWidthRun struct {
	first, last int
	width       float64
}

// xlsxWidthRuns groups neighbouring columns of the same width, so that
// widths are set once per run: excelize rebuilds every column it knows on
// each call, so one call per column is quadratic (8,000 extra columns took
// 113 s).
func xlsxWidthRuns(widths []float64) []xlsxWidthRun {
	var runs []xlsxWidthRun
	for i, w := range widths {
		if n := len(runs); n > 0 && runs[n-1].width == w {
			runs[n-1].last = i + 1
			continue
		}
		runs = append(runs, xlsxWidthRun{i + 1, i + 1, w})
	}
	return runs
}

// layout fixes the Orders columns from the first line (nil: no lines).
func (x *xlsxWriter) layout(first *checker.Result) {
	seen := map[string]bool{}
	unique := func(name string) string {
		name = strings.Join(strings.FieldsFunc(name, func(r rune) bool { return r < ' ' }), " ")
		name = strings.TrimSpace(name)
		if r := []rune(name); len(r) > xlsxMaxHeader {
			name = string(r[:xlsxMaxHeader-1]) + "…"
		}
		if name == "" {
			name = "Column " + strconv.Itoa(len(x.header)+1)
		}
		try := name
		for n := 2; seen[strings.ToLower(try)]; n++ {
			try = name + " (" + strconv.Itoa(n) + ")"
		}
		seen[strings.ToLower(try)] = true
		return try
	}
	// Reserve the fixed names first so that an extra column never takes one.
	for _, c := range xlsxInputCols {
		seen[strings.ToLower(c.name)] = true
	}
	for _, c := range xlsxResultCols {
		seen[strings.ToLower(c.name)] = true
	}
	seen["other input columns"] = true
	for _, c := range xlsxInputCols {
		x.header = append(x.header, c.name)
		x.widths = append(x.widths, c.width)
	}
	x.colExtra = len(x.header)
	x.extraCol = map[string]int{}
	if first != nil {
		extra := first.Order.Extra
		if len(extra) > xlsxMaxExtraCols {
			x.extrasCut = len(extra) - xlsxMaxExtraCols
			extra = extra[:xlsxMaxExtraCols]
		}
		for i, fl := range extra {
			x.extras = append(x.extras, fl.Name)
			if _, ok := x.extraCol[fl.Name]; !ok {
				x.extraCol[fl.Name] = i
			}
			x.header = append(x.header, unique(fl.Name))
			x.widths = append(x.widths, 16)
		}
	}
	x.colOther = len(x.header)
	x.header = append(x.header, "Other input columns")
	x.widths = append(x.widths, 20)
	x.colResults = len(x.header)
	for _, c := range xlsxResultCols {
		x.header = append(x.header, c.name)
		x.widths = append(x.widths, c.width)
	}
	x.used = make([]bool, len(x.extras))
}

func (x *xlsxWriter) tableName() string {
	if x.sheets <= 1 {
		return "Orders"
	}
	return "Orders_" + strconv.Itoa(x.sheets)
}

// startSheet begins the next Orders sheet: widths, frozen header, header row.
func (x *xlsxWriter) startSheet() error {
	x.sheets++
	name := "Orders"
	if x.sheets > 1 {
		name = "Orders (" + strconv.Itoa(x.sheets) + ")"
	}
	if _, err := x.f.NewSheet(name); err != nil {
		return err
	}
	// Page setup goes on the worksheet before the stream takes it over.
	var err error
	if xlsxPrintSetup(x.f, name, x.run, &err); err != nil {
		return err
	}
	if err := x.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: "'" + name + "'!$1:$1", Scope: name,
	}); err != nil {
		return err
	}
	sw, err := x.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for _, run := range xlsxWidthRuns(x.widths) {
		if err := sw.SetColWidth(run.first, run.last, run.width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	hdr := make([]any, len(x.header))
	for i, h := range x.header {
		hdr[i] = excelize.Cell{StyleID: x.st.header, Value: h}
	}
	if err := sw.SetRow("A1", hdr, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	x.sw, x.row = sw, 1
	return nil
}

// finishSheet adds the table (header, autofilter) over the rows written and
// flushes the sheet.
func (x *xlsxWriter) finishSheet() error {
	last, err := excelize.CoordinatesToCellName(len(x.header), max(x.row, 2))
	if err != nil {
		return err
	}
	stripes := false
	if err := x.sw.AddTable(&excelize.Table{
		Range: "A1:" + last, Name: x.tableName(), StyleName: "TableStyleLight1", ShowRowStripes: &stripes,
	}); err != nil {
		return err
	}
	err = x.sw.Flush()
	x.sw = nil
	return err
}

// The Orders rows are handed to excelize on a goroutine of their own, in
// batches: filling the cells of the next lines (and whatever the caller
// does between lines) overlaps with excelize encoding the previous ones.
const (
	xlsxBatchRows = 256
	xlsxBatches   = 3 // in flight at most: one filling, one queued, one streaming
)

// xlsxBatch is rows of cells on their way to the StreamWriter.
type xlsxBatch struct {
	cells   []excelize.Cell // n rows of len(header) cells
	heights []float64       // per row, 0: default
	n       int
}

// startStream lays out the columns and starts the goroutine that streams.
func (x *xlsxWriter) startStream(first *checker.Result) {
	x.layout(first)
	x.full = make(chan *xlsxBatch, 1)
	x.free = make(chan *xlsxBatch, xlsxBatches)
	x.done = make(chan struct{})
	for range xlsxBatches {
		x.free <- &xlsxBatch{cells: make([]excelize.Cell, xlsxBatchRows*len(x.header)), heights: make([]float64, xlsxBatchRows)}
	}
	x.cur = <-x.free
	go func() {
		defer close(x.done)
		vals := make([]any, len(x.header))
		for b := range x.full {
			if x.streamErr() == nil {
				if err := x.streamBatch(b, vals); err != nil {
					x.mu.Lock()
					x.err = err
					x.mu.Unlock()
				}
			}
			b.n = 0
			x.free <- b
		}
	}()
}

func (x *xlsxWriter) streamErr() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.err
}

// streamBatch writes a batch of rows, going on to the next sheet when one
// is full. Only the streaming goroutine calls it.
func (x *xlsxWriter) streamBatch(b *xlsxBatch, vals []any) error {
	w := len(x.header)
	for i := range b.n {
		if x.sw == nil || x.row >= xlsxMaxRows {
			if x.sw != nil {
				if err := x.finishSheet(); err != nil {
					return err
				}
			}
			if err := x.startSheet(); err != nil {
				return err
			}
		}
		row := b.cells[i*w : (i+1)*w]
		for j := range row {
			vals[j] = &row[j]
		}
		x.row++
		cell := "A" + strconv.Itoa(x.row)
		var err error
		if h := b.heights[i]; h > 0 {
			err = x.sw.SetRow(cell, vals, excelize.RowOpts{Height: h})
		} else {
			err = x.sw.SetRow(cell, vals)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// flushStream hands over the last rows and waits for the streaming to end.
func (x *xlsxWriter) flushStream() error {
	if x.full == nil {
		return nil
	}
	if x.cur.n > 0 {
		x.full <- x.cur
	}
	close(x.full)
	<-x.done
	x.full = nil
	return x.streamErr()
}

func (x *xlsxWriter) Write(r *checker.Result) error {
	if x.full == nil {
		if x.closed {
			return errors.New("xlsx: write after close")
		}
		x.startStream(r)
	}
	if err := x.streamErr(); err != nil {
		return err
	}
	w := len(x.header)
	x.cells = x.cur.cells[x.cur.n*w : (x.cur.n+1)*w]
	k := xlsxSlot(r)
	x.count(r, k)
	o := &r.Order
	x.text(0, k, FileName(o.File))
	x.cells[1] = excelize.Cell{StyleID: x.st.num[k], Value: o.Line}
	x.text(2, k, o.ID)
	x.text(3, k, o.Product)
	x.text(4, k, r.ProductID)
	if n, ok := checker.ParseQuantity(o.Quantity); ok {
		x.cells[5] = excelize.Cell{StyleID: x.st.num[k], Value: n}
	} else {
		x.text(5, k, o.Quantity)
	}
	x.text(6, k, o.Destination)
	x.text(7, k, o.EndUser)
	x.text(8, k, o.EndUserHQ)
	x.date(9, k, o.Date)
	x.text(10, k, o.EndUse)
	x.text(11, k, o.ShipFrom)
	x.text(12, k, o.EndUserParent)
	x.text(13, k, o.Consignee)
	x.extra(k, o.Extra)
	c := x.colResults
	x.date(c, k, r.Date)
	x.text(c+1, k, DecisionText(r))
	b := x.buf[:0]
	if r.Err != nil { // not judged: the rest of the result means nothing
		x.text(c+2, k, "")
		x.text(c+3, k, "")
		x.text(c+4, k, "")
		b = append(b, ErrorText(r)...)
	} else {
		x.text(c+2, k, r.ECCN)
		x.text(c+3, k, r.Regime)
		x.text(c+4, k, Detail(r))
		for i, re := range r.Reasons {
			if i > 0 {
				b = append(b, '\n')
			}
			b = appendReason(b, re)
		}
		b = appendEntries(b, r.Screening)
	}
	x.buf = b
	reasons := string(b)
	x.cells[c+5] = excelize.Cell{StyleID: x.st.wrapped[k]}
	if reasons != "" {
		x.cells[c+5].Value = xlsxCellText(reasons)
	}
	// Readers do not fit the height of streamed rows to wrapped text.
	x.cur.heights[x.cur.n] = 0
	if n := XLSXLineCount(reasons, xlsxReasonsWidth); n > 1 {
		x.cur.heights[x.cur.n] = XLSXRowHeight(n)
	}
	x.lines++
	if x.cur.n++; x.cur.n == xlsxBatchRows {
		x.full <- x.cur
		x.cur = <-x.free
	}
	return nil
}

// xlsxLineHeight is the height in points of a line of 11-point text.
const xlsxLineHeight = 15

// XLSXRowHeight is the height of a row of wrapped text of n lines, at most
// the tallest row a sheet can have (excelize.MaxRowHeight, 409 points; a
// taller row is an error that would lose the workbook): the rest of a very
// long cell shows in the formula bar.
func XLSXRowHeight(n int) float64 {
	return min(xlsxLineHeight*float64(n), excelize.MaxRowHeight)
}

// xlsxMaxChars is the most characters (UTF-16 code units) a cell holds.
const xlsxMaxChars = excelize.TotalCellChars

// xlsxCellText returns s, or, when it is longer than a cell holds, its
// beginning followed by a marker saying how many characters were cut, so
// that a cut never goes unnoticed (excelize would cut silently).
func xlsxCellText(s string) string {
	if len(s) <= xlsxMaxChars { // UTF-8 is never shorter than UTF-16
		return s
	}
	units := 0
	for _, r := range s {
		units += utf16.RuneLen(r)
	}
	if units <= xlsxMaxChars {
		return s
	}
	total := utf8.RuneCountInString(s)
	// The marker's length bounds the cut count by the whole text's.
	room := xlsxMaxChars - utf8.RuneCountInString(xlsxCutMarker(total))
	keep, kept := 0, 0 // bytes and runes kept
	for i, r := range s {
		if room -= utf16.RuneLen(r); room < 0 {
			keep = i
			break
		}
		kept++
	}
	return s[:keep] + xlsxCutMarker(total-kept)
}

// XLSXText is s as a workbook cell can hold it: s, or its beginning and a
// marker saying how many characters were cut (a cell holds 32,767; excelize
// would cut the rest without a word). For the other workbooks (review).
func XLSXText(s string) string { return xlsxCellText(s) }

// XLSXDate is the spreadsheet serial number of a YYYY-MM-DD date, for a
// date cell; ok is false for anything else (written as text).
func XLSXDate(s string) (serial float64, ok bool) { return xlsxSerial(s) }

func xlsxCutMarker(n int) string {
	return " … [cut: " + strconv.Itoa(n) + " characters]"
}

// XLSXLineCount estimates the lines text takes when wrapped in a column of
// the given width (in characters).
func XLSXLineCount(text string, width float64) int {
	n, chars := 1, 0
	per := max(1, int(width*1.1)) // a column is width digits wide; text is narrower
	for _, c := range text {
		if c == '\n' {
			n++
			chars = 0
			continue
		}
		if chars++; chars > per {
			n++
			chars = 1
		}
	}
	return n
}

// ReasonText writes a reason as the workbook's Orders sheet does: its rule
// id, message and citation ("rule: message [citation]").
func ReasonText(re checker.Reason) string { return string(appendReason(nil, re)) }

func appendReason(b []byte, re checker.Reason) []byte {
	b = append(b, re.Rule...)
	b = append(b, ": "...)
	b = append(b, re.Message...)
	if re.Citation != "" {
		b = append(b, " ["...)
		b = append(b, re.Citation...)
		b = append(b, ']')
	}
	return b
}

// appendEntries writes, after the reasons, the list entry of each
// screening hit: its list, name and _id (what a clearance is kept
// against) and score, and the owner a hit on an owner is on; an entry
// once.
func appendEntries(b []byte, hits []*checker.ScreeningFact) []byte {
	for i, h := range hits {
		dup := false
		for _, p := range hits[:i] {
			dup = dup || p.List == h.List && p.EntryID == h.EntryID && p.Owner == h.Owner
		}
		if dup {
			continue
		}
		if len(b) > 0 {
			b = append(b, '\n')
		}
		b = append(b, "screening entry: "...)
		b = append(b, h.List...)
		b = append(b, ' ')
		b = strconv.AppendQuote(b, h.Name)
		b = append(b, ", _id "...)
		b = append(b, h.EntryID...)
		b = append(b, " (score "...)
		b = strconv.AppendFloat(b, h.Score, 'f', 2, 64)
		b = append(b, ')')
		if h.Owner != "" {
			b = append(b, ", a hit on the owner "...)
			b = strconv.AppendQuote(b, h.Owner)
		}
	}
	return b
}

// text sets a string cell: always a string, so text that looks like a
// formula ("=HYPERLINK(…)") stays text.
func (x *xlsxWriter) text(i, k int, s string) {
	x.cells[i] = excelize.Cell{StyleID: x.st.text[k]}
	if s != "" {
		x.cells[i].Value = xlsxCellText(s)
	}
}

// date sets a date cell when s is YYYY-MM-DD, else text.
func (x *xlsxWriter) date(i, k int, s string) {
	if d, ok := xlsxSerial(s); ok {
		x.cells[i] = excelize.Cell{StyleID: x.st.day[k], Value: d}
		return
	}
	x.text(i, k, s)
}

var xlsxEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// xlsxSerial is the spreadsheet serial number of a YYYY-MM-DD date from
// 1900-03-01 on (before it the 1900 date system is off by one).
func xlsxSerial(s string) (float64, bool) {
	if len(s) != 10 {
		return 0, false
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Year() < 1900 || t.Year() == 1900 && t.Month() < 3 {
		return 0, false
	}
	return float64(t.Sub(xlsxEpoch) / (24 * time.Hour)), true
}

// extraCell fills an extra input column: a unit_value in US dollars as a
// number, anything else as text.
func (x *xlsxWriter) extraCell(i, k int, name, value string) {
	if checker.ColumnKey(name) == "unit_value" {
		if v, ok := checker.ParseUnitValue(value); ok {
			x.cells[i] = excelize.Cell{StyleID: x.st.usd[k], Value: v}
			return
		}
	}
	x.text(i, k, value)
}

// extra fills the extra input columns; fields the first line did not have
// go to "Other input columns" as "name: value" lines.
func (x *xlsxWriter) extra(k int, fields []checker.Field) {
	// The usual case: the fields of the first line, in its order.
	same := len(fields) == len(x.extras) || x.extrasCut > 0 && len(fields) > len(x.extras)
	for i := 0; same && i < len(x.extras); i++ {
		same = fields[i].Name == x.extras[i]
	}
	if same {
		for i, fl := range fields[:len(x.extras)] {
			x.extraCell(x.colExtra+i, k, fl.Name, fl.Value)
		}
		x.text(x.colOther, k, xlsxFields(fields[len(x.extras):]))
		return
	}
	for i := range x.extras {
		x.text(x.colExtra+i, k, "")
		x.used[i] = false
	}
	var other strings.Builder
	for _, fl := range fields {
		if i, ok := x.extraCol[fl.Name]; ok {
			if x.used[i] {
				i, ok = x.nextSameName(fl.Name)
			}
			if ok {
				x.used[i] = true
				x.extraCell(x.colExtra+i, k, fl.Name, fl.Value)
				continue
			}
		}
		if other.Len() > 0 {
			other.WriteByte('\n')
		}
		other.WriteString(fl.Name)
		other.WriteString(": ")
		other.WriteString(fl.Value)
	}
	x.text(x.colOther, k, other.String())
}

// xlsxFields is fields as "name: value" lines.
func xlsxFields(fields []checker.Field) string {
	var b strings.Builder
	for _, fl := range fields {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(fl.Name)
		b.WriteString(": ")
		b.WriteString(fl.Value)
	}
	return b.String()
}

// nextSameName finds an unused extra column of a repeated name.
func (x *xlsxWriter) nextSameName(name string) (int, bool) {
	for i, n := range x.extras {
		if n == name && !x.used[i] {
			return i, true
		}
	}
	return 0, false
}

// count keeps what Close needs: counts per destination, product and rule.
func (x *xlsxWriter) count(r *checker.Result, k int) {
	if a := r.Authorization; a != nil && r.Err == nil {
		d := x.drawn[a.Number]
		if d == nil {
			d = &xlsxDrawn{}
			x.drawn[a.Number] = d
		}
		d.units += a.Drawn
		for _, dr := range a.Draws {
			if d.amounts == nil {
				d.amounts = map[string]float64{}
			}
			d.amounts[dr.Limit] += dr.Amount
		}
		if a.RemainingAfter != nil {
			// Every limit the line drew on, each with what it left; a
			// result without its draws tells of one limit.
			draws := a.Draws
			if len(draws) == 0 {
				draws = []checker.Draw{{Limit: a.Limit, Left: *a.RemainingAfter}}
			}
			if d.remaining == nil {
				d.remaining = map[string]float64{}
			}
			for _, dr := range draws {
				if v, ok := d.remaining[dr.Limit]; !ok || dr.Left < v {
					d.remaining[dr.Limit] = dr.Left
				}
			}
		}
		if len(d.lines) < xlsxDrawnLines {
			d.lines = append(d.lines, firstNonEmpty(r.Order.ID, Location(&r.Order)))
		} else {
			d.more++
		}
	}
	for _, h := range r.Screening {
		if c := h.Clearance; c != nil && r.Err == nil {
			x.cleared[fmt.Sprintf("%s:%d", c.File, c.Line)]++
		}
	}
	dest, ok := x.destKey[r.Order.Destination]
	if !ok {
		dest = strings.TrimSpace(r.Order.Destination)
		if x.run.Checker != nil {
			if code, err := x.run.Checker.Catalog().ResolveCountry(dest); err == nil {
				dest = code
			}
		}
		x.destKey[r.Order.Destination] = dest
	}
	bump(x.byDest, dest, k)
	product := r.ProductID
	if product == "" {
		// A line that failed before its product was resolved (a bad
		// country, say) is counted under its product's ID when the
		// catalog knows the name: only a name it does not know is
		// "not in the catalog".
		key, ok := x.productKey[r.Order.Product]
		if !ok {
			key = strings.TrimSpace(r.Order.Product)
			if id, ok := x.catalogProduct(key); ok {
				key = id
			} else {
				x.productErr[key] = true
			}
			x.productKey[r.Order.Product] = key
		}
		product = key
	}
	bump(x.byProduct, product, k)
	if r.Err != nil {
		return
	}
	for i, re := range r.Reasons {
		dup := false
		for _, p := range r.Reasons[:i] {
			if p.Rule == re.Rule && p.Citation == re.Citation {
				dup = true
				break
			}
		}
		if !dup {
			x.rules[xlsxRuleKey{re.Rule, re.Citation}]++
		}
	}
}

func bump(m map[string]*[xlsxSlots]int, key string, k int) {
	p := m[key]
	if p == nil {
		p = new([xlsxSlots]int)
		m[key] = p
	}
	p[k]++
}

func (x *xlsxWriter) Close(s *Summary) (err error) {
	defer func() {
		x.zip.discard()
		if cerr := x.f.Close(); err == nil {
			err = cerr
		}
	}()
	x.closed = true
	if err := x.flushStream(); err != nil {
		return err
	}
	if x.sheets == 0 {
		x.layout(nil)
		if err := x.startSheet(); err != nil {
			return err
		}
	}
	if x.sw != nil {
		if err := x.finishSheet(); err != nil {
			return err
		}
	}
	for _, write := range []func(*Summary) error{x.summarySheet, x.productsSheet, x.rulesSheet, x.licencesSheet, x.inputsSheet, x.ledgerSheet} {
		if err := write(s); err != nil {
			return err
		}
	}
	x.f.SetActiveSheet(0)
	return x.f.Write(io.Discard) // the zip writer writes to x.out
}

// Abort stops the streaming goroutine and removes the workbook's temporary
// files without writing anything (the run failed).
func (x *xlsxWriter) Abort() {
	if !x.closed {
		x.closed = true
		x.flushStream()
		x.f.Close()
	}
}

// catalogProduct is the product ID the catalog resolves a name to.
func (x *xlsxWriter) catalogProduct(name string) (string, bool) {
	if x.run.Checker == nil {
		return "", false
	}
	id, err := x.run.Checker.Catalog().ResolveProduct(name)
	return id, err == nil
}
