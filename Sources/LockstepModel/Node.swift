/// One node of the document model: a value and where it was written.
///
/// Every input, OCL or a REST API document, becomes a tree of these, so rules, paths and the diff
/// work the same whatever the source.
public struct Node: Sendable {
  public var value: NodeValue
  public var location: SourceLocation?

  public init(_ value: NodeValue, location: SourceLocation? = nil) {
    self.value = value
    self.location = location
  }
}

public enum NodeValue: Sendable {
  case null
  case bool(Bool)
  case integer(Int)
  /// Kept as written so that `1.50` stays exact.
  case decimal(String)
  case string(String)
  case array([Node])
  /// A block body, a dictionary or a JSON object: named fields in source order.
  case object([Field])
  /// Repeated blocks (`step`, `variable`, `packages`): entries addressed by label or position.
  case collection([Entry])
}

/// A named field of an object.
public struct Field: Sendable {
  public var name: String
  public var node: Node

  public init(_ name: String, _ node: Node) {
    self.name = name
    self.node = node
  }
}

/// One block of a collection. `label` is nil for unlabelled blocks, which are addressed by index.
public struct Entry: Sendable {
  public var label: String?
  public var node: Node

  public init(label: String?, node: Node) {
    self.label = label
    self.node = node
  }
}

extension Node {
  /// The field called `name`, when this node is an object that has one.
  public subscript(field name: String) -> Node? {
    guard case .object(let fields) = value else { return nil }
    return fields.first { $0.name == name }?.node
  }

  public var fields: [Field] {
    if case .object(let fields) = value { return fields }
    return []
  }

  public var entries: [Entry] {
    if case .collection(let entries) = value { return entries }
    return []
  }

  public var string: String? {
    if case .string(let text) = value { return text }
    return nil
  }

  /// Objects are the same when they have the same fields with the same values, in any order:
  /// the structural diff matches fields by name, so reordering attributes is no change.
  static func sameFields(_ a: [Field], _ b: [Field]) -> Bool {
    guard a.count == b.count else { return false }
    if zip(a, b).allSatisfy({ $0.name == $1.name }) {
      return zip(a, b).allSatisfy { $0.node.hasSameValue(as: $1.node) }
    }
    // Out of order: only objects with unique names can be matched up by name.
    let left = Dictionary(a.map { ($0.name, $0.node) }, uniquingKeysWith: { first, _ in first })
    let right = Dictionary(b.map { ($0.name, $0.node) }, uniquingKeysWith: { first, _ in first })
    guard left.count == a.count, right.count == b.count else { return false }
    return left.allSatisfy { name, node in right[name]?.hasSameValue(as: node) == true }
  }

  /// Scalars and arrays of scalars compare by value; spans never take part.
  public func hasSameValue(as other: Node) -> Bool {
    switch (value, other.value) {
    case (.null, .null): true
    case (.bool(let a), .bool(let b)): a == b
    case (.integer(let a), .integer(let b)): a == b
    case (.decimal(let a), .decimal(let b)): a == b
    case (.string(let a), .string(let b)): a == b
    case (.array(let a), .array(let b)):
      a.count == b.count && zip(a, b).allSatisfy { $0.hasSameValue(as: $1) }
    case (.object(let a), .object(let b)): Self.sameFields(a, b)
    case (.collection(let a), .collection(let b)):
      a.count == b.count
        && zip(a, b).allSatisfy { $0.label == $1.label && $0.node.hasSameValue(as: $1.node) }
    default: false
    }
  }
}
