// Package reports writes check results: text, JSON, JSON Lines, JUnit,
// SARIF, GitHub annotations, Markdown and the XLSX audit workbook. Each
// format is a [Writer] over an io.Writer, created with [New]; results
// arrive in input order, one [Writer.Write] per order line, then
// [Writer.Close] with the [Summary].
package reports

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/internal/prose"
)

// Run describes one check run: what every output records about how its
// results were made.
type Run struct {
	Tool      string // "exportcheck"
	Version   string
	Revision  string // policy revision (sha256 of policies and data)
	Regime    string
	AsOf      string // --as-of, empty when each line's own date was used
	FailOn    checker.Decision
	Inputs    []Input
	Generated time.Time
	DataAsOf  map[string]string // data set -> "as of" date
	Screening []Snapshot
	// Warnings are what a reader of any output must know about the run
	// (a demonstration or stale screening list, lines shipping after the
	// data's "as of" date, no line judged); every format states them.
	Warnings []string
	Explain  bool // text: print the reasons of every line
	// Width, when positive, is the terminal's width: text cuts its WHY
	// column to fit (files and pipes get 0: nothing is cut).
	Width int
	// OnlyFailing makes text list only the lines at or above FailOn (and
	// errors); the summary still counts every line.
	OnlyFailing bool
	Color       bool // text: colour decisions
	Checker     *checker.Checker
	// Records are the company's records the run applied (--records); nil
	// when none were given.
	Records *Records
	// Ownership is the ownership register the run applied (--ownership);
	// nil when none was given.
	Ownership *Ownership
	// Ledger is the workbook's Ledger sheet (exportcheck ledger export);
	// nil for none.
	Ledger *LedgerSheet
	// Committed says where check --commit recorded the run; nil when it
	// did not (set before the writers close).
	Committed *Committed
	// SARIFCategory is the analysis category SARIF names its run by
	// (runs[].automationDetails.id, --sarif-category); "" names none,
	// leaving it to the uploader.
	SARIFCategory string
}

// Ownership is an ownership register a run applied.
type Ownership struct {
	Revision string   // "sha256:" and 16 hex digits over the register's files
	Files    []string // the files read
	Rows     int
}

// Committed is the ledger run a check committed.
type Committed struct {
	Ledger string // the ledger's DSN, without a password
	RunID  string
	Head   string // the chain's head after the run
	Lines  int    // lines written (new and amended)
}

// Records are the compliance records a run applied: every licence,
// clearance and notification read, as the workbook's Licences sheet and
// the outputs' metadata show them. What a line drew is in its
// Result.Authorization.
type Records struct {
	Revision      string   // hex SHA-256 over the record files
	Files         []string // the files read
	Licences      []LicenceRecord
	Clearances    []ClearanceRecord
	Notifications []NotificationRecord
	Assignments   int // end users assigned by a person to a licence or notification
}

// LicenceRecord is a licence or VEU authorization on record.
type LicenceRecord struct {
	// Status is the licence's status on the day the run was made, as
	// records list writes it: "active", "expired", "revoked from
	// 2026-03-01" (before that day it covered lines).
	Number, Kind, Status string
	Issued, Expires      string // Expires "" for none
	// Extended is, for a BIS licence, how BIS extended it or issued it
	// for longer, as the record says ("" for not); FederalRegister, for a
	// VEU, the citations of its listing in Supplement No. 7 to part 748
	// (none: the record gives none).
	Extended        string
	FederalRegister []string
	// Limits are the record's limits: units per product ID or ECCN, and
	// "value" in US dollars; empty for none.
	Limits       map[string]float64
	Destinations []string
	EndUsers     []string
	Conditions   string   // conditions and provisos, as the licence states them
	Flags        []string // the conditions the policy reads (requires_end_use_certificate)
	File         string
	Line         int
}

// ClearanceRecord is a screening clearance on record.
type ClearanceRecord struct {
	EndUser, Entry, EntryName, List string
	Outcome, By, At, Expires        string
	Recorded                        string // the day it was written, when the record says
	Reason                          string // why, as the person who cleared it wrote
	File                            string
	Line                            int
}

