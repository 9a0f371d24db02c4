# METADATA
# title: Classification under ECCN 3A090 / 4A090
# description: |
#   Computes TPP and performance density from the raw datasheet figures in
#   data.products and classifies a product under the 3A090 text in force: the
#   2022 text (TPP and I/O), the 2023 text (.a.1/.a.2/.b.1/.b.2 with Note 2),
#   3A090.c (HBM) and 4A090 for systems. A figure that is unknown makes the
#   class "unknown" only where it could change the paragraph.
package exportcheck.classify

import data.exportcheck.text
import data.exportcheck.timeline

# The thresholds of ECCN 3A090, one copy each: the 2022 text
# (87 FR 62186) and the 2023 text (88 FR 73458).
_tpp_2022 := 4800

_io_2022 := 600

_tpp_a1 := 4800

_tpp_a2 := 1600

_pd_a2 := 5.92

_tpp_b1 := 2400

_pd_b1 := 1.6

_pd_b2 := 3.2

# METADATA
# title: Total processing performance (TPP)
# description: |
#   TPP = 2 x MacTOPS x bit length, i.e. dense (non-sparse) TOPS/TFLOPS x bit
#   length, the maximum over the precisions the chip supports. Undefined when
#   no throughput figure is known.
# custom:
#   id: classify.tpp
#   citation: ECCN 3A090 Technical Note (88 FR 73458)
tpp(p) := max(s) if {
	s := {x |
		some t in _list(p.throughput)
		x := t.tops * t.bits
	}
	count(s) > 0
}

# METADATA
# title: Performance density (PD)
# description: TPP divided by the applicable die area in mm² (logic dies on non-planar nodes).
# custom:
#   id: classify.pd
#   citation: ECCN 3A090 Technical Note (88 FR 73458)
pd(t, p) := t / p.die_area_mm2 if {
	is_number(p.die_area_mm2)
	p.die_area_mm2 > 0
}

# METADATA
# title: Aggregate bidirectional I/O
# description: |
#   Sum of the bidirectional transfer rates of all listed I/O links in
#   GB/s; undefined when the links are unknown, or when any link's rate is
#   (data allows a null rate: the sum of the others is then only a lower
#   bound, _io_known_part).
# custom:
#   id: classify.io
#   citation: ECCN 3A090.a (2022 text, 87 FR 62186)
io(p) := sum(s) if {
	is_array(p.io)
	s := [l.gbps | some l in p.io]
	every x in s {
		is_number(x)
	}
}

# The links of known rate, when some rate is unknown: their sum and the
# number of links left out (the aggregate is at least the sum).
_io_known_part(p) := {"sum": sum(known), "unknown": count(p.io) - count(known)} if {
	is_array(p.io)
	known := [l.gbps | some l in p.io; is_number(l.gbps)]
	count(known) < count(p.io)
}

_list(x) := x if is_array(x)

_list(x) := [] if not is_array(x)

_pd_or_null(t, p) := pd(t, p) if is_number(t)

_pd_or_null(t, p) := null if not pd(t, p)

_io_or_null(p) := io(p)

_io_or_null(p) := null if not io(p)

_or_null(f) := f if is_number(f)

_or_null(f) := null if not is_number(f)

_tpp_text(t, p) := concat("", [" (", b.format, " ", text.plain(b.tops), " × ", format_int(b.bits, 10), " bits)"]) if {
	t == tpp(p)

	# Of the precisions that reach the TPP, name the one with the highest throughput.
	bases := sort([[0 - x.tops, x.format, x] | some x in _list(p.throughput); x.tops * x.bits == t])
	b := bases[0][2]
}

_tpp_text(t, p) := " (published by the vendor)" if t != tpp(p)

# The TPP figures to classify with: the one computed from the datasheet and,
# where the vendor publishes one, the vendor's. When they would put the chip
# in different paragraphs, the class is unknown (sources disagree).
_tpps(p) := {tpp(p)} | _published(p) if tpp(p)

_published(p) := {v | v := object.get(p, ["published_tpp", "value"], null); is_number(v)}

_tpps(p) := {null} if not tpp(p)

_computed(p) := tpp(p)

_computed(p) := null if not tpp(p)

# METADATA
# title: A chip's figures
# description: |
#   The TPP computed from a chip's datasheet and its memory (DRAM)
#   bandwidth in GB/s, each null where the data does not give it or marks
#   it of low confidence: the figures a chip's classification reads, for
#   rules that measure a system by its chips.
# custom:
#   id: classify.figures
#   citation: ECCN 3A090 Technical Note (88 FR 73458)
figures(p) := {"tpp": _computed(q), "dram": _or_null(object.get(q, "memory_bandwidth_gbps", null))} if {
	q := _trusted(p)
}

# METADATA
# title: Classification of a product
# description: |
#   The class ("a", "b", "c", "none" or "unknown"), ECCN, TPP, DRAM bandwidth and
#   the reasons, for product p under the rules in force.
# custom:
#   id: classify.product
#   citation: 15 CFR part 774, Supp. 1, ECCN 3A090 and 4A090
classification(p, rules) := _unconfirmed(_outside(_filing(_system(p, rules), p, rules), p, rules), p, rules) if p.kind == "system"

classification(p, rules) := _unconfirmed(_outside(_agency(_filing(_with_low_confidence(chip(_trusted(p), rules), p), p, rules), p, rules), p, rules), p, rules) if p.kind != "system"

