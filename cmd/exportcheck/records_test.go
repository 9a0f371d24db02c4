package main

import (
	"testing"

	"github.com/exportcheck/exportcheck/internal/prose"
	"github.com/google/go-cmp/cmp"
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
