package serve_test

import (
	"context"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/records"
)

// TestDeskSpellings: two spellings of one party ("Atlas Sanatgar Trading"
// and "Atlas Sanatgar Trading (Yerevan)") cleared against the same entry
// on the same day are two records: the desk names each by the name as
// spelt, and each downloads under the file name `exportcheck clear`
// gives that spelling and day (clear_files.txtar), so that saved side by
// side in one directory neither replaces the other.
func TestDeskSpellings(t *testing.T) {
	srv, tok, _ := deskServerLedger(t)
	commit(t, srv, tok, `{"orders": [{"id": "YER-1", "product": "nvidia-rtx-4060", "quantity": 2, "destination": "AE", "end_user": "Atlas Sanatgar Trading (Yerevan)", "end_user_hq": "AE", "date": "`+shipDay+`"}]}`)
	b := signedIn(t, srv, tok)
	today := time.Now().UTC().Format(time.DateOnly)
	humanToday := time.Now().UTC().Format("2 Jan 2006")

	// What the desk shows of each clearance, and the file it downloads as.
	type shown struct {
		Kept, Download, History, Page, PageLink, File string
	}
	var got []shown
	dir := t.TempDir()
	for _, id := range []string{"REV-1", "YER-1"} {
		seq, line := b.openLine("/desk/", id)
		csrf := regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`).FindStringSubmatch(line)
		entry := regexp.MustCompile(`<option value="(1b5979e8fd39[0-9a-f]+)">UVL Atlas Sanatgaran`).FindStringSubmatch(line)
		if csrf == nil || entry == nil {
			t.Fatalf("no clearance form for the UVL candidate on %s's page:\n%s", id, line)
		}
		resp, _ := b.do("POST", "/desk/lines/"+seq+"/clearance", url.Values{"csrf": {csrf[1]}, "entry": {entry[1]}, "outcome": {"false_positive"},
			"reason": {"Registered in Dubai."}, "expires": {time.Now().UTC().AddDate(0, 3, 0).Format(time.DateOnly)}}, nil)
		loc := regexp.MustCompile(`^/desk/lines/(\d+)\?kept=(\d+)$`).FindStringSubmatch(resp.Header.Get("Location"))
		if resp.StatusCode != http.StatusSeeOther || loc == nil {
			t.Fatalf("clearing %s: %d to %q", id, resp.StatusCode, resp.Header.Get("Location"))
		}
		_, page := b.do("GET", loc[0], nil, nil)
		var s shown
		if m := regexp.MustCompile(`<p>Your (.*) is kept in the ledger`).FindStringSubmatch(page); m != nil {
			s.Kept = m[1]
		}
		if m := regexp.MustCompile(`<p>(<a href="/desk/records/` + loc[2] + `".*)</p>`).FindStringSubmatch(page); m != nil {
			s.Download = m[1]
		}
		if m := regexp.MustCompile(`<td>clearance</td><td>([^<]*)</td>`).FindStringSubmatch(page); m != nil {
			s.History = m[1]
		}
		// The clearance's own log row.
		_, rec := b.do("GET", "/desk/lines/"+loc[2], nil, nil)
		if m := regexp.MustCompile(`<p role="alert">(A reviewer|reviewer) recorded ([^<]*?) on \d`).FindStringSubmatch(rec); m != nil {
			s.Page = m[2]
		}
		if m := regexp.MustCompile(`<a href="/desk/records/` + loc[2] + `">([^<]*)</a>`).FindStringSubmatch(rec); m != nil {
			s.PageLink = m[1]
		}
		resp, yml := b.do("GET", "/desk/records/"+loc[2], nil, nil)
		_, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
		if resp.StatusCode != http.StatusOK || err != nil {
			t.Fatalf("downloading %s's clearance: %d, Content-Disposition %q (%v)", id, resp.StatusCode, resp.Header.Get("Content-Disposition"), err)
		}
		s.File = params["filename"]
		// Saved as a browser saves it: under its name, replacing a file
		// of that name.
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(s.File)), []byte(yml), 0o644); err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	want := []shown{{
		Kept:     "false positive clearance of Atlas Sanatgar Trading against UVL entry Atlas Sanatgaran",
		Download: `<a href="/desk/records/%s" download>Download the clearance record</a> to keep it in git as well, as <code>records/clearances/atlas-sanatgar-trading-1b5979e8fd39-97ed6567-` + today + `.yaml</code>.`,
		History:  "cleared entry Atlas Sanatgaran for Atlas Sanatgar Trading as false positive, adjudicated on " + humanToday,
		Page:     "cleared entry Atlas Sanatgaran for Atlas Sanatgar Trading as false positive",
		PageLink: "Download the clearance record (atlas-sanatgar-trading-1b5979e8fd39-97ed6567-" + today + ".yaml)",
		File:     "atlas-sanatgar-trading-1b5979e8fd39-97ed6567-" + today + ".yaml",
	}, {
		Kept:     "false positive clearance of Atlas Sanatgar Trading (Yerevan) against UVL entry Atlas Sanatgaran",
		Download: `<a href="/desk/records/%s" download>Download the clearance record</a> to keep it in git as well, as <code>records/clearances/atlas-sanatgar-trading-1b5979e8fd39-9b90c100-` + today + `.yaml</code>.`,
		History:  "cleared entry Atlas Sanatgaran for Atlas Sanatgar Trading (Yerevan) as false positive, adjudicated on " + humanToday,
		Page:     "cleared entry Atlas Sanatgaran for Atlas Sanatgar Trading (Yerevan) as false positive",
		PageLink: "Download the clearance record (atlas-sanatgar-trading-1b5979e8fd39-9b90c100-" + today + ".yaml)",
		File:     "atlas-sanatgar-trading-1b5979e8fd39-9b90c100-" + today + ".yaml",
	}}
	// The log rows differ from run to run of the test only by number.
	seqs := regexp.MustCompile(`/desk/records/\d+"`)
	for i := range got {
		got[i].Download = seqs.ReplaceAllString(got[i].Download, `/desk/records/%s"`)
	}
	if d := gocmp.Diff(want, got); d != "" {
		t.Errorf("the two spellings' clearances at the desk (-want +got):\n%s", d)
	}
	// The names are the records package's, as `clear` writes them.
	for i, endUser := range []string{"Atlas Sanatgar Trading", "Atlas Sanatgar Trading (Yerevan)"} {
		c := records.Clearance{EndUser: endUser, Entry: "1b5979e8fd3920a1a0985bf5088dad930a6a5562d1513f9e4b015e42", At: today}
		if got[i].File != c.SpeltDatedFileName() {
			t.Errorf("%s's clearance downloads as %s, not as clear names it (%s)", endUser, got[i].File, c.SpeltDatedFileName())
		}
	}
	// Saved side by side, both load: neither replaced the other.
	set, err := records.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range set.Clearances {
		names = append(names, c.EndUser)
	}
	if d := gocmp.Diff([]string{"Atlas Sanatgar Trading", "Atlas Sanatgar Trading (Yerevan)"}, names); d != "" {
		t.Errorf("the downloads saved in one directory (-want +got):\n%s", d)
	}
}

// TestDeskRecordNameBefore: a clearance the ledger kept before the desk
// named them by spelling (by the day only, as two spellings of one name
// were alike) downloads under its spelling's name too.
func TestDeskRecordNameBefore(t *testing.T) {
	srv, tok, l := deskServerLedger(t)
	clearREV1(t, srv, tok)
	kept, err := l.Kept(context.Background())
	if err != nil || len(kept) != 1 {
		t.Fatalf("kept %d records (%v), want the clearance", len(kept), err)
	}
	today := time.Now().UTC().Format(time.DateOnly)
	if _, err := l.DB().Exec("UPDATE decisions SET file = ? WHERE seq = ?", "atlas-sanatgar-trading-1b5979e8fd39-"+today+".yaml", kept[0].Seq); err != nil {
		t.Fatal(err)
	}
	seq := strconv.FormatInt(kept[0].Seq, 10)
	b := signedIn(t, srv, tok)
	resp, _ := b.do("GET", "/desk/records/"+seq, nil, nil)
	_, rec := b.do("GET", "/desk/lines/"+seq, nil, nil)
	link := regexp.MustCompile(`<a href="/desk/records/` + seq + `">([^<]*)</a>`).FindStringSubmatch(rec)
	if link == nil {
		t.Fatalf("no download on the clearance's page:\n%s", rec)
	}
	name := "atlas-sanatgar-trading-1b5979e8fd39-97ed6567-" + today + ".yaml"
	if d := gocmp.Diff([]string{`attachment; filename="` + name + `"`, "Download the clearance record (" + name + ")"},
		[]string{resp.Header.Get("Content-Disposition"), link[1]}); d != "" {
		t.Errorf("a clearance kept before (-want +got):\n%s", d)
	}
}