# An item whose figures leave its class unknown, but that the agency
# itself places at the 3A090 level (data: agency_class — BIS's guidance
# naming PRC 3A090 ICs), is controlled: its class stays unknown (no
# paragraph is computed) and "controlled" tells the decision to judge it
# only as controlled, under the paragraph the agency states, or the
# stricter one (.a) where it does not say which.
# Where the figures give a class (or the vendor's filing ECCN disagrees
# with them), the agency's word does not override it: figures below the
# 3A090 level against an agency that says controlled make the class
# unknown (sources disagree), and a filing conflict stays unknown.
_agency(c, p, rules) := c if {
	not _agency_applies(p, rules)
} else := object.union(c, {
	"controlled": p.agency_class.meets,
	"eccn": p.agency_class.value,
	"reasons": array.concat(c.reasons, [_agency_reason(p.agency_class)]),
}) if {
	c.class == "unknown"
	not "classify.filing_eccn_conflict" in {r.rule | some r in c.reasons}
} else := object.union(c, {
	"class": "unknown", "paragraph": "", "eccn": "",
	"reasons": array.concat(c.reasons, [_agency_conflict(p.agency_class)]),
}) if {
	c.class == "none"
} else := c

_agency_applies(p, rules) if timeline.feature(rules, "classification") in p.agency_class.texts

# METADATA
# title: Agency's classification against the figures
# description: |
#   The figures put the item below 3A090, but the agency has said publicly
#   that it is at the 3A090 level: the sources disagree, so the class is
#   unknown and a line it would decide is reviewed.
# custom:
#   id: classify.agency_conflict
#   citation: 15 CFR part 774, Supp. 1 (ECCN 3A090, 88 FR 73458); 15 CFR 748.3 (classification by the exporter)
_agency_conflict(e) := text.reason(rego.metadata.rule(), concat("", [
	"sources disagree: the agency classifies it as ", e.value, " (", e.reference, "), its figures put it below 3A090",
]))

# METADATA
# title: Controlled, as the agency classifies it
# description: |
#   The item's figures are unknown, but the agency has said publicly that
#   it is at the 3A090 level (e.g. BIS's guidance of 2025-05-13 naming
#   PRC 3A090 ICs): it is judged as controlled, under the paragraph the
#   agency states or, where it does not say, the stricter 3A090.a.
# custom:
#   id: classify.agency_class
#   citation: 15 CFR part 774, Supp. 1 (ECCN 3A090, 88 FR 73458); BIS guidance of 2025-05-13 (PRC 3A090 ICs)
_agency_reason(e) := text.reason(rego.metadata.rule(), concat("", [
	e.value, " as the agency classifies it (", e.reference, "): judged as controlled", _agency_level[e.meets],
]))

_agency_level := {
	"a": ", under .a",
	"b": ", under .b",
	"a_or_b": ", under .a, the stricter paragraph, since it does not say .a or .b",
}

# An item at the 3A090/4A090 level takes, beside its paragraph, the ECCN
# its vendor publishes for it as shipped (data: filing_eccn) — a card under
# 4A090.a, a system under a .z paragraph — while the classification text
# it was made under is in force. The paragraph still decides the licence
# requirements (the .z paragraphs carry those of 3A090/4A090); the filing
# ECCN is the one an export filing names and a licence may list. Where the
# vendor's level and the computed class disagree, the class is unknown.
_filing(c, p, rules) := c if {
	not _filing_applies(p, rules)
} else := c if {
	c.class == "unknown"
} else := object.union(c, {"filing_eccn": p.filing_eccn.value, "reasons": array.concat(c.reasons, [_filing_reason(c, p.filing_eccn)])}) if {
	_filing_meets(c.class, p.filing_eccn.meets)
} else := object.union(c, {
	"class": "unknown", "paragraph": "", "eccn": "",
	"reasons": array.concat(c.reasons, [_filing_conflict(c, p.filing_eccn)]),
})

_filing_applies(p, rules) if timeline.feature(rules, "classification") in p.filing_eccn.texts

_filing_meets(class, class)

_filing_meets(class, "a_or_b") if class in {"a", "b"}

# METADATA
# title: Filing ECCN, as the vendor classifies the item
# description: |
#   An item at the 3A090/4A090 level that its vendor classifies, as
#   shipped, under 4A090 or a .z paragraph (5A002.z, 5A992.z, 4A003.z, ...:
#   items described elsewhere on the CCL that also meet the 3A090/4A090
#   parameters) keeps the paragraph computed from its figures, which
#   decides, and names the vendor's ECCN: the one an export filing names
#   and a licence listing ECCNs may give.
# custom:
#   id: classify.filing_eccn
#   citation: ECCN 3A090 Note 4 and the .z paragraphs of 15 CFR part 774, Supp. 1 (88 FR 73458); 15 CFR 748.3 (classification by the exporter)
_filing_reason(c, e) := text.reason(rego.metadata.rule(), concat("", [
	"filing ECCN ", e.value, " as its vendor classifies it (", e.reference, "); the licence requirements are those of ", c.eccn,
]))

# METADATA
# title: Vendor's ECCN at another level than computed
# description: |
#   The vendor classifies the item under a paragraph of another 3A090/4A090
#   level than its figures give (or under one while its figures give none):
#   the sources disagree, and the class is unknown until a person has
#   classified it.
# custom:
#   id: classify.filing_eccn_conflict
#   citation: ECCN 3A090 Note 4 (88 FR 73458); 15 CFR 748.3 (classification by the exporter)
_filing_conflict(c, e) := text.reason(rego.metadata.rule(), concat("", [
	"sources disagree: its vendor classifies it as ", e.value, " (level ", e.meets, "; ", e.reference,
	"), its figures give class ", c.class,
]))

