package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/reports"
)

func init() { commands = append(commands, newClassifyCmd) }

func newClassifyCmd(e *env) *cobra.Command {
	var f checkerFlags
	var date, format string
	cmd := &cobra.Command{
		Use:   "classify PRODUCT...",
		Short: "Show TPP, performance density and the ECCN of products under each rule version",
		Long: `Classify products from their datasheet figures: TPP, performance density and aggregate
I/O with the arithmetic shown, and the ECCN under each rule version (or on --date).`,
		Example: `  exportcheck classify "H800 SXM5"
  exportcheck classify nvidia-h20 nvidia-l20 --date 2024-06-01`,
		Args: atLeastOne("product (an ID or alias; `exportcheck products` lists them)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := f.checker(cmd)
			if err != nil {
				return err
			}
			dates := []string{date}
			if date == "" {
				dates = ruleDates(c)
			}
			var all []*checker.Classification
			for _, p := range args {
				for _, d := range dates {
					cl, err := c.Classify(cmd.Context(), p, d)
					if err != nil {
						return withListHint(err)
					}
					all = append(all, cl)
				}
			}
			switch format {
			case "json":
				// Each classification names the policy revision that made
				// it, as every other output does.
				type revised struct {
					*checker.Classification
					Revision string `json:"revision"`
				}
				out := make([]revised, len(all))
				for i, cl := range all {
					out[i] = revised{cl, c.Revision()}
				}
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			case "text":
				if err := printClassifications(e, all); err != nil {
					return err
				}
				// Which policy and data made these classifications, as
				// check names it.
				_, err := fmt.Fprintf(e.stdout, "\npolicy revision %s\n", c.Revision()[:12])
				return err
			}
			return fmt.Errorf("unknown format %q; known: json, text", format)
		},
	}
	f.registerPolicy(cmd)
	cmd.Flags().StringVar(&date, "date", "", "classify as of `DATE` only (YYYY-MM-DD); default: at every rule version")
	cmd.Flags().StringVarP(&format, "format", "f", "text", "the `FORMAT`: text or json")
	return cmd
}

// ruleDates is the day before the first rule and each rule's effective date.
func ruleDates(c *checker.Checker) []string {
	rules, _ := c.Catalog().Data()["rules"].(map[string]any)
	seen := map[string]bool{}
	for _, v := range rules {
		if m, ok := v.(map[string]any); ok {
			if d, ok := m["effective"].(string); ok {
				seen[d] = true
			}
		}
	}
	var out []string
	for d := range seen {
		out = append(out, d)
	}
	sort.Strings(out)
	if len(out) > 0 {
		if first, err := time.Parse(time.DateOnly, out[0]); err == nil {
			out = append([]string{first.AddDate(0, 0, -1).Format(time.DateOnly)}, out...)
		}
	}
	return out
}

// eccnLabel is the ECCN column: the ECCN the policy gave, or what is known
// when it gave none (an item below 3A090/4A090 whose ECCN elsewhere on the
// CCL the data does not hold is not "uncontrolled": its ECCN is unknown).
func eccnLabel(cl *checker.Classification) string {
	eccn := cl.ECCN
	switch {
	case eccn != "":
	case cl.Class == "none":
		eccn = "unknown (not 3A090/4A090)"
	default:
		eccn = "unknown"
	}
	if cl.FilingECCN != "" {
		eccn += " (filed as " + cl.FilingECCN + ")"
	}
	return eccn
}

// num writes a figure as the reasons do: thousands grouped ("15,832"),
// prec decimals; "unknown" when the data does not know it.
func num(f *float64, prec int) string {
	if f == nil {
		return "unknown"
	}
	return reports.GroupDigits(strconv.FormatFloat(*f, 'f', prec, 64))
}

// tppText is a TPP to one decimal, without a ".0" that says nothing
// ("15,832", "4,707.2": the decimal matters next to 4,800).
func tppText(f *float64) string {
	return strings.TrimSuffix(num(f, 1), ".0")
}

func printClassifications(e *env, all []*checker.Classification) error {
	last := ""
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	for _, cl := range all {
		if cl.Product != last {
			if last != "" {
				tw.Flush()
				fmt.Fprintln(e.stdout)
			}
			last = cl.Product
			fmt.Fprintf(e.stdout, "%s: TPP %s", cl.Product, tppText(cl.TPP))
			if cl.PublishedTPP != nil {
				fmt.Fprintf(e.stdout, " (vendor publishes %s)", num(cl.PublishedTPP, 0))
			}
			io := num(cl.IO, 0)
			if cl.IO != nil {
				io += " GB/s"
			}
			fmt.Fprintf(e.stdout, ", performance density %s, aggregate I/O %s\n", num(cl.PD, 2), io)
			fmt.Fprintln(tw, "  DATE\tRULE VERSION\tECCN\tWHY")
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t", cl.Date, cl.Regime, eccnLabel(cl))
		if len(cl.Reasons) == 0 {
			fmt.Fprintln(tw)
		}
		for i, r := range cl.Reasons { // the first on the row, the rest below it
			if i > 0 {
				fmt.Fprint(tw, "  \t\t\t")
			}
			fmt.Fprintf(tw, "%s: %s [%s]\n", r.Rule, r.Message, r.Citation)
		}
	}
	return tw.Flush()
}
