import Foundation
import LockstepEngine
import LockstepReport
import Logging
import NIOCore
import SQLiteNIO

/// The audit trail in one SQLite file: WAL mode, `synchronous=FULL`, and group commit.
///
/// `record` queues the decision and waits; one writer drains everything queued into a single
/// transaction, commits it (one fsync for the whole batch), then answers every waiter. So each
/// acknowledged decision is on disk, and throughput grows with load instead of being one fsync per
/// request. Reads use a second connection, which WAL lets run beside the writer.
public final class SQLiteAuditStore: AuditStore {
  /// The schema this version writes; kept in `PRAGMA user_version` so a later one can migrate.
  public static let schemaVersion = 1
  /// The most decisions one transaction takes; more wait for the next.
  static let maximumBatch = 1000

  public typealias Statistics = AuditWriteStatistics

  /// The database file, absolute.
  public let path: String
  private let threadPool: NIOThreadPool
  private let reader: SQLiteConnection
  private let writer: SQLiteBatchWriter
  private let queue: AuditWriteQueue
  private let logger: Logger

  private init(
    path: String, threadPool: NIOThreadPool, reader: SQLiteConnection, writer: SQLiteBatchWriter, logger: Logger
  ) {
    self.path = path
    self.threadPool = threadPool
    self.reader = reader
    self.writer = writer
    self.queue = AuditWriteQueue(maximumBatch: Self.maximumBatch) { records in
      try await writer.write(records).map { .success($0) }
    }
    self.logger = logger
  }

  /// Opens the database at `path`, creating the file and its schema if missing.
  public static func open(path: String, logger: Logger = Logger(label: "lockstep.audit")) async throws
    -> SQLiteAuditStore
  {
    guard !path.isEmpty else { throw AuditStoreError("the audit database path is empty") }
    let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath).standardizedFileURL
    let path = url.path
    try checkFolder(of: url)

