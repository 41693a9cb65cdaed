/// The per-path results of a ``MonteCarloDeltaHedge`` run, in path order.
///
/// All money amounts are in currency units discounted to t = 0 (e^{−rt}), from the writer's
/// point of view: a positive P&L is a gain.
public struct HedgingOutcomes: Sendable {
  /// The premium received at t = 0 (Black-Scholes-Merton at the implied volatility).
  public let premium: Double
  /// ∂V/∂σ at t = 0, per 1.00 of volatility.
  public let vega: Double
  /// The implied volatility the option was sold at (annualised decimal).
  public let volatility: Double
  /// Steps from t = 0 to expiry.
  public let stepCount: Int
  /// Hedging decisions per path (t = 0 and each rebalancing before expiry), the N of
  /// Derman-Kamal.
  public let rebalanceCount: Int
  /// Final P&L of each path: premium + hedge gains − payoff − costs, discounted.
  public let profitAndLoss: [Double]
  /// Proportional transaction costs paid on each path, discounted.
  public let transactionCosts: [Double]
  /// Trades on each path (the initial purchase, each non-zero rebalancing, the final sale).
  public let tradeCounts: [Int]

  /// The number of paths.
  public var pathCount: Int { profitAndLoss.count }

  /// The hedging cost of each path, `premium − P&L`: what delivering the payoff through the
  /// hedge cost, discounted (its mean is the Monte Carlo price of the hedged liability).
  public var hedgingCosts: [Double] { profitAndLoss.map { premium - $0 } }

  /// The Derman-Kamal approximation of `std(P&L)/premium` for this run's N, vega, σ
  /// (infinite for a premium that underflows to 0, e.g. a strike 20 deviations out of the
  /// money).
  public var dermanKamalRelativeStandardDeviation: Double {
    guard premium > 0 else { return .infinity }
    return DermanKamal.standardDeviation(
      vega: vega, volatility: volatility, rebalanceCount: rebalanceCount) / premium
  }

  /// Distributions of P&L, hedging cost and transaction costs, and their ratios to the premium.
  /// - Parameter tailLevel: α of the expected shortfalls (0.05 = worst 5 %).
  /// - Throws: ``MonteCarloError`` for a premium that is not positive (no ratio to it exists)
  ///   or an invalid tail level.
  public func summary(tailLevel: Double = 0.05) throws(MonteCarloError) -> HedgingSummary {
    try MonteCarloError.require(
      premium, "premium", "positive (the ratios are relative to it)",
      "choose a strike and expiry whose option has a non-zero value"
    ) { $0 > 0 }
    let pnl = try DistributionSummary(profitAndLoss, tailLevel: tailLevel)
    return HedgingSummary(
      premium: premium,
      profitAndLoss: pnl,
      hedgingCost: try DistributionSummary(hedgingCosts, tailLevel: tailLevel),
      transactionCosts: try DistributionSummary(transactionCosts, tailLevel: tailLevel),
      meanTradeCount: Double(tradeCounts.reduce(0, +)) / Double(max(tradeCounts.count, 1)),
      dermanKamalRelativeStandardDeviation: dermanKamalRelativeStandardDeviation)
  }
}

/// The distributions of one ``MonteCarloDeltaHedge`` run.
public struct HedgingSummary: Sendable, Hashable, Codable {
  /// The premium received, in currency units.
  public let premium: Double
  /// Final P&L (discounted); its `lowerTailMean` is the expected shortfall.
  public let profitAndLoss: DistributionSummary
  /// Hedging cost `premium − P&L` (discounted); its `upperTailMean` is the expected shortfall.
  public let hedgingCost: DistributionSummary
  /// Transaction costs (discounted).
  public let transactionCosts: DistributionSummary
  /// Mean number of trades per path.
  public let meanTradeCount: Double
  /// The Derman-Kamal approximation `√(π/(4N))·vega·σ/premium` of the hedging error
  /// relative to the premium (measured by Analytics' `HedgingError.performanceMeasure`, the
  /// one definition, from ``HedgingOutcomes/profitAndLoss`` and the premium).
  public let dermanKamalRelativeStandardDeviation: Double
}
