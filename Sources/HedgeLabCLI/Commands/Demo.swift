import Analytics
import ArgumentParser
import Foundation
import MarketData
import Simulation

extension HedgeLab {
  /// `hedgelab demo`: the whole pipeline with no set-up, from any working directory.
  struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run a bundled backtest on generated sample data: unhedged vs puts, collar and delta hedging.",
      discussion: """
        Needs no set-up and no files: regenerates the sample history of the fictional index \
        HLX (the same seeded files 'hedgelab generate' writes into Data/), ingests it into a \
        fresh database in the output folder, runs the bundled scenario Scenarios/demo.yaml \
        and prints the comparison. The output folder receives the database, the sample CSV \
        files and the exports of `hedgelab compare --out`: summary.csv, daily.csv, \
        trades.csv, scenario.yaml, manifest.json and report.html.
        """
    )

    @Option(help: "Folder for the database and outputs (default: hedgelab-demo in the system's temporary folder).")
    var out: String?

    @Option(help: "Also write the HTML report to this file (it is always written to the output folder).")
    var html: String?

    func run() throws {
      try withUserFacingErrors {
        let started = Date()
        let folder = URL(
          fileURLWithPath: out ?? FileManager.default.temporaryDirectory.appendingPathComponent("hedgelab-demo").path,
          isDirectory: true)
        let dataFolder = folder.appendingPathComponent("data", isDirectory: true)
        let databasePath = folder.appendingPathComponent("demo.sqlite").path
        do {
          try FileManager.default.createDirectory(at: dataFolder, withIntermediateDirectories: true)
          for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: databasePath + suffix) {
            try FileManager.default.removeItem(atPath: databasePath + suffix)
          }
        } catch {
          throw CommandFailure(
            "cannot prepare the output folder '\(folder.path)' (\(error.localizedDescription)); choose another --out",
            exitStatus: ExitStatus.cannotCreate)
        }

        // 1. The sample data, regenerated exactly as `hedgelab generate` writes Data/.
        let files = SyntheticMarket.files(seed: DemoData.seed, years: DemoData.years)
        for file in files {
          try write(file.contents, to: dataFolder.appendingPathComponent(file.name))
        }
        // 2. A fresh database.
        let database = try MarketDatabase(path: databasePath)
        for (name, options) in DemoData.ingestOptions {
          _ = try database.ingest(file: dataFolder.appendingPathComponent(name).path, options: options)
        }
        // 3. The bundled scenario.
        let scenario = try ScenarioLoader.load(yaml: DemoData.scenarioYAML, file: "Scenarios/demo.yaml")
        let tape = try MarketTape.load(scenario, from: database)
        // With the daily portfolio margin, for the report's margin rows and chart.
        let result = Backtest(scenario: scenario, tape: tape).run(programs: nil, margin: scenario.margin)

        // 4. Outputs.
        let comparison = try ScenarioComparison(result: result, scenario: scenario, tape: tape)
        try ReportOutputs.write(
          comparison, scenarioText: DemoData.scenarioYAML, scenarioFile: "Scenarios/demo.yaml",
          database: databasePath, out: folder.path, html: html)

        print(RunSummary(result: result, tape: tape).text, terminator: "")
        print("""

          programs (all start from 1,000,000 of HLX; hedges are paid for by selling HLX):
            unhedged           the holding alone
            protective-put-95  a one-month 95 % put bought at each monthly expiry
            collar-95-110      the same put, financed by a short one-month 110 % call
            put-spread-95-80   the 95 % put less a short 80 % put
            delta-hedged       no options: the 95 % put replicated by trading HLX every day

          outputs in \(folder.path):
            demo.sqlite      market database built from the sample data (data/*.csv)
            report.html      the report: metrics table, margin and charts (open it in a browser)
            summary.csv      one row per program and stock+cash benchmark, one column per metric
            daily.csv        per program and day: value, return, HLX, IV, greeks, P&L split
            trades.csv       every trade: date, program, instrument, quantity, price, costs, reason
            scenario.yaml    the scenario as run; manifest.json: version and data hashes
          scenario: \(folder.appendingPathComponent("scenario.yaml").path) (Scenarios/demo.yaml as run,
          naming its database); rerun it from any folder with
            hedgelab run \(folder.appendingPathComponent("scenario.yaml").path)
          """)
        print("done in \(ScenarioRunner.number(Date().timeIntervalSince(started), 2)) s")
      }
    }

    private func write(_ text: String, to url: URL) throws {
      do {
        try Data(text.utf8).write(to: url, options: .atomic)
      } catch {
        throw CommandFailure(
          "cannot write '\(url.path)' (\(error.localizedDescription)); check the folder's permissions and free space, or choose another --out",
          exitStatus: ExitStatus.cannotCreate)
      }
    }
  }
}

/// The demo's fixed inputs: the sample data's seed and length, how to ingest each file, and
/// the bundled scenario (a copy of `Scenarios/demo.yaml`, embedded so that the demo runs from
/// any working directory; a test keeps the two identical).
enum DemoData {
  /// The seed and length of the files in `Data/` (`Data/README.md`:
  /// `hedgelab generate --model heston-jump --seed 11 --years 12 --out Data/`); a test checks
  /// that the demo regenerates exactly those files.
  static let seed: UInt64 = 11
  static let years = 12

  static var ingestOptions: [(String, IngestOptions)] {
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

  static let scenarioYAML = """
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