    let threadPool = NIOThreadPool(numberOfThreads: 2)
    threadPool.start()
    var opened: [SQLiteConnection] = []
    do {
      let writerConnection = try await connect(path, threadPool: threadPool, logger: logger)
      opened.append(writerConnection)
      try await prepareWriter(writerConnection, path: path, logger: logger)
      let reader = try await connect(path, threadPool: threadPool, logger: logger)
      opened.append(reader)
      try await run(reader, "PRAGMA busy_timeout = 10000", path: path, doing: "configure")
      try await run(reader, "PRAGMA query_only = 1", path: path, doing: "configure")
      logger.info("audit store opened", metadata: ["path": .string(path)])
      return SQLiteAuditStore(
        path: path, threadPool: threadPool, reader: reader,
        writer: SQLiteBatchWriter(connection: writerConnection, path: path, logger: logger), logger: logger)
    } catch {
      for connection in opened { await Self.close(connection) }
      try? await threadPool.shutdownGracefully()
      throw error
    }
  }

  public func record(_ record: AuditRecord) async throws -> AuditOutcome {
    try await queue.submit(record)
  }

  public func decision(uid: String) async throws -> AuditRecord? {
    try await queue.checkOpen()
    let rows = try await Self.select(
      reader, "SELECT \(Self.columns) FROM decisions WHERE uid = ?", [.text(uid)], path: path)
    return try rows.first.map { try Self.decode($0).record }
  }

  public func query(_ query: AuditQuery) async throws -> AuditPage {
    let plan = try AuditQueryPlan(query) { _ in "?" }
    try await queue.checkOpen()
    let sql =
      "SELECT \(Self.columns) FROM decisions\(plan.whereClause) ORDER BY seq DESC LIMIT \(plan.fetchLimit)"
    let rows = try await Self.select(reader, sql, plan.binds.map(Self.data), path: path)
    return AuditQueryPlan.page(try rows.map(Self.decode), limit: query.limit)
  }

  /// On a connection of its own, beside the writer's: each DELETE is its own short transaction,
  /// and the writer's busy timeout covers the moment one holds the lock. SQLite reuses the freed
  /// pages, so a pruned file stops growing rather than shrinking.
  public func prune(before cutoff: Date, afterEachBatch: @Sendable (Int) async -> Void) async throws -> Int {
    try await queue.checkOpen()
    let connection = try await Self.connect(path, threadPool: threadPool, logger: logger)
    do {
      try await Self.run(connection, "PRAGMA busy_timeout = 10000", path: path, doing: "configure")
      let sql = """
        DELETE FROM decisions WHERE seq IN
          (SELECT seq FROM decisions WHERE time < ? ORDER BY seq LIMIT \(auditPruneBatch)) RETURNING seq
        """
      var deleted = 0
      // Until a batch finds nothing (another pruner may have taken part of one), or shutdown:
      // a long backlog must not hold the service's exit.
      while !Task.isCancelled {
        let rows = try await Self.select(
          connection, sql, [.integer(Int(AuditColumns.milliseconds(cutoff)))], path: path, doing: "prune")
        deleted += rows.count
        if rows.isEmpty { break }
        await afterEachBatch(rows.count)
      }
      await Self.close(connection)
      return deleted
    } catch {
      await Self.close(connection)
      throw error
    }
  }

  /// Writes what is queued, refuses new records, and closes the file. Safe to call twice.
  public func shutdown() async throws {
    guard await queue.close() else { return }
    await Self.close(reader)
    await Self.close(writer.connection)
    try await threadPool.shutdownGracefully()
    logger.info("audit store closed", metadata: ["path": .string(path)])
  }

  /// What the writer has done so far.
  public func statistics() async -> Statistics {
    await queue.statistics
  }

  /// Runs a statement on the writer's connection, outside any batch: for tests that need to
  /// break the database on purpose. Do not call while records are in flight.
  func executeForTesting(_ sql: String) async throws {
    try await Self.run(writer.connection, sql, path: path, doing: "change")
  }

  /// Closes a connection even from a cancelled task, as when shutdown stops a prune: the async
  /// `close()` skips its work in a cancelled task, which leaked the file handle (and trapped in
  /// SQLiteNIO's debug check that every connection is closed).
  static func close(_ connection: SQLiteConnection) async {
    let closing: EventLoopFuture<Void> = connection.close()
    try? await closing.get()
  }

  // MARK: - Opening

  private static func checkFolder(of url: URL) throws {
    let folder = url.deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
      throw AuditStoreError("cannot open the audit database \(url.path): the folder \(folder) does not exist")
    }
    guard isDirectory.boolValue else {
      throw AuditStoreError("cannot open the audit database \(url.path): \(folder) is not a folder")
    }
    var isFile: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFile), isFile.boolValue {
      throw AuditStoreError("cannot open the audit database \(url.path): it is a folder, not a file")
    }
  }

  private static func connect(_ path: String, threadPool: NIOThreadPool, logger: Logger) async throws
    -> SQLiteConnection
  {
    do {
      return try await SQLiteConnection.open(
        storage: .file(path: path), threadPool: threadPool, logger: logger,
        on: MultiThreadedEventLoopGroup.singleton.any())
    } catch {
      throw translate(error, path: path, doing: "open")
    }
  }

  /// WAL, full sync, a bounded wait for other processes' locks, and the schema.
  private static func prepareWriter(_ connection: SQLiteConnection, path: String, logger: Logger) async throws {
    // The busy handler sqlite-nio installs retries forever; a timeout turns a stuck lock into an error.
    try await run(connection, "PRAGMA busy_timeout = 10000", path: path, doing: "configure")
    let mode = try await select(connection, "PRAGMA journal_mode = WAL", [], path: path, doing: "configure")
    let journal = mode.first?.column("journal_mode")?.string ?? "unknown"
    if journal.lowercased() != "wal" {
      logger.warning(
        "the audit database could not switch to WAL mode; writes stay durable but readers wait for writers",
        metadata: ["path": .string(path), "journal_mode": .string(journal)])
    }
    try await run(connection, "PRAGMA synchronous = FULL", path: path, doing: "configure")
    try await migrate(connection, path: path)
  }

  private static func migrate(_ connection: SQLiteConnection, path: String) async throws {
    try await run(connection, "BEGIN IMMEDIATE", path: path, doing: "create the schema of")
    do {
      let found = try await select(connection, "PRAGMA user_version", [], path: path, doing: "read")
      let version = Int(found.first?.column("user_version")?.integer ?? 0)
      switch version {
      case 0:
        for statement in schema { try await run(connection, statement, path: path, doing: "create the schema of") }
        try await run(connection, "PRAGMA user_version = \(schemaVersion)", path: path, doing: "create the schema of")
      case schemaVersion:
        break
      default:
        throw AuditStoreError(
          "the audit database \(path) has schema version \(version), newer than this Lockstep understands"
            + " (\(schemaVersion)); upgrade Lockstep or use another file")
      }
      try await run(connection, "COMMIT", path: path, doing: "create the schema of")
    } catch {
      _ = try? await connection.query("ROLLBACK", [])
      throw error
    }
  }

  static let schema = [
    """
    CREATE TABLE IF NOT EXISTS decisions (
      seq INTEGER PRIMARY KEY,
      uid TEXT NOT NULL UNIQUE,
      audit_id TEXT NOT NULL,
      time INTEGER NOT NULL,
      actor TEXT NOT NULL,
      actor_teams TEXT NOT NULL,
      resource TEXT NOT NULL,
      resource_kind TEXT NOT NULL,
      operation TEXT NOT NULL,
      allowed INTEGER NOT NULL,
      findings TEXT NOT NULL,
      policy_revision TEXT NOT NULL,
      request_digest TEXT NOT NULL,
      response TEXT NOT NULL
    )
    """,
    // An SQLite index ends with the rowid (`seq`), so each already serves ORDER BY seq DESC.
    "CREATE INDEX IF NOT EXISTS decisions_time ON decisions (time)",
    "CREATE INDEX IF NOT EXISTS decisions_actor ON decisions (actor)",
    "CREATE INDEX IF NOT EXISTS decisions_resource ON decisions (resource)",
  ]

  // MARK: - Rows

  static let columns = "seq, " + AuditColumns.insertable.joined(separator: ", ")

  static func binds(_ record: AuditRecord) throws -> [SQLiteData] {
    [
      .text(record.uid), .text(record.auditID), .integer(SQLiteInt64(AuditColumns.milliseconds(record.time))),
      .text(record.actor), .text(try AuditColumns.encodeJSON(record.actorTeams)), .text(record.resource),
      .text(record.resourceKind), .text(record.operation), .integer(record.allowed ? 1 : 0),
      .text(FindingJSON.compact(record.findings)), .text(record.policyRevision),
      .text(record.requestDigest), .text(record.response),
    ]
  }

  static func decode(_ row: SQLiteRow) throws -> (seq: Int64, record: AuditRecord) {
    func text(_ name: String) throws -> String {
      guard let value = row.column(name)?.string else {
        throw AuditStoreError("the audit database has a decision without \(name)")
      }
      return value
    }
    func integer(_ name: String) throws -> Int64 {
      guard let value = row.column(name)?.integer else {
        throw AuditStoreError("the audit database has a decision without \(name)")
      }
      return Int64(value)
    }
    let record = AuditRecord(
      auditID: try text("audit_id"), uid: try text("uid"),
      time: AuditColumns.date(milliseconds: try integer("time")), actor: try text("actor"),
      actorTeams: try AuditColumns.decodeJSON([String].self, try text("actor_teams"), column: "actor_teams"),
      resource: try text("resource"), resourceKind: try text("resource_kind"), operation: try text("operation"),
      allowed: try integer("allowed") != 0,
      findings: try AuditColumns.decodeJSON([Finding].self, try text("findings"), column: "findings"),
      policyRevision: try text("policy_revision"), requestDigest: try text("request_digest"),
      response: try text("response"))
    return (try integer("seq"), record)
  }

  static func data(_ bind: AuditBind) -> SQLiteData {
    switch bind {
    case .text(let text): .text(text)
    case .integer(let value): .integer(SQLiteInt64(value))
    case .bool(let value): .integer(value ? 1 : 0)
    }
  }

  // MARK: - Statements

  static func run(
    _ connection: SQLiteConnection, _ sql: String, _ binds: [SQLiteData] = [], path: String, doing: String
  )
    async throws
  {
    do {
      try await connection.query(sql, binds) { _ in }
    } catch {
      throw translate(error, path: path, doing: doing)
    }
  }

  static func select(
    _ connection: SQLiteConnection, _ sql: String, _ binds: [SQLiteData], path: String, doing: String = "read"
  ) async throws -> [SQLiteRow] {
    let rows = AuditLocked<[SQLiteRow]>([])
    do {
      try await connection.query(sql, binds) { row in rows.withLock { $0.append(row) } }
    } catch {
      throw translate(error, path: path, doing: doing)
    }
    return rows.withLock { $0 }
  }

  /// An SQLite failure in words for the operator: which file, what was being done, and why.
  static func translate(_ error: any Error, path: String, doing: String) -> any Error {
    if error is AuditStoreError { return error }
    guard let error = error as? SQLiteError else {
      return AuditStoreError("cannot \(doing) the audit database \(path): \(error)")
    }
    let hint: String
    switch error.reason {
    case .full: hint = " (the disk is full)"
    case .readOnly, .readonlyDirectory, .readonlyCantLock, .readonlyInRecovery, .readonlyInRollback,
      .readonlyBackingMoved:
      hint = " (the file or its folder is read-only)"
    case .permission, .auth: hint = " (permission denied)"
    case .cantOpen, .cantOpenDirectory, .cantOpenInvalidPath:
      hint = " (check that the folder exists and is writable)"
    case .ioError, .ioErrorFailedWrite, .ioErrorFailedSync, .ioErrorFailedDirSync, .ioErrorFailedTruncate:
      hint = " (a disk I/O error)"
    case .corrupt: hint = " (the file is damaged)"
    case .busy, .locked, .busyTimeout: hint = " (another process holds the database locked)"
    default: hint = ""
    }
    return AuditStoreError("cannot \(doing) the audit database \(path): \(error.message)\(hint)")
  }
}

