import Synchronization

/// A value several tasks of a test update: a Mutex in a class, so closures can share it.
public final class Shared<Value: Sendable>: Sendable {
  let mutex: Mutex<Value>

  public init(_ value: Value) {
    mutex = Mutex(value)
  }

  public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
    try mutex.withLock { try body(&$0) }
  }

  public var value: Value { mutex.withLock { $0 } }
}