// NotificationRecord is a NAC/ACA notification on record. Status is its
// status on the day the run was made, as records list writes it:
// "confirmed", "confirmed (usable from 2026-01-26)" (not usable yet).
type NotificationRecord struct {
	BISReference, Exception, FiledOn string
	Destination, EndUser, Status     string
	Quantity                         int64
	File                             string
	Line                             int
}

// Input is one input file.
type Input struct {
	Path   string
	Size   int64
	SHA256 string
}

// Snapshot identifies a screening list used. Its JSON is the object the
// JSON output's "screening" holds for it, and what the ledger records of
// each list a committing run screened against (ledger.Run).
type Snapshot struct {
	Path       string `json:"path"`
	SHA256     string `json:"sha256"`
	Rows       int    `json:"rows"`
	Newest     string `json:"newest"`
	Downloaded string `json:"downloaded,omitempty"` // when `lists update` downloaded it (RFC 3339), "" when not known
	Demo       bool   `json:"demo,omitempty"`       // the embedded demonstration excerpt, not a real screen
}

// Summary counts a run's results.
type Summary struct {
	Total      int
	Errors     int                      // lines that could not be judged
	ByDecision map[checker.Decision]int // judged lines per decision
	Failed     int                      // lines at or above the threshold, plus errors
	Latest     string                   // the latest ship date of a judged line (YYYY-MM-DD; the date judged as of where the order has none), "" when none
	// Unread are the paths of input files that could not be read (missing, empty,
	// binary): nothing in them was judged. Each is one result with an
	// error, counted in Total, Errors and Failed as every format records
	// it; prose counts them apart from lines ([Summary.Lines]).
	Unread []string
}

// Lines is the number of order lines read: results but the files not read.
func (s *Summary) Lines() int { return s.Total - len(s.Unread) }

// LineErrors is the number of lines read that could not be judged.
func (s *Summary) LineErrors() int { return s.Errors - len(s.Unread) }

// FailedLines is the number of lines at or above the threshold, or not
// judged: Failed but the files not read.
func (s *Summary) FailedLines() int { return s.Failed - len(s.Unread) }

// NotRead reports whether r stands for an input file that could not be
// read at all (an input error without a line), with the file's name for
// prose ("standard input" for -) and why, as the error says it.
func NotRead(r *checker.Result) (file, why string, ok bool) {
	var ie *checker.InputError
	if r.Err == nil || !errors.As(r.Err, &ie) || ie.Line > 0 && !ie.Unread {
		return "", "", false
	}
	why = ie.Message()
	if ie.Line > 0 {
		why = fmt.Sprintf("line %d: %s", ie.Line, why)
	}
	return FileName(ie.File), why, true
}

// Stdin is the path that stands for standard input among the books read,
// as the command line takes it and orders.Read names its lines.
const Stdin = "-"

// Source is the one rule for naming where order lines came from: name is
// what prose calls it ("standard input" for [Stdin], else the path as
// given), and file whether it is a file that a CI page (GitHub
// annotations, JUnit, SARIF) can link to. Standard input is none: "-"
// would link a file of that name, which does not exist.
//
// A relative path that would begin a GitHub Actions workflow command
// where it begins a line ("::stop-commands::x.csv", after any white
// space: the runner reads "::name::" there) is named "./" and the path:
// the same file, and a line that starts with it (an error on standard
// error, a row of the text table) no longer stops or fakes the run's
// annotations.
func Source(path string) (name string, file bool) {
	if path == Stdin {
		return "standard input", false
	}
	return LogFileLead(path), true
}

// FileName is an input file's name for prose: "standard input" for -.
func FileName(path string) string {
	name, _ := Source(path)
	return name
}

// UnreadText says which files could not be read: "1 file could not be
// read (orders.csv)", naming up to three.
func (s *Summary) UnreadText() string {
	t := prose.Count(len(s.Unread), "file") + " could not be read"
	if len(s.Unread) <= 3 {
		names := make([]string, len(s.Unread))
		for i, f := range s.Unread {
			names[i] = FileName(f)
		}
		t += " (" + strings.Join(names, ", ") + ")"
	}
	return t
}

