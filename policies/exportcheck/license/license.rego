# METADATA
# title: License determination
# description: |
#   The license requirements that apply to one order line: embargoes,
#   country sanctions programmes, the advanced-computing destination and
#   headquarters rules, government notices (is-informed letters, guidance),
#   with review policy and license exceptions (NAC, ACA). Each function
#   returns a set of requirements:
#   {"effect", "review_policy", "exception", "reasons"}.
package exportcheck.license

import data.exportcheck.text

# --- embargoes and sanctions programmes ---

_embargo_sections := {"CU": "15 CFR 746.2", "KP": "15 CFR 746.4", "IR": "15 CFR 746.7", "SY": "15 CFR 746.9"}

# METADATA
# title: Embargoed destination (Country Group E:1/E:2)
# description: |
#   Exports to embargoed destinations are not possible; no license is
#   expected to be granted. Where a country's sanctions programme in
#   data.sanctions.countries says it replaces the embargo from its effective
#   date (Syria from 2025-09-02, 15 CFR 746.9 as revised by 90 FR 42315),
#   that programme decides instead (license.sanctions), though the country
#   stays in the group.
# custom:
#   id: license.embargo
#   citation: 15 CFR part 746; Country Groups E:1/E:2 (15 CFR part 740, Supp. 1)
embargo(ctx) := {req |
	groups := ctx.cf.embargo
	count(groups) > 0
	not _embargo_replaced(ctx.c, ctx.d)
	m := rego.metadata.rule()
	section := object.get(_embargo_sections, ctx.c, "15 CFR part 746")
	req := {
		"effect": "prohibited", "review_policy": "policy_of_denial", "exception": "",
		"reasons": [text.reason_cited(m, concat("; ", [section, m.custom.citation]), concat("", [
			ctx.dest_text, " is in Country Group ", concat(", ", groups),
			": embargoed destination, no export of items subject to the EAR",
		]))],
	}
}

# A sanctions programme in force on date d replaces the embargo of country c.
_embargo_replaced(c, d) if {
	s := data.sanctions.countries[c]
	s.replaces_embargo == true
	s.effective <= d
}

# METADATA
# title: Country sanctions programme
# description: |
#   Countries under a sanctions programme that requires a license for the
#   items this tool checks (Russia and Belarus, 15 CFR 746.8; Syria from
#   2025-09-02, 15 CFR 746.9 as revised by 90 FR 42315), with the
#   programme's review policy.
# custom:
#   id: license.sanctions
#   citation: 15 CFR 746.8; 15 CFR 746.9
sanctions(ctx) := {req |
	s := data.sanctions.countries[ctx.c]
	s.effective <= ctx.d
	m := rego.metadata.rule()
	req := {
		"effect": "license_required", "review_policy": s.review_policy, "exception": "",
		"reasons": [text.reason_cited(m, s.citation, concat("", [ctx.dest_text, ": ", s.title]))],
	}
}

# --- advanced computing: destinations ---

# METADATA
# title: 3A090/4A090 destination license requirement
# description: The destinations for which the advanced-computing rule in force requires a license for 3A090/4A090 items.
# custom:
#   id: license.destination
#   citation: 15 CFR 742.6(a)(6)
destination(ctx) := {req |
	ctx.cls.class in {"a", "b"}
	scheme := ctx.f.destinations
	some req in _destination_under(scheme, ctx)
} | _hbm(ctx)

# METADATA
# title: 3A090.c (HBM) requirements not modelled
# description: |
#   High-bandwidth memory classified 3A090.c (from 2024-12-02) carries
#   license requirements to D:5 and Macau and License Exception HBM that
#   this policy does not model yet: a line of it is reviewed, never
#   allowed by silence.
# custom:
#   id: license.hbm_unmodelled
#   citation: 15 CFR 742.6(a)(6)(iii); 15 CFR 740.25 (License Exception HBM); 89 FR 96790
_hbm(ctx) := {{
	"effect": "review", "review_policy": "", "exception": "",
	"reasons": [text.reason(rego.metadata.rule(), concat("", [
		"3A090.c (high-bandwidth memory) to ", ctx.dest_text,
		": its license requirements and License Exception HBM are not modelled by this policy; a person must decide",
	]))],
}} if {
	ctx.cls.class == "c"
} else := set()

# The destination requirements under a scheme; a scheme this policy does
# not know (data overlaid for another version) is reviewed, not allowed.
_destination_under(scheme, ctx) := reqs if {
	reqs := _destination(scheme, ctx)
} else := {_unknown_feature("destinations", scheme, "the line is reviewed instead of decided")}

