/// Turnover: how many times a year the portfolio's value was traded.
///
/// `Turnover = Σ |N_k| / years / V̄` (a multiple per year: 2.0 means traded notional equal to
/// twice the average portfolio value each year). Gross (two-sided) convention: buys and sells
/// both count, so a position bought and later sold contributes twice; halve it for the
/// one-way turnover of mutual-fund reports (SEC Form N-1A: min(buys, sells) / V̄). The traded
/// notional N_k is in currency units as the caller measures it (price × quantity for shares
/// and futures, premium for options); signs are ignored.
///
/// Edge cases: `nil` for curves of fewer than two values (no elapsed time); 0 for no trades.
///
/// References: Grinold, R. & Kahn, R. (2000), *Active Portfolio Management*, 2nd ed., ch. 16;
/// U.S. SEC Form N-1A, Item 13 (portfolio turnover rate).
public enum Turnover {
  /// Gross annual turnover of traded notionals (currency units) over `curve`, or `nil` for
  /// curves of fewer than two values.
  ///
  /// - Throws: `AnalyticsError.nonFiniteValue` for a non-finite notional.
  public static func annual(tradedNotionals: [Double], over curve: EquityCurve)
    throws(AnalyticsError) -> Double?
  {
    let gross = try finiteSum(tradedNotionals.map(abs), "traded notionals")
    guard curve.count >= 2, let average = curve.averageValue else { return nil }
    return gross / (Double(curve.calendarDays) / 365.25) / average
  }
}
