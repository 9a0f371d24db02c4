package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/exportcheck/exportcheck/screening"
)

// TestHelpExamples runs every example that a command's --help shows, in a
// directory laid out as a team's would be (order books, a company policy,
// records, a configuration naming the downloaded screening list): each
// must run and exit 0 or 1, never with a usage or input error.
func TestHelpExamples(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	for src, dst := range map[string]string{
		"examples": "examples", "examples/orders.csv": "orders.csv", "examples/company-policy": "company/policies",
		"policies": "main/policies", "data": "main/data", "examples/records": "records",
	} {
		if err := os.CopyFS(filepath.Join(work, dst), os.DirFS(filepath.Join(repo, src))); err != nil {
			// a single file
			b, err := os.ReadFile(filepath.Join(repo, src))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(work, dst), b, 0o644)
		}
	}
	os.MkdirAll(filepath.Join(work, "docs"), 0o755)
	// The clearance the example of `clear` writes is one the examples hold.
	os.RemoveAll(filepath.Join(work, "records", "clearances"))
	// The screening list, downloaded as `lists update` would (from a
	// loopback server), into the cache the configuration names: the
	// excerpt, whose entries the examples name (short of the whole list,
	// which every check then warns of). The examples of `lists update`
	// download a list as long as the whole one, with the excerpt's
	// entries, into a cache of their own: lists update refuses a list
	// short of the whole, and 20,000 entries would slow every server
	// example past the time it is given to start.
	excerpt, err := os.ReadFile(filepath.Join(repo, screening.ExcerptPath))
	if err != nil {
		t.Fatal(err)
	}
	list := screening.Excerpt()
	list.Entries = append(list.Entries, screening.Synthetic(20000, 3).Entries...)
	var csvList bytes.Buffer
	if err := screening.WriteCSV(&csvList, list); err != nil {
		t.Fatal(err)
	}
	var asJSON []map[string]string
	for _, e := range list.Entries {
		asJSON = append(asJSON, map[string]string{"id": e.ID, "source": e.Source, "name": e.Name, "alt_names": strings.Join(e.AltNames, "; "), "start_date": e.StartDate})
	}
	jsonList, _ := json.Marshal(map[string]any{"results": asJSON})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/excerpt.csv"):
			w.Write(excerpt)
		case strings.HasSuffix(r.URL.Path, ".json"):
			w.Write(jsonList)
		default:
			w.Write(csvList.Bytes())
		}
	}))
	defer srv.Close()
	cache := filepath.Join(work, ".exportcheck", "lists")
	if _, err := updateList(context.Background(), srv.Client(), srv.URL+"/excerpt.csv", cache, "", time.Now().UTC(), false, screening.Coverage{}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(work, ConfigName), []byte("screening:\n  lists: [cached]\n  cache_dir: .exportcheck/lists\n  url: "+srv.URL+"/consolidated.csv\n"), 0o644)
	t.Chdir(work)
	// The signing key the bundle example names.
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile("signing.pem", pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}), 0o600)
	// The ledger the examples name holds the example book's decisions.
	if code := run(context.Background(), []string{"check", "--screening-list", "demo", "--records", "records", "--ledger", "sqlite:ledger.db", "--commit",
		"--fail-on", "prohibited", "examples/records-orders.csv"}, nil, io.Discard, io.Discard); code != exitOK {
		t.Fatalf("committing the example book to ledger.db: exit %d", code)
	}

	root := &cobra.Command{Use: "exportcheck"}
	for _, add := range commands {
		root.AddCommand(add(&env{}))
	}
	var examples []string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, ex := range strings.Split(strings.ReplaceAll(c.Example, "\\\n", " "), "\n") {
			if ex = strings.TrimSpace(ex); ex != "" {
				examples = append(examples, ex)
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	if len(examples) < 20 {
		t.Fatalf("found %d examples", len(examples))
	}
	for _, ex := range examples {
		t.Run(ex, func(t *testing.T) {
			args := shellWords(t, ex)
			if args[0] != "exportcheck" {
				t.Fatalf("example does not start with exportcheck: %q", ex)
			}
			args = args[1:]
			if i := indexOf(args, ">"); i >= 0 { // redirected to a file: standard output
				args = args[:i]
			}
			if len(args) >= 2 && args[0] == "lists" && args[1] == "update" {
				for i, a := range args {
					if a == "--url" { // the loopback server stands for trade.gov
						args[i+1] = srv.URL + "/" + filepath.Base(args[i+1])
					}
				}
				args = append(args, "--cache-dir", filepath.Join(t.TempDir(), "lists"))
			}
			ctx := context.Background()
			if len(args) > 0 && args[0] == "serve" && !slices.Contains(args, "token") {
				// A server runs until it is stopped: on a free port, stopped
				// once it has had time to start.
				for i, a := range args {
					if a == "--listen" {
						args[i+1] = "127.0.0.1:0"
					}
				}
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, 3*time.Second)
				defer cancel()
			}
			if len(args) > 1 && args[0] == "bench" && args[1] == "serve" {
				if testing.Short() {
					t.Skip("builds opa and starts two servers")
				}
				// Briefly, against the pinned opa; the server it starts is
				// this binary, as exportcheck.
				t.Setenv("EXPORTCHECK_TEST_AS_MAIN", "1")
				for i, a := range args {
					if a == "--duration" {
						// Long enough for a request to complete on a
						// loaded machine (500 ms was not, at load 10).
						args[i+1] = "2s"
					}
				}
				args = append(args, "--opa", testOPA(t), "--warmup", "0s", "--orders", "100", "--agree", "10")
			}
			var stdout, stderr bytes.Buffer
			code := run(ctx, args, strings.NewReader(""), &stdout, &stderr)
			if code != exitOK && code != exitFailed {
				t.Errorf("exit %d\n%s", code, stderr.String())
			}
		})
	}
}

