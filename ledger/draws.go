package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
)

// DrawsChanged is the draws table, from which what remains on each
// licence is counted, disagreeing with what the decision log's standing
// versions draw: a row of it was changed, deleted or added other than by
// a commit. The drawdown is read only after the draws are checked, and a
// check or a commit that would read it is refused (fail closed).
type DrawsChanged struct {
	Ledger         string // the ledger's name (its DSN without a password)
	Order          string
	Record         string // kind:number
	Limit          string
	Seq            int64   // the order's standing version's row; 0 when the log has none
	Table          float64 // what the draws table says the order draws (when InTable)
	Log            float64 // what the standing version draws (when InLog)
	InTable, InLog bool
}

// What says what disagrees, naming the order, the record and the row.
func (e *DrawsChanged) What() string {
	on := fmt.Sprintf("%s (%s)", e.Record, e.Limit)
	switch {
	case e.InTable && e.InLog:
		return fmt.Sprintf("the draws table has order %s drawing %s on %s, but its standing version, ledger row %d, draws %s", e.Order, num(e.Table), on, e.Seq, num(e.Log))
	case e.InLog:
		return fmt.Sprintf("order %s's standing version, ledger row %d, draws %s on %s, but the draws table does not have it", e.Order, e.Seq, num(e.Log), on)
	case e.Seq > 0:
		return fmt.Sprintf("the draws table has order %s drawing %s on %s, which its standing version, ledger row %d, does not draw", e.Order, num(e.Table), on, e.Seq)
	}
	return fmt.Sprintf("the draws table has order %s drawing %s on %s, which no row of the log records", e.Order, num(e.Table), on)
}

func (e *DrawsChanged) Error() string {
	return fmt.Sprintf("ledger %s: the draws do not match the decision log: %s. The draws were changed other than by a commit, and what remains on the licences is not counted from draws that cannot be trusted: nothing was judged or committed against them. Run exportcheck ledger verify and find out what changed", e.Ledger, e.What())
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// drawsQuery finds the first difference between the draws table and what
// the log's standing versions draw, one statement (one snapshot): the
// latest row of each order that is not an action, when it draws on a
// record (auth), expanded into its draws, against the draws table, both
// ways. The draws of an order none of whose rows are left after a prune
// are not checked (the log no longer says what they were), as Verify.
// A version that draws is found by the partial index on auth, and that
// it is its order's latest by the index on order_id: not the standing
// flag, which is not hashed and may have been changed with the draws.
func (l *Ledger) drawsQuery() string {
	expand := "json_each(d.drawn) j"
	lim, amount := "json_extract(j.value, '$.limit')", "json_extract(j.value, '$.amount')"
	if l.kind == "postgres" {
		expand = "jsonb_array_elements(d.drawn::jsonb) j"
		lim, amount = "j->>'limit'", "(j->>'amount')::double precision"
	}
	return `WITH want AS (
	SELECT d.order_id, d.seq, d.auth AS record, ` + lim + ` AS lim, ` + amount + ` AS amount
	FROM decisions d, ` + expand + `
	WHERE d.auth <> '' AND ` + versionRow("d") + `
	  AND NOT EXISTS (SELECT 1 FROM decisions n WHERE n.order_id = d.order_id AND n.seq > d.seq AND ` + versionRow("n") + `)
)
SELECT * FROM (
	SELECT w.order_id, w.record, w.lim, w.seq, t.amount, w.amount AS logged
	FROM want w LEFT JOIN draws t ON t.order_id = w.order_id AND t.record = w.record AND t.lim = w.lim
	WHERE t.amount IS NULL OR t.amount <> w.amount
	UNION ALL
	SELECT t.order_id, t.record, t.lim,
		(SELECT MAX(v.seq) FROM decisions v WHERE v.order_id = t.order_id AND ` + versionRow("v") + `), t.amount, NULL
	FROM draws t
	WHERE NOT EXISTS (SELECT 1 FROM want w WHERE w.order_id = t.order_id AND w.record = t.record AND w.lim = t.lim)
) diff
WHERE diff.seq IS NOT NULL OR NOT EXISTS (SELECT 1 FROM chain)
LIMIT 1`
}

// checkDraws returns a *DrawsChanged when the draws table does not say
// what the log's standing versions draw; q is the transaction the
// drawdown is then read in.
func (l *Ledger) checkDraws(ctx context.Context, q querier, fault faultFunc) error {
	var (
		e        DrawsChanged
		seq      sql.NullInt64
		table    sql.NullFloat64
		logged   sql.NullFloat64
		lim, rec sql.NullString
	)
	err := q.QueryRowContext(ctx, l.drawsQuery()).Scan(&e.Order, &rec, &lim, &seq, &table, &logged)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fault(ctx, "checking the draws against the decision log", err)
	}
	e.Ledger, e.Record, e.Limit, e.Seq = l.name, rec.String, lim.String, seq.Int64
	e.Table, e.InTable = table.Float64, table.Valid
	e.Log, e.InLog = logged.Float64, logged.Valid
	return &e
}

// CheckDraws checks the draws table against the decision log's standing
// versions, as every read of the drawdown does first (a *DrawsChanged
// when they differ): what /readyz asks. It does not verify the log's
// hashes (Verify does).
func (l *Ledger) CheckDraws(ctx context.Context) error {
	if err := l.Ready(ctx); err != nil {
		return err
	}
	ctx, cancel := within(ctx)
	defer cancel()
	return l.checkDraws(ctx, l.db, l.faultIn)
}
