import Foundation
import LockstepEngine
import LockstepReport
import Logging
import PostgresNIO

/// The audit trail in PostgreSQL, for several replicas behind a load balancer: they share one table,
/// and the database's unique index on `uid` (not any replica's memory) decides which write of a uid
/// is the recorded one. `record` returns once PostgreSQL has committed the row.
public final class PostgresAuditStore: AuditStore {
  public static let schemaVersion = 1
  public static let defaultTable = "lockstep_decisions"

  /// The server, without the password: for messages and logs.
  public let endpoint: String
  public let table: String
  private let client: PostgresClient
  private let runner: Task<Void, Never>
  private let logger: Logger
  private let closed = AuditLocked(false)
  private let queue: AuditWriteQueue
  private let writer: PostgresBatchWriter

  private init(endpoint: String, table: String, client: PostgresClient, runner: Task<Void, Never>, logger: Logger) {
    self.endpoint = endpoint
    self.table = table
    self.client = client
    self.runner = runner
    self.logger = logger
    let writer = PostgresBatchWriter(client: client, table: table, endpoint: endpoint, logger: logger)
    self.writer = writer
    queue = AuditWriteQueue(maximumBatch: PostgresBatchWriter.maximumBatch) { records in await writer.write(records) }
  }

  /// Connects to `postgres://user:password@host:port/database[?sslmode=…]`, checks the server answers
  /// (one connection, with a clear error if not), and creates the table if missing.
  public static func connect(
    url: String, table: String = PostgresAuditStore.defaultTable, logger: Logger = Logger(label: "lockstep.audit")
  ) async throws -> PostgresAuditStore {
    let settings = try PostgresURL(url)
    guard table.range(of: #"^[a-z_][a-z0-9_]{0,62}$"#, options: .regularExpression) != nil else {
      throw AuditStoreError("invalid audit table name \"\(table)\": use lower-case letters, digits and _")
    }

    // One plain connection first: its failure says why (refused, authentication, no such database),
    // where the pool would only keep retrying in the background.
    do {
      let connection = try await PostgresConnection.connect(
        configuration: try settings.connectionConfiguration(), id: 1, logger: logger)
      do {
        try await migrate(connection, table: table, logger: logger)
      } catch {
        try? await connection.close()
        throw error
      }
      try? await connection.close()
    } catch {
      throw AuditStoreError("cannot use the PostgreSQL audit store at \(settings.redacted): \(describe(error))")
    }

    let client = PostgresClient(configuration: try settings.clientConfiguration(), backgroundLogger: logger)
    let runner = Task { await client.run() }
    logger.info("audit store connected", metadata: ["postgres": .string(settings.redacted), "table": .string(table)])
    return PostgresAuditStore(endpoint: settings.redacted, table: table, client: client, runner: runner, logger: logger)
  }

  /// Queued with the decisions arriving meanwhile and written as one INSERT (group commit): one
  /// statement and one commit per batch instead of per decision.
  public func record(_ record: AuditRecord) async throws -> AuditOutcome {
    try checkOpen()
    return try await queue.submit(record)
  }

  /// What the writer has done so far.
  public func statistics() async -> AuditWriteStatistics {
    await queue.statistics
  }

  public func decision(uid: String) async throws -> AuditRecord? {
    try checkOpen()
    var binds = PostgresBindings()
    binds.append(uid)
    let query = PostgresQuery(unsafeSQL: "SELECT \(Self.columns) FROM \(table) WHERE uid = $1", binds: binds)
    let rows = try await perform("read") { try await self.client.query(query).collect() }
    return try rows.first.map { try Self.decode($0).record }
  }

