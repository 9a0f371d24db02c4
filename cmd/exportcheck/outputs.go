package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// generatedAt is the time a run's outputs say they were made: now, or
// SOURCE_DATE_EPOCH (seconds since 1970-01-01 UTC, the reproducible-builds
// convention, https://reproducible-builds.org/specs/source-date-epoch/)
// when it is set, so that the same input gives the same bytes in every
// format, the workbook included. A malformed value is an error.
func generatedAt(getenv func(string) string) (time.Time, error) {
	v := getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return time.Now().UTC(), nil
	}
	sec, err := strconv.ParseInt(v, 10, 64)
	if err != nil || sec < 0 || sec > 253402300799 { // up to 9999-12-31
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q: want whole seconds since 1970-01-01 UTC", v)
	}
	return time.Unix(sec, 0).UTC(), nil
}

// outputFile is an --output file written to a temporary file in the
// directory of its path and renamed into place by commit, once the whole
// run has succeeded: a run that fails, is interrupted or cannot open a later
// output leaves a good earlier file at that path as it was. Close without
// commit removes the temporary file; after commit it does nothing, so it can
// be deferred on every path.
//
// A path that opens something other than a regular file (a named pipe,
// a terminal, /dev/stdout when standard output is a pipe) is written in
// place, as a stream: it cannot be replaced by a rename.
type outputFile struct {
	*os.File
	path string // where the output goes
	tmp  string // the temporary file, "" when written in place
	done bool   // committed or discarded
	// kept are the copies of earlier reports beside path that
	// removeOutputLeftovers left because each may be the only copy.
	kept []keptReport
}

// keptReport is a copy of an earlier report (".NAME.ID.old") that a run
// killed while it replaced reports left beside an output, and when it
// was last written (the earlier report's time, as ls shows it).
type keptReport struct {
	name    string
	written time.Time
}

// warnings say, one for each copy of an earlier report left beside the
// output, where it is and what it is: nothing else tells anyone it is
// there.
func (o *outputFile) warnings() []string {
	var ws []string
	for _, k := range o.kept {
		ws = append(ws, fmt.Sprintf("%s, last written %s, is a copy of an earlier report that a run stopped while replacing reports kept; it may be the only copy: move it away or delete it when it is not needed",
			k.name, k.written.UTC().Format(time.RFC3339)))
	}
	return ws
}

// createOutput opens path for an output as outputFile describes.
func createOutput(path string) (*outputFile, error) {
	// A new file is 0666 less the umask, as os.Create makes it (createTemp).
	var mode fs.FileMode
	replacing := false
	// What the path opens, as the kernel follows it, decides: the links
	// of /dev/stdout lead, as text, to "pipe:[1234]" (no file a rename
	// could replace) when standard output is a pipe, and followed as text
	// below such a path would be a file to create in /proc/self/fd.
	if f, ok := openedOutput(path); ok {
		return &outputFile{File: f, path: path}, nil
	}
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return streamOutput(path)
	}
	target := outputTarget(path) // a symbolic link's target is replaced, not the link
	if fi, err := os.Stat(target); err == nil {
		if !fi.Mode().IsRegular() {
			return streamOutput(path)
		}
		// A file this user may not write is refused, as os.Create
		// refuses it: a rename would replace a report made read-only to
		// keep it (the directory's permission is all a rename asks).
		f, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return nil, err
		}
		f.Close()
		mode, replacing = fi.Mode().Perm(), true // replacing a file keeps its permissions
	}
	kept := removeOutputLeftovers(target, outputsNow())
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	f, err := createTemp(dir, "."+base+".*.tmp")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			// Name the output, not the temporary file's pattern.
			return nil, &fs.PathError{Op: "create", Path: path, Err: pe.Err}
		}
		return nil, err
	}
	// Held until the file is closed: a later run does not take it for a
	// leftover however long this one writes (removeOutputLeftovers).
	tryLockFile(f, false)
	if replacing {
		if err := f.Chmod(mode); err != nil {
			f.Close()
			os.Remove(f.Name())
			return nil, err
		}
	}
	return &outputFile{File: f, path: target, tmp: f.Name(), kept: kept}, nil
}

// streamOutput opens path, which is not a regular file, to write in
// place (no temporary file, nothing to rename).
func streamOutput(path string) (*outputFile, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return nil, err
	}
	return &outputFile{File: f, path: path}, nil
}

