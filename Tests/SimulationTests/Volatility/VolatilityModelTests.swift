import Foundation
import HedgeLabTestSupport
import MarketData
import Pricing
import Testing

@testable import Simulation

/// The calibrated smile model on the real S&P 500 and VIX history, and the index-strategy rules.
@Suite("Volatility model and index-strategy rules")
struct VolatilityModelTests {
  static let enabled = Testing.ConditionTrait.enabled(if: SharedData.isAvailable, Comment(rawValue: SharedData.missingReason))

  /// S&P 500 closes and VIX (decimal) from ../shared/data, as an in-memory source; the
  /// 3-month T-bill as a constant 3 % (the rate series is tested elsewhere).
  static let market: InMemoryMarketData = {
    func read(_ name: String, scale: Double) -> DailySeries {
      let text = (try? String(contentsOf: SharedData.file(name), encoding: .utf8)) ?? ""
      var days: [Day] = []
      var values: [Double] = []
      for line in text.split(whereSeparator: \.isNewline).dropFirst() {
        let fields = line.split(separator: ",")
        if let day = Day(iso: String(fields[0])), let value = fields.last.flatMap({ Double($0) }) {
          days.append(day)
          values.append(value * scale)
        }
      }
      return DailySeries(name: name, days: days, values: values)
    }
    return InMemoryMarketData(
      closes: ["SPX": read("spx_daily.csv", scale: 1)],
      atTheMoneyVolatilities: ["VIX": read("vix_daily.csv", scale: 0.01)])
  }()

  static func scenario(volatility: String, programs: String, portfolio: String? = nil, period: String = "{ from: 1990-01-02, to: 2021-12-31 }") throws -> Scenario {
    try ScenarioLoader.load(
      yaml: """
        name: t
        data:
          underlyings: [SPX]
          volatility:
            SPX: \(volatility)
          rate: 0.03
          dividend-yield: { SPX: 0.018 }
        period: \(period)
        portfolio: \(portfolio ?? "{ financing: holdings, holdings: [{ symbol: SPX, notional: 1000000 }] }")
        programs:
        \(programs)
        """, file: "t.yaml")
  }

  static let vix = "{ series: VIX, kind: variance-swap, tenor-days: 30 }"

  @Test("calibrated to VIX, the 30-day ATM sits below VIX every day, between realised volatility and VIX on average", enabled)
  func atTheMoneyBelowIndex() throws {
    let s = try Self.scenario(volatility: Self.vix, programs: "  - { name: u, rules: [] }")
    let tape = try MarketTape.load(s, from: Self.market)
    var vix: [Double] = []
    var atm: [Double] = []
    let index = Self.market.atTheMoneyVolatilities["VIX"]!
    for t in 0..<tape.count {
      let level = try #require(index.indexOnOrBefore(tape.days[t]).map { index.values[$0] })
      vix.append(level)
      atm.append(tape.atTheMoneyVolatility(0, t))
      #expect(atm[t] < level, "\(tape.days[t]): ATM \(atm[t]) vs VIX \(level)")
    }
    // Realised: the 21-trading-day volatility of the following month (what the option lives through).
    var realised: [Double] = []
    let view = { (t: Int) in MarketView(tape: tape, index: t) }
    for t in stride(from: 21, to: tape.count, by: 1) {
      realised.append(try #require(view(t).realisedVolatility(0, window: 21)))
    }
    let mean = { (x: [Double]) in x.reduce(0, +) / Double(x.count) }
    let summary = try #require(tape.volatilitySummaries.first)
    #expect(isClose(summary.meanAtTheMoney, mean(atm), relative: 1e-12))
    #expect(mean(realised) < mean(atm) && mean(atm) < mean(vix),
            "mean realised \(mean(realised)), ATM \(mean(atm)), VIX \(mean(vix))")
    #expect(summary.meanGapPoints < -1.5 && summary.meanGapPoints > -4, "gap \(summary.meanGapPoints) points")
  }

