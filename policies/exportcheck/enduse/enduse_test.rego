# End-use requirements for whole orders (15 CFR 744.21-744.23, 744.2-744.4),
# asserting the whole result object. Generated from the policy output and
# reviewed; after a reviewed policy change, update them.
package exportcheck.enduse_test

import data.exportcheck

# 744.21: a military end use in China requires a licence for an item not otherwise controlled there.
test_military_rtx4060_to_china if {
	got := exportcheck.decide({"product": "nvidia-rtx-4060", "destination": "CN", "end_user_hq": "CN", "date": "2024-06-01", "end_use": "military"}, "enforced")
	got == {"deciding": 2, "decision": "license_required", "eccn": "4A994.l", "exception": "", "reasons": [{"citation": "ECCN 3A090 Note 2 (88 FR 73458)", "classification": true, "message": "not 3A090 (Note 2): not designed or marketed for datacenters and TPP 968 < 4,800 (FP16_fp16acc 60.5 × 16 bits)", "rule": "classify.3a090.note2"}, {"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)", "classification": true, "message": "not 3A090/4A090: 4A994.l as its vendor classifies the boards like it; the item itself is not in the vendor's list: confirm with the vendor before a filing names it (NVIDIA ECCN service lists the RTX 4060 Ti, 4070 SUPER and 4080 SUPER as 4A994.l; the RTX 4060 is taken as its sibling boards)", "rule": "classify.vendor_eccn"}, {"citation": "15 CFR 744.21", "message": "license required: end use military (Military end use or military end user) in CN", "rule": "end_use.countries"}], "regime": "ear-2024-04-04", "review_policy": "presumption_of_denial"}
}

# Blank end use: no knowledge of a prohibited end use, no end-use paragraph applies.
test_blank_end_use_rtx4060_to_china if {
	got := exportcheck.decide({"product": "nvidia-rtx-4060", "destination": "CN", "end_user_hq": "CN", "date": "2024-06-01", "end_use": ""}, "enforced")
	got == {"deciding": 2, "decision": "allow", "eccn": "4A994.l", "exception": "", "reasons": [{"citation": "ECCN 3A090 Note 2 (88 FR 73458)", "classification": true, "message": "not 3A090 (Note 2): not designed or marketed for datacenters and TPP 968 < 4,800 (FP16_fp16acc 60.5 × 16 bits)", "rule": "classify.3a090.note2"}, {"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)", "classification": true, "message": "not 3A090/4A090: 4A994.l as its vendor classifies the boards like it; the item itself is not in the vendor's list: confirm with the vendor before a filing names it (NVIDIA ECCN service lists the RTX 4060 Ti, 4070 SUPER and 4080 SUPER as 4A994.l; the RTX 4060 is taken as its sibling boards)", "rule": "classify.vendor_eccn"}, {"citation": "15 CFR 732.3 (NLR)", "message": "no license required for 4A994.l to CN (end user headquartered in CN)", "rule": "decision.nlr"}], "regime": "ear-2024-04-04", "review_policy": ""}
}

# A stated commercial end use adds nothing.
test_commercial_rtx4060_to_china if {
	got := exportcheck.decide({"product": "nvidia-rtx-4060", "destination": "CN", "end_user_hq": "CN", "date": "2024-06-01", "end_use": "commercial"}, "enforced")
	got == {"deciding": 2, "decision": "allow", "eccn": "4A994.l", "exception": "", "reasons": [{"citation": "ECCN 3A090 Note 2 (88 FR 73458)", "classification": true, "message": "not 3A090 (Note 2): not designed or marketed for datacenters and TPP 968 < 4,800 (FP16_fp16acc 60.5 × 16 bits)", "rule": "classify.3a090.note2"}, {"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)", "classification": true, "message": "not 3A090/4A090: 4A994.l as its vendor classifies the boards like it; the item itself is not in the vendor's list: confirm with the vendor before a filing names it (NVIDIA ECCN service lists the RTX 4060 Ti, 4070 SUPER and 4080 SUPER as 4A994.l; the RTX 4060 is taken as its sibling boards)", "rule": "classify.vendor_eccn"}, {"citation": "15 CFR 732.3 (NLR)", "message": "no license required for 4A994.l to CN (end user headquartered in CN)", "rule": "decision.nlr"}], "regime": "ear-2024-04-04", "review_policy": ""}
}

