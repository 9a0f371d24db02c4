package reports

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/internal/prose"
)

// xlsxSheet writes one sheet through excelize's cell API and keeps the
// first error, so that a long run of cells reads as a list and no error is
// lost: check sh.err when the sheet is done.
type xlsxSheet struct {
	f     *excelize.File
	name  string
	err   error
	lines map[int]int // row -> lines of its tallest wrapped cell
	run   *Run        // named on every printed page
}

func (x *xlsxWriter) newSheet(name string) *xlsxSheet {
	sh := &xlsxSheet{f: x.f, name: name, lines: map[int]int{}, run: x.run}
	if name != "Summary" {
		_, sh.err = x.f.NewSheet(name)
	}
	return sh
}

// xlsxPrintSetup sets how a sheet of the audit workbook prints.
func xlsxPrintSetup(f *excelize.File, sheet string, run *Run, err *error) {
	if *err != nil {
		return
	}
	h := PageSetup{Title: "exportcheck audit workbook", A3: sheet == "Orders" || strings.HasPrefix(sheet, "Orders (")}
	if run != nil {
		if run.Revision != "" {
			h.Right = "policy revision " + ShortRevision(run.Revision)
		}
		h.Generated = run.Generated
	}
	*err = XLSXPageSetup(f, sheet, h)
}

// ShortRevision is a revision as people read it: its first 12 hex digits.
func ShortRevision(rev string) string { return rev[:min(12, len(rev))] }

// PageSetup is how a sheet prints, and what each printed page says of
// where it comes from.
type PageSetup struct {
	Title     string    // in the middle of the header
	Right     string    // at the header's right: a revision
	Generated time.Time // in the footer, when not zero
	// A3: a wide sheet (the Orders sheet: every input column, then the
	// decision and its reasons) prints on A3, each line on one row across.
	A3 bool
}

// XLSXPageSetup sets how a sheet prints: landscape, fitted to the page
// width, each page headed with the sheet's name, h.Title and h.Right, and
// footed with when it was generated and page N of M: a page taken out of
// an audit binder says where it comes from. A streamed sheet takes it
// before its stream writer does.
func XLSXPageSetup(f *excelize.File, sheet string, h PageSetup) error {
	// Excel's and LibreOffice's codes: &A the sheet's name, &P the page,
	// &N the pages; a literal & is &&.
	esc := func(s string) string { return strings.ReplaceAll(s, "&", "&&") }
	header, footer := "&L&A", "&RPage &P of &N"
	if h.Title != "" {
		header += "&C" + esc(h.Title)
	}
	if h.Right != "" {
		header += "&R" + esc(h.Right)
	}
	if !h.Generated.IsZero() {
		footer = "&Lgenerated " + h.Generated.UTC().Format("2006-01-02 15:04") + " UTC" + footer
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddHeader: header, OddFooter: footer}); err != nil {
		return err
	}
	landscape, one, tall, a3, fit := "landscape", 1, 0, 8, true
	opts := &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &tall}
	if h.A3 {
		opts.Size = &a3
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return f.SetPageLayout(sheet, opts)
}

// wrapped writes wrapped text and remembers how tall its row must be:
// readers do not fit row heights to wrapped text in generated files (nor,
// anywhere, to merged cells). width is the column's, or the merged cells'.
func (sh *xlsxSheet) wrapped(col, row int, s string, style int, width float64) {
	sh.set(col, row, s, style)
	if n := XLSXLineCount(s, width); n > sh.lines[row] {
		sh.lines[row] = n
	}
}

// done sets the heights of rows with wrapped text and the page setup (last:
// AutoFilter replaces the sheet properties) and returns the first error.
func (sh *xlsxSheet) done() error {
	xlsxPrintSetup(sh.f, sh.name, sh.run, &sh.err)
	for _, row := range slices.Sorted(maps.Keys(sh.lines)) {
		if n := sh.lines[row]; n > 1 && sh.err == nil {
			sh.err = sh.f.SetRowHeight(sh.name, row, XLSXRowHeight(n))
		}
	}
	return sh.err
}

func (sh *xlsxSheet) ref(col, row int) string {
	c, err := excelize.CoordinatesToCellName(col, row)
	if err != nil && sh.err == nil {
		sh.err = err
	}
	return c
}

// set writes v (nil: style only) with a style (0: none). Strings are always
// string cells, never formulas.
func (sh *xlsxSheet) set(col, row int, v any, style int) {
	if sh.err != nil {
		return
	}
	c := sh.ref(col, row)
	if s, ok := v.(string); ok {
		v = xlsxCellText(s)
	}
	if v != nil && v != "" {
		if sh.err = sh.f.SetCellValue(sh.name, c, v); sh.err != nil {
			return
		}
	}
	if style != 0 {
		sh.err = sh.f.SetCellStyle(sh.name, c, c, style)
	}
}

func (sh *xlsxSheet) style(c1, r1, c2, r2, style int) {
	if sh.err == nil {
		sh.err = sh.f.SetCellStyle(sh.name, sh.ref(c1, r1), sh.ref(c2, r2), style)
	}
}

func (sh *xlsxSheet) merge(c1, r1, c2, r2 int) {
	if sh.err == nil {
		sh.err = sh.f.MergeCell(sh.name, sh.ref(c1, r1), sh.ref(c2, r2))
	}
}

func (sh *xlsxSheet) widths(w ...float64) {
	for i, v := range w {
		if sh.err == nil {
			sh.err = sh.f.SetColWidth(sh.name, colName(i+1), colName(i+1), v)
		}
	}
}

func (sh *xlsxSheet) freeze(rows int) {
	if sh.err == nil {
		top := "A" + strconv.Itoa(rows+1)
		sh.err = sh.f.SetPanes(sh.name, &excelize.Panes{
			Freeze: true, YSplit: rows, TopLeftCell: top, ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: "bottomLeft"}},
		})
	}
}

func (sh *xlsxSheet) autoFilter(c1, r1, c2, r2 int) {
	if sh.err == nil {
		sh.err = sh.f.AutoFilter(sh.name, sh.ref(c1, r1)+":"+sh.ref(c2, max(r2, r1+1)), nil)
	}
}

