import Foundation
import TestSupport
import Testing

/// `--write-baseline` and `--baseline`: adopting Lockstep on projects that already have findings.
@Suite struct BaselineCommandTests {
  static let denied = TestPaths.samples.appendingPathComponent("edits/denied")

  static func lint(_ arguments: [String], in directory: URL = TestPaths.packageRoot) throws -> CommandRunner.Outcome {
    try CommandRunner.run(["lint", "--today", "2026-11-23"] + arguments, in: directory)
  }

  static func deniedEdit(baseline: String, _ flag: String) -> [String] {
    ["Samples/edits/denied/proposed", "--base", "Samples/edits/denied/base", flag, baseline]
  }

  @Test func baselinedFindingsAreReportedAndDoNotFail() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let baseline = folder.url.appendingPathComponent("baseline.json").path
    let written = try Self.lint(Self.deniedEdit(baseline: baseline, "--write-baseline"))
    #expect(written.status == 1, "writing a baseline does not change the verdict")
    #expect(written.stderr.contains("wrote 3 findings to \(baseline)"))
    let entries = try baselineEntries(baseline)
    #expect(entries.map { $0["rule"] as? String } == ["GP001", "GP004", "GP001"])
    #expect(entries.allSatisfy { $0["resource"] as? String == "payments/checkout-api" })

    let accepted = try Self.lint(Self.deniedEdit(baseline: baseline, "--baseline"))
    #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
    #expect(
      accepted.stdout.contains(
        #"deployment_process.ocl:138:5: baselined deny GP001 step "notify" is owned by platform-engineering"#))
    #expect(accepted.stdout.hasSuffix("0 deny, 0 warn, 0 info, 3 baselined in 1 resource, 6 files\n"))
  }

  /// Matching is by rule, resource and path: lines added above a finding do not break it, and a
  /// new finding still fails.
  @Test func baselineSurvivesMovedLinesAndCatchesNewFindings() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let proposed = folder.url.appendingPathComponent("proposed")
    try FileManager.default.copyItem(at: Self.denied.appendingPathComponent("proposed"), to: proposed)
    let baseline = folder.url.appendingPathComponent("baseline.json").path
    // The copy's lockstep.yaml names the policies relative to the sample; name them here.
    let base = Self.denied.appendingPathComponent("base").path
    let policies = TestPaths.packageRoot.appendingPathComponent("Policies").path
    let edit = [proposed.path, "--base", base, "--policies", policies]
    _ = try Self.lint(edit + ["--write-baseline", baseline])

    let process = proposed.appendingPathComponent(".octopus/deployment_process.ocl")
    let text = try String(contentsOf: process, encoding: .utf8)
    try Data(("\n\n\n" + text).utf8).write(to: process)
    let moved = try Self.lint(edit + ["--baseline", baseline])
    #expect(moved.status == 0, "\(moved.stdout)")
    #expect(moved.stdout.contains("deployment_process.ocl:141:5: baselined deny GP001"))

    let property = #"Octopus.Action.RunOnServer = "true""#
    let range = try #require(text.range(of: property), "the sample runs a step on the server")
    var changed = text
    changed.replaceSubrange(range, with: #"Octopus.Action.RunOnServer = "false""#)
    try Data(changed.utf8).write(to: process)
    let fresh = try Self.lint(edit + ["--baseline", baseline, "--format", "parseable"])
    #expect(fresh.status == 1)
    let active = fresh.stdout.split(separator: "\n").filter { $0.contains(":active:") }
    #expect(active.count == 1)
    #expect(active.first?.contains(":deny:active:GP001:payments/checkout-api:") == true)
  }

  @Test func entriesThatNoLongerMatchAreListed() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let baseline = folder.url.appendingPathComponent("baseline.json").path
    _ = try Self.lint(Self.deniedEdit(baseline: baseline, "--write-baseline"))
    let fixed = try Self.lint([
      "Samples/edits/allowed/proposed", "--base", "Samples/edits/allowed/base", "--baseline", baseline,
    ])
    #expect(fixed.status == 0)
    #expect(fixed.stdout.contains("baseline: 3 entries no longer match (fixed since; remove them):\n"))
    #expect(fixed.stdout.contains(#"    GP001 payments/checkout-api deployment_process.step["notify"].condition"#))
    #expect(fixed.stderr.contains("3 entries of \(baseline) no longer match a finding"))
    let json = try Self.lint([
      "Samples/edits/allowed/proposed", "--base", "Samples/edits/allowed/base", "--baseline", baseline, "--format",
      "json",
    ])
    let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    let section = document?["baseline"] as? [String: Any]
    #expect(section?["matched"] as? Int == 0)
    #expect((section?["stale"] as? [Any])?.count == 3)
  }

  /// A file Octopus cannot read and a mandatory rule's finding fail every run, baseline or not.
  @Test func inputErrorsAndMandatoryRulesAreNeverBaselined() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let baseline = folder.url.appendingPathComponent("baseline.json").path
    _ = try Self.lint(["Samples/projects", "--write-baseline", baseline])
    let rules = Set(try baselineEntries(baseline).compactMap { $0["rule"] as? String })
    #expect(!rules.contains("SEC001") && !rules.contains("LS0001") && !rules.contains("LS0002"))
    #expect(rules.contains("LS1005"))
    let again = try Self.lint(["Samples/projects", "--baseline", baseline, "--format", "parseable"])
    #expect(again.status == 1)
    let active = again.stdout.split(separator: "\n").filter { $0.contains(":active:") }.map {
      String($0.split(separator: ":")[7])
    }
    #expect(active.sorted() == ["LS0001", "LS0001", "LS0002", "SEC001"])
  }

  @Test func unreadableBaselineIsAUsageError() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let broken = try folder.write("broken.json", "{\"version\": 1, \"findings\": [ {\"rule\": \"GP001\"} ]}")
    let outcome = try Self.lint(Self.deniedEdit(baseline: broken.path, "--baseline"))
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("--baseline \(broken.path): missing field \"resource\" at .findings[0]"))
    let missing = try Self.lint(
      Self.deniedEdit(baseline: folder.url.appendingPathComponent("none.json").path, "--baseline"))
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("cannot read the file"))
    let future = try folder.write("future.json", "{\"version\": 2, \"findings\": []}")
    let newer = try Self.lint(Self.deniedEdit(baseline: future.path, "--baseline"))
    #expect(newer.status == 2)
    #expect(newer.stderr.contains("version 2 is not supported"))
  }

  func baselineEntries(_ path: String) throws -> [[String: Any]] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    return object?["findings"] as? [[String: Any]] ?? []
  }
}
