// Package records reads the compliance records a company keeps in git next
// to its order books: the [Licence]s it holds (BIS licences and Validated
// End-User authorizations), the screening [Clearance]s its reviewers have
// adjudicated, and the [Notification]s it has filed with BIS for License
// Exception NAC/ACA.
//
// Records are YAML files (.yaml or .yml) anywhere under one or more
// directories, one record per YAML document (documents are separated by
// "---"), each saying what it is with a "record" field:
//
//	record: licence
//	number: D1234567
//	kind: license
//	status: active
//	...
//	---
//	record: clearance
//	end_user: Atlas Sanatgar Trading
//	...
//
// [Load] reads and validates every file and returns a [Set], or, if
// anything is wrong, [Errors] naming each problem with its file and line,
// and no records at all: an unknown field, a value of the wrong type, a
// missing required field, a duplicate licence number, clearance or BIS
// reference (numbers compared by their letters and digits, in any case), a date that
// is not YYYY-MM-DD, an expiry before issue, an unknown kind, status or
// outcome, a directory with no record file. [Set.CheckKnown] then checks
// the product IDs and country codes named against the project's data,
// and the end users named against the policy's placeholders (an end user
// written "TBD" names no one). schema.json is a JSON
// Schema of the same rules for editors (cross-field rules are only checked
// by [Load]).
//
// The package holds facts, not decisions: whether a licence covers an
// order line is the policy's judgement. It computes what needs an
// algorithm: records are found by their end users' [screening.Normalize]
// form (the same as screening) and compared by the policy in their
// [screening.Spell] form, [EntryHash] fingerprints a screening list
// entry as a clearance saw it, and [Set.Revision] fingerprints the files.
package records
