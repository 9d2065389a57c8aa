import Synchronization

/// Runs work with a deadline: the caller stops waiting at the limit and the work's result, when
/// it comes, is dropped. The work is not interrupted: the engine's cost is bounded by its input,
/// and a stalled body read ends when the connection's idle timeout closes it.
enum Deadline {
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
      let timer = Task {
        try await Task.sleep(for: limit)
        finish(.failure(Exceeded(limit: limit)))
      }
      Task {
        let result: Result<Value, any Error>
        do { result = .success(try await work()) } catch { result = .failure(error) }
        timer.cancel()
        finish(result)
      }
    }
  }
}
