import Foundation
import LockstepEngine
import LockstepServer
import Logging

/// `lockstep-bench audit [SECONDS] [RATE]`: the SQLite audit store at a steady rate, as the
/// service's requests reach it (RATE decisions a second, default 2,000, for SECONDS, default 5,
/// in ticks of 5 ms), each awaited until durable: latency quantiles and how many commits carried
/// them. The peer, in the same run on the same disk, is the same store written one decision at a
/// time, each waiting for its own commit: what every decision would cost without group commit.
struct AuditBenchmark: Sendable {
  var seconds: Int
  var rate: Int

  func run() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lockstep-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }

    var logger = Logger(label: "lockstep-bench.audit")
    logger.logLevel = .warning
    let steady = try await SQLiteAuditStore.open(
      path: folder.appendingPathComponent("steady.sqlite").path, logger: logger)
    let (latencies, elapsed) = try await steadyLoad(steady)
    let statistics = await steady.statistics()
    try await steady.shutdown()

    let single = try await SQLiteAuditStore.open(
      path: folder.appendingPathComponent("single.sqlite").path, logger: logger)
    let peer = try await oneAtATime(single, for: .seconds(1))
    try await single.shutdown()

    let achieved = Double(latencies.count) / seconds(elapsed)
    print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; SQLite, WAL, synchronous=FULL")
    print(
      String(
        format: "steady %d/s for %d s: %d decisions in %.2f s (%.0f/s); p50 %.2f ms, p99 %.2f ms, max %.2f ms",
        rate, seconds, latencies.count, seconds(elapsed), achieved, Stopwatch.quantile(0.5, of: latencies) * 1e3,
        Stopwatch.quantile(0.99, of: latencies) * 1e3, (latencies.max() ?? 0) * 1e3))
    print(
      "  \(statistics.commits) commits, largest batch \(statistics.largestBatch), failed \(statistics.failedBatches)")
    print(
      String(
        format: "peer, one decision a commit: %.0f/s, p50 %.2f ms; the steady load is %.1fx that rate", peer.rate,
        peer.median * 1e3, achieved / max(peer.rate, 1e-9)))
  }

  func steadyLoad(_ store: SQLiteAuditStore) async throws -> ([Double], Duration) {
    let clock = ContinuousClock()
    let tick = Duration.milliseconds(5)
    let perTick = max(rate / 200, 1)
    let ticks = seconds * 200
    let start = clock.now
    let latencies = try await withThrowingTaskGroup(of: Double.self) { group in
      for round in 0..<ticks {
        try await clock.sleep(until: start + tick * round)
        for offset in 0..<perTick {
          let uid = "steady-\(round * perTick + offset)"
          group.addTask {
            let begin = clock.now
            _ = try await store.record(Self.record(uid))
            return self.seconds(clock.now - begin)
          }
        }
      }
      return try await group.reduce(into: [Double]()) { $0.append($1) }
    }
    return (latencies, clock.now - start)
  }

  func oneAtATime(_ store: SQLiteAuditStore, for budget: Duration) async throws -> (rate: Double, median: Double) {
    let clock = ContinuousClock()
    let start = clock.now
    var latencies: [Double] = []
    while clock.now - start < budget {
      let begin = clock.now
      _ = try await store.record(Self.record("single-\(latencies.count)"))
      latencies.append(seconds(clock.now - begin))
    }
    return (Double(latencies.count) / seconds(clock.now - start), Stopwatch.quantile(0.5, of: latencies))
  }

  /// A denied decision of the size the samples make: one finding, a 2 KB answer.
  static func record(_ uid: String) -> AuditRecord {
    let finding = Finding(
      ruleID: "GP001", title: "Deployment process steps cannot be changed", severity: .error, enforcement: .deny,
      message: "step \"deploy-web\" is owned by platform-engineering: action_type changed",
      resource: "payments/checkout-api",
      path: #"deployment_process.step["deploy-web"].action["deploy-web"].action_type"#, file: "deployment_process.ocl",
      owner: "platform-engineering", contact: "https://platform.example.com/requests")
    return AuditRecord(
      auditID: UUID().uuidString.lowercased(), uid: uid, time: Date(), actor: "alice", actorTeams: ["payments-devs"],
      resource: "payments/checkout-api", resourceKind: "Project", operation: "UPDATE", allowed: false,
      findings: [finding], policyRevision: "1035e5546deef21d", requestDigest: String(repeating: "ab", count: 32),
      response: String(repeating: "x", count: 2048))
  }

  func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
  }
}
