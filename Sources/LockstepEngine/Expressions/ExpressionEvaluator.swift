import LockstepModel

/// Evaluates compiled expressions, with the semantics documented on `Expression`. Evaluation
/// is total: it never fails and never loops, and recursion follows the syntax tree, whose depth
/// the parser caps.
enum ExpressionEvaluator {
  static func evaluate(_ syntax: ExpressionSyntax, _ context: EvaluationContext) -> ExpressionValue {
    switch syntax {
    case .literal(let value):
      return value
    case .list(let elements):
      return .list(elements.map { evaluate($0, context) })
    case .reference(let reference):
      return value(of: reference, context)
    case .not(let operand):
      return .bool(!evaluate(operand, context).isTrue)
    case .all(let operands):
      for operand in operands where !evaluate(operand, context).isTrue { return .bool(false) }
      return .bool(true)
    case .any(let operands):
      for operand in operands where evaluate(operand, context).isTrue { return .bool(true) }
      return .bool(false)
    case .comparison(let op, let left, let right):
      return .bool(compare(op, evaluate(left, context), evaluate(right, context)))
    case .matches(let operand, let pattern):
      guard case .string(let text) = evaluate(operand, context) else { return .bool(false) }
      return .bool(pattern.matches(text))
    case .call(let function, let argument):
      return call(function, argument, context)
    }
  }

  // MARK: - Functions

  private static func call(_ function: ExpressionFunction, _ argument: ExpressionSyntax, _ context: EvaluationContext)
    -> ExpressionValue
  {
    switch function {
    case .exists, .count:
      guard case .reference(let reference) = argument else { return .missing }
      if case .node(let path) = reference {
        let count = nodes(path, context)?.count { if case .null = $0.value { false } else { true } } ?? 0
        return function == .exists ? .bool(count > 0) : .number(Double(count))
      }
      // `resource.` and `edit.` values: present unless missing; `count` counts a list's elements.
      let value = value(of: reference, context)
      if function == .exists { return .bool(value != .missing) }
      switch value {
      case .missing: return .number(0)
      case .list(let elements): return .number(Double(elements.count))
      default: return .number(1)
      }
    case .len:
      // A path to one block, dictionary or collection counts its children: `len(packages)`.
      if case .reference(.node(let path)) = argument, !path.hasWildcard, let found = nodes(path, context),
        found.count == 1
      {
        switch found[0].value {
        case .object(let fields): return .number(Double(fields.count))
        case .collection(let entries): return .number(Double(entries.count))
        default: break
        }
      }
      switch evaluate(argument, context) {
      case .string(let text): return .number(Double(text.count))
      case .list(let elements): return .number(Double(elements.count))
      default: return .missing
      }
    case .lower:
      return map(evaluate(argument, context)) { value in
        if case .string(let text) = value { return .string(text.lowercased()) }
        return .missing
      }
    case .semver:
      return map(evaluate(argument, context)) { value in
        switch value {
        case .string(let text): return SemanticVersion(text).map(ExpressionValue.version) ?? .missing
        case .number(let number) where number >= 0 && number == number.rounded() && number < 1e15:
          return .version(SemanticVersion([Int(number)]))
        case .version: return value
        default: return .missing
        }
      }
    }
  }

  /// Applies `transform` to a value, or to each element of a list, so that `lower(environments)`
  /// lowers every environment; an element it does not apply to becomes missing, as a scalar does.
  private static func map(_ value: ExpressionValue, _ transform: (ExpressionValue) -> ExpressionValue)
    -> ExpressionValue
  {
    if case .list(let elements) = value { return .list(elements.map(transform)) }
    return transform(value)
  }

  // MARK: - References

  private static func value(of reference: ExpressionReference, _ context: EvaluationContext) -> ExpressionValue {
    switch reference {
    case .node(let path):
      guard let found = nodes(path, context) else { return .missing }
      if path.hasWildcard { return .list(found.map(ExpressionValue.init)) }
      switch found.count {
      case 0: return .missing
      case 1: return ExpressionValue(found[0])
      default: return .list(found.map(ExpressionValue.init))
      }
    case .resource(let field):
      let identity = context.resource
      switch field {
      case .space: return known(identity.space)
      case .project: return known(identity.project)
      case .projectGroup: return known(identity.projectGroup)
      case .label(let name): return identity.labels[name].map(ExpressionValue.string) ?? .missing
      }
    case .edit(let field):
      switch field {
      case .operation: return known(context.operation)
      case .actorName: return known(context.actorName)
      case .actorTeams: return .list(context.actorTeams.map(ExpressionValue.string))
      }
    }
  }

  private static func known(_ text: String) -> ExpressionValue {
    text.isEmpty ? .missing : .string(text)
  }

  /// The nodes a path reaches from its root, or nil when the context has no such root.
  private static func nodes(_ path: ExpressionPath, _ context: EvaluationContext) -> [Node]? {
    let root: Node?
    switch path.root {
    case .node: root = context.node
    case .base: root = context.base
    case .proposed: root = context.proposed
    case .upstream: root = context.upstream
    }
    guard let root else { return nil }
    return resolve(path.path.segments, from: root)
  }

