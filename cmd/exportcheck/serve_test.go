package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/bundle"

	"github.com/exportcheck/exportcheck/bundles"
	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger/ledgertest"
	"github.com/exportcheck/exportcheck/serve"
)

// TestServeProcess runs exportcheck serve as a process: it answers with
// and without a token as the tokens file says, and on SIGTERM it finishes
// the request in flight before it exits 0.
func TestServeProcess(t *testing.T) {
	tok, entry := serve.NewToken("pipeline", []string{"check"})
	tokens := filepath.Join(t.TempDir(), "tokens.yaml")
	os.WriteFile(tokens, []byte(fmt.Sprintf("tokens:\n  - name: %s\n    sha256: %s\n    roles: [check]\n", entry.Name, entry.SHA256)), 0o600)
	cmd := exec.Command(os.Args[0], "serve", "--screening-list", "demo", "--listen", "127.0.0.1:0", "--tokens", tokens)
	cmd.Env = append(os.Environ(), "EXPORTCHECK_TEST_AS_MAIN=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(stderr)
	var addr string
	var log strings.Builder
	for addr == "" && sc.Scan() {
		log.WriteString(sc.Text() + "\n")
		if m := regexp.MustCompile(`serving on (http://\S+) `).FindStringSubmatch(sc.Text()); m != nil {
			addr = m[1]
		}
	}
	if addr == "" {
		t.Fatalf("the server did not say where it listens:\n%s", log.String())
	}
	rest := make(chan string)
	go func() {
		b, _ := io.ReadAll(stderr)
		rest <- string(b)
	}()

	post := func(body, token string) (int, string) {
		req, _ := http.NewRequest("POST", addr+"/v1/check", strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	order := `{"id": "A-1", "product": "nvidia-h800-sxm5", "quantity": 8, "destination": "CN", "end_user": "Acme", "date": "%s"}`
	if code, body := post(fmt.Sprintf(order, "2023-06-01"), tok); code != 200 || !strings.Contains(body, `"decision":"allow"`) ||
		!strings.Contains(body, `"warnings":["DEMONSTRATION screening: end users were screened against the embedded 13-entry excerpt (the server's screening list demo), not`) {
		t.Errorf("H800 to China before the 2023 rule, the demonstration list said: %d %s", code, body)
	}
	if code, body := post(fmt.Sprintf(order, "2024-06-01"), tok); code != 200 || !strings.Contains(body, `"decision":"license_required"`) {
		t.Errorf("H800 to China after the 2023 rule: %d %s", code, body)
	}
	if code, _ := post(fmt.Sprintf(order, "2024-06-01"), ""); code != 401 {
		t.Errorf("without a token: %d, want 401", code)
	}

	// A batch in flight when SIGTERM comes is answered; then the process
	// ends. The body is sent in two halves with the signal between them,
	// so the request is certainly being read when the server is told to
	// stop.
	var batch bytes.Buffer
	batch.WriteString(`{"orders": [`)
	for i := range 10000 {
		if i > 0 {
			batch.WriteByte(',')
		}
		fmt.Fprintf(&batch, `{"id": "B-%d", "product": "nvidia-h100-sxm5", "quantity": 1, "destination": "%s", "end_user": "End User %d", "date": "2026-03-02"}`, i, []string{"DE", "CN", "AE", "JP"}[i%4], i)
	}
	batch.WriteString(`]}`)
	type answer struct {
		code int
		body string
		err  error
	}
	answered := make(chan answer)
	pr, pw := io.Pipe()
	go func() {
		req, _ := http.NewRequest("POST", addr+"/v1/check", pr)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			answered <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		answered <- answer{code: resp.StatusCode, body: string(b)}
	}()
	half := batch.Len() / 2
	pw.Write(batch.Bytes()[:half])
	time.Sleep(100 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(200 * time.Millisecond) // the server is stopping, the request half read
	pw.Write(batch.Bytes()[half:])
	pw.Close()
	a := <-answered
	if a.err != nil || a.code != 200 || strings.Count(a.body, `"id":"B-`) != 10000 {
		t.Errorf("the batch in flight at SIGTERM: %v, status %d, %d results", a.err, a.code, strings.Count(a.body, `"id":"B-`))
	}
	// Its standard error is read to the end before Wait, which closes the
	// pipe (reading after Wait could lose the last words).
	if out := <-rest; !strings.Contains(out, "exportcheck: stopped") {
		t.Errorf("the server's last words:\n%s", out)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("the server did not exit 0 on SIGTERM: %v", err)
	}
}

func TestServeLoopbackOnly(t *testing.T) {
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"serve", "--screening-list", "demo", "--listen", "0.0.0.0:0"}, nil, &out, &errb)
	if code != exitUsage || !strings.Contains(errb.String(), "without --tokens the server answers anyone who can reach it, so it listens on loopback only") {
		t.Errorf("serve on all interfaces without tokens: exit %d\n%s", code, errb.String())
	}
}

// TestREADMECurl sends the README's curl example to the API, as the
// README writes it: the order in it is judged as the README's reader
// would expect (the H800 to China in 2024 needs a licence).
func TestREADMECurl(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)curl -s -H "Authorization: Bearer \$TOKEN" -d '(.*?)' localhost:8080/v1/check`).FindSubmatch(readme)
	if m == nil {
		t.Fatal("the README has no curl example for /v1/check")
	}
	c, err := checker.New(context.Background(), checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(serve.New(serve.Options{Checker: c}))
	defer srv.Close()
	resp, err := http.Post(srv.URL+"/v1/check", "application/x-www-form-urlencoded", bytes.NewReader(m[1])) // curl -d's content type
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"id":"SO-1"`) || !strings.Contains(string(body), `"decision":"license_required"`) {
		t.Errorf("the README's curl example: %d %s", resp.StatusCode, body)
	}
}

