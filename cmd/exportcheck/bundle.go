package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/exportcheck/exportcheck/bundles"
	"github.com/exportcheck/exportcheck/checker"
)

func init() { commands = append(commands, newBundleCmd) }

// loadBundle reads and verifies --bundle into the checker's options.
func (f *checkerFlags) loadBundle(opts *checker.Options) error {
	if f.bundle == "" {
		if f.verificationKey != "" {
			return fmt.Errorf("--verification-key verifies a --bundle: give the bundle")
		}
		return nil
	}
	if len(f.policies) > 0 || len(f.data) > 0 {
		return fmt.Errorf("--bundle holds the policies and data: --policy and --data go into the bundle (exportcheck bundle build), not beside it")
	}
	if f.verificationKey == "" {
		return fmt.Errorf("--bundle %s: give --verification-key FILE: exportcheck uses only bundles whose signature it checked", f.bundle)
	}
	// The key is read by fetch, at start and again on every reload: a key
	// rotated on disk verifies the next bundle fetched.
	f.source = &bundleSource{src: f.bundle, keyFile: f.verificationKey, alg: f.signingAlg}
	l, _, err := f.source.fetch(context.Background())
	if err != nil {
		return err
	}
	f.source.accepted(l)
	l.use(opts)
	return nil
}

// fetched is a bundle fetch verified and read: its policies and data as
// the checker takes them, read once (hashed for the revision check, then
// built into the checker).
type fetched struct {
	*bundles.Loaded
	files *checker.Bundle
}

// use makes opts build the checker from the bundle's files as fetch read
// them.
func (f *fetched) use(opts *checker.Options) {
	opts.PolicyFS, opts.DataFS, opts.Revision, opts.Bundle = f.PolicyFS, f.DataFS, f.Revision, f.files
}

// loadVerified is bundles.Load (tests count the reads of what it loads).
var loadVerified = bundles.Load

// bundleClockSkew is how far ahead of this machine's clock a bundle's
// built time may be (an hour; the refusal says so): clocks kept by NTP
// are within seconds.
const bundleClockSkew = time.Hour

// bundleSource is where a bundle comes from: a file, or an HTTP(S) URL
// fetched with the ETag of the last copy (304: unchanged).
type bundleSource struct {
	src     string
	keyFile string    // --verification-key, read on every fetch
	alg     string    // --signing-alg
	key     []byte    // the verification key the bundle in use was verified with
	etag    string    // of the bundle in use (accepted)
	sum     [32]byte  // of the bundle in use
	built   time.Time // when the bundle in use was built
	rev     string    // the bundle in use's revision
	// served is the content (checker.Bundle.Content: the SHA-256 of the
	// policy and data files) of every revision served since the start:
	// a decision, the ledger's runs and /metrics name the revision only.
	served map[string]string
	// builtAt is built for readers outside the reload (/metrics): Unix
	// nanoseconds, 0 when not known.
	builtAt atomic.Int64

	// The ETag, sum and key of the bundle fetch returned last, until it
	// is accepted: one that verifies but is not swapped in (its policies
	// do not compile, the records name what its data does not know) is
	// fetched and tried again, not taken for the one in use.
	nextETag string
	nextSum  [32]byte
	nextKey  []byte
}

// accepted records l, the bundle fetch returned last, as the bundle in
// use: a later one built before it is refused, the same copy again is no
// change, and another bundle under its revision with other content is
// refused.
func (b *bundleSource) accepted(l *fetched) {
	b.built, b.rev, b.etag, b.sum, b.key = l.Built, l.Revision, b.nextETag, b.nextSum, b.nextKey
	if b.served == nil {
		b.served = map[string]string{}
	}
	b.served[l.Revision] = l.files.Content
	var at int64
	if !l.Built.IsZero() {
		at = l.Built.UnixNano()
	}
	b.builtAt.Store(at)
}

// Built is when the bundle in use was built (zero when not known); safe
// to call while a reload runs.
func (b *bundleSource) Built() time.Time {
	if at := b.builtAt.Load(); at != 0 {
		return time.Unix(0, at)
	}
	return time.Time{}
}

