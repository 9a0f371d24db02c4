package records_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/records"
)

// TestClearanceFile: clearance files are named by the end user's
// normalised name and the start of the entry id, safe on any file system.
func TestClearanceFileName(t *testing.T) {
	for _, tc := range []struct{ endUser, entry, want string }{
		{"Atlas Sanatgar Trading", "1b5979e8fd3920a1a0985bf5088dad930a6a5562d1513f9e4b015e42", "atlas-sanatgar-trading-1b5979e8fd39.yaml"},
		{"ATLAS SANATGAR TRADING, L.L.C.", "9673", "atlas-sanatgar-trading-9673.yaml"},
		{"Société Générale d'Électronique S.A.", "../../etc/passwd", "societe-generale-delectronique-etcpasswd.yaml"},
	} {
		got := (&records.Clearance{EndUser: tc.endUser, Entry: tc.entry}).FileName()
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("FileName(%q, %q) (-want +got):\n%s", tc.endUser, tc.entry, diff)
		}
		dated := (&records.Clearance{EndUser: tc.endUser, Entry: tc.entry, At: "2026-02-16"}).DatedFileName()
		if diff := cmp.Diff(strings.TrimSuffix(tc.want, ".yaml")+"-2026-02-16.yaml", dated); diff != "" {
			t.Errorf("DatedFileName(%q, %q) (-want +got):\n%s", tc.endUser, tc.entry, diff)
		}
	}
}