// startServe runs exportcheck serve as a process and returns its address.
func startServe(t *testing.T, args ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd, addr, _ := startServeLine(t, args...)
	return cmd, addr
}

// startServeLine is startServe that returns the line saying where it
// serves too.
func startServeLine(t *testing.T, args ...string) (*exec.Cmd, string, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--screening-list", "demo", "--listen", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), "EXPORTCHECK_TEST_AS_MAIN=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(stderr)
	var log strings.Builder
	for sc.Scan() {
		log.WriteString(sc.Text() + "\n")
		if m := regexp.MustCompile(`serving on (https?://\S+) `).FindStringSubmatch(sc.Text()); m != nil {
			go io.Copy(io.Discard, stderr)
			return cmd, m[1], sc.Text()
		}
	}
	t.Fatalf("the server did not start:\n%s", log.String())
	return nil, "", ""
}

// TestServeNamesDesk: with a ledger, the line saying where serve listens
// names the review desk's address, which a reviewer opens; without one
// there is no desk to name.
func TestServeNamesDesk(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "ledger.db")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"ledger", "migrate", "--ledger", dsn}, nil, &out, &errb); code != 0 {
		t.Fatalf("ledger migrate: exit %d\n%s", code, errb.String())
	}
	_, addr, line := startServeLine(t, "--ledger", dsn)
	if want := "; the review desk at " + addr + "/desk/;"; !strings.Contains(line, want) {
		t.Errorf("serve --ledger says:\n%s\nwant it to say %q", line, want)
	}
	if _, _, line := startServeLine(t); strings.Contains(line, "desk") {
		t.Errorf("serve without a ledger says:\n%s\nwant no desk named", line)
	}
}