# An item that is not 3A090/4A090 while those entries are in force takes
# the ECCN its vendor publishes for it (data: eccn_outside_3a090), or says
# that the data does not know it. Before 3A090 existed nothing is added.
_outside(c, _, rules) := c if _keeps(c, rules)

_outside(c, p, rules) := object.union(c, {"eccn": e.value, "reasons": array.concat(c.reasons, [_vendor_eccn(e)])}) if {
	not _keeps(c, rules)
	e := p.eccn_outside_3a090
}

_outside(c, p, rules) := object.union(c, {"reasons": array.concat(c.reasons, [_eccn_unknown(p)])}) if {
	not _keeps(c, rules)
	not p.eccn_outside_3a090
}

_keeps(c, _) if c.class != "none"

_keeps(_, rules) if not timeline.feature(rules, "classification")

# METADATA
# title: ECCN outside 3A090/4A090, as the vendor classifies it
# description: |
#   An item below the 3A090/4A090 parameters takes the ECCN its vendor
#   publishes (e.g. 4A994.l for a GPU board, 5A992.c for a mass-market
#   encryption module), with the vendor's source: the ECCN an export
#   filing needs, and the one a licence listing ECCNs is matched by.
# custom:
#   id: classify.vendor_eccn
#   citation: 15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)
_vendor_eccn(e) := text.reason(rego.metadata.rule(), concat("", [
	"not 3A090/4A090: ", e.value, _vendor_basis[object.get(e, "basis", "listed")], " (", e.reference, ")",
]))

# How the vendor's ECCN reaches the item: listed for it, or taken from the
# boards like it that the vendor lists (the item itself is not listed).
_vendor_basis := {
	"listed": " as its vendor classifies it",
	"analogy": " as its vendor classifies the boards like it; the item itself is not in the vendor's list: confirm with the vendor before a filing names it",
}

# METADATA
# title: ECCN outside 3A090/4A090 not in the data
# description: |
#   An item below the 3A090/4A090 parameters whose classification
#   elsewhere on the CCL (3A991, 4A994, 5A992, 5A002, EAR99, ...) the data
#   does not hold: the line shows no ECCN, and the item must be classified
#   before an export filing names one. It decides nothing: the rules that
#   reach every item subject to the EAR are applied to it whatever it is.
# custom:
#   id: classify.eccn_unknown
#   citation: 15 CFR 748.3 (classification by the exporter); 15 CFR 758.1 (EEI names the ECCN)
_eccn_unknown(p) := text.reason(rego.metadata.rule(), concat("", [
	"not 3A090/4A090; its ECCN elsewhere on the CCL (4A994, 5A992, 3A991, EAR99, ...) is not in the data: classify ",
	p.name, " before a filing names one",
]))

# An item whose figures leave its class unknown (none known, or of low
# confidence, or computed and published TPP apart) while its vendor
# publishes an ECCN for it — outside 3A090/4A090 (eccn_outside_3a090) or
# at its level (filing_eccn, under the text it was made under) — names
# that ECCN and its source for the reviewer. It changes nothing: the
# class, the line's ECCN and every outcome stay those of an unknown
# class (fail closed). Where the class is unknown because sources
# disagree with the figures (the vendor's level, the agency's), the
# conflict's reason already says so and nothing is added.
_unconfirmed(c, p, rules) := c if {
	c.class != "unknown"
} else := c if {
	some r in c.reasons
	r.rule in {"classify.filing_eccn_conflict", "classify.agency_conflict"}
} else := object.union(c, {"reasons": array.concat(c.reasons, rs)}) if {
	rs := array.concat(_unconfirmed_outside(p, rules), _unconfirmed_filing(p, rules))
	count(rs) > 0
} else := c

_unconfirmed_outside(p, rules) := [_vendor_unconfirmed(_outside_claim[object.get(e, "basis", "listed")], e)] if {
	timeline.feature(rules, "classification")
	e := p.eccn_outside_3a090
} else := []

_unconfirmed_filing(p, rules) := [_vendor_unconfirmed(_filing_claim[e.meets], e)] if {
	_filing_applies(p, rules)
	e := p.filing_eccn
} else := []

# What the vendor says of the item, around its ECCN: [before, after].
_outside_claim := {
	"listed": ["its vendor classifies it as ", ", not 3A090/4A090"],
	"analogy": ["its vendor classifies the boards like it as ", ", not 3A090/4A090; the item itself is not in the vendor's list"],
}

_filing_claim := {
	"a": ["its vendor classifies it as ", ", at the 3A090/4A090.a level"],
	"b": ["its vendor classifies it as ", ", at the 3A090/4A090.b level"],
	"a_or_b": ["its vendor classifies it as ", ", at the 3A090/4A090 level"],
}

# METADATA
# title: Vendor's ECCN, not confirmed by the figures
# description: |
#   The item's published figures leave its class unknown, but its vendor
#   publishes an ECCN for it (outside 3A090/4A090, e.g. 4A994.l, or at
#   their level, e.g. 4A090.a). The reason names it and its source for the
#   person who reviews the line; it decides nothing: the line is judged
#   as of unknown class, never decided on the vendor's word.
# custom:
#   id: classify.vendor_eccn_unconfirmed
#   citation: 15 CFR 748.3 (classification by the exporter); 15 CFR 732.3 (know your item)
_vendor_unconfirmed(claim, e) := text.reason(rego.metadata.rule(), concat("", [
	claim[0], e.value, claim[1], " (", e.reference, "); exportcheck cannot confirm this from the published figures:",
	" named for information, it decides nothing",
]))

