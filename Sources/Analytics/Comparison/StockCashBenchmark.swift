import MarketData

/// The stock-plus-cash benchmark of a hedge: a daily-rebalanced mix of the unhedged baseline
/// and cash with the same beta to the underlying as the hedged program.
///
/// A hedge that mostly lowers market exposure should beat simply holding less stock, so each
/// hedged program is shown next to this mix. With `β_p` and `β_b` the betas of the program's
/// and the baseline's daily returns to the underlying's (`Beta`), the stock weight is
/// `w = β_p / β_b` and the mix returns, every day,
///
/// `r_i = w · r_{b,i} + (1 − w) · rf_i`,
///
/// where `r_{b,i}` is the baseline's simple return and `rf_i` the simple return of cash over
/// the same interval (`RiskFree.accruing`, the scenario's rate). Its beta is then `w · β_b =
/// β_p`. The mix starts at the baseline's first value and is frictionless (no rebalancing
/// costs: a conservative benchmark for the hedge). `w > 1` borrows cash at the same rate and
/// `w < 0` is short the baseline.
///
/// Edge cases: no weight (`nil`) when either beta is undefined, when the baseline's beta is
/// below `minimumBaselineBeta` (a baseline with little market exposure cannot be mixed into a
/// given beta), or when `w` is outside `allowedWeights`.
///
/// References: Israelov, R. (2019), "Pathetic Protection: The Elusive Benefits of Protective
/// Puts", *Journal of Alternative Investments* 21(3) (puts compared with a lower equity
/// allocation of the same beta); Sharpe, W. F. (1964), "Capital Asset Prices", *Journal of
/// Finance* 19(3) (beta of a mix of a risky asset and cash).
public enum StockCashBenchmark {
  /// The smallest baseline beta for which a mix is formed.
  public static let minimumBaselineBeta = 0.1
  /// The stock weights for which a mix is formed: from 100 % short to 2× leveraged.
  public static let allowedWeights: ClosedRange<Double> = -1...2

  /// `β_p / β_b`, or `nil` when undefined or out of range (see the type's edge cases).
  public static func stockWeight(programBeta: Double?, baselineBeta: Double?) -> Double? {
    guard let programBeta, let baselineBeta, baselineBeta >= minimumBaselineBeta else {
      return nil
    }
    let w = programBeta / baselineBeta
    return allowedWeights.contains(w) ? w : nil
  }

  /// The mix's equity curve on the baseline's days.
  ///
  /// - Parameters:
  ///   - riskFree: the simple return of cash over each interval (one per return of the
  ///     baseline, decimals).
  /// - Throws: `AnalyticsError` when the risk-free series has the wrong length or the mix's
  ///   value falls to zero or below.
  public static func curve(
    baseline: EquityCurve, stockWeight w: Double, riskFree: [Double], name: String
  ) throws(AnalyticsError) -> EquityCurve {
    let r = simpleReturns(baseline.values)
    try checkSameLength(riskFree, "risk-free returns", r, "returns of \(baseline.name)")
    guard let first = baseline.values.first else {
      return try EquityCurve(days: [], values: [], name: name)
    }
    var values = [Double]()
    values.reserveCapacity(baseline.count)
    var v = first
    values.append(v)
    for i in r.indices {
      v *= 1 + w * r[i] + (1 - w) * riskFree[i]
      values.append(v)
    }
    return try EquityCurve(days: baseline.days, values: values, name: name)
  }
}
