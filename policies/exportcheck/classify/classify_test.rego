# Classification of real and synthetic products, asserting whole objects (the
# reviewed output of the policy; update after a reviewed policy change).
package exportcheck.classify_test

import data.exportcheck.classify
import data.exportcheck.timeline

test_l4_a2 if {
	r := classify.report(data.products["nvidia-l4"], timeline.in_force("2024-06-01", "enforced"))
	round(r.pd * 10000) == 65874
	object.remove(r, ["pd"]) == {
		"classification": {
			"class": "a",
			"datacenter": true,
			"dram": 300,
			"eccn": "3A090.a",
			"filing_eccn": "4A090.a",
			"paragraph": "3A090.a.2",
			"reasons": [
				{
					"citation": "ECCN 3A090.a.2 (88 FR 73458)",
					"message": "3A090.a.2: TPP 1,940 ≥ 1,600 and PD 6.59 ≥ 5.92 (1,940 / 294.5 mm²)",
					"rule": "classify.3a090.a.2",
				},
				{
					"citation": "ECCN 3A090 Note 4 and the .z paragraphs of 15 CFR part 774, Supp. 1 (88 FR 73458); 15 CFR 748.3 (classification by the exporter)",
					"message": "filing ECCN 4A090.a as its vendor classifies it (NVIDIA ECCN service, parts 900-2G193-0000-000, -0000-001, -0010-000 and -0010-001 (L4 24GB)); the licence requirements are those of 3A090.a",
					"rule": "classify.filing_eccn",
				},
			],
			"tpp": 1940,
		},
		"io": 64,
		"published_tpp": 1952,
		"tpp": 1940,
	}
}

test_b2 if {
	classify.report(_synthetic["test-b2"], timeline.in_force("2024-06-01", "enforced")) == {
		"classification": {
			"class": "b",
			"datacenter": true,
			"dram": 1000,
			"eccn": "3A090.b",
			"paragraph": "3A090.b.2",
			"reasons": [
				{
					"citation": "ECCN 3A090.b.2 (88 FR 73458)",
					"message": "3A090.b.2: TPP 2,000 ≥ 1,600 and 3.2 ≤ PD 4.00 < 5.92 (2,000 / 500 mm²)",
					"rule": "classify.3a090.b.2",
				},
			],
			"tpp": 2000,
		},
		"io": 64,
		"pd": 4,
		"published_tpp": null,
		"tpp": 2000,
	} with data.products as _synthetic
}

test_disagree if {
	classify.report(_synthetic["test-disagree"], timeline.in_force("2024-06-01", "enforced")) == {
		"classification": {
			"class": "unknown",
			"datacenter": true,
			"dram": null,
			"eccn": "",
			"paragraph": "",
			"reasons": [
				{
					"citation": "ECCN 3A090 Technical Note (88 FR 73458)",
					"message": "sources disagree: TPP 4,700 computed from the datasheet vs 4,900 published by the vendor give different paragraphs",
					"rule": "classify.sources_disagree",
				},
			],
			"tpp": null,
		},
		"io": null,
		"pd": 4.7,
		"published_tpp": 4900,
		"tpp": 4700,
	} with data.products as _synthetic
}

test_pd_unknown if {
	classify.report(_synthetic["test-pd-unknown"], timeline.in_force("2024-06-01", "enforced")) == {
		"classification": {
			"class": "unknown",
			"datacenter": true,
			"dram": null,
			"eccn": "",
			"paragraph": "",
			"reasons": [
				{
					"citation": "ECCN 3A090 (88 FR 73458)",
					"message": "3A090 unknown: TPP 3,000, PD unknown (die area unknown); the vendor's figures are needed",
					"rule": "classify.3a090.unknown",
				},
			],
			"tpp": 3000,
		},
		"io": null,
		"pd": null,
		"published_tpp": null,
		"tpp": 3000,
	} with data.products as _synthetic
}

