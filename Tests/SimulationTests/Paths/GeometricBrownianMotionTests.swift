import Foundation
import Testing

@testable import Simulation

/// Geometric Brownian motion: the exact log-step's moments, the martingale property and
/// determinism (seeded, independent of thread count and of the number of paths).
@Suite("Geometric Brownian motion")
struct GeometricBrownianMotionTests {
  static let model = GeometricBrownianMotion(spot: 100, drift: 0.1, volatility: 0.2, dividendYield: 0.02)

  /// All one-step log returns of `paths`.
  static func logReturns(_ paths: SimulatedPaths) -> [Double] {
    var returns: [Double] = []
    for p in 0..<paths.pathCount {
      let row = Array(paths.spots(ofPath: p))
      for t in 0..<paths.stepCount { returns.append(Foundation.log(row[t + 1] / row[t])) }
    }
    return returns
  }

  @Test("Log returns have mean (μ − q − σ²/2)Δt and variance σ²Δt within 4 standard errors")
  func moments() throws {
    let dt = 0.25
    let paths = try Self.model.paths(count: 20_000, steps: 8, timeStep: dt, seed: 1, threads: 2)
    let returns = Self.logReturns(paths)
    let n = Double(returns.count)
    let σ2dt = 0.2 * 0.2 * dt
    let expectedMean = (0.1 - 0.02 - 0.02) * dt  // 0.015
    // Standard errors of the sample mean and variance of normal data.
    #expect((PathStatistics.mean(returns) - expectedMean).magnitude < 4 * (σ2dt / n).squareRoot())
    #expect((PathStatistics.variance(returns) - σ2dt).magnitude < 4 * σ2dt * (2 / (n - 1)).squareRoot())
    // Consecutive steps are independent (the two values of a Box-Muller pair included).
    let first = stride(from: 0, to: returns.count, by: 8).map { returns[$0] }
    let second = stride(from: 1, to: returns.count, by: 8).map { returns[$0] }
    #expect(PathStatistics.correlation(first, second).magnitude < 4 / Double(first.count).squareRoot())
  }

  @Test("E[S_T·e^{−(μ−q)T}] = S₀ within 4 standard errors")
  func martingale() throws {
    let paths = try Self.model.paths(count: 40_000, steps: 12, timeStep: 1.0 / 12, seed: 2, threads: 2)
    let discounted = (0..<paths.pathCount).map {
      paths.spot(path: $0, step: 12) * Foundation.exp(-(0.1 - 0.02))
    }
    let standardError = (PathStatistics.variance(discounted) / Double(discounted.count)).squareRoot()
    #expect((PathStatistics.mean(discounted) - 100).magnitude < 4 * standardError)
  }

  @Test("Paths are identical for 1, 2 and 3 threads, and path p does not depend on the path count")
  func determinism() throws {
    let one = try Self.model.paths(count: 301, steps: 17, timeStep: 0.01, seed: 99, threads: 1)
    let two = try Self.model.paths(count: 301, steps: 17, timeStep: 0.01, seed: 99, threads: 2)
    let three = try Self.model.paths(count: 301, steps: 17, timeStep: 0.01, seed: 99, threads: 3)
    #expect(one.spots == two.spots)
    #expect(one.spots == three.spots)
    let fewer = try Self.model.paths(count: 10, steps: 17, timeStep: 0.01, seed: 99, threads: 2)
    #expect(Array(one.spots.prefix(fewer.spots.count)) == fewer.spots)
    let otherSeed = try Self.model.paths(count: 10, steps: 17, timeStep: 0.01, seed: 100, threads: 2)
    #expect(otherSeed.spots != fewer.spots)
    #expect(one.spots(ofPath: 0).first == 100)
  }

  @Test("Invalid parameters are rejected with the parameter's name and value")
  func validation() {
    var model = Self.model
    model.volatility = -0.2
    #expect(throws: MonteCarloError.self) {
      try model.paths(count: 10, steps: 5, timeStep: 0.01, seed: 1, threads: 1)
    }
    do {
      _ = try model.paths(count: 10, steps: 5, timeStep: 0.01, seed: 1, threads: 1)
    } catch {
      #expect(error.description.hasPrefix("volatility (-0.2) must be non-negative and finite"))
    }
    #expect(throws: MonteCarloError.self) {
      try Self.model.paths(count: 0, steps: 5, timeStep: 0.01, seed: 1, threads: 1)
    }
    #expect(throws: MonteCarloError.self) {
      try Self.model.paths(count: 10, steps: 5, timeStep: 0, seed: 1, threads: 1)
    }
  }
}
