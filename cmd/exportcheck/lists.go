package main

import (
	"cmp"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/exportcheck/exportcheck/screening"
)

func init() { commands = append(commands, newListsCmd) }

// defaultListURL is trade.gov's download of the Consolidated Screening
// List (CSV; the same path ending in .json gives the JSON form).
const defaultListURL = "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv"

// listMeta records where and when the cached list was downloaded
// (consolidated.meta.json beside it).
type listMeta struct {
	URL          string `json:"url"`
	File         string `json:"file"` // the list's file name in the cache directory
	Downloaded   string `json:"downloaded"`
	SHA256       string `json:"sha256"`
	Rows         int    `json:"rows"`
	Newest       string `json:"newest"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	// Archived is the archive's copy of the list ([archiveList]), when
	// there is an archive.
	Archived string `json:"archived,omitempty"`
}

const metaName = "consolidated.meta.json"

func newListsCmd(e *env) *cobra.Command {
	var cfgPath string
	cmd := &cobra.Command{
		Use:   "lists",
		Short: "Download and inspect the Consolidated Screening List",
		Long: `The Consolidated Screening List (CSL) from trade.gov combines the export screening lists
of the Departments of Commerce, State and the Treasury. ` + "`lists update`" + ` downloads it into a cache
directory; ` + "`check --screening-list cached`" + ` (or ` + "`screening: {lists: [cached]}`" + ` in
.exportcheck.yaml) screens against it.`,
	}
	cmd.PersistentFlags().StringVar(&cfgPath, "config", "", "the configuration `FILE` (default: "+ConfigName+" from the working directory up)")
	var url, dir, archive string
	var allowShrink bool
	update := &cobra.Command{
		Use:   "update",
		Short: "Download the Consolidated Screening List into the cache directory",
		Long: `Download the Consolidated Screening List (CSV or JSON, by the URL's extension) into the cache
directory with its download time and SHA-256. The new list replaces the cached one only
once it has been read whole and has entries: a failed download never replaces a good list.
A download that fails on the way (the server busy or failing, the connection dropped or
silent for a minute) is tried again, three times in all. A list with a tenth fewer entries
than the cached one, in all or in one of the lists it combines (the Denied Persons List
gone), or with a tenth fewer alternative names, is refused unless --allow-shrink: a list
cut short screens less. A list that is not the whole Consolidated Screening List, lacking
one of the lists a screen cannot do without or with far fewer entries than the whole list
has (data/screening.yaml, screening.csl), is refused, --allow-shrink or not: with no cached
list to compare with (a fresh CI runner) it would pass as the list.`,
		Example: `  exportcheck lists update
  exportcheck lists update --url https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(cfgPath)
			if err != nil {
				return err
			}
			if url == "" {
				url = cfg.Screening.URL
			}
			if dir == "" {
				dir = cfg.Screening.CacheDir
			}
			if archive == "" {
				archive = cfg.Screening.ArchiveDir
			}
			if !fileLocks {
				fmt.Fprintf(e.stderr, "exportcheck: warning: %s\n", noLocksWarning)
			}
			cov, err := listCoverage(nil)
			if err != nil {
				return err
			}
			m, err := updateList(cmd.Context(), listClient(), url, dir, archive, time.Now().UTC(), allowShrink, cov)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s: %d entries, newest %s, sha256 %s, downloaded %s\n",
				filepath.Join(dir, m.File), m.Rows, m.Newest, m.SHA256[:12], m.Downloaded)
			if m.Archived != "" {
				fmt.Fprintf(e.stdout, "archived as %s\n", m.Archived)
			}
			return nil
		},
	}
	update.Flags().StringVar(&url, "url", "", "download the list from `URL` (default: the configuration's screening.url, else trade.gov's CSV)")
	update.Flags().StringVar(&dir, "cache-dir", "", "keep it in `DIR` (default: the configuration's screening.cache_dir, else the user cache directory)")
	update.Flags().StringVar(&archive, "archive", "", "also keep the list in `DIR`, as SHA256.csv.gz, for as long as an audit may ask for it (default: the configuration's screening.archive_dir; none)")
	update.Flags().BoolVar(&allowShrink, "allow-shrink", false, "accept a list with a tenth fewer entries than the cached one, in all or in one of its lists (after a real delisting)")
	status := &cobra.Command{
		Use:   "status",
		Short: "Show the cached list: where it came from, when, and whether it is stale",
		Long: `Show the cached list: where it came from, when, and whether it is stale.

Exit codes: 0 the list is fresh; 1 it is stale, not the one downloaded, or not the whole
Consolidated Screening List (a pipeline can gate on it); 2 there is no cached list or it
cannot be read.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(cfgPath)
			if err != nil {
				return err
			}
			if dir == "" {
				dir = cfg.Screening.CacheDir
			}
			l, m, err := loadCached(dir)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s: %d entries, newest %s, sha256 %s\ndownloaded %s from %s\n",
				l.Snapshot.Path, l.Snapshot.Rows, l.Snapshot.Newest, l.Snapshot.SHA256[:12], cmp.Or(m.Downloaded, "at an unknown time"), m.URL)
			bad := false
			if w := changedSince(l.Snapshot, m); w != "" {
				fmt.Fprintln(e.stdout, w)
				bad = true
			}
			cov, err := listCoverage(nil)
			if err != nil {
				return err
			}
			if g := cov.Gaps(l); !g.None() {
				fmt.Fprintln(e.stdout, incompleteWarning(l.Snapshot.Path, g, true))
				bad = true
			}
			switch w := staleness(l.Snapshot, m.Downloaded, cfg, time.Now().UTC()); {
			case w != "":
				fmt.Fprintln(e.stdout, w)
				bad = true
			case m.Downloaded == "":
				fmt.Fprintf(e.stdout, "not stale by its newest entry: within the maximum age, %s (screening.newest_entry_max_age)\n", &cfg.Screening.NewestMaxAge)
			default:
				fmt.Fprintf(e.stdout, "not stale: downloaded within the maximum age, %s (screening.max_age)\n", &cfg.Screening.MaxAge)
			}
			if bad {
				return exitError{exitFailed}
			}
			return nil
		},
	}
	status.Flags().StringVar(&dir, "cache-dir", "", "the cache in `DIR` (default: the configuration's, else the user cache directory)")
	dirCmd := &cobra.Command{
		Use:   "dir",
		Short: "Print the cache directory: the configuration's screening.cache_dir, else the user cache directory",
		Long: `Print the directory lists update keeps the list in and --screening-list cached reads it
from: the configuration's screening.cache_dir, else the user cache directory (which differs by
operating system). The GitHub Action caches it between runs.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(cfgPath)
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, cfg.Screening.CacheDir)
			return nil
		},
	}
	cmd.AddCommand(update, status, dirCmd)
	return cmd
}

