package screening

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/gosimple/unidecode"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// maxTokens bounds the tokens kept per name variant (matching uses 64-bit
// masks). Names on the CSL have far fewer.
const maxTokens = 48

// Normalize returns the normalised form of name's main variant, the form
// the [Matcher] compares: ASCII lower case (invisible format characters such
// as U+200B removed, Cyrillic or Greek lookalikes inside Latin words read as
// the Latin letters they imitate, full-width, circled, mathematical and
// small-capital letters read as letters, diacritics removed, other scripts
// transliterated), punctuation dropped ("S.A." is "sa", "Qar'awi"
// is "qarawi"), "&" read as "and", common abbreviations expanded ("Intl" is
// "international") and English company words Russian writes as they sound
// read back ("Treid" is "trade"), ordinals reduced to their number ("13th" is "13"), and
// stop words ("and", "of", "the") and legal forms (Co., Ltd., LLC, GmbH,
// Corporation, S.A., AB, JSC, ...) removed, unless nothing else is left. A
// trailing "; and any successor, sub-unit, or subsidiary thereof" and
// parenthesised parts such as "(CETC 13)" are not part of the main variant;
// the matcher compares those acronyms as names of their own. Tokens are
// separated by single spaces and keep their order; the matcher compares
// them as a set.
func Normalize(name string) string {
	vs := variants(name)
	if len(vs) == 0 {
		return ""
	}
	return strings.Join(vs[0].tokens, " ")
}

// variant is one name a party goes by, as listed and as normalised tokens.
type variant struct {
	display string
	tokens  []string
	abjad   bool // romanised from an abjad: short vowels missing
}

var (
	apostrophes = strings.NewReplacer("'", "", "`", "")
	successorRE = regexp.MustCompile(`(?i)[;,]?\s*(and\s+)?(any|its)\s+successors?\b.*$`)
	parenRE     = regexp.MustCompile(`\(([^()]*)\)|\[([^\[\]]*)\]`)
	akaRE       = regexp.MustCompile(`(?i)^\s*(a\.?k\.?a\.?|f\.?k\.?a\.?|also known as|formerly( known as)?|previously)[\s:,]*`)
)

// variants returns the variants ([variantsOf]) of each reading of raw
// ([readings]): a name in Hangul is read in three romanisations, a name in
// an abjad is marked so. Variants of a romanised name are displayed as
// the name was written.
func variants(raw string) []variant {
	texts, abjad := readings(raw)
	if len(texts) == 1 && texts[0] == raw {
		return variantsOf(raw)
	}
	var out []variant
	for _, t := range texts {
	next:
		for _, v := range variantsOf(t) {
			for _, o := range out {
				if sameSet(o.tokens, v.tokens) {
					continue next
				}
			}
			v.display = strings.TrimSpace(raw)
			v.abjad = abjad
			out = append(out, v)
		}
	}
	return out
}

// separatorRE matches the words that join two names of one party, or a
// party and the one it is reached through, in an end user's name: "d/b/a",
// "dba", "t/a", "trading as", "doing business as", "operating as", "c/o",
// "care of", "aka", "a/k/a", "also known as", "fka", "formerly (known
// as)".
var separatorRE = regexp.MustCompile(`(?i)(?:^|[\s,;(\[])(?:d\.?/?b\.?/?a|t/a|t\.a|c/o|care of|a\.?/?k\.?/?a|f\.?/?k\.?/?a|(?:trading|doing business|operating|also known) as|formerly(?: known as)?)\.?(?:$|[\s,;:)\]])`)

