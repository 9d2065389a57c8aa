import Foundation
import LockstepEngine
import Logging
import Synchronization
import Testing

@testable import LockstepServer

/// Decisions to store, and the checks every audit store must pass, whichever database is behind it.
enum AuditFixtures {
  /// The stores log opening, closing and failed batches; the tests check those themselves.
  static let logger: Logger = {
    var logger = Logger(label: "lockstep.audit.test")
    logger.logLevel = .critical
    return logger
  }()

  /// A fixed start (2025-06-01T12:00:00Z) so times are whole milliseconds and tests reproduce.
  static let start: Int64 = 1_748_779_200_000

  static func time(_ offsetMilliseconds: Int64) -> Date {
    Date(timeIntervalSince1970: Double(start + offsetMilliseconds) / 1000)
  }

  static let finding = Finding(
    ruleID: "variables.no-plaintext-secrets", title: "No plaintext secrets", severity: .error, enforcement: .deny,
    message: "Variable \"DbPassword\" holds a plaintext value", resource: "payments/checkout-api",
    path: "variables/DbPassword", file: "variables.ocl", owner: "platform-team", contact: "#platform",
    help: "https://example.test/rules/secrets",
    suppression: Suppression(
      exception: "EX-12", reason: "migrating to vault", ticket: "PLAT-7", approvedBy: "carol", expires: "2099-01-01"))

