package main

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestScreenServedWarnings: what a server says in every check response
// of its screening, as check says it in every output: the demonstration
// excerpt and screening off alike, each named as the server's (a client
// gave no flag).
func TestScreenServedWarnings(t *testing.T) {
	now := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	cfg := (&config{}).withDefaults()
	for _, tc := range []struct {
		list string
		want []string
	}{
		{"none", []string{"restricted-party screening is off (the server's screening list none): no end user is screened against any list, so a listed party can come out allow"}},
		{"demo", []string{"DEMONSTRATION screening: end users were screened against the embedded 13-entry excerpt (the server's screening list demo), not the Consolidated Screening List; listed parties can come out allow"}},
	} {
		scr, err := newScreen([]string{tc.list}, cfg, now)
		if err != nil {
			t.Fatal(err)
		}
		if scr.served == nil {
			t.Errorf("%s: a server would say nothing of its screening in its responses", tc.list)
			continue
		}
		if diff := cmp.Diff(tc.want, scr.served(now)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.list, diff)
		}
	}
}
