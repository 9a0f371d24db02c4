# Country facts that change on a date, as whole decisions on the day before
# and the day the change takes effect (the expected objects are the reviewed
# output of the policy; sources in data and docs/regulation-sources.md).
package exportcheck.license_test

import data.exportcheck

# Syria (E:1): prohibited until 2025-09-01; from 2025-09-02 (15 CFR 746.9 as
# revised by 90 FR 42315) a licence reviewed case by case, Syria still in E:1.
test_syria_embargo_then_licence if {
	exportcheck.decide({"product": "nvidia-rtx-4060", "destination": "SY", "end_user_hq": "SY", "date": "2025-09-01"}, "enforced") == {
		"deciding": 2, "decision": "prohibited",
		"eccn": "4A994.l",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090 Note 2 (88 FR 73458)",
				"classification": true,
				"message": "not 3A090 (Note 2): not designed or marketed for datacenters and TPP 968 < 4,800 (FP16_fp16acc 60.5 × 16 bits)",
				"rule": "classify.3a090.note2",
			},
			{
				"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)",
				"classification": true,
				"message": "not 3A090/4A090: 4A994.l as its vendor classifies the boards like it; the item itself is not in the vendor's list: confirm with the vendor before a filing names it (NVIDIA ECCN service lists the RTX 4060 Ti, 4070 SUPER and 4080 SUPER as 4A994.l; the RTX 4060 is taken as its sibling boards)",
				"rule": "classify.vendor_eccn",
			},
			{
				"citation": "15 CFR 746.9; 15 CFR part 746; Country Groups E:1/E:2 (15 CFR part 740, Supp. 1)",
				"message": "SY is in Country Group E:1: embargoed destination, no export of items subject to the EAR",
				"rule": "license.embargo",
			},
		],
		"regime": "ear-2024-12-02",
		"review_policy": "",
	}
	exportcheck.decide({"product": "nvidia-rtx-4060", "destination": "SY", "end_user_hq": "SY", "date": "2025-09-02"}, "enforced") == {
		"deciding": 2, "decision": "license_required",
		"eccn": "4A994.l",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090 Note 2 (88 FR 73458)",
				"classification": true,
				"message": "not 3A090 (Note 2): not designed or marketed for datacenters and TPP 968 < 4,800 (FP16_fp16acc 60.5 × 16 bits)",
				"rule": "classify.3a090.note2",
			},
			{
				"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)",
				"classification": true,
				"message": "not 3A090/4A090: 4A994.l as its vendor classifies the boards like it; the item itself is not in the vendor's list: confirm with the vendor before a filing names it (NVIDIA ECCN service lists the RTX 4060 Ti, 4070 SUPER and 4080 SUPER as 4A994.l; the RTX 4060 is taken as its sibling boards)",
				"rule": "classify.vendor_eccn",
			},
			{
				"citation": "15 CFR 746.9(a), (c) as revised by 90 FR 42315",
				"message": "SY: Syria: license required for all items subject to the EAR except EAR99 items (License Exception SPP); presumption of approval for specified civil end uses, case by case otherwise",
				"rule": "license.sanctions",
			},
		],
		"regime": "ear-2024-12-02",
		"review_policy": "case_by_case",
	}
}

# After the easing a 3A090.a chip to Syria still needs a licence under the
# advanced-computing rules (D:4, D:5), whose presumption of denial is the
# strictest review policy.
test_syria_advanced_chip_after_easing if {
	exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "SY", "end_user_hq": "SY", "date": "2025-09-01"}, "enforced") == {
		"deciding": 1, "decision": "prohibited",
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
				"citation": "15 CFR 746.9; 15 CFR part 746; Country Groups E:1/E:2 (15 CFR part 740, Supp. 1)",
				"message": "SY is in Country Group E:1: embargoed destination, no export of items subject to the EAR",
				"rule": "license.embargo",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458",
				"message": "license required for 3A090.a to SY (D:4, D:5; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a: end user headquartered in SY (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
		],
		"regime": "ear-2024-12-02",
		"review_policy": "",
	}
	exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "SY", "end_user_hq": "SY", "date": "2025-09-02"}, "enforced") == {
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
				"message": "license required for 3A090.a to SY (D:4, D:5; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a: end user headquartered in SY (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
			{
				"citation": "15 CFR 746.9(a), (c) as revised by 90 FR 42315",
				"message": "SY: Syria: license required for all items subject to the EAR except EAR99 items (License Exception SPP); presumption of approval for specified civil end uses, case by case otherwise",
				"rule": "license.sanctions",
			},
		],
		"regime": "ear-2024-12-02",
		"review_policy": "presumption_of_denial",
	}
}

