package reports

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestKeeper: within its budget a keeper holds everything; past it the
// least severe and, among equals, the latest items give way, and what is
// held comes back in the order it was added. Each item that gives way is
// handed out when it does.
func TestKeeper(t *testing.T) {
	type item struct {
		rank, size int
		v          string
	}
	for _, tt := range []struct {
		name    string
		budget  int
		fit     int // a tighter budget at the end (0: none)
		items   []item
		want    []string
		gone    []string // handed out as they give way, in that order
		dropped int
	}{
		{"a zero budget holds nothing", 0, 0, []item{{1, 5, "a"}, {0, 5, "b"}}, []string{}, []string{"a", "b"}, 2},
		{"within the budget", 3, 0, []item{{1, 1, "a"}, {0, 1, "b"}, {2, 1, "c"}}, []string{"a", "b", "c"}, nil, 0},
		{"the least severe gives way", 2, 0, []item{{1, 1, "a"}, {0, 1, "b"}, {2, 1, "c"}}, []string{"a", "c"}, []string{"b"}, 1},
		{"among equals the latest gives way", 2, 0, []item{{1, 1, "a"}, {1, 1, "b"}, {1, 1, "c"}}, []string{"a", "b"}, []string{"c"}, 1},
		{"a severe latecomer displaces", 2, 0, []item{{0, 1, "a"}, {0, 1, "b"}, {5, 1, "c"}, {5, 1, "d"}}, []string{"c", "d"}, []string{"b", "a"}, 2},
		{"sizes: two small give way to one large", 10, 0, []item{{0, 4, "a"}, {0, 4, "b"}, {1, 8, "c"}}, []string{"c"}, []string{"b", "a"}, 2},
		{"larger than the budget", 10, 0, []item{{9, 11, "a"}, {0, 3, "b"}}, []string{"b"}, []string{"a"}, 1},
		{"among equals a later, smaller item does not take an earlier one's place", 10, 0, []item{{1, 6, "a"}, {1, 5, "b"}, {1, 4, "c"}}, []string{"a"}, []string{"b", "c"}, 2},
		{"a tighter budget at the end", 10, 5, []item{{2, 3, "a"}, {1, 3, "b"}, {3, 3, "c"}}, []string{"c"}, []string{"b", "a"}, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var gone []string
			k := keeper[string]{budget: tt.budget, out: func(v string) { gone = append(gone, v) }}
			for _, x := range tt.items {
				k.add(x.rank, x.size, x.v)
			}
			// skip agrees with add: the same items offered through skip
			// first are held and left out alike.
			s := keeper[string]{budget: tt.budget}
			for _, x := range tt.items {
				if !s.skip(x.rank, x.size) {
					s.add(x.rank, x.size, x.v)
				}
			}
			if diff := cmp.Diff(k.items(), s.items()); diff != "" || s.dropped != k.dropped {
				t.Errorf("through skip (-add +skip):\n%s, dropped %d against %d", diff, s.dropped, k.dropped)
			}
			if tt.fit > 0 {
				k.fit(tt.fit)
			}
			if diff := cmp.Diff(tt.want, k.items()); diff != "" {
				t.Errorf("held (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.gone, gone); diff != "" {
				t.Errorf("handed out as they gave way (-want +got):\n%s", diff)
			}
			if k.dropped != tt.dropped {
				t.Errorf("dropped %d, want %d", k.dropped, tt.dropped)
			}
		})
	}
}
