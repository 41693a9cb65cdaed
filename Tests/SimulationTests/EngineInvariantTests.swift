import Foundation
import HedgeLabTestSupport
import MarketData
import Simulation
import Testing

/// The simulator's invariants on seeded synthetic markets (pfhedge-style identities, the
/// nautilus_trader determinism policy).
@Suite("Engine invariants")
struct EngineInvariantTests {
  static let header = """
    name: invariants
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

    """

  static let busyPrograms = """
    programs:
      - name: collar-and-delta
        rules:
          - { type: collar, put-strike: 0.95, call-strike: 1.08, tenor-days: 30 }
          - { type: delta, every-days: 1 }
      - name: put-rolled-band
        rules:
          - { type: protective-put, strike: 0.97, tenor-days: 60, roll-every-days: 10, budget: 0.03 }
          - { type: delta, band-units: 5, hedge-volatility: leland }
      - name: short-straddle-vega
        rules:
          - { type: options, notional: 10000, legs: [ { kind: call, strike: 1, ratio: -1 }, { kind: put, strike: 1, ratio: -1 } ] }
          - { type: vega, option-tenor-days: 90, roll-below-days: 30, every-days: 3 }
      - name: delta-gamma-future
        rules:
          - { type: covered-call, strike: 1.03 }
          - { type: delta-gamma, option-kind: put, option-strike: 0.98 }
          - { type: delta, instrument: future, move-sigmas: 1 }
      - name: synthetic-put
        rules:
          - { type: delta, synthetic-put: { strike: 0.95, tenor-days: 30 }, hedge-volatility: realised, realised-window: 10 }

    """

  @Test("(1) a program with no rule is the naked portfolio: cash compounding plus units at spot")
  func noRuleIsNaked() throws {
    let data = Fixtures.indexMarket(seed: 11)
    let yaml = Self.header + """
      programs:
        - name: naked
          rules: []
        - name: none
          rules: [ { type: none } ]
      """
    let result = try Fixtures.run(yaml, on: data)
    let naked = result.programs[0]
    let none = result.programs[1]
    #expect(naked.daily == none.daily)
    #expect(naked.trades.count == 1 && naked.trades[0].reason == .initial)
    // Independent recomputation: cash earns e^{rΔt} and the dividend yield on 100 units.
    let spots = result.spots[0]
    let r = 0.02
    let q = 0.015
    var cash = 1000.0
    for t in result.days.indices {
      if t > 0 {
        let dt = Double(result.days[t - 1].days(to: result.days[t])) / 365
        cash = cash * Foundation.exp(r * dt) + 100 * spots[t - 1] * (Foundation.exp(q * dt) - 1)
      }
      let expected = cash + 100 * spots[t]
      #expect(isClose(naked.daily.value[t], expected, relative: 1e-12), "day \(t)")
      #expect(naked.daily.hedgeValue[t] == 0)
      #expect(isClose(naked.daily.delta[t], 100 * spots[t], relative: 1e-12))
    }
    #expect(naked.summary.totalCosts == 0)
  }

  @Test("(2) with zero costs no trade creates or destroys value: Δvalue = P&L split, every day")
  func valueConservedWithoutCosts() throws {
    for seed: UInt64 in [1, 2, 3] {
      let data = Fixtures.indexMarket(seed: seed, volatility: 0.3)
      let result = try Fixtures.run(Self.header + Self.busyPrograms, on: data)
      for program in result.programs {
        #expect(program.trades.count > 20, "\(program.name) must trade")
        #expect(program.trades.allSatisfy { $0.costs.total == 0 })
        checkDailyIdentity(program, seed: seed)
        #expect(program.daily.costs.allSatisfy { $0 == 0 })
        #expect(isClose(program.daily.value[0], program.summary.initialValue, absolute: 1e-8, relative: 1e-12))
      }
    }
  }