  @Test("produced surfaces: no calendar arbitrage, put-call parity, non-negative butterflies", enabled)
  func producedSurfacesAreArbitrageFree() throws {
    let s = try Self.scenario(volatility: Self.vix, programs: "  - { name: u, rules: [] }")
    let tape = try MarketTape.load(s, from: Self.market)
    for t in stride(from: 0, to: tape.count, by: 97) {
      let view = MarketView(tape: tape, index: t)
      let spot = view.spot(0)
      for k in stride(from: -0.6, through: 0.4, by: 0.05) {
        var previous = 0.0
        for days in [1, 7, 14, 30, 61, 91, 182, 365, 730] {
          let T = Double(days) / 365
          let forward = spot * Foundation.exp((view.riskFreeRate - view.dividendYield(0)) * T)
          let σ = tape.impliedVolatility(0, t, strike: forward * Foundation.exp(k), timeToExpiry: T)
          let w = σ * σ * T
          #expect(w >= previous - 1e-14, "\(view.day) k \(k): total variance falls at \(days) d")
          previous = w
        }
      }
      let expiry = view.day + 45
      for m in [0.8, 0.95, 1.0, 1.1] {
        let (call, _) = view.greeks(0, kind: .call, strike: m * spot, expiry: expiry)
        let (put, _) = view.greeks(0, kind: .put, strike: m * spot, expiry: expiry)
        let T = view.timeToExpiry(expiry)
        let parity = spot * Foundation.exp(-view.dividendYield(0) * T) - m * spot * Foundation.exp(-view.riskFreeRate * T)
        #expect(isClose(call.price - put.price, parity, absolute: 1e-9 * spot, relative: 0))
      }
      var prices: [Double] = []
      for m in stride(from: 0.5, through: 1.5, by: 0.01) {
        prices.append(view.greeks(0, kind: .call, strike: m * spot, expiry: expiry).0.price)
      }
      for i in 1..<(prices.count - 1) {
        #expect(prices[i - 1] - 2 * prices[i] + prices[i + 1] >= -1e-9 * spot, "butterfly on \(view.day)")
      }
    }
  }

  @Test("a 91-day option is not priced from 30-day VIX unchanged: the term structure moves it toward the long run", enabled)
  func termStructure() throws {
    let s = try Self.scenario(volatility: Self.vix, programs: "  - { name: u, rules: [] }")
    let tape = try MarketTape.load(s, from: Self.market)
    // 2008-11-20: VIX 80.9 % far above its trailing mean: the 91-day ATM is lower than the 30-day.
    let crisis = try #require(tape.days.firstIndex(of: Day(iso: "2008-11-20")!))
    let spot = tape.spot(0, crisis)
    let atm30 = tape.impliedVolatility(0, crisis, strike: spot * Foundation.exp(0.0 * 30 / 365), timeToExpiry: 30.0 / 365)
    let atm91 = tape.impliedVolatility(0, crisis, strike: spot * Foundation.exp((0.03 - 0.018) * 91 / 365), timeToExpiry: 91.0 / 365)
    #expect(atm91 < atm30 - 0.03, "30 d \(atm30), 91 d \(atm91)")
    // 2017-11-03: VIX about 9 %, below its trailing mean: the curve slopes up.
    let calm = try #require(tape.days.firstIndex { $0 >= Day(iso: "2017-11-03")! })
    let s2 = tape.spot(0, calm)
    let c30 = tape.impliedVolatility(0, calm, strike: s2 * Foundation.exp((0.03 - 0.018) * 30 / 365), timeToExpiry: 30.0 / 365)
    let c91 = tape.impliedVolatility(0, calm, strike: s2 * Foundation.exp((0.03 - 0.018) * 91 / 365), timeToExpiry: 91.0 / 365)
    #expect(c91 > c30, "30 d \(c30), 91 d \(c91)")
    #expect(isClose(c30, tape.atTheMoneyVolatility(0, calm), relative: 1e-6), "T₀ reproduces the calibrated ATM")
  }

