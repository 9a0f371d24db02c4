// Package ownership reads an ownership register: who owns whom, and how
// much, as a company knows it from its due diligence (corporate
// registries, filings, a commercial ownership database). The checker walks
// it up from an order's end user to every owner it records, directly and
// through layers, and screens each owner; the policy decides what the
// owners' shares mean under the 50 % rules (BIS's affiliates rule, 15 CFR
// 744.11(a)(1); OFAC's 50 % rule).
//
// A register is one or more CSV or YAML files of rows:
//
//	entity,owner,share,as_of,source
//	Example Holdings Ltd,Listed Parent Co,60,2026-10-01,Companies House filing 2026-09
//	Example Trading Ltd,Example Holdings Ltd,100,2026-10-01,annual report 2025 p. 12
//	Widely Held Corp,,,2026-10-01,"no shareholder above 5 % (proxy statement 2026)"
//
// share is a percentage (0 < share ≤ 100); blank or "unknown" is an owner
// whose share is not known. A row with no owner records that the entity is
// covered by the register and has no owner to follow; beside owners (in
// the same snapshot), that the shares they leave unrecorded are widely
// held, with no holder of note ([Register.WidelyHeld]). Names are matched
// in the form screening compares them (screening.Normalize).
//
// An entity's rows with the same as_of are a snapshot of its owners as of
// that date, and an entity may have several (a divestment is a second
// snapshot). On a date D the entity's latest snapshot as of D or earlier
// applies, and before its earliest snapshot the earliest (the register
// knows of no earlier change): [Register.Above] takes the date.
//
// Any problem (an unknown column, a missing field, a share that is not a
// percentage, a date that is not YYYY-MM-DD, and within one snapshot the
// same owner twice for an entity, known shares over 100 %, owners beside a
// row saying there are none) is an error naming the file and line, and
// nothing is loaded.
package ownership

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/exportcheck/exportcheck/internal/yamlerr"
	"github.com/exportcheck/exportcheck/records"
	"github.com/exportcheck/exportcheck/screening"
)

// percentRE is a share as people write it: digits, and a decimal point
// with digits after it if any.
var percentRE = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// Row is one fact of a register: owner holds share percent of entity.
type Row struct {
	Entity string
	Owner  string   // "" when the row records only that the entity is covered
	Share  *float64 // percent; nil when not known
	AsOf   string   // YYYY-MM-DD: when the fact was known
	Source string   // where it comes from, for the auditor
	File   string
	Line   int
}

// Register is a loaded ownership register.
type Register struct {
	rows     map[string][]*snapshot // by the entity's normalised name, earliest first
	dates    []string               // every as_of, sorted, once
	files    []string
	revision string
	n        int
}

// snapshot is an entity's rows with one as_of: its owners as of that date.
type snapshot struct {
	asOf string
	rows []*Row
}

// inForce is the snapshot of an entity (its normalised name) that applies
// on date: the latest as of date or earlier, else the earliest; nil when
// the register does not have the entity.
func (r *Register) inForce(k, date string) *snapshot {
	snaps := r.rows[k]
	if len(snaps) == 0 {
		return nil
	}
	i, found := slices.BinarySearchFunc(snaps, date, func(s *snapshot, d string) int { return cmp.Compare(s.asOf, d) })
	if !found && i > 0 {
		i--
	}
	return snaps[min(i, len(snaps)-1)]
}

// Snapshot numbers the register's as_of dates: it is the index of the
// latest as_of on or before date (0 when none is). Two dates with the same
// number read the same snapshot of every entity, so a walk up the register
// on one holds on the other.
func (r *Register) Snapshot(date string) int {
	i, found := slices.BinarySearch(r.dates, date)
	if found {
		return i
	}
	return max(i-1, 0)
}

// Len is the number of rows.
func (r *Register) Len() int { return r.n }

// Files are the files read, in order.
func (r *Register) Files() []string { return slices.Clone(r.files) }

// Revision fingerprints the register's content (sha256 of the files, in
// order), for the revision a decision names.
func (r *Register) Revision() string { return r.revision }

