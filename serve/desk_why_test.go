package serve

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/ledger"
)

// TestQueueWhy: the queue's summary of a line is the reason that decided
// it, as the policy marked it and the ledger kept it, saying how many more
// it has beside its classification (the reasons the policy marked
// "classification", whatever their rule ids), so that a screening match
// behind another reason is not hidden. A row written before the ledger
// kept the marks shows its first reason, and counts every other.
func TestQueueWhy(t *testing.T) {
	for _, tt := range []struct {
		name string
		row  ledger.Row
		want string
	}{
		{"one reason", ledger.Row{Decision: "review", Reasons: `[{"rule":"classify.3a090.a.1","message":"3A090.a.1","classification":true},{"rule":"screening.match","message":"possible UVL match"}]`, Headline: 2},
			"possible UVL match"},
		{"a match behind another reason", ledger.Row{Decision: "review", Reasons: `[{"rule":"ownership.unknown","message":"the end user is not in the ownership register"},{"rule":"screening.match","message":"possible SSI match"}]`, Headline: 1},
			"the end user is not in the ownership register (and 1 more reason)"},
		{"an exception's reason", ledger.Row{Decision: "exception", Exception: "NAC", Reasons: `[{"rule":"license.destination.d145","message":"licence required"},{"rule":"license.exception.nac","message":"NAC with notice"},{"rule":"x.y","message":"z"}]`, Headline: 2},
			"NAC with notice (and 2 more reasons)"},
		{"a company rule named like a classification's", ledger.Row{Decision: "prohibited", Reasons: `[{"rule":"classify.3a090.a.1","message":"3A090.a.1","classification":true},{"rule":"classify.acme.gulf_parts","message":"Acme ships no 3A090.a to AE"},{"rule":"license.destination.d145","message":"licence required"}]`, Headline: 2},
			"Acme ships no 3A090.a to AE (and 1 more reason)"},
		{"a row written before the mark", ledger.Row{Decision: "review", Reasons: `[{"rule":"classify.3a090.a.1","message":"3A090.a.1"},{"rule":"screening.match","message":"possible UVL match"}]`},
			"3A090.a.1 (and 1 more reason)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, why(&tt.row)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestWhoAndWhence: the line page's history names who made a run (a
// token, the service without tokens, the command line) and where the line
// came from (a file, a request, standard input), from the run's inputs
// as the ledger keeps them. A command line's run that read a file named
// "request" names it under the key a server's run names its request by:
// its lines, and those it read from standard input beside, are the
// command line's.
func TestWhoAndWhence(t *testing.T) {
	request, stdin := `{"request":"9f86d081884c7d65","policy":"ab12"}`, `{"-":""}`
	fileRequest, fileRequestAndStdin := `{"request":"9f86d081884c7d65"}`, `{"-":"","request":"9f86d081884c7d65"}`
	desk := `{"desk:clearances/atlas-sanatgaran-2026-12-07.yaml":"sha256:9f86d081884c7d65"}`
	got := []string{
		actorText("pipeline", request, "-"), actorText("", request, "-"), actorText("", stdin, "-"),
		actorText("", fileRequest, "request"), actorText("", fileRequestAndStdin, "-"), actorText("", fileRequestAndStdin, "request"),
		sourceText(&ledger.Row{File: "-", Line: 2}, request), sourceText(&ledger.Row{File: "-", Line: 2}, stdin), sourceText(&ledger.Row{File: "orders.csv", Line: 12}, stdin),
		sourceText(&ledger.Row{File: "request", Line: 3}, fileRequest), sourceText(&ledger.Row{File: "-", Line: 4}, fileRequestAndStdin),
		// A record kept at the desk of a server without tokens, and a line
		// it judged again; a book named like one, beside another, is not.
		actorText("", desk, "clearances/atlas.yaml"), actorText("", desk, "orders.csv"), actorText("reviewer", desk, "orders.csv"),
		actorText("", `{"desk:x.csv":"sha256:00","orders.csv":"sha256:11"}`, "orders.csv"),
	}
	want := []string{
		"pipeline", "the service (no token)", "command line",
		"command line", "command line", "command line",
		"posted to the service, order 2 of its request", "standard input, line 2", "orders.csv, line 12",
		"request, line 3", "standard input, line 4",
		"the review desk (no token)", "the review desk (no token)", "reviewer",
		"command line",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