# METADATA
# title: China and Macau (2022 rule)
# description: From 2022-10-07 a license is required for 3A090/4A090 items to China (Hong Kong is treated as China); Macau from 2023-01-17 (88 FR 2821, published 2023-01-18).
# custom:
#   id: license.destination.china
#   citation: 15 CFR 742.6(a)(6)(i); 87 FR 62186; 88 FR 2821
#   citations:
#     CN: 15 CFR 742.6(a)(6)(i); 87 FR 62186
#     MO: 15 CFR 742.6(a)(6)(i); 87 FR 62186; 88 FR 2821
#   effective: "2022-10-07"
#   effective_until: "2023-11-17"
_destination("china", ctx) := {req |
	_china_2022(ctx)
	m := rego.metadata.rule()
	req := _requirement(ctx, text.reason_cited(m, m.custom.citations[ctx.c], concat("", [
		"license required for ", ctx.cls.eccn, " to ", _dest_name(ctx), " under the 2022 rule",
	])))
}

_china_2022(ctx) if ctx.c == "CN"

_china_2022(ctx) if {
	ctx.c == "MO"
	ctx.f.macau == true
}

_destination("d145", ctx) := _d145_requirements(ctx) | _uae_requirements(ctx)

# METADATA
# title: D:1, D:4, D:5 not in A:5/A:6, and Macau (2023 rule)
# description: From 2023-11-17 a license is required for 3A090/4A090 items to any destination in D:1, D:4 or D:5 that is not also in A:5 or A:6, and to Macau.
# custom:
#   id: license.destination.d145
#   citation: 15 CFR 742.6(a)(6)(iii); 88 FR 73458
#   effective: "2023-11-17"
_d145_requirements(ctx) := {req |
	ctx.cf.d145
	m := rego.metadata.rule()
	req := _requirement(ctx, text.reason(m, concat("", [
		"license required for ", ctx.cls.eccn, " to ", _dest_name(ctx), " (", ctx.cf.groups,
		"; not in A:5 or A:6)",
	])))
}

# METADATA
# title: United Arab Emirates (2026 rule)
# description: |
#   From 2026-07-10 the UAE is in A:5 and no longer in D:4, so the 2023
#   destination set no longer reaches it; the same rule keeps a license
#   requirement for 3A090/4A090 items to the UAE, license-free only for the
#   UAE Government, the approved entities of Supp. No. 8 to part 740 and
#   listed U.S.-headquartered AI companies (not modelled: the order book does
#   not say whether the end user is one). The Commerce Control List as
#   amended names the UAE in the scope of 742.6(a)(6)(iii)(B), and License
#   Exception STA is open only to the approved entities (740.2(a)(26)); the
#   rule's own text was not read: the review policy is left unspecified and
#   no license exception is given (License Exception ACA was for D:1/D:4
#   destinations). The requirement
#   is a dated fact of the UAE: the pseudo-group AC:UAE in data.countries
#   (from 2026-07-10, with its source), kept out of the group list that
#   messages print.
# custom:
#   id: license.destination.uae
#   citation: 15 CFR 742.6(a)(6)(iii)(B); 91 FR 43034
#   effective: "2026-07-10"
_uae_requirements(ctx) := {req |
	"AC:UAE" in ctx.cf["in"]
	not ctx.cf.d145
	m := rego.metadata.rule()
	req := {
		"effect": "license_required", "review_policy": "unspecified", "exception": "",
		"reasons": [text.reason(m, concat("", [
			"license required for ", ctx.cls.eccn, " to ", _dest_name(ctx), " (", ctx.cf.groups,
			"; the 2026 UAE rule keeps the requirement for advanced computing items)",
			": license-free only for the UAE Government and the approved entities of Supp. No. 8 to part 740",
			" (License Exception STA, 15 CFR 740.2(a)(26)), which this policy does not check;",
			" review policy and License Exception ACA not known for the UAE",
		]))],
	}
}

# METADATA
# title: Worldwide license requirement (2025 AI-diffusion framework, what-if)
# description: |
#   The never-enforced AI-diffusion rule required a license for 3A090.a/4A090.a
#   items to every destination except the United States; Tier 1 countries could
#   use License Exception AIA. 3A090.b items kept the 2023 destination scheme.
# custom:
#   id: license.destination.ai_diffusion
#   citation: 15 CFR 742.6(a)(6)(iii) as revised by 90 FR 4544 (not enforced)
#   effective: "2025-01-13"
_ai_requirements(ctx) := {req |
	ctx.c != "US"
	m := rego.metadata.rule()
	tier := _tier(ctx)
	req := _ai_requirement(ctx, tier, text.reason(m, concat("", [
		"license required for ", ctx.cls.eccn, " to ", _dest_name(ctx), " (AI-diffusion Tier ", format_int(tier, 10), ")",
	])))
}

_destination("ai_diffusion", ctx) := _ai_requirements(ctx) if ctx.cls.class == "a"

_destination("ai_diffusion", ctx) := _d145_requirements(ctx) | _uae_requirements(ctx) if ctx.cls.class == "b"

_tier(ctx) := 1 if "AI:1" in ctx.cf["in"]

_tier(ctx) := 3 if {
	not "AI:1" in ctx.cf["in"]
	ctx.cf.d5m
}

_tier(ctx) := 2 if {
	not "AI:1" in ctx.cf["in"]
	not ctx.cf.d5m
}