  @Test("financing from holdings: hedges are paid by selling the holding, cash is untouched, value conserved")
  func financingFromHoldings() throws {
    let data = Fixtures.indexMarket(seed: 6, volatility: 0.3, rate: 0)
    let yaml = """
      name: financing
      data:
        underlyings: [IDX]
        volatility: { IDX: { atm: IDXVOL } }
        rate: RATE
      portfolio:
        cash: 1000
        financing: holdings
        holdings: [ { symbol: IDX, units: 100 } ]
      programs:
        - name: put
          rules: [ { type: protective-put, strike: 0.97, tenor-days: 30 } ]
        - name: collar-and-delta
          rules:
            - { type: collar, put-strike: 0.95, call-strike: 1.05 }
            - { type: delta, target-delta: 0.5 }
      """
    let result = try Fixtures.run(yaml, on: data)
    for program in result.programs {
      checkDailyIdentity(program, seed: 6)
      let financing = program.trades.filter { $0.reason == .financing }
      #expect(financing.count > 5, "\(program.name) sells or buys the holding")
    }
    // With no costs, no rate and no dividends, the put program's cash never moves: every
    // premium is paid, and every payoff reinvested, through the holding.
    let put = result.programs[0]
    #expect(put.daily.cash.allSatisfy { abs($0 - 1000) < 1e-6 })
  }

  /// The header with `portfolio.dividends: <treatment>` (and optionally `financing`).
  static func header(dividends: String?, financing: String? = nil) -> String {
    var lines = "  cash: 1000\n"
    if let financing { lines += "  financing: \(financing)\n" }
    if let dividends { lines += "  dividends: \(dividends)\n" }
    return header.replacingOccurrences(of: "  cash: 1000\n", with: lines)
  }

  /// A total-return index reinvests each dividend in the index at the close (S&P Dow Jones
  /// Indices, "Index Mathematics Methodology", total return indices; the Cboe PPUT and BXM
  /// methodologies use the total-return S&P 500).
  @Test("dividends: reinvest makes the naked holding the total-return holding; the dividend is still carry")
  func reinvestedDividendsBuyUnits() throws {
    let data = Fixtures.indexMarket(seed: 11)
    let yaml = Self.header(dividends: "reinvest") + """
      programs:
        - name: naked
          rules: []
      """
    let naked = try Fixtures.run(yaml, on: data).programs[0]
    let cashRun = try Fixtures.run(Self.header(dividends: "cash") + "programs: [ { name: naked, rules: [] } ]", on: data)
    let days = cashRun.days
    let spots = cashRun.spots[0]
    // Independent recomputation: cash earns e^{rΔt} only; the dividend of the units held,
    // units·S_{t−1}·(e^{qΔt} − 1), buys dividend / S_t units at the close.
    let r = 0.02
    let q = 0.015
    var cash = 1000.0
    var units = 100.0
    for t in days.indices {
      if t > 0 {
        let dt = Double(days[t - 1].days(to: days[t])) / 365
        let interest = cash * Foundation.expm1(r * dt)
        let dividend = units * spots[t - 1] * Foundation.expm1(q * dt)
        cash += interest
        units += dividend / spots[t]
        #expect(isClose(naked.daily.pnlCarry[t], interest + dividend, relative: 1e-12), "carry, day \(t)")
        #expect(isClose(naked.daily.pnlUnderlying[t], (units - dividend / spots[t]) * (spots[t] - spots[t - 1]), absolute: 1e-9, relative: 1e-12))
      }
      #expect(isClose(naked.daily.cash[t], cash, relative: 1e-12), "cash, day \(t)")
      #expect(isClose(naked.daily.value[t], cash + units * spots[t], relative: 1e-12), "value, day \(t)")
      #expect(isClose(naked.daily.delta[t], units * spots[t], relative: 1e-12), "delta, day \(t)")
    }
    // The units grow by about the dividend yield a year (q·T = 1.8 % over these 300 weekdays).
    #expect(units > 100 * (1 + 0.9 * q * Double(days[0].days(to: days[days.count - 1])) / 365))
    // Reinvestment is neither a trade nor a cost and creates no value: Δvalue = P&L split.
    #expect(naked.trades.count == 1 && naked.trades[0].reason == .initial)
    #expect(naked.summary.totalCosts == 0)
    checkDailyIdentity(naked, seed: 11)
    // `cash` keeps the units fixed: its delta is 100·S every day.
    let fixed = cashRun.programs[0]
    for t in days.indices { #expect(isClose(fixed.daily.delta[t], 100 * spots[t], relative: 1e-12)) }
  }

  @Test("dividends: reinvest conserves value in busy programs (Δvalue = P&L split), with and without costs")
  func reinvestedDividendsConserveValue() throws {
    for seed: UInt64 in [1, 2] {
      let data = Fixtures.indexMarket(seed: seed, volatility: 0.3)
      for financing in ["cash", "holdings"] {
        let result = try Fixtures.run(
          Self.header(dividends: "reinvest", financing: financing) + Self.busyPrograms, on: data)
        for program in result.programs {
          #expect(program.trades.allSatisfy { $0.costs.total == 0 })
          checkDailyIdentity(program, seed: seed)
        }
      }
      let costs = """
        costs:
          underlying-bps: 5
          option-half-spread: 0.03
          contract-fee: 0.65

        """
      let result = try Fixtures.run(Self.header(dividends: "reinvest") + costs + Self.busyPrograms, on: data)
      for program in result.programs {
        checkDailyIdentity(program, seed: seed)
        #expect(isClose(program.trades.reduce(0.0) { $0 + $1.costs.total }, program.summary.totalCosts, relative: 1e-12),
          "reinvestment adds no cost")
      }
    }
  }

