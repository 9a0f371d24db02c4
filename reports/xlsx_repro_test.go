package reports

import (
	"archive/zip"
	"bytes"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/checker"
)

func xlsxBytes(t testing.TB, run *Run, results []checker.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := New("xlsx", &buf, run)
	if err != nil {
		t.Fatal(err)
	}
	s := NewSummary()
	for i := range results {
		s.Add(&results[i], run.FailOn)
		if err := w.Write(&results[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(s); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestXLSXReproducible: the same results and run time give the same bytes,
// also when the Orders rows span several sheets (excelize keeps them in a map).
func TestXLSXReproducible(t *testing.T) {
	defer func(n int) { xlsxMaxRows = n }(xlsxMaxRows)
	xlsxMaxRows = 4
	results := make([]checker.Result, 20)
	for i := range results {
		results[i] = synthetic(i)
	}
	first := xlsxBytes(t, testRun(nil), results)
	for i := range 5 {
		if got := xlsxBytes(t, testRun(nil), results); !bytes.Equal(first, got) {
			t.Fatalf("run %d: %d bytes differ from the first run's %d", i+2, len(got), len(first))
		}
	}
}

// TestXLSXDates: every date in the workbook's package is the run's time:
// the zip entries' and the document properties'.
func TestXLSXDates(t *testing.T) {
	run := testRun(nil)
	b := xlsxBytes(t, run, []checker.Result{synthetic(0)})
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(run.Generated) {
			t.Errorf("%s: modified %v, want %v", f.Name, f.Modified, run.Generated)
		}
	}
	if names[0] != "[Content_Types].xml" || !slices.IsSorted(names[1:]) {
		t.Errorf("entries not in order: %v", names)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	got := [2]string{props.Created, props.Modified}
	want := [2]string{"2026-11-28T12:00:00Z", "2026-11-28T12:00:00Z"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("created, modified (-want +got):\n%s", d)
	}
}