# METADATA
# title: License Exception AIA (what-if)
# description: Tier 1 destinations under the AI-diffusion framework could use License Exception AIA.
# custom:
#   id: license.exception.aia
#   citation: 15 CFR 740.27 as added by 90 FR 4544 (not enforced)
_ai_requirement(ctx, 1, reason) := {
	"effect": "license_required", "review_policy": "presumption_of_approval", "exception": "AIA",
	"reasons": [reason, text.reason(rego.metadata.rule(), concat("", ["License Exception AIA available: ", ctx.dest_text, " is a Tier 1 destination"]))],
}

_ai_requirement(ctx, 2, reason) := {
	"effect": "license_required", "review_policy": "case_by_case", "exception": e.name,
	"reasons": array.concat([reason], e.reasons),
} if {
	e := _ai_exception(ctx)
}

_ai_requirement(ctx, 3, reason) := {
	"effect": "license_required", "review_policy": "presumption_of_denial", "exception": e.name,
	"reasons": array.concat([reason], e.reasons),
} if {
	e := _ai_exception(ctx)
}

# The license exception a 3A090.a item not designed or marketed for
# datacenters may use under the AI-diffusion framework: NAC where the
# destination or the headquarters is D:5 or Macau, ACA otherwise.
_ai_exception(ctx) := _ai_exception_named(ctx, "NAC") if {
	_exception_eligible(ctx.cls)
	ctx.strict == true
} else := _ai_exception_named(ctx, "ACA") if {
	_exception_eligible(ctx.cls)
} else := {"name": "", "reasons": []}

# METADATA
# title: License Exceptions NAC/ACA under the AI-diffusion framework (what-if)
# description: |
#   90 FR 4544 expanded the country scope of License Exception ACA: a
#   3A090.a/4A090.a item not designed or marketed for datacenters, which
#   the framework made licensable to every destination, may ship under ACA
#   (no notification) to a Tier 2 destination, and under NAC (notification
#   25 days before export) to a Tier 3 destination (D:5, Macau) or to an
#   end user headquartered there. Datacenter 3A090.a items get neither.
# custom:
#   id: license.exception.ai_diffusion
#   citation: 15 CFR 740.8 as revised by 90 FR 4544 (not enforced)
_ai_exception_named(ctx, name) := {"name": name, "reasons": [text.reason(rego.metadata.rule(), concat("", [
	"License Exception ", name, " available for ", ctx.cls.eccn,
	" (not designed or marketed for datacenters) to ", ctx.dest_text, _ai_exception_terms[name],
]))]}

_ai_exception_terms := {
	"NAC": ": notify BIS 25 days before export",
	"ACA": " (AI-diffusion Tier 2; no notification required)",
}

# --- advanced computing: headquarters ---

# METADATA
# title: End user headquartered in D:5 or Macau
# description: |
#   From 2023-11-17 a license is required for 3A090/4A090 items to an entity
#   headquartered in, or whose ultimate parent is headquartered in, Macau or a
#   D:5 country, wherever the entity is located outside the United States (a
#   sale within the United States is not an export).
# custom:
#   id: license.headquarters
#   citation: 15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458
#   effective: "2023-11-17"
headquarters(ctx) := {req |
	ctx.cls.class in {"a", "b"}
	ctx.f.headquarters == true
	ctx.hq != ""
	ctx.hf.d5m
	ctx.c != "US"
	m := rego.metadata.rule()
	req := _requirement(ctx, text.reason(m, concat("", [
		"license required for ", ctx.cls.eccn, ": ", ctx.hq_said,
		" (", _d5_or_macau_text(ctx.hq), "), wherever located outside the United States",
	])))
}

_d5_or_macau_text("MO") := "Macau"

_d5_or_macau_text(c) := "D:5" if c != "MO"

# --- review policy and exceptions for the advanced-computing requirements ---

# METADATA
# title: Rule feature value not known to the policy
# description: |
#   A rule in force gives a feature (the destination scheme, the review
#   policy, the license exceptions) a value no clause of this policy
#   handles, as data overlaid for another policy version would: the line is
#   reviewed (or its license requirement kept, without an exception), never
#   allowed for it.
# custom:
#   id: license.unknown_feature
#   citation: data.rules (features)
_unknown_feature(name, value, consequence) := {
	"effect": "review", "review_policy": "", "exception": "",
	"reasons": [text.reason(rego.metadata.rule(), concat("", [
		"the rules in force give ", name, " the value ", sprintf("%v", [value]),
		", which this policy does not know: ", consequence,
	]))],
}

_requirement(ctx, reason) := {
	"effect": "license_required",
	"review_policy": t.policy.policy,
	"exception": t.exception.name,
	"reasons": array.concat(array.concat([reason], t.policy.reasons), t.exception.reasons),
} if {
	t := _terms({"f": ctx.f, "strict": ctx.strict, "cls": ctx.cls, "c": ctx.c, "dest_text": ctx.dest_text, "export": object.get(ctx, "export", true)})
}

# METADATA
# title: Review policy and license exception
# description: |
#   The review policy and the license exception for a license requirement,
#   from the part of the context they read (the rules' features, whether the
#   destination or the headquarters is D:5 or Macau, the classification, the
#   destination, whether an export from the United States): the same for the destination and headquarters rules of
#   every line that shares it.
# custom:
#   id: license.terms
#   memo: true
_terms(tctx) := {"policy": _review_policy(tctx), "exception": _exception(tctx)}

