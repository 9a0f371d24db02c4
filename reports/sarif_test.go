package reports_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/reports"
)

// The OASIS SARIF 2.1.0 schema (testdata/README.md says where it is from).
const sarifSchemaFile = "testdata/sarif-schema-2.1.0.json"

var sarifSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	f, err := os.Open(sarifSchemaFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat() // "uri", "uri-reference", "date-time" are checked, not only noted
	const id = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	if err := c.AddResource(id, doc); err != nil {
		return nil, err
	}
	return c.Compile(id)
})

// validSARIF fails t unless out is valid against the SARIF 2.1.0 schema.
func validSARIF(t *testing.T, out []byte) {
	t.Helper()
	s, err := sarifSchema()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(doc); err != nil {
		t.Fatalf("not valid SARIF 2.1.0: %v", err)
	}
}

// GitHub's code scanning limits ("SARIF support for code scanning", and
// "SARIF results exceed one or more limits" in the same docs).
const (
	ghMaxGzipBytes   = 10 << 20 // each gzip-compressed SARIF file
	ghMaxRuns        = 20
	ghMaxResults     = 25000 // per run
	ghMaxRules       = 25000 // per run
	ghMaxLocations   = 10    // per result, as the result object's table says
	ghMaxDescription = 1024  // shortDescription.text, fullDescription.text
	ghMaxRuleName    = 255
)

type ghText struct {
	Text string `json:"text"`
}

