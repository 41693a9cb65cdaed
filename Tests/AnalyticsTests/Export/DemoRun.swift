import Foundation
import HedgeLabTestSupport
import MarketData
import Simulation

@testable import Analytics

/// The demo scenario (`Scenarios/demo.yaml`) on the sample files of `Data/`, ingested into a
/// fresh temporary database exactly as `hedgelab demo` does (same ingest options), so the
/// comparison tests and the golden files use the real pipeline: ingest → tape → backtest →
/// comparison.
enum DemoRun {
  static let root = SharedData.projectRoot
  static let scenarioPath = "Scenarios/demo.yaml"
  /// The period of the golden files: one year, so the files stay small (about 0.5 MB).
  static let goldenFrom = Day(iso: "2016-01-01")!
  static let goldenTo = Day(iso: "2016-12-31")!

  /// The demo database, built once per test process.
  static let database: Result<MarketDatabase, any Error> = Result {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "hedgelab-analytics-demo-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent("demo.sqlite").path
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    let database = try MarketDatabase(path: path)
    var prices = IngestOptions(kind: .price)
    prices.symbol = "HLX"
    var iv = IngestOptions(kind: .impliedVolatility)
    iv.unit = .decimal
    var rate = IngestOptions(kind: .rate)
    rate.symbol = "HL3M"
    rate.valueColumn = "rate_pct"
    rate.unit = .percent
    rate.rateConvention = .simple
    rate.tenorDays = 91
    var dividend = IngestOptions(kind: .dividendYield)
    dividend.symbol = "HLX"
    dividend.valueColumn = "yield"
    dividend.unit = .decimal
    for (name, options) in [
      ("hlx_prices.csv", prices), ("hlx_iv.csv", iv), ("hl3m_rate.csv", rate),
      ("hlx_dividend_yield.csv", dividend),
    ] {
      _ = try database.ingest(
        file: root.appendingPathComponent("Data").appendingPathComponent(name).path,
        options: options)
    }
    return database
  }

  /// The text of `Scenarios/demo.yaml`.
  static func scenarioText() throws -> String {
    try String(contentsOf: root.appendingPathComponent(scenarioPath), encoding: .utf8)
  }

  /// The demo scenario over `from`…`to` (nil: all the data), its run and comparison.
  static func run(from: Day? = nil, to: Day? = nil, yaml: String? = nil) throws
    -> (scenario: Scenario, text: String, result: BacktestResult, comparison: ScenarioComparison)
  {
    let text = try yaml ?? scenarioText()
    var scenario = try ScenarioLoader.load(yaml: text, file: scenarioPath)
    scenario.period = Period(from: from, to: to)
    let tape = try MarketTape.load(scenario, from: database.get())
    // With the daily portfolio margin, as `hedgelab demo` and `compare` run it.
    let result = Backtest(scenario: scenario, tape: tape).run(programs: nil, margin: .standard)
    let comparison = try ScenarioComparison(result: result, scenario: scenario, tape: tape)
    return (scenario, text, result, comparison)
  }

  /// The one-year run of the golden files, computed once.
  static let golden: Result<(scenario: Scenario, text: String, result: BacktestResult, comparison: ScenarioComparison), any Error> =
    Result { try run(from: goldenFrom, to: goldenTo) }

  /// The whole twelve years, computed once.
  static let full: Result<(scenario: Scenario, text: String, result: BacktestResult, comparison: ScenarioComparison), any Error> =
    Result { try run() }
}
