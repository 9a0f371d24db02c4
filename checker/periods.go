package checker

import (
	"sort"
	"strings"
	"sync"
	"time"
)

// Rule periods. The policies compare an order's date only with dates from
// data (a test rejects date literals in policies), so a decision can change
// only on a date named in data: every date between two of them gets the same
// decision. The checker keys its cache by that interval instead of the date.
//
// With the embedded policies the interval can be narrowed further to the
// dates that concern one order: the rule timeline (the rules in data.rules
// its regime counts), the notices
// naming its product or a component of it (data.notices), and the group
// memberships and sanctions programmes of its destination and headquarters
// (data.countries, data.sanctions), and the 50 % rules (data.ownership) —
// the only dated facts those policies
// read for it (the checker derives from the compiled policy that it reads
// no other dated data: dependencies.go). Those policies also compare dates
// only as `from <= d` and `d < until` (half-open intervals), so a date
// named in data belongs with the days after it. With company policies
// (Options.PolicyDirs) the checker cannot know how they compare: it uses
// every date in data, each a period of its own.

// periodIndex finds the rule period of a date for a decision key.
type periodIndex struct {
	all     []string // every date in data, sorted
	narrow  bool     // narrow to the dates that concern the order
	global  []string
	product map[string][]string
	country map[string][]string
	treated map[string]string // code -> the country the policy treats it as, when another
	unknown []string          // data.unknown_headquarters
	mu      sync.RWMutex
	lists   map[[4]string][]string // product, dest, hq, ship from -> the dates that concern them
	same    map[string][]string    // a list's dates joined -> the list: many keys share one list
}

// newPeriodIndex indexes the dates of doc; treated is the country the
// policy treats a code as, for the codes it treats as another (treatedAs).
func newPeriodIndex(doc map[string]any, narrow bool, regime string, treated map[string]string) *periodIndex {
	ix := &periodIndex{all: dates(doc), narrow: narrow, product: map[string][]string{}, country: map[string][]string{}, treated: treated, lists: map[[4]string][]string{}, same: map[string][]string{}}
	// The rules the regime counts: the enforced ones and the unenforced ones
	// it includes (exportcheck.timeline.in_force).
	rules, _ := doc["rules"].(map[string]any)
	regimes, _ := doc["regimes"].(map[string]any)
	r, _ := regimes[regime].(map[string]any)
	included := map[string]bool{}
	for _, id := range stringList(r["includes_unenforced"]) {
		included[id] = true
	}
	var counted []any
	for id, v := range rules {
		if m, _ := v.(map[string]any); m["enforced"] == true || included[id] {
			counted = append(counted, v)
		}
	}
	// The 50 % rules' periods concern any line whose owners are handed
	// over; every line's periods include them (what-if regimes only leave
	// periods out, so every date counts).
	counted = append(counted, doc["ownership"])
	ix.global = dates(counted)
	products, _ := doc["products"].(map[string]any)
	notices, _ := doc["notices"].(map[string]any)
	for id, v := range products {
		p, _ := v.(map[string]any)
		names := map[string]bool{id: true}
		for _, x := range anyList(p["components"]) {
			if m, ok := x.(map[string]any); ok {
				names[str(m["product"])] = true
			}
		}
		var ds []any
		for _, nv := range notices {
			n, _ := nv.(map[string]any)
			for _, x := range anyList(n["products"]) {
				if names[str(x)] {
					ds = append(ds, n)
					break
				}
			}
		}
		ix.product[id] = dates(ds)
	}
	ix.unknown = stringList(doc["unknown_headquarters"])
	countries, _ := doc["countries"].(map[string]any)
	sanctions, _ := doc["sanctions"].(map[string]any)
	programmes, _ := sanctions["countries"].(map[string]any)
	for code, v := range countries {
		m, _ := v.(map[string]any)
		ix.country[code] = dates([]any{m["groups"], programmes[code]})
	}
	return ix
}

