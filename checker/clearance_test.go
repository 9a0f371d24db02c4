package checker_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/policies"
)

// TestClearanceFromItsDay: a clearance adjudicates a hit as of the day it
// was made, to its expiry: a line shipping before it was made is not
// cleared by a false positive (the hit is back), but a true match found
// after it shipped makes it a match; one shipping on that day or after is
// cleared, until the expiry.
// Cached, --no-cache and --no-cache --no-memo give the same results.
func TestClearanceFromItsDay(t *testing.T) {
	hash := "sha256:" + strings.Repeat("ab", 32)
	screener := entries{
		"Atlas Sanatgar Trading": {List: "UVL", EntryID: "uvl-1", EntryHash: hash, Score: 1},
		"Borealis Systems":       {List: "EL", EntryID: "el-1", EntryHash: hash, Score: 0.88, LicensePolicy: "Presumption of denial."},
	}
	clearance := func(endUser, entry, outcome string) string {
		return "record: clearance\nend_user: " + endUser + "\nentry: " + entry + "\nentry_hash: " + hash + "\noutcome: " + outcome +
			"\nby: J. Rivera\nat: 2026-02-16\nreason: checked\nexpires: 2027-02-16"
	}
	recs := []string{clearance("Atlas Sanatgar Trading", "uvl-1", "false_positive"), clearance("Borealis Systems", "el-1", "true_match"),
		clearance("Northwind Quantum Trading", "el-1", "true_match"), clearance("Eastwind Trading", "el-gone", "true_match")}
	type line struct{ EndUser, Date, Decision, Rules string }
	want := []line{
		{"Atlas Sanatgar Trading", "2025-06-01", "review", "classify.3a090.note2 classify.vendor_eccn screening.clearance_lapsed screening.match"},
		{"Atlas Sanatgar Trading", "2026-02-15", "review", "classify.3a090.note2 classify.vendor_eccn screening.clearance_lapsed screening.match"},
		{"Atlas Sanatgar Trading", "2026-02-16", "allow", "classify.3a090.note2 classify.vendor_eccn decision.nlr screening.cleared"},
		{"Atlas Sanatgar Trading", "2026-02-17", "allow", "classify.3a090.note2 classify.vendor_eccn decision.nlr screening.cleared"},
		{"Atlas Sanatgar Trading", "2027-02-16", "allow", "classify.3a090.note2 classify.vendor_eccn decision.nlr screening.cleared"},
		{"Atlas Sanatgar Trading", "2027-02-17", "review", "classify.3a090.note2 classify.vendor_eccn screening.clearance_lapsed screening.match"},
		{"Borealis Systems", "2026-02-15", "license_required", "classify.3a090.note2 classify.vendor_eccn screening.found_later"},
		{"Borealis Systems", "2026-02-16", "license_required", "classify.3a090.note2 classify.vendor_eccn screening.true_match"},
		{"Borealis Systems", "2026-03-02", "license_required", "classify.3a090.note2 classify.vendor_eccn screening.true_match"},
		// The listed party under a name that does not resemble the entry
		// (score 0): a person's true match holds whatever the score, and
		// lapsed it is reviewed, not allowed.
		{"Northwind Quantum Trading", "2026-02-15", "license_required", "classify.3a090.note2 classify.vendor_eccn screening.found_later"},
		{"Northwind Quantum Trading", "2026-03-02", "license_required", "classify.3a090.note2 classify.vendor_eccn screening.true_match"},
		{"Northwind Quantum Trading", "2027-02-17", "review", "classify.3a090.note2 classify.vendor_eccn screening.clearance_lapsed"},
		{"Northwind Quantum Trading Ltd", "2026-03-02", "license_required", "classify.3a090.note2 classify.vendor_eccn screening.true_match"},
		{"N o r t h w i n d Quantum Trading", "2026-03-02", "license_required", "classify.3a090.note2 classify.vendor_eccn screening.true_match"},
		{"Southwind Trading", "2026-03-02", "allow", "classify.3a090.note2 classify.vendor_eccn decision.nlr"},
		// A true match whose entry no list loaded holds (delisted, given
		// another ID, or another list): reviewed, not allowed.
		{"Eastwind Trading", "2026-03-02", "review", "classify.3a090.note2 classify.vendor_eccn screening.clearance_lapsed"},
	}
	var orders [][2]string
	for _, l := range want {
		orders = append(orders, [2]string{l.EndUser, l.Date})
	}
	results := screenCleared(t, screener, recs, orders)
	var got []line
	for _, r := range results {
		var rules []string
		for _, x := range r.Reasons {
			rules = append(rules, x.Rule)
		}
		got = append(got, line{r.Order.EndUser, r.Date, r.Decision.String(), strings.Join(rules, " ")})
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	// The reason says why: made after the ship date.
	var lapsed string
	for _, x := range results[1].Reasons {
		if x.Rule == "screening.clearance_lapsed" {
			lapsed = x.Message
		}
	}
	wantLapsed := `the clearance of the UVL hit "ATLAS SANATGAR TRADING" (cleared as a false positive by J. Rivera on 2026-02-16, records.yaml:1) does not hold: it was cleared only from 2026-02-16, after the ship date; a clearance made or written after the ship date is evidence of a review after the line shipped, not of screening before it: it clears the lines that ship from the day it was written`
	if lapsed != wantLapsed {
		t.Errorf("lapsed reason\n got %q\nwant %q", lapsed, wantLapsed)
	}
}

// TestEntryOutcomesPolicy: which clearance outcomes bring their entry is
// the policy's; a policy tree whose screening module lacks the rule is
// refused when the records hold clearances (a true match under a new
// name would come out allow), and taken when they hold none.
func TestEntryOutcomesPolicy(t *testing.T) {
	embedded, err := fs.ReadFile(policies.FS, "exportcheck/screening/screening.rego")
	if err != nil {
		t.Fatal(err)
	}
	rule := "entry_outcomes contains \"true_match\"\n"
	if !bytes.Contains(embedded, []byte(rule)) {
		t.Fatalf("screening.rego has no %q", rule)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "exportcheck", "screening"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "exportcheck", "screening", "screening.rego"), bytes.Replace(embedded, []byte(rule), nil, 1), 0o644); err != nil {
		t.Fatal(err)
	}
	hash := "sha256:" + strings.Repeat("ab", 32)
	clearance := "record: clearance\nend_user: Northwind Quantum Trading\nentry: el-1\nentry_hash: " + hash +
		"\noutcome: true_match\nby: J. Rivera\nat: 2026-02-16\nreason: checked\nexpires: 2027-02-16"
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		recs []string
		want string // the error's text; "" none
	}{
		{"clearances", []string{clearance}, "the records hold clearances and the policy names no outcome that brings its list entry (screening.entry_outcomes)"},
		{"no clearance", []string{licence100}, ""},
	} {
		_, err := checker.New(ctx, checker.Options{PolicyDirs: []string{dir}, Screener: entries{}, Records: testRecords(t, tt.recs...)})
		got := ""
		if err != nil {
			got = err.Error()
		}
		if !strings.Contains(got, tt.want) || (tt.want == "") != (got == "") {
			t.Errorf("%s: error %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestClearanceHistory: a clearance renewed (a new one made later, the
// old one kept) judges each line by the one that stood when it shipped,
// so re-checking an old book keeps its lines cleared; a false positive
// found a true match since makes the lines it cleared a match. The same
// under every cache.
func TestClearanceHistory(t *testing.T) {
	hash := "sha256:" + strings.Repeat("ab", 32)
	screener := entries{
		"Atlas Sanatgar Trading": {List: "UVL", EntryID: "uvl-1", EntryHash: hash, Score: 1},
		"Borealis Systems":       {List: "EL", EntryID: "el-1", EntryHash: hash, Score: 0.88, LicensePolicy: "Presumption of denial."},
	}
	clearance := func(endUser, entry, outcome, by, at, expires string) string {
		return clearanceRecord(hash, endUser, entry, outcome, by, at, expires)
	}
	recs := []string{
		clearance("Atlas Sanatgar Trading", "uvl-1", "false_positive", "K. Osei", "2026-11-30", "2027-11-29"),
		clearance("Atlas Sanatgar Trading", "uvl-1", "false_positive", "J. Rivera", "2026-02-16", "2027-02-16"),
		clearance("Borealis Systems", "el-1", "false_positive", "J. Rivera", "2026-02-16", "2027-02-16"),
		clearance("Borealis Systems", "el-1", "true_match", "K. Osei", "2026-09-01", "2027-09-01"),
	}
	type line struct{ EndUser, Date, Decision, Screening string }
	want := []line{
		{"Atlas Sanatgar Trading", "2026-02-15", "review", `screening.clearance_lapsed: the clearance of the UVL hit "ATLAS SANATGAR TRADING" (cleared as a false positive by J. Rivera on 2026-02-16, records.yaml:11) does not hold: it was cleared only from 2026-02-16, after the ship date; a clearance made or written after the ship date is evidence of a review after the line shipped, not of screening before it: it clears the lines that ship from the day it was written | screening.match: end user matches UVL entry "ATLAS SANATGAR TRADING" (score 1.00 ≥ 0.93, matched "ATLAS SANATGAR TRADING")`},
		{"Atlas Sanatgar Trading", "2026-03-01", "allow", `screening.cleared: UVL entry "ATLAS SANATGAR TRADING" (score 1.00) cleared as a false positive by J. Rivera on 2026-02-16 until 2027-02-16 (records.yaml:11): checked`},
		{"Atlas Sanatgar Trading", "2027-02-12", "allow", `screening.cleared: UVL entry "ATLAS SANATGAR TRADING" (score 1.00) cleared as a false positive by K. Osei on 2026-11-30 until 2027-11-29 (records.yaml:1): checked`},
		{"Atlas Sanatgar Trading", "2027-11-30", "review", `screening.clearance_lapsed: the clearance of the UVL hit "ATLAS SANATGAR TRADING" (cleared as a false positive by K. Osei on 2026-11-30, records.yaml:1) no longer holds: it expired on 2027-11-29; adjudicate it again | screening.match: end user matches UVL entry "ATLAS SANATGAR TRADING" (score 1.00 ≥ 0.93, matched "ATLAS SANATGAR TRADING")`},
		{"Borealis Systems", "2026-03-01", "license_required", `screening.found_later: end user is EL entry "BOREALIS SYSTEMS" (score 0.88): cleared as a false positive by J. Rivera on 2026-02-16 (records.yaml:21) when it shipped, found a true match by K. Osei on 2026-09-01 (records.yaml:31) after it shipped`},
		{"Borealis Systems", "2026-10-01", "license_required", `screening.true_match: end user is EL entry "BOREALIS SYSTEMS" (score 0.88; confirmed as a true match by K. Osei on 2026-09-01, records.yaml:31)`},
	}
	var orders [][2]string
	for _, l := range want {
		orders = append(orders, [2]string{l.EndUser, l.Date})
	}
	results := screenCleared(t, screener, recs, orders)
	var got []line
	for _, r := range results {
		got = append(got, line{r.Order.EndUser, r.Date, r.Decision.String(), screeningReasons(r)})
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestClearanceRecordedLate: a clearance written after the day it says
// it was adjudicated (recorded) clears no line shipped before it was
// written, its reason saying so; a renewal written late does not hide
// the clearance on file when the line shipped (handed to the policy
// beside it), so an old book re-checked keeps its lines cleared. The
// same under every cache.
func TestClearanceRecordedLate(t *testing.T) {
	hash := "sha256:" + strings.Repeat("ab", 32)
	screener := entries{
		"Atlas Sanatgar Trading": {List: "UVL", EntryID: "uvl-1", EntryHash: hash, Score: 1},
		"Cobalt Trading":         {List: "UVL", EntryID: "uvl-2", EntryHash: hash, Score: 1},
	}
	recs := []string{
		clearanceRecord(hash, "Atlas Sanatgar Trading", "uvl-1", "false_positive", "J. Rivera", "2026-02-16", "2027-02-16"),
		clearanceRecord(hash, "Atlas Sanatgar Trading", "uvl-1", "false_positive", "K. Osei", "2026-11-30", "2027-11-29") + "\nrecorded: 2026-12-20",
		clearanceRecord(hash, "Cobalt Trading", "uvl-2", "false_positive", "J. Rivera", "2026-02-16", "2027-02-16") + "\nrecorded: 2026-04-01",
	}
	type line struct{ EndUser, Date, Decision, Screening string }
	want := []line{
		// The renewal made on 2026-11-30 was written on 2026-12-20: the
		// line shipped between is cleared by the one on file then.
		{"Atlas Sanatgar Trading", "2026-12-05", "allow", `screening.cleared: UVL entry "ATLAS SANATGAR TRADING" (score 1.00) cleared as a false positive by J. Rivera on 2026-02-16 until 2027-02-16 (records.yaml:1): checked`},
		{"Atlas Sanatgar Trading", "2026-12-20", "allow", `screening.cleared: UVL entry "ATLAS SANATGAR TRADING" (score 1.00) cleared as a false positive by K. Osei on 2026-11-30, recorded on 2026-12-20 until 2027-11-29 (records.yaml:11): checked`},
		// Past the first's expiry: the renewal, on file by then.
		{"Atlas Sanatgar Trading", "2027-02-17", "allow", `screening.cleared: UVL entry "ATLAS SANATGAR TRADING" (score 1.00) cleared as a false positive by K. Osei on 2026-11-30, recorded on 2026-12-20 until 2027-11-29 (records.yaml:11): checked`},
		{"Cobalt Trading", "2026-03-02", "review", `screening.clearance_lapsed: the clearance of the UVL hit "COBALT TRADING" (cleared as a false positive by J. Rivera on 2026-02-16, recorded on 2026-04-01, records.yaml:22) does not hold: it was recorded only on 2026-04-01, after the ship date; a clearance made or written after the ship date is evidence of a review after the line shipped, not of screening before it: it clears the lines that ship from the day it was written | screening.match: end user matches UVL entry "COBALT TRADING" (score 1.00 ≥ 0.93, matched "COBALT TRADING")`},
		{"Cobalt Trading", "2026-04-01", "allow", `screening.cleared: UVL entry "COBALT TRADING" (score 1.00) cleared as a false positive by J. Rivera on 2026-02-16, recorded on 2026-04-01 until 2027-02-16 (records.yaml:22): checked`},
	}
	var orders [][2]string
	for _, l := range want {
		orders = append(orders, [2]string{l.EndUser, l.Date})
	}
	results := screenCleared(t, screener, recs, orders)
	var got []line
	for _, r := range results {
		got = append(got, line{r.Order.EndUser, r.Date, r.Decision.String(), screeningReasons(r)})
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestClearanceSpellings: clearances of names spelt otherwise that
// normalise alike are each the policy's to weigh, never one in another's
// place: each line is judged by the clearance the policy picks (a false
// positive of its own spelling, a true match of any), and the result
// names that one, under every cache.
func TestClearanceSpellings(t *testing.T) {
	hash := "sha256:" + strings.Repeat("ab", 32)
	screener := entries{
		"Atlas Sanatgar Trading":           {List: "UVL", EntryID: "uvl-1", EntryHash: hash, Score: 1},
		"Atlas Sanatgar Trading (Yerevan)": {List: "UVL", EntryID: "uvl-1", EntryHash: hash, Score: 0.95},
		"Borealis Systems":                 {List: "EL", EntryID: "el-1", EntryHash: hash, Score: 0.88, LicensePolicy: "Presumption of denial."},
		"Borealis Systems (Riga)":          {List: "EL", EntryID: "el-1", EntryHash: hash, Score: 0.88, LicensePolicy: "Presumption of denial."},
	}
	clearance := func(endUser, entry, outcome, by, at, expires string) string {
		return clearanceRecord(hash, endUser, entry, outcome, by, at, expires)
	}
	recs := []string{
		clearance("Atlas Sanatgar Trading", "uvl-1", "false_positive", "J. Rivera", "2026-02-16", "2027-02-16"),
		clearance("Atlas Sanatgar Trading (Yerevan)", "uvl-1", "false_positive", "M. Chen", "2026-06-01", "2027-06-01"),
		clearance("Borealis Systems", "el-1", "true_match", "J. Rivera", "2026-02-16", "2027-02-16"),
		clearance("Borealis Systems (Riga)", "el-1", "false_positive", "M. Chen", "2026-06-01", "2027-06-01"),
	}
	type line struct{ EndUser, Date, Decision, Screening, ClearedBy string }
	want := []line{
		{"Atlas Sanatgar Trading", "2027-01-10", "allow", `screening.cleared: UVL entry "ATLAS SANATGAR TRADING" (score 1.00) cleared as a false positive by J. Rivera on 2026-02-16 until 2027-02-16 (records.yaml:1): checked`, "J. Rivera 2026-02-16"},
		{"Atlas Sanatgar Trading (Yerevan)", "2027-01-10", "allow", `screening.cleared: UVL entry "ATLAS SANATGAR TRADING (YEREVAN)" (score 0.95) cleared as a false positive by M. Chen on 2026-06-01 until 2027-06-01 (records.yaml:11): checked`, "M. Chen 2026-06-01"},
		{"Atlas Sanatgar Trading (Yerevan)", "2026-03-02", "review", `screening.clearance_lapsed: the clearance of the UVL hit "ATLAS SANATGAR TRADING (YEREVAN)" (cleared as a false positive by M. Chen on 2026-06-01, records.yaml:11) does not hold: it was cleared only from 2026-06-01, after the ship date; a clearance made or written after the ship date is evidence of a review after the line shipped, not of screening before it: it clears the lines that ship from the day it was written | screening.match: end user matches UVL entry "ATLAS SANATGAR TRADING (YEREVAN)" (score 0.95 ≥ 0.93, matched "ATLAS SANATGAR TRADING (YEREVAN)")`, "M. Chen 2026-06-01"},
		{"Borealis Systems", "2026-10-01", "license_required", `screening.true_match: end user is EL entry "BOREALIS SYSTEMS" (score 0.88; confirmed as a true match by J. Rivera on 2026-02-16, records.yaml:21)`, "J. Rivera 2026-02-16"},
		{"Borealis Systems (Riga)", "2026-10-01", "license_required", `screening.true_match: end user is EL entry "BOREALIS SYSTEMS (RIGA)" (score 0.88; confirmed as a true match by J. Rivera on 2026-02-16, records.yaml:21)`, "J. Rivera 2026-02-16"},
		{"Borealis Systems (Riga)", "2026-03-01", "license_required", `screening.true_match: end user is EL entry "BOREALIS SYSTEMS (RIGA)" (score 0.88; confirmed as a true match by J. Rivera on 2026-02-16, records.yaml:21)`, "J. Rivera 2026-02-16"},
	}
	results := screenCleared(t, screener, recs, [][2]string{
		{"Atlas Sanatgar Trading", "2027-01-10"},
		{"Atlas Sanatgar Trading (Yerevan)", "2027-01-10"},
		{"Atlas Sanatgar Trading (Yerevan)", "2026-03-02"},
		{"Borealis Systems", "2026-10-01"},
		{"Borealis Systems (Riga)", "2026-10-01"},
		{"Borealis Systems (Riga)", "2026-03-01"},
	})
	var got []line
	for _, r := range results {
		by := ""
		if len(r.Screening) == 1 && r.Screening[0].Clearance != nil {
			by = r.Screening[0].Clearance.By + " " + r.Screening[0].Clearance.At
		}
		got = append(got, line{r.Order.EndUser, r.Date, r.Decision.String(), screeningReasons(r), by})
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// screenCleared judges a line of an RTX 4060 to Armenia for each end user
// and ship date under the screener and the clearance records, the same
// under every cache; a line that cannot be judged fails the test.
func screenCleared(t *testing.T, screener entries, recs []string, lines [][2]string) []checker.Result {
	t.Helper()
	var orders []checker.Order
	for _, l := range lines {
		orders = append(orders, checker.Order{Product: "nvidia-rtx-4060", Quantity: "4", Destination: "AM", EndUser: l[0], EndUserHQ: "AM", Date: l[1]})
	}
	results := sameUnderEveryCache(t, orders, func(o *checker.Options) {
		o.Screener, o.Records = screener, testRecords(t, recs...)
		o.Horizon = 10 * 365 * 24 * 3600e9
	})
	for _, r := range results {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	return results
}

// clearanceRecord is a clearance record's YAML, of the entry whose hash
// is hash, made for the reason "checked".
func clearanceRecord(hash, endUser, entry, outcome, by, at, expires string) string {
	return "record: clearance\nend_user: " + endUser + "\nentry: " + entry + "\nentry_hash: " + hash + "\noutcome: " + outcome +
		"\nby: " + by + "\nat: " + at + "\nreason: checked\nexpires: " + expires
}

// screeningReasons is a result's screening reasons, "rule: message", in
// order, joined by " | ".
func screeningReasons(r checker.Result) string {
	var out []string
	for _, x := range r.Reasons {
		if strings.HasPrefix(x.Rule, "screening.") {
			out = append(out, x.Rule+": "+x.Message)
		}
	}
	return strings.Join(out, " | ")
}
