package reports_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/reports"
)

// bigBook is n judged lines: every 50th prohibited, every 7th review,
// every 5th allowed, the rest license_required, and the last line one that
// could not be judged. Reasons are long, as a real destination rule's are.
func bigBook(n int) []checker.Result {
	why := "license required for 3A090.a to CN (D:1, D:4, D:5; not in A:5 or A:6): " + strings.Repeat("the reason's words ", 8)
	rs := make([]checker.Result, n)
	for i := range rs {
		r := checker.Result{
			Order:     checker.Order{File: "orders/book.csv", Line: i + 2, ID: fmt.Sprintf("SO-%d", i), Destination: "CN", Date: "2025-03-01"},
			ProductID: "nvidia-h100-sxm5", ECCN: "3A090.a", Decision: checker.LicenseRequired,
			Reasons: []checker.Reason{{Rule: "license.destination.d145", Message: why, Citation: "15 CFR 742.6(a)(6)(iii)"}},
		}
		switch {
		case i == n-1:
			r.Err = errors.New("unknown product \"H900\"")
		case i%50 == 0:
			r.Decision = checker.Prohibited
			r.Reasons[0].Rule = "license.embargo"
		case i%7 == 0:
			r.Decision = checker.Review
			r.Reasons[0].Rule = "screening.hit"
		case i%5 == 0:
			r.Decision = checker.Allow
			r.Reasons[0].Rule = "decision.nlr"
		}
		rs[i] = r
	}
	return rs
}

