package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/records"
	"github.com/exportcheck/exportcheck/reports"
)

// printError writes err to w (standard error) after prefix ("exportcheck:
// ", or "" for an error that names its own place), one line for each of
// its lines (errLines), each as reports.LogText writes it: a line break,
// carriage return or terminal escape in a file name or a cell shows as
// \n, \r, \x1b and forges no line of a CI log ("::error::…", "0 lines
// failed"), and "##[" starts no workflow command. A line of its own that
// begins with "::" is written "./::…" where that is the name of a file
// the error is about (a records or order-book problem: reports.LogFileLead,
// the same file), and "\x3a:…" where it is any other text (an order id,
// a message: reports.LogLead).
func printError(w io.Writer, prefix string, err error) {
	files := errFiles(err)
	var b strings.Builder
	for i, l := range errLines(err) {
		l = reports.LogText(l)
		if i == 0 {
			l = prefix + l
		}
		b.WriteString(logLead(l, files))
		b.WriteByte('\n')
	}
	io.WriteString(w, b.String())
}

// logLead is the line l, as LogText wrote it, for the start of a line:
// reports.LogFileLead where it begins with one of files (the names of
// the files an error is about), else reports.LogLead.
func logLead(l string, files []string) string {
	for _, f := range files {
		if f != "" && strings.HasPrefix(l, reports.LogText(f)) {
			return reports.LogFileLead(l)
		}
	}
	return reports.LogLead(l)
}

// lineError is a bad line's error for a line of standard error: text
// from the book, at the start of a line that CI reads, named
// (reports.ErrorText) and escaped as printError writes an error's line,
// so that it is no workflow command, also where the error is not the
// line's own (whose place reports.Source names).
func lineError(r *checker.Result) string {
	return logLead(reports.LogText(reports.ErrorText(r)), errFiles(r.Err))
}

// errFiles are the names of the files that err, and the errors it
// wraps, are about and begin their messages with: a records problem's,
// a bad order line's, a data file's, a ledger conflict's line.
func errFiles(err error) []string {
	var files []string
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
			return
		case *records.Error:
			files = append(files, e.File)
		case *checker.InputError:
			files = append(files, e.File)
		case *checker.DataError:
			files = append(files, e.File)
		case ledger.Conflict:
			files = append(files, e.File)
		case *ledger.Conflict:
			files = append(files, e.File)
		}
		switch e := err.(type) {
		case records.Errors:
			for _, k := range e {
				walk(k)
			}
		case interface{ Unwrap() []error }:
			for _, k := range e.Unwrap() {
				walk(k)
			}
		case interface{ Unwrap() error }:
			walk(e.Unwrap())
		}
	}
	walk(err)
	return files
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

// logLines wraps w for slog's text handler, which writes each record
// whole in one Write: each line is written as printError writes an
// error's line. The handler quotes a value with a control character in
// it, not one with "##[" in it (a request's path, a record's name, an
// error), which LogText writes #\x23[.
type logLines struct{ w io.Writer }

func (l logLines) Write(p []byte) (int, error) {
	var b strings.Builder
	for _, line := range strings.SplitAfter(string(p), "\n") {
		body, nl := strings.CutSuffix(line, "\n")
		b.WriteString(reports.LogLead(reports.LogText(body)))
		if nl {
			b.WriteByte('\n')
		}
	}
	if _, err := io.WriteString(l.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// outputLines is what a program wrote, as an error of one line for each
// of its lines (blank ones left out; "(none)" for none): printError writes each on a line
// of its own, as it writes any error's line, where the output as one
// error's text would be one line with every line break written \n.
func outputLines(out []byte) error {
	var errs []error
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l = strings.TrimRight(l, "\r"); strings.TrimSpace(l) != "" {
			errs = append(errs, errors.New(l))
		}
	}
	if len(errs) == 0 {
		return errors.New("(none)")
	}
	return errors.Join(errs...)
}

// stderrNet is the net under every other writer to standard error (run
// puts it there): whatever is written through it, no line it writes
// begins with "::" (after white space) and none holds "##[", the two
// ways GitHub's runner reads a line of a job's output as a workflow
// command. What printError, warn and LogText write never does, and goes
// through as it is; a line that was not written through them (a message
// added later, a library's) has the first colon of its leading "::"
// written \x3a (as reports.LogLead writes it) and the second '#' of
// "##[" written \x23 (as reports.LogText does). Only these are
// rewritten: a carriage return, which the progress bar draws with, goes
// through, and the runner, which reads one as a line break as it reads
// \n, finds no command after it either.
//
// A write that ends in what could begin one (a ':' at the start of a
// line, "#" or "##", part of a UTF-8 character at the start of a line)
// holds it back until the next write tells, or until Flush. It covers
// what is written through it only: Go's runtime writes a panic to file
// descriptor 2 itself, and a child process to the descriptor it is
// given.
type stderrNet struct {
	w    io.Writer
	mu   sync.Mutex
	mid  bool   // not at the start of a line (after \n or \r, and white space)
	held []byte // the end of the last write, not written yet
}

func newStderrNet(w io.Writer) *stderrNet { return &stderrNet{w: w} }

// file is the file under the net, for isTerminal and terminalWidth.
func (n *stderrNet) file() (*os.File, bool) {
	f, ok := n.w.(*os.File)
	return f, ok
}

func (n *stderrNet) Write(p []byte) (int, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	b := p
	if len(n.held) > 0 {
		b = append(n.held, p...)
		n.held = nil
	}
	out := make([]byte, 0, len(b)+8)
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '\n' || c == '\r':
			n.mid = false
		case c == '#':
			if rest := b[i:]; len(rest) < 3 && bytes.HasPrefix([]byte("##["), rest) {
				n.held = append(n.held, rest...)
				i = len(b)
				continue
			}
			if bytes.HasPrefix(b[i:], []byte("##[")) {
				out = append(out, `#\x23[`...)
				i += 3
				n.mid = true
				continue
			}
			n.mid = true
		case n.mid:
		case c == ':':
			if i+1 == len(b) {
				n.held = append(n.held, c)
				i++
				continue
			}
			if b[i+1] == ':' {
				out = append(out, `\x3a`...)
				i++
				n.mid = true
				continue
			}
			n.mid = true
		default:
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && !utf8.FullRune(b[i:]) {
				n.held = append(n.held, b[i:]...)
				i = len(b)
				continue
			}
			n.mid = !unicode.IsSpace(r)
			out = append(out, b[i:i+size]...)
			i += size
			continue
		}
		out = append(out, c)
		i++
	}
	if _, err := n.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes what the last write held back: the output ends there.
func (n *stderrNet) Flush() error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if len(n.held) == 0 {
		return nil
	}
	_, err := n.w.Write(n.held)
	n.held = nil
	return err
}
