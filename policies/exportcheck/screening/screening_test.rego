package exportcheck.screening_test

import data.exportcheck
import data.exportcheck.screening

_uvl := {
	"list": "UVL", "entry_id": "uvl-1", "name": "Atlas Sanatgaran", "matched_name": "Atlas Sanatgaran",
	"score": 1.0, "federal_register_notice": "", "license_requirement": "", "license_policy": "",
	"source": "Unverified List (UVL) - Bureau of Industry and Security",
}

_dpl := {
	"list": "DPL", "entry_id": "dpl-1", "name": "Atlas Sanatgaran Co", "matched_name": "Atlas Sanatgaran Co",
	"score": 0.95, "federal_register_notice": "", "license_requirement": "", "license_policy": "",
	"source": "Denied Persons List (DPL) - Bureau of Industry and Security",
}

_rtx4060_in_armenia(screening) := exportcheck.decide(
	{
		"product": "nvidia-rtx-4060", "destination": "AM", "end_user_hq": "AM",
		"date": "2024-06-01", "screening": screening,
	},
	"enforced",
)

_note2 := {
	"citation": "ECCN 3A090 Note 2 (88 FR 73458)",
	"classification": true,
	"message": "not 3A090 (Note 2): not designed or marketed for datacenters and TPP 968 < 4,800 (FP16_fp16acc 60.5 × 16 bits)",
	"rule": "classify.3a090.note2",
}

_vendor := {
	"citation": "15 CFR part 774, Supp. 1 (Commerce Control List); 15 CFR 748.3 (classification by the exporter)",
	"classification": true,
	"message": "not 3A090/4A090: 4A994.l as its vendor classifies the boards like it; the item itself is not in the vendor's list: confirm with the vendor before a filing names it (NVIDIA ECCN service lists the RTX 4060 Ti, 4070 SUPER and 4080 SUPER as 4A994.l; the RTX 4060 is taken as its sibling boards)",
	"rule": "classify.vendor_eccn",
}

_both := {
	"deciding": 2,
	"decision": "prohibited",
	"eccn": "4A994.l",
	"exception": "",
	"reasons": [
		_note2,
		_vendor,
		{
			"citation": "15 CFR part 764, Supp. 1 (Denied Persons List)",
			"message": "end user matches DPL entry \"Atlas Sanatgaran Co\" (score 0.95 ≥ 0.93, matched \"Atlas Sanatgaran Co\")",
			"rule": "screening.match",
		},
		{
			"citation": "15 CFR 744.15; part 744, Supp. 6 (Unverified List)",
			"message": "end user matches UVL entry \"Atlas Sanatgaran\" (score 1.00 ≥ 0.93, matched \"Atlas Sanatgaran\")",
			"rule": "screening.match",
		},
	],
	"regime": "ear-2024-04-04",
	"review_policy": "",
}

# Every hit is judged and the most severe decides, whatever the order the
# matcher found them in.
test_every_hit_judged_most_severe_wins if {
	_rtx4060_in_armenia({"end_user": true, "hits": [_uvl, _dpl]}) == _both
	_rtx4060_in_armenia({"end_user": true, "hits": [_dpl, _uvl]}) == _both
}

