#!/usr/bin/env python3
"""Generates customer edits for the equivalence check of the Rego port.

    python generate_edits.py --out DIR --count N --seed S [--lockstep BIN]

Each edit is a folder like the samples in Samples/edits: `base/.octopus` (a sample's base),
`proposed/.octopus` (a sample's proposed or base side with seeded random mutations of its OCL
text), `proposed/lockstep.yaml` (the sample's, with absolute `policies:` and `upstream:` paths and
sometimes another space, project or project group), and `edit.json`, which says what was done and
which extra lint flags (--actor, --team) the edit is made with.

The mutations are the ones customers make, allowed or not: variable values, package ids, the
smoke-test step, steps added, removed, reordered or changed, inline scripts, worker pools, the
manual intervention, versioning, process templates, secret-looking values, and the resource and
actor the edit is for. The OCL stays valid: with --lockstep, every edit is linted and one that
Lockstep reports an LS0xxx (input) error on is dropped and replaced; the count is printed.
"""
import argparse
import json
import pathlib
import random
import re
import shutil
import string
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[2]
SAMPLES = REPO / "Samples" / "edits"
POLICIES = REPO / "Policies"
UPSTREAM = REPO / "Samples" / "upstream" / "golden-path" / ".octopus"

# Samples with both sides; their bases are all the checkout-api project.
SEEDS = ["allowed", "denied", "warned", "informational", "waived", "expired"]

# --- OCL text in Octopus's canonical layout -----------------------------------------------------
# Blocks open with `name "label"* {` at some indent and close with `}` at the same indent; heredoc
# content is indented deeper, so a line of just `}` at the block's indent always closes it.

BLOCK = re.compile(r'^( *)([A-Za-z_][A-Za-z0-9_]*)((?: "[^"]*")*) \{$')


def join_blocks(texts):
    """Blocks (lists of lines) one after another with a blank line between, as Octopus writes them."""
    body = []
    for t in texts:
        if body:
            body.append("")
        body.extend(t)
    return body


def lines_of(text):
    return text.split("\n")


def find_blocks(lines, indent, name=None, start=0, end=None):
    """(first, last, name, labels) of the blocks at `indent` in lines[start:end]."""
    end = len(lines) if end is None else end
    found = []
    i = start
    while i < end:
        match = BLOCK.match(lines[i])
        if match and len(match.group(1)) == indent and (name is None or match.group(2) == name):
            close = " " * indent + "}"
            j = i + 1
            while j < end and lines[j] != close:
                j += 1
            labels = re.findall(r'"([^"]*)"', match.group(3))
            found.append((i, j, match.group(2), labels))
            i = j + 1
        else:
            i += 1
    return found


def name_of(block):
    """A block's label, or a stand-in for an unlabelled one."""
    return block[3][0] if block[3] else "(unlabelled)"


def steps(lines):
    return find_blocks(lines, 0, "step")


def step_named(lines, slug):
    for block in steps(lines):
        if block[3] == [slug]:
            return block
    return None


def remove_lines(lines, first, last):
    """Removes lines[first..last] and one blank line that separated the block from its neighbour."""
    del lines[first:last + 1]
    if first < len(lines) and lines[first] == "" and (first == 0 or lines[first - 1] == ""):
        del lines[first]
    elif first > 0 and lines[first - 1] == "" and (first == len(lines) or lines[first] == ""):
        del lines[first - 1]
    while lines and lines[0] == "":
        del lines[0]
    while lines and lines[-1] == "":
        lines.pop()


def top_blocks_text(lines):
    return [lines[a:b + 1] for a, b, _, _ in find_blocks(lines, 0)]


def attribute_lines(lines, first, last, pattern):
    """Indices in (first, last] of lines matching `pattern`."""
    regex = re.compile(pattern)
    return [i for i in range(first, last + 1) if regex.search(lines[i])]


def put_attribute(lines, first, last, indent, name, value, at):
    """Sets `name = value` in the block lines[first..last] at `indent`: replaces the attribute when
    the block has it (a second one would be a duplicate attribute), else inserts it at `at`."""
    pattern = re.compile("^" + " " * indent + re.escape(name) + " = ")
    for i in range(first, last + 1):
        if pattern.match(lines[i]):
            lines[i] = " " * indent + f"{name} = {value}"
            return
    lines.insert(at, " " * indent + f"{name} = {value}")


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def token(rng, alphabet, length):
    return "".join(rng.choice(alphabet) for _ in range(length))


# --- Mutations -----------------------------------------------------------------------------------
# Each takes (rng, files) where files maps a path under .octopus to its text, changes it in place
# and returns a short description, or None when it does not apply.

def change_variable_value(rng, files):
    lines = lines_of(files["variables.ocl"])
    candidates = attribute_lines(lines, 0, len(lines) - 1, r'^    value "[^"]*" \{')
    if not candidates:
        return None
    i = rng.choice(candidates)
    new = rng.choice(["checkout-" + token(rng, string.ascii_lowercase, 5), str(rng.randint(1, 20)),
                      "https://" + token(rng, string.ascii_lowercase, 6) + ".example.com", "#{Octopus.Environment.Name}"])
    lines[i] = re.sub(r'value "[^"]*"', "value " + quote(new), lines[i], count=1)
    files["variables.ocl"] = "\n".join(lines)
    return f"variable value -> {new}"


