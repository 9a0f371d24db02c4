package records

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"

	"github.com/exportcheck/exportcheck/screening"
)

// Kind is the kind of a [Licence].
type Kind string

// Licence kinds.
const (
	KindLicense Kind = "license" // a BIS licence (application on form BIS-748P), 15 CFR 750
	KindVEU     Kind = "veu"     // a Validated End-User authorization, 15 CFR 748.15
)

// Status is whether a [Licence] is in force, as BIS last said.
type Status string

// Licence statuses.
const (
	StatusActive    Status = "active"
	StatusRevoked   Status = "revoked"
	StatusSuspended Status = "suspended"
)

// Outcome is what a reviewer decided about a screening hit.
type Outcome string

// Clearance outcomes.
const (
	// FalsePositive: the end user is not the listed party; the hit no
	// longer applies.
	FalsePositive Outcome = "false_positive"
	// TrueMatch: the end user is the listed party, whatever the score.
	TrueMatch Outcome = "true_match"
)

// Exception is the License Exception a [Notification] was filed for.
type Exception string

// License Exceptions of 15 CFR 740.8. NAC needs a notification to BIS
// 25 days before export (D:5, Macau); ACA, split from NAC on 2024-04-04
// (89 FR 23876), needs none: an ACA record is kept for the file, and
// what it counts for is the policy's call.
const (
	ExceptionNAC Exception = "NAC"
	ExceptionACA Exception = "ACA"
)

// NotificationStatus is where a [Notification] stands with BIS.
type NotificationStatus string

// Notification statuses. A NAC notification may be used only once BIS
// confirms it: STELA gives a NAC confirmation number on the 25th calendar
// day after registration, or says NAC cannot be used (15 CFR 740.8(c)(2)).
// Filed is a notification waiting for that answer.
const (
	NotificationFiled     NotificationStatus = "filed"
	NotificationConfirmed NotificationStatus = "confirmed"
	NotificationObjected  NotificationStatus = "objected"
)

// AssignmentStatus is whether an [Assignment] is in force.
type AssignmentStatus string

// Assignment statuses.
const (
	AssignmentAssigned  AssignmentStatus = "assigned"
	AssignmentWithdrawn AssignmentStatus = "withdrawn" // a later record of the same end user and record took it back
)

// Pos is where a record starts: its file and the line of its first field.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	// Row is the ledger row that keeps a record made at the review desk
	// (File then names the row, not a records file); 0 for a file's.
	Row int64 `json:"row,omitempty"`
}

// Items are what a licence or notification covers: product IDs (as in
// the product data, e.g. nvidia-h100-sxm5) and/or ECCNs (e.g. 3A090.a).
type Items struct {
	Products []string `json:"products,omitempty"`
	ECCNs    []string `json:"eccns,omitempty"`
}

// Licence is an authorization the company holds: a BIS licence or a
// Validated End-User (VEU) authorization. Dates are YYYY-MM-DD.
type Licence struct {
	Number string `json:"number"`
	Kind   Kind   `json:"kind"`
	Status Status `json:"status"`
	// StatusFrom is the day a revocation or suspension took effect: the
	// licence still covers what ships before it. "" for active, or for a
	// status whose day is not known (it then covers nothing).
	StatusFrom   string   `json:"status_from,omitempty"`
	Issued       string   `json:"issued"`
	Expires      string   `json:"expires,omitempty"`  // required for a licence; a VEU may have none
	Extended     string   `json:"extended,omitempty"` // a BIS licence's extension, as text: its expires was checked
	Items        Items    `json:"items"`
	Destinations []string `json:"destinations"` // ISO 3166-1 alpha-2 codes
	Consignee    string   `json:"consignee,omitempty"`
	// FederalRegister are, for a VEU, the Federal Register citations
	// ("89 FR 12345") under which BIS listed it and its eligible
	// destinations in Supplement No. 7 to part 748. A BIS licence has none.
	FederalRegister []string `json:"federal_register,omitempty"`
	// EndUsers are the end users (for a VEU, its eligible sites) as
	// written; EndUserKeys the same names in [screening.Normalize] form,
	// the form order end users are compared in.
	EndUsers    []string `json:"end_users"`
	EndUserKeys []string `json:"end_user_keys"`
	// QuantityLimits are units allowed per product ID or ECCN of Items;
	// ValueLimitUSD the value allowed in US dollars (0: none). A BIS
	// licence has at least one of them.
	QuantityLimits map[string]int64 `json:"quantity_limits,omitempty"`
	ValueLimitUSD  float64          `json:"value_limit_usd,omitempty"`
	// ValueDrawnBeforeUSD is the value, in US dollars, of the shipments
	// a ledger holds under the licence that drew units only (committed
	// before ValueLimitUSD was recorded): counted as drawn on the value
	// limit (0: not given).
	ValueDrawnBeforeUSD float64 `json:"value_drawn_before_usd,omitempty"`
	Conditions          string  `json:"conditions,omitempty"` // conditions and provisos, as text
	// Flags are machine-readable conditions the policy reads, e.g.
	// requires_end_use_certificate.
	Flags []string `json:"flags,omitempty"`
	Pos   Pos      `json:"pos"`
}

