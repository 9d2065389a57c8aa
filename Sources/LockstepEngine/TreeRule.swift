import LockstepModel

/// A rule that looks at a resource node by node. The linter walks each resource once and shows
/// every node to every tree rule's visitor, instead of one walk per rule.
public protocol TreeRule: BuiltinRule {
  func makeVisitor(for subject: LintSubject) -> any NodeVisitor
}

/// A rule's state over one walk of one resource.
public protocol NodeVisitor {
  mutating func visit(_ stack: [Path.Segment], _ node: Node, into sink: inout FindingSink)
  /// After the walk: for rules that can only judge once they have seen the whole tree.
  mutating func finish(into sink: inout FindingSink)
}

extension NodeVisitor {
  public mutating func finish(into sink: inout FindingSink) {}
}

extension TreeRule {
  public var asTreeRule: (any TreeRule)? { self }

  /// Run alone, a tree rule walks the tree itself.
  public func check(_ subject: LintSubject, into sink: inout FindingSink) {
    var visitors = [makeVisitor(for: subject)]
    TreeWalk.run(&visitors, over: subject, into: &sink)
  }
}

enum TreeWalk {
  static func run(_ visitors: inout [any NodeVisitor], over subject: LintSubject, into sink: inout FindingSink) {
    guard let root = subject.resource?.root, !visitors.isEmpty else { return }
    root.walk { stack, node in
      for index in visitors.indices {
        visitors[index].visit(stack, node, into: &sink)
      }
    }
    for index in visitors.indices {
      visitors[index].finish(into: &sink)
    }
  }
}
