import Foundation
import Pricing

/// The Monte Carlo delta-hedging experiment: write (sell) a European option at its
/// Black-Scholes-Merton price, delta hedge it with the underlying every `rebalanceEvery` steps
/// until expiry, and record what it cost on every simulated path.
///
/// The option is sold at t = 0 for its premium `V₀ = BSM(S₀, K, T, σ, r, q)` (σ =
/// `market.volatility`, the implied volatility), and the proceeds buy the hedge
/// `Δ₀ = θ·e^{−qT}·N(θ·d1)` (θ = +1 call, −1 put). At every point t·Δt with t a multiple of
/// `rebalanceEvery` before expiry the hedge is reset to the Black-Scholes delta at the hedging
/// volatility and remaining time τ = T − tΔt. Cash earns r, the shares pay the dividend
/// yield q, trades pay `costRate·|traded shares|·S`, and at expiry the writer pays the payoff
/// and sells the shares (details in ``DeltaHedgeKernel``). Per path the result is the
/// writer's P&L discounted to t = 0,
/// `P&L = V₀ + Σ discounted trading gains and dividends − e^{−rT}·payoff − costs`,
/// the transaction costs paid (discounted) and the number of trades; the *hedging cost* is
/// `V₀ − P&L`, the discounted cost of delivering the payoff through the hedge.
///
/// With zero costs and realised volatility equal to the hedging volatility, the P&L has mean
/// about 0 and a standard deviation that falls like `1/√N` in the number of rebalances N
/// (Derman & Kamal 1999; see ``DermanKamal``).
///
/// One convention with the historical engine: on the same path (a tape of consecutive
/// calendar days, Δt = 1/365), the same option written at t = 0, `delta` rule every
/// `rebalanceEvery` days at the implied volatility, `costs: underlying-bps` = `costRate`·10⁴
/// and constant r and q, ``Backtest`` gives the same P&L (its final value discounted at r) to
/// 1e-9 of the premium (`KernelEngineAgreementTests`, 1,000 paths), with a dividend yield or
/// with discrete cash dividends (``cashDividends`` here, `data.dividend-cash` there: paid on
/// the shares held over the ex-step, options priced and hedged on the escrowed spot).
///
/// Conventions: `option.timeToExpiry` in years, divided into `steps` equal steps; rates and
/// volatilities as annualised decimals; `costRate` a decimal fraction of traded notional
/// (0.001 = 10 basis points).
///
/// Tested: the Derman-Kamal standard deviation for weekly and daily rebalancing and their
/// ratio √(1/5), zero-cost mean ≈ 0, the fused kernel against hedging along materialised
/// ``GeometricBrownianMotion`` paths, thread-count independence, costs and trade counts
/// (`Tests/SimulationTests/MonteCarlo/MonteCarloDeltaHedgeTests.swift`).
public struct MonteCarloDeltaHedge: Sendable {
  /// The option written at t = 0 (strike in currency units, time to expiry in years).
  public var option: OptionContract
  /// Spot at t = 0, the implied volatility at which the option is sold (and, by default,
  /// hedged), the risk-free rate and the dividend yield.
  public var market: MarketState
  /// Rebalance every this many steps (1: every step).
  public var rebalanceEvery: Int
  /// Proportional transaction cost, a decimal fraction of the traded notional |ΔN|·S.
  public var costRate: Double
  /// Discrete cash dividends (the engine's `data.dividend-cash`), currency per share by grid
  /// point (≥ 1), for ``hedge(along:volatility:threads:)`` on paths whose prices already drop
  /// by them: each is paid, per share held over the step ending at its point, at that point; the option is sold and hedged on the escrowed spot
  /// `S − PV(dividends after t up to expiry)` (discounted at r over the steps between).
  /// Dividends after expiry are ignored. Empty (the default): only the yield q.
  public var cashDividends: [Int: Double] = [:]

  /// The volatility put into the Black-Scholes delta at each rebalancing.
  public enum HedgeVolatility: Sendable, Hashable {
    /// `market.volatility`, the implied volatility the option was sold at.
    case implied
    /// A constant volatility (annualised decimal).
    case constant(Double)
    /// The paths' own implied volatility at each point (``SimulatedPaths/impliedVolatilities``).
    case alongPath
  }

  public init(
    option: OptionContract, market: MarketState, rebalanceEvery: Int = 1, costRate: Double = 0
  ) {
    self.option = option
    self.market = market
    self.rebalanceEvery = rebalanceEvery
    self.costRate = costRate
  }

