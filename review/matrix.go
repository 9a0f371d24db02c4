package review

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/reports"
)

// Value is what the policy decided for one cell of the matrix.
type Value struct {
	Decision     checker.Decision
	ECCN         string
	ReviewPolicy string
	// ReviewPolicyText is the review policy in the policy's words
	// ("presumption of denial"), as check prints it.
	ReviewPolicyText string
	Exception        string
	// Reason is the reason that decided the cell, as check's WHY column
	// shows it (checker.Result.HeadlineReason).
	Reason checker.Reason
	// Note is the number of the cell's note in Matrix.Notes (its review
	// policy, or why it is review); 0 for none.
	Note int
}

// Text is the value as a grid shows it: the decision, the exception when
// there is one, the ECCN in parentheses, and the number of its note
// ("license_required (3A090.a) [1]").
func (v Value) Text() string {
	s := v.Decision.String()
	if v.Exception != "" {
		s += " " + v.Exception
	}
	if v.ECCN != "" {
		s += " (" + v.ECCN + ")"
	}
	if v.Note > 0 {
		s += fmt.Sprintf(" [%d]", v.Note)
	}
	return s
}

// noteText is what a value's note says: the review policy of a license
// requirement in words, or the reason a review cell is review as check
// words it ("rule: message [citation]"); "" when it needs none.
func (v Value) noteText() string {
	switch {
	case v.ReviewPolicyText != "":
		return v.ReviewPolicyText
	case v.Decision == checker.Review:
		return reports.ReasonText(v.Reason)
	}
	return ""
}

// same reports whether two values show the same decision and ECCN.
func (v Value) same(w Value) bool {
	return v.Decision == w.Decision && v.ECCN == w.ECCN && v.Exception == w.Exception && v.ReviewPolicy == w.ReviewPolicy
}

// Cell is one product and destination: its value on each of the matrix's dates.
type Cell struct {
	Product, Destination string
	Values               []Value // one per Matrix.Dates
}

// Changed reports whether the cell differs between the matrix's dates.
func (c *Cell) Changed() bool {
	for _, v := range c.Values[1:] {
		if !v.same(c.Values[0]) {
			return true
		}
	}
	return false
}

// Matrix is the license determination for products × destinations, with
// the end user headquartered in the destination, on one date or on two
// (before and after).
type Matrix struct {
	Dates        []string
	Regime       string
	Revision     string
	Products     []string // product IDs (rows)
	Destinations []string // country codes (columns)
	Cells        []Cell   // row-major: Products × Destinations
	ChangesOnly  bool     // Cells holds only the cells that changed between the dates
	// Notes are what the cells' [n] marks stand for (Notes[n-1]): the
	// review policies of license requirements in words, and why review
	// cells are review; each once, in the order the cells first give them.
	Notes []string
	// Long lays text out one row per product and destination instead of a
	// grid (for grids wider than the terminal).
	Long bool
}

// Cell returns the cell of product row i and destination column j of a
// full grid (not ChangesOnly).
func (m *Matrix) Cell(i, j int) *Cell { return &m.Cells[i*len(m.Destinations)+j] }

// HQNote says what the matrix assumes about the end user.
const HQNote = "end user headquartered in the destination country"

// MatrixOptions select the products and destinations of a matrix.
type MatrixOptions struct {
	Dates        []string // one date, or before and after (YYYY-MM-DD)
	Products     []string // IDs or aliases; empty: every product in data
	Destinations []string // country codes or names, or country groups ("D:5"); empty: every country in data
	ChangesOnly  bool     // keep only the cells that differ between two dates
}