# 744.21 names no EU country: military end use in Germany adds nothing.
test_military_rtx4060_to_germany if {
	got := exportcheck.decide({"product": "nvidia-rtx-4060", "destination": "DE", "end_user_hq": "DE", "date": "2024-06-01", "end_use": "military"}, "enforced")
	got == {"deciding": 2, "decision": "allow", "eccn": "4A994.l", "exception": "", "reasons": [{"citation": "ECCN 3A090 Note 2 (88 FR 73458)", "classification": true, "message": "not 3A090 (Note 2): not designed or marketed for datacenters and TPP 968 < 4,800 (FP16_fp16acc 60.5 × 16 bits)", "rule": "classify.3a090.note2"}, {"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)", "classification": true, "message": "not 3A090/4A090: 4A994.l as its vendor classifies the boards like it; the item itself is not in the vendor's list: confirm with the vendor before a filing names it (NVIDIA ECCN service lists the RTX 4060 Ti, 4070 SUPER and 4080 SUPER as 4A994.l; the RTX 4060 is taken as its sibling boards)", "rule": "classify.vendor_eccn"}, {"citation": "15 CFR 732.3 (NLR)", "message": "no license required for 4A994.l to DE (end user headquartered in DE)", "rule": "decision.nlr"}], "regime": "ear-2024-04-04", "review_policy": ""}
}

# Nicaragua is subject to 744.21 only with its D:5 listing of 2024-03-15 (89 FR 18780).
test_military_rtx4060_to_nicaragua_before_2024_rule if {
	got := exportcheck.decide({"product": "nvidia-rtx-4060", "destination": "NI", "end_user_hq": "NI", "date": "2024-03-01", "end_use": "military"}, "enforced")
	got == {"deciding": 2, "decision": "allow", "eccn": "4A994.l", "exception": "", "reasons": [{"citation": "ECCN 3A090 Note 2 (88 FR 73458)", "classification": true, "message": "not 3A090 (Note 2): not designed or marketed for datacenters and TPP 968 < 4,800 (FP16_fp16acc 60.5 × 16 bits)", "rule": "classify.3a090.note2"}, {"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)", "classification": true, "message": "not 3A090/4A090: 4A994.l as its vendor classifies the boards like it; the item itself is not in the vendor's list: confirm with the vendor before a filing names it (NVIDIA ECCN service lists the RTX 4060 Ti, 4070 SUPER and 4080 SUPER as 4A994.l; the RTX 4060 is taken as its sibling boards)", "rule": "classify.vendor_eccn"}, {"citation": "15 CFR 732.3 (NLR)", "message": "no license required for 4A994.l to NI (end user headquartered in NI)", "rule": "decision.nlr"}], "regime": "ear-2023-11-17", "review_policy": ""}
}

# From 2024-03-15 a military end use in Nicaragua requires a licence.
test_military_rtx4060_to_nicaragua_after_2024_rule if {
	got := exportcheck.decide({"product": "nvidia-rtx-4060", "destination": "NI", "end_user_hq": "NI", "date": "2024-04-01", "end_use": "military"}, "enforced")
	got == {"deciding": 2, "decision": "license_required", "eccn": "4A994.l", "exception": "", "reasons": [{"citation": "ECCN 3A090 Note 2 (88 FR 73458)", "classification": true, "message": "not 3A090 (Note 2): not designed or marketed for datacenters and TPP 968 < 4,800 (FP16_fp16acc 60.5 × 16 bits)", "rule": "classify.3a090.note2"}, {"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)", "classification": true, "message": "not 3A090/4A090: 4A994.l as its vendor classifies the boards like it; the item itself is not in the vendor's list: confirm with the vendor before a filing names it (NVIDIA ECCN service lists the RTX 4060 Ti, 4070 SUPER and 4080 SUPER as 4A994.l; the RTX 4060 is taken as its sibling boards)", "rule": "classify.vendor_eccn"}, {"citation": "15 CFR 744.21", "message": "license required: end use military (Military end use or military end user) in NI", "rule": "end_use.countries"}], "regime": "ear-2023-11-17", "review_policy": "presumption_of_denial"}
}

