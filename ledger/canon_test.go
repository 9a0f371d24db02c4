package ledger

import (
	"encoding/json"
	"fmt"
	"strings"
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

// TestPrepared: a row prepared ahead of the writer (Row.prepare) hashes
// and is copied exactly as one written whole, and COPY's text holds the
// columns of insertColumns in order, escaped.
func TestPrepared(t *testing.T) {
	row := func() Row {
		return Row{
			Seq: 42, Kind: KindAmendment, RunID: "run\t1", OrderID: `PO\7`, File: "orders.csv", Line: 9,
			InputHash: "ab", Inputs: `["end_user","Tab\u0009"]`, ShipDate: "2026-06-01", Product: "H100", Destination: "CN",
			EndUser: "Tab\there\nand\r\\", Decision: "licensed", ECCN: "3A090.a", Regime: "ear", Review: "", Exception: "",
			Hits: "[]", Auth: "license:D1", Drawn: `[{"limit":"H100","amount":1}]`, ReasonsHash: "cd", PrevHash: "ef", RowHash: "01",
			Run: runFields{Started: "2026-06-01T12:00:00Z", ToolVersion: "test"},
		}
	}
	whole := row()
	prepared := row()
	var arena []byte
	arena = append(arena, "something before"...)
	arena = prepared.prepare(arena, true)
	_ = append(arena, "something after"...)
	if diff := cmp.Diff(string(whole.canonical(nil)), string(prepared.canonical(nil))); diff != "" {
		t.Errorf("canonical content (-whole +prepared):\n%s", diff)
	}
	if whole.hash() != prepared.hash() {
		t.Errorf("hashes differ")
	}
	if diff := cmp.Diff(string(whole.appendCopy(nil)), string(prepared.appendCopy(nil))); diff != "" {
		t.Errorf("COPY text (-whole +prepared):\n%s", diff)
	}
	var want []string
	for _, v := range append(whole.values(), whole.standing()) {
		want = append(want, strings.NewReplacer("\\", `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`).Replace(fmt.Sprint(v)))
	}
	if diff := cmp.Diff(strings.Join(want, "\t")+"\n", string(whole.appendCopy(nil))); diff != "" {
		t.Errorf("COPY text against the columns (-want +got):\n%s", diff)
	}
}

// TestIsLineName: a line without an id is named file:line (orders.Read),
// and only that name is taken for one.
func TestIsLineName(t *testing.T) {
	for _, c := range []struct {
		id, file string
		line     int
		want     bool
	}{
		{"orders.csv:12", "books/orders.csv", 12, true},
		{"orders.csv:12", "orders.csv", 12, true},
		{"orders.csv:12", "orders.csv", 13, false},
		{"orders.csv:120", "orders.csv", 12, false},
		{"other.csv:12", "orders.csv", 12, false},
		{"orders.csv", "orders.csv", 12, false},
		{"orders.csv:", "orders.csv", 12, false},
		{"SO-1", "orders.csv", 2, false},
	} {
		if got := isLineName(c.id, c.file, c.line); got != c.want {
			t.Errorf("isLineName(%q, %q, %d) = %v, want %v", c.id, c.file, c.line, got, c.want)
		}
	}
}
