import LockstepEngine

/// The counts every report closes with.
public struct ReportSummary: Sendable, Codable, Equatable {
  public var resources: Int
  public var files: Int
  public var findings: Int
  public var deny: Int
  public var warn: Int
  public var info: Int
  /// True when a finding is at or above the fail level: the run exits 1.
  public var failed: Bool

  public init(result: LintResult, failLevel: FailLevel) {
    resources = result.resources.count
    files = result.filesChecked
    findings = result.findings.count
    deny = result.findings.filter { $0.enforcement == .deny }.count
    warn = result.findings.filter { $0.enforcement == .warn }.count
    info = result.findings.filter { $0.enforcement == .info }.count
    failed = result.findings.contains { failLevel.fails($0.enforcement) }
  }
}