// Covers reports whether the register has a row for entity.
func (r *Register) Covers(entity string) bool {
	_, ok := r.rows[screening.Normalize(entity)]
	return ok
}

// WidelyHeld reports whether entity's snapshot in force on date has a row
// with no owner: beside owners, the rest of its shares (what their rows do
// not record) is widely held; alone, it has no owner of note.
func (r *Register) WidelyHeld(entity, date string) bool {
	s := r.inForce(screening.Normalize(entity), date)
	return s != nil && slices.ContainsFunc(s.rows, func(x *Row) bool { return x.Owner == "" })
}

// MaxEdges bounds the rows [Register.Above] returns for one end user: an
// ownership tree is small; a register that makes one larger is a data
// problem the policy reviews (the walk reports it cut).
const MaxEdges = 64

// Above is every row the register records above entity on date
// (YYYY-MM-DD): its owners, their owners, and so on, each from the
// snapshot in force on date, each row once (cycles are followed once),
// breadth first; covered reports whether the register has entity at all
// (on any date), cut whether the walk stopped at [MaxEdges].
func (r *Register) Above(entity, date string) (rows []*Row, covered, cut bool) {
	start := screening.Normalize(entity)
	_, covered = r.rows[start]
	seen := map[string]bool{start: true}
	queue := []string{start}
	for len(queue) > 0 {
		k := queue[0]
		queue = queue[1:]
		s := r.inForce(k, date)
		if s == nil {
			continue
		}
		for _, x := range s.rows {
			if x.Owner == "" {
				continue
			}
			if len(rows) == MaxEdges {
				return rows, covered, true
			}
			rows = append(rows, x)
			if o := screening.Normalize(x.Owner); !seen[o] {
				seen[o] = true
				queue = append(queue, o)
			}
		}
	}
	return rows, covered, false
}

// Error is a problem at a line of a register file (the same as a record
// file's).
type Error = records.Error

// Errors are every problem found.
type Errors = records.Errors

// Load reads register files: .csv as CSV with a header row, .yaml or .yml
// as a YAML list of rows ({entity, owner, share, as_of, source}).
func Load(paths ...string) (*Register, error) {
	l := &loader{reg: &Register{rows: map[string][]*snapshot{}}}
	h := sha256.New()
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			var pe *os.PathError
			msg := err.Error()
			if errors.As(err, &pe) {
				msg = pe.Err.Error()
			}
			l.errs = append(l.errs, &Error{File: p, Msg: msg})
			continue
		}
		fmt.Fprintf(h, "%s\x00%d\x00", filepath.Base(p), len(b))
		h.Write(b)
		l.parse(p, b)
	}
	l.finish()
	if len(l.errs) > 0 {
		return nil, l.errs
	}
	l.reg.files = slices.Clone(paths)
	l.reg.revision = "sha256:" + hex.EncodeToString(h.Sum(nil))[:16]
	return l.reg, nil
}

// CheckNames reports, with its file and line, each entity or owner of the
// register that names no one by isName (a placeholder such as "Unknown" or
// "N/A": which words are the policy's, screening.placeholders). Nil when
// every one names someone.
func (r *Register) CheckNames(isName func(string) bool) error {
	if r == nil {
		return nil
	}
	var errs Errors
	for _, snaps := range r.rows {
		for _, x := range allRows(snaps) {
			for _, v := range [][2]string{{"entity", x.Entity}, {"owner", x.Owner}} {
				if v[1] != "" && !isName(v[1]) {
					errs = append(errs, &Error{File: x.File, Line: x.Line, Msg: fmt.Sprintf("%s %q is a placeholder, not a name: leave the owner blank for an entity with no owner of note, or leave the row out while the owner is not known (the line is then reviewed)", v[0], v[1])})
				}
			}
		}
	}
	if len(errs) == 0 {
		return nil
	}
	slices.SortStableFunc(errs, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Msg, b.Msg))
	})
	return errs
}