  @Test("portfolio.dividends defaults to reinvest with financing: holdings, else cash; unknown values are named")
  func dividendDefaults() throws {
    func load(_ portfolio: String) throws -> PortfolioSpec {
      try ScenarioLoader.load(
        yaml: """
          name: d
          data: { underlyings: [IDX], rate: 0 }
          portfolio: { \(portfolio)holdings: [ { symbol: IDX, units: 1 } ] }
          programs: [ { name: p, rules: [] } ]
          """, file: "d.yaml"
      ).portfolio
    }
    #expect(try load("").dividends == .cash)
    #expect(try load("financing: cash, ").dividends == .cash)
    #expect(try load("financing: holdings, ").dividends == .reinvest)
    #expect(try load("financing: holdings, dividends: cash, ").dividends == .cash)
    #expect(try load("dividends: reinvest, ").dividends == .reinvest)
    #expect(PortfolioSpec(financing: .holdings).dividends == .reinvest)
    #expect(PortfolioSpec().dividends == .cash)
    do {
      _ = try load("dividends: reinvested, ")
      Issue.record("an unknown treatment must be rejected")
    } catch {
      #expect(String(describing: error).contains("dividends"), "\(error)")
      #expect(String(describing: error).contains("reinvest, cash"), "\(error)")
    }
  }

