package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// testDir is the package's directory, where the tests start.
var testDir, _ = os.Getwd()

var opaOnce struct {
	sync.Once
	path string
	err  error
}

// testOPA is the opa binary the pinned OPA module builds (go tool -n opa;
// the first build takes a minute).
func testOPA(t *testing.T) string {
	t.Helper()
	opaOnce.Do(func() {
		cmd := exec.Command("go", "tool", "-n", "opa")
		cmd.Dir = testDir // in the module, wherever a test has gone since
		out, err := cmd.Output()
		if ee, ok := err.(*exec.ExitError); ok {
			err = &exec.Error{Name: "go tool -n opa: " + string(ee.Stderr), Err: err}
		}
		opaOnce.path, opaOnce.err = strings.TrimSpace(string(out)), err
	})
	if opaOnce.err != nil {
		t.Fatal(opaOnce.err)
	}
	return opaOnce.path
}

// TestBenchServe: bench serve starts exportcheck serve, opa run --server
// on the same bundle and a do-nothing floor, finds that the two decide the
// mix alike, drives all three and prints them and the ratios.
func TestBenchServe(t *testing.T) {
	if testing.Short() {
		t.Skip("builds opa and starts two servers")
	}
	t.Setenv("EXPORTCHECK_TEST_AS_MAIN", "1") // the server bench serve starts is this binary, as exportcheck
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"bench", "serve", "--opa", testOPA(t), "--duration", "1s", "--warmup", "1ns", // a warm-up too short to complete a request is no fault
		"--connections", "4", "--orders", "400", "--agree", "400"}, nil, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout.String(), stderr.String())
	}
	for _, re := range []string{
		`(?m)^A mix of 400 single orders, 4 connections, 1s each after 1ns warm-up; both servers decided the first 400 alike\.$`,
		`(?m)^The floor is a net/http server whose handler does nothing \(it answers [0-9]+ bytes\)`,
		`(?m)^SERVER +REQUESTS +REQUESTS/S +P50 MS +P99 MS +ERRORS$`,
		`(?m)^net/http floor +[1-9][0-9]* +[1-9][0-9]* +[0-9.]+ +[0-9.]+ +0$`,
		`(?m)^exportcheck serve +[1-9][0-9]* +[1-9][0-9]* +[0-9.]+ +[0-9.]+ +0$`,
		`(?m)^opa run --server +[1-9][0-9]* +[1-9][0-9]* +[0-9.]+ +[0-9.]+ +0$`,
		`(?m)^exportcheck serves [0-9.]+× the requests/s of opa run --server \(p99 [0-9.]+ ms against [0-9.]+ ms\), and [0-9]+ % of the floor's \(p99 [0-9.]+ ms\)\.$`,
	} {
		if !regexp.MustCompile(re).MatchString(stdout.String()) {
			t.Errorf("output lacks %s:\n%s", re, stdout.String())
		}
	}
}