test_low_tpp_pd_unknown if {
	classify.report(_synthetic["test-low-tpp"], timeline.in_force("2024-06-01", "enforced")) == {
		"classification": {
			"class": "none",
			"datacenter": true,
			"dram": null,
			"eccn": "",
			"paragraph": "",
			"reasons": [
				{
					"citation": "ECCN 3A090.a and .b (88 FR 73458)",
					"message": "not 3A090: TPP 800 (FP16 50 × 16 bits) and PD unknown meet none of .a.1 (TPP ≥ 4,800), .a.2 (TPP ≥ 1,600, PD ≥ 5.92), .b.1 (TPP ≥ 2,400, PD ≥ 1.6), .b.2 (TPP ≥ 1,600, PD ≥ 3.2)",
					"rule": "classify.3a090.none",
				},
				{
					"citation": "15 CFR 748.3 (classification by the exporter); 15 CFR 758.1 (EEI names the ECCN)",
					"message": "not 3A090/4A090; its ECCN elsewhere on the CCL (4A994, 5A992, 3A991, EAR99, ...) is not in the data: classify Test chip before a filing names one",
					"rule": "classify.eccn_unknown",
				},
			],
			"tpp": 800,
		},
		"io": null,
		"pd": null,
		"published_tpp": null,
		"tpp": 800,
	} with data.products as _synthetic
}

test_io_unknown_2022 if {
	classify.report(_synthetic["test-io-unknown"], timeline.in_force("2023-01-01", "enforced")) == {
		"classification": {
			"class": "none",
			"datacenter": true,
			"dram": null,
			"eccn": "",
			"paragraph": "",
			"reasons": [
				{
					"citation": "ECCN 3A090.a (87 FR 62186)",
					"message": "not 3A090 (2022 text): TPP 1,600 < 4,800 (FP16 100 × 16 bits)",
					"rule": "classify.3a090.2022.tpp_below",
				},
				{
					"citation": "15 CFR 748.3 (classification by the exporter); 15 CFR 758.1 (EEI names the ECCN)",
					"message": "not 3A090/4A090; its ECCN elsewhere on the CCL (4A994, 5A992, 3A991, EAR99, ...) is not in the data: classify Test chip before a filing names one",
					"rule": "classify.eccn_unknown",
				},
			],
			"tpp": 1600,
		},
		"io": null,
		"pd": null,
		"published_tpp": null,
		"tpp": 1600,
	} with data.products as _synthetic
}

test_hbm if {
	classify.report(_synthetic["test-hbm"], timeline.in_force("2025-01-01", "enforced")) == {
		"classification": {
			"class": "c",
			"datacenter": true,
			"dram": null,
			"eccn": "3A090.c",
			"paragraph": "3A090.c",
			"reasons": [
				{
					"citation": "ECCN 3A090.c (89 FR 96790)",
					"message": "3A090.c: memory bandwidth density 9.50 GB/s/mm² > 2",
					"rule": "classify.3a090.c",
				},
			],
			"tpp": null,
		},
		"io": null,
		"pd": null,
		"published_tpp": null,
		"tpp": null,
	} with data.products as _synthetic
}

test_hbm_low if {
	classify.report(_synthetic["test-hbm-low"], timeline.in_force("2025-01-01", "enforced")) == {
		"classification": {
			"class": "none",
			"datacenter": true,
			"dram": null,
			"eccn": "",
			"paragraph": "",
			"reasons": [
				{
					"citation": "ECCN 3A090.c (89 FR 96790)",
					"message": "3A090.c: memory bandwidth density 2 GB/s/mm² (threshold > 2)",
					"rule": "classify.3a090.c.none",
				},
				{
					"citation": "15 CFR 748.3 (classification by the exporter); 15 CFR 758.1 (EEI names the ECCN)",
					"message": "not 3A090/4A090; its ECCN elsewhere on the CCL (4A994, 5A992, 3A991, EAR99, ...) is not in the data: classify Test HBM low before a filing names one",
					"rule": "classify.eccn_unknown",
				},
			],
			"tpp": null,
		},
		"io": null,
		"pd": null,
		"published_tpp": null,
		"tpp": null,
	} with data.products as _synthetic
}

test_hbm_unknown if {
	classify.report(_synthetic["test-hbm-unknown"], timeline.in_force("2025-01-01", "enforced")) == {
		"classification": {
			"class": "unknown",
			"datacenter": true,
			"dram": null,
			"eccn": "",
			"paragraph": "",
			"reasons": [
				{
					"citation": "ECCN 3A090.c (89 FR 96790)",
					"message": "3A090.c: memory bandwidth density unknown GB/s/mm² (threshold > 2)",
					"rule": "classify.3a090.c.none",
				},
			],
			"tpp": null,
		},
		"io": null,
		"pd": null,
		"published_tpp": null,
		"tpp": null,
	} with data.products as _synthetic
}

