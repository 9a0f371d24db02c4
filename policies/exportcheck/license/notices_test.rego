# Government notices over time: whole decisions on the day before a notice,
# while it is in force, and after the rule that takes over (the expected
# objects are the reviewed output of the policy).
package exportcheck.license_test

import data.exportcheck

# NVIDIA Form 8-K of 2023-10-23: the October 2023 rule's licence requirements
# applied at once to the A800 (not 3A090 under the 2022 text: I/O under 600 GB/s)
# for a D:1 destination; the day before, no licence; from 2023-11-17 the rule
# itself (3A090.a.1 to D:1, presumption of approval) and not the notice.
test_nvidia_2023_notice_a800_vietnam if {
	exportcheck.decide({"product": "nvidia-a800-sxm4-80gb", "destination": "VN", "end_user_hq": "VN", "date": "2023-10-22"}, "enforced") == {
		"deciding": 2, "decision": "allow",
		"eccn": "",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.a (87 FR 62186)",
				"classification": true,
				"message": "not 3A090 (2022 text): aggregate bidirectional I/O 464 GB/s < 600 GB/s; TPP 4,992 (INT8 624 × 8 bits)",
				"rule": "classify.3a090.2022.io_below",
			},
			{
				"citation": "15 CFR 748.3 (classification by the exporter); 15 CFR 758.1 (EEI names the ECCN)",
				"classification": true,
				"message": "not 3A090/4A090; its ECCN elsewhere on the CCL (4A994, 5A992, 3A991, EAR99, ...) is not in the data: classify NVIDIA A800 SXM4 80GB (China variant) before a filing names one",
				"rule": "classify.eccn_unknown",
			},
			{
				"citation": "15 CFR 732.3 (NLR)",
				"message": "no license required for this item (not 3A090/4A090) to VN (end user headquartered in VN)",
				"rule": "decision.nlr",
			},
		],
		"regime": "ear-2023-01-18",
		"review_policy": "",
	}
	exportcheck.decide({"product": "nvidia-a800-sxm4-80gb", "destination": "VN", "end_user_hq": "VN", "date": "2023-10-23"}, "enforced") == {
		"deciding": 2, "decision": "license_required",
		"eccn": "",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.a (87 FR 62186)",
				"classification": true,
				"message": "not 3A090 (2022 text): aggregate bidirectional I/O 464 GB/s < 600 GB/s; TPP 4,992 (INT8 624 × 8 bits)",
				"rule": "classify.3a090.2022.io_below",
			},
			{
				"citation": "15 CFR 748.3 (classification by the exporter); 15 CFR 758.1 (EEI names the ECCN)",
				"classification": true,
				"message": "not 3A090/4A090; its ECCN elsewhere on the CCL (4A994, 5A992, 3A991, EAR99, ...) is not in the data: classify NVIDIA A800 SXM4 80GB (China variant) before a filing names one",
				"rule": "classify.eccn_unknown",
			},
			{
				"citation": "NVIDIA Form 8-K, date of report 2023-10-23; 88 FR 73458; 15 CFR 742.6(a)(6)(iii) as published",
				"message": "Notice to NVIDIA: the October 2023 rule's licence requirements apply at once to the A100, A800, H100, H800 and L40S (and systems containing them) (nvidia-2023-10-23, from 2023-10-23): destination VN in D:1; addressed to NVIDIA, applied here to every exporter of the item as the stricter reading",
				"rule": "license.notice",
			},
		],
		"regime": "ear-2023-01-18",
		"review_policy": "unspecified",
	}
	exportcheck.decide({"product": "nvidia-a800-sxm4-80gb", "destination": "VN", "end_user_hq": "VN", "date": "2023-11-17"}, "enforced") == {
		"deciding": 1, "decision": "license_required",
		"eccn": "3A090.a",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.a.1 (88 FR 73458)",
				"classification": true,
				"message": "3A090.a.1: TPP 4,992 ≥ 4,800 (INT8 624 × 8 bits)",
				"rule": "classify.3a090.a.1",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458",
				"message": "license required for 3A090.a to VN (D:1; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
		],
		"regime": "ear-2023-11-17",
		"review_policy": "presumption_of_approval",
	}
}

