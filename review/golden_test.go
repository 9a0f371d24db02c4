package review

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/reports"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, d)
	}
}

func sampleComparison() *Comparison {
	before := []checker.Result{
		result(2, checker.LicenseRequired, "3A090.a", "presumption_of_denial", "", cls2022, china),
		result(3, checker.Allow, "", "", "", nlr),
		result(4, checker.Allow, "3A090.a", "", "", cls2022, nlr),
	}
	after := []checker.Result{
		result(2, checker.LicenseRequired, "3A090.a", "presumption_of_denial", "", cls2023, d145),
		result(3, checker.LicenseRequired, "3A090.a", "presumption_of_denial", "", cls2023, d145),
		result(4, checker.Allow, "3A090.a", "", "", cls2023, nlr),
	}
	for i := range before {
		before[i].Date, after[i].Date = "2023-11-16", "2023-11-17"
		before[i].Regime, after[i].Regime = "ear-2023-01-18", "ear-2023-11-17"
	}
	changes := Compare(before, after)
	return &Comparison{
		Before:  Side{AsOf: "2023-11-16", Regime: "enforced", Policies: "embedded", Data: "embedded", Revision: "0123456789abcdef"},
		After:   Side{AsOf: "2023-11-17", Regime: "enforced", Policies: "embedded", Data: "embedded", Revision: "0123456789abcdef"},
		Changes: changes,
		Summary: Summarize(changes, 3, 0),
	}
}

func sampleMatrix(dates ...string) *Matrix {
	v := func(d checker.Decision, eccn, exception string) Value {
		return Value{Decision: d, ECCN: eccn, Exception: exception}
	}
	m := &Matrix{Dates: dates, Regime: "enforced", Revision: "0123456789abcdef",
		Products: []string{"nvidia-h100-sxm5", "nvidia-rtx-4090"}, Destinations: []string{"CN", "DE"}}
	cells := [][]Value{
		{v(checker.LicenseRequired, "3A090.a", ""), v(checker.LicenseRequired, "3A090.a", "")},
		{v(checker.Allow, "3A090.a", ""), v(checker.Allow, "3A090.a", "")},
		{v(checker.Allow, "", ""), v(checker.Exception, "3A090.a", "NAC")},
		{v(checker.Allow, "", ""), v(checker.Allow, "3A090.a", "")},
	}
	i := 0
	for _, p := range m.Products {
		for _, d := range m.Destinations {
			m.Cells = append(m.Cells, Cell{Product: p, Destination: d, Values: cells[i][:len(dates)]})
			i++
		}
	}
	return m
}

func TestWriteComparison(t *testing.T) {
	// A run against the demonstration list: every format names the list
	// and carries the warning, as check's do.
	demo := sampleComparison()
	demo.Run = &Run{
		Tool: "exportcheck v1.2.3", Generated: time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC), Inputs: []string{"orders.csv"},
		Screening: []reports.Snapshot{{Path: "screening/lists/csl-excerpt.csv", SHA256: "dc1c71ee8e97f9ead0880649000c3eab20a2af2cfa8a7d9c4ff6c20a69b0613f", Rows: 13, Newest: "2023-07-19", Demo: true}},
		Warnings:  []string{reports.DemoWarning(13, "--screening-list demo")},
	}
	for _, tt := range []struct {
		name, format, file string
		c                  *Comparison
	}{
		{"text", "text", "comparison.txt", sampleComparison()},
		{"json", "json", "comparison.json", sampleComparison()},
		{"markdown", "markdown", "comparison.md", sampleComparison()},
		{"demo text", "text", "comparison_demo.txt", demo},
		{"demo json", "json", "comparison_demo.json", demo},
		{"demo markdown", "markdown", "comparison_demo.md", demo},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteComparison(&b, tt.format, tt.c); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, b.Bytes())
		})
	}
}

func TestWriteMatrix(t *testing.T) {
	changes := sampleMatrix("2023-11-16", "2023-11-17")
	changes.ChangesOnly = true
	changes.Cells = []Cell{changes.Cells[2], changes.Cells[3]}
	for _, tt := range []struct {
		name, format, file string
		m                  *Matrix
	}{
		{"text", "text", "matrix.txt", sampleMatrix("2024-06-01")},
		{"json", "json", "matrix.json", sampleMatrix("2024-06-01")},
		{"markdown", "markdown", "matrix.md", sampleMatrix("2024-06-01")},
		{"two dates text", "text", "matrix_dates.txt", sampleMatrix("2023-11-16", "2023-11-17")},
		{"changes text", "text", "matrix_changes.txt", changes},
		{"changes json", "json", "matrix_changes.json", changes},
		{"changes markdown", "markdown", "matrix_changes.md", changes},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteMatrix(&b, tt.format, tt.m); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, b.Bytes())
		})
	}
}

