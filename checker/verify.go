package checker

import (
	"context"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/cover"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// TestResult is the outcome of one Rego unit test.
type TestResult struct {
	Package string `json:"package"`
	Name    string `json:"name"`
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"` // of the test rule in File
	Pass    bool   `json:"pass"`
	Error   string `json:"error,omitempty"`
	// Duration is how long the test took (JUnit's time; not in JSON,
	// which stays the same from run to run).
	Duration time.Duration `json:"-"`
	// ChangedByPolicy: a built-in test that fails with the --policy
	// directories and passes with the embedded policies alone.
	ChangedByPolicy bool `json:"changed_by_policy,omitempty"`
	// Expected is the entry of a --policy directory's verify.yaml that
	// lists this change as one the company means to make: the run does not
	// fail for it. Nil for every other test.
	Expected *ExpectedChange `json:"expected_change,omitempty"`
}

// Excused reports whether the test fails as a change its company lists.
func (t TestResult) Excused() bool { return !t.Pass && t.Expected != nil }

// StaleExpectation is a listed expected change that is not one: the test
// passes with the company's policy, or fails without it too.
type StaleExpectation struct {
	ExpectedChange
	Why string `json:"why"`
}

// RemovedTest is a built-in Rego test that the --policy directories no
// longer run: one replaces the embedded test file that has it with one
// that does not have it, or has it otherwise (its body, its file's
// imports or helpers changed). It fails the run unless a verify.yaml lists
// it under expected_removals (Expected).
type RemovedTest struct {
	Package string `json:"package"`
	Name    string `json:"name"`
	File    string `json:"file"` // the embedded test file that has it
	Line    int    `json:"line,omitempty"`
	Why     string `json:"why"`
	// Expected is the verify.yaml entry that lists the removal, when it
	// excuses it (not while --policy replaces a built-in policy file).
	Expected *ExpectedChange `json:"expected_removal,omitempty"`
}

// TestReport is the outcome of a bundle's Rego unit tests.
type TestReport struct {
	Results  []TestResult       `json:"results"`
	Coverage float64            `json:"coverage"`      // percent of policy lines covered (tests excluded)
	Files    map[string]float64 `json:"file_coverage"` // per policy file
	// Stale are the listed expected changes that are not one; each fails the run.
	Stale []StaleExpectation `json:"stale_expectations,omitempty"`
	// Removed are the built-in tests the --policy directories no longer run.
	Removed []RemovedTest `json:"removed_by_policy,omitempty"`
	// Replaces are the embedded policy files (not tests) a --policy
	// directory replaces, other than an extension point (a package whose
	// METADATA says custom.extension_point): while there is one, no change
	// or removal is excused, as the built-in tests no longer test the
	// regulation as exportcheck has it.
	Replaces []string `json:"replaces_builtin,omitempty"`
}

// Failed counts the tests that did not pass, but for the changes their
// company lists (Excused), and the built-in tests removed that it does not
// list.
func (r *TestReport) Failed() int {
	n := 0
	for _, t := range r.Results {
		if !t.Pass && !t.Excused() {
			n++
		}
	}
	for _, t := range r.Removed {
		if t.Expected == nil {
			n++
		}
	}
	return n
}

// Excused counts the tests that fail as changes their company lists.
func (r *TestReport) Excused() int {
	n := 0
	for _, t := range r.Results {
		if t.Excused() {
			n++
		}
	}
	return n
}

// ExcusedRemovals counts the built-in tests removed as their company lists.
func (r *TestReport) ExcusedRemovals() int {
	n := 0
	for _, t := range r.Removed {
		if t.Expected != nil {
			n++
		}
	}
	return n
}

// RunTests runs the bundle's Rego unit tests (*_test.rego) against its data
// and measures line coverage of the policies.
func RunTests(ctx context.Context, b *Bundle) (*TestReport, error) {
	return RunTestsExpecting(ctx, b, nil)
}

// RunTestsExpecting is RunTests with the changes the --policy directories
// list (ReadExpectedChanges): a built-in test that passes with the
// embedded policies alone and fails with the company's is a change the
// company made (ChangedByPolicy), which fails the run unless listed
// (Expected); a listed test that is no such change is Stale; a listed name
// that is not a built-in test is an error.
func RunTestsExpecting(ctx context.Context, b *Bundle, expected []ExpectedChange) (*TestReport, error) {
	modules := map[string]*ast.Module{}
	all := map[string]string{}
	for k, v := range b.Modules {
		all[k] = v
	}
	for k, v := range b.Tests {
		all[k] = v
	}
	for _, name := range sortedKeys(all) {
		m, err := ast.ParseModuleWithOpts(name, all[name], ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return nil, err
		}
		modules[name] = m
	}
	if errs := unannotatedReasons(modules); len(errs) > 0 {
		for _, e := range errs { // a --policy file by its own path, as check names it
			if dir, ok := b.PolicyFrom[e.Location.File]; ok {
				loc := *e.Location
				loc.File = path.Join(dir, loc.File)
				e.Location = &loc
			}
		}
		return nil, errs
	}
	builtin, removed, err := builtinTests(b, modules)
	if err != nil {
		return nil, err
	}
	if err := builtinTestsNamed(builtin, removed, expected); err != nil {
		return nil, err
	}
	if _, err := compileBundle(b); err != nil { // what check refuses at start (company rules reading ctx keys the policy does not give)
		return nil, err
	}
	cov := cover.New()
	runner := tester.NewRunner().
		SetStore(inmem.NewFromObject(b.Data)).
		SetModules(modules).
		SetCoverageQueryTracer(cov).
		SetCompiler(ast.NewCompiler().WithStrict(true).WithEnablePrintStatements(true))
	ch, err := runner.RunTests(ctx, nil)
	if err != nil {
		return nil, err
	}
	rep := &TestReport{Files: map[string]float64{}}
	failed := map[string]int{} // test -> index in rep.Results
	for r := range ch {
		tr := TestResult{Package: r.Package, Name: r.Name, Pass: r.Pass(), Duration: r.Duration}
		if r.Location != nil {
			tr.File, tr.Line = r.Location.File, r.Location.Row
		}
		if r.Error != nil {
			tr.Error = r.Error.Error()
		} else if r.Fail {
			tr.Error = "test failed"
			failed[r.Package+"."+r.Name] = len(rep.Results)
		}
		rep.Results = append(rep.Results, tr)
	}
	if len(failed) > 0 {
		names := slices.Sorted(maps.Keys(failed))
		why, err := explainFailures(ctx, b, all, names)
		if err != nil {
			return nil, err
		}
		for name, text := range why {
			rep.Results[failed[name]].Error += ": " + text
		}
		changed, err := changedByPolicy(ctx, b, builtin, removed, failed)
		if err != nil {
			return nil, err
		}
		for _, name := range changed {
			rep.Results[failed[name]].ChangedByPolicy = true
		}
	}
	rep.Replaces = replacesBuiltin(b)
	listed := map[string]bool{}
	for _, e := range expected {
		listed[e.Test] = true
	}
	for _, name := range slices.Sorted(maps.Keys(removed)) {
		t := removed[name]
		for _, e := range expected {
			if e.Test == name && e.Removal && len(rep.Replaces) == 0 {
				t.Expected = &e
			}
		}
		t.Why += "\n" + removedText(b, t.Expected, listed[name], rep.Replaces)
		rep.Removed = append(rep.Removed, t)
	}
	for i := range rep.Results {
		r := &rep.Results[i]
		if !r.ChangedByPolicy {
			continue
		}
		name := r.Package + "." + r.Name
		for _, e := range expected {
			if e.Test == name && !e.Removal && len(rep.Replaces) == 0 {
				r.Expected = &e
			}
		}
		r.Error += "\n" + changedText(b, r.Expected, listed[name], rep.Replaces)
	}
	for _, e := range expected {
		if e.Removal {
			if _, ok := removed[e.Test]; !ok {
				rep.Stale = append(rep.Stale, StaleExpectation{e, "runs with your policy, as built in: your --policy no longer removes it; remove the entry"})
			}
			continue
		}
		for _, r := range rep.Results {
			if r.Package+"."+r.Name != e.Test {
				continue
			}
			switch {
			case r.Pass:
				rep.Stale = append(rep.Stale, StaleExpectation{e, "passes with your policy: your rules no longer change it; remove the entry"})
			case !r.ChangedByPolicy:
				rep.Stale = append(rep.Stale, StaleExpectation{e, "fails, but not as a change your rules make (it fails with the embedded policies alone too, or ends in an error): the entry does not excuse it"})
			}
		}
	}
	sort.Slice(rep.Results, func(i, j int) bool {
		a, b := rep.Results[i], rep.Results[j]
		return a.Package+"."+a.Name < b.Package+"."+b.Name
	})
	// Coverage of the policies only: the tests themselves are traced too.
	report := cov.Report(modules)
	var covered, notCovered int
	for f, fr := range report.Files {
		if _, ok := b.Modules[f]; !ok {
			continue
		}
		rep.Files[f] = fr.Coverage
		covered += fr.CoveredLines
		notCovered += fr.NotCoveredLines
	}
	if covered+notCovered > 0 {
		rep.Coverage = 100 * float64(covered) / float64(covered+notCovered)
	}
	if len(rep.Results) == 0 {
		return rep, fmt.Errorf("no Rego tests found")
	}
	return rep, nil
}

// explainFailures runs the failed tests again, traced, and says for each
// what failed: the expression of the test's body that was false, and for
// an equality (got == want) where its two sides differ ([jsonDiff]). Tracing costs time, so only failed tests are
// traced, once they are known.
func explainFailures(ctx context.Context, b *Bundle, sources map[string]string, names []string) (map[string]string, error) {
	modules := map[string]*ast.Module{}
	for name, src := range sources {
		m, err := ast.ParseModuleWithOpts(name, src, ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return nil, err
		}
		modules[name] = m
	}
	runner := tester.NewRunner().
		SetStore(inmem.NewFromObject(b.Data)).
		SetModules(modules).
		EnableTracing(true).
		Filter(nameFilter(names)).
		SetCompiler(ast.NewCompiler().WithStrict(true).WithEnablePrintStatements(true))
	ch, err := runner.RunTests(ctx, nil)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for r := range ch {
		if r.Fail {
			if text := explainFailure(r); text != "" {
				out[r.Package+"."+r.Name] = text
			}
		}
	}
	return out, nil
}

// explainFailure finds the last expression of the test's own body that
// failed and shows it with its values.
func explainFailure(r *tester.Result) string {
	var body uint64
	found := false
	var last *topdown.Event
	for _, e := range r.Trace {
		switch {
		case !found && e.Op == topdown.EnterOp:
			if rule, ok := e.Node.(*ast.Rule); ok && rule.Location != nil && r.Location != nil &&
				rule.Location.File == r.Location.File && rule.Location.Row == r.Location.Row {
				body, found = e.QueryID, true
			}
		case found && e.Op == topdown.FailOp && e.QueryID == body:
			if _, ok := e.Node.(*ast.Expr); ok && e.Location != nil {
				last = e
			}
		}
	}
	if last == nil {
		return ""
	}
	expr := last.Node.(*ast.Expr)
	where := fmt.Sprintf("%s:%d: %s", last.Location.File, last.Location.Row, firstLine(string(last.Location.Text)))
	if ops := expr.Operands(); len(ops) == 2 && (expr.IsEquality() || expr.Operator().Equal(ast.Equal.Ref())) {
		left, lok := groundValue(ops[0], last.Locals)
		right, rok := groundValue(ops[1], last.Locals)
		if lok && rok {
			diff := jsonDiff(left, right)
			if diff == "" { // equal as JSON: a number written two ways (1 and 1.0)
				diff = strings.TrimSpace(fmt.Sprintf("left:  %s\nright: %s", jsonText(left), jsonText(right)))
			}
			return where + " is false; where the two sides differ:\n  " + strings.ReplaceAll(diff, "\n", "\n  ")
		}
	}
	var buf strings.Builder
	if err := topdown.PrettyEvent(&buf, last, topdown.PrettyEventOpts{PrettyVars: true}); err != nil {
		return where + " is false"
	}
	return where + " is false:\n" + strings.TrimRight(buf.String(), "\n")
}

// groundValue is t with the event's local variables put in, as JSON.
func groundValue(t *ast.Term, locals *ast.ValueMap) (any, bool) {
	x, err := ast.TransformVars(t.Copy(), func(v ast.Var) (ast.Value, error) {
		if locals != nil {
			if val := locals.Get(v); val != nil {
				return val, nil
			}
		}
		return v, nil
	})
	if err != nil {
		return nil, false
	}
	var val ast.Value
	switch x := x.(type) {
	case *ast.Term:
		val = x.Value
	case ast.Value:
		val = x
	}
	if val == nil || !ast.NewTerm(val).IsGround() {
		return nil, false
	}
	v, err := ast.JSON(val)
	return v, err == nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return strings.TrimSpace(s[:i]) + " …"
	}
	return s
}

