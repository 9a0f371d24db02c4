# METADATA
# title: End-use licence requirements
# description: |
#   The licence requirements an order line's stated end use (o.end_use, a
#   key of data.end_uses) adds: 15 CFR 744.23(a)(1)-(2) (supercomputer and
#   advanced-node IC end uses), 744.21 (military), 744.22 (military
#   intelligence), 744.2-744.4 (nuclear, missile, chemical and biological).
#   A blank end use is read under the EAR's knowledge standard (15 CFR
#   772.1): no knowledge of a prohibited end use, so no end-use paragraph
#   applies; the red flags (exportcheck.redflags) say where a person must
#   look instead. A domestic line (destination United States) is not an
#   export. Each function returns a set of requirements:
#   {"effect", "review_policy", "exception", "reasons"}.
package exportcheck.enduse

import data.exportcheck.text

# METADATA
# title: End-use requirements
# description: |
#   The requirements the end use in ctx.end_use adds ("" when none is known),
#   by its scope in data.end_uses: none, advanced_computing, countries or
#   worldwide; a scope this policy does not know is reviewed, never allowed.
# custom:
#   id: end_use.requirements
#   citation: 15 CFR part 744; data.end_uses
requirements(ctx) := {req |
	ctx.end_use != ""
	ctx.c != "US"
	eu := data.end_uses[ctx.end_use]
	some req in _scope(eu.scope, eu, ctx)
}

_scope("none", _, _) := set()

_scope("advanced_computing", eu, ctx) := _advanced_computing(eu, ctx)

_scope("countries", eu, ctx) := _countries(eu, ctx)

_scope("worldwide", eu, ctx) := _worldwide(eu, ctx)

_scope(s, _, ctx) := {_unknown_scope(s, ctx)} if not s in {"none", "advanced_computing", "countries", "worldwide"}

_requirement(m, eu, ctx, why) := {
	"effect": "license_required", "review_policy": eu.review_policy, "exception": "",
	"reasons": [text.reason_cited(m, eu.citation, concat("", [
		"license required: end use ", ctx.end_use, " (", eu.title, ") ", why,
	]))],
}

_advanced_computing(eu, ctx) := _ac(object.get(ctx.f, "classification", ""), eu, ctx)

_ac("", _, _) := set()

# METADATA
# title: Supercomputer and advanced-node IC end uses (15 CFR 744.23)
# description: |
#   With knowledge of a supercomputer or advanced-node IC end use, a licence
#   is required for items on the CCL: in or for China under the 2022 rule
#   (Macau too from the Macau rule), in or for Macau or a D:5 country from
#   2023-11-17. The scope follows the advanced-computing rules in force
#   (the classification text they set: "2022" or "2023"); before them no
#   744.23 end-use paragraph exists. Every product this tool checks is on
#   the CCL (3A090/4A090, or 4A994, 5A992 or 5A002.z by its vendor), so
#   the paragraph applies to every product.
# custom:
#   id: end_use.advanced_computing
#   citation: 15 CFR 744.23(a)(1)-(2)
#   effective: "2022-10-07"
_ac(text, eu, ctx) := {_requirement(rego.metadata.rule(), eu, ctx, concat("", ["in or for ", ctx.dest_text, _ac_text(text)]))} if {
	_ac_scope(text, ctx)
} else := set() if {
	text in {"2022", "2023"}
}

_ac(text, _, ctx) := {_unknown_scope(concat("", ["advanced_computing under the classification text ", text]), ctx)} if {
	not text in {"", "2022", "2023"}
}

_ac_scope("2022", ctx) if ctx.c == "CN"

_ac_scope("2022", ctx) if {
	ctx.c == "MO"
	ctx.f.macau == true
}

_ac_scope("2023", ctx) if ctx.cf.d5m

_ac_text("2022") := " (China or Macau, 2022 rule)"

_ac_text("2023") := " (Macau or Country Group D:5)"

# METADATA
# title: End use in listed countries (15 CFR 744.21, 744.22)
# description: |
#   With knowledge of the end use, a licence is required to the countries
#   the paragraph lists (data.end_uses[_].countries; a country with
#   when_in_group only while in that group, one with with_sanctions only
#   from its sanctions programme's effective date, the same rule) and to
#   the country groups it names (groups).
# custom:
#   id: end_use.countries
#   citation: 15 CFR 744.21; 15 CFR 744.22
_countries(eu, ctx) := {_requirement(rego.metadata.rule(), eu, ctx, concat("", ["in ", ctx.dest_text, _why]))} if {
	some _why in _listed(eu, ctx)
}

_listed(eu, ctx) := {w |
	spec := object.get(eu, ["countries", ctx.c], null)
	spec != null
	_country_in_force(spec, ctx)
	w := ""
} | {w |
	some g in object.get(eu, "groups", [])
	g in ctx.cf["in"]
	w := concat("", [" (Country Group ", g, ")"])
}

_country_in_force(spec, ctx) if {
	_group_ok(spec, ctx)
	_sanctions_ok(spec, ctx)
}

_group_ok(spec, _) if not spec.when_in_group

_group_ok(spec, ctx) if spec.when_in_group in ctx.cf["in"]

_sanctions_ok(spec, _) if not spec.with_sanctions == true

_sanctions_ok(spec, ctx) if {
	spec.with_sanctions == true
	data.sanctions.countries[ctx.c].effective <= ctx.d
}

# METADATA
# title: End use anywhere (15 CFR 744.2-744.4)
# description: |
#   With knowledge of a nuclear, missile, or chemical or biological weapons
#   end use, a licence is required for any item subject to the EAR. The
#   paragraphs' exemptions (safeguarded activities in Supp. 3 countries,
#   some missile end uses outside D:4) turn on facts an order book does not
#   hold, so the licence is required for every destination outside the
#   United States (fail closed).
# custom:
#   id: end_use.worldwide
#   citation: 15 CFR 744.2; 15 CFR 744.3; 15 CFR 744.4
_worldwide(eu, ctx) := {_requirement(rego.metadata.rule(), eu, ctx, concat("", ["in or for ", ctx.dest_text, " (any destination)"]))}

# METADATA
# title: End-use scope not known to the policy
# description: |
#   An end use in data names a scope no clause of this policy handles: the
#   line is reviewed, never allowed for it.
# custom:
#   id: end_use.unknown_scope
#   citation: data.end_uses
_unknown_scope(s, ctx) := {
	"effect": "review", "review_policy": "", "exception": "",
	"reasons": [text.reason(rego.metadata.rule(), concat("", [
		"end use ", ctx.end_use, " has scope ", sprintf("%v", [s]),
		", which this policy does not know: the line is reviewed instead of decided",
	]))],
}
