package reports

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/exportcheck/exportcheck/checker"
)

func init() { register("github", newGitHub) }

// githubWriter prints GitHub Actions workflow commands: an error annotation
// for each line at or above the threshold, a warning for other lines that
// are not allowed.
type githubWriter struct {
	w   *bufio.Writer
	run *Run
}

func newGitHub(w io.Writer, run *Run) (Writer, error) {
	return &githubWriter{w: bufio.NewWriter(w), run: run}, nil
}

// GitHub's escapes for workflow command data and properties (%, CR and
// LF; in properties also : and ,); other control characters, which the
// log would interpret (ESC starts a colour), are escaped as Visible does.
var (
	ghDataEsc     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropertyEsc = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func ghData(s string) string     { return ghDataEsc.Replace(visible(s, true)) }
func ghProperty(s string) string { return ghPropertyEsc.Replace(visible(s, true)) }

func (g *githubWriter) Write(r *checker.Result) error {
	level := ""
	switch {
	case g.run.Failing(r):
		level = "error"
	case r.Err == nil && r.Decision == checker.Licensed:
		level = "notice" // shipped under an authorization on record: for the log, not a problem
	case r.Decision != checker.Allow:
		level = "warning"
	default:
		return nil
	}
	title := CaseName(r) + ": " + DecisionText(r)
	if r.Order.ID != "" {
		title = r.Order.ID + " " + DecisionText(r)
	}
	_, err := fmt.Fprintf(g.w, "::%s file=%s,line=%d,title=%s::%s\n", level,
		ghProperty(r.Order.File), max(r.Order.Line, 1), ghProperty(title), ghData(summaryLine(r)))
	return err
}

func (g *githubWriter) Close(s *Summary) error {
	for _, w := range g.run.Warnings {
		fmt.Fprintf(g.w, "::warning title=exportcheck::%s\n", ghData(w))
	}
	records := ""
	if rt := g.run.RecordsText(); rt != "" {
		records = "; " + ghData(rt)
	}
	fmt.Fprintf(g.w, "::notice title=exportcheck::%s (policy revision %s; %s%s)\n",
		ghData(s.Line(g.run.FailOn)), short(g.run.Revision), ghData(g.run.ScreeningText()), records)
	return g.w.Flush()
}
