package orders_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/exportcheck/exportcheck/orders"
)

// BenchmarkReadCSV reads a generated 100,000-line order book.
func BenchmarkReadCSV(b *testing.B) {
	path := filepath.Join(b.TempDir(), "orders.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	const lines = 100_000
	err = orders.Generate(f, orders.GenerateOptions{Lines: lines, Seed: 1,
		Products:  []string{"nvidia-h20", "nvidia-h100-sxm5", "nvidia-l40s", "nvidia-rtx-4090"},
		Countries: []string{"CN", "US", "DE", "SG", "AE"}})
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		n := 0
		for _, err := range orders.Read(path, orders.Options{}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != lines {
			b.Fatalf("read %d lines, want %d", n, lines)
		}
	}
	b.ReportMetric(float64(lines*b.N)/b.Elapsed().Seconds(), "lines/s")
}
