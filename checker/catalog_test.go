package checker

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestResolveSuggests checks what an unknown product or country's error
// suggests: the names that hold what was written, else the names it
// mistypes by an edit or two (not short codes).
func TestResolveSuggests(t *testing.T) {
	b, err := LoadBundle(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := newCatalog(b.Data)
	if err != nil {
		t.Fatal(err)
	}
	errText := func(_ string, err error) string {
		if err == nil {
			return "<nil>"
		}
		return err.Error()
	}
	code := func(code string, err error) string { // what a name resolves to
		if err != nil {
			return err.Error()
		}
		return code
	}
	tests := []struct{ name, got, want string }{
		{"product held", errText(c.ResolveProduct("H100")), `unknown product "H100": did you mean nvidia-dgx-h100, nvidia-h100-nvl, nvidia-h100-pcie, nvidia-h100-sxm5, nvidia-hgx-h100?`},
		{"product a letter short", errText(c.ResolveProduct("nvidia-h100-sxm")), `unknown product "nvidia-h100-sxm": did you mean nvidia-h100-sxm5?`},
		// A model number is not corrected into another model's.
		{"product another model one edit away", errText(c.ResolveProduct("H300 NVL")), `unknown product "H300 NVL"`},
		// The H100 NVL, H200 NVL and H100 PCIe are three products, each
		// named by its own aliases; the H100 NVL pair of 2023 is none of
		// them (its quantity would count pairs as cards).
		{"product the H100 NVL", code(c.ResolveProduct("H100 NVL")), "nvidia-h100-nvl"},
		{"product the H100 NVL as nvidia-smi names it", code(c.ResolveProduct("H100NVL")), "nvidia-h100-nvl"},
		{"product the H200 NVL", code(c.ResolveProduct("H200 NVL")), "nvidia-h200-nvl"},
		{"product the H100 PCIe", code(c.ResolveProduct("H100 PCIe")), "nvidia-h100-pcie"},
		{"product the H100 NVL pair", errText(c.ResolveProduct("H100 NVL 188GB")), `unknown product "H100 NVL 188GB"`},
		{"product words of an alias", errText(c.ResolveProduct("A100 80GB")), `unknown product "A100 80GB": did you mean nvidia-a100-pcie-80gb, nvidia-a100-sxm4-80gb?`},
		{"product letters swapped", errText(c.ResolveProduct("nvidai-h100-sxm5")), `unknown product "nvidai-h100-sxm5": did you mean nvidia-h100-sxm5?`},
		{"product too short to correct", errText(c.ResolveProduct("h10")), `unknown product "h10"`},
		{"country a letter short", errText(c.ResolveCountry("Chna")), `unknown country "Chna": did you mean CN (China)?`},
		{"country a letter more", errText(c.ResolveCountry("Chinaa")), `unknown country "Chinaa": did you mean CN (China)?`},
		{"country two letters swapped", errText(c.ResolveCountry("Germnay")), `unknown country "Germnay": did you mean DE (Germany)?`},
		{"country two letters swapped, in five", errText(c.ResolveCountry("Chnia")), `unknown country "Chnia": did you mean CN (China)?`},
		{"country a tie", errText(c.ResolveCountry("Iram")), `unknown country "Iram": did you mean IQ (Iraq) or IR (Iran)?`},
		{"country two edits in five letters", errText(c.ResolveCountry("Korae")), `unknown country "Korae"`},
		{"codes are not corrected", errText(c.ResolveCountry("XY")), `unknown country "XY"`},
		// Names close to another country's are not suggested: a
		// suggestion taken on trust would judge that country.
		{"country two edits in six letters", errText(c.ResolveCountry("Persia")), `unknown country "Persia"`},
		{"country a short name", code(c.ResolveCountry("Holland")), "NL"},
		{"country the EAR's name", code(c.ResolveCountry("Burma")), "MM"},
		{"country a common English name", code(c.ResolveCountry("Ivory Coast")), "CI"},
		{"country an abbreviation", code(c.ResolveCountry("PRC")), "CN"},
		{"country an alpha-3 code", code(c.ResolveCountry("DEU")), "DE"},
		{"country an alpha-3 code in any case", code(c.ResolveCountry("chn")), "CN"},
		{"country Taiwan's official name is not China's", errText(c.ResolveCountry("Republic of China")), `unknown country "Republic of China": ambiguous, one of CN (China), TW (Taiwan)`},
		{"a word of a name", errText(c.ResolveCountry("Korea")), `unknown country "Korea": ambiguous, one of KP (North Korea), KR (South Korea)`},
		{"known", errText(c.ResolveCountry("Germany")), `<nil>`},
	}
	// Asked again, the suggestions kept for a name say the same.
	tests = append(tests,
		struct{ name, got, want string }{"product asked again", errText(c.ResolveProduct("nvidai-h100-sxm5")), `unknown product "nvidai-h100-sxm5": did you mean nvidia-h100-sxm5?`},
		struct{ name, got, want string }{"country asked again", errText(c.ResolveCountry("Chna")), `unknown country "Chna": did you mean CN (China)?`})
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}
