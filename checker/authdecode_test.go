package checker

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"
)

// TestDecodeAuthOutcomes: authorization.results are read from the policy's
// terms as encoding/json reads them from JSON (as they were before): every
// field, absent and null fields, empty arrays, keys the checker does not
// read; a field of another type is refused, naming where it is.
func TestDecodeAuthOutcomes(t *testing.T) {
	for _, tc := range []struct {
		name, json string
		wantErr    string
	}{
		{"full", `[{"eligible": [{"kind": "license", "number": "D123", "expires": "2027-01-01", "limits": ["3A090.a", "value"],
			"reasons": [{"rule": "AUTH-1", "citation": "15 CFR 750.7", "message": "covered", "classification": false}],
			"exhausted": {"rule": "AUTH-2", "citation": "15 CFR 750.7", "message": "used up"}}],
			"ineligible": [{"kind": "veu", "number": "V1", "reasons": [{"rule": "AUTH-3", "citation": "15 CFR 748.15", "message": "site", "classification": true}], "decides": false},
				{"kind": "license", "number": "D9", "reasons": []}],
			"blocked": [{"rule": "AUTH-4", "citation": "c", "message": "m"}], "decides": true}]`, ""},
		{"empty and absent", `[{"eligible": [], "ineligible": [], "blocked": []}, {}, {"decides": false}]`, ""},
		{"nulls", `[null, {"eligible": null, "ineligible": [null], "blocked": null, "decides": null}, {"eligible": [null, {"kind": null, "limits": null, "exhausted": null}]}]`, ""},
		{"other keys", `[{"note": 1, "eligible": [{"kind": "license", "extra": {"a": [1]}}], "blocked": [{"rule": "R", "why": 2}]}]`, ""},
		{"number for a string", `[{"eligible": [{"kind": 7}]}]`, "data.exportcheck.authorization.results[0].eligible[0].kind is number, want a string"},
		{"string for a boolean", `[{}, {"decides": "no"}]`, "data.exportcheck.authorization.results[1].decides is string, want a boolean"},
		{"object for an array", `[{"blocked": {"rule": "R"}}]`, "data.exportcheck.authorization.results[0].blocked is object, want an array"},
		{"number in limits", `[{"eligible": [{"limits": ["a", 2]}]}]`, "data.exportcheck.authorization.results[0].eligible[0].limits[1] is number, want a string"},
		{"string for a reason", `[{"ineligible": [{"reasons": ["why"]}]}]`, "data.exportcheck.authorization.results[0].ineligible[0].reasons[0] is string, want an object"},
		{"not an array", `{"a": 1}`, "data.exportcheck.authorization.results is object, want an array"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := decodeAuthOutcomes(ast.MustParseTerm(tc.json))
			var want []*authOutcome
			jerr := json.Unmarshal([]byte(tc.json), &want)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				if jerr == nil {
					t.Fatalf("encoding/json reads it (%v): the case is not refused there", want)
				}
				return
			}
			if err != nil || jerr != nil {
				t.Fatalf("errors %v (terms), %v (JSON)", err, jerr)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("read from terms differs from encoding/json (-json +terms):\n%s", diff)
			}
		})
	}
}