// header writes a row of column titles.
func (sh *xlsxSheet) header(row, style int, titles ...string) {
	for i, t := range titles {
		sh.set(i+1, row, t, style)
	}
}

func colName(n int) string {
	s, _ := excelize.ColumnNumberToName(n)
	return s
}

// xlsxSummaryLabelWidth is the width of the Summary sheet's column A, its
// labels.
const xlsxSummaryLabelWidth = 34

// xlsxBoldWidth is the width to count wrapped lines of bold text in a
// column width wide: bold letters are wider, and a line breaks between
// words, not at the edge.
func xlsxBoldWidth(width float64) float64 { return width * 0.8 }

// summarySheet: run metadata, counts by decision (with a chart), by
// destination and by product.
func (x *xlsxWriter) summarySheet(s *Summary) error {
	sh, st, run := x.newSheet("Summary"), &x.st, x.run
	sh.widths(xlsxSummaryLabelWidth, 17, 17, 17, 17, 17, 17, 17)
	r := 1
	sh.set(1, r, "Export-control audit workbook", st.title)
	r += 2
	kv := func(label string, v any, style int) {
		// A long label ("Retain until (15 CFR 762.6(a): ...)") wraps in
		// its row, which is made tall enough: a printed or PDF copy
		// would cut it at the column's edge.
		sh.wrapped(1, r, label, st.labelWrap, xlsxBoldWidth(xlsxSummaryLabelWidth))
		sh.set(2, r, v, style)
		r++
	}
	section := func(title string) {
		if r > 3 {
			r++
		}
		sh.set(1, r, title, st.section)
		sh.style(2, r, 8, r, st.section)
		r++
	}
	warnings := run.Warnings
	if x.extrasCut > 0 {
		n := len(x.extras) + x.extrasCut
		warnings = append(slices.Clone(warnings), fmt.Sprintf("the input has %d extra columns: the first %d have columns of their own on Orders, the other %d are in “Other input columns”", n, len(x.extras), x.extrasCut))
	}
	if len(warnings) > 0 {
		section("Warnings")
		for _, w := range warnings {
			sh.wrapped(1, r, w, st.wrap, 34)
			r++
		}
	}
	section("Run")
	kv("Tool", xlsxTool(run), st.value)
	kv("Policy revision (SHA-256)", run.Revision, st.value)
	if run.Records != nil {
		kv("Records revision (SHA-256)", run.Records.Revision, st.value)
		for i, file := range run.Records.Files {
			label := ""
			if i == 0 {
				label = "Record files (see Licences)"
			}
			kv(label, file, st.value)
		}
	}
	if o := run.Ownership; o != nil {
		kv("Ownership register", fmt.Sprintf("%s (%s: %s)", o.Revision, prose.Count(o.Rows, "row"), strings.Join(o.Files, ", ")), st.value)
	}
	if c := run.Committed; c != nil {
		kv("Committed to ledger", c.Ledger, st.value)
		kv("Ledger run", c.RunID, st.value)
		kv("Chain head after the run", c.Head, st.value)
	}
	kv("Regime", run.Regime, st.value)
	if run.Checker != nil && run.Ledger == nil {
		// A blank ship_from is an export from this country: the Orders
		// sheet shows the column as given.
		kv("Ships from, where a line does not say (--ship-from)", run.Checker.Options().ShipFrom, st.value)
	}
	if d, ok := xlsxDate(run.AsOf); ok {
		kv("As of (--as-of)", d, st.date)
	} else {
		kv("As of (--as-of)", cmp.Or(run.AsOf, "each line's own date"), st.value)
	}
	kv("Fail on (--fail-on)", run.FailOn.String(), st.value)
	kv("Generated (UTC)", run.Generated.UTC(), st.datetime)
	if until, r, ok := run.RetainUntil(s); ok {
		kv(fmt.Sprintf("Retain until (%s: %d years from the latest ship date)", r.Citation, r.Years), until.UTC().Truncate(24*time.Hour), st.date)
	} else {
		kv("Retain until (15 CFR 762.6)", "unknown: the data names no retention period", st.value)
	}
	for i, in := range run.Inputs {
		label := ""
		if i == 0 {
			label = "Input files (see Inputs)"
		}
		kv(label, in.Path, st.value)
	}
	if lg := run.Ledger; lg != nil && len(lg.Runs) > 0 {
		first, last := lg.Runs[0].Started, lg.Runs[len(lg.Runs)-1].Started
		kv("Runs (see Inputs)", fmt.Sprintf("%s, started %s to %s", prose.Count(len(lg.Runs), "run"), first[:min(10, len(first))], last[:min(10, len(last))]), st.value)
	}
	if len(run.DataAsOf) > 0 {
		section("Data as of")
		for _, name := range sortedKeysOf(run.DataAsOf) {
			if d, ok := xlsxDate(run.DataAsOf[name]); ok {
				kv(name, d, st.date)
			} else {
				kv(name, run.DataAsOf[name], st.value)
			}
		}
	}
	if len(run.Screening) > 0 {
		section("Screening lists")
		sh.header(r, st.header, "File", "Rows", "Newest entry", "SHA-256", "Downloaded (UTC)")
		r++
		for _, sn := range run.Screening {
			path := sn.Path
			if sn.Demo {
				path += " (DEMONSTRATION excerpt)"
			}
			if t, err := time.Parse(time.RFC3339, sn.Downloaded); err == nil {
				sh.set(5, r, t.UTC(), st.datetime)
			} else {
				sh.set(5, r, sn.Downloaded, st.value)
			}
			sh.wrapped(1, r, path, st.wrap, 34)
			sh.set(2, r, sn.Rows, st.int)
			if d, ok := xlsxDate(sn.Newest); ok {
				sh.set(3, r, d, st.date)
			} else {
				sh.set(3, r, sn.Newest, st.value)
			}
			sh.set(4, r, sn.SHA256, st.value)
			r++
		}
	}
	if lg := run.Ledger; lg != nil && len(lg.Runs) > 0 {
		x.ledgerScreening(sh, &r, section)
	}
	// The results and their chart begin a printed page: the chart, 17 rows
	// tall, would otherwise be cut across two.
	section("Results")
	if sh.err == nil {
		sh.err = x.f.InsertPageBreak("Summary", "A"+strconv.Itoa(r-1))
	}
	kv("Lines", s.Lines(), st.int)
	kv("Not judged (errors)", s.LineErrors(), st.int)
	if len(s.Unread) > 0 { // not lines: nothing in them was judged
		for i, file := range s.Unread {
			label := ""
			if i == 0 {
				label = "Files not read (nothing in them judged)"
			}
			kv(label, FileName(file), st.value)
		}
	}
	kv("At or above --fail-on, or errors", s.FailedLines(), st.int)
	r++
	top := r
	sh.header(r, st.header, "Decision", "Lines")
	r++
	first := r
	for k := range xlsxSlots {
		n := s.LineErrors()
		if k < xlsxErrSlot {
			n = s.ByDecision[checker.Decision(k)]
		}
		sh.set(1, r, xlsxSlotNames[k], st.slot[k])
		sh.set(2, r, n, st.slot[k])
		r++
	}
	sh.set(1, r, "total", st.bold)
	sh.set(2, r, s.Lines(), st.bold)
	if sh.err != nil {
		return sh.err
	}
	points := make([]excelize.ChartDataPoint, xlsxSlots)
	for k := range points {
		points[k] = excelize.ChartDataPoint{Index: k, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{xlsxColors[k]}}}
	}
	if err := x.f.AddChart("Summary", "D"+strconv.Itoa(top), &excelize.Chart{
		Type: excelize.Pie,
		Series: []excelize.ChartSeries{{
			Name:       "Lines by decision",
			Categories: fmt.Sprintf("Summary!$A$%d:$A$%d", first, first+xlsxSlots-1),
			Values:     fmt.Sprintf("Summary!$B$%d:$B$%d", first, first+xlsxSlots-1),
			DataPoint:  points,
		}},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Lines by decision"}}},
		Legend:    excelize.ChartLegend{Position: "right"},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
		Dimension: excelize.ChartDimension{Width: 520, Height: 300},
		Format:    excelize.GraphicOptions{AltText: "Pie chart of the number of order lines per decision", OffsetX: 10},
	}); err != nil {
		return err
	}
	r = max(r+2, top+17)
	var names map[string]string
	if run.Checker != nil {
		names = map[string]string{}
		for _, c := range run.Checker.Catalog().Countries() {
			names[c.Code] = c.Name
		}
	}
	r = x.crosstab(sh, r, "By destination", "Destination", x.byDest, func(k string) string {
		if n, ok := names[k]; ok {
			return k + " (" + n + ")"
		}
		return xlsxBlank(k)
	})
	r = x.crosstab(sh, r+1, "By product", "Product", x.byProduct, func(k string) string {
		if x.productErr[k] {
			return xlsxBlank(k) + " (not in the catalog)"
		}
		return k
	})
	return sh.done()
}

