package screening

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"CHINA ELECTRONICS TECHNOLOGY GROUP CORP., 13TH RESEARCH INSTITUTE", "china electronics technology group 13 research institute"},
		{"China Electronics Technology Group Corporation 13th Research Institute (CETC 13)", "china electronics technology group 13 research institute"},
		{"Sinobright Import and Export Company; and any successor, sub-unit, or subsidiary thereof", "sinobright import export"},
		{"Sinobright Import & Export Co., Ltd.", "sinobright import export"},
		{"TNK Trading International S.A.", "tnk trading international"},
		{"T.N.K. Trading Intl", "tnk trading international"},
		{"Fathi Mohammed QAR'AWI", "fathi muhammad qarawi"},
		{"RIM, Ryong Nam", "rim ryong nam"},
		// Korean legal forms, not romanised into syllables ("ju sik hoe").
		{"Atlas Sanatgaran 주식회사", "atlas sanatgaran"},
		{"㈜ Atlas Sanatgaran", "atlas sanatgaran"},
		{"주식회사 림룡남", "rim ryong nam"},
		{"림룡남유한책임회사", "rim ryong nam"},
		{"No Kwang-chol", "no kwang chol"},                      // the Korean surname No, not a stop word
		{"Factory No. 13 of Pyongyang", "factory 13 pyongyang"}, // No. before a number is "number"
		{"Cesáreo Estanislao Benítez", "cesareo estanislao benitez"},
		{"Evren Kayakıran", "evren kayakiran"},
		{"Müller Straße GmbH", "muller strasse"},
		{"ＡＣＭＥ　Ｔｒａｄｉｎｇ", "acme trading"},
		{"Акционерное общество Российский Банк", "russian bank"},
		{"Atlas Copco AB", "atlas copco"},
		{"I. ASH", "i ash"},
		{"Ltd.", "ltd"},
		{"Siemens Aktiengesellschaft", "siemens"},
		{"The Academy of Aerospace Solid Propulsion Technologies", "academy aerospace solid propulsion technology"},
		{"", ""},
		{"(CETC 13)", "cetc 13"},
		{"Rosn\u200beft\u00ad Tr\u2060ade\ufeff", "rosneft trade"},
		{"Rоsnеft Trаde", "rosneft trade"},       // Cyrillic о, е, а
		{"RIM, Rуong Nam", "rim ryong nam"},      // Cyrillic у is y, not u
		{"ROSNEFT ООО", "rosneft"},               // Cyrillic ООО among Latin words is a legal form
		{"Роснефть", "rosneft"},                  // Cyrillic alone is transliterated
		{"ᴀᴛʟᴀꜱ ꜱᴀɴᴀᴛɢᴀʀᴀɴ", "atlas sanatgaran"}, // small capitals
		{"Ⓐⓣⓛⓐⓢ 𝐒𝐚𝐧𝐚𝐭𝐠𝐚𝐫𝐚𝐧", "atlas sanatgaran"}, // circled and mathematical letters
		{"Rim Ryong Nam Limited Liability Company", "rim ryong nam"},
		{"Atlas Anonim Şirketi", "atlas"},
		{"Atlas Kabushiki Kaisha", "atlas"},
		{"Atlas S.A. de C.V.", "atlas"},
		{"Sherkat Atlas", "atlas"},
		// English company words in Russian, transliterated back.
		{"Rosneft Treid Limited", "rosneft trade"},
		{"TNK Treyding Interneshnl", "tnk trading international"},
		{"Gruppa Kompanii Atlas Kholding", "group atlas holding"},
		{"Khuavei Tekhnolodzhiz Kompaniya", "khuavei technology"},
		{"ООО «Роснефть Трейд»", "rosneft trade"},
		{"ТНК Трейдинг Интернешнл", "tnk trading international"},
		{"Группа компаний Атлас Холдинг", "group atlas holding"},
	} {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestVariants(t *testing.T) {
	displays := func(s string) []string {
		var out []string
		for _, v := range variants(s) {
			out = append(out, v.display)
		}
		return out
	}
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"China Electronics Technology Group Corporation 13th Research Institute (CETC 13)",
			[]string{"China Electronics Technology Group Corporation 13th Research Institute", "CETC 13"}},
		{"Academy of Aerospace Solid Propulsion Technology (AASPT)", []string{"Academy of Aerospace Solid Propulsion Technology", "AASPT"}},
		{"Huawei Technologies Co., Ltd. (Shenzhen)", []string{"Huawei Technologies Co., Ltd."}},
		{"Rosneft Trade Ltd (HK)", []string{"Rosneft Trade Ltd"}},
		{"Alpha Trading (a.k.a. Beta Industrial)", []string{"Alpha Trading", "Beta Industrial"}},
		{"Sinobright Import and Export Company; and any successor, sub-unit, or subsidiary thereof", []string{"Sinobright Import and Export Company"}},
		{"Sino-Bright Co.", []string{"Sino-Bright Co.", "Sino-Bright Co."}},
		{"Alpha; and Beta", []string{"Alpha", "Beta"}},
		{"Co.", []string{"Co."}},
		{"  ", nil},
	} {
		if diff := cmp.Diff(tc.want, displays(tc.in)); diff != "" {
			t.Errorf("variants(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
	// The hyphen-free variant of "Sino-Bright" is compared as "sinobright".
	vs := variants("Sino-Bright Co.")
	var toks [][]string
	for _, v := range vs {
		toks = append(toks, v.tokens)
	}
	if diff := cmp.Diff([][]string{{"sino", "bright"}, {"sinobright"}}, toks); diff != "" {
		t.Errorf("variants(Sino-Bright Co.) tokens (-want +got):\n%s", diff)
	}
}

// FuzzNormalize: any input normalises without panicking to lower-case ASCII
// words, and the script checks accept it.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Rоsneft\u200b Trade", "김정은", "محمد عبد الله", "Κυριάκος", "习近平", "ΑΒΓ ABC", "\xff\xfe", "Abd al-", "abdul", "(a) [b]; and c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		for i := 0; i < len(n); i++ {
			if c := n[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == ' ') {
				t.Fatalf("Normalize(%q) = %q: byte %q", s, n, c)
			}
		}
		MixedScripts(s)
		Unromanisable(s)
	})
}