// revisionOf is the revision a server's /readyz names.
func revisionOf(t *testing.T, addr string) string {
	resp, err := http.Get(addr + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	m := regexp.MustCompile(`"revision":"([^"]*)"`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("readyz: %s", b)
	}
	return string(m[1])
}

// TestServeBundleReload: serve polls a bundle URL (with its ETag) and
// swaps in a new bundle that verifies, keeps serving when the next one is
// tampered with, and reloads a bundle file on SIGHUP.
func TestServeBundleReload(t *testing.T) {
	dir := t.TempDir()
	priv, pub := signingKeys(t, dir)
	build := func(name string, args ...string) ([]byte, string) {
		path := filepath.Join(dir, name)
		var out, errb bytes.Buffer
		if code := run(context.Background(), append([]string{"bundle", "build", "-o", path, "--signing-key", priv}, args...), nil, &out, &errb); code != 0 {
			t.Fatalf("bundle build: %s", errb.String())
		}
		b, _ := os.ReadFile(path)
		return b, strings.TrimSuffix(strings.Fields(strings.SplitN(out.String(), "revision ", 2)[1])[0], ",")
	}
	a, revA := build("a.tar.gz")
	b, revB := build("b.tar.gz", "--data", "../../examples/company-data")
	if revA == revB {
		t.Fatal("the two bundles have one revision")
	}

	var mu sync.Mutex
	served, fetches, notModified := a, 0, 0
	bundleSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		fetches++
		etag := fmt.Sprintf(`"%x"`, sha256.Sum256(served))
		if r.Header.Get("If-None-Match") == etag {
			notModified++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Write(served)
	}))
	defer bundleSrv.Close()
	_, addr := startServe(t, "--bundle", bundleSrv.URL+"/bundle.tar.gz", "--verification-key", pub, "--bundle-poll", "50ms")
	if got := revisionOf(t, addr); got != revA {
		t.Fatalf("serving %s, want the first bundle's %s", got, revA)
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if ok() {
				return
			}
		}
		t.Fatalf("waited 10 s for %s", what)
	}
	waitFor("an unchanged bundle to be answered 304", func() bool { mu.Lock(); defer mu.Unlock(); return notModified > 0 })
	mu.Lock()
	served = b
	mu.Unlock()
	waitFor("the new bundle to be served", func() bool { return revisionOf(t, addr) == revB })

	mu.Lock()
	served = append(bytes.Clone(a[:len(a)-64]), make([]byte, 64)...) // tampered
	seen := fetches
	mu.Unlock()
	waitFor("the tampered bundle to be fetched twice", func() bool { mu.Lock(); defer mu.Unlock(); return fetches >= seen+2 })
	if got := revisionOf(t, addr); got != revB {
		t.Errorf("after a tampered bundle: serving %s, want %s still", got, revB)
	}
	resp, err := http.Get(addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !regexp.MustCompile(`exportcheck_bundle_reloads_total\{result="failure"\} [1-9]`).Match(metrics) {
		t.Errorf("no failed reload counted:\n%s", regexp.MustCompile(`(?m)^exportcheck_bundle.*$`).FindAll(metrics, -1))
	}
	// The bundle serving was built moments ago: its age is seconds.
	if m := regexp.MustCompile(`(?m)^exportcheck_bundle_age_seconds (\S+)$`).FindSubmatch(metrics); m == nil {
		t.Errorf("no age of the bundle serving:\n%s", regexp.MustCompile(`(?m)^exportcheck_bundle.*$`).FindAll(metrics, -1))
	} else if age, err := strconv.ParseFloat(string(m[1]), 64); err != nil || age < 0 || age > 600 {
		t.Errorf("the bundle serving is %s seconds old, want a few", m[1])
	}

	// A bundle file, reloaded on SIGHUP.
	file := filepath.Join(dir, "current.tar.gz")
	os.WriteFile(file, a, 0o644)
	cmd, addr := startServe(t, "--bundle", file, "--verification-key", pub)
	if got := revisionOf(t, addr); got != revA {
		t.Fatalf("serving %s, want %s", got, revA)
	}
	os.WriteFile(file, b, 0o644)
	cmd.Process.Signal(syscall.SIGHUP)
	waitFor("SIGHUP to load the new file", func() bool { return revisionOf(t, addr) == revB })

	// A bundle whose data does not know a product the records name is not
	// swapped in: the licence would cover nothing.
	recs := filepath.Join(dir, "records")
	os.Mkdir(recs, 0o755)
	os.WriteFile(filepath.Join(recs, "acme.yaml"), []byte(acmeLicence), 0o644)
	cmd, addr = startServe(t, "--bundle", file, "--verification-key", pub, "--records", recs)
	os.WriteFile(file, a, 0o644)
	cmd.Process.Signal(syscall.SIGHUP)
	waitFor("the reload to fail", func() bool {
		resp, err := http.Get(addr + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		metrics, _ := io.ReadAll(resp.Body)
		return regexp.MustCompile(`exportcheck_bundle_reloads_total\{result="failure"\} 1`).Match(metrics)
	})
	if got := revisionOf(t, addr); got != revB {
		t.Errorf("after a bundle that does not know the records' product: serving %s, want %s still", got, revB)
	}
}

// TestServeBundleKeyRotated: SIGHUP reads --verification-key again, so a
// key rotated on disk verifies the next bundle with no restart; a key
// file that holds no key fails the reload, counted, and the bundle in use
// keeps serving.
func TestServeBundleKeyRotated(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "old"), 0o755)
	os.Mkdir(filepath.Join(dir, "new"), 0o755)
	oldPriv, oldPub := signingKeys(t, filepath.Join(dir, "old"))
	newPriv, newPub := signingKeys(t, filepath.Join(dir, "new"))
	file, keyFile := filepath.Join(dir, "bundle.tar.gz"), filepath.Join(dir, "bundle.pub")
	build := func(priv string, args ...string) {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(context.Background(), append([]string{"bundle", "build", "-o", file, "--signing-key", priv}, args...), nil, &out, &errb); code != 0 {
			t.Fatalf("bundle build: %s", errb.String())
		}
	}
	copyKey := func(from string) { t.Helper(); copyFile(t, from, keyFile) }
	build(oldPriv)
	copyKey(oldPub)
	cmd, addr := startServe(t, "--bundle", file, "--verification-key", keyFile)
	revA := revisionOf(t, addr)
	reloads := func(result string, n int) {
		t.Helper()
		re := regexp.MustCompile(fmt.Sprintf(`exportcheck_bundle_reloads_total\{result="%s"\} %d\n`, result, n))
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			resp, err := http.Get(addr + "/metrics")
			if err != nil {
				t.Fatal(err)
			}
			metrics, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if re.Match(metrics) {
				return
			}
		}
		t.Fatalf("waited 10 s for %d reloads of result %s", n, result)
	}

	build(newPriv, "--data", "../../examples/company-data")
	copyKey(newPub)
	cmd.Process.Signal(syscall.SIGHUP)
	reloads("success", 1)
	revB := revisionOf(t, addr)
	if revB == revA {
		t.Fatalf("after the key and the bundle were rotated, SIGHUP left %s serving", revA)
	}

	os.WriteFile(keyFile, []byte("not a key\n"), 0o644)
	cmd.Process.Signal(syscall.SIGHUP)
	reloads("failure", 1)
	if got := revisionOf(t, addr); got != revB {
		t.Errorf("after a reload with no key: serving %s, want %s still", got, revB)
	}
}

