import Logging

/// Opens the audit store `--audit` names: an SQLite file (created if missing) or a PostgreSQL server.
/// Throws `AuditStoreError` with a message for the operator when it cannot.
public func makeAuditStore(_ location: AuditStoreLocation, logger: Logger) async throws -> any AuditStore {
  switch location {
  case .sqlite(let path):
    try await SQLiteAuditStore.open(path: path, logger: logger)
  case .postgres(let url):
    try await PostgresAuditStore.connect(url: url, logger: logger)
  }
}
