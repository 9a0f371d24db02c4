package checker

import "testing"

// FuzzPlainKey: a key plainKey takes as normalised is what the full
// normalisation makes of it.
func FuzzPlainKey(f *testing.F) {
	for _, s := range []string{"end_user", "product", "id", "end__user", "_id", "id_", "End_User", "end-user", "end user", "a1_b2", "ü", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if plainKey(s) && normaliseKey(s) != s {
			t.Errorf("plainKey(%q), but it normalises to %q", s, normaliseKey(s))
		}
	})
}
