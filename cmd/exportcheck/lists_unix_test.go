//go:build unix

package main

import (
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/screening"
)

// TestListsUpdateMode: the cached list, its record and the archive's
// copies are made 0666 less the umask, as the lock file is, not 0600:
// the others sharing the cache directory (a CI runner's group-writable
// cache) or the archive (an audit) read them.
func TestListsUpdateMode(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0o002))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(testList)) }))
	defer srv.Close()
	dir := t.TempDir()
	m, err := updateList(context.Background(), srv.Client(), srv.URL+"/consolidated.csv", dir, filepath.Join(dir, "archive"), time.Now().UTC(), false, screening.Coverage{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]fs.FileMode{}
	for _, name := range []string{"consolidated.csv", metaName, lockName, "archive/" + m.SHA256 + ".csv.gz", "archive/" + m.SHA256 + ".meta.json"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		got[name] = fi.Mode().Perm()
	}
	want := map[string]fs.FileMode{"consolidated.csv": 0o664, metaName: 0o664, lockName: 0o664,
		"archive/" + m.SHA256 + ".csv.gz": 0o664, "archive/" + m.SHA256 + ".meta.json": 0o664}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("modes (-want +got):\n%s", diff)
	}
}