# A line with no end user to screen is reviewed, not allowed.
test_no_end_user_reviewed if {
	_rtx4060_in_armenia({"end_user": false, "hits": []}) == {
		"deciding": 2, "decision": "review",
		"eccn": "4A994.l",
		"exception": "",
		"reasons": [
			_note2,
			_vendor,
			{
				"citation": "15 CFR part 732, Supp. 3 (know your customer); 15 CFR 744",
				"message": "no end user to screen against the restricted-party lists: name the end user (end_user), or turn screening off deliberately",
				"rule": "screening.no_end_user",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "",
	}
}

# Screening off, or screened without a hit: nothing to add.
test_not_screened_allows if {
	allowed := {
		"deciding": 2,
		"decision": "allow",
		"eccn": "4A994.l",
		"exception": "",
		"reasons": [
			_note2,
			_vendor,
			{
				"citation": "15 CFR 732.3 (NLR)",
				"message": "no license required for 4A994.l to AM (end user headquartered in AM)",
				"rule": "decision.nlr",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "",
	}
	_rtx4060_in_armenia(null) == allowed
	_rtx4060_in_armenia({"end_user": true, "hits": [], "flags": []}) == allowed
}

# A name that mixes scripts, one in a script the matcher cannot romanise,
# or one with characters that show nothing, is reviewed; so is a flag the
# policy does not know.
test_name_flags_reviewed if {
	_rtx4060_in_armenia({"end_user": true, "hits": [], "flags": [
		{"id": "mixed_scripts", "detail": "Cyrillic, Latin in \"Аtlas\""},
		{"id": "new_flag", "detail": "x"},
		{"id": "invisible_characters", "detail": "U+200B in \"At\\u200blas\""},
	]}) == {
		"deciding": 2, "decision": "review",
		"eccn": "4A994.l",
		"exception": "",
		"reasons": [
			_note2,
			_vendor,
			{
				"citation": "15 CFR part 732, Supp. 3 (red flags); Consolidated Screening List",
				"message": "a screening flag this policy does not know (new_flag): x",
				"rule": "screening.name_flag",
			},
			{
				"citation": "15 CFR part 732, Supp. 3 (red flags); Consolidated Screening List",
				"message": "the end-user name holds characters that show nothing (a name can read as another to a person): check the name as the customer wrote it: U+200B in \"At\\u200blas\"",
				"rule": "screening.name_flag",
			},
			{
				"citation": "15 CFR part 732, Supp. 3 (red flags); Consolidated Screening List",
				"message": "the end-user name mixes writing systems within a word (a lookalike letter can hide a listed name): Cyrillic, Latin in \"Аtlas\"",
				"rule": "screening.name_flag",
			},
		],
		"regime": "ear-2024-04-04",
		"review_policy": "",
	}
}

# --- clearances ---

_cleared_hit(outcome, expires, hash) := object.union(object.union(_uvl, {"score": 0.89, "entry_hash": "sha256:now", "screened": _atlas}), {"clearance": {
	"outcome": outcome, "entry_hash": hash, "by": "J. Rivera", "at": "2026-02-16",
	"reason": "different company", "expires": expires, "file": "records/c.yaml", "line": 3,
	"end_user": _atlas,
}})

_atlas := {"name": "Atlas Sanatgar Trading", "spelling": "atlas sanatgar trading"}

_cleared_on(outcome, expires, hash) := _rtx4060_in_armenia({"end_user": true, "hits": [_cleared_hit(outcome, expires, hash)], "day": "2026-03-02"})

_candidate_reason := {
	"citation": "15 CFR 744.15; part 744, Supp. 6 (Unverified List)",
	"message": "possible UVL match: \"Atlas Sanatgaran\" (score 0.89, review at 0.85, match at 0.93, matched \"Atlas Sanatgaran\")",
	"rule": "screening.candidate",
}

_lapsed_reason(why) := {
	"citation": "15 CFR part 732, Supp. 3 (know your customer); Consolidated Screening List",
	"message": concat("", ["the clearance of the UVL hit \"Atlas Sanatgaran\" (cleared as a false positive by J. Rivera on 2026-02-16, records/c.yaml:3) no longer holds: ", why, "; adjudicate it again"]),
	"rule": "screening.clearance_lapsed",
}

# A false positive that holds (on or before its expiry, entry unchanged)
# removes the hit: allow, with a reason saying who cleared it.
test_false_positive_clears_hit if {
	_cleared_on("false_positive", "2026-03-02", "sha256:now") == {
		"deciding": 2, "decision": "allow", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [
			_note2,
			_vendor,
			{
				"citation": "15 CFR 732.3 (NLR)",
				"message": "no license required for 4A994.l to AM (end user headquartered in AM)",
				"rule": "decision.nlr",
			},
			{
				"citation": "15 CFR part 732, Supp. 3 (know your customer); Consolidated Screening List",
				"message": "UVL entry \"Atlas Sanatgaran\" (score 0.89) cleared as a false positive by J. Rivera on 2026-02-16 until 2026-03-02 (records/c.yaml:3): different company",
				"rule": "screening.cleared",
			},
		],
	}
}

# A clearance made at the review desk and kept in the ledger is not in a
# records file until someone commits it: its reason names the ledger row
# and the file it downloads as, and asks for it to be committed.
test_desk_clearance_cited_as_kept if {
	kept := {"file": "ledger row 12, atlas.yaml", "kept": {"row": 12, "downloads_as": "atlas-sanatgar-trading-uvl-1-97ed6567-2026-02-16.yaml"}}
	hit := object.union(_cleared_hit("false_positive", "2026-03-02", "sha256:now"), {"clearance": kept})
	_rtx4060_in_armenia({"end_user": true, "hits": [hit], "day": "2026-03-02"}) == {
		"deciding": 2, "decision": "allow", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [
			_note2,
			_vendor,
			{
				"citation": "15 CFR 732.3 (NLR)",
				"message": "no license required for 4A994.l to AM (end user headquartered in AM)",
				"rule": "decision.nlr",
			},
			{
				"citation": "15 CFR part 732, Supp. 3 (know your customer); Consolidated Screening List",
				"message": "UVL entry \"Atlas Sanatgaran\" (score 0.89) cleared as a false positive by J. Rivera on 2026-02-16 until 2026-03-02 (the clearance kept at the review desk, ledger row 12, downloaded as atlas-sanatgar-trading-uvl-1-97ed6567-2026-02-16.yaml; commit it to the records): different company",
				"rule": "screening.cleared",
			},
		],
	}
}

# Expired the day before the ship date, or the entry changed since: the
# hit is back (review as a candidate) with the reason the clearance lapsed.
test_clearance_lapses if {
	_cleared_on("false_positive", "2026-03-01", "sha256:now") == {
		"deciding": 2, "decision": "review", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [_note2, _vendor, _candidate_reason, _lapsed_reason("it expired on 2026-03-01")],
	}
	_cleared_on("false_positive", "2027-02-16", "sha256:then") == {
		"deciding": 2, "decision": "review", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [_note2, _vendor, _candidate_reason, _lapsed_reason("the list entry has changed since it was cleared")],
	}
}

# A clearance made when the entry's hash left out its dates of birth and
# IDs (its hash is the hit's entry_hash_v1) lapses: whether those changed
# cannot be told.
test_clearance_made_before_details_lapses if {
	hit := object.union(_cleared_hit("false_positive", "2026-03-02", "sha256:then"), {"entry_hash_v1": "sha256:then"})
	_rtx4060_in_armenia({"end_user": true, "hits": [hit], "day": "2026-03-02"}) == {
		"deciding": 2, "decision": "review", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [_note2, _vendor, _candidate_reason, _lapsed_reason("it was made before exportcheck fingerprinted the entry's dates of birth, nationalities, IDs and remarks, so whether those have changed since cannot be told")],
	}
}

# A clearance adjudicates the hit as of when it was made: a line shipping
# the day before was never cleared (the hit is back, with the reason),
# one shipping on the day it was made is. A true match made after the ship
# date does: the end user is the listed party, whenever a person found it.
test_clearance_not_in_force_before_it_was_made if {
	_cleared_day("false_positive", "2027-02-16", "sha256:now", "2026-02-16") == {
		"deciding": 2, "decision": "allow", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [
			_note2,
			_vendor,
			{
				"citation": "15 CFR 732.3 (NLR)",
				"message": "no license required for 4A994.l to AM (end user headquartered in AM)",
				"rule": "decision.nlr",
			},
			{
				"citation": "15 CFR part 732, Supp. 3 (know your customer); Consolidated Screening List",
				"message": "UVL entry \"Atlas Sanatgaran\" (score 0.89) cleared as a false positive by J. Rivera on 2026-02-16 until 2027-02-16 (records/c.yaml:3): different company",
				"rule": "screening.cleared",
			},
		],
	}
	_cleared_day("false_positive", "2027-02-16", "sha256:now", "2026-02-15") == {
		"deciding": 2, "decision": "review", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [_note2, _vendor, _candidate_reason, _not_yet_reason("cleared as a false positive", "it was cleared only from 2026-02-16, after the ship date")],
	}
	_cleared_day("false_positive", "2027-02-16", "sha256:then", "2026-02-15") == {
		"deciding": 2, "decision": "review", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [_note2, _vendor, _candidate_reason, _not_yet_reason("cleared as a false positive", "it was cleared only from 2026-02-16, after the ship date; the list entry has changed since it was cleared")],
	}
	_cleared_day("true_match", "2027-02-16", "sha256:now", "2026-02-15") == {
		"deciding": 2, "decision": "review", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [_note2, _vendor, {
			"citation": "15 CFR 744.15; part 744, Supp. 6 (Unverified List); 15 CFR 764.5 (voluntary self-disclosure)",
			"message": "end user is UVL entry \"Atlas Sanatgaran\" (score 0.89): found a true match by J. Rivera on 2026-02-16 (records/c.yaml:3) after it shipped",
			"rule": "screening.found_later",
		}],
	}
}

_cleared_day(outcome, expires, hash, day) := _rtx4060_in_armenia({"end_user": true, "hits": [_cleared_hit(outcome, expires, hash)], "day": day})

_not_yet_reason(outcome, why) := {
	"citation": "15 CFR part 732, Supp. 3 (know your customer); Consolidated Screening List",
	"message": concat("", ["the clearance of the UVL hit \"Atlas Sanatgaran\" (", outcome, " by J. Rivera on 2026-02-16, records/c.yaml:3) does not hold: ", why, _after_shipment]),
	"rule": "screening.clearance_lapsed",
}

_after_shipment := "; a clearance made or written after the ship date is evidence of a review after the line shipped, not of screening before it: it clears the lines that ship from the day it was written"

# --- clearances written after the day they say they were adjudicated ---

# A clearance adjudicated on 2026-02-16 and written on 2026-03-10
# (exportcheck clear --at 2026-02-16 run then), the line shipping on day.
_recorded_day(outcome, expires, day) := _rtx4060_in_armenia({"end_user": true, "day": day, "hits": [object.union(
	_cleared_hit(outcome, expires, "sha256:now"),
	{"clearance": {"recorded": "2026-03-10"}},
)]})

# The day a clearance stands from, which the review desk and records list
# read: its at, or the day it was written when later; its at when it does
# not say when it was written.
test_clearance_from if {
	screening.clearance_from({"at": "2026-02-16", "recorded": "2026-03-10"}) == "2026-03-10"
	screening.clearance_from({"at": "2026-02-16", "recorded": "2026-02-16"}) == "2026-02-16"
	screening.clearance_from({"at": "2026-02-16", "recorded": ""}) == "2026-02-16"
	screening.clearance_from({"at": "2026-02-16"}) == "2026-02-16"
}

# A record written after a line shipped is evidence of a review made
# after the shipment, not of screening before it: whatever day it says the
# names were compared on, it does not clear a line that shipped before it
# was written. The line keeps its hit (review as a candidate), and the
# reason names the adjudication, its day and the day it was written. A
# line shipping on or after the day it was written is cleared, the reason
# saying both days.
test_clearance_written_after_the_line_shipped if {
	_recorded_day("false_positive", "2027-02-16", "2026-03-02") == {
		"deciding": 2, "decision": "review", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [_note2, _vendor, _candidate_reason, {
			"citation": "15 CFR part 732, Supp. 3 (know your customer); Consolidated Screening List",
			"message": concat("", [
				"the clearance of the UVL hit \"Atlas Sanatgaran\" (cleared as a false positive by J. Rivera on 2026-02-16, recorded on 2026-03-10, records/c.yaml:3) ",
				"does not hold: it was recorded only on 2026-03-10, after the ship date", _after_shipment,
			]),
			"rule": "screening.clearance_lapsed",
		}],
	}
	_recorded_day("false_positive", "2027-02-16", "2026-03-09").decision == "review"
	_recorded_day("false_positive", "2027-02-16", "2026-03-10") == {
		"deciding": 2, "decision": "allow", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [
			_note2,
			_vendor,
			{
				"citation": "15 CFR 732.3 (NLR)",
				"message": "no license required for 4A994.l to AM (end user headquartered in AM)",
				"rule": "decision.nlr",
			},
			{
				"citation": "15 CFR part 732, Supp. 3 (know your customer); Consolidated Screening List",
				"message": "UVL entry \"Atlas Sanatgaran\" (score 0.89) cleared as a false positive by J. Rivera on 2026-02-16, recorded on 2026-03-10 until 2027-02-16 (records/c.yaml:3): different company",
				"rule": "screening.cleared",
			},
		],
	}
}

# Written the day it was adjudicated (as exportcheck clear without --at
# writes it), or not saying when (by hand, or before 2026-12-07): it holds
# from its day, and its reason is as it was.
test_clearance_written_the_day_adjudicated if {
	same_day := _rtx4060_in_armenia({"end_user": true, "day": "2026-03-02", "hits": [object.union(
		_cleared_hit("false_positive", "2027-02-16", "sha256:now"),
		{"clearance": {"recorded": "2026-02-16"}},
	)]})
	same_day == _cleared_day("false_positive", "2027-02-16", "sha256:now", "2026-03-02")
	same_day.decision == "allow"
}

# Written after the line shipped and lapsed besides: each reason is said.
test_clearance_written_after_the_line_shipped_and_expired if {
	_recorded_day("false_positive", "2026-03-01", "2026-03-05") == {
		"deciding": 2, "decision": "review", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [_note2, _vendor, _candidate_reason, {
			"citation": "15 CFR part 732, Supp. 3 (know your customer); Consolidated Screening List",
			"message": concat("", [
				"the clearance of the UVL hit \"Atlas Sanatgaran\" (cleared as a false positive by J. Rivera on 2026-02-16, recorded on 2026-03-10, records/c.yaml:3) ",
				"does not hold: it expired on 2026-03-01; it was recorded only on 2026-03-10, after the ship date", _after_shipment,
			]),
			"rule": "screening.clearance_lapsed",
		}],
	}
}

# A true match written after the line shipped, whatever day it gives:
# the line went to the listed party, found after it shipped (not
# confirmed before it).
test_true_match_written_after_the_line_shipped if {
	_recorded_day("true_match", "2027-02-16", "2026-03-02") == {
		"deciding": 2, "decision": "review", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [_note2, _vendor, {
			"citation": "15 CFR 744.15; part 744, Supp. 6 (Unverified List); 15 CFR 764.5 (voluntary self-disclosure)",
			"message": "end user is UVL entry \"Atlas Sanatgaran\" (score 0.89): found a true match by J. Rivera on 2026-02-16, recorded on 2026-03-10 (records/c.yaml:3) after it shipped",
			"rule": "screening.found_later",
		}],
	}
	_recorded_day("true_match", "2027-02-16", "2026-03-10").reasons[2] == {
		"citation": "15 CFR 744.15; part 744, Supp. 6 (Unverified List)",
		"message": "end user is UVL entry \"Atlas Sanatgaran\" (score 0.89; confirmed as a true match by J. Rivera on 2026-02-16, recorded on 2026-03-10, records/c.yaml:3)",
		"rule": "screening.true_match",
	}
}

# A renewal written late does not hide the clearance on file when the
# line shipped: handed both (the one made last on or before the ship date,
# and the one on file then), the policy judges the line by the one that
# held. A true match written late is found after the line shipped.
test_clearance_of_a_renewal_written_late if {
	renewal := object.union(_made("false_positive", "K. Osei", "2027-01-10", "2028-01-10", _atlas, "records/renewal.yaml"), {"recorded": "2027-02-01"})
	screening.clearance_of(_candidates(_atlas, [renewal, _plain_fp], []), "2027-01-20") == {"clearance": _plain_fp}
	screening.clearance_of(_candidates(_atlas, [renewal, _plain_fp], []), "2027-02-01") == {"clearance": renewal}
	late_tm := object.union(renewal, {"outcome": "true_match"})
	screening.clearance_of(_candidates(_atlas, [late_tm, _plain_fp], []), "2027-01-20") == {"clearance": _plain_fp, "later_clearance": late_tm}
	h := _candidates(_atlas, [late_tm, _plain_fp], [])
	_rtx4060_in_armenia({"end_user": true, "day": "2027-01-20", "hits": [object.union(h, screening.clearance_of(h, "2027-01-20"))]}) == {
		"deciding": 2, "decision": "review", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [_note2, _vendor, {
			"citation": "15 CFR 744.15; part 744, Supp. 6 (Unverified List); 15 CFR 764.5 (voluntary self-disclosure)",
			"message": "end user is UVL entry \"Atlas Sanatgaran\" (score 0.89): cleared as a false positive by J. Rivera on 2026-02-16 (records/plain.yaml:1) when it shipped, found a true match by K. Osei on 2027-01-10, recorded on 2027-02-01 (records/renewal.yaml:1) after it shipped",
			"rule": "screening.found_later",
		}],
	}
}

# A false positive that stood when the line shipped, found a true match
# since: the line went to the listed party and is judged as a match, with
# both adjudications named. A later false positive does not undo a true
# match that stood when the line shipped.
test_found_true_match_later if {
	later := {"outcome": "true_match", "entry_hash": "sha256:now", "by": "K. Osei", "at": "2026-06-01", "reason": "same address as the entry", "expires": "2027-06-01", "file": "records/c2.yaml", "line": 1, "end_user": _atlas}
	_rtx4060_in_armenia({"end_user": true, "day": "2026-03-02", "hits": [object.union(_cleared_hit("false_positive", "2027-02-16", "sha256:now"), {"later_clearance": later})]}) == {
		"deciding": 2, "decision": "review", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [_note2, _vendor, {
			"citation": "15 CFR 744.15; part 744, Supp. 6 (Unverified List); 15 CFR 764.5 (voluntary self-disclosure)",
			"message": "end user is UVL entry \"Atlas Sanatgaran\" (score 0.89): cleared as a false positive by J. Rivera on 2026-02-16 (records/c.yaml:3) when it shipped, found a true match by K. Osei on 2026-06-01 (records/c2.yaml:1) after it shipped",
			"rule": "screening.found_later",
		}],
	}
	fp := object.union(later, {"outcome": "false_positive"})
	_rtx4060_in_armenia({"end_user": true, "day": "2026-03-02", "hits": [object.union(_cleared_hit("true_match", "2027-02-16", "sha256:now"), {"later_clearance": fp})]}) == _cleared_on("true_match", "2027-02-16", "sha256:now")
}

# A true match found after the ship date makes the line a match even where
# the false positive before it had expired by then (a DPL entry below the
# match threshold: prohibited, not the candidate's review).
test_found_true_match_after_a_lapsed_false_positive if {
	hit := object.union(_dpl, {
		"score": 0.88, "entry_hash": "sha256:now", "screened": _atlas,
		"clearance": {
			"outcome": "false_positive", "entry_hash": "sha256:now", "by": "J. Rivera", "at": "2025-02-16",
			"reason": "different company", "expires": "2026-02-16", "file": "records/c.yaml", "line": 3, "end_user": _atlas,
		},
		"later_clearance": {
			"outcome": "true_match", "entry_hash": "sha256:now", "by": "K. Osei", "at": "2026-06-01",
			"reason": "same address", "expires": "2027-06-01", "file": "records/c2.yaml", "line": 1, "end_user": _atlas,
		},
	})
	_rtx4060_in_armenia({"end_user": true, "day": "2026-03-02", "hits": [hit]}) == {
		"deciding": 2, "decision": "prohibited", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [_note2, _vendor, {
			"citation": "15 CFR part 764, Supp. 1 (Denied Persons List); 15 CFR 764.5 (voluntary self-disclosure)",
			"message": "end user is DPL entry \"Atlas Sanatgaran Co\" (score 0.88): found a true match by K. Osei on 2026-06-01 (records/c2.yaml:1) after it shipped",
			"rule": "screening.found_later",
		}],
	}
}

# A true match counts as a match whatever its score.
test_true_match_is_a_match if {
	_cleared_on("true_match", "2027-02-16", "sha256:now") == {
		"deciding": 2, "decision": "review", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [_note2, _vendor, {
			"citation": "15 CFR 744.15; part 744, Supp. 6 (Unverified List)",
			"message": "end user is UVL entry \"Atlas Sanatgaran\" (score 0.89; confirmed as a true match by J. Rivera on 2026-02-16, records/c.yaml:3)",
			"rule": "screening.true_match",
		}],
	}
	dpl := object.union(_cleared_hit("true_match", "2027-02-16", "sha256:now"), {"list": "DPL"})
	_rtx4060_in_armenia({"end_user": true, "hits": [dpl], "day": "2026-03-02"}).decision == "prohibited"
}

# An outcome the policy does not know never clears a hit.
test_unknown_clearance_outcome_lapses if {
	out := _cleared_on("probably_fine", "2027-02-16", "sha256:now")
	out.decision == "review"
	[r.rule | some r in out.reasons] == ["classify.3a090.note2", "classify.vendor_eccn", "screening.candidate", "screening.clearance_lapsed"]
}

# A false positive holds for the party whose name was cleared, spelt
# alike: not for the same name with a legal form (cleared for "Atlas
# Sanatgar Trading", it does not clear "Atlas Sanatgar Trading LLC", which
# may be the listed party) or with another one; the hit is back with the
# reason. A true match holds whatever the spelling.
test_clearance_for_another_name if {
	llc := {"name": "Atlas Sanatgar Trading LLC", "spelling": "atlas sanatgar trading llc"}
	co := {"name": "Atlas Sanatgar Trading Co.", "spelling": "atlas sanatgar trading co"}
	fp := _cleared_hit("false_positive", "2027-02-16", "sha256:now")
	_on_hit(object.union(fp, {"screened": llc, "clearance": object.union(fp.clearance, {"end_user": llc})})).decision == "allow"
	_on_hit(object.union(fp, {"screened": llc})) == _not_cleared("Atlas Sanatgar Trading", "Atlas Sanatgar Trading LLC")
	_on_hit(object.union(fp, {"screened": co, "clearance": object.union(fp.clearance, {"end_user": llc})})) == _not_cleared("Atlas Sanatgar Trading LLC", "Atlas Sanatgar Trading Co.")
	tm := _cleared_hit("true_match", "2027-02-16", "sha256:now")
	[r.rule | some r in _on_hit(object.union(tm, {"screened": co, "clearance": object.union(tm.clearance, {"end_user": llc})})).reasons] == ["classify.3a090.note2", "classify.vendor_eccn", "screening.true_match"]
}

_not_cleared(cleared, written) := {
	"deciding": 2, "decision": "review", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
	"reasons": [_note2, _vendor, _candidate_reason, {
		"citation": "15 CFR part 732, Supp. 3 (know your customer); Consolidated Screening List",
		"message": concat("", [
			"the clearance of the UVL hit \"Atlas Sanatgaran\" (cleared as a false positive by J. Rivera on 2026-02-16, records/c.yaml:3) does not hold: it was made for another name: it names \"",
			cleared, "\", not \"", written,
			"\" as the order writes it: another legal form, one left out or a further name may be another party; adjudicate it again",
		]),
		"rule": "screening.clearance_lapsed",
	}],
}

_on_hit(hit) := _rtx4060_in_armenia({"end_user": true, "hits": [hit], "day": "2026-03-02"})

# --- listed names within longer end-user names ---

_branch(score) := object.union(_uvl, {"score": score, "contained": "Atlas Sanatgaran"})

_contained_reason(score) := {
	"citation": "15 CFR 744.15; part 744, Supp. 6 (Unverified List)",
	"message": concat("", ["the end user's name contains the UVL listed name \"Atlas Sanatgaran\" whole (score ", score, ", match at 0.93): a branch, office or trading arm of a listed party is that party"]),
	"rule": "screening.contained",
}

_reviewed(reason) := {
	"deciding": 2, "decision": "review", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
	"reasons": [_note2, _vendor, reason],
}

# A listed name held whole within a longer end-user name is reviewed
# whatever the score: below the review threshold, and between the
# thresholds (once, not also as a candidate).
test_contained_name_reviewed_whatever_the_score if {
	_rtx4060_in_armenia({"end_user": true, "hits": [_branch(0.71)]}) == _reviewed(_contained_reason("0.71"))
	_rtx4060_in_armenia({"end_user": true, "hits": [_branch(0.89)]}) == _reviewed(_contained_reason("0.89"))
}

# The same hit without the name held whole: below the review threshold it
# is nothing (the matcher hands over no such hit; were it handed over, it
# would not decide), between the thresholds a candidate.
test_uncontained_low_score_is_not_contained if {
	_rtx4060_in_armenia({"end_user": true, "hits": [object.union(_uvl, {"score": 0.89})]}) == _reviewed(_candidate_reason)
	out := _rtx4060_in_armenia({"end_user": true, "hits": [object.union(_uvl, {"score": 0.71})]})
	out.decision == "allow"
}

# At or above the match threshold the list's requirement decides, as for
# any match; the entry's name is given when the name held is an alt name.
test_contained_name_at_match_threshold_is_a_match if {
	hit := object.union(_dpl, {"score": 0.95, "contained": "Atlas Sanatgaran Co"})
	_rtx4060_in_armenia({"end_user": true, "hits": [hit]}) == {
		"deciding": 2, "decision": "prohibited", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [_note2, _vendor, {
			"citation": "15 CFR part 764, Supp. 1 (Denied Persons List)",
			"message": "end user matches DPL entry \"Atlas Sanatgaran Co\" (score 0.95 ≥ 0.93, matched \"Atlas Sanatgaran Co\")",
			"rule": "screening.match",
		}],
	}
	alt := object.union(_dpl, {"score": 0.8, "contained": "ASC"})
	_rtx4060_in_armenia({"end_user": true, "hits": [alt]}) == _reviewed({
		"citation": "15 CFR part 764, Supp. 1 (Denied Persons List)",
		"message": "the end user's name contains the DPL listed name \"ASC\" (entry \"Atlas Sanatgaran Co\") whole (score 0.80, match at 0.93): a branch, office or trading arm of a listed party is that party",
		"rule": "screening.contained",
	})
}

# A person's false positive clears a contained hit as any other; once it
# lapses, the hit is reviewed again as contained.
_cleared_branch(expires) := object.union(_cleared_hit("false_positive", expires, "sha256:now"), {"score": 0.71, "contained": "Atlas Sanatgaran"})

test_contained_hit_cleared_and_lapsed if {
	cleared := _rtx4060_in_armenia({"end_user": true, "hits": [_cleared_branch("2026-03-02")], "day": "2026-03-02"})
	cleared.decision == "allow"
	[r.rule | some r in cleared.reasons] == ["classify.3a090.note2", "classify.vendor_eccn", "decision.nlr", "screening.cleared"]
	lapsed := _rtx4060_in_armenia({"end_user": true, "hits": [_cleared_branch("2026-03-01")], "day": "2026-03-02"})
	lapsed.decision == "review"
	[r.rule | some r in lapsed.reasons] == ["classify.3a090.note2", "classify.vendor_eccn", "screening.clearance_lapsed", "screening.contained"]
}

# An owner's hit that holds a listed name whole may name the listed party
# (screening.possible) whatever its score; one that does not, only from
# the review threshold.
test_contained_hit_is_possible if {
	data.exportcheck.screening.possible(_branch(0.71), "2026-03-02")
	not data.exportcheck.screening.possible(object.union(_uvl, {"score": 0.71}), "2026-03-02")
	not data.exportcheck.screening.confirmed(_branch(0.71), "2026-03-02")
}

# The thresholds at their exact values (data.screening: match at 0.93,
# review at 0.85, "at or above" both): a DPL hit scoring exactly 0.93 is a
# match, exactly 0.85 a candidate, and just under 0.85 no hit at all.
_dpl_at(score) := _rtx4060_in_armenia({"end_user": true, "hits": [object.union(_dpl, {"score": score})], "flags": []})

test_match_threshold_exact if {
	_dpl_at(0.93) == {
		"deciding": 2, "decision": "prohibited", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [_note2, _vendor, {
			"citation": "15 CFR part 764, Supp. 1 (Denied Persons List)",
			"message": "end user matches DPL entry \"Atlas Sanatgaran Co\" (score 0.93 ≥ 0.93, matched \"Atlas Sanatgaran Co\")",
			"rule": "screening.match",
		}],
	}
}

test_review_threshold_exact if {
	_dpl_at(0.85) == {
		"deciding": 2, "decision": "review", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [_note2, _vendor, {
			"citation": "15 CFR part 764, Supp. 1 (Denied Persons List)",
			"message": "possible DPL match: \"Atlas Sanatgaran Co\" (score 0.85, review at 0.85, match at 0.93, matched \"Atlas Sanatgaran Co\")",
			"rule": "screening.candidate",
		}],
	}
}

test_below_review_threshold if {
	_dpl_at(0.8499).decision == "allow"
}

# A score just under the match threshold is shown so that it does not read
# as the threshold (0.9299, not 0.93 beside "match at 0.93").
test_just_under_match_threshold if {
	_dpl_at(0.9299).reasons[2] == {
		"citation": "15 CFR part 764, Supp. 1 (Denied Persons List)",
		"message": "possible DPL match: \"Atlas Sanatgaran Co\" (score 0.9299, review at 0.85, match at 0.93, matched \"Atlas Sanatgaran Co\")",
		"rule": "screening.candidate",
	}
}

# A false positive that holds stays cleared when the newest adjudication,
# made after the ship date, is another false positive: only a later true
# match reaches back.
test_later_false_positive_keeps_the_clearance if {
	later := {"outcome": "false_positive", "entry_hash": "sha256:now", "by": "K. Osei", "at": "2026-06-01", "reason": "still a different company", "expires": "2027-06-01", "file": "records/c2.yaml", "line": 1, "end_user": _atlas}
	_rtx4060_in_armenia({"end_user": true, "day": "2026-03-02", "hits": [object.union(_cleared_hit("false_positive", "2027-02-16", "sha256:now"), {"later_clearance": later})]}) == _cleared_on("false_positive", "2027-02-16", "sha256:now")
	_cleared_on("false_positive", "2027-02-16", "sha256:now").decision == "allow"
}

# A true match that expired before the ship date no longer holds: the hit
# is judged by its score again, with the reason (not as found later).
test_expired_true_match_lapses if {
	_cleared_on("true_match", "2026-03-01", "sha256:now") == {
		"deciding": 2, "decision": "review", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [_note2, _vendor, _candidate_reason, {
			"citation": "15 CFR part 732, Supp. 3 (know your customer); Consolidated Screening List",
			"message": "the clearance of the UVL hit \"Atlas Sanatgaran\" (found a true match by J. Rivera on 2026-02-16, records/c.yaml:3) no longer holds: it expired on 2026-03-01; adjudicate it again",
			"rule": "screening.clearance_lapsed",
		}],
	}
}

# A clearance handed over without the ship date holds for nothing: the
# reason says the date is not known, not that it was made after it.
test_clearance_without_ship_date if {
	_rtx4060_in_armenia({"end_user": true, "hits": [_cleared_hit("false_positive", "2027-02-16", "sha256:now")]}) == {
		"deciding": 2, "decision": "review", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [_note2, _vendor, _candidate_reason, _lapsed_reason("the ship date is not known")],
	}
}

# A clearance made on the ship date and expiring on it was in force that
# day: when the entry has changed since, only that is why it lapsed.
test_clearance_made_and_expiring_on_ship_date if {
	_cleared_day("false_positive", "2026-02-16", "sha256:then", "2026-02-16") == {
		"deciding": 2, "decision": "review", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [_note2, _vendor, _candidate_reason, _lapsed_reason("the list entry has changed since it was cleared")],
	}
}

# A listed name within the end user's name that scores exactly the match
# threshold is a match, and only that (not also a contained name to review).
test_contained_name_at_exact_match_threshold if {
	_rtx4060_in_armenia({"end_user": true, "hits": [object.union(_dpl, {"score": 0.93, "contained": "Atlas Sanatgaran Co"})]}) == {
		"deciding": 2, "decision": "prohibited", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [_note2, _vendor, {
			"citation": "15 CFR part 764, Supp. 1 (Denied Persons List)",
			"message": "end user matches DPL entry \"Atlas Sanatgaran Co\" (score 0.93 ≥ 0.93, matched \"Atlas Sanatgaran Co\")",
			"rule": "screening.match",
		}],
	}
}

# A hit that counts as the listed party is not merely possible.
test_confirmed_hit_is_not_possible if {
	data.exportcheck.screening.confirmed(_dpl, "2026-03-02")
	not data.exportcheck.screening.possible(_dpl, "2026-03-02")
	data.exportcheck.screening.possible(object.union(_dpl, {"score": 0.9}), "2026-03-02")
}

# A clearance of an outcome the policy does not know, found a true match
# after the ship date: the line is a match, and the reason does not call
# the first clearance a false positive.
test_found_true_match_after_an_unknown_outcome if {
	later := {"outcome": "true_match", "entry_hash": "sha256:now", "by": "K. Osei", "at": "2026-06-01", "reason": "same address as the entry", "expires": "2027-06-01", "file": "records/c2.yaml", "line": 1, "end_user": _atlas}
	_rtx4060_in_armenia({"end_user": true, "day": "2026-03-02", "hits": [object.union(_cleared_hit("pending", "2027-02-16", "sha256:now"), {"later_clearance": later})]}) == {
		"deciding": 2, "decision": "review", "eccn": "4A994.l", "exception": "", "regime": "ear-2024-04-04", "review_policy": "",
		"reasons": [_note2, _vendor, {
			"citation": "15 CFR 744.15; part 744, Supp. 6 (Unverified List); 15 CFR 764.5 (voluntary self-disclosure)",
			"message": "end user is UVL entry \"Atlas Sanatgaran\" (score 0.89): found a true match by K. Osei on 2026-06-01 (records/c2.yaml:1) after it shipped",
			"rule": "screening.found_later",
		}],
	}
}

# A cleared hit is a note, not a permission: a line that needs a licence
# for its destination still needs it, the clearance named beside it.
test_cleared_hit_does_not_allow_a_licensed_line if {
	exportcheck.decide({"product": "nvidia-h100-sxm5", "destination": "VN", "end_user_hq": "VN", "date": "2026-03-02", "screening": {"end_user": true, "hits": [_cleared_hit("false_positive", "2027-02-16", "sha256:now")], "day": "2026-03-02"}}, "enforced") == {
		"deciding": 1, "decision": "license_required", "eccn": "3A090.a", "exception": "", "regime": "ear-2026-01-15", "review_policy": "presumption_of_approval",
		"reasons": [
			{"citation": "ECCN 3A090.a.1 (88 FR 73458)", "classification": true, "message": "3A090.a.1: TPP 15,832 ≥ 4,800 (FP8 1979 × 8 bits)", "rule": "classify.3a090.a.1"},
			{"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458", "message": "license required for 3A090.a to VN (D:1; not in A:5 or A:6)", "rule": "license.destination.d145"},
			{
				"citation": "15 CFR part 732, Supp. 3 (know your customer); Consolidated Screening List",
				"message": "UVL entry \"Atlas Sanatgaran\" (score 0.89) cleared as a false positive by J. Rivera on 2026-02-16 until 2027-02-16 (records/c.yaml:3): different company",
				"rule": "screening.cleared",
			},
		],
	}
}

# --- clearances of several spellings of a name ---

_yerevan := {"name": "Atlas Sanatgar Trading (Yerevan)", "spelling": "atlas sanatgar trading yerevan"}

_llc := {"name": "Atlas Sanatgar Trading LLC", "spelling": "atlas sanatgar trading llc"}

_made(outcome, by, at, expires, party, file) := {
	"outcome": outcome, "entry_hash": "sha256:now", "by": by, "at": at, "reason": "adjudicated",
	"expires": expires, "file": file, "line": 1, "end_user": party,
}

_plain_fp := _made("false_positive", "J. Rivera", "2026-02-16", "2027-02-16", _atlas, "records/plain.yaml")

_yerevan_fp := _made("false_positive", "M. Chen", "2026-06-01", "2027-06-01", _yerevan, "records/yerevan.yaml")

_candidates(party, now, later) := object.union(_uvl, {
	"score": 0.89, "entry_hash": "sha256:now", "screened": party,
	"clearances": now, "later_clearances": later,
})

# Two spellings each cleared as a false positive: each line by its own
# spelling's, whichever was made later; one that names neither by the
# newest, which says it was made for another name; before a spelling's
# own was made, by its own (made after the ship date), not the other's.
test_clearance_of_false_positives_of_two_spellings if {
	both := [_plain_fp, _yerevan_fp]
	screening.clearance_of(_candidates(_atlas, both, []), "2027-01-10") == {"clearance": _plain_fp}
	screening.clearance_of(_candidates(_yerevan, both, []), "2027-01-10") == {"clearance": _yerevan_fp}
	screening.clearance_of(_candidates(_yerevan, both, []), "2026-03-02") == {"clearance": _yerevan_fp}
	screening.clearance_of(_candidates(_atlas, both, []), "2027-03-01") == {"clearance": _plain_fp}
	screening.clearance_of(_candidates(_llc, both, []), "2027-01-10") == {"clearance": _yerevan_fp}
}

# A true match holds for every spelling: made before the ship date it
# stands over the line's own false positive, whichever is newer; made
# after it, the line's own false positive stands and the true match is
# handed on as found later. A false positive of another spelling never
# displaces a true match of the line's own.
test_clearance_of_true_match_of_another_spelling if {
	tm := _made("true_match", "K. Osei", "2026-06-01", "2027-06-01", _yerevan, "records/tm.yaml")
	screening.clearance_of(_candidates(_atlas, [_plain_fp, tm], []), "2027-01-10") == {"clearance": tm}
	newer_fp := object.union(_plain_fp, {"at": "2026-07-01", "expires": "2027-07-01"})
	screening.clearance_of(_candidates(_atlas, [newer_fp, tm], []), "2027-01-10") == {"clearance": tm}
	screening.clearance_of(_candidates(_atlas, [_plain_fp, tm], []), "2026-03-02") == {"clearance": _plain_fp, "later_clearance": tm}
	earlier_fp := _made("false_positive", "M. Chen", "2026-02-20", "2027-02-20", _yerevan, "records/yerevan.yaml")
	screening.clearance_of(_candidates(_atlas, [_plain_fp, earlier_fp], [tm]), "2026-03-02") == {"clearance": _plain_fp, "later_clearance": tm}
	own_tm := object.union(_plain_fp, {"outcome": "true_match"})
	screening.clearance_of(_candidates(_atlas, [own_tm, _yerevan_fp], []), "2027-01-10") == {"clearance": own_tm}
}

# The line is judged by the clearance picked: cleared by its own
# spelling's false positive; the true match of another spelling found
# after it shipped is the listed party found later.
test_line_judged_by_the_clearance_picked if {
	tm := _made("true_match", "K. Osei", "2026-06-01", "2027-06-01", _yerevan, "records/tm.yaml")
	h := _candidates(_atlas, [_plain_fp, _yerevan_fp], [])
	_on_hit(object.union(h, screening.clearance_of(h, "2026-03-02"))) == _on_hit(object.union(_cleared_hit("false_positive", "2027-02-16", "sha256:now"), {"clearance": _plain_fp}))
	_on_hit(object.union(h, screening.clearance_of(h, "2026-03-02"))).decision == "allow"
	later := _candidates(_atlas, [_plain_fp, tm], [])
	[r.rule | some r in _on_hit(object.union(later, screening.clearance_of(later, "2026-03-02"))).reasons] == ["classify.3a090.note2", "classify.vendor_eccn", "screening.found_later"]
}

# The lists a screening list must hold to be taken for the whole CSL
# (data.screening.csl, read by lists update and check) are the lists this
# policy decides a match on by itself: a list given an effect of its own
# and not required would pass unseen when a download lacks it.
test_csl_requires_the_lists_the_policy_decides if {
	object.keys(data.screening.csl.required_sources) == object.keys(screening._effects)
}
