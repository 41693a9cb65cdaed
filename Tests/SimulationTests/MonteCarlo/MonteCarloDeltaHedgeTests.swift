import Analytics
import Foundation
import Pricing
import Testing

@testable import Simulation

/// The Monte Carlo delta-hedging experiment against Derman & Kamal (1999), accounting
/// identities (put-call parity path by path, costs), and determinism.
@Suite("Monte Carlo delta hedge")
struct MonteCarloDeltaHedgeTests {
  /// The issue's case: a 20-week at-the-money call, σ = 20 %, 100 daily steps (5 a week).
  static func experiment(
    every: Int, kind: OptionKind = .call, rate: Double = 0, dividend: Double = 0, cost: Double = 0
  ) -> MonteCarloDeltaHedge {
    MonteCarloDeltaHedge(
      option: OptionContract(kind: kind, strike: 100, timeToExpiry: 20.0 / 52),
      market: MarketState(spot: 100, volatility: 0.2, riskFreeRate: rate, dividendYield: dividend),
      rebalanceEvery: every, costRate: cost)
  }

  /// Derman & Kamal (1999), "When you cannot hedge continuously: the corrections of
  /// Black-Scholes", Risk 12(1): std(P&L)/premium ≈ √(π/(4N))·vega·σ/premium. The issue asks
  /// for agreement within 5 % at 100,000 paths, which `hedgelab bench montecarlo` checks
  /// (measured: −4 % weekly, −2 % daily). Here 6,000 paths keep the debug build under a few
  /// seconds, and each tolerance adds 3 standard errors of the measured standard deviation,
  /// √((κ − 1)/(4n)) ≈ 1.3 % (κ the sample kurtosis of the P&L); for the daily/weekly ratio the
  /// two errors are combined as if independent (they are positively correlated: conservative).
  @Test("std(P&L)/premium matches Derman-Kamal within 5 % (+3 SE) for weekly and daily rebalancing; their ratio is √(1/5)")
  func dermanKamal() throws {
    let weekly = try Self.experiment(every: 5).simulate(paths: 6_000, steps: 100, seed: 2024, threads: 2)
    let daily = try Self.experiment(every: 1).simulate(paths: 6_000, steps: 100, seed: 2024, threads: 2)
    #expect(weekly.rebalanceCount == 20 && daily.rebalanceCount == 100)
    var relativeErrors: [Double] = []
    for outcomes in [weekly, daily] {
      let summary = try outcomes.summary()
      let relativeError = summary.profitAndLoss.standardDeviationRelativeError
      relativeErrors.append(relativeError)
      let measured = try HedgingError.performanceMeasure(profitAndLoss: outcomes.profitAndLoss, premium: outcomes.premium)
      // The distribution's own standard deviation (compensated sums) agrees to round-off.
      #expect((measured / (summary.profitAndLoss.standardDeviation / outcomes.premium) - 1).magnitude < 1e-12)
      let deviation = measured / summary.dermanKamalRelativeStandardDeviation - 1
      #expect(deviation.magnitude < 0.05 + 3 * relativeError, "N = \(outcomes.rebalanceCount): \(deviation)")
      // Zero-cost hedging at the true volatility: the mean P&L is 0 within 4 standard errors.
      let standardError = summary.profitAndLoss.standardDeviation / Double(outcomes.pathCount).squareRoot()
      #expect(summary.profitAndLoss.mean.magnitude < 4 * standardError)
    }
    // Hedging five times as often divides the error by √5.
    let ratio =
      try HedgingError.performanceMeasure(profitAndLoss: daily.profitAndLoss, premium: daily.premium)
      / HedgingError.performanceMeasure(profitAndLoss: weekly.profitAndLoss, premium: weekly.premium)
    let ratioError = (relativeErrors[0] * relativeErrors[0] + relativeErrors[1] * relativeErrors[1]).squareRoot()
    #expect((ratio / (0.2).squareRoot() - 1).magnitude < 0.05 + 3 * ratioError, "ratio \(ratio)")
  }

  @Test("Results are identical for 1, 2 and 3 threads")
  func determinism() throws {
    let experiment = Self.experiment(every: 3, rate: 0.03, dividend: 0.01, cost: 0.001)
    let one = try experiment.simulate(paths: 1_001, steps: 30, seed: 7, threads: 1)
    let two = try experiment.simulate(paths: 1_001, steps: 30, seed: 7, threads: 2)
    let three = try experiment.simulate(paths: 1_001, steps: 30, seed: 7, threads: 3)
    #expect(one.profitAndLoss == two.profitAndLoss && one.profitAndLoss == three.profitAndLoss)
    #expect(one.transactionCosts == two.transactionCosts && one.tradeCounts == three.tradeCounts)
  }

