import Crypto
import Foundation
import LockstepEngine
import LockstepModel
import LockstepServer
import Synchronization

/// `lockstep-bench admission DIR [REPEATS]`: what one admission decision costs in process, by
/// stage, on one core: decoding and checking the request, deciding it (parse both sides, lint,
/// evaluate the policies), and writing the response, for every request in DIR. The peer, in the
/// same run, is Foundation's JSONSerialization reading the same request bodies: the least any
/// JSON service has to do with them.
///
/// With `--threads N`, N threads run the same loop at once, sharing one policy set as the
/// service's pool threads do: per-request times that grow with N, when separate processes do not,
/// are contention inside the process (reference counts, the allocator), not the machine.
struct AdmissionBenchmark: Sendable {
  let bodies: [(name: String, bytes: [UInt8])]
  let policies: PolicySet
  let repeats: Int
  var threads = 1
  /// The service's document cache, shared by the threads; nil parses every file of every request.
  var documents: DocumentCache?
  /// Every request a new edit of its deployment process, as `Benchmarks/run-admission` sends
  /// them: the edited file misses the document cache each time, as it does in the service, while
  /// the base and the files the edit leaves alone hit it.
  var uniqueEdits = false

  static let editPoint = "Octopus.Action.Package.PackageId = \"checkout-api.database"

  func run() {
    let results = Mutex<[String: [Double]]>([:])
    let started = DispatchTime.now().uptimeNanoseconds
    DispatchQueue.concurrentPerform(iterations: threads) { thread in
      let stages = measure(thread: thread)
      results.withLock { all in all.merge(stages) { $0 + $1 } }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    let stages = results.withLock { $0 }
    report(stages)
    if let cached = documents?.statistics {
      print(
        "document cache: \(cached.hits) hits, \(cached.misses) misses, \(cached.files) files, \(cached.bytes) bytes")
    }
    let decided = stages["decide"]?.count ?? 0
    print(
      String(
        format: "%d thread(s): %d decisions in %.2f s of wall time, %.0f/s (peer included)", threads, decided,
        seconds, Double(decided) / seconds))
  }

  func measure(thread: Int) -> [String: [Double]] {
    let decider = AdmissionDecider(policies: policies, today: CalendarDay.today(), documents: documents)
    var stages: [String: [Double]] = [:]
    for _ in 0..<repeats {
      for body in bodies {
        var review: AdmissionReview?
        stages["decode", default: []].append(Stopwatch.time { review = try? AdmissionReview.decode(body.bytes) })
        guard var request = review?.request else { continue }
        if uniqueEdits { Self.edit(&request, number: thread << 32 + stages["decode", default: []].count) }
        var decision: AdmissionDecision?
        stages["decide", default: []].append(Stopwatch.time { decision = decider.decide(request) })
        guard let decision else { continue }
        stages["encode", default: []].append(
          Stopwatch.time { _ = decision.response(auditID: "benchmark").json })
        stages["digest", default: []].append(Stopwatch.time { _ = SHA256.hash(data: body.bytes) })
        stages["peer", default: []].append(
          Stopwatch.time { _ = try? JSONSerialization.jsonObject(with: Data(body.bytes)) })
        stages["JSONDecoder", default: []].append(
          Stopwatch.time { _ = try? JSONDecoder().decode(AdmissionReview.self, from: Data(body.bytes)) })
      }
    }
    return stages
  }

  /// The wrk script's edit: the database step's package id gets the request's number.
  static func edit(_ request: inout AdmissionRequest, number: Int) {
    guard case .ocl(var files) = request.proposed, let process = files["deployment_process.ocl"] else { return }
    files["deployment_process.ocl"] = process.replacingOccurrences(of: editPoint, with: editPoint + "-\(number)")
    request.proposed = .ocl(files)
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
    line("peer: decode by JSONDecoder", stages["JSONDecoder"] ?? [])
    let decodeRatio =
      Stopwatch.quantile(0.5, of: stages["JSONDecoder"] ?? [])
      / max(Stopwatch.quantile(0.5, of: stages["decode"] ?? []), 1e-9)
    print(String(format: "decode (simdjson where it can) is %.1fx faster than JSONDecoder", decodeRatio))
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
