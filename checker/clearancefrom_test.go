package checker

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// withClearanceFromAt is the embedded policy with screening.clearance_from
// edited: a policy under which a clearance stands from its at, however
// late it was written.
func withClearanceFromAt(t *testing.T) fstest.MapFS {
	t.Helper()
	return editedPolicy(t, "exportcheck/screening/screening.rego", "clearance_from(c) := c.recorded if {\n\tc.recorded > c.at\n} else := c.at\n", "clearance_from(c) := c.at\n")
}

// TestClearanceFrom: the day a clearance stands from is the policy's, so
// that what the desk and records list say of it follows an edit of the
// policy (a Go copy of the rule would not).
func TestClearanceFrom(t *testing.T) {
	ctx := context.Background()
	embedded, err := New(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	edited, err := New(ctx, Options{PolicyFS: withClearanceFromAt(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name         string
		c            *Checker
		at, recorded string
		want         string
	}{
		{"recorded after at", embedded, "2026-02-16", "2026-03-10", "2026-03-10"},
		{"recorded on at", embedded, "2026-02-16", "2026-02-16", "2026-02-16"},
		{"not saying when recorded", embedded, "2026-02-16", "", "2026-02-16"},
		{"recorded after at, edited policy", edited, "2026-02-16", "2026-03-10", "2026-02-16"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.c.ClearanceFrom(ctx, tt.at, tt.recorded)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// Without a checker (exportcheck clear): the embedded policy's.
	if got, err := ClearanceFromPolicy(ctx, nil, nil, "2026-02-16", "2026-03-10"); err != nil || got != "2026-03-10" {
		t.Errorf("ClearanceFromPolicy: %q, %v, want 2026-03-10", got, err)
	}
}
