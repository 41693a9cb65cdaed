import Foundation
import HedgeLabTestSupport
import MarketData
import Pricing
import Simulation
import Testing

/// Inverse (coin-settled) options and perpetuals in the engine, and coin accounting.
@Suite("Coin settlement, perpetual funding and coin accounting")
struct CoinSettlementTests {
  static let days = Fixtures.everyDay(from: Day(iso: "2021-01-01")!, count: 365)

  /// BTC-like: GBM at 80 % vol from 30,000 on every day of 2021, IV 80 %.
  static func market(seed: UInt64 = 31) -> InMemoryMarketData {
    var rng = SplitMix64(seed: seed)
    let path = Fixtures.gbm(days: days, spot: 30_000, volatility: 0.8, rng: &rng)
    return Fixtures.market(
      closes: ["BTC": (days, path)],
      volatility: ["BTCVOL": (days, [Double](repeating: 0.8, count: days.count))])
  }

  static func run(
    _ rules: String, portfolio: String = "holdings: [ { symbol: BTC, units: 1 } ]",
    seed: UInt64 = 31
  ) throws -> ProgramResult {
    let yaml = """
      name: coin
      calendar: calendar-365
      data: { underlyings: [BTC], volatility: { BTC: { atm: BTCVOL } }, rate: 0 }
      portfolio: { \(portfolio) }
      programs: [ { name: p, rules: [ \(rules) ] } ]
      """
    return try Fixtures.run(yaml, on: market(seed: seed)).programs[0]
  }

  static func spots(seed: UInt64 = 31) throws -> [Double] {
    try market(seed: seed).closes(of: "BTC", from: nil, to: nil).values
  }

  @Test("an inverse put's premium is paid from the BTC holding, its payoff added to it")
  func inversePremiumShrinksHolding() throws {
    let result = try Self.run("{ type: protective-put, strike: 0.9, expiry: monthly, settlement: inverse }")
    let spots = try Self.spots()
    let open = try #require(result.trades.first { $0.reason == .open })
    let paid = try #require(result.trades.first { $0.reason == .financing && $0.day == open.day })
    // The premium in coin, P_usd/S, sold from the holding: 1 BTC becomes 1 − P/S.
    #expect(isClose(paid.quantity, -open.quantity * open.price / spots[0], relative: 1e-12))
    #expect(paid.costs.total == 0 && result.daily.cash[0] == 0)
    // Each in-the-money settlement adds (K − S)/S coin per put to the holding.
    for settlement in result.trades where settlement.reason == .expiry && settlement.price > 0 {
      let t = Self.days.firstIndex(of: settlement.day)!
      let bought = result.trades.filter { $0.reason == .financing && $0.day == settlement.day }
        .map(\.quantity).reduce(0, +)
      let premium = result.trades.filter { $0.reason == .open && $0.day == settlement.day }
        .map { $0.quantity * $0.price }.reduce(0, +)
      let payoffCoin = try InverseOption.payoffInCoin(
        kind: .put, strike: settlement.instrument.strike!, settlementPrice: spots[t])
      #expect(isClose(bought, -settlement.quantity * payoffCoin - premium / spots[t], relative: 1e-12))
    }
    // Cash never moves: every flow went through the coin.
    #expect(result.daily.cash.allSatisfy { abs($0) < 1e-9 })
  }

  /// With a fixed size (`units`), so that the day's order of conversions does not change the
  /// package: a linear collar financed from the holding converts after the rules, an inverse
  /// one converts a payoff before the next package is sized (it arrives at settlement).
  @Test("in USD an inverse overlay equals a linear one financed from the holding (no costs)")
  func inverseEqualsLinearFinancedByHoldings() throws {
    let inverse = try Self.run("{ type: collar, expiry: monthly, units: 1, settlement: inverse }")
    let linear = try Self.run(
      "{ type: collar, expiry: monthly, units: 1 }",
      portfolio: "financing: holdings, holdings: [ { symbol: BTC, units: 1 } ]")
    for (a, b) in zip(inverse.daily.value, linear.daily.value) {
      #expect(isClose(a, b, relative: 1e-12))
    }
  }