// Parse reads one register file's bytes; name (its extension says the
// format) is used in errors.
func Parse(name string, data []byte) (*Register, error) {
	l := &loader{reg: &Register{rows: map[string][]*snapshot{}}}
	l.parse(name, data)
	l.finish()
	if len(l.errs) > 0 {
		return nil, l.errs
	}
	sum := sha256.Sum256(data)
	l.reg.files, l.reg.revision = []string{name}, "sha256:"+hex.EncodeToString(sum[:])[:16]
	return l.reg, nil
}

// Columns are a register's fields, in order.
var Columns = []string{"entity", "owner", "share", "as_of", "source"}

type loader struct {
	reg  *Register
	errs Errors
}

func (l *loader) errorf(file string, line int, format string, args ...any) {
	l.errs = append(l.errs, &Error{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (l *loader) parse(name string, b []byte) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		l.csv(name, b)
	case ".yaml", ".yml":
		l.yaml(name, b)
	default:
		l.errorf(name, 0, "an ownership register is a .csv or .yaml file")
	}
}

func (l *loader) csv(name string, b []byte) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		if err == io.EOF {
			l.errorf(name, 0, "empty file: want a header row (%s)", strings.Join(Columns, ","))
		} else {
			l.errorf(name, 1, "%v", err)
		}
		return
	}
	idx := map[string]int{}
	for i, h := range header {
		k := strings.ToLower(strings.TrimSpace(h))
		if !slices.Contains(Columns, k) {
			l.errorf(name, 1, "unknown column %q; the columns are %s", h, strings.Join(Columns, ", "))
			continue
		}
		if _, dup := idx[k]; dup {
			l.errorf(name, 1, "column %q twice", k)
		}
		idx[k] = i
	}
	if len(l.errs) > 0 {
		return
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			l.errorf(name, line, "%v", err)
			return
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		get := func(k string) (string, bool) {
			i, ok := idx[k]
			if !ok || i >= len(rec) {
				return "", ok
			}
			return strings.TrimSpace(rec[i]), true
		}
		if len(rec) > len(header) {
			l.errorf(name, line, "%d fields, the header has %d", len(rec), len(header))
			continue
		}
		l.row(name, line, get)
	}
}

func (l *loader) yaml(name string, b []byte) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			l.errorf(name, 0, "%s", strings.TrimPrefix(err.Error(), "yaml: "))
			return
		}
		line, msg := yamlerr.Locate(err, b)
		l.errorf(name, line, "not YAML: %s", msg)
		return
	}
	// One document: rows after a --- would otherwise be dropped.
	var more yaml.Node
	if err := dec.Decode(&more); err != io.EOF {
		line := more.Line
		if len(more.Content) > 0 {
			line = more.Content[0].Line
		}
		l.errorf(name, line, "a second YAML document (after ---): put every row in one list")
		return
	}
	if len(doc.Content) == 0 {
		return
	}
	top := doc.Content[0]
	if top.Kind != yaml.SequenceNode {
		l.errorf(name, top.Line, "want a list of rows ({entity, owner, share, as_of, source})")
		return
	}
	for _, n := range top.Content {
		if n.Kind != yaml.MappingNode {
			l.errorf(name, n.Line, "want a row ({entity, owner, share, as_of, source})")
			continue
		}
		fields := map[string]string{}
		ok := true
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if !slices.Contains(Columns, k.Value) {
				l.errorf(name, k.Line, "unknown field %q; the fields are %s", k.Value, strings.Join(Columns, ", "))
				ok = false
				continue
			}
			if v.Kind != yaml.ScalarNode {
				l.errorf(name, v.Line, "%s: want a single value", k.Value)
				ok = false
				continue
			}
			if v.Tag != "!!null" {
				fields[k.Value] = strings.TrimSpace(v.Value)
			}
		}
		if ok {
			l.row(name, n.Line, func(k string) (string, bool) { v, has := fields[k]; return v, has })
		}
	}
}