// How a download of the list is tried. Variables so that tests can
// shorten them.
var (
	listTries   = 3                                                  // attempts in all
	listBackoff = []time.Duration{5 * time.Second, 20 * time.Second} // before the second and third
	listIdle    = time.Minute                                        // no byte of the list for this long: the connection is dead
	listMaxWait = time.Minute                                        // the longest Retry-After that is waited for
	listWait    = func(ctx context.Context, d time.Duration) error { // waits between tries
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			return nil
		}
	}
	listTemp    = createTemp // where a download is written
	listRenamed = func() {}  // called between renaming the list into place and writing its record
)

// listShrink is the smallest share of the cached list's entries a new list
// may have without --allow-shrink.
const listShrink = 0.9

// listClient is the HTTP client of lists update: with timeouts to connect,
// for the TLS handshake and for the response's headers (the body then has
// listIdle between bytes), none of which http.DefaultClient has.
func listClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.TLSHandshakeTimeout = 15 * time.Second
	t.ResponseHeaderTimeout = listIdle
	t.DialContext = (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	return &http.Client{Transport: t}
}

// transient is a download failure that trying again may cure: the server
// busy or failing (429, 5xx, 408), or the connection failing or falling
// silent. after is how long the server asked to be left (Retry-After).
type transient struct {
	err   error
	after time.Duration
}

