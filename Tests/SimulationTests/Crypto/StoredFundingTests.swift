import Foundation
import HedgeLabTestSupport
import MarketData
import Pricing
import Simulation
import Testing

/// `perpetual-hedge` reading a stored funding series (`funding: { series: … }`).
@Suite("Perpetual funding from a stored series")
struct StoredFundingTests {
  /// January 2021, every day, and 31 more so that a run can start on any January day.
  static let days = Fixtures.everyDay(from: Day(iso: "2021-01-01")!, count: 62)

  /// The per-8-hour funding rates of day t (00:00, 08:00, 16:00 UTC), as a venue publishes
  /// them: around 0.01 %, varying, some negative.
  static func intervalRates(_ t: Int) -> [Double] {
    (0..<3).map { k in 0.0001 + 0.00015 * sin(Double(3 * t + k)) }
  }

  /// A BTC GBM path, its IV, and the funding series stored as `ingest --kind funding` stores
  /// it: the day's summed interval rates × 365.
  static func market(dropping missing: Set<Int> = []) -> InMemoryMarketData {
    var rng = SplitMix64(seed: 11)
    let path = Fixtures.gbm(days: days, spot: 30_000, volatility: 0.8, rng: &rng)
    let kept = days.indices.filter { !missing.contains($0) }
    return Fixtures.market(
      closes: ["BTC": (days, path)],
      volatility: ["BTCVOL": (days, [Double](repeating: 0.8, count: days.count))],
      rates: [
        "BTC-FUNDING": (kept.map { days[$0] }, kept.map { intervalRates($0).reduce(0, +) * 365 }),
        "FLAT-FUNDING": (days, [Double](repeating: 3 * 0.0001 * 365, count: days.count)),
      ])
  }

  static func run(
    _ rule: String, currency: String = "USD", period: String = "{ from: 2021-01-01, to: 2021-01-31 }",
    market: InMemoryMarketData = market()
  ) throws -> ProgramResult {
    let yaml = """
      name: funding
      calendar: calendar-365
      data: { underlyings: [BTC], volatility: { BTC: { atm: BTCVOL } }, rate: 0 }
      period: \(period)
      portfolio: { currency: \(currency), holdings: [ { symbol: BTC, units: 1 } ] }
      programs: [ { name: p, rules: [ \(rule) ] } ]
      """
    return try Fixtures.run(yaml, on: market).programs[0]
  }

  static func spots() throws -> [Double] { try market().closes(of: "BTC", from: nil, to: nil).values }

  @Test("inverse, in coin: a month of funding is the sum of its 90 interval payments face·r/S")
  func inverseMonthInCoin() throws {
    // rebalance-band 1: the face value stays that of the first day (no resizing).
    let rule = "{ type: perpetual-hedge, rebalance-band: 1, funding: { series: BTC-FUNDING } }"
    let coin = try Self.run(rule, currency: "BTC")
    let usd = try Self.run(rule)
    let spots = try Self.spots()
    let face = -1 * spots[0]  // short 1 BTC at the first close
    // Each interval payment: the short receives −face·r, in coin at the day's close.
    var payments = 0.0
    var paymentsUSD = 0.0
    for t in 1...30 {
      for r in Self.intervalRates(t) {
        payments += -face * r / spots[t]
        paymentsUSD += -face * r
      }
    }
    let carry = (1...30).map { coin.daily.pnlCarry[$0] }.reduce(0, +)
    #expect(isClose(carry, payments, relative: 1e-12), "\(carry) vs \(payments)")
    let carryUSD = (1...30).map { usd.daily.pnlCarry[$0] }.reduce(0, +)
    #expect(isClose(carryUSD, paymentsUSD, relative: 1e-12), "\(carryUSD) vs \(paymentsUSD)")
    // The funding is the only income: the coin count grows by exactly what the carry says.
    let units = coin.trades.filter { $0.reason == .financing || $0.reason == .initial }.map(\.quantity).reduce(0, +)
    #expect(isClose(units * spots[30], usd.daily.value[30], relative: 1e-12))
  }

  @Test("linear, in USD: a month of funding is the sum of the interval payments q·S_t·r")
  func linearMonthInUSD() throws {
    let result = try Self.run(
      "{ type: perpetual-hedge, contract: linear, rebalance-band: 1, funding: { series: BTC-FUNDING } }")
    let spots = try Self.spots()
    var payments = 0.0
    for t in 1...30 { for r in Self.intervalRates(t) { payments += -(-1 * spots[t]) * r } }
    let carry = (1...30).map { result.daily.pnlCarry[$0] }.reduce(0, +)
    #expect(isClose(carry, payments, relative: 1e-12), "\(carry) vs \(payments)")
  }

  @Test("a constant stored series equals the model rate, for 8h and continuous accrual")
  func constantSeriesEqualsModel() throws {
    for interval in ["8h", "continuous"] {
      let stored = try Self.run("{ type: perpetual-hedge, funding: { interval: \(interval), series: FLAT-FUNDING } }")
      let model = try Self.run("{ type: perpetual-hedge, funding: { interval: \(interval), rate: 0.0001 } }")
      for (a, b) in zip(stored.daily.value, model.daily.value) { #expect(isClose(a, b, relative: 1e-13)) }
    }
  }

  @Test("a missing series, a gap longer than a day, and rate + series together name the key")
  func errors() throws {
    let rule = "{ type: perpetual-hedge, funding: { series: BTC-FUNDNG } }"
    #expect {
      try Self.run(rule)
    } throws: { error in
      let text = "\(error)"
      return text.contains("programs[0].rules[0].funding.series") && text.contains("BTC-FUNDING")
    }
    // One missing day is filled from the day before; two are a gap.
    _ = try Self.run("{ type: perpetual-hedge, funding: { series: BTC-FUNDING } }", market: Self.market(dropping: [10]))
    #expect {
      try Self.run("{ type: perpetual-hedge, funding: { series: BTC-FUNDING } }", market: Self.market(dropping: [10, 11]))
    } throws: { error in
      let text = "\(error)"
      return text.contains("programs[0].rules[0].funding.series") && text.contains("2021-01-12")
        && text.contains("2021-01-10")
    }
    #expect {
      try Self.run("{ type: perpetual-hedge, funding: { rate: 0.0001, series: BTC-FUNDING } }")
    } throws: { error in "\(error)".contains("funding") && "\(error)".contains("series") }
  }
}
