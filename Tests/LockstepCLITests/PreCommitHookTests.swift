import Foundation
import TestSupport
import Testing

/// The hook as a customer uses it: the real `pre-commit` tool, installed from PyPI into a virtual
/// environment, builds this checkout from `.pre-commit-hooks.yaml` (`language: swift`, a release
/// build) and runs it on `git commit`. It takes minutes, so it runs when LOCKSTEP_PRECOMMIT_TEST=1
/// (`.ci/run` sets it). It tests the checkout's HEAD commit: pre-commit clones a revision, so
/// uncommitted changes are not in it.
@Suite(
  .enabled(
    if: ProcessInfo.processInfo.environment["LOCKSTEP_PRECOMMIT_TEST"] == "1",
    "set LOCKSTEP_PRECOMMIT_TEST=1 (CI does) to build and run the hook with the real pre-commit"))
struct PreCommitHookTests {
  static let samples = TestPaths.samples.appendingPathComponent("edits")

  @Test func deniedEditIsBlockedAndAllowedEditIsCommitted() throws {
    let work = try TemporaryFolder()
    defer { work.remove() }
    let preCommit = try installPreCommit(in: work)
    let repo = work.url.appendingPathComponent("repo")
    try makeRepository(at: repo)
    let environment = ["PRE_COMMIT_HOME": work.url.appendingPathComponent("cache").path]
    let install = try ShellRunner.run(preCommit, ["install"], in: repo, environment: environment)
    try #require(install.status == 0, "pre-commit install: \(install.stdout)\(install.stderr)")
    let head = try git(repo, ["rev-parse", "HEAD"]).stdout

    // A customer changes the locked process: the commit is refused, with the reason.
    try replaceProcess(in: repo, with: "denied")
    _ = try git(repo, ["add", "-A"])
    let denied = try ShellRunner.run(
      "/usr/bin/env", ["git", "commit", "-m", "change the notify step"], in: repo, environment: environment)
    // git runs the hook with its output on stderr.
    let deniedOutput = denied.stdout + denied.stderr
    #expect(denied.status != 0)
    #expect(deniedOutput.contains("lockstep....") && deniedOutput.contains("Failed"), "\(deniedOutput)")
    #expect(
      deniedOutput.contains(
        #".octopus/deployment_process.ocl:138:5: deny GP001 step "notify" is owned by platform-engineering: condition changed from "Always" to "Success""#
      ), "\(deniedOutput)")
    #expect(try git(repo, ["rev-parse", "HEAD"]).stdout == head, "the denied commit must not be made")

    // Only what the platform allows (variable values, package ids): the commit goes through.
    _ = try git(repo, ["reset", "-q", "--hard", "HEAD"])
    try replaceProcess(in: repo, with: "allowed")
    _ = try git(repo, ["add", "-A"])
    let allowed = try ShellRunner.run(
      "/usr/bin/env", ["git", "commit", "-m", "bump the package"], in: repo, environment: environment)
    let allowedOutput = allowed.stdout + allowed.stderr
    #expect(allowed.status == 0, "\(allowedOutput)")
    #expect(allowedOutput.contains("lockstep....") && allowedOutput.contains("Passed"), "\(allowedOutput)")
    #expect(try git(repo, ["log", "-1", "--format=%s"]).stdout == "bump the package\n")
  }

  /// `pre-commit` from PyPI in a fresh virtual environment; the path of its executable.
  func installPreCommit(in work: TemporaryFolder) throws -> String {
    try PythonEnvironment.make(in: work.url, installing: ["pre-commit"]).appendingPathComponent("pre-commit").path
  }

  /// A customer repository: the golden-path project, a lockstep.yaml naming it and this checkout's
  /// policies, and a `.pre-commit-config.yaml` pointing at this checkout at its HEAD.
  func makeRepository(at repo: URL) throws {
    try Git.initRepository(at: repo, user: "Dev", email: "dev@example.com")
    try FileManager.default.copyItem(
      at: Self.samples.appendingPathComponent("allowed/base/.octopus"), to: repo.appendingPathComponent(".octopus"))
    let policies = TestPaths.packageRoot.appendingPathComponent("Policies").path
    try write(
      "policies: \(policies)\nprojects:\n  - path: .octopus\n    space: payments\n    project: checkout-api\n"
        + "    projectGroup: golden-path\n", to: repo.appendingPathComponent("lockstep.yaml"))
    let revision = try git(TestPaths.packageRoot, ["rev-parse", "HEAD"]).stdout
      .trimmingCharacters(in: .whitespacesAndNewlines)
    try write(
      """
      repos:
        - repo: \(TestPaths.packageRoot.path)
          rev: \(revision)
          hooks:
            - id: lockstep

      """, to: repo.appendingPathComponent(".pre-commit-config.yaml"))
    _ = try git(repo, ["add", "-A"])
    _ = try git(repo, ["commit", "-q", "-m", "golden path"])
  }

  func replaceProcess(in repo: URL, with edit: String) throws {
    let octopus = repo.appendingPathComponent(".octopus")
    try FileManager.default.removeItem(at: octopus)
    try FileManager.default.copyItem(
      at: Self.samples.appendingPathComponent("\(edit)/proposed/.octopus"), to: octopus)
  }

  func write(_ text: String, to url: URL) throws {
    try Data(text.utf8).write(to: url)
  }

  @discardableResult
  func git(_ folder: URL, _ arguments: [String]) throws -> CommandRunner.Outcome {
    try Git.run(arguments, in: folder)
  }
}