// BuildMatrix judges one synthetic order per product, destination and date
// with c: the policy decides every cell; this only builds the orders.
// Country groups expand to their members on any of the dates, as the
// policy's country-group rule (data.exportcheck.license.in_group) says.
func BuildMatrix(ctx context.Context, c *checker.Checker, opts MatrixOptions) (*Matrix, error) {
	if len(opts.Dates) == 0 || len(opts.Dates) > 2 {
		return nil, fmt.Errorf("a matrix needs one date or two (before and after), got %d", len(opts.Dates))
	}
	if opts.ChangesOnly && len(opts.Dates) != 2 {
		return nil, fmt.Errorf("only the cells that changed: give two dates (--before and --after)")
	}
	cat := c.Catalog()
	m := &Matrix{Dates: opts.Dates, Regime: c.Options().Regime, Revision: c.Revision(), ChangesOnly: opts.ChangesOnly}
	if len(opts.Products) == 0 {
		for _, p := range cat.Products() {
			m.Products = append(m.Products, p.ID)
		}
	}
	for _, p := range opts.Products {
		id, err := cat.ResolveProduct(p)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(m.Products, id) {
			m.Products = append(m.Products, id)
		}
	}
	dests, err := expandDestinations(ctx, c, opts.Destinations, opts.Dates)
	if err != nil {
		return nil, err
	}
	m.Destinations = dests
	var orders []checker.Order
	for _, date := range opts.Dates {
		for _, p := range m.Products {
			for _, d := range m.Destinations {
				orders = append(orders, checker.Order{Quantity: "1", Hypothetical: true,
					File: "matrix", ID: p + "@" + d, Product: p, Destination: d, EndUserHQ: d, Date: date,
				})
			}
		}
	}
	results, err := c.CheckAll(ctx, orders)
	if err != nil {
		return nil, err
	}
	n := len(m.Products) * len(m.Destinations)
	m.Cells = make([]Cell, n)
	for k, r := range results {
		if r.Err != nil {
			return nil, fmt.Errorf("%s to %s on %s: %w", r.Order.Product, r.Order.Destination, r.Order.Date, r.Err)
		}
		cell := &m.Cells[k%n]
		cell.Product, cell.Destination = r.ProductID, r.Order.Destination
		v := Value{Decision: r.Decision, ECCN: r.ECCN, ReviewPolicy: r.ReviewPolicy, Exception: r.Exception, Reason: r.HeadlineReason()}
		if r.ReviewPolicy != "" {
			v.ReviewPolicyText = reports.ReviewPolicyText(&r)
		}
		cell.Values = append(cell.Values, v)
	}
	if opts.ChangesOnly {
		m.Cells = slices.DeleteFunc(m.Cells, func(c Cell) bool { return !c.Changed() })
	}
	m.number()
	return m, nil
}

// number gives each value that needs a note the number of its note, one
// note per distinct text.
func (m *Matrix) number() {
	seen := map[string]int{}
	for i := range m.Cells {
		for k := range m.Cells[i].Values {
			v := &m.Cells[i].Values[k]
			t := v.noteText()
			if t == "" {
				continue
			}
			if seen[t] == 0 {
				m.Notes = append(m.Notes, t)
				seen[t] = len(m.Notes)
			}
			v.Note = seen[t]
		}
	}
}

const groupQuery = `members := {c | some c, _ in data.countries; data.exportcheck.license.in_group(c, input.group, input.date)}`

// expandDestinations resolves country codes and names, and expands country
// groups (a name in data.country_groups, e.g. "D:5") to the countries the
// policy counts as members on any of the dates. Empty specs: every country.
func expandDestinations(ctx context.Context, c *checker.Checker, specs, dates []string) ([]string, error) {
	cat := c.Catalog()
	if len(specs) == 0 {
		var all []string
		for _, co := range cat.Countries() {
			all = append(all, co.Code)
		}
		return all, nil
	}
	groups, _ := cat.Data()["country_groups"].(map[string]any)
	var out []string
	add := func(code string) {
		if !slices.Contains(out, code) {
			out = append(out, code)
		}
	}
	var q *rego.PreparedEvalQuery
	for _, s := range specs {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if _, isGroup := groups[strings.ToUpper(s)]; !isGroup {
			if strings.Contains(s, ":") {
				known := make([]string, 0, len(groups))
				for g := range groups {
					known = append(known, g)
				}
				slices.Sort(known)
				return nil, unknownGroup(fmt.Sprintf("unknown country group %q; known: %s", s, strings.Join(known, ", ")))
			}
			code, err := cat.ResolveCountry(s)
			if err != nil {
				return nil, err
			}
			add(code)
			continue
		}
		if q == nil {
			prepared, err := prepareGroupQuery(ctx, c.Bundle())
			if err != nil {
				return nil, err
			}
			q = &prepared
		}
		var members []string
		for _, d := range dates {
			rs, err := q.Eval(ctx, rego.EvalInput(map[string]any{"group": strings.ToUpper(s), "date": d}))
			if err != nil {
				return nil, fmt.Errorf("country group %s: %w", s, err)
			}
			if len(rs) > 0 {
				set, _ := rs[0].Bindings["members"].([]any)
				for _, x := range set {
					if code, ok := x.(string); ok && !slices.Contains(members, code) {
						members = append(members, code)
					}
				}
			}
		}
		slices.Sort(members)
		for _, code := range members {
			add(code)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no destinations")
	}
	return out, nil
}

func prepareGroupQuery(ctx context.Context, b *checker.Bundle) (rego.PreparedEvalQuery, error) {
	compiler, err := checker.Compile(b.Modules)
	if err != nil {
		return rego.PreparedEvalQuery{}, err
	}
	return rego.New(
		rego.Query(groupQuery),
		rego.Compiler(compiler),
		rego.Store(inmem.NewFromObject(b.Data)),
	).PrepareForEval(ctx)
}

// unknownGroup is a destination naming a country group the policy does
// not know: an unknown country (checker.ErrUnknownCountry), as a service
// tells its caller.
type unknownGroup string

func (e unknownGroup) Error() string { return string(e) }
func (e unknownGroup) Unwrap() error { return checker.ErrUnknownCountry }
