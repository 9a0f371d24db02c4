package checker

import (
	"context"
	"fmt"
	"sort"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/cover"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"
)

// TestResult is the outcome of one Rego unit test.
type TestResult struct {
	Package string `json:"package"`
	Name    string `json:"name"`
	File    string `json:"file"`
	Pass    bool   `json:"pass"`
	Error   string `json:"error,omitempty"`
}

// TestReport is the outcome of a bundle's Rego unit tests.
type TestReport struct {
	Results  []TestResult       `json:"results"`
	Coverage float64            `json:"coverage"`      // percent of policy lines covered (tests excluded)
	Files    map[string]float64 `json:"file_coverage"` // per policy file
}

// Failed counts the tests that did not pass.
func (r *TestReport) Failed() int {
	n := 0
	for _, t := range r.Results {
		if !t.Pass {
			n++
		}
	}
	return n
}

// RunTests runs the bundle's Rego unit tests (*_test.rego) against its data
// and measures line coverage of the policies.
func RunTests(ctx context.Context, b *Bundle) (*TestReport, error) {
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
	for r := range ch {
		tr := TestResult{Package: r.Package, Name: r.Name, File: r.Location.File, Pass: r.Pass()}
		if r.Error != nil {
			tr.Error = r.Error.Error()
		} else if r.Fail {
			tr.Error = "test failed"
		}
		rep.Results = append(rep.Results, tr)
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
