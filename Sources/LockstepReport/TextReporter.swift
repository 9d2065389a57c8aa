import LockstepEngine
import LockstepModel
import OCL

/// The human format: `file:line:col: deny ID message`, the source line with a caret under the
/// span, and a summary.
public struct TextReporter: Sendable {
  public var colour: Bool
  public var tree: any SourceTree

  public init(colour: Bool, tree: any SourceTree = DiskTree()) {
    self.colour = colour
    self.tree = tree
  }

  public func render(_ result: LintResult, failLevel: FailLevel) -> String {
    var out = ""
    var lines = SourceLineCache(tree: tree)
    for finding in result.findings {
      out += headline(finding) + "\n"
      // A removal's position is in the base version; the file on disk no longer has that text.
      // Baselined findings are known debt: one line each, no excerpt, so new findings stand out.
      if finding.inBase != true, finding.baselined != true, let file = finding.file, let span = finding.span,
        let source = lines.line(span.line, of: file)
      {
        out += "    " + source.text + "\n"
        out += "    " + caret(under: span, in: source.text) + "\n"
      }
    }
    out += staleBaselineLines(result.baseline)
    out += ReportSummary(result: result, failLevel: failLevel).sentence + "\n"
    return out
  }

  /// Baseline entries nothing matched any more: fixed since, to prune from the file.
  func staleBaselineLines(_ outcome: BaselineOutcome?) -> String {
    guard let outcome, !outcome.stale.isEmpty else { return "" }
    var out =
      "baseline: \(outcome.stale.count) entr\(outcome.stale.count == 1 ? "y" : "ies") no longer match (fixed since; remove them):\n"
    for entry in outcome.stale {
      out += "    \(entry.rule) \(entry.resource) \(entry.path ?? entry.file ?? "")\n"
    }
    return out
  }

  func headline(_ finding: Finding) -> String {
    var place = finding.file ?? finding.resource
    if let span = finding.span { place += ":\(span.line):\(span.column)" }
    let enforcement = paint(finding.enforcement.rawValue, finding.enforcement)
    let message = finding.message + (finding.inBase == true ? " [line in the base version]" : "")
    if finding.suppression == nil && finding.baselined == true {
      return "\(place): baselined \(finding.enforcement.rawValue) \(finding.ruleID) \(message)"
    }
    guard let waiver = finding.suppression else { return "\(place): \(enforcement) \(finding.ruleID) \(message)" }
    // Waived findings stay visible, marked, with the reason the platform team gave.
    return "\(place): waived \(finding.enforcement.rawValue) \(finding.ruleID) \(message) "
      + "[exception \(waiver.exception) until \(waiver.expires): \(waiver.reason)]"
  }

  /// Spaces up to the column (tabs kept, so the caret lines up in a terminal), then `^` and `~`
  /// to the end of the span on that line.
  func caret(under span: SourceSpan, in line: String) -> String {
    let scalars = Array(line.unicodeScalars)
    let start = max(0, min(span.column - 1, scalars.count))
    var out = String(String.UnicodeScalarView(scalars[0..<start].map { $0 == "\t" ? "\t" : " " }))
    let end = span.endLine == span.line ? max(span.endColumn - 1, start + 1) : max(scalars.count, start + 1)
    out += "^" + String(repeating: "~", count: max(0, end - start - 1))
    return colour ? "\u{1B}[1;32m" + out + "\u{1B}[0m" : out
  }

  func paint(_ text: String, _ enforcement: Enforcement) -> String {
    guard colour else { return text }
    let code =
      switch enforcement {
      case .deny: "1;31"
      case .warn: "1;33"
      case .info: "1;34"
      }
    return "\u{1B}[\(code)m\(text)\u{1B}[0m"
  }
}

/// Reads each file at most once for the source lines under findings.
struct SourceLineCache {
  let tree: any SourceTree
  var files: [String: [Substring]] = [:]

  init(tree: any SourceTree) {
    self.tree = tree
  }

  mutating func line(_ number: Int, of file: String) -> (text: String, Void)? {
    if files[file] == nil {
      guard case .bytes(let bytes) = tree.read(file, limit: OCLFileLoader.defaultSizeLimit) else { return nil }
      let text = String(decoding: bytes, as: UTF8.self)
      files[file] = text.split(separator: "\n", omittingEmptySubsequences: false)
    }
    guard let lines = files[file], lines.indices.contains(number - 1) else { return nil }
    var text = lines[number - 1]
    if text.hasSuffix("\r") { text = text.dropLast() }
    return (String(text), ())
  }
}
