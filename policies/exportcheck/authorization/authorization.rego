# METADATA
# title: Authorizations the company holds
# description: |
#   Which of the company's records (data.records: BIS licences, Validated
#   End-User authorizations, License Exception NAC/ACA notifications) cover a
#   line the policy has decided. The checker hands each line the records that
#   name its end user (normalised as screening normalises names), the decision
#   the policy made without records, the product, destination, ship day and
#   the documents the line holds; this package says which records are
#   eligible (in the order to draw on them), which are not and why, and
#   whether the line is blocked: reasons a licence does not settle (a
#   screening hit, a red flag, an end use, an unknown fact) need a person
#   first. Quantities are drawn down by the checker, in ship-date order, on
#   the limits named here.
package exportcheck.authorization

import data.exportcheck.names
import data.exportcheck.text

# METADATA
# title: Authorization results
# description: |
#   One result per input line (input.lines), in order:
#   {"eligible": [{"kind", "number", "expires", "limits", "reasons",
#   "exhausted"}], "ineligible": [{"kind", "number", "reasons"}],
#   "blocked": [reasons]}. Eligible records are sorted by expiry (none last),
#   then number; limits name every one of the record's limits that apply to
#   the line, each of which the line must fit (the product ID's limit of
#   quantity_limits, then every ECCN limit the line's ECCN falls within,
#   most specific first, then "value"; for a notification "quantity", then
#   "value" when it states a dollar value).
#
#   What the records say decides what a reader acts on, and outputs show it
#   first: the record drawn on, else one that ran out of room, else the
#   first ineligible record, else the blocked reason. Two marks say where
#   they decide nothing (absent, they do): "decides": false on an
#   ineligible record that could not have covered the line in any state
#   (authorization.elsewhere), and on a result whose line is decided
#   review or prohibited (records are not applied: the decision's reason
#   stands).
# custom:
#   id: authorization.results
results := [_result(l) | some l in input.lines]

_none := {"eligible": [], "ineligible": [], "blocked": []}

# Decisions an authorization can settle: a licence requirement, or a
# License Exception whose conditions the records can show are met.
_settles := {"license_required", "exception"}

_result(l) := _none if {
	not judged[l.outcome.decision]
} else := {"eligible": [], "ineligible": [], "blocked": [_not_applied(l)], "decides": false} if {
	not _settles[l.outcome.decision]
} else := {"eligible": [], "ineligible": [], "blocked": [_blocked(l, b)]} if {
	b := sort([r | some r in l.outcome.rules; not _licensable(r)])
	count(b) > 0
} else := _split(_judge(l))

# METADATA
# title: Decisions the records are judged for
# description: |
#   The decisions of lines this package says anything about: a line
#   decided otherwise (allow) gets an empty result, and the checker need not
#   ask (it reads this set; --no-cache asks for every line).
# custom:
#   id: authorization.judged
judged := {"license_required", "exception", "review", "prohibited"}

# Every record naming the end user, judged once: [true, eligible entry] or
# [false, ineligible entry].
_judge(l) := array.concat(
	[_licence_entry(l, n, rec) |
		some n in l.licences
		rec := _compiled.licences[n]
	],
	[_notification_entry(l, ref, rec, _notification_faults(l, rec)) |
		some ref in l.notifications
		rec := _compiled.notifications[ref]
	],
)

# An eligible licence's reason is _covers(rec, _licence_scope(l, rec)), its
# rule and citation compiled.
_licence_entry(l, n, rec) := [true, {
	"kind": rec.kind, "number": n, "expires": rec.expires, "limits": _licence_limits(l, rec),
	"reasons": [object.union(rec.compiled.covers, {"message": _licence_scope(l, rec)})],
	"exhausted": rec.compiled.exhausted,
}] if {
	_licence_covers(l, rec)
} else := [false, _decides({"kind": rec.kind, "number": n, "reasons": [_licence_fault_reason(l, rec, concat("", [
	_kind_name(rec.kind), " ", n, " does not cover this line: ", concat("; ", sort(_licence_faults(l, rec))),
]))]})]

# A licence for another item or destination could not have covered the
# line in any state: the reader learns of it, but the requirement decides.
_licence_fault_reason(l, rec, message) := _elsewhere(message) if {
	not _item_listed(l, rec.items)
} else := _elsewhere(message) if {
	not _lists_destination(l, rec)
} else := _covers(rec, message)

_notification_entry(l, ref, rec, faults) := [true, {
	"kind": "notification", "number": ref, "expires": "", "limits": array.concat(["quantity"], _notified_value(rec)),
	"reasons": [_notified(concat("", [
		"License Exception ", rec.exception, " under notification ", ref, " (filed ", rec.filed_on,
		_usable_text(rec), "; ", text.num(rec.quantity), " units", _notified_value_text(rec), " notified for ", l.destination,
		_notified_end_user_text(l, rec), _consignee_text(rec), ")",
	]))],
	"exhausted": _notification_exhausted(concat("", ["notification ", ref, " has no room for this line"])),
}] if {
	count(faults) == 0
} else := [false, _decides({"kind": "notification", "number": ref, "reasons": [_notification_fault_reason(l, rec, concat("", [
	"notification ", ref, " does not cover this line: ", concat("; ", sort(faults)),
]))]})]

# An ineligible record that could not have covered the line in any state
# (its reason is _elsewhere) decides nothing: marked "decides": false.
_decides(entry) := object.union(entry, {"decides": false}) if {
	entry.reasons[0].rule == _elsewhere_meta.custom.id
} else := entry

# A notification for another item, destination or exception could not
# have covered the line however long ago it was filed.
_notification_fault_reason(l, rec, message) := _elsewhere(message) if {
	not _item_listed(l, rec.items)
} else := _elsewhere(message) if {
	rec.destination != l.destination
} else := _elsewhere(message) if {
	l.outcome.exception != rec.exception
} else := _notified(message)

