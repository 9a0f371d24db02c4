# The 2026 case-by-case review policy (91 FR 1684, 15 CFR 742.6(b)(10)):
# what the item half of its test is measured on. A computer of several
# chips is measured by its chips counted together (how the rule measures
# one was not read: the stricter reading, license.review_policy.2026.computer);
# an item whose TPP or DRAM bandwidth the data does not settle cannot be
# tested (license.review_policy.2026.figures_unknown). Whole results,
# generated from the policy output and reviewed; and where the 2026 fields
# are read (license.scopes), which the checker's decision keys follow.
package exportcheck.license.review_2026_test

import data.exportcheck

_order(product, dest, date) := {"product": product, "destination": dest, "end_user_hq": "CN", "date": date}

_classify_hgx := {
	"citation": "ECCN 4A090 (87 FR 62186; 88 FR 73458)",
	"classification": true,
	"message": "4A090.a: contains 8 × NVIDIA H100 SXM5 80GB (3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits))",
	"rule": "classify.4a090",
}

_filing_hgx := {
	"citation": "ECCN 3A090 Note 4 and the .z paragraphs of 15 CFR part 774, Supp. 1 (88 FR 73458); 15 CFR 748.3 (classification by the exporter)",
	"classification": true,
	"message": "filing ECCN 4A090.a as its vendor classifies it (NVIDIA ECCN service, parts 935-24287-0000-000, -0001-000 and others (HGX H100 8 GPU)); the licence requirements are those of 4A090.a",
	"rule": "classify.filing_eccn",
}

_destination(eccn) := {
	"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458",
	"message": concat("", ["license required for ", eccn, " to CN (D:1, D:4, D:5; not in A:5 or A:6)"]),
	"rule": "license.destination.d145",
}

_headquarters(eccn) := {
	"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
	"message": concat("", ["license required for ", eccn, ": end user headquartered in CN (D:5), wherever located outside the United States"]),
	"rule": "license.headquarters",
}

_reason_2026(rule, message) := {"citation": "15 CFR 742.6(b)(10); 91 FR 1684", "message": message, "rule": rule}

# deciding: the index of the destination's reason (after the
# classification's), which decides.
_result(eccn, policy, deciding, reasons) := {
	"deciding": deciding, "decision": "license_required", "eccn": eccn, "exception": "", "reasons": reasons,
	"regime": "ear-2026-01-15", "review_policy": policy,
}

# The 2026 reasons of a result, in order.
_reasons_2026(r) := [x | some x in r.reasons; startswith(x.rule, "license.review_policy.2026")]

# An HGX board of eight H100s: each chip is under both thresholds, the
# eight together are not. The line keeps the presumption of denial, and the
# reason says it is the reading of a computer that decides.
test_hgx_h100_2026_chips_counted_together if {
	exportcheck.decide(_order("nvidia-hgx-h100", "CN", "2026-03-01"), "enforced") == _result("4A090.a", "presumption_of_denial", 2, [
		_classify_hgx, _filing_hgx, _destination("4A090.a"),
		_reason_2026("license.review_policy.2026.computer", "the 2026 case-by-case review for CN needs TPP under 21,000 and DRAM bandwidth under 6,500 GB/s: each chip of this computer is under them, but its 8 chips counted together have TPP 126,656 and DRAM bandwidth 26,800 GB/s (how 91 FR 1684 measures a computer of several chips was not read: the stricter reading); presumption of denial (2023 rule)"),
		_headquarters("4A090.a"),
	])
}

# Shipped from Taiwan it fails two conditions, and says both.
test_hgx_h100_2026_reexport_says_both if {
	r := exportcheck.decide(object.union(_order("nvidia-hgx-h100", "CN", "2026-03-01"), {"ship_from": "TW"}), "enforced")
	r.review_policy == "presumption_of_denial"
	[x.rule | some x in r.reasons] == [
		"classify.4a090", "classify.filing_eccn", "license.destination.d145",
		"license.review_policy.2026.reexport", "license.review_policy.2026.computer", "license.headquarters",
	]
}

_board(components) := object.union(data.products, {"nvidia-hgx-h100": object.union(data.products["nvidia-hgx-h100"], {"components": components})})

# A board of one H200 measures as the H200: case by case, its own figures.
test_board_of_one_h200_case_by_case if {
	r := exportcheck.decide(_order("nvidia-hgx-h100", "CN", "2026-03-01"), "enforced") with data.products as _board([{"product": "nvidia-h200-sxm", "count": 1}])
	r.review_policy == "case_by_case"
	_reasons_2026(r) == [_reason_2026("license.review_policy.2026", "case-by-case review: destination CN, TPP 15,832 < 21,000 and DRAM bandwidth 4,800 GB/s < 6,500 GB/s, for an export from the US of a semiconductor commercially available in the US when the rule was published, with certifications by the exporter (US supply, foundry capacity, security procedures of the recipient, third-party testing in the US, shipments to China and Macau at most 50 % of those to US end users)")]
}

