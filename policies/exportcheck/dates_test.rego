# The first and last days of rules, letters and notices: each judged on
# the edge day, so that a date one day off fails.
package exportcheck.dates_test

import data.exportcheck

_d(p, dest, hq, date) := [r.decision, r.exception, r.review_policy] if r := exportcheck.decide({"product": p, "destination": dest, "end_user_hq": hq, "date": date}, "enforced")

test_unknown_hq_nac_or_aca if _d("nvidia-l40", "AE", "", "2024-06-01") == ["review", "", ""]
test_hq_notice_not_in_us if _d("nvidia-h20", "US", "MO", "2025-06-01") == ["allow", "", ""]
test_letter_last_day if _d("nvidia-a100-sxm4-80gb", "CN", "CN", "2022-10-06") == ["license_required", "", "unspecified"]
test_amd_letter_last_day if _d("amd-mi250x", "CN", "CN", "2022-10-06") == ["license_required", "", "unspecified"]
test_2023_notice_last_day if _d("nvidia-a800-sxm4-80gb", "CN", "CN", "2023-11-16") == ["license_required", "", "unspecified"]
test_aca_first_day if _d("nvidia-l40", "AE", "AE", "2024-04-04") == ["exception", "ACA", ""]
test_nac_day_before_aca if _d("nvidia-l40", "AE", "AE", "2024-04-03") == ["exception", "NAC", ""]
test_2026_first_day if _d("nvidia-h100-sxm5", "CN", "CN", "2026-01-15") == ["license_required", "", "case_by_case"]
test_2026_day_before if _d("nvidia-h100-sxm5", "CN", "CN", "2026-01-14") == ["license_required", "", "presumption_of_denial"]
test_russia_first_day if _d("nvidia-rtx-4060", "RU", "RU", "2022-02-24") == ["license_required", "", "policy_of_denial"]
test_belarus_first_day if _d("nvidia-rtx-4060", "BY", "BY", "2022-03-02") == ["license_required", "", "policy_of_denial"]
