# Puerto Rico and the other U.S. territories are part of the "United
# States" under the EAR (15 CFR 772.1): a shipment there is not an export,
# and a shipment from there is an export from the United States. Whole
# result objects, reviewed.
package exportcheck.license.territories_test

import data.exportcheck

# Not an export: the headquarters rule reaches end users located outside
# the United States only.
test_h100_to_puerto_rico_china_hq if {
	got := exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "PR", "end_user_hq": "CN", "date": "2024-06-01"}, "enforced")
	got == {"deciding": 1, "decision": "allow", "eccn": "3A090.a", "exception": "", "reasons": [{"citation": "ECCN 3A090.a.1 (88 FR 73458)", "classification": true, "message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)", "rule": "classify.3a090.a.1"}, {"citation": "15 CFR 732.3 (NLR)", "message": "no license required for 3A090.a to PR (end user headquartered in CN)", "rule": "decision.nlr"}], "regime": "ear-2024-04-04", "review_policy": ""}
}

# An end user headquartered in Guam is headquartered in the United States.
test_h100_to_germany_guam_hq if {
	got := exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "DE", "end_user_hq": "GU", "date": "2024-06-01"}, "enforced")
	got == {"deciding": 1, "decision": "allow", "eccn": "3A090.a", "exception": "", "reasons": [{"citation": "ECCN 3A090.a.1 (88 FR 73458)", "classification": true, "message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)", "rule": "classify.3a090.a.1"}, {"citation": "15 CFR 732.3 (NLR)", "message": "no license required for 3A090.a to DE (end user headquartered in GU)", "rule": "decision.nlr"}], "regime": "ear-2024-04-04", "review_policy": ""}
}

# Shipped from Puerto Rico: an export from the United States, so the 2026
# case-by-case review applies as it does from the mainland.
test_h200_from_puerto_rico_to_china_2026 if {
	got := exportcheck.decide({"product": "nvidia-h200-sxm", "destination": "CN", "end_user_hq": "CN", "date": "2026-03-01", "ship_from": "PR"}, "enforced")
	got == {"deciding": 1, "decision": "license_required", "eccn": "3A090.a", "exception": "", "reasons": [{"citation": "ECCN 3A090.a.1 (88 FR 73458)", "classification": true, "message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)", "rule": "classify.3a090.a.1"}, {"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458", "message": "license required for 3A090.a to CN (D:1, D:4, D:5; not in A:5 or A:6)", "rule": "license.destination.d145"}, {"citation": "15 CFR 742.6(b)(10); 91 FR 1684", "message": "case-by-case review: destination CN, TPP 15,832 < 21,000 and DRAM bandwidth 4,800 GB/s < 6,500 GB/s, for an export from the US of a semiconductor commercially available in the US when the rule was published, with certifications by the exporter (US supply, foundry capacity, security procedures of the recipient, third-party testing in the US, shipments to China and Macau at most 50 % of those to US end users)", "rule": "license.review_policy.2026"}, {"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458", "message": "license required for 3A090.a: end user headquartered in CN (D:5), wherever located outside the United States", "rule": "license.headquarters"}], "regime": "ear-2026-01-15", "review_policy": "case_by_case"}
}

test_territories_are_the_united_states if {
	every c in ["PR", "GU", "VI", "AS", "MP", "UM"] {
		data.exportcheck.license.effective_country(c) == "US"
	}
}
