// Package bundles writes and reads the policies and data exportcheck
// decides with as a signed OPA bundle: a .tar.gz with a .manifest (the
// revision and roots), the Rego modules, the data as data.json, and a
// .signatures.json made and checked by OPA's own bundle package, so that
// opa itself can inspect and verify it.
package bundles

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing/fstest"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/data"
)

// DefaultKeyID is the key id bundles are signed and verified under.
const DefaultKeyID = "exportcheck"

// Signing is how a bundle is signed or verified: a PEM key (private to
// sign, public to verify; or an HMAC secret), its JWS algorithm (RS256,
// ES256, …) and its key id.
type Signing struct {
	Key       []byte
	Algorithm string // default RS256
	KeyID     string // default DefaultKeyID
}

func (s Signing) alg() string { return cmp.Or(s.Algorithm, "RS256") }
func (s Signing) id() string  { return cmp.Or(s.KeyID, DefaultKeyID) }

// Build writes a signed bundle of the embedded policies and data with the
// given directories over them and returns its revision: the policy
// revision every decision made with it names. built, when not zero, is
// when it was built (the manifest's metadata, signed with it): a server
// reloading bundles goes forward in it, never back to an older one (a
// signed bundle replayed).
//
// The policies and data are loaded by checker.New, as check and serve
// load them, and one line is judged with them (Checker.Probe), before anything is
// written to w: a bundle every server would refuse (its policies do not
// compile, a result without deciding, data the checker cannot use) is not
// signed, and the error is what check would say.
func Build(ctx context.Context, w io.Writer, policyDirs, dataDirs []string, sign Signing, version string, built time.Time) (string, error) {
	if err := sign.checkSigningKey(); err != nil {
		return "", err
	}
	b, err := checker.LoadBundle(policyDirs, dataDirs)
	if err != nil {
		return "", err
	}
	c, err := checker.New(ctx, checker.Options{Bundle: b})
	if err != nil {
		return "", err
	}
	if err := c.Probe(ctx); err != nil {
		return "", err
	}
	meta := map[string]any{"exportcheck_version": version, "files": b.Files}
	if !built.IsZero() {
		meta["built"] = built.UTC().Format(time.RFC3339Nano) // to the nanosecond: two builds in one second are not of one time
	}
	ob, err := OPA(b, b.Revision, meta)
	if err != nil {
		return "", err
	}
	if err := ob.GenerateSignature(bundle.NewSigningConfig(string(sign.Key), sign.alg(), ""), sign.id(), false); err != nil {
		return "", fmt.Errorf("signing the bundle: %w", err)
	}
	if err := bundle.NewWriter(w).Write(ob); err != nil {
		return "", err
	}
	return b.Revision, nil
}

// OPA is b as an OPA bundle, unsigned, under revision with meta as the
// manifest's metadata: its roots the packages' first segments and the
// data's top-level keys.
func OPA(b *checker.Bundle, revision string, meta map[string]any) (bundle.Bundle, error) {
	roots := map[string]bool{}
	var modules []bundle.ModuleFile
	for _, p := range slices.Sorted(maps.Keys(b.Modules)) {
		m, err := ast.ParseModule(p, b.Modules[p])
		if err != nil {
			return bundle.Bundle{}, fmt.Errorf("%s: %w", p, err)
		}
		// data.exportcheck.license -> the root "exportcheck"
		if len(m.Package.Path) > 1 {
			if s, ok := m.Package.Path[1].Value.(ast.String); ok {
				roots[string(s)] = true
			}
		}
		modules = append(modules, bundle.ModuleFile{URL: p, Path: p, Raw: []byte(b.Modules[p])})
	}
	for k := range b.Data {
		roots[k] = true
	}
	rs := slices.Sorted(maps.Keys(roots))
	return bundle.Bundle{
		Manifest: bundle.Manifest{Revision: revision, Roots: &rs, Metadata: meta},
		Data:     b.Data,
		Modules:  modules,
	}, nil
}

