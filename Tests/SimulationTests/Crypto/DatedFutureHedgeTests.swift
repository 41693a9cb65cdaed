import Foundation
import HedgeLabTestSupport
import MarketData
import Pricing
import Simulation
import Testing

/// `future-hedge`: short dated inverse futures with a basis, rolled before expiry.
@Suite("Dated inverse futures with a basis")
struct DatedFutureHedgeTests {
  /// 2021-01-01 … 2021-06-30, every day (monthly expiries: last Fridays, 2021-01-29 …).
  static let days = Fixtures.everyDay(from: Day(iso: "2021-01-01")!, count: 181)

  static func market(path: [Double]? = nil, basis: [Double]? = nil) -> InMemoryMarketData {
    var rng = SplitMix64(seed: 5)
    let closes = path ?? Fixtures.gbm(days: days, spot: 30_000, volatility: 0.8, rng: &rng)
    return Fixtures.market(
      closes: ["BTC": (Array(days.prefix(closes.count)), closes)],
      volatility: ["BTCVOL": (days, [Double](repeating: 0.8, count: days.count))],
      rates: basis.map { ["BTC-BASIS": (days, $0)] } ?? [:])
  }

  static func run(
    _ rule: String, currency: String = "USD", costs: String = "{}", market: InMemoryMarketData = market()
  ) throws -> ProgramResult {
    let yaml = """
      name: futures
      calendar: calendar-365
      data: { underlyings: [BTC], volatility: { BTC: { atm: BTCVOL } }, rate: 0 }
      costs: \(costs)
      portfolio: { currency: \(currency), holdings: [ { symbol: BTC, units: 1 } ] }
      programs: [ { name: p, rules: [ \(rule) ] } ]
      """
    return try Fixtures.run(yaml, on: market).programs[0]
  }

