// Package data holds the facts exportcheck judges orders with: chip and system
// specifications with their sources, countries and their EAR country-group
// membership over time, the rule timeline and government notices, and the
// screening thresholds. Every fact names its source.
//
// The files are embedded; [FS] is what the checker loads by default. A
// company overlays its own facts (for example its SKU catalog) with
// `exportcheck check --data DIR`.
package data

import "embed"

// FS holds the embedded data files (YAML and JSON). Each file is an object
// whose top-level keys are merged into the root of the OPA data document.
//
//go:embed *.yaml *.json
var FS embed.FS
