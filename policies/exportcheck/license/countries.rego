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
effective_country(c) := data.countries[c].treated_as

effective_country(c) := c if not data.countries[c].treated_as

# METADATA
# title: Country-group membership on a date
# description: True when country c is in group g on date d (membership intervals are [from, until)).
# custom:
#   id: license.in_group
#   citation: 15 CFR part 740, Supp. 1
in_group(c, g, d) if {
	some iv in data.countries[c].groups[g]
	_from_ok(iv, d)
	_until_ok(iv, d)
}

_from_ok(iv, _) if not iv.from

_from_ok(iv, d) if iv.from <= d

_until_ok(iv, _) if not iv.until

_until_ok(iv, d) if d < iv.until

# D:5 or Macau: the destinations (and headquarters) treated most strictly.
_d5_or_macau(c, _) if c == "MO"

_d5_or_macau(c, d) if in_group(c, "D:5", d)

# The 2023 destination set: D:1, D:4 or D:5 and not also A:5 or A:6; plus Macau.
_d145(c, _) if c == "MO"

_d145(c, d) if {
	some g in ["D:1", "D:4", "D:5"]
	in_group(c, g, d)
	not in_group(c, "A:5", d)
	not in_group(c, "A:6", d)
}
