package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/exportcheck/exportcheck/ledger/ledgertest"
)

// TestLedgerScripts runs the scripts in testdata/ledger once on SQLite
// and once on PostgreSQL, with $LEDGER naming a new, empty ledger for each
// script (a file, or a schema of its own).
func TestLedgerScripts(t *testing.T) {
	repo, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range ledgertest.Kinds {
		t.Run(kind, func(t *testing.T) {
			base, why := ledgertest.Postgres()
			if kind == "postgres" && base == "" {
				t.Skip(why)
			}
			testscript.Run(t, testscript.Params{
				Dir: "testdata/ledger",
				Setup: func(e *testscript.Env) error {
					e.Setenv("EXAMPLES", repo+"/../../examples")
					e.Setenv("NO_COLOR", "1")
					if kind == "sqlite" {
						e.Setenv("LEDGER", "sqlite:"+filepath.Join(e.WorkDir, "ledger.db"))
						return nil
					}
					dsn, drop, err := ledgertest.Schema(base)
					if err != nil {
						return err
					}
					e.Defer(drop)
					e.Setenv("LEDGER", dsn)
					return nil
				},
				UpdateScripts: os.Getenv("UPDATE_SCRIPTS") == "1",
			})
		})
	}
}