func (t *transient) Error() string { return t.err.Error() }
func (t *transient) Unwrap() error { return t.err }

// updateList downloads the list at url into dir: to a temporary file
// first, read whole and checked to have entries (and, unless allowShrink,
// not a tenth fewer than the cached list), then renamed into place with
// its metadata, so that a failed download leaves the cached list as it
// was. The check against the cached list and the replacing are done
// holding the cache's lock ([lockCache]): updates at once replace the list
// one after the other, and readers never see one's list beside another's
// record. Transient failures are tried again, listTries times in all.
func updateList(ctx context.Context, client *http.Client, url, dir, archive string, now time.Time, allowShrink bool, cov screening.Coverage) (listMeta, error) {
	file := "consolidated.csv"
	if strings.EqualFold(path.Ext(strings.SplitN(url, "?", 2)[0]), ".json") {
		file = "consolidated.json"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return listMeta{}, err
	}
	removeLeftovers(dir, now)
	var (
		tmp  string
		sum  string
		hdr  http.Header
		errs []string // of the tries before
	)
	// failed is the error of the last try, with the tries before it.
	failed := func(err error, try int) error {
		var ne *netError
		isNet := errors.As(err, &ne)
		if try > 1 {
			errs = slices.DeleteFunc(slices.Compact(errs), func(e string) bool { return e == err.Error() })
			if len(errs) == 0 {
				err = fmt.Errorf("%w (tried %d times)", err, try)
			} else {
				err = fmt.Errorf("%w (tried %d times; before: %s)", err, try, strings.Join(errs, "; "))
			}
		}
		if isNet {
			return fmt.Errorf("the screening list could not be downloaded from %s: %w. The cached list is unchanged; %s. (The error: %s)", ne.host, err, ne.advice, ne.err)
		}
		return fmt.Errorf("downloading the screening list: %w (the cached list is unchanged)", err)
	}
	for try := 1; ; try++ {
		var err error
		tmp, sum, hdr, err = downloadList(ctx, client, url, dir, file)
		if err == nil {
			break
		}
		var tr *transient
		if !errors.As(err, &tr) || try >= listTries || ctx.Err() != nil {
			return listMeta{}, failed(err, try)
		}
		if tr.after > listMaxWait {
			// The server asks to be left longer than is worth waiting
			// in a pipeline: say when to come back instead.
			return listMeta{}, failed(fmt.Errorf("%w; the server asks to be left for %s (Retry-After), so it was not tried again: run lists update after %s",
				err, tr.after.Round(time.Second), now.Add(tr.after).Format(time.RFC3339)), try)
		}
		errs = append(errs, err.Error())
		wait := max(listBackoff[min(try-1, len(listBackoff)-1)], tr.after)
		if err := listWait(ctx, wait); err != nil {
			return listMeta{}, fmt.Errorf("downloading the screening list: %w while waiting to try again (after %d %s: %s) (the cached list is unchanged)",
				err, try, map[bool]string{true: "try", false: "tries"}[try == 1], strings.Join(slices.Compact(errs), "; "))
		}
	}
	defer os.Remove(tmp) // a no-op once renamed
	// Read as the cached list will be (by its name's extension), its
	// errors naming the URL: the temporary file is gone when they are read.
	read := screening.ReadCSV
	if path.Ext(file) == ".json" {
		read = screening.ReadJSON
	}
	f, err := os.Open(tmp)
	if err != nil {
		return listMeta{}, err
	}
	l, err := read(f, url)
	f.Close()
	if err != nil {
		return listMeta{}, fmt.Errorf("the downloaded list cannot be read (the cached list is unchanged): %w", err)
	}
	if len(l.Entries) == 0 {
		return listMeta{}, fmt.Errorf("the downloaded list has no entries (the cached list is unchanged)")
	}
	// With no cached list to compare with (a fresh CI runner), a list cut
	// short, an error page that parses, or a list filtered to some of its
	// sources would pass as the CSL; it is judged by what the whole list
	// holds, --allow-shrink or not.
	if g := cov.Gaps(l); !g.None() {
		return listMeta{}, fmt.Errorf("the downloaded list from %s is not the whole Consolidated Screening List: it has %s (data/screening.yaml, screening.csl): "+
			"a list cut short, an error page or a list filtered to some of its sources screens less, so it is refused and the cached list is unchanged", url, g)
	}
	// From here to the record written, the cache is this update's alone,
	// and no reader reads it halfway: another update waits, and then
	// compares its list with this one's.
	unlock, err := lockCache(dir, true, true)
	if err != nil {
		return listMeta{}, fmt.Errorf("locking the cache directory %s (the cached list is unchanged): %w", dir, err)
	}
	defer unlock()
	switch old, om, err := readCached(dir); {
	case allowShrink, errors.Is(err, errNoCache):
	case err != nil:
		// The list a download is compared with is gone or broken (a
		// crash, a file removed by hand): a download cut short would
		// pass unseen, so replacing it is asked for.
		return listMeta{}, fmt.Errorf("the cached list cannot be read (%v), so the download cannot be compared with it for entries cut short: "+
			"it is refused and the cache is unchanged; to replace the cached list, run `exportcheck lists update --allow-shrink`", err)
	default:
		if what := shrunk(old, l); what != "" {
			return listMeta{}, fmt.Errorf("the downloaded list has %s (downloaded %s): "+
				"a list cut short screens less, so it is refused and the cached list is unchanged; "+
				"if entries were really removed, run `exportcheck lists update --allow-shrink`",
				what, cmp.Or(om.Downloaded, "at an unknown time"))
		}
	}
	m := listMeta{URL: url, File: file, Downloaded: now.Format(time.RFC3339), SHA256: sum,
		Rows: len(l.Entries), Newest: l.Snapshot.Newest, ETag: hdr.Get("ETag"), LastModified: hdr.Get("Last-Modified")}
	if archive != "" {
		// Archived before it is cached: no list is screened against
		// that the archive does not hold.
		if m.Archived, err = archiveList(archive, tmp, m); err != nil {
			return listMeta{}, fmt.Errorf("archiving the downloaded list in %s (the cached list is unchanged): %w", archive, err)
		}
	}
	// The list first, then its metadata: if the process dies between the
	// two, the metadata's hash no longer matches and the download time is
	// treated as unknown (the list's newest entry dates it).
	if err := os.Rename(tmp, filepath.Join(dir, file)); err != nil {
		return listMeta{}, err
	}
	listRenamed()
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return listMeta{}, err
	}
	if err := writeFileAtomic(filepath.Join(dir, metaName), append(b, '\n')); err != nil {
		return listMeta{}, err
	}
	return m, nil
}