/// Writes one batch of decisions in one transaction.
struct SQLiteBatchWriter: Sendable {
  let connection: SQLiteConnection
  let path: String
  let logger: Logger
  /// Rows per INSERT statement (13 binds each; the bundled SQLite allows 250,000).
  static let rowsPerStatement = 500

  /// One outcome per record, in order. Throws (and rolls back) if the batch cannot be committed:
  /// then none of it is acknowledged.
  func write(_ records: [AuditRecord]) async throws -> [AuditOutcome] {
    let batch = AuditBatch(records)
    let unique = batch.unique

    try await SQLiteAuditStore.run(connection, "BEGIN IMMEDIATE", path: path, doing: "write to")
    do {
      var inserted = Set<String>()
      for start in stride(from: 0, to: unique.count, by: Self.rowsPerStatement) {
        let chunk = unique[start..<min(start + Self.rowsPerStatement, unique.count)]
        let row = "(" + Array(repeating: "?", count: AuditColumns.insertable.count).joined(separator: ", ") + ")"
        let sql =
          "INSERT INTO decisions (\(AuditColumns.insertable.joined(separator: ", "))) VALUES "
          + Array(repeating: row, count: chunk.count).joined(separator: ", ")
          + " ON CONFLICT (uid) DO NOTHING RETURNING uid"
        let binds = try chunk.flatMap(SQLiteAuditStore.binds)
        let rows = try await SQLiteAuditStore.select(connection, sql, binds, path: path, doing: "write to")
        for row in rows { if let uid = row.column("uid")?.string { inserted.insert(uid) } }
      }

      var existing: [String: AuditRecord] = [:]
      let conflicting = unique.map(\.uid).filter { !inserted.contains($0) }
      for start in stride(from: 0, to: conflicting.count, by: Self.rowsPerStatement) {
        let chunk = conflicting[start..<min(start + Self.rowsPerStatement, conflicting.count)]
        let sql =
          "SELECT \(SQLiteAuditStore.columns) FROM decisions WHERE uid IN ("
          + Array(repeating: "?", count: chunk.count).joined(separator: ", ") + ")"
        let rows = try await SQLiteAuditStore.select(
          connection, sql, chunk.map { .text($0) }, path: path, doing: "write to")
        for row in rows {
          let record = try SQLiteAuditStore.decode(row).record
          existing[record.uid] = record
        }
      }

      // Worked out before COMMIT, so nothing can fail between the commit and the answers.
      let outcomes = try batch.outcomes(inserted: inserted, existing: existing) { uid in
        AuditStoreError("the audit database \(path) refused decision \(uid) without saying why")
      }
      try await SQLiteAuditStore.run(connection, "COMMIT", path: path, doing: "commit to")
      return outcomes
    } catch {
      // After a failed COMMIT SQLite may already have rolled back; either way nothing of the batch stays.
      _ = try? await connection.query("ROLLBACK", [])
      logger.error(
        "audit batch not written",
        metadata: ["path": .string(path), "records": "\(records.count)", "error": "\(error)"])
      throw error
    }
  }
}
