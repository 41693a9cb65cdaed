import MarketData

/// One day's P&L of an option book explained by its greeks (a second-order Taylor expansion
/// in spot, first order in volatility and time), currency units.
///
/// `actual = delta + gamma + vega + theta + residual`, where, with the greeks of the book at
/// the previous close (day i − 1) and the changes to day i:
/// - `delta = Δ_{i−1} · ΔS`,
/// - `gamma = ½ Γ_{i−1} · ΔS²`,
/// - `vega = ν_{i−1} · Δσ` (vega per 1.00 of volatility, Δσ as a decimal: 0.01 is one vol
///   point),
/// - `theta = Θ_{i−1} · Δt` (theta per year, Δt = calendar days / `daysPerYear`),
/// - `residual = actual − (delta + gamma + vega + theta)`: higher-order terms (vanna, volga,
///   speed), rates and dividends, discrete trading, and model error.
///
/// Delta is in currency per unit of spot (shares-equivalent), gamma per unit of spot².
///
/// References: Taleb, N. (1997), *Dynamic Hedging*, ch. 7 (P&L explain by greeks); Hull
/// (2022), *Options, Futures, and Other Derivatives*, §19.11 (Taylor series expansions).
public struct GreekAttribution: Equatable, Sendable {
  /// The day the P&L was realised (the end of the interval).
  public let day: Day
  public let delta: Double
  public let gamma: Double
  public let vega: Double
  public let theta: Double
  public let residual: Double
  /// The book's actual P&L over the day, currency units.
  public let actual: Double

  /// delta + gamma + vega + theta: the P&L the greeks explain.
  public var explained: Double { delta + gamma + vega + theta }

  /// Per-day attribution over consecutive observations.
  ///
  /// `days`, `spot`, `volatility` and the four greeks have one value per observation (n);
  /// `actualPnL` has one value per interval (n − 1): the P&L from observation i − 1 to i.
  /// Returns n − 1 attributions (none for fewer than two observations).
  ///
  /// - Throws: `AnalyticsError` when lengths differ, days are not increasing, or a value is
  ///   not finite.
  public static func daily(
    days: [Day], spot: [Double], volatility: [Double],
    delta: [Double], gamma: [Double], vega: [Double], theta: [Double],
    actualPnL: [Double], daysPerYear: Double = 365
  ) throws(AnalyticsError) -> [GreekAttribution] {
    let n = days.count
    for (name, series) in [
      ("spot", spot), ("volatility", volatility), ("delta", delta), ("gamma", gamma),
      ("vega", vega), ("theta", theta),
    ] {
      guard series.count == n else {
        throw .lengthMismatch(series: name, count: series.count, expected: n, reference: "days")
      }
      for (i, v) in series.enumerated() where !v.isFinite {
        throw .nonFiniteValue(series: name, index: i, day: days[i], value: v)
      }
    }
    try checkIncreasing(days, series: "greek attribution days")
    guard n >= 2 else {
      guard actualPnL.isEmpty else {
        throw .lengthMismatch(
          series: "actual P&L", count: actualPnL.count, expected: 0,
          reference: "intervals between days")
      }
      return []
    }
    guard actualPnL.count == n - 1 else {
      throw .lengthMismatch(
        series: "actual P&L", count: actualPnL.count, expected: n - 1,
        reference: "intervals between days")
    }
    var result = [GreekAttribution]()
    result.reserveCapacity(n - 1)
    for i in 1..<n {
      let actual = actualPnL[i - 1]
      guard actual.isFinite else {
        throw .nonFiniteValue(series: "actual P&L", index: i - 1, day: days[i], value: actual)
      }
      let dS = spot[i] - spot[i - 1]
      let dSigma = volatility[i] - volatility[i - 1]
      let dt = Double(days[i - 1].days(to: days[i])) / daysPerYear
      let d = delta[i - 1] * dS
      let g = 0.5 * gamma[i - 1] * dS * dS
      let v = vega[i - 1] * dSigma
      let t = theta[i - 1] * dt
      result.append(
        GreekAttribution(
          day: days[i], delta: d, gamma: g, vega: v, theta: t,
          residual: actual - (d + g + v + t), actual: actual))
    }
    return result
  }
}