// queryTexts returns the names an end user's name contains, to be screened
// each: the name as written; for a name with brackets that hold a name
// ([nameLike]: not "(HK)" or "(Hong Kong)"), the name with the brackets
// read as spaces and each such bracketed part ("Shenyang Trading Co (Rim
// Ryong Nam)"); for a name with "d/b/a", "c/o", "t/a", "aka" and the like
// ([separatorRE]), each part around them that names someone. A listed
// name's bracketed qualifiers ("(Shenzhen)") are not names of their own
// ([variantsOf]); an end user's name is screened in every name it holds,
// so that a listed party is not hidden by writing it in brackets or after
// "c/o".
func queryTexts(raw string) []string {
	out := []string{raw}
	addText := func(t string) {
		t = strings.TrimSpace(t)
		if t != "" && !slices.Contains(out, t) && nameLike(t) {
			out = append(out, t)
		}
	}
	if strings.ContainsAny(raw, "([") {
		var inner []string
		for _, m := range parenRE.FindAllStringSubmatch(raw, -1) {
			if t := m[1] + m[2]; nameLike(t) {
				inner = append(inner, t)
			}
		}
		if len(inner) > 0 {
			addText(strings.NewReplacer("(", " ", ")", " ", "[", " ", "]", " ").Replace(raw))
			for _, t := range inner {
				addText(t)
			}
		}
	}
	if !maySeparate(raw) {
		return out
	}
	for _, t := range slices.Clone(out) {
		if loc := separatorRE.FindStringIndex(t); loc != nil {
			for _, part := range separatorRE.Split(t, -1) {
				addText(strings.Trim(part, "()[] ,;:"))
			}
		}
	}
	return out
}

// separatorWords are the words one of which, or a "/", any match of
// [separatorRE] holds, in lower case, dots removed.
var separatorWords = set(`dba aka fka ta as of formerly`)

// maySeparate reports whether s may hold a match of [separatorRE]: it
// holds a "/" or one of [separatorWords]. It spares most names the
// regular expression.
func maySeparate(s string) bool {
	if strings.IndexByte(s, '/') >= 0 {
		return true
	}
	var buf [16]byte
	n := 0
	check := func() bool {
		hit := n > 0 && n <= len(buf) && separatorWords[string(buf[:n])] // no allocation
		n = 0
		return hit
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z':
			if n < len(buf) {
				buf[n] = c | 0x20
			}
			n++
		case c == '.':
		default:
			if check() {
				return true
			}
		}
	}
	return check()
}

// nameLike reports whether a part of an end user's name could name a
// party by itself: it has a word of full weight ([classWeight]) and three
// letters or more. "(Hong Kong)", "(HK)" and "(Trading)" do not, and are
// not screened alone.
func nameLike(t string) bool {
	for _, w := range normTokens(t) {
		if len(w) >= 3 && classWeight(w) == 1 {
			return true
		}
	}
	return false
}

// variantsOf splits a listed or queried name into the names it contains: the
// part before any "; and any successor ..." clause, each ";"-separated part
// (also with its hyphens removed, if it has any), and acronyms or aliases
// given in parentheses. Parenthesised text that
// does not look like an alias (a place, say) is dropped. Variants with
// equal token sets are kept once.
func variantsOf(raw string) []variant {
	s := raw
	if strings.Contains(s, "uccessor") || strings.Contains(s, "UCCESSOR") {
		s = successorRE.ReplaceAllString(s, "")
	}
	var out []variant
	add := func(display, text string) {
		display = strings.TrimSpace(strings.Trim(strings.TrimSpace(display), ",;"))
		toks := normTokens(text)
		if len(toks) == 0 {
			return
		}
		for _, v := range out {
			if sameSet(v.tokens, toks) {
				return
			}
		}
		out = append(out, variant{display: display, tokens: toks})
	}
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if len(part) > 4 && strings.EqualFold(part[:4], "and ") {
			part = part[4:]
		}
		var inner []string
		main := part
		if strings.ContainsAny(part, "([") {
			main = parenRE.ReplaceAllStringFunc(part, func(m string) string {
				inner = append(inner, m[1:len(m)-1])
				return " "
			})
			main = strings.Join(strings.Fields(main), " ")
		}
		if normTokens(main) == nil && len(inner) > 0 {
			// The whole name is in parentheses.
			main = strings.Join(inner, " ")
			inner = nil
		}
		add(main, main)
		if strings.Contains(main, "-") {
			// "Sino-Bright" is also written "Sinobright".
			add(main, strings.ReplaceAll(main, "-", ""))
		}
		for _, in := range inner {
			if akaRE.MatchString(in) {
				in = akaRE.ReplaceAllString(in, "")
				add(in, in)
			} else if aliasLike(in) {
				add(in, in)
			}
		}
	}
	return out
}

