package exportcheck.authorization_test

import data.exportcheck.authorization

_records := {
	"licences": {
		"D1": {
			"number": "D1", "kind": "license", "status": "active", "issued": "2026-01-12", "expires": "2027-01-12",
			"items": {"products": ["nvidia-h100-sxm5"], "eccns": []}, "destinations": ["AE"],
			"end_users": ["Falcon LLC"], "end_user_keys": ["falcon llc"], "end_user_spellings": [{"spelling": "falcon llc"}],
			"quantity_limits": {"nvidia-h100-sxm5": 100}, "value_limit_usd": 2500000,
			"conditions": "", "flags": [], "file": "records/d1.yaml", "line": 1,
		},
		"D2": {
			"number": "D2", "kind": "license", "status": "active", "issued": "2026-01-01", "expires": "2026-12-31",
			"items": {"products": [], "eccns": ["3A090"]}, "destinations": ["AE", "SA"],
			"end_users": ["Falcon LLC"], "end_user_keys": ["falcon llc"], "end_user_spellings": [{"spelling": "falcon llc"}],
			"quantity_limits": {"3A090": 500}, "conditions": "", "flags": ["requires_end_use_certificate"],
			"file": "records/d2.yaml", "line": 1,
		},
		"R1": {
			"number": "R1", "kind": "license", "status": "revoked", "issued": "2025-01-01", "expires": "2025-06-30",
			"items": {"products": ["nvidia-a100-sxm4-80gb"], "eccns": []}, "destinations": ["SA"],
			"end_users": ["Other"], "end_user_keys": ["other"], "end_user_spellings": [{"spelling": "other"}],
			"quantity_limits": {"nvidia-a100-sxm4-80gb": 5}, "conditions": "", "flags": ["needs_a_person"],
			"file": "records/r1.yaml", "line": 4,
		},
		"V1": {
			"number": "V1", "kind": "veu", "status": "active", "issued": "2025-10-01", "expires": "",
			"items": {"products": [], "eccns": ["3A090.a"]}, "destinations": ["AE"],
			"end_users": ["Falcon LLC"], "end_user_keys": ["falcon llc"], "end_user_spellings": [{"spelling": "falcon llc"}],
			"quantity_limits": {}, "conditions": "", "flags": [], "file": "records/v1.yaml", "line": 1,
			"federal_register": ["89 FR 12345"],
		},
	},
	"notifications": {"NAC-1": {
		"bis_reference": "NAC-1", "exception": "NAC", "filed_on": "2026-02-05",
		"items": {"products": ["nvidia-rtx-4090"], "eccns": []}, "destination": "CN",
		"end_user": "Pearl River", "end_user_key": "pearl river", "end_user_spelling": {"spelling": "pearl river"}, "quantity": 10, "value_usd": 15990, "status": "confirmed",
		"confirmation": "A123456", "file": "records/n1.yaml", "line": 1,
	}},
}

_line(day, outcome, docs) := {
	"day": day, "product": "nvidia-h100-sxm5", "destination": "AE", "end_user": "Falcon L.L.C.",
	"end_user_key": "falcon llc", "end_user_spelling": {"spelling": "falcon llc"},
	"outcome": outcome, "documents": docs,
	"licences": ["D1", "D2", "V1"], "notifications": [],
}

# The end user of a line: as written, its key (as the tests' records hold
# keys: the spelling) and its spelling.
_as(name, spelling) := {"end_user": name, "end_user_key": spelling, "end_user_spelling": {"spelling": spelling}}

_required := {"decision": "license_required", "exception": "", "eccn": "3A090.a", "rules": ["classify.3a090.a.1", "license.destination.d145"]}

_results(lines) := r if {
	r := authorization.results with input as {"lines": lines} with data.records as _records
}

_licence(message) := {"citation": "15 CFR 750.7 (scope, validity, revocation and suspension of licences)", "message": message, "rule": "authorization.licence"}

_exhausted(message) := {"citation": "15 CFR 750.7(a) (a licence authorizes only the transaction it describes, within its quantities and value)", "message": message, "rule": "authorization.exhausted"}

_notification_exhausted(message) := {"citation": "15 CFR 740.8(a)(2)(ii) (multiple shipments under one NAC notification, as long as their total dollar value and quantity do not exceed the amounts stated on the notification); https://media.bis.gov/licensing/notification-advance-computing-alert", "message": message, "rule": "authorization.notification_exhausted"}

_veu(message) := {"citation": "15 CFR 748.15 (Validated End-User authorization); 15 CFR 748.15(a) (the only end-users who may receive eligible items under VEU are the validated end-users identified in Supplement No. 7 to part 748); part 748, Supp. 7 (each VEU, its eligible items and destinations, and the Federal Register citation) and Supp. 8", "message": message, "rule": "authorization.veu"}

_notification(message) := {
	"citation": concat("", [
		"15 CFR 740.8 (License Exception NAC/ACA); 15 CFR 740.8(a)(2)(ii) (multiple shipments to the same end user and for the same items under one NAC notification,",
		" as long as their total dollar value and quantity do not exceed the amounts stated on the notification); 15 CFR 740.8(c)(1) (what a NAC notification states of each item);",
		" 15 CFR 740.8(c)(2) (BIS confirms a NAC notification with a NAC confirmation number);",
		" https://media.bis.gov/licensing/notification-advance-computing-alert (at most six items, one ultimate consignee and one end user)",
	]),
	"message": message, "rule": "authorization.notification",
}

# A record that could not cover the line in any state (another item,
# destination or exception): named, but not the reason that decides.
_elsewhere(message) := {"citation": "15 CFR 750.7(a) (a licence authorizes only the transactions it describes); 15 CFR 740.8 (a notification covers the items, destination and end user notified)", "message": message, "rule": "authorization.elsewhere"}

# The records that cover a line, in the order to draw on them (the one
# that expires first first, none last), with the limits that apply; the
# others with every reason they do not.
test_eligible_in_expiry_order if {
	_results([_line("2026-03-02", _required, ["end_use_certificate"])]) == [{
		"blocked": [],
		"eligible": [
			{
				"kind": "license", "number": "D2", "expires": "2026-12-31", "limits": ["3A090"],
				"reasons": [_licence("covered by licence D2 (expires 2026-12-31): AE, ECCN 3A090.a, end user named; drawn on its limit for 3A090")],
				"exhausted": _exhausted("licence D2 has no room for this line"),
			},
			{
				"kind": "license", "number": "D1", "expires": "2027-01-12", "limits": ["nvidia-h100-sxm5", "value"],
				"reasons": [_licence("covered by licence D1 (expires 2027-01-12): AE, product nvidia-h100-sxm5, end user named; drawn on its limit for nvidia-h100-sxm5 and value")],
				"exhausted": _exhausted("licence D1 has no room for this line"),
			},
			{
				"kind": "veu", "number": "V1", "expires": "", "limits": [],
				"reasons": [_veu("covered by VEU authorization V1 (no expiry): AE, ECCN 3A090.a, end user named")],
				"exhausted": _exhausted("VEU authorization V1 has no room for this line"),
			},
		],
		"ineligible": [],
	}]
}

# Not yet issued, expired, a condition the line does not meet, a revoked
# licence for something else: each says why.
test_ineligible_reasons if {
	[r] := _results([_line("2027-01-13", _required, [])])
	r.eligible == [{
		"kind": "veu", "number": "V1", "expires": "", "limits": [],
		"reasons": [_veu("covered by VEU authorization V1 (no expiry): AE, ECCN 3A090.a, end user named")],
		"exhausted": _exhausted("VEU authorization V1 has no room for this line"),
	}]
	r.ineligible == [
		{"kind": "license", "number": "D1", "reasons": [_licence("licence D1 does not cover this line: it expired on 2027-01-12")]},
		{"kind": "license", "number": "D2", "reasons": [_licence("licence D2 does not cover this line: it expired on 2026-12-31; its condition requires_end_use_certificate needs the line's end_use_certificate column to name the document (blank, a placeholder such as N/A or a negative such as no or pending does not)")]},
	]
	revoked := object.union(_line("2025-01-01", _required, []), {"destination": "AE", "licences": ["R1"]})
	_results([revoked]) == [{"blocked": [], "eligible": [], "ineligible": [{"kind": "license", "number": "R1", "decides": false, "reasons": [_elsewhere(concat("; ", [
		"licence R1 does not cover this line: it carries a condition this policy cannot check (needs_a_person): a person must apply it",
		"it covers neither product nvidia-h100-sxm5 nor ECCN 3A090.a",
		"it does not list destination AE (it lists SA)",
		"it does not name this end user",
		"it is revoked",
	]))]}]}]
}

