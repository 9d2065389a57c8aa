import LockstepModel

/// A compiled expression: the tree the parser builds and the evaluator walks.
///
/// `&&` and `||` chains are flat lists, so the tree is no deeper than the expression's nesting of
/// parentheses, lists, calls and `!`, which the parser caps.
indirect enum ExpressionSyntax: Sendable {
  case literal(ExpressionValue)
  case list([ExpressionSyntax])
  case reference(ExpressionReference)
  case not(ExpressionSyntax)
  /// `a && b && c`: true when every operand is true; stops at the first that is not.
  case all([ExpressionSyntax])
  /// `a || b || c`: true when an operand is true; stops at the first that is.
  case any([ExpressionSyntax])
  case comparison(ComparisonOperator, ExpressionSyntax, ExpressionSyntax)
  case matches(ExpressionSyntax, CompiledPattern)
  case call(ExpressionFunction, ExpressionSyntax)
}

/// The binary operators that compare two values. They share one precedence level, between `!`
/// and `&&`, and do not chain: `a == b == c` is an error.
enum ComparisonOperator: String, Sendable, CaseIterable {
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="
  case `in` = "in"
  case contains = "contains"
  case startsWith = "startsWith"
  case endsWith = "endsWith"

  /// The word operators, recognised where an operator is expected; elsewhere they are names.
  static let words: [String: ComparisonOperator] = [
    "in": .in, "contains": .contains, "startsWith": .startsWith, "endsWith": .endsWith,
  ]
}

enum ExpressionFunction: String, Sendable, CaseIterable {
  case exists, count, len, lower, semver

  /// `exists` and `count` take a path, not a value.
  var takesPath: Bool { self == .exists || self == .count }

  static let names = allCases.map { "\($0.rawValue)()" }.joined(separator: ", ")
}

/// Something an expression reads from the context.
enum ExpressionReference: Sendable {
  /// A path from the node being tested (`this`, or a bare name) or from a resource root.
  case node(ExpressionPath)
  case resource(ResourceField)
  case edit(EditField)

  enum ResourceField: Sendable, Equatable, CustomStringConvertible {
    case space, project, projectGroup
    case label(String)

    var description: String {
      switch self {
      case .space: "resource.space"
      case .project: "resource.project"
      case .projectGroup: "resource.projectGroup"
      case .label(let name): "resource.labels" + Path([.key(name)]).description
      }
    }
  }

  enum EditField: String, Sendable, CaseIterable, CustomStringConvertible {
    case operation = "edit.operation"
    case actorName = "edit.actor.name"
    case actorTeams = "edit.actor.teams"

    var description: String { rawValue }
  }
}

/// A node path an expression reads, compiled once. Policy loading can check these against the
/// schema of a resource kind.
public struct ExpressionPath: Sendable, Hashable, CustomStringConvertible {
  public enum Root: String, Sendable, Hashable {
    /// The node being tested: a bare name, or `this`.
    case node = "this"
    case base, proposed, upstream
  }

  public var root: Root
  /// The path from the root; empty for `this` or `base` alone.
  public var path: Path
  /// True when the path holds `[*]`: its value is then always a list.
  public var hasWildcard: Bool

  public init(root: Root, path: Path) {
    self.root = root
    self.path = path
    self.hasWildcard = path.segments.contains { if case .wildcard = $0 { true } else { false } }
  }

  public var description: String {
    let text = path.description
    if path.isEmpty || text.hasPrefix("[") { return root.rawValue + text }
    if root == .node, case .name(let first) = path.segments[0], !Self.reservedWords.contains(first) { return text }
    return root.rawValue + "." + text
  }

  /// Words that start a path as a root or read as a literal, so a field named like one is
  /// written `this.base`.
  static let reservedWords: Set<String> = [
    "this", "base", "proposed", "upstream", "resource", "edit", "true", "false", "null",
  ]
}
