package reports

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
)

// spill holds what a format must keep until the end of the run (to align a
// table, or to write counts ahead of the lines): in memory up to spillAt
// bytes and past that in a temporary file, so that a large book costs
// disk, not memory. The first write error is kept: every later write and reader return
// it.
type spill struct {
	what string // for errors: "the text table's rows"
	size int64  // bytes written
	mem  bytes.Buffer
	f    *os.File
	fw   *bufio.Writer
	err  error
}

// spillAt is how many bytes a spill keeps in memory. A variable so that
// tests can lower it.
var spillAt = 8 << 20

func (s *spill) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	s.size += int64(len(p))
	if s.fw != nil {
		n, err := s.fw.Write(p)
		s.fail(err)
		return n, s.err
	}
	s.mem.Write(p)
	s.grown()
	return len(p), s.err
}

func (s *spill) WriteString(p string) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	s.size += int64(len(p))
	if s.fw != nil {
		n, err := s.fw.WriteString(p)
		s.fail(err)
		return n, s.err
	}
	s.mem.WriteString(p)
	s.grown()
	return len(p), s.err
}

func (s *spill) WriteByte(c byte) error {
	_, err := s.Write([]byte{c})
	return err
}

func (s *spill) fail(err error) {
	if err != nil && s.err == nil {
		s.err = fmt.Errorf("keeping %s in %s: %w", s.what, s.f.Name(), err)
	}
}

// grown moves what is in memory to a temporary file once it passes
// spillAt.
func (s *spill) grown() {
	if s.mem.Len() <= spillAt {
		return
	}
	f, err := os.CreateTemp("", "exportcheck-spill-*")
	if err != nil {
		s.err = fmt.Errorf("keeping %s: %w", s.what, err)
		return
	}
	s.f, s.fw = f, bufio.NewWriterSize(f, 1<<16)
	_, err = s.mem.WriteTo(s.fw)
	s.fail(err)
	s.mem = bytes.Buffer{}
}

// reader reads back everything written, from the start.
func (s *spill) reader() (*bufio.Reader, error) {
	if s.err != nil {
		return nil, s.err
	}
	if s.fw == nil {
		return bufio.NewReader(&s.mem), nil
	}
	s.fail(s.fw.Flush())
	if s.err != nil {
		return nil, s.err
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("reading back %s: %w", s.what, err)
	}
	return bufio.NewReaderSize(s.f, 1<<16), nil
}

// discard removes the temporary file, if there is one.
func (s *spill) discard() {
	if s.f != nil {
		s.f.Close()
		os.Remove(s.f.Name())
		s.f, s.fw = nil, nil
	}
	s.mem = bytes.Buffer{}
}
