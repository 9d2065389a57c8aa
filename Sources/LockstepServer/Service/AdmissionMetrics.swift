import CoreMetrics
import Foundation
import Prometheus

/// What `/metrics` shows, in Prometheus text: requests by outcome, decision latency, findings by
/// rule, reloads and audit write latency. Each service has its own registry, so tests that build
/// several applications never share counters.
public final class AdmissionMetrics: Sendable {
  public enum Outcome: String, Sendable, CaseIterable {
    case allowed, denied, failed, rejected, unauthorized
  }

  public let registry: PrometheusCollectorRegistry
  let factory: PrometheusMetricsFactory

  public init() {
    registry = PrometheusCollectorRegistry()
    var factory = PrometheusMetricsFactory(registry: registry)
    // Decisions are expected in milliseconds; the budget is 20 ms at p99.
    let buckets: [Duration] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5].map {
      .nanoseconds(Int64($0 * 1e9))
    }
    factory.durationHistogramBuckets = [
      "lockstep_decision_duration_seconds": buckets, "lockstep_audit_write_duration_seconds": buckets,
    ]
    self.factory = factory
  }

  public func request(_ outcome: Outcome) {
    Counter(label: "lockstep_admission_requests_total", dimensions: [("outcome", outcome.rawValue)], factory: factory)
      .increment()
  }

  public func decisionDuration(_ duration: Duration) {
    Timer(label: "lockstep_decision_duration_seconds", factory: factory).recordNanoseconds(duration.nanoseconds)
  }

  public func auditWriteDuration(_ duration: Duration) {
    Timer(label: "lockstep_audit_write_duration_seconds", factory: factory).recordNanoseconds(duration.nanoseconds)
  }

  /// Decisions deleted from the trail by retention.
  public func pruned(_ count: Int) {
    Counter(label: "lockstep_audit_pruned_total", factory: factory).increment(by: Int64(count))
  }

  public func finding(rule: String, enforcement: String) {
    Counter(
      label: "lockstep_findings_total", dimensions: [("rule", rule), ("enforcement", enforcement)], factory: factory
    ).increment()
  }

  public func reload(succeeded: Bool) {
    Counter(
      label: "lockstep_policy_reloads_total", dimensions: [("result", succeeded ? "success" : "failure")],
      factory: factory
    ).increment()
  }

  /// The Prometheus text exposition of everything recorded.
  public func exposition() -> [UInt8] {
    var buffer: [UInt8] = []
    registry.emit(into: &buffer)
    return buffer
  }
}

extension Duration {
  var nanoseconds: Int64 {
    let (seconds, attoseconds) = components
    return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
  }
}