# Belarus is subject to 744.21 from the Russia-sanctions rule of 2022-03-02.
test_military_rtx4060_to_belarus_before_sanctions if {
	got := exportcheck.decide({"product": "nvidia-rtx-4060", "destination": "BY", "end_user_hq": "BY", "date": "2022-02-01", "end_use": "military"}, "enforced")
	got == {"deciding": 1, "decision": "allow", "eccn": "", "exception": "", "reasons": [{"citation": "87 FR 62186 (3A090 effective 2022-10-07)", "classification": true, "message": "no 3A090 control in force yet (first effective 2022-10-07)", "rule": "classify.not_in_force"}, {"citation": "15 CFR 732.3 (NLR)", "message": "no license required for this item (no 3A090/4A090 control in force) to BY (end user headquartered in BY)", "rule": "decision.nlr"}], "regime": "none", "review_policy": ""}
}

# From 2022-03-02 Belarus: the sanctions programme and the military end use both require a licence.
test_military_rtx4060_to_belarus_after_sanctions if {
	got := exportcheck.decide({"product": "nvidia-rtx-4060", "destination": "BY", "end_user_hq": "BY", "date": "2022-04-01", "end_use": "military"}, "enforced")
	got == {"deciding": 1, "decision": "license_required", "eccn": "", "exception": "", "reasons": [{"citation": "87 FR 62186 (3A090 effective 2022-10-07)", "classification": true, "message": "no 3A090 control in force yet (first effective 2022-10-07)", "rule": "classify.not_in_force"}, {"citation": "15 CFR 744.21", "message": "license required: end use military (Military end use or military end user) in BY", "rule": "end_use.countries"}, {"citation": "15 CFR 746.8", "message": "BY: Belarus: license required for all items subject to the EAR on the CCL and many EAR99 items", "rule": "license.sanctions"}], "regime": "none", "review_policy": "policy_of_denial"}
}

# On 2022-03-02 itself, the day the sanctions programme takes effect, the military end use applies.
test_military_rtx4060_to_belarus_on_sanctions_day if {
	got := exportcheck.decide({"product": "nvidia-rtx-4060", "destination": "BY", "end_user_hq": "BY", "date": "2022-03-02", "end_use": "military"}, "enforced")
	got == {"deciding": 1, "decision": "license_required", "eccn": "", "exception": "", "reasons": [{"citation": "87 FR 62186 (3A090 effective 2022-10-07)", "classification": true, "message": "no 3A090 control in force yet (first effective 2022-10-07)", "rule": "classify.not_in_force"}, {"citation": "15 CFR 744.21", "message": "license required: end use military (Military end use or military end user) in BY", "rule": "end_use.countries"}, {"citation": "15 CFR 746.8", "message": "BY: Belarus: license required for all items subject to the EAR on the CCL and many EAR99 items", "rule": "license.sanctions"}], "regime": "none", "review_policy": "policy_of_denial"}
}