def secret_value(rng, files):
    lines = lines_of(files["variables.ocl"])
    candidates = attribute_lines(lines, 0, len(lines) - 1, r'^    value "[^"]*" \{')
    if not candidates:
        return None
    i = rng.choice(candidates)
    alnum = string.ascii_letters + string.digits
    kind = rng.choice(["ghp", "ghp-short", "github_pat", "akia", "asia", "akia-lower", "xox", "xox-short", "prefixed"])
    secret = {
        "ghp": "ghp_" + token(rng, alnum, 36),
        "ghp-short": "ghp_" + token(rng, alnum, 12),  # too short: not a token
        "github_pat": "github_pat_" + token(rng, alnum + "_", 30),
        "akia": "AKIA" + token(rng, string.ascii_uppercase + string.digits, 16),
        "asia": "key=ASIA" + token(rng, string.ascii_uppercase + string.digits, 16),
        "akia-lower": "AKIA" + token(rng, string.ascii_lowercase, 16),  # not a key
        "xox": "xoxb-" + token(rng, string.digits, 11) + "-" + token(rng, alnum, 12),
        "xox-short": "xoxb-" + token(rng, alnum, 5),  # too short
        "prefixed": "token: ghp_" + token(rng, alnum, 24) + " (rotate me)",
    }[kind]
    lines[i] = re.sub(r'value "[^"]*"', "value " + quote(secret), lines[i], count=1)
    files["variables.ocl"] = "\n".join(lines)
    return f"secret-looking value ({kind})"


def private_key_value(rng, files):
    lines = lines_of(files["variables.ocl"])
    key = [
        'variable "Deploy.Key" {',
        "    value {",
        "        value = <<-EOT",
        "                -----BEGIN " + rng.choice(["RSA ", "OPENSSH ", "EC ", ""]) + "PRIVATE KEY-----",
        "                " + token(rng, string.ascii_letters + string.digits, 40),
        "                -----END PRIVATE KEY-----",
        "                EOT",
        "    }",
        "}",
    ]
    files["variables.ocl"] = "\n".join(lines + [""] + key)
    return "private key in a plain variable"


def add_step(rng, files):
    lines = lines_of(files["deployment_process.ocl"])
    blocks = steps(lines)
    if not blocks:
        return None
    source = rng.choice(blocks)
    slug = "extra-" + token(rng, string.ascii_lowercase, 4)
    copy = lines[source[0]:source[1] + 1]
    copy[0] = f'step "{slug}" {{'
    copy = [re.sub(r'^(    action) "[^"]*" \{$', r"\1 {", line) for line in copy]
    position = rng.choice(blocks + [None])
    at = len(lines) if position is None else position[0]
    insert = copy + [""] if position is not None else [""] + copy
    lines[at:at] = insert
    files["deployment_process.ocl"] = "\n".join(lines)
    return f"step {slug} added (copy of {name_of(source)})"


def remove_step(rng, files, slug=None):
    lines = lines_of(files["deployment_process.ocl"])
    blocks = steps(lines)
    if len(blocks) < 2:
        return None
    block = step_named(lines, slug) if slug else rng.choice(blocks)
    if block is None:
        return None
    remove_lines(lines, block[0], block[1])
    files["deployment_process.ocl"] = "\n".join(lines)
    return f"step {name_of(block)} removed"


def remove_manual_step(rng, files):
    return remove_step(rng, files, "manual-approval")


def reorder_steps(rng, files):
    lines = lines_of(files["deployment_process.ocl"])
    blocks = steps(lines)
    if len(blocks) < 2:
        return None
    head = lines[:blocks[0][0]]
    texts = [lines[a:b + 1] for a, b, _, _ in blocks]
    names = [name_of(b) for b in blocks]
    order = list(range(len(texts)))
    how = rng.choice(["swap", "move", "move-smoke-test", "reverse-some"])
    if how == "swap":
        i, j = rng.sample(order, 2)
        order[i], order[j] = order[j], order[i]
    elif how == "move-smoke-test" and "smoke-test" in names:
        k = names.index("smoke-test")
        order.remove(k)
        order.insert(rng.randrange(len(order) + 1), k)
    elif how == "reverse-some":
        i = rng.randrange(len(order) - 1)
        j = rng.randrange(i + 2, len(order) + 1)
        order[i:j] = reversed(order[i:j])
    else:
        k = order.pop(rng.randrange(len(order)))
        order.insert(rng.randrange(len(order) + 1), k)
    if order == sorted(order):
        order[0], order[1] = order[1], order[0]
    body = join_blocks([texts[index] for index in order])
    files["deployment_process.ocl"] = "\n".join(head + body)
    return "steps reordered: " + ", ".join(names[i] for i in order)


def action_range(lines, block):
    """The first action block inside a step block."""
    actions = find_blocks(lines, 4, "action", block[0] + 1, block[1])
    return actions[0] if actions else None


def dictionary_lines(lines, first, last, indent):
    """(open, close) of the `properties = {` dictionary directly in lines[first..last] at `indent`."""
    for i in range(first + 1, last):
        if lines[i] == " " * indent + "properties = {":
            close = " " * indent + "}"
            j = i + 1
            while lines[j] != close:
                j += 1
            return i, j
    return None


