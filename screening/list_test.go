package screening

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestExcerpt(t *testing.T) {
	l := Excerpt()
	sum := sha256.Sum256(excerptCSV)
	wantSnap := Snapshot{Path: ExcerptPath, SHA256: hex.EncodeToString(sum[:]), Rows: 13, Newest: "2023-07-19"}
	if diff := cmp.Diff(wantSnap, l.Snapshot); diff != "" {
		t.Errorf("Snapshot (-want +got):\n%s", diff)
	}
	ref, err := os.ReadFile("../../shared/reference/screening/csl-sample.csv")
	if err == nil && !bytes.Equal(ref, excerptCSV) {
		t.Error("lists/csl-excerpt.csv differs from the reference sample it must copy verbatim")
	}
	cetc := Entry{
		ID:     "99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be",
		Source: "Entity List (EL) - Bureau of Industry and Security",
		List:   "EL",
		Name:   "China Electronics Technology Group Corporation 13th Research Institute (CETC 13)",
		AltNames: []string{
			"Hebei Semiconductor Research Institute", "HSRI", "Hebei Institute of Semiconductors",
			"Hebei Semiconductor Institute", "Hebei Semiconductor", "CETC Research Institute 13",
		},
		Addresses: []string{
			"113 Hezuo Road, Shijiazhuang, Hebei, China",
			"21 Changsheng Street, Shijiazhuang, Hebei, China",
			"21 Changsheng Road, Shijiazhuang, Hebei, China, Shijiazhuang, Hebei Province, CN",
		},
		FederalRegisterNotice: "83 FR 37423; 87 FR 77505",
		StartDate:             "2018-08-01",
		LicenseRequirement:    "For all items subject to the EAR. (See §§ 734.9(g),3 746.8(a)(3), and 744.21(b) of the EAR)",
		LicensePolicy:         "Policy of denial for all items subject to the EAR apart from food and medicine designated as EAR99, which will be reviewed on a case-by-case basis. See §§ 746.8(b) and 744.21(e).",
		SourceListURL:         "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/entity-list",
		Line:                  13,
	}
	if diff := cmp.Diff(cetc, l.Entries[11]); diff != "" {
		t.Errorf("CETC 13 entry (-want +got):\n%s", diff)
	}
	var codes []string
	for _, e := range l.Entries {
		codes = append(codes, e.List)
	}
	wantCodes := []string{"ISN", "UVL", "MEU", "PLC", "SDN", "DTC", "DPL", "SSI", "FSE", "PLC", "SSI", "EL", "SSI"}
	if diff := cmp.Diff(wantCodes, codes); diff != "" {
		t.Errorf("list codes (-want +got):\n%s", diff)
	}
	if got := l.Entries[11].Programs; got != nil {
		t.Errorf("EL programs = %q, want none", got)
	}
	if diff := cmp.Diff([]string{"VENEZUELA-EO13850", "UKRAINE-EO13662"}, l.Entries[10].Programs); diff != "" {
		t.Errorf("programs (-want +got):\n%s", diff)
	}
	// Each call returns a fresh copy.
	l.Entries[0].Name = "changed"
	if Excerpt().Entries[0].Name == "changed" {
		t.Error("Excerpt shares its entries between calls")
	}
}

func TestListCode(t *testing.T) {
	for _, tc := range []struct{ source, want string }{
		{"Entity List (EL) - Bureau of Industry and Security", "EL"},
		{"Military End User (MEU) List - Bureau of Industry and Security", "MEU"},
		{"Nonproliferation Sanctions (ISN) - State Department", "ISN"},
		{"ITAR Debarred (DTC) - State Department", "DTC"},
		{"Correspondent Account or Payable-Through Account Sanctions (CAPTA) - Treasury Department", "CAP"},
		{"Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department", "MBS"},
		{"Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department", "CMIC"},
		{"Specially Designated Nationals (SDN) - Treasury Department", "SDN"},
		{"Entity List - Bureau of Industry and Security", "EL"},
		{"Some Other List", ""},
	} {
		if got := ListCode(tc.source); got != tc.want {
			t.Errorf("ListCode(%q) = %q, want %q", tc.source, got, tc.want)
		}
	}
}

