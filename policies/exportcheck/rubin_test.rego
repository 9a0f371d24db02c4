# NVIDIA Rubin (data/products.yaml nvidia-rubin, eleventh regulation watch):
# NVIDIA's preliminary figures, of which the lowest dense FP4 reading (25 PF,
# TPP 100,000) is entered; every reading the sources give is far above 4,800
# (3A090.a) and above the 2026 China threshold (TPP 21,000), so the lines are
# those of any 3A090.a datacenter chip. Whole results from the policy output,
# reviewed.
package exportcheck_test

import data.exportcheck

_rubin(dest, hq) := {"product": "nvidia-rubin", "destination": dest, "end_user_hq": hq, "date": "2026-12-01"}

_rubin_class := {
	"citation": "ECCN 3A090.a.1 (88 FR 73458)",
	"classification": true,
	"message": "3A090.a.1: TPP 100,000 ≥ 4,800 (FP4 25000 × 4 bits)",
	"rule": "classify.3a090.a.1",
}

_rubin_hq_cn := {
	"citation": "15 CFR 744.23(a)(3); 15 CFR 742.6(a)(6)(iii)(A); 88 FR 73458",
	"message": "license required for 3A090.a: end user headquartered in CN (D:5), wherever located outside the United States",
	"rule": "license.headquarters",
}

# To China: a licence, and the 2023 presumption of denial (TPP 100,000 is far
# over the 2026 case-by-case threshold of 21,000).
test_rubin_to_china_2026 if {
	exportcheck.decide(_rubin("CN", "CN"), "enforced") == {
		"deciding": 1, "decision": "license_required",
		"eccn": "3A090.a",
		"exception": "",
		"reasons": [
			_rubin_class,
			{
				"citation": "15 CFR 742.6(a)(6)(iii); 88 FR 73458",
				"message": "license required for 3A090.a to CN (D:1, D:4, D:5; not in A:5 or A:6)",
				"rule": "license.destination.d145",
			},
			_rubin_hq_cn,
		],
		"regime": "ear-2026-01-15",
		"review_policy": "presumption_of_denial",
	}
}

# To Germany for a German end user: no licence (AI Diffusion not enforced).
test_rubin_to_germany_2026 if {
	exportcheck.decide(_rubin("DE", "DE"), "enforced") == {
		"deciding": 1, "decision": "allow",
		"eccn": "3A090.a",
		"exception": "",
		"reasons": [
			_rubin_class,
			{
				"citation": "15 CFR 732.3 (NLR)",
				"message": "no license required for 3A090.a to DE (end user headquartered in DE)",
				"rule": "decision.nlr",
			},
		],
		"regime": "ear-2026-01-15",
		"review_policy": "",
	}
}

# To Germany for an end user headquartered in China: the headquarters rule.
test_rubin_to_germany_china_hq_2026 if {
	exportcheck.decide(_rubin("DE", "CN"), "enforced") == {
		"deciding": 1, "decision": "license_required",
		"eccn": "3A090.a",
		"exception": "",
		"reasons": [_rubin_class, _rubin_hq_cn],
		"regime": "ear-2026-01-15",
		"review_policy": "presumption_of_denial",
	}
}