// ghLog is what GitHub's code scanning reads of a SARIF file.
type ghLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		AutomationDetails *struct {
			ID string `json:"id"`
		} `json:"automationDetails"`
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID               string  `json:"id"`
					Name             string  `json:"name"`
					ShortDescription *ghText `json:"shortDescription"`
					FullDescription  *ghText `json:"fullDescription"`
					Help             *ghText `json:"help"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string  `json:"ruleId"`
			RuleIndex *int    `json:"ruleIndex"`
			Message   *ghText `json:"message"`
			Locations []struct {
				PhysicalLocation *struct {
					ArtifactLocation *struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Region *struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

// githubProblems lists what GitHub's code scanning documents as required
// of an upload beyond the schema: the properties marked required (and not
// empty: "the empty string is not supported for required properties"),
// every result's rule among the driver's rules, a location it can show
// (a relative or file: URI, a line from 1), the partialFingerprints it
// matches alerts by (it uses only primaryLocationLineHash), and the limits.
func githubProblems(raw []byte) []string {
	var p []string
	add := func(format string, a ...any) { p = append(p, fmt.Sprintf(format, a...)) }
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(raw)
	zw.Close()
	if z.Len() > ghMaxGzipBytes {
		add("%d bytes gzipped, over 10 MB", z.Len())
	}
	var log ghLog
	if err := json.Unmarshal(raw, &log); err != nil {
		return append(p, err.Error())
	}
	if log.Schema == "" {
		add("no $schema")
	}
	if log.Version != "2.1.0" {
		add("version %q", log.Version)
	}
	if len(log.Runs) == 0 || len(log.Runs) > ghMaxRuns {
		add("%d runs", len(log.Runs))
	}
	blank := func(t *ghText) bool { return t == nil || strings.TrimSpace(t.Text) == "" }
	for i, run := range log.Runs {
		// Code scanning reads runAutomationDetails.id as "category/run-id":
		// without a "/" it is a run id, and the run has no category.
		if a := run.AutomationDetails; a != nil && (!strings.Contains(a.ID, "/") || strings.HasPrefix(a.ID, "/")) {
			add("runs[%d]: automationDetails.id %q names no category", i, a.ID)
		}
		d := run.Tool.Driver
		if d.Name == "" {
			add("runs[%d]: no tool.driver.name", i)
		}
		if d.Rules == nil || len(d.Rules) > ghMaxRules {
			add("runs[%d]: rules %v", i, len(d.Rules))
		}
		rules := map[string]int{}
		for j, r := range d.Rules {
			at := fmt.Sprintf("runs[%d].rules[%d] %q", i, j, r.ID)
			if _, dup := rules[r.ID]; dup || r.ID == "" {
				add("%s: empty or repeated id", at)
			}
			rules[r.ID] = j
			switch {
			case blank(r.ShortDescription):
				add("%s: no shortDescription.text", at)
			case utf8.RuneCountInString(r.ShortDescription.Text) > ghMaxDescription:
				add("%s: shortDescription.text over %d characters", at, ghMaxDescription)
			}
			switch {
			case blank(r.FullDescription):
				add("%s: no fullDescription.text", at)
			case utf8.RuneCountInString(r.FullDescription.Text) > ghMaxDescription:
				add("%s: fullDescription.text over %d characters", at, ghMaxDescription)
			}
			if blank(r.Help) {
				add("%s: no help.text", at)
			}
			if utf8.RuneCountInString(r.Name) > ghMaxRuleName {
				add("%s: name over %d characters", at, ghMaxRuleName)
			}
		}
		if run.Results == nil || len(run.Results) > ghMaxResults {
			add("runs[%d]: results %v (null, or over the limit)", i, len(run.Results))
		}
		alerts := map[string]bool{}
		for j, r := range run.Results {
			at := fmt.Sprintf("runs[%d].results[%d]", i, j)
			if k, ok := rules[r.RuleID]; !ok || r.RuleID == "" {
				add("%s: ruleId %q is not among the rules", at, r.RuleID)
			} else if r.RuleIndex != nil && *r.RuleIndex != k {
				add("%s: ruleIndex %d, the rule is at %d", at, *r.RuleIndex, k)
			}
			if blank(r.Message) {
				add("%s: no message.text", at)
			}
			if len(r.Locations) == 0 || len(r.Locations) > ghMaxLocations {
				add("%s: %d locations", at, len(r.Locations))
				continue
			}
			pl := r.Locations[0].PhysicalLocation
			if pl == nil || pl.ArtifactLocation == nil || pl.Region == nil {
				add("%s: no physicalLocation with artifactLocation and region", at)
				continue
			}
			if why := uriProblem(pl.ArtifactLocation.URI); why != "" {
				add("%s: uri %q: %s", at, pl.ArtifactLocation.URI, why)
			}
			if pl.Region.StartLine < 1 {
				add("%s: startLine %d", at, pl.Region.StartLine)
			}
			fp := r.PartialFingerprints["primaryLocationLineHash"]
			if fp == "" {
				add("%s: no partialFingerprints.primaryLocationLineHash", at)
			}
			alert := r.RuleID + "\x00" + pl.ArtifactLocation.URI + "\x00" + fp
			if fp != "" && alerts[alert] {
				add("%s: the same rule, file and fingerprint as an earlier result: one alert for both", at)
			}
			alerts[alert] = true
		}
	}
	return p
}

// uriProblem says what is wrong with an artifact URI for code scanning:
// it must be a URI reference written with only the characters RFC 3986
// allows (anything else percent-encoded), either relative (to the root of
// the repository) or a file: URI, naming a file: no query or fragment.
func uriProblem(s string) string {
	if s == "" {
		return "empty"
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("-._~!$&'()*+,;=:@/", c) >= 0:
		case c == '%' && i+2 < len(s) && strings.IndexByte("0123456789ABCDEFabcdef", s[i+1]) >= 0 && strings.IndexByte("0123456789ABCDEFabcdef", s[i+2]) >= 0:
		default:
			return fmt.Sprintf("%q is not allowed in a URI", c)
		}
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return err.Error()
	case u.Scheme != "" && u.Scheme != "file":
		return "neither relative nor a file: URI"
	case u.Opaque != "":
		return "not a path"
	}
	return ""
}

// sarifBook is a book with every decision, a line that could not be
// judged, a licensed line, an exception, screening hits, a line with no
// reasons and one at line 0 (a file's own error).
func sarifBook() []checker.Result {
	order := func(line int, id string) checker.Order {
		return checker.Order{File: "orders/book.csv", Line: line, ID: id, Product: "H100", Destination: "CN", EndUser: "Acme", Date: "2025-03-01"}
	}
	return []checker.Result{
		{Order: order(2, "SO-1"), ProductID: "nvidia-h100-sxm5", ECCN: "3A090.a", Decision: checker.Allow,
			Reasons: []checker.Reason{{Rule: "decision.nlr", Citation: "15 CFR 734.3", Message: "no licence required to DE"}}},
		{Order: order(3, "SO-2"), ProductID: "nvidia-h100-sxm5", ECCN: "3A090.a", Decision: checker.Licensed,
			Reasons:       []checker.Reason{{Rule: "authorization.license", Citation: "15 CFR 750.7", Message: "licence D1234567 covers it"}, {Rule: "license.destination.d145", Citation: "15 CFR 742.6(a)(6)(iii)", Message: "license required to CN"}},
			Authorization: &checker.Authorization{Kind: "license", Number: "D1234567", Drawn: 4, File: "records/licences.csv", Line: 2}},
		{Order: order(4, "SO-3"), ProductID: "nvidia-h100-sxm5", ECCN: "3A090.a", Decision: checker.Review,
			Reasons:   []checker.Reason{{Rule: "screening.hit", Citation: "15 CFR 744.11", Message: "end user \"Acme\" matches Entity List entry \"ACME Corp\" (0.93)"}},
			Screening: []*checker.ScreeningFact{{List: "Entity List", EntryID: "EL-1", Name: "Acme", MatchedName: "ACME Corp", Score: 0.93, FederalRegisterNotice: "89 FR 1234"}}},
		{Order: order(5, "SO-4"), ProductID: "nvidia-h100-sxm5", ECCN: "3A090.a", Decision: checker.Exception, Exception: "NAC",
			Reasons: []checker.Reason{{Rule: "license.exception.nac", Citation: "15 CFR 740.8", Message: "NAC available after notification"}}},
		{Order: order(6, "SO-5"), ProductID: "nvidia-h100-sxm5", ECCN: "3A090.a", Decision: checker.LicenseRequired,
			Reasons: []checker.Reason{{Rule: "license.destination.d145", Citation: "15 CFR 742.6(a)(6)(iii)", Message: "license required to CN"}}},
		{Order: order(7, "SO-6"), ProductID: "nvidia-h100-sxm5", ECCN: "3A090.a", Decision: checker.Prohibited,
			Reasons:   []checker.Reason{{Rule: "screening.hit", Citation: "15 CFR 744.11", Message: "end user is on the Entity List"}, {Rule: "license.embargo", Citation: "15 CFR 746.1", Message: "embargoed destination"}},
			Screening: []*checker.ScreeningFact{{List: "Entity List", Name: "Acme", Score: 1}}},
		{Order: order(8, "SO-7"), Err: errors.New(`unknown product "H900"`)},
		{Order: order(9, "SO-8"), ProductID: "nvidia-h100-sxm5", Decision: checker.Review},    // no reasons
		{Order: checker.Order{File: "orders/book.json"}, Err: errors.New("not a JSON array")}, // line 0
	}
}

// oddBook is a book whose names and messages are as the world writes them:
// non-ASCII, control characters, a 64 KiB message and file names a URI
// must escape.
func oddBook() []checker.Result {
	long := strings.Repeat("Ünïcødé reason, 東京 and \u202e reversed \x1b[31m; ", 64<<10/50)
	files := []string{"orders/März 2025.csv", "orders/book#1 (50%).csv", `C:\books\orders.csv`, "/home/ci/work/orders.csv", "-", "orders/a?b.csv"}
	var rs []checker.Result
	for i, f := range files {
		rs = append(rs, checker.Result{
			Order:     checker.Order{File: f, Line: i + 2, ID: fmt.Sprintf("SO-Ж-%d \"quoted\"\t東京", i), Destination: "CN", Date: "2025-03-01"},
			ProductID: "nvidia-h100-sxm5", ECCN: "3A090.a", Decision: checker.LicenseRequired,
			Reasons: []checker.Reason{{Rule: "license.destination.d145", Citation: "15 CFR 742.6(a)(6)(iii) — «Ω»", Message: long}},
		})
	}
	rs = append(rs, checker.Result{Order: checker.Order{File: "orders/März 2025.csv", Line: 99}, Err: errors.New("bad UTF-8 \xff in \u202e line")})
	return rs
}

// noisyBook is bigBook(n) with ids of size hexadecimal digits that do not
// compress.
func noisyBook(n, size int) []checker.Result {
	rs := bigBook(n)
	for i := range rs {
		rs[i].Order.ID = noise(i, size)
	}
	return rs
}

// TestSARIFValid writes SARIF for representative books and checks each
// document against the SARIF 2.1.0 schema and what GitHub's code scanning
// requires of an upload.
func TestSARIFValid(t *testing.T) {
	warn := []string{"DEMONSTRATION screening list: not a real screen", "données «périmées» \x1b[0m"}
	for _, tc := range []struct {
		name    string
		run     *reports.Run
		rs      []checker.Result
		results int
	}{
		{"every decision", &reports.Run{FailOn: checker.Allow, Version: "1.2.3", Revision: "abc", Warnings: warn}, sarifBook(), 9},
		{"fail on review", &reports.Run{FailOn: checker.Review}, sarifBook(), 7},
		{"fail on prohibited", &reports.Run{FailOn: checker.Prohibited}, sarifBook(), 7},
		{"nothing failing, lines to see", &reports.Run{FailOn: checker.Prohibited}, sarifBook()[:5], 3},
		{"nothing failing or to see", &reports.Run{FailOn: checker.Review}, sarifBook()[:2], 0},
		{"empty book", &reports.Run{FailOn: checker.Review}, nil, 0},
		{"records and ownership", &reports.Run{FailOn: checker.Review, AsOf: "2025-03-01",
			Records:   &reports.Records{Revision: "0123456789abcdef", Files: []string{"records/licences.csv"}},
			Ownership: &reports.Ownership{Revision: "sha256:0123456789abcdef", Files: []string{"ownership.csv"}, Rows: 3},
			Screening: []reports.Snapshot{{Path: "lists/csl.csv", SHA256: "ff", Rows: 10, Newest: "2025-02-01"}}}, sarifBook(), 7},
		{"odd names and long messages", &reports.Run{FailOn: checker.Review, Warnings: warn}, oddBook(), 7},
		{"a category", &reports.Run{FailOn: checker.Review, SARIFCategory: "orders/europe"}, sarifBook(), 7},
		{"at the 25,000 cap", &reports.Run{FailOn: checker.Review}, bigBook(30000), 25000},
		{"incompressible, past 10 MB gzip-compressed", &reports.Run{FailOn: checker.Review}, noisyBook(16000, 1800), -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := []byte(writeAll(t, "sarif", tc.run, tc.rs))
			validSARIF(t, out)
			if diff := cmp.Diff([]string(nil), githubProblems(out)); diff != "" {
				t.Errorf("not what GitHub's code scanning takes (-want +got):\n%s", diff)
			}
			var log ghLog
			if err := json.Unmarshal(out, &log); err != nil {
				t.Fatal(err)
			}
			if n := reports.GzipSize(out); n > 9_000_000 {
				t.Errorf("%d bytes gzip-compressed: code scanning takes at most 10 MB", n)
			}
			if n := len(log.Runs[0].Results); tc.results < 0 && (n == 0 || n >= 25000) {
				t.Errorf("%d results: the compressed size is not kept to, or nothing is kept", n)
			} else if n := len(log.Runs[0].Results); tc.results >= 0 && n != tc.results {
				t.Errorf("%d results, want %d", n, tc.results)
			}
		})
	}
}

// TestSARIFLevelFollowsFailOn: a result's level is the run's grading of
// its line against --fail-on, the threshold the exit code uses: every line
// that fails the run is an error (code scanning's pull-request check fails
// on errors by default), whatever its decision; a line that passes but is
// not allow or licensed is a warning; licensed and allowed lines that pass
// are no results.
func TestSARIFLevelFollowsFailOn(t *testing.T) {
	// sarifBook's lines: 2 allow, 3 licensed, 4 review (a screening hit),
	// 5 exception, 6 license_required, 7 prohibited, 8 error, 9 review
	// without reasons, 1 (line 0) a file that could not be read.
	for _, tc := range []struct {
		failOn checker.Decision
		want   map[int]string // start line -> level
	}{
		{checker.Review, map[int]string{4: "error", 5: "error", 6: "error", 7: "error", 8: "error", 9: "error", 1: "error"}},
		{checker.Exception, map[int]string{4: "warning", 5: "error", 6: "error", 7: "error", 8: "error", 9: "warning", 1: "error"}},
		{checker.LicenseRequired, map[int]string{4: "warning", 5: "warning", 6: "error", 7: "error", 8: "error", 9: "warning", 1: "error"}},
		{checker.Prohibited, map[int]string{4: "warning", 5: "warning", 6: "warning", 7: "error", 8: "error", 9: "warning", 1: "error"}},
		{checker.Licensed, map[int]string{3: "error", 4: "error", 5: "error", 6: "error", 7: "error", 8: "error", 9: "error", 1: "error"}},
		{checker.Allow, map[int]string{2: "error", 3: "error", 4: "error", 5: "error", 6: "error", 7: "error", 8: "error", 9: "error", 1: "error"}},
	} {
		t.Run(tc.failOn.String(), func(t *testing.T) {
			rs := sarifBook()
			out := writeAll(t, "sarif", &reports.Run{FailOn: tc.failOn}, rs)
			var log struct {
				Runs []struct {
					Results []struct {
						Level     string
						Locations []struct {
							PhysicalLocation struct{ Region struct{ StartLine int } }
						}
					}
				}
			}
			if err := json.Unmarshal([]byte(out), &log); err != nil {
				t.Fatal(err)
			}
			got := map[int]string{}
			errs := 0
			for _, r := range log.Runs[0].Results {
				got[r.Locations[0].PhysicalLocation.Region.StartLine] = r.Level
				if r.Level == "error" {
					errs++
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("levels by line (-want +got):\n%s", diff)
			}
			// The errors are the lines the exit code counts as failing.
			s := reports.NewSummary()
			for i := range rs {
				s.Add(&rs[i], tc.failOn)
			}
			if errs != s.Failed {
				t.Errorf("%d error results, the summary counts %d failing: a code scanning check and the exit code disagree", errs, s.Failed)
			}
		})
	}
}

// TestSARIFCategory: --sarif-category names the run's analysis category
// as runAutomationDetails.id "CATEGORY/" (what comes before the last "/"
// is the category, as code scanning reads it); without one the run has
// no automationDetails, and the uploader names the category.
func TestSARIFCategory(t *testing.T) {
	for _, tc := range []struct{ category, want string }{
		{"", ""},
		{"orders/europe", "orders/europe/"},
		{"exportcheck/", "exportcheck/"},
		{"Aufträge Q3", "Aufträge Q3/"},
	} {
		t.Run(tc.category, func(t *testing.T) {
			out := writeAll(t, "sarif", &reports.Run{FailOn: checker.Review, SARIFCategory: tc.category}, sarifBook())
			validSARIF(t, []byte(out))
			if diff := cmp.Diff([]string(nil), githubProblems([]byte(out))); diff != "" {
				t.Errorf("not what GitHub's code scanning takes (-want +got):\n%s", diff)
			}
			var log ghLog
			if err := json.Unmarshal([]byte(out), &log); err != nil {
				t.Fatal(err)
			}
			got := ""
			if a := log.Runs[0].AutomationDetails; a != nil {
				got = a.ID
				if got == "" {
					t.Error("an automationDetails with no id")
				}
			}
			if got != tc.want {
				t.Errorf("automationDetails.id %q, want %q", got, tc.want)
			}
		})
	}
}

// TestSARIFGoldenValid checks the command's golden SARIF, written with the
// real policy's rules and their METADATA, against the same.
func TestSARIFGoldenValid(t *testing.T) {
	out, err := os.ReadFile("../cmd/exportcheck/testdata/golden/check.sarif")
	if err != nil {
		t.Fatal(err)
	}
	validSARIF(t, out)
	if diff := cmp.Diff([]string(nil), githubProblems(out)); diff != "" {
		t.Errorf("not what GitHub's code scanning takes (-want +got):\n%s", diff)
	}
}

// TestSARIFArtifactURI: a result's location is its book as a URI: a
// relative path stays relative, with what a URI cannot hold escaped; an
// absolute path is a file: URI. Unescaped, it names the same file.
func TestSARIFArtifactURI(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"orders.csv", "orders.csv"},
		{"orders/book.csv", "orders/book.csv"},
		{"../../examples/orders.csv", "../../examples/orders.csv"},
		{"orders/März 2025.csv", "orders/M%C3%A4rz%202025.csv"},
		{"orders/book#1 (50%).csv", "orders/book%231%20%2850%25%29.csv"},
		{"orders/a?b.csv", "orders/a%3Fb.csv"},
		{`C:\books\orders.csv`, "./C:%5Cbooks%5Corders.csv"}, // a Linux file name; on Windows it is absolute
		{"/home/ci/work/orders.csv", "file:///home/ci/work/orders.csv"},
		{"a:b.csv", "./a:b.csv"}, // not the scheme "a"
		{"-", "stdin"},           // standard input: no file; TestStdinNamed
	} {
		t.Run(tc.file, func(t *testing.T) {
			rs := []checker.Result{{Order: checker.Order{File: tc.file, Line: 3, ID: "SO-1"}, Err: errors.New("bad")}}
			var log ghLog
			if err := json.Unmarshal([]byte(writeAll(t, "sarif", &reports.Run{}, rs)), &log); err != nil {
				t.Fatal(err)
			}
			got := log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI
			if got != tc.want {
				t.Errorf("uri %q, want %q", got, tc.want)
			}
			if why := uriProblem(got); why != "" {
				t.Errorf("uri %q: %s", got, why)
			}
		})
	}
}

// TestGitHubProblems: the checks above find what they look for.
func TestGitHubProblems(t *testing.T) {
	good := writeAll(t, "sarif", &reports.Run{FailOn: checker.Review}, sarifBook()[4:5])
	for _, tc := range []struct{ name, from, to, want string }{
		{"rule not listed", `"ruleId": "license.destination.d145"`, `"ruleId": "license.other"`, `ruleId "license.other" is not among the rules`},
		{"empty message", `"text": "SO-5: license_required`, `"text": " ", "x": "`, "no message.text"},
		{"no full description", `"fullDescription"`, `"fullDescriptionX"`, "no fullDescription.text"},
		{"unescaped uri", `"uri": "orders/book.csv"`, `"uri": "orders/my book.csv"`, `' ' is not allowed in a URI`},
		{"http uri", `"uri": "orders/book.csv"`, `"uri": "https://example.com/book.csv"`, "neither relative nor a file: URI"},
		{"line 0", `"startLine": 6`, `"startLine": 0`, "startLine 0"},
		{"no fingerprint", `"primaryLocationLineHash"`, `"otherHash"`, "no partialFingerprints.primaryLocationLineHash"},
		{"run id, no category", `"tool": {`, `"automationDetails": {"id": "europe"}, "tool": {`, `automationDetails.id "europe" names no category`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(good, tc.from) {
				t.Fatalf("no %s in\n%s", tc.from, good)
			}
			p := githubProblems([]byte(strings.Replace(good, tc.from, tc.to, 1)))
			if len(p) != 1 || !strings.HasSuffix(p[0], tc.want) {
				t.Errorf("problems %q, want one ending %q", p, tc.want)
			}
		})
	}
}

// TestSARIFPlainText: a result's message and a notification are plain
// text messages as SARIF 2.1.0 §3.11 defines them: "{" and "}" doubled
// (else "{0}" is a placeholder, and a viewer replaces or rejects it), and
// a name from the book cannot make an embedded link ("[text](uri)");
// descriptions cut to GitHub's 1,024 characters stay within it escaped.
func TestSARIFPlainText(t *testing.T) {
	name := `{0} [Cleared](https://evil.example) \ {{x}}`
	rs := []checker.Result{{Order: checker.Order{File: "orders.csv", Line: 2, ID: "SO-{1}"}, Err: errors.New("unknown end user " + name)}}
	out := writeAll(t, "sarif", &reports.Run{FailOn: checker.Review, Warnings: []string{"stale list " + name}}, rs)
	validSARIF(t, []byte(out))
	const esc = `{{0}} \[Cleared\](https://evil.example) \\ {{{{x}}}}`
	results, notes := sarifMessages(t, out)
	got := []string{results[0], notes[0]}
	want := []string{"SO-{{1}}: unknown end user " + esc, "stale list " + esc}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("messages (-want +got):\n%s", diff)
	}
}

// TestSARIFControlCharacters: control characters, bidirectional overrides
// and bytes that are not UTF-8 from the book show in a message as escapes
// (as every format for people shows them), not as characters a code
// scanning page would obey or JSON would turn into U+FFFD; line breaks
// stay.
func TestSARIFControlCharacters(t *testing.T) {
	rs := []checker.Result{
		{Order: checker.Order{File: "orders.csv", Line: 2, ID: "SO-1\x00\u202e"}, Err: errors.New("unknown end user \x1b[31mAcme\xff\r\nLtd")},
		{Order: checker.Order{File: "orders.csv", Line: 3, ID: strings.Repeat("\u202e", 3000)}, Err: errors.New("bad")},
	}
	out := writeAll(t, "sarif", &reports.Run{FailOn: checker.Review, Warnings: []string{"list\x07 \u2066stale"}}, rs)
	validSARIF(t, []byte(out))
	results, notes := sarifMessages(t, out)
	got := []string{results[0], results[1], notes[0]}
	want := []string{`SO-1\\x00\\u202e: unknown end user \\x1b\[31mAcme\\xff` + "\r\nLtd",
		strings.Repeat(`\\u202e`, 1999/7) + "…", `list\\x07 \\u2066stale`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("messages (-want +got):\n%s", diff)
	}
}

// sarifMessages are the texts of a SARIF log's results and of its first
// run's notifications.
func sarifMessages(t *testing.T, out string) (results, notes []string) {
	t.Helper()
	var log struct {
		Runs []struct {
			Invocations []struct {
				Notifications []struct {
					Message ghText `json:"message"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
			Results []struct {
				Message ghText `json:"message"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	for _, r := range log.Runs[0].Results {
		results = append(results, r.Message.Text)
	}
	for _, inv := range log.Runs[0].Invocations {
		for _, n := range inv.Notifications {
			notes = append(notes, n.Message.Text)
		}
	}
	return results, notes
}
