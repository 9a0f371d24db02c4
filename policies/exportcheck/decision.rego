# METADATA
# title: exportcheck decision
# description: |
#   The entry point: one decision per order line, the most severe of the
#   requirements that apply (prohibited > license_required > exception >
#   review > allow), with the ECCN, the rule version applied, the review
#   policy or license exception, and the reasons. Where an unknown fact
#   (specifications, end-user headquarters) could change the outcome, the
#   line is "review"; where every possibility already requires a license,
#   the most severe outcome stands.
package exportcheck

import data.exportcheck.classify
import data.exportcheck.company
import data.exportcheck.enduse
import data.exportcheck.license
import data.exportcheck.ownership
import data.exportcheck.redflags
import data.exportcheck.screening
import data.exportcheck.text
import data.exportcheck.timeline

# METADATA
# title: Results for a batch of orders
# description: |
#   input.orders is an array of orders ({product, destination, end_user_hq, date, day,
#   screening, end_use, ship_from}); input.regime selects the regime (default "enforced"). The
#   result is an array in the same order. Each result's deciding is the index in its reasons
#   of the reason that decided it, which every output shows first: no license required
#   (decision.nlr), the first reason of the most severe requirement, the license exception's
#   (the last reason of the requirement granting it), or the unknown fact that decides the
#   outcome; never the classification's. The reasons that state the item's classification
#   are marked "classification": true (a company rule's reason may mark itself): outputs tell
#   them from the others by the mark, never by rule id.
# entrypoint: true
# custom:
#   id: decision.results
results := [_worded(decide(o, _regime)) | some o in input.orders]

# A decision with its review policy in the words the outputs print
# (text.review_policies): "review policy not stated", never a bare
# "unspecified".
_worded(d) := object.union(d, {"review_policy_text": text.review_policy(d.review_policy)})

_regime := object.get(input, "regime", "enforced")

# METADATA
# title: Decision for one order
# description: |
#   The decision object for order o ({product, destination, end_user_hq,
#   date or day, screening, end_use, ship_from, and the texts that name them
#   in reasons}) under a regime. screening.owners, when present, is what an
#   ownership register records above the end user, with each owner's hits
#   (exportcheck.ownership judges it). end_use is a key of data.end_uses; absent
#   or "" is no end use known, read under the EAR's knowledge standard as
#   no knowledge of a prohibited end use (the red flags in data.red_flags
#   say where a person must look instead). ship_from is the country the
#   item ships from; absent or "" is "US": an export from the United
#   States, anything else a reexport (or transfer). The order is judged on
#   o.day when given, else on o.date. The checker gives the first day of the rule period the date falls in (the
#   interval between two dates named in data) and no date: the policies
#   compare dates only with dates from data, so that day stands for every
#   date of the period. Memoized when the checker evaluates every line
#   (--no-cache): the checker hands over only what the decision reads, so
#   lines that agree on it share one evaluation (with the decision-key cache
#   on, the checker already keeps whole decisions by key).
# custom:
#   id: decision.decide
#   memo: uncached
decide(o, regime) := _judge(
	{"id": o.product, "tag": object.get(o, "product_text", "")},
	{"code": o.destination, "text": object.get(o, "destination_text", o.destination)},
	{"code": hq, "text": _or(object.get(o, "end_user_hq_text", ""), hq)},
	_day(o), regime, screening.requirements(s) | ownership.requirements(s, _day(o), regime),
	{"end_use": object.get(o, "end_use", ""), "export": _export(object.get(o, "ship_from", ""))},
) if {
	hq := object.get(o, "end_user_hq", "")
	s := object.get(o, "screening", null)
}

# An export from the United States (ship_from blank or, as the EAR treats
# it, the United States), or a reexport.
_export(ship_from) if {
	ship_from != ""
	license.effective_country(ship_from) == "US"
} else if {
	ship_from == ""
} else := false

_day(o) := d if {
	d := o.day
} else := o.date

