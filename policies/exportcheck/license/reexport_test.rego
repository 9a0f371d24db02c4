# Export vs reexport (ship_from) for whole orders, asserting the whole
# result object. Generated from the policy output and reviewed.
package exportcheck.license.reexport_test

import data.exportcheck

# 91 FR 1684 revises the review policy for exports from the United States only: a reexport from Taiwan keeps the presumption of denial.
test_h200_to_china_2026_reexport_keeps_denial if {
	got := exportcheck.decide({"product": "nvidia-h200-sxm", "destination": "CN", "end_user_hq": "CN", "date": "2026-03-01", "ship_from": "TW"}, "enforced")
	got == {"deciding": 1, "decision": "license_required", "eccn": "3A090.a", "exception": "", "reasons": [{"citation": "ECCN 3A090.a.1 (88 FR 73458)", "classification": true, "message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)", "rule": "classify.3a090.a.1"}, {"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458", "message": "license required for 3A090.a to CN (D:1, D:4, D:5; not in A:5 or A:6)", "rule": "license.destination.d145"}, {"citation": "15 CFR 742.6(b)(10); 91 FR 1684", "message": "not an export from the United States: the 2026 case-by-case review for CN covers exports from the US only; presumption of denial (2023 rule)", "rule": "license.review_policy.2026.reexport"}, {"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458", "message": "license required for 3A090.a: end user headquartered in CN (D:5), wherever located outside the United States", "rule": "license.headquarters"}], "regime": "ear-2026-01-15", "review_policy": "presumption_of_denial"}
}

# Blank ship_from is an export from the United States: case by case.
test_h200_to_china_2026_export_blank_ship_from if {
	got := exportcheck.decide({"product": "nvidia-h200-sxm", "destination": "CN", "end_user_hq": "CN", "date": "2026-03-01", "ship_from": ""}, "enforced")
	got == {"deciding": 1, "decision": "license_required", "eccn": "3A090.a", "exception": "", "reasons": [{"citation": "ECCN 3A090.a.1 (88 FR 73458)", "classification": true, "message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)", "rule": "classify.3a090.a.1"}, {"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458", "message": "license required for 3A090.a to CN (D:1, D:4, D:5; not in A:5 or A:6)", "rule": "license.destination.d145"}, {"citation": "15 CFR 742.6(b)(10); 91 FR 1684", "message": "case-by-case review: destination CN, TPP 15,832 < 21,000 and DRAM bandwidth 4,800 GB/s < 6,500 GB/s, for an export from the US of a semiconductor commercially available in the US when the rule was published, with certifications by the exporter (US supply, foundry capacity, security procedures of the recipient, third-party testing in the US, shipments to China and Macau at most 50 % of those to US end users)", "rule": "license.review_policy.2026"}, {"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458", "message": "license required for 3A090.a: end user headquartered in CN (D:5), wherever located outside the United States", "rule": "license.headquarters"}], "regime": "ear-2026-01-15", "review_policy": "case_by_case"}
}

# ship_from US: case by case, as without the field.
test_h200_to_china_2026_export_from_us if {
	got := exportcheck.decide({"product": "nvidia-h200-sxm", "destination": "CN", "end_user_hq": "CN", "date": "2026-03-01", "ship_from": "US"}, "enforced")
	got == {"deciding": 1, "decision": "license_required", "eccn": "3A090.a", "exception": "", "reasons": [{"citation": "ECCN 3A090.a.1 (88 FR 73458)", "classification": true, "message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)", "rule": "classify.3a090.a.1"}, {"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458", "message": "license required for 3A090.a to CN (D:1, D:4, D:5; not in A:5 or A:6)", "rule": "license.destination.d145"}, {"citation": "15 CFR 742.6(b)(10); 91 FR 1684", "message": "case-by-case review: destination CN, TPP 15,832 < 21,000 and DRAM bandwidth 4,800 GB/s < 6,500 GB/s, for an export from the US of a semiconductor commercially available in the US when the rule was published, with certifications by the exporter (US supply, foundry capacity, security procedures of the recipient, third-party testing in the US, shipments to China and Macau at most 50 % of those to US end users)", "rule": "license.review_policy.2026"}, {"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458", "message": "license required for 3A090.a: end user headquartered in CN (D:5), wherever located outside the United States", "rule": "license.headquarters"}], "regime": "ear-2026-01-15", "review_policy": "case_by_case"}
}

# The headquarters rule applies to exports, reexports and transfers alike (744.23(a)(3); 742.6(a)(6)(iii)).
test_h100_reexport_to_germany_china_hq if {
	got := exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "DE", "end_user_hq": "CN", "date": "2024-06-01", "ship_from": "SG"}, "enforced")
	got == {"deciding": 1, "decision": "license_required", "eccn": "3A090.a", "exception": "", "reasons": [{"citation": "ECCN 3A090.a.1 (88 FR 73458)", "classification": true, "message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)", "rule": "classify.3a090.a.1"}, {"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458", "message": "license required for 3A090.a: end user headquartered in CN (D:5), wherever located outside the United States", "rule": "license.headquarters"}], "regime": "ear-2024-04-04", "review_policy": "presumption_of_denial"}
}

