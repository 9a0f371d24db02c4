# METADATA
# title: Ownership by listed parties (the 50 % rules)
# description: |
#   What the owners of an end user mean. The checker hands over what the
#   company's ownership register (and the order's end_user_parent column)
#   records above the end user, every row through every layer, and the
#   screening hits of each owner (input.orders[_].screening.owners); this
#   package decides, for each rule of data.ownership.rules in force on the
#   day: an entity held in the aggregate at or above the rule's threshold
#   by parties on the rule's lists counts as listed, and so counts fully
#   toward the entity it owns in turn (OFAC's worked examples: shares are
#   not multiplied down a chain). The end user reached that way takes the
#   listed owner's restrictions; reached only if an owner that may be
#   listed is, if an unknown share is 100 %, or if the shares the register
#   does not record are held by listed parties, it needs review.
package exportcheck.ownership

import data.exportcheck.screening
import data.exportcheck.text

# METADATA
# title: Ownership requirements
# description: |
#   The requirements the owners recorded in screening s give rise to on a
#   day under a regime: none when nothing about owners was handed over.
# custom:
#   id: ownership.requirements
requirements(s, day, regime) := set() if {
	not _has_owners(s)
} else := (((findings | _register(s.owners, day, regime)) | _flagged(s.owners, day, regime)) | _listed_owners(s.owners, outcomes, day, regime, sday)) | _unruled_owners(s.owners, sday) if {
	sday := object.get(s, "day", "")
	outcomes := {id: _rule(id, rule, s.owners, sday) |
		some id, rule in data.ownership.rules
		_in_force(rule, day, regime)
	}
	findings := {req |
		some outcome in outcomes
		some req in outcome.findings
	}
}

_has_owners(s) if is_object(s.owners)

_in_force(rule, day, regime) if {
	some p in rule.in_force
	p.from <= day
	not _ended(p, day)
	not p.id in object.get(data.regimes[regime], "excludes", [])
}

_ended(p, day) if day >= p.until

_any_in_force(day, regime) if {
	some _, rule in data.ownership.rules
	_in_force(rule, day, regime)
}

_register(o, day, regime) := {_unregistered} if {
	o.register
	not o.covered
	count(o.rows) == 0
	data.ownership.unregistered_end_user == "review"
	_any_in_force(day, regime)
} else := {_cut} if {
	o.cut
	_any_in_force(day, regime)
} else := set()

# The owners whose names the screen cannot read reliably: their hits (or
# the lack of them) say little.
_flagged(o, day, regime) := {_owner_flag(o, k, fs) |
	some k, fs in object.get(o, "flags", {})
	count(fs) > 0
} if _any_in_force(day, regime)

else := set()

# METADATA
# title: An owner's name the screen cannot read reliably
# description: |
#   An owner of the end user (from the register or end_user_parent) is
#   named in a way the matcher cannot screen reliably (a script it cannot
#   romanise, letters of two scripts mixed): that it matched no listed
#   party says little, so a person must screen it.
# custom:
#   id: ownership.owner_name_flag
#   citation: 15 CFR part 732, Supp. 3 (know your customer); 15 CFR 744.11(a)(1); OFAC Revised Guidance on entities owned by blocked persons (2014-08-13)
_owner_flag(o, k, fs) := {
	"effect": "review", "review_policy": "", "exception": "",
	"reasons": [text.reason(rego.metadata.rule(), concat("", [
		"the owner \"", _name(o, k), "\" of the end user is named in a way the screen cannot read reliably (",
		concat("; ", [f.detail | some f in fs]), "): a person must screen it",
	]))],
}

# The owners on a list of the 50 % rules (or possibly so) whose ownership
# makes the end user subject under no rule for that list in force on the
# day: a red flag each (none when data.ownership.listed_owner is "ignore").
# Where a rule in force counts the owner in its finding for the end user
# (owned, possibly owned, through unrecorded shares, or a chain too deep
# to follow; outcomes holds _rule's outcome for each rule in force, by
# id), that finding stands alone.
_listed_owners(o, outcomes, day, regime, sday) := {_listed_owner(o, k, h, sday, off, under) |
	object.get(data.ownership, "listed_owner", "review") == "review"
	some k, hits in o.hits
	some h in hits
	_ruled(h.list)
	_counts(h, sday, true)
	some x in o.rows
	x.owner_key == k
	not _decided(outcomes, k, h)
	off := {rule.name | some _, rule in data.ownership.rules; h.list in rule.lists; not _in_force(rule, day, regime)}
	under := {rule | some _, rule in data.ownership.rules; h.list in rule.lists; _in_force(rule, day, regime)}
}

