import Foundation
import HedgeLabTestSupport
import MarketData
import Pricing
import Testing

@testable import Simulation

/// Full-revaluation risk grids and the risk-based portfolio margin on hand-built books.
///
/// The margin follows the Cboe/OCC TIMS idea (Cboe Rule 12.4, "Portfolio Margin"; OCC,
/// *Theoretical Intermarket Margin System*): the worst theoretical loss over a range of
/// underlying moves, here ±15 % for an index and ±20 % for a single stock.
@Suite("Risk: revaluation grid and portfolio margin")
struct PortfolioRiskTests {
  /// A flat market of one underlying: 40 weekdays at `spot`, flat implied volatility.
  static func view(
    symbol: String = "SPX", spot: Double = 100, volatility: Double = 0.2, rate: Double = 0.02,
    dividendYield: Double = 0
  ) -> MarketView {
    let days = Fixtures.weekdays(from: Day(year: 2021, month: 3, day: 1)!, count: 40)
    let n = days.count
    let tape = MarketTape(
      symbols: [symbol], days: days, calendar: .tradingDays, spots: [[Double](repeating: spot, count: n)],
      atTheMoneyVolatilities: [[Double](repeating: volatility, count: n)], volatilityModels: [.flat],
      riskFreeRates: [Double](repeating: rate, count: n),
      dividendYields: [[Double](repeating: dividendYield, count: n)])
    return MarketView(tape: tape, index: 0)
  }

  /// Adds `quantity` European options on underlying 0, priced at today's market.
  static func add(
    _ kind: OptionKind, strike: Double, days: Int, quantity: Double, to portfolio: inout Portfolio,
    _ view: MarketView
  ) {
    let expiry = Expiry(day: view.day + days, index: .max)
    let (g, σ) = view.greeks(0, kind: kind, strike: strike, expiry: expiry.day)
    portfolio.options.append(
      OptionPosition(
        id: portfolio.options.count, owner: 0, underlying: 0, kind: kind, strike: strike, expiry: expiry,
        quantity: quantity, price: g.price, delta: g.delta, gamma: g.gamma, vega: g.vega, theta: g.theta,
        volatility: σ, previousPrice: g.price))
  }

  @Test("a plain long holding needs 15 % of its value as an index and 20 % as a single stock")
  func longStock() {
    let index = Self.view(symbol: "SPX")
    let holding = Portfolio(cash: 5_000, baseUnits: [100])
    #expect(isClose(PortfolioMarginModel.standard.margin(holding, index), 0.15 * 100 * 100, relative: 1e-12))
    let stock = Self.view(symbol: "ACME")
    #expect(isClose(PortfolioMarginModel.standard.margin(holding, stock), 0.20 * 100 * 100, relative: 1e-12))
    // A configured class overrides the symbol list.
    let model = PortfolioMarginModel(classes: ["ACME": .index])
    #expect(isClose(model.margin(holding, stock), 1_500, relative: 1e-12))
  }

  @Test("a protective put caps the margin near (spot − strike + premium) per unit")
  func protectivePut() {
    // r = q = 0, so a deep in-the-money European put is worth at least K − S and the loss
    // per unit on any fall is at most S − K + premium.
    let view = Self.view(rate: 0)
    var book = Portfolio(cash: 0, baseUnits: [100])
    Self.add(.put, strike: 95, days: 30, quantity: 100, to: &book, view)
    let premium = book.options[0].price
    let margin = PortfolioMarginModel.standard.margin(book, view)
    #expect(margin <= 100 * (100 - 95 + premium) + 1e-9)
    #expect(margin >= 100 * (100 - 95))
    #expect(margin < 0.5 * 1_500, "the put must cut the 15 % requirement by more than half")
  }

  @Test("a short put needs more margin than a long put, whose margin is at most its premium")
  func shortVersusLongPut() {
    let view = Self.view()
    var long = Portfolio(cash: 10_000, baseUnits: [0])
    Self.add(.put, strike: 95, days: 30, quantity: 100, to: &long, view)
    var short = Portfolio(cash: 10_000, baseUnits: [0])
    Self.add(.put, strike: 95, days: 30, quantity: -100, to: &short, view)
    let longMargin = PortfolioMarginModel.standard.margin(long, view)
    let shortMargin = PortfolioMarginModel.standard.margin(short, view)
    #expect(longMargin <= 100 * long.options[0].price + 1e-9)
    #expect(longMargin > 0, "the −10 vol point shift and a rally lose part of the premium")
    #expect(shortMargin > longMargin)
    // The short put at −15 % loses about (K − 0.85·S − premium) per unit.
    #expect(shortMargin > 100 * (95 - 85 - short.options[0].price))
  }

  @Test("the grid is exactly zero at no spot move and no volatility shift")
  func zeroAtOrigin() throws {
    let view = Self.view(dividendYield: 0.015)
    var book = Portfolio(cash: 1_000, baseUnits: [250])
    Self.add(.put, strike: 90, days: 45, quantity: 250, to: &book, view)
    Self.add(.call, strike: 110, days: 45, quantity: -250, to: &book, view)
    Self.add(.call, strike: 100, days: 200, quantity: 37.5, to: &book, view)
    let grid = PortfolioRevaluation(book, view).grid(.standard)
    let i = grid.spec.spotMoves.firstIndex(of: 0)!
    let j = grid.spec.volatilityShifts.firstIndex(of: 0)!
    #expect(grid.pnl[i][j] == 0)
    #expect(grid.pnl.count == 13 && grid.pnl.allSatisfy { $0.count == 6 })
    let worst = try #require(grid.worst)
    #expect(worst.pnl == grid.pnl.flatMap { $0 }.min())
    #expect(grid.pnl[grid.spec.spotMoves.firstIndex(of: worst.spotMove)!][grid.spec.volatilityShifts.firstIndex(of: worst.volatilityShift)!] == worst.pnl)
  }

