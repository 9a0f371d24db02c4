package reports_test

import (
	"errors"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/reports"
)

// ghUnescape undoes the workflow-command escapes (the actions toolkit's
// command.ts: data escapes %, CR, LF; a property also : and ,).
var ghUnescape = strings.NewReplacer("%25", "%", "%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",")

// TestGitHubAnnotationEscapes: whatever the book's names hold, an
// annotation is one line, its properties split on "," and "=" as the
// runner splits them, and each reads back as written.
func TestGitHubAnnotationEscapes(t *testing.T) {
	for _, tc := range []struct{ name, file, id string }{
		{"plain", "orders.csv", "SO-1"},
		{"comma and colon", "books/a,b:c.csv", "SO,1:2"},
		{"percent", "100%.csv", "SO-%0A-%25"},
		{"line breaks", "a\r\nb.csv", "SO\n1\r"},
		{"double colon", "x::y.csv", "::error file=evil.csv::owned"},
		{"non-ASCII", "Bestellungen März.csv", "SO-東京-Ж"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs := []checker.Result{{Order: checker.Order{File: tc.file, Line: 7, ID: tc.id, Destination: "CN"}, Err: errors.New("bad " + tc.id)}}
			out := strings.Split(strings.TrimSuffix(writeAll(t, "github", &reports.Run{FailOn: checker.Review}, rs), "\n"), "\n")
			if len(out) != 2 {
				t.Fatalf("%d lines, want the annotation and the summary:\n%q", len(out), out)
			}
			cmd, rest, ok := strings.Cut(strings.TrimPrefix(out[0], "::"), " ")
			props, data, ok2 := strings.Cut(rest, "::")
			if cmd != "error" || !ok || !ok2 {
				t.Fatalf("not an error annotation: %q", out[0])
			}
			got := map[string]string{}
			for _, p := range strings.Split(props, ",") {
				k, v, _ := strings.Cut(p, "=")
				got[k] = ghUnescape.Replace(v)
			}
			want := map[string]string{"file": tc.file, "line": "7", "title": tc.id + " error"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("properties of %q (-want +got):\n%s", out[0], diff)
			}
			if got := ghUnescape.Replace(data); got != "bad "+tc.id {
				t.Errorf("message %q, want %q", got, "bad "+tc.id)
			}
		})
	}
}

// TestGitHubAnnotationCitesRule: an annotation is all a reviewer sees of a
// line in a pull request: its deciding reason carries the rule id and the
// citation, as the workbook and --explain write it; a line that could not
// be judged says where once, in the annotation's own location.
func TestGitHubAnnotationCitesRule(t *testing.T) {
	order := checker.Order{File: "orders.csv", Line: 5, ID: "SO-1", Destination: "CN"}
	rs := []checker.Result{
		{Order: order, Decision: checker.LicenseRequired, ECCN: "3A090.a", ReviewPolicy: "presumption_of_denial", Reasons: []checker.Reason{
			{Rule: "classify.3a090.a.1", Citation: "ECCN 3A090.a.1 (88 FR 73458)", Message: "3A090.a.1: TPP 15,832 ≥ 4,800"},
			{Rule: "license.destination.d145", Citation: "15 CFR 742.6(a)(6)(iii); 88 FR 73458", Message: "license required for 3A090.a to CN"},
		}, Headline: 2},
		{Order: checker.Order{File: "orders.csv", Line: 6, ID: "SO-2"}, Err: &checker.InputError{File: "orders.csv", Line: 6, Err: errors.New("unknown product \"x\"")}},
	}
	got := strings.Split(writeAll(t, "github", &reports.Run{FailOn: checker.Review}, rs), "\n")[:2]
	want := []string{
		"::error file=orders.csv,line=5,title=SO-1 license_required::license_required (presumption of denial) 3A090.a: license.destination.d145: license required for 3A090.a to CN [15 CFR 742.6(a)(6)(iii); 88 FR 73458]",
		"::error file=orders.csv,line=6,title=SO-2 error::unknown product \"x\"",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("annotations (-want +got):\n%s", diff)
	}
}

