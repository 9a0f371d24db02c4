package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"

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
// stands on the day of the run, as records list does: an active record
// past its expiry is expired, a revoked one says from when.
func TestRecordsSummaryStatus(t *testing.T) {
	set, err := records.Load("../../examples/records/licences")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, l := range recordsSummary(set, "2026-12-06").Licences {
		got[l.Number] = l.Status
	}
	want := map[string]string{"D1234567": "active", "VEU-DC-0001": "active", "D1100042": "expired", "D1200077": "revoked"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statuses on 2026-12-06 (-want +got):\n%s", diff)
	}
}