# The product as classification reads it: the figures its data marks as of
# low confidence (low_confidence: a list of field names, e.g. throughput,
# die_area_mm2, io, memory_bandwidth_gbps) are left out, so that they count
# as unknown: where such a figure could change the paragraph the class is
# "unknown" (and the line reviewed), never decided on a doubtful number.
_trusted(p) := object.remove(p, object.get(p, "low_confidence", []))

_with_low_confidence(c, p) := c if {
	count(object.get(p, "low_confidence", [])) == 0
} else := object.union(c, {"reasons": array.concat(c.reasons, [_low_confidence(p)])})

# METADATA
# title: Figures of low confidence treated as unknown
# description: |
#   A product's figures that data marks as of low confidence (no public
#   source settles them, or sources disagree) are not used: the
#   classification treats them as unknown.
# custom:
#   id: classify.low_confidence
#   citation: data.products (low_confidence); ECCN 3A090 Technical Note (88 FR 73458)
_low_confidence(p) := text.reason(rego.metadata.rule(), concat("", [
	p.name, ": figures of low confidence treated as unknown: ",
	concat(", ", sort(p.low_confidence)),
]))

# METADATA
# title: Classification of a chip
# description: The classification of a single chip (or HBM stack) under the rules in force.
# custom:
#   id: classify.chip
#   citation: 15 CFR part 774, Supp. 1, ECCN 3A090
chip(p, rules) := c if {
	cs := {_chip_at(p, t, rules) | some t in _tpps(p)}
	count({[x.class, x.paragraph] | some x in cs}) == 1
	some c in [x | some x in cs; x.tpp == _computed(p)]
}

chip(p, rules) := _disagree(p) if {
	cs := {_chip_at(p, t, rules) | some t in _tpps(p)}
	count({[x.class, x.paragraph] | some x in cs}) > 1
}

# METADATA
# title: Sources disagree on TPP
# description: The computed and the vendor-published TPP put the chip in different paragraphs; the class is unknown.
# custom:
#   id: classify.sources_disagree
#   citation: ECCN 3A090 Technical Note (88 FR 73458)
_disagree(p) := c if {
	m := rego.metadata.rule()
	msg := concat("", [
		"sources disagree: TPP ", text.num(tpp(p)), " computed from the datasheet vs ",
		text.num(p.published_tpp.value), " published by the vendor give different paragraphs",
	])
	c := {
		"class": "unknown", "paragraph": "", "eccn": "", "tpp": null,
		"dram": _or_null(object.get(p, "memory_bandwidth_gbps", null)), "datacenter": _dc(p),
		"reasons": [text.reason(m, msg)],
	}
}

_chip_at(p, t, rules) := c if {
	p.kind != "hbm"
	version := timeline.feature(rules, "classification")
	dc := _dc(p)
	r := _rule_dc(version, t, _pd_or_null(t, p), _io_or_null(p), dc, p)
	c := {
		"class": r.class, "paragraph": r.paragraph, "eccn": _eccn(r.class, "3A090"),
		"tpp": t, "dram": _or_null(object.get(p, "memory_bandwidth_gbps", null)), "datacenter": dc,
		"reasons": [r.reason],
	}
}

# Whether the product is designed or marketed for use in datacenters (Note 2
# to 3A090): as its data marks it, or null when the marking is unknown (the
# data lists "datacenter" in low_confidence, so _trusted left it out).
_dc(p) := p.datacenter if is_boolean(p.datacenter)

else := null

# With the marking known, the paragraph as the text gives it. With it
# unknown, the text is read both ways: where both give the same paragraph
# (TPP of 4,800 or more: .a.1; below 1,600: none) it stands, and the
# decision weighs what the marking still changes (License Exception NAC/ACA
# for .a items not designed or marketed for datacenters); where they differ
# the class is unknown.
_rule_dc(version, t, d, io, dc, p) := _rule(version, t, d, io, dc, p) if is_boolean(dc)

_rule_dc(version, t, d, io, null, p) := r if {
	yes := _rule(version, t, d, io, true, p)
	no := _rule(version, t, d, io, false, p)
	r := _dc_settled(yes, no)
}

_dc_settled(yes, no) := yes if {
	[yes.class, yes.paragraph] == [no.class, no.paragraph]
} else := {"class": "unknown", "paragraph": "", "reason": _dc_unknown(yes, no)}

# METADATA
# title: Datacenter marking unknown and it decides the paragraph
# description: |
#   Whether the item is designed or marketed for use in datacenters is not
#   settled (data: low_confidence lists datacenter), and Note 2 to 3A090
#   makes the paragraph turn on it: the class is unknown, and a line it
#   would decide is reviewed.
# custom:
#   id: classify.datacenter_unknown
#   citation: ECCN 3A090 Note 2 (88 FR 73458)
#   effective: "2023-11-17"
_dc_unknown(yes, no) := text.reason(rego.metadata.rule(), concat("", [
	"3A090 unknown: whether it is designed or marketed for datacenters is not settled, and it decides the paragraph: ",
	_dc_outcome(yes), " if it is, ", _dc_outcome(no), " if not",
]))

_dc_outcome(r) := r.paragraph if r.paragraph != ""

_dc_outcome(r) := "not 3A090" if {
	r.paragraph == ""
	r.class == "none"
}

_dc_outcome(r) := "unknown" if {
	r.paragraph == ""
	r.class != "none"
}

_chip_at(p, t, rules) := c if {
	p.kind != "hbm"
	not timeline.feature(rules, "classification")
	r := _not_in_force(data.rules)
	c := {
		"class": "none", "paragraph": "", "eccn": "", "tpp": t,
		"dram": _or_null(object.get(p, "memory_bandwidth_gbps", null)), "datacenter": _dc(p),
		"reasons": [r],
	}
}

