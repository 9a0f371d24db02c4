package orders_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/orders"
)

type line struct {
	Line                                                  int
	ID, Product, Quantity, Destination, EndUser, HQ, Date string
	Extra                                                 []checker.Field
	Err                                                   string
}

func read(t *testing.T, name, content string, opts orders.Options) []line {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return collect(path, opts)
}

// notRead begins the error of a line that kept the whole file from being
// read (InputError.Unread).
const notRead = "(the file is not read) "

func collect(path string, opts orders.Options) []line {
	var out []line
	for o, err := range orders.Read(path, opts) {
		l := line{o.Line, o.ID, o.Product, o.Quantity, o.Destination, o.EndUser, o.EndUserHQ, o.Date, o.Extra, ""}
		if err != nil {
			var ie *checker.InputError
			if !errors.As(err, &ie) {
				l.Err = "not an InputError: " + err.Error()
			} else {
				l.Err = strings.TrimPrefix(err.Error(), filepath.Dir(path)+string(filepath.Separator))
				if ie.Unread {
					l.Err = notRead + l.Err
				}
			}
			l = line{Line: o.Line, Err: l.Err}
		}
		out = append(out, l)
	}
	return out
}

// noHeader is the error of a CSV book whose header, read at line, lacks
// the product or destination column.
func noHeader(line int, got string) string {
	return notRead + fmt.Sprintf("o.csv:%d: bad input: header needs at least product and destination columns (got %s; recognised: ", line, got) +
		"id (id, line_id, order_id), product (model, product, sku), quantity (qty, quantity), destination (country, destination, ship_to_country), " +
		"end_user (customer, end_user, enduser), end_user_hq (end_user_headquarters, end_user_hq, headquarters, hq), date (date, ship_date), end_use (end_use, end_use_description, enduse, intended_end_use, intended_use, stated_end_use), ship_from (export_from, origin, ship_from, ship_from_country), end_user_parent (end_user_owner, end_user_parent, parent_company), consignee (consignee, consignee_name, ship_to_name)) " +
		`(read as fields separated by ","; give --delimiter if the file uses another)`
}

