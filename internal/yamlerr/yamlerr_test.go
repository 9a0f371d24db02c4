package yamlerr

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// TestLocate: each kind of syntax error is placed on the line that holds
// the mistake, whatever line yaml.v3 reports it by.
func TestLocate(t *testing.T) {
	type got struct {
		Line int
		Msg  string
	}
	for _, tc := range []struct {
		name, src string
		want      got
	}{
		{"a list unclosed, lines after", "a: 1\nb: [unclosed\nc: 2\n", got{2, "did not find expected ',' or ']'"}},
		{"a mapping unclosed", "a: 1\nb: {x: 1\n", got{2, "did not find expected ',' or '}'"}},
		{"a list unclosed on the first line", "b: [unclosed\nc: 2\n", got{1, "did not find expected ',' or ']'"}},
		{"... lines after it", "b: [x\n\nc: 2\nd: 4\n", got{1, "did not find expected ',' or ']'"}},
		{"a mapping unclosed on the first line", "b: {x: 1\nc: 2\n", got{1, "did not find expected ',' or '}'"}},
		{"a list unclosed in a list", "- [a\n- b\n", got{1, "did not find expected ',' or ']'"}},
		{"a list unclosed after one closed over two lines", "a: [1,\n  2]\nb: [x\nc: 1\n", got{3, "did not find expected ',' or ']'"}},
		{"a list unclosed after blank lines", "a: 1\n\n\nb: [x\n\nc: 2\nd: 4\n", got{4, "did not find expected ',' or ']'"}},
		{"a list left open on the last line", "a: 1\nb: [x,\n", got{2, "did not find expected node content"}},
		{"... with blank lines after", "a: 1\nb: [x,\n\n\n", got{2, "did not find expected node content"}},
		{"... and no line break", "a: 1\nb: [", got{2, "did not find expected node content"}},
		{"a quote left open", "a: 1\nb: \"abc\nc: 2\n", got{2, "found unexpected end of stream"}},
		{"a control character", "a: 1\nb: 2\nc: x\x01y\n", got{3, "control characters are not allowed (U+0001)"}},
		{"an alias of no anchor", "a: 1\nb: *nowhere\n", got{2, "unknown anchor 'nowhere' referenced"}},
		{"a byte that is not UTF-8", "a: 1\nb: x\xffy\n", got{2, "invalid leading UTF-8 octet"}},
		{"a UTF-8 sequence cut short", "a: 1\nb: 2\nc: x\xe2\x80\n", got{3, "invalid trailing UTF-8 octet"}},
		{"a tab indenting", "a:\n\tb: 1\n", got{2, "found character that cannot start any token"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var n yaml.Node
			err := yaml.Unmarshal([]byte(tc.src), &n)
			if err == nil {
				t.Fatal("no error")
			}
			line, msg := Locate(err, []byte(tc.src))
			if diff := cmp.Diff(tc.want, got{line, msg}); diff != "" {
				t.Errorf("%v (-want +got):\n%s", err, diff)
			}
		})
	}
}