# A rule for the hit's list, in force on the day, counts owner k in its
# finding for the end user (the owners its outcome counted).
_decided(outcomes, k, h) if {
	some id, outcome in outcomes
	h.list in data.ownership.rules[id].lists
	k in outcome.counted
}

# METADATA
# title: Owned by a listed party that no 50 % rule in force passes to the end user
# description: |
#   An owner of the end user (from the ownership register or the order's
#   end_user_parent column, directly or further up) is, or may be, a party
#   on a list a 50 % rule concerns, and no such rule for that list makes
#   the end user subject through it: either no rule for the list is in
#   force on the day (the BIS affiliates rule for Entity List and MEU
#   parties: before 2025-09-29, and suspended 2025-11-10 through
#   2026-11-09), or the rule is in force but the owner's share stays under
#   its threshold (a minority holding, the rest of the shares recorded).
#   The listed owner's restrictions do not pass to the end user (BIS Entity
#   List FAQs: subsidiaries are legally distinct), but a listed owner is a
#   red flag under BIS's Know Your Customer guidance (the Entity List FAQs:
#   a company acting as agent, front or shell for a listed party; the
#   affiliates rule's preamble: ownership by or ties to a listed party
#   present a red flag of diversion; BIS FAQ 43 on the affiliates rule and
#   OFAC FAQ 398: minority ownership by a listed party calls for due
#   diligence): a person must find out whether the end user would act for
#   it or pass the items on, and record the due diligence
#   (data.ownership.listed_owner "ignore" turns this off). Where a rule in
#   force counts the owner in its finding for the end user (owned,
#   possibly owned, unrecorded shares, too deep), that finding stands alone.
# custom:
#   id: ownership.listed_owner
#   citation: 15 CFR part 732, Supp. 3 (know your customer, red flags); BIS Entity List FAQs (subsidiaries, parents and sister companies of listed entities); FR Doc 2025-19001 (affiliates rule) preamble
_listed_owner(o, k, h, sday, off, under) := {
	"effect": "review", "review_policy": "", "exception": "",
	"reasons": [text.reason(rego.metadata.rule(), concat("", [
		"the owner \"", _name(o, k), "\" of the end user ", _is_listed(h, sday), " (", h.list, " entry \"", h.name, "\", score ",
		text.dec2_near(h.score, [data.screening.review_threshold, data.screening.match_threshold]), "); ",
		concat(" and ", [c | some c in [_off_text(off), _under_text(under)]; c != ""]),
		", so the owner's restrictions do not pass to the end user,",
		" but a listed owner is a red flag",
		_settle(h, sday), ": find out whether the end user would act for it or pass the items on, and record the due diligence",
	]))],
}

_off_text(off) := "" if count(off) == 0

else := concat("", ["the ", concat(" and the ", sort(off)), " is not in force on the line's date"])

_under_text(under) := "" if count(under) == 0

else := concat("", ["the owner's share stays under the threshold of the ", concat(" and the ", sort({_threshold_text(rule) | some rule in under}))])

_threshold_text(rule) := concat("", [rule.name, " (", text.plain(rule.threshold_percent), " %)"])

_is_listed(h, day) := "is a listed party" if screening.confirmed(h, day)

else := "may be a listed party (a possible match)"

_settle(h, day) := "" if screening.confirmed(h, day)

else := "; settle the match"

# The owners on a screening list that no 50 % rule concerns (the Denied
# Persons List, the Unverified List, ...), or possibly so: a red flag each
# (none when data.ownership.listed_owner is "ignore"), on every day.
_unruled_owners(o, sday) := {_unruled_owner(o, k, h, sday) |
	object.get(data.ownership, "listed_owner", "review") == "review"
	some k, hits in o.hits
	some h in hits
	not _ruled(h.list)
	_counts(h, sday, true)
	some x in o.rows
	x.owner_key == k
}

_ruled(list) if {
	some _, rule in data.ownership.rules
	list in rule.lists
}

