# METADATA
# title: Number formatting for reasons
# description: Formats the numbers that reasons show, e.g. "15,832" and "19.45".
package exportcheck.text

# METADATA
# title: Integer with thousands separators
# description: Rounds x to the nearest integer and groups its digits by three.
# custom:
#   id: text.num
num(x) := _group(round(x)) if x >= 0

num(x) := concat("", ["-", _group(round(0 - x))]) if x < 0

_group(n) := format_int(n, 10) if n < 1000

_group(n) := sprintf("%d,%03d", [floor(n / 1000), n % 1000]) if {
	n >= 1000
	n < 1000000
}

_group(n) := sprintf("%d,%03d,%03d", [floor(n / 1000000), floor(n / 1000) % 1000, n % 1000]) if {
	n >= 1000000
	n < 1000000000
}

_group(n) := format_int(n, 10) if n >= 1000000000

# METADATA
# title: Two decimals
# description: Formats x with two decimals (performance density, scores).
# custom:
#   id: text.dec2
dec2(x) := _dec2(x) if x >= 0

dec2(x) := concat("", ["-", _dec2(0 - x)]) if x < 0

_dec2(x) := sprintf("%d.%02d", [floor(n / 100), n % 100]) if {
	n := round(x * 100)
}

# METADATA
# title: Integer beside thresholds
# description: |
#   x as num shows it, unless that reads as one of the thresholds ts that x
#   is not (a TPP of 4,799.6 beside 4,800): then with two decimals, so that
#   a reason never says "4,800 < 4,800" (more where two still do).
# custom:
#   id: text.num_near
num_near(x, ts) := num(x) if {
	not _num_reads_as(x, ts)
} else := dec2_near(x, ts)

# METADATA
# title: Two decimals beside thresholds
# description: |
#   x as dec2 shows it, unless that reads as one of the thresholds ts that
#   x is not (a score of 0.9299 beside a match threshold of 0.93): then
#   with four decimals, or as it is written when four still read so.
# custom:
#   id: text.dec2_near
dec2_near(x, ts) := dec2(x) if {
	not _dec2_reads_as(x, ts)
} else := _dec4(x) if {
	not _dec4_reads_as(x, ts)
} else := sprintf("%v", [x])

# Whether a format shows x as it shows a threshold of ts that x is not.
_num_reads_as(x, ts) if {
	some t in ts
	x != t
	num(x) == num(t)
}

_dec2_reads_as(x, ts) if {
	some t in ts
	x != t
	dec2(x) == dec2(t)
}

_dec4_reads_as(x, ts) if {
	some t in ts
	x != t
	_dec4(x) == _dec4(t)
}

_dec4(x) := _dec4_abs(x) if x >= 0

_dec4(x) := concat("", ["-", _dec4_abs(0 - x)]) if x < 0

_dec4_abs(x) := sprintf("%d.%04d", [floor(n / 10000), n % 10000]) if {
	n := round(x * 10000)
}

# METADATA
# title: Plain number
# description: Formats x as its shortest decimal representation (die areas, datasheet figures).
# custom:
#   id: text.plain
plain(x) := sprintf("%v", [x])

# METADATA
# title: Reason object
# description: |
#   Builds a reason from the METADATA of the rule that calls it (pass
#   rego.metadata.rule()), so a reason's id and citation have one copy: the
#   annotation on the rule that produced it.
# custom:
#   id: text.reason
reason(meta, message) := {
	"rule": meta.custom.id,
	"citation": meta.custom.citation,
	"message": message,
}

# METADATA
# title: Citations joined
# description: |
#   Joins citations with "; ", each authority once: two sources that both
#   cite one (an owner's list and the ownership rule both naming 31 CFR
#   chapter V) do not print it twice.
# custom:
#   id: text.cite
cite(parts) := concat("; ", [c |
	some i, c in all
	c != ""
	not c in array.slice(all, 0, i)
]) if {
	all := [trim_space(c) | some p in parts; some c in split(p, "; ")]
}

# METADATA
# title: Reason object with a citation from data
# description: As reason, for rules whose citation is a fact in data (notices, sanctions programmes, screening-list entries).
# custom:
#   id: text.reason_cited
reason_cited(meta, citation, message) := {
	"rule": meta.custom.id,
	"citation": citation,
	"message": message,
}

# METADATA
# title: Review policies in words
# description: |
#   What each review policy of a license requirement reads as in the
#   outputs people read (the POLICY column, the matrix): "unspecified" is a
#   requirement whose source (an is-informed letter) states no review
#   policy, and says so.
# custom:
#   id: text.review_policies
review_policies := {
	"presumption_of_approval": "presumption of approval",
	"case_by_case": "case by case",
	"unspecified": "review policy not stated",
	"presumption_of_denial": "presumption of denial",
	"policy_of_denial": "policy of denial",
}

# METADATA
# title: A review policy in words
# description: The words of review_policies for p; a policy it does not list as its name reads, "" for none.
# custom:
#   id: text.review_policy
review_policy(p) := review_policies[p]

review_policy(p) := replace(p, "_", " ") if not review_policies[p]