// changedByPolicy returns the failed built-in tests (run as built in: not
// removed) that pass with the embedded policies alone: a --policy module
// changes their result. A company rule that adds requirements changes the
// result of every built-in test that asserts a whole result it reaches.
func changedByPolicy(ctx context.Context, b *Bundle, tests map[string]builtinTest, removed map[string]RemovedTest, failed map[string]int) ([]string, error) {
	if len(b.PolicyFrom) == 0 {
		return nil, nil
	}
	var builtin []string
	for name := range failed {
		if _, gone := removed[name]; !gone && tests[name].file != "" {
			builtin = append(builtin, name)
		}
	}
	if len(builtin) == 0 {
		return nil, nil
	}
	// The embedded policies and tests: what --policy replaced put back,
	// what it added left out.
	embedded := map[string]string{}
	for p, src := range b.Modules {
		embedded[p] = src
	}
	for p, src := range b.Tests {
		embedded[p] = src
	}
	for p := range b.PolicyFrom {
		if src, ok := b.Replaced[p]; ok {
			embedded[p] = src
		} else {
			delete(embedded, p)
		}
	}
	modules := map[string]*ast.Module{}
	for name, src := range embedded {
		m, err := ast.ParseModuleWithOpts(name, src, ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return nil, err
		}
		modules[name] = m
	}
	slices.Sort(builtin)
	runner := tester.NewRunner().
		SetStore(inmem.NewFromObject(b.Data)).
		SetModules(modules).
		Filter(nameFilter(builtin)).
		SetCompiler(ast.NewCompiler().WithStrict(true).WithEnablePrintStatements(true))
	ch, err := runner.RunTests(ctx, nil)
	if err != nil {
		return nil, err
	}
	var changed []string
	for r := range ch {
		if r.Pass() {
			changed = append(changed, r.Package+"."+r.Name)
		}
	}
	slices.Sort(changed)
	return changed, nil
}

