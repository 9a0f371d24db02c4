# Red flags for whole orders (Supp. 3 to part 732; BIS guidance of
# 2025-05-13), asserting the whole result object. Generated from the policy
# output and reviewed; after a reviewed policy change, update them.
package exportcheck.redflags_test

import data.exportcheck

# Red flag: datacenter 3A090.a to a diversion route, headquarters unknown; before the headquarters rule the line would otherwise be allowed.
test_red_flag_h100_to_singapore_hq_unknown_2023 if {
	got := exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "SG", "end_user_hq": "", "date": "2023-06-01"}, "enforced")
	got == {"deciding": 1, "decision": "review", "eccn": "3A090.a", "exception": "", "reasons": [{"citation": "ECCN 3A090.a (87 FR 62186)", "classification": true, "message": "3A090.a (2022 text): TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits) and aggregate bidirectional I/O 1,028 GB/s ≥ 600 GB/s", "rule": "classify.3a090.2022"}, {"citation": "15 CFR part 732, Supp. 3 (Know Your Customer guidance and red flags); BIS Industry Guidance to Prevent Diversion of Advanced Computing Integrated Circuits (2025-05-13)", "message": "red flag diversion_route_unknown_headquarters: Datacenter advanced-computing item to a known diversion route for an end user whose headquarters is unknown (3A090.a to SG)", "rule": "red_flag"}], "regime": "ear-2023-01-18", "review_policy": ""}
}

# Headquarters known: the red flag does not apply.
test_red_flag_h100_to_singapore_hq_known_2023 if {
	got := exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "SG", "end_user_hq": "SG", "date": "2023-06-01"}, "enforced")
	got == {"deciding": 1, "decision": "allow", "eccn": "3A090.a", "exception": "", "reasons": [{"citation": "ECCN 3A090.a (87 FR 62186)", "classification": true, "message": "3A090.a (2022 text): TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits) and aggregate bidirectional I/O 1,028 GB/s ≥ 600 GB/s", "rule": "classify.3a090.2022"}, {"citation": "15 CFR 732.3 (NLR)", "message": "no license required for 3A090.a to SG (end user headquartered in SG)", "rule": "decision.nlr"}], "regime": "ear-2023-01-18", "review_policy": ""}
}

# After the headquarters rule, unknown headquarters is reviewed anyway; the red flag is named beside it.
test_red_flag_h100_to_malaysia_hq_unknown_2024 if {
	got := exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "MY", "end_user_hq": "", "date": "2024-06-01"}, "enforced")
	got == {"deciding": 0, "decision": "review", "eccn": "3A090.a", "exception": "", "reasons": [{"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458", "message": "end-user headquarters unknown and it decides the outcome: review if headquartered in US; license_required (presumption of denial) if headquartered in CN; license_required (presumption of denial) if headquartered in MO", "rule": "review.unknown_headquarters"}, {"citation": "ECCN 3A090.a.1 (88 FR 73458)", "classification": true, "message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)", "rule": "classify.3a090.a.1"}, {"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458", "message": "license required for 3A090.a: end-user headquarters not given, judged as if in CN (D:5), wherever located outside the United States", "rule": "license.headquarters"}, {"citation": "15 CFR part 732, Supp. 3 (Know Your Customer guidance and red flags); BIS Industry Guidance to Prevent Diversion of Advanced Computing Integrated Circuits (2025-05-13)", "message": "red flag diversion_route_unknown_headquarters: Datacenter advanced-computing item to a known diversion route for an end user whose headquarters is unknown (3A090.a to MY)", "rule": "red_flag"}], "regime": "ear-2024-04-04", "review_policy": ""}
}

