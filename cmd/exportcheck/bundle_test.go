package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/bundles"
	"github.com/exportcheck/exportcheck/checker"
)

// TestBundleCLI: bundle build writes a signed bundle of the company's
// overlay; check --bundle decides with it and names its revision; a
// bundle signed with another key, or changed after signing, is refused
// with exit 2 and nothing is checked.
func TestBundleCLI(t *testing.T) {
	dir := t.TempDir()
	key := func(name string) string {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		der, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
		os.WriteFile(filepath.Join(dir, name+".pem"), pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}), 0o600)
		os.WriteFile(filepath.Join(dir, name+".pub"), pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), 0o644)
		return filepath.Join(dir, name)
	}
	signer, other := key("signer"), key("other")
	bundle := filepath.Join(dir, "bundle.tar.gz")
	exec := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := run(context.Background(), args, nil, &out, &errb)
		return code, out.String(), errb.String()
	}
	code, out, errs := exec("bundle", "build", "-o", bundle, "--data", "../../examples/company-data", "--policy", "../../examples/company-policy", "--signing-key", signer+".pem")
	if code != 0 || !strings.Contains(out, "bundle.tar.gz: revision ") {
		t.Fatalf("bundle build: exit %d\n%s%s", code, out, errs)
	}
	rev := strings.Fields(strings.SplitN(out, "revision ", 2)[1])[0]
	rev = strings.TrimSuffix(rev, ",")

	// The same decisions as the directories give, under the bundle's revision.
	args := []string{"check", "--screening-list", "demo", "--fail-on", "prohibited", "--format", "jsonl", "../../examples/company-orders.csv"}
	code, direct, errs := exec(append(args, "--data", "../../examples/company-data", "--policy", "../../examples/company-policy")...)
	if code != 0 {
		t.Fatalf("check with the directories: exit %d\n%s", code, errs)
	}
	code, bundled, errs := exec(append(args, "--bundle", bundle, "--verification-key", signer+".pub")...)
	if code != 0 {
		t.Fatalf("check --bundle: exit %d\n%s", code, errs)
	}
	if bundled != direct {
		t.Errorf("check --bundle decides otherwise than the directories it was built from:\n%s\n---\n%s", bundled, direct)
	}
	if !strings.Contains(bundled, `"revision":"`+rev+`"`) {
		t.Errorf("the results do not name the bundle's revision %s", rev)
	}

	tampered := filepath.Join(dir, "tampered.tar.gz")
	b, _ := os.ReadFile(bundle)
	os.WriteFile(tampered, b[:len(b)-40], 0o644) // cut short
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"another key", []string{"--bundle", bundle, "--verification-key", other + ".pub"}, "bundle.tar.gz is refused: the bundle's signature does not verify with the verification key: it was signed with another key"},
		{"cut short", []string{"--bundle", tampered, "--verification-key", signer + ".pub"}, "tampered.tar.gz is refused"},
		{"no key", []string{"--bundle", bundle}, "give --verification-key FILE"},
		{"with --data", []string{"--bundle", bundle, "--verification-key", signer + ".pub", "--data", "../../examples/company-data"}, "--policy and --data go into the bundle"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := exec(append(args, tt.args...)...)
			if code != exitUsage || !strings.Contains(errs, tt.want) || out != "" {
				t.Errorf("exit %d, stdout %d bytes, stderr:\n%s\nwant %q", code, len(out), errs, tt.want)
			}
		})
	}
}

