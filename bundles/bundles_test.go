package bundles_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/bundle"

	"github.com/exportcheck/exportcheck/bundles"
	"github.com/exportcheck/exportcheck/checker"
)

// keyPair is a new RSA key: private and public, as PEM.
func keyPair(t *testing.T) (priv, pub []byte) {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	return pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}),
		pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

// retar rewrites one file of a bundle (takes it out when edit returns
// nil), as someone tampering with it would.
func retar(t *testing.T, b []byte, name string, edit func([]byte) []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	tw := tar.NewWriter(zw)
	found := false
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		content, _ := io.ReadAll(tr)
		if h.Name == name {
			content, found = edit(content), true
			if content == nil {
				continue // taken out
			}
			h.Size = int64(len(content))
		}
		tw.WriteHeader(h)
		tw.Write(content)
	}
	tw.Close()
	zw.Close()
	if !found {
		t.Fatalf("no %s in the bundle", name)
	}
	return out.Bytes()
}

// addFile adds a file at the end of a bundle.
func addFile(t *testing.T, b []byte, name, content string) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	tw := tar.NewWriter(zw)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		tw.WriteHeader(h)
		io.Copy(tw, tr)
	}
	tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(content)), Typeflag: tar.TypeReg})
	tw.Write([]byte(content))
	tw.Close()
	zw.Close()
	return out.Bytes()
}

func TestBuildLoad(t *testing.T) {
	priv, pub := keyPair(t)
	_, otherPub := keyPair(t)
	var built bytes.Buffer
	rev, err := bundles.Build(context.Background(), &built, nil, nil, bundles.Signing{Key: priv}, "test", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	embedded, err := checker.New(context.Background(), checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rev != embedded.Revision() {
		t.Errorf("the bundle's revision %s is not the embedded policies' %s", rev, embedded.Revision())
	}

	// Verified, it decides as the embedded policies do, naming its revision.
	l, err := bundles.Load(bytes.NewReader(built.Bytes()), bundles.Signing{Key: pub})
	if err != nil {
		t.Fatal(err)
	}
	c, err := checker.New(context.Background(), checker.Options{PolicyFS: l.PolicyFS, DataFS: l.DataFS, Revision: l.Revision})
	if err != nil {
		t.Fatal(err)
	}
	orders := []checker.Order{
		{ID: "1", Product: "nvidia-h800-sxm5", Quantity: "8", Destination: "CN", EndUser: "Acme", Date: "2023-06-01"},
		{ID: "2", Product: "nvidia-h800-sxm5", Quantity: "8", Destination: "CN", EndUser: "Acme", Date: "2024-06-01"},
	}
	want, _ := embedded.CheckAll(context.Background(), orders)
	got, err := c.CheckAll(context.Background(), orders)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if got[i].Decision != want[i].Decision || got[i].ECCN != want[i].ECCN || len(got[i].Reasons) != len(want[i].Reasons) {
			t.Errorf("order %d: %s %s from the bundle, %s %s embedded", i+1, got[i].Decision, got[i].ECCN, want[i].Decision, want[i].ECCN)
		}
	}
	if c.Revision() != rev || l.Version != "test" {
		t.Errorf("loaded: revision %s, version %q", c.Revision(), l.Version)
	}

	// Refused: unsigned, another key, a file changed after signing.
	var unsigned bytes.Buffer
	ub, _ := bundle.NewReader(bytes.NewReader(built.Bytes())).WithSkipBundleVerification(true).Read()
	ub.Signatures = bundle.SignaturesConfig{}
	bundle.NewWriter(&unsigned).Write(ub)
	for _, tt := range []struct {
		name string
		b    []byte
		key  []byte
		want string
	}{
		{"unsigned", unsigned.Bytes(), pub, "the bundle is not signed (it has no .signatures.json): exportcheck takes only a bundle whose signature it checked (exportcheck bundle build --signing-key) (bundle missing .signatures.json file)"},
		{"another key", built.Bytes(), otherPub, "the bundle's signature does not verify with the verification key: it was signed with another key, or its signature was changed (failed to verify JWT signature: crypto/rsa: verification error)"},
		{"data changed", retar(t, built.Bytes(), "/data.json", func(b []byte) []byte {
			c := bytes.Replace(b, []byte(`"Hong Kong"`), []byte(`"Hong Kang"`), 1)
			if bytes.Equal(b, c) {
				t.Fatal("the edit changed nothing")
			}
			return c
		}), pub, "data.json was changed after the bundle was signed: its SHA-256 is not the one signed (data.json: digest mismatch (want: "},
		{"a policy changed", retar(t, built.Bytes(), "/exportcheck/decision.rego", func(b []byte) []byte { return append(b, "\n# changed\n"...) }), pub, "exportcheck/decision.rego was changed after the bundle was signed: its SHA-256 is not the one signed (exportcheck/decision.rego: digest mismatch (want: "},
		{"a file added", addFile(t, built.Bytes(), "/exportcheck/extra.rego", "package exportcheck.extra\n"), pub, "exportcheck/extra.rego is not covered by the bundle's signature: it was added after signing, or is in the bundle twice (file exportcheck/extra.rego not included in bundle signature)"},
		{"a file twice", addFile(t, built.Bytes(), "/data.json", "{}"), pub, "data.json is not covered by the bundle's signature: it was added after signing, or is in the bundle twice (file data.json not included in bundle signature)"},
		{"a file taken out", retar(t, built.Bytes(), "/exportcheck/text/text.rego", func([]byte) []byte { return nil }), pub, "the bundle's signature covers exportcheck/text/text.rego, which the bundle does not have: taken out after signing (file(s) [exportcheck/text/text.rego] specified in bundle signatures but not found in the target bundle)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := bundles.Load(bytes.NewReader(tt.b), bundles.Signing{Key: tt.key})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load: %v, want %q", err, tt.want)
			}
		})
	}
}

