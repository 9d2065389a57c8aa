import Foundation
import Testing

@testable import LockstepEngine

@Suite struct CalendarDayTests {
  /// Foundation's Gregorian calendar in UTC: what `today()` used before it was arithmetic.
  static func foundationDay(_ days: Int) -> CalendarDay {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let date = Date(timeIntervalSince1970: Double(days) * 86_400 + 43_200)
    let parts = calendar.dateComponents([.era, .year, .month, .day], from: date)
    // Foundation counts years before 1 AD as era 0, year 1, 2, ...; the proleptic count is 0, -1, ...
    let year = (parts.era ?? 1) == 0 ? 1 - (parts.year ?? 0) : (parts.year ?? 0)
    return CalendarDay(year: year, month: parts.month ?? 0, day: parts.day ?? 0)
  }

  @Test func knownDays() {
    #expect(CalendarDay(daysSinceEpoch: 0) == CalendarDay(year: 1970, month: 1, day: 1))
    #expect(CalendarDay(daysSinceEpoch: -1) == CalendarDay(year: 1969, month: 12, day: 31))
    #expect(CalendarDay(daysSinceEpoch: 11_016) == CalendarDay(year: 2000, month: 2, day: 29))
    #expect(CalendarDay(daysSinceEpoch: 11_017) == CalendarDay(year: 2000, month: 3, day: 1))
    #expect(CalendarDay(daysSinceEpoch: 20_818) == CalendarDay(year: 2026, month: 12, day: 31))
    #expect(CalendarDay(daysSinceEpoch: 20_819) == CalendarDay(year: 2027, month: 1, day: 1))
  }

  /// Every day from 1890 to 2210 (leap years, the century rule, 2000's 400-year rule), and one
  /// day in 97 across 1600 to 2400, as the Gregorian calendar gives them.
  @Test func agreesWithFoundationsCalendar() {
    let from = -29_219  // 1890-01-01
    let through = 87_657  // 2209-12-31
    var disagreements: [Int] = []
    for days in from...through where CalendarDay(daysSinceEpoch: days) != Self.foundationDay(days) {
      disagreements.append(days)
    }
    for days in stride(from: -135_140, through: 157_000, by: 97)
    where CalendarDay(daysSinceEpoch: days) != Self.foundationDay(days) {
      disagreements.append(days)
    }
    #expect(disagreements.isEmpty, "first days that differ: \(disagreements.prefix(5))")
  }

  @Test func todayIsTheUTCDate() {
    let before = Self.foundationDay(Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    let today = CalendarDay.today()
    let after = Self.foundationDay(Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    #expect(today == before || today == after)
  }
}
