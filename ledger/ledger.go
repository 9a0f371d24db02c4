// Package ledger keeps what exportcheck decided and what shipped in a real
// database: SQLite (embedded, pure Go) or PostgreSQL. It holds a decision
// log in which every row carries the hash of the row before it (a chain an
// auditor can verify), the orders committed (idempotent by order id) and
// what each draws on licences and notifications, so that the next check
// reads the drawdown so far.
//
// The ledger moves and keeps data; it decides nothing. The checker asks it
// what committed shipments drew (Drawn) and hands it each result to keep.
package ledger

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"modernc.org/sqlite" // database/sql driver "sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrations embed.FS

// foldCase is SQLite's name for a lower() that folds every letter's case,
// as PostgreSQL's does (SQLite's own folds ASCII only): the end user
// filters compare names with it.
const foldCase = "exportcheck_lower"

func init() {
	err := sqlite.RegisterDeterministicScalarFunction(foldCase, 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return strings.ToLower(v), nil
		case []byte:
			return strings.ToLower(string(v)), nil
		}
		return args[0], nil
	})
	if err != nil {
		panic(err)
	}
}

// lower is the SQL that folds the case of expr, letters beyond ASCII
// included, in the ledger's database.
func (l *Ledger) lower(expr string) string {
	if l.kind == "sqlite" {
		return foldCase + "(" + expr + ")"
	}
	return "lower(" + expr + ")"
}

// LockTimeout is how long a commit waits for another run's commit to the
// same ledger before it gives up.
var LockTimeout = 60 * time.Second

// Ledger is an open ledger database.
type Ledger struct {
	db    *sql.DB
	kind  string // "sqlite" or "postgres"
	name  string // the DSN without a password, for messages
	ready atomic.Bool
	rows  sync.Map // [2]int{n, ncol} -> rowsOf's text for a full batch, built once
	// readOnly is set when a SQLite ledger's file cannot be written here
	// (SQLite opened it for reading: a read-only mount, no permission).
	readOnly bool
	path     string // a SQLite ledger's file
	// revisions holds the revisions found committed with their content
	// (revision -> content): a row of the revisions table never changes,
	// so it is read once a process.
	revisions sync.Map
	// drawsEvery is how long a check of the draws that passed holds
	// (CheckDrawsEvery); drawsPassed when the last one passed (Unix
	// nanoseconds, 0 for none).
	drawsEvery  time.Duration
	drawsPassed atomic.Int64
}

// SQLitePath is the file a sqlite: DSN names, as Open reads it (sqlite:PATH
// or sqlite://PATH, the rest of the DSN a path whatever it holds: "?" is
// no query), and whether dsn is one.
func SQLitePath(dsn string) (string, bool) {
	p, ok := strings.CutPrefix(dsn, "sqlite:")
	if !ok {
		return "", false
	}
	return strings.TrimPrefix(p, "//"), true
}

// IsDSN reports whether s names a ledger as Open reads it (sqlite:…,
// postgres://… or postgresql://…), and s as it may be shown: without a
// password.
func IsDSN(s string) (shown string, ok bool) {
	if _, ok := SQLitePath(s); ok || strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://") {
		return redact(s), true
	}
	return "", false
}

// ErrNoLedger is the error of Open without create when the SQLite file
// is not there.
var ErrNoLedger = errors.New("no such ledger")

// noLedger is ErrNoLedger with what to run to create the ledger.
type noLedger struct{ msg string }

func (e noLedger) Error() string        { return e.msg }
func (e noLedger) Is(target error) bool { return target == ErrNoLedger }