def set_property(lines, opening, closing, key, value):
    """Sets `key = value` in a dictionary, keeping keys sorted; heredoc values are left alone."""
    indent = " " * (len(lines[opening]) - len(lines[opening].lstrip()) + 4)
    entry = re.compile("^" + indent + r"(\S+) = ")
    i = opening + 1
    while i < closing:
        match = entry.match(lines[i])
        if match:
            if match.group(1) == key:
                if lines[i].rstrip().endswith("<<-EOT"):
                    j = i + 1
                    while lines[j].strip() != "EOT":
                        j += 1
                    del lines[i + 1:j + 1]
                lines[i] = f"{indent}{key} = {quote(value)}"
                return
            if match.group(1) > key:
                break
        i += 1
    lines.insert(i, f"{indent}{key} = {quote(value)}")


def change_step_property(rng, files):
    lines = lines_of(files["deployment_process.ocl"])
    block = rng.choice(steps(lines))
    action = action_range(lines, block)
    choices = []
    if action:
        span = dictionary_lines(lines, action[0], action[1], 8)
        if span:
            keys = [re.match(r"^ {12}(\S+) = ", lines[i]).group(1) for i in range(span[0] + 1, span[1])
                    if re.match(r"^ {12}(\S+) = \"", lines[i])]
            keys = [k for k in keys if k != "Octopus.Action.Package.PackageId"]
            if keys:
                choices.append("property")
    choices += ["name", "condition", "start_trigger"]
    what = rng.choice(choices)
    slug = name_of(block)
    if what == "property":
        key = rng.choice(keys)
        set_property(lines, span[0], span[1], key, rng.choice(["300", "False", "True", "custom-" + token(rng, string.ascii_lowercase, 4)]))
        detail = key
    elif what == "name":
        i = attribute_lines(lines, block[0], block[1], r"^    name = ")
        if not i:
            return None
        lines[i[0]] = "    name = " + quote("Renamed " + token(rng, string.ascii_lowercase, 5))
        detail = "name"
    else:
        values = {"condition": ["Success", "Failure", "Always", "Variable"],
                  "start_trigger": ["StartAfterPrevious", "StartWithPrevious"]}[what]
        existing = attribute_lines(lines, block[0], block[1], rf"^    {what} = ")
        value = rng.choice(values)
        if existing:
            lines[existing[0]] = f"    {what} = {quote(value)}"
        else:
            lines.insert(block[0] + 1, f"    {what} = {quote(value)}")
        detail = f"{what} = {value}"
    files["deployment_process.ocl"] = "\n".join(lines)
    return f"step {slug}: {detail} changed"


def change_package_id(rng, files):
    lines = lines_of(files["deployment_process.ocl"])
    candidates = attribute_lines(lines, 0, len(lines) - 1, r'(Octopus\.Action\.Package\.PackageId|^ +package_id) = "')
    if not candidates:
        return None
    i = rng.choice(candidates)
    lines[i] = re.sub(r'= "[^"]*"', "= " + quote("example/" + token(rng, string.ascii_lowercase, 6)), lines[i])
    files["deployment_process.ocl"] = "\n".join(lines)
    return "package id changed"


def change_feed(rng, files):
    lines = lines_of(files["deployment_process.ocl"])
    candidates = attribute_lines(lines, 0, len(lines) - 1, r'^ +feed = "')
    if not candidates:
        return None
    i = rng.choice(candidates)
    lines[i] = re.sub(r'= "[^"]*"', '= "my-private-feed"', lines[i])
    files["deployment_process.ocl"] = "\n".join(lines)
    return "package feed changed"


def inline_script(rng, files):
    lines = lines_of(files["deployment_process.ocl"])
    blocks = steps(lines)
    block = step_named(lines, "smoke-test") if rng.random() < 0.5 else rng.choice(blocks)
    if block is None:
        return None
    action = action_range(lines, block)
    if not action:
        return None
    span = dictionary_lines(lines, action[0], action[1], 8)
    if not span:
        return None
    flip_type = rng.random() < 0.7
    if flip_type:
        for i in range(action[0], action[1]):
            if lines[i].startswith("        action_type = "):
                lines[i] = '        action_type = "Octopus.Script"'
    set_property(lines, span[0], span[1], "Octopus.Action.Script.ScriptSource", rng.choice(["Inline", "Inline", "Package"]))
    span = dictionary_lines(lines, action[0], action[1] + 2, 8)
    set_property(lines, span[0], span[1], "Octopus.Action.Script.ScriptBody", "curl -fsS https://example.com/health")
    files["deployment_process.ocl"] = "\n".join(lines)
    return f"step {name_of(block)}: inline script{' (Octopus.Script)' if flip_type else ''}"