# The red flag concerns 3A090.a/4A090.a datacenter items only: a 3A090.b item is reviewed for its unknown headquarters, not flagged.
test_red_flag_l40_to_singapore_hq_unknown if {
	got := exportcheck.decide({"product": "nvidia-l40", "destination": "SG", "end_user_hq": "", "date": "2024-06-01"}, "enforced")
	got == {"deciding": 0, "decision": "review", "eccn": "3A090.b", "exception": "", "reasons": [{"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458", "message": "end-user headquarters unknown and it decides the outcome: allow if headquartered in US; exception (NAC) if headquartered in CN; exception (NAC) if headquartered in MO", "rule": "review.unknown_headquarters"}, {"citation": "ECCN 3A090.b.1 (88 FR 73458)", "classification": true, "message": "3A090.b.1: 2,400 ≤ TPP 2,897 < 4,800 and 1.6 ≤ PD 4.76 < 5.92 (2,897 / 608.4 mm²)", "rule": "classify.3a090.b.1"}, {"citation": "ECCN 3A090 Note 4 and the .z paragraphs of 15 CFR part 774, Supp. 1 (88 FR 73458); 15 CFR 748.3 (classification by the exporter)", "classification": true, "message": "filing ECCN 4A090.b as its vendor classifies it (NVIDIA ECCN service, part 900-2G133-0010-000 (L40 48GB)); the licence requirements are those of 3A090.b", "rule": "classify.filing_eccn"}, {"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458", "message": "license required for 3A090.b: end-user headquarters not given, judged as if in CN (D:5), wherever located outside the United States", "rule": "license.headquarters"}, {"citation": "15 CFR 740.8; 88 FR 73458; 89 FR 23876", "message": "License Exception NAC available for 3A090.b: notify BIS 25 days before export", "rule": "license.exception.nac"}], "regime": "ear-2024-04-04", "review_policy": ""}
}

# A destination not on a diversion route is not flagged.
test_red_flag_h100_to_france_hq_unknown if {
	got := exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "FR", "end_user_hq": "", "date": "2023-06-01"}, "enforced")
	got == {"deciding": 1, "decision": "allow", "eccn": "3A090.a", "exception": "", "reasons": [{"citation": "ECCN 3A090.a (87 FR 62186)", "classification": true, "message": "3A090.a (2022 text): TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits) and aggregate bidirectional I/O 1,028 GB/s ≥ 600 GB/s", "rule": "classify.3a090.2022"}, {"citation": "15 CFR 732.3 (NLR)", "message": "no license required for 3A090.a to FR (end-user headquarters not given, judged as if in US)", "rule": "decision.nlr"}], "regime": "ear-2023-01-18", "review_policy": ""}
}

# The blank-end-use red flag is off by default; switched on in data it reviews a line with no end use stated.
test_red_flag_disabled_end_use_flag_switched_on if {
	got := exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "TH", "end_user_hq": "TH", "date": "2024-06-01", "end_use": ""}, "enforced") with data.red_flags.diversion_route_unknown_end_use.enabled as true
	got == {"deciding": 1, "decision": "review", "eccn": "3A090.a", "exception": "", "reasons": [{"citation": "ECCN 3A090.a.1 (88 FR 73458)", "classification": true, "message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)", "rule": "classify.3a090.a.1"}, {"citation": "15 CFR part 732, Supp. 3 (red flag: reluctance to offer end-use information); BIS Industry Guidance to Prevent Diversion of Advanced Computing Integrated Circuits (2025-05-13)", "message": "red flag diversion_route_unknown_end_use: Datacenter advanced-computing item to a known diversion route with no end use stated (3A090.a to TH)", "rule": "red_flag"}], "regime": "ear-2024-04-04", "review_policy": ""}
}

# Switched on, the blank-end-use red flag does not reach a line that states its end use.
test_red_flag_end_use_flag_stated_end_use if {
	got := exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "TH", "end_user_hq": "TH", "date": "2024-06-01", "end_use": "commercial"}, "enforced") with data.red_flags.diversion_route_unknown_end_use.enabled as true
	got == {"deciding": 1, "decision": "allow", "eccn": "3A090.a", "exception": "", "reasons": [{"citation": "ECCN 3A090.a.1 (88 FR 73458)", "classification": true, "message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)", "rule": "classify.3a090.a.1"}, {"citation": "15 CFR 732.3 (NLR)", "message": "no license required for 3A090.a to TH (end user headquartered in TH)", "rule": "decision.nlr"}], "regime": "ear-2024-04-04", "review_policy": ""}
}

# A red flag limited to reexports reaches a line shipped from outside the United States, not an export.
test_red_flag_reexport_condition if {
	got := exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "TH", "end_user_hq": "TH", "date": "2024-06-01", "ship_from": "SG"}, "enforced") with data.red_flags.x as {"enabled": true, "title": "Reexport through a hub", "citation": "15 CFR part 732, Supp. 3", "classes": ["a"], "shipment": "reexport"}
	got == {"deciding": 1, "decision": "review", "eccn": "3A090.a", "exception": "", "reasons": [{"citation": "ECCN 3A090.a.1 (88 FR 73458)", "classification": true, "message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)", "rule": "classify.3a090.a.1"}, {"citation": "15 CFR part 732, Supp. 3", "message": "red flag x: Reexport through a hub (3A090.a to TH)", "rule": "red_flag"}], "regime": "ear-2024-04-04", "review_policy": ""}
}

