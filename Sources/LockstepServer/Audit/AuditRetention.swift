import Foundation

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