// NamesEndUser reports whether name is one of the licence's end users
// (sites), compared in [screening.Normalize] form.
func (l *Licence) NamesEndUser(name string) bool {
	return slices.Contains(l.EndUserKeys, screening.Normalize(name))
}

// Clearance is a screening hit adjudicated by a person: the end user,
// the list entry it resembled and a hash of that entry as it stood
// ([EntryHash]), the outcome, who decided, when and why, and until when.
type Clearance struct {
	EndUser    string  `json:"end_user"`
	EndUserKey string  `json:"end_user_key"` // [screening.Normalize] of EndUser
	Entry      string  `json:"entry"`        // the list entry's _id
	EntryName  string  `json:"entry_name,omitempty"`
	List       string  `json:"list,omitempty"` // the entry's list, e.g. EL, UVL
	EntryHash  string  `json:"entry_hash"`     // "sha256:" and 64 hex digits
	Outcome    Outcome `json:"outcome"`
	By         string  `json:"by"`
	At         string  `json:"at"`
	Reason     string  `json:"reason"`
	Expires    string  `json:"expires"` // at most [Options.ClearanceMaxMonths] after At
	// Recorded is the day the record was written (exportcheck clear and
	// the review desk set it from the clock), on or after At; "" when the
	// record does not say (one written by hand, or before 2026-12-07).
	// The policy reads it: a clearance recorded after a line shipped is
	// evidence of a later review, not of screening before the shipment.
	Recorded string `json:"recorded,omitempty"`
	Pos      Pos    `json:"pos"`
}

// Notification is a notification filed with BIS for License Exception NAC
// or ACA (15 CFR 740.8).
type Notification struct {
	BISReference string    `json:"bis_reference"`
	Exception    Exception `json:"exception"`
	FiledOn      string    `json:"filed_on"`
	Items        Items     `json:"items"`
	Destination  string    `json:"destination"`
	EndUser      string    `json:"end_user"`
	EndUserKey   string    `json:"end_user_key"` // [screening.Normalize] of EndUser
	// Consignee is the ultimate consignee the notification names ("": not
	// recorded): BIS allows one a notification.
	Consignee string `json:"consignee,omitempty"`
	Quantity  int64  `json:"quantity"`
	// ValueUSD is the total dollar value notified (0: not recorded):
	// shipments under a NAC notification may not exceed it
	// (15 CFR 740.8(a)(2)(ii)), and the policy lets a NAC notification
	// without it cover no line.
	ValueUSD float64 `json:"value_usd,omitempty"`
	// ValueDrawnBeforeUSD is, as for a licence, the value of shipments
	// a ledger holds under it that drew units only (0: not given).
	ValueDrawnBeforeUSD float64            `json:"value_drawn_before_usd,omitempty"`
	Status              NotificationStatus `json:"status"`
	// Confirmation is the NAC confirmation number BIS gave (A and six
	// digits, entered in AES); only a confirmed notification has one.
	Confirmation string `json:"confirmation,omitempty"`
	Pos          Pos    `json:"pos"`
}

