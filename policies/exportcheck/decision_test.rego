# Decisions for whole orders, asserting the whole result object. The expected
# objects are the reviewed output of the policy for each case; after a reviewed
# policy change, update them (opa eval the case and paste the object).
package exportcheck_test

import data.exportcheck

# The order the checker compares decisions in (decision.order).
test_decision_order if {
	exportcheck.decision_order == ["allow", "review", "exception", "license_required", "prohibited"]
}

test_h100_to_china_2022_rule if {
	exportcheck.decide(
		{
			"product": "nvidia-h100-sxm5",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2023-01-15",
		},
		"enforced",
	) == {
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
				"citation": "15 CFR 742.6(a)(6)(i); 87 FR 62186",
				"message": "license required for 3A090.a to CN under the 2022 rule",
				"rule": "license.destination.china",
			},
		],
		"regime": "ear-2022-10-07",
		"review_policy": "presumption_of_denial",
	}
}

test_h800_to_china_before_2023_rule if {
	exportcheck.decide(
		{
			"product": "nvidia-h800-sxm5",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2023-10-20",
		},
		"enforced",
	) == {
		"deciding": 2, "decision": "allow",
		"eccn": "",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.a (87 FR 62186)",
				"classification": true,
				"message": "not 3A090 (2022 text): aggregate bidirectional I/O 528 GB/s < 600 GB/s; TPP 15,832 (FP8 1979 × 8 bits)",
				"rule": "classify.3a090.2022.io_below",
			},
			{
				"citation": "15 CFR 748.3 (classification by the exporter); 15 CFR 758.1 (EEI names the ECCN)",
				"classification": true,
				"message": "not 3A090/4A090; its ECCN elsewhere on the CCL (4A994, 5A992, 3A991, EAR99, ...) is not in the data: classify NVIDIA H800 SXM5 80GB (China variant) before a filing names one",
				"rule": "classify.eccn_unknown",
			},
			{
				"citation": "15 CFR 732.3 (NLR)",
				"message": "no license required for this item (not 3A090/4A090) to CN (end user headquartered in CN)",
				"rule": "decision.nlr",
			},
		],
		"regime": "ear-2023-01-18",
		"review_policy": "",
	}
}

test_h800_to_china_2023_rule if {
	exportcheck.decide(
		{
			"product": "nvidia-h800-sxm5",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2023-11-17",
		},
		"enforced",
	) == {
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
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a: end user headquartered in CN (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
		],
		"regime": "ear-2023-11-17",
		"review_policy": "presumption_of_denial",
	}
}

test_rtx4090_to_china_nac if {
	exportcheck.decide(
		{
			"product": "nvidia-rtx-4090",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2024-06-01",
		},
		"enforced",
	) == {
		"deciding": 2, "decision": "exception",
		"eccn": "3A090.a",
		"exception": "NAC",
		"reasons": [
			{
				"citation": "ECCN 3A090.a.1 (88 FR 73458)",
				"classification": true,
				"message": "3A090.a.1: TPP 5,285 ≥ 4,800 (INT4 1321.2 × 4 bits)",
				"rule": "classify.3a090.a.1",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458",
				"message": "license required for 3A090.a to CN (D:1, D:4, D:5; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 740.8; 88 FR 73458; 89 FR 23876",
				"message": "License Exception NAC available for 3A090.a (not designed or marketed for datacenters): notify BIS 25 days before export",
				"rule": "license.exception.nac",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a: end user headquartered in CN (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "",
	}
}

test_rtx4090_to_vietnam_before_aca_split if {
	exportcheck.decide(
		{
			"product": "nvidia-rtx-4090",
			"destination": "VN",
			"end_user_hq": "VN",
			"date": "2024-01-10",
		},
		"enforced",
	) == {
		"deciding": 2, "decision": "exception",
		"eccn": "3A090.a",
		"exception": "NAC",
		"reasons": [
			{
				"citation": "ECCN 3A090.a.1 (88 FR 73458)",
				"classification": true,
				"message": "3A090.a.1: TPP 5,285 ≥ 4,800 (INT4 1321.2 × 4 bits)",
				"rule": "classify.3a090.a.1",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458",
				"message": "license required for 3A090.a to VN (D:1; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 740.8; 88 FR 73458",
				"message": "License Exception NAC available for 3A090.a (not designed or marketed for datacenters)",
				"rule": "license.exception.nac",
			},
		],
		"regime": "ear-2023-11-17",
		"review_policy": "",
	}
}

test_rtx4090d_to_china_note2 if {
	exportcheck.decide(
		{
			"product": "nvidia-rtx-4090d",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2024-06-01",
		},
		"enforced",
	) == {
		"deciding": 2, "decision": "allow",
		"eccn": "4A994.l",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090 Note 2 (88 FR 73458)",
				"classification": true,
				"message": "not 3A090 (Note 2): not designed or marketed for datacenters and TPP 4,707 < 4,800 (FP16_fp16acc 294.2 × 16 bits)",
				"rule": "classify.3a090.note2",
			},
			{
				"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)",
				"classification": true,
				"message": "not 3A090/4A090: 4A994.l as its vendor classifies the boards like it; the item itself is not in the vendor's list: confirm with the vendor before a filing names it (NVIDIA ECCN service classifies every GeForce and RTX board it lists outside 4A090 as 4A994.l, the China-variant RTX 6000D among them; the RTX 4090 D is taken as those boards)",
				"rule": "classify.vendor_eccn",
			},
			{
				"citation": "15 CFR 732.3 (NLR)",
				"message": "no license required for 4A994.l to CN (end user headquartered in CN)",
				"rule": "decision.nlr",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "",
	}
}

test_h20_to_china_2024 if {
	exportcheck.decide(
		{
			"product": "nvidia-h20",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2024-06-01",
		},
		"enforced",
	) == {
		"deciding": 2, "decision": "allow",
		"eccn": "4A994.l",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.a and .b (88 FR 73458)",
				"classification": true,
				"message": "not 3A090: TPP 2,368 (FP8 296 × 8 bits) and PD 2.91 meet none of .a.1 (TPP ≥ 4,800), .a.2 (TPP ≥ 1,600, PD ≥ 5.92), .b.1 (TPP ≥ 2,400, PD ≥ 1.6), .b.2 (TPP ≥ 1,600, PD ≥ 3.2)",
				"rule": "classify.3a090.none",
			},
			{
				"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)",
				"classification": true,
				"message": "not 3A090/4A090: 4A994.l as its vendor classifies it (NVIDIA ECCN service: HGX H20 8 GPU, parts 935-24287-00M0-000/-00M1-000/-00N0-000)",
				"rule": "classify.vendor_eccn",
			},
			{
				"citation": "15 CFR 732.3 (NLR)",
				"message": "no license required for 4A994.l to CN (end user headquartered in CN)",
				"rule": "decision.nlr",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "",
	}
}

test_h20_to_china_after_letter if {
	exportcheck.decide(
		{
			"product": "nvidia-h20",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2025-05-01",
		},
		"enforced",
	) == {
		"deciding": 2, "decision": "license_required",
		"eccn": "4A994.l",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.a and .b (88 FR 73458)",
				"classification": true,
				"message": "not 3A090: TPP 2,368 (FP8 296 × 8 bits) and PD 2.91 meet none of .a.1 (TPP ≥ 4,800), .a.2 (TPP ≥ 1,600, PD ≥ 5.92), .b.1 (TPP ≥ 2,400, PD ≥ 1.6), .b.2 (TPP ≥ 1,600, PD ≥ 3.2)",
				"rule": "classify.3a090.none",
			},
			{
				"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)",
				"classification": true,
				"message": "not 3A090/4A090: 4A994.l as its vendor classifies it (NVIDIA ECCN service: HGX H20 8 GPU, parts 935-24287-00M0-000/-00M1-000/-00N0-000)",
				"rule": "classify.vendor_eccn",
			},
			{
				"citation": "NVIDIA Form 8-K, 2025-04-15 (letters of 2025-04-09 and 2025-04-14); 15 CFR 744.23",
				"message": "Is-informed letters to NVIDIA and AMD: H20 and MI308 to China, Macau and D:5, and D:5/Macau-headquartered entities (h20-mi308-2025-04-09, from 2025-04-09): destination CN; end user headquartered in CN (D:5); addressed to NVIDIA and AMD, applied here to every exporter of the item as the stricter reading",
				"rule": "license.notice",
			},
		],
		"regime": "ear-2024-12-02",
		"review_policy": "unspecified",
	}
}

# The letters still decide in 2026: licences granted to NVIDIA and AMD from
# August 2025 (the 15 % arrangement, never codified) are theirs, not a
# rescission, so a customer's H20 order to China still needs its own licence.
test_h20_to_china_after_nvidia_licences_2026 if {
	exportcheck.decide(
		{
			"product": "nvidia-h20",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2026-09-01",
		},
		"enforced",
	) == {
		"deciding": 2, "decision": "license_required",
		"eccn": "4A994.l",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.a and .b (88 FR 73458)",
				"classification": true,
				"message": "not 3A090: TPP 2,368 (FP8 296 × 8 bits) and PD 2.91 meet none of .a.1 (TPP ≥ 4,800), .a.2 (TPP ≥ 1,600, PD ≥ 5.92), .b.1 (TPP ≥ 2,400, PD ≥ 1.6), .b.2 (TPP ≥ 1,600, PD ≥ 3.2)",
				"rule": "classify.3a090.none",
			},
			{
				"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)",
				"classification": true,
				"message": "not 3A090/4A090: 4A994.l as its vendor classifies it (NVIDIA ECCN service: HGX H20 8 GPU, parts 935-24287-00M0-000/-00M1-000/-00N0-000)",
				"rule": "classify.vendor_eccn",
			},
			{
				"citation": "NVIDIA Form 8-K, 2025-04-15 (letters of 2025-04-09 and 2025-04-14); 15 CFR 744.23",
				"message": "Is-informed letters to NVIDIA and AMD: H20 and MI308 to China, Macau and D:5, and D:5/Macau-headquartered entities (h20-mi308-2025-04-09, from 2025-04-09): destination CN; end user headquartered in CN (D:5); addressed to NVIDIA and AMD, applied here to every exporter of the item as the stricter reading",
				"rule": "license.notice",
			},
		],
		"regime": "ear-2026-01-15",
		"review_policy": "unspecified",
	}
}

