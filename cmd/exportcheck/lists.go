package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
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
}

const metaName = "consolidated.meta.json"

func newListsCmd(e *env) *cobra.Command {
	var cfgPath string
	cmd := &cobra.Command{
		Use:   "lists",
		Short: "Download and inspect the Consolidated Screening List",
		Long: `The Consolidated Screening List (CSL) from trade.gov combines the export screening lists
of the Departments of Commerce, State and the Treasury. ` + "`lists update`" + ` downloads it into a cache
directory; ` + "`check --screening-list cached`" + ` (or ` + "`lists: [cached]`" + ` in .exportcheck.yaml) screens
against it.`,
	}
	cmd.PersistentFlags().StringVar(&cfgPath, "config", "", "configuration file (default: .exportcheck.yaml from the working directory up)")
	var url, dir string
	update := &cobra.Command{
		Use:   "update",
		Short: "Download the Consolidated Screening List into the cache directory",
		Long: `Download the Consolidated Screening List (CSV or JSON, by the URL's extension) into the cache
directory with its download time and SHA-256. The new list replaces the cached one only
once it has been read whole and has entries: a failed download never replaces a good list.`,
		Example: `  exportcheck lists update
  exportcheck lists update --url https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.json`,
		Args: cobra.NoArgs,
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
			m, err := updateList(cmd.Context(), http.DefaultClient, url, dir, time.Now().UTC())
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s: %d entries, newest %s, sha256 %s, downloaded %s\n",
				filepath.Join(dir, m.File), m.Rows, m.Newest, m.SHA256[:12], m.Downloaded)
			return nil
		},
	}
	update.Flags().StringVar(&url, "url", "", "where to download the list from (default: the configuration's screening.url, else trade.gov's CSV)")
	update.Flags().StringVar(&dir, "cache-dir", "", "where to keep it (default: the configuration's screening.cache_dir, else the user cache directory)")
	status := &cobra.Command{
		Use:   "status",
		Short: "Show the cached list: where it came from, when, and whether it is stale",
		Args:  cobra.NoArgs,
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
				l.Snapshot.Path, l.Snapshot.Rows, l.Snapshot.Newest, l.Snapshot.SHA256[:12], m.Downloaded, m.URL)
			if w := staleness(l.Snapshot, m.Downloaded, cfg, time.Now().UTC()); w != "" {
				fmt.Fprintln(e.stdout, w)
			}
			return nil
		},
	}
	status.Flags().StringVar(&dir, "cache-dir", "", "the cache directory (default: the configuration's, else the user cache directory)")
	cmd.AddCommand(update, status)
	return cmd
}

// updateList downloads the list at url into dir: to a temporary file
// first, read whole and checked to have entries, then renamed into place
// with its metadata, so that a failed download leaves the cached list as
// it was.
func updateList(ctx context.Context, client *http.Client, url, dir string, now time.Time) (listMeta, error) {
	file := "consolidated.csv"
	if strings.EqualFold(path.Ext(strings.SplitN(url, "?", 2)[0]), ".json") {
		file = "consolidated.json"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return listMeta{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return listMeta{}, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return listMeta{}, fmt.Errorf("downloading the screening list: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return listMeta{}, fmt.Errorf("downloading the screening list: %s: %s (the cached list is unchanged)", url, resp.Status)
	}
	tmp, err := os.CreateTemp(dir, ".download-*-"+file)
	if err != nil {
		return listMeta{}, err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(tmp, h), resp.Body); err != nil {
		tmp.Close()
		return listMeta{}, fmt.Errorf("downloading the screening list: %w (the cached list is unchanged)", err)
	}
	if err := tmp.Close(); err != nil {
		return listMeta{}, err
	}
	l, err := screening.Load(tmp.Name())
	if err != nil {
		return listMeta{}, fmt.Errorf("the downloaded list cannot be read (the cached list is unchanged): %w", err)
	}
	if len(l.Entries) == 0 {
		return listMeta{}, fmt.Errorf("the downloaded list has no entries (the cached list is unchanged)")
	}
	m := listMeta{URL: url, File: file, Downloaded: now.Format(time.RFC3339), SHA256: hex.EncodeToString(h.Sum(nil)),
		Rows: len(l.Entries), Newest: l.Snapshot.Newest, ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	// The list first, then its metadata: if the process dies between the
	// two, the metadata's hash no longer matches and the download time is
	// treated as unknown (the list's newest entry dates it).
	if err := os.Rename(tmp.Name(), filepath.Join(dir, file)); err != nil {
		return listMeta{}, err
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return listMeta{}, err
	}
	if err := writeFileAtomic(filepath.Join(dir, metaName), append(b, '\n')); err != nil {
		return listMeta{}, err
	}
	return m, nil
}

// writeFileAtomic writes a file through a temporary file in the same
// directory and a rename.
func writeFileAtomic(name string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".tmp-*-"+filepath.Base(name))
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// loadCached reads the cached list and its metadata. A list whose hash
// is not the one recorded at download has no known download time.
func loadCached(dir string) (*screening.List, listMeta, error) {
	var m listMeta
	b, err := os.ReadFile(filepath.Join(dir, metaName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, m, fmt.Errorf("no cached screening list in %s: run `exportcheck lists update` first", dir)
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

// staleness says why a list is stale, or "": downloaded longer ago than
// the configured maximum age, or, when the download time is not known, its
// newest entry older than the newest-entry maximum.
func staleness(s screening.Snapshot, downloaded string, cfg *config, now time.Time) string {
	maxAge, newestMax := time.Duration(cfg.Screening.MaxAge), time.Duration(cfg.Screening.NewestMaxAge)
	if t, err := time.Parse(time.RFC3339, downloaded); err == nil {
		if age := now.Sub(t); age > maxAge {
			return fmt.Sprintf("screening list %s is stale: downloaded %s, %s ago (maximum age %s; run `exportcheck lists update`)",
				s.Path, t.Format(time.DateOnly), days(age), days(maxAge))
		}
		return ""
	}
	t, err := time.Parse(time.DateOnly, s.Newest)
	if err != nil {
		return fmt.Sprintf("screening list %s is undated: no download time is known and no entry has a start date", s.Path)
	}
	if age := now.Sub(t); age > newestMax {
		return fmt.Sprintf("screening list %s may be stale: download time unknown and its newest entry is from %s, %s ago (maximum %s)",
			s.Path, s.Newest, days(age), days(newestMax))
	}
	return ""
}

// days writes a duration in whole days ("7 days").
func days(d time.Duration) string {
	n := int(d.Hours() / 24)
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}
