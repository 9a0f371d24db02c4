package reports

import (
	"strconv"
	"unicode/utf8"

	"github.com/exportcheck/exportcheck/checker"
)

// appendString appends s as a JSON string.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
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

func appendKey(b []byte, k string) []byte {
	b = appendString(b, k)
	return append(b, ':')
}

// AppendResult appends the JSON object of one result (no newline). The
// shape is the json format's results[] element and the jsonl line.
func AppendResult(b []byte, r *checker.Result) []byte {
	o := &r.Order
	b = append(b, '{')
	b = appendKey(b, "id")
	b = appendString(b, o.ID)
	b = append(b, ',')
	b = appendKey(b, "file")
	b = appendString(b, o.File)
	b = append(b, ',')
	b = appendKey(b, "line")
	b = strconv.AppendInt(b, int64(o.Line), 10)
	b = append(b, ',')
	b = appendKey(b, "product")
	if r.ProductID != "" {
		b = appendString(b, r.ProductID)
	} else {
		b = appendString(b, o.Product)
	}
	b = append(b, ',')
	b = appendKey(b, "quantity")
	b = appendString(b, o.Quantity)
	b = append(b, ',')
	b = appendKey(b, "destination")
	b = appendString(b, o.Destination)
	b = append(b, ',')
	b = appendKey(b, "end_user")
	b = appendString(b, o.EndUser)
	b = append(b, ',')
	b = appendKey(b, "end_user_hq")
	b = appendString(b, o.EndUserHQ)
	b = append(b, ',')
	b = appendKey(b, "date")
	if r.Date != "" {
		b = appendString(b, r.Date)
	} else {
		b = appendString(b, o.Date)
	}
	b = append(b, ',')
	b = appendKey(b, "decision")
	b = appendString(b, DecisionText(r))
	if r.Err != nil {
		b = append(b, ',')
		b = appendKey(b, "error")
		b = appendString(b, r.Err.Error())
	}
	b = append(b, ',')
	b = appendKey(b, "eccn")
	b = appendString(b, r.ECCN)
	b = append(b, ',')
	b = appendKey(b, "regime")
	b = appendString(b, r.Regime)
	b = append(b, ',')
	b = appendKey(b, "review_policy")
	b = appendString(b, r.ReviewPolicy)
	b = append(b, ',')
	b = appendKey(b, "exception")
	b = appendString(b, r.Exception)
	b = append(b, ',')
	b = appendKey(b, "reasons")
	b = append(b, '[')
	for i, x := range r.Reasons {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		b = appendKey(b, "rule")
		b = appendString(b, x.Rule)
		b = append(b, ',')
		b = appendKey(b, "citation")
		b = appendString(b, x.Citation)
		b = append(b, ',')
		b = appendKey(b, "message")
		b = appendString(b, x.Message)
		b = append(b, '}')
	}
	b = append(b, ']')
	if s := r.Screening; s != nil {
		b = append(b, ',')
		b = appendKey(b, "screening")
		b = append(b, '{')
		b = appendKey(b, "list")
		b = appendString(b, s.List)
		b = append(b, ',')
		b = appendKey(b, "entry_id")
		b = appendString(b, s.EntryID)
		b = append(b, ',')
		b = appendKey(b, "name")
		b = appendString(b, s.Name)
		b = append(b, ',')
		b = appendKey(b, "score")
		b = strconv.AppendFloat(b, s.Score, 'f', 4, 64)
		b = append(b, '}')
	}
	if len(o.Extra) > 0 {
		b = append(b, ',')
		b = appendKey(b, "extra")
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