# The 2025 is-informed letter reaches the named items wherever they ship from.
test_h20_reexport_to_china_letter if {
	got := exportcheck.decide({"product": "nvidia-h20", "destination": "CN", "end_user_hq": "CN", "date": "2025-06-01", "ship_from": "TW"}, "enforced")
	got == {"deciding": 2, "decision": "license_required", "eccn": "4A994.l", "exception": "", "reasons": [{"citation": "ECCN 3A090.a and .b (88 FR 73458)", "classification": true, "message": "not 3A090: TPP 2,368 (FP8 296 × 8 bits) and PD 2.91 meet none of .a.1 (TPP ≥ 4,800), .a.2 (TPP ≥ 1,600, PD ≥ 5.92), .b.1 (TPP ≥ 2,400, PD ≥ 1.6), .b.2 (TPP ≥ 1,600, PD ≥ 3.2)", "rule": "classify.3a090.none"}, {"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)", "classification": true, "message": "not 3A090/4A090: 4A994.l as its vendor classifies it (NVIDIA ECCN service: HGX H20 8 GPU, parts 935-24287-00M0-000/-00M1-000/-00N0-000)", "rule": "classify.vendor_eccn"}, {"citation": "NVIDIA Form 8-K, 2025-04-15 (letters of 2025-04-09 and 2025-04-14); 15 CFR 744.23", "message": "Is-informed letters to NVIDIA and AMD: H20 and MI308 to China, Macau and D:5, and D:5/Macau-headquartered entities (h20-mi308-2025-04-09, from 2025-04-09): destination CN; end user headquartered in CN (D:5); addressed to NVIDIA and AMD, applied here to every exporter of the item as the stricter reading", "rule": "license.notice"}], "regime": "ear-2024-12-02", "review_policy": "unspecified"}
}

# The 2023 destination rule covers reexports: to Armenia (D:1) under ACA as from the US.
test_l40_reexport_to_armenia_2024 if {
	got := exportcheck.decide({"product": "nvidia-l40", "destination": "AM", "end_user_hq": "AM", "date": "2024-06-01", "ship_from": "SG"}, "enforced")
	got == {"deciding": 3, "decision": "exception", "eccn": "3A090.b", "exception": "ACA", "reasons": [{"citation": "ECCN 3A090.b.1 (88 FR 73458)", "classification": true, "message": "3A090.b.1: 2,400 ≤ TPP 2,897 < 4,800 and 1.6 ≤ PD 4.76 < 5.92 (2,897 / 608.4 mm²)", "rule": "classify.3a090.b.1"}, {"citation": "ECCN 3A090 Note 4 and the .z paragraphs of 15 CFR part 774, Supp. 1 (88 FR 73458); 15 CFR 748.3 (classification by the exporter)", "classification": true, "message": "filing ECCN 4A090.b as its vendor classifies it (NVIDIA ECCN service, part 900-2G133-0010-000 (L40 48GB)); the licence requirements are those of 3A090.b", "rule": "classify.filing_eccn"}, {"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458", "message": "license required for 3A090.b to AM (D:1; not in A:5 or A:6)", "rule": "license.destination.d145"}, {"citation": "15 CFR 740.8; 89 FR 23876", "message": "License Exception ACA available for 3A090.b to AM (no notification required)", "rule": "license.exception.aca"}], "regime": "ear-2024-04-04", "review_policy": ""}
}

# A reexport of an item above the 2026 thresholds (B200: TPP 36,000) keeps the presumption of denial without the reexport reason: the 2026 review never applied to it.
test_b200_to_china_2026_reexport_above_thresholds if {
	got := exportcheck.decide({"product": "nvidia-b200", "destination": "CN", "end_user_hq": "CN", "date": "2026-03-01", "ship_from": "TW"}, "enforced")
	got == {"deciding": 1, "decision": "license_required", "eccn": "3A090.a", "exception": "", "reasons": [{"citation": "ECCN 3A090.a.1 (88 FR 73458)", "classification": true, "message": "3A090.a.1: TPP 36,000 ≥ 4,800 (FP4 9000 × 4 bits)", "rule": "classify.3a090.a.1"}, {"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458", "message": "license required for 3A090.a to CN (D:1, D:4, D:5; not in A:5 or A:6)", "rule": "license.destination.d145"}, {"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458", "message": "license required for 3A090.a: end user headquartered in CN (D:5), wherever located outside the United States", "rule": "license.headquarters"}], "regime": "ear-2026-01-15", "review_policy": "presumption_of_denial"}
}
