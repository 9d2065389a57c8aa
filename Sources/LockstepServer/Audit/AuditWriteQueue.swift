import Foundation

/// One record's outcome from a batch write: stored (or found stored), or refused on its own.
typealias AuditWriteResult = Result<AuditOutcome, any Error>

/// Counts of an audit store's writer, for metrics and tests.
public struct AuditWriteStatistics: Sendable, Equatable {
  /// Batches written (a transaction each; for PostgreSQL a batch one record refused is written
  /// again a record at a time).
  public var commits: Int
  /// Decisions acknowledged (recorded or found existing).
  public var records: Int
  /// The most decisions one transaction carried.
  public var largestBatch: Int
  /// Batches whose transaction failed (every waiter of those got the error).
  public var failedBatches: Int
}

/// Queues decisions and drains them, a batch per transaction, one writer at a time: group
/// commit, shared by the SQLite and PostgreSQL stores. While a batch is written, new records
/// queue for the next one, so batches grow with the load and each costs one commit.
actor AuditWriteQueue {
  private struct Waiter {
    var record: AuditRecord
    var continuation: CheckedContinuation<AuditOutcome, any Error>
  }

  private let write: @Sendable ([AuditRecord]) async throws -> [AuditWriteResult]
  private let maximumBatch: Int
  private var waiting: [Waiter] = []
  private var drainer: Task<Void, Never>?
  private var closed = false
  private(set) var statistics = AuditWriteStatistics(commits: 0, records: 0, largestBatch: 0, failedBatches: 0)

  /// `write` stores one batch and returns one result per record, each outcome stored durably
  /// before it is returned; or it throws and stores none.
  init(
    maximumBatch: Int,
    write: @escaping @Sendable ([AuditRecord]) async throws -> [AuditWriteResult]
  ) {
    self.maximumBatch = maximumBatch
    self.write = write
  }

  func submit(_ record: AuditRecord) async throws -> AuditOutcome {
    try checkOpen()
    return try await withCheckedThrowingContinuation { continuation in
      waiting.append(Waiter(record: record, continuation: continuation))
      if drainer == nil {
        drainer = Task { await self.drain() }
      }
    }
  }

  func checkOpen() throws {
    if closed { throw AuditStoreError("the audit store is shut down") }
  }

  /// Refuses new records and waits for the queued ones; false if it was already closed.
  func close() async -> Bool {
    if closed { return false }
    closed = true
    await drainer?.value
    return true
  }

  private func drain() async {
    while !waiting.isEmpty {
      let batch = Array(waiting.prefix(maximumBatch))
      waiting.removeFirst(batch.count)
      do {
        // The actor is free while the batch is written: new records queue up for the next one.
        let results = try await write(batch.map(\.record))
        guard results.count == batch.count else {
          throw AuditStoreError("the audit writer answered \(results.count) of \(batch.count) decisions")
        }
        statistics.commits += 1
        statistics.records += results.count { (try? $0.get()) != nil }
        statistics.largestBatch = max(statistics.largestBatch, batch.count)
        for (waiter, result) in zip(batch, results) { waiter.continuation.resume(with: result) }
      } catch {
        statistics.failedBatches += 1
        for waiter in batch { waiter.continuation.resume(throwing: error) }
      }
    }
    drainer = nil
  }
}
