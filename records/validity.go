package records

import (
	"fmt"
	"time"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/internal/prose"
)

// Warning is something in a record file that is not wrong but that a
// person should check, at a line (0 when it is the file as a whole).
type Warning struct {
	File string
	Line int
	Msg  string
}

func (w Warning) String() string { return (&Error{File: w.File, Line: w.Line, Msg: w.Msg}).Error() }

// notice is a BIS licence's dates, noted as it is read, for
// [Set.Warnings]: pos is its expires. Why a record covers no line (a VEU
// without its listing, a NAC notification without value_usd) is the
// policy's to say (checker.Checker.Amendments), not noted here.
type notice struct {
	what            string
	issued, expires string
	pos             Pos
}

// noteNotices notes, for [Set.Warnings], a valid BIS licence's dates: not
// those of one whose extended says its expires was checked against the
// licence.
func (l *loader) noteNotices(d *decoder, r *Licence, what string, fs fieldSet) {
	if r.Kind == KindLicense && !fs.seen.has("extended") && fs.seen.good("issued") && fs.seen.good("expires") && r.Expires >= r.Issued {
		l.set.notices = append(l.set.notices, notice{what: what, issued: r.Issued, expires: r.Expires, pos: Pos{File: d.file, Line: fs.seen.at("expires")}})
	}
}

// Warnings are the dates of the BIS licences (kind license) a person
// should check, by file and line, in the order read: each valid for longer
// from its issue to its expiry than v, the data's licence_validity (a zero
// one checks none), unless its extended records that BIS extended it or
// issued it for longer. BIS may do either (15 CFR 750.7(g)), so it is no
// error; but a year mistyped ("expires: 2062-01-12" for 2026-01-12) would
// have the licence cover shipments for decades, unseen.
//
// Records the policy says cover no line until amended (a VEU without
// federal_register, a NAC notification without value_usd) are warned of
// from the policy's word: checker.Checker.Amendments.
func (s *Set) Warnings(v checker.LicenceValidity) []Warning {
	if s == nil {
		return nil
	}
	var ws []Warning
	for _, n := range s.notices {
		if w, ok := longValidity(n, v); ok {
			ws = append(ws, w)
		}
	}
	return ws
}

// longValidity is the warning for a BIS licence valid for longer than v;
// false when it is not, or v is zero.
func longValidity(n notice, v checker.LicenceValidity) (Warning, bool) {
	if v.Years <= 0 {
		return Warning{}, false
	}
	issued, err1 := time.Parse(time.DateOnly, n.issued)
	expires, err2 := time.Parse(time.DateOnly, n.expires)
	if err1 != nil || err2 != nil || !expires.After(ClearanceLimit(issued, 12*v.Years)) {
		return Warning{}, false
	}
	years := v.Years
	for !ClearanceLimit(issued, 12*(years+1)).After(expires) {
		years++
	}
	valid := prose.Count(years, "year")
	if days := int(expires.Sub(ClearanceLimit(issued, 12*years)) / (24 * time.Hour)); days > 0 {
		valid += " and " + prose.Count(days, "day")
	}
	return Warning{File: n.pos.File, Line: n.pos.Line, Msg: fmt.Sprintf(
		"%s: valid %s (issued %s, expires %s), longer than the %s a BIS licence is valid for unless it says otherwise (%s): check expires against the licence (BIS may issue one for longer, or extend it: then say so in extended)",
		n.what, valid, n.issued, n.expires, prose.Count(v.Years, "year"), v.Citation)}, true
}
