package exportcheck.ownership_test

import data.exportcheck.ownership

# Rows and hits as the checker hands them over: names are keyed by their
# lower-case form here (the checker keys them as screening normalises).
_row(entity, owner, share, line) := {
	"entity": entity, "entity_key": lower(entity), "owner": owner, "owner_key": lower(owner),
	"share": share, "as_of": "2026-10-01", "source": "registry", "file": "own.csv", "line": line,
}

_hit(list, name, score) := {
	"list": list, "entry_id": "e1", "name": name, "matched_name": name, "score": score,
	"federal_register_notice": "", "license_requirement": "", "license_policy": "", "source": "CSL",
}

_s(rows, hits) := {"end_user": true, "hits": [], "flags": [], "owners": {
	"register": true, "covered": true, "cut": false, "end_user": "eu", "rows": rows, "hits": hits,
}}

_ofac := "OFAC, Revised Guidance on Entity Property and Interests in Property Blocked Pursuant to Executive Orders (2014-08-13), 79 FR 47726; 31 CFR chapter V; 15 CFR 744.8 (OFAC SDN List)"

_blocked(held, entry, chain) := _blocked_at(held, entry, "1.00", chain)

_blocked_at(held, entry, score, chain) := {{
	"effect": "prohibited", "review_policy": "policy_of_denial", "exception": "",
	"reasons": [{"rule": "ownership.owned", "citation": _ofac, "message": concat("", [
		"the end user is held ", held, " % by parties that count as listed under the OFAC 50 % rule (threshold 50 %; listed owner: SDN entry \"",
		entry, "\", score ", score, "): ", chain,
	])}],
}}

_at(line) := concat("", ["(as of 2026-10-01, registry, own.csv:", format_int(line, 10), ")"])

# OFAC FAQ 401's examples: a blocked person's 50 % makes A blocked, and A's
# 50 % of the end user counts whole (not 25 %).
test_ofac_through_a_layer if {
	rows := [_row("EU", "A", 50, 2), _row("A", "X", 50, 3)]
	got := ownership.requirements(_s(rows, {"x": [_hit("SDN", "X", 1)]}), "2026-12-01", "enforced")
	got == _blocked("50", "X", concat("", ["\"A\" holds 50 % of \"EU\" ", _at(2), "; \"X\" holds 50 % of \"A\" ", _at(3)]))
}

# Shares are not multiplied: 60 % of 60 % is a blocked owner's 60 %.
test_ofac_not_multiplied if {
	rows := [_row("EU", "A", 60, 2), _row("A", "X", 60, 3)]
	got := ownership.requirements(_s(rows, {"x": [_hit("SDN", "X", 1)]}), "2026-12-01", "enforced")
	got == _blocked("60", "X", concat("", ["\"A\" holds 60 % of \"EU\" ", _at(2), "; \"X\" holds 60 % of \"A\" ", _at(3)]))
}

# A blocked person's 50 % of A, A's 25 % of the end user (the other 75 %
# recorded): not blocked, but the blocked owner further up is a red flag
# (OFAC FAQ 398).
test_ofac_minority_below_a_blocked_entity if {
	rows := [_row("EU", "A", 25, 2), _row("A", "X", 50, 3), _row("EU", "B", 75, 4)]
	ownership.requirements(_s(rows, {"x": [_hit("SDN", "X", 1)]}), "2026-12-01", "enforced") == _sdn_red("X")
}

# Aggregated: 25 % directly and 25 % through a blocked entity.
test_ofac_aggregate_direct_and_indirect if {
	rows := [_row("EU", "X", 25, 2), _row("EU", "A", 25, 3), _row("A", "X", 50, 4)]
	got := ownership.requirements(_s(rows, {"x": [_hit("SDN", "X", 1)]}), "2026-12-01", "enforced")
	got == _blocked("50", "X", concat("", [
		"\"X\" holds 25 % of \"EU\" ", _at(2), "; \"A\" holds 25 % of \"EU\" ", _at(3),
		"; \"X\" holds 50 % of \"A\" ", _at(4),
	]))
}

# Two blocked owners summed; an unlisted owner's 51 % does not matter.
test_ofac_two_owners_summed if {
	rows := [_row("EU", "X", 30, 2), _row("EU", "Y", 20, 3)]
	hits := {"x": [_hit("SDN", "X", 1)], "y": [_hit("SDN", "Y", 1)]}
	got := ownership.requirements(_s(rows, hits), "2026-12-01", "enforced")
	chain := concat("", ["\"X\" holds 30 % of \"EU\" ", _at(2), "; \"Y\" holds 20 % of \"EU\" ", _at(3)])
	got == _blocked("50", "X", chain) | _blocked("50", "Y", chain)
}

test_ofac_below_threshold if {
	rows := [_row("EU", "X", 49.9, 2), _row("EU", "B", 50.1, 3)]
	ownership.requirements(_s(rows, {"x": [_hit("SDN", "X", 1)]}), "2026-12-01", "enforced") == _sdn_red("X")
}

_el(day, regime) := ownership.requirements(_s([_row("EU", "P", 51, 2)], {"p": [object.union(_hit("EL", "P", 0.97), {"license_policy": "Presumption of denial."})]}), day, regime)

_affiliate := {{
	"effect": "license_required", "review_policy": "presumption_of_denial", "exception": "",
	"reasons": [{
		"rule": "ownership.owned",
		"citation": "15 CFR 744.11(a)(1) and 744.21 as amended by 'Expansion of End-User Controls To Cover Affiliates of Certain Listed Entities' (FR Doc 2025-19001, RIN 0694-AK11); 15 CFR 744.11; part 744, Supp. 4 (Entity List)",
		"message": concat("", [
			"the end user is held 51 % by parties that count as listed under the BIS affiliates rule (threshold 50 %; listed owner: EL entry \"P\", score 0.97): \"P\" holds 51 % of \"EU\" ",
			_at(2),
		]),
	}],
}}