// aliasLike reports whether parenthesised text looks like an acronym or
// short alias ("CETC 13", "AASPT") rather than a qualifier such as a place
// ("Shenzhen", "HK") or a note.
func aliasLike(s string) bool {
	toks := normTokens(s)
	if len(toks) == 0 || len(toks) > 4 {
		return false
	}
	letters := 0
	for _, t := range toks {
		if generic[t] {
			continue
		}
		for _, c := range t {
			if c >= 'a' && c <= 'z' {
				letters++
			}
		}
	}
	if letters < 3 {
		return false
	}
	// An acronym is written in capitals.
	for _, w := range strings.Fields(s) {
		up := 0
		for _, c := range w {
			if unicode.IsUpper(c) {
				up++
			} else if unicode.IsLower(c) {
				up = -100
			}
		}
		if up >= 2 {
			return true
		}
	}
	return false
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, t := range a {
		if !slices.Contains(b, t) {
			return false
		}
	}
	return true
}

// fold returns s in ASCII lower case: format characters removed and
// lookalike letters in Latin words mapped to Latin ([despoof]), small
// capitals read as letters ([smallCapitals]), compatibility-decomposed
// (full-width, mathematical and circled letters are letters), combining
// marks removed, anything still not ASCII transliterated.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if !ascii {
		s = despoof(s)
		s = smallCapitals.Replace(s)
		t := transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		if r, _, err := transform.String(t, s); err == nil {
			s = r
		}
		s = unidecode.Unidecode(s)
	}
	return strings.ToLower(s)
}

// smallCapitals maps the Latin small capitals ("ᴀᴛʟᴀꜱ") to the letters
// they are: they have no compatibility decomposition, and the
// transliteration drops most of them.
var smallCapitals = strings.NewReplacer(
	"ᴀ", "a", "ʙ", "b", "ᴄ", "c", "ᴅ", "d", "ᴇ", "e", "ꜰ", "f", "ɢ", "g", "ʜ", "h", "ɪ", "i",
	"ᴊ", "j", "ᴋ", "k", "ʟ", "l", "ᴍ", "m", "ɴ", "n", "ᴏ", "o", "ᴘ", "p", "ꞯ", "q", "ʀ", "r",
	"ꜱ", "s", "ᴛ", "t", "ᴜ", "u", "ᴠ", "v", "ᴡ", "w", "ʏ", "y", "ᴢ", "z",
)

// normTokens returns the normalised tokens of one name variant, each once.
func normTokens(s string) []string {
	raw := words(s)
	raw = arabicCompounds(raw)
	var toks, legal []string
	for i, t := range raw {
		t = canonical(t)
		switch {
		case t == "" || stopWords[t]:
		case t == "no" && i+1 < len(raw) && raw[i+1] != "" && raw[i+1][0] >= '0' && raw[i+1][0] <= '9':
			// "No. 13", a number's abbreviation; elsewhere No is a name
			// (the Korean surname No, written Ro in the North).
		case legalForms[t]:
			legal = append(legal, t)
		default:
			if !slices.Contains(toks, t) {
				toks = append(toks, t)
			}
		}
	}
	if len(toks) == 0 {
		// A name made only of legal-form words keeps them.
		for _, t := range legal {
			if !slices.Contains(toks, t) {
				toks = append(toks, t)
			}
		}
	}
	if len(toks) > maxTokens {
		toks = toks[:maxTokens]
	}
	return toks
}

