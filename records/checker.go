package records

import (
	"bytes"
	"cmp"
	"encoding/json"
	"slices"
	"strings"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/screening"
)

// Checker is the set as the checker hands it to the policy: data.records
// (licences by number, notifications by BIS reference, each with its file
// and line), the licences and notifications indexed by the end users they
// name, and the clearances by end user and list entry. Nil for nil.
func (s *Set) Checker() *checker.Records {
	if s == nil {
		return nil
	}
	r := &checker.Records{
		Revision:      s.revision,
		Normalize:     screening.Normalize,
		Spell:         screening.Spell,
		Readings:      screening.Readings,
		Licences:      map[string][]string{},
		Notifications: map[string][]string{},
		Clearances:    map[[2]string][]*checker.ClearanceFact{},
	}
	ls := map[string]any{}
	for _, l := range s.Licences {
		limits := map[string]any{}
		for k, v := range l.QuantityLimits {
			limits[k] = v
		}
		rec := map[string]any{
			"number": l.Number, "kind": string(l.Kind), "status": string(l.Status),
			"issued": l.Issued, "expires": l.Expires, "items": items(l.Items),
			"destinations": anys(l.Destinations), "consignee": l.Consignee, "consignee_spelling": spelling(l.Consignee),
			"end_users": anys(l.EndUsers), "end_user_keys": anys(l.EndUserKeys), "end_user_spellings": spellings(l.EndUsers),
			"quantity_limits": limits,
			"conditions":      l.Conditions, "flags": anys(l.Flags),
			"file": l.Pos.File, "line": l.Pos.Line,
		}
		if l.StatusFrom != "" {
			rec["status_from"] = l.StatusFrom
		}
		if len(l.FederalRegister) > 0 {
			rec["federal_register"] = anys(l.FederalRegister)
		}
		if l.ValueLimitUSD > 0 { // 0: no value limit
			rec["value_limit_usd"] = l.ValueLimitUSD
		}
		if l.ValueDrawnBeforeUSD > 0 { // 0: not given
			rec["value_drawn_before_usd"] = l.ValueDrawnBeforeUSD
		}
		ls[l.Number] = rec
		for _, k := range l.EndUserKeys {
			r.Licences[k] = append(r.Licences[k], l.Number)
		}
	}
	ns := map[string]any{}
	for _, n := range s.Notifications {
		ns[n.BISReference] = map[string]any{
			"bis_reference": n.BISReference, "exception": string(n.Exception), "filed_on": n.FiledOn,
			"items": items(n.Items), "destination": n.Destination, "end_user": n.EndUser,
			"end_user_key": n.EndUserKey, "end_user_spelling": spelling(n.EndUser), "quantity": n.Quantity, "status": string(n.Status),
			"consignee": n.Consignee, "consignee_spelling": spelling(n.Consignee),
			"file": n.Pos.File, "line": n.Pos.Line,
		}
		if n.Confirmation != "" { // the policy names it in the reason
			ns[n.BISReference].(map[string]any)["confirmation"] = n.Confirmation
		}
		if n.ValueUSD > 0 { // 0: no value recorded
			ns[n.BISReference].(map[string]any)["value_usd"] = n.ValueUSD
		}
		if n.ValueDrawnBeforeUSD > 0 { // 0: not given
			ns[n.BISReference].(map[string]any)["value_drawn_before_usd"] = n.ValueDrawnBeforeUSD
		}
		r.Notifications[n.EndUserKey] = append(r.Notifications[n.EndUserKey], n.BISReference)
	}
	// Assignments: the record names the assigned end user too (the
	// policy reads who assigned it, when and why, and whether it was
	// withdrawn since).
	for _, a := range s.Assignments {
		var rec map[string]any
		var index map[string][]string
		number := a.Licence
		if a.Licence != "" {
			rec, _ = ls[a.Licence].(map[string]any)
			index = r.Licences
		} else {
			number = a.Notification
			rec, _ = ns[a.Notification].(map[string]any)
			index = r.Notifications
		}
		if rec == nil { // not held: WithKept leaves these out, Load refuses them
			continue
		}
		assigned, _ := rec["assigned"].(map[string]any)
		if assigned == nil {
			assigned = map[string]any{}
			rec["assigned"] = assigned
		}
		assigned[screening.Spell(a.EndUser)] = map[string]any{"end_user": a.EndUser, "by": a.By, "at": a.At, "reason": a.Reason, "status": string(cmp.Or(a.Status, AssignmentAssigned)), "file": a.Pos.File, "line": a.Pos.Line}
		if !slices.Contains(index[a.EndUserKey], number) {
			index[a.EndUserKey] = append(index[a.EndUserKey], number)
		}
	}
	for _, c := range s.Clearances {
		k := [2]string{c.EndUserKey, c.Entry}
		r.Clearances[k] = append(r.Clearances[k], &checker.ClearanceFact{
			Outcome: string(c.Outcome), EntryHash: c.EntryHash, By: c.By, At: c.At,
			Reason: c.Reason, Expires: c.Expires, Recorded: c.Recorded, File: c.Pos.File, Line: c.Pos.Line, Kept: c.Pos.Row, DownloadsAs: downloadsAs(&c),
			List: c.List, EntryName: c.EntryName,
			For: checker.Spelled{Name: c.EndUser, Spelling: screening.Spell(c.EndUser)},
		})
	}
	for _, cs := range r.Clearances { // one a day (the set's), oldest first
		slices.SortStableFunc(cs, func(a, b *checker.ClearanceFact) int { return strings.Compare(a.At, b.At) })
	}
	// As the policy store holds JSON: numbers as json.Number.
	b, err := json.Marshal(map[string]any{"licences": ls, "notifications": ns})
	if err != nil {
		panic("records: " + err.Error()) // strings, numbers, maps: cannot happen
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&r.Data); err != nil {
		panic("records: " + err.Error())
	}
	return r
}

func items(it Items) map[string]any {
	return map[string]any{"products": anys(it.Products), "eccns": anys(it.ECCNs)}
}

func spellings(names []string) []any {
	out := make([]any, len(names))
	for i, n := range names {
		out[i] = spelling(n)
	}
	return out
}

// spelling is a name as the policy compares it with an order's
// (names.same_party).
func spelling(name string) map[string]any {
	return map[string]any{"spelling": screening.Spell(name)}
}

func anys(s []string) []any {
	out := make([]any, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}

// downloadsAs is the file name a clearance kept at the review desk
// downloads as (its spelling, entry and day), or "" for one from a file.
func downloadsAs(c *Clearance) string {
	if c.Pos.Row == 0 {
		return ""
	}
	return c.SpeltDatedFileName()
}
