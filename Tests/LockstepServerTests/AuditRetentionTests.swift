import Foundation
import Logging
import Testing

@testable import LockstepServer

@Suite("Audit retention")
struct AuditRetentionTests {
  @Test func periodsInDaysOrHours() throws {
    let days = try #require(AuditRetention("90d"))
    #expect(days.count == 90 && days.unit == .days && days.seconds == 90 * 86_400)
    #expect(days.description == "90d")
    let hours = try #require(AuditRetention("36h"))
    #expect(hours.seconds == 36 * 3_600)
    let now = Date(timeIntervalSince1970: 1_000_000)
    #expect(hours.cutoff(at: now) == Date(timeIntervalSince1970: 1_000_000 - 36 * 3_600))
  }

  @Test(arguments: ["", "d", "90", "0d", "-1d", "+90d", "1.5d", "90m", "90 d", "d90", "9999999d", "٩٠d"])
  func malformedPeriodsAreRefused(_ text: String) {
    #expect(AuditRetention(text) == nil, "\(text)")
  }

  /// The service's prune: what is older than the period goes, the rest stays, and the metric
  /// counts what went.
  @Test func thePruningServiceDeletesWhatIsPastThePeriod() async throws {
    let store = MemoryAuditStore()
    let now = AuditFixtures.time(10 * 86_400_000)
    for day in 0..<10 {
      _ = try await store.record(AuditFixtures.record("day-\(day)", at: Int64(day) * 86_400_000))
    }
    let metrics = AdmissionMetrics()
    let service = AuditPruningService(
      store: store, retention: try #require(AuditRetention("3d")), metrics: metrics, logger: AuditFixtures.logger)
    await service.pruneOnce(at: now)
    #expect(store.entries.withLock { $0.map(\.uid) } == ["day-7", "day-8", "day-9"])
    let exposition = String(decoding: metrics.exposition(), as: UTF8.self)
    #expect(exposition.contains("lockstep_audit_pruned_total 7"), "\(exposition)")
  }

  /// The metric counts each batch as it goes: a prune that fails after its first batch still
  /// counts the decisions that batch deleted.
  @Test func batchesDeletedBeforeAFailureAreCounted() async throws {
    let store = MemoryAuditStore()
    for hour in 0..<7 { _ = try await store.record(AuditFixtures.record("old-\(hour)", at: Int64(hour) * 3_600_000)) }
    store.pruneBatches.withLock { $0 = (size: 5, failAfter: 1) }
    let metrics = AdmissionMetrics()
    let service = AuditPruningService(
      store: store, retention: try #require(AuditRetention("1h")), metrics: metrics, logger: AuditFixtures.logger)
    await service.pruneOnce(at: AuditFixtures.time(10 * 3_600_000))
    #expect(store.entries.withLock { $0.count } == 2)
    let exposition = String(decoding: metrics.exposition(), as: UTF8.self)
    #expect(exposition.contains("lockstep_audit_pruned_total 5"), "\(exposition)")
  }

  /// A store that cannot prune is logged and left for the next interval; the service goes on.
  @Test func aFailedPruneIsNotFatal() async throws {
    let store = MemoryAuditStore()
    _ = try await store.record(AuditFixtures.record("kept"))
    store.failing.withLock { $0 = true }
    let service = AuditPruningService(
      store: store, retention: try #require(AuditRetention("1h")), metrics: AdmissionMetrics(),
      logger: AuditFixtures.logger)
    await service.pruneOnce(at: Date())
    #expect(store.entries.withLock { $0.count } == 1)
  }
}