// Line is the summary in one line, the same in every format: "14 lines:
// 7 allow, 1 exception, 6 license_required, 7 at or above --fail-on review"
// (lines that could not be judged count as "error" and fail: "... 1 error,
// 8 at or above --fail-on review or errors"; files that could not be read
// are not lines: "...; 1 file could not be read (orders.csv)").
func (s *Summary) Line(failOn checker.Decision) string {
	var b strings.Builder
	b.WriteString(prose.Count(s.Lines(), "line") + ":")
	for _, d := range checker.Decisions() {
		if n := s.ByDecision[d]; n > 0 {
			fmt.Fprintf(&b, " %s %s,", prose.Number(n), d) // 30,001 lines: 24,918 allow, as the lines are counted
		}
	}
	errs := s.LineErrors()
	if errs > 0 {
		fmt.Fprintf(&b, " %s error,", prose.Number(errs))
	}
	fmt.Fprintf(&b, " %s at or above --fail-on %s", prose.Number(s.FailedLines()), failOn)
	if errs > 0 {
		b.WriteString(" or errors") // they fail too: the count adds up
	}
	if len(s.Unread) > 0 { // not lines: files, nothing in them judged
		b.WriteString("; " + s.UnreadText())
	}
	return b.String()
}

// NewSummary returns an empty summary.
func NewSummary() *Summary { return &Summary{ByDecision: map[checker.Decision]int{}} }

// Add counts one result against the threshold.
func (s *Summary) Add(r *checker.Result, failOn checker.Decision) {
	s.Total++
	if r.Err != nil {
		if _, _, ok := NotRead(r); ok {
			s.Unread = append(s.Unread, r.Order.File)
		}
		s.Errors++
		s.Failed++
		return
	}
	s.ByDecision[r.Decision]++
	// The ship date is the order's; the date judged as of (--as-of) only
	// stands in for it when the order gives none. Retention runs from it.
	shipped := r.Date
	if d := strings.TrimSpace(r.Order.Date); len(d) == len(time.DateOnly) {
		if _, err := time.Parse(time.DateOnly, d); err == nil {
			shipped = d
		}
	}
	if shipped > s.Latest {
		s.Latest = shipped
	}
	if Fails(r, failOn) {
		s.Failed++
	}
}

// Writer writes results in one format. Write must not keep r after it
// returns (callers reuse one Result for every line); copy what is kept.
type Writer interface {
	Write(r *checker.Result) error
	Close(s *Summary) error
}

// Aborter is implemented by writers that hold resources (goroutines,
// temporary files) to release when a run fails before Close.
type Aborter interface{ Abort() }

type factory func(w io.Writer, run *Run) (Writer, error)

var formats = map[string]factory{}

func register(name string, f factory) { formats[name] = f }