# State rescinded Syria's State Sponsor of Terrorism designation effective
# 2026-08-24, but no BIS rule took Syria out of E:1 and no State rule out of
# 22 CFR 126.1 (D:5) by 2026-12-06: the groups stay, E:1 decides nothing
# (the 746.9 programme replaced the embargo on 2025-09-02), and D:5 keeps the
# advanced-computing requirement and its presumption of denial
# (docs/regulation-sources.md, third watch 2026-12-06).
test_syria_after_sst_rescission_2026 if {
	exportcheck.license.country_facts("SY", "2026-09-01") == {
		"in": {"D:3", "D:4", "D:5", "E:1"}, "embargo": ["E:1"], "d145": true, "d5m": true,
		"groups": "D:4, D:5",
	}
	exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "SY", "end_user_hq": "SY", "date": "2026-09-01"}, "enforced") == {
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
				"message": "license required for 3A090.a to SY (D:4, D:5; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a: end user headquartered in SY (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
			{
				"citation": "15 CFR 746.9(a), (c) as revised by 90 FR 42315",
				"message": "SY: Syria: license required for all items subject to the EAR except EAR99 items (License Exception SPP); presumption of approval for specified civil end uses, case by case otherwise",
				"rule": "license.sanctions",
			},
		],
		"regime": "ear-2026-01-15",
		"review_policy": "presumption_of_denial",
	}
}

# Nicaragua joined D:1 and D:5 on 2024-03-15 (89 FR 18780): before, no
# advanced-computing licence; from then D:5 (presumption of denial, also as
# headquarters).
test_nicaragua_joins_d1_d5 if {
	exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "NI", "end_user_hq": "US", "date": "2024-03-14"}, "enforced") == {
		"deciding": 1, "decision": "allow",
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
				"citation": "15 CFR 732.3 (NLR)",
				"message": "no license required for 3A090.a to NI (end user headquartered in US)",
				"rule": "decision.nlr",
			},
		],
		"regime": "ear-2023-11-17",
		"review_policy": "",
	}
	exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "NI", "end_user_hq": "US", "date": "2024-03-15"}, "enforced") == {
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
				"message": "license required for 3A090.a to NI (D:1, D:5; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
		],
		"regime": "ear-2023-11-17",
		"review_policy": "presumption_of_denial",
	}
	exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "DE", "end_user_hq": "NI", "date": "2024-03-15"}, "enforced") == {
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
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a: end user headquartered in NI (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
		],
		"regime": "ear-2023-11-17",
		"review_policy": "presumption_of_denial",
	}
}

# Cambodia left D:5 when State removed it from 22 CFR 126.1 (2025-11-07;
# the D:5 note makes State's list controlling), not on BIS's conforming rule
# (2026-02-03): from 2025-11-07 D:1 only (presumption of approval; ACA for
# 3A090.b).
test_cambodia_leaves_d5 if {
	exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "KH", "end_user_hq": "KH", "date": "2025-11-06"}, "enforced") == {
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
				"message": "license required for 3A090.a to KH (D:1, D:5; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a: end user headquartered in KH (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
		],
		"regime": "ear-2024-12-02",
		"review_policy": "presumption_of_denial",
	}
	exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "KH", "end_user_hq": "KH", "date": "2025-11-07"}, "enforced") == {
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
				"message": "license required for 3A090.a to KH (D:1; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
		],
		"regime": "ear-2024-12-02",
		"review_policy": "presumption_of_approval",
	}
	exportcheck.decide({"product": "nvidia-l40", "destination": "KH", "end_user_hq": "US", "date": "2025-11-07"}, "enforced") == {
		"deciding": 3, "decision": "exception",
		"eccn": "3A090.b",
		"exception": "ACA",
		"reasons": [
			{
				"citation": "ECCN 3A090.b.1 (88 FR 73458)",
				"classification": true,
				"message": "3A090.b.1: 2,400 ≤ TPP 2,897 < 4,800 and 1.6 ≤ PD 4.76 < 5.92 (2,897 / 608.4 mm²)",
				"rule": "classify.3a090.b.1",
			},
			{
				"citation": "ECCN 3A090 Note 4 and the .z paragraphs of 15 CFR part 774, Supp. 1 (88 FR 73458); 15 CFR 748.3 (classification by the exporter)",
				"classification": true,
				"message": "filing ECCN 4A090.b as its vendor classifies it (NVIDIA ECCN service, part 900-2G133-0010-000 (L40 48GB)); the licence requirements are those of 3A090.b",
				"rule": "classify.filing_eccn",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458",
				"message": "license required for 3A090.b to KH (D:1; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 740.8; 89 FR 23876",
				"message": "License Exception ACA available for 3A090.b to KH (no notification required)",
				"rule": "license.exception.aca",
			},
		],
		"regime": "ear-2024-12-02",
		"review_policy": "",
	}
}

