package checker

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"os"
	"unsafe"
)

// Spool holds results on disk for a run that must see every result before
// it writes the first, and reads them back in the order they were put.
// Check with records spools a book's results while quantities are
// allocated (a line's authorization depends on lines that ship before it,
// wherever they are in the book); diff spools the lines whose outcome
// changed, to write the decision changes first. [NewSpool] makes one,
// [Spool.Put] appends, [Spool.All] reads back, [Spool.Close] removes it.
//
// The encoding is private to one run (nothing outlives it): strings of few
// distinct values (files, products, countries, dates, ECCNs, rule ids,
// citations) and the reasons and screening hits that lines share are
// numbered in tables in memory and written as their numbers; the rest is
// written as is. Results that could not be judged stay in memory (their
// errors are values the writers inspect).
type Spool struct {
	f   *os.File
	w   *bufio.Writer
	r   *bufio.Reader
	buf []byte
	n   int // results written

	strs    map[string]uint32
	strTab  []string
	reasons map[sharedKey]uint32
	rsTab   [][]Reason
	facts   map[sharedKey]uint32
	factTab [][]*ScreeningFact
	errs    []Result // results with Err, in order
	nextErr int
}

// sharedKey identifies a slice by its first element and length: the
// reasons of one decision and the hits of one screened name are one slice
// shared by every line they belong to.
type sharedKey struct {
	p any
	n int
}

// Bounds of the tables: past them values are written as is. Variables so
// that tests can lower them.
var (
	spoolStrings = 1 << 18
	spoolShared  = 1 << 16
)

// NewSpool creates an empty spool in the temporary directory.
func NewSpool() (*Spool, error) {
	f, err := os.CreateTemp("", "exportcheck-spool-*")
	if err != nil {
		return nil, fmt.Errorf("spooling results: %w", err)
	}
	return &Spool{
		f: f, w: bufio.NewWriterSize(f, 1<<20),
		strs: map[string]uint32{}, reasons: map[sharedKey]uint32{}, facts: map[sharedKey]uint32{},
	}, nil
}

// Close removes the spool's file.
func (s *Spool) Close() {
	s.f.Close()
	os.Remove(s.f.Name())
}

func (s *Spool) uint(v uint64) { s.buf = binary.AppendUvarint(s.buf, v) }

// flag writes a boolean: 1 true, 0 false.
func (s *Spool) flag(v bool) {
	if v {
		s.uint(1)
		return
	}
	s.uint(0)
}

// raw writes a string as is.
func (s *Spool) raw(v string) {
	s.uint(uint64(len(v)))
	s.buf = append(s.buf, v...)
}

// str writes a string by its number in the table (0: written as is next).
func (s *Spool) str(v string) {
	if id, ok := s.strs[v]; ok {
		s.uint(uint64(id) + 1)
		return
	}
	if len(s.strTab) < spoolStrings {
		id := uint32(len(s.strTab))
		s.strs[v] = id
		s.strTab = append(s.strTab, v)
		s.uint(uint64(id) + 1)
		return
	}
	s.uint(0)
	s.raw(v)
}

// Put appends a result. It fails once the spool has been read.
func (s *Spool) Put(r *Result) error {
	if s.r != nil {
		return errors.New("spooling results: a result put after reading")
	}
	s.buf = s.buf[:0]
	if r.Err != nil {
		s.errs = append(s.errs, *r)
		s.buf = append(s.buf, 1)
	} else {
		s.buf = append(s.buf, 0)
		o := &r.Order
		s.str(o.File)
		s.uint(uint64(o.Line))
		s.raw(o.ID)
		s.str(o.Product)
		s.raw(o.Quantity)
		s.str(o.Destination)
		s.str(o.EndUser)
		s.str(o.EndUserHQ)
		s.str(o.Date)
		s.str(o.EndUse)
		s.str(o.ShipFrom)
		s.raw(o.EndUserParent)
		s.raw(o.Consignee)
		s.uint(uint64(len(o.Extra)))
		for _, f := range o.Extra {
			s.str(f.Name)
			s.raw(f.Value)
		}
		s.str(r.ProductID)
		s.str(r.Date)
		s.uint(uint64(r.Decision))
		s.str(r.ECCN)
		s.str(r.Regime)
		s.str(r.ReviewPolicy)
		s.str(r.ReviewPolicyText)
		s.str(r.Exception)
		s.putReasons(r.Reasons)
		s.uint(uint64(r.Headline))
		s.putFacts(r.Screening)
		s.putAuthorization(r.Authorization)
	}
	s.n++
	_, err := s.w.Write(s.buf)
	return err
}

