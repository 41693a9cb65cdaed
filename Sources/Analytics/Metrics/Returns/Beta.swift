/// Beta: the sensitivity of a portfolio's returns to an underlying's returns.
///
/// `β = Cov(r, m) / Var(m)`, the ordinary-least-squares slope of r on m (the ddof convention
/// cancels). No risk-free adjustment: with a constant per-period rate, subtracting it from
/// both series leaves β unchanged (quantstats `greeks` and empyrical `beta` agree).
///
/// Edge cases: `nil` for fewer than two periods and when the underlying is constant
/// (Var(m) = 0).
///
/// References: Sharpe, W. F. (1964), "Capital Asset Prices", *Journal of Finance* 19(3);
/// Bacon (2008), *Practical Portfolio Performance Measurement and Attribution*, §4.
public enum Beta {
  /// β of `returns` on `underlying` (paired simple returns, decimals).
  ///
  /// - Throws: `AnalyticsError.lengthMismatch` when the arrays differ in length.
  public static func of(_ returns: [Double], to underlying: [Double]) throws(AnalyticsError)
    -> Double?
  {
    try checkSameLength(returns, "returns", underlying, "underlying returns")
    let m = SampleMoments(underlying)
    guard !m.isConstant, let variance = m.sampleVariance, variance > 0 else { return nil }
    let r = SampleMoments(returns)
    return sampleCovariance(returns, underlying, meanX: r.mean, meanY: m.mean).map { $0 / variance }
  }
}
