package records

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/exportcheck/exportcheck/internal/yamlerr"
	"github.com/exportcheck/exportcheck/screening"
)

// Error is one problem in a record file, at a line.
type Error struct {
	File string
	Line int // 0 when the problem is the file as a whole
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// Errors are every problem [Load] found, by file and line.
type Errors []*Error

func (es Errors) Error() string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Options are the rules records are read under.
type Options struct {
	// ClearanceMaxMonths is how long after it was made a clearance may
	// last at most (default 12).
	ClearanceMaxMonths int
	// Known, when set, is what the data knows: the products, countries
	// and end users the records name are checked against it as they are
	// loaded ([Set.CheckKnown]), and its problems are listed with the
	// others, not only once those are fixed.
	Known *Known
	// Today is the date the records are read on, YYYY-MM-DD (default:
	// today in UTC). A clearance dated after it is refused: it would hold
	// longer after the real adjudication than ClearanceMaxMonths. The day
	// after is allowed for time zones ahead of UTC.
	Today string
}

// Load reads the records under each directory (or file) with the default
// [Options]. See [Options.Load].
func Load(dirs ...string) (*Set, error) { return Options{}.Load(dirs...) }

// Parse reads the records of one file's bytes with the default [Options];
// name is used in errors.
func Parse(name string, data []byte) (*Set, error) { return Options{}.Parse(name, data) }

// Load reads every .yaml and .yml file under each directory, recursively
// (a path that is a file is read whatever its name; names starting with "."
// are skipped; a symbolic link is read as what it names), and validates it. A directory that holds no such file is
// an error: a path named wrong must not read as no records. One whose
// files hold no record (comments only) is not an error — a records
// repository may have none yet — but is listed by [Set.Empty]. Any
// problem anywhere makes it return [Errors] with every problem found and
// no records.
func (o Options) Load(dirs ...string) (*Set, error) {
	l := o.newLoader()
	real := make([]string, len(dirs)) // each path as read, for paths given within another
	for i, dir := range dirs {
		if strings.TrimSpace(dir) == "" {
			l.errs = append(l.errs, &Error{File: strconv.Quote(dir), Msg: "an empty path: name a records directory or file"})
			continue
		}
		if p, err := filepath.EvalSymlinks(dir); err == nil {
			if p, err = filepath.Abs(p); err == nil {
				real[i] = p
			}
		}
		if j := slices.IndexFunc(real[:i], func(q string) bool { return overlap(q, real[i]) != "" }); j >= 0 {
			// Its records would be read twice, each "already used" by itself.
			l.errs = append(l.errs, &Error{File: dir, Msg: fmt.Sprintf("%s %s, given already: its records would be read twice", overlap(real[j], real[i]), dirs[j])})
			continue
		}
		info, err := os.Stat(dir)
		if err != nil {
			l.errs = append(l.errs, &Error{File: dir, Msg: pathError(err)})
			continue
		}
		before := l.set.count()
		if !info.IsDir() {
			l.file(dir, filepath.Base(dir))
		} else if found := l.walk(dir, dir, map[string]string{}); found == 0 {
			// A directory named wrong would otherwise load as no records.
			l.errs = append(l.errs, &Error{File: dir, Msg: "holds no record files (*.yaml, *.yml)"})
			continue
		}
		if l.set.count() == before {
			l.set.empty = append(l.set.empty, dir)
		}
	}
	return l.finish()
}

// overlap says how path b, given after a, overlaps it: "is", "is within"
// or "holds"; "" when they do not (or either is not known).
func overlap(a, b string) string {
	sep := string(filepath.Separator)
	switch {
	case a == "" || b == "":
		return ""
	case a == b:
		return "is"
	case strings.HasPrefix(b, a+sep):
		return "is within"
	case strings.HasPrefix(a, b+sep):
		return "holds"
	}
	return ""
}

// walk reads the record files under path, a directory under root, in
// lexical order, and returns how many it found. A symbolic link is read
// as what it names (a records tree may link a shared directory in: its
// records must not be left out unseen); one that leads to a directory
// already read (a loop, or a second link to it) is an error, as its
// records would be read twice. walked holds the directories read, by
// their real path.
func (l *loader) walk(root, path string, walked map[string]string) int {
	fail := func(p string, err error) { l.errs = append(l.errs, &Error{File: p, Msg: pathError(err)}) }
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		fail(path, err)
		return 0
	}
	if was, again := walked[real]; again {
		l.errs = append(l.errs, &Error{File: path, Msg: fmt.Sprintf("a symbolic link to %s, which is read already: its records would be read twice", was)})
		return 0
	}
	walked[real] = path
	entries, err := os.ReadDir(path)
	if err != nil {
		fail(path, err)
	}
	found := 0
	for _, de := range entries {
		p := filepath.Join(path, de.Name())
		if strings.HasPrefix(de.Name(), ".") {
			continue
		}
		isYAML := slices.Contains([]string{".yaml", ".yml"}, strings.ToLower(filepath.Ext(p)))
		dir := de.IsDir()
		if de.Type()&fs.ModeSymlink != 0 {
			info, err := os.Stat(p)
			if err != nil {
				if isYAML {
					fail(p, err)
				}
				continue
			}
			dir = info.IsDir()
		}
		switch {
		case dir:
			found += l.walk(root, p, walked)
		case isYAML:
			rel, _ := filepath.Rel(root, p)
			l.file(p, filepath.ToSlash(rel))
			found++
		}
	}
	return found
}