# A VEU covers only as listed in Supplement No. 7 to part 748: a record
# giving no Federal Register citation of its listing (a BIS licence typed
# as a VEU would cover without limit or expiry) covers nothing, and says
# why. A BIS licence gives none and is judged as before.
test_veu_listing if {
	unlisted := {"licences": {
		"D1": _records.licences.D1,
		"V1": object.remove(_records.licences.V1, ["federal_register"]),
	}}
	line := _line("2026-03-02", _required, [])
	results := authorization.results with input as {"lines": [line]} with data.records as unlisted
	results == [{
		"blocked": [],
		"eligible": [{
			"kind": "license", "number": "D1", "expires": "2027-01-12", "limits": ["nvidia-h100-sxm5", "value"],
			"reasons": [_licence("covered by licence D1 (expires 2027-01-12): AE, product nvidia-h100-sxm5, end user named; drawn on its limit for nvidia-h100-sxm5 and value")],
			"exhausted": _exhausted("licence D1 has no room for this line"),
		}],
		"ineligible": [{"kind": "veu", "number": "V1", "reasons": [_veu("VEU authorization V1 does not cover this line: it gives no Federal Register citation of its listing in Supplement No. 7 to part 748 (only validated end-users listed there may receive items under Authorization VEU; add federal_register)")]}],
	}]

	listed := authorization.results with input as {"lines": [object.union(line, {"licences": ["V1"]})]} with data.records as _records
	listed == [{
		"blocked": [],
		"eligible": [{
			"kind": "veu", "number": "V1", "expires": "", "limits": [],
			"reasons": [_veu("covered by VEU authorization V1 (no expiry): AE, ECCN 3A090.a, end user named")],
			"exhausted": _exhausted("VEU authorization V1 has no room for this line"),
		}],
		"ineligible": [],
	}]
}

# Records are applied only to a decision they can settle, and never past a
# reason that needs a person (fail closed: an unknown rule blocks too).
test_blocked if {
	_results([_line("2026-03-02", object.union(_required, {"decision": "allow"}), [])]) == [{"blocked": [], "eligible": [], "ineligible": []}]
	_results([_line("2026-03-02", object.union(_required, {"decision": "review"}), [])]) == [{
		"blocked": [{
			"citation": "15 CFR 750.7(a) (a licence authorizes only the transaction it describes); 15 CFR part 732, Supp. 3 (red flags)",
			"message": "the records naming this end user (D1, D2, V1) are not applied: the line is review for reasons a licence does not settle",
			"rule": "authorization.blocked",
		}],
		"eligible": [], "ineligible": [], "decides": false,
	}]
	hit := object.union(_required, {"rules": ["classify.3a090.a.1", "screening.match", "license.destination.d145", "some.new_rule", "classify.low_confidence"]})
	_results([_line("2026-03-02", hit, [])]) == [{
		"blocked": [{
			"citation": "15 CFR 750.7(a) (a licence authorizes only the transaction it describes); 15 CFR part 732, Supp. 3 (red flags)",
			"message": "the records naming this end user (D1, D2, V1) are not applied: a person must look first at classify.low_confidence, screening.match, some.new_rule",
			"rule": "authorization.blocked",
		}],
		"eligible": [], "ineligible": [],
	}]

	# The vendor files the item at another level than its figures give: the
	# class is unknown until a person has classified it.
	conflict := object.union(_required, {"rules": ["classify.3a090.a.1", "classify.filing_eccn_conflict", "license.destination.d145"]})
	_results([_line("2026-03-02", conflict, [])]) == [{
		"blocked": [{
			"citation": "15 CFR 750.7(a) (a licence authorizes only the transaction it describes); 15 CFR part 732, Supp. 3 (red flags)",
			"message": "the records naming this end user (D1, D2, V1) are not applied: a person must look first at classify.filing_eccn_conflict",
			"rule": "authorization.blocked",
		}],
		"eligible": [], "ineligible": [],
	}]
	cleared := object.union(_required, {"rules": ["classify.3a090.a.1", "license.destination.d145", "screening.cleared"]})
	count(_results([_line("2026-03-02", cleared, [])])[0].eligible) == 2
}

_nac_line(day, exception) := {
	"day": day, "product": "nvidia-rtx-4090", "destination": "CN", "end_user": "Pearl River",
	"end_user_key": "pearl river", "end_user_spelling": {"spelling": "pearl river"},
	"documents": [], "licences": [], "notifications": ["NAC-1"],
	"outcome": {"decision": "exception", "exception": exception, "eccn": "3A090.a", "rules": ["classify.3a090.a.1", "license.destination.d145", "license.exception.nac"]},
}

# A NAC notification BIS confirmed is usable from 25 days after filing, for
# the exception it was filed for, drawn down by the quantity notified.
test_notification if {
	_results([_nac_line("2026-03-02", "NAC")]) == [{"blocked": [], "ineligible": [], "eligible": [{
		"kind": "notification", "number": "NAC-1", "expires": "", "limits": ["quantity", "value"],
		"reasons": [_notification("License Exception NAC under notification NAC-1 (filed 2026-02-05, confirmation A123456, usable from 2026-03-02; 10 units and 15,990 USD notified for CN)")],
		"exhausted": _notification_exhausted("notification NAC-1 has no room for this line"),
	}]}]
	_results([_nac_line("2026-03-01", "NAC"), _nac_line("2026-03-02", "ACA")]) == [
		{"blocked": [], "eligible": [], "ineligible": [{"kind": "notification", "number": "NAC-1", "reasons": [_notification("notification NAC-1 does not cover this line: it is usable only from 2026-03-02 (25 days after filing on 2026-02-05)")]}]},
		{"blocked": [], "eligible": [], "ineligible": [{"kind": "notification", "number": "NAC-1", "decides": false, "reasons": [_elsewhere("notification NAC-1 does not cover this line: the line is eligible for License Exception ACA, not NAC")]}]},
	]
	objected := authorization.results with input as {"lines": [_nac_line("2026-04-01", "NAC")]}
		with data.records as object.union(_records, {"notifications": {"NAC-1": object.union(_records.notifications["NAC-1"], {"status": "objected"})}})
	objected[0].ineligible[0].reasons[0].message == "notification NAC-1 does not cover this line: BIS objected to it"
}

# A NAC notification states its dollar value (value_usd) and is drawn on it
# as well as on its quantity: several shipments go under one notification
# only while their total dollar value and quantity stay within the amounts
# it states (15 CFR 740.8(a)(2)(ii)). The reason states both.
test_notification_value if {
	_results([_nac_line("2026-03-02", "NAC")])[0].eligible[0].limits == ["quantity", "value"]
	cents := object.union(_records, {"notifications": {"NAC-1": object.union(_records.notifications["NAC-1"], {"value_usd": 15990.5})}})
	c := authorization.results with input as {"lines": [_nac_line("2026-03-02", "NAC")]} with data.records as cents
	c[0].eligible[0].reasons[0].message == "License Exception NAC under notification NAC-1 (filed 2026-02-05, confirmation A123456, usable from 2026-03-02; 10 units and 15990.50 USD notified for CN)"
}

_unvalued := json.remove(_records, ["notifications/NAC-1/value_usd"])

_unvalued_fault := "its dollar value is not recorded, and shipments under it may not exceed it: record value_usd, the total dollar value stated on the notification"

# A NAC notification record without value_usd covers no line: shipments
# under it may not exceed the dollar value stated on it (740.8(a)(2)(ii)),
# so without it no line can be shown to fit. Beside another fault it is
# said too; for a line it could never have covered the reason stays
# authorization.elsewhere.
test_notification_unvalued if {
	r := authorization.results with input as {"lines": [
		_nac_line("2026-03-02", "NAC"),
		_nac_line("2026-03-01", "NAC"),
		object.union(_nac_line("2026-03-02", "NAC"), {"destination": "MO"}),
	]}
		with data.records as _unvalued
	r == [
		{"blocked": [], "eligible": [], "ineligible": [{"kind": "notification", "number": "NAC-1", "reasons": [_notification(concat("", [
			"notification NAC-1 does not cover this line: ", _unvalued_fault,
		]))]}]},
		{"blocked": [], "eligible": [], "ineligible": [{"kind": "notification", "number": "NAC-1", "reasons": [_notification(concat("", [
			"notification NAC-1 does not cover this line: it is usable only from 2026-03-02 (25 days after filing on 2026-02-05); ",
			_unvalued_fault,
		]))]}]},
		{"blocked": [], "eligible": [], "ineligible": [{"kind": "notification", "number": "NAC-1", "decides": false, "reasons": [_elsewhere(concat("", [
			"notification NAC-1 does not cover this line: it was filed for CN, not MO; ", _unvalued_fault,
		]))]}]},
	]
}

