# The 2022 text's I/O test when some link's rate is unknown (data allows a
# null rate): the links of known rate are a lower bound on the aggregate.
# Where they already reach 600 GB/s the unknown links cannot change the
# paragraph, and the chip is 3A090.a; where they do not, the class is
# unknown and the reason says what is known. Whole objects asserted.
package exportcheck.classify_test

import data.exportcheck.classify
import data.exportcheck.timeline

_partly(links) := {
	"name": "Partly known I/O", "kind": "chip", "datacenter": true,
	"throughput": [{"format": "FP16", "tops": 400, "bits": 16}],
	"die_area_mm2": 800, "io": links,
}

test_io_partly_known_reaches_600 if {
	classify.classification(_partly([{"link": "NVLink", "gbps": 600}, {"link": "PCIe", "gbps": null}]), timeline.in_force("2023-06-01", "enforced")) == {
		"class": "a",
		"datacenter": true,
		"dram": null,
		"eccn": "3A090.a",
		"paragraph": "3A090.a",
		"reasons": [{
			"citation": "ECCN 3A090.a (87 FR 62186)",
			"message": "3A090.a (2022 text): TPP 6,400 ≥ 4,800 (FP16 400 × 16 bits) and aggregate bidirectional I/O at least 600 GB/s ≥ 600 GB/s (the links of known rate; 1 of unknown rate)",
			"rule": "classify.3a090.2022.io_at_least",
		}],
		"tpp": 6400,
	}
}

test_io_partly_known_below_600 if {
	classify.classification(_partly([{"link": "NVLink", "gbps": 400}, {"link": "PCIe", "gbps": null}]), timeline.in_force("2023-06-01", "enforced")) == {
		"class": "unknown",
		"datacenter": true,
		"dram": null,
		"eccn": "",
		"paragraph": "",
		"reasons": [{
			"citation": "ECCN 3A090.a (87 FR 62186)",
			"message": "3A090 (2022 text) unknown: TPP 6,400, aggregate bidirectional I/O unknown (at least 400 GB/s from the links of known rate; 1 of unknown rate)",
			"rule": "classify.3a090.2022.unknown",
		}],
		"tpp": 6400,
	}
}

# TPP below 4,800 settles the 2022 text whatever the links.
test_io_partly_known_tpp_below if {
	p := object.union(_partly([{"link": "NVLink", "gbps": 900}, {"link": "PCIe", "gbps": null}]), {"throughput": [{"format": "FP16", "tops": 200, "bits": 16}]})
	classify.classification(p, timeline.in_force("2023-06-01", "enforced")).class == "none"
}

# TPP unknown with the die area known: the reason names the TPP, not the
# die area, as what leaves PD unknown.
test_tpp_unknown_die_known if {
	p := object.union(_partly([{"link": "NVLink", "gbps": 900}]), {"throughput": []})
	classify.classification(p, timeline.in_force("2024-06-01", "enforced")) == {
		"class": "unknown",
		"datacenter": true,
		"dram": null,
		"eccn": "",
		"paragraph": "",
		"reasons": [{
			"citation": "ECCN 3A090 (88 FR 73458)",
			"message": "3A090 unknown: TPP unknown, PD unknown (TPP unknown; die area 800 mm²); the vendor's figures are needed",
			"rule": "classify.3a090.unknown",
		}],
		"tpp": null,
	}
}
