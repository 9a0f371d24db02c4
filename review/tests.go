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

// Failed reports whether the run fails: a failing test (a change of the
// company's policy it does not list is one, and a built-in test it no
// longer runs and does not list), a stale expected change or coverage
// below the threshold.
func (t *TestRun) Failed() bool {
	return t.TestReport.Failed() > 0 || len(t.Stale) > 0 || t.BelowThreshold()
}

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
			Expected  int     `json:"expected_changes"`
			Removals  int     `json:"expected_removals,omitempty"`
			Threshold float64 `json:"threshold"`
			Pass      bool    `json:"pass"`
		}{t.TestReport, t.passed(), t.TestReport.Failed(), t.Excused(), t.ExcusedRemovals(), t.Threshold, !t.Failed()})
	case "junit":
		return testsJUnit(w, t)
	}
	return fmt.Errorf("unknown format %q; known: %s", format, strings.Join(TestFormats, ", "))
}

// passed counts the tests that passed.
func (t *TestRun) passed() int {
	n := 0
	for _, r := range t.Results {
		if r.Pass {
			n++
		}
	}
	return n
}

func testsText(w io.Writer, t *TestRun) error {
	bw := bufio.NewWriter(w)
	for _, r := range t.Results {
		status := "PASS"
		switch {
		case r.Excused():
			status = "CHANGED"
		case !r.Pass:
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
	// Built-in tests the company's policy no longer runs: not run, so apart.
	for _, r := range t.Removed {
		status := "FAIL"
		if r.Expected != nil {
			status = "REMOVED"
		}
		fmt.Fprintf(bw, "%s  %s.%s  (%s:%d)\n", status, r.Package, r.Name, r.File, r.Line)
		for _, l := range strings.Split(r.Why, "\n") {
			fmt.Fprintf(bw, "      %s\n", l)
		}
	}
	bw.WriteString("\ncoverage by file:\n")
	for _, f := range slices.Sorted(maps.Keys(t.Files)) {
		fmt.Fprintf(bw, "  %6.1f%%  %s\n", t.Files[f], f)
	}
	// Changes of the company's policy, apart: the listed ones and the others.
	var changed []checker.TestResult
	for _, r := range t.Results {
		if r.ChangedByPolicy {
			changed = append(changed, r)
		}
	}
	// byPolicy is one test the company's policy changed or no longer runs
	// (what: "changed", "removed"), and whether that fails the run.
	byPolicy := func(what, pkg, name, key string, exp *checker.ExpectedChange) {
		fmt.Fprintf(bw, "%s by your policy: %s.%s", what, pkg, name)
		switch {
		case exp != nil:
			fmt.Fprintf(bw, " (expected, %s: %s)\n", exp.Where(), exp.Reason)
		case len(t.Replaces) > 0:
			fmt.Fprintf(bw, " (fails the run: --policy replaces the built-in %s)\n", strings.Join(t.Replaces, ", "))
		default:
			fmt.Fprintf(bw, " (not listed under %s in %s: fails the run)\n", key, checker.ExpectedChangesFile)
		}
	}
	if len(changed) > 0 {
		bw.WriteString("\n")
		for _, r := range changed {
			byPolicy("changed", r.Package, r.Name, "expected_changes", r.Expected)
		}
	}
	if len(t.Removed) > 0 {
		bw.WriteString("\n")
		for _, r := range t.Removed {
			byPolicy("removed", r.Package, r.Name, "expected_removals", r.Expected)
		}
	}
	if len(t.Stale) > 0 {
		bw.WriteString("\n")
		for _, s := range t.Stale {
			kind := "change"
			if s.Removal {
				kind = "removal"
			}
			fmt.Fprintf(bw, "stale expected %s: %s: %s %s\n", kind, s.Where(), s.Test, s.Why)
		}
	}
	failed := t.TestReport.Failed()
	fmt.Fprintf(bw, "\n%s: %d passed, %d failed", prose.Count(len(t.Results)+len(t.Removed), "test"), t.passed(), failed)
	if n := t.Excused(); n > 0 {
		fmt.Fprintf(bw, ", %d changed as expected", n)
	}
	if n := t.ExcusedRemovals(); n > 0 {
		fmt.Fprintf(bw, ", %d removed as expected", n)
	}
	stale := map[bool]int{} // by Removal
	for _, s := range t.Stale {
		stale[s.Removal]++
	}
	for _, removal := range []bool{false, true} {
		if n := stale[removal]; n > 0 {
			kind := map[bool]string{false: "change", true: "removal"}[removal]
			if n > 1 {
				kind += "s"
			}
			fmt.Fprintf(bw, ", %d stale expected %s", n, kind)
		}
	}
	fmt.Fprintf(bw, "; coverage %.1f%%", t.Coverage)
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
	Skipped   *junitFailure `xml:"skipped,omitempty"` // an expected change, as pytest writes an xfail
	took      time.Duration
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr,omitempty"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
	took     time.Duration
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr,omitempty"`
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
		if c.Skipped != nil {
			s.Skipped++
			out.Skipped++
		}
	}
	for _, r := range t.Results {
		c := junitCase{Name: r.Name, Classname: r.Package, File: r.File, Line: r.Line, took: r.Duration}
		switch {
		case r.Excused():
			c.Skipped = &junitFailure{Message: fmt.Sprintf("expected change (%s): %s", r.Expected.Where(), r.Expected.Reason), Text: r.Error}
		case r.ChangedByPolicy:
			c.Failure = &junitFailure{Message: "changed by your policy, not listed as an expected change", Text: r.Error}
		case !r.Pass:
			c.Failure = &junitFailure{Message: "test failed", Text: r.Error}
		}
		add(r.Package, c)
	}
	for _, r := range t.Removed {
		c := junitCase{Name: r.Name, Classname: r.Package, File: r.File, Line: r.Line}
		if r.Expected != nil {
			c.Skipped = &junitFailure{Message: fmt.Sprintf("removed by your policy, an expected removal (%s): %s", r.Expected.Where(), r.Expected.Reason), Text: r.Why}
		} else {
			c.Failure = &junitFailure{Message: "removed by your policy, not listed as an expected removal", Text: r.Why}
		}
		add(r.Package, c)
	}
	for _, s := range t.Stale {
		add("expected changes", junitCase{Name: s.Test, Classname: "expected_changes", File: s.File, Line: s.Line,
			Failure: &junitFailure{Message: map[bool]string{false: "stale expected change: ", true: "stale expected removal: "}[s.Removal] + s.Why}})
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
