package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"
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
	// TableRows and LogRows are how many draws the table has of orders
	// in the log, and how many their standing versions draw.
	TableRows, LogRows int64
}

// What says what disagrees, naming the order, the record and the row.
func (e *DrawsChanged) What() string {
	on := fmt.Sprintf("%s (%s)", e.Record, e.Limit)
	switch {
	case e.Order == "":
		return fmt.Sprintf("the draws table has %d draws of orders in the log, and their standing versions draw %d", e.TableRows, e.LogRows)
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

// drawsSQL is the check's statements. want: the latest row of each order
// that is not an action, when it draws on a record (auth), expanded into
// its draws, each with the draws table's row of its order, record and
// limit. counts: how many draws the table has (of orders in the log: the
// draws of an order none of whose rows are left after a prune are not
// checked, the log no longer says what they were, as Verify), how many
// the versions draw, and how many of those the table has otherwise.
// diff: the first difference, both ways. A version is its order's latest
// by seq, not by the standing flag, which is not hashed and may have been
// changed with the draws.
func (l *Ledger) drawsSQL() (want, diff, counts string) {
	expand := func(d string) string { return "json_each(" + d + ".drawn) j" }
	// An amount written as a whole number past 2^53 (Go writes such a
	// float64 without an exponent) reads as an INTEGER that is not the
	// REAL the draws table holds: read as REAL, as PostgreSQL's cast does.
	lim, amount := "json_extract(j.value, '$.limit')", "CAST(json_extract(j.value, '$.amount') AS REAL)"
	if l.kind == "postgres" {
		expand = func(d string) string { return "jsonb_array_elements(" + d + ".drawn::jsonb) j" }
		lim, amount = "j->>'limit'", "(j->>'amount')::double precision"
	}
	// Each side is driven by an index, row by row, and reads no row of
	// the log itself: the versions that draw from decisions_drawing, which
	// holds what they draw; whether one is its order's latest from
	// decisions_order (order_id, seq, kind: migration 00005). (A form that
	// read the log's draws once for each row of the table took minutes on
	// SQLite; one that read the versions' rows, 1.5 s of a 1M-row ledger.)
	want = `SELECT w.order_id, w.record, w.lim, w.seq, t.amount, w.amount AS logged
	FROM (
		SELECT d.order_id, d.seq, d.auth AS record, ` + lim + ` AS lim, ` + amount + ` AS amount
		FROM decisions d CROSS JOIN ` + expand("d") + `
		WHERE d.auth <> '' AND ` + versionRow("d") + `
		  AND NOT EXISTS (SELECT 1 FROM decisions n WHERE n.order_id = d.order_id AND n.seq > d.seq AND ` + versionRow("n") + `)
	) w LEFT JOIN draws t ON t.order_id = w.order_id AND t.record = w.record AND t.lim = w.lim`
	// The draws table's rows the log can say anything of: all, or after a
	// prune those of orders with a version left in it.
	inLog := `NOT EXISTS (SELECT 1 FROM chain) OR EXISTS (SELECT 1 FROM decisions x WHERE x.order_id = t.order_id AND ` + versionRow("x") + `)`
	counts = `SELECT (SELECT COUNT(*) FROM draws t WHERE ` + inLog + `), COUNT(*), COALESCE(SUM(CASE WHEN w.amount = w.logged THEN 0 ELSE 1 END), 0)
FROM (` + want + `) w`
	diff = `SELECT * FROM (
	` + want + `
	WHERE t.amount IS NULL OR t.amount <> w.amount
	UNION ALL
	SELECT s.order_id, s.record, s.lim, s.seq, s.amount, NULL
	FROM (
		SELECT t.order_id, t.record, t.lim, t.amount,
			(SELECT MAX(x.seq) FROM decisions x WHERE x.order_id = t.order_id AND ` + versionRow("x") + `) AS seq
		FROM draws t
	) s
	WHERE CASE WHEN s.seq IS NULL THEN NOT EXISTS (SELECT 1 FROM chain)
		ELSE NOT EXISTS (SELECT 1 FROM decisions v CROSS JOIN ` + expand("v") + ` WHERE v.order_id = s.order_id AND v.seq = s.seq AND v.auth = s.record AND v.auth <> '' AND ` + versionRow("v") + ` AND ` + lim + ` = s.lim) END
) diff
LIMIT 1`
	return want, diff, counts
}

// checkDraws returns a *DrawsChanged when the draws table does not say
// what the log's standing versions draw; q is the transaction the
// drawdown is then read in. The check counts: every draw of a standing
// version has its row in the table, with its amount, and the table has
// as many rows (of orders in the log) as they draw, so no other. Only when
// they differ is the first difference looked for, to name it.
func (l *Ledger) checkDraws(ctx context.Context, q querier, fault faultFunc) error {
	_, diff, counts := l.drawsSQL()
	var table, logged, bad int64
	if err := q.QueryRowContext(ctx, counts).Scan(&table, &logged, &bad); err != nil {
		return fault(ctx, "reading what the licences have drawn", err)
	}
	if table == logged && bad == 0 {
		return nil
	}
	var (
		e        = DrawsChanged{Ledger: l.name, TableRows: table, LogRows: logged}
		seq      sql.NullInt64
		amount   sql.NullFloat64
		drawn    sql.NullFloat64
		lim, rec sql.NullString
	)
	err := q.QueryRowContext(ctx, diff).Scan(&e.Order, &rec, &lim, &seq, &amount, &drawn)
	if errors.Is(err, sql.ErrNoRows) {
		return &e // the counts differ, and no row says how: still refused
	}
	if err != nil {
		return fault(ctx, "reading what the licences have drawn", err)
	}
	e.Record, e.Limit, e.Seq = rec.String, lim.String, seq.Int64
	e.Table, e.InTable = amount.Float64, amount.Valid
	e.Log, e.InLog = drawn.Float64, drawn.Valid
	return &e
}

// CheckDrawsEvery makes the drawdown's reads (and CheckDraws) check the
// draws against the log only when the last check that passed is older
// than d; zero, the default, checks on every read. A server reads the
// drawdown for every request, and the check counts the whole log (~0.3 s
// at 1,000,000 rows): serve checks once a minute. A check that fails is
// not kept: every read checks again, and refuses, until one passes. Set
// it before the ledger is used.
func (l *Ledger) CheckDrawsEvery(d time.Duration) { l.drawsEvery = d }

// drawsCheck is checkDraws, skipped while a check that passed holds
// (CheckDrawsEvery).
func (l *Ledger) drawsCheck(ctx context.Context, q querier, fault faultFunc) error {
	if l.drawsFresh() {
		return nil
	}
	if err := l.checkDraws(ctx, q, fault); err != nil {
		return err
	}
	l.drawsPassed.Store(time.Now().UnixNano())
	return nil
}

// drawsFresh reports whether a check of the draws that passed still holds.
func (l *Ledger) drawsFresh() bool {
	last := l.drawsPassed.Load()
	return l.drawsEvery > 0 && last != 0 && time.Since(time.Unix(0, last)) < l.drawsEvery
}

// CheckDraws checks the draws table against the decision log's standing
// versions, as every read of the drawdown does first (a *DrawsChanged
// when they differ): what /readyz asks. It does not verify the log's
// hashes (Verify does).
func (l *Ledger) CheckDraws(ctx context.Context) error {
	if err := l.Ready(ctx); err != nil {
		return err
	}
	if l.drawsFresh() {
		return nil
	}
	ctx, cancel := within(ctx)
	defer cancel()
	tx, err := l.db.BeginTx(ctx, l.readTx())
	if err != nil {
		return l.fault("reading what the licences have drawn", err)
	}
	defer tx.Rollback()
	return l.drawsCheck(ctx, tx, l.faultIn)
}

// readTx is a read-only transaction of one snapshot: PostgreSQL's
// repeatable read, SQLite's read transaction.
func (l *Ledger) readTx() *sql.TxOptions {
	if l.kind == "postgres" {
		return &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
	}
	return &sql.TxOptions{ReadOnly: true}
}
