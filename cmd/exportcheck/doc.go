package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/review"
)

func init() { commands = append(commands, newDocCmd) }

func newDocCmd(e *env) *cobra.Command {
	var policies, data []string
	var output string
	cmd := &cobra.Command{
		Use:   "doc",
		Short: "Write the Markdown reference of every rule, the rule timeline and the notices",
		Long: `Write a Markdown reference generated from the policies' METADATA: every annotated rule
with its id, title, description, citation and effective dates, grouped by package; then
the rule timeline (data.rules) and the government notices (data.notices).`,
		Example: `  exportcheck doc -o rule-reference.md
  exportcheck doc --policy company/policies -o rules.md`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if output != "" {
				if err := outputClash(output, nil, nil, treeReads(policies, data)...); err != nil {
					return err
				}
			}
			b, err := checker.LoadBundle(policies, data)
			if err != nil {
				return err
			}
			ref, err := review.BuildReference(b)
			if err != nil {
				return err
			}
			return writeTo(cmd.Context(), e.stdout, e.stderr, output, func(w io.Writer) error { return review.WriteReference(w, ref) })
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&policies, "policy", nil, "the Rego files under `DIR` add to or replace the embedded policies (repeatable)")
	fl.StringArrayVar(&data, "data", nil, "the YAML/JSON data files under `DIR` are merged over the embedded data (repeatable)")
	fl.StringVarP(&output, "output", "o", "", "write to `PATH` instead of standard output")
	return cmd
}
