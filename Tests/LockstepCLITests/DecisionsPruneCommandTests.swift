import Foundation
import TestSupport
import Testing

/// `lockstep decisions prune` on a real SQLite trail: rows written with known times, the old
/// ones deleted, the rest still listed, and every misuse a usage error (exit 2).
@Suite struct DecisionsPruneCommandTests {
  /// Three decisions on the first day of January, February and March 2026.
  static let seed = """
    import sqlite3, sys
    db = sqlite3.connect(sys.argv[1])
    for uid, ms in [("jan", 1767225600000), ("feb", 1769904000000), ("mar", 1772323200000)]:
        db.execute("INSERT INTO decisions (uid, audit_id, time, actor, actor_teams, resource, resource_kind,"
                   " operation, allowed, findings, policy_revision, request_digest, response)"
                   " VALUES (?, ?, ?, 'alice', '[]', 'payments/checkout-api', 'Project', 'UPDATE', 1, '[]',"
                   " 'rev', 'digest', '{}')", (uid, "audit-" + uid, ms))
    db.commit()
    """

  @Test func deletesTheDecisionsBeforeTheCutoff() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let audit = folder.url.appendingPathComponent("audit.sqlite").path
    try folder.write("audit.sqlite", "")
    // Opening the empty file creates the schema.
    #expect(try CommandRunner.run(["decisions", "--audit", audit]).stdout == "no decisions\n")
    let seeded = try ShellRunner.run("/usr/bin/env", ["python3", "-c", Self.seed, audit])
    guard seeded.status == 0 else {
      print("skipped: python3 with sqlite3 is needed to seed the trail (\(seeded.stderr))")
      return
    }

    let pruned = try CommandRunner.run([
      "decisions", "prune", "--audit", audit, "--recorded-before", "2026-02-15T00:00:00Z",
    ])
    #expect(pruned.status == 0, "\(pruned.stderr)")
    #expect(pruned.stdout == "deleted 2 decisions recorded before 2026-02-15T00:00:00.000Z\n")
    let listed = try CommandRunner.run(["decisions", "--audit", audit])
    #expect(listed.stdout.contains("  mar  ") && !listed.stdout.contains("  feb  "), "\(listed.stdout)")

    let again = try CommandRunner.run(["decisions", "prune", "--audit", audit, "--older-than", "3650d"])
    #expect(again.status == 0)
    #expect(again.stdout.hasPrefix("deleted 0 decisions recorded before "), "\(again.stdout)")
  }

  @Test(arguments: [
    (["decisions", "prune"], "give one of --older-than PERIOD or --recorded-before TIME"),
    (["decisions", "prune", "--older-than", "90d", "--recorded-before", "2026-01-01T00:00:00Z"], "give one of"),
    (["decisions", "prune", "--older-than", "90 days"], "--older-than"),
    (["decisions", "prune", "--recorded-before", "yesterday"], "not an ISO 8601 time"),
    (["decisions", "prune", "--older-than", "90d", "--audit", "/nonexistent/audit.sqlite"], "no audit store at"),
  ])
  func misuseIsAUsageError(_ arguments: [String], _ message: String) throws {
    let outcome = try CommandRunner.run(arguments)
    #expect(outcome.status == 2, "\(arguments): \(outcome.stderr)")
    #expect(outcome.stderr.contains(message), "\(arguments): \(outcome.stderr)")
  }
}
