package reports

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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
// U+2028 and U+2029 as encoding/json does.
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
	if strings.ContainsAny(string(got), "\u2028\u2029") {
		t.Errorf("appendString(%q) = %s holds a raw line or paragraph separator", s, got)
	}
}

func TestAppendString(t *testing.T) {
	cases := []string{
		"", "plain", "TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)", `say "no" \ twice`,
		"tab\there\nnewline\r\x00\x1f\x7f", "\u2028\u2029", "bad \xff\xfe utf-8 \xe2\x80",
		"<html> & 'quotes'", strings.Repeat("abcdefgh", 9) + "\"", "日本語のテキスト、八バイト境界をまたぐ",
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