// Open opens the ledger a DSN names: sqlite:PATH, or postgres://… (also
// postgresql://…). A SQLite file that does not exist is created only when
// create is set.
func Open(ctx context.Context, dsn string, create bool) (*Ledger, error) {
	l := &Ledger{name: redact(dsn)}
	var driver, source, path string
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path, _ = SQLitePath(dsn)
		if path == "" {
			return nil, fmt.Errorf("ledger %q: want sqlite:PATH", dsn)
		}
		l.path = path
		if _, err := os.Stat(path); err != nil && !create {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, noLedger{fmt.Sprintf("ledger %s: there is no such file (create it with: exportcheck ledger migrate --ledger %s)", l.name, dsn)}
			}
			return nil, fmt.Errorf("ledger %s: %w (create it with: exportcheck ledger migrate --ledger %s)", l.name, err, dsn)
		}
		if fi, err := os.Stat(path); err == nil && fi.IsDir() {
			return nil, fmt.Errorf("ledger %s: %s is a directory: give the ledger's file (sqlite:%s)", l.name, path, filepath.Join(path, "ledger.db"))
		}
		if _, err := os.Stat(filepath.Dir(path)); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("ledger %s: its directory %s does not exist: create it first (a new ledger file is made, not its directory)", l.name, filepath.Dir(path))
			}
			return nil, fmt.Errorf("ledger %s: its directory: %w", l.name, err)
		}
		// WAL lets readers read while a run commits; the busy timeout is
		// how long a commit waits for another's lock. The page cache is
		// SQLite's default (2 MB): a 64 MB one made a 1M-line commit no
		// faster and its peak RSS 125 MB larger. A new ledger gets 16 KB
		// pages: a log that grows by appending is written (to the WAL, then
		// by the checkpoint) in a quarter of the system calls 4 KB pages
		// take, which made a 1M-line commit 2.5–3 s faster; serve's small
		// group commits, which write whole pages, lost a quarter of their
		// rate (64 KB pages: 3–3.6 s, and 38 %; docs/ledger.md). A ledger
		// keeps the page size it was made with.
		// The driver runs the _pragma list in alphabetical order, before its
		// _journal_mode key: page_size comes before the first write fixes it.
		l.kind, driver = "sqlite", "sqlite"
		source = fileURI(path) + fmt.Sprintf("?_pragma=busy_timeout(%d)&_pragma=page_size(16384)&_journal_mode=WAL&_synchronous=NORMAL", LockTimeout.Milliseconds())
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		l.kind, driver, source = "postgres", "pgx", dsn
	default:
		return nil, fmt.Errorf("ledger %q: want sqlite:PATH or postgres://USER@HOST/DATABASE", l.name)
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	db, err := sql.Open(driver, source)
	if err == nil {
		err = db.PingContext(ctx)
		for l.kind == "sqlite" && err != nil && strings.Contains(err.Error(), "SQLITE_BUSY") && ctx.Err() == nil {
			// Another process making the same new file at once holds it
			// while it turns on WAL, which SQLite does not wait for as
			// busy_timeout says: try again.
			time.Sleep(50 * time.Millisecond)
			err = db.PingContext(ctx)
		}
		if err != nil {
			db.Close()
		}
	}
	if err != nil && l.kind == "sqlite" && cannotWrite(err) && exists(path) {
		// A WAL-mode file where nothing can be written beside it: SQLite
		// reads it only through an index file (PATH-shm) that a process
		// able to write made. Reading the file as immutable needs none,
		// but SQLite then neither locks nor notices changes: a process
		// writing the ledger through another mount would leave this one
		// reading stale or torn pages (a stale drawdown can pass a line
		// on a spent licence). Refused, with what to do.
		err = fmt.Errorf("%w: SQLite cannot read the ledger here without making its index file (%s-shm) beside it, and the directory cannot be written: copy the ledger file (with its -wal file, if any) to storage that can be written and open the copy", err, path)
	}
	if err != nil {
		return nil, fmt.Errorf("ledger %s: cannot reach the database: %w", l.name, oneLine{err})
	}
	if l.kind == "postgres" {
		if err := l.schemaChosen(ctx, db); err != nil {
			db.Close()
			return nil, err
		}
	}
	if l.kind == "sqlite" {
		// SQLite opens a file it cannot write for reading without saying
		// so (when its index is there to read by): a commit is refused at
		// Begin rather than at its first write, after the whole check.
		if f, err := os.OpenFile(path, os.O_RDWR, 0); err == nil {
			f.Close()
		} else if exists(path) {
			l.readOnly = true
		}
	}
	l.db = db
	return l, nil
}

