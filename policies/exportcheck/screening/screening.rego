# METADATA
# title: Restricted-party screening outcomes
# description: |
#   What a screening-list match means. The Go screening package computes the
#   facts (every active entry whose similarity to the end user's name reaches
#   the review threshold, with its list and score); this package decides:
#   Denied Persons and SDN prohibit, the Entity List and the Military
#   End-User List require a license, the Unverified List and other lists need
#   review, a score between the review and match thresholds (data.screening)
#   needs review with the candidate shown, a listed name found whole within
#   the longer end-user name needs review whatever the score, and a line
#   with no end user to screen needs review. The decision takes the most
#   severe of them.
package exportcheck.screening

import data.exportcheck.names
import data.exportcheck.text

_effects := {
	"DPL": {"effect": "prohibited", "review_policy": "policy_of_denial", "citation": "15 CFR part 764, Supp. 1 (Denied Persons List)"},
	"SDN": {"effect": "prohibited", "review_policy": "policy_of_denial", "citation": "31 CFR chapter V; 15 CFR 744.8 (OFAC SDN List)"},
	"EL": {"effect": "license_required", "review_policy": "", "citation": "15 CFR 744.11; part 744, Supp. 4 (Entity List)"},
	"MEU": {"effect": "license_required", "review_policy": "presumption_of_denial", "citation": "15 CFR 744.21; part 744, Supp. 7 (Military End-User List)"},
	"UVL": {"effect": "review", "review_policy": "", "citation": "15 CFR 744.15; part 744, Supp. 6 (Unverified List)"},
}

_other := {"effect": "review", "review_policy": "", "citation": "Consolidated Screening List (15 CFR 744; 31 CFR chapter V; 22 CFR 127.7)"}

# METADATA
# title: Screening requirements
# description: |
#   The requirements screening s gives rise to: null when the line was not
#   screened or nothing reached the review threshold; else
#   {"end_user": false} when the line names no end user, or
#   {"end_user": true, "hits": [...], "flags": [...]} with every hit (list
#   entry, score) at or above the review threshold and what screening found
#   in the name itself ({"id", "detail"}). Memoized: an end user's hits recur on
#   many lines that differ in what else they are decided by.
# custom:
#   id: screening.requirements
#   memo: true
requirements(s) := set() if {
	s == null
} else := {_no_end_user} if {
	s.end_user == false
} else := _hits(s.hits, object.get(s, "day", "")) | _flags(object.get(s, "flags", []))

_hits(hits, day) := {req |
	some h in hits
	some req in _hit(h, day)
}

# A hit without a clearance is judged by its score; one a person cleared,
# by the clearance that stood when the line shipped, while it holds (day:
# the ship date, present when a hit carries a clearance), unless it was
# found a true match after the ship date (by the clearance handed over,
# made or written after it, or by later_clearance: the newest
# adjudication, made or written after it): the end user is the listed
# party, whenever a person found it.
_hit(h, day) := _scored(h) if {
	object.get(h, "clearance", null) == null
} else := {_true_match(h)} if {
	_holds(h.clearance, h, day)
	h.clearance.outcome == "true_match"
} else := {_found_later(h, day, t)} if {
	t := _true_after(h, day)
} else := {_cleared(h)} if {
	_holds(h.clearance, h, day)
	h.clearance.outcome == "false_positive"
} else := _scored(h) | {_lapsed(h, day)}

# What a hit requires by itself: by its score, or by a listed name found
# within the end user's.
_scored(h) := (_match(h) | _candidate(h)) | _contained(h)

# A clearance adjudicates the hit as of when it was made: it holds from
# its day (at), or from the day it was written when later (_from), to its
# expiry, while the entry is unchanged. A line that ships before it was
# made, or before it was written, was never cleared.
_holds(c, h, day) if {
	day != ""
	clearance_from(c) <= day
	day <= c.expires
	c.entry_hash == h.entry_hash
	_for_party(h)
}

# METADATA
# title: The day a clearance stands from
# description: |
#   The day a clearance c ({at, recorded}) stands from: the day it was
#   adjudicated (at), or the day it was written (recorded, which
#   exportcheck clear and the review desk set from the clock) when that is
#   later. A record written after a line shipped is evidence of a review
#   made after the shipment, not of screening before it, whatever day it
#   says the names were compared on: it does not clear the line (a true
#   match so written still finds it a match: screening.found_later). A
#   clearance that does not say when it was written (written by hand, or
#   before 2026-12-07) stands from its day. The review desk and records
#   list read it to say which lines a clearance can clear.
# custom:
#   id: screening.clearance_from
#   citation: 15 CFR part 732, Supp. 3 (know your customer); Consolidated Screening List
clearance_from(c) := c.recorded if {
	c.recorded > c.at
} else := c.at

