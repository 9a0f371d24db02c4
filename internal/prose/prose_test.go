package prose

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCount(t *testing.T) {
	tests := []struct {
		n          int
		noun, want string
	}{
		{0, "line", "0 lines"},
		{1, "line", "1 line"},
		{2, "warning", "2 warnings"},
		{1234, "line", "1,234 lines"},
		{1000000, "row", "1,000,000 rows"},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Count(tt.n, tt.noun)); diff != "" {
			t.Errorf("Count(%d, %q) (-want +got):\n%s", tt.n, tt.noun, diff)
		}
	}
}

func TestNumber(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 10000: "10,000", 1234567: "1,234,567"} {
		if got := Number(n); got != want {
			t.Errorf("Number(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestAgree(t *testing.T) {
	for n, want := range map[int]string{0: "were", 1: "was", 2: "were"} {
		if got := Agree(n, "was", "were"); got != want {
			t.Errorf("Agree(%d) = %q, want %q", n, got, want)
		}
	}
}
