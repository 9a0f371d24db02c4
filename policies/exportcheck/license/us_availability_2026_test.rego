# The 2026 case-by-case review policy (91 FR 1684) covers semiconductors
# "commercially available in the United States at the time of publication
# of this rule" (SUMMARY, govinfo FR-2026-01-15/html/2026-00789.htm). The
# data cannot show a product on sale in the US; where it shows the product
# made for the China market, released in 2026 or later, or of unknown
# release year, the line keeps the 2023 rule's presumption of denial and
# says why. Whole results, generated from the policy output and reviewed.
package exportcheck.license.us_availability_2026_test

import data.exportcheck

_classify := {
	"citation": "ECCN 3A090.a.1 (88 FR 73458)",
	"classification": true,
	"message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)",
	"rule": "classify.3a090.a.1",
}

_destination := {
	"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458",
	"message": "license required for 3A090.a to CN (D:1, D:4, D:5; not in A:5 or A:6)",
	"rule": "license.destination.d145",
}

_headquarters := {
	"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
	"message": "license required for 3A090.a: end user headquartered in CN (D:5), wherever located outside the United States",
	"rule": "license.headquarters",
}

# One classification reason, then the destination's, which decides.
_denied(reasons) := {
	"deciding": 1,
	"decision": "license_required",
	"eccn": "3A090.a",
	"exception": "",
	"reasons": reasons,
	"regime": "ear-2026-01-15",
	"review_policy": "presumption_of_denial",
}

_not_shown(what) := {
	"citation": "15 CFR 742.6(b)(10); 91 FR 1684",
	"message": concat("", [
		"the 2026 case-by-case review for CN needs semiconductors commercially available in the US when the rule was published, and the data does not show it: ",
		what, "; presumption of denial (2023 rule)",
	]),
	"rule": "license.review_policy.2026.us_availability",
}

# The H800 SXM5 was made for the China market (china_variant): under both
# thresholds, yet not shown on sale in the US.
test_h800_to_china_2026_china_variant if {
	exportcheck.decide({"product": "nvidia-h800-sxm5", "destination": "CN", "end_user_hq": "CN", "date": "2026-03-01"}, "enforced") == _denied([
		_classify, _destination,
		_not_shown("made for the China market"),
		_headquarters,
	])
}

# A reexport of it fails both conditions, and says both.
test_h800_to_china_2026_reexport_says_both if {
	r := exportcheck.decide({"product": "nvidia-h800-sxm5", "destination": "CN", "end_user_hq": "CN", "date": "2026-03-01", "ship_from": "TW"}, "enforced")
	r.review_policy == "presumption_of_denial"
	[x.rule | some x in r.reasons] == [
		"classify.3a090.a.1", "license.destination.d145", "license.review_policy.2026.reexport",
		"license.review_policy.2026.us_availability", "license.headquarters",
	]
}

_h200_with(fields) := object.union(data.products, {"nvidia-h200-sxm": object.union(data.products["nvidia-h200-sxm"], fields)})

# The H200 as if released in 2026: the rule was published on 2026-01-15, and
# a 2026 release year cannot show it on sale in the US by then.
test_h200_released_2026 if {
	exportcheck.decide({"product": "nvidia-h200-sxm", "destination": "CN", "end_user_hq": "CN", "date": "2026-03-01"}, "enforced") == _denied([
		_classify, _destination,
		_not_shown("released 2026"),
		_headquarters,
	]) with data.products as _h200_with({"release_year": 2026})
}

# The H200 without a release year: not shown.
test_h200_release_year_unknown if {
	exportcheck.decide({"product": "nvidia-h200-sxm", "destination": "CN", "end_user_hq": "CN", "date": "2026-03-01"}, "enforced") == _denied([
		_classify, _destination,
		_not_shown("release year unknown"),
		_headquarters,
	]) with data.products as object.union(
		object.remove(data.products, ["nvidia-h200-sxm"]),
		{"nvidia-h200-sxm": object.remove(data.products["nvidia-h200-sxm"], ["release_year"])},
	)
}

# Data without the year fails closed: nothing is shown available.
test_released_before_year_missing if {
	r := exportcheck.decide({"product": "nvidia-h200-sxm", "destination": "CN", "end_user_hq": "CN", "date": "2026-03-01"}, "enforced") with data.review_policy_2026 as object.remove(data.review_policy_2026, ["released_before_year"])
	r.review_policy == "presumption_of_denial"
	"license.review_policy.2026.us_availability" in {x.rule | some x in r.reasons}
}

# A system is judged by its components: the availability of an HGX board
# of H100s (released 2022) is shown, though its eight chips counted
# together keep the presumption of denial (review_2026_test.rego); the
# same board of H800s fails both, and says both.
test_hgx_h100_2026_available if {
	r := exportcheck.decide({"product": "nvidia-hgx-h100", "destination": "CN", "end_user_hq": "CN", "date": "2026-03-01"}, "enforced")
	r.review_policy == "presumption_of_denial"
	[x.rule | some x in r.reasons; startswith(x.rule, "license.review_policy.2026")] == ["license.review_policy.2026.computer"]
}

test_hgx_of_h800_2026_not_shown if {
	board := object.union(data.products["nvidia-hgx-h100"], {"components": [{"product": "nvidia-h800-sxm5", "count": 8}]})
	r := exportcheck.decide({"product": "nvidia-hgx-h100", "destination": "CN", "end_user_hq": "CN", "date": "2026-03-01"}, "enforced") with data.products as object.union(data.products, {"nvidia-hgx-h100": board})
	r.review_policy == "presumption_of_denial"
	[x.message | some x in r.reasons; x.rule == "license.review_policy.2026.us_availability"] == [_not_shown("made for the China market").message]
	[x.rule | some x in r.reasons; startswith(x.rule, "license.review_policy.2026")] == ["license.review_policy.2026.us_availability", "license.review_policy.2026.computer"]
}

# Outside the 2026 thresholds the condition is not asked: the B200 says
# nothing of it.
test_b200_2026_no_availability_reason if {
	r := exportcheck.decide({"product": "nvidia-b200", "destination": "CN", "end_user_hq": "CN", "date": "2026-03-01"}, "enforced")
	r.review_policy == "presumption_of_denial"
	not "license.review_policy.2026.us_availability" in {x.rule | some x in r.reasons}
}

# Before the rule, no 2026 reason at all.
test_h800_to_china_2025 if {
	r := exportcheck.decide({"product": "nvidia-h800-sxm5", "destination": "CN", "end_user_hq": "CN", "date": "2025-12-01"}, "enforced")
	r.review_policy == "presumption_of_denial"
	not "license.review_policy.2026.us_availability" in {x.rule | some x in r.reasons}
}
