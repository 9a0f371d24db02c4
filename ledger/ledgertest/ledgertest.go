// Package ledgertest makes ledger databases for tests (and for bench
// --ledger): a SQLite file, or a PostgreSQL schema of the test's own on
// the server EXPORTCHECK_TEST_POSTGRES names.
package ledgertest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// Kinds are the databases every ledger test runs on.
var Kinds = []string{"sqlite", "postgres"}

// DSN makes an empty ledger database for one test: a SQLite file in
// the test's directory, or a PostgreSQL schema of its own (dropped after
// the test) on the server EXPORTCHECK_TEST_POSTGRES names.
func DSN(t testing.TB, kind string) string {
	t.Helper()
	if kind == "sqlite" {
		return "sqlite:" + filepath.Join(t.TempDir(), "ledger.db")
	}
	base, why := Postgres()
	if base == "" {
		t.Skip(why)
	}
	dsn, drop, err := Schema(base)
	if err != nil {
		t.Fatalf("EXPORTCHECK_TEST_POSTGRES=%s: %v", base, err)
	}
	t.Cleanup(drop)
	return dsn
}

// Schema makes a PostgreSQL schema of its own on the server base names,
// and returns a DSN whose search path is that schema, and a func that
// drops it.
func Schema(base string) (string, func(), error) { return SchemaNamed(base, "exportcheck_test_") }

// SchemaNamed is Schema, the schema's name starting with prefix (bench
// makes its own: exportcheck_bench_…).
func SchemaNamed(base, prefix string) (string, func(), error) {
	b := make([]byte, 6)
	rand.Read(b)
	schema := prefix + hex.EncodeToString(b)
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, err
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, err
	}
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		db.Close()
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), func() {
		db.Exec("DROP SCHEMA " + schema + " CASCADE")
		db.Close()
	}, nil
}

// Postgres is the DSN of the test server, or why PostgreSQL tests are
// skipped.
func Postgres() (string, string) {
	if base := os.Getenv("EXPORTCHECK_TEST_POSTGRES"); base != "" {
		return base, ""
	}
	return "", "PostgreSQL tests skipped: set EXPORTCHECK_TEST_POSTGRES to a server's DSN (.ci/run sets it to postgres://postgres@127.0.0.1:5432/test)"
}
