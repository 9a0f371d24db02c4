package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestExpiryIn: expiry dates say how far they are.
func TestExpiryIn(t *testing.T) {
	got := []string{expiryIn("", "2026-03-02"), expiryIn("2026-03-02", "2026-03-02"), expiryIn("2026-03-03", "2026-03-02"),
		expiryIn("2026-03-01", "2026-03-02"), expiryIn("2027-03-02", "2026-03-02")}
	want := []string{"none", "2026-03-02 (today)", "2026-03-03 (in 1 day)", "2026-03-01 (expired 1 day ago)", "2027-03-02 (in 365 days)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
