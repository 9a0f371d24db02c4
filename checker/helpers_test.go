package checker_test

import "time"

func epochDay(d int) string { return time.Unix(int64(d)*86400, 0).UTC().Format(time.DateOnly) }
