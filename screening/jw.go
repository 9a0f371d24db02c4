package screening

// jaroWinkler returns the Jaro–Winkler similarity of two ASCII strings
// (W. E. Winkler, "String Comparator Metrics and Enhanced Decision Rules in
// the Fellegi-Sunter Model of Record Linkage", 1990): characters match
// within a window of max(len)/2−1 positions, the Jaro similarity is
// (m/|a| + m/|b| + (m−t)/m)/3 for m matches and t half-transpositions/2,
// and a common prefix of up to four characters adds 0.1 per character of
// the remaining distance. It works on bytes without allocating: the
// matcher compares normalised ASCII tokens millions of times.
func jaroWinkler(a, b string) float64 {
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		if la == lb {
			return 1
		}
		return 0
	}
	if a == b {
		return 1
	}
	if la > lb {
		a, b, la, lb = b, a, lb, la
	}
	window := max(lb/2-1, 0)
	var bufA, bufB [64]bool
	ma, mb := bufA[:0], bufB[:0]
	if la <= 64 && lb <= 64 {
		ma, mb = bufA[:la], bufB[:lb]
	} else {
		ma, mb = make([]bool, la), make([]bool, lb)
	}
	m := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-window), min(lb, i+window+1)
		for j := lo; j < hi; j++ {
			if !mb[j] && a[i] == b[j] {
				ma[i], mb[j] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	t, j := 0, 0
	for i := 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[j] {
			j++
		}
		if a[i] != b[j] {
			t++
		}
		j++
	}
	fm := float64(m)
	jaro := (fm/float64(la) + fm/float64(lb) + (fm-float64(t/2))/fm) / 3
	p := 0
	for p < min(4, la) && a[p] == b[p] {
		p++
	}
	return jaro + 0.1*float64(p)*(1-jaro)
}
