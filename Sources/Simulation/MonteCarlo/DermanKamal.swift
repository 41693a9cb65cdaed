/// The Derman-Kamal approximation of the hedging error of discrete delta hedging.
///
/// An option delta hedged N times, at equal intervals, at the volatility σ that the underlying
/// really has, leaves a hedging P&L with mean about zero and standard deviation
/// `σ_P&L ≈ √(π/(4N))·vega·σ`, vega per 1.00 of volatility (Derman & Kamal 1999, "When you
/// cannot hedge continuously: the corrections of Black-Scholes", Risk 12(1), 82–85; also
/// Kamal & Derman, Goldman Sachs Quantitative Strategies notes). Relative to the premium V this
/// is `√(π/(4N))·vega·σ/V`, which falls like `1/√N`: hedging five times as often divides the
/// error by √5.
///
/// The approximation is asymptotic in N (and exact to leading order for an at-the-money
/// option); at N = 20 it is within a few per cent of a simulation (tested in
/// `Tests/SimulationTests/MonteCarlo/MonteCarloDeltaHedgeTests.swift`).
public enum DermanKamal {
  /// `√(π/(4N))·vega·σ`, in the currency units of `vega`.
  /// - Parameters:
  ///   - vega: ∂V/∂σ per 1.00 of volatility.
  ///   - volatility: σ, annualised decimal.
  ///   - rebalanceCount: N, the number of hedging decisions.
  /// - Throws: ``MonteCarloError`` when N < 1 or vega or σ is negative or not finite.
  public static func hedgingErrorStandardDeviation(
    vega: Double, volatility: Double, rebalanceCount: Int
  ) throws(MonteCarloError) -> Double {
    try MonteCarloError.require(
      rebalanceCount, "rebalanceCount", atLeast: 1, "hedge at least once (at t = 0)")
    try MonteCarloError.require(
      vega, "vega", "non-negative and finite", "pass ∂V/∂σ per 1.00 of volatility"
    ) { $0 >= 0 }
    try MonteCarloError.require(
      volatility, "volatility", "non-negative and finite",
      "pass the annualised volatility as a decimal (0.2 for 20 %)"
    ) { $0 >= 0 }
    return standardDeviation(vega: vega, volatility: volatility, rebalanceCount: rebalanceCount)
  }

  /// The formula, for inputs already checked.
  static func standardDeviation(vega: Double, volatility: Double, rebalanceCount: Int) -> Double {
    (Double.pi / (4 * Double(rebalanceCount))).squareRoot() * vega * volatility
  }
}