test_hbm_before_rule if {
	classify.report(_synthetic["test-hbm"], timeline.in_force("2024-06-01", "enforced")) == {
		"classification": {
			"class": "none",
			"datacenter": true,
			"dram": null,
			"eccn": "",
			"paragraph": "",
			"reasons": [
				{
					"citation": "ECCN 3A090.c (89 FR 96790, effective 2024-12-02)",
					"message": "not 3A090: 3A090.a/.b were in force, but no paragraph for high-bandwidth memory until 3A090.c (effective 2024-12-02)",
					"rule": "classify.3a090.c.not_in_force",
				},
				{
					"citation": "15 CFR 748.3 (classification by the exporter); 15 CFR 758.1 (EEI names the ECCN)",
					"message": "not 3A090/4A090; its ECCN elsewhere on the CCL (4A994, 5A992, 3A991, EAR99, ...) is not in the data: classify Test HBM3E stack before a filing names one",
					"rule": "classify.eccn_unknown",
				},
			],
			"tpp": null,
		},
		"io": null,
		"pd": null,
		"published_tpp": null,
		"tpp": null,
	} with data.products as _synthetic
}

test_system_unknown if {
	classify.report(_synthetic["test-system-unknown"], timeline.in_force("2024-06-01", "enforced")) == {
		"classification": {
			"class": "unknown",
			"datacenter": true,
			"dram": null,
			"eccn": "",
			"paragraph": "",
			"reasons": [
				{
					"citation": "ECCN 4A090 (87 FR 62186; 88 FR 73458)",
					"message": "4A090 unknown: contains 8 × AMD Instinct MI308X (China variant) (3A090 unknown: TPP unknown, PD unknown (die area unknown); the vendor's figures are needed)",
					"rule": "classify.4a090",
				},
			],
			"tpp": null,
		},
		"io": null,
		"pd": null,
		"published_tpp": null,
		"tpp": null,
	} with data.products as _synthetic
}

test_h800_2022 if {
	r := classify.report(data.products["nvidia-h800-sxm5"], timeline.in_force("2023-01-01", "enforced"))
	round(r.pd * 10000) == 194496
	object.remove(r, ["pd"]) == {
		"classification": {
			"class": "none",
			"datacenter": true,
			"dram": 3350,
			"eccn": "",
			"paragraph": "",
			"reasons": [
				{
					"citation": "ECCN 3A090.a (87 FR 62186)",
					"message": "not 3A090 (2022 text): aggregate bidirectional I/O 528 GB/s < 600 GB/s; TPP 15,832 (FP8 1979 × 8 bits)",
					"rule": "classify.3a090.2022.io_below",
				},
				{
					"citation": "15 CFR 748.3 (classification by the exporter); 15 CFR 758.1 (EEI names the ECCN)",
					"message": "not 3A090/4A090; its ECCN elsewhere on the CCL (4A994, 5A992, 3A991, EAR99, ...) is not in the data: classify NVIDIA H800 SXM5 80GB (China variant) before a filing names one",
					"rule": "classify.eccn_unknown",
				},
			],
			"tpp": 15832,
		},
		"io": 528,
		"published_tpp": 15840,
		"tpp": 15832,
	}
}