# METADATA
# title: A record for another item, destination or exception
# description: |
#   A licence, VEU or notification naming the line's end user that lists
#   neither the line's product nor its ECCN, or not its destination (a
#   notification: filed for another License Exception than the line's, or
#   the line under none) could not cover the line whatever its state, expiry
#   or remaining quantity: it authorizes only the transactions it
#   describes. The line's reasons name it, for the reader who may have
#   expected it to cover the line; what decides the line is the licence
#   requirement, so reports headline that instead (a record that could have
#   covered the line and does not, expired, spent or for another end user,
#   is headlined: acting on it settles the line).
# custom:
#   id: authorization.elsewhere
#   citation: 15 CFR 750.7(a) (a licence authorizes only the transactions it describes); 15 CFR 740.8 (a notification covers the items, destination and end user notified)
_elsewhere_meta := rego.metadata.rule()

_elsewhere(message) := text.reason(_elsewhere_meta, message)

_split(judged) := {"eligible": [judged[0][1]], "ineligible": [], "blocked": []} if {
	# One record, eligible: nothing to sort.
	count(judged) == 1
	judged[0][0]
} else := {
	"eligible": [e | some x in sort([[e.expires == "", e.expires, e.number, e] | some j in judged; j[0]; e := j[1]]); e := x[3]],
	"ineligible": sort([j[1] | some j in judged; not j[0]]),
	"blocked": [],
}

# --- what a licence settles ---

# Reasons whose rules a licence or notification settles: the item's
# classification, the licence requirements of the destination, the
# headquarters and notices rules, review policies and exceptions. Every
# other rule (screening, red flags, end use, unknown facts, company rules,
# sanctions programmes and embargoes, and any rule added later) blocks
# until a person has looked: fail closed.
_licensable(rule) if {
	startswith(rule, "classify.")
	not _unknown_facts[rule]
}

_licensable(rule) if {
	startswith(rule, "license.")
	not _not_licensable[rule]
}

_licensable(rule) if startswith(rule, "decision.")

# A screening hit a person cleared as a false positive: settled.
_licensable("screening.cleared")

_licensable(rule) if startswith(rule, "timeline.")

_unknown_facts := {
	"classify.3a090.unknown",
	"classify.3a090.2022.unknown",
	"classify.agency_conflict",
	"classify.filing_eccn_conflict",
	"classify.low_confidence",
	"classify.sources_disagree",
}

_not_licensable := {"license.embargo", "license.sanctions", "license.unknown_feature"}

# METADATA
# title: Records not applied
# description: |
#   Records name the line's end user, but the line is decided review or
#   prohibited, or has reasons a licence does not settle (a screening hit, a
#   red flag, an end use, an unknown fact, a sanctions programme): the
#   records are not applied until a person has looked and the reasons are
#   gone.
# custom:
#   id: authorization.blocked
#   citation: 15 CFR 750.7(a) (a licence authorizes only the transaction it describes); 15 CFR part 732, Supp. 3 (red flags)
_blocked_reason(l, why) := text.reason(rego.metadata.rule(), concat("", [
	"the records naming this end user (", _named(l), ") are not applied: ", why,
]))

_not_applied(l) := _blocked_reason(l, concat("", ["the line is ", l.outcome.decision, " for reasons a licence does not settle"]))

_blocked(l, rules) := _blocked_reason(l, concat("", ["a person must look first at ", concat(", ", rules)]))

_named(l) := concat(", ", array.concat(l.licences, l.notifications))

# METADATA
# title: Authorization exhausted
# description: |
#   A record covers the line but what remains on one of its limits (units
#   per item, value in US dollars, or units notified) is less than the line
#   needs, after the lines shipping before it: the checker adds what is left.
#   A line is never split across records.
# custom:
#   id: authorization.exhausted
#   citation: 15 CFR 750.7(a) (a licence authorizes only the transaction it describes, within its quantities and value)
_exhausted_meta := rego.metadata.rule()

_exhausted(message) := text.reason(_exhausted_meta, message)

# METADATA
# title: Notification exhausted
# description: |
#   A NAC notification covers the line but what remains of the quantity it
#   notified, or of the dollar value it states (value_usd, drawn by the
#   line's quantity times its unit_value), is less than the line needs,
#   after the lines shipping before it: several shipments may go under one
#   notification only while their total dollar value and quantity stay
#   within the amounts it states. A line without a unit_value does not fit
#   a notification that states a dollar value (what it draws is not
#   known). The checker adds what is left of each. A line is never split
#   across records.
# custom:
#   id: authorization.notification_exhausted
#   citation: 15 CFR 740.8(a)(2)(ii) (multiple shipments under one NAC notification, as long as their total dollar value and quantity do not exceed the amounts stated on the notification); https://media.bis.gov/licensing/notification-advance-computing-alert
_notification_exhausted_meta := rego.metadata.rule()

_notification_exhausted(message) := text.reason(_notification_exhausted_meta, message)

# METADATA
# title: Drawdown not known
# description: |
#   A record with limits covers the line, but what earlier orders drew on
#   them is not known where the line is judged (a service that keeps no
#   ledger answers each request alone; or orders committed before the
#   record's value was recorded drew units only, and the record does not
#   say what they were worth): whether the line fits cannot be said, so the
#   record is not drawn on and the line keeps the decision it had. Records
#   without limits (a VEU) still cover it. The checker adds the record and
#   why the drawdown is not known.
# custom:
#   id: authorization.uncounted
#   citation: 15 CFR 750.7(a) (a licence authorizes only the transaction it describes, within its quantities and value)
uncounted := text.reason(rego.metadata.rule(), "what earlier orders drew on its limits is not known")

# METADATA
# title: What reasons call each kind of record
# description: |
#   A record's kind as reasons name it ("licence D1234567", "VEU
#   authorization VEU-DC-0001", "notification NAC-2026-0113"), never the
#   value of its kind field ("license", "veu"). The checker names records
#   in the reasons of its allocation (what is left on a limit, a limit
#   overdrawn) from here.
# custom:
#   id: authorization.kind_names
kind_names := {"license": "licence", "veu": "VEU authorization", "notification": "notification"}