  /// `Path.matches(in:)` without building the concrete path of each match, which expressions do
  /// not need: the same lookups, in the same order.
  static func resolve(_ segments: [Path.Segment], from root: Node) -> [Node] {
    // Most references (`action_type`, `properties["…"]`) reach one node at each step: follow it
    // without an array per step, and gather arrays only from the first step that branches.
    var node = root
    for (position, segment) in segments.enumerated() {
      switch onlyChild(segment, of: node) {
      case .none: return []
      case .one(let child): node = child
      case .several: return resolve(segments[position...], from: [node])
      }
    }
    return [node]
  }

  /// What one segment of a path reaches from one node.
  enum Step {
    case none
    case one(Node)
    case several
  }

  /// What one segment reaches from a node, when that is at most one node.
  static func onlyChild(_ segment: Path.Segment, of node: Node) -> Step {
    switch (segment, node.value) {
    case (.name(let name), .object(let fields)), (.key(let name), .object(let fields)):
      guard let first = fields.firstIndex(where: { $0.name == name }) else { return .none }
      return fields[(first + 1)...].contains { $0.name == name } ? .several : .one(fields[first].node)
    case (.name(let label), .collection(let entries)), (.key(let label), .collection(let entries)):
      guard let first = entries.firstIndex(where: { $0.label == label }) else { return .none }
      return entries[(first + 1)...].contains { $0.label == label } ? .several : .one(entries[first].node)
    case (.index(let position), .collection(let entries)):
      return entries.indices.contains(position) ? .one(entries[position].node) : .none
    case (.index(let position), .array(let elements)):
      return elements.indices.contains(position) ? .one(elements[position]) : .none
    case (.wildcard, .object), (.wildcard, .collection), (.wildcard, .array):
      return .several
    default:
      return .none
    }
  }

  static func resolve(_ segments: ArraySlice<Path.Segment>, from roots: [Node]) -> [Node] {
    var current = roots
    for segment in segments {
      var next: [Node] = []
      for node in current {
        switch (segment, node.value) {
        case (.name(let name), .object(let fields)), (.key(let name), .object(let fields)):
          for field in fields where field.name == name { next.append(field.node) }
        case (.name(let label), .collection(let entries)), (.key(let label), .collection(let entries)):
          for entry in entries where entry.label == label { next.append(entry.node) }
        case (.index(let position), .collection(let entries)):
          if entries.indices.contains(position) { next.append(entries[position].node) }
        case (.index(let position), .array(let elements)):
          if elements.indices.contains(position) { next.append(elements[position]) }
        case (.wildcard, .object(let fields)):
          next.append(contentsOf: fields.lazy.map(\.node))
        case (.wildcard, .collection(let entries)):
          next.append(contentsOf: entries.lazy.map(\.node))
        case (.wildcard, .array(let elements)):
          next.append(contentsOf: elements)
        default:
          break
        }
      }
      if next.isEmpty { return [] }
      current = next
    }
    return current
  }

  // MARK: - Comparisons

  static func compare(_ op: ComparisonOperator, _ left: ExpressionValue, _ right: ExpressionValue) -> Bool {
    // Membership looks at each element, so a list may hold structures or missing values.
    if op == .in { return contains(right, left) }
    if op == .contains { return contains(left, right) }
    guard left.isComparable, right.isComparable else { return false }
    switch op {
    case .equal: return equal(left, right)
    case .notEqual: return !equal(left, right)
    case .less: return order(left, right).map { $0 < 0 } ?? false
    case .lessOrEqual: return order(left, right).map { $0 <= 0 } ?? false
    case .greater: return order(left, right).map { $0 > 0 } ?? false
    case .greaterOrEqual: return order(left, right).map { $0 >= 0 } ?? false
    case .in, .contains: return false
    case .startsWith:
      guard case .string(let text) = left, case .string(let prefix) = right else { return false }
      return text.hasPrefix(prefix)
    case .endsWith:
      guard case .string(let text) = left, case .string(let suffix) = right else { return false }
      return text.hasSuffix(suffix)
    }
  }

  /// `element in container`: an element of a list that equals it, or a substring of a string.
  private static func contains(_ container: ExpressionValue, _ element: ExpressionValue) -> Bool {
    guard element.isComparable else { return false }
    return switch (container, element) {
    case (.list(let elements), _): elements.contains { $0.isComparable && equal($0, element) }
    case (.string(let text), .string(let part)): UTF8Search.contains(text, part)
    default: false
    }
  }

  /// The language's `==` for two comparable values.
  private static func equal(_ left: ExpressionValue, _ right: ExpressionValue) -> Bool {
    switch (left, right) {
    case (.null, .null): true
    case (.bool(let a), .bool(let b)): a == b
    case (.number(let a), .number(let b)): a == b
    case (.string(let a), .string(let b)): a == b
    case (.version(let a), .version(let b)): a.compare(b) == 0
    case (.list(let a), .list(let b)): a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
    default: false
    }
  }

  /// -1, 0 or 1 for two values that have an order, nil for any other pair.
  private static func order(_ left: ExpressionValue, _ right: ExpressionValue) -> Int? {
    switch (left, right) {
    case (.number(let a), .number(let b)): a < b ? -1 : (a == b ? 0 : 1)
    case (.string(let a), .string(let b)): a < b ? -1 : (a == b ? 0 : 1)
    case (.version(let a), .version(let b)): a.compare(b)
    default: nil
    }
  }
}

extension ExpressionValue {
  /// Not missing and not a structure, and for a list, the same for every element: a value that
  /// comparisons can use.
  var isComparable: Bool {
    switch self {
    case .missing, .structure: false
    case .list(let elements): elements.allSatisfy(\.isComparable)
    default: true
    }
  }
}
