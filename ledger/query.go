package ledger

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/reports"
)

// Filter selects rows of the decision log; empty fields select all.
type Filter struct {
	OrderID string
	// EndUserPart selects rows whose end user's name holds this text,
	// without regard to case ("falcon" finds "Falcon Compute DC"): the
	// CLI's --end-user, the API's end_user and the review desk's filter.
	// Blank, it is refused (EndUserPartError).
	EndUserPart string
	Licence     string // a licence or VEU number, or a notification's BIS reference
	Since       string // ship date on or after, YYYY-MM-DD
	After       int64  // rows after this sequence number (paging)
	Limit       int    // at most this many rows; 0 for all

	Seq         int64    // the row with this sequence number
	Standing    bool     // only each order's standing version (its latest row that is not an action)
	Decisions   []string // only rows with one of these decisions
	Product     string   // product ID
	Destination string   // country code
	Before      int64    // rows before this sequence number (paging newest first)
	Newest      bool     // newest first
	// Entry selects rows whose screening hits name this list entry (its
	// _id).
	Entry string
	// DecidedBefore selects rows whose run started before this time
	// (RFC 3339, UTC): lines waiting at least so long.
	DecidedBefore time.Time
}

// EndUserPartError refuses part of an end user's name that is blank:
// it would select every row, which whoever typed it did not ask for.
func EndUserPartError(part string) error {
	if strings.TrimSpace(part) == "" {
		return errors.New("give part of the end user's name")
	}
	return nil
}

// where is the filter as SQL conditions on decisions d, with their
// arguments; paging (After, Before, Limit) is left out when paged is false.
func (l *Ledger) where(ctx context.Context, f Filter, paged bool) (string, []any, error) {
	var where []string
	var args []any
	add := func(cond string, vals ...any) { // cond with a ? per value
		parts := strings.Split(cond, "?")
		var b strings.Builder
		for i, p := range parts {
			b.WriteString(p)
			if i < len(vals) {
				args = append(args, vals[i])
				b.WriteString(l.params(len(args), 1))
			}
		}
		where = append(where, b.String())
	}
	if f.OrderID != "" {
		add("d.order_id = ?", strings.TrimSpace(f.OrderID)) // kept without spaces around it
	}
	if f.EndUserPart != "" {
		if err := EndUserPartError(f.EndUserPart); err != nil {
			return "", nil, err // blank: not every row
		}
		p := strings.TrimSpace(f.EndUserPart)
		like := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(p))
		add(l.lower("d.end_user")+` LIKE ? ESCAPE '\'`, "%"+like+"%")
	}
	if f.Licence != "" {
		auths, err := l.authsOf(ctx, f.Licence)
		if err != nil {
			return "", nil, err
		}
		if len(auths) == 0 {
			add("1 = 0") // no row drew on it
		} else {
			// The rows drawn on it, and the reviewers' assignments of end
			// users to it (why a row of an end user it does not name drew).
			add("d.auth IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(auths)), ", ")+") AND ("+versionRow("d")+" OR d.kind = '"+KindAssignment+"')", auths...)
		}
	}
	if f.Since != "" {
		add("d.ship_date >= ?", f.Since)
	}
	if f.Seq > 0 {
		add("d.seq = ?", f.Seq)
	}
	if f.Product != "" {
		add("d.product = ?", f.Product)
	}
	if f.Destination != "" {
		add("d.destination = ?", strings.ToUpper(strings.TrimSpace(f.Destination)))
	}
	if len(f.Decisions) > 0 {
		vals := make([]any, len(f.Decisions))
		for i, d := range f.Decisions {
			vals[i] = d
		}
		add("d.decision IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(vals)), ", ")+")", vals...)
	}
	if f.Entry != "" {
		id, _ := json.Marshal(f.Entry)
		like := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(`"entry_id":` + string(id))
		add(`d.hits LIKE ? ESCAPE '\'`, "%"+like+"%")
	}
	if !f.DecidedBefore.IsZero() {
		add("EXISTS (SELECT 1 FROM runs w WHERE w.run_id = d.run_id AND w.started_at < ?)", f.DecidedBefore.UTC().Format(time.RFC3339))
	}
	if f.Standing {
		add("d.standing = 1")
		if len(f.Decisions) > 0 && !slices.Contains(f.Decisions, "allow") {
			add("d.decision <> 'allow'") // the index of open standing lines (migration 00003)
		}
	}
	if paged && f.After > 0 {
		add("d.seq > ?", f.After)
	}
	if paged && f.Before > 0 {
		add("d.seq < ?", f.Before)
	}
	if len(where) == 0 {
		return "", nil, nil
	}
	return " WHERE " + strings.Join(where, " AND "), args, nil
}

