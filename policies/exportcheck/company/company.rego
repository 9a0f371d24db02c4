# METADATA
# title: Company rules (extension point)
# description: |
#   A company adds its own requirements here by replacing this file with
#   `exportcheck check --policy DIR`, where DIR holds
#   exportcheck/company/company.rego. The embedded version adds none.
package exportcheck.company

# METADATA
# title: Company requirements
# description: |
#   The requirements a company adds for one order line: a set of
#   {"effect", "review_policy", "exception", "reasons"} objects, where effect
#   is one of the decisions. ctx holds the product ID (id; its data is
#   data.products[ctx.id]), its classification (cls: class, eccn, tpp,
#   datacenter), the date (d), the features of the rules in force (f), the
#   destination as given (dest) and as the EAR treats it (c), and the end
#   user's headquarters (hq; "" when unknown).
# custom:
#   id: company.requirements
#   citation: company policy
requirements(_) := set()