// words returns the words of a name: [fold]ed to ASCII lower case, split
// at anything but letters, digits, dots and apostrophes, apostrophes
// dropped ("Qar'awi" is "qarawi"), initials written with dots joined ("S.A."
// is "sa"), other dotted words split ("St.Petersburg" is two), and "&"
// read as "and".
func words(s string) []string {
	s = fold(s)
	var raw []string
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		chunk := s[start:end]
		if strings.ContainsAny(chunk, "'`") {
			chunk = apostrophes.Replace(chunk)
		}
		start = -1
		if !strings.Contains(chunk, ".") {
			if chunk != "" {
				raw = append(raw, chunk)
			}
			return
		}
		// "s.a." and "u.s.a" are abbreviations written with dots; "st.petersburg" is two words.
		parts := strings.FieldsFunc(chunk, func(r rune) bool { return r == '.' })
		initials := len(parts) > 1
		for _, p := range parts {
			if len(p) != 1 {
				initials = false
			}
		}
		if initials {
			raw = append(raw, strings.Join(parts, ""))
		} else {
			raw = append(raw, parts...)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '.', c == '\'', c == '`':
			if start < 0 {
				start = i
			}
		case c == '&':
			flush(i)
			raw = append(raw, "and")
		default:
			flush(i)
		}
	}
	flush(len(s))
	return raw
}

