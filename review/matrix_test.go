package review

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
)

func newChecker(t *testing.T) *checker.Checker {
	t.Helper()
	c, err := checker.New(context.Background(), checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestBuildMatrix checks cells the regulation fixes, judged by the embedded
// policies: the H100 needs a license for China but not Germany on
// 2024-06-01; the H20 (designed under the 2023 thresholds) does not.
func TestBuildMatrix(t *testing.T) {
	c := newChecker(t)
	m, err := BuildMatrix(context.Background(), c, MatrixOptions{
		Dates:        []string{"2024-06-01"},
		Products:     []string{"nvidia-h100-sxm5", "H20", "nvidia-h20"},
		Destinations: []string{"CN", "Germany", "cn"},
	})
	if err != nil {
		t.Fatal(err)
	}
	type cell struct {
		Product, Destination string
		Decision             checker.Decision
		ECCN                 string
	}
	var got []cell
	for _, x := range m.Cells {
		got = append(got, cell{x.Product, x.Destination, x.Values[0].Decision, x.Values[0].ECCN})
	}
	want := []cell{
		{"nvidia-h100-sxm5", "CN", checker.LicenseRequired, "3A090.a"},
		{"nvidia-h100-sxm5", "DE", checker.Allow, "3A090.a"},
		{"nvidia-h20", "CN", checker.Allow, "4A994.l"},
		{"nvidia-h20", "DE", checker.Allow, "4A994.l"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("cells (-want +got):\n%s", d)
	}
}

func TestBuildMatrixChangesOnly(t *testing.T) {
	m, err := BuildMatrix(context.Background(), newChecker(t), MatrixOptions{
		Dates:        []string{"2023-10-20", "2023-11-17"},
		Products:     []string{"nvidia-h800-sxm5", "nvidia-h100-sxm5"},
		Destinations: []string{"CN", "DE", "JP"},
		ChangesOnly:  true,
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range m.Cells {
		got = append(got, c.Product+"→"+c.Destination+": "+c.Values[0].Text()+" → "+c.Values[1].Text())
	}
	// The H800 became 3A090.a on 2023-11-17 everywhere, but needs a
	// license only for China; the H100 was 3A090.a under both rules.
	want := []string{
		"nvidia-h800-sxm5→CN: allow → license_required (3A090.a) [1]",
		"nvidia-h800-sxm5→DE: allow → allow (3A090.a)",
		"nvidia-h800-sxm5→JP: allow → allow (3A090.a)",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("changed cells (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"presumption of denial"}, m.Notes); d != "" {
		t.Errorf("notes (-want +got):\n%s", d)
	}
}

// TestMatrixNotes: a license requirement's cell names its review policy
// and a review cell why it is review, as check words them, by a note:
// China (D:5) is under a presumption of denial, the UAE (D:4 only) of
// approval, and the MI308X (figures unknown) is review with the reason
// that says what each classification would give.
func TestMatrixNotes(t *testing.T) {
	m, err := BuildMatrix(context.Background(), newChecker(t), MatrixOptions{
		Dates:        []string{"2024-06-01"},
		Products:     []string{"nvidia-h100-sxm5", "amd-mi308x", "H20"},
		Destinations: []string{"CN", "AE"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := range m.Cells {
		c := &m.Cells[i]
		got = append(got, c.Product+"→"+c.Destination+": "+c.Values[0].Text())
	}
	want := []string{
		"nvidia-h100-sxm5→CN: license_required (3A090.a) [1]",
		"nvidia-h100-sxm5→AE: license_required (3A090.a) [2]",
		"amd-mi308x→CN: review [3]",
		"amd-mi308x→AE: review [4]",
		"nvidia-h20→CN: allow (4A994.l)",
		"nvidia-h20→AE: allow (4A994.l)",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("cells (-want +got):\n%s", d)
	}
	const why = "review.unknown_specifications: specifications unknown and they decide the outcome: license_required (%s) if 3A090/4A090.a; allow if not controlled [ECCN 3A090 (88 FR 73458); 15 CFR 732.3 (know your item)]"
	wantNotes := []string{"presumption of denial", "presumption of approval", fmt.Sprintf(why, "presumption of denial"), fmt.Sprintf(why, "presumption of approval")}
	if d := cmp.Diff(wantNotes, m.Notes); d != "" {
		t.Errorf("notes (-want +got):\n%s", d)
	}
}

// TestExpandDestinations checks that country groups expand with the
// membership the data records on the date: Cyprus left D:5 on 2024-05-30,
// Cambodia was in D:5 until 2026-02-03.
func TestExpandDestinations(t *testing.T) {
	c := newChecker(t)
	tests := []struct {
		name        string
		specs       []string
		dates       []string
		contains    []string
		notContains []string
		err         string
	}{
		{name: "D:5 before Cyprus left", specs: []string{"D:5"}, dates: []string{"2024-05-29"}, contains: []string{"CN", "CY", "KH"}},
		{name: "D:5 after Cyprus left", specs: []string{"d:5"}, dates: []string{"2024-05-30"}, contains: []string{"CN", "KH"}, notContains: []string{"CY", "DE"}},
		{name: "D:5 after Cambodia left", specs: []string{"D:5"}, dates: []string{"2026-02-03"}, contains: []string{"CN"}, notContains: []string{"KH", "CY"}},
		{name: "either of two dates", specs: []string{"D:5"}, dates: []string{"2024-05-29", "2026-02-03"}, contains: []string{"CY", "KH"}},
		{name: "codes and groups", specs: []string{"HK", "A:5"}, dates: []string{"2024-06-01"}, contains: []string{"HK", "DE", "JP"}, notContains: []string{"CN"}},
		{name: "unknown group", specs: []string{"Z:9"}, dates: []string{"2024-06-01"}, err: `unknown country group "Z:9"; known: A:5, A:6, AC:UAE, AI:1, D:1, D:2, D:3, D:4, D:5, E:1, E:2`},
		{name: "unknown country", specs: []string{"XX"}, dates: []string{"2024-06-01"}, err: `unknown country "XX"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := expandDestinations(context.Background(), c, tt.specs, tt.dates)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error %v, want %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, code := range tt.contains {
				if !slices.Contains(got, code) {
					t.Errorf("%s missing from %v", code, got)
				}
			}
			for _, code := range tt.notContains {
				if slices.Contains(got, code) {
					t.Errorf("%s in %v", code, got)
				}
			}
		})
	}
}
