package ledger

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
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
// and is copied exactly as one written whole, and COPY's binary tuple
// holds the columns of insertColumns in order, each its length and bytes.
func TestPrepared(t *testing.T) {
	row := func() Row {
		return Row{
			Seq: 42, Kind: KindAmendment, RunID: "run\t1", OrderID: `PO\7`, File: "orders.csv", Line: 9,
			InputHash: "ab", Inputs: `["end_user","Tab\u0009"]`, ShipDate: "2026-06-01", Product: "H100", Destination: "CN",
			EndUser: "Tab\there\nand\r\\", Decision: "licensed", ECCN: "3A090.a", Regime: "ear", Review: "", Exception: "",
			Hits: "[]", Auth: "license:D1", Drawn: `[{"limit":"H100","amount":1}]`, ReasonsHash: sum("reasons"), PrevHash: "ef", RowHash: sum("row"), Headline: 3,
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
	if diff := cmp.Diff(whole.appendCopy(nil), prepared.appendCopy(nil)); diff != "" {
		t.Errorf("COPY tuple (-whole +prepared):\n%s", diff)
	}
	// The tuple read back field by field: the values, hashes as stored.
	var want []any
	for i, v := range append(whole.values(), whole.standing()) {
		if slices.Contains(hashColumns[:], i) {
			v = string(pgHash(nil, v.(string)))
		}
		want = append(want, v)
	}
	tuple := whole.appendCopy(nil)
	n := int(binary.BigEndian.Uint16(tuple))
	var got []any
	p := 2
	for len(got) < n && p+4 <= len(tuple) {
		size := int(binary.BigEndian.Uint32(tuple[p:]))
		f := tuple[p+4 : p+4+size]
		p += 4 + size
		switch i := len(got); {
		case i == 0 || i == 5 || i == n-2: // seq, line, headline: BIGINT
			got = append(got, int64(binary.BigEndian.Uint64(f)))
		case i == n-1: // standing: SMALLINT
			got = append(got, int16(binary.BigEndian.Uint16(f)))
		default:
			got = append(got, string(f))
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("COPY tuple against the columns (-want +got):\n%s", diff)
	}
	if n != ncolumns+1 || p != len(tuple) {
		t.Errorf("COPY tuple of %d fields, %d of its %d bytes read: want %d fields, every byte", n, p, len(tuple), ncolumns+1)
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

// TestStoreHash: a lower-case hex SHA-256 is stored as its 32 bytes;
// anything else (upper case, a stray byte, another length) as it is, so
// that it reads back unchanged.
func TestStoreHash(t *testing.T) {
	h := sha256.Sum256([]byte("row"))
	lower := hex.EncodeToString(h[:])
	for _, tt := range []struct {
		in   string
		want []byte
	}{
		{lower, h[:]},
		{strings.ToUpper(lower), []byte(strings.ToUpper(lower))},
		{lower[:63] + "g", []byte(lower[:63] + "g")},
		{lower[:63] + "\xff", []byte(lower[:63] + "\xff")},
		{"/" + lower[1:], []byte("/" + lower[1:])},
		{lower[:62], []byte(lower[:62])},
		{"", nil},
	} {
		got := storeHash(nil, tt.in)
		if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("storeHash(%q) (-want +got):\n%s", tt.in, diff)
		}
		if back := readHash(string(got)); back != tt.in {
			t.Errorf("readHash(storeHash(%q)) = %q", tt.in, back)
		}
	}
}

// TestRunHash: a run's hash is the SHA-256 of its fields as a JSON array:
// the seven every run has; then its content when it has one; then, when
// it has a reason, the content ("" or not) and the reason. A run with
// neither hashes as every run did before migration 6.
func TestRunHash(t *testing.T) {
	seven := []string{"2026-06-01T12:00:00Z", "test", "v1", "r1", "[]", "{}", "r.chen"}
	f := func(content, reason string) *runFields {
		return &runFields{Started: seven[0], ToolVersion: seven[1], PolicyRevision: seven[2], RecordsRevision: seven[3], Screening: seven[4], Inputs: seven[5], Actor: seven[6], Content: content, Reason: reason}
	}
	array := func(more ...string) string {
		b, _ := json.Marshal(append(slices.Clone(seven), more...))
		return string(b)
	}
	for _, tt := range []struct {
		name, content, reason, want string
	}{
		{"neither", "", "", array()},
		{"content", "c1", "", array("c1")},
		{"reason", "", "re-run after licence D123 was granted", array("", "re-run after licence D123 was granted")},
		{"both", "c1", "re-run", array("c1", "re-run")},
	} {
		h := sha256.Sum256([]byte(tt.want))
		if diff := cmp.Diff(hex.EncodeToString(h[:]), f(tt.content, tt.reason).hash()); diff != "" {
			t.Errorf("%s: the hash of %s (-want +got):\n%s", tt.name, tt.want, diff)
		}
	}
}
