package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/testscript"
	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/ledger/ledgertest"
	"github.com/exportcheck/exportcheck/reports"
	"github.com/exportcheck/exportcheck/screening"
	"github.com/exportcheck/exportcheck/serve"
)

// TestLedgerScripts runs the scripts in testdata/ledger once on SQLite
// and once on PostgreSQL, with $LEDGER naming a new, empty ledger for each
// script (a file, or a schema of its own).
func TestLedgerScripts(t *testing.T) {
	repo, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	// $WHOLELIST, as for TestScripts: a list --strict does not refuse.
	whole := filepath.Join(t.TempDir(), "whole.csv")
	if err := os.WriteFile(whole, wholeList(t, testCoverage(t)), 0o644); err != nil {
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
					e.Setenv("WHOLELIST", whole)
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
			dsn := ledgertest.DSN(t, kind)
			var book strings.Builder
			book.WriteString("id,product,quantity,destination,end_user,end_user_hq,date,consignee\n")
			for i := range 3000 {
				fmt.Fprintf(&book, "K-%d,nvidia-h100-sxm5,1,AE,Falcon Compute Data Center LLC,AE,2026-03-%02d,Falcon Compute Data Center LLC\n", i, 1+i%28)
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

// TestLedgerExport: the audit workbook from a ledger's rows, with the
// Ledger sheet naming the chain's head and whether it verified.
func TestLedgerExport(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "ledger.db")
	var errb bytes.Buffer
	checked := filepath.Join(dir, "checked.xlsx")
	if code := run(context.Background(), []string{"check", "--screening-list", "demo", "--records", "../../examples/records", "--ledger", dsn, "--commit",
		"--fail-on", "prohibited", "-o", checked, "../../examples/records-orders.csv"}, nil, io.Discard, &errb); code != 0 {
		t.Fatalf("commit: exit %d\n%s", code, errb.String())
	}
	head := regexp.MustCompile(`run (\S+) committed 11 lines; chain head ([0-9a-f]{64})`).FindStringSubmatch(errb.String())
	if head == nil {
		t.Fatalf("no chain head in\n%s", errb.String())
	}
	// The check's own workbook names the ledger run it was committed as.
	cf, err := excelize.OpenFile(checked)
	if err != nil {
		t.Fatal(err)
	}
	summary, _ := cf.GetRows("Summary")
	cf.Close()
	var got [][]string
	for _, r := range summary {
		if len(r) >= 2 && (r[0] == "Committed to ledger" || r[0] == "Ledger run" || r[0] == "Chain head after the run") {
			got = append(got, r[:2])
		}
	}
	if diff := cmp.Diff([][]string{{"Committed to ledger", dsn}, {"Ledger run", head[1]}, {"Chain head after the run", head[2]}}, got); diff != "" {
		t.Errorf("the check's Summary sheet (-want +got):\n%s", diff)
	}
	head = head[1:]
	var exported string // what the last export printed
	export := func(name string) *excelize.File {
		t.Helper()
		path := filepath.Join(dir, name)
		var out bytes.Buffer
		defer func() { exported = out.String() }()
		if code := run(context.Background(), []string{"ledger", "export", "--ledger", dsn, "-o", path}, nil, &out, &errb); code != 0 {
			t.Fatalf("export: exit %d\n%s", code, errb.String())
		}
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	f := export("audit.xlsx")
	if !strings.HasSuffix(exported, "; the chain verified whole)\n") {
		t.Errorf("export says %q", exported)
	}
	if diff := cmp.Diff([]string{"Summary", "Orders", "Products", "Rules", "Inputs", "Ledger"}, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	rows, err := f.GetRows("Ledger")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Ledger", dsn},
		{"Chain head", head[1]},
		{"Verified", "yes: the chain is whole"},
	}
	if diff := cmp.Diff(want, rows[:3]); diff != "" {
		t.Errorf("Ledger sheet's head (-want +got):\n%s", diff)
	}
	if len(rows) != 5+11 {
		t.Fatalf("Ledger sheet: %d rows, want 4 of heading and 11 of the log", len(rows)-1)
	}
	if got := rows[5][:17]; !cmp.Equal(got[4:17], []string{"command line", "", "LIC-1", "../../examples/records-orders.csv", "2", "2026-03-02", "AE", "Falcon Compute Data Center LLC", "nvidia-h100-sxm5", "licensed", "3A090.a", "ear-2026-01-15", "license:D1234567"}) {
		t.Errorf("Ledger sheet's first row: %q", got)
	}
	// What an auditor needs to hash a row again: the hash before it, the
	// input line's hash and its inputs, one "name: value" a line.
	if got := rows[4][len(rows[4])-3:]; !cmp.Equal(got, []string{"Previous row hash", "Input hash", "Inputs"}) {
		t.Errorf("Ledger sheet's last columns: %q", got)
	}
	if first, second := rows[5], rows[6]; len(second) < 26 || second[23] != first[22] || len(second[24]) != 64 || !strings.Contains(second[25], "\nproduct: nvidia-h100-sxm5\n") {
		t.Errorf("Ledger sheet's second row: previous row hash, input hash, inputs %q", second[min(23, len(second)):])
	}
	// Which exportcheck decided it, beside the revisions (to reproduce a
	// version the Orders sheet no longer shows).
	if got := rows[4][21]; got != "Tool version" || rows[5][21] != toolVersion() {
		t.Errorf("Ledger sheet's tool version: %q, %q; want %q", got, rows[5][21], toolVersion())
	}
	// What each row drew, as people read it (not the ledger's JSON).
	var drawn []string
	for _, r := range rows[5:] {
		drawn = append(drawn, r[6]+": "+r[17])
	}
	if diff := cmp.Diff([]string{"LIC-1: 60 nvidia-h100-sxm5", "LIC-2: ", "LIC-3: 10 nvidia-h100-sxm5", "LIC-4: ", "VEU-1: ", "VEU-2: ", "NAC-1: ",
		"NAC-2: 4 units; USD 6,396", "CLR-1: ", "EXP-1: ", "REV-1: "}, drawn); diff != "" {
		t.Errorf("Ledger sheet's Drawn column (-want +got):\n%s", diff)
	}
	orders, err := f.GetRows("Orders")
	if err != nil {
		t.Fatal(err)
	}
	if len(orders) != 12 {
		t.Errorf("Orders sheet: %d rows, want a header and 11 lines", len(orders))
	}
	licensed := 0
	for _, r := range orders {
		if slices.Contains(r, "licensed") {
			licensed++
		}
	}
	if licensed != 4 {
		t.Errorf("Orders sheet: %d licensed lines, want 4", licensed)
	}
	// A row's reasons read as on the Orders sheet: each with its rule id
	// and citation.
	if got, want := rows[5][18], orders[1][len(orders[1])-1]; got != want || !strings.HasPrefix(got, "classify.3a090.a.1: ") {
		t.Errorf("Ledger sheet's Reasons for LIC-1:\n%s\nwant, as on the Orders sheet:\n%s", got, want)
	}
	// The ledger holds decisions under the rules in force only: the
	// Summary names that regime rather than leaving it blank.
	sum, _ := f.GetRows("Summary")
	for _, r := range sum {
		if len(r) > 0 && r[0] == "Regime" {
			if diff := cmp.Diff([]string{"Regime", "enforced"}, r); diff != "" {
				t.Errorf("Summary's Regime row (-want +got):\n%s", diff)
			}
		}
	}

	// An amended order is one line of the Orders sheet (as it stands), and
	// both versions are rows of the Ledger sheet, the amendment with the
	// reason its run was committed for beside who committed it.
	amended := filepath.Join(dir, "amended.csv")
	if err := os.WriteFile(amended, []byte("id,product,quantity,destination,end_user,end_user_hq,date,consignee\nLIC-1,nvidia-h100-sxm5,55,AE,Falcon Compute Data Center LLC,AE,2026-03-02,Falcon Compute Data Center LLC\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := run(context.Background(), []string{"check", "--screening-list", "demo", "--records", "../../examples/records", "--ledger", dsn, "--commit", "--amend",
		"--reason", "LIC-1 cut to 55 units", "--fail-on", "prohibited", amended}, nil, io.Discard, &errb); code != 0 {
		t.Fatalf("amend: exit %d\n%s", code, errb.String())
	}
	f = export("amended.xlsx")
	if rows, _ := f.GetRows("Ledger"); len(rows) != 5+12 {
		t.Errorf("Ledger sheet after an amendment: %d rows of the log, want 12", len(rows)-5)
	} else {
		var by [][]string // kind, order, by, reason given
		for _, r := range append([][]string{rows[4]}, rows[5], rows[16]) {
			by = append(by, []string{r[1], r[6], r[4], r[5]})
		}
		if diff := cmp.Diff([][]string{{"Kind", "Order", "By", "Reason given"}, {"decision", "LIC-1", "command line", ""}, {"amendment", "LIC-1", "command line", "LIC-1 cut to 55 units"}}, by); diff != "" {
			t.Errorf("Ledger sheet after an amendment: LIC-1's rows (-want +got):\n%s", diff)
		}
	}
	orders, _ = f.GetRows("Orders")
	var lic1 []string
	for _, r := range orders {
		if slices.Contains(r, "LIC-1") {
			lic1 = append(lic1, r[5]) // file, line, id, product, product ID, quantity
		}
	}
	if len(orders) != 12 || !cmp.Equal(lic1, []string{"55"}) {
		t.Errorf("Orders sheet after an amendment: %d rows, LIC-1 quantities %q; want a header and 11 lines, LIC-1 once with 55", len(orders), lic1)
	}

	// A ledger that does not verify is exported, saying where it breaks.
	l, err := ledger.Open(context.Background(), dsn, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.DB().Exec("UPDATE decisions SET decision = 'allow' WHERE seq = 2"); err != nil {
		t.Fatal(err)
	}
	l.Close()
	rows, err = export("tampered.xlsx").GetRows("Ledger")
	if err != nil {
		t.Fatal(err)
	}
	if got := rows[2][1]; !strings.HasPrefix(got, "NO: row 2 was changed after it was written") {
		t.Errorf("Verified on a tampered ledger: %q", got)
	}
	if !strings.Contains(exported, "; the chain is BROKEN: row 2 was changed after it was written") {
		t.Errorf("export of a tampered ledger says %q", exported)
	}

	// ledger verify names the row and what was verified before it.
	verify := func() string {
		t.Helper()
		var out bytes.Buffer
		if code := run(context.Background(), []string{"ledger", "verify", "--ledger", dsn}, nil, &out, io.Discard); code != 1 {
			t.Fatalf("verify of a tampered ledger: exit %d, want 1\n%s", code, out.String())
		}
		return strings.TrimPrefix(out.String(), "ledger "+dsn+": ")
	}
	broken := regexp.MustCompile(`^BROKEN: row 2 was changed after it was written \(order LIC-2, line \.\./\.\./examples/records-orders\.csv:3, or its run \S+\): its content no longer hashes to [0-9a-f]{12}…\n\(rows 1 to 1 verified before it\)\n$`)
	if got := verify(); !broken.MatchString(got) {
		t.Errorf("verify: %q, want %s", got, broken)
	}
	if l, err = ledger.Open(context.Background(), dsn, false); err != nil {
		t.Fatal(err)
	}
	if _, err := l.DB().Exec("UPDATE decisions SET decision = 'allow' WHERE seq = 1"); err != nil {
		t.Fatal(err)
	}
	l.Close()
	if got := verify(); !strings.HasSuffix(got, "\n(no row verified before it)\n") {
		t.Errorf("verify with the first row broken: %q", got)
	}
}

func TestDrawnText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`[]`, ""},
		{`[{"limit":"nvidia-h100-sxm5","amount":60}]`, "60 nvidia-h100-sxm5"},
		{`[{"limit":"quantity","amount":4}]`, "4 units"},
		{`[{"limit":"value","amount":1250.5}]`, "USD 1,250.50"},
		{`[{"limit":"nvidia-h20","amount":1000},{"limit":"3A090","amount":1000},{"limit":"value","amount":2500000}]`, "1,000 nvidia-h20; 1,000 3A090; USD 2,500,000"},
		{`not json`, "not json"},
	} {
		if diff := cmp.Diff(tt.want, drawnText(tt.in)); diff != "" {
			t.Errorf("drawnText(%s) (-want +got):\n%s", tt.in, diff)
		}
	}
}

// TestLedgerRowWords: the words ledger query's CSV and text table give a
// row: what it drew on what, its reasons one each, the reason that decided
// it and the revisions that did.
func TestLedgerRowWords(t *testing.T) {
	r := &ledger.Row{Decision: "licensed", Auth: "license:D1234567", Drawn: `[{"limit":"nvidia-h100-sxm5","amount":60}]`,
		Reasons: `[{"rule":"classify.3a090.a.1","citation":"ECCN 3A090.a.1 (88 FR 73458)","message":"3A090.a.1: TPP 15,832"},` +
			`{"rule":"authorization.licence","citation":"15 CFR 750.7","message":"covered by licence D1234567"}]`, Headline: 2}
	r.Run.PolicyRevision, r.Run.RecordsRevision = "8451bc52116d03bdc00d", "d86ad82d0a03c7799498"
	got := []string{drawnOn(r), strings.Join(reasonTexts(r), "\n"), rowWhy(r), revisions(r)}
	want := []string{
		"60 nvidia-h100-sxm5 on license D1234567",
		"classify.3a090.a.1: 3A090.a.1: TPP 15,832 [ECCN 3A090.a.1 (88 FR 73458)]\nauthorization.licence: covered by licence D1234567 [15 CFR 750.7]",
		"authorization.licence: covered by licence D1234567 [15 CFR 750.7]",
		"policy 8451bc52116d, records d86ad82d0a03",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	none := &ledger.Row{Decision: "license_required", Drawn: "[]", Reasons: "[]"}
	none.Run.PolicyRevision = "8451bc52116d03bdc00d"
	if diff := cmp.Diff([]string{"", "-", "policy 8451bc52116d"}, []string{drawnOn(none), rowWhy(none), revisions(none)}); diff != "" {
		t.Errorf("a row that drew nothing (-want +got):\n%s", diff)
	}
}

func TestCSVText(t *testing.T) {
	for in, want := range map[string]string{
		"Acme":              "Acme",
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")",
		"+1":                "'+1",
		"-cmd":              "'-cmd",
		"@SUM(A1)":          "'@SUM(A1)",
		"\tx":               "'\tx",
		"":                  "",
		"a=b":               "a=b",
		"'quoted'":          "''quoted'", // the value is always the cell less one leading apostrophe
		// Spaces before a formula: Calc with "Trim spaces" runs " =1+2".
		" =1+2":            "' =1+2",
		"   +1":            "'   +1",
		"\u00a0@SUM(A1)":   "'\u00a0@SUM(A1)",
		"\n-2":             "'\n-2",
		"\x00=1":           "'\x00=1", // OWASP ASVS 1.2.10: NUL too
		" Acme":            " Acme",
		"   ":              "   ",
		"Acme = ACME Corp": "Acme = ACME Corp",
	} {
		if got := csvText(in); got != want {
			t.Errorf("csvText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLedgerQueryCSV: ledger query's CSV quotes every field, so that a
// spreadsheet that splits at ";" cannot start a cell inside a value with
// a formula; read back, each value is its cell less the apostrophe
// csvText adds.
func TestLedgerQueryCSV(t *testing.T) {
	r := &ledger.Row{Seq: 7, Kind: ledger.KindDecision, RunID: "run-1", OrderID: "'SO-1", File: "orders.csv", Line: 2, ShipDate: "2024-06-01",
		Product: "nvidia-h100-sxm5", Destination: "CN", EndUser: "Acme;=HYPERLINK(\"http://x\";\"y\"),\n-2", Decision: "review", Drawn: "[]", Reasons: "[]", Standing: true}
	var b bytes.Buffer
	w, err := newRowWriter("csv", &b)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.write(r); err != nil {
		t.Fatal(err)
	}
	if err := w.close(); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfterN(b.String(), "\n", 2)
	want := `"7","decision","run-1","''SO-1","orders.csv","2","2024-06-01","nvidia-h100-sxm5","CN",` +
		`"Acme;=HYPERLINK(""http://x"";""y""),` + "\n" + `-2","review","","","","","","","","","yes","command line",""` + "\n"
	if diff := cmp.Diff(want, lines[1]); diff != "" {
		t.Errorf("row (-want +got):\n%s", diff)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(rowHeader, recs[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	unquote := func(s string) string { return strings.TrimPrefix(s, "'") }
	if diff := cmp.Diff([]string{r.OrderID, r.EndUser}, []string{unquote(recs[1][3]), unquote(recs[1][9])}); diff != "" {
		t.Errorf("values read back (-want +got):\n%s", diff)
	}
	// Who made a row: the token's name a server recorded (the new-user
	// trial's auditor found no one in the CSV), as text, never a formula.
	for actor, want := range map[string]string{"r.chen": `"r.chen"`, "=cmd|x": `"'=cmd|x"`} {
		b.Reset()
		r := *r
		r.Kind, r.Run.Actor = ledger.KindAssignment, actor
		w, _ := newRowWriter("csv", &b)
		if err := w.write(&r); err != nil {
			t.Fatal(err)
		}
		w.close()
		if !strings.HasSuffix(b.String(), `,"-",`+want+`,""`+"\n") {
			t.Errorf("actor %q: %q, want the by column %s", actor, b.String(), want)
		}
	}
	// Why the row's run was committed (--reason), last: as text too.
	for reason, want := range map[string]string{"LIC-1 cut to 40 units": `"LIC-1 cut to 40 units"`, "=1+2 units": `"'=1+2 units"`} {
		b.Reset()
		r := *r
		r.Kind, r.Run.Reason = ledger.KindAmendment, reason
		w, _ := newRowWriter("csv", &b)
		if err := w.write(&r); err != nil {
			t.Fatal(err)
		}
		w.close()
		if !strings.HasSuffix(b.String(), `,"yes","command line",`+want+"\n") {
			t.Errorf("reason %q: %q, want the commit_reason column %s", reason, b.String(), want)
		}
	}
}

// TestLedgerRunInputs: a run's inputs name the order books and the
// ownership register it applied, each with its hash.
func TestLedgerRunInputs(t *testing.T) {
	run := &reports.Run{
		Inputs:    []reports.Input{{Path: "orders.csv", SHA256: "abc"}},
		Ownership: &reports.Ownership{Revision: "sha256:0123456789abcdef", Files: []string{"a.csv", "b.yaml"}, Rows: 3},
	}
	got := ledgerRun(run, "").Inputs
	want := map[string]string{"orders.csv": "abc", "ownership:a.csv,b.yaml": "sha256:0123456789abcdef"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestLedgerVerifyAnchor: verify --anchor passes with the anchor the prune
// printed, and is broken (exit 1) with another.
func TestLedgerVerifyAnchor(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "ledger.db")
	book := filepath.Join(dir, "old.csv")
	if err := os.WriteFile(book, []byte("id,product,quantity,destination,end_user,end_user_hq,date\n"+
		"OLD-1,nvidia-a100-sxm4-80gb,4,DE,Falcon Compute Data Center LLC,AE,2020-06-01\n"+
		"NEW-1,nvidia-a100-sxm4-80gb,4,DE,Falcon Compute Data Center LLC,AE,2021-06-01\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := func(want int, args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(context.Background(), args, nil, &out, &errb); code != want {
			t.Fatalf("%v: exit %d, want %d\n%s%s", args, code, want, out.String(), errb.String())
		}
		return out.String()
	}
	cmd(0, "check", "--screening-list", "demo", "--ledger", dsn, "--commit", book)
	m := regexp.MustCompile(`the chain now starts from ([0-9a-f]{64})`).FindStringSubmatch(cmd(0, "ledger", "prune", "--ledger", dsn, "--before", "2021-01-01"))
	if m == nil {
		t.Fatal("prune printed no anchor")
	}
	cmd(0, "ledger", "verify", "--ledger", dsn, "--anchor", m[1])
	cmd(0, "ledger", "verify", "--ledger", dsn, "--anchor", strings.ToUpper(m[1]))
	cmd(1, "ledger", "verify", "--ledger", dsn, "--anchor", strings.Repeat("0", 64))
}

// TestLedgerVerifyAfterChain: a break verify finds after the chain has
// hashed whole (reasons edited in the texts table, a standing flag
// changed) names a row the chain verified: the message says the chain
// hashed whole, not "rows 1 to 11 verified before" row 2 (the new-user
// trial's reading, which contradicts itself).
func TestLedgerVerifyAfterChain(t *testing.T) {
	const whole = `\n\(rows 1 to 11 hash whole as a chain, this one too; the break was found checking the reasons, revisions, standing flags and draws against them\)\n$`
	for _, kind := range ledgertest.Kinds {
		for _, tt := range []struct{ name, sql, want string }{
			{"reasons", "UPDATE texts SET body = REPLACE(body, 'it expired on 2025-12-31', 'it expires on 2026-12-31')",
				`^BROKEN: row 10 refers to reasons [0-9a-f]{12}…, which were changed after they were written` + whole},
			{"standing", "UPDATE decisions SET standing = 0 WHERE seq = 3",
				`^BROKEN: row 3 is order LIC-3's standing version, but is not flagged so \(the review desk would not show it\): the standing column was changed` + whole},
		} {
			t.Run(kind+"/"+tt.name, func(t *testing.T) {
				dsn := ledgertest.DSN(t, kind)
				if code := run(context.Background(), []string{"check", "--screening-list", "demo", "--records", "../../examples/records", "--ledger", dsn, "--commit",
					"--fail-on", "prohibited", "../../examples/records-orders.csv"}, nil, io.Discard, io.Discard); code != 0 {
					t.Fatalf("commit: exit %d", code)
				}
				l, err := ledger.Open(context.Background(), dsn, false)
				if err != nil {
					t.Fatal(err)
				}
				defer l.Close()
				if _, err := l.DB().Exec(tt.sql); err != nil {
					t.Fatal(err)
				}
				var out bytes.Buffer
				if code := run(context.Background(), []string{"ledger", "verify", "--ledger", dsn}, nil, &out, io.Discard); code != 1 {
					t.Fatalf("verify: exit %d, want 1\n%s", code, out.String())
				}
				if got := strings.TrimPrefix(out.String(), "ledger "+l.Name()+": "); !regexp.MustCompile(tt.want).MatchString(got) {
					t.Errorf("verify: %q, want %s", got, tt.want)
				}
			})
		}
	}
}

// TestLedgerExportMissing: an export says what of the ledger it does not
// hold (the new-user trial's auditor took an export --since for the whole
// ledger, and one of a pruned ledger for a ledger never pruned: both said
// only "the chain verified whole"): the rows its filter leaves out and the
// rows pruned, on the Ledger sheet, in the Summary's warnings and in what
// it prints; an export of a whole ledger never pruned says nothing of it.
func TestLedgerExportMissing(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "ledger.db")
	book := filepath.Join(dir, "book.csv")
	if err := os.WriteFile(book, []byte("id,product,quantity,destination,end_user,end_user_hq,date\n"+
		"OLD-1,nvidia-a100-sxm4-80gb,4,DE,Falcon Compute Data Center LLC,AE,2020-06-01\n"+
		"MID-1,nvidia-a100-sxm4-80gb,4,DE,Falcon Compute Data Center LLC,AE,2021-06-01\n"+
		"NEW-1,nvidia-a100-sxm4-80gb,4,DE,Falcon Compute Data Center LLC,AE,2022-06-01\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(context.Background(), args, nil, &out, &errb); code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out.String(), errb.String())
		}
		return out.String()
	}
	export := func(name string, args ...string) (printed string, ledgerRows, warnings [][]string) {
		t.Helper()
		path := filepath.Join(dir, name)
		printed = cmd(append([]string{"ledger", "export", "--ledger", dsn, "-o", path}, args...)...)
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, _ := f.GetRows("Ledger")
		for _, r := range rows {
			if len(r) > 0 && r[0] == "Not in this export" {
				ledgerRows = append(ledgerRows, r)
			}
		}
		summary, _ := f.GetRows("Summary")
		for _, r := range summary {
			if len(r) > 0 && strings.HasPrefix(r[0], "not in this export: ") {
				warnings = append(warnings, r)
			}
		}
		return printed, ledgerRows, warnings
	}
	cmd("check", "--screening-list", "demo", "--ledger", dsn, "--commit", book)
	query := func(format string) (string, string) {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(context.Background(), []string{"ledger", "query", "--ledger", dsn, "-f", format}, nil, &out, &errb); code != 0 {
			t.Fatalf("query: exit %d\n%s", code, errb.String())
		}
		return out.String(), errb.String()
	}
	if out, errs := query("text"); strings.Contains(out+errs, "pruned") {
		t.Errorf("query of a ledger never pruned: %q %q", out, errs)
	}
	if printed, rows, warnings := export("whole.xlsx"); strings.Contains(printed, "not in it") || rows != nil || warnings != nil {
		t.Errorf("the whole ledger, never pruned: printed %q, Ledger sheet %q, Summary %q", printed, rows, warnings)
	}
	m := regexp.MustCompile(`the chain now starts from ([0-9a-f]{64})`).FindStringSubmatch(cmd("ledger", "prune", "--ledger", dsn, "--before", "2021-01-01"))
	if m == nil {
		t.Fatal("prune printed no anchor")
	}
	// ledger query says it too: under the table, or on standard error
	// beside CSV and JSON.
	prunedNote := regexp.MustCompile(`\(rows 1 to 1 were pruned on \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(ledger prune\): none of them is shown, and what they drew still counts against the licences\)\n$`)
	if out, errs := query("text"); !prunedNote.MatchString(out) || errs != "" {
		t.Errorf("query of a pruned ledger: %q %q, want the note under the table", out, errs)
	}
	if out, errs := query("csv"); !prunedNote.MatchString(errs) || strings.Contains(out, "pruned") {
		t.Errorf("query -f csv of a pruned ledger: %q %q, want the note on standard error", out, errs)
	}
	printed, rows, warnings := export("since.xlsx", "--since", "2022-01-01")
	filtered := `the rows --since 2022-01-01 does not select: the export holds only the rows that ship on or after 2022-01-01, not the whole ledger (the chain was verified over the whole ledger)`
	pruned := regexp.MustCompile(`^rows 1 to 1, pruned on \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(ledger prune\): the chain starts from their anchor ` + m[1] + `, which should be the one the prune printed \(ledger verify --anchor\); what they drew still counts against the licences$`)
	if len(rows) != 2 || rows[0][1] != filtered || !pruned.MatchString(rows[1][1]) {
		t.Errorf("Ledger sheet: %q, want %q and %s", rows, filtered, pruned)
	}
	if len(warnings) != 2 || warnings[0][0] != "not in this export: "+filtered || !pruned.MatchString(strings.TrimPrefix(warnings[1][0], "not in this export: ")) {
		t.Errorf("Summary's warnings: %q", warnings)
	}
	// What the ledger never held is named too: the records on file and
	// the staleness warnings check gave.
	f, err := excelize.OpenFile(filepath.Join(dir, "since.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	summary, _ := f.GetRows("Summary")
	var note string
	for _, r := range summary {
		if len(r) > 0 && strings.HasPrefix(r[0], "exported from the ledger ") {
			note = r[0]
		}
	}
	if !strings.Contains(note, "Not kept in the ledger, so not here: the licences, notifications and clearances on file (the records tree at each row's records revision holds them") ||
		!strings.Contains(note, "the warnings of a stale screening list check gave") {
		t.Errorf("Summary's note on where the rows come from: %q", note)
	}
	lines := strings.Split(strings.TrimSuffix(printed, "\n"), "\n")
	if len(lines) != 3 || lines[1] != "not in it: "+filtered || !pruned.MatchString(strings.TrimPrefix(lines[2], "not in it: ")) {
		t.Errorf("export printed %q", printed)
	}
}

// TestActionReason: a reviewer's record in the log (a clearance, an
// assignment, its withdrawal) reads, in ledger query's WHY and reasons and
// the Ledger sheet's Reasons, as who decided what, when and why (it read
// "-": the why was in the JSON's inputs only); a record that does not
// read leaves "-".
func TestActionReason(t *testing.T) {
	row := func(kind, record string) *ledger.Row {
		in, _ := json.Marshal([]string{"record", record})
		return &ledger.Row{Seq: 33, Kind: kind, File: "x.yaml", Line: 1, Inputs: string(in), Reasons: "[]", Drawn: "[]"}
	}
	for _, tt := range []struct {
		name string
		r    *ledger.Row
		want string
	}{
		{"clearance", row(ledger.KindClearance, "record: clearance\nend_user: Atlas Sanatgar Trading\nentry: 1b59\nentry_name: Atlas Sanatgaran\nlist: UVL\n"+
			"outcome: false_positive\nby: J. Rivera\nat: \"2026-02-16\"\nreason: Different company\nexpires: 2027-02-16\n"),
			"clearance: false_positive for Atlas Sanatgar Trading against UVL entry 1b59 (Atlas Sanatgaran), by J. Rivera, adjudicated on 2026-02-16, until 2027-02-16: Different company"},
		{"assignment", row(ledger.KindAssignment, "# Made at the desk\nrecord: assignment\nend_user: Gulf Analytics Cloud LLC\nlicence: D1234567\norder: LIC-4\nby: r.chen\nat: \"2026-12-07\"\nreason: Its trading name\n"),
			"assignment: Gulf Analytics Cloud LLC assigned to licence D1234567, by r.chen on 2026-12-07: Its trading name"},
		{"withdrawal", row(ledger.KindAssignment, "record: assignment\nend_user: Pearl River\nnotification: NAC-2026-0113\nby: r.chen\nat: \"2026-12-08\"\nreason: Made in error\nstatus: withdrawn\n"),
			"assignment: Pearl River assignment withdrawn from notification NAC-2026-0113, by r.chen on 2026-12-08: Made in error"},
		{"unreadable", row(ledger.KindAssignment, "record: [\n"), "-"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := rowWhy(tt.r); got != tt.want {
				t.Errorf("WHY: %q, want %q", got, tt.want)
			}
			want := []string{tt.want}
			if tt.want == "-" {
				want = nil
			}
			if diff := cmp.Diff(want, reasonTexts(tt.r)); diff != "" {
				t.Errorf("reasons (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLedgerExportWords: a review policy read back from the ledger, which
// keeps its name, reads in the policy's words in the exported workbook
// ("review policy not stated", not "unspecified").
func TestLedgerExportWords(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "ledger.db")
	var errb bytes.Buffer
	run(context.Background(), []string{"check", "--screening-list", "demo", "--ledger", dsn, "--commit", "../../examples/orders.csv"}, nil, io.Discard, &errb)
	path := filepath.Join(dir, "audit.xlsx")
	if code := run(context.Background(), []string{"ledger", "export", "--ledger", dsn, "-o", path}, nil, io.Discard, &errb); code != 0 {
		t.Fatalf("export: exit %d\n%s", code, errb.String())
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Orders")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if slices.Contains(r, "SO-1009") {
			found = true
			if !slices.Contains(r, "review policy not stated") || slices.Contains(r, "unspecified") {
				t.Errorf("SO-1009's row: %q", r)
			}
		}
	}
	if !found {
		t.Errorf("no SO-1009 in the Orders sheet: %q", rows)
	}
}

// TestLedgerVerifyHead: the last row deleted leaves a whole chain, which
// verify without --head passes and says it did not look for; with the
// head the commit printed (copied in any case, with spaces around it)
// it is found.
func TestLedgerVerifyHead(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ledger.db")
	dsn := "sqlite:" + path
	book := filepath.Join(dir, "book.csv")
	if err := os.WriteFile(book, []byte("id,product,quantity,destination,end_user,end_user_hq,date\n"+
		"PO-1,nvidia-h100-sxm5,4,DE,Falcon Compute Data Center LLC,AE,2026-06-01\n"+
		"PO-2,nvidia-h100-sxm5,4,DE,Falcon Compute Data Center LLC,AE,2026-06-02\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := func(want int, args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(context.Background(), args, nil, &out, &errb); code != want {
			t.Fatalf("%v: exit %d, want %d\n%s%s", args, code, want, out.String(), errb.String())
		}
		return out.String() + errb.String()
	}
	m := regexp.MustCompile(`chain head ([0-9a-f]{64})`).FindStringSubmatch(cmd(0, "check", "--screening-list", "demo", "--ledger", dsn, "--commit", book))
	if m == nil {
		t.Fatal("the commit printed no head")
	}
	head := m[1]
	noHead := "(rows removed from the end of the log were not looked for: give a head recorded before as --head)\n"
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"without --head", nil, "ledger " + dsn + ": 2 rows verified from the first row; head " + head + "\n" + noHead},
		{"with --head", []string{"--head", head}, "ledger " + dsn + ": 2 rows verified from the first row; head " + head + "\n"},
		{"--head as copied", []string{"--head", " " + strings.ToUpper(head) + "\n"}, "ledger " + dsn + ": 2 rows verified from the first row; head " + head + "\n"},
	} {
		if diff := cmp.Diff(tt.want, cmd(0, append([]string{"ledger", "verify", "--ledger", dsn}, tt.args...)...)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("DELETE FROM decisions WHERE seq = 2"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out := cmd(0, "ledger", "verify", "--ledger", dsn)
	if !strings.HasSuffix(out, noHead) {
		t.Errorf("without --head, after the last row was deleted: %q, want it to say the end was not looked for", out)
	}
	out = cmd(1, "ledger", "verify", "--ledger", dsn, "--head", head)
	if !strings.Contains(out, "BROKEN: no row hashes to the head given ("+head+"): either rows after row 1, the last one kept, were removed, or the head was mistyped or is another ledger's\n(rows 1 to 1 verified)\n") {
		t.Errorf("with --head, after the last row was deleted: %q", out)
	}
}

// TestLedgerRepeatedOrderFar: an order on two lines of an amending book
// that draw nothing, a batch of ids apart, leaves its licence with the
// room it has: before, what the order had drawn was counted free twice,
// and a later line was licensed past the licence's limit.
func TestLedgerRepeatedOrderFar(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "ledger.db")
	records := filepath.Join("..", "..", "examples", "records")
	const head = "id,product,quantity,destination,end_user,end_user_hq,date,consignee\n"
	at := func(id string, qty int) string {
		return fmt.Sprintf("%s,nvidia-h100-sxm5,%d,AE,Falcon Compute Data Center LLC,AE,2026-03-02,Falcon Compute Data Center LLC\n", id, qty)
	}
	first, second := filepath.Join(dir, "first.csv"), filepath.Join(dir, "second.csv")
	if err := os.WriteFile(first, []byte(head+at("A", 60)), 0o644); err != nil {
		t.Fatal(err)
	}
	book := head + at("A", 1000)
	for i := range ledger.BatchSize {
		book += at(fmt.Sprintf("F%d", i), 1000)
	}
	book += at("A", 1000) + at("B", 150)
	if err := os.WriteFile(second, []byte(book), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := func(args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := run(context.Background(), args, nil, &out, &errb)
		return code, out.String() + errb.String()
	}
	if code, out := cmd("check", "--screening-list", "demo", "--records", records, "--ledger", dsn, "--commit", "--format", "jsonl", first); code != 0 {
		t.Fatalf("first book: exit %d\n%s", code, out)
	}
	_, out := cmd("check", "--screening-list", "demo", "--records", records, "--ledger", dsn, "--commit", "--amend", "--reason", "A and B corrected", "--format", "jsonl", second)
	// D1234567 allows 100; A, amended, draws nothing: 100 left, B's 150 do not fit.
	var got []string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, `"id":"B"`) || strings.Contains(l, `"id":"A"`) {
			m := regexp.MustCompile(`"decision":"(\w+)"`).FindStringSubmatch(l)
			n := regexp.MustCompile(`(\d+) units of its limit for nvidia-h100-sxm5 left`).FindStringSubmatch(l)
			if m == nil || n == nil {
				t.Fatalf("want a line refused for want of room, with what is left: %s", l)
			}
			got = append(got, m[1]+" "+n[1]+" left")
		}
	}
	want := []string{"license_required 100 left", "license_required 100 left", "license_required 100 left"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("A, A and B (-want +got):\n%s", diff)
	}
}

// TestLedgerQueryJSONRehash: ledger query -f json shows every field the
// row's hash covers, so that an auditor can hash each row again, as
// docs/ledger.md describes, from the output alone (before, the input
// hash, the reasons' hash and the run's tool version, screening lists
// and input files were missing, and no row could be checked from it).
func TestLedgerQueryJSONRehash(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "ledger.db")
	records := filepath.Join("..", "..", "examples", "records")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"check", "--screening-list", "demo", "--records", records, "--ledger", dsn, "--commit", filepath.Join("..", "..", "examples", "records-orders.csv")}, nil, &out, &errb); code > 1 {
		t.Fatalf("commit: exit %d\n%s", code, errb.String())
	}
	// A run with screening off records it so ({"off":true}).
	off := filepath.Join(dir, "off.csv")
	if err := os.WriteFile(off, []byte("id,product,quantity,destination,end_user,end_user_hq,date\nOFF-1,H100 SXM5,8,DE,Acme GmbH,DE,2024-03-01\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bundled.csv"), []byte("id,product,quantity,destination,end_user,end_user_hq,date\nBUN-1,H100 SXM5,8,DE,Acme GmbH,DE,2024-03-01\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Committed for a reason, without a bundle's content: the run's hash
	// takes both, the content "".
	if code := run(context.Background(), []string{"check", "--screening-list", "none", "--ledger", dsn, "--commit", "--reason", "a \"reason\", written\\as given", off}, nil, &out, &errb); code > 1 {
		t.Fatalf("commit: exit %d\n%s", code, errb.String())
	}
	// A run under a signed bundle's revision records its content; this one
	// a reason too.
	priv, pub := signingKeys(t, dir)
	key, _ := os.ReadFile(priv)
	bundle := filepath.Join(dir, "bundle.tar.gz")
	if err := os.WriteFile(bundle, opaBundle(t, key, "v1", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := run(context.Background(), []string{"check", "--screening-list", "none", "--bundle", bundle, "--verification-key", pub, "--ledger", dsn, "--commit", "--reason", "re-run after licence D123 was granted", strings.Replace(off, "off.csv", "bundled.csv", 1)}, nil, &out, &errb); code > 1 {
		t.Fatalf("commit: exit %d\n%s", code, errb.String())
	}
	out.Reset()
	if code := run(context.Background(), []string{"ledger", "query", "--ledger", dsn, "-f", "json"}, nil, &out, &errb); code != 0 {
		t.Fatalf("query: exit %d\n%s", code, errb.String())
	}
	// The canonical form: JSON strings with only ", \ and control
	// characters escaped, as the test's values need nothing more.
	str := func(m map[string]json.RawMessage, k string) string {
		v, ok := m[k]
		if !ok {
			t.Fatalf("the row has no %q", k)
		}
		var s string
		if json.Unmarshal(v, &s) != nil {
			s = string(v) // JSON as stored
		}
		return s
	}
	canon := func(vals ...any) string {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.Encode(vals)
		return strings.TrimSuffix(b.String(), "\n")
	}
	sha := func(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }
	var rows, ok, contents, reasons, headlines int
	screenings := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var m map[string]json.RawMessage
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		var seq, line int64
		json.Unmarshal(m["seq"], &seq)
		json.Unmarshal(m["line"], &line)
		fields := []any{str(m, "decided_at"), str(m, "tool_version"), str(m, "policy_revision"), str(m, "records_revision"), str(m, "run_screening"), str(m, "run_inputs"), str(m, "actor")}
		// A bundle's revision's content, when the run has one; then the
		// reason it was committed for, when it has one, after the content
		// ("" when it has none).
		_, hasContent := m["run_content"]
		reason := str(m, "commit_reason")
		if hasContent || reason != "" {
			content := ""
			if hasContent {
				content = str(m, "run_content")
				contents++
			}
			fields = append(fields, content)
		}
		if reason != "" {
			fields = append(fields, reason)
			reasons++
		}
		run := sha(canon(fields...))
		row := []any{seq, str(m, "kind"), str(m, "run_id"), str(m, "order_id"), str(m, "file"), line, str(m, "input_hash"), str(m, "inputs"),
			str(m, "ship_date"), str(m, "product"), str(m, "destination"), str(m, "end_user"), str(m, "decision"), str(m, "eccn"), str(m, "regime"),
			str(m, "review_policy"), str(m, "exception"), str(m, "screening_hits"), str(m, "authorization"), str(m, "drawn"), str(m, "reasons_hash"), run}
		// The reason that decided the line (1 + its index in reasons),
		// when the row keeps it: last.
		if h, ok := m["headline"]; ok {
			var n int64
			json.Unmarshal(h, &n)
			row = append(row, n)
			headlines++
		}
		content := canon(row...)
		rows++
		screenings[string(m["run_screening"])] = true
		if sha(str(m, "prev_hash")+"\n"+content) == str(m, "row_hash") {
			ok++
		}
	}
	if rows == 0 || ok != rows || contents != 1 || reasons != 2 || headlines != rows {
		t.Errorf("%d of %d rows hash again to their row_hash from ledger query -f json (%d with their run's content, want 1; %d with a reason, want 2; %d with a headline, want all)", ok, rows, contents, reasons, headlines)
	}
	excerpt := screening.Excerpt().Snapshot
	want := map[string]bool{
		`{"off":true}`: true,
		fmt.Sprintf(`[{"path":"screening/lists/csl-excerpt.csv","sha256":"%s","rows":%d,"newest":"%s","demo":true}]`, excerpt.SHA256, excerpt.Rows, excerpt.Newest): true,
	}
	if diff := cmp.Diff(want, screenings); diff != "" {
		t.Errorf("the runs' screening, as ledger query -f json gives it (-want +got):\n%s", diff)
	}
}

// TestLedgerPostgresNoSchema: every command that opens a PostgreSQL ledger
// whose search_path names a schema that does not exist stops there,
// saying which schema and what to do (not goose's "no schema has been
// selected to create in"), and makes no schema.
func TestLedgerPostgresNoSchema(t *testing.T) {
	base, why := ledgertest.Postgres()
	if base == "" {
		t.Skip(why)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	schema := fmt.Sprintf("exportcheck_test_missing_%d", time.Now().UnixNano())
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	dsn := u.String()
	want := "exportcheck: ledger " + dsn + ": schema \"" + schema + "\" does not exist in database " + strings.TrimPrefix(u.Path, "/") +
		": create it (CREATE SCHEMA " + schema + ") or change search_path\n"
	book := "../../examples/orders.csv"
	for _, c := range []struct {
		name string
		args []string
	}{
		{"ledger migrate", []string{"ledger", "migrate"}},
		{"ledger verify", []string{"ledger", "verify"}},
		{"ledger query", []string{"ledger", "query"}},
		{"ledger export", []string{"ledger", "export", "-o", filepath.Join(t.TempDir(), "audit.xlsx")}},
		{"ledger prune", []string{"ledger", "prune", "--before", "2020-01-01"}},
		{"check", []string{"check", "--screening-list", "demo", book}},
		{"check --commit", []string{"check", "--screening-list", "demo", "--commit", book}},
		{"serve", []string{"serve", "--screening-list", "demo", "--listen", "127.0.0.1:0"}},
		{"serve --commit", []string{"serve", "--screening-list", "demo", "--listen", "127.0.0.1:0", "--commit"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), append(c.args, "--ledger", dsn), nil, &out, &errb)
			// The last line: check and serve warn about the demo list first.
			lines := strings.SplitAfter(strings.TrimSuffix(errb.String(), "\n"), "\n")
			got := lines[len(lines)-1] + "\n"
			if diff := cmp.Diff(want, got); diff != "" || code != exitUsage {
				t.Errorf("exit %d, want %d (-want +got):\n%s\nstderr:\n%s", code, exitUsage, diff, errb.String())
			}
		})
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var made bool
	if err := db.QueryRow("SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = $1)", schema).Scan(&made); err != nil || made {
		t.Errorf("schema %s made: %v, %v", schema, made, err)
	}
}

// TestLedgerDrawsChanged: a row of the draws table edited, deleted or
// added in the database, not by a commit (the new-user trial's `update
// draws set amount=1`). check --ledger, with or without --commit, exits
// 2 before judging a line, naming the order, the record and the row and
// saying to run ledger verify; nothing is committed and no line is
// reported licensed. An amended ledger and a pruned one check as before.
func TestLedgerDrawsChanged(t *testing.T) {
	book := "id,product,quantity,destination,end_user,end_user_hq,consignee,date\n" +
		"B-1,nvidia-h100-sxm5,60,AE,Falcon Compute Data Center LLC,AE,Falcon Compute Data Center LLC,2026-03-02\n"
	later := "id,product,quantity,destination,end_user,end_user_hq,consignee,date\n" +
		"B-2,nvidia-h100-sxm5,30,AE,Falcon Compute Data Center LLC,AE,Falcon Compute Data Center LLC,2026-03-03\n"
	const tail = ". The draws were changed other than by a commit, and what remains on the licences is not counted from draws that cannot be trusted: nothing was judged or committed against them. Run exportcheck ledger verify and find out what changed\n"
	for _, kind := range ledgertest.Kinds {
		for _, tt := range []struct {
			name, sql, why string
		}{
			{"edited", "UPDATE draws SET amount = 1 WHERE order_id = 'B-1'",
				"the draws table has order B-1 drawing 1 on license:D1234567 (nvidia-h100-sxm5), but its standing version, ledger row 1, draws 60"},
			{"deleted", "DELETE FROM draws WHERE order_id = 'B-1'",
				"order B-1's standing version, ledger row 1, draws 60 on license:D1234567 (nvidia-h100-sxm5), but the draws table does not have it"},
			{"added", "INSERT INTO draws (order_id, record, lim, amount, seq) VALUES ('B-9', 'license:D1234567', 'nvidia-h100-sxm5', -50, 9)",
				"the draws table has order B-9 drawing -50 on license:D1234567 (nvidia-h100-sxm5), which no row of the log records"},
		} {
			t.Run(kind+"/"+tt.name, func(t *testing.T) {
				dsn := ledgertest.DSN(t, kind)
				dir := t.TempDir()
				for name, body := range map[string]string{"book.csv": book, "later.csv": later} {
					if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				cmd := func(want int, args ...string) (string, string) {
					t.Helper()
					var out, errb bytes.Buffer
					args = append([]string{"check", "--screening-list", "demo", "--records", "../../examples/records", "--ledger", dsn, "--format", "jsonl"}, args...)
					if code := run(context.Background(), args, nil, &out, &errb); code != want {
						t.Fatalf("%v: exit %d, want %d\n%s%s", args, code, want, out.String(), errb.String())
					}
					return out.String(), errb.String()
				}
				if out, _ := cmd(0, "--commit", filepath.Join(dir, "book.csv")); !strings.Contains(out, `"decision":"licensed"`) {
					t.Fatalf("the book: %s", out)
				}
				// Amended (B-1 now draws 65), the ledger checks as before.
				if err := os.WriteFile(filepath.Join(dir, "amended.csv"), []byte(strings.Replace(book, ",60,", ",65,", 1)), 0o644); err != nil {
					t.Fatal(err)
				}
				cmd(0, "--commit", "--amend", "--reason", "B-1 revised to 65 units", filepath.Join(dir, "amended.csv"))
				if out, _ := cmd(0, filepath.Join(dir, "later.csv")); !strings.Contains(out, `"remaining_after":5`) {
					t.Fatalf("after the amendment: %s", out)
				}
				tt.why = strings.ReplaceAll(strings.ReplaceAll(tt.why, "ledger row 1", "ledger row 2"), "draws 60", "draws 65")
				l, err := ledger.Open(context.Background(), dsn, false)
				if err != nil {
					t.Fatal(err)
				}
				defer l.Close()
				if _, err := l.DB().Exec(tt.sql); err != nil {
					t.Fatal(err)
				}
				want := "exportcheck: reading the ledger's drawdown: ledger " + l.Name() + ": the draws do not match the decision log: " + tt.why + tail
				for _, args := range [][]string{{filepath.Join(dir, "later.csv")}, {"--commit", filepath.Join(dir, "later.csv")}} {
					out, errs := cmd(2, args...)
					if out != "" {
						t.Errorf("%v: judged lines: %s", args, out)
					}
					errs = errs[strings.Index(errs, "\n")+1:] // after the demonstration screening's warning
					if diff := cmp.Diff(want, errs); diff != "" {
						t.Errorf("%v (-want +got):\n%s", args, diff)
					}
				}
				for _, err := range l.Query(context.Background(), ledger.Filter{OrderID: "B-2"}) {
					t.Errorf("B-2 was committed (%v)", err)
				}
			})
		}
	}
}

// TestLedgerExportScreening: the workbook ledger export writes says what
// each run screened against, from what the ledger keeps of its runs: a
// run against the demonstration excerpt and one against no list are
// warned of as check's workbook warns of them, each run's lists and input
// files with their SHA-256 are on the Inputs sheet, and the Summary
// counts the runs per list; an export of some rows has only their runs'.
func TestLedgerExportScreening(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "ledger.db")
	write := func(name, content string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// A CSL file of one entry, in the columns of the real list.
	excerpt, err := os.ReadFile("../../screening/lists/csl-excerpt.csv")
	if err != nil {
		t.Fatal(err)
	}
	head := strings.SplitAfterN(string(excerpt), "\n", 3)
	list := write("csl.csv", head[0]+head[1])
	listSum := sha256.Sum256([]byte(head[0] + head[1]))
	// As `lists update` downloaded it: the run records when.
	write("consolidated.meta.json", `{"url":"https://example.com/consolidated.csv","file":"csl.csv","downloaded":"2026-12-01T06:00:00Z","sha256":"`+hex.EncodeToString(listSum[:])+`","rows":1,"newest":"2023-07-19"}`)
	book := func(id string) (string, string) {
		content := "id,product,quantity,destination,end_user,end_user_hq,date\n" + id + ",H100 SXM5,8,DE,Acme GmbH,DE,2024-03-01\n"
		sum := sha256.Sum256([]byte(content))
		return write(id+".csv", content), hex.EncodeToString(sum[:])
	}
	ids := map[string]string{} // screening list given -> run id
	sums := map[string]string{}
	var errb bytes.Buffer
	for _, c := range []struct{ id, list string }{{"A-1", "demo"}, {"B-1", list}, {"C-1", "none"}} {
		path, sum := book(c.id)
		errb.Reset()
		if code := run(context.Background(), []string{"check", "--screening-list", c.list, "--ledger", dsn, "--commit", path}, nil, io.Discard, &errb); code != 0 {
			t.Fatalf("commit %s: exit %d\n%s", c.id, code, errb.String())
		}
		m := regexp.MustCompile(`run (\S+) committed`).FindStringSubmatch(errb.String())
		if m == nil {
			t.Fatalf("no run in\n%s", errb.String())
		}
		ids[c.list], sums[c.id] = m[1], sum
	}
	demoSum := screening.Excerpt().Snapshot.SHA256
	demoRun, listRun, noneRun := ids["demo"], ids[list], ids["none"]
	demoWarning := "run " + demoRun + ": " + reports.DemoWarning(13, "--screening-list demo")
	offWarning := "run " + noneRun + ": " + reports.ScreeningOffWarning("--screening-list none")

	// cells reads a sheet's rows, from a row whose first cell is first to
	// the next empty row (to the end with "").
	cells := func(f *excelize.File, sheet, first string) [][]string {
		t.Helper()
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		var out [][]string
		for _, r := range rows {
			switch {
			case out == nil && (first == "" || len(r) > 0 && r[0] == first):
				out = [][]string{r}
			case out != nil && len(r) == 0:
				return out
			case out != nil:
				out = append(out, r)
			}
		}
		return out
	}
	started := func(id string) string { // "20261207T033151Z-…" as the sheet shows it
		t, err := time.Parse("20060102T150405Z", id[:16])
		if err != nil {
			panic(err)
		}
		return t.Format("2006-01-02 15:04:05")
	}
	for _, tc := range []struct {
		name     string
		args     []string
		warnings [][]string
		lists    [][]string
		inputs   [][]string
	}{
		{
			name:     "every run",
			warnings: [][]string{{"Warnings"}, {demoWarning}, {offWarning}},
			lists: append(append([][]string{
				{"Screening lists (each run's on Inputs)"},
				{"File", "Rows", "Newest entry", "Downloaded (UTC)", "SHA-256", "Runs"},
			}, inOrder(
				[]string{demoRun, listRun},
				[][]string{{"screening/lists/csl-excerpt.csv (DEMONSTRATION excerpt)", "13", "2023-07-19", "", demoSum, "1"}},
				[][]string{{list, "1", "2023-07-19", "2026-12-01 06:00:00", hex.EncodeToString(listSum[:]), "1"}},
			)...), []string{"none: restricted-party screening off", "", "", "", "", "1"}),
			inputs: append([][]string{
				{"Run", "Run started (UTC)", "Input", "File", "SHA-256", "Rows", "Newest entry", "Downloaded (UTC)", "Note"},
			}, inOrder(
				[]string{demoRun, listRun, noneRun},
				[][]string{
					{demoRun, started(demoRun), "screening list", "screening/lists/csl-excerpt.csv", demoSum, "13", "2023-07-19", "", "DEMONSTRATION excerpt, not the Consolidated Screening List"},
					{demoRun, started(demoRun), "input", filepath.Join(dir, "A-1.csv"), sums["A-1"]},
				},
				[][]string{
					{listRun, started(listRun), "screening list", list, hex.EncodeToString(listSum[:]), "1", "2023-07-19", "2026-12-01 06:00:00"},
					{listRun, started(listRun), "input", filepath.Join(dir, "B-1.csv"), sums["B-1"]},
				},
				[][]string{
					{noneRun, started(noneRun), "screening list", "none", "", "", "", "", "restricted-party screening off: no end user screened"},
					{noneRun, started(noneRun), "input", filepath.Join(dir, "C-1.csv"), sums["C-1"]},
				},
			)...),
		},
		{
			name: "the rows of one run",
			args: []string{"--order", "B-1"},
			warnings: [][]string{{"Warnings"},
				{"not in this export: the rows --order B-1 does not select: the export holds only the rows of order B-1, not the whole ledger (the chain was verified over the whole ledger)"}},
			lists: [][]string{
				{"Screening lists (each run's on Inputs)"},
				{"File", "Rows", "Newest entry", "Downloaded (UTC)", "SHA-256", "Runs"},
				{list, "1", "2023-07-19", "2026-12-01 06:00:00", hex.EncodeToString(listSum[:]), "1"},
			},
			inputs: [][]string{
				{"Run", "Run started (UTC)", "Input", "File", "SHA-256", "Rows", "Newest entry", "Downloaded (UTC)", "Note"},
				{listRun, started(listRun), "screening list", list, hex.EncodeToString(listSum[:]), "1", "2023-07-19", "2026-12-01 06:00:00"},
				{listRun, started(listRun), "input", filepath.Join(dir, "B-1.csv"), sums["B-1"]},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "audit.xlsx")
			errb.Reset()
			if code := run(context.Background(), append([]string{"ledger", "export", "--ledger", dsn, "-o", path}, tc.args...), nil, io.Discard, &errb); code != 0 {
				t.Fatalf("export: exit %d\n%s", code, errb.String())
			}
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			warnings := cells(f, "Summary", "Warnings")
			if len(warnings) > 0 { // the last says where the rows come from
				warnings = warnings[:len(warnings)-1]
			}
			if diff := cmp.Diff(tc.warnings, warnings); diff != "" {
				t.Errorf("Summary's warnings (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.lists, cells(f, "Summary", "Screening lists (each run's on Inputs)")); diff != "" {
				t.Errorf("Summary's screening lists (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.inputs, cells(f, "Inputs", "")); diff != "" {
				t.Errorf("Inputs sheet (-want +got):\n%s", diff)
			}
			var stderr []string
			for _, w := range tc.warnings[1:] {
				if !strings.HasPrefix(w[0], "not in this export: ") { // printed on standard output
					stderr = append(stderr, "exportcheck: warning: "+w[0]+"\n")
				}
			}
			if diff := cmp.Diff(strings.Join(stderr, ""), errb.String()); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
		})
	}
}

// inOrder is the rows of each run, runs in the order a ledger lists them:
// by when they started (to the second), then by id, which starts with
// that time.
func inOrder(ids []string, rows ...[][]string) [][]string {
	order := make([]int, len(ids))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(ids[a], ids[b]) })
	var out [][]string
	for _, i := range order {
		out = append(out, rows[i]...)
	}
	return out
}

// TestExportRuns: what the export makes of runs the ledger keeps in ways
// a plain check does not leave them: runs that recorded each list whole
// beside runs an earlier version recorded by path and SHA-256 alone, the
// excerpt another version embedded (its rows not known), a server's run
// against the excerpt, lists that are not JSON, a run that records no
// list, a run the runs table lost, a run of reviewers' actions only, and
// many runs named in one warning.
func TestExportRuns(t *testing.T) {
	excerpt := screening.Excerpt().Snapshot
	old := `{"screening/lists/csl-excerpt.csv":"0123"}`
	csl := reports.Snapshot{Path: "/var/cache/exportcheck/consolidated.csv", SHA256: "ab12", Rows: 19876, Newest: "2026-11-30", Downloaded: "2026-12-01T06:00:00Z"}
	demo := reports.Snapshot{Path: screening.ExcerptPath, SHA256: excerpt.SHA256, Rows: excerpt.Rows, Newest: excerpt.Newest, Demo: true}
	whole := func(lists ...reports.Snapshot) string {
		b, err := json.Marshal(lists)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, tc := range []struct {
		name     string
		runs     []ledger.RunRecord
		want     []reports.LedgerRun
		warnings []string
	}{
		{
			name: "lists recorded whole beside lists recorded by path and SHA-256",
			runs: []ledger.RunRecord{
				{ID: "r1", Screening: `{"/var/cache/exportcheck/consolidated.csv":"ab12"}`, Inputs: `{"a.csv":"aa"}`, Decided: true},
				{ID: "r2", Screening: whole(csl), Inputs: `{"b.csv":"bb"}`, Decided: true},
				{ID: "r3", Screening: `{}`, Inputs: `{}`, Decided: true},
				{ID: "r4", Screening: `{"off":true}`, Inputs: `{}`, Decided: true},
			},
			want: []reports.LedgerRun{
				{ID: "r1", Decided: true, Screening: []reports.Snapshot{{Path: csl.Path, SHA256: csl.SHA256}}, Inputs: []reports.Input{{Path: "a.csv", SHA256: "aa"}}},
				{ID: "r2", Decided: true, Whole: true, Screening: []reports.Snapshot{csl}, Inputs: []reports.Input{{Path: "b.csv", SHA256: "bb"}}},
				{ID: "r3", Decided: true},
				{ID: "r4", Decided: true, Whole: true},
			},
			warnings: []string{"runs r3 and r4: " + reports.ScreeningOffWarning("--screening-list none")},
		},
		{
			name: "the excerpt recorded whole, by a run of check and of a server",
			runs: []ledger.RunRecord{
				{ID: "r1", Screening: whole(demo), Inputs: `{"a.csv":"aa"}`, Decided: true},
				{ID: "r2", Screening: whole(reports.Snapshot{Path: "old/csl-excerpt.csv", SHA256: "0123", Rows: 12, Newest: "2023-01-01", Demo: true}), Inputs: `{"request":"cc"}`, Decided: true, Actor: "ci"},
				{ID: "r3", Screening: whole(demo), Inputs: `{"desk:a.yaml":"sha256:ee","request":"dd"}`, Decided: true, Actor: "reviewer"},
			},
			want: []reports.LedgerRun{
				{ID: "r1", Decided: true, Whole: true, Screening: []reports.Snapshot{demo}, Inputs: []reports.Input{{Path: "a.csv", SHA256: "aa"}}},
				{ID: "r2", Decided: true, Whole: true, Screening: []reports.Snapshot{{Path: "old/csl-excerpt.csv", SHA256: "0123", Rows: 12, Newest: "2023-01-01", Demo: true}}, Inputs: []reports.Input{{Path: "request", SHA256: "cc"}}},
				{ID: "r3", Decided: true, Whole: true, Screening: []reports.Snapshot{demo}, Inputs: []reports.Input{{Path: "desk:a.yaml", SHA256: "sha256:ee"}, {Path: "request", SHA256: "dd"}}},
			},
			warnings: []string{
				"run r2: " + reports.DemoWarning(12, serve.DemoList),
				"run r1: " + reports.DemoWarning(excerpt.Rows, "--screening-list demo"),
				"run r3: " + reports.DemoWarning(excerpt.Rows, serve.DemoList),
			},
		},
		{
			name: "screening off, by check and by a server",
			runs: []ledger.RunRecord{
				{ID: "r1", Screening: `{"off":true}`, Inputs: `{"a.csv":"aa"}`, Decided: true},
				{ID: "r2", Screening: `{"off":true}`, Inputs: `{"request":"cc"}`, Decided: true, Actor: "ci"},
			},
			want: []reports.LedgerRun{
				{ID: "r1", Decided: true, Whole: true, Inputs: []reports.Input{{Path: "a.csv", SHA256: "aa"}}},
				{ID: "r2", Decided: true, Whole: true, Inputs: []reports.Input{{Path: "request", SHA256: "cc"}}},
			},
			warnings: []string{
				"run r1: " + reports.ScreeningOffWarning("--screening-list none"),
				"run r2: " + reports.ScreeningOffWarning(serve.NoList),
			},
		},
		{
			name: "a run that records no list, nor screening off",
			runs: []ledger.RunRecord{{ID: "r1", Screening: `[]`, Inputs: `{}`, Decided: true}, {ID: "r2", Screening: `[]`, Inputs: `{}`}},
			want: []reports.LedgerRun{
				{ID: "r1", Decided: true, Whole: true, Problem: "the ledger records no screening list for this run, and not that screening was off"},
				{ID: "r2", Whole: true},
			},
			warnings: []string{"run r1: what the run screened against cannot be read from the ledger (the Inputs sheet says why); its lines may not have been screened"},
		},
		{
			name: "the excerpt another version embedded",
			runs: []ledger.RunRecord{{ID: "r1", Started: "2026-01-01T00:00:00Z", Screening: old, Inputs: `{"a.csv":"aa"}`, Decided: true}},
			want: []reports.LedgerRun{{ID: "r1", Started: "2026-01-01T00:00:00Z", Decided: true,
				Screening: []reports.Snapshot{{Path: "screening/lists/csl-excerpt.csv", SHA256: "0123", Demo: true}}, Inputs: []reports.Input{{Path: "a.csv", SHA256: "aa"}}}},
			warnings: []string{"run r1: DEMONSTRATION screening: end users were screened against the embedded excerpt (--screening-list demo), not the Consolidated Screening List; listed parties can come out allow"},
		},
		{
			name: "this excerpt under another path",
			runs: []ledger.RunRecord{{ID: "r1", Screening: `{"copy.csv":"` + excerpt.SHA256 + `"}`, Inputs: `{}`, Decided: true}},
			want: []reports.LedgerRun{{ID: "r1", Decided: true,
				Screening: []reports.Snapshot{{Path: "copy.csv", SHA256: excerpt.SHA256, Rows: excerpt.Rows, Newest: excerpt.Newest, Demo: true}}}},
			warnings: []string{"run r1: " + reports.DemoWarning(excerpt.Rows, "--screening-list demo")},
		},
		{
			name: "reviewers' actions screen nothing",
			runs: []ledger.RunRecord{{ID: "r1", Screening: old, Inputs: `{}`}, {ID: "r2", Screening: `{}`, Inputs: `{}`}},
			want: []reports.LedgerRun{{ID: "r1", Screening: []reports.Snapshot{{Path: "screening/lists/csl-excerpt.csv", SHA256: "0123", Demo: true}}}, {ID: "r2"}},
		},
		{
			name: "lists that cannot be read, and a lost run",
			runs: []ledger.RunRecord{{ID: "r1", Screening: `["x"]`, Inputs: `{}`, Decided: true}, {ID: "r2", Missing: true, Decided: true}},
			want: []reports.LedgerRun{
				{ID: "r1", Decided: true, Problem: `ledger run r1: its screening lists are not stored in a form the ledger writes (a JSON array of lists, each with its path and SHA-256; {"off":true}; before 2026-12-07, a JSON object of path -> SHA-256): "[\"x\"]"`},
				{ID: "r2", Decided: true, Problem: "the ledger has no record of this run (its screening lists and input files are not known)"},
			},
			warnings: []string{"runs r1 and r2: what the run screened against cannot be read from the ledger (the Inputs sheet says why); its lines may not have been screened"},
		},
		{
			name: "many runs",
			runs: []ledger.RunRecord{{ID: "r1", Screening: `{}`, Inputs: `{}`, Decided: true}, {ID: "r2", Screening: `{}`, Inputs: `{}`, Decided: true},
				{ID: "r3", Screening: `{}`, Inputs: `{}`, Decided: true}, {ID: "r4", Screening: `{}`, Inputs: `{}`, Decided: true}},
			want:     []reports.LedgerRun{{ID: "r1", Decided: true}, {ID: "r2", Decided: true}, {ID: "r3", Decided: true}, {ID: "r4", Decided: true}},
			warnings: []string{"runs r1, r2, r3 and 1 more (each on the Inputs sheet): " + reports.ScreeningOffWarning("--screening-list none")},
		},
	} {
		runs, warnings := exportRuns(tc.runs)
		if diff := cmp.Diff(tc.want, runs); diff != "" {
			t.Errorf("%s: runs (-want +got):\n%s", tc.name, diff)
		}
		if diff := cmp.Diff(tc.warnings, warnings); diff != "" {
			t.Errorf("%s: warnings (-want +got):\n%s", tc.name, diff)
		}
	}
}

// TestLedgerPruneKeepsAssignment: ledger prune keeps an assignment made at
// the review desk on a line that shipped before --before while it is in
// force, and every row after it, and says so; the end user's next line is
// still licensed under it, and the line that cited it still finds it.
// Before, the assignment went with its line's ship date: the line shipped
// later cited "ledger row 2", a row gone, and the next line came out
// license_required (the new-user trial of 2026-12-07).
func TestLedgerPruneKeepsAssignment(t *testing.T) {
	for _, kind := range ledgertest.Kinds {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			dsn := ledgertest.DSN(t, kind)
			records := filepath.Join(dir, "records")
			write := func(name, text string) string {
				t.Helper()
				p := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				return p
			}
			write("records/D2021001.yaml", "record: licence\nnumber: D2021001\nkind: license\nstatus: active\nissued: 2021-01-04\nexpires: 2027-01-04\n"+
				"items:\n  products: [nvidia-h100-sxm5]\ndestinations: [AE]\nconsignee: Falcon Compute Data Center LLC\nend_users:\n  - Falcon Compute Data Center LLC\nquantity_limits:\n  nvidia-h100-sxm5: 100\n")
			const header = "id,product,quantity,destination,end_user,end_user_hq,consignee,date\n"
			book := func(name string, lines ...string) string { return write(name, header+strings.Join(lines, "\n")+"\n") }
			cmd := func(want int, args ...string) string {
				t.Helper()
				var out, errb bytes.Buffer
				if code := run(ctx, args, nil, &out, &errb); code != want {
					t.Fatalf("%v: exit %d, want %d\n%s%s", args, code, want, out.String(), errb.String())
				}
				return out.String()
			}
			check := func(books ...string) {
				t.Helper()
				cmd(0, append([]string{"check", "--screening-list", "demo", "--records", records, "--ledger", dsn, "--commit", "--fail-on", "prohibited"}, books...)...)
			}
			// Row 1: a line of 2021 (no licence needed then); row 2: the
			// desk's assignment of its end user, made on it; row 3:
			// another line of 2021; row 4: a line of 2026, licensed
			// under the assignment.
			check(book("old.csv", "OLD-1,nvidia-h100-sxm5,2,AE,Falcon Compute DC,AE,Falcon Compute Data Center LLC,2021-03-01"))
			l, err := ledger.Open(ctx, dsn, false)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			var on ledger.Row
			for r, err := range l.Query(ctx, ledger.Filter{OrderID: "OLD-1"}) {
				if err != nil {
					t.Fatal(err)
				}
				on = r
			}
			s, err := l.Begin(ctx, ledger.Run{Started: time.Date(2021, 3, 2, 9, 0, 0, 0, time.UTC), ToolVersion: "test", PolicyRevision: on.Run.PolicyRevision, Actor: "r.chen"}, false)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.AddAction(ctx, ledger.Action{Kind: ledger.KindAssignment, Line: &on, Name: "falcon-compute-dc-D2021001.yaml", Outcome: "assigned", Auth: "license:D2021001",
				Record: []byte("record: assignment\nend_user: Falcon Compute DC\nlicence: D2021001\norder: OLD-1\nby: r.chen\nat: 2021-03-02\nreason: the same company\n")}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Finish(ctx); err != nil {
				t.Fatal(err)
			}
			check(book("old2.csv", "OLD-2,nvidia-h100-sxm5,1,AE,Falcon Compute Data Center LLC,AE,Falcon Compute Data Center LLC,2021-04-01"))
			check(book("new.csv", "NEW-1,nvidia-h100-sxm5,3,AE,Falcon Compute DC,AE,Falcon Compute Data Center LLC,2026-06-01"))

			got := cmd(0, "ledger", "prune", "--ledger", dsn, "--before", "2021-12-01")
			want := regexp.MustCompile(`^ledger .*: pruned 1 row, through row 1; the chain now starts from [0-9a-f]{64}\n` +
				`row 2 is kept, with every row after it \(a prune removes only the start of the log\): it is the assignment of Falcon Compute DC to licence D2021001 by r\.chen on 2021-03-02, still in force on or after 2021-12-01 \(not withdrawn before it\)\n$`)
			if !want.MatchString(got) {
				t.Errorf("prune printed %q, want %s", got, want)
			}
			got = cmd(0, "ledger", "prune", "--ledger", dsn, "--before", "2021-12-01")
			if want := "nothing pruned: row 2 is kept, with every row after it"; !strings.Contains(got, want) {
				t.Errorf("prune again printed %q, want %q", got, want)
			}
			cmd(0, "ledger", "verify", "--ledger", dsn)
			// The rows left, as a person reads them: the assignment, and
			// the line that cites it.
			var rows []string
			for r, err := range l.Query(ctx, ledger.Filter{}) {
				if err != nil {
					t.Fatal(err)
				}
				cites := ""
				if strings.Contains(r.Reasons, "ledger row 2,") {
					cites = " citing row 2"
				}
				rows = append(rows, fmt.Sprintf("%d %s %s %s %s%s", r.Seq, r.Kind, r.OrderID, r.Decision, r.Auth, cites))
			}
			if d := cmp.Diff([]string{"2 assignment OLD-1 assigned license:D2021001", "3 decision OLD-2 allow ", "4 decision NEW-1 licensed license:D2021001 citing row 2"}, rows); d != "" {
				t.Errorf("rows left (-want +got):\n%s", d)
			}
			// The end user's next line: licensed under the assignment.
			var out bytes.Buffer
			if code := run(ctx, []string{"check", "--screening-list", "demo", "--records", records, "--ledger", dsn, "-f", "jsonl", book("next.csv", "NEW-2,nvidia-h100-sxm5,1,AE,Falcon Compute DC,AE,Falcon Compute Data Center LLC,2026-07-01")}, nil, &out, io.Discard); code != 0 {
				t.Fatalf("check of the next line: exit %d\n%s", code, out.String())
			}
			if !strings.Contains(out.String(), `"id":"NEW-2"`) || !strings.Contains(out.String(), `"decision":"licensed"`) || !strings.Contains(out.String(), "ledger row 2,") {
				t.Errorf("the next line after the prune:\n%s\nwant it licensed under the assignment kept", out.String())
			}
		})
	}
}

// TestCommitReasonRefused: --amend without a reason, a reason that says
// nothing, and --reason without --commit are usage errors (exit 2) found
// before any line is judged: nothing is reported or committed.
func TestCommitReasonRefused(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "ledger.db")
	book := filepath.Join(dir, "book.csv")
	if err := os.WriteFile(book, []byte("id,product,quantity,destination,end_user,end_user_hq,date\nA-1,H100 SXM5,1,FR,Mistral Compute SAS,FR,2026-03-02\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	type result struct {
		Code           int
		Stdout, Stderr string
	}
	check := func(args ...string) result {
		var out, errb bytes.Buffer
		code := run(context.Background(), append(append([]string{"check", "--screening-list", "none", "--ledger", dsn}, args...), book), nil, &out, &errb)
		// The last line: the warning that screening is off comes first.
		lines := strings.Split(strings.TrimSuffix(errb.String(), "\n"), "\n")
		return result{code, out.String(), lines[len(lines)-1]}
	}
	if r := check("--commit"); r.Code != 0 {
		t.Fatalf("commit: %+v", r)
	}
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"--amend without --reason", []string{"--commit", "--amend"}, `exportcheck: --amend needs --reason: say why the orders changed (e.g. --reason "customer revised PO 4471 to 12 units"); the ledger keeps it with the amendments (15 CFR 762.2(a): memoranda and notes of the transaction)`},
		{"a blank reason", []string{"--commit", "--amend", "--reason", " \t "}, `exportcheck: --reason " \t ": say why (words on one line, not only spaces or control characters)`},
		{"a reason on two lines", []string{"--commit", "--reason", "licence\ngranted"}, `exportcheck: --reason "licence\ngranted": say why (words on one line, not only spaces or control characters)`},
		{"--reason without --commit", []string{"--reason", "licence granted"}, "exportcheck: --reason says why a run is committed: use it with --commit"},
	} {
		if diff := cmp.Diff(result{exitUsage, "", tt.want}, check(tt.args...)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
	l, err := ledger.Open(context.Background(), dsn, false)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var rows []string
	for r, err := range l.Query(context.Background(), ledger.Filter{}) {
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, fmt.Sprintf("%d %s %s %q", r.Seq, r.Kind, r.OrderID, r.Run.Reason))
	}
	if diff := cmp.Diff([]string{`1 decision A-1 ""`}, rows); diff != "" {
		t.Errorf("the ledger after the refusals (-want +got):\n%s", diff)
	}
}
