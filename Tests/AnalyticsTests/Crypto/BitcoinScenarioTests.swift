import Foundation
import HedgeLabTestSupport
import MarketData
import Simulation
import Testing

@testable import Analytics

/// `Scenarios/btc-*.yaml` on the real BTC closes with the generated DVOL-like index and
/// funding history (seed 7, as their headers ingest them): they run, and the headline facts
/// of `btc-hedges.yaml` hold in both units.
@Suite(
  "Scenarios/btc-hedges.yaml on the real BTC history",
  .enabled(if: SharedData.isAvailable, Comment(rawValue: SharedData.missingReason)))
struct BitcoinScenarioTests {
  static func source() throws -> InMemoryMarketData {
    let db = try MarketDatabase.inMemory()
    var options = IngestOptions(kind: .price)
    options.symbol = "BTC"
    _ = try db.ingest(file: SharedData.file("crypto/btc_daily.csv").path, options: options)
    let closes = try db.closes(of: "BTC", from: nil, to: nil)
    let model = SyntheticCrypto.series(days: closes.days, closes: closes.values, seed: 7)
    // As `ingest --kind funding` stores the generated file: per-8h rates (8 decimals) summed
    // per UTC day × 365.
    let funding = model.days.indices.map { t in
      (0..<3).map { (model.fundingRates[3 * t + $0] * 1e8).rounded() / 1e8 }.reduce(0, +) * 365
    }
    return InMemoryMarketData(
      closes: ["BTC": closes],
      atTheMoneyVolatilities: [
        "BTC-DVOL": DailySeries(name: "BTC-DVOL", days: model.days, values: model.impliedVolatility.map { ($0 * 10_000).rounded() / 10_000 })
      ],
      rates: ["BTC-FUNDING": DailySeries(name: "BTC-FUNDING", days: model.days, values: funding)])
  }

  /// Every bundled `btc-*.yaml` and the programs it compares.
  static let bundled: [String: [String]] = [
    "btc-unhedged": ["unhedged"],
    "btc-protective-put": ["unhedged", "put-90-monthly"],
    "btc-collar": ["unhedged", "collar-90-120"],
    "btc-perpetual-hedge": ["unhedged", "short-perp-1x", "short-perp-0.5x"],
    "btc-short-call-delta-hedged": ["unhedged", "short-call-delta-hedged"],
    "btc-futures-hedge": ["unhedged", "short-quarterly-futures"],
    "btc-hedges": ["unhedged", "put-90-monthly", "collar-90-120", "short-perp-1x", "short-perp-0.5x", "short-call-delta-hedged", "short-quarterly-futures"],
  ]

  @Test("every bundled btc-*.yaml runs on the real data (2020-2021) in USD and in BTC")
  func bundledScenariosRun() throws {
    let folder = SharedData.projectRoot.appendingPathComponent("Scenarios")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasPrefix("btc-") && $0.hasSuffix(".yaml") }.sorted()
    #expect(files.map { String($0.dropLast(5)) } == Self.bundled.keys.sorted())
    let data = try Self.source()
    for file in files {
      let path = folder.appendingPathComponent(file).path
      var scenario = try ScenarioLoader.load(yaml: String(contentsOfFile: path, encoding: .utf8), file: path)
      scenario.period = Period(from: Day(iso: "2020-01-01")!, to: Day(iso: "2021-12-31")!)
      let usd = Backtest(scenario: scenario, tape: try MarketTape.load(scenario, from: data)).run()
      try scenario.setCurrency("BTC")
      let btc = Backtest(scenario: scenario, tape: try MarketTape.load(scenario, from: data)).run()
      #expect(usd.programs.map(\.name) == Self.bundled[String(file.dropLast(5))], "\(file)")
      #expect(usd.days.count == 731)
      for (u, b) in zip(usd.programs, btc.programs) {
        #expect(u.daily.value.allSatisfy { $0.isFinite && $0 > 0 }, "\(file) \(u.name)")
        #expect(isClose(b.daily.value[730], u.daily.value[730] / usd.spots[0][730], relative: 1e-12))
      }
    }
  }

  @Test("in USD the 1× short perpetual locks the value; in BTC the holding is 1 coin and every hedge gives coins away")
  func headline() throws {
    let path = SharedData.projectRoot.appendingPathComponent("Scenarios/btc-hedges.yaml").path
    var scenario = try ScenarioLoader.load(yaml: String(contentsOfFile: path, encoding: .utf8), file: path)
    let data = try Self.source()
    let usdTape = try MarketTape.load(scenario, from: data)
    let usd = Backtest(scenario: scenario, tape: usdTape).run()
    let metrics = try ProgramMetrics.configuration(tape: usdTape)
    func volatility(_ p: ProgramResult) throws -> Double? {
      try ProgramMetrics.summary(p, days: usd.days, configuration: metrics).annualisedVolatility
    }
    try scenario.setCurrency("BTC")
    let btc = Backtest(scenario: scenario, tape: try MarketTape.load(scenario, from: data)).run()
    let names = usd.programs.map(\.name)
    #expect(names == Self.bundled["btc-hedges"])
    #expect(usd.days.count == 2_922)
    // USD: the perpetual hedge's daily volatility is tiny next to the holding's.
    let perp = try #require(usd.programs.first { $0.name == "short-perp-1x" })
    #expect(try #require(try volatility(perp)) < 0.05)
    #expect(try #require(try volatility(usd.programs[0])) > 0.5)
    // BTC: the unhedged holding is flat at 1 coin; the puts and the perpetual end with less.
    #expect(btc.programs[0].daily.value.allSatisfy { abs($0 - 1) < 1e-12 })
    for name in ["put-90-monthly", "collar-90-120", "short-perp-1x", "short-perp-0.5x", "short-quarterly-futures"] {
      let program = try #require(btc.programs.first { $0.name == name })
      #expect(program.daily.value.last! < 0.5, "\(name): \(program.daily.value.last!)")
    }
    // The two units agree day by day: V_BTC = V_USD / S.
    for (u, b) in zip(usd.programs, btc.programs) {
      for t in stride(from: 0, to: usd.days.count, by: 97) {
        #expect(isClose(b.daily.value[t], u.daily.value[t] / usd.spots[0][t], relative: 1e-12))
      }
    }
  }
}
