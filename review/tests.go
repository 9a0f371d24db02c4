package review

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/internal/prose"
)

// TestFormats are the output formats of Rego unit-test reports.
var TestFormats = []string{"json", "junit", "text"}

// TestRun is a Rego unit-test report with the coverage threshold it is held to.
type TestRun struct {
	*checker.TestReport
	Threshold float64 // percent; 0: none
}

// BelowThreshold reports whether coverage falls short of the threshold.
func (t *TestRun) BelowThreshold() bool { return t.Threshold > 0 && t.Coverage < t.Threshold }

// Failed reports whether the run fails: a failing test or coverage below the threshold.
func (t *TestRun) Failed() bool { return t.TestReport.Failed() > 0 || t.BelowThreshold() }

// WriteTests writes a test report in a format (see [TestFormats]).
func WriteTests(w io.Writer, format string, t *TestRun) error {
	switch format {
	case "text":
		return testsText(w, t)
	case "json":
		return encode(w, struct {
			*checker.TestReport
			Passed    int     `json:"passed"`
			Failed    int     `json:"failed"`
			Threshold float64 `json:"threshold"`
			Pass      bool    `json:"pass"`
		}{t.TestReport, len(t.Results) - t.TestReport.Failed(), t.TestReport.Failed(), t.Threshold, !t.Failed()})
	case "junit":
		return testsJUnit(w, t)
	}
	return fmt.Errorf("unknown format %q; known: %s", format, strings.Join(TestFormats, ", "))
}

func testsText(w io.Writer, t *TestRun) error {
	bw := bufio.NewWriter(w)
	for _, r := range t.Results {
		status := "PASS"
		if !r.Pass {
			status = "FAIL"
		}
		where := r.File
		if r.Line > 0 {
			where = fmt.Sprintf("%s:%d", r.File, r.Line)
		}
		fmt.Fprintf(bw, "%s  %s.%s  (%s)\n", status, r.Package, r.Name, where)
		if r.Error != "" {
			for _, l := range strings.Split(r.Error, "\n") {
				fmt.Fprintf(bw, "      %s\n", l)
			}
		}
	}
	bw.WriteString("\ncoverage by file:\n")
	for _, f := range slices.Sorted(maps.Keys(t.Files)) {
		fmt.Fprintf(bw, "  %6.1f%%  %s\n", t.Files[f], f)
	}
	failed := t.TestReport.Failed()
	fmt.Fprintf(bw, "\n%s: %d passed, %d failed; coverage %.1f%%", prose.Count(len(t.Results), "test"), len(t.Results)-failed, failed, t.Coverage)
	if t.Threshold > 0 {
		fmt.Fprintf(bw, " (threshold %.1f%%", t.Threshold)
		if t.BelowThreshold() {
			bw.WriteString(", below")
		}
		bw.WriteString(")")
	}
	bw.WriteString("\n")
	return bw.Flush()
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// A case names its test's file and line (GitLab, Jenkins' xUnit and
// action-junit-report link to them) and every case and suite its time in
// seconds, which the Ant schema requires (see reports/junit.go).
type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	took      time.Duration
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
	took     time.Duration
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

// testsJUnit writes one suite per Rego package; coverage below the
// threshold is a failing case of its own, so CI shows it.
func testsJUnit(w io.Writer, t *TestRun) error {
	out := junitSuites{Name: "exportcheck verify"}
	index := map[string]int{}
	add := func(suite string, c junitCase) {
		i, ok := index[suite]
		if !ok {
			i = len(out.Suites)
			index[suite] = i
			out.Suites = append(out.Suites, junitSuite{Name: suite})
		}
		s := &out.Suites[i]
		c.Time = seconds(c.took)
		s.Cases = append(s.Cases, c)
		s.took += c.took
		s.Time = seconds(s.took)
		s.Tests++
		out.Tests++
		if c.Failure != nil {
			s.Failures++
			out.Failures++
		}
	}
	for _, r := range t.Results {
		c := junitCase{Name: r.Name, Classname: r.Package, File: r.File, Line: r.Line, took: r.Duration}
		if !r.Pass {
			c.Failure = &junitFailure{Message: "test failed", Text: r.Error}
		}
		add(r.Package, c)
	}
	if t.Threshold > 0 {
		c := junitCase{Name: fmt.Sprintf("coverage >= %.1f%%", t.Threshold), Classname: "coverage"}
		if t.BelowThreshold() {
			c.Failure = &junitFailure{Message: fmt.Sprintf("coverage %.1f%% is below %.1f%%", t.Coverage, t.Threshold)}
		}
		add("coverage", c)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// seconds is a time attribute: seconds, to the millisecond.
func seconds(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 3, 64) }
