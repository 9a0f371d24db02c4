package records

import "github.com/exportcheck/exportcheck/screening"

// EntryHash fingerprints a screening list entry as it stands, so that a
// [Clearance] made against it can tell when it has changed: see
// [screening.EntryHash], which the checker computes over the list it
// screens against.
func EntryHash(e *screening.Entry) string { return screening.EntryHash(e) }
