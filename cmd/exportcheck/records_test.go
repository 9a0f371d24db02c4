package main

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/internal/prose"
	"github.com/exportcheck/exportcheck/records"
)

// TestCountOf: counts in messages read as prose, the noun and the verb
// agreeing with the count.
func TestCountOf(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{
		{0, "no lines name"},
		{1, "1 line names"},
		{2, "2 lines name"},
		{1234, "1,234 lines name"},
	} {
		if diff := cmp.Diff(tc.want, countOf(tc.n, "line")+" "+prose.Agree(tc.n, "names", "name")); diff != "" {
			t.Errorf("%d (-want +got):\n%s", tc.n, diff)
		}
	}
}

// TestRecordsSummaryStatus: the outputs give a licence's status as it
// stands on the day of the run, as records list does and as the policy
// says it (authorization.standing): an active record past its expiry is
// expired, a revoked one says from when.
func TestRecordsSummaryStatus(t *testing.T) {
	set, err := records.Load("../../examples/records/licences")
	if err != nil {
		t.Fatal(err)
	}
	c, err := withRecords(context.Background(), checker.Options{}, set)
	if err != nil {
		t.Fatal(err)
	}
	standing, err := c.Standings(context.Background(), "2026-12-06")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, l := range recordsSummary(set, standing).Licences {
		got[l.Number] = l.Status
	}
	want := map[string]string{"D1234567": "active", "VEU-DC-0001": "active", "D1100042": "expired", "D1200077": "revoked"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statuses on 2026-12-06 (-want +got):\n%s", diff)
	}
}

// TestRecordsSummaryNotificationStatus: the outputs give a notification's
// status as it stands on the day of the run, as records list does: a NAC
// notification filed on 2026-02-05 is usable from 2026-03-02 (25 days
// after filing), and says so the day before.
func TestRecordsSummaryNotificationStatus(t *testing.T) {
	set, err := records.Load("../../examples/records/notifications")
	if err != nil {
		t.Fatal(err)
	}
	c, err := withRecords(context.Background(), checker.Options{}, set)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, day := range []string{"2026-03-01", "2026-03-02"} {
		standing, err := c.Standings(context.Background(), day)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range recordsSummary(set, standing).Notifications {
			got[day+" "+n.BISReference] = n.Status
		}
	}
	want := map[string]string{"2026-03-01 NAC-2026-0113": "confirmed (usable from 2026-03-02)", "2026-03-02 NAC-2026-0113": "confirmed"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestLicenceWarnings: what records check, records list and check warn of
// the licences and notifications, in the order of their files and lines:
// a BIS licence valid for longer than the data's licence_validity (at its
// expires), and each record the policy says covers no line until amended
// (at its first line), with the provision and the policy's text.
func TestLicenceWarnings(t *testing.T) {
	set, err := records.Parse("a.yaml", []byte(`record: licence
number: D2
kind: license
status: active
issued: 2026-01-12
expires: 2031-03-12
items: {products: [nvidia-h100-sxm5]}
destinations: [AE]
end_users: [Falcon Compute Data Center LLC]
quantity_limits: {nvidia-h100-sxm5: 100}
---
record: licence
number: VEU-9
kind: veu
status: active
issued: 2025-10-01
items: {eccns: [3A090.a]}
destinations: [AE]
end_users: [Oasis Cloud Campus]
---
record: notification
bis_reference: NAC-1
exception: NAC
filed_on: 2026-01-05
items: {eccns: [3A090.a]}
destination: CN
end_user: Pearl River
quantity: 10
status: confirmed
confirmation: A123456
`))
	if err != nil {
		t.Fatal(err)
	}
	c, err := withRecords(context.Background(), checker.Options{}, set)
	if err != nil {
		t.Fatal(err)
	}
	got, err := licenceWarnings(set, c)
	if err != nil {
		t.Fatal(err)
	}
	const amended = ": it will not cover any line until its record is amended "
	want := []string{
		"a.yaml:6: licence D2: valid 5 years and 59 days (issued 2026-01-12, expires 2031-03-12), longer than the 4 years a BIS licence is valid for unless it says otherwise (15 CFR 750.7(g)): check expires against the licence (BIS may issue one for longer, or extend it: then say so in extended)",
		"a.yaml:12: licence VEU-9" + amended + "(15 CFR 748.15(a)): it gives no Federal Register citation of its listing in Supplement No. 7 to part 748 (only validated end-users listed there may receive items under Authorization VEU; add federal_register)",
		"a.yaml:21: notification NAC-1" + amended + "(15 CFR 740.8(c)(1)): it lists no product: a NAC notification covers the items it states, each by model with its TPP, performance density and data sheet, and an ECCN names none: add the products it states to items.products",
		"a.yaml:21: notification NAC-1" + amended + "(15 CFR 740.8(a)(2)(ii)): its dollar value is not recorded, and shipments under it may not exceed it: record value_usd, the total dollar value stated on the notification",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// No records, none to warn of.
	if ws, err := licenceWarnings(&records.Set{}, nil); err != nil || ws != nil {
		t.Errorf("without records: %q %v", ws, err)
	}
}