# A false positive is a person's word on the party whose name they
# cleared: it holds for a name that is the same party (names.same_party),
# not for every name screening reads alike ("Falcon LLC" cleared is not
# "Falcon Inc", which may be the listed party). A true match holds for
# every name the hit is on.
_for_party(h) if h.clearance.outcome != "false_positive"

_for_party(h) if names.same_party(h.clearance.end_user, h.screened)

# METADATA
# title: Clearance a hit is judged by
# description: |
#   Where names spelt otherwise but read alike were each cleared against
#   the list entry of hit h, the checker hands over the candidates:
#   h.clearances, of each spelling the clearance made last on or before the
#   ship date (day), or its first when none was; and h.later_clearances, of
#   each spelling the newest, when made after day and not among those. The
#   hit is judged by ({"clearance"}) a true match that holds (it holds for
#   every name the hit is on), else a false positive that holds for this
#   party, else, to say why none does, the newest made for this party, else
#   the newest. A true match made or written after day ({"later_clearance"}:
#   the newest) found the end user to be the listed party after it shipped.
#   One spelling's clearance never displaces another's. Of one spelling,
#   where the clearance made last on or before day was written after it,
#   h.clearances holds the one on file on day too: a renewal written late
#   does not hide the clearance that held when the line shipped.
# custom:
#   id: screening.clearance_of
#   citation: 15 CFR part 732, Supp. 3 (know your customer); Consolidated Screening List
clearance_of(h, day) := object.union({"clearance": _standing(h, day)}, _later_of(h, day))

# The candidate the hit is judged by.
_standing(h, day) := _newest(held) if {
	held := [c | some c in h.clearances; c.outcome == "true_match"; _holds(c, _judged_by(h, c), day)]
	count(held) > 0
} else := _newest(held) if {
	held := [c | some c in h.clearances; c.outcome == "false_positive"; _holds(c, _judged_by(h, c), day)]
	count(held) > 0
} else := _newest(own) if {
	own := [c | some c in h.clearances; _for_party(_judged_by(h, c))]
	count(own) > 0
} else := _newest(h.clearances)

_later_of(h, day) := {"later_clearance": _newest(found)} if {
	found := [c |
		some c in array.concat(h.clearances, object.get(h, "later_clearances", []))
		c.outcome == "true_match"
		day != ""
		day < clearance_from(c)
	]
	count(found) > 0
} else := {}

_judged_by(h, c) := object.union(h, {"clearance": c})

# The clearance made last (of one day, the last in order).
_newest(cs) := c if {
	dated := sort([[x.at, x.end_user.spelling, x.outcome, x.file, x.line] | some x in cs])
	last := dated[count(dated) - 1]
	some c in cs
	[c.at, c.end_user.spelling, c.outcome, c.file, c.line] == last
}

# METADATA
# title: Clearances that bring their entry
# description: |
#   The outcomes of a clearance that say the end user is the listed party
#   whatever the score (screening.true_match). The checker hands the policy
#   the entry such a clearance names for an end user (or an owner) even
#   when screening did not find it: a listed party under a new name scores
#   below the review floor. The checker reads this set from here, and
#   refuses a policy without it when the records hold clearances.
# custom:
#   id: screening.entry_outcomes
#   citation: Consolidated Screening List; 15 CFR part 732, Supp. 3 (know your customer)
entry_outcomes contains "true_match"

# METADATA
# title: Screening hit confirmed by a person
# description: |
#   A clearance on record says the end user is the listed party: the hit
#   counts as a match whatever its score, while the clearance holds (from
#   the day it was made to its expiry, and the list entry unchanged since).
# custom:
#   id: screening.true_match
#   citation: Consolidated Screening List; 15 CFR part 732, Supp. 3 (know your customer)
_true_match(s) := req if {
	e := object.get(_effects, s.list, _other)
	req := {
		"effect": e.effect, "review_policy": _entry_policy(e, s), "exception": "",
		"reasons": [text.reason_cited(rego.metadata.rule(), _cite(e, s), concat("", [
			"end user is ", s.list, " entry \"", s.name, "\" (score ", text.dec2(s.score),
			"; confirmed as a true match by ", s.clearance.by, _when(s.clearance), ", ",
			_where(s.clearance), ")", _requirement_text(s),
		]))],
	}
}

