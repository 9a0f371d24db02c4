package screening

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// plainReadings returns the other texts a person reads an end user's name
// as, where the name is written so that a matcher reading it word by word
// would miss a listed name in it: letters spelt out one by one read as
// one word ("A t l a s", "A. T. L. A. S.": [joinSpaced]), words run
// together read apart at their capitals ("RosneftTradeLimited":
// [splitCamel]), and digits within words read as the letters they stand
// for ("R0sneft", "At1as": [undigit]); and a name written wholly in
// Cyrillic or Greek letters that all look Latin read as the Latin it
// shows ("СЕТС 13": [lookalikeReading]). Each is screened besides the name
// as written, so a reading can only add candidates; nil when there is none.
func plainReadings(s string) []string {
	var out []string
	add := func(t string) {
		if t != s && t != "" {
			for _, o := range out {
				if o == t {
					return
				}
			}
			out = append(out, t)
		}
	}
	j := joinSpaced(s)
	add(j)
	add(splitCamel(j))
	for _, u := range undigit(j) {
		add(u)
		add(splitCamel(u))
	}
	add(lookalikeReading(s))
	add(splitNumber(s))
	return out
}

// splitNumber returns s with a number run on to the letters of a word
// read apart ("CETC13" as "CETC 13", as "CETC-13" is read), where the
// word has two letters or more before it; "" when no word of s is so
// written. Codes of one letter ("X5", "A320") are left as written.
func splitNumber(s string) string {
	var b strings.Builder
	changed := false
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		end := k == len(s) || !(s[k] >= 'a' && s[k] <= 'z' || s[k] >= 'A' && s[k] <= 'Z' || s[k] >= '0' && s[k] <= '9' || s[k] >= utf8.RuneSelf)
		start := i == 0 || !(s[i-1] >= '0' && s[i-1] <= '9' || s[i-1] >= utf8.RuneSelf)
		switch {
		case j-i >= 2 && k > j && end && start:
			b.WriteString(s[i:j])
			b.WriteByte(' ')
			b.WriteString(s[j:k])
			changed = true
			i = k
		case k > i:
			b.WriteString(s[i:k])
			i = k
		default:
			_, n := utf8.DecodeRuneInString(s[i:])
			b.WriteString(s[i : i+n])
			i += n
		}
	}
	if !changed {
		return ""
	}
	return b.String()
}

// Readings are the other texts a person reads a name as, which screening
// screens beside it (letters spelt out one by one as one word, words run
// together read apart, digits for letters, a name in lookalike letters
// read as Latin); nil when there is none.
func Readings(s string) []string { return plainReadings(s) }

// spacedGaps are what may stand between the letters of a word spelt out
// one by one: a single space, a dot, a dot and a space, a hyphen or a
// slash (with or without spaces around), an underscore, a middle dot. Two
// spaces or a comma end the word.
var spacedGaps = map[string]bool{" ": true, ".": true, ". ": true, "-": true, " - ": true, "/": true, " / ": true, "_": true, "·": true, "\u00a0": true}

// lone reports whether w, a run of letters or digits, is one character: a
// letter (with its combining marks) or an ASCII digit. Chinese characters,
// kana and Hangul syllables are syllables, not letters, and never lone.
func lone(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	for _, m := range w[n:] {
		if !unicode.In(m, unicode.Mn, unicode.Mc) {
			return false
		}
	}
	if unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana) {
		return false
	}
	return unicode.IsLetter(r) || r >= '0' && r <= '9'
}

// joinSpaced returns s with each run of three or more lone characters
// ([lone]), two of them letters, one gap ([spacedGaps]) apart, written as
// one word: "A t l a s  S a n a t g a r a n" is "Atlas Sanatgaran", "A. T.
// L. A. S." is "ATLAS", "S M E Bank" is "SME Bank". A word spelt out so
// reads as the word to a person, and as so many initials to a matcher.
func joinSpaced(s string) string {
	if !maySpace(s) {
		return s
	}
	type piece struct {
		text string
		word bool
	}
	var ps []piece
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		word := letterLike(r) || unicode.IsDigit(r)
		j := i + n
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if (letterLike(r) || unicode.IsDigit(r)) != word {
				break
			}
			j += n
		}
		ps = append(ps, piece{s[i:j], word})
		i = j
	}
	var b strings.Builder
	changed := false
	for i := 0; i < len(ps); {
		// A run of lone characters from ps[i], every other piece a gap.
		k, letters := i, 0
		for k < len(ps) && ps[k].word && lone(ps[k].text) {
			if r, _ := utf8.DecodeRuneInString(ps[k].text); unicode.IsLetter(r) {
				letters++
			}
			if k+2 < len(ps) && spacedGaps[ps[k+1].text] && ps[k+2].word && lone(ps[k+2].text) {
				k += 2
				continue
			}
			k++
			break
		}
		if n := (k - i + 1) / 2; k > i && n >= 3 && letters >= 2 {
			for j := i; j < k; j += 2 {
				b.WriteString(ps[j].text)
			}
			changed = true
			i = k
			continue
		}
		b.WriteString(ps[i].text)
		i++
	}
	if !changed {
		return s
	}
	return b.String()
}

