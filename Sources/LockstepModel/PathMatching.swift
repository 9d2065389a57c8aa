/// A node reached by a path, with the concrete path that reaches it (wildcards resolved).
public struct PathMatch: Sendable {
  public var path: Path
  public var node: Node
}

extension Path {
  /// Every node this path reaches under `root`. A path that reaches nothing is not an error.
  public func matches(in root: Node) -> [PathMatch] {
    var current = [PathMatch(path: Path(), node: root)]
    for segment in segments {
      current = current.flatMap { $0.children(matching: segment) }
      if current.isEmpty { break }
    }
    return current
  }
}

extension PathMatch {
  func children(matching segment: Path.Segment) -> [PathMatch] {
    switch (segment, node.value) {
    case (.name(let name), .object(let fields)), (.key(let name), .object(let fields)):
      return fields.filter { $0.name == name }.map { child($0.node, .name($0.name)) }
    case (.name(let label), .collection(let entries)), (.key(let label), .collection(let entries)):
      return entries.filter { $0.label == label }.map { child($0.node, .key(label)) }
    case (.index(let position), .collection(let entries)):
      return entries.indices.contains(position) ? [child(entries[position].node, .index(position))] : []
    case (.index(let position), .array(let elements)):
      return elements.indices.contains(position) ? [child(elements[position], .index(position))] : []
    case (.wildcard, _):
      return node.children.map { child($0.node, $0.segment) }
    default:
      return []
    }
  }

  func child(_ node: Node, _ segment: Path.Segment) -> PathMatch {
    PathMatch(path: path.appending(segment), node: node)
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
