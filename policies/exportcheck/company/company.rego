# METADATA
# title: Company rules (extension point)
# description: |
#   A company adds its own requirements here by replacing this file with
#   `exportcheck check --policy DIR`, where DIR holds
#   exportcheck/company/company.rego. The embedded version adds none.
#   (extension_point: a built-in Rego test this file changes is one a
#   company may list as an expected change; see docs/company.md.)
# custom:
#   extension_point: true
package exportcheck.company

# METADATA
# title: Company requirements
# description: |
#   The requirements a company adds for one order line: a set of
#   {"effect", "review_policy", "exception", "reasons"} objects, where effect
#   is one of the decisions. ctx holds the product ID (id; its data is
#   data.products[ctx.id]), its classification (cls: class, eccn, tpp,
#   datacenter), the date (d: the day that stands for the order's rule
#   period, so compare it only with dates in data; add your own dates with
#   --data), the features of the rules in force (f), the destination as
#   given (dest) and as the EAR treats it (c), and the end user's
#   headquarters as given (hq_given) and as the EAR treats it (hq); when it
#   is unknown (hq_unknown), the line is judged for each of
#   data.unknown_headquarters; the stated end use (end_use, a key of
#   data.end_uses, "" when none is known) and whether the line is an export
#   from the United States (export; false for a reexport or transfer).
# custom:
#   id: company.requirements
#   citation: company policy
requirements(_) := set()