# A NAC notification states its items by model (each with its TPP,
# performance density and data sheet, 740.8(c)(1)) and covers shipments of
# the same items (740.8(a)(2)(ii)): a record naming the line's item only by
# its ECCN does not cover it. BIS limits a NAC notification to six items: a
# record listing more products covers nothing.
test_notification_items if {
	by_eccn := object.union(_records, {"notifications": {"NAC-1": object.union(_records.notifications["NAC-1"], {"items": {"products": ["nvidia-rtx-4090-d"], "eccns": ["3A090"]}})}})
	e := authorization.results with input as {"lines": [_nac_line("2026-03-02", "NAC")]} with data.records as by_eccn
	e == [{"blocked": [], "eligible": [], "ineligible": [{"kind": "notification", "number": "NAC-1", "reasons": [_notification(concat("", [
		"notification NAC-1 does not cover this line: it covers ECCN 3A090.a but does not list product nvidia-rtx-4090:",
		" a NAC notification covers the items it states, each by model with its TPP, performance density and data sheet;",
		" if it states this product, add it to items.products",
	]))]}]}]

	seven := ["nvidia-rtx-4090", "p2", "p3", "p4", "p5", "p6", "p7"]
	many := object.union(_records, {"notifications": {"NAC-1": object.union(_records.notifications["NAC-1"], {"items": {"products": seven, "eccns": []}})}})
	m := authorization.results with input as {"lines": [_nac_line("2026-03-02", "NAC")]} with data.records as many
	m == [{"blocked": [], "eligible": [], "ineligible": [{"kind": "notification", "number": "NAC-1", "reasons": [_notification(concat("", [
		"notification NAC-1 does not cover this line: it lists 7 products, more than the six items BIS allows on one NAC notification:",
		" record each notification BIS confirmed on its own",
	]))]}]}]

	# Six are allowed.
	six := object.union(_records, {"notifications": {"NAC-1": object.union(_records.notifications["NAC-1"], {"items": {"products": array.slice(seven, 0, 6), "eccns": []}})}})
	six_r := authorization.results with input as {"lines": [_nac_line("2026-03-02", "NAC")]} with data.records as six
	count(six_r[0].eligible) == 1
}

# A NAC notification record that lists no product, only ECCNs, covers no
# line: the notification states each item by model (740.8(c)(1)), and an
# ECCN names none. A line whose ECCN it does not list is one it could never
# have covered (authorization.elsewhere).
test_notification_no_product if {
	recs := json.patch(_records, [{"op": "replace", "path": "/notifications/NAC-1/items", "value": {"products": [], "eccns": ["3A090"]}}])
	r := authorization.results with input as {"lines": [
		_nac_line("2026-03-02", "NAC"),
		object.union(_nac_line("2026-03-02", "NAC"), {"outcome": object.union(_nac_line("2026-03-02", "NAC").outcome, {"eccn": "4A090.a"})}),
	]}
		with data.records as recs
	no_product := concat("", [
		"it lists no product: a NAC notification covers the items it states, each by model with its TPP, performance density and data sheet,",
		" and an ECCN names none: add the products it states to items.products",
	])
	r == [
		{"blocked": [], "eligible": [], "ineligible": [{"kind": "notification", "number": "NAC-1", "reasons": [_notification(concat("", [
			"notification NAC-1 does not cover this line: ", no_product,
		]))]}]},
		{"blocked": [], "eligible": [], "ineligible": [{"kind": "notification", "number": "NAC-1", "decides": false, "reasons": [_elsewhere(concat("", [
			"notification NAC-1 does not cover this line: it covers neither product nvidia-rtx-4090 nor ECCN 4A090.a; ", no_product,
		]))]}]},
	]
}

# What makes a notification cover no line whatever the line and the day is
# compiled once, each fault under the few words records list and the desk
# show for it; a line's reason gives each fault's text, and a notification
# with any covers no line.
test_notification_compiled_faults if {
	base := _records.notifications["NAC-1"]
	seven := ["nvidia-rtx-4090", "p2", "p3", "p4", "p5", "p6", "p7"]
	recs := {"notifications": {
		"ok": base,
		"objected": object.union(base, {"status": "objected"}),
		"filed": object.union(object.remove(base, ["confirmation"]), {"status": "filed"}),
		"unvalued": object.remove(base, ["value_usd"]),
		"eccns": object.union(base, {"items": {"products": [], "eccns": ["3A090"]}}),
		"seven": object.union(object.remove(base, ["value_usd"]), {"items": {"products": seven, "eccns": []}}),
		"aca": object.union(object.remove(base, ["value_usd", "confirmation"]), {"exception": "ACA", "status": "filed", "items": {"products": [], "eccns": ["3A090"]}}),
		"sent": object.union(object.remove(base, ["value_usd", "confirmation"]), {"exception": "ACA", "status": "sent"}),
	}}
	compiled := authorization.compiled.notifications with data.records as recs
	faults := {ref: object.keys(n.compiled.faults) | some ref, n in compiled}
	faults == {
		"ok": set(), "aca": set(),
		"objected": {"objected"}, "filed": {"not confirmed"}, "unvalued": {"no value_usd"},
		"eccns": {"no product listed"}, "seven": {"7 products, more than six", "no value_usd"},
		"sent": {"status sent not known"},
	}

	# Those amending the record mends, under the provision that makes each
	# one: not its standing with BIS.
	amend := {ref: n.compiled.amend | some ref, n in compiled; count(n.compiled.amend) > 0}
	amend == {
		"unvalued": {"no value_usd": "15 CFR 740.8(a)(2)(ii)"},
		"eccns": {"no product listed": "15 CFR 740.8(c)(1)"},
		"seven": {
			"7 products, more than six": "https://media.bis.gov/licensing/notification-advance-computing-alert",
			"no value_usd": "15 CFR 740.8(a)(2)(ii)",
		},
	}
	every ref, n in compiled {
		line := object.union(_nac_line("2026-06-01", n.exception), {"notifications": [ref]})
		r := authorization.results with input as {"lines": [line]} with data.records as recs
		usable := count(n.compiled.faults) == 0
		count(r[0].eligible) == {true: 1, false: 0}[usable]
		every f in n.compiled.faults {
			contains(r[0].ineligible[0].reasons[0].message, f)
		}
	}
}

# What makes a licence or VEU cover no line whatever the line and the day
# is compiled once, each fault under the few words records list and the
# desk show for it: a condition flag this policy cannot check, a VEU
# without the Federal Register citation of its listing (which amending the
# record mends). A line's reason gives each fault's text, and a licence
# with any covers no line, on any day, however well the line fits it.
test_licence_compiled_faults if {
	d1 := _records.licences.D1
	v1 := _records.licences.V1
	recs := {"licences": {
		"D1": d1,
		"V1": v1,
		"FLAGGED": object.union(d1, {"number": "FLAGGED", "flags": ["needs_a_person", "requires_end_use_certificate"]}),
		"UNLISTED": object.remove(object.union(v1, {"number": "UNLISTED"}), ["federal_register"]),
		"BOTH": object.remove(object.union(v1, {"number": "BOTH", "flags": ["export_plan", "needs_a_person"]}), ["federal_register"]),
	}}
	compiled := authorization.compiled.licences with data.records as recs
	{n: [rec.compiled.faults, rec.compiled.amend] | some n, rec in compiled} == {
		"D1": [{}, {}],
		"V1": [{}, {}],
		"FLAGGED": [{"condition needs_a_person not checkable": "it carries a condition this policy cannot check (needs_a_person): a person must apply it"}, {}],
		"UNLISTED": [
			{"no federal_register": "it gives no Federal Register citation of its listing in Supplement No. 7 to part 748 (only validated end-users listed there may receive items under Authorization VEU; add federal_register)"},
			{"no federal_register": "15 CFR 748.15(a)"},
		],
		"BOTH": [
			{
				"condition export_plan not checkable": "it carries a condition this policy cannot check (export_plan): a person must apply it",
				"condition needs_a_person not checkable": "it carries a condition this policy cannot check (needs_a_person): a person must apply it",
				"no federal_register": "it gives no Federal Register citation of its listing in Supplement No. 7 to part 748 (only validated end-users listed there may receive items under Authorization VEU; add federal_register)",
			},
			{"no federal_register": "15 CFR 748.15(a)"},
		],
	}
	every n, rec in compiled {
		line := object.union(_line("2026-03-02", _required, ["end_use_certificate"]), {"licences": [n]})
		r := authorization.results with input as {"lines": [line]} with data.records as recs
		count(r[0].eligible) == {true: 1, false: 0}[count(rec.compiled.faults) == 0]
		every f in rec.compiled.faults {
			contains(r[0].ineligible[0].reasons[0].message, f)
		}
	}
}