// productDates are the dates of the rules the regime counts and of the
// notices that name a product or a product it contains, sorted: what the
// policy reads of the product on a day (its classifications and the
// notices in force) changes only on them.
func (ix *periodIndex) productDates(id string) []string {
	set := map[string]bool{}
	for _, d := range ix.global {
		set[d] = true
	}
	for _, d := range ix.product[id] {
		set[d] = true
	}
	return sortedKeys(set)
}

func anyList(v any) []any {
	l, _ := v.([]any)
	return l
}

func (ix *periodIndex) listFor(product, dest, hq, shipFrom string) []string {
	if !ix.narrow {
		return ix.all
	}
	k := [4]string{product, dest, hq, shipFrom}
	ix.mu.RLock()
	list, ok := ix.lists[k]
	ix.mu.RUnlock()
	if ok {
		return list
	}
	set := map[string]bool{}
	add := func(ds []string) {
		for _, d := range ds {
			set[d] = true
		}
	}
	add(ix.global)
	add(ix.product[product])
	countries := []string{dest, hq, shipFrom}
	if hq == "" {
		// The policy assumes each of data.unknown_headquarters; their dates count.
		countries = append(countries, ix.unknown...)
	}
	for _, c := range countries {
		add(ix.country[c])
		if t, ok := ix.treated[c]; ok {
			add(ix.country[t])
		}
	}
	list = make([]string, 0, len(set))
	for d := range set {
		list = append(list, d)
	}
	sort.Strings(list)
	joined := strings.Join(list, ",")
	ix.mu.Lock()
	if same, ok := ix.same[joined]; ok {
		list = same
	} else {
		ix.same[joined] = list
	}
	ix.lists[k] = list
	ix.mu.Unlock()
	return list
}

// period numbers the interval of list that d falls in. Half-open: the
// number of dates of list on or before d. Otherwise 2i+1 on the i-th date
// and 2i between it and the date before.
func period(list []string, d string, halfOpen bool) int {
	i := sort.SearchStrings(list, d)
	on := i < len(list) && list[i] == d
	switch {
	case halfOpen && on:
		return i + 1
	case halfOpen:
		return i
	case on:
		return 2*i + 1
	}
	return 2 * i
}

// periodDays gives the day that stands for each interval of list (numbered
// as by period): the date of list that opens it, else the day after the
// date before it, or the day before the first date. Policies that compare
// dates only with the dates of list decide the same on that day as on any
// date of the interval, and a memoized policy function called with it is
// shared by every date of the interval.
type periodDays struct {
	list     []string
	halfOpen bool
	days     []string // by period number (fine-grained numbering only)
}

func newPeriodDays(list []string, halfOpen bool) *periodDays {
	pd := &periodDays{list: list, halfOpen: halfOpen}
	if len(list) == 0 || halfOpen {
		return pd
	}
	pd.days = []string{shiftDay(list[0], -1)}
	for i, d := range list {
		pd.days = append(pd.days, d)
		if i+1 < len(list) {
			pd.days = append(pd.days, shiftDay(d, 1))
		}
	}
	return pd
}

func (pd *periodDays) day(d string) string {
	if pd.halfOpen {
		return standingDay(pd.list, d)
	}
	p := period(pd.list, d, false)
	if p >= len(pd.days) {
		// After the last date (only the fine-grained numbering ends here).
		return shiftDay(pd.list[len(pd.list)-1], 1)
	}
	if len(pd.days) == 0 || p%2 == 1 {
		return d
	}
	return pd.days[p]
}

// standingDay is the day that stands for d's half-open interval of list:
// the last date of list on or before d, or the day before the first.
func standingDay(list []string, d string) string {
	if len(list) == 0 {
		return d
	}
	i := sort.SearchStrings(list, d)
	if i < len(list) && list[i] == d {
		return d
	}
	if i == 0 {
		return shiftDay(list[0], -1)
	}
	return list[i-1]
}

func shiftDay(d string, days int) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.AddDate(0, 0, days).Format(time.DateOnly)
}