# One classification and known headquarters: the outcome. More than one
# possibility: each is judged and the outcomes merged.
_judge(product, dest, hq, day, regime, extra, line) := _outcome(product, dest, 0, hq, day, regime, extra, line) if {
	hq.code != ""
	count(_class_options(product.id, day, regime)) == 1
} else := _merge(outs, {_key(x.out) | some x in outs}, _classification(product.id, day, regime)) if {
	outs := [{"cls": _cls_key(k), "hq": h.code, "out": _outcome(product, dest, i, h, day, regime, extra, line)} |
		some i, k in _class_options(product.id, day, regime)
		some h in _hq_options(hq)
	]
}

# METADATA
# title: Rule timeline on a day
# description: The rules in force on a day under a regime, their features and the version applied.
# custom:
#   id: decision.timeline
#   memo: true
_timeline(day, regime) := {"rules": rules, "f": timeline.features(rules), "version": timeline.version(rules)} if {
	rules := timeline.in_force(day, regime)
}

# METADATA
# title: Classification on a day
# description: A product's classification under the rules in force on a day under a regime.
# custom:
#   id: decision.classification
#   memo: true
_classification(product, day, regime) := classify.classification(data.products[product], _timeline(day, regime).rules)

# METADATA
# title: Classifications to judge under
# description: |
#   The product's classification on a day, or, when it is unknown, each
#   classification it could have; each with its reasons (once each, marked
#   "classification": true) and the words that name the item in a no-license-required reason.
# custom:
#   id: decision.class_options
#   memo: true
_class_options(product, day, regime) := [object.union(k, {
	"reasons": [object.union(r, {"classification": true}) | some r in _unique(k.reasons)], "item": _item(k),
	"under_2026": _under_2026(m, product),
	"published_over_2026": _published_over_2026(m, product),
	"not_us_2026": _not_us_2026(m, k, product),
	"unknown_2026": license.unknown_2026(m),
	"computer_2026": license.computer_2026(m, k),
	"tpp_text": _num_text(k.tpp, _threshold_2026("tpp_below")),
	"dram_text": _num_text(k.dram, _threshold_2026("dram_bandwidth_gbps_below")),
}) |
	some k in _cls_options(_classification(product, day, regime))
	m := license.measured_2026(k, _parts_2026(data.products[product]))
]

# The chips a system is measured by against the 2026 thresholds
# (license.measured_2026): each component's count and figures; none for a
# chip, measured by its classification.
_parts_2026(p) := [object.union(classify.figures(data.products[x.product]), {"count": x.count}) |
	some x in p.components
] if {
	p.kind == "system"
} else := []

# m: the figures measured against the 2026 thresholds (license.measured_2026).
_under_2026(m, product) if {
	license.under_2026_thresholds(m)
	_published_over_2026(m, product) == null
} else := false

# The vendor's published TPP (of the product, or of a component of a
# system) where it reaches the 2026 case-by-case threshold that the TPP
# computed from the datasheet stays under: the sources disagree on the
# review policy, and the line keeps the stricter one
# (license.review_policy.2026.sources_disagree); null otherwise.
_published_over_2026(m, product) := v if {
	license.under_2026_thresholds(m)
	v := max(_published_tpps(data.products[product]))
	v >= data.review_policy_2026.tpp_below
} else := null

_published_tpps(p) := {v | v := object.get(p, ["published_tpp", "value"], null); is_number(v)} | {v |
	some x in object.get(p, "components", [])
	v := object.get(data.products[x.product], ["published_tpp", "value"], null)
	is_number(v)
}

# The semiconductors of a product under the 2026 case-by-case thresholds
# that the data does not show commercially available in the United States
# when 91 FR 1684 was published (2026-01-15): made for the China market
# (china_variant), released in or after data.review_policy_2026's
# released_before_year, or of unknown release year: why not, each once,
# sorted (not the product's name: products alike in all else keep one
# profile, and one decision). Those of a system are its components'.
# Empty (the condition holds, or the thresholds do not, even chip by chip)
# otherwise.
_not_us_2026(m, k, product) := sort({x |
	some s in _semiconductors(data.products[product])
	x := _not_us(s)
}) if {
	_measured_under_2026(m, k)
} else := []

# Under the 2026 thresholds as measured (m), or each chip of a computer is
# (license.computer_2026): where the other conditions are explained.
_measured_under_2026(m, _) if license.under_2026_thresholds(m)

