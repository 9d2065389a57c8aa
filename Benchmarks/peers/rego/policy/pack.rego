# The default policy pack around its rules: which policies select the resource
# (match/exclude), which rules apply to the edit (on:, base and proposed sides), the
# responsibility model (Policies/responsibility.yaml) that caps enforcement, the exceptions
# (Policies/exceptions.yaml) that waive findings, and the decision.
#
# Input: one edit of `lockstep export` (DESIGN.md sections 3 and 4), plus `today` (YYYY-MM-DD)
# for exception expiry. Query `data.lockstep.decision`.
package lockstep

import rego.v1

every_operation := {"create", "update", "delete"}

policies := [golden_path, no_plain_secrets]

# --- Responsibility models (Policies/responsibility.yaml): the first match wins -------------

responsibility := [
	{"match": {"spaces": ["sandbox-*"]}, "model": "customer"},
	{"match": {"projectGroups": ["golden-path"]}, "model": "centralized"},
	{"match": {"projectGroups": ["shared-*"]}, "model": "shared"},
]

model := models[0] if {
	models := [assign.model | some assign in responsibility; selected_by(assign.match)]
	count(models) > 0
}

else := "centralized"

# A rule's severity as the resource's model enforces it; mandatory rules are never capped.
enforcement_table := {
	"centralized": {"error": "deny", "warning": "warn", "info": "info"},
	"shared": {"error": "warn", "warning": "warn", "info": "info"},
	"customer": {"error": "info", "warning": "info", "info": "info"},
}

enforcement(rule) := enforcement_table.centralized[rule.severity] if rule.mandatory == true

else := enforcement_table[model][rule.severity]

# --- Exceptions (Policies/exceptions.yaml) ---------------------------------------------------

exceptions := [
	{
		"name": "payments-canary-step",
		"rules": ["GP001"],
		"match": {"spaces": ["payments"], "projects": ["payments-api"]},
		"paths": [["deployment_process", "step", "deploy-web"]],
		"expires": "2027-01-31",
	},
	{
		"name": "ledger-worker-pool",
		"rules": ["GP001"],
		"match": {"spaces": ["finance"], "projects": ["ledger"]},
		"paths": [["deployment_process", "step", "deploy-database"]],
		"expires": "2026-06-30",
	},
]

# An exception waives a finding of its rules, on its resources, at or under its paths, until the
# end of the day it expires. Nothing waives a mandatory rule.
waived(found) if {
	not rule_info[found.rule].mandatory == true
	some exception in exceptions
	covers(exception, found)
	input.today <= exception.expires
}

covers(exception, found) if {
	some id in exception.rules
	lower(id) == lower(found.rule)
	selected_by(exception.match)
	under_any(found.segs, exception.paths)
}

under_any(_, [])

under_any(path, patterns) if {
	some pattern in patterns
	at_or_under(path, pattern)
}

# --- Selectors: every field given must match (globs, any one of a list) ----------------------

selected_by(selector) if {
	one_of(object.get(selector, "kinds", []), input.kind)
	glob_one_of(object.get(selector, "spaces", []), resource("space"))
	glob_one_of(object.get(selector, "projects", []), resource("project"))
	glob_one_of(object.get(selector, "projectGroups", []), resource("projectGroup"))
	labels_match(object.get(selector, "labels", {}))
	glob_one_of(object.get(selector, ["actors", "names"], []), object.get(input, ["actor", "name"], ""))
	teams_match(object.get(selector, ["actors", "teams"], []))
}

resource(field) := object.get(input, ["resource", field], "")

one_of(list, _) if count(list) == 0

one_of(list, value) if value in list

glob_one_of(globs, _) if count(globs) == 0

glob_one_of(globs, value) if {
	some pattern in globs
	glob.match(pattern, null, value)
}

labels_match(labels) if {
	every name, pattern in labels {
		glob.match(pattern, null, input.resource.labels[name])
	}
}

teams_match(globs) if count(globs) == 0

teams_match(globs) if {
	some team in input.actor.teams
	some pattern in globs
	glob.match(pattern, null, team)
}

# A policy selects the resource when its match does and its exclude does not.
selects(policy) if {
	selected_by(policy.match)
	not excluded(policy)
}

excluded(policy) if selected_by(policy.exclude)

# --- Which rules run --------------------------------------------------------------------------

# Edit rules (lock, editable) compare with a base; state rules look at the proposed state, which a
# delete does not have.
applicable_rules contains id if {
	some id, rule in rule_info
	rule.policy in selected_policies
	input.operation in rule.on
	has_sides(rule.check)
}

selected_policies contains policy.name if {
	some policy in policies
	selects(policy)
}

has_sides("edit") if input.hasBase == true

has_sides("state") if not is_null(input.proposed)

# A finding about one change of the edit.
finding(rule, change) := {"rule": rule, "segs": change.segs, "path": path_text(change.parts), "key": [change.kind, change.key]}

# A finding about the proposed state at `at` (its segments, text and key).
state_finding(rule, at) := {"rule": rule, "segs": at.segs, "path": at.text, "key": at.key}

# --- The decision ------------------------------------------------------------------------------

findings := [result |
	some found in violation
	result := {
		"rule": found.rule,
		"enforcement": enforcement(rule_info[found.rule]),
		"path": found.path,
		"waived": is_waived(found),
	}
]

is_waived(found) := true if waived(found)

else := false

denied if {
	some result in findings
	result.enforcement == "deny"
	result.waived == false
}

allowed := false if denied

else := true

decision := {"allowed": allowed, "model": model, "findings": findings}
