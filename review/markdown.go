package review

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/exportcheck/exportcheck/internal/prose"
	"github.com/exportcheck/exportcheck/reports"
)

// cell escapes text for a Markdown table cell or list item, as the check's
// job summary does: line breaks as spaces, | and the characters that start
// a link, HTML, emphasis or math escaped, control characters as escapes.
func cell(s string) string { return reports.MarkdownCell(s) }

func comparisonMarkdown(w io.Writer, c *Comparison) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("### exportcheck diff\n\n")
	if c.Run != nil {
		reports.MarkdownWarnings(bw, c.Run.Warnings)
	}
	fmt.Fprintf(bw, "**%s.**\n\n", headline(c))
	fmt.Fprintf(bw, "- before: %s\n- after: %s\n", c.Before.Label(), c.After.Label())
	if c.Run != nil {
		fmt.Fprintf(bw, "- %s\n", cell(reports.ScreeningText(c.Run.Screening)))
	}
	unjudgedMarkdown(bw, c)
	if c.Listed() == 0 {
		return bw.Flush()
	}
	bw.WriteString("\n| ID | Line | Product | Destination | Decision | Why (after) |\n|---|---|---|---|---|---|\n")
	for ch, err := range c.all() {
		if err != nil {
			return err
		}
		a := &ch.After
		// Escaped a part at a time: the new decision's bold is markup.
		dec := cell(a.Decision.String())
		if ch.Kind == DecisionChanged {
			dec = cell(ch.Before.Decision.String()) + " → **" + dec + "**"
		}
		if d := reports.Detail(a); d != "" {
			dec += " (" + cell(d) + ")"
		}
		if ch.Kind == DetailChanged {
			dec += "; held, " + cell(ch.fieldsText()) + " changed"
		}
		why := ""
		if r := a.HeadlineReason(); r.Message != "" {
			why = r.Message + " — " + r.Citation
		}
		fmt.Fprintf(bw, "| %s | %s | %s | %s | %s | %s |\n",
			cell(ch.ID()), cell(lineOf(a)), cell(a.ProductID), cell(a.Order.Destination), dec, cell(why))
	}
	bw.WriteString("\n<details><summary>What changed on each line</summary>\n")
	for ch, err := range c.all() {
		if err != nil {
			return err
		}
		fmt.Fprintf(bw, "\n**%s** (%s): %s\n\n", cell(ch.ID()), cell(lineOf(&ch.After)), cell(ch.change()))
		for _, l := range ch.Explain() {
			switch {
			case strings.HasPrefix(l, "+ "):
				l = "added " + l[2:]
			case strings.HasPrefix(l, "- "):
				l = "removed " + l[2:]
			}
			fmt.Fprintf(bw, "- %s\n", cell(l))
		}
	}
	bw.WriteString("\n</details>\n")
	return bw.Flush()
}

// unjudgedMarkdown lists the lines that could not be judged: a reader of
// the comment does not see the run's standard error.
func unjudgedMarkdown(bw *bufio.Writer, c *Comparison) {
	if c.Summary.Errors == 0 {
		return
	}
	fmt.Fprintf(bw, "\n**%d %s could not be judged** (%s):\n\n", c.Summary.Errors, prose.Agree(c.Summary.Errors, "line", "lines"), unjudgedNote(c))
	for _, u := range c.Unjudged {
		fmt.Fprintf(bw, "- %s: %s\n", unjudgedSide(u.Side), cell(u.Error))
	}
}

func matrixMarkdown(w io.Writer, m *Matrix) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "### %s\n\n", matrixTitle(m))
	if m.ChangesOnly {
		fmt.Fprintf(bw, "| Product | Destination | %s | %s |\n|---|---|---|---|\n", m.Dates[0], m.Dates[1])
		for i := range m.Cells {
			c := &m.Cells[i]
			fmt.Fprintf(bw, "| %s | %s | %s | %s |\n", cell(c.Product), cell(c.Destination), cell(c.Values[0].Text()), cell(c.Values[1].Text()))
		}
		fmt.Fprintf(bw, "\n%d of %d cells changed.\n", len(m.Cells), len(m.Products)*len(m.Destinations))
		notesMarkdown(bw, m)
		return bw.Flush()
	}
	bw.WriteString("| Product |")
	for _, d := range m.Destinations {
		fmt.Fprintf(bw, " %s |", cell(d))
	}
	bw.WriteString("\n|---|")
	bw.WriteString(strings.Repeat("---|", len(m.Destinations)))
	bw.WriteByte('\n')
	for i, p := range m.Products {
		fmt.Fprintf(bw, "| %s |", cell(p))
		for j := range m.Destinations {
			fmt.Fprintf(bw, " %s |", cell(cellText(m.Cell(i, j))))
		}
		bw.WriteByte('\n')
	}
	notesMarkdown(bw, m)
	return bw.Flush()
}

// notesMarkdown writes the notes under a matrix as a list.
func notesMarkdown(w *bufio.Writer, m *Matrix) {
	if len(m.Notes) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s:\n\n", notesHead)
	for i, n := range m.Notes {
		fmt.Fprintf(w, "- \\[%d\\] %s\n", i+1, cell(n))
	}
}