// Assignment is a person's statement that the end user orders name is one
// a licence (or VEU site) or notification of the company names, under
// another spelling: the record then names that end user too, and the
// policy judges the rest (destination, items, dates, limits). It is how
// the review desk assigns a licence to a line that needs one.
type Assignment struct {
	EndUser      string `json:"end_user"`
	EndUserKey   string `json:"end_user_key"` // [screening.Normalize] of EndUser
	Licence      string `json:"licence,omitempty"`
	Notification string `json:"notification,omitempty"` // a BIS reference
	Order        string `json:"order,omitempty"`        // the order it was made for, for the reader
	By           string `json:"by"`
	At           string `json:"at"`
	Reason       string `json:"reason"`
	// Status is assigned, or withdrawn: a person took the assignment back
	// (By, At and Reason are then the withdrawal's). Records are not
	// deleted from the ledger: a withdrawal is a later record of the same
	// end user and record, and replaces it.
	Status AssignmentStatus `json:"status"`
	Pos    Pos              `json:"pos"`
}

// record is the assignment's record: "licence:NUMBER" or
// "notification:REFERENCE".
func (a *Assignment) record() string {
	if a.Licence != "" {
		return "licence:" + a.Licence
	}
	return "notification:" + a.Notification
}

// Of reports whether the assignment is of an end user as an order writes
// it: the same [screening.Spelling] (an assignment of "Falcon Compute Inc"
// is not one of "Falcon Compute GmbH").
func (a *Assignment) Of(endUser string) bool {
	return screening.Spell(a.EndUser) == screening.Spell(endUser)
}

// key is what makes an assignment one: its end user's spelling and its
// record. A later one of the same key replaces it (a withdrawal).
func (a *Assignment) key() clearanceKey {
	return clearanceKey{screening.Spell(a.EndUser), a.record()}
}

// Set is the records read by [Load], each kind in the order read
// (directories in the order given, files in lexical order, documents in
// file order).
type Set struct {
	Licences      []Licence      `json:"licences"`
	Clearances    []Clearance    `json:"clearances"`
	Notifications []Notification `json:"notifications"`
	Assignments   []Assignment   `json:"assignments,omitempty"`

	files       []string
	empty       []string // the paths given to Load that hold no record
	refs        []ref    // product IDs, country codes and end users named, for CheckKnown
	notices     []notice // licence and notification records to check, for Warnings
	revision    string
	licences    map[string]int
	clearances  map[clearanceVersion]int
	assignments map[clearanceKey]int // Assignment.key()
}

type clearanceKey struct{ endUser, entry string }

// clearanceVersion is one adjudication of an end user and entry: the set
// keeps every one, each made on its own day (at) for the name as it was
// spelt (spelling: [screening.Spell]), so that a line is judged under the
// clearances that stood when it shipped. Names that normalise alike but
// are spelt otherwise are kept apart: a false positive holds only for the
// name it was made for (the policy's to say), so one never replaces
// another's.
type clearanceVersion struct {
	clearanceKey
	at, spelling string
}

// version is the adjudication c is.
func (c *Clearance) version() clearanceVersion {
	return clearanceVersion{clearanceKey{c.EndUserKey, c.Entry}, c.At, screening.Spell(c.EndUser)}
}

// SameRecord says whether c and o, as loaded, are the same adjudication:
// of the same end user, spelt alike, and entry, on the same day. The
// records hold one such; another spelling or another day is a clearance
// of its own.
func (c *Clearance) SameRecord(o *Clearance) bool { return c.version() == o.version() }

// Revision is the hex SHA-256 over the files read (their paths relative to
// the directory given, and their bytes, in the order read).
func (s *Set) Revision() string {
	if s == nil {
		return ""
	}
	return s.revision
}

// Files are the files read, in order.
func (s *Set) Files() []string { return slices.Clone(s.files) }

// Empty are the directories (or files) given to [Options.Load] whose
// files hold no record: only comments or empty documents. That is no
// error, as no records only makes decisions stricter, but a path named
// wrong looks just so: callers warn.
func (s *Set) Empty() []string {
	if s == nil {
		return nil
	}
	return slices.Clone(s.empty)
}

// count is how many records the set holds.
func (s *Set) count() int {
	return len(s.Licences) + len(s.Clearances) + len(s.Notifications) + len(s.Assignments)
}

// Licence returns the licence with this number.
func (s *Set) Licence(number string) (*Licence, bool) {
	i, ok := s.licences[number]
	if !ok {
		return nil, false
	}
	return &s.Licences[i], true
}

