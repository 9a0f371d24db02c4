package review

import (
	"iter"

	"github.com/exportcheck/exportcheck/checker"
)

// Recorder compares the lines of a book judged twice as they come and
// keeps the lines whose outcome changed on disk, not in memory: a large
// book can change on hundreds of thousands of lines, each with both sides'
// results. Decision changes and detail changes go to two spools
// ([checker.Spool]) and are read back in that order, each in input order,
// as [Compare] orders them.
type Recorder struct {
	c      Comparison
	spools [2]*checker.Spool // by Kind: each change's two results, before then after
}

// NewRecorder starts a comparison of two sides. With decisionsOnly the
// detail changes are counted but not kept (see [Comparison.DropDetails]).
func NewRecorder(before, after Side, decisionsOnly bool) *Recorder {
	return &Recorder{c: Comparison{Before: before, After: after, DecisionsOnly: decisionsOnly}}
}

// Add compares one line judged twice (see [Diff]) and keeps it when its
// outcome changed.
func (r *Recorder) Add(before, after *checker.Result) error {
	c, ok := Diff(before, after)
	if !ok {
		return nil
	}
	r.c.Summary.add(&c)
	if c.Kind != DecisionChanged && r.c.DecisionsOnly {
		return nil
	}
	sp := r.spools[c.Kind]
	if sp == nil {
		var err error
		if sp, err = checker.NewSpool(); err != nil {
			return err
		}
		r.spools[c.Kind] = sp
	}
	if err := sp.Put(before); err != nil {
		return err
	}
	return sp.Put(after)
}

// AddUnjudged records a line that a side could not judge (before.Err or
// after.Err); the first [MaxUnjudged] are kept.
func (r *Recorder) AddUnjudged(before, after *checker.Result) {
	u, ok := unjudged(before, after)
	if ok && len(r.c.Unjudged) < MaxUnjudged {
		r.c.Unjudged = append(r.c.Unjudged, u)
	}
}

func unjudged(before, after *checker.Result) (Unjudged, bool) {
	switch {
	case before.Err != nil && after.Err != nil:
		return Unjudged{Side: "both", Error: after.Err.Error()}, true
	case before.Err != nil:
		return Unjudged{Side: "before", Error: before.Err.Error()}, true
	case after.Err != nil:
		return Unjudged{Side: "after", Error: after.Err.Error()}, true
	}
	return Unjudged{}, false
}

// Comparison ends the recording: the comparison of lines lines, errors of
// which could not be judged. Its changes are read from the recorder's
// files, so write it before [Recorder.Close].
func (r *Recorder) Comparison(lines, errors int) *Comparison {
	r.c.Summary.Lines, r.c.Summary.Errors = lines, errors
	r.c.Summary.sort()
	r.c.spools = &r.spools
	return &r.c
}

// Close removes the recorder's files.
func (r *Recorder) Close() {
	for _, sp := range r.spools {
		if sp != nil {
			sp.Close()
		}
	}
}

// Listed is the number of changes a comparison lists: the decision
// changes, and the detail changes unless DecisionsOnly.
func (c *Comparison) Listed() int {
	return c.listed(DecisionChanged) + c.listed(DetailChanged)
}

// listed is the number of changes of a kind the comparison lists.
func (c *Comparison) listed(k Kind) int {
	if c.spools == nil {
		n := 0
		for i := range c.Changes {
			if c.Changes[i].Kind == k {
				n++
			}
		}
		return n
	}
	if sp := c.spools[k]; sp != nil && (k == DecisionChanged || !c.DecisionsOnly) {
		return sp.Len() / 2
	}
	return 0
}

// all yields the changes the comparison lists, in order (decision changes
// first). The change it yields is reused for the next one.
func (c *Comparison) all() iter.Seq2[*Change, error] {
	return func(yield func(*Change, error) bool) {
		if c.spools == nil {
			for i := range c.Changes {
				if !yield(&c.Changes[i], nil) {
					return
				}
			}
			return
		}
		for ch, err := range c.ofKind(DecisionChanged) {
			if !yield(ch, err) || err != nil {
				return
			}
		}
		for ch, err := range c.ofKind(DetailChanged) {
			if !yield(ch, err) || err != nil {
				return
			}
		}
	}
}

// ofKind yields the changes of a kind the comparison lists, in input
// order. The change it yields is reused for the next one.
func (c *Comparison) ofKind(k Kind) iter.Seq2[*Change, error] {
	return func(yield func(*Change, error) bool) {
		if c.spools == nil {
			for i := range c.Changes {
				if c.Changes[i].Kind == k && !yield(&c.Changes[i], nil) {
					return
				}
			}
			return
		}
		if c.listed(k) == 0 {
			return
		}
		var before checker.Result
		var ch Change
		odd := false
		for r, err := range c.spools[k].All() {
			if err != nil {
				yield(nil, err)
				return
			}
			if odd = !odd; odd {
				before = *r
				continue
			}
			// What changed is found again rather than kept: the
			// spool holds results.
			ch, _ = Diff(&before, r)
			if !yield(&ch, nil) {
				return
			}
		}
	}
}
