import LockstepModel

/// What a policy rule checks: exactly one of the six kinds of DESIGN.md section 4.
public enum RuleCheck: Sendable {
  /// Any change at or under a locked path, except under an excepted one.
  case lock(paths: [Path], except: [Path])
  /// Any change under `within` (the whole resource when nil) that is not at or under an editable path.
  case editable(within: Path?, paths: [Path])
  /// The proposed state must hold nodes matched by `path` for which `condition` holds.
  case require(Requirement)
  /// A node matched by `path` for which `condition` holds must not be in the proposed state.
  case forbid(path: Path, condition: Expression?)
  /// The proposed value at each path must equal the upstream baseline's.
  case consistent(paths: [Path])
  /// `that` must hold for every node matched by `path` in the proposed state.
  case assert(path: Path, that: Expression)

  /// Edit rules compare base and proposed; without a base they are not applicable.
  public var needsBase: Bool {
    switch self {
    case .lock, .editable: true
    default: false
    }
  }

  public var kindName: String {
    switch self {
    case .lock: "lock"
    case .editable: "editable"
    case .require: "require"
    case .forbid: "forbid"
    case .consistent: "consistent"
    case .assert: "assert"
    }
  }
}

/// `require: { any|all: PATH, where: EXPR, count: {min, max} }`.
public struct Requirement: Sendable {
  public enum Quantifier: String, Sendable {
    case any, all
  }

  public var quantifier: Quantifier
  public var path: Path
  public var condition: Expression?
  public var minimum: Int
  public var maximum: Int?
}

/// Where a rule came from, for load errors and for `lockstep explain`.
public struct RuleOrigin: Sendable, Equatable {
  public var file: String
  public var line: Int
  public var column: Int
  public var policy: String
}

/// One rule of a loaded policy, compiled: its paths parsed and its expressions compiled once.
public struct PolicyRule: Sendable {
  public var id: String
  public var title: String
  public var description: String?
  public var severity: Severity
  public var mandatory: Bool
  /// The operations the rule applies to; all of them by default.
  public var operations: Set<EditOperation>
  /// A template: `{path}`, `{value}`, `{base}`, `{upstream}` are filled in.
  public var message: String?
  public var help: String?
  public var check: RuleCheck
  public var owner: String?
  public var contact: String?
  public var origin: RuleOrigin
}
