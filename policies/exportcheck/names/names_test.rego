package exportcheck.names_test

import data.exportcheck.names

# Spelt alike, or alike but for a legal form one name leaves out: the
# same party; another legal form or a further word: not.
test_same_party if {
	llc := {"spelling": "falcon llc", "bare": "falcon"}
	cases := [
		[llc, llc, true],
		[llc, {"spelling": "falcon", "bare": "falcon"}, true],
		[{"spelling": "falcon", "bare": "falcon"}, llc, true],
		[llc, {"spelling": "falcon inc", "bare": "falcon"}, false],
		[llc, {"spelling": "falcon llc beijing", "bare": "falcon beijing"}, false],
		[{"spelling": "falcon", "bare": "falcon"}, {"spelling": "falcon beijing", "bare": "falcon beijing"}, false],
	]
	got := [_same(c[0], c[1]) | some c in cases]
	got == [c[2] | some c in cases]
	names.other_party(["Falcon LLC"], "Falcon Inc") == "it names \"Falcon LLC\", not \"Falcon Inc\" as the order writes it: another legal form or a further name may be another party"
}

_same(a, b) if {
	names.same_party(a, b)
} else := false