_chip_at(p, t, rules) := c if {
	p.kind == "hbm"
	r := _hbm(timeline.feature(rules, "hbm"), p)
	c := {
		"class": r.class, "paragraph": r.paragraph, "eccn": _eccn(r.class, "3A090"),
		"tpp": t, "dram": _or_null(object.get(p, "memory_bandwidth_gbps", null)), "datacenter": true,
		"reasons": [r.reason],
	}
}

_chip_at(p, t, rules) := c if {
	p.kind == "hbm"
	not timeline.feature(rules, "hbm")
	r := _hbm_not_in_force(rules)
	c := {
		"class": "none", "paragraph": "", "eccn": "", "tpp": t,
		"dram": _or_null(object.get(p, "memory_bandwidth_gbps", null)), "datacenter": true,
		"reasons": [r],
	}
}

_eccn(class, base) := concat("", [base, ".", class]) if class in {"a", "b", "c"}

_eccn(class, _) := "" if not class in {"a", "b", "c"}

# METADATA
# title: 3A090 not yet in force
# description: Before the first advanced-computing rule no 3A090 control existed.
# custom:
#   id: classify.not_in_force
#   citation: 87 FR 62186 (3A090 effective 2022-10-07)
#   effective_until: "2022-10-07"
_not_in_force(rules) := text.reason(rego.metadata.rule(), concat("", [
	"no 3A090 control in force yet (first effective ",
	min({r.effective | some r in rules; r.features.classification}), ")",
]))

# High-bandwidth memory before 3A090.c: before 3A090 existed, nothing was in
# force; after, 3A090.a/.b were, but no paragraph described memory.
_hbm_not_in_force(rules) := _not_in_force(data.rules) if {
	not timeline.feature(rules, "classification")
} else := _hbm_not_yet(data.rules)

# METADATA
# title: 3A090.c (HBM) not yet in force
# description: |
#   High-bandwidth memory shipped while 3A090 was in force but before its
#   paragraph .c (89 FR 96790, effective 2024-12-02): 3A090.a/.b applied to
#   integrated circuits by their processing performance, and no paragraph
#   described memory.
# custom:
#   id: classify.3a090.c.not_in_force
#   citation: ECCN 3A090.c (89 FR 96790, effective 2024-12-02)
#   effective: "2022-10-07"
#   effective_until: "2024-12-02"
_hbm_not_yet(rules) := text.reason(rego.metadata.rule(), concat("", [
	"not 3A090: 3A090.a/.b were in force, but no paragraph for high-bandwidth memory until 3A090.c (effective ",
	min({r.effective | some r in rules; r.features.hbm}), ")",
]))

# --- 2022 text: TPP >= 4800 AND aggregate bidirectional I/O >= 600 GB/s ---

# METADATA
# title: 3A090.a (2022 text)
# description: TPP of 4800 or more and aggregate bidirectional I/O of 600 GB/s or more.
# custom:
#   id: classify.3a090.2022
#   citation: ECCN 3A090.a (87 FR 62186)
#   effective: "2022-10-07"
#   effective_until: "2023-11-17"
_rule("2022", t, _, io, _, p) := r if {
	is_number(t)
	t >= _tpp_2022
	is_number(io)
	io >= _io_2022
	r := {"class": "a", "paragraph": "3A090.a", "reason": text.reason(rego.metadata.rule(), concat("", [
		"3A090.a (2022 text): TPP ", text.num_near(t, [_tpp_2022]), " ≥ ", text.num(_tpp_2022), _tpp_text(t, p),
		" and aggregate bidirectional I/O ", text.num(io), " GB/s ≥ ", text.num(_io_2022), " GB/s",
	]))}
}

# METADATA
# title: 3A090.a (2022 text), I/O partly unknown
# description: |
#   TPP of 4800 or more, and the I/O links of known rate alone reach
#   600 GB/s: the links of unknown rate can only add to the aggregate, so
#   they cannot change the paragraph.
# custom:
#   id: classify.3a090.2022.io_at_least
#   citation: ECCN 3A090.a (87 FR 62186)
#   effective: "2022-10-07"
#   effective_until: "2023-11-17"
_rule("2022", t, _, null, _, p) := r if {
	_io_floor_meets(t, p)
	part := _io_known_part(p)
	r := {"class": "a", "paragraph": "3A090.a", "reason": text.reason(rego.metadata.rule(), concat("", [
		"3A090.a (2022 text): TPP ", text.num_near(t, [_tpp_2022]), " ≥ ", text.num(_tpp_2022), _tpp_text(t, p),
		" and aggregate bidirectional I/O at least ", text.num(part.sum), " GB/s ≥ ", text.num(_io_2022),
		" GB/s (the links of known rate; ", format_int(part.unknown, 10), " of unknown rate)",
	]))}
}

_io_floor_meets(t, p) if {
	is_number(t)
	t >= _tpp_2022
	_io_known_part(p).sum >= _io_2022
}

# METADATA
# title: Not 3A090 (2022 text), I/O below 600 GB/s
# description: The 2022 text requires both tests; aggregate I/O under 600 GB/s escapes it (the A800/H800 design).
# custom:
#   id: classify.3a090.2022.io_below
#   citation: ECCN 3A090.a (87 FR 62186)
#   effective: "2022-10-07"
#   effective_until: "2023-11-17"
_rule("2022", t, _, io, _, p) := r if {
	is_number(io)
	io < _io_2022
	r := {"class": "none", "paragraph": "", "reason": text.reason(rego.metadata.rule(), concat("", [
		"not 3A090 (2022 text): aggregate bidirectional I/O ", text.num(io), " GB/s < ", text.num(_io_2022), " GB/s",
		_tpp_clause(t, p),
	]))}
}

