package checker

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Order is one line of an order book, as read: fields are the strings the
// user wrote; [Checker.Check] resolves products, countries and dates.
type Order struct {
	File        string // input file name, for messages ("-" for standard input)
	Line        int    // 1-based line (CSV, JSON Lines, YAML document, XLSX row) or array index + 1
	ID          string
	Product     string // product ID or alias
	Quantity    string
	Destination string // ISO 3166-1 alpha-2 code or an unambiguous country name
	EndUser     string
	EndUserHQ   string // headquarters of the end user or its ultimate parent; blank = unknown
	Date        string // ship date, YYYY-MM-DD; blank only with Options.AsOf
	EndUse      string // intended end use, a key of data.end_uses; blank = none known
	ShipFrom    string // country the item ships from; blank = Options.ShipFrom (an export from the US by default)
	// EndUserParent names an owner of the end user, its share not known
	// (the ownership register, when there is one, says more); blank = none.
	EndUserParent string
	// Consignee is the party the line ships to, as written; blank = not
	// given. A licence naming a consignee covers only lines shipping to it.
	Consignee string
	Extra     []Field
	// Hypothetical marks a what-if order (a cell of the matrix), judged
	// even on a date before its product was released; a line of an
	// order book is not.
	Hypothetical bool
}

// Columns are the canonical names of an order's own fields, in order.
var Columns = []string{"id", "product", "quantity", "destination", "end_user", "end_user_hq", "date", "end_use", "ship_from", "end_user_parent", "consignee"}

// field is the order's field a canonical column name names; nil for any
// other name (an extra column).
func (o *Order) field(name string) *string {
	switch name {
	case "id":
		return &o.ID
	case "product":
		return &o.Product
	case "quantity":
		return &o.Quantity
	case "destination":
		return &o.Destination
	case "end_user":
		return &o.EndUser
	case "end_user_hq":
		return &o.EndUserHQ
	case "date":
		return &o.Date
	case "end_use":
		return &o.EndUse
	case "ship_from":
		return &o.ShipFrom
	case "end_user_parent":
		return &o.EndUserParent
	case "consignee":
		return &o.Consignee
	}
	return nil
}

// Set sets the field a canonical column name names; false for any other
// name.
func (o *Order) Set(name, v string) bool {
	p := o.field(name)
	if p != nil {
		*p = v
	}
	return p != nil
}

// Get is the value of the field a canonical column name names.
func (o *Order) Get(name string) string {
	if p := o.field(name); p != nil {
		return *p
	}
	return ""
}

// Field is an extra input column carried through to the outputs.
type Field struct{ Name, Value string }

// Reason explains one rule that contributed to a decision.
type Reason struct {
	Rule     string `json:"rule"`
	Citation string `json:"citation"`
	Message  string `json:"message"`
	// Classification is the policy's mark on a reason that states the
	// item's classification (a reason's "classification": true, in
	// decision.results): outputs count and compare those apart from the
	// reasons of requirements, whatever the rule id. Kept in the ledger's
	// reasons (false is left out); a row written before has no marks.
	Classification bool `json:"classification,omitempty"`
}

// Result is the outcome for one order line. When Err is set the line could
// not be judged: Decision is meaningless and writers report the error.
type Result struct {
	Order        Order
	ProductID    string // resolved product ID
	Date         string // the date the line was judged as of
	Decision     Decision
	ECCN         string
	Regime       string // the rule version applied, e.g. "ear-2023-11-17"
	ReviewPolicy string
	// ReviewPolicyText is ReviewPolicy in the policy's words, as outputs
	// print it ("presumption of denial", "review policy not stated"); ""
	// where the policy gave none (a line read back from a ledger).
	ReviewPolicyText string
	Exception        string
	Reasons          []Reason
	// Headline is 1 + the index in Reasons of the reason that decided the
	// line, as the policy marks it (decision.results' deciding; what
	// authorization.results says of the records drawn on or that could
	// have covered the line): the reason every output shows first. 0 when
	// not marked (a ledger row written before rows kept the mark): the
	// first reason is shown (HeadlineReason).
	Headline  int
	Screening []*ScreeningFact // the screening hits handed to the policy (at or above the review threshold), best first
	// Authorization is the licence, VEU or notification the line draws on
	// when Decision is Licensed; nil otherwise.
	Authorization *Authorization
	Err           error
}

// HeadlineReason is the reason that decided the line (Headline), or the
// first reason when none is marked; the zero Reason for a line without
// reasons.
func (r *Result) HeadlineReason() Reason {
	switch {
	case r.Headline > 0 && r.Headline <= len(r.Reasons):
		return r.Reasons[r.Headline-1]
	case len(r.Reasons) > 0:
		return r.Reasons[0]
	}
	return Reason{}
}

