# METADATA
# title: Rule timeline
# description: |
#   Which rule versions are in force on a date under a regime, and the value of
#   each feature (classification text, destination scheme, exceptions, review
#   policy) on that date. All dates come from data.rules: the policies hold no
#   date literals, so a decision can only change on a date named in data.
package exportcheck.timeline

# METADATA
# title: Rules in force
# description: The IDs of the rules in data.rules effective on or before date d that the regime counts.
# custom:
#   id: timeline.in_force
#   citation: data.rules (Federal Register citations per rule)
in_force(d, regime) := {id |
	some id, r in data.rules
	r.effective <= d
	_counted(id, r, regime)
}

_counted(_, r, _) if r.enforced == true

_counted(id, r, regime) if {
	r.enforced == false
	id in data.regimes[regime].includes_unenforced
}

# METADATA
# title: Feature value
# description: The value of a feature set by the latest rule in force that sets it; undefined before any rule sets it.
# custom:
#   id: timeline.feature
feature(rules, name) := data.rules[id].features[name] if {
	pairs := sort([[data.rules[i].effective, i] |
		some i in rules
		_ := data.rules[i].features[name]
	])
	count(pairs) > 0
	id := pairs[count(pairs) - 1][1]
}

# METADATA
# title: Rule version applied
# description: The latest rule in force (the version an order is judged under), or "none" before the first.
# custom:
#   id: timeline.version
version(rules) := id if {
	pairs := sort([[data.rules[i].effective, i] | some i in rules])
	count(pairs) > 0
	id := pairs[count(pairs) - 1][1]
}

version(rules) := "none" if count(rules) == 0

# METADATA
# title: Features in force
# description: Every feature's value under the rules in force, as an object (features not yet set are absent).
# custom:
#   id: timeline.features
features(rules) := {name: feature(rules, name) |
	some id in rules
	some name, _ in data.rules[id].features
}