  @Test("hand example: short 30,000 USD of inverse futures from 30,000 to 25,000 earns 0.2 BTC")
  func handExample() throws {
    // No basis: F = S. A short of face N·size = −30,000 USD entered at 30,000, marked at
    // 25,000: N·size·(1/entry − 1/exit) = −30,000·(1/30,000 − 1/25,000) = +0.2 BTC, the
    // USD value of 1 BTC held locked at 30,000 (1.2 BTC × 25,000).
    let path = [30_000.0, 28_000, 26_000, 25_000]
    let result = try Self.run(
      "{ type: future-hedge, expiry: monthly, roll-days: 0, rebalance-band: 1 }", currency: "BTC",
      market: Self.market(path: path))
    #expect(isClose(result.daily.value[3], 1.2, relative: 1e-12), "\(result.daily.value)")
    #expect(isClose(
      InverseFuture.profitInCoin(contracts: -30_000, contractSize: 1, entryPrice: 30_000, exitPrice: 25_000),
      0.2, relative: 1e-12))
  }

  @Test("coin P&L over a contract's life is face·(1/entry − 1/exit) with a basis, and F → S at expiry")
  func lifeAndConvergence() throws {
    let b = 0.08
    let result = try Self.run(
      "{ type: future-hedge, expiry: monthly, roll-days: 0, rebalance-band: 1, basis: \(b) }", currency: "BTC")
    let spots = try Self.market().closes(of: "BTC", from: nil, to: nil).values
    let open = try #require(result.trades.first { $0.instrument.kind == .future && $0.reason == .open })
    // The first monthly expiry is Friday 2021-01-29 08:00 UTC, settled at the 2021-01-28 close.
    let settled = try #require(result.trades.first { $0.instrument.kind == .future && $0.reason == .expiry })
    #expect(settled.day == Day(iso: "2021-01-28")!)
    #expect(open.instrument.expiry == settled.day)
    let t = Self.days.firstIndex(of: settled.day)!
    // Entry at S₀·e^{b·27/365}; the settlement price is the spot (prices in coin: ÷ S).
    #expect(isClose(open.price * spots[0], spots[0] * exp(b * 27 / 365), relative: 1e-12))
    #expect(isClose(settled.price * spots[t], spots[t], relative: 1e-12))
    // The holding gained exactly the inverse P&L of the short (coin flows before the next
    // contract opened that day: its own coin flows are costs only, zero here).
    let entry = open.price * spots[0]
    let face = open.quantity * entry
    let pnl = InverseFuture.profitInCoin(contracts: face, contractSize: 1, entryPrice: entry, exitPrice: spots[t])
    let received = result.trades.filter { $0.reason == .financing && $0.day <= settled.day }.map(\.quantity).reduce(0, +)
    #expect(isClose(received, pnl, relative: 1e-10), "\(received) vs \(pnl)")
    // The next contract opens the same day on the next expiry, 2021-02-26 (settled 02-25).
    let next = try #require(result.trades.first { $0.instrument.kind == .future && $0.reason == .roll && $0.quantity < 0 })
    #expect(next.day == settled.day && next.instrument.expiry == Day(iso: "2021-02-25")!)
  }

  @Test("roll: close and reopen roll-days before expiry, each charged future-bps on F·|q|")
  func rollCashFlows() throws {
    let result = try Self.run(
      "{ type: future-hedge, expiry: quarterly, roll-days: 7, rebalance-band: 1, basis: 0.1 }",
      costs: "{ future-bps: 5 }")
    // Quarterly: 2021-03-26 (settled 03-25), rolled on 03-18 into 2021-06-25 (settled 06-24).
    let futures = result.trades.filter { $0.instrument.kind == .future }
    let rolls = futures.filter { $0.reason == .roll }
    // …and on 06-17 again (into September): two rolls, two trades each.
    #expect(rolls.count == 4, "\(futures)")
    let (close, open) = (rolls[0], rolls[1])
    #expect(close.day == Day(iso: "2021-03-18")! && open.day == close.day)
    #expect(close.instrument.expiry == Day(iso: "2021-03-25")! && open.instrument.expiry == Day(iso: "2021-06-24")!)
    let spots = try Self.market().closes(of: "BTC", from: nil, to: nil).values
    let t = Self.days.firstIndex(of: close.day)!
    #expect(isClose(close.price, spots[t] * exp(0.1 * 7 / 365), relative: 1e-12))
    #expect(isClose(open.price, spots[t] * exp(0.1 * 98 / 365), relative: 1e-12))
    #expect(isClose(close.quantity, -futures[0].quantity * futures[0].price / close.price, relative: 1e-12))
    for trade in rolls {
      #expect(isClose(trade.costs.total, abs(trade.quantity) * trade.price * 5e-4, relative: 1e-12))
    }
    // No expiry settlement: it was rolled first.
    #expect(!futures.contains { $0.reason == .expiry && $0.day <= Day(iso: "2021-03-25")! })
  }

  @Test("a stored basis series prices the future; a missing series names basis.series")
  func storedBasis() throws {
    let basis = (0..<Self.days.count).map { 0.05 + 0.001 * Double($0 % 7) }
    let stored = try Self.run(
      "{ type: future-hedge, expiry: monthly, basis: { series: BTC-BASIS } }", market: Self.market(basis: basis))
    let open = try #require(stored.trades.first { $0.instrument.kind == .future })
    let spots = try Self.market().closes(of: "BTC", from: nil, to: nil).values
    #expect(isClose(open.price, spots[0] * exp(basis[0] * 27 / 365), relative: 1e-12), "\(open)")
    #expect {
      try Self.run("{ type: future-hedge, expiry: monthly, basis: { series: BTC-BASIS } }")
    } throws: { "\($0)".contains("programs[0].rules[0].basis.series") }
    #expect {
      try Self.run("{ type: future-hedge, expiry: weekly }")
    } throws: { "\($0)".contains("programs[0].rules[0].expiry") && "\($0)".contains("quarterly") }
  }
}