func TestReadCSVFormats(t *testing.T) {
	// Header in another order and case, BOM, CRLF, a quoted field spanning
	// lines, columns missing that are not required.
	in := "\ufeffNAME,Source,_ID,Alt_Names,End_Date,Start_Date\r\n" +
		"\"Acme \"\"Quoted\"\" Trading Co.\",Entity List (EL) - Bureau of Industry and Security,a1,\"Acme; and Acme HK\",,2020-01-02\r\n" +
		"\"Line\r\nBreak Ltd\",Denied Persons List (DPL) - Bureau of Industry and Security,a2,,01/31/2030,2019-05-06T00:00:00\r\n" +
		"Third,Unverified List (UVL) - Bureau of Industry and Security,a3,,,\r\n" +
		"Fourth, BIS Export Blacklist ,a4,,,\r\n" // a source not known: named by itself
	l, err := ReadCSV(strings.NewReader(in), "in.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{ID: "a1", Source: "Entity List (EL) - Bureau of Industry and Security", List: "EL", Name: `Acme "Quoted" Trading Co.`, AltNames: []string{"Acme", "Acme HK"}, StartDate: "2020-01-02", Line: 2},
		{ID: "a2", Source: "Denied Persons List (DPL) - Bureau of Industry and Security", List: "DPL", Name: "Line\nBreak Ltd", StartDate: "2019-05-06", EndDate: "2030-01-31", Line: 3},
		{ID: "a3", Source: "Unverified List (UVL) - Bureau of Industry and Security", List: "UVL", Name: "Third", Line: 5},
		{ID: "a4", Source: "BIS Export Blacklist", List: "BIS Export Blacklist", Name: "Fourth", Line: 6},
	}
	if diff := cmp.Diff(want, l.Entries); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	sum := sha256.Sum256([]byte(in))
	if got, want := l.Snapshot, (Snapshot{Path: "in.csv", SHA256: hex.EncodeToString(sum[:]), Rows: 4, Newest: "2020-01-02"}); got != want {
		t.Errorf("Snapshot = %+v, want %+v", got, want)
	}
}

