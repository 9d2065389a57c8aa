import ArgumentParser
import Foundation
import LockstepEngine

/// `--baseline FILE` and `--write-baseline FILE`: adopting Lockstep on a fleet that already has
/// findings, failing only on new ones.
struct BaselineOptions: ParsableArguments {
  @Option(help: "Accept the findings this baseline lists: reported as baselined, not failing.", completion: .file())
  var baseline: String?

  @Option(help: "Write this run's findings to a baseline file (for --baseline).", completion: .file())
  var writeBaseline: String?

  /// Marks what the baseline accepts; a baseline that cannot be read is a usage error (exit 2).
  func apply(to result: inout LintResult) throws {
    guard let baseline else { return }
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: baseline))
    } catch {
      throw UsageError(message: "--baseline \(baseline): cannot read the file: \(error.localizedDescription)")
    }
    do {
      try Baseline.decode(data).apply(to: &result)
    } catch {
      throw UsageError(message: "--baseline \(baseline): \(error.description)")
    }
    if let outcome = result.baseline, !outcome.stale.isEmpty {
      Terminal.note("\(outcome.stale.count) entries of \(baseline) no longer match a finding: fixed since, remove them")
    }
  }

  func write(_ result: LintResult) throws {
    guard let writeBaseline else { return }
    let written = Baseline(of: result)
    do {
      try written.encoded().write(to: URL(fileURLWithPath: writeBaseline), options: .atomic)
    } catch {
      throw UsageError(message: "cannot write \(writeBaseline): \(error.localizedDescription)")
    }
    Terminal.note(
      "wrote \(written.findings.count) findings to \(writeBaseline); lint with --baseline \(writeBaseline) to accept them"
    )
  }
}