test_hgx_h20_to_singapore_china_hq_after_letter if {
	exportcheck.decide(
		{
			"product": "nvidia-hgx-h20",
			"destination": "SG",
			"end_user_hq": "CN",
			"date": "2025-05-01",
		},
		"enforced",
	) == {
		"deciding": 2, "decision": "license_required",
		"eccn": "4A994.l",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 4A090 (87 FR 62186; 88 FR 73458)",
				"classification": true,
				"message": "not 4A090: contains 8 × NVIDIA H20 (HGX H20, China variant) (not 3A090: TPP 2,368 (FP8 296 × 8 bits) and PD 2.91 meet none of .a.1 (TPP ≥ 4,800), .a.2 (TPP ≥ 1,600, PD ≥ 5.92), .b.1 (TPP ≥ 2,400, PD ≥ 1.6), .b.2 (TPP ≥ 1,600, PD ≥ 3.2))",
				"rule": "classify.4a090",
			},
			{
				"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)",
				"classification": true,
				"message": "not 3A090/4A090: 4A994.l as its vendor classifies it (NVIDIA ECCN service: HGX H20 8 GPU, parts 935-24287-00M0-000/-00M1-000/-00N0-000)",
				"rule": "classify.vendor_eccn",
			},
			{
				"citation": "NVIDIA Form 8-K, 2025-04-15 (letters of 2025-04-09 and 2025-04-14); 15 CFR 744.23",
				"message": "Is-informed letters to NVIDIA and AMD: H20 and MI308 to China, Macau and D:5, and D:5/Macau-headquartered entities (h20-mi308-2025-04-09, from 2025-04-09): end user headquartered in CN (D:5); addressed to NVIDIA and AMD, applied here to every exporter of the item as the stricter reading",
				"rule": "license.notice",
			},
		],
		"regime": "ear-2024-12-02",
		"review_policy": "unspecified",
	}
}

test_a100_to_israel if {
	exportcheck.decide(
		{
			"product": "nvidia-a100-sxm4-80gb",
			"destination": "IL",
			"end_user_hq": "IL",
			"date": "2024-06-01",
		},
		"enforced",
	) == {
		"deciding": 1, "decision": "allow",
		"eccn": "3A090.a",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.a.1 (88 FR 73458)",
				"classification": true,
				"message": "3A090.a.1: TPP 4,992 ≥ 4,800 (INT4 1248 × 4 bits)",
				"rule": "classify.3a090.a.1",
			},
			{
				"citation": "15 CFR 732.3 (NLR)",
				"message": "no license required for 3A090.a to IL (end user headquartered in IL)",
				"rule": "decision.nlr",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "",
	}
}

test_h100_to_singapore_china_hq if {
	exportcheck.decide(
		{
			"product": "nvidia-h100-sxm5",
			"destination": "SG",
			"end_user_hq": "CN",
			"date": "2024-06-01",
		},
		"enforced",
	) == {
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
				"message": "license required for 3A090.a: end user headquartered in CN (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "presumption_of_denial",
	}
}

test_dgx_h100_to_china if {
	exportcheck.decide(
		{
			"product": "nvidia-dgx-h100",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2024-06-01",
		},
		"enforced",
	) == {
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
				"message": "license required for 4A090.a to CN (D:1, D:4, D:5; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 4A090.a: end user headquartered in CN (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "presumption_of_denial",
	}
}

test_h100_to_germany_hq_unknown if {
	exportcheck.decide(
		{
			"product": "nvidia-h100-sxm5",
			"destination": "DE",
			"end_user_hq": "",
			"date": "2024-06-01",
		},
		"enforced",
	) == {
		"deciding": 0, "decision": "review",
		"eccn": "3A090.a",
		"exception": "",
		"reasons": [
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "end-user headquarters unknown and it decides the outcome: allow if headquartered in US; license_required (presumption of denial) if headquartered in CN; license_required (presumption of denial) if headquartered in MO",
				"rule": "review.unknown_headquarters",
			},
			{
				"citation": "ECCN 3A090.a.1 (88 FR 73458)",
				"classification": true,
				"message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)",
				"rule": "classify.3a090.a.1",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a: end-user headquarters not given, judged as if in CN (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "",
	}
}

test_h100_to_china_hq_unknown if {
	exportcheck.decide(
		{
			"product": "nvidia-h100-sxm5",
			"destination": "CN",
			"end_user_hq": "",
			"date": "2024-06-01",
		},
		"enforced",
	) == {
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
		],
		"regime": "ear-2024-04-04",
		"review_policy": "presumption_of_denial",
	}
}

test_l40_to_uae_aca if {
	exportcheck.decide(
		{
			"product": "nvidia-l40",
			"destination": "AE",
			"end_user_hq": "AE",
			"date": "2024-06-01",
		},
		"enforced",
	) == {
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
				"message": "license required for 3A090.b to AE (D:4; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 740.8; 89 FR 23876",
				"message": "License Exception ACA available for 3A090.b to AE (no notification required)",
				"rule": "license.exception.aca",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "",
	}
}

# 91 FR 43034 (effective 2026-07-10): the day before, the UAE is D:4 and an
# L40 ships under ACA; from 2026-07-10 it is A:5, outside the 2023
# destination set, but the rule keeps a license requirement for advanced
# computing items to the UAE (its exceptions, approved entities, are not
# checked; review policy and ACA not known: none given).
test_l40_to_uae_before_2026_rule if {
	exportcheck.decide(
		{"product": "nvidia-l40", "destination": "AE", "end_user_hq": "AE", "date": "2026-07-09"},
		"enforced",
	) == {
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
				"message": "license required for 3A090.b to AE (D:4; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 740.8; 89 FR 23876",
				"message": "License Exception ACA available for 3A090.b to AE (no notification required)",
				"rule": "license.exception.aca",
			},
		],
		"regime": "ear-2026-01-15",
		"review_policy": "",
	}
}

test_l40_to_uae_2026_rule if {
	exportcheck.decide(
		{"product": "nvidia-l40", "destination": "AE", "end_user_hq": "AE", "date": "2026-07-10"},
		"enforced",
	) == {
		"deciding": 2, "decision": "license_required",
		"eccn": "3A090.b",
		"exception": "",
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
				"citation": "15 CFR 742.6(a)(6)(iii)(B); 91 FR 43034",
				"message": "license required for 3A090.b to AE (A:5; the 2026 UAE rule keeps the requirement for advanced computing items): license-free only for the UAE Government and the approved entities of Supp. No. 8 to part 740 (License Exception STA, 15 CFR 740.2(a)(26)), which this policy does not check; review policy and License Exception ACA not known for the UAE",
				"rule": "license.destination.uae",
			},
		],
		"regime": "ear-2026-01-15",
		"review_policy": "unspecified",
	}
}

# A China-headquartered end user in the UAE: both requirements, and the
# headquarters rule's presumption of denial decides the review policy.
test_h100_to_uae_china_hq_2026_rule if {
	exportcheck.decide(
		{"product": "nvidia-h100-sxm5", "destination": "AE", "end_user_hq": "CN", "date": "2026-07-10"},
		"enforced",
	) == {
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
				"citation": "15 CFR 742.6(a)(6)(iii)(B); 91 FR 43034",
				"message": "license required for 3A090.a to AE (A:5; the 2026 UAE rule keeps the requirement for advanced computing items): license-free only for the UAE Government and the approved entities of Supp. No. 8 to part 740 (License Exception STA, 15 CFR 740.2(a)(26)), which this policy does not check; review policy and License Exception ACA not known for the UAE",
				"rule": "license.destination.uae",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a: end user headquartered in CN (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
		],
		"regime": "ear-2026-01-15",
		"review_policy": "presumption_of_denial",
	}
}

test_mi308x_to_china_specs_unknown if {
	exportcheck.decide(
		{
			"product": "amd-mi308x",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2024-06-01",
		},
		"enforced",
	) == {
		"deciding": 0, "decision": "review",
		"eccn": "",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090 (88 FR 73458); 15 CFR 732.3 (know your item)",
				"message": "specifications unknown and they decide the outcome: license_required (presumption of denial) if 3A090/4A090.a; allow if not controlled",
				"rule": "review.unknown_specifications",
			},
			{
				"citation": "ECCN 3A090 (88 FR 73458)",
				"classification": true,
				"message": "3A090 unknown: TPP unknown, PD unknown (die area unknown); the vendor's figures are needed",
				"rule": "classify.3a090.unknown",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458",
				"message": "license required for 3A090.a (if controlled) to CN (D:1, D:4, D:5; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a (if controlled): end user headquartered in CN (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "",
	}
}

test_mi308x_to_china_after_letter if {
	exportcheck.decide(
		{
			"product": "amd-mi308x",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2025-05-01",
		},
		"enforced",
	) == {
		"deciding": 0, "decision": "license_required",
		"eccn": "",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090 (88 FR 73458); 15 CFR 732.3 (know your item)",
				"message": "specifications unknown and they decide the outcome: license_required (presumption of denial) if 3A090/4A090.a; license_required (review policy not stated) if not controlled",
				"rule": "review.unknown_specifications",
			},
			{
				"citation": "ECCN 3A090 (88 FR 73458)",
				"classification": true,
				"message": "3A090 unknown: TPP unknown, PD unknown (die area unknown); the vendor's figures are needed",
				"rule": "classify.3a090.unknown",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458",
				"message": "license required for 3A090.a (if controlled) to CN (D:1, D:4, D:5; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a (if controlled): end user headquartered in CN (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
			{
				"citation": "NVIDIA Form 8-K, 2025-04-15 (letters of 2025-04-09 and 2025-04-14); 15 CFR 744.23",
				"message": "Is-informed letters to NVIDIA and AMD: H20 and MI308 to China, Macau and D:5, and D:5/Macau-headquartered entities (h20-mi308-2025-04-09, from 2025-04-09): destination CN; end user headquartered in CN (D:5); addressed to NVIDIA and AMD, applied here to every exporter of the item as the stricter reading",
				"rule": "license.notice",
			},
		],
		"regime": "ear-2024-12-02",
		"review_policy": "presumption_of_denial",
	}
}

test_h200_to_china_2026_case_by_case if {
	exportcheck.decide(
		{
			"product": "nvidia-h200-sxm",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2026-03-01",
		},
		"enforced",
	) == {
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
				"message": "case-by-case review: destination CN, TPP 15,832 < 21,000 and DRAM bandwidth 4,800 GB/s < 6,500 GB/s, for an export from the US of a semiconductor commercially available in the US when the rule was published, with certifications by the exporter (US supply, foundry capacity, security procedures of the recipient, third-party testing in the US, shipments to China and Macau at most 50 % of those to US end users)",
				"rule": "license.review_policy.2026",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a: end user headquartered in CN (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
		],
		"regime": "ear-2026-01-15",
		"review_policy": "case_by_case",
	}
}

