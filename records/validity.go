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

// notice is something in a licence record to check, noted as it is read,
// for [Set.Warnings]: a VEU without a listing (unlisted), else a BIS
// licence's dates. pos is the line to check: the record's for a VEU, its
// expires for a licence.
type notice struct {
	what            string
	unlisted        bool
	unvalued        bool // a NAC notification without value_usd
	issued, expires string
	pos             Pos
}

// noteNotices notes, for [Set.Warnings], a VEU that gives no
// federal_register, and a valid BIS licence's dates: not those of one
// whose extended says its expires was checked against the licence.
func (l *loader) noteNotices(d *decoder, r *Licence, what string, fs fieldSet) {
	switch {
	case r.Kind == KindVEU && !fs.seen.has("federal_register"):
		l.set.notices = append(l.set.notices, notice{what: what, unlisted: true, pos: r.Pos})
	case r.Kind == KindLicense && !fs.seen.has("extended") && fs.seen.good("issued") && fs.seen.good("expires") && r.Expires >= r.Issued:
		l.set.notices = append(l.set.notices, notice{what: what, issued: r.Issued, expires: r.Expires, pos: Pos{File: d.file, Line: fs.seen.at("expires")}})
	}
}

// noteUnvalued notes, for [Set.Warnings], a NAC notification that gives
// no value_usd.
func (l *loader) noteUnvalued(r *Notification, what string, fs fieldSet) {
	if r.Exception == ExceptionNAC && fs.seen.good("exception") && !fs.seen.has("value_usd") {
		l.set.notices = append(l.set.notices, notice{what: what, unvalued: true, pos: r.Pos})
	}
}

// Warnings are what the licence and notification records hold that a
// person should check, by file and line, in the order read:
//
//   - each VEU (kind veu) that gives no federal_register, at its first
//     line: the policy lets a VEU cover a line only with the Federal
//     Register citation of its listing in Supplement No. 7 to part 748
//     (15 CFR 748.15(a)), so until then each line it would cover stays
//     license_required;
//   - each BIS licence (kind license) valid for longer from its issue to
//     its expiry than v, the data's licence_validity (a zero one checks
//     none), unless its extended records that BIS extended it or issued
//     it for longer. BIS may do either (15 CFR 750.7(g)), so it is no
//     error; but a year mistyped ("expires: 2062-01-12" for 2026-01-12)
//     would have the licence cover shipments for decades, unseen;
//   - each NAC notification that gives no value_usd, at its first line:
//     shipments under it may not exceed the dollar value it states (15
//     CFR 740.8(a)(2)(ii)), so the policy lets it cover no line until it
//     gives one.
func (s *Set) Warnings(v checker.LicenceValidity) []Warning {
	if s == nil {
		return nil
	}
	var ws []Warning
	for _, n := range s.notices {
		if n.unlisted {
			ws = append(ws, Warning{File: n.pos.File, Line: n.pos.Line, Msg: fmt.Sprintf(
				"%s: a VEU without federal_register: it will not cover any line until it gives the Federal Register citation of its listing in Supplement No. 7 to part 748 (15 CFR 748.15(a)), e.g. federal_register: 89 FR 12345",
				n.what)})
			continue
		}
		if n.unvalued {
			ws = append(ws, Warning{File: n.pos.File, Line: n.pos.Line, Msg: fmt.Sprintf(
				"%s: a NAC notification without value_usd: it will not cover any line until it gives the total dollar value stated on the notification, which shipments under it may not exceed (15 CFR 740.8(a)(2)(ii)), e.g. value_usd: 250000",
				n.what)})
			continue
		}
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