// canonical maps a token to its canonical spelling: ordinals to their
// number, abbreviations and plurals of common name words to one form, and
// common transliterations of given names to one spelling.
func canonical(t string) string {
	if n := len(t); n > 2 && t[0] >= '0' && t[0] <= '9' {
		switch t[n-2:] {
		case "st", "nd", "rd", "th":
			if strings.Trim(t[:n-2], "0123456789") == "" {
				return t[:n-2]
			}
		}
	}
	if c, ok := canon[t]; ok {
		return c
	}
	return t
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// stopWords carry no identity: articles and conjunctions, and titles
// ("Mr", "Dr", "Sayyid", "Sheikh", "Haji") that lists and orders add or
// leave out.
var stopWords = set(`and of the for und et y de del des du la le
	mr mrs ms dr sayyid sayyed sheikh shaykh sheik haji hajji ayatollah`)

// legalForms are company legal forms in several languages, as tokens after
// normalisation ("S.A." is "sa", "Co., Ltd." is "co" and "ltd"), also
// spelt out ("Limited Liability Company", "Kabushiki Kaisha", "Anonim
// Şirketi", Persian "Sherkat", company).
var legalForms = set(`
	co cos company corp corporation inc incorporated ltd ltda limited llc llp lp
	plc pte pvt pty private gmbh mbh ag kg kgaa ohg ug se sa sas sarl srl sl spa
	sae sal saog saoc bv nv ab as asa aps oy oyj kft zrt sro ad doo
	jsc ojsc cjsc pjsc ao oao zao pao ooo tov joint stock public state goskorporatsiya goskorporatsiia
	aktsionernoe aktsionernoye obshchestvo obschestvo otkrytoe otkrytoye
	zakrytoe zakrytoye publichnoe publichnoye ogranichennoi ogranichennoy otvetstvennostyu
	kk gk sdn bhd tbk fze fzco fzc fzllc wll
	liability aktiengesellschaft kabushiki kaisha anonim sirketi sti cv sherkat sharikat shirkat`)

// canon holds abbreviations, plurals and name spellings mapped to one form.
var canon = map[string]string{
	"intl": "international", "internat": "international",
	"tech": "technology", "techn": "technology", "technol": "technology", "technologies": "technology",
	"inst": "institute", "univ": "university", "acad": "academy",
	"sci": "science", "sciences": "science", "eng": "engineering", "engg": "engineering",
	"mfg": "manufacturing", "dev": "development", "natl": "national", "grp": "group",
	"hldg": "holding", "hldgs": "holding", "holdings": "holding",
	"assn": "association", "assoc": "association", "ctr": "center", "centre": "center",
	"dept": "department", "govt": "government", "svc": "service", "svcs": "service", "services": "service",
	"sys": "system", "systems": "system", "industries": "industry", "enterprises": "enterprise",
	"materials": "material", "products": "product", "communications": "communication",
	"solutions": "solution", "semiconductors": "semiconductor", "chemicals": "chemical",
	"imp": "import", "exp": "export", "electronic": "electronics", "mgmt": "management", "bros": "brothers",
	// Given names with many transliterations.
	"mohammed": "muhammad", "mohammad": "muhammad", "mohamed": "muhammad", "mohamad": "muhammad",
	"muhammed": "muhammad", "muhamad": "muhammad", "mohammod": "muhammad", "mahomed": "muhammad",
	"ahmed": "ahmad", "ahmet": "ahmad",
	"hussein": "husayn", "hussain": "husayn", "husain": "husayn", "hosein": "husayn", "hossein": "husayn",
	"yousef": "yusuf", "youssef": "yusuf", "yousif": "yusuf", "yusef": "yusuf",
	"mouhamed": "muhammad", "muhamed": "muhammad", "mohamud": "muhammad", "mhmd": "muhammad",
	"el": "al", "abou": "abu", "abo": "abu", "ben": "bin", "ibn": "bin",
	// English company words in Russian names of companies, written in
	// Cyrillic as they sound (Трейд, Трейдинг, Интернешнл, Груп(п)а,
	// Компания, Холдинг, Текнолоджиз, Электроникс) and transliterated
	// back: "Rosneft Treid" is "Rosneft Trade".
	"treid": "trade", "treyd": "trade", "treiding": "trading", "treyding": "trading",
	"interneshnl": "international", "interneshnal": "international", "interneshenal": "international",
	"grupp": "group", "gruppa": "group", "grup": "group",
	"kompani": "company", "kompanii": "company", "kompaniya": "company", "kompaniia": "company", "kompanija": "company", "kompania": "company",
	"kholding": "holding", "kholdings": "holding", "kholdingi": "holding",
	"tekhnolodzhi": "technology", "tekhnolodzhiz": "technology", "teknolodzhi": "technology", "teknolodzhiz": "technology",
	"elektroniks": "electronics", "elektronix": "electronics",
	"korporatsiya": "corporation", "korporatsiia": "corporation", "korporatsija": "corporation",
	// Russia in Russian names of companies, as transliterated.
	"rossii": "russia", "rossiya": "russia", "rossiia": "russia", "rossija": "russia",
	"rossiiskii": "russian", "rossiyskiy": "russian", "rossiyskaya": "russian", "rossiiskaia": "russian",
	"rossiski": "russian", "rossiiskoi": "russian", "rossiyskoy": "russian", "rossiyskoe": "russian", "rossiiskoe": "russian",
}

// particles are articles and kinship words inside names ("al", "bin",
// "abu", "van", "von"); they weigh little.
var particles = set(`al ul bin ibn bint ben abu van von der den`)

// abdPrefixes are the spellings of Arabic "abd" (servant of) with the
// article that joins it to the name after it.
var abdPrefixes = set(`abd abdel abdul abdal abdol abdou abdu abdur abdar abdus abdas abdoul abdoel`)

// articles are spellings of the Arabic article, assimilated or not.
var articles = set(`al el ul ar ur as us ad ud an un at ut az uz ash ush`)

// arabicCompounds joins the theophoric names written "Abd al-Rahman",
// "Abdul Rahman", "Abdel Rahman", "Abdurrahman" or "Abd-ur-Rahman" into
// one word, "abdrahman", and "Abdullah", "Abdallah", "Abd Allah" into
// "abdullah".
func arabicCompounds(raw []string) []string {
	if !slices.ContainsFunc(raw, func(t string) bool { return strings.HasPrefix(t, "abd") }) {
		return raw
	}
	var out []string
	for i := 0; i < len(raw); i++ {
		t := raw[i]
		rest := ""
		switch {
		case abdPrefixes[t] && i+1 < len(raw):
			j := i + 1
			if articles[raw[j]] && j+1 < len(raw) {
				j++
			}
			rest, i = raw[j], j
		case strings.HasPrefix(t, "abd") && len(t) > 6:
			rest = t[3:]
			if k := strings.IndexFunc(rest, func(r rune) bool { return !strings.ContainsRune("aeiou", r) }); k >= 1 && k <= 2 && len(rest) > k+3 {
				// "abdurrahman": the vowel and consonant of the article.
				rest = rest[k+1:]
			}
		default:
			out = append(out, t)
			continue
		}
		switch rest {
		case "la", "lah", "llah", "allah", "ulla", "ullah", "llh":
			out = append(out, "abdullah")
		default:
			out = append(out, "abd"+rest)
		}
	}
	return out
}

// digraph returns the key letter for c in pairs, a string of (letter, key
// letter) pairs.
func digraph(c byte, pairs string) byte {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i] == c {
			return pairs[i+1]
		}
	}
	return c
}