test_b200_to_china_2026_denial if {
	exportcheck.decide(
		{
			"product": "nvidia-b200",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2026-03-01",
		},
		"enforced",
	) == {
		"deciding": 1, "decision": "license_required",
		"eccn": "3A090.a",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.a.1 (88 FR 73458)",
				"classification": true,
				"message": "3A090.a.1: TPP 36,000 ≥ 4,800 (FP4 9000 × 4 bits)",
				"rule": "classify.3a090.a.1",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458",
				"message": "license required for 3A090.a to CN (D:1, D:4, D:5; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a: end user headquartered in CN (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
		],
		"regime": "ear-2026-01-15",
		"review_policy": "presumption_of_denial",
	}
}

test_rtx4060_to_iran_embargo if {
	exportcheck.decide(
		{
			"product": "nvidia-rtx-4060",
			"destination": "IR",
			"end_user_hq": "IR",
			"date": "2024-06-01",
		},
		"enforced",
	) == {
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
				"citation": "15 CFR 746.7; 15 CFR part 746; Country Groups E:1/E:2 (15 CFR part 740, Supp. 1)",
				"message": "IR is in Country Group E:1: embargoed destination, no export of items subject to the EAR",
				"rule": "license.embargo",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "",
	}
}

test_rtx4060_to_russia_sanctions if {
	exportcheck.decide(
		{
			"product": "nvidia-rtx-4060",
			"destination": "RU",
			"end_user_hq": "RU",
			"date": "2024-06-01",
		},
		"enforced",
	) == {
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
				"citation": "15 CFR 746.8",
				"message": "RU: Russia: license required for all items subject to the EAR on the CCL and many EAR99 items",
				"rule": "license.sanctions",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "policy_of_denial",
	}
}

test_h100_to_macau_before_macau_rule if {
	exportcheck.decide(
		{
			"product": "nvidia-h100-sxm5",
			"destination": "MO",
			"end_user_hq": "MO",
			"date": "2023-01-10",
		},
		"enforced",
	) == {
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
}

test_h100_to_macau_after_macau_rule if {
	exportcheck.decide(
		{
			"product": "nvidia-h100-sxm5",
			"destination": "MO",
			"end_user_hq": "MO",
			"date": "2023-02-01",
		},
		"enforced",
	) == {
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

test_ascend_to_germany_gp10 if {
	exportcheck.decide(
		{
			"product": "huawei-ascend-910b",
			"destination": "DE",
			"end_user_hq": "DE",
			"date": "2025-06-01",
		},
		"enforced",
	) == {
		"deciding": 3, "decision": "review",
		"eccn": "3A090",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090 (88 FR 73458)",
				"classification": true,
				"message": "3A090 unknown: TPP unknown, PD unknown (die area unknown); the vendor's figures are needed",
				"rule": "classify.3a090.unknown",
			},
			{
				"citation": "data.products (low_confidence); ECCN 3A090 Technical Note (88 FR 73458)",
				"classification": true,
				"message": "Huawei (foreign-made, SMIC 7nm-class) Ascend 910B: figures of low confidence treated as unknown: throughput",
				"rule": "classify.low_confidence",
			},
			{
				"citation": "15 CFR part 774, Supp. 1 (ECCN 3A090, 88 FR 73458); BIS guidance of 2025-05-13 (PRC 3A090 ICs)",
				"classification": true,
				"message": "3A090 as the agency classifies it (BIS guidance of 2025-05-13 lists the Huawei Ascend 910B, 910C and 910D as PRC 3A090 ICs): judged as controlled, under .a, the stricter paragraph, since it does not say .a or .b",
				"rule": "classify.agency_class",
			},
			{
				"citation": "BIS guidance of 2025-05-13; 15 CFR 736.2(b)(10)",
				"message": "BIS guidance: using or transacting in Huawei Ascend 910B/910C/910D risks violating General Prohibition 10 (gp10-ascend-2025-05-13, from 2025-05-13): applies to every destination",
				"rule": "license.notice",
			},
		],
		"regime": "ear-2024-12-02",
		"review_policy": "",
	}
}

test_h100_to_hong_kong if {
	exportcheck.decide(
		{
			"product": "nvidia-h100-sxm5",
			"destination": "HK",
			"end_user_hq": "HK",
			"date": "2024-06-01",
		},
		"enforced",
	) == {
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
				"message": "license required for 3A090.a to HK (treated as CN) (D:1, D:4, D:5; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a: end user headquartered in HK (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "presumption_of_denial",
	}
}

test_h100_to_china_before_any_rule if {
	exportcheck.decide(
		{
			"product": "nvidia-h100-sxm5",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2021-06-01",
		},
		"enforced",
	) == {
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
}

test_a100_to_china_letter_2022 if {
	exportcheck.decide(
		{
			"product": "nvidia-a100-sxm4-80gb",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2022-09-01",
		},
		"enforced",
	) == {
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
				"citation": "NVIDIA Form 8-K, 2022-08-26; 15 CFR 744.23",
				"message": "Is-informed letter to NVIDIA: A100 and H100 (and systems containing them) to China and Russia (nvidia-2022-08-26, from 2022-08-26): destination CN; addressed to NVIDIA, applied here to every exporter of the item as the stricter reading",
				"rule": "license.notice",
			},
		],
		"regime": "none",
		"review_policy": "unspecified",
	}
}

test_ascend_to_china_2022_io_unknown if {
	exportcheck.decide(
		{
			"product": "huawei-ascend-910b",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2022-12-01",
		},
		"enforced",
	) == {
		"deciding": 0, "decision": "review",
		"eccn": "",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090 (88 FR 73458); 15 CFR 732.3 (know your item)",
				"message": "specifications unknown and they decide the outcome: license_required (presumption of denial) if 3A090/4A090.a; allow if not controlled",
				"rule": "review.unknown_specifications",
			},
			{
				"citation": "ECCN 3A090.a (87 FR 62186)",
				"classification": true,
				"message": "3A090 (2022 text) unknown: TPP unknown, aggregate bidirectional I/O unknown",
				"rule": "classify.3a090.2022.unknown",
			},
			{
				"citation": "data.products (low_confidence); ECCN 3A090 Technical Note (88 FR 73458)",
				"classification": true,
				"message": "Huawei (foreign-made, SMIC 7nm-class) Ascend 910B: figures of low confidence treated as unknown: throughput",
				"rule": "classify.low_confidence",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(i); 87 FR 62186",
				"message": "license required for 3A090.a (if controlled) to CN under the 2022 rule",
				"rule": "license.destination.china",
			},
		],
		"regime": "ear-2022-10-07",
		"review_policy": "",
	}
}

