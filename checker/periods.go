package checker

import (
	"fmt"
	"sort"
	"sync"
	"time"
)

// Rule periods. The policies compare an order's date only with dates from
// data (a test rejects date literals in policies), so a decision can change
// only on a date named in data: every date between two of them gets the same
// decision. The checker keys its cache by that interval instead of the date.
//
// With the embedded policies the interval can be narrowed further to the
// dates that concern one order: the rule timeline (data.rules), the notices
// naming its product or a component of it (data.notices), and the group
// memberships and sanctions programmes of its destination and headquarters
// (data.countries, data.sanctions) — the only dated facts those policies
// read for it. With company policies (Options.PolicyDirs or PolicyFS) the
// checker cannot know what they read and uses every date in data.

// periodIndex finds the rule period of a date for a decision key.
type periodIndex struct {
	all     []string // every date in data, sorted
	narrow  bool     // narrow to the dates that concern the order
	global  []string
	product map[string][]string
	country map[string][]string
	treated map[string]string
	unknown []string // data.unknown_headquarters
	lists   sync.Map // "product|dest|hq" -> []string
}

func newPeriodIndex(doc map[string]any, narrow bool) *periodIndex {
	ix := &periodIndex{all: dates(doc), narrow: narrow, product: map[string][]string{}, country: map[string][]string{}, treated: map[string]string{}}
	rules, _ := doc["rules"].(map[string]any)
	ix.global = dates(rules)
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
		if t := str(m["treated_as"]); t != "" {
			ix.treated[code] = t
		}
	}
	return ix
}

func anyList(v any) []any {
	l, _ := v.([]any)
	return l
}

func (ix *periodIndex) listFor(product, dest, hq string) []string {
	if !ix.narrow {
		return ix.all
	}
	k := product + "|" + dest + "|" + hq
	if v, ok := ix.lists.Load(k); ok {
		return v.([]string)
	}
	set := map[string]bool{}
	add := func(ds []string) {
		for _, d := range ds {
			set[d] = true
		}
	}
	add(ix.global)
	add(ix.product[product])
	countries := []string{dest, hq}
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
	list := make([]string, 0, len(set))
	for d := range set {
		list = append(list, d)
	}
	sort.Strings(list)
	ix.lists.Store(k, list)
	return list
}

// period names the interval of list that d falls in: "=i" on the i-th date,
// "<i" before it.
func period(list []string, d string) string {
	i := sort.SearchStrings(list, d)
	if i < len(list) && list[i] == d {
		return fmt.Sprintf("=%d", i)
	}
	return fmt.Sprintf("<%d", i)
}

// periodDay is the day that stands for d's interval of list: d itself when
// it is a date of list, else the day after the date before it (or the day
// before the first date). Policies that compare d only with the dates of
// list decide the same on that day as on d, and a memoized policy function
// called with it is shared by every date of the interval.
func periodDay(list []string, d string) string {
	i := sort.SearchStrings(list, d)
	if i < len(list) && list[i] == d {
		return d
	}
	if i == 0 {
		if len(list) == 0 {
			return d
		}
		return shiftDay(list[0], -1)
	}
	return shiftDay(list[i-1], 1)
}

func shiftDay(d string, days int) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.AddDate(0, 0, days).Format(time.DateOnly)
}
