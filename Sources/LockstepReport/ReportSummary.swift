import LockstepEngine

/// The counts every report closes with.
public struct ReportSummary: Sendable, Codable, Equatable {
  public var resources: Int
  public var files: Int
  public var findings: Int
  public var deny: Int
  public var warn: Int
  public var info: Int
  /// Findings an exception waives: shown, never failing.
  public var suppressed: Int
  /// True when a finding is at or above the fail level: the run exits 1.
  public var failed: Bool

  public init(result: LintResult, failLevel: FailLevel) {
    resources = result.resources.count
    files = result.filesChecked
    findings = result.findings.count
    let active = result.findings.filter { $0.suppression == nil }
    deny = active.filter { $0.enforcement == .deny }.count
    warn = active.filter { $0.enforcement == .warn }.count
    info = active.filter { $0.enforcement == .info }.count
    suppressed = result.findings.count - active.count
    failed = result.findings.contains { $0.fails(at: failLevel) }
  }
}
