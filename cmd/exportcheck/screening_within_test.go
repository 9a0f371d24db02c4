package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestScreeningWithinLongerNames: a listed party is screened within a
// longer end-user name (a branch, an office, a trading arm) and in every
// name the end user's name holds (in brackets, after "d/b/a", "c/o",
// "t/a"): none of them is allowed; names that only share words are, but
// for a listed party's short name.
func TestScreeningWithinLongerNames(t *testing.T) {
	type outcome struct {
		Decision string
		Rules    []string // the screening rules among the reasons
	}
	want := map[string]outcome{
		"Rim Ryong Nam":                                        {"prohibited", []string{"screening.match"}},
		"Rim Ryong Nam Shenyang General Trading":               {"review", []string{"screening.contained"}},
		"Atlas Sanatgaran Yerevan Branch":                      {"review", []string{"screening.contained"}},
		"Sinobright Import and Export Company Shenzhen Branch": {"review", []string{"screening.contained"}},
		"I. Ash Consulting Services":                           {"review", []string{"screening.contained"}},
		"Rosneft Trade Limited Cyprus Office":                  {"review", []string{"screening.contained"}},
		"Atlas Sanatgaran Trading International":               {"review", []string{"screening.contained"}},
		"AASPT International Trading":                          {"review", []string{"screening.contained"}},
		"Shenyang Trading Co (Rim Ryong Nam)":                  {"prohibited", []string{"screening.match"}},
		"Benign Ltd (Atlas Sanatgaran)":                        {"review", []string{"screening.match"}},
		"Hebei Semiconductor Co d/b/a CETC 13":                 {"license_required", []string{"screening.match"}},
		"Benign Trading Ltd d/b/a CETC 13":                     {"license_required", []string{"screening.match"}},
		"Harmless Co c/o Rim Ryong Nam":                        {"prohibited", []string{"screening.match"}},
		"Foo Industries t/a Atlas Sanatgaran":                  {"review", []string{"screening.match"}},
		// Sharing words is not holding a listed name whole.
		"Atlas Copco Services":                 {"allow", nil},
		"Rosneft Deutschland Trading Office":   {"allow", nil},
		"Shenyang General Trading (Hong Kong)": {"allow", nil},
		// A listed party's distinctive words with company words and places
		// only, or alone (in brackets too), is its short name: reviewed as
		// a candidate. Not with a distinctive word of its own.
		"Berlin Robotics GmbH (Sinobright)": {"review", []string{"screening.candidate"}},
		"Sinobright Trading":                {"review", []string{"screening.candidate"}},
		"AASPT Xian":                        {"review", []string{"screening.candidate"}},
		"Sinobright Pharma Co., Ltd.":       {"allow", nil},
	}
	var csv strings.Builder
	csv.WriteString("id,product,quantity,destination,end_user,end_user_hq,date\n")
	for name := range want {
		q := `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
		csv.WriteString("L," + "H100 SXM5,1,DE," + q + ",DE,2025-01-15\n")
	}
	book := filepath.Join(t.TempDir(), "orders.csv")
	if err := os.WriteFile(book, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	run(context.Background(), []string{"check", "--screening-list", "demo", "--format", "jsonl", book}, nil, &out, &errb)
	got := map[string]outcome{}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var r struct {
			EndUser  string `json:"end_user"`
			Decision string `json:"decision"`
			Reasons  []struct {
				Rule string `json:"rule"`
			} `json:"reasons"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%v: %s\nstderr: %s", err, line, errb.String())
		}
		o := outcome{Decision: r.Decision}
		for _, x := range r.Reasons {
			if strings.HasPrefix(x.Rule, "screening.") {
				o.Rules = append(o.Rules, x.Rule)
			}
		}
		got[r.EndUser] = o
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decisions (-want +got):\n%s\nstderr: %s", diff, errb.String())
	}
}
