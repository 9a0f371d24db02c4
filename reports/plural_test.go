package reports

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPlural: counts in report texts read as prose, the noun and the verb
// agreeing with the count.
func TestPlural(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{
		{0, "0 lines are"},
		{1, "1 line is"},
		{2, "2 lines are"},
		{1000, "1000 lines are"},
	} {
		if diff := cmp.Diff(tc.want, plural(tc.n, "line")+" "+oneOrMany(tc.n, "is", "are")); diff != "" {
			t.Errorf("%d (-want +got):\n%s", tc.n, diff)
		}
	}
}
