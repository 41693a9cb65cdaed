import Foundation
import MarketData
import Simulation

/// The demo's fixed inputs: the sample data's seed and length, how to ingest each file, and
/// the bundled scenario (a copy of `Scenarios/demo.yaml`, embedded so that the demo runs from
/// any working directory; a test keeps the two identical).
public enum DemoData {
  /// The seed and length of the files in `Data/` (`Data/README.md`:
  /// `hedgelab generate --model heston-jump --seed 11 --years 12 --out Data/`); a test checks
  /// that the demo regenerates exactly those files.
  public static let seed: UInt64 = 11
  public static let years = 12

  public static var ingestOptions: [(String, IngestOptions)] {
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
    return [
      ("hlx_prices.csv", prices), ("hlx_iv.csv", iv), ("hl3m_rate.csv", rate),
      ("hlx_dividend_yield.csv", dividend),
    ]
  }

  /// Ingests the sample files of `dataFolder` (``ingestOptions``) into a fresh database at
  /// `databasePath` and runs the bundled scenario on it, with the daily portfolio margin
  /// (the report's margin rows and chart) and the comparison.
  /// - Throws: `IngestError`, `MarketDataError`, `ScenarioError`, `AnalyticsError`.
  public static func run(dataFolder: String, databasePath: String) throws -> ScenarioRun {
    let database = try MarketDatabase(path: databasePath)
    for (name, options) in ingestOptions {
      _ = try database.ingest(file: URL(fileURLWithPath: dataFolder).appendingPathComponent(name).path, options: options)
    }
    return try ScenarioRun.build(
      ScenarioRun.Request(
        source: ScenarioSource(file: "Scenarios/demo.yaml", text: scenarioYAML),
        database: .opened(database, path: databasePath), margin: true, compare: true))
  }

  public static let scenarioYAML = """
    # The demo: a 1,000,000 holding of the fictional index HLX over twelve years of generated
    # history (stochastic volatility with jumps, see Data/README.md), unhedged and with four
    # hedges paid for by selling HLX.
    #
    # `hedgelab demo` runs this file on its own freshly generated database (no set-up).
    # To run it yourself on the sample data in Data/, from the project root:
    #   hedgelab ingest Data/hlx_prices.csv --db hlx.sqlite --kind price --symbol HLX
    #   hedgelab ingest Data/hlx_iv.csv --db hlx.sqlite --kind iv --unit decimal
    #   hedgelab ingest Data/hl3m_rate.csv --db hlx.sqlite --kind rate --symbol HL3M --unit percent --rate-convention simple --tenor 3m
    #   hedgelab ingest Data/hlx_dividend_yield.csv --db hlx.sqlite --kind dividend-yield --symbol HLX --unit decimal
    #   hedgelab run Scenarios/demo.yaml
    name: demo
    description: HLX holding, unhedged vs protective puts, a collar, a put spread and delta hedging
    data:
      database: ../hlx.sqlite
      underlyings: [HLX]
      volatility:
        HLX: { surface: HLX }
      rate: HL3M
      dividend-yield:
        HLX: { series: HLX, max-stale-days: 5 }
    calendar: trading-days
    portfolio:
      financing: holdings
      cash: 0
      holdings:
        - { symbol: HLX, notional: 1000000 }
    costs:
      underlying-bps: 2
      option-half-spread-vol: 0.5
      contract-fee: 0.65
      contract-multiplier: 100
      minimum-fee: 1
    programs:
      - name: unhedged
        rules: []
      - name: protective-put-95
        rules:
          - { type: protective-put, strike: 0.95, tenor-days: 30 }
      - name: collar-95-110
        rules:
          - { type: collar, put-strike: 0.95, call-strike: 1.10, tenor-days: 30 }
      - name: put-spread-95-80
        rules:
          - { type: put-spread, long-strike: 0.95, short-strike: 0.80, tenor-days: 30 }
      - name: delta-hedged
        rules:
          # Replicates the monthly 95 % put by trading HLX every day (portfolio insurance).
          - { type: delta, synthetic-put: { strike: 0.95, tenor-days: 30 }, every-days: 1 }

    """
}