// putReasons writes reasons: 0 none, 1 shared (its number next), 2 as is.
func (s *Spool) putReasons(rs []Reason) {
	if len(rs) == 0 {
		s.uint(0)
		return
	}
	k := sharedKey{&rs[0], len(rs)}
	id, ok := s.reasons[k]
	if !ok && len(s.rsTab) < spoolShared {
		id, ok = uint32(len(s.rsTab)), true
		s.reasons[k] = id
		s.rsTab = append(s.rsTab, rs)
	}
	if ok {
		s.uint(1)
		s.uint(uint64(id))
		return
	}
	s.uint(2)
	s.uint(uint64(len(rs)))
	for _, x := range rs {
		s.str(x.Rule)
		s.str(x.Citation)
		s.raw(x.Message)
		s.flag(x.Classification)
	}
}

// putFacts writes screening hits: 0 none, 1 shared (its number next), 2 as
// is (the hits themselves are pointers into the screener's cache, kept in
// memory: their number in the table of single hits).
func (s *Spool) putFacts(fs []*ScreeningFact) {
	if len(fs) == 0 {
		s.uint(0)
		return
	}
	k := sharedKey{&fs[0], len(fs)}
	id, ok := s.facts[k]
	if !ok {
		id = uint32(len(s.factTab))
		if len(s.factTab) < spoolShared {
			s.facts[k] = id
		}
		s.factTab = append(s.factTab, fs)
	}
	s.uint(1)
	s.uint(uint64(id))
}

// putAuthorization writes an authorization: 0 none, 1 its fields next.
func (s *Spool) putAuthorization(a *Authorization) {
	if a == nil {
		s.uint(0)
		return
	}
	s.uint(1)
	s.str(a.Kind)
	s.str(a.Number)
	s.str(a.Limit)
	s.buf = binary.AppendVarint(s.buf, a.Drawn)
	if a.RemainingAfter == nil {
		s.uint(0)
	} else {
		s.uint(1)
		s.float(*a.RemainingAfter)
	}
	s.str(a.Expires)
	s.str(a.File)
	s.uint(uint64(a.Line))
	s.uint(uint64(len(a.Draws)))
	for _, d := range a.Draws {
		s.str(d.Limit)
		s.float(d.Amount)
		s.float(d.Left)
	}
}

func (s *Spool) float(v float64) {
	s.buf = binary.LittleEndian.AppendUint64(s.buf, math.Float64bits(v))
}

// Len is the number of results put.
func (s *Spool) Len() int { return s.n }

// All reads the results back in the order they were put, into one Result
// it reuses (copy what must outlive the next). The first call ends
// writing; a later call reads them all again.
func (s *Spool) All() iter.Seq2[*Result, error] {
	return func(yield func(*Result, error) bool) {
		if err := s.rewind(); err != nil {
			yield(nil, err)
			return
		}
		var r Result
		for range s.n {
			if err := s.get(&r); err != nil {
				yield(nil, err)
				return
			}
			if !yield(&r, nil) {
				return
			}
		}
	}
}

// rewind ends writing, if it has not ended, and starts reading from the
// first result.
func (s *Spool) rewind() error {
	if s.r == nil {
		if err := s.w.Flush(); err != nil {
			return fmt.Errorf("spooling results: %w", err)
		}
		s.reasons, s.facts, s.strs = nil, nil, nil // writing is over
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("spooling results: %w", err)
	}
	if s.r == nil {
		s.r = bufio.NewReaderSize(s.f, 1<<20)
	} else {
		s.r.Reset(s.f)
	}
	s.nextErr = 0
	return nil
}

