package exportcheck.names_test

import data.exportcheck.names

# Spelt alike: the same party; another legal form, a legal form left out
# or a further word: not.
test_same_party if {
	llc := {"spelling": "falcon llc"}
	cases := [
		[llc, llc, true],
		[llc, {"spelling": "falcon"}, false],
		[{"spelling": "falcon"}, llc, false],
		[llc, {"spelling": "falcon inc"}, false],
		[llc, {"spelling": "falcon llc beijing"}, false],
	]
	got := [_same(c[0], c[1]) | some c in cases]
	got == [c[2] | some c in cases]
	names.other_party(["Falcon LLC"], "Falcon Inc") == "it names \"Falcon LLC\", not \"Falcon Inc\" as the order writes it: another legal form, one left out or a further name may be another party"
}

_same(a, b) if {
	names.same_party(a, b)
} else := false
