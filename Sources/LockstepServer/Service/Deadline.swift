import Dispatch
import Synchronization

/// Runs work with a deadline: the caller stops waiting at the limit and the work's result, when
/// it comes, is dropped. The work is not interrupted: the engine's cost is bounded by its input,
/// and a stalled body read ends when the connection's idle timeout closes it.
///
/// The timer runs on its own serial Dispatch queue, not as a task nor on a global queue:
/// evaluation is synchronous work on the cooperative pool, and when every pool thread is busy
/// evaluating, a sleeping task (or a global queue, whose width is the core count) would only get
/// a thread after them, so the deadline would not fire when it matters most. A serial queue of
/// its own is an overcommitting one, so it always gets a thread.
enum Deadline {
  static let timers = DispatchQueue(label: "lockstep.deadline")

  struct Exceeded: Error, CustomStringConvertible {
    var limit: Duration
    var description: String { "no result within \(limit)" }
  }

  static func run<Value: Sendable>(
    within limit: Duration, _ work: @escaping @Sendable () async throws -> Value
  ) async -> Result<Value, any Error> {
    await withCheckedContinuation { continuation in
      let resumed = Mutex(false)
      let finish: @Sendable (Result<Value, any Error>) -> Void = { result in
        let first = resumed.withLock { done in
          defer { done = true }
          return !done
        }
        if first { continuation.resume(returning: result) }
      }
      let timer = DispatchWorkItem { finish(.failure(Exceeded(limit: limit))) }
      timers.asyncAfter(deadline: .now() + .nanoseconds(nanoseconds(limit)), execute: timer)
      Task {
        let result: Result<Value, any Error>
        do { result = .success(try await work()) } catch { result = .failure(error) }
        timer.cancel()
        finish(result)
      }
    }
  }

  static func nanoseconds(_ duration: Duration) -> Int {
    let (seconds, attoseconds) = duration.components
    let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
    return overflow ? Int.max : Int(clamping: product.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue)
  }
}
