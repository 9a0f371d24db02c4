package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/exportcheck/exportcheck/records"
	"github.com/exportcheck/exportcheck/reports"
)

// printError writes err to w (standard error) after prefix ("exportcheck:
// ", or "" for an error that names its own place), one line for each of
// its lines (errLines), each as reports.LogText writes it: a line break,
// carriage return or terminal escape in a file name or a cell shows as
// \n, \r, \x1b and forges no line of a CI log ("::error::…", "0 lines
// failed"), "##[" starts no workflow command, and a line of its own that
// begins with "::" is written "./::…" (reports.LogLead).
func printError(w io.Writer, prefix string, err error) {
	var b strings.Builder
	for i, l := range errLines(err) {
		l = reports.LogText(l)
		if i == 0 {
			l = prefix + l
		}
		b.WriteString(reports.LogLead(l))
		b.WriteByte('\n')
	}
	io.WriteString(w, b.String())
}

// errLines are the lines of err's message. Only the line breaks of its
// shape are lines: those between the errors of errors.Join or of
// records.Errors, and one that the text of an error wrapping another puts
// right before or after the wrapped error's ("%w:\n%w", "%w\n%s problems").
// Any other line break is text, in a file name or a cell from the input,
// and stays in its line (LogText writes it \n).
func errLines(err error) []string {
	msg := err.Error()
	if !strings.Contains(msg, "\n") {
		return []string{msg}
	}
	var kids []error
	switch e := err.(type) {
	case records.Errors:
		for _, k := range e {
			kids = append(kids, k)
		}
	case interface{ Unwrap() []error }:
		kids = e.Unwrap()
	case interface{ Unwrap() error }:
		if k := e.Unwrap(); k != nil {
			kids = []error{k}
		}
	}
	var lines []string
	cur, afterKid := "", false
	rest := msg
	for _, k := range kids {
		if k == nil {
			continue
		}
		kt := k.Error()
		i := strings.Index(rest, kt)
		if kt == "" || i < 0 {
			continue
		}
		own := rest[:i]
		if afterKid && strings.HasPrefix(own, "\n") {
			lines, cur, own = append(lines, cur), "", own[1:]
		}
		cur += strings.TrimSuffix(own, "\n")
		if own != "" && strings.HasSuffix(own, "\n") {
			lines, cur = append(lines, cur), ""
		}
		for j, l := range errLines(k) {
			if j > 0 {
				lines, cur = append(lines, cur), ""
			}
			cur += l
		}
		rest, afterKid = rest[i+len(kt):], true
	}
	if afterKid && strings.HasPrefix(rest, "\n") {
		lines, cur, rest = append(lines, cur), "", rest[1:]
	}
	return append(lines, cur+rest)
}

// warn writes "exportcheck: warning: W" to w for each warning, as
// printError writes an error's line.
func warn(w io.Writer, warnings ...string) {
	for _, s := range warnings {
		fmt.Fprintf(w, "exportcheck: warning: %s\n", reports.LogText(s))
	}
}