_measured_under_2026(m, k) if license.computer_2026(m, k) != null

_semiconductors(p) := [data.products[x.product] | some x in p.components] if {
	p.kind == "system"
} else := [p]

_not_us(s) := "made for the China market" if {
	object.get(s, ["china_variant", "value"], false) == true
} else := "release year unknown" if {
	not is_number(object.get(s, "release_year", null))
} else := concat("", ["released ", format_int(s.release_year, 10)]) if {
	not _released_before_2026(s.release_year)
}

# Released before data.review_policy_2026.released_before_year; without
# that year in the data, nothing is (fail closed).
_released_before_2026(y) if {
	limit := object.get(data.review_policy_2026, "released_before_year", null)
	is_number(limit)
	y < limit
}

_threshold_2026(field) := data.review_policy_2026[field] if {
	is_number(data.review_policy_2026[field])
} else := null

# A figure as the 2026 review policy's reason shows it beside its
# threshold t: never reading as t when it is not.
_num_text(x, t) := text.num_near(x, [t]) if {
	is_number(x)
	is_number(t)
} else := text.num(x) if {
	is_number(x)
} else := ""

# METADATA
# title: Product profile
# description: |
#   What the decision reads of a product on a day: of its classifications
#   (class, ECCN, datacenter marking, whether assumed, how NLR names the
#   item) and the notices in force that name it; the fields of its
#   classifications that rules read only for some destinations on some
#   days, by scope (scoped: license.scoped_fields, the 2026 review policy's
#   for China and Macau from 2026-01-15; destination_scopes says where each
#   is read); and what its reasons show of it (the classification reasons
#   and figures). Products named nowhere else that share the first, and on
#   a line the scoped parts its destination's scopes name, are judged once,
#   each line showing the last.
# custom:
#   id: decision.product_profile
#   memo: true
product_profile(product, day, regime) := {
	"profile": [{f: v | some f in _profile_fields; v := k[f]} |
		some k in opts
	],
	"scoped": {s: [{f: v | some f in fs; v := k[f]} | some k in opts] |
		some s, fs in license.scoped_fields
	},
	"notices": sort(license.product_notices(product, day)),
	"reasons": opts[0].reasons,
	"tpp_text": opts[0].tpp_text,
	"dram_text": opts[0].dram_text,
} if {
	opts := _class_options(product, day, regime)
}

_profile_fields := {"class", "eccn", "datacenter", "dc_assumed", "assumed", "item"}

# METADATA
# title: Scopes of a destination
# description: |
#   The scopes of the product profile's scoped fields (license.scoped_fields)
#   that rules read for lines to a destination (a code as the order gives it)
#   on a day under a regime, sorted: where a line's destination has none,
#   products that differ only in those fields decide alike.
# custom:
#   id: decision.destination_scopes
destination_scopes(dest, day, regime) := sort([s | some s in license.scopes(dest, _timeline(day, regime).f)])

# METADATA
# title: Headquarters profile
# description: |
#   What the decision reads of an end user's headquarters country on a day,
#   besides its code where policies or data name it: whether it is D:5 or
#   Macau, and which of the country groups that notices name headquarters
#   by it is in. Countries named nowhere else that share it are judged once
#   as headquarters, each line showing its own code. (Company rules may
#   read more of the headquarters: with company policies the checker keys
#   by code.)
# custom:
#   id: decision.headquarters_profile
headquarters_profile(c, day) := {
	"d5m": h.hf.d5m,
	"notice_groups": sort([g | some g in license.notice_headquarters_groups; g in h.hf["in"]]),
} if {
	h := _headquarters(c, day)
}

# METADATA
# title: Classifications as reasons show them
# description: |
#   The classifications to judge a product under (_class_options). With a
#   tag (product_text), their reasons and the product's figures are
#   placeholders that name the tag: the checker judges products with the
#   same classification facts once and fills in each product's own.
# custom:
#   id: decision.options
#   memo: true
_options(product, day, regime, "") := _class_options(product, day, regime)