// openedOutput is what path names when this process has it open already:
// /dev/stdout, /dev/stderr, /dev/fd/N or /proc/self/fd/N, or a file that is
// standard output or error under its own name (exportcheck check -o
// junit=/dev/stdout > report.txt). It is written in place through a copy
// of that descriptor, sharing its offset: replaced by a rename, the file
// the shell opened would lose what else went to standard output, and
// opened again (truncated, at offset 0) it would be overwritten.
func openedOutput(path string) (*os.File, bool) {
	fd, ok := descriptorPath(filepath.Clean(path))
	if !ok {
		fi, err := os.Stat(path)
		if err != nil || !fi.Mode().IsRegular() {
			return nil, false
		}
		for _, std := range []*os.File{os.Stdout, os.Stderr} {
			if si, err := std.Stat(); err == nil && os.SameFile(fi, si) {
				fd, ok = int(std.Fd()), true
				break
			}
		}
		if !ok {
			return nil, false
		}
	}
	return dupFile(fd, path)
}

// descriptorPath is the descriptor a path of this process's names:
// /dev/stdout (1), /dev/stderr (2), /dev/fd/N, /proc/self/fd/N and
// /proc/PID/fd/N for this process's PID.
func descriptorPath(path string) (int, bool) {
	switch path {
	case "/dev/stdout":
		return 1, true
	case "/dev/stderr":
		return 2, true
	}
	dir, n := filepath.Split(path)
	switch dir {
	case "/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/", "/proc/" + strconv.Itoa(os.Getpid()) + "/fd/":
	default:
		return 0, false
	}
	fd, err := strconv.Atoi(n)
	if err != nil || fd < 0 || strconv.Itoa(fd) != n {
		return 0, false
	}
	return fd, true
}

// removeOutputLeftovers removes what runs killed (SIGKILL, a power cut)
// while writing the output at target left beside it, as far as nothing
// can be lost, so that reports' directories do not fill with them. It
// looks at the names createOutput and keep make for that output alone,
// ".NAME.ID.tmp" and ".NAME.ID.old" with ID a random number in base 36
// (leftoverKind), and only at regular files among them:
//
//   - a temporary file untouched for longer than leftoverAge that no
//     process holds: each run holds a file lock on its own until it
//     closes it (createOutput). Where there are no file locks, none is
//     removed.
//   - a copy of an earlier report kept while the outputs were renamed
//     into place (keep), when it was made longer than leftoverAge ago
//     (its change time; not known outside Linux and macOS: none is removed) and
//     it is a hard link of the file at target, or empty. Any other is the
//     only copy of an earlier report, left for people to look at
//     (docs/formats.md), and returned so that they are told
//     ([outputFile.warnings]); a fresh one is not, as a run writing the
//     same output now may be about to remove it.
//
// Errors are ignored: a leftover that cannot be removed stays as it was.
func removeOutputLeftovers(target string, now time.Time) (kept []keptReport) {
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	for _, ent := range ents {
		kind := leftoverKind(ent.Name(), base)
		if kind == "" || !ent.Type().IsRegular() {
			continue
		}
		name := filepath.Join(dir, ent.Name())
		fi, err := os.Lstat(name)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		switch kind {
		case ".tmp":
			if now.Sub(fi.ModTime()) <= leftoverAge {
				continue
			}
			f, err := os.Open(name)
			if err != nil {
				continue
			}
			if busy, err := tryLockFile(f, true); err == nil && !busy {
				os.Remove(name)
			}
			f.Close()
		case ".old":
			changed, ok := changeTime(fi)
			if !ok || now.Sub(changed) <= leftoverAge {
				continue
			}
			if tf, err := os.Stat(target); err == nil && (os.SameFile(fi, tf) || fi.Size() == 0) {
				os.Remove(name)
				continue
			}
			kept = append(kept, keptReport{name: name, written: fi.ModTime()})
		}
	}
	return kept
}

// leftoverKind is ".tmp" or ".old" when name is one that createOutput
// or keep makes beside an output named base: "." + base + "." + a
// uint64 in base 36 as strconv writes it + ".tmp" or ".old"; else "".
func leftoverKind(name, base string) string {
	rest, ok := strings.CutPrefix(name, "."+base+".")
	if !ok {
		return ""
	}
	for _, kind := range []string{".tmp", ".old"} {
		if id, ok := strings.CutSuffix(rest, kind); ok {
			if n, err := strconv.ParseUint(id, 36, 64); err == nil && strconv.FormatUint(n, 36) == id {
				return kind
			}
		}
	}
	return ""
}