// jwt signs a header and a payload as a compact JWS: with sign, or with
// no signature at all when sign is nil.
func jwt(header, payload []byte, sign func([]byte) []byte) string {
	enc := base64.RawURLEncoding
	input := enc.EncodeToString(header) + "." + enc.EncodeToString(payload)
	var sig []byte
	if sign != nil {
		sig = sign([]byte(input))
	}
	return input + "." + enc.EncodeToString(sig)
}

// TestLoadForgedSignatures: a .signatures.json made by someone without
// the signing key is refused, whatever its JWT's header says: the
// algorithm and the key are the verification key's, never the JWT's (an
// HS256 JWT keyed with the public key, alg none, another key under
// another key id), and a JWT beside the good one is not passed over.
func TestLoadForgedSignatures(t *testing.T) {
	priv, pub := keyPair(t)
	var built bytes.Buffer
	if _, err := bundles.Build(context.Background(), &built, nil, nil, bundles.Signing{Key: priv}, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	var sigs struct {
		Signatures []string `json:"signatures"`
	}
	retar(t, built.Bytes(), "/.signatures.json", func(b []byte) []byte {
		if err := json.Unmarshal(b, &sigs); err != nil {
			t.Fatal(err)
		}
		return b
	})
	good := sigs.Signatures[0]
	payload, err := base64.RawURLEncoding.DecodeString(strings.Split(good, ".")[1])
	if err != nil {
		t.Fatal(err)
	}
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	hs256 := func(key []byte) func([]byte) []byte {
		return func(in []byte) []byte { m := hmac.New(sha256.New, key); m.Write(in); return m.Sum(nil) }
	}
	rs256 := func(k *rsa.PrivateKey) func([]byte) []byte {
		return func(in []byte) []byte {
			h := sha256.Sum256(in)
			s, err := rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA256, h[:])
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
	}
	// Signed with the signing key, but for a scope.
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	claims["scope"] = "write"
	scoped, _ := json.Marshal(claims)
	block, _ := pem.Decode(priv)
	k, err := x509.ParsePKCS1PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	const forged = "the bundle's signature does not verify with the verification key: it was signed with another key, or its signature was changed (failed to verify JWT signature: crypto/rsa: verification error)"
	for _, tt := range []struct {
		name string
		sigs []string
		want string
	}{
		{"HS256 keyed with the public key", []string{jwt([]byte(`{"alg":"HS256","kid":"exportcheck"}`), payload, hs256(pub))}, forged},
		{"alg none", []string{jwt([]byte(`{"alg":"none","kid":"exportcheck"}`), payload, nil)}, forged},
		{"another key under another key id", []string{jwt([]byte(`{"alg":"RS256","kid":"forger"}`), payload, rs256(other))}, forged},
		{"a forged JWT after the good one", []string{good, jwt([]byte(`{"alg":"RS256","kid":"forger"}`), payload, rs256(other))},
			"the bundle's .signatures.json holds more than one signature: a bundle is signed once (exportcheck bundle build), and the others were added after signing (.signatures.json: multiple JWTs not supported (expected exactly one))"},
		{"no JWT", []string{},
			"the bundle is not signed (its .signatures.json holds no signature): exportcheck takes only a bundle whose signature it checked (exportcheck bundle build --signing-key) (.signatures.json: missing JWT (expected exactly one))"},
		{"not a JWT", []string{"not a JWT"},
			"the bundle's .signatures.json holds something other than a signature (a JWT): it was changed after signing (failed to split compact JWT: jwsbb: invalid number of segments)"},
		{"signed for a scope", []string{jwt([]byte(`{"alg":"RS256","kid":"exportcheck"}`), scoped, rs256(k))},
			"the bundle's signature is for a scope, and exportcheck takes bundles signed for none: it was signed for another use (opa sign --claims-file with a scope), not with exportcheck bundle build (scope mismatch)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := retar(t, built.Bytes(), "/.signatures.json", func([]byte) []byte {
				out, _ := json.Marshal(map[string][]string{"signatures": tt.sigs})
				return out
			})
			_, err := bundles.Load(bytes.NewReader(b), bundles.Signing{Key: pub})
			if diff := cmp.Diff(tt.want, fmt.Sprint(err)); diff != "" {
				t.Errorf("Load (-want +got):\n%s", diff)
			}
		})
	}
}

