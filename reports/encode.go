package reports

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/exportcheck/exportcheck/checker"
)

// plain marks the ASCII bytes a JSON string holds as they are.
var plain = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '#'
	}
	return t
}()

// appendString appends s as a JSON string, every character that some
// reader takes for a line break escaped (U+2028, U+2029 as encoding/json
// escapes them, and NEL, U+0085), so that a JSON Lines record stays one
// line for any reader; and the first '#' of "##[" as \u0023, so that
// JSON printed in a CI log starts no workflow command there (GitHub's
// runner reads "##[name]" anywhere in a line, LogText).
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) && !special(load8(s[i:i+8])) {
			i += 8 // eight bytes held as they are
			continue
		}
		c := s[i]
		if c < utf8.RuneSelf && plain[c] {
			i++
			continue
		}
		if c == '#' {
			if !strings.HasPrefix(s[i:], "##[") {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			b = append(b, `\u0023`...)
			i++
			start = i
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, s[start:i]...)
				b = append(b, `\ufffd`...)
				i += size
				start = i
				continue
			}
			if r == '\u2028' || r == '\u2029' {
				b = append(b, s[start:i]...)
				b = append(b, `\u202`...)
				b = append(b, "89"[r-'\u2028'])
				i += size
				start = i
				continue
			}
			if r == '\u0085' {
				// NEL, a line break to readers that split at every
				// Unicode one (Python's str.splitlines): a JSON Lines
				// record would be cut in two.
				b = append(b, s[start:i]...)
				b = append(b, `\u0085`...)
				i += size
				start = i
				continue
			}
			i += size
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, `\"`...)
		case '\\':
			b = append(b, `\\`...)
		case '\n':
			b = append(b, `\n`...)
		case '\r':
			b = append(b, `\r`...)
		case '\t':
			b = append(b, `\t`...)
		default:
			b = append(b, `\u00`...)
			b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// load8 reads the first eight bytes of s as a little-endian word (one load:
// a single bounds check, which a slice of eight lets the compiler drop).
func load8(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// special reports whether a word of eight bytes holds one a JSON string
// cannot hold as it is, or that needs a closer look: a control byte, '"',
// '\\', '#' (of "##[", appendString), or a byte of a multi-byte UTF-8
// sequence.
func special(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	below := (w - 0x20*ones) & ^w & highs // a byte < 0x20
	q := w ^ '"'*ones
	bs := w ^ '\\'*ones
	h := w ^ '#'*ones
	return (below | (q-ones)&^q&highs | (bs-ones)&^bs&highs | (h-ones)&^h&highs | w&highs) != 0
}

// appendField appends ,"k":"v"; k is a name written in the code, which
// needs no escaping.
func appendField(b []byte, k, v string) []byte {
	b = append(b, ',')
	b = appendName(b, k)
	return appendString(b, v)
}

// appendIntField appends ,"k":n.
func appendIntField(b []byte, k string, n int64) []byte {
	b = append(b, ',')
	b = appendName(b, k)
	return strconv.AppendInt(b, n, 10)
}

// appendStrings appends a JSON array of strings.
func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

// appendName appends "k":; k is a name written in the code, which needs no
// escaping.
func appendName(b []byte, k string) []byte {
	b = append(b, '"')
	b = append(b, k...)
	return append(b, '"', ':')
}

// appendKey appends "k":, escaping k.
func appendKey(b []byte, k string) []byte {
	b = appendString(b, k)
	return append(b, ':')
}

// AppendResult appends the JSON object of one result (no newline). The
// shape is the json format's results[] element and the jsonl line.
func AppendResult(b []byte, r *checker.Result) []byte {
	return (*Encoder)(nil).AppendResult(b, r)
}

// Encoder appends results as AppendResult does, keeping the encoded
// reasons of the slices lines share — a decision's reasons are one slice
// for every line it is kept for — to copy instead of encoding them again
// (the reasons are most of a line's bytes). A nil Encoder keeps nothing.
// Not for concurrent use.
type Encoder struct {
	reasons map[reasonsKey]encodedReasons
	bytes   int // held in reasons
}

// reasonsKey identifies a reasons slice by its first element and length.
type reasonsKey struct {
	p *checker.Reason
	n int
}

// encodedReasons is a slice's JSON; rs keeps the slice (and so its
// address) alive while its encoding is kept.
type encodedReasons struct {
	rs []checker.Reason
	b  []byte
}

// encoderBytes bounds what an Encoder keeps.
const encoderBytes = 8 << 20

// appendReasons appends a reasons array.
func (e *Encoder) appendReasons(b []byte, rs []checker.Reason) []byte {
	if e == nil || len(rs) == 0 {
		return appendReasons(b, rs)
	}
	k := reasonsKey{&rs[0], len(rs)}
	if x, ok := e.reasons[k]; ok {
		return append(b, x.b...)
	}
	start := len(b)
	b = appendReasons(b, rs)
	if e.bytes < encoderBytes {
		if e.reasons == nil {
			e.reasons = map[reasonsKey]encodedReasons{}
		}
		enc := slices.Clone(b[start:])
		e.reasons[k] = encodedReasons{rs, enc}
		e.bytes += len(enc)
	}
	return b
}

// appendReasons appends a reasons array, encoding each reason.
func appendReasons(b []byte, rs []checker.Reason) []byte {
	b = append(b, '[')
	for i, x := range rs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		b = appendName(b, "rule")
		b = appendString(b, x.Rule)
		b = appendField(b, "citation", x.Citation)
		b = appendField(b, "message", x.Message)
		if x.Classification {
			// The policy's mark, as the ledger's reasons keep it (false
			// left out).
			b = append(b, `,"classification":true`...)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// AppendResult appends r as a JSON object (see the package function).
func (e *Encoder) AppendResult(b []byte, r *checker.Result) []byte {
	o := &r.Order
	b = append(b, '{')
	b = appendName(b, "id")
	b = appendString(b, o.ID)
	b = appendField(b, "file", o.File)
	b = appendIntField(b, "line", int64(o.Line))
	b = appendField(b, "product", firstNonEmpty(r.ProductID, o.Product))
	b = appendField(b, "quantity", o.Quantity)
	b = appendField(b, "destination", o.Destination)
	b = appendField(b, "end_user", o.EndUser)
	b = appendField(b, "end_user_hq", o.EndUserHQ)
	b = appendField(b, "date", firstNonEmpty(r.Date, o.Date))
	if o.EndUse != "" {
		b = appendField(b, "end_use", o.EndUse)
	}
	if o.ShipFrom != "" {
		b = appendField(b, "ship_from", o.ShipFrom)
	}
	if o.EndUserParent != "" {
		b = appendField(b, "end_user_parent", o.EndUserParent)
	}
	if o.Consignee != "" {
		b = appendField(b, "consignee", o.Consignee)
	}
	b = appendField(b, "decision", DecisionText(r))
	if r.Err != nil {
		b = appendField(b, "error", r.Err.Error())
	}
	b = appendField(b, "eccn", r.ECCN)
	b = appendField(b, "regime", r.Regime)
	b = appendField(b, "review_policy", r.ReviewPolicy)
	b = appendField(b, "exception", r.Exception)
	b = append(b, ',')
	b = appendName(b, "reasons")
	b = e.appendReasons(b, r.Reasons)
	if r.Headline != 0 {
		// 1 + the index in reasons of the reason that decided the line,
		// as ledger rows give it (ledger.Row.Map); absent when not marked.
		b = appendIntField(b, "headline", int64(r.Headline))
	}
	if len(r.Screening) > 0 {
		b = append(b, ',')
		b = appendName(b, "screening")
		b = append(b, '[')
		for i, s := range r.Screening {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			b = appendName(b, "list")
			b = appendString(b, s.List)
			b = appendField(b, "entry_id", s.EntryID)
			b = appendField(b, "name", s.Name)
			b = appendField(b, "matched_name", s.MatchedName)
			if s.Contained != "" {
				b = appendField(b, "contained", s.Contained)
			}
			if s.Owner != "" {
				b = appendField(b, "owner", s.Owner)
			}
			b = append(b, ',')
			b = appendName(b, "score")
			b = strconv.AppendFloat(b, s.Score, 'f', 4, 64)
			if c := s.Clearance; c != nil {
				b = append(b, ',')
				b = appendName(b, "clearance")
				b = append(b, '{')
				b = appendName(b, "outcome")
				b = appendString(b, c.Outcome)
				b = appendField(b, "by", c.By)
				b = appendField(b, "at", c.At)
				b = appendField(b, "expires", c.Expires)
				if c.Recorded != "" {
					b = appendField(b, "recorded", c.Recorded)
				}
				b = appendField(b, "reason", c.Reason)
				b = appendField(b, "file", c.File)
				b = appendIntField(b, "line", int64(c.Line))
				b = append(b, '}')
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if a := r.Authorization; a != nil {
		b = append(b, ',')
		b = appendName(b, "authorization")
		b = append(b, '{')
		b = appendName(b, "kind")
		b = appendString(b, a.Kind)
		b = appendField(b, "number", a.Number)
		if a.Limit != "" {
			b = appendField(b, "limit", a.Limit)
		}
		b = appendIntField(b, "drawn", a.Drawn)
		b = append(b, ',')
		b = appendName(b, "remaining_after")
		if a.RemainingAfter != nil {
			b = strconv.AppendFloat(b, *a.RemainingAfter, 'f', -1, 64)
		} else {
			b = append(b, "null"...)
		}
		if a.Expires != "" {
			b = appendField(b, "expires", a.Expires)
		}
		b = appendField(b, "file", a.File)
		b = appendIntField(b, "line", int64(a.Line))
		b = append(b, '}')
	}
	if len(o.Extra) > 0 {
		b = append(b, ',')
		b = appendName(b, "extra")
		b = append(b, '{')
		for i, f := range o.Extra {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendKey(b, f.Name)
			b = appendString(b, f.Value)
		}
		b = append(b, '}')
	}
	return append(b, '}')
}