  /// Checks the option, the market, the rebalancing interval and the cost rate.
  public func validate() throws(MonteCarloError) {
    do throws(PricingError) {
      try option.validate()
      try market.validate()
    } catch {
      guard case .invalidInput(let name, let value, let condition, let remedy) = error else {
        throw .invalidParameter(
          name: "option", value: "\(option)", condition: "valid", remedy: error.description)
      }
      throw .invalidParameter(
        name: name, value: "\(value)", condition: condition, remedy: remedy)
    }
    try MonteCarloError.require(
      option.timeToExpiry, "option.timeToExpiry", "positive",
      "pass the time to expiry in years (20 weeks = 20/52)"
    ) { $0 > 0 }
    try MonteCarloError.require(
      market.volatility, "market.volatility", "positive",
      "pass the implied volatility as a decimal (0.2 for 20 %)"
    ) { $0 > 0 }
    try MonteCarloError.require(
      rebalanceEvery, "rebalanceEvery", atLeast: 1, "rebalance every 1 (daily) or more steps")
    try MonteCarloError.require(
      costRate, "costRate", "non-negative and finite",
      "pass the cost as a decimal fraction of traded notional (0.001 = 10 bp)"
    ) { $0 >= 0 }
    for (point, amount) in cashDividends.sorted(by: { $0.key < $1.key }) {
      try MonteCarloError.require(
        point, "cashDividends point", atLeast: 1,
        "pay a dividend at a point after t = 0 (point 1 is the end of the first step)")
      try MonteCarloError.require(
        amount, "cashDividends[\(point)]", "positive and finite",
        "pass the dividend in currency per share"
      ) { $0 > 0 }
    }
  }

  /// The number of hedging decisions over `steps` steps: t = 0 and every `rebalanceEvery`
  /// steps before expiry, `⌈steps / rebalanceEvery⌉` (the N of Derman-Kamal).
  public func rebalanceCount(steps: Int) -> Int {
    (steps + rebalanceEvery - 1) / rebalanceEvery
  }

  /// Simulates `paths` geometric Brownian paths of `steps` steps to expiry and hedges along
  /// each (the fast path: prices are generated inside the hedge loop and never stored).
  ///
  /// The paths are those of `GeometricBrownianMotion(spot: market.spot, drift: drift ?? r,
  /// volatility: realisedVolatility ?? market.volatility, dividendYield: q)` with the same
  /// seed, step Δt = T/steps.
  /// - Parameters:
  ///   - realisedVolatility: The volatility of the simulated prices (default: the implied).
  ///   - drift: The expected total return μ (default: r, the risk-neutral measure).
  ///   - hedgeVolatility: `.implied` or `.constant` (the paths carry no implied volatility).
  ///   - threads: Worker threads; the results do not depend on it.
  public func simulate(
    paths: Int, steps: Int, realisedVolatility: Double? = nil, drift: Double? = nil,
    hedgeVolatility: HedgeVolatility = .implied, seed: UInt64, threads: Int = 1
  ) throws(MonteCarloError) -> HedgingOutcomes {
    try validate()
    guard cashDividends.isEmpty else {
      throw .invalidParameter(
        name: "cashDividends", value: "\(cashDividends.count) dividend(s)",
        condition: "empty for simulated geometric Brownian paths (their prices do not drop by a dividend)",
        remedy: "hedge along paths that include the drops with hedge(along:), or use a dividend yield")
    }
    try MonteCarloError.require(paths, "paths", atLeast: 1, "ask for at least one path")
    try MonteCarloError.require(steps, "steps", atLeast: 1, "ask for at least one step")
    try MonteCarloError.require(threads, "threads", atLeast: 1, "use at least one thread")
    let model = GeometricBrownianMotion(
      spot: market.spot, drift: drift ?? market.riskFreeRate,
      volatility: realisedVolatility ?? market.volatility, dividendYield: market.dividendYield)
    try model.validate()
    let timeStep = option.timeToExpiry / Double(steps)
    var plan = makePlan(
      pathCount: paths, stepCount: steps, timeStep: timeStep,
      hedgeVolatility: try constantVolatility(hedgeVolatility), seed: seed)
    plan.logDrift = model.logDrift(timeStep: timeStep)
    plan.logDiffusion = model.logDiffusion(timeStep: timeStep)
    return collect(plan) { outputs in
      DeltaHedgeKernel.runGeometricBrownianMotion(plan, threads: threads, outputs: outputs)
    }
  }

