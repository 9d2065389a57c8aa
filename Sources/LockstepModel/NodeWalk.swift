extension Node {
  /// Visits this node and every node under it, depth first, with the segments that reach it.
  ///
  /// The segments are one shared stack, so a walk allocates no path per node; a visitor that
  /// needs to keep one makes a `Path` from them.
  public func walk(_ visit: ([Path.Segment], Node) -> Void) {
    var stack: [Path.Segment] = []
    walk(&stack, visit)
  }

  private func walk(_ stack: inout [Path.Segment], _ visit: ([Path.Segment], Node) -> Void) {
    visit(stack, self)
    switch value {
    case .object(let fields):
      for field in fields {
        stack.append(.name(field.name))
        field.node.walk(&stack, visit)
        stack.removeLast()
      }
    case .collection(let entries):
      for (position, entry) in entries.enumerated() {
        stack.append(entry.label.map(Path.Segment.key) ?? .index(position))
        entry.node.walk(&stack, visit)
        stack.removeLast()
      }
    case .array(let elements):
      for (position, element) in elements.enumerated() {
        stack.append(.index(position))
        element.walk(&stack, visit)
        stack.removeLast()
      }
    default:
      break
    }
  }
}

extension Array where Element == Path.Segment {
  /// The name of the field or block list a node sits in: `step` for `step["x"]`, `condition`
  /// for `step["x"].condition`.
  public var containerName: String? {
    for segment in reversed() {
      if case .name(let name) = segment { return name }
    }
    return nil
  }

  /// The container name one level further out than `containerName`.
  public var parentContainerName: String? {
    var seenFirst = false
    for segment in reversed() {
      guard case .name(let name) = segment else { continue }
      if seenFirst { return name }
      seenFirst = true
    }
    return nil
  }
}
