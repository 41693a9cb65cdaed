import MarketData

/// Simple periodic returns (decimals: 0.01 is +1 %), each dated by the day it ends.
///
/// Return `r_i` runs from the previous observation's close to the close of `days[i]`.
/// Invariants (checked by the initialiser): as many days as returns, days strictly
/// increasing, every return finite and > −1.
public struct ReturnSeries: Equatable, Sendable {
  /// The day each return ends, strictly increasing.
  public let days: [Day]
  /// Simple returns as decimals, finite and > −1.
  public let returns: [Double]
  /// A name for error messages, e.g. "underlying SPX".
  public let name: String

  /// - Throws: `AnalyticsError` when the counts differ, days are not strictly increasing, or
  ///   a return is not finite or is ≤ −1.
  public init(days: [Day], returns: [Double], name: String = "return series")
    throws(AnalyticsError)
  {
    guard days.count == returns.count else {
      throw .lengthMismatch(
        series: "returns of \(name)", count: returns.count, expected: days.count,
        reference: "its days")
    }
    try checkIncreasing(days, series: name)
    for (i, r) in returns.enumerated() {
      guard r.isFinite else {
        throw .nonFiniteValue(series: name, index: i, day: days[i], value: r)
      }
      guard r > -1 else {
        throw .returnBelowTotalLoss(series: name, index: i, day: days[i], value: r)
      }
    }
    self.days = days
    self.returns = returns
    self.name = name
  }

  /// For series derived from a validated `EquityCurve`.
  init(unchecked days: [Day], returns: [Double], name: String) {
    self.days = days
    self.returns = returns
    self.name = name
  }

  /// Number of returns.
  public var count: Int { returns.count }
}
