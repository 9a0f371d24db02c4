package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/exportcheck/exportcheck/checker"
)

func init() {
	commands = append(commands, newProductsCmd, newCountriesCmd)
}

// withListHint adds to an unknown product or country the command that
// lists the known ones, as check's line errors do.
func withListHint(err error) error {
	switch {
	case errors.Is(err, checker.ErrUnknownProduct):
		return fmt.Errorf("%w (`exportcheck products` lists the products the data knows; --data adds your own)", err)
	case errors.Is(err, checker.ErrUnknownCountry):
		return fmt.Errorf("%w (`exportcheck countries` lists the countries and their groups)", err)
	}
	return err
}

func newProductsCmd(e *env) *cobra.Command {
	var f checkerFlags
	var format string
	var wide bool
	cmd := &cobra.Command{
		Use:   "products [ID...]",
		Short: "List the products the data knows, with aliases and sources",
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := f.checker(cmd)
			if err != nil {
				return err
			}
			var list []checker.Product
			if len(args) == 0 {
				list = c.Catalog().Products()
			}
			for _, a := range args {
				id, err := c.Catalog().ResolveProduct(a)
				if err != nil {
					return withListHint(err)
				}
				p, _ := c.Catalog().Product(id)
				list = append(list, p)
			}
			if format == "json" {
				out := make([]map[string]any, 0, len(list))
				for _, p := range list {
					m := map[string]any{"id": p.ID}
					for k, v := range p.Raw {
						m[k] = v
					}
					out = append(out, m)
				}
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			if format != "text" {
				return fmt.Errorf("unknown format %q; known: json, text", format)
			}
			rows := [][]string{{"ID", "NAME", "KIND", "CONFIDENCE", "ALIASES"}}
			for _, p := range list {
				// The confidence's level in the table (high, medium-high, low, ...);
				// its explanation with the sources.
				rows = append(rows, []string{p.ID, p.Name, p.Kind, confidenceLevel(fmt.Sprint(p.Raw["confidence"])), strings.Join(p.Aliases, ", ")})
			}
			fitRows(rows, terminalWidth(e.stdout, wide), 2, 4, 1) // a terminal: the aliases, then the names, cut to fit
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			for _, r := range rows {
				fmt.Fprintln(tw, strings.Join(r, "\t"))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			if len(args) > 0 {
				for _, p := range list {
					fmt.Fprintf(e.stdout, "\n%s: confidence %v\naliases: %s\nsources:\n", p.ID, p.Raw["confidence"], strings.Join(p.Aliases, ", "))
					for _, s := range p.Raw["source"].([]any) {
						fmt.Fprintf(e.stdout, "  - %v\n", s)
					}
				}
			}
			return nil
		},
	}
	f.registerData(cmd) // lists data: policies and regimes change nothing here
	cmd.Flags().StringVarP(&format, "format", "f", "text", "the `FORMAT`: text or json")
	cmd.Flags().BoolVar(&wide, "wide", false, "on a terminal: do not cut columns to its width")
	return cmd
}

// confidenceLevel is the level a confidence note starts with: "low: no
// datasheet" is low, "medium (NVLink ...)" medium.
func confidenceLevel(s string) string {
	end := strings.IndexFunc(s, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-') })
	if end <= 0 {
		return s
	}
	return s[:end]
}

func newCountriesCmd(e *env) *cobra.Command {
	var f checkerFlags
	var format string
	cmd := &cobra.Command{
		Use:   "countries [CODE...]",
		Short: "List countries and their EAR country-group membership over time, with sources",
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := f.checker(cmd)
			if err != nil {
				return err
			}
			var list []checker.Country
			if len(args) == 0 {
				list = c.Catalog().Countries()
			}
			byCode := map[string]checker.Country{}
			for _, x := range c.Catalog().Countries() {
				byCode[x.Code] = x
			}
			for _, a := range args {
				code, err := c.Catalog().ResolveCountry(a)
				if err != nil {
					return withListHint(err)
				}
				list = append(list, byCode[code])
			}
			if format == "json" {
				out := map[string]any{}
				for _, x := range list {
					out[x.Code] = x.Raw
				}
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			if format != "text" {
				return fmt.Errorf("unknown format %q; known: json, text", format)
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "CODE\tNAME\tGROUPS")
			for _, x := range list {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", x.Code, x.Name, groupsText(x.Raw))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			if src, ok := c.Catalog().Data()["sources"].(map[string]any)["countries"].(map[string]any); ok && len(args) > 0 {
				fmt.Fprintln(e.stdout, "\nSources:")
				for _, k := range []string{"iso_codes", "country_groups", "as_of", "dated_changes", "gaps"} {
					fmt.Fprintf(e.stdout, "  %s: %v\n", k, src[k])
				}
			}
			return nil
		},
	}
	f.registerData(cmd) // lists data: policies and regimes change nothing here
	cmd.Flags().StringVarP(&format, "format", "f", "text", "the `FORMAT`: text or json")
	return cmd
}

// groupsText renders group membership with dates, e.g. "D:1, D:5 (2021-12-09..2026-02-03)".
func groupsText(raw map[string]any) string {
	groups, _ := raw["groups"].(map[string]any)
	var parts []string
	for _, g := range sortedKeys(groups) {
		ivs, _ := groups[g].([]any)
		for _, iv := range ivs {
			m, _ := iv.(map[string]any)
			from, _ := m["from"].(string)
			until, _ := m["until"].(string)
			if from == "" && until == "" {
				parts = append(parts, g)
				continue
			}
			parts = append(parts, fmt.Sprintf("%s (%s..%s)", g, from, until))
		}
	}
	if t, ok := raw["treated_as"].(string); ok {
		parts = append(parts, "treated as "+t)
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	return keys
}