  @Test("The fused kernel hedges the same prices as GeometricBrownianMotion with the same seed")
  func fusedEqualsMaterialisedPaths() throws {
    let experiment = Self.experiment(every: 2, rate: 0.04, dividend: 0.015, cost: 0.0005)
    let steps = 40
    let dt = experiment.option.timeToExpiry / Double(steps)
    let model = GeometricBrownianMotion(spot: 100, drift: 0.04, volatility: 0.2, dividendYield: 0.015)
    let paths = try model.paths(count: 517, steps: steps, timeStep: dt, seed: 11, threads: 2)
    let fused = try experiment.simulate(paths: 517, steps: steps, seed: 11, threads: 2)
    let along = try experiment.hedge(along: paths, threads: 2)
    #expect(fused.tradeCounts == along.tradeCounts)
    for p in 0..<517 {
      // d1 from ln(S/S₀) of the stored price rather than the running log-return: 1e-12 apart.
      #expect((fused.profitAndLoss[p] - along.profitAndLoss[p]).magnitude < 1e-9, "path \(p)")
      #expect((fused.transactionCosts[p] - along.transactionCosts[p]).magnitude < 1e-9, "path \(p)")
    }
  }

  @Test("With q = 0 a hedged call and a hedged put have the same P&L on every path (put-call parity)")
  func putCallParity() throws {
    let call = try Self.experiment(every: 5, kind: .call, rate: 0.05).simulate(paths: 2_000, steps: 100, seed: 3)
    let put = try Self.experiment(every: 5, kind: .put, rate: 0.05).simulate(paths: 2_000, steps: 100, seed: 3)
    // Δ_call − Δ_put = 1 share, financed at r, replicates S_T − K: the difference is round-off.
    for p in 0..<2_000 {
      #expect((call.profitAndLoss[p] - put.profitAndLoss[p]).magnitude < 1e-10, "path \(p)")
    }
  }

  @Test("With r = 0 proportional costs lower the P&L by exactly the costs paid; at most 1 + 19 + 1 trades")
  func costsAndTrades() throws {
    let free = try Self.experiment(every: 5).simulate(paths: 1_000, steps: 100, seed: 5)
    let costly = try Self.experiment(every: 5, cost: 0.002).simulate(paths: 1_000, steps: 100, seed: 5)
    #expect(free.transactionCosts.allSatisfy { $0 == 0 })
    for p in 0..<1_000 {
      #expect(costly.transactionCosts[p] > 0)
      #expect((free.profitAndLoss[p] - costly.profitAndLoss[p] - costly.transactionCosts[p]).magnitude < 1e-10)
    }
    // Initial purchase, 19 weekly rebalances, the final sale; fewer only where the hedge ratio
    // moved by at most 1e-9 shares (the engine's quantity tolerance: deep in or out of the
    // money) between two rebalances: 894 of the 1,000 paths trade every time with this seed.
    #expect(free.tradeCounts.allSatisfy { $0 >= 2 && $0 <= 21 })
    #expect(free.tradeCounts.filter { $0 == 21 }.count > 850)
    let summary = try costly.summary()
    #expect(summary.hedgingCost.mean > free.premium)
    #expect((summary.hedgingCost.mean - (costly.premium - summary.profitAndLoss.mean)).magnitude < 1e-9)
  }

  @Test("Hedging along Heston paths at their own implied volatility runs and reports finite results")
  func alongHestonPaths() throws {
    let heston = HestonModel(
      spot: 100, initialVariance: 0.04, meanReversion: 2, longRunVariance: 0.04,
      volatilityOfVariance: 0.4, correlation: -0.7, drift: 0,
      impliedVolatility: .init(tenor: 0.25, premium: 0))
    let paths = try heston.paths(count: 400, steps: 100, timeStep: 20.0 / 52 / 100, seed: 9, threads: 2)
    let experiment = Self.experiment(every: 1)
    let outcomes = try experiment.hedge(along: paths, volatility: .alongPath, threads: 2)
    #expect(outcomes.profitAndLoss.allSatisfy { $0.isFinite })
    // Stochastic volatility leaves more hedging error than GBM at N = 100 (0.087 of the premium).
    let ratio = try HedgingError.performanceMeasure(profitAndLoss: outcomes.profitAndLoss, premium: outcomes.premium)
    #expect(ratio > 0.087)
    #expect(throws: MonteCarloError.self) {
      try experiment.hedge(along: try GeometricBrownianMotion(spot: 100, drift: 0, volatility: 0.2)
        .paths(count: 4, steps: 100, timeStep: 20.0 / 52 / 100, seed: 1, threads: 1), volatility: .alongPath)
    }
  }

  @Test("Inputs are checked: expiry off the grid, paths from another spot, bad rebalancing")
  func validation() throws {
    let paths = try GeometricBrownianMotion(spot: 90, drift: 0, volatility: 0.2)
      .paths(count: 4, steps: 10, timeStep: 0.01, seed: 1, threads: 1)
    #expect(throws: MonteCarloError.self) { try Self.experiment(every: 1).hedge(along: paths) }
    var experiment = Self.experiment(every: 0)
    #expect(throws: MonteCarloError.self) { try experiment.simulate(paths: 10, steps: 10, seed: 1) }
    experiment.rebalanceEvery = 1
    experiment.market.volatility = -0.1
    do {
      _ = try experiment.simulate(paths: 10, steps: 10, seed: 1)
      Issue.record("a negative volatility must be rejected")
    } catch {
      #expect(error.description.hasPrefix("volatility (-0.1) must be"))
    }
  }
}
