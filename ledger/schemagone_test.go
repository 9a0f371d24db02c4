package ledger_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/ledger/ledgertest"
)

// TestSchemaGone: the schema of a PostgreSQL ledger dropped while it is
// open. A commit, a read and Ping say so, naming the schema and the
// database, as a *SchemaGone, rather than in PostgreSQL's words alone.
func TestSchemaGone(t *testing.T) {
	base, why := ledgertest.Postgres()
	if base == "" {
		t.Skip(why)
	}
	ctx := context.Background()
	dsn := ledgertest.DSN(t, "postgres")
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	schema, database := u.Query().Get("search_path"), strings.TrimPrefix(u.Path, "/")
	l := openLedger(t, dsn)
	if err := commitUnder(t, l, "v1", "c1", "A"); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
		t.Fatal(err)
	}
	var queried error
	for _, err := range l.Query(ctx, ledger.Filter{}) {
		queried = err
		break
	}
	_, drawn := l.Drawn(ctx, nil)
	for _, tt := range []struct {
		what, doing string
		err         error
	}{
		{"a commit", "reading the chain's head", commitUnder(t, l, "v1", "c1", "B")},
		{"a query", "querying", queried},
		{"the drawdown", "reading what the licences have drawn", drawn},
		{"a ping", "reaching the database", l.Ping(ctx)},
	} {
		var gone *ledger.SchemaGone
		if !errors.As(tt.err, &gone) {
			t.Errorf("%s: %v, want a SchemaGone", tt.what, tt.err)
			continue
		}
		want := fmt.Sprintf("ledger %s: %s: the ledger's schema %q is gone from database %s (dropped while the ledger was open): restore it from a backup, which holds its decision log (exportcheck ledger migrate would make a new, empty one): ",
			l.Name(), tt.doing, schema, database)
		got, _, _ := strings.Cut(tt.err.Error(), "ERROR: ")
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.what, diff)
		}
	}
}
