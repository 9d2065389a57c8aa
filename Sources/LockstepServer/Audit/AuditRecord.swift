import Foundation
import LockstepEngine

/// One admission decision as the audit trail keeps it: written before the reply is sent.
public struct AuditRecord: Sendable, Codable, Equatable {
  /// The store's own id for the entry (`auditId` in the response).
  public var auditID: String
  /// The request's uid: a repeated uid gets the recorded decision back, not a second entry.
  public var uid: String
  /// When the decision was made, to the millisecond.
  public var time: Date
  public var actor: String
  public var actorTeams: [String]
  /// `space/project`, as reports name resources.
  public var resource: String
  public var resourceKind: String
  /// CREATE, UPDATE or DELETE.
  public var operation: String
  public var allowed: Bool
  public var findings: [Finding]
  public var policyRevision: String
  /// SHA-256 of the request body, hex: the same uid with another body is a different request.
  public var requestDigest: String
  /// The response as sent, JSON, so a repeated uid is answered byte for byte the same.
  public var response: String

  public init(
    auditID: String, uid: String, time: Date, actor: String, actorTeams: [String], resource: String,
    resourceKind: String, operation: String, allowed: Bool, findings: [Finding], policyRevision: String,
    requestDigest: String, response: String
  ) {
    self.auditID = auditID
    self.uid = uid
    self.time = time
    self.actor = actor
    self.actorTeams = actorTeams
    self.resource = resource
    self.resourceKind = resourceKind
    self.operation = operation
    self.allowed = allowed
    self.findings = findings
    self.policyRevision = policyRevision
    self.requestDigest = requestDigest
    self.response = response
  }
}

/// What `GET /v1/decisions` and `lockstep decisions` ask the audit trail. Every filter is optional;
/// entries come newest first, `limit` at a time, and `before` continues from a page's `next`.
public struct AuditQuery: Sendable, Equatable {
  public static let defaultLimit = 50
  public static let maximumLimit = 1000

  public var resource: String?
  public var actor: String?
  public var allowed: Bool?
  /// Inclusive bounds on `time`.
  public var since: Date?
  public var until: Date?
  public var limit: Int
  /// The cursor of the previous page: entries older than it.
  public var before: String?

  public init(
    resource: String? = nil, actor: String? = nil, allowed: Bool? = nil, since: Date? = nil, until: Date? = nil,
    limit: Int = AuditQuery.defaultLimit, before: String? = nil
  ) {
    self.resource = resource
    self.actor = actor
    self.allowed = allowed
    self.since = since
    self.until = until
    self.limit = max(1, min(limit, Self.maximumLimit))
    self.before = before
  }
}

/// One page of the audit trail; `next` is the cursor for the page after it, nil on the last.
public struct AuditPage: Sendable, Codable, Equatable {
  public var decisions: [AuditRecord]
  public var next: String?

  public init(decisions: [AuditRecord], next: String?) {
    self.decisions = decisions
    self.next = next
  }
}

/// What recording a decision did: stored it, or found the uid already recorded.
public enum AuditOutcome: Sendable, Equatable {
  case recorded(AuditRecord)
  /// The uid was recorded before; this is that entry, unchanged.
  case existing(AuditRecord)

  public var record: AuditRecord {
    switch self {
    case .recorded(let record), .existing(let record): record
    }
  }
}

/// The audit trail's storage: SQLite in one file by default, PostgreSQL for several replicas.
/// `record` returns only once the entry is durable (committed), so a reply never gets ahead of it.
public protocol AuditStore: Sendable {
  /// Stores the decision unless its uid is already recorded; either way, the entry now in the store.
  func record(_ record: AuditRecord) async throws -> AuditOutcome
  func decision(uid: String) async throws -> AuditRecord?
  func query(_ query: AuditQuery) async throws -> AuditPage
  /// Deletes the decisions recorded before `cutoff`, a batch per transaction so that writers wait
  /// for one batch at most, and returns how many went. Cancelled, it stops between batches and
  /// keeps what it deleted. `afterEachBatch` hears each committed batch's count, so progress
  /// shows while a long backlog goes.
  func prune(before cutoff: Date, afterEachBatch: @Sendable (Int) async -> Void) async throws -> Int
  /// Finishes pending writes and closes the store.
  func shutdown() async throws
}

extension AuditStore {
  public func prune(before cutoff: Date) async throws -> Int {
    try await prune(before: cutoff, afterEachBatch: { _ in })
  }
}

/// How many rows one pruning statement deletes.
let auditPruneBatch = 5_000

/// The audit store could not do what was asked, in words for the operator.
public struct AuditStoreError: Error, Sendable, CustomStringConvertible {
  public var description: String

  public init(_ description: String) {
    self.description = description
  }
}
