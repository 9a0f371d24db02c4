package checker

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestSpoolRoundTrip: results read back from the spool are the results
// written, in order, as often as they are read: lines that could not be judged, extra columns, an
// owner, authorizations with and without limits, shared and unshared
// reasons and hits, and strings past the tables' bounds.
func TestSpoolRoundTrip(t *testing.T) {
	for _, bound := range []int{1 << 18, 3} {
		t.Run(fmt.Sprintf("tables of %d", bound), func(t *testing.T) {
			defer func(s, sh int) { spoolStrings, spoolShared = s, sh }(spoolStrings, spoolShared)
			spoolStrings, spoolShared = bound, bound
			shared := []Reason{{Rule: "classify.3a090.a.1", Citation: "ECCN 3A090.a.1", Message: "TPP 15,832 ≥ 4,800", Classification: true}, {Rule: "license.destination.d145", Citation: "15 CFR 742.6", Message: "license required"}}
			hits := []*ScreeningFact{{List: "UVL", EntryID: "e1", Name: "Atlas", Score: 0.89, Clearance: &ClearanceFact{Outcome: "false_positive", File: "c.yaml", Line: 3}}}
			left := 92.5
			licence := &Authorization{Kind: "license", Number: "D1234567", Limit: "nvidia-h100-sxm5", Drawn: 8, RemainingAfter: &left,
				Expires: "2027-01-31", File: "records/licences/d1234567.yaml", Line: 1,
				Draws: []Draw{{Limit: "nvidia-h100-sxm5", Amount: 8, Left: 92}, {Limit: "value", Amount: 200000, Left: 92.5}}}
			veu := &Authorization{Kind: "veu", Number: "VEU-1", Drawn: 16, File: "records/licences/veu.yaml", Line: 3}
			var want []Result
			for i := range 40 {
				r := Result{
					Order: Order{File: "orders.csv", Line: i + 2, ID: fmt.Sprintf("SO-%d", i), Product: "H100", Quantity: fmt.Sprint(i + 1),
						Destination: "AE", EndUser: fmt.Sprintf("Customer %d", i%7), EndUserHQ: "AE", Date: fmt.Sprintf("2026-03-%02d", i%28+1)},
					ProductID: "nvidia-h100-sxm5", Date: fmt.Sprintf("2026-03-%02d", i%28+1), Decision: Decision(i % len(Decisions())),
					ECCN: "3A090.a", Regime: "ear-2026-01-15", ReviewPolicy: "presumption_of_approval",
					Reasons: shared,
				}
				switch i % 5 {
				case 1:
					r.Reasons = append([]Reason{{Rule: "authorization.exhausted", Citation: "15 CFR 750.7(a)", Message: fmt.Sprintf("%d left", i)}}, shared...)
				case 2:
					r.Screening = hits
					r.Order.Extra = []Field{{Name: "unit_value", Value: "25000"}, {Name: "po", Value: fmt.Sprintf("PO-%d", i)}}
				case 3:
					r.Reasons = nil
					r.Err = &InputError{File: "orders.csv", Line: i + 2, Field: "date", Err: ErrBadDate, Hint: "want YYYY-MM-DD"}
				case 4:
					r.Exception = "NAC"
					r.Order.EndUse, r.Order.ShipFrom = "supercomputer", "SG"
					r.Order.EndUserParent = "Academy of Aerospace Solid Propulsion Technology"
					r.Order.Consignee = "Gulf Freight FZE"
				}
				switch i % 3 {
				case 1:
					r.Decision, r.Authorization = Licensed, licence
				case 2:
					r.Decision, r.Authorization = Licensed, veu
				}
				want = append(want, r)
			}
			sp, err := NewSpool()
			if err != nil {
				t.Fatal(err)
			}
			defer sp.Close()
			for i := range want {
				if err := sp.Put(&want[i]); err != nil {
					t.Fatal(err)
				}
			}
			for read := range 2 { // All reads everything again
				var got []Result
				for r, err := range sp.All() {
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, *r)
				}
				if d := cmp.Diff(want, got, cmpopts.EquateErrors(), cmpopts.EquateEmpty()); d != "" {
					t.Errorf("read %d (-want +got):\n%s", read+1, d)
				}
			}
			if err := sp.Put(&want[0]); err == nil {
				t.Error("a result put after reading")
			}
			var r Result
			if err := sp.get(&r); err == nil {
				t.Error("a result past the last one")
			}
		})
	}
}