_kind_name(kind) := object.get(kind_names, kind, "licence")

# --- licences and VEUs ---

# METADATA
# title: Licence
# description: |
#   A BIS licence covers a line when it is active on the ship date (issued
#   on or before it, not expired, not revoked or suspended: a revocation or
#   suspension whose day the record gives leaves covered what ships before
#   it), lists the
#   destination, the item (by product ID or by the ECCN the policy gave it;
#   an ECCN covers its subparagraphs) and the end user (or a person assigned
#   the end user, as orders spell it, to the licence), sets a limit for the
#   item, and every condition flag it carries is one this policy can check
#   and the line meets.
# custom:
#   id: authorization.licence
#   citation: 15 CFR 750.7 (scope, validity, revocation and suspension of licences)
_licence_reason_meta := rego.metadata.rule()

_licence_reason(message) := text.reason(_licence_reason_meta, message)

# METADATA
# title: Validated End-User authorization
# description: |
#   A VEU authorization covers a line when it is active on the ship date,
#   lists the destination and the item, names the line's end user among
#   its eligible sites, and gives the Federal Register citation under which
#   BIS listed the VEU and those sites in Supplement No. 7 to part 748
#   (federal_register): only the validated end-users listed there, at the
#   eligible destinations listed, may receive items under Authorization VEU,
#   so a record that shows no listing (a BIS licence typed as a VEU, which
#   would cover without limit or expiry) covers nothing. It sets no quantity
#   limit unless the record gives one.
# custom:
#   id: authorization.veu
#   citation: 15 CFR 748.15 (Validated End-User authorization); 15 CFR 748.15(a) (the only end-users who may receive eligible items under VEU are the validated end-users identified in Supplement No. 7 to part 748); part 748, Supp. 7 (each VEU, its eligible items and destinations, and the Federal Register citation) and Supp. 8
_veu_reason_meta := rego.metadata.rule()

_veu_reason(message) := text.reason(_veu_reason_meta, message)

_covers(rec, message) := _veu_reason(message) if {
	rec.kind == "veu"
} else := _licence_reason(message)

_licence_scope(l, rec) := concat("", [
	rec.compiled.scope, l.destination, ", ",
	_item_text(l, rec), ", ", _end_user_text(l, rec), rec.compiled.consignee, _limits_text(_licence_limits(l, rec)),
])

_expires_text(rec) := concat("", [" (expires ", rec.expires, ")"]) if rec.expires != ""

_expires_text(rec) := " (no expiry)" if rec.expires == ""

_item_text(l, rec) := concat("", ["product ", l.product]) if {
	l.product in rec.items.products
} else := concat("", ["ECCN ", l.outcome.eccn]) if {
	_eccn_listed(l.outcome.eccn, rec.items.eccns)
} else := concat("", ["ECCN ", _filing_eccn(l), " (the item's filing ECCN)"]) if {
	some x in rec.items.eccns
	_filing_within(l, x)
}

_limits_text(limits) := "" if {
	count(limits) == 0
} else := concat("", ["; drawn on its limit for ", _and(limits)])

# "a", "a and b", "a, b and c".
_and(xs) := xs[0] if {
	count(xs) == 1
} else := concat(" and ", [concat(", ", array.slice(xs, 0, count(xs) - 1)), xs[count(xs) - 1]]) if count(xs) > 1

# Whether a licence covers a line: every condition below holds (rec, here
# and in the rules it reads, is the licence as compiled). Each
# condition is one predicate, read both here and, negated, by the fault it
# gives (_licence_faults) — the faults are built only for a licence that
# does not cover the line. What makes it cover no line whatever the line
# and the day is compiled once (compiled.faults); what makes it cover none
# shipping on a day is _day_faults, which standing reads too.
_licence_covers(l, rec) if {
	count(rec.compiled.faults) == 0
	_is_active(l, rec)
	_issued_by(l, rec)
	_not_expired(l, rec)
	_lists_destination(l, rec)
	_item_listed(l, rec.items)
	_names_end_user(l, rec)
	_consignee_named(l, rec)
	_flags_met(l, rec)
	_limit_set(l, rec)
}

_is_active(_, rec) if rec.status == "active"

# Revoked or suspended from a day the record gives: active before it.
_is_active(l, rec) if l.day < rec.compiled.status_from

_status_fault(rec) := concat("", ["it is ", rec.status, " from ", rec.status_from]) if {
	rec.status_from
} else := concat("", ["it is ", rec.status])

# Faults of a licence on the day a line ships (l.day), whatever else the
# line: revoked or suspended, not issued yet, expired; each under the few
# words records list and the desk show for it ("revoked 2026-03-10",
# "expired 2027-01-12"), valued by the text a line's reason gives.
_day_faults(l, rec) := object.union_n([
	{_withdrawn_words(rec): _status_fault(rec) | not _is_active(l, rec)},
	{concat("", ["not issued until ", rec.issued]): concat("", ["it is issued on ", rec.issued, ", after the ship date"]) |
		not _issued_by(l, rec)
	},
	{concat("", ["expired ", rec.expires]): concat("", ["it expired on ", rec.expires]) | not _not_expired(l, rec)},
])

_withdrawn_words(rec) := concat(" ", [rec.status, rec.status_from]) if {
	rec.status_from
} else := rec.status

_issued_by(l, rec) if rec.issued <= l.day

_not_expired(_, rec) if rec.expires == ""

_not_expired(l, rec) if l.day <= rec.expires

_lists_destination(l, rec) if rec.compiled.destinations[l.destination]

# METADATA
# title: End user named
# description: |
#   A record names a line's end user when one of its end users (sites) is
#   the same party (names.same_party: spelt alike, case, punctuation and
#   the spelling of a legal form aside), or a person assigned the end user,
#   as orders spell it, to the record. Screening's looser form only finds
#   the records; a licence authorizes only the parties it names.
# custom:
#   id: authorization.end_user
#   citation: 15 CFR 750.7(a) (a licence authorizes only the transaction it describes); 15 CFR 748.15 (VEU eligible sites)
_names_end_user(l, rec) if _spelt_on(l, rec)