  public func query(_ query: AuditQuery) async throws -> AuditPage {
    try checkOpen()
    let plan = try AuditQueryPlan(query) { "$\($0)" }
    var binds = PostgresBindings(capacity: plan.binds.count)
    for bind in plan.binds {
      switch bind {
      case .text(let text): binds.append(text)
      case .integer(let value): binds.append(value)
      case .bool(let value): binds.append(value)
      }
    }
    let sql = "SELECT \(Self.columns) FROM \(table)\(plan.whereClause) ORDER BY seq DESC LIMIT \(plan.fetchLimit)"
    let statement = PostgresQuery(unsafeSQL: sql, binds: binds)
    let rows = try await perform("read") { try await self.client.query(statement).collect() }
    return AuditQueryPlan.page(try rows.map(Self.decode), limit: query.limit)
  }

  public func prune(before cutoff: Date, afterEachBatch: @Sendable (Int) async -> Void) async throws -> Int {
    try checkOpen()
    var deleted = 0
    // Until a batch finds nothing (replicas pruning at once share out the rows), or shutdown.
    while !Task.isCancelled {
      var binds = PostgresBindings()
      binds.append(AuditColumns.milliseconds(cutoff))
      let statement = PostgresQuery(
        unsafeSQL: """
          DELETE FROM \(table) WHERE seq IN
            (SELECT seq FROM \(table) WHERE time < $1 ORDER BY seq LIMIT \(auditPruneBatch)) RETURNING seq
          """, binds: binds)
      let rows = try await perform("prune") { try await self.client.query(statement).collect() }
      deleted += rows.count
      if rows.isEmpty { break }
      await afterEachBatch(rows.count)
    }
    return deleted
  }

  /// Stops the connection pool. Safe to call twice.
  public func shutdown() async throws {
    let wasClosed = closed.withLock { closed in
      defer { closed = true }
      return closed
    }
    if wasClosed { return }
    _ = await queue.close()
    runner.cancel()
    await runner.value
    logger.info("audit store disconnected", metadata: ["postgres": .string(endpoint)])
  }

  /// Writes these records as one batch, bypassing the queue: for tests that need to know what
  /// shared a batch.
  func writeBatchForTesting(_ records: [AuditRecord]) async -> [AuditWriteResult] {
    await writer.write(records)
  }

  /// Runs one statement outside any decision: for tests that stage a race on purpose.
  func executeForTesting(_ sql: String) async throws {
    try checkOpen()
    let statement = PostgresQuery(unsafeSQL: sql)
    _ = try await perform("change") { try await self.client.query(statement).collect() }
  }

  /// Drops the table (tests use a table of their own).
  func dropTable() async throws {
    try checkOpen()
    let sql = PostgresQuery(unsafeSQL: "DROP TABLE IF EXISTS \(table)")
    _ = try await perform("drop the table of") { try await self.client.query(sql).collect() }
    var binds = PostgresBindings()
    binds.append(table)
    let forget = PostgresQuery(unsafeSQL: "DELETE FROM lockstep_schema WHERE name = $1", binds: binds)
    _ = try await perform("drop the table of") { try await self.client.query(forget).collect() }
  }

  // MARK: - Helpers

  private func checkOpen() throws {
    if closed.withLock({ $0 }) { throw AuditStoreError("the audit store is shut down") }
  }

  private func perform<Result>(_ doing: String, _ body: () async throws -> Result) async throws -> Result {
    do {
      return try await body()
    } catch {
      throw AuditStoreError("cannot \(doing) the PostgreSQL audit store at \(endpoint): \(Self.describe(error))")
    }
  }