// schemaChosen refuses a PostgreSQL connection that has no schema to keep
// the ledger's tables in: its search_path names none that exists in the
// database (or none the role may use), so PostgreSQL's current_schema()
// is NULL. Every command would otherwise fail further on in goose's or
// the server's words ("no schema has been selected to create in"). The
// schema is never made here: which schema a team's ledger lives in is
// theirs to say.
func (l *Ledger) schemaChosen(ctx context.Context, db *sql.DB) error {
	var current sql.NullString
	var path, database, user string
	err := db.QueryRowContext(ctx, "SELECT current_schema(), current_setting('search_path'), current_database(), current_user").Scan(&current, &path, &database, &user)
	if err != nil {
		return fmt.Errorf("ledger %s: reading the connection's schema: %w", l.name, err)
	}
	if current.Valid {
		return nil
	}
	names := searchPath(path, user)
	if len(names) == 0 {
		return fmt.Errorf("ledger %s: its search_path is empty, so database %s has no schema to keep the ledger's tables in: name an existing schema (?search_path=SCHEMA)", l.name, database)
	}
	rows, err := db.QueryContext(ctx, "SELECT nspname FROM pg_namespace WHERE nspname = ANY($1)", names)
	if err != nil {
		return fmt.Errorf("ledger %s: reading the schemas its search_path names: %w", l.name, err)
	}
	found := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return fmt.Errorf("ledger %s: reading the schemas its search_path names: %w", l.name, err)
		}
		found[n] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("ledger %s: reading the schemas its search_path names: %w", l.name, err)
	}
	for _, n := range names {
		if found[n] {
			// It exists, yet is not the current schema: the role lacks
			// USAGE on it.
			return fmt.Errorf("ledger %s: role %s may not use schema %q in database %s: grant it (GRANT USAGE ON SCHEMA %s TO %s) or change search_path", l.name, user, n, database, sqlIdent(n), sqlIdent(user))
		}
	}
	if len(names) == 1 {
		return fmt.Errorf("ledger %s: schema %q does not exist in database %s: create it (CREATE SCHEMA %s) or change search_path", l.name, names[0], database, sqlIdent(names[0]))
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	return fmt.Errorf("ledger %s: none of the schemas its search_path names (%s) exists in database %s: create one (CREATE SCHEMA %s) or change search_path", l.name, strings.Join(quoted, ", "), database, sqlIdent(names[0]))
}

// SchemaGone is a PostgreSQL ledger whose schema is no longer in its
// database: dropped while the ledger was open (Open refuses one missing
// from the start). Every read and commit fails until it is back, in
// PostgreSQL's words ("relation … does not exist") unless said so.
type SchemaGone struct {
	Ledger   string // the ledger's name (DSN without a password)
	Schema   string // the schema its search_path names (the first, when it names several)
	Database string
	Doing    string // what the ledger was doing
	Err      error  // the database's error
}

func (e *SchemaGone) Error() string {
	return fmt.Sprintf("ledger %s: %s: the ledger's schema %q is gone from database %s (dropped while the ledger was open): restore it from a backup, which holds its decision log (exportcheck ledger migrate would make a new, empty one): %v",
		e.Ledger, e.Doing, e.Schema, e.Database, e.Err)
}

func (e *SchemaGone) Unwrap() error { return e.Err }

// schemaGone is a *SchemaGone when err, a PostgreSQL error of a table or
// schema not found, comes of the ledger's schema gone from its database
// (current_schema() is NULL), else nil.
func (l *Ledger) schemaGone(doing string, err error) error {
	var pe *pgconn.PgError
	if l.kind != "postgres" || !errors.As(err, &pe) || (pe.Code != "42P01" && pe.Code != "3F000") { // undefined_table, invalid_schema_name
		return nil
	}
	// Asked on a connection of its own: the one that failed may be in a
	// transaction PostgreSQL aborted.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var current sql.NullString
	var path, database, user string
	if l.db.QueryRowContext(ctx, "SELECT current_schema(), current_setting('search_path'), current_database(), current_user").Scan(&current, &path, &database, &user) != nil || current.Valid {
		return nil
	}
	schema := path
	if names := searchPath(path, user); len(names) > 0 {
		schema = names[0]
	}
	return &SchemaGone{Ledger: l.name, Schema: schema, Database: database, Doing: doing, Err: err}
}

