/// One rule run on one resource: what JUnit lists as a testcase, passing or not.
public struct CheckedRule: Sendable, Equatable {
  public var ruleID: String
  public var applicability: Applicability

  public init(ruleID: String, applicability: Applicability = .applicable) {
    self.ruleID = ruleID
    self.applicability = applicability
  }
}

/// Whether a rule could judge the resource, and if not, why not.
public enum Applicability: Sendable, Equatable {
  case applicable
  /// The policy selected the resource but the rule had nothing to judge (an edit rule without a
  /// base, a rule limited to other operations, a state rule on a deletion).
  case notApplicable(reason: String)

  public var isApplicable: Bool { self == .applicable }
}
