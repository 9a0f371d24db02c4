package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/review"
)

func init() { commands = append(commands, newVerifyCmd) }

type verifyOpts struct {
	policies, data []string
	threshold      float64
	format         string
}

func newVerifyCmd(e *env) *cobra.Command {
	o := &verifyOpts{}
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Run the policies' Rego unit tests, with coverage",
		Long: `Run the Rego unit tests (*_test.rego) of the embedded policies and of every --policy
directory against the data, and measure line coverage of the policies (tests excluded).

A built-in test that passes with the embedded policies alone and fails with --policy is a
change the company's rules make: it fails the run unless DIR/verify.yaml lists it under
expected_changes, with a reason (docs/company.md); a listed test that is no such change
fails the run too. A built-in test that --policy no longer runs (a replaced test file does
not have it as built in) is removed by the company's policy: it fails the run unless
verify.yaml lists it under expected_removals, with a reason.

Exit codes: 0 every test passed (or failed as a listed change, or was removed as listed) and
coverage is at or above --threshold; 1 a test failed, a change or removal is not listed or a
listed one is stale, coverage is below the threshold, or there are no tests; 2 usage error, a
policy or test that does not compile, a --policy file that defines a rule of a built-in test
file it does not replace, or a verify.yaml that cannot be read (with file:line).`,
		Example: `  exportcheck verify
  exportcheck verify --policy company/policies --threshold 80 --format junit > rego-tests.xml`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !slices.Contains(review.TestFormats, o.format) {
				return fmt.Errorf("unknown format %q; known: %s", o.format, strings.Join(review.TestFormats, ", "))
			}
			if o.threshold < 0 || o.threshold > 100 {
				return fmt.Errorf("--threshold %v: want a percentage from 0 to 100", o.threshold)
			}
			b, err := checker.LoadBundle(o.policies, o.data)
			if err != nil {
				return err
			}
			return runVerify(cmd.Context(), e, o, b)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&o.policies, "policy", nil, "the Rego files and tests under `DIR` add to or replace the embedded policies (repeatable)")
	fl.StringArrayVar(&o.data, "data", nil, "the YAML/JSON data files under `DIR` are merged over the embedded data (repeatable)")
	fl.Float64Var(&o.threshold, "threshold", 0, "fail when policy line coverage is below `PCT` percent")
	fl.StringVarP(&o.format, "format", "f", "text", "the `FORMAT`: "+strings.Join(review.TestFormats, "|"))
	return cmd
}

// runVerify runs the bundle's tests and writes the report.
func runVerify(ctx context.Context, e *env, o *verifyOpts, b *checker.Bundle) error {
	if len(b.Tests) == 0 {
		fmt.Fprintln(e.stderr, "exportcheck: no Rego tests found: add *_test.rego files next to the policies (or give --policy DIR with tests)")
		e.code = exitFailed
		return nil
	}
	expected, err := checker.ReadExpectedChanges(o.policies)
	if err != nil {
		return err
	}
	rep, err := checker.RunTestsExpecting(ctx, b, expected)
	if err != nil && rep != nil && len(rep.Results) == 0 {
		// Test files exist but define no test rules.
		fmt.Fprintf(e.stderr, "exportcheck: %v in %s: test rules are named test_*\n", err, countOf(len(b.Tests), "*_test.rego file"))
		e.code = exitFailed
		return nil
	}
	if err != nil {
		return err
	}
	run := &review.TestRun{TestReport: rep, Threshold: o.threshold}
	if err := review.WriteTests(e.stdout, o.format, run); err != nil {
		return err
	}
	if run.BelowThreshold() {
		fmt.Fprintf(e.stderr, "exportcheck: coverage %.1f%% is below --threshold %.1f%%\n", rep.Coverage, o.threshold)
	}
	if run.Failed() {
		e.code = exitFailed
	}
	return nil
}
