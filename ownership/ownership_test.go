package ownership_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ownership"
)

func TestParseErrors(t *testing.T) {
	const head = "entity,owner,share,as_of,source\n"
	tests := []struct {
		name, file, text string
		want             []string
	}{
		{"unknown column", "r.csv", "entity,owner,percent,as_of,source\nA,B,10,01/02/2026,s\n", []string{`r.csv:1: unknown column "percent"; the columns are entity, owner, share, as_of, source`}},
		{"column twice", "r.csv", "entity,owner,Owner,share,as_of,source\n", []string{`r.csv:1: column "owner" twice`}},
		{"more fields than the header", "r.csv", head + "Example Holdings, Ltd,B,10,2026-01-01,s\n", []string{"r.csv:2: 6 fields, the header has 5"}},
		{"fewer fields than the header", "r.csv", head + "A,B,10\n", []string{"r.csv:2: missing as_of", "r.csv:2: missing source"}},
		{"entity with no name", "r.csv", head + "--,B,10,2026-01-01,s\n", []string{`r.csv:2: entity "--" has no name to match`}},
		{"missing fields", "r.csv", head + "A,B,10,,\n", []string{"r.csv:2: missing as_of", "r.csv:2: missing source"}},
		{"bad share", "r.csv", head + "A,B,150,2026-01-01,s\nA,C,0,2026-01-01,s\nA,D,ten,2026-01-01,s\n", []string{
			`r.csv:2: share "150" is not a percentage above 0 and at most 100 (blank or unknown when not known)`,
			`r.csv:3: share "0" is not a percentage above 0 and at most 100 (blank or unknown when not known)`,
			`r.csv:4: share "ten" is not a percentage above 0 and at most 100 (blank or unknown when not known)`,
		}},
		{"a share that is no decimal number", "r.csv", head + "A,B,NaN,2026-01-01,s\nA,C,Inf,2026-01-01,s\nA,D,1e1,2026-01-01,s\nA,E,0x1p4,2026-01-01,s\nA,F,+5,2026-01-01,s\n", []string{
			`r.csv:2: share "NaN" is not a percentage above 0 and at most 100 (blank or unknown when not known)`,
			`r.csv:3: share "Inf" is not a percentage above 0 and at most 100 (blank or unknown when not known)`,
			`r.csv:4: share "1e1" is not a percentage above 0 and at most 100 (blank or unknown when not known)`,
			`r.csv:5: share "0x1p4" is not a percentage above 0 and at most 100 (blank or unknown when not known)`,
			`r.csv:6: share "+5" is not a percentage above 0 and at most 100 (blank or unknown when not known)`,
		}},
		{"bad date", "r.csv", head + "A,B,10,01/02/2026,s\n", []string{`r.csv:2: as_of "01/02/2026" is not a date (YYYY-MM-DD)`}},
		{"twice", "r.csv", head + "A Ltd,B,10,2026-01-01,s\nA Limited,B,20,2026-01-01,s\n", []string{`r.csv:3: owner "B" of "A Limited" as of 2026-01-01 is already at r.csv:2`}},
		{"twice, the owner written otherwise", "r.csv", head + "A,B Corp,10,2026-01-01,s\nA,B Corporation,20,2026-01-01,s\n", []string{`r.csv:3: owner "B Corporation" of "A" as of 2026-01-01 is already at r.csv:2`}},
		{"over 100", "r.csv", head + "A,B,60,2026-01-01,s\nA,C,50,2026-01-01,s\n", []string{`r.csv:2: the shares recorded for "A" as of 2026-01-01 add up to 110 %, more than 100 %`}},
		{"over 100 by a half", "r.csv", head + "A,B,60,2026-01-01,s\nA,C,40.5,2026-01-01,s\n", []string{`r.csv:2: the shares recorded for "A" as of 2026-01-01 add up to 100.5 %, more than 100 %`}},
		{"owns itself", "r.csv", head + "A Co,A Company,60,2026-01-01,s\n", []string{`r.csv:2: "A Co" owns itself`}},
		// Within one snapshot, not across snapshots: an owner twice, the
		// shares over 100 %.
		{"twice in the later snapshot", "r.csv", head + "A,B,60,2025-01-01,s\nA,B,10,2026-10-01,s\nA,B,20,2026-10-01,s\n", []string{`r.csv:4: owner "B" of "A" as of 2026-10-01 is already at r.csv:3`}},
		{"over 100 in one snapshot of two", "r.csv", head + "A,B,60,2026-10-01,s\nA,C,30,2025-01-01,s\nA,C,50,2026-10-01,s\n", []string{`r.csv:2: the shares recorded for "A" as of 2026-10-01 add up to 110 %, more than 100 %`}},
		{"two rows with no owner", "r.csv", head + "A,B,60,2026-10-01,s\nA,,,2026-10-01,s\nA,,,2026-10-01,t\n", []string{`r.csv:4: a row with no owner of "A" as of 2026-10-01 is already at r.csv:3`}},
		{"snapshots each over 100", "r.yaml", "- {entity: A, owner: B, share: 60, as_of: 2026-10-01, source: s}\n- {entity: A, owner: C, share: 60, as_of: 2026-10-01, source: s}\n- {entity: A, owner: B, share: 80, as_of: 2025-01-01, source: s}\n- {entity: A, owner: D, share: 30, as_of: 2025-01-01, source: s}\n", []string{
			`r.yaml:3: the shares recorded for "A" as of 2025-01-01 add up to 110 %, more than 100 %`,
			`r.yaml:1: the shares recorded for "A" as of 2026-10-01 add up to 120 %, more than 100 %`,
		}},
		{"share without owner", "r.csv", head + "A,,10,2026-01-01,s\n", []string{`r.csv:2: share "10" without an owner`}},
		{"yaml unknown field", "r.yaml", "- entity: A\n  owner: B\n  share: 10\n  as_of: 2026-01-01\n  source: s\n  percent: 3\n", []string{`r.yaml:6: unknown field "percent"; the fields are entity, owner, share, as_of, source`}},
		{"yaml not a list", "r.yaml", "entity: A\n", []string{"r.yaml:1: want a list of rows ({entity, owner, share, as_of, source})"}},
		{"yaml a list left open", "r.yaml", "- {entity: A, owner: B, share: 60, as_of: 2026-01-01, source: s}\n- {entity: [C, owner: D}\n- {entity: E, owner: F, share: 60, as_of: 2026-01-01, source: s}\n",
			[]string{"r.yaml:2: not YAML: did not find expected ',' or ']'"}},
		{"yaml second document", "r.yaml", "- {entity: A, owner: B, share: 60, as_of: 2026-01-01, source: s}\n---\n- {entity: B, owner: C, share: 60, as_of: 2026-01-01, source: s}\n", []string{"r.yaml:3: a second YAML document (after ---): put every row in one list"}},
		{"other format", "r.txt", "A owns B", []string{"r.txt: an ownership register is a .csv or .yaml file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ownership.Parse(tt.file, []byte(tt.text))
			var got []string
			if err != nil {
				got = strings.Split(err.Error(), "\n")
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// TestParseForms: a register as spreadsheets and people write one: a
// byte-order mark, headers in any case and spaced, a line of spaces, a
// share "Unknown", a YAML null for a field left out.
func TestParseForms(t *testing.T) {
	const head = "entity,owner,share,as_of,source\n"
	tests := []struct {
		name, file, text string
		want             []string // the rows above A
	}{
		{"byte-order mark and headers in any case", "r.csv", "\ufeffEntity, Owner ,SHARE,As_Of,Source\nA,B,60,2026-01-01,s\n", []string{"A<-B 60 r.csv:2"}},
		{"a line of spaces", "r.csv", head + "A,B,60,2026-01-01,s\n   \nA,C,40,2026-01-01,s\n", []string{"A<-B 60 r.csv:2", "A<-C 40 r.csv:4"}},
		{"share Unknown", "r.csv", head + "A,B,Unknown,2026-01-01,s\n", []string{"A<-B ? r.csv:2"}},
		{"YAML nulls", "r.yaml", "- {entity: A, owner: B, share: ~, as_of: 2026-01-01, source: s}\n- {entity: B, owner: null, share: null, as_of: 2026-01-01, source: s}\n",
			[]string{"A<-B ? r.yaml:1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg, err := ownership.Parse(tt.file, []byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			rows, covered, _ := reg.Above("A", "2026-12-01")
			var got []string
			for _, r := range rows {
				got = append(got, row(r))
			}
			if d := cmp.Diff(tt.want, got); d != "" || !covered {
				t.Errorf("covered %v (-want +got):\n%s", covered, d)
			}
		})
	}
}

// TestCheckNames: an entity or owner written as a placeholder the policy
// names is an error at its row; a register without one has none.
func TestCheckNames(t *testing.T) {
	const head = "entity,owner,share,as_of,source\n"
	ph, err := checker.LoadPlaceholders(context.Background(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text string
		want       []string
	}{
		{"placeholders", head + "A,Unknown,60,2026-01-01,s\nN/A,B,10,2026-01-01,s\nC,T.B.D.,10,2026-01-01,s\n", []string{
			`r.csv:2: owner "Unknown" is a placeholder, not a name: leave the owner blank for an entity with no owner of note, or leave the row out while the owner is not known (the line is then reviewed)`,
			`r.csv:3: entity "N/A" is a placeholder, not a name: leave the owner blank for an entity with no owner of note, or leave the row out while the owner is not known (the line is then reviewed)`,
			`r.csv:4: owner "T.B.D." is a placeholder, not a name: leave the owner blank for an entity with no owner of note, or leave the row out while the owner is not known (the line is then reviewed)`,
		}},
		{"names", head + "A,Unknown Holdings,60,2026-01-01,s\nN.A. Trading,B,10,2026-01-01,s\nWidely Held,,,2026-01-01,s\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg, err := ownership.Parse("r.csv", []byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			if err := reg.CheckNames(ph.IsName); err != nil {
				got = strings.Split(err.Error(), "\n")
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// row is a row as a test compares it.
func row(r *ownership.Row) string {
	s := "?"
	if r.Share != nil {
		s = fmt.Sprint(*r.Share)
	}
	return fmt.Sprintf("%s<-%s %s %s:%d", r.Entity, r.Owner, s, r.File, r.Line)
}

func TestAbove(t *testing.T) {
	csv := "entity,owner,share,as_of,source\n" +
		"Sub Ltd,Mid Holdings,60,2026-01-01,a\n" +
		"Sub Ltd,Other,unknown,2026-01-01,b\n" +
		"Mid Holdings,Top Corp.,100%,2026-01-01,c\n" +
		"Top Corporation,Sub Limited,5,2026-01-01,d\n" +
		"Widely Held,,,2026-01-01,e\n"
	yml := "- {entity: Other, owner: Top Corp, share: 30, as_of: 2026-02-01, source: f}\n"
	dir := t.TempDir()
	write(t, dir+"/r.csv", csv)
	write(t, dir+"/r.yaml", yml)
	reg, err := ownership.Load(dir+"/r.csv", dir+"/r.yaml")
	if err != nil {
		t.Fatal(err)
	}
	type walk struct {
		Rows         []string
		Covered, Cut bool
	}
	above := func(name string) walk {
		rows, covered, cut := reg.Above(name, "2026-12-01")
		w := walk{Covered: covered, Cut: cut}
		for _, r := range rows {
			w.Rows = append(w.Rows, row(r))
		}
		return w
	}
	r := func(s string) string { return strings.ReplaceAll(s, "DIR", dir) }
	got := map[string]walk{"SUB LTD.": above("SUB LTD."), "Widely Held": above("Widely Held"), "Nobody": above("Nobody")}
	want := map[string]walk{
		// Breadth first, each row once: the cycle back to Sub Ltd stops there.
		"SUB LTD.": {Covered: true, Rows: []string{
			r("Sub Ltd<-Mid Holdings 60 DIR/r.csv:2"), r("Sub Ltd<-Other ? DIR/r.csv:3"),
			r("Mid Holdings<-Top Corp. 100 DIR/r.csv:4"), r("Other<-Top Corp 30 DIR/r.yaml:1"),
			r("Top Corporation<-Sub Limited 5 DIR/r.csv:5"),
		}},
		"Widely Held": {Covered: true},
		"Nobody":      {},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if reg.Len() != 6 || !strings.HasPrefix(reg.Revision(), "sha256:") {
		t.Errorf("Len %d, Revision %q", reg.Len(), reg.Revision())
	}
}

// TestWidelyHeld: a row with no owner beside owners says the rest of the
// entity's shares is widely held, in its own snapshot only; Above leaves
// it out (it names no owner to follow).
func TestWidelyHeld(t *testing.T) {
	reg, err := ownership.Parse("r.csv", []byte("entity,owner,share,as_of,source\n"+
		"A,B,40,2025-01-01,registry 2024\n"+
		"A,B,40,2026-06-01,registry 2026\n"+
		"A,,,2026-06-01,registry 2026: no other holder above 5 %\n"+
		"C,,,2026-01-01,widely held\n"+
		"D,E,40,2026-01-01,filing\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, q := range []string{"A 2025-06-01", "A 2026-06-01", "A 2027-01-01", "C 2026-06-01", "D 2026-06-01", "E 2026-06-01", "Z 2026-06-01"} {
		e, d, _ := strings.Cut(q, " ")
		got[q] = reg.WidelyHeld(e, d)
	}
	want := map[string]bool{"A 2025-06-01": false, "A 2026-06-01": true, "A 2027-01-01": true, "C 2026-06-01": true, "D 2026-06-01": false, "E 2026-06-01": false, "Z 2026-06-01": false}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("WidelyHeld (-want +got):\n%s", d)
	}
	rows, covered, cut := reg.Above("A", "2026-06-01")
	var above []string
	for _, r := range rows {
		above = append(above, row(r))
	}
	if d := cmp.Diff([]string{"A<-B 40 r.csv:3"}, above); d != "" || !covered || cut {
		t.Errorf("Above: covered %v, cut %v (-want +got):\n%s", covered, cut, d)
	}
}

// TestAboveOnDate: each entity's snapshot in force on the date, at every
// level of the walk: the latest as of the date or earlier, before the
// earliest the earliest; Snapshot numbers the register's dates so that
// dates with one number read alike.
func TestAboveOnDate(t *testing.T) {
	reg, err := ownership.Parse("r.csv", []byte("entity,owner,share,as_of,source\n"+
		"Sub,Holding,60,2025-01-01,registry 2024\n"+
		"Sub,Holding,10,2026-06-01,registry 2026\n"+
		"Sub,Fund,50,2026-06-01,registry 2026\n"+
		"Holding,Listed,50,2024-01-01,annual report 2023\n"+
		"Holding,,,2026-10-01,annual report 2026: widely held\n"+
		"Fund,Listed,100,2026-01-01,filing\n"+
		"Other,Someone,100,2026-06-01,filing\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		date     string
		snapshot int
		want     []string
	}{
		{"2023-06-01", 0, []string{"Sub<-Holding 60 r.csv:2", "Holding<-Listed 50 r.csv:5"}},
		{"2024-01-01", 0, []string{"Sub<-Holding 60 r.csv:2", "Holding<-Listed 50 r.csv:5"}},
		{"2025-01-01", 1, []string{"Sub<-Holding 60 r.csv:2", "Holding<-Listed 50 r.csv:5"}},
		{"2026-01-01", 2, []string{"Sub<-Holding 60 r.csv:2", "Holding<-Listed 50 r.csv:5"}},
		{"2026-05-31", 2, []string{"Sub<-Holding 60 r.csv:2", "Holding<-Listed 50 r.csv:5"}},
		{"2026-06-01", 3, []string{"Sub<-Holding 10 r.csv:3", "Sub<-Fund 50 r.csv:4", "Holding<-Listed 50 r.csv:5", "Fund<-Listed 100 r.csv:7"}},
		{"2026-10-01", 4, []string{"Sub<-Holding 10 r.csv:3", "Sub<-Fund 50 r.csv:4", "Fund<-Listed 100 r.csv:7"}},
		{"2027-03-01", 4, []string{"Sub<-Holding 10 r.csv:3", "Sub<-Fund 50 r.csv:4", "Fund<-Listed 100 r.csv:7"}},
	}
	for _, tt := range tests {
		rows, covered, cut := reg.Above("Sub", tt.date)
		var got []string
		for _, r := range rows {
			got = append(got, row(r))
		}
		if d := cmp.Diff(tt.want, got); d != "" || !covered || cut {
			t.Errorf("%s: covered %v, cut %v (-want +got):\n%s", tt.date, covered, cut, d)
		}
		if s := reg.Snapshot(tt.date); s != tt.snapshot {
			t.Errorf("Snapshot(%s) = %d, want %d", tt.date, s, tt.snapshot)
		}
	}
	for _, name := range []string{"Holding", "Other"} {
		if !reg.Covers(name) {
			t.Errorf("%s not covered", name)
		}
	}
	if reg.Len() != 7 {
		t.Errorf("Len %d, want 7", reg.Len())
	}
}

func TestAboveCut(t *testing.T) {
	var b strings.Builder
	b.WriteString("entity,owner,share,as_of,source\n")
	for i := range ownership.MaxEdges + 5 {
		fmt.Fprintf(&b, "Layer %d,Layer %d,100,2026-01-01,s\n", i, i+1)
	}
	reg, err := ownership.Parse("r.csv", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	rows, covered, cut := reg.Above("Layer 0", "2026-12-01")
	if len(rows) != ownership.MaxEdges || !covered || !cut {
		t.Errorf("%d rows, covered %v, cut %v; want %d, true, true", len(rows), covered, cut, ownership.MaxEdges)
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// FuzzParse: any bytes, read as CSV or YAML, give a register or errors
// that each name the file; a register never walks more than MaxEdges rows.
func FuzzParse(f *testing.F) {
	f.Add("entity,owner,share,as_of,source\nA,B,60,2026-01-01,s\nB,C,unknown,2026-01-01,s\n", true)
	f.Add("- {entity: A, owner: B, share: 50, as_of: 2026-01-01, source: s}\n", false)
	f.Add("entity,owner\n\"A,B\n", true)
	f.Add("entity,owner,share,as_of,source\nA,B,NaN,2026-01-01,s\n", true)
	f.Fuzz(func(t *testing.T, text string, isCSV bool) {
		name := "r.yaml"
		if isCSV {
			name = "r.csv"
		}
		reg, err := ownership.Parse(name, []byte(text))
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, name+":") {
					t.Fatalf("error line %q does not name the file", line)
				}
			}
			return
		}
		var names []string // the lines, and their fields, as entities to walk up from
		for _, line := range strings.Split(text, "\n") {
			names = append(append(names, line), strings.FieldsFunc(line, func(r rune) bool { return strings.ContainsRune(",:{}-", r) })...)
		}
		for _, r := range names {
			rows, _, _ := reg.Above(r, "2026-12-01")
			if len(rows) > ownership.MaxEdges {
				t.Fatalf("%d rows above %q", len(rows), r)
			}
			for _, row := range rows {
				// A share goes to the policy as JSON: NaN or Inf would not.
				if s := row.Share; s != nil && !(*s > 0 && *s <= 100) {
					t.Fatalf("row %+v: share %v", row, *s)
				}
			}
		}
	})
}