# METADATA
# title: Screening hit found a true match after the line shipped
# description: |
#   An adjudication made after the ship date says the end user is the
#   listed party (whether or not a false positive stood when the line
#   shipped): the line went to the listed party, and is judged as a match
#   (the list's requirement), for a person to look at what shipped (and
#   whether to disclose it).
# custom:
#   id: screening.found_later
#   citation: Consolidated Screening List; 15 CFR part 732, Supp. 3 (know your customer); 15 CFR 764.5 (voluntary self-disclosure)
_found_later(s, day, t) := req if {
	e := object.get(_effects, s.list, _other)
	req := {
		"effect": e.effect, "review_policy": _entry_policy(e, s), "exception": "",
		"reasons": [text.reason_cited(rego.metadata.rule(), concat("; ", [_cite(e, s), "15 CFR 764.5 (voluntary self-disclosure)"]), concat("", [
			"end user is ", s.list, " entry \"", s.name, "\" (score ", text.dec2(s.score), "): ", _cleared_then(s, day),
			"found a true match by ", t.by, _when(t), " (", _where(t), ") after it shipped", _requirement_text(s),
		]))],
	}
}

# The true match made (or written) after the ship date: the newest
# adjudication, or the clearance handed over when it was made or written
# after the ship date.
_true_after(h, day) := h.later_clearance if {
	h.later_clearance.outcome == "true_match"
} else := h.clearance if {
	h.clearance.outcome == "true_match"
	_before_clearance(h, day)
}

_cleared_then(s, day) := concat("", ["cleared as a false positive by ", s.clearance.by, _when(s.clearance), " (", _where(s.clearance), ") when it shipped, "]) if {
	s.clearance.outcome == "false_positive"
	_holds(s.clearance, s, day)
} else := ""

# METADATA
# title: Screening hit cleared by a person
# description: |
#   A clearance on record says the end user is not the listed party: the hit
#   no longer applies while the clearance holds (from the day it was made
#   to its expiry, and the list entry unchanged since). It decides nothing; its reason
#   records who cleared it, when and where.
# custom:
#   id: screening.cleared
#   citation: 15 CFR part 732, Supp. 3 (know your customer); Consolidated Screening List
_cleared(s) := {
	"effect": "allow", "review_policy": "", "exception": "",
	"reasons": [text.reason(rego.metadata.rule(), concat("", [
		s.list, " entry \"", s.name, "\" (score ", text.dec2(s.score), ") cleared as a false positive by ",
		s.clearance.by, _when(s.clearance), " until ", s.clearance.expires, " (", _where(s.clearance), "): ",
		s.clearance.reason,
	]))],
}

# METADATA
# title: Screening clearance lapsed
# description: |
#   A clearance on record does not hold on the ship date: it was made
#   after it (a clearance adjudicates the hit as of when it was made:
#   shipping earlier was never cleared), or written after it (recorded: a
#   record written after a shipment is evidence of a review made after
#   it, not of screening before it, whatever day it says it was
#   adjudicated on), it has expired, the list entry
#   has changed since it was cleared (its hash differs, or the clearance
#   was made before the entry's dates of birth and IDs were part of its
#   hash), or its outcome is not one this policy knows. The hit is judged by its score again, and a
#   person must adjudicate it anew.
# custom:
#   id: screening.clearance_lapsed
#   citation: 15 CFR part 732, Supp. 3 (know your customer); Consolidated Screening List
_lapsed(s, day) := {
	"effect": "review", "review_policy": "", "exception": "",
	"reasons": [text.reason(rego.metadata.rule(), concat("", [
		"the clearance of the ", s.list, " hit \"", s.name, "\" (", _outcome_text(s.clearance.outcome), " by ", s.clearance.by,
		_when(s.clearance), ", ", _where(s.clearance), ") ", _lapse_verb(s, day), ": ", _lapse_why(s, day),
		_lapse_advice(s, day),
	]))],
}

# A clearance made or written after the ship date cannot be mended for the
# line: a day given now for an adjudication made back then is recorded
# with the day it was written all the same. The reader is told what it
# is; else, to adjudicate again.
_lapse_advice(s, day) := "; a clearance made or written after the ship date is evidence of a review after the line shipped, not of screening before it: it clears the lines that ship from the day it was written" if {
	_before_clearance(s, day)
} else := "; adjudicate it again"