def worker_pool(rng, files):
    lines = lines_of(files["deployment_process.ocl"])
    blocks = steps(lines)
    block = step_named(lines, "smoke-test") if rng.random() < 0.3 else rng.choice(blocks)
    if block is None:
        return None
    action = action_range(lines, block)
    if not action:
        return None
    existing = attribute_lines(lines, action[0], action[1], r"^        worker_pool = ")
    how = rng.choice(["approved", "unapproved", "variable", "empty-variable", "remove"])
    if how == "remove":
        if not existing:
            return None
        del lines[existing[0]]
    elif how in ("variable", "empty-variable"):
        value = "#{Project.Web.Port}" if how == "variable" else ""
        at = existing[0] + 1 if existing else action[1]
        put_attribute(lines, action[0], action[1], 8, "worker_pool_variable", quote(value), at)
    else:
        pool = rng.choice(["hosted-ubuntu", "hosted-windows"] if how == "approved" else ["my-laptop", "gpu-pool"])
        if existing:
            lines[existing[0]] = f"        worker_pool = {quote(pool)}"
        else:
            at = action[1]
            nested = find_blocks(lines, 8, None, action[0] + 1, action[1])
            if nested:
                at = nested[0][0] - 1 if lines[nested[0][0] - 1] == "" else nested[0][0]
            lines.insert(at, f"        worker_pool = {quote(pool)}")
    files["deployment_process.ocl"] = "\n".join(lines)
    return f"step {name_of(block)}: worker pool {how}"


def manual_intervention(rng, files):
    lines = lines_of(files["deployment_process.ocl"])
    block = step_named(lines, "manual-approval")
    if block is None:
        return None
    action = action_range(lines, block)
    how = rng.choice(["disable", "staging", "string", "string-other", "enable"])
    env = attribute_lines(lines, action[0], action[1], r"^        environments = ")
    if how in ("disable", "enable"):
        put_attribute(lines, action[0], action[1], 8, "is_disabled", "true" if how == "disable" else "false", action[0] + 2)
    elif env:
        value = {"staging": '["staging"]', "string": '"production"', "string-other": '"pre-production-eu"'}[how]
        lines[env[0]] = "        environments = " + value
    files["deployment_process.ocl"] = "\n".join(lines)
    return f"manual intervention: {how}"


def versioning(rng, files):
    lines = lines_of(files["deployment_settings.ocl"])
    how = rng.choice(["template", "donor-step", "donor-package", "guided-failure", "connectivity"])
    text = "\n".join(lines)
    if how == "template":
        text = re.sub(r"versioning_strategy \{\n(.|\n)*?\n\}", 'versioning_strategy {\n    template = "1.0.#{Octopus.Version.NextPatch}"\n}', text)
    elif how == "donor-step":
        text = text.replace('step = "deploy-web"', 'step = "deploy-database"')
    elif how == "donor-package":
        text = text.replace('package = "web"', 'package = "api"')
    elif how == "guided-failure":
        text = text.replace('default_guided_failure_mode = "EnvironmentDefault"', 'default_guided_failure_mode = "Off"')
    else:
        text = text.replace("allow_deployments_to_no_targets = true", "allow_deployments_to_no_targets = false")
    if text == files["deployment_settings.ocl"]:
        return None
    files["deployment_settings.ocl"] = text
    return f"deployment settings: {how}"


def process_template(rng, files):
    mask = rng.choice(["2.X", "2.1.X", "2.0.3", "3.X", "PreRelease", "1.X", "2.X.X"])
    slug = rng.choice(["verify-release", "notify-slack"])
    block = f'process_template "{slug}" {{\n    name = "{slug}"\n    slug = "{slug}"\n    version_mask = "{mask}"\n}}'
    files["deployment_process.ocl"] = block + "\n\n" + files["deployment_process.ocl"]
    return f"process template {slug} {mask} added"


def variable_structure(rng, files):
    lines = lines_of(files["variables.ocl"])
    variables = find_blocks(lines, 0, "variable")
    how = rng.choice(["rename", "add", "scope", "remove-value", "reorder", "type"])
    block = rng.choice(variables)
    if how == "rename":
        lines[block[0]] = f'variable "{name_of(block)}.Renamed" {{'
    elif how == "add":
        lines.extend(["", 'variable "Customer.Extra" {', '    value "x" {}', "}"])
    elif how == "scope":
        values = attribute_lines(lines, block[0], block[1], r'^    value "[^"]*" \{\}$')
        if not values:
            return None
        lines[values[0]] = lines[values[0]][:-1] + "\n        environment = [\"staging\"]\n    }"
    elif how == "remove-value":
        values = find_blocks(lines, 4, "value", block[0] + 1, block[1])
        if len(values) < 2:
            return None
        gone = rng.choice(values)
        remove_lines(lines, gone[0], gone[1])
    elif how == "type":
        # Replace the type when there is one: a second `type` would be a duplicate attribute, which
        # JSON (the export) cannot carry (see README).
        existing = attribute_lines(lines, block[0], block[1], r"^    type = ")
        if existing:
            lines[existing[0]] = '    type = "String"' if "Sensitive" in lines[existing[0]] else '    type = "Sensitive"'
        else:
            lines.insert(block[0] + 1, '    type = "String"')
    else:
        texts = [lines[a:b + 1] for a, b, _, _ in variables]
        if rng.random() < 0.5:
            i, j = rng.sample(range(len(texts)), 2)
            texts[i], texts[j] = texts[j], texts[i]
        else:
            chosen = sorted(rng.sample(range(len(texts)), min(len(texts), rng.randint(3, 8))))
            moved = [texts[k] for k in chosen]
            rng.shuffle(moved)
            for k, text in zip(chosen, moved):
                texts[k] = text
        lines = []
        for t in texts:
            if lines:
                lines.append("")
            lines.extend(t)
    files["variables.ocl"] = "\n".join(lines)
    return f"variables: {how} ({name_of(block)})"