// TestHelpExamplesOnTheExamples runs the check and diff examples that judge
// a book under examples/ where a first-time user runs them: in a clone, with
// no .exportcheck.yaml and nothing downloaded. Those must choose their
// screening list themselves (demo); one that names the downloaded list
// (cached) needs `exportcheck lists update` first, as the README says.
func TestHelpExamplesOnTheExamples(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	asFirstTimeUser(t, repo)
	n := 0
	for _, add := range commands {
		c := add(&env{})
		if c.Name() != "check" && c.Name() != "diff" {
			continue
		}
		for _, ex := range strings.Split(c.Example, "\n") {
			ex = strings.TrimSpace(ex)
			if !strings.Contains(ex, " examples/") || strings.Contains(ex, "cached") {
				continue
			}
			n++
			t.Run(ex, func(t *testing.T) {
				var stderr bytes.Buffer
				if code := run(context.Background(), shellWords(t, ex)[1:], strings.NewReader(""), io.Discard, &stderr); code != exitOK && code != exitFailed {
					t.Errorf("exit %d\n%s", code, stderr.String())
				}
			})
		}
	}
	if n < 2 {
		t.Fatalf("found %d examples on examples/", n)
	}
}

// TestREADMEExamples runs the README's commands that work on what a clone
// holds (examples/, and the ledger the README's own example creates) as a
// first-time reader runs them: in order, as written, in a clone with no
// .exportcheck.yaml and nothing downloaded. Each must exit 0 or 1 and make
// the file its comment says it creates. Those that need the downloaded
// list (cached), a server or the reader's own order book are left out.
func TestREADMEExamples(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(repo, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	asFirstTimeUser(t, repo)
	creates := regexp.MustCompile(`# creates (\S+)`)
	ownBook := regexp.MustCompile(`\sorders\.csv`) // the reader's, not examples/orders.csv
	var run1 []string
	for _, block := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(string(readme), -1) {
		for _, line := range strings.Split(block[1], "\n") {
			if !strings.HasPrefix(line, "exportcheck ") || strings.HasPrefix(line, "exportcheck serve") || strings.Contains(line, "cached") || ownBook.MatchString(line) {
				continue
			}
			run1 = append(run1, line)
		}
	}
	if len(run1) < 4 {
		t.Fatalf("found %d README commands to run: %q", len(run1), run1)
	}
	for _, line := range run1 {
		args := shellWords(t, line)[1:]
		t.Log(line)
		var stderr bytes.Buffer
		if code := run(context.Background(), args, strings.NewReader(""), io.Discard, &stderr); code != exitOK && code != exitFailed {
			t.Errorf("%s: exit %d\n%s", line, code, stderr.String())
		}
		if m := creates.FindStringSubmatch(line); m != nil {
			if _, err := os.Stat(m[1]); err != nil {
				t.Errorf("%s: %v", line, err)
			}
		}
	}
}

// asFirstTimeUser runs the rest of the test where a first-time user runs
// exportcheck: in a directory holding a copy of repo's examples/, with no
// .exportcheck.yaml and an empty cache and home (nothing downloaded).
func asFirstTimeUser(t *testing.T, repo string) {
	t.Helper()
	work := t.TempDir()
	if err := os.CopyFS(filepath.Join(work, "examples"), os.DirFS(filepath.Join(repo, "examples"))); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	t.Chdir(work)
}

// shellWords splits an example as a shell would: words, quoted words, and
// a trailing comment.
func shellWords(t *testing.T, s string) []string {
	var out []string
	var cur strings.Builder
	in, quoted := byte(0), false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case in != 0 && c == in:
			in = 0
		case in != 0:
			cur.WriteByte(c)
		case c == '"' || c == '\'':
			in, quoted = c, true
		case c == '#' && cur.Len() == 0:
			i = len(s)
		case c == ' ' || c == '\t':
			if cur.Len() > 0 || quoted {
				out = append(out, cur.String())
				cur.Reset()
				quoted = false
			}
		default:
			cur.WriteByte(c)
		}
	}
	if cur.Len() > 0 || quoted {
		out = append(out, cur.String())
	}
	if in != 0 {
		t.Fatalf("unclosed quote in %q", s)
	}
	return out
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}
