import Foundation
import HedgeLabTestSupport
import MarketData
import Simulation
import Testing

@testable import Analytics

/// The comparison of a portfolio counted in BTC (`portfolio.currency: BTC`): values, premiums,
/// payoffs and the options still open are all in coin.
@Suite("Comparison in the coin")
struct CoinAccountingComparisonTests {
  static func market() -> InMemoryMarketData {
    var rng = SplitMix64(seed: 41)
    let days = (0..<400).map { Day(iso: "2021-01-01")! + $0 }
    var path = [30_000.0]
    for _ in 1..<days.count {
      let u1 = max(rng.uniform(0, 1), 1e-300)
      let z = (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * rng.uniform(0, 1))
      path.append(path.last! * Foundation.exp(0.1 / 365 + 0.5 * (1.0 / 365).squareRoot() * z))
    }
    return InMemoryMarketData(
      closes: ["BTC": DailySeries(name: "BTC", days: days, values: path)],
      atTheMoneyVolatilities: [
        "BTCVOL": DailySeries(name: "BTCVOL", days: days, values: [Double](repeating: 0.5, count: days.count))
      ])
  }

  static func comparison(currency: String) throws -> (ScenarioComparison, BacktestResult) {
    let yaml = """
      name: coin
      calendar: calendar-365
      data: { underlyings: [BTC], volatility: { BTC: { atm: BTCVOL } }, rate: 0 }
      portfolio: { currency: \(currency), holdings: [ { symbol: BTC, units: 1 } ] }
      programs:
        - { name: unhedged, rules: [] }
        - name: call-hedged
          rules:
            - { type: covered-call, strike: 1.1, expiry: monthly, settlement: inverse }
            - { type: delta, every-days: 1, target-delta: 1 }
      """
    let scenario = try ScenarioLoader.load(yaml: yaml, file: "coin.yaml")
    let tape = try MarketTape.load(scenario, from: market())
    let result = Backtest(scenario: scenario, tape: tape).run()
    return (try ScenarioComparison(result: result, scenario: scenario, tape: tape), result)
  }

  @Test("values, premiums and open options in coin are the USD ones over the day's close")
  func premiumsAndOpenOptions() throws {
    let (usd, usdResult) = try Self.comparison(currency: "USD")
    let (btc, btcResult) = try Self.comparison(currency: "BTC")
    let spots = usdResult.spots[0]
    let u = try #require(usd.reports.first { $0.name == "call-hedged" })
    let b = try #require(btc.reports.first { $0.name == "call-hedged" })
    for t in spots.indices {
      #expect(isClose(b.curve.values[t], u.curve.values[t] / spots[t], relative: 1e-12))
    }
    // Premiums: each USD premium over the close of its day.
    var premiumsCoin = 0.0
    for trade in usdResult.programs[1].trades where trade.instrument.kind == .option && trade.reason != .expiry {
      premiumsCoin += trade.quantity * trade.price / spots[usdResult.days.firstIndex(of: trade.day)!]
    }
    let be = try #require(b.efficiency)
    #expect(isClose(be.optionPremiumsPaid, premiumsCoin, relative: 1e-10))
    // The options still open at the end: (hedge value − hedge units·S)/S in USD terms.
    let last = spots.count - 1
    var hedgeUnits = 0.0
    for trade in usdResult.programs[1].trades where trade.rule >= 0 && trade.instrument.kind == .underlying {
      hedgeUnits += trade.quantity
    }
    let openUSD = usdResult.programs[1].daily.hedgeValue[last] - hedgeUnits * spots[last]
    var expiriesCoin = 0.0
    for trade in usdResult.programs[1].trades where trade.reason == .expiry {
      expiriesCoin -= trade.quantity * trade.price / spots[usdResult.days.firstIndex(of: trade.day)!]
    }
    #expect(isClose(be.optionPayoffsReceived, expiriesCoin + openUSD / spots[last], absolute: 1e-12, relative: 1e-9))
    #expect(btcResult.programs[0].daily.value.allSatisfy { abs($0 - 1) < 1e-15 })
  }
}
