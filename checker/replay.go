package checker

// Replaying a spooled book: with records on, the results of a whole book
// are spooled while quantities are allocated, then read back, given what
// they drew and yielded. Reading and decoding them and applying the plan
// run on a goroutine of their own, a chunk ahead of the caller, so that
// the caller writes one chunk while the next is read (the writer and the
// reader each keep a core busy, where in turns they would share one).

// replayChunk is the number of results read ahead in one chunk.
const replayChunk = 256

// replayAhead is the number of chunks read ahead of the caller.
const replayAhead = 4

// chunk is results read back, and the error that ended the reading (nil:
// none, or not yet).
type chunk struct {
	results []Result
	err     error
}

// replay reads sp back, giving each line of the plan (in input order) what
// it drew, and yields the results in input order until yield says stop;
// it reports whether the caller went on to the end. The goroutine reading
// ahead has stopped when it returns (the spool may be closed).
func (c *Checker) replay(sp *Spool, plan []drawing, joined joiner, yield func(Result, error) bool) bool {
	chunks := make(chan chunk, replayAhead)
	free := make(chan []Result, replayAhead+2) // chunks the caller is done with, to fill again
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		defer close(chunks)
		cur := make([]Result, 0, replayChunk)
		send := func(err error) bool {
			select {
			case chunks <- chunk{results: cur, err: err}:
			case <-stop:
				return false
			}
			select {
			case cur = <-free:
			default:
				cur = make([]Result, 0, replayChunk)
			}
			return true
		}
		i, next := 0, 0 // the plan is in input order
		for r, err := range sp.All() {
			if err != nil {
				send(err)
				return
			}
			if next < len(plan) && plan[next].seq == i {
				c.apply(r, plan[next].out, &plan[next], joined)
				next++
			}
			i++
			if cur = append(cur, *r); len(cur) == replayChunk && !send(nil) {
				return
			}
		}
		if len(cur) > 0 {
			send(nil)
		}
	}()
	defer func() {
		close(stop)
		<-done
	}()
	for ch := range chunks {
		for i := range ch.results {
			if !yield(ch.results[i], nil) {
				return false
			}
		}
		if ch.err != nil {
			yield(Result{}, ch.err)
			return false
		}
		clear(ch.results) // what they point to is the caller's now
		select {
		case free <- ch.results[:0]:
		default:
		}
	}
	return true
}
