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
		{"Cesáreo Estanislao Benítez", "cesareo estanislao benitez"},
		{"Evren Kayakıran", "evren kayakiran"},
		{"Müller Straße GmbH", "muller strasse"},
		{"ＡＣＭＥ　Ｔｒａｄｉｎｇ", "acme trading"},
		{"Акционерное общество Российский Банк", "russian bank"},
		{"Atlas Copco AB", "atlas copco"},
		{"I. ASH", "i ash"},
		{"Ltd.", "ltd"},
		{"Siemens Aktiengesellschaft", "siemens aktiengesellschaft"},
		{"The Academy of Aerospace Solid Propulsion Technologies", "academy aerospace solid propulsion technology"},
		{"", ""},
		{"(CETC 13)", "cetc 13"},
		{"Rosn\u200beft\u00ad Tr\u2060ade\ufeff", "rosneft trade"},
		{"Rоsnеft Trаde", "rosneft trade"},  // Cyrillic о, е, а
		{"RIM, Rуong Nam", "rim ryong nam"}, // Cyrillic у is y, not u
		{"ROSNEFT ООО", "rosneft"},          // Cyrillic ООО among Latin words is a legal form
		{"Роснефть", "rosneft"},             // Cyrillic alone is transliterated
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
