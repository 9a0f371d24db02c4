package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/records"
)

// forged is a name that, written as it is, would forge lines of a CI log:
// a workflow command, a summary line, a terminal escape, a carriage
// return that hides what came before it.
const forged = "x\n::error::forged\r\x1b[31m\n0 lines failed ##[stop-commands]tok"

// logSafe fails t for a line of stderr that a CI log or a terminal would
// read as anything but text: a control character, a line beginning with a
// workflow command ("::", after white space), "##[", or a line of the
// forged name's own.
func logSafe(t *testing.T, what, stderr string) {
	t.Helper()
	for _, l := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		switch {
		case strings.ContainsAny(l, "\r\x1b"),
			strings.HasPrefix(strings.TrimSpace(l), "::"),
			strings.Contains(l, "##["),
			strings.HasPrefix(l, "0 lines failed"):
			t.Errorf("%s: standard error has the line %q:\n%s", what, l, stderr)
		}
	}
}

// TestStderrEscapesNames: a file name or record file with a line break,
// carriage return or escape in it forges no line of standard error, in
// check's notes, the main error printer, and records' problems; the
// name shows, escaped as \n, \r, \x1b.
func TestStderrEscapesNames(t *testing.T) {
	dir := t.TempDir()
	recs := filepath.Join(dir, "recs")
	if err := os.Mkdir(recs, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(recs, "a"+forged+".yaml"), []byte("x\n"), 0o666); err != nil {
		t.Skipf("no such file name here: %v", err)
	}
	book := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(book, []byte("id,product,quantity,destination,end_user_hq,date\nA,H100 SXM5,8,CN,CN,2024-06-01\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"check", "--screening-list", "none", filepath.Join(dir, forged+".csv")},
		{"check", "--screening-list", "none", "-f", "json", filepath.Join(dir, forged+".csv")},
		{"check", "--screening-list", "none", "-o", "junit=" + filepath.Join(dir, forged, "out.xml"), book},
		{"check", "--screening-list", "none", "--records", recs, book},
		{"records", "check", recs},
		{"check", "--screening-list", "none", "--input-format", forged, book},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, nil, &stdout, &stderr); code != exitUsage {
			t.Errorf("%q: exit %d, want %d\n%s", args, code, exitUsage, stderr.String())
		}
		logSafe(t, fmt.Sprintf("%q", args), stderr.String())
		if !strings.Contains(stderr.String(), `x\n::error::forged\r\x1b[31m\n0 lines failed #\x23[stop-commands]tok`) {
			t.Errorf("%q: standard error does not show the name escaped:\n%s", args, stderr.String())
		}
	}
}

// TestErrLines: the lines of an error are those of its shape (errors.Join,
// records.Errors, a line break around a wrapped error); any other line
// break is text and stays in its line.
func TestErrLines(t *testing.T) {
	leaf := errors.New("open a\nb.csv: no such file")
	base := errors.New("bad data")
	for _, tt := range []struct {
		err  error
		want []string
	}{
		{leaf, []string{"open a\nb.csv: no such file"}},
		{fmt.Errorf("--records: %w", leaf), []string{"--records: open a\nb.csv: no such file"}},
		{errors.Join(leaf, errors.New("two")), []string{"open a\nb.csv: no such file", "two"}},
		{fmt.Errorf("%w:\n%w", base, errors.Join(leaf, errors.New("two"))), []string{"bad data:", "open a\nb.csv: no such file", "two"}},
		{fmt.Errorf("%w\n%s in the records", records.Errors{{File: "r\n.yaml", Line: 2, Msg: "m"}, {File: "s.yaml", Msg: "n"}}, "2 problems"),
			[]string{"r\n.yaml:2: m", "s.yaml: n", "2 problems in the records"}},
		{fmt.Errorf("the records name what the data does not know:\n%w", errors.Join(errors.New("p"), errors.New("q"))),
			[]string{"the records name what the data does not know:", "p", "q"}},
	} {
		if diff := cmp.Diff(tt.want, errLines(tt.err)); diff != "" {
			t.Errorf("errLines(%q) (-want +got):\n%s", tt.err, diff)
		}
	}
}