func TestUnknownFormat(t *testing.T) {
	want := `unknown format "csv"; known: json, markdown, text, xlsx`
	for name, err := range map[string]error{
		"comparison": WriteComparison(&bytes.Buffer{}, "csv", sampleComparison()),
		"matrix":     WriteMatrix(&bytes.Buffer{}, "csv", sampleMatrix("2024-06-01")),
	} {
		if err == nil || err.Error() != want {
			t.Errorf("%s: got %v, want %s", name, err, want)
		}
	}
}

// fill is the background colour of a cell.
func fill(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Fill.Color) == 0 {
		return ""
	}
	return st.Fill.Color[0]
}

func TestXLSX(t *testing.T) {
	type cellWant struct {
		Cell, Value, Fill string
	}
	tests := []struct {
		name  string
		write func(*bytes.Buffer) error
		sheet string
		want  []cellWant
	}{
		{
			name:  "comparison",
			write: func(b *bytes.Buffer) error { return WriteComparison(b, "xlsx", sampleComparison()) },
			sheet: "Impact",
			want: []cellWant{
				{"B5", "ID", ""},
				{"A6", "orders.csv:3", ""},
				{"F6", "allow → license_required", ""},
				{"H6", "allow", fills[checker.Allow]},
				{"L6", "license_required", fills[checker.LicenseRequired]},
				{"F7", "license_required (held; reasons changed)", ""},
				{"O7", d145.Message, ""},
			},
		},
		{
			name:  "matrix",
			write: func(b *bytes.Buffer) error { return WriteMatrix(b, "xlsx", sampleMatrix("2024-06-01")) },
			sheet: "Matrix",
			want: []cellWant{
				{"B3", "CN", ""},
				{"A4", "nvidia-h100-sxm5", ""},
				{"B4", "license_required (3A090.a)", fills[checker.LicenseRequired]},
				{"C4", "allow (3A090.a)", fills[checker.Allow]},
				{"B5", "allow", fills[checker.Allow]},
			},
		},
		{
			name:  "two-date matrix coloured by the later date",
			write: func(b *bytes.Buffer) error { return WriteMatrix(b, "xlsx", sampleMatrix("2023-11-16", "2023-11-17")) },
			sheet: "Matrix",
			want: []cellWant{
				{"B5", "allow → exception NAC (3A090.a)", fills[checker.Exception]},
			},
		},
	}
	for _, tt := range tests {
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
			var got []cellWant
			for _, w := range tt.want {
				v, err := f.GetCellValue(tt.sheet, w.Cell)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, cellWant{w.Cell, v, fill(t, f, tt.sheet, w.Cell)})
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("cells (-want +got):\n%s", d)
			}
		})
	}
}

func TestWriteTests(t *testing.T) {
	rep := &checker.TestReport{
		Results: []checker.TestResult{
			{Package: "data.company_test", Name: "test_bulk", File: "company/limits_test.rego", Line: 12, Pass: true, Duration: 1500 * time.Microsecond},
			{Package: "data.company_test", Name: "test_wrong", File: "company/limits_test.rego", Line: 30, Error: "test failed", Duration: 250 * time.Millisecond},
			{Package: "data.exportcheck_test", Name: "test_h100", File: "exportcheck/decision_test.rego", Pass: true},
		},
		Coverage: 62.5,
		Files:    map[string]float64{"company/limits.rego": 50, "exportcheck/decision.rego": 75},
	}
	for _, tt := range []struct {
		format, file string
		threshold    float64
	}{
		{"text", "tests.txt", 80},
		{"json", "tests.json", 80},
		{"junit", "tests.xml", 80},
		{"text", "tests_nothreshold.txt", 0},
	} {
		t.Run(tt.file, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteTests(&b, tt.format, &TestRun{TestReport: rep, Threshold: tt.threshold}); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, b.Bytes())
		})
	}
}

