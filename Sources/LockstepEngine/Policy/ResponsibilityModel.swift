/// Octopus's responsibility models: how much of a downstream resource the platform team owns.
public enum ResponsibilityModel: String, Sendable, Codable, CaseIterable {
  /// Enforced consistency: customers edit only what is allowed.
  case centralized
  /// Eventual consistency: customers edit forks and merge upstream changes.
  case shared
  /// Eventual inconsistency: anything goes; Lockstep only informs.
  case customer

  /// A rule's severity as this model enforces it (DESIGN.md section 4). Mandatory rules are never
  /// capped.
  public func enforcement(of severity: Severity, mandatory: Bool = false) -> Enforcement {
    if mandatory { return Enforcement(centralized: severity) }
    switch (self, severity) {
    case (.centralized, _): return Enforcement(centralized: severity)
    case (.shared, .info): return .info
    case (.shared, _): return .warn
    case (.customer, _): return .info
    }
  }
}
