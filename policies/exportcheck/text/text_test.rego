package exportcheck.text_test

import data.exportcheck.text

test_num if {
	[text.num(0), text.num(999.4), text.num(15831.6), text.num(-1234), text.num(1234567), text.num(2000000000)] == ["0", "999", "15,832", "-1,234", "1,234,567", "2000000000"]
}

test_dec2_and_plain if {
	[text.dec2(5.915), text.dec2(19.449), text.dec2(4), text.dec2(-0.5), text.plain(608.5), text.plain(64)] == ["5.92", "19.45", "4.00", "-0.50", "608.5", "64"]
}
