import Foundation
import HedgeLabTestSupport
import MarketData
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
    }
  }
}
