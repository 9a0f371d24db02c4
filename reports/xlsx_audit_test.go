package reports

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
)

// TestXLSXOrderFields: the order's fields the decision rests on beyond the
// usual columns (the stated end use, the country it ships from, an owner of
// the end user) are on the Orders sheet, as the JSON output has them.
func TestXLSXOrderFields(t *testing.T) {
	a, b := synthetic(0), synthetic(1)
	a.Order.EndUse = "military"
	a.Order.ShipFrom = "SG"
	a.Order.EndUserParent = "Academy of Aerospace Solid Propulsion Technology"
	f := writeXLSX(t, testRun(nil), []checker.Result{a, b})
	type fields struct{ EndUse, ShipFrom, Parent, PO string }
	var got []fields
	for _, m := range ordersRows(t, f, "Orders") {
		got = append(got, fields{m["End use"], m["Ship from"], m["End-user parent"], m["po"]})
	}
	want := []fields{
		{"military", "SG", "Academy of Aerospace Solid Propulsion Technology", "PO-0"},
		{"", "", "", "PO-1"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Orders (-want +got):\n%s", d)
	}
}
