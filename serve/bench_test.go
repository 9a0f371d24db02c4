package serve_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/ledger/ledgertest"
	"github.com/exportcheck/exportcheck/serve"
)

// BenchmarkCheckOne: single-order POST /v1/check over loopback HTTP from 64
// concurrent clients; reports requests/s and the p99 latency.
func BenchmarkCheckOne(b *testing.B) {
	srv := httptest.NewServer(serve.New(serve.Options{Checker: testChecker(b)}))
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	countries := []string{"CN", "DE", "AE", "JP", "IN", "SG", "US", "BR"}
	products := []string{"nvidia-h100-sxm5", "nvidia-h20", "nvidia-rtx-4090", "amd-mi300x", "nvidia-l40s"}
	var mu sync.Mutex
	var lat []time.Duration
	b.SetParallelism(32) // 2 cores × 32 = 64 clients
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			i++
			body := fmt.Sprintf(`{"id": "%d", "product": "%s", "quantity": 1, "destination": "%s", "end_user": "Customer %d", "date": "2026-0%d-15"}`,
				i, products[i%len(products)], countries[i%len(countries)], i%500, 1+i%9)
			start := time.Now()
			resp, err := client.Post(srv.URL+"/v1/check", "application/json", bytes.NewReader([]byte(body)))
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			d := time.Since(start)
			mu.Lock()
			lat = append(lat, d)
			mu.Unlock()
		}
	})
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(len(lat))/b.Elapsed().Seconds(), "req/s")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkCheckBatch: {"orders": [...]} of 1,000 lines; reports lines/s.
func BenchmarkCheckBatch(b *testing.B) {
	srv := httptest.NewServer(serve.New(serve.Options{Checker: testChecker(b)}))
	defer srv.Close()
	var body bytes.Buffer
	body.WriteString(`{"orders": [`)
	for i := range 1000 {
		if i > 0 {
			body.WriteByte(',')
		}
		fmt.Fprintf(&body, `{"id": "%d", "product": "nvidia-h100-sxm5", "quantity": 1, "destination": "%s", "end_user": "Customer %d", "date": "2026-03-02"}`, i, []string{"CN", "DE", "AE", "JP"}[i%4], i%300)
	}
	body.WriteString(`]}`)
	b.ResetTimer()
	for b.Loop() {
		resp, err := http.Post(srv.URL+"/v1/check", "application/json", bytes.NewReader(body.Bytes()))
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkCheckOneCommit: single-order POST /v1/check from 64 clients,
// each committed to a SQLite ledger; reports requests/s.
func BenchmarkCheckOneCommit(b *testing.B) {
	ctx := context.Background()
	l, err := ledger.Open(ctx, ledgertest.DSN(b, "sqlite"), true)
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	if _, err := l.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	c, err := checker.New(ctx, checker.Options{Drawdown: ledger.ContextDrawdown{L: l}})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(serve.New(serve.Options{Checker: c, Ledger: l, Commit: true}))
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var n atomic.Int64
	b.SetParallelism(32)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			body := fmt.Sprintf(`{"id": "C-%d", "product": "nvidia-h20", "quantity": 1, "destination": "DE", "end_user": "Customer %d", "date": "2026-03-02"}`, i, i%500)
			resp, err := client.Post(srv.URL+"/v1/check", "application/json", bytes.NewReader([]byte(body)))
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(n.Load())/b.Elapsed().Seconds(), "req/s")
}
