import Foundation
import MarketData
import Pricing
import Testing

@testable import Simulation

/// The two delta-hedging simulators, the Monte Carlo kernel (``MonteCarloDeltaHedge``) and the
/// engine's `delta` rule run by ``Backtest``, given the same path, option, rebalancing days,
/// costs, rate, dividend yield and volatility, produce the same hedging P&L (the writer's
/// P&L discounted to the first day) to 1e-9 of the premium, path by path.
///
/// The shared conventions (see ``DeltaHedgeKernel``): Δt = calendar days / 365; cash earns
/// `e^{rΔt}` over each step; the dividend yield pays `units·S_{t−1}·(e^{qΔt} − 1)` on the units
/// held over the step; the initial hedge and the unwind at expiry pay the proportional cost;
/// trades below 1e-9 units are not made; the option settles at intrinsic value in cash.
@Suite("Monte Carlo kernel = engine delta rule")
struct KernelEngineAgreementTests {
  static let steps = 63
  static let pathCount = 1_000
  static let days = Fixtures.everyDay(from: Day(year: 2024, month: 1, day: 2)!, count: steps + 1)

  /// The engine's hedging P&L on each path: the program's value at expiry (cash: the option
  /// settled and the hedge unwound), discounted to the first day at the same rate.
  static func engineProfitAndLoss(
    _ experiment: MonteCarloDeltaHedge, paths: SimulatedPaths, every: Int
  ) -> [Double] {
    var cash = [Double](repeating: 0, count: steps + 1)
    for (point, amount) in experiment.cashDividends { cash[point] = amount }
    let market = experiment.market
    let costs = CostModel(underlyingBasisPoints: experiment.costRate * 1e4)
    let option = OptionSpec(
      symbol: "X", kind: experiment.option.kind, strike: .absolute(experiment.option.strike),
      expiry: .date(days[steps]), quantity: -1)
    let portfolio = ResolvedPortfolio(cash: 0, holdings: [], options: [(0, option)], futures: [])
    let discount = Foundation.exp(-market.riskFreeRate * Double(steps) / 365)
    return (0..<paths.pathCount).map { p in
      let tape = MarketTape(
        symbols: ["X"], days: days, calendar: .calendar365, spots: [Array(paths.spots(ofPath: p))],
        atTheMoneyVolatilities: [[Double](repeating: market.volatility, count: steps + 1)],
        volatilityModels: [.flat],
        riskFreeRates: [Double](repeating: market.riskFreeRate, count: steps + 1),
        dividendYields: [[Double](repeating: market.dividendYield, count: steps + 1)],
        cashDividends: experiment.cashDividends.isEmpty ? nil : [cash])
      let rule = DeltaHedge(
        .init(trigger: .everyDays(every)),
        context: RuleContext(owner: 0, symbols: ["X"], costs: costs, stepsPerYear: 365))
      let result = Backtest.run(
        name: "delta", tape: tape, costs: costs, financing: .cash, dividends: .cash, rules: [rule],
        portfolio: portfolio)
      return result.daily.value[steps] * discount
    }
  }

  static func compare(kind: OptionKind, every: Int, rate: Double, dividend: Double, cost: Double, seed: UInt64) throws {
    let experiment = MonteCarloDeltaHedge(
      option: OptionContract(kind: kind, strike: 100, timeToExpiry: Double(steps) / 365),
      market: MarketState(spot: 100, volatility: 0.25, riskFreeRate: rate, dividendYield: dividend),
      rebalanceEvery: every, costRate: cost)
    // Realised 30 % against 25 % hedged: the P&L is far from 0 on most paths.
    let model = GeometricBrownianMotion(spot: 100, drift: 0.05, volatility: 0.3, dividendYield: dividend)
    let paths = try model.paths(count: pathCount, steps: steps, timeStep: 1.0 / 365, seed: seed, threads: 2)
    let kernel = try experiment.hedge(along: paths, threads: 2)
    let engine = engineProfitAndLoss(experiment, paths: paths, every: every)
    var worst = 0.0
    for p in 0..<pathCount {
      let gap = (kernel.profitAndLoss[p] - engine[p]).magnitude / kernel.premium
      worst = max(worst, gap)
      #expect(gap < 1e-9, "path \(p): kernel \(kernel.profitAndLoss[p]), engine \(engine[p])")
    }
    #expect(worst < 1e-9, "largest gap \(worst) of the premium")
  }

