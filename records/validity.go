package records

import (
	"fmt"
	"time"

	"github.com/exportcheck/exportcheck/checker"
)

// Warning is something in a record file that is not wrong but that a
// person should check, at a line (0 when it is the file as a whole).
type Warning struct {
	File string
	Line int
	Msg  string
}

func (w Warning) String() string { return (&Error{File: w.File, Line: w.Line, Msg: w.Msg}).Error() }

// term is a BIS licence's dates as read, for [Set.Warnings]; pos is the
// line of its expires.
type term struct {
	what, issued, expires string
	pos                   Pos
}

// noteTerm notes a valid BIS licence's dates, for [Set.Warnings]: not
// one whose extended says its expires was checked against the licence.
func (l *loader) noteTerm(d *decoder, r *Licence, what string, fs fieldSet) {
	if r.Kind == KindLicense && !fs.seen.has("extended") && fs.seen.good("issued") && fs.seen.good("expires") && r.Expires >= r.Issued {
		l.set.terms = append(l.set.terms, term{what, r.Issued, r.Expires, Pos{d.file, fs.seen.at("expires")}})
	}
}

// Warnings are what the records hold that a person should check, by file
// and line, in the order read: each BIS licence (kind license) valid for longer from its
// issue to its expiry than v, the data's licence_validity (a zero one
// checks none), unless its extended records that BIS extended it or
// issued it for longer. BIS may do either (15 CFR 750.7(g)), so it is no
// error; but a year mistyped ("expires: 2062-01-12" for 2026-01-12) would
// have the licence cover shipments for decades, unseen.
func (s *Set) Warnings(v checker.LicenceValidity) []Warning {
	if s == nil || v.Years <= 0 {
		return nil
	}
	var ws []Warning
	for _, t := range s.terms {
		issued, err1 := time.Parse(time.DateOnly, t.issued)
		expires, err2 := time.Parse(time.DateOnly, t.expires)
		if err1 != nil || err2 != nil || !expires.After(ClearanceLimit(issued, 12*v.Years)) {
			continue
		}
		years := v.Years
		for !ClearanceLimit(issued, 12*(years+1)).After(expires) {
			years++
		}
		valid := plural(years, "year")
		if days := int(expires.Sub(ClearanceLimit(issued, 12*years)) / (24 * time.Hour)); days > 0 {
			valid += " and " + plural(days, "day")
		}
		ws = append(ws, Warning{File: t.pos.File, Line: t.pos.Line, Msg: fmt.Sprintf(
			"%s: valid %s (issued %s, expires %s), longer than the %s a BIS licence is valid for unless it says otherwise (%s): check expires against the licence (BIS may issue one for longer, or extend it: then say so in extended)",
			t.what, valid, t.issued, t.expires, plural(v.Years, "year"), v.Citation)})
	}
	return ws
}

// plural is n and the word, in the plural unless n is 1.
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
