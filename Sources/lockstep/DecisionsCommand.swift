import ArgumentParser
import Foundation
import LockstepServer
import Logging

struct DecisionsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "decisions",
    abstract: "Query the admission service's audit trail, newest first.",
    subcommands: [DecisionsPruneCommand.self])

  enum Outcome: String, ExpressibleByArgument, CaseIterable {
    case allowed, denied
  }

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json
  }

  @Option(help: "Audit store: a SQLite file or postgres://user:pass@host:port/db.")
  var audit = "lockstep-audit.sqlite"

  @Option(help: "Only this resource (space/project).")
  var resource: String?

  @Option(help: "Only this actor.")
  var actor: String?

  @Option(help: "Only allowed or only denied decisions.")
  var outcome: Outcome?

  @Option(help: "Decisions at or after this time (ISO 8601, e.g. 2026-11-23T10:00:00Z).")
  var since: String?

  @Option(help: "Decisions at or before this time (ISO 8601).")
  var until: String?

  @Option(help: "How many decisions a page holds (at most 1000).")
  var limit = 50

  @Option(help: "The page after this cursor (printed as `next` by the previous page).")
  var before: String?

  @Option(help: "text or json (the /v1/decisions page).")
  var format: Format = .text

  func validate() throws {
    for (flag, value) in [("--since", since), ("--until", until)] {
      if let value, Timestamp.date(value) == nil {
        throw ValidationError("\(flag) \(value) is not an ISO 8601 time such as 2026-11-23T10:00:00Z")
      }
    }
    guard limit > 0 else { throw ValidationError("--limit must be positive") }
  }

  func run() async throws {
    let query = AuditQuery(
      resource: resource, actor: actor, allowed: outcome.map { $0 == .allowed }, since: since.flatMap(Timestamp.date),
      until: until.flatMap(Timestamp.date), limit: limit, before: before)
    let page = try await Self.withStore(audit) { try await $0.query(query) }
    Terminal.out(format == .json ? AdmissionJSON.encode(page) : Self.table(page))
  }

  /// Opens the store `--audit` names, runs `body` on it and closes it. A store that is missing or
  /// cannot be used is a usage error (exit 2), said in the store's own words.
  static func withStore<Value: Sendable>(
    _ argument: String, _ body: @Sendable (any AuditStore) async throws -> Value
  ) async throws -> Value {
    let location = AuditStoreLocation(argument: argument)
    if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) {
      throw UsageError(message: "no audit store at \(path)")
    }
    do {
      let store = try await makeAuditStore(location, logger: Logger(label: "lockstep.decisions"))
      let result: Result<Value, any Error>
      do { result = .success(try await body(store)) } catch { result = .failure(error) }
      try? await store.shutdown()
      return try result.get()
    } catch {
      throw UsageError(message: "\(error)")
    }
  }

  static func table(_ page: AuditPage) -> String {
    var out = ""
    for record in page.decisions {
      let outcome = record.allowed ? "allowed" : "denied"
      let rules = Set(record.findings.filter { $0.isActive }.map(\.ruleID)).sorted().joined(separator: ",")
      out +=
        [
          Timestamp.string(record.time), outcome, record.operation, record.resource, record.actor, record.uid,
          rules.isEmpty ? "-" : rules, record.policyRevision,
        ].joined(separator: "  ") + "\n"
    }
    out += page.decisions.isEmpty ? "no decisions\n" : ""
    if let next = page.next { out += "more: --before \(next)\n" }
    return out
  }
}
