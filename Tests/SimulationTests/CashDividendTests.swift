import Foundation
import HedgeLabTestSupport
import MarketData
import Pricing
import Testing

@testable import Simulation

/// `data.dividend-cash`: stored cash dividends (amount per share on each ex-date) are paid to
/// the units held over the ex-date.
@Suite("Cash dividends")
struct CashDividendTests {
  static let days = Fixtures.weekdays(from: Day(year: 2021, month: 3, day: 1)!, count: 30)
  static let closes = (0..<30).map { 100 + Double($0) }

  static func scenario(_ dividends: String, cash: String = "\n  dividend-cash: [AAA]") throws -> Scenario {
    try ScenarioLoader.load(
      yaml: """
        name: cash-dividends
        data:
          underlyings: [AAA]\(cash)
          rate: 0
        portfolio:
          holdings: [ { symbol: AAA, units: 1000 } ]
          dividends: \(dividends)
        programs:
          - name: held
            rules: []
        """, file: "cash.yaml")
  }

  static func market(_ dividends: [CashDividend]) -> InMemoryMarketData {
    var market = Fixtures.market(closes: ["AAA": (days, closes)])
    market.dividends = ["AAA": dividends]
    return market
  }

  @Test("a dividend of 0.75 a share, ex on a weekend, is paid on the next trading day to the 1,000 units held")
  func paidInCash() throws {
    // Given 1,000 units and a 0.75 dividend going ex on Saturday 2021-03-13 (paid Monday the 15th)
    let exDate = Day(year: 2021, month: 3, day: 13)!
    let market = Self.market([CashDividend(exDate: exDate, amount: 0.75)])
    let paid = try Self.scenario("cash")
    let tape = try MarketTape.load(paid, from: market)
    let monday = try #require(Self.days.firstIndex(of: Day(year: 2021, month: 3, day: 15)!))
    #expect(tape.cashDividends[monday] == 0.75 && tape.cashDividends.reduce(0, +) == 0.75)
    // When run with and without data.dividend-cash
    let with = Backtest(scenario: paid, tape: tape).run(program: 0)
    let without = try Self.scenario("cash", cash: "")
    let plain = Backtest(scenario: without, tape: try MarketTape.load(without, from: market)).run(program: 0)
    // Then the value differs by exactly 750 from that day on (rate 0), and the carry says so
    for t in Self.days.indices {
      #expect(with.daily.value[t] - plain.daily.value[t] == (t >= monday ? 750 : 0), "day \(t)")
    }
    #expect(tape.seriesHashes.contains { $0.series == "dividend_cash AAA" })
  }

  @Test("reinvested: the dividend buys units at the ex-day's close")
  func reinvested() throws {
    let market = Self.market([CashDividend(exDate: Self.days[10], amount: 2)])
    let scenario = try Self.scenario("reinvest")
    let tape = try MarketTape.load(scenario, from: market)
    let result = Backtest(scenario: scenario, tape: tape).run(program: 0)
    // 1,000 units × 2 buys 2,000 / 110 units at day 10's close; value then tracks 1,000 + 2000/110 units.
    let units = 1000 + 2000 / Self.closes[10]
    #expect(isClose(result.daily.value[29], units * Self.closes[29], relative: 1e-12))
  }

  @Test("errors name the key: a symbol that is not an underlying, and a symbol without stored dividends")
  func errors() throws {
    #expect(throws: ScenarioError.self) { try Self.scenario("cash", cash: "\n  dividend-cash: [BBB]") }
    do {
      _ = try Self.scenario("cash", cash: "\n  dividend-cash: [BBB]")
    } catch let error as ScenarioError {
      #expect(error.description.contains("data.dividend-cash[0]") && error.description.contains("not one of data.underlyings"))
    }
    do {
      _ = try MarketTape.load(try Self.scenario("cash"), from: Self.market([]))
      Issue.record("a symbol without stored cash dividends must be refused")
    } catch let error as ScenarioError {
      #expect(error.description.contains("no cash dividends are stored for it; ingest them with"))
      #expect(error.description.contains("data.dividend-cash[0]"), "\(error.description)")
    }
  }

  @Test("a short holding of 1,000 units pays the 0.75 dividend: −750 from the ex-day on")
  func shortHolderPays() throws {
    let exDate = Self.days[12]
    let market = Self.market([CashDividend(exDate: exDate, amount: 0.75)])
    func run(_ cash: String) throws -> ProgramResult {
      let scenario = try ScenarioLoader.load(
        yaml: """
          name: short
          data:
            underlyings: [AAA]\(cash)
            rate: 0
          portfolio:
            cash: 200000
            holdings: [ { symbol: AAA, units: -1000 } ]
          programs:
            - name: short
              rules: []
          """, file: "short.yaml")
      return Backtest(scenario: scenario, tape: try MarketTape.load(scenario, from: market)).run(program: 0)
    }
    let with = try run("\n  dividend-cash: [AAA]")
    let without = try run("")
    for t in Self.days.indices {
      #expect(with.daily.value[t] - without.daily.value[t] == (t >= 12 ? -750 : 0), "day \(t)")
      #expect(with.daily.pnlCarry[t] == (t == 12 ? -750 : 0), "day \(t)")
    }
  }