_synthetic := object.union(data.products, {
	"test-b2": {
		"name": "Test chip",
		"vendor": "Test",
		"kind": "chip",
		"datacenter": true,
		"throughput": [
			{
				"format": "FP8",
				"tops": 250,
				"bits": 8,
			},
		],
		"die_area_mm2": 500,
		"io": [
			{
				"link": "PCIe",
				"gbps": 64,
			},
		],
		"memory_bandwidth_gbps": 1000,
	},
	"test-disagree": {
		"name": "Test chip",
		"vendor": "Test",
		"kind": "chip",
		"datacenter": true,
		"throughput": [
			{
				"format": "FP8",
				"tops": 587.5,
				"bits": 8,
			},
		],
		"die_area_mm2": 1000,
		"io": null,
		"memory_bandwidth_gbps": null,
		"published_tpp": {
			"value": 4900,
			"source": "test",
		},
	},
	"test-pd-unknown": {
		"name": "Test chip",
		"vendor": "Test",
		"kind": "chip",
		"datacenter": true,
		"throughput": [
			{
				"format": "FP16",
				"tops": 187.5,
				"bits": 16,
			},
		],
		"die_area_mm2": null,
		"io": null,
		"memory_bandwidth_gbps": null,
	},
	"test-low-tpp": {
		"name": "Test chip",
		"vendor": "Test",
		"kind": "chip",
		"datacenter": true,
		"throughput": [
			{
				"format": "FP16",
				"tops": 50,
				"bits": 16,
			},
		],
		"die_area_mm2": null,
		"io": null,
		"memory_bandwidth_gbps": null,
	},
	"test-io-unknown": {
		"name": "Test chip",
		"vendor": "Test",
		"kind": "chip",
		"datacenter": true,
		"throughput": [
			{
				"format": "FP16",
				"tops": 100,
				"bits": 16,
			},
		],
		"die_area_mm2": null,
		"io": null,
		"memory_bandwidth_gbps": null,
	},
	"test-hbm": {
		"name": "Test HBM3E stack",
		"vendor": "Test",
		"kind": "hbm",
		"bandwidth_density_gbps_mm2": 9.5,
	},
	"test-hbm-low": {
		"name": "Test HBM low",
		"vendor": "Test",
		"kind": "hbm",
		"bandwidth_density_gbps_mm2": 1.5,
	},
	"test-hbm-unknown": {
		"name": "Test HBM unknown",
		"vendor": "Test",
		"kind": "hbm",
	},
	"test-system-unknown": {
		"name": "Test system",
		"vendor": "Test",
		"kind": "system",
		"datacenter": true,
		"components": [
			{
				"product": "amd-mi308x",
				"count": 8,
			},
		],
	},
})

_on(p, day) := classify.classification(p, timeline.in_force(day, "enforced"))

_filing(value, meets) := {"value": value, "meets": meets, "texts": ["2023"], "reference": "vendor list, part 1", "source": "test", "confidence": "medium"}

_filing_reason(value, eccn) := {
	"citation": "ECCN 3A090 Note 4 and the .z paragraphs of 15 CFR part 774, Supp. 1 (88 FR 73458); 15 CFR 748.3 (classification by the exporter)",
	"message": concat("", ["filing ECCN ", value, " as its vendor classifies it (vendor list, part 1); the licence requirements are those of ", eccn]),
	"rule": "classify.filing_eccn",
}

# The vendor's filing ECCN of an item at the 3A090/4A090 level is named
# beside the computed paragraph, which decides, under the classification
# text it was made under; a vendor's level that disagrees with the
# computed class makes the class unknown; a .z paragraph that does not say
# its level (5A002.z.1) agrees with either.
test_filing_eccn if {
	b2 := _synthetic["test-b2"]
	with_filing := object.union(b2, {"filing_eccn": _filing("5A992.z.2", "b")})
	_on(with_filing, "2024-06-01") == {
		"class": "b", "datacenter": true, "dram": 1000, "eccn": "3A090.b", "paragraph": "3A090.b.2", "tpp": 2000,
		"filing_eccn": "5A992.z.2",
		"reasons": [
			{"citation": "ECCN 3A090.b.2 (88 FR 73458)", "message": "3A090.b.2: TPP 2,000 ≥ 1,600 and 3.2 ≤ PD 4.00 < 5.92 (2,000 / 500 mm²)", "rule": "classify.3a090.b.2"},
			_filing_reason("5A992.z.2", "3A090.b"),
		],
	}
	_on(object.union(b2, {"filing_eccn": _filing("5A002.z.1", "a_or_b")}), "2024-06-01").filing_eccn == "5A002.z.1"
	_on(object.union(b2, {"filing_eccn": _filing("4A090.a", "a")}), "2024-06-01") == {
		"class": "unknown", "datacenter": true, "dram": 1000, "eccn": "", "paragraph": "", "tpp": 2000,
		"reasons": [
			{"citation": "ECCN 3A090.b.2 (88 FR 73458)", "message": "3A090.b.2: TPP 2,000 ≥ 1,600 and 3.2 ≤ PD 4.00 < 5.92 (2,000 / 500 mm²)", "rule": "classify.3a090.b.2"},
			{
				"citation": "ECCN 3A090 Note 4 (88 FR 73458); 15 CFR 748.3 (classification by the exporter)",
				"message": "sources disagree: its vendor classifies it as 4A090.a (level a; vendor list, part 1), its figures give class b",
				"rule": "classify.filing_eccn_conflict",
			},
		],
	}

	# Under the 2022 text the filing ECCN (made under the 2023 text) is not named.
	not _on(with_filing, "2023-06-01").filing_eccn

	# The real data: a card and a system at the 3A090.a level.
	_on(data.products["nvidia-h100-pcie"], "2024-06-01").filing_eccn == "4A090.a"
	_on(data.products["nvidia-dgx-h100"], "2024-06-01").filing_eccn == "5A002.z.1"
}

