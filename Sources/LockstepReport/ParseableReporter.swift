import LockstepEngine

/// One finding a line, for scripts:
///
///     FILE:LINE:COLUMN:END_LINE:END_COLUMN:ENFORCEMENT:STATUS:RULE:RESOURCE:PATH:MESSAGE
///
/// STATUS is `active`, `waived` or `baselined`. Missing values are empty. In every field `%`,
/// CR and LF are percent-encoded (`%25`, `%0D`, `%0A`), and in the ten fields before the message
/// `:` is too (`%3A`), so splitting a line at its first ten colons always gives the fields. No
/// summary line: every line is a finding.
public enum ParseableReporter {
  public static func render(_ result: LintResult) -> String {
    result.findings.map(line).joined()
  }

  static func line(_ finding: Finding) -> String {
    let span = finding.span
    let fields: [String] = [
      finding.file ?? "", span.map { "\($0.line)" } ?? "", span.map { "\($0.column)" } ?? "",
      span.map { "\($0.endLine)" } ?? "", span.map { "\($0.endColumn)" } ?? "", finding.enforcement.rawValue,
      status(finding), finding.ruleID, finding.resource, finding.path ?? "",
    ]
    return fields.map { encode($0, colons: true) }.joined(separator: ":") + ":" + encode(finding.message, colons: false)
      + "\n"
  }

  static func status(_ finding: Finding) -> String {
    if finding.suppression != nil { return "waived" }
    return finding.baselined == true ? "baselined" : "active"
  }

  static func encode(_ text: String, colons: Bool) -> String {
    colons
      ? text.replacingEvery(["%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A"])
      : text.replacingEvery(["%": "%25", "\r": "%0D", "\n": "%0A"])
  }
}
