package reports

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Visible returns s with the characters that would act on a terminal or
// hide text written as escapes a person can read: C0 and C1 control
// characters (ESC, CR, backspace, tab, newline, DEL, CSI, …) as \x1b, \r,
// \n, \t, \x7f, \u009b; the bidirectional overrides and isolates that
// reorder what is shown (U+202A–U+202E, U+2066–U+2069, "Trojan Source") as
// \u202e; bytes that are not UTF-8 as \xff. Anything else is kept as it is,
// backslashes included. Text from an order book is untrusted: ids, names
// and file names go through Visible before they reach a terminal.
func Visible(s string) string { return visible(s, false) }

// visible is Visible, keeping newlines and carriage returns when keepLines
// (a caller that encodes them its own way).
func visible(s string, keepLines bool) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if hidden(r, n) && !(keepLines && (r == '\n' || r == '\r')) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case !hidden(r, n) || keepLines && (r == '\n' || r == '\r'):
			b.WriteString(s[i : i+n])
		case r == utf8.RuneError:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80:
			b.WriteString(`\x`)
			b.WriteString(hex2(byte(r)))
		default:
			q := strconv.FormatInt(int64(r), 16)
			b.WriteString(`\u`)
			b.WriteString(strings.Repeat("0", 4-len(q)))
			b.WriteString(q)
		}
		i += n
	}
	return b.String()
}

// hidden reports whether the rune r, n bytes long, is escaped by Visible.
func hidden(r rune, n int) bool {
	switch {
	case r == utf8.RuneError && n == 1:
		return true
	case unicode.IsControl(r): // C0, DEL, C1
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// JSONLog wraps w, which is written a JSON text, to write the first '#'
// of every "##[" as \u0023, as the json format's strings are written: JSON
// printed in a CI log starts no workflow command ([LogText]), and reads
// back the same. It is for JSON only ('#' is in a string there, where
// \u0023 is the same character); a '#' that ends a write is held until
// the next, which a JSON text, ending in a bracket, brace or newline,
// always brings.
func JSONLog(w io.Writer) io.Writer { return &jsonLog{w: w} }

type jsonLog struct {
	w    io.Writer
	held int // '#' held from the end of the last write (0 to 2)
	buf  []byte
}

func (j *jsonLog) Write(p []byte) (int, error) {
	if j.held == 0 && !bytes.Contains(p, []byte("#")) {
		_, err := j.w.Write(p)
		return len(p), err
	}
	b := append(j.buf[:0], "##"[:j.held]...)
	b = append(b, p...)
	hold := 0
	for hold < 2 && hold < len(b) && b[len(b)-1-hold] == '#' {
		hold++
	}
	out := make([]byte, 0, len(b)+8)
	body := b[:len(b)-hold]
	for {
		i := bytes.Index(body, []byte("##["))
		if i < 0 {
			break
		}
		out = append(out, body[:i]...)
		out = append(out, `\u0023`...)
		body = body[i+1:]
	}
	out = append(out, body...)
	j.buf, j.held = b, hold
	if _, err := j.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
