package reports

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/internal/prose"
)

func init() { register("markdown", newMarkdown) }

// markdownWriter writes a summary table and the lines other than allow,
// for a pull-request comment or a job summary. The whole fits GitHub's job
// summary (markdownBudget): past it, the least severe lines are left out
// of the table and the report says how many.
type markdownWriter struct {
	w    *bufio.Writer
	run  *Run
	rows keeper[string]
}

// markdownBudget is the most bytes the report takes. GitHub refuses a
// step's summary over 1 MiB ("$GITHUB_STEP_SUMMARY upload aborted,
// supports content up to a size of 1024k"), and the whole summary is then
// lost; 16 KiB are left for what the workflow adds. A variable so that
// tests can lower it.
var markdownBudget = 1<<20 - 16<<10

func newMarkdown(w io.Writer, run *Run) (Writer, error) {
	return &markdownWriter{w: bufio.NewWriter(w), run: run, rows: keeper[string]{budget: markdownBudget}}, nil
}

// MarkdownCell escapes text for a Markdown table cell, so that text from
// an order book shows as written and can neither end the cell or the row
// nor become markup: line breaks as spaces; |, and the punctuation that
// starts a link, an image, raw HTML, an entity, emphasis, strikethrough,
// a code span or GitHub's math (\ ` * [ ] < > & ~ $) escaped with a
// backslash; other control characters as Visible shows them. An
// underscore is left as it is: within a word (license_required) it is no
// emphasis, and around one it only slants it.
func MarkdownCell(s string) string { return Visible(mdCell.Replace(s)) }

var mdCell = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ",
	`\`, `\\`, "|", `\|`, "`", "\\`", "*", `\*`, "[", `\[`, "]", `\]`,
	"<", `\<`, ">", `\>`, "&", `\&`, "~", `\~`, "$", `\$`)

func (m *markdownWriter) Write(r *checker.Result) error {
	if r.Err == nil && r.Decision == checker.Allow {
		return nil
	}
	product := firstNonEmpty(r.ProductID, r.Order.Product)
	why := r.HeadlineReason()
	text, cite := why.Message, why.Citation
	if why.Rule != "" {
		text = why.Rule + ": " + text
	}
	more := AndMore(r, why)
	if r.Err != nil {
		text, cite, more = errText(r), "", ""
	}
	row := fmt.Sprintf("| %s | %s | %s | %s | %s | **%s** | %s | %s | %s |\n",
		MarkdownCell(Location(&r.Order)), MarkdownCell(r.Order.ID), MarkdownCell(product), MarkdownCell(r.Order.Destination),
		MarkdownCell(firstNonEmpty(r.Date, r.Order.Date)), DecisionText(r), MarkdownCell(dash(r.ECCN)), MarkdownCell(dash(Detail(r))),
		MarkdownCell(text)+citeSuffix(cite)+more)
	m.rows.add(severity(r), len(row), row)
	return nil
}

func citeSuffix(c string) string {
	if c == "" {
		return ""
	}
	return " (" + MarkdownCell(c) + ")"
}

// MarkdownWarnings writes a run's warnings (such as a demonstration, stale or no
// screening list) as GitHub alerts, "> [!WARNING]", each followed by a
// blank line. check's and diff's Markdown head with them.
func MarkdownWarnings(w io.Writer, warnings []string) {
	for _, x := range warnings {
		fmt.Fprintf(w, "> [!WARNING]\n> %s\n\n", MarkdownCell(x))
	}
}

func (m *markdownWriter) Close(s *Summary) error {
	status := "✅ nothing at or above `" + m.run.FailOn.String() + "`"
	if n := s.FailedLines(); n > 0 {
		status = fmt.Sprintf("❌ %s at or above `%s`", prose.Count(n, "line"), m.run.FailOn)
		if s.LineErrors() > 0 {
			status += " or errors"
		}
		if len(s.Unread) > 0 {
			status += "; ❌ " + MarkdownCell(s.UnreadText())
		}
	} else if len(s.Unread) > 0 {
		status = "❌ " + MarkdownCell(s.UnreadText()) + ": nothing in " + prose.Agree(len(s.Unread), "it", "them") + " was judged"
	}
	var head, foot strings.Builder
	head.WriteString("## exportcheck\n\n")
	MarkdownWarnings(&head, m.run.Warnings)
	fmt.Fprintf(&head, "%s — %s checked.\n\n| decision | lines |\n|---|---:|\n", status, prose.Count(s.Lines(), "line"))
	for i := len(checker.Decisions()) - 1; i >= 0; i-- {
		d := checker.Decisions()[i]
		fmt.Fprintf(&head, "| %s | %d |\n", d, s.ByDecision[d])
	}
	if n := s.LineErrors(); n > 0 {
		fmt.Fprintf(&head, "| error | %d |\n", n)
	}
	fmt.Fprintf(&foot, "\nPolicy revision `%s`, regime `%s`", ShortHash(m.run.Revision), m.run.Regime)
	if m.run.AsOf != "" {
		fmt.Fprintf(&foot, ", as of %s", m.run.AsOf)
	}
	foot.WriteString("; " + MarkdownCell(m.run.ScreeningText()))
	if rt := m.run.RecordsText(); rt != "" {
		foot.WriteString("; " + MarkdownCell(rt))
	}
	if ct := m.run.CommittedText(); ct != "" {
		foot.WriteString("; " + MarkdownCell(ct))
	}
	foot.WriteString(".\n")

	m.w.WriteString(head.String())
	const table = "\n### Lines other than `allow`\n\n| line | id | product | destination | date | decision | ECCN | policy / exception / authorization | why |\n|---|---|---|---|---|---|---|---|---|\n"
	// The rows get what the rest leaves, less room for the note below.
	m.rows.fit(max(m.rows.budget-head.Len()-len(table)-foot.Len()-512, 1))
	if rows := m.rows.items(); len(rows) > 0 {
		m.w.WriteString(table)
		for _, row := range rows {
			m.w.WriteString(row)
		}
	}
	if n := m.rows.dropped; n > 0 {
		fmt.Fprintf(m.w, "\n_%s other than allow %s left out of this table: GitHub keeps at most 1 MiB of a job summary, "+
			"so the least severe lines (and, among equals, the last) give way. Every line is in the JSON, JSONL and workbook outputs._\n", prose.Count(n, "more line"), prose.Agree(n, "is", "are"))
	}
	m.w.WriteString(foot.String())
	return m.w.Flush()
}