  /// Hedges along given paths, which must start at `market.spot`; expiry must fall on a
  /// point of their grid (T = n·timeStep, n ≤ stepCount).
  /// - Parameter volatility: The hedging volatility; `.alongPath` needs
  ///   ``SimulatedPaths/impliedVolatilities``.
  public func hedge(
    along paths: SimulatedPaths, volatility: HedgeVolatility = .implied, threads: Int = 1
  ) throws(MonteCarloError) -> HedgingOutcomes {
    try validate()
    try MonteCarloError.require(threads, "threads", atLeast: 1, "use at least one thread")
    let exact = option.timeToExpiry / paths.timeStep
    let expiryStep = Int(rounding: exact) ?? 0
    guard expiryStep >= 1, expiryStep <= paths.stepCount,
      (exact - Double(expiryStep)).magnitude <= 1e-9 * exact
    else {
      throw .invalidParameter(
        name: "option.timeToExpiry", value: "\(option.timeToExpiry)",
        condition: "a whole number (1 … \(paths.stepCount)) of steps of \(paths.timeStep) years",
        remedy: "simulate paths whose grid reaches the expiry exactly")
    }
    let starts = Set((0..<paths.pathCount).map { paths.spot(path: $0, step: 0) })
    guard starts == [market.spot] else {
      throw .invalidParameter(
        name: "paths' starting spot", value: starts.sorted().map { "\($0)" }.joined(separator: ", "),
        condition: "equal to market.spot (\(market.spot))",
        remedy: "generate the paths from the same spot as the market")
    }
    var pathVolatilities: [Double]? = nil
    let hedgeVolatility: Double
    if volatility == .alongPath {
      guard let vols = paths.impliedVolatilities else {
        throw .missingSeries(
          name: "paths.impliedVolatilities", neededBy: "hedging at the volatility along the path",
          remedy: "use a model that provides one (Heston with impliedVolatility, a bootstrap with volatility changes) or hedge at .implied")
      }
      if let index = vols.firstIndex(where: { !($0 > 0 && $0.isFinite) }) {
        throw .invalidParameter(
          name: "paths.impliedVolatilities[\(index)]", value: "\(vols[index])",
          condition: "positive and finite", remedy: "add an implied-volatility premium or floor the series")
      }
      let initial = Set((0..<paths.pathCount).map { vols[$0 * paths.pointsPerPath] })
      guard initial.count == 1 else {
        throw .invalidParameter(
          name: "paths' starting implied volatility", value: "\(initial.count) different values",
          condition: "the same on every path",
          remedy: "generate the paths from one starting implied volatility")
      }
      pathVolatilities = vols
      hedgeVolatility = vols[0]
    } else {
      hedgeVolatility = try constantVolatility(volatility)
    }
    let plan = makePlan(
      pathCount: paths.pathCount, stepCount: expiryStep, timeStep: paths.timeStep,
      hedgeVolatility: hedgeVolatility, seed: 0)
    return collect(plan) { outputs in
      DeltaHedgeKernel.runAlongPaths(
        plan, paths: paths, volatilities: pathVolatilities, threads: threads, outputs: outputs)
    }
  }

  /// The hedging volatility of `.implied` or `.constant`.
  func constantVolatility(_ choice: HedgeVolatility) throws(MonteCarloError) -> Double {
    switch choice {
    case .implied:
      return market.volatility
    case .constant(let σ):
      try MonteCarloError.require(
        σ, "hedgeVolatility", "positive and finite",
        "pass the hedging volatility as a decimal (0.2 for 20 %)"
      ) { $0 > 0 }
      return σ
    case .alongPath:
      throw .missingSeries(
        name: "implied volatility along the path", neededBy: "hedgeVolatility .alongPath",
        remedy: "simulated geometric Brownian paths carry none: hedge at .implied or .constant, or use hedge(along:) with paths that have one")
    }
  }