// signingKeys writes a new RSA key pair into dir: the private key to sign
// bundles with, the public one to verify them.
func signingKeys(t *testing.T, dir string) (priv, pub string) {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	priv, pub = filepath.Join(dir, "signing.pem"), filepath.Join(dir, "signing.pub")
	os.WriteFile(priv, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}), 0o600)
	os.WriteFile(pub, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), 0o644)
	return priv, pub
}

// TestServeBundleRollback: a signed bundle built before the one serving
// (an old one replayed) is not swapped in by a reload; the one serving
// keeps serving.
func TestServeBundleRollback(t *testing.T) {
	dir := t.TempDir()
	priv, pub := signingKeys(t, dir)
	build := func(name, epoch string, args ...string) []byte {
		t.Setenv("SOURCE_DATE_EPOCH", epoch)
		path := filepath.Join(dir, name)
		var errb bytes.Buffer
		if code := run(context.Background(), append([]string{"bundle", "build", "-o", path, "--signing-key", priv}, args...), nil, io.Discard, &errb); code != 0 {
			t.Fatalf("bundle build: %s", errb.String())
		}
		b, _ := os.ReadFile(path)
		return b
	}
	old := build("old.tar.gz", "1700000000")
	current := build("new.tar.gz", "1760000000", "--data", "../../examples/company-data")
	file := filepath.Join(dir, "current.tar.gz")
	os.WriteFile(file, current, 0o644)
	cmd, addr := startServe(t, "--bundle", file, "--verification-key", pub)
	rev := revisionOf(t, addr)
	os.WriteFile(file, old, 0o644)
	cmd.Process.Signal(syscall.SIGHUP)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		resp, err := http.Get(addr + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		metrics, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if regexp.MustCompile(`exportcheck_bundle_reloads_total\{result="failure"\} 1`).Match(metrics) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("waited 10 s for the reload of the older bundle to fail")
		}
	}
	if got := revisionOf(t, addr); got != rev {
		t.Errorf("after an older bundle: serving %s, want %s still", got, rev)
	}
}