# 744.22 names Country Groups E:1/E:2: the embargo prohibits, the end use is shown too.
test_military_intelligence_rtx4060_to_cuba if {
	got := exportcheck.decide({"product": "nvidia-rtx-4060", "destination": "CU", "end_user_hq": "CU", "date": "2024-06-01", "end_use": "military_intelligence"}, "enforced")
	got == {"deciding": 2, "decision": "prohibited", "eccn": "4A994.l", "exception": "", "reasons": [{"citation": "ECCN 3A090 Note 2 (88 FR 73458)", "classification": true, "message": "not 3A090 (Note 2): not designed or marketed for datacenters and TPP 968 < 4,800 (FP16_fp16acc 60.5 × 16 bits)", "rule": "classify.3a090.note2"}, {"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)", "classification": true, "message": "not 3A090/4A090: 4A994.l as its vendor classifies the boards like it; the item itself is not in the vendor's list: confirm with the vendor before a filing names it (NVIDIA ECCN service lists the RTX 4060 Ti, 4070 SUPER and 4080 SUPER as 4A994.l; the RTX 4060 is taken as its sibling boards)", "rule": "classify.vendor_eccn"}, {"citation": "15 CFR 746.2; 15 CFR part 746; Country Groups E:1/E:2 (15 CFR part 740, Supp. 1)", "message": "CU is in Country Group E:2: embargoed destination, no export of items subject to the EAR", "rule": "license.embargo"}, {"citation": "15 CFR 744.22", "message": "license required: end use military_intelligence (Military-intelligence end use or end user) in CU (Country Group E:2)", "rule": "end_use.countries"}], "regime": "ear-2024-04-04", "review_policy": ""}
}

# 744.22: military-intelligence end use in Venezuela.
test_military_intelligence_rtx4060_to_venezuela if {
	got := exportcheck.decide({"product": "nvidia-rtx-4060", "destination": "VE", "end_user_hq": "VE", "date": "2024-06-01", "end_use": "military_intelligence"}, "enforced")
	got == {"deciding": 2, "decision": "license_required", "eccn": "4A994.l", "exception": "", "reasons": [{"citation": "ECCN 3A090 Note 2 (88 FR 73458)", "classification": true, "message": "not 3A090 (Note 2): not designed or marketed for datacenters and TPP 968 < 4,800 (FP16_fp16acc 60.5 × 16 bits)", "rule": "classify.3a090.note2"}, {"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)", "classification": true, "message": "not 3A090/4A090: 4A994.l as its vendor classifies the boards like it; the item itself is not in the vendor's list: confirm with the vendor before a filing names it (NVIDIA ECCN service lists the RTX 4060 Ti, 4070 SUPER and 4080 SUPER as 4A994.l; the RTX 4060 is taken as its sibling boards)", "rule": "classify.vendor_eccn"}, {"citation": "15 CFR 744.22", "message": "license required: end use military_intelligence (Military-intelligence end use or end user) in VE", "rule": "end_use.countries"}], "regime": "ear-2024-04-04", "review_policy": "presumption_of_denial"}
}

# Before 2022-10-07 no 744.23 end-use paragraph exists.
test_supercomputer_rtx4060_to_china_before_2022_rule if {
	got := exportcheck.decide({"product": "nvidia-rtx-4060", "destination": "CN", "end_user_hq": "CN", "date": "2022-09-01", "end_use": "supercomputer"}, "enforced")
	got == {"deciding": 1, "decision": "allow", "eccn": "", "exception": "", "reasons": [{"citation": "87 FR 62186 (3A090 effective 2022-10-07)", "classification": true, "message": "no 3A090 control in force yet (first effective 2022-10-07)", "rule": "classify.not_in_force"}, {"citation": "15 CFR 732.3 (NLR)", "message": "no license required for this item (no 3A090/4A090 control in force) to CN (end user headquartered in CN)", "rule": "decision.nlr"}], "regime": "none", "review_policy": ""}
}