# How each licence stands on a day, for records list and the desk: its
# status as people read it that day, the day a revocation or suspension
# took effect, whether it is withdrawn that day, and every fault that
# makes it cover no line shipping that day, whatever the line: those of
# the day (as a line's reasons find them) and those compiled.
test_standing if {
	d1 := _records.licences.D1
	recs := {"licences": {
		"D1": d1,
		"R1": _records.licences.R1,
		"REVOKED_LATER": object.union(d1, {"number": "REVOKED_LATER", "status": "revoked", "status_from": "2026-06-01"}),
		"SUSPENDED": object.union(d1, {"number": "SUSPENDED", "status": "suspended", "status_from": "2026-02-01"}),
		"LATER": object.union(d1, {"number": "LATER", "issued": "2026-04-01"}),
		"UNLISTED": object.remove(_records.licences.V1, ["federal_register"]),
	}}
	on := _standing_on("2026-03-02", recs)
	on == {
		"licences": {
			"D1": {"status": "active", "from": "", "withdrawn": false, "faults": []},
			"R1": {"status": "revoked", "from": "", "withdrawn": true, "faults": ["condition needs_a_person not checkable", "expired 2025-06-30", "revoked"]},
			"REVOKED_LATER": {"status": "revoked", "from": "2026-06-01", "withdrawn": false, "faults": []},
			"SUSPENDED": {"status": "suspended", "from": "2026-02-01", "withdrawn": true, "faults": ["suspended 2026-02-01"]},
			"LATER": {"status": "active", "from": "", "withdrawn": false, "faults": ["not issued until 2026-04-01"]},
			"UNLISTED": {"status": "active", "from": "", "withdrawn": false, "faults": ["no federal_register"]},
		},
		"notifications": {},
	}
	later := _standing_on("2027-01-13", recs)
	later.licences.D1 == {"status": "expired", "from": "", "withdrawn": false, "faults": ["expired 2027-01-12"]}
	later.licences.REVOKED_LATER == {"status": "revoked", "from": "2026-06-01", "withdrawn": true, "faults": ["expired 2027-01-12", "revoked 2026-06-01"]}

	# A line that fits each licence in every other respect, shipping on the
	# day, is covered exactly by those without a fault (the standing reads
	# the line judgement's predicates).
	every n, s in on.licences {
		line := object.union(_line("2026-03-02", _required, []), {"licences": [n]})
		r := authorization.results with input as {"lines": [line]} with data.records as recs
		count(r[0].eligible) == {true: 1, false: 0}[count(s.faults) == 0]
	}
}

# How each notification stands on a day: a NAC notification filed 24 days
# before it is not usable yet, and says from when (15 CFR 740.8: 25 days
# after filing); 25 days after filing it is; an ACA record is usable from
# the day it was filed; the faults whatever the day are there on every day.
# A line that fits each in every other respect is covered exactly by those
# without a fault (the standing reads the line judgement's predicates).
test_notification_standing if {
	base := object.union(_records.notifications["NAC-1"], {"filed_on": "2026-01-01"})
	recs := {"notifications": {
		"NAC-1": base,
		"OBJECTED": object.union(base, {"status": "objected"}),
		"UNVALUED": object.remove(base, ["value_usd"]),
		"ACA-1": object.union(object.remove(base, ["confirmation"]), {"exception": "ACA", "status": "filed", "filed_on": "2026-01-26"}),
	}}
	before := _standing_on("2026-01-25", recs)
	before == {"licences": {}, "notifications": {
		"NAC-1": {"status": "confirmed", "usable_from": "2026-01-26", "faults": ["usable from 2026-01-26"]},
		"OBJECTED": {"status": "objected", "usable_from": "2026-01-26", "faults": ["objected", "usable from 2026-01-26"]},
		"UNVALUED": {"status": "confirmed", "usable_from": "2026-01-26", "faults": ["no value_usd", "usable from 2026-01-26"]},
		"ACA-1": {"status": "filed", "usable_from": "2026-01-26", "faults": ["usable from 2026-01-26"]},
	}}
	on := _standing_on("2026-01-26", recs)
	on == {"licences": {}, "notifications": {
		"NAC-1": {"status": "confirmed", "usable_from": "", "faults": []},
		"OBJECTED": {"status": "objected", "usable_from": "", "faults": ["objected"]},
		"UNVALUED": {"status": "confirmed", "usable_from": "", "faults": ["no value_usd"]},
		"ACA-1": {"status": "filed", "usable_from": "", "faults": []},
	}}

	# The line's reason on the day before says the same.
	early := object.union(_nac_line("2026-01-25", "ACA"), {"notifications": ["ACA-1"]})
	e := authorization.results with input as {"lines": [early]} with data.records as recs
	e[0].ineligible[0].reasons[0].message == "notification ACA-1 does not cover this line: it is usable only from 2026-01-26 (the day it was filed)"

	every day, s in {"2026-01-25": before, "2026-01-26": on} {
		every ref, st in s.notifications {
			line := object.union(_nac_line(day, recs.notifications[ref].exception), {"notifications": [ref]})
			r := authorization.results with input as {"lines": [line]} with data.records as recs
			count(r[0].eligible) == {true: 1, false: 0}[count(st.faults) == 0]
		}
	}
}

_standing_on(day, recs) := s if {
	s := authorization.standing with input as {"day": day} with data.records as recs
}

_pending := object.union(_records, {"notifications": {"NAC-1": object.union(
	object.remove(_records.notifications["NAC-1"], ["confirmation"]),
	{"status": "filed"},
)}})

# A NAC notification still waiting for BIS covers nothing, however long
# after filing: on the 25th day STELA gives a confirmation number or says
# NAC cannot be used (15 CFR 740.8(c)(2)); silence is not consent.
test_notification_not_confirmed if {
	r := authorization.results with input as {"lines": [_nac_line("2026-03-02", "NAC"), _nac_line("2026-06-01", "NAC")]}
		with data.records as _pending
	pending := {"blocked": [], "eligible": [], "ineligible": [{"kind": "notification", "number": "NAC-1", "reasons": [_notification(concat("", [
		"notification NAC-1 does not cover this line: BIS has not confirmed it: License Exception NAC may be used only once BIS confirms the notification with a NAC confirmation number",
		" (STELA gives it, or word that NAC cannot be used, on the 25th day after registration); record status confirmed and its confirmation",
	]))]}]}
	r == [pending, pending]

	# Confirmed without the number BIS gave: not confirmed.
	numberless := json.remove(_records, ["notifications/NAC-1/confirmation"])
	n := authorization.results with input as {"lines": [_nac_line("2026-03-02", "NAC")]} with data.records as numberless
	n == [pending]
}

# An ACA notification (none is needed since 2024-04-04) is kept for the file:
# it waits for no confirmation, covers lines without a value_usd (drawn on
# its quantity) and may name its items by ECCN; a status the policy does not
# know covers nothing.
test_notification_aca_and_unknown_status if {
	aca := json.remove(
		object.union(_pending, {"notifications": {"NAC-1": object.union(_pending.notifications["NAC-1"], {"exception": "ACA"})}}),
		["notifications/NAC-1/value_usd"],
	)
	r := authorization.results with input as {"lines": [_nac_line("2026-02-05", "ACA")]} with data.records as aca
	r == [{"blocked": [], "ineligible": [], "eligible": [{
		"kind": "notification", "number": "NAC-1", "expires": "", "limits": ["quantity"],
		"reasons": [_notification("License Exception ACA under notification NAC-1 (filed 2026-02-05; 10 units notified for CN)")],
		"exhausted": _notification_exhausted("notification NAC-1 has no room for this line"),
	}]}]

	# An ACA record naming the item by its ECCN covers it.
	by_eccn := json.patch(aca, [{"op": "replace", "path": "/notifications/NAC-1/items", "value": {"products": [], "eccns": ["3A090.a"]}}])
	b := authorization.results with input as {"lines": [_nac_line("2026-02-05", "ACA")]} with data.records as by_eccn
	count(b[0].eligible) == 1

	odd := object.union(aca, {"notifications": {"NAC-1": object.union(aca.notifications["NAC-1"], {"status": "sent"})}})
	u := authorization.results with input as {"lines": [_nac_line("2026-02-05", "ACA")]} with data.records as odd
	u == [{"blocked": [], "eligible": [], "ineligible": [{"kind": "notification", "number": "NAC-1", "reasons": [_notification("notification NAC-1 does not cover this line: its status sent is not one this policy knows")]}]}]
}

# The days eligibility can change on: a licence's issue and the day after
# its expiry, a notification's first usable day, the days of assignments.
test_record_dates if {
	dates := authorization.record_dates with data.records as _records
	dates == {
		"licences": {
			"D1": ["2026-01-12", "2027-01-13"], "D2": ["2026-01-01", "2027-01-01"],
			"R1": ["2025-01-01", "2025-07-01"], "V1": ["2025-10-01"],
		},
		"notifications": {"NAC-1": ["2026-03-02"]},
	}
	none := authorization.record_dates with data.records as {}
	none == {"licences": {}, "notifications": {}}

	# And the days end users were assigned to a record.
	assigned := object.union(_records, {
		"licences": {"D1": object.union(_records.licences.D1, {"assigned": _assigned})},
		"notifications": {"NAC-1": object.union(_records.notifications["NAC-1"], {"assigned": _assigned})},
	})
	with_assigned := authorization.record_dates with data.records as assigned
	with_assigned.licences.D1 == ["2026-01-12", "2026-03-01", "2027-01-13"]
	with_assigned.notifications["NAC-1"] == ["2026-03-01", "2026-03-02"]
	authorization.documents == {"end_use_certificate"}
}

