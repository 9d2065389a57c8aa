import Foundation
import LockstepReport
import PostgresNIO

/// Writes one batch of decisions to the PostgreSQL table: one multi-row INSERT, which PostgreSQL
/// commits as one statement, then one read of the uids that were already there.
///
/// Another request, on this replica or another, may have recorded a uid first. Once its
/// transaction committed, ON CONFLICT saw it, so the read finds it. Unless a prune deleted that
/// row in between: the uid is then free again, and it goes into the next insert.
struct PostgresBatchWriter: Sendable {
  let client: PostgresClient
  let table: String
  /// The server without the password, for messages.
  let endpoint: String

  /// The most decisions one INSERT takes: 13 binds each, and PostgreSQL allows 65,535 binds.
  static let maximumBatch = 1000
  /// Inserts of one batch. Past this, a uid that keeps conflicting with rows that vanish is an
  /// error, not a loop.
  static let attempts = 3

  /// One outcome per record, in order. Throws if a statement fails: then no waiter is told its
  /// decision is recorded, though rows an earlier insert committed stay (a retry of their uid
  /// gets them back).
  func write(_ records: [AuditRecord]) async throws -> [AuditOutcome] {
    let batch = AuditBatch(records)
    var pending = batch.unique
    var inserted = Set<String>()
    var existing: [String: AuditRecord] = [:]
    for _ in 1...Self.attempts where !pending.isEmpty {
      let stored = try await insert(pending)
      inserted.formUnion(stored)
      let conflicting = pending.filter { !stored.contains($0.uid) }
      let found = try await read(conflicting.map(\.uid))
      existing.merge(found) { first, _ in first }
      pending = conflicting.filter { found[$0.uid] == nil }
    }
    return try batch.outcomes(inserted: inserted, existing: existing) { uid in
      AuditStoreError("the PostgreSQL audit store refused decision \(uid) \(Self.attempts) times without saying why")
    }
  }

  /// The uids the statement stored; the others were in the table already.
  func insert(_ records: [AuditRecord]) async throws -> Set<String> {
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
    let returned = try await perform("record decisions in") { try await client.query(statement).collect() }
    return Set(try returned.map { try $0.decode(String.self) })
  }

  /// The recorded decisions of these uids that are in the table.
  func read(_ uids: [String]) async throws -> [String: AuditRecord] {
    guard !uids.isEmpty else { return [:] }
    var binds = PostgresBindings()
    binds.append(uids)
    let statement = PostgresQuery(
      unsafeSQL: "SELECT \(PostgresAuditStore.columns) FROM \(table) WHERE uid = ANY($1)", binds: binds)
    let rows = try await perform("read") { try await client.query(statement).collect() }
    let records = try rows.map { try PostgresAuditStore.decode($0).record }
    return Dictionary(records.map { ($0.uid, $0) }, uniquingKeysWith: { first, _ in first })
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

  func perform<Result>(_ doing: String, _ body: () async throws -> Result) async throws -> Result {
    try await PostgresAuditStore.perform(doing, at: endpoint, body)
  }
}