// searchPath is the schemas a search_path setting names, as PostgreSQL
// reads it: a comma-separated list of identifiers, those not in double
// quotes folded to lower case, "$user" the role's name.
func searchPath(setting, user string) []string {
	var names []string
	s := setting
	for {
		s = strings.TrimLeft(s, " \t\n\r")
		if s == "" {
			return names
		}
		var name string
		if s[0] == '"' {
			var b strings.Builder
			i := 1
			for i < len(s) {
				if s[i] == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						b.WriteByte('"')
						i += 2
						continue
					}
					break
				}
				b.WriteByte(s[i])
				i++
			}
			name, s = b.String(), s[min(i+1, len(s)):]
		} else {
			end := strings.IndexAny(s, ", \t\n\r")
			if end < 0 {
				end = len(s)
			}
			name, s = asciiLower(s[:end]), s[end:]
		}
		if name == "$user" {
			name = user
		}
		if name != "" {
			names = append(names, name)
		}
		s = strings.TrimLeft(s, " \t\n\r")
		s = strings.TrimPrefix(s, ",")
	}
}

// asciiLower folds A–Z only, as PostgreSQL folds an unquoted identifier
// in a UTF-8 database.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// plainIdent is an identifier SQL reads as written, without quotes.
var plainIdent = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// sqlIdent is name as an SQL identifier: in double quotes unless it reads
// as written without them.
func sqlIdent(name string) string {
	if plainIdent.MatchString(name) {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// fileURI is the SQLite URI of the file at path: what a URI reads
// otherwise (a query after ?, a fragment after #, %-escapes) escaped, so
// that the ledger is the file named, whatever its name.
func fileURI(path string) string {
	return "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// cannotWrite reports whether SQLite could not open a file, or write it:
// its directory or file is read-only, or SQLite's shared-memory file (the
// WAL's index, PATH-shm) cannot be made there.
func cannotWrite(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	code := e.Code() & 0xff
	return code == sqlite3.SQLITE_CANTOPEN || code == sqlite3.SQLITE_READONLY
}

// ReadOnly reports whether the ledger's file cannot be written here.
func (l *Ledger) ReadOnly() bool { return l.readOnly }

// Close closes the database.
func (l *Ledger) Close() error { return l.db.Close() }

// Name is the ledger's DSN without its password.
func (l *Ledger) Name() string { return l.name }

// Ping checks that the database answers and, for PostgreSQL, that the
// ledger's tables are still there: a *SchemaGone when its schema is not.
func (l *Ledger) Ping(ctx context.Context) error {
	if l.kind != "postgres" {
		return l.db.PingContext(ctx)
	}
	rows, err := l.db.QueryContext(ctx, "SELECT 1 FROM decisions LIMIT 0")
	if err != nil {
		return l.fault("reaching the database", err)
	}
	return rows.Close()
}

// DB is the database, for tests and tools that inspect it.
func (l *Ledger) DB() *sql.DB { return l.db }

// Kind is "sqlite" or "postgres".
func (l *Ledger) Kind() string { return l.kind }

// Redact is a DSN as messages may show it: without its password.
func Redact(dsn string) string { return redact(dsn) }

// redact is a DSN without its password: in the URL's user, or (libpq's
// URLs take it so too) a password parameter.
func redact(dsn string) string {
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		return dsn
	case !strings.Contains(dsn, "://"):
		// libpq's keyword/value form (host=… password=…), not taken, but
		// named in the refusal.
		return passwordValue.ReplaceAllString(dsn, "${1}xxxxx")
	}
	u, err := url.Parse(dsn)
	if err != nil {
		// Not a URL url.Parse reads (a bad %-escape in the password):
		// all between the scheme and the host goes.
		if i, at := strings.Index(dsn, "://")+3, strings.LastIndex(dsn, "@"); at > i {
			return dsn[:i] + "xxxxx" + dsn[at:]
		}
		return dsn
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	params := strings.Split(u.RawQuery, "&")
	for i, p := range params {
		k, _, _ := strings.Cut(p, "=")
		if k, err := url.QueryUnescape(k); err == nil && k == "password" {
			params[i] = "password=xxxxx"
		}
	}
	u.RawQuery = strings.Join(params, "&")
	return u.String()
}

// passwordValue is a password=VALUE pair, the value quoted or not.
var passwordValue = regexp.MustCompile(`(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)`)

func (l *Ledger) provider() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	d := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if l.kind == "postgres" {
		d = goose.DialectPostgres
		// Processes that start on a new ledger at once (pipelines
		// committing their first books, replicas of serve) migrate in
		// turn, under an advisory lock held for the session: without
		// it, all but one failed creating the same tables. (SQLite:
		// Migrate locks the file.)
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(d, l.db, sub, opts...)
}

// SchemaVersion is the newest schema version this exportcheck knows: the
// number its last migration's file name starts with.
func SchemaVersion() int64 {
	ents, _ := fs.ReadDir(migrations, "migrations")
	var v int64
	for _, e := range ents {
		n, err := goose.NumericComponent(e.Name())
		if err == nil {
			v = max(v, n)
		}
	}
	return v
}

// Version is the schema version of the database (0 for none).
func (l *Ledger) Version(ctx context.Context) (int64, error) {
	p, err := l.provider()
	if err != nil {
		return 0, err
	}
	v, err := p.GetDBVersion(ctx)
	if err != nil {
		if errors.Is(err, goose.ErrVersionNotFound) || strings.Contains(err.Error(), "does not exist") || strings.Contains(err.Error(), "no such table") {
			return 0, nil
		}
		return 0, fmt.Errorf("ledger %s: reading the schema version: %w", l.name, err)
	}
	return v, nil
}

// Migrate brings the schema to the newest version this exportcheck knows
// and returns the versions applied. A newer schema is refused.
func (l *Ledger) Migrate(ctx context.Context) ([]int64, error) {
	if err := l.notNewer(ctx); err != nil {
		return nil, err
	}
	p, err := l.provider()
	if err != nil {
		return nil, err
	}
	if l.kind == "sqlite" {
		// Processes migrating one file at once take turns: goose reads
		// which migrations were applied before another commits its own,
		// and would apply one again. A file lock (flock) on the ledger's
		// file, which SQLite's own locks (fcntl) do not touch.
		unlock, err := lockFile(l.path)
		if err != nil {
			return nil, fmt.Errorf("ledger %s: migrating: %w", l.name, err)
		}
		defer unlock()
	}
	res, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("ledger %s: migrating: %w", l.name, err)
	}
	var out []int64
	for _, r := range res {
		out = append(out, r.Source.Version)
	}
	return out, nil
}

func (l *Ledger) notNewer(ctx context.Context) error {
	v, err := l.Version(ctx)
	if err != nil {
		return err
	}
	if known := SchemaVersion(); v > known {
		return fmt.Errorf("ledger %s: its schema is version %d, newer than this exportcheck knows (%d): use the exportcheck that wrote it, or a newer one", l.name, v, known)
	}
	return nil
}

// Ready checks that the schema is the one this exportcheck knows. Once it
// is, it is not asked again: a process (serve) keeps the schema it
// started with.
func (l *Ledger) Ready(ctx context.Context) error {
	if l.ready.Load() {
		return nil
	}
	if err := l.notNewer(ctx); err != nil {
		return err
	}
	v, err := l.Version(ctx)
	if err != nil {
		return err
	}
	switch known := SchemaVersion(); {
	case v == 0:
		return fmt.Errorf("ledger %s has no schema: create it with exportcheck ledger migrate --ledger %s", l.name, l.name)
	case v < known:
		return fmt.Errorf("ledger %s: its schema is version %d, older than this exportcheck's %d: run exportcheck ledger migrate --ledger %s", l.name, v, known, l.name)
	}
	l.ready.Store(true)
	return nil
}

// oneLine is an error whose text is on one line: the PostgreSQL driver
// writes each address it tried on a line of its own, which a log line
// shows as "\n\t".
type oneLine struct{ err error }

func (e oneLine) Error() string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(e.err.Error(), func(r rune) bool { return r == '\n' || r == '\r' }) {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		if b.Len() > 0 {
			if strings.HasSuffix(b.String(), ":") {
				b.WriteByte(' ')
			} else {
				b.WriteString("; ")
			}
		}
		b.WriteString(part)
	}
	return b.String()
}

func (e oneLine) Unwrap() error { return e.err }
