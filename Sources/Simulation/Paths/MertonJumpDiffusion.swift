import Pricing
import Foundation

/// Merton's jump-diffusion: geometric Brownian motion plus compound Poisson lognormal jumps,
/// with the drift compensated so that the expected total return is μ.
///
/// `dS/S = (μ − q − λk)·dt + σ·dW + (J − 1)·dN`, N Poisson with intensity λ, ln J ~ N(m, δ²),
/// `k = E[J − 1] = e^{m + δ²/2} − 1` (Merton 1976, "Option pricing when underlying stock
/// returns are discontinuous", J. Financial Economics 3). Sampled exactly on the grid: with
/// n ~ Poisson(λΔt) jumps in a step, the sum of their log sizes is N(n·m, n·δ²), so
/// `ln S_{t+1} = ln S_t + (μ − q − λk − σ²/2)Δt + σ√Δt·z₁ + n·m + √n·δ·z₂`.
/// Hence `E[S_T]·e^{−(μ−q)T} = S₀` exactly.
///
/// Draws: path p uses stream p of ``PathRandomStream``; per step the normals z₁, z₂ and then
/// one uniform u for the jump count, by inversion of the Poisson CDF (sequential search;
/// counts are capped at ``maximumJumpsPerStep(timeStep:)``, beyond which the probability is
/// below 1e-20 for λΔt ≤ 1).
///
/// Units: λ in jumps per year; m and δ are the mean and standard deviation of the log jump
/// size (m = −0.1: an average jump of about −10 %); μ, σ, q annualised decimals.
///
/// Tested: the martingale `E[S_T e^{−(μ−q)T}] = S₀` within its confidence interval, the jump
/// count per step against λΔt, and λ = 0 against ``GeometricBrownianMotion``
/// (`Tests/SimulationTests/Paths/MertonJumpDiffusionTests.swift`).
public struct MertonJumpDiffusion: PathModel, Sendable, Hashable {
  /// S₀, in currency units.
  public var spot: Double
  /// μ: expected total return, decimal per year (μ = r for the risk-neutral measure).
  public var drift: Double
  /// σ: annualised volatility of the diffusion part, decimal.
  public var volatility: Double
  /// λ: expected number of jumps per year.
  public var jumpIntensity: Double
  /// m: mean of the log jump size.
  public var jumpMean: Double
  /// δ: standard deviation of the log jump size.
  public var jumpVolatility: Double
  /// q: continuous dividend yield, decimal per year.
  public var dividendYield: Double

  public init(
    spot: Double, drift: Double, volatility: Double, jumpIntensity: Double, jumpMean: Double,
    jumpVolatility: Double, dividendYield: Double = 0
  ) {
    self.spot = spot
    self.drift = drift
    self.volatility = volatility
    self.jumpIntensity = jumpIntensity
    self.jumpMean = jumpMean
    self.jumpVolatility = jumpVolatility
    self.dividendYield = dividendYield
  }

  /// k = E[J − 1] = e^{m + δ²/2} − 1, the mean relative jump.
  public var meanRelativeJump: Double {
    Foundation.expm1(jumpMean + 0.5 * jumpVolatility * jumpVolatility)
  }

  /// The cap on jumps in one step: `⌈λΔt + 12·√(λΔt)⌉ + 20`.
  public func maximumJumpsPerStep(timeStep: Double) -> Int {
    let mean = jumpIntensity * timeStep
    return min(Int(clamping: mean + 12 * mean.squareRoot(), .up), 1_000_000) + 20
  }

  public func validate() throws(MonteCarloError) {
    try Self.validateSpot(spot)
    try Self.validateDrift(drift)
    try Self.validateVolatility(volatility)
    try MonteCarloError.require(
      jumpIntensity, "jumpIntensity", "non-negative and finite",
      "pass the expected number of jumps per year (e.g. 0.5)"
    ) { $0 >= 0 }
    try MonteCarloError.require(
      jumpMean, "jumpMean", "finite", "pass the mean log jump size (e.g. -0.1)"
    ) { _ in true }
    try MonteCarloError.require(
      jumpVolatility, "jumpVolatility", "non-negative and finite",
      "pass the standard deviation of the log jump size (e.g. 0.15)"
    ) { $0 >= 0 }
    try Self.validateDividendYield(dividendYield)
  }

  public func paths(
    count pathCount: Int, steps stepCount: Int, timeStep: Double, seed: UInt64, threads: Int
  ) throws(MonteCarloError) -> SimulatedPaths {
    try validate()
    try Self.validateGrid(
      pathCount: pathCount, stepCount: stepCount, timeStep: timeStep, threads: threads)
    try MonteCarloError.require(
      jumpIntensity * timeStep, "jumpIntensity × timeStep", "at most 50",
      "use shorter steps: the jump count per step is drawn by sequential inversion"
    ) { $0 <= 50 }
    var result = SimulatedPaths(pathCount: pathCount, stepCount: stepCount, timeStep: timeStep)
    let dt = timeStep
    let a =
      (drift - dividendYield - jumpIntensity * meanRelativeJump - 0.5 * volatility * volatility)
      * dt
    let b = volatility * dt.squareRoot()
    let m = jumpMean, δ = jumpVolatility
    let meanJumps = jumpIntensity * dt
    let noJump = Foundation.exp(-meanJumps)
    let cap = maximumJumpsPerStep(timeStep: dt)
    let s0 = spot
    Self.fillLaneGroups(&result, seed: seed, threads: threads) { rows, first, random in
      var x = PathLanes.zero
      rows.store(PathLanes(repeating: s0), firstPath: first, point: 0)
      let table = Ziggurat.shared
      for step in 0..<stepCount {
        let z1 = random.normal(table)
        let z2 = random.normal(table)
        let u = random.uniform()
        let n = Self.poissonCount(
          uniform: u, mean: meanJumps, probabilityOfZero: noJump, cap: cap)
        x = x + ((a + b * z1) + (n * m + PathMath.squareRoot(n) * δ * z2))
        rows.store(s0 * PathMath.exp(x), firstPath: first, point: step + 1)
      }
    }
    return result
  }

  /// The Poisson(`mean`) count per lane whose CDF first reaches `uniform`, by sequential
  /// search, as a double; at most `cap`.
  @inline(__always)
  static func poissonCount(
    uniform u: PathLanes, mean: Double, probabilityOfZero: Double, cap: Int
  ) -> PathLanes {
    var count = PathLanes.zero
    var probability = PathLanes(repeating: probabilityOfZero)
    var cumulative = probability
    var active = u .> cumulative
    var k = 0
    while any(active) && k < cap {
      k += 1
      count = count.replacing(with: count + 1, where: active)
      probability = probability * (mean / Double(k))
      cumulative = cumulative + probability
      active = active .& (u .> cumulative)
    }
    return count
  }
}
