import LockstepModel

/// The value of an expression or of a node an expression reads.
///
/// Node values convert as: string → `.string`, integer and decimal → `.number`, bool → `.bool`,
/// null → `.null`, array → `.list`, and a block, dictionary or collection → `.structure`, which
/// is present (`exists` is true) but is not a value: every comparison with it is false.
///
/// `Equatable` here is structural, for tests and callers; the language's own `==` is
/// documented on `Expression` (a missing or structure side is never equal, versions compare with
/// their wildcards).
public enum ExpressionValue: Sendable, Equatable, CustomStringConvertible {
  /// Nothing there: a path that reaches no node, an unknown label, a resource root the edit does
  /// not have, a function given something it cannot use. Every comparison with it is false.
  case missing
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case list([ExpressionValue])
  /// A block, dictionary or collection: present, but not comparable.
  case structure
  /// The result of `semver(x)`: comparable only with another version.
  case version(SemanticVersion)

  /// The value of one node.
  public init(_ node: Node) {
    switch node.value {
    case .null: self = .null
    case .bool(let flag): self = .bool(flag)
    case .integer(let number): self = .number(Double(number))
    case .decimal(let text): self = Double(text).map(ExpressionValue.number) ?? .missing
    case .string(let text): self = .string(text)
    case .array(let elements): self = .list(elements.map(ExpressionValue.init))
    case .object, .collection: self = .structure
    }
  }

  /// True for `.bool(true)` only: conditions use two-valued logic in which anything else,
  /// missing values included, is false.
  public var isTrue: Bool {
    if case .bool(true) = self { return true }
    return false
  }

  /// Written as the expression language would write it: strings quoted, lists in brackets.
  public var description: String {
    switch self {
    case .missing: "missing"
    case .null: "null"
    case .bool(let flag): flag ? "true" : "false"
    case .number(let number): ExpressionValue.format(number)
    case .string(let text): ExpressionValue.quote(text)
    case .list(let elements): "[" + elements.map(\.description).joined(separator: ", ") + "]"
    case .structure: "structure"
    case .version(let version): "semver(" + ExpressionValue.quote(version.description) + ")"
    }
  }

  /// Whole numbers without a fraction (`30`, not `30.0`).
  static func format(_ number: Double) -> String {
    if number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
    return String(number)
  }

  static func quote(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