# The review policy under the rules in force; under a scheme this policy does
# not know, the license requirement stands with the policy unspecified.
_review_policy(ctx) := p if {
	p := _policy(ctx.f.review_policy, ctx)
} else := {"policy": "unspecified", "reasons": _unknown_feature("review_policy", ctx.f.review_policy, "the review policy is left unspecified").reasons}

# METADATA
# title: Review policy (2022 rule)
# description: License applications for 3A090/4A090 items to China and Macau are reviewed under a presumption of denial.
# custom:
#   id: license.review_policy.2022
#   citation: 15 CFR 742.6(b)(10); 87 FR 62186
_policy("2022", _) := {"policy": "presumption_of_denial", "reasons": []}

# METADATA
# title: Review policy (2023 rule)
# description: Presumption of denial for D:5, Macau and D:5/Macau-headquartered entities; presumption of approval for other D:1/D:4 destinations.
# custom:
#   id: license.review_policy.2023
#   citation: 15 CFR 742.6(b)(10); 88 FR 73458
_policy("2023", ctx) := {"policy": _policy_2023(ctx), "reasons": []}

# METADATA
# title: Case-by-case review for China and Macau (2026 rule)
# description: |
#   From 2026-01-15 exports from the United States to China or Macau of
#   advanced computing commodities with TPP under 21,000 and total DRAM
#   bandwidth under 6,500 GB/s (a computer of several chips: its chips
#   counted together, license.review_policy.2026.computer) are reviewed
#   case by case, if the semiconductors were commercially available in the
#   United States when the rule was published (ctx.cls.not_us_2026 empty)
#   and the exporter certifies US supply, foundry capacity, the recipient's
#   security procedures, independent third-party testing in the US, and
#   aggregate shipments to China and Macau of at most 50 % of those to
#   customers for US end use: conditions of the licence application, which
#   an order line does not show, so the reason names them. Entities
#   headquartered in D:5 or Macau located elsewhere keep the presumption of
#   denial, and so do reexports and transfers: the rule revises the policy
#   for exports from the United States only (ctx.export).
# custom:
#   id: license.review_policy.2026
#   citation: 15 CFR 742.6(b)(10); 91 FR 1684
#   effective: "2026-01-15"
_policy("2026", ctx) := {"policy": "case_by_case", "reasons": [text.reason(rego.metadata.rule(), concat("", [
	"case-by-case review: destination ", ctx.dest_text, ", ", _figures_2026(ctx.cls, cfg),
	", for an export from the US of a semiconductor commercially available",
	" in the US when the rule was published, with certifications by the exporter (US supply, foundry capacity,",
	" security procedures of the recipient, third-party testing in the US, shipments to China and Macau",
	" at most 50 % of those to US end users)",
]))]} if {
	cfg := data.review_policy_2026
	_case_by_case_2026(ctx, cfg)
}

_policy("2026", ctx) := {"policy": _policy_2023(ctx), "reasons": array.concat(
	array.concat(
		array.concat(_reexport_2026(ctx, data.review_policy_2026), _not_us_2026(ctx, data.review_policy_2026)),
		_published_2026(ctx, data.review_policy_2026),
	),
	array.concat(_unknown_2026(ctx, data.review_policy_2026), _computer_2026(ctx, data.review_policy_2026)),
)} if {
	not _case_by_case_2026(ctx, data.review_policy_2026)
}

# The figures the case-by-case reason shows against the thresholds: the
# item's (placeholders the checker fills with each line's), or a computer's
# chips counted together.
_figures_2026(cls, cfg) := concat("", [
	"TPP ", cls.tpp_text, " < ", text.num(cfg.tpp_below), " and DRAM bandwidth ", cls.dram_text, " GB/s < ",
	text.num(cfg.dram_bandwidth_gbps_below), " GB/s",
]) if {
	object.get(cls, "computer_2026", null) == null
} else := concat("", [
	"its ", format_int(cls.computer_2026.chips, 10), " chips counted together TPP ", text.num(cls.computer_2026.tpp), " < ",
	text.num(cfg.tpp_below), " and DRAM bandwidth ", text.num(cls.computer_2026.dram), " GB/s < ",
	text.num(cfg.dram_bandwidth_gbps_below), " GB/s",
])

_case_by_case_2026(ctx, cfg) if {
	ctx.export == true
	_item_and_destination_2026(ctx, cfg)
	count(object.get(ctx.cls, "not_us_2026", [])) == 0
}

_item_and_destination_2026(ctx, cfg) if {
	ctx.c in cfg.destinations
	ctx.cls.under_2026 == true
}

# The conditions besides the item's figures are explained where the item
# is under the thresholds, or where only its chips' being counted together
# puts it over (license.review_policy.2026.computer): a reason for each
# condition the line fails.
_explained_2026(ctx, cfg) if _item_and_destination_2026(ctx, cfg)