_options(product, day, regime, tag) := [object.union(k, {
	"reasons": [{"rule": tag, "citation": "", "message": ""}],
	"tpp_text": concat("", [tag, "tpp"]), "dram_text": concat("", [tag, "dram"]),
}) |
	some k in _class_options(product, day, regime)
] if tag != ""

# Each classification the item could have, and where whether it is designed
# or marketed for datacenters is unknown (classify: datacenter null), each
# with the marking either way (dc_assumed): Note 2 and License Exception
# NAC/ACA turn on it, and where the outcomes differ the line is reviewed.
_cls_options(cls) := [cls] if {
	cls.class != "unknown"
	is_boolean(cls.datacenter)
} else := [o | some k in _class_opts(cls); some o in _dc_opts(k)]

_dc_opts(k) := [k] if is_boolean(object.get(k, "datacenter", null))

_dc_opts(k) := [object.union(k, {"datacenter": dc, "dc_assumed": true}) | some dc in [true, false]] if {
	not is_boolean(object.get(k, "datacenter", null))
}

# The key that tells possibilities apart in a review reason: the class, and
# the datacenter marking where it was assumed.
_cls_key(k) := concat("/", [k.class, _dc_key[k.datacenter]]) if {
	k.dc_assumed
} else := k.class

_dc_key := {true: "dc", false: "non-dc"}

_class_opts(cls) := [cls] if cls.class != "unknown"

_class_opts(cls) := [
	object.union(cls, {"class": "a", "eccn": concat("", [_eccn_base(cls), ".a (if controlled)"]), "assumed": true}),
	object.union(cls, {"class": "none", "eccn": "", "assumed": true}),
] if {
	cls.class == "unknown"
	not cls.controlled
}

# Controlled, as the agency classifies it (classify.agency_class): judged
# under the paragraph it states, or .a where it does not say which.
_class_opts(cls) := [object.union(cls, {"class": _agency_class[cls.controlled], "assumed": true})] if {
	cls.class == "unknown"
	cls.controlled
}

_agency_class := {"a": "a", "b": "b", "a_or_b": "a"}

_eccn_base(cls) := "4A090" if startswith(cls.reasons[0].message, "4A090")

_eccn_base(cls) := "3A090" if not startswith(cls.reasons[0].message, "4A090")

# The end user's headquarters (code, and the text that names it in
# reasons: o.end_user_hq_text, default the code). When they are unknown,
# the line is judged for an end user headquartered in each of
# data.unknown_headquarters.
_hq_options(hq) := [hq] if hq.code != ""

_hq_options(hq) := [{"code": c, "text": c, "unknown": true} | some c in data.unknown_headquarters] if hq.code == ""

# What reasons say of the end user's headquarters: where it is, or, not
# given, which of data.unknown_headquarters the line was judged as.
_hq_said(hq) := concat("", ["end-user headquarters not given, judged as if in ", hq.code]) if {
	hq.unknown
} else := concat("", ["end user headquartered in ", hq.text])

_or(x, y) := y if {
	x == ""
} else := x

# The outcome for one classification (the i-th possibility) and one
# headquarters, with the requirements screening adds (line: the end use
# and whether the line is an export from the United States). The
# requirements that depend on the product and destination alone, and the context they were
# judged in, come from a memoized part. (Few expressions and variables per
# function body: OPA evaluates each expression, and keeps up to 16
# variables of a body in a slice; past that, in a map.)
_outcome(product, dest, i, hq, day, regime, extra, line) := _decide(d, others, _hq_said(hq)) if {
	h := _headquarters(hq.code, day)
	d := _destination_part(product.id, product.tag, i, dest.code, dest.text, h.hf.d5m, line.export, day, regime)
	others := _others(_ctx(d.ctx, product.id, h, hq, line.end_use), extra)
}

# The context the end-user rules read: the destination's, with the product,
# the end user's headquarters (code as given or assumed, effective code,
# facts, the text that names it, what reasons say of it, and whether the
# order left it blank) and the end use ("" when none is known).
_ctx(dctx, id, h, hq, end_use) := object.union(dctx, {
	"id": id, "hf": h.hf, "hq": h.hq, "hq_given": hq.code, "hq_text": hq.text, "hq_said": _hq_said(hq),
	"hq_unknown": object.get(hq, "unknown", false), "end_use": end_use,
})

