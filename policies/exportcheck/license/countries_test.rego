package exportcheck.license_test

import data.exportcheck.license

test_country_facts if {
	license.country_facts("CN", "2024-06-01") == {
		"in": {"D:1", "D:3", "D:4", "D:5"}, "embargo": [], "d145": true, "d5m": true,
		"groups": "D:1, D:4, D:5",
	}
	license.country_facts("IL", "2024-06-01") == {
		"in": {"A:6", "D:2", "D:3", "D:4"}, "embargo": [], "d145": false, "d5m": false,
		"groups": "A:6, D:4",
	}
	license.country_facts("MO", "2024-06-01") == {
		"in": {"D:1", "D:3", "D:4"}, "embargo": [], "d145": true, "d5m": true,
		"groups": "D:1, D:4",
	}
	license.country_facts("IR", "2024-06-01").embargo == ["E:1"]
	license.country_facts("BR", "2024-06-01") == {"in": set(), "embargo": [], "d145": false, "d5m": false, "groups": "named explicitly"}
}

test_in_group_over_time if {
	license.in_group("KH", "D:5", "2025-11-06")
	not license.in_group("KH", "D:5", "2025-11-07")
	not license.in_group("NI", "D:5", "2024-03-14")
	not license.in_group("NI", "D:1", "2024-03-14")
	license.in_group("NI", "D:5", "2024-03-15")
	license.in_group("NI", "D:1", "2024-03-15")
	not license.in_group("ET", "D:5", "2021-10-31")
	license.in_group("ET", "D:5", "2021-11-01")
	license.in_group("CY", "D:5", "2024-05-29")
	not license.in_group("CY", "D:5", "2024-05-30")
	not license.in_group("KH", "D:5", "2021-12-08")
	license.in_group("AE", "D:4", "2026-07-09")
	license.in_group("AE", "D:3", "2026-07-09")
	not license.in_group("AE", "A:5", "2026-07-09")
	not license.in_group("AE", "D:4", "2026-07-10")
	not license.in_group("AE", "D:3", "2026-07-10")
	license.in_group("AE", "A:5", "2026-07-10")
}

# 91 FR 43034 (effective 2026-07-10): the UAE leaves D:3/D:4 for A:5, so it
# drops out of the 2023 destination set, and joins the pseudo-group AC:UAE
# (the licence the rule keeps), which the group list leaves out.
test_uae_country_facts_2026 if {
	license.country_facts("AE", "2026-07-09") == {
		"in": {"D:3", "D:4"}, "embargo": [], "d145": true, "d5m": false,
		"groups": "D:4",
	}
	license.country_facts("AE", "2026-07-10") == {
		"in": {"A:5", "AC:UAE"}, "embargo": [], "d145": false, "d5m": false,
		"groups": "A:5",
	}
}

# The eCFR of 2026-07-23 (15 CFR part 740, Supp. No. 1, extracted from the
# eCFR XML in a public repository) lists the same members of A:5, A:6, D:1,
# D:4, D:5, E:1 and E:2 as data.countries on that date for every country but
# Ethiopia, which the D:5 note keeps in D:5 (22 CFR 126.1(n)). The countries
# whose groups changed by a dated rule, as of that date:
test_country_facts_ecfr_2026_07_23 if {
	facts := {c: license.country_facts(c, "2026-07-23") | some c in ["AE", "CY", "ET", "KH", "NI", "SY"]}
	facts == {
		"AE": {"in": {"A:5", "AC:UAE"}, "embargo": [], "d145": false, "d5m": false, "groups": "A:5"},
		"CY": {"in": {"A:6"}, "embargo": [], "d145": false, "d5m": false, "groups": "A:6"},
		"ET": {"in": {"D:5"}, "embargo": [], "d145": true, "d5m": true, "groups": "D:5"},
		"KH": {"in": {"D:1"}, "embargo": [], "d145": true, "d5m": false, "groups": "D:1"},
		"NI": {"in": {"D:1", "D:5"}, "embargo": [], "d145": true, "d5m": true, "groups": "D:1, D:5"},
		"SY": {"in": {"D:3", "D:4", "D:5", "E:1"}, "embargo": ["E:1"], "d145": true, "d5m": true, "groups": "D:4, D:5"},
	}
}