_explained_2026(ctx, cfg) if {
	ctx.c in cfg.destinations
	c := object.get(ctx.cls, "computer_2026", null)
	c != null
	not under_2026_thresholds(c)
}

# METADATA
# title: Classification fields read for some destinations only
# description: |
#   The classification fields the 2026 review policy reads (under the
#   thresholds, the vendor's TPP over them, availability in the US, figures
#   unknown, a computer's chips counted together), and where it reads them:
#   from its effective date (review_policy "2026" among the rules' features)
#   and for its destinations (data.review_policy_2026.destinations, a
#   destination code as the order gives it, Hong Kong treated as China).
#   Elsewhere they cannot change an outcome: the checker's decision keys
#   hold them only where a destination's scopes name them
#   (exportcheck.product_profile, exportcheck.destination_scopes), so that
#   products alike in all else share one key on other dates and
#   destinations.
# custom:
#   id: license.scoped_fields
#   citation: 15 CFR 742.6(b)(10); 91 FR 1684
scoped_fields := {"review_policy.2026": ["under_2026", "published_over_2026", "not_us_2026", "unknown_2026", "computer_2026"]}

# METADATA
# title: The scopes of the scoped fields in force for a destination
# description: |
#   Which scopes of scoped_fields are read for a destination (a code as
#   given) under the rules' features f: the 2026 review policy's from its
#   effective date, for its destinations (Hong Kong treated as China).
# custom:
#   id: license.scopes
#   citation: 15 CFR 742.6(b)(10); 91 FR 1684
scopes(dest, f) := {"review_policy.2026" |
	f.review_policy == "2026"
	effective_country(dest) in data.review_policy_2026.destinations
}

# METADATA
# title: Reexport outside the 2026 case-by-case review policy
# description: |
#   The 2026 case-by-case review policy revises the policy for exports from
#   the United States to China and Macau; a reexport (or transfer) of the
#   same item keeps the review policy of the 2023 rule (presumption of
#   denial for D:5 and Macau).
# custom:
#   id: license.review_policy.2026.reexport
#   citation: 15 CFR 742.6(b)(10); 91 FR 1684
_reexport_2026(ctx, cfg) := [text.reason(rego.metadata.rule(), concat("", [
	"not an export from the United States: the 2026 case-by-case review for ", ctx.dest_text,
	" covers exports from the US only; ", text.review_policy(_policy_2023(ctx)), " (2023 rule)",
]))] if {
	ctx.export == false
	_explained_2026(ctx, cfg)
} else := []

# METADATA
# title: Not shown commercially available in the US when the 2026 rule was published
# description: |
#   91 FR 1684 reviews case by case only semiconductors commercially
#   available in the United States when it was published (2026-01-15). Where
#   the data does not show that of the item (or of a system's components):
#   made for the China market, released in 2026 or later, or of unknown
#   release year, the 2026 case-by-case review is not applied and the review
#   policy of the 2023 rule stands. Whether a China variant was sold in the
#   US is for the exporter to show; the reason says what to show.
# custom:
#   id: license.review_policy.2026.us_availability
#   citation: 15 CFR 742.6(b)(10); 91 FR 1684
_not_us_2026(ctx, cfg) := [text.reason(rego.metadata.rule(), concat("", [
	"the 2026 case-by-case review for ", ctx.dest_text, " needs semiconductors commercially available in the US",
	" when the rule was published, and the data does not show it: ",
	concat("; ", ctx.cls.not_us_2026),
	"; ", text.review_policy(_policy_2023(ctx)), " (2023 rule)",
]))] if {
	_explained_2026(ctx, cfg)
	count(object.get(ctx.cls, "not_us_2026", [])) > 0
} else := []

# METADATA
# title: Vendor's TPP at or above the 2026 case-by-case threshold
# description: |
#   The TPP computed from the datasheet is under the 2026 threshold but the
#   vendor's published TPP is not (the rule's third-party testing is to
#   verify the item's performance specifications): the sources disagree on
#   the item half of the test, so the 2026 case-by-case review is not
#   applied and the review policy of the 2023 rule stands.
# custom:
#   id: license.review_policy.2026.sources_disagree
#   citation: 15 CFR 742.6(b)(10); 91 FR 1684
_published_2026(ctx, cfg) := [text.reason(rego.metadata.rule(), concat("", [
	"sources disagree: TPP ", ctx.cls.tpp_text, " computed from the datasheet is under ", text.num(cfg.tpp_below),
	", but ", text.num(v), " published by the vendor is not: the 2026 case-by-case review for ", ctx.dest_text,
	" is not applied; ", text.review_policy(_policy_2023(ctx)), " (2023 rule)",
]))] if {
	v := object.get(ctx.cls, "published_over_2026", null)
	is_number(v)
	ctx.c in cfg.destinations
} else := []