  static func record(
    _ uid: String, at offset: Int64 = 0, actor: String = "alice", resource: String = "payments/checkout-api",
    allowed: Bool = true, findings: [Finding] = [], response: String? = nil
  ) -> AuditRecord {
    AuditRecord(
      auditID: "audit-\(uid)", uid: uid, time: time(offset), actor: actor, actorTeams: ["payments-devs", "oncall"],
      resource: resource, resourceKind: "Project", operation: "UPDATE", allowed: allowed, findings: findings,
      policyRevision: "rev-1", requestDigest: String(repeating: "ab", count: 32),
      response: response ?? #"{"uid":"\#(uid)","allowed":\#(allowed)}"#)
  }

  // MARK: - Behaviours shared by the SQLite and PostgreSQL tests

  static func roundTrip(_ store: any AuditStore) async throws {
    let original = record("round-trip", at: 5, allowed: false, findings: [finding])
    let outcome = try await store.record(original)
    #expect(outcome == .recorded(original))
    let read = try #require(try await store.decision(uid: "round-trip"))
    #expect(read == original)
    #expect(read.findings == [finding])
    #expect(try await store.decision(uid: "never-seen") == nil)
  }

  static func repeatedUID(_ store: any AuditStore) async throws {
    let first = record("repeat", at: 1, allowed: true, response: "first")
    let second = record("repeat", at: 2, actor: "bob", allowed: false, response: "second")
    #expect(try await store.record(first) == .recorded(first))
    #expect(try await store.record(second) == .existing(first))
    let page = try await store.query(AuditQuery())
    #expect(page.decisions == [first])
  }

  /// One uid from 20 callers at once, most of them in the same batch: one is recorded, and every
  /// caller gets that one decision back.
  static func repeatedUIDWithinOneBatch(_ store: any AuditStore) async throws {
    let outcomes = try await withThrowingTaskGroup(of: AuditOutcome.self) { group in
      for index in 0..<20 {
        group.addTask { try await store.record(record("same", at: Int64(index), response: "\(index)")) }
      }
      return try await group.reduce(into: [AuditOutcome]()) { $0.append($1) }
    }
    let recorded = outcomes.filter { if case .recorded = $0 { true } else { false } }
    #expect(recorded.count == 1)
    #expect(Set(outcomes.map(\.record.response)).count == 1)
    let stored = try await allDecisions(store)
    #expect(stored.count == 1)
    #expect(stored.first == recorded.first?.record)
  }

  /// `count` records at once from a task group: every one acknowledged, every one readable.
  static func concurrent(_ store: any AuditStore, count: Int) async throws {
    let outcomes = try await withThrowingTaskGroup(of: (Int, AuditOutcome).self) { group in
      for index in 0..<count {
        group.addTask { (index, try await store.record(record("c-\(index)", at: Int64(index)))) }
      }
      return try await group.reduce(into: [(Int, AuditOutcome)]()) { $0.append($1) }
    }
    #expect(outcomes.count == count)
    // Each caller got its own record back, not a neighbour's from the same batch.
    for (index, outcome) in outcomes { #expect(outcome == .recorded(record("c-\(index)", at: Int64(index)))) }
    let stored = try await allDecisions(store)
    #expect(stored.count == count)
    #expect(Set(stored.map(\.uid)) == Set((0..<count).map { "c-\($0)" }))
  }

  /// 500 decisions at once, in far fewer transactions: the writer took them in batches.
  static func groupCommitted(_ store: any AuditStore, statistics: () async -> AuditWriteStatistics) async throws {
    try await concurrent(store, count: 500)
    let counted = await statistics()
    #expect(counted.records == 500)
    #expect(counted.failedBatches == 0)
    #expect(counted.commits < 500)
    #expect(counted.largestBatch > 1)
  }

  static func filters(_ store: any AuditStore) async throws {
    let entries = [
      record("f-1", at: 1_000, actor: "alice", resource: "payments/checkout-api", allowed: true),
      record("f-2", at: 2_000, actor: "bob", resource: "payments/checkout-api", allowed: false),
      record("f-3", at: 3_000, actor: "alice", resource: "identity/login", allowed: false),
      record("f-4", at: 4_000, actor: "carol", resource: "identity/login", allowed: true),
      record("f-5", at: 5_000, actor: "alice", resource: "payments/ledger", allowed: true),
    ]
    for entry in entries { _ = try await store.record(entry) }
    func uids(_ query: AuditQuery) async throws -> [String] {
      try await store.query(query).decisions.map(\.uid)
    }
    #expect(try await uids(AuditQuery()) == ["f-5", "f-4", "f-3", "f-2", "f-1"])
    #expect(try await uids(AuditQuery(resource: "identity/login")) == ["f-4", "f-3"])
    #expect(try await uids(AuditQuery(resource: "identity")) == [])
    #expect(try await uids(AuditQuery(actor: "alice")) == ["f-5", "f-3", "f-1"])
    #expect(try await uids(AuditQuery(allowed: false)) == ["f-3", "f-2"])
    #expect(try await uids(AuditQuery(allowed: true)) == ["f-5", "f-4", "f-1"])
    // since/until are inclusive.
    #expect(try await uids(AuditQuery(since: time(2_000), until: time(4_000))) == ["f-4", "f-3", "f-2"])
    #expect(try await uids(AuditQuery(since: time(4_500))) == ["f-5"])
    #expect(try await uids(AuditQuery(until: time(1_000))) == ["f-1"])
    #expect(try await uids(AuditQuery(actor: "alice", allowed: true, since: time(1_001))) == ["f-5"])
    #expect(try await uids(AuditQuery(resource: "payments/checkout-api", actor: "carol")) == [])

    await #expect(throws: AuditStoreError.self) { try await store.query(AuditQuery(before: "not-a-cursor")) }
    do {
      _ = try await store.query(AuditQuery(before: "-3"))
      Issue.record("a negative cursor was accepted")
    } catch let error as AuditStoreError {
      #expect(error.description.contains("invalid cursor"))
    }
  }

  /// `old` decisions before the cutoff and three at or after it: pruning deletes exactly the old
  /// ones (over several batches when `old` is large), a second prune finds nothing, and a pruned
  /// uid is decided anew.
  static func pruning(_ store: any AuditStore, old: Int) async throws {
    try await withThrowingTaskGroup(of: AuditOutcome.self) { group in
      for index in 0..<old { group.addTask { try await store.record(record("old-\(index)", at: Int64(index))) } }
      try await group.waitForAll()
    }
    for index in 0..<3 { _ = try await store.record(record("new-\(index)", at: 100_000 + Int64(index))) }
    #expect(try await store.prune(before: time(100_000)) == old)
    #expect(try await allDecisions(store).map(\.uid) == ["new-2", "new-1", "new-0"])
    #expect(try await store.prune(before: time(100_000)) == 0)
    let again = record("old-0", at: 200_000, allowed: false)
    #expect(try await store.record(again) == .recorded(again))
  }

  /// A prune cancelled after its first batch (as shutdown cancels the pruning service) keeps that
  /// batch deleted, stops there, and closes what it opened; the next prune takes the rest.
  static func cancelledBetweenBatches(_ store: any AuditStore) async throws {
    let old = 2 * auditPruneBatch + 7
    try await withThrowingTaskGroup(of: AuditOutcome.self) { group in
      for index in 0..<old { group.addTask { try await store.record(record("old-\(index)", at: Int64(index))) } }
      try await group.waitForAll()
    }
    let batches = Mutex<[Int]>([])
    let deleted = try await Task {
      try await store.prune(before: time(100_000)) { batch in
        batches.withLock { $0.append(batch) }
        withUnsafeCurrentTask { $0?.cancel() }
      }
    }.value
    #expect(deleted == auditPruneBatch)
    #expect(batches.withLock { $0 } == [auditPruneBatch])
    #expect(try await store.prune(before: time(100_000)) == old - auditPruneBatch)
  }

  /// 120 entries, 50 a page: 50, 50, 20, newest first, nothing twice, and no `next` after the last.
  static func paging(_ store: any AuditStore) async throws {
    for index in 0..<120 { _ = try await store.record(record("p-\(index)", at: Int64(index))) }
    var pages: [[String]] = []
    var cursor: String?
    repeat {
      let page = try await store.query(AuditQuery(limit: 50, before: cursor))
      pages.append(page.decisions.map(\.uid))
      cursor = page.next
    } while cursor != nil && pages.count < 10
    #expect(pages.map(\.count) == [50, 50, 20])
    let all = pages.flatMap { $0 }
    #expect(all == (0..<120).reversed().map { "p-\($0)" })
    #expect(Set(all).count == 120)

    // Exactly a page's worth left: the last full page says no more follow.
    let exact = try await store.query(AuditQuery(limit: 120))
    #expect(exact.decisions.count == 120)
    #expect(exact.next == nil)
    let filtered = try await store.query(AuditQuery(since: time(100), limit: 10))
    #expect(filtered.decisions.count == 10)
    #expect(filtered.next != nil)
    let rest = try await store.query(AuditQuery(since: time(100), limit: 10, before: filtered.next))
    #expect(rest.decisions.map(\.uid) == (100..<110).reversed().map { "p-\($0)" })
    #expect(rest.next == nil)
  }

  /// Every decision in the store, newest first, following the pages.
  static func allDecisions(_ store: any AuditStore) async throws -> [AuditRecord] {
    var all: [AuditRecord] = []
    var cursor: String?
    repeat {
      let page = try await store.query(AuditQuery(limit: AuditQuery.maximumLimit, before: cursor))
      all += page.decisions
      cursor = page.next
    } while cursor != nil
    return all
  }
}
