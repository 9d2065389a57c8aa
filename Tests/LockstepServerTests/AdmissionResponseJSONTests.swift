import Foundation
import LockstepEngine
import LockstepReport
import LockstepServer
import OCL
import Testing

/// The service writes its answers and the trail's findings column without `JSONEncoder`; what it
/// writes must be what the encoder wrote, byte for byte, for every sample outcome.
@Suite struct AdmissionResponseJSONTests {
  typealias Fixtures = ServerFixtures

  @Test(arguments: AdmissionRouterTests.outcomes.map(\.sample))
  func theAnswerIsWhatJSONEncoderWrites(_ sample: String) throws {
    let (request, policies) = try Fixtures.request(sample)
    let decision = try EngineDecider(today: { Fixtures.today }).decide(request, policies: policies)
    for auditID in ["7c1e-audit", nil] {
      let response = decision.response(auditID: auditID)
      #expect(response.json == AdmissionJSON.encode(response))
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    #expect(
      FindingJSON.compact(decision.findings) == String(decoding: try encoder.encode(decision.findings), as: UTF8.self))
  }

  /// Every field set, none set, and strings with every character JSON escapes or could.
  @Test func awkwardFindingsAreWrittenAsJSONEncoderWritesThem() throws {
    let awkward = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }.joined() + "\"\\/ é 😀 \u{2028} \u{7F} </script>"
    var full = Finding(
      ruleID: "GP001", title: awkward, severity: .warning, enforcement: .warn, message: "line 1\nline 2\t\"q\"",
      resource: "payments/checkout-api", path: #"deployment_process.step["a/b"]"#, file: "runbooks/x.ocl",
      span: SourceSpan(offset: 10, length: 0, line: 2, column: 3, endLine: 4, endColumn: 5), owner: "platform",
      contact: "https://example.test/ask?x=1&y=2", help: "https://example.test/help",
      suppression: Suppression(
        exception: "ex", reason: awkward, ticket: "T-1", approvedBy: "jane", expires: "2027-01-31"))
    full.inBase = true
    full.baselined = false
    let bare = Finding(ruleID: "LS0001", title: "", severity: .error, enforcement: .deny, message: "", resource: "")
    let findings = [full, bare]
    for (style, formatting) in [(JSONWriter.Style.compact, JSONEncoder.OutputFormatting()), (.pretty, .prettyPrinted)] {
      let encoder = JSONEncoder()
      encoder.outputFormatting = formatting.union([.sortedKeys, .withoutEscapingSlashes])
      var json = JSONWriter(style)
      FindingJSON.write(findings, into: &json)
      #expect(json.text == String(decoding: try encoder.encode(findings), as: UTF8.self))
      var empty = JSONWriter(style)
      FindingJSON.write([], into: &empty)
      #expect(empty.text == String(decoding: try encoder.encode([Finding]()), as: UTF8.self))
    }
  }
}