_agency_test := {"value": "3A090", "meets": "a", "texts": ["2023"], "reference": "test listing", "source": "test", "confidence": "high"}

# The agency says 3A090, the figures say below it: the sources disagree
# and the class is unknown (never "not controlled", never the agency's
# word over the figures).
test_agency_class_against_figures if {
	p := object.union(data.products["nvidia-rtx-4060"], {"agency_class": _agency_test})
	classify.classification(p, timeline.in_force("2024-06-01", "enforced")) == {
		"class": "unknown",
		"datacenter": false,
		"dram": 272,
		"eccn": "",
		"paragraph": "",
		"reasons": [
			{
				"citation": "ECCN 3A090 Note 2 (88 FR 73458)",
				"message": "not 3A090 (Note 2): not designed or marketed for datacenters and TPP 968 < 4,800 (FP16_fp16acc 60.5 × 16 bits)",
				"rule": "classify.3a090.note2",
			},
			{
				"citation": "15 CFR part 774, Supp. 1 (ECCN 3A090, 88 FR 73458); 15 CFR 748.3 (classification by the exporter)",
				"message": "sources disagree: the agency classifies it as 3A090 (test listing), its figures put it below 3A090",
				"rule": "classify.agency_conflict",
			},
		],
		"tpp": 968,
	}
}

# A vendor's filing ECCN that disagrees with the figures leaves the class
# unknown, whatever level an agency states: the agency does not settle a
# conflict of other sources.
test_agency_class_does_not_settle_a_filing_conflict if {
	p := object.union(data.products["nvidia-h100-sxm5"], {
		"filing_eccn": {"value": "4A090.b", "meets": "b", "texts": ["2023"], "reference": "test filing", "source": "test", "confidence": "high"},
		"agency_class": object.union(_agency_test, {"meets": "b"}),
	})
	classify.classification(p, timeline.in_force("2024-06-01", "enforced")) == {
		"class": "unknown",
		"datacenter": true,
		"dram": 3350,
		"eccn": "",
		"paragraph": "",
		"reasons": [
			{
				"citation": "ECCN 3A090.a.1 (88 FR 73458)",
				"message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)",
				"rule": "classify.3a090.a.1",
			},
			{
				"citation": "ECCN 3A090 Note 4 (88 FR 73458); 15 CFR 748.3 (classification by the exporter)",
				"message": "sources disagree: its vendor classifies it as 4A090.b (level b; test filing), its figures give class a",
				"rule": "classify.filing_eccn_conflict",
			},
		],
		"tpp": 15832,
	}
}

_system_of(parts) := {"name": "Test system", "vendor": "Test", "kind": "system", "datacenter": true, "components": [{"product": id, "count": n} | some [id, n] in parts]}

_system_reason(text) := {"citation": "ECCN 4A090 (87 FR 62186; 88 FR 73458)", "message": text, "rule": "classify.4a090"}

# A system whose only 3A090 item is high-bandwidth memory (3A090.c) is not
# 4A090: 4A090.a and .b follow the ICs of 3A090.a and .b, and 3A090.c does
# not make a system 4A090 (Note 4 to 3A090). It is an item outside
# 3A090/4A090 whose ECCN the data does not hold.
test_system_of_hbm_only if {
	classify.classification(_system_of([["test-hbm", 8]]), timeline.in_force("2025-01-01", "enforced")) == {
		"class": "none",
		"datacenter": true,
		"dram": null,
		"eccn": "",
		"paragraph": "",
		"reasons": [
			_system_reason("not 4A090: contains 8 × Test HBM3E stack (3A090.c: memory bandwidth density 9.50 GB/s/mm² > 2)"),
			{
				"citation": "15 CFR 748.3 (classification by the exporter); 15 CFR 758.1 (EEI names the ECCN)",
				"message": "not 3A090/4A090; its ECCN elsewhere on the CCL (4A994, 5A992, 3A991, EAR99, ...) is not in the data: classify Test system before a filing names one",
				"rule": "classify.eccn_unknown",
			},
		],
		"tpp": null,
	} with data.products as _synthetic
}

