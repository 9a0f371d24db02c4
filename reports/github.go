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
// Which lines are annotated is decided as SARIF decides which results
// it keeps: the most severe (a line that could not be judged, then
// prohibited, …), among equals the first. The lines to annotate are held
// until the end (at most 10 of each kind) and printed in the book's
// order; a line that gives way is printed as a plain log line when it
// does. A prohibited line or a bad one far down a book is annotated in
// the pull request, not left in the log behind ten licence lines.
type githubWriter struct {
	w      *bufio.Writer
	run    *Run
	warned int            // the run's warnings printed at the start
	shown  map[string]int // annotations printed, by kind
	held   map[string][]ghLine
	seq    int
	logged int // lines printed as plain log lines
	// unshown counts the run's warnings printed as plain log lines: more
	// than GitHub would show (several stale screening lists).
	unshown int
}

// ghLine is a line to annotate, with its plain log line should it give
// way to a more severe one.
type ghLine struct {
	rank, seq                 int
	level, props, data, plain string
}

// ghShown is how many annotations of each kind GitHub shows a step.
const ghShown = 10

func newGitHub(w io.Writer, run *Run) (Writer, error) {
	g := &githubWriter{w: bufio.NewWriter(w), run: run, warned: len(run.Warnings), shown: map[string]int{}, held: map[string][]ghLine{}}
	for _, x := range run.Warnings {
		g.warn(x, 1) // one kept for a warning at the end
	}
	return g, nil
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
	rank := severity(r)
	g.seq++
	if g.givesWay(level, rank) {
		// Logged at once: its annotation is not made (most lines of a
		// large book, past the few GitHub shows).
		g.logged++
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
	return g.hold(ghLine{rank: rank, seq: g.seq, level: level, props: props, data: ghData(msg), plain: plain})
}

// givesWay reports whether a line of that level and rank, the latest,
// would give way at once: GitHub shows no more of its kind, and none held
// is less severe.
func (g *githubWriter) givesWay(level string, rank int) bool {
	held := g.held[level]
	if len(held) < g.room(level) {
		return false
	}
	return len(held) == 0 || held[g.least(level)].rank >= rank
}

// least is the held line of that level that would give way first: the
// least severe, among equals the latest.
func (g *githubWriter) least(level string) int {
	held, i := g.held[level], 0
	for j, h := range held {
		if h.rank < held[i].rank || h.rank == held[i].rank && h.seq > held[i].seq {
			i = j
		}
	}
	return i
}

// hold keeps x to annotate while GitHub shows that many of its kind,
// else the least severe held line (among equals the latest), or x
// itself, gives way and is printed as a plain log line.
func (g *githubWriter) hold(x ghLine) error {
	held := g.held[x.level]
	if len(held) < g.room(x.level) {
		g.held[x.level] = append(held, x)
		return nil
	}
	out := x
	if len(held) > 0 {
		if i := g.least(x.level); held[i].rank < x.rank {
			out, held[i] = held[i], x
		}
	}
	g.logged++
	_, err := g.w.WriteString(out.plain)
	return err
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
	d := DecidingReason(r)
	if d.Rule == "" {
		return summaryLine(r)
	}
	return summaryHead(r) + ": " + ReasonText(d)
}

func (g *githubWriter) Close(s *Summary) error {
	var held []ghLine
	for _, h := range g.held {
		held = append(held, h...)
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
	if g.logged > 0 {
		logged = fmt.Sprintf(". %s %s in the log only: GitHub shows %d annotations of each kind a step; every line is in the JSON, JUnit and workbook outputs",
			prose.Count(g.logged, "line"), prose.Agree(g.logged, "is", "are"), ghShown)
	}
	if g.unshown > 0 {
		logged += fmt.Sprintf(". %s of the run %s in the log only (exportcheck: warning: …)", prose.Count(g.unshown, "warning"), prose.Agree(g.unshown, "is", "are"))
	}
	g.annotate("notice", "title=exportcheck", fmt.Sprintf("%s (policy revision %s; %s%s)%s",
		ghData(s.Line(g.run.FailOn)), ShortHash(g.run.Revision), ghData(g.run.ScreeningText()), records, logged))
	return g.w.Flush()
}