# METADATA
# title: The keys of the context company rules read
# description: |
#   The keys of ctx, the context company.requirements(ctx) is given (what
#   _ctx builds; the embedded company.rego says what each holds). A company
#   rule that reads ctx.KEY for a KEY not here is refused at start, with its
#   file and line: a misspelt key would be undefined, and the rule would add
#   nothing. test_company_ctx_keys holds this set to what _ctx builds.
# custom:
#   id: decision.company_ctx_keys
company_ctx_keys := {
	"c", "cf", "cls", "d", "dest", "dest_text", "end_use", "export", "f",
	"hf", "hq", "hq_given", "hq_said", "hq_text", "hq_unknown", "id", "strict",
}

# METADATA
# title: The keys of the objects in the context company rules read
# description: |
#   For the keys of ctx whose value is an object the policy builds (cls, the
#   classification; cf and hf, the facts of the destination and of the
#   headquarters), every key that object can have: some only for some
#   products or orders (cls.assumed, cls.controlled, cls.dc_assumed,
#   cls.filing_eccn; hf has in, d5m and groups only when the headquarters
#   is blank). A company rule that reads ctx.KEY.SUB for a SUB not here is
#   refused at start, with its file and line. ctx.f, the features of the
#   rules in force, is not here: its keys are those data.rules name.
#   test_company_ctx_nested_keys holds this to what _ctx builds.
# custom:
#   id: decision.company_ctx_nested_keys
company_ctx_nested_keys := {
	"cf": {"d145", "d5m", "embargo", "groups", "in"},
	"cls": {
		"assumed", "class", "computer_2026", "controlled", "datacenter", "dc_assumed", "dram", "dram_text",
		"eccn", "filing_eccn", "item", "not_us_2026", "paragraph", "published_over_2026", "reasons", "tpp",
		"tpp_text", "under_2026", "unknown_2026",
	},
	"hf": {"d145", "d5m", "embargo", "groups", "in"},
}

# The requirements that depend on the end user and the end use:
# headquarters, notices, end use, red flags, screening and company rules.
_others(ctx, extra) := ((((license.headquarters(ctx) | license.notices(ctx)) | enduse.requirements(ctx)) | redflags.requirements(ctx)) | extra) | company.requirements(ctx)

# METADATA
# title: Headquarters on a day
# description: An end user's headquarters country (effective) and its facts on a day; none when blank.
# custom:
#   id: decision.headquarters
#   memo: true
_headquarters("", _) := {"hq": "", "hf": {"in": set(), "d5m": false, "groups": ""}}

_headquarters(hq, day) := {"hq": c, "hf": license.country_facts(c, day)} if {
	hq != ""
	c := license.effective_country(hq)
}

# METADATA
# title: Destination part of an outcome
# description: |
#   For a classification possibility of a product, a destination, whether the
#   end user is headquartered in D:5 or Macau, whether the line is an export
#   from the United States (not a reexport), and a day: the requirements
#   that do not depend on the end user otherwise (embargo, sanctions
#   programme, advanced-computing destination rules), each with its level,
#   and the context they were judged in (the classification, the rules'
#   features, the destination's effective country and facts, whether it or
#   the headquarters is D:5 or Macau, whether an export), and the outcome
#   they give when nothing else applies (null when none applies).
# custom:
#   id: decision.destination_part
#   memo: true
_destination_part(product, tag, i, dest, dest_text, hq_d5m, export, day, regime) := {
	"ctx": ctx,
	"leveled": leveled,
	"version": t.version,
	"alone": _alone(leveled, ctx.cls, t.version),
} if {
	c := license.effective_country(dest)
	cf := license.country_facts(c, day)
	t := _timeline(day, regime)
	strict := true in {cf.d5m, hq_d5m}
	ctx := {"cls": _options(product, day, regime, tag)[i], "f": t.f, "c": c, "cf": cf, "dest": dest, "dest_text": dest_text, "d": day, "strict": strict, "export": export}
	reqs := (license.embargo(ctx) | license.sanctions(ctx)) | license.destination(ctx)
	leveled := [_leveled(x) | some x in reqs]
}

