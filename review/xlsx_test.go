package review

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/reports"
)

// TestComparisonXLSXCells: on the Impact sheet the dates each side judged
// a line as of are dates (sortable, filterable), and text past what a
// cell holds (32,767 characters) ends saying how much was cut rather than
// being cut without a word.
func TestComparisonXLSXCells(t *testing.T) {
	c := sampleComparison()
	long := strings.Repeat("x", 40000)
	c.Changes[0].After.Reasons[len(c.Changes[0].After.Reasons)-1].Message = long
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
	rows, err := f.GetRows("Impact")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[5:] {
		for _, v := range r {
			if n := len([]rune(v)); n > excelize.TotalCellChars {
				t.Errorf("a cell of %d characters", n)
			}
			if n := len([]rune(v)); n == excelize.TotalCellChars && !strings.Contains(v, "[cut: ") {
				t.Errorf("a cell cut at %d characters without saying so: …%s", n, v[len(v)-40:])
			}
		}
	}
}

// TestComparisonXLSXUnjudged: the lines that could not be judged are on a
// sheet of their own, by side; a workbook without any has no such sheet.
func TestComparisonXLSXUnjudged(t *testing.T) {
	sheets := func(c *Comparison) (*excelize.File, []string) {
		var b bytes.Buffer
		if err := WriteComparison(&b, "xlsx", c); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f, f.GetSheetList()
	}
	if _, got := sheets(sampleComparison()); !cmp.Equal(got, []string{"Impact", "Run"}) {
		t.Errorf("sheets without unjudged lines: %q", got)
	}
	c := sampleComparison()
	c.Summary.Errors = 2
	c.Unjudged = []Unjudged{{Side: "both", Error: `b.csv:5: unknown product "H999"`}, {Side: "after", Error: "b.csv:6: after side failed"}}
	f, got := sheets(c)
	if d := cmp.Diff([]string{"Impact", "Not judged", "Run"}, got); d != "" {
		t.Errorf("sheets (-want +got):\n%s", d)
	}
	rows, err := f.GetRows("Not judged")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"2 lines could not be judged (their decisions are not compared)"},
		nil,
		{"Side", "Error"},
		{"both sides", `b.csv:5: unknown product "H999"`},
		{"after only", "b.csv:6: after side failed"},
	}
	if d := cmp.Diff(want, rows); d != "" {
		t.Errorf("Not judged (-want +got):\n%s", d)
	}
}

// TestComparisonXLSXRun: the Run sheet says what made the comparison:
// the tool, when, the order books, each side's date, rule version and
// whole revisions, and the screening lists with their SHA-256.
func TestComparisonXLSXRun(t *testing.T) {
	c := sampleComparison()
	c.After.Records, c.After.RecordsRevision = "records", strings.Repeat("ab", 32)
	c.Run = &Run{Tool: "exportcheck v1.2.3", Generated: time.Date(2026, 12, 6, 9, 30, 0, 0, time.UTC), Inputs: []string{"a.csv", "b.csv"},
		Screening: []reports.Snapshot{{Path: "lists/consolidated.csv", SHA256: strings.Repeat("0f", 32), Rows: 12000, Newest: "2026-12-01", Downloaded: "2026-12-05T06:00:00Z"}},
		Warnings:  []string{"screening list lists/consolidated.csv is stale"}}
	var b bytes.Buffer
	if err := WriteComparison(&b, "xlsx", c); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Run")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"exportcheck diff: " + headline(c)},
		nil,
		{"Tool", "exportcheck v1.2.3"},
		{"Generated (UTC)", "2026-12-06 09:30:00"},
		{"Order books", "a.csv"},
		{"", "b.csv"},
		{"Warning", "screening list lists/consolidated.csv is stale"},
		nil,
		{"Before"},
		{"As of", "2023-11-16"},
		{"Rule version (regime)", "enforced"},
		{"Policies", "embedded"},
		{"Data", "embedded"},
		{"Policy revision (SHA-256)", "0123456789abcdef"},
		{"Records", "none"},
		nil,
		{"After"},
		{"As of", "2023-11-17"},
		{"Rule version (regime)", "enforced"},
		{"Policies", "embedded"},
		{"Data", "embedded"},
		{"Policy revision (SHA-256)", "0123456789abcdef"},
		{"Records", "records"},
		{"Records revision (SHA-256)", strings.Repeat("ab", 32)},
		nil,
		{"Screening lists (both sides)", "Rows", "Newest entry", "SHA-256", "Downloaded (UTC)"},
		{"lists/consolidated.csv", "12000", "2026-12-01", strings.Repeat("0f", 32), "2026-12-05T06:00:00Z"},
	}
	if d := cmp.Diff(want, rows); d != "" {
		t.Errorf("Run (-want +got):\n%s", d)
	}
}

