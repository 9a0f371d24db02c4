package orders

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// GenerateOptions shape a synthetic order book.
type GenerateOptions struct {
	Lines     int
	Seed      uint64
	Products  []string // product IDs, most popular first
	Countries []string // destination codes, most frequent first
	Customers int      // distinct end users (default 5,000)
	EndUsers  []string // real names to mix in (e.g. screening-list entries), optional
	// Released is the first day each product may ship (YYYY-MM-DD,
	// checker.Catalog.FirstShipDate): a line of one is dated from then on.
	Released map[string]string
}

// Generate writes a realistic CSV order book for benchmarks and tests:
// products and customers follow a Zipf-like skew, customers keep their
// country and headquarters, dates spread over 2022-2026 (from a product's
// release on, with Released), and a few lines leave the headquarters blank.
func Generate(w io.Writer, o GenerateOptions) error {
	if o.Customers <= 0 {
		o.Customers = 5000
	}
	if len(o.Products) == 0 || len(o.Countries) == 0 {
		return fmt.Errorf("generate: need products and countries")
	}
	r := rand.New(rand.NewPCG(o.Seed, 0x5eed))
	customers := genCustomers(r, o)
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString("id,product,quantity,destination,end_user,end_user_hq,date\n")
	start := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	days := int(end.Sub(start).Hours() / 24)
	first := map[string]time.Time{} // products released after start
	for p, d := range o.Released {
		if t, err := time.Parse(time.DateOnly, d); err == nil && t.After(start) && t.Before(end) {
			first[p] = t
		}
	}
	var b []byte
	for i := 0; i < o.Lines; i++ {
		c := customers[zipf(r, len(customers), 1.05)]
		b = b[:0]
		b = append(b, "SO-"...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, ',')
		product := o.Products[zipf(r, len(o.Products), 1.2)]
		b = append(b, product...)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(1+r.IntN(64)), 10)
		b = append(b, ',')
		b = append(b, c.Country...)
		b = append(b, ",\""...)
		b = append(b, c.Name...)
		b = append(b, "\","...)
		b = append(b, c.HQ...)
		b = append(b, ',')
		day := r.IntN(days)
		date := start.AddDate(0, 0, day)
		if f, ok := first[product]; ok && date.Before(f) {
			// The same draw, folded into the days since the release.
			date = f.AddDate(0, 0, day%(int(end.Sub(f).Hours()/24)))
		}
		b = date.AppendFormat(b, time.DateOnly)
		b = append(b, '\n')
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// Customer is a generated end user: its name, the country it is in and its
// headquarters ("" unknown).
type Customer struct{ Name, Country, HQ string }

// Customers are the end users Generate draws lines for, most frequent
// first (lines pick them by a Zipf law on this order).
func Customers(o GenerateOptions) []Customer {
	if o.Customers <= 0 {
		o.Customers = 5000
	}
	return genCustomers(rand.New(rand.NewPCG(o.Seed, 0x5eed)), o)
}

func genCustomers(r *rand.Rand, o GenerateOptions) []Customer {
	syll := []string{"an", "bei", "chen", "da", "feng", "guang", "hai", "jin", "kang", "long", "ming", "ning", "rui", "shen", "tian", "wei", "xin", "yuan", "zhi", "tek", "nova", "data", "core", "cloud", "sys"}
	forms := []string{"Co., Ltd.", "Ltd", "GmbH", "Inc.", "LLC", "Pte Ltd", "S.A.", "KK", "FZ-LLC", "AB"}
	customers := make([]Customer, o.Customers)
	for i := range customers {
		name := ""
		for j := 0; j < 2+r.IntN(2); j++ {
			s := syll[r.IntN(len(syll))]
			name += string(s[0]-32) + s[1:]
		}
		name += " " + []string{"Computing", "Technology", "Research", "Systems", "Cloud", "Semiconductor", "AI"}[r.IntN(7)] + " " + forms[r.IntN(len(forms))]
		if len(o.EndUsers) > 0 && r.IntN(200) == 0 {
			name = o.EndUsers[r.IntN(len(o.EndUsers))]
		}
		c := o.Countries[zipf(r, len(o.Countries), 1.1)]
		hq := c
		switch n := r.IntN(100); {
		case n < 4:
			hq = ""
		case n < 12:
			hq = o.Countries[r.IntN(len(o.Countries))]
		}
		customers[i] = Customer{name, c, hq}
	}
	return customers
}

// zipf draws an index in [0, n) with probability falling as 1/(k+1)^s.
func zipf(r *rand.Rand, n int, s float64) int {
	// Inverse-CDF of a continuous power law, clamped; cheap and skewed enough.
	u := r.Float64()
	x := math.Pow(float64(n)+1, 1-s)
	k := math.Pow(1+u*(x-1), 1/(1-s)) - 1
	if k < 0 {
		return 0
	}
	if int(k) >= n {
		return n - 1
	}
	return int(k)
}
