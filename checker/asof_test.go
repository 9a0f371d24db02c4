package checker_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
)

// TestAsOfErrors: a date no line could be judged on, given to judge every
// line as of, is an *AsOfError naming the flag it was given with, from
// CheckAsOf (which a command calls before it loads anything) and New
// alike.
func TestAsOfErrors(t *testing.T) {
	for _, c := range []struct {
		flag, asOf, want string
		badDate          bool
	}{
		{"", "1989-12-31", `--as-of "1989-12-31": before 1990-01-01, when no control this tool knows was in force`, false},
		{"--before", "0001-01-01", `--before "0001-01-01": before 1990-01-01, when no control this tool knows was in force`, false},
		{"--after", "2024-02-30", `--after "2024-02-30": no such day: February 2024 has 29 days`, true},
		{"--after", "2100-01-01", `--after "2100-01-01": after ` + horizon(t) + `, further past the date the data is as of than the horizon (--date-horizon); update the data to judge it`, false},
	} {
		_, err := checker.New(context.Background(), checker.Options{AsOf: c.asOf, AsOfFlag: c.flag})
		var ae *checker.AsOfError
		if err == nil || !errors.As(err, &ae) || errors.Is(err, checker.ErrBadDate) != c.badDate {
			t.Errorf("New, %s %s: %v (%T), want an *AsOfError (a bad date: %v)", c.flag, c.asOf, err, err, c.badDate)
			continue
		}
		if diff := cmp.Diff(c.want, err.Error()); diff != "" {
			t.Errorf("New, %s %s (-want +got):\n%s", c.flag, c.asOf, diff)
		}
		if c.asOf > "2099" { // the horizon needs the data: New's alone
			continue
		}
		flag := c.flag
		if flag == "" {
			flag = "--as-of"
		}
		if diff := cmp.Diff(c.want, checker.CheckAsOf(flag, c.asOf).Error()); diff != "" {
			t.Errorf("CheckAsOf, %s %s (-want +got):\n%s", c.flag, c.asOf, diff)
		}
	}
	if err := checker.CheckAsOf("--as-of", checker.DateFloor); err != nil {
		t.Errorf("CheckAsOf of the floor itself: %v", err)
	}
}