# 744.23(a)(1) under the 2022 rule: supercomputer end use in China.
test_supercomputer_rtx4060_to_china_2022_rule if {
	got := exportcheck.decide({"product": "nvidia-rtx-4060", "destination": "CN", "end_user_hq": "CN", "date": "2022-12-01", "end_use": "supercomputer"}, "enforced")
	got == {"deciding": 2, "decision": "license_required", "eccn": "4A994.l", "exception": "", "reasons": [{"citation": "ECCN 3A090.a (87 FR 62186)", "classification": true, "message": "not 3A090 (2022 text): aggregate bidirectional I/O 32 GB/s < 600 GB/s; TPP 968 (FP16_fp16acc 60.5 × 16 bits)", "rule": "classify.3a090.2022.io_below"}, {"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)", "classification": true, "message": "not 3A090/4A090: 4A994.l as its vendor classifies the boards like it; the item itself is not in the vendor's list: confirm with the vendor before a filing names it (NVIDIA ECCN service lists the RTX 4060 Ti, 4070 SUPER and 4080 SUPER as 4A994.l; the RTX 4060 is taken as its sibling boards)", "rule": "classify.vendor_eccn"}, {"citation": "15 CFR 744.23(a)(1); 87 FR 62186; 88 FR 2821; 88 FR 73458", "message": "license required: end use supercomputer (Development, production, operation, installation, maintenance, repair, overhaul or refurbishing of a supercomputer) in or for CN (China or Macau, 2022 rule)", "rule": "end_use.advanced_computing"}], "regime": "ear-2022-10-07", "review_policy": "presumption_of_denial"}
}

# Macau joins 744.23 on 2023-01-17.
test_supercomputer_rtx4060_to_macau_before_macau_rule if {
	got := exportcheck.decide({"product": "nvidia-rtx-4060", "destination": "MO", "end_user_hq": "MO", "date": "2023-01-10", "end_use": "supercomputer"}, "enforced")
	got == {"deciding": 2, "decision": "allow", "eccn": "4A994.l", "exception": "", "reasons": [{"citation": "ECCN 3A090.a (87 FR 62186)", "classification": true, "message": "not 3A090 (2022 text): aggregate bidirectional I/O 32 GB/s < 600 GB/s; TPP 968 (FP16_fp16acc 60.5 × 16 bits)", "rule": "classify.3a090.2022.io_below"}, {"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)", "classification": true, "message": "not 3A090/4A090: 4A994.l as its vendor classifies the boards like it; the item itself is not in the vendor's list: confirm with the vendor before a filing names it (NVIDIA ECCN service lists the RTX 4060 Ti, 4070 SUPER and 4080 SUPER as 4A994.l; the RTX 4060 is taken as its sibling boards)", "rule": "classify.vendor_eccn"}, {"citation": "15 CFR 732.3 (NLR)", "message": "no license required for 4A994.l to MO (end user headquartered in MO)", "rule": "decision.nlr"}], "regime": "ear-2022-10-07", "review_policy": ""}
}

# From 2023-01-17 the supercomputer end use in Macau requires a licence.
test_supercomputer_rtx4060_to_macau_after_macau_rule if {
	got := exportcheck.decide({"product": "nvidia-rtx-4060", "destination": "MO", "end_user_hq": "MO", "date": "2023-02-01", "end_use": "supercomputer"}, "enforced")
	got == {"deciding": 2, "decision": "license_required", "eccn": "4A994.l", "exception": "", "reasons": [{"citation": "ECCN 3A090.a (87 FR 62186)", "classification": true, "message": "not 3A090 (2022 text): aggregate bidirectional I/O 32 GB/s < 600 GB/s; TPP 968 (FP16_fp16acc 60.5 × 16 bits)", "rule": "classify.3a090.2022.io_below"}, {"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)", "classification": true, "message": "not 3A090/4A090: 4A994.l as its vendor classifies the boards like it; the item itself is not in the vendor's list: confirm with the vendor before a filing names it (NVIDIA ECCN service lists the RTX 4060 Ti, 4070 SUPER and 4080 SUPER as 4A994.l; the RTX 4060 is taken as its sibling boards)", "rule": "classify.vendor_eccn"}, {"citation": "15 CFR 744.23(a)(1); 87 FR 62186; 88 FR 2821; 88 FR 73458", "message": "license required: end use supercomputer (Development, production, operation, installation, maintenance, repair, overhaul or refurbishing of a supercomputer) in or for MO (China or Macau, 2022 rule)", "rule": "end_use.advanced_computing"}], "regime": "ear-2023-01-18", "review_policy": "presumption_of_denial"}
}

