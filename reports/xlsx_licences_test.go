package reports

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/checker"
)

// TestXLSXLicences: with records, the Licences sheet lists each licence,
// VEU, notification and clearance with what this run drew, what remains
// and the lines drawn, a VEU's Federal Register citations (or none) and
// a licence's extension; without records there is no such sheet.
func TestXLSXLicences(t *testing.T) {
	left := func(f float64) *float64 { return &f }
	drawn := func(id string, n int64, number string, remaining *float64) checker.Result {
		r := synthetic(0)
		r.Order.ID, r.Decision = id, checker.Licensed
		r.Authorization = &checker.Authorization{Kind: "license", Number: number, Drawn: n, RemainingAfter: remaining, File: "records/l.yaml", Line: 3}
		return r
	}
	cleared := synthetic(1)
	cleared.Screening = []*checker.ScreeningFact{{List: "UVL", Name: "Atlas", Clearance: &checker.ClearanceFact{Outcome: "false_positive", File: "records/c.yaml", Line: 3}}}
	// A licence drawn on two quantity limits: what remains on each, the
	// least after any line (SO-5 ships first and leaves the most).
	twice := func(id string, n int64, h20, eccn float64) checker.Result {
		r := drawn(id, n, "D9", left(eccn))
		r.Authorization.Limit = "3A090"
		r.Authorization.Draws = []checker.Draw{{Limit: "nvidia-h20", Amount: float64(n), Left: h20}, {Limit: "3A090", Amount: float64(n), Left: eccn}}
		return r
	}
	results := []checker.Result{
		drawn("SO-2", 10, "D1234567", left(30)), drawn("SO-1", 60, "D1234567", left(40)), drawn("SO-3", 16, "VEU-1", nil), cleared,
		twice("SO-4", 20, 70, 20), twice("SO-5", 10, 90, 40),
	}
	run := testRun(nil)
	run.Records = &Records{
		Revision: "abc",
		Licences: []LicenceRecord{
			{Number: "D1234567", Kind: "license", Status: "active", Issued: "2026-01-12", Expires: "2030-01-12", Limits: map[string]float64{"nvidia-h100-sxm5": 100, "value": 2500000}, Destinations: []string{"AE"}, EndUsers: []string{"Falcon LLC"}, Conditions: "No reexport without BIS authorization.", Flags: []string{"requires_end_use_certificate"}, File: "records/l.yaml", Line: 3},
			{Number: "VEU-1", Kind: "veu", Status: "active", Issued: "2025-10-01", FederalRegister: []string{"73 FR 57495", "89 FR 12345"}, Destinations: []string{"AE"}, EndUsers: []string{"Oasis 1", "Oasis 2"}, File: "records/v.yaml", Line: 1},
			{Number: "D9", Kind: "license", Status: "active", Issued: "2026-01-01", Expires: "2027-01-01", Extended: "issued for 5 years, licence condition 3", Limits: map[string]float64{"nvidia-h20": 100, "3A090": 50}, Destinations: []string{"AE"}, EndUsers: []string{"Falcon LLC"}, File: "records/d9.yaml", Line: 1},
			{Number: "D7", Kind: "license", Status: "revoked", Issued: "2025-03-03", Expires: "2029-03-03", Limits: map[string]float64{"3A090.a": 5}, Destinations: []string{"AE", "SA"}, EndUsers: []string{"Marina"}, File: "records/r.yaml", Line: 9},
			{Number: "VEU-2", Kind: "veu", Status: "active", Issued: "2025-10-01", Destinations: []string{"AE"}, EndUsers: []string{"Oasis 3"}, File: "records/v.yaml", Line: 14},
		},
		Notifications: []NotificationRecord{{BISReference: "NAC-1", Exception: "NAC", FiledOn: "2026-02-05", Destination: "CN", EndUser: "Pearl River", Status: "filed", Quantity: 10, File: "records/n.yaml", Line: 2}},
		Clearances:    []ClearanceRecord{{EndUser: "Atlas Trading", Entry: "1b59", EntryName: "Atlas", List: "UVL", Outcome: "false_positive", By: "J. Rivera", At: "2026-02-16", Expires: "2027-02-16", Reason: "Different company: Armenian registry", File: "records/c.yaml", Line: 3}},
	}
	f := writeXLSX(t, run, results)
	rows, err := f.GetRows("Licences")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Record", "Number / entry", "Status when generated", "Issued / filed", "Expires", "Federal Register / extended", "Limits", "Drawn in this run", "Remaining after this run", "Destinations", "End users", "Lines drawn on it / screened against it", "Conditions / why cleared", "File and line"},
		{"licence", "D1234567", "active", "2026-01-12", "2030-01-12", "", "100 × nvidia-h100-sxm5\nUSD 2,500,000", "70", "30", "AE", "Falcon LLC", "SO-2, SO-1", "No reexport without BIS authorization.\n(flags: requires_end_use_certificate)", "records/l.yaml:3"},
		{"VEU", "VEU-1", "active", "2025-10-01", "", "73 FR 57495\n89 FR 12345", "none", "16", "", "AE", "Oasis 1\nOasis 2", "SO-3", "", "records/v.yaml:1"},
		{"licence", "D9", "active", "2026-01-01", "2027-01-01", "issued for 5 years, licence condition 3", "50 × 3A090\n100 × nvidia-h20", "30", "20 × 3A090\n70 × nvidia-h20", "AE", "Falcon LLC", "SO-4, SO-5", "", "records/d9.yaml:1"},
		{"licence", "D7", "revoked", "2025-03-03", "2029-03-03", "", "5 × 3A090.a", "0", "", "AE, SA", "Marina", "", "", "records/r.yaml:9"},
		{"VEU", "VEU-2", "active", "2025-10-01", "", "none", "none", "0", "", "AE", "Oasis 3", "", "", "records/v.yaml:14"},
		{"NAC notification", "NAC-1", "filed", "2026-02-05", "", "", "10 units notified", "0", "", "CN", "Pearl River", "", "", "records/n.yaml:2"},
		{"clearance", "UVL Atlas (1b59)", "false_positive", "2026-02-16", "2027-02-16", "", "", "", "", "", "Atlas Trading (by J. Rivera)", "1 line screened against it", "Different company: Armenian registry", "records/c.yaml:3"},
	}
	if d := cmp.Diff(want, rows); d != "" {
		t.Errorf("Licences (-want +got):\n%s", d)
	}
	if got, _ := f.GetCellValue("Summary", "A1"); got == "" {
		t.Error("no Summary")
	}
	plain := writeXLSX(t, testRun(nil), results)
	if i, _ := plain.GetSheetIndex("Licences"); i >= 0 {
		t.Error("a Licences sheet without records")
	}
}