// TestBundleSourceBuilt: once a bundle that says when it was built is in
// use, a reload takes one built since, and refuses one built before it,
// one that does not say, or another built at the same time (a signed
// bundle of before built was signed, replayed); and any bundle built
// ahead of the clock (taken, it would refuse every later reload).
func TestBundleSourceBuilt(t *testing.T) {
	dir := t.TempDir()
	priv, pub := signingKeys(t, dir)
	write := func(built time.Time, dataDirs ...string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, "bundle.tar.gz"), signedBundle(t, priv, built, dataDirs...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t1, t2 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	src := &bundleSource{src: filepath.Join(dir, "bundle.tar.gz"), keyFile: pub}
	write(t1)
	l, _, err := src.fetch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	src.accepted(l)
	for _, tt := range []struct {
		name  string
		built time.Time
		data  []string
		want  string // the error; "" for none
	}{
		{"built before", t1.Add(-time.Hour), []string{"../../examples/company-data"},
			"is refused: it was built 2025-12-31T23:00:00Z, before the bundle in use (built 2026-01-01T00:00:00Z)"},
		{"not saying when", time.Time{}, []string{"../../examples/company-data"},
			"is refused: its manifest does not say when it was built (metadata.built), and the bundle in use was built 2026-01-01T00:00:00Z"},
		{"another bundle built at the same time", t1, []string{"../../examples/company-data"},
			"is refused: it was built 2026-01-01T00:00:00Z, as the bundle in use was, but is another bundle"},
		{"built ahead of the clock", time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC), []string{"../../examples/company-data"},
			"is refused: it says it was built 2099-01-01T00:00:00Z, later than this machine's clock"},
		{"built since", t2, []string{"../../examples/company-data"}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			write(tt.built, tt.data...)
			l, changed, err := src.fetch(context.Background())
			got := ""
			if err != nil {
				got = err.Error()
			}
			if tt.want == "" && (got != "" || !changed) {
				t.Fatalf("fetch: changed %v, %s", changed, got)
			}
			if !strings.Contains(got, tt.want) {
				t.Fatalf("fetch: %q, want %q", got, tt.want)
			}
			if l != nil {
				src.accepted(l)
			}
		})
	}
}

// TestBundleReadOnce: a bundle's files are read once at start and once by
// a reload that swaps it in (hashed for the revision check, and the
// checker built from what was hashed), as one load of them reads them;
// not at all by a reload that finds the same bundle.
func TestBundleReadOnce(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	priv, pub := signingKeys(t, dir)
	path := filepath.Join(dir, "bundle.tar.gz")
	a := signedBundle(t, priv, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	b := signedBundle(t, priv, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), "../../examples/company-data")
	var opened atomic.Int64 // files and directories of the bundles loaded
	loadVerified = func(r io.Reader, verify bundles.Signing) (*bundles.Loaded, error) {
		l, err := bundles.Load(r, verify)
		if err == nil {
			l.PolicyFS, l.DataFS = countingFS{l.PolicyFS, &opened}, countingFS{l.DataFS, &opened}
		}
		return l, err
	}
	t.Cleanup(func() { loadVerified = bundles.Load })
	// What one load of each bundle's files opens.
	var perLoad []int64
	for _, raw := range [][]byte{a, b} {
		l := must(bundles.Load(bytes.NewReader(raw), bundles.Signing{Key: must(os.ReadFile(pub))}))
		var n atomic.Int64
		must(checker.LoadBundleFrom(countingFS{l.PolicyFS, &n}, countingFS{l.DataFS, &n}, nil, nil))
		perLoad = append(perLoad, n.Load())
	}

	os.WriteFile(path, a, 0o644)
	o := &serveOpts{}
	o.bundle, o.verificationKey = path, pub
	var opts checker.Options
	if err := o.loadBundle(&opts); err != nil {
		t.Fatal(err)
	}
	c := must(checker.New(ctx, opts))
	got := []int64{opened.Swap(0)}
	same, err := o.reloadBundle(ctx, c, nil, nil)
	if err != nil || same != c {
		t.Fatalf("a reload of the bundle in use: %v; want the checker in use", err)
	}
	got = append(got, opened.Swap(0))
	os.WriteFile(path, b, 0o644)
	next, err := o.reloadBundle(ctx, c, nil, nil)
	if err != nil || next == c {
		t.Fatalf("a reload of a bundle built since: %v; want a new checker", err)
	}
	got = append(got, opened.Swap(0))
	if diff := cmp.Diff([]int64{perLoad[0], 0, perLoad[1]}, got); diff != "" {
		t.Errorf("files opened at start, by a reload of the same bundle, and by one of a new bundle (-want +got):\n%s", diff)
	}
	// The checker serves what the revision check hashed.
	if rev := next.Revision(); next.Bundle().Content != o.source.served[rev] || rev == c.Revision() {
		t.Errorf("the new checker: revision %s (was %s), content %s; recorded as served under it: %s", rev, c.Revision(), next.Bundle().Content, o.source.served[rev])
	}
}

