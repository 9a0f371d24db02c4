// Package yamlerr places yaml.v3's syntax errors on the line a person
// looks at. The parser reports some errors by the 0-based line where the
// construct left open starts, some at the end of the stream, one past the
// last line, and some (a control character, an alias of no anchor) with
// no line at all; every YAML file exportcheck reads (records, ownership
// registers, the configuration, order books, tokens) says them the same.
package yamlerr

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// lineRE finds the line in a YAML parser error.
var lineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// unknownAnchorRE is yaml.v3's error for an alias (*name) of no anchor,
// which says no line.
var unknownAnchorRE = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)

// Locate is the line (1-based; 0 when it cannot be told) of a YAML syntax
// error in src, and the parser's message without its "yaml: line N: ".
func Locate(err error, src []byte) (int, string) {
	line, msg := 0, err.Error()
	m := lineRE.FindStringSubmatch(msg)
	if m == nil {
		return 0, msg
	}
	line, _ = strconv.Atoi(m[1])
	msg = m[2]
	switch {
	case line > 0 && strings.HasPrefix(msg, "did not find expected ',' or ") && unclosedFlow(src) == 1:
		// The unclosed construct starts on the first line, whose
		// 0-based number 0 yaml.v3 takes for no line: it reports where
		// it gave up instead.
		line = 1
	case line > 0 && strings.HasPrefix(msg, "did not find expected"):
		// Reported by the 0-based line where the unclosed construct
		// starts: say its line.
		line++
	}
	if last := lastLine(src); line > last {
		// Found at the end of the stream (a construct left open on the
		// last line): say the last line.
		line = last
	}
	if line == 0 {
		// yaml.v3 says which character it refused but not where: find
		// it.
		if strings.Contains(msg, "UTF-8") {
			// Nor where a byte is not UTF-8.
			line = invalidUTF8At(src)
		} else if at, r, ok := controlAt(src); ok {
			line, msg = at, fmt.Sprintf("%s (U+%04X)", msg, r)
		} else if m := unknownAnchorRE.FindStringSubmatch(msg); m != nil {
			line = aliasAt(src, m[1])
		}
	}
	return line, msg
}

// unclosedFlow is the line of the first flow sequence or mapping ([ or
// {) in b that is never closed, brackets in quotes and comments aside;
// 0 for none.
func unclosedFlow(b []byte) int {
	var open []int // the line of each bracket open
	for n, line := range bytes.Split(b, []byte("\n")) {
		quote := byte(0)
	scan:
		for i := 0; i < len(line); i++ {
			c := line[i]
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				} else if c == '\\' && quote == '"' {
					i++
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
				break scan
			case c == '[' || c == '{':
				open = append(open, n+1)
			case (c == ']' || c == '}') && len(open) > 0:
				open = open[:len(open)-1]
			}
		}
	}
	if len(open) == 0 {
		return 0
	}
	return open[0]
}

// lastLine is the number of the last line of b that holds anything.
func lastLine(b []byte) int {
	b = bytes.TrimRight(b, " \t\r\n")
	return bytes.Count(b, []byte("\n")) + 1
}

// aliasAt is the line of the first alias *name in b, or 0.
func aliasAt(b []byte, name string) int {
	re := regexp.MustCompile(`\*` + regexp.QuoteMeta(name) + `([\s,\]}]|$)`)
	for i, line := range bytes.Split(b, []byte("\n")) {
		if re.Match(line) {
			return i + 1
		}
	}
	return 0
}

// invalidUTF8At is the line of the first byte in b that is not UTF-8, or 0.
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return bytes.Count(b[:i], []byte("\n")) + 1
		}
		i += size
	}
	return 0
}

// controlAt finds the first character in b that YAML does not allow in
// a file, a control character other than a tab or a line break, and its
// line.
func controlAt(b []byte) (int, rune, bool) {
	line := 1
	for _, r := range string(b) {
		switch {
		case r == '\n':
			line++
		case r != '\t' && r != '\r' && r != 0x85 && unicode.Is(unicode.Cc, r):
			return line, r, true
		}
	}
	return 0, 0, false
}