# METADATA
# title: 2026 case-by-case test not applied, figures unknown
# description: |
#   The item half of the 2026 case-by-case test needs the item's TPP and
#   total DRAM bandwidth. Where the data does not settle one of them (not
#   given, of low confidence, sources disagreeing, or a chip of a computer
#   without it) and no figure known already reaches its threshold, the test
#   cannot be applied: the review policy of the 2023 rule stands (fail
#   closed), and the reason says which figure is missing.
# custom:
#   id: license.review_policy.2026.figures_unknown
#   citation: 15 CFR 742.6(b)(10); 91 FR 1684
_unknown_2026(ctx, cfg) := [text.reason(rego.metadata.rule(), concat("", [
	"the 2026 case-by-case review for ", ctx.dest_text, " needs TPP under ", text.num(cfg.tpp_below),
	" and DRAM bandwidth under ", text.num(cfg.dram_bandwidth_gbps_below), " GB/s, and the data ",
	_settles_not(ctx.cls.unknown_2026), ": the test cannot be applied; ",
	text.review_policy(_policy_2023(ctx)), " (2023 rule)",
]))] if {
	ctx.c in cfg.destinations
	count(object.get(ctx.cls, "unknown_2026", [])) > 0
} else := []

_settles_not([x]) := concat("", ["does not settle the ", x])

_settles_not([x, y]) := concat("", ["settles neither the ", x, " nor the ", y])

# METADATA
# title: Figures the 2026 thresholds cannot be measured on
# description: |
#   What of an item the 2026 thresholds cannot be measured on (unknown_2026
#   in a classification possibility): none where its figures are known or
#   one known already reaches its threshold (m: measured_2026).
# custom:
#   id: license.review_policy.2026.unknown_figures
#   citation: 15 CFR 742.6(b)(10); 91 FR 1684
unknown_2026(m) := [] if {
	is_number(m.tpp)
	is_number(m.dram)
} else := [] if {
	m.tpp_min >= data.review_policy_2026.tpp_below
} else := [] if {
	m.dram_min >= data.review_policy_2026.dram_bandwidth_gbps_below
} else := [concat("", [name, _of_every_chip(m.chips)]) |
	some [name, v] in [["TPP", m.tpp], ["DRAM bandwidth", m.dram]]
	not is_number(v)
]

_of_every_chip(1) := ""

_of_every_chip(n) := " of every chip it contains" if n != 1

# METADATA
# title: A computer of several chips against the 2026 thresholds
# description: |
#   91 FR 1684 sets its thresholds for "advanced computing commodities" as
#   TPP "as defined in Technical Note 2 to 3A090.a and 3A090.b" (an
#   integrated circuit's, aggregated over its processing units) and 'total
#   DRAM bandwidth' "as defined in the notes to paragraph (dd)(1) in
#   supplement no. 2 to part 748" (not read). How a computer or assembly of
#   several such chips (4A090) is measured against them was not read: each
#   chip alone, or the chips together. The stricter reading is applied: a
#   system is measured by its chips counted together (count × each chip's
#   TPP and DRAM bandwidth). Where each chip alone is under the thresholds
#   and the chips together are not, the 2026 case-by-case review is not
#   applied, the review policy of the 2023 rule stands, and the reason says
#   it is this reading that decides.
# custom:
#   id: license.review_policy.2026.computer
#   citation: 15 CFR 742.6(b)(10); 91 FR 1684
_computer_2026(ctx, cfg) := [text.reason(rego.metadata.rule(), concat("", [
	"the 2026 case-by-case review for ", ctx.dest_text, " needs TPP under ", text.num(cfg.tpp_below),
	" and DRAM bandwidth under ", text.num(cfg.dram_bandwidth_gbps_below), " GB/s: each chip of this computer is",
	" under them, but its ", format_int(c.chips, 10), " chips counted together have TPP ", text.num(c.tpp),
	" and DRAM bandwidth ", text.num(c.dram), " GB/s (how 91 FR 1684 measures a computer of several chips",
	" was not read: the stricter reading); ", text.review_policy(_policy_2023(ctx)), " (2023 rule)",
]))] if {
	ctx.c in cfg.destinations
	c := object.get(ctx.cls, "computer_2026", null)
	c != null
	not under_2026_thresholds(c)
} else := []

# METADATA
# title: The figures measured against the 2026 thresholds
# description: |
#   The figures an item is measured on against the 2026 thresholds
#   (license.review_policy.2026.computer): a chip's own (cls, a
#   classification; parts empty), a system's chips counted together (parts:
#   each chip's {count, tpp, dram}, null where unknown), null where a chip's
#   is unknown; tpp_min and dram_min the figures known at least, and chips
#   how many chips are counted.
# custom:
#   id: license.review_policy.2026.measured
#   citation: 15 CFR 742.6(b)(10); 91 FR 1684
measured_2026(cls, []) := {
	"tpp": t, "dram": d, "tpp_min": _known_or_zero(t), "dram_min": _known_or_zero(d), "chips": 1,
} if {
	t := object.get(cls, "tpp", null)
	d := object.get(cls, "dram", null)
}

measured_2026(_, parts) := {
	"tpp": _total(parts, "tpp"), "dram": _total(parts, "dram"),
	"tpp_min": sum([n | some x in parts; is_number(x.tpp); n := x.count * x.tpp]),
	"dram_min": sum([n | some x in parts; is_number(x.dram); n := x.count * x.dram]),
	"chips": sum([x.count | some x in parts]),
} if count(parts) > 0

