package main

import (
	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/reports"
	"github.com/exportcheck/exportcheck/screening"
)

// newScreener builds the restricted-party screener from list files, or
// from the embedded excerpt when none is given ("none" turns screening off).
func newScreener(paths []string) (checker.Screener, []reports.Snapshot, error) {
	var lists []*screening.List
	for _, p := range paths {
		if p == "none" {
			return nil, nil, nil
		}
		l, err := screening.Load(p)
		if err != nil {
			return nil, nil, err
		}
		lists = append(lists, l)
	}
	if len(lists) == 0 {
		lists = append(lists, screening.Excerpt())
	}
	snaps := make([]reports.Snapshot, 0, len(lists))
	for _, l := range lists {
		s := l.Snapshot
		snaps = append(snaps, reports.Snapshot{Path: s.Path, SHA256: s.SHA256, Rows: s.Rows, Newest: s.Newest})
	}
	return screening.Screener{M: screening.NewMatcher(lists...)}, snaps, nil
}