// Parse reads the records of one file's bytes; name is used in errors and
// in the revision.
func (o Options) Parse(name string, data []byte) (*Set, error) {
	l := o.newLoader()
	l.parse(name, name, data)
	return l.finish()
}

// File is a record file's name and bytes.
type File struct {
	Name string
	Data []byte
	Row  int64 // the ledger row that keeps it (a record made at the review desk), or 0
}

// ParseEach reads files made one after another, such as the clearances
// made at the review desk and kept in the ledger: a clearance of an end
// user and entry given again on the same day (at) replaces the earlier one
// instead of being an error; one made on another day is kept beside it
// (the clearance's history). Problems name the file.
func (o Options) ParseEach(files ...File) (*Set, error) {
	l := o.newLoader()
	l.replace = true
	for _, f := range files {
		l.parse(f.Name, f.Name, f.Data)
		if f.Row != 0 {
			l.set.keptIn(f.Name, f.Row)
		}
	}
	return l.finish()
}

// keptIn marks the records read from file as kept in ledger row row.
func (s *Set) keptIn(file string, row int64) {
	for i := range s.Clearances {
		if s.Clearances[i].Pos.File == file {
			s.Clearances[i].Pos.Row = row
		}
	}
	for i := range s.Assignments {
		if s.Assignments[i].Pos.File == file {
			s.Assignments[i].Pos.Row = row
		}
	}
}

func pathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

type loader struct {
	opts    Options
	set     *Set
	errs    Errors
	replace bool      // a clearance given again replaces the earlier (ParseEach)
	hash    hash.Hash // of the files, for the revision
	// where each key was first given (valid record or not), for
	// duplicate errors
	numbers       map[string]used // by numberKey
	clearances    map[clearanceVersion]Pos
	notifications map[string]used // by numberKey
	assigned      map[clearanceKey]Pos
}

// DefaultClearanceMonths is how long after it was made a clearance may
// last at most, unless Options.ClearanceMaxMonths says otherwise.
const DefaultClearanceMonths = 12

// ClearanceLimit is the last day a clearance made on day at may hold,
// months after it: the same day of the month, or that month's last day
// when it has no such day (made 29 February, twelve months hold until 28
// February, not 1 March; time.AddDate would roll over).
func ClearanceLimit(at time.Time, months int) time.Time {
	y, m, d := at.Date()
	first := time.Date(y, m+time.Month(months), 1, 0, 0, 0, 0, at.Location())
	return first.AddDate(0, 0, min(d, first.AddDate(0, 1, -1).Day())-1)
}