// archiveList keeps a copy of the list downloaded to src in dir, named
// by its SHA-256: SHA256.csv.gz (or .json.gz), with SHA256.meta.json
// saying where and when it was first downloaded. A list already there is
// kept as it is (the same bytes). It returns the copy's path.
func archiveList(dir, src string, m listMeta) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	name := filepath.Join(dir, m.SHA256+path.Ext(m.File)+".gz")
	if _, err := os.Stat(name); err == nil {
		return name, nil
	}
	in, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer in.Close()
	tmp, err := createTemp(dir, ".tmp-*-"+filepath.Base(name))
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	zw := gzip.NewWriter(tmp)
	zw.Name, zw.ModTime = m.File, time.Time{}
	if _, err := io.Copy(zw, in); err != nil {
		tmp.Close()
		return "", err
	}
	if err := zw.Close(); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return "", err
	}
	if err := writeFileAtomic(filepath.Join(dir, m.SHA256+".meta.json"), append(b, '\n')); err != nil {
		return "", err
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return "", err
	}
	return name, nil
}

// shrunk says how the new list is a tenth shorter than the old one, in
// all or in one of the lists it combines (by code: a Denied Persons List
// gone is a small share of the whole), or in alternative names, or "".
func shrunk(old, new *screening.List) string {
	short := func(n, was int) bool { return float64(n) < listShrink*float64(was) }
	if short(len(new.Entries), len(old.Entries)) {
		return fmt.Sprintf("%d entries, against %d in the cached list", len(new.Entries), len(old.Entries))
	}
	count := func(l *screening.List) map[string]int {
		n := map[string]int{}
		for i := range l.Entries {
			n[cmp.Or(l.Entries[i].List, l.Entries[i].Source)]++
		}
		return n
	}
	was, now := count(old), count(new)
	var codes []string
	for c := range was {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		if short(now[c], was[c]) {
			n := "no"
			if now[c] > 0 {
				n = strconv.Itoa(now[c])
			}
			return fmt.Sprintf("%s %s entries, against %d in the cached list", n, c, was[c])
		}
	}
	// The alternative names too: a list whose alt_names column is gone
	// (dropped at the source, which ReadCSV cannot tell from a list that
	// never had one) keeps its entries and screens none of their aliases.
	alts := func(l *screening.List) (n int) {
		for i := range l.Entries {
			n += len(l.Entries[i].AltNames)
		}
		return n
	}
	if n, was := alts(new), alts(old); short(n, was) {
		return fmt.Sprintf("%d alternative names, against %d in the cached list", n, was)
	}
	return ""
}

