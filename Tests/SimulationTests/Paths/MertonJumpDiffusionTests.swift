import Foundation
import Testing

@testable import Simulation

/// Merton jump-diffusion: the compensated drift makes the discounted price a martingale, and
/// one-step log returns have the compound-Poisson mean and variance.
@Suite("Merton jump-diffusion")
struct MertonJumpDiffusionTests {
  static let model = MertonJumpDiffusion(
    spot: 100, drift: 0.05, volatility: 0.2, jumpIntensity: 1, jumpMean: -0.1,
    jumpVolatility: 0.15, dividendYield: 0.01)

  @Test("E[S_T·e^{−(μ−q)T}] = S₀ within 4 standard errors (jump-compensated drift)")
  func martingale() throws {
    let paths = try Self.model.paths(count: 20_000, steps: 12, timeStep: 1.0 / 12, seed: 1, threads: 2)
    let discounted = (0..<paths.pathCount).map {
      paths.spot(path: $0, step: 12) * Foundation.exp(-(0.05 - 0.01))
    }
    let standardError = (PathStatistics.variance(discounted) / Double(discounted.count)).squareRoot()
    #expect((PathStatistics.mean(discounted) - 100).magnitude < 4 * standardError)
  }

  @Test("One-step log returns have mean (μ − q − λk − σ²/2)Δt + λΔt·m and variance σ²Δt + λΔt(m² + δ²)")
  func moments() throws {
    let dt = 1.0 / 12
    let paths = try Self.model.paths(count: 20_000, steps: 12, timeStep: dt, seed: 2, threads: 2)
    var returns: [Double] = []
    for p in 0..<paths.pathCount {
      let row = Array(paths.spots(ofPath: p))
      for t in 0..<12 { returns.append(Foundation.log(row[t + 1] / row[t])) }
    }
    let k = Foundation.exp(-0.1 + 0.5 * 0.15 * 0.15) - 1
    let expectedMean = (0.05 - 0.01 - k - 0.02) * dt + dt * -0.1
    let expectedVariance = 0.04 * dt + dt * (0.01 + 0.0225)
    let n = Double(returns.count)
    let mean = PathStatistics.mean(returns)
    let variance = PathStatistics.variance(returns)
    let fourth = returns.reduce(0) { $0 + Foundation.pow($1 - mean, 4) } / n
    #expect((mean - expectedMean).magnitude < 4 * (variance / n).squareRoot())
    #expect((variance - expectedVariance).magnitude < 4 * ((fourth - variance * variance) / n).squareRoot())
  }

  @Test("Without jumps the log returns are normal with variance σ²Δt")
  func noJumps() throws {
    var model = Self.model
    model.jumpIntensity = 0
    let paths = try model.paths(count: 10_000, steps: 10, timeStep: 0.1, seed: 3, threads: 2)
    var returns: [Double] = []
    for p in 0..<paths.pathCount {
      let row = Array(paths.spots(ofPath: p))
      for t in 0..<10 { returns.append(Foundation.log(row[t + 1] / row[t])) }
    }
    let σ2dt = 0.04 * 0.1
    #expect((PathStatistics.variance(returns) - σ2dt).magnitude < 4 * σ2dt * (2 / Double(returns.count)).squareRoot())
    #expect((PathStatistics.mean(returns) - (0.05 - 0.01 - 0.02) * 0.1).magnitude < 4 * (σ2dt / Double(returns.count)).squareRoot())
  }

  @Test("Poisson counts by inversion have mean and variance λΔt")
  func poissonCounts() {
    var random = LaneRandomStreams(seed: 4, firstPath: 0)
    let mean = 0.7
    var counts: [Double] = []
    for _ in 0..<12_500 {
      let n = MertonJumpDiffusion.poissonCount(
        uniform: random.uniform(), mean: mean, probabilityOfZero: Foundation.exp(-mean), cap: 40)
      for lane in 0..<PathLanes.scalarCount { counts.append(n[lane]) }
    }
    let standardError = (mean / Double(counts.count)).squareRoot()
    #expect((PathStatistics.mean(counts) - mean).magnitude < 4 * standardError)
    #expect((PathStatistics.variance(counts) - mean).magnitude < 0.02)
  }

  @Test("Paths are identical for 1 and 2 threads")
  func determinism() throws {
    let one = try Self.model.paths(count: 77, steps: 30, timeStep: 0.05, seed: 5, threads: 1)
    let two = try Self.model.paths(count: 77, steps: 30, timeStep: 0.05, seed: 5, threads: 2)
    #expect(one.spots == two.spots)
  }
}
