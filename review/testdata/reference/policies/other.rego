package another

# METADATA
# title: Another rule
# custom:
#   id: another.rule
#   citation: 15 CFR 1
allow := true
