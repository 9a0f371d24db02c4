package review

import (
	"slices"
	"strings"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/reports"
)

// Explain describes a change as a person reads it, one line each: the ECCN,
// review policy and exception before → after when they changed, then the
// reasons that appeared (+) and disappeared (-), each with its rule id,
// message and citation; classification reasons last.
func (c *Change) Explain() []string {
	b, a := OutcomeOf(&c.Before), OutcomeOf(&c.After)
	var out []string
	field := func(name, before, after string) {
		if before != after {
			// "review policy: not stated", not "review policy: review
			// policy not stated": the label says what the value is.
			before, after = strings.TrimPrefix(before, name+" "), strings.TrimPrefix(after, name+" ")
			out = append(out, name+": "+orNone(before)+" → "+orNone(after))
		}
	}
	field("ECCN", b.ECCN, a.ECCN)
	field("review policy", reports.ReviewPolicyText(&c.Before), reports.ReviewPolicyText(&c.After))
	field("exception", b.Exception, a.Exception)
	out = append(out, reasonChanges(b.Reasons, a.Reasons, "")...)
	out = append(out, reasonChanges(b.Classification, a.Classification, "")...)
	return out
}

// reasonChanges lists the reasons of after that before lacks (+) and of
// before that after lacks (-), in their order.
func reasonChanges(before, after []checker.Reason, label string) []string {
	var out []string
	for _, r := range after {
		if !slices.Contains(before, r) {
			out = append(out, "+ "+label+reports.ReasonText(r))
		}
	}
	for _, r := range before {
		if !slices.Contains(after, r) {
			out = append(out, "- "+label+reports.ReasonText(r))
		}
	}
	return out
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
