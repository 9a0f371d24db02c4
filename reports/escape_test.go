package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
)

func TestVisible(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"SO-1", "SO-1"},
		{"Zürich 北京", "Zürich 北京"},
		{`C:\orders\a.csv`, `C:\orders\a.csv`},
		{"A\x1b[2JB", `A\x1b[2JB`},
		{"ok\rFAKE", `ok\rFAKE`},
		{"a\nb\tc\bd\x7f", `a\nb\tc\x08d\x7f`},
		{"csi\u009b31m", `csi\u009b31m`},
		{"abc\u202edcba", `abc\u202edcba`},
		{"bad\xffbyte", `bad\xffbyte`},
	} {
		if got := Visible(tc.in); got != tc.want {
			t.Errorf("Visible(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestControlCharacters: an id with ESC, CR and a newline reaches no
// output as a control character; GitHub's own escapes stay as GitHub wants.
func TestControlCharacters(t *testing.T) {
	r := synthetic(0)
	r.Decision = checker.LicenseRequired
	r.Order.ID = "SO-1\x1b[2J\rOK\n50%"
	r.Order.File = "a\x1b.csv"
	r.Reasons[1].Message = "license required\x1b[8m hidden"
	run := testRun(nil)
	run.Explain = true
	tests := []struct {
		format string
		want   []string
	}{
		{"text", []string{
			`a\x1b.csv:2  SO-1\x1b[2J\rOK\n50%  `,
			`    license.destination.d145: license required\x1b[8m hidden [15 CFR 742.6(a)(6)(iii); 88 FR 73458]`,
		}},
		{"github", []string{
			`::error file=a\x1b.csv,line=2,title=SO-1\x1b[2J%0DOK%0A50%25 license_required::license_required (presumption of denial) 3A090.a: license.destination.d145: license required\x1b[8m hidden [15 CFR 742.6(a)(6)(iii); 88 FR 73458]` + "\n",
		}},
		{"markdown", []string{
			`| a\x1b.csv:2 | SO-1\x1b\[2J OK 50% | nvidia-h100-sxm5 |`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.format, func(t *testing.T) {
			var buf bytes.Buffer
			w, err := New(tc.format, &buf, run)
			if err != nil {
				t.Fatal(err)
			}
			s := NewSummary()
			s.Add(&r, run.FailOn)
			if err := w.Write(&r); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(s); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if i := strings.IndexFunc(out, func(c rune) bool { return c < ' ' && c != '\n' || c == 0x7f }); i >= 0 {
				t.Errorf("control character %q at %d in:\n%s", out[i], i, out)
			}
			var got []string
			for _, w := range tc.want {
				if strings.Contains(out, w) {
					got = append(got, w)
				}
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("missing lines (-want +got):\n%s\noutput:\n%s", d, out)
			}
		})
	}
}

// TestJSONLog: JSON written through JSONLog, in writes split anywhere,
// holds no "##[" and reads back as it was; JSON without it is unchanged.
func TestJSONLog(t *testing.T) {
	for _, in := range []string{
		`{"id":"##[error]forged","why":"a###[b ## [ #","n":1}` + "\n",
		`["##[","#","##","###[","x##[##["]`,
		`{"plain":"# notes #1"}`,
	} {
		want := strings.ReplaceAll(in, "##[", `\u0023#[`)
		for size := 1; size <= len(in); size++ {
			var b strings.Builder
			w := JSONLog(&b)
			for p := in; p != ""; {
				n := min(size, len(p))
				if k, err := w.Write([]byte(p[:n])); k != n || err != nil {
					t.Fatalf("Write = %d, %v", k, err)
				}
				p = p[n:]
			}
			got := b.String()
			if got != want {
				t.Fatalf("writes of %d: %s, want %s", size, got, want)
			}
			var g, v any
			if err := json.Unmarshal([]byte(got), &g); err != nil {
				t.Fatalf("writes of %d: %s: %v", size, got, err)
			}
			json.Unmarshal([]byte(in), &v)
			if diff := cmp.Diff(v, g); diff != "" {
				t.Errorf("writes of %d: %s reads back otherwise (-want +got):\n%s", size, got, diff)
			}
		}
	}
}

// TestLogLead: text that would begin a line of a log with a workflow
// command ("::", after white space) has its first colon written \x3a,
// not "./" before it (it is no path); a file name has "./" before it, as
// Source names a book: the same file. Anything else is left as it is.
func TestLogLead(t *testing.T) {
	for _, tc := range []struct{ in, text, file string }{
		{"::error::x", `\x3a:error::x`, "./::error::x"},
		{"  ::add-mask::x", `  \x3a:add-mask::x`, "./  ::add-mask::x"},
		{" \u00a0::stop-commands::t", " \u00a0\\x3a:stop-commands::t", "./ \u00a0::stop-commands::t"},
		{":x", ":x", ":x"},
		{"a ::error::x", "a ::error::x", "a ::error::x"},
		{"orders/::error::x.csv:3", "orders/::error::x.csv:3", "orders/::error::x.csv:3"},
		{"", "", ""},
	} {
		if got := LogLead(tc.in); got != tc.text {
			t.Errorf("LogLead(%q) = %q, want %q", tc.in, got, tc.text)
		}
		if got := LogFileLead(tc.in); got != tc.file {
			t.Errorf("LogFileLead(%q) = %q, want %q", tc.in, got, tc.file)
		}
		if name, _ := Source(tc.in); tc.in != "" && name != tc.file {
			t.Errorf("Source(%q) = %q, want %q", tc.in, name, tc.file)
		}
	}
}
