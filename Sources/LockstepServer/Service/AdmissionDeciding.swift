import Foundation
import LockstepEngine
import LockstepModel

/// Decides one request under a policy set. The service's is the engine; tests put in one that
/// fails, to prove the service fails closed.
public protocol AdmissionDeciding: Sendable {
  func decide(_ request: AdmissionRequest, policies: PolicySet) throws -> AdmissionDecision
}

/// The engine, judging exceptions by today's date (UTC) at each request.
public struct EngineDecider: AdmissionDeciding {
  public var upstream: String?
  public var today: @Sendable () -> CalendarDay
  /// Parsed files shared by every request; nil parses each request's files afresh.
  public var documents: DocumentCache?

  public init(
    upstream: String? = nil, documents: DocumentCache? = nil,
    today: @escaping @Sendable () -> CalendarDay = { CalendarDay.today() }
  ) {
    self.upstream = upstream
    self.documents = documents
    self.today = today
  }

  public func decide(_ request: AdmissionRequest, policies: PolicySet) throws -> AdmissionDecision {
    AdmissionDecider(policies: policies, today: today(), upstream: upstream, documents: documents).decide(request)
  }

}