# The affiliates rule: in force from 2025-09-29, suspended 2025-11-10
# through 2026-11-09, back from 2026-11-10; the what-if regime keeps it
# suspended.
test_affiliates_timeline if {
	_el("2025-09-28", "enforced") == _red_flag
	_el("2025-09-29", "enforced") == _affiliate
	_el("2025-11-09", "enforced") == _affiliate
	_el("2025-11-10", "enforced") == _red_flag
	_el("2026-11-09", "enforced") == _red_flag
	_el("2026-11-10", "enforced") == _affiliate
	_el("2026-12-01", "affiliates-suspended") == _red_flag
}

# Outside the affiliates rule's periods a listed owner's restrictions do
# not pass to the end user, but the listed owner is a red flag (BIS Entity
# List FAQs; Supplement No. 3 to part 732): review, naming the owner, its
# list entry and score.
_red_cite := "15 CFR part 732, Supp. 3 (know your customer, red flags); BIS Entity List FAQs (subsidiaries, parents and sister companies of listed entities); FR Doc 2025-19001 (affiliates rule) preamble"

_red(owner, what, settle) := _red_for(owner, what, "the BIS affiliates rule is not in force on the line's date", settle)

_red_for(owner, what, why, settle) := _review(_red_reason(owner, what, why, settle))

_red_reason(owner, what, why, settle) := {"rule": "ownership.listed_owner", "citation": _red_cite, "message": concat("", [
	"the owner \"", owner, "\" of the end user ", what, "; ", why, ",",
	" so the owner's restrictions do not pass to the end user, but a listed owner is a red flag", settle,
	": find out whether the end user would act for it or pass the items on, and record the due diligence",
])}

_under_bis := "the owner's share stays under the threshold of the BIS affiliates rule (50 %)"

_under_ofac := "the owner's share stays under the threshold of the OFAC 50 % rule (50 %)"

_sdn_red(owner) := _red_for(owner, concat("", ["is a listed party (SDN entry \"", owner, "\", score 1.00)"]), _under_ofac, "")

_red_flag := _red("P", "is a listed party (EL entry \"P\", score 0.97)", "")

# Before the affiliates rule: a listed owner holding 51 %.
test_listed_owner_before_affiliates_rule if {
	_el("2024-06-01", "enforced") == _red_flag
}

# During the suspension: the parent named in the order's end_user_parent
# column (a row with an unknown share and no register file), an EL party.
test_listed_parent_during_suspension if {
	name := "China Electronics Technology Group Corporation 13th Research Institute"
	row := object.union(_row("EU", name, null, 0), {"as_of": "", "source": "named in the order's end_user_parent column", "file": ""})
	hit := _hit("EL", "China Electronics Technology Group Corporation 13th Research Institute (CETC 13)", 1)
	got := ownership.requirements(_s([row], {lower(name): [hit]}), "2026-01-15", "enforced")
	got == _red(name, "is a listed party (EL entry \"China Electronics Technology Group Corporation 13th Research Institute (CETC 13)\", score 1.00)", "")
}

# While the affiliates rule is in force, its finding stands alone where it
# counts the owner: the same parent (unknown share) may hold the end user:
# possibly owned, no red flag.
test_listed_owner_while_affiliates_rule_in_force if {
	name := "China Electronics Technology Group Corporation 13th Research Institute"
	row := object.union(_row("EU", name, null, 0), {"as_of": "", "source": "named in the order's end_user_parent column", "file": ""})
	got := ownership.requirements(_s([row], {lower(name): [_hit("EL", name, 1)]}), "2025-10-15", "enforced")
	got == _review({"rule": "ownership.possibly_owned", "citation": _bis_cite, "message": concat("", [
		"the end user may be held 50 % or more by listed parties under the BIS affiliates rule: \"", name, "\" holds an unknown share of \"EU\" ",
		"(named in the order's end_user_parent column); settle the share of \"", name, "\" in \"EU\"",
	])})
}

# While the affiliates rule is in force, an Entity List owner holding 30 %
# of the end user, the other 70 % recorded: the rule does not reach the
# end user, but a listed minority owner is a red flag (BIS FAQ 43 on the
# affiliates rule): review. At 60 % the rule's finding stands alone.
test_listed_minority_owner_while_affiliates_rule_in_force if {
	rows := [_row("EU", "P", 30, 2), _row("EU", "B", 70, 3)]
	got := ownership.requirements(_s(rows, {"p": [_hit("EL", "P", 1)]}), "2026-12-01", "enforced")
	got == {{"effect": "review", "review_policy": "", "exception": "", "reasons": [{
		"rule": "ownership.listed_owner",
		"citation": "15 CFR part 732, Supp. 3 (know your customer, red flags); BIS Entity List FAQs (subsidiaries, parents and sister companies of listed entities); FR Doc 2025-19001 (affiliates rule) preamble",
		"message": "the owner \"P\" of the end user is a listed party (EL entry \"P\", score 1.00); the owner's share stays under the threshold of the BIS affiliates rule (50 %), so the owner's restrictions do not pass to the end user, but a listed owner is a red flag: find out whether the end user would act for it or pass the items on, and record the due diligence",
	}]}}
	ownership.requirements(_s(rows, {"p": [_hit("EL", "P", 1)]}), "2025-10-15", "enforced") == got
	majority := [_row("EU", "P", 60, 2), _row("EU", "B", 40, 3)]
	ownership.requirements(_s(majority, {"p": [_hit("EL", "P", 1)]}), "2026-12-01", "enforced") == {{
		"effect": "license_required", "review_policy": "unspecified", "exception": "",
		"reasons": [{
			"rule": "ownership.owned",
			"citation": concat("", [_bis_cite, "; 15 CFR 744.11; part 744, Supp. 4 (Entity List)"]),
			"message": concat("", ["the end user is held 60 % by parties that count as listed under the BIS affiliates rule (threshold 50 %; listed owner: EL entry \"P\", score 1.00): \"P\" holds 60 % of \"EU\" ", _at(2)]),
		}],
	}}
}