_total(parts, f) := sum([n | some x in parts; n := x.count * x[f]]) if {
	every x in parts {
		is_number(x[f])
	}
} else := null

_known_or_zero(x) := x if is_number(x)

_known_or_zero(x) := 0 if not is_number(x)

# METADATA
# title: A computer of several chips each under the 2026 thresholds
# description: |
#   A computer of several chips whose chips each are under the 2026
#   thresholds (cls, a system's classification: its most capable chip's
#   figures), with how many and their figures counted together (m:
#   measured_2026), for the reasons; null otherwise (a chip, a single chip,
#   a figure unknown, or a chip alone already over the thresholds).
# custom:
#   id: license.review_policy.2026.computer_figures
#   citation: 15 CFR 742.6(b)(10); 91 FR 1684
computer_2026(m, cls) := {"chips": m.chips, "tpp": m.tpp, "dram": m.dram} if {
	m.chips > 1
	is_number(m.tpp)
	is_number(m.dram)
	under_2026_thresholds(cls)
} else := null

# METADATA
# title: Under the 2026 case-by-case thresholds
# description: |
#   The item half of the 2026 case-by-case test: TPP under
#   data.review_policy_2026.tpp_below and total DRAM bandwidth under
#   dram_bandwidth_gbps_below (cls: figures {tpp, dram}, a classification's
#   or measured_2026's).
# custom:
#   id: license.review_policy.2026.thresholds
#   citation: 15 CFR 742.6(b)(10); 91 FR 1684
under_2026_thresholds(cls) if {
	cfg := data.review_policy_2026
	is_number(cls.tpp)
	cls.tpp < cfg.tpp_below
	is_number(cls.dram)
	cls.dram < cfg.dram_bandwidth_gbps_below
}

_policy_2023(ctx) := "presumption_of_denial" if {
	_strict(ctx)
} else := "presumption_of_approval"

# The destination, or the end user's headquarters, is D:5 or Macau.
_strict(ctx) if ctx.strict == true

# 3A090.b, and 3A090.a not designed or marketed for datacenters, may use NAC/ACA.
_exception_eligible(cls) if cls.class == "b"

_exception_eligible(cls) if {
	cls.class == "a"
	cls.datacenter == false
}

# The license exception an eligible item may use under the rules in force
# (ctx.f.exceptions): NAC, or under "nac_aca" ACA where neither the
# destination nor the headquarters is D:5 or Macau; none otherwise (under a
# scheme this policy does not know, none, saying so).
_exception(ctx) := _nac(ctx) if {
	_exception_eligible(ctx.cls)
	_uses_nac(ctx)
} else := _aca(ctx) if {
	_exception_eligible(ctx.cls)
	ctx.f.exceptions == "nac_aca"
} else := {"name": "", "reasons": _unknown_feature("exceptions", ctx.f.exceptions, "no license exception is given").reasons} if {
	_exception_eligible(ctx.cls)
	ctx.f.exceptions
} else := {"name": "", "reasons": []}

_uses_nac(ctx) if ctx.f.exceptions == "nac"

_uses_nac(ctx) if {
	ctx.f.exceptions == "nac_aca"
	_strict(ctx)
}

# METADATA
# title: License Exception NAC (Notified Advanced Computing)
# description: |
#   3A090.b items, and 3A090.a items not designed or marketed for datacenters,
#   may ship under NAC; for D:5, Macau and D:5/Macau-headquartered end users
#   only after notifying BIS 25 days before export (BIS may object).
# custom:
#   id: license.exception.nac
#   citation: 15 CFR 740.8; 88 FR 73458; 89 FR 23876
#   citations:
#     nac: 15 CFR 740.8; 88 FR 73458
#     nac_aca: 15 CFR 740.8; 88 FR 73458; 89 FR 23876
#   effective: "2023-11-17"
_nac(ctx) := {"name": "NAC", "reasons": [text.reason_cited(m, m.custom.citations[ctx.f.exceptions], concat("", [
	"License Exception NAC available for ", ctx.cls.eccn, _nac_reason(ctx), _notice_text(ctx),
]))]} if {
	m := rego.metadata.rule()
}

# A 3A090.b item is eligible as such: its ECCN says so (said again, it
# read "NAC available for 3A090.b (3A090.b)").
_nac_reason(ctx) := "" if ctx.cls.class == "b"

_nac_reason(ctx) := " (not designed or marketed for datacenters)" if ctx.cls.class != "b"

_notice_text(ctx) := ": notify BIS 25 days before export" if _strict(ctx)

_notice_text(ctx) := "" if not _strict(ctx)