# " on" the day a clearance was adjudicated, and the day it was written
# when later.
_when(c) := concat("", [" on ", c.at, ", recorded on ", c.recorded]) if {
	c.recorded > c.at
} else := concat("", [" on ", c.at])

# A clearance's outcome in words, as screening.cleared and
# screening.found_later write it.
_outcome_text("false_positive") := "cleared as a false positive"

_outcome_text("true_match") := "found a true match"

_outcome_text(o) := concat("", ["outcome ", o]) if not o in {"false_positive", "true_match"}

# "does not hold" of a clearance made after the ship date (it never held
# for the line), "no longer holds" of one that lapsed.
_lapse_verb(s, day) := "does not hold" if {
	_before_clearance(s, day)
} else := "does not hold" if {
	not _for_party(s)
} else := "no longer holds"

_before_clearance(s, day) if {
	day != ""
	day < clearance_from(s.clearance)
}

_lapse_why(s, day) := concat("; ", sort((((((({concat("", ["it expired on ", s.clearance.expires]) |
	day > s.clearance.expires
} | {concat("", ["it was cleared only from ", s.clearance.at, ", after the ship date"]) |
	day != ""
	day < s.clearance.at
}) | {concat("", ["it was recorded only on ", s.clearance.recorded, ", after the ship date"]) |
	s.clearance.at <= day
	_before_clearance(s, day)
}) | {_entry_changed(s) |
	s.clearance.entry_hash != s.entry_hash
}) | {concat("", ["it was made for another name: ", names.other_party([s.clearance.end_user.name], s.screened.name)]) |
	not _for_party(s)
}) | {concat("", ["its outcome ", s.clearance.outcome, " is not one this policy knows"]) |
	not s.clearance.outcome in {"false_positive", "true_match"}
}) | {"the ship date is not known" | day == ""})))

# A clearance made with the fingerprint of the entry's fields before its
# dates of birth, nationalities, IDs and remarks were read (entry_hash_v1)
# cannot tell whether those have changed since: it lapses, saying so.
_entry_changed(s) := "it was made before exportcheck fingerprinted the entry's dates of birth, nationalities, IDs and remarks, so whether those have changed since cannot be told" if {
	s.clearance.entry_hash == s.entry_hash_v1
} else := "the list entry has changed since it was cleared"

# Where a clearance is: its records file and line, or, made at the review
# desk and kept in the ledger, its row and the file it downloads as (in the
# records only once committed).
_where(c) := concat("", [
	"the clearance kept at the review desk, ledger row ", format_int(c.kept.row, 10),
	", downloaded as ", c.kept.downloads_as, "; commit it to the records",
]) if {
	c.kept
} else := concat("", [c.file, ":", format_int(c.line, 10)])

# METADATA
# title: End-user name needs a person
# description: |
#   Screening found something in the end user's name itself: a word that
#   mixes writing systems (a Cyrillic or Greek lookalike letter can hide a
#   listed name from a matcher and a reader), or a script the matcher cannot
#   romanise reliably (it is never allowed by silence). A flag this policy
#   does not know is reviewed too.
# custom:
#   id: screening.name_flag
#   citation: 15 CFR part 732, Supp. 3 (red flags); Consolidated Screening List
_flags(flags) := {req |
	some f in flags
	req := {
		"effect": "review", "review_policy": "", "exception": "",
		"reasons": [text.reason(rego.metadata.rule(), concat("", [_flag_text(f.id), ": ", f.detail]))],
	}
}

_flag_texts := {
	"mixed_scripts": "the end-user name mixes writing systems within a word (a lookalike letter can hide a listed name)",
	"unromanisable": "the end-user name is in a script the matcher cannot romanise reliably: screen it by hand against the lists",
	"invisible_characters": "the end-user name holds characters that show nothing (a name can read as another to a person): check the name as the customer wrote it",
}

_flag_text(id) := t if {
	t := _flag_texts[id]
} else := concat("", ["a screening flag this policy does not know (", id, ")"])