test_h100_to_cambodia_in_d5 if {
	exportcheck.decide(
		{
			"product": "nvidia-h100-sxm5",
			"destination": "KH",
			"end_user_hq": "KH",
			"date": "2025-06-01",
		},
		"enforced",
	) == {
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
}

test_h100_to_cambodia_after_d5_removal if {
	exportcheck.decide(
		{
			"product": "nvidia-h100-sxm5",
			"destination": "KH",
			"end_user_hq": "KH",
			"date": "2026-03-01",
		},
		"enforced",
	) == {
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
		"regime": "ear-2026-01-15",
		"review_policy": "presumption_of_approval",
	}
}

test_rtx4060_to_entity_list_party if {
	exportcheck.decide(
		{
			"product": "nvidia-rtx-4060",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2024-06-01",
			"screening": {"end_user": true, "hits": [{
				"list": "EL",
				"entry_id": "99ed",
				"name": "China Electronics Technology Group Corporation 13th Research Institute",
				"matched_name": "CETC 13",
				"score": 0.97,
				"federal_register_notice": "83 FR 54524",
				"license_requirement": "For all items subject to the EAR.",
				"license_policy": "Policy of denial for all items subject to the EAR apart from food and medicine designated as EAR99, which will be reviewed on a case-by-case basis. See §§ 746.8(b) and 744.21(e).",
				"source": "Entity List (EL) - Bureau of Industry and Security",
			}]},
		},
		"enforced",
	) == {
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
				"citation": "15 CFR 744.11; part 744, Supp. 4 (Entity List); 83 FR 54524",
				"message": "end user matches EL entry \"China Electronics Technology Group Corporation 13th Research Institute\" (score 0.97 ≥ 0.93, matched \"CETC 13\"); license requirement: For all items subject to the EAR.",
				"rule": "screening.match",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "policy_of_denial",
	}
}

test_rtx4060_to_denied_person if {
	exportcheck.decide(
		{
			"product": "nvidia-rtx-4060",
			"destination": "US",
			"end_user_hq": "US",
			"date": "2024-06-01",
			"screening": {"end_user": true, "hits": [{
				"list": "DPL",
				"entry_id": "99ed",
				"name": "China Electronics Technology Group Corporation 13th Research Institute",
				"matched_name": "CETC 13",
				"score": 1.0,
				"federal_register_notice": "",
				"license_requirement": "For all items subject to the EAR.",
				"license_policy": "Policy of denial for all items subject to the EAR apart from food and medicine designated as EAR99, which will be reviewed on a case-by-case basis. See §§ 746.8(b) and 744.21(e).",
				"source": "Entity List (EL) - Bureau of Industry and Security",
			}]},
		},
		"enforced",
	) == {
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
				"citation": "15 CFR part 764, Supp. 1 (Denied Persons List)",
				"message": "end user matches DPL entry \"China Electronics Technology Group Corporation 13th Research Institute\" (score 1.00 ≥ 0.93, matched \"CETC 13\"); license requirement: For all items subject to the EAR.",
				"rule": "screening.match",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "",
	}
}

test_rtx4060_possible_match if {
	exportcheck.decide(
		{
			"product": "nvidia-rtx-4060",
			"destination": "DE",
			"end_user_hq": "DE",
			"date": "2024-06-01",
			"screening": {"end_user": true, "hits": [{
				"list": "EL",
				"entry_id": "99ed",
				"name": "China Electronics Technology Group Corporation 13th Research Institute",
				"matched_name": "CETC 13",
				"score": 0.88,
				"federal_register_notice": "83 FR 54524",
				"license_requirement": "For all items subject to the EAR.",
				"license_policy": "Policy of denial for all items subject to the EAR apart from food and medicine designated as EAR99, which will be reviewed on a case-by-case basis. See §§ 746.8(b) and 744.21(e).",
				"source": "Entity List (EL) - Bureau of Industry and Security",
			}]},
		},
		"enforced",
	) == {
		"deciding": 2, "decision": "review",
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
				"citation": "15 CFR 744.11; part 744, Supp. 4 (Entity List); 83 FR 54524",
				"message": "possible EL match: \"China Electronics Technology Group Corporation 13th Research Institute\" (score 0.88, review at 0.85, match at 0.93, matched \"CETC 13\")",
				"rule": "screening.candidate",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "",
	}
}

test_rtx4060_unverified_list if {
	exportcheck.decide(
		{
			"product": "nvidia-rtx-4060",
			"destination": "AM",
			"end_user_hq": "AM",
			"date": "2024-06-01",
			"screening": {"end_user": true, "hits": [{
				"list": "UVL",
				"entry_id": "99ed",
				"name": "China Electronics Technology Group Corporation 13th Research Institute",
				"matched_name": "CETC 13",
				"score": 0.99,
				"federal_register_notice": "83 FR 54524",
				"license_requirement": "For all items subject to the EAR.",
				"license_policy": "",
				"source": "Entity List (EL) - Bureau of Industry and Security",
			}]},
		},
		"enforced",
	) == {
		"deciding": 2, "decision": "review",
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
				"citation": "15 CFR 744.15; part 744, Supp. 6 (Unverified List); 83 FR 54524",
				"message": "end user matches UVL entry \"China Electronics Technology Group Corporation 13th Research Institute\" (score 0.99 ≥ 0.93, matched \"CETC 13\"); license requirement: For all items subject to the EAR.",
				"rule": "screening.match",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "",
	}
}

test_rtx4060_entity_list_presumption if {
	exportcheck.decide(
		{
			"product": "nvidia-rtx-4060",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2024-06-01",
			"screening": {"end_user": true, "hits": [{
				"list": "EL",
				"entry_id": "99ed",
				"name": "China Electronics Technology Group Corporation 13th Research Institute",
				"matched_name": "CETC 13",
				"score": 0.97,
				"federal_register_notice": "83 FR 54524",
				"license_requirement": "For all items subject to the EAR.",
				"license_policy": "Presumption of denial.",
				"source": "Entity List (EL) - Bureau of Industry and Security",
			}]},
		},
		"enforced",
	) == {
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
				"citation": "15 CFR 744.11; part 744, Supp. 4 (Entity List); 83 FR 54524",
				"message": "end user matches EL entry \"China Electronics Technology Group Corporation 13th Research Institute\" (score 0.97 ≥ 0.93, matched \"CETC 13\"); license requirement: For all items subject to the EAR.",
				"rule": "screening.match",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "presumption_of_denial",
	}
}

test_rtx4060_meu if {
	exportcheck.decide(
		{
			"product": "nvidia-rtx-4060",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2024-06-01",
			"screening": {"end_user": true, "hits": [{
				"list": "MEU",
				"entry_id": "99ed",
				"name": "China Electronics Technology Group Corporation 13th Research Institute",
				"matched_name": "CETC 13",
				"score": 0.99,
				"federal_register_notice": "83 FR 54524",
				"license_requirement": "For all items subject to the EAR.",
				"license_policy": "case-by-case",
				"source": "Entity List (EL) - Bureau of Industry and Security",
			}]},
		},
		"enforced",
	) == {
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
				"citation": "15 CFR 744.21; part 744, Supp. 7 (Military End-User List); 83 FR 54524",
				"message": "end user matches MEU entry \"China Electronics Technology Group Corporation 13th Research Institute\" (score 0.99 ≥ 0.93, matched \"CETC 13\"); license requirement: For all items subject to the EAR.",
				"rule": "screening.match",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "presumption_of_denial",
	}
}

test_h20_to_china_us_hq_after_letter if {
	exportcheck.decide(
		{
			"product": "nvidia-h20",
			"destination": "CN",
			"end_user_hq": "US",
			"date": "2025-04-10",
		},
		"enforced",
	) == {
		"deciding": 2, "decision": "license_required",
		"eccn": "4A994.l",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.a and .b (88 FR 73458)",
				"classification": true,
				"message": "not 3A090: TPP 2,368 (FP8 296 × 8 bits) and PD 2.91 meet none of .a.1 (TPP ≥ 4,800), .a.2 (TPP ≥ 1,600, PD ≥ 5.92), .b.1 (TPP ≥ 2,400, PD ≥ 1.6), .b.2 (TPP ≥ 1,600, PD ≥ 3.2)",
				"rule": "classify.3a090.none",
			},
			{
				"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)",
				"classification": true,
				"message": "not 3A090/4A090: 4A994.l as its vendor classifies it (NVIDIA ECCN service: HGX H20 8 GPU, parts 935-24287-00M0-000/-00M1-000/-00N0-000)",
				"rule": "classify.vendor_eccn",
			},
			{
				"citation": "NVIDIA Form 8-K, 2025-04-15 (letters of 2025-04-09 and 2025-04-14); 15 CFR 744.23",
				"message": "Is-informed letters to NVIDIA and AMD: H20 and MI308 to China, Macau and D:5, and D:5/Macau-headquartered entities (h20-mi308-2025-04-09, from 2025-04-09): destination CN; addressed to NVIDIA and AMD, applied here to every exporter of the item as the stricter reading",
				"rule": "license.notice",
			},
		],
		"regime": "ear-2024-12-02",
		"review_policy": "unspecified",
	}
}

# A destination the letter reaches by its group alone is named with the group.
test_h20_to_d5_country_after_letter if {
	exportcheck.decide(
		{
			"product": "nvidia-h20",
			"destination": "VE",
			"end_user_hq": "US",
			"date": "2025-04-10",
		},
		"enforced",
	) == {
		"deciding": 2, "decision": "license_required",
		"eccn": "4A994.l",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.a and .b (88 FR 73458)",
				"classification": true,
				"message": "not 3A090: TPP 2,368 (FP8 296 × 8 bits) and PD 2.91 meet none of .a.1 (TPP ≥ 4,800), .a.2 (TPP ≥ 1,600, PD ≥ 5.92), .b.1 (TPP ≥ 2,400, PD ≥ 1.6), .b.2 (TPP ≥ 1,600, PD ≥ 3.2)",
				"rule": "classify.3a090.none",
			},
			{
				"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)",
				"classification": true,
				"message": "not 3A090/4A090: 4A994.l as its vendor classifies it (NVIDIA ECCN service: HGX H20 8 GPU, parts 935-24287-00M0-000/-00M1-000/-00N0-000)",
				"rule": "classify.vendor_eccn",
			},
			{
				"citation": "NVIDIA Form 8-K, 2025-04-15 (letters of 2025-04-09 and 2025-04-14); 15 CFR 744.23",
				"message": "Is-informed letters to NVIDIA and AMD: H20 and MI308 to China, Macau and D:5, and D:5/Macau-headquartered entities (h20-mi308-2025-04-09, from 2025-04-09): destination VE in D:5; addressed to NVIDIA and AMD, applied here to every exporter of the item as the stricter reading",
				"rule": "license.notice",
			},
		],
		"regime": "ear-2024-12-02",
		"review_policy": "unspecified",
	}
}

test_h20_to_macau_after_letter if {
	exportcheck.decide(
		{
			"product": "nvidia-h20",
			"destination": "MO",
			"end_user_hq": "MO",
			"date": "2025-04-10",
		},
		"enforced",
	) == {
		"deciding": 2, "decision": "license_required",
		"eccn": "4A994.l",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.a and .b (88 FR 73458)",
				"classification": true,
				"message": "not 3A090: TPP 2,368 (FP8 296 × 8 bits) and PD 2.91 meet none of .a.1 (TPP ≥ 4,800), .a.2 (TPP ≥ 1,600, PD ≥ 5.92), .b.1 (TPP ≥ 2,400, PD ≥ 1.6), .b.2 (TPP ≥ 1,600, PD ≥ 3.2)",
				"rule": "classify.3a090.none",
			},
			{
				"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)",
				"classification": true,
				"message": "not 3A090/4A090: 4A994.l as its vendor classifies it (NVIDIA ECCN service: HGX H20 8 GPU, parts 935-24287-00M0-000/-00M1-000/-00N0-000)",
				"rule": "classify.vendor_eccn",
			},
			{
				"citation": "NVIDIA Form 8-K, 2025-04-15 (letters of 2025-04-09 and 2025-04-14); 15 CFR 744.23",
				"message": "Is-informed letters to NVIDIA and AMD: H20 and MI308 to China, Macau and D:5, and D:5/Macau-headquartered entities (h20-mi308-2025-04-09, from 2025-04-09): destination MO; end user headquartered in MO; addressed to NVIDIA and AMD, applied here to every exporter of the item as the stricter reading",
				"rule": "license.notice",
			},
		],
		"regime": "ear-2024-12-02",
		"review_policy": "unspecified",
	}
}

test_h20_to_germany_china_hq_after_letter if {
	exportcheck.decide(
		{
			"product": "nvidia-h20",
			"destination": "DE",
			"end_user_hq": "CN",
			"date": "2025-04-10",
		},
		"enforced",
	) == {
		"deciding": 2, "decision": "license_required",
		"eccn": "4A994.l",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.a and .b (88 FR 73458)",
				"classification": true,
				"message": "not 3A090: TPP 2,368 (FP8 296 × 8 bits) and PD 2.91 meet none of .a.1 (TPP ≥ 4,800), .a.2 (TPP ≥ 1,600, PD ≥ 5.92), .b.1 (TPP ≥ 2,400, PD ≥ 1.6), .b.2 (TPP ≥ 1,600, PD ≥ 3.2)",
				"rule": "classify.3a090.none",
			},
			{
				"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)",
				"classification": true,
				"message": "not 3A090/4A090: 4A994.l as its vendor classifies it (NVIDIA ECCN service: HGX H20 8 GPU, parts 935-24287-00M0-000/-00M1-000/-00N0-000)",
				"rule": "classify.vendor_eccn",
			},
			{
				"citation": "NVIDIA Form 8-K, 2025-04-15 (letters of 2025-04-09 and 2025-04-14); 15 CFR 744.23",
				"message": "Is-informed letters to NVIDIA and AMD: H20 and MI308 to China, Macau and D:5, and D:5/Macau-headquartered entities (h20-mi308-2025-04-09, from 2025-04-09): end user headquartered in CN (D:5); addressed to NVIDIA and AMD, applied here to every exporter of the item as the stricter reading",
				"rule": "license.notice",
			},
		],
		"regime": "ear-2024-12-02",
		"review_policy": "unspecified",
	}
}

