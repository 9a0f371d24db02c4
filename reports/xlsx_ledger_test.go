package reports

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/checker"
)

// TestXLSXLedgerSheet: on the Ledger sheet (ledger export) the ship date
// and the time a row was decided are dates an auditor can sort and filter
// by, text that only looks like a date or a formula stays text, and the
// header is frozen under the ledger's name, head and verification, with
// filters.
func TestXLSXLedgerSheet(t *testing.T) {
	run := testRun(nil)
	rows := [][]any{
		{int64(1), "decision", "2026-03-02", "2026-03-02T10:15:30Z", "2026-03-02", "=HYPERLINK(\"x\")"},
		{int64(2), "decision", "2026-13-40", "2026-03-02T10:15:30+02:00", "", "-2"},
	}
	run.Ledger = &LedgerSheet{Name: "sqlite:l.db", Head: "abc", Verified: "yes",
		Header: []string{"Row", "Kind", "Order", "Decided at", "Ship date", "End user"},
		Rows: func(row func([]any) error) error {
			for _, r := range rows {
				if err := row(append([]any(nil), r...)); err != nil {
					return err
				}
			}
			return nil
		}}
	f := writeXLSX(t, run, []checker.Result{synthetic(0)})
	type cell struct {
		Type  excelize.CellType
		Raw   string
		Shown string
	}
	get := func(ref string) cell {
		typ, err := f.GetCellType("Ledger", ref)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := f.GetCellValue("Ledger", ref, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		shown, err := f.GetCellValue("Ledger", ref)
		if err != nil {
			t.Fatal(err)
		}
		return cell{typ, raw, shown}
	}
	const str, num = excelize.CellTypeInlineString, excelize.CellTypeUnset
	var got []cell
	for _, ref := range []string{"C6", "D6", "E6", "F6", "C7", "D7", "E7", "F7"} {
		got = append(got, get(ref))
	}
	want := []cell{
		{str, "2026-03-02", "2026-03-02"}, // an order id is text, whatever it looks like
		{num, "46083.4274305555", "2026-03-02 10:15:30"},
		{num, "46083", "2026-03-02"},
		{str, "=HYPERLINK(\"x\")", "=HYPERLINK(\"x\")"},
		{str, "2026-13-40", "2026-13-40"},
		{str, "2026-03-02T10:15:30+02:00", "2026-03-02T10:15:30+02:00"}, // not UTC: as written
		{excelize.CellTypeUnset, "", ""},
		{str, "-2", "-2"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Ledger cells (-want +got):\n%s", d)
	}
	p, err := f.GetPanes("Ledger")
	if err != nil || !p.Freeze || p.YSplit != 5 {
		t.Errorf("Ledger: panes %+v, %v; want the header (row 5) frozen", p, err)
	}
	tables, err := f.GetTables("Ledger")
	if err != nil || len(tables) != 1 || tables[0].Range != "A5:F7" {
		t.Errorf("Ledger: tables %+v, %v; want one over A5:F7", tables, err)
	}
}