# Ethiopia is D:5 through 22 CFR 126.1(n) (2021-11-01), though the printed
# table omits it: a 3A090 item needs a licence, presumption of denial.
test_ethiopia_d5 if {
	exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "ET", "end_user_hq": "ET", "date": "2024-06-01"}, "enforced") == {
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
				"message": "license required for 3A090.a to ET (D:5; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a: end user headquartered in ET (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "presumption_of_denial",
	}
}

# The Macau rule (88 FR 2821, published 2023-01-18) took effect on 2023-01-17.
test_macau_from_2023_01_17 if {
	exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "MO", "end_user_hq": "MO", "date": "2023-01-16"}, "enforced") == {
		"deciding": 1, "decision": "allow",
		"eccn": "3A090.a",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.a (87 FR 62186)",
				"classification": true,
				"message": "3A090.a (2022 text): TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits) and aggregate bidirectional I/O 1,028 GB/s ≥ 600 GB/s",
				"rule": "classify.3a090.2022",
			},
			{
				"citation": "15 CFR 732.3 (NLR)",
				"message": "no license required for 3A090.a to MO (end user headquartered in MO)",
				"rule": "decision.nlr",
			},
		],
		"regime": "ear-2022-10-07",
		"review_policy": "",
	}
	exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "MO", "end_user_hq": "MO", "date": "2023-01-17"}, "enforced") == {
		"deciding": 1, "decision": "license_required",
		"eccn": "3A090.a",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.a (87 FR 62186)",
				"classification": true,
				"message": "3A090.a (2022 text): TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits) and aggregate bidirectional I/O 1,028 GB/s ≥ 600 GB/s",
				"rule": "classify.3a090.2022",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(i); 87 FR 62186; 88 FR 2821",
				"message": "license required for 3A090.a to MO under the 2022 rule",
				"rule": "license.destination.china",
			},
		],
		"regime": "ear-2023-01-18",
		"review_policy": "presumption_of_denial",
	}
}

# The AI-diffusion what-if required a licence to every destination except
# the United States.
test_ai_diffusion_not_to_the_united_states if {
	exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "US", "end_user_hq": "US", "date": "2025-06-01"}, "ai-diffusion") == {
		"deciding": 1, "decision": "allow",
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
				"citation": "15 CFR 732.3 (NLR)",
				"message": "no license required for 3A090.a to US (end user headquartered in US)",
				"rule": "decision.nlr",
			},
		],
		"regime": "ear-2025-01-13",
		"review_policy": "",
	}
}

# The 2026 case-by-case thresholds need both figures known and below them:
# an unknown TPP or DRAM bandwidth is not under them.
test_under_2026_thresholds_needs_known_figures if {
	data.exportcheck.license.under_2026_thresholds({"tpp": 15832, "dram": 4800})
	not data.exportcheck.license.under_2026_thresholds({"tpp": null, "dram": 4800})
	not data.exportcheck.license.under_2026_thresholds({"tpp": 15832, "dram": null})
	not data.exportcheck.license.under_2026_thresholds({"tpp": 21000, "dram": 4800})
	not data.exportcheck.license.under_2026_thresholds({"tpp": 15832, "dram": 6500})
}

# A notice names a system through its components: a DGX H100 (H100s, not
# an Ascend) to the UAE in June 2025 is judged by the 2023 rule alone, not
# by the GP10 guidance on Huawei Ascend that reaches every destination.
test_notice_does_not_name_other_systems if {
	exportcheck.decide({"product": "nvidia-dgx-h100", "destination": "AE", "end_user_hq": "AE", "date": "2025-06-01"}, "enforced") == {
		"deciding": 2, "decision": "license_required",
		"eccn": "4A090.a",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 4A090 (87 FR 62186; 88 FR 73458)",
				"classification": true,
				"message": "4A090.a: contains 8 × NVIDIA H100 SXM5 80GB (3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits))",
				"rule": "classify.4a090",
			},
			{
				"citation": "ECCN 3A090 Note 4 and the .z paragraphs of 15 CFR part 774, Supp. 1 (88 FR 73458); 15 CFR 748.3 (classification by the exporter)",
				"classification": true,
				"message": "filing ECCN 5A002.z.1 as its vendor classifies it (NVIDIA ECCN service, parts 920-24387-2540-0R0 and -2540-1R0 (DGX H100 640GB)); the licence requirements are those of 4A090.a",
				"rule": "classify.filing_eccn",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458",
				"message": "license required for 4A090.a to AE (D:4; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
		],
		"regime": "ear-2024-12-02",
		"review_policy": "presumption_of_approval",
	}
}
