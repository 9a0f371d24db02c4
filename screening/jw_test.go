package screening

import (
	"math"
	"testing"
)

func TestJaroWinkler(t *testing.T) {
	// Values from Winkler (1990) and the usual textbook examples.
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"martha", "marhta", 0.9611},
		{"dwayne", "duane", 0.84},
		{"dixon", "dicksonx", 0.8133},
		{"jones", "johnson", 0.8324},
		{"abc", "abc", 1},
		{"abc", "xyz", 0},
		{"", "", 1},
		{"a", "", 0},
	} {
		for _, ab := range [][2]string{{tc.a, tc.b}, {tc.b, tc.a}} {
			if got := jaroWinkler(ab[0], ab[1]); math.Abs(got-tc.want) > 0.00005 {
				t.Errorf("jaroWinkler(%q, %q) = %.4f, want %.4f", ab[0], ab[1], got, tc.want)
			}
		}
	}
}