// maySpace reports whether s holds three or more lone characters
// ([lone]), so that [joinSpaced] may join some: most names hold none, and
// are spared splitting into pieces.
func maySpace(s string) bool {
	n, run := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return maySpaceRunes(s)
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			run++
		default:
			if run == 1 {
				n++
			}
			run = 0
		}
	}
	if run == 1 {
		n++
	}
	return n >= 3
}

// maySpaceRunes is [maySpace] for a name that is not ASCII.
func maySpaceRunes(s string) bool {
	n, run, start := 0, 0, 0
	for i, r := range s {
		if letterLike(r) || unicode.IsDigit(r) {
			if run == 0 {
				start = i
			}
			run++
			continue
		}
		if run > 0 && lone(s[start:i]) {
			n++
		}
		run = 0
	}
	if run > 0 && lone(s[start:]) {
		n++
	}
	return n >= 3
}

// splitCamel returns s with words run together read apart where a
// capital begins a word within a word: after two lower-case letters
// ("RosneftTradeLimited" is "Rosneft Trade Limited") or after two capitals
// ("SMEBank" is "SME Bank"), the capital followed by two lower-case
// letters. A capital that begins no word ("GmbH", "hALIL", "AHMADy")
// splits nothing.
func splitCamel(s string) string {
	if !mayCamel(s) {
		return s
	}
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if i >= 2 && unicode.IsUpper(r) && camelAt(rs, i) {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	if b.Len() == len(s) {
		return s
	}
	return b.String()
}

// camelAt reports whether capital rs[i] begins a word run on from the
// letters before it: two lower-case letters or two capitals, then the
// capital and two lower-case letters ("TradeLimited", "SMEBank"); or two
// lower-case letters, then capitals to the end of the word
// ("SanatgaranLLC").
func camelAt(rs []rune, i int) bool {
	p, q := rs[i-1], rs[i-2]
	if i+2 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsLower(rs[i+2]) {
		return unicode.IsLower(p) && unicode.IsLower(q) || unicode.IsUpper(p) && unicode.IsUpper(q)
	}
	if !unicode.IsLower(p) || !unicode.IsLower(q) {
		return false
	}
	j := i
	for j < len(rs) && unicode.IsUpper(rs[j]) {
		j++
	}
	return j-i >= 2 && (j == len(rs) || !letterLike(rs[j]))
}

// mayCamel reports whether s may hold a capital that [splitCamel] splits
// before ([camelAt]; for ASCII, nearly exactly). Most names hold none, and
// are spared reading as runes.
func mayCamel(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.ContainsFunc(s, unicode.IsUpper)
		}
	}
	up := func(i int) bool { return i < len(s) && s[i] >= 'A' && s[i] <= 'Z' }
	lo := func(i int) bool { return i < len(s) && isLowerASCII(s[i]) }
	for i := 2; i < len(s); i++ {
		if !up(i) {
			continue
		}
		if lo(i+1) && lo(i+2) && (lo(i-1) && lo(i-2) || up(i-1) && up(i-2)) {
			return true
		}
		if lo(i-1) && lo(i-2) && up(i+1) {
			return true // perhaps capitals to the end of the word
		}
	}
	return false
}

// digitLetters are the letters digits stand for in words ("R0sneft",
// "Atl4s", "5inobright"); 1 stands for l or i, and is read both ways.
var digitLetters = [10]byte{'o', 'l', 'z', 'e', 'a', 's', 'b', 't', 'b', 'g'}

