import ArgumentParser
import Foundation
import LockstepServer

/// `lockstep decisions prune`: deletes old decisions from the audit trail, for stores that no
/// `lockstep serve --audit-retention` looks after (several replicas share one PostgreSQL table,
/// and one cron job is enough for all of them).
struct DecisionsPruneCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "prune",
    abstract: "Delete decisions older than a period or a time from the audit trail.",
    discussion: "The store is the one `lockstep decisions --audit FILE|URL` names.")

  /// `--audit` is the parent's: `lockstep decisions` reads its own options after `prune` too.
  @ParentCommand var decisions: DecisionsCommand

  @Option(help: "Delete decisions older than this: 90d or 36h.")
  var olderThan: AuditRetention?

  // Not `--before`: `lockstep decisions` has that option (a page cursor), and a parent's options
  // are read after the subcommand's name too.
  @Option(help: "Delete decisions recorded before this time (ISO 8601, e.g. 2026-01-01T00:00:00Z).")
  var recordedBefore: String?

  func validate() throws {
    guard (olderThan == nil) != (recordedBefore == nil) else {
      throw ValidationError("give one of --older-than PERIOD or --recorded-before TIME")
    }
    if let recordedBefore, Timestamp.date(recordedBefore) == nil {
      throw ValidationError("--recorded-before \(recordedBefore) is not an ISO 8601 time such as 2026-11-23T10:00:00Z")
    }
  }

  func run() async throws {
    guard let cutoff = recordedBefore.flatMap(Timestamp.date) ?? olderThan?.cutoff(at: Date()) else {
      throw ValidationError("give one of --older-than PERIOD or --recorded-before TIME")
    }
    let deleted = try await DecisionsCommand.withStore(decisions.audit) { try await $0.prune(before: cutoff) }
    Terminal.out("deleted \(deleted) decision\(deleted == 1 ? "" : "s") recorded before \(Timestamp.string(cutoff))\n")
  }
}
