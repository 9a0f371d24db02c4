package exportcheck.text_test

import data.exportcheck.text

test_num if {
	[text.num(0), text.num(999.4), text.num(15831.6), text.num(-1234), text.num(1234567), text.num(2000000000)] == ["0", "999", "15,832", "-1,234", "1,234,567", "2000000000"]
}

test_dec2_and_plain if {
	[text.dec2(5.915), text.dec2(19.449), text.dec2(4), text.dec2(-0.5), text.plain(608.5), text.plain(64)] == ["5.92", "19.45", "4.00", "-0.50", "608.5", "64"]
}

# A figure just short of a threshold never reads as the threshold.
test_near_thresholds if {
	[
		text.dec2_near(0.9299, [0.93]), text.dec2_near(0.93, [0.93]), text.dec2_near(0.92999999, [0.93]),
		text.dec2_near(5.9199, [1.6, 5.92]), text.dec2_near(1.599, [1.6, 5.92]), text.dec2_near(0.5, [0.93]),
		text.num_near(4799.6, [4800]), text.num_near(4800, [4800]), text.num_near(4800.4, [1600, 4800]), text.num_near(15831.6, [4800]), text.num_near(4799.996, [4800]),
	] == ["0.9299", "0.93", "0.92999999", "5.9199", "1.5990", "0.50", "4799.60", "4,800", "4800.40", "15,832", "4799.9960"]
}

# An authority two sources both cite is printed once, in first-seen order.
test_cite_once if {
	text.cite(["OFAC guidance, 79 FR 47726; 31 CFR chapter V", "31 CFR chapter V; 15 CFR 744.8 (OFAC SDN List)", ""]) == "OFAC guidance, 79 FR 47726; 31 CFR chapter V; 15 CFR 744.8 (OFAC SDN List)"
}

test_review_policy_words if {
	text.review_policy("presumption_of_denial") == "presumption of denial"
	text.review_policy("unspecified") == "review policy not stated"
	text.review_policy("") == ""
	text.review_policy("some_new_policy") == "some new policy"
}
