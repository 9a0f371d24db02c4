package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
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
// A path that names something other than a regular file (a named pipe,
// /dev/stdout) is written in place: it cannot be replaced by a rename.
type outputFile struct {
	*os.File
	path string // where the output goes
	tmp  string // the temporary file, "" when written in place
	done bool   // committed or discarded
}

// createOutput opens path for an output as outputFile describes.
func createOutput(path string) (*outputFile, error) {
	// A new file is 0666 less the umask, as os.Create makes it (createTemp).
	var mode fs.FileMode
	replacing := false
	target := outputTarget(path) // a symbolic link's target is replaced, not the link
	if fi, err := os.Stat(target); err == nil {
		if !fi.Mode().IsRegular() {
			f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
			if err != nil {
				return nil, err
			}
			return &outputFile{File: f, path: path}, nil
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
	if replacing {
		if err := f.Chmod(mode); err != nil {
			f.Close()
			os.Remove(f.Name())
			return nil, err
		}
	}
	return &outputFile{File: f, path: target, tmp: f.Name()}, nil
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

// commit flushes the output to disk and renames it into place.
func (o *outputFile) commit() error {
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
	if err == nil {
		err = os.Rename(o.tmp, o.path)
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

// commitOutputs commits every output file, in order, after every writer
// has closed.
func commitOutputs(outs []output) error {
	for _, out := range outs {
		if f, ok := out.closer.(*outputFile); ok {
			if err := f.commit(); err != nil {
				return err
			}
		}
	}
	return nil
}