// Clearance returns the newest clearance (the latest at) of the list
// entry entryID for the end user name (compared in [screening.Normalize]
// form), whatever its expiry or entry hash: whether it still holds is for
// the policy to judge.
func (s *Set) Clearance(endUser, entryID string) (*Clearance, bool) {
	k := clearanceKey{screening.Normalize(endUser), entryID}
	var newest *Clearance
	for i := range s.Clearances {
		if c := &s.Clearances[i]; (clearanceKey{c.EndUserKey, c.Entry}) == k && (newest == nil || c.At > newest.At) {
			newest = c
		}
	}
	return newest, newest != nil
}

// WithKept is the set with the clearances and assignments of more added:
// more holds those made at the review desk and kept in the ledger. Both
// sets' clearances of the same end user and list entry are kept, each
// made on its day for its spelling of the name (the policy judges a line
// by those that stood when it shipped); where both hold one made on the
// same day for the same spelling, a true match stands over a false
// positive, else more's (unless the two say the same: the desk's download
// committed, the set's stands, and reasons cite its file); likewise an assignment of the
// same end user to the same record, a withdrawal on the same day (the
// stricter) else more's. An assignment naming a record the set does not hold is
// left out: it could only add an authorization; one naming it in another
// case or with spaces names it as the set writes it. The set's licences and
// notifications stay; the revision covers both sets. Either may be nil.
func (s *Set) WithKept(more *Set) *Set {
	if more == nil || len(more.Clearances)+len(more.Assignments) == 0 {
		return s
	}
	if s == nil {
		s = &Set{}
	}
	out := *s
	out.Clearances = slices.Clone(s.Clearances)
	out.clearances = maps.Clone(s.clearances)
	if out.clearances == nil {
		out.clearances = map[clearanceVersion]int{}
	}
	out.Assignments = slices.Clone(s.Assignments)
	out.assignments = maps.Clone(s.assignments)
	if out.assignments == nil {
		out.assignments = map[clearanceKey]int{}
	}
	out.files = append(slices.Clone(s.files), more.files...)
	out.refs = append(slices.Clone(s.refs), more.refs...) // their end users too, for CheckKnown
	for _, c := range more.Clearances {
		// The same clearance in a file (the desk's download committed):
		// the file's, so that reasons cite it where the records hold it.
		if i, ok := out.clearances[c.version()]; ok && sameClearance(out.Clearances[i], c) {
			continue
		}
		// On the same day a true match over a false positive.
		keepLater(&out.Clearances, out.clearances, c.version(), c,
			func(c Clearance) string { return c.At }, func(c Clearance) bool { return c.Outcome == TrueMatch })
	}
	for _, a := range more.Assignments {
		s.renumber(&a)
		if s.holds(&a) { // on the same day a withdrawal over an assignment
			keepLater(&out.Assignments, out.assignments, a.key(), a,
				func(a Assignment) string { return a.At }, func(a Assignment) bool { return a.Status == AssignmentWithdrawn })
		}
	}
	h := sha256.Sum256([]byte("records " + s.revision + "\nkept " + more.revision))
	out.revision = hex.EncodeToString(h[:])
	return &out
}

// sameClearance reports whether a and b say the same, wherever each is.
func sameClearance(a, b Clearance) bool {
	a.Pos, b.Pos = Pos{}, Pos{}
	return a == b
}

// keepLater adds x to list (index: key -> place) or, when the list holds
// one of the same key, puts it in that one's place if it was made later
// (at), or the same day and is the stricter (strict), or neither is.
func keepLater[T any, K comparable](list *[]T, index map[K]int, k K, x T, at func(T) string, strict func(T) bool) {
	i, ok := index[k]
	if !ok {
		index[k] = len(*list)
		*list = append(*list, x)
		return
	}
	if was := (*list)[i]; at(was) < at(x) || at(was) == at(x) && (strict(x) || !strict(was)) {
		(*list)[i] = x
	}
}

// holds reports whether the set holds the record an assignment names.
func (s *Set) holds(a *Assignment) bool {
	if a.Licence != "" {
		_, ok := s.licences[a.Licence]
		return ok
	}
	return slices.ContainsFunc(s.Notifications, func(n Notification) bool { return n.BISReference == a.Notification })
}