def runbook_change(rng, files):
    names = [name for name in files if name.startswith("runbooks/")]
    if not names:
        return None
    name = rng.choice(names)
    text = files[name]
    new = re.sub(r'description = "[^"]*"', 'description = "Changed by the customer."', text, count=1)
    if new == text:
        new = text.replace("quantity_to_keep = 10", "quantity_to_keep = 5")
    if new == text:
        return None
    files[name] = new
    return f"runbook {name} changed"


def heredoc_change(rng, files):
    lines = lines_of(files["deployment_process.ocl"])
    candidates = [i for i, line in enumerate(lines) if line.startswith("                ") and "kubectl" in line or "replicas:" in line]
    if not candidates:
        return None
    i = rng.choice(candidates)
    lines[i] = lines[i] + " # customer"
    files["deployment_process.ocl"] = "\n".join(lines)
    return "script or YAML text changed"


def second_action(rng, files):
    lines = lines_of(files["deployment_process.ocl"])
    block = rng.choice(steps(lines))
    action = action_range(lines, block)
    if not action:
        return None
    labelled = rng.random() < 0.5
    extra = ["", '    action "extra-check" {' if labelled else "    action {",
             '        action_type = "Octopus.Script"',
             "        properties = {",
             '            Octopus.Action.Script.ScriptFileName = "check.sh"',
             '            Octopus.Action.Script.ScriptSource = "Package"',
             "        }",
             "    }"]
    lines[action[1] + 1:action[1] + 1] = extra
    files["deployment_process.ocl"] = "\n".join(lines)
    return f"step {name_of(block)}: second action ({'labelled' if labelled else 'unlabelled'})"


def extra_package(rng, files):
    lines = lines_of(files["deployment_process.ocl"])
    block = rng.choice(steps(lines))
    action = action_range(lines, block)
    if not action:
        return None
    labelled = rng.random() < 0.5
    extra = ["", '        packages "sidecar" {' if labelled else "        packages {",
             '            acquisition_location = "NotAcquired"',
             '            feed = "docker-hub"',
             '            package_id = "example/sidecar"',
             "        }"]
    lines[action[1]:action[1]] = extra
    files["deployment_process.ocl"] = "\n".join(lines)
    return f"step {name_of(block)}: extra package ({'labelled' if labelled else 'unlabelled'})"


def smoke_test_change(rng, files):
    lines = lines_of(files["deployment_process.ocl"])
    block = step_named(lines, "smoke-test")
    if block is None:
        return None
    action = action_range(lines, block)
    span = dictionary_lines(lines, action[0], action[1], 8)
    set_property(lines, span[0], span[1], "Octopus.Action.Script.ScriptFileName", rng.choice(["smoke.sh", "health.sh"]))
    files["deployment_process.ocl"] = "\n".join(lines)
    return "smoke test changed"


def duplicate_step(rng, files):
    """A second step with an existing step's label (a structure finding, but still evaluated)."""
    lines = lines_of(files["deployment_process.ocl"])
    blocks = steps(lines)
    source = rng.choice(blocks)
    copy = lines[source[0]:source[1] + 1]
    lines.extend([""] + copy)
    files["deployment_process.ocl"] = "\n".join(lines)
    return f"step {name_of(source)} duplicated under the same label"


def unlabelled_step(rng, files):
    lines = lines_of(files["deployment_process.ocl"])
    lines.extend(["", "step {", '    name = "Unlabelled"', "", "    action {", '        action_type = "Octopus.Script"',
                  '        worker_pool = ' + quote(rng.choice(["hosted-ubuntu", "my-laptop"])), "    }", "}"])
    files["deployment_process.ocl"] = "\n".join(lines)
    return "unlabelled step added"


def reorder_actions(rng, files):
    lines = lines_of(files["deployment_process.ocl"])
    for block in rng.sample(steps(lines), len(steps(lines))):
        actions = find_blocks(lines, 4, "action", block[0] + 1, block[1])
        if len(actions) >= 2:
            texts = [lines[a:b + 1] for a, b, _, _ in actions]
            rng.shuffle(texts)
            if texts == [lines[a:b + 1] for a, b, _, _ in actions]:
                texts.reverse()
            body = join_blocks(texts)
            lines[actions[0][0]:actions[-1][1] + 1] = body
            files["deployment_process.ocl"] = "\n".join(lines)
            return f"step {name_of(block)}: actions reordered"
    return None


