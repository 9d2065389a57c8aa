# The document model of `lockstep export` (DESIGN.md section 3), and paths over it.
#
# An exported document is plain JSON: objects are block bodies and dictionaries, and a
# collection (repeated blocks: step, action, packages, variable, value, runbooks, ...) is a
# non-empty array of {"label": "<label>" | null, "value": {...}} in source order.
#
# A path is an array of segments: a field name or a block label (a string), or the index of an
# unlabelled block (a number). In patterns, "*" stands for any one segment. Every path also has
# its text, the way Lockstep prints it: deployment_process.step["deploy-web"].properties["X"].
package lockstep

import rego.v1

# An OCL array holds scalars only, so an array whose first element is an entry is a collection.
is_collection(x) if {
	is_array(x)
	count(x) > 0
	is_object(x[0])
	object.keys(x[0]) == {"label", "value"}
}

kind_of(x) := "collection" if is_collection(x)

else := "object" if is_object(x)

else := "value"

# --- Path segments and their text --------------------------------------------------------

name_part(name) := concat("", [".", name]) if regex.match(`^[A-Za-z_][A-Za-z0-9_]*$`, name)

else := key_part(name)

key_part(key) := concat("", [`["`, replace(replace(key, `\`, `\\`), `"`, `\"`), `"]`])

index_part(i) := sprintf("[%d]", [i])

path_text(parts) := trim_prefix(concat("", parts), ".")

# The segment and text part that address entry `i` of a collection.
entry_segment(i, entry) := {"seg": entry.label, "part": key_part(entry.label)} if entry.label != null

else := {"seg": i, "part": index_part(i)}

# `path` is `pattern` or lies under it.
at_or_under(path, pattern) if {
	count(path) >= count(pattern)
	every i, p in pattern {
		segment_matches(path[i], p)
	}
}

# A change at `path` touches what `pattern` addresses: it is at or under it, or an ancestor of it
# (removing the whole process removes every step in it).
overlaps(path, pattern) if {
	every i, p in array.slice(pattern, 0, count(path)) {
		segment_matches(path[i], p)
	}
}

segment_matches(_, "*")

segment_matches(seg, p) if seg == p

# --- What a `[*]` reaches -------------------------------------------------------------------

# `[*]` reaches every child of a node: the blocks of a collection, the fields of an object, the
# elements of an array. Rules loop with `some k, x in parent`; then `reached(listed, x)` is the
# child, where `listed := lists(parent)` (a collection's entry holds its block in "value").
lists(node) := true if is_collection(node)

else := false

reached(true, entry) := entry.value

reached(false, value) := value

# How child k of `parent` is addressed: a block by its label (or position), a field by its name,
# an element by its index.
segment_of(parent, k, x) := entry_segment(k, x) if is_collection(parent)

else := {"seg": k, "part": name_part(k)} if is_object(parent)

else := {"seg": k, "part": index_part(k)}

# deployment_process.step[s].action[a]: the path of an action, its text, and a key that tells
# apart blocks that share a label.
action_path(steps, s, step, actions, a, action) := {
	"segs": ["deployment_process", "step", step_segment.seg, "action", action_segment.seg],
	"text": path_text(["deployment_process", ".step", step_segment.part, ".action", action_segment.part]),
	"key": [s, a],
} if {
	step_segment := segment_of(steps, s, step)
	action_segment := segment_of(actions, a, action)
}

# deployment_process.process_template[t]
template_path(templates, t, template) := {
	"segs": ["deployment_process", "process_template", segment.seg],
	"text": path_text(["deployment_process", ".process_template", segment.part]),
	"key": [t],
} if segment := segment_of(templates, t, template)

# variables.variable[v].value[n]
value_path(variables, v, variable, values, n, value) := {
	"segs": ["variables", "variable", variable_segment.seg, "value", value_segment.seg],
	"text": path_text(["variables", ".variable", variable_segment.part, ".value", value_segment.part]),
	"key": [v, n],
} if {
	variable_segment := segment_of(variables, v, variable)
	value_segment := segment_of(values, n, value)
}

# A field that is there and not null, as the expression language's `exists(name)` sees it.
present(node, name) if {
	is_object(node)
	node[name] != null
}