// outputTarget is the file an output at path is written to: path, or,
// when path is a symbolic link, the file it points to, followed link by
// link, whether that file exists yet or not (as os.Create would create
// it). Only the last element is followed: a rename resolves the
// directories above it.
func outputTarget(path string) string {
	p := path
	for range 40 { // the kernel's limit on links followed
		fi, err := os.Lstat(p)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return p
		}
		to, err := os.Readlink(p)
		if err != nil {
			return p
		}
		if !filepath.IsAbs(to) {
			to = filepath.Join(filepath.Dir(p), to)
		}
		p = to
	}
	return p
}

// commit flushes the output to disk and renames it into place, unless
// ctx has ended (Ctrl-C): then it removes the temporary file and returns
// errOutputsInterrupted.
func (o *outputFile) commit(ctx context.Context) error {
	if err := o.finish(); err != nil {
		return err
	}
	if o.tmp == "" {
		return nil
	}
	if ctx.Err() != nil {
		os.Remove(o.tmp)
		return errOutputsInterrupted
	}
	if err := outputRename(o.tmp, o.path); err != nil {
		os.Remove(o.tmp)
		return fmt.Errorf("%s: %w", o.path, err)
	}
	return nil
}

// finish flushes the output to disk and closes it, ready to be renamed
// into place; on an error its temporary file is removed.
func (o *outputFile) finish() error {
	if o.done {
		return fmt.Errorf("%s: already closed", o.path)
	}
	o.done = true
	if o.tmp == "" {
		return o.File.Close()
	}
	err := o.File.Sync() // a full disk shows here, not after the rename
	if cerr := o.File.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(o.tmp)
		return fmt.Errorf("%s: %w", o.path, err)
	}
	return nil
}

// Close discards the output unless it was committed.
func (o *outputFile) Close() error {
	if o.done {
		return nil
	}
	o.done = true
	err := o.File.Close()
	if o.tmp != "" {
		if rerr := os.Remove(o.tmp); err == nil {
			err = rerr
		}
	}
	return err
}

// errOutputsInterrupted is the error of a commit of outputs that a
// signal stopped before it replaced anything.
var errOutputsInterrupted = errors.New("interrupted: no output was replaced")

// errInterrupted is the error of a run stopped by a signal (Ctrl-C,
// SIGTERM) before it committed anything; ledger says whether it was to
// commit its lines to a ledger.
func errInterrupted(ledger bool) error {
	if ledger {
		return errors.New("interrupted: nothing was committed to the ledger and no output was replaced")
	}
	return errOutputsInterrupted
}

// signalPoint is called at the points of a run where a signal may stop
// it or no longer may ("judged": every line judged; "committed": the
// ledger has committed the run); tests replace it to cancel the run
// there, as a Ctrl-C arriving at that moment would.
var signalPoint = func(point string) {}

// outputsNow is time.Now, replaced in tests to make leftovers old.
var outputsNow = time.Now

// outputRename and outputLink are os.Rename and os.Link, replaced in
// tests to make a rename or a link fail.
var (
	outputRename = os.Rename
	outputLink   = os.Link
)

