import LockstepEngine

/// GitHub Actions workflow commands: one annotation per finding, on the file and lines it is
/// about, escaped as the Actions toolkit escapes (`@actions/core` `issueCommand`).
///
///     ::error file=.octopus/deployment_process.ocl,line=138,col=5,endLine=138,endColumn=26,title=GP001 …::message
///
/// deny is `error`, warn `warning`, info `notice`. Waived and baselined findings are notices
/// that say so. A removal's position is in the base version, which the checkout does not have:
/// it is annotated at the top of the file and the message gives the old line. The last line is
/// the summary, as plain log text.
public struct GitHubReporter: Sendable {
  /// Maps a finding's file to the path GitHub annotates: relative to the repository root.
  public var repositoryPath: @Sendable (String) -> String

  public init(repositoryPath: @escaping @Sendable (String) -> String = { $0 }) {
    self.repositoryPath = repositoryPath
  }

  public func render(_ result: LintResult, failLevel: FailLevel) -> String {
    var out = ""
    for finding in result.findings {
      out += command(finding) + "\n"
    }
    return out + "lockstep: " + ReportSummary(result: result, failLevel: failLevel).sentence + "\n"
  }

  func command(_ finding: Finding) -> String {
    var properties: [(String, String)] = []
    var message = finding.message
    if let file = finding.file {
      properties.append(("file", repositoryPath(file)))
      if let note = finding.removalNote, finding.span != nil {
        properties += [("line", "1"), ("col", "1")]
        message += note
      } else if let span = finding.span {
        properties += [
          ("line", "\(span.line)"), ("col", "\(span.column)"), ("endLine", "\(span.endLine)"),
          ("endColumn", "\(span.endColumn)"),
        ]
      }
    }
    properties.append(("title", "\(finding.ruleID) \(finding.title)"))
    if let waiver = finding.suppression {
      message = "waived by exception \(waiver.exception) until \(waiver.expires) (\(waiver.reason)): \(message)"
    } else if finding.baselined == true {
      message = "baselined (known before adoption): \(message)"
    }
    if finding.file == nil { message = "\(finding.resource): \(message)" }
    let list = properties.map { "\($0.0)=\(Self.escapeProperty($0.1))" }.joined(separator: ",")
    return "::\(level(finding)) \(list)::\(Self.escapeData(message))"
  }

  func level(_ finding: Finding) -> String {
    guard finding.isActive else { return "notice" }
    switch finding.enforcement {
    case .deny: return "error"
    case .warn: return "warning"
    case .info: return "notice"
    }
  }

  /// As the toolkit's `escapeData`: `%`, CR and LF.
  static func escapeData(_ text: String) -> String {
    text.replacingEvery(["%": "%25", "\r": "%0D", "\n": "%0A"])
  }

  /// As the toolkit's `escapeProperty`: also `:` and `,`, which separate properties.
  static func escapeProperty(_ text: String) -> String {
    text.replacingEvery(["%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"])
  }
}

extension String {
  /// Replaces each listed scalar in one pass, so a replacement is never itself replaced.
  func replacingEvery(_ replacements: [Unicode.Scalar: String]) -> String {
    var out = ""
    for scalar in unicodeScalars {
      if let replacement = replacements[scalar] { out += replacement } else { out.unicodeScalars.append(scalar) }
    }
    return out
  }
}
