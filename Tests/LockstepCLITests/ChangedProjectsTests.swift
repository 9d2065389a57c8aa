import Foundation
import TestSupport
import Testing

/// `--changed`: the hook and the CI gate lint only the projects an edit touches, a deleted one
/// included, in a real repository with two projects.
@Suite struct ChangedProjectsTests {
  static let samples = TestPaths.samples.appendingPathComponent("edits")

  static func repository() throws -> TemporaryFolder {
    let folder = try TemporaryFolder()
    try Git.initRepository(at: folder.url)
    var config = "policies: \(TestPaths.packageRoot.appendingPathComponent("Policies").path)\nprojects:\n"
    for project in ["checkout", "billing"] {
      try FileManager.default.copyItem(
        at: samples.appendingPathComponent("allowed/base/.octopus"),
        to: folder.url.appendingPathComponent(".octopus/\(project)"))
      config +=
        "  - path: .octopus/\(project)\n    space: payments\n    project: \(project)\n    projectGroup: golden-path\n"
    }
    try folder.write("lockstep.yaml", config)
    try folder.write("README.md", "# payments\n")
    try git(folder, ["add", "-A"])
    try git(folder, ["commit", "-q", "-m", "two golden-path projects"])
    return folder
  }

  static func git(_ folder: TemporaryFolder, _ arguments: [String]) throws {
    try Git.run(arguments, in: folder.url)
  }

  static func lint(_ folder: TemporaryFolder, _ arguments: [String]) throws -> CommandRunner.Outcome {
    try CommandRunner.run(["lint", "--today", "2026-11-23"] + arguments, in: folder.url)
  }

  @Test func onlyTheStagedProjectIsLinted() throws {
    let repo = try Self.repository()
    defer { repo.remove() }
    let process = repo.url.appendingPathComponent(".octopus/checkout/deployment_process.ocl")
    try FileManager.default.removeItem(at: process)
    try FileManager.default.copyItem(
      at: Self.samples.appendingPathComponent("denied/proposed/.octopus/deployment_process.ocl"), to: process)
    try Self.git(repo, ["add", "-A"])
    let outcome = try Self.lint(repo, ["--staged", "--changed"])
    #expect(outcome.status == 1)
    #expect(outcome.stderr.contains("lockstep: --changed: linting .octopus/checkout\n"), "\(outcome.stderr)")
    #expect(outcome.stdout.hasSuffix("3 deny, 0 warn, 0 info in 1 resource, 6 files\n"), "\(outcome.stdout)")
    #expect(!outcome.stdout.contains("billing"))
  }

  @Test func aCommitWithoutConfigAsCodeChangesLintsNothing() throws {
    let repo = try Self.repository()
    defer { repo.remove() }
    try repo.write("README.md", "# payments team\n")
    try Self.git(repo, ["add", "-A"])
    let outcome = try Self.lint(repo, ["--staged", "--changed"])
    #expect(outcome.status == 0)
    #expect(outcome.stderr.contains("--changed: the edit changes no Config-as-Code files under ."))
    #expect(outcome.stdout == "no findings in 0 resources, 0 files\n")
  }

  @Test func aDeletedProjectIsJudged() throws {
    let repo = try Self.repository()
    defer { repo.remove() }
    try Self.git(repo, ["rm", "-q", "-r", ".octopus/billing"])
    let outcome = try Self.lint(repo, ["--staged", "--changed"])
    #expect(outcome.status == 1)
    #expect(outcome.stderr.contains("--changed: linting .octopus/billing"))
    #expect(
      outcome.stdout.contains("deny GP001 `deployment_process` is owned by platform-engineering"), "\(outcome.stdout)")
    #expect(!outcome.stdout.contains(".octopus/checkout"))
  }

  /// The CI gate: what a branch changed since it left main.
  @Test func againstABaseRevisionOnlyTheBranchsChangesCount() throws {
    let repo = try Self.repository()
    defer { repo.remove() }
    try Self.git(repo, ["checkout", "-q", "-b", "feature"])
    let variables = repo.url.appendingPathComponent(".octopus/billing/variables.ocl")
    try FileManager.default.removeItem(at: variables)
    try FileManager.default.copyItem(
      at: Self.samples.appendingPathComponent("allowed/proposed/.octopus/variables.ocl"), to: variables)
    try Self.git(repo, ["commit", "-q", "-am", "new variable value"])
    let outcome = try Self.lint(repo, ["--base", "main", "--changed"])
    #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
    #expect(outcome.stderr.contains("--changed: linting .octopus/billing"))
    #expect(outcome.stdout.contains("1 resource"), "\(outcome.stdout)")
  }

  @Test func changedNeedsAnEdit() throws {
    let outcome = try CommandRunner.run(["lint", "Samples/projects", "--changed"])
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("--changed needs an edit to take the changes from: --staged or --base REF"))
  }
}