func TestReadJSON(t *testing.T) {
	l, err := Load("testdata/csl.json")
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{
			ID: "99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be", Source: "Entity List (EL) - Bureau of Industry and Security", List: "EL",
			Name:                  "China Electronics Technology Group Corporation 13th Research Institute (CETC 13)",
			AltNames:              []string{"Hebei Semiconductor Research Institute", "HSRI", "CETC Research Institute 13"},
			Addresses:             []string{"113 Hezuo Road, Shijiazhuang, Hebei, CN", "21 Changsheng Street, Shijiazhuang, Hebei, CN"},
			FederalRegisterNotice: "83 FR 37423; 87 FR 77505", StartDate: "2018-08-01",
			LicenseRequirement: "For all items subject to the EAR.", LicensePolicy: "Policy of denial.",
			SourceListURL: "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/entity-list",
			Line:          7,
		},
		{
			ID: "b601cbf2841d0aaedfe63661581ffbc3d54b6ba39d7e3a9027cff50e", Source: "Denied Persons List (DPL) - Bureau of Industry and Security", List: "DPL",
			Name: "I. ASH", Addresses: []string{"605 TRAIL LAKE DRIVE, RICHARDSON, TX, 75081, US"},
			StartDate: "2002-03-04", EndDate: "2056-06-29", SourceListURL: "https://www.bis.doc.gov/index.php/the-denied-persons-list",
			Line: 26,
		},
		{
			ID: "18283", Source: "Sectoral Sanctions Identifications List (SSI) - Treasury Department", List: "SSI", Type: "Entity",
			Name: "SME BANK", AltNames: []string{"JSC SME BANK", "MSP BANK AO"}, Programs: []string{"UKRAINE-EO13662"},
			Addresses: []string{"79 ul. Sadovnicheskaya, Moscow, 115035, RU"},
			Line:      36,
		},
	}
	if diff := cmp.Diff(want, l.Entries); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	if l.Snapshot.Rows != 3 || l.Snapshot.Newest != "2018-08-01" || l.Snapshot.Path != "testdata/csl.json" || len(l.Snapshot.SHA256) != 64 {
		t.Errorf("Snapshot = %+v", l.Snapshot)
	}

	// A bare array, on one line, without an extension to go by.
	dir := t.TempDir()
	p := filepath.Join(dir, "list")
	bare := `[{"_id":"x1","source":"Unverified List (UVL) - Bureau of Industry and Security","name":"Atlas Sanatgaran","addresses":"Komitas 26/114, Yerevan, Armenia, AM","alt_names":"A; B"}]`
	if err := os.WriteFile(p, []byte(bare), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err = Load(p)
	if err != nil {
		t.Fatal(err)
	}
	wantBare := []Entry{{ID: "x1", Source: "Unverified List (UVL) - Bureau of Industry and Security", List: "UVL", Name: "Atlas Sanatgaran",
		Addresses: []string{"Komitas 26/114, Yerevan, Armenia, AM"}, AltNames: []string{"A", "B"}, Line: 1}}
	if diff := cmp.Diff(wantBare, l.Entries); diff != "" {
		t.Errorf("bare array (-want +got):\n%s", diff)
	}
}

func TestLoadCSV(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "csl.csv")
	if err := os.WriteFile(p, excerptCSV, 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	ex := Excerpt()
	if diff := cmp.Diff(ex.Entries, l.Entries); diff != "" {
		t.Errorf("Load(csv) differs from Excerpt (-want +got):\n%s", diff)
	}
	if l.Snapshot.SHA256 != ex.Snapshot.SHA256 || l.Snapshot.Path != p {
		t.Errorf("Snapshot = %+v", l.Snapshot)
	}
	if _, err := Load(filepath.Join(dir, "missing.csv")); err == nil {
		t.Error("Load of a missing file: no error")
	}
}

func TestWriteCSVRoundTrip(t *testing.T) {
	for _, l := range []*List{Excerpt(), Synthetic(300, 5)} {
		var buf bytes.Buffer
		if err := WriteCSV(&buf, l); err != nil {
			t.Fatal(err)
		}
		back, err := ReadCSV(&buf, "round.csv")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(l.Entries, back.Entries, cmpopts.IgnoreFields(Entry{}, "Line")); diff != "" {
			t.Errorf("%s: round trip (-want +got):\n%s", l.Snapshot.Path, diff)
		}
	}
}

