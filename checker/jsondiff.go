package checker

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// jsonDiff says where two JSON values (as ast.JSON gives them: maps,
// slices, strings, json.Number, bools and nil) differ, one place after
// another, each by its path as Rego writes it:
//
//	decision
//	  left:  "allow"
//	  right: "review"
//	reasons[2]: on the right only: {"message": "…", "rule": "…"}
//
// Arrays are aligned on their equal elements first (a reason missing in
// the middle is one place, not every reason after it); what is left of
// them is compared element by element. "" when they are equal.
func jsonDiff(left, right any) string {
	var b strings.Builder
	diffAt(&b, "", left, right)
	return strings.TrimRight(b.String(), "\n")
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func diffAt(b *strings.Builder, at string, l, r any) {
	if jsonText(l) == jsonText(r) {
		return
	}
	switch lv := l.(type) {
	case map[string]any:
		rv, ok := r.(map[string]any)
		if !ok {
			break
		}
		keys := make([]string, 0, len(lv)+len(rv))
		for k := range lv {
			keys = append(keys, k)
		}
		for k := range rv {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range slices.Compact(keys) {
			path := at + "[" + jsonText(k) + "]"
			if identifier.MatchString(k) {
				path = strings.TrimPrefix(at+"."+k, ".")
			}
			lx, lok := lv[k]
			rx, rok := rv[k]
			switch {
			case !lok:
				fmt.Fprintf(b, "%s: on the right only: %s\n", path, jsonText(rx))
			case !rok:
				fmt.Fprintf(b, "%s: on the left only: %s\n", path, jsonText(lx))
			default:
				diffAt(b, path, lx, rx)
			}
		}
		return
	case []any:
		if rv, ok := r.([]any); ok {
			diffArrays(b, at, lv, rv)
			return
		}
	}
	if at == "" { // the values themselves
		fmt.Fprintf(b, "left:  %s\nright: %s\n", jsonText(l), jsonText(r))
		return
	}
	fmt.Fprintf(b, "%s\n  left:  %s\n  right: %s\n", at, jsonText(l), jsonText(r))
}

// diffArrays aligns l and r on their longest common run of equal
// elements, then compares what lies between, pairwise, and names what is
// on one side only.
func diffArrays(b *strings.Builder, at string, l, r []any) {
	lt, rt := make([]string, len(l)), make([]string, len(r))
	for i, x := range l {
		lt[i] = jsonText(x)
	}
	for j, x := range r {
		rt[j] = jsonText(x)
	}
	// lcs[i][j]: the longest common subsequence of lt[i:] and rt[j:].
	lcs := make([][]int, len(l)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(r)+1)
	}
	for i := len(l) - 1; i >= 0; i-- {
		for j := len(r) - 1; j >= 0; j-- {
			if lt[i] == rt[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	elem := func(i, j int) string {
		if i == j {
			return fmt.Sprintf("%s[%d]", at, i)
		}
		return fmt.Sprintf("%s[%d] (right [%d])", at, i, j)
	}
	// Walk the alignment; between two equal pairs, each element only on
	// the left is compared with the most like it only on the right (of
	// its kind; an object with the most members alike), in order.
	var dels, ins []int
	flush := func() {
		// The most alike pairs first.
		type pair struct{ d, k, score int }
		var pairs []pair
		for di, d := range dels {
			for k, n := range ins {
				if s := likeness(l[d], r[n]); s >= 0 {
					pairs = append(pairs, pair{di, k, s})
				}
			}
		}
		slices.SortStableFunc(pairs, func(a, b pair) int { return b.score - a.score })
		with := make([]int, len(dels))
		for i := range with {
			with[i] = -1
		}
		used := make([]bool, len(ins))
		for _, p := range pairs {
			if with[p.d] < 0 && !used[p.k] {
				with[p.d], used[p.k] = p.k, true
			}
		}
		for di, d := range dels {
			if k := with[di]; k >= 0 {
				diffAt(b, elem(d, ins[k]), l[d], r[ins[k]])
			} else {
				fmt.Fprintf(b, "%s[%d]: on the left only: %s\n", at, d, lt[d])
			}
		}
		for k, n := range ins {
			if !used[k] {
				fmt.Fprintf(b, "%s[%d]: on the right only: %s\n", at, n, rt[n])
			}
		}
		dels, ins = dels[:0], ins[:0]
	}
	i, j := 0, 0
	for i < len(l) || j < len(r) {
		switch {
		case i < len(l) && j < len(r) && lt[i] == rt[j]:
			flush()
			i, j = i+1, j+1
		case j == len(r) || (i < len(l) && lcs[i+1][j] >= lcs[i][j+1]):
			dels = append(dels, i)
			i++
		default:
			ins = append(ins, j)
			j++
		}
	}
	flush()
}

// likeness is how alike two JSON values are: -1 when they are of
// different kinds, for two objects the number of members they share, 0
// otherwise.
func likeness(x, y any) int {
	kind := func(v any) string { return fmt.Sprintf("%T", v) }
	if kind(x) != kind(y) {
		return -1
	}
	xm, ok := x.(map[string]any)
	if !ok {
		return 0
	}
	ym := y.(map[string]any)
	n := 0
	for k, v := range xm {
		if w, ok := ym[k]; ok && jsonText(v) == jsonText(w) {
			n++
		}
	}
	if n == 0 && len(xm)+len(ym) > 0 {
		return -1 // nothing alike: two different objects
	}
	return n
}

// jsonText is v as compact JSON, its object keys sorted.
func jsonText(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // "≥ 4800 <" as written
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
