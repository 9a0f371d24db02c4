package reports

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/exportcheck/exportcheck/checker"
)

func init() { register("markdown", newMarkdown) }

// markdownWriter writes a summary table and the lines that are not allowed,
// for a pull-request comment or a job summary.
type markdownWriter struct {
	w    *bufio.Writer
	run  *Run
	rows []string
}

func newMarkdown(w io.Writer, run *Run) (Writer, error) {
	return &markdownWriter{w: bufio.NewWriter(w), run: run}, nil
}

// MarkdownCell escapes text for a Markdown table cell: | escaped, line
// breaks as spaces, other control characters as Visible shows them.
func MarkdownCell(s string) string { return Visible(mdCell.Replace(s)) }

var mdCell = strings.NewReplacer("|", `\|`, "\n", " ", "\r", "")

func (m *markdownWriter) Write(r *checker.Result) error {
	if r.Err == nil && r.Decision == checker.Allow {
		return nil
	}
	product := firstNonEmpty(r.ProductID, r.Order.Product)
	why := DecidingReason(r)
	text, cite := why.Message, why.Citation
	if r.Err != nil {
		text, cite = r.Err.Error(), ""
	}
	m.rows = append(m.rows, fmt.Sprintf("| %s | %s | %s | %s | %s | **%s** | %s | %s | %s |",
		MarkdownCell(Location(&r.Order)), MarkdownCell(r.Order.ID), MarkdownCell(product), MarkdownCell(r.Order.Destination),
		MarkdownCell(firstNonEmpty(r.Date, r.Order.Date)), DecisionText(r), MarkdownCell(dash(r.ECCN)), MarkdownCell(dash(Detail(r))),
		MarkdownCell(text)+citeSuffix(cite)))
	return nil
}

func citeSuffix(c string) string {
	if c == "" {
		return ""
	}
	return " (" + MarkdownCell(c) + ")"
}

func (m *markdownWriter) Close(s *Summary) error {
	status := "✅ nothing at or above `" + m.run.FailOn.String() + "`"
	if s.Failed > 0 {
		status = fmt.Sprintf("❌ %d line(s) at or above `%s`", s.Failed, m.run.FailOn)
	}
	fmt.Fprintf(m.w, "## exportcheck\n\n")
	for _, w := range m.run.Warnings {
		fmt.Fprintf(m.w, "> [!WARNING]\n> %s\n\n", MarkdownCell(w))
	}
	fmt.Fprintf(m.w, "%s — %d lines checked.\n\n| decision | lines |\n|---|---:|\n", status, s.Total)
	for i := len(checker.Decisions()) - 1; i >= 0; i-- {
		d := checker.Decisions()[i]
		fmt.Fprintf(m.w, "| %s | %d |\n", d, s.ByDecision[d])
	}
	if s.Errors > 0 {
		fmt.Fprintf(m.w, "| error | %d |\n", s.Errors)
	}
	if len(m.rows) > 0 {
		m.w.WriteString("\n### Lines not allowed\n\n| line | id | product | destination | date | decision | ECCN | policy / exception / authorization | why |\n|---|---|---|---|---|---|---|---|---|\n")
		for _, row := range m.rows {
			m.w.WriteString(row)
			m.w.WriteByte('\n')
		}
	}
	fmt.Fprintf(m.w, "\nPolicy revision `%s`, regime `%s`", short(m.run.Revision), m.run.Regime)
	if m.run.AsOf != "" {
		fmt.Fprintf(m.w, ", as of %s", m.run.AsOf)
	}
	m.w.WriteString("; " + MarkdownCell(m.run.ScreeningText()))
	if rt := m.run.RecordsText(); rt != "" {
		m.w.WriteString("; " + MarkdownCell(rt))
	}
	if ct := m.run.CommittedText(); ct != "" {
		m.w.WriteString("; " + MarkdownCell(ct))
	}
	m.w.WriteString(".\n")
	return m.w.Flush()
}
