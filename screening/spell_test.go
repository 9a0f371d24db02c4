package screening

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSpell(t *testing.T) {
	got, want := map[string]string{}, map[string]string{
		"Falcon Compute LLC":                "falcon compute llc",
		"FALCON COMPUTE, L.L.C.":            "falcon compute llc",
		"  falcon   compute ":               "falcon compute",
		"Falcon Compute Inc.":               "falcon compute inc",
		"Falcon Compute Incorporated":       "falcon compute inc",
		"Falcon Compute GmbH (Beijing)":     "falcon compute gmbh beijing",
		"Falcon Compute; Other Party":       "falcon compute other party",
		"Sino Data Co., Limited":            "sino data co ltd",
		"Sino Data Company Ltd":             "sino data co ltd",
		"Bank of China":                     "bank of china",
		"Müller & Söhne AG":                 "muller and sohne ag",
		"Public Joint Stock Company Rostec": "public joint stock co rostec",
	}
	for name := range want {
		got[name] = Spell(name)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Spell (-want +got):\n%s", diff)
	}
}
