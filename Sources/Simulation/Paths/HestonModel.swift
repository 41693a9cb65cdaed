import Foundation

/// Heston's stochastic-variance model, simulated with the full-truncation Euler scheme.
///
/// `dS/S = (μ − q)·dt + √v·dW_S`, `dv = κ(θ − v)·dt + ξ√v·dW_v`, `d⟨W_S, W_v⟩ = ρ·dt`
/// (Heston 1993). Full truncation (Lord, Koekkoek & van Dijk 2010, "A comparison of biased
/// simulation schemes for stochastic volatility models", Quantitative Finance 10(2)), with
/// v⁺ = max(v, 0):
/// - `v_{t+1} = v_t + κ(θ − v_t⁺)Δt + ξ·√(v_t⁺Δt)·Z_v`
/// - `ln S_{t+1} = ln S_t + (μ − q − v_t⁺/2)Δt + √(v_t⁺Δt)·Z_S`, `Z_S = ρZ_v + √(1 − ρ²)Z_⊥`
///
/// The auxiliary v may go negative; only v⁺ enters the dynamics, and `variances` in the result
/// holds v⁺ (never negative). Given v⁺, each price step is an exact lognormal step with mean
/// factor e^{(μ−q)Δt}, so `S_t·e^{−(μ−q)t}` is a martingale of the scheme itself.
///
/// Draws: path p uses stream p of ``PathRandomStream``, two normals per step: Z_v, then Z_⊥.
///
/// Implied volatility along the path (optional, see ``ImpliedVolatilityProxy``): the square
/// root of the expected average variance over a tenor τ, `θ + (v⁺ − θ)(1 − e^{−κτ})/(κτ)`
/// (the fair variance-swap strike under Heston; Gatheral 2006, *The Volatility Surface*,
/// §2), plus a constant premium.
///
/// Units: variances are annualised decimal variances (0.04 = 20 % vol); κ per year; ξ is the
/// annualised volatility of variance; μ, q decimals per year.
///
/// Tested: E[v_t] against `θ + (v₀ − θ)e^{−κt}`, v⁺ ≥ 0 also when the Feller condition fails,
/// the martingale `E[S_T e^{−(μ−q)T}] = S₀` within its confidence interval
/// (`Tests/SimulationTests/Paths/HestonModelTests.swift`).
public struct HestonModel: PathModel, Sendable, Hashable {
  /// S₀, in currency units.
  public var spot: Double
  /// v₀: the variance at t = 0 (annualised decimal variance).
  public var initialVariance: Double
  /// κ: speed of mean reversion of the variance, per year.
  public var meanReversion: Double
  /// θ: the long-run variance (annualised decimal variance).
  public var longRunVariance: Double
  /// ξ: volatility of the variance.
  public var volatilityOfVariance: Double
  /// ρ: correlation between price and variance shocks, in [−1, 1].
  public var correlation: Double
  /// μ: expected total return, decimal per year (μ = r for the risk-neutral measure).
  public var drift: Double
  /// q: continuous dividend yield, decimal per year.
  public var dividendYield: Double
  /// How to derive an implied volatility along the path; `nil` for none.
  public var impliedVolatility: ImpliedVolatilityProxy?

  /// Implied volatility from the variance: `√(θ + (v⁺ − θ)(1 − e^{−κτ})/(κτ)) + premium`.
  public struct ImpliedVolatilityProxy: Sendable, Hashable {
    /// τ: the tenor of the quoted implied volatility, in years (0 gives √v⁺ + premium).
    public var tenor: Double
    /// Added to the model volatility, annualised decimal (0.02 = 2 vol points), the usual
    /// excess of implied over realised volatility.
    public var premium: Double

    public init(tenor: Double, premium: Double) {
      self.tenor = tenor
      self.premium = premium
    }
  }

  public init(
    spot: Double, initialVariance: Double, meanReversion: Double, longRunVariance: Double,
    volatilityOfVariance: Double, correlation: Double, drift: Double, dividendYield: Double = 0,
    impliedVolatility: ImpliedVolatilityProxy? = nil
  ) {
    self.spot = spot
    self.initialVariance = initialVariance
    self.meanReversion = meanReversion
    self.longRunVariance = longRunVariance
    self.volatilityOfVariance = volatilityOfVariance
    self.correlation = correlation
    self.drift = drift
    self.dividendYield = dividendYield
    self.impliedVolatility = impliedVolatility
  }

