package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/exportcheck/exportcheck/checker"
)

func init() { register("junit", newJUnit) }

// junitWriter writes one test case per order line; lines at or above the
// threshold fail, lines that could not be judged are errors.
type junitWriter struct {
	w     io.Writer
	run   *Run
	cases []junitCase
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func newJUnit(w io.Writer, run *Run) (Writer, error) { return &junitWriter{w: w, run: run}, nil }

func (j *junitWriter) Write(r *checker.Result) error {
	c := junitCase{
		Name:      CaseName(r),
		Classname: r.Order.File,
		File:      r.Order.File,
		Line:      r.Order.Line,
		SystemOut: reasonsText(r),
	}
	switch {
	case r.Err != nil:
		c.Error = &junitProblem{Message: r.Err.Error(), Type: "error", Text: r.Err.Error()}
	case j.run.Failing(r):
		c.Failure = &junitProblem{Message: summaryLine(r), Type: r.Decision.String(), Text: reasonsText(r)}
	}
	j.cases = append(j.cases, c)
	return nil
}

func (j *junitWriter) Close(s *Summary) error {
	props := []junitProperty{
		{Name: "revision", Value: j.run.Revision}, {Name: "regime", Value: j.run.Regime},
		{Name: "as_of", Value: j.run.AsOf}, {Name: "fail_on", Value: j.run.FailOn.String()},
		{Name: "screening", Value: j.run.ScreeningText()},
	}
	if r := j.run.Records; r != nil {
		props = append(props, junitProperty{Name: "records_revision", Value: r.Revision})
	}
	if o := j.run.Ownership; o != nil {
		props = append(props, junitProperty{Name: "ownership_revision", Value: o.Revision})
	}
	for _, w := range j.run.Warnings {
		props = append(props, junitProperty{Name: "warning", Value: w})
	}
	suite := junitSuite{
		Name: "exportcheck", Tests: s.Total, Failures: s.Failed - s.Errors, Errors: s.Errors, Cases: j.cases,
		Properties: props,
	}
	doc := junitSuites{Name: "exportcheck", Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors, Suites: []junitSuite{suite}}
	if _, err := io.WriteString(j.w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(j.w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(j.w, "\n")
	return err
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// summaryLine is a one-line description of a result.
func summaryLine(r *checker.Result) string {
	if r.Err != nil {
		return r.Err.Error()
	}
	s := r.Decision.String()
	if d := Detail(r); d != "" {
		s += " (" + d + ")"
	}
	if r.ECCN != "" {
		s += " " + r.ECCN
	}
	return s + ": " + DecidingReason(r).Message
}

// reasonsText lists every reason with its citation, one per line.
func reasonsText(r *checker.Result) string {
	var b strings.Builder
	for _, x := range r.Reasons {
		fmt.Fprintf(&b, "%s: %s [%s]\n", x.Rule, x.Message, x.Citation)
	}
	return b.String()
}