# A red flag limited to exports reaches a line shipped from the United States.
test_red_flag_export_condition if {
	got := exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "TH", "end_user_hq": "TH", "date": "2024-06-01", "ship_from": "US"}, "enforced") with data.red_flags.x as {"enabled": true, "title": "Export to a hub", "citation": "15 CFR part 732, Supp. 3", "classes": ["a"], "shipment": "export"}
	got == {"deciding": 1, "decision": "review", "eccn": "3A090.a", "exception": "", "reasons": [{"citation": "ECCN 3A090.a.1 (88 FR 73458)", "classification": true, "message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)", "rule": "classify.3a090.a.1"}, {"citation": "15 CFR part 732, Supp. 3", "message": "red flag x: Export to a hub (3A090.a to TH)", "rule": "red_flag"}], "regime": "ear-2024-04-04", "review_policy": ""}
}

# The diversion-route red flag concerns datacenter items: a 3A090.a gaming card (RTX 4090) to Singapore, headquarters unknown, is reviewed for its headquarters, not flagged.
test_red_flag_not_for_a_gaming_card if {
	got := exportcheck.decide({"product": "nvidia-rtx-4090", "destination": "SG", "end_user_hq": "", "date": "2024-06-01"}, "enforced")
	got == {"deciding": 0, "decision": "review", "eccn": "3A090.a", "exception": "", "reasons": [{"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458", "message": "end-user headquarters unknown and it decides the outcome: allow if headquartered in US; exception (NAC) if headquartered in CN; exception (NAC) if headquartered in MO", "rule": "review.unknown_headquarters"}, {"citation": "ECCN 3A090.a.1 (88 FR 73458)", "classification": true, "message": "3A090.a.1: TPP 5,285 ≥ 4,800 (INT4 1321.2 × 4 bits)", "rule": "classify.3a090.a.1"}, {"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458", "message": "license required for 3A090.a: end-user headquarters not given, judged as if in CN (D:5), wherever located outside the United States", "rule": "license.headquarters"}, {"citation": "15 CFR 740.8; 88 FR 73458; 89 FR 23876", "message": "License Exception NAC available for 3A090.a (not designed or marketed for datacenters): notify BIS 25 days before export", "rule": "license.exception.nac"}], "regime": "ear-2024-04-04", "review_policy": ""}
}

# A red flag limited to reexports does not reach an export from the United States.
test_red_flag_reexport_condition_not_on_export if {
	got := exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "TH", "end_user_hq": "TH", "date": "2024-06-01", "ship_from": "US"}, "enforced") with data.red_flags.x as {"enabled": true, "title": "Reexport through a hub", "citation": "15 CFR part 732, Supp. 3", "classes": ["a"], "shipment": "reexport"}
	got == {"deciding": 1, "decision": "allow", "eccn": "3A090.a", "exception": "", "reasons": [{"citation": "ECCN 3A090.a.1 (88 FR 73458)", "classification": true, "message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)", "rule": "classify.3a090.a.1"}, {"citation": "15 CFR 732.3 (NLR)", "message": "no license required for 3A090.a to TH (end user headquartered in TH)", "rule": "decision.nlr"}], "regime": "ear-2024-04-04", "review_policy": ""}
}

# A red flag limited to exports does not reach a reexport (a line shipped from outside the United States).
test_red_flag_export_condition_not_on_reexport if {
	got := exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "TH", "end_user_hq": "TH", "date": "2024-06-01", "ship_from": "SG"}, "enforced") with data.red_flags.x as {"enabled": true, "title": "Export to a hub", "citation": "15 CFR part 732, Supp. 3", "classes": ["a"], "shipment": "export"}
	got == {"deciding": 1, "decision": "allow", "eccn": "3A090.a", "exception": "", "reasons": [{"citation": "ECCN 3A090.a.1 (88 FR 73458)", "classification": true, "message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)", "rule": "classify.3a090.a.1"}, {"citation": "15 CFR 732.3 (NLR)", "message": "no license required for 3A090.a to TH (end user headquartered in TH)", "rule": "decision.nlr"}], "regime": "ear-2024-04-04", "review_policy": ""}
}
