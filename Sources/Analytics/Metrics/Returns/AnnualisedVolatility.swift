/// Annualised volatility: the sample standard deviation of periodic returns scaled to a year,
/// as a decimal (0.16 is 16 %).
///
/// `σ_ann = sqrt( Σ (r_i − r̄)² / (n − 1) ) · √P`: Bessel-corrected (ddof = 1, the pandas and
/// quantstats default) and square-root-of-time scaled with P periods per year (252 for
/// trading days), which assumes serially uncorrelated returns.
///
/// Edge cases: `nil` for fewer than two returns; exactly 0 for a constant series.
///
/// References: Hull, J. (2022), *Options, Futures, and Other Derivatives*, 11th ed., §15.4
/// "Estimating volatility from historical data"; quantstats `stats.volatility`; empyrical
/// `annual_volatility`.
public enum AnnualisedVolatility {
  /// σ_ann of simple returns (decimals), or `nil` for fewer than two returns.
  public static func of(_ returns: [Double], periodsPerYear: PeriodsPerYear = .tradingDays)
    -> Double?
  {
    SampleMoments(returns).sampleStandardDeviation.map { $0 * periodsPerYear.value.squareRoot() }
  }
}