// downloadList makes one try at downloading url into a temporary file in
// dir, returning its name, SHA-256 and the response's headers. Once the
// headers are in, a connection that sends nothing for listIdle is given
// up. Only what trying again may cure comes back transient: not a
// certificate that does not verify, a URL that is not http(s), a redirect
// loop, a host that does not exist, nor a file that cannot be written.
func downloadList(ctx context.Context, client *http.Client, url, dir, file string) (string, string, http.Header, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", "", nil, err
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return "", "", nil, fmt.Errorf("%s: not an http or https URL", url)
	}
	c := *client
	c.CheckRedirect = func(r *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errRedirects
		}
		if r.URL.Scheme != "https" && slices.ContainsFunc(via, func(v *http.Request) bool { return v.URL.Scheme == "https" }) {
			// Whoever sits on the path could serve a list with a
			// party taken out, and it would look as good as the real one.
			return &downgradeError{to: r.URL.String()}
		}
		return nil
	}
	start := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		err = describeNet(&c, req, err, time.Since(start))
		if permanent(err) {
			return "", "", nil, err
		}
		return "", "", nil, &transient{err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		err := fmt.Errorf("%s: %s", url, resp.Status)
		switch c := resp.StatusCode; {
		case c == http.StatusTooManyRequests, c == http.StatusRequestTimeout, c >= 500:
			return "", "", nil, &transient{err: err, after: retryAfter(resp.Header.Get("Retry-After"), time.Now())}
		}
		return "", "", nil, err
	}
	errIdle := fmt.Errorf("the server sent nothing for %s", listIdle)
	idle := time.AfterFunc(listIdle, func() { cancel(errIdle) })
	defer idle.Stop()
	tmp, err := listTemp(dir, ".download-*-"+file)
	if err != nil {
		return "", "", nil, err
	}
	h := sha256.New()
	var rerr error // the connection's, as against the file's
	_, err = io.Copy(io.MultiWriter(tmp, h), readerFunc(func(p []byte) (int, error) {
		n, err := resp.Body.Read(p)
		idle.Reset(listIdle)
		if err != nil && err != io.EOF {
			rerr = err
		}
		return n, err
	}))
	if err == nil {
		// On disk before it is renamed into place and its record says
		// it is there: after a power loss the list is whole or absent.
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		if err != rerr {
			return "", "", nil, fmt.Errorf("writing the downloaded list to %s: %w", dir, err)
		}
		if context.Cause(ctx) == errIdle {
			err = errIdle
		}
		return "", "", nil, &transient{err: err}
	}
	return tmp.Name(), hex.EncodeToString(h.Sum(nil)), resp.Header, nil
}

var errRedirects = errors.New("redirected 10 times")