// commitOutputs commits every output file after every writer has closed,
// all or none as far as the file system allows: a set of reports from
// one run beside one from an earlier run would disagree. Every file is
// flushed and closed first (a full disk shows there), then each is
// renamed into place, the file it replaces kept by a hard link in its
// directory (or, where the file system has none, renamed aside) until
// every rename has succeeded. If one fails, the files renamed before it
// are put back (a path that held no file holds none again) and the
// error names the output and says no report was replaced; if putting
// one back fails too, it says which path holds what.
//
// A run interrupted (ctx ended, by Ctrl-C or SIGTERM) before the first
// rename replaces nothing: the temporary files are removed and the error
// is errOutputsInterrupted. Once the renames have begun, they finish.
func commitOutputs(ctx context.Context, outs []output) error {
	var files []*outputFile
	for _, out := range outs {
		if f, ok := out.closer.(*outputFile); ok {
			files = append(files, f)
		}
	}
	for i, f := range files {
		if err := f.finish(); err != nil {
			for _, g := range files[:i] {
				if g.tmp != "" {
					os.Remove(g.tmp)
				}
			}
			for _, g := range files[i+1:] {
				g.Close()
			}
			return fmt.Errorf("%w; no report was replaced", err)
		}
	}
	if ctx.Err() != nil {
		for _, f := range files {
			if f.tmp != "" {
				os.Remove(f.tmp)
			}
		}
		return errOutputsInterrupted
	}
	last := -1 // the last rename: what it replaces needs no keeping
	for i, f := range files {
		if f.tmp != "" {
			last = i
		}
	}
	var placed []replaced
	for i, f := range files {
		if f.tmp == "" {
			continue
		}
		r := replaced{path: f.path}
		var err error
		if i < last {
			err = r.keep()
		}
		if err == nil {
			err = outputRename(f.tmp, f.path)
		}
		if err != nil {
			os.Remove(f.tmp)
			for _, g := range files[i+1:] {
				if g.tmp != "" {
					os.Remove(g.tmp)
				}
			}
			if r.moved { // renamed aside: it goes back first
				placed = append(placed, r)
			} else if r.kept != "" {
				os.Remove(r.kept)
			}
			return fmt.Errorf("%s: cannot put this run's report in place: %w%s", f.path, renameErr(err), putBack(placed))
		}
		r.renamed = true
		placed = append(placed, r)
	}
	var errs []error
	for _, r := range placed {
		if r.kept != "" {
			if err := os.Remove(r.kept); err != nil {
				errs = append(errs, fmt.Errorf("%s: this run's report is in place, but the copy of the earlier one, %s, is left beside it: %w", r.path, r.kept, renameErr(err)))
			}
		}
	}
	return errors.Join(errs...)
}

// replaced is a path an output is renamed onto, and where the file it
// held is kept until every output is in place.
type replaced struct {
	path    string
	kept    string // "" when the path held no file
	moved   bool   // kept by a rename, not a hard link: the path is empty until the output is renamed there
	renamed bool   // the output was renamed onto the path
}

// keep keeps the file at r.path, if there is one, by a hard link beside
// it, or, where the file system has no hard links, by renaming it aside.
// A directory is not kept: the output's rename onto it fails.
func (r *replaced) keep() error {
	fi, err := os.Lstat(r.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if fi.IsDir() {
		return nil
	}
	dir, base := filepath.Split(r.path)
	if dir == "" {
		dir = "."
	}
	pattern := "." + base + ".*.old"
	prefix, suffix, _ := strings.Cut(pattern, "*")
	for try := 0; try < 100; try++ {
		name := filepath.Join(dir, prefix+strconv.FormatUint(rand.Uint64(), 36)+suffix)
		err = outputLink(r.path, name)
		if err == nil {
			r.kept = name
			return nil
		}
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	// No hard link: a name of its own, and the file renamed onto it.
	f, err := createTemp(dir, pattern)
	if err != nil {
		return err
	}
	f.Close()
	if err := outputRename(r.path, f.Name()); err != nil {
		os.Remove(f.Name())
		return err
	}
	r.kept, r.moved = f.Name(), true
	return nil
}

// putBack puts back what the outputs renamed into place had replaced, the
// last first, and says what it did.
func putBack(placed []replaced) string {
	var kept, lost []string
	for i := len(placed) - 1; i >= 0; i-- {
		r := placed[i]
		if r.kept == "" {
			if err := os.Remove(r.path); err != nil {
				lost = append(lost, fmt.Sprintf("%s holds this run's report, where there was none before (%v)", r.path, renameErr(err)))
				continue
			}
		} else if err := outputRename(r.kept, r.path); err != nil {
			what := "nothing"
			if r.renamed {
				what = "this run's report"
			}
			lost = append(lost, fmt.Sprintf("%s holds %s, and the earlier report is at %s (%v)", r.path, what, r.kept, renameErr(err)))
			continue
		}
		kept = append(kept, r.path)
	}
	if len(lost) == 0 {
		return "; no report was replaced"
	}
	msg := "; putting back the earlier reports failed: " + strings.Join(lost, "; ")
	if len(kept) > 0 {
		msg += "; " + strings.Join(kept, ", ") + " put back as it was"
	}
	return msg
}

// renameErr is err without the paths a rename, link or remove names (a
// temporary file the reader never sees).
func renameErr(err error) error {
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