# A licence covers a line exactly when it has no fault: the two read the
# same predicates.
test_covers_iff_no_fault if {
	lines := [
		_line("2026-03-02", _required, ["end_use_certificate"]),
		_line("2026-03-02", _required, []),
		_line("2027-01-13", _required, []),
		_line("2025-12-31", _required, []),
		object.union(_line("2026-03-02", _required, []), {"product": "nvidia-a100-sxm4-80gb", "destination": "SA"}),
		object.union(_line("2026-03-02", object.union(_required, {"eccn": "4A090.a"}), []), {"product": "x"}),
		object.union(_line("2025-03-02", _required, []), object.union(_as("Other", "other"), {"destination": "SA"})),
		object.union(_line("2026-03-02", _required, ["end_use_certificate"]), _as("Nobody", "nobody")),
	]
	compiled := authorization.compiled.licences with data.records as _records
	every l in lines {
		every rec in compiled {
			f := authorization._licence_faults(l, rec) with data.records as _records
			count(f) == 0 == _covered(l, rec)
		}
	}
}

_covered(l, rec) if {
	authorization._licence_covers(l, rec) with data.records as _records
} else := false

_assigned := {"falcon compute dc": {
	"end_user": "Falcon Compute DC", "by": "J. Rivera", "at": "2026-03-01",
	"reason": "the same company (trade licence 12345)", "file": "ledger row 7, falcon.yaml", "line": 3,
}}

# An end user a person assigned to a licence or notification, as orders
# spell it, is named by it: the reason says who assigned it, when and why;
# the rest is judged as ever (an assignment makes no destination, item or
# date right), and an end user not assigned is still not named.
test_assigned_end_user if {
	recs := object.union(_records, {
		"licences": {"D1": object.union(_records.licences.D1, {"assigned": _assigned})},
		"notifications": {"NAC-1": object.union(_records.notifications["NAC-1"], {"assigned": _assigned})},
	})
	dc := object.union(_line("2026-03-02", _required, []), object.union(_as("Falcon Compute DC", "falcon compute dc"), {"licences": ["D1"]}))
	to_sa := object.union(dc, {"destination": "SA"})
	other := object.union(dc, _as("Falcon Other", "falcon other"))
	nac := object.union(_nac_line("2026-03-02", "NAC"), _as("Falcon Compute DC", "falcon compute dc"))
	got := authorization.results with input as {"lines": [dc, to_sa, other, nac]} with data.records as recs
	got == [
		{"blocked": [], "ineligible": [], "eligible": [{
			"kind": "license", "number": "D1", "expires": "2027-01-12", "limits": ["nvidia-h100-sxm5", "value"],
			"reasons": [_licence("covered by licence D1 (expires 2027-01-12): AE, product nvidia-h100-sxm5, end user assigned to it by J. Rivera on 2026-03-01 (ledger row 7, falcon.yaml:3: the same company (trade licence 12345)); drawn on its limit for nvidia-h100-sxm5 and value")],
			"exhausted": _exhausted("licence D1 has no room for this line"),
		}]},
		{"blocked": [], "eligible": [], "ineligible": [{"kind": "license", "number": "D1", "decides": false, "reasons": [_elsewhere("licence D1 does not cover this line: it does not list destination SA (it lists AE)")]}]},
		{"blocked": [], "eligible": [], "ineligible": [{"kind": "license", "number": "D1", "reasons": [_licence("licence D1 does not cover this line: it does not name this end user")]}]},
		{"blocked": [], "ineligible": [], "eligible": [{
			"kind": "notification", "number": "NAC-1", "expires": "", "limits": ["quantity", "value"],
			"reasons": [_notification("License Exception NAC under notification NAC-1 (filed 2026-02-05, confirmation A123456, usable from 2026-03-02; 10 units and 15,990 USD notified for CN; end user assigned to it by J. Rivera on 2026-03-01 (ledger row 7, falcon.yaml:3: the same company (trade licence 12345)))")],
			"exhausted": _notification_exhausted("notification NAC-1 has no room for this line"),
		}]},
	]
}

# An assignment made after the ship date does not reach back: the line
# shipped before anyone said the record named its end user.
test_assignment_after_ship_date if {
	recs := object.union(_records, {"licences": {"D1": object.union(_records.licences.D1, {"assigned": _assigned})}})
	dc := object.union(_line("2026-02-28", _required, []), object.union(_as("Falcon Compute DC", "falcon compute dc"), {"licences": ["D1"]}))
	got := authorization.results with input as {"lines": [dc]} with data.records as recs
	got == [{"blocked": [], "eligible": [], "ineligible": [{"kind": "license", "number": "D1", "reasons": [_licence("licence D1 does not cover this line: it does not name this end user (it was assigned to it by J. Rivera on 2026-03-01 (ledger row 7, falcon.yaml:3), after the ship date)")]}]}]
}

# An assignment applies from the day it was made.
test_assignment_from if {
	authorization.assignment_from(_assigned["falcon compute dc"]) == "2026-03-01"
	authorization.assignment_from({"at": "2026-03-10"}) == "2026-03-10"
}

# Which lines an assignment names, and the days the checker's cache keys
# by, follow authorization.assignment_from: under a rule that has one
# apply from the day after it was made, a line shipping on that day is not
# named, and the day after is a record date.
test_assignment_from_decides if {
	recs := object.union(_records, {"licences": {"D1": object.union(_records.licences.D1, {"assigned": _assigned})}})
	dc := object.union(_line("2026-03-01", _required, []), object.union(_as("Falcon Compute DC", "falcon compute dc"), {"licences": ["D1"]}))
	named := authorization.results with input as {"lines": [dc]} with data.records as recs
	named == [{"blocked": [], "ineligible": [], "eligible": [{
		"kind": "license", "number": "D1", "expires": "2027-01-12", "limits": ["nvidia-h100-sxm5", "value"],
		"reasons": [_licence("covered by licence D1 (expires 2027-01-12): AE, product nvidia-h100-sxm5, end user assigned to it by J. Rivera on 2026-03-01 (ledger row 7, falcon.yaml:3: the same company (trade licence 12345)); drawn on its limit for nvidia-h100-sxm5 and value")],
		"exhausted": _exhausted("licence D1 has no room for this line"),
	}]}]
	later := authorization.results with input as {"lines": [dc]} with data.records as recs with authorization.assignment_from as _day_after
	later == [{"blocked": [], "eligible": [], "ineligible": [{"kind": "license", "number": "D1", "reasons": [_licence("licence D1 does not cover this line: it does not name this end user (it was assigned to it by J. Rivera on 2026-03-01 (ledger row 7, falcon.yaml:3), after the ship date)")]}]}]
	dates := authorization.record_dates with data.records as recs with authorization.assignment_from as _day_after
	dates.licences.D1 == ["2026-01-12", "2026-03-02", "2027-01-13"]
}

_day_after(a) := authorization._plus_days(a.at, 1)

# A withdrawn assignment names the end user no more: the line is judged
# as if it had never been made, and the fault says who withdrew it, when
# and why. A status the policy does not know is not in force either.
test_withdrawn_assignment if {
	withdrawn := {"falcon compute dc": object.union(_assigned["falcon compute dc"], {
		"status": "withdrawn", "by": "K. Osei", "at": "2026-03-05", "reason": "a different company after all", "file": "ledger row 9, falcon.yaml",
	})}
	unknown := {"falcon compute dc": object.union(_assigned["falcon compute dc"], {"status": "pending"})}
	recs := object.union(_records, {
		"licences": {"D1": object.union(_records.licences.D1, {"assigned": withdrawn}), "D2": object.union(_records.licences.D1, {"number": "D2", "assigned": unknown})},
		"notifications": {"NAC-1": object.union(_records.notifications["NAC-1"], {"assigned": withdrawn})},
	})
	dc := object.union(_line("2026-03-06", _required, []), object.union(_as("Falcon Compute DC", "falcon compute dc"), {"licences": ["D1", "D2"]}))
	nac := object.union(_nac_line("2026-03-06", "NAC"), _as("Falcon Compute DC", "falcon compute dc"))
	got := authorization.results with input as {"lines": [dc, nac]} with data.records as recs
	got == [
		{"blocked": [], "eligible": [], "ineligible": [
			{"kind": "license", "number": "D1", "reasons": [_licence("licence D1 does not cover this line: it does not name this end user (its assignment was withdrawn by K. Osei on 2026-03-05 (ledger row 9, falcon.yaml:3: a different company after all))")]},
			{"kind": "license", "number": "D2", "reasons": [_licence("licence D2 does not cover this line: it does not name this end user")]},
		]},
		{"blocked": [], "eligible": [], "ineligible": [{"kind": "notification", "number": "NAC-1", "reasons": [_notification("notification NAC-1 does not cover this line: it does not name this end user (its assignment was withdrawn by K. Osei on 2026-03-05 (ledger row 9, falcon.yaml:3: a different company after all))")]}]},
	]
}