  /// A tape of 40 calendar days at S = 100, σ = 20 %, r = 5 %, q = 0, with a cash dividend of
  /// 2 paid on day 10 and 3 on day 30.
  static func escrowTape(dividends: Bool) -> MarketTape {
    let days = Fixtures.everyDay(from: Day(year: 2022, month: 1, day: 3)!, count: 40)
    var cash = [Double](repeating: 0, count: 40)
    cash[10] = 2
    cash[30] = 3
    return MarketTape(
      symbols: ["AAA"], days: days, calendar: .calendar365, spots: [[Double](repeating: 100, count: 40)],
      atTheMoneyVolatilities: [[Double](repeating: 0.2, count: 40)], volatilityModels: [.flat],
      riskFreeRates: [Double](repeating: 0.05, count: 40), dividendYields: [[Double](repeating: 0, count: 40)],
      cashDividends: dividends ? [cash] : nil)
  }

  @Test("escrowed dividends: C − P = S − PV(D) − K·e^{−rT}; only dividends before expiry count; none without dividend-cash")
  func putCallParityEscrowed() throws {
    let tape = Self.escrowTape(dividends: true)
    let view = MarketView(tape: tape, index: 2)
    let expiry = tape.days[20]  // the dividend of day 10 falls before it, that of day 30 after
    let T = 18.0 / 365
    // Hand-computed: PV = 2·e^{−0.05·8/365} (day 10 is 8 days after day 2).
    let pv = 2 * Foundation.exp(-0.05 * 8 / 365)
    #expect(isClose(tape.escrowedDividends(0, 2, through: expiry), pv, relative: 1e-15))
    #expect(isClose(view.escrowedSpot(0, through: expiry), 100 - pv, relative: 1e-15))
    let call = view.greeks(0, kind: .call, strike: 95, expiry: expiry).0
    let put = view.greeks(0, kind: .put, strike: 95, expiry: expiry).0
    let parity = 100 - pv - 95 * Foundation.exp(-0.05 * T)
    #expect(isClose(call.price - put.price, parity, absolute: 1e-12, relative: 1e-12))
    // Both dividends before a later expiry; none once the dividends are paid.
    let late = tape.days[35]
    let both = 2 * Foundation.exp(-0.05 * 8 / 365) + 3 * Foundation.exp(-0.05 * 28 / 365)
    #expect(isClose(tape.escrowedDividends(0, 2, through: late), both, relative: 1e-15))
    #expect(tape.escrowedDividends(0, 30, through: late) == 0)
    // The futures price uses the same escrowed spot: F = (S − PV)·e^{rT}.
    #expect(isClose(view.futurePrice(0, expiry: expiry), (100 - pv) * Foundation.exp(0.05 * T), relative: 1e-14))
    // Without data.dividend-cash the close itself.
    let plain = MarketView(tape: Self.escrowTape(dividends: false), index: 2)
    let plainCall = plain.greeks(0, kind: .call, strike: 95, expiry: expiry).0
    #expect(plain.escrowedSpot(0, through: expiry) == 100 && plainCall.price > call.price)
  }

  @Test("risk grid with cash dividends: the base is the engine's mark on S − PV(D), the 0/0 shock 0, a +10 % shock reprices on 1.1·S − PV(D)")
  func riskGridEscrowed() throws {
    let tape = Self.escrowTape(dividends: true)
    let view = MarketView(tape: tape, index: 2)
    let expiry = tape.settlement(of: tape.days[20])
    let (mark, σ) = view.greeks(0, kind: .put, strike: 95, expiry: expiry.day)
    var portfolio = Portfolio(cash: 0, baseUnits: [0])
    portfolio.options.append(
      OptionPosition(
        id: 0, owner: -1, underlying: 0, kind: .put, strike: 95, expiry: expiry, quantity: 2,
        price: mark.price, delta: mark.delta, gamma: mark.gamma, vega: mark.vega, theta: mark.theta,
        volatility: σ, previousPrice: mark.price))
    let revaluation = PortfolioRevaluation(portfolio, view)
    let pv = 2 * Foundation.exp(-0.05 * 8 / 365)
    let contract = OptionContract(kind: .put, strike: 95, timeToExpiry: 18.0 / 365)
    func put(_ spot: Double) -> Double {
      BlackScholesMerton.price(contract, MarketState(spot: spot, volatility: σ, riskFreeRate: 0.05, dividendYield: 0))
    }
    #expect(isClose(revaluation.lines[0].base, mark.price, relative: 1e-12))
    #expect(revaluation.pnl(moves: [0], volatilityShift: 0) == 0)
    let up = revaluation.pnl(moves: [0.1], volatilityShift: 0)
    #expect(isClose(up, 2 * (put(110 - pv) - put(100 - pv)), absolute: 1e-12, relative: 1e-12))
  }

  @Test("scenario.yaml keeps data.dividend-cash (encoded and decoded back), and a symbol override renames it")
  func encodedAndRenamed() throws {
    let scenario = try Self.scenario("cash")
    let text = try scenario.yaml()
    #expect(text.contains("dividend-cash"), "\(text)")
    let again = try ScenarioLoader.load(yaml: text, file: "again.yaml")
    #expect(again.data.dividendCash == ["AAA"])
    let renamed = try scenario.applying([.symbol(replacing: "AAA", with: "BBB")], validate: false)
    #expect(renamed.data.dividendCash == ["BBB"] && renamed.data.underlyings == ["BBB"])
  }
}
