import Foundation
import LockstepEngine

/// What both audit stores share: how a record is laid out in columns, and how a query becomes SQL.
enum AuditColumns {
  /// The columns a record is written to, in bind order (`seq` is the store's own).
  static let insertable = [
    "uid", "audit_id", "time", "actor", "actor_teams", "resource", "resource_kind", "operation", "allowed",
    "findings", "policy_revision", "request_digest", "response",
  ]

  /// Milliseconds since 1970, rounded to the nearest: what the stores keep of a `Date`.
  static func milliseconds(_ date: Date) -> Int64 {
    Int64((date.timeIntervalSince1970 * 1000).rounded())
  }

  static func date(milliseconds: Int64) -> Date {
    Date(timeIntervalSince1970: Double(milliseconds) / 1000)
  }

  /// The record as the store gives it back: its time cut to the millisecond.
  static func normalized(_ record: AuditRecord) -> AuditRecord {
    var record = record
    record.time = date(milliseconds: milliseconds(record.time))
    return record
  }

  static func encodeJSON<Value: Encodable>(_ value: Value) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  static func decodeJSON<Value: Decodable>(_ type: Value.Type, _ text: String, column: String) throws -> Value {
    do {
      return try JSONDecoder().decode(type, from: Data(text.utf8))
    } catch {
      throw AuditStoreError("the audit store holds an unreadable \(column) value: \(error)")
    }
  }
}

/// A value bound to a query, before it becomes a driver's own type.
enum AuditBind: Sendable, Equatable {
  case text(String)
  case integer(Int64)
  case bool(Bool)
}

/// The WHERE clause, binds and limit an `AuditQuery` asks for, in either store's placeholder style.
struct AuditQueryPlan {
  var conditions: [String] = []
  var binds: [AuditBind] = []
  /// How many rows to fetch: one more than the page, to know whether another page follows.
  var fetchLimit: Int

  /// `placeholder(n)` spells the n-th (1-based) bind: `?` for SQLite, `$n` for PostgreSQL.
  init(_ query: AuditQuery, placeholder: (Int) -> String) throws {
    fetchLimit = query.limit + 1
    func add(_ condition: (String) -> String, _ bind: AuditBind) {
      binds.append(bind)
      conditions.append(condition(placeholder(binds.count)))
    }
    if let resource = query.resource { add({ "resource = \($0)" }, .text(resource)) }
    if let actor = query.actor { add({ "actor = \($0)" }, .text(actor)) }
    if let allowed = query.allowed { add({ "allowed = \($0)" }, .bool(allowed)) }
    if let since = query.since { add({ "time >= \($0)" }, .integer(AuditColumns.milliseconds(since))) }
    if let until = query.until { add({ "time <= \($0)" }, .integer(AuditColumns.milliseconds(until))) }
    if let before = query.before { add({ "seq < \($0)" }, .integer(try Self.cursor(before))) }
  }

  var whereClause: String {
    conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
  }

  /// A page's `next` is the `seq` of its last entry, as a decimal string.
  static func cursor(_ text: String) throws -> Int64 {
    guard let seq = Int64(text), seq > 0, String(seq) == text else {
      throw AuditStoreError(
        "invalid cursor \"\(text)\": pass the `next` value of a previous page of decisions unchanged")
    }
    return seq
  }

  /// Cuts the fetched rows (newest first) to the page, and sets `next` when more may follow.
  static func page(_ rows: [(seq: Int64, record: AuditRecord)], limit: Int) -> AuditPage {
    guard rows.count > limit else { return AuditPage(decisions: rows.map(\.record), next: nil) }
    let shown = rows.prefix(limit)
    return AuditPage(decisions: shown.map(\.record), next: shown.last.map { String($0.seq) })
  }
}

/// A value behind a lock, for the few places a driver calls back on its own threads.
final class AuditLocked<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value

  init(_ value: Value) {
    self.value = value
  }

  func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
    lock.lock()
    defer { lock.unlock() }
    return try body(&value)
  }
}

/// Runs `operation`, giving up with `AuditStoreError(message)` after `timeout`.
func auditWithTimeout<Result: Sendable>(
  _ timeout: Duration, _ message: @autoclosure () -> String,
  _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
  let timedOut = message()
  return try await withThrowingTaskGroup(of: Result?.self) { group in
    group.addTask { try await operation() }
    group.addTask {
      try await Task.sleep(for: timeout)
      return nil
    }
    defer { group.cancelAll() }
    guard let first = try await group.next(), let result = first else {
      throw AuditStoreError(timedOut)
    }
    return result
  }
}