// netError is a request that failed on the network, before any answer
// came: why in plain words (what), for compliance staff, and the error
// underneath (said last) for whoever runs the machine.
type netError struct {
	host   string // the list's host (host:port as in the URL)
	what   string
	advice string // what to check
	err    error
}

func (n *netError) Error() string { return n.what }
func (n *netError) Unwrap() error { return n.err }

// describeNet says in plain words why a request to host failed on the
// network, after elapsed: its name not looked up, the connection refused
// or cut, no answer in time, a certificate that does not verify. Other
// errors (a redirect loop, a downgrade) come back as they are.
func describeNet(client *http.Client, req *http.Request, err error, elapsed time.Duration) error {
	host := req.URL.Host
	inner := err
	var ue *url.Error
	if errors.As(err, &ue) {
		inner = ue.Err // without Go's `Get "URL":`, the URL being said anyway
	}
	var (
		op  *net.OpError
		dns *net.DNSError
		cv  *tls.CertificateVerificationError
		ua  x509.UnknownAuthorityError
		hn  x509.HostnameError
		ci  x509.CertificateInvalidError
		ne  net.Error
	)
	proxy := errors.As(inner, &op) && op.Op == "proxyconnect"
	what, cert := "", false
	switch {
	case errors.As(inner, &dns) && dns.IsNotFound:
		what = "its name could not be looked up: no such host is known (is the name right?)"
	case errors.As(inner, &dns) && dns.IsTimeout:
		what = "its name could not be looked up: the name server did not answer in time"
	case errors.As(inner, &dns):
		what = "its name could not be looked up"
	case errors.Is(inner, syscall.ECONNREFUSED):
		what = "the connection was refused (nothing answers at that address, or a firewall turns connections away)"
	case errors.Is(inner, syscall.ECONNRESET), errors.Is(inner, io.EOF), errors.Is(inner, io.ErrUnexpectedEOF):
		what = "the connection was cut off before an answer came"
	case errors.Is(inner, syscall.ENETUNREACH), errors.Is(inner, syscall.EHOSTUNREACH):
		what = "the network has no way to it (no route)"
	case errors.As(inner, &hn):
		what, cert = "its certificate is for another name, so it cannot be told to be "+host+" (a proxy that inspects HTTPS?)", true
	case errors.As(inner, &ua):
		cert = true
		what = "its certificate is signed by an authority this machine does not trust (a proxy that inspects HTTPS?)"
	case errors.As(inner, &ci):
		cert = true
		what = "its certificate is not valid (expired, or not yet valid: is this machine's clock right?)"
	case errors.As(inner, &cv):
		cert = true
		what = "its certificate could not be verified"
	case errors.As(inner, &ne) && ne.Timeout():
		what = "no answer came within " + roundWait(elapsed)
	default:
		return err
	}
	advice := "check that this machine is on the network and, if it reaches the internet through a proxy, that HTTPS_PROXY names it"
	switch {
	case proxy:
		what = "the proxy at " + proxyHost(client, req) + " could not be reached: " + what
		advice = "check the proxy that HTTPS_PROXY (or HTTP_PROXY) names, or ask whoever runs the network"
	case cert:
		advice = "check that the URL is the list's and, if a proxy inspects HTTPS here, that this machine trusts its authority (ask whoever runs the network)"
	}
	return &netError{host: host, what: what, advice: advice, err: inner}
}

// proxyHost is the host of the proxy client sends req through, or
// "(unknown)".
func proxyHost(client *http.Client, req *http.Request) string {
	t, ok := client.Transport.(*http.Transport)
	if client.Transport == nil {
		t, ok = http.DefaultTransport.(*http.Transport)
	}
	if ok && t.Proxy != nil {
		if u, err := t.Proxy(req); err == nil && u != nil {
			return u.Host
		}
	}
	return "(unknown)"
}

// roundWait says a wait in words: tenths of a second under one, else
// whole seconds and minutes ("1 minute 5 seconds").
func roundWait(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%.1f seconds", d.Seconds())
	}
	d = d.Round(time.Second)
	unit := func(n int, one string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %ss", n, one)
	}
	m, sec := int(d/time.Minute), int(d%time.Minute/time.Second)
	switch {
	case m == 0:
		return unit(sec, "second")
	case sec == 0:
		return unit(m, "minute")
	}
	return unit(m, "minute") + " " + unit(sec, "second")
}

