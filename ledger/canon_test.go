package ledger

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCanon: the canonical form is JSON, escapes minimally, and reads back
// as the strings written (invalid UTF-8 as U+FFFD, a byte at a time).
func TestCanon(t *testing.T) {
	for _, tt := range []struct{ in, want, back string }{
		{"", `""`, ""},
		{"Falcon Compute Data Center LLC", `"Falcon Compute Data Center LLC"`, "Falcon Compute Data Center LLC"},
		{`say "hi" \ there`, `"say \"hi\" \\ there"`, `say "hi" \ there`},
		{"tab\there\nline\x00\x1f", `"tab\u0009here\u000aline\u0000\u001f"`, "tab\there\nline\x00\x1f"},
		{"Пекин 北京 <&> \u2028", "\"Пекин 北京 <&> \u2028\"", "Пекин 北京 <&> \u2028"},
		{"bad\xff\xfebytes", `"bad\ufffd\ufffdbytes"`, "bad\ufffd\ufffdbytes"},
		{"cut \xe5\x8c", `"cut \ufffd\ufffd"`, "cut \ufffd\ufffd"},
	} {
		got := string(canon(nil).str(tt.in))
		if got != tt.want {
			t.Errorf("str(%q) = %s, want %s", tt.in, got, tt.want)
		}
		var back string
		if err := json.Unmarshal([]byte(got), &back); err != nil || back != tt.back {
			t.Errorf("str(%q) reads back as %q (%v), want %q", tt.in, back, err, tt.back)
		}
	}
	if diff := cmp.Diff(`["a","b\"",""]`, strs("a", `b"`, "")); diff != "" {
		t.Errorf("strs (-want +got):\n%s", diff)
	}
}