// Authorization is what a licensed line ships under and what it drew.
type Authorization struct {
	Kind   string `json:"kind"`   // "license", "veu" or "notification" (NAC or ACA)
	Number string `json:"number"` // the licence or VEU number, or the notification's BIS reference
	// Limit is the limit RemainingAfter tells of: of the record's limits
	// the line drew on (every one that applies to it, Draws), the unit
	// limit (the product ID or ECCN of a quantity limit, or "quantity" of
	// a notification) with the least left after the line; "value" when
	// the record limits only value; "" when the record has no limit (a
	// VEU).
	Limit string `json:"limit,omitempty"`
	Drawn int64  `json:"drawn"` // units this line drew (its quantity)
	// RemainingAfter is what is left on Limit after this line (units, or
	// US dollars for a value limit); nil when the record has no limit.
	RemainingAfter *float64 `json:"remaining_after"`
	Expires        string   `json:"expires,omitempty"` // the record's expiry ("" for none)
	File           string   `json:"file"`              // the record's file and line
	Line           int      `json:"line"`
	// Draws is what the line counted against each of the record's limits
	// (units, or US dollars for a value limit), for the ledger.
	Draws []Draw `json:"-"`
}

// Draw is an amount a line drew on one limit of a record.
type Draw struct {
	Limit  string  // a product ID or ECCN, "quantity" (a notification), or "value"
	Amount float64 // units, or US dollars
	// Left is what remains on the limit after the line, as the allocation
	// found it (meaningful when the Authorization's RemainingAfter is set:
	// not kept in a ledger).
	Left float64
}

// ScreeningFact is one hit of restricted-party screening for an end user:
// an active entry of a screening list and its score. The policies decide
// what it means.
type ScreeningFact struct {
	List                  string  `json:"list"`
	EntryID               string  `json:"entry_id"`
	Name                  string  `json:"name"`
	MatchedName           string  `json:"matched_name"`
	Score                 float64 `json:"score"`
	FederalRegisterNotice string  `json:"federal_register_notice"`
	LicenseRequirement    string  `json:"license_requirement"`
	LicensePolicy         string  `json:"license_policy"`
	Source                string  `json:"source"`
	// Contained is the entry's name or alt name, as listed, that appears
	// whole within the longer name screened (a branch or trading arm
	// written as the listed name and more words), whatever Score is; ""
	// when none does. The policy decides what it means.
	Contained string `json:"contained,omitempty"`
	// Owner is the owner of the end user (from the ownership register or
	// the order's end_user_parent column) the hit is on, as written; ""
	// for a hit on the end user.
	Owner string `json:"owner,omitempty"`
	// EntryHash fingerprints the list entry as it stands (records.EntryHash).
	EntryHash string `json:"-"`
	// EntryHashV1 is the entry's fingerprint as clearances were made
	// before its details (dates of birth, IDs) were read
	// (screening.EntryHashV1), when that differs from EntryHash; "" when it
	// does not. Part of EntryHash: the policy tells a clearance made then
	// from one whose entry changed.
	EntryHashV1 string `json:"-"`
	// Clearance is a person's adjudication of this hit on record, whether
	// or not it still holds (the policy judges); nil when none.
	Clearance *ClearanceFact `json:"clearance,omitempty"`
	// Later is the newest adjudication of this hit when it was made after
	// the ship date and is not Clearance (a false positive cleared then,
	// found a true match since): the policy judges what it changes.
	Later *ClearanceFact `json:"later_clearance,omitempty"`
	// Screened is the name screened (the end user's, or the owner's), as
	// written and spelt, when the hit carries a clearance: the policy
	// compares it with the name the clearance was made for.
	Screened *Spelled `json:"-"`
}

// Spelled is a name as written and the forms the policy compares names on
// records in (Records.Spell).
type Spelled struct {
	Name, Spelling string
}

func (s *Spelled) term() map[string]any {
	return map[string]any{"name": s.Name, "spelling": s.Spelling}
}

