package orders_test

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/exportcheck/exportcheck/orders"
)

// writeBenchBook writes an order book as an ERP exports one: a header of
// ten columns (the seven an order has, three more of text), ids as text
// or as numbers, dates as date cells, and with formulas, a quantity
// computed on every fiftieth row (its value kept) and a total column.
func writeBenchBook(b *testing.B, path string, rows int, numberIDs, formulas bool) {
	b.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		b.Fatal(err)
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		b.Fatal(err)
	}
	header := []any{"id", "product", "quantity", "destination", "end_user", "end_user_hq", "date", "sales_rep", "customer_po", "note"}
	if formulas {
		header = append(header, "total")
	}
	if err := sw.SetRow("A1", header); err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	products := []string{"nvidia-h20", "nvidia-h100-sxm5", "nvidia-l40s", "nvidia-rtx-4090"}
	countries := []string{"CN", "US", "DE", "SG", "AE", "JP", "IN"}
	names := []string{"Beijing Tianrui Computing Co., Ltd.", "Nova Data Systems GmbH", "Shenhai Cloud Pte Ltd", "Mingxin AI Research Inc.", "Kanglong Semiconductor KK"}
	start := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	row := make([]any, len(header))
	for i := range rows {
		if numberIDs {
			row[0] = 4500000000 + i
		} else {
			row[0] = fmt.Sprintf("SO-%d", 100000+i)
		}
		row[1] = products[r.IntN(len(products))]
		q := 1 + r.IntN(64)
		row[2] = q
		if formulas && i%50 == 0 {
			row[2] = excelize.Cell{Formula: fmt.Sprintf("%d*2", q/2+1), Value: (q/2 + 1) * 2}
		}
		c := r.IntN(len(countries))
		row[3] = countries[c]
		row[4] = names[r.IntN(len(names))]
		row[5] = countries[(c+r.IntN(2))%len(countries)]
		row[6] = excelize.Cell{StyleID: dateStyle, Value: start.AddDate(0, 0, r.IntN(1800))}
		row[7] = fmt.Sprintf("Rep %d", r.IntN(40))
		row[8] = fmt.Sprintf("PO-%07d", r.IntN(10_000_000))
		row[9] = []string{"", "urgent", "partial shipment", "call before delivery"}[r.IntN(4)]
		if formulas {
			row[10] = excelize.Cell{Formula: fmt.Sprintf("C%d*1000", i+2), Value: q * 1000}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkXLSX reads generated XLSX order books of 50,000 and 200,000
// rows: ids as text, and ids as numbers with formula cells. rows/s is
// the speed; allocs/row and B/row what each row costs the heap.
func BenchmarkXLSX(b *testing.B) {
	for _, rows := range []int{50_000, 200_000} {
		for _, v := range []struct {
			name               string
			numberIDs, formula bool
		}{{"text-ids", false, false}, {"number-ids+formulas", true, true}} {
			b.Run(fmt.Sprintf("%s/%d", v.name, rows), func(b *testing.B) {
				path := filepath.Join(b.TempDir(), "orders.xlsx")
				writeBenchBook(b, path, rows, v.numberIDs, v.formula)
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				for b.Loop() {
					n := 0
					for o, err := range orders.Read(path, orders.Options{}) {
						if err != nil {
							b.Fatal(err)
						}
						if o.Date == "" || o.ID == "" {
							b.Fatalf("line %d: no date or id: %+v", o.Line, o)
						}
						n++
					}
					if n != rows {
						b.Fatalf("read %d rows, want %d", n, rows)
					}
				}
				runtime.ReadMemStats(&after)
				total := float64(rows * b.N)
				b.ReportMetric(total/b.Elapsed().Seconds(), "rows/s")
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/total, "ns/row")
				b.ReportMetric(float64(after.Mallocs-before.Mallocs)/total, "allocs/row")
				b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/total, "B/row")
			})
		}
	}
}