# METADATA
# title: Owned by a party on a list no 50 % rule concerns
# description: |
#   An owner of the end user (from the ownership register or the order's
#   end_user_parent column, directly or further up) is, or may be, a party
#   on a screening list that no 50 % rule concerns: the Denied Persons
#   List, the Unverified List, the lists of other agencies. No rule passes
#   that party's restrictions to a company it owns, but a listed owner is a
#   red flag under BIS's Know Your Customer guidance, and a denial order
#   forbids anyone to export to or on behalf of the denied person (the
#   standard terms of denial orders): a person must find out whether the
#   end user would act for it or pass the items on, and record the due
#   diligence (data.ownership.listed_owner "ignore" turns this off). Before 2026-12-08 such an owner's hit was shown and decided
#   nothing: an order came out allow with no reason saying why.
# custom:
#   id: ownership.unruled_owner
#   citation: 15 CFR part 732, Supp. 3 (know your customer, red flags); 15 CFR part 764, Supp. 1 (standard terms of orders denying export privileges, no export to or on behalf of a denied person)
_unruled_owner(o, k, h, sday) := {
	"effect": "review", "review_policy": "", "exception": "",
	"reasons": [text.reason(rego.metadata.rule(), concat("", [
		"the owner \"", _name(o, k), "\" of the end user ", _is_listed(h, sday), " (", h.list, " entry \"", h.name, "\", score ",
		text.dec2_near(h.score, [data.screening.review_threshold, data.screening.match_threshold]), "); ",
		"no 50 % rule passes that list's restrictions to a company its party owns, but a listed owner is a red flag",
		_settle(h, sday), ": find out whether the end user would act for it or pass the items on, and record the due diligence",
	]))],
}

# METADATA
# title: End user not in the ownership register
# description: |
#   An ownership register is in use and has no row for the end user (and
#   the order names no parent): whether listed parties own it is not known,
#   so a person must find out and record it (data.ownership.unregistered_end_user
#   turns this off).
# custom:
#   id: ownership.unregistered
#   citation: 15 CFR part 732, Supp. 3 (know your customer); 15 CFR 744.11(a)(1); OFAC Revised Guidance on entities owned by blocked persons (2014-08-13)
_unregistered := {
	"effect": "review", "review_policy": "", "exception": "",
	"reasons": [text.reason(rego.metadata.rule(), "the end user is not in the ownership register: find out who owns it (directly and through holding companies) and record it, so that the 50 % rules can be applied")],
}

# METADATA
# title: Ownership register too deep to follow
# description: |
#   The register records more rows above the end user than the checker
#   hands over: owners it did not follow may be listed.
# custom:
#   id: ownership.cut
#   citation: 15 CFR 744.11(a)(1); OFAC Revised Guidance on entities owned by blocked persons (2014-08-13)
_cut := {
	"effect": "review", "review_policy": "", "exception": "",
	"reasons": [text.reason(rego.metadata.rule(), "the ownership register records more owners above the end user than were followed: a person must trace the rest")],
}

# A rule's outcome for the end user: its findings, and the owners they
# count (counted, for the listed-owner red flag). Reached by owners that
# count as listed; else reached only if every owner that may be listed is
# and every unknown share is whole; else reached only if the shares the
# register does not record are held by listed parties; else a chain too
# deep to follow (counting the owners it names); else nothing.
_rule(id, rule, o, day) := {"findings": owned, "counted": counted} if {
	listed := _listed(rule, o, day, false)
	reach := _reach(o.rows, listed, rule.threshold_percent, false)
	o.end_user in reach
	counted := _holding(o, listed, reach)
	owned := {_owned(id, rule, o, reach, h) |
		some k in counted
		some h in o.hits[k]
		h.list in rule.lists
		screening.confirmed(h, day)
	}
} else := {"findings": {_maybe_owned(rule, o, listed, reach, day)}, "counted": _holding(o, listed, reach)} if {
	listed := _listed(rule, o, day, true) | _untraced(o, day)
	reach := _reach(o.rows, listed, rule.threshold_percent, true)
	o.end_user in reach
} else := {"findings": {_unrecorded(rule, o, listed, reach, day)}, "counted": _holding(o, listed, reach)} if {
	maybe := _listed(rule, o, day, true)
	listed := maybe | _untraced(o, day)
	reach := _reach_rest(o, listed, _untraced(o, day) - maybe, rule.threshold_percent)
	o.end_user in reach
} else := {"findings": {_too_deep(rule, o, listed, false)}, "counted": listed} if {
	listed := _listed(rule, o, day, true) | _untraced(o, day)
	reach := _reach(o.rows, listed, rule.threshold_percent, true)
	_step(o.rows, reach, rule.threshold_percent, true) != reach
} else := {"findings": {_too_deep(rule, o, listed, true)}, "counted": listed} if {
	maybe := _listed(rule, o, day, true)
	listed := maybe | _untraced(o, day)
	only := _untraced(o, day) - maybe
	reach := _reach_rest(o, listed, only, rule.threshold_percent)
	_step_rest(o, reach, only, rule.threshold_percent) != reach
} else := {"findings": set(), "counted": set()}