# An SDN owner holding 30 % (the rest recorded): not blocked, but a red
# flag (OFAC FAQ 398): review. At 50 % the OFAC 50 % rule's finding stands
# alone (blocked, no red flag beside it).
test_sdn_minority_owner if {
	rows := [_row("EU", "X", 30, 2), _row("EU", "B", 70, 3)]
	got := ownership.requirements(_s(rows, {"x": [_hit("SDN", "X", 1)]}), "2026-12-01", "enforced")
	got == {{"effect": "review", "review_policy": "", "exception": "", "reasons": [{
		"rule": "ownership.listed_owner",
		"citation": "15 CFR part 732, Supp. 3 (know your customer, red flags); BIS Entity List FAQs (subsidiaries, parents and sister companies of listed entities); FR Doc 2025-19001 (affiliates rule) preamble",
		"message": "the owner \"X\" of the end user is a listed party (SDN entry \"X\", score 1.00); the owner's share stays under the threshold of the OFAC 50 % rule (50 %), so the owner's restrictions do not pass to the end user, but a listed owner is a red flag: find out whether the end user would act for it or pass the items on, and record the due diligence",
	}]}}
	half := [_row("EU", "X", 50, 2), _row("EU", "B", 50, 3)]
	ownership.requirements(_s(half, {"x": [_hit("SDN", "X", 1)]}), "2026-12-01", "enforced") == _blocked("50", "X", concat("", ["\"X\" holds 50 % of \"EU\" ", _at(2)]))
	possible := ownership.requirements(_s(rows, {"x": [_hit("SDN", "X", 0.88)]}), "2026-12-01", "enforced")
	possible == _red_for("X", "may be a listed party (a possible match) (SDN entry \"X\", score 0.88)", _under_ofac, "; settle the match")
	ownership.requirements(_s(rows, {"x": [_hit("SDN", "X", 1)]}), "2026-12-01", "enforced") with data.ownership.listed_owner as "ignore" == set()
}

# Outside the rule's periods: a minority owner and an owner further up are
# red flags too; a possible match is one to settle; an owner cleared as a
# false positive is not; an owner on no list a 50 % rule concerns is one of
# its own (ownership.unruled_owner, below); the
# SDN List's rule (OFAC) is always in force, and an SDN minority owner is a
# red flag under it; "ignore" turns the red flag off.
test_listed_owner_outside_the_rule if {
	minority := [_row("EU", "P", 10, 2), _row("EU", "B", 90, 3)]
	ownership.requirements(_s(minority, {"p": [_hit("EL", "P", 0.97)]}), "2026-01-15", "enforced") == _red_flag
	up := [_row("EU", "A", 100, 2), _row("A", "P", 20, 3), _row("A", "C", 80, 4)]
	ownership.requirements(_s(up, {"p": [_hit("EL", "P", 0.97)]}), "2026-01-15", "enforced") == _red_flag
	ownership.requirements(_s(minority, {"p": [_hit("MEU", "P", 0.88)]}), "2026-01-15", "enforced") == _red("P", "may be a listed party (a possible match) (MEU entry \"P\", score 0.88)", "; settle the match")
	ownership.requirements(_s(minority, {"p": [_hit("DPL", "P", 1)]}), "2026-01-15", "enforced") == _review(_unruled("P", "is a listed party (DPL entry \"P\", score 1.00)", ""))
	x := {"name": "P", "spelling": "p"}
	cleared := object.union(_hit("EL", "P", 0.97), {"entry_hash": "h1", "screened": x, "clearance": {
		"outcome": "false_positive", "entry_hash": "h1", "by": "a", "at": "2025-12-01",
		"reason": "different company", "expires": "2027-01-01", "file": "c.yaml", "line": 1,
		"end_user": x,
	}})
	ownership.requirements(object.union(_s(minority, {"p": [cleared]}), {"day": "2026-01-15"}), "2026-01-15", "enforced") == set()
	ownership.requirements(_s(minority, {"p": [_hit("SDN", "P", 1)]}), "2026-01-15", "enforced") == _sdn_red("P")
	ownership.requirements(_s(minority, {"p": [_hit("EL", "P", 1)]}), "2026-01-15", "enforced") with data.ownership.listed_owner as "ignore" == set()
}

_review(msg) := {{"effect": "review", "review_policy": "", "exception": "", "reasons": [msg]}}

_bis_cite := "15 CFR 744.11(a)(1) and 744.21 as amended by 'Expansion of End-User Controls To Cover Affiliates of Certain Listed Entities' (FR Doc 2025-19001, RIN 0694-AK11)"

# A possible match (between the thresholds) that would decide: review.
test_possible_match_owner if {
	rows := [_row("EU", "P", 60, 2)]
	got := ownership.requirements(_s(rows, {"p": [_hit("EL", "Pee", 0.88)]}), "2026-12-01", "enforced")
	got == _review({"rule": "ownership.possibly_owned", "citation": _bis_cite, "message": concat("", [
		"the end user may be held 50 % or more by listed parties under the BIS affiliates rule: \"P\" holds 60 % of \"EU\" ",
		_at(2), "; settle the possible EL match of \"P\" (\"Pee\", score 0.88)",
	])})
}

# A listed owner whose share is not known (BIS red flag 29): review.
test_unknown_share_of_listed_owner if {
	rows := [_row("EU", "P", null, 2)]
	got := ownership.requirements(_s(rows, {"p": [_hit("EL", "P", 1)]}), "2026-12-01", "enforced")
	got == _review({"rule": "ownership.possibly_owned", "citation": _bis_cite, "message": concat("", [
		"the end user may be held 50 % or more by listed parties under the BIS affiliates rule: \"P\" holds an unknown share of \"EU\" ",
		_at(2), "; settle the share of \"P\" in \"EU\"",
	])})
}

