package review

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/reports"
)

type jsonSide struct {
	AsOf     string `json:"as_of"`
	Regime   string `json:"regime"`
	Policies string `json:"policies"`
	Data     string `json:"data"`
	Records  string `json:"records,omitempty"`
	// RecordsRevision is the SHA-256 of the records, as check's JSON names it.
	RecordsRevision string `json:"records_revision,omitempty"`
	Revision        string `json:"revision"`
}

func sideJSON(s Side) jsonSide {
	return jsonSide{AsOf: s.AsOf, Regime: s.Regime, Policies: s.Policies, Data: s.Data, Records: s.Records, RecordsRevision: s.RecordsRevision, Revision: s.Revision}
}

type jsonChange struct {
	ID     string          `json:"id"`
	File   string          `json:"file"`
	Line   int             `json:"line"`
	Kind   Kind            `json:"kind"`
	Fields []string        `json:"fields"`
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
	// Diff is what changed, as the text and Markdown say it: the ECCN,
	// review policy and exception before → after, the reasons that appeared
	// (+) and disappeared (-).
	Diff []string `json:"diff"`
}

type jsonTransition struct {
	Before checker.Decision `json:"before"`
	After  checker.Decision `json:"after"`
	Count  int              `json:"count"`
}

type jsonSummary struct {
	Lines           int              `json:"lines"`
	Errors          int              `json:"errors"`
	DecisionChanges int              `json:"decision_changes"`
	DetailChanges   int              `json:"detail_changes"`
	DecisionsOnly   bool             `json:"decisions_only"`
	Transitions     []jsonTransition `json:"transitions"`
	// Unjudged: the lines counted in Errors, the first MaxUnjudged.
	Unjudged []Unjudged `json:"unjudged"`
	Before   jsonSide   `json:"before"`
	After    jsonSide   `json:"after"`
}

// encode writes v as indented JSON, "##[" written as reports.JSONLog
// writes it.
func encode(w io.Writer, v any) error {
	enc := json.NewEncoder(reports.JSONLog(w))
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// comparisonJSON writes {"changes": [...], "summary": {...}, "screening":
// [...], "warnings": [...]} (those two with a Run) as encode
// would, one change at a time: a comparison can hold more changes than
// memory.
func comparisonJSON(w io.Writer, c *Comparison) error {
	bw := bufio.NewWriter(reports.JSONLog(w))
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	// Indented as a member of the outer object's array, at depth 2.
	enc.SetIndent("    ", "  ")
	bw.WriteString("{\n  \"changes\": [")
	n := 0
	for ch, err := range c.all() {
		if err != nil {
			return err
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		n++
		buf.Reset()
		if err := enc.Encode(jsonChange{
			ID: ch.ID(), File: ch.After.Order.File, Line: ch.After.Order.Line, Kind: ch.Kind, Fields: ch.Fields,
			Before: reports.AppendResult(nil, &ch.Before), After: reports.AppendResult(nil, &ch.After), Diff: append([]string{}, ch.Explain()...),
		}); err != nil {
			return err
		}
		bw.WriteString("\n    ")
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	}
	if n > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("],\n  \"summary\": ")
	s := &c.Summary
	summary := jsonSummary{
		Lines: s.Lines, Errors: s.Errors, DecisionChanges: s.DecisionChanges, DetailChanges: s.DetailChanges,
		DecisionsOnly: c.DecisionsOnly, Transitions: []jsonTransition{}, Unjudged: append([]Unjudged{}, c.Unjudged...), Before: sideJSON(c.Before), After: sideJSON(c.After),
	}
	for _, t := range s.Transitions {
		summary.Transitions = append(summary.Transitions, jsonTransition(t))
	}
	buf.Reset()
	enc.SetIndent("  ", "  ")
	if err := enc.Encode(summary); err != nil {
		return err
	}
	bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	if run := c.Run; run != nil {
		// The screening lists both sides read and the run's warnings, as
		// check's JSON names them: each list the object of a
		// reports.Snapshot.
		for _, m := range []struct {
			name string
			v    any
		}{{"screening", append([]reports.Snapshot{}, run.Screening...)}, {"warnings", append([]string{}, run.Warnings...)}} {
			buf.Reset()
			if err := enc.Encode(m.v); err != nil {
				return err
			}
			fmt.Fprintf(bw, ",\n  %q: ", m.name)
			bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		}
	}
	bw.WriteString("\n}\n")
	return bw.Flush()
}

type jsonValue struct {
	Decision         checker.Decision `json:"decision"`
	ECCN             string           `json:"eccn"`
	ReviewPolicy     string           `json:"review_policy,omitempty"`
	ReviewPolicyText string           `json:"review_policy_text,omitempty"`
	Exception        string           `json:"exception,omitempty"`
	// Reason is the reason that decided the cell (check's WHY).
	Reason *checker.Reason `json:"reason,omitempty"`
}

func valueJSON(v Value) jsonValue {
	j := jsonValue{Decision: v.Decision, ECCN: v.ECCN, ReviewPolicy: v.ReviewPolicy, ReviewPolicyText: v.ReviewPolicyText, Exception: v.Exception}
	if v.Reason != (checker.Reason{}) {
		j.Reason = &v.Reason
	}
	return j
}

func matrixJSON(w io.Writer, m *Matrix) error {
	type cell1 struct {
		Product     string `json:"product"`
		Destination string `json:"destination"`
		jsonValue
	}
	type cell2 struct {
		Product     string    `json:"product"`
		Destination string    `json:"destination"`
		Before      jsonValue `json:"before"`
		After       jsonValue `json:"after"`
	}
	if len(m.Dates) == 1 {
		out := struct {
			Date      string  `json:"date"`
			Regime    string  `json:"regime"`
			Revision  string  `json:"revision"`
			EndUserHQ string  `json:"end_user_hq"`
			Cells     []cell1 `json:"cells"`
		}{Date: m.Dates[0], Regime: m.Regime, Revision: m.Revision, EndUserHQ: HQNote, Cells: []cell1{}}
		for _, c := range m.Cells {
			out.Cells = append(out.Cells, cell1{c.Product, c.Destination, valueJSON(c.Values[0])})
		}
		return encode(w, out)
	}
	out := struct {
		Before      string  `json:"before"`
		After       string  `json:"after"`
		Regime      string  `json:"regime"`
		Revision    string  `json:"revision"`
		EndUserHQ   string  `json:"end_user_hq"`
		ChangesOnly bool    `json:"changes_only"`
		Cells       []cell2 `json:"cells"`
	}{Before: m.Dates[0], After: m.Dates[1], Regime: m.Regime, Revision: m.Revision, EndUserHQ: HQNote, ChangesOnly: m.ChangesOnly, Cells: []cell2{}}
	for _, c := range m.Cells {
		out.Cells = append(out.Cells, cell2{c.Product, c.Destination, valueJSON(c.Values[0]), valueJSON(c.Values[1])})
	}
	return encode(w, out)
}
