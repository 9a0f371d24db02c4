package reports_test

import (
	"encoding/xml"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/reports"
)

// xmlChar reports whether r is a Char of XML 1.0 (§2.2): the only
// characters a document may hold, even as character references.
func xmlChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

type junitDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Suites   []struct {
		Tests      int `xml:"tests,attr"`
		Failures   int `xml:"failures,attr"`
		Errors     int `xml:"errors,attr"`
		Properties []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"properties>property"`
		Cases []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
			} `xml:"error"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// TestJUnitHostile: ids, names and file names with control characters,
// bidirectional overrides, markup and "]]>" give a well-formed JUnit file
// of XML 1.0 characters whose counts add up, and what they held is shown
// as escapes, not lost to U+FFFD; a test case's name holds no line break.
func TestJUnitHostile(t *testing.T) {
	hostile := "Acme\x0b\x0c\x1b[31m \u202eRTL <b>&amp;</b> ]]> \"q\" 'a'\r\nnext"
	rs := []checker.Result{
		{Order: checker.Order{File: "o\x1b.csv", Line: 2, ID: "SO-1\x0b\n| SO-9 |\r", Destination: "CN", Date: "2024-06-01"}, ProductID: "nvidia-h100-sxm5",
			Decision: checker.LicenseRequired, ECCN: "3A090.a", Reasons: []checker.Reason{{Rule: "screening.entity_list", Citation: "15 CFR 744", Message: "end user " + hostile}}},
		{Order: checker.Order{File: "o\x1b.csv", Line: 3, ID: "SO-2", Destination: "DE", Date: "2024-06-01"}, ProductID: "nvidia-h100-sxm5", Decision: checker.Allow},
		{Order: checker.Order{File: "o\x1b.csv", Line: 4, ID: "SO-3"}, Err: errors.New("unknown product \"" + hostile + "\"")},
	}
	out := writeAll(t, "junit", &reports.Run{FailOn: checker.Review, Warnings: []string{"stale \x1b list"}}, rs)
	if !utf8.ValidString(out) {
		t.Fatal("not UTF-8")
	}
	if i := strings.IndexFunc(out, func(r rune) bool { return !xmlChar(r) || r == utf8.RuneError }); i >= 0 {
		t.Errorf("%q at %d is not an XML 1.0 character, or was lost to U+FFFD:\n%s", out[i:i+1], i, out)
	}
	for _, ref := range []string{"&#x0", "&#x1", "&#xB;", "&#xC;", "&#11;", "&#12;", "&#27;"} {
		if strings.Contains(out, ref) {
			t.Errorf("%s: a reference to a character XML 1.0 forbids", ref)
		}
	}
	var doc junitDoc
	d := xml.NewDecoder(strings.NewReader(out))
	d.Strict = true
	if err := d.Decode(&doc); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, out)
	}
	s := doc.Suites[0]
	failures, errs := 0, 0
	for _, c := range s.Cases {
		if c.Failure != nil {
			failures++
		}
		if c.Error != nil {
			errs++
		}
	}
	counts := [][3]int{{doc.Tests, doc.Failures, doc.Errors}, {s.Tests, s.Failures, s.Errors}, {len(s.Cases), failures, errs}}
	if diff := cmp.Diff([][3]int{{3, 1, 1}, {3, 1, 1}, {3, 1, 1}}, counts); diff != "" {
		t.Errorf("tests, failures, errors of testsuites, testsuite, and the cases (-want +got):\n%s", diff)
	}
	const shown = `Acme\x0b\x0c\x1b[31m \u202eRTL <b>&amp;</b> ]]> "q" 'a'` + "\r\nnext"
	got := []string{s.Cases[0].Name, s.Cases[0].Classname, s.Cases[0].Failure.Text, s.Cases[2].Error.Message, s.Properties[len(s.Properties)-1].Value}
	want := []string{`SO-1\x0b\n| SO-9 |\r nvidia-h100-sxm5 to CN on 2024-06-01`, `o\x1b.csv`, "screening.entity_list: end user " + shown + " [15 CFR 744]\n",
		`unknown product "` + shown + `"`, `stale \x1b list`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("text read back (-want +got):\n%s", diff)
	}
}

