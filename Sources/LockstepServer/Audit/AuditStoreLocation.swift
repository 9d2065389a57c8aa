/// `--audit`: where the audit trail is kept.
public enum AuditStoreLocation: Sendable, Equatable {
  /// A SQLite database file (created if missing), WAL mode.
  case sqlite(path: String)
  /// A PostgreSQL server: `postgres://user:password@host:port/database`.
  case postgres(url: String)

  /// `postgres://…` or `postgresql://…` is PostgreSQL; `sqlite:PATH` or a plain path is SQLite.
  public init(argument: String) {
    if argument.hasPrefix("postgres://") || argument.hasPrefix("postgresql://") {
      self = .postgres(url: argument)
    } else if argument.hasPrefix("sqlite:") {
      self = .sqlite(path: String(argument.dropFirst("sqlite:".count)))
    } else {
      self = .sqlite(path: argument)
    }
  }
}
