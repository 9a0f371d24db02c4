package checker

import (
	"context"
	"slices"
	"strings"
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

// TestSpellingsShareJudging: lines that spell a product and its countries
// otherwise but resolve alike share one resolution, and with it how each
// period is judged; keys whose dates are the same share one list of them.
// A million-line book holds ~19,000 spellings of ~10,000 resolutions: kept
// apart, their judgings were ~20 MB of the check's live heap.
func TestSpellingsShareJudging(t *testing.T) {
	c, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	resolve := func(product, dest, hq string) *names {
		t.Helper()
		o := &Order{File: "x", Line: 2, Quantity: "1", Product: product, Destination: dest, EndUserHQ: hq, Date: "2025-03-01"}
		bad := problems{o: o}
		n := c.resolveNames(o, &bad)
		if err := bad.err(); err != nil || n == nil {
			t.Fatalf("%s to %s: %v", product, dest, err)
		}
		return n
	}
	a := resolve("H100 SXM5", "CN", "CN")
	for _, spelt := range [][3]string{{"nvidia-h100-sxm5", "China", "CN"}, {"H100-SXM5-80GB", "cn", "China"}} {
		if b := resolve(spelt[0], spelt[1], spelt[2]); b != a {
			t.Errorf("%q to %q resolves apart from H100 SXM5 to CN", spelt[0], spelt[1])
		}
	}
	if resolve("H100 SXM5", "DE", "CN") == a {
		t.Fatal("H100 SXM5 to DE resolves as to CN")
	}
	// The period judged under one spelling is judged for the others.
	ctx := context.Background()
	j, err := c.judgedOn(ctx, a, "2025-03-01")
	if err != nil {
		t.Fatal(err)
	}
	if k, err := c.judgedOn(ctx, resolve("nvidia-h100-sxm5", "China", "CN"), "2025-03-01"); err != nil || k != j {
		t.Errorf("the same period under another spelling is judged again (%v)", err)
	}
	// Lists alike are one list.
	ix := c.periods
	same := 0
	for _, l := range ix.lists {
		if m := ix.same[strings.Join(l, ",")]; len(l) > 0 && &m[0] == &l[0] {
			same++
		}
	}
	if same != len(ix.lists) || len(ix.same) == 0 {
		t.Errorf("%d of %d period lists are the one kept for their dates", same, len(ix.lists))
	}
}