# A person assigned the end user, as orders spell it, to the record: the
# same party under another spelling (an assignment record).
_names_end_user(l, rec) if _assigned(l, rec)

_assigned(l, rec) := a if {
	not _spelt_on(l, rec)
	a := _assignment(rec, l.end_user_spelling.spelling, "assigned")
	assignment_from(a) <= l.day
}

# METADATA
# title: The day an assignment applies from
# description: |
#   An assignment of an end user to a licence or notification is a
#   person's word as of the day it was made (its at): it names the end
#   user for the lines that ship from that day on. A line that shipped
#   before it shipped without it (as a clearance, it does not reach back).
#   The review desk reads it to say which lines an assignment made today
#   can cover.
# custom:
#   id: authorization.assignment_from
#   citation: 15 CFR 750.7(a) (a licence authorizes only the transaction it describes); 15 CFR part 732, Supp. 3 (know your customer)
assignment_from(a) := a.at

_assigned_later_text(l, rec) := concat("", [
	" (it was assigned to it by ", a.by, " on ", a.at, " (", a.file, ":", text.num(a.line), "), after the ship date)",
]) if {
	a := _assignment(rec, l.end_user_spelling.spelling, "assigned")
	l.day < assignment_from(a)
} else := ""

_spelt_on(l, rec) if {
	some s in rec.end_user_spellings
	names.same_party(l.end_user_spelling, s)
}

# The assignment of an end user to a record with a status: assigned (in
# force), or withdrawn (a person took it back: the record no longer names
# the end user, and the fault says who withdrew it, when and why). Any
# other status is not in force.
_assignment(rec, key, status) := a if {
	a := object.get(rec, ["assigned", key], null)
	a != null
	object.get(a, "status", "assigned") == status
}

_withdrawn_text(l, rec) := concat("", [
	" (its assignment was withdrawn by ", a.by, " on ", a.at, " (", a.file, ":", text.num(a.line), ": ", a.reason, "))",
]) if {
	a := _assignment(rec, l.end_user_spelling.spelling, "withdrawn")
} else := ""

# Why a record does not name the line's end user: the names on it that
# screening reads alike, spelt otherwise (a legal form, a further name), or
# none.
_not_named_text(l, record_names) := concat("", [
	names.other_party(record_names, l.end_user),
	" (if it is the same party, a person assigns this end user to the record)",
]) if {
	count(record_names) > 0
} else := "it does not name this end user"

# The names on a licence that screening reads as the line's end user.
_alike_names(l, rec) := [n |
	some i, n in rec.end_users
	rec.end_user_keys[i] == l.end_user_key
]

_end_user_text(l, rec) := concat("", [
	"end user assigned to it by ", a.by, " on ", a.at, " (", a.file, ":", text.num(a.line), ": ", a.reason, ")",
]) if {
	a := _assigned(l, rec)
} else := "end user named"

# METADATA
# title: Consignee named
# description: |
#   A record that names a consignee (a licence, a VEU authorization, or a
#   NAC/ACA notification, which BIS allows one ultimate consignee) covers
#   only a line shipping to that consignee: the line's consignee column
#   names the same party (names.same_party, as end users are compared). A
#   line that names no consignee is not covered by it: which party receives
#   the items is not known. A record naming no consignee does not read the
#   column.
# custom:
#   id: authorization.consignee
#   citation: 15 CFR 750.7(a) (a licence authorizes only the transaction described in the application and the licence); BIS's standard licence language since 8 December 2014 (the export authorized is for the items, end uses and parties described in the application, "such as ultimate consignees and end-users"), https://bis.doc.gov/index.php/2011-09-12-20-18-59/export-and-reexport-faqs/cat/17-regulations-faqs-2; https://media.bis.gov/licensing/notification-advance-computing-alert (one ultimate consignee and one end user a NAC notification)
_consignee_named(_, rec) if not rec.compiled.names_consignee

_consignee_named(l, rec) if {
	rec.compiled.names_consignee
	names.same_party(l.consignee_spelling, rec.consignee_spelling)
}

_names_consignee(rec) := object.get(rec, "consignee", "") != ""

_consignee_text(rec) := concat("", [", consignee ", rec.consignee]) if {
	_names_consignee(rec)
} else := ""

_consignee_fault(l, rec) := concat("", [
	"it names consignee \"", rec.consignee, "\"; the order names none (give a consignee column)",
]) if {
	object.get(l, "consignee", "") == ""
} else := concat("", [
	"it names consignee \"", rec.consignee, "\", not \"", l.consignee, "\" as the order writes it",
])

# Every condition flag this policy can check is met by the line's
# documents; a flag it cannot check is the record's fault whatever the line
# (compiled.faults).
_flags_met(l, rec) if {
	every flag in object.get(rec, "flags", []) {
		_flag_met(l, flag)
	}
}

_flag_met(_, flag) if not _flags[flag]

_flag_met(l, flag) if _flags[flag] in l.documents

# A VEU record gives the Federal Register citation of its listing in
# Supplement No. 7 to part 748; other kinds are not listed there.
_veu_listed(rec) if rec.kind != "veu"

_veu_listed(rec) if count(object.get(rec, "federal_register", [])) > 0

_limit_set(_, rec) if rec.kind != "license"

_limit_set(l, rec) if count(_licence_limits(l, rec)) > 0

_licence_faults(l, rec) := {f |
	some faults in [
		{f | some f in _day_faults(l, rec)},
		{f | some f in rec.compiled.faults},
		{concat("", ["it does not list destination ", l.destination, " (it lists ", concat(", ", rec.destinations), ")"]) |
			not _lists_destination(l, rec)
		},
		{concat("", ["it covers neither product ", l.product, " nor ECCN ", _eccns_text(l)]) |
			not _item_listed(l, rec.items)
		},
		{concat("", [_not_named_text(l, _alike_names(l, rec)), _withdrawn_text(l, rec), _assigned_later_text(l, rec)]) | not _names_end_user(l, rec)},
		{_consignee_fault(l, rec) | not _consignee_named(l, rec)},
		_flag_faults(l, rec),
		{concat("", ["it sets no quantity or value limit for product ", l.product, " or ECCN ", _eccns_text(l)]) |
			_item_listed(l, rec.items)
			not _limit_set(l, rec)
		},
	]
	some f in faults
}

