// Package data holds the facts exportcheck judges orders with: chip and system
// specifications with their sources, countries and their EAR country-group
// membership over time, the rule timeline and government notices, and the
// screening thresholds. Every fact names its source.
//
// The files are embedded; [FS] is what the checker loads by default. A
// company overlays its own facts (for example its SKU catalog) with
// `exportcheck check --data DIR`. The merged document must match [Schema].
package data

import "embed"

// FS holds the embedded data files (YAML and JSON). Each file is an object
// whose top-level keys are merged into the root of the OPA data document;
// schema.json, the schema, is not one of them.
//
//go:embed *.yaml *.json
var FS embed.FS

// SchemaFile is the name of the schema in [FS] (and in a copy of this
// directory given as a base tree): the loader does not merge it.
const SchemaFile = "schema.json"

// Schema is the JSON Schema (draft 2020-12) of the merged data document:
// strict about the fields the policies read, open to any other (source,
// confidence, note, …).
//
//go:embed schema.json
var Schema []byte
