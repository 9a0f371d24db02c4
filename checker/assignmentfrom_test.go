package checker

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// withAssignmentFromDayAfter is the embedded policy with
// authorization.assignment_from edited: a policy under which an
// assignment applies from the day after it was made.
func withAssignmentFromDayAfter(t *testing.T) fstest.MapFS {
	t.Helper()
	return editedPolicy(t, "exportcheck/authorization/authorization.rego", "assignment_from(a) := a.at\n", "assignment_from(a) := _plus_days(a.at, 1)\n")
}

// TestAssignmentFrom: the day an assignment applies from is the policy's,
// so that what the desk says of it follows an edit of the policy (a Go
// copy of the rule would not).
func TestAssignmentFrom(t *testing.T) {
	ctx := context.Background()
	embedded, err := New(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	edited, err := New(ctx, Options{PolicyFS: withAssignmentFromDayAfter(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		c    *Checker
		at   string
		want string
	}{
		{"embedded policy", embedded, "2026-03-01", "2026-03-01"},
		{"edited policy", edited, "2026-03-01", "2026-03-02"},
		{"edited policy, at a month's end", edited, "2026-02-28", "2026-03-01"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.c.AssignmentFrom(ctx, tt.at)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