// TestXLSXLicencesValue: on a licence limited in US dollars, what the run
// drew and what remains are dollars that say so, not the units shipped
// next to a dollar limit; on one with both kinds of limit, each limit.
func TestXLSXLicencesValue(t *testing.T) {
	line := func(id, number string, n int64, draws ...checker.Draw) checker.Result {
		r := synthetic(0)
		r.Order.ID, r.Decision = id, checker.Licensed
		left := draws[0].Left
		r.Authorization = &checker.Authorization{Kind: "license", Number: number, Limit: draws[0].Limit, Drawn: n, RemainingAfter: &left, Draws: draws, File: "records/l.yaml", Line: 1}
		return r
	}
	results := []checker.Result{
		line("V-1", "D7", 10, checker.Draw{Limit: "value", Amount: 250000, Left: 750000}),
		line("V-2", "D7", 8, checker.Draw{Limit: "value", Amount: 240000.5, Left: 509999.5}),
		line("B-1", "D8", 4, checker.Draw{Limit: "nvidia-h100-sxm5", Amount: 4, Left: 6}, checker.Draw{Limit: "value", Amount: 100000, Left: 400000}),
	}
	run := testRun(nil)
	run.Records = &Records{Revision: "abc", Licences: []LicenceRecord{
		{Number: "D7", Kind: "license", Status: "active", Issued: "2026-01-01", Limits: map[string]float64{"value": 1000000}, File: "records/l.yaml", Line: 1},
		{Number: "D8", Kind: "license", Status: "active", Issued: "2026-01-01", Limits: map[string]float64{"value": 500000, "nvidia-h100-sxm5": 10}, File: "records/l.yaml", Line: 14},
	}}
	f := writeXLSX(t, run, results)
	rows, err := f.GetRows("Licences")
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, r := range rows[1:] {
		got = append(got, r[6:9])
	}
	want := [][]string{
		{"USD 1,000,000", "USD 490,000.50", "USD 509,999.50"},
		{"10 × nvidia-h100-sxm5\nUSD 500,000", "4 × nvidia-h100-sxm5\nUSD 100,000", "6 × nvidia-h100-sxm5\nUSD 400,000"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Licences: limits, drawn, remaining (-want +got):\n%s", d)
	}
	raw, err := f.GetCellValue("Licences", "H2", excelize.Options{RawCellValue: true})
	if err != nil || raw != "490000.5" {
		t.Errorf("drawn on D7: %q, %v; want the number 490000.5", raw, err)
	}
}