// TestClearanceSpeltFileName: a name that normalises alike but is spelt
// otherwise gets a file name of its own, the same for names spelt alike
// (case, punctuation and the spelling of a legal form aside).
func TestClearanceSpeltFileName(t *testing.T) {
	const entry = "1b5979e8fd3920a1a0985bf5088dad930a6a5562d1513f9e4b015e42"
	var got []string
	for _, u := range []string{"Atlas Sanatgar Trading", "ATLAS SANATGAR TRADING", "Atlas Sanatgar Trading (Yerevan)", "ATLAS SANATGAR TRADING CO.", "Atlas Sanatgar Trading Company"} {
		c := &records.Clearance{EndUser: u, Entry: entry, At: "2026-02-16"}
		got = append(got, c.SpeltFileName(), c.SpeltDatedFileName())
	}
	want := []string{
		"atlas-sanatgar-trading-1b5979e8fd39-97ed6567.yaml", "atlas-sanatgar-trading-1b5979e8fd39-97ed6567-2026-02-16.yaml",
		"atlas-sanatgar-trading-1b5979e8fd39-97ed6567.yaml", "atlas-sanatgar-trading-1b5979e8fd39-97ed6567-2026-02-16.yaml",
		"atlas-sanatgar-trading-1b5979e8fd39-9b90c100.yaml", "atlas-sanatgar-trading-1b5979e8fd39-9b90c100-2026-02-16.yaml",
		"atlas-sanatgar-trading-1b5979e8fd39-c77a3a8a.yaml", "atlas-sanatgar-trading-1b5979e8fd39-c77a3a8a-2026-02-16.yaml",
		"atlas-sanatgar-trading-1b5979e8fd39-c77a3a8a.yaml", "atlas-sanatgar-trading-1b5979e8fd39-c77a3a8a-2026-02-16.yaml",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestExpiryIn: expiry dates say how far they are.
func TestExpiryIn(t *testing.T) {
	got := []string{records.ExpiryIn("", "2026-03-02"), records.ExpiryIn("2026-03-02", "2026-03-02"), records.ExpiryIn("2026-03-03", "2026-03-02"),
		records.ExpiryIn("2026-03-01", "2026-03-02"), records.ExpiryIn("2027-03-02", "2026-03-02")}
	want := []string{"none", "2026-03-02 (today)", "2026-03-03 (in 1 day)", "2026-03-01 (expired 1 day ago)", "2027-03-02 (in 365 days)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestLimitsText: a licence's limits say what is left on each, in the
// order of their names, the value limit last; a licence without limits
// says none.
func TestLimitsText(t *testing.T) {
	tenth := 0.1 // at run time: 0.1 + 0.2 is 0.30000000000000004
	l := records.Licence{QuantityLimits: map[string]int64{"nvidia-h100-sxm5": 100, "3A090": 50}, ValueLimitUSD: 3500000.5}
	got := []string{
		l.LimitsText(nil),
		l.LimitsText(map[string]float64{"nvidia-h100-sxm5": 40, "value": 1250000}),
		(&records.Licence{}).LimitsText(map[string]float64{"value": 1}),
		// Drawn to the cent, as the check counts it: nothing left, not -0.00.
		(&records.Licence{ValueLimitUSD: 0.3}).LimitsText(map[string]float64{"value": tenth + 0.2}),
		(&records.Licence{ValueLimitUSD: 1000.3}).LimitsText(map[string]float64{"value": 1000.2}),
		(&records.Licence{ValueLimitUSD: 1}).LimitsText(map[string]float64{"value": 0.999999}),
		// A limit lowered below what was drawn: overdrawn, not "-3".
		(&records.Licence{QuantityLimits: map[string]int64{"nvidia-h100-sxm5": 100}, ValueLimitUSD: 1000}).LimitsText(map[string]float64{"nvidia-h100-sxm5": 103, "value": 1250.5}),
		// Shipments that drew units only, before the value limit was
		// recorded: what is left of it is not known until the record
		// says what they were worth; then that counts as drawn.
		(&records.Licence{QuantityLimits: map[string]int64{"nvidia-h100-sxm5": 100}, ValueLimitUSD: 1000}).LimitsText(map[string]float64{"nvidia-h100-sxm5": 3, checker.Unvalued: 3}),
		(&records.Licence{QuantityLimits: map[string]int64{"nvidia-h100-sxm5": 100}, ValueLimitUSD: 1000, ValueDrawnBeforeUSD: 300}).LimitsText(map[string]float64{"nvidia-h100-sxm5": 5, checker.Unvalued: 3, "value": 200}),
		(&records.Licence{ValueLimitUSD: 1000, ValueDrawnBeforeUSD: 300}).LimitsText(nil),
		// What remains: less the value drawn before; a licence the
		// policy says covers no line that day has no room.
		(&records.Licence{Status: records.StatusActive, ValueLimitUSD: 1000, ValueDrawnBeforeUSD: 300}).Remaining(nil, nil),
		(&records.Licence{Status: records.StatusActive, ValueLimitUSD: 1000}).Remaining(nil, []string{"condition x not checkable", "revoked 2026-03-10"}),
	}
	want := []string{"50 3A090; 100 nvidia-h100-sxm5; USD 3,500,000.50", "50 3A090; 60 nvidia-h100-sxm5; USD 2,250,000.50", "no limit",
		"USD 0", "USD 0.10", "USD 0.000001", "overdrawn by 3 nvidia-h100-sxm5; overdrawn by USD 250.50",
		"97 nvidia-h100-sxm5; USD not known (3 units committed before the value was recorded drew nothing on it: give value_drawn_before_usd)",
		"95 nvidia-h100-sxm5; USD 500", "USD 1,000", "USD 700", "- (condition x not checkable; revoked 2026-03-10)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestNotificationRemaining: a notification's remaining says its units
// and, with value_usd, its dollar value (less the value drawn before),
// "USD not known" while shipments that drew units only have no value
// given, and, for one the policy says covers no line, every fault it finds
// in the record instead (the checker's compiled notifications): its units
// are never shown as room.
func TestNotificationRemaining(t *testing.T) {
	nac := func(ref, items, rest string) string {
		return "record: notification\nbis_reference: " + ref + "\nexception: NAC\nfiled_on: 2026-01-05\nitems: " + items +
			"\ndestination: CN\nend_user: Pearl River\nquantity: 10\n" + rest + "---\n"
	}
	const rtx, confirmed = "{products: [nvidia-rtx-4090]}", "status: confirmed\nconfirmation: A123456\n"
	set, err := records.Parse("n.yaml", []byte(nac("NAC", rtx, confirmed+"value_usd: 15990\n")+
		nac("TOLD", rtx, confirmed+"value_usd: 15990\nvalue_drawn_before_usd: 3000\n")+
		"record: notification\nbis_reference: ACA\nexception: ACA\nfiled_on: 2026-01-05\nitems: {eccns: [3A090.a]}\ndestination: AE\nend_user: Falcon\nquantity: 5\nstatus: filed\n---\n"+
		nac("OBJECTED", rtx, "status: objected\nvalue_usd: 15990\n")+
		nac("FILED", rtx, "status: filed\n")+
		nac("SEVEN", "{products: [nvidia-rtx-4090, nvidia-h100-sxm5, nvidia-h100-pcie, nvidia-h800-sxm5, nvidia-h800-pcie, nvidia-h200-sxm, nvidia-h20]}", confirmed)+
		nac("ECCNS", "{eccns: [3A090.a]}", confirmed+"value_usd: 15990\n")))
	if err != nil {
		t.Fatal(err)
	}
	c, err := checker.New(context.Background(), checker.Options{Records: set.Checker()})
	if err != nil {
		t.Fatal(err)
	}
	standing, err := c.Standings(context.Background(), "2026-12-01")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range []struct {
		ref   string
		drawn map[string]float64
	}{
		{"NAC", nil},
		{"NAC", map[string]float64{"quantity": 4, "value": 6396}},
		{"NAC", map[string]float64{"quantity": 4, checker.Unvalued: 4}},
		{"TOLD", map[string]float64{"quantity": 4, checker.Unvalued: 3, "value": 1000}},
		{"ACA", map[string]float64{"quantity": 2}},
		{"OBJECTED", nil},
		{"FILED", map[string]float64{"quantity": 4}},
		{"SEVEN", nil},
		{"ECCNS", nil},
	} {
		i := slices.IndexFunc(set.Notifications, func(n records.Notification) bool { return n.BISReference == x.ref })
		got = append(got, set.Notifications[i].Remaining(x.drawn, standing.Notification(x.ref).Faults))
	}
	want := []string{"10; USD 15,990", "6; USD 9,594",
		"6; USD not known (4 units committed before the value was recorded drew nothing on it: give value_drawn_before_usd)",
		"6; USD 11,990", "3", "- (objected)", "- (no value_usd; not confirmed)",
		"- (7 products, more than six; no value_usd)", "- (no product listed)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// A notification the checker was not built with is not shown as room.
	if got := set.Notifications[0].Remaining(nil, checker.Standings{}.Notification("NAC").Faults); got != "- (not judged by the policy)" {
		t.Errorf("without the policy's word: %q", got)
	}
}
