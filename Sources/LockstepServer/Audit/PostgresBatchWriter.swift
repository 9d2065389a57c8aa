import Foundation
import LockstepReport
import Logging
import PostgresNIO

/// Writes one batch of decisions to the PostgreSQL table, in one transaction: one multi-row
/// INSERT, then one read of the uids that were already there. A decision is acknowledged only
/// once that transaction has committed.
///
/// Another request, on this replica or another, may have recorded a uid first. Once its
/// transaction committed, ON CONFLICT saw it, so the read finds it. Unless a prune deleted that
/// row in between: the uid is then free again, and it goes into the next insert.
struct PostgresBatchWriter: Sendable {
  let client: PostgresClient
  let table: String
  /// The server without the password, for messages.
  let endpoint: String
  let logger: Logger

  /// The most decisions one INSERT takes: 13 binds each, and PostgreSQL allows 65,535 binds.
  static let maximumBatch = 1000
  /// Inserts of one batch. Past this, a uid that keeps conflicting with rows that vanish is an
  /// error, not a loop.
  static let attempts = 3

  /// One result per record, in order. When the server refuses the batch, which a single record
  /// can cause (text PostgreSQL cannot store, say), each record is written alone, so only that
  /// one fails and not the decisions that happened to share its batch. When the server cannot be
  /// reached, every record fails at once.
  func write(_ records: [AuditRecord]) async -> [AuditWriteResult] {
    do {
      return try await writeTogether(records).map { .success($0) }
    } catch {
      guard records.count > 1, Self.refusedByServer(error) else {
        return Array(repeating: .failure(describe(error)), count: records.count)
      }
      var results: [AuditWriteResult] = []
      for record in records {
        do {
          results.append(.success(try await writeTogether([record])[0]))
        } catch {
          results.append(.failure(describe(error)))
        }
      }
      return results
    }
  }

  /// The batch in one transaction; it throws, and stores nothing, if any statement fails or a uid
  /// can be neither stored nor found.
  func writeTogether(_ records: [AuditRecord]) async throws -> [AuditOutcome] {
    let batch = AuditBatch(records)
    return try await client.withTransaction(logger: logger) { connection in
      // Row locks in one order, uid order, on every replica: two replicas inserting overlapping
      // batches then wait for each other instead of deadlocking.
      var pending = batch.unique.sorted { $0.uid < $1.uid }
      var inserted = Set<String>()
      var existing: [String: AuditRecord] = [:]
      for _ in 1...Self.attempts where !pending.isEmpty {
        let stored = try await insert(pending, on: connection)
        inserted.formUnion(stored)
        let conflicting = pending.filter { !stored.contains($0.uid) }
        let found = try await read(conflicting.map(\.uid), on: connection)
        existing.merge(found) { first, _ in first }
        pending = conflicting.filter { found[$0.uid] == nil }
      }
      // Worked out before COMMIT, so nothing can fail between the commit and the answers.
      return try batch.outcomes(inserted: inserted, existing: existing) { uid in
        AuditStoreError("the PostgreSQL audit store refused decision \(uid) \(Self.attempts) times without saying why")
      }
    }
  }

  /// The uids the statement stored; the others were in the table already.
  func insert(_ records: [AuditRecord], on connection: PostgresConnection) async throws -> Set<String> {
    var binds = PostgresBindings(capacity: records.count * AuditColumns.insertable.count)
    for record in records { try Self.bind(record, into: &binds) }
    let rows = records.indices.map { row in
      let values = (1...AuditColumns.insertable.count).map { column in
        let index = row * AuditColumns.insertable.count + column
        return column == 5 || column == 10 ? "$\(index)::jsonb" : "$\(index)"
      }
      return "(" + values.joined(separator: ", ") + ")"
    }
    let statement = PostgresQuery(
      unsafeSQL: """
        INSERT INTO \(table) (\(AuditColumns.insertable.joined(separator: ", ")))
        VALUES \(rows.joined(separator: ", ")) ON CONFLICT (uid) DO NOTHING RETURNING uid
        """, binds: binds)
    let returned = try await connection.query(statement, logger: logger).collect()
    return Set(try returned.map { try $0.decode(String.self) })
  }

  /// The recorded decisions of these uids that are in the table.
  func read(_ uids: [String], on connection: PostgresConnection) async throws -> [String: AuditRecord] {
    guard !uids.isEmpty else { return [:] }
    var binds = PostgresBindings()
    binds.append(uids)
    let statement = PostgresQuery(
      unsafeSQL: "SELECT \(PostgresAuditStore.columns) FROM \(table) WHERE uid = ANY($1)", binds: binds)
    let rows = try await connection.query(statement, logger: logger).collect()
    let records = try rows.map { try PostgresAuditStore.decode($0).record }
    return Dictionary(records.map { ($0.uid, $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// The server answered and refused the statement (bad data, a deadlock, a constraint): the
  /// connection works, and the records can be tried one at a time.
  static func refusedByServer(_ error: any Error) -> Bool {
    if let error = error as? PostgresTransactionError {
      return error.closureError.map(refusedByServer) ?? error.commitError.map(refusedByServer) ?? false
    }
    if error is AuditStoreError { return true }
    return (error as? PSQLError)?.code == .server
  }

  func describe(_ error: any Error) -> AuditStoreError {
    AuditStoreError(
      "cannot record decisions in the PostgreSQL audit store at \(endpoint): \(PostgresAuditStore.describe(error))")
  }

  /// A record's columns, in `AuditColumns.insertable` order.
  static func bind(_ record: AuditRecord, into binds: inout PostgresBindings) throws {
    binds.append(record.uid)
    binds.append(record.auditID)
    binds.append(AuditColumns.milliseconds(record.time))
    binds.append(record.actor)
    binds.append(try AuditColumns.encodeJSON(record.actorTeams))
    binds.append(record.resource)
    binds.append(record.resourceKind)
    binds.append(record.operation)
    binds.append(record.allowed)
    binds.append(FindingJSON.compact(record.findings))
    binds.append(record.policyRevision)
    binds.append(record.requestDigest)
    binds.append(record.response)
  }
}