  @Test("currency: BTC reports V/S, and the P&L columns still add up to the change in value")
  func coinAccounting() throws {
    let rules = "{ type: protective-put, strike: 0.9, expiry: monthly, settlement: inverse }"
    let usd = try Self.run(rules)
    let btc = try Self.run(rules, portfolio: "currency: BTC, holdings: [ { symbol: BTC, units: 1 } ]")
    let spots = try Self.spots()
    #expect(isClose(btc.summary.initialValue, 1, relative: 1e-15))
    for t in spots.indices {
      #expect(isClose(btc.daily.value[t], usd.daily.value[t] / spots[t], relative: 1e-14))
      if t > 0 {
        let d = btc.daily
        let change = d.value[t] - d.value[t - 1]
        let split = d.pnlUnderlying[t] + d.pnlOptions[t] + d.pnlCarry[t] - d.costs[t]
        #expect(abs(change - split) <= 1e-12, "day \(t)")
      }
    }
    // The unhedged holding is flat in coin: 1 BTC every day.
    let flat = try Self.run("", portfolio: "currency: BTC, holdings: [ { symbol: BTC, units: 1 } ]")
    #expect(flat.daily.value.allSatisfy { abs($0 - 1) < 1e-15 })
    #expect(flat.daily.delta.allSatisfy { abs($0) < 1e-9 })
  }

  @Test("a 1× short inverse perpetual without funding holds the USD value exactly")
  func perpetualLocksUSDValue() throws {
    let result = try Self.run("{ type: perpetual-hedge, funding: { rate: 0 } }")
    let v0 = result.daily.value[0]
    #expect(result.daily.value.allSatisfy { isClose($0, v0, relative: 1e-12) })
  }

  @Test("the short earns funding: V_t = V_{t−1}·(1 + 3r) a day at r per 8 h; 8h = continuous")
  func perpetualFunding() throws {
    let r = 0.0001
    let interval = try Self.run("{ type: perpetual-hedge, funding: { interval: 8h, rate: \(r) } }")
    let continuous = try Self.run("{ type: perpetual-hedge, funding: { interval: continuous, rate: \(r) } }")
    let v = interval.daily.value
    for t in 1..<v.count {
      #expect(isClose(v[t], v[t - 1] * (1 + 3 * r), relative: 1e-12), "day \(t)")
      #expect(isClose(continuous.daily.value[t], v[t], relative: 1e-14))
    }
    // The funding is carry, and over 30 days it is the sum of the 90 interval payments.
    let month = (1...30).map { interval.daily.pnlCarry[$0] }.reduce(0, +)
    let payments = (0..<30).map { v[$0] * 3 * r }.reduce(0, +)
    #expect(isClose(month, payments, relative: 1e-12))
  }

  @Test("a half hedge (0.5×) and a linear perpetual; bad funding keys name the key")
  func halfAndLinear() throws {
    let half = try Self.run("{ type: perpetual-hedge, hedge-ratio: 0.5, funding: { rate: 0 } }")
    let spots = try Self.spots()
    let last = spots.count - 1
    // Half the coin exposure stays: the USD value moves like 0.5 + 0.5·(S_T/S_0)^0 … roughly
    // half the unhedged move; exactly, the coin count shrinks by half the relative move daily.
    var units = 1.0
    for t in 1...last { units -= 0.5 * units * (spots[t] - spots[t - 1]) / spots[t] }
    #expect(isClose(half.daily.value[last], units * spots[last], relative: 1e-10))
    let linear = try Self.run("{ type: perpetual-hedge, contract: linear, funding: { rate: 0 } }")
    #expect(linear.daily.value.allSatisfy { isClose($0, linear.daily.value[0], relative: 1e-12) })
    #expect(linear.daily.cash.last! != 0)
    do {
      _ = try Self.run("{ type: perpetual-hedge, funding: { interval: 3h } }")
      Issue.record("3h was accepted")
    } catch {
      #expect("\(error)".contains("funding.interval") && "\(error)".contains("continuous"), "\(error)")
    }
  }

  @Test("currency must be USD or the one underlying")
  func badCurrency() throws {
    do {
      _ = try Self.run("", portfolio: "currency: ETH, holdings: [ { symbol: BTC, units: 1 } ]")
      Issue.record("ETH was accepted")
    } catch {
      #expect("\(error)".contains("portfolio.currency") && "\(error)".contains("BTC"), "\(error)")
    }
  }
}
