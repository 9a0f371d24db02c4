package checker

import (
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
