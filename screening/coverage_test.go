package screening

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/exportcheck/exportcheck/data"
)

// testCoverage is the embedded data's screening.csl.
func testCoverage(t *testing.T) Coverage {
	t.Helper()
	b, err := data.FS.ReadFile("screening.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	c, err := CoverageOf(doc)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var (
	el  = Source{"EL", "Entity List (EL) - Bureau of Industry and Security"}
	dpl = Source{"DPL", "Denied Persons List (DPL) - Bureau of Industry and Security"}
	uvl = Source{"UVL", "Unverified List (UVL) - Bureau of Industry and Security"}
	meu = Source{"MEU", "Military End User (MEU) List - Bureau of Industry and Security"}
	sdn = Source{"SDN", "Specially Designated Nationals (SDN) - Treasury Department"}
)

// TestCoverageData: the embedded data requires BIS's four lists and OFAC's
// SDN List, spelt as the CSL spells them (each spelling gives its code),
// and 10,000 entries.
func TestCoverageData(t *testing.T) {
	got := testCoverage(t)
	want := Coverage{Sources: []Source{dpl, el, meu, sdn, uvl}, MinEntries: 10000}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("screening.csl (-want +got):\n%s", diff)
	}
	for _, s := range got.Sources {
		if c := ListCode(s.Name); c != s.Code {
			t.Errorf("%q: ListCode gives %q, not the code %q it is required by", s.Name, c, s.Code)
		}
	}
}

// TestCoverageGaps: a list lacking a required source, or with fewer
// entries than the whole list has, falls short, and says how; the real
// excerpt has every required source and 13 entries.
func TestCoverageGaps(t *testing.T) {
	cov := testCoverage(t)
	csv := func(rows ...string) *List {
		l, err := ReadCSV(strings.NewReader("_id,source,name\n"+strings.Join(rows, "\n")+"\n"), "l.csv")
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	whole := func(n int) *List {
		l := Synthetic(n, 1)
		// Synthetic spreads its entries over the lists; make sure of each.
		for i, s := range []Source{dpl, el, meu, sdn, uvl} {
			l.Entries[i].Source, l.Entries[i].List = s.Name, s.Code
		}
		return l
	}
	withoutSDN := whole(20000)
	withoutSDN.Entries = slicesDeleteList(withoutSDN.Entries, "SDN")
	if len(withoutSDN.Entries) < cov.MinEntries {
		t.Fatalf("the list without SDN has %d entries: the case is of a source missing alone", len(withoutSDN.Entries))
	}
	tests := []struct {
		name string
		l    *List
		want Gaps
		text string
	}{
		{"the whole list", whole(20000), Gaps{}, ""},
		{"the excerpt: every source, 13 entries", Excerpt(), Gaps{Entries: 13, MinEntries: 10000},
			"13 entries in all, where the whole list has 10,000 or more"},
		{"one Denied Persons entry", csv("dpl-1,Denied Persons List (DPL) - Bureau of Industry and Security,Atlas Sanatgaran"),
			Gaps{Missing: []Source{el, meu, sdn, uvl}, Entries: 1, MinEntries: 10000},
			`no entry whose source is "Entity List (EL) - Bureau of Industry and Security", "Military End User (MEU) List - Bureau of Industry and Security", ` +
				`"Specially Designated Nationals (SDN) - Treasury Department" or "Unverified List (UVL) - Bureau of Industry and Security", and 1 entry in all, where the whole list has 10,000 or more`},
		{"the Treasury's lists gone (2024-05-06)", withoutSDN, Gaps{Missing: []Source{sdn}},
			`no entry whose source is "Specially Designated Nationals (SDN) - Treasury Department"`},
		{"a source spelt without its code", csv(
			"1,Entity List - Bureau of Industry and Security,A", "2,Denied Persons List,B", "3,Unverified List,C",
			"4,Military End User List,D", "5,Specially Designated Nationals,E"),
			Gaps{Entries: 5, MinEntries: 10000}, "5 entries in all, where the whole list has 10,000 or more"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cov.Gaps(tt.l)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Gaps (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.text, got.String()); diff != "" {
				t.Errorf("String (-want +got):\n%s", diff)
			}
			if got.None() != (tt.text == "") {
				t.Errorf("None() = %v for %q", got.None(), tt.text)
			}
		})
	}
}

// slicesDeleteList drops the entries of one list.
func slicesDeleteList(es []Entry, code string) []Entry {
	var out []Entry
	for _, e := range es {
		if e.List != code {
			out = append(out, e)
		}
	}
	return out
}

// TestCoverageStricter: a company's data adds lists and raises the count,
// and never takes from the embedded data's.
func TestCoverageStricter(t *testing.T) {
	base := Coverage{Sources: []Source{dpl, el}, MinEntries: 10000}
	ssi := Source{"SSI", "Sectoral Sanctions Identifications List (SSI) - Treasury Department"}
	for _, tt := range []struct {
		name    string
		overlay Coverage
		want    Coverage
	}{
		{"looser: fewer lists, fewer entries", Coverage{Sources: []Source{dpl}, MinEntries: 1}, base},
		{"stricter: a list more, more entries", Coverage{Sources: []Source{ssi, el}, MinEntries: 15000},
			Coverage{Sources: []Source{dpl, el, ssi}, MinEntries: 15000}},
	} {
		if diff := cmp.Diff(tt.want, base.Stricter(tt.overlay)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

// TestCoverageOf: the facts as a merged data document holds them (JSON
// numbers) and what is wrong with them, said.
func TestCoverageOf(t *testing.T) {
	doc := func(s string) map[string]any {
		var m map[string]any
		d := json.NewDecoder(strings.NewReader(s))
		d.UseNumber()
		if err := d.Decode(&m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	got, err := CoverageOf(doc(`{"screening": {"csl": {"required_sources": {"SDN": "S", "EL": "E"}, "min_entries": 5}}}`))
	if diff := cmp.Diff(Coverage{Sources: []Source{{"EL", "E"}, {"SDN", "S"}}, MinEntries: 5}, got); diff != "" || err != nil {
		t.Errorf("CoverageOf (-want +got):\n%s%v", diff, err)
	}
	for _, tt := range []struct{ doc, err string }{
		{`{"screening": {"match_threshold": 0.93}}`, ErrNoCoverage.Error()},
		{`{"screening": {"csl": {"required_sources": {}, "min_entries": 5}}}`, "data: screening.csl: want required_sources"},
		{`{"screening": {"csl": {"required_sources": {"EL": ""}, "min_entries": 5}}}`, "data: screening.csl: required_sources: EL: want the source"},
		{`{"screening": {"csl": {"required_sources": {"EL": "E"}, "min_entries": 0}}}`, "data: screening.csl: min_entries: want a whole number of entries, at least 1, not 0"},
		{`{"screening": {"csl": {"required_sources": {"EL": "E"}, "min_entries": 1.5}}}`, "data: screening.csl: min_entries: want a whole number of entries, at least 1, not 1.5"},
	} {
		_, err := CoverageOf(doc(tt.doc))
		if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
			t.Errorf("%s: error %v, want %q", tt.doc, err, tt.err)
		}
	}
	if _, err := CoverageOf(nil); !errors.Is(err, ErrNoCoverage) {
		t.Errorf("no data: %v, want ErrNoCoverage", err)
	}
}
