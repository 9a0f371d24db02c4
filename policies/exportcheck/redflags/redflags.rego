# METADATA
# title: Red flags
# description: |
#   BIS red flags an order book can show (Supplement No. 3 to part 732; BIS
#   guidance of 2025-05-13 on diversion of advanced computing ICs), from
#   data.red_flags: each enabled red flag whose conditions all hold for a
#   line makes it "review" with the red flag's citation. A red flag is not
#   a licence requirement: where a licence is required anyway, its reason
#   is shown beside the requirement.
package exportcheck.redflags

import data.exportcheck.text

# METADATA
# title: Red flag
# description: |
#   An enabled red flag whose conditions (classes, datacenter,
#   destinations, end_user_hq, end_uses, shipment; a condition left out
#   matches every line) all hold for the line.
# custom:
#   id: red_flag
#   citation: 15 CFR part 732, Supp. 3; data.red_flags
requirements(ctx) := {req |
	some id, rf in data.red_flags
	rf.enabled == true
	ctx.cls.class in rf.classes
	_datacenter(rf, ctx.cls)
	_destination(rf, ctx)
	_hq(rf, ctx)
	_end_use(rf, ctx)
	_shipment(rf, ctx)
	m := rego.metadata.rule()
	req := {
		"effect": "review", "review_policy": "", "exception": "",
		"reasons": [text.reason_cited(m, rf.citation, concat("", [
			"red flag ", id, ": ", rf.title, " (", ctx.cls.eccn, " to ", ctx.dest_text, ")",
		]))],
	}
}

_datacenter(rf, _) if not "datacenter" in object.keys(rf)

_datacenter(rf, cls) if rf.datacenter == object.get(cls, "datacenter", null)

_destination(rf, _) if not rf.destinations

_destination(rf, ctx) if ctx.c in rf.destinations

_hq(rf, _) if not rf.end_user_hq

_hq(rf, ctx) if {
	rf.end_user_hq == "unknown"
	ctx.hq_unknown == true
}

_end_use(rf, _) if not rf.end_uses

_end_use(rf, ctx) if ctx.end_use in rf.end_uses

_shipment(rf, _) if not rf.shipment

_shipment(rf, ctx) if {
	rf.shipment == "export"
	ctx.export == true
}

_shipment(rf, ctx) if {
	rf.shipment == "reexport"
	ctx.export == false
}
