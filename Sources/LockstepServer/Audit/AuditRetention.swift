import Foundation
import Logging
import ServiceLifecycle

/// How long the audit trail keeps a decision: `90d` or `36h`, whole days or hours. Past it the
/// decision is deleted, and a request that repeats its uid is decided again rather than answered
/// from the trail, so the period is also how long a uid stays spent.
public struct AuditRetention: Sendable, Equatable, CustomStringConvertible {
  public enum Unit: String, Sendable {
    case days = "d"
    case hours = "h"
  }

  public let count: Int
  public let unit: Unit

  /// Parses `90d` or `36h`; nil for anything else (no unit, zero, a fraction, another unit).
  public init?(_ text: String) {
    let digits = text.dropLast()
    guard let last = text.last, let unit = Unit(rawValue: String(last)),
      !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }), let count = Int(digits), count > 0,
      count <= 36_500 * 24
    else { return nil }
    self.count = count
    self.unit = unit
  }

  public var seconds: TimeInterval {
    TimeInterval(count) * (unit == .days ? 86_400 : 3_600)
  }

  /// Decisions recorded before this, at `now`, are past the period.
  public func cutoff(at now: Date) -> Date {
    now.addingTimeInterval(-seconds)
  }

  public var description: String { "\(count)\(unit.rawValue)" }
}

/// Prunes the trail at start and then every `interval`, while the service runs. A failed prune
/// is logged and tried again at the next interval: retention never stops decisions being made.
struct AuditPruningService: Service {
  let store: any AuditStore
  let retention: AuditRetention
  let metrics: AdmissionMetrics
  let logger: Logger
  var interval: Duration = .seconds(3600)

  func run() async throws {
    // Shutdown cancels the wait, and a prune under way stops after its current batch, keeping
    // what it deleted so far.
    try? await cancelWhenGracefulShutdown {
      while !Task.isCancelled {
        await pruneOnce(at: Date())
        try await Task.sleep(for: interval)
      }
    }
  }

  func pruneOnce(at now: Date) async {
    let cutoff = retention.cutoff(at: now)
    do {
      // Counted batch by batch: a long prune shows its progress, and one stopped by shutdown
      // still counts what it deleted.
      let deleted = try await store.prune(before: cutoff) { [metrics] batch in metrics.pruned(batch) }
      logger.info(
        "audit trail pruned",
        metadata: ["deleted": "\(deleted)", "before": "\(Timestamp.string(cutoff))", "retention": "\(retention)"])
    } catch  where Task.isCancelled {
      logger.info("audit pruning stopped by shutdown")
    } catch {
      logger.error("audit trail not pruned; trying again later", metadata: ["error": "\(error)"])
    }
  }
}
