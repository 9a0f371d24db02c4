package main

import (
	"regexp"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/review"
)

// TestDocCoversEveryRuleID checks that the reference of the embedded
// policies lists every custom.id their sources declare, once.
func TestDocCoversEveryRuleID(t *testing.T) {
	b, err := checker.LoadBundle(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	idLine := regexp.MustCompile(`(?m)^#\s+id:\s*(\S+)\s*$`)
	var want []string
	for _, src := range b.Modules {
		for _, m := range idLine.FindAllStringSubmatch(src, -1) {
			want = append(want, m[1])
		}
	}
	ref, err := review.BuildReference(b)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ref.Packages {
		for _, r := range p.Rules {
			if r.ID != "" {
				got = append(got, r.ID)
			}
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if len(want) == 0 {
		t.Fatal("no ids in the embedded policies")
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("rule ids (-in sources +in reference):\n%s", d)
	}
}