// TestServeBundleSameRevision: a bundle that keeps the revision of the
// one serving (as opa build --revision can make it) but holds other data is
// refused by a reload, saying so, and the one serving keeps deciding: the
// decisions and the ledger name only the revision. So is one that keeps
// its built time too (made by hand), which is not taken for the bundle
// serving packed again. The same content signed again under the revision
// is taken, and so is other data under a new one.
func TestServeBundleSameRevision(t *testing.T) {
	for _, tt := range []struct {
		name  string
		built time.Time
	}{
		{"no built time", time.Time{}},
		{"the same built time", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			priv, pub := signingKeys(t, dir)
			key, _ := os.ReadFile(priv)
			file := filepath.Join(dir, "bundle.tar.gz")
			os.WriteFile(file, opaBundle(t, key, "v1", tt.built), 0o644)
			_, addr := startServe(t, "--bundle", file, "--verification-key", pub)
			post := func(path, body string) (int, string) { t.Helper(); return postJSON(t, addr+path, body) }
			acme := func() string {
				t.Helper()
				_, body := post("/v1/check", `{"id": "A-1", "product": "acme-inference-box-4", "quantity": 1, "destination": "DE", "end_user": "Berlin Robotics GmbH", "end_user_hq": "DE", "date": "2025-02-01"}`)
				return body
			}
			unknown := `unknown product \"acme-inference-box-4\"`
			if body := acme(); !strings.Contains(body, unknown) || !strings.Contains(body, `"revision":"v1"`) {
				t.Fatalf("the first bundle, without the company catalog: %s", body)
			}

			os.WriteFile(file, opaBundle(t, key, "v1", tt.built, "../../examples/company-data"), 0o644)
			code, body := post("/v1/reload", "")
			want := "--bundle " + file + " is refused: it keeps revision v1, but its policies or data are not those served under that revision"
			if code != http.StatusBadGateway || !strings.Contains(body, want) || !strings.Contains(body, "needs a new revision") {
				t.Errorf("a reload to other data under revision v1: %d %s\nwant 502 with %q", code, body, want)
			}
			if body := acme(); !strings.Contains(body, unknown) {
				t.Errorf("after the refused reload, the Acme product is judged with the refused bundle's data: %s", body)
			}
			resp, err := http.Get(addr + "/metrics")
			if err != nil {
				t.Fatal(err)
			}
			metrics, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if !strings.Contains(string(metrics), `exportcheck_bundle_reloads_total{result="failure"} 1`) {
				t.Errorf("the refused reload is not counted:\n%s", regexp.MustCompile(`(?m)^exportcheck_bundle.*$`).FindAll(metrics, -1))
			}

			// The same content under v1 and built time, signed again (other
			// bytes): no change.
			os.WriteFile(file, opaBundle(t, key, "v1", tt.built), 0o644)
			if code, body := post("/v1/reload", ""); code != http.StatusOK || !strings.Contains(body, `"revision":"v1"`) {
				t.Errorf("a reload to the same content under v1, built as the bundle serving: %d %s", code, body)
			}
			// The same content under v1, signed again and built since: taken.
			os.WriteFile(file, opaBundle(t, key, "v1", time.Now()), 0o644)
			if code, body := post("/v1/reload", ""); code != http.StatusOK || !strings.Contains(body, `"revision":"v1"`) {
				t.Errorf("a reload to the same content under v1: %d %s", code, body)
			}
			// The company catalog under a new revision: taken, and decides.
			os.WriteFile(file, opaBundle(t, key, "v2", time.Now(), "../../examples/company-data"), 0o644)
			if code, body := post("/v1/reload", ""); code != http.StatusOK || !strings.Contains(body, `"revision":"v2"`) {
				t.Errorf("a reload to the company catalog under v2: %d %s", code, body)
			}
			if body := acme(); strings.Contains(body, unknown) || !strings.Contains(body, `"revision":"v2"`) {
				t.Errorf("under v2 the Acme product is judged with the company catalog, but: %s", body)
			}
		})
	}
}

// opaBundle is a bundle of the embedded policies and data with dataDirs
// over them, signed with key, as a bundle built without exportcheck may
// be: under any revision (opa build --revision), and saying when it was
// built only when built is not zero.
func opaBundle(t *testing.T, key []byte, revision string, built time.Time, dataDirs ...string) []byte {
	t.Helper()
	b, err := checker.LoadBundle(nil, dataDirs)
	if err != nil {
		t.Fatal(err)
	}
	return opaBundleOf(t, key, b, revision, built)
}

