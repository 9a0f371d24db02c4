package reports

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/internal/prose"
)

func init() { register("sarif", newSARIF) }

// sarifWriter writes SARIF 2.1.0: one rule per policy rule id (its citation
// as help), one result per line that fails the run (level error) or that
// passes but a person should see (level warning), as [Run.Level] grades
// them.
type sarifWriter struct {
	w       io.Writer
	run     *Run
	rules   map[string]checker.Reason
	info    map[string]checker.RuleInfo // the rules' METADATA, when the run has a checker
	results keeper[sarifResult]
	seen    map[[8]byte]uint32 // failing lines so far by book and order id, for their fingerprints
}

// sarifMaxResults is the most results a run holds: GitHub's code scanning
// rejects a run of more than 25,000 ("Analysis SARIF file rejected due to
// result limits"). Past it, the least severe failing lines give way and a
// notification says how many. A variable so that tests can lower it.
var sarifMaxResults = 25000

// sarifMaxGzip is the most a SARIF file may take gzip-compressed, as
// measured here: code scanning rejects an upload over 10 MB compressed
// ("SARIF file is too large"; docs.github.com, "SARIF support for code
// scanning" and "SARIF results file is too large"). The uploader
// (github/codeql-action's upload-sarif) compresses with zlib's default
// level; this file is measured with Go's gzip at BestSpeed, which
// compresses JSON less well, and kept to 9,000,000 bytes, leaving room
// for what the uploader adds to the run. Past it, the least severe of the
// results held give way as past sarifMaxResults. A variable so that tests
// can lower it.
var sarifMaxGzip = 9_000_000

// sarifMaxMessage is the most characters a result's message holds (a
// name from the book can be 64 KiB): the whole line is in the JSON,
// JUnit and workbook outputs; the alert needs the id, the decision and
// its reason. It bounds what each result held takes.
const sarifMaxMessage = 2000