func (o Options) newLoader() *loader {
	if o.ClearanceMaxMonths <= 0 {
		o.ClearanceMaxMonths = DefaultClearanceMonths
	}
	if o.Today == "" {
		o.Today = time.Now().UTC().Format(time.DateOnly)
	}
	return &loader{
		opts:          o,
		set:           &Set{licences: map[string]int{}, clearances: map[clearanceVersion]int{}, assignments: map[clearanceKey]int{}},
		hash:          sha256.New(),
		numbers:       map[string]used{},
		clearances:    map[clearanceVersion]Pos{},
		notifications: map[string]used{},
		assigned:      map[clearanceKey]Pos{},
	}
}

func (l *loader) file(path, rel string) {
	b, err := os.ReadFile(path)
	if err != nil {
		l.errs = append(l.errs, &Error{File: path, Msg: pathError(err)})
		return
	}
	l.parse(path, rel, b)
}

// parse reads one file's documents.
func (l *loader) parse(path, rel string, b []byte) {
	l.set.files = append(l.set.files, path)
	// The revision covers each file's relative path and bytes, each
	// length-prefixed so that no two sets of files hash alike.
	for _, part := range [][]byte{[]byte(rel), b} {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(part)))
		l.hash.Write(n[:])
		l.hash.Write(part)
	}
	d := &decoder{file: path}
	if k := l.opts.Known; k != nil {
		d.country = k.ResolveCountry
	}
	if !utf8.Valid(b) {
		// The YAML parser would say so without a line.
		for i, line := range bytes.Split(b, []byte("\n")) {
			if !utf8.Valid(line) {
				d.errorf(i+1, "not UTF-8: save the file as UTF-8")
				break
			}
		}
		l.errs = append(l.errs, d.errs...)
		return
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, msg := yamlerr.Locate(err, b)
			d.errorf(line, "not YAML: %s", msg)
			break
		}
		n := &doc
		if n.Kind == yaml.DocumentNode {
			if len(n.Content) == 0 {
				continue
			}
			n = n.Content[0]
		}
		if a := foreignAlias(n); a != nil {
			d.errorf(a.Line, "*%s names an anchor of another document: a record says its own fields (YAML anchors hold within their document)", a.Value)
			continue
		}
		if n = resolve(n); n.Kind == 0 || isNull(n) {
			continue // an empty document
		}
		l.record(d, n)
	}
	l.errs = append(l.errs, d.errs...)
}