_item_listed(l, items) if l.product in object.get(items, "products", [])

_item_listed(l, items) if _eccn_listed(l.outcome.eccn, object.get(items, "eccns", []))

_item_listed(l, items) if {
	some x in object.get(items, "eccns", [])
	_filing_within(l, x)
}

# A listed ECCN covers the filing ECCN only at the advanced-computing
# level: a .z paragraph, 3A090 or 4A090 (5A002.z covers 5A002.z.1), never
# the entry above it (a licence for 5A002 encryption items does not
# authorize a system that meets 3A090).
_filing_within(l, x) if {
	_eccn_within(_filing_eccn(l), x)
	_advanced_level(x)
}

_advanced_level(x) if contains(x, ".z")

_advanced_level(x) if startswith(x, "3A090")

_advanced_level(x) if startswith(x, "4A090")

# The ECCN the vendor files the item under (a card under 4A090.a, a system
# under a .z paragraph), when the classification named it for the line: a
# licence listing it lists the item.
_filing_eccn(l) := data.products[l.product].filing_eccn.value if "classify.filing_eccn" in l.outcome.rules

_eccns_text(l) := concat("", [_or_none(l.outcome.eccn), " (filed as ", _filing_eccn(l), ")"]) if {
	_filing_eccn(l) != l.outcome.eccn
} else := _or_none(l.outcome.eccn)

_eccn_listed(eccn, listed) if {
	eccn != ""
	some x in listed
	_eccn_within(eccn, x)
}

_eccn_within(eccn, x) if eccn == x

_eccn_within(eccn, x) if startswith(eccn, concat("", [x, "."]))

_or_none(s) := s if s != ""

_or_none("") := "(none)"

# Condition flags the policy can check, and the document column a line
# must fill to meet each.
_flags := {"requires_end_use_certificate": "end_use_certificate"}

# METADATA
# title: Documents a line may hold
# description: |
#   The order columns the checker hands over as documents the line holds,
#   for the condition flags of licences: when the value names the document
#   (not blank, not a placeholder such as N/A or TBD, not zeros, and none
#   of its words in not_held).
# custom:
#   id: authorization.documents
documents := {d | some d in _flags}

# METADATA
# title: Words that say a document is not held
# description: |
#   Words order books write in a document column for a document the line
#   does not hold (yet): "No - pending", "not received", "N/A - awaiting
#   EUC", "none", "on request", "to follow", "rejected". A value holding
#   any of them (its words as the checker reads them: lower case,
#   punctuation a space) holds no document, and a licence condition asking
#   for the document is not met. A word of number_labels before a word with
#   a digit labels the document's number instead ("EUC No. 42", "No. 42"),
#   when only numbers follow it ("No 2026 EUC", "EUC: no 2nd copy" hold
#   none; nor, failing closed, does "EUC No. 42 dated 5 May"). The checker
#   reads both sets from here.
# custom:
#   id: authorization.not_held
not_held := {
	"no", "not", "n", "na", "none", "nil", "null", "false",
	"pending", "awaiting", "waiting", "requested", "request", "applied",
	"submitted", "missing", "expired", "lapsed", "outstanding", "unknown",
	"tbd", "tba", "tbc", "without", "yet", "follow", "expected", "due",
	"draft", "progress", "rejected", "refused", "denied", "declined",
	"revoked", "cancelled", "canceled", "withdrawn", "void", "invalid",
}

# METADATA
# title: Words that label a document's number
# description: |
#   Words of not_held that, before a word with a digit, label the
#   document's number ("EUC No. 42", "Cert no 7") rather than say it is
#   not held.
# custom:
#   id: authorization.number_labels
number_labels := {"no"}

# A condition flag this policy can check that the line's documents do not
# meet (one it cannot check is the record's fault: _licence_record_faults).
_flag_faults(l, rec) := {concat("", [
	"its condition ", flag, " needs the line's ", _flags[flag], " column to name the document",
	" (blank, a placeholder such as N/A or a negative such as no or pending does not)",
]) |
	some flag in object.get(rec, "flags", [])
	not _flag_met(l, flag)
}

# Faults of a licence or VEU record whatever the line and the day, each
# under the few words records list and the desk show for it: a condition
# flag this policy cannot check (a person must apply it, so no line is
# covered unseen), and what amending the record mends (_licence_amend).
_licence_record_faults(rec) := object.union(
	{concat("", ["condition ", flag, " not checkable"]): concat("", [
		"it carries a condition this policy cannot check (", flag, "): a person must apply it",
	]) |
		some flag in object.get(rec, "flags", [])
		not _flags[flag]
	},
	_texts(_licence_amend(rec)),
)

# What a licence or VEU record leaves out that its authorization states,
# so that it covers no line until the record is amended: a VEU record's
# Federal Register citation of its listing.
_licence_amend(rec) := {"no federal_register": _amend(
	"15 CFR 748.15(a)",
	"it gives no Federal Register citation of its listing in Supplement No. 7 to part 748 (only validated end-users listed there may receive items under Authorization VEU; add federal_register)",
) |
	not _veu_listed(rec)
}

# A fault amending a record mends: its text (as a line's reason gives it)
# and the provision that makes it one (as records check warns of it).
_amend(citation, text) := {"citation": citation, "text": text}

_texts(amend) := {words: a.text | some words, a in amend}

_citations(amend) := {words: a.citation | some words, a in amend}

# The limits of a licence that apply to a line, every one of which the
# line must fit: its quantity limit for the product, then each of its
# quantity limits for an ECCN the line's ECCN (or its filing ECCN, at the
# advanced-computing level) falls within, the most specific first (3A090.a
# before 3A090; ECCNs of different entries in reverse order of their
# names), then its value limit. A licence with limits for nvidia-h20 and
# 3A090 is drawn on both: a line must fit each.
_licence_limits(l, rec) := array.concat(_quantity_limits(l, rec), rec.compiled.value_limit)

