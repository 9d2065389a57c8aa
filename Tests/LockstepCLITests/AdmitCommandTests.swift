import Foundation
import TestSupport
import Testing

/// `lockstep admit`: one request in, one response out, and the same verdict `lockstep lint` gives
/// the same edit, so CI and admission never disagree.
@Suite struct AdmitCommandTests {
  static let samples = ["allowed", "denied", "warned", "informational", "waived", "expired", "created", "deleted"]

  struct Verdict: Equatable, Comparable, CustomStringConvertible {
    var rule: String
    var enforcement: String
    var path: String
    var waived: Bool

    static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.description < rhs.description }
    var description: String { "\(rule) \(enforcement) \(path) \(waived ? "waived" : "")" }

    init(_ finding: [String: Any]) {
      rule = finding["ruleID"] as? String ?? ""
      enforcement = finding["enforcement"] as? String ?? ""
      path = finding["path"] as? String ?? ""
      waived = finding["suppression"] != nil
    }
  }

  @Test(arguments: samples) func admitAgreesWithLint(_ sample: String) throws {
    let admit = try CommandRunner.run([
      "admit", "Samples/admission/\(sample).json", "--policies", "Policies", "--today", "2026-11-23",
    ])
    let lint = try CommandRunner.run([
      "lint", "Samples/edits/\(sample)/proposed", "--base", "Samples/edits/\(sample)/base", "--today", "2026-11-23",
      "--format", "json",
    ])
    let response = try #require(
      (try JSONSerialization.jsonObject(with: Data(admit.stdout.utf8)) as? [String: Any])?["response"] as? [String: Any]
    )
    let report = try #require(try JSONSerialization.jsonObject(with: Data(lint.stdout.utf8)) as? [String: Any])
    let admitted = (response["findings"] as? [[String: Any]] ?? []).map(Verdict.init).sorted()
    let linted = (report["findings"] as? [[String: Any]] ?? []).map(Verdict.init).sorted()
    #expect(admitted == linted)
    #expect(admit.status == lint.status, "admit exits \(admit.status), lint \(lint.status)")
    #expect(response["allowed"] as? Bool == (admit.status == 0))
    #expect(response["uid"] as? String == "sample-\(sample)-0001")
    #expect(response["auditId"] == nil, "admit keeps no audit trail")
  }

  @Test func readsStandardInputAndRejectsBadRequests() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let request = try String(
      contentsOf: TestPaths.samples.appendingPathComponent("admission/denied.json"), encoding: .utf8)
    let piped = try ShellRunner.run(
      "/bin/sh",
      [
        "-c", "\"$0\" admit - --policies Policies --today 2026-11-23 < \"$1\"", CommandRunner.executable.path,
        TestPaths.samples.appendingPathComponent("admission/denied.json").path,
      ])
    #expect(piped.status == 1)
    #expect(piped.stdout.contains(#""allowed" : false"#))
    let renamed = request.replacingOccurrences(of: "\"deployment_process.ocl\"", with: "\"../deployment_process.ocl\"")
    let bad = try folder.write("bad.json", renamed)
    let outcome = try CommandRunner.run(["admit", bad.path, "--policies", "Policies"])
    #expect(outcome.status == 2)
    #expect(
      outcome.stderr.contains(
        #"bad request: request.base.ocl: "../deployment_process.ocl" is not a Config-as-Code file name"#),
      "\(outcome.stderr)")
    let noPolicies = try CommandRunner.run([
      "admit", "Samples/admission/denied.json", "--policies", folder.url.appendingPathComponent("none").path,
    ])
    #expect(noPolicies.status == 2)
  }
}