# A system takes each component's class as the component would have it
# alone: an agency's class of a component whose figures are unknown makes
# the system controlled (unless a known component is already as high);
# a component whose sources disagree, or whose figures are unknown, makes
# it unknown unless a component is known to be .a (it could be .a: a .b
# component beside it does not settle the system).
test_system_components_as_alone if {
	ascend_b := object.union(data.products["huawei-ascend-910b"], {"agency_class": object.union(data.products["huawei-ascend-910b"].agency_class, {"meets": "b"})})
	h100_conflict := object.union(data.products["nvidia-h100-sxm5"], {"filing_eccn": {"value": "4A090.b", "meets": "b", "texts": ["2023"], "reference": "test filing", "source": "test", "confidence": "high"}})
	products := object.union(data.products, {"test-ascend-b": ascend_b, "test-h100-conflict": h100_conflict})
	ascend := "Huawei (foreign-made, SMIC 7nm-class) Ascend 910B (3A090 as the agency classifies it (BIS guidance of 2025-05-13 lists the Huawei Ascend 910B, 910C and 910D as PRC 3A090 ICs): judged as controlled, under .a, the stricter paragraph, since it does not say .a or .b)"
	h100 := "NVIDIA H100 SXM5 80GB (3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits))"
	ascend_b_text := "Huawei (foreign-made, SMIC 7nm-class) Ascend 910B (3A090 as the agency classifies it (BIS guidance of 2025-05-13 lists the Huawei Ascend 910B, 910C and 910D as PRC 3A090 ICs): judged as controlled, under .b)"
	l40 := "NVIDIA L40 (3A090.b.1: 2,400 ≤ TPP 2,897 < 4,800 and 1.6 ≤ PD 4.76 < 5.92 (2,897 / 608.4 mm²))"
	rtx := "NVIDIA GeForce RTX 4060 (not 3A090 (Note 2): not designed or marketed for datacenters and TPP 968 < 4,800 (FP16_fp16acc 60.5 × 16 bits))"
	got := {name: [c.class, object.get(c, "controlled", ""), c.eccn, c.reasons] |
		some name, parts in {
			"ascend": [["huawei-ascend-910b", 8]],
			"ascend and h100": [["huawei-ascend-910b", 8], ["nvidia-h100-sxm5", 1]],
			"ascend b and rtx": [["test-ascend-b", 2], ["nvidia-rtx-4060", 1]],
			"h100 in conflict": [["test-h100-conflict", 8]],
			"l40 and h100 in conflict": [["nvidia-l40", 1], ["test-h100-conflict", 1]],
			"ascend b and l40": [["test-ascend-b", 1], ["nvidia-l40", 1]],
			"ascend b and mi308x": [["test-ascend-b", 1], ["amd-mi308x", 1]],
		}
		c := classify.classification(_system_of(parts), timeline.in_force("2026-06-01", "enforced")) with data.products as products
	}
	got == {
		"ascend": ["unknown", "a_or_b", "4A090", [_system_reason(concat("", ["4A090, as the agency classifies a component: contains 8 × ", ascend]))]],
		"ascend and h100": ["a", "", "4A090.a", [_system_reason(concat("", ["4A090.a: contains 8 × ", ascend, "; 1 × ", h100]))]],
		"ascend b and rtx": ["unknown", "b", "4A090", [_system_reason(concat("", [
			"4A090, as the agency classifies a component: contains 2 × Huawei (foreign-made, SMIC 7nm-class) Ascend 910B (3A090 as the agency classifies it (BIS guidance of 2025-05-13 lists the Huawei Ascend 910B, 910C and 910D as PRC 3A090 ICs): judged as controlled, under .b); 1 × ",
			rtx,
		]))]],
		"h100 in conflict": ["unknown", "", "", [_system_reason("4A090 unknown: contains 8 × NVIDIA H100 SXM5 80GB (sources disagree: its vendor classifies it as 4A090.b (level b; test filing), its figures give class a)")]],
		"l40 and h100 in conflict": ["unknown", "", "", [_system_reason(concat("", ["4A090 unknown: contains 1 × ", l40, "; 1 × NVIDIA H100 SXM5 80GB (sources disagree: its vendor classifies it as 4A090.b (level b; test filing), its figures give class a)"]))]],
		"ascend b and l40": ["b", "", "4A090.b", [_system_reason(concat("", ["4A090.b: contains 1 × ", ascend_b_text, "; 1 × ", l40]))]],
		"ascend b and mi308x": ["unknown", "", "", [_system_reason(concat("", ["4A090 unknown: contains 1 × ", ascend_b_text, "; 1 × AMD Instinct MI308X (China variant) (3A090 unknown: TPP unknown, PD unknown (die area unknown); the vendor's figures are needed)"]))]],
	}
}