test_h20_within_us_china_hq_after_letter if {
	exportcheck.decide(
		{
			"product": "nvidia-h20",
			"destination": "US",
			"end_user_hq": "CN",
			"date": "2025-04-10",
		},
		"enforced",
	) == {
		"deciding": 2, "decision": "allow",
		"eccn": "4A994.l",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.a and .b (88 FR 73458)",
				"classification": true,
				"message": "not 3A090: TPP 2,368 (FP8 296 × 8 bits) and PD 2.91 meet none of .a.1 (TPP ≥ 4,800), .a.2 (TPP ≥ 1,600, PD ≥ 5.92), .b.1 (TPP ≥ 2,400, PD ≥ 1.6), .b.2 (TPP ≥ 1,600, PD ≥ 3.2)",
				"rule": "classify.3a090.none",
			},
			{
				"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)",
				"classification": true,
				"message": "not 3A090/4A090: 4A994.l as its vendor classifies it (NVIDIA ECCN service: HGX H20 8 GPU, parts 935-24287-00M0-000/-00M1-000/-00N0-000)",
				"rule": "classify.vendor_eccn",
			},
			{
				"citation": "15 CFR 732.3 (NLR)",
				"message": "no license required for 4A994.l to US (end user headquartered in CN)",
				"rule": "decision.nlr",
			},
		],
		"regime": "ear-2024-12-02",
		"review_policy": "",
	}
}

test_h100_within_us_china_hq if {
	exportcheck.decide(
		{
			"product": "nvidia-h100-sxm5",
			"destination": "US",
			"end_user_hq": "CN",
			"date": "2024-06-01",
		},
		"enforced",
	) == {
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
				"message": "no license required for 3A090.a to US (end user headquartered in CN)",
				"rule": "decision.nlr",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "",
	}
}

test_a100_to_hong_kong_letter_2022 if {
	exportcheck.decide(
		{
			"product": "nvidia-a100-sxm4-80gb",
			"destination": "HK",
			"end_user_hq": "US",
			"date": "2022-09-15",
		},
		"enforced",
	) == {
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
				"citation": "NVIDIA Form 8-K, 2022-08-26; 15 CFR 744.23",
				"message": "Is-informed letter to NVIDIA: A100 and H100 (and systems containing them) to China and Russia (nvidia-2022-08-26, from 2022-08-26): destination HK; addressed to NVIDIA, applied here to every exporter of the item as the stricter reading",
				"rule": "license.notice",
			},
		],
		"regime": "none",
		"review_policy": "unspecified",
	}
}

test_h100_to_uae_hq_unknown if {
	exportcheck.decide(
		{
			"product": "nvidia-h100-sxm5",
			"destination": "AE",
			"end_user_hq": "",
			"date": "2024-06-01",
		},
		"enforced",
	) == {
		"deciding": 0, "decision": "license_required",
		"eccn": "3A090.a",
		"exception": "",
		"reasons": [
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "end-user headquarters unknown and it decides the outcome: license_required (presumption of approval) if headquartered in US; license_required (presumption of denial) if headquartered in CN; license_required (presumption of denial) if headquartered in MO",
				"rule": "review.unknown_headquarters",
			},
			{
				"citation": "ECCN 3A090.a.1 (88 FR 73458)",
				"classification": true,
				"message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)",
				"rule": "classify.3a090.a.1",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458",
				"message": "license required for 3A090.a to AE (D:4; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a: end-user headquarters not given, judged as if in CN (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "presumption_of_denial",
	}
}

test_mi308x_to_germany_us_hq if {
	exportcheck.decide(
		{
			"product": "amd-mi308x",
			"destination": "DE",
			"end_user_hq": "US",
			"date": "2024-06-01",
		},
		"enforced",
	) == {
		"deciding": 1, "decision": "allow",
		"eccn": "",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090 (88 FR 73458)",
				"classification": true,
				"message": "3A090 unknown: TPP unknown, PD unknown (die area unknown); the vendor's figures are needed",
				"rule": "classify.3a090.unknown",
			},
			{
				"citation": "15 CFR 732.3 (NLR)",
				"message": "no license required for 3A090.a (if controlled) to DE (end user headquartered in US)",
				"rule": "decision.nlr",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "",
	}
}

test_h100_to_france_ai_diffusion if {
	exportcheck.decide(
		{
			"product": "nvidia-h100-sxm5",
			"destination": "FR",
			"end_user_hq": "FR",
			"date": "2025-06-01",
		},
		"ai-diffusion",
	) == {
		"deciding": 2, "decision": "exception",
		"eccn": "3A090.a",
		"exception": "AIA",
		"reasons": [
			{
				"citation": "ECCN 3A090.a.1 (88 FR 73458)",
				"classification": true,
				"message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)",
				"rule": "classify.3a090.a.1",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(iii) as revised by 90 FR 4544 (not enforced)",
				"message": "license required for 3A090.a to FR (AI-diffusion Tier 1)",
				"rule": "license.destination.ai_diffusion",
			},
			{
				"citation": "15 CFR 740.27 as added by 90 FR 4544 (not enforced)",
				"message": "License Exception AIA available: FR is a Tier 1 destination",
				"rule": "license.exception.aia",
			},
		],
		"regime": "ear-2025-01-13",
		"review_policy": "",
	}
}

test_h100_to_brazil_ai_diffusion if {
	exportcheck.decide(
		{
			"product": "nvidia-h100-sxm5",
			"destination": "BR",
			"end_user_hq": "BR",
			"date": "2025-06-01",
		},
		"ai-diffusion",
	) == {
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
				"citation": "15 CFR 742.6(a)(6)(iii) as revised by 90 FR 4544 (not enforced)",
				"message": "license required for 3A090.a to BR (AI-diffusion Tier 2)",
				"rule": "license.destination.ai_diffusion",
			},
		],
		"regime": "ear-2025-01-13",
		"review_policy": "case_by_case",
	}
}

test_h100_to_china_ai_diffusion if {
	exportcheck.decide(
		{
			"product": "nvidia-h100-sxm5",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2025-06-01",
		},
		"ai-diffusion",
	) == {
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
				"citation": "15 CFR 742.6(a)(6)(iii) as revised by 90 FR 4544 (not enforced)",
				"message": "license required for 3A090.a to CN (AI-diffusion Tier 3)",
				"rule": "license.destination.ai_diffusion",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a: end user headquartered in CN (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
		],
		"regime": "ear-2025-01-13",
		"review_policy": "presumption_of_denial",
	}
}

# 90 FR 4544 expanded ACA's country scope: a non-datacenter 3A090.a item
# (RTX 4090) to a Tier 2 destination may use ACA, not a licence.
test_rtx4090_to_india_ai_diffusion_aca if {
	exportcheck.decide(
		{
			"product": "nvidia-rtx-4090",
			"destination": "IN",
			"end_user_hq": "IN",
			"date": "2025-06-01",
		},
		"ai-diffusion",
	) == {
		"deciding": 2, "decision": "exception",
		"eccn": "3A090.a",
		"exception": "ACA",
		"reasons": [
			{
				"citation": "ECCN 3A090.a.1 (88 FR 73458)",
				"classification": true,
				"message": "3A090.a.1: TPP 5,285 ≥ 4,800 (INT4 1321.2 × 4 bits)",
				"rule": "classify.3a090.a.1",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(iii) as revised by 90 FR 4544 (not enforced)",
				"message": "license required for 3A090.a to IN (AI-diffusion Tier 2)",
				"rule": "license.destination.ai_diffusion",
			},
			{
				"citation": "15 CFR 740.8 as revised by 90 FR 4544 (not enforced)",
				"message": "License Exception ACA available for 3A090.a (not designed or marketed for datacenters) to IN (AI-diffusion Tier 2; no notification required)",
				"rule": "license.exception.ai_diffusion",
			},
		],
		"regime": "ear-2025-01-13",
		"review_policy": "",
	}
}

# Tier 3 (D:5, Macau): NAC with its 25-day notification.
test_rtx4090_to_china_ai_diffusion_nac if {
	exportcheck.decide(
		{
			"product": "nvidia-rtx-4090",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2025-06-01",
		},
		"ai-diffusion",
	) == {
		"deciding": 2, "decision": "exception",
		"eccn": "3A090.a",
		"exception": "NAC",
		"reasons": [
			{
				"citation": "ECCN 3A090.a.1 (88 FR 73458)",
				"classification": true,
				"message": "3A090.a.1: TPP 5,285 ≥ 4,800 (INT4 1321.2 × 4 bits)",
				"rule": "classify.3a090.a.1",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(iii) as revised by 90 FR 4544 (not enforced)",
				"message": "license required for 3A090.a to CN (AI-diffusion Tier 3)",
				"rule": "license.destination.ai_diffusion",
			},
			{
				"citation": "15 CFR 740.8 as revised by 90 FR 4544 (not enforced)",
				"message": "License Exception NAC available for 3A090.a (not designed or marketed for datacenters) to CN: notify BIS 25 days before export",
				"rule": "license.exception.ai_diffusion",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a: end user headquartered in CN (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
			{
				"citation": "15 CFR 740.8; 88 FR 73458; 89 FR 23876",
				"message": "License Exception NAC available for 3A090.a (not designed or marketed for datacenters): notify BIS 25 days before export",
				"rule": "license.exception.nac",
			},
		],
		"regime": "ear-2025-01-13",
		"review_policy": "",
	}
}

test_l40_to_uae_ai_diffusion if {
	exportcheck.decide(
		{
			"product": "nvidia-l40",
			"destination": "AE",
			"end_user_hq": "AE",
			"date": "2025-06-01",
		},
		"ai-diffusion",
	) == {
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
				"message": "license required for 3A090.b to AE (D:4; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 740.8; 89 FR 23876",
				"message": "License Exception ACA available for 3A090.b to AE (no notification required)",
				"rule": "license.exception.aca",
			},
		],
		"regime": "ear-2025-01-13",
		"review_policy": "",
	}
}

test_results_keep_input_order if {
	rs := exportcheck.results with input as {"orders": [
		{"product": "nvidia-h800-sxm5", "destination": "CN", "end_user_hq": "CN", "date": "2023-10-20"},
		{"product": "nvidia-h800-sxm5", "destination": "CN", "end_user_hq": "CN", "date": "2023-11-17"},
	]}
	[[r.decision, r.regime] | some r in rs] == [["allow", "ear-2023-01-18"], ["license_required", "ear-2023-11-17"]]
}