# Under the 2022 rule 744.23 reaches China only: a D:5 country is not named.
test_ic_fab_rtx4060_to_afghanistan_2022_rule if {
	got := exportcheck.decide({"product": "nvidia-rtx-4060", "destination": "AF", "end_user_hq": "AF", "date": "2023-06-01", "end_use": "advanced_node_ic_fab"}, "enforced")
	got == {"deciding": 2, "decision": "allow", "eccn": "4A994.l", "exception": "", "reasons": [{"citation": "ECCN 3A090.a (87 FR 62186)", "classification": true, "message": "not 3A090 (2022 text): aggregate bidirectional I/O 32 GB/s < 600 GB/s; TPP 968 (FP16_fp16acc 60.5 × 16 bits)", "rule": "classify.3a090.2022.io_below"}, {"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)", "classification": true, "message": "not 3A090/4A090: 4A994.l as its vendor classifies the boards like it; the item itself is not in the vendor's list: confirm with the vendor before a filing names it (NVIDIA ECCN service lists the RTX 4060 Ti, 4070 SUPER and 4080 SUPER as 4A994.l; the RTX 4060 is taken as its sibling boards)", "rule": "classify.vendor_eccn"}, {"citation": "15 CFR 732.3 (NLR)", "message": "no license required for 4A994.l to AF (end user headquartered in AF)", "rule": "decision.nlr"}], "regime": "ear-2023-01-18", "review_policy": ""}
}

# From 2023-11-17 744.23(a)(2) reaches every D:5 country.
test_ic_fab_rtx4060_to_afghanistan_2023_rule if {
	got := exportcheck.decide({"product": "nvidia-rtx-4060", "destination": "AF", "end_user_hq": "AF", "date": "2024-06-01", "end_use": "advanced_node_ic_fab"}, "enforced")
	got == {"deciding": 2, "decision": "license_required", "eccn": "4A994.l", "exception": "", "reasons": [{"citation": "ECCN 3A090 Note 2 (88 FR 73458)", "classification": true, "message": "not 3A090 (Note 2): not designed or marketed for datacenters and TPP 968 < 4,800 (FP16_fp16acc 60.5 × 16 bits)", "rule": "classify.3a090.note2"}, {"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)", "classification": true, "message": "not 3A090/4A090: 4A994.l as its vendor classifies the boards like it; the item itself is not in the vendor's list: confirm with the vendor before a filing names it (NVIDIA ECCN service lists the RTX 4060 Ti, 4070 SUPER and 4080 SUPER as 4A994.l; the RTX 4060 is taken as its sibling boards)", "rule": "classify.vendor_eccn"}, {"citation": "15 CFR 744.23(a)(2); 87 FR 62186; 88 FR 2821; 88 FR 73458", "message": "license required: end use advanced_node_ic_fab (Development or production of integrated circuits at a facility where advanced-node ICs are produced) in or for AF (Macau or Country Group D:5)", "rule": "end_use.advanced_computing"}], "regime": "ear-2024-04-04", "review_policy": "presumption_of_denial"}
}

