package ledger

import (
	"strconv"
	"unicode/utf8"
)

// The canonical form the chain hashes, and the form of the inputs column:
// a JSON array of strings and integers, written without spaces, strings
// escaped minimally (", \ and control characters; invalid UTF-8 as
// U+FFFD). It is written by hand because it is written for every line of
// every committed book, and must never change: docs/ledger.md describes it
// for anyone who verifies a ledger with other tools.

// canon appends JSON values to a buffer.
type canon []byte

func (c canon) str(s string) canon {
	b := append([]byte(c), '"')
	start := 0 // s[start:i] needs no escaping
	for i := 0; i < len(s); {
		ch := s[i]
		if plain[ch] {
			i++
			continue
		}
		if ch >= utf8.RuneSelf {
			if r, size := utf8.DecodeRuneInString(s[i:]); r != utf8.RuneError || size > 1 {
				i += size
				continue
			}
		}
		b = append(b, s[start:i]...)
		switch {
		case ch == '"' || ch == '\\':
			b = append(b, '\\', ch)
		case ch < 0x20:
			b = append(b, `\u00`...)
			b = append(b, "0123456789abcdef"[ch>>4], "0123456789abcdef"[ch&0xf])
		default:
			b = append(b, `\ufffd`...)
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// plain are the bytes written as they are: printable ASCII but " and \.
var plain = func() (t [256]bool) {
	for ch := 0x20; ch < utf8.RuneSelf; ch++ {
		t[ch] = ch != '"' && ch != '\\'
	}
	return t
}()

func (c canon) int(n int64) canon { return strconv.AppendInt([]byte(c), n, 10) }

// strs is a JSON array of strings.
func strs(ss ...string) string {
	c := canon("[")
	for i, s := range ss {
		if i > 0 {
			c = append(c, ',')
		}
		c = c.str(s)
	}
	return string(append(c, ']'))
}