_alone(leveled, cls, version) := _decided(leveled, cls, version) if {
	count(leveled) > 0
} else := null

# A requirement with its level (negated, so that sorting puts the most
# severe first) and its first rule id. One whose effect this policy does
# not know (a company rule's typo) is reviewed, never dropped.
_leveled(x) := [0 - _level(y), object.get(y, ["reasons", 0, "rule"], ""), y] if {
	y := _known_effect(x)
}

_level(x) := 2 if {
	x.effect == "license_required"
	x.exception != ""
} else := _levels[x.effect]

_known_effect(x) := x if {
	_levels[x.effect]
} else := object.union(x, {
	"effect": "review", "review_policy": "", "exception": "",
	"reasons": array.concat(object.get(x, "reasons", []), [_unknown_effect(x)]),
})

# METADATA
# title: A requirement with an effect the policy does not know
# description: |
#   A rule (a company's, or one overlaid) gave an effect other than
#   prohibited, license_required, review or allow: what it meant is not
#   known, so a person must look, and the rule should be corrected.
# custom:
#   id: decision.unknown_effect
#   citation: exportcheck policy (requirements and their effects; docs/company.md)
_unknown_effect(x) := text.reason(rego.metadata.rule(), concat("", [
	"a rule gave the effect ", json.marshal(object.get(x, "effect", null)),
	", which this policy does not know (prohibited, license_required, review or allow): reviewed",
]))

# An "allow" requirement is a note: it decides nothing and its reasons are
# kept (a screening hit a person cleared).
_levels := {"prohibited": 4, "license_required": 3, "review": 1, "allow": 0}

_decisions := ["allow", "review", "exception", "license_required", "prohibited"]

# METADATA
# title: Decisions from the least to the most severe
# description: |
#   The decisions this policy gives, from the least to the most severe: the
#   order in which the most severe requirement decides a line. The checker
#   compares decisions in it (--fail-on, exit codes, how outputs grade a
#   line) and refuses a policy whose order is not its own.
# custom:
#   id: decision.order
decision_order := _decisions

# Review policies and license exceptions from the least to the most strict.
_policies := ["", "presumption_of_approval", "case_by_case", "unspecified", "presumption_of_denial", "policy_of_denial"]

_policy_rank := {p: i | some i, p in _policies}

_exceptions := ["", "AIA", "ACA", "NAC"]

_exception_rank := {e: i | some i, e in _exceptions}

# No requirement: no license required (NLR). Otherwise the most severe
# requirement decides, with every requirement's reasons (d: the destination
# part, which holds its outcome when nothing else applies).
_decide(d, others, hq_said) := _allow(d.ctx.cls, d.ctx.dest_text, hq_said, d.version) if {
	count(d.leveled) == 0
	count(others) == 0
} else := d.alone if {
	count(others) == 0
} else := _noted(_allow(d.ctx.cls, d.ctx.dest_text, hq_said, d.version), others) if {
	count(d.leveled) == 0
	every x in others {
		x.effect == "allow"
	}
} else := _decided(array.concat(d.leveled, [_leveled(x) | some x in others]), d.ctx.cls, d.version)

# An allow outcome with the reasons of notes (requirements that decide
# nothing) after its own.
_noted(out, notes) := object.union(out, {"reasons": _unique(array.concat(out.reasons, [r | some x in notes; some r in x.reasons]))})

# METADATA
# title: No license required
# description: The outcome when no requirement applies.
# custom:
#   id: decision.allow
#   memo: true
_allow(cls, dest_text, hq_said, version) := {
	"decision": "allow",
	"eccn": cls.eccn,
	"review_policy": "",
	"exception": "",
	"reasons": array.concat(cls.reasons, [_nlr(cls, dest_text, hq_said)]),
	"deciding": count(cls.reasons),
	"regime": version,
}