# The notice follows the rule's destinations: D:1/D:4/D:5 not also in A:5/A:6
# (the 8-K: 'excluding Israel'), so Israel (D:4, A:6) needs no licence.
test_nvidia_2023_notice_except_groups if {
	exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "IL", "end_user_hq": "IL", "date": "2023-10-25"}, "enforced") == {
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
				"message": "no license required for 3A090.a to IL (end user headquartered in IL)",
				"rule": "decision.nlr",
			},
		],
		"regime": "ear-2023-01-18",
		"review_policy": "",
	}
}

# The rule's headquarters requirement (D:5 or Macau) came with the notice:
# an H100 for a China-headquartered end user in Germany; and the L40S (not
# 3A090 under the 2022 text) to China.
test_nvidia_2023_notice_headquarters if {
	exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "DE", "end_user_hq": "CN", "date": "2023-10-25"}, "enforced") == {
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
				"citation": "NVIDIA Form 8-K, date of report 2023-10-23; 88 FR 73458; 15 CFR 742.6(a)(6)(iii) as published",
				"message": "Notice to NVIDIA: the October 2023 rule's licence requirements apply at once to the A100, A800, H100, H800 and L40S (and systems containing them) (nvidia-2023-10-23, from 2023-10-23): end user headquartered in CN (D:5); addressed to NVIDIA, applied here to every exporter of the item as the stricter reading",
				"rule": "license.notice",
			},
		],
		"regime": "ear-2023-01-18",
		"review_policy": "unspecified",
	}
	exportcheck.decide({"product": "nvidia-l40s", "destination": "CN", "end_user_hq": "CN", "date": "2023-10-25"}, "enforced") == {
		"deciding": 2, "decision": "license_required",
		"eccn": "",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.a (87 FR 62186)",
				"classification": true,
				"message": "not 3A090 (2022 text): aggregate bidirectional I/O 64 GB/s < 600 GB/s; TPP 5,864 (FP8 733 × 8 bits)",
				"rule": "classify.3a090.2022.io_below",
			},
			{
				"citation": "15 CFR 748.3 (classification by the exporter); 15 CFR 758.1 (EEI names the ECCN)",
				"classification": true,
				"message": "not 3A090/4A090; its ECCN elsewhere on the CCL (4A994, 5A992, 3A991, EAR99, ...) is not in the data: classify NVIDIA L40S before a filing names one",
				"rule": "classify.eccn_unknown",
			},
			{
				"citation": "NVIDIA Form 8-K, date of report 2023-10-23; 88 FR 73458; 15 CFR 742.6(a)(6)(iii) as published",
				"message": "Notice to NVIDIA: the October 2023 rule's licence requirements apply at once to the A100, A800, H100, H800 and L40S (and systems containing them) (nvidia-2023-10-23, from 2023-10-23): destination CN in D:1, D:4, D:5; end user headquartered in CN (D:5); addressed to NVIDIA, applied here to every exporter of the item as the stricter reading",
				"rule": "license.notice",
			},
		],
		"regime": "ear-2023-01-18",
		"review_policy": "unspecified",
	}
}

