package screening

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mtibben/confusables"
	"golang.org/x/text/unicode/norm"
)

// lookalikeScripts are the scripts whose letters are written in place of
// Latin ones to spoof a name (Cyrillic "а" for "a", Greek "ο" for "o"):
// those with many Latin confusables in Unicode's confusables.txt (UTS #39).
var lookalikeScripts = []struct {
	name string
	tab  *unicode.RangeTable
}{
	{"Armenian", unicode.Armenian},
	{"Cherokee", unicode.Cherokee},
	{"Coptic", unicode.Coptic},
	{"Cyrillic", unicode.Cyrillic},
	{"Greek", unicode.Greek},
	{"Lisu", unicode.Lisu},
}

// isFormat reports whether r is an invisible format character (Unicode
// category Cf: zero-width space and joiners U+200B–U+200D, word joiner
// U+2060, BOM U+FEFF, soft hyphen U+00AD, bidirectional controls, tags).
func isFormat(r rune) bool { return unicode.Is(unicode.Cf, r) }

// letterLike reports whether r belongs to a word: a letter or a combining
// mark.
func letterLike(r rune) bool {
	return unicode.IsLetter(r) || unicode.In(r, unicode.Mn, unicode.Mc)
}

// latinLookalike returns the Latin letters a letter of another script is
// confusable with, per the UTS #39 skeleton ("а" gives "a", "у" gives "y",
// "І" gives "i"), and false when it has none.
func latinLookalike(r rune) (string, bool) {
	sk := confusables.Skeleton(string(r))
	var b strings.Builder
	for _, c := range sk {
		switch {
		case unicode.Is(unicode.Mn, c):
		case c < utf8.RuneSelf && unicode.IsLetter(c):
			b.WriteRune(unicode.ToLower(c))
		default:
			return "", false
		}
	}
	out := b.String()
	if out == "" {
		return "", false
	}
	// The skeleton of every capital-I lookalike is "l".
	if out == "l" && unicode.IsUpper(r) {
		out = "i"
	}
	return out, true
}

// despoof removes format characters (category Cf) from s and, in each word
// that mixes Latin letters with letters of a lookalike script (Cyrillic,
// Greek, ...), replaces those letters with the Latin letters they are
// confusable with, as the UTS #39 skeleton maps them. A word written wholly
// in another script inside a name that has Latin words is mapped too when
// every one of its letters has a Latin lookalike ("АВС" among Latin words
// is "ABC", not "AVS"). Other text is left for transliteration: a name
// written wholly in Cyrillic is Cyrillic, not a spoof.
func despoof(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= utf8.RuneSelf }) {
		return s
	}
	if strings.ContainsFunc(s, isFormat) {
		s = strings.Map(func(r rune) rune {
			if isFormat(r) {
				return -1
			}
			return r
		}, s)
	}
	latinName := strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Latin, r) })
	if !latinName {
		return s
	}
	return mapWords(s, despoofWord)
}

// mapWords is s with each of its words (runs of letterLike runes) as f
// gives it, and what stands between them as it is.
func mapWords(s string, f func(w string) string) string {
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexFunc(s, letterLike)
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		j := strings.IndexFunc(s, func(r rune) bool { return !letterLike(r) })
		if j < 0 {
			j = len(s)
		}
		b.WriteString(f(s[:j]))
		s = s[j:]
	}
	return b.String()
}