// fetch reads the verification key and the bundle, and verifies it;
// changed is false when it is the copy in use (the same ETag, or the same
// bytes, verified with the same key), or that bundle packed again.
func (b *bundleSource) fetch(ctx context.Context) (f *fetched, changed bool, err error) {
	key, err := os.ReadFile(b.keyFile)
	if err != nil {
		return nil, false, fmt.Errorf("--verification-key: %w", err)
	}
	verify := bundles.Signing{Key: key, Algorithm: b.alg}
	if err := verify.CheckVerificationKey(); err != nil {
		return nil, false, fmt.Errorf("--verification-key %s: %w", b.keyFile, err)
	}
	// A key rotated on disk: the bundle in use was verified with the
	// one before, so the source's bundle is fetched whole and verified
	// with this one, not taken for the one in use by its ETag or bytes.
	rekeyed := !bytes.Equal(key, b.key)
	var raw []byte
	if strings.HasPrefix(b.src, "http://") || strings.HasPrefix(b.src, "https://") {
		etag := b.etag
		if rekeyed {
			etag = ""
		}
		var notModified bool
		if raw, notModified, err = b.get(ctx, etag); err != nil || notModified {
			return nil, false, err
		}
	} else if raw, err = os.ReadFile(b.src); err != nil {
		return nil, false, fmt.Errorf("--bundle: %w", err)
	}
	sum := sha256.Sum256(raw)
	if sum == b.sum && !rekeyed {
		b.etag = b.nextETag // the bundle in use, under this ETag now
		return nil, false, nil
	}
	l, err := loadVerified(bytes.NewReader(raw), verify)
	if err != nil {
		return nil, false, fmt.Errorf("--bundle %s is refused: %w", b.src, err)
	}
	if !b.built.IsZero() && l.Built.IsZero() {
		// Signed, but it cannot show it is not older than the one in
		// use: a bundle built before built was signed, replayed.
		return nil, false, fmt.Errorf("--bundle %s is refused: its manifest does not say when it was built (metadata.built), and the bundle in use was built %s; a reload takes only a bundle built since: to change to it, restart the server with it",
			b.src, b.built.Format(time.RFC3339Nano))
	}
	if now := time.Now(); l.Built.After(now.Add(bundleClockSkew)) {
		// Taken, it would make every bundle built before its time a
		// rollback: reloads refused until a restart.
		return nil, false, fmt.Errorf("--bundle %s is refused: it says it was built %s, later than this machine's clock (%s) by more than an hour: the clock of the machine that built it (or its SOURCE_DATE_EPOCH) is wrong",
			b.src, l.Built.Format(time.RFC3339Nano), now.UTC().Format(time.RFC3339))
	}
	// The files the checker is built from (use), and their content: the
	// decisions it makes name only the revision.
	cb, err := checker.LoadBundleFrom(l.PolicyFS, l.DataFS, nil, nil)
	if err != nil {
		return nil, false, fmt.Errorf("--bundle %s is refused: %w", b.src, err)
	}
	// A bundle built by opa build --revision may keep the revision of
	// one served with other policies or data (by hand, even its built
	// time): the decisions it made could not be told from that one's.
	if was, ok := b.served[l.Revision]; ok && was != cb.Content {
		return nil, false, fmt.Errorf("--bundle %s is refused: it keeps revision %s, but its policies or data are not those served under that revision (their SHA-256 was %s, is %s): every decision names only the revision, so a bundle with other content needs a new revision (exportcheck bundle build names its content's hash)",
			b.src, l.Revision, was, cb.Content)
	}
	if !b.built.IsZero() && l.Built.Equal(b.built) {
		if l.Revision == b.rev {
			// The bundle in use (its content, above), packed again
			// (compressed anew on its way), or verified with a key
			// rotated since: no change.
			b.etag, b.sum, b.key = b.nextETag, sum, key
			return nil, false, nil
		}
		// Two bundles of one time could replace each other back and
		// forth: a reload takes only one built since.
		return nil, false, fmt.Errorf("--bundle %s is refused: it was built %s, as the bundle in use was, but is another bundle; a reload takes only a bundle built since: build it again, or restart the server with it",
			b.src, l.Built.Format(time.RFC3339Nano))
	}
	if l.Built.Before(b.built) {
		// Signed, but older than the one in use: a bundle replayed (an
		// update of the data undone) reads as a rollback nobody chose.
		return nil, false, fmt.Errorf("--bundle %s is refused: it was built %s, before the bundle in use (built %s); a reload does not go back to an older bundle: to roll back, restart the server with it",
			b.src, l.Built.Format(time.RFC3339Nano), b.built.Format(time.RFC3339Nano))
	}
	b.nextSum, b.nextKey = sum, key
	return &fetched{Loaded: l, files: cb}, true, nil
}

