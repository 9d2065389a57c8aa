import Foundation
import LockstepEngine
import Logging
import Testing

@testable import LockstepServer

/// The PostgreSQL audit store against a real server: set `LOCKSTEP_TEST_POSTGRES_URL`
/// (e.g. `postgres://lockstep:lockstep@127.0.0.1:5432/lockstep_test`). Without it these tests are
/// skipped; with it, a server that cannot be reached is a failure, since CI sets it on purpose.
@Suite(
  "PostgreSQL audit store",
  .enabled(if: AuditPostgresServer.url != nil, "LOCKSTEP_TEST_POSTGRES_URL is not set; skipping"))
struct AuditStorePostgresTests {
  static var url: String? { AuditPostgresServer.url }

  /// Connects with a table of this test's own, runs `body`, then drops the table.
  func withStore(_ body: (PostgresAuditStore) async throws -> Void) async throws {
    let url = try #require(Self.url)
    let table = "lockstep_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
    let store: PostgresAuditStore
    do {
      store = try await PostgresAuditStore.connect(url: url, table: table, logger: AuditFixtures.logger)
    } catch {
      Issue.record("LOCKSTEP_TEST_POSTGRES_URL is set but the server cannot be used: \(error)")
      return
    }
    do {
      try await body(store)
    } catch {
      try? await store.dropTable()
      try? await store.shutdown()
      throw error
    }
    try await store.dropTable()
    try await store.shutdown()
  }

  @Test func recordsAndReadsBack() async throws {
    try await withStore { try await AuditFixtures.roundTrip($0) }
  }

  @Test func repeatedUIDReturnsTheFirstDecision() async throws {
    try await withStore { try await AuditFixtures.repeatedUID($0) }
  }

  @Test func repeatedUIDWithinOneBatch() async throws {
    try await withStore { try await AuditFixtures.repeatedUIDWithinOneBatch($0) }
  }

  /// One batch of three, the middle one a uid already given: the batch records the others and
  /// answers the repeat with the first, in the order submitted.
  @Test func aBatchAnswersEachRecordInOrder() async throws {
    try await withStore { store in
      let a = AuditFixtures.record("b-a", at: 1, response: "a")
      let again = AuditFixtures.record("b-a", at: 2, actor: "bob", response: "again")
      let b = AuditFixtures.record("b-b", at: 3, response: "b")
      let results = try await store.writeBatchForTesting([a, again, b]).map { try $0.get() }
      #expect(results == [.recorded(a), .existing(a), .recorded(b)])
      #expect(try await AuditFixtures.allDecisions(store).map(\.uid) == ["b-b", "b-a"])
    }
  }

  /// PostgreSQL cannot store a NUL in text. The record holding one fails on its own; the
  /// decisions that shared its batch are recorded, not failed with it.
  @Test func aRecordTheServerRefusesFailsAlone() async throws {
    try await withStore { store in
      let first = AuditFixtures.record("n-1", at: 1)
      let refused = AuditFixtures.record("n-2", at: 2, actor: "mal\u{0}lory")
      let last = AuditFixtures.record("n-3", at: 3)
      let results = await store.writeBatchForTesting([first, refused, last])
      #expect(results.map { try? $0.get() } == [.recorded(first), nil, .recorded(last)])
      #expect(throws: AuditStoreError.self) { try results[1].get() }
      let stored = try await AuditFixtures.allDecisions(store)
      #expect(stored.map(\.uid) == ["n-3", "n-1"])
    }
  }

  @Test func concurrentRecordsAreGroupCommitted() async throws {
    try await withStore { store in try await AuditFixtures.groupCommitted(store) { await store.statistics() } }
  }

  @Test func queryFilters() async throws {
    try await withStore { try await AuditFixtures.filters($0) }
  }

  @Test func paging() async throws {
    try await withStore { try await AuditFixtures.paging($0) }
  }

  @Test func pruningDeletesOnlyOldDecisions() async throws {
    try await withStore { try await AuditFixtures.pruning($0, old: 25) }
  }

  @Test func aPruneCancelledBetweenBatchesStopsThere() async throws {
    try await withStore { try await AuditFixtures.cancelledBetweenBatches($0) }
  }

