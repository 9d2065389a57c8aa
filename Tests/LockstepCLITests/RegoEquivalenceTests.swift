import Foundation
import TestSupport
import Testing

/// The Rego port of the default policy pack (Benchmarks/peers/rego), evaluated with regopy, must
/// reach the same verdict and the same rule ids as Lockstep on every sample edit and on a few
/// hundred generated ones; otherwise the benchmark against it compares different work. It
/// installs regopy from PyPI, so it runs when LOCKSTEP_PEERS_TEST=1 (`.ci/run` sets it).
@Suite(
  .enabled(
    if: ProcessInfo.processInfo.environment["LOCKSTEP_PEERS_TEST"] == "1",
    "set LOCKSTEP_PEERS_TEST=1 (CI does) to compare Lockstep with the Rego port under regopy"))
struct RegoEquivalenceTests {
  @Test func regoPortAgreesWithLockstepOnSamplesAndGeneratedEdits() throws {
    let work = try TemporaryFolder()
    defer { work.remove() }
    let bin = try PythonEnvironment.make(in: work.url, installing: ["regopy"])
    let script = TestPaths.packageRoot.appendingPathComponent("Benchmarks/peers/rego/equivalence.py").path
    let run = try ShellRunner.run(
      bin.appendingPathComponent("python").path,
      [script, "--lockstep", CommandRunner.executable.path, "--generated", "300", "--seed", "7"])
    let summary = run.stdout.split(separator: "\n").last { $0.hasPrefix("rego equivalence:") }.map(String.init)
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    let line = try #require(summary, "no summary line in:\n\(run.stdout)\(run.stderr)")
    #expect(line.hasSuffix(", 0 disagree"), "\(line)")
    // Every sample and at least 300 generated edits were compared, and all agree.
    let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
    #expect(numbers.count >= 4 && numbers[0] >= 308 && numbers[0] == numbers[3], "\(line)")
  }
}
