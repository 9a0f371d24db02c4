package reports_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/reports"
)

// TestMarkdownWhyCitesRule: the job summary's why names the deciding
// rule's id with its citation, as every other format does, and a line that
// could not be judged says where once (its line column).
func TestMarkdownWhyCitesRule(t *testing.T) {
	rs := []checker.Result{
		{Order: checker.Order{File: "orders.csv", Line: 5, ID: "SO-1", Destination: "CN", Date: "2024-06-01"}, ProductID: "nvidia-h100-sxm5",
			Decision: checker.LicenseRequired, ECCN: "3A090.a", ReviewPolicy: "presumption_of_denial", Reasons: []checker.Reason{
				{Rule: "classify.3a090.a.1", Citation: "ECCN 3A090.a.1 (88 FR 73458)", Message: "3A090.a.1: TPP 15,832 ≥ 4,800", Classification: true},
				{Rule: "license.destination.d145", Citation: "15 CFR 742.6(a)(6)(iii); 88 FR 73458", Message: "license required for 3A090.a to CN"},
			}, Headline: 2},
		{Order: checker.Order{File: "orders.csv", Line: 6, ID: "SO-2", Product: "x", Destination: "CN", Date: "2024-06-01"}, Err: &checker.InputError{File: "orders.csv", Line: 6, Err: errors.New("unknown product \"x\"")}},
	}
	var got []string
	for _, l := range strings.Split(writeAll(t, "markdown", &reports.Run{FailOn: checker.Review}, rs), "\n") {
		if strings.HasPrefix(l, "| orders.csv:") {
			got = append(got, l)
		}
	}
	want := []string{
		"| orders.csv:5 | SO-1 | nvidia-h100-sxm5 | CN | 2024-06-01 | **license_required** | 3A090.a | presumption of denial | license.destination.d145: license required for 3A090.a to CN (15 CFR 742.6(a)(6)(iii); 88 FR 73458) |",
		"| orders.csv:6 | SO-2 | x | CN | 2024-06-01 | **error** | - | - | unknown product \"x\" |",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// TestMarkdownStatusCounts: the job summary's status line counts in prose,
// "1 line" and "2 lines".
func TestMarkdownStatusCounts(t *testing.T) {
	line := func(n int) checker.Result {
		return checker.Result{Order: checker.Order{File: "o.csv", Line: n + 1}, Decision: checker.Review}
	}
	for _, tc := range []struct {
		rs   []checker.Result
		want string
	}{
		{[]checker.Result{line(1)}, "❌ 1 line at or above `review` — 1 line checked."},
		{[]checker.Result{line(1), line(2)}, "❌ 2 lines at or above `review` — 2 lines checked."},
	} {
		out := writeAll(t, "markdown", &reports.Run{FailOn: checker.Review}, tc.rs)
		if got := strings.Split(out, "\n")[2]; got != tc.want {
			t.Errorf("status line %q, want %q", got, tc.want)
		}
	}
}

// TestTextErrorSaysWhereOnce: the table's LINE column says where a bad
// line is; its WHY does not repeat it.
func TestTextErrorSaysWhereOnce(t *testing.T) {
	rs := []checker.Result{{Order: checker.Order{File: "orders.csv", Line: 6, ID: "SO-2", Product: "x", Destination: "CN", Date: "2024-06-01"},
		Err: &checker.InputError{File: "orders.csv", Line: 6, Err: errors.New("unknown product \"x\"")}}}
	out := writeAll(t, "text", &reports.Run{FailOn: checker.Review}, rs)
	if strings.Count(out, "orders.csv:6") != 1 || !strings.Contains(out, `unknown product "x"`) {
		t.Errorf("the bad line's location should appear once, beside its error:\n%s", out)
	}
}

// TestSummaryCountsErrorsAsFailing: a bad line fails the run; the summary
// says so, so that its failing count adds up from the decisions listed.
func TestSummaryCountsErrorsAsFailing(t *testing.T) {
	s := reports.NewSummary()
	for _, r := range []checker.Result{
		{Order: checker.Order{File: "o.csv", Line: 2}, Decision: checker.Review},
		{Order: checker.Order{File: "o.csv", Line: 3}, Decision: checker.Allow},
		{Order: checker.Order{File: "o.csv", Line: 4}, Err: errors.New("bad")},
	} {
		s.Add(&r, checker.Review)
	}
	if diff := cmp.Diff("3 lines: 1 allow, 1 review, 1 error, 2 at or above --fail-on review or errors", s.Line(checker.Review)); diff != "" {
		t.Errorf("summary line (-want +got):\n%s", diff)
	}
	// One line is one line, not "1 lines".
	one := reports.NewSummary()
	one.Add(&checker.Result{Decision: checker.Allow}, checker.Review)
	if diff := cmp.Diff("1 line: 1 allow, 0 at or above --fail-on review", one.Line(checker.Review)); diff != "" {
		t.Errorf("Line (-want +got):\n%s", diff)
	}
}

// TestMarkdownCellHostile: text from an order book shows as written in a
// job summary: it cannot end its cell or row, nor become a link, an
// image, raw HTML, an entity, emphasis, a code span or math.
func TestMarkdownCellHostile(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Acme Ltd", "Acme Ltd"},
		{"a|b", `a\|b`},
		{`a\|b`, `a\\\|b`}, // the backslash stays, the pipe is still escaped
		{"a\nb\r\nc\rd", "a b c d"},
		{"[Approved](https://evil.example/x)", `\[Approved\](https://evil.example/x)`},
		{"![x](https://evil.example/t.png)", `!\[x\](https://evil.example/t.png)`},
		{`<img src=x onerror=alert(1)>`, `\<img src=x onerror=alert(1)\>`},
		{"</details><a href=x>", `\</details\>\<a href=x\>`},
		{"&#x202e;&amp;", `\&#x202e;\&amp;`},
		{"**bold** ~~s~~ license_required", `\*\*bold\*\* \~\~s\~\~ license_required`},
		{"`code | x`", "\\`code \\| x\\`"},
		{"$x^2$", `\$x^2\$`},
		{"Ж \u202eRTL \x1b[31m", `Ж \u202eRTL \x1b\[31m`},
	} {
		if diff := cmp.Diff(tc.want, reports.MarkdownCell(tc.in)); diff != "" {
			t.Errorf("MarkdownCell(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
	rs := []checker.Result{{Order: checker.Order{File: "orders.csv", Line: 5, ID: "SO-1\n| x | y |", Destination: "CN", Date: "2024-06-01"},
		ProductID: "nvidia-h100-sxm5", Decision: checker.Review, Reasons: []checker.Reason{
			{Rule: "screening.possible_match", Citation: "15 CFR 744", Message: "end user <b>[Acme](https://evil.example)</b> may match"}}}}
	var got []string
	for _, l := range strings.Split(writeAll(t, "markdown", &reports.Run{FailOn: checker.Review}, rs), "\n") {
		if strings.HasPrefix(l, "| orders.csv:") {
			got = append(got, l)
		}
	}
	want := []string{`| orders.csv:5 | SO-1 \| x \| y \| | nvidia-h100-sxm5 | CN | 2024-06-01 | **review** | - | - | ` +
		`screening.possible_match: end user \<b\>\[Acme\](https://evil.example)\</b\> may match (15 CFR 744) |`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// TestWhySaysMore: where a line has reasons beside the one shown (its
// classification's left out), the text and Markdown rows say how many, so
// that a screening match is not hidden behind a licence requirement. The
// classification's reasons are those the policy marks, whatever their rule
// ids: a company rule named like one (classify.acme...) is counted, and a
// company reason marked as a classification is not.
func TestWhySaysMore(t *testing.T) {
	r := checker.Result{Order: checker.Order{File: "orders.csv", Line: 5, ID: "SO-1", Destination: "SG", EndUserHQ: "SG", Date: "2026-12-14"}, ProductID: "nvidia-h20",
		Decision: checker.LicenseRequired, ECCN: "4A994.l", Reasons: []checker.Reason{
			{Rule: "classify.vendor_eccn", Citation: "15 CFR 748.3", Message: "4A994.l as its vendor classifies it", Classification: true},
			{Rule: "license.letter.h20", Citation: "15 CFR 744.23", Message: "is-informed letter"},
			{Rule: "screening.match", Citation: "ISN", Message: "end user matches ISN entry"},
		}, Headline: 2}
	one := r
	one.Reasons = r.Reasons[:2]
	two := r
	two.Reasons = append(slices.Clone(r.Reasons), checker.Reason{Rule: "red_flag.x", Citation: "Supp. 3", Message: "a red flag"})
	company := one
	company.Reasons = append(slices.Clone(one.Reasons), checker.Reason{Rule: "classify.acme.parts_review", Citation: "Acme 4.3", Message: "Acme reviews these parts"})
	marked := one
	marked.Reasons = append(slices.Clone(one.Reasons), checker.Reason{Rule: "acme.class", Citation: "Acme register", Message: "Acme class G2", Classification: true})
	rows := func(format string) []string {
		var got []string
		for _, l := range strings.Split(writeAll(t, format, &reports.Run{FailOn: checker.Review}, []checker.Result{r, one, two, company, marked}), "\n") {
			if strings.Contains(l, "orders.csv:5") {
				got = append(got, l[strings.Index(l, "is-informed"):])
			}
		}
		return got
	}
	want := []string{"is-informed letter (and 1 more reason)", "is-informed letter", "is-informed letter (and 2 more reasons)", "is-informed letter (and 1 more reason)", "is-informed letter"}
	if diff := cmp.Diff(want, rows("text")); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
	want = []string{"is-informed letter (15 CFR 744.23) (and 1 more reason) |", "is-informed letter (15 CFR 744.23) |", "is-informed letter (15 CFR 744.23) (and 2 more reasons) |",
		"is-informed letter (15 CFR 744.23) (and 1 more reason) |", "is-informed letter (15 CFR 744.23) |"}
	if diff := cmp.Diff(want, rows("markdown")); diff != "" {
		t.Errorf("markdown (-want +got):\n%s", diff)
	}
}