// get reads the next result.
func (s *Spool) get(r *Result) error {
	kind, err := s.r.ReadByte()
	if err != nil {
		return s.fail(err)
	}
	if kind == 1 {
		*r = s.errs[s.nextErr]
		s.nextErr++
		return nil
	}
	d := spoolReader{s: s}
	o := &r.Order
	o.File = d.str()
	o.Line = int(d.uint())
	o.ID = d.raw()
	o.Product = d.str()
	o.Quantity = d.raw()
	o.Destination = d.str()
	o.EndUser = d.str()
	o.EndUserHQ = d.str()
	o.Date = d.str()
	o.EndUse = d.str()
	o.ShipFrom = d.str()
	o.EndUserParent = d.raw()
	o.Consignee = d.raw()
	o.Extra = nil
	if n := d.uint(); n > 0 && d.err == nil {
		o.Extra = make([]Field, n)
		for i := range o.Extra {
			o.Extra[i] = Field{Name: d.str(), Value: d.raw()}
		}
	}
	r.ProductID = d.str()
	r.Date = d.str()
	r.Decision = Decision(d.uint())
	r.ECCN = d.str()
	r.Regime = d.str()
	r.ReviewPolicy = d.str()
	r.ReviewPolicyText = d.str()
	r.Exception = d.str()
	r.Reasons = nil
	switch d.uint() {
	case 1:
		r.Reasons = s.rsTab[d.uint()]
	case 2:
		n := d.uint()
		if d.err == nil {
			r.Reasons = make([]Reason, n)
			for i := range r.Reasons {
				r.Reasons[i] = Reason{Rule: d.str(), Citation: d.str(), Message: d.raw(), Classification: d.uint() == 1}
			}
		}
	}
	r.Headline = int(d.uint())
	r.Screening = nil
	if d.uint() == 1 {
		r.Screening = s.factTab[d.uint()]
	}
	r.Authorization, r.Err = d.authorization(), nil
	if d.err != nil {
		return s.fail(d.err)
	}
	return nil
}

func (s *Spool) fail(err error) error {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("reading the spooled results: %w", err)
}

// spoolReader decodes one result, keeping the first error.
type spoolReader struct {
	s   *Spool
	err error
}

func (d *spoolReader) uint() uint64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(d.s.r)
	d.err = err
	return v
}

func (d *spoolReader) int() int64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadVarint(d.s.r)
	d.err = err
	return v
}

func (d *spoolReader) float() float64 {
	var b [8]byte
	if d.err != nil {
		return 0
	}
	if _, err := io.ReadFull(d.s.r, b[:]); err != nil {
		d.err = err
		return 0
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(b[:]))
}

// authorization reads what putAuthorization wrote.
func (d *spoolReader) authorization() *Authorization {
	if d.uint() != 1 || d.err != nil {
		return nil
	}
	a := &Authorization{Kind: d.str(), Number: d.str(), Limit: d.str(), Drawn: d.int()}
	if d.uint() == 1 {
		v := d.float()
		a.RemainingAfter = &v
	}
	a.Expires, a.File, a.Line = d.str(), d.str(), int(d.uint())
	if n := d.uint(); n > 0 && d.err == nil {
		a.Draws = make([]Draw, n)
		for i := range a.Draws {
			a.Draws[i] = Draw{Limit: d.str(), Amount: d.float(), Left: d.float()}
		}
	}
	return a
}

func (d *spoolReader) raw() string {
	n := d.uint()
	if d.err != nil || n == 0 {
		return ""
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(d.s.r, b); err != nil {
		d.err = err
		return ""
	}
	return unsafe.String(&b[0], len(b)) // b is not written again
}

func (d *spoolReader) str() string {
	id := d.uint()
	if d.err != nil {
		return ""
	}
	if id == 0 {
		return d.raw()
	}
	if int(id-1) >= len(d.s.strTab) {
		d.err = errors.New("bad string number")
		return ""
	}
	return d.s.strTab[id-1]
}
