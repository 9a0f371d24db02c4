package screening

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mtibben/confusables"
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
		b.WriteString(despoofWord(s[:j]))
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

// MixedScripts returns the scripts, sorted, of the words in name that mix
// Latin letters with letters of a script that has Latin lookalikes
// (Cyrillic, Greek, Armenian, Cherokee, Coptic), as in "Rоsneft" with a
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