# A hit a person cleared as a false positive, while it holds, is not listed.
test_cleared_owner if {
	x := {"name": "X", "spelling": "x"}
	h := object.union(_hit("SDN", "X", 0.9), {"entry_hash": "h1", "screened": x, "clearance": {
		"outcome": "false_positive", "entry_hash": "h1", "by": "a", "at": "2026-10-01",
		"reason": "different company", "expires": "2027-01-01", "file": "c.yaml", "line": 1,
		"end_user": x,
	}})
	s := object.union(_s([_row("EU", "X", 100, 2)], {"x": [h]}), {"day": "2026-12-01"})
	ownership.requirements(s, "2026-12-01", "enforced") == set()
}

test_unregistered_end_user if {
	s := {"end_user": true, "hits": [], "flags": [], "owners": {"register": true, "covered": false, "cut": false, "end_user": "eu", "rows": [], "hits": {}}}
	ownership.requirements(s, "2026-12-01", "enforced") == _review({
		"rule": "ownership.unregistered",
		"citation": "15 CFR part 732, Supp. 3 (know your customer); 15 CFR 744.11(a)(1); OFAC Revised Guidance on entities owned by blocked persons (2014-08-13)",
		"message": "the end user is not in the ownership register: find out who owns it (directly and through holding companies) and record it, so that the 50 % rules can be applied",
	})
	ownership.requirements(s, "2026-12-01", "enforced") == set() with data.ownership.unregistered_end_user as "ignore"
}

test_cut_register if {
	s := {"end_user": true, "hits": [], "flags": [], "owners": {"register": true, "covered": true, "cut": true, "end_user": "eu", "rows": [_row("EU", "A", 10, 2)], "hits": {}}}
	ownership.requirements(s, "2026-12-01", "enforced") == _review({
		"rule": "ownership.cut",
		"citation": "15 CFR 744.11(a)(1); OFAC Revised Guidance on entities owned by blocked persons (2014-08-13)",
		"message": "the ownership register records more owners above the end user than were followed: a person must trace the rest",
	})
}

test_nothing_handed_over if {
	ownership.requirements(null, "2026-12-01", "enforced") == set()
	ownership.requirements({"end_user": false, "hits": []}, "2026-12-01", "enforced") == set()
}

# A rule in data this policy does not know: its owned lines are reviewed.
test_unknown_rule_reviewed if {
	rules := {"new-rule": {
		"name": "New rule", "title": "t", "citation": "c", "lists": ["SDN"], "threshold_percent": 50,
		"in_force": [{"id": "n", "from": "2020-01-01", "source": "s"}],
	}}
	got := ownership.requirements(_s([_row("EU", "X", 50, 2)], {"x": [_hit("SDN", "X", 1)]}), "2026-12-01", "enforced") with data.ownership.rules as rules
	[r.effect | some r in got] == ["review"]
}

# A chain of holding companies, each 100 % of the next, with a blocked
# person at the top: eight levels reach the end user; ten do not, and the
# policy says it could not follow the chain rather than nothing.
test_deep_chain if {
	shallow := array.concat([_row("EU", "L1", 100, 2)], [_row(concat("", ["L", format_int(i, 10)]), concat("", ["L", format_int(i + 1, 10)]), 100, i + 2) | some i in numbers.range(1, 6)])
	deep := array.concat([_row("EU", "L1", 100, 2)], [_row(concat("", ["L", format_int(i, 10)]), concat("", ["L", format_int(i + 1, 10)]), 100, i + 2) | some i in numbers.range(1, 9)])
	top7 := {"l7": [_hit("SDN", "L7", 1)]}
	top10 := {"l10": [_hit("SDN", "L10", 1)]}
	[r.effect | some r in ownership.requirements(_s(shallow, top7), "2026-12-01", "enforced")] == ["prohibited"]
	ownership.requirements(_s(deep, top10), "2026-12-01", "enforced") == {{
		"effect": "review", "review_policy": "", "exception": "",
		"reasons": [{
			"rule": "ownership.too_deep",
			"citation": "OFAC, Revised Guidance on Entity Property and Interests in Property Blocked Pursuant to Executive Orders (2014-08-13), 79 FR 47726; 31 CFR chapter V",
			"message": "entities held by listed parties (\"L10\") under the OFAC 50 % rule reach further up the ownership register than the eight levels followed, without reaching the end user: a person must trace the chain",
		}],
	}}
}

# An owner named in a script the matcher cannot romanise matched nothing,
# which says little: reviewed, naming the owner and why.
test_owner_name_flag if {
	s := {"end_user": true, "hits": [], "flags": [], "owners": {
		"register": false, "covered": false, "cut": false, "end_user": "eu", "rows": [_row("EU", "中国电子科技集团公司", null, 0)], "hits": {},
		"flags": {"中国电子科技集团公司": [{"id": "unromanisable", "detail": "Han script in \"中国电子科技集团公司\""}]},
	}}
	ownership.requirements(s, "2026-12-01", "enforced") == _review({
		"rule": "ownership.owner_name_flag",
		"citation": "15 CFR part 732, Supp. 3 (know your customer); 15 CFR 744.11(a)(1); OFAC Revised Guidance on entities owned by blocked persons (2014-08-13)",
		"message": "the owner \"中国电子科技集团公司\" of the end user is named in a way the screen cannot read reliably (Han script in \"中国电子科技集团公司\"): a person must screen it",
	})
}

# An owner's hit at the screening thresholds (data.screening: match at
# 0.93, review at 0.85, "at or above" both): an SDN owner of the whole end
# user scoring exactly 0.93 counts as listed (blocked), just under it may
# be listed (review); exactly 0.85 may be listed, just under it is no hit.
_sdn_owner(h) := ownership.requirements(_s([_row("EU", "X", 100, 2)], {"x": [h]}), "2026-12-01", "enforced")

_ofac_cite := "OFAC, Revised Guidance on Entity Property and Interests in Property Blocked Pursuant to Executive Orders (2014-08-13), 79 FR 47726; 31 CFR chapter V"

_maybe_sdn(score) := _review({"rule": "ownership.possibly_owned", "citation": _ofac_cite, "message": concat("", [
	"the end user may be held 50 % or more by listed parties under the OFAC 50 % rule: \"X\" holds 100 % of \"EU\" ",
	_at(2), "; settle the possible SDN match of \"X\" (\"X\", score ", score, ")",
])})

