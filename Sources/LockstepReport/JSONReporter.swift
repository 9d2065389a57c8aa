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
  }

  public static func render(_ result: LintResult, failLevel: FailLevel) -> String {
    let document = Document(
      version: version, findings: result.findings, summary: ReportSummary(result: result, failLevel: failLevel))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(document) else { return "{}\n" }
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  public static func decode(_ text: String) throws -> Document {
    try JSONDecoder().decode(Document.self, from: Data(text.utf8))
  }
}
