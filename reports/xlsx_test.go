package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/orders"
)

// writeXLSX writes results through the xlsx format and opens the workbook.
func writeXLSX(t testing.TB, run *Run, results []checker.Result) *excelize.File {
	t.Helper()
	buf := bytes.NewReader(xlsxBytes(t, run, results))
	f, err := excelize.OpenReader(buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// ordersRows reads an Orders sheet as maps from header to cell text.
func ordersRows(t testing.TB, f *excelize.File, sheet string) []map[string]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s: no header", sheet)
	}
	var out []map[string]string
	for _, row := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			if i < len(row) {
				m[h] = row[i]
			}
		}
		out = append(out, m)
	}
	return out
}

func testRun(c *checker.Checker) *Run {
	return &Run{
		Tool: "exportcheck", Version: "test", Revision: "rev", Regime: "enforced", FailOn: checker.Review,
		Generated: time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC), Checker: c,
		Inputs:    []Input{{Path: "../examples/orders.csv", Size: 912, SHA256: "abc"}},
		DataAsOf:  map[string]string{"countries": "2026-07-08"},
		Screening: []Snapshot{{Path: "csl.csv", SHA256: "def", Rows: 13, Newest: "2023-07-19"}},
	}
}

// TestXLSXExample runs the example order book through a real checker and
// compares the workbook with the JSON output of the same run, line by line.
func TestXLSXExample(t *testing.T) {
	ctx := context.Background()
	c, err := checker.New(ctx, checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var results []checker.Result
	for r, err := range c.Check(ctx, orders.Read(filepath.Join("..", "examples", "orders.csv"), orders.Options{})) {
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, r)
	}
	run := testRun(c)

	var js bytes.Buffer
	jw, err := New("json", &js, run)
	if err != nil {
		t.Fatal(err)
	}
	for i := range results {
		if err := jw.Write(&results[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := jw.Close(NewSummary()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Results []struct {
			ID, Decision, ECCN, Regime string
			Line                       int
		}
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	f := writeXLSX(t, run, results)

	type line struct{ ID, Line, Decision, ECCN, Regime string }
	var want, got []line
	for _, r := range doc.Results {
		want = append(want, line{r.ID, strconv.Itoa(r.Line), r.Decision, r.ECCN, r.Regime})
	}
	for _, m := range ordersRows(t, f, "Orders") {
		got = append(got, line{m["ID"], m["Line"], m["Decision"], m["ECCN"], m["Rule version"]})
	}
	if len(want) == 0 {
		t.Fatal("no results")
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Orders vs JSON (-json +xlsx):\n%s", d)
	}

	tests := []struct {
		name string
		got  func() (any, error)
		want any
	}{
		{"sheets", func() (any, error) { return f.GetSheetList(), nil },
			[]string{"Summary", "Orders", "Products", "Rules", "Inputs"}},
		{"frozen header", func() (any, error) {
			p, err := f.GetPanes("Orders")
			return [2]any{p.Freeze, p.YSplit}, err
		}, [2]any{true, 1}},
		{"table", func() (any, error) {
			tables, err := f.GetTables("Orders")
			var out []string
			for _, tb := range tables {
				out = append(out, tb.Name+" "+tb.Range)
			}
			return out, err
		}, []string{fmt.Sprintf("Orders A1:U%d", len(results)+1)}},
		{"line is a number", func() (any, error) { return f.GetCellType("Orders", "B2") }, excelize.CellTypeUnset},
		{"date is a date", func() (any, error) {
			raw, err := f.GetCellValue("Orders", "J2", excelize.Options{RawCellValue: true})
			shown, err2 := f.GetCellValue("Orders", "J2")
			return [2]string{raw, shown}, errors.Join(err, err2)
		}, [2]string{"44941", "2023-01-15"}},
		{"quantity is a number", func() (any, error) {
			return f.GetCellValue("Orders", "F2", excelize.Options{RawCellValue: true})
		}, "8"},
		{"reasons with citations", func() (any, error) { return f.GetCellValue("Orders", "U2") },
			"classify.3a090.2022: 3A090.a (2022 text): TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits) and aggregate bidirectional I/O 1,028 GB/s ≥ 600 GB/s [ECCN 3A090.a (87 FR 62186)]\n" +
				"license.destination.china: license required for 3A090.a to CN under the 2022 rule [15 CFR 742.6(a)(6)(i); 87 FR 62186]"},
		{"summary retain until", func() (any, error) {
			return cellNextTo(f, "Summary", "Retain until (15 CFR 762.6(a): 5 years from the latest ship date)")
		}, "2030-05-01"},
		{"summary revision", func() (any, error) { return cellNextTo(f, "Summary", "Policy revision (SHA-256)") }, "rev"},
		{"summary ship from", func() (any, error) {
			return cellNextTo(f, "Summary", "Ships from, where a line does not say (--ship-from)")
		}, "US"},
		{"summary chart", func() (any, error) {
			// the chart is a drawing on Summary
			for _, name := range []string{"xl/charts/chart1.xml", "xl/drawings/drawing1.xml"} {
				if _, ok := f.Pkg.Load(name); !ok {
					return name + " missing", nil
				}
			}
			return "ok", nil
		}, "ok"},
		{"rule title", func() (any, error) { return cellNextTo(f, "Rules", "decision.nlr") }, "No license required (NLR)"},
		{"input hash", func() (any, error) { return f.GetCellValue("Inputs", "C2") }, "abc"},
		{"product classified under each rule version", func() (any, error) {
			rows, err := f.GetRows("Products")
			n := 0
			for _, r := range rows {
				if len(r) > 0 && r[0] == "before any rule" {
					n++
				}
			}
			return n, err
		}, 8}, // one per distinct product of the example
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.got()
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// cellNextTo returns the cell to the right of the first cell holding label.
func cellNextTo(f *excelize.File, sheet, label string) (string, error) {
	rows, err := f.GetRows(sheet)
	if err != nil {
		return "", err
	}
	for _, r := range rows {
		for i, c := range r {
			if c == label && i+1 < len(r) {
				return r[i+1], nil
			}
		}
	}
	return "", fmt.Errorf("%s: no %q", sheet, label)
}

func synthetic(i int) checker.Result {
	r := checker.Result{
		Order: checker.Order{
			File: "orders.csv", Line: i + 2, ID: "SO-" + strconv.Itoa(i), Product: "H100 SXM5", Quantity: "8",
			Destination: "CN", EndUser: "Shanghai Cloud Compute Co.", EndUserHQ: "CN", Date: "2024-06-01",
			Extra: []checker.Field{{Name: "po", Value: "PO-" + strconv.Itoa(i)}},
		},
		ProductID: "nvidia-h100-sxm5", Date: "2024-06-01", Decision: checker.Decision(i % len(checker.Decisions())), ECCN: "3A090.a",
		Regime: "ear-2024-04-04", ReviewPolicy: "presumption_of_denial",
		Reasons: []checker.Reason{
			{Rule: "classify.3a090.a.1", Citation: "ECCN 3A090.a.1 (88 FR 73458)", Message: "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)"},
			{Rule: "license.destination.d145", Citation: "15 CFR 742.6(a)(6)(iii); 88 FR 73458", Message: "license required for 3A090.a to CN (D:1, D:4, D:5; not in A:5 or A:6)"},
		},
		Headline: 2, // the policy's mark: the destination's reason decides
	}
	return r
}

// TestXLSXText checks that text from the order book stays text: a cell
// that looks like a formula is a string cell with no formula.
func TestXLSXText(t *testing.T) {
	bad := synthetic(0)
	bad.Order.ID = `+SUM(1,2)`
	bad.Order.EndUser = `=HYPERLINK("http://x","y")`
	bad.Order.EndUserHQ = `@SUM(A1)`
	bad.Order.Product = "-2+3"
	bad.Order.Extra = []checker.Field{{Name: "po", Value: `=cmd|' /C calc'!A0`}}
	bad.Order.Quantity = "=1+1"
	errLine := synthetic(1)
	errLine.Err = &checker.InputError{File: "orders.csv", Line: 3, Field: "date", Err: checker.ErrBadDate, Hint: "want YYYY-MM-DD"}
	errLine.Order.Date = "=NOW()"
	f := writeXLSX(t, testRun(nil), []checker.Result{bad, errLine})

	tests := []struct{ cell, want string }{
		{"C2", `+SUM(1,2)`},
		{"D2", "-2+3"},
		{"F2", "=1+1"},
		{"H2", `=HYPERLINK("http://x","y")`},
		{"I2", `@SUM(A1)`},
		{"O2", `=cmd|' /C calc'!A0`},
		{"J3", "=NOW()"},
	}
	for _, tc := range tests {
		t.Run(tc.cell, func(t *testing.T) {
			typ, err := f.GetCellType("Orders", tc.cell)
			if err != nil {
				t.Fatal(err)
			}
			formula, err := f.GetCellFormula("Orders", tc.cell)
			if err != nil {
				t.Fatal(err)
			}
			value, err := f.GetCellValue("Orders", tc.cell)
			if err != nil {
				t.Fatal(err)
			}
			got := [3]any{typ, formula, value}
			if d := cmp.Diff([3]any{excelize.CellTypeInlineString, "", tc.want}, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	rows := ordersRows(t, f, "Orders")
	got := [2]string{rows[1]["Decision"], rows[1]["Reasons [citation] / error"]}
	want := [2]string{"error", "orders.csv:3: bad date (want YYYY-MM-DD)"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("error line (-want +got):\n%s", d)
	}
}

// TestXLSXRollover lowers the row limit and checks that lines continue on
// "Orders (2)", … each with its header, frozen pane and table, in order.
func TestXLSXRollover(t *testing.T) {
	defer func(n int) { xlsxMaxRows = n }(xlsxMaxRows)
	xlsxMaxRows = 4 // header + 3 lines
	tests := []struct {
		lines  int
		sheets []string
	}{
		{0, []string{"Orders"}},
		{3, []string{"Orders"}},
		{4, []string{"Orders", "Orders (2)"}},
		{10, []string{"Orders", "Orders (2)", "Orders (3)", "Orders (4)"}},
	}
	for _, tc := range tests {
		t.Run(strconv.Itoa(tc.lines), func(t *testing.T) {
			results := make([]checker.Result, tc.lines)
			for i := range results {
				results[i] = synthetic(i)
			}
			f := writeXLSX(t, testRun(nil), results)
			want := append(append([]string{"Summary"}, tc.sheets...), "Products", "Rules", "Inputs")
			if d := cmp.Diff(want, f.GetSheetList()); d != "" {
				t.Fatalf("sheets (-want +got):\n%s", d)
			}
			var ids []string
			for n, sheet := range tc.sheets {
				rows := ordersRows(t, f, sheet)
				if len(rows) > xlsxMaxRows-1 {
					t.Errorf("%s: %d lines, limit %d", sheet, len(rows), xlsxMaxRows-1)
				}
				for _, m := range rows {
					ids = append(ids, m["ID"])
				}
				p, err := f.GetPanes(sheet)
				if err != nil || !p.Freeze || p.YSplit != 1 {
					t.Errorf("%s: panes %+v, %v", sheet, p, err)
				}
				tables, err := f.GetTables(sheet)
				if err != nil || len(tables) != 1 {
					t.Fatalf("%s: tables %v, %v", sheet, tables, err)
				}
				name := "Orders"
				if n > 0 {
					name = "Orders_" + strconv.Itoa(n+1)
				}
				last, col := max(len(rows)+1, 2), "V" // one extra column, "po"
				if tc.lines == 0 {
					col = "U" // no first line, no extra columns
				}
				if got, want := tables[0].Name+" "+tables[0].Range, fmt.Sprintf("%s A1:%s%d", name, col, last); got != want {
					t.Errorf("%s: table %q, want %q", sheet, got, want)
				}
			}
			var want2 []string
			for i := range tc.lines {
				want2 = append(want2, "SO-"+strconv.Itoa(i))
			}
			if d := cmp.Diff(want2, ids); d != "" {
				t.Errorf("lines (-want +got):\n%s", d)
			}
		})
	}
}

// TestXLSXExtraColumns: the first line fixes the extra columns; a name
// that clashes with a fixed column is renamed; fields the first line did
// not have go to "Other input columns".
func TestXLSXExtraColumns(t *testing.T) {
	a, b := synthetic(0), synthetic(1)
	a.Order.Extra = []checker.Field{{Name: "po", Value: "1"}, {Name: "Decision", Value: "ship it"}}
	b.Order.Extra = []checker.Field{{Name: "Decision", Value: "hold"}, {Name: "region", Value: "APAC"}}
	f := writeXLSX(t, testRun(nil), []checker.Result{a, b})
	rows := ordersRows(t, f, "Orders")
	type extra struct{ PO, Decision2, Other, Decision string }
	var got []extra
	for _, m := range rows {
		got = append(got, extra{m["po"], m["Decision (2)"], m["Other input columns"], m["Decision"]})
	}
	want := []extra{{"1", "ship it", "", "allow"}, {"", "hold", "region: APAC", "licensed"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestXLSXLineCount(t *testing.T) {
	for _, tc := range []struct {
		text  string
		width float64
		want  int
	}{
		{"", 10, 1},
		{"abc", 10, 1},
		{"abc\ndef", 10, 2},
		{"12345678901", 10, 1},
		{"123456789012", 10, 2},
		{"12345678901\nx", 10, 2},
	} {
		if got := XLSXLineCount(tc.text, tc.width); got != tc.want {
			t.Errorf("XLSXLineCount(%q, %v) = %d, want %d", tc.text, tc.width, got, tc.want)
		}
	}
}

// TestXLSXFailedLineProduct: a line that failed on something else than its
// product (a misspelt country) is counted under its product in the
// Summary's "By product" table; only a product the catalog does not know
// is "not in the catalog", there and on the Products sheet.
func TestXLSXFailedLineProduct(t *testing.T) {
	ctx := context.Background()
	c, err := checker.New(ctx, checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(t.TempDir(), "orders.csv")
	if err := os.WriteFile(book, []byte("id,product,quantity,destination,end_user_hq,date\n"+
		"A,H100 SXM5,8,Germny,DE,2024-06-01\n"+
		"B,h100 sxm5,8,CN,CN,2024-06-01\n"+
		"C,Nosuch GPU,8,CN,CN,2024-06-01\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var results []checker.Result
	for r, err := range c.Check(ctx, orders.Read(book, orders.Options{})) {
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, r)
	}
	f := writeXLSX(t, testRun(c), results)
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, row := range rows {
		if len(row) > 0 && row[0] == "By product" {
			for _, p := range rows[i+2:] {
				if len(p) == 0 || p[0] == "" {
					break
				}
				got = append(got, p[0])
			}
		}
	}
	want := []string{"nvidia-h100-sxm5", "Nosuch GPU (not in the catalog)"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Summary's By product (-want +got):\n%s", d)
	}
	rows, err = f.GetRows("Products")
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for i, row := range rows {
		if len(row) > 0 && row[0] == "Named in the order book but not in the catalog" {
			for _, p := range rows[i+1:] {
				got = append(got, p[0])
			}
		}
	}
	if d := cmp.Diff([]string{"Nosuch GPU"}, got); d != "" {
		t.Errorf("Products sheet's unknown names (-want +got):\n%s", d)
	}
}

// TestXLSXStdinNamed: a book read from standard input is "standard
// input" in the Orders sheet's File column, in a line's error and in the
// Inputs sheet, never "-".
func TestXLSXStdinNamed(t *testing.T) {
	run := &Run{FailOn: checker.Review, Generated: time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC), Inputs: []Input{{Path: "-"}}}
	rs := []checker.Result{
		{Order: checker.Order{File: "-", Line: 4, ID: "SO-2"}, Err: &checker.InputError{File: "-", Line: 4, Err: errors.New(`unknown product "x"`)}},
	}
	f := writeXLSX(t, run, rs)
	var got []string
	for _, r := range ordersRows(t, f, "Orders") {
		got = append(got, r["File"], r["Line"])
		for h, v := range r {
			if strings.Contains(v, "unknown product") {
				got = append(got, h+": "+v)
			}
		}
	}
	inputs, err := f.GetRows("Inputs")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, strings.Join(inputs[1], "|"))
	want := []string{"standard input", "4", `Reasons [citation] / error: standard input line 4: unknown product "x"`, "standard input||not hashed"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("workbook (-want +got):\n%s", diff)
	}
}