// koreanSyllableRE matches one romanised Korean syllable (McCune–Reischauer
// without breves or Revised Romanization), such as "pyong", "byeong",
// "chong", "jong", "thaek".
var koreanSyllableRE = regexp.MustCompile(`^(kk|tt|pp|ss|ch|kh|th|ph|[kgtdpbsjhmnrl])?(wae|yae|yeo|ae|eo|eu|oe|ui|wa|we|wi|wo|ya|ye|yo|yu|[aeiou])(ng|[kntlmp])?$`)

// koreanInitials are the initial consonants the two romanisations of
// Korean write differently (McCune–Reischauer k, t, p, ch; Revised g, d,
// b, j), and the key letter for both.
var koreanInitials = map[byte]byte{'g': 'k', 'd': 't', 'b': 'p', 'j': 'C'}

// koreanSurnames groups the spellings of the Korean surnames that the
// two Koreas romanise differently: North Korea keeps an initial r (Ri 리,
// Rim 림, Ryu 류, Ro 로), South Korea drops it before i and y (the
// initial sound law, dueum beopchik: I 이, Im 임, Yu 유) and writes n
// before other vowels (No 노), and passports write Lee, Yi, Lim, Yoo,
// Roh. The groups follow the variant forms given for each surname in
// Wikipedia's "Lee (Korean surname)" (I, Yi, Ri, Rhee, Rhie, Reeh), "Yim
// (Korean surname)" (林: Rim, Im, Lim, also Leem, Rhim), "Yu (Korean
// surname)" (柳: Yu, Ryu, Yoo, You, Ryoo, Rhyu, Lyu) and "No (Korean
// surname)" (盧: No, Noh, Roh, Ro, Rho), and the Library of Congress
// Korean romanization table (李 written 리 or 이 is Yi):
// https://en.wikipedia.org/wiki/Lee_(Korean_surname),
// https://en.wikipedia.org/wiki/Yim_(Korean_surname),
// https://en.wikipedia.org/wiki/Yu_(Korean_surname),
// https://en.wikipedia.org/wiki/No_(Korean_surname),
// https://www.loc.gov/catdir/cpso/romanization/korean.pdf. OFAC lists
// North Koreans under both forms ("RO, Kwang Chol", "YU, Pu Ung"). A word
// of one group matches a listed word of the same group as another
// transliteration ([Matcher]). "Li" (the Chinese reading of 李) and the
// one-letter "I" (an initial) are left out, and Ri and Rim are two
// surnames, not one.
var koreanSurnames = map[string]string{
	"ri": "ri", "lee": "ri", "yi": "ri", "rhee": "ri", "rhie": "ri", "reeh": "ri",
	"rim": "rim", "lim": "rim", "im": "rim", "leem": "rim", "rhim": "rim",
	"ryu": "ryu", "yu": "ryu", "yoo": "ryu", "you": "ryu", "ryoo": "ryu", "rhyu": "ryu", "lyu": "ryu",
	"ro": "ro", "no": "ro", "noh": "ro", "roh": "ro", "rho": "ro",
}

