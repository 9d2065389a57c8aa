/// What a finding does to the edit: the rule's severity as the resource's model enforces it.
public enum Enforcement: String, Sendable, Codable, Comparable, CaseIterable {
  case info, warn, deny

  public static func < (lhs: Enforcement, rhs: Enforcement) -> Bool {
    lhs.rank < rhs.rank
  }

  var rank: Int {
    switch self {
    case .info: 0
    case .warn: 1
    case .deny: 2
    }
  }

  /// Under the centralized model (Lockstep's default, failing closed) severity maps one to one.
  public init(centralized severity: Severity) {
    switch severity {
    case .error: self = .deny
    case .warning: self = .warn
    case .info: self = .info
    }
  }
}

/// The lowest enforcement that fails a run (`--fail-level`).
public enum FailLevel: String, Sendable, CaseIterable {
  case error, warning, info, none

  public func fails(_ enforcement: Enforcement) -> Bool {
    switch self {
    case .error: enforcement == .deny
    case .warning: enforcement >= .warn
    case .info: true
    case .none: false
    }
  }
}