# METADATA
# title: Not 3A090 (2022 text), TPP below 4800
# description: TPP under 4800 escapes the 2022 text whatever the I/O.
# custom:
#   id: classify.3a090.2022.tpp_below
#   citation: ECCN 3A090.a (87 FR 62186)
#   effective: "2022-10-07"
#   effective_until: "2023-11-17"
_rule("2022", t, _, io, _, p) := r if {
	is_number(t)
	t < _tpp_2022
	not _below(io, _io_2022)
	r := {"class": "none", "paragraph": "", "reason": text.reason(rego.metadata.rule(), concat("", [
		"not 3A090 (2022 text): TPP ", text.num_near(t, [_tpp_2022]), " < ", text.num(_tpp_2022), _tpp_text(t, p),
	]))}
}

# METADATA
# title: 3A090 (2022 text) unknown
# description: TPP or I/O is unknown and could decide the classification.
# custom:
#   id: classify.3a090.2022.unknown
#   citation: ECCN 3A090.a (87 FR 62186)
#   effective: "2022-10-07"
#   effective_until: "2023-11-17"
_rule("2022", t, _, io, _, p) := r if {
	not _below(io, _io_2022)
	not _below(t, _tpp_2022)
	not _known_pair(t, io)
	not _io_floor_meets(t, p)
	r := {"class": "unknown", "paragraph": "", "reason": text.reason(rego.metadata.rule(), concat("", [
		"3A090 (2022 text) unknown: TPP ", _num_or_unknown(t),
		", aggregate bidirectional I/O ", _io_unknown_text(io, p),
	]))}
}

_io_unknown_text(io, _) := concat("", [text.num(io), " GB/s"]) if is_number(io)

_io_unknown_text(io, p) := concat("", [
	"unknown (at least ", text.num(part.sum), " GB/s from the links of known rate; ",
	format_int(part.unknown, 10), " of unknown rate)",
]) if {
	not is_number(io)
	part := _io_known_part(p)
}

_io_unknown_text(io, p) := "unknown" if {
	not is_number(io)
	not _io_known_part(p)
}

_below(x, limit) if {
	is_number(x)
	x < limit
}

_known_pair(t, io) if {
	is_number(t)
	is_number(io)
}

_num_or_unknown(x) := text.num(x) if is_number(x)

_num_or_unknown(x) := "unknown" if not is_number(x)

_tpp_clause(t, p) := concat("", ["; TPP ", text.num(t), _tpp_text(t, p)]) if is_number(t)

_tpp_clause(t, _) := "" if not is_number(t)

# --- 2023 text (88 FR 73458): .a.1, .a.2, .b.1, .b.2 and Note 2 ---

# METADATA
# title: 3A090.a.1
# description: TPP of 4800 or more.
# custom:
#   id: classify.3a090.a.1
#   citation: ECCN 3A090.a.1 (88 FR 73458)
#   effective: "2023-11-17"
_rule("2023", t, _, _, _, p) := r if {
	is_number(t)
	t >= _tpp_a1
	r := {"class": "a", "paragraph": "3A090.a.1", "reason": text.reason(rego.metadata.rule(), concat("", [
		"3A090.a.1: TPP ", text.num_near(t, [_tpp_a1]), " ≥ ", text.num(_tpp_a1), _tpp_text(t, p),
	]))}
}

# METADATA
# title: Note 2 to 3A090 (not for datacenters)
# description: Items not designed or marketed for datacenters with TPP under 4800 are not 3A090.
# custom:
#   id: classify.3a090.note2
#   citation: ECCN 3A090 Note 2 (88 FR 73458)
#   effective: "2023-11-17"
_rule("2023", t, _, _, false, p) := r if {
	is_number(t)
	t < _tpp_a1
	r := {"class": "none", "paragraph": "", "reason": text.reason(rego.metadata.rule(), concat("", [
		"not 3A090 (Note 2): not designed or marketed for datacenters and TPP ", text.num_near(t, [_tpp_a1]), " < ", text.num(_tpp_a1), _tpp_text(t, p),
	]))}
}

# METADATA
# title: 3A090.a.2
# description: Datacenter item with TPP of 1600 or more and performance density of 5.92 or more.
# custom:
#   id: classify.3a090.a.2
#   citation: ECCN 3A090.a.2 (88 FR 73458)
#   effective: "2023-11-17"
_rule("2023", t, d, _, true, p) := r if {
	_a2(t, d)
	r := {"class": "a", "paragraph": "3A090.a.2", "reason": text.reason(rego.metadata.rule(), concat("", [
		"3A090.a.2: TPP ", text.num_near(t, [_tpp_a2]), " ≥ ", text.num(_tpp_a2), " and PD ", text.dec2_near(d, [_pd_a2]), " ≥ ", text.plain(_pd_a2), _pd_text(t, p),
	]))}
}

# METADATA
# title: 3A090.b.1
# description: Datacenter item with 2400 ≤ TPP < 4800 and 1.6 ≤ PD < 5.92.
# custom:
#   id: classify.3a090.b.1
#   citation: ECCN 3A090.b.1 (88 FR 73458)
#   effective: "2023-11-17"
_rule("2023", t, d, _, true, p) := r if {
	_b1(t, d)
	r := {"class": "b", "paragraph": "3A090.b.1", "reason": text.reason(rego.metadata.rule(), concat("", [
		"3A090.b.1: ", text.num(_tpp_b1), " ≤ TPP ", text.num_near(t, [_tpp_b1, _tpp_a1]), " < ", text.num(_tpp_a1), " and ", text.plain(_pd_b1), " ≤ PD ", text.dec2_near(d, [_pd_b1, _pd_a2]), " < ", text.plain(_pd_a2), _pd_text(t, p),
	]))}
}