# Two A100s together stay under both thresholds: case by case, and the
# reason shows the figures counted together.
test_board_of_two_a100_case_by_case_counted_together if {
	r := exportcheck.decide(_order("nvidia-hgx-h100", "CN", "2026-03-01"), "enforced") with data.products as _board([{"product": "nvidia-a100-sxm4-80gb", "count": 2}])
	r.review_policy == "case_by_case"
	_reasons_2026(r) == [_reason_2026("license.review_policy.2026", "case-by-case review: destination CN, its 2 chips counted together TPP 9,984 < 21,000 and DRAM bandwidth 4,078 GB/s < 6,500 GB/s, for an export from the US of a semiconductor commercially available in the US when the rule was published, with certifications by the exporter (US supply, foundry capacity, security procedures of the recipient, third-party testing in the US, shipments to China and Macau at most 50 % of those to US end users)")]
}

_without(product, fields) := object.union(object.remove(data.products, [product]), {product: object.remove(data.products[product], fields)})

_h200_classify := {
	"citation": "ECCN 3A090.a.1 (88 FR 73458)",
	"classification": true,
	"message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)",
	"rule": "classify.3a090.a.1",
}

# An H200 whose DRAM bandwidth the data does not give: the test cannot be
# applied, the presumption of denial stands, and the reason says why.
test_h200_dram_unknown_2026 if {
	exportcheck.decide(_order("nvidia-h200-sxm", "CN", "2026-03-01"), "enforced") == _result("3A090.a", "presumption_of_denial", 1, [
		_h200_classify, _destination("3A090.a"),
		_reason_2026("license.review_policy.2026.figures_unknown", "the 2026 case-by-case review for CN needs TPP under 21,000 and DRAM bandwidth under 6,500 GB/s, and the data does not settle the DRAM bandwidth: the test cannot be applied; presumption of denial (2023 rule)"),
		_headquarters("3A090.a"),
	]) with data.products as _without("nvidia-h200-sxm", ["memory_bandwidth_gbps"])
}

# A board of two A100s, one figure of its chip unknown: the computer's
# cannot be counted.
test_board_chip_dram_unknown_2026 if {
	products := object.union(
		object.remove(_board([{"product": "nvidia-a100-sxm4-80gb", "count": 2}]), ["nvidia-a100-sxm4-80gb"]),
		{"nvidia-a100-sxm4-80gb": object.remove(data.products["nvidia-a100-sxm4-80gb"], ["memory_bandwidth_gbps"])},
	)
	r := exportcheck.decide(_order("nvidia-hgx-h100", "CN", "2026-03-01"), "enforced") with data.products as products
	r.review_policy == "presumption_of_denial"
	_reasons_2026(r) == [_reason_2026("license.review_policy.2026.figures_unknown", "the 2026 case-by-case review for CN needs TPP under 21,000 and DRAM bandwidth under 6,500 GB/s, and the data does not settle the DRAM bandwidth of every chip it contains: the test cannot be applied; presumption of denial (2023 rule)")]
}

# A figure known over its threshold settles the test without the other:
# the B200 without its DRAM bandwidth says nothing of it.
test_b200_dram_unknown_tpp_over_2026 if {
	r := exportcheck.decide(_order("nvidia-b200", "CN", "2026-03-01"), "enforced") with data.products as _without("nvidia-b200", ["memory_bandwidth_gbps"])
	r.review_policy == "presumption_of_denial"
	_reasons_2026(r) == []
}

# Before the rule, and for a destination it does not name, no 2026 reason.
test_h200_dram_unknown_before_2026 if {
	r := exportcheck.decide(_order("nvidia-h200-sxm", "CN", "2026-01-14"), "enforced") with data.products as _without("nvidia-h200-sxm", ["memory_bandwidth_gbps"])
	r.review_policy == "presumption_of_denial"
	r.regime == "ear-2024-12-02"
	_reasons_2026(r) == []
}

test_h200_dram_unknown_vietnam_2026 if {
	r := exportcheck.decide({"product": "nvidia-h200-sxm", "destination": "VN", "end_user_hq": "VN", "date": "2026-03-01"}, "enforced") with data.products as _without("nvidia-h200-sxm", ["memory_bandwidth_gbps"])
	r.review_policy == "presumption_of_approval"
	_reasons_2026(r) == []
}

# Where the 2026 fields are read: from the rule's effective date, for China,
# Macau and Hong Kong (treated as China), under every regime that counts it.
test_destination_scopes if {
	[exportcheck.destination_scopes(d, day, "enforced") |
		some day in ["2026-01-14", "2026-01-15"]
		some d in ["CN", "MO", "HK", "VN", "US"]
	] == [[], [], [], [], [], ["review_policy.2026"], ["review_policy.2026"], ["review_policy.2026"], [], []]
	exportcheck.destination_scopes("CN", "2026-03-01", "ai-diffusion") == ["review_policy.2026"]
}

# The H800 and the H100 share their profile but for its scoped part: the
# H800 is made for the China market.
test_profile_scoped_apart if {
	h800 := exportcheck.product_profile("nvidia-h800-sxm5", "2026-03-01", "enforced")
	h100 := exportcheck.product_profile("nvidia-h100-sxm5", "2026-03-01", "enforced")
	h800.profile == h100.profile
	h800.profile == [{"class": "a", "datacenter": true, "eccn": "3A090.a", "item": "3A090.a"}]
	h800.scoped == {"review_policy.2026": [{
		"computer_2026": null, "not_us_2026": ["made for the China market"], "published_over_2026": null,
		"under_2026": true, "unknown_2026": [],
	}]}
	h100.scoped == {"review_policy.2026": [{
		"computer_2026": null, "not_us_2026": [], "published_over_2026": null,
		"under_2026": true, "unknown_2026": [],
	}]}
}
