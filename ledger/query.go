package ledger

import (
	"context"
	"fmt"
	"iter"
	"strings"
)

// Filter selects rows of the decision log; empty fields select all.
type Filter struct {
	OrderID string
	EndUser string // compared without regard to case
	Licence string // a licence or VEU number, or a notification's BIS reference
	Since   string // ship date on or after, YYYY-MM-DD
	Limit   int    // at most this many rows; 0 for all
}

// Query yields the rows a filter selects, in log order.
func (l *Ledger) Query(ctx context.Context, f Filter) iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		if err := l.Ready(ctx); err != nil {
			yield(Row{}, err)
			return
		}
		var where []string
		var args []any
		add := func(cond string, vals ...any) {
			for range vals {
				cond = strings.Replace(cond, "?", fmt.Sprintf("$%d", len(args)+1), 1)
				args = append(args, vals[0])
				vals = vals[1:]
			}
			where = append(where, cond)
		}
		if f.OrderID != "" {
			add("order_id = ?", f.OrderID)
		}
		if f.EndUser != "" {
			add("lower(end_user) = lower(?)", strings.TrimSpace(f.EndUser))
		}
		if f.Licence != "" {
			n := strings.TrimSpace(f.Licence)
			add("auth IN (?, ?, ?)", "license:"+n, "veu:"+n, "notification:"+n)
		}
		if f.Since != "" {
			add("ship_date >= ?", f.Since)
		}
		q := "SELECT " + columns + " FROM decisions"
		if len(where) > 0 {
			q += " WHERE " + strings.Join(where, " AND ")
		}
		q += " ORDER BY seq"
		if f.Limit > 0 {
			q += fmt.Sprintf(" LIMIT %d", f.Limit)
		}
		rows, err := l.db.QueryContext(ctx, q, args...)
		if err != nil {
			yield(Row{}, l.fault("querying", err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			var r Row
			if err := r.scan(rows); err != nil {
				yield(Row{}, err)
				return
			}
			if !yield(r, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(Row{}, l.fault("querying", err))
		}
	}
}

// DrawnByRecord is what committed shipments drew on each record and limit:
// record ("kind:number") -> limit -> amount.
func (l *Ledger) DrawnByRecord(ctx context.Context) (map[string]map[string]float64, error) {
	d, err := l.Drawn(ctx, nil)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]float64{}
	for k, v := range d {
		if out[k[0]] == nil {
			out[k[0]] = map[string]float64{}
		}
		out[k[0]][k[1]] = v
	}
	return out, nil
}