// TestPrintErrorLeads: a line of an error that begins with "::" is
// written "./::…" where it begins with the name of a file the error is
// about (the same file), and "\x3a:…" where it is other text (an order
// id, a message), which "./" would make read as a path.
func TestPrintErrorLeads(t *testing.T) {
	recs := records.Errors{{File: "::error::r.yaml", Line: 2, Msg: "m"}, {File: "s.yaml", Msg: "::warning::n"}}
	for _, tt := range []struct {
		prefix string
		err    error
		want   string
	}{
		{"", &records.Error{File: "::stop-commands::x.yaml", Line: 3, Msg: "bad"}, "./::stop-commands::x.yaml:3: bad\n"},
		{"", &checker.InputError{File: " ::error::x.csv", Line: 4, Err: errors.New("unknown product")}, "./ ::error::x.csv:4: unknown product\n"},
		{"", &checker.DataError{File: "::x.yaml", Path: "a.b", Msg: "m"}, "./::x.yaml: a.b: m\n"},
		{"", ledger.Conflict{OrderID: "A", File: "::x.csv", Line: 2, PriorFile: "y.csv", PriorLine: 3, Repeated: true}, ""},
		{"", fmt.Errorf("%w\n%s in the records", recs, "2 problems"),
			"./::error::r.yaml:2: m\ns.yaml: ::warning::n\n2 problems in the records\n"},
		{"", errors.New("::error::forged"), `\x3a:error::forged` + "\n"},
		{"exportcheck: ", errors.Join(errors.New("two problems:"), errors.New("  ::add-mask::secret"), errors.New("::x.csv: not a file here")),
			"exportcheck: two problems:\n  \\x3a:add-mask::secret\n\\x3a:x.csv: not a file here\n"},
		{"exportcheck: ", fmt.Errorf("bad line:\n%w", &checker.InputError{File: "::x.csv", Line: 2, Err: errors.New("::error::id")}),
			"exportcheck: bad line:\n./::x.csv:2: ::error::id\n"},
	} {
		var b bytes.Buffer
		printError(&b, tt.prefix, tt.err)
		want := tt.want
		if want == "" { // a conflict words its own message: only its lead is asserted
			want = "./" + tt.err.Error() + "\n"
		}
		if diff := cmp.Diff(want, b.String()); diff != "" {
			t.Errorf("printError(%q) (-want +got):\n%s", tt.err, diff)
		}
		logSafe(t, fmt.Sprintf("%q", tt.err), b.String())
	}
}

// TestOutputLines: a program's output in an error (bench serve's servers
// that did not start) is a line of standard error for each of its lines,
// each written as any error's line, not one line with \n for each break.
func TestOutputLines(t *testing.T) {
	out := []byte("started\n::error::forged\r\n\n  ##[group]x\x1b[2J\n")
	var b bytes.Buffer
	printError(&b, "exportcheck: ", fmt.Errorf("exportcheck exited: exit status 1; its output:\n%w", outputLines(out)))
	want := "exportcheck: exportcheck exited: exit status 1; its output:\nstarted\n\\x3a:error::forged\n  #\\x23[group]x\\x1b[2J\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	b.Reset()
	printError(&b, "exportcheck: ", fmt.Errorf("opa exited: exit status 1; its output:\n%w", outputLines(nil)))
	if want := "exportcheck: opa exited: exit status 1; its output:\n(none)\n"; b.String() != want {
		t.Errorf("no output: %q, want %q", b.String(), want)
	}
}

// TestLogLines: serve's log (slog's text handler) writes "##[" in a
// value (a request's path, a file's name) as #\x23[, and lines as they
// were otherwise.
func TestLogLines(t *testing.T) {
	var b bytes.Buffer
	l := slog.New(slog.NewTextHandler(logLines{&b}, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}))
	l.Warn("reading a request's body", "path", "/v1/##[stop-commands]tok", "err", errors.New("a\n::error::b"))
	l.Info("tokens read again", "file", "t##[x].yaml")
	want := `level=WARN msg="reading a request's body" path=/v1/#\x23[stop-commands]tok err="a\n::error::b"` + "\n" +
		`level=INFO msg="tokens read again" file=t#\x23[x].yaml` + "\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestStderrEscapesLedgerName: a ledger's name (its DSN, a file's path)