  /// Precomputes the per-point terms of the hedge ratio and the accounting factors.
  func makePlan(
    pathCount: Int, stepCount: Int, timeStep: Double, hedgeVolatility σh: Double, seed: UInt64
  ) -> DeltaHedgeKernel.Plan {
    let T = option.timeToExpiry
    let r = market.riskFreeRate, q = market.dividendYield
    let S0 = market.spot, K = option.strike
    let sign: Double = option.kind == .call ? 1 : -1
    let logMoneyness = Foundation.log(S0 / K)
    var intercept = [Double](repeating: 0, count: stepCount + 1)
    var slope = intercept, dividendDiscount = intercept, discount = intercept
    var timeToExpiry = intercept, carry = intercept
    for point in 0...stepCount {
      let τ = point == stepCount ? 0 : T - Double(point) * timeStep
      let deviation = σh * τ.squareRoot()
      if τ > 0 {
        intercept[point] = (logMoneyness + (r - q + 0.5 * σh * σh) * τ) / deviation
        slope[point] = 1 / deviation
      }
      dividendDiscount[point] = Foundation.exp(-q * τ)
      discount[point] = Foundation.exp(-r * Double(point) * timeStep)
      timeToExpiry[point] = τ
      carry[point] = (r - q) * τ
    }
    // Cash dividends up to expiry: per point the amount, and the escrowed deduction E_t.
    var cashDividend: [Double] = [], escrow: [Double] = []
    if cashDividends.keys.contains(where: { $0 <= stepCount }) {
      cashDividend = [Double](repeating: 0, count: stepCount + 1)
      for (point, amount) in cashDividends where point <= stepCount { cashDividend[point] = amount }
      escrow = cashDividend
      for point in 0...stepCount {
        var present = 0.0
        for s in (point + 1)..<(stepCount + 1) where cashDividend[s] != 0 {
          present += cashDividend[s] * Foundation.exp(-r * Double(s - point) * timeStep)
        }
        escrow[point] = present
      }
    }
    var escrowedMarket = market
    escrowedMarket.spot = S0 - (escrow.first ?? 0)
    let premium = BlackScholesMerton.price(option, escrowedMarket)
    // ln((S₀ − E₀)/S₀): 0 without cash dividends.
    let x0 = escrow.isEmpty ? 0 : PathMath.log(S0 - escrow[0]) - PathMath.log(S0)
    let ratio = sign * dividendDiscount[0] * PathMath.normalCDF(sign * (intercept[0] + slope[0] * x0))
    // As every trade: none at or below the engine's quantity tolerance.
    let initialDelta = ratio.magnitude > ProgramEngine.quantityTolerance ? ratio : 0
    let initialCost = costRate * initialDelta.magnitude * S0
    return DeltaHedgeKernel.Plan(
      pathCount: pathCount, stepCount: stepCount, rebalanceEvery: rebalanceEvery, seed: seed,
      sign: sign, spot: S0, strike: K, costRate: costRate, logDrift: 0, logDiffusion: 0,
      financingFactor: Foundation.exp(r * timeStep), dividendFactor: Foundation.expm1(q * timeStep),
      d1Intercept: intercept, d1Slope: slope, dividendDiscount: dividendDiscount,
      discount: discount, timeToExpiry: timeToExpiry, carryToExpiry: carry,
      initialDelta: initialDelta, initialCash: premium - initialDelta * S0 - initialCost,
      initialCost: initialCost, cashDividend: cashDividend, escrow: escrow)
  }

  /// Allocates the outputs, runs `body` on them, and packages the results.
  func collect(
    _ plan: DeltaHedgeKernel.Plan, _ body: (DeltaHedgeKernel.Outputs) -> Void
  ) -> HedgingOutcomes {
    let count = plan.pathCount
    var pnl = [Double](repeating: 0, count: count)
    var costs = [Double](repeating: 0, count: count)
    var trades = [Int](repeating: 0, count: count)
    pnl.withUnsafeMutableBufferPointer { p in
      costs.withUnsafeMutableBufferPointer { c in
        trades.withUnsafeMutableBufferPointer { n in
          body(
            DeltaHedgeKernel.Outputs(
              profitAndLoss: p.baseAddress!, transactionCosts: c.baseAddress!,
              tradeCounts: n.baseAddress!))
        }
      }
    }
    var escrowedMarket = market
    escrowedMarket.spot = plan.spot - (plan.escrow.first ?? 0)
    let greeks = BlackScholesMerton.greeks(option, escrowedMarket)
    return HedgingOutcomes(
      premium: greeks.price, vega: greeks.vega, volatility: market.volatility,
      stepCount: plan.stepCount, rebalanceCount: rebalanceCount(steps: plan.stepCount),
      profitAndLoss: pnl, transactionCosts: costs, tradeCounts: trades)
  }
}