  @Test("scale, offset and realised + premium level sources", enabled)
  func levelOverrides() throws {
    let base = try MarketTape.load(try Self.scenario(volatility: Self.vix, programs: "  - { name: u, rules: [] }"), from: Self.market)
    let shifted = try MarketTape.load(
      try Self.scenario(volatility: "{ series: VIX, kind: variance-swap, tenor-days: 30, scale: 0.9, offset: 0.01 }", programs: "  - { name: u, rules: [] }"),
      from: Self.market)
    let index = Self.market.atTheMoneyVolatilities["VIX"]!
    let t = 4000
    let level = index.values[index.indexOnOrBefore(base.days[t])!]
    let cal = VarianceSwapCalibration.shared(for: .spxDefault)
    let T0 = 30.0 / 365
    let expected = (cal.atTheMoneyTotalVariance(varianceSwapTotalVariance: pow(0.9 * level + 0.01, 2) * T0) / T0).squareRoot()
    #expect(isClose(shifted.atTheMoneyVolatility(0, t), expected, relative: 1e-9))
    let realised = try MarketTape.load(
      try Self.scenario(volatility: "{ realised: { window-days: 21, premium: 0.01 } }", programs: "  - { name: u, rules: [] }", period: "{ from: 1990-03-01, to: 1995-12-29 }"),
      from: Self.market)
    let view = MarketView(tape: realised, index: 300)
    let rv = try #require(view.realisedVolatility(0, window: 21))
    let vs = rv * rv + 0.01
    let atm = (cal.atTheMoneyTotalVariance(varianceSwapTotalVariance: vs * T0) / T0).squareRoot()
    #expect(isClose(realised.atTheMoneyVolatility(0, 300), atm, relative: 1e-9))
    #expect(throws: ScenarioError.self) {
      _ = try MarketTape.load(
        try Self.scenario(volatility: "{ realised: { window-days: 21 } }", programs: "  - { name: u, rules: [] }", period: "{ from: 1990-01-02, to: 1990-12-31 }"),
        from: Self.market)
    }
  }

  @Test("index rules: one option per unit after financing, fixed cycles, cash-secured notional", enabled)
  func indexStrategyRules() throws {
    let s = try Self.scenario(
      volatility: Self.vix,
      programs: """
          - { name: bw, rules: [{ type: covered-call, strike: 1.0, cycle: monthly }] }
          - { name: pput, rules: [{ type: protective-put, strike: 0.95, cycle: quarterly-mar }] }
          - name: put
            portfolio: { cash: 1000000 }
            rules: [{ type: cash-secured-put, strike: 1.0, cycle: monthly }]
        """)
    let tape = try MarketTape.load(s, from: Self.market)
    let result = Backtest(scenario: s, tape: tape).run()
    for program in result.programs.prefix(2) {
      // Units held at the close, after the day's financing trade: (value − cash − rule-owned
      // options) / spot (these rules hold no hedge units; reinvested dividends are included).
      var checked = 0
      for trade in program.trades where trade.reason == .open && trade.instrument.kind == .option {
        let t = try #require(tape.days.firstIndex(of: trade.day))
        let d = program.daily
        let units = (d.value[t] - d.cash[t] - d.hedgeValue[t]) / tape.spot(0, t)
        #expect(isClose(abs(trade.quantity), units, relative: 1e-9), "\(program.name) \(trade.day)")
        checked += 1
        if program.name == "pput" {
          let month = trade.instrument.expiry!.components.month
          #expect(month % 3 == 0, "quarterly-mar put expiring in month \(month)")
        }
      }
      #expect(checked > (program.name == "pput" ? 120 : 380), "\(program.name): \(checked) openings")
    }
    // Cash-secured: notional (quantity × strike) equals the portfolio value before the sale.
    let put = result.programs[2]
    let opens = put.trades.filter { $0.reason == .open }
    #expect(opens.count > 380)
    for trade in opens.prefix(50) {
      let t = tape.days.firstIndex(of: trade.day)!
      let valueBefore = t == 0 ? 1_000_000 : put.daily.value[t - 1]
      let notional = -trade.quantity * trade.instrument.strike!
      #expect(abs(notional / valueBefore - 1) < 0.05, "notional \(notional) vs value \(valueBefore)")
    }
  }

  @Test("a 2 % annual budget is spread over the roll periods: hedged in every month of 2008", enabled)
  func budgetSpreadOverYear() throws {
    let s = try Self.scenario(
      volatility: Self.vix,
      programs: "  - { name: b, rules: [{ type: protective-put, strike: 0.95, tenor-days: 30, budget: 0.02 }] }",
      period: "{ from: 2007-01-03, to: 2008-12-31 }")
    let result = Backtest(scenario: s, tape: try MarketTape.load(s, from: Self.market)).run()
    let opens = result.programs[0].trades.filter { $0.reason == .open && $0.day.components.year == 2008 }
    let months = Set(opens.map { $0.day.components.month })
    #expect(months == Set(1...12), "opened in months \(months.sorted())")
    #expect(opens.allSatisfy { $0.quantity > 0 })
    let paid = opens.reduce(0) { $0 + $1.quantity * $1.price }
    #expect(paid < 0.02 * 1_100_000 * 1.05, "premium paid in 2008: \(paid)")
  }

  @Test("the smile model's keys are checked with located errors")
  func decodingErrors() throws {
    func message(_ volatility: String) -> String {
      do {
        _ = try Self.scenario(volatility: volatility, programs: "  - { name: u, rules: [] }")
        return "accepted"
      } catch { return "\(error)" }
    }
    #expect(message("{ series: VIX, tenor-days: 30 }").contains("data.volatility.SPX.kind"))
    #expect(message("{ series: VIX, kind: variance-swap }").contains("tenor-days"))
    #expect(message("{ series: VIX, kind: variance-swap, tenor-days: 30, smile: { rho: -0.7, eta: 1.5 } }").contains("butterfly arbitrage"))
    #expect(message("{ series: VIX, kind: vs, tenor-days: 30 }").contains("variance-swap"))
    #expect(message("{ atm: VIX, kind: variance-swap }").contains("cannot be mixed"))
  }

  @Test("dividend yields by year: each day takes its year's yield; a missing year is a located error", enabled)
  func dividendYieldByYear() throws {
    let yaml = """
      name: t
      data:
        underlyings: [SPX]
        volatility: { SPX: 0.2 }
        dividend-yield: { SPX: { by-year: { 2019: 0.019, 2020: 0.018 } } }
      period: { from: 2019-12-02, to: 2020-01-31 }
      portfolio: { holdings: [{ symbol: SPX, units: 1 }] }
      programs: [{ name: u, rules: [] }]
      """
    let s = try ScenarioLoader.load(yaml: yaml, file: "t.yaml")
    let tape = try MarketTape.load(s, from: Self.market)
    #expect(tape.dividendYield(0, 0) == 0.019)
    #expect(tape.dividendYield(0, tape.count - 1) == 0.018)
    let late = try ScenarioLoader.load(yaml: yaml.replacingOccurrences(of: "2020-01-31", with: "2021-01-29"), file: "t.yaml")
    #expect {
      _ = try MarketTape.load(late, from: Self.market)
    } throws: { "\($0)".contains("no value for 2021") && "\($0)".contains("data.dividend-yield.SPX") }
  }
}

