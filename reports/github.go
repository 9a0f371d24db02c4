package reports

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/internal/prose"
)

func init() { register("github", newGitHub) }

// githubWriter prints GitHub Actions workflow commands: an error annotation
// for each line at or above the threshold, a warning for other lines that
// are not allowed, a notice for licensed lines and the summary.
//
// GitHub shows 10 annotations of each kind a step and 50 a job (the first
// ones; the actions toolkit's docs/problem-matchers.md), and drops the rest
// without a word. The run's warnings come first, one warning and one
// notice are kept for what the run learns at its end (a warning, the
// summary), and lines or warnings past what GitHub shows are printed as
// plain log lines, which the summary counts.
//
// Which lines are annotated is decided by the keeper SARIF keeps its
// results in, one for each kind: the most severe (a line that could not
// be judged, then prohibited, …), among equals the first. The lines to
// annotate are held until the end (at most 10 of each kind) and printed
// in the book's order; a line that gives way is printed as a plain log
// line when it does. A prohibited line or a bad one far down a book is
// annotated in the pull request, not left in the log behind ten licence
// lines.
type githubWriter struct {
	w      *bufio.Writer
	run    *Run
	warned int            // the run's warnings printed at the start
	shown  map[string]int // annotations printed, by kind
	held   map[string]*keeper[ghLine]
	seq    int
	err    error // from printing a line that gave way
	// unshown counts the run's warnings printed as plain log lines: more
	// than GitHub would show (several stale screening lists).
	unshown int
}

// ghLine is a line to annotate, with its plain log line should it give
// way to a more severe one.
type ghLine struct {
	seq                       int
	level, props, data, plain string
}

// ghShown is how many annotations of each kind GitHub shows a step.
const ghShown = 10

func newGitHub(w io.Writer, run *Run) (Writer, error) {
	g := &githubWriter{w: bufio.NewWriter(w), run: run, warned: len(run.Warnings), shown: map[string]int{}, held: map[string]*keeper[ghLine]{}}
	for _, x := range run.Warnings {
		g.warn(x, 1) // one kept for a warning at the end
	}
	for _, kind := range []string{"error", "warning", "notice"} {
		g.held[kind] = &keeper[ghLine]{budget: max(g.room(kind), 0), out: g.log}
	}
	return g, nil
}

// log prints a line that gave way as a plain log line.
func (g *githubWriter) log(x ghLine) {
	if _, err := g.w.WriteString(x.plain); err != nil && g.err == nil {
		g.err = err
	}
}

// logged is how many lines were printed as plain log lines.
func (g *githubWriter) logged() int {
	n := 0
	for _, k := range g.held {
		n += k.dropped
	}
	return n
}

// warn annotates one of the run's warnings while GitHub shows it, keeping
// reserve warning annotations for later; past that it is a plain log
// line the summary counts.
func (g *githubWriter) warn(x string, reserve int) {
	if g.shown["warning"] < ghShown-reserve {
		g.annotate("warning", "title=exportcheck", ghData(x))
		return
	}
	g.unshown++
	fmt.Fprintf(g.w, "exportcheck: warning: %s\n", ghPlain(x))
}

func (g *githubWriter) annotate(kind, properties, message string) {
	g.shown[kind]++
	fmt.Fprintf(g.w, "::%s %s::%s\n", kind, properties, message)
}

// room is how many line annotations of a kind GitHub will still show.
func (g *githubWriter) room(kind string) int {
	reserve := 0
	switch kind {
	case "warning", "notice":
		reserve = 1
	}
	return ghShown - reserve - g.shown[kind]
}