test_owner_match_threshold_exact if {
	_sdn_owner(_hit("SDN", "X", 0.93)) == _blocked_at("100", "X", "0.93", concat("", ["\"X\" holds 100 % of \"EU\" ", _at(2)]))
	_sdn_owner(_hit("SDN", "X", 0.9299)) == _maybe_sdn("0.9299")
}

test_owner_review_threshold_exact if {
	_sdn_owner(_hit("SDN", "X", 0.85)) == _maybe_sdn("0.85")
	_sdn_owner(_hit("SDN", "X", 0.8499)) == set()
}

# A clearance that no longer holds (expired before the day) leaves the
# hit to its score, at the same thresholds.
_lapsed(score) := object.union(_hit("SDN", "X", score), {"entry_hash": "h1", "screened": {"name": "X", "spelling": "x"}, "clearance": {
	"outcome": "false_positive", "entry_hash": "h1", "by": "a", "at": "2026-10-01",
	"reason": "different company", "expires": "2026-11-01", "file": "c.yaml", "line": 1,
	"end_user": {"name": "X", "spelling": "x"},
}})

_lapsed_owner(score) := ownership.requirements(object.union(_s([_row("EU", "X", 100, 2)], {"x": [_lapsed(score)]}), {"day": "2026-12-01"}), "2026-12-01", "enforced")

test_owner_lapsed_clearance_thresholds_exact if {
	_lapsed_owner(0.93) == _blocked_at("100", "X", "0.93", concat("", ["\"X\" holds 100 % of \"EU\" ", _at(2)]))
	_lapsed_owner(0.9299) == _maybe_sdn("0.9299")
	_lapsed_owner(0.85) == _maybe_sdn("0.85")
	_lapsed_owner(0.8499) == set()
}

# A false positive cleared by a person, while the clearance holds, is not
# listed even at a score above the match threshold; after it lapses the
# score counts again.
test_cleared_owner_above_match if {
	held := object.union(_lapsed(1), {"clearance": object.union(_lapsed(1).clearance, {"expires": "2027-01-01"})})
	ownership.requirements(object.union(_s([_row("EU", "X", 100, 2)], {"x": [held]}), {"day": "2026-12-01"}), "2026-12-01", "enforced") == set()
	_lapsed_owner(1) == _blocked_at("100", "X", "1.00", concat("", ["\"X\" holds 100 % of \"EU\" ", _at(2)]))
}

# A person's clearance of an owner's hit, while it holds: a true match
# counts as listed whatever the score; an outcome the policy does not know
# dismisses nothing (the hit may be listed). After a true match expires,
# the hit counts by its score again.
test_owner_clearance_outcomes if {
	true_match := object.union(_lapsed(0.88), {"clearance": object.union(_lapsed(0.88).clearance, {"outcome": "true_match", "expires": "2027-01-01"})})
	unknown := object.union(_lapsed(0.88), {"clearance": object.union(_lapsed(0.88).clearance, {"outcome": "pending", "expires": "2027-01-01"})})
	expired := object.union(_lapsed(0.88), {"clearance": object.union(_lapsed(0.88).clearance, {"outcome": "true_match"})})
	got := {name: ownership.requirements(object.union(_s([_row("EU", "X", 100, 2)], {"x": [h]}), {"day": "2026-12-01"}), "2026-12-01", "enforced") |
		some name, h in {"true_match": true_match, "unknown": unknown, "expired": expired}
	}
	got == {
		"true_match": _blocked_at("100", "X", "0.88", concat("", ["\"X\" holds 100 % of \"EU\" ", _at(2)])),
		"unknown": _maybe_sdn("0.88"),
		"expired": _maybe_sdn("0.88"),
	}
}

# The register's own reviews need a register in use and a 50 % rule in
# force: no register (only the order's parent column), an end user the
# register covers, rows handed over for it, a flag list that is empty, or
# a day before the OFAC guidance (2014-08-13) give none.
test_register_reviews_need_a_register_and_a_rule if {
	none := {"end_user": true, "hits": [], "flags": [], "owners": {"register": false, "covered": false, "cut": false, "end_user": "eu", "rows": [], "hits": {}}}
	ownership.requirements(none, "2026-12-01", "enforced") == set()
	covered := object.union(none, {"owners": object.union(none.owners, {"register": true, "covered": true})})
	ownership.requirements(covered, "2026-12-01", "enforced") == set()
	parent := object.union(none, {"owners": object.union(none.owners, {"register": true, "rows": [_row("EU", "A", 10, 0)]})})
	ownership.requirements(parent, "2026-12-01", "enforced") == set()
	no_flags := object.union(none, {"owners": object.union(none.owners, {"rows": [_row("EU", "A", null, 0)], "flags": {"a": []}})})
	ownership.requirements(no_flags, "2026-12-01", "enforced") == set()
	unregistered := object.union(none, {"owners": object.union(none.owners, {"register": true})})
	cut := object.union(none, {"owners": object.union(none.owners, {"register": true, "covered": true, "cut": true, "rows": [_row("EU", "A", 10, 2)]})})
	flagged := object.union(none, {"owners": object.union(none.owners, {"rows": [_row("EU", "A", null, 0)], "flags": {"a": [{"id": "unromanisable", "detail": "Han script"}]}})})
	[ownership.requirements(s, "2014-08-12", "enforced") | some s in [unregistered, cut, flagged]] == [set(), set(), set()]
	[count(ownership.requirements(s, "2014-08-13", "enforced")) | some s in [unregistered, cut, flagged]] == [1, 1, 1]
}

