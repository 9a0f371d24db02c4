# Countries and country groups over time: country-group membership
# (15 CFR part 740, Supp. 1) on a date, from data.countries, and the
# destinations the advanced-computing rules name.
package exportcheck.license

# METADATA
# title: Effective country
# description: The country the EAR treats a code as (Hong Kong is treated as China).
# custom:
#   id: license.effective_country
#   citation: 15 CFR part 740, Supp. 1; Executive Order 13936 (Hong Kong)
effective_country(c) := t if {
	t := data.countries[c].treated_as
} else := c

# METADATA
# title: Country-group membership on a date
# description: True when country c is in group g on date d (membership intervals are [from, until)).
# custom:
#   id: license.in_group
#   citation: 15 CFR part 740, Supp. 1
in_group(c, g, d) if g in country_facts(c, d)["in"]

_from_ok(iv, _) if not iv.from

_from_ok(iv, d) if iv.from <= d

_until_ok(iv, _) if not iv.until

_until_ok(iv, d) if d < iv.until

# METADATA
# title: Country facts on a date
# description: |
#   What the license rules need to know about country c on date d, computed
#   once per country and date: the groups it is in, the embargo groups, the
#   2023 destination set, D:5-or-Macau, and the group list for messages.
# custom:
#   id: license.country_facts
#   citation: 15 CFR part 740, Supp. 1; 15 CFR 742.6(a)(6)(iii)
#   memo: true
country_facts(c, d) := {
	"in": groups,
	"embargo": sort([g | some g in data.sanctions.embargo_groups; g in groups]),
	"d145": _d145_of(c, groups),
	"d5m": _d5m_of(c, groups),
	"groups": _groups_list(groups),
} if {
	groups := {g |
		some g, ivs in object.get(data.countries, [c, "groups"], {})
		some iv in ivs
		_from_ok(iv, d)
		_until_ok(iv, d)
	}
}

# The 2023 destination set: D:1, D:4 or D:5 and not also A:5 or A:6; plus Macau.
default _d145_of(_, _) := false

_d145_of("MO", _) := true

_d145_of(c, groups) if {
	c != "MO"
	count({"D:1", "D:4", "D:5"} & groups) > 0
	count({"A:5", "A:6"} & groups) == 0
}

# D:5 or Macau: the destinations (and headquarters) treated most strictly.
default _d5m_of(_, _) := false

_d5m_of("MO", _) := true

_d5m_of(c, groups) if {
	c != "MO"
	"D:5" in groups
}

_groups_list(groups) := t if {
	gs := [g | some g in ["A:5", "A:6", "D:1", "D:4", "D:5"]; g in groups]
	count(gs) > 0
	t := concat(", ", gs)
}

_groups_list(groups) := "named explicitly" if {
	count([g | some g in ["A:5", "A:6", "D:1", "D:4", "D:5"]; g in groups]) == 0
}
