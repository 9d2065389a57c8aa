/// What one lint run found, and over what.
public struct LintResult: Sendable {
  public var findings: [Finding]
  /// Every resource checked, by report name, including the clean ones.
  public var resources: [String]
  public var filesChecked: Int
  /// The rules run on each resource, by report name, in the order they ran: a clean resource
  /// still shows what it passed.
  public var checks: [String: [CheckedRule]] = [:]
  /// Every rule the run could report, by id, for the reports' rule catalogues.
  public var rules: [String: RuleInfo] = [:]
  /// Exceptions that waived something, and ones that would have but have expired.
  public var usedExceptions: Set<String> = []
  public var expiredExceptions: Set<String> = []
  public var matchedExceptions: Set<String> = []
  /// Projects that a base was given for but that the base does not have: judged as creations.
  public var created: [String] = []
  /// What a `--baseline` did, when one was given.
  public var baseline: BaselineOutcome?

  public init(findings: [Finding] = [], resources: [String] = [], filesChecked: Int = 0) {
    self.findings = findings
    self.resources = resources
    self.filesChecked = filesChecked
  }

  mutating func merge(_ other: LintResult) {
    findings += other.findings
    resources += other.resources
    filesChecked += other.filesChecked
    checks.merge(other.checks, uniquingKeysWith: +)
    rules.merge(other.rules, uniquingKeysWith: { first, _ in first })
    usedExceptions.formUnion(other.usedExceptions)
    expiredExceptions.formUnion(other.expiredExceptions)
    matchedExceptions.formUnion(other.matchedExceptions)
    created += other.created
  }

  /// True when a finding is at or above `level`: the run exits 1.
  public func fails(at level: FailLevel) -> Bool {
    findings.contains { $0.fails(at: level) }
  }
}