# The owners a finding that reaches the end user counts: those in listed
# that hold an entity in reach.
_holding(o, listed, reach) := {k |
	some k in listed
	some x in o.rows
	x.owner_key == k
	x.entity_key in reach
}

# The owners (normalised names) that count as the rule's listed parties;
# with may, also those that may be (a possible match).
_listed(rule, o, day, may) := {k |
	some k, hits in o.hits
	some h in hits
	h.list in rule.lists
	_counts(h, day, may)
}

_counts(h, day, _) if screening.confirmed(h, day)

_counts(h, day, true) if screening.possible(h, day)

# The owners above the end user that the register has no row for (the
# checker's owners.untraced): who owns them is not known, so they may
# count as listed through their own owners. Not an owner confirmed as a
# listed party (it is one, whoever owns it); none when
# data.ownership.unregistered_end_user is "ignore".
_untraced(o, day) := {k |
	data.ownership.unregistered_end_user == "review"
	some k in object.get(o, "untraced", [])
	not _confirmed_party(o, k, day)
}

_confirmed_party(o, k, day) if {
	some h in o.hits[k]
	screening.confirmed(h, day)
}

# Everything that counts as listed: the listed owners and every entity held
# at or above the threshold by what counts as listed, level by level, eight
# levels (a chain that would reach further is _too_deep).
_reach(rows, listed, t, whole) := b8 if {
	b1 := _step(rows, listed, t, whole)
	b2 := _step(rows, b1, t, whole)
	b3 := _step(rows, b2, t, whole)
	b4 := _step(rows, b3, t, whole)
	b5 := _step(rows, b4, t, whole)
	b6 := _step(rows, b5, t, whole)
	b7 := _step(rows, b6, t, whole)
	b8 := _step(rows, b7, t, whole)
}

_step(rows, counted, t, whole) := counted | {x.entity_key |
	some x in rows
	_held(rows, x.entity_key, counted, whole) >= t
}

_held(rows, e, counted, whole) := sum([_share(x, whole) |
	some x in rows
	x.entity_key == e
	x.owner_key in counted
])

# With the shares an entity's rows leave unrecorded: everything that counts
# as listed as in the possible outcome (_reach with whole), and besides
# every entity that would be held at or above the threshold if its
# unrecorded shares were held by listed parties, as long as an owner of it
# that counts is not merely one the register has no row for (only, an
# owner the register has no row for).
_reach_rest(o, counted, only, t) := b8 if {
	b1 := _step_rest(o, counted, only, t)
	b2 := _step_rest(o, b1, only, t)
	b3 := _step_rest(o, b2, only, t)
	b4 := _step_rest(o, b3, only, t)
	b5 := _step_rest(o, b4, only, t)
	b6 := _step_rest(o, b5, only, t)
	b7 := _step_rest(o, b6, only, t)
	b8 := _step_rest(o, b7, only, t)
}

_step_rest(o, counted, only, t) := _step(o.rows, counted, t, true) | {e |
	some x in o.rows
	x.owner_key in counted
	not x.owner_key in only
	e := x.entity_key
	not e in counted
	_held(o.rows, e, counted, true) + _rest(o, e) >= t
}

# The percentage of entity e's shares its rows do not record: none when the
# register marks the rest widely held (a row with no owner).
_rest(o, e) := 0 if e in {k | some k in object.get(o, "widely_held", [])}

else := max([0, 100 - sum([x.share | some x in o.rows; x.entity_key == e; x.share != null])])