// ecKeyPair is a new ECDSA P-256 key: private and public, as PEM.
func ecKeyPair(t *testing.T) (priv, pub []byte) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalECPrivateKey(k)
	pder, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	return pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pder})
}

// TestLoadKeys: a bundle verifies with its key and algorithm; a key of
// another kind than the algorithm's is refused in words, and a public key
// taken as an HMAC secret (which anyone holding it could sign with) is
// refused even when the bundle was signed with it.
func TestLoadKeys(t *testing.T) {
	rsaPriv, rsaPub := keyPair(t)
	ecPriv, ecPub := ecKeyPair(t)
	_, otherECPub := ecKeyPair(t)
	build := func(s bundles.Signing) []byte {
		var b bytes.Buffer
		if _, err := bundles.Build(context.Background(), &b, nil, nil, s, "test", time.Time{}); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	rs := build(bundles.Signing{Key: rsaPriv})
	es := build(bundles.Signing{Key: ecPriv, Algorithm: "ES256"})
	// Signed by anyone with the public key (Build refuses to).
	ob, err := bundle.NewReader(bytes.NewReader(rs)).WithSkipBundleVerification(true).Read()
	if err != nil {
		t.Fatal(err)
	}
	if err := ob.GenerateSignature(bundle.NewSigningConfig(string(rsaPub), "HS256", ""), bundles.DefaultKeyID, false); err != nil {
		t.Fatal(err)
	}
	var f bytes.Buffer
	if err := bundle.NewWriter(&f).Write(ob); err != nil {
		t.Fatal(err)
	}
	forged := f.Bytes()
	// Signed with a secret file left empty but for a newline.
	if err := ob.GenerateSignature(bundle.NewSigningConfig("\n", "HS256", ""), bundles.DefaultKeyID, false); err != nil {
		t.Fatal(err)
	}
	f.Reset()
	if err := bundle.NewWriter(&f).Write(ob); err != nil {
		t.Fatal(err)
	}
	newline := f.Bytes()
	for _, tt := range []struct {
		name   string
		bundle []byte
		verify bundles.Signing
		want   string // the error; "" for none
	}{
		{"RS256", rs, bundles.Signing{Key: rsaPub}, ""},
		{"ES256", es, bundles.Signing{Key: ecPub, Algorithm: "ES256"}, ""},
		{"another ECDSA key", es, bundles.Signing{Key: otherECPub, Algorithm: "ES256"},
			"the bundle's signature does not verify with the verification key: it was signed with another key, or its signature was changed (failed to verify JWT signature: invalid ECDSA signature)"},
		{"an ECDSA key for RS256", es, bundles.Signing{Key: ecPub},
			"the verification key is an ECDSA public key, which does not verify RS256 signatures: give the algorithm the bundle was signed with (ES256, ES384, ES512)"},
		{"an RSA key for ES256", rs, bundles.Signing{Key: rsaPub, Algorithm: "ES256"},
			"the verification key is an RSA public key, which does not verify ES256 signatures: give the algorithm the bundle was signed with (RS256, RS384, RS512, PS256, PS384, PS512)"},
		{"a public key as an HMAC secret", forged, bundles.Signing{Key: rsaPub, Algorithm: "HS256"},
			"the verification key is a PEM public key, but HS256 verifies with a shared secret: anyone who has the public key could sign bundles with it; give the algorithm the bundle was signed with (RS256, ES256, …)"},
		{"a secret of a newline", newline, bundles.Signing{Key: []byte("\n"), Algorithm: "HS256"},
			"the verification key is a shared secret of 0 bytes, and HS256 needs one of 32 or more: a shorter one can be guessed, and whoever guesses it signs bundles; make one with openssl rand -hex 32"},
		{"the private key", rs, bundles.Signing{Key: rsaPriv},
			"the verification key is a PEM " + strings.ToLower(pemType(rsaPriv)) + ": give its public key (openssl pkey -in KEY -pubout), and keep the private key where bundles are built"},
		{"not PEM", rs, bundles.Signing{Key: []byte("not a key")},
			"the verification key is not PEM (-----BEGIN PUBLIC KEY-----): give the public key that matches the bundle's signing key"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := bundles.Load(bytes.NewReader(tt.bundle), tt.verify)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Load (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLoadBomb: a bundle that unpacks to more than MaxSize (a few
// megabytes of gzip that would take gigabytes of memory, read whole before
// any file is checked against the signature) is refused before it is read.
func TestLoadBomb(t *testing.T) {
	priv, pub := keyPair(t)
	var built bytes.Buffer
	if _, err := bundles.Build(context.Background(), &built, nil, nil, bundles.Signing{Key: priv}, "test", time.Time{}); err != nil {
		t.Fatal(err)
	}
	bomb := retar(t, built.Bytes(), "/data.json", func([]byte) []byte { return make([]byte, bundles.MaxSize) })
	if len(bomb) > 1<<20 {
		t.Fatalf("the bomb is %d bytes", len(bomb))
	}
	_, err := bundles.Load(bytes.NewReader(bomb), bundles.Signing{Key: pub})
	want := "the bundle unpacks to more than 256 MiB (a bundle this large is refused before its signature is checked)"
	if diff := cmp.Diff(want, fmt.Sprint(err)); diff != "" {
		t.Errorf("Load (-want +got):\n%s", diff)
	}
}

// TestBuildKeys: a key that cannot sign the algorithm, or whose
// signatures anyone could make, is refused in words before anything is
// written.
func TestBuildKeys(t *testing.T) {
	rsaPriv, rsaPub := keyPair(t)
	ecPriv, _ := ecKeyPair(t)
	for _, tt := range []struct {
		name string
		sign bundles.Signing
		want string // the error; "" for none
	}{
		{"RS256", bundles.Signing{Key: rsaPriv}, ""},
		{"ES256", bundles.Signing{Key: ecPriv, Algorithm: "ES256"}, ""},
		{"HS256", bundles.Signing{Key: []byte("a shared secret of 33 bytes, 0123"), Algorithm: "HS256"}, ""},
		{"a short HS256 secret", bundles.Signing{Key: []byte("a shared secret of 31 bytes 012\n"), Algorithm: "HS256"},
			"the signing key is a shared secret of 31 bytes, and HS256 needs one of 32 or more: a shorter one can be guessed, and whoever guesses it signs bundles; make one with openssl rand -hex 32"},
		{"a short HS512 secret", bundles.Signing{Key: []byte("a shared secret of 33 bytes, 0123"), Algorithm: "HS512"},
			"the signing key is a shared secret of 33 bytes, and HS512 needs one of 64 or more: a shorter one can be guessed, and whoever guesses it signs bundles; make one with openssl rand -hex 64"},
		{"an ECDSA key for RS256", bundles.Signing{Key: ecPriv},
			"the signing key is an ECDSA private key, which does not sign RS256: give the algorithm for it (ES256, ES384, ES512)"},
		{"an RSA key for ES256", bundles.Signing{Key: rsaPriv, Algorithm: "ES256"},
			"the signing key is an RSA private key, which does not sign ES256: give the algorithm for it (RS256, RS384, RS512, PS256, PS384, PS512)"},
		{"a public key", bundles.Signing{Key: rsaPub},
			"the signing key is a PEM public key: sign with the private key (the public one verifies)"},
		{"a public key as an HMAC secret", bundles.Signing{Key: rsaPub, Algorithm: "HS256"},
			"the signing key is a PEM public key, but HS256 signs with a shared secret: anyone who has the public key could sign bundles with it; sign with its private key and RS256, ES256, …, or with a secret"},
		{"not PEM", bundles.Signing{Key: []byte("not a key")},
			"the signing key is not PEM (-----BEGIN PRIVATE KEY-----): give the private key to sign RS256 with"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			_, err := bundles.Build(context.Background(), &b, nil, nil, tt.sign, "test", time.Time{})
			got := ""
			if err != nil {
				got = err.Error()
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Build (-want +got):\n%s", diff)
			}
			if err != nil && b.Len() != 0 {
				t.Errorf("Build wrote %d bytes", b.Len())
			}
		})
	}
}

func pemType(b []byte) string {
	block, _ := pem.Decode(b)
	return block.Type
}
