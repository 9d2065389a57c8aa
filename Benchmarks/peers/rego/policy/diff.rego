# The structural diff of an edit: what changed between base and proposed, as DESIGN.md section 1
# defines a change (added, removed, modified or moved, at a path).
#
# Objects compare field by field; collections by identity, so a reordered step is a move and not
# a rewrite of every step after it. The identity of a block is its label and which occurrence of
# that label it is, or, for an unlabelled block, its position among the unlabelled ones. Scalars
# and arrays compare as values, as does a node whose kind changed (a block became a value).
#
# Rego has no recursion, so the diff goes down one level at a time from the two documents,
# keeping only the pairs of containers that differ: an unchanged step is never looked into. Each
# level is a function call, and the diff chains enough of them for any OCL document.
package lockstep

import rego.v1

# A node of one side of the edit (`base` or `proposed`) by its JSON path. A missing side (a
# create's base, a delete's proposed) is an empty document. (Reading `input` directly: going
# through a rule that holds the document costs a copy per read in rego-cpp.)
base_at(path) := object.get(input.base, path, null) if not is_null(input.base)

else := {}

proposed_at(path) := object.get(input.proposed, path, null) if not is_null(input.proposed)

else := {}

# A pair of nodes the diff compares: where each side has it (its JSON path in that side's
# document), and how the proposed side addresses it (segments, text parts, identity key).
changes contains change if {
	input.hasBase == true
	root := {"segs": [], "parts": [], "key": [], "base": [], "proposed": []}
	some change in structural_diff([root])
}

# 24 levels: an OCL project is at most about 12 deep (a runbook's package's properties).
structural_diff(frontier) := array.concat(
	array.concat(array.concat(a.changes, b.changes), array.concat(c.changes, d.changes)),
	array.concat(e.changes, f.changes),
) if {
	a := four_levels(frontier)
	b := four_levels(a.next)
	c := four_levels(b.next)
	d := four_levels(c.next)
	e := four_levels(d.next)
	f := four_levels(e.next)
}

four_levels(frontier) := {
	"next": d.next,
	"changes": array.concat(array.concat(a.changes, b.changes), array.concat(c.changes, d.changes)),
} if {
	a := one_level(frontier)
	b := one_level(a.next)
	c := one_level(b.next)
	d := one_level(c.next)
}

one_level([]) := {"next": [], "changes": []}

# `frontier` holds pairs of containers of the same kind that differ. Their children that differ
# are changes (a value modified, a block added, removed or moved) or the next level's pairs.
one_level(frontier) := {"next": next, "changes": changes} if {
	count(frontier) > 0
	expanded := [compared(pair) | some pair in frontier]
	next := [child | some level in expanded; some child in level.next]
	changes := [change | some level in expanded; some change in level.changes]
}

# One pair of objects: fields by name.
compared(pair) := {"next": next, "changes": array.concat(array.concat(modified, removed), added)} if {
	before := base_at(pair.base)
	after := proposed_at(pair.proposed)
	is_object(before)
	differing := [child |
		some name
		old := before[name]
		new := after[name]
		old != new
		child := object.union(at(pair, field_segment(name), name, [name], [name]), {"descends": same_container(old, new)})
		watched(child.segs)
	]
	next := [child | some child in differing; child.descends]
	modified := [change | some child in differing; not child.descends; change := change_at("modified", child)]
	removed := [change |
		some name
		_ = before[name]
		not has_key(after, name)
		change := change_at("removed", at(pair, field_segment(name), name, [], []))
		watched(change.segs)
	]
	added := [change |
		some name
		_ = after[name]
		not has_key(before, name)
		change := change_at("added", at(pair, field_segment(name), name, [], []))
		watched(change.segs)
	]
}

# One pair of collections: blocks by identity, addressed as the proposed side addresses them.
else := blocks_compared(pair, before, after, labels_of(before), labels_of(after)) if {
	before := base_at(pair.base)
	after := proposed_at(pair.proposed)
}

labels_of(collection) := [entry.label | some entry in collection]

# The same labels in the same order (the usual case): block i is block i.
blocks_compared(pair, before, after, before_labels, after_labels) := {"next": next, "changes": modified} if {
	before_labels == after_labels
	differing := [child |
		some i in indices(before)
		old := before[i].value
		new := after[i].value
		old != new
		child := object.union(at(pair, entry_segment(i, after[i]), i, [i, "value"], [i, "value"]), {"descends": same_container(old, new)})
		watched(child.segs)
	]
	next := [child | some child in differing; child.descends]
	modified := [change | some child in differing; not child.descends; change := change_at("modified", child)]
}

