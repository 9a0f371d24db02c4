package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run the exportcheck command in-process.
func TestMain(m *testing.M) {
	if os.Getenv("EXPORTCHECK_TEST_AS_MAIN") == "main" { // main itself, profiles and all (TestProfilePathEscaped)
		main()
		os.Exit(0)
	}
	if os.Getenv("EXPORTCHECK_TEST_AS_MAIN") == "1" { // a test runs this binary as exportcheck (TestLedgerKilled, TestServeProcess)
		ctx, _ := signalContext()
		os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	testscript.Main(m, map[string]func(){
		"exportcheck": func() {
			ctx, _ := signalContext() // as main: a closed pipe is EPIPE
			os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// TestScripts runs the CLI scripts in testdata/script: command, exit code,
// stdout, stderr and files. Each script runs in a fresh directory with
// $EXAMPLES pointing at the repository's examples, and $WORKURL at an
// HTTP server of that directory on loopback (for lists update: nothing
// is downloaded from the internet), and $WHOLELIST at a synthetic list that
// holds what the whole Consolidated Screening List holds (for --strict runs
// that must not be refused for their screening list).
func TestScripts(t *testing.T) {
	examples, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	whole := filepath.Join(t.TempDir(), "whole.csv")
	if err := os.WriteFile(whole, wholeList(t, testCoverage(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(e *testscript.Env) error {
			e.Setenv("EXAMPLES", examples+"/../../examples")
			e.Setenv("POLICIES", examples+"/../../policies")
			e.Setenv("DATA", examples+"/../../data")
			e.Setenv("NO_COLOR", "1")
			// The day in UTC, as clear dates what it writes (recorded).
			e.Setenv("TODAY", time.Now().UTC().Format(time.DateOnly))
			srv := httptest.NewServer(http.FileServer(http.Dir(e.WorkDir)))
			e.Defer(srv.Close)
			e.Setenv("WORKURL", srv.URL)
			e.Setenv("WHOLELIST", whole)
			return nil
		},
		UpdateScripts: os.Getenv("UPDATE_SCRIPTS") == "1",
	})
}
