package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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

// TestLedgerKilled kills a committing run (SIGKILL) while it waits for
// more of its book on standard input, after thousands of its lines were
// judged and handed to the ledger: nothing of it is committed, the chain
// verifies, no lock is left, and committing the same book again completes
// it, drawing once.
func TestLedgerKilled(t *testing.T) {
	for _, kind := range ledgertest.Kinds {
		t.Run(kind, func(t *testing.T) {
			dsn := "sqlite:" + filepath.Join(t.TempDir(), "ledger.db")
			if kind == "postgres" {
				dsn = ledgertest.DSN(t, kind)
			}
			var book strings.Builder
			book.WriteString("id,product,quantity,destination,end_user,end_user_hq,date\n")
			for i := range 3000 {
				fmt.Fprintf(&book, "K-%d,nvidia-h100-sxm5,1,AE,Falcon Compute Data Center LLC,AE,2026-03-%02d\n", i, 1+i%28)
			}
			args := []string{"check", "--screening-list", "demo", "--fail-on", "prohibited", "--format", "jsonl", "--ledger", dsn, "--commit", "-"}
			cmd := exec.Command(os.Args[0], args...)
			cmd.Env = append(os.Environ(), "EXPORTCHECK_TEST_AS_MAIN=1")
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			io.WriteString(stdin, book.String()) // and the book goes on: stdin stays open
			sc := bufio.NewScanner(stdout)
			sc.Buffer(nil, 1<<20)
			n := 0
			for n < 2500 && sc.Scan() {
				n++
			}
			if n < 2500 {
				t.Fatalf("the run wrote %d lines before it ended", n)
			}
			cmd.Process.Kill()
			cmd.Wait()

			var out, errb bytes.Buffer
			if code := run(context.Background(), []string{"ledger", "verify", "--ledger", dsn}, nil, &out, &errb); code != 0 || !strings.Contains(out.String(), ": no rows verified from the first row; head (empty)") {
				t.Fatalf("verify after the kill: exit %d\n%s%s", code, out.String(), errb.String())
			}
			out.Reset()
			errb.Reset()
			args[len(args)-1] = filepath.Join(t.TempDir(), "book.csv")
			os.WriteFile(args[len(args)-1], []byte(book.String()), 0o644)
			if code := run(context.Background(), args, nil, io.Discard, &errb); code != 0 || !strings.Contains(errb.String(), "committed 3,000 lines; chain head") {
				t.Fatalf("committing the book again: exit %d\n%s", code, errb.String())
			}
			if code := run(context.Background(), []string{"ledger", "verify", "--ledger", dsn}, nil, &out, &errb); code != 0 || !strings.Contains(out.String(), ": 3,000 rows verified") {
				t.Fatalf("verify after the second run: exit %d\n%s%s", code, out.String(), errb.String())
			}
		})
	}
}