# Only the listed owners whose holdings reach the end user are named: an
# SDN party holding 10 % of a 5 % owner is not the listed owner of a line
# another SDN party holds 60 % of (it is a red flag of its own, as any
# listed owner the rule's finding does not count).
test_owned_names_only_owners_that_reach if {
	rows := [_row("EU", "X", 60, 2), _row("EU", "A", 5, 3), _row("A", "Y", 10, 4)]
	got := ownership.requirements(_s(rows, {"x": [_hit("SDN", "X", 1)], "y": [_hit("SDN", "Y", 1)]}), "2026-12-01", "enforced")
	got == _blocked("60", "X", concat("", ["\"X\" holds 60 % of \"EU\" ", _at(2)])) | _sdn_red("Y")
}

# An owner with hits on several lists is judged under each rule by the
# hits on that rule's lists only; a second, merely possible hit beside a
# confirmed one is not named.
test_owner_hits_by_list if {
	rows := [_row("EU", "X", 60, 2)]
	chain := concat("", ["\"X\" holds 60 % of \"EU\" ", _at(2)])
	confirmed := ownership.requirements(_s(rows, {"x": [_hit("SDN", "X", 1), _hit("EL", "X", 1)]}), "2026-12-01", "enforced")
	confirmed == _blocked("60", "X", chain) | {{
		"effect": "license_required", "review_policy": "unspecified", "exception": "",
		"reasons": [{
			"rule": "ownership.owned",
			"citation": concat("", [_bis_cite, "; 15 CFR 744.11; part 744, Supp. 4 (Entity List)"]),
			"message": concat("", ["the end user is held 60 % by parties that count as listed under the BIS affiliates rule (threshold 50 %; listed owner: EL entry \"X\", score 1.00): ", chain]),
		}],
	}}
	possible := ownership.requirements(_s(rows, {"x": [_hit("SDN", "X", 0.88), _hit("EL", "X", 0.88)]}), "2026-12-01", "enforced")
	possible == _review({"rule": "ownership.possibly_owned", "citation": _ofac_cite, "message": concat("", [
		"the end user may be held 50 % or more by listed parties under the OFAC 50 % rule: ", chain, "; settle the possible SDN match of \"X\" (\"X\", score 0.88)",
	])}) | _review({"rule": "ownership.possibly_owned", "citation": _bis_cite, "message": concat("", [
		"the end user may be held 50 % or more by listed parties under the BIS affiliates rule: ", chain, "; settle the possible EL match of \"X\" (\"X\", score 0.88)",
	])})
	beside := ownership.requirements(_s(rows, {"x": [_hit("SDN", "X", 1), object.union(_hit("SDN", "X Other", 0.88), {"entry_id": "e2"})]}), "2026-12-01", "enforced")
	beside == _blocked("60", "X", chain)
}

# Only the unknown shares of owners that may be listed are doubts to
# settle; an unlisted owner's unknown share is not.
test_unknown_shares_of_listed_owners_only if {
	rows := [_row("EU", "P", null, 2), _row("EU", "Q", null, 3)]
	got := ownership.requirements(_s(rows, {"p": [_hit("EL", "P", 1)]}), "2026-12-01", "enforced")
	got == _review({"rule": "ownership.possibly_owned", "citation": _bis_cite, "message": concat("", [
		"the end user may be held 50 % or more by listed parties under the BIS affiliates rule: \"P\" holds an unknown share of \"EU\" ",
		_at(2), "; settle the share of \"P\" in \"EU\"",
	])})
}

# Whether a chain reaches further than followed is judged as the possible
# outcome is: with possible matches and unknown shares taken as whole. A
# possible match at the top of a chain too deep, or an unknown share on
# the link beyond the eighth level, is too deep (naming the owner, so no
# red flag beside it); an unknown share that does not take the end user
# past the threshold leaves only the listed owner's red flag.
_chain_of(top_share) := array.concat([_row("EU", "L1", 100, 2), _row("L1", "L2", top_share, 3)], [_row(concat("", ["L", format_int(i, 10)]), concat("", ["L", format_int(i + 1, 10)]), 100, i + 2) | some i in numbers.range(2, 9)])

test_too_deep_with_doubts if {
	too_deep := {{
		"effect": "review", "review_policy": "", "exception": "",
		"reasons": [{
			"rule": "ownership.too_deep",
			"citation": _ofac_cite,
			"message": "entities held by listed parties (\"L10\") under the OFAC 50 % rule reach further up the ownership register than the eight levels followed, without reaching the end user: a person must trace the chain",
		}],
	}}
	ownership.requirements(_s(_chain_of(100), {"l10": [_hit("SDN", "L10", 0.88)]}), "2026-12-01", "enforced") == too_deep
	ownership.requirements(_s(_chain_of(null), {"l10": [_hit("SDN", "L10", 1)]}), "2026-12-01", "enforced") == too_deep
	ownership.requirements(_s([_row("EU", "A", 10, 2), _row("A", "X", null, 3), _row("EU", "B", 90, 4)], {"x": [_hit("SDN", "X", 1)]}), "2026-12-01", "enforced") == _sdn_red("X")
}

# Whether a chain reaches further than followed is judged as the
# unrecorded shares are too: nine levels of holding companies with a listed
# party holding 40 % of the top one, whose other 60 % the register does not
# record, or 40 % recorded of the one nearest the end user, is too deep,
# and the reason says the rest was counted. The rest marked widely held
# leaves nothing to trace, only the listed owner's red flag.
_rest_chain(top_share, near_share) := array.concat(
	[_row("EU", "L1", 100, 2), _row("L1", "L2", near_share, 3), _row("L9", "L10", top_share, 11)],
	[_row(concat("", ["L", format_int(i, 10)]), concat("", ["L", format_int(i + 1, 10)]), 100, i + 2) | some i in numbers.range(2, 8)],
)

test_too_deep_with_unrecorded_rest if {
	too_deep := _review({
		"rule": "ownership.too_deep",
		"citation": _ofac_cite,
		"message": "entities held by listed parties (\"L10\") under the OFAC 50 % rule (counting the shares the ownership register does not record, and does not mark widely held, as theirs) reach further up the ownership register than the eight levels followed, without reaching the end user: a person must trace the chain",
	})
	top := {"l10": [_hit("SDN", "L10", 1)]}
	ownership.requirements(_s(_rest_chain(40, 100), top), "2026-12-01", "enforced") == too_deep
	ownership.requirements(_s(_rest_chain(100, 40), top), "2026-12-01", "enforced") == too_deep
	widely := object.union(_s(_rest_chain(40, 100), top), {"owners": {"widely_held": ["l9"]}})
	ownership.requirements(widely, "2026-12-01", "enforced") == _sdn_red("L10")
}