# AMD's 2022 letter for the MI250/MI250X to China: from its first public
# report (2022-08-31) until the 2022 rule took over (2022-10-07).
test_amd_2022_letter_mi250x if {
	exportcheck.decide({"product": "amd-mi250x", "destination": "CN", "end_user_hq": "CN", "date": "2022-08-30"}, "enforced") == {
		"deciding": 1, "decision": "allow",
		"eccn": "",
		"exception": "",
		"reasons": [
			{
				"citation": "87 FR 62186 (3A090 effective 2022-10-07)",
				"classification": true,
				"message": "no 3A090 control in force yet (first effective 2022-10-07)",
				"rule": "classify.not_in_force",
			},
			{
				"citation": "15 CFR 732.3 (NLR)",
				"message": "no license required for this item (no 3A090/4A090 control in force) to CN (end user headquartered in CN)",
				"rule": "decision.nlr",
			},
		],
		"regime": "none",
		"review_policy": "",
	}
	exportcheck.decide({"product": "amd-mi250x", "destination": "CN", "end_user_hq": "CN", "date": "2022-08-31"}, "enforced") == {
		"deciding": 1, "decision": "license_required",
		"eccn": "",
		"exception": "",
		"reasons": [
			{
				"citation": "87 FR 62186 (3A090 effective 2022-10-07)",
				"classification": true,
				"message": "no 3A090 control in force yet (first effective 2022-10-07)",
				"rule": "classify.not_in_force",
			},
			{
				"citation": "AMD statement to Reuters, 2022-08-31; is-informed letter (15 CFR 744.21 or 744.23; the basis was not disclosed)",
				"message": "Is-informed letter to AMD: Instinct MI250 and MI250X to China (amd-2022-08-31, from 2022-08-31): destination CN; addressed to AMD, applied here to every exporter of the item as the stricter reading",
				"rule": "license.notice",
			},
		],
		"regime": "none",
		"review_policy": "unspecified",
	}
	exportcheck.decide({"product": "amd-mi250x", "destination": "HK", "end_user_hq": "US", "date": "2022-09-15"}, "enforced") == {
		"deciding": 1, "decision": "license_required",
		"eccn": "",
		"exception": "",
		"reasons": [
			{
				"citation": "87 FR 62186 (3A090 effective 2022-10-07)",
				"classification": true,
				"message": "no 3A090 control in force yet (first effective 2022-10-07)",
				"rule": "classify.not_in_force",
			},
			{
				"citation": "AMD statement to Reuters, 2022-08-31; is-informed letter (15 CFR 744.21 or 744.23; the basis was not disclosed)",
				"message": "Is-informed letter to AMD: Instinct MI250 and MI250X to China (amd-2022-08-31, from 2022-08-31): destination HK; addressed to AMD, applied here to every exporter of the item as the stricter reading",
				"rule": "license.notice",
			},
		],
		"regime": "none",
		"review_policy": "unspecified",
	}
}

# The addressee clause lists every company a letter names, and a notice
# that names none (guidance) has no clause.
test_notice_addressees_clause if {
	order := {"product": "amd-mi250x", "destination": "CN", "end_user_hq": "CN", "date": "2022-08-31"}
	want := {
		"deciding": 1,
		"decision": "license_required",
		"eccn": "",
		"exception": "",
		"reasons": [
			{
				"citation": "87 FR 62186 (3A090 effective 2022-10-07)",
				"classification": true,
				"message": "no 3A090 control in force yet (first effective 2022-10-07)",
				"rule": "classify.not_in_force",
			},
			{
				"citation": "AMD statement to Reuters, 2022-08-31; is-informed letter (15 CFR 744.21 or 744.23; the basis was not disclosed)",
				"message": "Is-informed letter to AMD: Instinct MI250 and MI250X to China (amd-2022-08-31, from 2022-08-31): destination CN; addressed to AMD, Example Servers and Example Resale, applied here to every exporter of the item as the stricter reading",
				"rule": "license.notice",
			},
		],
		"regime": "none",
		"review_policy": "unspecified",
	}
	exportcheck.decide(order, "enforced") == want with data.notices["amd-2022-08-31"].addressees as ["AMD", "Example Servers", "Example Resale"]
	no_addressees := object.remove(data.notices["amd-2022-08-31"], ["addressees"])
	exportcheck.decide(order, "enforced") == json.patch(want, [{
		"op": "replace", "path": "/reasons/1/message",
		"value": "Is-informed letter to AMD: Instinct MI250 and MI250X to China (amd-2022-08-31, from 2022-08-31): destination CN",
	}]) with data.notices["amd-2022-08-31"] as no_addressees
}
