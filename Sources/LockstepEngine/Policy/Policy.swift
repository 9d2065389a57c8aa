import Foundation
import LockstepModel

/// A `kind: Policy` document: rules over the resources its selectors choose.
public struct Policy: Sendable {
  public var name: String
  public var title: String?
  /// Named in every finding: whom to ask.
  public var owner: String?
  public var contact: String?
  public var match: Selector
  public var exclude: Selector?
  public var rules: [PolicyRule]
  public var file: String
}

/// `kind: Assignment`: which responsibility model applies where, first match wins.
public struct Assignment: Sendable {
  public var name: String
  public var defaultModel: ResponsibilityModel
  public var rules: [(match: Selector, model: ResponsibilityModel)]

  /// With no Assignment at all, everything is centralized: a platform tool fails closed.
  public static let failClosed = Assignment(name: "", defaultModel: .centralized, rules: [])

  public func model(for edit: Edit) -> ResponsibilityModel {
    rules.first { $0.match.matches(kind: edit.kind, identity: edit.identity, actor: edit.actor) }?.model ?? defaultModel
  }
}

/// A calendar day, for exception expiry: exceptions expire at the end of the day they name.
public struct CalendarDay: Sendable, Comparable, Hashable, CustomStringConvertible {
  public var year: Int
  public var month: Int
  public var day: Int

  public init(year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// `2027-01-31`.
  public init?(_ text: String) {
    let parts = text.split(separator: "-")
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
      (1...12).contains(month), (1...31).contains(day)
    else { return nil }
    self.init(year: year, month: month, day: day)
  }

  /// Today in UTC: exceptions expire on the same day for every machine and time zone. By
  /// arithmetic, not `Calendar`: the admission service asks once per decision, and a UTC
  /// calendar loaded the time zone (opening its file) each time.
  public static func today() -> CalendarDay {
    let seconds = Date().timeIntervalSince1970
    return CalendarDay(daysSinceEpoch: Int((seconds / 86_400).rounded(.down)))
  }

  /// The proleptic Gregorian day that many days after 1970-01-01 (before it when negative): the
  /// days-to-civil conversion over 400-year eras of 146,097 days (H. Hinnant, "chrono-Compatible
  /// Low-Level Date Algorithms").
  public init(daysSinceEpoch days: Int) {
    let shifted = days + 719_468  // from 0000-03-01, so a leap day ends its year
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shiftedMonth = (5 * dayOfYear + 2) / 153  // 0 is March
    let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
    let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
    self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
  }

  public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }

  public var description: String {
    let pad = { (n: Int, width: Int) in String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }
}

/// `kind: Exception`: a waiver the platform team grants for some rules on some resources.
public struct PolicyException: Sendable {
  public var name: String
  public var rules: [String]
  public var match: Selector
  /// When given, only findings at or under these paths are waived.
  public var paths: [Path]
  public var reason: String
  public var ticket: String?
  public var approvedBy: String?
  public var expires: CalendarDay
  public var origin: RuleOrigin
}