# A 3A090.b item eligible for NAC: the end use requires a licence, the exception does not cover it.
test_supercomputer_l40_to_china_nac_gives_way if {
	got := exportcheck.decide({"product": "nvidia-l40", "destination": "CN", "end_user_hq": "CN", "date": "2024-06-01", "end_use": "supercomputer"}, "enforced")
	got == {"deciding": 2, "decision": "license_required", "eccn": "3A090.b", "exception": "", "reasons": [{"citation": "ECCN 3A090.b.1 (88 FR 73458)", "classification": true, "message": "3A090.b.1: 2,400 ≤ TPP 2,897 < 4,800 and 1.6 ≤ PD 4.76 < 5.92 (2,897 / 608.4 mm²)", "rule": "classify.3a090.b.1"}, {"citation": "ECCN 3A090 Note 4 and the .z paragraphs of 15 CFR part 774, Supp. 1 (88 FR 73458); 15 CFR 748.3 (classification by the exporter)", "classification": true, "message": "filing ECCN 4A090.b as its vendor classifies it (NVIDIA ECCN service, part 900-2G133-0010-000 (L40 48GB)); the licence requirements are those of 3A090.b", "rule": "classify.filing_eccn"}, {"citation": "15 CFR 744.23(a)(1); 87 FR 62186; 88 FR 2821; 88 FR 73458", "message": "license required: end use supercomputer (Development, production, operation, installation, maintenance, repair, overhaul or refurbishing of a supercomputer) in or for CN (Macau or Country Group D:5)", "rule": "end_use.advanced_computing"}, {"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458", "message": "license required for 3A090.b to CN (D:1, D:4, D:5; not in A:5 or A:6)", "rule": "license.destination.d145"}, {"citation": "15 CFR 740.8; 88 FR 73458; 89 FR 23876", "message": "License Exception NAC available for 3A090.b: notify BIS 25 days before export", "rule": "license.exception.nac"}, {"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458", "message": "license required for 3A090.b: end user headquartered in CN (D:5), wherever located outside the United States", "rule": "license.headquarters"}], "regime": "ear-2024-04-04", "review_policy": "presumption_of_denial"}
}

# 744.2: a nuclear end use requires a licence anywhere outside the United States.
test_nuclear_rtx4060_to_germany if {
	got := exportcheck.decide({"product": "nvidia-rtx-4060", "destination": "DE", "end_user_hq": "DE", "date": "2024-06-01", "end_use": "nuclear"}, "enforced")
	got == {"deciding": 2, "decision": "license_required", "eccn": "4A994.l", "exception": "", "reasons": [{"citation": "ECCN 3A090 Note 2 (88 FR 73458)", "classification": true, "message": "not 3A090 (Note 2): not designed or marketed for datacenters and TPP 968 < 4,800 (FP16_fp16acc 60.5 × 16 bits)", "rule": "classify.3a090.note2"}, {"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)", "classification": true, "message": "not 3A090/4A090: 4A994.l as its vendor classifies the boards like it; the item itself is not in the vendor's list: confirm with the vendor before a filing names it (NVIDIA ECCN service lists the RTX 4060 Ti, 4070 SUPER and 4080 SUPER as 4A994.l; the RTX 4060 is taken as its sibling boards)", "rule": "classify.vendor_eccn"}, {"citation": "15 CFR 744.2", "message": "license required: end use nuclear (Nuclear explosive, unsafeguarded or other listed nuclear activities) in or for DE (any destination)", "rule": "end_use.worldwide"}], "regime": "ear-2024-04-04", "review_policy": "case_by_case"}
}

# A line within the United States is not an export: no end-use paragraph applies.
test_chemical_biological_rtx4060_within_us if {
	got := exportcheck.decide({"product": "nvidia-rtx-4060", "destination": "US", "end_user_hq": "US", "date": "2024-06-01", "end_use": "chemical_biological"}, "enforced")
	got == {"deciding": 2, "decision": "allow", "eccn": "4A994.l", "exception": "", "reasons": [{"citation": "ECCN 3A090 Note 2 (88 FR 73458)", "classification": true, "message": "not 3A090 (Note 2): not designed or marketed for datacenters and TPP 968 < 4,800 (FP16_fp16acc 60.5 × 16 bits)", "rule": "classify.3a090.note2"}, {"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)", "classification": true, "message": "not 3A090/4A090: 4A994.l as its vendor classifies the boards like it; the item itself is not in the vendor's list: confirm with the vendor before a filing names it (NVIDIA ECCN service lists the RTX 4060 Ti, 4070 SUPER and 4080 SUPER as 4A994.l; the RTX 4060 is taken as its sibling boards)", "rule": "classify.vendor_eccn"}, {"citation": "15 CFR 732.3 (NLR)", "message": "no license required for 4A994.l to US (end user headquartered in US)", "rule": "decision.nlr"}], "regime": "ear-2024-04-04", "review_policy": ""}
}