# Blocks added, removed or moved: matched by identity.
else := {"next": next, "changes": array.concat(array.concat(modified, removed), array.concat(added, moved))} if {
	before_keys := entry_keys(before)
	after_keys := entry_keys(after)
	before_index := {key: i | some i in indices(before_keys); key := before_keys[i]}
	after_index := {key: j | some j in indices(after_keys); key := after_keys[j]}
	differing := [child |
		some i in indices(before_keys)
		key := before_keys[i]
		j := after_index[key]
		old := before[i].value
		new := after[j].value
		old != new
		child := object.union(at(pair, entry_segment(j, after[j]), key, [i, "value"], [j, "value"]), {"descends": same_container(old, new)})
		watched(child.segs)
	]
	next := [child | some child in differing; child.descends]
	modified := [change | some child in differing; not child.descends; change := change_at("modified", child)]
	removed := [change |
		some i in indices(before_keys)
		key := before_keys[i]
		not has_key(after_index, key)
		change := change_at("removed", at(pair, entry_segment(i, before[i]), key, [], []))
		watched(change.segs)
	]
	added := [change |
		some j in indices(after_keys)
		key := after_keys[j]
		not has_key(before_index, key)
		change := change_at("added", at(pair, entry_segment(j, after[j]), key, [], []))
		watched(change.segs)
	]
	order := [j | some i in indices(before); before[i].label != null; key := before_keys[i]; j := after_index[key]]
	moved := moves(pair, after, after_keys, order)
}

# Both sides hold the same kind of container, so the diff looks inside it.
same_container(before, after) := true if {
	kind := kind_of(before)
	kind == kind_of(after)
	kind != "value"
}

else := false

# The diff only goes where an edit rule of the pack looks (GP001-GP003): nothing else could be
# a finding, and a runbook's changes need not be worked out.
watched_scopes := [
	["deployment_process", "step", "*"],
	["deployment_process", "process_template", "*"],
	["deployment_settings"],
	["variables"],
]

watched(segs) if {
	some scope in watched_scopes
	overlaps(segs, scope)
}

change_at(kind, pair) := {"kind": kind, "segs": pair.segs, "parts": pair.parts, "key": pair.key}

# A child of `pair`: how the proposed side addresses it, its identity, and where each side has it.
at(pair, segment, key, base_steps, proposed_steps) := {
	"segs": array.concat(pair.segs, [segment.seg]),
	"parts": array.concat(pair.parts, [segment.part]),
	"key": array.concat(pair.key, [key]),
	"base": array.concat(pair.base, base_steps),
	"proposed": array.concat(pair.proposed, proposed_steps),
}

field_segment(name) := {"seg": name, "part": name_part(name)}

# Reordered blocks: `order` lists, in base order, the new positions of the labelled blocks both
# sides have; all but a longest run that kept its order moved (order.rego).
moves(pair, after, after_keys, order) := [change |
	kept := longest_run(order)
	some k in indices(order)
	j := order[k]
	not k in kept
	label := after[j].label
	change := change_at("moved", at(pair, {"seg": label, "part": key_part(label)}, after_keys[j], [], []))
	watched(change.segs)
] if {
	count(order) > 1
	not increasing(order)
}

else := []

has_key(object, key) if {
	_ = object[key]
}

# The identity of each block of a collection, in order: `L:<label>#<occurrence>` for a labelled
# block, `U:<position>` for an unlabelled one (its position among the unlabelled blocks).
entry_keys(collection) := [key |
	some i in indices(labels)
	key := entry_key(labels, i, labels[i], duplicates, unlabelled)
] if {
	labels := [entry.label | some entry in collection]
	unlabelled := [i | some i in indices(labels); labels[i] == null]
	names := sort([label | some label in labels; label != null])
	duplicates := {names[k] | some k in indices(names); k > 0; names[k] == names[k - 1]}
}

entry_key(labels, i, label, duplicates, unlabelled) := sprintf("U:%d", [count([j | some j in unlabelled; j < i])]) if label == null

else := concat("", ["L:", label, "#0"]) if not label in duplicates

else := sprintf("L:%s#%d", [label, count([j | some j in indices(labels); j < i; labels[j] == label])])