// Formats lists the known formats, sorted.
func Formats() []string {
	names := make([]string, 0, len(formats))
	for n := range formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// New returns a writer for format.
func New(format string, w io.Writer, run *Run) (Writer, error) {
	f, ok := formats[format]
	if !ok {
		return nil, fmt.Errorf("unknown format %q; known: %s", format, strings.Join(Formats(), ", "))
	}
	return f(w, run)
}

// Fails reports whether a result fails a run whose threshold is failOn:
// a line that could not be judged, or one decided at or above failOn.
// It is the one rule of what fails: the exit code counts by it
// ([Summary.Add]), and every format that marks lines as failing
// ([Run.Failing], [Run.Level]) marks these.
func Fails(r *checker.Result, failOn checker.Decision) bool {
	return r.Err != nil || r.Decision >= failOn
}

// Failing reports whether a result fails the run's threshold ([Fails]).
func (run *Run) Failing(r *checker.Result) bool { return Fails(r, run.FailOn) }

// Level is how the formats that grade the lines they show (GitHub
// annotations, SARIF) grade one.
type Level string

// The levels, most severe first.
const (
	// LevelError: the line fails the run (exit 1 or 2), as [Fails] says.
	LevelError Level = "error"
	// LevelWarning: the line passes the threshold, but a person should see
	// it: any decision other than allow and licensed (review, exception,
	// license_required below a higher --fail-on).
	LevelWarning Level = "warning"
	// LevelNotice: a licensed line that passes: shipped under an
	// authorization on record, for the record rather than for action.
	LevelNotice Level = "notice"
	// LevelNone: an allowed line that passes.
	LevelNone Level = ""
)

// Level grades a result against the run's threshold: every line that
// fails the run is [LevelError], whatever its decision, so that a CI
// check that fails on errors fails exactly when the exit code does.
func (run *Run) Level(r *checker.Result) Level {
	switch {
	case run.Failing(r):
		return LevelError
	case r.Decision == checker.Licensed:
		return LevelNotice
	case r.Decision != checker.Allow:
		return LevelWarning
	}
	return LevelNone
}

// AndMore says how many reasons a line has beside the one shown (its
// classification's left out: the reasons the policy marks
// Classification, whatever their rule ids): " (and 2 more reasons)", ""
// for none. A screening match is not hidden behind the reason that
// decided a line.
func AndMore(r *checker.Result, shown checker.Reason) string {
	more := 0
	for _, y := range r.Reasons {
		if y != shown && !y.Classification {
			more++
		}
	}
	switch more {
	case 0:
		return ""
	case 1:
		return " (and 1 more reason)"
	}
	return fmt.Sprintf(" (and %d more reasons)", more)
}

// DecisionText is the decision as printed, "error" for lines not judged.
func DecisionText(r *checker.Result) string {
	if r.Err != nil {
		return "error"
	}
	return r.Decision.String()
}

// Detail is the review policy or the exception of a result.
func Detail(r *checker.Result) string {
	switch {
	case r.Authorization != nil:
		return AuthorizationText(r.Authorization)
	case r.Exception != "":
		return r.Exception
	case r.ReviewPolicy != "":
		return ReviewPolicyText(r)
	}
	return ""
}

// ReviewPolicyText is the review policy of a result in the policy's words
// ("presumption of denial", "review policy not stated"); a result that
// carries none (read back from a ledger) reads as its name.
func ReviewPolicyText(r *checker.Result) string {
	if r.ReviewPolicyText != "" {
		return r.ReviewPolicyText
	}
	return strings.ReplaceAll(r.ReviewPolicy, "_", " ")
}

// AuthorizationText names what a licensed line ships under and what is
// left on it: "D1234567, 40 left", "VEU-DC-0001", "NAC-2026-0113, 6 left",
// "D1200077, USD 12,500 left".
func AuthorizationText(a *checker.Authorization) string {
	if a.RemainingAfter == nil {
		return a.Number
	}
	left := groupDigits(strconv.FormatFloat(*a.RemainingAfter, 'f', -1, 64))
	if a.Limit == "value" {
		left = "USD " + left
	}
	return a.Number + ", " + left + " left"
}

// GroupDigits puts thousands separators in the integer part of a number
// written in decimal ("15832.4" reads "15,832.4"), as the reasons write
// figures.
func GroupDigits(s string) string { return groupDigits(s) }

// groupDigits puts thousands separators in the integer part of a number.
func groupDigits(s string) string {
	i := strings.IndexByte(s, '.')
	if i < 0 {
		i = len(s)
	}
	neg := strings.HasPrefix(s, "-")
	start := 0
	if neg {
		start = 1
	}
	var b strings.Builder
	b.WriteString(s[:start])
	for j := start; j < i; j++ {
		if j > start && (i-j)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[j])
	}
	b.WriteString(s[i:])
	return b.String()
}

// RecordsText names the records a run applied, for footers: "records
// revision 1a2b3c4d5e6f (4 licences, 1 clearance, 1 notification)".
// With an ownership register it names that too: "ownership register
// sha256:1a2b… (12 rows)".
func (run *Run) RecordsText() string {
	var parts []string
	if r := run.Records; r != nil {
		assigned := ""
		if r.Assignments > 0 {
			assigned = ", " + prose.Count(r.Assignments, "assignment")
		}
		parts = append(parts, fmt.Sprintf("records revision %s (%s, %s, %s%s)", ShortHash(r.Revision),
			prose.Count(len(r.Licences), "licence"), prose.Count(len(r.Clearances), "clearance"), prose.Count(len(r.Notifications), "notification"), assigned))
	}
	if o := run.Ownership; o != nil {
		parts = append(parts, fmt.Sprintf("ownership register %s (%s)", o.Revision, prose.Count(o.Rows, "row")))
	}
	return strings.Join(parts, "; ")
}