// in check's and ledger's lines on standard error forges no line of a CI
// log.
func TestStderrEscapesLedgerName(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, forged+".db")
	if err := os.WriteFile(path, nil, 0o666); err != nil {
		t.Skipf("no such file name here: %v", err)
	}
	os.Remove(path)
	dsn := "sqlite:" + path
	book := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(book, []byte("id,product,quantity,destination,end_user_hq,date\nA,H100 SXM5,8,CN,CN,2024-06-01\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"ledger", "migrate", "--ledger", dsn},
		{"check", "--screening-list", "none", "--commit", "--ledger", dsn, book},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, nil, &stdout, &stderr); code != exitFailed && code != 0 {
			t.Fatalf("%q: exit %d\n%s", args, code, stderr.String())
		}
		logSafe(t, fmt.Sprintf("%q", args), stderr.String())
		if args[0] == "check" && !strings.Contains(stderr.String(), `exportcheck: ledger sqlite:`+dir+`/x\n::error::forged\r\x1b[31m\n0 lines failed #\x23[stop-commands]tok.db: run `) {
			t.Errorf("%q: standard error does not name the ledger escaped:\n%s", args, stderr.String())
		}
	}
}

// TestProfilePathEscaped: main's words about a profile it cannot write
// (EXPORTCHECK_CPUPROFILE, EXPORTCHECK_MEMPROFILE) show the path as any
// other name on standard error: it forges no line of a CI log.
func TestProfilePathEscaped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no such dir", forged)
	cmd := exec.Command(os.Args[0], "--version")
	cmd.Env = append(os.Environ(), "EXPORTCHECK_TEST_AS_MAIN=main", "EXPORTCHECK_CPUPROFILE="+path, "EXPORTCHECK_MEMPROFILE="+path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	logSafe(t, "profiles", stderr.String())
	escaped := `x\n::error::forged\r\x1b[31m\n0 lines failed #\x23[stop-commands]tok`
	for _, env := range []string{"EXPORTCHECK_CPUPROFILE", "EXPORTCHECK_MEMPROFILE"} {
		if !strings.Contains(stderr.String(), "exportcheck: "+env+"="+filepath.Dir(path)+"/"+escaped+": cannot write a profile there\n") {
			t.Errorf("%s: standard error does not name the path escaped:\n%s", env, stderr.String())
		}
	}
}

// TestLineError: check's line for a bad line on standard error names a
// book leading with "::" as "./::…" and writes other text leading with
// it as "\x3a:…", whether or not the error is the line's own.
func TestLineError(t *testing.T) {
	line := func(file string, n int, err error) *checker.Result {
		return &checker.Result{Order: checker.Order{File: file, Line: n, ID: "A"}, Err: err}
	}
	for _, tt := range []struct {
		r    *checker.Result
		want string
	}{
		{line("::x.csv", 3, &checker.InputError{File: "::x.csv", Line: 3, Err: errors.New("unknown product")}), "./::x.csv:3: unknown product"},
		{line("a.csv", 3, &checker.InputError{File: "::facts.csv", Line: 7, Err: errors.New("bad fact")}), "./::facts.csv:7: bad fact"},
		{line("a.csv", 3, errors.New("::error::x\n##[group]y")), `\x3a:error::x\n#\x23[group]y`},
	} {
		if got := lineError(tt.r); got != tt.want {
			t.Errorf("lineError(%q) = %q, want %q", tt.r.Err, got, tt.want)
		}
	}
}