// foreignAlias is the first alias in the document n whose anchor is not in
// it. YAML anchors hold within their document, but the parser keeps them
// for the documents after: a licence's "end_users: *sites" would read the
// end users of another record, which a reviewer of this one does not see
// (and other YAML tools refuse).
func foreignAlias(n *yaml.Node) *yaml.Node {
	in := map[*yaml.Node]bool{}
	var aliases []*yaml.Node
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		in[n] = true
		if n.Kind == yaml.AliasNode {
			aliases = append(aliases, n)
			return
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
	for _, a := range aliases {
		if !in[a.Alias] {
			return a
		}
	}
	return nil
}

// record reads one document.
func (l *loader) record(d *decoder, n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n.Line, "want a record (a mapping with record: %s), got %s; one record per YAML document, documents separated by ---",
			strings.Join(recordKinds, ", "), kindName(n))
		return
	}
	kind := ""
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k, v := resolve(n.Content[i]), resolve(n.Content[i+1]); k.Value == "record" {
			if v.Kind != yaml.ScalarNode || !slices.Contains(recordKinds, v.Value) {
				hint := ""
				if v.Value == "license" {
					hint = " (records are spelled licence; a BIS licence is record: licence with kind: license)"
				}
				d.errorf(v.Line, "record: unknown record %s; want one of %s%s", kindName(v), strings.Join(recordKinds, ", "), hint)
				return
			}
			kind = v.Value
		}
	}
	pos := Pos{File: d.file, Line: n.Line}
	l.noteNames(d, n, kind)
	l.noteRefs(d, n, kind)
	// Checks across fields run on the fields that are valid, so that
	// every problem is reported at once.
	switch kind {
	case recordLicence:
		r := Licence{Pos: pos}
		tab := licenceFields(&r)
		ok := decodeFields(d, n, "licence", tab.fields, tab.seen)
		if l.checkLicence(d, &r, tab) && ok {
			for _, u := range r.EndUsers {
				r.EndUserKeys = append(r.EndUserKeys, screening.Normalize(u))
			}
			l.set.licences[r.Number] = len(l.set.Licences)
			l.set.Licences = append(l.set.Licences, r)
		}
	case recordClearance:
		r := Clearance{Pos: pos}
		tab := clearanceFields(&r)
		ok := decodeFields(d, n, "clearance", tab.fields, tab.seen)
		if l.checkClearance(d, &r, tab) && ok {
			k := r.version()
			if i, again := l.set.clearances[k]; again { // ParseEach
				l.set.Clearances[i] = r
				break
			}
			l.set.clearances[k] = len(l.set.Clearances)
			l.set.Clearances = append(l.set.Clearances, r)
		}
	case recordNotification:
		r := Notification{Pos: pos}
		tab := notificationFields(&r)
		ok := decodeFields(d, n, "notification", tab.fields, tab.seen)
		if l.checkNotification(d, &r, tab) && ok {
			l.set.Notifications = append(l.set.Notifications, r)
		}
	case recordAssignment:
		r := Assignment{Pos: pos, Status: AssignmentAssigned}
		tab := assignmentFields(&r)
		ok := decodeFields(d, n, "assignment", tab.fields, tab.seen)
		if l.checkAssignment(d, &r, tab) && ok {
			k := r.key()
			if i, again := l.set.assignments[k]; again { // ParseEach
				l.set.Assignments[i] = r
				break
			}
			l.set.assignments[k] = len(l.set.Assignments)
			l.set.Assignments = append(l.set.Assignments, r)
		}
	default:
		d.errorf(n.Line, "missing required field \"record\": say what the record is (record: %s)", strings.Join(recordKinds, ", "))
	}
}

// checkItems checks that valid items name something.
func checkItems(d *decoder, what string, it Items, fs fieldSet) bool {
	if fs.seen.good("items") && len(it.Products) == 0 && len(it.ECCNs) == 0 {
		d.errorf(fs.seen.at("items"), "%s: items: name at least one product or ECCN", what)
		return false
	}
	return true
}

// name is how errors name a record: its kind and, when valid, its key.
func name(kind, key string, fs fieldSet, field string) string {
	if fs.seen.good(field) {
		return kind + " " + key
	}
	return kind
}