# The most severe of leveled requirements decides, with the review policy
# or license exception that is the strictest at its level, and the reason
# that decided (deciding, its index in reasons: _headline).
_decided(unsorted, cls, version) := {
	"decision": _decisions[top],
	"eccn": cls.eccn,
	"review_policy": _top_policy(leveled, top),
	"exception": exception,
	"reasons": reasons,
	"deciding": _deciding(reasons, leveled, top, exception),
	"regime": version,
} if {
	leveled := sort(unsorted)
	top := 0 - leveled[0][0]
	exception := _top_exception(leveled, top)
	reasons := _unique(array.concat(cls.reasons, [r | some e in leveled; some r in e[2].reasons]))
}

# The reason that decided a line (leveled: its requirements, the most
# severe first; top: the level that decided): of a line under a license
# exception, the last reason of the first requirement granting the
# exception the line gets (a requirement that grants one lists the
# exception's reason last); otherwise the first reason of the most severe
# requirement. Never the classification's reasons, whatever their rule ids.
_headline(leveled, 2, exception) := rs[count(rs) - 1] if {
	granting := [e[2] | some e in leveled; e[0] == -2; e[2].exception == exception]
	rs := granting[0].reasons
}

_headline(leveled, top, _) := leveled[0][2].reasons[0] if top != 2

# The index in reasons (each once: _unique) of the reason that decided;
# 0 when there is none (a requirement without reasons).
_deciding(reasons, leveled, top, exception) := i if {
	r := _headline(leveled, top, exception)
	some i, x in reasons
	x == r
} else := 0

_top_policy(leveled, top) := _policies[max({_policy_rank[e[2].review_policy] | some e in leveled; e[0] == -3})] if {
	top == 3
} else := ""

_top_exception(leveled, top) := _exceptions[max({_exception_rank[x[2].exception] | some x in leveled; x[0] == -2})] if {
	top == 2
} else := ""

# The reasons in order, each once.
_unique(rs) := rs if {
	count({r | some r in rs}) == count(rs)
} else := [r |
	some i, r in rs
	not _seen(rs, i, r)
]

_seen(rs, i, r) if {
	some j, x in rs
	j < i
	x == r
}

# METADATA
# title: No license required (NLR)
# description: No requirement applies to this item for this destination and end user on this date.
# custom:
#   id: decision.nlr
#   citation: 15 CFR 732.3 (NLR)
_nlr(cls, dest_text, hq_said) := text.reason(rego.metadata.rule(), concat("", [
	"no license required for ", cls.item, " to ", dest_text,
	" (", hq_said, ")",
]))

_item(cls) := cls.eccn if cls.eccn != ""

_item(cls) := "this item (classification unknown)" if {
	cls.eccn == ""
	cls.assumed == true
}

_item(cls) := "this item (no 3A090/4A090 control in force)" if {
	cls.eccn == ""
	not cls.assumed
	cls.reasons[0].rule == "classify.not_in_force"
}

_item(cls) := "this item (3A090.c not yet in force)" if {
	cls.eccn == ""
	not cls.assumed
	cls.reasons[0].rule == "classify.3a090.c.not_in_force"
}

_item(cls) := "this item (not 3A090/4A090)" if {
	cls.eccn == ""
	not cls.assumed
	not cls.reasons[0].rule in {"classify.not_in_force", "classify.3a090.c.not_in_force"}
}

# --- unknown facts ---

_key(out) := [out.decision, out.exception, out.review_policy]

# How severe an outcome is: its decision, then its review policy, then its
# license exception (NAC, which asks for a notification, over ACA).
_rank(out) := [_index(out.decision), _policy_rank[out.review_policy], _exception_rank[out.exception]]

_index(d) := i if {
	some i, x in _decisions
	x == d
}

_merge(outs, keys, cls) := object.union(outs[0].out, {"eccn": cls.eccn}) if count(keys) == 1

# Every possibility requires a license (or is prohibited): the most severe
# stands, with the unknown that could have softened it named.
_merge(outs, keys, cls) := object.union(worst, {
	"eccn": cls.eccn,
	"reasons": _unique(array.concat(_uncertain(outs), worst.reasons)),
	"deciding": 0,
}) if {
	count(keys) > 1
	min({_index(x.out.decision) | some x in outs}) >= 3
	worst := _worst(outs)
}

