/// Risk reduction: the fraction of a loss measure (CVaR, maximum drawdown) that a hedge
/// removed relative to the unhedged portfolio.
///
/// `Reduction = 1 − L_hedged / L_unhedged` for loss measures with the same sign convention
/// (negative for losses, as `ConditionalValueAtRisk` and `MaxDrawdown` report them). 0.4 means
/// the hedged tail loss (drawdown) is 40 % smaller; a negative value means the hedge made it
/// worse; a value above 1 means the hedged measure is a gain.
///
/// Edge cases: `nil` when the unhedged measure is not a loss (≥ 0) or undefined, since
/// there is then nothing to reduce.
///
/// References: Alexander, C. & Barbosa, A. (2007), "Effectiveness of minimum-variance
/// hedging", *Journal of Portfolio Management* 33(2) (hedge effectiveness beyond variance);
/// Cotter, J. & Hanly, J. (2006), "Reevaluating hedging performance", *Journal of Futures
/// Markets* 26(7), 677–702 (VaR and CVaR based effectiveness).
public enum RiskReduction {
  /// `1 − hedged / unhedged` for two loss measures (negative for losses), or `nil` when the
  /// unhedged measure is ≥ 0.
  public static func fraction(hedged: Double, unhedged: Double) -> Double? {
    unhedged < 0 ? 1 - hedged / unhedged : nil
  }

  /// Reduction of historical CVaR at `confidence` between two return samples (decimals).
  public static func conditionalValueAtRisk(
    hedged: [Double], unhedged: [Double], confidence: ConfidenceLevel = .percent95
  ) -> Double? {
    guard let h = ConditionalValueAtRisk.historical(hedged, confidence: confidence),
      let u = ConditionalValueAtRisk.historical(unhedged, confidence: confidence)
    else { return nil }
    return fraction(hedged: h, unhedged: u)
  }

  /// Reduction of the maximum drawdown depth between two equity curves.
  public static func maxDrawdown(hedged: EquityCurve, unhedged: EquityCurve) -> Double? {
    fraction(
      hedged: MaxDrawdown.depth(hedged.values), unhedged: MaxDrawdown.depth(unhedged.values))
  }
}
