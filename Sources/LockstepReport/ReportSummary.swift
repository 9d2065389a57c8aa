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
  /// Findings the `--baseline` file accepts: shown, never failing.
  public var baselined: Int
  /// True when a finding is at or above the fail level: the run exits 1.
  public var failed: Bool

  public init(result: LintResult, failLevel: FailLevel) {
    resources = result.resources.count
    files = result.filesChecked
    findings = result.findings.count
    let active = result.findings.filter(\.isActive)
    deny = active.filter { $0.enforcement == .deny }.count
    warn = active.filter { $0.enforcement == .warn }.count
    info = active.filter { $0.enforcement == .info }.count
    suppressed = result.findings.filter { $0.suppression != nil }.count
    baselined = result.findings.filter { $0.suppression == nil && $0.baselined == true }.count
    failed = result.fails(at: failLevel)
  }

  /// `3 deny, 0 warn, 0 info, 1 waived in 2 resources, 9 files`, or `no findings in …`.
  public var sentence: String {
    let checked = "\(Self.count(resources, "resource")), \(Self.count(files, "file"))"
    guard findings > 0 else { return "no findings in \(checked)" }
    let setAside = (suppressed > 0 ? ", \(suppressed) waived" : "") + (baselined > 0 ? ", \(baselined) baselined" : "")
    return "\(deny) deny, \(warn) warn, \(info) info\(setAside) in \(checked)"
  }

  static func count(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
  }
}
