import Foundation
import Synchronization

/// Runs work with a deadline: the caller stops waiting at the limit and the work's result, when
/// it comes, is dropped. The work is not interrupted: the engine's cost is bounded by its input,
/// and a stalled body read ends when the connection's idle timeout closes it.
///
/// The deadlines are kept by one watchdog thread of their own, not by a task nor by a Dispatch
/// timer per request: evaluation is synchronous work on the cooperative pool, so when every pool
/// thread is busy evaluating a sleeping task would only wake after them, and a Dispatch timer per
/// request cost a wake-up of Dispatch's manager thread for each one armed and cancelled (4% of
/// the service's CPU under load). Arming and disarming an alarm here is a lock and a dictionary
/// entry.
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
      let alarm = Watchdog.shared.arm(after: limit) { finish(.failure(Exceeded(limit: limit))) }
      Task {
        let result: Result<Value, any Error>
        do { result = .success(try await work()) } catch { result = .failure(error) }
        Watchdog.shared.disarm(alarm)
        finish(result)
      }
    }
  }
}

/// One thread that fires the alarms whose time has come. It sleeps on a semaphore while no alarm
/// is set, and otherwise wakes at the earliest one, at most `tick` apart, so an alarm set earlier
/// than the one it sleeps for fires at most a tick late.
final class Watchdog: Sendable {
  static let shared = Watchdog()
  static let tick = Duration.milliseconds(10)

  struct Alarm: Sendable {
    var at: ContinuousClock.Instant
    var fire: @Sendable () -> Void
  }

  struct State {
    var alarms: [UInt64: Alarm] = [:]
    var nextID: UInt64 = 0
    var running = false
  }

  private let state = Mutex(State())
  private let armed = DispatchSemaphore(value: 0)

  /// Sets an alarm `limit` from now; the returned id disarms it.
  func arm(after limit: Duration, _ fire: @escaping @Sendable () -> Void) -> UInt64 {
    let (id, wake, start) = state.withLock { state in
      state.nextID += 1
      let wasIdle = state.alarms.isEmpty
      state.alarms[state.nextID] = Alarm(at: .now.advanced(by: limit), fire: fire)
      defer { state.running = true }
      return (state.nextID, wasIdle, !state.running)
    }
    if start { Thread.detachNewThread { [self] in watch() } }
    if wake { armed.signal() }
    return id
  }

  func disarm(_ id: UInt64) {
    _ = state.withLock { $0.alarms.removeValue(forKey: id) }
  }

  private func watch() {
    while true {
      let now = ContinuousClock.now
      let (due, earliest) = state.withLock { state in
        let due = state.alarms.filter { $0.value.at <= now }
        for id in due.keys { state.alarms[id] = nil }
        return (due.values.map(\.fire), state.alarms.values.map(\.at).min())
      }
      for fire in due { fire() }
      guard let earliest else {
        armed.wait()
        continue
      }
      let wait = min(earliest - ContinuousClock.now, Self.tick)
      if wait > .zero {
        Thread.sleep(forTimeInterval: Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18)
      }
    }
  }
}