// ledgerScreening writes, on an export's Summary, the screening lists the
// runs that decided its lines screened against, each with how many runs
// did, and how many screened against none; each run's are on Inputs.
func (x *xlsxWriter) ledgerScreening(sh *xlsxSheet, r *int, section func(string)) {
	st := &x.st
	type key struct{ path, sha string }
	var order []key
	lists, whole, runs := map[key]Snapshot{}, map[key]bool{}, map[key]int{}
	off := 0
	for i := range x.run.Ledger.Runs {
		lr := &x.run.Ledger.Runs[i]
		if !lr.Decided {
			continue
		}
		if lr.Off() {
			off++
		}
		for _, sn := range lr.Screening {
			k := key{sn.Path, sn.SHA256}
			if _, ok := lists[k]; !ok {
				order = append(order, k)
			}
			// As a run that recorded it whole did, when one did.
			if _, ok := lists[k]; !ok || lr.Whole && !whole[k] {
				lists[k], whole[k] = sn, lr.Whole
			}
			runs[k]++
		}
	}
	if len(order) == 0 && off == 0 {
		return
	}
	section("Screening lists (each run's on Inputs)")
	sh.header(*r, st.header, "File", "Rows", "Newest entry", "Downloaded (UTC)", "SHA-256", "Runs")
	*r++
	for _, k := range order {
		sn := lists[k]
		path := sn.Path
		if sn.Demo {
			path += " (DEMONSTRATION excerpt)"
		}
		sh.wrapped(1, *r, path, st.wrap, 34)
		x.listCounts(sh, *r, 2, sn, whole[k])
		sh.set(5, *r, sn.SHA256, st.value)
		sh.set(6, *r, runs[k], st.int)
		*r++
	}
	if off > 0 {
		sh.wrapped(1, *r, "none: restricted-party screening off", st.wrap, 34)
		sh.set(6, *r, off, st.int)
		*r++
	}
}

func xlsxBlank(s string) string { return cmp.Or(s, "(blank)") }

// crosstab writes lines per decision for each key, most lines first.
func (x *xlsxWriter) crosstab(sh *xlsxSheet, r int, title, what string, m map[string]*[xlsxSlots]int, label func(string) string) int {
	st := &x.st
	sh.set(1, r, title, st.section)
	sh.style(2, r, 8, r, st.section)
	r++
	sh.set(1, r, what, st.header)
	for k := range xlsxSlots {
		sh.set(k+2, r, xlsxSlotNames[k], st.header)
	}
	sh.set(xlsxSlots+2, r, "total", st.header)
	r++
	type row struct {
		key   string
		n     *[xlsxSlots]int
		total int
	}
	rows := make([]row, 0, len(m))
	for k, n := range m {
		t := 0
		for _, v := range n {
			t += v
		}
		rows = append(rows, row{k, n, t})
	}
	slices.SortFunc(rows, func(a, b row) int { return cmp.Or(b.total-a.total, strings.Compare(a.key, b.key)) })
	for _, rw := range rows {
		sh.set(1, r, label(rw.key), st.value)
		for k, v := range rw.n {
			sh.set(k+2, r, v, st.count)
		}
		sh.set(xlsxSlots+2, r, rw.total, st.total)
		r++
	}
	return r + 1
}

