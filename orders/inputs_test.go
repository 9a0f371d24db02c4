package orders_test

import (
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/orders"
)

// ok is a judged line with the given fields.
func ok(l int, id, product, dest, endUser, date string, extra ...checker.Field) line {
	return line{Line: l, ID: id, Product: product, Destination: dest, EndUser: endUser, Date: date, Extra: extra}
}

// bad is an error line.
func bad(l int, err string) line { return line{Line: l, Err: err} }

// unread is an error that kept the whole file from being read (a header,
// the file's syntax).
func unread(l int, err string) line { return line{Line: l, Err: notRead + err} }

type inputCase struct {
	name, file, content string
	opts                orders.Options
	want                []line
}

func runCases(t *testing.T, tests []inputCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, read(t, tt.file, tt.content, tt.opts)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// Issue #14: YAML values are read as written, so an unquoted date is the date.
func TestYAMLValuesAsWritten(t *testing.T) {
	runCases(t, []inputCase{
		{"unquoted date", "o.yaml", "- {id: 7, product: H20, destination: CN, date: 2024-06-01}\n- product: L40\n  destination: AE\n  date: 2024-06-02\n", orders.Options{},
			[]line{ok(1, "7", "H20", "CN", "", "2024-06-01"), ok(2, "o.yaml:2", "L40", "AE", "", "2024-06-02")}},
		{"leading zeros and null", "o.yaml", "- {id: 007, product: H20, destination: CN, end_user: ~, date: '2024-06-01'}\n", orders.Options{},
			[]line{ok(1, "007", "H20", "CN", "", "2024-06-01")}},
		{"merge keys", "o.yaml", "base: &b {destination: CN, date: 2024-06-01}\norders:\n- {<<: *b, product: H20}\n- {<<: *b, product: L40, destination: AE}\n", orders.Options{},
			[]line{ok(3, "o.yaml:3", "H20", "CN", "", "2024-06-01"), ok(4, "o.yaml:4", "L40", "AE", "", "2024-06-01")}},
		// YAML 1.1 reads NO as false (the "Norway problem"), 0123 as the
		// octal 83 and 010 as 8: read as written, NO is Norway, and a
		// quantity 010 is refused by the checker rather than read as 8.
		{"Norway, octal-looking numbers, null", "o.yaml", "- id: 0123\n  product: H20\n  destination: NO\n  quantity: 010\n  end_user: null\n", orders.Options{},
			[]line{{1, "0123", "H20", "010", "NO", "", "", "", nil, ""}}},
		{"an order wrapped in a key of its own", "o.jsonl", "{\"order\": {\"product\": \"H20\", \"destination\": \"CN\"}}\n", orders.Options{},
			[]line{bad(1, `o.jsonl:1: bad input: key "order" holds a list or mapping and the order has no product: give the order's own keys (product, destination, ...), not wrapped in "order"`)}},
		{"a list where one value belongs", "o.yaml", "- {product: [H20, L40], destination: CN}\n", orders.Options{},
			[]line{bad(1, `o.yaml:1: bad input: key "product": want one value, not a list or mapping`)}},
		{"not YAML: a list left open", "o.yaml", "- product: H20\n  destination: CN\n- product: [L40\n  destination: AE\n", orders.Options{},
			[]line{unread(3, `o.yaml:3: bad input: not YAML: did not find expected ',' or ']'`)}},
	})
}

// Issue #15: JSON, JSON Lines and YAML reject a key given twice and two keys
// for one field, as CSV does, on the key's line; the other orders are read.
func TestConflictingKeys(t *testing.T) {
	good := ok(4, "o.x:4", "L40", "AE", "", "")
	runCases(t, []inputCase{
		{"json synonyms", "o.json", "[\n{\"product\": \"H20\",\n \"country\": \"CN\",\n \"destination\": \"US\"},\n{\"product\": \"L40\", \"destination\": \"AE\"}]", orders.Options{},
			[]line{bad(4, `o.json:4: bad input: keys "country" (line 3) and "destination" (line 4) both give the destination`), ok(5, "o.json:5", "L40", "AE", "", "")}},
		{"json duplicate", "o.json", "[{\"product\": \"H20\", \"product\": \"H100\", \"destination\": \"CN\"}]", orders.Options{},
			[]line{bad(1, `o.json:1: bad input: key "product" appears twice`)}},
		{"json same column twice", "o.json", "[{\"product\": \"H20\", \"Product\": \"H100\", \"destination\": \"CN\"}]", orders.Options{},
			[]line{bad(1, `o.json:1: bad input: keys "product" and "Product" are the same column`)}},
		{"jsonl", "o.jsonl", "{\"product\": \"H20\", \"destination\": \"CN\", \"destination\": \"US\"}\n{\"product\": \"L40\", \"destination\": \"AE\"}\n", orders.Options{},
			[]line{bad(1, `o.jsonl:1: bad input: key "destination" appears twice`), ok(2, "o.jsonl:2", "L40", "AE", "", "")}},
		{"jsonl synonyms on one line", "o.jsonl", "{\"product\": \"H20\", \"country\": \"CN\", \"destination\": \"US\"}\n{\"product\": \"L40\", \"destination\": \"AE\"}\n", orders.Options{},
			[]line{bad(1, `o.jsonl:1: bad input: keys "country" and "destination" both give the destination`), ok(2, "o.jsonl:2", "L40", "AE", "", "")}},
		{"jsonl two objects on a line", "o.jsonl", "{\"product\": \"H20\", \"destination\": \"CN\"} {\"product\": \"L40\", \"destination\": \"AE\"}\n", orders.Options{},
			[]line{bad(1, `o.jsonl:1: bad input: one object per line: more follows the object`)}},
		{"yaml synonyms", "o.x", "- product: H20\n  country: CN\n  destination: US\n- {product: L40, destination: AE}\n", orders.Options{Format: "yaml"},
			[]line{bad(3, `o.x:3: bad input: keys "country" (line 2) and "destination" (line 3) both give the destination`), good}},
		{"yaml duplicate", "o.x", "- product: H20\n  destination: CN\n  destination: US\n- {product: L40, destination: AE}\n", orders.Options{Format: "yaml"},
			[]line{bad(3, `o.x:3: bad input: key "destination" appears twice (lines 2 and 3)`), good}},
		{"csv synonyms", "o.csv", "product,country,destination\nH20,CN,US\n", orders.Options{},
			[]line{unread(1, `o.csv:1: bad input: columns "country" and "destination" both give the destination (read as fields separated by ","; give --delimiter if the file uses another)`)}},
	})
}

// Issue #15: line ends of every kind, and quoted fields that span lines.
func TestCSVLines(t *testing.T) {
	two := []line{ok(2, "o.csv:2", "H20", "CN", "", "2024-06-01"), ok(3, "o.csv:3", "L40", "AE", "", "2024-06-02")}
	runCases(t, []inputCase{
		{"CR only (CSV Macintosh)", "o.csv", "product,destination,date\rH20,CN,2024-06-01\rL40,AE,2024-06-02\r", orders.Options{}, two},
		{"CR only, no final line end", "o.csv", "product,destination,date\rH20,CN,2024-06-01\rL40,AE,2024-06-02", orders.Options{}, two},
		{"mixed", "o.csv", "product,destination,date\r\nH20,CN,2024-06-01\nL40,AE,2024-06-02\r", orders.Options{}, two},
		{"field spanning lines is an error naming them", "o.csv", "product,destination,note\nH20,CN,\"a\nb\nc\"\nL40,AE,x\n", orders.Options{},
			[]line{bad(2, "o.csv:2: bad input: quoted field spans lines 2-4 (a stray \"?) (give --multiline-fields if fields hold line breaks)"),
				ok(5, "o.csv:5", "L40", "AE", "", "", checker.Field{Name: "note", Value: "x"})}},
		{"stray quote swallows lines: error", "o.csv", "product,destination,note\nH20,CN,\"oops\nL40,AE,x\nL4,DE,\"y\"\n", orders.Options{},
			[]line{bad(2, "o.csv:2: bad input: quoted field spans lines 2-4 (a stray \"?) (give --multiline-fields if fields hold line breaks)")}},
		{"multiline fields allowed", "o.csv", "product,destination,note\r\nH20,CN,\"a\r\nb\"\r\nL40,AE,x\r\n", orders.Options{MultilineFields: true},
			[]line{ok(2, "o.csv:2", "H20", "CN", "", "", checker.Field{Name: "note", Value: "a\nb"}),
				ok(4, "o.csv:4", "L40", "AE", "", "", checker.Field{Name: "note", Value: "x"})}},
		{"doubled quotes and blank lines", "o.csv", "product,destination,note\n\nH20,CN,\"say \"\"hi\"\", ok\"\n \n", orders.Options{},
			[]line{ok(3, "o.csv:3", "H20", "CN", "", "", checker.Field{Name: "note", Value: `say "hi", ok`})}},
		// Excel writes ,,, for each empty row of a sheet's used range:
		// above the header (a table that starts lower down), between
		// orders and after them.
		{"lines of separators and spaces are blank", "o.csv", ",,\r\n, , \r\nproduct,destination,date\r\nH20,CN,2024-06-01\r\n, ,\"\"\r\nL40,AE,2024-06-02\r\n,,\r\n,,,,,\r\n", orders.Options{},
			[]line{ok(4, "o.csv:4", "H20", "CN", "", "2024-06-01"), ok(6, "o.csv:6", "L40", "AE", "", "2024-06-02")}},
		{"the separator is the header's, below blank lines", "o.csv", "\n;;\nproduct;destination;date\nH20;CN;2024-06-01\n;;\n", orders.Options{},
			[]line{ok(4, "o.csv:4", "H20", "CN", "", "2024-06-01")}},
	})
}

// Issue #15: bytes that are not UTF-8 are an error on their line anywhere in
// the file, or decoded from a named encoding.
func TestEncoding(t *testing.T) {
	pad := strings.Repeat("L40,AE,Filler\n", 1000) // past the first 8 KB
	hint := " (save the file as UTF-8, or name its encoding: --encoding windows-1252|latin1|latin9)"
	runCases(t, []inputCase{
		{"csv late windows-1252 byte", "o.csv", "product,destination,end_user\n" + pad + "H20,CN,Soci\xe9t\xe9 X\nL4,DE,Y\n", orders.Options{},
			append(fillers(2, 1001, "o.csv"), bad(1002, "o.csv:1002: bad input: byte 0xE9 is not UTF-8"+hint), ok(1003, "o.csv:1003", "L4", "DE", "Y", ""))},
		{"csv windows-1252", "o.csv", "product,destination,end_user\nH20,CN,Soci\xe9t\xe9 \x80\n", orders.Options{Encoding: "windows-1252"},
			[]line{ok(2, "o.csv:2", "H20", "CN", "Société €", "")}},
		{"csv latin1", "o.csv", "product,destination,end_user\nH20,CN,Soci\xe9t\xe9\n", orders.Options{Encoding: "latin1"},
			[]line{ok(2, "o.csv:2", "H20", "CN", "Société", "")}},
		{"unknown encoding", "o.csv", "product,destination\nH20,CN\n", orders.Options{Encoding: "ebcdic"},
			[]line{bad(0, `o.csv: bad input: unknown encoding "ebcdic"; known: utf-8, windows-1252, latin1, latin9`)}},
		{"json", "o.json", "[\n{\"product\": \"H20\", \"destination\": \"CN\", \"end_user\": \"Soci\xe9t\xe9\"},\n{\"product\": \"L4\", \"destination\": \"DE\"}\n]", orders.Options{},
			[]line{bad(2, "o.json:2: bad input: byte 0xE9 is not UTF-8"+hint), ok(3, "o.json:3", "L4", "DE", "", "")}},
		{"jsonl", "o.jsonl", "{\"product\": \"H20\", \"destination\": \"CN\", \"end_user\": \"Soci\xe9t\xe9\"}\n{\"product\": \"L4\", \"destination\": \"DE\"}\n", orders.Options{},
			[]line{bad(1, "o.jsonl:1: bad input: byte 0xE9 is not UTF-8"+hint), ok(2, "o.jsonl:2", "L4", "DE", "", "")}},
		{"yaml", "o.yaml", "- product: H20\n  destination: CN\n  end_user: Soci\xe9t\xe9\n- {product: L4, destination: DE}\n", orders.Options{},
			[]line{bad(3, "o.yaml:3: bad input: byte 0xE9 is not UTF-8"+hint), ok(4, "o.yaml:4", "L4", "DE", "", "")}},
		{"yaml windows-1252", "o.yaml", "- {product: H20, destination: CN, end_user: Soci\xe9t\xe9}\n", orders.Options{Encoding: "cp1252"},
			[]line{ok(1, "o.yaml:1", "H20", "CN", "Société", "")}},
	})
}

func fillers(from, to int, file string) []line {
	var out []line
	for l := from; l <= to; l++ {
		out = append(out, ok(l, file+":"+strconv.Itoa(l), "L40", "AE", "Filler", ""))
	}
	return out
}

// Issue #15: headers match after normalisation, and a header close to a
// recognised column is an error naming it, not an extra column that stops
// screening.
func TestHeaders(t *testing.T) {
	cols := "id (id, line_id, order_id), product (model, product, sku), quantity (qty, quantity), destination (country, destination, ship_to_country), " +
		"end_user (customer, end_user, enduser), end_user_hq (end_user_headquarters, end_user_hq, headquarters, hq), date (date, ship_date), end_use (end_use, end_use_description, enduse, intended_end_use, intended_use, stated_end_use), ship_from (export_from, origin, ship_from, ship_from_country), end_user_parent (end_user_owner, end_user_parent, parent_company), consignee (consignee, consignee_name, ship_to_name)"
	sep := ` (read as fields separated by ","; give --delimiter if the file uses another)`
	runCases(t, []inputCase{
		{"format characters, case, hyphens, spaces", "o.csv", "\ufeffPRODUCT,Destination\u200b, End\u2060 User ,Ship-Date\nH20,CN,X,2024-06-01\n", orders.Options{},
			[]line{ok(2, "o.csv:2", "H20", "CN", "X", "2024-06-01")}},
		{"misspelt end user", "o.csv", "product,destination,end_usr\nH20,CN,X\n", orders.Options{},
			[]line{unread(1, `o.csv:1: bad input: column "end_usr" is not a recognised column but looks like end_user (accepted: customer, end_user, enduser); rename it, or see the recognised columns: `+cols+sep)}},
		{"end user name", "o.csv", "product,destination,End User Name\nH20,CN,X\n", orders.Options{},
			[]line{unread(1, `o.csv:1: bad input: column "End User Name" is not a recognised column but looks like end_user (accepted: customer, end_user, enduser); rename it, or see the recognised columns: `+cols+sep)}},
		{"misspelt destination", "o.csv", "product,destinaton\nH20,CN\n", orders.Options{},
			[]line{unread(1, `o.csv:1: bad input: column "destinaton" is not a recognised column but looks like destination (accepted: country, destination, ship_to_country); rename it, or see the recognised columns: `+cols+sep)}},
		{"near names of present columns and unlike names stay extra", "o.csv", "product,destination,date,data,rate,note,name,customer_id\nH20,CN,2024-06-01,a,b,c,d,e\n", orders.Options{},
			[]line{ok(2, "o.csv:2", "H20", "CN", "", "2024-06-01", checker.Field{Name: "data", Value: "a"}, checker.Field{Name: "rate", Value: "b"},
				checker.Field{Name: "note", Value: "c"}, checker.Field{Name: "name", Value: "d"}, checker.Field{Name: "customer_id", Value: "e"})}},
		{"a recognised name with a note in brackets", "o.csv", "product,destination,Ship From (ISO code)\nH20,CN,TW\n", orders.Options{},
			[]line{unread(1, `o.csv:1: bad input: column "Ship From (ISO code)" is not a recognised column but looks like ship_from (accepted: export_from, origin, ship_from, ship_from_country); rename it, or see the recognised columns: `+cols+sep)}},
		{"quantity [pcs]", "o.csv", "product,destination,Quantity [pcs]\nH20,CN,8\n", orders.Options{},
			[]line{unread(1, `o.csv:1: bad input: column "Quantity [pcs]" is not a recognised column but looks like quantity (accepted: qty, quantity); rename it, or see the recognised columns: `+cols+sep)}},
		{"a party's column beside its name is not guessed", "o.csv", "product,destination,Customer,Customer Name\nH20,CN,C-42,Acme\n", orders.Options{},
			[]line{unread(1, `o.csv:1: bad input: columns "Customer" and "Customer Name" both look like the end_user: which one it is is not guessed; rename or remove the other`+sep)}},
		{"a code beside its column stays extra", "o.csv", "product,destination,Product Code\nH20,CN,900-21010\n", orders.Options{},
			[]line{ok(2, "o.csv:2", "H20", "CN", "", "", checker.Field{Name: "Product Code", Value: "900-21010"})}},
		{"a note beside the column it names stays extra", "o.csv", "product,destination,date,Date (old)\nH20,CN,2024-06-01,x\n", orders.Options{},
			[]line{ok(2, "o.csv:2", "H20", "CN", "", "2024-06-01", checker.Field{Name: "Date (old)", Value: "x"})}},
		{"same column twice after normalisation", "o.csv", "product,destination,End User,end_user\nH20,CN,X,Y\n", orders.Options{},
			[]line{unread(1, `o.csv:1: bad input: columns 3 ("End User") and 4 ("end_user") are one column, end_user, twice (names match without regard to case, spaces or hyphens)`+sep)}},
		{"same column twice as written", "o.csv", "product,destination,end_user,end_user\nH20,CN,X,Y\n", orders.Options{},
			[]line{unread(1, `o.csv:1: bad input: column "end_user" appears twice (columns 3 and 4)`+sep)}},
		{"json key", "o.json", "[{\"product\": \"H20\", \"destination\": \"CN\",\n \"end_user_name\": \"X\"}]", orders.Options{},
			[]line{bad(2, `o.json:2: bad input: key "end_user_name" is not a recognised column but looks like end_user (accepted: customer, end_user, enduser); rename it, or see the recognised columns: `+cols)}},
		{"json key of a party beside its name", "o.json", "[{\"product\": \"H20\", \"destination\": \"CN\", \"end_user\": \"C-42\",\n \"end_user_name\": \"X\"}]", orders.Options{},
			[]line{bad(2, `o.json:2: bad input: keys "end_user" (line 1) and "end_user_name" (line 2) both look like the end_user: which one it is is not guessed; rename or remove the other`)}},
		{"yaml key with a zero-width space", "o.yaml", "- {product: H20, destination: CN, \"end\u200b_user\": X}\n", orders.Options{},
			[]line{ok(1, "o.yaml:1", "H20", "CN", "X", "")}},
	})
}

func TestColumns(t *testing.T) {
	want := map[string][]string{
		"id":              {"id", "line_id", "order_id"},
		"product":         {"model", "product", "sku"},
		"quantity":        {"qty", "quantity"},
		"destination":     {"country", "destination", "ship_to_country"},
		"end_user":        {"customer", "end_user", "enduser"},
		"end_user_hq":     {"end_user_headquarters", "end_user_hq", "headquarters", "hq"},
		"date":            {"date", "ship_date"},
		"end_use":         {"end_use", "end_use_description", "enduse", "intended_end_use", "intended_use", "stated_end_use"},
		"ship_from":       {"export_from", "origin", "ship_from", "ship_from_country"},
		"end_user_parent": {"end_user_owner", "end_user_parent", "parent_company"},
		"consignee":       {"consignee", "consignee_name", "ship_to_name"},
	}
	if diff := cmp.Diff(want, orders.Columns()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// Issue #21: semicolon and tab separated books are detected from the header
// line, or the separator is named.
// Excel's hint line sep=; (or sep=,) before the header names the
// separator; it is no header, and the lines keep their numbers.
func TestCSVSepLine(t *testing.T) {
	two := []line{ok(3, "o.csv:3", "H20", "CN", "", "2024-06-01"), ok(4, "o.csv:4", "L40", "AE", "", "2024-06-02")}
	runCases(t, []inputCase{
		{"sep=;", "o.csv", "sep=;\r\nproduct;destination;date\r\nH20;CN;2024-06-01\r\nL40;AE;2024-06-02\r\n", orders.Options{}, two},
		{"BOM, sep=, and a header with more semicolons", "o.csv", "\ufeffSEP=,\nproduct,destination,date,note\nH20,CN,2024-06-01,a;b;c\nL40,AE,2024-06-02,\n", orders.Options{},
			[]line{ok(3, "o.csv:3", "H20", "CN", "", "2024-06-01", checker.Field{Name: "note", Value: "a;b;c"}), ok(4, "o.csv:4", "L40", "AE", "", "2024-06-02", checker.Field{Name: "note"})}},
		{"sep=| agreeing with --delimiter", "o.csv", "sep=|\nproduct|destination|date\nH20|CN|2024-06-01\nL40|AE|2024-06-02", orders.Options{Delimiter: "|"}, two},
		{"sep=; against --delimiter", "o.csv", "sep=;\nproduct;destination\nH20;CN\n", orders.Options{Delimiter: ","},
			[]line{unread(1, `o.csv:1: bad input: the first line says the separator is ";", --delimiter says ","`)}},
		{"sep= of no separator", "o.csv", "sep=:\nproduct:destination\nH20:CN\n", orders.Options{},
			[]line{unread(1, `o.csv:1: bad input: the first line "sep=:": want sep= and one separator (, ; tab |), or the header`)}},
		{"sep= of more than one", "o.csv", "sep=;;\nproduct;destination\nH20;CN\n", orders.Options{},
			[]line{unread(1, `o.csv:1: bad input: the first line "sep=;;": want sep= and one separator (, ; tab |), or the header`)}},
	})
}

func TestDelimiters(t *testing.T) {
	want := []line{ok(2, "o.x:2", "H20", "CN", "Acme, Inc.", "2024-06-01")}
	runCases(t, []inputCase{
		{"semicolon", "o.x", "product;destination;end_user;date\nH20;CN;Acme, Inc.;2024-06-01\n", orders.Options{Format: "csv"}, want},
		{"tab", "o.x", "product\tdestination\tend_user\tdate\nH20\tCN\tAcme, Inc.\t2024-06-01\n", orders.Options{Format: "csv"}, want},
		{"pipe", "o.x", "product|destination|end_user|date\nH20|CN|Acme, Inc.|2024-06-01\n", orders.Options{Format: "csv"}, want},
		{"quoted separators do not count", "o.x", "\"a;b;c\",product,destination,end_user,date\nx,H20,CN,\"Acme, Inc.\",2024-06-01\n", orders.Options{Format: "csv"},
			[]line{ok(2, "o.x:2", "H20", "CN", "Acme, Inc.", "2024-06-01", checker.Field{Name: "a;b;c", Value: "x"})}},
		{"named", "o.x", "product;destination;a,b,c\nH20;CN;x,y,z\n", orders.Options{Format: "csv", Delimiter: ";"},
			[]line{ok(2, "o.x:2", "H20", "CN", "", "", checker.Field{Name: "a,b,c", Value: "x,y,z"})}},
		{"named tab", "o.tsv", "product\tdestination\nH20\tCN\n", orders.Options{Delimiter: "tab"},
			[]line{ok(2, "o.tsv:2", "H20", "CN", "", "")}},
		{"unknown", "o.csv", "product,destination\nH20,CN\n", orders.Options{Delimiter: "::"},
			[]line{bad(0, `o.csv: bad input: unknown delimiter "::"; known: ",", ";", "tab", "|"`)}},
	})
}

// Issue #15: a field over MaxFieldBytes or a line over MaxColumns is an
// error on its line, and the next line is read.
func TestCSVLimits(t *testing.T) {
	long := strings.Repeat("x", orders.MaxFieldBytes+1)
	many := strings.Repeat(",", orders.MaxColumns)
	runCases(t, []inputCase{
		{"field at the limit", "o.csv", "product,destination,note\nH20,CN," + long[1:] + "\n", orders.Options{},
			[]line{ok(2, "o.csv:2", "H20", "CN", "", "", checker.Field{Name: "note", Value: long[1:]})}},
		{"long field", "o.csv", "product,destination,note\nH20,CN," + long + "\nL4,DE,x\n", orders.Options{},
			[]line{bad(2, "o.csv:2: bad input: field 3 is longer than 64 KiB"), ok(3, "o.csv:3", "L4", "DE", "", "", checker.Field{Name: "note", Value: "x"})}},
		{"long quoted field", "o.csv", "product,destination,note\nH20,CN,\"" + long + "\"\nL4,DE,x\n", orders.Options{},
			[]line{bad(2, "o.csv:2: bad input: field 3 is longer than 64 KiB"), ok(3, "o.csv:3", "L4", "DE", "", "", checker.Field{Name: "note", Value: "x"})}},
		{"many columns", "o.csv", "product,destination\nH20,CN" + many + "\nL4,DE\n", orders.Options{},
			[]line{bad(2, "o.csv:2: bad input: more than 1024 columns"), ok(3, "o.csv:3", "L4", "DE", "", "")}},
		{"many columns in the header", "o.csv", "product,destination" + many + "\nL4,DE\n", orders.Options{},
			[]line{unread(1, "o.csv:1: bad input: more than 1024 columns")}},
	})
}

// zeros is an endless field of x.
type zeros struct{ n int }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n <= 0 {
		return 0, io.EOF
	}
	n := min(len(p), z.n)
	for i := range p[:n] {
		p[i] = 'x'
	}
	z.n -= n
	return n, nil
}

// A 64 MiB field is skipped, not held: the reader allocates a small part of it.
func TestCSVLongFieldNotHeld(t *testing.T) {
	in := io.MultiReader(strings.NewReader("product,destination,note\nH20,CN,"), &zeros{64 << 20}, strings.NewReader("\nL4,DE,x\n"))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var got []string
	for o, err := range orders.Read("-", orders.Options{Stdin: in}) {
		if err != nil {
			got = append(got, err.Error())
		} else {
			got = append(got, o.Product)
		}
	}
	runtime.ReadMemStats(&after)
	if diff := cmp.Diff([]string{"-:2: bad input: field 3 is longer than 64 KiB", "L4"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("reading a 64 MiB field allocated %d MiB; want under 8", alloc>>20)
	}
}

func ExampleColumns() {
	fmt.Println(orders.Columns()["destination"])
	// Output: [country destination ship_to_country]
}

// A JSON book is an array of orders or {"orders": [...]}: one order
// object, or JSON Lines named .json, is one error naming what to give,
// not an error for each of its keys.
func TestJSONObjectWithoutOrders(t *testing.T) {
	const want = `bad input: want an array of orders or {"orders": [...]}, not an object without "orders" (one order is [{...}]; one order a line is --input-format jsonl)`
	runCases(t, []inputCase{
		{"one order", "o.json", "\n{\"id\": 123,\n \"product\": \"H20\", \"destination\": \"DE\", \"quantity\": 1E3}\n", orders.Options{},
			[]line{bad(2, "o.json:2: "+want)}},
		{"JSON Lines", "o.json", "\ufeff{\"product\": \"H20\", \"destination\": \"DE\"}\n{\"product\": \"H20\", \"destination\": \"CN\"}\n", orders.Options{},
			[]line{bad(1, "o.json:1: "+want)}},
		{"no key", "o.json", "{}", orders.Options{}, []line{bad(1, "o.json:1: "+want)}},
		{"keys before orders are errors once it is found", "o.json", "{\"meta\": 1,\n\"orders\": [{\"product\": \"H20\", \"destination\": \"DE\"}]}", orders.Options{},
			[]line{bad(1, `o.json:1: bad input: key "meta" beside "orders": a book is an array of orders, or {"orders": [...]} and nothing else`), ok(2, "o.json:2", "H20", "DE", "", "")}},
		{"a broken object says where", "o.json", "{\"meta\": 1,\n\"x\": }", orders.Options{},
			[]line{bad(1, `o.json:1: bad input: key "meta" beside "orders": a book is an array of orders, or {"orders": [...]} and nothing else`), bad(2, `o.json:2: bad input: key "x" beside "orders": a book is an array of orders, or {"orders": [...]} and nothing else`), bad(2, "o.json:2: bad input: invalid character '}' looking for beginning of value")}},
	})
}

// A JSON Lines line longer than MaxJSONLLine is an error for that line,
// saying so; the lines after it are read (before, the reader stopped
// there, "bufio.Scanner: token too long", and the rest of the book went
// unjudged and uncounted). The last line may lack its line feed.
func TestJSONLLineTooLong(t *testing.T) {
	long := `{"product": "H20", "destination": "CN", "note": "` + strings.Repeat("x", orders.MaxJSONLLine) + `"}`
	runCases(t, []inputCase{
		{"jsonl", "o.jsonl", "{\"product\": \"H20\", \"destination\": \"DE\"}\n" + long + "\r\n\n{\"product\": \"L40\", \"destination\": \"AE\"}", orders.Options{}, []line{
			{1, "o.jsonl:1", "H20", "", "DE", "", "", "", nil, ""},
			bad(2, "o.jsonl:2: bad input: the line is longer than 16 MiB, the most one JSON Lines line may hold"),
			{4, "o.jsonl:4", "L40", "", "AE", "", "", "", nil, ""},
		}},
	})
}
