/// Hedge effectiveness (Ederington): the fraction of the unhedged P&L variance that the hedge
/// removed.
///
/// `HE = 1 − Var(ΔV_hedged) / Var(ΔV_unhedged)` with sample variances (ddof = 1) of paired
/// P&L changes in currency units over the same periods: daily changes, or N-day changes
/// (`HorizonChanges.pnl`) for the roll-period horizon. 1 is a perfect hedge, 0 no variance
/// reduction, negative values a hedge that added variance. P&L is not rescaled, so compare
/// programs that start from the same capital.
///
/// Edge cases: `nil` for fewer than two paired changes and when the unhedged P&L is constant
/// (Var = 0).
///
/// References: Ederington, L. H. (1979), "The Hedging Performance of the New Futures
/// Markets", *Journal of Finance* 34(1), 157–170 (variance reduction over 2- and 4-week
/// horizons); Hull (2022), *Options, Futures, and Other Derivatives*, §3.4.
public enum HedgeEffectiveness {
  /// HE of paired P&L changes (currency units, equal length).
  ///
  /// - Throws: `AnalyticsError.lengthMismatch` when the arrays differ in length.
  public static func ederington(hedgedPnL: [Double], unhedgedPnL: [Double])
    throws(AnalyticsError) -> Double?
  {
    try checkSameLength(hedgedPnL, "hedged P&L", unhedgedPnL, "unhedged P&L")
    let unhedged = SampleMoments(unhedgedPnL)
    guard !unhedged.isConstant, let varianceUnhedged = unhedged.sampleVariance,
      varianceUnhedged > 0, let varianceHedged = SampleMoments(hedgedPnL).sampleVariance
    else { return nil }
    return 1 - varianceHedged / varianceUnhedged
  }

  /// HE of two equity curves on the same days: daily P&L when `horizon` is `nil`, otherwise
  /// N-day P&L over the horizon's windows.
  ///
  /// - Throws: `AnalyticsError` when the curves' days differ.
  public static func ederington(
    hedged: EquityCurve, unhedged: EquityCurve, horizon: Horizon? = nil
  ) throws(AnalyticsError) -> Double? {
    try checkAligned(
      hedged.days, series: hedged.name, with: unhedged.days, referenceName: unhedged.name)
    guard let horizon else {
      return try ederington(hedgedPnL: hedged.dailyPnL, unhedgedPnL: unhedged.dailyPnL)
    }
    return try ederington(
      hedgedPnL: HorizonChanges.pnl(hedged.values, horizon: horizon),
      unhedgedPnL: HorizonChanges.pnl(unhedged.values, horizon: horizon))
  }
}