_share(x, _) := x.share if x.share != null

_share(x, true) := 100 if x.share == null

_share(x, false) := 0 if x.share == null

# METADATA
# title: Owned by listed parties
# description: |
#   The end user is held, directly or through entities that are themselves
#   so held, at or above the rule's threshold in the aggregate by parties
#   on the rule's lists. Under OFAC's 50 % rule it is blocked; under BIS's
#   affiliates rule it takes the listed owner's license requirement and
#   review policy. The reason gives the chain of owners and shares and the
#   register rows they come from.
# custom:
#   id: ownership.owned
#   citation: 15 CFR 744.11(a)(1) (affiliates rule); OFAC Revised Guidance of 2014-08-13 (50 % rule)
_owned(id, rule, o, reach, h) := req if {
	e := screening.listed_effect(h)
	eff := _effects(id, e)
	req := {
		"effect": eff.effect, "review_policy": eff.review_policy, "exception": "",
		"reasons": [text.reason_cited(rego.metadata.rule(), text.cite([rule.citation, e.citation]), concat("", [
			"the end user is held ", text.plain(_held(o.rows, o.end_user, reach, false)), " % by parties that count as listed under the ",
			rule.name, " (threshold ", text.plain(rule.threshold_percent), " %; listed owner: ", h.list, " entry \"", h.name,
			"\", score ", text.dec2_near(h.score, [data.screening.review_threshold, data.screening.match_threshold]), "): ", _chain(o.rows, reach),
		]))],
	}
}

# METADATA
# title: Ownership chain deeper than followed
# description: |
#   Listed (or possibly listed) owners hold entities that hold others
#   further up the register than the eight levels the policy follows, and
#   the end user was not reached within them: whether the chain reaches it
#   is not known, so a person must trace it. Counted as the possible
#   outcome is and, failing that, as the unrecorded shares are (an
#   entity's unrecorded rest taken as held by listed parties, rest says
#   so): a chain only the rest makes reach further is too deep too.
# custom:
#   id: ownership.too_deep
#   citation: 15 CFR 744.11(a)(1); 15 CFR part 732, Supp. 3 (know your customer); OFAC Revised Guidance of 2014-08-13
_too_deep(rule, o, listed, rest) := {
	"effect": "review", "review_policy": "", "exception": "",
	"reasons": [text.reason_cited(rego.metadata.rule(), rule.citation, concat("", [
		"entities held by listed parties", _owners_named(o, listed), " under the ", rule.name, _rest_taken(rest),
		" reach further up the ownership register than the eight levels followed, ",
		"without reaching the end user: a person must trace the chain",
	]))],
}

# The listed owners of a chain, as the register writes them: " (\"A\", \"B\")";
# "" when the register holds no row they own.
_owners_named(o, listed) := concat("", [" (", concat(", ", names), ")"]) if {
	names := sort({concat("", ["\"", x.owner, "\""]) | some x in o.rows; x.owner_key in listed})
	count(names) > 0
} else := ""

_rest_taken(false) := ""

_rest_taken(true) := " (counting the shares the ownership register does not record, and does not mark widely held, as theirs)"

# OFAC blocks; BIS extends the listed owner's own restrictions. A rule this
# policy does not know is reviewed.
_effects("ofac-50", _) := {"effect": "prohibited", "review_policy": "policy_of_denial"}

_effects("bis-affiliates", e) := {"effect": e.effect, "review_policy": e.review_policy}

_effects(id, _) := {"effect": "review", "review_policy": ""} if not id in {"ofac-50", "bis-affiliates"}

# METADATA
# title: Possibly owned by listed parties
# description: |
#   The end user would be held at or above the rule's threshold if an owner
#   that may be listed (a possible screening match) is, if a share the
#   register does not know is whole, or if an owner the register records no
#   owners of is held by listed parties: a person must settle the match,
#   find out the share or trace the owner's owners (BIS red flag 29).
# custom:
#   id: ownership.possibly_owned
#   citation: 15 CFR 744.11(a)(1); 15 CFR part 732, Supp. 3 (red flag 29); OFAC Revised Guidance of 2014-08-13
_maybe_owned(rule, o, listed, reach, day) := {
	"effect": "review", "review_policy": "", "exception": "",
	"reasons": [text.reason_cited(rego.metadata.rule(), rule.citation, concat("", [
		"the end user may be held ", text.plain(rule.threshold_percent), " % or more by listed parties under the ", rule.name, ": ",
		_chain(o.rows, reach), _doubts(rule, o, listed, reach, day),
	]))],
}