// downgradeError is a redirect from https to plain http.
type downgradeError struct{ to string }

func (d *downgradeError) Error() string {
	return "redirected from https to " + d.to + ": a list over plain http could have been changed on the way"
}

// permanent reports whether a failed request is one that trying again
// cannot cure: a certificate that does not verify, too many redirects, a
// redirect from https to http, a host name that does not resolve.
func permanent(err error) bool {
	var (
		cv  *tls.CertificateVerificationError
		ua  x509.UnknownAuthorityError
		hn  x509.HostnameError
		ci  x509.CertificateInvalidError
		dns *net.DNSError
	)
	switch {
	case errors.As(err, &cv), errors.As(err, &ua), errors.As(err, &hn), errors.As(err, &ci):
		return true
	case errors.As(err, &dns):
		return dns.IsNotFound
	}
	var down *downgradeError
	return errors.Is(err, errRedirects) || errors.As(err, &down)
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// leftoverAge is how long a temporary file of an update (a download, a
// record being written) stands untouched before another update takes it
// for one a killed process left: a download in progress writes at least
// every listIdle.
const leftoverAge = time.Hour

// removeLeftovers removes the temporary files killed updates left in the
// cache directory: a list each, which a CI cache of the directory would
// otherwise keep and restore on every run.
func removeLeftovers(dir string, now time.Time) {
	for _, pattern := range []string{".download-*", ".tmp-*"} {
		names, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, name := range names {
			if fi, err := os.Lstat(name); err == nil && fi.Mode().IsRegular() && now.Sub(fi.ModTime()) > leftoverAge {
				os.Remove(name)
			}
		}
	}
}

// createTemp is os.CreateTemp making the file 0666 less the umask, as
// os.Create does, not 0600: the files renamed into place from it (the
// cached list and its record, the archive's copies) are read by every
// user sharing the cache directory or the archive (a CI runner's
// group-writable cache, an archive kept for audits), as its lock file is.
func createTemp(dir, pattern string) (*os.File, error) {
	prefix, suffix, _ := strings.Cut(pattern, "*")
	for try := 0; ; try++ {
		name := filepath.Join(dir, prefix+strconv.FormatUint(rand.Uint64(), 36)+suffix)
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) && try < 100 {
			continue
		}
		return f, err
	}
}

