# METADATA
# title: Names of parties on records
# description: |
#   When a name on a record (a licence, VEU, notification, assignment or
#   clearance) names the party an order names. The checker hands both
#   names as "spelling" (screening.Spell): every word in order in ASCII
#   lower case without punctuation, legal forms written one way.
package exportcheck.names

# METADATA
# title: Same party
# description: |
#   Two names are the same party when they are spelt alike: case,
#   punctuation and the spelling of a legal form aside ("Falcon Compute,
#   L.L.C." is "Falcon Compute LLC", "Co., Limited" is "Co., Ltd.").
#   Another legal form ("Falcon Compute Inc"), a legal form left out
#   ("Falcon Compute"), a further name or qualifier ("Falcon Compute LLC
#   (Beijing)", "Falcon Compute LLC; Other Party") is another party until a
#   person says otherwise (an assignment, a clearance of that name):
#   screening's looser form finds candidates, but a record speaks only of
#   the party it names. A clearance made for "Rosneft Trade" must not clear
#   "Rosneft Trade Limited", the listed party.
# custom:
#   id: names.same_party
#   citation: 15 CFR 750.7(a) (a licence authorizes only the transaction it describes); 15 CFR part 732, Supp. 3 (know your customer)
same_party(a, b) if a.spelling == b.spelling

# METADATA
# title: Another spelling
# description: |
#   Why a record's name is not taken for the order's: the fault's words,
#   naming both as written.
# custom:
#   id: names.other_party
other_party(record_names, written) := concat("", [
	"it names ", concat(" and ", [concat("", ["\"", n, "\""]) | some n in record_names]),
	", not \"", written, "\" as the order writes it: another legal form, one left out or a further name may be another party",
])