# An owner is named as the register's row nearest the end user spells it:
# the same party written two ways in two rows (keys alike) is one owner
# with one name, not a conflict; another owner's name is not taken.
test_owner_spelt_two_ways if {
	rows := [
		_row("EU", "A", 30, 2),
		object.union(_row("EU", "X Ltd", 30, 3), {"owner_key": "x ltd"}),
		object.union(_row("A", "X LTD.", 60, 4), {"owner_key": "x ltd"}),
	]
	got := ownership.requirements(_s(rows, {"x ltd": [_hit("SDN", "X Ltd", 0.88)]}), "2026-12-01", "enforced")
	got == _review({"rule": "ownership.possibly_owned", "citation": _ofac_cite, "message": concat("", [
		"the end user may be held 50 % or more by listed parties under the OFAC 50 % rule: \"A\" holds 30 % of \"EU\" ", _at(2),
		"; \"X Ltd\" holds 30 % of \"EU\" ", _at(3), "; \"X LTD.\" holds 60 % of \"A\" ", _at(4),
		"; settle the possible SDN match of \"X Ltd\" (\"X Ltd\", score 0.88)",
	])})
}

# A holding company the register records no owners of (here spelt
# otherwise in the row for its own owners) holds 60 % of the end user:
# whoever owns it is not known, so the 50 % rules may apply.
test_untraced_owner_reviewed if {
	rows := [_row("EU", "Holdngs", 60, 2)]
	s := object.union(_s(rows, {}), {"owners": {"untraced": ["holdngs"]}})
	got := ownership.requirements(s, "2026-12-01", "enforced")
	got == {r |
		some rule in [["OFAC 50 % rule", _ofac_cite], ["BIS affiliates rule", _bis_cite]]
		r := _review({"rule": "ownership.possibly_owned", "citation": rule[1], "message": concat("", [
			"the end user may be held 50 % or more by listed parties under the ", rule[0], ": \"Holdngs\" holds 60 % of \"EU\" ", _at(2),
			"; settle who owns \"Holdngs\" (the ownership register has no row for it)",
		])})[_]
	}
}

# An untraced owner below the threshold, one confirmed as a listed party
# (it counts as listed whoever owns it), and any untraced owner when
# data.ownership.unregistered_end_user is "ignore": no review for it.
test_untraced_owner_not_reviewed if {
	minor := object.union(_s([_row("EU", "H", 40, 2)], {}), {"owners": {"untraced": ["h"]}})
	ownership.requirements(minor, "2026-12-01", "enforced") == set()

	listed := object.union(_s([_row("EU", "X", 60, 2)], {"x": [_hit("SDN", "X", 1)]}), {"owners": {"untraced": ["x"]}})
	ownership.requirements(listed, "2026-12-01", "enforced") == _blocked("60", "X", concat("", ["\"X\" holds 60 % of \"EU\" ", _at(2)]))

	major := object.union(_s([_row("EU", "H", 60, 2)], {}), {"owners": {"untraced": ["h"]}})
	ownership.requirements(major, "2026-12-01", "enforced") with data.ownership.unregistered_end_user as "ignore" == set()
}

# The shares an entity's rows leave unrecorded, unless the register marks
# the rest widely held, may be held by listed parties: where they would
# take a listed owner's holding to the threshold, review, naming the
# entity, the listed holding and the unrecorded rest.
_unrecorded(msg) := _review({"rule": "ownership.unrecorded_shares", "citation": _bis_cite, "message": concat("", [
	"the end user may be held 50 % or more by listed parties under the BIS affiliates rule through shares the ownership register does not record: ",
	msg,
])})

_el_hits := {"x": [_hit("EL", "X", 1)]}

test_unrecorded_rest_reviewed if {
	rows := [_row("EU", "X", 40, 2), _row("EU", "B", 20, 3)]
	ownership.requirements(_s(rows, _el_hits), "2026-12-01", "enforced") == _unrecorded(concat("", [
		"\"X\" holds 40 % of \"EU\" ", _at(2),
		"; parties that count as listed hold 40 % of \"EU\" and 40 % of it is not recorded: record who holds the other 40 %, or mark the rest widely held",
	]))
}

test_unrecorded_rest_widely_held if {
	rows := [_row("EU", "X", 40, 2), _row("EU", "B", 20, 3)]
	s := object.union(_s(rows, _el_hits), {"owners": {"widely_held": ["eu"]}})
	ownership.requirements(s, "2026-12-01", "enforced") == _red_for("X", "is a listed party (EL entry \"X\", score 1.00)", _under_bis, "")
}

test_unrecorded_rest_listed_majority if {
	got := ownership.requirements(_s([_row("EU", "X", 60, 2)], _el_hits), "2026-12-01", "enforced")
	got == {{
		"effect": "license_required", "review_policy": "unspecified", "exception": "",
		"reasons": [{
			"rule": "ownership.owned",
			"citation": concat("", [_bis_cite, "; 15 CFR 744.11; part 744, Supp. 4 (Entity List)"]),
			"message": concat("", ["the end user is held 60 % by parties that count as listed under the BIS affiliates rule (threshold 50 %; listed owner: EL entry \"X\", score 1.00): \"X\" holds 60 % of \"EU\" ", _at(2)]),
		}],
	}}
}

