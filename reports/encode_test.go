package reports

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
)

// decoded is what a JSON decoder reads from a JSON string.
func decoded(t *testing.T, b []byte) string {
	t.Helper()
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("%q is not a JSON string: %v", b, err)
	}
	return s
}

// checkString: appendString writes a JSON string that reads back as
// encoding/json's encoding of s does (invalid UTF-8 as U+FFFD), escaping
// U+2028 and U+2029 as encoding/json does, and NEL (U+0085).
func checkString(t *testing.T, s string) {
	t.Helper()
	got := appendString([]byte("x"), s)
	if got[0] != 'x' {
		t.Fatalf("appendString overwrote what was there: %q", got)
	}
	got = got[1:]
	want, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(decoded(t, want), decoded(t, got)); diff != "" {
		t.Errorf("appendString(%q) = %s reads back differently from %s (-encoding/json +got):\n%s", s, got, want, diff)
	}
	if strings.ContainsAny(string(got), "\u2028\u2029\u0085") {
		t.Errorf("appendString(%q) = %s holds a raw line or paragraph separator, or NEL", s, got)
	}
	if strings.Contains(string(got), "##[") {
		t.Errorf("appendString(%q) = %s holds a workflow command marker, ##[", s, got)
	}
}

// TestAppendStringCommandMarker: "##[" (which GitHub's runner reads as a
// workflow command anywhere in a line of the log) is written with its
// first '#' as \u0023; every other '#' is kept as it is, so that JSON
// without the marker is byte for byte what it was.
func TestAppendStringCommandMarker(t *testing.T) {
	for in, want := range map[string]string{
		"##[error]forged":           `"\u0023#[error]forged"`,
		"SO-1 ##[stop-commands]tok": `"SO-1 \u0023#[stop-commands]tok"`,
		"###[x":                     `"#\u0023#[x"`,
		"##[##[":                    `"\u0023#[\u0023#["`,
		"# notes #1 ## [x] #[ ##":   `"# notes #1 ## [x] #[ ##"`,
		"abcdefg##[":                `"abcdefg\u0023#["`,
	} {
		if got := string(appendString(nil, in)); got != want {
			t.Errorf("appendString(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestAppendString(t *testing.T) {
	cases := []string{
		"", "plain", "TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)", `say "no" \ twice`,
		"tab\there\nnewline\r\x00\x1f\x7f", "\u2028\u2029", "next\u0085line", "bad \xff\xfe utf-8 \xe2\x80",
		"<html> & 'quotes'", strings.Repeat("abcdefgh", 9) + "\"", "日本語のテキスト、八バイト境界をまたぐ",
		"##[error]x", "a###[b", "#", "##", "##[", strings.Repeat("#", 9) + "[",
	}
	// Every byte at every offset of a word, so the eight-byte scan is tried
	// on each position.
	for c := range 256 {
		for off := range 9 {
			cases = append(cases, strings.Repeat("a", off)+string([]byte{byte(c)})+strings.Repeat("b", 16-off))
		}
	}
	for _, s := range cases {
		checkString(t, s)
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "≥ 4,800", "a\"b\\c\x01\u2028", "\xff", strings.Repeat("x", 20)} {
		f.Add(s)
	}
	f.Fuzz(checkString)
}

// TestEncoderSharesReasons: an Encoder writes every result as
// AppendResult does, whether its reasons slice is one it has seen (shared
// by lines of one decision), a shorter slice of the same array, or another
// slice with the same reasons; and it keeps one encoding per shared slice.
func TestEncoderSharesReasons(t *testing.T) {
	shared := []checker.Reason{
		{Rule: "classify.3a090.a.1", Citation: "ECCN 3A090.a.1 (88 FR 73458)", Message: "TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)"},
		{Rule: "license.destination.d145", Citation: "15 CFR 742.6(a)(6)(iii)", Message: "license required for 3A090.a to \"CN\"\n"},
	}
	same := slices.Clone(shared)
	results := []checker.Result{
		{Order: checker.Order{ID: "1"}, Decision: checker.LicenseRequired, Reasons: shared},
		{Order: checker.Order{ID: "2"}, Decision: checker.LicenseRequired, Reasons: shared},
		{Order: checker.Order{ID: "3"}, Decision: checker.Allow, Reasons: shared[:1]},
		{Order: checker.Order{ID: "4"}, Decision: checker.LicenseRequired, Reasons: same},
		{Order: checker.Order{ID: "5"}, Decision: checker.Allow},
	}
	var e Encoder
	for i := range results {
		got, want := e.AppendResult([]byte("x"), &results[i]), AppendResult([]byte("x"), &results[i])
		if d := cmp.Diff(string(want), string(got)); d != "" {
			t.Errorf("result %d (-AppendResult +Encoder):\n%s", i+1, d)
		}
	}
	if len(e.reasons) != 3 {
		t.Errorf("the encoder keeps %d encodings, want 3 (shared, its first reason, the copy)", len(e.reasons))
	}
}

// TestAppendResultMarks: a result carries what a ledger row carries of
// its reasons (ledger.Row.Map): each reason as the ledger keeps it, with
// "classification": true on those the policy marks as the item's
// classification and nothing on the others, and headline, 1 + the index
// of the reason that decided the line, when the policy marked one.
func TestAppendResultMarks(t *testing.T) {
	reasons := []checker.Reason{
		{Rule: "classify.3a090.a.1", Citation: "ECCN 3A090.a.1 (88 FR 73458)", Message: "TPP 15,832 ≥ 4,800", Classification: true},
		{Rule: "license.destination.d145", Citation: "15 CFR 742.6(a)(6)(iii)", Message: "license required for 3A090.a to CN"},
	}
	kept, err := json.Marshal(reasons) // as the ledger keeps them
	if err != nil {
		t.Fatal(err)
	}
	var ledgerReasons []map[string]any
	if err := json.Unmarshal(kept, &ledgerReasons); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		headline int
		want     any // headline as read back; nil for none
	}{
		{"marked", 2, float64(2)},
		{"not marked", 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := checker.Result{Order: checker.Order{ID: "1"}, Decision: checker.LicenseRequired, Reasons: reasons, Headline: tc.headline}
			var got struct {
				Reasons  []map[string]any `json:"reasons"`
				Headline any              `json:"headline"`
			}
			if err := json.Unmarshal(AppendResult(nil, &r), &got); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(ledgerReasons, got.Reasons); d != "" {
				t.Errorf("reasons (-as the ledger keeps them +written):\n%s", d)
			}
			if d := cmp.Diff(tc.want, got.Headline); d != "" {
				t.Errorf("headline (-want +got):\n%s", d)
			}
		})
	}
}
