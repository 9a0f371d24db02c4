package checker_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/records"
)

// testRecords parses records written as YAML documents, read on the last
// day of 2026 (records may not be dated after the day they are read, and
// the generated ones run to the end of 2026).
func testRecords(t *testing.T, docs ...string) *checker.Records {
	t.Helper()
	set, err := records.Options{Today: "2026-12-31"}.Parse("records.yaml", []byte(strings.Join(docs, "\n---\n")))
	if err != nil {
		t.Fatal(err)
	}
	return set.Checker()
}

const licence100 = `record: licence
number: D1234567
kind: license
status: active
issued: 2026-01-12
expires: 2030-01-12
items: {products: [nvidia-h100-sxm5]}
destinations: [AE]
end_users: [Falcon Compute Data Center LLC]
quantity_limits: {nvidia-h100-sxm5: 100}`

// drawn summarises a result: decision, authorization and remaining.
func drawn(r checker.Result) string {
	if r.Err != nil {
		return "error: " + r.Err.Error()
	}
	s := r.Order.ID + " " + r.Decision.String()
	if a := r.Authorization; a != nil {
		s += fmt.Sprintf(" %s drew %d", a.Number, a.Drawn)
		if a.RemainingAfter != nil {
			s += fmt.Sprintf(" left %g", *a.RemainingAfter)
		}
	}
	for _, x := range r.Reasons {
		if x.Rule == "authorization.exhausted" {
			s += " exhausted"
		}
	}
	return s
}

// valued is o with a unit_value column.
func valued(o checker.Order, v string) checker.Order {
	o.Extra = []checker.Field{{Name: "unit_value", Value: v}}
	return o
}

// TestAllocationOrder: quantities are drawn in ship-date order, then input
// order; a line is never split; among eligible licences the one that
// expires first is drawn on first.
func TestAllocationOrder(t *testing.T) {
	ctx := context.Background()
	h100 := func(id, qty, date string) checker.Order {
		return checker.Order{ID: id, Product: "nvidia-h100-sxm5", Quantity: qty, Destination: "AE", EndUser: "Falcon Compute Data Center LLC", EndUserHQ: "AE", Date: date}
	}
	second := strings.NewReplacer("D1234567", "D7654321", "2030-01-12", "2028-06-30", "100}", "20}").Replace(licence100)
	tests := []struct {
		name   string
		recs   []string
		orders []checker.Order
		want   []string
	}{
		{"ship date first", []string{licence100}, []checker.Order{
			h100("late", "50", "2026-03-09"), h100("early", "60", "2026-03-02"), h100("small", "10", "2026-03-16"),
		}, []string{"late license_required exhausted", "early licensed D1234567 drew 60 left 40", "small licensed D1234567 drew 10 left 30"}},
		{"same day: input order", []string{licence100}, []checker.Order{
			h100("a", "70", "2026-03-02"), h100("b", "40", "2026-03-02"), h100("c", "30", "2026-03-02"),
		}, []string{"a licensed D1234567 drew 70 left 30", "b license_required exhausted", "c licensed D1234567 drew 30 left 0"}},
		{"expiring first", []string{licence100, second}, []checker.Order{
			h100("a", "15", "2026-03-02"), h100("b", "15", "2026-03-03"), h100("c", "90", "2026-03-04"), h100("d", "1", "2026-03-05"),
		}, []string{"a licensed D7654321 drew 15 left 5", "b licensed D1234567 drew 15 left 85", "c license_required exhausted exhausted", "d licensed D7654321 drew 1 left 4"}},
		{"value: only an amount above 0 draws on it", []string{strings.Replace(licence100, "quantity_limits: {nvidia-h100-sxm5: 100}", "value_limit_usd: 1000000", 1)}, []checker.Order{
			valued(h100("nan", "1", "2026-03-02"), "NaN"), valued(h100("zero", "1", "2026-03-02"), "0"), valued(h100("hex", "1", "2026-03-02"), "0x1p-20"),
			valued(h100("inf", "1", "2026-03-02"), "+Inf"), valued(h100("exp", "1", "2026-03-02"), "1e3"), valued(h100("ok", "10", "2026-03-02"), "25,000.50"),
			valued(h100("comma", "1", "2026-03-02"), "0,5"), valued(h100("euro", "1", "2026-03-02"), "1.000,50"), valued(h100("grouped", "2", "2026-03-02"), "1,250.50"), valued(h100("dotted", "3", "2026-03-02"), "25.000"),
			valued(h100("mills", "4", "2026-03-02"), "1,250.125"),
			valued(h100("big", "1000", "2026-03-03"), "30000"),
			valued(h100("tiny", "1", "2026-03-04"), "0.0000004"),
		}, []string{"nan license_required exhausted", "zero license_required exhausted", "hex license_required exhausted", "inf license_required exhausted",
			"exp license_required exhausted", "ok licensed D1234567 drew 10 left 749995", "comma license_required exhausted", "euro license_required exhausted",
			"grouped licensed D1234567 drew 2 left 747494", "dotted license_required exhausted", "mills licensed D1234567 drew 4 left 742493.5",
			"big license_required exhausted", "tiny license_required exhausted"}},
		{"revoked from a day: covering what ships before", []string{strings.Replace(licence100, "status: active", "status: revoked\nstatus_from: 2026-03-10", 1)}, []checker.Order{
			h100("before", "1", "2026-03-09"), h100("on", "1", "2026-03-10"), h100("early", "1", "2026-03-02"),
		}, []string{"before licensed D1234567 drew 1 left 98", "on license_required", "early licensed D1234567 drew 1 left 99"}},
		{"not before issue, not after expiry", []string{licence100}, []checker.Order{
			h100("before", "1", "2026-01-11"), h100("issued", "1", "2026-01-12"), h100("last", "1", "2030-01-12"),
		}, []string{"before license_required", "issued licensed D1234567 drew 1 left 99", "last licensed D1234567 drew 1 left 98"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, opts := range []checker.Options{{}, {NoCache: true}, {NoCache: true, NoMemo: true}} {
				opts.Records = testRecords(t, tt.recs...)
				opts.Horizon = 10 * 365 * 24 * 3600e9
				c, err := checker.New(ctx, opts)
				if err != nil {
					t.Fatal(err)
				}
				rs, err := c.CheckAll(ctx, tt.orders)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, r := range rs {
					got = append(got, drawn(r))
				}
				if d := cmp.Diff(tt.want, got); d != "" {
					t.Errorf("NoCache %v NoMemo %v (-want +got):\n%s", opts.NoCache, opts.NoMemo, d)
				}
			}
		})
	}
}