_quantity_limits(l, rec) := array.concat(
	[l.product | rec.compiled.limited[l.product]],
	[k |
		some k in rec.compiled.limit_keys
		k != l.product
		_limit_within(l, k)
	],
)

_limit_within(l, k) if _eccn_within(l.outcome.eccn, k)

_limit_within(l, k) if _filing_within(l, k)

_has_limit(rec, key) if object.get(rec, ["quantity_limits", key], null) != null

_value_limit(rec) := ["value"] if object.get(rec, "value_limit_usd", null) != null

_value_limit(rec) := [] if object.get(rec, "value_limit_usd", null) == null

# --- notifications (License Exception NAC/ACA) ---

# Days after filing before a NAC notification may be used (unless BIS
# objected).
_nac_lead_days := 25

# METADATA
# title: License Exception notification
# description: |
#   A notification covers a line the policy decided under the License
#   Exception it was filed for (NAC or ACA), to its destination, item and end
#   user (or one a person assigned to it), unless BIS objected. A NAC
#   notification covers it only once BIS confirmed it (status confirmed,
#   with the NAC confirmation number), and from 25 days after it was
#   filed: on the 25th calendar day after registration STELA gives either
#   the confirmation or word that NAC cannot be used, so silence is not
#   consent. Several shipments go under one NAC notification only while
#   their total dollar value and quantity stay within the amounts stated
#   on it, and only to the same end user and for the same items
#   (15 CFR 740.8(a)(2)(ii)): a NAC notification record covers a line only
#   when it gives the dollar value stated (value_usd; without it no line
#   can be shown to fit), lists the line's product (the items notified are
#   models, each with its TPP, performance density and data sheet,
#   740.8(c)(1): an ECCN alone names no item) and lists at most six
#   products (BIS limits a NAC notification to six items). It is drawn
#   down by the quantity notified and by that dollar value; an ACA record
#   (ACA needs no notification) by its quantity, and by value_usd when it
#   gives one.
# custom:
#   id: authorization.notification
#   citation: 15 CFR 740.8 (License Exception NAC/ACA); 15 CFR 740.8(a)(2)(ii) (multiple shipments to the same end user and for the same items under one NAC notification, as long as their total dollar value and quantity do not exceed the amounts stated on the notification); 15 CFR 740.8(c)(1) (what a NAC notification states of each item); 15 CFR 740.8(c)(2) (BIS confirms a NAC notification with a NAC confirmation number); https://media.bis.gov/licensing/notification-advance-computing-alert (at most six items, one ultimate consignee and one end user)
_notified_meta := rego.metadata.rule()

_notified(message) := text.reason(_notified_meta, message)

# The notification's dollar value is a limit of its own, when the record
# gives it: shipments under it may not exceed it (740.8(a)(2)(ii)).
_notified_value(rec) := ["value"] if {
	object.get(rec, "value_usd", null) != null
} else := []

_notified_value_text(rec) := concat("", [" and ", _usd(rec.value_usd), " USD"]) if {
	object.get(rec, "value_usd", null) != null
} else := ""

# Whole dollars grouped by three, else with cents.
_usd(v) := text.num(v) if {
	v == floor(v)
} else := text.dec2(v)

_usable_from(rec) := _plus_days(rec.filed_on, _nac_lead_days) if rec.exception == "NAC"

_usable_from(rec) := rec.filed_on if rec.exception != "NAC"

_usable_text(rec) := concat("", [_confirmation_text(rec), ", usable from ", _usable_from(rec)]) if rec.exception == "NAC"

_usable_text(rec) := "" if rec.exception != "NAC"

_confirmation_text(rec) := concat("", [", confirmation ", rec.confirmation]) if {
	rec.confirmation
} else := ""

# Whether a notification may be used on the day a line ships (l.day): from
# its first usable day (_usable_from).
_usable_by(l, rec) if _usable_from(rec) <= l.day

# Faults of a notification on the day a line ships (l.day), whatever else
# the line: not usable yet (a NAC notification until 25 days after filing,
# 15 CFR 740.8), under the few words records list and the desk show for it
# ("usable from 2026-01-26"), valued by the text a line's reason gives.
_notification_day_faults(l, rec) := {concat("", ["usable from ", _usable_from(rec)]): concat("", [
	"it is usable only from ", _usable_from(rec), " (", _usable_why(rec), ")",
]) |
	not _usable_by(l, rec)
}

_usable_why(rec) := concat("", [text.num(_nac_lead_days), " days after filing on ", rec.filed_on]) if {
	rec.exception == "NAC"
} else := "the day it was filed"

_plus_days(d, n) := substring(time.format(time.add_date(time.parse_rfc3339_ns(concat("", [d, "T00:00:00Z"])), 0, 0, n)), 0, 10)

_notification_faults(l, rec) := ((((((({concat("", [
	"the line is ", l.outcome.decision, ", not License Exception ", rec.exception,
]) |
	l.outcome.decision != "exception"
} | {concat("", [
	"the line is eligible for License Exception ", l.outcome.exception, ", not ", rec.exception,
]) |
	l.outcome.decision == "exception"
	l.outcome.exception != rec.exception
}) | {f | some f in _notification_day_faults(l, rec)}) | {concat("", [
	"it was filed for ", rec.destination, ", not ", l.destination,
]) |
	rec.destination != l.destination
}) | {concat("", [
	"it covers neither product ", l.product, " nor ECCN ", _eccns_text(l),
]) |
	not _item_listed(l, rec.items)
}) | {concat("", [_not_named_text(l, [rec.end_user | rec.end_user_key == l.end_user_key]), _withdrawn_text(l, rec), _assigned_later_text(l, rec)]) |
	not _notification_names(l, rec)
}) | {_consignee_fault(l, rec) | not _consignee_named(l, rec)}) | _nac_item_faults(l, rec)) | {f | some f in rec.compiled.faults}