# METADATA
# title: Words that name no one
# description: |
#   The words order books write where the end user (or an owner) is not
#   known. An end user written with none but these ("N/A", "Unknown end
#   user", "Not provided", "TBD - pending", "The Company"), or with no
#   letter ("0", "12345"), names no one: the line has no end user to screen
#   (screening.no_end_user), as a blank has, and is not screened as a name
#   that matches nothing. Words are compared as the checker reads a name:
#   lower case, anything but letters and digits a space ("N/A" is the
#   words n and a). A record or an ownership register naming such an end
#   user is refused. The checker reads both sets from here; a company
#   policy adds its own words (placeholders contains "kunde") in a module
#   of this package of its own (--policy).
# custom:
#   id: screening.placeholders
#   citation: 15 CFR part 732, Supp. 3 (know your customer)
placeholders contains w if some w in {
	"unknown", "not", "known", "na", "applicable", "tbd", "tba", "tbc", "to", "be", "confirmed",
	"determined", "none", "null", "nil", "various", "end", "user", "users", "customer", "customers", "client", "buyer", "purchaser",
	"consignee", "party", "ultimate", "undisclosed", "provided", "pending", "given", "specified", "unspecified", "available",
	"confidential", "withheld", "redacted", "anonymous", "yet", "later", "see", "notes", "xx", "xxx", "test", "dummy", "placeholder",
	"blank", "empty", "missing", "company", "entity", "shareholder", "owner", "parent", "the", "of", "and", "or",
}

# METADATA
# title: Placeholders written in single letters
# description: |
#   Placeholders written as single letters ("N/A", "T.B.D.", "X"), their
#   letters run together. A single letter is otherwise part of a name ("A.
#   C. M. E. Ltd", "N.A. Trading"), and does not make one a placeholder.
# custom:
#   id: screening.letter_placeholders
letter_placeholders contains w if some w in {"na", "tbd", "tba", "tbc", "x"}

# METADATA
# title: No end user to screen
# description: |
#   Screening is on and the line names no end user (blank, or no column the
#   reader recognises as the end user): the parties cannot be screened
#   against the restricted-party lists, so a person must look.
# custom:
#   id: screening.no_end_user
#   citation: 15 CFR part 732, Supp. 3 (know your customer); 15 CFR 744
_no_end_user := {
	"effect": "review", "review_policy": "", "exception": "",
	"reasons": [text.reason(rego.metadata.rule(), "no end user to screen against the restricted-party lists: name the end user (end_user), or turn screening off deliberately")],
}

# METADATA
# title: Screening-list match
# description: The end user matches an active entry of a screening list at or above the match threshold.
# custom:
#   id: screening.match
#   citation: Consolidated Screening List
_match(s) := {req |
	is_object(s)
	s.score >= data.screening.match_threshold
	e := object.get(_effects, s.list, _other)
	m := rego.metadata.rule()
	req := {
		"effect": e.effect, "review_policy": _entry_policy(e, s), "exception": "",
		"reasons": [text.reason_cited(m, _cite(e, s), concat("", [
			"end user matches ", s.list, " entry \"", s.name, "\" (score ", text.dec2_near(s.score, [data.screening.match_threshold]), " ≥ ",
			text.dec2(data.screening.match_threshold), ", matched \"", s.matched_name, "\")", _requirement_text(s),
		]))],
	}
}

# METADATA
# title: Possible screening-list match
# description: The best candidate scores between the review and match thresholds; a person must decide whether it is the listed party.
# custom:
#   id: screening.candidate
#   citation: Consolidated Screening List; 15 CFR part 732, Supp. 3 (red flags)
_candidate(s) := {req |
	is_object(s)
	s.score >= data.screening.review_threshold
	s.score < data.screening.match_threshold
	not _within(s)
	m := rego.metadata.rule()
	req := {
		"effect": "review", "review_policy": "", "exception": "",
		"reasons": [text.reason_cited(m, _cite(object.get(_effects, s.list, _other), s), concat("", [
			"possible ", s.list, " match: \"", s.name, "\" (score ", text.dec2_near(s.score, _thresholds), ", review at ",
			text.dec2(data.screening.review_threshold), ", match at ", text.dec2(data.screening.match_threshold),
			", matched \"", s.matched_name, "\")",
		]))],
	}
}

# The thresholds a score is shown beside.
_thresholds := [data.screening.review_threshold, data.screening.match_threshold]