// countingFS counts the files and directories opened in it.
type countingFS struct {
	fs.FS
	n *atomic.Int64
}

func (c countingFS) Open(name string) (fs.File, error) {
	c.n.Add(1)
	return c.FS.Open(name)
}

// TestBundleSourceRepacked: the bundle in use compressed anew on its way
// (other bytes, the same built time and revision) is no change, neither
// taken for another bundle nor refused on every poll.
func TestBundleSourceRepacked(t *testing.T) {
	dir := t.TempDir()
	priv, pub := signingKeys(t, dir)
	path := filepath.Join(dir, "bundle.tar.gz")
	b := signedBundle(t, priv, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	os.WriteFile(path, b, 0o644)
	src := &bundleSource{src: path, keyFile: pub}
	l, _, err := src.fetch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	src.accepted(l)
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&again, gzip.NoCompression)
	if _, err := io.Copy(zw, zr); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	if bytes.Equal(again.Bytes(), b) {
		t.Fatal("the bundle packed again has the same bytes")
	}
	os.WriteFile(path, again.Bytes(), 0o644)
	for range 2 {
		if l, changed, err := src.fetch(context.Background()); l != nil || changed || err != nil {
			t.Fatalf("the bundle in use packed again: %v, changed %v, %v; want no change", l, changed, err)
		}
	}
}

// TestBundleSourceNotAccepted: a bundle that verifies but is not swapped
// in (serve found its policies do not compile, or the records name what
// its data does not know) is fetched and tried again on the next reload,
// from a file or an URL with its ETag, not taken for the one in use.
func TestBundleSourceNotAccepted(t *testing.T) {
	dir := t.TempDir()
	priv, pub := signingKeys(t, dir)
	a := signedBundle(t, priv, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	b := signedBundle(t, priv, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), "../../examples/company-data")
	url, serveURL := etagServer(t, a)
	file := filepath.Join(dir, "bundle.tar.gz")
	for _, tt := range []struct {
		name  string
		src   string
		serve func([]byte)
	}{
		{"file", file, func(b []byte) { os.WriteFile(file, b, 0o644) }},
		{"URL", url, serveURL},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := &bundleSource{src: tt.src, keyFile: pub}
			tt.serve(a)
			var got []string
			fetch := func(accept bool) {
				l, changed, err := src.fetch(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, fmt.Sprintf("changed %v", changed))
				if accept && l != nil {
					src.accepted(l)
				}
			}
			fetch(true)  // a: in use
			fetch(true)  // a again: no change
			tt.serve(b)  //
			fetch(false) // b: not swapped in
			fetch(true)  // b again: tried again, and now swapped in
			fetch(true)  // b again: no change
			want := []string{"changed true", "changed false", "changed true", "changed true", "changed false"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("fetches (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBundleURLNotModifiedFirst: a bundle server that answers 304 Not
// Modified to the first request, which named no ETag, gives check an
// error, not a bundle it never sent.
func TestBundleURLNotModifiedFirst(t *testing.T) {
	dir := t.TempDir()
	_, pub := signingKeys(t, dir)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotModified) }))
	defer srv.Close()
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"check", "--screening-list", "demo", "--bundle", srv.URL + "/bundle.tar.gz", "--verification-key", pub, "../../examples/orders.csv"}, nil, &out, &errb)
	want := fmt.Sprintf("exportcheck: --bundle %s/bundle.tar.gz answered 304 Not Modified to a request for the whole bundle (no If-None-Match)\n", srv.URL)
	if diff := cmp.Diff(want, errb.String()); code != exitUsage || out.Len() != 0 || diff != "" {
		t.Errorf("exit %d, stdout %d bytes, stderr (-want +got):\n%s", code, out.Len(), diff)
	}
}

