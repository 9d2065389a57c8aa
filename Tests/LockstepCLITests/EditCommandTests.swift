import Foundation
import TestSupport
import Testing

/// `lockstep lint PROPOSED --base BASE` on every sample edit (Samples/edits): the outcome each
/// responsibility model and exception gives, end to end through the built binary.
@Suite struct EditCommandTests {
  static func lintEdit(_ name: String, _ extra: [String] = []) throws -> CommandRunner.Outcome {
    try CommandRunner.run(
      ["lint", "Samples/edits/\(name)/proposed", "--base", "Samples/edits/\(name)/base", "--today", "2026-11-23"]
        + extra)
  }

  /// `enforcement rule path` of each finding, in report order.
  static func findings(_ outcome: CommandRunner.Outcome) throws -> [String] {
    let report = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    let findings = try #require(report["findings"] as? [[String: Any]])
    return findings.map { finding in
      let waived = (finding["suppression"] as? [String: Any]).map { " waived by \($0["exception"] ?? "")" } ?? ""
      return "\(finding["enforcement"] ?? "") \(finding["ruleID"] ?? "") \(finding["path"] ?? "-")\(waived)"
    }
  }

  @Test func allowedEditPasses() throws {
    let outcome = try Self.lintEdit("allowed")
    #expect(outcome.status == 0, "\(outcome.stdout)")
    #expect(outcome.stdout == "no findings in 1 resource, 6 files\n")
  }

  @Test func deniedEditExplainsItselfAndFails() throws {
    let outcome = try Self.lintEdit("denied")
    #expect(outcome.status == 1)
    #expect(
      outcome.stdout.contains(
        #"Samples/edits/denied/proposed/.octopus/deployment_process.ocl:138:5: deny GP001 step "notify" is owned by platform-engineering: condition changed from "Always" to "Success" (ask at https://platform.example.com/requests)"#
      ),
      "\(outcome.stdout)")
    // A removal points at the base file, where the removed step was; the rest at the proposed one.
    let json = try Self.lintEdit("denied", ["--format", "json"])
    #expect(
      try Self.findings(json) == [
        #"deny GP001 deployment_process.step["manual-approval"]"#,
        "deny GP004 deployment_process.step[*].action[*]",
        #"deny GP001 deployment_process.step["notify"].condition"#,
      ])
  }

  @Test func sharedModelWarnsAndCustomerModelInforms() throws {
    let warned = try Self.lintEdit("warned", ["--format", "json"])
    #expect(warned.status == 0)
    #expect(try Set(Self.findings(warned).map { $0.split(separator: " ")[0] }) == ["warn"])
    #expect(try Self.lintEdit("warned", ["--fail-level", "warning"]).status == 1)
    let informational = try Self.lintEdit("informational", ["--format", "json"])
    #expect(informational.status == 0)
    #expect(try Set(Self.findings(informational).map { $0.split(separator: " ")[0] }) == ["info"])
  }

  @Test func exceptionWaivesAndIsShown() throws {
    let outcome = try Self.lintEdit("waived")
    #expect(outcome.status == 0, "\(outcome.stdout)")
    #expect(outcome.stdout.contains(": waived deny GP001 "))
    #expect(
      outcome.stdout.contains(
        "[exception payments-canary-step until 2027-01-31: Canary rollout settings during the Q4 migration]"))
    #expect(outcome.stdout.hasSuffix("0 deny, 0 warn, 0 info, 1 waived in 1 resource, 6 files\n"))
  }

  @Test func expiredExceptionNoLongerWaivesAndIsReported() throws {
    let outcome = try Self.lintEdit("expired", ["--format", "json"])
    #expect(outcome.status == 1)
    let findings = try Self.findings(outcome)
    #expect(
      findings.contains(
        #"deny GP001 deployment_process.step["deploy-database"].action["deploy-database"].worker_pool"#), "\(findings)")
    #expect(findings.contains("warn LS2101 -"), "\(findings)")
    #expect(!findings.contains { $0.contains("waived") })
  }

  @Test func createdProjectFromTheGoldenPathIsAllowed() throws {
    let outcome = try Self.lintEdit("created")
    #expect(outcome.status == 0, "\(outcome.stdout)")
  }

  @Test func deletingAGoldenPathProjectIsDenied() throws {
    let outcome = try Self.lintEdit("deleted", ["--format", "json"])
    #expect(outcome.status == 1)
    let findings = try Self.findings(outcome)
    #expect(findings.contains("deny GP001 deployment_process"), "\(findings)")
    #expect(findings.contains("deny GP002 deployment_settings"), "\(findings)")
  }

  @Test func withoutABaseOnlyStateRulesRun() throws {
    let outcome = try CommandRunner.run([
      "lint", "Samples/edits/denied/proposed", "--format", "json", "--today", "2026-11-23",
    ])
    #expect(outcome.status == 1)
    #expect(try Self.findings(outcome) == ["deny GP004 deployment_process.step[*].action[*]"])
  }

  @Test func invalidPoliciesAreAUsageError() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write(
      "policies/bad.yaml",
      "apiVersion: lockstep/v1\nkind: Policy\nmetadata: { name: bad }\nspec:\n  rules:\n    - id: X\n      lok: [variables]\n"
    )
    let outcome = try CommandRunner.run([
      "lint", "Samples/projects/checkout-api", "--policies", folder.url.appendingPathComponent("policies").path,
    ])
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("bad.yaml:7:7: unknown field `lok` in a rule"), "\(outcome.stderr)")
  }
}
