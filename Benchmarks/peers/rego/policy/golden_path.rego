# Policies/golden-path.yaml: the centralized golden path. The platform team owns the deployment
# process, the settings and the shape of the variables; customers change variable values,
# package ids and their smoke-test step.
package lockstep

import rego.v1

golden_path := {
	"name": "golden-path",
	"owner": "platform-engineering",
	"match": {"kinds": ["Project"], "projectGroups": ["golden-path", "shared-*"]},
	"exclude": {"actors": {"teams": ["platform-engineering"]}},
}

approved_worker_pools := {"hosted-ubuntu", "hosted-windows"}

# GP001: steps and process templates cannot be added, removed, reordered or changed, except the
# packages a step deploys and the customer's own smoke-test step.
rule_info.GP001 := {"policy": "golden-path", "severity": "error", "on": {"update", "delete"}, "check": "edit"}

violation contains finding("GP001", change) if {
	"GP001" in applicable_rules
	some change in changes
	locked(
		change.segs,
		[["deployment_process", "step", "*"], ["deployment_process", "process_template", "*"]],
		[
			["deployment_process", "step", "*", "action", "*", "properties", "Octopus.Action.Package.PackageId"],
			["deployment_process", "step", "*", "action", "*", "packages", "*", "package_id"],
			["deployment_process", "step", "smoke-test"],
		],
	)
}

# GP002: the deployment settings are locked.
rule_info.GP002 := {"policy": "golden-path", "severity": "error", "on": {"update", "delete"}, "check": "edit"}

violation contains finding("GP002", change) if {
	"GP002" in applicable_rules
	some change in changes
	locked(change.segs, [["deployment_settings"]], [])
}

# GP003: only variable values may change; names, types and scopes are the platform team's.
rule_info.GP003 := {"policy": "golden-path", "severity": "error", "on": {"update"}, "check": "edit"}

violation contains finding("GP003", change) if {
	"GP003" in applicable_rules
	some change in changes
	overlaps(change.segs, ["variables"])
	not at_or_under(change.segs, ["variables", "variable", "*", "value", "*", "value"])
}

# GP004: production deployments need an enabled manual intervention.
rule_info.GP004 := {"policy": "golden-path", "severity": "error", "on": every_operation, "check": "state"}

violation contains state_finding("GP004", required) if {
	"GP004" in applicable_rules
	not any_manual_intervention
	required := {
		"segs": ["deployment_process", "step", "*", "action", "*"],
		"text": "deployment_process.step[*].action[*]",
		"key": [],
	}
}

any_manual_intervention if {
	steps := input.proposed.deployment_process.step
	listed := lists(steps)
	some x in steps
	actions := reached(listed, x).action
	actions_listed := lists(actions)
	some y in actions
	action := reached(actions_listed, y)
	action.action_type == "Octopus.Manual"
	names_production(action.environments)
	not action.is_disabled == true
}

# `"production" in environments`: an element of a list, or part of a single string.
names_production(environments) if {
	is_array(environments)
	"production" in environments
}

names_production(environments) if {
	is_string(environments)
	contains(environments, "production")
}

# GP005: steps run on approved worker pools only, also when chosen through a variable.
rule_info.GP005 := {"policy": "golden-path", "severity": "error", "on": every_operation, "check": "state"}

violation contains state_finding("GP005", action_path(steps, s, x, actions, a, y)) if {
	"GP005" in applicable_rules
	steps := input.proposed.deployment_process.step
	listed := lists(steps)
	some s, x in steps
	actions := reached(listed, x).action
	actions_listed := lists(actions)
	some a, y in actions
	not approved_pool(reached(actions_listed, y))
}

approved_pool(action) if {
	pool_allowed(action)
	pool_variable_allowed(action)
}

pool_allowed(action) if not present(action, "worker_pool")

pool_allowed(action) if action.worker_pool in approved_worker_pools

pool_variable_allowed(action) if not present(action, "worker_pool_variable")

pool_variable_allowed(action) if action.worker_pool_variable == ""

# GP006: process templates are pinned to major version 2.
rule_info.GP006 := {"policy": "golden-path", "severity": "error", "on": every_operation, "check": "state"}

violation contains state_finding("GP006", template_path(templates, t, x)) if {
	"GP006" in applicable_rules
	templates := input.proposed.deployment_process.process_template
	listed := lists(templates)
	some t, x in templates
	not pinned_to_v2(reached(listed, x))
}

pinned_to_v2(template) if {
	is_string(template.version_mask)
	regex.match(`^2\.[0-9X]+(\.[0-9X]+)?$`, template.version_mask)
}

# GP007: versioning follows the golden path (drift from the upstream baseline, a warning).
rule_info.GP007 := {"policy": "golden-path", "severity": "warning", "on": every_operation, "check": "state"}

violation contains state_finding("GP007", drifted) if {
	"GP007" in applicable_rules
	input.proposed.deployment_settings.versioning_strategy != input.upstream.deployment_settings.versioning_strategy
	drifted := {
		"segs": ["deployment_settings", "versioning_strategy"],
		"text": "deployment_settings.versioning_strategy",
		"key": [],
	}
}

# GP008: no inline scripts, not even in the customer's own smoke test.
rule_info.GP008 := {"policy": "golden-path", "severity": "error", "on": every_operation, "check": "state"}

violation contains state_finding("GP008", action_path(steps, s, x, actions, a, y)) if {
	"GP008" in applicable_rules
	steps := input.proposed.deployment_process.step
	listed := lists(steps)
	some s, x in steps
	actions := reached(listed, x).action
	actions_listed := lists(actions)
	some a, y in actions
	action := reached(actions_listed, y)
	action.action_type == "Octopus.Script"
	action.properties["Octopus.Action.Script.ScriptSource"] == "Inline"
}

# A change at `path` to something `paths` lock, unless it is at or under an `except` path.
locked(path, paths, except) if {
	some pattern in paths
	overlaps(path, pattern)
	not excepted(path, except)
}

excepted(path, except) if {
	some pattern in except
	at_or_under(path, pattern)
}
