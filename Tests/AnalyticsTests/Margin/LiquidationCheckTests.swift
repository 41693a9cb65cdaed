import Foundation
import HedgeLabTestSupport
import Simulation
import Testing

@testable import Analytics
@testable import MarketData

/// The liquidation check on the real BTC history (`../shared/data/crypto/btc_daily.csv`, read
/// in place): a BTC holder writing inverse puts on 1.5 times the holding is flagged in the
/// March 2020 crash (close 4,724.39 on 2020-03-12, from 7,911 the day before); the unhedged
/// holding and a protective put never are.
@Suite(
  "Liquidation check on the real BTC history",
  .enabled(if: SharedData.isAvailable, Comment(rawValue: SharedData.missingReason)))
struct LiquidationCheckTests {
  static let database: Result<MarketDatabase, any Error> = Result {
    let db = try MarketDatabase.inMemory()
    var options = IngestOptions(kind: .price)
    options.symbol = "BTC"
    _ = try db.ingest(file: SharedData.file("crypto/btc_daily.csv").path, options: options)
    return db
  }

  /// Inverse puts written on 1.5 BTC against 1 BTC held: the March 2020 crash leaves the
  /// equity positive (about 0.2 BTC) but far below the margin of the deep in-the-money puts.
  static let programs =
    "[ { name: unhedged, rules: [] }, "
    + "{ name: short-puts-1.5x, rules: [ { type: options, legs: [ { kind: put, strike: 0.9, ratio: -1 } ], units: 1.5, expiry: monthly, settlement: inverse } ] }, "
    + "{ name: protective-put, rules: [ { type: protective-put, strike: 0.9, expiry: monthly, settlement: inverse } ] } ]"

  static func comparison(
    model: String, currency: String = "BTC", period: String = "{ from: 2020-01-01, to: 2020-06-30 }",
    programs: String = programs
  ) throws -> (ScenarioComparison, BacktestResult) {
    let scenario = try ScenarioLoader.load(
      yaml: """
        name: btc-liquidation
        calendar: calendar-365
        data: { underlyings: [BTC], volatility: { BTC: 0.8 }, rate: 0 }
        period: \(period)
        portfolio: { currency: \(currency), holdings: [ { symbol: BTC, units: 1 } ] }
        margin: { model: \(model) }
        programs: \(programs)
        """, file: "btc-liquidation.yaml")
    let tape = try MarketTape.load(scenario, from: database.get())
    let result = Backtest(scenario: scenario, tape: tape).run(programs: nil, margin: scenario.margin)
    return (try ScenarioComparison(result: result, scenario: scenario, tape: tape), result)
  }

  @Test("short puts on 1.5× the holding are flagged in March 2020 (not before); the holding and a protective put never are", arguments: ["crypto-portfolio", "crypto-standard"])
  func march2020(model: String) throws {
    let (c, _) = try Self.comparison(model: model)
    let checks = Dictionary(uniqueKeysWithValues: LiquidationCheck.checks(c).map { ($0.program, $0.check) })
    let short = try #require(checks["short-puts-1.5x"])
    #expect(short.model == model && short.currency == "BTC" && short.coin == "BTC")
    let crash = try #require(Day(iso: "2020-03-12"))
    #expect(short.breaches.contains { $0.day == crash }, "\(short.breaches.map(\.day))")
    #expect(short.breaches.allSatisfy { $0.day >= crash && $0.equity < $0.maintenance })
    // Before the crash the margin fitted: about 1.5 × 0.12–0.17 coin against 1 coin of equity.
    #expect(try #require(short.peakCoin) > 0.3)
    for name in ["unhedged", "protective-put"] {
      let check = try #require(checks[name])
      #expect(check.breaches.isEmpty, "\(name): \(check.breaches.map(\.day))")
    }
    #expect(checks["unhedged"]?.peakUSD == 0 && checks["unhedged"]?.peakCoin == 0)
    // The report lists the crash day; the manifest every breach.
    let html = HTMLReport.html(c, version: "0.1.0")
    #expect(html.contains("<h3>Liquidation check</h3>") && html.contains("2020-03-12 ("))
    let manifest = RunExport.manifest(
      c, scenarioText: "", scenarioFile: "btc-liquidation.yaml", database: "db", version: "0.1.0", files: [],
      generated: nil)
    #expect(manifest.contains("\"days_below_maintenance\": \(short.breaches.count)"))
    #expect(manifest.contains("\"model\": \"\(model)\""))
  }

  @Test("the unhedged holding is never flagged over 2014–2021")
  func wholeHistory() throws {
    let (c, _) = try Self.comparison(
      model: "crypto-portfolio", period: "{ from: 2014-01-01, to: 2021-12-31 }",
      programs: "[ { name: unhedged, rules: [] } ]")
    let check = try #require(LiquidationCheck.checks(c).first { $0.program == "unhedged" }?.check)
    #expect(check.breaches.isEmpty && check.peakUSD == 0)
  }

  @Test("the margin does not depend on the reporting currency: the coin series times the close is the USD series")
  func currencyInvariant() throws {
    let (coinRun, btc) = try Self.comparison(model: "crypto-portfolio")
    let (usdRun, usd) = try Self.comparison(model: "crypto-portfolio", currency: "USD")
    for (a, b) in zip(btc.programs, usd.programs) {
      let coin = try #require(a.margin)
      let dollars = try #require(b.margin)
      for t in coin.indices {
        #expect(isClose(coin[t] * btc.spots[0][t], dollars[t], absolute: 1e-9, relative: 1e-12))
      }
    }
    // Both reports state the margin in coin and in USD, with the same figures.
    let x = try #require(LiquidationCheck.checks(coinRun).first { $0.program == "short-puts-1.5x" }?.check)
    let y = try #require(LiquidationCheck.checks(usdRun).first { $0.program == "short-puts-1.5x" }?.check)
    #expect(y.currency == "USD" && y.coin == "BTC")
    let (xCoin, yCoin) = (try #require(x.averageCoin), try #require(y.averageCoin))
    #expect(isClose(x.peakUSD, y.peakUSD, relative: 1e-9) && isClose(xCoin, yCoin, relative: 1e-9))
  }

  @Test("breaches are exactly the days with equity below maintenance, from hand-built series")
  func breachesFromSeries() throws {
    let days = (0..<4).map { Day(year: 2020, month: 3, day: 10)! + $0 }
    let check = try #require(
      LiquidationCheck(
        model: "crypto-portfolio", currency: "BTC", margin: [0.2, 0.5, 0.9, 0.4], equity: [1, 0.6, 0.3, 0.4],
        days: days, currencyPrice: [8_000, 7_900, 4_800, 5_000], coin: "BTC", coinPrice: [8_000, 7_900, 4_800, 5_000]))
    // 0.3 < 0.9 on day 2; day 3 (0.4 = 0.4) is not below.
    #expect(check.breaches == [LiquidationCheck.Breach(day: days[2], equity: 0.3, maintenance: 0.9)])
    #expect(isClose(check.peakUSD, max(0.2 * 8_000, 0.5 * 7_900, 0.9 * 4_800, 0.4 * 5_000), relative: 1e-15))
    #expect(isClose(check.averageUSD, (1_600 + 3_950 + 4_320 + 2_000) / 4, relative: 1e-15))
    let averageCoin = try #require(check.averageCoin)
    #expect(check.peakCoin == 0.9 && isClose(averageCoin, 0.5, relative: 1e-15))
    #expect(LiquidationCheck(model: "tims", currency: "USD", margin: [], equity: [], days: [], currencyPrice: nil, coin: nil, coinPrice: nil) == nil)
  }
}
