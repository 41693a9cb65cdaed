import MarketData

/// The value of a portfolio at the close of each observed day, in currency units.
///
/// The first value is the starting capital on the start day; every later value is a close.
/// An equity curve of n values holds n − 1 simple returns `V_i / V_{i−1} − 1`, so a curve built
/// from returns starts one day before the first return, at 1.0 (the quantstats/empyrical
/// convention: the starting value counts as the first peak of a drawdown).
///
/// Invariants (checked by the initialisers): as many days as values, days strictly
/// increasing, every value finite and > 0.
public struct EquityCurve: Equatable, Sendable {
  /// Observation days, strictly increasing.
  public let days: [Day]
  /// Portfolio values in currency units, finite and > 0.
  public let values: [Double]
  /// A name for error messages, e.g. "program collar".
  public let name: String

  /// - Throws: `AnalyticsError` when the counts differ, days are not strictly increasing, or
  ///   a value is not finite and positive.
  public init(days: [Day], values: [Double], name: String = "equity curve")
    throws(AnalyticsError)
  {
    guard days.count == values.count else {
      throw .lengthMismatch(
        series: "values of \(name)", count: values.count, expected: days.count,
        reference: "its days")
    }
    try checkIncreasing(days, series: name)
    for (i, v) in values.enumerated() {
      guard v.isFinite else {
        throw .nonFiniteValue(series: name, index: i, day: days[i], value: v)
      }
      guard v > 0 else { throw .nonPositiveValue(series: name, index: i, day: days[i], value: v) }
    }
    self.days = days
    self.values = values
    self.name = name
  }

  /// The curve that starts at `startingValue` on `start` and compounds `returns`:
  /// `V_0 = startingValue`, `V_i = V_{i−1}·(1 + r_i)`.
  ///
  /// - Throws: `AnalyticsError.daysNotIncreasing` unless `start` precedes the first return's
  ///   day; `.invalidParameter` unless `startingValue` is finite and > 0.
  public init(start: Day, startingValue: Double = 1, returns: ReturnSeries) throws(AnalyticsError) {
    guard startingValue.isFinite, startingValue > 0 else {
      throw .invalidParameter(
        name: "starting value of \(returns.name)", value: "\(startingValue)",
        condition: "finite and positive")
    }
    if let first = returns.days.first, first <= start {
      throw .daysNotIncreasing(series: returns.name, index: 0, day: first, previous: start)
    }
    var values = [Double]()
    values.reserveCapacity(returns.count + 1)
    var value = startingValue
    values.append(value)
    for r in returns.returns {
      value *= 1 + r
      values.append(value)
    }
    // ReturnSeries guarantees r > −1, so every value stays positive and finite unless it
    // overflows or underflows, which the full check below reports.
    try self.init(days: [start] + returns.days, values: values, name: returns.name)
  }

  /// Number of values (one more than the number of returns).
  public var count: Int { values.count }

  /// Simple returns `V_i / V_{i−1} − 1`, dated by the day each return ends (n − 1 of them).
  public var returns: ReturnSeries {
    ReturnSeries(unchecked: Array(days.dropFirst()), returns: simpleReturns(values), name: name)
  }

  /// Daily P&L in currency units: `V_i − V_{i−1}` (n − 1 values; empty for fewer than 2).
  public var dailyPnL: [Double] {
    guard values.count >= 2 else { return [] }
    return (1..<values.count).map { values[$0] - values[$0 - 1] }
  }

  /// Calendar days from the first to the last observation (0 for fewer than two values).
  public var calendarDays: Int {
    guard let first = days.first, let last = days.last else { return 0 }
    return first.days(to: last)
  }

  /// The arithmetic mean of the values in currency units, or `nil` when empty.
  public var averageValue: Double? {
    values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
  }
}

/// Simple returns of a positive series: `v[i] / v[i−1] − 1`.
func simpleReturns(_ values: [Double]) -> [Double] {
  guard values.count >= 2 else { return [] }
  return [Double](unsafeUninitializedCapacity: values.count - 1) { buffer, count in
    for i in 1..<values.count { buffer[i - 1] = values[i] / values[i - 1] - 1 }
    count = values.count - 1
  }
}

/// Throws unless `days` is strictly increasing.
func checkIncreasing(_ days: [Day], series: String) throws(AnalyticsError) {
  for i in days.indices.dropFirst() where days[i] <= days[i - 1] {
    throw .daysNotIncreasing(series: series, index: i, day: days[i], previous: days[i - 1])
  }
}

/// Throws unless `days` equals `reference` element by element.
func checkAligned(
  _ days: [Day], series: String, with reference: [Day], referenceName: String
) throws(AnalyticsError) {
  guard days.count == reference.count else {
    throw .lengthMismatch(
      series: series, count: days.count, expected: reference.count, reference: referenceName)
  }
  for i in days.indices where days[i] != reference[i] {
    throw .misalignedDays(
      series: series, index: i, day: days[i], expected: reference[i], reference: referenceName)
  }
}

/// Throws unless two paired arrays have the same length.
func checkSameLength(
  _ a: [Double], _ aName: String, _ b: [Double], _ bName: String
) throws(AnalyticsError) {
  guard a.count == b.count else {
    throw .lengthMismatch(series: aName, count: a.count, expected: b.count, reference: bName)
  }
}
