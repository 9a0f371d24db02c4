package orders_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/orders"
)

// errNFS is the error a reader fails with part-way through a book.
var errNFS = errors.New("stale NFS file handle")

// failAfter returns the first n bytes of its input, then errNFS: a pipe
// or a network file that breaks part-way through.
type failAfter struct {
	r io.Reader
	n int
}

func (f *failAfter) Read(p []byte) (int, error) {
	if f.n <= 0 {
		// A new error value each call, as a file's *PathError is.
		return 0, fmt.Errorf("read: %w", errNFS)
	}
	if len(p) > f.n {
		p = p[:f.n]
	}
	n, err := f.r.Read(p)
	f.n -= n
	if err == io.EOF {
		return n, fmt.Errorf("read: %w", errNFS)
	}
	return n, err
}

// TestReadErrorNotLost: a read error anywhere in a book, at the end of a
// line as in the middle of one, is reported: a book cut short is never
// read as whole with the lines after the break missing. The books are
// larger than the first 8 KiB looked at whole (sniff), whose read error
// is reported there.
func TestReadErrorNotLost(t *testing.T) {
	const lines = 300
	csv := "id,product,quantity,destination,end_user_hq,date\n" + strings.Repeat("A,H100 SXM5,8,CN,CN,2024-06-01\n", lines)
	var jsonl, yml strings.Builder
	yml.WriteString("orders:\n")
	for range lines {
		jsonl.WriteString(`{"id":"A","product":"H100 SXM5","destination":"CN","date":"2024-06-01"}` + "\n")
		yml.WriteString("  - {id: A, product: H100 SXM5, destination: CN, date: 2024-06-01}\n")
	}
	json := "[" + strings.TrimSuffix(strings.ReplaceAll(jsonl.String(), "\n", ",\n"), ",\n") + "]\n"
	books := []struct{ format, encoding, text string }{
		{"csv", "", csv},
		{"csv", "", strings.ReplaceAll(csv, "\n", "\r\n")},
		{"csv", "", strings.TrimSuffix(csv, "\n")},
		{"csv", "windows-1252", csv},
		{"jsonl", "", jsonl.String()},
		{"json", "", json},
		{"yaml", "", yml.String()},
		{"xlsx", "", xlsxBook(t)},
	}
	for _, b := range books {
		t.Run(b.format, func(t *testing.T) {
			for n := range offsets(b.text) {
				in := &failAfter{strings.NewReader(b.text), n}
				reported := false
				for _, err := range orders.Read("-", orders.Options{Format: b.format, Encoding: b.encoding, Stdin: in}) {
					// An XLSX book's errors keep the text, not the error.
					if err != nil && strings.Contains(err.Error(), errNFS.Error()) {
						reported = true
						// At a line, it says the rest was not read.
						var ie *checker.InputError
						if errors.As(err, &ie) && ie.Line > 0 && errors.Is(err, errNFS) && ie.Hint != "reading stopped here: the lines after it were not read" {
							t.Errorf("%s book cut after %d bytes: %q: want the hint that reading stopped", b.format, n, err)
						}
					}
				}
				if !reported {
					t.Errorf("%s book of %d bytes (%q…): a read error after %d bytes was not reported", b.format, len(b.text), b.text[:min(len(b.text), 20)], n)
				}
			}
		})
	}
}

// offsets are where a book is cut: at every line's end and a byte either
// side of it, and every 97th byte.
func offsets(text string) iter.Seq[int] {
	return func(yield func(int) bool) {
		for n := 0; n <= len(text); n++ {
			end := n > 0 && text[n-1] == '\n'
			near := n > 1 && text[n-2] == '\n' || n < len(text) && text[n] == '\n'
			if (end || near || n%97 == 0 || n == len(text)) && !yield(n) {
				return
			}
		}
	}
}

// xlsxBook is a small workbook of orders.
func xlsxBook(t *testing.T) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{{"id", "product", "destination", "date"}, {"A", "H100 SXM5", "CN", "2024-06-01"}, {"B", "H20", "CN", "2024-06-01"}}
	for i, r := range rows {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}
