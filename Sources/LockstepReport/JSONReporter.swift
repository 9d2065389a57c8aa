import Foundation
import LockstepEngine

/// The JSON report: `{"version":1,"findings":[...],"summary":{...}}`, keys sorted, one finding
/// object per finding with every field of the finding model. Schema: docs/json-report.schema.json.
public enum JSONReporter {
  public static let version = 1

  public struct Document: Codable, Sendable, Equatable {
    public var version: Int
    public var findings: [Finding]
    public var summary: ReportSummary
    /// Present when a `--baseline` was applied.
    public var baseline: BaselineSection?
  }

  public struct BaselineSection: Codable, Sendable, Equatable {
    public var matched: Int
    /// Entries no finding matched any more: fixed since, to prune from the file.
    public var stale: [Baseline.Entry]
  }

  public static func render(_ result: LintResult, failLevel: FailLevel) -> String {
    let document = Document(
      version: version, findings: result.findings, summary: ReportSummary(result: result, failLevel: failLevel),
      baseline: result.baseline.map { BaselineSection(matched: $0.matched, stale: $0.stale) })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(document) else { return "{}\n" }
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  public static func decode(_ text: String) throws -> Document {
    try JSONDecoder().decode(Document.self, from: Data(text.utf8))
  }
}