// checkLicence checks what no single field can: dates in order, limits
// on what the licence covers, a Federal Register listing only for a VEU,
// a licence number used once.
func (l *loader) checkLicence(d *decoder, r *Licence, fs fieldSet) bool {
	what := name("licence", r.Number, fs, "number")
	ok := checkItems(d, what, r.Items, fs)
	if r.Kind == KindLicense && r.Expires == "" && !fs.seen.has("expires") {
		d.errorf(r.Pos.Line, "%s: missing required field \"expires\" (a BIS licence has an expiry date)", what)
		ok = false
	}
	if r.Kind == KindLicense && fs.seen.has("federal_register") {
		d.errorf(fs.seen.at("federal_register"), "%s: federal_register cites a VEU's listing in Supplement No. 7 to part 748; a BIS licence is not listed in the Federal Register (for a VEU say kind: veu, else leave federal_register out)", what)
		ok = false
	}
	if r.Kind == KindVEU && fs.seen.has("extended") {
		d.errorf(fs.seen.at("extended"), "%s: extended records that BIS extended a licence's validity or issued it for longer (15 CFR 750.7(g)); a VEU has no such validity to extend (for a BIS licence say kind: license, else leave extended out)", what)
		ok = false
	}
	if fs.seen.good("issued") && r.Issued > l.tomorrow() {
		d.errorf(fs.seen.at("issued"), "%s: issued %s is after today (%s): record a licence once BIS has issued it (dated ahead, it would cover shipments planned before it exists)", what, r.Issued, l.opts.Today)
		ok = false
	}
	if fs.seen.good("expires") && fs.seen.good("issued") && r.Expires < r.Issued {
		d.errorf(fs.seen.at("expires"), "%s: expires %s is before issued %s", what, r.Expires, r.Issued)
		ok = false
	}
	if fs.seen.has("status_from") && r.Status == StatusActive {
		d.errorf(fs.seen.at("status_from"), "%s: status_from is the day a revocation or suspension took effect; this licence is active (say revoked or suspended, or leave status_from out)", what)
		ok = false
	}
	if fs.seen.good("status_from") && fs.seen.good("issued") && r.StatusFrom < r.Issued {
		d.errorf(fs.seen.at("status_from"), "%s: status_from %s is before issued %s", what, r.StatusFrom, r.Issued)
		ok = false
	}
	if r.Kind == KindLicense && !fs.seen.has("quantity_limits") && !fs.seen.has("value_limit_usd") {
		d.errorf(r.Pos.Line, "%s: a BIS licence needs quantity_limits or value_limit_usd (a licence without a limit is read as no licence)", what)
		ok = false
	}
	ok = drawnBeforeLimit(d, what, fs, "value_limit_usd") && ok
	if fs.seen.good("items") {
		for _, k := range slices.Sorted(maps.Keys(r.QuantityLimits)) {
			if !slices.Contains(r.Items.Products, k) && !slices.Contains(r.Items.ECCNs, k) {
				d.errorf(fs.limits[k], "%s: quantity_limits: %q is not among the licence's items", what, k)
				ok = false
			}
		}
	}
	l.noteNotices(d, r, what, fs)
	if fs.seen.good("number") {
		if p, dup := l.numbers[numberKey(r.Number)]; dup {
			d.errorf(fs.seen.at("number"), "%s: licence number already used at %s:%d%s", what, p.File, p.Line, p.as(r.Number))
			ok = false
		} else {
			l.numbers[numberKey(r.Number)] = used{r.Pos, r.Number}
		}
	}
	return ok
}

// ClearanceAtError is why a clearance may not say it was adjudicated on
// at (YYYY-MM-DD) when the records are read on today, or nil: a day after
// today is refused (the day after is allowed, for a team ahead of UTC), as
// a clearance dated ahead would hold more than months after the real
// adjudication. The records loader, `exportcheck clear --at` (which loads
// what it writes) and the review desk's "Adjudicated on" say it alike.
func ClearanceAtError(at, today string, months int) error {
	t, _ := time.Parse(time.DateOnly, today)
	if at > t.AddDate(0, 0, 1).Format(time.DateOnly) {
		return fmt.Errorf("at %s is after today (%s): a clearance is dated the day it was adjudicated (dated ahead, it would hold more than %d months after that)", at, today, months)
	}
	return nil
}

// ClearanceExpired is what to tell whoever records on today a clearance
// adjudicated on at and holding until expires (YYYY-MM-DD each), when
// expires is before from, the day the policy says it stands from
// (checker.ClearanceFrom: recorded today, today); "" when it holds for a
// day. It is no error — an adjudication made back then may be recorded
// now, and the reasons of the lines shipped while it held name it — but
// never silent: recorded today, it clears no line, since those lines
// shipped before it was recorded (the policy's rule: a record made after
// a shipment is evidence of a later review, not of screening before it),
// and none shipping from today. `exportcheck clear` and the review desk
// warn with it.
func ClearanceExpired(at, expires, today, from string) string {
	if expires == "" || expires >= from {
		return ""
	}
	return fmt.Sprintf("this clearance expired on %s, before today (%s): recorded today, it clears no line: those shipped from %s to %s shipped before it was recorded (their reasons will name it, as a review made after they shipped), and it holds for none shipping from today", expires, today, at, expires)
}

