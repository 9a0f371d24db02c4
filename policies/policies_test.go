package policies_test

import (
	"context"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/format"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/policies"
)

// coverageFloor is the line coverage of policies/ the Rego tests must reach.
const coverageFloor = 90.0

func modules(t *testing.T, tests bool) map[string]*ast.Module {
	t.Helper()
	out := map[string]*ast.Module{}
	err := fs.WalkDir(policies.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") {
			return err
		}
		if strings.HasSuffix(p, "_test.rego") != tests {
			return nil
		}
		src, err := fs.ReadFile(policies.FS, p)
		if err != nil {
			return err
		}
		m, err := ast.ParseModuleWithOpts(p, string(src), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return err
		}
		out[p] = m
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRegoUnitTests(t *testing.T) {
	b, err := checker.LoadBundle(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := checker.RunTests(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Results {
		if !r.Pass {
			t.Errorf("%s.%s (%s): %s", r.Package, r.Name, r.File, r.Error)
		}
	}
	if len(rep.Results) < 40 {
		t.Errorf("only %d Rego tests ran", len(rep.Results))
	}
	if rep.Coverage < coverageFloor {
		t.Errorf("policy line coverage %.1f%% < %.0f%%: %v", rep.Coverage, coverageFloor, rep.Files)
	}
	t.Logf("%d Rego tests, policy coverage %.1f%%", len(rep.Results), rep.Coverage)
}

// TestRuleIDsUnique: every public rule carries METADATA with a custom.id and
// a title, and no id is used twice (as trivy-checks' TestCheckIDsUnique).
func TestRuleIDsUnique(t *testing.T) {
	seen := map[string]string{}
	annotated := map[string]bool{}
	for name, m := range modules(t, false) {
		for _, a := range m.Annotations {
			if a.Scope == "package" {
				continue
			}
			where := name + ":" + a.Location.String()
			id, _ := a.Custom["id"].(string)
			if id == "" {
				t.Errorf("%s: METADATA without custom.id", where)
				continue
			}
			if a.Title == "" {
				t.Errorf("%s: %s has no title", where, id)
			}
			if prev, ok := seen[id]; ok {
				t.Errorf("rule id %q used twice: %s and %s", id, prev, where)
			}
			seen[id] = where
		}
		for _, r := range m.Rules {
			if len(r.Annotations) > 0 {
				annotated[r.Head.Ref().String()] = true
			}
		}
	}
	for name, m := range modules(t, false) {
		for _, r := range m.Rules {
			ref := r.Head.Ref()
			last := ref[len(ref)-1].String()
			if strings.HasPrefix(strings.Trim(last, `"`), "_") {
				continue
			}
			if !annotated[ref.String()] {
				t.Errorf("%s:%d: public rule %s has no METADATA", name, r.Location.Row, ref)
			}
		}
	}
}

// TestNoDateLiterals keeps every date in data: the checker's decision cache
// relies on the policies comparing dates only with dates from data.
func TestNoDateLiterals(t *testing.T) {
	date := regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)
	for name, m := range modules(t, false) {
		ast.WalkTerms(m, func(x *ast.Term) bool {
			if s, ok := x.Value.(ast.String); ok && date.MatchString(string(s)) {
				t.Errorf("%s:%d: date literal %q in a policy; put it in data", name, x.Location.Row, s)
			}
			return false
		})
	}
}

// TestFormatted: every Rego file is as `opa fmt` would write it.
func TestFormatted(t *testing.T) {
	var unformatted []string
	err := fs.WalkDir(policies.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") {
			return err
		}
		src, err := fs.ReadFile(policies.FS, p)
		if err != nil {
			return err
		}
		got, err := format.SourceWithOpts(p, src, format.Opts{RegoVersion: ast.RegoV1})
		if err != nil {
			return err
		}
		if string(got) != string(src) {
			unformatted = append(unformatted, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(unformatted)
	if diff := cmp.Diff([]string(nil), unformatted); diff != "" {
		t.Errorf("files not formatted as opa fmt would (-want +got):\n%s", diff)
	}
}
