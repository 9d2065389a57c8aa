import Crypto
import Foundation
import LockstepEngine
import Logging
import Synchronization

/// The admission door, independent of HTTP: decode and check a request, decide it under the
/// current policies (failing closed), write the decision to the audit trail, and only then
/// answer. A repeated uid is answered from the trail: the store's insert-or-get finds it, so
/// no request pays for a lookup before its decision.
public final class AdmissionService: Sendable {
  public struct Options: Sendable {
    /// Allow when evaluation itself fails, instead of denying. Off by default: a platform tool fails closed.
    public var failOpen: Bool
    /// Longer than this and the evaluation counts as failed.
    public var evaluationTimeout: Duration
    public var limits: AdmissionLimits

    public init(
      failOpen: Bool = false, evaluationTimeout: Duration = .seconds(5), limits: AdmissionLimits = AdmissionLimits()
    ) {
      self.failOpen = failOpen
      self.evaluationTimeout = evaluationTimeout
      self.limits = limits
    }
  }

  /// What the HTTP layer sends back.
  public enum Reply: Sendable, Equatable {
    /// A decision (allowed or denied), as JSON: HTTP 200.
    case decision(String)
    /// The body is not a valid request: HTTP 400 with the reason.
    case badRequest(String)
    /// The uid was used before for a different request: HTTP 409.
    case conflict(String)
    /// The decision could not be written to the audit trail, so none is given: HTTP 503.
    case unavailable(String)
  }

  public let policies: PolicyStore
  public let audit: any AuditStore
  public let metrics: AdmissionMetrics
  let decider: any AdmissionDeciding
  let options: Options
  let logger: Logger

  public init(
    policies: PolicyStore, audit: any AuditStore, metrics: AdmissionMetrics, decider: any AdmissionDeciding,
    options: Options = Options(), logger: Logger = Logger(label: "lockstep.admission")
  ) {
    self.policies = policies
    self.audit = audit
    self.metrics = metrics
    self.decider = decider
    self.options = options
    self.logger = logger
  }

  public func admit(_ body: [UInt8]) async -> Reply {
    let review: AdmissionReview
    do {
      review = try AdmissionReview.decode(body, limits: options.limits)
    } catch {
      metrics.request(.rejected)
      return .badRequest(error.description)
    }
    let request = review.request
    let digest = Self.digest(body)
    let decision = await decide(request)
    let record = AuditRecord(
      auditID: UUID().uuidString.lowercased(), uid: request.uid, time: Date(), actor: request.actor.name,
      actorTeams: request.actor.teams ?? [], resource: Self.resourceName(request), resourceKind: request.resource.kind,
      operation: request.operation.rawValue, allowed: decision.allowed, findings: decision.findings,
      policyRevision: decision.policyRevision, requestDigest: digest, response: "")
    var complete = record
    complete.response = decision.response(auditID: record.auditID).json
    let started = ContinuousClock.now
    let outcome: AuditOutcome
    do {
      outcome = try await audit.record(complete)
    } catch {
      logger.error("audit write failed; no decision given", metadata: ["uid": "\(request.uid)", "error": "\(error)"])
      metrics.request(.failed)
      return .unavailable("the decision could not be written to the audit trail: \(error)")
    }
    metrics.auditWriteDuration(ContinuousClock.now - started)
    if case .existing(let earlier) = outcome { return answer(repeated: earlier, digest: digest) }
    count(decision)
    return .decision(complete.response)
  }

  /// A uid seen before: the recorded answer for the same request, a conflict for another one (a
  /// reused uid must never replay an earlier allow for a different edit).
  func answer(repeated earlier: AuditRecord, digest: String) -> Reply {
    guard earlier.requestDigest == digest else {
      metrics.request(.rejected)
      return .conflict("uid \(earlier.uid) was already used for a different request (audit id \(earlier.auditID))")
    }
    metrics.request(earlier.allowed ? .allowed : .denied)
    return .decision(earlier.response)
  }

  /// The engine's decision, or, when evaluation fails or overruns, a deny (or an allow with
  /// `failOpen`) that says so.
  func decide(_ request: AdmissionRequest) async -> AdmissionDecision {
    let set = policies.policies
    let started = ContinuousClock.now
    let result = await Deadline.run(within: options.evaluationTimeout) { [decider] in
      try decider.decide(request, policies: set)
    }
    metrics.decisionDuration(ContinuousClock.now - started)
    switch result {
    case .success(let decision): return decision
    case .failure(let error):
      logger.error(
        "evaluation failed",
        metadata: ["uid": "\(request.uid)", "error": "\(error)", "failOpen": "\(options.failOpen)"])
      return AdmissionDecision(
        failedRequest: request.uid, reason: "\(error)", policyRevision: set.revision, failOpen: options.failOpen)
    }
  }

  func count(_ decision: AdmissionDecision) {
    metrics.request(decision.status.code == 500 ? .failed : decision.allowed ? .allowed : .denied)
    for finding in decision.findings where finding.isActive {
      metrics.finding(rule: finding.ruleID, enforcement: finding.enforcement.rawValue)
    }
  }

  static func resourceName(_ request: AdmissionRequest) -> String {
    [request.resource.space, request.resource.project ?? ""].filter { !$0.isEmpty }.joined(separator: "/")
  }

  static func digest(_ body: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var hex: [UInt8] = []
    hex.reserveCapacity(SHA256.byteCount * 2)
    for byte in SHA256.hash(data: body) {
      hex.append(digits[Int(byte >> 4)])
      hex.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: hex, as: UTF8.self)
  }
}