// tomorrow is the day after the day the records are read: the latest day
// a record may say something was done (issued, filed, adjudicated) on, as
// a team ahead of UTC writes it.
func (l *loader) tomorrow() string {
	today, _ := time.Parse(time.DateOnly, l.opts.Today)
	return today.AddDate(0, 0, 1).Format(time.DateOnly)
}

func (l *loader) checkClearance(d *decoder, r *Clearance, fs fieldSet) bool {
	what := "clearance"
	if fs.seen.good("entry") && fs.seen.good("end_user") {
		what = "clearance of " + r.Entry + " for " + strconv.Quote(r.EndUser)
	}
	ok := true
	if fs.seen.good("end_user") {
		if r.EndUserKey = screening.Normalize(r.EndUser); r.EndUserKey == "" {
			d.errorf(fs.seen.at("end_user"), "%s: end_user %q has no letters or digits to match", what, r.EndUser)
			ok = false
		}
	}
	if fs.seen.good("at") && fs.seen.good("expires") {
		at, _ := time.Parse(time.DateOnly, r.At)
		limit := ClearanceLimit(at, l.opts.ClearanceMaxMonths).Format(time.DateOnly)
		err := ClearanceAtError(r.At, l.opts.Today, l.opts.ClearanceMaxMonths)
		switch {
		case err != nil:
			d.errorf(fs.seen.at("at"), "%s: %v", what, err)
			ok = false
		case r.Expires <= r.At:
			d.errorf(fs.seen.at("expires"), "%s: expires %s is not after at %s", what, r.Expires, r.At)
			ok = false
		case r.Expires > limit:
			d.errorf(fs.seen.at("expires"), "%s: expires %s is more than %d months after at %s (at most %s: adjudicate again at least that often)",
				what, r.Expires, l.opts.ClearanceMaxMonths, r.At, limit)
			ok = false
		}
	}
	if fs.seen.good("recorded") {
		switch {
		case r.Recorded > l.tomorrow():
			d.errorf(fs.seen.at("recorded"), "%s: recorded %s is after today (%s): it is the day the record was written", what, r.Recorded, l.opts.Today)
			ok = false
		case fs.seen.good("at") && r.Recorded < r.At:
			d.errorf(fs.seen.at("recorded"), "%s: recorded %s is before at %s: a clearance is written on or after the day it was adjudicated", what, r.Recorded, r.At)
			ok = false
		}
	}
	if key := r.version(); r.EndUserKey != "" && fs.seen.good("entry") && fs.seen.good("at") {
		if p, dup := l.clearances[key]; dup && !l.replace {
			d.errorf(r.Pos.Line, "%s: this end user and entry are already cleared on %s at %s:%d (edit that record instead; a renewal is a new clearance with a later at)", what, r.At, p.File, p.Line)
			ok = false
		} else {
			l.clearances[key] = r.Pos
		}
	}
	return ok
}

func (l *loader) checkAssignment(d *decoder, r *Assignment, fs fieldSet) bool {
	what := "assignment"
	if fs.seen.good("end_user") {
		what = "assignment of " + strconv.Quote(r.EndUser)
	}
	ok := true
	switch {
	case fs.seen.has("licence") == fs.seen.has("notification"):
		d.errorf(r.Pos.Line, "%s: name one record: licence (a licence or VEU number) or notification (a BIS reference)", what)
		ok = false
	case fs.seen.has("licence") && !fs.seen.good("licence"), fs.seen.has("notification") && !fs.seen.good("notification"):
		ok = false
	}
	if fs.seen.good("end_user") {
		if r.EndUserKey = screening.Normalize(r.EndUser); r.EndUserKey == "" {
			d.errorf(fs.seen.at("end_user"), "%s: end_user %q has no letters or digits to match", what, r.EndUser)
			ok = false
		}
	}
	if key := r.key(); ok {
		if p, dup := l.assigned[key]; dup && !l.replace {
			d.errorf(r.Pos.Line, "%s: this end user is already assigned to %s at %s:%d", what, strings.Replace(r.record(), ":", " ", 1), p.File, p.Line)
			ok = false
		} else {
			l.assigned[key] = r.Pos
		}
	}
	return ok
}