func TestBadInput(t *testing.T) {
	const src = "Entity List (EL) - Bureau of Industry and Security"
	for _, tc := range []struct {
		name, file, content, want string
	}{
		{"empty csv", "e.csv", "", "e.csv:1: empty file"},
		{"missing column", "m.csv", "_id,source,title\n1,x,y\n", `m.csv:1: missing column "name"`},
		{"duplicate column", "d.csv", "name,source,NAME\n", `d.csv:1: duplicate column "name"`},
		{"renamed column", "r.csv", "_id,source,name,aliases\n1," + src + ",Acme,Acme Trading\n", `r.csv:1: unknown column "aliases" (column 4), and no column type, programs, addresses, federal_register_notice, start_date, end_date, license_requirement, license_policy, source_list_url, alt_names: the list's format has changed`},
		{"unknown column", "u.csv", "name,source,Alt Names\nAcme," + src + ",Acme Trading\n", `u.csv:1: unknown column "Alt Names" (column 3), and no column _id, type`},
		{"empty name", "n.csv", "name,source\nAcme," + src + "\n," + src + "\n", "n.csv:3: empty name"},
		{"empty source", "s.csv", "name,source\nAcme,\n", `s.csv:2: entry "Acme": empty source`},
		{"bad date", "b.csv", "name,source,start_date\nAcme," + src + ",2020-13-45\n", `b.csv:2: entry "Acme": start_date: bad date "2020-13-45"`},
		{"field count", "f.csv", "name,source\nAcme," + src + "\nBeta\n", "f.csv:3: fields: 1 in the row, 2 in the header: a list cut short (a download stopped mid-row), or a field with a comma and no quotes"},
		{"cut mid-row", "f.csv", "_id,source,name,alt_names\n\"1\",\"" + src + "\",\"Acme\",\"\"\n\"2\",\"" + src + "\",\"Be", "f.csv:3: extraneous or missing \" in quoted-field"},
		{"cut mid-row after a field", "f.csv", "_id,source,name,alt_names\n\"1\",\"" + src + "\",\"Acme\",\"\"\n\"2\",\"" + src + "\",\"Beta\"", "f.csv:3: fields: 3 in the row, 4 in the header: a list cut short"},
		{"csv two downloads", "two.csv", "_id,source,name\na1," + src + ",Acme\n\ufeff_id,source,name\r\na1," + src + ",Acme\n", "two.csv:3: the header again: two CSL downloads run together, or not one CSL file"},
		{"bare quote", "q.csv", "name,source\nAc\"me," + src + "\n", `q.csv:2: bare " in non-quoted-field`},
		{"empty json", "e.json", "  ", "e.json:1: empty file"},
		{"json syntax", "s.json", "{\"results\": [\n{\"name\": \"A\", \"source\": \"" + src + "\"},\n{\"name\": \"B\",,}\n]}", "s.json:3: "},
		{"json type", "t.json", "{\"results\": [\n{\"name\": \"A\",\n \"source\": \"" + src + "\",\n \"alt_names\": 5}]}", "t.json:2: results[0]: json: cannot unmarshal number"},
		{"json no name", "n.json", "[\n{\"name\": \"A\", \"source\": \"" + src + "\"},\n  {\"source\": \"" + src + "\"}\n]", "n.json:3: results[1]: empty name"},
		{"json no results", "r.json", `{"total": 0}`, `r.json:1: no "results" array`},
		{"json not array", "a.json", `{"results": {}}`, "a.json:1: want an array"},
		// A list in another encoding (Latin-1, Windows-1251) would be read
		// as U+FFFD and its names match no one.
		{"csv not UTF-8", "l1.csv", "_id,source,name\na1," + src + ",Acme\na2," + src + ",M\xfcller Handels GmbH\n", `l1.csv:3: column name is not UTF-8 (byte 0xfc at byte 2 of "M\xfcller Handels GmbH"): save the list as UTF-8`},
		{"csv alt name not UTF-8", "l1.csv", "name,source,alt_names\nAcme," + src + ",\"A; \xc0\xf2\xeb\xe0\xf1\"\n", `l1.csv:2: column alt_names is not UTF-8 (byte 0xc0 at byte 4 of`},
		{"json not UTF-8", "l1.json", "[\n{\"name\": \"Acme\", \"source\": \"" + src + "\"},\n{\"name\": \"M\xfcller\", \"source\": \"" + src + "\"}]", `l1.json:3: not UTF-8 (byte 0xfc): save the list as UTF-8`},
		// Two different entries under one _id: a clearance naming it, or
		// a true match confirmed by it, could not tell which is meant.
		{"csv duplicate _id", "dup.csv", "_id,source,name\na1," + src + ",Acme\na2," + src + ",Beta\na1,Denied Persons List (DPL) - Bureau of Industry and Security,Gamma\n", `dup.csv:4: _id "a1" is also that of line 2 ("Acme"), another entry: a clearance naming it could not tell which`},
		{"json duplicate id", "dup.json", "[\n{\"id\": \"a1\", \"name\": \"A\", \"source\": \"" + src + "\"},\n{\"_id\": \"a1\", \"name\": \"B\", \"source\": \"" + src + "\"}]", `dup.json:3: _id "a1" is also that of line 2 ("A"), another entry`},
		{"header only", "h.csv", "_id,source,name\n", "h.csv:1: no entries"},
		{"header only, BOM and CRLF", "h.csv", "\ufeffname,source\r\n", "h.csv:1: no entries"},
		{"json empty results", "r.json", `{"results": []}`, "r.json:1: no entries"},
		{"json empty array", "a.json", "[\n]\n", "a.json:2: no entries"},
		{"json renamed key", "k.json", "[\n{\"name\": \"A\", \"source\": \"" + src + "\"},\n{\"name\": \"B\", \"source\": \"" + src + "\", \"aliases\": [\"B Trading\"]}]", `k.json:3: results[1]: unknown key "aliases", and no alt_names: the list's format has changed`},
		// Read whole or not at all: a page of the API's search, two
		// downloads run together, a second results array, a cut end.
		{"json a page of a search", "p.json", "{\"total\": 12000, \"offset\": 0,\n\"results\": [{\"name\": \"A\", \"source\": \"" + src + "\"}]}", `p.json:1: "total" is 12000, and "results" holds 1 entries: a page of a search`},
		{"json total after results", "p.json", "{\"results\": [{\"name\": \"A\", \"source\": \"" + src + "\"}],\n\"total\": 2}", `p.json:1: "total" is 2, and "results" holds 1 entries`},
		{"json total not a number", "p.json", "{\"total\": \"many\", \"results\": [{\"name\": \"A\", \"source\": \"" + src + "\"}]}", `p.json:1: "total" is "many", want the number of entries`},
		{"json two documents", "two.json", "{\"results\": [{\"name\": \"A\", \"source\": \"" + src + "\"}]}\n{\"results\": [{\"name\": \"B\", \"source\": \"" + src + "\"}]}\n", "two.json:2: more after the list's end"},
		{"json two arrays", "two.json", "[{\"name\": \"A\", \"source\": \"" + src + "\"}]\n[{\"name\": \"B\", \"source\": \"" + src + "\"}]\n", "two.json:2: more after the list's end"},
		{"json second results", "two.json", "{\"results\": [{\"name\": \"A\", \"source\": \"" + src + "\"}],\n\"results\": [{\"name\": \"B\", \"source\": \"" + src + "\"}]}", `two.json:2: a second "results" array`},
		{"json cut after an entry", "cut.json", "[{\"name\": \"A\", \"source\": \"" + src + "\"},\n{\"name\": \"B\", \"source\": \"" + src + "\"}", "cut.json:2: unexpected EOF"},
		{"json object's end cut", "cut.json", "{\"results\": [{\"name\": \"A\", \"source\": \"" + src + "\"}]\n", "cut.json:2: unexpected EOF"},
		{"json bad date", "d.json", "[\n{\"name\": \"A\", \"source\": \"" + src + "\", \"end_date\": \"soon\"}]", `d.json:2: results[0]: entry "A": end_date: bad date "soon"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), tc.file)
			if err := os.WriteFile(p, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(p)
			if err == nil {
				t.Fatalf("Load: no error, want %q", tc.want)
			}
			if got := strings.TrimPrefix(err.Error(), filepath.Dir(p)+string(filepath.Separator)); !strings.HasPrefix(got, tc.want) {
				t.Errorf("Load: error %q, want prefix %q", got, tc.want)
			}
		})
	}
}

// TestCheckIDs: one _id for two different entries, in one list or two,
// is refused; the same entry twice (a row repeated, a list given twice) is
// not ambiguous.
func TestCheckIDs(t *testing.T) {
	const src = "Entity List (EL) - Bureau of Industry and Security"
	read := func(path, csv string) *List {
		l, err := ReadCSV(strings.NewReader(csv), path)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	a := read("a.csv", "_id,source,name\na1,"+src+",Acme\na2,"+src+",Beta\na2,"+src+",Beta\n,"+src+",No Id\n,"+src+",No Id Either\n")
	b := read("b.csv", "_id,source,name\nb1,"+src+",Gamma\na2,Denied Persons List (DPL) - Bureau of Industry and Security,Delta\n")
	got := func(err error) string {
		if err == nil {
			return ""
		}
		return err.Error()
	}
	for _, tc := range []struct {
		name  string
		lists []*List
		want  string
	}{
		{"a row repeated, entries without an id", []*List{a}, ""},
		{"a list given twice", []*List{a, a}, ""},
		{"one id in two lists", []*List{a, b}, `b.csv:3: _id "a2" is also that of a.csv:3 ("Beta"), another entry: a clearance naming it could not tell which`},
	} {
		if diff := cmp.Diff(tc.want, got(CheckIDs(tc.lists...))); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

// TestReadCSVGrownColumn: a column the CSL does not have, beside every
// column the reader reads, is one the list has grown: the list loads and
// the column is left unread.
func TestReadCSVGrownColumn(t *testing.T) {
	header := strings.Join(csvColumns, ",") + ",risk_score"
	row := make([]string, len(csvColumns)+1)
	for i, c := range csvColumns {
		switch c {
		case "_id":
			row[i] = "x1"
		case "source":
			row[i] = "Entity List (EL) - Bureau of Industry and Security"
		case "name":
			row[i] = "Acme"
		case "alt_names":
			row[i] = "Acme Trading; Acme Ltd"
		}
	}
	row[len(csvColumns)] = "0.9"
	l, err := ReadCSV(strings.NewReader(header+"\n"+strings.Join(row, ",")+"\n"), "grown.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{{ID: "x1", Source: "Entity List (EL) - Bureau of Industry and Security", List: "EL", Name: "Acme", AltNames: []string{"Acme Trading", "Acme Ltd"}, Line: 2}}
	if diff := cmp.Diff(want, l.Entries); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
}

// TestReadJSONGrownKey: a key the CSL does not have, beside alt_names, is
// one the list has grown: the entry loads and the key is left unread.
func TestReadJSONGrownKey(t *testing.T) {
	l, err := ReadJSON(strings.NewReader(`[{"_id": "x1", "name": "Acme", "source": "Entity List (EL) - Bureau of Industry and Security", "alt_names": ["Acme Trading"], "risk_score": 0.9}]`), "grown.json")
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{{ID: "x1", Source: "Entity List (EL) - Bureau of Industry and Security", List: "EL", Name: "Acme", AltNames: []string{"Acme Trading"}, Line: 1}}
	if diff := cmp.Diff(want, l.Entries); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
}

// TestLoadGzip: a list kept compressed reads as the list it holds (its
// SHA-256, its form by the name inside .gz); a file that is not gzip,
// or is cut short, is an error naming it.
func TestLoadGzip(t *testing.T) {
	dir := t.TempDir()
	list := []byte(`[{"_id":"x1","source":"Unverified List (UVL) - Bureau of Industry and Security","name":"Atlas Sanatgaran"}]`)
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	zw.Write(list)
	zw.Close()
	p := filepath.Join(dir, "l.json.gz")
	os.WriteFile(p, zb.Bytes(), 0o644)
	l, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(list)
	if got, want := l.Snapshot, (Snapshot{Path: p, SHA256: hex.EncodeToString(sum[:]), Rows: 1}); got != want {
		t.Errorf("Snapshot = %+v, want %+v", got, want)
	}
	for name, b := range map[string][]byte{"garbage.csv.gz": []byte("garbage\n"), "cut.json.gz": zb.Bytes()[:zb.Len()-6]} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o644)
		if _, err := Load(p); err == nil || !strings.HasPrefix(err.Error(), p+": not a whole gzip file, as its name says: ") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