# METADATA
# title: Listed name within the end user's name
# description: |
#   A listed name (the entry's name or an alt name, distinctive enough:
#   see docs/screening.md) appears whole within the longer end-user name,
#   its words together ("Rim Ryong Nam Shenyang General Trading", "Atlas
#   Sanatgaran Yerevan Branch"), and the hit scores below the match
#   threshold (each added word lowers the score). A branch, office or
#   trading arm of a listed party is that party: a person must decide,
#   whatever the score.
# custom:
#   id: screening.contained
#   citation: Consolidated Screening List; 15 CFR part 732, Supp. 3 (red flags); 15 CFR 744.11 and part 744, Supp. 4 (addresses and subordinate institutions of listed parties)
_contained(s) := {req |
	is_object(s)
	_within(s)
	s.score < data.screening.match_threshold
	m := rego.metadata.rule()
	req := {
		"effect": "review", "review_policy": "", "exception": "",
		"reasons": [text.reason_cited(m, _cite(object.get(_effects, s.list, _other), s), concat("", [
			"the end user's name contains the ", s.list, " listed name \"", s.contained, "\"", _of_entry(s),
			" whole (score ", text.dec2_near(s.score, _thresholds), ", match at ", text.dec2(data.screening.match_threshold),
			"): a branch, office or trading arm of a listed party is that party",
		]))],
	}
}

_within(s) if object.get(s, "contained", "") != ""

_of_entry(s) := "" if {
	s.contained == s.name
} else := concat("", [" (entry \"", s.name, "\")"])

_cite(e, s) := concat("; ", [e.citation, s.federal_register_notice]) if s.federal_register_notice != ""

_cite(e, s) := e.citation if s.federal_register_notice == ""

_entry_policy(e, _) := e.review_policy if e.review_policy != ""

_entry_policy(e, s) := _policy_from_text(lower(s.license_policy)) if e.review_policy == ""

# The review policy an entry's license-policy text states first.
_phrases := {
	"presumption of denial": "presumption_of_denial",
	"policy of denial": "policy_of_denial",
	"case-by-case": "case_by_case",
	"presumption of approval": "presumption_of_approval",
}

_policy_from_text(t) := p if {
	found := sort([[indexof(t, phrase), policy] |
		some phrase, policy in _phrases
		indexof(t, phrase) >= 0
	])
	count(found) > 0
	p := found[0][1]
}

_policy_from_text(t) := "unspecified" if {
	every phrase, _ in _phrases {
		indexof(t, phrase) < 0
	}
}

_requirement_text(s) := concat("", ["; license requirement: ", s.license_requirement]) if s.license_requirement != ""

_requirement_text(s) := "" if s.license_requirement == ""

# METADATA
# title: Hit that counts as the listed party
# description: |
#   Whether hit h names the listed party (used where a hit is a fact another
#   rule reads, e.g. an owner's): it scores at or above the match threshold
#   and no clearance holding on day says otherwise, or a clearance holding
#   on day confirms it as a true match, or one made after day found it a
#   true match.
# custom:
#   id: screening.confirmed
confirmed(h, _) if {
	object.get(h, "clearance", null) == null
	h.score >= data.screening.match_threshold
}

confirmed(h, day) if {
	_holds(h.clearance, h, day)
	h.clearance.outcome == "true_match"
}

confirmed(h, day) if _true_after(h, day)

confirmed(h, day) if {
	c := object.get(h, "clearance", null)
	c != null
	not _holds(c, h, day)
	h.score >= data.screening.match_threshold
}

# METADATA
# title: Hit that may name the listed party
# description: |
#   Whether hit h needs a person before it can be counted or dismissed: it
#   reaches the review threshold or a listed name is found whole within the
#   name screened, does not count as the listed party (confirmed), and no
#   clearance holding on day dismissed it as a false positive.
# custom:
#   id: screening.possible
possible(h, day) if {
	not confirmed(h, day)
	_reviewable(h)
	not _dismissed(h, day)
}

_reviewable(h) if h.score >= data.screening.review_threshold

_reviewable(h) if _within(h)

_dismissed(h, day) if {
	_holds(h.clearance, h, day)
	h.clearance.outcome == "false_positive"
	not _true_after(h, day)
}

# METADATA
# title: What a list entry requires
# description: |
#   The effect, review policy and citation that being the party of hit h's
#   list entry carries ({"effect", "review_policy", "citation"}).
# custom:
#   id: screening.listed_effect
listed_effect(h) := {"effect": e.effect, "review_policy": _entry_policy(e, h), "citation": _cite(e, h)} if {
	e := object.get(_effects, h.list, _other)
}