// TestXLSXPrintedPages: a printed page of a comparison or a matrix names
// its sheet, what made it (the policy revisions compared) and its number,
// as the audit workbook's do; the Impact sheet repeats its header row on
// every page.
func TestXLSXPrintedPages(t *testing.T) {
	changed := sampleComparison()
	changed.After.Revision = "fedcba9876543210"
	changed.Run = &Run{Generated: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	for _, tt := range []struct {
		name   string
		write  func(*bytes.Buffer) error
		want   *excelize.HeaderFooterOptions
		titles map[string]string
	}{
		{"comparison", func(b *bytes.Buffer) error { return WriteComparison(b, "xlsx", changed) },
			&excelize.HeaderFooterOptions{
				OddHeader: "&L&A&Cexportcheck policy review&Rpolicy revision 0123456789ab → fedcba987654",
				OddFooter: "&Lgenerated 2026-01-02 03:04 UTC&RPage &P of &N",
			}, map[string]string{"Impact": "'Impact'!$5:$5"}},
		{"matrix", func(b *bytes.Buffer) error { return WriteMatrix(b, "xlsx", sampleMatrix("2024-06-01")) },
			&excelize.HeaderFooterOptions{
				OddHeader: "&L&A&Cexportcheck license determination matrix&Rpolicy revision 0123456789ab",
				OddFooter: "&RPage &P of &N",
			}, map[string]string{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(&b)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			for _, sheet := range f.GetSheetList() {
				got, err := f.GetHeaderFooter(sheet)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("%s: header and footer (-want +got):\n%s", sheet, diff)
				}
			}
			titles := map[string]string{}
			for _, d := range f.GetDefinedName() {
				if d.Name == "_xlnm.Print_Titles" {
					titles[d.Scope] = d.RefersTo
				}
			}
			if diff := cmp.Diff(tt.titles, titles); diff != "" {
				t.Errorf("print titles (-want +got):\n%s", diff)
			}
			if tt.name != "comparison" {
				return
			}
			// What changed is wrapped in its column, its row as tall as its
			// lines, not run on across the page.
			id, err := f.GetCellStyle("Impact", "Q6")
			if err != nil {
				t.Fatal(err)
			}
			style, err := f.GetStyle(id)
			if err != nil {
				t.Fatal(err)
			}
			text, _ := f.GetCellValue("Impact", "Q6")
			height, _ := f.GetRowHeight("Impact", 6)
			if lines := strings.Count(text, "\n") + 1; style.Alignment == nil || !style.Alignment.WrapText || lines < 2 || height < float64(15*lines) {
				t.Errorf("Impact!Q6 (%d lines): alignment %+v, row height %v", lines, style.Alignment, height)
			}
		})
	}
}

// TestComparisonHeadingRevisions: the printed pages' header names the
// policy revision of each side, one when both are the same, and says
// when a side's is not known rather than leaving a gap.
func TestComparisonHeadingRevisions(t *testing.T) {
	var got []string
	for _, sides := range [][2]string{{"0123456789abcdef", "0123456789abcdef"}, {"0123456789abcdef", "fedcba9876543210"}, {"", "fedcba9876543210"}, {"", ""}} {
		got = append(got, comparisonHeading(&Comparison{Before: Side{Revision: sides[0]}, After: Side{Revision: sides[1]}}).Right)
	}
	want := []string{"policy revision 0123456789ab", "policy revision 0123456789ab → fedcba987654", "policy revision not known → fedcba987654", ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