# A license-exception scheme the policy does not know gives no exception:
# the license requirement stands (fail closed), it does not disappear.
test_unknown_exception_scheme_gives_no_exception if {
	exportcheck.decide(
		{
			"product": "nvidia-rtx-4090",
			"destination": "VN",
			"end_user_hq": "VN",
			"date": "2024-01-10",
		},
		"enforced",
	) == {
		"deciding": 1, "decision": "license_required",
		"eccn": "3A090.a",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.a.1 (88 FR 73458)",
				"classification": true,
				"message": "3A090.a.1: TPP 5,285 ≥ 4,800 (INT4 1321.2 × 4 bits)",
				"rule": "classify.3a090.a.1",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458",
				"message": "license required for 3A090.a to VN (D:1; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "data.rules (features)",
				"message": "the rules in force give exceptions the value unknown_scheme, which this policy does not know: no license exception is given",
				"rule": "license.unknown_feature",
			},
		],
		"regime": "ear-2023-11-17",
		"review_policy": "presumption_of_approval",
	} with data.rules["ear-2023-11-17"].features.exceptions as "unknown_scheme"
}

# Headquarters written as a country name are named as written (the code
# decides): the reason says China, not CN.
test_headquarters_named_as_written if {
	exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "DE", "end_user_hq": "CN", "end_user_hq_text": "China", "date": "2024-06-01"}, "enforced") == {
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
				"message": "license required for 3A090.a: end user headquartered in China (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "presumption_of_denial",
	}
}

# A destination scheme the policy does not know is reviewed, not allowed.
test_unknown_destination_scheme_is_reviewed if {
	exportcheck.decide(
		{
			"product": "nvidia-h100-sxm5",
			"destination": "CN",
			"end_user_hq": "DE",
			"date": "2024-06-01",
		},
		"enforced",
	) == {
		"deciding": 1, "decision": "review",
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
				"citation": "data.rules (features)",
				"message": "the rules in force give destinations the value d154, which this policy does not know: the line is reviewed instead of decided",
				"rule": "license.unknown_feature",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "",
	} with data.rules["ear-2023-11-17"].features.destinations as "d154"
}

# A review-policy scheme the policy does not know keeps the license
# requirement, with the policy unspecified.
test_unknown_review_policy_scheme_keeps_the_requirement if {
	exportcheck.decide(
		{
			"product": "nvidia-h100-sxm5",
			"destination": "CN",
			"end_user_hq": "DE",
			"date": "2024-06-01",
		},
		"enforced",
	) == {
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
				"citation": "data.rules (features)",
				"message": "the rules in force give review_policy the value 2025, which this policy does not know: the review policy is left unspecified",
				"rule": "license.unknown_feature",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "unspecified",
	} with data.rules["ear-2023-11-17"].features.review_policy as "2025"
}

# A company requirement with an effect the policy does not know ("deny",
# a typo for prohibited) is reviewed with a reason saying so, not dropped:
# here it stands beside nothing else, on a line that is otherwise allowed.
_deny(_) := {{"effect": "deny", "review_policy": "", "exception": "", "reasons": [{"rule": "company.acme_gulf", "citation": "Acme export policy 4.2", "message": "no shipments to the Gulf"}]}}

test_unknown_effect_reviewed if {
	got := exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "DE", "end_user_hq": "DE", "date": "2024-06-01"}, "enforced") with data.exportcheck.company.requirements as _deny
	got.decision == "review"
	[r | some r in got.reasons; startswith(r.rule, "company.")] == [{"rule": "company.acme_gulf", "citation": "Acme export policy 4.2", "message": "no shipments to the Gulf"}]
	[r | some r in got.reasons; r.rule == "decision.unknown_effect"] == [{
		"rule": "decision.unknown_effect",
		"citation": "exportcheck policy (requirements and their effects; docs/company.md)",
		"message": "a rule gave the effect \"deny\", which this policy does not know (prohibited, license_required, review or allow): reviewed",
	}]
}

# The classification's reasons are marked "classification": true, and
# only they and the reasons a company rule marks itself: a company rule
# named like a classification's (classify.acme...) is a requirement's
# reason as any other; a company reason that states a class of its own
# keeps the mark it gives.
_acme_parts(_) := {{"effect": "review", "review_policy": "", "exception": "", "reasons": [
	{"rule": "classify.acme.parts_review", "citation": "Acme export policy 4.3", "message": "Acme reviews 3A090 parts by hand"},
	{"rule": "acme.internal_class", "citation": "Acme classification register", "message": "Acme class G2 (GPU accelerators)", "classification": true},
]}}

test_classification_marked if {
	exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "DE", "end_user_hq": "DE", "date": "2024-06-01"}, "enforced") == {
		"deciding": 1,
		"decision": "review",
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
				"citation": "Acme export policy 4.3",
				"message": "Acme reviews 3A090 parts by hand",
				"rule": "classify.acme.parts_review",
			},
			{
				"citation": "Acme classification register",
				"classification": true,
				"message": "Acme class G2 (GPU accelerators)",
				"rule": "acme.internal_class",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "",
	} with data.exportcheck.company.requirements as _acme_parts
}

# High-bandwidth memory (3A090.c) is reviewed, not allowed: its license
# requirements are not modelled.
test_hbm_reviewed if {
	got := exportcheck.decide({"product": "test-hbm", "destination": "CN", "end_user_hq": "CN", "date": "2025-03-01"}, "enforced") with data.products as data.exportcheck.classify_test._synthetic
	got.decision == "review"
	got.eccn == "3A090.c"
	[r | some r in got.reasons; startswith(r.rule, "license.")] == [{
		"rule": "license.hbm_unmodelled",
		"citation": "15 CFR 742.6(a)(6)(iii); 15 CFR 740.25 (License Exception HBM); 89 FR 96790",
		"message": "3A090.c (high-bandwidth memory) to CN: its license requirements and License Exception HBM are not modelled by this policy; a person must decide",
	}]
}

# Specifications and headquarters both unknown: each reason gives, for each
# value of its own unknown, every outcome the other leaves open, joined by
# "or" and the other unknown named; never two outcomes under one label.
test_unknown_specifications_and_headquarters if {
	exportcheck.decide(
		{
			"product": "amd-mi308x",
			"destination": "DE",
			"end_user_hq": "",
			"date": "2024-06-01",
		},
		"enforced",
	) == {
		"deciding": 0, "decision": "review",
		"eccn": "",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090 (88 FR 73458); 15 CFR 732.3 (know your item)",
				"message": "specifications unknown and they decide the outcome: license_required (presumption of denial) or allow if 3A090/4A090.a, as the headquarters decides; allow if not controlled",
				"rule": "review.unknown_specifications",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "end-user headquarters unknown and it decides the outcome: allow if headquartered in US; license_required (presumption of denial) or allow if headquartered in CN, as the specifications decide; license_required (presumption of denial) or allow if headquartered in MO, as the specifications decide",
				"rule": "review.unknown_headquarters",
			},
			{
				"citation": "ECCN 3A090 (88 FR 73458)",
				"classification": true,
				"message": "3A090 unknown: TPP unknown, PD unknown (die area unknown); the vendor's figures are needed",
				"rule": "classify.3a090.unknown",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a (if controlled): end-user headquarters not given, judged as if in CN (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "",
	}
}

# The outcomes an unknown leaves open come the most severe first: of two
# license exceptions, NAC (a notification to BIS) before ACA (none).
test_unknown_alternatives_stricter_exception_first if {
	edge := {"test-edge": {"name": "Test edge chip", "vendor": "Test", "kind": "chip", "datacenter": false, "throughput": null, "die_area_mm2": null, "io": null, "memory_bandwidth_gbps": null}}
	got := exportcheck.decide({"product": "test-edge", "destination": "KZ", "end_user_hq": "", "date": "2025-03-01"}, "enforced") with data.products as object.union(data.products, edge)
	got == {
		"deciding": 0, "decision": "review",
		"eccn": "",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090 (88 FR 73458); 15 CFR 732.3 (know your item)",
				"message": "specifications unknown and they decide the outcome: exception (NAC) or exception (ACA) if 3A090/4A090.a, as the headquarters decides; allow if not controlled",
				"rule": "review.unknown_specifications",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "end-user headquarters unknown and it decides the outcome: exception (ACA) or allow if headquartered in US, as the specifications decide; exception (NAC) or allow if headquartered in CN, as the specifications decide; exception (NAC) or allow if headquartered in MO, as the specifications decide",
				"rule": "review.unknown_headquarters",
			},
			{
				"citation": "ECCN 3A090 (88 FR 73458)",
				"classification": true,
				"message": "3A090 unknown: TPP unknown, PD unknown (die area unknown); the vendor's figures are needed",
				"rule": "classify.3a090.unknown",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458",
				"message": "license required for 3A090.a (if controlled) to KZ (D:1; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 740.8; 88 FR 73458; 89 FR 23876",
				"message": "License Exception NAC available for 3A090.a (if controlled) (not designed or marketed for datacenters): notify BIS 25 days before export",
				"rule": "license.exception.nac",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a (if controlled): end-user headquarters not given, judged as if in CN (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
		],
		"regime": "ear-2024-12-02",
		"review_policy": "",
	}
}

# The agency's classification settles what the figures cannot: the
# Ascend 910B is judged controlled (3A090.a, the stricter paragraph), so
# to China it needs a licence, with no "specifications unknown" spread.
test_ascend_to_china_agency_class if {
	got := exportcheck.decide(
		{
			"product": "huawei-ascend-910b",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2026-06-01",
		},
		"enforced",
	)
	got == {
		"deciding": 3, "decision": "license_required",
		"eccn": "3A090",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090 (88 FR 73458)",
				"classification": true,
				"message": "3A090 unknown: TPP unknown, PD unknown (die area unknown); the vendor's figures are needed",
				"rule": "classify.3a090.unknown",
			},
			{
				"citation": "data.products (low_confidence); ECCN 3A090 Technical Note (88 FR 73458)",
				"classification": true,
				"message": "Huawei (foreign-made, SMIC 7nm-class) Ascend 910B: figures of low confidence treated as unknown: throughput",
				"rule": "classify.low_confidence",
			},
			{
				"citation": "15 CFR part 774, Supp. 1 (ECCN 3A090, 88 FR 73458); BIS guidance of 2025-05-13 (PRC 3A090 ICs)",
				"classification": true,
				"message": "3A090 as the agency classifies it (BIS guidance of 2025-05-13 lists the Huawei Ascend 910B, 910C and 910D as PRC 3A090 ICs): judged as controlled, under .a, the stricter paragraph, since it does not say .a or .b",
				"rule": "classify.agency_class",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458",
				"message": "license required for 3A090 to CN (D:1, D:4, D:5; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 742.6(b)(10); 91 FR 1684",
				"message": "the 2026 case-by-case review for CN needs TPP under 21,000 and DRAM bandwidth under 6,500 GB/s, and the data settles neither the TPP nor the DRAM bandwidth: the test cannot be applied; presumption of denial (2023 rule)",
				"rule": "license.review_policy.2026.figures_unknown",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090: end user headquartered in CN (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
			{
				"citation": "BIS guidance of 2025-05-13; 15 CFR 736.2(b)(10)",
				"message": "BIS guidance: using or transacting in Huawei Ascend 910B/910C/910D risks violating General Prohibition 10 (gp10-ascend-2025-05-13, from 2025-05-13): applies to every destination",
				"rule": "license.notice",
			},
		],
		"regime": "ear-2026-01-15",
		"review_policy": "presumption_of_denial",
	}
}

# The GP10 guidance names the 910C and 910D as well as the 910B: an order
# naming either is judged (not an unknown product) and carries the GP10
# notice. The 910C's figures are analysts' estimates (low confidence), so
# BIS's listing decides its class, and to Germany the notice alone makes the
# line a review.
test_ascend_910c_to_germany_gp10 if {
	exportcheck.decide(
		{
			"product": "huawei-ascend-910c",
			"destination": "DE",
			"end_user_hq": "DE",
			"date": "2026-06-01",
		},
		"enforced",
	) == {
		"deciding": 3, "decision": "review",
		"eccn": "3A090",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090 (88 FR 73458)",
				"classification": true,
				"message": "3A090 unknown: TPP unknown, PD unknown (die area unknown); the vendor's figures are needed",
				"rule": "classify.3a090.unknown",
			},
			{
				"citation": "data.products (low_confidence); ECCN 3A090 Technical Note (88 FR 73458)",
				"classification": true,
				"message": "Huawei (foreign-made, SMIC 7nm-class) Ascend 910C: figures of low confidence treated as unknown: io, memory_bandwidth_gbps, throughput",
				"rule": "classify.low_confidence",
			},
			{
				"citation": "15 CFR part 774, Supp. 1 (ECCN 3A090, 88 FR 73458); BIS guidance of 2025-05-13 (PRC 3A090 ICs)",
				"classification": true,
				"message": "3A090 as the agency classifies it (BIS guidance of 2025-05-13 lists the Huawei Ascend 910B, 910C and 910D as PRC 3A090 ICs): judged as controlled, under .a, the stricter paragraph, since it does not say .a or .b",
				"rule": "classify.agency_class",
			},
			{
				"citation": "BIS guidance of 2025-05-13; 15 CFR 736.2(b)(10)",
				"message": "BIS guidance: using or transacting in Huawei Ascend 910B/910C/910D risks violating General Prohibition 10 (gp10-ascend-2025-05-13, from 2025-05-13): applies to every destination",
				"rule": "license.notice",
			},
		],
		"regime": "ear-2026-01-15",
		"review_policy": "",
	}
}