// TestWriteTestsChanges: built-in tests a company's --policy changes, one
// listed as expected (CHANGED, a skipped JUnit case), one not (a failure),
// built-in tests it removes, one listed (REMOVED, skipped) and one not
// (FAIL), and stale entries, apart in every format.
func TestWriteTestsChanges(t *testing.T) {
	listed := &checker.ExpectedChange{Test: "data.exportcheck_test.test_l40_to_uae", Reason: "Acme reviews the UAE by hand", File: "acme/verify.yaml", Line: 2}
	rep := &checker.TestReport{
		Results: []checker.TestResult{
			{Package: "data.company_test", Name: "test_gulf", File: "company/company_test.rego", Line: 5, Pass: true},
			{Package: "data.exportcheck_test", Name: "test_h100_to_uae", File: "exportcheck/decision_test.rego", Line: 40, Error: "test failed: reasons[3]: on the left only\nChanged by your policy: not listed", ChangedByPolicy: true},
			{Package: "data.exportcheck_test", Name: "test_l40_to_uae", File: "exportcheck/decision_test.rego", Line: 20, Error: "test failed: reasons[4]: on the left only\nChanged by your policy: expected", ChangedByPolicy: true, Expected: listed},
		},
		Stale: []checker.StaleExpectation{
			{ExpectedChange: checker.ExpectedChange{Test: "data.exportcheck_test.test_h100_to_china", Reason: "Acme reviews China by hand", File: "acme/verify.yaml", Line: 4}, Why: "passes with your policy: your rules no longer change it; remove the entry"},
			{ExpectedChange: checker.ExpectedChange{Test: "data.exportcheck.names_test.test_same_party", Reason: "Acme keeps its own register", File: "acme/verify.yaml", Line: 8, Removal: true}, Why: "runs with your policy, as built in: your --policy no longer removes it; remove the entry"},
		},
		Removed: []checker.RemovedTest{
			{Package: "data.exportcheck.license_test", Name: "test_notice", File: "exportcheck/license/notices_test.rego", Line: 12, Why: "Removed by your policy: acme/exportcheck/license/notices_test.rego replaces the built-in exportcheck/license/notices_test.rego, and it does not have the test; the built-in test is not run.\nIt fails the run: not listed"},
			{Package: "data.exportcheck.license_test", Name: "test_notice_uae", File: "exportcheck/license/notices_test.rego", Line: 30, Why: "Removed by your policy: acme/exportcheck/license/notices_test.rego replaces the built-in exportcheck/license/notices_test.rego, and its test of that name is written otherwise; the built-in test is not run.\nAn expected removal (acme/verify.yaml:6): Acme words its own notices",
				Expected: &checker.ExpectedChange{Test: "data.exportcheck.license_test.test_notice_uae", Reason: "Acme words its own notices", File: "acme/verify.yaml", Line: 6, Removal: true}},
		},
		Coverage: 90,
		Files:    map[string]float64{"exportcheck/decision.rego": 90},
	}
	for _, tt := range []struct{ format, file string }{
		{"text", "tests_changes.txt"},
		{"json", "tests_changes.json"},
		{"junit", "tests_changes.xml"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteTests(&b, tt.format, &TestRun{TestReport: rep}); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, b.Bytes())
		})
	}
}