// GitHub's escapes for workflow command data and properties (%, CR and
// LF; in properties also : and ,); other control characters, which the
// log would interpret (ESC starts a colour), are escaped as Visible does.
var (
	ghDataEsc     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropertyEsc = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// ghPlain is text for a plain log line (LogText).
func ghPlain(s string) string { return LogText(s) }

func ghData(s string) string     { return ghDataEsc.Replace(visible(s, true)) }
func ghProperty(s string) string { return ghPropertyEsc.Replace(visible(s, true)) }

func (g *githubWriter) Write(r *checker.Result) error {
	// The annotation's kind is the line's level (Run.Level, as SARIF's):
	// a notice for a licensed line, for the log, not a problem.
	level := string(g.run.Level(r))
	if level == "" {
		return nil
	}
	title := CaseName(r) + ": " + DecisionText(r)
	if r.Order.ID != "" {
		title = r.Order.ID + " " + DecisionText(r)
	}
	// A line of a file is annotated on it; standard input is no file
	// (file=- would link a file called "-"): its annotation names no
	// file, and its message says where the line was.
	name, file := Source(r.Order.File)
	where, message := "", ghMessage(r)
	if file {
		where = name + ":" + strconv.Itoa(max(r.Order.Line, 1))
	} else {
		where = Location(&r.Order)
	}
	// Past what GitHub shows: a plain line in the log (it starts with a
	// word, never with a workflow command's "::"). The runner also reads
	// a legacy command ("##[error]…") anywhere in a line: text from the
	// book cannot start one.
	plain := fmt.Sprintf("exportcheck: %s: %s: %s: %s\n", ghPlain(where), level, ghPlain(title), ghPlain(message))
	rank, held := severity(r), g.held[level]
	g.seq++
	if held.skip(rank, 1) {
		// Logged at once: its annotation is not made (most lines of a
		// large book, past the few GitHub shows).
		_, err := g.w.WriteString(plain)
		return err
	}
	msg := message
	if !file {
		msg = where + ": " + msg
	}
	props := "title=" + ghProperty(title)
	if file {
		props = "file=" + ghProperty(r.Order.File) + ",line=" + strconv.Itoa(max(r.Order.Line, 1)) + "," + props
	}
	held.add(rank, 1, ghLine{seq: g.seq, level: level, props: props, data: ghData(msg), plain: plain})
	return g.err
}

// ghMessage is an annotation's text: the decision and its deciding reason
// with rule id and citation, as the workbook writes a reason (an
// annotation is all a reviewer sees of the line in a pull request); for a
// line that could not be judged, the error without the file and line the
// annotation already names.
func ghMessage(r *checker.Result) string {
	if r.Err != nil {
		return errText(r)
	}
	d := r.HeadlineReason()
	if d.Rule == "" {
		return summaryLine(r)
	}
	return summaryHead(r) + ": " + ReasonText(d)
}

func (g *githubWriter) Close(s *Summary) error {
	var held []ghLine
	for _, k := range g.held {
		held = append(held, k.items()...)
	}
	slices.SortFunc(held, func(a, b ghLine) int { return a.seq - b.seq })
	for _, x := range held {
		g.annotate(x.level, x.props, x.data)
	}
	for _, w := range g.run.Warnings[g.warned:] {
		g.warn(w, 0)
	}
	records := ""
	if rt := g.run.RecordsText(); rt != "" {
		records = "; " + ghData(rt)
	}
	logged := ""
	if n := g.logged(); n > 0 {
		logged = fmt.Sprintf(". %s %s in the log only: GitHub shows %d annotations of each kind a step; every line is in the JSON, JUnit and workbook outputs",
			prose.Count(n, "line"), prose.Agree(n, "is", "are"), ghShown)
	}
	if g.unshown > 0 {
		logged += fmt.Sprintf(". %s of the run %s in the log only (exportcheck: warning: …)", prose.Count(g.unshown, "warning"), prose.Agree(g.unshown, "is", "are"))
	}
	g.annotate("notice", "title=exportcheck", fmt.Sprintf("%s (policy revision %s; %s%s)%s",
		ghData(s.Line(g.run.FailOn)), ShortHash(g.run.Revision), ghData(g.run.ScreeningText()), records, logged))
	return g.w.Flush()
}