// get fetches an URL bundle, asking with etag when it is not "" (304:
// notModified). The bundle is asked for as it is stored
// (Accept-Encoding: identity): Go's client would otherwise ask for gzip
// and unpack a .tar.gz labelled Content-Encoding: gzip (nginx's
// gzip_static, an S3 object stored with that metadata) to a bare tar. A body
// labelled gzip is taken as it came when it unpacks to no gzip (it is the
// .tar.gz), and unpacked once when it unpacks to one (a .tar.gz
// compressed again on its way); either way bundles.Load checks its
// signature over the files.
func (b *bundleSource) get(ctx context.Context, etag string) (raw []byte, notModified bool, err error) {
	req, err := http.NewRequestWithContext(ctx, "GET", b.src, nil)
	if err != nil {
		return nil, false, fmt.Errorf("--bundle: %w", err)
	}
	req.Header.Set("Accept-Encoding", "identity")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	client := &http.Client{Timeout: time.Minute}
	resp, err := client.Do(req)
	if err != nil {
		return nil, false, fmt.Errorf("--bundle: %w", err)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusNotModified:
		if etag == "" {
			// Not modified since what? Nothing was asked by ETag.
			return nil, false, fmt.Errorf("--bundle %s answered %s to a request for the whole bundle (no If-None-Match)", b.src, resp.Status)
		}
		return nil, true, nil
	case http.StatusOK:
	default:
		return nil, false, fmt.Errorf("--bundle %s: %s", b.src, resp.Status)
	}
	if raw, err = io.ReadAll(io.LimitReader(resp.Body, bundles.MaxSize+1)); err != nil { // a larger one: Load says so
		return nil, false, fmt.Errorf("--bundle %s: %w", b.src, err)
	}
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		if inner, ok := gunzipOnce(raw); ok {
			raw = inner
		}
	default:
		return nil, false, fmt.Errorf("--bundle %s answered with Content-Encoding: %s, which exportcheck does not decode: serve the .tar.gz as it is stored (no Content-Encoding, or gzip)", b.src, enc)
	}
	b.nextETag = resp.Header.Get("ETag")
	return raw, false, nil
}

// gunzipOnce is raw unpacked once when that is a gzip stream itself (a
// .tar.gz compressed again), of at most bundles.MaxSize; otherwise ok is
// false and raw is the .tar.gz.
func gunzipOnce(raw []byte) (inner []byte, ok bool) {
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, false
	}
	var magic [2]byte
	if _, err := io.ReadFull(zr, magic[:]); err != nil || magic != [2]byte{0x1f, 0x8b} {
		return nil, false
	}
	rest, err := io.ReadAll(io.LimitReader(zr, bundles.MaxSize))
	if err != nil {
		return nil, false
	}
	return append(magic[:], rest...), true
}

func newBundleCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bundle",
		Short: "Build signed policy bundles for check --bundle and serve --bundle",
	}
	var out, signingKey, alg string
	var policiesDirs, dataDirs []string
	build := &cobra.Command{
		Use:   "build -o bundle.tar.gz --signing-key FILE",
		Short: "Write the policies and data as a signed OPA bundle",
		Long: `Write the embedded policies and data, with any --policy and --data directories over them, as
an OPA bundle: .manifest (the revision every decision made with it names, and the roots), the
Rego modules, data.json and .signatures.json, signed with OPA's own bundle package, so that opa
can inspect and verify it too. check and serve take it with --bundle FILE --verification-key FILE
and refuse it unsigned, tampered or signed with another key. The policies and data are loaded
first as check and serve load them: what they would refuse is an error, and no bundle is written.`,
		Example: `  exportcheck bundle build -o bundle.tar.gz --data examples/company-data --signing-key signing.pem`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" || signingKey == "" {
				return fmt.Errorf("-o PATH and --signing-key FILE are required")
			}
			key, err := os.ReadFile(signingKey)
			if err != nil {
				return fmt.Errorf("--signing-key: %w", err)
			}
			built, err := generatedAt(os.Getenv) // SOURCE_DATE_EPOCH: the same bytes again
			if err != nil {
				return err
			}
			// Built (and loaded as check and serve load it) in memory
			// first: a bundle refused leaves no file, and -o as it was.
			var b bytes.Buffer
			rev, err := bundles.Build(cmd.Context(), &b, policiesDirs, dataDirs, bundles.Signing{Key: key, Algorithm: alg}, toolVersion(), built)
			if err != nil {
				return err
			}
			f, err := createOutput(out)
			if err != nil {
				return err
			}
			for _, w := range f.warnings() {
				warn(e.stderr, w)
			}
			defer f.Close()
			if _, err := f.Write(b.Bytes()); err != nil {
				return err
			}
			if err := f.commit(cmd.Context()); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s: revision %s, signed %s with key id %s\n", out, rev, alg, bundles.DefaultKeyID)
			return nil
		},
	}
	fl := build.Flags()
	fl.StringVarP(&out, "output", "o", "", "write the bundle to `PATH` (.tar.gz)")
	fl.StringVar(&signingKey, "signing-key", "", "sign with the private key (PEM) in `FILE` (or an HMAC secret, with --signing-alg HS256)")
	fl.StringVar(&alg, "signing-alg", "RS256", "the signature's `ALGORITHM`: RS256, PS256, ES256, HS256, …")
	fl.StringArrayVar(&policiesDirs, "policy", nil, "the Rego files under `DIR` add to or replace the embedded policies (repeatable)")
	fl.StringArrayVar(&dataDirs, "data", nil, "the YAML/JSON data files under `DIR` are merged over the embedded data (repeatable)")
	cmd.AddCommand(build)
	return cmd
}
