package checker_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ownership"
)

// entries screens the names given, each as one entry of a list with its
// score, its entry ID and hash the name's unless given; anything else
// scores nothing.
type entries map[string]checker.ScreeningFact

func (entries) Flags(string) []checker.NameFlag { return nil }

func (l entries) Screen(name, _ string, floor float64) []*checker.ScreeningFact {
	f, ok := l[name]
	if !ok || f.Score < floor {
		return nil
	}
	if f.EntryID == "" {
		f.EntryID, f.EntryHash = name, "hash of "+name
	}
	f.Name, f.MatchedName = strings.ToUpper(name), strings.ToUpper(name)
	return []*checker.ScreeningFact{&f}
}

// ScreenEntry finds the entry with the id among those given, as the name
// scores against it: its score for its own name, 0 for another.
func (l entries) ScreenEntry(name, id, _ string) (*checker.ScreeningFact, bool) {
	for k, f := range l {
		if f.EntryID == "" {
			f.EntryID, f.EntryHash = k, "hash of "+k
		}
		if f.EntryID != id {
			continue
		}
		if k != name {
			f.Score = 0
		}
		f.Name, f.MatchedName = strings.ToUpper(k), strings.ToUpper(k)
		return &f, true
	}
	return nil, false
}

var ownersListed = entries{
	"Blocked Person":  {List: "SDN", Score: 1},
	"Listed Parent":   {List: "EL", Score: 0.97, LicensePolicy: "Presumption of denial."},
	"Military Parent": {List: "MEU", Score: 1},
	"Maybe Listed":    {List: "EL", Score: 0.88, LicensePolicy: "Case-by-case review."},
}

func testRegister(t *testing.T, csv string) checker.Ownership {
	t.Helper()
	reg, err := ownership.Parse("register.csv", []byte("entity,owner,share,as_of,source\n"+csv))
	if err != nil {
		t.Fatal(err)
	}
	return reg.Checker()
}

