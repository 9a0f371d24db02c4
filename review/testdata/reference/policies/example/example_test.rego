package example_test

import data.example

# METADATA
# title: A test is not documented
# custom:
#   id: example.test
test_new if example.new("2022-01-01")
