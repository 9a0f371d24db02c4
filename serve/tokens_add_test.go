package serve

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAddToken: serve token --tokens adds the entry where serve will read
// it, keeps the rest of the file as written where it can, and refuses a
// name already there and a file serve would not read.
func TestAddToken(t *testing.T) {
	const h = "7afd1ec157fc376ecd496027953cd628239aee4733f806a14fe16588fd839a14"
	bob := Token{Name: "bob", SHA256: strings.Repeat("ab", 32), Roles: []string{RoleCheck, RoleReview}}
	entry := "- name: bob\n  sha256: " + bob.SHA256 + "\n  roles:\n    - check\n    - review\n"
	indented := "  " + strings.ReplaceAll(strings.TrimSuffix(entry, "\n"), "\n", "\n  ") + "\n"
	tests := []struct {
		name, in, want, err string
	}{
		{name: "new file", in: "", want: "tokens:\n" + indented},
		{name: "comments only", in: "# the team's tokens\n", want: "# the team's tokens\ntokens:\n" + indented},
		{
			name: "appended, comments and flow kept",
			in:   "# ours\ntokens:\n  - name: erp # the ERP\n    sha256: " + h + "\n    roles: [check]\n",
			want: "# ours\ntokens:\n  - name: erp # the ERP\n    sha256: " + h + "\n    roles: [check]\n" + indented,
		},
		{
			name: "at the list's own indentation, after a last comment",
			in:   "tokens:\n- name: erp\n  sha256: " + h + "\n  roles: [check]\n# end",
			want: "tokens:\n- name: erp\n  sha256: " + h + "\n  roles: [check]\n# end\n" + entry,
		},
		{name: "an empty list", in: "tokens: []\n", want: "tokens:\n" + indented},
		{name: "an empty key", in: "tokens:\n", want: "tokens:\n" + indented},
		{
			name: "the name is there, in another case",
			in:   "tokens:\n  - name: BOB\n    sha256: " + h + "\n    roles: [check]\n",
			err:  "tokens.yaml:2: a token of that name is there already (names are compared in any case): give bob another name, or take that entry out first",
		},
		{
			name: "a file serve refuses",
			in:   "tokens:\n  - name: erp\n    sha256: " + h + "\n    roles: [chek]\n",
			err:  `tokens.yaml:2: token erp: unknown role "chek" (check, review, admin)`,
		},
		{
			name: "not a tokens file",
			in:   "- name: erp\n",
			err:  "tokens.yaml:1: a tokens file holds one key, tokens:, with a list of the entries exportcheck serve token prints",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := AddToken("tokens.yaml", []byte(tt.in), bob)
			var msg string
			if err != nil {
				msg = err.Error()
			}
			if diff := cmp.Diff(tt.err, msg); diff != "" {
				t.Fatalf("error (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("file (-want +got):\n%s", diff)
			}
			if err == nil {
				ts, _, err := parseTokens("tokens.yaml", got)
				if err != nil || ts.lookupHash(bob.SHA256) == nil {
					t.Errorf("serve does not read the new entry: %v", err)
				}
			}
		})
	}
}