# METADATA
# title: License Exception ACA (Advanced Computing Authorized)
# description: From 2024-04-04, NAC-eligible items to D:1/D:4 destinations not in D:5 or Macau (and end users not headquartered there) ship under ACA without notification.
# custom:
#   id: license.exception.aca
#   citation: 15 CFR 740.8; 89 FR 23876
#   effective: "2024-04-04"
_aca(ctx) := {"name": "ACA", "reasons": [text.reason(rego.metadata.rule(), concat("", [
	"License Exception ACA available for ", ctx.cls.eccn, " to ", ctx.dest_text, " (no notification required)",
]))]}

# --- government notices (is-informed letters, guidance) ---

# METADATA
# title: Government notice (is-informed letter or guidance)
# description: |
#   A dated notice naming products (and systems containing them) for
#   destinations, country groups (less those also in its except_groups) or
#   end-user headquarters, in force from its effective date until (not
#   including) its until date: e.g. the 2022 letters to NVIDIA and AMD, the
#   notice of 2023-10-23 that made the October 2023 rule's licence
#   requirements apply at once to NVIDIA's A100, A800, H100, H800 and L40S,
#   the 2025 H20/MI308 letters.
# custom:
#   id: license.notice
#   citation: 15 CFR 744.23 (is-informed letters); data.notices
notices(ctx) := {req |
	some id in product_notices(ctx.id, ctx.d)
	n := data.notices[id]
	ms := _notice_matches(n, ctx)
	count(ms) > 0
	m := rego.metadata.rule()
	req := {
		"effect": n.effect, "review_policy": n.review_policy, "exception": "",
		"reasons": [text.reason_cited(m, n.citation, concat("", [n.title, " (", id, ", from ", n.effective, "): ", concat("; ", sort(ms)), _addressed(n)]))],
	}
}

# A letter names its addressees (data.notices[_].addressees): it binds them,
# not every exporter (an exporter it does not name is bound if BIS informs it
# too, or by part 744 when it knows of a prohibited end use). The policy
# applies it to every exporter of the item, the stricter reading, and says so.
_addressed(n) := concat("", ["; addressed to ", _and(n.addressees), ", applied here to every exporter of the item as the stricter reading"]) if {
	count(n.addressees) > 0
} else := ""

_and(xs) := xs[0] if count(xs) == 1

_and(xs) := concat(" and ", [concat(", ", array.slice(xs, 0, count(xs) - 1)), xs[count(xs) - 1]]) if count(xs) > 1

# METADATA
# title: Notices naming a product
# description: The notices in force on date d that name the product or a product it contains.
# custom:
#   id: license.product_notices
#   citation: data.notices
#   memo: true
product_notices(product, d) := {id |
	some id, n in data.notices
	n.effective <= d
	_not_ended(n, d)
	_names_product(n, product)
}

_not_ended(n, _) if not n.until

_not_ended(n, d) if d < n.until

_names_product(n, product) if product in n.products

_names_product(n, product) if {
	some x in object.get(data.products[product], "components", [])
	x.product in n.products
}

# What a notice matches for this order (empty when it does not apply). A
# headquarters clause does not reach a shipment within the United States.
_notice_matches(n, _) := {"applies to every destination"} if n.all_destinations == true

# A country the notice names is said once: not again as a member of a
# group it also names ("destination CN", not also "destination CN in D:5").
_notice_matches(n, ctx) := _first_of(_by_destination(n, ctx), _by_destination_group(n, ctx)) | _first_of(_by_headquarters(n, ctx), _by_headquarters_group(n, ctx)) if {
	not n.all_destinations == true
}

_first_of(a, _) := a if count(a) > 0

_first_of(a, b) := b if count(a) == 0

_by_destination(n, ctx) := {concat("", ["destination ", ctx.dest_text]) | ctx.c in object.get(n, "destinations", [])}

# A destination group clause does not reach a destination also in one of
# the notice's except_groups (e.g. A:5/A:6 for the 2023 rule's D:1/D:4/D:5).
_by_destination_group(n, ctx) := {concat("", ["destination ", ctx.dest_text, " in ", concat(", ", gs)])} if {
	gs := sort([g | some g in object.get(n, "destination_groups", []); g in ctx.cf["in"]])
	count(gs) > 0
	not _excepted(n, ctx.cf["in"])
} else := set()

_excepted(n, groups) if {
	some g in object.get(n, "except_groups", [])
	g in groups
}

_by_headquarters(n, ctx) := {ctx.hq_said |
	ctx.c != "US"
	ctx.hq in object.get(n, "headquarters", [])
}

_by_headquarters_group(n, ctx) := {concat("", [ctx.hq_said, " (", g, ")"]) |
	ctx.c != "US"
	some g in object.get(n, "headquarters_groups", [])
	g in ctx.hf["in"]
}

# METADATA
# title: Country groups notices name headquarters by
# description: Every country group a notice names end-user headquarters by (headquarters_groups).
# custom:
#   id: license.notice_headquarters_groups
#   citation: data.notices
notice_headquarters_groups := {g |
	some n in data.notices
	some g in object.get(n, "headquarters_groups", [])
}

_dest_name(ctx) := ctx.dest_text if ctx.dest == ctx.c

_dest_name(ctx) := concat("", [ctx.dest_text, " (treated as ", ctx.c, ")"]) if ctx.dest != ctx.c
