import Foundation
import HedgeLabTestSupport
import MarketData
import Simulation
import Testing

/// Option overlays on crypto expiries (`expiry: weekly | monthly | quarterly`) on a 24/7
/// calendar.
@Suite("Overlays on crypto expiries")
struct CryptoExpiryRuleTests {
  /// BTC-like: every calendar day of 2021, GBM at 80 % vol from 30,000, IV 80 %.
  static func market() -> InMemoryMarketData {
    var rng = SplitMix64(seed: 21)
    let days = Fixtures.everyDay(from: Day(iso: "2021-01-01")!, count: 365)
    let path = Fixtures.gbm(days: days, spot: 30_000, volatility: 0.8, rng: &rng)
    return Fixtures.market(
      closes: ["BTC": (days, path)],
      volatility: ["BTCVOL": (days, [Double](repeating: 0.8, count: days.count))])
  }

  static func trades(expiry: String, tenor: Int) throws -> [TradeRecord] {
    let yaml = """
      name: crypto-expiries
      calendar: calendar-365
      data:
        underlyings: [BTC]
        volatility: { BTC: { atm: BTCVOL } }
        rate: 0
      portfolio: { holdings: [ { symbol: BTC, units: 1 } ] }
      programs:
        - { name: p, rules: [ { type: protective-put, strike: 0.9, expiry: \(expiry), tenor-days: \(tenor) } ] }
      """
    return try Fixtures.run(yaml, on: market()).programs[0].trades
  }

  @Test("monthly puts open on last Fridays and settle at the close the day before (2021)")
  func monthly() throws {
    let trades = try Self.trades(expiry: "monthly", tenor: 30)
    let lastFridays = CryptoExpiryCalendar.expiries(.monthly, in: 2021)
    let settlementCloses = lastFridays.map { CryptoExpiryCalendar.settlementDay(ofExpiry: $0) }
    let settled = trades.filter { $0.reason == .expiry }.map(\.day)
    // Every settlement of 2021 is the Thursday close before a last Friday: all twelve (the
    // first put opens 2021-01-01 for 2021-01-29; the last settles on 2021-12-30's close).
    #expect(settled == settlementCloses)
    #expect(settled.allSatisfy { $0.weekday == 4 })
    // The next put opens on the settlement close itself.
    for day in settled { #expect(trades.contains { $0.reason == .open && $0.day == day }) }
  }

  @Test("quarterly and weekly cycles; an unknown cycle names the key and the choices")
  func otherCycles() throws {
    let quarterly = try Self.trades(expiry: "quarterly", tenor: 90)
      .filter { $0.reason == .expiry }.map(\.day)
    #expect(quarterly == ["2021-03-25", "2021-06-24", "2021-09-23", "2021-12-30"].map { Day(iso: $0)! })
    let weekly = try Self.trades(expiry: "weekly", tenor: 7).filter { $0.reason == .expiry }
    #expect(weekly.count == 52 && weekly.allSatisfy { $0.day.weekday == 4 })
    #expect(throws: ScenarioError.self) { try Self.trades(expiry: "fortnightly", tenor: 14) }
    do {
      _ = try Self.trades(expiry: "fortnightly", tenor: 14)
    } catch {
      let message = String(describing: error)
      #expect(message.contains("expiry") && message.contains("quarterly"), "\(message)")
    }
  }
}

@Suite("A 24/7 series in a trading-day scenario")
struct CryptoCalendarCheckTests {
  @Test("BTC without calendar: calendar-365 is refused, naming the key, the line and the fix")
  func btcInTradingDays() throws {
    let yaml = """
      name: wrong-calendar
      data: { underlyings: [BTC], volatility: { BTC: { atm: BTCVOL } }, rate: 0 }
      portfolio: { holdings: [ { symbol: BTC, units: 1 } ] }
      programs: [ { name: p, rules: [] } ]
      """
    do {
      _ = try Fixtures.run(yaml, on: CryptoExpiryRuleTests.market())
      Issue.record("a 24/7 series ran on the trading-day calendar")
    } catch {
      let message = "\(error)"
      #expect(message.contains("test.yaml") && message.contains("calendar"), "\(message)")
      #expect(message.contains("'BTC'") && message.contains("calendar: calendar-365"), "\(message)")
    }
    // The same on calendar-365 runs.
    let fixed = yaml.replacingOccurrences(of: "name: wrong-calendar", with: "name: ok\ncalendar: calendar-365")
    #expect(try Fixtures.run(fixed, on: CryptoExpiryRuleTests.market()).days.count == 365)
  }
}