/// The bundled `Scenarios/spx-index-strategies.yaml` on the real history: the stylised facts of
/// 1990–2021 (Cboe BXM and PUT lagged the total-return index with about two-thirds of its
/// volatility; PPUT and CLL lagged both).
@Suite("S&P 500 index strategies, 1990-2021")
struct IndexStrategyFactsTests {
  @Test("buy-write and put-write below the total return with lower volatility; put and collar below both",
        VolatilityModelTests.enabled)
  func stylisedFacts() throws {
    var text = try String(
      contentsOf: SharedData.projectRoot.appendingPathComponent("Scenarios/spx-index-strategies.yaml"), encoding: .utf8)
    text = text.replacingOccurrences(of: "  database: ../market.sqlite\n", with: "")
    let scenario = try ScenarioLoader.load(yaml: text, file: "spx-index-strategies.yaml")
    // GS3M: monthly percent, bond-equivalent yield → continuous decimal, as `ingest` stores it.
    var market = VolatilityModelTests.market
    let gs3m = try String(contentsOf: SharedData.file("gs3m_monthly.csv"), encoding: .utf8)
    var days: [Day] = []
    var values: [Double] = []
    for line in gs3m.split(whereSeparator: \.isNewline).dropFirst() {
      let f = line.split(separator: ",")
      guard f.count >= 2, let y = Double(f[1]), let day = Day(iso: String(f[0].prefix(7)) + "-01") else { continue }
      days.append(day)
      values.append(2 * Foundation.log(1 + y / 200))
    }
    market.rateSeries["GS3M"] = DailySeries(name: "GS3M", days: days, values: values)
    let tape = try MarketTape.load(scenario, from: market)
    let result = Backtest(scenario: scenario, tape: tape).run()
    func stats(_ name: String) throws -> (cagr: Double, vol: Double) {
      let v = try #require(result.programs.first { $0.name == name }).daily.value
      let years = Double(tape.days[0].days(to: tape.days[tape.count - 1])) / 365.25
      var r: [Double] = []
      for t in 1..<v.count { r.append(v[t] / v[t - 1] - 1) }
      let mean = r.reduce(0, +) / Double(r.count)
      let variance = r.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(r.count - 1)
      return (Foundation.pow(v[v.count - 1] / v[0], 1 / years) - 1, (variance * 252).squareRoot())
    }
    let tr = try stats("total-return")
    let bw = try stats("buy-write")
    let pw = try stats("put-write")
    let put = try stats("put-95")
    let collar = try stats("collar")
    #expect(abs(tr.cagr - 0.1065) < 0.003, "total return \(tr.cagr)")
    #expect(bw.cagr < tr.cagr && pw.cagr < tr.cagr, "BW \(bw.cagr), PUT \(pw.cagr), TR \(tr.cagr)")
    #expect(bw.vol < 0.75 * tr.vol && pw.vol < 0.75 * tr.vol, "BW \(bw.vol), PUT \(pw.vol), TR \(tr.vol)")
    #expect(put.cagr < min(bw.cagr, pw.cagr) && collar.cagr < min(bw.cagr, pw.cagr),
            "PPUT \(put.cagr), collar \(collar.cagr)")
    let summary = try #require(result.volatility.first)
    #expect(summary.meanGapPoints < -2 && summary.meanGapPoints > -4)
  }
}
