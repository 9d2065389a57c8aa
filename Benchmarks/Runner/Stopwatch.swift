import Dispatch

/// Wall-clock timings in seconds, and their quantiles.
enum Stopwatch {
  static func time(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }

  static func median(_ count: Int, _ body: () -> Void) -> Double {
    quantile(0.5, of: (0..<count).map { _ in time(body) })
  }

  /// The nearest-rank quantile: the smallest sample with at least `q` of the samples at or below it.
  static func quantile(_ q: Double, of samples: [Double]) -> Double {
    guard !samples.isEmpty else { return 0 }
    let sorted = samples.sorted()
    let rank = Int((q * Double(sorted.count)).rounded(.up))
    return sorted[min(max(rank, 1), sorted.count) - 1]
  }
}