  /// A driver error in words; PSQLError's own description is deliberately vague.
  static func describe(_ error: any Error) -> String {
    if let error = error as? AuditStoreError { return error.description }
    if let error = error as? PostgresTransactionError {
      return describe(error.closureError ?? error.commitError ?? error.beginError ?? error.rollbackError ?? error)
    }
    guard let error = error as? PSQLError else { return "\(error)" }
    if let server = error.serverInfo, let message = server[.message] {
      let state = server[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
      let detail = server[.detail].map { ": \($0)" } ?? ""
      return message + detail + state
    }
    if error.code == .sslUnsupported { return "the server does not offer TLS, which sslmode requires" }
    if let underlying = error.underlying { return "\(error.code): \(underlying)" }
    return "\(error.code)"
  }

  static let columns = [
    "seq", "uid", "audit_id", "time", "actor", "actor_teams::text AS actor_teams", "resource", "resource_kind",
    "operation", "allowed", "findings::text AS findings", "policy_revision", "request_digest", "response",
  ].joined(separator: ", ")

  static func decode(_ row: PostgresRow) throws -> (seq: Int64, record: AuditRecord) {
    let row = row.makeRandomAccess()
    do {
      let record = AuditRecord(
        auditID: try row["audit_id"].decode(String.self), uid: try row["uid"].decode(String.self),
        time: AuditColumns.date(milliseconds: try row["time"].decode(Int64.self)),
        actor: try row["actor"].decode(String.self),
        actorTeams: try AuditColumns.decodeJSON(
          [String].self, try row["actor_teams"].decode(String.self), column: "actor_teams"),
        resource: try row["resource"].decode(String.self),
        resourceKind: try row["resource_kind"].decode(String.self),
        operation: try row["operation"].decode(String.self), allowed: try row["allowed"].decode(Bool.self),
        findings: try AuditColumns.decodeJSON(
          [Finding].self, try row["findings"].decode(String.self), column: "findings"),
        policyRevision: try row["policy_revision"].decode(String.self),
        requestDigest: try row["request_digest"].decode(String.self),
        response: try row["response"].decode(String.self))
      return (try row["seq"].decode(Int64.self), record)
    } catch let error as AuditStoreError {
      throw error
    } catch {
      throw AuditStoreError("the PostgreSQL audit table has a row this Lockstep cannot read: \(error)")
    }
  }

  /// Creates the table and its indexes if missing, under an advisory lock so replicas starting
  /// together do not race, and checks the schema version.
  private static func migrate(_ connection: PostgresConnection, table: String, logger: Logger) async throws {
    @discardableResult
    func run(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) async throws -> [PostgresRow] {
      // Reading every result to the end keeps the connection ready for the next statement.
      try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect()
    }
    try await run("BEGIN")
    do {
      // An arbitrary constant ("lockstep" in ASCII) that names Lockstep's migration lock.
      try await run("SELECT pg_advisory_xact_lock(7814479131755998320)")
      let statements = [
        """
        CREATE TABLE IF NOT EXISTS \(table) (
          seq BIGSERIAL PRIMARY KEY,
          uid TEXT NOT NULL UNIQUE,
          audit_id TEXT NOT NULL,
          time BIGINT NOT NULL,
          actor TEXT NOT NULL,
          actor_teams JSONB NOT NULL,
          resource TEXT NOT NULL,
          resource_kind TEXT NOT NULL,
          operation TEXT NOT NULL,
          allowed BOOLEAN NOT NULL,
          findings JSONB NOT NULL,
          policy_revision TEXT NOT NULL,
          request_digest TEXT NOT NULL,
          response TEXT NOT NULL
        )
        """,
        "CREATE INDEX IF NOT EXISTS \(table)_time ON \(table) (time)",
        "CREATE INDEX IF NOT EXISTS \(table)_actor ON \(table) (actor, seq)",
        "CREATE INDEX IF NOT EXISTS \(table)_resource ON \(table) (resource, seq)",
        "CREATE TABLE IF NOT EXISTS lockstep_schema (name TEXT PRIMARY KEY, version INTEGER NOT NULL)",
      ]
      for statement in statements { try await run(statement) }
      var binds = PostgresBindings()
      binds.append(table)
      binds.append(schemaVersion)
      try await run("INSERT INTO lockstep_schema (name, version) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", binds)
      var read = PostgresBindings()
      read.append(table)
      let rows = try await run("SELECT version FROM lockstep_schema WHERE name = $1", read)
      let version = try rows.first?.decode(Int.self) ?? schemaVersion
      guard version <= schemaVersion else {
        throw AuditStoreError(
          "the audit table \(table) has schema version \(version), newer than this Lockstep understands"
            + " (\(schemaVersion)); upgrade Lockstep")
      }
      try await run("COMMIT")
    } catch {
      _ = try? await run("ROLLBACK")
      throw error
    }
  }
}

/// `postgres://user:password@host:port/database?sslmode=…`, taken apart.
struct PostgresURL: Sendable, Equatable {
  enum TLSMode: String, Sendable {
    case disable, prefer, require
  }

