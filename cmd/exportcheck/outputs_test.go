package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/ledger"
)

// cancelReader returns its text, then cancels the run and blocks further
// reads until the run gives up: an interrupt in the middle of a book.
type cancelReader struct {
	r      io.Reader
	cancel context.CancelFunc
	ctx    context.Context
}

func (c *cancelReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err == io.EOF {
		c.cancel()
		<-c.ctx.Done()
		return 0, c.ctx.Err()
	}
	return n, err
}

// TestCheckOutputsInterrupted: a run cancelled in the middle leaves the
// outputs of an earlier run as they were, and no temporary files.
func TestCheckOutputsInterrupted(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", t.TempDir()) // excelize's spill files
	book := "id,product,quantity,destination,end_user_hq,date\n" + strings.Repeat("A,H100 SXM5,8,CN,CN,2024-06-01\n", 3000)
	args := func(in string) []string {
		return []string{"check", "--progress=false", "--screening-list", "none", in,
			"-o", "json=" + filepath.Join(dir, "x.json"), "-o", "xlsx=" + filepath.Join(dir, "x.xlsx")}
	}
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte(book), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	if code := run(context.Background(), args(in), nil, io.Discard, &stderr); code != exitFailed {
		t.Fatalf("good run: exit %d, want %d: %s", code, exitFailed, &stderr)
	}
	os.Remove(in)
	want := readDir(t, dir)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdin := &cancelReader{r: strings.NewReader(book), cancel: cancel, ctx: ctx}
	stderr.Reset()
	if code := run(ctx, args("-"), stdin, io.Discard, &stderr); code == exitOK || code == exitFailed {
		t.Fatalf("cancelled run: exit %d, want an error: %s", code, &stderr)
	}
	if got := readDir(t, dir); !cmp.Equal(want, got) {
		t.Errorf("after a cancelled run (-before +after):\n%s", cmp.Diff(want, got))
	}
	if got := readDir(t, os.Getenv("TMPDIR")); len(got) > 0 {
		t.Errorf("temporary files left: %v", got)
	}
}

// brokenReader returns the first n bytes of its text, then an error: a
// pipe or a network file that breaks part-way through a book.
type brokenReader struct {
	r *strings.Reader
	n int
}

func (b *brokenReader) Read(p []byte) (int, error) {
	if b.n <= 0 {
		return 0, errors.New("stale NFS file handle")
	}
	n, _ := b.r.Read(p[:min(len(p), b.n)])
	b.n -= n
	return n, nil
}

// TestCheckReadErrorFails: a book whose reading breaks at the end of a
// line, in one batch or after several, is not judged as whole: the run
// names the error and the line it stopped at, says the rest was not read,
// and exits 2.
func TestCheckReadErrorFails(t *testing.T) {
	const row = "A,H100 SXM5,8,CN,CN,2024-06-01\n"
	for _, lines := range []int{300, 3000} {
		book := "id,product,quantity,destination,end_user_hq,date\n" + strings.Repeat(row, lines)
		read := len(book) - 10*len(row) // the last ten lines are not read
		var stderr bytes.Buffer
		stdin := &brokenReader{r: strings.NewReader(book), n: read}
		code := run(context.Background(), []string{"check", "--progress=false", "--screening-list", "none", "-"}, stdin, io.Discard, &stderr)
		want := fmt.Sprintf("standard input line %d: stale NFS file handle (reading stopped here: the lines after it were not read)", lines-10+2)
		if code != exitUsage || !strings.Contains(stderr.String(), want) {
			t.Errorf("%d lines, the last ten not read: exit %d, want %d with %q: %s", lines, code, exitUsage, want, &stderr)
		}
	}
}

// readDir returns every file in dir with its size and SHA-256.
func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	return filesIn(t, dir, func(b []byte) string { return fmt.Sprintf("%d bytes, sha256 %x", len(b), sha256.Sum256(b)) })
}

// filesIn returns every file in dir as show writes its content.
func filesIn(t *testing.T, dir string, show func([]byte) string) map[string]string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = show(b)
	}
	return m
}

