# An item whose figures leave its class unknown, while its vendor
# publishes an ECCN for it, names that ECCN and its source for the
# reviewer (classify.vendor_eccn_unconfirmed) and changes nothing else:
# the class, paragraph and ECCN stay those of an unknown class.
package exportcheck.classify_test

import data.exportcheck.classify
import data.exportcheck.timeline

_unconfirmed_citation := "15 CFR 748.3 (classification by the exporter); 15 CFR 732.3 (know your item)"

_unconfirmed_tail := "; exportcheck cannot confirm this from the published figures: named for information, it decides nothing"

_unknown_2023(area) := {
	"citation": "ECCN 3A090 (88 FR 73458)",
	"message": concat("", ["3A090 unknown: TPP unknown, PD unknown (TPP unknown; die area ", area, " mm²); the vendor's figures are needed"]),
	"rule": "classify.3a090.unknown",
}

_rtx_6000d_vendor := {
	"citation": _unconfirmed_citation,
	"message": concat("", [
		"its vendor classifies it as 4A994.l, not 3A090/4A090 (NVIDIA ECCN service: NVIDIA RTX 6000D, parts 900-2G153-0030-000/-0030-001/-0030-200 and 900-2G153-0050-000/-0050-001 (LC))",
		_unconfirmed_tail,
	]),
	"rule": "classify.vendor_eccn_unconfirmed",
}

# The RTX 6000D: no throughput is published, NVIDIA's ECCN service says
# 4A994.l. The class stays unknown and the line's ECCN blank (never the
# vendor's 4A994.l, which a licence or NLR would read), under both texts.
test_vendor_eccn_unconfirmed_rtx_6000d if {
	classify.classification(data.products["nvidia-rtx-6000d"], timeline.in_force("2026-03-01", "enforced")) == {
		"class": "unknown", "paragraph": "", "eccn": "", "tpp": null, "dram": null, "datacenter": true,
		"reasons": [_unknown_2023("750"), _rtx_6000d_vendor],
	}
	classify.classification(data.products["nvidia-rtx-6000d"], timeline.in_force("2023-06-01", "enforced")) == {
		"class": "unknown", "paragraph": "", "eccn": "", "tpp": null, "dram": null, "datacenter": true,
		"reasons": [
			{
				"citation": "ECCN 3A090.a (87 FR 62186)",
				"message": "3A090 (2022 text) unknown: TPP unknown, aggregate bidirectional I/O unknown",
				"rule": "classify.3a090.2022.unknown",
			},
			_rtx_6000d_vendor,
		],
	}

	# Before 3A090 existed nothing is added.
	[r.rule | some r in classify.classification(data.products["nvidia-rtx-6000d"], timeline.in_force("2022-10-06", "enforced")).reasons] == ["classify.not_in_force"]
}

# The H200 NVL: its tensor rates are not in the pages read, NVIDIA files
# it as 4A090.a. The vendor's filing ECCN is named (not as filing_eccn:
# no paragraph is computed for it to sit beside) under the text it was
# made under, and not under the 2022 text.
test_vendor_eccn_unconfirmed_h200_nvl if {
	classify.classification(data.products["nvidia-h200-nvl"], timeline.in_force("2026-03-01", "enforced")) == {
		"class": "unknown", "paragraph": "", "eccn": "", "tpp": null, "dram": 4800, "datacenter": true,
		"reasons": [
			_unknown_2023("814"),
			{
				"citation": _unconfirmed_citation,
				"message": concat("", [
					"its vendor classifies it as 4A090.a, at the 3A090/4A090.a level (NVIDIA ECCN service, parts 900-21010-0040-000 and -0040-001 (H200 NVL))",
					_unconfirmed_tail,
				]),
				"rule": "classify.vendor_eccn_unconfirmed",
			},
		],
	}
	[r.rule | some r in classify.classification(data.products["nvidia-h200-nvl"], timeline.in_force("2023-06-01", "enforced")).reasons] == ["classify.3a090.2022.unknown"]
}

_unknown_chip := {
	"name": "Test chip", "vendor": "Test", "kind": "chip", "datacenter": true,
	"throughput": null, "die_area_mm2": 600, "io": null, "memory_bandwidth_gbps": 1600,
}

_outside_test(basis) := {"value": "4A994.l", "basis": basis, "reference": "vendor list, board 1", "source": "test", "confidence": "medium"}