// writeFileAtomic writes a file through a temporary file in the same
// directory, synced, and a rename.
func writeFileAtomic(name string, b []byte) error {
	tmp, err := createTemp(filepath.Dir(name), ".tmp-*-"+filepath.Base(name))
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// loadCached reads the cached list and its metadata, as one: while no
// update is replacing them. A list whose hash is not the one recorded at
// download has no known download time.
func loadCached(dir string) (*screening.List, listMeta, error) {
	unlock, err := lockCache(dir, false, true)
	if err != nil {
		return nil, listMeta{}, err
	}
	defer unlock()
	return readCached(dir)
}

// readCached is loadCached without the lock, for an update holding it.
// errNoCache is a cache directory that holds no list (no record of one).
var errNoCache = errors.New("no cached screening list")

func readCached(dir string) (*screening.List, listMeta, error) {
	var m listMeta
	b, err := os.ReadFile(filepath.Join(dir, metaName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, m, fmt.Errorf("%w in %s: run `exportcheck lists update` first", errNoCache, dir)
	}
	if err != nil {
		return nil, m, err
	}
	if err := json.Unmarshal(b, &m); err != nil || m.File == "" || strings.ContainsAny(m.File, `/\`) {
		return nil, m, fmt.Errorf("%s: not a list record of `exportcheck lists update`", filepath.Join(dir, metaName))
	}
	l, err := screening.Load(filepath.Join(dir, m.File))
	if err != nil {
		return nil, m, err
	}
	if l.Snapshot.SHA256 != m.SHA256 {
		m.Downloaded = ""
	}
	return l, m, nil
}

// changedSince says when the list read as s is not dated by m, the record
// of its download, else "": when it is not the list downloaded, or the
// record gives no download time or no SHA-256 to tie one to it (a record
// edited or cut short). Either way its age is not known, and dated by its
// newest entry alone, a list weeks older than max_age would pass as fresh.
func changedSince(s screening.Snapshot, m listMeta) string {
	switch _, err := time.Parse(time.RFC3339, m.Downloaded); {
	case m.SHA256 == "":
		return fmt.Sprintf("screening list %s: the record of its download gives no sha256, so its download time is not known to be this list's (run `exportcheck lists update`)", s.Path)
	case s.SHA256 == m.SHA256 && err != nil:
		return fmt.Sprintf("screening list %s: the record of its download gives no download time (%q), so its age is not known (run `exportcheck lists update`)", s.Path, m.Downloaded)
	case s.SHA256 == m.SHA256:
		return ""
	}
	return fmt.Sprintf("screening list %s is not the list `exportcheck lists update` downloaded: its sha256 is %s, the download's %s (changed since; run `exportcheck lists update`)",
		s.Path, s.SHA256[:12], m.SHA256[:min(12, len(m.SHA256))])
}

// listSkew is how far in the future a list's download time may be before
// it is not believed: the clocks of machines sharing a cache directory
// differ by seconds, not hours.
const listSkew = time.Hour

// staleness says why a list is stale, or "": downloaded longer ago than
// the configured maximum age, or, when the download time is not known, its
// newest entry older than the newest-entry maximum. A download time in the
// future (beyond listSkew: a clock set wrong where the list was
// downloaded, or a record edited) or, without one, a newest entry dated
// after tomorrow (a mistyped start date) dates nothing: such a list would
// stay fresh for as long as the date is ahead, so it is stale.
func staleness(s screening.Snapshot, downloaded string, cfg *config, now time.Time) string {
	maxAge, newestMax := time.Duration(cfg.Screening.MaxAge), time.Duration(cfg.Screening.NewestMaxAge)
	if t, err := time.Parse(time.RFC3339, downloaded); err == nil {
		if t.Sub(now) > listSkew {
			return fmt.Sprintf("screening list %s is stale: its download time, %s, is in the future (a clock set wrong where it was downloaded?), so its age is not known; run `exportcheck lists update`",
				s.Path, t.UTC().Format(time.RFC3339))
		}
		if age := now.Sub(t); age > maxAge {
			return fmt.Sprintf("screening list %s is stale: downloaded %s, %s ago (maximum age %s; run `exportcheck lists update`)",
				s.Path, t.Format(time.DateOnly), ageText(age), ageText(maxAge))
		}
		return ""
	}
	t, err := time.Parse(time.DateOnly, s.Newest)
	if err != nil {
		return fmt.Sprintf("screening list %s is undated: no download time is known and no entry has a start date", s.Path)
	}
	if t.Sub(now) > 24*time.Hour {
		return fmt.Sprintf("screening list %s may be stale: download time unknown and its newest entry is dated %s, in the future, so it dates nothing (a mistyped start date?)",
			s.Path, s.Newest)
	}
	if age := now.Sub(t); age > newestMax {
		return fmt.Sprintf("screening list %s may be stale: download time unknown and its newest entry is from %s, %s ago (maximum %s)",
			s.Path, s.Newest, ageText(age), ageText(newestMax))
	}
	return ""
}

// ageText writes a duration as an age is read: whole days from three days
// up ("7 days"), else hours, else minutes, so that a maximum age under a
// day (max_age: 12h) is not "0 days", nor 30 hours against 24 "1 day ago
// (maximum age 1 day)".
func ageText(d time.Duration) string {
	n, unit := int(d.Hours()/24), "day"
	switch {
	case d < 2*time.Hour:
		n, unit = int(d.Minutes()), "minute"
	case d < 72*time.Hour:
		n, unit = int(d.Hours()), "hour"
	}
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
