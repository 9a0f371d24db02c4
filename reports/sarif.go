package reports

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/exportcheck/exportcheck/checker"
)

func init() { register("sarif", newSARIF) }

// sarifWriter writes SARIF 2.1.0: one rule per policy rule id (its citation
// as help), one result per line at or above the threshold.
type sarifWriter struct {
	w       io.Writer
	run     *Run
	rules   map[string]checker.Reason
	info    map[string]checker.RuleInfo // the rules' METADATA, when the run has a checker
	results keeper[sarifResult]
}

// sarifMaxResults is the most results a run holds: GitHub's code scanning
// rejects a run of more than 25,000 ("Analysis SARIF file rejected due to
// result limits"). Past it, the least severe failing lines give way and a
// notification says how many. A variable so that tests can lower it.
var sarifMaxResults = 25000

type sarifLog struct {
	Version string     `json:"version"`
	Schema  string     `json:"$schema"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations,omitempty"`
	Results     []sarifResult     `json:"results"`
	Properties  map[string]any    `json:"properties,omitempty"`
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

type sarifRule struct {
	ID               string       `json:"id"`
	ShortDescription sarifMessage `json:"shortDescription"`
	Help             sarifMessage `json:"help"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID     string          `json:"ruleId"`
	Level      string          `json:"level"`
	Message    sarifMessage    `json:"message"`
	Locations  []sarifLocation `json:"locations"`
	Properties map[string]any  `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

func newSARIF(w io.Writer, run *Run) (Writer, error) {
	sw := &sarifWriter{w: w, run: run, rules: map[string]checker.Reason{}, results: keeper[sarifResult]{budget: sarifMaxResults}}
	if run.Checker != nil {
		info, err := checker.RuleIDs(run.Checker.Bundle())
		if err != nil {
			return nil, err
		}
		sw.info = info
	}
	return sw, nil
}

// sarifLevel is a failing line's level: errors and licences are errors,
// anything else that fails the build (review, an exception) a warning.
func sarifLevel(r *checker.Result) string {
	if r.Err != nil || r.Decision >= checker.LicenseRequired {
		return "error"
	}
	return "warning"
}

func (s *sarifWriter) Write(r *checker.Result) error {
	if !s.run.Failing(r) {
		return nil
	}
	rule := "input.error"
	if r.Err == nil {
		d := DecidingReason(r)
		rule = d.Rule
		for _, x := range r.Reasons {
			if _, ok := s.rules[x.Rule]; !ok {
				s.rules[x.Rule] = x
			}
		}
	} else if _, ok := s.rules[rule]; !ok {
		s.rules[rule] = checker.Reason{Rule: rule, Citation: "exportcheck input format (README)", Message: "a line that cannot be judged"}
	}
	if s.results.skip(severity(r), 1) {
		return nil // past GitHub's limit, and less severe than every result held
	}
	line := max(r.Order.Line, 1)
	s.results.add(severity(r), 1, sarifResult{
		RuleID:  rule,
		Level:   sarifLevel(r),
		Message: sarifMessage{Text: r.Order.ID + ": " + summaryLine(r)},
		Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
			ArtifactLocation: sarifArtifact{URI: r.Order.File}, Region: sarifRegion{StartLine: line},
		}}},
		Properties: map[string]any{"decision": DecisionText(r), "eccn": r.ECCN, "regime": r.Regime, "review_policy": r.ReviewPolicy, "exception": r.Exception},
	})
	return nil
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
		r := sarifRule{ID: id, ShortDescription: sarifMessage{Text: id}, Help: sarifMessage{Text: x.Citation}}
		if info, ok := s.info[id]; ok {
			// The rule's METADATA: its title, and its description with the citation.
			r.ShortDescription.Text = info.Title
			r.Help.Text = strings.TrimSpace(strings.Join(strings.Fields(info.Description), " ")) + " (" + cmp.Or(info.Citation, x.Citation) + ")"
		}
		rules = append(rules, r)
	}
	results := s.results.items()
	var invocations []sarifInvocation
	warnings := s.run.Warnings
	if n := s.results.dropped; n > 0 {
		warnings = append(slices.Clip(warnings), fmt.Sprintf("%d more failing line(s) are left out of this file: GitHub's code scanning "+
			"takes at most %d results a run, so the least severe lines (and, among equals, the last) give way. "+
			"Every line is in the JSON, JSONL, JUnit and workbook outputs.", n, s.results.budget))
	}
	if len(warnings) > 0 {
		inv := sarifInvocation{ExecutionSuccessful: true}
		for _, w := range warnings {
			inv.Notifications = append(inv.Notifications, sarifNotification{Level: "warning", Message: sarifMessage{Text: w}})
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
			Properties:  map[string]any{"revision": s.run.Revision, "regime": s.run.Regime, "as_of": s.run.AsOf, "screening": s.run.ScreeningText()},
		}},
	}
	if r := s.run.Records; r != nil {
		log.Runs[0].Properties["records_revision"] = r.Revision
	}
	if o := s.run.Ownership; o != nil {
		log.Runs[0].Properties["ownership_revision"] = o.Revision
	}
	if n := s.results.dropped; n > 0 {
		log.Runs[0].Properties["results_left_out"] = n
	}
	enc := json.NewEncoder(s.w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}
