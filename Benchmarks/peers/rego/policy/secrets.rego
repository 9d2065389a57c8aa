# Policies/secrets.yaml: no exception, model or team can allow a credential in a plain variable.
package lockstep

import rego.v1

no_plain_secrets := {"name": "no-plain-secrets", "owner": "security", "match": {}}

# SEC001: no private keys or tokens in plain variables (mandatory: never capped, never waived).
rule_info.SEC001 := {
	"policy": "no-plain-secrets",
	"severity": "error",
	"mandatory": true,
	"on": every_operation,
	"check": "state",
}

violation contains state_finding("SEC001", value_path(variables, v, x, values, n, y)) if {
	"SEC001" in applicable_rules
	variables := input.proposed.variables.variable
	listed := lists(variables)
	some v, x in variables
	values := reached(listed, x).value
	values_listed := lists(values)
	some n, y in values
	secret_looking(reached(values_listed, y).value)
}

# Cheap checks first: the shortest shape is 15 characters, and a token's fixed prefix is there
# before a regular expression is worth running.
secret_looking(text) if {
	is_string(text)
	count(text) >= 15
	secret_shape(text)
}

secret_shape(text) if contains(text, "PRIVATE KEY-----")

secret_shape(text) if {
	contains(text, "gh")
	regex.match(`gh[pousr]_[A-Za-z0-9]{20}|github_pat_[A-Za-z0-9_]{20}`, text)
}

secret_shape(text) if {
	aws_prefix(text)
	regex.match(`(AKIA|ASIA)[0-9A-Z]{16}`, text)
}

secret_shape(text) if {
	contains(text, "xox")
	regex.match(`xox[abprs]-[A-Za-z0-9-]{10}`, text)
}

aws_prefix(text) if contains(text, "AKIA")

aws_prefix(text) if contains(text, "ASIA")
