package serve

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/ledger"
)

// TestQueueWhy: the queue's summary of a line is the reason that decided
// it, saying how many more it has beside its classification, so that a
// screening match behind another reason is not hidden.
func TestQueueWhy(t *testing.T) {
	for _, tt := range []struct {
		name string
		row  ledger.Row
		want string
	}{
		{"one reason", ledger.Row{Decision: "review", Reasons: `[{"rule":"classify.3a090.a.1","message":"3A090.a.1"},{"rule":"screening.match","message":"possible UVL match"}]`},
			"possible UVL match"},
		{"a match behind another reason", ledger.Row{Decision: "review", Reasons: `[{"rule":"ownership.unknown","message":"the end user is not in the ownership register"},{"rule":"screening.match","message":"possible SSI match"}]`},
			"the end user is not in the ownership register (and 1 more reason)"},
		{"an exception's reason first", ledger.Row{Decision: "exception", Exception: "NAC", Reasons: `[{"rule":"license.destination.d145","message":"licence required"},{"rule":"license.exception.nac","message":"NAC with notice"},{"rule":"x.y","message":"z"}]`},
			"NAC with notice (and 2 more reasons)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, why(&tt.row)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