// TestOwnership: what the register and the end_user_parent column make of
// a line, on dates before, during and after the affiliates rule's
// suspension, whatever the cache.
func TestOwnership(t *testing.T) {
	reg := `Subsidiary,Holding,60,2026-10-01,registry
Holding,Listed Parent,50,2026-10-01,annual report
Joint Venture,Blocked Person,25,2026-10-01,registry
Joint Venture,Holding Two,25,2026-10-01,registry
Holding Two,Blocked Person,50,2026-10-01,registry
Minority,Blocked Person,49,2026-10-01,registry
Minority,Other Owner,51,2026-10-01,registry
EL Minority,Listed Parent,30,2026-10-01,registry
EL Minority,Other Owner,70,2026-10-01,registry
Rest Unrecorded,Blocked Person,49,2026-10-01,registry
Rest Widely Held,Blocked Person,49,2026-10-01,registry
Rest Widely Held,,,2026-10-01,registry: no other holder above 5 %
Doubtful,Maybe Listed,70,2026-10-01,registry
Widely Held,,,2026-10-01,proxy statement
Typo Subsidiary,Holdng,60,2026-10-01,registry
Divested,Blocked Person,60,2025-01-01,registry 2024
Divested,Blocked Person,10,2026-10-01,registry 2026
Divested,Other Owner,90,2026-10-01,registry 2026
Other Owner,,,2026-10-01,proxy statement
`
	type line struct {
		EndUser, Parent, Date string
		Decision              string
		Rules                 []string
		Hits                  []string // the hits the result reports: owner, list
	}
	tests := []line{
		{EndUser: "Subsidiary", Date: "2026-12-01", Decision: "license_required", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.owned"}, Hits: []string{"Listed Parent: EL"}},
		// While the affiliates rule is suspended (and before it), the
		// listed owner's restrictions do not pass on, but it is a red flag.
		{EndUser: "Subsidiary", Date: "2026-06-01", Decision: "review", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.listed_owner"}, Hits: []string{"Listed Parent: EL"}},
		{EndUser: "Subsidiary", Date: "2024-06-01", Decision: "review", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.listed_owner"}, Hits: []string{"Listed Parent: EL"}},
		{EndUser: "Nobody Knows", Parent: "Listed Parent", Date: "2026-01-15", Decision: "review", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.listed_owner"}, Hits: []string{"Listed Parent: EL"}},
		{EndUser: "Subsidiary", Date: "2025-10-01", Decision: "license_required", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.owned"}, Hits: []string{"Listed Parent: EL"}},
		{EndUser: "Joint Venture", Date: "2026-06-01", Decision: "prohibited", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.owned"}, Hits: []string{"Blocked Person: SDN"}},
		// A listed minority owner (the rest recorded) is not reached by
		// the 50 % rule in force, but is a red flag (OFAC FAQ 398, BIS
		// FAQ 43 on the affiliates rule).
		{EndUser: "Minority", Date: "2026-12-01", Decision: "review", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.listed_owner"}, Hits: []string{"Blocked Person: SDN"}},
		{EndUser: "EL Minority", Date: "2026-12-01", Decision: "review", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.listed_owner"}, Hits: []string{"Listed Parent: EL"}},
		{EndUser: "EL Minority", Date: "2025-10-15", Decision: "review", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.listed_owner"}, Hits: []string{"Listed Parent: EL"}},
		// Who holds the other 51 % is not recorded: it may be listed
		// parties; unless the register marks the rest widely held.
		{EndUser: "Rest Unrecorded", Date: "2026-12-01", Decision: "review", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.unrecorded_shares"}, Hits: []string{"Blocked Person: SDN"}},
		{EndUser: "Rest Widely Held", Date: "2026-12-01", Decision: "review", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.listed_owner"}, Hits: []string{"Blocked Person: SDN"}},
		{EndUser: "Doubtful", Date: "2026-12-01", Decision: "review", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.possibly_owned", "ownership.possibly_owned"}, Hits: []string{"Maybe Listed: EL"}},
		{EndUser: "Widely Held", Date: "2026-12-01", Decision: "allow", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "decision.nlr"}},
		{EndUser: "Nobody Knows", Date: "2026-12-01", Decision: "review", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.unregistered"}},
		{EndUser: "Nobody Knows", Parent: "Military Parent", Date: "2026-12-01", Decision: "review", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.possibly_owned"}, Hits: []string{"Military Parent: MEU"}},
		{EndUser: "Nobody Knows", Parent: "Holding", Date: "2026-12-01", Decision: "review", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.possibly_owned"}, Hits: []string{"Listed Parent: EL"}},
		// The register does not say who owns the parent the order names
		// (nor "Holdng", the register's misspelling of "Holding").
		{EndUser: "Widely Held", Parent: "Someone Else", Date: "2026-12-01", Decision: "review", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.possibly_owned", "ownership.possibly_owned"}},
		{EndUser: "Typo Subsidiary", Date: "2026-12-01", Decision: "review", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.possibly_owned", "ownership.possibly_owned"}},
		// A placeholder names no parent: as if the column were blank.
		{EndUser: "Nobody Knows", Parent: " Unknown ", Date: "2026-12-01", Decision: "review", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.unregistered"}},
		{EndUser: "Subsidiary", Parent: "TBD", Date: "2026-12-01", Decision: "license_required", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.owned"}, Hits: []string{"Listed Parent: EL"}},
		// The SDN owner sold down on 2026-10-01: its 60 % holds before
		// (and before the register's first snapshot), its 10 % after: a
		// red flag only.
		{EndUser: "Divested", Date: "2024-06-01", Decision: "prohibited", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.owned"}, Hits: []string{"Blocked Person: SDN"}},
		{EndUser: "Divested", Date: "2026-09-30", Decision: "prohibited", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.owned"}, Hits: []string{"Blocked Person: SDN"}},
		{EndUser: "Divested", Date: "2026-10-01", Decision: "review", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.listed_owner"}, Hits: []string{"Blocked Person: SDN"}},
		{EndUser: "Divested", Date: "2026-12-01", Decision: "review", Rules: []string{"classify.3a090.a.2", "classify.filing_eccn", "ownership.listed_owner"}, Hits: []string{"Blocked Person: SDN"}},
	}
	var orders []checker.Order
	for i, tt := range tests {
		orders = append(orders, checker.Order{File: "book.csv", Line: i + 2, ID: fmt.Sprint(i), Product: "nvidia-l4", Quantity: "1",
			Destination: "DE", EndUser: tt.EndUser, EndUserHQ: "DE", Date: tt.Date, EndUserParent: tt.Parent})
	}
	for _, opts := range []checker.Options{{}, {NoCache: true}, {NoCache: true, NoMemo: true}} {
		opts.Screener, opts.Ownership = ownersListed, testRegister(t, reg)
		var got []line
		for i, r := range checkAll(t, opts, orders) {
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			l := line{EndUser: tests[i].EndUser, Parent: tests[i].Parent, Date: tests[i].Date, Decision: r.Decision.String()}
			for _, x := range r.Reasons {
				l.Rules = append(l.Rules, x.Rule)
			}
			for _, h := range r.Screening {
				l.Hits = append(l.Hits, h.Owner+": "+h.List)
			}
			got = append(got, l)
		}
		if d := cmp.Diff(tests, got); d != "" {
			t.Errorf("NoCache %v NoMemo %v (-want +got):\n%s", opts.NoCache, opts.NoMemo, d)
		}
	}
}

// TestOwnershipCacheComplete: with a random register of listed, possibly
// listed and unlisted owners through several layers, parents named in the
// order, and dates on every side of the 50 % rules' periods, the cached,
// --no-cache and --no-cache --no-memo results are identical.
func TestOwnershipCacheComplete(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 19))
	parties := []string{"Blocked Person", "Listed Parent", "Military Parent", "Maybe Listed"}
	var entities []string
	for i := range 24 {
		entities = append(entities, fmt.Sprintf("Entity %d", i))
	}
	var b strings.Builder
	for i, e := range entities {
		left := 100.0
		for j := range 1 + r.IntN(3) {
			var owner string
			if r.IntN(3) == 0 || i < 4 {
				owner = parties[r.IntN(len(parties))]
			} else {
				owner = entities[r.IntN(i)]
			}
			if strings.Contains(b.String(), e+","+owner+",") {
				continue
			}
			share := []float64{10, 25, 40, 50, 60, 100}[r.IntN(6)]
			if share > left {
				share = left
			}
			left -= share
			s := fmt.Sprint(share)
			if r.IntN(8) == 0 || share == 0 {
				s = "unknown"
			}
			// One snapshot per entity (TestOwnershipSnapshotsCacheComplete
			// has several), its date the entity's.
			fmt.Fprintf(&b, "%s,%s,%s,2026-0%d-01,source %d j %d\n", e, owner, s, 1+i%9, i, j)
		}
		if left > 0 && r.IntN(3) == 0 {
			// The rest widely held: a row with no owner beside the owners.
			fmt.Fprintf(&b, "%s,,,2026-0%d-01,rest widely held %d\n", e, 1+i%9, i)
		}
	}
	var orders []checker.Order
	dates := []string{"2025-09-28", "2025-09-29", "2025-10-15", "2025-11-10", "2026-05-01", "2026-11-09", "2026-11-10", "2026-12-01"}
	for i := range 2000 {
		o := checker.Order{File: "book.csv", Line: i + 2, ID: fmt.Sprint(i),
			Product:     []string{"nvidia-l4", "nvidia-h20", "nvidia-h100-sxm5"}[r.IntN(3)],
			Quantity:    "1",
			Destination: []string{"DE", "AE", "CN"}[r.IntN(3)],
			EndUser:     append(entities, "Unregistered Co")[r.IntN(len(entities)+1)],
			EndUserHQ:   []string{"DE", "AE", "CN", ""}[r.IntN(4)],
			Date:        dates[r.IntN(len(dates))],
		}
		if r.IntN(5) == 0 {
			o.EndUserParent = append(entities, parties...)[r.IntN(len(entities)+len(parties))]
		}
		orders = append(orders, o)
	}
	want := sameUnderEveryCache(t, orders, func(o *checker.Options) { o.Screener, o.Ownership = ownersListed, testRegister(t, b.String()) })
	count := map[string]int{}
	for _, r := range want {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		for _, x := range r.Reasons {
			count[x.Rule]++
		}
	}
	for _, k := range []string{"ownership.owned", "ownership.possibly_owned", "ownership.unregistered", "ownership.unrecorded_shares", "ownership.listed_owner"} {
		if count[k] == 0 {
			t.Errorf("the generated book reaches no %s; widen it", k)
		}
	}
}

// TestOwnershipNeedsScreener: a register whose owners cannot be screened
// is refused, not silently ignored.
func TestOwnershipNeedsScreener(t *testing.T) {
	_, err := checker.New(context.Background(), checker.Options{Ownership: testRegister(t, "A,B,60,2026-01-01,s\n")})
	if err == nil || !strings.Contains(err.Error(), "an ownership register needs a Screener") {
		t.Errorf("New without a Screener: %v", err)
	}
}

// TestOwnershipSnapshotsCacheComplete: with a random register whose
// entities have one, two or three snapshots (owners sold down, bought in,
// a holding company gone widely held), and lines on dates before, on,
// between and after them, the cached, --no-cache and --no-cache --no-memo
// results are identical: the walk, kept per end user and snapshot, is the
// one of the line's date.
func TestOwnershipSnapshotsCacheComplete(t *testing.T) {
	r := rand.New(rand.NewPCG(28, 29))
	parties := []string{"Blocked Person", "Listed Parent", "Military Parent", "Maybe Listed"}
	snapshots := []string{"2025-06-01", "2026-03-01", "2026-11-01"}
	var entities []string
	for i := range 20 {
		entities = append(entities, fmt.Sprintf("Entity %d", i))
	}
	var b strings.Builder
	for i, e := range entities {
		for _, asOf := range snapshots {
			if r.IntN(3) == 0 && asOf != snapshots[0] {
				continue // no change on this date
			}
			if i >= 4 && r.IntN(6) == 0 {
				fmt.Fprintf(&b, "%s,,,%s,widely held\n", e, asOf)
				continue
			}
			left, seen := 100.0, map[string]bool{}
			for range 1 + r.IntN(3) {
				var owner string
				if r.IntN(3) == 0 || i < 4 {
					owner = parties[r.IntN(len(parties))]
				} else {
					owner = entities[r.IntN(i)]
				}
				if seen[owner] || left == 0 {
					continue
				}
				seen[owner] = true
				share := min([]float64{10, 25, 40, 50, 60, 100}[r.IntN(6)], left)
				left -= share
				s := fmt.Sprint(share)
				if r.IntN(8) == 0 {
					s = "unknown"
				}
				fmt.Fprintf(&b, "%s,%s,%s,%s,source %d\n", e, owner, s, asOf, i)
			}
			if left > 0 && len(seen) > 0 && r.IntN(3) == 0 {
				fmt.Fprintf(&b, "%s,,,%s,rest widely held %d\n", e, asOf, i)
			}
		}
	}
	var orders []checker.Order
	dates := []string{"2025-01-15", "2025-06-01", "2025-09-29", "2025-10-15", "2026-03-01", "2026-06-01", "2026-11-01", "2026-11-10", "2026-12-01"}
	for i := range 2000 {
		o := checker.Order{File: "book.csv", Line: i + 2, ID: fmt.Sprint(i),
			Product:     []string{"nvidia-l4", "nvidia-h20"}[r.IntN(2)],
			Quantity:    "1",
			Destination: []string{"DE", "AE", "CN"}[r.IntN(3)],
			EndUser:     entities[r.IntN(len(entities))],
			EndUserHQ:   []string{"DE", "AE", ""}[r.IntN(3)],
			Date:        dates[r.IntN(len(dates))],
		}
		if r.IntN(6) == 0 {
			o.EndUserParent = append(entities, parties...)[r.IntN(len(entities)+len(parties))]
		}
		orders = append(orders, o)
	}
	want := sameUnderEveryCache(t, orders, func(o *checker.Options) { o.Screener, o.Ownership = ownersListed, testRegister(t, b.String()) })
	// The book must reach the rules, and the snapshots must matter: some
	// end user's ownership reasons differ between two of its lines.
	count := map[string]int{}
	asOf := map[string]map[string]bool{} // end user -> the dates its ownership reasons cite
	for i, r := range want {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		for _, x := range r.Reasons {
			count[x.Rule]++
			if strings.HasPrefix(x.Rule, "ownership.") {
				for _, d := range snapshots {
					if strings.Contains(x.Message, "as of "+d) {
						if asOf[orders[i].EndUser] == nil {
							asOf[orders[i].EndUser] = map[string]bool{}
						}
						asOf[orders[i].EndUser][d] = true
					}
				}
			}
		}
	}
	for _, k := range []string{"ownership.owned", "ownership.possibly_owned", "ownership.unrecorded_shares"} {
		if count[k] == 0 {
			t.Errorf("the generated book reaches no %s; widen it", k)
		}
	}
	several := 0
	for _, ds := range asOf {
		if len(ds) > 1 {
			several++
		}
	}
	if several < 3 {
		t.Errorf("%d end users have reasons citing rows of more than one snapshot; widen the book", several)
	}
}