// TestQueryTexts: an end user's name is screened in every name it holds;
// a part that names no one by itself is not screened alone.
func TestQueryTexts(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Rim Ryong Nam", []string{"Rim Ryong Nam"}},
		{"Shenyang Trading Co (Rim Ryong Nam)", []string{"Shenyang Trading Co (Rim Ryong Nam)", "Shenyang Trading Co  Rim Ryong Nam", "Rim Ryong Nam"}},
		{"Benign Ltd [Atlas Sanatgaran]", []string{"Benign Ltd [Atlas Sanatgaran]", "Benign Ltd  Atlas Sanatgaran", "Atlas Sanatgaran"}},
		{"Hebei Semiconductor Co d/b/a CETC 13", []string{"Hebei Semiconductor Co d/b/a CETC 13", "Hebei Semiconductor Co", "CETC 13"}},
		{"Harmless Co c/o Rim Ryong Nam", []string{"Harmless Co c/o Rim Ryong Nam", "Harmless Co", "Rim Ryong Nam"}},
		{"Foo Ltd T/A Bar Electronics", []string{"Foo Ltd T/A Bar Electronics", "Foo Ltd", "Bar Electronics"}},
		{"Foo Ltd, trading as Bar Optics", []string{"Foo Ltd, trading as Bar Optics", "Foo Ltd", "Bar Optics"}},
		{"Foo Ltd DBA Bar Optics", []string{"Foo Ltd DBA Bar Optics", "Foo Ltd", "Bar Optics"}},
		{"Foo Optics (a.k.a. Bar Optics)", []string{"Foo Optics (a.k.a. Bar Optics)", "Foo Optics  a.k.a. Bar Optics", "a.k.a. Bar Optics", "Foo Optics", "Bar Optics"}},
		// Places and company words in brackets are not names by themselves.
		{"Shenyang General Trading (Hong Kong)", []string{"Shenyang General Trading (Hong Kong)"}},
		{"Foo Optics (HK)", []string{"Foo Optics (HK)"}},
		{"Atlas (Sanatgaran)", []string{"Atlas (Sanatgaran)", "Atlas  Sanatgaran", "Sanatgaran"}},
		// Words that only contain a separator's letters do not split.
		{"Dbaxa Tako Akademia Caron", []string{"Dbaxa Tako Akademia Caron"}},
	} {
		if diff := cmp.Diff(tc.want, queryTexts(tc.in)); diff != "" {
			t.Errorf("queryTexts(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

// TestMaySeparate: the pre-check never spares a name the separator
// expression would split.
func TestMaySeparate(t *testing.T) {
	for _, s := range []string{"A d/b/a B", "A D.B.A. B", "A dba B", "A T/A B", "A t.a. B", "A c/o B", "A care of B",
		"A aka B", "A a.k.a. B", "A A/K/A B", "A fka B", "A f.k.a. B", "A trading as B", "A Doing Business As B",
		"A operating as B", "A also known as B", "A formerly B", "A formerly known as B", "A (aka B)", "A, DBA: B"} {
		if !separatorRE.MatchString(s) {
			t.Errorf("separatorRE does not match %q", s)
		}
		if !maySeparate(s) {
			t.Errorf("maySeparate(%q) = false, but separatorRE matches it", s)
		}
	}
	for _, s := range []string{"Atlas Sanatgaran Yerevan Branch", "Rim Ryong Nam", "Dbaxa Akademia"} {
		if maySeparate(s) {
			t.Errorf("maySeparate(%q) = true", s)
		}
	}
}
