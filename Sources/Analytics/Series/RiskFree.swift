import Foundation
import MarketData

/// The risk-free return earned in each period, subtracted to form excess returns.
///
/// Values are simple returns per period (0.0001 is 1 bp over that day), not annual rates;
/// `accruing(continuousRates:on:)` converts the annualised, continuously compounded rates
/// that HedgeLab stores internally.
public enum RiskFree: Equatable, Sendable {
  /// No risk-free return: excess returns are the returns themselves.
  case zero
  /// The same simple return in every period.
  case perPeriod(Double)
  /// One simple return per period, aligned with the returns it is subtracted from.
  case series([Double])

  /// `r_i − rf_i` for every period.
  ///
  /// - Throws: `AnalyticsError.lengthMismatch` when a `.series` has a different length.
  public func excessReturns(_ returns: [Double]) throws(AnalyticsError) -> [Double] {
    switch self {
    case .zero: return returns
    case .perPeriod(let rf): return returns.map { $0 - rf }
    case .series(let rf):
      try checkSameLength(rf, "risk-free series", returns, "the returns")
      return [Double](unsafeUninitializedCapacity: returns.count) { buffer, count in
        for i in returns.indices { buffer[i] = returns[i] - rf[i] }
        count = returns.count
      }
    }
  }

  /// The simple return of cash between consecutive days:
  /// `rf_i = exp(rate_{i−1} · (d_i − d_{i−1}) / daysPerYear) − 1`.
  ///
  /// The rate set on day i−1 (annualised, continuously compounded, decimal) accrues over the
  /// calendar days until day i (ACT/365 by default), so a Friday-to-Monday return earns three
  /// days of interest. The result has one value fewer than `days`: one per return of an
  /// `EquityCurve` with these days.
  ///
  /// - Throws: `AnalyticsError` when the counts differ, days are not increasing, or a rate
  ///   is not finite.
  public static func accruing(
    continuousRates rates: [Double], on days: [Day], daysPerYear: Double = 365
  ) throws(AnalyticsError) -> RiskFree {
    guard rates.count == days.count else {
      throw .lengthMismatch(
        series: "risk-free rates", count: rates.count, expected: days.count,
        reference: "their days")
    }
    try checkIncreasing(days, series: "risk-free rates")
    for (i, rate) in rates.enumerated() where !rate.isFinite {
      throw .nonFiniteValue(series: "risk-free rates", index: i, day: days[i], value: rate)
    }
    guard days.count >= 2 else { return .series([]) }
    let accrued = (1..<days.count).map { i in
      Foundation.expm1(rates[i - 1] * Double(days[i - 1].days(to: days[i])) / daysPerYear)
    }
    return .series(accrued)
  }
}