# The boards like it (basis analogy) are named as such; a filing ECCN that
# does not say its level (a_or_b) is at the 3A090/4A090 level; an agency's
# class that makes the item controlled keeps it so, the vendor's ECCN
# named beside it.
test_vendor_eccn_unconfirmed_wordings if {
	rules := timeline.in_force("2024-06-01", "enforced")
	analogy := classify.classification(object.union(_unknown_chip, {"eccn_outside_3a090": _outside_test("analogy")}), rules)
	analogy == {
		"class": "unknown", "paragraph": "", "eccn": "", "tpp": null, "dram": 1600, "datacenter": true,
		"reasons": [
			_unknown_2023("600"),
			{
				"citation": _unconfirmed_citation,
				"message": concat("", [
					"its vendor classifies the boards like it as 4A994.l, not 3A090/4A090; the item itself is not in the vendor's list (vendor list, board 1)",
					_unconfirmed_tail,
				]),
				"rule": "classify.vendor_eccn_unconfirmed",
			},
		],
	}
	z := classify.classification(object.union(_unknown_chip, {"filing_eccn": _filing("5A002.z.1", "a_or_b")}), rules)
	z.reasons[1].message == concat("", ["its vendor classifies it as 5A002.z.1, at the 3A090/4A090 level (vendor list, part 1)", _unconfirmed_tail])
	z.eccn == ""
	not z.filing_eccn

	agency := {"value": "3A090", "meets": "a", "texts": ["2023"], "reference": "test listing", "source": "test", "confidence": "high"}
	controlled := classify.classification(object.union(_unknown_chip, {"agency_class": agency, "eccn_outside_3a090": _outside_test("listed")}), rules)
	[controlled.class, controlled.controlled, controlled.eccn] == ["unknown", "a", "3A090"]
	[r.rule | some r in controlled.reasons] == ["classify.3a090.unknown", "classify.agency_class", "classify.vendor_eccn_unconfirmed"]
}

# Where the class is known, or unknown because the sources disagree with
# the figures, nothing is added: the H20's 4A994.l is its ECCN
# (classify.vendor_eccn), a filing ECCN at another level than computed
# is named by its conflict, and the RTX 4060's 4A994.l against an agency
# that says 3A090 by the agency's conflict.
test_vendor_eccn_unconfirmed_not_where_settled_or_disputed if {
	rules := timeline.in_force("2024-06-01", "enforced")
	every p in [
		data.products["nvidia-h20"],
		object.union(_synthetic["test-b2"], {"filing_eccn": _filing("4A090.a", "a")}),
		object.union(data.products["nvidia-rtx-4060"], {"agency_class": {"value": "3A090", "meets": "a", "texts": ["2023"], "reference": "test listing", "source": "test", "confidence": "high"}}),
	] {
		c := classify.classification(p, rules)
		every r in c.reasons {
			r.rule != "classify.vendor_eccn_unconfirmed"
		}
	}
}

# For every product with a vendor's ECCN in data (for the others there is
# nothing to leave out) whose class is unknown under either
# classification text, the vendor's ECCN only adds its reason: without it
# in data the classification is the same, field for field (class,
# paragraph, ECCN, TPP, datacenter marking, agency level) and reason for
# reason. Today that is the RTX 6000D and the H200 NVL.
test_vendor_eccn_unconfirmed_only_adds_its_reason if {
	cs := [[id, p, rules, c] |
		some id, p in data.products
		_has_vendor_eccn(p)
		some day in ["2023-06-01", "2026-03-01"]
		rules := timeline.in_force(day, "enforced")
		c := classify.classification(p, rules)
	]
	{x[0] | some x in cs; some r in x[3].reasons; r.rule == "classify.vendor_eccn_unconfirmed"} == {"nvidia-rtx-6000d", "nvidia-h200-nvl"}
	every x in cs {
		_same_without_vendor(x[1], x[2], x[3])
	}
}

_has_vendor_eccn(p) if p.eccn_outside_3a090

_has_vendor_eccn(p) if p.filing_eccn

_same_without_vendor(p, rules, c) if {
	c.class != "unknown"
	every r in c.reasons {
		r.rule != "classify.vendor_eccn_unconfirmed"
	}
} else if {
	without := classify.classification(object.remove(p, ["eccn_outside_3a090", "filing_eccn"]), rules)
	object.union(c, {"reasons": [r | some r in c.reasons; r.rule != "classify.vendor_eccn_unconfirmed"]}) == without
}