// TestBundleSourceKeyRotated: every fetch reads --verification-key again,
// so a key rotated on disk verifies the next bundle, with no restart; the
// bundle in use is then verified with it too, not taken for unchanged by
// its bytes or ETag; and a key file that went missing or holds no key
// fails the fetch, saying so.
func TestBundleSourceKeyRotated(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "old"), 0o755)
	os.Mkdir(filepath.Join(dir, "new"), 0o755)
	oldPriv, oldPub := signingKeys(t, filepath.Join(dir, "old"))
	newPriv, newPub := signingKeys(t, filepath.Join(dir, "new"))
	t1, t2 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	a, aNew := signedBundle(t, oldPriv, t1), signedBundle(t, newPriv, t1)
	b := signedBundle(t, newPriv, t2, "../../examples/company-data")
	keyFile, file := filepath.Join(dir, "bundle.pub"), filepath.Join(dir, "bundle.tar.gz")
	copyKey := func(from string) { t.Helper(); copyFile(t, from, keyFile) }
	url, serveURL := etagServer(t, a)
	for _, tt := range []struct {
		name  string
		src   string
		serve func([]byte)
	}{
		{"file", file, func(b []byte) { os.WriteFile(file, b, 0o644) }},
		{"URL", url, serveURL},
	} {
		t.Run(tt.name, func(t *testing.T) {
			copyKey(oldPub)
			tt.serve(a)
			src := &bundleSource{src: tt.src, keyFile: keyFile}
			var got []string
			fetch := func() {
				t.Helper()
				l, changed, err := src.fetch(context.Background())
				switch {
				case err != nil:
					got = append(got, strings.ReplaceAll(err.Error(), tt.src, "SRC"))
				case l != nil:
					src.accepted(l)
					got = append(got, "changed "+l.Revision[:12])
				default:
					got = append(got, fmt.Sprintf("changed %v", changed))
				}
			}
			fetch() // a, with the old key
			fetch() // a again: no change
			tt.serve(b)
			fetch() // b, signed with the new key: refused
			copyKey(newPub)
			fetch() // now taken
			fetch() // no change
			os.WriteFile(keyFile, []byte("not a key\n"), 0o644)
			fetch() // a key file that holds no key
			os.Remove(keyFile)
			fetch() // a key file gone
			copyKey(oldPub)
			fetch() // b in use, but the key on disk does not verify it
			copyKey(newPub)
			fetch() // b verifies again: no change
			tt.serve(aNew)
			fetch() // a signed with the new key, built before b: a rollback
			rev := func(raw []byte) string {
				t.Helper()
				l, err := bundles.Load(bytes.NewReader(raw), bundles.Signing{Key: must(os.ReadFile(newPub))})
				if err != nil {
					t.Fatal(err)
				}
				return l.Revision[:12]
			}
			want := []string{
				"changed " + rev(aNew),
				"changed false",
				"--bundle SRC is refused: the bundle's signature does not verify with the verification key: it was signed with another key, or its signature was changed (failed to verify JWT signature: crypto/rsa: verification error)",
				"changed " + rev(b),
				"changed false",
				"--verification-key " + keyFile + ": the verification key is not PEM (-----BEGIN PUBLIC KEY-----): give the public key that matches the bundle's signing key",
				"--verification-key: open " + keyFile + ": no such file or directory",
				"--bundle SRC is refused: the bundle's signature does not verify with the verification key: it was signed with another key, or its signature was changed (failed to verify JWT signature: crypto/rsa: verification error)",
				"changed false",
				"--bundle SRC is refused: it was built 2026-01-01T00:00:00Z, before the bundle in use (built 2026-06-01T00:00:00Z); a reload does not go back to an older bundle: to roll back, restart the server with it",
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("fetches (-want +got):\n%s", diff)
			}
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestBundleURLContentEncoding: a bundle server that labels the .tar.gz
// Content-Encoding: gzip (nginx's gzip_static, an S3 object with that
// metadata), or compresses it again on its way, serves the bundle; its
// signature is checked as always. A coding exportcheck does not decode is
// refused, saying so.
func TestBundleURLContentEncoding(t *testing.T) {
	dir := t.TempDir()
	priv, pub := signingKeys(t, dir)
	key, _ := os.ReadFile(priv)
	var raw bytes.Buffer
	rev, err := bundles.Build(context.Background(), &raw, nil, nil, bundles.Signing{Key: key}, "test", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	zw := gzip.NewWriter(&again)
	zw.Write(raw.Bytes())
	zw.Close()
	tampered := bytes.Clone(raw.Bytes())
	tampered[len(tampered)/2] ^= 0xff
	for _, tt := range []struct {
		name, encoding string
		body           []byte
		want           string // the revision, or the error
	}{
		{"labelled gzip", "gzip", raw.Bytes(), rev},
		{"labelled x-gzip", "x-gzip", raw.Bytes(), rev},
		{"compressed again", "gzip", again.Bytes(), rev},
		{"labelled gzip, changed on its way", "gzip", tampered, "--bundle SRC is refused: "},
		{"brotli", "br", raw.Bytes(), "--bundle SRC answered with Content-Encoding: br, which exportcheck does not decode: serve the .tar.gz as it is stored (no Content-Encoding, or gzip)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/gzip")
				w.Header().Set("Content-Encoding", tt.encoding)
				w.Write(tt.body)
			}))
			defer srv.Close()
			src := &bundleSource{src: srv.URL + "/bundle.tar.gz", keyFile: pub}
			var got string
			if l, _, err := src.fetch(context.Background()); err != nil {
				got = strings.ReplaceAll(err.Error(), src.src, "SRC")
			} else {
				got = l.Revision
			}
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// etagServer serves a bundle, first, at the URL it returns, under an ETag
// of its bytes (304 to If-None-Match with it); serve replaces what it
// serves.
func etagServer(t *testing.T, first []byte) (url string, serve func([]byte)) {
	var mu sync.Mutex
	served := first
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		etag := fmt.Sprintf(`"%x"`, sha256.Sum256(served))
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Write(served)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/bundle.tar.gz", func(b []byte) { mu.Lock(); served = b; mu.Unlock() }
}

// copyFile writes the content of from to to (a verification key rotated
// on disk).
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// signedBundle is a bundle of the embedded policies and data (and
// dataDirs over them) built at built, signed with the key in file priv.
func signedBundle(t *testing.T, priv string, built time.Time, dataDirs ...string) []byte {
	t.Helper()
	key, err := os.ReadFile(priv)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := bundles.Build(context.Background(), &b, nil, dataDirs, bundles.Signing{Key: key}, "test", built); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestBundleBuildRefused: bundle build loads the policies and data as
// check does before it writes anything: a policy check would refuse is
// refused with the error check gives (file and line) and exit 2, an
// earlier bundle at -o is left as it was, and none is written where there
// was none. A decision.rego made for an earlier exportcheck is told what
// to add, not to build the bundle again.
func TestBundleBuildRefused(t *testing.T) {
	decision, err := os.ReadFile("../../policies/exportcheck/decision.rego")
	if err != nil {
		t.Fatal(err)
	}
	undeciding := regexp.MustCompile(`(?m)^\t"deciding": .*\n`).ReplaceAll(decision, nil)
	if bytes.Equal(undeciding, decision) || bytes.Contains(undeciding, []byte(`"deciding"`)) {
		t.Fatal("decision.rego no longer says deciding on lines of their own")
	}
	// Results stripped of deciding where the load cannot see it: only
	// judging a line finds it.
	stripped := strings.Replace(string(decision), "results := [_worded(decide(o, _regime)) | some o in input.orders]", `results := [object.remove(_worded(decide(o, _regime)), {"deciding"}) | some o in input.orders]`, 1)
	if stripped == string(decision) {
		t.Fatal("decision.rego no longer builds results as this test rewrites them")
	}
	for _, tt := range []struct {
		name string
		file string // under the --policy directory
		src  []byte
		want string
	}{
		{"a result without deciding", "exportcheck/decision.rego", undeciding,
			"exportcheck/decision.rego:576: the policy builds a result without deciding (the index of the reason that decided the line, in decision.results), as decision.rego did before exportcheck of 2026-12-07: add deciding to the result as the embedded decision.rego does\n"},
		{"a result without deciding that only judging a line shows", "exportcheck/decision.rego", []byte(stripped),
			"exportcheck: policy result has no deciding (the index of the reason that decided the line), as results did before exportcheck of 2026-12-07: a decision.rego under --policy adds it as the embedded one does; a bundle made before then is built again with this version (exportcheck bundle build)\n"},
		{"a function no module defines", "exportcheck/company/company.rego", []byte("package exportcheck.company\n\nrequirements(ctx) := data.exportcheck.nosuch.f(ctx)\n"),
			"exportcheck/company/company.rego:3: rego_type_error: undefined function data.exportcheck.nosuch.f"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			priv, _ := signingKeys(t, dir)
			pol := filepath.Join(dir, "policy")
			os.MkdirAll(filepath.Dir(filepath.Join(pol, tt.file)), 0o755)
			if err := os.WriteFile(filepath.Join(pol, tt.file), tt.src, 0o644); err != nil {
				t.Fatal(err)
			}
			exec := func(args ...string) (int, string, string) {
				var out, errb bytes.Buffer
				code := run(context.Background(), args, nil, &out, &errb)
				return code, out.String(), errb.String()
			}
			// What check says of the same policy.
			code, _, errs := exec("check", "--screening-list", "none", "--policy", pol, "../../examples/orders.csv")
			lines := strings.Split(strings.TrimSpace(errs), "\n")
			checkErr := lines[len(lines)-1] + "\n"
			if code != exitUsage || !strings.Contains(checkErr, tt.want) {
				t.Fatalf("check --policy: exit %d\n%s\nwant exit %d with %q", code, errs, exitUsage, tt.want)
			}
			// serve refuses to start on it, with the same words (were it to
			// start, the context ends it).
			sctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			var sout, serr bytes.Buffer
			if code := run(sctx, []string{"serve", "--screening-list", "none", "--policy", pol, "--listen", "127.0.0.1:0"}, nil, &sout, &serr); code != exitUsage || !strings.HasSuffix(serr.String(), checkErr) {
				t.Errorf("serve --policy: exit %d, stderr:\n%s\nwant exit %d ending in what check says:\n%s", code, serr.String(), exitUsage, checkErr)
			}
			old := filepath.Join(dir, "old.tar.gz")
			os.WriteFile(old, []byte("the bundle published before"), 0o644)
			for _, out := range []string{old, filepath.Join(dir, "new.tar.gz")} {
				code, stdout, errs := exec("bundle", "build", "-o", out, "--policy", pol, "--signing-key", priv)
				if code != exitUsage || errs != checkErr || stdout != "" {
					t.Errorf("bundle build -o %s: exit %d, stdout %q, stderr:\n%s\nwant exit %d and what check says:\n%s", filepath.Base(out), code, stdout, errs, exitUsage, checkErr)
				}
			}
			if b, _ := os.ReadFile(old); string(b) != "the bundle published before" {
				t.Errorf("the bundle at -o was replaced (now %d bytes)", len(b))
			}
			names := func() []string {
				var n []string
				entries, _ := os.ReadDir(dir)
				for _, e := range entries {
					n = append(n, e.Name())
				}
				return n
			}
			if diff := cmp.Diff([]string{"old.tar.gz", "policy", "signing.pem", "signing.pub"}, names()); diff != "" {
				t.Errorf("files after the refused builds (-want +got):\n%s", diff)
			}
		})
	}
}