// TestUncounted: where what earlier orders drew is not known (a service
// that keeps no ledger), a record with limits covers no line, saying why,
// and the line keeps its decision; a record without limits (a VEU) still
// covers it; under every cache.
func TestUncounted(t *testing.T) {
	ctx := context.Background()
	veu := `record: licence
number: VEU-DC-0001
kind: veu
status: active
issued: 2025-10-01
items: {eccns: [3A090.a]}
destinations: [AE]
end_users: [Oasis Cloud Campus]
federal_register: 89 FR 12345`
	// A VEU recorded with a limit is named as the policy names it, not by
	// its kind field ("veu VEU-DC-0002" before 2026-12-06).
	limitedVEU := `record: licence
number: VEU-DC-0002
kind: veu
status: active
issued: 2025-10-01
items: {eccns: [3A090.a]}
destinations: [AE]
end_users: [Dune Cloud Campus]
federal_register: 89 FR 12345
quantity_limits: {3A090.a: 100}`
	orders := []checker.Order{
		{ID: "limited", Product: "nvidia-h100-sxm5", Quantity: "60", Destination: "AE", EndUser: "Falcon Compute Data Center LLC", EndUserHQ: "AE", Date: "2026-03-02"},
		{ID: "veu", Product: "nvidia-h100-sxm5", Quantity: "16", Destination: "AE", EndUser: "Oasis Cloud Campus", EndUserHQ: "AE", Date: "2026-03-02"},
		{ID: "limited-veu", Product: "nvidia-h100-sxm5", Quantity: "16", Destination: "AE", EndUser: "Dune Cloud Campus", EndUserHQ: "AE", Date: "2026-03-02"},
	}
	want := []string{"limited license_required", "veu licensed VEU-DC-0001 drew 16", "limited-veu license_required"}
	wantReason := checker.Reason{Rule: "authorization.uncounted",
		Citation: "15 CFR 750.7(a) (a licence authorizes only the transaction it describes, within its quantities and value)",
		Message:  "licence D1234567: what earlier orders drew on its limits is not known: no ledger here"}
	wantVEUReason := wantReason
	wantVEUReason.Message = "VEU authorization VEU-DC-0002: what earlier orders drew on its limits is not known: no ledger here"
	for _, opts := range []checker.Options{{}, {NoCache: true}, {NoCache: true, NoMemo: true}} {
		opts.Records, opts.Uncounted = testRecords(t, licence100, veu, limitedVEU), "no ledger here"
		c, err := checker.New(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := c.CheckAll(ctx, orders)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rs {
			got = append(got, drawn(r))
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("NoCache %v NoMemo %v (-want +got):\n%s", opts.NoCache, opts.NoMemo, d)
		}
		last := rs[0].Reasons[len(rs[0].Reasons)-1]
		if d := cmp.Diff(wantReason, last); d != "" {
			t.Errorf("NoCache %v NoMemo %v: the limited line's last reason (-want +got):\n%s", opts.NoCache, opts.NoMemo, d)
		}
		last = rs[2].Reasons[len(rs[2].Reasons)-1]
		if d := cmp.Diff(wantVEUReason, last); d != "" {
			t.Errorf("NoCache %v NoMemo %v: the limited VEU's line's last reason (-want +got):\n%s", opts.NoCache, opts.NoMemo, d)
		}
	}
}

// TestEveryLimitDrawn: a line draws on every limit of a licence that
// applies to it (the product's and each ECCN's it falls within) and must
// fit each; what remains is told of the limit with the least left, and a
// line a limit has no room for is refused with a reason naming it, under
// every cache.
func TestEveryLimitDrawn(t *testing.T) {
	order := func(id, product, qty, date string) checker.Order {
		return checker.Order{ID: id, Product: product, Quantity: qty, Destination: "AE", EndUser: "Falcon Compute Data Center LLC", EndUserHQ: "AE", Date: date}
	}
	licence := func(limits string) string {
		return strings.NewReplacer("items: {products: [nvidia-h100-sxm5]}", "items: {products: [nvidia-h100-sxm5], eccns: [3A090]}",
			"quantity_limits: {nvidia-h100-sxm5: 100}", "quantity_limits: {"+limits+"}").Replace(licence100)
	}
	// summary: drawn, the limit told of, and the exhausted reason.
	summary := func(r checker.Result) string {
		s := drawn(r)
		if a := r.Authorization; a != nil && a.Limit != "" {
			s += " on " + a.Limit
		}
		for _, x := range r.Reasons {
			if x.Rule == "authorization.exhausted" {
				s += ": " + x.Message
			}
		}
		return s
	}
	tests := []struct {
		name   string
		limits string
		orders []checker.Order
		want   []string
	}{
		{"fits the ECCN limit, not the product's", "nvidia-h100-sxm5: 30, 3A090: 50", []checker.Order{order("a", "nvidia-h100-sxm5", "40", "2026-03-02")},
			[]string{"a license_required exhausted: licence D1234567 has no room for this line: 30 units of its limit for nvidia-h100-sxm5 left, the line needs 40"}},
		{"fits the product limit, not the ECCN's", "nvidia-h100-sxm5: 100, 3A090: 50", []checker.Order{order("a", "nvidia-h100-sxm5", "60", "2026-03-02")},
			[]string{"a license_required exhausted: licence D1234567 has no room for this line: 50 units of its limit for 3A090 left, the line needs 60"}},
		{"another product draws on the ECCN limit only", "nvidia-h100-sxm5: 100, 3A090: 50", []checker.Order{
			order("a", "nvidia-h100-sxm5", "30", "2026-03-02"), order("b", "nvidia-h200-sxm", "15", "2026-03-03"),
			order("c", "nvidia-h100-sxm5", "10", "2026-03-04"), order("d", "nvidia-h100-sxm5", "1", "2026-03-05"),
		}, []string{
			"a licensed D1234567 drew 30 left 20 on 3A090", "b licensed D1234567 drew 15 left 5 on 3A090",
			"c license_required exhausted: licence D1234567 has no room for this line: 5 units of its limit for 3A090 left, the line needs 10",
			"d licensed D1234567 drew 1 left 4 on 3A090",
		}},
		{"the product limit the tighter", "nvidia-h100-sxm5: 40, 3A090: 50", []checker.Order{order("a", "nvidia-h100-sxm5", "30", "2026-03-02")},
			[]string{"a licensed D1234567 drew 30 left 10 on nvidia-h100-sxm5"}},
		{"as much left on each: the product's, the first in the policy's order", "nvidia-h100-sxm5: 50, 3A090: 50", []checker.Order{order("a", "nvidia-h100-sxm5", "30", "2026-03-02")},
			[]string{"a licensed D1234567 drew 30 left 20 on nvidia-h100-sxm5"}},
		{"an ECCN and its subparagraph", "3A090: 50, 3A090.a: 20", []checker.Order{order("a", "nvidia-h100-sxm5", "20", "2026-03-02"), order("b", "nvidia-h100-sxm5", "1", "2026-03-03")},
			[]string{"a licensed D1234567 drew 20 left 0 on 3A090.a", "b license_required exhausted: licence D1234567 has no room for this line: 0 units of its limit for 3A090.a left, the line needs 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := licence(tt.limits)
			if strings.Contains(tt.limits, "3A090.a") {
				rec = strings.Replace(rec, "eccns: [3A090]", "eccns: [3A090, 3A090.a]", 1)
			}
			rs := sameUnderEveryCache(t, tt.orders, func(o *checker.Options) {
				o.Records = testRecords(t, rec)
				o.Horizon = 10 * 365 * 24 * 3600e9
			})
			var got []string
			for _, r := range rs {
				got = append(got, summary(r))
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// TestRecordsCacheComplete: with licences that run out mid-book, expire and
// start mid-book, and notifications that become usable mid-book, the
// cached, --no-cache and --no-cache --no-memo results are identical.
func TestRecordsCacheComplete(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 17))
	// "Falcon Compute Data Center Inc" is found by the licences naming the
	// LLC (screening's form) but is not named by them (another legal form).
	users := []string{"Falcon Compute Data Center LLC", "Falcon Compute Data Center, L.L.C.", "Falcon Compute Data Center Inc", "Dune Cloud FZ-LLC", "Pearl River Render Studio Co.", "Gulf Analytics Cloud LLC"}
	consignees := []string{"Gulf Freight FZE", "Falcon Logistics LLC"}
	var docs []string
	for i := range 12 {
		issued := fmt.Sprintf("2025-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28))
		expires := fmt.Sprintf("202%d-%02d-%02d", 6+r.IntN(2), 1+r.IntN(12), 1+r.IntN(28))
		status := []string{"active", "active", "active", "revoked"}[r.IntN(4)]
		dest := []string{"AE", "SA", "CN"}[r.IntN(3)]
		user := users[r.IntN(len(users))]
		// Every third licence names a consignee: it covers only lines
		// shipping to it (spelt alike), not to another, nor lines naming none.
		consignee := ""
		if i%3 == 0 {
			consignee = fmt.Sprintf("\nconsignee: %q", consignees[r.IntN(2)])
		}
		docs = append(docs, fmt.Sprintf("record: licence\nnumber: D%07d\nkind: license\nstatus: %s\nissued: %s\nexpires: %s\nitems: {products: [nvidia-h100-sxm5, nvidia-rtx-4090], eccns: [3A090.a]}\ndestinations: [%s]%s\nend_users: [%q]\nquantity_limits: {nvidia-h100-sxm5: %d, 3A090.a: %d}",
			i, status, issued, expires, dest, consignee, user, 50+r.IntN(200), 50+r.IntN(200)))
	}
	// Values from a source of their own, so that the rest of the book is
	// as it was before notifications stated a dollar value.
	rv := rand.New(rand.NewPCG(18, 19))
	for i := range 4 {
		docs = append(docs, fmt.Sprintf("record: notification\nbis_reference: NAC-%d\nexception: NAC\nfiled_on: 2026-%02d-%02d\nitems: {products: [nvidia-rtx-4090]}\ndestination: CN\nend_user: Pearl River Render Studio Co.\nquantity: %d\nstatus: confirmed\nconfirmation: A000%03d",
			i, 1+r.IntN(12), 1+r.IntN(28), 20+r.IntN(40), i))
		// Three notifications state a dollar value, drawn down by the
		// lines' unit_value (a line without one does not fit it); the
		// fourth states none and covers no line (15 CFR 740.8(a)(2)(ii)).
		// The third's value is large: its quantity runs short first.
		if i != 3 {
			v := 2000 + rv.IntN(4000)
			if i == 2 {
				v *= 1000
			}
			docs[len(docs)-1] += fmt.Sprintf("\nvalue_usd: %d", v)
		}
		// The first names its ultimate consignee: it reads the line's
		// consignee, where no licence of its end user does.
		if i == 0 {
			docs[len(docs)-1] += "\nconsignee: Gulf Freight FZE"
		}
	}
	// End users no record names, assigned by a person to a licence and
	// to a notification (the records then name them too).
	docs = append(docs, "record: assignment\nend_user: Falcon DC Abu Dhabi\nlicence: D0000003\nby: J. Rivera\nat: 2025-06-02\nreason: the same company",
		"record: assignment\nend_user: Pearl River Studio\nnotification: NAC-1\nby: J. Rivera\nat: 2026-01-02\nreason: the same company")
	users = append(users, "Falcon DC Abu Dhabi", "Pearl River Studio")
	var orders []checker.Order
	for i := range 3000 {
		orders = append(orders, checker.Order{
			File: "book.csv", Line: i + 2, ID: fmt.Sprint(i),
			// No record lists the H20 or the A100 (the licences cover the
			// A100 by its ECCN): their lines are judged for any product,
			// the product filled in after.
			Product:     []string{"nvidia-h100-sxm5", "nvidia-rtx-4090", "nvidia-h20", "nvidia-a100-sxm4-80gb"}[r.IntN(4)],
			Quantity:    fmt.Sprint(1 + r.IntN(12)),
			Destination: []string{"AE", "SA", "CN"}[r.IntN(3)],
			EndUser:     users[r.IntN(len(users))],
			EndUserHQ:   []string{"AE", "SA", "CN", ""}[r.IntN(4)],
			Date:        fmt.Sprintf("202%d-%02d-%02d", 5+r.IntN(3), 1+r.IntN(12), 1+r.IntN(28)),
			// A consignee as a licence names it, spelt otherwise, another
			// party, or none.
			Consignee: []string{"Gulf Freight FZE", "Gulf Freight F.Z.E.", "Falcon Logistics LLC", "Harbour Forwarding Ltd", ""}[r.IntN(5)],
		})
	}
	for i := range orders {
		if v := rv.IntN(4); v > 0 {
			orders[i] = valued(orders[i], fmt.Sprintf("%d.%02d", 300*v, rv.IntN(100)))
		}
	}
	want := sameUnderEveryCache(t, orders, func(o *checker.Options) { o.Records = testRecords(t, docs...) })
	count := map[string]int{}
	for _, r := range want {
		count[r.Decision.String()]++
		for _, x := range r.Reasons {
			if strings.HasPrefix(x.Rule, "authorization.") {
				count[x.Rule]++
			}
			if strings.Contains(x.Message, "end user assigned to it by J. Rivera") {
				count["assigned "+x.Rule]++
			}
			if strings.Contains(x.Message, "after the ship date)") {
				count["assigned later"]++
			}
			if strings.Contains(x.Message, `not "Falcon Compute Data Center Inc" as the order writes it`) {
				count["spelt otherwise"]++
			}
			if strings.HasPrefix(x.Rule, "authorization.") && strings.Contains(x.Message, "product "+r.ProductID) && (r.ProductID == "nvidia-h20" || r.ProductID == "nvidia-a100-sxm4-80gb") {
				count["unlisted "+r.ProductID]++
			}
			if strings.Contains(x.Message, ", consignee ") && strings.HasPrefix(x.Message, "covered by") {
				count["consignee covered"]++
			}
			if strings.Contains(x.Message, "the order names none (give a consignee column)") {
				count["consignee missing"]++
			}
			if strings.Contains(x.Message, `not "Harbour Forwarding Ltd" as the order writes it`) {
				count["consignee other"]++
			}
			if x.Rule == "authorization.notification" && strings.Contains(x.Message, "notified for CN, consignee Gulf Freight FZE)") && r.Decision == checker.Licensed {
				count["notification consignee covered"]++
			}
			if strings.HasPrefix(x.Message, "notification NAC-0 does not cover this line") && strings.Contains(x.Message, `it names consignee "Gulf Freight FZE", not "Harbour Forwarding Ltd"`) {
				count["notification consignee other"]++
			}
			if r.ProductID == "nvidia-a100-sxm4-80gb" && r.Decision == checker.Licensed {
				count["licensed unlisted"]++
			}
			if x.Rule == "authorization.notification_exhausted" && strings.Contains(x.Message, "USD of the notified value left, the line needs") {
				count["notified value short"]++
			}
			if x.Rule == "authorization.notification_exhausted" && strings.Contains(x.Message, "no unit_value column") {
				count["notified value unknown"]++
			}
			if x.Rule == "authorization.notification_exhausted" && strings.Contains(x.Message, "units of the notified quantity left, the line needs") {
				count["notified quantity short"]++
			}
			if x.Rule == "authorization.notification" && strings.Contains(x.Message, " USD notified for ") && r.Decision == checker.Licensed {
				count["licensed on notified value"]++
			}
			if x.Rule == "authorization.notification" && strings.Contains(x.Message, "NAC-3 does not cover this line: its dollar value is not recorded") {
				count["notified value not recorded"]++
			}
		}
	}
	for _, k := range []string{"licensed", "license_required", "authorization.exhausted", "assigned authorization.licence", "assigned authorization.notification", "assigned later", "spelt otherwise", "unlisted nvidia-h20", "unlisted nvidia-a100-sxm4-80gb", "licensed unlisted", "consignee covered", "consignee missing", "consignee other", "notification consignee covered", "notification consignee other",
		"notified value short", "notified value unknown", "notified quantity short", "licensed on notified value", "notified value not recorded"} {
		if count[k] == 0 {
			t.Errorf("the generated book reaches no %s (%v); widen it", k, count)
		}
	}
}

// TestRecordsReadError: a read error part way through a book with records
// on file still yields the lines read before it, allocated, then the error.
func TestRecordsReadError(t *testing.T) {
	ctx := context.Background()
	c, err := checker.New(ctx, checker.Options{Records: testRecords(t, licence100), Horizon: 10 * 365 * 24 * 3600e9})
	if err != nil {
		t.Fatal(err)
	}
	broken := errors.New("disk read failed")
	orders := func(yield func(checker.Order, error) bool) {
		for _, o := range []checker.Order{
			{ID: "a", Product: "nvidia-h100-sxm5", Quantity: "70", Destination: "AE", EndUser: "Falcon Compute Data Center LLC", EndUserHQ: "AE", Date: "2026-03-09"},
			{ID: "b", Product: "nvidia-h100-sxm5", Quantity: "40", Destination: "AE", EndUser: "Falcon Compute Data Center LLC", EndUserHQ: "AE", Date: "2026-03-02"},
		} {
			if !yield(o, nil) {
				return
			}
		}
		yield(checker.Order{}, broken)
	}
	var got []string
	var last error
	for r, err := range c.Check(ctx, orders) {
		if err != nil {
			last = err
			continue
		}
		got = append(got, drawn(r))
	}
	if d := cmp.Diff([]string{"a license_required exhausted", "b licensed D1234567 drew 40 left 60"}, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if !errors.Is(last, broken) {
		t.Errorf("error %v, want %v", last, broken)
	}
}

// TestFilingECCNLicence: a licence listing the ECCN the vendor files an
// item under (a DGX H100 as 5A002.z.1) covers it, drawn on its limit for
// that ECCN; one listing another entry of the same level does not, and
// says both ECCNs.
func TestFilingECCNLicence(t *testing.T) {
	licence := func(number, eccn string) string {
		return "record: licence\nnumber: " + number + "\nkind: license\nstatus: active\nissued: 2024-01-01\nexpires: 2027-01-01\nitems: {eccns: [" + eccn +
			"]}\ndestinations: [AE]\nend_users: [Falcon Compute Data Center LLC]\nquantity_limits: {" + eccn + ": 10}"
	}
	orders := []checker.Order{
		{File: "b.csv", Line: 2, ID: "Z-1", Product: "DGX H100", Quantity: "4", Destination: "AE", EndUser: "Falcon Compute Data Center LLC", EndUserHQ: "AE", Date: "2026-03-02"},
		{File: "b.csv", Line: 3, ID: "Z-2", Product: "HGX H100", Quantity: "4", Destination: "AE", EndUser: "Falcon Compute Data Center LLC", EndUserHQ: "AE", Date: "2026-03-02"},
	}
	var got []string
	for _, r := range checkAll(t, checker.Options{Records: testRecords(t, licence("D0000001", "5A002.z"))}, orders) {
		s := drawn(r)
		for _, x := range r.Reasons {
			if strings.HasPrefix(x.Rule, "authorization.") {
				s += ": " + x.Rule + ": " + x.Message
			}
		}
		got = append(got, s)
	}
	want := []string{
		"Z-1 licensed D0000001 drew 4 left 6: authorization.licence: covered by licence D0000001 (expires 2027-01-01): AE, ECCN 5A002.z.1 (the item's filing ECCN), end user named; drawn on its limit for 5A002.z",
		"Z-2 license_required: authorization.elsewhere: licence D0000001 does not cover this line: it covers neither product nvidia-hgx-h100 nor ECCN 4A090.a",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestIsName: placeholders however spaced and cased are no names; names,
// and placeholders with more in them, are.
func TestIsName(t *testing.T) {
	cases := map[string]bool{
		"Acme Ltd": true, "TBD": false, " t b d ": false, "TBD.": false, "End-User": false, "n / a": false, "(unknown)": false, "A.C.M.E. Ltd": true, "N.A. Trading": true, "  To   Be\tDetermined ": false, "n/a": false, "N.A.": false,
		"\u00a0unknown\u00a0": false, "Unknown\u3000": false, "UNKNOWN LTD": true, "-": false, "???": false, "": false,
		"Customer": false, "customer 7": true, "Ünknown": true, "北京": true,
		strings.Repeat("x", 40): true, "to be determined" + strings.Repeat(" ", 30): false,
		"Unknown end user": false, "Undisclosed": false, "not provided": false, "n/a - pending": false, "Unknown shareholder": false,
		"The Company": false, "0": false, "12345": false, "End User Solutions Ltd": true, "Client 12": true, "Müller (unknown)": true,
		strings.Repeat("x", 70): true, "unbekannt": true,
		"Ⓐⓣⓛⓐⓢ Ⓢⓐⓝⓐⓣⓖⓐⓡⓐⓝ": true, "Ⓣⓑⓓ": false, "ＮＯＮＥ": false,
	}
	ph, err := checker.LoadPlaceholders(context.Background(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for s := range cases {
		got[s] = ph.IsName(s)
	}
	if diff := cmp.Diff(cases, got); diff != "" {
		t.Errorf("IsName (-want +got):\n%s", diff)
	}
}

// TestPlaceholdersPolicy: the words are the policy's; a company policy
// adds its own in a module of the package, and one IsName could not
// compare is refused.
func TestPlaceholdersPolicy(t *testing.T) {
	ctx := context.Background()
	overlay := func(rule string) string {
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, "exportcheck", "screening"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "exportcheck", "screening", "company.rego"), []byte("package exportcheck.screening\n\n"+rule+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	ph, err := checker.LoadPlaceholders(ctx, []string{overlay(`placeholders contains "kunde"`)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, s := range []string{"Kunde", "Unknown Kunde", "Kunde GmbH", "TBD"} {
		got[s] = ph.IsName(s)
	}
	if d := cmp.Diff(map[string]bool{"Kunde": false, "Unknown Kunde": false, "Kunde GmbH": true, "TBD": false}, got); d != "" {
		t.Errorf("IsName with a company's word (-want +got):\n%s", d)
	}
	for rule, want := range map[string]string{
		`placeholders contains "Kunde"`:            `screening.placeholders holds single words in lower case (letters and digits in NFKC, at most 64 bytes), not "Kunde"`,
		`placeholders contains "ka\u0308ufer"`:     "not \"ka\u0308ufer\"",
		`placeholders contains "end-user"`:         `not "end-user"`,
		`letter_placeholders contains "n/a"`:       `screening.letter_placeholders holds the letters a to z run together (at most 8), not "n/a"`,
		`letter_placeholders contains "abcdefghi"`: `not "abcdefghi"`,
	} {
		_, err := checker.LoadPlaceholders(ctx, []string{overlay(rule)}, nil)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", rule, err, want)
		}
	}
}

// TestConditionDocument: a licence's condition requires_end_use_certificate
// is met by an end_use_certificate column naming the document, not by one
// merely filled: blank, a placeholder or a negative leaves the licence
// unusable, with the condition's fault, under every cache.
func TestConditionDocument(t *testing.T) {
	licence := strings.Replace(licence100, "quantity_limits:", "flags: [requires_end_use_certificate]\nquantity_limits:", 1)
	fault := "licence D1234567 does not cover this line: its condition requires_end_use_certificate needs the line's end_use_certificate column to name the document (blank, a placeholder such as N/A or a negative such as no or pending does not)"
	tests := []struct {
		value string
		want  string // the decision and the licence's reason
	}{
		{"EUC-2026-0042", "licensed: covered by licence D1234567 (expires 2030-01-12): AE, product nvidia-h100-sxm5, end user named; drawn on its limit for nvidia-h100-sxm5"},
		{" EUC 42 ", "licensed: covered by licence D1234567 (expires 2030-01-12): AE, product nvidia-h100-sxm5, end user named; drawn on its limit for nvidia-h100-sxm5"},
		{"", "license_required: " + fault},
		{"no", "license_required: " + fault},
		{"No.", "license_required: " + fault},
		{"N/A", "license_required: " + fault},
		{"n.a.", "license_required: " + fault},
		{"pending", "license_required: " + fault},
		{"Pending", "license_required: " + fault},
		{"none", "license_required: " + fault},
		{"TBD", "license_required: " + fault},
		{"to be confirmed", "license_required: " + fault},
		{"unknown", "license_required: " + fault},
		{"see notes", "license_required: " + fault},
		{"Customer", "license_required: " + fault},
		{"-", "license_required: " + fault},
		{"—", "license_required: " + fault},
		{"0", "license_required: " + fault},
		{"false", "license_required: " + fault},
		{"FALSE", "license_required: " + fault},
		{"missing", "license_required: " + fault},
		{"not received", "license_required: " + fault},
		{"requested", "license_required: " + fault},
		{"No - pending", "license_required: " + fault},
		{"NO!", "license_required: " + fault},
		{"not yet received", "license_required: " + fault},
		// A spreadsheet's error value (a lookup of the certificate that
		// failed) holds no document.
		{"#REF!", "license_required: " + fault},
		{" #N/A ", "license_required: " + fault},
		{"Err:502", "license_required: " + fault},
		{"#VALUE!", "license_required: " + fault},
		{"N/A - pending", "license_required: " + fault},
		{"not required", "license_required: " + fault},
		{"No EUC", "license_required: " + fault},
		{"awaiting EUC", "license_required: " + fault},
		{"none yet", "license_required: " + fault},
		{"00", "license_required: " + fault},
		{"EUC No. 2026-42", "licensed: covered by licence D1234567 (expires 2030-01-12): AE, product nvidia-h100-sxm5, end user named; drawn on its limit for nvidia-h100-sxm5"},
		{"No. 42", "licensed: covered by licence D1234567 (expires 2030-01-12): AE, product nvidia-h100-sxm5, end user named; drawn on its limit for nvidia-h100-sxm5"},
		{"No 42/2026", "licensed: covered by licence D1234567 (expires 2030-01-12): AE, product nvidia-h100-sxm5, end user named; drawn on its limit for nvidia-h100-sxm5"},
		{"No 2026 EUC", "license_required: " + fault},
		{"No 2026 EUC yet", "license_required: " + fault},
		{"EUC: No 2026 EUC", "license_required: " + fault},
		{"EUC no 2nd copy", "license_required: " + fault},
		{"EUC No. 42 dated 5 May", "license_required: " + fault},
		{"rejected", "license_required: " + fault},
		{"EUC refused by end user", "license_required: " + fault},
		{"Denied", "license_required: " + fault},
		{"revoked 2026-01-05", "license_required: " + fault},
		{"cancelled", "license_required: " + fault},
		{"withdrawn", "license_required: " + fault},
		{"VOID", "license_required: " + fault},
		{"on request", "license_required: " + fault},
		{"to follow", "license_required: " + fault},
		{"EUC expected 2026-04", "license_required: " + fault},
		{"due next week", "license_required: " + fault},
		{"draft", "license_required: " + fault},
		{"in progress", "license_required: " + fault},
		{"submitted to MOFCOM", "license_required: " + fault},
		{"waiting for customer", "license_required: " + fault},
	}
	var orders []checker.Order
	for i, tt := range tests {
		orders = append(orders, checker.Order{ID: fmt.Sprint(i), Product: "nvidia-h100-sxm5", Quantity: "1", Destination: "AE",
			EndUser: "Falcon Compute Data Center LLC", EndUserHQ: "AE", Date: "2026-03-02",
			Extra: []checker.Field{{Name: "End_Use_Certificate", Value: tt.value}}})
	}
	results := sameUnderEveryCache(t, orders, func(o *checker.Options) {
		o.Records = testRecords(t, licence)
		o.Horizon = 10 * 365 * 24 * 3600e9
	})
	for i, tt := range tests {
		r := results[i]
		got := r.Decision.String()
		for _, x := range r.Reasons {
			if x.Rule == "authorization.licence" {
				got += ": " + x.Message
			}
		}
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("end_use_certificate %q (-want +got):\n%s", tt.value, d)
		}
	}
}

// TestColumnNames: the columns the checker reads beyond an order's own
// fields (unit_value, a document the policy names) are matched as the
// order readers match columns, without regard to case, spaces or hyphens;
// two unit_value columns that disagree give the line no value.
func TestColumnNames(t *testing.T) {
	valueLicence := strings.Replace(licence100, "quantity_limits: {nvidia-h100-sxm5: 100}", "value_limit_usd: 1000000", 1)
	docLicence := strings.Replace(licence100, "quantity_limits:", "flags: [requires_end_use_certificate]\nquantity_limits:", 1)
	tests := []struct {
		name   string
		record string
		extra  []checker.Field
		want   string // the decision and what the allocation said
	}{
		{"Unit Value", valueLicence, []checker.Field{{Name: "Unit Value", Value: "25,000"}}, "licensed D1234567 drew 2 left 950000"},
		{"unit-value", valueLicence, []checker.Field{{Name: " unit-value ", Value: "25000"}}, "licensed D1234567 drew 2 left 950000"},
		{"UNIT_VALUE", valueLicence, []checker.Field{{Name: "UNIT_VALUE", Value: "25000"}}, "licensed D1234567 drew 2 left 950000"},
		{"two that agree", valueLicence, []checker.Field{{Name: "unit_value", Value: "25000"}, {Name: "Unit Value", Value: " 25000"}}, "licensed D1234567 drew 2 left 950000"},
		{"one blank", valueLicence, []checker.Field{{Name: "unit_value", Value: ""}, {Name: "Unit Value", Value: "25000"}}, "licensed D1234567 drew 2 left 950000"},
		{"two that disagree", valueLicence, []checker.Field{{Name: "unit_value", Value: "25000"}, {Name: "Unit Value", Value: "2500"}},
			`license_required exhausted: licence D1234567 has no room for this line: the line's columns "unit_value" (25000) and "Unit Value" (2500) both give its unit_value`},
		{"unitvalue is another column", valueLicence, []checker.Field{{Name: "unitvalue", Value: "25000"}},
			"license_required exhausted: licence D1234567 has no room for this line: the record limits value and the line has no unit_value column to draw it by"},
		{"End Use Certificate", docLicence, []checker.Field{{Name: "End Use Certificate", Value: "EUC-42"}}, "licensed D1234567 drew 2 left 98"},
		{"end-use-certificate", docLicence, []checker.Field{{Name: "end-use-certificate", Value: "EUC-42"}}, "licensed D1234567 drew 2 left 98"},
		{"certificate twice", docLicence, []checker.Field{{Name: "End Use Certificate", Value: "EUC-42"}, {Name: "end_use_certificate", Value: "EUC-42"}}, "licensed D1234567 drew 2 left 98"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := checker.Order{ID: "a", Product: "nvidia-h100-sxm5", Quantity: "2", Destination: "AE", EndUser: "Falcon Compute Data Center LLC", EndUserHQ: "AE", Date: "2026-03-02", Extra: tt.extra}
			r := sameUnderEveryCache(t, []checker.Order{o}, func(opts *checker.Options) {
				opts.Records = testRecords(t, tt.record)
				opts.Horizon = 10 * 365 * 24 * 3600e9
			})[0]
			got := drawn(r)
			for _, x := range r.Reasons {
				if x.Rule == "authorization.exhausted" {
					got += ": " + x.Message
				}
			}
			if d := cmp.Diff(tt.want, strings.Replace(got, "a ", "", 1)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// ledgerDrawdown is what committed shipments drew, by order id, record
// ("kind:number") and limit; it keeps the ids the last run asked it to
// leave out.
type ledgerDrawdown struct {
	shipments []struct {
		id, record, limit string
		amount            float64
	}
	except *[]string
}

func (l ledgerDrawdown) Drawn(_ context.Context, except []string) (map[[2]string]float64, error) {
	*l.except = slices.Sorted(slices.Values(except))
	out := map[[2]string]float64{}
	units, valued := map[[2]string]float64{}, map[[2]string]bool{} // order, record
	for _, s := range l.shipments {
		if !slices.Contains(except, s.id) {
			out[[2]string{s.record, s.limit}] += s.amount
			k := [2]string{s.id, s.record}
			if s.limit == "value" {
				valued[k] = true
			} else {
				units[k] = max(units[k], s.amount)
			}
		}
	}
	for k, u := range units {
		if !valued[k] {
			out[[2]string{k[1], checker.Unvalued}] += u
		}
	}
	return out, nil
}

func (l ledgerDrawdown) Committed(_ context.Context, ids []string) (map[string]checker.CommittedDraw, error) {
	out := map[string]checker.CommittedDraw{}
	for _, s := range l.shipments {
		if slices.Contains(ids, s.id) {
			d := out[s.id]
			if s.limit == "value" {
				d.Value = max(d.Value, s.amount)
			} else {
				d.Units = max(d.Units, s.amount)
			}
			out[s.id] = d
		}
	}
	return out, nil
}

// TestAuthorizationApplied: what a line drawn on a record says: the
// record, where it is written, what it drew on each limit (a value limit
// by the line's value) and what is left after what committed shipments
// drew (the lines of the run drawn again, not twice; a quantity as
// written, spaces and all); a notification keeps
// the line's License Exception, a licence replaces it; a line the records
// cannot settle says they are not applied, under every cache.
func TestAuthorizationApplied(t *testing.T) {
	order := func(id, product, qty, dest, user, hq, date string) checker.Order {
		return checker.Order{ID: id, Product: product, Quantity: qty, Destination: dest, EndUser: user, EndUserHQ: hq, Date: date}
	}
	falcon := func(id, qty, date string) checker.Order {
		return order(id, "nvidia-h100-sxm5", qty, "AE", "Falcon Compute Data Center LLC", "AE", date)
	}
	pearl := func(id, qty string) checker.Order {
		return order(id, "nvidia-rtx-4090", qty, "CN", "Pearl River Render Studio Co.", "CN", "2026-03-02")
	}
	// A NAC notification states its dollar value (value_usd); one that
	// does not covers no line (15 CFR 740.8(a)(2)(ii)).
	unvalued := "record: notification\nbis_reference: NAC-7\nexception: NAC\nfiled_on: 2026-01-05\nitems: {products: [nvidia-rtx-4090]}\ndestination: CN\nend_user: Pearl River Render Studio Co.\nquantity: 10\nstatus: confirmed\nconfirmation: A000007"
	nac := unvalued + "\nvalue_usd: 15990"
	pearlLicence := strings.NewReplacer("nvidia-h100-sxm5", "nvidia-rtx-4090", "[AE]", "[CN]", "Falcon Compute Data Center LLC", "Pearl River Render Studio Co.", "D1234567", "D5550001").Replace(licence100)
	valueLicence := strings.Replace(licence100, "quantity_limits: {nvidia-h100-sxm5: 100}", "value_limit_usd: 1000000", 1)
	type shipment = struct {
		id, record, limit string
		amount            float64
	}
	// applied: the decision, exception, record, draws and the
	// authorization reasons' rules (an exhausted one's message).
	applied := func(r checker.Result) string {
		s := r.Order.ID + " " + r.Decision.String()
		if r.Exception != "" {
			s += " under " + r.Exception
		}
		if a := r.Authorization; a != nil {
			s += fmt.Sprintf(" by %s %s (%s:%d)", a.Kind, a.Number, a.File, a.Line)
			for _, d := range a.Draws {
				s += fmt.Sprintf("; drew %g on %s, %g left", d.Amount, d.Limit, d.Left)
			}
		}
		for _, x := range r.Reasons {
			switch {
			case x.Rule == "authorization.exhausted":
				s += "; " + x.Message
			case x.Rule == "authorization.notification_exhausted" || x.Rule == "authorization.uncounted":
				s += "; " + x.Rule + ": " + x.Message
			case strings.HasPrefix(x.Rule, "authorization."):
				s += "; " + x.Rule
			}
		}
		return s
	}
	tests := []struct {
		name       string
		recs       []string
		shipments  []shipment
		orders     []checker.Order
		want       []string
		wantExcept []string // the ids the ledger is asked to leave out
	}{
		{"a notification keeps the exception", []string{nac}, nil, []checker.Order{valued(pearl("a", "4"), "1,599"), valued(pearl("b", "7"), "1")}, []string{
			"a licensed under NAC by notification NAC-7 (records.yaml:1); drew 4 on quantity, 6 left; drew 6396 on value, 9594 left; authorization.notification",
			"b exception under NAC; authorization.notification_exhausted: notification NAC-7 has no room for this line: 6 units of the notified quantity left, the line needs 7; 9594 USD of the notified value left",
		}, nil},
		{"a notification drawn by value and quantity", []string{unvalued + "\nvalue_usd: 10000"}, []shipment{
			{"old-1", "notification:NAC-7", "value", 1500}, {"old-1", "notification:NAC-7", "quantity", 1},
		}, []checker.Order{
			valued(pearl("a", "2"), "2,000"), valued(pearl("b", "1"), "4,500.01"), pearl("c", "1"), valued(pearl("d", "2"), "1,250"), valued(pearl("e", "5"), "1"),
		}, []string{
			"a licensed under NAC by notification NAC-7 (records.yaml:1); drew 2 on quantity, 7 left; drew 4000 on value, 4500 left; authorization.notification",
			"b exception under NAC; authorization.notification_exhausted: notification NAC-7 has no room for this line: 4500 USD of the notified value left, the line needs 4500.01; 7 units of the notified quantity left",
			// Without a unit_value the line's value is not known: it is
			// not covered, as a licence with a value limit does not.
			"c exception under NAC; authorization.notification_exhausted: notification NAC-7 has no room for this line: the notification states a dollar value and the line has no unit_value column to draw it by; 7 units of the notified quantity left",
			"d licensed under NAC by notification NAC-7 (records.yaml:1); drew 2 on quantity, 5 left; drew 2500 on value, 2000 left; authorization.notification",
			"e licensed under NAC by notification NAC-7 (records.yaml:1); drew 5 on quantity, 0 left; drew 5 on value, 1995 left; authorization.notification",
		}, []string{"a", "b", "c", "d", "e"}},
		// A value limit recorded after shipments that drew units only:
		// what is left of it is not known until the record says what they
		// were worth (value_drawn_before_usd); then that counts as drawn,
		// with what later shipments drew on the value.
		{"a value limit added after shipments", []string{valueLicence + "\nquantity_limits: {nvidia-h100-sxm5: 100}"}, []shipment{
			{"old-1", "license:D1234567", "nvidia-h100-sxm5", 30},
		}, []checker.Order{valued(falcon("a", "2", "2026-03-02"), "25,000"), falcon("b", "2", "2026-03-03")}, []string{
			"a license_required; authorization.uncounted: licence D1234567: what earlier orders drew on its limits is not known: 30 units committed to the ledger under it drew nothing on its value limit (they were committed before it was recorded), and what they were worth is not given: record it as value_drawn_before_usd (records.yaml:1)",
			"b license_required; authorization.uncounted: licence D1234567: what earlier orders drew on its limits is not known: 30 units committed to the ledger under it drew nothing on its value limit (they were committed before it was recorded), and what they were worth is not given: record it as value_drawn_before_usd (records.yaml:1)",
		}, []string{"a", "b"}},
		{"a value limit added after shipments, with their value", []string{valueLicence + "\nquantity_limits: {nvidia-h100-sxm5: 100}\nvalue_drawn_before_usd: 600000"}, []shipment{
			{"old-1", "license:D1234567", "nvidia-h100-sxm5", 30},
			{"old-2", "license:D1234567", "nvidia-h100-sxm5", 4}, {"old-2", "license:D1234567", "value", 100000},
		}, []checker.Order{valued(falcon("a", "2", "2026-03-02"), "25,000"), valued(falcon("b", "10", "2026-03-03"), "25,000.01")}, []string{
			"a licensed by license D1234567 (records.yaml:1); drew 2 on nvidia-h100-sxm5, 64 left; drew 50000 on value, 250000 left; authorization.licence",
			"b license_required; licence D1234567 has no room for this line: 250000 USD of its value limit left, the line needs 250000.10",
		}, []string{"a", "b"}},
		{"a notification's value added after shipments", []string{unvalued + "\nvalue_usd: 10000"}, []shipment{
			{"old-1", "notification:NAC-7", "quantity", 3},
		}, []checker.Order{valued(pearl("a", "1"), "1000")}, []string{
			"a exception under NAC; authorization.uncounted: notification NAC-7: what earlier orders drew on its limits is not known: 3 units committed to the ledger under it drew nothing on the notified value (they were committed before it was recorded), and what they were worth is not given: record it as value_drawn_before_usd (records.yaml:1)",
		}, []string{"a"}},
		{"a notification's quantity and value both short", []string{unvalued + "\nvalue_usd: 10000"}, nil, []checker.Order{valued(pearl("a", "11"), "1000")}, []string{
			"a exception under NAC; authorization.notification_exhausted: notification NAC-7 has no room for this line: 10 units of the notified quantity left, the line needs 11; 10000 USD of the notified value left, the line needs 11000",
		}, nil},
		{"a notification without its dollar value covers nothing", []string{unvalued}, nil, []checker.Order{valued(pearl("a", "4"), "1,599"), pearl("b", "4")}, []string{
			"a exception under NAC; authorization.notification",
			"b exception under NAC; authorization.notification",
		}, nil},
		{"a licence replaces the exception", []string{pearlLicence}, nil, []checker.Order{pearl("a", "4")}, []string{
			"a licensed by license D5550001 (records.yaml:1); drew 4 on nvidia-rtx-4090, 96 left; authorization.licence",
		}, nil},
		{"a value limit drawn by value", []string{"# the licence\n" + valueLicence}, nil, []checker.Order{valued(falcon("a", "2", "2026-03-02"), "25,000")}, []string{
			"a licensed by license D1234567 (records.yaml:2); drew 50000 on value, 950000 left; authorization.licence",
		}, nil},
		{"a value limit drawn to the cent", []string{strings.Replace(valueLicence, "1000000", "1000.30", 1)}, []shipment{
			{"old-1", "license:D1234567", "value", 0.1}, {"old-2", "license:D1234567", "value", 0.2},
		}, []checker.Order{valued(falcon("a", "1", "2026-03-02"), "999.90"), valued(falcon("b", "1", "2026-03-03"), "0.10")}, []string{
			"a licensed by license D1234567 (records.yaml:1); drew 999.9 on value, 0.1 left; authorization.licence",
			"b licensed by license D1234567 (records.yaml:1); drew 0.1 on value, 0 left; authorization.licence",
		}, []string{"a", "b"}},
		{"a value limit used up exactly", []string{strings.Replace(valueLicence, "1000000", "1000.30", 1)}, nil,
			[]checker.Order{valued(falcon("a", "1", "2026-03-02"), "1000.20"), valued(falcon("b", "1", "2026-03-03"), "0.10")}, []string{
				"a licensed by license D1234567 (records.yaml:1); drew 1000.2 on value, 0.1 left; authorization.licence",
				"b licensed by license D1234567 (records.yaml:1); drew 0.1 on value, 0 left; authorization.licence",
			}, nil},
		{"what committed shipments drew", []string{licence100}, []shipment{
			{"old-1", "license:D1234567", "nvidia-h100-sxm5", 70}, {"b", "license:D1234567", "nvidia-h100-sxm5", 40}, {"old-2", "license:D7654321", "nvidia-h100-sxm5", 5},
		}, []checker.Order{falcon("a", "40", "2026-03-02"), falcon("b", " 30 ", "2026-03-03"), falcon("", "1", "2026-03-04")}, []string{
			"a license_required; licence D1234567 has no room for this line: 0 units of its limit for nvidia-h100-sxm5 left, the line needs 40",
			"b licensed by license D1234567 (records.yaml:1); drew 30 on nvidia-h100-sxm5, 0 left; authorization.licence",
			" license_required; licence D1234567 has no room for this line: 0 units of its limit for nvidia-h100-sxm5 left, the line needs 1",
		}, []string{"a", "b"}},
		{"a limit lowered below what was drawn", []string{licence100}, []shipment{
			{"old-1", "license:D1234567", "nvidia-h100-sxm5", 103},
		}, []checker.Order{falcon("a", "1", "2026-03-02")}, []string{
			"a license_required; licence D1234567 has no room for this line: its limit for nvidia-h100-sxm5 is overdrawn by 3 units (committed shipments drew more than it now allows), the line needs 1",
		}, []string{"a"}},
		{"drawn on the licence under its number written otherwise", []string{strings.Replace(licence100, "number: D1234567", "number: d 1234567", 1)}, []shipment{
			{"old-1", "license:D1234567", "nvidia-h100-sxm5", 70},
		}, []checker.Order{falcon("a", "40", "2026-03-02")}, []string{
			"a license_required; licence d 1234567 has no room for this line: 30 units of its limit for nvidia-h100-sxm5 left, the line needs 40",
		}, []string{"a"}},
		{"drawn on the licence before its kind was corrected", []string{strings.Replace(licence100, "kind: license", "kind: veu", 1) + "\nfederal_register: 89 FR 12345"}, []shipment{
			{"old-1", "license:D1234567", "nvidia-h100-sxm5", 70},
		}, []checker.Order{falcon("a", "40", "2026-03-02")}, []string{
			"a license_required; VEU authorization D1234567 has no room for this line: 30 units of its limit for nvidia-h100-sxm5 left, the line needs 40",
		}, []string{"a"}},
		{"drawn under a limit the licence no longer has", []string{strings.NewReplacer("items: {products: [nvidia-h100-sxm5]}", "items: {eccns: [3A090]}",
			"quantity_limits: {nvidia-h100-sxm5: 100}", "quantity_limits: {3A090: 100}").Replace(licence100)}, []shipment{
			{"old-1", "license:D1234567", "nvidia-h100-sxm5", 70},
		}, []checker.Order{falcon("a", "40", "2026-03-02"), falcon("b", "30", "2026-03-03")}, []string{
			"a license_required; licence D1234567 has no room for this line: 30 units of its limit for 3A090 left, the line needs 40 (counting what was drawn under limits the record no longer has: nvidia-h100-sxm5)",
			"b licensed by license D1234567 (records.yaml:1); drew 30 on 3A090, 0 left; authorization.licence",
		}, []string{"a", "b"}},
		{"a notification's reference written otherwise", []string{nac}, []shipment{
			{"old-1", "notification:nac- 7", "quantity", 8}, {"old-1", "notification:nac- 7", "value", 12792}, {"old-2", "license:NAC-7", "quantity", 5},
		}, []checker.Order{valued(pearl("a", "4"), "1,599")}, []string{
			"a exception under NAC; authorization.notification_exhausted: notification NAC-7 has no room for this line: 2 units of the notified quantity left, the line needs 4; 3198 USD of the notified value left, the line needs 6396",
		}, []string{"a"}},
		{"a destination written by its name", []string{licence100}, nil, []checker.Order{order("a", "nvidia-h100-sxm5", "4", "United Arab Emirates", "Falcon Compute Data Center LLC", "AE", "2026-03-02")}, []string{
			"a licensed by license D1234567 (records.yaml:1); drew 4 on nvidia-h100-sxm5, 96 left; authorization.licence",
		}, nil},
		{"records a person must look at first", []string{licence100}, nil, []checker.Order{order("a", "nvidia-h100-sxm5", "4", "AE", "Falcon Compute Data Center LLC", "", "2026-03-02")}, []string{
			"a license_required; authorization.blocked",
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var except []string
			rs := sameUnderEveryCache(t, tt.orders, func(o *checker.Options) {
				o.Records = testRecords(t, tt.recs...)
				o.Horizon = 10 * 365 * 24 * 3600e9
				if tt.shipments != nil {
					o.Drawdown = ledgerDrawdown{shipments: tt.shipments, except: &except}
				}
			})
			var got []string
			for _, r := range rs {
				got = append(got, applied(r))
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.wantExcept, except); d != "" {
				t.Errorf("the ids the ledger left out (-want +got):\n%s", d)
			}
		})
	}
}

// TestFoldDrawn: what was drawn under a quantity limit a record no longer
// has counts against each it has; a value limit's and a notification's
// draws are their own.
func TestFoldDrawn(t *testing.T) {
	type out struct {
		Drawn  map[string]float64
		Folded []string
	}
	for _, tt := range []struct {
		name   string
		limits []string
		drawn  map[string]float64
		want   out
	}{
		{"nothing orphaned", []string{"h100"}, map[string]float64{"h100": 5, "value": 9}, out{map[string]float64{"h100": 5, "value": 9}, nil}},
		{"per product made per ECCN", []string{"3A090"}, map[string]float64{"h100": 60, "a100": 20, "value": 9},
			out{map[string]float64{"3A090": 80, "h100": 60, "a100": 20, "value": 9}, []string{"a100", "h100"}}},
		{"one of two limits dropped", []string{"h100"}, map[string]float64{"h100": 60, "a100": 20},
			out{map[string]float64{"h100": 80, "a100": 20}, []string{"a100"}}},
		{"a notification's quantity", nil, map[string]float64{"quantity": 4}, out{map[string]float64{"quantity": 4}, nil}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, f := checker.FoldDrawn(tt.limits, tt.drawn)
			if diff := cmp.Diff(tt.want, out{d, f}); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestNumberKey: a number is its letters and digits, in any case: a
// space or dash written in it does not make another licence.
func TestNumberKey(t *testing.T) {
	got := map[string]string{}
	for _, n := range []string{"D1234567", "d1234567 ", "D 1234567", "D-1234567", "d‐1234567", "D.1234567", "NAC-2026-0142", "D1234568"} {
		got[n] = checker.NumberKey(n)
	}
	want := map[string]string{
		"D1234567": "D1234567", "d1234567 ": "D1234567", "D 1234567": "D1234567", "D-1234567": "D1234567",
		"d‐1234567": "D1234567", "D.1234567": "D1234567", "NAC-2026-0142": "NAC20260142", "D1234568": "D1234568",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("NumberKey (-want +got):\n%s", diff)
	}
}

// orderDraws is a Drawdown of committed orders, each drawing on one limit.
type orderDraws map[string]struct {
	record, limit string
	amount        float64
}

func (d orderDraws) Drawn(_ context.Context, except []string) (map[[2]string]float64, error) {
	out := map[[2]string]float64{}
	for id, x := range d {
		if !slices.Contains(except, id) {
			out[[2]string{x.record, x.limit}] += x.amount
		}
	}
	return out, nil
}

func (d orderDraws) Committed(_ context.Context, ids []string) (map[string]checker.CommittedDraw, error) {
	out := map[string]checker.CommittedDraw{}
	for id, x := range d {
		if slices.Contains(ids, id) {
			if x.limit == "value" {
				out[id] = checker.CommittedDraw{Value: x.amount}
			} else {
				out[id] = checker.CommittedDraw{Units: x.amount}
			}
		}
	}
	return out, nil
}

// TestDrawdownExceptBook: what an order of the book drew before counts no
// more, whether or not it draws now (a commit replaces its draws with what
// it draws now): a line no record covers now, or with no eligible record,
// leaves no phantom draw, and committing the book twice decides alike. An
// order whose line could not be judged keeps what it drew (it is not
// committed).
func TestDrawdownExceptBook(t *testing.T) {
	h100 := func(id, qty, endUser, date string) checker.Order {
		return checker.Order{ID: id, Product: "nvidia-h100-sxm5", Quantity: qty, Destination: "AE", EndUser: endUser, EndUserHQ: "AE", Date: date}
	}
	const falcon, gulf = "Falcon Compute Data Center LLC", "Gulf Analytics Cloud LLC"
	on := func(amount float64) struct {
		record, limit string
		amount        float64
	} {
		return struct {
			record, limit string
			amount        float64
		}{"license:D1234567", "nvidia-h100-sxm5", amount}
	}
	tests := []struct {
		name   string
		prior  orderDraws
		orders []checker.Order
		want   []string
	}{
		{"drawn again", orderDraws{"O1": on(60)}, []checker.Order{
			h100("O1", "60", falcon, "2026-03-02"), h100("O2", "40", falcon, "2026-03-03"),
		}, []string{"O1 licensed D1234567 drew 60 left 40", "O2 licensed D1234567 drew 40 left 0"}},
		{"no record names it now", orderDraws{"O1": on(60)}, []checker.Order{
			h100("O1", "60", gulf, "2026-03-02"), h100("O2", "50", falcon, "2026-03-03"),
		}, []string{"O1 license_required", "O2 licensed D1234567 drew 50 left 50"}},
		{"no eligible record now", orderDraws{"O1": on(60)}, []checker.Order{
			h100("O1", "60", falcon, "2026-01-02"), h100("O2", "50", falcon, "2026-03-03"),
		}, []string{"O1 license_required", "O2 licensed D1234567 drew 50 left 50"}},
		{"a line without an id: not the order of its name", orderDraws{"book.csv:2": on(60)}, []checker.Order{
			{File: "dir/book.csv", Line: 2, ID: "book.csv:2", Product: "nvidia-h100-sxm5", Quantity: "10", Destination: "AE", EndUser: falcon, EndUserHQ: "AE", Date: "2026-03-02"},
			h100("O2", "40", falcon, "2026-03-03"),
		}, []string{"book.csv:2 licensed D1234567 drew 10 left 30", "O2 license_required exhausted"}},
		{"an order new to the ledger draws on what the committed ones leave, whatever its ship date", orderDraws{"O1": on(60), "O2": on(40)}, []checker.Order{
			h100("O1", "60", falcon, "2026-03-02"), h100("O2", "40", falcon, "2026-03-03"), h100("O0", "30", falcon, "2026-02-01"),
		}, []string{"O1 licensed D1234567 drew 60 left 40", "O2 licensed D1234567 drew 40 left 0", "O0 license_required exhausted"}},
		{"an order amended to claim more comes after the others", orderDraws{"O1": on(60), "O2": on(40)}, []checker.Order{
			h100("O1", "65", falcon, "2026-03-02"), h100("O2", "40", falcon, "2026-03-03"),
		}, []string{"O1 license_required exhausted", "O2 licensed D1234567 drew 40 left 60"}},
		{"an order amended to claim less keeps its place", orderDraws{"O1": on(60), "O2": on(40)}, []checker.Order{
			h100("O1", "50", falcon, "2026-03-02"), h100("O2", "40", falcon, "2026-03-03"), h100("O0", "15", falcon, "2026-02-01"),
		}, []string{"O1 licensed D1234567 drew 50 left 50", "O2 licensed D1234567 drew 40 left 10", "O0 license_required exhausted"}},
		{"not judged: still drawn", orderDraws{"O1": on(60)}, []checker.Order{
			h100("O1", "sixty", falcon, "2026-03-02"), h100("O2", "50", falcon, "2026-03-03"),
		}, []string{`error: : bad quantity "sixty" (want a positive whole number, with or without thousands separators (1000 or 1,000))`, "O2 license_required exhausted"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := sameUnderEveryCache(t, tt.orders, func(o *checker.Options) {
				o.Records = testRecords(t, licence100)
				o.Horizon = 10 * 365 * 24 * 3600e9
				o.Drawdown = tt.prior
			})
			var got []string
			for _, r := range rs {
				got = append(got, drawn(r))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestValueRefusalAmounts: a refusal on a value limit writes the amounts
// as they are counted, to the millionth: a line needing 0.000001 USD of a
// limit used up does not read "the line needs 0.00" beside "0 USD left".
func TestValueRefusalAmounts(t *testing.T) {
	ctx := context.Background()
	h100 := func(id, value string) checker.Order {
		return valued(checker.Order{ID: id, Product: "nvidia-h100-sxm5", Quantity: "1", Destination: "AE", EndUser: "Falcon Compute Data Center LLC", EndUserHQ: "AE", Date: "2026-03-02"}, value)
	}
	opts := checker.Options{Records: testRecords(t, strings.Replace(licence100, "quantity_limits: {nvidia-h100-sxm5: 100}", "value_limit_usd: 0.3", 1))}
	c, err := checker.New(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := c.CheckAll(ctx, []checker.Order{h100("a", "0.1"), h100("b", "0.2"), h100("c", "0.000001"), h100("d", "0.5"), h100("e", "0.0000004")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rs {
		s := drawn(r)
		for _, x := range r.Reasons {
			if x.Rule == "authorization.exhausted" {
				_, why, _ := strings.Cut(x.Message, "this line: ")
				s += ": " + why
			}
		}
		got = append(got, s)
	}
	want := []string{
		"a licensed D1234567 drew 1 left 0.2",
		"b licensed D1234567 drew 1 left 0",
		"c license_required exhausted: 0 USD of its value limit left, the line needs 0.000001",
		"d license_required exhausted: 0 USD of its value limit left, the line needs 0.50",
		// Valued below a millionth, it would draw nothing on the limit used
		// up: the licence does not cover it.
		`e license_required exhausted: the line's value (unit_value "0.0000004" × 1) is less than a millionth of a US dollar, the least a value limit counts`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestNotificationReason: a confirmed NAC notification's reason names its
// confirmation number, the one entered in AES.
func TestNotificationReason(t *testing.T) {
	nac := "record: notification\nbis_reference: NAC-7\nexception: NAC\nfiled_on: 2026-01-05\nitems: {products: [nvidia-rtx-4090]}\ndestination: CN\nend_user: Pearl River Render Studio Co.\nquantity: 10\nvalue_usd: 15990\nstatus: confirmed\nconfirmation: A000007"
	o := valued(checker.Order{ID: "a", Product: "nvidia-rtx-4090", Quantity: "4", Destination: "CN", EndUser: "Pearl River Render Studio Co.", EndUserHQ: "CN", Date: "2026-03-02"}, "1599")
	var got []string
	for _, r := range checkAll(t, checker.Options{Records: testRecords(t, nac)}, []checker.Order{o}) {
		for _, x := range r.Reasons {
			if x.Rule == "authorization.notification" {
				got = append(got, x.Message)
			}
		}
	}
	want := []string{"License Exception NAC under notification NAC-7 (filed 2026-01-05, confirmation A000007, usable from 2026-01-30; 10 units and 15,990 USD notified for CN)"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestNotificationCompiled: a notification the policy cannot compile
// (authorization.compiled) is refused: it would be judged as no record,
// and listed as usable. What the policy says makes one cover no line is
// TestNotificationStanding's.
func TestNotificationCompiled(t *testing.T) {
	ctx := context.Background()
	nac := func(ref, rest string) string {
		return "record: notification\nbis_reference: " + ref + "\nexception: NAC\nfiled_on: 2026-01-05\ndestination: CN\nend_user: Pearl River\nquantity: 10\n" + rest
	}
	// Given without a status (the loader requires one), an ACA record
	// has none the policy can name.
	r := testRecords(t, strings.Replace(nac("ACA", "items: {products: [nvidia-rtx-4090]}\nstatus: filed"), "exception: NAC", "exception: ACA", 1))
	delete(r.Data["notifications"].(map[string]any)["ACA"].(map[string]any), "status")
	if _, err := checker.New(ctx, checker.Options{Records: r}); err == nil || err.Error() != "records: the policy compiled 0 of 1 notifications (authorization.compiled)" {
		t.Errorf("a notification the policy cannot compile: %v", err)
	}
}

// TestNotificationStanding: how the policy says each notification on
// record stands on a day (authorization.standing) is handed to the
// listings with the licences': a NAC notification filed on 2026-01-05 is
// usable from 2026-01-30 (25 days after filing, 15 CFR 740.8), and until
// then says so; its faults whatever the day are there on every day.
func TestNotificationStanding(t *testing.T) {
	ctx := context.Background()
	nac := func(ref, rest string) string {
		return "record: notification\nbis_reference: " + ref + "\nexception: NAC\nfiled_on: 2026-01-05\ndestination: CN\nend_user: Pearl River\nquantity: 10\n" + rest
	}
	c, err := checker.New(ctx, checker.Options{Records: testRecords(t,
		nac("OK", "items: {products: [nvidia-rtx-4090]}\nstatus: confirmed\nconfirmation: A123456\nvalue_usd: 15990"),
		nac("BAD", "items: {eccns: [3A090.a]}\nstatus: filed"),
	)})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]checker.Standing{}
	for _, day := range []string{"2026-01-29", "2026-01-30"} {
		s, err := c.Standings(ctx, day)
		if err != nil {
			t.Fatal(err)
		}
		got[day] = map[string]checker.Standing{}
		for _, ref := range []string{"OK", "BAD", "ELSEWHERE"} {
			got[day][ref] = s.Notification(ref)
		}
	}
	notJudged := checker.Standing{Status: "not judged by the policy", Faults: []string{"not judged by the policy"}}
	want := map[string]map[string]checker.Standing{
		"2026-01-29": {
			"OK":        {Status: "confirmed", UsableFrom: "2026-01-30", Faults: []string{"usable from 2026-01-30"}},
			"BAD":       {Status: "filed", UsableFrom: "2026-01-30", Faults: []string{"no product listed", "no value_usd", "not confirmed", "usable from 2026-01-30"}},
			"ELSEWHERE": notJudged,
		},
		"2026-01-30": {
			"OK":        {Status: "confirmed", Faults: []string{}},
			"BAD":       {Status: "filed", Faults: []string{"no product listed", "no value_usd", "not confirmed"}},
			"ELSEWHERE": notJudged,
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestLicenceStanding: how the policy says each licence on record stands
// on a day (authorization.standing) is handed to the listings once for the
// day: its status as people read it, the day a revocation took effect,
// whether it is withdrawn, and every fault that makes it cover no line
// shipping that day (of the day, and whatever the day); those amending
// the record mends are handed to the warnings with their provision. A
// licence the checker does not hold is never shown as usable.
func TestLicenceStanding(t *testing.T) {
	ctx := context.Background()
	with := func(number, rest string) string {
		return strings.Replace(licence100, "number: D1234567", "number: "+number, 1) + "\n" + rest
	}
	c, err := checker.New(ctx, checker.Options{Records: testRecords(t,
		licence100,
		strings.Replace(with("REVOKED", "status_from: 2026-03-10"), "status: active", "status: revoked", 1),
		with("FLAGGED", "flags: [needs_export_plan]"),
		"record: licence\nnumber: VEU-9\nkind: veu\nstatus: active\nissued: 2025-10-01\nitems: {eccns: [3A090.a]}\ndestinations: [AE]\nend_users: [Oasis Cloud Campus]",
	)})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]checker.Standing{}
	for _, day := range []string{"2026-03-09", "2026-03-10", "2030-01-13"} {
		s, err := c.Standings(ctx, day)
		if err != nil {
			t.Fatal(err)
		}
		got[day] = map[string]checker.Standing{}
		for _, n := range []string{"D1234567", "d 1234567", "REVOKED", "FLAGGED", "VEU-9", "ELSEWHERE"} {
			got[day][n] = s.Licence(n)
		}
	}
	active := checker.Standing{Status: "active", Faults: []string{}}
	flagged := checker.Standing{Status: "active", Faults: []string{"condition needs_export_plan not checkable"}}
	unlisted := checker.Standing{Status: "active", Faults: []string{"no federal_register"}}
	notJudged := checker.Standing{Status: "not judged by the policy", Faults: []string{"not judged by the policy"}}
	want := map[string]map[string]checker.Standing{
		"2026-03-09": {"D1234567": active, "d 1234567": active, "REVOKED": {Status: "revoked", From: "2026-03-10", Faults: []string{}}, "FLAGGED": flagged, "VEU-9": unlisted, "ELSEWHERE": notJudged},
		"2026-03-10": {"D1234567": active, "d 1234567": active, "REVOKED": {Status: "revoked", From: "2026-03-10", Withdrawn: true, Faults: []string{"revoked 2026-03-10"}}, "FLAGGED": flagged, "VEU-9": unlisted, "ELSEWHERE": notJudged},
		"2030-01-13": {
			"D1234567": {Status: "expired", Faults: []string{"expired 2030-01-12"}}, "d 1234567": {Status: "expired", Faults: []string{"expired 2030-01-12"}},
			"REVOKED": {Status: "revoked", From: "2026-03-10", Withdrawn: true, Faults: []string{"expired 2030-01-12", "revoked 2026-03-10"}},
			"FLAGGED": {Status: "expired", Faults: []string{"condition needs_export_plan not checkable", "expired 2030-01-12"}}, "VEU-9": unlisted, "ELSEWHERE": notJudged,
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	amend := map[string][]checker.Amendment{}
	for _, n := range []string{"D1234567", "FLAGGED", "VEU-9", "ELSEWHERE"} {
		if a := c.Amendments("licence", n); a != nil {
			amend[n] = a
		}
	}
	if diff := cmp.Diff(map[string][]checker.Amendment{"VEU-9": {{
		Text:     "it gives no Federal Register citation of its listing in Supplement No. 7 to part 748 (only validated end-users listed there may receive items under Authorization VEU; add federal_register)",
		Citation: "15 CFR 748.15(a)",
	}}}, amend); diff != "" {
		t.Errorf("amendments (-want +got):\n%s", diff)
	}

	if _, err := c.Standings(ctx, "2026-3-10"); err == nil {
		t.Error("a day not written YYYY-MM-DD: no error")
	}
	// A checker without records holds none: each is not judged.
	s, err := (*checker.Checker)(nil).Standings(ctx, "2026-03-10")
	if err != nil || len(s) != 0 || s.Licence("D1234567").Faults[0] != "not judged by the policy" {
		t.Errorf("without records: %v %v", s, err)
	}
}
