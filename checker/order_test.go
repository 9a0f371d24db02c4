package checker

import (
	"errors"
	"testing"
	"time"
)

// checkIsDate: isDate agrees with time.Parse(time.DateOnly, s).
func checkIsDate(t *testing.T, s string) {
	_, err := time.Parse(time.DateOnly, s)
	if got, want := isDate(s), err == nil; got != want {
		t.Errorf("isDate(%q) = %v, time.Parse says %v", s, got, want)
	}
}

func TestIsDate(t *testing.T) {
	for _, s := range []string{
		"2024-02-29", "2023-02-29", "2100-02-29", "2000-02-29", "2024-12-31", "2024-13-01", "2024-00-10",
		"2024-04-31", "2024-04-30", "2024-01-00", "0000-01-01", "9999-12-31", "2024-1-01", "2024/01/01",
		"2024-01-01 ", " 2024-01-01", "2024-01-0a", "+024-01-01", "", "2024-01-011", "２０２４-01-01",
	} {
		checkIsDate(t, s)
	}
	for d := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2029; d = d.AddDate(0, 0, 1) {
		checkIsDate(t, d.Format(time.DateOnly))
	}
}

func FuzzIsDate(f *testing.F) {
	for _, s := range []string{"2024-02-29", "2023-02-29", "1999-12-31", "2024-1-1"} {
		f.Add(s)
	}
	f.Fuzz(checkIsDate)
}

// TestDateError: a date a person gave is refused with what is wrong with
// it, and the error is ErrBadDate.
func TestDateError(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2024-02-29", ""},
		{"2023-02-29", "no such day: February 2023 has 28 days"},
		{"2024-04-31", "no such day: April 2024 has 30 days"},
		{"2024-13-01", "there is no month 13: want YYYY-MM-DD"},
		{"2024-+1-01", "want YYYY-MM-DD"},
		{"1/2/2024", "want YYYY-MM-DD"},
		{"", "want YYYY-MM-DD"},
	} {
		err := DateError(tc.in)
		got := ""
		if err != nil {
			got = err.Error()
			if !errors.Is(err, ErrBadDate) {
				t.Errorf("DateError(%q) = %v, not ErrBadDate", tc.in, err)
			}
		}
		if got != tc.want {
			t.Errorf("DateError(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestParseNumbers: quantities and unit values read as the checker judges
// and draws them, for the outputs that show them as numbers.
func TestParseNumbers(t *testing.T) {
	for _, tc := range []struct {
		in    string
		qty   int64
		qtyOK bool
		usd   float64
		usdOK bool
	}{
		{"1,000", 1000, true, 1000, true},
		{" 7 ", 7, true, 7, true},
		{"0", 0, false, 0, false},
		{"-2", 0, false, 0, false},
		{"08", 0, false, 8, true},
		{"1,250.50", 0, false, 1250.5, true},
		{"25.000", 0, false, 0, false},
		{"0,5", 0, false, 0, false},
		{"1e3", 0, false, 0, false},
		{"NaN", 0, false, 0, false},
		{"9007199254740993", 0, false, 9007199254740992, true},
	} {
		n, ok := ParseQuantity(tc.in)
		if ok != tc.qtyOK || ok && n != tc.qty {
			t.Errorf("ParseQuantity(%q) = %d, %v; want %d, %v", tc.in, n, ok, tc.qty, tc.qtyOK)
		}
		v, ok := ParseUnitValue(tc.in)
		if ok != tc.usdOK || ok && v != tc.usd {
			t.Errorf("ParseUnitValue(%q) = %g, %v; want %g, %v", tc.in, v, ok, tc.usd, tc.usdOK)
		}
	}
}

// TestNamedByLine: the name orders.Read gives a line without an id (its
// file's base name and line) is told from an id, without allocating: it is
// asked of every line of a committing check.
func TestNamedByLine(t *testing.T) {
	for _, tt := range []struct {
		id, file string
		line     int
		want     bool
	}{
		{"book.csv:2", "orders/book.csv", 2, true},
		{"book.csv:2", "book.csv", 2, true},
		{"book.csv:2", "book.csv", 12, false},
		{"book.csv:12", "book.csv", 2, false},
		{"other.csv:2", "book.csv", 2, false},
		{"SO-1", "book.csv", 2, false},
		{"book.csv-2", "book.csv", 2, false},
		{"", "book.csv", 2, false},
	} {
		if got := NamedByLine(tt.id, tt.file, tt.line); got != tt.want {
			t.Errorf("NamedByLine(%q, %q, %d) = %v, want %v", tt.id, tt.file, tt.line, got, tt.want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { NamedByLine("book.csv:123456", "dir/book.csv", 123456) }); n != 0 {
		t.Errorf("%v allocations a line", n)
	}
}