_doubts(rule, o, listed, reach, day) := concat("", ["; settle ", concat(", ", sort(_doubt_set(rule, o, listed, reach, day)))])

_doubt_set(rule, o, listed, reach, day) := ({concat("", ["the possible ", h.list, " match of \"", _name(o, k), "\" (\"", h.name, "\", score ", text.dec2_near(h.score, [data.screening.review_threshold, data.screening.match_threshold]), ")"]) |
	some k in listed
	some h in o.hits[k]
	h.list in rule.lists
	not screening.confirmed(h, day)
} | {concat("", ["the share of \"", x.owner, "\" in \"", x.entity, "\""]) |
	some x in o.rows
	x.share == null
	x.owner_key in listed
}) | {concat("", ["who owns \"", _name(o, k), "\" (the ownership register has no row for it)"]) |
	some k in _untraced(o, day)
	k in listed
	some x in o.rows
	x.owner_key == k
	x.entity_key in reach
}

# METADATA
# title: Possibly owned through shares the register does not record
# description: |
#   Parties that count (or may count) as listed hold an entity on the way
#   to the end user below the rule's threshold, but the owners its rows
#   record leave enough of its shares unrecorded to reach the threshold,
#   and the register does not mark the rest widely held: whoever holds the
#   rest may be listed, so whether the end user is owned by listed parties
#   is not known (BIS red flag 29; OFAC: an exporter that does not know who
#   owns the rest cannot conclude the entity is not 50 % owned). A person
#   must record who holds the rest, or mark it widely held.
# custom:
#   id: ownership.unrecorded_shares
#   citation: 15 CFR 744.11(a)(1); 15 CFR part 732, Supp. 3 (red flag 29); OFAC Revised Guidance of 2014-08-13
_unrecorded(rule, o, listed, reach, day) := {
	"effect": "review", "review_policy": "", "exception": "",
	"reasons": [text.reason_cited(rego.metadata.rule(), rule.citation, concat("", [
		"the end user may be held ", text.plain(rule.threshold_percent), " % or more by listed parties under the ", rule.name,
		" through shares the ownership register does not record: ", _chain(o.rows, reach), "; ",
		concat("; ", sort({_rest_text(o, e, reach) |
			some x in o.rows
			e := x.entity_key
			e in reach
			not e in listed
			_held(o.rows, e, reach, true) < rule.threshold_percent
		})),
		_more_doubts(rule, o, listed, reach, day),
	]))],
}

_rest_text(o, e, reach) := concat("", [
	"parties that count as listed hold ", text.plain(_held(o.rows, e, reach, true)), " % of \"", _entity_name(o, e), "\" and ",
	text.plain(_rest(o, e)), " % of it is not recorded: record who holds the other ", text.plain(_rest(o, e)), " %, or mark the rest widely held",
])

_more_doubts(rule, o, listed, reach, day) := "" if {
	count(_doubt_set(rule, o, listed, reach, day)) == 0
} else := _doubts(rule, o, listed, reach, day)

_entity_name(o, e) := [x.entity | some x in o.rows; x.entity_key == e][0]

# The owner's name as the row nearest the end user spells it: rows whose
# owners are the same party (keys alike) may spell it otherwise.
_name(o, k) := [x.owner | some x in o.rows; x.owner_key == k][0]

# The rows that carry the ownership (owner and entity both counted), from
# the end user up, as the checker hands them over.
_chain(rows, reach) := concat("; ", [concat("", [
	"\"", x.owner, "\" holds ", _share_text(x), " of \"", x.entity, "\" (", _row_source(x), ")",
]) |
	some x in rows
	x.owner_key in reach
	x.entity_key in reach
])

_share_text(x) := concat("", [text.plain(x.share), " %"]) if x.share != null

_share_text(x) := "an unknown share" if x.share == null

_row_source(x) := concat("", ["as of ", x.as_of, ", ", x.source, ", ", x.file, ":", format_int(x.line, 10)]) if x.file != ""

_row_source(x) := x.source if x.file == ""
