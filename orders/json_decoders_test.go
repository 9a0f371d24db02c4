package orders

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
)

// decodeTokens is the token-by-token decoder decodeObject replaced: the
// reference it is compared with.
func decodeTokens(dec *json.Decoder, obj *object, lineAt func(int64) int) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('{') {
		if tok == json.Delim('[') { // the rest of the list, read past
			for depth := 1; depth > 0; {
				t, err := dec.Token()
				if err != nil {
					return err
				}
				switch t {
				case json.Delim('['), json.Delim('{'):
					depth++
				case json.Delim(']'), json.Delim('}'):
					depth--
				}
			}
		}
		return &notObject{describeToken(tok)}
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return err
		}
		name, _ := k.(string)
		line := lineAt(dec.InputOffset())
		var v any
		if err := dec.Decode(&v); err != nil {
			return err
		}
		switch v.(type) {
		case map[string]any, []any:
			raw, _ := json.Marshal(v)
			obj.add(name, line, string(raw), false)
		default:
			obj.add(name, line, scalar(v), true)
		}
	}
	_, err = dec.Token() // '}'
	return err
}

// FuzzJSONDecoders: the object decoder reads every book as the
// token-by-token decoder it replaced did: the same orders, and the same
// errors on the same lines — except that the line of a JSON syntax error
// (the book stops there) may be the one before or after.
func FuzzJSONDecoders(f *testing.F) {
	for _, s := range []string{
		"[\n{\"id\":\"1\",\"product\":\"H20\",\"quantity\":8,\"destination\":\"CN\",\"date\":\"2024-06-01\"},\n{\"id\":2,\"product\":\"L40\",\"destination\":\"AE\",\"note\":{\"a\":[1, 2.50, 1e30]}}\n]",
		"{\"meta\": 1, \"orders\": [{\"product\":\"H20\",\"country\":\"CN\",\"destination\":\"US\"}]}",
		"[{\"product\":\" H\\u0032\\u0030 \",\"destination\":\"CN\",\"end_user\":\"a\\\"b\\\\c\",\"quantity\":null,\"x\":true}]",
		"[{\"product\":\"H20\"} , 3, null, \"x\", [1]]",
		"[ {\n  \"product\" :\n \"H20\" ,\n \"destination\": \"CN\"\n}\n]",
		"[{\"product\":\"H20\",\"product\":\"H100\",\"destination\":\"CN\",\"end_user\":\"Soci\xe9t\xe9\"}]",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		read := func(dec func(*json.Decoder, *object, func(int64) int) error) []string {
			defer func(d func(*json.Decoder, *object, func(int64) int) error, fast bool) {
				decodeOrder, fastJSON = d, fast
			}(decodeOrder, fastJSON)
			decodeOrder, fastJSON = dec, false // through the decoder, whatever the book
			var out []string
			last := ""
			for o, err := range Read("-", Options{Format: "json", Stdin: bytes.NewReader(data)}) {
				if last != "" {
					out = append(out, last)
				}
				if err != nil {
					line := -1
					var ie *checker.InputError
					if errors.As(err, &ie) {
						line = ie.Line
					}
					last = fmt.Sprintf("error at line %d: %v", line, err)
					continue
				}
				last = fmt.Sprintf("%+v", o)
			}
			// The book's last entry: a syntax error ends the book, and its
			// line and wording may differ.
			if strings.HasPrefix(last, "error at line") {
				last = "the book ends with an error"
			}
			if last != "" {
				out = append(out, last)
			}
			return out
		}
		if diff := cmp.Diff(read(decodeTokens), read(decodeObject)); diff != "" {
			t.Errorf("the decoders read %q differently (-tokens +object):\n%s", data, diff)
		}
	})
}

