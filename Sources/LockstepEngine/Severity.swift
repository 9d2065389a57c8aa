/// How serious a rule says its findings are, before the responsibility model caps it.
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
  case info, warning, error

  public static func < (lhs: Severity, rhs: Severity) -> Bool {
    lhs.rank < rhs.rank
  }

  var rank: Int {
    switch self {
    case .info: 0
    case .warning: 1
    case .error: 2
    }
  }
}
