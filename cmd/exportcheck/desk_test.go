package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/exportcheck/exportcheck/serve"
)

// TestDeskClearanceKept follows a clearance from the review desk to the
// command line, as a team would: a book committed with check, a reviewer
// clears its screening candidate at the desk of a server on the same
// ledger, and then check --ledger (and a server started afresh) apply the
// clearance the ledger keeps; committing the book again is no conflict;
// the chain verifies.
func TestDeskClearanceKept(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "ledger.db")
	book := filepath.Join(dir, "orders.csv")
	// REV-1 ships the day after the clearance is made (today): a clearance
	// holds for lines shipping on or after the day it was made. A far
	// horizon keeps that date judged whatever the day the test runs.
	shipDay := time.Now().UTC().AddDate(0, 0, 1).Format(time.DateOnly)
	const horizon = "18250d"
	os.WriteFile(book, []byte("id,product,quantity,destination,end_user,end_user_hq,date\nREV-1,nvidia-rtx-4060,2,AE,Atlas Sanatgar Trading,AE,"+shipDay+"\nOK-1,nvidia-h100-sxm5,1,DE,Berlin Render GmbH,DE,2026-03-02\n"), 0o644)
	exportcheck := func(args ...string) (string, int) {
		t.Helper()
		if args[0] == "check" {
			args = append([]string{"check", "--date-horizon", horizon}, args[1:]...)
		}
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), "EXPORTCHECK_TEST_AS_MAIN=1", "NO_COLOR=1")
		out, err := cmd.CombinedOutput()
		code := 0
		if e, ok := err.(*exec.ExitError); ok {
			code = e.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), code
	}
	if out, code := exportcheck("check", "--screening-list", "demo", "--ledger", dsn, "--commit", "--format", "jsonl", book); code != 1 || !strings.Contains(out, `"decision":"review"`) {
		t.Fatalf("committing the book: exit %d\n%s", code, out)
	}

	tok, entry := serve.NewToken("reviewer", []string{"review"})
	tokens := filepath.Join(dir, "tokens.yaml")
	os.WriteFile(tokens, []byte(fmt.Sprintf("tokens:\n  - name: %s\n    sha256: %s\n    roles: [review]\n", entry.Name, entry.SHA256)), 0o600)
	srv, addr := startServe(t, "--tokens", tokens, "--ledger", dsn, "--date-horizon", horizon)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	get := func(path string, form url.Values) string {
		t.Helper()
		var resp *http.Response
		var err error
		if form == nil {
			resp, err = c.Get(addr + path)
		} else {
			resp, err = c.PostForm(addr+path, form)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d\n%s", path, resp.StatusCode, b)
		}
		return string(b)
	}
	queue := get("/desk/login", url.Values{"token": {tok}})
	seq := regexp.MustCompile(`href="/desk/lines/(\d+)">(?:<span class="word">)?REV-1<`).FindStringSubmatch(queue)
	if seq == nil {
		t.Fatalf("REV-1 is not in the queue:\n%s", queue)
	}
	line := get("/desk/lines/"+seq[1], nil)
	csrf := regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`).FindStringSubmatch(line)
	cand := regexp.MustCompile(`<option value="([0-9a-f]+)">UVL Atlas Sanatgaran`).FindStringSubmatch(line)
	if csrf == nil || cand == nil {
		t.Fatalf("no adjudication form on REV-1's page:\n%s", line)
	}
	now := get("/desk/lines/"+seq[1]+"/clearance", url.Values{"csrf": {csrf[1]}, "entry": {cand[1]}, "outcome": {"false_positive"},
		"reason": {"Registered in Dubai; the listed party is in Yerevan."}, "expires": {time.Now().UTC().AddDate(0, 3, 0).Format(time.DateOnly)}})
	if !strings.Contains(now, "Order REV-1: allow") || !strings.Contains(now, "Clearance kept") {
		t.Fatalf("the line after the clearance:\n%s", now)
	}
	srv.Process.Kill()
	srv.Wait()

	// The command line applies the clearance the ledger keeps.
	out, code := exportcheck("check", "--screening-list", "demo", "--ledger", dsn, "--format", "jsonl", book)
	if code != 0 || strings.Contains(out, `"decision":"review"`) || !regexp.MustCompile(`cleared as a false positive by reviewer on \d{4}-\d\d-\d\d until [^"]*\(the clearance kept at the review desk, ledger row \d+, downloaded as atlas-sanatgar-trading-[0-9a-f]{12}-[0-9a-f]{8}-\d{4}-\d\d-\d\d\.yaml; commit it to the records\)`).MatchString(out) {
		t.Errorf("check --ledger after the clearance: exit %d\n%s", code, out)
	}
	if out, code := exportcheck("check", "--screening-list", "demo", "--ledger", dsn, "--commit", book); code != 0 || !strings.Contains(out, "2 already") {
		t.Errorf("committing the book again: exit %d\n%s", code, out)
	}
	if out, code := exportcheck("ledger", "verify", "--ledger", dsn); code != 0 {
		t.Errorf("ledger verify: exit %d\n%s", code, out)
	}
	if out, _ := exportcheck("ledger", "query", "--ledger", dsn, "--order", "REV-1"); !strings.Contains(out, "(clearance by reviewer)") || !strings.Contains(out, "(rejudgement)") {
		t.Errorf("ledger query --order REV-1:\n%s", out)
	}
	// A server started afresh applies it too.
	_, addr = startServe(t, "--ledger", dsn, "--date-horizon", horizon)
	resp, err := http.Post(addr+"/v1/check", "application/json", strings.NewReader(`{"id": "REV-2", "product": "nvidia-rtx-4060", "quantity": 1, "destination": "AE", "end_user": "Atlas Sanatgar Trading", "end_user_hq": "AE", "date": "`+shipDay+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `"decision":"allow"`) || !strings.Contains(string(b), "screening.cleared") {
		t.Errorf("a new server on the ledger: %s", b)
	}
}
