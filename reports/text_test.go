package reports_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/reports"
)

// TestTextFitsTerminal: on a terminal the WHY column is cut to its width
// with an ellipsis; --only-failing lists only failing lines and the
// summary still counts every line; in a file nothing is cut.
func TestTextFitsTerminal(t *testing.T) {
	why := "license required for 3A090.a to CN (D:1, D:4, D:5; not in A:5 or A:6), and more words than fit"
	results := []checker.Result{
		{Order: checker.Order{File: "/home/compliance/order-books/2024/q2/o.csv", Line: 2, ID: "A", Destination: "DE", Date: "2024-06-01"}, ProductID: "nvidia-h100-sxm5", Decision: checker.Allow,
			Reasons: []checker.Reason{{Rule: "decision.nlr", Message: "no license required"}}},
		{Order: checker.Order{File: "/home/compliance/order-books/2024/q2/o.csv", Line: 3, ID: "B", Destination: "CN", EndUserHQ: "CN", Date: "2024-06-01"}, ProductID: "nvidia-h100-sxm5", Decision: checker.LicenseRequired, ECCN: "3A090.a",
			Reasons: []checker.Reason{{Rule: "license.destination.d145", Message: why}}},
	}
	write := func(run *reports.Run) []string {
		var b bytes.Buffer
		w, err := reports.New("text", &b, run)
		if err != nil {
			t.Fatal(err)
		}
		s := reports.NewSummary()
		for i := range results {
			s.Add(&results[i], run.FailOn)
			if err := w.Write(&results[i]); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(s); err != nil {
			t.Fatal(err)
		}
		return strings.Split(b.String(), "\n")
	}
	for _, tt := range []struct {
		name  string
		run   reports.Run
		lines int // table rows shown, header included
		width int // longest table line, 0: not cut
	}{
		{"file", reports.Run{FailOn: checker.Review}, 3, 0},
		{"terminal of 120 columns", reports.Run{FailOn: checker.Review, Width: 120}, 3, 120},
		{"only failing", reports.Run{FailOn: checker.Review, OnlyFailing: true}, 2, 0},
		{"terminal of 116 columns: everything gives way", reports.Run{FailOn: checker.Review, Width: 116}, 3, 116},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := write(&tt.run)
			var table []string
			for _, l := range out {
				if l == "" {
					break
				}
				table = append(table, l)
			}
			if len(table) != tt.lines {
				t.Errorf("%d table lines, want %d:\n%s", len(table), tt.lines, strings.Join(out, "\n"))
			}
			last := table[len(table)-1]
			switch {
			case tt.width > 0:
				if n := len([]rune(last)); n != tt.width || !strings.HasSuffix(last, "…") {
					t.Errorf("last line is %d columns, want %d ending in …: %q", n, tt.width, last)
				}
				if !strings.Contains(last, "csv:3 ") { // a cut file keeps its line number
					t.Errorf("the line's place is lost: %q", last)
				}
			case !strings.HasSuffix(last, why):
				t.Errorf("WHY cut in a file: %q", last)
			}
			if diff := cmp.Diff("2 lines: 1 allow, 1 license_required, 1 at or above --fail-on review", out[len(table)+1]); diff != "" {
				t.Errorf("summary (-want +got):\n%s", diff)
			}
		})
	}
}

// TestTextExplainNamesScreeningEntry: --explain gives, under a line whose
// end user (or an owner of it) was screened as a list entry, the entry's
// _id, which `exportcheck clear --entry` takes, once each.
func TestTextExplainNamesScreeningEntry(t *testing.T) {
	r := checker.Result{Order: checker.Order{File: "o.csv", Line: 2, ID: "A", Destination: "CN", EndUser: "Atlas Sanatgar Trading", Date: "2025-05-01"},
		ProductID: "nvidia-h20", Decision: checker.Review,
		Reasons: []checker.Reason{{Rule: "screening.candidate", Citation: "15 CFR 744.15", Message: `possible UVL match: "Atlas Sanatgaran"`}},
		Screening: []*checker.ScreeningFact{
			{List: "UVL", EntryID: "1b5979e8fd39", Name: "Atlas Sanatgaran", Score: 0.89},
			{List: "SDN", EntryID: "52291", Name: "RIM, Ryong Nam", Score: 1, Owner: "RIM Ryong Nam"},
			{List: "SDN", EntryID: "52291", Name: "RIM, Ryong Nam", Score: 1, Owner: "RIM Ryong Nam"},
		}}
	var b bytes.Buffer
	w, err := reports.New("text", &b, &reports.Run{FailOn: checker.Review, Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	s := reports.NewSummary()
	s.Add(&r, checker.Review)
	if err := w.Write(&r); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(s); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(l, "    ") {
			got = append(got, l)
		}
	}
	want := []string{
		`    screening.candidate: possible UVL match: "Atlas Sanatgaran" [15 CFR 744.15]`,
		`    screening entry: UVL "Atlas Sanatgaran", _id 1b5979e8fd39 (exportcheck clear --entry takes it)`,
		`    screening entry: SDN "RIM, Ryong Nam", _id 52291, a hit on the owner "RIM Ryong Nam" (exportcheck clear --end-user "RIM Ryong Nam" --entry takes it)`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("explained reasons (-want +got):\n%s", diff)
	}
}

// TestCommittedText: where a run was committed, and a run that wrote no
// row (a book with no line) says the chain gained nothing, not "chain
// head " and nothing after it.
func TestCommittedText(t *testing.T) {
	var got []string
	for _, c := range []*reports.Committed{
		{Ledger: "sqlite:l.db", RunID: "r1", Lines: 2, Head: "3f2a"},
		{Ledger: "sqlite:l.db", RunID: "r2"},
		nil,
	} {
		got = append(got, (&reports.Run{Committed: c}).CommittedText())
	}
	want := []string{
		"committed to ledger sqlite:l.db as run r1 (2 lines); chain head 3f2a",
		"committed to ledger sqlite:l.db as run r2 (0 lines): nothing added to its chain",
		"",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CommittedText (-want +got):\n%s", diff)
	}
}