# Unknown headquarters: every possibility requires a licence, the end use among them.
test_missile_h100_to_china_hq_unknown if {
	got := exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "CN", "end_user_hq": "", "date": "2024-06-01", "end_use": "missile"}, "enforced")
	got == {"deciding": 1, "decision": "license_required", "eccn": "3A090.a", "exception": "", "reasons": [{"citation": "ECCN 3A090.a.1 (88 FR 73458)", "classification": true, "message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)", "rule": "classify.3a090.a.1"}, {"citation": "15 CFR 744.3", "message": "license required: end use missile (Rocket systems or unmanned aerial vehicles (missile end use)) in or for CN (any destination)", "rule": "end_use.worldwide"}, {"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458", "message": "license required for 3A090.a to CN (D:1, D:4, D:5; not in A:5 or A:6)", "rule": "license.destination.d145"}], "regime": "ear-2024-04-04", "review_policy": "presumption_of_denial"}
}

# An end use whose scope the policy does not know is reviewed, never allowed.
test_unknown_end_use_scope_is_reviewed if {
	got := exportcheck.decide({"product": "nvidia-rtx-4060", "destination": "DE", "end_user_hq": "DE", "date": "2024-06-01", "end_use": "space"}, "enforced") with data.end_uses.space as {"title": "Space", "citation": "15 CFR 744.x", "scope": "orbit", "review_policy": ""}
	got == {"deciding": 2, "decision": "review", "eccn": "4A994.l", "exception": "", "reasons": [{"citation": "ECCN 3A090 Note 2 (88 FR 73458)", "classification": true, "message": "not 3A090 (Note 2): not designed or marketed for datacenters and TPP 968 < 4,800 (FP16_fp16acc 60.5 × 16 bits)", "rule": "classify.3a090.note2"}, {"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)", "classification": true, "message": "not 3A090/4A090: 4A994.l as its vendor classifies the boards like it; the item itself is not in the vendor's list: confirm with the vendor before a filing names it (NVIDIA ECCN service lists the RTX 4060 Ti, 4070 SUPER and 4080 SUPER as 4A994.l; the RTX 4060 is taken as its sibling boards)", "rule": "classify.vendor_eccn"}, {"citation": "data.end_uses", "message": "end use space has scope orbit, which this policy does not know: the line is reviewed instead of decided", "rule": "end_use.unknown_scope"}], "regime": "ear-2024-04-04", "review_policy": ""}
}

# A 744.23 end use under a classification text the policy does not know is
# reviewed, never allowed; before any advanced-computing rule none applies.
test_advanced_computing_unknown_classification_text if {
	ctx := {"end_use": "supercomputer", "c": "CN", "dest_text": "CN", "cf": {"in": {"D:5"}, "d5m": true}, "f": {"classification": "2030"}}
	data.exportcheck.enduse.requirements(ctx) == {{
		"effect": "review", "review_policy": "", "exception": "",
		"reasons": [{
			"citation": "data.end_uses",
			"message": "end use supercomputer has scope advanced_computing under the classification text 2030, which this policy does not know: the line is reviewed instead of decided",
			"rule": "end_use.unknown_scope",
		}],
	}}
}

test_advanced_computing_before_any_rule if {
	ctx := {"end_use": "supercomputer", "c": "CN", "dest_text": "CN", "cf": {"in": {"D:5"}, "d5m": true}, "f": {}}
	data.exportcheck.enduse.requirements(ctx) == set()
}