  @Test("full revaluation agrees with the greeks for small moves (Taylor to second order)")
  func revaluationMatchesGreeks() {
    let view = Self.view(spot: 4_000, volatility: 0.25, rate: 0.03, dividendYield: 0.015)
    var book = Portfolio(cash: 0, baseUnits: [10])
    Self.add(.put, strike: 3_800, days: 60, quantity: 10, to: &book, view)
    Self.add(.call, strike: 4_200, days: 30, quantity: -5, to: &book, view)
    let snapshot = RiskSnapshot(
      program: "p", portfolio: book, view: view,
      grid: RiskGridSpec(spotMoves: [-0.005, -0.001, 0.001, 0.005], volatilityShifts: [0, 0.001]))
    let g = snapshot.total
    for (i, x) in snapshot.grid.spec.spotMoves.enumerated() {
      // ΔV ≈ dollarDelta·x + ½·(gammaPerPercent·100)·x²
      let taylor = g.dollarDelta * x + 0.5 * g.gammaPerPercent * 100 * x * x
      let full = snapshot.grid.pnl[i][0]
      #expect(abs(full - taylor) <= 1e-3 * abs(full), "spot move \(x): full \(full), Taylor \(taylor)")
    }
    // +0.1 vol point: ΔV ≈ vegaPerVolPoint·0.1.
    let j = snapshot.grid.spec.spotMoves.firstIndex(of: 0.001)!
    let volOnly = snapshot.grid.pnl[j][1] - snapshot.grid.pnl[j][0]
    #expect(isClose(volOnly, g.vegaPerVolPoint * 0.1, relative: 2e-2))
    // Net greeks: shares-equivalent delta = units + Σ q·Δ.
    let shares = 10 + book.options.reduce(0) { $0 + $1.quantity * $1.delta }
    #expect(isClose(g.sharesEquivalent!, shares, relative: 1e-12))
    #expect(isClose(g.thetaPerDay, book.options.reduce(0) { $0 + $1.quantity * $1.theta } / 365, relative: 1e-12))
  }

  static let scenario = """
    name: risk
    data:
      underlyings: [IDX]
      volatility:
        IDX: { atm: IDXVOL, skew: { slope: -0.5, curvature: 0.5 } }
      rate: RATE
      dividend-yield:
        IDX: 0.015
    portfolio:
      cash: 1000
      holdings:
        - { symbol: IDX, units: 100 }
    programs:
      - name: unhedged
        rules: []
      - name: put
        rules:
          - { type: protective-put, strike: 0.95, tenor-days: 30 }
      - name: collar-delta
        rules:
          - { type: collar, put-strike: 0.95, call-strike: 1.08, tenor-days: 30 }
          - { type: delta, every-days: 1 }

    """

  @Test("snapshots replay the engine: same value as the full run, no look-ahead, date rules")
  func snapshotsFromTheEngine() throws {
    let data = Fixtures.indexMarket(seed: 5, count: 120)
    let scenario = try ScenarioLoader.load(yaml: Self.scenario, file: "risk.yaml")
    let tape = try MarketTape.load(scenario, from: data)
    let backtest = Backtest(scenario: scenario, tape: tape)
    let full = backtest.run(programs: nil, margin: .standard)
    let plain = backtest.run()
    for p in full.programs.indices {
      // Margin is an observer: the run's records are unchanged.
      #expect(full.programs[p].daily == plain.programs[p].daily)
      #expect(plain.programs[p].margin == nil)
      for t in [0, 37, 119] {
        let snapshot = try backtest.riskSnapshot(program: full.programs[p].name, on: tape.days[t])
        #expect(snapshot.index == t)
        #expect(isClose(snapshot.value, full.programs[p].daily.value[t], relative: 1e-12))
        #expect(isClose(snapshot.total.dollarDelta, full.programs[p].daily.delta[t], absolute: 1e-9, relative: 1e-9))
        #expect(isClose(snapshot.margin, full.programs[p].margin![t], absolute: 1e-12, relative: 1e-12))
        // No look-ahead: the same snapshot on a tape cut after day t.
        let cut = Backtest(scenario: scenario, tape: tape.prefix(t + 1))
        #expect(cut.portfolio(program: p, through: t).cash == backtest.portfolio(program: p, through: t).cash)
      }
    }
    // The unhedged book's margin is 20 % of the holding every day: IDX is not a known index
    // symbol, so it is margined as a single stock.
    let unhedged = full.programs[0]
    for t in [0, 50, 119] {
      #expect(isClose(unhedged.margin![t], 0.20 * 100 * tape.spot(0, t), relative: 1e-12))
    }
    // A Saturday uses the Friday before; dates outside the period are refused.
    let saturday = tape.days.first { $0.weekday == 5 }! + 1
    #expect(try backtest.step(onOrBefore: saturday) == tape.days.firstIndex(of: saturday - 1)!)
    #expect(throws: RiskError.dateOutsidePeriod(date: tape.days[0] - 1, first: tape.days[0], last: tape.days[119])) {
      try backtest.step(onOrBefore: tape.days[0] - 1)
    }
    #expect(throws: RiskError.self) { try backtest.riskSnapshot(program: "nope", on: tape.days[3]) }
  }
}