// CommittedText says where the run was committed, for footers: "committed
// to ledger sqlite:ledger.db as run 2026…-1a2b (11 lines); chain head
// 3f2a…".
func (run *Run) CommittedText() string {
	c := run.Committed
	if c == nil {
		return ""
	}
	if c.Head == "" { // the run wrote no row (a book with no line to commit)
		return fmt.Sprintf("committed to ledger %s as run %s (%s): nothing added to its chain", c.Ledger, c.RunID, prose.Count(c.Lines, "line"))
	}
	return fmt.Sprintf("committed to ledger %s as run %s (%s); chain head %s", c.Ledger, c.RunID, prose.Count(c.Lines, "line"), c.Head)
}

// RetainUntil is the end of the record-keeping period of the run's
// records, as the data says (15 CFR 762.6: years from the latest export
// they record): from the latest ship date judged, or from the run when no
// line was. Without a checker (nothing to read it from) it is unknown.
func (run *Run) RetainUntil(s *Summary) (time.Time, checker.Retention, bool) {
	if run.Checker == nil {
		return time.Time{}, checker.Retention{}, false
	}
	r, err := run.Checker.Bundle().Retention()
	if err != nil {
		return time.Time{}, r, false
	}
	if t, err := time.Parse(time.DateOnly, s.Latest); err == nil {
		return r.Until(t), r, true
	}
	return r.Until(run.Generated), r, true
}

// DemoWarning is the warning for screening against the embedded
// demonstration excerpt of entries entries, chosen as given says
// ("--screening-list demo" on the command line): check says it in every
// output, serve in every response and on every review desk page, ledger
// export of each run that did. entries 0 is a count not known (a
// ledger's run under an excerpt another version embedded).
func DemoWarning(entries int, given string) string { return demoWarning(entries, given, "were") }

// DemoStartWarning is [DemoWarning] as a server says it when it starts,
// before it has screened anyone: end users "are screened" against the
// excerpt.
func DemoStartWarning(entries int, given string) string { return demoWarning(entries, given, "are") }

func demoWarning(entries int, given, tense string) string {
	excerpt := "excerpt"
	if entries > 0 {
		excerpt = fmt.Sprintf("%d-entry excerpt", entries)
	}
	return fmt.Sprintf("DEMONSTRATION screening: end users %s screened against the embedded %s (%s), not the Consolidated Screening List; listed parties can come out allow", tense, excerpt, given)
}

// ScreeningOffWarning is the warning for a run that screened against no
// list, turned off as given says ("--screening-list none"): as loud as a
// demonstration list, which screens some names.
func ScreeningOffWarning(given string) string {
	return fmt.Sprintf("restricted-party screening is off (%s): no end user is screened against any list, so a listed party can come out allow", given)
}

// ScreeningText describes the screening lists used, for footers (each
// list's SHA-256 shortened).
func (run *Run) ScreeningText() string { return ScreeningText(run.Screening) }

// ScreeningText describes screening lists as check's footers do: "screening
// lists: PATH (sha256 …, N rows, newest DATE, downloaded …)", or "no
// restricted-party screening" for none. diff names its lists with it.
func ScreeningText(lists []Snapshot) string { return screeningText(lists, ShortHash) }

// ScreeningRecord is ScreeningText with each list's whole SHA-256, for
// the outputs kept as records (SARIF, JUnit): the hash proves which list
// screened the run.
func (run *Run) ScreeningRecord() string {
	return screeningText(run.Screening, func(s string) string { return s })
}

func screeningText(lists []Snapshot, hash func(string) string) string {
	if len(lists) == 0 {
		return "no restricted-party screening"
	}
	parts := make([]string, 0, len(lists))
	for _, s := range lists {
		p := fmt.Sprintf("%s (sha256 %s, %s, newest %s", s.Path, hash(s.SHA256), prose.Count(s.Rows, "row"), s.Newest)
		if s.Downloaded != "" {
			p += ", downloaded " + s.Downloaded
		}
		if s.Demo {
			p += ", DEMONSTRATION excerpt"
		}
		parts = append(parts, p+")")
	}
	return "screening lists: " + strings.Join(parts, "; ")
}

