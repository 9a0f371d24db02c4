package reports

import (
	"bytes"
	"encoding/json"
	"math"
	"math/big"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/checker"
)

// TestXLSXLedgerSheet: on the Ledger sheet (ledger export) the ship date
// and the time a row was decided (its column saying UTC) are dates an
// auditor can sort and filter by, text that only looks like a date or a formula stays text, and the
// header is frozen under the ledger's name, head and verification, with
// filters.
func TestXLSXLedgerSheet(t *testing.T) {
	run := testRun(nil)
	rows := [][]any{
		{int64(1), "decision", "2026-03-02", "2026-03-02T10:15:30Z", "2026-03-02", "=HYPERLINK(\"x\")"},
		{int64(2), "decision", "2026-13-40", "2026-03-02T10:15:30+02:00", "", "-2"},
	}
	run.Ledger = &LedgerSheet{Name: "sqlite:l.db", Head: "abc", Verified: "yes",
		Header: []string{"Row", "Kind", "Order", "Decided at (UTC)", "Ship date", "End user"},
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
		{num, "46083.42743055556", "2026-03-02 10:15:30"},
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
	// The time's serial is the second it names to within a microsecond:
	// cut to 15 digits (46083.4274305555), it was 5 µs early, and
	// LibreOffice, which takes whole seconds after rounding to 15 digits,
	// showed 10:15:29 (05:12:45 for a row decided at 05:12:46).
	if serial, ok := new(big.Rat).SetString(got[1].Raw); !ok {
		t.Errorf("Decided at: %q is not a number", got[1].Raw)
	} else {
		exact := new(big.Rat).SetFrac64(46083*86400+10*3600+15*60+30, 86400)
		off, _ := new(big.Rat).Mul(new(big.Rat).Sub(serial, exact), big.NewRat(86400, 1)).Float64()
		if math.Abs(off) > 2e-6 {
			t.Errorf("Decided at: the serial %s is %.2g s from 10:15:30, want within 2 µs", got[1].Raw, off)
		}
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

// TestXLSXLedgerSheetMissing: what an export leaves out of the ledger (a
// filter's other rows, rows pruned before) is a row "Not in this export"
// each under Verified, and the table and frozen header start below them.
func TestXLSXLedgerSheetMissing(t *testing.T) {
	run := testRun(nil)
	run.Ledger = &LedgerSheet{Name: "sqlite:l.db", Head: "abc", Verified: "yes",
		Missing: []string{"the rows --since 2026-01-01 does not select", "rows 1 to 34, pruned"},
		Header:  []string{"Row", "Order"},
		Rows: func(row func([]any) error) error {
			return row([]any{int64(35), "GA-1"})
		}}
	f := writeXLSX(t, run, []checker.Result{synthetic(0)})
	rows, err := f.GetRows("Ledger")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Ledger", "sqlite:l.db"}, {"Chain head", "abc"}, {"Verified", "yes"},
		{"Not in this export", "the rows --since 2026-01-01 does not select"}, {"Not in this export", "rows 1 to 34, pruned"},
		nil, {"Row", "Order"}, {"35", "GA-1"},
	}
	if d := cmp.Diff(want, rows); d != "" {
		t.Errorf("Ledger sheet (-want +got):\n%s", d)
	}
	p, err := f.GetPanes("Ledger")
	if err != nil || !p.Freeze || p.YSplit != 7 {
		t.Errorf("Ledger: panes %+v, %v; want the header (row 7) frozen", p, err)
	}
	tables, err := f.GetTables("Ledger")
	if err != nil || len(tables) != 1 || tables[0].Range != "A7:B8" {
		t.Errorf("Ledger: tables %+v, %v; want one over A7:B8", tables, err)
	}
}

// TestXLSXLedgerInputs: an export's Inputs sheet and Summary show each
// list as the ledger recorded it: a run that recorded it whole (since
// 2026-12-07) with its entries, newest entry and download time, beside a
// run an earlier version recorded, whose list has its path and SHA-256
// only and says what is not recorded; the Summary shows a list as a run
// that recorded it whole did, whichever came first.
func TestXLSXLedgerInputs(t *testing.T) {
	csl := Snapshot{Path: "/var/cache/exportcheck/consolidated.csv", SHA256: "ab12", Rows: 19876, Newest: "2026-11-30", Downloaded: "2026-12-01T06:00:00Z"}
	byPath := Snapshot{Path: csl.Path, SHA256: csl.SHA256}
	excerpt := Snapshot{Path: "screening/lists/csl-excerpt.csv", SHA256: "dc1c", Rows: 13, Newest: "2023-07-19", Demo: true}
	empty := Snapshot{Path: "empty.csv", SHA256: "e3b0"}
	const started = "2026-12-02T09:30:00Z"
	inputsHeader := []string{"Run", "Run started (UTC)", "Input", "File", "SHA-256", "Rows", "Newest entry", "Downloaded (UTC)", "Note"}
	listsHeader := []string{"File", "Rows", "Newest entry", "Downloaded (UTC)", "SHA-256", "Runs"}
	for _, tc := range []struct {
		name          string
		runs          []LedgerRun
		inputs, lists [][]string
	}{
		{
			name: "an earlier version's run, then one that recorded the list whole",
			runs: []LedgerRun{
				{ID: "old", Started: started, Decided: true, Screening: []Snapshot{byPath}, Inputs: []Input{{Path: "a.csv", SHA256: "aa"}}},
				{ID: "new", Started: started, Decided: true, Whole: true, Screening: []Snapshot{csl}},
			},
			inputs: [][]string{
				inputsHeader,
				{"old", "2026-12-02 09:30:00", "screening list", csl.Path, "ab12", "not recorded", "not recorded", "not recorded"},
				{"old", "2026-12-02 09:30:00", "input", "a.csv", "aa"},
				{"new", "2026-12-02 09:30:00", "screening list", csl.Path, "ab12", "19,876", "2026-11-30", "2026-12-01 06:00:00"},
			},
			lists: [][]string{listsHeader, {csl.Path, "19,876", "2026-11-30", "2026-12-01 06:00:00", "ab12", "2"}},
		},
		{
			name: "the excerpt, by an earlier version and whole; a list of no entries; screening off",
			runs: []LedgerRun{
				// The export fills in the rows and newest entry of the
				// excerpt it embeds; no one downloads it.
				{ID: "old", Started: started, Decided: true, Screening: []Snapshot{excerpt}},
				{ID: "new", Started: started, Decided: true, Whole: true, Screening: []Snapshot{excerpt, empty}},
				{ID: "off", Started: started, Decided: true, Whole: true},
			},
			inputs: [][]string{
				inputsHeader,
				{"old", "2026-12-02 09:30:00", "screening list", excerpt.Path, "dc1c", "13", "2023-07-19", "", "DEMONSTRATION excerpt, not the Consolidated Screening List"},
				{"new", "2026-12-02 09:30:00", "screening list", excerpt.Path, "dc1c", "13", "2023-07-19", "", "DEMONSTRATION excerpt, not the Consolidated Screening List"},
				{"new", "2026-12-02 09:30:00", "screening list", "empty.csv", "e3b0", "0"},
				{"off", "2026-12-02 09:30:00", "screening list", "none", "", "", "", "", "restricted-party screening off: no end user screened"},
			},
			lists: [][]string{
				listsHeader,
				{excerpt.Path + " (DEMONSTRATION excerpt)", "13", "2023-07-19", "", "dc1c", "2"},
				{"empty.csv", "0", "", "", "e3b0", "1"},
				{"none: restricted-party screening off", "", "", "", "", "1"},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := testRun(nil)
			run.Screening = nil
			run.Ledger = &LedgerSheet{Name: "sqlite:l.db", Head: "abc", Verified: "yes", Header: []string{"Row"}, Runs: tc.runs,
				Rows: func(func([]any) error) error { return nil }}
			f := writeXLSX(t, run, []checker.Result{synthetic(0)})
			rows, err := f.GetRows("Inputs")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.inputs, rows); diff != "" {
				t.Errorf("Inputs (-want +got):\n%s", diff)
			}
			summary, err := f.GetRows("Summary")
			if err != nil {
				t.Fatal(err)
			}
			var lists [][]string
			for i, r := range summary {
				if len(r) > 0 && r[0] == "Screening lists (each run's on Inputs)" {
					for _, r := range summary[i+1:] {
						if len(r) == 0 {
							break
						}
						lists = append(lists, r)
					}
				}
			}
			if diff := cmp.Diff(tc.lists, lists); diff != "" {
				t.Errorf("Summary's screening lists (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSnapshotJSON: a screening list's JSON (what the ledger records of
// it) is the object the JSON output's "screening" holds for it.
func TestSnapshotJSON(t *testing.T) {
	for _, sn := range []Snapshot{
		{Path: "csl.csv", SHA256: "ab12", Rows: 19876, Newest: "2026-11-30", Downloaded: "2026-12-01T06:00:00Z"},
		{Path: "screening/lists/csl-excerpt.csv", SHA256: "dc1c", Rows: 13, Newest: "2023-07-19", Demo: true},
		{Path: `a "b".csv`, SHA256: "e3b0"},
	} {
		run := testRun(nil)
		run.Screening = []Snapshot{sn}
		var b bytes.Buffer
		w, err := New("json", &b, run)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Close(NewSummary()); err != nil {
			t.Fatal(err)
		}
		var out struct{ Screening []json.RawMessage }
		if err := json.Unmarshal(b.Bytes(), &out); err != nil || len(out.Screening) != 1 {
			t.Fatalf("%+v: %v\n%s", sn, err, b.String())
		}
		want, err := json.Marshal(sn)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), string(out.Screening[0])); diff != "" {
			t.Errorf("%+v: encoding/json (-) and the JSON output (+):\n%s", sn, diff)
		}
	}
}