# Faults of a notification record whatever the line and the day, each
# under the few words records list and the desk show for it (REMAINING:
# "- (no value_usd)"): its standing with BIS, and what a NAC notification
# record states.
_notification_record_faults(rec) := object.union(_status_faults(rec), _texts(_nac_record_faults(rec)))

# Faults of what a NAC notification record states, whatever the line, each
# a fault amending the record mends (_amend): no dollar value (shipments
# under it may not exceed the one stated on the notification,
# 740.8(a)(2)(ii), so without it no line can be shown to fit); no product,
# only ECCNs (the notification states each item, by model, 740.8(c)(1): an
# ECCN names none); more than the six items BIS accepts on one. An ACA
# record is kept for the file: none of these apply to it.
_nac_record_faults(rec) := {} if {
	rec.exception != "NAC"
} else := object.union_n([
	{"no value_usd": _amend(
		"15 CFR 740.8(a)(2)(ii)",
		"its dollar value is not recorded, and shipments under it may not exceed it: record value_usd, the total dollar value stated on the notification",
	) |
		_notified_value(rec) == []
	},
	{"no product listed": _amend("15 CFR 740.8(c)(1)", concat("", [
		"it lists no product: a NAC notification covers the items it states, each by model with its TPP, performance density and data sheet,",
		" and an ECCN names none: add the products it states to items.products",
	])) |
		count(object.get(rec.items, "products", [])) == 0
	},
	{concat("", [text.num(n), " products, more than six"]): _amend("https://media.bis.gov/licensing/notification-advance-computing-alert", concat("", [
		"it lists ", text.num(n), " products, more than the six items BIS allows on one NAC notification:",
		" record each notification BIS confirmed on its own",
	])) |
		n := count(object.get(rec.items, "products", []))
		n > 6
	},
])

# A NAC notification record that lists products, but not the line's, whose
# ECCN it lists: the notification states each item by model (740.8(c)(1)).
# One that lists no product is faulted whatever the line.
_nac_item_faults(l, rec) := {concat("", [
	"it covers ECCN ", _eccns_text(l), " but does not list product ", l.product,
	": a NAC notification covers the items it states, each by model with its TPP, performance density and data sheet;",
	" if it states this product, add it to items.products",
]) |
	rec.exception == "NAC"
	_item_listed(l, rec.items)
	products := object.get(rec.items, "products", [])
	count(products) > 0
	not l.product in products
}

# Faults of a notification's standing with BIS, under the few words shown
# for each: objected to, or (NAC) not confirmed yet, whatever the days
# since filing (15 CFR 740.8(c)(2)); a status this policy does not know
# covers nothing.
_status_faults(rec) := {"objected": "BIS objected to it"} if {
	rec.status == "objected"
} else := {"not confirmed": concat("", [
	"BIS has not confirmed it: License Exception NAC may be used only once BIS confirms the notification with a NAC confirmation number",
	" (STELA gives it, or word that NAC cannot be used, on the 25th day after registration); record status confirmed and its confirmation",
])} if {
	rec.exception == "NAC"
	not _confirmed(rec)
} else := {} if {
	rec.status in {"filed", "confirmed"}
} else := {concat("", ["status ", sprintf("%v", [rec.status]), " not known"]): concat("", ["its status ", sprintf("%v", [rec.status]), " is not one this policy knows"])}

# Confirmed with the number BIS gave: a status alone is not the
# confirmation 740.8(c)(2) describes (the records loader refuses one
# without the other; records given otherwise are held to it here).
_confirmed(rec) if {
	rec.status == "confirmed"
	object.get(rec, "confirmation", "") != ""
}

_notification_names(l, rec) if names.same_party(l.end_user_spelling, rec.end_user_spelling)

_notification_names(l, rec) if _notification_assigned(l, rec)

_notification_assigned(l, rec) := a if {
	not names.same_party(l.end_user_spelling, rec.end_user_spelling)
	a := _assignment(rec, l.end_user_spelling.spelling, "assigned")
	assignment_from(a) <= l.day
}

_notified_end_user_text(l, rec) := concat("", [
	"; end user assigned to it by ", a.by, " on ", a.at, " (", a.file, ":", text.num(a.line), ": ", a.reason, ")",
]) if {
	a := _notification_assigned(l, rec)
} else := ""

# --- the records compiled ---

# METADATA
# title: Records compiled
# description: |
#   Each licence, VEU authorization and notification as the rules above
#   judge it: the record, with what no line changes worked out once under
#   "compiled" (a licence's destinations and limited items to look up, its
#   ECCN limits in the order they apply, its value limit, the parts of its
#   reasons that name only the record). For each record, "faults" are what
#   makes it cover no line whatever the line and the day (a licence's
#   condition this policy cannot check, a VEU without its Federal Register
#   listing; a notification's standing with BIS, a NAC record without
#   value_usd or products, or with more than six), each under the few words
#   records list and the desk show for it, valued by the text a line's
#   reason gives; "amend" are those of them amending the record mends, each
#   valued by the provision that makes it one (records check, records list
#   and check warn of them at the record's line). The checker evaluates
#   this once when it is built and hands it back as data.records.compiled
#   (refusing records it does not hold every licence and notification of),
#   so that judging a line looks these up; without it (records given
#   otherwise, as tests give them) the rules work it out themselves.
# custom:
#   id: authorization.compiled
compiled := {
	"licences": {n: _compile_licence(n, rec) | some n, rec in _records("licences")},
	"notifications": {ref: object.union(rec, {"compiled": {
		"faults": _notification_record_faults(rec),
		"amend": _citations(_nac_record_faults(rec)),
		# _consignee_named
		"names_consignee": _names_consignee(rec),
	}}) |
		some ref, rec in _records("notifications")
	},
}

_compiled := data.records.compiled if {
	data.records.compiled
} else := compiled

