package review

import (
	"cmp"
	"fmt"
	"io"
	"strings"

	"github.com/exportcheck/exportcheck/checker"
)

// Formats are the output formats of comparisons and matrices.
var Formats = []string{"json", "markdown", "text", "xlsx"}

func unknownFormat(format string) error {
	return fmt.Errorf("unknown format %q; known: %s", format, strings.Join(Formats, ", "))
}

// WriteComparison writes a comparison in a format (see [Formats]).
func WriteComparison(w io.Writer, format string, c *Comparison) error {
	switch format {
	case "text":
		return comparisonText(w, c)
	case "json":
		return comparisonJSON(w, c)
	case "markdown":
		return comparisonMarkdown(w, c)
	case "xlsx":
		return comparisonXLSX(w, c)
	}
	return unknownFormat(format)
}

// WriteMatrix writes a matrix in a format (see [Formats]).
func WriteMatrix(w io.Writer, format string, m *Matrix) error {
	switch format {
	case "text":
		return matrixText(w, m)
	case "json":
		return matrixJSON(w, m)
	case "markdown":
		return matrixMarkdown(w, m)
	case "xlsx":
		return matrixXLSX(w, m)
	}
	return unknownFormat(format)
}

// transitions describes the decision changes, e.g. "5 allow → license_required".
func transitions(s *Summary) string {
	parts := make([]string, len(s.Transitions))
	for i, t := range s.Transitions {
		parts[i] = fmt.Sprintf("%d %s → %s", t.Count, t.Before, t.After)
	}
	return strings.Join(parts, ", ")
}

// headline is the one-line summary of a comparison.
func headline(c *Comparison) string {
	s := &c.Summary
	var b strings.Builder
	if s.DecisionChanges == 0 && s.DetailChanges == 0 {
		fmt.Fprintf(&b, "no line of %d changes decision, ECCN, review policy, exception or reasons", s.Lines)
	} else {
		fmt.Fprintf(&b, "%d of %d lines change decision", s.DecisionChanges, s.Lines)
		if s.DecisionChanges > 0 {
			fmt.Fprintf(&b, " (%s)", transitions(s))
		}
		fmt.Fprintf(&b, "; %d more change ECCN, review policy, exception or reasons", s.DetailChanges)
		if c.DecisionsOnly && s.DetailChanges > 0 {
			b.WriteString(" (not shown)")
		}
	}
	if s.Errors > 0 {
		fmt.Fprintf(&b, "; %d could not be judged", s.Errors)
	}
	return b.String()
}

// unjudgedNote says what the list of lines that could not be judged holds.
func unjudgedNote(c *Comparison) string {
	if n := len(c.Unjudged); n < c.Summary.Errors {
		return fmt.Sprintf("the first %d listed; every one is on standard error", n)
	}
	return "their decisions are not compared"
}

// unjudgedSide is the side of an unjudged line in words.
func unjudgedSide(side string) string {
	switch side {
	case "before":
		return "before only"
	case "after":
		return "after only"
	}
	return "both sides"
}

// lineOf is file:line of a result's order.
func lineOf(r *checker.Result) string { return fmt.Sprintf("%s:%d", r.Order.File, r.Order.Line) }

// change describes a change's decision: "allow → license_required", or the
// held decision and what changed.
func (c *Change) change() string {
	if c.Kind == DecisionChanged {
		return c.Before.Decision.String() + " → " + c.After.Decision.String()
	}
	return c.After.Decision.String() + " (held; " + c.fieldsText() + " changed)"
}

// fieldWords are Change.Fields as a person reads them.
var fieldWords = map[string]string{"eccn": "ECCN", "review_policy": "review policy"}

// fieldsText is what changed on a line, in words: "ECCN, review policy,
// reasons".
func (c *Change) fieldsText() string {
	ws := make([]string, len(c.Fields))
	for i, f := range c.Fields {
		ws[i] = cmp.Or(fieldWords[f], f)
	}
	return strings.Join(ws, ", ")
}