func TestTestRunFailed(t *testing.T) {
	pass := []checker.TestResult{{Name: "test_a", Pass: true}}
	fail := []checker.TestResult{{Name: "test_a", Pass: true}, {Name: "test_b"}}
	expected := []checker.TestResult{{Name: "test_a", Pass: true}, {Name: "test_b", ChangedByPolicy: true, Expected: &checker.ExpectedChange{Test: "data.x.test_b", Reason: "r"}}}
	unlisted := []checker.TestResult{{Name: "test_a", Pass: true}, {Name: "test_b", ChangedByPolicy: true}}
	tests := []struct {
		name      string
		results   []checker.TestResult
		coverage  float64
		threshold float64
		want      bool
	}{
		{"all pass, no threshold", pass, 10, 0, false},
		{"all pass, coverage at threshold", pass, 80, 80, false},
		{"all pass, coverage below threshold", pass, 79.9, 80, true},
		{"a test fails", fail, 100, 0, true},
		{"a change listed as expected", expected, 100, 0, false},
		{"a change not listed", unlisted, 100, 0, true},
	}
	removal := &checker.ExpectedChange{Test: "data.x.test_c", Reason: "r", Removal: true}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := &TestRun{TestReport: &checker.TestReport{Results: tt.results, Coverage: tt.coverage}, Threshold: tt.threshold}
			if got := run.Failed(); got != tt.want {
				t.Errorf("Failed() = %v, want %v", got, tt.want)
			}
		})
	}
	// A stale expected change fails the run, every test passing.
	stale := &TestRun{TestReport: &checker.TestReport{Results: pass, Coverage: 100, Stale: []checker.StaleExpectation{{Why: "passes"}}}}
	if !stale.Failed() {
		t.Error("Failed() = false with a stale expected change, want true")
	}
	// A built-in test the company's policy removes fails the run unless listed.
	for _, tt := range []struct {
		name    string
		removed checker.RemovedTest
		want    bool
	}{
		{"a removal listed", checker.RemovedTest{Name: "test_c", Expected: removal}, false},
		{"a removal not listed", checker.RemovedTest{Name: "test_c"}, true},
	} {
		run := &TestRun{TestReport: &checker.TestReport{Results: pass, Coverage: 100, Removed: []checker.RemovedTest{tt.removed}}}
		if got := run.Failed(); got != tt.want {
			t.Errorf("%s: Failed() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestReference(t *testing.T) {
	b, err := checker.LoadBundleFrom(os.DirFS("testdata/reference/policies"), os.DirFS("testdata/reference/data"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := BuildReference(b)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := WriteReference(&out, ref); err != nil {
		t.Fatal(err)
	}
	golden(t, "reference.md", out.Bytes())
}

// TestComparisonXLSXLayout: the streamed Impact sheet keeps its frozen
// header, bold heading row and column widths.
func TestComparisonXLSXLayout(t *testing.T) {
	var b bytes.Buffer
	if err := WriteComparison(&b, "xlsx", sampleComparison()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	panes, err := f.GetPanes("Impact")
	if err != nil {
		t.Fatal(err)
	}
	type layout struct {
		Freeze     bool
		YSplit     int
		TopLeft    string
		WidthA     float64
		WidthO     float64
		WidthQ     float64
		HeaderBold bool
		Rows       int
	}
	got := layout{Freeze: panes.Freeze, YSplit: panes.YSplit, TopLeft: panes.TopLeftCell}
	got.WidthA, _ = f.GetColWidth("Impact", "A")
	got.WidthO, _ = f.GetColWidth("Impact", "O")
	got.WidthQ, _ = f.GetColWidth("Impact", "Q")
	if id, err := f.GetCellStyle("Impact", "Q5"); err == nil {
		if st, err := f.GetStyle(id); err == nil && st.Font != nil {
			got.HeaderBold = st.Font.Bold
		}
	}
	rows, _ := f.GetRows("Impact")
	got.Rows = len(rows)
	want := layout{Freeze: true, YSplit: 5, TopLeft: "A6", WidthA: 24, WidthO: 80, WidthQ: 100, HeaderBold: true, Rows: 5 + len(sampleComparison().Changes)}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Impact sheet (-want +got):\n%s", d)
	}
}

// TestHeldChangeInWords: what changed on a line whose decision held reads
// as words, not the JSON's field names.
func TestHeldChangeInWords(t *testing.T) {
	c := Change{Kind: DetailChanged, Fields: []string{"eccn", "review_policy", "reasons"}, After: checker.Result{Decision: checker.LicenseRequired}}
	if diff := cmp.Diff("license_required (held; ECCN, review policy, reasons changed)", c.change()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestComparisonMarkdownHostile: an order id from the book cannot end a
// row, close the <details> block or become a link or HTML in the diff's
// Markdown; the new decision stays bold.
func TestComparisonMarkdownHostile(t *testing.T) {
	c := sampleComparison()
	for i := range c.Changes {
		c.Changes[i].After.Order.ID = "SO-3\r| x |</details><img src=x>[ok](https://evil.example)"
	}
	var b bytes.Buffer
	if err := WriteComparison(&b, "markdown", c); err != nil {
		t.Fatal(err)
	}
	const id = `SO-3 \| x \|\</details\>\<img src=x\>\[ok\](https://evil.example)`
	var got []string
	for _, l := range strings.Split(b.String(), "\n") {
		if strings.Contains(l, "SO-3") {
			got = append(got, l)
		}
	}
	want := []string{
		"| " + id + " | orders.csv:3 | nvidia-h800-sxm5 | CN | allow → **license_required** (presumption of denial) | license required (D:1, D:4, D:5) — 88 FR 73458 |",
		"| " + id + " | orders.csv:2 | nvidia-h800-sxm5 | CN | license_required (presumption of denial); held, reasons changed | license required (D:1, D:4, D:5) — 88 FR 73458 |",
		"**" + id + "** (orders.csv:3): allow → license_required",
		"**" + id + "** (orders.csv:2): license_required (held; reasons changed)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lines naming the order (-want +got):\n%s", diff)
	}
	if n := strings.Count(b.String(), "</details>"); n != 1 {
		t.Errorf("%d </details>, want the one that closes the block", n)
	}
}
