import MarketData

/// A calendar month of the proleptic Gregorian calendar.
public struct CalendarMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let year: Int
  /// 1–12.
  public let month: Int

  public init(year: Int, month: Int) {
    self.year = year
    self.month = month
  }

  /// The month containing `day`.
  public init(_ day: Day) {
    let c = day.components
    self.init(year: c.year, month: c.month)
  }

  public static func < (a: CalendarMonth, b: CalendarMonth) -> Bool {
    (a.year, a.month) < (b.year, b.month)
  }

  /// The first day of the following month.
  var firstDayOfNextMonth: Day {
    let (y, m) = month == 12 ? (year + 1, 1) : (year, month + 1)
    guard let day = Day(year: y, month: m, day: 1) else {
      preconditionFailure("the first of a month in 1...12 always exists")
    }
    return day
  }

  /// `YYYY-MM` (ISO 8601 calendar month).
  public var description: String {
    let m = month < 10 ? "0\(month)" : "\(month)"
    return "\(year)-\(m)"
  }
}

/// The compounded return of one calendar month.
public struct MonthlyReturn: Equatable, Sendable {
  public let month: CalendarMonth
  /// Simple return over the month, decimal.
  public let value: Double
  /// Number of daily returns that ended in the month.
  public let observations: Int
}

/// Calendar-month returns of an equity curve.
///
/// Each daily return belongs to the month of the day it ends, and a month's return compounds
/// them: `R_m = Π_{i ∈ m} (1 + r_i) − 1 = V_{last in m} / V_{last before m} − 1`. The first and
/// last months may be partial (they run from the start value, or to the last value). A month
/// holding only the starting value has no return and is omitted. Months without any
/// observation (a gap in the data) are omitted, not reported as 0.
///
/// Edge cases: empty for curves of fewer than two values.
///
/// References: Bacon (2008), *Practical Portfolio Performance Measurement and Attribution*,
/// §2.3 (chain-linking); equivalent to pandas `returns.groupby([year, month])` compounding.
public enum MonthlyReturns {
  /// Month returns in date order.
  public static func of(_ curve: EquityCurve) -> [MonthlyReturn] {
    let values = curve.values
    let days = curve.days
    guard values.count >= 2 else { return [] }
    var result = [MonthlyReturn]()
    var month = CalendarMonth(days[1])
    var nextMonthStarts = month.firstDayOfNextMonth.daysSinceEpoch
    var base = values[0]  // value before the month's first return
    var startIndex = 1
    // Days are increasing, so a month ends when a day reaches the next month's first day;
    // the calendar arithmetic runs once per month, not once per day.
    for i in 2..<values.count where days[i].daysSinceEpoch >= nextMonthStarts {
      result.append(
        MonthlyReturn(month: month, value: values[i - 1] / base - 1, observations: i - startIndex))
      base = values[i - 1]
      month = CalendarMonth(days[i])
      nextMonthStarts = month.firstDayOfNextMonth.daysSinceEpoch
      startIndex = i
    }
    result.append(
      MonthlyReturn(
        month: month, value: values[values.count - 1] / base - 1,
        observations: values.count - startIndex))
    return result
  }
}

/// Worst month: the lowest calendar-month return (see `MonthlyReturns` for the definition).
///
/// Edge cases: `nil` for curves of fewer than two values. The first and last months may be
/// partial. Ties: the earliest month.
public enum WorstMonth {
  /// The lowest calendar-month return, or `nil` when there is none.
  public static func of(_ curve: EquityCurve) -> MonthlyReturn? {
    var worst: MonthlyReturn? = nil
    for m in MonthlyReturns.of(curve) where worst == nil || m.value < worst!.value { worst = m }
    return worst
  }
}
