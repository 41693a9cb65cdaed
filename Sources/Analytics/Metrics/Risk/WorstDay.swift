import MarketData

/// A return with the day it ended.
public struct DatedReturn: Equatable, Sendable {
  public let day: Day
  /// Simple return, decimal.
  public let value: Double
}

/// Worst day: the lowest single-period simple return and its date.
///
/// `min_i r_i`, the first in date order when several are equal.
///
/// Edge cases: `nil` for an empty series.
///
/// References: quantstats `stats.worst`.
public enum WorstDay {
  /// The lowest return and its day, or `nil` when the series is empty.
  public static func of(_ series: ReturnSeries) -> DatedReturn? {
    guard !series.returns.isEmpty else { return nil }
    var worst = 0
    for i in series.returns.indices where series.returns[i] < series.returns[worst] { worst = i }
    return DatedReturn(day: series.days[worst], value: series.returns[worst])
  }
}
