package orders_test

import (
	"bytes"
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/orders"
)

// The fuzz targets feed each reader arbitrary input. A reader must never
// panic, and every order it yields is either an error (a
// *checker.InputError wrapping checker.ErrBadInput, with the file) or has
// fields of valid UTF-8, so no unread byte reaches screening as U+FFFD's
// cousin. Run one briefly:
//
//	go test -run '^$' -fuzz '^FuzzCSV$' -fuzztime 10s ./orders/
//
// FuzzXLSX needs -fuzzminimizetime 1x: excelize's coverage differs from run
// to run, so without it the fuzzer spends its time minimizing.

func fuzzRead(t *testing.T, data []byte, opts orders.Options) {
	opts.Stdin = bytes.NewReader(data)
	n := 0
	for o, err := range orders.Read("-", opts) {
		if n++; n > len(data)+1 {
			t.Fatalf("more orders (%d) than bytes of input (%d)", n, len(data))
		}
		if err != nil {
			var ie *checker.InputError
			if !errors.As(err, &ie) || ie.File != "-" {
				t.Fatalf("error %v (%T) is not an InputError for the file", err, err)
			}
			if !errors.Is(err, checker.ErrBadInput) {
				t.Fatalf("error %v does not wrap ErrBadInput", err)
			}
			continue
		}
		for _, v := range []string{o.ID, o.Product, o.Quantity, o.Destination, o.EndUser, o.EndUserHQ, o.Date} {
			if !utf8.ValidString(v) {
				t.Fatalf("order %+v: field %q is not UTF-8", o, v)
			}
		}
		for _, f := range o.Extra {
			if !utf8.ValidString(f.Name) || !utf8.ValidString(f.Value) {
				t.Fatalf("order %+v: extra field %q=%q is not UTF-8", o, f.Name, f.Value)
			}
		}
		if o.Line < 1 {
			t.Fatalf("order %+v without a line", o)
		}
	}
}

func FuzzCSV(f *testing.F) {
	for _, s := range []string{
		"id,product,quantity,destination,end_user,end_user_hq,date\nSO-1,H20,8,CN,\"Acme, Inc.\",CN,2024-06-01\n",
		"\ufeffProduct;Destination;End User\r\nH20;CN;X\r\n",
		"product\tdestination\nH20\tCN\n",
		"product,destination,date\rH20,CN,2024-06-01\r",
		"product,destination,note\nH20,CN,\"a\nb\"\nL40,AE,\"x\"\"y\"\n",
		"product,destination\n\"H20,CN\nH20\",CN\n",
		"product,destination,end_user\nH20,CN,Soci\xe9t\xe9\n",
		"product,destination,end_usr\nH20,CN,X\n",
		"product,destination\nH\"20,CN\n\"H20\"x,CN\n",
	} {
		f.Add([]byte(s), false, uint8(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, multiline bool, enc uint8) {
		encodings := []string{"", "windows-1252", "latin1"}
		fuzzRead(t, data, orders.Options{Format: "csv", MultilineFields: multiline, Encoding: encodings[int(enc)%len(encodings)]})
	})
}

func FuzzJSON(f *testing.F) {
	for _, s := range []string{
		"[\n{\"id\":\"1\",\"product\":\"H20\",\"quantity\":8,\"destination\":\"CN\",\"date\":\"2024-06-01\"},\n{\"id\":2,\"product\":\"L40\",\"destination\":\"AE\",\"note\":{\"a\":[1]}}\n]",
		"{\"meta\": 1, \"orders\": [{\"product\":\"H20\",\"country\":\"CN\",\"destination\":\"US\"}]}",
		"[{\"product\":\"H20\",\"product\":\"H100\",\"destination\":\"CN\",\"end_user\":\"Soci\xe9t\xe9\"}]",
		"[{\"product\":\"\\ud800\",\"destination\":\"CN\"}, 3, null]",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, orders.Options{Format: "json"}) })
}

func FuzzJSONL(f *testing.F) {
	for _, s := range []string{
		"{\"id\":\"1\",\"product\":\"H20\",\"quantity\":8,\"destination\":\"CN\"}\n\n{\"product\":\"L40\",\"destination\":\"AE\"}\n",
		"{\"product\":\"H20\",\"destination\":\"CN\",\"destination\":\"US\"}\n{oops\n",
		"{\"product\":\"H20\",\"destination\":\"CN\"} {\"product\":\"L40\"}\n{\"end_user\":\"Soci\xe9t\xe9\"}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, orders.Options{Format: "jsonl"}) })
}

func FuzzYAML(f *testing.F) {
	for _, s := range []string{
		"orders:\n- {id: \"1\", product: H20, quantity: 8, destination: CN, date: 2024-06-01}\n- {id: 007, product: L40, destination: AE, end_user: ~}\n",
		"base: &b {destination: CN}\norders:\n- {<<: *b, product: H20}\n- {<<: [*b, *b], product: [a, b]}\n",
		"- product: H20\n  country: CN\n  destination: US\n- product: H20\n  end_user: Soci\xe9t\xe9\n",
		"- &a [*a]\n- !!binary aGVsbG8=\n- \"end\\u200b_user\": x\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, orders.Options{Format: "yaml"}) })
}

func FuzzXLSX(f *testing.F) {
	x := excelize.NewFile()
	sheet := x.GetSheetName(0)
	for i, r := range [][]any{{"product", "destination", "date"}, {"H20", "CN", 45444.0}, {"L40", "AE", true}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		x.SetSheetRow(sheet, cell, &r)
	}
	buf, err := x.WriteToBuffer()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04not a zip"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, orders.Options{Format: "xlsx"}) })
}

// FuzzXLSXSheet reads a sheet's XML as the workbook's one sheet: the
// one-pass sheet reader, which FuzzXLSX's compressed input rarely reaches.
func FuzzXLSXSheet(f *testing.F) {
	for _, s := range []string{
		`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>date</t></is></c></row>` +
			`<row r="2"><c r="A2" t="s"><v>5</v></c><c r="B2" t="str"><f>"C"&amp;"N"</f><v>CN</v></c><c r="C2" s="0"><v>45444</v></c></row></sheetData><mergeCells><mergeCell ref="A2:A3"/></mergeCells></worksheet>`,
		`<?xml version="1.0"?><x:worksheet><x:sheetData><!-- c --><x:row><x:c t="inlineStr"><x:is><x:r><x:t><![CDATA[pro]]></x:t></x:r><x:r><x:t>duct</x:t></x:r></x:is></x:c><x:c t="b"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sheet string) {
		fuzzRead(t, rawBook(t, sheet, rawShared), orders.Options{Format: "xlsx"})
	})
}