// TestStderrNet: standard error's net writes no line that begins with
// "::" (after white space, after \n or \r) and no "##[", however the text
// comes in writes, and leaves anything else as it was: a progress bar's
// \r, a colon that begins no command, escaped text.
func TestStderrNet(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"exportcheck: warning: x\n", "exportcheck: warning: x\n"},
		{"::error::forged\n", `\x3a:error::forged` + "\n"},
		{"ok\n  ::add-mask::x\n", "ok\n  \\x3a:add-mask::x\n"},
		{"ok\r::error::x", "ok\r\\x3a:error::x"},
		{"ok\r\n\t\u00a0::warning::x", "ok\r\n\t\u00a0\\x3a:warning::x"},
		{"a ::error::x\n", "a ::error::x\n"},
		{":x\n:\n::", ":x\n:\n\\x3a:"},
		{"x ##[group]y ###[z ##", `x #\x23[group]y ##\x23[z ##`},
		{"##[stop-commands]tok\n", `#\x23[stop-commands]tok` + "\n"},
		{`#\x23[ and \x3a:x`, `#\x23[ and \x3a:x`},
		{"\r checking  40% |████      | (4/10) \r checking 100% |██████████| (10/10)\n", "\r checking  40% |████      | (4/10) \r checking 100% |██████████| (10/10)\n"},
		{"bad \xff\xfe::x\n\xc3", "bad \xff\xfe::x\n\xc3"},
		{"", ""},
	} {
		// Whole, byte by byte, and split in two at every place.
		writes := [][]string{{tt.in}, strings.Split(tt.in, "")}
		for i := 1; i < len(tt.in); i++ {
			writes = append(writes, []string{tt.in[:i], tt.in[i:]})
		}
		for _, ws := range writes {
			var b bytes.Buffer
			n := newStderrNet(&b)
			for _, w := range ws {
				if k, err := io.WriteString(n, w); k != len(w) || err != nil {
					t.Fatalf("Write(%q) = %d, %v", w, k, err)
				}
			}
			n.Flush()
			if b.String() != tt.want {
				t.Errorf("writes %q: %q, want %q", ws, b.String(), tt.want)
			}
		}
	}
}

// TestStderrNetRandom: whatever text, cut into writes anywhere, the net's
// output has no line (split at \n and \r) that begins with "::" after
// white space and no "##[", is the same however it was cut, and is the
// text itself where that had neither.
func TestStderrNetRandom(t *testing.T) {
	pieces := []string{":", ":", "#", "#", "[", " ", "\t", "\u00a0", "\n", "\r", "a", "\xc2", "\\x3a", "é"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var in strings.Builder
		for range 1 + r.IntN(12) {
			in.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := in.String()
		var whole, cut bytes.Buffer
		n := newStderrNet(&whole)
		io.WriteString(n, s)
		n.Flush()
		n = newStderrNet(&cut)
		for rest := s; rest != ""; {
			k := 1 + r.IntN(len(rest))
			io.WriteString(n, rest[:k])
			rest = rest[k:]
		}
		n.Flush()
		if whole.String() != cut.String() {
			t.Fatalf("%q: whole %q, cut %q", s, whole.String(), cut.String())
		}
		out := whole.String()
		safe := !strings.Contains(s, "##[")
		for _, l := range strings.FieldsFunc("\n"+s, func(r rune) bool { return r == '\n' || r == '\r' }) {
			if strings.HasPrefix(strings.TrimLeftFunc(l, unicode.IsSpace), "::") {
				safe = false
			}
		}
		if strings.HasPrefix(strings.TrimLeftFunc(s, unicode.IsSpace), "::") {
			safe = false
		}
		if safe && out != s {
			t.Fatalf("%q, which holds no command, is written %q", s, out)
		}
		if strings.Contains(out, "##[") {
			t.Fatalf("%q is written %q", s, out)
		}
		for _, l := range strings.FieldsFunc(out, func(r rune) bool { return r == '\n' || r == '\r' }) {
			if strings.HasPrefix(strings.TrimLeftFunc(l, unicode.IsSpace), "::") {
				t.Fatalf("%q is written %q, with the line %q", s, out, l)
			}
		}
	}
}

// TestStderrNetRun: run puts the net under standard error: a command
// that writes a workflow command there as it is (none does: a stand-in)
// writes none, and a terminal under the net is still one (the progress
// bar, the warnings held for the text report: TestWarningsOnceInATerminal).
func TestStderrNetRun(t *testing.T) {
	defer func(saved []func(*env) *cobra.Command) { commands = saved }(commands)
	commands = append(slices.Clip(commands), func(e *env) *cobra.Command {
		return &cobra.Command{Use: "raw", RunE: func(*cobra.Command, []string) error {
			fmt.Fprint(e.stderr, "::error::x\r  :")
			fmt.Fprint(e.stderr, ":add-mask::y ##[group]z #")
			fmt.Fprint(e.stderr, "#")
			return nil
		}}
	})
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"raw"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if want := `\x3a:error::x` + "\r  " + `\x3a:add-mask::y #\x23[group]z ##`; stderr.String() != want {
		t.Errorf("standard error %q, want %q", stderr.String(), want)
	}
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if g, ok := osFile(newStderrNet(f)); !ok || g != f {
		t.Errorf("osFile(net over %s) = %v, %v", os.DevNull, g, ok)
	}
}