# METADATA
# title: 3A090.b.2
# description: Datacenter item with TPP of 1600 or more and 3.2 ≤ PD < 5.92 (not already .b.1).
# custom:
#   id: classify.3a090.b.2
#   citation: ECCN 3A090.b.2 (88 FR 73458)
#   effective: "2023-11-17"
_rule("2023", t, d, _, true, p) := r if {
	_b2(t, d)
	not _b1(t, d)
	r := {"class": "b", "paragraph": "3A090.b.2", "reason": text.reason(rego.metadata.rule(), concat("", [
		"3A090.b.2: TPP ", text.num_near(t, [_tpp_a2]), " ≥ ", text.num(_tpp_a2), " and ", text.plain(_pd_b2), " ≤ PD ", text.dec2_near(d, [_pd_b2, _pd_a2]), " < ", text.plain(_pd_a2), _pd_text(t, p),
	]))}
}

# METADATA
# title: Not 3A090 (2023 text)
# description: A datacenter item whose TPP and PD meet none of .a.1, .a.2, .b.1, .b.2.
# custom:
#   id: classify.3a090.none
#   citation: ECCN 3A090.a and .b (88 FR 73458)
#   effective: "2023-11-17"
_rule("2023", t, d, _, true, p) := r if {
	is_number(t)
	t < _tpp_a1
	_pd_settles(t, d)
	not _a2(t, d)
	not _b1(t, d)
	not _b2(t, d)
	r := {"class": "none", "paragraph": "", "reason": text.reason(rego.metadata.rule(), concat("", [
		"not 3A090: TPP ", text.num_near(t, [_tpp_a2, _tpp_b1, _tpp_a1]), _tpp_text(t, p), " and PD ", _pd_near(d),
		" meet none of .a.1 (TPP ≥ ", text.num(_tpp_a1), "), .a.2 (TPP ≥ ", text.num(_tpp_a2), ", PD ≥ ", text.plain(_pd_a2),
		"), .b.1 (TPP ≥ ", text.num(_tpp_b1), ", PD ≥ ", text.plain(_pd_b1), "), .b.2 (TPP ≥ ", text.num(_tpp_a2), ", PD ≥ ", text.plain(_pd_b2), ")",
	]))}
}

# METADATA
# title: 3A090 (2023 text) unknown
# description: TPP, or the die area for PD, is unknown and could decide the paragraph.
# custom:
#   id: classify.3a090.unknown
#   citation: ECCN 3A090 (88 FR 73458)
#   effective: "2023-11-17"
_rule("2023", t, d, _, dc, p) := r if {
	not _settled_2023(t, d, dc)
	r := {"class": "unknown", "paragraph": "", "reason": text.reason(rego.metadata.rule(), concat("", [
		"3A090 unknown: TPP ", _num_or_unknown(t), ", PD ", _pd_or_unknown(d),
		_pd_unknown_why(p), "; the vendor's figures are needed",
	]))}
}

# Why PD is unknown: the die area, or (the die area known) the TPP.
_pd_unknown_why(p) := concat("", [" (TPP unknown; die area ", text.plain(p.die_area_mm2), " mm²)"]) if {
	is_number(p.die_area_mm2)
	p.die_area_mm2 > 0
} else := " (die area unknown)"

_settled_2023(t, _, _) if {
	is_number(t)
	t >= _tpp_a1
}

_settled_2023(t, d, _) if {
	is_number(t)
	_pd_settles(t, d)
}

# Not designed or marketed for datacenters: TPP alone decides (.a.1 at
# 4,800 or more, Note 2 below it), so the die area does not matter.
_settled_2023(t, _, false) if is_number(t)

# Below 1,600 every paragraph fails, so PD does not matter.
_pd_settles(t, _) if t < _tpp_a2

_pd_settles(_, d) if is_number(d)

_dc_mid(t) if {
	is_number(t)
	t >= _tpp_a2
	t < _tpp_a1
}

_a2(t, d) if {
	_dc_mid(t)
	is_number(d)
	d >= _pd_a2
}

_b1(t, d) if {
	_dc_mid(t)
	t >= _tpp_b1
	is_number(d)
	d >= _pd_b1
	d < _pd_a2
}

_b2(t, d) if {
	_dc_mid(t)
	is_number(d)
	d >= _pd_b2
	d < _pd_a2
}

_pd_or_unknown(d) := text.dec2(d) if is_number(d)

# PD beside the thresholds it misses, never reading as one of them.
_pd_near(d) := text.dec2_near(d, [_pd_b1, _pd_b2, _pd_a2]) if is_number(d)

_pd_near(d) := "unknown" if not is_number(d)

_pd_or_unknown(d) := "unknown" if not is_number(d)

_pd_text(t, p) := concat("", [" (", text.num(t), " / ", text.plain(p.die_area_mm2), " mm²)"])

# --- 3A090.c: high-bandwidth memory (89 FR 96790) ---

# METADATA
# title: 3A090.c (HBM)
# description: High bandwidth memory with a memory bandwidth density over 2 GB/s/mm².
# custom:
#   id: classify.3a090.c
#   citation: ECCN 3A090.c (89 FR 96790)
#   effective: "2024-12-02"
_hbm(true, p) := r if {
	_above(object.get(p, "bandwidth_density_gbps_mm2", null), 2)
	r := {"class": "c", "paragraph": "3A090.c", "reason": text.reason(rego.metadata.rule(), concat("", [
		"3A090.c: memory bandwidth density ", text.dec2(p.bandwidth_density_gbps_mm2), " GB/s/mm² > 2",
	]))}
}