// xlsxDate turns YYYY-MM-DD into a time for a date cell.
func xlsxDate(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil && len(s) == 10
}

func sortedKeysOf[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// xlsxRuleVersion is a rule of the timeline (data.rules).
type xlsxRuleVersion struct{ id, title, citation, effective string }

func ruleVersions(doc map[string]any) []xlsxRuleVersion {
	rules, _ := doc["rules"].(map[string]any)
	var out []xlsxRuleVersion
	for id, v := range rules {
		m, _ := v.(map[string]any)
		eff, _ := m["effective"].(string)
		if _, ok := xlsxDate(eff); !ok {
			continue
		}
		title, _ := m["title"].(string)
		citation, _ := m["citation"].(string)
		out = append(out, xlsxRuleVersion{id, title, citation, eff})
	}
	slices.SortFunc(out, func(a, b xlsxRuleVersion) int {
		return cmp.Or(strings.Compare(a.effective, b.effective), strings.Compare(a.id, b.id))
	})
	return out
}

// classifications classifies every product on every date, concurrently
// (each Classify prepares its query, tens of milliseconds).
func classifications(c *checker.Checker, products, dates []string) map[[2]string]xlsxClass {
	type job struct{ product, date string }
	jobs := make(chan job)
	out := map[[2]string]xlsxClass{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(1, len(products)*len(dates))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				cl, err := c.Classify(context.Background(), j.product, j.date)
				mu.Lock()
				out[[2]string{j.product, j.date}] = xlsxClass{cl, err}
				mu.Unlock()
			}
		}()
	}
	for _, p := range products {
		for _, d := range dates {
			jobs <- job{p, d}
		}
	}
	close(jobs)
	wg.Wait()
	return out
}

type xlsxClass struct {
	c   *checker.Classification
	err error
}

// productsSheet: for each product in the run, the datasheet figures, TPP
// and performance density with how they were computed, the classification
// under each rule version, and the sources.
func (x *xlsxWriter) productsSheet(*Summary) error {
	sh, st := x.newSheet("Products"), &x.st
	sh.widths(36, 14, 18, 12, 14, 90)
	var ids, unknown []string
	for _, k := range sortedKeysOf(x.byProduct) {
		if x.productErr[k] {
			unknown = append(unknown, xlsxBlank(k))
		} else {
			ids = append(ids, k)
		}
	}
	r := 1
	sh.set(1, r, "Products in this run", st.title)
	r += 2
	if x.run.Checker == nil {
		for _, id := range ids {
			sh.set(1, r, id, st.value)
			r++
		}
		return sh.done()
	}
	cat := x.run.Checker.Catalog()
	versions := ruleVersions(cat.Data())
	var dates []string
	if len(versions) > 0 {
		t, _ := xlsxDate(versions[0].effective)
		dates = append(dates, t.AddDate(0, 0, -1).Format(time.DateOnly))
		for _, v := range versions {
			if !slices.Contains(dates, v.effective) {
				dates = append(dates, v.effective)
			}
		}
	}
	cls := classifications(x.run.Checker, ids, dates)
	const merged = 14 + 18 + 12 + 14 + 90 // B:F
	kv := func(label string, v any, style int) {
		sh.set(1, r, label, st.label)
		if t, ok := v.(string); ok && style == st.wrap {
			sh.wrapped(2, r, t, style, merged)
		} else {
			sh.set(2, r, v, style)
		}
		sh.merge(2, r, 6, r)
		r++
	}
	for _, id := range ids {
		p, ok := cat.Product(id)
		if !ok {
			continue
		}
		raw := p.Raw
		sh.set(1, r, id+" — "+p.Name, st.section)
		sh.style(2, r, 6, r, st.section)
		r++
		kv("Vendor, kind", strings.Join(nonEmpty(p.Vendor, p.Kind), ", "), st.value)
		if len(p.Aliases) > 0 {
			kv("Aliases", strings.Join(p.Aliases, ", "), st.wrap)
		}
		if comps := xlsxList(raw["components"]); len(comps) > 0 {
			var lines []string
			for _, c := range comps {
				m, _ := c.(map[string]any)
				lines = append(lines, fmt.Sprintf("%s × %s", xlsxText(m["count"]), xlsxText(m["product"])))
			}
			kv("Components", strings.Join(lines, "\n"), st.wrap)
		}
		if tp := xlsxList(raw["throughput"]); len(tp) > 0 {
			var lines []string
			for _, t := range tp {
				m, _ := t.(map[string]any)
				lines = append(lines, fmt.Sprintf("%s: %s TOPS/TFLOPS, %s-bit", xlsxText(m["format"]), xlsxText(m["tops"]), xlsxText(m["bits"])))
			}
			kv("Throughput (dense, per precision)", strings.Join(lines, "\n"), st.wrap)
		}
		x.figure(kv, "Die area (mm²)", raw["die_area_mm2"], raw["die_area_note"])
		if links, ok := raw["io"].([]any); ok {
			var lines []string
			for _, l := range links {
				m, _ := l.(map[string]any)
				lines = append(lines, fmt.Sprintf("%s: %s GB/s", xlsxText(m["link"]), xlsxText(m["gbps"])))
			}
			kv("I/O links (bidirectional)", strings.Join(lines, "\n"), st.wrap)
		} else if _, has := raw["io"]; has || p.Kind != "system" {
			kv("I/O links (bidirectional)", "unknown", st.value)
		}
		x.figure(kv, "Memory bandwidth (GB/s)", raw["memory_bandwidth_gbps"], raw["memory"])
		if b, ok := raw["datacenter"].(bool); ok {
			kv("Datacenter (Note 2 to 3A090)", map[bool]string{true: "yes", false: "no"}[b], st.value)
		}
		// The policy's figures, from the classification on the latest date.
		var latest *checker.Classification
		if len(dates) > 0 {
			latest = cls[[2]string{id, dates[len(dates)-1]}].c
		}
		if latest != nil {
			if latest.TPP != nil {
				kv("TPP (computed)", *latest.TPP, st.int)
				kv("   how", tppHow(raw, *latest.TPP), st.wrap)
			}
			if latest.PublishedTPP != nil {
				src := ""
				if m, ok := raw["published_tpp"].(map[string]any); ok {
					src = xlsxText(m["source"])
				}
				kv("TPP (published by the vendor)", *latest.PublishedTPP, st.int)
				if src != "" {
					kv("   source", src, st.wrap)
				}
			}
			if latest.PD != nil {
				kv("Performance density (TPP/mm²)", *latest.PD, st.dec)
				if latest.TPP != nil {
					kv("   how", fmt.Sprintf("TPP %s ÷ die area %s mm² = %s (ECCN 3A090 Technical Note)",
						xlsxNum(*latest.TPP), xlsxText(raw["die_area_mm2"]), xlsxNum(*latest.PD)), st.wrap)
				}
			}
			if latest.IO != nil {
				kv("Aggregate I/O (GB/s)", *latest.IO, st.int)
				var parts []string
				for _, l := range xlsxList(raw["io"]) {
					m, _ := l.(map[string]any)
					parts = append(parts, xlsxText(m["gbps"]))
				}
				kv("   how", "sum of the links: "+strings.Join(parts, " + ")+" = "+xlsxNum(*latest.IO)+" GB/s", st.wrap)
			}
		}
		if c := xlsxText(raw["confidence"]); c != "" {
			kv("Confidence", c, st.wrap)
		}
		if src := xlsxList(raw["source"]); len(src) > 0 {
			var lines []string
			for _, s := range src {
				lines = append(lines, xlsxText(s))
			}
			kv("Sources", strings.Join(lines, "\n"), st.wrap)
		} else if s := xlsxText(raw["source"]); s != "" {
			kv("Sources", s, st.wrap)
		}
		if n := xlsxText(raw["notes"]); n != "" {
			kv("Notes", n, st.wrap)
		}
		sh.header(r, st.header, "Rule version (effective)", "Date", "Rule version applied", "Class", "ECCN", "Reasons [citation]")
		r++
		for i, d := range dates {
			label := "before any rule"
			if i > 0 {
				for _, v := range versions {
					if v.effective == d {
						label = v.id
						break
					}
				}
			}
			t, _ := xlsxDate(d)
			sh.set(1, r, label, st.value)
			sh.set(2, r, t, st.date)
			c := cls[[2]string{id, d}]
			if c.err != nil {
				sh.wrapped(6, r, "error: "+c.err.Error(), st.wrap, 90)
				r++
				continue
			}
			var b []byte
			for j, re := range c.c.Reasons {
				if j > 0 {
					b = append(b, '\n')
				}
				b = appendReason(b, re)
			}
			sh.set(3, r, c.c.Regime, st.value)
			sh.set(4, r, c.c.Class, st.value)
			sh.set(5, r, c.c.ECCN, st.value)
			sh.wrapped(6, r, string(b), st.wrap, 90)
			r++
		}
		r++
	}
	if len(unknown) > 0 {
		sh.set(1, r, "Named in the order book but not in the catalog", st.section)
		sh.style(2, r, 6, r, st.section)
		r++
		for _, u := range unknown {
			sh.set(1, r, u, st.value)
			r++
		}
	}
	return sh.done()
}

