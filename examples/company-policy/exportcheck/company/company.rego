# METADATA
# title: Acme Corp. company rules
# description: Acme's own rules, on top of the regulation.
package exportcheck.company

import data.exportcheck.text

# METADATA
# title: Acme requirements
# description: The requirements Acme adds.
# custom:
#   id: company.requirements
#   citation: Acme export compliance manual
requirements(ctx) := gulf_review(ctx)

# METADATA
# title: Gulf diversion review
# description: Acme reviews every 3A090/4A090 shipment to the Gulf by hand (diversion risk), even where ACA or NLR applies.
# custom:
#   id: acme.gulf_review
#   citation: Acme export compliance manual, section 4.2
gulf_review(ctx) := {req |
	ctx.cls.class in {"a", "b"}
	ctx.c in {"AE", "SA", "QA", "BH", "KW", "OM"}
	req := {
		"effect": "review", "review_policy": "", "exception": "",
		"reasons": [text.reason(rego.metadata.rule(), concat("", [
			"Acme reviews ", ctx.cls.eccn, " to ", ctx.dest, " by hand (diversion risk)",
		]))],
	}
}