// opaBundleOf is b as an OPA bundle signed with key, under revision, and
// saying when it was built only when built is not zero.
func opaBundleOf(t *testing.T, key []byte, b *checker.Bundle, revision string, built time.Time) []byte {
	t.Helper()
	meta := map[string]any{}
	if !built.IsZero() {
		meta["built"] = built.UTC().Format(time.RFC3339Nano)
	}
	ob, err := bundles.OPA(b, revision, meta)
	if err != nil {
		t.Fatal(err)
	}
	if err := ob.GenerateSignature(bundle.NewSigningConfig(string(key), "RS256", ""), bundles.DefaultKeyID, false); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := bundle.NewWriter(&out).Write(ob); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestServeBundleDecidingMissing: a bundle made before the policy marked
// the reason that decided each line (deciding in decision.results) is
// refused by a reload, saying where and to build it again, and the bundle
// serving keeps deciding: swapped in, it would fail every check.
func TestServeBundleDecidingMissing(t *testing.T) {
	dir := t.TempDir()
	priv, pub := signingKeys(t, dir)
	key, _ := os.ReadFile(priv)
	file := filepath.Join(dir, "bundle.tar.gz")
	os.WriteFile(file, opaBundle(t, key, "v1", time.Now()), 0o644)
	_, addr := startServe(t, "--bundle", file, "--verification-key", pub)

	old, err := checker.LoadBundle(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	const path = "exportcheck/decision.rego"
	src := old.Modules[path]
	old.Modules[path] = regexp.MustCompile(`(?m)^\t"deciding": .*\n`).ReplaceAllString(src, "")
	if !strings.Contains(src, `"deciding"`) || strings.Contains(old.Modules[path], `"deciding"`) {
		t.Fatalf("%s no longer says deciding on lines of their own", path)
	}
	os.WriteFile(file, opaBundleOf(t, key, old, "v2", time.Now()), 0o644)
	code, body := postJSON(t, addr+"/v1/reload", "")
	want := path + ":576: the policy builds a result without deciding (the index of the reason that decided the line, in decision.results): the bundle or policy tree was made for an exportcheck before 2026-12-07; build the bundle again with this version (exportcheck bundle build)"
	if code != http.StatusBadGateway || !strings.Contains(body, "reload-failed") || !strings.Contains(body, want) {
		t.Errorf("a reload to a bundle without deciding: %d %s\nwant 502 reload-failed with %q", code, body, want)
	}
	// Results stripped of deciding where loading cannot see it: judging
	// a line finds it, and the reload is refused too.
	old.Modules[path] = strings.Replace(src, "results := [_worded(decide(o, _regime)) | some o in input.orders]", `results := [object.remove(_worded(decide(o, _regime)), {"deciding"}) | some o in input.orders]`, 1)
	if old.Modules[path] == src {
		t.Fatalf("%s no longer builds results as this test rewrites them", path)
	}
	os.WriteFile(file, opaBundleOf(t, key, old, "v3", time.Now()), 0o644)
	code, body = postJSON(t, addr+"/v1/reload", "")
	if want := "policy result has no deciding"; code != http.StatusBadGateway || !strings.Contains(body, "reload-failed") || !strings.Contains(body, want) {
		t.Errorf("a reload to a bundle whose results lack deciding: %d %s\nwant 502 reload-failed with %q", code, body, want)
	}
	code, body = postJSON(t, addr+"/v1/check", `{"id": "A-1", "product": "nvidia-h100-sxm5", "quantity": 1, "destination": "CN", "end_user": "Example Co", "end_user_hq": "CN", "date": "2024-06-01"}`)
	if code != http.StatusOK || !strings.Contains(body, `"decision":"license_required"`) || !strings.Contains(body, `"revision":"v1"`) {
		t.Errorf("a check after the refused reloads: %d %s\nwant 200, license_required under v1", code, body)
	}
}

// acmeLicence is a licence for a product only the company catalog
// (examples/company-data) knows.
const acmeLicence = `record: licence
number: D7
kind: license
status: active
issued: 2026-01-12
expires: 2030-01-12
items: {products: [acme-inference-box-4]}
destinations: [AE]
end_users: [Falcon Compute LLC]
value_limit_usd: 1000000
`

// TestServeRecordsProblems: serve does not start on records that are
// wrong, with each problem's file and line: a product the data does not
// know, a directory with no record file.
func TestServeRecordsProblems(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		args  []string
		want  string
		not   string // what it must not say
	}{
		{"a product the data does not know", map[string]string{"acme.yaml": acmeLicence}, nil,
			`acme.yaml:7: licence D7: items.products: "acme-inference-box-4" is not a product ID the data knows; exportcheck products lists them, --data adds your own`, ""},
		{"known with the company catalog", map[string]string{"acme.yaml": strings.Replace(acmeLicence, "[AE]", "[XA]", 1)}, []string{"--data", "../../examples/company-data"},
			`acme.yaml:8: licence D7: destinations: "XA" is not a country code the data knows; exportcheck countries lists them`, "acme-inference-box-4"},
		{"no record file", map[string]string{"README.md": "the records are elsewhere"}, nil,
			`holds no record files (*.yaml, *.yml)`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, body := range tc.files {
				os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644)
			}
			var out, errb bytes.Buffer
			code := run(context.Background(), append([]string{"serve", "--screening-list", "demo", "--listen", "127.0.0.1:0", "--records", dir}, tc.args...), nil, &out, &errb)
			if code != exitUsage || !strings.Contains(errb.String(), tc.want) || strings.Contains(errb.String(), "serving on") || tc.not != "" && strings.Contains(errb.String(), tc.not) {
				t.Errorf("exit %d, want %d with %q:\n%s", code, exitUsage, tc.want, errb.String())
			}
		})
	}
}