// CaseName names a line for JUnit and annotations: "SO-1001 nvidia-h100-sxm5
// to CN on 2023-01-15", with only what is known of a bad line ("SO-7 to
// CN"), or, for an error about a whole file (no line), what it is about
// ("orders.csv (the whole file)"). A line that could not be read into
// fields has no id: it is named as the reader names a line without one
// ("orders.csv:3"), never by a blank name that every such line shares.
func CaseName(r *checker.Result) string {
	o := &r.Order
	if o.Line <= 0 && o.ID == "" {
		return FileName(o.File) + " (the whole file)"
	}
	name := o.ID
	if name == "" {
		name = fmt.Sprintf("%s:%d", filepath.Base(o.File), o.Line)
	}
	if product := firstNonEmpty(r.ProductID, o.Product); product != "" {
		name += " " + product
	}
	if o.Destination != "" {
		name += " to " + o.Destination
	}
	if date := firstNonEmpty(r.Date, o.Date); date != "" {
		name += " on " + date
	}
	return name
}

// errText is a bad line's error without the file and line a report
// already shows beside it.
func errText(r *checker.Result) string {
	if msg, ok := LineMessage(r); ok {
		return msg
	}
	return r.Err.Error()
}

// ErrorText is a bad line's error as prose names its place ([Location]):
// "orders.csv:3: unknown product" for a line of a file, "standard input
// line 3: unknown product" for a line read from standard input.
func ErrorText(r *checker.Result) string {
	if msg, ok := LineMessage(r); ok {
		return Location(&r.Order) + ": " + msg
	}
	return r.Err.Error()
}

// LogText is text for a line of a log that CI reads, such as standard
// error in GitHub Actions: as [Visible] shows it, with "##[" (the
// runner's legacy command marker, which it reads anywhere in a line:
// "##[stop-commands]x" in a name from the book would silence every
// annotation after it) written "#\x23[". A line that begins with a
// book's name names it as [Source] does.
func LogText(s string) string { return strings.ReplaceAll(Visible(s), "##[", `#\x23[`) }

// LogLead is text (an id, a message, a cell: not a file name) for the
// start of a line of a log. Where it begins with "::" (after white
// space), which GitHub's runner reads as a workflow command
// ("::error::x", "::add-mask::x"), its first colon is written \x3a, as
// [Visible] writes a character that would act: "\x3a:error::x". Text is
// no path, so "./" before it (as [LogFileLead] puts before a file name)
// would read as one. Any other text is s.
func LogLead(s string) string {
	if i := commandAt(s); i >= 0 {
		return s[:i] + `\x3a` + s[i+1:]
	}
	return s
}

// LogFileLead is a relative path, or a line that begins with one, for
// the start of a line of a log: "./" before it where it begins with "::"
// (after white space), which GitHub's runner would read as a workflow
// command. It names the same file, as [Source] names a book.
func LogFileLead(s string) string {
	if commandAt(s) >= 0 {
		return "./" + s
	}
	return s
}

// commandAt is where the "::" that begins s after white space is, or -1.
func commandAt(s string) int {
	t := strings.TrimLeftFunc(s, unicode.IsSpace)
	if !strings.HasPrefix(t, "::") {
		return -1
	}
	return len(s) - len(t)
}

// lineMessage is a bad line's error without its place, when the error
// is the checker's about this very line (its place is the line's).
func LineMessage(r *checker.Result) (string, bool) {
	ie, ok := r.Err.(*checker.InputError)
	if !ok || ie.File != r.Order.File || ie.Line != r.Order.Line {
		return "", false
	}
	return ie.Message(), true
}

// Location is "file:line", or the file alone for errors about a whole
// file; for standard input, which is no file, "standard input line 3".
func Location(o *checker.Order) string {
	name, file := Source(o.File)
	switch {
	case o.Line <= 0:
		return name
	case !file:
		return fmt.Sprintf("%s line %d", name, o.Line)
	}
	return fmt.Sprintf("%s:%d", name, o.Line)
}