def reorder_packages(rng, files):
    lines = lines_of(files["deployment_process.ocl"])
    for block in rng.sample(steps(lines), len(steps(lines))):
        action = action_range(lines, block)
        if not action:
            continue
        packages = find_blocks(lines, 8, "packages", action[0] + 1, action[1])
        if len(packages) >= 2:
            texts = [lines[a:b + 1] for a, b, _, _ in packages]
            how = rng.choice(["shuffle", "drop-first", "drop-last"])
            if how == "shuffle":
                original = list(texts)
                rng.shuffle(texts)
                if texts == original:
                    texts.reverse()
            elif how == "drop-first":
                texts = texts[1:]
            else:
                texts = texts[:-1]
            body = join_blocks(texts)
            lines[packages[0][0]:packages[-1][1] + 1] = body
            files["deployment_process.ocl"] = "\n".join(lines)
            return f"step {name_of(block)}: packages {how}"
    return None


def change_template_mask(rng, files):
    text = files["deployment_process.ocl"]
    new = re.sub(r'version_mask = "[^"]*"', "version_mask = " + quote(rng.choice(["2.X", "3.X", "2.5.X", "Latest"])), text, count=1)
    if new == text:
        return None
    files["deployment_process.ocl"] = new
    return "process template version mask changed"


def odd_values(rng, files):
    """Values the expression language treats in its own way: null, strings for booleans, numbers."""
    lines = lines_of(files["deployment_process.ocl"])
    how = rng.choice(["null-pool", "disabled-string", "empty-environments", "mask-number", "properties-string"])
    if how == "null-pool":
        candidates = attribute_lines(lines, 0, len(lines) - 1, r"^        worker_pool = ")
        if not candidates:
            return None
        lines[rng.choice(candidates)] = "        worker_pool = null"
    elif how in ("disabled-string", "empty-environments"):
        block = step_named(lines, "manual-approval")
        if block is None:
            return None
        action = action_range(lines, block)
        if how == "disabled-string":
            put_attribute(lines, action[0], action[1], 8, "is_disabled", '"true"', action[0] + 2)
        else:
            env = attribute_lines(lines, action[0], action[1], r"^        environments = ")
            lines[env[0]] = "        environments = []"
    elif how == "mask-number":
        lines = ['process_template "pinned" {', "    version_mask = 2", "}", ""] + lines
    else:
        block = rng.choice(steps(lines))
        span = dictionary_lines(lines, block[0], block[1], 4)
        if not span:
            return None
        lines[span[0]:span[1] + 1] = ['    properties = "none"']
    files["deployment_process.ocl"] = "\n".join(lines)
    return f"odd value: {how}"


def odd_variable_name(rng, files):
    name = rng.choice(['Quoted \\"name\\"', "Back\\\\slash", "1.Starts.With.Digit", "Spaced name", "Ünïcode.Name"])
    files["variables.ocl"] += f'\n\nvariable "{name}" {{\n    value "x" {{}}\n}}'
    return f"variable with an unusual name ({name})"


def remove_file(rng, files):
    name = rng.choice(["deployment_settings.ocl", "variables.ocl", "runbooks/restart-web.ocl"])
    if name not in files:
        return None
    if name == "variables.ocl" and rng.random() < 0.5:
        files[name] = ""
        return "variables.ocl emptied"
    del files[name]
    return f"{name} removed"


def duplicate_block(rng, files):
    """A single block written twice becomes a list: the node changes kind."""
    text = files["deployment_settings.ocl"]
    if "connectivity_policy {" not in text:
        return None
    files["deployment_settings.ocl"] = text + "\n\nconnectivity_policy {\n    allow_deployments_to_no_targets = false\n}"
    return "connectivity_policy written twice"


MUTATIONS = [
    (change_variable_value, 14), (secret_value, 6), (private_key_value, 1), (add_step, 4), (remove_step, 3),
    (remove_manual_step, 2), (reorder_steps, 5), (change_step_property, 6), (change_package_id, 10),
    (change_feed, 2), (inline_script, 4), (worker_pool, 5), (manual_intervention, 3), (versioning, 4),
    (process_template, 3), (variable_structure, 5), (runbook_change, 3), (heredoc_change, 2), (second_action, 2),
    (extra_package, 2), (smoke_test_change, 4), (duplicate_step, 1), (unlabelled_step, 1), (reorder_actions, 3),
    (reorder_packages, 3), (change_template_mask, 3), (odd_values, 3), (odd_variable_name, 2), (remove_file, 1),
    (duplicate_block, 1),
]

# Applied to both sides before the proposed side's mutations, so that those can change what the
# base already has: process templates, multi-action steps, several packages, duplicate labels.
def prelude_template(rng, base, proposed):
    for files in (base, proposed):
        process_template(random.Random(7), files)
    return "both: a process template"


def prelude_actions(rng, base, proposed):
    slug = rng.choice(["deploy-web", "notify", "smoke-test"])
    for files in (base, proposed):
        lines = lines_of(files["deployment_process.ocl"])
        block = step_named(lines, slug)
        if block is None:
            return None
        action = action_range(lines, block)
        lines[action[0]] = f'    action "{slug}" {{'
        lines[action[1] + 1:action[1] + 1] = ["", '    action "verify" {', '        action_type = "Octopus.Script"',
                                              '        worker_pool = "hosted-ubuntu"', "    }", "", '    action "report" {',
                                              '        action_type = "Octopus.Manual"', "    }"]
        files["deployment_process.ocl"] = "\n".join(lines)
    return f"both: step {slug} has three labelled actions"


