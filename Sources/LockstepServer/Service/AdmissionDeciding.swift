import Foundation
import LockstepEngine

/// Decides one request under a policy set. The service's is the engine; tests put in one that
/// fails, to prove the service fails closed.
public protocol AdmissionDeciding: Sendable {
  func decide(_ request: AdmissionRequest, policies: PolicySet) throws -> AdmissionDecision
}

/// The engine, judging exceptions by today's date (UTC) at each request.
public struct EngineDecider: AdmissionDeciding {
  public var upstream: String?
  public var today: @Sendable () -> CalendarDay

  public init(upstream: String? = nil, today: @escaping @Sendable () -> CalendarDay = { CalendarDay.today() }) {
    self.upstream = upstream
    self.today = today
  }

  public func decide(_ request: AdmissionRequest, policies: PolicySet) throws -> AdmissionDecision {
    AdmissionDecider(policies: policies, today: today(), upstream: upstream).decide(request)
  }

}