// figure writes a number from the datasheet, or "unknown", with a note.
func (x *xlsxWriter) figure(kv func(string, any, int), label string, v, note any) {
	if f, ok := xlsxNumber(v); ok {
		kv(label, f, x.st.general)
	} else {
		kv(label, "unknown", x.st.value)
	}
	if n := xlsxText(note); n != "" {
		kv("   note", n, x.st.wrap)
	}
}

// tppHow names the datasheet figure the policy's TPP came from.
func tppHow(raw map[string]any, tpp float64) string {
	for _, t := range xlsxList(raw["throughput"]) {
		m, _ := t.(map[string]any)
		tops, ok1 := xlsxNumber(m["tops"])
		bits, ok2 := xlsxNumber(m["bits"])
		if ok1 && ok2 && math.Abs(tops*bits-tpp) < 1e-6*max(1, tpp) {
			return fmt.Sprintf("%s: %s TOPS × %s bits = %s, the largest over the precisions listed (TPP = 2 × MacTOPS × bit length, ECCN 3A090 Technical Note)",
				xlsxText(m["format"]), xlsxText(m["tops"]), xlsxText(m["bits"]), xlsxNum(tpp))
		}
	}
	return "as the policy computed it (classify.tpp)"
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func xlsxList(v any) []any {
	l, _ := v.([]any)
	return l
}

func xlsxNumber(v any) (float64, bool) {
	switch n := v.(type) {
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	case float64:
		return n, true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	}
	return 0, false
}

// xlsxText is a scalar from the data as text.
func xlsxText(v any) string {
	switch s := v.(type) {
	case nil:
		return ""
	case string:
		return s
	case json.Number:
		return s.String()
	}
	return fmt.Sprint(v)
}

// xlsxNum formats a number with thousands separators and at most two
// decimals, as the reasons do.
func xlsxNum(f float64) string {
	s := strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// rulesSheet: every rule (and citation) that fired, with its title from the
// policy's METADATA and the number of lines it appeared in.
func (x *xlsxWriter) rulesSheet(*Summary) error {
	sh, st := x.newSheet("Rules"), &x.st
	sh.widths(34, 60, 60, 10)
	sh.header(1, st.header, "Rule", "Title", "Citation", "Lines")
	sh.freeze(1)
	titles := map[string]string{}
	if x.run.Checker != nil {
		titles = ruleTitles(x.run.Checker.Bundle().Modules)
	}
	keys := make([]xlsxRuleKey, 0, len(x.rules))
	for k := range x.rules {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b xlsxRuleKey) int {
		return cmp.Or(strings.Compare(a.rule, b.rule), strings.Compare(a.citation, b.citation))
	})
	r := 2
	for _, k := range keys {
		sh.set(1, r, k.rule, st.value)
		sh.wrapped(2, r, titles[k.rule], st.wrap, 60)
		sh.wrapped(3, r, k.citation, st.wrap, 60)
		sh.set(4, r, x.rules[k], st.int)
		r++
	}
	sh.autoFilter(1, 1, 4, r-1)
	return sh.done()
}

// ruleTitles maps rule ids (custom.id in the policies' METADATA) to titles.
func ruleTitles(modules map[string]string) map[string]string {
	out := map[string]string{}
	for _, name := range sortedKeysOf(modules) {
		m, err := ast.ParseModuleWithOpts(name, modules[name], ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			continue // the checker compiled these; a title is not worth failing for
		}
		for _, a := range m.Annotations {
			id, _ := a.Custom["id"].(string)
			if _, seen := out[id]; id != "" && a.Title != "" && !seen {
				out[id] = a.Title
			}
		}
	}
	return out
}

// inputsSheet: each input file with size and SHA-256.
func (x *xlsxWriter) inputsSheet(*Summary) error {
	if x.run.Ledger != nil {
		return x.ledgerInputsSheet()
	}
	sh, st := x.newSheet("Inputs"), &x.st
	sh.widths(50, 14, 70)
	sh.header(1, st.header, "File", "Size (bytes)", "SHA-256")
	sh.freeze(1)
	for i, in := range x.run.Inputs {
		name, file := Source(in.Path)
		sh.wrapped(1, i+2, name, st.wrap, 50)
		if !file && in.SHA256 == "" {
			sh.set(3, i+2, "not hashed", st.value)
			continue
		}
		sh.set(2, i+2, in.Size, st.int)
		sh.set(3, i+2, in.SHA256, st.value)
	}
	return sh.done()
}

// ledgerInputsSheet: what each run of a ledger's export screened against
// and read, as the ledger records it: a row per screening list (or none:
// screening off) and per input file, each with its run.
func (x *xlsxWriter) ledgerInputsSheet() error {
	sh, st := x.newSheet("Inputs"), &x.st
	sh.widths(36, 20, 16, 50, 70, 12, 14, 20, 44)
	sh.header(1, st.header, "Run", "Run started (UTC)", "Input", "File", "SHA-256", "Rows", "Newest entry", "Downloaded (UTC)", "Note")
	sh.freeze(1)
	r := 2
	run := func(lr *LedgerRun) {
		sh.set(1, r, lr.ID, st.value)
		if t, err := time.Parse(time.RFC3339, lr.Started); err == nil {
			sh.set(2, r, t.UTC(), st.datetime)
		} else {
			sh.set(2, r, lr.Started, st.value)
		}
	}
	for i := range x.run.Ledger.Runs {
		lr := &x.run.Ledger.Runs[i]
		if lr.Problem != "" {
			run(lr)
			sh.wrapped(9, r, lr.Problem, st.wrap, 44)
			r++
		}
		if lr.Off() {
			run(lr)
			sh.set(3, r, "screening list", st.value)
			sh.set(4, r, "none", st.value)
			sh.wrapped(9, r, "restricted-party screening off: no end user screened", st.wrap, 44)
			r++
		}
		for _, sn := range lr.Screening {
			run(lr)
			sh.set(3, r, "screening list", st.value)
			sh.wrapped(4, r, sn.Path, st.wrap, 50)
			sh.set(5, r, sn.SHA256, st.value)
			x.listCounts(sh, r, 6, sn, lr.Whole)
			if sn.Demo {
				sh.wrapped(9, r, "DEMONSTRATION excerpt, not the Consolidated Screening List", st.wrap, 44)
			}
			r++
		}
		for _, in := range lr.Inputs {
			run(lr)
			sh.set(3, r, "input", st.value)
			sh.wrapped(4, r, in.Path, st.wrap, 50)
			sh.set(5, r, in.SHA256, st.value)
			r++
		}
	}
	sh.autoFilter(1, 1, 9, max(r-1, 2))
	return sh.done()
}

// listCounts writes a screening list's rows, newest entry and download
// time from column col on, as the ledger recorded them: whole (as check's
// outputs record them: a download time is blank for a list `lists
// update` did not download), or (a run recorded before 2026-12-07) path
// and SHA-256 only, what it does not record "not recorded" but for the
// excerpt this exportcheck embeds, which no one downloads.
func (x *xlsxWriter) listCounts(sh *xlsxSheet, r, col int, sn Snapshot, whole bool) {
	st := &x.st
	const none = "not recorded"
	if sn.Rows > 0 || whole {
		sh.set(col, r, sn.Rows, st.int)
	} else {
		sh.set(col, r, none, st.value)
	}
	switch d, ok := xlsxDate(sn.Newest); {
	case ok:
		sh.set(col+1, r, d, st.date)
	case whole || sn.Newest != "":
		sh.set(col+1, r, sn.Newest, st.value)
	default:
		sh.set(col+1, r, none, st.value)
	}
	switch t, err := time.Parse(time.RFC3339, sn.Downloaded); {
	case err == nil:
		sh.set(col+2, r, t.UTC(), st.datetime)
	case whole || sn.Demo || sn.Downloaded != "":
		sh.set(col+2, r, sn.Downloaded, st.value)
	default:
		sh.set(col+2, r, none, st.value)
	}
}

// licencesSheet: the compliance records the run applied (--records): each
// licence, VEU and notification with its limits, what this run drew on it,
// what remains and the lines drawn; a VEU with the Federal Register
// citations of its listing (or none), a licence BIS extended with how;
// then the clearances, with the lines screened against each. Nothing
// without records.
func (x *xlsxWriter) licencesSheet(*Summary) error {
	rec := x.run.Records
	if rec == nil {
		return nil
	}
	sh, st := x.newSheet("Licences"), &x.st
	sh.widths(16, 20, 14, 12, 12, 24, 30, 14, 16, 14, 36, 40, 40, 40)
	sh.header(1, st.header, "Record", "Number / entry", "Status when generated", "Issued / filed", "Expires", "Federal Register / extended", "Limits",
		"Drawn in this run", "Remaining after this run", "Destinations", "End users", "Lines drawn on it / screened against it",
		"Conditions / why cleared", "File and line")
	sh.freeze(1)
	r := 2
	date := func(col int, s string) {
		if d, ok := xlsxDate(s); ok {
			sh.set(col, r, d, st.date)
		} else if s != "" {
			sh.set(col, r, s, st.value)
		}
	}
	amount := func(f float64) string { return groupDigits(strconv.FormatFloat(f, 'f', -1, 64)) }
	drawn := func(number string) {
		d := x.drawn[number]
		if d == nil {
			sh.set(8, r, 0, st.int)
			return
		}
		_, value := d.amounts["value"]
		switch {
		case value && len(d.amounts) == 1: // dollars, not the units shipped
			sh.set(8, r, dollars(d.amounts["value"]), st.dollars)
		case value: // dollars and units: each limit, as the limits are written
			sums := maps.Clone(d.amounts)
			sums["value"] = dollars(sums["value"])
			sh.wrapped(8, r, strings.Join(limitsText(sums, amount), "\n"), st.wrap, 14)
		default:
			sh.set(8, r, d.units, st.int)
		}
		switch len(d.remaining) {
		case 0:
		case 1: // the one limit drawn on: a number
			for lim, v := range d.remaining {
				if lim == "value" {
					sh.set(9, r, v, st.dollars)
				} else {
					sh.set(9, r, v, st.general)
				}
			}
		default: // several: each, as the limits are written
			sh.wrapped(9, r, strings.Join(limitsText(d.remaining, amount), "\n"), st.wrap, 30)
		}
		lines := strings.Join(d.lines, ", ")
		if d.more > 0 {
			lines += fmt.Sprintf(" and %d more", d.more)
		}
		sh.wrapped(12, r, lines, st.wrap, 40)
	}
	where := func(file string, line int) string { return fmt.Sprintf("%s:%d", file, line) }
	for _, l := range rec.Licences {
		kind := "licence"
		if l.Kind == "veu" {
			kind = "VEU"
		}
		limits := limitsText(l.Limits, amount)
		if len(limits) == 0 {
			limits = []string{"none"}
		}
		sh.set(1, r, kind, st.value)
		sh.set(2, r, l.Number, st.value)
		sh.wrapped(3, r, l.Status, st.wrap, 14)
		date(4, l.Issued)
		date(5, l.Expires)
		if l.Kind == "veu" { // where it was listed in Supplement No. 7 to part 748
			sh.wrapped(6, r, cmp.Or(strings.Join(l.FederalRegister, "\n"), "none"), st.wrap, 24)
		} else if l.Extended != "" {
			sh.wrapped(6, r, l.Extended, st.wrap, 24)
		}
		sh.wrapped(7, r, strings.Join(limits, "\n"), st.wrap, 30)
		drawn(l.Number)
		sh.set(10, r, strings.Join(l.Destinations, ", "), st.value)
		sh.wrapped(11, r, strings.Join(l.EndUsers, "\n"), st.wrap, 36)
		conditions := l.Conditions
		if len(l.Flags) > 0 {
			conditions = strings.TrimSpace(conditions + "\n(flags: " + strings.Join(l.Flags, ", ") + ")")
		}
		sh.wrapped(13, r, conditions, st.wrap, 40)
		sh.wrapped(14, r, where(l.File, l.Line), st.wrap, 40)
		r++
	}
	for _, n := range rec.Notifications {
		sh.set(1, r, n.Exception+" notification", st.value)
		sh.set(2, r, n.BISReference, st.value)
		sh.set(3, r, n.Status, st.value)
		date(4, n.FiledOn)
		sh.set(7, r, amount(float64(n.Quantity))+" units notified", st.value)
		drawn(n.BISReference)
		sh.set(10, r, n.Destination, st.value)
		sh.wrapped(11, r, n.EndUser, st.wrap, 36)
		sh.wrapped(14, r, where(n.File, n.Line), st.wrap, 40)
		r++
	}
	for _, c := range rec.Clearances {
		sh.set(1, r, "clearance", st.value)
		sh.wrapped(2, r, strings.TrimSpace(c.List+" "+c.EntryName+" ("+c.Entry+")"), st.wrap, 20)
		sh.set(3, r, c.Outcome, st.value)
		date(4, c.At)
		date(5, c.Expires)
		by := c.EndUser + " (by " + c.By + ")"
		if c.Recorded > c.At { // written after the day adjudicated: it clears no line shipped before
			by = c.EndUser + " (by " + c.By + "; recorded on " + c.Recorded + ")"
		}
		sh.wrapped(11, r, by, st.wrap, 36)
		w := where(c.File, c.Line)
		sh.set(12, r, prose.Count(x.cleared[w], "line")+" screened against it", st.value)
		sh.wrapped(13, r, c.Reason, st.wrap, 40)
		sh.wrapped(14, r, w, st.wrap, 40)
		r++
	}
	sh.autoFilter(1, 1, 14, max(r-1, 2))
	return sh.done()
}

// LedgerSheet is what the workbook's Ledger sheet shows (exportcheck
// ledger export): the ledger, the head of its chain, and its rows.
type LedgerSheet struct {
	Name     string // the ledger's DSN, without a password
	Head     string // the chain's head: the last row's hash
	Verified string // what verification found, in words
	// Missing says, one line each, what the ledger held that the sheet
	// does not: the rows a filter left out, the rows pruned before. Each
	// is a row "Not in this export" under Verified: an export of some
	// rows must not read as the whole ledger.
	Missing []string
	Header  []string
	// Rows calls row for each row of the sheet, in order.
	Rows func(row func([]any) error) error
	// Runs are the runs that wrote the rows, in the order they started:
	// the Summary's screening lists and the Inputs sheet are theirs.
	Runs []LedgerRun
}

// LedgerRun is a run that wrote rows of the ledger, as the ledger keeps
// it: its screening lists and input files with their SHA-256.
type LedgerRun struct {
	ID      string
	Started string // RFC 3339, UTC
	// Screening are the lists it screened against. None, for a run that
	// decided lines: screening was off.
	Screening []Snapshot
	// Whole says the ledger recorded each list whole, as check's outputs
	// record it; else (a run recorded before 2026-12-07) its path and
	// SHA-256 only: a list's Rows 0, Newest "" and Downloaded "" are not
	// recorded.
	Whole  bool
	Inputs []Input // Size is not recorded
	// Decided says the run decided lines (not only reviewers' actions,
	// which screen nothing).
	Decided bool
	// Problem is what could not be read of the run ("" for nothing).
	Problem string
}

// Off reports whether the run decided lines with screening off.
func (lr *LedgerRun) Off() bool { return lr.Decided && len(lr.Screening) == 0 && lr.Problem == "" }

// ledgerSheet streams the Ledger sheet, continued on "Ledger (2)", … past
// Excel's row limit. Each sheet's header is frozen and its rows are a
// table (filters); values in a column titled "… date" or "… at" (or "… at
// (UTC)") that are a date (YYYY-MM-DD) or a UTC time (RFC 3339, "Z") are
// date cells, every other string is text, never a formula.
func (x *xlsxWriter) ledgerSheet(*Summary) error {
	lg := x.run.Ledger
	if lg == nil {
		return nil
	}
	st := &x.st
	dated := make([]bool, len(lg.Header))
	for i, h := range lg.Header {
		h = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(h)), " (utc)") // "Decided at (UTC)"
		dated[i] = h == "date" || strings.HasSuffix(h, " date") || strings.HasSuffix(h, " at")
	}
	var sw *excelize.StreamWriter
	r, head, sheets := 0, 0, 0
	start := func() error {
		sheets++
		name := "Ledger"
		if sheets > 1 {
			name = fmt.Sprintf("Ledger (%d)", sheets)
		}
		if _, err := x.f.NewSheet(name); err != nil {
			return err
		}
		var err error
		if sw, err = x.f.NewStreamWriter(name); err != nil {
			return err
		}
		// The columns ledger export writes, in order (Row, Kind, Run,
		// Decided at, By, Reason given, Order, …, Row hash).
		widths := []float64{8, 11, 26, 20, 16, 30, 14, 30, 12, 16, 8, 30, 22, 16, 10, 16, 22, 16, 60, 14, 14, 16, 66}
		for i, w := range widths {
			if err := sw.SetColWidth(i+1, i+1, w); err != nil {
				return err
			}
		}
		head = 1
		if sheets == 1 {
			head = 5 + len(lg.Missing) // under the ledger's name, head, verification and what is not in it
		}
		top := "A" + strconv.Itoa(head+1)
		if err := sw.SetPanes(&excelize.Panes{
			Freeze: true, YSplit: head, TopLeftCell: top, ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: "bottomLeft"}},
		}); err != nil {
			return err
		}
		r = 1
		if sheets == 1 {
			kvs := [][2]string{{"Ledger", lg.Name}, {"Chain head", lg.Head}, {"Verified", lg.Verified}}
			for _, m := range lg.Missing {
				kvs = append(kvs, [2]string{"Not in this export", m})
			}
			for _, kv := range kvs {
				if err := sw.SetRow(fmt.Sprintf("A%d", r), []any{excelize.Cell{StyleID: st.label, Value: kv[0]}, excelize.Cell{StyleID: st.value, Value: kv[1]}}); err != nil {
					return err
				}
				r++
			}
			r++
		}
		hdr := make([]any, len(lg.Header))
		for i, h := range lg.Header {
			hdr[i] = excelize.Cell{StyleID: st.header, Value: h}
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", r), hdr); err != nil {
			return err
		}
		r++
		return nil
	}
	finish := func() error {
		if len(lg.Header) > 0 {
			last, err := excelize.CoordinatesToCellName(len(lg.Header), max(r-1, head+1))
			if err != nil {
				return err
			}
			name := "Ledger"
			if sheets > 1 {
				name += "_" + strconv.Itoa(sheets)
			}
			stripes := false
			if err := sw.AddTable(&excelize.Table{
				Range: "A" + strconv.Itoa(head) + ":" + last, Name: name, StyleName: "TableStyleLight1", ShowRowStripes: &stripes,
			}); err != nil {
				return err
			}
		}
		return sw.Flush()
	}
	if err := start(); err != nil {
		return err
	}
	err := lg.Rows(func(vals []any) error {
		if r > xlsxMaxRows {
			if err := finish(); err != nil {
				return err
			}
			if err := start(); err != nil {
				return err
			}
		}
		for i, v := range vals {
			s, ok := v.(string)
			switch {
			case !ok:
			case s == "":
				vals[i] = excelize.Cell{StyleID: st.value}
			case i < len(dated) && dated[i]:
				vals[i] = x.ledgerDate(s)
			default:
				vals[i] = excelize.Cell{StyleID: st.value, Value: xlsxCellText(s)} // text, never a formula
			}
		}
		r++
		return sw.SetRow(fmt.Sprintf("A%d", r-1), vals)
	})
	if err != nil {
		return err
	}
	return finish()
}