// checkKey refuses a verification key that cannot verify the algorithm's
// signatures safely: a public key (or certificate) as an HMAC secret would
// let anyone who holds it sign bundles, and a key of another kind than the
// algorithm's (an ECDSA key for RS256) would only fail deep in the JWS
// library's words.
func (s Signing) checkKey() error {
	alg := s.alg()
	block, _ := pem.Decode(s.Key)
	if strings.HasPrefix(alg, "HS") {
		if block != nil && (strings.Contains(block.Type, "PUBLIC KEY") || block.Type == "CERTIFICATE") {
			return fmt.Errorf("the verification key is a PEM %s, but %s verifies with a shared secret: anyone who has the public key could sign bundles with it; give the algorithm the bundle was signed with (RS256, ES256, …)", strings.ToLower(block.Type), alg)
		}
		return shortSecret("verification", alg, s.Key)
	}
	if block == nil {
		return fmt.Errorf("the verification key is not PEM (-----BEGIN PUBLIC KEY-----): give the public key that matches the bundle's signing key")
	}
	var key any
	var err error
	switch block.Type {
	case "RSA PUBLIC KEY":
		key, err = x509.ParsePKCS1PublicKey(block.Bytes)
	case "PUBLIC KEY":
		key, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "CERTIFICATE":
		var cert *x509.Certificate
		if cert, err = x509.ParseCertificate(block.Bytes); err == nil {
			key = cert.PublicKey
		}
	default:
		if strings.Contains(block.Type, "PRIVATE KEY") {
			// opa takes one, but the key that signs bundles then sits
			// on every server that verifies them.
			return fmt.Errorf("the verification key is a PEM %s: give its public key (openssl pkey -in KEY -pubout), and keep the private key where bundles are built", strings.ToLower(block.Type))
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("the verification key's PEM %s does not parse: %w", strings.ToLower(block.Type), err)
	}
	var kind string
	var algs []string
	switch key.(type) {
	case *rsa.PublicKey:
		kind, algs = "an RSA", []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}
	case *ecdsa.PublicKey:
		kind, algs = "an ECDSA", []string{"ES256", "ES384", "ES512"}
	default:
		return fmt.Errorf("the verification key is a %T, which bundles are not verified with: give an RSA or ECDSA public key", key)
	}
	if !slices.Contains(algs, alg) {
		return fmt.Errorf("the verification key is %s public key, which does not verify %s signatures: give the algorithm the bundle was signed with (%s)", kind, alg, strings.Join(algs, ", "))
	}
	return nil
}

// shortSecret refuses an HMAC secret shorter than its hash (RFC 7518
// 3.2: 32 bytes for HS256, 48 for HS384, 64 for HS512), not counting the
// spaces and newlines around it: a secret file left empty but for a
// newline, or a word, is one anyone could guess and sign bundles with.
func shortSecret(kind, alg string, key []byte) error {
	need := map[string]int{"HS256": 32, "HS384": 48, "HS512": 64}[alg]
	if n := len(bytes.TrimSpace(key)); n < need {
		return fmt.Errorf("the %s key is a shared secret of %d bytes, and %s needs one of %d or more: a shorter one can be guessed, and whoever guesses it signs bundles; make one with openssl rand -hex %d", kind, n, alg, need, need)
	}
	return nil
}

// checkSigningKey refuses a signing key that cannot sign the algorithm's
// signatures, or whose signatures anyone could make: a public key as an
// HMAC secret, a public key for RS256, a key of another kind than the
// algorithm's (an ECDSA key for RS256).
func (s Signing) checkSigningKey() error {
	alg := s.alg()
	block, _ := pem.Decode(s.Key)
	if strings.HasPrefix(alg, "HS") {
		if block != nil && (strings.Contains(block.Type, "PUBLIC KEY") || block.Type == "CERTIFICATE") {
			return fmt.Errorf("the signing key is a PEM %s, but %s signs with a shared secret: anyone who has the public key could sign bundles with it; sign with its private key and RS256, ES256, …, or with a secret", strings.ToLower(block.Type), alg)
		}
		return shortSecret("signing", alg, s.Key)
	}
	if block == nil {
		return fmt.Errorf("the signing key is not PEM (-----BEGIN PRIVATE KEY-----): give the private key to sign %s with", alg)
	}
	var key any
	var err error
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE":
		return fmt.Errorf("the signing key is a PEM %s: sign with the private key (the public one verifies)", strings.ToLower(block.Type))
	default:
		return nil // opa's own checks apply
	}
	if err != nil {
		return fmt.Errorf("the signing key's PEM %s does not parse: %w", strings.ToLower(block.Type), err)
	}
	var kind string
	var algs []string
	switch key.(type) {
	case *rsa.PrivateKey:
		kind, algs = "an RSA", []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}
	case *ecdsa.PrivateKey:
		kind, algs = "an ECDSA", []string{"ES256", "ES384", "ES512"}
	default:
		return fmt.Errorf("the signing key is a %T, which bundles are not signed with: give an RSA or ECDSA private key", key)
	}
	if !slices.Contains(algs, alg) {
		return fmt.Errorf("the signing key is %s private key, which does not sign %s: give the algorithm for it (%s)", kind, alg, strings.Join(algs, ", "))
	}
	return nil
}

// MaxSize is the most a bundle may be, and unpack to (all its files): it
// is read into memory whole, every file of it before any is checked
// against its signature, and a few megabytes of gzip can unpack to
// gigabytes.
const MaxSize = 256 << 20

// unpackable reads a bundle of at most MaxSize that unpacks to at most
// MaxSize.
func unpackable(r io.Reader) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > MaxSize {
		return nil, fmt.Errorf("the bundle is larger than %d MiB", MaxSize>>20)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("the bundle is not a .tar.gz: %w", err)
	}
	n, err := io.Copy(io.Discard, io.LimitReader(zr, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("the bundle does not unpack: %w", err)
	}
	if n > MaxSize {
		return nil, fmt.Errorf("the bundle unpacks to more than %d MiB (a bundle this large is refused before its signature is checked)", MaxSize>>20)
	}
	return raw, nil
}

