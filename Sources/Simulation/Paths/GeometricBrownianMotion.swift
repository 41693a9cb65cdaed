/// Geometric Brownian motion, `dS/S = (μ − q)·dt + σ·dW`, sampled exactly on the grid.
///
/// The exact log-step `ln S_{t+Δt} = ln S_t + (μ − q − σ²/2)·Δt + σ·√Δt·Z` has no
/// discretisation error. The log-return from the start is accumulated,
/// `x_{t+1} = x_t + ((μ − q − σ²/2)Δt + σ√Δt·Z_t)`, and `S_t = S_0·e^{x_t}`.
///
/// Draws: path p uses stream p of ``PathRandomStream``, one normal per step (so
/// ``MonteCarloDeltaHedge`` on the same seed sees the same prices).
///
/// Units: `drift` μ is the expected total return (price change plus dividends), decimal per
/// year (set μ = r for the risk-neutral measure); `volatility` σ and `dividendYield` q are
/// annualised decimals; `spot` in currency units.
///
/// Tested: mean and variance of the log-returns against `(μ − q − σ²/2)Δt` and `σ²Δt`
/// within their sampling error; thread-count independence
/// (`Tests/SimulationTests/Paths/GeometricBrownianMotionTests.swift`).
public struct GeometricBrownianMotion: PathModel, Sendable, Hashable {
  /// S₀, in currency units.
  public var spot: Double
  /// μ: expected total return, decimal per year (continuously compounded).
  public var drift: Double
  /// σ: annualised volatility of the log-price, decimal.
  public var volatility: Double
  /// q: continuous dividend yield, decimal per year.
  public var dividendYield: Double

  public init(spot: Double, drift: Double, volatility: Double, dividendYield: Double = 0) {
    self.spot = spot
    self.drift = drift
    self.volatility = volatility
    self.dividendYield = dividendYield
  }

  /// Checks the parameters: spot > 0, σ ≥ 0, all finite.
  public func validate() throws(MonteCarloError) {
    try Self.validateSpot(spot)
    try MonteCarloError.require(
      drift, "drift", "finite", "pass the expected total return as a decimal per year (0.05 for 5 %)"
    ) { _ in true }
    try Self.validateVolatility(volatility)
    try MonteCarloError.require(
      dividendYield, "dividendYield", "finite",
      "pass the continuous dividend yield as a decimal per year (0.01 for 1 %)"
    ) { _ in true }
  }

  /// `(μ − q − σ²/2)·Δt`, the mean log-return of one step.
  func logDrift(timeStep: Double) -> Double {
    (drift - dividendYield - 0.5 * volatility * volatility) * timeStep
  }

  /// `σ·√Δt`, the standard deviation of one step's log-return.
  func logDiffusion(timeStep: Double) -> Double {
    volatility * timeStep.squareRoot()
  }

  public func paths(
    count pathCount: Int, steps stepCount: Int, timeStep: Double, seed: UInt64, threads: Int
  ) throws(MonteCarloError) -> SimulatedPaths {
    try validate()
    try Self.validateGrid(
      pathCount: pathCount, stepCount: stepCount, timeStep: timeStep, threads: threads)
    var result = SimulatedPaths(pathCount: pathCount, stepCount: stepCount, timeStep: timeStep)
    let a = logDrift(timeStep: timeStep)
    let b = logDiffusion(timeStep: timeStep)
    let s0 = spot
    Self.fillLaneGroups(&result, seed: seed, threads: threads) { rows, first, random in
      var x = PathLanes.zero
      rows.store(PathLanes(repeating: s0), firstPath: first, point: 0)
      let table = Ziggurat.shared
      for step in 0..<stepCount {
        x = x + (a + b * random.normal(table))
        rows.store(s0 * PathMath.exp(x), firstPath: first, point: step + 1)
      }
    }
    return result
  }
}

extension PathRows {
  /// Writes lane j of `values` to point `point` of path `firstPath + j` (paths past the end
  /// are dropped).
  @inline(__always)
  func store(_ values: PathLanes, firstPath: Int, point: Int) {
    for lane in 0..<PathLanes.scalarCount where firstPath + lane < pathCount {
      spots[(firstPath + lane) * pointsPerPath + point] = values[lane]
    }
  }

  /// Writes lane j of `values` into `series` at point `point` of path `firstPath + j`.
  @inline(__always)
  func store(
    _ values: PathLanes, into series: UnsafeMutablePointer<Double>, firstPath: Int, point: Int
  ) {
    for lane in 0..<PathLanes.scalarCount where firstPath + lane < pathCount {
      series[(firstPath + lane) * pointsPerPath + point] = values[lane]
    }
  }
}