def prelude_packages(rng, base, proposed):
    for files in (base, proposed):
        lines = lines_of(files["deployment_process.ocl"])
        block = step_named(lines, "deploy-web")
        if block is None:
            return None
        action = action_range(lines, block)
        packages = find_blocks(lines, 8, "packages", action[0] + 1, action[1])
        unlabelled = ["        packages {", '            acquisition_location = "Server"', '            package_id = "tools"', "        }", ""]
        labelled = ["", '        packages "config" {', '            package_id = "config"', "        }"]
        lines[packages[-1][1] + 1:packages[-1][1] + 1] = labelled
        lines[packages[0][0]:packages[0][0]] = unlabelled
        files["deployment_process.ocl"] = "\n".join(lines)
    return "both: deploy-web has labelled and unlabelled packages"


def prelude_duplicates(rng, base, proposed):
    for files in (base, proposed):
        duplicate_step(random.Random(3), files)
    return "both: a duplicated step label"


PRELUDES = [(None, 70), (prelude_template, 8), (prelude_actions, 8), (prelude_packages, 8), (prelude_duplicates, 3)]

# `--profile reorders`: mostly blocks moved, added, removed and duplicated, where which block a
# move names (and so whether an exception covers it) depends on the exact longest run kept.
REORDER_MUTATIONS = [
    (reorder_steps, 5), (variable_structure, 5), (reorder_actions, 3), (reorder_packages, 3), (add_step, 2),
    (remove_step, 2), (duplicate_step, 2), (second_action, 2), (extra_package, 2), (unlabelled_step, 1),
    (change_step_property, 2),
]
REORDER_PRELUDES = [(None, 30), (prelude_template, 10), (prelude_actions, 20), (prelude_packages, 20), (prelude_duplicates, 10)]
PROFILES = {"default": (MUTATIONS, PRELUDES), "reorders": (REORDER_MUTATIONS, REORDER_PRELUDES)}

IDENTITIES = [
    (("payments", "checkout-api", "golden-path"), 40),
    (("payments", "payments-api", "golden-path"), 10),  # payments-canary-step waives GP001 in deploy-web
    (("finance", "ledger", "golden-path"), 8),  # ledger-worker-pool has expired
    (("sandbox-bob", "checkout-api", "golden-path"), 8),  # customer model
    (("payments", "checkout-api", "shared-services"), 8),  # shared model
    (("sandbox-alice", "orders", "shared-platform"), 4),
    (("payments", "checkout-api", "legacy"), 5),  # no golden-path policy
    (("payments", "checkout-api", ""), 3),
    (("finance", "payments-api", "golden-path"), 3),  # right project, wrong space: no waiver
]

ACTORS = [([], 78), (["--actor", "pat", "--team", "platform-engineering"], 12),
          (["--actor", "sam", "--team", "developers"], 6), (["--actor", "kim", "--team", "platform-engineering-interns"], 4)]


def weighted(rng, pairs):
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs], k=1)[0]


def config(identity, upstream):
    space, project, group = identity
    text = ("# Generated by Benchmarks/peers/rego/generate_edits.py\n"
            f"policies: {POLICIES}\n"
            "projects:\n"
            "  - path: .octopus\n"
            f"    space: {space}\n"
            f"    project: {project}\n")
    if group:
        text += f"    projectGroup: {group}\n"
    if upstream:
        text += f"    upstream: {UPSTREAM}\n"
    return text


