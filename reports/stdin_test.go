package reports_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/reports"
)

// stdinResults are a book read from standard input ("-"): a line judged,
// and a line that could not be judged (its error as orders.Read words
// it, "-:4: ...").
func stdinResults() []checker.Result {
	return []checker.Result{
		{Order: checker.Order{File: "-", Line: 3, ID: "SO-1", Product: "nvidia-h100-sxm5", Destination: "CN", Date: "2025-03-01"},
			Decision: checker.LicenseRequired, ECCN: "3A090.a", ProductID: "nvidia-h100-sxm5",
			Reasons: []checker.Reason{{Rule: "license.destination.d145", Citation: "15 CFR 742.6(a)(6)(iii)", Message: "license required for 3A090.a to CN"}}},
		{Order: checker.Order{File: "-", Line: 4, ID: "SO-2"},
			Err: &checker.InputError{File: "-", Line: 4, Field: "product", Err: errors.New(`unknown product "x"`)}},
	}
}

// TestStdinNamed: lines read from standard input name no file "-" that
// a CI page would link: the GitHub annotations name no file and say
// where in the message; JUnit gives neither file nor line and says
// where in the test case's name; SARIF, whose code scanning requires a
// uri, names the artifact "stdin" and says what it is; prose says
// "standard input".
func TestStdinNamed(t *testing.T) {
	run := &reports.Run{FailOn: checker.Review}

	t.Run("github", func(t *testing.T) {
		got := strings.Split(writeAll(t, "github", run, stdinResults()), "\n")[:2]
		want := []string{
			"::error title=SO-1 license_required::standard input line 3: license_required 3A090.a: license.destination.d145: license required for 3A090.a to CN [15 CFR 742.6(a)(6)(iii)]",
			`::error title=SO-2 error::standard input line 4: unknown product "x"`,
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("annotations (-want +got):\n%s", diff)
		}
	})

	t.Run("junit", func(t *testing.T) {
		out := writeAll(t, "junit", run, stdinResults())
		type problem struct {
			Message string `xml:"message,attr"`
		}
		type tc struct {
			Name      string   `xml:"name,attr"`
			Classname string   `xml:"classname,attr"`
			File      *string  `xml:"file,attr"`
			Line      *string  `xml:"line,attr"`
			Failure   *problem `xml:"failure"`
			Error     *problem `xml:"error"`
		}
		var doc struct {
			Cases []tc `xml:"testsuite>testcase"`
		}
		if err := xml.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		want := []tc{
			{Name: "SO-1 nvidia-h100-sxm5 to CN on 2025-03-01 (standard input line 3)", Classname: "standard input",
				Failure: &problem{"license_required 3A090.a: license required for 3A090.a to CN"}},
			{Name: "SO-2 (standard input line 4)", Classname: "standard input",
				Error: &problem{`standard input line 4: unknown product "x"`}},
		}
		if diff := cmp.Diff(want, doc.Cases); diff != "" {
			t.Errorf("test cases (-want +got):\n%s\n%s", diff, out)
		}
	})

	t.Run("sarif", func(t *testing.T) {
		out := writeAll(t, "sarif", run, stdinResults())
		var log struct {
			Runs []struct {
				Results []struct {
					Message   struct{ Text string }
					Locations []json.RawMessage
				}
			}
		}
		if err := json.Unmarshal([]byte(out), &log); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range log.Runs[0].Results {
			got = append(got, r.Message.Text)
			for _, l := range r.Locations {
				var b bytes.Buffer
				if err := json.Compact(&b, l); err != nil {
					t.Fatal(err)
				}
				got = append(got, b.String())
			}
		}
		loc := func(line string) string {
			return `{"physicalLocation":{"artifactLocation":{"uri":"stdin","description":{"text":"standard input: the order book was not read from a file, and no file in the repository holds these lines"}},"region":{"startLine":` + line + `}}}`
		}
		want := []string{
			"SO-1: license_required 3A090.a: license required for 3A090.a to CN", loc("3"),
			`SO-2: standard input line 4: unknown product "x"`, loc("4"),
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("results (-want +got):\n%s", diff)
		}
		validSARIF(t, []byte(out))
		if diff := cmp.Diff([]string(nil), githubProblems([]byte(out))); diff != "" {
			t.Errorf("not what GitHub's code scanning takes (-want +got):\n%s", diff)
		}
	})

	t.Run("text", func(t *testing.T) {
		out := writeAll(t, "text", run, stdinResults())
		for _, want := range []string{"standard input line 3 ", "standard input line 4 ", `unknown product "x"`} {
			if !strings.Contains(out, want) {
				t.Errorf("no %q in:\n%s", want, out)
			}
		}
		if strings.Contains(out, "-:") {
			t.Errorf("standard input named - in:\n%s", out)
		}
	})

	t.Run("markdown", func(t *testing.T) {
		out := writeAll(t, "markdown", run, stdinResults())
		for _, want := range []string{"| standard input line 3 | SO-1 |", `| standard input line 4 | SO-2 |`} {
			if !strings.Contains(out, want) {
				t.Errorf("no %q in:\n%s", want, out)
			}
		}
	})
}

// TestLocation: a line's place in prose, one rule for files and
// standard input.
func TestLocation(t *testing.T) {
	var got []string
	for _, o := range []checker.Order{{File: "orders.csv", Line: 3}, {File: "orders.csv"}, {File: "-", Line: 3}, {File: "-"}} {
		got = append(got, reports.Location(&o))
	}
	want := []string{"orders.csv:3", "orders.csv", "standard input line 3", "standard input"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Location (-want +got):\n%s", diff)
	}
}
