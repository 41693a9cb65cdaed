/// Sharpe ratio: mean excess return per unit of its volatility, annualised.
///
/// `S = mean(r_i − rf_i) / std(r_i − rf_i) · √P` with the sample standard deviation
/// (ddof = 1). Arithmetic convention: the mean is the arithmetic mean of per-period excess
/// returns (not a geometric or log mean), and the ratio is annualised by √P (P = 252 for
/// trading days), as in quantstats `sharpe` and empyrical `sharpe_ratio`. The risk-free
/// return is subtracted period by period, so a rate that changes over time is honoured.
///
/// Edge cases: `nil` for fewer than two returns and for zero volatility (a constant excess
/// series), where the ratio is undefined rather than infinite.
///
/// References: Sharpe, W. F. (1994), "The Sharpe Ratio", *Journal of Portfolio Management*
/// 21(1), 49–58 (ex-post ratio of mean to standard deviation of differential returns);
/// Lo, A. (2002), "The Statistics of Sharpe Ratios", *Financial Analysts Journal* 58(4)
/// (√P annualisation and its i.i.d. assumption).
public enum SharpeRatio {
  /// Annualised Sharpe ratio of excess returns (decimals, already net of the risk-free rate),
  /// or `nil` for fewer than two returns or zero volatility.
  public static func annualised(
    excessReturns: [Double], periodsPerYear: PeriodsPerYear = .tradingDays
  ) -> Double? {
    let moments = SampleMoments(excessReturns)
    guard let sd = moments.sampleStandardDeviation, sd > 0 else { return nil }
    return moments.mean / sd * periodsPerYear.value.squareRoot()
  }

  /// Annualised Sharpe ratio of `returns` in excess of `riskFree`.
  ///
  /// - Throws: `AnalyticsError.lengthMismatch` when a risk-free series has another length.
  public static func annualised(
    _ returns: [Double], riskFree: RiskFree, periodsPerYear: PeriodsPerYear = .tradingDays
  ) throws(AnalyticsError) -> Double? {
    annualised(excessReturns: try riskFree.excessReturns(returns), periodsPerYear: periodsPerYear)
  }
}