// koreanSurnameSpellings lists the spellings of each group of
// [koreanSurnames].
var koreanSurnameSpellings = func() map[string][]string {
	out := map[string][]string{}
	for w, g := range koreanSurnames {
		out[g] = append(out[g], w)
	}
	for _, ws := range out {
		slices.Sort(ws)
	}
	return out
}()

// translitKey returns a key under which common transliterations of one
// name word coincide: Cyrillic by BGN/PCGN, ISO 9-style and passport
// spellings ("Sergei", "Sergey"; "Rossiyskiy", "Rossiiskii"; "Yevgeny",
// "Evgeniy"; "Aleksei", "Alexey"), Arabic given names in English and French
// spellings ("Muhammad", "Mohamed"; "Hussein", "Husayn", "Hossein"; "Omar",
// "Umar"). Vowels fall into three classes (a/e, o/u, i/y), letters that
// several systems write for one sound coincide (kh/h, zh/j/dzh, ch/tch,
// ts/tz, sh/sch/shch, c/k/q, x/ks, w/v, ph/f), doubled letters count once,
// an initial y or i before a vowel and an h after another consonant or at
// the end are dropped; in a romanised Korean syllable the initial
// consonants that the two romanisations write differently coincide
// ("byong", "pyong"; "jong", "chong"; "thaek", "taek"). It keeps the consonants and the vowel classes, so
// "Hassan" and "Hussein" do not coincide.
func translitKey(t string) string {
	b := make([]byte, 0, len(t))
	emit := func(c byte) {
		if len(b) == 0 || b[len(b)-1] != c {
			b = append(b, c)
		}
	}
	isVowel := func(c byte) bool { return strings.IndexByte("aeiouy", c) >= 0 }
	i := 0
	if len(t) > 1 && (t[0] == 'y' || t[0] == 'i') && isVowel(t[1]) {
		i = 1
	}
	// The initial consonant of a Korean syllable in either romanisation.
	if len(t) <= 6 && koreanSyllableRE.MatchString(t) {
		switch k, ok := koreanInitials[t[0]]; {
		case ok:
			emit(k)
			i = 1
		case len(t) > 2 && t[1] == 'h' && strings.IndexByte("ktp", t[0]) >= 0:
			emit(t[0]) // aspirated kh, th, ph are k, t, p
			i = 2
		}
	}
	// A French final e is silent ("Poutine", "Setchine").
	if n := len(t); n > 4 && t[n-1] == 'e' && !isVowel(t[n-2]) {
		t = t[:n-1]
	}
	for ; i < len(t); i++ {
		c := t[i]
		rest := t[i:]
		switch {
		case strings.HasPrefix(rest, "gu") && len(rest) > 2 && (rest[2] == 'e' || rest[2] == 'i'):
			// French "Guennadi"; an initial g is k, as below.
			if i == 0 {
				emit('k')
			} else {
				emit('g')
			}
			i++
		case strings.HasPrefix(rest, "oe"):
			emit('u') // Korean "Choe" for "Choi"
			emit('i')
			i++
		case strings.HasPrefix(rest, "gh"):
			emit('k') // Persian "Ghasem" for Arabic "Qasem"
			i++
		case c == 'g' && i == 0:
			emit('k') // Egyptian "Gaddafi" for "Qadhafi"
		case strings.HasPrefix(rest, "eo"), strings.HasPrefix(rest, "eu"):
			emit('u') // Korean Revised Romanization "jeong", "eun" for "jong", "un"
			i++
		case strings.HasPrefix(rest, "shch"):
			emit('S')
			i += 3
		case strings.HasPrefix(rest, "sch"), strings.HasPrefix(rest, "tch"), strings.HasPrefix(rest, "dzh"):
			emit(digraph(c, "sStCdj"))
			i += 2
		case rest == "kh":
			emit('k') // "Rostekh" for "Rostec"
			i++
		case len(rest) > 1 && rest[1] == 'h' && strings.IndexByte("szkcptdg", c) >= 0:
			emit(digraph(c, "sSzjkhcCpfttddgg"))
			i++
		case strings.HasPrefix(rest, "ts"), strings.HasPrefix(rest, "tz"):
			emit('C')
			i++
		case strings.HasPrefix(rest, "dj"):
			emit('j')
			i++
		case c == 'a' || c == 'e':
			emit('a')
		case c == 'o' || c == 'u':
			emit('u')
		case c == 'i' || c == 'y':
			emit('i')
		case c == 'c' || c == 'q' || c == 'k':
			emit('k')
		case c == 'x':
			emit('k')
			emit('s')
		case c == 'w':
			emit('v')
		case c == 'h':
			if i > 0 && !isVowel(t[i-1]) || i == len(t)-1 {
				continue
			}
			emit('h')
		default:
			emit(c)
		}
	}
	return string(b)
}