def read_project(folder):
    return {str(p.relative_to(folder)): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_project(folder, files):
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def make_edit(rng, folder, profile="default"):
    """One random edit in `folder`; returns its description."""
    mutations, preludes = PROFILES[profile]
    seed = rng.choice(SEEDS)
    base_files = read_project(SAMPLES / seed / "base" / ".octopus")
    start = SAMPLES / seed / ("proposed" if rng.random() < 0.3 else "base") / ".octopus"
    files = read_project(start)
    operation = weighted(rng, [("update", 92), ("create", 5), ("delete", 3)])
    done = [] if start.parent.name == "base" else [f"sample {seed}"]
    prelude = weighted(rng, preludes)
    if prelude:
        result = prelude(rng, base_files, files)
        if result:
            done.append(result)
    if operation != "delete":
        count = weighted(rng, [(0, 6), (1, 45), (2, 30), (3, 14), (5, 5)])
        for _ in range(count):
            for _attempt in range(5):
                mutation = weighted(rng, mutations)
                try:
                    result = mutation(rng, files)
                except KeyError:  # the file it changes is gone (an earlier mutation removed it)
                    result = None
                if result:
                    done.append(result)
                    break
    identity = weighted(rng, IDENTITIES)
    actor = weighted(rng, ACTORS)
    upstream = rng.random() < 0.85
    (folder / "base").mkdir(parents=True)
    (folder / "proposed").mkdir(parents=True)
    if operation != "create":
        write_project(folder / "base" / ".octopus", base_files)
    else:
        (folder / "base" / "README.md").write_text("Empty on purpose: the project does not exist before the edit.\n")
    if operation != "delete":
        write_project(folder / "proposed" / ".octopus", files)
    (folder / "proposed" / "lockstep.yaml").write_text(config(identity, upstream))
    # A few edits are linted without a base: the edit rules are then not applicable.
    has_base = operation != "update" or rng.random() > 0.04
    description = {
        "operation": operation, "resource": "/".join(identity), "actor": actor, "upstream": upstream,
        "base": has_base, "changes": done or ["no change"],
    }
    (folder / "edit.json").write_text(json.dumps({"args": actor, "base": has_base, "description": description}, indent=2) + "\n")
    return description


def lint_args(folder, description):
    """The lint/export arguments of an edit folder: the proposed side (or the REST API document),
    the base unless the edit is judged without one, and the actor's flags."""
    if description.get("document"):
        return [str(folder / description["document"]), *description.get("actor", [])]
    base = ["--base", str(folder / "base")] if description.get("base", True) else []
    return [str(folder / "proposed"), *base, *description.get("actor", [])]


def make_document_edit(rng, folder):
    """A REST API resource document (a Space, or a Project's database settings), linted on its
    own: there is no base, only the state rules run."""
    kind = rng.choice(["space", "project"])
    space = rng.choice(["payments", "sandbox-carol", "finance"])
    alnum = string.ascii_letters + string.digits
    value = rng.choice(["plain-value", "ghp_" + token(rng, alnum, 30), "AKIA" + token(rng, string.ascii_uppercase, 16), "short"])
    if kind == "space":
        document = {"Id": "Spaces-7", "Name": space, "SpaceManagersTeams": ["teams-platform"], "TaskQueueStopped": False,
                    "Description": "A space", "variables": {"variable": [{"name": "Token", "value": [{"value": value}]}]}}
        changes = [f"space document ({space}, {value[:6]})"]
    else:
        group = rng.choice(["golden-path", "shared-tools", "legacy"])
        document = {"Id": "Projects-9", "Name": "Checkout API", "Slug": rng.choice(["checkout-api", "payments-api"]),
                    "SpaceId": space, "ProjectGroupId": group, "DeploymentProcessId": "deploymentprocess-Projects-9",
                    "IsDisabled": False}
        changes = [f"project document ({space}, {group})"]
    (folder / "proposed").mkdir(parents=True)
    if rng.random() < 0.5:
        name = f"proposed/{kind}.json"
        (folder / name).write_text(json.dumps(document, indent=2) + "\n")
    else:
        name = f"proposed/{kind}.yaml"
        (folder / name).write_text(to_yaml(document))
    actor = weighted(rng, ACTORS)
    description = {"operation": "update", "resource": kind, "actor": actor, "upstream": False, "base": False,
                   "document": name, "changes": changes}
    (folder / "edit.json").write_text(json.dumps({"args": actor, "base": False, "description": description}, indent=2) + "\n")
    return description


def to_yaml(value, indent=0):
    """Enough YAML for the documents above: mappings, lists and scalars."""
    pad = " " * indent
    if isinstance(value, dict):
        out = ""
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                out += f"{pad}{key}:\n" + to_yaml(item, indent + 2)
            else:
                out += f"{pad}{key}: {json.dumps(item)}\n"
        return out
    out = ""
    for item in value:
        if isinstance(item, dict):
            text = to_yaml(item, indent + 2)
            out += f"{pad}- " + text[indent + 2:]
        else:
            out += f"{pad}- {json.dumps(item)}\n"
    return out


def input_errors(lockstep, folder, description):
    """The LS0xxx findings Lockstep reports on a generated edit."""
    run = subprocess.run([lockstep, "lint", *lint_args(folder, description), "--format", "json", "--policies", str(POLICIES)],
                         capture_output=True, text=True, cwd=folder)
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        return [f"lint failed ({run.returncode}): {run.stderr.strip()[:200]}"]
    return [f"{f['ruleID']} {f.get('file', '')}:{(f.get('span') or {}).get('line', '')} {f.get('message', '')}"
            for f in report.get("findings", []) if f["ruleID"].startswith("LS0")]


def generate(out, count, seed, lockstep=None, log=sys.stderr, profile="default"):
    """Writes `count` edits to out/edit-0001 ...; returns (folders, dropped)."""
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    folders, dropped, attempts = [], 0, 0
    while len(folders) < count and attempts < count * 3:
        attempts += 1
        folder = out / f"edit-{len(folders) + 1:04d}"
        if folder.exists():
            shutil.rmtree(folder)
        description = make_document_edit(rng, folder) if rng.random() < 0.04 else make_edit(rng, folder, profile)
        if lockstep:
            errors = input_errors(lockstep, folder, description)
            if errors:
                dropped += 1
                print(f"dropped ({'; '.join(description['changes'])}): {errors[0]}", file=log)
                shutil.rmtree(folder)
                continue
        folders.append(folder)
    return folders, dropped


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lockstep", help="lint each edit with this binary and drop those with LS0xxx errors")
    parser.add_argument("--profile", choices=sorted(PROFILES), default="default",
                        help="the mix of mutations: default, or reorders (mostly moved and duplicated blocks)")
    args = parser.parse_args(argv)
    folders, dropped = generate(args.out, args.count, args.seed, args.lockstep, profile=args.profile)
    print(f"{len(folders)} edits in {args.out}" + (f"; {dropped} dropped for LS0xxx errors" if args.lockstep else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
