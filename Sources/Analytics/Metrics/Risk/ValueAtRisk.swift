/// Historical value at risk: the return that is exceeded on the downside with probability
/// 1 − c, read from the empirical distribution (no normality assumption).
///
/// `VaR_c = Q(1 − c)`, the type-7 empirical quantile of the returns (see `HistoricalTail` for
/// the interpolation and sign conventions: a loss is negative). For the N-day horizon, apply
/// it to `HorizonChanges.returns(_:horizon:)`, which compounds daily returns over overlapping
/// or non-overlapping windows; no √N scaling is used.
///
/// Edge cases: `nil` for an empty series; a single return is its own VaR.
///
/// References: Jorion, P. (2007), *Value at Risk*, 3rd ed., §10.2 "Historical simulation";
/// Hyndman, R. & Fan, Y. (1996), "Sample Quantiles in Statistical Packages", *The American
/// Statistician* 50(4), 361–365; empyrical `value_at_risk`.
public enum ValueAtRisk {
  /// Historical VaR of simple returns (decimals, negative for a loss), or `nil` when empty.
  public static func historical(_ returns: [Double], confidence: ConfidenceLevel) -> Double? {
    HistoricalTail(returns).valueAtRisk(confidence)
  }
}