// TestServeReplicas: two serve processes committing to one ledger against
// one licence at once never overdraw it: of 30 orders of 5 units on a
// licence for 100, exactly 20 are licensed.
func TestServeReplicas(t *testing.T) {
	for _, kind := range ledgertest.Kinds {
		t.Run(kind, func(t *testing.T) {
			dsn := ledgertest.DSN(t, kind)
			var errb bytes.Buffer
			if code := run(context.Background(), []string{"ledger", "migrate", "--ledger", dsn}, nil, io.Discard, &errb); code != 0 {
				t.Fatalf("migrate: %s", errb.String())
			}
			var addrs []string
			for range 2 {
				_, addr := startServe(t, "--records", "../../examples/records", "--ledger", dsn, "--commit")
				addrs = append(addrs, addr)
			}
			var wg sync.WaitGroup
			var mu sync.Mutex
			licensed, other := 0, []string{}
			for i := range 30 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					body := fmt.Sprintf(`{"id": "R-%d", "product": "nvidia-h100-sxm5", "quantity": 5, "destination": "AE", "end_user": "Falcon Compute Data Center LLC", "end_user_hq": "AE", "date": "2026-03-02", "consignee": "Falcon Compute Data Center LLC"}`, i)
					resp, err := http.Post(addrs[i%2]+"/v1/check", "application/json", strings.NewReader(body))
					if err != nil {
						t.Error(err)
						return
					}
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					mu.Lock()
					defer mu.Unlock()
					switch {
					case resp.StatusCode == 200 && strings.Contains(string(b), `"decision":"licensed"`):
						licensed++
					case resp.StatusCode == 200 && strings.Contains(string(b), `"decision":"license_required"`):
					default:
						other = append(other, fmt.Sprintf("%d %s", resp.StatusCode, b))
					}
				}()
			}
			wg.Wait()
			if licensed != 20 || len(other) > 0 {
				t.Errorf("%d licensed, want 20; %d other answers, the first: %q", licensed, len(other), other[:min(1, len(other))])
			}
			var out bytes.Buffer
			run(context.Background(), []string{"records", "list", "--ledger", dsn, "../../examples/records"}, nil, &out, &errb)
			if !regexp.MustCompile(`(?m)^D1234567 .* 100 nvidia-h100-sxm5 +0 nvidia-h100-sxm5$`).Match(out.Bytes()) {
				t.Errorf("D1234567 after the two servers:\n%s", out.String())
			}
		})
	}
}