// ClearanceFact is a clearance record as the policy reads it.
type ClearanceFact struct {
	Outcome   string `json:"outcome"` // "false_positive" or "true_match"
	EntryHash string `json:"entry_hash"`
	By        string `json:"by"`
	At        string `json:"at"`
	Reason    string `json:"reason"`
	Expires   string `json:"expires"`
	// Recorded is the day the record was written, when it says (on or
	// after At): the policy compares it with the ship date.
	Recorded string `json:"recorded,omitempty"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	// Kept is the ledger row that keeps a clearance made at the review
	// desk (0 for one from a records file), and DownloadsAs the file
	// name the desk downloads it as, to commit to the records.
	Kept        int64  `json:"kept_in_row,omitempty"`
	DownloadsAs string `json:"downloads_as,omitempty"`
	// For is the name the clearance was made for, as written and spelt.
	For Spelled `json:"-"`
	// List and EntryName are the entry's as the clearance recorded them.
	List      string `json:"-"`
	EntryName string `json:"-"`
}

// Screener screens an end-user name as of a date (YYYY-MM-DD): it returns
// every entry active on that date that scores at least floor, best first
// (ties in list order). The checker hands the policy at most [MaxHits] of
// them (see there); the policy decides what they mean.
type Screener interface {
	Screen(name, date string, floor float64) []*ScreeningFact
	// Flags are facts about the name itself that the policy judges: a
	// word that mixes scripts (a lookalike letter), a script the matcher
	// cannot romanise reliably.
	Flags(name string) []NameFlag
}

// EntryScreener is a Screener that also screens a name against one list
// entry whatever the score: the fact for the entry (its score against the
// name, however low), or nil when no list holds it on the date. The
// checker asks it for the entries a person found an end user to be (a
// true_match clearance) that the name does not resemble: a listed party
// under a new name.
type EntryScreener interface {
	// ScreenEntry's listed is false when no list loaded holds the entry
	// at all (active or not).
	ScreenEntry(name, entryID, date string) (f *ScreeningFact, listed bool)
}

// NameFlag is a fact about an end-user name (ID such as "mixed_scripts",
// Detail such as "Cyrillic, Latin in \"Huaweі\"").
type NameFlag struct {
	ID     string `json:"id"`
	Detail string `json:"detail"`
}

// MaxHits bounds the screening hits handed to the policy for one line: the
// best hit of every list comes first (so the most severe list a name hits
// is always judged), then the next best hits up to MaxHits.
const MaxHits = 8

// Sentinel errors for input that cannot be judged.
var (
	ErrUnknownProduct = errors.New("unknown product")
	ErrUnknownCountry = errors.New("unknown country")
	ErrBadDate        = errors.New("bad date")
	ErrMissingDate    = errors.New("missing date")
	ErrBadQuantity    = errors.New("bad quantity")
	ErrMissingField   = errors.New("missing field")
	ErrBadInput       = errors.New("bad input")
	ErrUnknownEndUse  = errors.New("unknown end use")
)

// InputError is an error in one input line, with its location.
type InputError struct {
	File  string
	Line  int
	Field string
	Err   error
	Hint  string
	// Also holds the line's other problems, each with its field, in the
	// order of the fields: a line is reported whole, not one field a run.
	Also []*InputError
	// Unread marks an error that kept the whole file from being read (its
	// header, its syntax): no line of it was judged. Line says where the
	// error is; an error without a line is always the whole file's.
	Unread bool
}

func (e *InputError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	return loc + ": " + e.Message()
}

// Message is the error without its place: what is wrong with the line,
// and the hint ("unknown product \"h100\" (did you mean ...)"), for a
// report that shows the place on its own.
func (e *InputError) Message() string {
	msg := e.Err.Error()
	if e.Hint != "" {
		msg += " (" + e.Hint + ")"
	}
	for _, a := range e.Also {
		msg += "; and " + a.Field + ": " + a.Message()
	}
	return msg
}

// Unwrap gives the line's problems: errors.Is finds any of them.
func (e *InputError) Unwrap() []error {
	errs := []error{e.Err}
	for _, a := range e.Also {
		errs = append(errs, a.Err)
	}
	return errs
}

// problems gathers what is wrong with an order line, field by field.
type problems struct {
	o    *Order
	list []*InputError
}

func (ps *problems) add(field string, err error, hint string) {
	ps.list = append(ps.list, &InputError{File: ps.o.File, Line: ps.o.Line, Field: field, Err: err, Hint: hint})
}

// err is the line's first problem with the others in its Also, or nil.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	first := ps.list[0]
	first.Also = ps.list[1:]
	return first
}

// DateError checks a date a person gave (a flag, a query parameter): nil
// for a calendar date written YYYY-MM-DD, else an error (errors.Is
// ErrBadDate) that says what is wrong with it: its form, or that the day
// does not exist ("no such day: February 2024 has 29 days").
func DateError(s string) error {
	if isDate(s) {
		return nil
	}
	return dateError(dateHint(s))
}

type dateError string

func (e dateError) Error() string        { return string(e) }
func (e dateError) Is(target error) bool { return target == ErrBadDate }

// dateHint says what is wrong with a date that isDate rejects: its form,
// or that the day does not exist in that month.
func dateHint(s string) string {
	digits := func(s string) bool {
		return s != "" && strings.Trim(s, "0123456789") == ""
	}
	if len(s) == 10 && s[4] == '-' && s[7] == '-' && digits(s[:4]) && digits(s[5:7]) && digits(s[8:]) {
		y, _ := strconv.Atoi(s[:4])
		m, _ := strconv.Atoi(s[5:7])
		if m < 1 || m > 12 {
			return fmt.Sprintf("there is no month %d: want YYYY-MM-DD", m)
		}
		last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		return fmt.Sprintf("no such day: %s %d has %d days", time.Month(m), y, last)
	}
	return "want YYYY-MM-DD"
}

// isDate reports whether s is a calendar date written YYYY-MM-DD, as
// time.Parse(time.DateOnly, s) accepts it, without its allocation.
func isDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	n := 0
	for i, c := range []byte(s) {
		if i == 4 || i == 7 {
			continue
		}
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0')
	}
	year, month, day := n/10000, n/100%100, n%100
	if month < 1 || month > 12 || day < 1 {
		return false
	}
	return day <= time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