func (l *loader) checkNotification(d *decoder, r *Notification, fs fieldSet) bool {
	what := name("notification", r.BISReference, fs, "bis_reference")
	ok := checkItems(d, what, r.Items, fs)
	if fs.seen.good("end_user") {
		if r.EndUserKey = screening.Normalize(r.EndUser); r.EndUserKey == "" {
			d.errorf(fs.seen.at("end_user"), "%s: end_user %q has no letters or digits to match", what, r.EndUser)
			ok = false
		}
	}
	if fs.seen.good("filed_on") && r.FiledOn > l.tomorrow() {
		d.errorf(fs.seen.at("filed_on"), "%s: filed_on %s is after today (%s): record a notification once it is filed (dated ahead, it would cover shipments planned under a filing not made)", what, r.FiledOn, l.opts.Today)
		ok = false
	}
	// A NAC notification is usable with the confirmation BIS gives
	// (15 CFR 740.8(c)(2)); ACA needs no notification, so nothing to confirm.
	if fs.seen.good("status") && fs.seen.good("exception") {
		switch {
		case r.Status == NotificationConfirmed && r.Exception != ExceptionNAC:
			d.errorf(fs.seen.at("status"), "%s: status confirmed is for a NAC notification (License Exception %s needs no notification to confirm)", what, r.Exception)
			ok = false
		case r.Status == NotificationConfirmed && !fs.seen.has("confirmation"):
			d.errorf(fs.seen.at("status"), "%s: status confirmed needs the NAC confirmation number BIS gave (confirmation: A and six digits)", what)
			ok = false
		case r.Status != NotificationConfirmed && fs.seen.has("confirmation"):
			d.errorf(fs.seen.at("confirmation"), "%s: a confirmation number belongs to a confirmed notification, not one %s", what, r.Status)
			ok = false
		}
	}
	ok = drawnBeforeLimit(d, what, fs, "value_usd") && ok
	if fs.seen.good("bis_reference") {
		if p, dup := l.notifications[numberKey(r.BISReference)]; dup {
			d.errorf(fs.seen.at("bis_reference"), "%s: BIS reference already used at %s:%d%s", what, p.File, p.Line, p.as(r.BISReference))
			ok = false
		} else {
			l.notifications[numberKey(r.BISReference)] = used{r.Pos, r.BISReference}
		}
	}
	return ok
}

// drawnBeforeLimit refuses a value drawn before on a record without the
// value limit (limit) it would count against.
func drawnBeforeLimit(d *decoder, what string, fs fieldSet, limit string) bool {
	if fs.seen.has("value_drawn_before_usd") && !fs.seen.has(limit) {
		d.errorf(fs.seen.at("value_drawn_before_usd"), "%s: value_drawn_before_usd counts against a value limit, and the record has none (%s)", what, limit)
		return false
	}
	return true
}

func (l *loader) finish() (*Set, error) {
	// An assignment names a record of the set (ParseEach: of the set it
	// is added to, WithKept).
	for _, a := range l.set.Assignments {
		if !l.replace && !l.set.holds(&a) {
			l.errs = append(l.errs, &Error{File: a.Pos.File, Line: a.Pos.Line, Msg: l.set.notHeld(&a)})
		}
	}
	if k := l.opts.Known; k != nil {
		l.errs = append(l.errs, l.set.unknown(*k)...)
	}
	if len(l.errs) > 0 {
		slices.SortStableFunc(l.errs, func(a, b *Error) int {
			return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
		})
		return nil, l.errs
	}
	l.set.revision = hex.EncodeToString(l.hash.Sum(nil))
	return l.set, nil
}
