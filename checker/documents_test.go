package checker_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/policies"
)

// TestConditionDocumentWords: the words that say a document is not held
// are the policy's (authorization.not_held, number_labels), not the
// checker's: a policy that has "draft" in place of "awaiting" is followed.
func TestConditionDocumentWords(t *testing.T) {
	rego, err := fs.ReadFile(policies.FS, "exportcheck/authorization/authorization.rego")
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(rego), `"awaiting", `, `"draft", `, 1)
	if changed == string(rego) {
		t.Fatal(`authorization.rego no longer lists "awaiting" in not_held`)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "exportcheck/authorization"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "exportcheck/authorization/authorization.rego"), []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	licence := strings.Replace(licence100, "quantity_limits:", "flags: [requires_end_use_certificate]\nquantity_limits:", 1)
	values := []string{"awaiting", "draft EUC", "EUC No. 42", "no"}
	var orders []checker.Order
	for i, v := range values {
		orders = append(orders, checker.Order{ID: fmt.Sprint(i), Product: "nvidia-h100-sxm5", Quantity: "1", Destination: "AE",
			EndUser: "Falcon Compute Data Center LLC", EndUserHQ: "AE", Date: "2026-03-02",
			Extra: []checker.Field{{Name: "end_use_certificate", Value: v}}})
	}
	results := sameUnderEveryCache(t, orders, func(o *checker.Options) {
		o.PolicyDirs = []string{dir}
		o.Records = testRecords(t, licence)
		o.Horizon = 10 * 365 * 24 * 3600e9
	})
	var got []string
	for _, r := range results {
		got = append(got, r.Decision.String())
	}
	if d := cmp.Diff([]string{"licensed", "license_required", "licensed", "license_required"}, got); d != "" {
		t.Errorf("decisions for %q (-want +got):\n%s", values, d)
	}
}

// TestConditionDocumentWordsRefused: a policy that names documents but
// not the words saying one is not held, or writes a word the checker
// could never read (upper case, punctuation, two words), is refused: any
// value would otherwise name the document.
func TestConditionDocumentWordsRefused(t *testing.T) {
	rego, err := fs.ReadFile(policies.FS, "exportcheck/authorization/authorization.rego")
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(rego), "not_held := {")
	end := strings.Index(string(rego)[start:], "}\n")
	if start < 0 || end < 0 {
		t.Fatal("authorization.rego no longer defines not_held := {...}")
	}
	tests := map[string]struct {
		policy string
		want   string
	}{
		"no not_held":         {string(rego)[:start] + string(rego)[start+end+2:], "no words that say one is not held"},
		"a word with a slash": {strings.Replace(string(rego), `"pending", `, `"N/A", `, 1), `not "N/A"`},
		"two words":           {strings.Replace(string(rego), `"pending", `, `"not received", `, 1), `not "not received"`},
		"a hyphenated word":   {strings.Replace(string(rego), `"pending", `, `"to-follow", `, 1), `not "to-follow"`},
		"an empty word":       {strings.Replace(string(rego), `"pending", `, `"", `, 1), `not ""`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.MkdirAll(filepath.Join(dir, "exportcheck/authorization"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "exportcheck/authorization/authorization.rego"), []byte(tt.policy), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := checker.New(t.Context(), checker.Options{PolicyDirs: []string{dir}, Records: testRecords(t, licence100)})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("checker.New: %v, want an error saying %q", err, tt.want)
			}
		})
	}
}