// undigit returns the readings of s with the digits in its words read as
// the letters they look like ([digitLetters]; 1 as l, and again as i), in
// the case of the word's letters, a capital I between lower-case
// letters read as an l ("AtIas"), and a lower-case l in a word of
// capitals read as an I ("RlM", "Rl Pyong Chol"); nil when no word of s
// has both digits and two letters or more, nor such an I or l. Numbers ("13"), ordinals
// ("13th") and codes of one letter ("3M", "X5") are left as written.
func undigit(s string) []string {
	if !mayUndigit(s) {
		return nil
	}
	read := func(one byte) (string, bool) {
		var b strings.Builder
		changed := false
		for i := 0; i < len(s); {
			j := i
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
				j++
			}
			if j == i {
				_, n := utf8.DecodeRuneInString(s[i:])
				b.WriteString(s[i : i+n])
				i += n
				continue
			}
			w, mapped := undigitWord(s[i:j], one)
			b.WriteString(w)
			changed = changed || mapped
			i = j
		}
		return b.String(), changed
	}
	var out []string
	if l, ok := read('l'); ok {
		out = append(out, l)
		if strings.IndexByte(s, '1') >= 0 {
			if i, ok := read('i'); ok && i != l {
				out = append(out, i)
			}
		}
	}
	return out
}

// mayUndigit reports whether s may have a word [undigit] reads
// differently: a digit next to an ASCII letter, a lower-case l next to a
// capital, or a capital I between lower-case letters.
func mayUndigit(s string) bool {
	letter := func(i int) bool {
		return i >= 0 && i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z')
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			if letter(i-1) || letter(i+1) {
				return true
			}
		case c == 'I':
			if i > 0 && i+1 < len(s) && isLowerASCII(s[i-1]) && isLowerASCII(s[i+1]) {
				return true
			}
		case c == 'l':
			if i > 0 && isUpperASCII(s[i-1]) || i+1 < len(s) && isUpperASCII(s[i+1]) {
				return true
			}
		}
	}
	return false
}

// undigitWord reads one word of ASCII letters and digits as [undigit]
// does, with one as the letter 1 stands for.
func undigitWord(w string, one byte) (string, bool) {
	letters, digits, lower := 0, 0, false
	capitals := false // a capital, and no lower-case letter but l: a lower-case l there is an I ("RlM")
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'z':
			letters++
			lower = true
		default:
			letters++
			capitals = true
		}
	}
	if capitals {
		capitals = strings.Trim(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789l") == "" && strings.IndexByte(w, 'l') >= 0
	}
	if digits > 0 && (letters < 2 || ordinal(w)) {
		return w, false
	}
	b := []byte(w)
	changed := false
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
			l := digitLetters[c-'0']
			if c == '1' {
				l = one
			}
			if !lower {
				l -= 'a' - 'A'
			}
			b[i], changed = l, true
		case c == 'I' && i > 0 && i+1 < len(b) && isLowerASCII(b[i-1]) && isLowerASCII(b[i+1]):
			b[i], changed = 'l', true
		case c == 'l' && capitals:
			b[i], changed = 'I', true
		}
	}
	return string(b), changed
}

func isLowerASCII(c byte) bool { return c >= 'a' && c <= 'z' }

func isUpperASCII(c byte) bool { return c >= 'A' && c <= 'Z' }

// ordinal reports whether w is a number with an ordinal suffix ("13th",
// "2ND").
func ordinal(w string) bool {
	n := len(w)
	if n < 3 || strings.Trim(w[:n-2], "0123456789") != "" {
		return false
	}
	switch strings.ToLower(w[n-2:]) {
	case "st", "nd", "rd", "th":
		return true
	}
	return false
}

// lookalikeReading returns s read as Latin where s has no Latin letter and
// each of its words in a lookalike script ([lookalikeScripts]) whose
// letters all look Latin ("СЕТС" of Cyrillic С, Е, Т, С) is written in
// the Latin letters it shows ([latinLookalike]); "" when no word is. A
// name wholly in Cyrillic is Cyrillic, and transliterated as such; a
// word of it that a person reads as Latin may be a listed Latin name too.
func lookalikeReading(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= utf8.RuneSelf }) ||
		strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Latin, r) }) {
		return ""
	}
	changed := false
	out := mapWords(s, func(w string) string {
		var lw strings.Builder
		for _, r := range w {
			l, ok := "", false
			if unicode.IsLetter(r) && inLookalikeScript(r) {
				l, ok = latinLookalike(r)
			}
			if !ok {
				return w
			}
			lw.WriteString(l)
		}
		changed = true
		return lw.String()
	})
	if !changed {
		return ""
	}
	return out
}

// inLookalikeScript reports whether r is a letter of one of the
// [lookalikeScripts].
func inLookalikeScript(r rune) bool {
	for _, s := range lookalikeScripts {
		if unicode.Is(s.tab, r) {
			return true
		}
	}
	return false
}