// runnerCommand is the workflow command the GitHub Actions runner reads
// in a line of a step's output, as actions/runner's ActionCommand parses
// it: "::name props::data" at the start once white space is trimmed
// (TryParseV2), else "##[name props]data" anywhere (the legacy TryParse),
// name one of the commands it registers. ok is false for a plain line.
func runnerCommand(line string) (name string, ok bool) {
	registered := map[string]bool{"stop-commands": true, "set-env": true, "set-output": true, "save-state": true,
		"add-mask": true, "add-path": true, "add-matcher": true, "remove-matcher": true, "debug": true,
		"warning": true, "error": true, "notice": true, "group": true, "endgroup": true, "echo": true}
	cmdName := func(info string) string { n, _, _ := strings.Cut(info, " "); return n }
	if s := strings.TrimLeftFunc(line, unicode.IsSpace); strings.HasPrefix(s, "::") {
		if end := strings.Index(s[2:], "::"); end >= 0 && registered[cmdName(s[2:2+end])] {
			return cmdName(s[2 : 2+end]), true
		}
	}
	if i := strings.Index(line, "##["); i >= 0 {
		if end := strings.IndexByte(line[i:], ']'); end >= 0 && registered[cmdName(line[i+3:i+end])] {
			return cmdName(line[i+3 : i+end]), true
		}
	}
	return "", false
}

// TestNoWorkflowCommandFromTheBook: a book's name or text that reads as a
// workflow command ("::stop-commands::x.csv" would stop the runner reading
// the annotations after it) starts no command in what a CI log shows:
// the GitHub annotations (each line one annotation of ours, or a plain
// line), the text table, and a bad line's error as check prints it on
// standard error. A book whose name starts a command is named ./NAME.
func TestNoWorkflowCommandFromTheBook(t *testing.T) {
	files := []string{"::stop-commands::x.csv", " \u00a0::add-mask::x.csv", "##[stop-commands]tok.csv", "orders/::error::x.csv"}
	var rs []checker.Result
	for i, f := range files {
		for j := range 15 { // past what GitHub annotates: plain lines too
			o := checker.Order{File: f, Line: j + 2, ID: "::warning::" + f, Destination: "CN", EndUser: "##[stop-commands]x"}
			r := checker.Result{Order: o, ProductID: "nvidia-h100-sxm5", ECCN: "3A090.a", Decision: checker.Decision(j % 6),
				Reasons: []checker.Reason{{Rule: "screening.hit", Citation: "15 CFR 744.11", Message: `end user "##[stop-commands]x" matches`}}}
			if j%4 == i%4 {
				r = checker.Result{Order: o, Err: &checker.InputError{File: f, Line: o.Line, Err: errors.New(`unknown product "##[error]x"`)}}
			}
			rs = append(rs, r)
		}
	}
	run := &reports.Run{FailOn: checker.LicenseRequired, Warnings: []string{"stale list ##[stop-commands]w"}}
	kinds := map[string]int{}
	for _, l := range strings.Split(strings.TrimSuffix(writeAll(t, "github", run, rs), "\n"), "\n") {
		name, ok := runnerCommand(l)
		switch {
		case !ok:
			if !strings.HasPrefix(l, "exportcheck: ") {
				t.Errorf("neither an annotation nor a plain line: %q", l)
			}
		case strings.HasPrefix(l, "::"+name+" ") && (name == "error" || name == "warning" || name == "notice"):
			kinds[name]++
		default:
			t.Errorf("the runner reads %q in %q", name, l)
		}
	}
	// As many as GitHub shows: none was lost to a stop-commands.
	if diff := cmp.Diff(map[string]int{"error": 10, "warning": 9, "notice": 10}, kinds); diff != "" {
		t.Errorf("annotations by kind (-want +got):\n%s", diff)
	}
	text := writeAll(t, "text", &reports.Run{FailOn: checker.LicenseRequired, Explain: true}, rs)
	lines := strings.Split(text, "\n")
	for i := range rs {
		if rs[i].Err != nil {
			lines = append(lines, reports.LogText(reports.ErrorText(&rs[i]))) // as check prints it
		}
	}
	for _, l := range lines {
		if name, ok := runnerCommand(l); ok {
			t.Errorf("the runner reads %q in %q", name, l)
		}
	}
	var got []string
	for _, f := range files {
		got = append(got, reports.Location(&checker.Order{File: f, Line: 3}))
	}
	want := []string{"./::stop-commands::x.csv:3", "./ \u00a0::add-mask::x.csv:3", "##[stop-commands]tok.csv:3", "orders/::error::x.csv:3"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Location (-want +got):\n%s", diff)
	}
}