# METADATA
# title: Not 3A090.c
# description: HBM at or below 2 GB/s/mm², or of unknown density (unknown).
# custom:
#   id: classify.3a090.c.none
#   citation: ECCN 3A090.c (89 FR 96790)
#   effective: "2024-12-02"
_hbm(true, p) := r if {
	density := object.get(p, "bandwidth_density_gbps_mm2", null)
	not _above(density, 2)
	class := _hbm_class(density)
	r := {"class": class, "paragraph": "", "reason": text.reason(rego.metadata.rule(), concat("", [
		"3A090.c: memory bandwidth density ", _num_or_unknown(density), " GB/s/mm² (threshold > 2)",
	]))}
}

_above(x, limit) if {
	is_number(x)
	x > limit
}

_hbm_class(x) := "none" if is_number(x)

_hbm_class(x) := "unknown" if not is_number(x)

# --- 4A090: systems containing 3A090 items ---

# A component whose class is unknown could be .a: it outranks a .b one (the
# system is unknown), and only a component known to be .a outranks it.
_rank := {"a": 4, "unknown": 3, "b": 2, "c": 1, "none": 0}

_class_of_rank := {4: "a", 3: "unknown", 2: "b", 1: "c", 0: "none"}

# METADATA
# title: 4A090 (systems)
# description: |
#   A computer or assembly containing a 3A090 item is 4A090, following the
#   paragraph of its most capable component, each component classified as
#   it would be alone (its vendor's level where that disagrees with its
#   figures makes it unknown; an agency's class where its figures are
#   unknown makes it controlled, and the system with it).
# custom:
#   id: classify.4a090
#   citation: ECCN 4A090 (87 FR 62186; 88 FR 73458)
_system(p, rules) := object.union(c, _controlled_by(levels)) if {
	comps := [[x, data.products[x.product]] | some x in p.components]
	classes := [_component(pair[1], rules) | some pair in comps]
	levels := _agency_levels(classes)
	class := _system_class(_class_of_rank[max({_system_rank(comps[i][1], k) | some i, k in classes})])
	m := rego.metadata.rule()
	parts := [concat("", [format_int(comps[i][0].count, 10), " × ", comps[i][1].name, " (", _part_message(k), ")"]) |
		some i, k in classes
	]
	c := {
		"class": class, "paragraph": _eccn(class, "4A090"), "eccn": _eccn(class, "4A090"),
		"tpp": _max_or_null({k.tpp | some k in classes; is_number(k.tpp)}),
		"dram": _max_or_null({k.dram | some k in classes; is_number(k.dram)}),
		"datacenter": p.datacenter != false,
		"reasons": [text.reason(m, concat("", [_system_head(class, levels), concat("; ", parts)]))],
	}
}

_component(x, rules) := _agency(_filing(chip(_trusted(x), rules), x, rules), x, rules)

# A component the agency classifies while its figures are unknown makes
# the system controlled (4A090, judged under the component's stated
# level, the stricter where several are) unless a component of known
# figures already puts it at that level or above: the level, or none.
_agency_levels(classes) := [level] if {
	levels := {k.controlled | some k in classes; k.class == "unknown"; k.controlled}
	level := [l | some l in ["a", "a_or_b", "b"]; l in levels][0]
	_agency_rank[level] > max({-1} | {_rank[k.class] | some k in classes; not k.controlled})
} else := []

_controlled_by([level]) := {"class": "unknown", "paragraph": "", "eccn": "4A090", "controlled": level}

_controlled_by([]) := {}

_agency_rank := {"a": 4, "a_or_b": 4, "b": 2}

# A component ranks by its class, or, when an agency's class makes it
# controlled, by the level it is judged under.
_component_rank(k) := _agency_rank[k.controlled] if {
	k.class == "unknown"
	k.controlled
} else := _rank[k.class]

# In a system, high-bandwidth memory ranks as 3A090.c whatever its density
# (unknown too): it is that or nothing, and neither makes the system 4A090.
_system_rank(x, _) := _rank.c if x.kind == "hbm"

_system_rank(x, k) := _component_rank(k) if x.kind != "hbm"

# A component whose class an agency's class or a disagreement of sources
# settled shows that reason; others their first (the figures).
_part_message(k) := rs[count(rs) - 1] if {
	rs := [r.message | some r in k.reasons; r.rule in _settling]
	count(rs) > 0
} else := k.reasons[0].message

_settling := {"classify.agency_class", "classify.agency_conflict", "classify.filing_eccn_conflict"}

# 3A090.c memory inside a system does not make the system 4A090.
_system_class("c") := "none"

_system_class(k) := k if k != "c"

_system_head(_, [_]) := "4A090, as the agency classifies a component: contains "

_system_head("a", []) := "4A090.a: contains "

_system_head("b", []) := "4A090.b: contains "

_system_head("unknown", []) := "4A090 unknown: contains "

_system_head("none", []) := "not 4A090: contains "

_max_or_null(s) := max(s) if count(s) > 0

_max_or_null(s) := null if count(s) == 0

# METADATA
# title: Classification report
# description: TPP, performance density, aggregate I/O and the classification of product p, for the classify command and reports (figures of low confidence shown as unknown).
# custom:
#   id: classify.report
report(p, rules) := {
	"tpp": _computed(q),
	"published_tpp": object.get(p, ["published_tpp", "value"], null),
	"pd": _pd_or_null(_computed(q), q),
	"io": _io_or_null(q),
	"classification": classification(p, rules),
} if {
	q := _trusted(p)
}
