package screening

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSpell(t *testing.T) {
	for _, tc := range []struct {
		name string
		want Spelling
	}{
		{"Falcon Compute LLC", Spelling{"falcon compute llc", "falcon compute"}},
		{"FALCON COMPUTE, L.L.C.", Spelling{"falcon compute llc", "falcon compute"}},
		{"  falcon   compute ", Spelling{"falcon compute", "falcon compute"}},
		{"Falcon Compute Inc.", Spelling{"falcon compute inc", "falcon compute"}},
		{"Falcon Compute Incorporated", Spelling{"falcon compute inc", "falcon compute"}},
		{"Falcon Compute GmbH (Beijing)", Spelling{"falcon compute gmbh beijing", "falcon compute beijing"}},
		{"Falcon Compute; Other Party", Spelling{"falcon compute other party", "falcon compute other party"}},
		{"Sino Data Co., Limited", Spelling{"sino data co ltd", "sino data"}},
		{"Sino Data Company Ltd", Spelling{"sino data co ltd", "sino data"}},
		{"Bank of China", Spelling{"bank of china", "bank of china"}},
		{"Müller & Söhne AG", Spelling{"muller and sohne ag", "muller and sohne"}},
		{"Public Joint Stock Company Rostec", Spelling{"public joint stock co rostec", "public joint stock rostec"}},
		{"TBD", Spelling{"tbd", "tbd"}},
	} {
		if diff := cmp.Diff(tc.want, Spell(tc.name)); diff != "" {
			t.Errorf("Spell(%q) (-want +got):\n%s", tc.name, diff)
		}
	}
}