// FuzzObject: one order read with Object is the order Read reads from a
// book holding it alone, [data]: the same order, or an error for both.
func FuzzObject(f *testing.F) {
	for _, s := range []string{
		"{\"id\":\"1\",\"product\":\"H20\",\"quantity\":8,\"destination\":\"CN\",\"date\":\"2024-06-01\"}",
		" {\n  \"product\" :\n \"H20\" ,\n \"destination\": \"CN\", \"note\": {\"a\": [1, 2.50]}\n}\n",
		"{\"product\":\" H\\u0032\\u0030 \",\"destination\":\"CN\",\"end_user\":\"a\\\"b\\\\c\",\"quantity\":null,\"x\":true}",
		"{\"product\":\"H20\",\"product\":\"H100\",\"end_user\":\"Soci\xe9t\xe9\"}",
		"{\"product\":\"H20\"", "[1]", "3", "{} {}", "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, gotErr := Object("-", data)
		if json.Valid(data) {
			v, vErr := ValidObject("-", data)
			if d := cmp.Diff(got, v); d != "" || fmt.Sprint(gotErr) != fmt.Sprint(vErr) {
				t.Fatalf("ValidObject differs from Object: %v vs %v\n%s", vErr, gotErr, d)
			}
		}
		var want checker.Order
		var wantErr error
		n := 0
		for o, err := range Read("-", Options{Format: "json", Stdin: bytes.NewReader(append(append([]byte("["), data...), ']'))}) {
			if n++; n == 1 {
				want, wantErr = o, err
			}
		}
		if n != 1 && wantErr == nil {
			wantErr = fmt.Errorf("%d orders", n)
		}
		if (gotErr == nil) != (wantErr == nil) {
			t.Fatalf("Object: %v; Read of [data]: %v", gotErr, wantErr)
		}
		if gotErr == nil {
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Object differs from Read of [data] (-Read +Object):\n%s", diff)
			}
			return
		}
		var ie *checker.InputError
		if !errors.As(gotErr, &ie) || ie.File != "-" || ie.Line < 1 {
			t.Errorf("Object's error %v is not an *InputError naming a line", gotErr)
		}
	})
}

// FuzzJSONFast: a book walked over its bytes (valid JSON) reads exactly as
// through the decoder: the same orders, and the same errors on the same
// lines.
func FuzzJSONFast(f *testing.F) {
	for _, s := range []string{
		"[\n{\"id\":\"1\",\"product\":\"H20\",\"quantity\":8,\"destination\":\"CN\",\"date\":\"2024-06-01\"},\n{\"id\":2,\"product\":\"L40\",\"destination\":\"AE\",\"note\":{\"a\":[1, 2.50, 1e30]}}\n]",
		"{\"meta\": {\"orders\": 1}, \"orders\": [{\"product\":\"H20\",\"country\":\"CN\",\"destination\":\"US\"}], \"more\": []}",
		"{\"meta\": 1}", "{\"\\u006frders\": [{\"product\": \"H20\"}]}", "{\"orders\": 3}", "[]", "\"x\"",
		"[{\"product\":\" H\\u0032\\u0030 \",\"destination\":\"CN\",\"end_user\":\"a\\\"b\\\\c\",\"quantity\":null,\"x\":true}]",
		"[{\"product\":\"H20\"} , 3, null, \"x\", [1]]",
		"[ {\n  \"product\" :\n \"H20\" ,\n \"destination\": \"CN\"\n}\n]",
		"[{\"product\":\"H20\",\"product\":\"H100\",\"destination\":\"CN\",\"end_user\":\"Soci\xe9t\xe9\"},\n{\"product\":\"L4\"}]",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		read := func(fast bool) []string {
			defer func(v bool) { fastJSON = v }(fastJSON)
			fastJSON = fast
			var out []string
			for o, err := range Read("-", Options{Format: "json", Stdin: bytes.NewReader(data)}) {
				if err != nil {
					out = append(out, fmt.Sprintf("%+v: %v", o, err))
					continue
				}
				out = append(out, fmt.Sprintf("%+v", o))
			}
			return out
		}
		if diff := cmp.Diff(read(false), read(true)); diff != "" {
			t.Errorf("%q reads differently walked (-decoder +walked):\n%s", data, diff)
		}
	})
}
