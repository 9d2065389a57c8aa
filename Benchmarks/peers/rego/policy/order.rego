# Which reordered blocks count as moved: all but a longest run that kept its relative order.
#
# `order` lists, in base order, the new positions of the blocks both sides have. Several runs can
# be longest; Lockstep keeps the one patience sorting finds (DESIGN.md leaves the choice open, but
# it decides which block a finding names, and so whether an `except` path covers it). That run
# ends at the last element of the top pile and, going back, takes on each level the latest element
# that still lies on a longest run to that end.
#
# Without recursion, the longest chains come from repeated max-plus squaring of the "comes before
# and stays before" matrix, which is log2(n) squarings. Elements already in their place relative
# to everything else (every earlier one smaller, every later one larger) are on every longest run,
# so only the others, usually a handful, go into the matrix.
package lockstep

import rego.v1

# The indices into `order` that stay in place.
longest_run(order) := anchors | {core[a] | some a in chain(values)} if {
	anchors := {i | some i in indices(order); count([j | some j in indices(order); out_of_place(i, order[i], j, order[j])]) == 0}
	core := [i | some i in indices(order); not i in anchors]
	values := [order[i] | some i in core]
}

out_of_place(i, x, j, y) if {
	j < i
	y > x
}

out_of_place(i, x, j, y) if {
	j > i
	y < x
}

# The indices of an array. Loops iterate over these rather than with `some i; x := a[i]`: rego-cpp
# 1.5.2 treats an index bound that way as unbound in later references (`b[i]` scans all of b) and
# in nested comprehensions (where it silently iterates again).
indices(array) := [] if count(array) == 0

else := numbers.range(0, count(array) - 1)

# `order` is already in order: nothing moved.
increasing(order) if {
	every k in numbers.range(1, count(order) - 1) {
		order[k - 1] < order[k]
	}
}

# The largest of some numbers. (rego-cpp 1.5.2's max, min and sort compare numbers as text:
# max([2, 10, 9]) is 9.)
largest(list) := n if {
	some n in list
	every m in list {
		m <= n
	}
}

# The indices of the chosen longest increasing run of `values` (distinct numbers).
chain(values) := chosen if {
	count(values) > 0
	first := {a: row | some a in indices(values); row := {b: d | some b in indices(values); d := edge(values, a, b)}}
	lengths := longest_paths(first, count(values))
	ends := {b: n | some b in indices(values); n := 1 + largest([l | some a; l := lengths[a][b]])}
	top := largest([n | some n in ends])
	last := largest([b | some b in indices(values); ends[b] == top])
	chosen := {largest([a | some a in indices(values); ends[a] == level; ends[a] + lengths[a][last] == top]) | some level in numbers.range(1, top)}
}

else := set()

edge(_, a, b) := 0 if a == b

edge(values, a, b) := 1 if {
	a < b
	values[a] < values[b]
}

# lengths[a][b]: the most steps of a chain from a to b, for every b that a reaches.
longest_paths(first, n) := d10 if {
	d1 := grow(first, 1, n)
	d2 := grow(d1, 2, n)
	d3 := grow(d2, 4, n)
	d4 := grow(d3, 8, n)
	d5 := grow(d4, 16, n)
	d6 := grow(d5, 32, n)
	d7 := grow(d6, 64, n)
	d8 := grow(d7, 128, n)
	d9 := grow(d8, 256, n)
	d10 := grow(d9, 512, n)
}

# `d` knows chains of up to `reach` steps; squaring it doubles that, until no chain is longer.
grow(d, reach, n) := square(d) if reach < n - 1

else := d

square(d) := {a: row |
	some a
	from_a := d[a]
	targets := reachable(d, from_a)
	row := {target: best |
		some target in targets
		best := largest([x | some b in object.keys(from_a); y := from_a[b]; z := d[b][target]; x := y + z])
	}
}

reachable(d, from_a) := {target | some b in object.keys(from_a); some target in object.keys(d[b])}
