package checker

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestJSONDiff(t *testing.T) {
	for _, tc := range []struct {
		name, left, right string
		want              []string
	}{
		{"equal", `{"a": [1, {"b": "x"}]}`, `{"a": [1, {"b": "x"}]}`, nil},
		{"scalar", `{"decision": "allow", "n": 3}`, `{"decision": "review", "n": 3}`,
			[]string{"decision", `  left:  "allow"`, `  right: "review"`}},
		{"keys on one side", `{"a": 1, "odd key": true}`, `{"a": 1, "b": null}`,
			[]string{`b: on the right only: null`, `["odd key"]: on the left only: true`}},
		// A reason missing in the middle is one place, not every reason after it.
		{"missing in the middle", `{"reasons": ["a", "b", "c", "d"]}`, `{"reasons": ["a", "c", "d"]}`,
			[]string{`reasons[1]: on the left only: "b"`}},
		{"inserted", `["a", "c"]`, `["a", "b", "c"]`, []string{`[1]: on the right only: "b"`}},
		// What is left between equal elements is compared in pairs.
		{"changed in place", `[{"rule": "r", "message": "m < 1"}, "z"]`, `[{"rule": "r", "message": "m ≥ 1"}, "z"]`,
			[]string{"[0].message", `  left:  "m < 1"`, `  right: "m ≥ 1"`}},
		{"changed after an insertion", `["a", {"k": "x", "m": 1}, "z"]`, `["a", "new", "b2", {"k": "x", "m": 2}, "z"]`,
			[]string{"[1] (right [3]).m", "  left:  1", "  right: 2", `[1]: on the right only: "new"`, `[2]: on the right only: "b2"`}},
		// Reasons are paired by their members alike (the same rule).
		{"paired by likeness", `[{"rule": "a", "message": "1"}, {"rule": "b", "message": "2"}]`, `[{"rule": "b", "message": "2!"}, {"rule": "c", "message": "3"}]`,
			[]string{`[0]: on the left only: {"message":"1","rule":"a"}`, "[1] (right [0]).message", `  left:  "2"`, `  right: "2!"`, `[1]: on the right only: {"message":"3","rule":"c"}`}},
		{"the values themselves", `"a"`, `"b"`, []string{`left:  "a"`, `right: "b"`}},
		{"kinds differ", `{"a": [1]}`, `{"a": {"x": 1}}`, []string{"a", "  left:  [1]", `  right: {"x":1}`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var l, r any
			if err := json.Unmarshal([]byte(tc.left), &l); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(tc.right), &r); err != nil {
				t.Fatal(err)
			}
			got := jsonDiff(l, r)
			var lines []string
			if got != "" {
				lines = strings.Split(got, "\n")
			}
			if diff := cmp.Diff(tc.want, lines); diff != "" {
				t.Errorf("jsonDiff (-want +got):\n%s", diff)
			}
		})
	}
}
