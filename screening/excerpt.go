package screening

import (
	"bytes"
	_ "embed"
)

//go:embed lists/csl-excerpt.csv
var excerptCSV []byte

// ExcerptPath is the Snapshot.Path of the [Excerpt] list.
const ExcerptPath = "screening/lists/csl-excerpt.csv"

// Excerpt returns a small real excerpt of the Consolidated Screening List
// (13 entries from 10 of its lists), embedded in the program. It is for
// tests and demonstrations only: screening needs the full list, which
// trade.gov publishes. Each call returns a fresh copy.
func Excerpt() *List {
	l, err := ReadCSV(bytes.NewReader(excerptCSV), ExcerptPath)
	if err != nil {
		panic("screening: embedded excerpt: " + err.Error())
	}
	return l
}
