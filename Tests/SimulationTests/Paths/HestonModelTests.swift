import Foundation
import Testing

@testable import Simulation

/// Heston by full truncation (Lord, Koekkoek & van Dijk 2010): mean reversion of the variance,
/// non-negativity of the variance that drives the price, the martingale property.
@Suite("Heston model")
struct HestonModelTests {
  static let model = HestonModel(
    spot: 100, initialVariance: 0.09, meanReversion: 2, longRunVariance: 0.04,
    volatilityOfVariance: 0.3, correlation: -0.7, drift: 0.03, dividendYield: 0.01)

  @Test("E[v_t] reverts from v₀ = 0.09 to θ = 0.04 as θ + (v₀ − θ)e^{−κt}")
  func meanReversion() throws {
    let dt = 1.0 / 26
    let paths = try Self.model.paths(count: 10_000, steps: 52, timeStep: dt, seed: 3, threads: 2)
    let variances = try #require(paths.variances)
    for step in [6, 13, 26, 52] {
      let values = (0..<paths.pathCount).map { variances[$0 * paths.pointsPerPath + step] }
      let t = Double(step) * dt
      let expected = 0.04 + 0.05 * Foundation.exp(-2 * t)
      // Sampling error, plus the Euler scheme's bias on the mean, (v₀ − θ)·|(1 − κΔt)^n − e^{−κt}|.
      let standardError = (PathStatistics.variance(values) / Double(values.count)).squareRoot()
      let bias = 0.05 * (Foundation.pow(1 - 2 * dt, Double(step)) - Foundation.exp(-2 * t)).magnitude
      #expect((PathStatistics.mean(values) - expected).magnitude < 4 * standardError + bias, "t = \(t)")
    }
  }

  @Test("With the Feller condition violated (2κθ = 0.08 < ξ² = 1) variances stay ≥ 0 and prices finite")
  func nonNegativeVariance() throws {
    var model = Self.model
    model.meanReversion = 1
    model.volatilityOfVariance = 1
    let paths = try model.paths(count: 2_000, steps: 252, timeStep: 1.0 / 252, seed: 4, threads: 2)
    let variances = try #require(paths.variances)
    #expect(variances.allSatisfy { $0 >= 0 && $0.isFinite })
    #expect(paths.spots.allSatisfy { $0 > 0 && $0.isFinite })
    // The truncation is active: some steps have zero variance.
    #expect(variances.contains(0))
  }

  @Test("E[S_T·e^{−(μ−q)T}] = S₀ within 4 standard errors, Feller condition met or not", arguments: [0.3, 1.0])
  func martingale(volatilityOfVariance: Double) throws {
    var model = Self.model
    model.volatilityOfVariance = volatilityOfVariance
    let paths = try model.paths(count: 20_000, steps: 25, timeStep: 0.04, seed: 5, threads: 2)
    let discounted = (0..<paths.pathCount).map {
      paths.spot(path: $0, step: 25) * Foundation.exp(-(0.03 - 0.01) * 1.0)
    }
    let standardError = (PathStatistics.variance(discounted) / Double(discounted.count)).squareRoot()
    #expect((PathStatistics.mean(discounted) - 100).magnitude < 4 * standardError)
  }

  @Test("Price and variance shocks have correlation ρ = −0.7")
  func correlation() throws {
    let paths = try Self.model.paths(count: 2_000, steps: 50, timeStep: 1.0 / 252, seed: 6, threads: 2)
    let variances = try #require(paths.variances)
    var returns: [Double] = []
    var changes: [Double] = []
    for p in 0..<paths.pathCount {
      for t in 0..<50 {
        let i = p * paths.pointsPerPath + t
        returns.append(Foundation.log(paths.spots[i + 1] / paths.spots[i]))
        changes.append(variances[i + 1] - variances[i])
      }
    }
    // Standard error of ρ̂: (1 − ρ²)/√n = 0.0032 for n = 100000; allow for the drift terms.
    #expect((PathStatistics.correlation(returns, changes) + 0.7).magnitude < 0.02)
  }

  @Test("The implied-volatility proxy is √v⁺ + premium at tenor 0 and the variance-swap level otherwise")
  func impliedVolatilityProxy() throws {
    var model = Self.model
    model.impliedVolatility = .init(tenor: 0, premium: 0.02)
    let paths = try model.paths(count: 8, steps: 20, timeStep: 0.01, seed: 7, threads: 1)
    let variances = try #require(paths.variances)
    let vols = try #require(paths.impliedVolatilities)
    for i in 0..<vols.count {
      #expect((vols[i] - (variances[i].squareRoot() + 0.02)).magnitude < 1e-15)
    }
    model.impliedVolatility = .init(tenor: 0.25, premium: 0)
    let quarter = try model.paths(count: 1, steps: 1, timeStep: 0.01, seed: 7, threads: 1)
    let weight = (1 - Foundation.exp(-0.5)) / 0.5
    #expect((quarter.impliedVolatilities![0] - (0.04 + 0.05 * weight).squareRoot()).magnitude < 1e-15)
  }

  @Test("Paths are identical for 1 and 2 threads")
  func determinism() throws {
    let one = try Self.model.paths(count: 103, steps: 9, timeStep: 0.01, seed: 8, threads: 1)
    let two = try Self.model.paths(count: 103, steps: 9, timeStep: 0.01, seed: 8, threads: 2)
    #expect(one.spots == two.spots)
    #expect(one.variances == two.variances)
  }

  @Test("A correlation outside [−1, 1] is rejected")
  func validation() {
    var model = Self.model
    model.correlation = -1.5
    #expect(throws: MonteCarloError.self) {
      try model.paths(count: 1, steps: 1, timeStep: 0.01, seed: 1, threads: 1)
    }
  }
}
