# METADATA
# title: Example policy
# description: A small policy for the reference golden test.
package example

# METADATA
# title: Old rule
# description: |
#   License required to X under the old rule.
#   A second line.
# custom:
#   id: example.old
#   citation: 1 FR 1
#   effective: "2020-01-01"
#   effective_until: "2021-01-01"
old(d) if d < "2021-01-01"

# METADATA
# title: New rule
# custom:
#   id: example.new
#   citation: 2 FR 2 | with a pipe
#   effective: "2021-01-01"
new(d) if d >= "2021-01-01"

# METADATA
# title: Helper without an id
# description: Not every rule has an id.
helper := 1

_unannotated := 2