_compile_licence(n, rec) := object.union(rec, {"compiled": {
	# _lists_destination
	"destinations": {d: true | some d in rec.destinations},
	# _quantity_limits: the items with a limit, and every limit's key, the
	# most specific first
	"limited": {k: true | some k, _ in object.get(rec, "quantity_limits", {}); _has_limit(rec, k)},
	"limit_keys": array.reverse(sort([k | some k, _ in object.get(rec, "quantity_limits", {})])),
	"value_limit": _value_limit(rec),
	# _is_active, _consignee_named
	"status_from": object.get(rec, "status_from", ""),
	"names_consignee": _names_consignee(rec),
	# the eligible entry's reasons: the scope's first words and its
	# consignee, the reason without its message, the exhausted reason
	"scope": concat("", ["covered by ", _kind_name(rec.kind), " ", rec.number, _expires_text(rec), ": "]),
	"consignee": _consignee_text(rec),
	"covers": _covers(rec, ""),
	"exhausted": _exhausted(concat("", [_kind_name(rec.kind), " ", n, " has no room for this line"])),
	# what makes it cover no line whatever the line and the day
	"faults": _licence_record_faults(rec),
	"amend": _citations(_licence_amend(rec)),
}})

# --- how each licence stands on a day ---

# METADATA
# title: Licences and notifications standing on a day
# description: |
#   Each licence and VEU authorization on record as it stands on input.day
#   (YYYY-MM-DD), for what records list, the outputs and the desk show of
#   it: "status", as people read it that day (the record's, except that an
#   active licence past its expiry is "expired": nobody revoked it);
#   "from", the day a revocation or suspension took effect, when the record
#   gives one (before it, the licence still covers); "withdrawn", whether it
#   is revoked or suspended on that day; and "faults", the few words of
#   each fault that makes it cover no line shipping that day, whatever the
#   line: those of the day (revoked or suspended, not issued yet, expired,
#   as the line judgement finds them) and those whatever the day
#   (authorization.compiled), sorted. A licence with faults covers no line
#   shipping that day; one without may cover lines. Each NAC/ACA
#   notification likewise under "notifications": "status" as recorded,
#   "usable_from", the day it may be used from when that is after the day
#   (a NAC notification, 25 days after filing; "" once usable), and
#   "faults": those of the day ("usable from 2026-01-26") and those
#   whatever the day. The checker evaluates it once a listing, not once a
#   line.
# custom:
#   id: authorization.standing
standing := {
	"licences": {n: _standing({"day": input.day}, rec) | some n, rec in _compiled.licences},
	"notifications": {ref: _notification_standing({"day": input.day}, rec) | some ref, rec in _compiled.notifications},
}

_standing(l, rec) := {
	"status": _status_on(l, rec),
	"from": rec.compiled.status_from,
	"withdrawn": _withdrawn(l, rec),
	"faults": sort(object.keys(object.union(_day_faults(l, rec), rec.compiled.faults))),
}

# A notification's standing: its status as recorded, the day it is usable
# from when that is after the day ("" once usable), and every fault that
# day: _notification_day_faults, which the line judgement reads too, and
# the compiled ones.
_notification_standing(l, rec) := {
	"status": rec.status,
	"usable_from": _usable_from_after(l, rec),
	"faults": sort(object.keys(object.union(_notification_day_faults(l, rec), rec.compiled.faults))),
}

_usable_from_after(l, rec) := "" if {
	_usable_by(l, rec)
} else := _usable_from(rec)

_status_on(l, rec) := "expired" if {
	rec.status == "active"
	not _not_expired(l, rec)
} else := rec.status

_withdrawn(l, rec) := false if {
	_is_active(l, rec)
} else := true

# --- the consignee the records read ---

# METADATA
# title: Records that read the consignee
# description: |
#   The licences and VEU authorizations, and the notifications, whose
#   judgement reads a line's consignee (those naming a consignee), by
#   number and by BIS reference. The checker hands a line its consignee,
#   and keys its decision cache on it, when a record naming its end user
#   is one of them; for every other line the consignee is not read.
# custom:
#   id: authorization.consignee_read
consignee_read := {
	"licences": {n |
		some n, rec in _records("licences")
		_names_consignee(rec)
	},
	"notifications": {ref |
		some ref, rec in _records("notifications")
		_names_consignee(rec)
	},
}

# --- the products the records read ---

# METADATA
# title: Products the records read
# description: |
#   The products whose ID the rules in this package read of a line beyond
#   what the decision's reasons say: those a record lists (items.products)
#   or limits (quantity_limits), and those filed under an ECCN of their own
#   (filing_eccn). Every other product is judged alike, its ID only named in
#   reasons, so the checker may judge the lines of all of them once (its
#   decision cache relies on it) and fill the product in after.
# custom:
#   id: authorization.products_read
products_read := (({p |
	some rec in _records("licences")
	some p in rec.items.products
} | {p |
	some rec in _records("licences")
	some p, _ in object.get(rec, "quantity_limits", {})
}) | {p |
	some rec in _records("notifications")
	some p in rec.items.products
}) | {p |
	some p, product in data.products
	product.filing_eccn
}

# --- the days eligibility can change on ---

# METADATA
# title: Record dates
# description: |
#   For each licence and notification, the days on which whether it covers
#   a line can change: a licence's issue, the day after its expiry and the
#   day a revocation or suspension took effect, a
#   notification's first usable day, and the day each assignment of an end
#   user to either applies from (assignment_from). Rules in this package compare the ship
#   day with these only, so the checker may judge every day between two of
#   them alike (its decision cache relies on it).
# custom:
#   id: authorization.record_dates
record_dates := {
	"licences": {n: ds |
		some n, rec in _records("licences")
		ds := sort(((({rec.issued} | {_plus_days(rec.expires, 1) | rec.expires != ""}) | {d | d := rec.status_from}) | _assigned_on(rec)))
	},
	"notifications": {ref: sort({_usable_from(rec)} | _assigned_on(rec)) |
		some ref, rec in _records("notifications")
	},
}

_assigned_on(rec) := {assignment_from(a) | some a in object.get(rec, "assigned", {})}

_records(set) := data.records[set] if {
	data.records[set]
} else := {}
