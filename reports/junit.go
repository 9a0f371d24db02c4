package reports

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/exportcheck/exportcheck/checker"
)

func init() { register("junit", newJUnit) }

// junitWriter writes one test case per order line; lines at or above the
// threshold fail, lines that could not be judged are errors. The counts
// come first in the file, so the cases are encoded as they come and kept
// (in a temporary file past spillAt) until the end.
type junitWriter struct {
	w     io.Writer
	run   *Run
	cases spill
	enc   *xml.Encoder // encodes the cases into cases, indented as in the whole document
	n     int
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// junitCase is a testcase. File and Line are the order line's place,
// which CI test reporters read to link a case to its source (GitLab's
// test report links the file; mikepenz/action-junit-report annotates the
// line; pytest writes both): neither is in the Ant schema, nor on a
// testcase in Jenkins' xUnit junit-10.xsd (its master has file on a
// testsuite only; xunit-plugin pull request 81, which adds both, was not
// merged): a validator held to either refuses them. Each only when known.
type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"` // junitTime
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

// junitTime is every time attribute: the Ant JUnit schema (windyroad's
// JUnit.xsd, what Ant's XMLJUnitResultFormatter writes) requires time, in
// seconds as an xs:decimal, on each testsuite and testcase, and parsers
// built on it (some CI test reporters) refuse or misread a file without
// it; Jenkins' (xunit's junit-10.xsd, Surefire's) takes it when given.
// A line's check is not a timed test, and a measured time would make the
// file differ from run to run (the same input gives the same bytes, as
// SOURCE_DATE_EPOCH promises): it is 0.
const junitTime = "0"

func newJUnit(w io.Writer, run *Run) (Writer, error) {
	j := &junitWriter{w: w, run: run, cases: spill{what: "the JUnit test cases"}}
	j.enc = xml.NewEncoder(&j.cases)
	j.enc.Indent("    ", "  ") // a test case is two levels down: testsuites, testsuite
	return j, nil
}

// junitText is text for the JUnit file: XML 1.0 cannot hold most control
// characters even as references (encoding/xml would write U+FFFD for
// them, losing what they were), so they are written as Visible writes
// them, as are the bidirectional overrides a CI page would obey; line
// breaks are kept.
func junitText(s string) string { return visible(s, true) }

// junitName is text for a test case's name, class name or file: as
// junitText, line breaks too written as escapes (\n, \r). A name is a
// label that CI pages and the job summaries some actions make from a
// JUnit file list one a line (or one a Markdown table row): a line break
// in an order id would show there as a test case, or a row, of its own.
func junitName(s string) string { return Visible(s) }

func (j *junitWriter) Write(r *checker.Result) error {
	c := junitCase{
		Name:      junitName(CaseName(r)),
		Classname: junitName(FileName(r.Order.File)),
		Time:      junitTime,
		File:      junitName(r.Order.File), // as given, as the GitHub annotations name it
		Line:      max(r.Order.Line, 0),    // 0, not known (as Location reads it): none
		SystemOut: junitText(reasonsText(r)),
	}
	if _, file := Source(r.Order.File); !file {
		// Standard input is no file a reporter could link (one would
		// look for a file called "-"): neither attribute; the name says
		// where the line was.
		if r.Order.Line > 0 {
			c.Name = junitName(CaseName(r) + " (" + Location(&r.Order) + ")")
		}
		c.File, c.Line = "", 0
	}
	switch {
	case r.Err != nil:
		e := ErrorText(r)
		c.Error = &junitProblem{Message: junitText(e), Type: "error", Text: junitText(e)}
	case j.run.Failing(r):
		c.Failure = &junitProblem{Message: junitText(summaryLine(r)), Type: r.Decision.String(), Text: junitText(reasonsText(r))}
	}
	j.n++
	return j.enc.EncodeElement(c, xml.StartElement{Name: xml.Name{Local: "testcase"}})
}

// Abort removes the temporary file of a run that failed before Close.
func (j *junitWriter) Abort() { j.cases.discard() }

func (j *junitWriter) Close(s *Summary) error {
	defer j.cases.discard()
	props := []junitProperty{{Name: "revision", Value: j.run.Revision}, {Name: "regime", Value: j.run.Regime}}
	// as_of only with --as-of: without it each line was judged as of its
	// own date (the test case's name says which), and an empty value
	// would read as a date nobody gave.
	if j.run.AsOf != "" {
		props = append(props, junitProperty{Name: "as_of", Value: j.run.AsOf})
	}
	props = append(props, junitProperty{Name: "fail_on", Value: j.run.FailOn.String()},
		junitProperty{Name: "screening", Value: j.run.ScreeningRecord()})
	if r := j.run.Records; r != nil {
		props = append(props, junitProperty{Name: "records_revision", Value: r.Revision})
	}
	if o := j.run.Ownership; o != nil {
		props = append(props, junitProperty{Name: "ownership_revision", Value: o.Revision})
	}
	for _, w := range j.run.Warnings {
		props = append(props, junitProperty{Name: "warning", Value: w})
	}
	for i := range props {
		props[i].Value = junitText(props[i].Value)
	}
	if err := j.enc.Flush(); err != nil {
		return err
	}
	cases, err := j.cases.reader()
	if err != nil {
		return err
	}
	counts := func(name string) xml.StartElement {
		return xml.StartElement{Name: xml.Name{Local: name}, Attr: []xml.Attr{
			{Name: xml.Name{Local: "name"}, Value: "exportcheck"},
			{Name: xml.Name{Local: "tests"}, Value: strconv.Itoa(s.Total)},
			{Name: xml.Name{Local: "failures"}, Value: strconv.Itoa(s.Failed - s.Errors)},
			{Name: xml.Name{Local: "errors"}, Value: strconv.Itoa(s.Errors)},
			{Name: xml.Name{Local: "time"}, Value: junitTime},
		}}
	}
	w := bufio.NewWriter(j.w)
	w.WriteString(xml.Header)
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	suites, suite := counts("testsuites"), counts("testsuite")
	enc.EncodeToken(suites)
	enc.EncodeToken(suite)
	if err := enc.EncodeElement(struct {
		Properties []junitProperty `xml:"property"`
	}{props}, xml.StartElement{Name: xml.Name{Local: "properties"}}); err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	if j.n > 0 {
		w.WriteByte('\n')
		if _, err := io.Copy(w, cases); err != nil {
			return fmt.Errorf("reading back the JUnit test cases: %w", err)
		}
	}
	enc.EncodeToken(suite.End())
	enc.EncodeToken(suites.End())
	if err := enc.Flush(); err != nil {
		return err
	}
	w.WriteByte('\n')
	return w.Flush()
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
		return ErrorText(r)
	}
	return summaryHead(r) + ": " + r.HeadlineReason().Message
}

// summaryHead is the decision, its detail and ECCN: "license_required
// (presumption of denial) 3A090.a".
func summaryHead(r *checker.Result) string {
	s := r.Decision.String()
	if d := Detail(r); d != "" {
		s += " (" + d + ")"
	}
	if r.ECCN != "" {
		s += " " + r.ECCN
	}
	return s
}

// reasonsText lists every reason with its citation, one per line.
func reasonsText(r *checker.Result) string {
	var b strings.Builder
	for _, x := range r.Reasons {
		fmt.Fprintf(&b, "%s: %s [%s]\n", x.Rule, x.Message, x.Citation)
	}
	return b.String()
}