// authsOf are the records rows name (d.auth, "kind:number" as written when
// they were committed) that are the licence, VEU or notification number
// names, as the records compare numbers (checker.RecordKey): "d 1234567"
// finds the rows of license:D1234567.
func (l *Ledger) authsOf(ctx context.Context, number string) ([]any, error) {
	want := map[string]bool{checker.RecordKey("license", number): true, checker.RecordKey("notification", number): true}
	rows, err := l.db.QueryContext(ctx, "SELECT DISTINCT auth FROM decisions WHERE auth <> ''")
	if err != nil {
		return nil, l.fault("querying", err)
	}
	defer rows.Close()
	var out []any
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, l.fault("querying", err)
		}
		if kind, n, _ := strings.Cut(a, ":"); want[checker.RecordKey(kind, n)] {
			out = append(out, a)
		}
	}
	return out, rows.Err()
}

// Counts are how many rows a filter selects, by decision (paging ignored).
func (l *Ledger) Counts(ctx context.Context, f Filter) (map[string]int, error) {
	if err := l.Ready(ctx); err != nil {
		return nil, err
	}
	where, args, err := l.where(ctx, f, false)
	if err != nil {
		return nil, err
	}
	rows, err := l.db.QueryContext(ctx, "SELECT d.decision, COUNT(*) FROM decisions d"+where+" GROUP BY d.decision", args...)
	if err != nil {
		return nil, l.fault("counting", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var d string
		var n int
		if err := rows.Scan(&d, &n); err != nil {
			return nil, err
		}
		out[d] = n
	}
	return out, rows.Err()
}

// Query yields the rows a filter selects, in log order (newest first with
// Filter.Newest).
func (l *Ledger) Query(ctx context.Context, f Filter) iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		if err := l.Ready(ctx); err != nil {
			yield(Row{}, err)
			return
		}
		where, args, err := l.where(ctx, f, true)
		if err != nil {
			yield(Row{}, err)
			return
		}
		order := " ORDER BY d.seq"
		if f.Newest {
			order += " DESC"
		}
		if f.Limit > 0 {
			// A page: its rows' numbers first, from the log alone (the
			// planners then pick an index or a scan in log order, and
			// stop at the limit), then the rows with their runs and
			// reasons. Joined in one query, SQLite would join and sort
			// every row the filter selects (the queue: 0.8 s at 180,000
			// open lines; this way under a millisecond).
			where = fmt.Sprintf(" WHERE d.seq IN (SELECT d.seq FROM decisions d%s%s LIMIT %d)", where, order, f.Limit)
		}
		q := "SELECT d." + strings.ReplaceAll(columns, ", ", ", d.") + ", r.started_at, r.tool_version, r.policy_revision, r.records_revision, r.screening, r.inputs, r.actor, r.content, r.reason, COALESCE(t.body, ''), d.standing" +
			" FROM decisions d LEFT JOIN runs r ON r.run_id = d.run_id LEFT JOIN texts t ON t.hash = d.reasons_hash" + where + order
		rows, err := l.db.QueryContext(ctx, q, args...)
		if err != nil {
			yield(Row{}, l.fault("querying", err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			var r Row
			var started, tool, pol, rec, scr, in, actor, content, reason sql.NullString
			var standing int64
			err := rows.Scan(append(r.scanArgs(), &started, &tool, &pol, &rec, &scr, &in, &actor, &content, &reason, &r.Reasons, &standing)...)
			r.Standing = standing == 1
			r.readHashes()
			if err != nil {
				yield(Row{}, err)
				return
			}
			r.Run = runFields{Started: started.String, ToolVersion: tool.String, PolicyRevision: pol.String, RecordsRevision: rec.String, Screening: scr.String, Inputs: in.String, Actor: actor.String, Content: content.String, Reason: reason.String}
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
// record ("kind:number", as the ledger wrote it when the lines were
// committed) -> limit -> amount. A record whose number is now written
// otherwise, or whose kind was corrected, is found by DrawnByRecordKey.
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

// DrawnByRecordKey is what committed shipments drew on each record and
// limit by the record's identity (checker.RecordKey: a number written
// otherwise, or a licence's kind corrected since, is the same record):
// record key -> limit -> amount. Look a record up with
// checker.RecordKey(kind, number).
func (l *Ledger) DrawnByRecordKey(ctx context.Context) (map[string]map[string]float64, error) {
	d, err := l.Drawn(ctx, nil)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]float64{}
	for k, v := range d {
		kind, number, _ := strings.Cut(k[0], ":")
		rk := checker.RecordKey(kind, number)
		if out[rk] == nil {
			out[rk] = map[string]float64{}
		}
		out[rk][k[1]] += v
	}
	return out, nil
}

// Result is the row as the checker gave it, for the reports: the order as
// read, the decision, its reasons and the authorization drawn (what
// remained after it is not kept).
func (r *Row) Result() (checker.Result, error) {
	res := checker.Result{ProductID: r.Product, Date: r.ShipDate, ECCN: r.ECCN, Regime: r.Regime, ReviewPolicy: r.Review, Exception: r.Exception}
	if r.IsAction() {
		return res, fmt.Errorf("ledger row %d is a reviewer's %s, not a line", r.Seq, r.Kind)
	}
	d, err := checker.ParseDecision(r.Decision)
	if err != nil {
		return res, fmt.Errorf("ledger row %d: %w", r.Seq, err)
	}
	res.Decision = d
	var fields []string
	if err := json.Unmarshal([]byte(r.Inputs), &fields); err != nil || len(fields)%2 != 0 {
		return res, fmt.Errorf("ledger row %d: its inputs are not name, value pairs", r.Seq)
	}
	o := &res.Order
	o.File, o.Line = r.File, r.Line
	for i := 0; i < len(fields); i += 2 {
		if !o.Set(fields[i], fields[i+1]) {
			o.Extra = append(o.Extra, checker.Field{Name: fields[i], Value: fields[i+1]})
		}
	}
	if r.Reasons != "" {
		if err := json.Unmarshal([]byte(r.Reasons), &res.Reasons); err != nil {
			return res, fmt.Errorf("ledger row %d: its reasons: %w", r.Seq, err)
		}
	}
	res.Headline = r.Headline
	if r.Hits != "" && r.Hits != "[]" {
		json.Unmarshal([]byte(r.Hits), &res.Screening)
	}
	if kind, number, ok := strings.Cut(r.Auth, ":"); ok {
		a := &checker.Authorization{Kind: kind, Number: number}
		var draws []struct {
			Limit  string  `json:"limit"`
			Amount float64 `json:"amount"`
		}
		json.Unmarshal([]byte(r.Drawn), &draws)
		for _, dr := range draws {
			a.Draws = append(a.Draws, checker.Draw{Limit: dr.Limit, Amount: dr.Amount})
		}
		if len(draws) > 0 {
			a.Limit = draws[0].Limit
		}
		a.Drawn, _ = strconv.ParseInt(strings.TrimSpace(o.Quantity), 10, 64)
		res.Authorization = a
	}
	return res, nil
}

// Map is the row as the API and ledger query --format json show it, with
// headline (1 + the index in reasons of the reason that decided the line)
// when the row keeps one.
func (r *Row) Map() map[string]any {
	raw := func(s, empty string) json.RawMessage {
		if s == "" {
			s = empty
		}
		return json.RawMessage(s)
	}
	m := map[string]any{
		"seq": r.Seq, "kind": r.Kind, "run_id": r.RunID, "order_id": r.OrderID, "file": r.File, "line": r.Line,
		"ship_date": r.ShipDate, "product": r.Product, "destination": r.Destination, "end_user": r.EndUser,
		"decision": r.Decision, "eccn": r.ECCN, "regime": r.Regime, "review_policy": r.Review, "exception": r.Exception,
		"authorization": r.Auth, "drawn": raw(r.Drawn, "[]"), "reasons": raw(r.Reasons, "[]"), "screening_hits": raw(r.Hits, "[]"),
		"inputs": raw(r.Inputs, "[]"), "policy_revision": r.Run.PolicyRevision, "records_revision": r.Run.RecordsRevision,
		"decided_at": r.Run.Started, "actor": r.Run.Actor, "commit_reason": r.Run.Reason, "prev_hash": r.PrevHash, "row_hash": r.RowHash,
	}
	if r.Headline != 0 { // hashed as the row's last field when set
		m["headline"] = r.Headline
	}
	return m
}

// ContextDrawdown is a checker.Drawdown that reads inside the commit a
// request's context carries (WithSession), else the ledger as it stands:
// one checker serves many requests, each with its own commit.
type ContextDrawdown struct{ L *Ledger }

type sessionKey struct{}

// WithSession is ctx carrying a commit for ContextDrawdown.
func WithSession(ctx context.Context, s *Session) context.Context {
	return context.WithValue(ctx, sessionKey{}, s)
}

// Drawn implements checker.Drawdown.
func (d ContextDrawdown) Drawn(ctx context.Context, except []string) (map[[2]string]float64, error) {
	if s, ok := ctx.Value(sessionKey{}).(*Session); ok {
		return s.Drawn(ctx, except)
	}
	return d.L.Drawn(ctx, except)
}

// Committed implements checker.Drawdown.
func (d ContextDrawdown) Committed(ctx context.Context, ids []string) (map[string]checker.CommittedDraw, error) {
	if s, ok := ctx.Value(sessionKey{}).(*Session); ok {
		return s.Committed(ctx, ids)
	}
	return d.L.Committed(ctx, ids)
}

// RunRecord is a committing run as the runs table keeps it.
type RunRecord struct {
	ID, Started, ToolVersion, PolicyRevision, RecordsRevision, Actor string
	// Screening and Inputs are as stored (JSON: see Screened and Files).
	Screening, Inputs string
	// Decided says whether the run wrote versions of orders among the
	// rows selected; false for a run that wrote only reviewers' actions
	// (which screen nothing).
	Decided bool
	// Missing says the runs table has no row for it (a ledger that does
	// not verify).
	Missing bool
}

// Screening is what a run screened against, as the runs table records
// it.
type Screening struct {
	// Lists are the lists: in the order the run named them; for a run
	// recorded before 2026-12-07, by path.
	Lists []reports.Snapshot
	// Off says the run screened against no list.
	Off bool
	// Whole says each list is recorded as check's outputs record it
	// (entries, newest entry, download time, demonstration excerpt), and
	// screening off as such. False for a run recorded before 2026-12-07,
	// which kept each list's path and SHA-256 only, and {} for screening
	// off (read as Off).
	Whole bool
}

// Screened is what the run screened against, read from either form the
// runs table keeps (Run): {"off":true}; a JSON array of lists, each as
// reports.Snapshot ([] for none known); before 2026-12-07, a JSON object
// of path -> SHA-256 ({} for none: screening off). An error for anything
// else, and for a list without its path or SHA-256.
func (r *RunRecord) Screened() (Screening, error) {
	js := strings.TrimSpace(r.Screening)
	bad := func() (Screening, error) {
		return Screening{}, fmt.Errorf(`ledger run %s: its screening lists are not stored in a form the ledger writes (a JSON array of lists, each with its path and SHA-256; {"off":true}; before 2026-12-07, a JSON object of path -> SHA-256): %q`, r.ID, r.Screening)
	}
	switch {
	case js == screeningOff:
		return Screening{Off: true, Whole: true}, nil
	case strings.HasPrefix(js, "["):
		var lists []reports.Snapshot
		if err := json.Unmarshal([]byte(js), &lists); err != nil {
			return bad()
		}
		for _, sn := range lists {
			if sn.Path == "" || sn.SHA256 == "" {
				return bad()
			}
		}
		if len(lists) == 0 {
			lists = nil
		}
		return Screening{Lists: lists, Whole: true}, nil
	case strings.HasPrefix(js, "{"):
		m, err := pathHashes(r.ID, "screening lists", js)
		if err != nil {
			return bad()
		}
		var out Screening
		for _, path := range slices.Sorted(maps.Keys(m)) {
			out.Lists = append(out.Lists, reports.Snapshot{Path: path, SHA256: m[path]})
		}
		out.Off = len(out.Lists) == 0
		return out, nil
	}
	return bad()
}

// Files are the run's input files: path -> SHA-256.
func (r *RunRecord) Files() (map[string]string, error) {
	return pathHashes(r.ID, "input files", r.Inputs)
}

func pathHashes(run, what, js string) (map[string]string, error) {
	m := map[string]string{}
	if err := json.Unmarshal([]byte(js), &m); err != nil {
		return nil, fmt.Errorf("ledger run %s: its %s are not stored as JSON path -> SHA-256: %q", run, what, js)
	}
	return m, nil
}

// Runs are the runs that wrote the rows f selects, in the order they
// started: what each was decided under (its screening lists and input
// files with their SHA-256), for the records the rows are exported to.
func (l *Ledger) Runs(ctx context.Context, f Filter) ([]RunRecord, error) {
	if err := l.Ready(ctx); err != nil {
		return nil, err
	}
	f.After, f.Before, f.Limit = 0, 0, 0
	where, args, err := l.where(ctx, f, false)
	if err != nil {
		return nil, err
	}
	q := "SELECT x.run_id, x.decided, r.run_id, r.started_at, r.tool_version, r.policy_revision, r.records_revision, r.screening, r.inputs, r.actor" +
		" FROM (SELECT d.run_id, MAX(CASE WHEN " + versionRow("d") + " THEN 1 ELSE 0 END) AS decided FROM decisions d" + where + " GROUP BY d.run_id) x" +
		" LEFT JOIN runs r ON r.run_id = x.run_id ORDER BY COALESCE(r.started_at, ''), x.run_id"
	rows, err := l.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, l.fault("querying", err)
	}
	defer rows.Close()
	var out []RunRecord
	for rows.Next() {
		var r RunRecord
		var decided int64
		var id, started, tool, pol, rec, scr, in, actor sql.NullString
		if err := rows.Scan(&r.ID, &decided, &id, &started, &tool, &pol, &rec, &scr, &in, &actor); err != nil {
			return nil, l.fault("querying", err)
		}
		r.Decided, r.Missing = decided == 1, !id.Valid
		r.Started, r.ToolVersion, r.PolicyRevision, r.RecordsRevision = started.String, tool.String, pol.String, rec.String
		r.Screening, r.Inputs, r.Actor = scr.String, in.String, actor.String
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, l.fault("querying", err)
	}
	return out, nil
}
