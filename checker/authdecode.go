package checker

import (
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
)

// decodeAuthOutcomes types authorization.results as the policy returned
// them, without converting them to Go values and JSON first: as
// encoding/json would (an absent or null field is zero, other keys are
// ignored), refusing a field that holds a value of another type.
func decodeAuthOutcomes(t *ast.Term) ([]*authOutcome, error) {
	list, ok := t.Value.(*ast.Array)
	if !ok {
		return nil, fmt.Errorf("%s is %s, want an array", AuthorizationQuery, ast.TypeName(t.Value))
	}
	outs := make([]*authOutcome, list.Len())
	for i := range list.Len() {
		d := termDecoder{path: fmt.Sprintf("%s[%d]", AuthorizationQuery, i)}
		m := d.object(list.Elem(i).Value, "")
		if m == nil {
			if d.err != nil {
				return nil, d.err
			}
			continue // null: no outcome, as encoding/json leaves it
		}
		o := &authOutcome{Blocked: d.reasons(m, "blocked"), Decides: d.boolPtr(m, "decides")}
		eligible, ineligible := d.array(m, "eligible", ""), d.array(m, "ineligible", "")
		if eligible != nil {
			o.Eligible = make([]eligibleRecord, 0, len(eligible))
		}
		if ineligible != nil {
			o.Ineligible = make([]ineligibleRecord, 0, len(ineligible))
		}
		for j, e := range eligible {
			at := fmt.Sprintf(".eligible[%d]", j)
			if em := d.object(e.Value, at); em != nil {
				var ex Reason
				if xm := d.object(d.get(em, "exhausted"), at+".exhausted"); xm != nil {
					ex = d.reason(xm, at+".exhausted")
				}
				o.Eligible = append(o.Eligible, eligibleRecord{Kind: d.str(em, "kind", at), Number: d.str(em, "number", at), Expires: d.str(em, "expires", at),
					Limits: d.strs(em, "limits", at), Reasons: d.reasonsAt(em, "reasons", at), Exhausted: ex})
			} else {
				o.Eligible = append(o.Eligible, eligibleRecord{}) // null
			}
		}
		for j, e := range ineligible {
			at := fmt.Sprintf(".ineligible[%d]", j)
			if em := d.object(e.Value, at); em != nil {
				o.Ineligible = append(o.Ineligible, ineligibleRecord{Kind: d.str(em, "kind", at), Number: d.str(em, "number", at),
					Reasons: d.reasonsAt(em, "reasons", at), Decides: d.boolPtrAt(em, "decides", at)})
			} else {
				o.Ineligible = append(o.Ineligible, ineligibleRecord{}) // null
			}
		}
		if d.err != nil {
			return nil, d.err
		}
		outs[i] = o
	}
	return outs, nil
}

// termDecoder reads the fields of one result, keeping the first field of
// the wrong type it meets.
type termDecoder struct {
	path string
	err  error
}

func (d *termDecoder) fail(at string, v ast.Value, want string) {
	if d.err == nil {
		d.err = fmt.Errorf("%s%s is %s, want %s", d.path, at, ast.TypeName(v), want)
	}
}

// get is the value at key k, nil when absent or null.
func (d *termDecoder) get(m ast.Object, k string) ast.Value {
	t := m.Get(ast.InternedTerm(k))
	if t == nil {
		return nil
	}
	if _, null := t.Value.(ast.Null); null {
		return nil
	}
	return t.Value
}

// object is v as an object; nil when v is nil (absent or null) or not one.
func (d *termDecoder) object(v ast.Value, at string) ast.Object {
	if v == nil {
		return nil
	}
	if _, null := v.(ast.Null); null {
		return nil
	}
	m, ok := v.(ast.Object)
	if !ok {
		d.fail(at, v, "an object")
	}
	return m
}

// array is the elements of the array at key k: nil when absent or null,
// empty (not nil) when empty, as encoding/json reads them.
func (d *termDecoder) array(m ast.Object, k, at string) []*ast.Term {
	v := d.get(m, k)
	if v == nil {
		return nil
	}
	a, ok := v.(*ast.Array)
	if !ok {
		d.fail(at+"."+k, v, "an array")
		return nil
	}
	ts := make([]*ast.Term, a.Len())
	for i := range a.Len() {
		ts[i] = a.Elem(i)
	}
	return ts
}

func (d *termDecoder) str(m ast.Object, k, at string) string {
	v := d.get(m, k)
	if v == nil {
		return ""
	}
	s, ok := v.(ast.String)
	if !ok {
		d.fail(at+"."+k, v, "a string")
	}
	return string(s)
}

func (d *termDecoder) strs(m ast.Object, k, at string) []string {
	v := d.get(m, k)
	if v == nil {
		return nil
	}
	a, ok := v.(*ast.Array)
	if !ok {
		d.fail(at+"."+k, v, "an array of strings")
		return nil
	}
	out := make([]string, a.Len())
	for i := range a.Len() {
		s, ok := a.Elem(i).Value.(ast.String)
		if !ok {
			d.fail(fmt.Sprintf("%s.%s[%d]", at, k, i), a.Elem(i).Value, "a string")
		}
		out[i] = string(s)
	}
	return out
}

func (d *termDecoder) boolPtr(m ast.Object, k string) *bool { return d.boolPtrAt(m, k, "") }

func (d *termDecoder) boolPtrAt(m ast.Object, k, at string) *bool {
	v := d.get(m, k)
	if v == nil {
		return nil
	}
	b, ok := v.(ast.Boolean)
	if !ok {
		d.fail(at+"."+k, v, "a boolean")
		return nil
	}
	x := bool(b)
	return &x
}

func (d *termDecoder) reason(m ast.Object, at string) Reason {
	r := Reason{Rule: d.str(m, "rule", at), Citation: d.str(m, "citation", at), Message: d.str(m, "message", at)}
	if c := d.boolPtrAt(m, "classification", at); c != nil {
		r.Classification = *c
	}
	return r
}

func (d *termDecoder) reasons(m ast.Object, k string) []Reason { return d.reasonsAt(m, k, "") }

func (d *termDecoder) reasonsAt(m ast.Object, k, at string) []Reason {
	ts := d.array(m, k, at)
	if ts == nil {
		return nil
	}
	out := make([]Reason, 0, len(ts))
	for i, t := range ts {
		where := fmt.Sprintf("%s.%s[%d]", at, k, i)
		if rm := d.object(t.Value, where); rm != nil {
			out = append(out, d.reason(rm, where))
		} else {
			out = append(out, Reason{})
		}
	}
	return out
}