# A licence that lists the item's filing ECCN (a .z paragraph, as the
# vendor files a DGX H100) covers it when the classification named that
# ECCN for the line; one that lists neither it nor the computed paragraph
# says both, as does one listing the entry above the .z paragraph (5A002).
test_filing_eccn if {
	z := {
		"number": "Z1", "kind": "license", "status": "active", "issued": "2024-01-01", "expires": "2027-01-01",
		"items": {"products": [], "eccns": ["5A002.z"]}, "destinations": ["AE"],
		"end_users": ["Falcon LLC"], "end_user_keys": ["falcon llc"], "end_user_spellings": [{"spelling": "falcon llc"}],
		"quantity_limits": {"5A002.z": 10}, "conditions": "", "flags": [], "file": "records/z1.yaml", "line": 1,
	}
	other := object.union(z, {"number": "Z2", "items": {"products": [], "eccns": ["5A992.z"]}, "quantity_limits": {"5A992.z": 10}})
	above := object.union(z, {"number": "Z3", "items": {"products": [], "eccns": ["5A002"]}, "quantity_limits": {"5A002": 10}})
	recs := object.union(_records, {"licences": {"Z1": z, "Z2": other, "Z3": above}})
	filed := {"decision": "license_required", "exception": "", "eccn": "4A090.a", "rules": ["classify.4a090", "classify.filing_eccn", "license.destination.d145"]}
	dgx := object.union(_line("2026-03-02", filed, []), {"product": "nvidia-dgx-h100", "licences": ["Z1", "Z2", "Z3"]})
	unnamed := object.union(dgx, {"outcome": object.union(filed, {"rules": ["classify.4a090", "license.destination.d145"]})})
	got := authorization.results with input as {"lines": [dgx, unnamed]} with data.records as recs
	got == [
		{
			"blocked": [], "eligible": [{
				"kind": "license", "number": "Z1", "expires": "2027-01-01", "limits": ["5A002.z"],
				"reasons": [_licence("covered by licence Z1 (expires 2027-01-01): AE, ECCN 5A002.z.1 (the item's filing ECCN), end user named; drawn on its limit for 5A002.z")],
				"exhausted": _exhausted("licence Z1 has no room for this line"),
			}],
			"ineligible": [
				{"kind": "license", "number": "Z2", "decides": false, "reasons": [_elsewhere("licence Z2 does not cover this line: it covers neither product nvidia-dgx-h100 nor ECCN 4A090.a (filed as 5A002.z.1)")]},
				{"kind": "license", "number": "Z3", "decides": false, "reasons": [_elsewhere("licence Z3 does not cover this line: it covers neither product nvidia-dgx-h100 nor ECCN 4A090.a (filed as 5A002.z.1)")]},
			],
		},
		{"blocked": [], "eligible": [], "ineligible": [
			{"kind": "license", "number": "Z1", "decides": false, "reasons": [_elsewhere("licence Z1 does not cover this line: it covers neither product nvidia-dgx-h100 nor ECCN 4A090.a")]},
			{"kind": "license", "number": "Z2", "decides": false, "reasons": [_elsewhere("licence Z2 does not cover this line: it covers neither product nvidia-dgx-h100 nor ECCN 4A090.a")]},
			{"kind": "license", "number": "Z3", "decides": false, "reasons": [_elsewhere("licence Z3 does not cover this line: it covers neither product nvidia-dgx-h100 nor ECCN 4A090.a")]},
		]},
	]
}

# A record names the party it is written for: spelt alike but for case,
# punctuation and how a legal form is written. Another legal form, one
# left out, a qualifier in parentheses or a further party after ";" is
# another party until a person assigns it; the fault says how the record
# spells the name.
test_end_user_spelling if {
	falcon := object.union(_line("2026-03-02", _required, []), {"licences": ["D1"]})
	lines := [
		object.union(falcon, _as("FALCON, L.L.C.", "falcon llc")),
		object.union(falcon, object.union(_as("Falcon", "falcon"), {"end_user_key": "falcon llc"})),
		object.union(falcon, object.union(_as("Falcon Inc", "falcon inc"), {"end_user_key": "falcon llc"})),
		object.union(falcon, object.union(_as("Falcon LLC (Beijing)", "falcon llc beijing"), {"end_user_key": "falcon llc"})),
		object.union(falcon, object.union(_as("Falcon LLC; Other Party", "falcon llc other party"), {"end_user_key": "falcon llc"})),
		object.union(_nac_line("2026-03-02", "NAC"), _as("PEARL RIVER", "pearl river")),
		object.union(_nac_line("2026-03-02", "NAC"), object.union(_as("Pearl River Holding", "pearl river holding"), {"end_user_key": "pearl river"})),
	]
	covered := {"blocked": [], "ineligible": [], "eligible": [{
		"kind": "license", "number": "D1", "expires": "2027-01-12", "limits": ["nvidia-h100-sxm5", "value"],
		"reasons": [_licence("covered by licence D1 (expires 2027-01-12): AE, product nvidia-h100-sxm5, end user named; drawn on its limit for nvidia-h100-sxm5 and value")],
		"exhausted": _exhausted("licence D1 has no room for this line"),
	}]}
	_results(lines) == [
		covered,
		_not_named("Falcon"),
		_not_named("Falcon Inc"),
		_not_named("Falcon LLC (Beijing)"),
		_not_named("Falcon LLC; Other Party"),
		{"blocked": [], "ineligible": [], "eligible": [{
			"kind": "notification", "number": "NAC-1", "expires": "", "limits": ["quantity", "value"],
			"reasons": [_notification("License Exception NAC under notification NAC-1 (filed 2026-02-05, confirmation A123456, usable from 2026-03-02; 10 units and 15,990 USD notified for CN)")],
			"exhausted": _notification_exhausted("notification NAC-1 has no room for this line"),
		}]},
		{"blocked": [], "eligible": [], "ineligible": [{"kind": "notification", "number": "NAC-1", "reasons": [_notification("notification NAC-1 does not cover this line: it names \"Pearl River\", not \"Pearl River Holding\" as the order writes it: another legal form, one left out or a further name may be another party (if it is the same party, a person assigns this end user to the record)")]}]},
	]
}

_not_named(name) := {"blocked": [], "eligible": [], "ineligible": [{"kind": "license", "number": "D1", "reasons": [_licence(concat("", [
	"licence D1 does not cover this line: it names \"Falcon LLC\", not \"", name,
	"\" as the order writes it: another legal form, one left out or a further name may be another party (if it is the same party, a person assigns this end user to the record)",
]))]}]}

# The products the package reads beyond the reasons: those the records
# list or limit (a limit's key may be an ECCN), and those with a filing
# ECCN of their own.
test_products_read if {
	products := {"dgx-h100": {"filing_eccn": {"value": "5A992.z"}}, "nvidia-h20": {"tpp": {"value": 2368}}}
	got := authorization.products_read with data.records as _records with data.products as products
	got == {"3A090", "dgx-h100", "nvidia-a100-sxm4-80gb", "nvidia-h100-sxm5", "nvidia-rtx-4090"}
}

