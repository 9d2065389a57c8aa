import Foundation
import Logging
import ServiceLifecycle

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