// changedText explains a built-in test that a --policy module changes:
// the change listed (e, nil when not excused), listed but not excused
// while --policy replaces built-in files, or not listed.
func changedText(b *Bundle, e *ExpectedChange, listed bool, replaces []string) string {
	var files []string
	for _, p := range slices.Sorted(maps.Keys(b.PolicyFrom)) {
		if _, ok := b.Modules[p]; ok {
			files = append(files, path.Join(b.PolicyFrom[p], p))
		}
	}
	head := "Changed by your policy: this built-in test passes with the embedded policies; the result differs because of " +
		strings.Join(files, ", ") + " (--policy)."
	switch {
	case e != nil:
		return head + " An expected change (" + e.Where() + "): " + e.Reason
	case len(replaces) > 0:
		why := " listed as an expected change, but"
		if !listed {
			why = ""
		}
		return head + " It fails the run:" + why + " --policy replaces the built-in " + strings.Join(replaces, ", ") +
			", so the built-in tests no longer test the policy exportcheck has, and no change of theirs is excused" +
			" (company rules go in the extension point, exportcheck/company/company.rego)."
	}
	return head + " It fails the run: a company rule that adds requirements changes the built-in tests that assert" +
		" a whole result it reaches; if the difference above is the one your rules mean to make, list the test in " +
		expectedFile(b) + " under expected_changes, with a reason."
}