type sarifLog struct {
	Version string     `json:"version"`
	Schema  string     `json:"$schema"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool              sarifTool         `json:"tool"`
	AutomationDetails *sarifAutomation  `json:"automationDetails,omitempty"`
	Invocations       []sarifInvocation `json:"invocations,omitempty"`
	Results           []sarifResult     `json:"results"`
	Properties        map[string]any    `json:"properties,omitempty"`
}

// sarifAutomation is a runAutomationDetails: its id is
// "CATEGORY/" (code scanning reads what comes before the last "/" as the
// analysis category and the rest, here nothing, as the run's id). Code
// scanning keeps one set of alerts per tool and category: a second upload
// for a commit under the same category replaces the first, and two in
// one workflow run fail it. github/codeql-action's upload-sarif sets a
// category (its category input, else one from the workflow, job and
// matrix) only where the file names none: written here, it wins over
// both, so it is written only when asked for (--sarif-category).
type sarifAutomation struct {
	ID string `json:"id"`
}

// SARIFAutomationID is the runAutomationDetails id of the category
// (--sarif-category), "/" appended as CodeQL's --sarif-category and the
// upload-sarif action append it; "" for none.
func SARIFAutomationID(category string) string {
	if category == "" || strings.HasSuffix(category, "/") {
		return category
	}
	return category + "/"
}

// sarifInvocation carries the run's warnings as tool execution
// notifications.
type sarifInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	Notifications       []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string       `json:"level"`
	Message sarifMessage `json:"message"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

// sarifRule is a reportingDescriptor. GitHub's code scanning requires
// shortDescription, fullDescription (each at most 1,024 characters) and
// help, none of them empty.
type sarifRule struct {
	ID               string       `json:"id"`
	ShortDescription sarifMessage `json:"shortDescription"`
	FullDescription  sarifMessage `json:"fullDescription"`
	Help             sarifMessage `json:"help"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations"`
	// PartialFingerprints is how code scanning tells an alert seen before
	// from a new one; it reads only primaryLocationLineHash.
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]any    `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

// sarifArtifact is an artifactLocation. Code scanning requires a uri
// (an upload whose result has none fails: "expected artifact location"),
// so standard input, which is no file, gets sarifStdinURI and a
// description (SARIF §3.4.5) saying what it stands for.
type sarifArtifact struct {
	URI         string        `json:"uri"`
	Description *sarifMessage `json:"description,omitempty"`
}

// sarifStdinURI is the artifact of lines read from standard input: a
// name, not "-", so that the alert reads "stdin" (no file in the
// repository holds the lines, whatever the name).
const sarifStdinURI = "stdin"

// sarifArtifactOf is a book's artifactLocation.
func sarifArtifactOf(file string) sarifArtifact {
	name, isFile := Source(file)
	if isFile {
		return sarifArtifact{URI: sarifURI(file)}
	}
	return sarifArtifact{URI: sarifStdinURI, Description: &sarifMessage{Text: name + ": the order book was not read from a file, and no file in the repository holds these lines"}}
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

func newSARIF(w io.Writer, run *Run) (Writer, error) {
	sw := &sarifWriter{w: w, run: run, rules: map[string]checker.Reason{}, results: keeper[sarifResult]{budget: sarifMaxResults}, seen: map[[8]byte]uint32{}}
	if run.Checker != nil {
		info, err := checker.RuleIDs(run.Checker.Bundle())
		if err != nil {
			return nil, err
		}
		sw.info = info
	}
	return sw, nil
}

// sarifLevel is a line's result level, from the run's grading of it
// (Run.Level, the threshold the exit code uses): "error" for every line
// that fails the run, so that code scanning's pull-request check, which
// fails on errors by default, fails when the run does; "warning" for a
// line that passes but a person should see. A licensed or allowed line
// that passes is no result (""): an alert stays open until its line
// leaves the book or someone dismisses it, and a line shipped under an
// authorization on record asks nothing of anyone.
func sarifLevel(l Level) string {
	switch l {
	case LevelError, LevelWarning:
		return string(l)
	}
	return ""
}

func (s *sarifWriter) Write(r *checker.Result) error {
	level := sarifLevel(s.run.Level(r))
	if level == "" {
		return nil
	}
	rule := "input.error"
	if r.Err == nil {
		d := r.HeadlineReason()
		rule = d.Rule
		for _, x := range r.Reasons {
			if _, ok := s.rules[x.Rule]; !ok {
				s.rules[x.Rule] = x
			}
		}
		if rule == "" { // a decision without a reason: still under a rule the run lists
			rule = sarifNoReason
			if _, ok := s.rules[rule]; !ok {
				s.rules[rule] = checker.Reason{Rule: rule, Citation: "exportcheck policy (README)", Message: "a decision the policy gave no reason for"}
			}
		}
	} else if _, ok := s.rules[rule]; !ok {
		s.rules[rule] = checker.Reason{Rule: rule, Citation: "exportcheck input format (README)", Message: "a line that cannot be judged"}
	}
	// Counted before the limit applies, so that a line's fingerprint does
	// not depend on what else is left out.
	id := cmp.Or(r.Order.ID, Location(&r.Order))
	h := sha256.Sum256([]byte(r.Order.File + "\x00" + id))
	key := [8]byte(h[:8])
	s.seen[key]++
	if s.results.skip(severity(r), 1) {
		return nil // past GitHub's limit, and less severe than every result held
	}
	line := max(r.Order.Line, 1)
	s.results.add(severity(r), 1, sarifResult{
		RuleID:  rule,
		Level:   level,
		Message: sarifMessage{Text: sarifText(id+": "+summaryLine(r), sarifMaxMessage)},
		Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
			ArtifactLocation: sarifArtifactOf(r.Order.File), Region: sarifRegion{StartLine: line},
		}}},
		// The order line's identity, not its place: the alert stays one
		// alert when lines are added above it. Like CodeQL's hash, ":n"
		// counts lines of the same id in the book.
		PartialFingerprints: map[string]string{"primaryLocationLineHash": hex.EncodeToString(key[:]) + ":" + strconv.FormatUint(uint64(s.seen[key]), 10)},
		Properties:          map[string]any{"decision": DecisionText(r), "eccn": r.ECCN, "regime": r.Regime, "review_policy": r.ReviewPolicy, "exception": r.Exception},
	})
	return nil
}

// sarifNoReason is the rule of a judged line that has no reason.
const sarifNoReason = "decision.unexplained"

// sarifURI is a book's name as an artifact URI: a relative path (which
// code scanning reads from the repository's root) as a relative reference,
// an absolute one as a file: URI, with what a URI cannot hold (spaces,
// non-ASCII, %, #, ?, \) percent-encoded.
func sarifURI(file string) string {
	p := filepath.ToSlash(file)
	if !filepath.IsAbs(file) {
		return (&url.URL{Path: p}).String() // "./" before a first segment with ":"
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/books/orders.csv
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// sarifPlain is s as a SARIF plain text message (§3.11.3–3.11.6) that
// shows s as it is: "{" and "}" doubled, as the standard requires of
// every message string ("{0}" is a placeholder), and \, [ and ] escaped
// with a backslash, so that a name from the book such as
// "[Cleared](https://…)" is not an embedded link. Control characters
// other than line breaks, the bidirectional overrides that reorder what
// a code scanning page shows, and bytes that are not UTF-8 (which JSON
// would turn into U+FFFD) are written as Visible writes them ("\x00",
// "\u202e", "\xff"), as every other format for people writes them.
func sarifPlain(s string) string { return sarifPlainEsc.Replace(visible(s, true)) }

var sarifPlainEsc = strings.NewReplacer("{", "{{", "}", "}}", `\`, `\\`, "[", `\[`, "]", `\]`)

// sarifText is s as a plain text message of at most n characters, for
// GitHub's limits: cut, with "…", where its escapes would pass n.
func sarifText(s string, n int) string {
	e := sarifPlain(s)
	if utf8.RuneCountInString(e) <= n {
		return e
	}
	// Cut between the characters of s, never inside an escape.
	var b strings.Builder
	width := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		piece, w := s[i:i+size], 1
		if hidden(r, size) || strings.ContainsRune(`{}\[]`, r) {
			piece = sarifPlain(piece)
			w = utf8.RuneCountInString(piece)
		}
		if width+w > n-1 {
			break
		}
		b.WriteString(piece)
		width += w
		i += size
	}
	return b.String() + "…"
}

func (s *sarifWriter) Close(_ *Summary) error {
	ids := make([]string, 0, len(s.rules))
	for id := range s.rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	rules := make([]sarifRule, 0, len(ids))
	for _, id := range ids {
		x := s.rules[id]
		short, full, help := id, id, cmp.Or(x.Citation, id)
		switch info, ok := s.info[id]; {
		case ok:
			// The rule's METADATA: its title, and its description with the citation.
			description := strings.Join(strings.Fields(info.Description), " ")
			short, full = cmp.Or(info.Title, id), cmp.Or(description, info.Title, id)
			help = description + " (" + cmp.Or(info.Citation, x.Citation) + ")"
		case id == "input.error" || id == sarifNoReason:
			full = x.Message
		}
		rules = append(rules, sarifRule{ID: id, ShortDescription: sarifMessage{Text: sarifText(short, 1024)},
			FullDescription: sarifMessage{Text: sarifText(full, 1024)}, Help: sarifMessage{Text: sarifPlain(help)}})
	}
	held := s.results.ranked()
	out, err := s.encode(rules, held, s.results.dropped)
	if err != nil {
		return err
	}
	// Within the budget uncompressed, it fits compressed too (gzip adds a
	// few bytes in 64 KiB to what does not compress, well inside the margin).
	if len(out) > sarifMaxGzip {
		// Too large for code scanning? Keep the most severe results (held
		// is in that order) that fit: results take about the same room
		// each, so aim a little under the budget, and again until it fits.
		for k, size := len(held), gzipSize(out); size > sarifMaxGzip && k > 0; size = gzipSize(out) {
			k = min(k-1, int(float64(k)*0.97*float64(sarifMaxGzip)/float64(size)))
			if out, err = s.encode(rules, held[:k], s.results.dropped+len(held)-k); err != nil {
				return err
			}
		}
	}
	_, err = s.w.Write(out)
	return err
}

// encode is the SARIF log holding the given results (most severe first;
// written in input order) and saying that left more were left out.
func (s *sarifWriter) encode(rules []sarifRule, held []kept[sarifResult], left int) ([]byte, error) {
	held = slices.Clone(held)
	slices.SortFunc(held, func(a, b kept[sarifResult]) int { return a.seq - b.seq })
	results := make([]sarifResult, len(held))
	for i, x := range held {
		results[i] = x.v
	}
	var invocations []sarifInvocation
	warnings := s.run.Warnings
	if left > 0 {
		warnings = append(slices.Clip(warnings), fmt.Sprintf("%s %s left out of this file: GitHub's code scanning "+
			"takes at most %d results a run and a file of at most 10 MB gzip-compressed, so the least severe lines (and, among equals, the last) give way. "+
			"Every line is in the JSON, JSONL, JUnit and workbook outputs.", prose.Count(left, "more line"), prose.Agree(left, "is", "are"), s.results.budget))
	}
	if len(warnings) > 0 {
		inv := sarifInvocation{ExecutionSuccessful: true}
		for _, w := range warnings {
			inv.Notifications = append(inv.Notifications, sarifNotification{Level: "warning", Message: sarifMessage{Text: sarifPlain(w)}})
		}
		invocations = append(invocations, inv)
	}
	log := sarifLog{
		Version: "2.1.0",
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Runs: []sarifRun{{
			Tool:        sarifTool{Driver: sarifDriver{Name: "exportcheck", Version: s.run.Version, InformationURI: "https://github.com/exportcheck/exportcheck", Rules: rules}},
			Invocations: invocations,
			Results:     results,
			Properties:  map[string]any{"revision": s.run.Revision, "regime": s.run.Regime, "screening": s.run.ScreeningRecord()},
		}},
	}
	if id := SARIFAutomationID(s.run.SARIFCategory); id != "" {
		log.Runs[0].AutomationDetails = &sarifAutomation{ID: id}
	}
	if s.run.AsOf != "" { // only with --as-of, as in JUnit and JSON
		log.Runs[0].Properties["as_of"] = s.run.AsOf
	}
	if r := s.run.Records; r != nil {
		log.Runs[0].Properties["records_revision"] = r.Revision
	}
	if o := s.run.Ownership; o != nil {
		log.Runs[0].Properties["ownership_revision"] = o.Revision
	}
	if left > 0 {
		log.Runs[0].Properties["results_left_out"] = left
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	err := enc.Encode(log)
	return b.Bytes(), err
}

// gzipSize is the size of b gzip-compressed at BestSpeed.
func gzipSize(b []byte) int {
	var n countWriter
	z, _ := gzip.NewWriterLevel(&n, gzip.BestSpeed) // a valid level: no error
	z.Write(b)
	z.Close()
	return int(n)
}

// countWriter counts what is written to it.
type countWriter int

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}