_merge(outs, keys, cls) := {
	"decision": "review",
	"eccn": cls.eccn,
	"review_policy": "",
	"exception": "",
	"reasons": _unique(array.concat(_uncertain(outs), _worst(outs).reasons)),
	"deciding": 0,
	"regime": outs[0].out.regime,
} if {
	count(keys) > 1
	min({_index(x.out.decision) | some x in outs}) < 3
}

_worst(outs) := w if {
	top := max({_rank(x.out) | some x in outs})
	ws := [x.out | some x in outs; _rank(x.out) == top]
	w := ws[0]
}

_uncertain(outs) := array.concat(_specs_reason(outs), _hq_reason(outs))

# METADATA
# title: Specifications unknown
# description: A figure needed to classify the item is unknown and the classification would change the outcome.
# custom:
#   id: review.unknown_specifications
#   citation: ECCN 3A090 (88 FR 73458); 15 CFR 732.3 (know your item)
_specs_reason(outs) := [text.reason(rego.metadata.rule(), concat("", [
	"specifications unknown and they decide the outcome: ", _alternatives(outs, "cls"),
]))] if {
	some h in {x.hq | some x in outs}
	count({_key(x.out) | some x in outs; x.hq == h}) > 1
}

_specs_reason(outs) := [] if {
	every h in {x.hq | some x in outs} {
		count({_key(x.out) | some x in outs; x.hq == h}) == 1
	}
}

# METADATA
# title: End-user headquarters unknown
# description: The end user's headquarters (or ultimate parent's) is blank and would change the outcome.
# custom:
#   id: review.unknown_headquarters
#   citation: 15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458
_hq_reason(outs) := [text.reason(rego.metadata.rule(), concat("", [
	"end-user headquarters unknown and it decides the outcome: ", _alternatives(outs, "hq"),
]))] if {
	some k in {x.cls | some x in outs}
	count({_key(x.out) | some x in outs; x.cls == k}) > 1
}

_hq_reason(outs) := [] if {
	every k in {x.cls | some x in outs} {
		count({_key(x.out) | some x in outs; x.cls == k}) == 1
	}
}

_label("cls", v) := concat("", [_class_label[parts[0]], _dc_label[parts[1]]]) if {
	parts := split(v, "/")
	count(parts) == 2
} else := _class_label[v]

_class_label := {"a": "if 3A090/4A090.a", "b": "if 3A090/4A090.b", "none": "if not controlled"}

_dc_label := {"dc": ", designed or marketed for datacenters", "non-dc": ", not designed or marketed for datacenters"}

_label("hq", h) := concat("", ["if headquartered in ", h])

# The outcomes for each value of one unknown, in the order the
# possibilities come: where the other unknown splits a value's outcome
# too, its outcomes are joined by "or", the most severe first, and the
# other unknown is named ("license_required (presumption of denial) or
# review if 3A090/4A090.a, as the headquarters decides"), never listed as
# if they contradicted.
_alternatives(outs, dim) := concat("; ", [s |
	some v in _distinct([x[dim] | some x in outs])
	s := _alternative(_distinct(_by_severity([x.out | some x in outs; x[dim] == v])), dim, v)
])

_by_severity(os) := [p[3] | some p in sort([[0 - r[0], 0 - r[1], 0 - r[2], _describe(o)] | some o in os; r := _rank(o)])]

_alternative(ds, dim, v) := concat(" ", [ds[0], _label(dim, v)]) if count(ds) == 1

_alternative(ds, dim, v) := concat("", [concat(" or ", ds), " ", _label(dim, v), ", ", _decided_by[dim]]) if count(ds) > 1

_decided_by := {"cls": "as the headquarters decides", "hq": "as the specifications decide"}

_distinct(xs) := [x | some i, x in xs; not x in array.slice(xs, 0, i)]

_describe(out) := concat("", [out.decision, " (", text.review_policy(out.review_policy), ")"]) if out.review_policy != ""

_describe(out) := concat("", [out.decision, " (", out.exception, ")"]) if out.exception != ""

_describe(out) := out.decision if {
	out.review_policy == ""
	out.exception == ""
}
