package reports_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/reports"
)

// ghUnescape undoes the workflow-command escapes (the actions toolkit's
// command.ts: data escapes %, CR, LF; a property also : and ,).
var ghUnescape = strings.NewReplacer("%25", "%", "%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",")

// TestGitHubAnnotationEscapes: whatever the book's names hold, an
// annotation is one line, its properties split on "," and "=" as the
// runner splits them, and each reads back as written.
func TestGitHubAnnotationEscapes(t *testing.T) {
	for _, tc := range []struct{ name, file, id string }{
		{"plain", "orders.csv", "SO-1"},
		{"comma and colon", "books/a,b:c.csv", "SO,1:2"},
		{"percent", "100%.csv", "SO-%0A-%25"},
		{"line breaks", "a\r\nb.csv", "SO\n1\r"},
		{"double colon", "x::y.csv", "::error file=evil.csv::owned"},
		{"non-ASCII", "Bestellungen März.csv", "SO-東京-Ж"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs := []checker.Result{{Order: checker.Order{File: tc.file, Line: 7, ID: tc.id, Destination: "CN"}, Err: errors.New("bad " + tc.id)}}
			out := strings.Split(strings.TrimSuffix(writeAll(t, "github", &reports.Run{FailOn: checker.Review}, rs), "\n"), "\n")
			if len(out) != 2 {
				t.Fatalf("%d lines, want the annotation and the summary:\n%q", len(out), out)
			}
			cmd, rest, ok := strings.Cut(strings.TrimPrefix(out[0], "::"), " ")
			props, data, ok2 := strings.Cut(rest, "::")
			if cmd != "error" || !ok || !ok2 {
				t.Fatalf("not an error annotation: %q", out[0])
			}
			got := map[string]string{}
			for _, p := range strings.Split(props, ",") {
				k, v, _ := strings.Cut(p, "=")
				got[k] = ghUnescape.Replace(v)
			}
			want := map[string]string{"file": tc.file, "line": "7", "title": tc.id + " error"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("properties of %q (-want +got):\n%s", out[0], diff)
			}
			if got := ghUnescape.Replace(data); got != "bad "+tc.id {
				t.Errorf("message %q, want %q", got, "bad "+tc.id)
			}
		})
	}
}

// TestGitHubAnnotationCitesRule: an annotation is all a reviewer sees of a
// line in a pull request: its deciding reason carries the rule id and the
// citation, as the workbook and --explain write it; a line that could not
// be judged says where once, in the annotation's own location.
func TestGitHubAnnotationCitesRule(t *testing.T) {
	order := checker.Order{File: "orders.csv", Line: 5, ID: "SO-1", Destination: "CN"}
	rs := []checker.Result{
		{Order: order, Decision: checker.LicenseRequired, ECCN: "3A090.a", ReviewPolicy: "presumption_of_denial", Reasons: []checker.Reason{
			{Rule: "classify.3a090.a.1", Citation: "ECCN 3A090.a.1 (88 FR 73458)", Message: "3A090.a.1: TPP 15,832 ≥ 4,800"},
			{Rule: "license.destination.d145", Citation: "15 CFR 742.6(a)(6)(iii); 88 FR 73458", Message: "license required for 3A090.a to CN"},
		}},
		{Order: checker.Order{File: "orders.csv", Line: 6, ID: "SO-2"}, Err: &checker.InputError{File: "orders.csv", Line: 6, Err: errors.New("unknown product \"x\"")}},
	}
	got := strings.Split(writeAll(t, "github", &reports.Run{FailOn: checker.Review}, rs), "\n")[:2]
	want := []string{
		"::error file=orders.csv,line=5,title=SO-1 license_required::license_required (presumption of denial) 3A090.a: license.destination.d145: license required for 3A090.a to CN [15 CFR 742.6(a)(6)(iii); 88 FR 73458]",
		"::error file=orders.csv,line=6,title=SO-2 error::unknown product \"x\"",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("annotations (-want +got):\n%s", diff)
	}
}
