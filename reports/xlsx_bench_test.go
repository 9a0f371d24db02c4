package reports

import (
	"io"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/checker"
)

// The xlsx writer on synthetic results (no policies run), against
// excelize's bare StreamWriter writing rows of 12 plain cells. Run the large
// case alone to watch its peak memory:
//
//	/usr/bin/time -v go test -run '^$' -bench 'XLSX/1000000' -benchtime 1x -benchmem ./reports/
var benchSizes = []int{100_000, 1_000_000}

// benchResults yields n varied results, built on the fly so that the
// benchmark's memory is the writer's.
func benchResults(n int, yield func(*checker.Result) error) error {
	products := []string{"nvidia-h100-sxm5", "nvidia-h20", "nvidia-a100-sxm4-80gb", "nvidia-rtx-4090"}
	dests := []string{"CN", "DE", "JP", "SG", "IL", "AE"}
	r := synthetic(0)
	var failed checker.Result
	failed.Err = &checker.InputError{File: "orders.csv", Line: 1, Field: "date", Err: checker.ErrBadDate, Hint: "want YYYY-MM-DD"}
	for i := range n {
		res := &r
		if i%1000 == 999 {
			failed.Order = r.Order
			res = &failed
		}
		r.Order.Line = i + 2
		r.Order.ID = "SO-" + strconv.Itoa(100000+i)
		r.ProductID = products[i%len(products)]
		r.Order.Destination = dests[i%len(dests)]
		r.Decision = checker.Decision(i % 5)
		r.Order.Extra[0].Value = "PO-" + strconv.Itoa(i/10)
		if err := yield(res); err != nil {
			return err
		}
	}
	return nil
}

// peak samples the heap in use while a benchmark runs.
type peak struct {
	max  atomic.Uint64
	stop chan struct{}
	wg   sync.WaitGroup
}

func startPeak() *peak {
	p := &peak{stop: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > p.max.Load() {
				p.max.Store(ms.HeapInuse)
			}
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

func (p *peak) report(b *testing.B) {
	close(p.stop)
	p.wg.Wait()
	b.ReportMetric(float64(p.max.Load())/(1<<20), "peak-heap-MB")
}

func BenchmarkXLSX(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			run := testRun(nil)
			b.ReportAllocs()
			p := startPeak()
			for b.Loop() {
				w, err := New("xlsx", io.Discard, run)
				if err != nil {
					b.Fatal(err)
				}
				s := NewSummary()
				if err := benchResults(n, func(r *checker.Result) error {
					s.Add(r, run.FailOn)
					return w.Write(r)
				}); err != nil {
					b.Fatal(err)
				}
				if err := w.Close(s); err != nil {
					b.Fatal(err)
				}
			}
			p.report(b)
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkStreamWriter is the baseline: excelize's StreamWriter writing
// rows of 12 plain cells, and the workbook.
func BenchmarkStreamWriter(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			p := startPeak()
			for b.Loop() {
				f := excelize.NewFile()
				sw, err := f.NewStreamWriter("Sheet1")
				if err != nil {
					b.Fatal(err)
				}
				row := make([]any, 12)
				i := 0
				if err := benchResults(n, func(r *checker.Result) error {
					i++
					o := &r.Order
					row[0], row[1], row[2], row[3], row[4], row[5] = o.File, o.Line, o.ID, o.Product, r.ProductID, o.Quantity
					row[6], row[7], row[8], row[9], row[10], row[11] = o.Destination, o.EndUser, o.EndUserHQ, o.Date, DecisionText(r), r.ECCN
					cell, _ := excelize.CoordinatesToCellName(1, i)
					return sw.SetRow(cell, row)
				}); err != nil {
					b.Fatal(err)
				}
				if err := sw.Flush(); err != nil {
					b.Fatal(err)
				}
				if err := f.Write(io.Discard); err != nil {
					b.Fatal(err)
				}
				if err := f.Close(); err != nil {
					b.Fatal(err)
				}
			}
			p.report(b)
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