# No owner that counts as listed: the rest is not reviewed (nor is it
# beside an owner the register has no row for; short of the threshold, the
# listed owner is a red flag only).
test_unrecorded_rest_without_listed_owner if {
	ownership.requirements(_s([_row("EU", "A", 20, 2), _row("A", "B", 30, 3)], {}), "2026-12-01", "enforced") == set()
	untraced := object.union(_s([_row("EU", "H", 40, 2)], {}), {"owners": {"untraced": ["h"]}})
	ownership.requirements(untraced, "2026-12-01", "enforced") == set()
	short := [_row("EU", "X", 20, 2), _row("EU", "B", 60, 3)]
	ownership.requirements(_s(short, _el_hits), "2026-12-01", "enforced") == _red_for("X", "is a listed party (EL entry \"X\", score 1.00)", _under_bis, "")
}

# Higher up: X holds 30 % of A, 30 % of A unrecorded; A holds 60 % of the
# end user (fully recorded). A may count as listed, and with it the end user.
test_unrecorded_rest_higher_up if {
	rows := [_row("EU", "A", 60, 2), _row("EU", "B", 40, 3), _row("A", "X", 30, 4), _row("A", "C", 40, 5)]
	ownership.requirements(_s(rows, _el_hits), "2026-12-01", "enforced") == _unrecorded(concat("", [
		"\"A\" holds 60 % of \"EU\" ", _at(2), "; \"X\" holds 30 % of \"A\" ", _at(4),
		"; parties that count as listed hold 30 % of \"A\" and 30 % of it is not recorded: record who holds the other 30 %, or mark the rest widely held",
	]))
	widely := object.union(_s(rows, _el_hits), {"owners": {"widely_held": ["a"]}})
	ownership.requirements(widely, "2026-12-01", "enforced") == _red_for("X", "is a listed party (EL entry \"X\", score 1.00)", _under_bis, "")
}

# With a possible match: the match is to settle too.
test_unrecorded_rest_with_possible_match if {
	rows := [_row("EU", "X", 40, 2), _row("EU", "B", 20, 3)]
	ownership.requirements(_s(rows, {"x": [_hit("EL", "Ex", 0.88)]}), "2026-12-01", "enforced") == _unrecorded(concat("", [
		"\"X\" holds 40 % of \"EU\" ", _at(2),
		"; parties that count as listed hold 40 % of \"EU\" and 40 % of it is not recorded: record who holds the other 40 %, or mark the rest widely held",
		"; settle the possible EL match of \"X\" (\"Ex\", score 0.88)",
	]))
}

# A finding counts only the listed owners that hold what it reaches: Q,
# listed but holding 20 % of M (or 10 % of N, the rest recorded), which the
# finding does not reach, is a red flag beside a possibly owned end user
# and beside one possibly owned through unrecorded shares.
test_listed_owner_beside_a_finding_that_does_not_count_it if {
	red := _red_reason("Q", "is a listed party (EL entry \"Q\", score 1.00)", _under_bis, "")
	maybe := [_row("EU", "P", 60, 2), _row("EU", "M", 40, 3), _row("M", "Q", 20, 4), _row("M", "C", 80, 5)]
	got := ownership.requirements(_s(maybe, {"p": [_hit("EL", "Pee", 0.88)], "q": [_hit("EL", "Q", 1)]}), "2026-12-01", "enforced")
	got == _review({"rule": "ownership.possibly_owned", "citation": _bis_cite, "message": concat("", [
		"the end user may be held 50 % or more by listed parties under the BIS affiliates rule: \"P\" holds 60 % of \"EU\" ",
		_at(2), "; settle the possible EL match of \"P\" (\"Pee\", score 0.88)",
	])}) | _review(red)

	rest := [_row("EU", "M", 60, 2), _row("EU", "N", 40, 3), _row("M", "P", 30, 4), _row("N", "Q", 10, 5), _row("N", "C", 90, 6)]
	ownership.requirements(_s(rest, {"p": [_hit("EL", "P", 1)], "q": [_hit("EL", "Q", 1)]}), "2026-12-01", "enforced") == _unrecorded(concat("", [
		"\"M\" holds 60 % of \"EU\" ", _at(2), "; \"P\" holds 30 % of \"M\" ", _at(4),
		"; parties that count as listed hold 30 % of \"M\" and 70 % of it is not recorded: record who holds the other 70 %, or mark the rest widely held",
	])) | _review(red)
}

# An owner on a list no 50 % rule concerns (here the Denied Persons List,
# and a possible match on the Unverified List): a red flag on any day,
# whatever its share; none with listed_owner "ignore".
_unruled_cite := "15 CFR part 732, Supp. 3 (know your customer, red flags); 15 CFR part 764, Supp. 1 (standard terms of orders denying export privileges, no export to or on behalf of a denied person)"

_unruled(owner, what, settle) := {"rule": "ownership.unruled_owner", "citation": _unruled_cite, "message": concat("", [
	"the owner \"", owner, "\" of the end user ", what, "; no 50 % rule passes that list's restrictions to a company its party owns, but a listed owner is a red flag",
	settle, ": find out whether the end user would act for it or pass the items on, and record the due diligence",
])}

test_owner_on_a_list_no_rule_concerns if {
	rows := [_row("EU", "I. Ash", 10, 2), _row("EU", "B", 90, 3)]
	hits := {"i. ash": [_hit("DPL", "I. ASH", 1)]}
	want := _review(_unruled("I. Ash", "is a listed party (DPL entry \"I. ASH\", score 1.00)", ""))
	ownership.requirements(_s(rows, hits), "2024-06-01", "enforced") == want
	ownership.requirements(_s(rows, hits), "2026-12-01", "enforced") == want
	ownership.requirements(_s(rows, hits), "2026-12-01", "enforced") with data.ownership.listed_owner as "ignore" == set()
}

test_owner_possibly_on_a_list_no_rule_concerns if {
	rows := [_row("EU", "Atlas", 100, 2)]
	got := ownership.requirements(_s(rows, {"atlas": [_hit("UVL", "Atlas Sanatgaran", 0.9)]}), "2026-12-01", "enforced")
	got == _review(_unruled("Atlas", "may be a listed party (a possible match) (UVL entry \"Atlas Sanatgaran\", score 0.90)", "; settle the match"))
}