  @Test("with costs, Δvalue = P&L split − costs every day, and the costs add up to the ledger's")
  func costsAreBookedSeparately() throws {
    let data = Fixtures.indexMarket(seed: 5, volatility: 0.3)
    let yaml = Self.header + """
      costs:
        underlying-bps: 5
        future-bps: 1
        option-half-spread: 0.03
        contract-fee: 0.65
        minimum-fee: 1

      """ + Self.busyPrograms
    let result = try Fixtures.run(yaml, on: data)
    for program in result.programs {
      checkDailyIdentity(program, seed: 5)
      let ledger = program.trades.reduce(0.0) { $0 + $1.costs.total }
      let daily = program.daily.costs.reduce(0, +)
      #expect(ledger > 0)
      #expect(isClose(ledger, daily, relative: 1e-12))
      #expect(isClose(ledger, program.summary.totalCosts, relative: 1e-12))
      #expect(program.trades.allSatisfy { $0.reason == .initial || $0.reason == .expiry || $0.costs.total >= 1 - 1e-12 },
        "every trade pays at least the minimum fee")
    }
  }

  func checkDailyIdentity(_ program: ProgramResult, seed: UInt64) {
    let d = program.daily
    #expect(isClose(d.value[0], program.summary.initialValue - d.costs[0], absolute: 1e-8, relative: 1e-12))
    for t in 1..<d.value.count {
      let change = d.value[t] - d.value[t - 1]
      let split = d.pnlUnderlying[t] + d.pnlOptions[t] + d.pnlCarry[t] - d.costs[t]
      #expect(
        abs(change - split) <= 1e-9 * max(1, abs(d.value[t])),
        "\(program.name) seed \(seed) day \(t): Δvalue \(change) ≠ split \(split)")
    }
  }

  @Test("(3) delta hedging at the pricing volatility: hedging error std grows like √(rebalancing interval)")
  func hedgingErrorScalesWithSquareRootOfInterval() throws {
    // Short one at-the-money 91-day call on a GBM path with σ = pricing σ = 20 %, r = q = 0,
    // every calendar day a step (Δt = 1/365), zero costs. The discrete-hedging error has
    // standard deviation ∝ √Δt_rebalance (Boyle & Emanuel 1980; Bertsimas, Kogan & Lo 2000),
    // so each 4× longer interval should double it.
    let intervals = [1, 4, 16]
    let paths = 300
    var errors = [[Double]](repeating: [], count: intervals.count)
    var rng = SplitMix64(seed: 2024)
    let days = Fixtures.everyDay(from: Day(year: 2021, month: 1, day: 4)!, count: 92)
    for _ in 0..<paths {
      let path = Fixtures.gbm(days: days, spot: 100, volatility: 0.2, rng: &rng)
      let data = Fixtures.market(closes: ["GBM": (days, path)])
      var yaml = """
        name: hedging-error
        data:
          underlyings: [GBM]
          volatility: { GBM: 0.2 }
          rate: 0
        calendar: calendar-365
        portfolio:
          options:
            - { symbol: GBM, kind: call, strike-price: 100, expiry: \(days[91]), quantity: -1 }
        programs:

        """
      for h in intervals {
        yaml += "  - { name: every-\(h), rules: [ { type: delta, every-days: \(h) } ] }\n"
      }
      let result = try Fixtures.run(yaml, on: data)
      for (i, program) in result.programs.enumerated() {
        errors[i].append(program.summary.finalValue - program.summary.initialValue)
      }
    }
    func std(_ x: [Double]) -> Double {
      let mean = x.reduce(0, +) / Double(x.count)
      return (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)).squareRoot()
    }
    let stds = errors.map(std)
    // Kamal & Derman (1999), "When you cannot hedge continuously": with N rebalances the
    // hedging error has std ≈ √(π/4)·vega·σ/√N. Vega of the 91-day ATM call at S = 100,
    // σ = 0.2: S·√T·n(d1).
    let T = 91.0 / 365
    let d1 = 0.5 * 0.2 * T.squareRoot()
    let vega = 100 * T.squareRoot() * Foundation.exp(-d1 * d1 / 2) / (2 * Double.pi).squareRoot()
    for (i, h) in intervals.enumerated() {
      let predicted = (Double.pi / 4).squareRoot() * vega * 0.2 / (91.0 / Double(h)).squareRoot()
      #expect(abs(stds[i] / predicted - 1) < 0.2, "every \(h) days: std \(stds[i]) vs Kamal-Derman \(predicted)")
    }
    for i in 1..<stds.count {
      let ratio = stds[i] / stds[i - 1]
      #expect(ratio > 1.6 && ratio < 2.4, "std ratio for a 4× interval: \(ratio) (stds \(stds), seed 2024)")
    }
  }

  @Test("(4) a protective put floors the value at each expiry: V ≥ K·units − premiums paid")
  func protectivePutFloorsValue() throws {
    for seed: UInt64 in [7, 8, 9, 10] {
      let data = Fixtures.indexMarket(seed: seed, count: 500, volatility: 0.45, rate: 0, drift: -0.1)
      let yaml = """
        name: floor
        data:
          underlyings: [IDX]
          volatility: { IDX: { atm: IDXVOL, skew: { slope: -0.8 } } }
          rate: 0
        portfolio:
          holdings: [ { symbol: IDX, units: 100 } ]
        programs:
          - name: put
            rules: [ { type: protective-put, strike: 0.95, tenor-days: 30 } ]
        """
      let result = try Fixtures.run(yaml, on: data)
      let program = result.programs[0]
      var premiums = 0.0
      var expiries = 0
      for trade in program.trades {
        if trade.reason == .open {
          premiums += trade.quantity * trade.price
        }
        if trade.reason == .expiry {
          expiries += 1
          let t = result.days.firstIndex(of: trade.day)!
          let floor = trade.instrument.strike! * 100 - premiums
          // Value after settlement; a new put bought at mid the same day does not change it.
          #expect(program.daily.value[t] >= floor - 1e-9, "seed \(seed) \(trade.day): \(program.daily.value[t]) < \(floor)")
        }
      }
      #expect(expiries >= 20)
      #expect(premiums > 0)
    }
  }

  @Test("(5) no look-ahead: truncating the future leaves every earlier decision identical")
  func noLookAhead() throws {
    let days = Fixtures.weekdays(from: Day(year: 2020, month: 1, day: 2)!, count: 400)
    var rng = SplitMix64(seed: 99)
    let index = Fixtures.gbm(days: days, spot: 100, drift: 0.05, volatility: 0.25, rng: &rng)
    let stock = Fixtures.gbm(days: days, spot: 50, drift: 0.05, volatility: 0.35, rng: &rng)
    let vol = (0..<days.count).map { 0.15 + 0.1 * Foundation.sin(Double($0) / 20) }
    func data(_ count: Int) -> InMemoryMarketData {
      Fixtures.market(
        closes: ["IDX": (Array(days.prefix(count)), Array(index.prefix(count))),
                 "STK": (Array(days.prefix(count)), Array(stock.prefix(count)))],
        volatility: ["IDXVOL": (Array(days.prefix(count)), Array(vol.prefix(count)))],
        rates: ["RATE": (Array(days.prefix(count)), [Double](repeating: 0.01, count: count))])
    }
    let yaml = """
      name: look-ahead
      data:
        underlyings: [IDX, STK]
        volatility: { IDX: { atm: IDXVOL, skew: { slope: -0.6, curvature: 1 } } }
        rate: RATE
      portfolio:
        cash: 500
        holdings: [ { symbol: IDX, units: 10 }, { symbol: STK, units: 40 } ]
      costs: { underlying-bps: 2, option-half-spread: 0.02 }
      """ + "\n" + Self.busyPrograms + """
        - name: index-puts
          rules:
            - { type: index-hedge, index: IDX, beta-window: 60, roll-below-days: 10 }
        - name: short-index
          rules:
            - { type: index-hedge, index: IDX, instrument: short-index, beta-window: 40, rebalance-every-days: 5 }
        - name: realised-delta
          rules:
            - { type: put-spread }
            - { type: delta, whalley-wilmott: 0.001 }
      """
    let full = try Fixtures.run(yaml, on: data(days.count))
    for cut in [150, 233, 317] {
      let truncated = try Fixtures.run(yaml, on: data(cut))
      for (a, b) in zip(full.programs, truncated.programs) {
        let lastDay = days[cut - 1]
        #expect(a.trades.filter { $0.day <= lastDay } == b.trades, "\(a.name) trades up to \(lastDay)")
        #expect(Array(a.daily.value.prefix(cut)) == b.daily.value, "\(a.name) values up to \(lastDay)")
        #expect(Array(a.daily.delta.prefix(cut)) == b.daily.delta)
      }
    }
  }

  @Test("(6) determinism: the same scenario and data give byte-identical output")
  func determinism() throws {
    let data = Fixtures.indexMarket(seed: 3, volatility: 0.3)
    let yaml = Self.header + "costs: { underlying-bps: 1, option-half-spread-vol: 0.5 }\n" + Self.busyPrograms
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let first = try encoder.encode(Fixtures.run(yaml, on: data))
    let second = try encoder.encode(Fixtures.run(yaml, on: data))
    #expect(first == second)
    #expect(first.count > 10_000)
  }
}
