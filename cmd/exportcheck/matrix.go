package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/review"
)

func init() { commands = append(commands, newMatrixCmd) }

type matrixOpts struct {
	policies, data         []string
	regime                 string
	date, before, after    string
	products, destinations []string
	format, output, layout string
	changesOnly            bool
}

func newMatrixCmd(e *env) *cobra.Command {
	o := &matrixOpts{}
	cmd := &cobra.Command{
		Use:   "matrix",
		Short: "Show the license determination for products × destinations on a date",
		Long: `Build the license-determination matrix: for every product and destination, the
decision and ECCN the policies give an order on a date, with the end user headquartered
in the destination country. Each cell is a synthetic order judged by the checker.

Destinations are country codes or names, or country groups (D:5, A:5, ...) expanded to
their members on the date(s) as the data records them. With --before and --after the
cells show both dates; --changes-only lists only the cells that differ.

A license requirement's cell carries a mark [n] for a note under the grid that names its
review policy in words (presumption of denial, presumption of approval, ...); a review
cell's note says why it is review, as check words it (rule: message [citation]). The
markdown and xlsx formats carry the same notes; json gives each cell its
review_policy_text and the reason that decided it.`,
		Example: `  exportcheck matrix --date 2024-06-01 --products "H100 SXM5,H20" --destinations CN,DE,AE
  exportcheck matrix --destinations D:5,A:5 --format xlsx -o matrix.xlsx
  exportcheck matrix --before 2023-11-16 --after 2023-11-17 --changes-only`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if o.format, err = reviewFormat(cmd.Flags(), o.format, o.output); err != nil {
				return err
			}
			opts, mo, err := o.options()
			if err != nil {
				return err
			}
			if o.output != "" {
				if err := outputClash(o.output, nil, nil, treeReads(o.policies, o.data)...); err != nil {
					return err
				}
			}
			c, err := checker.New(cmd.Context(), opts)
			if err != nil {
				return err
			}
			m, err := review.BuildMatrix(cmd.Context(), c, mo)
			switch {
			case errors.Is(err, checker.ErrUnknownProduct):
				return fmt.Errorf("--products: %w", withListHint(err))
			case errors.Is(err, checker.ErrUnknownCountry):
				return fmt.Errorf("--destinations: %w", withListHint(err))
			case err != nil:
				return err
			}
			// A grid wider than the terminal is written one row per cell.
			if o.layout == "long" || (o.layout == "" && o.output == "" && o.format == "text" && !m.ChangesOnly &&
				terminalWidth(e.stdout, false) > 0 && review.GridWidth(m) > terminalWidth(e.stdout, false)) {
				m.Long = true
			}
			return writeTo(cmd.Context(), e.stdout, e.stderr, o.output, func(w io.Writer) error { return review.WriteMatrix(w, o.format, m) })
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&o.policies, "policy", nil, "the Rego files under `DIR` add to or replace the embedded policies (repeatable)")
	fl.StringArrayVar(&o.data, "data", nil, "the YAML/JSON data files under `DIR` are merged over the embedded data (repeatable)")
	fl.StringVar(&o.regime, "regime", "enforced", "the regime `ID`: enforced, or a what-if: ai-diffusion (the 2025 framework), affiliates-suspended (the BIS affiliates rule still suspended)")
	fl.StringVar(&o.date, "date", "", "judge as of `DATE` (YYYY-MM-DD); default today (in UTC)")
	fl.StringVar(&o.before, "before", "", "compare two dates: the first, `DATE` (YYYY-MM-DD), with --after")
	fl.StringVar(&o.after, "after", "", "compare two dates: the second, `DATE` (YYYY-MM-DD), with --before")
	fl.StringSliceVar(&o.products, "products", nil, "the `PRODUCTS`: IDs or aliases, comma-separated (default: every product)")
	fl.StringSliceVar(&o.destinations, "destinations", nil, "the `COUNTRIES`: codes, names or groups (D:5), comma-separated (default: every country)")
	fl.BoolVar(&o.changesOnly, "changes-only", false, "with --before/--after: only the cells that differ")
	fl.StringVarP(&o.format, "format", "f", "text", "the `FORMAT`: "+strings.Join(review.Formats, "|")+" (default: the one --output's name says, else text)")
	fl.Lookup("format").DefValue = "" // the usage says the default; not (default "text") after it as well
	fl.StringVarP(&o.output, "output", "o", "", "write to `PATH` instead of standard output (required for xlsx)")
	fl.StringVar(&o.layout, "layout", "", "text: the `LAYOUT`, grid (products × destinations) or long (one row per cell); default grid, long when the grid is wider than the terminal")
	return cmd
}

func (o *matrixOpts) options() (checker.Options, review.MatrixOptions, error) {
	opts := checker.Options{PolicyDirs: o.policies, DataDirs: o.data, Regime: o.regime}
	mo := review.MatrixOptions{Products: o.products, Destinations: o.destinations, ChangesOnly: o.changesOnly}
	if !slices.Contains(review.Formats, o.format) {
		return opts, mo, fmt.Errorf("unknown format %q; known: %s", o.format, strings.Join(review.Formats, ", "))
	}
	if o.layout != "" && o.layout != "grid" && o.layout != "long" {
		return opts, mo, fmt.Errorf("--layout %q: want grid or long", o.layout)
	}
	if o.format == "xlsx" && o.output == "" {
		return opts, mo, errors.New("--format xlsx writes a binary workbook: use --output PATH")
	}
	switch {
	case (o.before == "") != (o.after == ""):
		return opts, mo, errors.New("--before and --after go together")
	case o.before != "" && o.date != "":
		return opts, mo, errors.New("give --date, or --before and --after, not both")
	case o.before != "" && o.before == o.after:
		// One date twice: every cell the same, --changes-only empty.
		return opts, mo, fmt.Errorf("--before and --after are both %s: nothing to compare (give two dates, or --date for one)", o.before)
	case o.before != "":
		mo.Dates = []string{o.before, o.after}
	case o.changesOnly:
		return opts, mo, errors.New("--changes-only needs --before and --after")
	case o.date != "":
		mo.Dates = []string{o.date}
	default:
		mo.Dates = []string{time.Now().UTC().Format(time.DateOnly)} // today in UTC, as check, clear and records date it
	}
	for _, d := range mo.Dates {
		if err := checker.DateError(d); err != nil {
			return opts, mo, fmt.Errorf("date %q: %w", d, err)
		}
	}
	return opts, mo, nil
}

// treeReads are the --policy and --data directories a command reads, in
// which its -o must not write (see [outputClash]): a JSON matrix written
// into a --data directory is merged into the next run's data.
func treeReads(policies, data []string) []readPath {
	var out []readPath
	for _, d := range policies {
		out = append(out, readPath{d, "a --policy directory", true})
	}
	for _, d := range data {
		out = append(out, readPath{d, "a --data directory", true})
	}
	return out
}