// opaErrors are OPA's words for a bundle that does not verify, and ours.
var opaErrors = []struct {
	re   *regexp.Regexp
	ours string
}{
	{regexp.MustCompile(`^failed to verify JWT signature`), "the bundle's signature does not verify with the verification key: it was signed with another key, or its signature was changed"},
	{regexp.MustCompile(`^bundle missing \.signatures\.json file$`), "the bundle is not signed (it has no .signatures.json): exportcheck takes only a bundle whose signature it checked (exportcheck bundle build --signing-key)"},
	{regexp.MustCompile(`^\.signatures\.json: missing JWT`), "the bundle is not signed (its .signatures.json holds no signature): exportcheck takes only a bundle whose signature it checked (exportcheck bundle build --signing-key)"},
	{regexp.MustCompile(`^\.signatures\.json: multiple JWTs not supported`), "the bundle's .signatures.json holds more than one signature: a bundle is signed once (exportcheck bundle build), and the others were added after signing"},
	{regexp.MustCompile(`^failed to split compact JWT`), "the bundle's .signatures.json holds something other than a signature (a JWT): it was changed after signing"},
	{regexp.MustCompile(`^scope mismatch$`), "the bundle's signature is for a scope, and exportcheck takes bundles signed for none: it was signed for another use (opa sign --claims-file with a scope), not with exportcheck bundle build"},
	{regexp.MustCompile(`^(.+): digest mismatch \(want: [0-9a-f]+, got: [0-9a-f]+\)$`), "$1 was changed after the bundle was signed: its SHA-256 is not the one signed"},
	{regexp.MustCompile(`^file (.+) not included in bundle signature$`), "$1 is not covered by the bundle's signature: it was added after signing, or is in the bundle twice"},
	{regexp.MustCompile(`^file\(s\) \[(.+)\] specified in bundle signatures but not found in the target bundle$`), "the bundle's signature covers $1, which the bundle does not have: taken out after signing"},
}

// plainly says in words what OPA found wrong with a bundle, keeping its
// own words in parentheses; an error it has no words for is as it was.
func plainly(err error) error {
	for _, e := range opaErrors {
		if m := e.re.FindStringSubmatchIndex(err.Error()); m != nil {
			ours := e.re.ExpandString(nil, e.ours, err.Error(), m)
			return fmt.Errorf("%s (%w)", ours, err)
		}
	}
	return err
}

// Loaded is a verified bundle as the checker takes it.
type Loaded struct {
	PolicyFS, DataFS fs.FS
	Revision         string    // the manifest's revision
	Version          string    // the exportcheck that built it
	Built            time.Time // when it was built; zero when the manifest does not say
}

// Load reads a bundle and verifies its signature with a public key. An
// unsigned bundle, one signed with another key, or one whose files do not
// match its signatures is refused.
func Load(r io.Reader, verify Signing) (*Loaded, error) {
	if err := verify.checkKey(); err != nil {
		return nil, err
	}
	raw, err := unpackable(r)
	if err != nil {
		return nil, err
	}
	vc := bundle.NewVerificationConfig(map[string]*bundle.KeyConfig{verify.id(): {Key: string(verify.Key), Algorithm: verify.alg()}}, verify.id(), "", nil)
	ob, err := bundle.NewReader(bytes.NewReader(raw)).WithBundleVerificationConfig(vc).WithRegoVersion(ast.RegoV1).Read()
	if err != nil {
		return nil, plainly(err)
	}
	pol := fstest.MapFS{}
	for _, m := range ob.Modules {
		pol[strings.TrimPrefix(m.Path, "/")] = &fstest.MapFile{Data: m.Raw, Mode: 0o444}
	}
	doc, err := json.Marshal(ob.Data)
	if err != nil {
		return nil, err
	}
	// The data is checked against this exportcheck's own schema, not one
	// the bundle brings.
	schema, err := fs.ReadFile(data.FS, data.SchemaFile)
	if err != nil {
		return nil, err
	}
	l := &Loaded{
		PolicyFS: pol,
		DataFS:   fstest.MapFS{"data.json": {Data: doc, Mode: 0o444}, data.SchemaFile: {Data: schema, Mode: 0o444}},
		Revision: ob.Manifest.Revision,
	}
	if v, ok := ob.Manifest.Metadata["exportcheck_version"].(string); ok {
		l.Version = v
	}
	if v, ok := ob.Manifest.Metadata["built"].(string); ok {
		if l.Built, err = time.Parse(time.RFC3339, v); err != nil {
			return nil, fmt.Errorf("the bundle's manifest: built %q: want an RFC 3339 time", v)
		}
	}
	if l.Revision == "" {
		return nil, fmt.Errorf("the bundle's manifest has no revision")
	}
	return l, nil
}

// CheckVerificationKey reports whether s can verify bundles safely, as
// Load checks it first: a key file that changed (rotated, or replaced by
// something else) fails here before any bundle is read with it.
func (s Signing) CheckVerificationKey() error { return s.checkKey() }
