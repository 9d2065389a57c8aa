import Crypto
import Foundation
import LockstepEngine
import LockstepServer

/// `lockstep-bench admission DIR [REPEATS]`: what one admission decision costs in process, by
/// stage, on one core: decoding and checking the request, deciding it (parse both sides, lint,
/// evaluate the policies), and writing the response, for every request in DIR. The peer, in the
/// same run, is Foundation's JSONSerialization reading the same request bodies: the least any
/// JSON service has to do with them.
struct AdmissionBenchmark {
  let bodies: [(name: String, bytes: [UInt8])]
  let policies: PolicySet
  let repeats: Int

  func run() {
    let decider = AdmissionDecider(policies: policies, today: CalendarDay.today())
    var stages: [String: [Double]] = [:]
    for _ in 0..<repeats {
      for body in bodies {
        var review: AdmissionReview?
        stages["decode", default: []].append(Stopwatch.time { review = try? AdmissionReview.decode(body.bytes) })
        guard let request = review?.request else { continue }
        var decision: AdmissionDecision?
        stages["decide", default: []].append(Stopwatch.time { decision = decider.decide(request) })
        guard let decision else { continue }
        stages["encode", default: []].append(
          Stopwatch.time { _ = AdmissionJSON.encode(decision.response(auditID: "benchmark")) })
        stages["digest", default: []].append(Stopwatch.time { _ = SHA256.hash(data: body.bytes) })
        stages["peer", default: []].append(
          Stopwatch.time { _ = try? JSONSerialization.jsonObject(with: Data(body.bytes)) })
      }
    }
    report(stages)
  }

  func report(_ stages: [String: [Double]]) {
    let bytes = bodies.reduce(0) { $0 + $1.bytes.count } / max(bodies.count, 1)
    print("requests: \(bodies.map(\.name).joined(separator: ", ")) (mean \(bytes) bytes), repeats: \(repeats)")
    print("stage                         median µs    p99 µs")
    for stage in ["decode", "decide", "encode", "digest"] { line(stage, stages[stage] ?? []) }
    let total = zip(
      zip(stages["decode"] ?? [], stages["decide"] ?? []), zip(stages["encode"] ?? [], stages["digest"] ?? [])
    )
    .map { $0.0 + $0.1 + $1.0 + $1.1 }
    line("admission total", total)
    line("peer: JSONSerialization", stages["peer"] ?? [])
    let ratio = Stopwatch.quantile(0.5, of: total) / max(Stopwatch.quantile(0.5, of: stages["peer"] ?? []), 1e-9)
    print(
      String(
        format: "a decision takes %.1fx the peer's time to read its body; one core decides %.0f/s", ratio,
        1 / max(Stopwatch.quantile(0.5, of: total), 1e-9)))
  }

  func line(_ name: String, _ samples: [Double]) {
    let padded = name.padding(toLength: 28, withPad: " ", startingAt: 0)
    print(
      String(
        format: "%@%10.1f%10.1f", padded, Stopwatch.quantile(0.5, of: samples) * 1e6,
        Stopwatch.quantile(0.99, of: samples) * 1e6))
  }
}
