// Package policies holds the regulation as Rego v1: classification under
// ECCN 3A090/4A090 (package exportcheck.classify), license determination
// (exportcheck.license), screening outcomes (exportcheck.screening) and the
// decision for each order (exportcheck, entry point data.exportcheck.results).
//
// Every rule that produces a reason carries a METADATA block with a stable
// custom.id and custom.citation; reasons are built from those annotations.
// The policies hold no date literals: all dates come from data, so a decision
// can only change on a date named in data.
package policies

import "embed"

// FS holds the embedded policies and their tests (*_test.rego).
//
//go:embed exportcheck
var FS embed.FS
