package checker_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/exportcheck/exportcheck/checker"
)

// TestCheckCutShortEndsInError: a book whose reading breaks (a read error)
// or whose check is cancelled while it is read never ends as if it were
// whole: the sequence ends with the error, after no more lines than were
// read. A book of fewer lines than a batch and one of several batches; a
// cancelled check whose reader drops the lines it holds ends the queue as
// at the end of the book, which happens on some runs only, hence rounds.
func TestCheckCutShortEndsInError(t *testing.T) {
	c, err := checker.New(context.Background(), checker.Options{BatchSize: 8, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	broken := errors.New("stale NFS file handle")
	for _, n := range []int{3, 50} {
		orders := book(n, 7)
		for _, cancelled := range []bool{false, true} {
			name := fmt.Sprintf("%d lines, read error", n)
			if cancelled {
				name = fmt.Sprintf("%d lines, cancelled", n)
			}
			t.Run(name, func(t *testing.T) {
				for round := range 40 {
					ctx, cancel := context.WithCancel(context.Background())
					seq := func(yield func(checker.Order, error) bool) {
						for _, o := range orders {
							if !yield(o, nil) {
								return
							}
						}
						if cancelled {
							cancel() // an interrupt: the reader returns as at the end
							return
						}
						yield(checker.Order{}, broken)
					}
					lines, last := 0, error(nil)
					for _, err := range c.Check(ctx, seq) {
						if err != nil {
							last = err
							continue
						}
						if last != nil {
							t.Fatalf("round %d: a line after the error %v", round, last)
						}
						lines++
					}
					cancel()
					switch {
					case cancelled && !errors.Is(last, context.Canceled):
						t.Fatalf("round %d: %d of %d lines then error %v, want %v", round, lines, n, last, context.Canceled)
					case !cancelled && (!errors.Is(last, broken) || lines != n):
						t.Fatalf("round %d: %d of %d lines then error %v, want all %[3]d then %v", round, lines, n, last, broken)
					}
				}
			})
		}
	}
}

// TestCheckLinesCancelled: lines already read, checked under a cancelled
// context, end in its error, in one batch or several.
func TestCheckLinesCancelled(t *testing.T) {
	c, err := checker.New(context.Background(), checker.Options{BatchSize: 8, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{3, 50} {
		var lines []checker.Result
		for _, o := range book(n, 7) {
			lines = append(lines, checker.Result{Order: o})
		}
		for round := range 40 {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var last error
			for _, err := range c.CheckLines(ctx, lines) {
				if err != nil {
					last = err
				}
			}
			if !errors.Is(last, context.Canceled) {
				t.Fatalf("%d lines, round %d: error %v, want %v", n, round, last, context.Canceled)
			}
		}
	}
}