// replacesBuiltin lists the embedded policy files the --policy
// directories replace, other than an extension point: a package whose
// METADATA says custom.extension_point (the policy says which; Go keeps no
// list). A replaced test file is not one: the built-in tests it no longer
// runs are each a removal (builtinTests).
func replacesBuiltin(b *Bundle) []string {
	var out []string
	for _, p := range slices.Sorted(maps.Keys(b.Replaced)) {
		if _, test := b.Tests[p]; test {
			continue
		}
		m, err := ast.ParseModuleWithOpts(p, b.Replaced[p], ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err == nil && extensionPoint(m) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// extensionPoint reports whether a module's package METADATA marks it as
// one a company replaces (custom.extension_point: true).
func extensionPoint(m *ast.Module) bool {
	for _, a := range m.Annotations {
		if a.Scope == "package" && a.Custom["extension_point"] == true {
			return true
		}
	}
	return false
}

// builtinTest is where a built-in Rego test is: the embedded test file
// and the line of its rule.
type builtinTest struct {
	file string
	line int
}

// builtinTests finds the built-in Rego tests (of the embedded *_test.rego
// files) and those of them the --policy directories no longer run. A
// built-in test runs, as built in, when its file is not replaced, or the
// replacement keeps it: the same package, imports and helpers (the
// file's rules that are not tests, as far as the embedded file has them)
// and the test's rules written the same. A --policy file that defines a
// rule of a built-in test file that still runs (a test of the same name,
// or a helper) is an error with its file and line: it would change the
// built-in test (OPA runs a test defined twice under numbered names).
func builtinTests(b *Bundle, modules map[string]*ast.Module) (map[string]builtinTest, map[string]RemovedTest, error) {
	tests := map[string]builtinTest{}
	removed := map[string]RemovedTest{}
	kept := map[string]string{} // package.rule of a built-in test file whose tests run -> its file
	for _, p := range slices.Sorted(maps.Keys(b.Tests)) {
		m := modules[p]
		dir, replaced := b.PolicyFrom[p]
		if replaced {
			src, ok := b.Replaced[p]
			if !ok {
				continue // the company's own test file
			}
			var err error
			if m, err = ast.ParseModuleWithOpts(p, src, ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1}); err != nil {
				return nil, nil, err
			}
		}
		defs := ruleTexts(m)
		var mine map[string][]string
		differs := "" // why every test of the file is removed
		if replaced {
			c := modules[p]
			mine = ruleTexts(c)
			switch {
			case !c.Package.Path.Equal(m.Package.Path):
				differs = fmt.Sprintf("its package is %s", strings.TrimPrefix(c.Package.Path.String(), "data."))
			case importTexts(c) != importTexts(m):
				differs = "its imports differ"
			default:
				for _, r := range slices.Sorted(maps.Keys(defs)) {
					if !strings.HasPrefix(r, "test_") && !slices.Equal(defs[r], mine[r]) {
						differs = fmt.Sprintf("its helper %s differs there", r)
						if mine[r] == nil {
							differs = fmt.Sprintf("it does not have the helper %s", r)
						}
						break
					}
				}
			}
		}
		pkg := m.Package.Path.String()
		for _, r := range m.Rules {
			name := r.Head.Ref().GroundPrefix().String()
			if !strings.HasPrefix(name, "test_") {
				continue
			}
			full := pkg + "." + name
			if _, ok := tests[full]; ok {
				continue // a test of two definitions: one test
			}
			tests[full] = builtinTest{file: p, line: r.Location.Row}
			if !replaced {
				continue
			}
			why := ""
			switch {
			case mine[name] == nil:
				why = "it does not have the test"
			case !slices.Equal(defs[name], mine[name]):
				why = "its test of that name is written otherwise"
			case differs != "":
				why = differs + " (the file's tests may use it)"
			}
			if why != "" {
				removed[full] = RemovedTest{Package: pkg, Name: name, File: p, Line: r.Location.Row,
					Why: fmt.Sprintf("Removed by your policy: %s replaces the built-in %s, and %s; the built-in test is not run.", path.Join(dir, p), p, why)}
			}
		}
		if differs == "" {
			for r := range defs {
				if _, gone := removed[pkg+"."+r]; !gone {
					kept[pkg+"."+r] = p
				}
			}
		}
	}
	for _, p := range slices.Sorted(maps.Keys(b.PolicyFrom)) {
		m := modules[p]
		for _, r := range m.Rules {
			name := m.Package.Path.String() + "." + r.Head.Ref().GroundPrefix().String()
			if f, ok := kept[name]; ok && f != p {
				what := "a helper of its tests"
				if t, ok := tests[name]; ok {
					what = fmt.Sprintf("a built-in test, at %s:%d", t.file, t.line)
				}
				return nil, nil, fmt.Errorf("%s:%d: %s is %s: a --policy file that defines it too changes the built-in test (two tests of one name both run, under numbered names); name yours otherwise",
					path.Join(b.PolicyFrom[p], p), r.Location.Row, name, what)
			}
		}
	}
	return tests, removed, nil
}

// ruleTexts is each rule of a module, by the name it defines, as written
// (without comments and layout).
func ruleTexts(m *ast.Module) map[string][]string {
	out := map[string][]string{}
	for _, r := range m.Rules {
		name := r.Head.Ref().GroundPrefix().String()
		out[name] = append(out[name], r.String())
	}
	for _, v := range out {
		slices.Sort(v)
	}
	return out
}

// importTexts is a module's imports, sorted, as written.
func importTexts(m *ast.Module) string {
	var out []string
	for _, i := range m.Imports {
		out = append(out, i.String())
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

// removedText says whether a built-in test the company's policy no longer
// runs fails the run: the removal listed (e, nil when not excused),
// listed but not excused while --policy replaces built-in policy files, or
// not listed.
func removedText(b *Bundle, e *ExpectedChange, listed bool, replaces []string) string {
	switch {
	case e != nil:
		return "An expected removal (" + e.Where() + "): " + e.Reason
	case len(replaces) > 0:
		why := " listed as an expected removal, but"
		if !listed {
			why = ""
		}
		return "It fails the run:" + why + " --policy replaces the built-in " + strings.Join(replaces, ", ") +
			", so the built-in tests no longer test the policy exportcheck has, and no removal of theirs is excused."
	}
	return "It fails the run: a built-in test your policy does not run tests nothing; if your rules mean to drop it, list it in " +
		expectedFile(b) + " under expected_removals, with a reason."
}

// expectedFile is the verify.yaml to list a change in: of the --policy
// directory, when there is one.
func expectedFile(b *Bundle) string {
	dirs := map[string]bool{}
	for _, d := range b.PolicyFrom {
		dirs[d] = true
	}
	if len(dirs) == 1 {
		for d := range dirs {
			return path.Join(d, ExpectedChangesFile)
		}
	}
	return "DIR/" + ExpectedChangesFile
}

// builtinTestsNamed checks that every expected change names a built-in
// test that runs with the company's policy (the company's own tests must
// pass), and every expected removal a built-in test.
func builtinTestsNamed(tests map[string]builtinTest, removed map[string]RemovedTest, expected []ExpectedChange) error {
	names := slices.Sorted(maps.Keys(tests))
	for _, e := range expected {
		if _, ok := tests[e.Test]; !ok {
			return fmt.Errorf("%s: %s is not a built-in Rego test (data.PACKAGE.test_NAME of the embedded policies, as verify names it; your own tests must pass)%s",
				e.Where(), e.Test, MeantKey(e.Test, names))
		}
		if _, gone := removed[e.Test]; gone && !e.Removal {
			return fmt.Errorf("%s: %s is listed under expected_changes, but your policy does not run it (%s): list it under expected_removals",
				e.Where(), e.Test, strings.TrimSuffix(strings.TrimPrefix(removed[e.Test].Why, "Removed by your policy: "), "; the built-in test is not run."))
		}
	}
	return nil
}

// nameFilter is a tester filter that matches exactly the given tests.
func nameFilter(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = regexp.QuoteMeta(n)
	}
	return "^(" + strings.Join(quoted, "|") + ")$"
}
