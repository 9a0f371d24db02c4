package checker

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/open-policy-agent/opa/v1/rego"
)

// Classification is a product's classification on a date, as the policies
// compute it from the raw datasheet figures.
type Classification struct {
	Product      string   `json:"product"`
	Date         string   `json:"date"`
	Regime       string   `json:"regime"`
	TPP          *float64 `json:"tpp"`
	PublishedTPP *float64 `json:"published_tpp"`
	PD           *float64 `json:"performance_density"`
	IO           *float64 `json:"io_gbps"`
	Class        string   `json:"class"` // "a", "b", "c", "none" or "unknown"
	ECCN         string   `json:"eccn"`
	// FilingECCN is the ECCN the vendor files the item under as shipped
	// (a card under 4A090.a, a system under a .z paragraph), when the data
	// gives one for the classification text in force; ECCN decides.
	FilingECCN string   `json:"filing_eccn,omitempty"`
	Reasons    []Reason `json:"reasons"`
}

const classifyQuery = `rules := data.exportcheck.timeline.in_force(input.date, input.regime)
x := object.union(data.exportcheck.classify.report(data.products[input.product], rules), {"regime": data.exportcheck.timeline.version(rules)})`

// Classify classifies a product (ID or alias) as of a date.
func (c *Checker) Classify(ctx context.Context, product, date string) (*Classification, error) {
	id, err := c.catalog.ResolveProduct(product)
	if err != nil {
		return nil, err
	}
	if err := c.lookupDate(date); err != nil {
		return nil, err
	}
	c.classifyOnce.Do(func() { c.classifyQuery, c.classifyErr = c.prepareQuery(ctx, classifyQuery) })
	if c.classifyErr != nil {
		return nil, c.classifyErr
	}
	q := c.classifyQuery
	rs, err := q.Eval(ctx, rego.EvalInput(map[string]any{"product": id, "date": date, "regime": c.opts.Regime}))
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, fmt.Errorf("%s: the policy produced no classification", id)
	}
	b, err := json.Marshal(rs[0].Bindings["x"])
	if err != nil {
		return nil, err
	}
	var raw struct {
		TPP            *float64 `json:"tpp"`
		PublishedTPP   *float64 `json:"published_tpp"`
		PD             *float64 `json:"pd"`
		IO             *float64 `json:"io"`
		Regime         string   `json:"regime"`
		Classification struct {
			Class      string   `json:"class"`
			ECCN       string   `json:"eccn"`
			FilingECCN string   `json:"filing_eccn"`
			Reasons    []Reason `json:"reasons"`
		} `json:"classification"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, err
	}
	return &Classification{
		Product: id, Date: date, Regime: raw.Regime,
		TPP: raw.TPP, PublishedTPP: raw.PublishedTPP, PD: raw.PD, IO: raw.IO,
		Class: raw.Classification.Class, ECCN: raw.Classification.ECCN, FilingECCN: raw.Classification.FilingECCN, Reasons: raw.Classification.Reasons,
	}, nil
}

const countryQuery = `x := data.exportcheck.license.country_facts(input.code, input.date)`

// CountryFacts are what the policy knows of a country on a date: the
// country groups it is in, the embargo groups among them, whether it is in
// the 2023 destination set (D:1, D:4 or D:5 and not A:5 or A:6; Macau) and
// in D:5 or Macau.
type CountryFacts struct {
	Code    string   `json:"code"`
	Name    string   `json:"name"`
	Date    string   `json:"date"`
	Groups  []string `json:"groups"`
	Embargo []string `json:"embargo"`
	D145    bool     `json:"d145"`
	D5M     bool     `json:"d5_or_macau"`
}

// Country is what the policy knows of a country (a code or an unambiguous
// name) on a date.
func (c *Checker) Country(ctx context.Context, country, date string) (*CountryFacts, error) {
	code, err := c.catalog.ResolveCountry(country)
	if err != nil {
		return nil, err
	}
	if err := c.lookupDate(date); err != nil {
		return nil, err
	}
	c.countryOnce.Do(func() { c.countryQuery, c.countryErr = c.prepareQuery(ctx, countryQuery) })
	if c.countryErr != nil {
		return nil, c.countryErr
	}
	rs, err := c.countryQuery.Eval(ctx, rego.EvalInput(map[string]any{"code": code, "date": date}))
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, fmt.Errorf("%s: the policy has no facts for it", code)
	}
	b, err := json.Marshal(rs[0].Bindings["x"])
	if err != nil {
		return nil, err
	}
	var raw struct {
		In      []string `json:"in"`
		Embargo []string `json:"embargo"`
		D145    bool     `json:"d145"`
		D5M     bool     `json:"d5m"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, err
	}
	f := &CountryFacts{Code: code, Date: date, Groups: raw.In, Embargo: raw.Embargo, D145: raw.D145, D5M: raw.D5M}
	for _, x := range c.catalog.Countries() {
		if x.Code == code {
			f.Name = x.Name
		}
	}
	if f.Groups == nil {
		f.Groups = []string{}
	}
	if f.Embargo == nil {
		f.Embargo = []string{}
	}
	return f, nil
}

// lookupDate refuses what a look-up cannot be asked for: a date not
// YYYY-MM-DD, one before DateFloor (0001-01-01, a default an ERP sends
// for "no date", would answer "no control in force yet"), or one past the
// date horizon, as check refuses a line's.
func (c *Checker) lookupDate(date string) error {
	if err := DateError(date); err != nil {
		return fmt.Errorf("date %q: %w", date, err)
	}
	if date < DateFloor {
		return fmt.Errorf("date %q: %w: before %s, a typo or a default date, when no control this tool knows was in force", date, ErrBadDate, DateFloor)
	}
	if c.latest != "" && date > c.latest {
		// As a line's date is (resolve): the rules past the data's date
		// are not known, and an answer under today's would read as known.
		return fmt.Errorf("date %q: %w: after %s, further past the date the data is as of than the horizon (--date-horizon); update the data to judge it", date, ErrBadDate, c.latest)
	}
	return nil
}