// ledgerDate is a Ledger cell for a date (YYYY-MM-DD) or a UTC time
// (RFC 3339 ending in "Z"): a date cell, or the text as written when it is
// neither.
func (x *xlsxWriter) ledgerDate(s string) excelize.Cell {
	if d, ok := xlsxSerial(s); ok {
		return excelize.Cell{StyleID: x.st.date, Value: d}
	}
	if strings.HasSuffix(s, "Z") {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil && t.Year() >= 1901 {
			// A time, not its serial as a float64: excelize cuts a float to
			// 15 significant digits, which put 05:12:46 a few microseconds
			// before the second, and LibreOffice showed 05:12:45 (a time
			// excelize writes in full).
			return excelize.Cell{StyleID: x.st.datetime, Value: t.UTC()}
		}
	}
	return excelize.Cell{StyleID: x.st.value, Value: xlsxCellText(s)}
}

// dollars rounds a sum of US dollar amounts to a millionth, as the checker
// counts them (a sum of float64s is not exact in decimal).
func dollars(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// limitsText writes amounts per limit of a record, "USD 2,500,000" for
// value and "100 × nvidia-h100-sxm5" for units of a product or ECCN, in
// the order of the limits' names.
func limitsText(limits map[string]float64, amount func(float64) string) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(limits)) {
		if k == "value" {
			out = append(out, "USD "+amount(limits[k]))
		} else {
			out = append(out, amount(limits[k])+" × "+k)
		}
	}
	return out
}