// generic words occur in many names and weigh half as much as others.
var generic = set(`
	academy bank center commercial communication development electronics electric
	engineering enterprise equipment export factory general global group holding import
	industrial industry institute international investment laboratory logistics machinery
	management manufacturing material national product research science scientific service
	shipping solution supply system technical technology trade trading university energy
	chemical petroleum new trader traders importing importer importers exporting exporter
	exporters manufacture manufactures manufacturer manufacturers`)

// companyWordForms groups the forms of a company word that name one
// trade ("Rosneft Trading" and "ROSNEFT TRADE LIMITED", "Sinobright
// Importers" and "Sinobright Import"): one form for another is the same
// word written another way ([formSim]), not a missing word and an extra
// one. (Plurals and abbreviations are one word already: [canon].)
var companyWordForms = func() map[string][]string {
	groups := [][]string{
		{"trade", "trading", "trader", "traders"},
		{"import", "importing", "importer", "importers"},
		{"export", "exporting", "exporter", "exporters"},
		{"manufacturing", "manufacture", "manufactures", "manufacturer", "manufacturers"},
	}
	m := map[string][]string{}
	for _, g := range groups {
		for _, w := range g {
			m[w] = g
		}
	}
	return m
}()

// ordinalWords maps ordinals written as words to their number and back
// ("Thirteenth" and "13", which "13th" is: [canonical]): Chinese research
// institutes are listed by number ("13th Research Institute") and written
// either way.
var ordinalWords = func() map[string]string {
	m := map[string]string{}
	for i, w := range strings.Fields(`first second third fourth fifth sixth seventh eighth ninth tenth
		eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth`) {
		m[w] = strconv.Itoa(i + 1)
	}
	for i, w := range strings.Fields(`thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth`) {
		m[w] = strconv.Itoa(30 + 10*i)
	}
	for w, n := range maps.Clone(m) {
		m[n] = w
	}
	return m
}()

// places are countries, regions and cities that company names carry as
// qualifiers ("Bank of China", "Sberbank of Russia"): they tell apart
// subsidiaries, not parties, and weigh little.
var places = set(`east west north south asia pacific middle european europe
	china chinese russia russian iran iranian korea korean hong kong beijing shanghai shenzhen moscow`)

// isPatronymic reports whether t is an East Slavic patronymic
// ("Vladimirovich", "Ivanovna") or a Turkic one ("ogly", "kyzy"): lists
// give them, orders often leave them out.
func isPatronymic(t string) bool {
	if len(t) < 7 {
		return t == "ogly" || t == "oglu" || t == "kyzy" || t == "qizi"
	}
	for _, suf := range []string{"ovich", "evich", "ovitch", "evitch", "owitsch", "ewitsch", "ovna", "evna", "ichna", "yevich", "ich"} {
		if strings.HasSuffix(t, suf) {
			return true
		}
	}
	return false
}