func writeAll(t *testing.T, format string, run *reports.Run, rs []checker.Result) string {
	t.Helper()
	var b bytes.Buffer
	w, err := reports.New(format, &b, run)
	if err != nil {
		t.Fatal(err)
	}
	s := reports.NewSummary()
	for i := range rs {
		s.Add(&rs[i], run.FailOn)
		if err := w.Write(&rs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(s); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// lineNumbers are the book's line numbers a report names, in its order.
func lineNumbers(t *testing.T, re *regexp.Regexp, out string) []int {
	t.Helper()
	var ns []int
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		n, err := strconv.Atoi(m[1])
		if err != nil {
			t.Fatal(err)
		}
		ns = append(ns, n)
	}
	return ns
}

// keptLines are the lines a report limited to `room` of them should name:
// the most severe, and among equals the first, in input order.
func keptLines(rs []checker.Result, room int, listed func(*checker.Result) bool) []int {
	rank := func(r *checker.Result) int {
		if r.Err != nil {
			return 99
		}
		return int(r.Decision)
	}
	var byRank [100][]int
	for i := range rs {
		if listed(&rs[i]) {
			byRank[rank(&rs[i])] = append(byRank[rank(&rs[i])], rs[i].Order.Line)
		}
	}
	keep := map[int]bool{}
	for r := 99; r >= 0 && room > 0; r-- {
		for _, l := range byRank[r] {
			if room == 0 {
				break
			}
			keep[l] = true
			room--
		}
	}
	var out []int
	for i := range rs {
		if keep[rs[i].Order.Line] {
			out = append(out, rs[i].Order.Line)
		}
	}
	return out
}

// TestMarkdownFitsJobSummary: GitHub drops a job summary over 1 MiB whole.
// A book with more lines not allowed than fit keeps the most severe (the
// line that could not be judged, every prohibited line), in book order,
// and says how many were left out.
func TestMarkdownFitsJobSummary(t *testing.T) {
	rs := bigBook(30000)
	run := &reports.Run{FailOn: checker.Review, Warnings: []string{"DEMONSTRATION screening"}}
	out := writeAll(t, "markdown", run, rs)
	if len(out) > 1<<20 {
		t.Fatalf("the summary is %d bytes, over GitHub's 1 MiB", len(out))
	}
	got := lineNumbers(t, regexp.MustCompile(`(?m)^\| orders/book\.csv:(\d+) \|`), out)
	want := keptLines(rs, len(got), func(r *checker.Result) bool { return r.Err != nil || r.Decision != checker.Allow })
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lines listed (-want +got):\n%s", diff)
	}
	notAllowed := 0
	for i := range rs {
		if rs[i].Err != nil || rs[i].Decision != checker.Allow {
			notAllowed++
		}
	}
	if len(out) < 1<<20-20<<10 || len(got) == notAllowed {
		t.Fatalf("%d of %d lines listed in %d bytes: the budget is not used, or not applied", len(got), notAllowed, len(out))
	}
	note := grouped.Sprintf("_%d more lines other than allow are left out of this table", notAllowed-len(got))
	if !strings.Contains(out, note) {
		t.Errorf("no %q in the summary's end:\n%s", note, out[len(out)-600:])
	}
	for _, s := range []string{"> DEMONSTRATION screening", "| prohibited | 600 |", "| error | 1 |"} {
		if !strings.Contains(out, s) {
			t.Errorf("the summary lost %q", s)
		}
	}
}

// TestSARIFWithinCodeScanning: GitHub's code scanning rejects a run of
// more than 25,000 results; past that the least severe failing lines give
// way, and the run says how many are left out.
func TestSARIFWithinCodeScanning(t *testing.T) {
	rs := bigBook(40000)
	out := writeAll(t, "sarif", &reports.Run{FailOn: checker.Review}, rs)
	if kept := checkSARIFKept(t, out, rs); kept != 25000 {
		t.Errorf("%d results kept, want 25000", kept)
	}
}

// checkSARIFKept checks a SARIF log of the book rs that kept some of its
// failing lines: the most severe, among equals the first; the run counts
// those left out and says so in a notification. It returns how many were
// kept.
func checkSARIFKept(t *testing.T, out string, rs []checker.Result) int {
	t.Helper()
	var log struct {
		Runs []struct {
			Invocations []struct {
				Notifications []struct{ Message struct{ Text string } } `json:"toolExecutionNotifications"`
			}
			Results []struct {
				Locations []struct {
					PhysicalLocation struct{ Region struct{ StartLine int } }
				}
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	var got []int
	for _, r := range run.Results {
		got = append(got, r.Locations[0].PhysicalLocation.Region.StartLine)
	}
	failing := func(r *checker.Result) bool { return r.Err != nil || r.Decision >= checker.Review }
	n := 0
	for i := range rs {
		if failing(&rs[i]) {
			n++
		}
	}
	if len(got) < 20 || len(got) == n {
		t.Fatalf("%d of %d results kept: the budget is not used, or not applied", len(got), n)
	}
	if diff := cmp.Diff(keptLines(rs, len(got), failing), got); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	if left := run.Properties["results_left_out"]; left != float64(n-len(got)) {
		t.Errorf("results_left_out %v, want %d", left, n-len(got))
	}
	if len(run.Invocations) != 1 || len(run.Invocations[0].Notifications) != 1 ||
		!strings.HasPrefix(run.Invocations[0].Notifications[0].Message.Text, grouped.Sprintf("%d more lines are left out", n-len(got))) {
		t.Errorf("notifications: %+v", run.Invocations)
	}
	return len(got)
}

// TestGitHubAnnotationsShown: GitHub shows the first 10 annotations of each
// kind a step. The run's warnings come first and the summary notice is
// always among those shown; lines past the limit are plain log lines
// (never workflow commands) that the summary counts.
func TestGitHubAnnotationsShown(t *testing.T) {
	rs := bigBook(100)
	for i := 60; i < 75; i++ { // 15 licensed lines: notices
		rs[i].Decision, rs[i].Err = checker.Licensed, nil
	}
	rs[93].Order.ID = "x ##[stop-commands]tok" // past the limit: a plain line, where the runner reads legacy commands
	run := &reports.Run{FailOn: checker.LicenseRequired, Warnings: []string{"DEMONSTRATION screening", "list is 40 days old"}}
	out := strings.Split(strings.TrimSuffix(writeAll(t, "github", run, rs), "\n"), "\n")
	kinds := map[string]int{}
	plain := 0
	for _, l := range out {
		if strings.Contains(l, "##[") {
			t.Errorf("a legacy workflow command in the log: %q", l)
		}
		switch {
		case strings.HasPrefix(l, "::"):
			kinds[strings.Fields(l[2:])[0]]++
		case strings.HasPrefix(l, "exportcheck: orders/book.csv:"):
			plain++
		default:
			t.Errorf("neither an annotation nor a plain line: %q", l)
		}
	}
	if diff := cmp.Diff(map[string]int{"error": 10, "warning": 9, "notice": 10}, kinds); diff != "" {
		t.Errorf("annotations by kind (-want +got):\n%s", diff)
	}
	for i, w := range run.Warnings {
		if want := "::warning title=exportcheck::" + w; out[i] != want {
			t.Errorf("line %d: %q, want %q", i, out[i], want)
		}
	}
	annotated := 0
	for i := range rs {
		if rs[i].Err != nil || rs[i].Decision != checker.Allow {
			annotated++
		}
	}
	last := out[len(out)-1]
	if want := fmt.Sprintf(". %d lines are in the log only", plain); plain != annotated-10-7-9 || !strings.HasPrefix(last, "::notice title=exportcheck::") || !strings.Contains(last, want) {
		t.Errorf("%d plain lines of %d annotated; the last line: %q", plain, annotated, last)
	}
}

// TestGitHubAnnotatesTheMostSevere: when a book has more failing lines
// than GitHub shows annotations, those annotated are the most severe (a
// line that could not be judged, then prohibited, …), among equals the
// first, as SARIF keeps its results: a prohibited line and a bad one
// below ten licence lines are annotated, in the book's order, and the
// lines that gave way are plain log lines the summary counts.
func TestGitHubAnnotatesTheMostSevere(t *testing.T) {
	var rs []checker.Result
	add := func(d checker.Decision, err error) {
		i := len(rs)
		rs = append(rs, checker.Result{
			Order:     checker.Order{File: "orders/book.csv", Line: i + 2, ID: fmt.Sprintf("SO-%d", i), Destination: "CN", Date: "2025-03-01"},
			ProductID: "nvidia-h100-sxm5", ECCN: "3A090.a", Decision: d, Err: err,
			Reasons: []checker.Reason{{Rule: "license.destination.d145", Message: "license required", Citation: "15 CFR 742.6(a)(6)(iii)"}},
		})
	}
	for range 12 {
		add(checker.LicenseRequired, nil) // SO-0 … SO-11
	}
	add(checker.Prohibited, nil)                 // SO-12
	add(0, errors.New(`unknown product "H900"`)) // SO-13
	add(checker.Review, nil)                     // SO-14
	out := strings.Split(strings.TrimSuffix(writeAll(t, "github", &reports.Run{FailOn: checker.Review}, rs), "\n"), "\n")
	var annotated, logged []string
	for _, l := range out[:len(out)-1] {
		if rest, ok := strings.CutPrefix(l, "::error "); ok {
			_, title, _ := strings.Cut(rest, "title=")
			title, _, _ = strings.Cut(title, "::")
			annotated = append(annotated, title)
		} else if rest, ok := strings.CutPrefix(l, "exportcheck: orders/book.csv:"); ok {
			_, rest, _ = strings.Cut(rest, ": error: ")
			id, _, _ := strings.Cut(rest, ":")
			logged = append(logged, id)
		} else {
			t.Errorf("neither an annotation nor a plain line: %q", l)
		}
	}
	want := []string{"SO-0 license_required", "SO-1 license_required", "SO-2 license_required", "SO-3 license_required",
		"SO-4 license_required", "SO-5 license_required", "SO-6 license_required", "SO-7 license_required",
		"SO-12 prohibited", "SO-13 error"}
	if diff := cmp.Diff(want, annotated); diff != "" {
		t.Errorf("annotated (-want +got):\n%s", diff)
	}
	// Printed as they give way: SO-10 and SO-11 at once, SO-9 and SO-8
	// to the prohibited line and the bad one, SO-14 at once.
	if diff := cmp.Diff([]string{"SO-10 license_required", "SO-11 license_required", "SO-9 license_required", "SO-8 license_required", "SO-14 review"}, logged); diff != "" {
		t.Errorf("logged (-want +got):\n%s", diff)
	}
	if last := out[len(out)-1]; !strings.HasPrefix(last, "::notice title=exportcheck::") || !strings.Contains(last, ". 5 lines are in the log only") {
		t.Errorf("the summary: %q", last)
	}
}

// TestGitHubAnnotatesAsSARIFKeeps: the failing lines GitHub annotates
// are those SARIF keeps within as many results: one rule decides which
// lines a limited format keeps. The books mix every rank in an order that
// makes lines give way to more severe latecomers and among equals.
func TestGitHubAnnotatesAsSARIFKeeps(t *testing.T) {
	defer reports.SetSARIFMaxResults(10)()
	ranks := []checker.Decision{checker.Review, checker.Prohibited, checker.Allow, checker.LicenseRequired, checker.Review, checker.Licensed}
	for _, n := range []int{9, 10, 11, 40, 300} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			rs := bigBook(n)
			for i := range rs[:n-1] {
				rs[i].Decision = ranks[(i*7+i/13)%len(ranks)]
				if i%17 == 16 {
					rs[i].Err = errors.New("unknown product")
				}
			}
			run := &reports.Run{FailOn: checker.Review}
			var log struct {
				Runs []struct {
					Results []struct {
						Locations []struct {
							PhysicalLocation struct{ Region struct{ StartLine int } }
						}
					}
				}
			}
			if err := json.Unmarshal([]byte(writeAll(t, "sarif", run, rs)), &log); err != nil {
				t.Fatal(err)
			}
			var kept []int
			for _, r := range log.Runs[0].Results {
				kept = append(kept, r.Locations[0].PhysicalLocation.Region.StartLine)
			}
			annotated := lineNumbers(t, regexp.MustCompile(`(?m)^::error file=orders/book\.csv,line=(\d+),`), writeAll(t, "github", run, rs))
			if diff := cmp.Diff(kept, annotated); diff != "" {
				t.Errorf("annotated (-SARIF's results +GitHub's errors):\n%s", diff)
			}
		})
	}
}

// TestSARIFWithinCompressedSize: code scanning rejects a SARIF file over
// 10 MB gzip-compressed. Results that do not compress (long ids, each its
// own) give way past the budget as past the count: the most severe stay,
// among equals the first, and the run says how many are left out. The
// budget is lowered here so that the test is quick; the full one holds as
// well (TestSARIFValid's "incompressible" case).
func TestSARIFWithinCompressedSize(t *testing.T) {
	const budget = 40000
	defer reports.SetSARIFMaxGzip(budget)()
	rs := bigBook(600)
	for i := range rs {
		rs[i].Order.ID = noise(i, 300)
	}
	out := writeAll(t, "sarif", &reports.Run{FailOn: checker.Review}, rs)
	if n := reports.GzipSize([]byte(out)); n > budget {
		t.Fatalf("%d bytes gzip-compressed, over the %d budget", n, budget)
	}
	checkSARIFKept(t, out, rs)
}

// noise is n hexadecimal digits that do not compress, the same for the
// same i.
func noise(i, n int) string {
	var b strings.Builder
	for j := 0; b.Len() < n; j++ {
		h := sha256.Sum256([]byte(fmt.Sprint(i, "/", j)))
		b.WriteString(hex.EncodeToString(h[:]))
	}
	return b.String()[:n]
}

// TestGitHubWarningsShown: a run with more warnings than GitHub shows (one
// per stale screening list, say) annotates as many as it shows, keeping
// one for a warning at the end; the rest, and a late warning past the
// limit, are plain log lines the summary counts: none is dropped unseen.
func TestGitHubWarningsShown(t *testing.T) {
	for _, tc := range []struct {
		name           string
		early          int
		late           bool
		annotated, log int
	}{
		{"within the limit", 3, true, 4, 0},
		{"past it", 12, false, 9, 3},
		{"past it, and a late one", 12, true, 10, 3},
		{"past it by one", 10, false, 9, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := &reports.Run{FailOn: checker.Review}
			for i := range tc.early {
				run.Warnings = append(run.Warnings, fmt.Sprintf("list %d is 40 days old", i))
			}
			var b bytes.Buffer
			w, err := reports.New("github", &b, run)
			if err != nil {
				t.Fatal(err)
			}
			if tc.late {
				run.Warnings = append(run.Warnings, "lines ship after the data's date")
			}
			if err := w.Close(reports.NewSummary()); err != nil {
				t.Fatal(err)
			}
			var annotated, logged, all []string
			lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			for _, l := range lines {
				if w, ok := strings.CutPrefix(l, "::warning title=exportcheck::"); ok {
					annotated = append(annotated, w)
					all = append(all, w)
				} else if w, ok := strings.CutPrefix(l, "exportcheck: warning: "); ok {
					logged = append(logged, w)
					all = append(all, w)
				}
			}
			if diff := cmp.Diff(run.Warnings, all); diff != "" {
				t.Errorf("warnings annotated or logged (-want +got):\n%s", diff)
			}
			if len(annotated) != tc.annotated || len(logged) != tc.log {
				t.Errorf("%d annotated, %d logged; want %d, %d", len(annotated), len(logged), tc.annotated, tc.log)
			}
			last := lines[len(lines)-1]
			note := fmt.Sprintf("%d warnings of the run are in the log only", tc.log)
			if tc.log == 1 {
				note = "1 warning of the run is in the log only"
			}
			if !strings.HasPrefix(last, "::notice title=exportcheck::") || strings.Contains(last, note) != (tc.log > 0) {
				t.Errorf("the summary: %q", last)
			}
		})
	}
}

// grouped writes numbers as the reports do, digits grouped by thousands.
var grouped = message.NewPrinter(language.English)
