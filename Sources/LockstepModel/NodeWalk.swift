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
    // By index, not `for field in fields`: the loop variable would be a copy of each field,
    // a retain and a release of its name and its subtree for every node walked.
    case .object(let fields):
      for index in fields.indices {
        stack.append(.name(fields[index].name))
        fields[index].node.walk(&stack, visit)
        stack.removeLast()
      }
    case .collection(let entries):
      for index in entries.indices {
        stack.append(entries[index].label.map(Path.Segment.key) ?? .index(index))
        entries[index].node.walk(&stack, visit)
        stack.removeLast()
      }
    case .array(let elements):
      for index in elements.indices {
        stack.append(.index(index))
        elements[index].walk(&stack, visit)
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
