/// A node reached by a path, with the concrete path that reaches it (wildcards resolved).
public struct PathMatch: Sendable {
  public var path: Path
  public var node: Node
}

extension Path {
  /// Every node this path reaches under `root`. A path that reaches nothing is not an error.
  ///
  /// A depth-first walk over one path buffer: a concrete path is made only for a node the whole
  /// path reaches, not for every node on the way (policies match `variable[*].value[*]` across
  /// hundreds of variables on every evaluation).
  public func matches(in root: Node) -> [PathMatch] {
    var found: [PathMatch] = []
    var concrete = Path()
    concrete.segments.reserveCapacity(segments.count)
    collect(root, depth: 0, concrete: &concrete, into: &found)
    return found
  }

  func collect(_ node: Node, depth: Int, concrete: inout Path, into found: inout [PathMatch]) {
    guard depth < segments.count else {
      found.append(PathMatch(path: concrete, node: node))
      return
    }
    let visit = { (child: Node, segment: Path.Segment, concrete: inout Path, found: inout [PathMatch]) in
      concrete.segments.append(segment)
      collect(child, depth: depth + 1, concrete: &concrete, into: &found)
      concrete.segments.removeLast()
    }
    switch (segments[depth], node.value) {
    case (.name(let name), .object(let fields)), (.key(let name), .object(let fields)):
      for field in fields where field.name == name { visit(field.node, .name(name), &concrete, &found) }
    case (.name(let label), .collection(let entries)), (.key(let label), .collection(let entries)):
      for entry in entries where entry.label == label { visit(entry.node, .key(label), &concrete, &found) }
    case (.index(let position), .collection(let entries)):
      if entries.indices.contains(position) { visit(entries[position].node, .index(position), &concrete, &found) }
    case (.index(let position), .array(let elements)):
      if elements.indices.contains(position) { visit(elements[position], .index(position), &concrete, &found) }
    case (.wildcard, .object(let fields)):
      for field in fields { visit(field.node, .name(field.name), &concrete, &found) }
    case (.wildcard, .collection(let entries)):
      for (position, entry) in entries.enumerated() {
        visit(entry.node, entry.label.map(Path.Segment.key) ?? .index(position), &concrete, &found)
      }
    case (.wildcard, .array(let elements)):
      for (position, element) in elements.enumerated() { visit(element, .index(position), &concrete, &found) }
    default:
      return
    }
  }
}

extension Node {
  /// The direct children with the segment that addresses each.
  public var children: [(segment: Path.Segment, node: Node)] {
    switch value {
    case .object(let fields): fields.map { (.name($0.name), $0.node) }
    case .collection(let entries):
      entries.enumerated().map { position, entry in
        (entry.label.map(Path.Segment.key) ?? .index(position), entry.node)
      }
    case .array(let elements): elements.enumerated().map { (.index($0.offset), $0.element) }
    default: []
    }
  }
}