// TestJUnitTimes: the Ant JUnit schema requires a time (seconds, a
// decimal) on every testsuite and testcase; it is 0, the same every run.
func TestJUnitTimes(t *testing.T) {
	rs := []checker.Result{
		{Order: checker.Order{File: "o.csv", Line: 2, ID: "SO-1"}, Decision: checker.LicenseRequired},
		{Order: checker.Order{File: "o.csv", Line: 3, ID: "SO-2"}, Decision: checker.Allow},
		{Order: checker.Order{File: "o.csv", Line: 4, ID: "SO-3"}, Err: errors.New("bad")},
	}
	var doc struct {
		Time   *string `xml:"time,attr"`
		Suites []struct {
			Time  *string `xml:"time,attr"`
			Cases []struct {
				Time *string `xml:"time,attr"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(writeAll(t, "junit", &reports.Run{FailOn: checker.Review}, rs)), &doc); err != nil {
		t.Fatal(err)
	}
	str := func(p *string) string {
		if p == nil {
			return "(none)"
		}
		return *p
	}
	got := []string{str(doc.Time)}
	for _, s := range doc.Suites {
		got = append(got, str(s.Time))
		for _, c := range s.Cases {
			got = append(got, str(c.Time))
		}
	}
	if diff := cmp.Diff([]string{"0", "0", "0", "0", "0"}, got); diff != "" {
		t.Errorf("time of testsuites, testsuite and each testcase (-want +got):\n%s", diff)
	}
}

// TestJUnitFileLine: each test case names its book and line in file and
// line attributes, which CI test reporters (GitLab, mikepenz/
// action-junit-report) read to link a case to its
// source; the file as the book was named on the command line, as the
// GitHub annotations name it (not a SARIF URI), and neither attribute
// when it is not known or is standard input (TestStdinNamed).
func TestJUnitFileLine(t *testing.T) {
	type attrs struct{ File, Line string }
	const none = "(none)"
	tests := []struct {
		name  string
		order checker.Order
		err   error
		want  attrs
	}{
		{"relative book", checker.Order{File: "books/orders.csv", Line: 14, ID: "SO-1"}, nil, attrs{"books/orders.csv", "14"}},
		{"absolute book, as given", checker.Order{File: "/srv/books/orders.xlsx", Line: 3, ID: "SO-1"}, nil, attrs{"/srv/books/orders.xlsx", "3"}},
		{"space and non-ASCII, not percent-encoded", checker.Order{File: "Q3 Aufträge.csv", Line: 2, ID: "SO-1"}, nil, attrs{"Q3 Aufträge.csv", "2"}},
		{"control character shown as an escape", checker.Order{File: "o\x1b\n.csv", Line: 2, ID: "SO-1"}, nil, attrs{`o\x1b\n.csv`, "2"}},
		{"standard input: no file to link, the name says where", checker.Order{File: "-", Line: 5, ID: "SO-1"}, nil, attrs{none, none}},
		{"a line that could not be judged", checker.Order{File: "orders.csv", Line: 7, ID: "SO-1"}, errors.New("unknown product"), attrs{"orders.csv", "7"}},
		{"line not known", checker.Order{File: "orders.csv", ID: "SO-1"}, nil, attrs{"orders.csv", none}},
		{"line below 1 is not known", checker.Order{File: "orders.csv", Line: -1, ID: "SO-1"}, nil, attrs{"orders.csv", none}},
		{"file not known", checker.Order{Line: 4, ID: "SO-1"}, nil, attrs{none, "4"}},
		{"neither known", checker.Order{ID: "SO-1"}, nil, attrs{none, none}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := checker.Result{Order: tt.order, Err: tt.err, Decision: checker.LicenseRequired}
			var doc struct {
				Cases []struct {
					File *string `xml:"file,attr"`
					Line *string `xml:"line,attr"`
				} `xml:"testsuite>testcase"`
			}
			out := writeAll(t, "junit", &reports.Run{FailOn: checker.Review}, []checker.Result{r})
			if err := xml.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if len(doc.Cases) != 1 {
				t.Fatalf("%d test cases, want 1:\n%s", len(doc.Cases), out)
			}
			str := func(p *string) string {
				if p == nil {
					return none
				}
				return *p
			}
			got := attrs{str(doc.Cases[0].File), str(doc.Cases[0].Line)}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("file and line of the test case (-want +got):\n%s\n%s", diff, out)
			}
		})
	}
}

// TestCaseName: a test case (and an annotation's title) names a line by
// what is known of it. A line that could not be read into fields has no
// id, product, destination or date: it is named by its file and line, as
// a line without an id is, so that two such lines are two test cases and
// neither reads "  to  on ".
func TestCaseName(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    checker.Result
		want string
	}{
		{"judged", checker.Result{Order: checker.Order{File: "orders/q3.csv", Line: 2, ID: "SO-1", Product: "H100 SXM5", Destination: "CN", Date: "2025-06-02"}, ProductID: "nvidia-h100-sxm5"},
			"SO-1 nvidia-h100-sxm5 to CN on 2025-06-02"},
		{"bad product", checker.Result{Order: checker.Order{File: "orders/q3.csv", Line: 3, ID: "SO-2", Product: "H1000", Destination: "FR", Date: "2025-06-02"}, Err: errors.New("unknown product")},
			"SO-2 H1000 to FR on 2025-06-02"},
		{"only an id", checker.Result{Order: checker.Order{File: "orders/q3.csv", Line: 4, ID: "SO-3"}, Err: errors.New("bad")},
			"SO-3"},
		{"no date", checker.Result{Order: checker.Order{File: "orders/q3.csv", Line: 5, ID: "SO-4", Destination: "CN"}, Err: errors.New("bad")},
			"SO-4 to CN"},
		{"unread line", checker.Result{Order: checker.Order{File: "orders/q3.csv", Line: 6}, Err: errors.New(`quoted field opened on line 6 is not closed`)},
			"q3.csv:6"},
		{"unread line of standard input", checker.Result{Order: checker.Order{File: "-", Line: 2}, Err: errors.New("bad")},
			"-:2"},
		{"the whole file", checker.Result{Order: checker.Order{File: "orders/q3.csv"}, Err: errors.New("empty file")},
			"orders/q3.csv (the whole file)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := reports.CaseName(&tc.r); got != tc.want {
				t.Errorf("CaseName = %q, want %q", got, tc.want)
			}
		})
	}
}