# To China the 910C needs a licence; its estimated TPP (12,800) and memory
# bandwidth (3.2 TB/s) would be under the 2026 thresholds, but being of low
# confidence they do not open the case-by-case review: presumption of denial.
test_ascend_910c_to_china if {
	exportcheck.decide(
		{
			"product": "huawei-ascend-910c",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2026-06-01",
		},
		"enforced",
	) == {
		"deciding": 3, "decision": "license_required",
		"eccn": "3A090",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090 (88 FR 73458)",
				"classification": true,
				"message": "3A090 unknown: TPP unknown, PD unknown (die area unknown); the vendor's figures are needed",
				"rule": "classify.3a090.unknown",
			},
			{
				"citation": "data.products (low_confidence); ECCN 3A090 Technical Note (88 FR 73458)",
				"classification": true,
				"message": "Huawei (foreign-made, SMIC 7nm-class) Ascend 910C: figures of low confidence treated as unknown: io, memory_bandwidth_gbps, throughput",
				"rule": "classify.low_confidence",
			},
			{
				"citation": "15 CFR part 774, Supp. 1 (ECCN 3A090, 88 FR 73458); BIS guidance of 2025-05-13 (PRC 3A090 ICs)",
				"classification": true,
				"message": "3A090 as the agency classifies it (BIS guidance of 2025-05-13 lists the Huawei Ascend 910B, 910C and 910D as PRC 3A090 ICs): judged as controlled, under .a, the stricter paragraph, since it does not say .a or .b",
				"rule": "classify.agency_class",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458",
				"message": "license required for 3A090 to CN (D:1, D:4, D:5; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 742.6(b)(10); 91 FR 1684",
				"message": "the 2026 case-by-case review for CN needs TPP under 21,000 and DRAM bandwidth under 6,500 GB/s, and the data settles neither the TPP nor the DRAM bandwidth: the test cannot be applied; presumption of denial (2023 rule)",
				"rule": "license.review_policy.2026.figures_unknown",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090: end user headquartered in CN (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
			{
				"citation": "BIS guidance of 2025-05-13; 15 CFR 736.2(b)(10)",
				"message": "BIS guidance: using or transacting in Huawei Ascend 910B/910C/910D risks violating General Prohibition 10 (gp10-ascend-2025-05-13, from 2025-05-13): applies to every destination",
				"rule": "license.notice",
			},
		],
		"regime": "ear-2026-01-15",
		"review_policy": "presumption_of_denial",
	}
}

# The 910D has no published figures at all: no low-confidence reason, the
# class from BIS's listing, and the GP10 notice.
test_ascend_910d_to_germany_gp10 if {
	exportcheck.decide(
		{
			"product": "huawei-ascend-910d",
			"destination": "DE",
			"end_user_hq": "DE",
			"date": "2026-06-01",
		},
		"enforced",
	) == {
		"deciding": 2, "decision": "review",
		"eccn": "3A090",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090 (88 FR 73458)",
				"classification": true,
				"message": "3A090 unknown: TPP unknown, PD unknown (die area unknown); the vendor's figures are needed",
				"rule": "classify.3a090.unknown",
			},
			{
				"citation": "15 CFR part 774, Supp. 1 (ECCN 3A090, 88 FR 73458); BIS guidance of 2025-05-13 (PRC 3A090 ICs)",
				"classification": true,
				"message": "3A090 as the agency classifies it (BIS guidance of 2025-05-13 lists the Huawei Ascend 910B, 910C and 910D as PRC 3A090 ICs): judged as controlled, under .a, the stricter paragraph, since it does not say .a or .b",
				"rule": "classify.agency_class",
			},
			{
				"citation": "BIS guidance of 2025-05-13; 15 CFR 736.2(b)(10)",
				"message": "BIS guidance: using or transacting in Huawei Ascend 910B/910C/910D risks violating General Prohibition 10 (gp10-ascend-2025-05-13, from 2025-05-13): applies to every destination",
				"rule": "license.notice",
			},
		],
		"regime": "ear-2026-01-15",
		"review_policy": "",
	}
}

# The 2026 review policy's figures never read as its thresholds.
test_2026_figures_beside_thresholds if {
	[
		data.exportcheck._num_text(20999.6, 21000), data.exportcheck._num_text(15832, 21000),
		data.exportcheck._num_text(6499.7, 6500), data.exportcheck._num_text(null, 21000),
	] == ["20999.60", "15,832", "6499.70", ""]
}

# High-bandwidth memory shipped before 3A090.c (2024-12-02) but while
# 3A090.a/.b were in force: not 3A090, and the line says that .c was not
# yet in force, not that no 3A090 control was.
test_hbm_before_3a090c if {
	got := exportcheck.decide({"product": "test-hbm", "destination": "CN", "end_user_hq": "CN", "date": "2024-06-01"}, "enforced") with data.products as data.exportcheck.classify_test._synthetic
	got == {
		"deciding": 2, "decision": "allow",
		"eccn": "",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.c (89 FR 96790, effective 2024-12-02)",
				"classification": true,
				"message": "not 3A090: 3A090.a/.b were in force, but no paragraph for high-bandwidth memory until 3A090.c (effective 2024-12-02)",
				"rule": "classify.3a090.c.not_in_force",
			},
			{
				"citation": "15 CFR 748.3 (classification by the exporter); 15 CFR 758.1 (EEI names the ECCN)",
				"classification": true,
				"message": "not 3A090/4A090; its ECCN elsewhere on the CCL (4A994, 5A992, 3A991, EAR99, ...) is not in the data: classify Test HBM3E stack before a filing names one",
				"rule": "classify.eccn_unknown",
			},
			{
				"citation": "15 CFR 732.3 (NLR)",
				"message": "no license required for this item (3A090.c not yet in force) to CN (end user headquartered in CN)",
				"rule": "decision.nlr",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "",
	}
}

# The RTX 6000 Ada's datacenter marking is of low confidence (no source
# settles Note 2 for it): .a.1 either way, but License Exception ACA turns
# on the marking, so a line to a D:1 destination is reviewed, naming both
# outcomes.
test_rtx_6000_ada_datacenter_unknown_reviewed if {
	exportcheck.decide({"product": "nvidia-rtx-6000-ada", "destination": "VN", "end_user_hq": "VN", "date": "2024-06-03"}, "enforced") == {
		"deciding": 0, "decision": "review",
		"eccn": "3A090.a",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090 (88 FR 73458); 15 CFR 732.3 (know your item)",
				"message": "specifications unknown and they decide the outcome: license_required (presumption of approval) if 3A090/4A090.a, designed or marketed for datacenters; exception (ACA) if 3A090/4A090.a, not designed or marketed for datacenters",
				"rule": "review.unknown_specifications",
			},
			{
				"citation": "ECCN 3A090.a.1 (88 FR 73458)",
				"classification": true,
				"message": "3A090.a.1: TPP 5,828 ≥ 4,800 (FP8 728.5 × 8 bits)",
				"rule": "classify.3a090.a.1",
			},
			{
				"citation": "data.products (low_confidence); ECCN 3A090 Technical Note (88 FR 73458)",
				"classification": true,
				"message": "NVIDIA RTX 6000 Ada Generation: figures of low confidence treated as unknown: datacenter",
				"rule": "classify.low_confidence",
			},
			{
				"citation": "ECCN 3A090 Note 4 and the .z paragraphs of 15 CFR part 774, Supp. 1 (88 FR 73458); 15 CFR 748.3 (classification by the exporter)",
				"classification": true,
				"message": "filing ECCN 4A090.a as its vendor classifies it (NVIDIA ECCN service, parts 900-5G133-2250-000, -0050-500 and others (RTX 6000 Ada)); the licence requirements are those of 3A090.a",
				"rule": "classify.filing_eccn",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458",
				"message": "license required for 3A090.a to VN (D:1; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "",
	}
}

