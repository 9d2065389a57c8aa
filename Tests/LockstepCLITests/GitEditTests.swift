import Foundation
import TestSupport
import Testing

/// The pre-commit hook (`--staged`) and the CI gate (`--base REF`) on real git repositories made
/// in a temporary folder, with the default policy pack.
@Suite struct GitEditTests {
  static let samples = TestPaths.samples.appendingPathComponent("edits")

  /// A repository whose first commit is the golden-path project checkout-api.
  static func repository() throws -> TemporaryFolder {
    let folder = try TemporaryFolder()
    try Git.initRepository(at: folder.url)
    try copy(samples.appendingPathComponent("allowed/base/.octopus"), to: folder.url.appendingPathComponent(".octopus"))
    let policies = TestPaths.packageRoot.appendingPathComponent("Policies").path
    try folder.write(
      "lockstep.yaml",
      "policies: \(policies)\nprojects:\n  - path: .octopus\n    space: payments\n    project: checkout-api\n    projectGroup: golden-path\n"
    )
    try git(folder, ["add", "-A"])
    try git(folder, ["commit", "-q", "-m", "golden path"])
    return folder
  }

  static func git(_ folder: TemporaryFolder, _ arguments: [String]) throws {
    try Git.run(arguments, in: folder.url)
  }

  static func copy(_ source: URL, to target: URL) throws {
    try? FileManager.default.removeItem(at: target)
    try FileManager.default.copyItem(at: source, to: target)
  }

  static func lint(_ folder: TemporaryFolder, _ arguments: [String]) throws -> CommandRunner.Outcome {
    try CommandRunner.run(["lint"] + arguments + [".", "--today", "2026-11-23"], in: folder.url)
  }

  @Test func stagedDenyBlocksAndOnlyTheIndexCounts() throws {
    let repo = try Self.repository()
    defer { repo.remove() }
    let process = repo.url.appendingPathComponent(".octopus/deployment_process.ocl")
    try FileManager.default.removeItem(at: process)
    try FileManager.default.copyItem(
      at: Self.samples.appendingPathComponent("denied/proposed/.octopus/deployment_process.ocl"), to: process)
    try Self.git(repo, ["add", ".octopus"])
    // An unstaged, broken edit in the work tree must not change what the hook sees.
    try repo.write(".octopus/variables.ocl", "# not staged\n")
    let outcome = try Self.lint(repo, ["--staged"])
    #expect(outcome.status == 1)
    #expect(
      outcome.stdout.contains(
        #".octopus/deployment_process.ocl:138:5: deny GP001 step "notify" is owned by platform-engineering: condition changed from "Always" to "Success""#
      ), "\(outcome.stdout)")
    #expect(
      outcome.stdout.contains(
        #"deny GP001 step "manual-approval" is owned by platform-engineering: step "manual-approval" removed"#))
    #expect(outcome.stdout.contains("[line in the base version]"))
    #expect(!outcome.stdout.contains("LS0002"), "the work tree's comment is not staged")
  }

  @Test func stagedAllowedEditPasses() throws {
    let repo = try Self.repository()
    defer { repo.remove() }
    try Self.copy(
      Self.samples.appendingPathComponent("allowed/proposed/.octopus/variables.ocl"),
      to: repo.url.appendingPathComponent(".octopus/variables.ocl"))
    try Self.git(repo, ["add", "-A"])
    let outcome = try Self.lint(repo, ["--staged"])
    #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
    #expect(outcome.stdout == "no findings in 1 resource, 6 files\n")
  }

  @Test func ciGateComparesWithARevisionAndSeesDeletedProjects() throws {
    let repo = try Self.repository()
    defer { repo.remove() }
    try FileManager.default.removeItem(at: repo.url.appendingPathComponent(".octopus"))
    try Self.git(repo, ["add", "-A"])
    try Self.git(repo, ["commit", "-q", "-m", "delete the project"])
    let outcome = try Self.lint(repo, ["--base", "HEAD~1", "--format", "json"])
    #expect(outcome.status == 1, "\(outcome.stdout)\(outcome.stderr)")
    #expect(
      outcome.stdout.contains(
        #""message" : "`deployment_process` is owned by platform-engineering: deployment_process removed"#),
      "\(outcome.stdout)")
  }

  @Test func unknownRevisionIsAUsageError() throws {
    let repo = try Self.repository()
    defer { repo.remove() }
    let outcome = try Self.lint(repo, ["--base", "origin/mian"])
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("origin/mian"), "\(outcome.stderr)")
  }
}

extension GitEditTests {
  @Test func aProjectAddedInTheIndexIsACreate() throws {
    let repo = try Self.repository()
    defer { repo.remove() }
    // A second project in its own folder: nothing to compare with, so only state rules judge it.
    try Self.copy(
      Self.samples.appendingPathComponent("created/proposed/.octopus"),
      to: repo.url.appendingPathComponent("refunds/.octopus"))
    try Self.git(repo, ["add", "-A"])
    let outcome = try Self.lint(repo, ["--staged", "--format", "json"])
    #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
    #expect(outcome.stdout.contains(#""resources" : 2"#), "\(outcome.stdout)")
  }
}

extension GitEditTests {
  /// An edit that renames its own project group must not escape the golden-path policies.
  @Test func identitiesComeFromTheBaseAndAChangedConfigIsDenied() throws {
    let repo = try Self.repository()
    defer { repo.remove() }
    let config = repo.url.appendingPathComponent("lockstep.yaml")
    let text = try String(contentsOf: config, encoding: .utf8)
    try Data(text.replacingOccurrences(of: "projectGroup: golden-path", with: "projectGroup: my-team").utf8).write(
      to: config)
    let process = repo.url.appendingPathComponent(".octopus/deployment_process.ocl")
    let edited = try String(contentsOf: process, encoding: .utf8).replacingOccurrences(
      of: #"condition = "Always""#, with: #"condition = "Success""#)
    try Data(edited.utf8).write(to: process)
    try Self.git(repo, ["add", "-A"])
    let outcome = try Self.lint(repo, ["--staged"])
    #expect(outcome.status == 1)
    #expect(outcome.stdout.contains(#"deny GP001 step "notify" is owned by platform-engineering"#), "\(outcome.stdout)")
    #expect(
      outcome.stdout.contains("lockstep.yaml:1:1: deny LS2103 the edit changes lockstep.yaml"), "\(outcome.stdout)")
  }

  @Test func aBaseFolderNeedsExactlyOneFolderToStandFor() throws {
    let outcome = try CommandRunner.run([
      "lint", "Samples/edits/denied/proposed", "Samples/edits/allowed/proposed", "--base", "Samples/edits/denied/base",
    ])
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("give exactly one PATH"), "\(outcome.stderr)")
    let missing = try CommandRunner.run(["lint", "Samples/edits/denied/proposed", "--base", "/nonexistent/base"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("/nonexistent/base"), "\(missing.stderr)")
  }
}