# High-bandwidth memory of unknown density is at most 3A090.c, which does
# not make a system 4A090 either way: a system of it alone is not 4A090,
# and beside a 3A090.b chip the system is 4A090.b, not unknown.
test_system_with_hbm_of_unknown_density if {
	got := {name: classify.classification(_system_of(parts), timeline.in_force("2025-01-01", "enforced")) |
		some name, parts in {"alone": [["test-hbm-unknown", 8]], "with l40": [["test-hbm-unknown", 8], ["nvidia-l40", 1]]}
	} with data.products as _synthetic
	hbm := "8 × Test HBM unknown (3A090.c: memory bandwidth density unknown GB/s/mm² (threshold > 2))"
	got == {
		"alone": {
			"class": "none", "datacenter": true, "dram": null, "eccn": "", "paragraph": "", "tpp": null,
			"reasons": [
				_system_reason(concat("", ["not 4A090: contains ", hbm])),
				{
					"citation": "15 CFR 748.3 (classification by the exporter); 15 CFR 758.1 (EEI names the ECCN)",
					"message": "not 3A090/4A090; its ECCN elsewhere on the CCL (4A994, 5A992, 3A991, EAR99, ...) is not in the data: classify Test system before a filing names one",
					"rule": "classify.eccn_unknown",
				},
			],
		},
		"with l40": {
			"class": "b", "datacenter": true, "dram": 864, "eccn": "4A090.b", "paragraph": "4A090.b", "tpp": 2896.8,
			"reasons": [_system_reason(concat("", [
				"4A090.b: contains ", hbm,
				"; 1 × NVIDIA L40 (3A090.b.1: 2,400 ≤ TPP 2,897 < 4,800 and 1.6 ≤ PD 4.76 < 5.92 (2,897 / 608.4 mm²))",
			]))],
		},
	}
}

# Note 2 settles an item not designed or marketed for datacenters from its
# TPP alone: under 4,800 it is not 3A090 whatever its die area, so an
# unknown die area neither makes the class unknown nor (as it once did)
# gives two conflicting classifications, which stopped the line with an
# evaluation error.
test_note2_die_area_unknown if {
	p := {
		"name": "Gaming card", "vendor": "T", "kind": "chip", "datacenter": false,
		"throughput": [{"format": "FP8", "tops": 375, "bits": 8}], "die_area_mm2": null,
		"io": [{"link": "PCIe", "gbps": 64}], "memory_bandwidth_gbps": 1000,
	}
	classify.classification(p, timeline.in_force("2024-06-01", "enforced")) == {
		"class": "none",
		"datacenter": false,
		"dram": 1000,
		"eccn": "",
		"paragraph": "",
		"reasons": [
			{
				"citation": "ECCN 3A090 Note 2 (88 FR 73458)",
				"message": "not 3A090 (Note 2): not designed or marketed for datacenters and TPP 3,000 < 4,800 (FP8 375 × 8 bits)",
				"rule": "classify.3a090.note2",
			},
			{
				"citation": "15 CFR 748.3 (classification by the exporter); 15 CFR 758.1 (EEI names the ECCN)",
				"message": "not 3A090/4A090; its ECCN elsewhere on the CCL (4A994, 5A992, 3A991, EAR99, ...) is not in the data: classify Gaming card before a filing names one",
				"rule": "classify.eccn_unknown",
			},
		],
		"tpp": 3000,
	}
}