// TestServeWithoutLedger: a server that keeps no ledger cannot know what
// earlier requests' orders drew, so a licence with limits covers no order
// (each would find its whole limit left); a VEU, without limits, still
// covers one.
func TestServeWithoutLedger(t *testing.T) {
	_, addr := startServe(t, "--records", "../../examples/records")
	post := func(body string) map[string]any {
		t.Helper()
		resp, err := http.Post(addr+"/v1/check", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var v struct{ Results []map[string]any }
		if err := json.NewDecoder(resp.Body).Decode(&v); err != nil || len(v.Results) != 1 {
			t.Fatalf("%d: %v", resp.StatusCode, err)
		}
		return v.Results[0]
	}
	for range 2 {
		r := post(`{"id": "L-1", "product": "nvidia-h100-sxm5", "quantity": 60, "destination": "AE", "end_user": "Falcon Compute Data Center LLC", "end_user_hq": "AE", "date": "2026-03-02", "consignee": "Falcon Compute Data Center LLC"}`)
		reasons := r["reasons"].([]any)
		last := reasons[len(reasons)-1].(map[string]any)
		if r["decision"] != "license_required" || r["authorization"] != nil || last["rule"] != "authorization.uncounted" ||
			last["message"] != "licence D1234567: what earlier orders drew on its limits is not known: the server keeps no ledger (serve --ledger DSN counts what committed shipments drew)" {
			t.Errorf("an order on a licence with limits: %s, %v, last reason %v", r["decision"], r["authorization"], last)
		}
	}
	if r := post(`{"id": "V-1", "product": "nvidia-h100-sxm5", "quantity": 16, "destination": "AE", "end_user": "Oasis Cloud Campus, Al Ain Site 2", "end_user_hq": "AE", "date": "2026-03-02", "consignee": "Oasis Cloud Campus"}`); r["decision"] != "licensed" {
		t.Errorf("an order under the VEU: %s, want licensed", r["decision"])
	}
}

// TestServeSIGHUPWithoutBundle: SIGHUP (systemctl reload) to a server
// without a bundle reloads nothing and stops nothing.
func TestServeSIGHUPWithoutBundle(t *testing.T) {
	cmd, addr := startServe(t)
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	resp, err := http.Get(addr + "/healthz")
	if err != nil {
		t.Fatalf("after SIGHUP: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("after SIGHUP: /healthz %d", resp.StatusCode)
	}
}

// TestServeTLS: with --tls-cert and --tls-key the server speaks HTTPS
// with that certificate.
func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
	_, addr := startServe(t, "--tls-cert", certFile, "--tls-key", keyFile)
	if !strings.HasPrefix(addr, "https://") {
		t.Fatalf("serving on %s, want https", addr)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := client.Get(addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.TLS == nil {
		t.Errorf("GET /healthz over TLS: %d, TLS %v", resp.StatusCode, resp.TLS != nil)
	}
}

// postJSON posts body as JSON to url and returns the status and the body
// of the answer.
func postJSON(t *testing.T, url, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestServeLogEscapes: what serve writes to standard error from user
// text (a token's name, the tokens file's path in its log) forges no
// line of a CI log: "##[" is written #\x23[, in the log as elsewhere.
func TestServeLogEscapes(t *testing.T) {
	file := filepath.Join(t.TempDir(), "t##[stop-commands]x.yaml")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"serve", "token", "--name", "n##[group]x", "--roles", "check", "--tokens", file}, nil, &out, &errb); code != 0 {
		t.Fatalf("serve token: exit %d\n%s", code, errb.String())
	}
	logSafe(t, "serve token", errb.String())
	if !strings.Contains(errb.String(), `exportcheck: token n#\x23[group]x (check) added to `) {
		t.Errorf("serve token: the name is not escaped:\n%s", errb.String())
	}
	cmd := exec.Command(os.Args[0], "serve", "--screening-list", "demo", "--listen", "127.0.0.1:0", "--tokens", file)
	cmd.Env = append(os.Environ(), "EXPORTCHECK_TEST_AS_MAIN=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var log strings.Builder
	timeout := time.After(time.Minute)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("serve stopped:\n%s", log.String())
			}
			log.WriteString(l + "\n")
			if strings.Contains(l, "serving on ") {
				if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
					t.Fatal(err)
				}
			}
			if strings.Contains(l, "tokens read again") {
				logSafe(t, "serve", log.String())
				if !strings.Contains(l, `/t#\x23[stop-commands]x.yaml`) {
					t.Errorf("the log does not name the file escaped: %s", l)
				}
				return
			}
		case <-timeout:
			t.Fatalf("no \"tokens read again\" in serve's log:\n%s", log.String())
		}
	}
}
