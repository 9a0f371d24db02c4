# The 2026 case-by-case review policy (91 FR 1684) where the TPP computed
# from the datasheet and the vendor's published TPP fall either side of its
# 21,000 threshold: the sources disagree on the item half of the test, so
# the line keeps the 2023 rule's presumption of denial and says why.
package exportcheck.license_test

import data.exportcheck

# The H200 as the data has it, but with a vendor-published TPP of 21,500
# (hypothetical: NVIDIA's feed gives 15,840).
_h200_published_over := object.union(data.products, {"nvidia-h200-sxm": object.union(
	data.products["nvidia-h200-sxm"],
	{"published_tpp": {"value": 21500, "source": "test"}},
)})

test_2026_published_tpp_over_threshold if {
	exportcheck.decide({"product": "nvidia-h200-sxm", "destination": "CN", "end_user_hq": "CN", "date": "2026-02-01"}, "enforced") == {
		"deciding": 1, "decision": "license_required",
		"eccn": "3A090.a",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.a.1 (88 FR 73458)",
				"classification": true,
				"message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)",
				"rule": "classify.3a090.a.1",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458",
				"message": "license required for 3A090.a to CN (D:1, D:4, D:5; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 742.6(b)(10); 91 FR 1684",
				"message": "sources disagree: TPP 15,832 computed from the datasheet is under 21,000, but 21,500 published by the vendor is not: the 2026 case-by-case review for CN is not applied; presumption of denial (2023 rule)",
				"rule": "license.review_policy.2026.sources_disagree",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a: end user headquartered in CN (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
		],
		"regime": "ear-2026-01-15",
		"review_policy": "presumption_of_denial",
	} with data.products as _h200_published_over
}

# A vendor figure that agrees (under 21,000) leaves the case-by-case review.
test_2026_published_tpp_under_threshold if {
	r := exportcheck.decide({"product": "nvidia-h200-sxm", "destination": "CN", "end_user_hq": "CN", "date": "2026-02-01"}, "enforced")
	r.review_policy == "case_by_case"
	not "license.review_policy.2026.sources_disagree" in {x.rule | some x in r.reasons}
}
