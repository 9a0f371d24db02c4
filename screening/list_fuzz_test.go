package screening

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fuzzList checks one reader on arbitrary bytes: it never panics, gives a
// list or an error (never both), an error names the file, and reading the
// same bytes again gives the same entries or the same error.
func fuzzList(t *testing.T, read func([]byte) (*List, error), data []byte) {
	l, err := read(data)
	if (l == nil) == (err == nil) {
		t.Fatalf("gave a list %v and error %v: want exactly one", l != nil, err)
	}
	if err != nil && !strings.Contains(err.Error(), "fuzz") {
		t.Errorf("error %q does not name the file", err)
	}
	again, err2 := read(data)
	if (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) {
		t.Fatalf("read again: %v, first %v", err2, err)
	}
	if l != nil {
		if diff := cmp.Diff(l, again); diff != "" {
			t.Errorf("read again, the list differs (-first +again):\n%s", diff)
		}
		if l.Snapshot.Rows != len(l.Entries) {
			t.Errorf("snapshot says %d rows, the list holds %d", l.Snapshot.Rows, len(l.Entries))
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add(excerptCSV)
	f.Add([]byte("_id,source,name\n1,Entity List (EL) - Bureau of Industry and Security,Acme\n"))
	f.Add([]byte("\"unterminated\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzList(t, func(b []byte) (*List, error) { return ReadCSV(bytes.NewReader(b), "fuzz.csv") }, data)
	})
}

func FuzzReadJSON(f *testing.F) {
	b, err := os.ReadFile("testdata/csl.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"results":[{"id":"1","name":"Acme","source":"Entity List (EL) - Bureau of Industry and Security"}]}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzList(t, func(b []byte) (*List, error) { return ReadJSON(bytes.NewReader(b), "fuzz.json") }, data)
	})
}