  /// Checks the parameters (the Feller condition 2κθ ≥ ξ² is not required: full truncation
  /// handles variance paths that touch zero).
  public func validate() throws(MonteCarloError) {
    try Self.validateSpot(spot)
    try MonteCarloError.require(
      initialVariance, "initialVariance", "non-negative and finite",
      "pass the variance, e.g. 0.04 for 20 % volatility"
    ) { $0 >= 0 }
    try MonteCarloError.require(
      meanReversion, "meanReversion", "non-negative and finite",
      "pass κ per year (e.g. 2: half-life ln2/κ ≈ 4 months)"
    ) { $0 >= 0 }
    try MonteCarloError.require(
      longRunVariance, "longRunVariance", "non-negative and finite",
      "pass θ as a variance, e.g. 0.04 for 20 % volatility"
    ) { $0 >= 0 }
    try MonteCarloError.require(
      volatilityOfVariance, "volatilityOfVariance", "non-negative and finite",
      "pass ξ (typically 0.3 to 1)"
    ) { $0 >= 0 }
    try MonteCarloError.require(
      correlation, "correlation", "in [-1, 1]", "pass ρ (typically -0.7 for equity indices)"
    ) { $0 >= -1 && $0 <= 1 }
    try Self.validateDrift(drift)
    try Self.validateDividendYield(dividendYield)
    if let proxy = impliedVolatility {
      try MonteCarloError.require(
        proxy.tenor, "impliedVolatility.tenor", "non-negative and finite",
        "pass the tenor in years (1/12 for one month)"
      ) { $0 >= 0 }
      try MonteCarloError.require(
        proxy.premium, "impliedVolatility.premium", "finite",
        "pass the premium as decimal volatility (0.02 for 2 points)"
      ) { _ in true }
    }
  }

  /// The weight of the current variance in the expected average variance over `tenor`:
  /// `(1 − e^{−κτ})/(κτ)`, 1 when κτ = 0.
  func currentVarianceWeight(tenor: Double) -> Double {
    let κτ = meanReversion * tenor
    return κτ < 1e-12 ? 1 : -Foundation.expm1(-κτ) / κτ
  }

  public func paths(
    count pathCount: Int, steps stepCount: Int, timeStep: Double, seed: UInt64, threads: Int
  ) throws(MonteCarloError) -> SimulatedPaths {
    try validate()
    try Self.validateGrid(
      pathCount: pathCount, stepCount: stepCount, timeStep: timeStep, threads: threads)
    var result = SimulatedPaths(pathCount: pathCount, stepCount: stepCount, timeStep: timeStep)
    let points = pathCount * (stepCount + 1)
    result.variances = [Double](repeating: 0, count: points)
    if impliedVolatility != nil {
      result.impliedVolatilities = [Double](repeating: 0, count: points)
    }
    let dt = timeStep
    let κ = meanReversion, θ = longRunVariance, ξ = volatilityOfVariance, ρ = correlation
    let ρBar = (1 - ρ * ρ).squareRoot()
    let carry = (drift - dividendYield) * dt
    let s0 = spot, v0 = initialVariance
    let weight = impliedVolatility.map { currentVarianceWeight(tenor: $0.tenor) } ?? 1
    let premium = impliedVolatility?.premium ?? 0
    Self.fillLaneGroups(&result, seed: seed, threads: threads) { rows, first, random in
      var x = PathLanes.zero
      var v = PathLanes(repeating: v0)
      func record(_ vPlus: PathLanes, spot: PathLanes, point: Int) {
        rows.store(spot, firstPath: first, point: point)
        rows.store(vPlus, into: rows.variances!, firstPath: first, point: point)
        if let vols = rows.impliedVolatilities {
          let expected = θ + (vPlus - θ) * weight
          rows.store(
            PathMath.squareRoot(expected) + premium, into: vols, firstPath: first, point: point)
        }
      }
      let table = Ziggurat.shared
      var vPlus = v.replacing(with: 0, where: v .< 0)
      record(vPlus, spot: PathLanes(repeating: s0), point: 0)
      for step in 0..<stepCount {
        let zv = random.normal(table)
        let zPerpendicular = random.normal(table)
        let zs = ρ * zv + ρBar * zPerpendicular
        let root = PathMath.squareRoot(vPlus * dt)
        x = x + ((carry - 0.5 * vPlus * dt) + root * zs)
        v = v + κ * (θ - vPlus) * dt + ξ * root * zv
        vPlus = v.replacing(with: 0, where: v .< 0)
        record(vPlus, spot: s0 * PathMath.exp(x), point: step + 1)
      }
    }
    return result
  }
}