  @Test("1,000 GBM paths, daily rebalancing, 5 bp costs, r = 4 %, q = 1.5 %: the same P&L to 1e-9 of the premium", arguments: [OptionKind.call, .put])
  func daily(kind: OptionKind) throws {
    try Self.compare(kind: kind, every: 1, rate: 0.04, dividend: 0.015, cost: 0.0005, seed: 2026)
  }

  @Test("1,000 GBM paths, every 5 days, 20 bp costs, r = 2 %, no dividends: the same P&L to 1e-9 of the premium")
  func weekly() throws {
    try Self.compare(kind: .call, every: 5, rate: 0.02, dividend: 0, cost: 0.002, seed: 77)
  }

  @Test("cash dividends (1.5 on day 20, 2 on day 50): the kernel along paths that drop by them and the engine with dividend-cash agree to 1e-9 of the premium", arguments: [OptionKind.call, .put])
  func cashDividends(kind: OptionKind) throws {
    let rate = 0.03
    var experiment = MonteCarloDeltaHedge(
      option: OptionContract(kind: kind, strike: 95, timeToExpiry: Double(Self.steps) / 365),
      market: MarketState(spot: 100, volatility: 0.25, riskFreeRate: rate, dividendYield: 0),
      rebalanceEvery: 2, costRate: 0.0005)
    experiment.cashDividends = [20: 1.5, 50: 2]
    // Escrowed-dividend paths: S_t = S*_t + E_t, S* geometric Brownian from S₀ − E₀.
    func escrow(_ t: Int) -> Double {
      experiment.cashDividends.filter { $0.key > t }.reduce(0) {
        $0 + $1.value * Foundation.exp(-rate * Double($1.key - t) / 365)
      }
    }
    let model = GeometricBrownianMotion(spot: 100 - escrow(0), drift: 0.05, volatility: 0.3)
    let net = try model.paths(count: Self.pathCount, steps: Self.steps, timeStep: 1.0 / 365, seed: 9, threads: 2)
    var paths = SimulatedPaths(pathCount: Self.pathCount, stepCount: Self.steps, timeStep: 1.0 / 365)
    for p in 0..<Self.pathCount {
      for t in 0...Self.steps { paths.spots[p * (Self.steps + 1) + t] = net.spot(path: p, step: t) + escrow(t) }
      paths.spots[p * (Self.steps + 1)] = 100  // exactly S₀
    }
    let kernel = try experiment.hedge(along: paths, threads: 2)
    let engine = Self.engineProfitAndLoss(experiment, paths: paths, every: 2)
    // Priced on S₀ − E₀: below the dividend-free call, above the dividend-free put.
    var plain = experiment
    plain.cashDividends = [:]
    #expect(kind == .call ? kernel.premium < (try plain.hedge(along: paths)).premium : kernel.premium > (try plain.hedge(along: paths)).premium)
    var worst = 0.0
    for p in 0..<Self.pathCount {
      let gap = (kernel.profitAndLoss[p] - engine[p]).magnitude / kernel.premium
      worst = max(worst, gap)
      #expect(gap < 1e-9, "path \(p): kernel \(kernel.profitAndLoss[p]), engine \(engine[p])")
    }
    #expect(worst < 1e-9, "largest gap \(worst) of the premium")
    // The fused GBM kernel refuses cash dividends (its prices do not drop).
    #expect(throws: MonteCarloError.self) { try experiment.simulate(paths: 8, steps: 10, seed: 1) }
  }
}