# Every limit of a licence that applies to a line is drawn, and the line
# must fit each: the product's, then every ECCN limit its ECCN (or filing
# ECCN) falls within, the most specific first, then the value limit. A
# limit for an ECCN the line is not within is not drawn.
test_every_limit_drawn if {
	m := {
		"number": "M1", "kind": "license", "status": "active", "issued": "2026-01-01", "expires": "2027-01-01",
		"items": {"products": ["nvidia-h20"], "eccns": ["3A090", "4A090", "5A002.z"]}, "destinations": ["AE"],
		"end_users": ["Falcon LLC"], "end_user_keys": ["falcon llc"], "end_user_spellings": [{"spelling": "falcon llc"}],
		"quantity_limits": {"nvidia-h20": 100, "3A090": 50, "3A090.a": 20, "4A090": 5, "5A002.z": 7},
		"value_limit_usd": 1000000, "conditions": "", "flags": [], "file": "records/m1.yaml", "line": 1,
	}
	recs := object.union(_records, {"licences": {"M1": m}})
	h20 := object.union(_line("2026-03-02", _required, []), {"product": "nvidia-h20", "licences": ["M1"]})
	h100 := object.union(h20, {"product": "nvidia-h100-sxm5"})
	filed := {"decision": "license_required", "exception": "", "eccn": "4A090.a", "rules": ["classify.4a090", "classify.filing_eccn", "license.destination.d145"]}
	dgx := object.union(_line("2026-03-02", filed, []), {"product": "nvidia-dgx-h100", "licences": ["M1"]})
	got := authorization.results with input as {"lines": [h20, h100, dgx]} with data.records as recs
	got == [
		{"blocked": [], "ineligible": [], "eligible": [{
			"kind": "license", "number": "M1", "expires": "2027-01-01", "limits": ["nvidia-h20", "3A090.a", "3A090", "value"],
			"reasons": [_licence("covered by licence M1 (expires 2027-01-01): AE, product nvidia-h20, end user named; drawn on its limit for nvidia-h20, 3A090.a, 3A090 and value")],
			"exhausted": _exhausted("licence M1 has no room for this line"),
		}]},
		{"blocked": [], "ineligible": [], "eligible": [{
			"kind": "license", "number": "M1", "expires": "2027-01-01", "limits": ["3A090.a", "3A090", "value"],
			"reasons": [_licence("covered by licence M1 (expires 2027-01-01): AE, ECCN 3A090.a, end user named; drawn on its limit for 3A090.a, 3A090 and value")],
			"exhausted": _exhausted("licence M1 has no room for this line"),
		}]},
		{"blocked": [], "ineligible": [], "eligible": [{
			"kind": "license", "number": "M1", "expires": "2027-01-01", "limits": ["5A002.z", "4A090", "value"],
			"reasons": [_licence("covered by licence M1 (expires 2027-01-01): AE, ECCN 4A090.a, end user named; drawn on its limit for 5A002.z, 4A090 and value")],
			"exhausted": _exhausted("licence M1 has no room for this line"),
		}]},
	]
}

# The reason the checker gives a record with limits where what earlier
# orders drew is not known: the rule and citation, and a message it
# completes with the record and why.
test_uncounted if {
	authorization.uncounted == {
		"rule": "authorization.uncounted",
		"citation": "15 CFR 750.7(a) (a licence authorizes only the transaction it describes, within its quantities and value)",
		"message": "what earlier orders drew on its limits is not known",
	}
}

# A17: a notification never covers a line that needs a licence.
test_notification_not_for_licence_required if {
	l := object.union(_nac_line("2026-03-02", ""), {"outcome": {"decision": "license_required", "exception": "", "eccn": "3A090.a", "rules": ["classify.3a090.a.1", "license.destination.d145"]}})
	_results([l]) == [{"blocked": [], "eligible": [], "ineligible": [{"kind": "notification", "number": "NAC-1", "decides": false, "reasons": [_elsewhere("notification NAC-1 does not cover this line: the line is license_required, not License Exception NAC")]}]}]
}

# A21: a notification filed for CN does not cover a line to MO.
test_notification_other_destination if {
	l := object.union(_nac_line("2026-03-02", "NAC"), {"destination": "MO"})
	_results([l]) == [{"blocked": [], "eligible": [], "ineligible": [{"kind": "notification", "number": "NAC-1", "decides": false, "reasons": [_elsewhere("notification NAC-1 does not cover this line: it was filed for CN, not MO")]}]}]
}

# A03: a licence is valid on its expiry date.
test_licence_on_expiry_day if {
	[r] := _results([object.union(_line("2027-01-12", _required, []), {"licences": ["D1"]})])
	[e.number | some e in r.eligible] == ["D1"]
}

# A08: a licence that sets no limit for the item does not cover it.
test_licence_without_limit if {
	nolimit := object.union(object.remove(_records.licences.D1, ["quantity_limits", "value_limit_usd", "items"]), {"number": "N1", "items": {"products": [], "eccns": ["3A090"]}, "quantity_limits": {"nvidia-a100-sxm4-80gb": 5}})
	recs := object.union(_records, {"licences": {"N1": nolimit}})
	got := authorization.results with input as {"lines": [object.union(_line("2026-03-02", _required, []), {"licences": ["N1"]})]} with data.records as recs
	got[0].eligible == []
	got[0].ineligible[0].reasons[0].message == "licence N1 does not cover this line: it sets no quantity or value limit for product nvidia-h100-sxm5 or ECCN 3A090.a"
}

# A09: an assignment made on the ship date covers that line.
test_assignment_same_day if {
	recs := object.union(_records, {"licences": {"D1": object.union(_records.licences.D1, {"assigned": _assigned})}})
	dc := object.union(_line("2026-03-01", _required, []), object.union(_as("Falcon Compute DC", "falcon compute dc"), {"licences": ["D1"]}))
	got := authorization.results with input as {"lines": [dc]} with data.records as recs
	[e.number | some e in got[0].eligible] == ["D1"]
}

# A25: a sanctions programme blocks the records.
test_sanctions_block if {
	l := object.union(_line("2026-03-02", {"decision": "license_required", "exception": "", "eccn": "3A090.a", "rules": ["classify.3a090.a.1", "license.sanctions"]}, []), {"destination": "RU"})
	count(_results([l])[0].blocked) == 1
}

# A licence that would cover the line but is revoked or suspended covers
# nothing: its status is the only fault.
test_inactive_licence_covers_nothing if {
	recs := object.union(_records, {"licences": {
		"D1": object.union(_records.licences.D1, {"status": "revoked"}),
		"D2": object.union(_records.licences.D1, {"number": "D2", "status": "suspended"}),
	}})
	l := object.union(_line("2026-03-02", _required, []), {"licences": ["D1", "D2"]})
	got := authorization.results with input as {"lines": [l]} with data.records as recs
	got == [{"blocked": [], "eligible": [], "ineligible": [
		{"kind": "license", "number": "D1", "reasons": [_licence("licence D1 does not cover this line: it is revoked")]},
		{"kind": "license", "number": "D2", "reasons": [_licence("licence D2 does not cover this line: it is suspended")]},
	]}]
}

# A licence revoked or suspended from a day its record gives still covers
# what ships before that day, exactly as it did while active; from the day
# on, its status is its only fault, with the day. The day is one of the
# record's dates.
test_status_from if {
	recs := object.union(_records, {"licences": {
		"D1": object.union(_records.licences.D1, {"status": "revoked", "status_from": "2026-03-10"}),
		"D2": object.union(_records.licences.D1, {"number": "D2", "status": "suspended", "status_from": "2026-03-10"}),
	}})
	active := object.union(_records, {"licences": {
		"D1": _records.licences.D1,
		"D2": object.union(_records.licences.D1, {"number": "D2"}),
	}})
	before := object.union(_line("2026-03-09", _required, []), {"licences": ["D1", "D2"]})
	got_before := authorization.results with input as {"lines": [before]} with data.records as recs
	got_before == authorization.results with input as {"lines": [before]} with data.records as active
	count(got_before[0].eligible) == 2
	on := object.union(_line("2026-03-10", _required, []), {"licences": ["D1", "D2"]})
	got_on := authorization.results with input as {"lines": [on]} with data.records as recs
	got_on == [{"blocked": [], "eligible": [], "ineligible": [
		{"kind": "license", "number": "D1", "reasons": [_licence("licence D1 does not cover this line: it is revoked from 2026-03-10")]},
		{"kind": "license", "number": "D2", "reasons": [_licence("licence D2 does not cover this line: it is suspended from 2026-03-10")]},
	]}]
	dates := authorization.record_dates with data.records as recs
	dates.licences.D1 == ["2026-01-12", "2026-03-10", "2027-01-13"]
}

# An end user assigned to a notification after the ship date is not named
# for that line (the assignment does not reach back); on the day it was
# made it is. The notification is usable from 2026-03-02 throughout.
test_notification_assignment_date if {
	late := {"pearl river dc": object.union(_assigned["falcon compute dc"], {"end_user": "Pearl River DC", "at": "2026-03-10"})}
	recs := object.union(_records, {"notifications": {"NAC-1": object.union(_records.notifications["NAC-1"], {"assigned": late})}})
	before := object.union(_nac_line("2026-03-09", "NAC"), _as("Pearl River DC", "pearl river dc"))
	same_day := object.union(_nac_line("2026-03-10", "NAC"), _as("Pearl River DC", "pearl river dc"))
	got := authorization.results with input as {"lines": [before, same_day]} with data.records as recs
	got == [
		{"blocked": [], "eligible": [], "ineligible": [{"kind": "notification", "number": "NAC-1", "reasons": [_notification("notification NAC-1 does not cover this line: it does not name this end user (it was assigned to it by J. Rivera on 2026-03-10 (ledger row 7, falcon.yaml:3), after the ship date)")]}]},
		{"blocked": [], "ineligible": [], "eligible": [{
			"kind": "notification", "number": "NAC-1", "expires": "", "limits": ["quantity", "value"],
			"reasons": [_notification("License Exception NAC under notification NAC-1 (filed 2026-02-05, confirmation A123456, usable from 2026-03-02; 10 units and 15,990 USD notified for CN; end user assigned to it by J. Rivera on 2026-03-10 (ledger row 7, falcon.yaml:3: the same company (trade licence 12345)))")],
			"exhausted": _notification_exhausted("notification NAC-1 has no room for this line"),
		}]},
	]
}