  var host: String
  /// Set when `?host=/folder` names the folder of a Unix-domain socket, as libpq allows.
  var socketPath: String?
  var port: Int
  var username: String
  var password: String?
  var database: String?
  var tls: TLSMode
  var connectTimeout: Int = 10

  /// The URL without the password.
  var redacted: String {
    let server = socketPath ?? "\(host.contains(":") ? "[\(host)]" : host):\(port)"
    return "postgres://\(username)@\(server)/\(database ?? "")"
  }

  init(_ text: String) throws {
    func invalid(_ why: String) -> AuditStoreError {
      AuditStoreError("invalid PostgreSQL URL (\(why)); expected postgres://user:password@host:port/database")
    }
    guard let url = URLComponents(string: text), let scheme = url.scheme,
      scheme == "postgres" || scheme == "postgresql"
    else { throw invalid("not a postgres:// URL") }
    guard let user = url.user, !user.isEmpty else { throw invalid("no user") }
    username = user
    password = url.password
    var host = url.host ?? ""
    if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    self.host = host.isEmpty ? "127.0.0.1" : host
    port = url.port ?? 5432
    let name = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
    database = name.isEmpty ? nil : name
    tls = .disable
    for item in url.queryItems ?? [] {
      let value = item.value ?? ""
      switch item.name {
      case "sslmode":
        switch value {
        case "disable", "allow": tls = .disable
        case "prefer": tls = .prefer
        case "require", "verify-ca", "verify-full": tls = .require
        default: throw invalid("unknown sslmode \"\(value)\"")
        }
      case "host":
        guard value.hasPrefix("/") else { throw invalid("host= must name a socket folder") }
        socketPath = "\(value)/.s.PGSQL.\(port)"
      case "connect_timeout":
        guard let seconds = Int(value), seconds > 0 else { throw invalid("bad connect_timeout") }
        connectTimeout = seconds
      case "application_name":
        break
      default:
        throw invalid("unsupported parameter \"\(item.name)\"; known: sslmode, host, connect_timeout")
      }
    }
  }

  private func tlsConfiguration() -> TLSConfiguration {
    TLSConfiguration.makeClientConfiguration()
  }

  func connectionConfiguration() throws -> PostgresConnection.Configuration {
    var configuration: PostgresConnection.Configuration
    if let socketPath {
      configuration = .init(unixSocketPath: socketPath, username: username, password: password, database: database)
    } else {
      let tls: PostgresConnection.Configuration.TLS
      switch self.tls {
      case .disable: tls = .disable
      case .prefer: tls = .prefer(try NIOSSLContext(configuration: tlsConfiguration()))
      case .require: tls = .require(try NIOSSLContext(configuration: tlsConfiguration()))
      }
      configuration = .init(
        host: host, port: port, username: username, password: password, database: database, tls: tls)
    }
    configuration.options.connectTimeout = .seconds(Int64(connectTimeout))
    return configuration
  }

  func clientConfiguration() throws -> PostgresClient.Configuration {
    var configuration: PostgresClient.Configuration
    if let socketPath {
      configuration = .init(unixSocketPath: socketPath, username: username, password: password, database: database)
    } else {
      let tls: PostgresClient.Configuration.TLS
      switch self.tls {
      case .disable: tls = .disable
      case .prefer: tls = .prefer(tlsConfiguration())
      case .require: tls = .require(tlsConfiguration())
      }
      configuration = .init(
        host: host, port: port, username: username, password: password, database: database, tls: tls)
    }
    configuration.options.connectTimeout = .seconds(connectTimeout)
    return configuration
  }
}