  /// A uid repeated just as a prune deletes its earlier, past-retention row: the insert meets the
  /// conflict, the row is gone before it can be read, and the uid is free again. A trigger stands
  /// in for the concurrent prune, deleting old rows right after every insert statement, so the
  /// race happens every time; the decision must be recorded anew, not refused.
  @Test func uidPrunedBetweenConflictAndReadIsRecordedAnew() async throws {
    try await withStore { store in
      let earlier = AuditFixtures.record("pruned-meanwhile", at: 0, response: "earlier")
      #expect(try await store.record(earlier) == .recorded(earlier))
      let prune = "\(store.table)_prune"
      let cutoff = AuditColumns.milliseconds(AuditFixtures.time(1_000))
      try await store.executeForTesting(
        """
        CREATE FUNCTION \(prune)() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN DELETE FROM \(store.table) WHERE time < \(cutoff); RETURN NULL; END $$
        """)
      try await store.executeForTesting(
        "CREATE TRIGGER \(prune) AFTER INSERT ON \(store.table) FOR EACH STATEMENT EXECUTE FUNCTION \(prune)()")
      let again = AuditFixtures.record("pruned-meanwhile", at: 5_000, response: "again")
      // Caught, so that the trigger and its function go whatever the outcome.
      var outcome: AuditOutcome?
      do { outcome = try await store.record(again) } catch { Issue.record(error) }
      try await store.executeForTesting("DROP TRIGGER \(prune) ON \(store.table)")
      try await store.executeForTesting("DROP FUNCTION \(prune)()")
      #expect(outcome == .recorded(again))
      #expect(try await store.decision(uid: "pruned-meanwhile")?.response == "again")
    }
  }

  /// Two replicas (two stores, two pools) racing on the same uids: the database keeps one entry
  /// per uid, and both replicas answer with that entry.
  @Test func replicasShareUIDUniqueness() async throws {
    try await withStore { first in
      let url = try #require(Self.url)
      let second = try await PostgresAuditStore.connect(url: url, table: first.table, logger: AuditFixtures.logger)
      let outcomes = try await withThrowingTaskGroup(of: AuditOutcome.self) { group in
        for index in 0..<100 {
          for (replica, store) in [first, second].enumerated() {
            group.addTask {
              try await store.record(
                AuditFixtures.record("r-\(index)", at: Int64(index), response: "replica \(replica)"))
            }
          }
        }
        return try await group.reduce(into: [AuditOutcome]()) { $0.append($1) }
      }
      let byUID = Dictionary(grouping: outcomes, by: \.record.uid)
      #expect(byUID.count == 100)
      for (uid, answers) in byUID {
        #expect(answers.count == 2)
        #expect(answers.filter { if case .recorded = $0 { true } else { false } }.count == 1, "\(uid)")
        #expect(answers[0].record == answers[1].record, "\(uid)")
      }
      #expect(try await AuditFixtures.allDecisions(first).count == 100)
      try await second.shutdown()
    }
  }

  @Test func reconnectingKeepsEverything() async throws {
    try await withStore { store in
      let url = try #require(Self.url)
      let original = AuditFixtures.record("kept", findings: [AuditFixtures.finding])
      _ = try await store.record(original)
      let again = try await PostgresAuditStore.connect(url: url, table: store.table, logger: AuditFixtures.logger)
      #expect(try await again.decision(uid: "kept") == original)
      #expect(try await again.record(AuditFixtures.record("kept", at: 9)) == .existing(original))
      try await again.shutdown()
      await #expect(throws: AuditStoreError.self) { try await again.record(AuditFixtures.record("late")) }
    }
  }

  @Test func wrongPasswordIsAClearError() async throws {
    let url = try #require(Self.url)
    guard var components = URLComponents(string: url), components.password != nil else { return }
    components.password = "definitely-wrong-\(UUID().uuidString.prefix(6))"
    do {
      let store = try await PostgresAuditStore.connect(url: components.string!, logger: AuditFixtures.logger)
      // A server that trusts every local connection ignores the password.
      try await store.shutdown()
    } catch let error as AuditStoreError {
      #expect(!error.description.contains("definitely-wrong"))
      #expect(error.description.contains("cannot use the PostgreSQL audit store"))
    }
  }
}

enum AuditPostgresServer {
  static let url: String? = {
    let value = ProcessInfo.processInfo.environment["LOCKSTEP_TEST_POSTGRES_URL"] ?? ""
    if value.isEmpty {
      print("LOCKSTEP_TEST_POSTGRES_URL is not set: skipping the PostgreSQL audit store tests")
      return nil
    }
    return value
  }()
}
