# Figures of low confidence (products' low_confidence) are treated as
# unknown: the classification is unknown where they could change the
# paragraph, and says which figures it left out.
package exportcheck.classify_test

import data.exportcheck.classify

_chip := {
	"name": "Test chip", "kind": "chip", "datacenter": true,
	"throughput": [{"format": "FP16", "tops": 320, "bits": 16}],
	"die_area_mm2": 600,
	"memory_bandwidth_gbps": 1600,
}

# Trusted, the figures decide 3A090.a.1 (TPP 5,120); marked of low
# confidence, the same throughput leaves the class unknown.
test_low_confidence_throughput_is_unknown if {
	classify.classification(_chip, {"ear-2023-11-17"}) == {
		"class": "a", "paragraph": "3A090.a.1", "eccn": "3A090.a", "tpp": 5120, "dram": 1600, "datacenter": true,
		"reasons": [{
			"citation": "ECCN 3A090.a.1 (88 FR 73458)",
			"message": "3A090.a.1: TPP 5,120 ≥ 4,800 (FP16 320 × 16 bits)",
			"rule": "classify.3a090.a.1",
		}],
	}
	classify.classification(object.union(_chip, {"low_confidence": ["throughput"]}), {"ear-2023-11-17"}) == {
		"class": "unknown", "paragraph": "", "eccn": "", "tpp": null, "dram": 1600, "datacenter": true,
		"reasons": [
			{
				"citation": "ECCN 3A090 (88 FR 73458)",
				"message": "3A090 unknown: TPP unknown, PD unknown (TPP unknown; die area 600 mm²); the vendor's figures are needed",
				"rule": "classify.3a090.unknown",
			},
			{
				"citation": "data.products (low_confidence); ECCN 3A090 Technical Note (88 FR 73458)",
				"message": "Test chip: figures of low confidence treated as unknown: throughput",
				"rule": "classify.low_confidence",
			},
		],
	}
}

# A doubtful die area matters only where PD decides: TPP 2,400-4,800 for a
# datacenter chip. Here TPP 2,560 and no trusted die area: unknown.
test_low_confidence_die_area_where_pd_decides if {
	p := object.union(_chip, {"throughput": [{"format": "FP16", "tops": 160, "bits": 16}], "low_confidence": ["die_area_mm2"]})
	c := classify.classification(p, {"ear-2023-11-17"})
	c.class == "unknown"
	[r.rule | some r in c.reasons] == ["classify.3a090.unknown", "classify.low_confidence"]
}

# The Huawei Ascend 910B's throughput is of low confidence (reports range
# 280-376 TFLOPS FP16, TPP either side of 4,800): its class is unknown, in a
# system too, and the classify report shows no TPP.
test_ascend_910b_unknown if {
	c := classify.classification(data.products["huawei-ascend-910b"], {"ear-2023-11-17"})
	c.class == "unknown"
	c.tpp == null
	classify.report(data.products["huawei-ascend-910b"], {"ear-2023-11-17"}).tpp == null
	s := classify.classification({"name": "Test system", "kind": "system", "datacenter": true, "components": [{"product": "huawei-ascend-910b", "count": 8}]}, {"ear-2023-11-17"})
	s.class == "unknown"
}

# A datacenter marking of low confidence is unknown: where Note 2 makes the
# paragraph turn on it (TPP 2,400-4,800 with PD in .b's band) the class is
# unknown, saying what each reading gives.
test_low_confidence_datacenter_decides_paragraph if {
	p := object.union(_chip, {"throughput": [{"format": "FP16", "tops": 160, "bits": 16}], "low_confidence": ["datacenter"]})
	classify.classification(p, {"ear-2023-11-17"}) == {
		"class": "unknown", "paragraph": "", "eccn": "", "tpp": 2560, "dram": 1600, "datacenter": null,
		"reasons": [
			{
				"citation": "ECCN 3A090 Note 2 (88 FR 73458)",
				"message": "3A090 unknown: whether it is designed or marketed for datacenters is not settled, and it decides the paragraph: 3A090.b.1 if it is, not 3A090 if not",
				"rule": "classify.datacenter_unknown",
			},
			{
				"citation": "data.products (low_confidence); ECCN 3A090 Technical Note (88 FR 73458)",
				"message": "Test chip: figures of low confidence treated as unknown: datacenter",
				"rule": "classify.low_confidence",
			},
		],
	}
}

# Where both readings give the same paragraph (TPP of 4,800 or more: .a.1)
# it stands, with the marking unknown (null) for the decision to weigh.
test_low_confidence_datacenter_same_paragraph if {
	p := object.union(_chip, {"low_confidence": ["datacenter"]})
	classify.classification(p, {"ear-2023-11-17"}) == {
		"class": "a", "paragraph": "3A090.a.1", "eccn": "3A090.a", "tpp": 5120, "dram": 1600, "datacenter": null,
		"reasons": [
			{
				"citation": "ECCN 3A090.a.1 (88 FR 73458)",
				"message": "3A090.a.1: TPP 5,120 ≥ 4,800 (FP16 320 × 16 bits)",
				"rule": "classify.3a090.a.1",
			},
			{
				"citation": "data.products (low_confidence); ECCN 3A090 Technical Note (88 FR 73458)",
				"message": "Test chip: figures of low confidence treated as unknown: datacenter",
				"rule": "classify.low_confidence",
			},
		],
	}
}
