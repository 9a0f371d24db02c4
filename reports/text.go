package reports

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/exportcheck/exportcheck/checker"
)

func init() { register("text", newText) }

// textWriter prints an aligned table (coloured on a terminal), and with
// Run.Explain the reasons under each line. It keeps the rows until the
// end to align them, as text: cells and reasons already shown as Visible
// shows them, so they hold no control characters and the separators below
// cannot occur in them.
type textWriter struct {
	w      *bufio.Writer
	run    *Run
	widths []int // the widest cell of each column but the last, in runes
	rows   spill
}

// Separators of the kept rows: cells, then (with Explain) the reasons'
// lines, each row ended by textRow.
const (
	textCell = '\x1f'
	textRow  = '\x1e'
)

func newText(w io.Writer, run *Run) (Writer, error) {
	t := &textWriter{w: bufio.NewWriter(w), run: run, widths: make([]int, len(textHeader)-1), rows: spill{what: "the text table's rows"}}
	t.keep(textHeader, "")
	return t, nil
}

// keep adds a row of cells and the lines printed under it.
func (t *textWriter) keep(row []string, under string) error {
	for i, c := range row[:len(row)-1] {
		t.widths[i] = max(t.widths[i], utf8.RuneCountInString(c))
	}
	for _, c := range row {
		t.rows.WriteString(c)
		t.rows.WriteByte(textCell)
	}
	t.rows.WriteString(under)
	return t.rows.WriteByte(textRow)
}

var textHeader = []string{"LINE", "ID", "PRODUCT", "DEST", "HQ", "DATE", "DECISION", "ECCN", "POLICY/EXCEPTION", "WHY"}

// Abort removes the temporary file of a run that failed before Close.
func (t *textWriter) Abort() { t.rows.discard() }

func (t *textWriter) Write(r *checker.Result) error {
	if t.run.OnlyFailing && !t.run.Failing(r) {
		return nil
	}
	product := r.ProductID
	if product == "" {
		product = r.Order.Product
	}
	date := r.Date
	if date == "" {
		date = r.Order.Date
	}
	d := r.HeadlineReason()
	why := d.Message + AndMore(r, d)
	if r.Err != nil {
		why = errText(r)
	}
	// Text from the order book may hold control characters: shown, never sent.
	row := []string{
		Location(&r.Order), r.Order.ID, product, r.Order.Destination,
		dash(r.Order.EndUserHQ), date, DecisionText(r), dash(r.ECCN), dash(Detail(r)), why,
	}
	for i, c := range row {
		row[i] = LogText(c) // on a terminal or in a CI log
	}
	var under strings.Builder
	if t.run.Explain {
		for _, x := range r.Reasons {
			fmt.Fprintf(&under, "    %s: %s [%s]\n", LogText(x.Rule), LogText(x.Message), LogText(x.Citation))
		}
		// The list entries the end user, or an owner of it, was screened
		// as: the _id is what `exportcheck clear --entry` takes to record a
		// reviewer's decision (for an owner, with --end-user its name).
		seen := map[string]bool{}
		for _, f := range r.Screening {
			line := fmt.Sprintf("    screening entry: %s %q, _id %s (exportcheck clear --entry takes it)\n", LogText(f.List), LogText(f.Name), LogText(f.EntryID))
			if f.Owner != "" {
				owner := LogText(f.Owner)
				line = fmt.Sprintf("    screening entry: %s %q, _id %s, a hit on the owner %q (exportcheck clear --end-user %q --entry takes it)\n", LogText(f.List), LogText(f.Name), LogText(f.EntryID), owner, owner)
			}
			if !seen[line] {
				seen[line] = true
				under.WriteString(line)
			}
		}
	}
	return t.keep(row, under.String())
}

// cut shortens s to at most n runes, ending in an ellipsis when cut.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// cutLeft shortens s to at most n runes, keeping its end, starting with
// an ellipsis when cut: …/orders.csv:2.
func cutLeft(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return "…" + string(r[len(r)-n+1:])
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

var colors = map[string]string{
	"allow": "\x1b[32m", "licensed": "\x1b[1;32m", "review": "\x1b[33m", "exception": "\x1b[36m",
	"license_required": "\x1b[31m", "prohibited": "\x1b[1;31m", "error": "\x1b[1;35m",
}

// TextWarnings writes a run's warnings (such as a demonstration, stale or no
// screening list) at the head of a text report: "WARNING: …" a line each,
// then a blank line; nothing when there are none. check's and diff's text
// write them so.
func TextWarnings(w io.Writer, warnings []string) {
	for _, x := range warnings {
		fmt.Fprintf(w, "WARNING: %s\n", LogText(x))
	}
	if len(warnings) > 0 {
		io.WriteString(w, "\n")
	}
}

func (t *textWriter) Close(s *Summary) error {
	defer t.rows.discard()
	TextWarnings(t.w, t.run.Warnings)
	widths := t.widths
	// On a terminal of Width columns, the WHY column is cut to fit, with an
	// ellipsis (--explain prints the reasons whole), to no less than 20;
	// then, if the table is still too wide, the review policy or
	// exception, the line's file (its end kept: the line number) and the
	// product give way, each to no less than its header or 14, and last
	// the WHY again, to 12.
	why := -1
	if t.run.Width > 0 {
		used := 0
		for _, w := range widths {
			used += w + 2
		}
		why = max(t.run.Width-used, 20)
		over := used + why - t.run.Width
		for _, col := range []int{8, 0, 2} {
			if over <= 0 {
				break
			}
			to := max(widths[col]-over, utf8.RuneCountInString(textHeader[col]), 14)
			if to < widths[col] {
				over -= widths[col] - to
				widths[col] = to
			}
		}
		if over > 0 { // the last resort: a shorter WHY
			why = max(why-over, 12)
		}
	}
	rows, err := t.rows.reader()
	if err != nil {
		return err
	}
	last := len(textHeader) - 1
	for n := 0; ; n++ {
		rec, err := rows.ReadString(textRow)
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("reading back the text table's rows: %w", err)
		}
		rec = rec[:len(rec)-1]
		for i := 0; i <= last; i++ {
			end := strings.IndexByte(rec, textCell)
			c := rec[:end]
			rec = rec[end+1:]
			cell := c
			switch {
			case i == last && why >= 0:
				cell = cut(cell, why)
			case i == 0:
				cell = cutLeft(cell, widths[i])
			case i < last:
				cell = cut(cell, widths[i])
			}
			if i < last {
				cell += strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell)+2)
			}
			if t.run.Color && n > 0 && i == 6 {
				cell = colors[c] + cell + "\x1b[0m"
			}
			t.w.WriteString(cell)
		}
		t.w.WriteByte('\n')
		t.w.WriteString(rec) // the reasons, with --explain
	}
	fmt.Fprintf(t.w, "\n%s\n", LogText(s.Line(t.run.FailOn)))
	fmt.Fprintf(t.w, "policy revision %s, regime %s", ShortHash(t.run.Revision), t.run.Regime)
	if t.run.AsOf != "" {
		fmt.Fprintf(t.w, ", as of %s", t.run.AsOf)
	}
	t.w.WriteString("\n" + LogText(t.run.ScreeningText()) + "\n")
	if rt := t.run.RecordsText(); rt != "" {
		t.w.WriteString(LogText(rt) + "\n")
	}
	if ct := t.run.CommittedText(); ct != "" {
		t.w.WriteString(LogText(ct) + "\n")
	}
	return t.w.Flush()
}

// ShortHash is a revision or hash as outputs print it: its first 12
// characters.
func ShortHash(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}
