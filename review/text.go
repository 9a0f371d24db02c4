package review

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/exportcheck/exportcheck/reports"
)

func comparisonText(w io.Writer, c *Comparison) error {
	bw := bufio.NewWriter(w)
	// Text from the books (ids, names, reasons) as reports.LogText writes
	// it: no control character reaches a terminal, no "##[" a CI log.
	t := reports.LogText
	// The run's warnings and screening lists, as check's text gives them
	// (both sides screened against the same lists).
	if c.Run != nil {
		reports.TextWarnings(bw, c.Run.Warnings)
	}
	fmt.Fprintf(bw, "before: %s\nafter:  %s\n", t(c.Before.Label()), t(c.After.Label()))
	if c.Run != nil {
		fmt.Fprintf(bw, "%s\n", t(reports.ScreeningText(c.Run.Screening)))
	}
	section := func(title string, kind Kind) error {
		n := c.listed(kind)
		if n == 0 {
			return nil
		}
		fmt.Fprintf(bw, "\n%s (%d):\n", title, n)
		for ch, err := range c.ofKind(kind) {
			if err != nil {
				return err
			}
			a := &ch.After
			fmt.Fprintf(bw, "\n%s  %s  %s  %s  %s", t(reports.LogFileLead(lineOf(a))), t(ch.ID()), t(a.ProductID), t(a.Order.Destination), t(ch.change()))
			if s := strings.TrimSpace(a.ECCN + " " + reports.Detail(a)); s != "" {
				fmt.Fprintf(bw, "  [%s]", t(s))
			}
			bw.WriteByte('\n')
			if r := a.HeadlineReason(); r.Message != "" {
				fmt.Fprintf(bw, "    why: %s (%s)\n", t(r.Message), t(r.Citation))
			}
			for _, l := range ch.Explain() {
				fmt.Fprintf(bw, "    %s\n", t(l))
			}
		}
		return nil
	}
	if err := section("Decision changed", DecisionChanged); err != nil {
		return err
	}
	if err := section("Decision held, details changed", DetailChanged); err != nil {
		return err
	}
	fmt.Fprintf(bw, "\n%s\n", headline(c))
	return bw.Flush()
}

// GridWidth is how wide the text grid of a matrix is, in columns.
func GridWidth(m *Matrix) int {
	width := len("PRODUCT")
	for _, p := range m.Products {
		width = max(width, utf8.RuneCountInString(p))
	}
	for j, d := range m.Destinations {
		w := utf8.RuneCountInString(d)
		for i := range m.Products {
			if !m.ChangesOnly {
				w = max(w, utf8.RuneCountInString(cellText(m.Cell(i, j))))
			}
		}
		width += 2 + w
	}
	return width
}

// grid writes an aligned table.
func grid(w *bufio.Writer, rows [][]string) {
	widths := map[int]int{}
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	for _, row := range rows {
		for i, c := range row {
			w.WriteString(c)
			if i < len(row)-1 {
				w.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c)+2))
			}
		}
		w.WriteByte('\n')
	}
}

// cellText is a cell's value, or "before → after" when it changed.
func cellText(c *Cell) string {
	if !c.Changed() {
		return c.Values[0].Text()
	}
	parts := make([]string, len(c.Values))
	for i, v := range c.Values {
		parts[i] = v.Text()
	}
	return strings.Join(parts, " → ")
}

// matrixTitle says what the matrix shows.
func matrixTitle(m *Matrix) string {
	when := "as of " + m.Dates[0]
	if len(m.Dates) == 2 {
		when = "as of " + m.Dates[0] + " → " + m.Dates[1]
	}
	return fmt.Sprintf("License determination %s, regime %s, %s (revision %s)", when, m.Regime, HQNote, reports.ShortHash(m.Revision))
}

func matrixText(w io.Writer, m *Matrix) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s\n\n", matrixTitle(m))
	if m.ChangesOnly {
		rows := [][]string{{"PRODUCT", "DEST", "BEFORE " + m.Dates[0], "AFTER " + m.Dates[1]}}
		for i := range m.Cells {
			c := &m.Cells[i]
			rows = append(rows, []string{c.Product, c.Destination, c.Values[0].Text(), c.Values[1].Text()})
		}
		grid(bw, rows)
		fmt.Fprintf(bw, "\n%d of %d cells changed\n", len(m.Cells), len(m.Products)*len(m.Destinations))
		notesText(bw, m)
		return bw.Flush()
	}
	if m.Long {
		rows := [][]string{{"PRODUCT", "DEST", "DECISION"}}
		for i, p := range m.Products {
			for j, d := range m.Destinations {
				rows = append(rows, []string{p, d, cellText(m.Cell(i, j))})
			}
		}
		grid(bw, rows)
		notesText(bw, m)
		return bw.Flush()
	}
	rows := [][]string{append([]string{"PRODUCT"}, m.Destinations...)}
	for i, p := range m.Products {
		row := []string{p}
		for j := range m.Destinations {
			row = append(row, cellText(m.Cell(i, j)))
		}
		rows = append(rows, row)
	}
	grid(bw, rows)
	notesText(bw, m)
	return bw.Flush()
}

// notesHead introduces the notes the cells' [n] marks stand for.
const notesHead = "Notes: the review policy of a license requirement, or why a cell is review"

// notesText writes the notes under a matrix, one a line.
func notesText(w *bufio.Writer, m *Matrix) {
	if len(m.Notes) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s\n", notesHead)
	for i, n := range m.Notes {
		fmt.Fprintf(w, "[%d] %s\n", i+1, n)
	}
}
