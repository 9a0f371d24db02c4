package records

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/screening"
)

var update = flag.Bool("update", false, "rewrite golden files and schema.json")

// writeTree writes files (slash paths relative to a new directory) and
// returns the directory.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const licence = `record: licence
number: D1
kind: license
status: active
issued: 2026-01-12
expires: 2030-01-12
items:
  products: [nvidia-h100-sxm5]
destinations: [AE]
end_users: [Falcon Compute LLC]
quantity_limits:
  nvidia-h100-sxm5: 100
`

const clearance = `record: clearance
end_user: Atlas Sanatgar Trading
entry: uvl-1
entry_hash: sha256:aa1ad8a0d997e529e3ee8a99ff9f02e2fad98c774e22fcaf2b2b30db11138c6b
outcome: false_positive
by: J. Rivera
at: 2026-02-16
reason: different company
expires: 2027-02-16
`

const notification = `record: notification
bis_reference: NAC-1
exception: NAC
filed_on: 2026-02-05
items: {products: [nvidia-rtx-4090]}
destination: CN
end_user: Pearl River Render Studio Co.
quantity: 10
status: filed
`

const assignment = `record: assignment
end_user: Falcon Compute DC
licence: D1
order: SO-7
by: J. Rivera
at: 2026-03-01
reason: the same company (trade licence 12345)
`

// TestLoadErrors: every problem is reported with its file and line, all
// of them, sorted, and nothing is loaded.
func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string // errors, paths relative to the directory
	}{
		{"an assignment of no record", map[string]string{"a.yaml": licence, "b.yaml": strings.Replace(assignment, "licence: D1\n", "", 1)},
			[]string{`b.yaml:1: assignment of "Falcon Compute DC": name one record: licence (a licence or VEU number) or notification (a BIS reference)`}},
		{"an assignment of two records", map[string]string{"a.yaml": licence, "b.yaml": assignment + "notification: NAC-1\n"},
			[]string{`b.yaml:1: assignment of "Falcon Compute DC": name one record: licence (a licence or VEU number) or notification (a BIS reference)`}},
		{"an assignment of a record not held", map[string]string{"a.yaml": licence, "b.yaml": strings.Replace(assignment, "licence: D1", "licence: D2", 1)},
			[]string{`b.yaml:1: assignment of "Falcon Compute DC": the records hold no licence D2`}},
		{"an assignment of a licence number written otherwise", map[string]string{"a.yaml": licence, "b.yaml": strings.Replace(assignment, "licence: D1", "licence: d1", 1)},
			[]string{`b.yaml:1: assignment of "Falcon Compute DC": the records hold no licence d1 (a.yaml:1 writes it D1: write the number as there)`}},
		{"an assignment of a BIS reference written otherwise", map[string]string{"a.yaml": notification, "b.yaml": strings.Replace(assignment, "licence: D1", "notification: NAC 1", 1)},
			[]string{`b.yaml:1: assignment of "Falcon Compute DC": the records hold no notification NAC 1 (a.yaml:1 writes it NAC-1: write the number as there)`}},
		{"an assignment of a BIS reference in another case", map[string]string{"a.yaml": notification, "b.yaml": strings.Replace(assignment, "licence: D1", "notification: nac-1", 1)},
			[]string{`b.yaml:1: assignment of "Falcon Compute DC": the records hold no notification nac-1 (a.yaml:1 writes it NAC-1: write the number as there)`}},
		{"an assignment twice", map[string]string{"a.yaml": licence, "b.yaml": assignment + "---\n" + strings.Replace(assignment, "Falcon Compute DC", "FALCON COMPUTE DC.", 1)},
			[]string{`b.yaml:9: assignment of "FALCON COMPUTE DC.": this end user is already assigned to licence D1 at b.yaml:1`}},
		{"unknown field", map[string]string{"a.yaml": licence + "expiry: 2030-01-12\n"},
			[]string{`a.yaml:13: licence: unknown field "expiry"; known: record, number, kind, status, status_from, issued, expires, extended, items, destinations, consignee, federal_register, end_users, quantity_limits, value_limit_usd, value_drawn_before_usd, conditions, flags`}},
		{"a value drawn before on a licence without a value limit", map[string]string{"a.yaml": licence + "value_drawn_before_usd: 1250\n"},
			[]string{`a.yaml:13: licence D1: value_drawn_before_usd counts against a value limit, and the record has none (value_limit_usd)`}},
		{"a value drawn before on a notification without a value", map[string]string{"a.yaml": notification + "value_drawn_before_usd: 1250\n"},
			[]string{`a.yaml:10: notification NAC-1: value_drawn_before_usd counts against a value limit, and the record has none (value_usd)`}},
		{"a merge key", map[string]string{"a.yaml": licence + "<<: {conditions: none}\n"},
			[]string{`a.yaml:13: licence: a merge key (<<) is not read: write each field in the record itself`}},
		{"unknown nested field", map[string]string{"a.yaml": strings.Replace(licence, "  products:", "  product:", 1)},
			[]string{`a.yaml:8: items: unknown field "product"; known: products, eccns`}},
		{"wrong type: string for a list", map[string]string{"a.yaml": strings.Replace(licence, "destinations: [AE]", "destinations: AE", 1)},
			[]string{`a.yaml:9: destinations: want a list, each an ISO 3166-1 alpha-2 country code (e.g. AE), got "AE"`}},
		{"wrong type: list for a string", map[string]string{"a.yaml": strings.Replace(licence, "number: D1", "number: [D1]", 1)},
			[]string{`a.yaml:2: number: want a string, got a list`}},
		{"wrong type: quoted quantity", map[string]string{"a.yaml": strings.Replace(notification, "quantity: 10", `quantity: "10"`, 1)},
			[]string{`a.yaml:8: quantity: want a whole number, got "10"`}},
		{"not positive", map[string]string{"a.yaml": strings.Replace(licence, "h100-sxm5: 100", "h100-sxm5: 0", 1)},
			[]string{`a.yaml:12: quantity_limits.nvidia-h100-sxm5: want a positive whole number, got 0`}},
		{"negative", map[string]string{"a.yaml": strings.Replace(licence, "h100-sxm5: 100", "h100-sxm5: -5", 1)},
			[]string{`a.yaml:12: quantity_limits.nvidia-h100-sxm5: want a positive whole number, got -5`}},
		{"status_from on an active licence", map[string]string{"a.yaml": licence + "status_from: 2026-03-01\n"},
			[]string{`a.yaml:13: licence D1: status_from is the day a revocation or suspension took effect; this licence is active (say revoked or suspended, or leave status_from out)`}},
		{"status_from before issue", map[string]string{"a.yaml": strings.Replace(licence, "status: active", "status: revoked", 1) + "status_from: 2020-01-01\n"},
			[]string{`a.yaml:13: licence D1: status_from 2020-01-01 is before issued 2026-01-12`}},
		{"a limit past 2^53 units", map[string]string{"a.yaml": strings.Replace(licence, "h100-sxm5: 100", "h100-sxm5: 9007199254740993", 1)},
			[]string{`a.yaml:12: quantity_limits.nvidia-h100-sxm5: 9007199254740993 is more than 9007199254740992 units (2^53), the most an order line may hold`}},
		{"a notified quantity past 2^53 units", map[string]string{"a.yaml": strings.Replace(notification, "quantity: 10", "quantity: 9_007_199_254_740_993", 1)},
			[]string{`a.yaml:8: quantity: 9_007_199_254_740_993 is more than 9007199254740992 units (2^53), the most an order line may hold`}},
		{"value limit not a number", map[string]string{"a.yaml": licence + "value_limit_usd: lots\n"},
			[]string{`a.yaml:13: value_limit_usd: want a number, got "lots"`}},
		{"a quantity with a leading zero", map[string]string{"a.yaml": strings.Replace(licence, "h100-sxm5: 100", "h100-sxm5: 010", 1)},
			[]string{`a.yaml:12: quantity_limits.nvidia-h100-sxm5: want a whole number in decimal digits, got 010 (YAML reads 010 as 8 and 0x10 as 16)`}},
		{"a quantity in hex", map[string]string{"a.yaml": strings.Replace(notification, "quantity: 10", "quantity: 0x10", 1)},
			[]string{`a.yaml:8: quantity: want a whole number in decimal digits, got 0x10 (YAML reads 010 as 8 and 0x10 as 16)`}},
		{"a quantity in octal", map[string]string{"a.yaml": strings.Replace(notification, "quantity: 10", "quantity: 0o10", 1)},
			[]string{`a.yaml:8: quantity: want a whole number in decimal digits, got 0o10 (YAML reads 010 as 8 and 0x10 as 16)`}},
		{"a value limit with a leading zero", map[string]string{"a.yaml": licence + "value_limit_usd: 010\n"},
			[]string{`a.yaml:13: value_limit_usd: want a number in decimal digits, got 010 (YAML reads 010 as 8 and 0x10 as 16)`}},
		{"a value limit in hex", map[string]string{"a.yaml": licence + "value_limit_usd: 0x10\n"},
			[]string{`a.yaml:13: value_limit_usd: want a number in decimal digits, got 0x10 (YAML reads 010 as 8 and 0x10 as 16)`}},
		{"a value limit as a hex float", map[string]string{"a.yaml": licence + "value_limit_usd: !!float 0x1p4\n"},
			[]string{`a.yaml:13: value_limit_usd: want a number in decimal digits, got 0x1p4 (YAML reads 010 as 8 and 0x10 as 16)`}},
		{"a value limit tagged null", map[string]string{"a.yaml": licence + "value_limit_usd: !!null 5000\n"},
			[]string{`a.yaml:13: value_limit_usd: want a number, got "5000"`}},
		{"a document tagged null", map[string]string{"a.yaml": "--- !!null licence\n"},
			[]string{`a.yaml:1: want a record (a mapping with record: licence, clearance, notification, assignment), got "licence"; one record per YAML document, documents separated by ---`}},
		{"value limit zero", map[string]string{"a.yaml": licence + "value_limit_usd: 0\n"},
			[]string{`a.yaml:13: value_limit_usd: want a positive number, got 0`}},
		{"value limit infinite", map[string]string{"a.yaml": licence + "value_limit_usd: !!float Infinity\n"},
			[]string{`a.yaml:13: value_limit_usd: want a positive number, got Infinity`}},
		{"value limit not a number by tag", map[string]string{"a.yaml": licence + "value_limit_usd: !!float NaN\n"},
			[]string{`a.yaml:13: value_limit_usd: want a positive number, got NaN`}},
		{"value limit past 2^53 dollars", map[string]string{"a.yaml": licence + "value_limit_usd: 1e303\n"},
			[]string{`a.yaml:13: value_limit_usd: 1e303 is more than 9007199254740992 US dollars (2^53), more than any licence allows: check the digits`}},
		{"value limit below a millionth", map[string]string{"a.yaml": licence + "value_limit_usd: 0.0000004\n"},
			[]string{`a.yaml:13: value_limit_usd: 0.0000004 is less than a millionth of a US dollar, the least a value limit counts`}},
		{"a limit given twice", map[string]string{"a.yaml": licence + "  nvidia-h100-sxm5: 50\n"},
			[]string{`a.yaml:13: quantity_limits: "nvidia-h100-sxm5" is given twice (also line 12)`}},
		{"limits empty", map[string]string{"a.yaml": strings.Replace(licence, "quantity_limits:\n  nvidia-h100-sxm5: 100\n", "quantity_limits: {}\n", 1)},
			[]string{`a.yaml:11: quantity_limits: the mapping is empty`}},
		{"missing required field", map[string]string{"a.yaml": strings.Replace(licence, "status: active\n", "", 1)},
			[]string{`a.yaml:1: licence: missing required field "status"`}},
		{"empty value is missing", map[string]string{"a.yaml": strings.Replace(clearance, "by: J. Rivera", "by:", 1)},
			[]string{`a.yaml:1: clearance: missing required field "by"`}},
		{"empty string", map[string]string{"a.yaml": strings.Replace(clearance, "reason: different company", `reason: ""`, 1)},
			[]string{`a.yaml:8: reason: want a string, got an empty string`}},
		{"field given twice", map[string]string{"a.yaml": licence + "status: revoked\n"},
			[]string{`a.yaml:13: licence: field "status" is given twice (also line 4)`}},
		{"field given twice, empty first", map[string]string{"a.yaml": strings.Replace(licence, "status: active", "status:\nstatus: revoked\nstatus_from:\nstatus_from: 2029-01-01", 1)},
			[]string{
				`a.yaml:5: licence: field "status" is given twice (also line 4, empty)`,
				`a.yaml:7: licence: field "status_from" is given twice (also line 6, empty)`,
			}},
		{"field given twice, empty second", map[string]string{"a.yaml": licence + "status:\n"},
			[]string{`a.yaml:13: licence: field "status" is given twice (also line 4)`}},
		{"duplicate licence number across files", map[string]string{"a.yaml": licence, "sub/b.yml": licence},
			[]string{`sub/b.yml:2: licence D1: licence number already used at a.yaml:1`}},
		{"duplicate licence number in one file", map[string]string{"a.yaml": licence + "---\n" + licence},
			[]string{`a.yaml:15: licence D1: licence number already used at a.yaml:1`}},
		{"duplicate licence number in another case", map[string]string{"a.yaml": licence, "b.yaml": strings.Replace(licence, "number: D1", "number: d1", 1)},
			[]string{`b.yaml:2: licence d1: licence number already used at a.yaml:1 as "D1" (numbers are compared by their letters and digits, in any case)`}},
		{"duplicate licence number with a dash", map[string]string{"a.yaml": strings.Replace(licence, "number: D1", "number: D1234567", 1), "b.yaml": strings.Replace(licence, "number: D1", "number: d-1234567", 1)},
			[]string{`b.yaml:2: licence d-1234567: licence number already used at a.yaml:1 as "D1234567" (numbers are compared by their letters and digits, in any case)`}},
		{"licence number without a letter or digit", map[string]string{"a.yaml": strings.Replace(licence, "number: D1", `number: "--"`, 1)},
			[]string{`a.yaml:2: number: "--" has no letter or digit: give the number as issued`}},
		{"duplicate licence number with spaces", map[string]string{"a.yaml": strings.Replace(licence, "number: D1", "number: D 1234567", 1), "b.yaml": strings.Replace(licence, "number: D1", "number: \"d1234567\\t\"", 1)},
			[]string{`b.yaml:2: licence d1234567: licence number already used at a.yaml:1 as "D 1234567" (numbers are compared by their letters and digits, in any case)`}},
		{"duplicate number of an invalid licence", map[string]string{"a.yaml": strings.Replace(licence, "status: active", "status: gone", 1), "b.yaml": licence},
			[]string{
				`a.yaml:4: status: unknown value "gone"; want one of active, revoked, suspended`,
				`b.yaml:2: licence D1: licence number already used at a.yaml:1`,
			}},
		{"duplicate licence number with a zero-width space", map[string]string{"a.yaml": licence, "b.yaml": strings.Replace(licence, "number: D1", `number: "D\u200b1"`, 1)},
			[]string{`b.yaml:2: number: "D\u200b1" holds U+200B, a character that shows nothing: retype the value`}},
		{"a BIS reference with a direction mark", map[string]string{"a.yaml": strings.Replace(notification, "bis_reference: NAC-1", `bis_reference: "NAC-1\u202e"`, 1)},
			[]string{`a.yaml:2: bis_reference: "NAC-1\u202e" holds U+202E, a character that shows nothing: retype the value`}},
		{"a NUL by escape", map[string]string{"a.yaml": strings.Replace(licence, "[Falcon Compute LLC]", `["Falcon Compute\0 LLC"]`, 1)},
			[]string{`a.yaml:10: end_users: "Falcon Compute\x00 LLC" holds U+0000, a control character: retype the value`}},
		{"not a date", map[string]string{"a.yaml": strings.Replace(licence, "issued: 2026-01-12", "issued: next week", 1)},
			[]string{`a.yaml:5: issued: "next week" is not a date: want YYYY-MM-DD`}},
		{"no such day", map[string]string{"a.yaml": strings.Replace(licence, "issued: 2026-01-12", "issued: 2026-02-30", 1)},
			[]string{`a.yaml:5: issued: 2026-02-30 is not a date: no such day`}},
		{"a time is not a date", map[string]string{"a.yaml": strings.Replace(clearance, "at: 2026-02-16", "at: 2026-02-16T10:00:00Z", 1)},
			[]string{`a.yaml:7: at: "2026-02-16T10:00:00Z" is not a date: want YYYY-MM-DD`}},
		{"expires before issued", map[string]string{"a.yaml": strings.Replace(licence, "expires: 2030-01-12", "expires: 2025-01-12", 1)},
			[]string{`a.yaml:6: licence D1: expires 2025-01-12 is before issued 2026-01-12`}},
		{"unknown enum value", map[string]string{"a.yaml": strings.Replace(licence, "status: active", "status: expired", 1)},
			[]string{`a.yaml:4: status: unknown value "expired"; want one of active, revoked, suspended`}},
		{"unknown outcome", map[string]string{"a.yaml": strings.Replace(clearance, "false_positive", "cleared", 1)},
			[]string{`a.yaml:5: outcome: unknown value "cleared"; want one of false_positive, true_match`}},
		{"record spelled license", map[string]string{"a.yaml": strings.Replace(licence, "record: licence", "record: license", 1)},
			[]string{`a.yaml:1: record: unknown record "license"; want one of licence, clearance, notification, assignment (records are spelled licence; a BIS licence is record: licence with kind: license)`}},
		{"no record field", map[string]string{"a.yaml": strings.Replace(licence, "record: licence\n", "", 1)},
			[]string{`a.yaml:1: missing required field "record": say what the record is (record: licence, clearance, notification, assignment)`}},
		{"a list of records", map[string]string{"a.yaml": "- record: licence\n"},
			[]string{`a.yaml:1: want a record (a mapping with record: licence, clearance, notification, assignment), got a list; one record per YAML document, documents separated by ---`}},
		{"not YAML", map[string]string{"a.yaml": licence + "conditions: [unclosed\n"},
			[]string{`a.yaml:13: not YAML: did not find expected ',' or ']'`}},
		{"a list left open on the last line", map[string]string{"a.yaml": licence + "conditions: [a,\n\n"},
			[]string{`a.yaml:13: not YAML: did not find expected node content`}},
		{"a list left open at the end of the file", map[string]string{"a.yaml": licence + "conditions: ["},
			[]string{`a.yaml:13: not YAML: did not find expected node content`}},
		{"a BIS licence without expiry or limit", map[string]string{"a.yaml": strings.NewReplacer("expires: 2030-01-12\n", "", "quantity_limits:\n  nvidia-h100-sxm5: 100\n", "").Replace(licence)},
			[]string{
				`a.yaml:1: licence D1: missing required field "expires" (a BIS licence has an expiry date)`,
				`a.yaml:1: licence D1: a BIS licence needs quantity_limits or value_limit_usd (a licence without a limit is read as no licence)`,
			}},
		{"a limit on something not covered", map[string]string{"a.yaml": licence + "  nvidia-h20: 5\n"},
			[]string{`a.yaml:13: licence D1: quantity_limits: "nvidia-h20" is not among the licence's items`}},
		{"items name nothing", map[string]string{"a.yaml": strings.Replace(licence, "  products: [nvidia-h100-sxm5]", "  eccns: []", 1)},
			[]string{`a.yaml:8: items.eccns: the list is empty`}},
		{"items empty mapping", map[string]string{"a.yaml": strings.Replace(notification, "items: {products: [nvidia-rtx-4090]}", "items: {}", 1)},
			[]string{`a.yaml:5: notification NAC-1: items: name at least one product or ECCN`}},
		{"bad patterns", map[string]string{"a.yaml": strings.NewReplacer("[nvidia-h100-sxm5]", "[H100 SXM5]", "[AE]", "[uae]").Replace(licence) + "flags: [Needs-Certificate]\n"},
			[]string{
				`a.yaml:8: items.products: "H100 SXM5" is not a product ID (lower case, e.g. nvidia-h100-sxm5)`,
				`a.yaml:9: destinations: "uae" is not an ISO 3166-1 alpha-2 country code (e.g. AE)`,
				`a.yaml:13: flags: "Needs-Certificate" is not a flag in snake_case (e.g. requires_end_use_certificate)`,
			}},
		{"a Federal Register citation not so written", map[string]string{"a.yaml": strings.Replace(licence, "kind: license", "kind: veu", 1) + "federal_register: 89 FR\n---\n" +
			strings.NewReplacer("D1", "D2", "kind: license", "kind: veu").Replace(licence) + "federal_register: [89 FR 12345, '89 Fed. Reg. 12345', 89 FR 12345]\n---\n" +
			strings.NewReplacer("D1", "D3", "kind: license", "kind: veu").Replace(licence) + "federal_register: []\n---\n" +
			strings.NewReplacer("D1", "D4", "kind: license", "kind: veu").Replace(licence) + "federal_register: {89: 12345}\n"},
			[]string{
				`a.yaml:13: federal_register: "89 FR" is not a Federal Register citation, volume FR page (e.g. 89 FR 12345)`,
				`a.yaml:27: federal_register: "89 Fed. Reg. 12345" is not a Federal Register citation, volume FR page (e.g. 89 FR 12345)`,
				`a.yaml:27: federal_register: "89 FR 12345" is listed twice (also line 27)`,
				`a.yaml:41: federal_register: the list is empty`,
				`a.yaml:55: federal_register: want a Federal Register citation, volume FR page (e.g. 89 FR 12345), or a list of them, got a mapping`,
			}},
		{"a VEU extended, or extended by nothing", map[string]string{"a.yaml": strings.Replace(licence, "kind: license", "kind: veu", 1) + "federal_register: 89 FR 12345\nextended: validity extended to 2031-06-30 by BIS\n---\n" +
			strings.Replace(licence, "D1", "D2", 1) + "extended: ''\n"},
			[]string{
				`a.yaml:14: licence D1: extended records that BIS extended a licence's validity or issued it for longer (15 CFR 750.7(g)); a VEU has no such validity to extend (for a BIS licence say kind: license, else leave extended out)`,
				`a.yaml:28: extended: want a string, got an empty string`,
			}},
		{"a BIS licence with a Federal Register citation", map[string]string{"a.yaml": licence + "federal_register: 89 FR 12345\n"},
			[]string{`a.yaml:13: licence D1: federal_register cites a VEU's listing in Supplement No. 7 to part 748; a BIS licence is not listed in the Federal Register (for a VEU say kind: veu, else leave federal_register out)`}},
		{"end user listed twice as normalised", map[string]string{"a.yaml": strings.Replace(licence, "[Falcon Compute LLC]", "[Falcon Compute LLC, 'FALCON COMPUTE, L.L.C.']", 1)},
			[]string{`a.yaml:10: end_users: "FALCON COMPUTE, L.L.C." is listed twice (also line 10)`}},
		{"end user with nothing to match in a list", map[string]string{"a.yaml": strings.Replace(licence, "[Falcon Compute LLC]", `[Falcon Compute LLC, "--"]`, 1)},
			[]string{`a.yaml:10: end_users: "--" has no letters or digits to match`}},
		{"end user with nothing to match", map[string]string{"a.yaml": strings.Replace(notification, "Pearl River Render Studio Co.", `"--"`, 1)},
			[]string{`a.yaml:7: notification NAC-1: end_user "--" has no letters or digits to match`}},
		{"clearance longer than a year", map[string]string{"a.yaml": strings.Replace(clearance, "expires: 2027-02-16", "expires: 2027-02-17", 1)},
			[]string{`a.yaml:9: clearance of uvl-1 for "Atlas Sanatgar Trading": expires 2027-02-17 is more than 12 months after at 2026-02-16 (at most 2027-02-16: adjudicate again at least that often)`}},
		{"clearance expiring when made", map[string]string{"a.yaml": strings.Replace(clearance, "expires: 2027-02-16", "expires: 2026-02-16", 1)},
			[]string{`a.yaml:9: clearance of uvl-1 for "Atlas Sanatgar Trading": expires 2026-02-16 is not after at 2026-02-16`}},
		{"bad entry hash", map[string]string{"a.yaml": strings.Replace(clearance, "sha256:aa1a", "md5:aa1a", 1)},
			[]string{`a.yaml:4: entry_hash: "md5:aa1ad8a0d997e529e3ee8a99ff9f02e2fad98c774e22fcaf2b2b30db11138c6b" is not sha256: and 64 lower-case hex digits`}},
		// Spelt alike (case and punctuation aside): the same party. Another
		// spelling ("Co.") is another's clearance, kept beside it.
		{"duplicate clearance by spelling", map[string]string{"a.yaml": clearance, "b.yaml": strings.Replace(clearance, "Atlas Sanatgar Trading", "ATLAS SANATGAR TRADING.", 1)},
			[]string{`b.yaml:1: clearance of uvl-1 for "ATLAS SANATGAR TRADING.": this end user and entry are already cleared on 2026-02-16 at a.yaml:1 (edit that record instead; a renewal is a new clearance with a later at)`}},
		{"duplicate notification", map[string]string{"a.yaml": notification + "---\n" + notification},
			[]string{`a.yaml:12: notification NAC-1: BIS reference already used at a.yaml:1`}},
		{"duplicate notification in another case", map[string]string{"a.yaml": notification + "---\n" + strings.Replace(notification, "NAC-1", " nac-1", 1)},
			[]string{`a.yaml:12: notification nac-1: BIS reference already used at a.yaml:1 as "NAC-1" (numbers are compared by their letters and digits, in any case)`}},
		{"a control character", map[string]string{"a.yaml": licence + "conditions: a\x01b\n"},
			[]string{`a.yaml:13: not YAML: control characters are not allowed (U+0001)`}},
		{"an alias of no anchor", map[string]string{"a.yaml": strings.Replace(licence, "status: active", "status: *active", 1)},
			[]string{`a.yaml:4: not YAML: unknown anchor 'active' referenced`}},
		{"an alias of an anchor in another document", map[string]string{"a.yaml": strings.Replace(licence, "[Falcon Compute LLC]", "&users [Falcon Compute LLC]", 1) + "---\n" + strings.NewReplacer("D1", "D2", "[Falcon Compute LLC]", "*users").Replace(licence)},
			[]string{`a.yaml:23: *users names an anchor of another document: a record says its own fields (YAML anchors hold within their document)`}},
		{"not UTF-8", map[string]string{"a.yaml": strings.Replace(licence, "Falcon", "Fa\xe7on", 1)},
			[]string{`a.yaml:10: not UTF-8: save the file as UTF-8`}},
		// A NAC notification is usable with the confirmation BIS gives
		// (15 CFR 740.8(c)(2)): confirmed needs its number, and only a
		// confirmed NAC notification has one.
		{"confirmed without its number", map[string]string{"a.yaml": strings.Replace(notification, "status: filed", "status: confirmed", 1)},
			[]string{`a.yaml:9: notification NAC-1: status confirmed needs the NAC confirmation number BIS gave (confirmation: A and six digits)`}},
		{"a number on a notification not confirmed", map[string]string{"a.yaml": notification + "confirmation: A123456\n"},
			[]string{`a.yaml:10: notification NAC-1: a confirmation number belongs to a confirmed notification, not one filed`}},
		{"an ACA notification confirmed", map[string]string{"a.yaml": strings.NewReplacer("exception: NAC", "exception: ACA", "status: filed", "status: confirmed\nconfirmation: A123456").Replace(notification)},
			[]string{`a.yaml:9: notification NAC-1: status confirmed is for a NAC notification (License Exception ACA needs no notification to confirm)`}},
		{"a confirmation number of another form", map[string]string{"a.yaml": strings.Replace(notification, "status: filed", "status: confirmed\nconfirmation: Z1234567", 1)},
			[]string{`a.yaml:10: confirmation: "Z1234567" is not A and six digits (e.g. A123456), the NAC confirmation number`}},
		// A notification's dollar value (15 CFR 740.8(a)(2)(ii)) is read as
		// a licence's value limit is.
		{"a notification's value quoted", map[string]string{"a.yaml": notification + "value_usd: \"15990\"\n"},
			[]string{`a.yaml:10: value_usd: want a number, got "15990"`}},
		{"a notification's value of nothing", map[string]string{"a.yaml": notification + "value_usd: 0\n"},
			[]string{`a.yaml:10: value_usd: want a positive number, got 0`}},
		{"a notification's value in octal", map[string]string{"a.yaml": notification + "value_usd: 010\n"},
			[]string{`a.yaml:10: value_usd: want a number in decimal digits, got 010 (YAML reads 010 as 8 and 0x10 as 16)`}},
		{"a notification's value given twice", map[string]string{"a.yaml": notification + "value_usd: 1\nvalue_usd: 2\n"},
			[]string{`a.yaml:11: notification: field "value_usd" is given twice (also line 10)`}},
		{"every problem, sorted by file and line", map[string]string{
			"b.yaml": strings.Replace(notification, "status: filed", "status: sent", 1) + "---\n" + strings.Replace(clearance, "by: J. Rivera", "by: [a, b]", 1),
			"a.yaml": strings.NewReplacer("kind: license", "kind: export", "issued: 2026-01-12", "issued: 2026-13-01").Replace(licence),
		}, []string{
			`a.yaml:3: kind: unknown value "export"; want one of license, veu`,
			`a.yaml:5: issued: 2026-13-01 is not a date: no such day`,
			`b.yaml:9: status: unknown value "sent"; want one of filed, confirmed, objected`,
			`b.yaml:16: by: want a string, got a list`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTree(t, tc.files)
			set, err := Load(dir)
			if set != nil {
				t.Errorf("Load returned records with errors: %+v", set)
			}
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Load error = %v, want Errors", err)
			}
			var got []string
			for _, e := range errs {
				got = append(got, strings.ReplaceAll(e.Error(), dir+string(filepath.Separator), ""))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLoadAccepts: records at the edges of what is valid load as
// written: a licence that expires the day it is issued, a value limit
// with digits grouped by underscores and cents.
func TestLoadAccepts(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		want       []Licence // the fields compared: Issued, Expires, QuantityLimits, ValueLimitUSD, FederalRegister
	}{
		{"expires the day it is issued", strings.Replace(licence, "expires: 2030-01-12", "expires: 2026-01-12", 1),
			[]Licence{{Issued: "2026-01-12", Expires: "2026-01-12", QuantityLimits: map[string]int64{"nvidia-h100-sxm5": 100}}}},
		{"a value limit with underscores and cents", licence + "value_limit_usd: 1_250_000.50\n",
			[]Licence{{Issued: "2026-01-12", Expires: "2030-01-12", QuantityLimits: map[string]int64{"nvidia-h100-sxm5": 100}, ValueLimitUSD: 1250000.5}}},
		{"an expiry tagged null", strings.NewReplacer("kind: license", "kind: veu", "expires: 2030-01-12", "expires: !!null 2030-01-12").Replace(licence),
			[]Licence{{Issued: "2026-01-12", Expires: "2030-01-12", QuantityLimits: map[string]int64{"nvidia-h100-sxm5": 100}}}},
		{"a VEU's Federal Register citation, one or a list", strings.Replace(licence, "kind: license", "kind: veu", 1) + "federal_register: 89 FR 12345\n---\n" +
			strings.NewReplacer("D1", "D2", "kind: license", "kind: veu").Replace(licence) + "federal_register: [73 FR 57495, 89 FR 12345]\n",
			[]Licence{{Issued: "2026-01-12", Expires: "2030-01-12", QuantityLimits: map[string]int64{"nvidia-h100-sxm5": 100}, FederalRegister: []string{"89 FR 12345"}},
				{Issued: "2026-01-12", Expires: "2030-01-12", QuantityLimits: map[string]int64{"nvidia-h100-sxm5": 100}, FederalRegister: []string{"73 FR 57495", "89 FR 12345"}}}},
		{"an alias within a document", strings.Replace(licence, "issued: 2026-01-12\nexpires: 2030-01-12", "issued: &day 2026-01-12\nexpires: *day", 1),
			[]Licence{{Issued: "2026-01-12", Expires: "2026-01-12", QuantityLimits: map[string]int64{"nvidia-h100-sxm5": 100}}}},
		{"a value limit of a millionth and of 2^53 dollars", licence + "value_limit_usd: 0.000001\n---\n" + strings.Replace(licence, "D1", "D2", 1) + "value_limit_usd: 9_007_199_254_740_992\n",
			[]Licence{{Issued: "2026-01-12", Expires: "2030-01-12", QuantityLimits: map[string]int64{"nvidia-h100-sxm5": 100}, ValueLimitUSD: 0.000001},
				{Issued: "2026-01-12", Expires: "2030-01-12", QuantityLimits: map[string]int64{"nvidia-h100-sxm5": 100}, ValueLimitUSD: 9007199254740992}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set, err := Parse("a.yaml", []byte(tc.file))
			if err != nil {
				t.Fatal(err)
			}
			var got []Licence
			for _, l := range set.Licences {
				got = append(got, Licence{Issued: l.Issued, Expires: l.Expires, QuantityLimits: l.QuantityLimits, ValueLimitUSD: l.ValueLimitUSD, FederalRegister: l.FederalRegister})
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// TestLoadLayout: files under hidden directories and files that are not
// YAML are not read; empty documents are no records; a file named
// directly is read; a path that does not exist, or holds no record file,
// is an error.
func TestLoadLayout(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"licences/d1.yaml":  "# the licence\n---\n" + licence + "---\n",
		".git/x.yaml":       "not: a record",
		".hidden.yaml":      "not: a record",
		"README.md":         "# records",
		"schema.json":       "{}",
		"notes/empty.yml":   "# nothing yet\n",
		"clearances/c.yaml": clearance,
	})
	set, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]any{"licences": len(set.Licences), "clearances": len(set.Clearances), "files": len(set.Files()),
		"licence pos": set.Licences[0].Pos.Line, "clearance key": set.Clearances[0].EndUserKey}
	want := map[string]any{"licences": 1, "clearances": 1, "files": 3, "licence pos": 3, "clearance key": "atlas sanatgar trading"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	one, err := Load(filepath.Join(dir, "clearances", "c.yaml"))
	if err != nil || len(one.Clearances) != 1 {
		t.Errorf("Load(file) = %v, %v; want its clearance", one, err)
	}

	// A path that does not exist, or a directory without a record file
	// (records elsewhere, hidden, or not named .yaml/.yml), is an error,
	// not a set of no records; one such path among others too.
	empty := writeTree(t, map[string]string{"README.md": "# records", ".hidden.yaml": licence, "d1.yaml.txt": licence, ".git/x.yaml": licence})
	if err := os.Mkdir(filepath.Join(empty, "licences"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		dirs []string
		want string
	}{
		{"missing", []string{filepath.Join(dir, "missing")}, filepath.Join(dir, "missing") + ": no such file or directory"},
		{"no record files", []string{empty}, empty + ": holds no record files (*.yaml, *.yml)"},
		{"an empty subdirectory", []string{filepath.Join(empty, "licences")}, filepath.Join(empty, "licences") + ": holds no record files (*.yaml, *.yml)"},
		{"one of two", []string{dir, empty}, empty + ": holds no record files (*.yaml, *.yml)"},
		{"an empty path", []string{dir, ""}, `"": an empty path: name a records directory or file`},
		{"a directory twice", []string{dir, dir + "/"}, dir + "/: is " + dir + ", given already: its records would be read twice"},
		{"a directory within one given", []string{dir, filepath.Join(dir, "licences")}, filepath.Join(dir, "licences") + ": is within " + dir + ", given already: its records would be read twice"},
		{"a directory holding one given", []string{filepath.Join(dir, "licences"), dir}, dir + ": holds " + filepath.Join(dir, "licences") + ", given already: its records would be read twice"},
	} {
		set, err := Load(tc.dirs...)
		if diff := cmp.Diff(tc.want, errString(err)); diff != "" || set != nil {
			t.Errorf("%s: set %v (-want +got):\n%s", tc.name, set, diff)
		}
	}
}

// TestLoadEmpty: a directory (or file) whose YAML files hold only
// comments or empty documents loads as no records — a records repository
// may have none yet — and Empty names it, so that a path named wrong is
// told; one with a record is not named.
func TestLoadEmpty(t *testing.T) {
	dir := writeTree(t, map[string]string{"licences/d1.yaml": licence})
	comments := writeTree(t, map[string]string{"README.yaml": "# licences go here, one per file\n", "notes/x.yml": "---\n# nothing yet\n---\n"})
	commentFile := filepath.Join(comments, "README.yaml")
	for _, tc := range []struct {
		name string
		dirs []string
		want []string
	}{
		{"records", []string{dir}, nil},
		{"comments only", []string{comments}, []string{comments}},
		{"a file of comments", []string{commentFile}, []string{commentFile}},
		{"one of two", []string{dir, comments}, []string{comments}},
	} {
		set, err := Load(tc.dirs...)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if diff := cmp.Diff(tc.want, set.Empty()); diff != "" {
			t.Errorf("%s: Empty() (-want +got):\n%s", tc.name, diff)
		}
	}
	// Kept clearances from the ledger add no records to the directory.
	set, err := Load(comments)
	if err != nil {
		t.Fatal(err)
	}
	kept, err := Parse("kept.yaml", []byte(clearance))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{comments}, set.WithKept(kept).Empty()); diff != "" {
		t.Errorf("WithKept: Empty() (-want +got):\n%s", diff)
	}
}

// TestLoadSymlinks: a directory linked into a records tree, or named by
// a link, is read like any other, not left out unseen; a link back to a
// directory read already is an error, not its records read twice.
func TestLoadSymlinks(t *testing.T) {
	shared := writeTree(t, map[string]string{"d2.yaml": strings.Replace(licence, "number: D1", "number: D2", 1)})
	dir := writeTree(t, map[string]string{"licences/d1.yaml": licence})
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, name); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	link(shared, filepath.Join(dir, "licences", "shared"))
	top := filepath.Join(t.TempDir(), "records")
	link(dir, top)
	loop := writeTree(t, map[string]string{"d1.yaml": licence})
	link(loop, filepath.Join(loop, "again"))

	for _, tc := range []struct {
		name string
		path string
		want []string // licence numbers, or errors
	}{
		{"a linked directory", dir, []string{"D1", "D2"}},
		{"a link named", top, []string{"D1", "D2"}},
		{"a loop", loop, []string{filepath.Join(loop, "again") + ": a symbolic link to " + loop + ", which is read already: its records would be read twice"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set, err := Load(tc.path)
			var got []string
			if err != nil {
				got = strings.Split(err.Error(), "\n")
			} else {
				for _, l := range set.Licences {
					got = append(got, l.Number)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestRevision: the revision changes with any byte of any file and with a
// file's name, not with where the directory is.
func TestRevision(t *testing.T) {
	rev := func(files map[string]string) string {
		set, err := Load(writeTree(t, files))
		if err != nil {
			t.Fatal(err)
		}
		return set.Revision()
	}
	base := rev(map[string]string{"a.yaml": licence, "b.yaml": clearance})
	got := map[string]bool{
		"same files elsewhere": rev(map[string]string{"a.yaml": licence, "b.yaml": clearance}) == base,
		"a comment added":      rev(map[string]string{"a.yaml": licence + "# note\n", "b.yaml": clearance}) == base,
		"a file renamed":       rev(map[string]string{"a.yaml": licence, "c.yaml": clearance}) == base,
		"a record moved":       rev(map[string]string{"a.yaml": licence + "---\n" + clearance, "b.yaml": ""}) == base,
	}
	want := map[string]bool{"same files elsewhere": true, "a comment added": false, "a file renamed": false, "a record moved": false}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("revision equal to the base (-want +got):\n%s", diff)
	}
	if len(base) != 64 {
		t.Errorf("revision %q: want 64 hex digits", base)
	}
}

// TestClearanceMaxMonths: the term of a clearance is an option.
func TestClearanceMaxMonths(t *testing.T) {
	dir := writeTree(t, map[string]string{"a.yaml": clearance})
	_, err := Options{ClearanceMaxMonths: 6}.Load(dir)
	want := dir + `/a.yaml:9: clearance of uvl-1 for "Atlas Sanatgar Trading": expires 2027-02-16 is more than 6 months after at 2026-02-16 (at most 2026-08-16: adjudicate again at least that often)`
	if diff := cmp.Diff(want, errString(err)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestClearanceLimit: a clearance's term ends on the same day of the
// month, or on the month's last day when it has none: made 29 February,
// twelve months hold until 28 February, not 1 March.
func TestClearanceLimit(t *testing.T) {
	got := map[string]string{}
	for _, c := range []struct {
		at     string
		months int
	}{{"2026-02-16", 12}, {"2028-02-29", 12}, {"2028-02-29", 48}, {"2026-08-31", 6}, {"2026-03-31", 1}, {"2026-12-31", 2}} {
		at, _ := time.Parse(time.DateOnly, c.at)
		got[fmt.Sprintf("%s+%d", c.at, c.months)] = ClearanceLimit(at, c.months).Format(time.DateOnly)
	}
	want := map[string]string{"2026-02-16+12": "2027-02-16", "2028-02-29+12": "2029-02-28", "2028-02-29+48": "2032-02-29",
		"2026-08-31+6": "2027-02-28", "2026-03-31+1": "2026-04-30", "2026-12-31+2": "2027-02-28"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ClearanceLimit (-want +got):\n%s", diff)
	}
	// The loader reads a clearance by it.
	leap := strings.NewReplacer("at: 2026-02-16", "at: 2028-02-29", "expires: 2027-02-16", "expires: 2029-03-01").Replace(clearance)
	_, err := Options{Today: "2028-03-01"}.Load(writeTree(t, map[string]string{"a.yaml": leap}))
	if !strings.Contains(errString(err), "expires 2029-03-01 is more than 12 months after at 2028-02-29 (at most 2029-02-28") {
		t.Errorf("a clearance made 29 February until 1 March: %v", err)
	}
}

// TestClearanceDatedAhead: a clearance is dated when it was adjudicated,
// not later (its term would run from then); the day after today passes,
// for time zones ahead of UTC. Without Options.Today, today is the clock's.
func TestClearanceDatedAhead(t *testing.T) {
	dir := writeTree(t, map[string]string{"a.yaml": clearance})
	ahead := strings.NewReplacer("at: 2026-02-16", "at: 2099-02-16", "expires: 2027-02-16", "expires: 2100-02-16").Replace(clearance)
	aheadDir := writeTree(t, map[string]string{"a.yaml": ahead})
	for _, tc := range []struct {
		dir, today, want string
	}{
		{dir, "2026-02-16", ""},
		{dir, "2026-02-15", ""},
		{dir, "2026-02-14", dir + `/a.yaml:7: clearance of uvl-1 for "Atlas Sanatgar Trading": at 2026-02-16 is after today (2026-02-14): a clearance is dated the day it was adjudicated (dated ahead, it would hold more than 12 months after that)`},
		{aheadDir, "", `at 2099-02-16 is after today`},
	} {
		_, err := Options{Today: tc.today}.Load(tc.dir)
		got := errString(err)
		if tc.today == "" {
			if !strings.Contains(got, tc.want) {
				t.Errorf("today from the clock: error %q, want it to say %q", got, tc.want)
			}
			continue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("today %s: (-want +got):\n%s", tc.today, diff)
		}
	}
}

// TestClearanceRecorded: recorded, the day a clearance was written, is
// read when given (on or after at, not after today but for the day after,
// for time zones ahead of UTC) and "" when not, and survives YAML; before
// at, or dated ahead, it is an error at its line.
func TestClearanceRecorded(t *testing.T) {
	for _, tc := range []struct {
		name, recorded, today string
		want                  string // Recorded, or the error
	}{
		{"not given", "", "2026-12-07", ""},
		{"the day adjudicated", "2026-02-16", "2026-12-07", "2026-02-16"},
		{"after it", "2026-12-07", "2026-12-07", "2026-12-07"},
		{"tomorrow, ahead of UTC", "2026-12-08", "2026-12-07", "2026-12-08"},
		{"after tomorrow", "2026-12-09", "2026-12-07", `a.yaml:10: clearance of uvl-1 for "Atlas Sanatgar Trading": recorded 2026-12-09 is after today (2026-12-07): it is the day the record was written`},
		{"before at", "2026-02-15", "2026-12-07", `a.yaml:10: clearance of uvl-1 for "Atlas Sanatgar Trading": recorded 2026-02-15 is before at 2026-02-16: a clearance is written on or after the day it was adjudicated`},
		{"not a date", "yesterday", "2026-12-07", `a.yaml:10: recorded: "yesterday" is not a date: want YYYY-MM-DD`},
	} {
		doc := clearance
		if tc.recorded != "" {
			doc += "recorded: " + tc.recorded + "\n"
		}
		set, err := Options{Today: tc.today}.Parse("a.yaml", []byte(doc))
		got := ""
		if err != nil {
			got = errString(err)
		} else {
			got = set.Clearances[0].Recorded
			// Written back as read.
			again, err := Options{Today: tc.today}.Parse("b.yaml", set.Clearances[0].YAML())
			if err != nil || again.Clearances[0].Recorded != got {
				t.Errorf("%s: written and read again: %v, recorded %q", tc.name, err, again.Clearances[0].Recorded)
			}
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

// TestRecordDatedAhead: a licence is recorded once issued and a
// notification once filed, not before: dated ahead, the record would
// cover the planned shipments of an order book (whose ship dates are
// ahead) under a licence not issued or a filing not made. The day after
// today passes, for time zones ahead of UTC.
func TestRecordDatedAhead(t *testing.T) {
	for _, tc := range []struct {
		name, file, today, want string
	}{
		{"licence issued today", licence, "2026-01-12", ""},
		{"licence issued tomorrow", licence, "2026-01-11", ""},
		{"licence issued ahead", licence, "2026-01-10",
			`a.yaml:5: licence D1: issued 2026-01-12 is after today (2026-01-10): record a licence once BIS has issued it (dated ahead, it would cover shipments planned before it exists)`},
		{"notification filed tomorrow", notification, "2026-02-04", ""},
		{"notification filed ahead", notification, "2026-02-03",
			`a.yaml:4: notification NAC-1: filed_on 2026-02-05 is after today (2026-02-03): record a notification once it is filed (dated ahead, it would cover shipments planned under a filing not made)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Options{Today: tc.today}.Parse("a.yaml", []byte(tc.file))
			if diff := cmp.Diff(tc.want, errString(err)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestNames: end users are found in the form screening normalises names to.
func TestNames(t *testing.T) {
	set, err := Load(writeTree(t, map[string]string{"a.yaml": licence + "---\n" + clearance}))
	if err != nil {
		t.Fatal(err)
	}
	l, _ := set.Licence("D1")
	_, noLicence := set.Licence("D2")
	_, cleared := set.Clearance("ATLAS SANATGAR TRADING LLC", "uvl-1")
	_, otherEntry := set.Clearance("Atlas Sanatgar Trading", "uvl-2")
	got := map[string]bool{
		"Falcon Compute LLC":        l.NamesEndUser("Falcon Compute LLC"),
		"Falcon Compute, L.L.C.":    l.NamesEndUser("Falcon Compute, L.L.C."),
		"falcon compute":            l.NamesEndUser("falcon compute"),
		"Falcon Computing LLC":      l.NamesEndUser("Falcon Computing LLC"),
		"licence D2":                noLicence,
		"clearance, name as normal": cleared,
		"clearance, other entry":    otherEntry,
	}
	want := map[string]bool{
		"Falcon Compute LLC": true, "Falcon Compute, L.L.C.": true, "falcon compute": true, "Falcon Computing LLC": false,
		"licence D2": false, "clearance, name as normal": true, "clearance, other entry": false,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{screening.Normalize("Falcon Compute LLC")}, l.EndUserKeys); diff != "" {
		t.Errorf("EndUserKeys (-want +got):\n%s", diff)
	}
}

// TestExamples loads examples/records and compares the set with the
// golden JSON (go test -update rewrites it).
func TestExamples(t *testing.T) {
	set, err := Load("../examples/records")
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(set, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("testdata", "examples.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("examples (-want +got):\n%s", diff)
	}
	// The example clearance was made against the demonstration excerpt's
	// entry as it stands.
	c := set.Clearances[0]
	for _, e := range screening.Excerpt().Entries {
		if e.ID == c.Entry {
			if diff := cmp.Diff(EntryHash(&e), c.EntryHash); diff != "" {
				t.Errorf("example clearance's entry hash (-want +got):\n%s", diff)
			}
			return
		}
	}
	t.Errorf("entry %s of the example clearance is not in the excerpt", c.Entry)
}

// TestSchema: schema.json is the schema of the field tables the loader
// reads with (go test -update rewrites it).
func TestSchema(t *testing.T) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(schemaDoc()); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("schema.json", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), buf.String()); diff != "" {
		t.Errorf("schema.json is out of step with the loader; run go test ./records -update (-want +got):\n%s", diff)
	}
}

// TestEntryHash: the hash changes with what the entry says, not with
// where it was read or the order of its names.
func TestEntryHash(t *testing.T) {
	base := screening.Entry{ID: "e1", Source: "Entity List (EL) - Bureau of Industry and Security", List: "EL", Name: "Acme Corp",
		AltNames: []string{"Acme", "ACME Holdings"}, Addresses: []string{"1 Main St, Beijing, CN"}, StartDate: "2024-01-02", Line: 5}
	h := EntryHash(&base)
	variant := func(f func(e *screening.Entry)) bool {
		e := base
		e.AltNames = append([]string(nil), base.AltNames...)
		f(&e)
		return EntryHash(&e) == h
	}
	got := map[string]bool{
		"read from another line": variant(func(e *screening.Entry) { e.Line = 900 }),
		"alt names reordered":    variant(func(e *screening.Entry) { e.AltNames[0], e.AltNames[1] = e.AltNames[1], e.AltNames[0] }),
		"source URL changed":     variant(func(e *screening.Entry) { e.SourceListURL = "https://example.org" }),
		"name changed":           variant(func(e *screening.Entry) { e.Name = "Acme Corporation" }),
		"alias added":            variant(func(e *screening.Entry) { e.AltNames = append(e.AltNames, "Acme Intl") }),
		"address changed":        variant(func(e *screening.Entry) { e.Addresses = []string{"2 Main St, Beijing, CN"} }),
		"end date set":           variant(func(e *screening.Entry) { e.EndDate = "2026-01-01" }),
		"licence policy changed": variant(func(e *screening.Entry) { e.LicensePolicy = "Presumption of denial" }),
	}
	want := map[string]bool{
		"read from another line": true, "alt names reordered": true, "source URL changed": true,
		"name changed": false, "alias added": false, "address changed": false, "end date set": false, "licence policy changed": false,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hash unchanged (-want +got):\n%s", diff)
	}
	// The definition is part of every clearance on file: pin it.
	if diff := cmp.Diff("sha256:", h[:7]); diff != "" || len(h) != 7+64 {
		t.Errorf("EntryHash = %q: want sha256: and 64 hex digits", h)
	}
}

// TestWithKept: the clearances kept in the ledger are read one after
// another (one of the same end user and entry made the same day replaces
// the earlier), and added to those from files; each day's adjudication is
// kept (the history a line is judged by), on the same day a true match
// over a false positive, else the ledger's;
// Clearance gives the newest; the revision changes with them.
func TestWithKept(t *testing.T) {
	files, err := Load(writeTree(t, map[string]string{"a.yaml": licence, "b.yaml": clearance}))
	if err != nil {
		t.Fatal(err)
	}
	// The file's clearance a true match instead (each case says which).
	filesTM, err := Load(writeTree(t, map[string]string{"a.yaml": licence, "b.yaml": strings.Replace(clearance, "outcome: false_positive", "outcome: true_match", 1)}))
	if err != nil {
		t.Fatal(err)
	}
	made := func(at, outcome, entry string) File {
		c := strings.NewReplacer("at: 2026-02-16", "at: "+at, "outcome: false_positive", "outcome: "+outcome, "entry: uvl-1", "entry: "+entry, "expires: 2027-02-16", "expires: 2026-12-31").Replace(clearance)
		return File{Name: "ledger row " + at, Data: []byte(c)}
	}
	type got struct {
		Outcome, At, File string
	}
	fileFP := got{"false_positive", "2026-02-16", "b.yaml"}
	fileTM := got{"true_match", "2026-02-16", "b.yaml"}
	for name, tt := range map[string]struct {
		kept      []File
		want      map[string][]got
		newest    string // at of Clearance(uvl-1)
		trueMatch bool   // the file's clearance is a true match
	}{
		"none": {nil, map[string][]got{"uvl-1": {fileFP}}, "2026-02-16", false},
		"another entry": {[]File{made("2026-03-01", "true_match", "uvl-2")},
			map[string][]got{"uvl-1": {fileFP}, "uvl-2": {{"true_match", "2026-03-01", "ledger row 2026-03-01"}}}, "2026-02-16", false},
		"a later one is kept beside the file's": {[]File{made("2026-03-01", "true_match", "uvl-1")},
			map[string][]got{"uvl-1": {fileFP, {"true_match", "2026-03-01", "ledger row 2026-03-01"}}}, "2026-03-01", false},
		"the same day, the ledger's": {[]File{made("2026-02-16", "true_match", "uvl-1")},
			map[string][]got{"uvl-1": {{"true_match", "2026-02-16", "ledger row 2026-02-16"}}}, "2026-02-16", false},
		"the same day, both false positives: the ledger's": {[]File{made("2026-02-16", "false_positive", "uvl-1")},
			map[string][]got{"uvl-1": {{"false_positive", "2026-02-16", "ledger row 2026-02-16"}}}, "2026-02-16", false},
		// The download committed as it is: the file's, which the
		// reasons cite (it is in the records now), not the ledger's.
		"the same record in both: the file's": {[]File{{Name: "ledger row 2026-02-16", Data: []byte(clearance), Row: 7}},
			map[string][]got{"uvl-1": {fileFP}}, "2026-02-16", false},
		"the same day, both true matches: the ledger's": {[]File{made("2026-02-16", "true_match", "uvl-1")},
			map[string][]got{"uvl-1": {{"true_match", "2026-02-16", "ledger row 2026-02-16"}}}, "2026-02-16", true},
		"the same day, the file's true match over a false positive": {[]File{made("2026-02-16", "false_positive", "uvl-1")},
			map[string][]got{"uvl-1": {fileTM}}, "2026-02-16", true},
		"an earlier one too": {[]File{made("2026-02-01", "true_match", "uvl-1")},
			map[string][]got{"uvl-1": {fileFP, {"true_match", "2026-02-01", "ledger row 2026-02-01"}}}, "2026-02-16", false},
		"within the ledger, each day": {[]File{made("2026-03-02", "true_match", "uvl-1"), made("2026-03-01", "false_positive", "uvl-1")},
			map[string][]got{"uvl-1": {fileFP, {"true_match", "2026-03-02", "ledger row 2026-03-02"}, {"false_positive", "2026-03-01", "ledger row 2026-03-01"}}}, "2026-03-02", false},
		"within the ledger, the same day the later row": {[]File{made("2026-03-02", "true_match", "uvl-1"), made("2026-03-02", "false_positive", "uvl-1")},
			map[string][]got{"uvl-1": {fileFP, {"false_positive", "2026-03-02", "ledger row 2026-03-02"}}}, "2026-03-02", false},
	} {
		var set *Set
		if tt.kept != nil {
			if set, err = (Options{}).ParseEach(tt.kept...); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		from := files
		if tt.trueMatch {
			from = filesTM
		}
		all := from.WithKept(set)
		out := map[string][]got{}
		for _, c := range all.Clearances {
			out[c.Entry] = append(out[c.Entry], got{string(c.Outcome), c.At, filepath.Base(c.Pos.File)})
		}
		if d := cmp.Diff(tt.want, out); d != "" {
			t.Errorf("%s (-want +got):\n%s", name, d)
		}
		if c, ok := all.Clearance("ATLAS SANATGAR TRADING", "uvl-1"); !ok || c.At != tt.newest {
			t.Errorf("%s: Clearance(uvl-1) = %+v, %v", name, c, ok)
		}
		if (all.Revision() == from.Revision()) != (tt.kept == nil) || len(all.Licences) != 1 {
			t.Errorf("%s: revision %s (files %s), %d licences", name, all.Revision(), from.Revision(), len(all.Licences))
		}
	}
	// A name spelt otherwise that normalises alike is another party's
	// clearance (a false positive holds only for the name it was made
	// for): kept beside the file's, whatever its day and outcome, never
	// in its place.
	spelt := func(at, outcome string) File {
		f := made(at, outcome, "uvl-1")
		f.Name, f.Data = "yerevan "+at, []byte(strings.Replace(string(f.Data), "end_user: Atlas Sanatgar Trading", "end_user: Atlas Sanatgar Trading (Yerevan)", 1))
		return f
	}
	type spelling struct {
		EndUser, Outcome, At, File string
	}
	plainFP := spelling{"Atlas Sanatgar Trading", "false_positive", "2026-02-16", "b.yaml"}
	plainTM := spelling{"Atlas Sanatgar Trading", "true_match", "2026-02-16", "b.yaml"}
	for name, tt := range map[string]struct {
		from *Set
		kept []File
		want []spelling
	}{
		"the same day": {files, []File{spelt("2026-02-16", "false_positive")},
			[]spelling{plainFP, {"Atlas Sanatgar Trading (Yerevan)", "false_positive", "2026-02-16", "yerevan 2026-02-16"}}},
		"the same day, a true match": {files, []File{spelt("2026-02-16", "true_match")},
			[]spelling{plainFP, {"Atlas Sanatgar Trading (Yerevan)", "true_match", "2026-02-16", "yerevan 2026-02-16"}}},
		"the same day, a false positive beside the file's true match": {filesTM, []File{spelt("2026-02-16", "false_positive")},
			[]spelling{plainTM, {"Atlas Sanatgar Trading (Yerevan)", "false_positive", "2026-02-16", "yerevan 2026-02-16"}}},
		"later": {files, []File{spelt("2026-06-01", "false_positive")},
			[]spelling{plainFP, {"Atlas Sanatgar Trading (Yerevan)", "false_positive", "2026-06-01", "yerevan 2026-06-01"}}},
	} {
		kept, err := (Options{}).ParseEach(tt.kept...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		all := tt.from.WithKept(kept)
		var out []spelling
		for _, c := range all.Clearances {
			if c.EndUserKey != all.Clearances[0].EndUserKey {
				t.Errorf("%s: %q and %q normalise otherwise: the case tests nothing", name, c.EndUser, all.Clearances[0].EndUser)
			}
			out = append(out, spelling{c.EndUser, string(c.Outcome), c.At, filepath.Base(c.Pos.File)})
		}
		if d := cmp.Diff(tt.want, out); d != "" {
			t.Errorf("%s (-want +got):\n%s", name, d)
		}
	}
	if len(files.Clearances) != 1 || files.Clearances[0].Outcome != "false_positive" {
		t.Errorf("WithKept changed the set it was called on: %+v", files.Clearances)
	}
	var none *Set
	if got := none.WithKept(nil); got != nil {
		t.Errorf("nil with nil: %+v", got)
	}
}

// TestChecker: what the checker hands the policy indexes each licence by
// every end user it names and each notification by its end user, and
// gives a licence's value limit only when it has one, and a notification's
// quantity as notified.
func TestChecker(t *testing.T) {
	two := strings.Replace(licence, "[Falcon Compute LLC]", "[Falcon Compute LLC, Gulf Analytics Cloud LLC]", 1)
	valued := strings.NewReplacer("number: D1", "number: D2", "quantity_limits:\n  nvidia-h100-sxm5: 100\n", "value_limit_usd: 2500000\n").Replace(licence)
	set, err := Load(writeTree(t, map[string]string{"a.yaml": two, "b.yaml": valued, "n.yaml": notification}))
	if err != nil {
		t.Fatal(err)
	}
	r := set.Checker()
	ls := r.Data["licences"].(map[string]any)
	n := r.Data["notifications"].(map[string]any)["NAC-1"].(map[string]any)
	_, d1Value := ls["D1"].(map[string]any)["value_limit_usd"]
	got := map[string]any{
		"licences":       r.Licences,
		"notifications":  r.Notifications,
		"D1 value":       d1Value,
		"D2 value":       fmt.Sprint(ls["D2"].(map[string]any)["value_limit_usd"]),
		"NAC-1 quantity": fmt.Sprint(n["quantity"]),
	}
	want := map[string]any{
		"licences":       map[string][]string{"falcon compute": {"D1", "D2"}, "gulf analytics cloud": {"D1"}},
		"notifications":  map[string][]string{"pearl river render studio": {"NAC-1"}},
		"D1 value":       false,
		"D2 value":       "2500000",
		"NAC-1 quantity": "10",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestAssignments: an assignment names its end user for the record in
// what the checker hands the policy (the record's index and an "assigned"
// entry with who, when, why and where); one kept in the ledger for a
// record the set does not hold is left out, and a later one replaces the
// earlier.
func TestAssignments(t *testing.T) {
	set, err := Load(writeTree(t, map[string]string{"a.yaml": licence, "n.yaml": notification, "b.yaml": assignment}))
	if err != nil {
		t.Fatal(err)
	}
	r := set.Checker()
	got := map[string]any{
		"licences":      r.Licences["falcon compute dc"],
		"assigned":      r.Data["licences"].(map[string]any)["D1"].(map[string]any)["assigned"],
		"end_user_keys": r.Data["licences"].(map[string]any)["D1"].(map[string]any)["end_user_keys"],
	}
	b, _ := json.Marshal(got)
	want := `{"assigned":{"falcon compute dc":{"at":"2026-03-01","by":"J. Rivera","end_user":"Falcon Compute DC","file":"` + set.Assignments[0].Pos.File + `","line":1,"reason":"the same company (trade licence 12345)","status":"assigned"}},"end_user_keys":["falcon compute"],"licences":["D1"]}`
	if d := cmp.Diff(want, string(b)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	kept, err := (Options{}).ParseEach(
		File{Name: "ledger row 1", Data: []byte(strings.Replace(assignment, "licence: D1", "notification: NAC-1", 1))},
		File{Name: "ledger row 2", Data: []byte(strings.Replace(assignment, "licence: D1", "licence: D9", 1))},
		File{Name: "ledger row 3", Data: []byte(strings.Replace(assignment, "2026-03-01", "2026-03-05", 1))},
	)
	if err != nil {
		t.Fatal(err)
	}
	all := set.WithKept(kept)
	var as []string
	for _, a := range all.Assignments {
		as = append(as, a.record()+" "+a.At+" "+a.Pos.File)
	}
	if d := cmp.Diff([]string{"licence:D1 2026-03-05 ledger row 3", "notification:NAC-1 2026-03-01 ledger row 1"}, as); d != "" {
		t.Errorf("assignments with those kept (-want +got):\n%s", d)
	}
	if n := all.Checker().Notifications["falcon compute dc"]; len(n) != 1 || n[0] != "NAC-1" {
		t.Errorf("the notification's index: %v", n)
	}

	// An end user spelt otherwise whom screening reads as one the licence
	// names (another legal form) is assigned to it: the licence is in that
	// name's index once, not twice (the policy would judge it twice).
	inc, err := Load(writeTree(t, map[string]string{"a.yaml": licence, "b.yaml": strings.Replace(assignment, "Falcon Compute DC", "Falcon Compute Inc", 1)}))
	if err != nil {
		t.Fatal(err)
	}
	if key := screening.Normalize("Falcon Compute Inc"); key != inc.Licences[0].EndUserKeys[0] {
		t.Errorf("the assigned end user is read as %q, not as the licence's %q", key, inc.Licences[0].EndUserKeys[0])
	} else if d := cmp.Diff([]string{"D1"}, inc.Checker().Licences[key]); d != "" {
		t.Errorf("the index of an end user the licence names and is assigned (-want +got):\n%s", d)
	}

	// One kept in the ledger naming the licence in another case or with
	// spaces names it: the licence as the set writes it is assigned the
	// end user, not a licence of no records.
	kept, err = (Options{}).ParseEach(File{Name: "ledger row 6", Data: []byte(strings.NewReplacer("licence: D1", "licence: d 1", "Falcon Compute DC", "Falcon Annex").Replace(assignment))})
	if err != nil {
		t.Fatal(err)
	}
	r = set.WithKept(kept).Checker()
	_, assignedAnnex := r.Data["licences"].(map[string]any)["D1"].(map[string]any)["assigned"].(map[string]any)["falcon annex"]
	if got := set.WithKept(kept).Assignments; len(got) != 2 || got[1].Licence != "D1" || !assignedAnnex || !slices.Equal(r.Licences["falcon annex"], []string{"D1"}) {
		t.Errorf("an assignment of licence \"d 1\": %+v; assigned %v; index %v", got, assignedAnnex, r.Licences["falcon annex"])
	}

	// A withdrawal, later, replaces the assignment; the policy reads its
	// status (the record still indexes the end user, so that the policy
	// can say the assignment was withdrawn).
	withdrawal := (&Assignment{EndUser: "Falcon Compute DC", Licence: "D1", By: "K. Osei", At: "2026-03-06", Reason: "a different company", Status: AssignmentWithdrawn}).YAML()
	if !strings.Contains(string(withdrawal), "status: withdrawn\n") {
		t.Errorf("a withdrawal's YAML says nothing of it:\n%s", withdrawal)
	}
	kept, err = (Options{}).ParseEach(File{Name: "ledger row 3", Data: []byte(assignment)}, File{Name: "ledger row 4", Data: withdrawal})
	if err != nil {
		t.Fatal(err)
	}
	r = set.WithKept(kept).Checker()
	a := r.Data["licences"].(map[string]any)["D1"].(map[string]any)["assigned"].(map[string]any)["falcon compute dc"].(map[string]any)
	if a["status"] != "withdrawn" || a["by"] != "K. Osei" || !slices.Equal(r.Licences["falcon compute dc"], []string{"D1"}) {
		t.Errorf("withdrawn: %v; index %v", a, r.Licences["falcon compute dc"])
	}
	// Against the files: the later stands; on the same day a withdrawal,
	// wherever it is (a desk assignment withdrawn in git that day).
	for name, tt := range map[string]struct {
		file, kept string // at and status of each
		want       AssignmentStatus
	}{
		"withdrawn in git the same day":    {"2026-03-01 withdrawn", "2026-03-01 assigned", AssignmentWithdrawn},
		"withdrawn at the desk that day":   {"2026-03-01 assigned", "2026-03-01 withdrawn", AssignmentWithdrawn},
		"assigned again at the desk later": {"2026-03-01 withdrawn", "2026-03-02 assigned", AssignmentAssigned},
		"an older desk withdrawal":         {"2026-03-02 assigned", "2026-03-01 withdrawn", AssignmentAssigned},
	} {
		doc := func(atStatus string) []byte {
			at, status, _ := strings.Cut(atStatus, " ")
			return []byte(strings.Replace(assignment, "2026-03-01", at, 1) + "status: " + status + "\n")
		}
		files, err := Load(writeTree(t, map[string]string{"a.yaml": licence, "n.yaml": notification, "b.yaml": string(doc(tt.file))}))
		if err != nil {
			t.Fatal(err)
		}
		kept, err := (Options{}).ParseEach(File{Name: "ledger row 5", Data: doc(tt.kept)})
		if err != nil {
			t.Fatal(err)
		}
		if got := files.WithKept(kept).Assignments; len(got) != 1 || got[0].Status != tt.want {
			t.Errorf("%s: %+v, want %s", name, got, tt.want)
		}
	}
	if _, err := (Options{}).ParseEach(File{Name: "bad.yaml", Data: []byte(assignment + "status: revoked\n")}); err == nil || !strings.Contains(err.Error(), `bad.yaml:8: status: unknown value "revoked"; want one of assigned, withdrawn`) {
		t.Errorf("an unknown status: %v", err)
	}
}

// TestCheckKnown: a product ID or country code the data does not know,
// or an end user written as a placeholder the policy names, is an error
// with its file and line, with what it may have meant; the records kept in
// the ledger keep them.
func TestCheckKnown(t *testing.T) {
	ph, err := checker.LoadPlaceholders(context.Background(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	known := Known{
		IsName:    ph.IsName,
		Products:  map[string]bool{"nvidia-h100-sxm5": true, "nvidia-h100-pcie": true, "nvidia-rtx-4090": true},
		Countries: map[string]bool{"AE": true, "CN": true, "GB": true},
		ResolveProduct: func(s string) (string, error) {
			if s == "hopper-sxm" {
				return "nvidia-h100-sxm5", nil
			}
			return "", errors.New("unknown product")
		},
		ResolveCountry: func(s string) (string, error) {
			if s == "UK" {
				return "GB", nil
			}
			return "", errors.New("unknown country")
		},
	}
	for _, tc := range []struct {
		name  string
		files map[string]string
		known Known
		want  []string
	}{
		{"all known", map[string]string{"a.yaml": licence, "b.yaml": notification}, known, nil},
		{"a product by a typo", map[string]string{"a.yaml": strings.ReplaceAll(licence, "nvidia-h100-sxm5", "nvidia-h100-sxm")}, known,
			[]string{`a.yaml:8: licence D1: items.products: "nvidia-h100-sxm" is not a product ID the data knows (did you mean nvidia-h100-sxm5?); exportcheck products lists them, --data adds your own`}},
		{"a product by an alias", map[string]string{"a.yaml": strings.ReplaceAll(licence, "nvidia-h100-sxm5", "hopper-sxm")}, known,
			[]string{`a.yaml:8: licence D1: items.products: "hopper-sxm" is not a product ID the data knows (did you mean nvidia-h100-sxm5?); exportcheck products lists them, --data adds your own`}},
		{"a product a letter off", map[string]string{"a.yaml": strings.Replace(notification, "nvidia-rtx-4090", "nvidia-rtx-4091", 1)}, known,
			[]string{`a.yaml:5: notification NAC-1: items.products: "nvidia-rtx-4091" is not a product ID the data knows (did you mean nvidia-rtx-4090?); exportcheck products lists them, --data adds your own`}},
		{"a product like none", map[string]string{"a.yaml": strings.Replace(notification, "nvidia-rtx-4090", "acme-x1", 1)}, known,
			[]string{`a.yaml:5: notification NAC-1: items.products: "acme-x1" is not a product ID the data knows; exportcheck products lists them, --data adds your own`}},
		{"a product like several", map[string]string{"a.yaml": strings.Replace(notification, "[nvidia-rtx-4090]", "[nvidia-rtx-4090, nvidia-h100]", 1)}, known,
			[]string{`a.yaml:5: notification NAC-1: items.products: "nvidia-h100" is not a product ID the data knows (did you mean nvidia-h100-pcie or nvidia-h100-sxm5?); exportcheck products lists them, --data adds your own`}},
		{"countries", map[string]string{"a.yaml": strings.Replace(licence, "destinations: [AE]", "destinations:\n  - AE\n  - UK\n  - XA", 1), "b.yaml": strings.Replace(notification, "destination: CN", "destination: ZZ", 1)}, known,
			[]string{
				`a.yaml:11: licence D1: destinations: "UK" is not a country code the data knows (did you mean GB?); exportcheck countries lists them`,
				`a.yaml:12: licence D1: destinations: "XA" is not a country code the data knows; exportcheck countries lists them`,
				`b.yaml:6: notification NAC-1: destination: "ZZ" is not a country code the data knows; exportcheck countries lists them`,
			}},
		{"a placeholder end user of a licence", map[string]string{"a.yaml": strings.Replace(licence, "end_users: [Falcon Compute LLC]", "end_users:\n  - Falcon Compute LLC\n  - TBD\n  - ' n/a '\n  - Customer Ltd\n  - Unknown Soldier Trading", 1)},
			known, []string{
				`a.yaml:12: licence D1: end_users: "TBD" is a placeholder, not a name: write the end user's name`,
				`a.yaml:13: licence D1: end_users: "n/a" is a placeholder, not a name: write the end user's name`,
				`a.yaml:14: licence D1: end_users: "Customer Ltd" reads as "customer", a placeholder, not a name: write the end user's name`,
			}},
		{"a placeholder end user of a notification", map[string]string{"a.yaml": strings.Replace(notification, "Pearl River Render Studio Co.", "Unknown", 1)},
			known, []string{`a.yaml:7: notification NAC-1: end_user: "Unknown" is a placeholder, not a name: write the end user's name`}},
		{"a placeholder end user of a clearance", map[string]string{"a.yaml": strings.Replace(clearance, "Atlas Sanatgar Trading", "End-User Ltd.", 1)},
			known, []string{`a.yaml:2: clearance: end_user: "End-User Ltd." reads as "end user", a placeholder, not a name: write the end user's name`}},
		{"a placeholder end user of an assignment", map[string]string{"a.yaml": licence, "b.yaml": strings.Replace(assignment, "Falcon Compute DC", "various", 1)},
			known, []string{`b.yaml:2: assignment: end_user: "various" is a placeholder, not a name: write the end user's name`}},
		{"no resolvers", map[string]string{"a.yaml": strings.ReplaceAll(licence, "nvidia-h100-sxm5", "hopper-sxm")}, Known{Products: known.Products, Countries: known.Countries},
			[]string{`a.yaml:8: licence D1: items.products: "hopper-sxm" is not a product ID the data knows; exportcheck products lists them, --data adds your own`}},
		{"nothing known", map[string]string{"a.yaml": licence}, Known{},
			[]string{
				`a.yaml:8: licence D1: items.products: "nvidia-h100-sxm5" is not a product ID the data knows; exportcheck products lists them, --data adds your own`,
				`a.yaml:9: licence D1: destinations: "AE" is not a country code the data knows; exportcheck countries lists them`,
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTree(t, tc.files)
			set, err := Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			// With the clearances and assignments kept in the ledger too.
			kept, err := (Options{}).ParseEach(File{Name: "ledger row 1", Data: []byte(clearance)})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []*Set{set, set.WithKept(kept)} {
				var got []string
				err := s.CheckKnown(tc.known)
				var errs Errors
				if err != nil && !errors.As(err, &errs) {
					t.Fatalf("CheckKnown error = %v, want Errors", err)
				}
				for _, e := range errs {
					got = append(got, strings.ReplaceAll(e.Error(), dir+string(filepath.Separator), ""))
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("errors (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestWarnings: a BIS licence recorded as valid for longer than the
// data's licence_validity (four years, 15 CFR 750.7(g)) is a warning at
// its expires line, not an error: BIS may issue or extend one so. A VEU
// without federal_register, a NAC notification without value_usd, are the
// policy's to warn of (it says they cover no line until amended:
// checker.Checker.Amendments), not the records'.
func TestWarnings(t *testing.T) {
	b, err := checker.LoadBundle(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	data, err := b.LicenceValidity()
	if err != nil {
		t.Fatal(err)
	}
	const check = ", longer than the 4 years a BIS licence is valid for unless it says otherwise (15 CFR 750.7(g)): check expires against the licence (BIS may issue one for longer, or extend it: then say so in extended)"
	for _, c := range []struct {
		name, doc, today string
		validity         checker.LicenceValidity
		want             []string
	}{
		{"four years to the day", licence, "", data, nil},
		{"a day over four years", strings.Replace(licence, "expires: 2030-01-12", "expires: 2030-01-13", 1), "", data,
			[]string{"a.yaml:6: licence D1: valid 4 years and 1 day (issued 2026-01-12, expires 2030-01-13)" + check}},
		{"a year mistyped", strings.Replace(licence, "expires: 2030-01-12", "expires: 2062-01-12", 1), "", data,
			[]string{"a.yaml:6: licence D1: valid 36 years (issued 2026-01-12, expires 2062-01-12)" + check}},
		{"issued 29 February, four years to the day", strings.NewReplacer("issued: 2026-01-12", "issued: 2028-02-29", "expires: 2030-01-12", "expires: 2032-02-29").Replace(licence), "2028-03-01", data, nil},
		{"issued 29 February, a day over", strings.NewReplacer("issued: 2026-01-12", "issued: 2028-02-29", "expires: 2030-01-12", "expires: 2032-03-01").Replace(licence), "2028-03-01", data,
			[]string{"a.yaml:6: licence D1: valid 4 years and 1 day (issued 2028-02-29, expires 2032-03-01)" + check}},
		{"a VEU has no standard period", strings.NewReplacer("kind: license", "kind: veu", "expires: 2030-01-12", "expires: 2062-01-12").Replace(licence) + "federal_register: 89 FR 12345\n", "", data, nil},
		{"a VEU listed in several notices", strings.Replace(licence, "kind: license", "kind: veu", 1) + "federal_register: [73 FR 57495, 89 FR 12345]\n", "", data, nil},
		{"a VEU without its listing: the policy's to say", strings.Replace(licence, "kind: license", "kind: veu", 1), "", data, nil},
		{"a VEU without its listing beside a licence", strings.NewReplacer("D1", "D2", "expires: 2030-01-12", "expires: 2031-03-12").Replace(licence) + "---\n" +
			strings.NewReplacer("D1", "VEU-9", "kind: license", "kind: veu").Replace(licence) + "---\n" + licence, "", data,
			[]string{"a.yaml:6: licence D2: valid 5 years and 59 days (issued 2026-01-12, expires 2031-03-12)" + check}},
		{"a long licence whose extension is recorded", strings.Replace(licence, "expires: 2030-01-12", "expires: 2031-06-30\nextended: validity extended to 2031-06-30 by BIS on 2030-01-05, SNAP-R Z123456", 1), "", data, nil},
		{"a NAC notification without its value: the policy's to say", notification, "", data, nil},
		{"a licence and a notification", strings.Replace(licence, "expires: 2030-01-12", "expires: 2031-03-12", 1) + "---\n" + notification, "", data,
			[]string{"a.yaml:6: licence D1: valid 5 years and 59 days (issued 2026-01-12, expires 2031-03-12)" + check}},
		{"no period, no check", strings.Replace(licence, "expires: 2030-01-12", "expires: 2062-01-12", 1), "", checker.LicenceValidity{}, nil},
		{"each licence, in file order", licence + "---\n" + strings.NewReplacer("D1", "D2", "expires: 2030-01-12", "expires: 2031-03-12").Replace(licence) +
			"---\n" + strings.NewReplacer("D1", "D3", "expires: 2030-01-12", "expires: 2030-01-11").Replace(licence), "", data,
			[]string{"a.yaml:19: licence D2: valid 5 years and 59 days (issued 2026-01-12, expires 2031-03-12)" + check}},
	} {
		t.Run(c.name, func(t *testing.T) {
			set, err := Options{Today: c.today}.Parse("a.yaml", []byte(c.doc))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range set.Warnings(c.validity) {
				got = append(got, w.String())
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestClearanceExpired: a clearance whose expiry is before the day it is
// recorded is told that it clears no line (those it held for shipped
// before it was recorded); one that holds today is not.
func TestClearanceExpired(t *testing.T) {
	for _, tt := range []struct{ at, expires, today, from, want string }{
		{"2025-01-20", "2026-01-19", "2026-12-07", "2026-12-07", "this clearance expired on 2026-01-19, before today (2026-12-07): recorded today, it clears no line: those shipped from 2025-01-20 to 2026-01-19 shipped before it was recorded (their reasons will name it, as a review made after they shipped), and it holds for none shipping from today"},
		{"2025-12-08", "2026-12-06", "2026-12-07", "2026-12-07", "this clearance expired on 2026-12-06, before today (2026-12-07): recorded today, it clears no line: those shipped from 2025-12-08 to 2026-12-06 shipped before it was recorded (their reasons will name it, as a review made after they shipped), and it holds for none shipping from today"},
		{"2025-12-08", "2026-12-07", "2026-12-07", "2026-12-07", ""}, // holds through its expiry day
		{"2026-12-07", "2027-12-06", "2026-12-07", "2026-12-07", ""},
		// A policy that had it stand from its at: it holds for the lines
		// that shipped while it held.
		{"2025-01-20", "2026-01-19", "2026-12-07", "2025-01-20", ""},
	} {
		if diff := cmp.Diff(tt.want, ClearanceExpired(tt.at, tt.expires, tt.today, tt.from)); diff != "" {
			t.Errorf("ClearanceExpired(%s, %s, %s, %s) (-want +got):\n%s", tt.at, tt.expires, tt.today, tt.from, diff)
		}
	}
}
