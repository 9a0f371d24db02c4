package checker

import (
	"slices"
	"strings"
	"unicode"
)

// ColumnKey normalises a column name as the order readers match it:
// format characters (Cf) dropped, lower case, runs of spaces, hyphens and
// underscores as one underscore ("Unit Value", "unit-value" and
// "unit_value" are one column). Columns the checker reads beyond an
// order's own fields (unit_value, the documents the policy names) are
// found by it too.
func ColumnKey(s string) string {
	if plainKey(s) {
		return s
	}
	return normaliseKey(s)
}

func normaliseKey(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '-' || r == '_' }), "_")
}

// plainKey reports whether s is its own normalised form: lower-case
// letters and digits in words joined by single underscores (most keys of
// a JSON book).
func plainKey(s string) bool {
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '_' && s[i-1] != '_':
		default:
			return false
		}
	}
	return true
}

// UnitValueColumn is the column a line's value in US dollars is read from
// (its unit price), for a record's value limit.
const UnitValueColumn = "unit_value"

// FactColumns are the columns beyond an order's fields that this checker
// reads, by ColumnKey: the documents its policy names and unit_value,
// when it has records that read them; none without records. The order
// readers check a workbook's formulas in them as in an order's field.
func (c *Checker) FactColumns() []string {
	if c.auth == nil {
		return nil
	}
	return append(slices.Clone(c.auth.documents), UnitValueColumn)
}