# The RTX 6000D publishes no throughput: its class is unknown and the line
# to China is reviewed. Its vendor's 4A994.l is named for the reviewer
# (classify.vendor_eccn_unconfirmed) and decides nothing: the line's ECCN
# stays blank and the decision review, never the allow 4A994.l would give.
test_rtx6000d_to_china_vendor_eccn_named if {
	exportcheck.decide(
		{
			"product": "nvidia-rtx-6000d",
			"destination": "CN",
			"end_user_hq": "CN",
			"date": "2026-03-01",
		},
		"enforced",
	) == {
		"deciding": 0, "decision": "review",
		"eccn": "",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090 (88 FR 73458); 15 CFR 732.3 (know your item)",
				"message": "specifications unknown and they decide the outcome: license_required (presumption of denial) if 3A090/4A090.a; allow if not controlled",
				"rule": "review.unknown_specifications",
			},
			{
				"citation": "ECCN 3A090 (88 FR 73458)",
				"classification": true,
				"message": "3A090 unknown: TPP unknown, PD unknown (TPP unknown; die area 750 mm²); the vendor's figures are needed",
				"rule": "classify.3a090.unknown",
			},
			{
				"citation": "15 CFR 748.3 (classification by the exporter); 15 CFR 732.3 (know your item)",
				"classification": true,
				"message": "its vendor classifies it as 4A994.l, not 3A090/4A090 (NVIDIA ECCN service: NVIDIA RTX 6000D, parts 900-2G153-0030-000/-0030-001/-0030-200 and 900-2G153-0050-000/-0050-001 (LC)); exportcheck cannot confirm this from the published figures: named for information, it decides nothing",
				"rule": "classify.vendor_eccn_unconfirmed",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458",
				"message": "license required for 3A090.a (if controlled) to CN (D:1, D:4, D:5; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 742.6(b)(10); 91 FR 1684",
				"message": "the 2026 case-by-case review for CN needs TPP under 21,000 and DRAM bandwidth under 6,500 GB/s, and the data settles neither the TPP nor the DRAM bandwidth: the test cannot be applied; presumption of denial (2023 rule)",
				"rule": "license.review_policy.2026.figures_unknown",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a (if controlled): end user headquartered in CN (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
		],
		"regime": "ear-2026-01-15",
		"review_policy": "",
	}
}

# The H100 NVL (one 94 GB card: datasheet rates halved, BF16 835.5 x 16 =
# TPP 13,368; NVLink bridge 600 + PCIe 128 GB/s) to China before the 2023
# rule took effect: 3A090.a under the 2022 text (TPP and I/O), licence to
# China under the 2022 rule; no filing ECCN under that text.
test_h100_nvl_to_china_2022_rule if {
	exportcheck.decide(
		{"product": "nvidia-h100-nvl", "destination": "CN", "end_user_hq": "CN", "date": "2023-06-01"},
		"enforced",
	) == {
		"deciding": 1, "decision": "license_required",
		"eccn": "3A090.a",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.a (87 FR 62186)",
				"classification": true,
				"message": "3A090.a (2022 text): TPP 13,368 ≥ 4,800 (BF16 835.5 × 16 bits) and aggregate bidirectional I/O 728 GB/s ≥ 600 GB/s",
				"rule": "classify.3a090.2022",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(i); 87 FR 62186",
				"message": "license required for 3A090.a to CN under the 2022 rule",
				"rule": "license.destination.china",
			},
		],
		"regime": "ear-2023-01-18",
		"review_policy": "presumption_of_denial",
	}
}

# The H100 NVL to China after 2023-11-17: 3A090.a.1 by TPP alone, filed as
# 4A090.a as NVIDIA classifies it; licence for the destination and for the
# end user's headquarters.
test_h100_nvl_to_china_2023_rule if {
	exportcheck.decide(
		{"product": "nvidia-h100-nvl", "destination": "CN", "end_user_hq": "CN", "date": "2024-06-01"},
		"enforced",
	) == {
		"deciding": 2, "decision": "license_required",
		"eccn": "3A090.a",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.a.1 (88 FR 73458)",
				"classification": true,
				"message": "3A090.a.1: TPP 13,368 ≥ 4,800 (BF16 835.5 × 16 bits)",
				"rule": "classify.3a090.a.1",
			},
			{
				"citation": "ECCN 3A090 Note 4 and the .z paragraphs of 15 CFR part 774, Supp. 1 (88 FR 73458); 15 CFR 748.3 (classification by the exporter)",
				"classification": true,
				"message": "filing ECCN 4A090.a as its vendor classifies it (NVIDIA ECCN service, parts 900-21010-0020-000 and -0020-001 (H100 NVL)); the licence requirements are those of 3A090.a",
				"rule": "classify.filing_eccn",
			},
			{
				"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458",
				"message": "license required for 3A090.a to CN (D:1, D:4, D:5; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			{
				"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
				"message": "license required for 3A090.a: end user headquartered in CN (D:5), wherever located outside the United States",
				"rule": "license.headquarters",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "presumption_of_denial",
	}
}

# The H200 NVL (tensor rates not found; NVIDIA files it as 4A090.a) to
# Germany: no licence either way, so allow, with the vendor's ECCN named
# and the line's ECCN still blank.
test_h200_nvl_to_germany_vendor_eccn_named if {
	exportcheck.decide(
		{
			"product": "nvidia-h200-nvl",
			"destination": "DE",
			"end_user_hq": "DE",
			"date": "2026-03-01",
		},
		"enforced",
	) == {
		"deciding": 2, "decision": "allow",
		"eccn": "",
		"exception": "",
		"reasons": [
			{
				"citation": "ECCN 3A090 (88 FR 73458)",
				"classification": true,
				"message": "3A090 unknown: TPP unknown, PD unknown (TPP unknown; die area 814 mm²); the vendor's figures are needed",
				"rule": "classify.3a090.unknown",
			},
			{
				"citation": "15 CFR 748.3 (classification by the exporter); 15 CFR 732.3 (know your item)",
				"classification": true,
				"message": "its vendor classifies it as 4A090.a, at the 3A090/4A090.a level (NVIDIA ECCN service, parts 900-21010-0040-000 and -0040-001 (H200 NVL)); exportcheck cannot confirm this from the published figures: named for information, it decides nothing",
				"rule": "classify.vendor_eccn_unconfirmed",
			},
			{
				"citation": "15 CFR 732.3 (NLR)",
				"message": "no license required for 3A090.a (if controlled) to DE (end user headquartered in DE)",
				"rule": "decision.nlr",
			},
		],
		"regime": "ear-2026-01-15",
		"review_policy": "",
	}
}

# The vendor's ECCN of an item of unknown class decides nothing: without
# it in data, a line of these products to China has the same decision,
# ECCN, review policy, exception and other reasons (the classification's
# part: classify_test.test_vendor_eccn_unconfirmed_only_adds_its_reason).
test_vendor_eccn_unconfirmed_decides_nothing if {
	stripped := {id: object.remove(p, ["eccn_outside_3a090", "filing_eccn"]) | some id, p in data.products}
	every product in ["nvidia-rtx-6000d", "nvidia-h200-nvl"] {
		o := {"product": product, "destination": "CN", "end_user_hq": "CN", "date": "2026-03-01"}
		with_vendor := exportcheck.decide(o, "enforced")
		"classify.vendor_eccn_unconfirmed" in {r.rule | some r in with_vendor.reasons}
		without := exportcheck.decide(o, "enforced") with data.products as stripped
		object.union(with_vendor, {"reasons": [r | some r in with_vendor.reasons; r.rule != "classify.vendor_eccn_unconfirmed"]}) == without
	}
}

# Company rules are given ctx with exactly the keys company_ctx_keys
# publishes (the checker refuses a company rule that reads another): a
# company rule that reports the keys it is given, as a note.
_ctx_keys_seen(ctx) := {{"effect": "allow", "review_policy": "", "exception": "", "reasons": [{"rule": "test.ctx_keys", "citation": "test", "message": concat(",", sort(object.keys(ctx)))}]}}

test_company_ctx_keys if {
	got := exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "DE", "end_user_hq": "", "date": "2024-06-01"}, "enforced") with data.exportcheck.company.requirements as _ctx_keys_seen
	[r.message | some r in got.reasons; r.rule == "test.ctx_keys"] == [concat(",", sort(exportcheck.company_ctx_keys))]
}

# The objects in ctx have the keys company_ctx_nested_keys publishes for
# them, and no other, over orders that between them give every key it
# names (the checker refuses a company rule that reads another): cls, cf
# and hf; f (the features data.rules name) is the one other object.
_ctx_nested_seen(ctx) := {{"effect": "allow", "review_policy": "", "exception": "", "reasons": [{"rule": "test.ctx_nested", "citation": "test", "message": json.marshal({k: object.keys(v) | some k, v in ctx; is_object(v)})}]}}

test_company_ctx_nested_keys if {
	orders := [
		{"product": "nvidia-h100-sxm5", "destination": "AE", "end_user_hq": "CN", "date": "2026-03-01"},
		{"product": "amd-mi308x", "destination": "CN", "end_user_hq": "", "date": "2026-03-01"}, # cls.assumed
		{"product": "huawei-ascend-910b", "destination": "CN", "end_user_hq": "", "date": "2026-03-01"}, # cls.controlled
		{"product": "nvidia-rtx-6000-ada", "destination": "CN", "end_user_hq": "", "date": "2026-03-01"}, # cls.dc_assumed
		{"product": "nvidia-dgx-h100", "destination": "CN", "end_user_hq": "", "date": "2026-03-01"}, # cls.filing_eccn
	]
	seen := [json.unmarshal(r.message) |
		some o in orders
		got := exportcheck.decide(o, "enforced") with data.exportcheck.company.requirements as _ctx_nested_seen
		some r in got.reasons
		r.rule == "test.ctx_nested"
	]
	count(seen) == count(orders)
	every s in seen {
		object.keys(s) == object.keys(exportcheck.company_ctx_nested_keys) | {"f"}
	}
	{k: {sub | some s in seen; some sub in s[k]} | some k, _ in exportcheck.company_ctx_nested_keys} == exportcheck.company_ctx_nested_keys
}
