package records

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/exportcheck/exportcheck/checker"
)

var printer = message.NewPrinter(language.English)

// Amount writes a number for people: 1,250 or 3,500,000.50, counted to
// the millionth as the check counts dollars (0.3 less 0.1 and 0.2 is 0,
// not -0.00), with the millionths when the cents do not show them
// (0.000001 left is not 0.00).
func Amount(f float64) string {
	f = checker.Dollars(f)
	if f == float64(int64(f)) {
		return printer.Sprintf("%d", int64(f))
	}
	if cents := math.Round(f*100) / 100; checker.Dollars(cents) == f {
		return printer.Sprintf("%.2f", f)
	}
	return strings.TrimRight(printer.Sprintf("%.6f", f), "0")
}

// LimitsText writes a licence's limits, less what was drawn on each (by
// limit: a product ID, an ECCN, or "value") and, when drawn is not nil,
// less its value_drawn_before_usd: "100 nvidia-h100-sxm5; USD
// 3,500,000"; "no limit" for a licence without limits (a VEU: "none" read
// as nothing left). A limit lowered below
// what was drawn reads "overdrawn by 3 nvidia-h100-sxm5", as the check
// says it, not "-3"; a value limit whose drawn shipments drew units only
// (checker.Unvalued) and no value_drawn_before_usd says, "USD not known".
func (l *Licence) LimitsText(drawn map[string]float64) string {
	var out []string
	// What was drawn under a limit the licence no longer has counts
	// against those it has, as the check counts it.
	drawn, _ = checker.FoldDrawn(slices.Sorted(maps.Keys(l.QuantityLimits)), drawn)
	for _, k := range slices.Sorted(maps.Keys(l.QuantityLimits)) {
		if left := float64(l.QuantityLimits[k]) - drawn[k]; left < 0 {
			out = append(out, "overdrawn by "+Amount(-left)+" "+k)
		} else {
			out = append(out, Amount(left)+" "+k)
		}
	}
	if l.ValueLimitUSD > 0 {
		out = append(out, valueLeft(l.ValueLimitUSD, l.ValueDrawnBeforeUSD, drawn))
	}
	if len(out) == 0 {
		return "no limit"
	}
	return strings.Join(out, "; ")
}

// valueLeft writes what is left of a value limit (limit, in USD) after
// drawn["value"] and, when drawn is not nil, the value drawn before:
// "USD 1,250", "overdrawn by USD 3"; "USD not known" while shipments that
// drew units only (checker.Unvalued) are not given a value (the check
// covers no line with it until value_drawn_before_usd says).
func valueLeft(limit, before float64, drawn map[string]float64) string {
	if u := drawn[checker.Unvalued]; u > 0 && before == 0 {
		return "USD not known (" + Amount(u) + " units committed before the value was recorded drew nothing on it: give value_drawn_before_usd)"
	}
	if drawn == nil {
		before = 0
	}
	left := checker.Dollars(limit - drawn["value"] - before)
	if left < 0 {
		return "overdrawn by USD " + Amount(-left)
	}
	return "USD " + Amount(left)
}

// Remaining is what remains on a licence's limits after drawn, or, where
// the policy says it covers no line shipping on the listing's day
// (unusable: checker.Standing's Faults, such as revoked, expired, a
// condition it cannot check, a VEU without its Federal Register listing),
// why not: what is left on a licence that covers nothing is not room. A
// licence revoked or suspended from a day after it still has its room
// until then.
func (l *Licence) Remaining(drawn map[string]float64, unusable []string) string {
	if len(unusable) > 0 {
		return "- (" + strings.Join(unusable, "; ") + ")"
	}
	if drawn == nil { // what remains: less the value drawn before
		drawn = map[string]float64{}
	}
	return l.LimitsText(drawn)
}

// Remaining is what remains on a notification after what was drawn on it
// (by limit: "quantity", "value"): its units and, with value_usd, its
// dollar value less the value drawn before ("6; USD 9,594"), or, where
// the policy says it covers no line shipping on the listing's day
// (unusable: checker.Standing's Faults, such as usable only from a day to
// come, BIS objected, a NAC notification BIS has not confirmed or one
// without value_usd), why not: its units are not room.
func (n *Notification) Remaining(drawn map[string]float64, unusable []string) string {
	if len(unusable) > 0 {
		return "- (" + strings.Join(unusable, "; ") + ")"
	}
	out := Amount(float64(n.Quantity) - drawn["quantity"])
	if n.ValueUSD > 0 {
		if drawn == nil {
			drawn = map[string]float64{} // what remains: less the value drawn before
		}
		out += "; " + valueLeft(n.ValueUSD, n.ValueDrawnBeforeUSD, drawn)
	}
	return out
}

// StatusText is a licence's or notification's status on a day as the
// policy says it stands (checker.Standing): "expired", "revoked",
// "suspended from 2026-03-10" (before it, still covering), "confirmed
// (usable from 2026-01-26)" (a notification not usable yet), with that day
// written by as (nil: YYYY-MM-DD), for a page that writes its dates
// otherwise.
func StatusText(st checker.Standing, as func(string) string) string {
	switch {
	case st.From != "":
		return st.Status + " from " + dateAs(st.From, as)
	case st.UsableFrom != "":
		return st.Status + " (usable from " + dateAs(st.UsableFrom, as) + ")"
	}
	return st.Status
}

// ExpiryIn writes an expiry date with how far it is from today (both
// YYYY-MM-DD): "2027-03-02 (in 365 days)", "none" for no date.
func ExpiryIn(date, today string) string { return ExpiryInAs(date, today, nil) }

// ExpiryInAs is ExpiryIn with the date written by as (nil: YYYY-MM-DD),
// for a page that writes its dates otherwise: "2 Mar 2027 (in 365 days)".
func ExpiryInAs(date, today string, as func(string) string) string {
	if date == "" {
		return "none"
	}
	shown := dateAs(date, as)
	t, _ := time.Parse(time.DateOnly, today)
	d, _ := time.Parse(time.DateOnly, date)
	n := int(d.Sub(t).Hours() / 24)
	days := func(n int) string {
		if n == 1 {
			return "1 day"
		}
		return printer.Sprintf("%d days", n)
	}
	switch {
	case n == 0:
		return shown + " (today)"
	case n > 0:
		return fmt.Sprintf("%s (in %s)", shown, days(n))
	default:
		return fmt.Sprintf("%s (expired %s ago)", shown, days(-n))
	}
}

// dateAs is date (YYYY-MM-DD) written by as, or as it is.
func dateAs(date string, as func(string) string) string {
	if as == nil {
		return date
	}
	return as(date)
}
