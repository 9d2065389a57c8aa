import Foundation
import LockstepEngine
import LockstepModel
import TestSupport

/// Lint runs of the sample edits, made in process with the default policy pack and a fixed day,
/// as `lockstep lint Samples/edits/NAME/proposed --base Samples/edits/NAME/base` makes them.
enum SampleRuns {
  static let today = CalendarDay(year: 2026, month: 11, day: 23)

  static let edits = ["allowed", "denied", "warned", "informational", "waived", "expired", "created", "deleted"]

  /// The run of one sample edit; paths in findings are absolute.
  static func edit(_ name: String) throws -> LintResult {
    let folder = TestPaths.samples.appendingPathComponent("edits/\(name)")
    let proposed = folder.appendingPathComponent("proposed").path
    let base = folder.appendingPathComponent("base").path
    let config = try RepositoryConfig.find(from: proposed, tree: DiskTree())
    let policies = try PolicyLoader().load(
      folder: TestPaths.packageRoot.appendingPathComponent("Policies").path, withTests: false
    ).get()
    let run = PolicyRun(
      evaluator: PolicyEvaluator(policies: policies, today: today),
      base: BaseSide(tree: DiskTree(), copy: (base, proposed)), config: config, paths: [proposed])
    let inputs = try Discovery(tree: DiskTree()).discover([proposed])
    return Linter(policies: run).lint(inputs)
  }

  /// Every sample edit in one run, each edit's resources prefixed with its name (`denied:payments/checkout-api`)
  /// so they stay apart.
  static func all() throws -> LintResult {
    var merged = LintResult()
    for name in edits {
      let result = try edit(name)
      merged.findings += result.findings.map { finding in
        var renamed = finding
        renamed.resource = "\(name):\(finding.resource)"
        return renamed
      }
      merged.resources += result.resources.map { "\(name):\($0)" }
      merged.filesChecked += result.filesChecked
      for (resource, checks) in result.checks { merged.checks["\(name):\(resource)"] = checks }
      merged.rules.merge(result.rules) { first, _ in first }
    }
    return merged
  }
}