// TestWriteToKeepsFileOnError: a diff, matrix or doc whose writing fails
// half-way leaves the report an earlier run wrote as it was, and no
// temporary file; one that succeeds replaces it.
func TestWriteToKeepsFileOnError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "matrix.md")
	if err := os.WriteFile(path, []byte("the good report\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := fmt.Errorf("disk full")
	err := writeTo(context.Background(), io.Discard, io.Discard, path, func(w io.Writer) error {
		io.WriteString(w, "half a rep")
		return boom
	})
	if want := path + ": disk full"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
	want := map[string]string{"matrix.md": "the good report\n"}
	if got := readText(t, dir); !cmp.Equal(want, got) {
		t.Errorf("after a failed write (-want +got):\n%s", cmp.Diff(want, got))
	}
	if err := writeTo(context.Background(), io.Discard, io.Discard, path, func(w io.Writer) error {
		_, err := io.WriteString(w, "the new report\n")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	want = map[string]string{"matrix.md": "the new report\n"}
	if got := readText(t, dir); !cmp.Equal(want, got) {
		t.Errorf("after a good write (-want +got):\n%s", cmp.Diff(want, got))
	}
}

// readText returns every file in dir with its content.
func readText(t *testing.T, dir string) map[string]string {
	t.Helper()
	return filesIn(t, dir, func(b []byte) string { return string(b) })
}

// TestInterruptedAfterJudging: a signal that arrives after every line has
// been judged, before anything is committed, stops the run: the ledger
// holds no run, no output is replaced and no temporary file is left. One
// that arrives after the ledger has committed the run no longer stops it:
// the committed run's reports are written, and standard error says so.
func TestInterruptedAfterJudging(t *testing.T) {
	const earlier = "the earlier run's report\n"
	for _, tc := range []struct {
		name     string
		cmd      []string // the command and its flags, before the outputs and the book
		ledger   bool     // with --ledger --commit
		at       string   // the signalPoint the signal arrives at
		code     int      // the exit code; exitOK or exitFailed: the run's
		stderr   string   // what standard error holds
		replaced bool     // the outputs are this run's
		runs     int      // runs the ledger holds
		lines    int      // decisions the ledger holds
	}{
		{name: "check", cmd: []string{"check", "--progress=false", "--screening-list", "demo"}, at: "judged",
			code: exitUsage, stderr: "exportcheck: interrupted: no output was replaced\n"},
		{name: "check --commit", cmd: []string{"check", "--progress=false", "--screening-list", "demo"}, ledger: true, at: "judged",
			code: exitUsage, stderr: "exportcheck: interrupted: nothing was committed to the ledger and no output was replaced\n"},
		{name: "check --commit, signal after the commit", cmd: []string{"check", "--progress=false", "--screening-list", "demo"}, ledger: true, at: "committed",
			code: exitFailed, stderr: "its reports were written all the same\n", replaced: true, runs: 1, lines: 14},
		{name: "diff", cmd: []string{"diff", "--screening-list", "demo", "--before", "2023-11-16", "--after", "2023-11-17"}, at: "judged",
			code: exitUsage, stderr: "exportcheck: interrupted: no output was replaced\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Setenv("TMPDIR", t.TempDir()) // excelize's spill files
			outputs := []string{"x.json", "x.xlsx"}
			if tc.cmd[0] == "diff" {
				outputs = []string{"impact.md"}
			}
			args := slices.Clone(tc.cmd)
			for _, o := range outputs {
				if err := os.WriteFile(filepath.Join(dir, o), []byte(earlier), 0o644); err != nil {
					t.Fatal(err)
				}
				args = append(args, "-o", filepath.Join(dir, o))
			}
			dsn := "sqlite:" + filepath.Join(t.TempDir(), "ledger.db")
			if tc.ledger {
				args = append(args, "--ledger", dsn, "--commit")
			}
			args = append(args, "../../examples/orders.csv")
			before := readDir(t, dir)

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			points := []string{}
			old := signalPoint
			t.Cleanup(func() { signalPoint = old })
			signalPoint = func(point string) {
				points = append(points, point)
				if point == tc.at {
					cancel() // as signal.NotifyContext does on SIGINT
				}
			}
			var stderr bytes.Buffer
			code := run(ctx, args, nil, io.Discard, &stderr)
			if code != tc.code || !strings.HasSuffix(stderr.String(), tc.stderr) {
				t.Errorf("signal at %q (points passed %q): exit %d, want %d, and standard error ending %q:\n%s", tc.at, points, code, tc.code, tc.stderr, &stderr)
			}
			got := readDir(t, dir)
			if !tc.replaced {
				if !cmp.Equal(before, got) {
					t.Errorf("outputs after an interrupted run (-before +after):\n%s", cmp.Diff(before, got))
				}
			} else {
				for _, o := range outputs {
					if got[o] == before[o] {
						t.Errorf("%s is the earlier run's, not the committed run's", o)
					}
				}
				if len(got) != len(outputs) {
					t.Errorf("files beside the outputs: %q", slices.Collect(maps.Keys(got)))
				}
			}
			if left := readDir(t, os.Getenv("TMPDIR")); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
			if tc.ledger {
				l, err := ledger.Open(context.Background(), dsn, false)
				if err != nil {
					t.Fatal(err)
				}
				defer l.Close()
				var runs, lines int
				if err := l.DB().QueryRow("SELECT (SELECT COUNT(*) FROM runs), (SELECT COUNT(*) FROM decisions)").Scan(&runs, &lines); err != nil {
					t.Fatal(err)
				}
				if runs != tc.runs || lines != tc.lines {
					t.Errorf("the ledger holds %d run(s) and %d decision(s), want %d and %d", runs, lines, tc.runs, tc.lines)
				}
			}
		})
	}
}

// TestCommitOutputsInterrupted: outputs whose commit starts after the run
// was interrupted replace nothing, and their temporary files are removed.
func TestCommitOutputsInterrupted(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	if err := os.WriteFile(a, []byte("earlier a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var outs []output
	for _, p := range []string{a, b} {
		f, err := createOutput(p)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(f, "this run's\n")
		outs = append(outs, output{closer: f, path: p})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := commitOutputs(ctx, outs); !errors.Is(err, errOutputsInterrupted) {
		t.Errorf("commit after an interrupt: %v, want %v", err, errOutputsInterrupted)
	}
	want := map[string]string{"a.json": "earlier a\n"}
	if got := readText(t, dir); !cmp.Equal(want, got) {
		t.Errorf("after an interrupted commit (-want +got):\n%s", cmp.Diff(want, got))
	}
}
