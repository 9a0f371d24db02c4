package checker_test

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/screening"
)

var (
	once    sync.Once
	shared  *checker.Checker
	initErr error
)

// newChecker returns a checker with the embedded policies and data, shared
// by the tests (it is safe for concurrent use).
func newChecker(t testing.TB) *checker.Checker {
	t.Helper()
	once.Do(func() { shared, initErr = checker.New(context.Background(), checker.Options{}) })
	if initErr != nil {
		t.Fatal(initErr)
	}
	return shared
}

type outcome struct {
	Decision     checker.Decision
	ECCN         string
	ReviewPolicy string
	Exception    string
	Rules        []string
}

func summarize(r checker.Result) outcome {
	o := outcome{Decision: r.Decision, ECCN: r.ECCN, ReviewPolicy: r.ReviewPolicy, Exception: r.Exception}
	for _, x := range r.Reasons {
		o.Rules = append(o.Rules, x.Rule)
	}
	return o
}

// TestAcceptance checks the cases the regulation issue names, through the
// checker with the embedded policies and data.
func TestAcceptance(t *testing.T) {
	c := newChecker(t)
	tests := []struct {
		name  string
		order checker.Order
		want  outcome
	}{
		{"H100 to CN under the 2022 rule", checker.Order{Quantity: "1", Product: "H100 SXM5", Destination: "CN", EndUserHQ: "CN", Date: "2023-01-15"},
			outcome{checker.LicenseRequired, "3A090.a", "presumption_of_denial", "", []string{"classify.3a090.2022", "license.destination.china"}}},
		{"H100 to CN under the 2023 rule", checker.Order{Quantity: "1", Product: "nvidia-h100-sxm5", Destination: "CN", EndUserHQ: "CN", Date: "2024-01-15"},
			outcome{checker.LicenseRequired, "3A090.a", "presumption_of_denial", "", []string{"classify.3a090.a.1", "license.destination.d145", "license.headquarters"}}},
		{"H800 to CN, 2023-01-15", checker.Order{Quantity: "1", Product: "H800 SXM5", Destination: "CN", EndUserHQ: "CN", Date: "2023-01-15"},
			outcome{checker.Allow, "", "", "", []string{"classify.3a090.2022.io_below", "classify.eccn_unknown", "decision.nlr"}}},
		{"H800 to CN, 2023-10-20", checker.Order{Quantity: "1", Product: "H800 SXM5", Destination: "CN", EndUserHQ: "CN", Date: "2023-10-20"},
			outcome{checker.Allow, "", "", "", []string{"classify.3a090.2022.io_below", "classify.eccn_unknown", "decision.nlr"}}},
		{"H800 to CN, 2023-11-17", checker.Order{Quantity: "1", Product: "H800 SXM5", Destination: "CN", EndUserHQ: "CN", Date: "2023-11-17"},
			outcome{checker.LicenseRequired, "3A090.a", "presumption_of_denial", "", []string{"classify.3a090.a.1", "license.destination.d145", "license.headquarters"}}},
		{"RTX 4090 to CN in 2024: NAC", checker.Order{Quantity: "1", Product: "RTX 4090", Destination: "CN", EndUserHQ: "CN", Date: "2024-06-01"},
			outcome{checker.Exception, "3A090.a", "", "NAC", []string{"classify.3a090.a.1", "license.destination.d145", "license.exception.nac", "license.headquarters"}}},
		{"RTX 4090 D to CN in 2024: Note 2", checker.Order{Quantity: "1", Product: "RTX 4090 D", Destination: "CN", EndUserHQ: "CN", Date: "2024-06-01"},
			outcome{checker.Allow, "4A994.l", "", "", []string{"classify.3a090.note2", "classify.vendor_eccn", "decision.nlr"}}},
		{"H20 to CN in 2024", checker.Order{Quantity: "1", Product: "H20", Destination: "CN", EndUserHQ: "CN", Date: "2024-06-01"},
			outcome{checker.Allow, "4A994.l", "", "", []string{"classify.3a090.none", "classify.vendor_eccn", "decision.nlr"}}},
		{"H20 to CN after the 2025-04-09 letter", checker.Order{Quantity: "1", Product: "H20", Destination: "CN", EndUserHQ: "CN", Date: "2025-04-09"},
			outcome{checker.LicenseRequired, "4A994.l", "unspecified", "", []string{"classify.3a090.none", "classify.vendor_eccn", "license.notice"}}},
		{"A100 to Israel", checker.Order{Quantity: "1", Product: "A100 SXM4 80GB", Destination: "IL", EndUserHQ: "IL", Date: "2024-06-01"},
			outcome{checker.Allow, "3A090.a", "", "", []string{"classify.3a090.a.1", "decision.nlr"}}},
		{"H100 to a Singapore company with a Chinese parent", checker.Order{Quantity: "1", Product: "H100 SXM5", Destination: "SG", EndUserHQ: "CN", Date: "2024-06-01"},
			outcome{checker.LicenseRequired, "3A090.a", "presumption_of_denial", "", []string{"classify.3a090.a.1", "license.headquarters"}}},
		{"DGX H100 to CN", checker.Order{Quantity: "1", Product: "DGX H100", Destination: "CN", EndUserHQ: "CN", Date: "2024-06-01"},
			outcome{checker.LicenseRequired, "4A090.a", "presumption_of_denial", "", []string{"classify.4a090", "classify.filing_eccn", "license.destination.d145", "license.headquarters"}}},
		{"headquarters unknown where it matters", checker.Order{Quantity: "1", Product: "H100 SXM5", Destination: "DE", Date: "2024-06-01"},
			outcome{checker.Review, "3A090.a", "", "", []string{"review.unknown_headquarters", "classify.3a090.a.1", "license.headquarters"}}},
		{"headquarters unknown where it cannot matter", checker.Order{Quantity: "1", Product: "H100 SXM5", Destination: "CN", Date: "2024-06-01"},
			outcome{checker.LicenseRequired, "3A090.a", "presumption_of_denial", "", []string{"classify.3a090.a.1", "license.destination.d145"}}},
		{"Hong Kong is China", checker.Order{Quantity: "1", Product: "H100 SXM5", Destination: "Hong Kong", EndUserHQ: "HK", Date: "2024-06-01"},
			outcome{checker.LicenseRequired, "3A090.a", "presumption_of_denial", "", []string{"classify.3a090.a.1", "license.destination.d145", "license.headquarters"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := c.CheckAll(context.Background(), []checker.Order{tt.order})
			if err != nil {
				t.Fatal(err)
			}
			if rs[0].Err != nil {
				t.Fatal(rs[0].Err)
			}
			if diff := cmp.Diff(tt.want, summarize(rs[0])); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// horizon is the latest ship date the embedded data judges.
func horizon(t *testing.T) string {
	d, err := time.Parse(time.DateOnly, checker.DataAsOf(newChecker(t).Bundle().Data))
	if err != nil {
		t.Fatal(err)
	}
	return d.Add(checker.DefaultHorizon).Format(time.DateOnly)
}

// endUses lists the end uses the data defines, as errors name them.
func endUses(t *testing.T) string {
	uses, _ := newChecker(t).Bundle().Data["end_uses"].(map[string]any)
	if len(uses) == 0 {
		return "none: the data defines no end uses"
	}
	keys := make([]string, 0, len(uses))
	for k := range uses {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return strings.Join(keys, ", ")
}

// TestQuantities: quantities with thousands separators are judged, as
// the same line with a plain quantity is.
func TestQuantities(t *testing.T) {
	c := newChecker(t)
	order := checker.Order{Quantity: "1", Product: "H20", Destination: "CN", EndUserHQ: "CN", Date: "2024-06-01"}
	want, err := c.CheckAll(context.Background(), []checker.Order{order})
	if err != nil || want[0].Err != nil {
		t.Fatal(err, want[0].Err)
	}
	for _, q := range []string{"1,000", "12,345,678", "999"} {
		o := order
		o.Quantity = q
		got, err := c.CheckAll(context.Background(), []checker.Order{o})
		if err != nil {
			t.Fatal(err)
		}
		want[0].Order.Quantity = q
		if diff := cmp.Diff(want, got, sameErrors); diff != "" {
			t.Errorf("quantity %q (-want +got):\n%s", q, diff)
		}
	}
}

// TestBadInput: lines that cannot be judged carry an *InputError with their
// location, are never allowed, and do not stop the good lines.
func TestBadInput(t *testing.T) {
	c := newChecker(t)
	good := checker.Order{Quantity: "1", File: "o.csv", Line: 2, Product: "H20", Destination: "CN", EndUserHQ: "CN", Date: "2024-06-01"}
	tests := []struct {
		name  string
		order checker.Order
		want  error
		msg   string
	}{
		{"unknown product", checker.Order{Quantity: "1", Product: "nvidia-h999", Destination: "CN", Date: "2024-06-01"}, checker.ErrUnknownProduct,
			`o.csv:14: unknown product "nvidia-h999" (see ` + "`exportcheck products`)"},
		{"ambiguous product", checker.Order{Quantity: "1", Product: "", Destination: "CN", Date: "2024-06-01"}, checker.ErrMissingField, "o.csv:14: missing field: product"},
		{"unknown country", checker.Order{Quantity: "1", Product: "H20", Destination: "XX", Date: "2024-06-01"}, checker.ErrUnknownCountry,
			`o.csv:14: unknown country "XX" (want a country code such as CN or a name such as China)`},
		{"unknown headquarters", checker.Order{Quantity: "1", Product: "H20", Destination: "CN", EndUserHQ: "Narnia", Date: "2024-06-01"}, checker.ErrUnknownCountry,
			`o.csv:14: unknown country "Narnia" (want a country code such as CN or a name such as China, or blank when unknown)`},
		{"missing date", checker.Order{Quantity: "1", Product: "H20", Destination: "CN"}, checker.ErrMissingDate,
			"o.csv:14: missing date (give the ship date as YYYY-MM-DD, or --as-of)"},
		{"impossible date", checker.Order{Quantity: "1", Product: "H20", Destination: "CN", Date: "2023-02-30"}, checker.ErrBadDate,
			`o.csv:14: bad date "2023-02-30" (no such day: February 2023 has 28 days)`},
		{"impossible leap day", checker.Order{Quantity: "1", Product: "H20", Destination: "CN", Date: "2024-02-30"}, checker.ErrBadDate,
			`o.csv:14: bad date "2024-02-30" (no such day: February 2024 has 29 days)`},
		{"no such month", checker.Order{Quantity: "1", Product: "H20", Destination: "CN", Date: "2024-13-01"}, checker.ErrBadDate,
			`o.csv:14: bad date "2024-13-01" (there is no month 13: want YYYY-MM-DD)`},
		{"date not in form", checker.Order{Quantity: "1", Product: "H20", Destination: "CN", Date: "1/2/2024"}, checker.ErrBadDate,
			`o.csv:14: bad date "1/2/2024" (want YYYY-MM-DD)`},
		{"epoch date", checker.Order{Quantity: "1", Product: "H20", Destination: "CN", Date: "1970-01-01"}, checker.ErrBadDate,
			`o.csv:14: bad date "1970-01-01" (before 1990-01-01: a typo or a default date, not a ship date)`},
		{"year one", checker.Order{Quantity: "1", Product: "H20", Destination: "CN", Date: "0001-01-01"}, checker.ErrBadDate,
			`o.csv:14: bad date "0001-01-01" (before 1990-01-01: a typo or a default date, not a ship date)`},
		{"shipped before the product was released", checker.Order{Quantity: "1", Product: "B200", Destination: "CN", Date: "2022-12-31"}, checker.ErrBadDate,
			`o.csv:14: bad date "2022-12-31" (before nvidia-b200 could ship: the data gives its release as 2024, and takes dates from 2023-01-01 on; a typo, not a ship date)`},
		{"past the horizon", checker.Order{Quantity: "1", Product: "H20", Destination: "CN", Date: "2099-01-01"}, checker.ErrBadDate,
			`o.csv:14: bad date "2099-01-01" (after ` + horizon(t) + `, further past the date the data is as of than the horizon (--date-horizon); update the data to judge it)`},
		{"zero quantity", checker.Order{Product: "H20", Destination: "CN", Date: "2024-06-01", Quantity: "0"}, checker.ErrBadQuantity,
			`o.csv:14: bad quantity "0" (want a positive whole number, with or without thousands separators (1000 or 1,000))`},
		{"missing quantity", checker.Order{Product: "H20", Destination: "CN", Date: "2024-06-01"}, checker.ErrMissingField,
			`o.csv:14: missing field: quantity (give the number of units, a positive whole number)`},
		{"more units than are counted exactly", checker.Order{Product: "H20", Destination: "CN", Date: "2024-06-01", Quantity: "9223372036854775807"}, checker.ErrBadQuantity,
			`o.csv:14: bad quantity "9223372036854775807" (more units than one line may hold: at most 9,007,199,254,740,992 (2^53))`},
		{"more units than an int64 holds", checker.Order{Product: "H20", Destination: "CN", Date: "2024-06-01", Quantity: "99,999,999,999,999,999,999"}, checker.ErrBadQuantity,
			`o.csv:14: bad quantity "99,999,999,999,999,999,999" (more units than one line may hold: at most 9,007,199,254,740,992 (2^53))`},
		{"a negative past an int64", checker.Order{Product: "H20", Destination: "CN", Date: "2024-06-01", Quantity: "-99999999999999999999"}, checker.ErrBadQuantity,
			`o.csv:14: bad quantity "-99999999999999999999" (want a positive whole number, with or without thousands separators (1000 or 1,000))`},
		{"misplaced separator", checker.Order{Product: "H20", Destination: "CN", Date: "2024-06-01", Quantity: "10,00"}, checker.ErrBadQuantity,
			`o.csv:14: bad quantity "10,00" (want a positive whole number, with or without thousands separators (1000 or 1,000))`},
		{"unknown ship-from country", checker.Order{Quantity: "1", Product: "H20", Destination: "CN", ShipFrom: "Atlantis", Date: "2024-06-01"}, checker.ErrUnknownCountry,
			`o.csv:14: unknown country "Atlantis" (the country the item ships from, a code such as US or a name; blank: US)`},
		{"unknown end use", checker.Order{Quantity: "1", Product: "H20", Destination: "CN", EndUse: "space tourism", Date: "2024-06-01"}, checker.ErrUnknownEndUse,
			`o.csv:14: unknown end use "space tourism"; known: ` + endUses(t)},
		{"ambiguous country", checker.Order{Quantity: "1", Product: "H20", Destination: "Korea", Date: "2024-06-01"}, checker.ErrUnknownCountry,
			`o.csv:14: unknown country "Korea": ambiguous, one of KP (North Korea), KR (South Korea) (want a country code such as CN or a name such as China)`},
		{"Congo is either", checker.Order{Quantity: "1", Product: "H20", Destination: "Congo", Date: "2024-06-01"}, checker.ErrUnknownCountry,
			`o.csv:14: unknown country "Congo": ambiguous, one of CD (Congo, The Democratic Republic of the), CG (Congo) (want a country code such as CN or a name such as China)`},
		// Every problem of a line at once, field by field: a book is mended
		// in one pass, not one field a run.
		{"every problem at once", checker.Order{Quantity: "two", Product: "nvidia-h999", Destination: "XX", EndUserHQ: "Narnia", Date: "2024-13-01"}, checker.ErrUnknownProduct,
			`o.csv:14: unknown product "nvidia-h999" (see ` + "`exportcheck products`)" + `; and destination: unknown country "XX" (want a country code such as CN or a name such as China); and end_user_hq: unknown country "Narnia" (want a country code such as CN or a name such as China, or blank when unknown); and date: bad date "2024-13-01" (there is no month 13: want YYYY-MM-DD); and quantity: bad quantity "two" (want a positive whole number, with or without thousands separators (1000 or 1,000))`},
		{"a later problem is found too", checker.Order{Product: "H20", Destination: "CN"}, checker.ErrMissingField,
			"o.csv:14: missing date (give the ship date as YYYY-MM-DD, or --as-of); and quantity: missing field: quantity (give the number of units, a positive whole number)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := tt.order
			bad.File, bad.Line = "o.csv", 14
			rs, err := c.CheckAll(context.Background(), []checker.Order{good, bad, good})
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) != 3 || rs[0].Err != nil || rs[2].Err != nil {
				t.Fatalf("good lines lost or failed: %+v", rs)
			}
			if !errors.Is(rs[1].Err, tt.want) {
				t.Fatalf("err = %v, want %v", rs[1].Err, tt.want)
			}
			var ie *checker.InputError
			if !errors.As(rs[1].Err, &ie) || ie.Line != 14 {
				t.Fatalf("err %v is not an *InputError at line 14", rs[1].Err)
			}
			if diff := cmp.Diff(tt.msg, rs[1].Err.Error()); diff != "" {
				t.Errorf("message (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("as-of fills a missing date", func(t *testing.T) {
		c, err := checker.New(context.Background(), checker.Options{AsOf: "2023-11-17"})
		if err != nil {
			t.Fatal(err)
		}
		rs, err := c.CheckAll(context.Background(), []checker.Order{{Quantity: "1", Product: "H800 SXM5", Destination: "CN", EndUserHQ: "CN"}})
		if err != nil || rs[0].Err != nil {
			t.Fatal(err, rs[0].Err)
		}
		if rs[0].Decision != checker.LicenseRequired || rs[0].Date != "2023-11-17" {
			t.Errorf("got %s on %s", rs[0].Decision, rs[0].Date)
		}
	})
}

// book generates a varied order book for property tests and benchmarks.
func book(n int, seed uint64) []checker.Order {
	r := rand.New(rand.NewPCG(seed, 1))
	products := []string{"nvidia-h100-sxm5", "nvidia-h800-sxm5", "nvidia-h20", "nvidia-a100-sxm4-80gb", "nvidia-a800-sxm4-80gb",
		"nvidia-l40s", "nvidia-l40", "nvidia-l20", "nvidia-l4", "nvidia-rtx-4090", "nvidia-rtx-4090d", "nvidia-rtx-4060",
		"nvidia-dgx-h100", "nvidia-hgx-h20", "amd-mi300x", "amd-mi308x", "intel-gaudi3", "huawei-ascend-910b", "nvidia-h200-sxm", "nvidia-b200"}
	countries := []string{"CN", "HK", "MO", "DE", "JP", "US", "SG", "AE", "SA", "IL", "TW", "VN", "RU", "IR", "KH", "CY", "IN", "BR", ""}
	start := 18900 // 2021-09-30 in days since the epoch
	out := make([]checker.Order, n)
	for i := range out {
		dest := countries[r.IntN(len(countries)-1)]
		out[i] = checker.Order{
			File: "book", Line: i + 2, ID: fmt.Sprint(i),
			Product:     products[r.IntN(len(products))],
			Destination: dest,
			EndUserHQ:   countries[r.IntN(len(countries))],
			Date:        dateOf(start + r.IntN(365*5)),
			Quantity:    fmt.Sprint(1 + r.IntN(64)),
		}
	}
	return out
}

func dateOf(days int) string {
	return epochDay(days)
}

// dense is a book where few products, destinations and headquarters meet
// on many dates, so every decision key is hit across its rule periods.
func dense(n int, seed uint64) []checker.Order {
	r := rand.New(rand.NewPCG(seed, 2))
	products := []string{"nvidia-h100-sxm5", "nvidia-h20", "nvidia-a100-sxm4-80gb", "nvidia-rtx-4090", "nvidia-hgx-h20", "amd-mi308x", "nvidia-h200-sxm"}
	dests := []string{"CN", "HK", "MO", "KH", "CY", "RU", "DE", "US"}
	hqs := []string{"CN", "KH", "CY", "", "US"}
	out := make([]checker.Order, n)
	for i := range out {
		out[i] = checker.Order{Quantity: "1", File: "dense", Line: i + 2, ID: fmt.Sprint(i), Product: products[r.IntN(len(products))],
			Destination: dests[r.IntN(len(dests))], EndUserHQ: hqs[r.IntN(len(hqs))], Date: dateOf(18800 + r.IntN(365*6))}
	}
	return out
}

// TestCacheComplete: evaluating once per decision key (each line judged on
// the day that stands for its rule period, policy functions memoized) gives
// exactly the results of evaluating every line through Rego on its own
// date with nothing memoized.
func TestCacheComplete(t *testing.T) {
	checker.LessGC(t)
	ctx := context.Background()
	orders := append(book(3000, 7), dense(4000, 9)...)
	var a []checker.Result
	for _, regime := range []string{"enforced", "ai-diffusion"} {
		reference, err := checker.New(ctx, checker.Options{Regime: regime, NoCache: true, NoMemo: true, BatchSize: 97})
		if err != nil {
			t.Fatal(err)
		}
		want, err := reference.CheckAll(ctx, orders)
		if err != nil {
			t.Fatal(err)
		}
		for _, opts := range []checker.Options{{Regime: regime}, {Regime: regime, NoCache: true}} {
			got := checkAll(t, opts, orders)
			if diff := cmp.Diff(want, got, sameErrors); diff != "" {
				t.Errorf("%+v: results differ from every line through Rego on its own date, nothing memoized (-want +got):\n%s", opts, diff)
			}
		}
		if a == nil {
			a = want
		}
	}
	seen := map[checker.Decision]bool{}
	for _, r := range a {
		seen[r.Decision] = true
	}
	if len(seen) != 5 {
		t.Errorf("the generated book reaches only decisions %v; widen it", seen)
	}
}

// TestReasonRulesAnnotated: every rule id a reason carries is a METADATA id.
func TestReasonRulesAnnotated(t *testing.T) {
	c := newChecker(t)
	ids, err := checker.RuleIDs(c.Bundle())
	if err != nil {
		t.Fatal(err)
	}
	rs, err := c.CheckAll(context.Background(), book(2000, 3))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		for _, x := range r.Reasons {
			if _, ok := ids[x.Rule]; !ok {
				t.Fatalf("reason rule %q has no METADATA", x.Rule)
			}
			if x.Citation == "" || x.Message == "" {
				t.Fatalf("reason %+v lacks a citation or message", x)
			}
		}
	}
}

// TestRegulationCases runs a broad table of cases written from the
// regulation by a reviewer (testdata/regulation_cases.csv: expected is
// decision|ECCN|review policy or exception, "-" for none; end_use and
// ship_from are optional, and so are end_user and end_user_parent, which
// are screened against the embedded excerpt of the screening list, and
// parent_share: with it, the parent's share goes into an ownership register
// instead of the order, the rest of the end user's shares recorded as held
// by Rheinland Holding AG, a party on no list), independent of the
// policy's own tests.
func TestRegulationCases(t *testing.T) {
	f, err := os.Open("testdata/regulation_cases.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1 // the columns after ship_from only where a case names parties
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	c := newChecker(t)
	screened := sync.OnceValues(func() (*checker.Checker, error) {
		return checker.New(context.Background(), checker.Options{Screener: screening.Screener{M: screening.NewMatcher(screening.Excerpt())}})
	})
	dash := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	for _, row := range rows[1:] {
		id, want, note := row[0], row[5], row[6]
		t.Run(id, func(t *testing.T) {
			// A case asks what the rules say of a product on a date, as
			// the matrix does: on any date, released or not.
			o := checker.Order{Quantity: "1", ID: id, Product: row[1], Destination: row[2], EndUserHQ: row[3], Date: row[4], Hypothetical: true}
			if len(row) > 8 {
				o.EndUse, o.ShipFrom = row[7], row[8]
			}
			c := c
			if len(row) > 11 && row[11] != "" {
				o.EndUser = row[9]
				var share float64
				if _, err := fmt.Sscan(row[11], &share); err != nil {
					t.Fatal(err)
				}
				q := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
				reg := fmt.Sprintf("%s,%s,%s,2026-10-01,reviewer case\n%s,Rheinland Holding AG,%g,2026-10-01,reviewer case\n", q(o.EndUser), q(row[10]), row[11], q(o.EndUser), 100-share)
				var err error
				if c, err = checker.New(context.Background(), checker.Options{Screener: screening.Screener{M: screening.NewMatcher(screening.Excerpt())}, Ownership: testRegister(t, reg)}); err != nil {
					t.Fatal(err)
				}
			} else if len(row) > 10 {
				o.EndUser, o.EndUserParent = row[9], row[10]
				var err error
				if c, err = screened(); err != nil {
					t.Fatal(err)
				}
			}
			rs, err := c.CheckAll(context.Background(), []checker.Order{o})
			if err != nil || rs[0].Err != nil {
				t.Fatal(err, rs[0].Err)
			}
			r := rs[0]
			detail := r.ReviewPolicy
			if r.Exception != "" {
				detail = r.Exception
			}
			got := strings.Join([]string{r.Decision.String(), dash(r.ECCN), dash(detail)}, "|")
			if got != want {
				t.Errorf("%s %s→%s (HQ %q) on %s: got %s, want %s (%s)", id, row[1], row[2], row[3], row[4], got, want, note)
			}
		})
	}
}

// TestCheckStopsEarly: a consumer that stops after the first result does
// not leave the reader and workers blocked.
func TestCheckStopsEarly(t *testing.T) {
	c, err := checker.New(context.Background(), checker.Options{BatchSize: 8, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	orders := book(2000, 5)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for r, err := range c.Check(context.Background(), func(yield func(checker.Order, error) bool) {
			for _, o := range orders {
				if !yield(o, nil) {
					return
				}
			}
		}) {
			if err != nil || r.Order.ID != "0" {
				t.Errorf("first result %v %v", r.Order.ID, err)
			}
			break
		}
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Check did not return after the consumer stopped")
	}
}

// TestCountryProfiles: countries named nowhere in policies or data are judged
// by their facts on the day, one evaluation for all that share them, with
// each line's own code in its reasons. Every country as destination and as
// headquarters, for products of every kind and on days under each rule,
// gets the result of judging the line on its own.
func TestCountryProfiles(t *testing.T) {
	ctx := context.Background()
	c, err := checker.New(ctx, checker.Options{}) // its own evaluation count
	if err != nil {
		t.Fatal(err)
	}
	var orders []checker.Order
	add := func(p, dest, hq, date string) {
		orders = append(orders, checker.Order{Quantity: "1", File: "countries", Line: len(orders) + 2, Product: p, Destination: dest, EndUserHQ: hq, Date: date})
	}
	products := []string{"nvidia-h100-sxm5", "nvidia-h20", "nvidia-rtx-4090", "nvidia-hgx-h20", "amd-mi308x", "nvidia-l4"}
	dates := []string{"2022-06-01", "2023-06-01", "2024-06-01", "2025-06-01", "2026-06-01"}
	for i, x := range c.Catalog().Countries() {
		p, date := products[i%len(products)], dates[i%len(dates)]
		for _, other := range []string{"DE", "CN", "BR", ""} {
			add(p, x.Code, other, date)
			add(products[(i+1)%len(products)], other, x.Code, dates[(i+2)%len(dates)])
		}
		add(p, x.Code, x.Code, dates[(i+3)%len(dates)])
	}
	sameAsOnItsOwn(t, c, orders, checker.Options{})
	if n := c.Evaluated(); n*2 > int64(len(orders)) {
		t.Errorf("%d evaluations for %d lines: countries are not sharing evaluations", n, len(orders))
	}
}

// TestProductProfiles: products named nowhere else are judged by what the
// policy reads of their classifications, one evaluation for all that share
// it, with each line's own classification reasons and figures. Every
// product, to destinations under each rule (the 2026 case-by-case test
// included), on a day under each rule, gets the result of judging the line
// on its own.
func TestProductProfiles(t *testing.T) {
	ctx := context.Background()
	c, err := checker.New(ctx, checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var orders []checker.Order
	for _, p := range c.Catalog().Products() {
		for _, dest := range []string{"CN", "MO", "HK", "DE", "AE", "BR", "US", "RU"} {
			for _, hq := range []string{"CN", "BR", ""} {
				for _, date := range []string{"2022-06-01", "2022-11-01", "2023-06-01", "2024-01-01", "2024-06-01", "2025-03-01", "2026-06-01"} {
					orders = append(orders, checker.Order{Quantity: "1", File: "products", Line: len(orders) + 2, Product: p.ID, Destination: dest, EndUserHQ: hq, Date: date})
				}
			}
		}
	}
	sameAsOnItsOwn(t, c, orders, checker.Options{})
	if n := c.Evaluated(); n*3 > int64(len(orders))*2 { // every line here differs in product, countries or day
		t.Errorf("%d evaluations for %d lines: products are not sharing evaluations", n, len(orders))
	}
}

// TestHeadquartersProfiles: as the end user's headquarters, countries named
// nowhere are judged by what the policy reads of them there (whether D:5 or
// Macau, the groups notices name headquarters by), not by all their facts.
// With a notice that names headquarters by a group other than D:5 overlaid,
// every country as headquarters, under the notice and before it, gets the
// result of judging the line on its own; and countries share evaluations
// more than by their facts.
func TestHeadquartersProfiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	notice := `notices:
  test-d4-headquarters:
    title: "Test notice: H20 for end users headquartered in D:4"
    citation: "test"
    effective: "2025-01-01"
    effect: review
    review_policy: unspecified
    products: ["nvidia-h20"]
    headquarters_groups: ["D:4"]
    source: "test"
`
	if err := os.WriteFile(filepath.Join(dir, "notice.yaml"), []byte(notice), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := checker.Options{DataDirs: []string{dir}}
	c, err := checker.New(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	var orders []checker.Order
	for _, x := range c.Catalog().Countries() {
		for _, p := range []string{"nvidia-h20", "nvidia-h100-sxm5"} {
			for _, date := range []string{"2024-06-01", "2025-06-01"} {
				orders = append(orders, checker.Order{Quantity: "1", File: "hq", Line: len(orders) + 2, Product: p, Destination: "AE", EndUserHQ: x.Code, Date: date})
			}
		}
	}
	sameAsOnItsOwn(t, c, orders, opts)
	// 16 named codes (ten the policies and data name; Puerto Rico and the
	// five U.S. territories, treated as US, keyed by their own code) and a
	// few profiles, each under 2 products on 2 days (by their facts, as
	// destinations, some 24 more than the ~110 before them).
	if n := c.Evaluated(); n*8 > int64(len(orders)) {
		t.Errorf("%d evaluations for %d lines: headquarters are not shared by what the policy reads of them", n, len(orders))
	}
}

// sameAsOnItsOwn checks that c gives every order the result of judging it
// on its own (every line through Rego from scratch: its own codes and date,
// nothing memoized) with opts.
func sameAsOnItsOwn(t *testing.T, c *checker.Checker, orders []checker.Order, opts checker.Options) {
	t.Helper()
	ctx := context.Background()
	opts.NoCache, opts.NoMemo = true, true
	want := checkAll(t, opts, orders)
	got, err := c.CheckAll(ctx, orders)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, sameErrors); diff != "" {
		t.Errorf("judged by profile differs from judged on its own (-own +profile):\n%s", diff)
	}
}

// TestCompanyDataProfiles: with a company catalog overlaid (systems naming
// their component chips), products and countries judged by profile get the
// results of judging every line on its own.
func TestCompanyDataProfiles(t *testing.T) {
	ctx := context.Background()
	opts := checker.Options{DataDirs: []string{"../examples/company-data"}}
	c, err := checker.New(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	var orders []checker.Order
	for _, p := range []string{"acme-inference-box-4", "acme-edge-l4", "nvidia-l4", "nvidia-h100-sxm5", "nvidia-h20"} {
		for _, dest := range []string{"CN", "AE", "BR", "DE"} {
			for _, date := range []string{"2023-06-01", "2024-06-01", "2025-06-01", "2026-06-01"} {
				orders = append(orders, checker.Order{Quantity: "1", File: "company", Line: len(orders) + 2, Product: p, Destination: dest, EndUserHQ: "BR", Date: date})
			}
		}
	}
	opts.NoMemo = true
	sameAsOnItsOwn(t, c, orders, opts)
}

// sameErrors compares errors by their text.
var sameErrors = cmp.Comparer(func(x, y error) bool { return fmt.Sprint(x) == fmt.Sprint(y) })

// checkAll checks orders with a new checker built with opts.
func checkAll(t *testing.T, opts checker.Options, orders []checker.Order) []checker.Result {
	t.Helper()
	c, err := checker.New(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := c.CheckAll(context.Background(), orders)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// TestProfilesOnTheirOwnDates: what the policy reads of a product (its
// classifications under the rules in force, the notices naming it) and of a
// country (its group memberships) is evaluated once per period of their own
// dates. Every product on each date of the rules and notices, and every
// country with dated memberships on each of its dates, and on the day
// before each, gets the result of judging the line on its own.
func TestProfilesOnTheirOwnDates(t *testing.T) {
	ctx := context.Background()
	c, err := checker.New(ctx, checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	doc := c.Bundle().Data
	var orders []checker.Order
	add := func(p, dest, hq, date string) {
		for _, d := range []string{dayBefore(t, date), date} {
			orders = append(orders, checker.Order{Quantity: "1", File: "own-dates", Line: len(orders) + 2, Product: p, Destination: dest, EndUserHQ: hq, Date: d})
		}
	}
	var ruleDates []string
	for _, key := range []string{"rules", "notices"} {
		for _, v := range doc[key].(map[string]any) {
			for _, k := range []string{"effective", "until"} {
				if d, ok := v.(map[string]any)[k].(string); ok {
					ruleDates = append(ruleDates, d)
				}
			}
		}
	}
	dests := []string{"CN", "AE", "RU", "DE", "MO"}
	for i, p := range c.Catalog().Products() {
		for j, d := range ruleDates {
			add(p.ID, dests[(i+j)%len(dests)], "", d)
		}
	}
	products := c.Catalog().Products()
	dated := 0
	for code, v := range doc["countries"].(map[string]any) {
		groups, _ := v.(map[string]any)["groups"].(map[string]any)
		for _, ivs := range groups {
			for _, iv := range ivs.([]any) {
				for _, k := range []string{"from", "until"} {
					if d, ok := iv.(map[string]any)[k].(string); ok {
						dated++
						for i, p := range products {
							if i%4 == 0 {
								add(p.ID, code, "BR", d)
								add(p.ID, "BR", code, d)
							}
						}
					}
				}
			}
		}
	}
	if len(ruleDates) < 5 || dated == 0 {
		t.Fatalf("%d rule and notice dates, %d dated memberships: the data has changed shape", len(ruleDates), dated)
	}
	sameAsOnItsOwn(t, c, orders, checker.Options{})
}

func dayBefore(t *testing.T, d string) string {
	t.Helper()
	x, err := time.Parse(time.DateOnly, d)
	if err != nil {
		t.Fatal(err)
	}
	return x.AddDate(0, 0, -1).Format(time.DateOnly)
}

// TestEvaluatedOncePerKey: each distinct decision key goes through Rego
// once, however many workers meet it at the same time, for lines with a
// screening hit too.
func TestEvaluatedOncePerKey(t *testing.T) {
	ctx := context.Background()
	orders := book(6000, 11)
	for i := range orders {
		if i%5 == 0 {
			orders[i].EndUser = fmt.Sprint("Listed Party ", i%3)
		}
	}
	evaluations := func(opts checker.Options) int64 {
		t.Helper()
		opts.Screener = listed{}
		c, err := checker.New(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.CheckAll(ctx, orders); err != nil {
			t.Fatal(err)
		}
		return c.Evaluated()
	}
	keys := evaluations(checker.Options{Workers: 1}) // one worker meets each key once
	if got := evaluations(checker.Options{Workers: 8, BatchSize: 8}); got != keys {
		t.Errorf("8 workers evaluated %d times for %d distinct decision keys", got, keys)
	}
}

// TestCheckAgainAfterCancel: a check cancelled while keys are being
// evaluated leaves none of them taken: the same checker then checks the book
// as a new one does. Lines without and with a screening hit (decision keys
// kept by entry and by text).
func TestCheckAgainAfterCancel(t *testing.T) {
	for _, screened := range []bool{false, true} {
		orders := book(3000, 13)
		if screened {
			for i := range orders {
				orders[i].EndUser = fmt.Sprint("Listed Party ", i%3)
			}
		}
		c, err := checker.New(context.Background(), checker.Options{Workers: 4, BatchSize: 8, Screener: listed{}})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		all := func(yield func(checker.Order, error) bool) {
			for _, o := range orders {
				if !yield(o, nil) {
					return
				}
			}
		}
		n := 0
		for _, err := range c.Check(ctx, all) {
			if n++; n == 50 {
				cancel() // the workers are still evaluating keys met further on
			}
			if err != nil {
				break
			}
		}
		cancel()
		if c.Evaluated() == 0 {
			t.Fatal("nothing was evaluated before the cancel")
		}
		got, err := c.CheckAll(context.Background(), orders)
		if err != nil {
			t.Fatalf("screened %v: %v", screened, err)
		}
		want := checkAll(t, checker.Options{Screener: listed{}}, orders)
		if diff := cmp.Diff(want, got, sameErrors); diff != "" {
			t.Errorf("screened %v: checked again after a cancel (-new checker +again):\n%s", screened, diff)
		}
	}
}

// listed screens every end user as a hit on one of three entries.
type listed struct{}

func (listed) Flags(string) []checker.NameFlag { return nil }

func (listed) Screen(name, _ string, _ float64) []*checker.ScreeningFact {
	return []*checker.ScreeningFact{{List: "Entity List", EntryID: name, Name: name, MatchedName: name, Score: 0.97,
		LicenseRequirement: "For all items subject to the EAR.", LicensePolicy: "Presumption of denial."}}
}

// TestCheckLines: lines already read give the results Check gives, whether
// they fit in one batch (judged on the caller's goroutine) or not, with a
// line that could not be read kept in its place, with and without records.
func TestCheckLines(t *testing.T) {
	ctx := context.Background()
	orders := book(300, 11)
	for i := range orders {
		orders[i].EndUser = []string{"Gulf Analytics Cloud LLC", "Pearl River Render Studio Co."}[i%2]
	}
	licence := "record: licence\nnumber: D0000001\nkind: license\nstatus: active\nissued: 2021-01-01\nexpires: 2027-12-31\nitems: {eccns: [3A090.a, 4A090.a]}\ndestinations: [CN, AE, SA, HK]\nend_users: [Gulf Analytics Cloud LLC]\nquantity_limits: {3A090.a: 400}"
	bad := checker.Result{Order: checker.Order{File: "book.json", Line: 7}, Err: &checker.InputError{File: "book.json", Line: 7, Err: checker.ErrBadInput}}
	for _, withRecords := range []bool{false, true} {
		opts := checker.Options{BatchSize: 64}
		if withRecords {
			opts.Records = testRecords(t, licence)
		}
		c, err := checker.New(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		check := func(lines []checker.Result, viaLines bool) []checker.Result {
			seq := c.CheckLines(ctx, lines)
			if !viaLines {
				seq = c.Check(ctx, func(yield func(checker.Order, error) bool) {
					for _, l := range lines {
						if !yield(l.Order, l.Err) {
							return
						}
					}
				})
			}
			var out []checker.Result
			for r, err := range seq {
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, r)
			}
			return out
		}
		var lines []checker.Result
		for i, o := range orders {
			if i == 5 {
				lines = append(lines, bad)
			}
			lines = append(lines, checker.Result{Order: o})
		}
		for _, n := range []int{1, 63, 64, 65, len(lines)} {
			want, got := check(lines[:n], false), check(lines[:n], true)
			if diff := cmp.Diff(want, got, sameErrors); diff != "" {
				t.Errorf("records %v, %d lines: CheckLines differs from Check (-want +got):\n%s", withRecords, n, diff)
			}
			if len(got) != n {
				t.Errorf("records %v: %d lines gave %d results", withRecords, n, len(got))
			}
			if n == len(lines) && withRecords && !slices.ContainsFunc(got, func(r checker.Result) bool { return r.Decision == checker.Licensed }) {
				t.Errorf("no line is licensed: the records path is not exercised")
			}
		}
	}
}

// TestReasonsShared: lines whose reasons read alike share one slice of
// them, whatever key, period or codes gave them (the writers, the spool
// and the ledger encode a shared slice once).
func TestReasonsShared(t *testing.T) {
	var orders []checker.Order
	for i, p := range []string{"nvidia-h100-sxm5", "nvidia-l4", "nvidia-h20", "nvidia-a100-sxm4-80gb"} {
		for j, d := range []string{"DE", "FR", "NL", "CN", "AE", "SG", "JP", "IN"} {
			for y := 2023; y <= 2026; y++ {
				for m := 1; m <= 12; m += 2 {
					orders = append(orders, checker.Order{File: "book.csv", Line: len(orders) + 2, ID: fmt.Sprint(i, j, y, m), Product: p, Quantity: "1",
						Destination: d, EndUser: "Acme", EndUserHQ: d, Date: fmt.Sprintf("%d-%02d-15", y, m)})
				}
			}
		}
	}
	type slice struct {
		p *checker.Reason
		n int
	}
	slices, texts := map[slice]bool{}, map[string]bool{}
	for _, r := range checkAll(t, checker.Options{}, orders) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		slices[slice{&r.Reasons[0], len(r.Reasons)}] = true
		texts[fmt.Sprint(r.Reasons)] = true
	}
	if len(slices) != len(texts) {
		t.Errorf("%d lines: %d texts of reasons in %d slices, want one slice a text", len(orders), len(texts), len(slices))
	}
}

// TestPublishedTPPProfiles: products whose vendor-published TPP reaches
// the 2026 case-by-case threshold (the computed TPP staying under it) are
// judged by a profile that holds the published figure: two such products,
// otherwise alike (the H100 and H200, 3A090.a, under the 2026 thresholds
// as computed), each get their own figure in the reason, as judged on
// their own. TestCacheComplete's book, from the shipped data, holds no
// such product.
func TestPublishedTPPProfiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	overlay := `products:
  nvidia-h100-sxm5:
    published_tpp: {value: 22000, source: "test"}
  nvidia-h200-sxm:
    published_tpp: {value: 21500, source: "test"}
`
	if err := os.WriteFile(filepath.Join(dir, "published.yaml"), []byte(overlay), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := checker.Options{DataDirs: []string{dir}}
	c, err := checker.New(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	var orders []checker.Order
	for _, p := range []string{"nvidia-h100-sxm5", "nvidia-h200-sxm", "nvidia-h100-sxm5", "nvidia-h20"} {
		for _, hq := range []string{"CN", "BR"} {
			orders = append(orders, checker.Order{Quantity: "1", File: "published", Line: len(orders) + 2, Product: p, Destination: "CN", EndUserHQ: hq, Date: "2026-06-01"})
		}
	}
	sameAsOnItsOwn(t, c, orders, opts)
	rs, err := c.CheckAll(ctx, orders[2:3])
	if err != nil {
		t.Fatal(err)
	}
	var said bool
	for _, x := range rs[0].Reasons {
		if x.Rule == "license.review_policy.2026.sources_disagree" {
			said = strings.Contains(x.Message, "21,500 published by the vendor")
		}
	}
	if !said {
		t.Errorf("the H200 line does not say the vendor's 21,500: %+v", rs[0].Reasons)
	}
}

// TestFirstShipDate: a line dated before its product could ship (the year
// before the data's release year) is a bad date; from that day on it is
// judged, and so is any date asked as a what-if: a matrix cell, or a
// book judged as of a date.
func TestFirstShipDate(t *testing.T) {
	ctx := context.Background()
	asOf, err := checker.New(ctx, checker.Options{AsOf: "2020-06-01"})
	if err != nil {
		t.Fatal(err)
	}
	b200 := checker.Order{File: "o.csv", Line: 2, Quantity: "1", Product: "B200", Destination: "DE", EndUserHQ: "DE"}
	tests := []struct {
		name string
		c    *checker.Checker
		date string
		what bool
		want string // the error, or the decision
	}{
		{"the day before", newChecker(t), "2022-12-31", false, `o.csv:2: bad date "2022-12-31" (before nvidia-b200 could ship: the data gives its release as 2024, and takes dates from 2023-01-01 on; a typo, not a ship date)`},
		{"the first day", newChecker(t), "2023-01-01", false, "allow"},
		{"a matrix cell", newChecker(t), "2020-06-01", true, "allow"},
		{"judged as of a date", asOf, "", false, "allow"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := b200
			o.Date, o.Hypothetical = tt.date, tt.what
			rs, err := tt.c.CheckAll(ctx, []checker.Order{o})
			if err != nil {
				t.Fatal(err)
			}
			got := rs[0].Decision.String()
			if rs[0].Err != nil {
				got = rs[0].Err.Error()
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