func TestCSV(t *testing.T) {
	tests := []struct {
		name, content string
		want          []line
	}{
		{"any column order, case, BOM, CRLF, quotes, extra columns",
			"\ufeffDate,Product,Destination,ID,End User,END_USER_HQ,quantity,Sales Rep\r\n" +
				"2024-06-01,\"H100 SXM5\",CN,SO-1,\"Acme, Inc.\",CN,8,Ann\r\n",
			[]line{{2, "SO-1", "H100 SXM5", "8", "CN", "Acme, Inc.", "CN", "2024-06-01", []checker.Field{{Name: "Sales Rep", Value: "Ann"}}, ""}}},
		{"short row is an error; the next line is kept",
			"id,product,quantity,destination,end_user,end_user_hq,date\nA,H20,1,CN\nB,H20,1,CN,X,CN,2024-06-01\n",
			[]line{{Line: 2, Err: "o.csv:2: bad input: 4 fields, the header has 7 (short or long row)"},
				{3, "B", "H20", "1", "CN", "X", "CN", "2024-06-01", nil, ""}}},
		{"a column with no name is named by its place, where it holds something",
			"product,destination,,date,\nH20,CN,a note,2024-06-01,\nL40,AE,,2024-06-01,\n",
			[]line{{2, "o.csv:2", "H20", "", "CN", "", "", "2024-06-01", []checker.Field{{Name: "column 3", Value: "a note"}}, ""},
				{3, "o.csv:3", "L40", "", "AE", "", "", "2024-06-01", nil, ""}}},
		{"a column with no name beside one headed as its place",
			"product,destination,column 3,\nH20,CN,typed,in its place\n",
			[]line{{2, "o.csv:2", "H20", "", "CN", "", "", "", []checker.Field{{Name: "column 3", Value: "typed"}, {Name: "column 4", Value: "in its place"}}, ""}}},
		{"a column with no name where a header names its place",
			"product,destination,,column 3\nH20,CN,unnamed,named\n",
			[]line{{2, "o.csv:2", "H20", "", "CN", "", "", "", []checker.Field{{Name: "column 3 (no header)", Value: "unnamed"}, {Name: "column 3", Value: "named"}}, ""}}},
		{"JSON read as CSV says which format to give", " \n{\"product\": \"H20\", \"destination\": \"CN\"}\n",
			[]line{{Line: 1, Err: notRead + "o.csv:1: bad input: this is JSON, not CSV (give --input-format json for an array of orders, jsonl for one order a line)"}}},
		{"missing id gets file:line",
			"product,destination,date\nH20,CN,2024-06-01\n",
			[]line{{2, "o.csv:2", "H20", "", "CN", "", "", "2024-06-01", nil, ""}}},
		{"header without product", "id,destination\n1,CN\n",
			[]line{{Line: 1, Err: notRead + "o.csv:1: bad input: header needs at least product and destination columns (got id, destination; recognised: " +
				"id (id, line_id, order_id), product (model, product, sku), quantity (qty, quantity), destination (country, destination, ship_to_country), " +
				"end_user (customer, end_user, enduser), end_user_hq (end_user_headquarters, end_user_hq, headquarters, hq), date (date, ship_date), end_use (end_use, end_use_description, enduse, intended_end_use, intended_use, stated_end_use), ship_from (export_from, origin, ship_from, ship_from_country), end_user_parent (end_user_owner, end_user_parent, parent_company), consignee (consignee, consignee_name, ship_to_name)) " +
				`(read as fields separated by ","; give --delimiter if the file uses another)`}}},
		{"title rows above the header are skipped",
			"Open orders report,,\nRun on 2026-12-01\n\nproduct,destination,date\nH20,CN,2024-06-01\n",
			[]line{{5, "o.csv:5", "H20", "", "CN", "", "", "2024-06-01", nil, ""}}},
		{"a title without a separator says nothing of the header's",
			"Orders\nproduct;destination\nH20;CN\n",
			[]line{{3, "o.csv:3", "H20", "", "CN", "", "", "", nil, ""}}},
		{"a row of two values above the header is the error",
			"Open orders,December\nproduct,destination\nH20,CN\n",
			[]line{{Line: 1, Err: noHeader(1, "Open orders, December")}}},
		{"rows of one value and no header: the first is the error",
			"product destination\nH20 CN\n",
			[]line{{Line: 1, Err: noHeader(1, "product destination")}}},
		{"at most five title rows",
			"a\nb\nc\nd\ne\nf\nproduct,destination\nH20,CN\n",
			[]line{{Line: 1, Err: noHeader(1, "a")}}},
		{"a title, then a header without product",
			"Orders\nid,destination\n1,CN\n",
			[]line{{Line: 2, Err: noHeader(2, "id, destination")}}},
		{"empty file", "\n \n", []line{{Err: "o.csv: bad input: empty file"}}},
		{"binary file", "PK\x03\x04\x00\x00binary", []line{{Err: "o.csv: bad input: binary file (not UTF-8 text)"}}},
		{"UTF-16 text is refused, saying so", "\xff\xfei\x00d\x00", []line{{Err: `o.csv: bad input: UTF-16 text (Excel's "Unicode Text"), not UTF-8 (save the book as "CSV UTF-8")`}}},
		{"UTF-16 big-endian too", "\xfe\xff\x00i\x00d", []line{{Err: `o.csv: bad input: UTF-16 text (Excel's "Unicode Text"), not UTF-8 (save the book as "CSV UTF-8")`}}},
		{"control characters throughout", "id,product\n\x00\x01,\x02\x03\n", []line{{Err: "o.csv: bad input: binary file (not UTF-8 text)"}}},
		{"a stray control character is an error of its line; the others are kept",
			"product,destination,end_user\nH20,CN,Atlas\x00Sanatgaran\nL40,AE,Good\x1a\nL40,AE,Acme\n",
			[]line{{Line: 2, Err: "o.csv:2: bad input: field 3 holds the control character 0x00 (remove it, or export the order book again as text)"},
				{Line: 3, Err: "o.csv:3: bad input: field 3 holds the control character 0x1A (remove it, or export the order book again as text)"},
				{4, "o.csv:4", "L40", "", "AE", "Acme", "", "", nil, ""}}},
		{"bad quote", "product,destination\n\"H20,CN\nH20,CN\n",
			[]line{{Line: 2, Err: `o.csv:2: bad input: quoted field opened on line 2 is not closed (a stray "?): lines 2-3 are unread`}}},
		{"quote in the middle of a field", "product,destination\nH\"20,CN\nL40,AE\n",
			[]line{{Line: 2, Err: `o.csv:2: bad input: bare " in non-quoted-field`}, {3, "o.csv:3", "L40", "", "AE", "", "", "", nil, ""}}},
		{"text after a closing quote", "product,destination\n\"H20\"x,CN\nL40,AE\n",
			[]line{{Line: 2, Err: `o.csv:2: bad input: extraneous or missing " in quoted-field`}, {3, "o.csv:3", "L40", "", "AE", "", "", "", nil, ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := read(t, "o.csv", tt.content, orders.Options{})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestJSONFamilies(t *testing.T) {
	want := []line{
		{2, "1", "H20", "8", "CN", "", "CN", "2024-06-01", nil, ""},
		{3, "2", "L40", "", "AE", "", "", "2024-06-01", []checker.Field{{Name: "note", Value: "x"}}, ""},
	}
	tests := []struct{ name, file, content string }{
		{"json array", "o.json", "[\n{\"id\":\"1\",\"product\":\"H20\",\"quantity\":8,\"destination\":\"CN\",\"end_user_hq\":\"CN\",\"date\":\"2024-06-01\"},\n{\"id\":2,\"product\":\"L40\",\"destination\":\"AE\",\"date\":\"2024-06-01\",\"note\":\"x\"}\n]"},
		{"json object", "o.json", "{\"orders\": [\n{\"id\":\"1\",\"product\":\"H20\",\"quantity\":8,\"destination\":\"CN\",\"end_user_hq\":\"CN\",\"date\":\"2024-06-01\"},\n{\"id\":2,\"product\":\"L40\",\"destination\":\"AE\",\"date\":\"2024-06-01\",\"note\":\"x\"}]}"},
		{"jsonl", "o.jsonl", "\n{\"id\":\"1\",\"product\":\"H20\",\"quantity\":8,\"destination\":\"CN\",\"end_user_hq\":\"CN\",\"date\":\"2024-06-01\"}\n{\"id\":2,\"product\":\"L40\",\"destination\":\"AE\",\"date\":\"2024-06-01\",\"note\":\"x\"}\n"},
		{"yaml", "o.yaml", "orders:\n- {id: \"1\", product: H20, quantity: 8, destination: CN, end_user_hq: CN, date: \"2024-06-01\"}\n- {id: 2, product: L40, destination: AE, date: \"2024-06-01\", note: x}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(want, read(t, tt.file, tt.content, orders.Options{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	t.Run("text after the orders", func(t *testing.T) {
		for _, tt := range []struct{ content, err string }{
			{"[\n{\"product\":\"H20\",\"destination\":\"CN\"}\n}\n{\"product\":\"L4\"}]", "o.json:3: bad input: want , or ] after an order"},
			{"[\n{\"product\":\"H20\",\"destination\":\"CN\"}\n]\n[]", "o.json:4: bad input: text after the orders"},
			{"{\"orders\": [\n{\"product\":\"H20\",\"destination\":\"CN\"}\n]}\n}", "o.json:4: bad input: text after the orders"},
		} {
			got := read(t, "o.json", tt.content, orders.Options{})
			if len(got) != 2 || got[0].Product != "H20" || got[1].Err != tt.err {
				t.Errorf("%q: got %+v, want H20 then %s", tt.content, got, tt.err)
			}
		}
	})
	t.Run("a second list is an error, not dropped", func(t *testing.T) {
		for _, tt := range []struct{ file, content, want string }{
			{"o.json", "{\"orders\": [\n{\"product\":\"H20\",\"destination\":\"CN\"}],\n\"orders\": [{\"product\":\"H100 SXM5\",\"destination\":\"CN\"}]}", `o.json:3: bad input: a second "orders" key: put every order in one list`},
			{"o.json", "{\"orders\": [\n{\"product\":\"H20\",\"destination\":\"CN\"}],\n\"orders\": [{\"product\":\"H100 SXM5\",\"destination\":\"CN\"}]} x", `o.json:3: bad input: a second "orders" key: put every order in one list`}, // through the decoder
		} {
			got := read(t, tt.file, tt.content, orders.Options{})
			if len(got) != 2 || got[0].Product != "H20" || got[1].Err != tt.want {
				t.Errorf("%q: got %+v, want H20 then %s", tt.content, got, tt.want)
			}
		}
		for _, tt := range []struct{ content, want string }{
			{"- {product: H20, destination: CN}\n---\n- {product: H100 SXM5, destination: CN}\n", "o.yaml:3: bad input: a second YAML document (after ---): put every order in one list"},
			{"orders:\n- {product: H20, destination: CN}\norders:\n- {product: H100 SXM5, destination: CN}\n", `o.yaml:3: bad input: a second "orders" key: put every order in one list`},
		} {
			// YAML is read whole: nothing of the file is read.
			if got := read(t, "o.yaml", tt.content, orders.Options{}); len(got) != 1 || got[0].Err != notRead+tt.want {
				t.Errorf("%q: got %+v, want %s", tt.content, got, tt.want)
			}
		}
	})
	t.Run("a key's line, its value on the next", func(t *testing.T) {
		for _, content := range []string{"[\n{\"prodct\":\n\"H20\"}]", "[\n{\"prodct\":\n\"H20\"}] x"} { // walked, and through the decoder
			got := read(t, "o.json", content, orders.Options{})
			if len(got) == 0 || !strings.HasPrefix(got[0].Err, "o.json:2: bad input: key \"prodct\"") {
				t.Errorf("%q: got %+v", content, got)
			}
		}
	})
	t.Run("a key beside orders is an error, not dropped", func(t *testing.T) {
		const beside = `bad input: key "Orders" beside "orders": a book is an array of orders, or {"orders": [...]} and nothing else`
		for _, tt := range []struct{ content string }{
			{"{\"Orders\": [{\"product\":\"H100 SXM5\",\"destination\":\"CN\"}],\n\"orders\": [\n{\"product\":\"H20\",\"destination\":\"CN\"}]}"},   // walked
			{"{\"Orders\": [{\"product\":\"H100 SXM5\",\"destination\":\"CN\"}],\n\"orders\": [\n{\"product\":\"H20\",\"destination\":\"CN\"}]} x"}, // through the decoder
		} {
			got := read(t, "o.json", tt.content, orders.Options{})
			if len(got) < 2 || got[0].Err != "o.json:1: "+beside || got[1].Product != "H20" {
				t.Errorf("%q: got %+v, want the key's error, then H20", tt.content, got)
			}
		}
		if got := read(t, "o.yaml", "Orders:\n- {product: H100 SXM5, destination: CN}\norders:\n- {product: H20, destination: CN}\n", orders.Options{}); len(got) != 2 || got[0].Err != "o.yaml:1: "+beside || got[1].Product != "H20" {
			t.Errorf("YAML: got %+v, want the key's error, then H20", got)
		}
		after := "{\"orders\": [\n{\"product\":\"H20\",\"destination\":\"CN\"}],\n\"Orders\": [{\"product\":\"H100 SXM5\",\"destination\":\"CN\"}]}"
		for _, content := range []string{after, after + " x"} {
			got := read(t, "o.json", content, orders.Options{})
			if len(got) != 2 || got[0].Product != "H20" || got[1].Err != "o.json:3: "+beside {
				t.Errorf("%q: got %+v, want H20, then the key's error", content, got)
			}
		}
	})
	t.Run("an entry that is not an order keeps the rest", func(t *testing.T) {
		for _, content := range []string{
			"[\n{\"product\":\"H20\",\"destination\":\"CN\"},\nnull, [1, {\"a\": 2}],\n{\"product\":\"L4\",\"destination\":\"DE\"}]",   // walked
			"[\n{\"product\":\"H20\",\"destination\":\"CN\"},\nnull, [1, {\"a\": 2}],\n{\"product\":\"L4\",\"destination\":\"DE\"}] x", // through the decoder
		} {
			got := read(t, "o.json", content, orders.Options{})
			var errs []string
			for _, l := range got {
				errs = append(errs, l.Err)
			}
			want := []string{"", "o.json:3: bad input: an order must be an object, not null", "o.json:3: bad input: an order must be an object, not an array", ""}
			if len(got) < 4 || got[3].Product != "L4" || cmp.Diff(want, errs[:4]) != "" {
				t.Errorf("%q: got %+v", content, got)
			}
		}
	})
	t.Run("true or false in an order's field is an error, not a name", func(t *testing.T) {
		for _, tt := range []struct{ file, content string }{
			{"o.json", "[\n{\"product\":\"H20\",\"destination\":\"DE\",\"end_user\":false,\"flag\":true},\n{\"product\":\"L4\",\"destination\":\"DE\",\"end_user\":\"Acme\",\"flag\":true}]"},   // walked
			{"o.json", "[\n{\"product\":\"H20\",\"destination\":\"DE\",\"end_user\":false,\"flag\":true},\n{\"product\":\"L4\",\"destination\":\"DE\",\"end_user\":\"Acme\",\"flag\":true}] x"}, // through the decoder
			{"o.jsonl", "{\"product\":\"H20\",\"destination\":\"DE\",\"end_user\":false,\"flag\":true}\n{\"product\":\"L4\",\"destination\":\"DE\",\"end_user\":\"Acme\",\"flag\":true}\n"},
			// YAML: an unquoted false is a boolean; a quoted one would be text.
			{"o.yaml", "- product: H20\n  destination: DE\n  end_user: false\n  flag: true\n- product: L4\n  destination: DE\n  end_user: Acme\n  flag: true\n"},
		} {
			got := read(t, tt.file, tt.content, orders.Options{})
			want := tt.file + `:1: bad input: key "end_user": want text or a number, not false`
			switch tt.file {
			case "o.json":
				want = "o.json:2: bad input: key \"end_user\": want text or a number, not false"
			case "o.yaml":
				want = "o.yaml:3: bad input: key \"end_user\": want text or a number, not false (quote it if it is a name: \"false\")"
			}
			if len(got) < 2 || got[0].Err != want || got[1].EndUser != "Acme" || cmp.Diff([]checker.Field{{Name: "flag", Value: "true"}}, got[1].Extra) != "" {
				t.Errorf("%s %q: got %+v, want %s, then Acme with its extra column", tt.file, tt.content, got, want)
			}
		}
	})
	t.Run("jsonl bad line keeps the rest", func(t *testing.T) {
		got := read(t, "o.jsonl", "{\"product\":\"H20\",\"destination\":\"CN\"}\n{oops\n{\"product\":\"L4\",\"destination\":\"DE\"}\n", orders.Options{})
		if len(got) != 3 || got[1].Err == "" || !strings.HasPrefix(got[1].Err, "o.jsonl:2: bad input") || got[2].Product != "L4" {
			t.Errorf("got %+v", got)
		}
	})
}

func TestXLSX(t *testing.T) {
	f := excelize.NewFile()
	sheet := f.GetSheetName(0)
	rows := [][]any{
		{"id", "product", "destination", "end_user_hq", "date", "quantity"},
		{"SO-1", "H20", "CN", "CN", 45444.0, 8}, // 2024-06-01 as an Excel date serial, formatted as a date
		{"SO-2", "L40", "AE", "", "2024-06-02", 1, nil, "a note past the header"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // a date format
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStyle(sheet, "E2", "E2", dateStyle); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "o.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	want := []line{
		{2, "SO-1", "H20", "8", "CN", "", "CN", "2024-06-01", nil, ""},
		{3, "SO-2", "L40", "1", "AE", "", "", "2024-06-02", []checker.Field{{Name: "column 8", Value: "a note past the header"}}, ""},
	}
	if diff := cmp.Diff(want, collect(path, orders.Options{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	got := collect(path, orders.Options{Sheet: "Nope"})
	if len(got) != 1 || !strings.HasSuffix(got[0].Err, `no sheet "Nope" (sheets: `+sheet+`)`) {
		t.Errorf("missing sheet: %+v", got)
	}

	// A second sheet (here first, and hidden): which one holds the orders
	// is not guessed.
	if _, err := f.NewSheet("Old"); err != nil {
		t.Fatal(err)
	}
	f.MoveSheet("Old", sheet)
	f.SetSheetVisible("Old", false)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	got = collect(path, orders.Options{})
	if want := "o.xlsx: bad input: the workbook has 2 sheets (Old (hidden), " + sheet + "): name the one with the orders with --sheet"; len(got) != 1 || !strings.HasSuffix(got[0].Err, want) {
		t.Errorf("two sheets: %+v, want %s", got, want)
	}
	if diff := cmp.Diff(want, collect(path, orders.Options{Sheet: sheet})); diff != "" {
		t.Errorf("--sheet %s (-want +got):\n%s", sheet, diff)
	}

	// A header without the columns needed: said once, as in a CSV.
	if err := f.SetCellValue(sheet, "B1", "item"); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	got = collect(path, orders.Options{Sheet: sheet})
	if want := notRead + "o.xlsx:1: bad input: header needs at least product and destination columns"; len(got) != 1 || !strings.HasPrefix(got[0].Err, want) {
		t.Errorf("a header without product: %+v, want %s", got, want)
	}
}

func TestStdinAndDetect(t *testing.T) {
	var got []string
	for o, err := range orders.Read("-", orders.Options{Stdin: strings.NewReader("product,destination,date\nH20,CN,2024-06-01\n")}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, o.File+":"+o.Product)
	}
	if diff := cmp.Diff([]string{"-:H20"}, got); diff != "" {
		t.Error(diff)
	}
	for name, want := range map[string]string{
		"orders.pdf": "orders.pdf: cannot tell the format from the name; use --input-format (known: " + strings.Join(orders.Formats, ", ") + ")",
		// Another workbook format says what to save it as.
		"Orders.XLS": "Orders.XLS: a .xls workbook, which exportcheck does not read: save it as .xlsx (Excel Workbook) or .csv (an XLSX file under another name: --input-format xlsx)",
	} {
		if _, err := orders.Detect(name); err == nil || err.Error() != want {
			t.Errorf("Detect(%s): %v, want %s", name, err, want)
		}
	}
}

// TestConsigneeColumn: the consignee, under any of its names, is the
// order's own field (a licence naming a consignee reads it), not an extra
// column.
func TestConsigneeColumn(t *testing.T) {
	for _, header := range []string{"consignee", "ship-to name", "Consignee Name"} {
		t.Run(header, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "o.csv")
			if err := os.WriteFile(path, []byte("product,destination,end_user,"+header+",po\nH100,AE,Falcon LLC,Gulf Freight FZE,PO-1\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			var got []checker.Order
			for o, err := range orders.Read(path, orders.Options{}) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, checker.Order{Consignee: o.Consignee, EndUser: o.EndUser, Extra: o.Extra})
			}
			want := []checker.Order{{Consignee: "Gulf Freight FZE", EndUser: "Falcon LLC", Extra: []checker.Field{{Name: "po", Value: "PO-1"}}}}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	// "Ship To" often holds an address, not a party: it is carried
	// through, and never compared with a licence's consignee.
	path := filepath.Join(t.TempDir(), "o.csv")
	if err := os.WriteFile(path, []byte("product,destination,end_user,Ship To\nH100,AE,Falcon LLC,12 Harbour Rd\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for o, err := range orders.Read(path, orders.Options{}) {
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]checker.Field{{Name: "Ship To", Value: "12 Harbour Rd"}}, o.Extra); o.Consignee != "" || diff != "" {
			t.Errorf("a Ship To column: consignee %q, extra (-want +got):\n%s", o.Consignee, diff)
		}
	}
}