// row checks one row's fields and keeps it.
func (l *loader) row(file string, line int, get func(string) (string, bool)) {
	r := &Row{File: file, Line: line}
	bad := false
	need := func(k string) string {
		v, _ := get(k)
		if v == "" {
			l.errorf(file, line, "missing %s", k)
			bad = true
		}
		return v
	}
	r.Entity = need("entity")
	r.Owner, _ = get("owner")
	r.AsOf = need("as_of")
	r.Source = need("source")
	if r.AsOf != "" {
		if _, err := time.Parse(time.DateOnly, r.AsOf); err != nil {
			l.errorf(file, line, "as_of %q is not a date (YYYY-MM-DD)", r.AsOf)
			bad = true
		}
	}
	share, _ := get("share")
	switch s := strings.TrimSuffix(strings.TrimSpace(share), "%"); {
	case s == "" || strings.EqualFold(s, "unknown"):
	case r.Owner == "":
		l.errorf(file, line, "share %q without an owner", share)
		bad = true
	default:
		// Digits and a decimal point only: ParseFloat would also take NaN
		// (which compares as no share at all, and no JSON can hold), Inf,
		// 1e1 and hex floats.
		s = strings.TrimSpace(s)
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || !percentRE.MatchString(s) || !(v > 0 && v <= 100) {
			l.errorf(file, line, "share %q is not a percentage above 0 and at most 100 (blank or unknown when not known)", share)
			bad = true
		}
		r.Share = &v
	}
	if r.Entity != "" && screening.Normalize(r.Entity) == "" {
		l.errorf(file, line, "entity %q has no name to match", r.Entity)
		bad = true
	}
	if r.Owner != "" && screening.Normalize(r.Owner) == screening.Normalize(r.Entity) {
		l.errorf(file, line, "%q owns itself", r.Entity)
		bad = true
	}
	if bad {
		return
	}
	k := screening.Normalize(r.Entity)
	var s *snapshot
	for _, x := range l.reg.rows[k] {
		if x.asOf == r.AsOf {
			s = x
		}
	}
	if s == nil {
		s = &snapshot{asOf: r.AsOf}
		l.reg.rows[k] = append(l.reg.rows[k], s)
	}
	for _, x := range s.rows {
		if screening.Normalize(x.Owner) == screening.Normalize(r.Owner) {
			what := "owner " + strconv.Quote(r.Owner)
			if r.Owner == "" {
				what = "a row with no owner"
			}
			l.errorf(file, line, "%s of %q as of %s is already at %s:%d", what, r.Entity, r.AsOf, x.File, x.Line)
			return
		}
	}
	s.rows = append(s.rows, r)
	l.reg.n++
}

// allRows are the rows of an entity's snapshots.
func allRows(snaps []*snapshot) []*Row {
	var rows []*Row
	for _, s := range snaps {
		rows = append(rows, s.rows...)
	}
	return rows
}

// finish checks what concerns the rows of one snapshot of an entity
// together, and orders every entity's snapshots by date.
func (l *loader) finish() {
	keys := make([]string, 0, len(l.reg.rows))
	dates := map[string]bool{}
	for k, snaps := range l.reg.rows {
		keys = append(keys, k)
		slices.SortFunc(snaps, func(a, b *snapshot) int { return cmp.Compare(a.asOf, b.asOf) })
		for _, s := range snaps {
			dates[s.asOf] = true
		}
	}
	for d := range dates {
		l.reg.dates = append(l.reg.dates, d)
	}
	slices.Sort(l.reg.dates)
	slices.Sort(keys)
	for _, k := range keys {
		for _, s := range l.reg.rows[k] {
			l.checkSnapshot(s)
		}
	}
}

// checkSnapshot checks an entity's rows as of one date together.
func (l *loader) checkSnapshot(s *snapshot) {
	rows := s.rows
	sum := 0.0
	for _, x := range rows {
		if x.Share != nil {
			sum += *x.Share
		}
	}
	if sum > 100.0001 {
		l.errorf(rows[0].File, rows[0].Line, "the shares recorded for %q as of %s add up to %s %%, more than 100 %%", rows[0].Entity, s.asOf, strconv.FormatFloat(sum, 'f', -1, 64))
	}
}
