package checker

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPeriodDays: every date of an interval gets the same period number
// and the same standing day, which lies in the interval.
func TestPeriodDays(t *testing.T) {
	list := []string{"2023-11-17", "2024-04-04", "2024-04-05"}
	dates := []string{"2020-01-01", "2023-11-16", "2023-11-17", "2023-11-18", "2024-04-03", "2024-04-04", "2024-04-05", "2024-04-06", "2030-01-01"}
	type got struct {
		Period int
		Day    string
	}
	for _, tc := range []struct {
		halfOpen bool
		want     []got
	}{
		{true, []got{
			{0, "2023-11-16"}, {0, "2023-11-16"}, {1, "2023-11-17"}, {1, "2023-11-17"}, {1, "2023-11-17"},
			{2, "2024-04-04"}, {3, "2024-04-05"}, {3, "2024-04-05"}, {3, "2024-04-05"},
		}},
		{false, []got{
			{0, "2023-11-16"}, {0, "2023-11-16"}, {1, "2023-11-17"}, {2, "2023-11-18"}, {2, "2023-11-18"},
			{3, "2024-04-04"}, {5, "2024-04-05"}, {6, "2024-04-06"}, {6, "2024-04-06"},
		}},
	} {
		pd := newPeriodDays(list, tc.halfOpen)
		var g []got
		for _, d := range dates {
			g = append(g, got{period(list, d, tc.halfOpen), pd.day(d)})
		}
		if diff := cmp.Diff(tc.want, g); diff != "" {
			t.Errorf("halfOpen=%v (-want +got):\n%s", tc.halfOpen, diff)
		}
	}
}

// TestPeriodsOfOneCountry: the UAE rule of 2026-07-10 (91 FR 43034) is a
// dated fact of the UAE (its groups, with the pseudo-group AC:UAE), not a
// rule of the timeline, so its date starts a rule period only for lines to
// or headquartered in the UAE, not for every line shipped after it.
func TestPeriodsOfOneCountry(t *testing.T) {
	b, err := LoadBundle(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ix := newPeriodIndex(b.Data, true, "enforced", nil)
	const uae = "2026-07-10"
	got := map[string]bool{}
	for name, l := range map[string][4]string{
		"to DE":              {"nvidia-l40", "DE", "DE", "US"},
		"to AE":              {"nvidia-l40", "AE", "DE", "US"},
		"headquarters in AE": {"nvidia-l40", "DE", "AE", "US"},
	} {
		got[name] = slices.Contains(ix.listFor(l[0], l[1], l[2], l[3]), uae)
	}
	want := map[string]bool{"to DE": false, "to AE": true, "headquarters in AE": true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lines whose periods %s opens (-want +got):\n%s", uae, diff)
	}
}
