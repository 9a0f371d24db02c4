package records

import (
	"fmt"
	"strings"

	"github.com/exportcheck/exportcheck/checker"
)

// numberKey is the form licence numbers and BIS references are compared
// in ([checker.NumberKey]): letters and digits, in upper case.
// "D1234567", "d1234567 " and "D-1234567" are one licence, and two records
// of it would allow its quantity twice.
func numberKey(s string) string { return checker.NumberKey(s) }

// used is where a licence number or BIS reference was first given, and
// how it was written there.
type used struct {
	Pos
	number string
}

// as says how the number was written first when number writes it
// otherwise, for "already used at" errors.
func (u used) as(number string) string {
	if u.number == number {
		return ""
	}
	return fmt.Sprintf(" as %q (numbers are compared by their letters and digits, in any case)", u.number)
}

// sameNumber finds the record an assignment names when the set writes its
// number otherwise (in another case, with spaces or dashes): its number as the
// set writes it and where it is.
func (s *Set) sameNumber(a *Assignment) (string, Pos, bool) {
	if a.Licence != "" {
		for _, l := range s.Licences {
			if numberKey(l.Number) == numberKey(a.Licence) {
				return l.Number, l.Pos, true
			}
		}
		return "", Pos{}, false
	}
	for _, n := range s.Notifications {
		if numberKey(n.BISReference) == numberKey(a.Notification) {
			return n.BISReference, n.Pos, true
		}
	}
	return "", Pos{}, false
}

// notHeld says why the set holds no record an assignment names, for
// Load: a number written otherwise than the record's is written as
// there, so that the assignment and the record read alike.
func (s *Set) notHeld(a *Assignment) string {
	msg := fmt.Sprintf("assignment of %q: the records hold no %s", a.EndUser, strings.Replace(a.record(), ":", " ", 1))
	if number, p, ok := s.sameNumber(a); ok {
		msg += fmt.Sprintf(" (%s:%d writes it %s: write the number as there)", p.File, p.Line, number)
	}
	return msg
}

// renumber writes the number an assignment names as the set writes it,
// when the set holds the record under a number written otherwise (in
// another case, or with spaces): an assignment kept in the ledger, which
// cannot be edited, names the record it was made for.
func (s *Set) renumber(a *Assignment) {
	if s.holds(a) {
		return
	}
	if number, _, ok := s.sameNumber(a); ok && a.Licence != "" {
		a.Licence = number
	} else if ok {
		a.Notification = number
	}
}
