# The regulation's numbers at their exact values: "4800 or more", a
# performance density "5.92 or more", I/O "600 GB/s or more", HBM "more
# than 2 GB/s/mm2", the 2026 thresholds. Synthetic FP8 chips sit on each
# boundary, so that a comparison written one way off (> for >=) fails.
package exportcheck.classify.boundaries_test

import data.exportcheck.classify
import data.exportcheck.license
import data.exportcheck.timeline

_chip(tops, bits, die, io, dc) := {
	"name": "B", "vendor": "T", "kind": "chip", "datacenter": dc,
	"throughput": [{"format": "FP8", "tops": tops, "bits": bits}], "die_area_mm2": die,
	"io": io, "memory_bandwidth_gbps": 1000,
}

_cls(p, day) := [c.class, c.paragraph] if c := classify.classification(p, timeline.in_force(day, "enforced"))

_io(g) := [{"link": "x", "gbps": g}]

# 2023 text
test_a1_at_4800 if _cls(_chip(600, 8, 1000, _io(64), true), "2024-06-01") == ["a", "3A090.a.1"]
test_a1_at_4800_die_unknown if _cls(_chip(600, 8, null, _io(64), true), "2024-06-01") == ["a", "3A090.a.1"]
test_a1_at_4800_not_dc if _cls(_chip(600, 8, 1000, _io(64), false), "2024-06-01") == ["a", "3A090.a.1"]
test_a2_at_pd_592 if _cls(_chip(370, 8, 500, _io(64), true), "2024-06-01") == ["a", "3A090.a.2"]
test_a2_at_tpp_1600 if _cls(_chip(200, 8, 200, _io(64), true), "2024-06-01") == ["a", "3A090.a.2"]
test_1600_die_unknown if _cls(_chip(200, 8, null, _io(64), true), "2024-06-01") == ["unknown", ""]
test_b1_at_2400_pd_16 if _cls(_chip(300, 8, 1500, _io(64), true), "2024-06-01") == ["b", "3A090.b.1"]
test_b2_at_pd_32 if _cls(_chip(200, 8, 500, _io(64), true), "2024-06-01") == ["b", "3A090.b.2"]

# 2022 text
test_2022_at_4800_600 if _cls(_chip(600, 8, 1000, _io(600), true), "2023-06-01") == ["a", "3A090.a"]
test_2022_at_4800_io_unknown if _cls(_chip(600, 8, 1000, null, true), "2023-06-01") == ["unknown", ""]
test_2022_low_tpp_io_600 if _cls(_chip(125, 8, 1000, _io(600), true), "2023-06-01") == ["none", ""]

# HBM
_hbm(d) := {"name": "H", "vendor": "T", "kind": "hbm", "bandwidth_density_gbps_mm2": d}
test_hbm_at_2 if _cls(_hbm(2), "2025-01-01") == ["none", ""]
test_hbm_above_2 if _cls(_hbm(2.1), "2025-01-01") == ["c", "3A090.c"]

# 2026 thresholds
test_2026_at_tpp if not license.under_2026_thresholds({"tpp": 21000, "dram": 100})
test_2026_at_dram if not license.under_2026_thresholds({"tpp": 100, "dram": 6500})
test_2026_below if license.under_2026_thresholds({"tpp": 20999, "dram": 6499})

# A figure just short of a threshold is shown so that it does not read as
# the threshold ("TPP 4799.60 < 4,800", not "4,800 < 4,800").
test_just_under_4800_reads_under if {
	c := classify.classification(_chip(599.95, 8, 1000, _io(64), false), timeline.in_force("2024-06-01", "enforced"))
	startswith(c.reasons[0].message, "not 3A090 (Note 2): not designed or marketed for datacenters and TPP 4799.60 < 4,800")
}

# The same for the reason that a datacenter item meets no paragraph: a TPP
# just under 1,600 and a PD just under 1.6 do not read as the thresholds
# they miss ("TPP 1,600 ... meet none of .a.2 (TPP ≥ 1,600").
test_just_under_1600_reads_under_in_none if {
	c := classify.classification(_chip(199.999, 8, 100, _io(64), true), timeline.in_force("2024-06-01", "enforced"))
	c.reasons[0] == {
		"citation": "ECCN 3A090.a and .b (88 FR 73458)",
		"message": "not 3A090: TPP 1599.99 (FP8 199.999 × 8 bits) and PD 16.00 meet none of .a.1 (TPP ≥ 4,800), .a.2 (TPP ≥ 1,600, PD ≥ 5.92), .b.1 (TPP ≥ 2,400, PD ≥ 1.6), .b.2 (TPP ≥ 1,600, PD ≥ 3.2)",
		"rule": "classify.3a090.none",
	}
}

test_pd_just_under_16_reads_under_in_none if {
	c := classify.classification(_chip(399.99, 8, 2000.1, _io(64), true), timeline.in_force("2024-06-01", "enforced"))
	c.reasons[0] == {
		"citation": "ECCN 3A090.a and .b (88 FR 73458)",
		"message": "not 3A090: TPP 3,200 (FP8 399.99 × 8 bits) and PD 1.5999 meet none of .a.1 (TPP ≥ 4,800), .a.2 (TPP ≥ 1,600, PD ≥ 5.92), .b.1 (TPP ≥ 2,400, PD ≥ 1.6), .b.2 (TPP ≥ 1,600, PD ≥ 3.2)",
		"rule": "classify.3a090.none",
	}
}