// despoofWord maps a word's lookalike letters to Latin when the word mixes
// them with Latin letters, or consists of lookalikes only.
func despoofWord(w string) string {
	hasLatin, hasOther := false, false
	for _, r := range w {
		switch {
		case unicode.Is(unicode.Latin, r):
			hasLatin = true
		case unicode.IsLetter(r) && r >= utf8.RuneSelf:
			hasOther = true
		}
	}
	if !hasOther {
		return w
	}
	var b strings.Builder
	for _, r := range w {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) && r >= utf8.RuneSelf {
			if l, ok := latinLookalike(r); ok {
				b.WriteString(l)
				continue
			}
			if !hasLatin {
				return w // a word of another script, not a spoof
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Invisible returns the characters of name that show nothing (format
// characters such as U+200B, U+202E or a soft hyphen, variation
// selectors, the combining grapheme joiner, Hangul fillers, the blank
// Braille pattern), each once as U+XXXX, in the order met: a name written
// with them reads as another to a person, and may have been written so
// to pass a screen.
func Invisible(name string) []string {
	var out []string
	for _, r := range name {
		if isFormat(r) || unicode.Is(unicode.Variation_Selector, r) || r == 0x034F || r == 0x115F || r == 0x1160 || r == 0x3164 || r == 0xFFA0 || r == 0x2800 {
			if c := fmt.Sprintf("U+%04X", r); !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

// MixedScripts returns the scripts, sorted, of the words in name that mix
// Latin letters with letters of a script that has Latin lookalikes
// (Cyrillic, Greek, Armenian, Cherokee, Coptic, Lisu), as in "Rоsneft" with a
// Cyrillic "о": ["Cyrillic", "Latin"]. It returns nil when no word mixes
// them. Format characters (category Cf) do not split words. Such a name is
// matched as its Latin skeleton; that it was written so is a fact for the
// policy to judge.
func MixedScripts(name string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !letterLike(r) && !isFormat(r) }) {
		latin := false
		var others []string
		for _, r := range w {
			if unicode.Is(unicode.Latin, r) {
				latin = true
				continue
			}
			for _, s := range lookalikeScripts {
				if unicode.Is(s.tab, r) && !slices.Contains(others, s.name) {
					others = append(others, s.name)
				}
			}
		}
		if latin && len(others) > 0 {
			for _, s := range append(others, "Latin") {
				if !slices.Contains(out, s) {
					out = append(out, s)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// hasScript reports whether s has a letter of script tab.
func hasScript(s string, tab *unicode.RangeTable) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(tab, r) })
}

// readings returns the texts a name is compared as, before folding to
// ASCII ([fold]), and whether they were written in an abjad (Arabic,
// Hebrew: short vowels unwritten). Latin, Cyrillic, Chinese and most other
// scripts are one reading, transliterated by [fold]; Korean Hangul is read
// in three romanisations ([hangulReadings]); Arabic, Persian and Hebrew
// letters are mapped to consonants first ([abjadLatin]), Greek by ELOT 743
// ([greekLatin]).
func readings(name string) ([]string, bool) {
	ascii := true
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return []string{name}, false
	}
	abjad := false
	if hasScript(name, unicode.Arabic) || hasScript(name, unicode.Hebrew) {
		name = abjadLatin(name)
		abjad = true
	}
	if hasScript(name, unicode.Greek) {
		name = greekLatin(name)
	}
	if hasScript(name, unicode.Hangul) {
		if name = koreanLegalForms.Replace(name); !hasScript(name, unicode.Hangul) {
			return []string{name}, abjad
		}
		return hangulReadings(name), abjad
	}
	return []string{name}, abjad
}

// koreanLegalForms drops Korean company legal forms, written with the name
// or apart, before Hangul is romanised syllable by syllable, where 주식회사
// (Co., Ltd.) would be three words more ("ju sik hoe") and a listed
// company's name with it no longer reviewed: 주식회사, 유한회사 and
// 유한책임회사 (LLC), 합자회사, 합명회사, and (주), ㈜, (유) for short.
var koreanLegalForms = strings.NewReplacer(
	"유한책임회사", " ", "주식회사", " ", "유한회사", " ", "합자회사", " ", "합명회사", " ",
	"(주)", " ", "㈜", " ", "(유)", " ",
)

// Unromanisable reports whether name holds letters this package cannot
// romanise reliably, so that a weak score against Latin-script lists says
// little: Thai, Lao, Khmer, Burmese, Tibetan and other scripts that are
// only transcribed letter by letter; Chinese characters (read here in
// Mandarin, one reading per character: Japanese kanji, Korean hanja and
// characters with several readings come out wrong); and letters with no
// transliteration at all. Cyrillic, Greek, Arabic, Persian, Hebrew, Korean
// Hangul, Japanese kana, Armenian, Georgian and Indic scripts are
// romanised. A Chinese name may still match its pinyin listing; the policy
// should treat an unromanisable name that matches nothing as needing
// review rather than as unmatched.
func Unromanisable(name string) bool {
	texts, _ := readings(name)
	for _, w := range strings.FieldsFunc(texts[0], func(r rune) bool { return !letterLike(r) }) {
		foreign := false
		for _, r := range w {
			if r < utf8.RuneSelf || !unicode.IsLetter(r) {
				continue
			}
			foreign = true
			for _, tab := range unreliableScripts {
				if unicode.Is(tab, r) {
					return true
				}
			}
			if unicode.Is(unicode.Han, r) {
				return true
			}
		}
		if foreign && !strings.ContainsFunc(fold(w), func(c rune) bool { return c >= 'a' && c <= 'z' }) {
			return true
		}
	}
	return false
}

// unreliableScripts are scripts that the transliteration used here
// (github.com/gosimple/unidecode) only transcribes letter by letter,
// without the vowel and tone rules of their romanisation standards (RTGS
// for Thai, for instance).
var unreliableScripts = []*unicode.RangeTable{
	unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar, unicode.Tibetan,
	unicode.Tai_Le, unicode.New_Tai_Lue, unicode.Tai_Tham, unicode.Tai_Viet,
	unicode.Mongolian, unicode.Yi, unicode.Ethiopic, unicode.Sinhala,
}

// Hangul syllables are composed of an initial consonant, a vowel and an
// optional final consonant (Unicode §3.12); hangulInitials etc. give their
// romanisations in McCune–Reischauer as North Korea and the US sanctions
// lists write it (no breves: "Kim Jong Un", "Choe Ryong Hae", "Jang Song
// Thaek") and in the Revised Romanization of Korean (2000).
var (
	hangulInitialsMR = strings.Fields("k kk n t tt r m p pp s ss - j jj ch kh th ph h")
	hangulInitialsRR = strings.Fields("g kk n d tt r m b pp s ss - j jj ch k t p h")
	hangulVowelsMR   = strings.Fields("a ae ya yae o e yo ye o wa wae oe yo u wo we wi yu u ui i")
	hangulVowelsRR   = strings.Fields("a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i")
	hangulFinals     = strings.Fields("- k k k n n n t l k m l l l p l m p p t t ng t t k t p t")
	// hangulPopular are the customary spellings of common syllables of
	// given names in South Korean passports, where they differ from the
	// Revised Romanization.
	hangulPopular = map[rune]string{
		'성': "sung", '훈': "hoon", '영': "young", '정': "jung", '현': "hyun", '수': "soo", '우': "woo",
		'주': "joo", '준': "joon", '석': "suk", '희': "hee", '철': "chul", '경': "kyung", '승': "seung",
		'종': "jong", '연': "yeon", '형': "hyung", '선': "sun", '순': "soon", '용': "yong", '윤': "yoon",
		'근': "keun", '혁': "hyuk", '률': "ryul", '병': "byung", '명': "myung", '은': "eun",
	}
	// hangulSurnames are the customary spellings of common family names
	// (first syllables) in South Korean passports.
	hangulSurnames = map[rune]string{
		'김': "kim", '이': "lee", '박': "park", '최': "choi", '정': "jung", '강': "kang", '조': "cho",
		'윤': "yoon", '장': "jang", '임': "lim", '한': "han", '오': "oh", '서': "seo", '신': "shin",
		'권': "kwon", '황': "hwang", '안': "ahn", '송': "song", '류': "ryu", '홍': "hong", '리': "ri",
	}
)

// hangulReadings returns name with its Hangul syllables romanised, one
// word per syllable, in McCune–Reischauer as the sanctions lists write
// North Korean names, in the Revised Romanization, and as South Korean
// passports commonly spell names: the family name (a name's first
// syllable) as "Lee", "Park", "Choi", given names as "Sung", "Hoon",
// "Young", otherwise in the Revised Romanization.
func hangulReadings(name string) []string {
	roman := func(initials, vowels []string, surnames bool) string {
		var b strings.Builder
		first := true
		prevHangul := false
		for _, r := range name {
			if r < 0xAC00 || r > 0xD7A3 {
				if prevHangul && letterLike(r) {
					b.WriteByte(' ')
				}
				b.WriteRune(r)
				prevHangul = false
				continue
			}
			if prevHangul {
				b.WriteByte(' ')
			}
			prevHangul = true
			if s, ok := hangulSurnames[r]; surnames && first && ok {
				b.WriteString(s)
				first = false
				continue
			}
			if s, ok := hangulPopular[r]; surnames && ok {
				b.WriteString(s)
				first = false
				continue
			}
			first = false
			i := int(r - 0xAC00)
			for _, part := range []string{initials[i/588], vowels[i%588/28], hangulFinals[i%28]} {
				if part != "-" {
					b.WriteString(part)
				}
			}
		}
		return b.String()
	}
	out := []string{roman(hangulInitialsMR, hangulVowelsMR, false)}
	for _, s := range []string{roman(hangulInitialsRR, hangulVowelsRR, false), roman(hangulInitialsRR, hangulVowelsRR, true)} {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// abjadLetters maps Arabic, Persian and Hebrew letters to the Latin
// consonants (and long vowels) of common romanisations; short vowels are
// not written in these scripts, except as optional marks (harakat), which
// give a, i, u.
var abjadLetters = map[rune]string{
	// Arabic and Persian.
	'ا': "a", 'أ': "a", 'إ': "i", 'آ': "a", 'ٱ': "a", 'ء': "", 'ئ': "", 'ؤ': "w",
	'ب': "b", 'ت': "t", 'ث': "th", 'ج': "j", 'ح': "h", 'خ': "kh", 'د': "d", 'ذ': "dh",
	'ر': "r", 'ز': "z", 'س': "s", 'ش': "sh", 'ص': "s", 'ض': "d", 'ط': "t", 'ظ': "z",
	'ع': "", 'غ': "gh", 'ف': "f", 'ق': "q", 'ك': "k", 'ل': "l", 'م': "m", 'ن': "n",
	'ه': "h", 'و': "w", 'ي': "y", 'ة': "a", 'ى': "a",
	'پ': "p", 'چ': "ch", 'ژ': "zh", 'گ': "g", 'ک': "k", 'ی': "y",
	'\u064e': "a", '\u0650': "i", '\u064f': "u", // fatha, kasra, damma
	// Hebrew.
	'א': "", 'ב': "b", 'ג': "g", 'ד': "d", 'ה': "h", 'ו': "w", 'ז': "z", 'ח': "h",
	'ט': "t", 'י': "y", 'כ': "k", 'ך': "k", 'ל': "l", 'מ': "m", 'ם': "m", 'נ': "n",
	'ן': "n", 'ס': "s", 'ע': "", 'פ': "p", 'ף': "f", 'צ': "ts", 'ץ': "ts", 'ק': "k",
	'ר': "r", 'ש': "sh", 'ת': "t",
}

// abjadLatin maps Arabic, Persian and Hebrew letters to Latin
// ([abjadLetters]); a word-initial ayin is written "a" ("Abd", "Umar"
// begin with it), and the Arabic article "al-" joined to a word is a word
// of its own.
func abjadLatin(s string) string {
	var b strings.Builder
	start := true
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if start && i > 0 && string(rs[i:min(i+4, len(rs))]) == "الله" && (i+4 == len(rs) || !letterLike(rs[i+4])) {
			// "Nasr Allah" is written "Nasrallah", "Abd Allah" "Abdullah".
			out := strings.TrimRightFunc(b.String(), unicode.IsSpace)
			b.Reset()
			b.WriteString(out + "allah")
			i += 3
			start = false
			continue
		}
		if start && r == 'ا' && i+2 < len(rs) && rs[i+1] == 'ل' && unicode.IsLetter(rs[i+2]) {
			b.WriteString("al ")
			i++
			continue
		}
		if l, ok := abjadLetters[r]; ok {
			if l == "" && start && (r == 'ع' || r == 'א' || r == 'ע') {
				l = "a"
			}
			b.WriteString(l)
			start = false
			continue
		}
		b.WriteRune(r)
		start = !letterLike(r)
	}
	return b.String()
}

// greekLetters maps Greek letters to Latin by ELOT 743 (the Greek standard
// used in Greek passports, also UN 1987): η, ι, υ are i/y, β is v, χ ch.
var greekLetters = map[rune]string{
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th",
	'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p",
	'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
}

// greekDigraphs are the ELOT 743 digraphs.
var greekDigraphs = strings.NewReplacer("ου", "ou", "αυ", "av", "ευ", "ev", "ηυ", "iv", "γγ", "ng", "γκ", "gk", "γξ", "nx", "γχ", "nch", "μπ", "mp", "ντ", "nt")

// greekLatin romanises Greek letters by ELOT 743 (accents dropped).
func greekLatin(s string) string {
	s = strings.ToLower(norm.NFD.String(s))
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, s)
	s = greekDigraphs.Replace(s)
	var b strings.Builder
	for _, r := range s {
		if l, ok := greekLetters[r]; ok {
			b.WriteString(l)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// consonantKey returns the consonants of a romanised word, the key under
// which a name written in an abjad (consonants and long vowels only: "mhmd",
// "hsyn") meets its fully vowelled spellings ("Muhammad", "Hussein"):
// vowels, y and w dropped, kh/h, sh/s, th/t, dh/d, gh/g, q/k/c, p/f and v/b
// merged, doubled letters once, a final h (a vowel letter in Hebrew and
// Arabic) dropped.
func consonantKey(t string) string {
	b := make([]byte, 0, len(t))
	for i := 0; i < len(t); i++ {
		c := t[i]
		if i+1 < len(t) && t[i+1] == 'h' && strings.IndexByte("kstdgc", c) >= 0 {
			i++
			if c == 'k' {
				c = 'h'
			}
		}
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'w', 'v':
			continue
		case 'q', 'c':
			c = 'k'
		case 'p':
			c = 'f'
		}
		if len(b) == 0 || b[len(b)-1] != c {
			b = append(b, c)
		}
	}
	if n := len(b); n > 1 && b[n-1] == 'h' {
		b = b[:n-1]
	}
	return string(b)
}