# An end user the record itself names is named by it, whether or not a
# person also assigned that spelling: the reason says so, not the
# assignment.
test_named_end_user_also_assigned if {
	also := {"falcon llc": object.union(_assigned["falcon compute dc"], {"end_user": "Falcon LLC"})}
	recs := object.union(_records, {
		"licences": {"D1": object.union(_records.licences.D1, {"assigned": also})},
		"notifications": {"NAC-1": object.union(_records.notifications["NAC-1"], {"assigned": {"pearl river": also["falcon llc"]}})},
	})
	l := object.union(_line("2026-03-02", _required, []), {"licences": ["D1"]})
	got := authorization.results with input as {"lines": [l, _nac_line("2026-03-02", "NAC")]} with data.records as recs
	got == [
		{"blocked": [], "ineligible": [], "eligible": [{
			"kind": "license", "number": "D1", "expires": "2027-01-12", "limits": ["nvidia-h100-sxm5", "value"],
			"reasons": [_licence("covered by licence D1 (expires 2027-01-12): AE, product nvidia-h100-sxm5, end user named; drawn on its limit for nvidia-h100-sxm5 and value")],
			"exhausted": _exhausted("licence D1 has no room for this line"),
		}]},
		{"blocked": [], "ineligible": [], "eligible": [{
			"kind": "notification", "number": "NAC-1", "expires": "", "limits": ["quantity", "value"],
			"reasons": [_notification("License Exception NAC under notification NAC-1 (filed 2026-02-05, confirmation A123456, usable from 2026-03-02; 10 units and 15,990 USD notified for CN)")],
			"exhausted": _notification_exhausted("notification NAC-1 has no room for this line"),
		}]},
	]
}

# A licence listing both the product and the item's filing ECCN covers it
# by the product (the reason names that once); a filing ECCN the same as
# the computed one (an HGX H100 filed as 4A090.a) is not repeated as
# "filed as".
test_filing_eccn_beside_product if {
	both := {
		"number": "Z4", "kind": "license", "status": "active", "issued": "2024-01-01", "expires": "2027-01-01",
		"items": {"products": ["nvidia-dgx-h100"], "eccns": ["5A002.z"]}, "destinations": ["AE"],
		"end_users": ["Falcon LLC"], "end_user_keys": ["falcon llc"], "end_user_spellings": [{"spelling": "falcon llc"}],
		"quantity_limits": {"nvidia-dgx-h100": 10}, "conditions": "", "flags": [], "file": "records/z4.yaml", "line": 1,
	}
	recs := object.union(_records, {"licences": {"Z4": both}})
	filed := {"decision": "license_required", "exception": "", "eccn": "4A090.a", "rules": ["classify.4a090", "classify.filing_eccn", "license.destination.d145"]}
	dgx := object.union(_line("2026-03-02", filed, []), {"product": "nvidia-dgx-h100", "licences": ["Z4"]})
	hgx := object.union(dgx, {"product": "nvidia-hgx-h100"})
	got := authorization.results with input as {"lines": [dgx, hgx]} with data.records as recs
	got == [
		{"blocked": [], "ineligible": [], "eligible": [{
			"kind": "license", "number": "Z4", "expires": "2027-01-01", "limits": ["nvidia-dgx-h100"],
			"reasons": [_licence("covered by licence Z4 (expires 2027-01-01): AE, product nvidia-dgx-h100, end user named; drawn on its limit for nvidia-dgx-h100")],
			"exhausted": _exhausted("licence Z4 has no room for this line"),
		}]},
		{"blocked": [], "eligible": [], "ineligible": [{"kind": "license", "number": "Z4", "decides": false, "reasons": [_elsewhere("licence Z4 does not cover this line: it covers neither product nvidia-hgx-h100 nor ECCN 4A090.a")]}]},
	]
}

# A licence naming a consignee covers a line shipping to that consignee
# (spelt alike, as end users are compared), not one shipping to another
# party, nor one that names no consignee; a licence naming none is not
# asked (D1 covers all three lines).
test_consignee if {
	c1 := object.union(_records.licences.D1, {
		"number": "C1", "consignee": "Falcon Compute Data Center LLC",
		"consignee_spelling": {"spelling": "falcon compute data center llc"},
	})
	recs := object.union(_records, {"licences": {"C1": c1}})
	base := object.union(_line("2026-03-02", _required, []), {"licences": ["C1", "D1"]})
	lines := [
		object.union(base, {"consignee": "Falcon Compute Data Center, L.L.C.", "consignee_spelling": {"spelling": "falcon compute data center llc"}}),
		object.union(base, {"consignee": "Gulf Freight FZE", "consignee_spelling": {"spelling": "gulf freight fze"}}),
		base,
	]
	d1 := {
		"kind": "license", "number": "D1", "expires": "2027-01-12", "limits": ["nvidia-h100-sxm5", "value"],
		"reasons": [_licence("covered by licence D1 (expires 2027-01-12): AE, product nvidia-h100-sxm5, end user named; drawn on its limit for nvidia-h100-sxm5 and value")],
		"exhausted": _exhausted("licence D1 has no room for this line"),
	}
	r := authorization.results with input as {"lines": lines} with data.records as recs
	r == [
		{"blocked": [], "ineligible": [], "eligible": [
			{
				"kind": "license", "number": "C1", "expires": "2027-01-12", "limits": ["nvidia-h100-sxm5", "value"],
				"reasons": [_licence("covered by licence C1 (expires 2027-01-12): AE, product nvidia-h100-sxm5, end user named, consignee Falcon Compute Data Center LLC; drawn on its limit for nvidia-h100-sxm5 and value")],
				"exhausted": _exhausted("licence C1 has no room for this line"),
			},
			d1,
		]},
		{"blocked": [], "eligible": [d1], "ineligible": [_c1_not(`it names consignee "Falcon Compute Data Center LLC", not "Gulf Freight FZE" as the order writes it`)]},
		{"blocked": [], "eligible": [d1], "ineligible": [_c1_not(`it names consignee "Falcon Compute Data Center LLC"; the order names none (give a consignee column)`)]},
	]
	authorization.consignee_read with data.records as recs == {"licences": {"C1"}, "notifications": set()}
}

# A notification naming its ultimate consignee (BIS allows one a
# notification) covers a line shipping to that consignee, spelt alike, and
# says so; not one shipping to another party, nor one naming none.
test_notification_consignee if {
	n1 := object.union(_records.notifications["NAC-1"], {"consignee": "Pearl River Logistics Co., Ltd.", "consignee_spelling": {"spelling": "pearl river logistics co ltd"}})
	recs := object.union(_records, {"notifications": {"NAC-1": n1}})
	base := _nac_line("2026-03-02", "NAC")
	lines := [
		object.union(base, {"consignee": "PEARL RIVER LOGISTICS CO LTD", "consignee_spelling": {"spelling": "pearl river logistics co ltd"}}),
		object.union(base, {"consignee": "Shenzhen Freight", "consignee_spelling": {"spelling": "shenzhen freight"}}),
		base,
	]
	r := authorization.results with input as {"lines": lines} with data.records as recs
	r == [
		{"blocked": [], "ineligible": [], "eligible": [{
			"kind": "notification", "number": "NAC-1", "expires": "", "limits": ["quantity", "value"],
			"reasons": [_notification("License Exception NAC under notification NAC-1 (filed 2026-02-05, confirmation A123456, usable from 2026-03-02; 10 units and 15,990 USD notified for CN, consignee Pearl River Logistics Co., Ltd.)")],
			"exhausted": _notification_exhausted("notification NAC-1 has no room for this line"),
		}]},
		_nac1_not(`it names consignee "Pearl River Logistics Co., Ltd.", not "Shenzhen Freight" as the order writes it`),
		_nac1_not(`it names consignee "Pearl River Logistics Co., Ltd."; the order names none (give a consignee column)`),
	]
	authorization.consignee_read with data.records as recs == {"licences": set(), "notifications": {"NAC-1"}}
}

_nac1_not(fault) := {"blocked": [], "eligible": [], "ineligible": [{"kind": "notification", "number": "NAC-1", "reasons": [_notification(concat("", ["notification NAC-1 does not cover this line: ", fault]))]}]}

_c1_not(fault) := {"kind": "license", "number": "C1", "reasons": [_licence(concat("", ["licence C1 does not cover this line: ", fault]))]}
