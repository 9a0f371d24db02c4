package screening

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The details an entry is read with, from the CSV and from the API's
// JSON, in detailColumns order.
func TestReadDetails(t *testing.T) {
	l := Excerpt()
	var sdn *Entry
	for i := range l.Entries {
		if l.Entries[i].ID == "52291" {
			sdn = &l.Entries[i]
		}
	}
	if sdn == nil {
		t.Fatal("entry 52291 not in the excerpt")
	}
	want := []Detail{
		{"entity_number", "52291"},
		{"dates_of_birth", "1978-12-05"},
		{"nationalities", "KP"},
		{"ids", "Passport, 836238033, KP; Secondary sanctions risk:, North Korea Sanctions Regulations, sections 510.201 and 510.210; Gender, Male; Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions:, North Korea Sanctions Regulations section 510.214"},
	}
	if diff := cmp.Diff(want, sdn.Details); diff != "" {
		t.Errorf("CSV details (-want +got):\n%s", diff)
	}

	in := `[{"id":"p1","source":"Specially Designated Nationals (SDN) - Treasury Department","name":"KIM Il",` +
		`"alt_names":[],"ids":[{"type":"Passport","number":"836238033","country":"KP"}],"dates_of_birth":" 1978-12-05 ",` +
		`"gross_tonnage":12345678901234567890,"remarks":null,"citizenships":[],"title":""}]`
	jl, err := ReadJSON(strings.NewReader(in), "in.json")
	if err != nil {
		t.Fatal(err)
	}
	wantJSON := []Detail{
		{"gross_tonnage", "12345678901234567890"},
		{"dates_of_birth", "1978-12-05"},
		{"ids", `[{"country":"KP","number":"836238033","type":"Passport"}]`},
	}
	if diff := cmp.Diff(wantJSON, jl.Entries[0].Details); diff != "" {
		t.Errorf("JSON details (-want +got):\n%s", diff)
	}
}

// EntryHash covers an entry's details; an entry without them keeps the
// fingerprint clearances were made with before details were read (the
// example clearance's), and EntryHashV1 ignores them.
func TestEntryHash(t *testing.T) {
	base := Entry{ID: "x", Source: "Specially Designated Nationals (SDN) - Treasury Department", List: "SDN",
		Name: "KIM Il", AltNames: []string{"B", "A"}, Line: 3, SourceListURL: "https://example.com/1"}
	plain := EntryHash(&base)
	if got := EntryHashV1(&base); got != plain {
		t.Errorf("without details: EntryHashV1 = %s, EntryHash = %s; want equal", got, plain)
	}
	moved := base
	moved.AltNames, moved.Line, moved.SourceListURL = []string{"A", "B"}, 9, "https://example.com/2"
	if got := EntryHash(&moved); got != plain {
		t.Errorf("alt names reordered, line and URL moved: hash changed")
	}
	born := base
	born.Details = []Detail{{"dates_of_birth", "1978-12-05"}}
	reborn := base
	reborn.Details = []Detail{{"dates_of_birth", "1979-01-01"}}
	hashes := map[string]string{"plain": plain, "born": EntryHash(&born), "reborn": EntryHash(&reborn)}
	seen := map[string]string{}
	for name, h := range hashes {
		if other, dup := seen[h]; dup {
			t.Errorf("%s and %s have one hash %s", name, other, h)
		}
		seen[h] = name
	}
	if EntryHashV1(&born) != plain || EntryHashV1(&reborn) != plain {
		t.Error("EntryHashV1 reads details")
	}

	// The example clearance was made for this entry before details were
	// read: its hash must not move.
	atlas := Excerpt().Entries[1]
	if got, want := EntryHash(&atlas), "sha256:aa1ad8a0d997e529e3ee8a99ff9f02e2fad98c774e22fcaf2b2b30db11138c6b"; got != want {
		t.Errorf("%s: EntryHash = %s, want %s", atlas.Name, got, want)
	}
}

// Two entries under one id that differ only in a date of birth are two
// entries: a clearance naming the id could not tell which.
func TestCheckIDsDetails(t *testing.T) {
	in := "_id,source,name,dates_of_birth\n" +
		"p1,Specially Designated Nationals (SDN) - Treasury Department,KIM Il,1978\n" +
		"p1,Specially Designated Nationals (SDN) - Treasury Department,KIM Il,1979\n"
	_, err := ReadCSV(strings.NewReader(in), "in.csv")
	want := `in.csv:3: _id "p1" is also that of line 2 ("KIM Il"), another entry: a clearance naming it could not tell which`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

// Every detail column has a label in words.
func TestDetailLabels(t *testing.T) {
	for _, c := range detailColumns {
		if l := (Detail{Field: c}).Label(); l == c || l == "" {
			t.Errorf("%s: no label", c)
		}
	}
}
